/* aivo-client.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "aivo-environment.h"
#include "aivo-key.h"
#include "aivo-rate-limit.h"
#include "aivo-request.h"
#include "aivo-response.h"
#include "aivo-scope.h"
#include "aivo-secure-memory.h"

G_BEGIN_DECLS

#define AIVO_CLIENT_ERROR (aivo_client_error_quark ())

typedef enum
{
  AIVO_CLIENT_ERROR_NETWORK,
  AIVO_CLIENT_ERROR_TLS,
  AIVO_CLIENT_ERROR_UNAUTHORIZED,
  AIVO_CLIENT_ERROR_FORBIDDEN,
  AIVO_CLIENT_ERROR_NOT_FOUND,
  AIVO_CLIENT_ERROR_CONFLICT,
  AIVO_CLIENT_ERROR_KEY_LIMIT_REACHED,
  AIVO_CLIENT_ERROR_VALIDATION,
  AIVO_CLIENT_ERROR_PAYLOAD,
  AIVO_CLIENT_ERROR_RATE_LIMITED,
  AIVO_CLIENT_ERROR_SERVER,
  AIVO_CLIENT_ERROR_BAD_RESPONSE,
} AivoClientError;

/* The whole exchange, from sending to the last body byte, must fit in this. */
#define AIVO_CLIENT_DEFAULT_TIMEOUT_SECONDS 30
/* Response bodies above this are refused (API answers are a few KiB). */
#define AIVO_CLIENT_MAX_BODY_SIZE           (16 * 1024 * 1024)
/* Longest piece of server text quoted in a message. */
#define AIVO_CLIENT_MAX_QUOTED_CHARS        200

#define AIVO_TYPE_CLIENT (aivo_client_get_type ())

G_DECLARE_FINAL_TYPE (AivoClient, aivo_client, AIVO, CLIENT, GObject)

GQuark         aivo_client_error_quark               (void);
guint          aivo_client_error_get_status          (const GError         *error);
const char    *aivo_client_error_get_api_code        (const GError         *error);
const char    *aivo_client_error_get_param           (const GError         *error);
const char    *aivo_client_error_get_required_scope  (const GError         *error);

char          *aivo_client_dup_printable             (const char           *text,
                                                      gssize                length,
                                                      guint                 max_chars);
gboolean       aivo_client_is_valid_id               (const char           *text);

AivoClient    *aivo_client_new                       (const char           *base_url);

const char    *aivo_client_get_base_url              (AivoClient           *self);
void           aivo_client_set_account_token         (AivoClient           *self,
                                                      const char           *token);
gboolean       aivo_client_has_account_token         (AivoClient           *self);
guint          aivo_client_get_timeout               (AivoClient           *self);
void           aivo_client_set_timeout               (AivoClient           *self,
                                                      guint                 seconds);
AivoRateLimit *aivo_client_get_rate_limit            (AivoClient           *self);

/* Keys */
void           aivo_client_list_keys_async           (AivoClient           *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
GPtrArray     *aivo_client_list_keys_finish          (AivoClient           *self,
                                                      GAsyncResult         *result,
                                                      guint                *count,
                                                      guint                *key_limit,
                                                      GError              **error);
void           aivo_client_get_key_async             (AivoClient           *self,
                                                      const char           *id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
AivoKey       *aivo_client_get_key_finish            (AivoClient           *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void           aivo_client_create_key_async          (AivoClient           *self,
                                                      const char           *name,
                                                      AivoEnvironment       environment,
                                                      AivoScope             scopes,
                                                      const char * const   *shared_with,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
AivoKey       *aivo_client_create_key_finish         (AivoClient           *self,
                                                      GAsyncResult         *result,
                                                      AivoSecret          **secret,
                                                      GError              **error);
void           aivo_client_rename_key_async          (AivoClient           *self,
                                                      const char           *id,
                                                      const char           *name,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
AivoKey       *aivo_client_rename_key_finish         (AivoClient           *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void           aivo_client_delete_key_async          (AivoClient           *self,
                                                      const char           *id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean       aivo_client_delete_key_finish         (AivoClient           *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void           aivo_client_rotate_key_async          (AivoClient           *self,
                                                      const char           *id,
                                                      guint                 grace_seconds,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
AivoKey       *aivo_client_rotate_key_finish         (AivoClient           *self,
                                                      GAsyncResult         *result,
                                                      AivoSecret          **secret,
                                                      GError              **error);

/* Account and team */
void           aivo_client_get_account_async         (AivoClient           *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
JsonObject    *aivo_client_get_account_finish        (AivoClient           *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void           aivo_client_list_team_members_async   (AivoClient           *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
JsonArray     *aivo_client_list_team_members_finish  (AivoClient           *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void           aivo_client_remove_team_member_async  (AivoClient           *self,
                                                      const char           *id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean       aivo_client_remove_team_member_finish (AivoClient           *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* Any request, as it is */
void           aivo_client_send_async                (AivoClient           *self,
                                                      AivoRequest          *request,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
AivoResponse  *aivo_client_send_finish               (AivoClient           *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void           aivo_client_probe_credential_async    (AivoClient           *self,
                                                      const char           *secret,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
guint          aivo_client_probe_credential_finish   (AivoClient           *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

G_END_DECLS
