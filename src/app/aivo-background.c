/* aivo-background.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-background"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "aivo-background-private.h"

/*
 * "Run in background for reminders": while the setting is on, the
 * application is held (g_application_hold), so it keeps running without a
 * window, and it starts at login with --background. Outside Flatpak an XDG
 * autostart entry does that; inside, the Background portal is asked, and
 * its answer may be no: then the setting goes back off and the error says
 * what to do.
 *
 * The autostart entry is written or removed only when a user flips the
 * setting, never at start-up, so removing it in another tool sticks.
 */

#define PORTAL_BUS_NAME       "org.freedesktop.portal.Desktop"
#define PORTAL_OBJECT_PATH    "/org/freedesktop/portal/desktop"
#define PORTAL_BACKGROUND     "org.freedesktop.portal.Background"
#define PORTAL_REQUEST        "org.freedesktop.portal.Request"
#define PORTAL_REQUEST_PREFIX "/org/freedesktop/portal/desktop/request/"
#define EXECUTABLE            "aivo-studio"

struct _AivoBackground
{
  GObject          parent_instance;

  /* Owned references */
  GSettings       *settings;
  GCancellable    *cancellable;           /* the portal call in flight */
  GDBusConnection *response_connection;
  char            *response_path;
  char            *error_message;

  /* Borrowed references */
  GApplication    *application;           /* weak: the application owns us */

  guint            response_id;
  guint            enabled : 1;
  guint            holding : 1;
  guint            use_portal : 1;
  guint            request_enabling : 1;
  guint            pending : 1;
};

G_DEFINE_FINAL_TYPE (AivoBackground, aivo_background, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HOLDING,
  PROP_PENDING,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_error_message (AivoBackground *self,
                   const char     *message)
{
  if (g_strcmp0 (self->error_message, message) == 0)
    return;

  g_free (self->error_message);
  self->error_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
set_holding (AivoBackground *self,
             gboolean        holding)
{
  holding = !!holding;
  if (self->holding == holding)
    return;

  self->holding = holding;
  if (self->application != NULL)
    {
      if (holding)
        g_application_hold (self->application);
      else
        g_application_release (self->application);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOLDING]);
}

/* Outside Flatpak: the XDG autostart entry -------------------------------- */

/**
 * aivo_background_is_sandboxed:
 *
 * Returns: whether the app runs in Flatpak, where only the Background portal
 *   may start it at login
 */
gboolean
aivo_background_is_sandboxed (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/* Returns: (transfer full): $XDG_CONFIG_HOME/autostart/<app id>.desktop */
char *
aivo_background_dup_autostart_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);
}

/* Returns: (transfer full): the autostart entry's text */
char *
aivo_background_dup_autostart_entry (void)
{
  g_autoptr(GKeyFile) entry = g_key_file_new ();

  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE,
                         G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NAME, "AIVO Studio");
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_COMMENT,
                         _("Rotation reminders for your AIVO API keys"));
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC,
                         EXECUTABLE " --" AIVO_BACKGROUND_OPTION);
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_ICON, APP_ID);
  g_key_file_set_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TERMINAL, FALSE);
  g_key_file_set_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NO_DISPLAY, TRUE);
  g_key_file_set_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", TRUE);

  return g_key_file_to_data (entry, NULL, NULL);
}

static void
write_autostart (AivoBackground *self)
{
  g_autofree char *path = aivo_background_dup_autostart_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *entry = aivo_background_dup_autostart_entry ();
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_set_error (&error, G_FILE_ERROR, g_file_error_from_errno (errno),
                 _("Could not create the folder “%s”: %s"), dir, g_strerror (errno));
  else
    g_file_set_contents (path, entry, -1, &error);

  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("AIVO Studio keeps running without a window, but it "
                                                    "could not be set to start at login: %s"),
                                                  error->message);
      set_error_message (self, message);
    }
}

static void
remove_autostart (AivoBackground *self)
{
  g_autofree char *path = aivo_background_dup_autostart_path ();

  /* ENOTDIR: the folder is not one, so no entry can be in it. */
  if (g_unlink (path) != 0 && errno != ENOENT && errno != ENOTDIR)
    {
      int saved_errno = errno;
      g_autofree char *message = g_strdup_printf (_("AIVO Studio could not stop starting at login: “%s” "
                                                    "could not be removed (%s). Remove it by hand."),
                                                  path, g_strerror (saved_errno));
      set_error_message (self, message);
    }
}

/* Inside Flatpak: the Background portal ------------------------------------ */

static void
set_pending (AivoBackground *self,
             gboolean        pending)
{
  pending = !!pending;
  if (self->pending == pending)
    return;

  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
forget_request (AivoBackground *self)
{
  set_pending (self, FALSE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->response_id != 0)
    g_dbus_connection_signal_unsubscribe (self->response_connection, self->response_id);
  self->response_id = 0;
  g_clear_object (&self->response_connection);
  g_clear_pointer (&self->response_path, g_free);
}

/* The portal said no: back to off, and say why. */
static void
refuse (AivoBackground *self,
        const char     *message)
{
  self->enabled = FALSE;
  set_holding (self, FALSE);
  /* self->enabled already says off: the "changed" this causes does nothing. */
  g_settings_set_boolean (self->settings, "run-in-background", FALSE);
  set_error_message (self, message);
}

static void
response_cb (GDBusConnection *connection,
             const char      *sender_name,
             const char      *object_path,
             const char      *interface_name,
             const char      *signal_name,
             GVariant        *parameters,
             gpointer         user_data)
{
  AivoBackground *self = user_data;
  g_autoptr(GVariant) results = NULL;
  gboolean enabling = self->request_enabling;
  gboolean background = FALSE;
  gboolean autostart = FALSE;
  guint32 response = 2;

  forget_request (self);

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")))
    {
      if (enabling)
        refuse (self, _("The system’s answer about running in the background was not understood, so "
                        "reminders only come while the window is open."));
      return;
    }

  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  g_variant_lookup (results, "background", "b", &background);
  g_variant_lookup (results, "autostart", "b", &autostart);

  if (!enabling)
    return;

  if (response != 0 || !background)
    refuse (self, _("The system did not allow AIVO Studio to run in the background, so reminders only "
                    "come while its window is open. Allow it in Settings › Apps › AIVO Studio, then "
                    "turn this on again."));
  else if (!autostart)
    set_error_message (self, _("AIVO Studio may run in the background, but not start at login: reminders "
                               "come once you have opened it. Allow it in Settings › Apps › AIVO Studio."));
}

static void
subscribe_response (AivoBackground  *self,
                    GDBusConnection *connection,
                    const char      *path)
{
  if (self->response_id != 0)
    g_dbus_connection_signal_unsubscribe (self->response_connection, self->response_id);
  g_set_object (&self->response_connection, connection);
  g_free (self->response_path);
  self->response_path = g_strdup (path);
  self->response_id = g_dbus_connection_signal_subscribe (connection, PORTAL_BUS_NAME, PORTAL_REQUEST,
                                                          "Response", path, NULL,
                                                          G_DBUS_SIGNAL_FLAGS_NONE,
                                                          response_cb, self, NULL);
}

static void
request_called_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AivoBackground) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *handle;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (reply == NULL)
    {
      g_autofree char *message = NULL;
      gboolean enabling = self->request_enabling;

      g_dbus_error_strip_remote_error (error);
      message = g_strdup_printf (enabling
                                 ? _("Could not ask the system to let AIVO Studio run in the background: %s")
                                 : _("Could not ask the system to stop starting AIVO Studio at login: %s"),
                                 error->message);
      forget_request (self);
      if (enabling)
        refuse (self, message);
      else
        set_error_message (self, message);
      return;
    }

  /* Already answered. */
  if (self->response_id == 0)
    return;

  /* Portals older than version 0.9 chose the path themselves. */
  g_variant_get (reply, "(&o)", &handle);
  if (g_strcmp0 (handle, self->response_path) != 0)
    subscribe_response (self, G_DBUS_CONNECTION (object), handle);
}

static void
request_background (AivoBackground *self,
                    gboolean        enable)
{
  GDBusConnection *connection = NULL;
  g_auto(GVariantBuilder) options = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *token = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *path = NULL;
  const char * const commandline[] = { EXECUTABLE, "--" AIVO_BACKGROUND_OPTION, NULL };

  forget_request (self);

  if (self->application != NULL)
    connection = g_application_get_dbus_connection (self->application);
  if (connection == NULL)
    {
      const char *message = _("Could not ask the system to let AIVO Studio run in the background: "
                              "there is no session bus.");
      if (enable)
        refuse (self, message);
      else
        set_error_message (self, message);
      return;
    }

  /* Subscribe before calling, on the path the portal will use, so the
   * answer cannot come first (the portal's documented way). */
  token = g_strdup_printf ("aivo_studio_%u", g_random_int ());
  sender = g_strdup (g_dbus_connection_get_unique_name (connection) + 1);
  g_strdelimit (sender, ".", '_');
  path = g_strconcat (PORTAL_REQUEST_PREFIX, sender, "/", token, NULL);
  subscribe_response (self, connection, path);

  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Show reminders to rotate API keys when the window is closed")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (enable));
  g_variant_builder_add (&options, "{sv}", "commandline", g_variant_new_strv (commandline, -1));
  g_variant_builder_add (&options, "{sv}", "dbus-activatable", g_variant_new_boolean (FALSE));

  self->request_enabling = !!enable;
  self->cancellable = g_cancellable_new ();
  set_pending (self, TRUE);
  g_dbus_connection_call (connection, PORTAL_BUS_NAME, PORTAL_OBJECT_PATH, PORTAL_BACKGROUND,
                          "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options),
                          G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE, -1,
                          self->cancellable, request_called_cb, g_object_ref (self));
}

/* The setting ---------------------------------------------------------------- */

static void
run_in_background_changed_cb (AivoBackground *self)
{
  gboolean enabled = g_settings_get_boolean (self->settings, "run-in-background");

  if (enabled == self->enabled)
    return;

  self->enabled = enabled;
  set_error_message (self, NULL);
  set_holding (self, enabled);

  if (self->use_portal)
    request_background (self, enabled);
  else if (enabled)
    write_autostart (self);
  else
    remove_autostart (self);
}

static void
aivo_background_dispose (GObject *object)
{
  AivoBackground *self = (AivoBackground *)object;

  forget_request (self);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);

  if (self->application != NULL)
    {
      set_holding (self, FALSE);
      g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
      self->application = NULL;
    }

  G_OBJECT_CLASS (aivo_background_parent_class)->dispose (object);
}

static void
aivo_background_finalize (GObject *object)
{
  AivoBackground *self = (AivoBackground *)object;

  g_clear_object (&self->settings);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (aivo_background_parent_class)->finalize (object);
}

static void
aivo_background_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AivoBackground *self = AIVO_BACKGROUND (object);

  switch (prop_id)
    {
    case PROP_HOLDING:
      g_value_set_boolean (value, self->holding);
      break;

    case PROP_PENDING:
      g_value_set_boolean (value, self->pending);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_background_class_init (AivoBackgroundClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = aivo_background_dispose;
  object_class->finalize = aivo_background_finalize;
  object_class->get_property = aivo_background_get_property;

  /* Whether the application is held so it runs without a window. */
  properties[PROP_HOLDING] =
    g_param_spec_boolean ("holding", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* Whether the portal's answer is awaited: the switch waits for it. */
  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* What went wrong the last time the setting changed, for Preferences. */
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aivo_background_init (AivoBackground *self)
{
}

AivoBackground *
aivo_background_new_full (GApplication *application,
                          GSettings    *settings,
                          gboolean      use_portal)
{
  AivoBackground *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (AIVO_TYPE_BACKGROUND, NULL);
  self->settings = g_object_ref (settings);
  self->use_portal = !!use_portal;
  self->application = application;
  g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);

  /* At start-up only the hold: the autostart was set when it was turned on. */
  self->enabled = g_settings_get_boolean (settings, "run-in-background");
  set_holding (self, self->enabled);

  g_signal_connect_object (settings, "changed::run-in-background",
                           G_CALLBACK (run_in_background_changed_cb), self, G_CONNECT_SWAPPED);

  return self;
}

/**
 * aivo_background_new:
 * @application: the application to hold while the setting is on
 * @settings: where run-in-background is
 *
 * Follows the run-in-background setting from now on, through the
 * Background portal inside Flatpak and an autostart entry otherwise.
 */
AivoBackground *
aivo_background_new (GApplication *application,
                     GSettings    *settings)
{
  return aivo_background_new_full (application, settings, aivo_background_is_sandboxed ());
}

gboolean
aivo_background_get_holding (AivoBackground *self)
{
  g_return_val_if_fail (AIVO_IS_BACKGROUND (self), FALSE);

  return self->holding;
}

gboolean
aivo_background_get_pending (AivoBackground *self)
{
  g_return_val_if_fail (AIVO_IS_BACKGROUND (self), FALSE);

  return self->pending;
}

gboolean
aivo_background_get_uses_portal (AivoBackground *self)
{
  g_return_val_if_fail (AIVO_IS_BACKGROUND (self), FALSE);

  return self->use_portal;
}

/* Returns: (nullable): why the last change did not fully work */
const char *
aivo_background_get_error_message (AivoBackground *self)
{
  g_return_val_if_fail (AIVO_IS_BACKGROUND (self), NULL);

  return self->error_message;
}
