/* aivo-preferences-window.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-preferences-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "aivo-clock.h"
#include "aivo-icalendar.h"
#include "aivo-preferences-window.h"
#include "aivo-rotation-policy.h"

/* Rotation intervals, running in the background for reminders, and the
 * rotation dates as an iCalendar file. Every control is bound to GSettings:
 * there is nothing to apply or cancel. */
struct _AivoPreferencesWindow
{
  AdwPreferencesWindow   parent_instance;

  /* Owned references */
  GSettings             *settings;
  AivoConnectionManager *manager;
  AivoBackground        *background;
  AivoRotationPolicy    *policy;
  GCancellable          *cancellable;
  GtkFileChooserNative  *chooser;

  /* Template widgets */
  GtkAdjustment         *production_adjustment;
  GtkAdjustment         *development_adjustment;
  GtkSwitch             *background_switch;
  GtkLabel              *background_error_label;
};

G_DEFINE_FINAL_TYPE (AivoPreferencesWindow, aivo_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
show_toast (AivoPreferencesWindow *self,
            const char            *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static void
background_error_changed_cb (AivoPreferencesWindow *self)
{
  const char *message = self->background != NULL ? aivo_background_get_error_message (self->background) : NULL;

  gtk_label_set_label (self->background_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->background_error_label), message != NULL);
}

/* Export ------------------------------------------------------------------- */

static void
file_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_prefix_error (&error, _("Could not save the reminders: "));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
export_keys_listed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AivoPreferencesWindow *self = g_task_get_source_object (task);
  GFile *file = g_task_get_task_data (task);
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *title = NULL;
  char *text;

  keys = aivo_client_list_keys_finish (AIVO_CLIENT (object), result, NULL, NULL, &error);
  if (keys == NULL)
    {
      g_prefix_error (&error, _("Could not list the keys to export: "));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  now = aivo_clock_now (aivo_clock_get_default ());
  title = aivo_connection_manager_dup_active_title (self->manager);
  text = aivo_icalendar_for_keys (keys, self->policy, title, now);
  bytes = g_bytes_new_take (text, strlen (text));

  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       g_task_get_cancellable (task), file_written_cb, g_object_ref (task));
}

/**
 * aivo_preferences_window_export_async:
 * @file: where to write the iCalendar file
 *
 * Lists the keys of the active connection and writes their rotation dates
 * to @file, replacing it.
 */
void
aivo_preferences_window_export_async (AivoPreferencesWindow *self,
                                      GFile                 *file,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  AivoClient *client = NULL;

  g_return_if_fail (AIVO_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aivo_preferences_window_export_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);

  if (self->manager != NULL && aivo_connection_manager_get_state (self->manager) == AIVO_CONNECTION_STATE_READY)
    client = aivo_connection_manager_get_client (self->manager);

  if (client == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("Not connected to a server, so there are no keys to export. Wait for "
                                 "the connection, or choose another one."));
      return;
    }

  aivo_client_list_keys_async (client, cancellable, export_keys_listed_cb, g_steal_pointer (&task));
}

gboolean
aivo_preferences_window_export_finish (AivoPreferencesWindow  *self,
                                       GAsyncResult           *result,
                                       GError                **error)
{
  g_return_val_if_fail (AIVO_IS_PREFERENCES_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AivoPreferencesWindow *self = AIVO_PREFERENCES_WINDOW (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.export", TRUE);

  if (!aivo_preferences_window_export_finish (self, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }

  name = g_file_get_basename (file);
  /* Translators: a toast; the file's name */
  message = g_strdup_printf (_("Reminders saved to “%s”"), name);
  show_toast (self, message);
}

static void
chooser_response_cb (AivoPreferencesWindow *self,
                     int                    response,
                     GtkFileChooserNative  *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  g_clear_object (&self->chooser);

  if (file == NULL)
    return;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.export", FALSE);
  aivo_preferences_window_export_async (self, file, self->cancellable, exported_cb, g_object_ref (file));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AivoPreferencesWindow *self = AIVO_PREFERENCES_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Export Reminders"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), AIVO_PREFERENCES_EXPORT_NAME);

  gtk_file_filter_set_name (filter, _("iCalendar Files"));
  gtk_file_filter_add_mime_type (filter, "text/calendar");
  gtk_file_filter_add_suffix (filter, "ics");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* GObject ------------------------------------------------------------------ */

static void
aivo_preferences_window_dispose (GObject *object)
{
  AivoPreferencesWindow *self = (AivoPreferencesWindow *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  if (self->background != NULL)
    g_signal_handlers_disconnect_by_data (self->background, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), AIVO_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (aivo_preferences_window_parent_class)->dispose (object);
}

static void
aivo_preferences_window_finalize (GObject *object)
{
  AivoPreferencesWindow *self = (AivoPreferencesWindow *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->manager);
  g_clear_object (&self->background);
  g_clear_object (&self->policy);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (aivo_preferences_window_parent_class)->finalize (object);
}

static void
aivo_preferences_window_class_init (AivoPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aivo_preferences_window_dispose;
  object_class->finalize = aivo_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/aivo-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AivoPreferencesWindow, production_adjustment);
  gtk_widget_class_bind_template_child (widget_class, AivoPreferencesWindow, development_adjustment);
  gtk_widget_class_bind_template_child (widget_class, AivoPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, AivoPreferencesWindow, background_error_label);

  gtk_widget_class_install_action (widget_class, "preferences.export", NULL, export_action);
}

static void
aivo_preferences_window_init (AivoPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  self->policy = aivo_rotation_policy_new ();

  g_settings_bind (self->settings, "production-rotation-days",
                   self->production_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "development-rotation-days",
                   self->development_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "run-in-background",
                   self->background_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "production-rotation-days",
                   self->policy, "production-days", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "development-rotation-days",
                   self->policy, "development-days", G_SETTINGS_BIND_GET);
}

/**
 * aivo_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 * @manager: (nullable): whose active connection's keys are exported
 * @background: (nullable): whose errors are shown under its switch
 */
GtkWidget *
aivo_preferences_window_new (GtkWindow             *parent,
                             AivoConnectionManager *manager,
                             AivoBackground        *background)
{
  AivoPreferencesWindow *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (!manager || AIVO_IS_CONNECTION_MANAGER (manager), NULL);
  g_return_val_if_fail (!background || AIVO_IS_BACKGROUND (background), NULL);

  self = g_object_new (AIVO_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  g_set_object (&self->manager, manager);
  g_set_object (&self->background, background);

  if (background != NULL)
    {
      g_signal_connect_object (background, "notify::error-message",
                               G_CALLBACK (background_error_changed_cb), self, G_CONNECT_SWAPPED);
      /* The switch waits for the system's answer. */
      g_object_bind_property (background, "pending", self->background_switch, "sensitive",
                              G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
    }
  background_error_changed_cb (self);

  return GTK_WIDGET (self);
}
