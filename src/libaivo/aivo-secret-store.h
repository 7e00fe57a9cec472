/* aivo-secret-store.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "aivo-environment.h"
#include "aivo-secure-memory.h"

G_BEGIN_DECLS

#define AIVO_SECRET_STORE_ERROR (aivo_secret_store_error_quark ())

typedef enum
{
  AIVO_SECRET_STORE_ERROR_UNAVAILABLE,
  AIVO_SECRET_STORE_ERROR_LOCKED,
  AIVO_SECRET_STORE_ERROR_FAILED,
} AivoSecretStoreError;

/* The schema's name and attributes, for tools that look at the keyring. */
#define AIVO_SECRET_STORE_SCHEMA_NAME          "bz.aivo.Studio.Credential"
#define AIVO_SECRET_STORE_ATTRIBUTE_CONNECTION  "connection"
#define AIVO_SECRET_STORE_ATTRIBUTE_KIND        "kind"
#define AIVO_SECRET_STORE_ATTRIBUTE_KEY_ID      "key-id"
#define AIVO_SECRET_STORE_ATTRIBUTE_ENVIRONMENT "environment"
#define AIVO_SECRET_STORE_KIND_API_KEY          "api-key"
#define AIVO_SECRET_STORE_KIND_ACCOUNT_TOKEN    "account-token"

#define AIVO_TYPE_SECRET_STORE (aivo_secret_store_get_type ())

G_DECLARE_FINAL_TYPE (AivoSecretStore, aivo_secret_store, AIVO, SECRET_STORE, GObject)

GQuark               aivo_secret_store_error_quark              (void);
const SecretSchema  *aivo_secret_store_get_schema               (void) G_GNUC_CONST;

AivoSecretStore     *aivo_secret_store_new                      (void);
AivoSecretStore     *aivo_secret_store_new_for_collection       (const char           *collection);
const char          *aivo_secret_store_get_collection           (AivoSecretStore      *self);

/* API keys */
void                 aivo_secret_store_store_key_async          (AivoSecretStore      *self,
                                                                 const char           *connection,
                                                                 const char           *key_id,
                                                                 AivoEnvironment       environment,
                                                                 const char           *name,
                                                                 const char           *secret,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean             aivo_secret_store_store_key_finish         (AivoSecretStore      *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
gboolean             aivo_secret_store_store_key_sync           (AivoSecretStore      *self,
                                                                 const char           *connection,
                                                                 const char           *key_id,
                                                                 AivoEnvironment       environment,
                                                                 const char           *name,
                                                                 const char           *secret,
                                                                 GCancellable         *cancellable,
                                                                 GError              **error);

void                 aivo_secret_store_lookup_key_async         (AivoSecretStore      *self,
                                                                 const char           *connection,
                                                                 const char           *key_id,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
AivoSecret          *aivo_secret_store_lookup_key_finish        (AivoSecretStore      *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
AivoSecret          *aivo_secret_store_lookup_key_sync          (AivoSecretStore      *self,
                                                                 const char           *connection,
                                                                 const char           *key_id,
                                                                 GCancellable         *cancellable,
                                                                 GError              **error);

void                 aivo_secret_store_delete_key_async         (AivoSecretStore      *self,
                                                                 const char           *connection,
                                                                 const char           *key_id,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean             aivo_secret_store_delete_key_finish        (AivoSecretStore      *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
gboolean             aivo_secret_store_delete_key_sync          (AivoSecretStore      *self,
                                                                 const char           *connection,
                                                                 const char           *key_id,
                                                                 GCancellable         *cancellable,
                                                                 GError              **error);

void                 aivo_secret_store_list_keys_async          (AivoSecretStore      *self,
                                                                 const char           *connection,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
GPtrArray           *aivo_secret_store_list_keys_finish         (AivoSecretStore      *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
GPtrArray           *aivo_secret_store_list_keys_sync           (AivoSecretStore      *self,
                                                                 const char           *connection,
                                                                 GCancellable         *cancellable,
                                                                 GError              **error);

/* Account tokens: one per connection */
void                 aivo_secret_store_store_account_token_async  (AivoSecretStore      *self,
                                                                   const char           *connection,
                                                                   const char           *server_name,
                                                                   const char           *secret,
                                                                   GCancellable         *cancellable,
                                                                   GAsyncReadyCallback   callback,
                                                                   gpointer              user_data);
gboolean             aivo_secret_store_store_account_token_finish (AivoSecretStore      *self,
                                                                   GAsyncResult         *result,
                                                                   GError              **error);
gboolean             aivo_secret_store_store_account_token_sync   (AivoSecretStore      *self,
                                                                   const char           *connection,
                                                                   const char           *server_name,
                                                                   const char           *secret,
                                                                   GCancellable         *cancellable,
                                                                   GError              **error);

void                 aivo_secret_store_lookup_account_token_async  (AivoSecretStore      *self,
                                                                    const char           *connection,
                                                                    GCancellable         *cancellable,
                                                                    GAsyncReadyCallback   callback,
                                                                    gpointer              user_data);
AivoSecret          *aivo_secret_store_lookup_account_token_finish (AivoSecretStore      *self,
                                                                    GAsyncResult         *result,
                                                                    GError              **error);
AivoSecret          *aivo_secret_store_lookup_account_token_sync   (AivoSecretStore      *self,
                                                                    const char           *connection,
                                                                    GCancellable         *cancellable,
                                                                    GError              **error);

void                 aivo_secret_store_delete_account_token_async  (AivoSecretStore      *self,
                                                                    const char           *connection,
                                                                    GCancellable         *cancellable,
                                                                    GAsyncReadyCallback   callback,
                                                                    gpointer              user_data);
gboolean             aivo_secret_store_delete_account_token_finish (AivoSecretStore      *self,
                                                                    GAsyncResult         *result,
                                                                    GError              **error);
gboolean             aivo_secret_store_delete_account_token_sync   (AivoSecretStore      *self,
                                                                    const char           *connection,
                                                                    GCancellable         *cancellable,
                                                                    GError              **error);

/* Everything of a connection: when a user removes a remote server. */
void                 aivo_secret_store_delete_connection_async  (AivoSecretStore      *self,
                                                                 const char           *connection,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean             aivo_secret_store_delete_connection_finish (AivoSecretStore      *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
gboolean             aivo_secret_store_delete_connection_sync   (AivoSecretStore      *self,
                                                                 const char           *connection,
                                                                 GCancellable         *cancellable,
                                                                 GError              **error);

G_END_DECLS
