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
#include "app-test-sandbox.h"
#include "app-test-util.h"

#define WATCHDOG_SECONDS 120
#define WAIT_MS          20000

static GApplication *application;

typedef struct
{
  TestConnection         conn;
  AivoBackground        *background;
  GtkWindow             *parent;
  AivoPreferencesWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *autostart = aivo_background_dup_autostart_path ();
  g_autofree char *autostart_dir = g_path_get_dirname (autostart);
  static const char * const reset[] = {
    "run-in-background", "production-rotation-days", "development-rotation-days", NULL,
  };

  if (!test_begin_session (WATCHDOG_SECONDS))
    return;

  test_remove_tree (autostart_dir);

  /* Not started: the export's first case has no connection yet. */
  test_connection_set_up (&fixture->conn, reset);
  fixture->background = aivo_background_new_full (application, fixture->conn.settings, FALSE);

  fixture->parent = GTK_WINDOW (gtk_window_new ());
  g_object_add_weak_pointer (G_OBJECT (fixture->parent), (gpointer *) &fixture->parent);
  test_present (fixture->parent);

  fixture->window = AIVO_PREFERENCES_WINDOW (aivo_preferences_window_new (fixture->parent, fixture->conn.manager,
                                                                          fixture->background));
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  test_present (GTK_WINDOW (fixture->window));
  test_assert_controls_named (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (!test_have_session ())
    return;

  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_null (fixture->window);
  if (fixture->parent != NULL)
    gtk_window_destroy (fixture->parent);

  g_settings_reset (fixture->conn.settings, "run-in-background");
  g_clear_object (&fixture->background);
  test_connection_tear_down (&fixture->conn);

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

  if (!test_have_session ())
    return;

  production = GTK_SPIN_BUTTON (find (fixture, GTK_TYPE_SPIN_BUTTON, "Production keys: days between rotations"));
  development = GTK_SPIN_BUTTON (find (fixture, GTK_TYPE_SPIN_BUTTON,
                                       "Development and testing keys: days between rotations"));

  /* The article's schedule by default. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (production), ==, 90);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (development), ==, 30);
  g_assert_nonnull (test_find_row_with_title (GTK_WIDGET (fixture->window), "_Production Keys"));

  test_screenshot ("preferences.png");

  gtk_spin_button_set_value (production, 60);
  g_assert_cmpuint (g_settings_get_uint (fixture->conn.settings, "production-rotation-days"), ==, 60);
  gtk_spin_button_set_value (development, 0);
  g_assert_cmpuint (g_settings_get_uint (fixture->conn.settings, "development-rotation-days"), ==, 1);
  gtk_spin_button_set_value (development, 99999);
  g_assert_cmpuint (g_settings_get_uint (fixture->conn.settings, "development-rotation-days"), ==, 3650);

  g_settings_set_uint (fixture->conn.settings, "development-rotation-days", 14);
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

  if (!test_have_session ())
    return;

  toggle = GTK_SWITCH (find (fixture, GTK_TYPE_SWITCH, "Run in background for reminders"));
  g_assert_false (gtk_switch_get_active (toggle));
  g_assert_nonnull (test_find_row_with_title (GTK_WIDGET (fixture->window), "Run in _Background for Reminders"));
  g_assert_null (test_find_visible_label (GTK_WIDGET (fixture->window), "login"));

  gtk_switch_set_active (toggle, TRUE);
  g_assert_true (g_settings_get_boolean (fixture->conn.settings, "run-in-background"));
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
  test_screenshot ("preferences-background-error.png");

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

  aivo_preferences_window_export_async (fixture->window, file, NULL, test_store_result, &result);
  if (!aivo_preferences_window_export_finish (fixture->window, test_wait_result (&result), error))
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

  if (!test_have_session ())
    return;

  /* Not connected yet: a sentence that says so. */
  file = g_file_new_build_filename (fixture->conn.data_dir, "export.ics", NULL);
  g_assert_null (export_to (fixture, file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  g_assert_false (g_file_query_exists (file, NULL));
  g_clear_error (&error);

  test_connection_start (&fixture->conn);
  crm = test_connection_create_key (&fixture->conn, "CRM Integration", AIVO_ENVIRONMENT_PRODUCTION, NULL);
  widget = test_connection_create_key (&fixture->conn, "Website Widget", AIVO_ENVIRONMENT_TESTING, NULL);

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
  nowhere = g_file_new_build_filename (fixture->conn.data_dir, "missing", "export.ics", NULL);
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

  if (!test_have_session ())
    return;

  test_connection_start (&fixture->conn);
  crm = test_connection_create_key (&fixture->conn, "CRM Integration", AIVO_ENVIRONMENT_PRODUCTION, NULL);

  test_click (test_find_button_for_action (GTK_WIDGET (fixture->window), "preferences.export"));
  chooser = test_wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, GTK_WINDOW (fixture->window), WAIT_MS);
  g_assert_nonnull (chooser);

  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (name, ==, "aivo-key-rotation.ics");
  /* Moving elsewhere while the first folder loads shows an error in
   * GTK 4.8: let each load finish, as a person would. */
  test_spin (500);
  folder = g_file_new_for_path (fixture->conn.data_dir);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, &error);
  g_assert_no_error (error);
  test_spin (500);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  file = g_file_get_child (folder, "aivo-key-rotation.ics");
  g_assert_true (test_wait_until (file_exists, file, WAIT_MS));
  test_spin (200);
  g_assert_nonnull (test_find_visible_label (GTK_WIDGET (fixture->window), "aivo-key-rotation.ics"));
  test_screenshot ("preferences-exported.png");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config_dir = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  /* The autostart entry goes somewhere of the test's own. */
  config_dir = test_use_scratch_config ("aivo-preferences-config-XXXXXX");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  if (test_have_session ())
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
