/* aivo-response.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "aivo-rate-limit.h"

G_BEGIN_DECLS

/* JSON nested deeper than this is refused before json-glib (which
 * recurses) sees it. */
#define AIVO_RESPONSE_MAX_JSON_DEPTH 64

#define AIVO_TYPE_RESPONSE (aivo_response_get_type ())

G_DECLARE_FINAL_TYPE (AivoResponse, aivo_response, AIVO, RESPONSE, GObject)

AivoResponse       *aivo_response_new_from_message        (SoupMessage   *message,
                                                           GBytes        *body,
                                                           gint64         elapsed_usec,
                                                           gint64         received_unix);

const char         *aivo_response_get_method              (AivoResponse  *self);
const char         *aivo_response_get_url                 (AivoResponse  *self);
guint               aivo_response_get_status              (AivoResponse  *self);
const char         *aivo_response_get_reason_phrase       (AivoResponse  *self);
SoupHTTPVersion     aivo_response_get_http_version        (AivoResponse  *self);
const char         *aivo_response_get_http_version_string (AivoResponse  *self);
SoupMessageHeaders *aivo_response_get_headers             (AivoResponse  *self);
const char         *aivo_response_get_content_type        (AivoResponse  *self);
GBytes             *aivo_response_get_body                (AivoResponse  *self);
gint64              aivo_response_get_elapsed_usec        (AivoResponse  *self);
AivoRateLimit      *aivo_response_get_rate_limit          (AivoResponse  *self);
JsonNode           *aivo_response_get_json                (AivoResponse  *self,
                                                           GError       **error);
gboolean            aivo_response_is_success              (AivoResponse  *self);

void                aivo_response_mark_secret             (AivoResponse  *self);
const char         *aivo_response_peek_secret             (AivoResponse  *self);

G_END_DECLS
