/* aivo-secret-store.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-secret-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aivo-secret-store.h"

#include "aivo-credential.h"

/* Keeps API key secrets and account tokens in the user's keyring through
 * libsecret's password API, which also works inside Flatpak (there it uses
 * the Secret portal on its own). A secret passes through here only on its
 * way in or out: it is never logged, never in a label, and every copy this
 * file makes or receives is cleared before it is freed. */

struct _AivoSecretStore
{
  GObject  parent_instance;

  char    *collection;
};

G_DEFINE_FINAL_TYPE (AivoSecretStore, aivo_secret_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (aivo-secret-store-error-quark, aivo_secret_store_error)

enum {
  PROP_0,
  PROP_COLLECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const SecretSchema credential_schema = {
  AIVO_SECRET_STORE_SCHEMA_NAME, SECRET_SCHEMA_NONE,
  {
    { AIVO_SECRET_STORE_ATTRIBUTE_CONNECTION, SECRET_SCHEMA_ATTRIBUTE_STRING },
    { AIVO_SECRET_STORE_ATTRIBUTE_KIND, SECRET_SCHEMA_ATTRIBUTE_STRING },
    { AIVO_SECRET_STORE_ATTRIBUTE_KEY_ID, SECRET_SCHEMA_ATTRIBUTE_STRING },
    { AIVO_SECRET_STORE_ATTRIBUTE_ENVIRONMENT, SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

typedef enum
{
  OPERATION_STORE,
  OPERATION_LOOKUP,
  OPERATION_CLEAR,
  OPERATION_SEARCH,
} Operation;

/* What failed, for the sentence of an AIVO_SECRET_STORE_ERROR_FAILED. */
static const char * const operation_failures[] = {
  [OPERATION_STORE] = N_("The secret could not be saved in the keyring"),
  [OPERATION_LOOKUP] = N_("The secret could not be read from the keyring"),
  [OPERATION_CLEAR] = N_("The secret could not be removed from the keyring"),
  [OPERATION_SEARCH] = N_("The keyring could not be searched"),
};

typedef struct
{
  Operation   operation;
  GHashTable *attributes;
  gboolean    removed;
} Call;

static void
call_free (Call *call)
{
  g_clear_pointer (&call->attributes, g_hash_table_unref);
  g_free (call);
}

/* Input checks */

static gboolean
is_valid_connection (const char *connection)
{
  return connection != NULL && connection[0] != '\0' && g_utf8_validate (connection, -1, NULL);
}

/* "key_" and the eight base62 characters of the credential's id. */
static gboolean
is_valid_key_id (const char *key_id)
{
  if (key_id == NULL || !g_str_has_prefix (key_id, "key_"))
    return FALSE;

  for (guint i = 0; i < AIVO_CREDENTIAL_ID_LENGTH; i++)
    if (!g_ascii_isalnum (key_id[4 + i]))
      return FALSE;

  return key_id[4 + AIVO_CREDENTIAL_ID_LENGTH] == '\0';
}

/* Stored as text/plain: it has to be UTF-8 to come back out as a string. */
static gboolean
is_valid_secret (const char *secret)
{
  return secret != NULL && secret[0] != '\0' && g_utf8_validate (secret, -1, NULL);
}

/* The sync variants run the async ones: they must not start a call whose
 * callback a failed check would never run, so both check the same way. */
static gboolean
check_connection (AivoSecretStore *self,
                  const char      *connection,
                  GCancellable    *cancellable)
{
  g_return_val_if_fail (AIVO_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (is_valid_connection (connection), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  return TRUE;
}

static gboolean
check_key (AivoSecretStore *self,
           const char      *connection,
           const char      *key_id,
           GCancellable    *cancellable)
{
  if (!check_connection (self, connection, cancellable))
    return FALSE;

  g_return_val_if_fail (is_valid_key_id (key_id), FALSE);

  return TRUE;
}

static gboolean
check_store (const char *name,
             const char *secret)
{
  g_return_val_if_fail (name == NULL || g_utf8_validate (name, -1, NULL), FALSE);
  g_return_val_if_fail (is_valid_secret (secret), FALSE);

  return TRUE;
}

/* Attributes and labels */

/* NULL leaves an attribute out, so a search matches any value of it. */
static GHashTable *
attributes_new (const char *connection,
                const char *kind,
                const char *key_id,
                const char *environment)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer) AIVO_SECRET_STORE_ATTRIBUTE_CONNECTION, g_strdup (connection));
  if (kind != NULL)
    g_hash_table_insert (attributes, (gpointer) AIVO_SECRET_STORE_ATTRIBUTE_KIND, g_strdup (kind));
  if (key_id != NULL)
    g_hash_table_insert (attributes, (gpointer) AIVO_SECRET_STORE_ATTRIBUTE_KEY_ID, g_strdup (key_id));
  if (environment != NULL)
    g_hash_table_insert (attributes, (gpointer) AIVO_SECRET_STORE_ATTRIBUTE_ENVIRONMENT, g_strdup (environment));

  return attributes;
}

static GHashTable *
key_attributes_new (const char *connection,
                    const char *key_id)
{
  return attributes_new (connection, AIVO_SECRET_STORE_KIND_API_KEY, key_id, NULL);
}

static GHashTable *
token_attributes_new (const char *connection)
{
  return attributes_new (connection, AIVO_SECRET_STORE_KIND_ACCOUNT_TOKEN, NULL, NULL);
}

/* Labels are shown in keyring managers. A user could have named a key after
 * its own secret; such a label gives way to one made of nothing the user typed. */
static char *
label_without_secret (char       *label,
                      const char *secret)
{
  if (strstr (label, secret) == NULL)
    return label;

  g_free (label);
  return g_strdup (_("AIVO credential"));
}

static char *
key_label_new (const char      *key_id,
               AivoEnvironment  environment,
               const char      *name,
               const char      *secret)
{
  const char *environment_id = aivo_environment_to_string (environment);
  char *label;

  if (name != NULL && name[0] != '\0')
    /* Translators: the key's name, its id and its environment */
    label = g_strdup_printf (_("AIVO API key “%s” (%s, %s)"), name, key_id, environment_id);
  else
    /* Translators: the key's id and its environment */
    label = g_strdup_printf (_("AIVO API key %s (%s)"), key_id, environment_id);

  return label_without_secret (label, secret);
}

static char *
token_label_new (const char *connection,
                 const char *server_name,
                 const char *secret)
{
  const char *shown = server_name != NULL && server_name[0] != '\0' ? server_name : connection;

  /* Translators: the name of the server the token is for */
  return label_without_secret (g_strdup_printf (_("AIVO account token for “%s”"), shown), secret);
}

/* Errors */

static gboolean
is_unavailable (const GError *error)
{
  /* Every way of not reaching a Secret Service on the bus: no bus, no
   * service, no answer, no permission (a sandbox without the portal). */
  if (error->domain == G_DBUS_ERROR)
    return TRUE;

  if (error->domain == G_IO_ERROR)
    return error->code != G_IO_ERROR_CANCELLED && error->code != G_IO_ERROR_DBUS_ERROR;

  return FALSE;
}

/* Takes @error and returns the error a user sees instead. */
static GError *
translate_error (GError    *error,
                 Operation  operation)
{
  GError *translated;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  /* libsecret's messages describe the keyring, never a secret. */
  g_debug ("%s: %s (%s %d)", operation_failures[operation], error->message,
           g_quark_to_string (error->domain), error->code);

  if (is_unavailable (error))
    translated = g_error_new_literal (AIVO_SECRET_STORE_ERROR, AIVO_SECRET_STORE_ERROR_UNAVAILABLE,
                                      _("No keyring is available: AIVO Studio keeps keys in the system "
                                        "keyring (GNOME Keyring or KWallet). Start it, or use the key "
                                        "from the AIVO_API_KEY environment variable."));
  else if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    translated = g_error_new_literal (AIVO_SECRET_STORE_ERROR, AIVO_SECRET_STORE_ERROR_LOCKED,
                                      _("The keyring is locked: unlock it (in Passwords and Keys, for "
                                        "example, or when the system asks for its password) and try again."));
  else
    /* Translators: what failed, then the keyring's own explanation */
    translated = g_error_new (AIVO_SECRET_STORE_ERROR, AIVO_SECRET_STORE_ERROR_FAILED,
                              _("%s. The keyring said: “%s”. Try again; if it keeps failing, "
                                "restart the keyring or log in again."),
                              _(operation_failures[operation]), error->message);

  g_error_free (error);
  return translated;
}

static void
task_return_error (GTask  *task,
                   GError *error)
{
  Call *call = g_task_get_task_data (task);

  g_task_return_error (task, translate_error (error, call->operation));
}

/* Completion */

static void
return_result (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  if (call->operation == OPERATION_CLEAR)
    g_task_return_boolean (task, call->removed);
  else
    g_task_return_pointer (task, NULL, NULL);
}

static gboolean
any_locked (GList *items)
{
  for (GList *l = items; l != NULL; l = l->next)
    if (SECRET_IS_ITEM (l->data) && secret_item_get_locked (l->data))
      return TRUE;

  return FALSE;
}

static void
on_locked_checked (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GList *items;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (any_locked (items))
    task_return_error (task, g_error_new_literal (SECRET_ERROR, SECRET_ERROR_IS_LOCKED,
                                                  "The matching items are locked"));
  else
    return_result (task);

  g_list_free_full (items, g_object_unref);
}

/* libsecret reports a locked item whose unlock prompt was dismissed as
 * missing, and does not delete locked items. Before saying "nothing there",
 * look (without unlocking) whether something is there but locked. */
static void
check_locked (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  secret_password_searchv (&credential_schema, call->attributes, SECRET_SEARCH_ALL,
                           g_task_get_cancellable (task),
                           on_locked_checked, task);
}

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    task_return_error (task, error);
}

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password;

  password = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      task_return_error (task, error);
    }
  else if (password == NULL)
    {
      check_locked (g_steal_pointer (&task));
    }
  else
    {
      /* Ours to hand out; libsecret's copy is wiped by secret_password_free(). */
      AivoSecret *secret = aivo_secret_dup (password);

      secret_password_free (password);
      g_task_return_pointer (task, secret, (GDestroyNotify) aivo_secret_free);
    }
}

static void
on_cleared (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;

  call->removed = secret_password_clear_finish (result, &error);
  if (error != NULL)
    task_return_error (task, error);
  else
    check_locked (g_steal_pointer (&task));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
on_searched (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) key_ids = NULL;
  GError *error = NULL;
  GList *items;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      task_return_error (task, error);
      return;
    }

  key_ids = g_ptr_array_new_with_free_func (g_free);

  /* Attributes only: the secrets stay in the keyring, locked or not. */
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (l->data);
      const char *key_id = g_hash_table_lookup (attributes, AIVO_SECRET_STORE_ATTRIBUTE_KEY_ID);

      if (is_valid_key_id (key_id)
          && !g_ptr_array_find_with_equal_func (key_ids, key_id, g_str_equal, NULL))
        g_ptr_array_add (key_ids, g_strdup (key_id));
    }

  g_ptr_array_sort (key_ids, compare_strings);
  g_list_free_full (items, g_object_unref);

  g_task_return_pointer (task, g_steal_pointer (&key_ids), (GDestroyNotify) g_ptr_array_unref);
}

/* Starts @operation with @attributes (taken). @label and @secret are for
 * OPERATION_STORE: libsecret copies the secret before this returns. */
static void
start (AivoSecretStore     *self,
       gpointer             source_tag,
       Operation            operation,
       GHashTable          *attributes,
       const char          *label,
       const char          *secret,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Call *call;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  call = g_new0 (Call, 1);
  call->operation = operation;
  call->attributes = attributes;
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  switch (operation)
    {
    case OPERATION_STORE:
      secret_password_storev (&credential_schema, attributes, self->collection, label, secret,
                              cancellable, on_stored, g_steal_pointer (&task));
      break;

    case OPERATION_LOOKUP:
      secret_password_lookupv (&credential_schema, attributes,
                               cancellable, on_looked_up, g_steal_pointer (&task));
      break;

    case OPERATION_CLEAR:
      secret_password_clearv (&credential_schema, attributes,
                              cancellable, on_cleared, g_steal_pointer (&task));
      break;

    case OPERATION_SEARCH:
      secret_password_searchv (&credential_schema, attributes, SECRET_SEARCH_ALL,
                               cancellable, on_searched, g_steal_pointer (&task));
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
finish_boolean (AivoSecretStore  *self,
                GAsyncResult     *result,
                gpointer          source_tag,
                GError          **error)
{
  g_return_val_if_fail (AIVO_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gpointer
finish_pointer (AivoSecretStore  *self,
                GAsyncResult     *result,
                gpointer          source_tag,
                GError          **error)
{
  g_return_val_if_fail (AIVO_IS_SECRET_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Sync variants, for the CLI: run the async call on a private main context
 * so there is a single code path, and nothing else is dispatched meanwhile. */

typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
} SyncCall;

static void
sync_call_begin (SyncCall *sync)
{
  sync->context = g_main_context_new ();
  sync->result = NULL;
  g_main_context_push_thread_default (sync->context);
}

static void
sync_call_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SyncCall *sync = user_data;

  sync->result = g_object_ref (result);
}

/* Returns: (transfer full): the result of the call begun with @sync */
static GAsyncResult *
sync_call_wait (SyncCall *sync)
{
  while (sync->result == NULL)
    g_main_context_iteration (sync->context, TRUE);

  /* Whatever libsecret left queued would leak with the context. */
  while (g_main_context_iteration (sync->context, FALSE))
    ;

  g_main_context_pop_thread_default (sync->context);
  g_clear_pointer (&sync->context, g_main_context_unref);

  return g_steal_pointer (&sync->result);
}

/* GObject */

static void
aivo_secret_store_finalize (GObject *object)
{
  AivoSecretStore *self = (AivoSecretStore *)object;

  g_clear_pointer (&self->collection, g_free);

  G_OBJECT_CLASS (aivo_secret_store_parent_class)->finalize (object);
}

static void
aivo_secret_store_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AivoSecretStore *self = AIVO_SECRET_STORE (object);

  switch (prop_id)
    {
    case PROP_COLLECTION:
      g_value_set_string (value, self->collection);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_secret_store_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AivoSecretStore *self = AIVO_SECRET_STORE (object);

  switch (prop_id)
    {
    case PROP_COLLECTION:
      /* Construct-only: NULL means the user's default keyring. */
      g_free (self->collection);
      self->collection = g_strdup (g_value_get_string (value) != NULL
                                   ? g_value_get_string (value)
                                   : SECRET_COLLECTION_DEFAULT);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_secret_store_class_init (AivoSecretStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aivo_secret_store_finalize;
  object_class->get_property = aivo_secret_store_get_property;
  object_class->set_property = aivo_secret_store_set_property;

  /**
   * AivoSecretStore:collection:
   *
   * The alias or D-Bus path of the keyring collection new secrets go to:
   * %SECRET_COLLECTION_DEFAULT, or %SECRET_COLLECTION_SESSION for secrets
   * that must not outlive the session. Lookups search every collection.
   */
  properties[PROP_COLLECTION] =
    g_param_spec_string ("collection", NULL, NULL,
                         SECRET_COLLECTION_DEFAULT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aivo_secret_store_init (AivoSecretStore *self)
{
}

const SecretSchema *
aivo_secret_store_get_schema (void)
{
  return &credential_schema;
}

AivoSecretStore *
aivo_secret_store_new (void)
{
  return g_object_new (AIVO_TYPE_SECRET_STORE, NULL);
}

AivoSecretStore *
aivo_secret_store_new_for_collection (const char *collection)
{
  return g_object_new (AIVO_TYPE_SECRET_STORE,
                       "collection", collection,
                       NULL);
}

const char *
aivo_secret_store_get_collection (AivoSecretStore *self)
{
  g_return_val_if_fail (AIVO_IS_SECRET_STORE (self), NULL);

  return self->collection;
}

/* API keys */

/**
 * aivo_secret_store_store_key_async:
 * @connection: the connection the key belongs to ("local" or a remote's id)
 * @key_id: the key's id, "key_" and eight base62 characters
 * @name: (nullable): the key's name, for the item's label
 * @secret: the full key; copied before this returns, so the caller may clear it
 *
 * Saves the key's secret, replacing what was stored for the same key.
 */
void
aivo_secret_store_store_key_async (AivoSecretStore     *self,
                                   const char          *connection,
                                   const char          *key_id,
                                   AivoEnvironment      environment,
                                   const char          *name,
                                   const char          *secret,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *label = NULL;

  if (!check_key (self, connection, key_id, cancellable) || !check_store (name, secret))
    return;
  g_return_if_fail ((guint) environment < AIVO_N_ENVIRONMENTS);

  label = key_label_new (key_id, environment, name, secret);
  start (self, aivo_secret_store_store_key_async, OPERATION_STORE,
         attributes_new (connection, AIVO_SECRET_STORE_KIND_API_KEY, key_id,
                         aivo_environment_to_string (environment)),
         label, secret, cancellable, callback, user_data);
}

gboolean
aivo_secret_store_store_key_finish (AivoSecretStore  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  return finish_boolean (self, result, aivo_secret_store_store_key_async, error);
}

gboolean
aivo_secret_store_store_key_sync (AivoSecretStore  *self,
                                  const char       *connection,
                                  const char       *key_id,
                                  AivoEnvironment   environment,
                                  const char       *name,
                                  const char       *secret,
                                  GCancellable     *cancellable,
                                  GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  SyncCall sync;

  if (!check_key (self, connection, key_id, cancellable) || !check_store (name, secret))
    return FALSE;
  g_return_val_if_fail ((guint) environment < AIVO_N_ENVIRONMENTS, FALSE);

  sync_call_begin (&sync);
  aivo_secret_store_store_key_async (self, connection, key_id, environment, name, secret,
                                     cancellable, sync_call_done, &sync);
  result = sync_call_wait (&sync);

  return aivo_secret_store_store_key_finish (self, result, error);
}

/**
 * aivo_secret_store_lookup_key_async:
 *
 * Reads a key's secret. The keyring may ask the user to unlock it first.
 */
void
aivo_secret_store_lookup_key_async (AivoSecretStore     *self,
                                    const char          *connection,
                                    const char          *key_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  if (!check_key (self, connection, key_id, cancellable))
    return;

  start (self, aivo_secret_store_lookup_key_async, OPERATION_LOOKUP,
         key_attributes_new (connection, key_id),
         NULL, NULL, cancellable, callback, user_data);
}

/**
 * aivo_secret_store_lookup_key_finish:
 *
 * Returns: (transfer full) (nullable): the secret, or %NULL with no error
 *   when none is stored for that key
 */
AivoSecret *
aivo_secret_store_lookup_key_finish (AivoSecretStore  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  return finish_pointer (self, result, aivo_secret_store_lookup_key_async, error);
}

AivoSecret *
aivo_secret_store_lookup_key_sync (AivoSecretStore  *self,
                                   const char       *connection,
                                   const char       *key_id,
                                   GCancellable     *cancellable,
                                   GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  SyncCall sync;

  if (!check_key (self, connection, key_id, cancellable))
    return NULL;

  sync_call_begin (&sync);
  aivo_secret_store_lookup_key_async (self, connection, key_id, cancellable, sync_call_done, &sync);
  result = sync_call_wait (&sync);

  return aivo_secret_store_lookup_key_finish (self, result, error);
}

void
aivo_secret_store_delete_key_async (AivoSecretStore     *self,
                                    const char          *connection,
                                    const char          *key_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  if (!check_key (self, connection, key_id, cancellable))
    return;

  start (self, aivo_secret_store_delete_key_async, OPERATION_CLEAR,
         key_attributes_new (connection, key_id),
         NULL, NULL, cancellable, callback, user_data);
}

/**
 * aivo_secret_store_delete_key_finish:
 *
 * Returns: %TRUE if a secret was removed; %FALSE with no error if none was stored
 */
gboolean
aivo_secret_store_delete_key_finish (AivoSecretStore  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  return finish_boolean (self, result, aivo_secret_store_delete_key_async, error);
}

gboolean
aivo_secret_store_delete_key_sync (AivoSecretStore  *self,
                                   const char       *connection,
                                   const char       *key_id,
                                   GCancellable     *cancellable,
                                   GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  SyncCall sync;

  if (!check_key (self, connection, key_id, cancellable))
    return FALSE;

  sync_call_begin (&sync);
  aivo_secret_store_delete_key_async (self, connection, key_id, cancellable, sync_call_done, &sync);
  result = sync_call_wait (&sync);

  return aivo_secret_store_delete_key_finish (self, result, error);
}

/**
 * aivo_secret_store_list_keys_async:
 *
 * Lists the ids of the keys of @connection that have a stored secret. No
 * secret is read and nothing is unlocked.
 */
void
aivo_secret_store_list_keys_async (AivoSecretStore     *self,
                                   const char          *connection,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  if (!check_connection (self, connection, cancellable))
    return;

  start (self, aivo_secret_store_list_keys_async, OPERATION_SEARCH,
         attributes_new (connection, AIVO_SECRET_STORE_KIND_API_KEY, NULL, NULL),
         NULL, NULL, cancellable, callback, user_data);
}

/**
 * aivo_secret_store_list_keys_finish:
 *
 * Returns: (transfer full) (element-type utf8): the key ids, sorted
 */
GPtrArray *
aivo_secret_store_list_keys_finish (AivoSecretStore  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  return finish_pointer (self, result, aivo_secret_store_list_keys_async, error);
}

GPtrArray *
aivo_secret_store_list_keys_sync (AivoSecretStore  *self,
                                  const char       *connection,
                                  GCancellable     *cancellable,
                                  GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  SyncCall sync;

  if (!check_connection (self, connection, cancellable))
    return NULL;

  sync_call_begin (&sync);
  aivo_secret_store_list_keys_async (self, connection, cancellable, sync_call_done, &sync);
  result = sync_call_wait (&sync);

  return aivo_secret_store_list_keys_finish (self, result, error);
}

/* Account tokens */

/**
 * aivo_secret_store_store_account_token_async:
 * @server_name: (nullable): how the user knows the server, for the label
 * @secret: the account token; copied before this returns
 *
 * Saves the account token of @connection, replacing the previous one.
 */
void
aivo_secret_store_store_account_token_async (AivoSecretStore     *self,
                                             const char          *connection,
                                             const char          *server_name,
                                             const char          *secret,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autofree char *label = NULL;

  if (!check_connection (self, connection, cancellable) || !check_store (server_name, secret))
    return;

  label = token_label_new (connection, server_name, secret);
  /* Empty, not absent: every item of the schema has the same attributes. */
  start (self, aivo_secret_store_store_account_token_async, OPERATION_STORE,
         attributes_new (connection, AIVO_SECRET_STORE_KIND_ACCOUNT_TOKEN, "", ""),
         label, secret, cancellable, callback, user_data);
}

gboolean
aivo_secret_store_store_account_token_finish (AivoSecretStore  *self,
                                              GAsyncResult     *result,
                                              GError          **error)
{
  return finish_boolean (self, result, aivo_secret_store_store_account_token_async, error);
}

gboolean
aivo_secret_store_store_account_token_sync (AivoSecretStore  *self,
                                            const char       *connection,
                                            const char       *server_name,
                                            const char       *secret,
                                            GCancellable     *cancellable,
                                            GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  SyncCall sync;

  if (!check_connection (self, connection, cancellable) || !check_store (server_name, secret))
    return FALSE;

  sync_call_begin (&sync);
  aivo_secret_store_store_account_token_async (self, connection, server_name, secret,
                                               cancellable, sync_call_done, &sync);
  result = sync_call_wait (&sync);

  return aivo_secret_store_store_account_token_finish (self, result, error);
}

void
aivo_secret_store_lookup_account_token_async (AivoSecretStore     *self,
                                              const char          *connection,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  if (!check_connection (self, connection, cancellable))
    return;

  start (self, aivo_secret_store_lookup_account_token_async, OPERATION_LOOKUP,
         token_attributes_new (connection),
         NULL, NULL, cancellable, callback, user_data);
}

/**
 * aivo_secret_store_lookup_account_token_finish:
 *
 * Returns: (transfer full) (nullable): the token, or %NULL with no error
 *   when none is stored
 */
AivoSecret *
aivo_secret_store_lookup_account_token_finish (AivoSecretStore  *self,
                                               GAsyncResult     *result,
                                               GError          **error)
{
  return finish_pointer (self, result, aivo_secret_store_lookup_account_token_async, error);
}

AivoSecret *
aivo_secret_store_lookup_account_token_sync (AivoSecretStore  *self,
                                             const char       *connection,
                                             GCancellable     *cancellable,
                                             GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  SyncCall sync;

  if (!check_connection (self, connection, cancellable))
    return NULL;

  sync_call_begin (&sync);
  aivo_secret_store_lookup_account_token_async (self, connection, cancellable, sync_call_done, &sync);
  result = sync_call_wait (&sync);

  return aivo_secret_store_lookup_account_token_finish (self, result, error);
}

void
aivo_secret_store_delete_account_token_async (AivoSecretStore     *self,
                                              const char          *connection,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  if (!check_connection (self, connection, cancellable))
    return;

  start (self, aivo_secret_store_delete_account_token_async, OPERATION_CLEAR,
         token_attributes_new (connection),
         NULL, NULL, cancellable, callback, user_data);
}

/**
 * aivo_secret_store_delete_account_token_finish:
 *
 * Returns: %TRUE if a token was removed; %FALSE with no error if none was stored
 */
gboolean
aivo_secret_store_delete_account_token_finish (AivoSecretStore  *self,
                                               GAsyncResult     *result,
                                               GError          **error)
{
  return finish_boolean (self, result, aivo_secret_store_delete_account_token_async, error);
}

gboolean
aivo_secret_store_delete_account_token_sync (AivoSecretStore  *self,
                                             const char       *connection,
                                             GCancellable     *cancellable,
                                             GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  SyncCall sync;

  if (!check_connection (self, connection, cancellable))
    return FALSE;

  sync_call_begin (&sync);
  aivo_secret_store_delete_account_token_async (self, connection, cancellable, sync_call_done, &sync);
  result = sync_call_wait (&sync);

  return aivo_secret_store_delete_account_token_finish (self, result, error);
}

/* Connections */

/**
 * aivo_secret_store_delete_connection_async:
 *
 * Removes every secret of @connection: its keys and its account token.
 */
void
aivo_secret_store_delete_connection_async (AivoSecretStore     *self,
                                           const char          *connection,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  if (!check_connection (self, connection, cancellable))
    return;

  start (self, aivo_secret_store_delete_connection_async, OPERATION_CLEAR,
         attributes_new (connection, NULL, NULL, NULL),
         NULL, NULL, cancellable, callback, user_data);
}

/**
 * aivo_secret_store_delete_connection_finish:
 *
 * Returns: %TRUE if anything was removed; %FALSE with no error if nothing was stored
 */
gboolean
aivo_secret_store_delete_connection_finish (AivoSecretStore  *self,
                                            GAsyncResult     *result,
                                            GError          **error)
{
  return finish_boolean (self, result, aivo_secret_store_delete_connection_async, error);
}

gboolean
aivo_secret_store_delete_connection_sync (AivoSecretStore  *self,
                                          const char       *connection,
                                          GCancellable     *cancellable,
                                          GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  SyncCall sync;

  if (!check_connection (self, connection, cancellable))
    return FALSE;

  sync_call_begin (&sync);
  aivo_secret_store_delete_connection_async (self, connection, cancellable, sync_call_done, &sync);
  result = sync_call_wait (&sync);

  return aivo_secret_store_delete_connection_finish (self, result, error);
}
