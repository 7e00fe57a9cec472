/* aivo-keys-page.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-keys-page"

#include "config.h"

#include <glib/gi18n.h>

#include "aivo-clock.h"
#include "aivo-generate-key-dialog.h"
#include "aivo-key-row.h"
#include "aivo-keys-page.h"
#include "aivo-page-util.h"
#include "aivo-reveal-dialog.h"
#include "aivo-rotation-policy.h"
#include "aivo-rotation-wizard.h"

/* The article's Settings > API Keys: the list, Generate New Key, the
 * one-time reveal, and revocation with proof. Every call is asynchronous
 * and cancelled when the page goes away or the connection changes. */
struct _AivoKeysPage
{
  GtkWidget              parent_instance;

  /* Owned references */
  AivoConnectionManager *manager;
  AivoRotationPolicy    *policy;
  GSettings             *settings;
  GCancellable          *load_cancellable;
  GCancellable          *cancellable;
  GHashTable            *keyring_ids;

  /* Borrowed references */
  AivoGenerateKeyDialog *generate_dialog;

  guint                  n_keys;
  guint                  key_limit;
  char                  *rotate_now_key_id;

  /* Template widgets */
  GtkWidget             *content_box;
  GtkRevealer           *rotate_now_revealer;
  GtkLabel              *rotate_now_label;
  GtkButton             *rotate_now_button;
  GtkStack              *stack;
  AdwStatusPage         *error_page;
  GtkLabel              *connecting_label;
  GtkLabel              *count_label;
  GtkLabel              *limit_label;
  GtkButton             *generate_button;
  GtkListBox            *list_box;
  GtkRevealer           *proof_revealer;
  GtkBox                *proof_box;
  GtkLabel              *proof_label;
  GtkImage              *proof_icon;
};

G_DEFINE_FINAL_TYPE (AivoKeysPage, aivo_keys_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONNECTION_MANAGER,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A revocation goes on when the page goes away mid-way (the key is deleted
 * either way, and its secret must still leave the keyring), but then leaves
 * the page alone: nobody sees it any more, and a reload would only send
 * requests for nothing. self->cancellable is cancelled in dispose and only
 * there. */
static gboolean
is_disposed (AivoKeysPage *self)
{
  return g_cancellable_is_cancelled (self->cancellable);
}

static void
show_toast (AivoKeysPage *self,
            const char   *message)
{
  if (!is_disposed (self))
    aivo_widget_show_toast (GTK_WIDGET (self), message);
}

/* "state" is the name of the stack page shown. */
static void
stack_changed_cb (AivoKeysPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static AivoClient *
get_client (AivoKeysPage *self)
{
  return self->manager != NULL ? aivo_connection_manager_get_client (self->manager) : NULL;
}

static const char *
get_connection_id (AivoKeysPage *self)
{
  return aivo_connection_manager_get_active_id (self->manager);
}

static void
update_limit (AivoKeysPage *self)
{
  g_autofree char *count = NULL;
  gboolean full = self->key_limit > 0 && self->n_keys >= self->key_limit;

  /* Translators: "3 of 10 keys" */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u key", "%u of %u keys", self->key_limit),
                           self->n_keys, self->key_limit);
  gtk_label_set_label (self->count_label, count);

  gtk_widget_set_sensitive (GTK_WIDGET (self->generate_button), !full);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->generate_button),
                               full ? _("This account has the most keys it can have: delete one you no longer need first")
                                    : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->limit_label), full);
}

static void delete_requested_cb (AivoKeysPage *self,
                                 AivoKeyRow   *row);

/* The rotation wizard; the list follows what it creates and deletes. */
static void
open_rotation_wizard (AivoKeysPage *self,
                      const char   *key_id)
{
  GtkWidget *wizard;

  if (self->manager == NULL || key_id == NULL)
    return;

  /* The rows are the active connection's: the list follows it. */
  wizard = aivo_rotation_wizard_open (aivo_widget_get_window (GTK_WIDGET (self)), self->manager,
                                      get_connection_id (self), key_id);
  g_signal_handlers_disconnect_by_func (wizard, aivo_keys_page_reload, self);
  g_signal_connect_object (wizard, "api-keys-changed", G_CALLBACK (aivo_keys_page_reload), self, G_CONNECT_SWAPPED);
}

static void
rotate_requested_cb (AivoKeysPage *self,
                     AivoKeyRow   *row)
{
  open_rotation_wizard (self, aivo_key_get_id (aivo_key_row_get_key (row)));
}

static void
rotate_now_clicked_cb (AivoKeysPage *self)
{
  open_rotation_wizard (self, self->rotate_now_key_id);
}

/* A key a departed member had access to must be rotated at once (the
 * article): say so above the list, with a way into the wizard for the
 * first of them. Keys already in a rotation's grace period are on their way
 * out and need nothing more. */
static void
update_rotate_now_banner (AivoKeysPage *self,
                          GPtrArray    *keys)
{
  g_autofree char *message = NULL;
  g_autofree char *button_label = NULL;
  AivoKey *first = NULL;
  guint n = 0;

  for (guint i = 0; i < keys->len; i++)
    {
      AivoKey *key = g_ptr_array_index (keys, i);

      if (!aivo_key_get_rotation_required (key) || aivo_key_get_expires_at (key) != NULL)
        continue;

      if (first == NULL)
        first = key;
      n++;
    }

  g_clear_pointer (&self->rotate_now_key_id, g_free);
  gtk_revealer_set_reveal_child (self->rotate_now_revealer, first != NULL);
  if (first == NULL)
    return;

  self->rotate_now_key_id = g_strdup (aivo_key_get_id (first));
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u key needs rotation now: a team member who had access to it left.",
                                          "%u keys need rotation now: a team member who had access to them left.",
                                          n),
                             n);
  gtk_label_set_label (self->rotate_now_label, message);

  /* Not "Rotate key %s": that names the row's own button. */
  button_label = g_strdup_printf (_("Rotate now: %s"), aivo_key_get_name (first));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->rotate_now_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, button_label,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->rotate_now_button), button_label);
}

static void
fill_list (AivoKeysPage *self,
           GPtrArray    *keys)
{
  g_autoptr(GDateTime) now = aivo_clock_now (aivo_clock_get_default ());
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  for (guint i = 0; i < keys->len; i++)
    {
      AivoKey *key = g_ptr_array_index (keys, i);
      gboolean in_keyring = self->keyring_ids != NULL &&
                            g_hash_table_contains (self->keyring_ids, aivo_key_get_id (key));
      GtkWidget *row = aivo_key_row_new (key, self->policy, now, in_keyring);

      g_signal_connect_object (row, "delete-requested", G_CALLBACK (delete_requested_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "rotate-requested", G_CALLBACK (rotate_requested_cb), self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->list_box, row);
    }
}

static void
keys_listed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AivoKeysPage) self = user_data;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;
  guint key_limit = 0;

  keys = aivo_client_list_keys_finish (AIVO_CLIENT (object), result, &count, &key_limit, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (keys == NULL)
    {
      aivo_page_show_error (self->stack, self->error_page, error->message);
      return;
    }

  self->n_keys = count;
  self->key_limit = key_limit;
  update_limit (self);
  fill_list (self, keys);
  update_rotate_now_banner (self, keys);

  gtk_stack_set_visible_child_name (self->stack, keys->len == 0 ? "empty" : "list");
}

static void
keyring_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AivoKeysPage) self = user_data;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  AivoClient *client;

  ids = aivo_secret_store_list_keys_finish (AIVO_SECRET_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* No keyring is not fatal for the list: rows just show no keyring mark. */
  if (error != NULL)
    g_debug ("Could not list keys in the keyring: %s", error->message);

  g_clear_pointer (&self->keyring_ids, g_hash_table_unref);
  self->keyring_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    g_hash_table_add (self->keyring_ids, g_strdup (g_ptr_array_index (ids, i)));

  client = get_client (self);
  if (client == NULL)
    return;

  aivo_client_list_keys_async (client, self->load_cancellable, keys_listed_cb, g_object_ref (self));
}

void
aivo_keys_page_reload (AivoKeysPage *self)
{
  g_return_if_fail (AIVO_IS_KEYS_PAGE (self));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->manager == NULL || is_disposed (self) ||
      !aivo_page_begin_loading (self->stack, self->error_page, self->manager))
    return;

  gtk_label_set_label (self->connecting_label, _("Loading keys…"));

  /* The keyring first, so rows know whether their secret is saved. */
  self->load_cancellable = g_cancellable_new ();
  aivo_secret_store_list_keys_async (aivo_connection_manager_get_secret_store (self->manager),
                                     get_connection_id (self), self->load_cancellable,
                                     keyring_listed_cb, g_object_ref (self));
}

static void
connection_changed_cb (AivoKeysPage *self)
{
  gtk_label_set_label (self->connecting_label, _("Connecting…"));
  aivo_keys_page_reload (self);
}

/* Generate New Key */

static void
reveal_finished_cb (AivoKeysPage     *self,
                    gboolean          saved,
                    gboolean          copied)
{
  /* The keyring marks may have changed. */
  aivo_keys_page_reload (self);
}

static void
key_created_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AivoKeysPage) self = user_data;
  g_autoptr(AivoSecret) secret = NULL;
  g_autoptr(AivoKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkWidget *reveal;

  key = aivo_client_create_key_finish (AIVO_CLIENT (object), result, &secret, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (key == NULL)
    {
      if (self->generate_dialog != NULL)
        aivo_generate_key_dialog_set_error (self->generate_dialog, error->message);
      else
        show_toast (self, error->message);
      return;
    }

  if (self->generate_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->generate_dialog));

  reveal = aivo_reveal_dialog_new (aivo_widget_get_window (GTK_WIDGET (self)),
                                   aivo_connection_manager_get_secret_store (self->manager),
                                   get_connection_id (self),
                                   aivo_key_get_id (key),
                                   aivo_key_get_name (key),
                                   aivo_key_get_environment (key),
                                   aivo_key_get_hint (key),
                                   secret);
  /* The dialog keeps its own copy; ours is cleared as it goes out of scope. */
  g_signal_connect_object (reveal, "finished", G_CALLBACK (reveal_finished_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (reveal));

  message = g_strdup_printf (_("Key “%s” created"), aivo_key_get_name (key));
  show_toast (self, message);
  aivo_keys_page_reload (self);
}

static void
create_requested_cb (AivoKeysPage    *self,
                     const char      *name,
                     AivoEnvironment  environment,
                     guint            scopes,
                     AivoGenerateKeyDialog *dialog)
{
  AivoClient *client = get_client (self);

  if (client == NULL)
    {
      aivo_generate_key_dialog_set_error (dialog, _("Not connected to a server. Wait for the connection, or choose another one."));
      return;
    }

  aivo_client_create_key_async (client, name, environment, (AivoScope) scopes, NULL,
                                self->cancellable, key_created_cb, g_object_ref (self));
}

static void
generate_dialog_destroyed_cb (AivoKeysPage *self)
{
  self->generate_dialog = NULL;
}

static void
generate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  AivoKeysPage *self = AIVO_KEYS_PAGE (widget);

  if (self->generate_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->generate_dialog));
      return;
    }

  self->generate_dialog = AIVO_GENERATE_KEY_DIALOG (aivo_generate_key_dialog_new (aivo_widget_get_window (widget)));
  g_signal_connect_object (self->generate_dialog, "create-requested",
                           G_CALLBACK (create_requested_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->generate_dialog, "destroy",
                           G_CALLBACK (generate_dialog_destroyed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->generate_dialog));
}

/* Revocation: delete, then prove it with the key itself. */

typedef struct
{
  AivoKeysPage *self;
  char         *connection_id;  /* the key's, whatever is active later */
  char         *key_id;
  char         *name;
  AivoSecret   *secret;
} Revocation;

static void
revocation_free (Revocation *revocation)
{
  g_clear_object (&revocation->self);
  g_free (revocation->connection_id);
  g_free (revocation->key_id);
  g_free (revocation->name);
  aivo_secret_free (revocation->secret);
  g_free (revocation);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Revocation, revocation_free)

static Revocation *
revocation_new (AivoKeysPage *self,
                const char   *connection_id,
                const char   *key_id,
                const char   *name)
{
  Revocation *revocation = g_new0 (Revocation, 1);

  revocation->self = g_object_ref (self);
  revocation->connection_id = g_strdup (connection_id);
  revocation->key_id = g_strdup (key_id);
  revocation->name = g_strdup (name);

  return revocation;
}

static void
show_proof (AivoKeysPage *self,
            gboolean      dead,
            const char   *message)
{
  if (is_disposed (self))
    return;

  gtk_label_set_label (self->proof_label, message);
  gtk_image_set_from_icon_name (self->proof_icon, dead ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  if (dead)
    gtk_widget_remove_css_class (GTK_WIDGET (self->proof_box), "failed");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->proof_box), "failed");
  gtk_revealer_set_reveal_child (self->proof_revealer, TRUE);
}

static void
keyring_entry_removed_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(Revocation) revocation = user_data;
  g_autoptr(GError) error = NULL;

  if (!aivo_secret_store_delete_key_finish (AIVO_SECRET_STORE (object), result, &error) && error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The key is revoked, but its secret could not be removed "
                                                    "from the keyring: %s"), error->message);
      show_toast (revocation->self, message);
    }

  aivo_keys_page_reload (revocation->self);
}

static void
remove_keyring_entry (Revocation *revocation)
{
  AivoKeysPage *self = revocation->self;

  aivo_secret_store_delete_key_async (aivo_connection_manager_get_secret_store (self->manager),
                                      revocation->connection_id, revocation->key_id, NULL,
                                      keyring_entry_removed_cb, revocation);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Revocation) revocation = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint status;

  status = aivo_client_probe_credential_finish (AIVO_CLIENT (object), result, &error);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      message = g_strdup_printf (_("“%s” is revoked: a request made with it just now was refused "
                                   "with 401 Unauthorized."), revocation->name);
      show_proof (revocation->self, TRUE, message);
    }
  else if (error != NULL)
    {
      message = g_strdup_printf (_("“%s” was deleted, but the check with the key itself failed: %s"),
                                 revocation->name, error->message);
      show_proof (revocation->self, FALSE, message);
    }
  else
    {
      message = g_strdup_printf (_("“%s” was deleted, but the server still accepted it (HTTP %u). "
                                   "Contact the server’s administrator."), revocation->name, status);
      show_proof (revocation->self, FALSE, message);
    }

  /* The secret is no use to anyone now. */
  remove_keyring_entry (g_steal_pointer (&revocation));
}

static void
secret_looked_up_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Revocation) revocation = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  AivoClient *client = get_client (revocation->self);
  Revocation *probing;

  revocation->secret = aivo_secret_store_lookup_key_finish (AIVO_SECRET_STORE (object), result, &error);

  if (revocation->secret == NULL)
    {
      if (error != NULL)
        message = g_strdup_printf (_("“%s” is deleted. Its secret could not be read from the keyring, so it "
                                     "could not be tested: %s"), revocation->name, error->message);
      else
        message = g_strdup_printf (_("“%s” is deleted. Its secret is not in the keyring, so it could not "
                                     "be tested."), revocation->name);
      show_proof (revocation->self, TRUE, message);
      aivo_keys_page_reload (revocation->self);
      return;
    }

  /* The connection went away meanwhile (the app is quitting, say): no
   * proof, but a deleted key's secret still leaves the keyring. */
  if (client == NULL)
    {
      message = g_strdup_printf (_("“%s” is deleted. The connection to the server closed before it could "
                                   "be tested."), revocation->name);
      show_proof (revocation->self, TRUE, message);
      remove_keyring_entry (g_steal_pointer (&revocation));
      return;
    }

  /* Stolen first: the order in which arguments are evaluated is unspecified. */
  probing = g_steal_pointer (&revocation);
  aivo_client_probe_credential_async (client, probing->secret, NULL, probe_cb, probing);
}

static void
key_deleted_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Revocation) revocation = user_data;
  g_autoptr(GError) error = NULL;
  AivoKeysPage *self = revocation->self;
  Revocation *looking_up;

  if (!aivo_client_delete_key_finish (AIVO_CLIENT (object), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not delete “%s”: %s"), revocation->name, error->message);

      show_toast (self, message);
      aivo_keys_page_reload (self);
      return;
    }

  looking_up = g_steal_pointer (&revocation);
  aivo_secret_store_lookup_key_async (aivo_connection_manager_get_secret_store (self->manager),
                                      looking_up->connection_id, looking_up->key_id, NULL,
                                      secret_looked_up_cb, looking_up);
}

static void
revocation_closure_notify (gpointer  data,
                           GClosure *closure)
{
  revocation_free (data);
}

/* @pending belongs to the dialog, which may also go away without an answer. */
static void
delete_confirmed_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Revocation       *pending)
{
  AivoClient *client = get_client (pending->self);
  Revocation *revocation;

  if (g_strcmp0 (response, "delete") != 0 || is_disposed (pending->self))
    return;

  if (client == NULL || g_strcmp0 (get_connection_id (pending->self), pending->connection_id) != 0)
    {
      g_autofree char *message = NULL;

      if (client == NULL)
        message = g_strdup_printf (_("“%s” was not deleted: there is no connection to the server. Wait "
                                     "for it, then try again."), pending->name);
      else
        message = g_strdup_printf (_("“%s” was not deleted: the app switched to another server meanwhile. "
                                     "Switch back to delete it."), pending->name);
      show_toast (pending->self, message);
      return;
    }

  gtk_revealer_set_reveal_child (pending->self->proof_revealer, FALSE);
  revocation = revocation_new (pending->self, pending->connection_id, pending->key_id, pending->name);
  aivo_client_delete_key_async (client, revocation->key_id, NULL, key_deleted_cb, revocation);
}

static void
delete_requested_cb (AivoKeysPage *self,
                     AivoKeyRow   *row)
{
  AivoKey *key = aivo_key_row_get_key (row);
  GtkWidget *dialog;

  dialog = aivo_confirm_dialog_new (aivo_widget_get_window (GTK_WIDGET (self)), NULL,
                                    _("The key stops working immediately: every integration that uses it "
                                      "will be refused. This can’t be undone."),
                                    "delete", _("_Delete Key"));
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete “%s”?"), aivo_key_get_name (key));

  g_signal_connect_data (dialog, "response", G_CALLBACK (delete_confirmed_cb),
                         revocation_new (self, get_connection_id (self), aivo_key_get_id (key),
                                         aivo_key_get_name (key)),
                         revocation_closure_notify, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retry_clicked_cb (AivoKeysPage *self)
{
  if (!aivo_page_reconnect_if_failed (self->manager))
    aivo_keys_page_reload (self);
}

static void
proof_dismissed_cb (AivoKeysPage *self)
{
  gtk_revealer_set_reveal_child (self->proof_revealer, FALSE);
}

/* Shown again: a key may have been rotated from the Team page, or the
 * server may have gone away, while another page was in front. */
static void
aivo_keys_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (aivo_keys_page_parent_class)->map (widget);

  aivo_keys_page_reload (AIVO_KEYS_PAGE (widget));
}

static void
aivo_keys_page_dispose (GObject *object)
{
  AivoKeysPage *self = (AivoKeysPage *)object;

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->cancellable);

  if (self->generate_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->generate_dialog));

  gtk_widget_dispose_template (GTK_WIDGET (self), AIVO_TYPE_KEYS_PAGE);

  G_OBJECT_CLASS (aivo_keys_page_parent_class)->dispose (object);
}

static void
aivo_keys_page_finalize (GObject *object)
{
  AivoKeysPage *self = (AivoKeysPage *)object;

  g_clear_object (&self->manager);
  g_clear_object (&self->policy);
  g_clear_object (&self->settings);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->keyring_ids, g_hash_table_unref);
  g_clear_pointer (&self->rotate_now_key_id, g_free);

  G_OBJECT_CLASS (aivo_keys_page_parent_class)->finalize (object);
}

static void
aivo_keys_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AivoKeysPage *self = AIVO_KEYS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONNECTION_MANAGER:
      g_value_set_object (value, self->manager);
      break;

    case PROP_STATE:
      g_value_set_string (value, aivo_keys_page_get_state (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_keys_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  AivoKeysPage *self = AIVO_KEYS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONNECTION_MANAGER:
      aivo_keys_page_set_connection_manager (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_keys_page_class_init (AivoKeysPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aivo_keys_page_dispose;
  object_class->finalize = aivo_keys_page_finalize;
  object_class->get_property = aivo_keys_page_get_property;
  object_class->set_property = aivo_keys_page_set_property;

  properties[PROP_CONNECTION_MANAGER] =
    g_param_spec_object ("connection-manager", NULL, NULL,
                         AIVO_TYPE_CONNECTION_MANAGER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* "connecting", "error", "empty" or "list": what a user sees. */
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->map = aivo_keys_page_map;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/aivo-keys-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AivoKeysPage, content_box);
  gtk_widget_class_bind_template_child (widget_class, AivoKeysPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AivoKeysPage, rotate_now_revealer);
  gtk_widget_class_bind_template_child (widget_class, AivoKeysPage, rotate_now_label);
  gtk_widget_class_bind_template_child (widget_class, AivoKeysPage, rotate_now_button);
  gtk_widget_class_bind_template_callback (widget_class, rotate_now_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, AivoKeysPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, AivoKeysPage, connecting_label);
  gtk_widget_class_bind_template_child (widget_class, AivoKeysPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, AivoKeysPage, limit_label);
  gtk_widget_class_bind_template_child (widget_class, AivoKeysPage, generate_button);
  gtk_widget_class_bind_template_child (widget_class, AivoKeysPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, AivoKeysPage, proof_revealer);
  gtk_widget_class_bind_template_child (widget_class, AivoKeysPage, proof_box);
  gtk_widget_class_bind_template_child (widget_class, AivoKeysPage, proof_label);
  gtk_widget_class_bind_template_child (widget_class, AivoKeysPage, proof_icon);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, proof_dismissed_cb);

  gtk_widget_class_install_action (widget_class, "keys.generate", NULL, generate_action);
}

static void
aivo_keys_page_init (AivoKeysPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (stack_changed_cb), self, G_CONNECT_SWAPPED);

  self->cancellable = g_cancellable_new ();
  self->key_limit = 10;
  self->policy = aivo_rotation_policy_new ();
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "production-rotation-days", self->policy, "production-days", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "development-rotation-days", self->policy, "development-days", G_SETTINGS_BIND_GET);
}

void
aivo_keys_page_set_connection_manager (AivoKeysPage          *self,
                                       AivoConnectionManager *manager)
{
  g_return_if_fail (AIVO_IS_KEYS_PAGE (self));
  g_return_if_fail (!manager || AIVO_IS_CONNECTION_MANAGER (manager));

  if (!aivo_page_follow_connection (self, &self->manager, manager, G_CALLBACK (connection_changed_cb)))
    return;

  aivo_keys_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_MANAGER]);
}

AivoConnectionManager *
aivo_keys_page_get_connection_manager (AivoKeysPage *self)
{
  g_return_val_if_fail (AIVO_IS_KEYS_PAGE (self), NULL);

  return self->manager;
}

const char *
aivo_keys_page_get_state (AivoKeysPage *self)
{
  g_return_val_if_fail (AIVO_IS_KEYS_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

guint
aivo_keys_page_get_n_keys (AivoKeysPage *self)
{
  g_return_val_if_fail (AIVO_IS_KEYS_PAGE (self), 0);

  return self->n_keys;
}
