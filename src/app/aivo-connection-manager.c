/* aivo-connection-manager.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-connection-manager"

#include "config.h"

#include <glib/gi18n.h>

#include "aivo-connection-manager.h"
#include "aivo-credential.h"
#include "aivo-sandbox-thread.h"
#include "aivo-secure-memory.h"
#include "aivo-settings-util.h"

/* Which server the app talks to. The built-in sandbox ("local") runs on its
 * own thread and is started only when the window has drawn its first frame;
 * remote servers are a base URL in GSettings and an account token in the
 * keyring. Whoever needs the API asks for the client of the active one. */
struct _AivoConnectionManager
{
  GObject              parent_instance;

  /* Owned references */
  GSettings           *settings;
  AivoSecretStore     *secret_store;
  AivoSandboxThread   *sandbox;
  AivoClient          *local_client;
  AivoClient          *client;
  GCancellable        *cancellable;
  char                *local_data_dir;
  char                *active_id;
  char                *error_message;

  AivoConnectionState  state;
  guint                started : 1;
  guint                shut_down : 1;
};

G_DEFINE_FINAL_TYPE (AivoConnectionManager, aivo_connection_manager, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_CLIENT,
  PROP_ACTIVE_ID,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

enum {
  REMOTES_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect_active (AivoConnectionManager *self);

static void
set_state (AivoConnectionManager *self,
           AivoConnectionState    state,
           AivoClient            *client,
           const char            *error_message)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (g_set_object (&self->client, client))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);

  if (g_strcmp0 (self->error_message, error_message) != 0)
    {
      g_free (self->error_message);
      self->error_message = g_strdup (error_message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

/* Returns the (id, title, base_url) of a remote, or FALSE. */
static gboolean
find_remote (AivoConnectionManager  *self,
             const char             *id,
             char                  **title,
             char                  **base_url)
{
  g_autoptr(GVariant) remotes = g_settings_get_value (self->settings, "remote-connections");
  GVariantIter iter;
  const char *r_id, *r_title, *r_url;

  g_variant_iter_init (&iter, remotes);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &r_id, &r_title, &r_url))
    {
      if (g_strcmp0 (r_id, id) == 0)
        {
          if (title != NULL)
            *title = g_strdup (r_title);
          if (base_url != NULL)
            *base_url = g_strdup (r_url);
          return TRUE;
        }
    }

  return FALSE;
}

static void
sandbox_started_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(AivoConnectionManager) self = user_data;
  g_autoptr(AivoSecret) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *message = NULL;

  if (!aivo_sandbox_thread_start_finish (AIVO_SANDBOX_THREAD (object), result, &base_url, &token, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_clear_object (&self->sandbox);
      message = g_strdup_printf (_("The built-in sandbox could not start: %s"), error->message);
      set_state (self, AIVO_CONNECTION_STATE_FAILED, NULL, message);
      return;
    }

  g_debug ("Built-in sandbox listening on %s", base_url);

  self->local_client = aivo_client_new (base_url);
  aivo_client_set_account_token (self->local_client, token);

  if (g_strcmp0 (self->active_id, AIVO_CONNECTION_LOCAL) == 0)
    set_state (self, AIVO_CONNECTION_STATE_READY, self->local_client, NULL);
}

static void
remote_token_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(AivoConnectionManager) self = user_data;
  g_autoptr(AivoSecret) token = NULL;
  g_autoptr(AivoClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *message = NULL;

  token = aivo_secret_store_lookup_account_token_finish (AIVO_SECRET_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (!find_remote (self, self->active_id, &title, &base_url))
    {
      set_state (self, AIVO_CONNECTION_STATE_FAILED, NULL,
                 _("This server is no longer configured. Choose another connection."));
      return;
    }

  if (error != NULL)
    {
      set_state (self, AIVO_CONNECTION_STATE_FAILED, NULL, error->message);
      return;
    }

  if (token == NULL)
    {
      message = g_strdup_printf (_("No account token is saved for “%s”. Remove the server and add it "
                                   "again with its account token."), title);
      set_state (self, AIVO_CONNECTION_STATE_FAILED, NULL, message);
      return;
    }

  client = aivo_client_new (base_url);
  aivo_client_set_account_token (client, token);
  set_state (self, AIVO_CONNECTION_STATE_READY, client, NULL);
}

static void
connect_active (AivoConnectionManager *self)
{
  /* A window GTK left standing after the application ended may still draw
   * its first frame: no new sandbox for it. */
  if (self->shut_down)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (g_strcmp0 (self->active_id, AIVO_CONNECTION_LOCAL) == 0)
    {
      if (self->local_client != NULL)
        {
          set_state (self, AIVO_CONNECTION_STATE_READY, self->local_client, NULL);
          return;
        }

      set_state (self, AIVO_CONNECTION_STATE_CONNECTING, NULL, NULL);

      if (self->sandbox == NULL)
        {
          self->sandbox = aivo_sandbox_thread_new (self->local_data_dir, "professional");
          /* Not tied to self->cancellable: switching away and back must not
           * start a second server. */
          aivo_sandbox_thread_start_async (self->sandbox, NULL, sandbox_started_cb, g_object_ref (self));
        }
      return;
    }

  if (!find_remote (self, self->active_id, NULL, NULL))
    {
      /* A stale id in GSettings: fall back to the sandbox. */
      aivo_connection_manager_activate (self, AIVO_CONNECTION_LOCAL);
      return;
    }

  set_state (self, AIVO_CONNECTION_STATE_CONNECTING, NULL, NULL);
  aivo_secret_store_lookup_account_token_async (self->secret_store, self->active_id, self->cancellable,
                                                remote_token_cb, g_object_ref (self));
}

static void
aivo_connection_manager_dispose (GObject *object)
{
  AivoConnectionManager *self = (AivoConnectionManager *)object;

  aivo_connection_manager_shutdown (self);

  G_OBJECT_CLASS (aivo_connection_manager_parent_class)->dispose (object);
}

static void
aivo_connection_manager_finalize (GObject *object)
{
  AivoConnectionManager *self = (AivoConnectionManager *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->secret_store);
  g_clear_pointer (&self->local_data_dir, g_free);
  g_clear_pointer (&self->active_id, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (aivo_connection_manager_parent_class)->finalize (object);
}

static void
aivo_connection_manager_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  AivoConnectionManager *self = AIVO_CONNECTION_MANAGER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_ACTIVE_ID:
      g_value_set_string (value, self->active_id);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_connection_manager_class_init (AivoConnectionManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = aivo_connection_manager_dispose;
  object_class->finalize = aivo_connection_manager_finalize;
  object_class->get_property = aivo_connection_manager_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      AIVO_CONNECTION_STATE_IDLE, AIVO_CONNECTION_STATE_FAILED, AIVO_CONNECTION_STATE_IDLE,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         AIVO_TYPE_CLIENT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACTIVE_ID] =
    g_param_spec_string ("active-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REMOTES_CHANGED] =
    g_signal_new ("remotes-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
aivo_connection_manager_init (AivoConnectionManager *self)
{
}

AivoConnectionManager *
aivo_connection_manager_new (GSettings       *settings,
                             AivoSecretStore *secret_store,
                             const char      *local_data_dir)
{
  AivoConnectionManager *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (AIVO_IS_SECRET_STORE (secret_store), NULL);
  g_return_val_if_fail (local_data_dir != NULL, NULL);

  self = g_object_new (AIVO_TYPE_CONNECTION_MANAGER, NULL);
  self->settings = g_object_ref (settings);
  self->secret_store = g_object_ref (secret_store);
  self->local_data_dir = g_strdup (local_data_dir);
  self->active_id = g_settings_get_string (settings, "active-connection");

  return self;
}

/**
 * aivo_connection_manager_start:
 *
 * Connects to the active connection. Call it once the window has drawn its
 * first frame: starting the sandbox costs start-up nothing then.
 */
void
aivo_connection_manager_start (AivoConnectionManager *self)
{
  g_return_if_fail (AIVO_IS_CONNECTION_MANAGER (self));

  if (self->started)
    return;

  self->started = TRUE;
  connect_active (self);
}

/* Stops the built-in server (joining its thread) and drops every client,
 * for good: the manager connects to nothing after this. */
void
aivo_connection_manager_shutdown (AivoConnectionManager *self)
{
  g_return_if_fail (AIVO_IS_CONNECTION_MANAGER (self));

  self->shut_down = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->local_client);

  if (self->sandbox != NULL)
    {
      aivo_sandbox_thread_stop (self->sandbox);
      g_clear_object (&self->sandbox);
    }
}

AivoConnectionState
aivo_connection_manager_get_state (AivoConnectionManager *self)
{
  g_return_val_if_fail (AIVO_IS_CONNECTION_MANAGER (self), AIVO_CONNECTION_STATE_IDLE);

  return self->state;
}

const char *
aivo_connection_manager_get_error_message (AivoConnectionManager *self)
{
  g_return_val_if_fail (AIVO_IS_CONNECTION_MANAGER (self), NULL);

  return self->error_message;
}

/* Returns: (transfer none) (nullable): the client of the active connection,
 * %NULL until it is ready. */
AivoClient *
aivo_connection_manager_get_client (AivoConnectionManager *self)
{
  g_return_val_if_fail (AIVO_IS_CONNECTION_MANAGER (self), NULL);

  return self->client;
}

AivoSecretStore *
aivo_connection_manager_get_secret_store (AivoConnectionManager *self)
{
  g_return_val_if_fail (AIVO_IS_CONNECTION_MANAGER (self), NULL);

  return self->secret_store;
}

const char *
aivo_connection_manager_get_active_id (AivoConnectionManager *self)
{
  g_return_val_if_fail (AIVO_IS_CONNECTION_MANAGER (self), NULL);

  return self->active_id;
}

char *
aivo_connection_manager_dup_active_title (AivoConnectionManager *self)
{
  char *title = NULL;

  g_return_val_if_fail (AIVO_IS_CONNECTION_MANAGER (self), NULL);

  if (g_strcmp0 (self->active_id, AIVO_CONNECTION_LOCAL) != 0 &&
      find_remote (self, self->active_id, &title, NULL))
    return title;

  return g_strdup (_("Built-in Sandbox"));
}

/**
 * aivo_connection_manager_has_connection:
 * @id: a connection's id, from outside input or from before a change
 *
 * Returns: whether @id is the built-in sandbox or a remote still set up
 */
gboolean
aivo_connection_manager_has_connection (AivoConnectionManager *self,
                                        const char            *id)
{
  g_return_val_if_fail (AIVO_IS_CONNECTION_MANAGER (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return g_strcmp0 (id, AIVO_CONNECTION_LOCAL) == 0 || find_remote (self, id, NULL, NULL);
}

/* Returns: (transfer full): the remotes as a(sss) (id, title, base URL). */
GVariant *
aivo_connection_manager_list_remotes (AivoConnectionManager *self)
{
  g_return_val_if_fail (AIVO_IS_CONNECTION_MANAGER (self), NULL);

  return g_settings_get_value (self->settings, "remote-connections");
}

void
aivo_connection_manager_activate (AivoConnectionManager *self,
                                  const char            *id)
{
  g_return_if_fail (AIVO_IS_CONNECTION_MANAGER (self));
  g_return_if_fail (id != NULL);

  if (g_strcmp0 (id, self->active_id) != 0)
    {
      g_free (self->active_id);
      self->active_id = g_strdup (id);
      g_settings_set_string (self->settings, "active-connection", id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_ID]);
    }

  if (self->started)
    connect_active (self);
}

/* Tries the active connection again, e.g. after a failure. */
void
aivo_connection_manager_reconnect (AivoConnectionManager *self)
{
  g_return_if_fail (AIVO_IS_CONNECTION_MANAGER (self));

  self->started = TRUE;
  connect_active (self);
}

/* Adding a remote: check the URL and token offline, prove the token with a
 * real request, then keep the token in the keyring and the URL in GSettings. */
typedef struct
{
  char       *id;
  char       *title;
  char       *base_url;
  AivoSecret *token;
  AivoClient *client;
} AddRemote;

static void
add_remote_free (AddRemote *add)
{
  g_free (add->id);
  g_free (add->title);
  g_free (add->base_url);
  aivo_secret_free (add->token);
  g_clear_object (&add->client);
  g_free (add);
}

static void
add_remote_stored_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AivoConnectionManager *self = g_task_get_source_object (task);
  AddRemote *add = g_task_get_task_data (task);
  const char *match[] = { add->id, NULL };
  g_autoptr(GError) error = NULL;

  if (!aivo_secret_store_store_account_token_finish (AIVO_SECRET_STORE (object), result, &error))
    {
      g_prefix_error (&error, _("The account token could not be saved: "));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  aivo_settings_replace_entry (self->settings, "remote-connections", match,
                               g_variant_new ("(sss)", add->id, add->title, add->base_url));

  g_signal_emit (self, signals[REMOTES_CHANGED], 0);
  aivo_connection_manager_activate (self, add->id);

  g_task_return_pointer (task, g_strdup (add->id), g_free);
}

static void
add_remote_verified_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AivoConnectionManager *self = g_task_get_source_object (task);
  AddRemote *add = g_task_get_task_data (task);
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;

  keys = aivo_client_list_keys_finish (AIVO_CLIENT (object), result, NULL, NULL, &error);
  if (keys == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  aivo_secret_store_store_account_token_async (self->secret_store, add->id, add->title, add->token,
                                               g_task_get_cancellable (task),
                                               add_remote_stored_cb, g_object_ref (task));
}

static char *
new_remote_id (void)
{
  guint8 bytes[6];

  /* Not a secret, only unique: but there is no reason to use a weaker source. */
  if (!aivo_secure_random (bytes, sizeof bytes, NULL))
    return g_strdup_printf ("remote-%" G_GINT64_FORMAT, g_get_real_time ());

  return g_strdup_printf ("remote-%02x%02x%02x%02x%02x%02x",
                          bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5]);
}

static gboolean
check_base_url (const char  *base_url,
                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Enter the server’s address as a full URL, for example https://api.example.com."));
      return FALSE;
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The server address must not contain a query or a user name: "
                             "enter only the scheme, host, port and path."));
      return FALSE;
    }

  return TRUE;
}

void
aivo_connection_manager_add_remote_async (AivoConnectionManager *self,
                                          const char            *title,
                                          const char            *base_url,
                                          const char            *account_token,
                                          GCancellable          *cancellable,
                                          GAsyncReadyCallback    callback,
                                          gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(AivoCredential) credential = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *trimmed_title = NULL;
  g_autofree char *trimmed_url = NULL;
  AddRemote *add;

  g_return_if_fail (AIVO_IS_CONNECTION_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aivo_connection_manager_add_remote_async);

  trimmed_title = g_strstrip (g_strdup (title != NULL ? title : ""));
  trimmed_url = g_strstrip (g_strdup (base_url != NULL ? base_url : ""));

  if (*trimmed_title == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "%s", _("Give the server a name, for example “Staging”."));
      return;
    }

  if (!check_base_url (trimmed_url, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  credential = aivo_credential_parse (account_token, &error);
  if (credential == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (aivo_credential_get_kind (credential) != AIVO_CREDENTIAL_KIND_ACCOUNT_TOKEN)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "%s", _("This is an API key, not an account token. Managing keys needs the "
                                       "account token, which starts with “aivo_acct_”."));
      return;
    }

  add = g_new0 (AddRemote, 1);
  add->id = new_remote_id ();
  add->title = g_steal_pointer (&trimmed_title);
  add->base_url = g_steal_pointer (&trimmed_url);
  add->token = aivo_secret_dup (account_token);
  add->client = aivo_client_new (add->base_url);
  aivo_client_set_account_token (add->client, add->token);
  g_task_set_task_data (task, add, (GDestroyNotify) add_remote_free);

  aivo_client_list_keys_async (add->client, cancellable, add_remote_verified_cb, g_steal_pointer (&task));
}

/* Returns: (transfer full): the new connection's id */
char *
aivo_connection_manager_add_remote_finish (AivoConnectionManager  *self,
                                           GAsyncResult           *result,
                                           GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aivo_connection_manager_add_remote_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
remote_forgotten_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!aivo_secret_store_delete_connection_finish (AIVO_SECRET_STORE (object), result, &error))
    g_warning ("Could not remove a removed server’s secrets from the keyring: %s", error->message);
}

/* Forgets a remote: its URL, and everything of it in the keyring. */
void
aivo_connection_manager_remove_remote (AivoConnectionManager *self,
                                       const char            *id)
{
  const char *match[] = { id, NULL };

  g_return_if_fail (AIVO_IS_CONNECTION_MANAGER (self));
  g_return_if_fail (id != NULL);

  if (g_strcmp0 (id, AIVO_CONNECTION_LOCAL) == 0 || !find_remote (self, id, NULL, NULL))
    return;

  aivo_settings_replace_entry (self->settings, "remote-connections", match, NULL);

  aivo_secret_store_delete_connection_async (self->secret_store, id, NULL, remote_forgotten_cb, NULL);

  g_signal_emit (self, signals[REMOTES_CHANGED], 0);

  if (g_strcmp0 (id, self->active_id) == 0)
    aivo_connection_manager_activate (self, AIVO_CONNECTION_LOCAL);
}
