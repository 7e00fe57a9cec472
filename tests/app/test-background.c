/* test-background.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* "Run in background for reminders": the application hold, the XDG
 * autostart entry (under a throw-away XDG_CONFIG_HOME), the Background
 * portal as Flatpak has it (a stand-in for xdg-desktop-portal on the
 * session bus: the portal is the desktop's API, not ours), and
 * `aivo-studio --background`. Needs the session bus and display of
 * build-aux/headless, and skips without them. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "aivo-application.h"
#include "aivo-background-private.h"
#include "app-test-util.h"

#define WATCHDOG_SECONDS 120
#define WAIT_MS          20000

static GApplication *application;
static GSettings *settings;

static gboolean
have_test_session (void)
{
  const char *scratch = g_getenv ("AIVO_HEADLESS_SCRATCH");

  return scratch != NULL && *scratch != '\0' && g_getenv ("DISPLAY") != NULL;
}

/* Outside build-aux/headless these tests would hold the developer's own
 * session, write an autostart entry into their real config and talk to
 * their real portal: skip them there (CI always runs them). */
static gboolean
begin_session_or_skip (void)
{
  if (have_test_session ())
    return TRUE;

  g_test_skip ("Skipped outside build-aux/headless: it would change your own session's "
               "autostart entries and talk to its portal");
  return FALSE;
}

static gboolean
file_exists (const char *path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
set_up (void)
{
  g_autofree char *path = aivo_background_dup_autostart_path ();
  g_autofree char *dir = g_path_get_dirname (path);

  test_watchdog_arm (WATCHDOG_SECONDS);
  test_remove_tree (dir);
  g_settings_reset (settings, "run-in-background");
}

/* The autostart entry ------------------------------------------------------ */

static void
assert_autostart_entry (const char *path)
{
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *icon = NULL;
  g_autofree char *name = NULL;
  g_autofree char *type = NULL;
  g_autofree char *validator = g_find_program_in_path ("desktop-file-validate");

  g_key_file_load_from_file (entry, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);

  type = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE, NULL);
  g_assert_cmpstr (type, ==, "Application");
  exec = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, NULL);
  g_assert_cmpstr (exec, ==, "aivo-studio --background");
  icon = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_ICON, NULL);
  g_assert_cmpstr (icon, ==, APP_ID);
  name = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NAME, NULL);
  g_assert_cmpstr (name, ==, "AIVO Studio");
  g_assert_true (g_key_file_get_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", &error));
  g_assert_no_error (error);
  g_assert_false (g_key_file_get_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TERMINAL, &error));
  g_assert_no_error (error);

  /* What the desktop's own tools say of it. */
  if (validator != NULL)
    {
      const char *argv[] = { validator, path, NULL };
      g_autofree char *output = NULL;
      int status = -1;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                    &output, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (output, ==, "");
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
}

static void
test_autostart_file (void)
{
  g_autofree char *path = aivo_background_dup_autostart_path ();
  g_autoptr(AivoBackground) background = NULL;
  g_autofree char *expected_path = NULL;

  if (!begin_session_or_skip ())
    return;

  set_up ();
  expected_path = g_build_filename (g_getenv ("XDG_CONFIG_HOME"), "autostart", "bz.aivo.Studio.desktop", NULL);
  g_assert_cmpstr (path, ==, expected_path);

  background = aivo_background_new_full (application, settings, FALSE);
  g_assert_false (aivo_background_get_uses_portal (background));
  g_assert_false (aivo_background_get_holding (background));
  g_assert_false (file_exists (path));

  g_settings_set_boolean (settings, "run-in-background", TRUE);
  g_assert_true (aivo_background_get_holding (background));
  g_assert_true (file_exists (path));
  assert_autostart_entry (path);
  g_assert_null (aivo_background_get_error_message (background));

  g_settings_set_boolean (settings, "run-in-background", FALSE);
  g_assert_false (aivo_background_get_holding (background));
  g_assert_false (file_exists (path));
  g_assert_null (aivo_background_get_error_message (background));

  /* Turning it off again, with no entry left, is no error either. */
  g_settings_set_boolean (settings, "run-in-background", TRUE);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_settings_set_boolean (settings, "run-in-background", FALSE);
  g_assert_null (aivo_background_get_error_message (background));

  test_watchdog_disarm ();
}

/* At start-up the setting only holds the application: an entry removed
 * by the user in another tool stays removed. */
static void
test_start_up_keeps_entry_alone (void)
{
  g_autofree char *path = aivo_background_dup_autostart_path ();
  g_autoptr(AivoBackground) background = NULL;

  if (!begin_session_or_skip ())
    return;

  set_up ();
  g_settings_set_boolean (settings, "run-in-background", TRUE);

  background = aivo_background_new_full (application, settings, FALSE);
  g_assert_true (aivo_background_get_holding (background));
  g_assert_false (file_exists (path));

  /* Gone with its owner: the hold too. */
  g_clear_object (&background);
  g_settings_reset (settings, "run-in-background");

  test_watchdog_disarm ();
}

/* No place to write the entry: still running in the background, and a
 * sentence saying what did not work. */
static void
test_autostart_error (void)
{
  g_autofree char *path = aivo_background_dup_autostart_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(AivoBackground) background = NULL;
  g_autoptr(GError) error = NULL;
  const char *message;

  if (!begin_session_or_skip ())
    return;

  set_up ();
  /* A file where the folder should be. */
  g_file_set_contents (dir, "", 0, &error);
  g_assert_no_error (error);

  background = aivo_background_new_full (application, settings, FALSE);
  g_settings_set_boolean (settings, "run-in-background", TRUE);
  g_assert_true (aivo_background_get_holding (background));
  message = aivo_background_get_error_message (background);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "start at login"));

  /* A new attempt starts clean. */
  g_assert_cmpint (g_unlink (dir), ==, 0);
  g_settings_set_boolean (settings, "run-in-background", FALSE);
  g_assert_null (aivo_background_get_error_message (background));

  test_watchdog_disarm ();
}

/* The hold: one per "on", released by "off", never twice. If a hold were
 * left over, g_application_run() would never return (the watchdog fails
 * the test); one released too soon would make it return before the end. */

typedef struct
{
  AivoBackground *background;
  guint           step;
} HoldRun;

static gboolean
hold_step_cb (gpointer data)
{
  HoldRun *run = data;

  switch (run->step++)
    {
    case 0:
      /* Off and on again, on again: still exactly one hold. */
      g_settings_set_boolean (settings, "run-in-background", FALSE);
      g_settings_set_boolean (settings, "run-in-background", TRUE);
      g_settings_set_boolean (settings, "run-in-background", TRUE);
      g_assert_true (aivo_background_get_holding (run->background));
      return G_SOURCE_CONTINUE;

    case 1:
      /* Still running: the loop came back here. Now off for good. */
      g_settings_set_boolean (settings, "run-in-background", FALSE);
      g_assert_false (aivo_background_get_holding (run->background));
      return G_SOURCE_REMOVE;

    default:
      g_assert_not_reached ();
    }
}

static void
hold_activate_cb (GApplication *app,
                  HoldRun      *run)
{
  run->background = aivo_background_new_full (app, settings, FALSE);
  g_settings_set_boolean (settings, "run-in-background", TRUE);
  g_timeout_add (50, hold_step_cb, run);
}

static void
test_hold (void)
{
  g_autoptr(GApplication) app = NULL;
  HoldRun run = { NULL, 0 };
  char *argv[] = { (char *) "test-background", NULL };

  if (!begin_session_or_skip ())
    return;

  set_up ();
  app = g_application_new ("bz.aivo.Studio.TestHold", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (hold_activate_cb), &run);

  g_assert_cmpint (g_application_run (app, 1, argv), ==, 0);
  g_assert_cmpuint (run.step, ==, 2);

  g_clear_object (&run.background);
  test_watchdog_disarm ();
}

/* The Background portal ---------------------------------------------------- */

static const char portal_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Background'>"
  "    <method name='RequestBackground'>"
  "      <arg type='s' name='parent_window' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct
{
  GDBusConnection *connection;
  GDBusNodeInfo   *info;
  guint            registration;
  guint            owner_id;
  gboolean         acquired;

  /* The answer to give */
  guint32          response;
  gboolean         background;
  gboolean         autostart;

  /* What was asked */
  guint            n_requests;
  char            *parent_window;
  GVariant        *options;
} Portal;

static void
portal_method_cb (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  Portal *portal = user_data;
  g_auto(GVariantBuilder) results = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *unique = g_strdup (sender + 1);
  g_autofree char *handle = NULL;
  const char *token = NULL;

  g_clear_pointer (&portal->parent_window, g_free);
  g_clear_pointer (&portal->options, g_variant_unref);
  g_variant_get (parameters, "(s@a{sv})", &portal->parent_window, &portal->options);
  portal->n_requests++;

  /* As xdg-desktop-portal does: the path from the sender and the token. */
  g_assert_true (g_variant_lookup (portal->options, "handle_token", "&s", &token));
  g_strdelimit (unique, ".", '_');
  handle = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", unique, token);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", handle));

  g_variant_builder_add (&results, "{sv}", "background", g_variant_new_boolean (portal->background));
  g_variant_builder_add (&results, "{sv}", "autostart", g_variant_new_boolean (portal->autostart));
  g_dbus_connection_emit_signal (connection, sender, handle, "org.freedesktop.portal.Request", "Response",
                                 g_variant_new ("(ua{sv})", portal->response, &results), NULL);
}

static const GDBusInterfaceVTable portal_vtable = { portal_method_cb, NULL, NULL, { 0 } };

static void
portal_acquired_cb (GDBusConnection *connection,
                    const char      *name,
                    gpointer         user_data)
{
  ((Portal *) user_data)->acquired = TRUE;
}

static gboolean
portal_is_ready (gpointer data)
{
  return ((Portal *) data)->acquired;
}

static Portal *
portal_new (guint32  response,
            gboolean background,
            gboolean autostart)
{
  Portal *portal = g_new0 (Portal, 1);
  g_autoptr(GError) error = NULL;

  portal->response = response;
  portal->background = background;
  portal->autostart = autostart;
  portal->connection = g_application_get_dbus_connection (application);
  g_assert_nonnull (portal->connection);
  portal->info = g_dbus_node_info_new_for_xml (portal_xml, &error);
  g_assert_no_error (error);
  portal->registration = g_dbus_connection_register_object (portal->connection, "/org/freedesktop/portal/desktop",
                                                            portal->info->interfaces[0], &portal_vtable,
                                                            portal, NULL, &error);
  g_assert_no_error (error);
  portal->owner_id = g_bus_own_name_on_connection (portal->connection, "org.freedesktop.portal.Desktop",
                                                   G_BUS_NAME_OWNER_FLAGS_NONE,
                                                   portal_acquired_cb, NULL, portal, NULL);
  g_assert_true (test_wait_until (portal_is_ready, portal, WAIT_MS));

  return portal;
}

static void
portal_free (Portal *portal)
{
  g_bus_unown_name (portal->owner_id);
  g_dbus_connection_unregister_object (portal->connection, portal->registration);
  g_clear_pointer (&portal->info, g_dbus_node_info_unref);
  g_clear_pointer (&portal->options, g_variant_unref);
  g_free (portal->parent_window);
  g_free (portal);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Portal, portal_free)

static gboolean
is_answered (gpointer data)
{
  return !aivo_background_get_pending (data);
}

static void
wait_answer (AivoBackground *background)
{
  g_assert_true (aivo_background_get_pending (background));
  g_assert_true (test_wait_until (is_answered, background, WAIT_MS));
}

static void
assert_request (Portal   *portal,
                gboolean  autostart)
{
  g_autofree const char **commandline = NULL;
  const char *reason = NULL;
  gboolean asked_autostart = !autostart;

  g_assert_cmpstr (portal->parent_window, ==, "");
  g_assert_true (g_variant_lookup (portal->options, "reason", "&s", &reason));
  g_assert_cmpuint (strlen (reason), >, 0);
  g_assert_true (g_variant_lookup (portal->options, "autostart", "b", &asked_autostart));
  g_assert_cmpint (asked_autostart, ==, autostart);
  g_assert_true (g_variant_lookup (portal->options, "commandline", "^a&s", &commandline));
  g_assert_cmpstrv (commandline, ((const char * const[]) { "aivo-studio", "--background", NULL }));
}

typedef struct
{
  guint32     response;
  gboolean    background;
  gboolean    autostart;
  gboolean    holding;       /* afterwards */
  const char *error_part;    /* NULL: no error */
} PortalCase;

static const PortalCase portal_cases[] = {
  { 0, TRUE, TRUE, TRUE, NULL },
  /* Allowed to run, but not at login. */
  { 0, TRUE, FALSE, TRUE, "not start at login" },
  /* The user said no in the portal's dialog, or the portal refused. */
  { 1, FALSE, FALSE, FALSE, "did not allow" },
  { 2, FALSE, FALSE, FALSE, "did not allow" },
  { 0, FALSE, FALSE, FALSE, "did not allow" },
};

static void
test_portal (gconstpointer data)
{
  const PortalCase *c = data;
  g_autofree char *path = aivo_background_dup_autostart_path ();
  g_autoptr(AivoBackground) background = NULL;
  g_autoptr(Portal) portal = NULL;
  const char *message;

  if (!begin_session_or_skip ())
    return;

  set_up ();
  portal = portal_new (c->response, c->background, c->autostart);
  background = aivo_background_new_full (application, settings, TRUE);
  g_assert_true (aivo_background_get_uses_portal (background));

  g_settings_set_boolean (settings, "run-in-background", TRUE);
  wait_answer (background);
  g_assert_cmpuint (portal->n_requests, ==, 1);
  assert_request (portal, TRUE);

  g_assert_cmpint (aivo_background_get_holding (background), ==, c->holding);
  g_assert_cmpint (g_settings_get_boolean (settings, "run-in-background"), ==, c->holding);
  message = aivo_background_get_error_message (background);
  if (c->error_part == NULL)
    g_assert_null (message);
  else
    g_assert_nonnull (strstr (message, c->error_part));

  /* The portal, never a file, inside Flatpak. */
  g_assert_false (file_exists (path));

  if (c->holding)
    {
      g_settings_set_boolean (settings, "run-in-background", FALSE);
      g_assert_false (aivo_background_get_holding (background));
      wait_answer (background);
      g_assert_cmpuint (portal->n_requests, ==, 2);
      assert_request (portal, FALSE);
    }
  else
    {
      /* Turned back off without asking the portal again. */
      test_spin (100);
      g_assert_cmpuint (portal->n_requests, ==, 1);
    }

  test_watchdog_disarm ();
}

/* No portal on the bus at all. */
static void
test_no_portal (void)
{
  g_autoptr(AivoBackground) background = NULL;

  if (!begin_session_or_skip ())
    return;

  set_up ();
  background = aivo_background_new_full (application, settings, TRUE);
  g_settings_set_boolean (settings, "run-in-background", TRUE);
  wait_answer (background);

  g_assert_false (aivo_background_get_holding (background));
  g_assert_false (g_settings_get_boolean (settings, "run-in-background"));
  g_assert_nonnull (strstr (aivo_background_get_error_message (background), "Could not ask the system"));

  test_watchdog_disarm ();
}

/* aivo-studio --background ------------------------------------------------- */

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 gpointer        user_data)
{
  g_error ("--background opened a window");
}

static gboolean
background_checks_cb (gpointer data)
{
  AivoApplication *app = data;
  AivoConnectionManager *manager = aivo_application_get_connection_manager (app);
  GAction *action;

  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_assert_true (aivo_background_get_holding (aivo_application_get_background (app)));
  g_assert_nonnull (aivo_application_get_reminder_service (app));
  /* The reminders' connection is made without a window to draw. */
  g_assert_cmpint (aivo_connection_manager_get_state (manager), !=, AIVO_CONNECTION_STATE_IDLE);

  /* What the notifications' buttons and the menu need. */
  action = g_action_map_lookup_action (G_ACTION_MAP (app), "remind-later");
  g_assert_nonnull (action);
  /* (connection id, key id): the key of the reminder's own connection. */
  g_assert_true (g_variant_type_equal (g_action_get_parameter_type (action), G_VARIANT_TYPE ("(ss)")));
  g_assert_nonnull (g_action_map_lookup_action (G_ACTION_MAP (app), "preferences"));
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");

    g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>comma"));
  }

  /* Turned off in Preferences (of another instance): the process ends. */
  g_settings_set_boolean (settings, "run-in-background", FALSE);

  return G_SOURCE_REMOVE;
}

static void
run_background (gboolean enabled)
{
  g_autoptr(AivoApplication) app = NULL;
  g_autofree char *sandbox_dir = g_build_filename (g_get_user_data_dir (), "aivo-studio", NULL);
  char *argv[] = { (char *) "aivo-studio", (char *) "--background", NULL };

  set_up ();
  g_settings_set_boolean (settings, "run-in-background", enabled);

  app = aivo_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
  if (enabled)
    g_timeout_add (200, background_checks_cb, app);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 2, argv), ==, 0);

  test_remove_tree (sandbox_dir);
  test_watchdog_disarm ();
}

static void
test_command_line_background (void)
{
  if (!have_test_session ())
    {
      g_test_skip ("Needs the display and session bus of build-aux/headless");
      return;
    }

  run_background (TRUE);
}

/* With the setting off, --background does not stay. */
static void
test_command_line_background_off (void)
{
  if (!have_test_session ())
    {
      g_test_skip ("Needs the display and session bus of build-aux/headless");
      return;
    }

  run_background (FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config_dir = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  /* Before anything asks GLib where the configuration lives. */
  config_dir = test_use_scratch_config ("aivo-background-XXXXXX");

  g_test_init (&argc, &argv, NULL);

  if (have_test_session ())
    {
      settings = g_settings_new (APP_ID);
      application = g_application_new ("bz.aivo.Studio.TestBackground", G_APPLICATION_NON_UNIQUE);
      g_application_register (application, NULL, &error);
      g_assert_no_error (error);
    }

  g_test_add_func ("/background/autostart-file", test_autostart_file);
  g_test_add_func ("/background/start-up-keeps-entry-alone", test_start_up_keeps_entry_alone);
  g_test_add_func ("/background/autostart-error", test_autostart_error);
  g_test_add_func ("/background/hold", test_hold);
  for (guint i = 0; i < G_N_ELEMENTS (portal_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/background/portal/%u", i);

      g_test_add_data_func (path, &portal_cases[i], test_portal);
    }
  g_test_add_func ("/background/no-portal", test_no_portal);
  g_test_add_func ("/background/command-line", test_command_line_background);
  g_test_add_func ("/background/command-line-off", test_command_line_background_off);

  status = g_test_run ();

  g_clear_object (&application);
  g_clear_object (&settings);
  test_remove_tree (config_dir);

  return status;
}
