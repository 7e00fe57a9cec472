/* test-backoff.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "aivo-backoff.h"

#define NOW     G_GINT64_CONSTANT (1711699958)
#define N_DRAWS 400
#define N_SEEDS 16

static AivoBackoff *
backoff_new (gint64  base_ms,
             gint64  cap_ms,
             guint32 seed)
{
  AivoBackoff *backoff = aivo_backoff_new ();

  aivo_backoff_set_base_ms (backoff, base_ms);
  aivo_backoff_set_cap_ms (backoff, cap_ms);
  aivo_backoff_set_seed (backoff, seed);

  return backoff;
}

static AivoRateLimit *
rate_limit_new (const char *headers)
{
  return aivo_rate_limit_new_from_header_block (headers, strlen (headers), NOW);
}

/* min(cap, base * 2^attempt) the slow way, as a reference. */
static gint64
reference_ceiling (gint64 base_ms,
                   gint64 cap_ms,
                   guint  attempt)
{
  gint64 ceiling = MIN (base_ms, cap_ms);

  for (guint i = 0; i < attempt && ceiling < cap_ms; i++)
    ceiling = ceiling > cap_ms / 2 ? cap_ms : ceiling * 2;

  return ceiling;
}

static void
test_defaults (void)
{
  g_autoptr(AivoBackoff) backoff = aivo_backoff_new ();
  gint64 base_ms, cap_ms;
  guint max_attempts;

  g_object_get (backoff, "base-ms", &base_ms, "cap-ms", &cap_ms, "max-attempts", &max_attempts, NULL);
  g_assert_cmpint (base_ms, ==, 1000);
  g_assert_cmpint (cap_ms, ==, 32000);
  g_assert_cmpuint (max_attempts, ==, 5);
  g_assert_cmpint (aivo_backoff_get_base_ms (backoff), ==, 1000);
  g_assert_cmpint (aivo_backoff_get_cap_ms (backoff), ==, 32000);
  g_assert_cmpuint (aivo_backoff_get_max_attempts (backoff), ==, 5);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_properties_notify (void)
{
  static const char * const names[] = { "base-ms", "cap-ms", "max-attempts" };
  g_autoptr(AivoBackoff) backoff = aivo_backoff_new ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", names[i], NULL);
      g_auto(GValue) value = G_VALUE_INIT;
      guint count = 0;
      gulong handler = g_signal_connect (backoff, signal, G_CALLBACK (count_notify), &count);

      /* Setting the current value again says nothing... */
      g_value_init (&value, g_object_class_find_property (G_OBJECT_GET_CLASS (backoff), names[i])->value_type);
      g_object_get_property (G_OBJECT (backoff), names[i], &value);
      g_object_set_property (G_OBJECT (backoff), names[i], &value);
      g_assert_cmpuint (count, ==, 0);

      /* ...a new one notifies once and is read back. */
      if (G_VALUE_HOLDS_INT64 (&value))
        g_value_set_int64 (&value, 7);
      else
        g_value_set_uint (&value, 7);
      g_object_set_property (G_OBJECT (backoff), names[i], &value);
      g_assert_cmpuint (count, ==, 1);

      g_signal_handler_disconnect (backoff, handler);
    }

  g_assert_cmpint (aivo_backoff_get_base_ms (backoff), ==, 7);
  g_assert_cmpint (aivo_backoff_get_cap_ms (backoff), ==, 7);
  g_assert_cmpuint (aivo_backoff_get_max_attempts (backoff), ==, 7);
}

typedef struct
{
  const char *name;
  gint64      base_ms;
  gint64      cap_ms;
  guint       attempt;
  gint64      max_delay_ms;
} CeilingCase;

static const CeilingCase ceiling_cases[] = {
  { "first-retry", 1000, 32000, 0, 1000 },
  { "second-retry", 1000, 32000, 1, 2000 },
  { "below-cap", 1000, 32000, 4, 16000 },
  { "at-cap", 1000, 32000, 5, 32000 },
  { "past-cap", 1000, 32000, 6, 32000 },
  { "attempt-63", 1000, 32000, 63, 32000 },
  { "attempt-64", 1000, 32000, 64, 32000 },
  { "attempt-1000", 1000, 32000, 1000, 32000 },
  { "attempt-max", 1000, 32000, G_MAXUINT, 32000 },
  { "uncapped-53", 1000, G_MAXINT64, 53, G_GINT64_CONSTANT (9007199254740992000) },
  { "uncapped-54", 1000, G_MAXINT64, 54, G_MAXINT64 },
  { "uncapped-base-1-62", 1, G_MAXINT64, 62, G_GINT64_CONSTANT (1) << 62 },
  { "uncapped-base-1-63", 1, G_MAXINT64, 63, G_MAXINT64 },
  { "uncapped-base-1-64", 1, G_MAXINT64, 64, G_MAXINT64 },
  { "uncapped-1000", 1000, G_MAXINT64, 1000, G_MAXINT64 },
  { "base-zero", 0, 32000, 10, 0 },
  { "base-zero-63", 0, 32000, 63, 0 },
  { "cap-zero", 1000, 0, 3, 0 },
  { "base-above-cap", 50000, 32000, 0, 32000 },
  { "odd-cap-below", 3, 7, 1, 6 },
  { "odd-cap-reached", 3, 7, 2, 7 },
};

static void
test_ceiling (gconstpointer data)
{
  const CeilingCase *c = data;
  g_autoptr(AivoBackoff) backoff = backoff_new (c->base_ms, c->cap_ms, 1);

  g_assert_cmpint (aivo_backoff_get_max_delay_ms (backoff, c->attempt), ==, c->max_delay_ms);
  if (c->attempt <= 1000)
    g_assert_cmpint (reference_ceiling (c->base_ms, c->cap_ms, c->attempt), ==, c->max_delay_ms);
}

/* Every full-jitter delay lies in [0, min(cap, base * 2^n)], for many seeds
 * and attempts, including those where 2^n overflows. */
static void
test_full_jitter_bounds (void)
{
  static const struct { gint64 base_ms, cap_ms; } configs[] = {
    { 1000, 32000 }, { 1, G_MAXINT64 }, { 1000, G_MAXINT64 }, { 250, 10000 }, { 0, 5000 }, { 9000, 3000 },
  };
  static const guint attempts[] = { 0, 1, 2, 3, 4, 5, 6, 10, 31, 32, 52, 53, 54, 62, 63, 64, 65, 1000, G_MAXUINT };

  for (guint c = 0; c < G_N_ELEMENTS (configs); c++)
    for (guint32 seed = 1; seed <= N_SEEDS; seed++)
      {
        g_autoptr(AivoBackoff) backoff = backoff_new (configs[c].base_ms, configs[c].cap_ms, seed);

        for (guint a = 0; a < G_N_ELEMENTS (attempts); a++)
          {
            gint64 ceiling = reference_ceiling (configs[c].base_ms, configs[c].cap_ms, MIN (attempts[a], 1000));

            for (guint i = 0; i < N_DRAWS / N_SEEDS; i++)
              {
                gint64 delay = aivo_backoff_next_delay_ms (backoff, attempts[a], NULL, NOW);

                g_assert_cmpint (delay, >=, 0);
                g_assert_cmpint (delay, <=, ceiling);
              }
          }
      }
}

/* The draws spread over the whole range rather than sitting at one end. */
static void
test_full_jitter_spread (void)
{
  static const struct { gint64 base_ms, cap_ms; guint attempt; } cases[] = {
    { 1000, 32000, 0 },
    { 1000, 32000, 3 },
    { 1000, 32000, 64 },
    { 1000, G_MAXINT64, 63 },
    { 1000, G_MAXINT64, 1000 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(AivoBackoff) backoff = backoff_new (cases[c].base_ms, cases[c].cap_ms, 7);
      gint64 ceiling = aivo_backoff_get_max_delay_ms (backoff, cases[c].attempt);
      gint64 low = G_MAXINT64, high = G_MININT64;

      for (guint i = 0; i < N_DRAWS; i++)
        {
          gint64 delay = aivo_backoff_next_delay_ms (backoff, cases[c].attempt, NULL, NOW);

          low = MIN (low, delay);
          high = MAX (high, delay);
        }

      /* Chance of failing by bad luck: 0.9^400 per end. */
      g_assert_cmpint (low, <, ceiling / 10);
      g_assert_cmpint (high, >, ceiling - ceiling / 10);
    }
}

static void
draw_sequence (AivoBackoff *backoff,
               gint64       out[N_DRAWS])
{
  for (guint i = 0; i < N_DRAWS; i++)
    out[i] = aivo_backoff_next_delay_ms (backoff, i % 8, NULL, NOW);
}

static void
test_determinism (void)
{
  g_autoptr(AivoBackoff) first = backoff_new (1000, 32000, 42);
  g_autoptr(AivoBackoff) second = backoff_new (1000, 32000, 42);
  g_autoptr(AivoBackoff) other = backoff_new (1000, 32000, 43);
  gint64 a[N_DRAWS], b[N_DRAWS], c[N_DRAWS], again[N_DRAWS];

  draw_sequence (first, a);
  draw_sequence (second, b);
  draw_sequence (other, c);
  g_assert_cmpmem (a, sizeof a, b, sizeof b);
  g_assert_true (memcmp (a, c, sizeof a) != 0);

  /* Seeding again restarts the sequence. */
  aivo_backoff_set_seed (first, 42);
  draw_sequence (first, again);
  g_assert_cmpmem (a, sizeof a, again, sizeof again);
}

typedef struct
{
  const char *name;
  const char *headers;
  gint64      now_unix;
  gint64      cap_ms;
  gint64      min_ms;   /* delays lie in [min_ms, min_ms + span_ms] */
  gint64      span_ms;
} RetryAfterCase;

static const RetryAfterCase retry_after_cases[] = {
  { "seconds", "Retry-After: 7\r\n", NOW, 32000, 7000, 999 },
  { "counted-down", "Retry-After: 7\r\n", NOW + 3, 32000, 4000, 999 },
  { "elapsed", "Retry-After: 7\r\n", NOW + 100, 32000, 0, 999 },
  { "zero", "Retry-After: 0\r\n", NOW, 32000, 0, 999 },
  { "above-cap", "Retry-After: 60\r\n", NOW, 1000, 60000, 999 },
  { "largest", "Retry-After: 999999999\r\n", NOW, 32000, G_GINT64_CONSTANT (999999999000), 999 },
  { "clock-far-behind", "Retry-After: 999999999\r\n", G_MININT64, 32000, G_GINT64_CONSTANT (999999999000), 999 },
  { "date", "Retry-After: Fri, 29 Mar 2024 08:13:38 GMT\r\n", NOW, 32000, 60000, 999 },
  { "wins-over-reset",
    "Retry-After: 2\r\nX-RateLimit-Remaining: 0\r\nX-RateLimit-Reset: 60\r\n", NOW, 32000, 2000, 999 },
  /* Without Retry-After: full jitter, even when exhausted. */
  { "exhausted-without-retry-after",
    "X-RateLimit-Remaining: 0\r\nX-RateLimit-Reset: 60\r\n", NOW, 32000, 0, 4000 },
  { "malformed-retry-after", "Retry-After: soon\r\n", NOW, 32000, 0, 4000 },
  { "no-headers", "", NOW, 32000, 0, 4000 },
};

/* Attempt 2 with base 1000: full jitter would draw from [0, 4000]. */
static void
test_retry_after (gconstpointer data)
{
  const RetryAfterCase *c = data;
  g_autoptr(AivoRateLimit) rate_limit = rate_limit_new (c->headers);
  g_autoptr(AivoBackoff) backoff = backoff_new (1000, c->cap_ms, 3);
  gint64 low = G_MAXINT64, high = G_MININT64;

  for (guint i = 0; i < N_DRAWS; i++)
    {
      gint64 delay = aivo_backoff_next_delay_ms (backoff, 2, rate_limit, c->now_unix);

      g_assert_cmpint (delay, >=, c->min_ms);
      g_assert_cmpint (delay, <=, c->min_ms + c->span_ms);
      low = MIN (low, delay);
      high = MAX (high, delay);
    }

  /* The jitter is real: the draws cover most of the span. */
  g_assert_cmpint (high - low, >, c->span_ms * 8 / 10);
}

static void
test_no_rate_limit (void)
{
  g_autoptr(AivoBackoff) backoff = backoff_new (1000, 32000, 5);

  for (guint i = 0; i < N_DRAWS; i++)
    {
      gint64 delay = aivo_backoff_next_delay_ms (backoff, 1, NULL, NOW);

      g_assert_cmpint (delay, >=, 0);
      g_assert_cmpint (delay, <=, 2000);
    }
}

typedef struct
{
  const char *name;
  const char *method;
  guint       status;
  guint       attempt;
  gboolean    retry;
} RetryCase;

static const RetryCase retry_cases[] = {
  { "get-429", "GET", 429, 0, TRUE },
  { "post-429", "POST", 429, 0, TRUE },
  { "patch-429", "PATCH", 429, 0, TRUE },
  { "unknown-method-429", "PURGE", 429, 0, TRUE },
  { "get-502", "GET", 502, 0, TRUE },
  { "get-503", "GET", 503, 0, TRUE },
  { "get-504", "GET", 504, 0, TRUE },
  { "get-network", "GET", 0, 0, TRUE },
  { "head-503", "HEAD", 503, 0, TRUE },
  { "options-503", "OPTIONS", 503, 0, TRUE },
  { "put-503", "PUT", 503, 0, TRUE },
  { "delete-504", "DELETE", 504, 0, TRUE },
  { "trace-network", "TRACE", 0, 0, TRUE },
  { "post-502", "POST", 502, 0, FALSE },
  { "post-503", "POST", 503, 0, FALSE },
  { "post-504", "POST", 504, 0, FALSE },
  { "post-network", "POST", 0, 0, FALSE },
  { "patch-503", "PATCH", 503, 0, FALSE },
  { "connect-503", "CONNECT", 503, 0, FALSE },
  { "unknown-method-503", "PURGE", 503, 0, FALSE },
  { "lowercase-get-503", "get", 503, 0, FALSE },
  { "get-500", "GET", 500, 0, FALSE },
  { "get-501", "GET", 501, 0, FALSE },
  { "get-505", "GET", 505, 0, FALSE },
  { "get-400", "GET", 400, 0, FALSE },
  { "get-401", "GET", 401, 0, FALSE },
  { "get-403", "GET", 403, 0, FALSE },
  { "get-404", "GET", 404, 0, FALSE },
  { "get-408", "GET", 408, 0, FALSE },
  { "get-409", "GET", 409, 0, FALSE },
  { "get-422", "GET", 422, 0, FALSE },
  { "get-200", "GET", 200, 0, FALSE },
  { "post-201", "POST", 201, 0, FALSE },
  { "get-204", "GET", 204, 0, FALSE },
  { "get-304", "GET", 304, 0, FALSE },
  { "get-429-last-attempt", "GET", 429, 4, TRUE },
  { "get-429-attempts-used", "GET", 429, 5, FALSE },
  { "get-503-attempts-used", "GET", 503, 5, FALSE },
  { "get-429-far-attempt", "GET", 429, G_MAXUINT, FALSE },
};

static void
test_should_retry (gconstpointer data)
{
  const RetryCase *c = data;
  g_autoptr(AivoBackoff) backoff = aivo_backoff_new ();

  g_assert_true (aivo_backoff_should_retry (backoff, c->method, c->status, c->attempt) == c->retry);
}

static void
test_max_attempts (void)
{
  g_autoptr(AivoBackoff) backoff = aivo_backoff_new ();

  aivo_backoff_set_max_attempts (backoff, 0);
  g_assert_false (aivo_backoff_should_retry (backoff, "GET", 429, 0));

  aivo_backoff_set_max_attempts (backoff, 2);
  g_assert_true (aivo_backoff_should_retry (backoff, "GET", 503, 1));
  g_assert_false (aivo_backoff_should_retry (backoff, "GET", 503, 2));
}

typedef struct
{
  const char *name;
  const char *method;
  gboolean    idempotent;
} MethodCase;

static const MethodCase method_cases[] = {
  { "get", "GET", TRUE },
  { "head", "HEAD", TRUE },
  { "options", "OPTIONS", TRUE },
  { "put", "PUT", TRUE },
  { "delete", "DELETE", TRUE },
  { "trace", "TRACE", TRUE },
  { "post", "POST", FALSE },
  { "patch", "PATCH", FALSE },
  { "connect", "CONNECT", FALSE },
  { "unknown", "PURGE", FALSE },
  { "empty", "", FALSE },
  { "lowercase", "get", FALSE },
  { "prefix", "GE", FALSE },
  { "longer", "GETS", FALSE },
  { "padded", " GET", FALSE },
};

static void
test_method_idempotent (gconstpointer data)
{
  const MethodCase *c = data;

  g_assert_true (aivo_backoff_method_is_idempotent (c->method) == c->idempotent);
}

/* Registers one test per row of @table; every row type starts with its name. */
static void
add_table (const char    *group,
           gconstpointer  table,
           gsize          row_size,
           gsize          n_rows,
           GTestDataFunc  func)
{
  for (gsize i = 0; i < n_rows; i++)
    {
      gconstpointer row = (const char *) table + i * row_size;
      g_autofree char *path = g_strdup_printf ("/backoff/%s/%s", group, *(const char * const *) row);

      g_test_add_data_func (path, row, func);
    }
}

#define ADD_TABLE(group, table, func) \
  add_table (group, table, sizeof table[0], G_N_ELEMENTS (table), func)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/backoff/defaults", test_defaults);
  g_test_add_func ("/backoff/properties-notify", test_properties_notify);
  ADD_TABLE ("ceiling", ceiling_cases, test_ceiling);
  g_test_add_func ("/backoff/full-jitter/bounds", test_full_jitter_bounds);
  g_test_add_func ("/backoff/full-jitter/spread", test_full_jitter_spread);
  g_test_add_func ("/backoff/full-jitter/no-rate-limit", test_no_rate_limit);
  g_test_add_func ("/backoff/determinism", test_determinism);
  ADD_TABLE ("retry-after", retry_after_cases, test_retry_after);
  ADD_TABLE ("should-retry", retry_cases, test_should_retry);
  g_test_add_func ("/backoff/max-attempts", test_max_attempts);
  ADD_TABLE ("idempotent", method_cases, test_method_idempotent);

  return g_test_run ();
}
