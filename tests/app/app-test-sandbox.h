/* app-test-sandbox.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "aivo-connection-manager.h"

G_BEGIN_DECLS

/* The app's connection manager as a test sets it up: settings (in memory),
 * the session's keyring, and the built-in sandbox in a throw-away folder,
 * run by the manager on a thread of the test's process. */
typedef struct
{
  char                  *data_dir;
  GSettings             *settings;
  AivoSecretStore       *store;
  AivoConnectionManager *manager;
} TestConnection;

void        test_connection_set_up     (TestConnection      *connection,
                                        const char * const  *reset_keys);
void        test_connection_start      (TestConnection      *connection);
AivoClient *test_connection_get_client (TestConnection      *connection);
AivoKey    *test_connection_create_key (TestConnection      *connection,
                                        const char          *name,
                                        AivoEnvironment      environment,
                                        const char * const  *shared_with);
void        test_connection_tear_down  (TestConnection      *connection);

gboolean    test_manager_is_ready      (gpointer             manager);

/* The API, through a client, the way another program would use it. */
AivoKey    *test_create_key            (AivoClient          *client,
                                        const char          *name,
                                        AivoEnvironment      environment,
                                        AivoScope            scopes,
                                        const char * const  *shared_with,
                                        AivoSecret         **secret);
AivoKey    *test_get_key               (AivoClient          *client,
                                        const char          *id);

G_END_DECLS
