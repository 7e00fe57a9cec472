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
#include "aivo-window.h"

struct _AivoApplication
{
  AdwApplication  parent_instance;

  /* Owned references */
  GSettings             *settings;
  AivoConnectionManager *manager;
};

G_DEFINE_FINAL_TYPE (AivoApplication, aivo_application, ADW_TYPE_APPLICATION)

static void
aivo_application_activate (GApplication *app)
{
  AivoApplication *self = (AivoApplication *)app;
  GtkWindow *window;

  g_assert (AIVO_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (aivo_window_new (self));

  gtk_window_present (window);
}

static void
aivo_application_startup (GApplication *app)
{
  AivoApplication *self = (AivoApplication *)app;

  G_APPLICATION_CLASS (aivo_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);

  gtk_window_set_default_icon_name (APP_ID);
}

static void
aivo_application_shutdown (GApplication *app)
{
  AivoApplication *self = (AivoApplication *)app;

  /* Stops the built-in sandbox and joins its thread before GTK goes away. */
  if (self->manager != NULL)
    aivo_connection_manager_shutdown (self->manager);

  G_APPLICATION_CLASS (aivo_application_parent_class)->shutdown (app);
}

static void
aivo_application_finalize (GObject *object)
{
  AivoApplication *self = (AivoApplication *)object;

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
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
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
}

static void
aivo_application_init (AivoApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
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
