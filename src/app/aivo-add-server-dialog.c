/* aivo-add-server-dialog.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-add-server-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "aivo-add-server-dialog.h"
#include "aivo-window.h"

/* Adds a remote AIVO API server: a name, its base URL and the account
 * token, which is proven with a real request before anything is saved. */
struct _AivoAddServerDialog
{
  AdwWindow              parent_instance;

  /* Owned references */
  AivoConnectionManager *manager;
  GCancellable          *cancellable;

  /* Template widgets */
  AdwEntryRow           *name_row;
  AdwEntryRow           *url_row;
  AdwPasswordEntryRow   *token_row;
  GtkLabel              *error_label;
  GtkButton             *connect_button;
  GtkSpinner            *spinner;
};

G_DEFINE_FINAL_TYPE (AivoAddServerDialog, aivo_add_server_dialog, ADW_TYPE_WINDOW)

static void
set_busy (AivoAddServerDialog *self,
          gboolean             busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->token_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), !busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(AivoAddServerDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;
  GtkWindow *parent;

  id = aivo_connection_manager_add_remote_finish (AIVO_CONNECTION_MANAGER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (id == NULL)
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  /* The header's server name changes too, but a glance at it is easy to miss. */
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (AIVO_IS_WINDOW (parent))
    {
      title = aivo_connection_manager_dup_active_title (self->manager);
      message = g_strdup_printf (_("Added “%s” and switched to it"), title);
      aivo_window_add_toast (AIVO_WINDOW (parent), adw_toast_new (message));
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
connect_clicked_cb (AivoAddServerDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);

  aivo_connection_manager_add_remote_async (self->manager,
                                            gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                            gtk_editable_get_text (GTK_EDITABLE (self->url_row)),
                                            gtk_editable_get_text (GTK_EDITABLE (self->token_row)),
                                            self->cancellable, added_cb, g_object_ref (self));
}

static void
cancel_clicked_cb (AivoAddServerDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
aivo_add_server_dialog_dispose (GObject *object)
{
  AivoAddServerDialog *self = (AivoAddServerDialog *)object;

  g_cancellable_cancel (self->cancellable);

  /* The entry's buffer held the token: don't leave it for the allocator. */
  if (self->token_row != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");

  gtk_widget_dispose_template (GTK_WIDGET (self), AIVO_TYPE_ADD_SERVER_DIALOG);

  G_OBJECT_CLASS (aivo_add_server_dialog_parent_class)->dispose (object);
}

static void
aivo_add_server_dialog_finalize (GObject *object)
{
  AivoAddServerDialog *self = (AivoAddServerDialog *)object;

  g_clear_object (&self->manager);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (aivo_add_server_dialog_parent_class)->finalize (object);
}

static void
aivo_add_server_dialog_class_init (AivoAddServerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aivo_add_server_dialog_dispose;
  object_class->finalize = aivo_add_server_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/aivo-add-server-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AivoAddServerDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, AivoAddServerDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, AivoAddServerDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, AivoAddServerDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, AivoAddServerDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, AivoAddServerDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
aivo_add_server_dialog_init (AivoAddServerDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

GtkWidget *
aivo_add_server_dialog_new (GtkWindow             *parent,
                            AivoConnectionManager *manager)
{
  AivoAddServerDialog *self;

  g_return_val_if_fail (AIVO_IS_CONNECTION_MANAGER (manager), NULL);

  self = g_object_new (AIVO_TYPE_ADD_SERVER_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->manager = g_object_ref (manager);

  return GTK_WIDGET (self);
}
