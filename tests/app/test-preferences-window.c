/* test-preferences-window.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Preferences driven through its widgets under a real display: the
 * rotation intervals and the background switch bound to GSettings, the
 * background's errors shown under the switch, and "Export Reminders…"
 * through the file chooser to an iCalendar file, against the built-in
 * sandbox (run by the connection manager on a thread of this process, in a
 * throw-away data directory). Needs build-aux/headless, and skips without
 * it.
 *
 * With AIVO_SCREENSHOT_DIR set, the window is saved as a screenshot of the
 * X screen (ImageMagick's import). */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "aivo-background-private.h"
#include "aivo-preferences-window.h"
#include "app-test-util.h"

#define WATCHDOG_SECONDS 120
#define WAIT_MS          20000

static GApplication *application;

typedef struct
{
  char                  *data_dir;
  GSettings             *settings;
  AivoSecretStore       *store;
  AivoConnectionManager *manager;
  AivoBackground        *background;
  GtkWindow             *parent;
  AivoPreferencesWindow *window;
} Fixture;

static gboolean
have_test_session (void)
{
  const char *scratch = g_getenv ("AIVO_HEADLESS_SCRATCH");

  return scratch != NULL && *scratch != '\0' && g_str_has_prefix (g_get_user_data_dir (), scratch);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  g_assert_true (test_wait_until (is_set, result, WAIT_MS));

  return *result;
}

static gboolean
manager_is_ready (gpointer data)
{
  return aivo_connection_manager_get_state (data) == AIVO_CONNECTION_STATE_READY;
}

static void
screenshot (const char *name)
{
  const char *dir = g_getenv ("AIVO_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL || *dir == '\0')
    return;

  test_spin (500);
  path = g_build_filename (dir, name, NULL);
  command = g_strdup_printf ("import -window root %s", path);
  if (!g_spawn_command_line_sync (command, NULL, NULL, NULL, &error))
    g_test_message ("No screenshot %s: %s", name, error->message);
}

static AivoKey *
create_key (Fixture         *fixture,
            const char      *name,
            AivoEnvironment  environment)
{
  AivoClient *client = aivo_connection_manager_get_client (fixture->manager);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AivoSecret) secret = NULL;
  g_autoptr(GError) error = NULL;
  AivoKey *key;

  aivo_client_create_key_async (client, name, environment, AIVO_SCOPE_CALLS_READ, NULL, NULL,
                                store_result, &result);
  key = aivo_client_create_key_finish (client, wait_result (&result), &secret, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);

  return key;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *autostart = aivo_background_dup_autostart_path ();
  g_autofree char *autostart_dir = g_path_get_dirname (autostart);
  g_autoptr(GError) error = NULL;

  if (!have_test_session ())
    {
      g_test_skip ("Needs the display, session bus and keyring of build-aux/headless");
      return;
    }

  test_watchdog_arm (WATCHDOG_SECONDS);
  test_remove_tree (autostart_dir);

  fixture->data_dir = g_dir_make_tmp ("aivo-preferences-XXXXXX", &error);
  g_assert_no_error (error);

  fixture->settings = g_settings_new (APP_ID);
  g_settings_reset (fixture->settings, "active-connection");
  g_settings_reset (fixture->settings, "run-in-background");
  g_settings_reset (fixture->settings, "production-rotation-days");
  g_settings_reset (fixture->settings, "development-rotation-days");

  fixture->store = aivo_secret_store_new ();
  fixture->manager = aivo_connection_manager_new (fixture->settings, fixture->store, fixture->data_dir);
  fixture->background = aivo_background_new_full (application, fixture->settings, FALSE);

  fixture->parent = GTK_WINDOW (gtk_window_new ());
  g_object_add_weak_pointer (G_OBJECT (fixture->parent), (gpointer *) &fixture->parent);
  test_present (fixture->parent);

  fixture->window = AIVO_PREFERENCES_WINDOW (aivo_preferences_window_new (fixture->parent, fixture->manager,
                                                                          fixture->background));
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  test_present (GTK_WINDOW (fixture->window));
  test_assert_controls_named (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (!have_test_session ())
    return;

  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_null (fixture->window);
  if (fixture->parent != NULL)
    gtk_window_destroy (fixture->parent);

  g_settings_reset (fixture->settings, "run-in-background");
  g_clear_object (&fixture->background);
  aivo_connection_manager_shutdown (fixture->manager);
  g_clear_object (&fixture->manager);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->settings);
  test_remove_tree (fixture->data_dir);
  g_clear_pointer (&fixture->data_dir, g_free);

  test_watchdog_disarm ();
}

static GtkWidget *
find (Fixture    *fixture,
      GType       type,
      const char *label)
{
  GtkWidget *widget = test_find_by_accessible_label (GTK_WIDGET (fixture->window), type, label);

  g_assert_nonnull (widget);
  return widget;
}

/* The intervals: both ways between the spin buttons and GSettings, within
 * the schema's range. */
static void
test_rotation_days (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkSpinButton *production;
  GtkSpinButton *development;

  if (!have_test_session ())
    return;

  production = GTK_SPIN_BUTTON (find (fixture, GTK_TYPE_SPIN_BUTTON, "Production keys: days between rotations"));
  development = GTK_SPIN_BUTTON (find (fixture, GTK_TYPE_SPIN_BUTTON,
                                       "Development and testing keys: days between rotations"));

  /* The article's schedule by default. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (production), ==, 90);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (development), ==, 30);
  g_assert_nonnull (test_find_row_with_title (GTK_WIDGET (fixture->window), "_Production Keys"));

  screenshot ("preferences.png");

  gtk_spin_button_set_value (production, 60);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "production-rotation-days"), ==, 60);
  gtk_spin_button_set_value (development, 0);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "development-rotation-days"), ==, 1);
  gtk_spin_button_set_value (development, 99999);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "development-rotation-days"), ==, 3650);

  g_settings_set_uint (fixture->settings, "development-rotation-days", 14);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (development), ==, 14);
}

/* The switch is the setting; what went wrong is said under it. */
static void
test_background_switch (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *autostart = aivo_background_dup_autostart_path ();
  g_autofree char *autostart_dir = g_path_get_dirname (autostart);
  g_autoptr(GError) error = NULL;
  GtkSwitch *toggle;

  if (!have_test_session ())
    return;

  toggle = GTK_SWITCH (find (fixture, GTK_TYPE_SWITCH, "Run in background for reminders"));
  g_assert_false (gtk_switch_get_active (toggle));
  g_assert_nonnull (test_find_row_with_title (GTK_WIDGET (fixture->window), "Run in _Background for Reminders"));
  g_assert_null (test_find_visible_label (GTK_WIDGET (fixture->window), "login"));

  gtk_switch_set_active (toggle, TRUE);
  g_assert_true (g_settings_get_boolean (fixture->settings, "run-in-background"));
  g_assert_true (aivo_background_get_holding (fixture->background));
  g_assert_true (g_file_test (autostart, G_FILE_TEST_IS_REGULAR));

  gtk_switch_set_active (toggle, FALSE);
  g_assert_false (g_file_test (autostart, G_FILE_TEST_EXISTS));
  g_assert_false (aivo_background_get_holding (fixture->background));

  /* Where the entry should go, a file: the reason is shown. */
  test_remove_tree (autostart_dir);
  g_file_set_contents (autostart_dir, "", 0, &error);
  g_assert_no_error (error);
  gtk_switch_set_active (toggle, TRUE);
  g_assert_nonnull (test_find_visible_label (GTK_WIDGET (fixture->window), "could not be set to start at login"));
  screenshot ("preferences-background-error.png");

  gtk_switch_set_active (toggle, FALSE);
  g_assert_null (test_find_visible_label (GTK_WIDGET (fixture->window), "login"));
  g_assert_cmpint (g_unlink (autostart_dir), ==, 0);
}

static char *
export_to (Fixture  *fixture,
           GFile    *file,
           GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  char *contents = NULL;

  aivo_preferences_window_export_async (fixture->window, file, NULL, store_result, &result);
  if (!aivo_preferences_window_export_finish (fixture->window, wait_result (&result), error))
    return NULL;

  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL));
  return contents;
}

static guint
count (const char *text,
       const char *part)
{
  guint n = 0;

  for (const char *p = strstr (text, part); p != NULL; p = strstr (p + 1, part))
    n++;

  return n;
}

/* Export: one event per key of the active connection. */
static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(AivoKey) crm = NULL;
  g_autoptr(AivoKey) widget = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) nowhere = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *uid = NULL;

  if (!have_test_session ())
    return;

  /* Not connected yet: a sentence that says so. */
  file = g_file_new_build_filename (fixture->data_dir, "export.ics", NULL);
  g_assert_null (export_to (fixture, file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  g_assert_false (g_file_query_exists (file, NULL));
  g_clear_error (&error);

  aivo_connection_manager_start (fixture->manager);
  g_assert_true (test_wait_until (manager_is_ready, fixture->manager, WAIT_MS));
  crm = create_key (fixture, "CRM Integration", AIVO_ENVIRONMENT_PRODUCTION);
  widget = create_key (fixture, "Website Widget", AIVO_ENVIRONMENT_TESTING);

  contents = export_to (fixture, file, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "BEGIN:VCALENDAR\r\n"));
  g_assert_cmpuint (count (contents, "BEGIN:VEVENT\r\n"), ==, 2);
  uid = g_strdup_printf ("UID:%s-", aivo_key_get_id (crm));
  g_assert_nonnull (strstr (contents, uid));
  g_clear_pointer (&uid, g_free);
  uid = g_strdup_printf ("UID:%s-", aivo_key_get_id (widget));
  g_assert_nonnull (strstr (contents, uid));
  g_assert_nonnull (strstr (contents, "Built-in Sandbox"));

  /* A folder that is not there: the reason, not a crash. */
  nowhere = g_file_new_build_filename (fixture->data_dir, "missing", "export.ics", NULL);
  g_assert_null (export_to (fixture, nowhere, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Could not save the reminders: "));
}

static gboolean
file_exists (gpointer data)
{
  return g_file_query_exists (data, NULL);
}

/* The way a user goes: the button, the file chooser with its proposed
 * name, a folder, Export; then a toast. */
static void
test_export_through_chooser (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(AivoKey) crm = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GtkWindow *chooser;

  if (!have_test_session ())
    return;

  aivo_connection_manager_start (fixture->manager);
  g_assert_true (test_wait_until (manager_is_ready, fixture->manager, WAIT_MS));
  crm = create_key (fixture, "CRM Integration", AIVO_ENVIRONMENT_PRODUCTION);

  test_click (test_find_button_for_action (GTK_WIDGET (fixture->window), "preferences.export"));
  chooser = test_wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, GTK_WINDOW (fixture->window), WAIT_MS);
  g_assert_nonnull (chooser);

  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (name, ==, "aivo-key-rotation.ics");
  /* Moving elsewhere while the first folder loads shows an error in
   * GTK 4.8: let each load finish, as a person would. */
  test_spin (500);
  folder = g_file_new_for_path (fixture->data_dir);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, &error);
  g_assert_no_error (error);
  test_spin (500);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  file = g_file_get_child (folder, "aivo-key-rotation.ics");
  g_assert_true (test_wait_until (file_exists, file, WAIT_MS));
  test_spin (200);
  g_assert_nonnull (test_find_visible_label (GTK_WIDGET (fixture->window), "aivo-key-rotation.ics"));
  screenshot ("preferences-exported.png");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config_dir = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  /* The autostart entry goes somewhere of the test's own. */
  config_dir = g_dir_make_tmp ("aivo-preferences-config-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  if (have_test_session ())
    {
      application = g_application_new ("bz.aivo.Studio.TestPreferences", G_APPLICATION_NON_UNIQUE);
      g_application_register (application, NULL, &error);
      g_assert_no_error (error);
    }

#define ADD(path, func) \
  g_test_add ("/preferences-window/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("rotation-days", test_rotation_days);
  ADD ("background-switch", test_background_switch);
  ADD ("export", test_export);
  ADD ("export-through-chooser", test_export_through_chooser);

  status = g_test_run ();

  g_clear_object (&application);
  test_remove_tree (config_dir);

  return status;
}
