/* aivo-request.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define AIVO_REQUEST_ERROR (aivo_request_error_quark ())

typedef enum
{
  AIVO_REQUEST_ERROR_INVALID_METHOD,
  AIVO_REQUEST_ERROR_INVALID_URL,
  AIVO_REQUEST_ERROR_UNSUPPORTED_SCHEME,
  AIVO_REQUEST_ERROR_INVALID_HEADER_NAME,
  AIVO_REQUEST_ERROR_INVALID_HEADER_VALUE,
  AIVO_REQUEST_ERROR_RESERVED_HEADER,
  AIVO_REQUEST_ERROR_INVALID_QUERY,
  AIVO_REQUEST_ERROR_INVALID_TOKEN,
} AivoRequestError;

/* One query parameter or header: a name and its value, both UTF-8; query
 * parameters are kept decoded (percent-encoding is applied on output). */
typedef struct
{
  char *name;
  char *value;
} AivoRequestParam;

/* What the Authorization header shows in display output when no
 * placeholder is given; snippets read the key from this variable. */
#define AIVO_REQUEST_TOKEN_PLACEHOLDER "$AIVO_API_KEY"

#define AIVO_TYPE_REQUEST_PARAM (aivo_request_param_get_type ())
#define AIVO_TYPE_REQUEST (aivo_request_get_type ())

G_DECLARE_FINAL_TYPE (AivoRequest, aivo_request, AIVO, REQUEST, GObject)

GQuark            aivo_request_error_quark              (void);

GType             aivo_request_param_get_type           (void) G_GNUC_CONST;
AivoRequestParam *aivo_request_param_new                (const char              *name,
                                                         const char              *value);
AivoRequestParam *aivo_request_param_copy               (const AivoRequestParam  *param);
void              aivo_request_param_free               (AivoRequestParam        *param);

AivoRequest      *aivo_request_new                      (const char              *method,
                                                         const char              *base_url,
                                                         const char              *path_or_url,
                                                         GError                 **error);

const char       *aivo_request_get_method               (AivoRequest             *self);
GUri             *aivo_request_get_uri                  (AivoRequest             *self);
const char       *aivo_request_get_url_without_query    (AivoRequest             *self);
char             *aivo_request_dup_query_string         (AivoRequest             *self);
char             *aivo_request_dup_url                  (AivoRequest             *self);
gboolean          aivo_request_is_idempotent            (AivoRequest             *self);

GPtrArray        *aivo_request_get_query                (AivoRequest             *self);
gboolean          aivo_request_add_query_param          (AivoRequest             *self,
                                                         const char              *name,
                                                         const char              *value,
                                                         GError                 **error);
void              aivo_request_clear_query              (AivoRequest             *self);

GPtrArray        *aivo_request_get_headers              (AivoRequest             *self);
gboolean          aivo_request_add_header               (AivoRequest             *self,
                                                         const char              *name,
                                                         const char              *value,
                                                         GError                 **error);
gboolean          aivo_request_add_header_line          (AivoRequest             *self,
                                                         const char              *line,
                                                         GError                 **error);
void              aivo_request_clear_headers            (AivoRequest             *self);
GPtrArray        *aivo_request_dup_headers_for_display  (AivoRequest             *self,
                                                         const char              *token_placeholder);

GBytes           *aivo_request_get_body                 (AivoRequest             *self);
void              aivo_request_set_body                 (AivoRequest             *self,
                                                         GBytes                  *body);
const char       *aivo_request_get_content_type         (AivoRequest             *self);
gboolean          aivo_request_set_content_type         (AivoRequest             *self,
                                                         const char              *content_type,
                                                         GError                 **error);

void              aivo_request_set_bearer_token         (AivoRequest             *self,
                                                         const char              *token);
const char       *aivo_request_peek_bearer_token        (AivoRequest             *self);

SoupMessage      *aivo_request_to_message               (AivoRequest             *self,
                                                         GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AivoRequestParam, aivo_request_param_free)

G_END_DECLS
