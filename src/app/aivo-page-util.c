/* aivo-page-util.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-page-util"

#include "config.h"

#include <glib/gi18n.h>

#include "aivo-page-util.h"

#define TOAST_TIMEOUT_SECONDS 5

/* Returns: (transfer none) (nullable): the window @widget is in, to be the
 * parent of a dialog, or %NULL when it is in none (yet) */
GtkWindow *
aivo_widget_get_window (GtkWidget *widget)
{
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/**
 * aivo_widget_show_toast:
 * @widget: a widget inside an #AdwToastOverlay
 * @message: what to say
 *
 * Shows @message in the toast overlay around @widget. A widget outside any
 * (not shown, or already taken out of its window) shows nothing: nobody
 * would see it.
 */
void
aivo_widget_show_toast (GtkWidget  *widget,
                        const char *message)
{
  GtkWidget *overlay;
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (message != NULL);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return;

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, TOAST_TIMEOUT_SECONDS);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

/**
 * aivo_confirm_dialog_new:
 * @parent: (nullable): the window the question is about
 * @heading: (nullable): the question
 * @body: (nullable): what happens, and whether it can be undone
 * @response: the id of the destructive answer
 * @label: its button's label, with a mnemonic
 *
 * A question before something that can't be undone: Cancel, the default
 * and what Escape answers, beside a destructive @label. Not shown yet.
 *
 * Returns: (transfer none): the #AdwMessageDialog
 */
GtkWidget *
aivo_confirm_dialog_new (GtkWindow  *parent,
                         const char *heading,
                         const char *body,
                         const char *response,
                         const char *label)
{
  AdwMessageDialog *dialog;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (response != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    response, label,
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  return GTK_WIDGET (dialog);
}

/* Pages about the active connection ---------------------------------------
 *
 * Their GtkStack has the pages "connecting", "error", "empty" and "list". */

void
aivo_page_show_error (GtkStack      *stack,
                      AdwStatusPage *error_page,
                      const char    *message)
{
  g_return_if_fail (GTK_IS_STACK (stack));
  g_return_if_fail (ADW_IS_STATUS_PAGE (error_page));

  adw_status_page_set_description (error_page, message);
  gtk_stack_set_visible_child_name (stack, "error");
}

/**
 * aivo_page_begin_loading:
 * @manager: the connection the page is about
 *
 * Shows the connection's error while it has failed, and "connecting" while
 * it is not ready or the page has no list to show meanwhile.
 *
 * Returns: whether the connection is ready, so the page can load
 */
gboolean
aivo_page_begin_loading (GtkStack              *stack,
                         AdwStatusPage         *error_page,
                         AivoConnectionManager *manager)
{
  g_return_val_if_fail (GTK_IS_STACK (stack), FALSE);
  g_return_val_if_fail (AIVO_IS_CONNECTION_MANAGER (manager), FALSE);

  switch (aivo_connection_manager_get_state (manager))
    {
    case AIVO_CONNECTION_STATE_FAILED:
      aivo_page_show_error (stack, error_page, aivo_connection_manager_get_error_message (manager));
      return FALSE;

    case AIVO_CONNECTION_STATE_IDLE:
    case AIVO_CONNECTION_STATE_CONNECTING:
      gtk_stack_set_visible_child_name (stack, "connecting");
      return FALSE;

    case AIVO_CONNECTION_STATE_READY:
    default:
      break;
    }

  /* A list already shown stays while it is loaded again. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "list") != 0)
    gtk_stack_set_visible_child_name (stack, "connecting");

  return TRUE;
}

/**
 * aivo_page_follow_connection:
 * @page: the page the signal handlers belong to
 * @manager_ptr: where @page keeps its connection manager
 * @manager: (nullable): the one it is given now
 * @changed: called with @page (swapped) whenever the state or the client of
 *   the connection changes
 *
 * Stops following the connection manager in @manager_ptr and follows
 * @manager instead.
 *
 * Returns: whether @manager is another one than before
 */
gboolean
aivo_page_follow_connection (gpointer                page,
                             AivoConnectionManager **manager_ptr,
                             AivoConnectionManager  *manager,
                             GCallback               changed)
{
  g_return_val_if_fail (G_IS_OBJECT (page), FALSE);
  g_return_val_if_fail (manager_ptr != NULL, FALSE);
  g_return_val_if_fail (manager == NULL || AIVO_IS_CONNECTION_MANAGER (manager), FALSE);

  if (*manager_ptr == manager)
    return FALSE;

  if (*manager_ptr != NULL)
    g_signal_handlers_disconnect_by_data (*manager_ptr, page);

  g_set_object (manager_ptr, manager);

  if (manager != NULL)
    {
      g_signal_connect_object (manager, "notify::state", changed, page, G_CONNECT_SWAPPED);
      g_signal_connect_object (manager, "notify::client", changed, page, G_CONNECT_SWAPPED);
    }

  return TRUE;
}

/**
 * aivo_page_reconnect_if_failed:
 * @manager: (nullable): the connection of a page's "Try Again"
 *
 * Returns: whether the connection had failed and is tried again; if not,
 *   the page itself is what to load again
 */
gboolean
aivo_page_reconnect_if_failed (AivoConnectionManager *manager)
{
  g_return_val_if_fail (manager == NULL || AIVO_IS_CONNECTION_MANAGER (manager), FALSE);

  if (manager == NULL || aivo_connection_manager_get_state (manager) != AIVO_CONNECTION_STATE_FAILED)
    return FALSE;

  aivo_connection_manager_reconnect (manager);

  return TRUE;
}
