/* app-test-sandbox.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "app-test-sandbox.h"
#include "app-test-util.h"

/**
 * test_connection_set_up:
 * @reset_keys: (nullable): settings to reset to their defaults besides
 *   "active-connection" (the built-in sandbox)
 *
 * A connection manager on the built-in sandbox, not started yet.
 */
void
test_connection_set_up (TestConnection     *connection,
                        const char * const *reset_keys)
{
  g_autoptr(GError) error = NULL;

  connection->data_dir = g_dir_make_tmp ("aivo-app-test-XXXXXX", &error);
  g_assert_no_error (error);

  connection->settings = g_settings_new (APP_ID);
  g_settings_reset (connection->settings, "active-connection");
  for (guint i = 0; reset_keys != NULL && reset_keys[i] != NULL; i++)
    g_settings_reset (connection->settings, reset_keys[i]);

  connection->store = aivo_secret_store_new ();
  connection->manager = aivo_connection_manager_new (connection->settings, connection->store,
                                                     connection->data_dir);
}

gboolean
test_manager_is_ready (gpointer manager)
{
  return aivo_connection_manager_get_state (manager) == AIVO_CONNECTION_STATE_READY;
}

/* Starts the active connection and waits until it is ready. */
void
test_connection_start (TestConnection *connection)
{
  aivo_connection_manager_start (connection->manager);
  if (!test_wait_until (test_manager_is_ready, connection->manager, TEST_WAIT_MS))
    g_error ("The connection did not become ready: %s",
             aivo_connection_manager_get_error_message (connection->manager));
}

/* Returns: (transfer none): the client of the active connection */
AivoClient *
test_connection_get_client (TestConnection *connection)
{
  AivoClient *client = aivo_connection_manager_get_client (connection->manager);

  g_assert_nonnull (client);

  return client;
}

/**
 * test_connection_create_key:
 * @shared_with: (nullable): team members who get access to it
 *
 * Returns: (transfer full): a new key with the scope calls:read, made
 *   through the active connection's client behind the app's back
 */
AivoKey *
test_connection_create_key (TestConnection     *connection,
                            const char         *name,
                            AivoEnvironment     environment,
                            const char * const *shared_with)
{
  return test_create_key (test_connection_get_client (connection), name, environment, AIVO_SCOPE_CALLS_READ,
                          shared_with, NULL);
}

/* Stops the sandbox and removes its folder; whatever used the manager must
 * be gone first. */
void
test_connection_tear_down (TestConnection *connection)
{
  aivo_connection_manager_shutdown (connection->manager);
  g_clear_object (&connection->manager);
  g_clear_object (&connection->store);
  g_clear_object (&connection->settings);
  test_remove_tree (connection->data_dir);
  g_clear_pointer (&connection->data_dir, g_free);
}

/**
 * test_create_key:
 * @shared_with: (nullable): team members who get access to it
 * @secret: (out) (optional): its secret
 *
 * Returns: (transfer full): a new key; fails the test if there is none
 */
AivoKey *
test_create_key (AivoClient          *client,
                 const char          *name,
                 AivoEnvironment      environment,
                 AivoScope            scopes,
                 const char * const  *shared_with,
                 AivoSecret         **secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AivoSecret) own_secret = NULL;
  g_autoptr(GError) error = NULL;
  AivoKey *key;

  aivo_client_create_key_async (client, name, environment, scopes, shared_with, NULL,
                                test_store_result, &result);
  key = aivo_client_create_key_finish (client, test_wait_result (&result),
                                       secret != NULL ? secret : &own_secret, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);

  return key;
}

/* Returns: (transfer full): the key @id as the server has it now */
AivoKey *
test_get_key (AivoClient *client,
              const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  AivoKey *key;

  aivo_client_get_key_async (client, id, NULL, test_store_result, &result);
  key = aivo_client_get_key_finish (client, test_wait_result (&result), &error);
  g_assert_no_error (error);

  return key;
}
