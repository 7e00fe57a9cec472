/* aivo-backoff.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-backoff"

#include "config.h"

#include <string.h>

#include "aivo-backoff.h"

/* How long to wait before retrying a failed request.
 *
 * Attempts count retries from 0: attempt 0 is the first retry (the second
 * request), and its delay is drawn from [0, base]. A response with
 * Retry-After is obeyed as the server asks, with a little jitter so clients
 * told the same time do not all come back in the same instant; otherwise
 * "full jitter" (a uniform draw from [0, min(cap, base * 2^attempt)]) spreads
 * retries out best. The random source only spreads load, so a seedable GRand
 * is enough, and tests can make it deterministic. */

struct _AivoBackoff
{
  GObject  parent_instance;

  /* Owned */
  GRand   *rand;

  gint64   base_ms;
  gint64   cap_ms;
  guint    max_attempts;
};

G_DEFINE_FINAL_TYPE (AivoBackoff, aivo_backoff, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_MS,
  PROP_CAP_MS,
  PROP_MAX_ATTEMPTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* RFC 9110 §9.2.2 */
static const char * const idempotent_methods[] = {
  "GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE",
};

static void
aivo_backoff_finalize (GObject *object)
{
  AivoBackoff *self = (AivoBackoff *)object;

  g_clear_pointer (&self->rand, g_rand_free);

  G_OBJECT_CLASS (aivo_backoff_parent_class)->finalize (object);
}

static void
aivo_backoff_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AivoBackoff *self = AIVO_BACKOFF (object);

  switch (prop_id)
    {
    case PROP_BASE_MS:
      g_value_set_int64 (value, self->base_ms);
      break;

    case PROP_CAP_MS:
      g_value_set_int64 (value, self->cap_ms);
      break;

    case PROP_MAX_ATTEMPTS:
      g_value_set_uint (value, self->max_attempts);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_backoff_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  AivoBackoff *self = AIVO_BACKOFF (object);

  switch (prop_id)
    {
    case PROP_BASE_MS:
      aivo_backoff_set_base_ms (self, g_value_get_int64 (value));
      break;

    case PROP_CAP_MS:
      aivo_backoff_set_cap_ms (self, g_value_get_int64 (value));
      break;

    case PROP_MAX_ATTEMPTS:
      aivo_backoff_set_max_attempts (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_backoff_class_init (AivoBackoffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aivo_backoff_finalize;
  object_class->get_property = aivo_backoff_get_property;
  object_class->set_property = aivo_backoff_set_property;

  properties[PROP_BASE_MS] =
    g_param_spec_int64 ("base-ms", NULL, NULL,
                        0, G_MAXINT64, AIVO_BACKOFF_DEFAULT_BASE_MS,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAP_MS] =
    g_param_spec_int64 ("cap-ms", NULL, NULL,
                        0, G_MAXINT64, AIVO_BACKOFF_DEFAULT_CAP_MS,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_ATTEMPTS] =
    g_param_spec_uint ("max-attempts", NULL, NULL,
                       0, G_MAXUINT, AIVO_BACKOFF_DEFAULT_MAX_ATTEMPTS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aivo_backoff_init (AivoBackoff *self)
{
  self->rand = g_rand_new ();
  self->base_ms = AIVO_BACKOFF_DEFAULT_BASE_MS;
  self->cap_ms = AIVO_BACKOFF_DEFAULT_CAP_MS;
  self->max_attempts = AIVO_BACKOFF_DEFAULT_MAX_ATTEMPTS;
}

AivoBackoff *
aivo_backoff_new (void)
{
  return g_object_new (AIVO_TYPE_BACKOFF, NULL);
}

gint64
aivo_backoff_get_base_ms (AivoBackoff *self)
{
  g_return_val_if_fail (AIVO_IS_BACKOFF (self), 0);

  return self->base_ms;
}

void
aivo_backoff_set_base_ms (AivoBackoff *self,
                          gint64       base_ms)
{
  g_return_if_fail (AIVO_IS_BACKOFF (self));
  g_return_if_fail (base_ms >= 0);

  if (self->base_ms == base_ms)
    return;

  self->base_ms = base_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_MS]);
}

gint64
aivo_backoff_get_cap_ms (AivoBackoff *self)
{
  g_return_val_if_fail (AIVO_IS_BACKOFF (self), 0);

  return self->cap_ms;
}

void
aivo_backoff_set_cap_ms (AivoBackoff *self,
                         gint64       cap_ms)
{
  g_return_if_fail (AIVO_IS_BACKOFF (self));
  g_return_if_fail (cap_ms >= 0);

  if (self->cap_ms == cap_ms)
    return;

  self->cap_ms = cap_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAP_MS]);
}

guint
aivo_backoff_get_max_attempts (AivoBackoff *self)
{
  g_return_val_if_fail (AIVO_IS_BACKOFF (self), 0);

  return self->max_attempts;
}

/* The number of retries allowed: attempts 0 to max_attempts - 1. */
void
aivo_backoff_set_max_attempts (AivoBackoff *self,
                               guint        max_attempts)
{
  g_return_if_fail (AIVO_IS_BACKOFF (self));

  if (self->max_attempts == max_attempts)
    return;

  self->max_attempts = max_attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ATTEMPTS]);
}

void
aivo_backoff_set_seed (AivoBackoff *self,
                       guint32      seed)
{
  g_return_if_fail (AIVO_IS_BACKOFF (self));

  g_rand_set_seed (self->rand, seed);
}

/* Uniform in [0, max], for any max: two 32-bit draws make 64 bits, and
 * draws below 2^64 mod span are rejected so no value is favoured. */
static gint64
random_up_to (GRand  *rand,
              gint64  max)
{
  guint64 span = (guint64) max + 1;
  guint64 threshold = (0 - span) % span;
  guint64 draw;

  g_assert (max >= 0);

  do
    draw = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
  while (draw < threshold);

  return (gint64) (draw % span);
}

/**
 * aivo_backoff_get_max_delay_ms:
 * @attempt: 0 for the first retry
 *
 * Returns: min(cap, base * 2^attempt), the most full jitter can wait,
 *   computed without overflow for any @attempt
 */
gint64
aivo_backoff_get_max_delay_ms (AivoBackoff *self,
                               guint        attempt)
{
  g_return_val_if_fail (AIVO_IS_BACKOFF (self), 0);

  /* base * 2^attempt <= cap  <=>  base <= floor (cap / 2^attempt), and
   * with attempt >= 63 only base 0 stays under any cap. */
  if (self->base_ms == 0)
    return 0;
  if (attempt < 63 && self->base_ms <= (self->cap_ms >> attempt))
    return self->base_ms << attempt;

  return self->cap_ms;
}

/**
 * aivo_backoff_next_delay_ms:
 * @attempt: 0 for the first retry
 * @rate_limit: (nullable): what the failed response said
 * @now_unix: the current time, to count down Retry-After from reception
 *
 * With a Retry-After in @rate_limit: the seconds still to wait (×1000) plus
 * [0, 1000) ms of jitter, whatever the cap. Otherwise full jitter.
 *
 * Returns: the delay in milliseconds, never negative
 */
gint64
aivo_backoff_next_delay_ms (AivoBackoff   *self,
                            guint          attempt,
                            AivoRateLimit *rate_limit,
                            gint64         now_unix)
{
  g_return_val_if_fail (AIVO_IS_BACKOFF (self), 0);
  g_return_val_if_fail (rate_limit == NULL || AIVO_IS_RATE_LIMIT (rate_limit), 0);

  if (rate_limit != NULL && aivo_rate_limit_get_retry_after_seconds (rate_limit) >= 0)
    {
      /* At most AIVO_RATE_LIMIT_MAX_DELTA_SECONDS, so no overflow. */
      gint64 seconds = aivo_rate_limit_get_seconds_until_allowed (rate_limit, now_unix);

      return seconds * 1000 + random_up_to (self->rand, AIVO_BACKOFF_RETRY_AFTER_JITTER_MS - 1);
    }

  return random_up_to (self->rand, aivo_backoff_get_max_delay_ms (self, attempt));
}

gboolean
aivo_backoff_method_is_idempotent (const char *method)
{
  g_return_val_if_fail (method != NULL, FALSE);

  /* Methods are case-sensitive (RFC 9110 §9.1): "get" is some other,
   * unknown method, and unknown methods are not safe to repeat. */
  for (guint i = 0; i < G_N_ELEMENTS (idempotent_methods); i++)
    if (strcmp (method, idempotent_methods[i]) == 0)
      return TRUE;

  return FALSE;
}

/**
 * aivo_backoff_should_retry:
 * @method: the request's method
 * @status: the response's status, or 0 when no response came (network error)
 * @attempt: the retry this would be, 0 for the first
 *
 * 429 means the request was not processed, so it is retried whatever the
 * method. A gateway error (502, 503, 504) or a network failure may come after
 * the server acted, so only idempotent requests are repeated then. Nothing
 * else is retried: other 4xx will fail again, 2xx succeeded.
 */
gboolean
aivo_backoff_should_retry (AivoBackoff *self,
                           const char  *method,
                           guint        status,
                           guint        attempt)
{
  g_return_val_if_fail (AIVO_IS_BACKOFF (self), FALSE);
  g_return_val_if_fail (method != NULL, FALSE);

  if (attempt >= self->max_attempts)
    return FALSE;

  switch (status)
    {
    case 429:
      return TRUE;

    case 0:
    case 502:
    case 503:
    case 504:
      return aivo_backoff_method_is_idempotent (method);

    default:
      return FALSE;
    }
}
