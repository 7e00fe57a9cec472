/* test-window.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The main window as a whole: what it keeps across restarts, a key row in
 * a window as narrow as a phone, and the pages following a rotation wizard
 * opened from outside the Keys page. The real application runs as main()
 * runs it, with its built-in sandbox in the throw-away home of
 * build-aux/headless; without that home the tests skip rather than touch a
 * user's own. */

#include "config.h"

#include <string.h>

#include "aivo-application.h"
#include "aivo-credential.h"
#include "aivo-key-row.h"
#include "aivo-keys-page.h"
#include "aivo-rotation-wizard.h"
#include "aivo-window.h"
#include "app-test-sandbox.h"
#include "app-test-util.h"

#define WATCHDOG_SECONDS 120
#define WAIT_MS          20000

/* Running the application */

typedef void (*Story) (AivoApplication *app,
                       AivoWindow      *window);

typedef struct
{
  Story    story;
  gboolean started;
  gboolean done;
} StoryRun;

static void
activated_cb (GApplication *app,
              StoryRun     *run)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  /* app.rotate-key activates the application again, from inside a story. */
  if (run->started)
    return;

  run->started = TRUE;
  g_assert_true (AIVO_IS_WINDOW (window));
  run->story (AIVO_APPLICATION (app), AIVO_WINDOW (window));
  run->done = TRUE;
}

/* Runs a new application as main() does, and @story in it once its window
 * is up; the story ends it, as a user would. */
static void
run_app (Story story)
{
  g_autoptr(AivoApplication) app = aivo_application_new ();
  StoryRun run = { story, FALSE, FALSE };
  int status;

  /* A copy of the app still quitting on the bus must not take our activation. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), &run);
  status = g_application_run (G_APPLICATION (app), 0, NULL);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.done);

  /* GTK leaves the windows of an application that quit standing: they must
   * not live on into the next test. */
  while (g_list_model_get_n_items (gtk_window_get_toplevels ()) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (gtk_window_get_toplevels (), 0);

      gtk_window_destroy (window);
    }
}

static char *
sandbox_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "aivo-studio", "sandbox", NULL);
}

static void
set_up (void)
{
  g_autofree char *dir = sandbox_dir ();

  /* A first run: no sandbox data yet. */
  test_remove_tree (dir);
}

static void
tear_down (void)
{
  g_autofree char *dir = sandbox_dir ();

  test_remove_tree (dir);
  test_watchdog_disarm ();
}

/* Size and page across restarts */

#define SAVED_WIDTH  720
#define SAVED_HEIGHT 540

/* Resized (a user's resize is what GTK keeps as the default size) and on
 * the Team page, then Ctrl+Q: the window is destroyed without being asked
 * to close. */
static void
resize_and_quit (AivoApplication *app,
                 AivoWindow      *window)
{
  gtk_window_set_default_size (GTK_WINDOW (window), SAVED_WIDTH, SAVED_HEIGHT);
  aivo_window_set_page (window, "team");

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

static void
check_restored_and_close (AivoApplication *app,
                          AivoWindow      *window)
{
  int width = 0;
  int height = 0;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, SAVED_WIDTH);
  g_assert_cmpint (height, ==, SAVED_HEIGHT);
  g_assert_cmpstr (aivo_window_get_page (window), ==, "team");

  gtk_window_close (GTK_WINDOW (window));
}

static void
test_state_kept_on_quit (void)
{
  g_autoptr(GSettings) settings = NULL;

  if (!test_begin_session (WATCHDOG_SECONDS))
    return;

  set_up ();
  settings = g_settings_new (APP_ID);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "current-page");

  run_app (resize_and_quit);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, SAVED_WIDTH);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, SAVED_HEIGHT);
  g_assert_cmpstr (g_settings_get_string (settings, "current-page"), ==, "team");

  /* The next start opens as it was left. */
  run_app (check_restored_and_close);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "current-page");
  tear_down ();
}

/* A key row as narrow as a phone */

#define NARROW_WIDTH 360
#define KEY_NAME     "CRM Integration"

static AivoKey *
key_new (void)
{
  static const char json[] =
    "{\"id\": \"key_Ab3dEf12\", \"name\": \"" KEY_NAME "\", \"environment\": \"production\","
    " \"scopes\": [\"calls:read\", \"contacts:write\"], \"hint\": \"aivo_live_Ab3dEf12_…9Qz1\","
    " \"created_at\": \"2026-11-26T10:00:00Z\", \"created_by\": \"mem_0001\", \"shared_with\": [],"
    " \"last_used_at\": null, \"expires_at\": null, \"rotated_from\": null, \"rotation_required\": null}";
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  AivoKey *key;

  node = json_from_string (json, &error);
  g_assert_no_error (error);
  key = aivo_key_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);

  return key;
}

static int
line_height (GtkWidget *label)
{
  int natural_width = 0;
  int height = 0;

  /* As tall as it is when it has all the width it wants: one line. */
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural_width, NULL, NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, natural_width, NULL, &height, NULL, NULL);

  return height;
}

/* The details used to sit beside the name and left it one letter wide,
 * one letter a line. */
static void
test_key_row_narrow (void)
{
  g_autoptr(AivoKey) key = key_new ();
  g_autoptr(AivoRotationPolicy) policy = aivo_rotation_policy_new ();
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 1, 10, 0, 0);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = aivo_key_row_new (key, policy, now, TRUE);
  const char *shown[] = { KEY_NAME, "Production", "aivo_live_Ab3dEf12_…9Qz1", "calls:read, contacts:write",
                          "Created", "Rotation due in" };
  GtkWidget *name;

  gtk_widget_set_margin_start (list, 12);
  gtk_widget_set_margin_end (list, 12);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_window_set_child (window, list);
  gtk_window_set_default_size (window, NARROW_WIDTH, 600);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  test_present (window);
  test_spin (200);

  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, NARROW_WIDTH);
  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      GtkWidget *label = test_find_visible_label (row, shown[i]);

      if (label == NULL || !gtk_widget_get_mapped (label))
        g_error ("The row does not show “%s”", shown[i]);
    }

  /* The name gets room for whole words: two lines at most. */
  name = test_find_visible_label (row, KEY_NAME);
  g_assert_cmpint (gtk_widget_get_height (name), <, 3 * line_height (name));

  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, KEY_NAME);
  g_assert_nonnull (test_find_by_accessible_label (row, GTK_TYPE_BUTTON, "Delete key " KEY_NAME));
  g_assert_nonnull (test_find_by_accessible_label (row, GTK_TYPE_BUTTON, "Rotate key " KEY_NAME));
  test_assert_controls_named (row);

  gtk_window_destroy (window);
  g_assert_null (window);
}

/* A wizard opened from outside the Keys page */

static gboolean
page_is_empty (gpointer data)
{
  return g_strcmp0 (aivo_keys_page_get_state (data), "empty") == 0;
}

typedef struct
{
  AivoKeysPage *page;
  const char   *name;
} Listed;

static gboolean
key_is_listed (gpointer data)
{
  Listed *listed = data;

  return g_strcmp0 (aivo_keys_page_get_state (listed->page), "list") == 0 &&
         test_find_row_with_title (GTK_WIDGET (listed->page), listed->name) != NULL;
}

/* "Rotate Now" on a reminder or on the Team page opens the wizard with
 * app.rotate-key; what the wizard then creates and deletes must show on
 * the Keys page behind it, as it does for a wizard opened from a key row. */
static void
rotate_from_outside (AivoApplication *app,
                     AivoWindow      *window)
{
  AivoConnectionManager *manager = aivo_application_get_connection_manager (app);
  AivoKeysPage *page = AIVO_KEYS_PAGE (test_find_one_of_type (GTK_WIDGET (window), AIVO_TYPE_KEYS_PAGE));
  g_autoptr(AivoKey) key = NULL;
  Listed listed = { page, "Made Elsewhere" };
  GtkWindow *wizard;

  g_assert_true (test_wait_until (page_is_empty, page, WAIT_MS));

  /* Another client of the account makes a key: the page can't know. */
  key = test_create_key (aivo_connection_manager_get_client (manager), listed.name,
                         AIVO_ENVIRONMENT_DEVELOPMENT, AIVO_SCOPE_CALLS_READ, NULL, NULL);
  g_assert_cmpstr (aivo_keys_page_get_state (page), ==, "empty");

  g_action_group_activate_action (G_ACTION_GROUP (app), "rotate-key",
                                  g_variant_new ("(ss)", AIVO_CONNECTION_LOCAL, aivo_key_get_id (key)));
  wizard = test_wait_for_toplevel (AIVO_TYPE_ROTATION_WIZARD, GTK_WINDOW (window), WAIT_MS);
  g_assert_nonnull (wizard);

  /* What the wizard says after it rotated or deleted a key. */
  g_signal_emit_by_name (wizard, "api-keys-changed");
  if (!test_wait_until (key_is_listed, &listed, WAIT_MS))
    g_error ("The Keys page did not follow the wizard: it is “%s”", aivo_keys_page_get_state (page));

  gtk_window_destroy (wizard);
  gtk_window_close (GTK_WINDOW (window));
}

static void
test_wizard_from_outside_refreshes_keys (void)
{
  if (!test_begin_session (WATCHDOG_SECONDS))
    return;

  set_up ();
  run_app (rotate_from_outside);
  tear_down ();
}

/* Removing a server */

#define REMOTE_ID    "remote-0a1b2c3d4e5f"
#define REMOTE_TITLE "Staging"

static char *saved_key_id;

static gboolean
key_in_keyring (AivoSecretStore *store)
{
  g_autoptr(AivoSecret) secret = NULL;
  g_autoptr(GError) error = NULL;

  secret = aivo_secret_store_lookup_key_sync (store, REMOTE_ID, saved_key_id, NULL, &error);
  g_assert_no_error (error);

  return secret != NULL;
}

static gboolean
key_left_keyring (gpointer data)
{
  return !key_in_keyring (data);
}

static guint
count_remotes (AivoConnectionManager *manager)
{
  g_autoptr(GVariant) remotes = aivo_connection_manager_list_remotes (manager);

  return g_variant_n_children (remotes);
}

/* Answers the confirmation with @label; returns its body. */
static char *
answer_removal (AivoWindow *window,
                const char *label)
{
  GtkWindow *dialog;
  char *body;

  g_action_group_activate_action (G_ACTION_GROUP (window), "remove-server", NULL);
  dialog = test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, GTK_WINDOW (window), WAIT_MS);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Remove “" REMOTE_TITLE "”?");
  body = g_strdup (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  test_click (test_find_button_with_label (GTK_WIDGET (dialog), label));
  g_assert_true (test_wait_until (test_pointer_is_unset, &dialog, WAIT_MS));

  return body;
}

/* "Remove This Server" takes the server's keys out of the keyring, where
 * they can't come back from: it asks first, and Cancel keeps them. */
static void
remove_server (AivoApplication *app,
               AivoWindow      *window)
{
  AivoConnectionManager *manager = aivo_application_get_connection_manager (app);
  AivoSecretStore *store = aivo_connection_manager_get_secret_store (manager);
  g_autofree char *body = NULL;

  g_assert_cmpstr (aivo_connection_manager_get_active_id (manager), ==, REMOTE_ID);

  body = answer_removal (window, "_Cancel");
  g_assert_nonnull (strstr (body, "keyring"));
  g_assert_cmpuint (count_remotes (manager), ==, 1);
  g_assert_cmpstr (aivo_connection_manager_get_active_id (manager), ==, REMOTE_ID);
  g_assert_true (key_in_keyring (store));

  g_clear_pointer (&body, g_free);
  body = answer_removal (window, "_Remove Server");
  g_assert_cmpuint (count_remotes (manager), ==, 0);
  g_assert_cmpstr (aivo_connection_manager_get_active_id (manager), ==, AIVO_CONNECTION_LOCAL);
  g_assert_true (test_wait_until (key_left_keyring, store, WAIT_MS));

  gtk_window_close (GTK_WINDOW (window));
}

static void
test_remove_server_asks_first (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(AivoSecretStore) store = NULL;
  g_autoptr(AivoCredential) credential = NULL;
  g_autoptr(GError) error = NULL;

  if (!test_begin_session (WATCHDOG_SECONDS))
    return;

  set_up ();

  /* A server added earlier (nobody listens there), with a key saved for it. */
  settings = g_settings_new (APP_ID);
  g_settings_set_value (settings, "remote-connections",
                        g_variant_new_parsed ("[(%s, %s, 'http://127.0.0.1:9')]", REMOTE_ID, REMOTE_TITLE));
  g_settings_set_string (settings, "active-connection", REMOTE_ID);

  credential = aivo_credential_generate (aivo_credential_kind_for_environment (AIVO_ENVIRONMENT_PRODUCTION), &error);
  g_assert_no_error (error);
  saved_key_id = aivo_credential_dup_key_id (credential);
  store = aivo_secret_store_new ();
  aivo_secret_store_store_key_sync (store, REMOTE_ID, saved_key_id, AIVO_ENVIRONMENT_PRODUCTION, "CRM Integration",
                                    aivo_credential_peek_secret (credential), NULL, &error);
  g_assert_no_error (error);

  run_app (remove_server);

  /* Whatever a failed run left behind. */
  aivo_secret_store_delete_connection_sync (store, REMOTE_ID, NULL, NULL);
  g_settings_reset (settings, "remote-connections");
  g_settings_reset (settings, "active-connection");
  g_clear_pointer (&saved_key_id, g_free);
  tear_down ();
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/window/state-kept-on-quit", test_state_kept_on_quit);
  g_test_add_func ("/window/key-row-narrow", test_key_row_narrow);
  g_test_add_func ("/window/wizard-from-outside-refreshes-keys", test_wizard_from_outside_refreshes_keys);
  g_test_add_func ("/window/remove-server-asks-first", test_remove_server_asks_first);

  return g_test_run ();
}
