/* fuzz-rate-limit.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "aivo-backoff.h"
#include "aivo-rate-limit.h"

#include "fuzz-common.h"

#define NOW G_GINT64_CONSTANT (1711699958)

static void
check_bounded (gint64 value,
               gint64 max)
{
  FUZZ_CHECK (value >= -1 && value <= max);
}

static void
check_properties (AivoRateLimit *rate_limit)
{
  g_autofree char *policy_name = NULL;
  gint64 limit, remaining, reset_unix, window_seconds, retry_after_seconds, received_unix;
  gboolean has_limit, has_remaining, exhausted, empty;

  g_object_get (rate_limit,
                "has-limit", &has_limit,
                "limit", &limit,
                "has-remaining", &has_remaining,
                "remaining", &remaining,
                "reset-unix", &reset_unix,
                "window-seconds", &window_seconds,
                "retry-after-seconds", &retry_after_seconds,
                "policy-name", &policy_name,
                "received-unix", &received_unix,
                "exhausted", &exhausted,
                "empty", &empty,
                NULL);

  FUZZ_CHECK (has_limit == aivo_rate_limit_has_limit (rate_limit));
  FUZZ_CHECK (limit == aivo_rate_limit_get_limit (rate_limit));
  FUZZ_CHECK (has_remaining == aivo_rate_limit_has_remaining (rate_limit));
  FUZZ_CHECK (remaining == aivo_rate_limit_get_remaining (rate_limit));
  FUZZ_CHECK (reset_unix == aivo_rate_limit_get_reset_unix (rate_limit));
  FUZZ_CHECK (window_seconds == aivo_rate_limit_get_window_seconds (rate_limit));
  FUZZ_CHECK (retry_after_seconds == aivo_rate_limit_get_retry_after_seconds (rate_limit));
  FUZZ_CHECK (g_strcmp0 (policy_name, aivo_rate_limit_get_policy_name (rate_limit)) == 0);
  FUZZ_CHECK (received_unix == NOW);
  FUZZ_CHECK (exhausted == aivo_rate_limit_is_exhausted (rate_limit));
  FUZZ_CHECK (empty == aivo_rate_limit_is_empty (rate_limit));
}

/* Parses the input as a header block, then checks every getter against the
 * documented bounds and the backoff built on top of it. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const gint64 clocks[] = { G_MININT64, -1, 0, NOW, NOW + 42, G_GINT64_CONSTANT (253402300799), G_MAXINT64 };
  g_autoptr(AivoRateLimit) rate_limit = NULL;
  g_autoptr(AivoBackoff) backoff = NULL;
  g_autofree char *text = fuzz_dup_text (data, size);
  const char *policy_name;
  gint64 date;

  rate_limit = aivo_rate_limit_new_from_header_block ((const char *) data, size, NOW);
  FUZZ_CHECK (rate_limit != NULL);

  check_bounded (aivo_rate_limit_get_limit (rate_limit), AIVO_RATE_LIMIT_MAX_COUNT);
  check_bounded (aivo_rate_limit_get_remaining (rate_limit), AIVO_RATE_LIMIT_MAX_COUNT);
  check_bounded (aivo_rate_limit_get_window_seconds (rate_limit), AIVO_RATE_LIMIT_MAX_DELTA_SECONDS);
  check_bounded (aivo_rate_limit_get_retry_after_seconds (rate_limit), AIVO_RATE_LIMIT_MAX_DELTA_SECONDS);
  check_bounded (aivo_rate_limit_get_reset_unix (rate_limit), AIVO_RATE_LIMIT_MAX_UNIX_TIME);
  FUZZ_CHECK (aivo_rate_limit_has_limit (rate_limit) == (aivo_rate_limit_get_limit (rate_limit) >= 0));
  FUZZ_CHECK (aivo_rate_limit_has_remaining (rate_limit) == (aivo_rate_limit_get_remaining (rate_limit) >= 0));
  FUZZ_CHECK (aivo_rate_limit_get_received_unix (rate_limit) == NOW);

  policy_name = aivo_rate_limit_get_policy_name (rate_limit);
  FUZZ_CHECK (policy_name == NULL || g_str_is_ascii (policy_name));

  if (aivo_rate_limit_is_empty (rate_limit))
    FUZZ_CHECK (!aivo_rate_limit_has_limit (rate_limit) && !aivo_rate_limit_has_remaining (rate_limit)
                && !aivo_rate_limit_is_exhausted (rate_limit));

  check_properties (rate_limit);

  backoff = aivo_backoff_new ();
  aivo_backoff_set_seed (backoff, (guint32) size);

  for (gsize i = 0; i < G_N_ELEMENTS (clocks); i++)
    {
      gint64 wait = aivo_rate_limit_get_seconds_until_allowed (rate_limit, clocks[i]);
      gint64 delay = aivo_backoff_next_delay_ms (backoff, (guint) i * 13, rate_limit, clocks[i]);

      FUZZ_CHECK (wait >= 0);
      FUZZ_CHECK (delay >= 0);
      if (aivo_rate_limit_get_retry_after_seconds (rate_limit) >= 0)
        FUZZ_CHECK (delay >= wait * 1000 && delay < wait * 1000 + AIVO_BACKOFF_RETRY_AFTER_JITTER_MS);
      else
        FUZZ_CHECK (delay <= aivo_backoff_get_max_delay_ms (backoff, (guint) i * 13));
    }

  /* The HTTP-date parser on its own, on the input as one string. */
  if (aivo_rate_limit_parse_http_date (text, NOW, &date))
    FUZZ_CHECK (date >= G_GINT64_CONSTANT (-62135596800) && date <= AIVO_RATE_LIMIT_MAX_UNIX_TIME);

  return 0;
}
