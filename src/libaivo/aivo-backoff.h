/* aivo-backoff.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "aivo-rate-limit.h"

G_BEGIN_DECLS

#define AIVO_BACKOFF_DEFAULT_BASE_MS      1000
#define AIVO_BACKOFF_DEFAULT_CAP_MS       32000
#define AIVO_BACKOFF_DEFAULT_MAX_ATTEMPTS 5
/* Retry-After delays get up to this much jitter on top (exclusive). */
#define AIVO_BACKOFF_RETRY_AFTER_JITTER_MS 1000

#define AIVO_TYPE_BACKOFF (aivo_backoff_get_type ())

G_DECLARE_FINAL_TYPE (AivoBackoff, aivo_backoff, AIVO, BACKOFF, GObject)

AivoBackoff *aivo_backoff_new                  (void);

gint64       aivo_backoff_get_base_ms          (AivoBackoff   *self);
void         aivo_backoff_set_base_ms          (AivoBackoff   *self,
                                                gint64         base_ms);
gint64       aivo_backoff_get_cap_ms           (AivoBackoff   *self);
void         aivo_backoff_set_cap_ms           (AivoBackoff   *self,
                                                gint64         cap_ms);
guint        aivo_backoff_get_max_attempts     (AivoBackoff   *self);
void         aivo_backoff_set_max_attempts     (AivoBackoff   *self,
                                                guint          max_attempts);
void         aivo_backoff_set_seed             (AivoBackoff   *self,
                                                guint32        seed);

gint64       aivo_backoff_get_max_delay_ms     (AivoBackoff   *self,
                                                guint          attempt);
gint64       aivo_backoff_next_delay_ms        (AivoBackoff   *self,
                                                guint          attempt,
                                                AivoRateLimit *rate_limit,
                                                gint64         now_unix);
gboolean     aivo_backoff_should_retry         (AivoBackoff   *self,
                                                const char    *method,
                                                guint          status,
                                                guint          attempt);

gboolean     aivo_backoff_method_is_idempotent (const char    *method);

G_END_DECLS
