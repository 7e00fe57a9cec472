/* aivo-sandbox-rate-limiter.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What one request learned from the limiter: the numbers of the rate-limit
 * headers, and whether it may proceed. */
typedef struct
{
  gboolean admitted;
  guint    limit;        /* requests a window */
  guint    window;       /* seconds */
  guint    remaining;    /* after this request */
  gint64   reset;        /* Unix time at which the window ends */
  guint    retry_after;  /* whole seconds until then: 1 … window */
} AivoSandboxRateDecision;

#define AIVO_SANDBOX_TYPE_RATE_LIMITER (aivo_sandbox_rate_limiter_get_type ())

G_DECLARE_FINAL_TYPE (AivoSandboxRateLimiter, aivo_sandbox_rate_limiter, AIVO_SANDBOX, RATE_LIMITER, GObject)

AivoSandboxRateLimiter *aivo_sandbox_rate_limiter_new          (guint                    window_seconds);
guint                   aivo_sandbox_rate_limiter_get_window   (AivoSandboxRateLimiter  *self);
gboolean                aivo_sandbox_rate_limiter_admit        (AivoSandboxRateLimiter  *self,
                                                                const char              *bucket,
                                                                guint                    limit,
                                                                gint64                   now,
                                                                AivoSandboxRateDecision *decision);
guint                   aivo_sandbox_rate_limiter_get_n_buckets (AivoSandboxRateLimiter *self);

G_END_DECLS
