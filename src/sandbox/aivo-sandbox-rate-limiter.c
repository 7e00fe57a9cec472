/* aivo-sandbox-rate-limiter.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-rate-limiter"

#include "config.h"

#include "aivo-sandbox-rate-limiter.h"

/* Fixed windows aligned on multiples of the window length since the epoch, so
 * every bucket's window ends at the same instant and Reset is the same for
 * everyone. A bucket is a counter of requests in its current window.
 *
 * Admission is a lookup, a compare and an increment with nothing in between
 * that could yield to the main loop, so N simultaneous requests against R
 * remaining admit exactly min (N, R). */

typedef struct
{
  gint64 window_start;
  guint  count;
} Bucket;

struct _AivoSandboxRateLimiter
{
  GObject     parent_instance;

  GHashTable *buckets;       /* char * → Bucket */
  guint       window;
  gint64      last_sweep;    /* window start of the last sweep */
};

G_DEFINE_FINAL_TYPE (AivoSandboxRateLimiter, aivo_sandbox_rate_limiter, G_TYPE_OBJECT)

static void
aivo_sandbox_rate_limiter_finalize (GObject *object)
{
  AivoSandboxRateLimiter *self = (AivoSandboxRateLimiter *)object;

  g_clear_pointer (&self->buckets, g_hash_table_unref);

  G_OBJECT_CLASS (aivo_sandbox_rate_limiter_parent_class)->finalize (object);
}

static void
aivo_sandbox_rate_limiter_class_init (AivoSandboxRateLimiterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aivo_sandbox_rate_limiter_finalize;
}

static void
aivo_sandbox_rate_limiter_init (AivoSandboxRateLimiter *self)
{
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->window = 60;
}

AivoSandboxRateLimiter *
aivo_sandbox_rate_limiter_new (guint window_seconds)
{
  AivoSandboxRateLimiter *self;

  g_return_val_if_fail (window_seconds > 0, NULL);

  self = g_object_new (AIVO_SANDBOX_TYPE_RATE_LIMITER, NULL);
  self->window = window_seconds;

  return self;
}

guint
aivo_sandbox_rate_limiter_get_window (AivoSandboxRateLimiter *self)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_RATE_LIMITER (self), 0);

  return self->window;
}

static gboolean
bucket_is_stale (gpointer key,
                 gpointer value,
                 gpointer user_data)
{
  const Bucket *bucket = value;
  const gint64 *window_start = user_data;

  return bucket->window_start < *window_start;
}

/**
 * aivo_sandbox_rate_limiter_admit:
 * @bucket: whom the request is counted against: an account id, or
 *   "addr:<ip>" for requests no account can be tied to
 * @limit: requests allowed in a window for this bucket
 * @now: the current Unix time
 * @decision: (out): what to answer and which headers to send
 *
 * Counts one request. A request that is refused is not counted.
 *
 * Returns: whether the request may proceed
 */
gboolean
aivo_sandbox_rate_limiter_admit (AivoSandboxRateLimiter  *self,
                                 const char              *bucket_name,
                                 guint                    limit,
                                 gint64                   now,
                                 AivoSandboxRateDecision *decision)
{
  gint64 window_start;
  Bucket *bucket;

  g_return_val_if_fail (AIVO_SANDBOX_IS_RATE_LIMITER (self), FALSE);
  g_return_val_if_fail (bucket_name != NULL, FALSE);
  g_return_val_if_fail (decision != NULL, FALSE);

  window_start = now - (now % self->window);

  /* Memory stays bounded by the buckets seen in one window: once a window,
   * forget every bucket whose window is over (it would restart at zero). */
  if (window_start != self->last_sweep)
    {
      g_hash_table_foreach_remove (self->buckets, bucket_is_stale, &window_start);
      self->last_sweep = window_start;
    }

  bucket = g_hash_table_lookup (self->buckets, bucket_name);
  if (bucket == NULL)
    {
      bucket = g_new0 (Bucket, 1);
      g_hash_table_insert (self->buckets, g_strdup (bucket_name), bucket);
    }

  if (bucket->window_start != window_start)
    {
      bucket->window_start = window_start;
      bucket->count = 0;
    }

  decision->admitted = bucket->count < limit;
  if (decision->admitted)
    bucket->count++;

  decision->limit = limit;
  decision->window = self->window;
  decision->remaining = limit - MIN (bucket->count, limit);
  decision->reset = window_start + self->window;
  decision->retry_after = (guint) CLAMP (decision->reset - now, 1, (gint64) self->window);

  return decision->admitted;
}

guint
aivo_sandbox_rate_limiter_get_n_buckets (AivoSandboxRateLimiter *self)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_RATE_LIMITER (self), 0);

  return g_hash_table_size (self->buckets);
}
