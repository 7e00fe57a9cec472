/* aivo-window.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-window"

#include "config.h"

#include <glib/gi18n.h>

#include "aivo-add-server-dialog.h"
#include "aivo-connection-manager.h"
#include "aivo-keys-page.h"
#include "aivo-page-util.h"
#include "aivo-rotation-wizard.h"
#include "aivo-team-page.h"
#include "aivo-window.h"

struct _AivoWindow
{
  AdwApplicationWindow  parent_instance;

  /* Owned references */
  GSettings             *settings;
  AivoConnectionManager *manager;

  gulong                 first_frame_handler;

  /* Template widgets */
  AdwToastOverlay       *toast_overlay;
  AdwViewStack          *stack;
  AivoKeysPage          *keys_page;
  AivoTeamPage          *team_page;
  GtkMenuButton         *connection_button;
  GtkLabel              *connection_label;
};

G_DEFINE_FINAL_TYPE (AivoWindow, aivo_window, ADW_TYPE_APPLICATION_WINDOW)

static void
save_window_state (AivoWindow *self)
{
  int width = 0;
  int height = 0;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

/* The connections menu: the built-in sandbox, every remote, and the
 * actions to add or remove one. Rebuilt whenever the list changes. */
static void
rebuild_connection_menu (AivoWindow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) servers = g_menu_new ();
  g_autoptr(GMenu) manage = g_menu_new ();
  g_autoptr(GVariant) remotes = aivo_connection_manager_list_remotes (self->manager);
  g_autofree char *title = aivo_connection_manager_dup_active_title (self->manager);
  GAction *remove_action;
  GVariantIter iter;
  const char *id, *name, *url;

  g_menu_append (servers, _("Built-in Sandbox"), "win.connection::" AIVO_CONNECTION_LOCAL);

  g_variant_iter_init (&iter, remotes);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &id, &name, &url))
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);

      g_menu_item_set_action_and_target (item, "win.connection", "s", id);
      g_menu_append_item (servers, item);
    }

  g_menu_append (manage, _("_Add Server…"), "win.add-server");
  g_menu_append (manage, _("_Remove This Server"), "win.remove-server");
  g_menu_append_section (menu, _("Servers"), G_MENU_MODEL (servers));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (manage));
  gtk_menu_button_set_menu_model (self->connection_button, G_MENU_MODEL (menu));

  gtk_label_set_label (self->connection_label, title);

  remove_action = g_action_map_lookup_action (G_ACTION_MAP (self), "remove-server");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (remove_action),
                               g_strcmp0 (aivo_connection_manager_get_active_id (self->manager),
                                          AIVO_CONNECTION_LOCAL) != 0);
}

static void
active_connection_changed_cb (AivoWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "connection");

  g_simple_action_set_state (G_SIMPLE_ACTION (action),
                             g_variant_new_string (aivo_connection_manager_get_active_id (self->manager)));
  rebuild_connection_menu (self);
}

static void
connection_action (GSimpleAction *action,
                   GVariant      *state,
                   gpointer       user_data)
{
  AivoWindow *self = user_data;

  aivo_connection_manager_activate (self->manager, g_variant_get_string (state, NULL));
}

static void
add_server_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  AivoWindow *self = user_data;
  GtkWidget *dialog = aivo_add_server_dialog_new (GTK_WINDOW (self), self->manager);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_server_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           AivoWindow       *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "aivo-connection-id");
  const char *title = g_object_get_data (G_OBJECT (dialog), "aivo-connection-title");
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "remove") != 0)
    return;

  aivo_connection_manager_remove_remote (self->manager, id);

  message = g_strdup_printf (_("Removed “%s” and its secrets from your keyring"), title);
  aivo_window_add_toast (self, adw_toast_new (message));
}

/* Asked first: the keyring entries of a server go with it, and a key's
 * secret can't be shown again. */
static void
remove_server_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  AivoWindow *self = user_data;
  g_autofree char *title = aivo_connection_manager_dup_active_title (self->manager);
  GtkWidget *dialog;

  dialog = aivo_confirm_dialog_new (GTK_WINDOW (self), NULL,
                                    _("AIVO Studio forgets its address and removes its account token and every "
                                      "API key of it saved in your keyring. The keys keep working on the server, "
                                      "but their secrets can’t be shown again: copy any you still need first."),
                                    "remove", _("_Remove Server"));
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Remove “%s”?"), title);

  /* This server, whichever is active by the time of the answer. */
  g_object_set_data_full (G_OBJECT (dialog), "aivo-connection-id",
                          g_strdup (aivo_connection_manager_get_active_id (self->manager)), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "aivo-connection-title", g_steal_pointer (&title), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_server_response_cb), self, G_CONNECT_DEFAULT);

  gtk_window_present (GTK_WINDOW (dialog));
}

static const GActionEntry window_actions[] = {
  { "connection", NULL, "s", "'local'", connection_action },
  { "add-server", add_server_action },
  { "remove-server", remove_server_action },
};

/* The sandbox starts only after the first frame, so it costs start-up
 * nothing. */
static void
first_frame_cb (GdkFrameClock *frame_clock,
                AivoWindow    *self)
{
  g_clear_signal_handler (&self->first_frame_handler, frame_clock);
  aivo_connection_manager_start (self->manager);
}

static void
aivo_window_realize (GtkWidget *widget)
{
  AivoWindow *self = AIVO_WINDOW (widget);
  GdkFrameClock *frame_clock;

  GTK_WIDGET_CLASS (aivo_window_parent_class)->realize (widget);

  frame_clock = gtk_widget_get_frame_clock (widget);
  self->first_frame_handler = g_signal_connect (frame_clock, "after-paint", G_CALLBACK (first_frame_cb), self);
}

/* On unrealize rather than close-request, so a window destroyed without
 * being asked to close keeps its size too; see also aivo_window_new() for
 * Ctrl+Q, which destroys nothing. */
static void
aivo_window_unrealize (GtkWidget *widget)
{
  AivoWindow *self = AIVO_WINDOW (widget);

  save_window_state (self);

  if (self->first_frame_handler != 0)
    g_clear_signal_handler (&self->first_frame_handler, gtk_widget_get_frame_clock (widget));

  GTK_WIDGET_CLASS (aivo_window_parent_class)->unrealize (widget);
}

static void
aivo_window_dispose (GObject *object)
{
  AivoWindow *self = (AivoWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), AIVO_TYPE_WINDOW);

  G_OBJECT_CLASS (aivo_window_parent_class)->dispose (object);
}

static void
aivo_window_finalize (GObject *object)
{
  AivoWindow *self = (AivoWindow *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (aivo_window_parent_class)->finalize (object);
}

static void
aivo_window_class_init (AivoWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aivo_window_dispose;
  object_class->finalize = aivo_window_finalize;
  widget_class->realize = aivo_window_realize;
  widget_class->unrealize = aivo_window_unrealize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/aivo-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AivoWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AivoWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, AivoWindow, keys_page);
  gtk_widget_class_bind_template_child (widget_class, AivoWindow, team_page);
  gtk_widget_class_bind_template_child (widget_class, AivoWindow, connection_button);
  gtk_widget_class_bind_template_child (widget_class, AivoWindow, connection_label);

  g_type_ensure (AIVO_TYPE_KEYS_PAGE);
  g_type_ensure (AIVO_TYPE_TEAM_PAGE);
}

static void
aivo_window_init (AivoWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, "current-page", self->stack, "visible-child-name", G_SETTINGS_BIND_DEFAULT);

  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions, G_N_ELEMENTS (window_actions), self);
}

AivoWindow *
aivo_window_new (AivoApplication *application)
{
  AivoWindow *self;

  g_return_val_if_fail (AIVO_IS_APPLICATION (application), NULL);

  self = g_object_new (AIVO_TYPE_WINDOW,
                       "application", application,
                       NULL);
  self->manager = g_object_ref (aivo_application_get_connection_manager (application));

  g_signal_connect_object (self->manager, "notify::active-id",
                           G_CALLBACK (active_connection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->manager, "remotes-changed",
                           G_CALLBACK (rebuild_connection_menu), self, G_CONNECT_SWAPPED);
  /* Ctrl+Q ends the application with its windows still open: GTK neither
   * closes nor destroys them on the way out. */
  g_signal_connect_object (application, "shutdown", G_CALLBACK (save_window_state), self, G_CONNECT_SWAPPED);
  active_connection_changed_cb (self);
  aivo_keys_page_set_connection_manager (self->keys_page, self->manager);
  aivo_team_page_set_connection_manager (self->team_page, self->manager);
  aivo_team_page_set_reminder_service (self->team_page, aivo_application_get_reminder_service (application));

  return self;
}

void
aivo_window_add_toast (AivoWindow *self,
                       AdwToast   *toast)
{
  g_return_if_fail (AIVO_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
aivo_window_get_page (AivoWindow *self)
{
  g_return_val_if_fail (AIVO_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

void
aivo_window_set_page (AivoWindow *self,
                      const char *page)
{
  g_return_if_fail (AIVO_IS_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->stack, page);
}

/* What the user's last click did, shown before older news. */
static void
add_answer_toast (AivoWindow *self,
                  const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* A wizard created or deleted a key: both pages show keys. */
static void
api_keys_changed_cb (AivoWindow *self)
{
  aivo_keys_page_reload (self->keys_page);
  aivo_team_page_reload (self->team_page);
}

/**
 * aivo_window_open_rotation_wizard:
 * @connection_id: the connection the key belongs to
 * @key_id: the key to rotate, or either key of a rotation in progress
 *
 * Opens the rotation wizard over this window (or presents the one already
 * open for @key_id), and keeps the Keys and Team pages in step with what it
 * creates and deletes: a wizard opened from a reminder or the Team page
 * changes the keys behind their backs.
 *
 * A reminder or a Team page button may be older than the user's last
 * switch of servers: the app switches back to @connection_id first, and the
 * wizard waits for it to be ready. A connection removed since gets a toast
 * that says so, and no wizard.
 *
 * Returns: (transfer none) (nullable): the wizard
 */
GtkWidget *
aivo_window_open_rotation_wizard (AivoWindow *self,
                                  const char *connection_id,
                                  const char *key_id)
{
  GtkWidget *wizard;

  g_return_val_if_fail (AIVO_IS_WINDOW (self), NULL);
  g_return_val_if_fail (connection_id != NULL, NULL);
  g_return_val_if_fail (key_id != NULL, NULL);

  if (!aivo_connection_manager_has_connection (self->manager, connection_id))
    {
      add_answer_toast (self, _("This key belongs to a server that is no longer in AIVO Studio. Add the "
                                "server again to rotate its keys."));
      return NULL;
    }

  if (g_strcmp0 (aivo_connection_manager_get_active_id (self->manager), connection_id) != 0)
    {
      g_autofree char *title = NULL;
      g_autofree char *message = NULL;

      aivo_connection_manager_activate (self->manager, connection_id);
      title = aivo_connection_manager_dup_active_title (self->manager);
      message = g_strdup_printf (_("Switched to “%s”, the server of the key to rotate"), title);
      add_answer_toast (self, message);
    }

  wizard = aivo_rotation_wizard_open (GTK_WINDOW (self), self->manager, connection_id, key_id);
  if (wizard == NULL)
    return NULL;

  /* A wizard already open is watched once. */
  g_signal_handlers_disconnect_by_func (wizard, api_keys_changed_cb, self);
  g_signal_connect_object (wizard, "api-keys-changed", G_CALLBACK (api_keys_changed_cb), self, G_CONNECT_SWAPPED);

  return wizard;
}
