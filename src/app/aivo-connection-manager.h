/* aivo-connection-manager.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "aivo-client.h"
#include "aivo-secret-store.h"

G_BEGIN_DECLS

#define AIVO_CONNECTION_LOCAL "local"

typedef enum
{
  AIVO_CONNECTION_STATE_IDLE,
  AIVO_CONNECTION_STATE_CONNECTING,
  AIVO_CONNECTION_STATE_READY,
  AIVO_CONNECTION_STATE_FAILED,
} AivoConnectionState;

#define AIVO_TYPE_CONNECTION_MANAGER (aivo_connection_manager_get_type ())

G_DECLARE_FINAL_TYPE (AivoConnectionManager, aivo_connection_manager, AIVO, CONNECTION_MANAGER, GObject)

AivoConnectionManager *aivo_connection_manager_new                (GSettings              *settings,
                                                                   AivoSecretStore        *secret_store,
                                                                   const char             *local_data_dir);
void                   aivo_connection_manager_start              (AivoConnectionManager  *self);
void                   aivo_connection_manager_shutdown           (AivoConnectionManager  *self);

AivoConnectionState    aivo_connection_manager_get_state          (AivoConnectionManager  *self);
const char            *aivo_connection_manager_get_error_message  (AivoConnectionManager  *self);
AivoClient            *aivo_connection_manager_get_client         (AivoConnectionManager  *self);
AivoSecretStore       *aivo_connection_manager_get_secret_store   (AivoConnectionManager  *self);
const char            *aivo_connection_manager_get_active_id      (AivoConnectionManager  *self);
char                  *aivo_connection_manager_dup_active_title   (AivoConnectionManager  *self);
GVariant              *aivo_connection_manager_list_remotes       (AivoConnectionManager  *self);
gboolean               aivo_connection_manager_has_connection     (AivoConnectionManager  *self,
                                                                   const char             *id);

void                   aivo_connection_manager_activate           (AivoConnectionManager  *self,
                                                                   const char             *id);
void                   aivo_connection_manager_reconnect          (AivoConnectionManager  *self);

void                   aivo_connection_manager_add_remote_async   (AivoConnectionManager  *self,
                                                                   const char             *title,
                                                                   const char             *base_url,
                                                                   const char             *account_token,
                                                                   GCancellable           *cancellable,
                                                                   GAsyncReadyCallback     callback,
                                                                   gpointer                user_data);
char                  *aivo_connection_manager_add_remote_finish  (AivoConnectionManager  *self,
                                                                   GAsyncResult           *result,
                                                                   GError                **error);
void                   aivo_connection_manager_remove_remote      (AivoConnectionManager  *self,
                                                                   const char             *id);

G_END_DECLS
