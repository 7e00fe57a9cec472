/* aivo-application.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-application"

#include "config.h"

#include <glib/gi18n.h>

#include "aivo-application.h"
#include "aivo-background.h"
#include "aivo-clock.h"
#include "aivo-preferences-window.h"
#include "aivo-reminder-service.h"
#include "aivo-window.h"

struct _AivoApplication
{
  AdwApplication  parent_instance;

  /* Owned references */
  GSettings             *settings;
  AivoConnectionManager *manager;
  AivoReminderService   *reminders;
  AivoBackground        *background;
};

G_DEFINE_FINAL_TYPE (AivoApplication, aivo_application, ADW_TYPE_APPLICATION)

/* Returns: (nullable): the main window. Not the active window: that may be
 * Preferences or a wizard, whichever had the focus last. */
static AivoWindow *
find_main_window (AivoApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (AIVO_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

static void
aivo_application_activate (GApplication *app)
{
  AivoApplication *self = (AivoApplication *)app;
  AivoWindow *window;

  g_assert (AIVO_IS_APPLICATION (self));

  window = find_main_window (self);
  if (window == NULL)
    window = aivo_window_new (self);

  gtk_window_present (GTK_WINDOW (window));
}

static void
aivo_application_startup (GApplication *app)
{
  AivoApplication *self = (AivoApplication *)app;

  G_APPLICATION_CLASS (aivo_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);

  gtk_window_set_default_icon_name (APP_ID);

  /* Reminders run as long as the application does, with a window or not. */
  self->reminders = aivo_reminder_service_new (app, aivo_application_get_connection_manager (self),
                                               self->settings, aivo_clock_get_default ());
  self->background = aivo_background_new (app, self->settings);
}

/* --background: start at login without a window, only for reminders. */
static int
aivo_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  AivoApplication *self = (AivoApplication *)app;
  g_autoptr(GError) error = NULL;

  if (!g_variant_dict_contains (options, AIVO_BACKGROUND_OPTION))
    return -1;

  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  /* Already running: that instance shows the reminders. */
  if (g_application_get_is_remote (app))
    return 0;

  if (g_settings_get_boolean (self->settings, "run-in-background"))
    aivo_connection_manager_start (aivo_application_get_connection_manager (self));
  else
    g_printerr ("%s\n", _("“Run in background for reminders” is off in Preferences, so AIVO Studio "
                          "does not stay in the background."));

  /* No window: g_application_run() goes on while the background holds us. */
  return 0;
}

static void
aivo_application_shutdown (GApplication *app)
{
  AivoApplication *self = (AivoApplication *)app;

  g_clear_object (&self->background);
  g_clear_object (&self->reminders);

  /* Stops the built-in sandbox and joins its thread before GTK goes away. */
  if (self->manager != NULL)
    aivo_connection_manager_shutdown (self->manager);

  G_APPLICATION_CLASS (aivo_application_parent_class)->shutdown (app);
}

static void
aivo_application_finalize (GObject *object)
{
  AivoApplication *self = (AivoApplication *)object;

  g_clear_object (&self->background);
  g_clear_object (&self->reminders);
  g_clear_object (&self->settings);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (aivo_application_parent_class)->finalize (object);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  AivoApplication *self = user_data;
  static const char *developers[] = { "The AIVO Studio Authors", NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _("AIVO Studio"),
                         "application-icon", APP_ID,
                         "developer-name", _("The AIVO Studio Authors"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Keys, requests and docs for the AIVO API"),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  AivoApplication *self = user_data;
  GtkWidget *preferences;

  preferences = aivo_preferences_window_new (GTK_WINDOW (find_main_window (self)),
                                             aivo_application_get_connection_manager (self),
                                             self->background);
  gtk_window_present (GTK_WINDOW (preferences));
}

/* The target of a key's actions: (connection id, key id), the key of a
 * reminder or of the Team page and the connection it belongs to. A
 * notification's target is outside input: whoever activates the action
 * over D-Bus chose it. Whether the connection exists is for the one who
 * acts on it to say. */
static gboolean
get_key_target (GVariant    *parameter,
                const char **connection_id,
                const char **key_id)
{
  g_variant_get (parameter, "(&s&s)", connection_id, key_id);

  if (!aivo_client_is_valid_id (*key_id))
    {
      g_debug ("Not a key id, ignoring the action");
      return FALSE;
    }

  return TRUE;
}

/* "Rotate Now": the window, and over it the wizard for that key on its own
 * connection, which the app switches to if it has left it since (the
 * wizard waits for the connection, also when the app has only just
 * started). */
static void
rotate_key_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  AivoApplication *self = user_data;
  const char *connection_id;
  const char *key_id;

  if (!get_key_target (parameter, &connection_id, &key_id))
    return;

  g_application_activate (G_APPLICATION (self));
  aivo_window_open_rotation_wizard (find_main_window (self), connection_id, key_id);
}

/* A reminder's "Later": the next one comes when the policy says. */
static void
remind_later_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  AivoApplication *self = user_data;
  const char *connection_id;
  const char *key_id;

  if (self->reminders != NULL && get_key_target (parameter, &connection_id, &key_id))
    aivo_reminder_service_remind_later (self->reminders, connection_id, key_id);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "preferences", preferences_action },
  { "remind-later", remind_later_action, "(ss)" },
  { "rotate-key", rotate_key_action, "(ss)" },
  { "quit", quit_action },
};

static void
aivo_application_class_init (AivoApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = aivo_application_finalize;

  app_class->activate = aivo_application_activate;
  app_class->startup = aivo_application_startup;
  app_class->shutdown = aivo_application_shutdown;
  app_class->handle_local_options = aivo_application_handle_local_options;
}

static void
aivo_application_init (AivoApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);

  g_application_add_main_option (G_APPLICATION (self), AIVO_BACKGROUND_OPTION, 0,
                                 G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
                                 _("Start without a window, only to show key rotation reminders"), NULL);
}

AivoApplication *
aivo_application_new (void)
{
  return g_object_new (AIVO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

/* Returns: (transfer none): the one connection manager of the app, made on
 * first use (the sandbox itself starts only when a window asks for it). */
AivoConnectionManager *
aivo_application_get_connection_manager (AivoApplication *self)
{
  g_return_val_if_fail (AIVO_IS_APPLICATION (self), NULL);

  if (self->manager == NULL)
    {
      g_autoptr(AivoSecretStore) secret_store = aivo_secret_store_new ();
      g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "aivo-studio", "sandbox", NULL);

      if (self->settings == NULL)
        self->settings = g_settings_new (APP_ID);

      self->manager = aivo_connection_manager_new (self->settings, secret_store, data_dir);
    }

  return self->manager;
}

GSettings *
aivo_application_get_settings (AivoApplication *self)
{
  g_return_val_if_fail (AIVO_IS_APPLICATION (self), NULL);

  return self->settings;
}

/* Returns: (transfer none) (nullable): the rotation reminders, from start-up on */
AivoReminderService *
aivo_application_get_reminder_service (AivoApplication *self)
{
  g_return_val_if_fail (AIVO_IS_APPLICATION (self), NULL);

  return self->reminders;
}

/* Returns: (transfer none) (nullable): "run in background", from start-up on */
AivoBackground *
aivo_application_get_background (AivoApplication *self)
{
  g_return_val_if_fail (AIVO_IS_APPLICATION (self), NULL);

  return self->background;
}
