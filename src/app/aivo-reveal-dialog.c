/* aivo-reveal-dialog.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-reveal-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "aivo-credential.h"
#include "aivo-reveal-dialog.h"
#include "aivo-secret-clipboard.h"

/* The one time a new key's secret is shown. The user copies it, saves it to
 * the keyring, or both; closing without either needs a confirmation. Once the
 * dialog closes it holds no copy of the secret. A copy on the clipboard is
 * cleared after a while if it is still there: until then the closed dialog
 * stays alive, hidden, so that its timer can run. */

struct _AivoRevealDialog
{
  AdwWindow           parent_instance;

  /* Owned references */
  AivoSecretStore    *store;
  char               *connection;
  char               *key_id;
  char               *name;
  AivoSecret         *secret;             /* NULL once closed */
  GCancellable       *cancellable;        /* saving */
  AivoSecretClipboard *secret_clipboard;  /* the copy, until it is cleared */

  /* Borrowed references */
  AdwMessageDialog   *confirm_dialog;

  /* Template widgets */
  GtkWidget          *copy_button;
  GtkSpinner         *spinner;
  GtkLabel           *secret_label;
  GtkLabel           *copy_status_label;
  GtkLabel           *name_label;
  GtkLabel           *environment_label;
  GtkWidget          *hint_row;
  GtkLabel           *hint_label;
  GtkWidget          *save_row;
  GtkSwitch          *save_switch;
  GtkWidget          *error_box;
  GtkLabel           *error_label;

  AivoEnvironment     environment;
  guint               clipboard_timeout_ms;

  guint               copied : 1;
  guint               saved : 1;
  guint               saving : 1;
  guint               closed : 1;
  guint               disposed : 1;
};

G_DEFINE_FINAL_TYPE (AivoRevealDialog, aivo_reveal_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CLIPBOARD_TIMEOUT_MS,
  PROP_COPIED,
  PROP_SAVED,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

/* A GtkLabel gives itself its text as accessible name: the secret label
 * must be named after every change of its text, or screen readers and
 * anything on the accessibility bus get the secret as the name. */
static void
set_secret_label_text (AivoRevealDialog *self,
                       const char       *text)
{
  gtk_label_set_text (self->secret_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->secret_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("API key secret"),
                                  -1);
}

static void
forget_secret (AivoRevealDialog *self)
{
  if (self->secret_label != NULL)
    set_secret_label_text (self, "");
  g_clear_pointer (&self->secret, aivo_secret_free);
}

/* The message dialog may be finalized after this dialog: it must not hold
 * on to it as its parent by then. */
static void
release_confirmation (AivoRevealDialog *self,
                      GtkWindow        *dialog)
{
  g_clear_weak_pointer (&self->confirm_dialog);
  gtk_window_set_transient_for (dialog, NULL);
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_destroy (dialog);
}

static void
dismiss_confirmation (AivoRevealDialog *self)
{
  if (self->confirm_dialog != NULL)
    release_confirmation (self, GTK_WINDOW (self->confirm_dialog));
}

static void
set_copied (AivoRevealDialog *self)
{
  if (self->copied)
    return;

  self->copied = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COPIED]);
}

static void
set_saving (AivoRevealDialog *self,
            gboolean          saving)
{
  self->saving = !!saving;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), saving);
  gtk_spinner_set_spinning (self->spinner, saving);
  gtk_widget_set_sensitive (self->save_row, !saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reveal.done", !saving);
}

static void
show_error (AivoRevealDialog *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (self->error_box, message != NULL);
}

/* Clipboard */

/* The pending copy is dealt with: cleared, or replaced by something else. */
static void
clipboard_done_cb (AivoRevealDialog    *self,
                   gboolean             cleared,
                   AivoSecretClipboard *secret_clipboard)
{
  if (self->closed)
    {
      if (!self->disposed)
        gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (cleared)
    gtk_label_set_text (self->copy_status_label,
                        _("The clipboard was cleared. Copy the key again if you still need it."));
  gtk_widget_set_visible (GTK_WIDGET (self->copy_status_label), cleared);
}

static void
copy_secret (AivoRevealDialog *self)
{
  g_autofree char *status = NULL;
  guint seconds;

  if (self->secret == NULL)
    return;

  aivo_secret_clipboard_copy (self->secret_clipboard, gtk_widget_get_clipboard (GTK_WIDGET (self)),
                              self->secret, self->clipboard_timeout_ms);

  seconds = (self->clipboard_timeout_ms + 999) / 1000;
  status = g_strdup_printf (ngettext ("Copied — the clipboard is cleared in %u second",
                                      "Copied — the clipboard is cleared in %u seconds",
                                      seconds),
                            seconds);
  gtk_label_set_text (self->copy_status_label, status);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_status_label), TRUE);

  set_copied (self);
}

static void
reveal_copy_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  copy_secret (AIVO_REVEAL_DIALOG (widget));
}

/* Ctrl+C or "Copy" in the label's menu: the same copy, with the same timer,
 * and always the whole key. */
static void
secret_label_copy_clipboard_cb (AivoRevealDialog *self,
                                GtkLabel         *label)
{
  g_signal_stop_emission_by_name (label, "copy-clipboard");
  copy_secret (self);
}

/* Closing */

static void
finish (AivoRevealDialog *self)
{
  if (self->closed)
    return;

  self->closed = TRUE;
  forget_secret (self);
  dismiss_confirmation (self);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);

  g_signal_emit (self, signals [FINISHED], 0, (gboolean) self->saved, (gboolean) self->copied);

  /* A pending clipboard clear destroys the dialog when it has run. */
  if (!self->disposed && !aivo_secret_clipboard_is_pending (self->secret_clipboard))
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
store_key_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AivoRevealDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!aivo_secret_store_store_key_finish (AIVO_SECRET_STORE (object), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      set_saving (self, FALSE);
      message = g_strdup_printf (_("%s The key is still shown here: try again, or copy it and turn off saving."),
                                 error->message);
      show_error (self, message);
      return;
    }

  set_saving (self, FALSE);
  self->saved = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SAVED]);

  finish (self);
}

static void
save_secret (AivoRevealDialog *self)
{
  g_assert (self->secret != NULL);

  show_error (self, NULL);
  set_saving (self, TRUE);

  aivo_secret_store_store_key_async (self->store, self->connection, self->key_id, self->environment,
                                     self->name, self->secret, self->cancellable,
                                     store_key_cb, g_object_ref (self));
}

static void
confirm_response_cb (AivoRevealDialog *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  /* A clicked response has closed the message dialog already. */
  release_confirmation (self, GTK_WINDOW (dialog));

  if (g_strcmp0 (response, "close") == 0)
    finish (self);
}

static void
confirm_close (AivoRevealDialog *self)
{
  GtkWidget *dialog;

  if (self->confirm_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->confirm_dialog));
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Close without saving the key?"),
                                   _("You haven’t copied or saved this key. Once this window closes it can’t be shown again."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "close", _("Close _Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->confirm_dialog, ADW_MESSAGE_DIALOG (dialog));

  gtk_window_present (GTK_WINDOW (dialog));
}

/* Done, Escape and the window manager's close all come here. */
static void
request_close (AivoRevealDialog *self)
{
  if (self->closed || self->saving)
    return;

  if (gtk_switch_get_active (self->save_switch))
    save_secret (self);
  else if (self->copied)
    finish (self);
  else
    confirm_close (self);
}

static void
reveal_done_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  request_close (AIVO_REVEAL_DIALOG (widget));
}

static gboolean
aivo_reveal_dialog_close_request (GtkWindow *window)
{
  AivoRevealDialog *self = AIVO_REVEAL_DIALOG (window);

  if (self->closed)
    return GTK_WINDOW_CLASS (aivo_reveal_dialog_parent_class)->close_request (window);

  request_close (self);

  return TRUE;
}

static void
aivo_reveal_dialog_dispose (GObject *object)
{
  AivoRevealDialog *self = (AivoRevealDialog *)object;

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);

  /* The window goes away before its timer ran: clear now what is still ours.
   * A copy another program took over can't be read back from here. */
  if (self->secret_clipboard != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->secret_clipboard, self);
      aivo_secret_clipboard_forget (self->secret_clipboard);
      g_clear_object (&self->secret_clipboard);
    }

  forget_secret (self);
  self->closed = TRUE;
  dismiss_confirmation (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), AIVO_TYPE_REVEAL_DIALOG);

  G_OBJECT_CLASS (aivo_reveal_dialog_parent_class)->dispose (object);
}

static void
aivo_reveal_dialog_finalize (GObject *object)
{
  AivoRevealDialog *self = (AivoRevealDialog *)object;

  g_clear_pointer (&self->secret, aivo_secret_free);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->connection, g_free);
  g_clear_pointer (&self->key_id, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (aivo_reveal_dialog_parent_class)->finalize (object);
}

static void
aivo_reveal_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AivoRevealDialog *self = AIVO_REVEAL_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CLIPBOARD_TIMEOUT_MS:
      g_value_set_uint (value, self->clipboard_timeout_ms);
      break;

    case PROP_COPIED:
      g_value_set_boolean (value, self->copied);
      break;

    case PROP_SAVED:
      g_value_set_boolean (value, self->saved);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_reveal_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  AivoRevealDialog *self = AIVO_REVEAL_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CLIPBOARD_TIMEOUT_MS:
      aivo_reveal_dialog_set_clipboard_timeout_ms (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_reveal_dialog_class_init (AivoRevealDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = aivo_reveal_dialog_dispose;
  object_class->finalize = aivo_reveal_dialog_finalize;
  object_class->get_property = aivo_reveal_dialog_get_property;
  object_class->set_property = aivo_reveal_dialog_set_property;
  window_class->close_request = aivo_reveal_dialog_close_request;

  /**
   * AivoRevealDialog:clipboard-timeout-ms:
   *
   * How long a copied key stays on the clipboard before it is cleared, if
   * nothing else was copied meanwhile.
   */
  properties [PROP_CLIPBOARD_TIMEOUT_MS] =
    g_param_spec_uint ("clipboard-timeout-ms", NULL, NULL,
                       1, G_MAXUINT, AIVO_REVEAL_DIALOG_CLIPBOARD_TIMEOUT_MS,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  properties [PROP_COPIED] =
    g_param_spec_boolean ("copied", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  properties [PROP_SAVED] =
    g_param_spec_boolean ("saved", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AivoRevealDialog::finished:
   * @saved: whether the key is in the keyring
   * @copied: whether the key was copied to the clipboard
   *
   * The dialog closed for good and no longer holds the secret. It destroys
   * itself: a handler must not.
   */
  signals [FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_BOOLEAN,
                  G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/aivo-reveal-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AivoRevealDialog, copy_button);
  gtk_widget_class_bind_template_child (widget_class, AivoRevealDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, AivoRevealDialog, secret_label);
  gtk_widget_class_bind_template_child (widget_class, AivoRevealDialog, copy_status_label);
  gtk_widget_class_bind_template_child (widget_class, AivoRevealDialog, name_label);
  gtk_widget_class_bind_template_child (widget_class, AivoRevealDialog, environment_label);
  gtk_widget_class_bind_template_child (widget_class, AivoRevealDialog, hint_row);
  gtk_widget_class_bind_template_child (widget_class, AivoRevealDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, AivoRevealDialog, save_row);
  gtk_widget_class_bind_template_child (widget_class, AivoRevealDialog, save_switch);
  gtk_widget_class_bind_template_child (widget_class, AivoRevealDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, AivoRevealDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, secret_label_copy_clipboard_cb);

  gtk_widget_class_install_action (widget_class, "reveal.copy", NULL, reveal_copy_action);
  gtk_widget_class_install_action (widget_class, "reveal.done", NULL, reveal_done_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
aivo_reveal_dialog_init (AivoRevealDialog *self)
{
  g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

  self->cancellable = g_cancellable_new ();
  self->clipboard_timeout_ms = AIVO_REVEAL_DIALOG_CLIPBOARD_TIMEOUT_MS;
  self->secret_clipboard = aivo_secret_clipboard_new ();
  g_signal_connect_object (self->secret_clipboard, "done",
                           G_CALLBACK (clipboard_done_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Pango hyphenates where it breaks a word: a "-" that is not part of the
   * key would end up in what a user types from the screen. */
  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (self->secret_label, attributes);

  /* Left to itself GTK could focus the selectable key, which selects it into
   * the primary selection. Copy is what a user does first anyway. */
  gtk_window_set_focus (GTK_WINDOW (self), self->copy_button);
}

/**
 * aivo_reveal_dialog_new:
 * @parent: (nullable): the window the dialog is modal for
 * @store: where "Save to keyring" saves the key
 * @connection: the connection the key belongs to
 * @key_id: the new key's id
 * @name: the new key's name
 * @environment: the new key's environment
 * @hint: (nullable): the key's hint; derived from @secret when %NULL
 * @secret: the full key, copied: the caller may clear its own copy at once
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
GtkWidget *
aivo_reveal_dialog_new (GtkWindow       *parent,
                        AivoSecretStore *store,
                        const char      *connection,
                        const char      *key_id,
                        const char      *name,
                        AivoEnvironment  environment,
                        const char      *hint,
                        const char      *secret)
{
  AivoRevealDialog *self;
  g_autofree char *derived_hint = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (AIVO_IS_SECRET_STORE (store), NULL);
  g_return_val_if_fail (connection != NULL && connection[0] != '\0', NULL);
  g_return_val_if_fail (key_id != NULL && g_str_has_prefix (key_id, "key_"), NULL);
  g_return_val_if_fail (name != NULL && g_utf8_validate (name, -1, NULL), NULL);
  g_return_val_if_fail ((guint) environment < AIVO_N_ENVIRONMENTS, NULL);
  g_return_val_if_fail (secret != NULL && secret[0] != '\0' && g_utf8_validate (secret, -1, NULL), NULL);

  self = g_object_new (AIVO_TYPE_REVEAL_DIALOG,
                       "transient-for", parent,
                       NULL);

  self->store = g_object_ref (store);
  self->connection = g_strdup (connection);
  self->key_id = g_strdup (key_id);
  self->name = g_strdup (name);
  self->environment = environment;
  self->secret = aivo_secret_dup (secret);

  if (hint == NULL && aivo_credential_looks_valid (secret))
    hint = derived_hint = aivo_credential_hint_for_text (secret);

  set_secret_label_text (self, self->secret);
  gtk_label_set_text (self->name_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), name);
  gtk_label_set_text (self->environment_label, aivo_environment_get_title (environment));
  gtk_label_set_text (self->hint_label, hint != NULL ? hint : "");
  gtk_widget_set_visible (self->hint_row, hint != NULL);

  return GTK_WIDGET (self);
}

gboolean
aivo_reveal_dialog_get_copied (AivoRevealDialog *self)
{
  g_return_val_if_fail (AIVO_IS_REVEAL_DIALOG (self), FALSE);

  return self->copied;
}

gboolean
aivo_reveal_dialog_get_saved (AivoRevealDialog *self)
{
  g_return_val_if_fail (AIVO_IS_REVEAL_DIALOG (self), FALSE);

  return self->saved;
}

guint
aivo_reveal_dialog_get_clipboard_timeout_ms (AivoRevealDialog *self)
{
  g_return_val_if_fail (AIVO_IS_REVEAL_DIALOG (self), 0);

  return self->clipboard_timeout_ms;
}

/* Applies to the next copy. */
void
aivo_reveal_dialog_set_clipboard_timeout_ms (AivoRevealDialog *self,
                                             guint             timeout_ms)
{
  g_return_if_fail (AIVO_IS_REVEAL_DIALOG (self));
  g_return_if_fail (timeout_ms > 0);

  if (self->clipboard_timeout_ms == timeout_ms)
    return;

  self->clipboard_timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CLIPBOARD_TIMEOUT_MS]);
}

/**
 * aivo_reveal_dialog_clear_clipboard_now:
 *
 * Does at once what the clipboard timer would do: clears the clipboard if it
 * still holds the copied key. For when the app quits before the timer ran.
 */
void
aivo_reveal_dialog_clear_clipboard_now (AivoRevealDialog *self)
{
  g_return_if_fail (AIVO_IS_REVEAL_DIALOG (self));

  if (self->secret_clipboard != NULL)
    aivo_secret_clipboard_clear_now (self->secret_clipboard);
}
