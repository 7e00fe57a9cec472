/* test-add-server-dialog.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Adding a remote server, driven through the dialog's widgets: a server that
 * is unreachable, one whose certificate is not trusted, one that rejects the
 * token and input that is wrong offline each get a sentence in the dialog,
 * and nothing is saved; a good server and token are proven with a request,
 * then kept (the token in the keyring, the address in GSettings). */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "aivo-add-server-dialog.h"
#include "aivo-credential.h"
#include "aivo-sandbox-thread.h"
#include "app-test-util.h"

#define WAIT_MS 15000

typedef struct
{
  GSettings             *settings;
  AivoSecretStore       *store;
  AivoConnectionManager *manager;
  AivoSandboxThread     *sandbox;
  char                  *data_dir;
  char                  *base_url;
  AivoSecret            *account_token;
  GtkWindow             *parent;
} Fixture;

static void
sandbox_started_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Fixture *fx = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (aivo_sandbox_thread_start_finish (AIVO_SANDBOX_THREAD (object), result,
                                                   &fx->base_url, &fx->account_token, &error));
  g_assert_no_error (error);
}

static gboolean
sandbox_ready (gpointer data)
{
  return ((Fixture *) data)->base_url != NULL;
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *manager_dir = NULL;

  fx->data_dir = g_dir_make_tmp ("aivo-add-server-XXXXXX", &error);
  g_assert_no_error (error);
  manager_dir = g_build_filename (fx->data_dir, "local", NULL);

  fx->settings = g_settings_new (APP_ID);
  g_settings_reset (fx->settings, "remote-connections");
  g_settings_reset (fx->settings, "active-connection");
  fx->store = aivo_secret_store_new ();
  fx->manager = aivo_connection_manager_new (fx->settings, fx->store, manager_dir);

  fx->sandbox = aivo_sandbox_thread_new (fx->data_dir, "professional");
  aivo_sandbox_thread_start_async (fx->sandbox, NULL, sandbox_started_cb, fx);
  g_assert_true (test_wait_until (sandbox_ready, fx, WAIT_MS));

  fx->parent = GTK_WINDOW (gtk_window_new ());
  test_present (fx->parent);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GVariant) remotes = g_settings_get_value (fx->settings, "remote-connections");
  GVariantIter iter;
  const char *id, *title, *url;

  /* Leave the session's keyring as we found it. */
  g_variant_iter_init (&iter, remotes);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &id, &title, &url))
    aivo_secret_store_delete_connection_sync (fx->store, id, NULL, NULL);

  gtk_window_destroy (fx->parent);
  aivo_connection_manager_shutdown (fx->manager);
  aivo_sandbox_thread_stop (fx->sandbox);
  g_clear_object (&fx->sandbox);
  g_clear_object (&fx->manager);
  g_clear_object (&fx->store);
  g_clear_object (&fx->settings);
  g_clear_pointer (&fx->account_token, aivo_secret_free);
  g_clear_pointer (&fx->base_url, g_free);
  g_clear_pointer (&fx->data_dir, g_free);
}

typedef struct
{
  GtkWidget *dialog;
  gboolean   destroyed;
} DialogRun;

static void
dialog_destroyed_cb (GtkWidget *widget,
                     DialogRun *run)
{
  run->destroyed = TRUE;
}

static gboolean
is_visible_error_label (GtkWidget     *widget,
                        gconstpointer  data)
{
  return GTK_IS_LABEL (widget) &&
         gtk_widget_has_css_class (widget, "error") &&
         gtk_widget_get_visible (widget) &&
         *gtk_label_get_label (GTK_LABEL (widget)) != '\0';
}

static gboolean
dialog_settled (gpointer data)
{
  DialogRun *run = data;

  return run->destroyed || test_find_widget (run->dialog, is_visible_error_label, NULL) != NULL;
}

static void
set_entry (GtkWidget  *dialog,
           const char *title,
           const char *text)
{
  GtkWidget *row = test_find_row_with_title (dialog, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* Fills the form as a user would and presses Connect. Returns the error
 * shown, or NULL when the dialog closed (success). */
static char *
submit (Fixture    *fx,
        const char *name,
        const char *url,
        const char *token)
{
  DialogRun run = { 0 };
  GtkWidget *button;
  GtkWidget *label;
  char *message = NULL;

  /* No extra reference: GTK 4 emits "destroy" from dispose, which a
   * reference of ours would hold off. The toplevel list keeps it alive. */
  run.dialog = aivo_add_server_dialog_new (fx->parent, fx->manager);
  g_signal_connect (run.dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), &run);
  test_present (GTK_WINDOW (run.dialog));

  set_entry (run.dialog, "Name", name);
  set_entry (run.dialog, "Server Address (e.g. https://api.aivo.bz)", url);
  set_entry (run.dialog, "Account Token", token);

  button = test_find_button_with_label (run.dialog, "C_onnect");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");

  g_assert_true (test_wait_until (dialog_settled, &run, WAIT_MS));

  if (!run.destroyed)
    {
      label = test_find_widget (run.dialog, is_visible_error_label, NULL);
      message = g_strdup (gtk_label_get_label (GTK_LABEL (label)));
      g_test_message ("the dialog says: %s", message);
      /* The token must not be echoed back in the message. */
      if (strlen (token) == AIVO_CREDENTIAL_LENGTH)
        g_assert_null (strstr (message, token + AIVO_CREDENTIAL_PREFIX_LENGTH));
      gtk_window_destroy (GTK_WINDOW (run.dialog));
    }

  return message;
}

static guint
count_remotes (Fixture *fx)
{
  g_autoptr(GVariant) remotes = g_settings_get_value (fx->settings, "remote-connections");

  return g_variant_n_children (remotes);
}

static char *
new_account_token (void)
{
  g_autoptr(AivoCredential) credential = aivo_credential_generate (AIVO_CREDENTIAL_KIND_ACCOUNT_TOKEN, NULL);

  return g_strdup (aivo_credential_peek_secret (credential));
}

static void
test_unreachable (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *token = new_account_token ();
  g_autofree char *message = submit (fx, "Staging", "http://127.0.0.1:9", token);

  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "Could not reach"));
  g_assert_cmpuint (count_remotes (fx), ==, 0);
}

static void
test_untrusted_certificate (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pem_path = g_test_build_filename (G_TEST_DIST, "data", "tls", "self-signed-127.0.0.1.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (pem_path, &error);
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *token = new_account_token ();
  g_autofree char *url = NULL;
  g_autofree char *message = NULL;
  GSList *uris;

  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  message = submit (fx, "Self-signed", url, token);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "certificate"));
  g_assert_cmpuint (count_remotes (fx), ==, 0);
}

static void
test_rejected_token (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *token = new_account_token ();
  g_autofree char *message = submit (fx, "Sandbox", fx->base_url, token);

  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "token"));
  g_assert_cmpuint (count_remotes (fx), ==, 0);
  g_assert_cmpstr (aivo_connection_manager_get_active_id (fx->manager), ==, AIVO_CONNECTION_LOCAL);
}

static void
test_offline_checks (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(AivoCredential) key = aivo_credential_generate (AIVO_CREDENTIAL_KIND_LIVE_KEY, NULL);
  g_autofree char *token = new_account_token ();
  static const struct {
    const char *name;
    const char *url;
    const char *expected;
  } cases[] = {
    { "", "http://127.0.0.1:1", "name" },
    { "FTP", "ftp://127.0.0.1", "full URL" },
    { "No host", "http://", "full URL" },
    { "With user", "http://me@127.0.0.1", "user name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = submit (fx, cases[i].name, cases[i].url, token);

      g_assert_nonnull (message);
      g_assert_nonnull (strstr (message, cases[i].expected));
    }

  {
    g_autofree char *message = submit (fx, "Key", fx->base_url, aivo_credential_peek_secret (key));

    g_assert_nonnull (message);
    g_assert_nonnull (strstr (message, "not an account token"));
  }

  {
    g_autofree char *message = submit (fx, "Typo", fx->base_url, "aivo_acct_short");

    g_assert_nonnull (message);
  }

  g_assert_cmpuint (count_remotes (fx), ==, 0);
}

static gboolean
manager_ready (gpointer data)
{
  Fixture *fx = data;

  return aivo_connection_manager_get_state (fx->manager) == AIVO_CONNECTION_STATE_READY;
}

static void
test_success (Fixture       *fx,
              gconstpointer  data)
{
  g_autofree char *message = NULL;
  g_autofree char *title = NULL;
  g_autoptr(AivoSecret) stored = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  aivo_connection_manager_start (fx->manager);

  message = submit (fx, "  Team Sandbox  ", fx->base_url, fx->account_token);
  g_assert_null (message);
  g_assert_cmpuint (count_remotes (fx), ==, 1);

  id = aivo_connection_manager_get_active_id (fx->manager);
  g_assert_true (g_str_has_prefix (id, "remote-"));
  title = aivo_connection_manager_dup_active_title (fx->manager);
  g_assert_cmpstr (title, ==, "Team Sandbox");

  stored = aivo_secret_store_lookup_account_token_sync (fx->store, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, fx->account_token);

  g_assert_true (test_wait_until (manager_ready, fx, WAIT_MS));
  g_assert_nonnull (aivo_connection_manager_get_client (fx->manager));

  /* Removing it forgets the address and the token, and falls back to the sandbox. */
  aivo_connection_manager_remove_remote (fx->manager, id);
  g_assert_cmpuint (count_remotes (fx), ==, 0);
  g_assert_cmpstr (aivo_connection_manager_get_active_id (fx->manager), ==, AIVO_CONNECTION_LOCAL);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* Adding a server writes to the keyring: only ever the throw-away one. */
  if (g_getenv ("AIVO_HEADLESS_SCRATCH") == NULL)
    {
      g_print ("1..0 # SKIP needs the throw-away keyring of build-aux/headless\n");
      return 0;
    }

  g_test_add ("/add-server/unreachable", Fixture, NULL, fixture_setup, test_unreachable, fixture_teardown);
  g_test_add ("/add-server/untrusted-certificate", Fixture, NULL, fixture_setup, test_untrusted_certificate, fixture_teardown);
  g_test_add ("/add-server/rejected-token", Fixture, NULL, fixture_setup, test_rejected_token, fixture_teardown);
  g_test_add ("/add-server/offline-checks", Fixture, NULL, fixture_setup, test_offline_checks, fixture_teardown);
  g_test_add ("/add-server/success", Fixture, NULL, fixture_setup, test_success, fixture_teardown);

  return g_test_run ();
}
