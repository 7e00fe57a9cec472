/* aivo-rate-limit.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Bounds beyond which a number in a rate-limit header is treated as
 * malformed: no API grants more than 2^31 requests per window, and a delay of
 * 10^9 seconds (31 years) or more is nonsense. A Reset value below
 * AIVO_RATE_LIMIT_MAX_DELTA_SECONDS is read as "seconds from now". */
#define AIVO_RATE_LIMIT_MAX_COUNT         G_GINT64_CONSTANT (2147483647)
#define AIVO_RATE_LIMIT_MAX_DELTA_SECONDS G_GINT64_CONSTANT (999999999)
/* 9999-12-31T23:59:59Z */
#define AIVO_RATE_LIMIT_MAX_UNIX_TIME     G_GINT64_CONSTANT (253402300799)

#define AIVO_TYPE_RATE_LIMIT (aivo_rate_limit_get_type ())

G_DECLARE_FINAL_TYPE (AivoRateLimit, aivo_rate_limit, AIVO, RATE_LIMIT, GObject)

AivoRateLimit *aivo_rate_limit_new_from_headers           (SoupMessageHeaders *headers,
                                                           gint64              now_unix);
AivoRateLimit *aivo_rate_limit_new_from_header_block      (const char         *text,
                                                           gsize               length,
                                                           gint64              now_unix);

gboolean       aivo_rate_limit_has_limit                  (AivoRateLimit      *self);
gint64         aivo_rate_limit_get_limit                  (AivoRateLimit      *self);
gboolean       aivo_rate_limit_has_remaining              (AivoRateLimit      *self);
gint64         aivo_rate_limit_get_remaining              (AivoRateLimit      *self);
gint64         aivo_rate_limit_get_reset_unix             (AivoRateLimit      *self);
gint64         aivo_rate_limit_get_window_seconds         (AivoRateLimit      *self);
gint64         aivo_rate_limit_get_retry_after_seconds    (AivoRateLimit      *self);
const char    *aivo_rate_limit_get_policy_name            (AivoRateLimit      *self);
gint64         aivo_rate_limit_get_received_unix          (AivoRateLimit      *self);
gint64         aivo_rate_limit_get_seconds_until_allowed  (AivoRateLimit      *self,
                                                           gint64              now_unix);
gboolean       aivo_rate_limit_is_exhausted               (AivoRateLimit      *self);
gboolean       aivo_rate_limit_is_empty                   (AivoRateLimit      *self);

gboolean       aivo_rate_limit_parse_http_date            (const char         *text,
                                                           gint64              now_unix,
                                                           gint64             *unix_out);

G_END_DECLS
