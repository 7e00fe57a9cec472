/* test-secret-store.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* AivoSecretStore against the real keyring of the session. build-aux/headless
 * gives the tests a throw-away, unlocked GNOME Keyring and says so with
 * AIVO_HEADLESS_SCRATCH; without it the keyring tests skip rather than write
 * to a user's own keyring. The tests of what happens with no keyring at all
 * run anywhere: they point their own process at a dead or empty bus. */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "aivo-credential.h"
#include "aivo-secret-store.h"

#define SCHEMA_NAME       "bz.aivo.Studio.Credential"
#define WATCHDOG_SECONDS  20

#define UNAVAILABLE_MESSAGE \
  "No keyring is available: AIVO Studio keeps keys in the system keyring (GNOME Keyring or KWallet). " \
  "Start it, or use the key from the AIVO_API_KEY environment variable."

/* Watchdog: a locked keyring waits for a prompt nobody answers, and a sync
 * call runs its own main context, so a GSource could not fire. SIGALRM can. */

static void
on_watchdog (int signum)
{
  static const char message[] =
    "Bail out! The keyring did not answer within 20 s: is it locked, or waiting for a prompt?\n";
  ssize_t written;

  /* Only async-signal-safe calls in here. */
  written = write (STDOUT_FILENO, message, sizeof message - 1);
  (void) written;
  _exit (1);
}

static void
watchdog_arm (void)
{
  signal (SIGALRM, on_watchdog);
  alarm (WATCHDOG_SECONDS);
}

static void
watchdog_disarm (void)
{
  alarm (0);
}

/* Test credentials, generated at run time */

typedef struct
{
  char       *key_id;
  AivoSecret *secret;
} TestKey;

static void
test_key_generate (TestKey            *key,
                   AivoCredentialKind  kind)
{
  g_autoptr(AivoCredential) credential = NULL;
  g_autoptr(GError) error = NULL;

  credential = aivo_credential_generate (kind, &error);
  g_assert_no_error (error);

  key->key_id = aivo_credential_dup_key_id (credential);
  key->secret = aivo_secret_dup (aivo_credential_peek_secret (credential));
}

static void
test_key_clear (TestKey *key)
{
  g_clear_pointer (&key->key_id, g_free);
  g_clear_pointer (&key->secret, aivo_secret_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TestKey, test_key_clear)

/* Fixture: a store and two connections no other test uses */

typedef struct
{
  AivoSecretStore *store;
  char            *connection;
  char            *other_connection;
} Fixture;

static char *
connection_new (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strconcat ("test-", uuid, NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  watchdog_arm ();

  fixture->store = aivo_secret_store_new ();
  fixture->connection = connection_new ();
  fixture->other_connection = connection_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  aivo_secret_store_delete_connection_sync (fixture->store, fixture->connection, NULL, &error);
  g_assert_no_error (error);
  aivo_secret_store_delete_connection_sync (fixture->store, fixture->other_connection, NULL, &error);
  g_assert_no_error (error);

  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->connection, g_free);
  g_clear_pointer (&fixture->other_connection, g_free);

  watchdog_disarm ();
}

/* Running the async API to completion */

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return g_steal_pointer (slot);
}

static gboolean
store_key_with (AivoSecretStore  *store,
                const char       *connection,
                const TestKey    *key,
                AivoEnvironment   environment,
                const char       *name,
                GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  aivo_secret_store_store_key_async (store, connection, key->key_id, environment, name, key->secret,
                                     NULL, on_result, &slot);
  result = wait_for (&slot);

  return aivo_secret_store_store_key_finish (store, result, error);
}

static void
store_key (AivoSecretStore *store,
           const char      *connection,
           const TestKey   *key,
           const char      *name)
{
  g_autoptr(GError) error = NULL;
  gboolean stored;

  stored = store_key_with (store, connection, key, AIVO_ENVIRONMENT_PRODUCTION, name, &error);
  g_assert_no_error (error);
  g_assert_true (stored);
}

static AivoSecret *
lookup_key_with (AivoSecretStore  *store,
                 const char       *connection,
                 const char       *key_id,
                 GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  aivo_secret_store_lookup_key_async (store, connection, key_id, NULL, on_result, &slot);
  result = wait_for (&slot);

  return aivo_secret_store_lookup_key_finish (store, result, error);
}

static AivoSecret *
lookup_key (AivoSecretStore *store,
            const char      *connection,
            const char      *key_id)
{
  g_autoptr(GError) error = NULL;
  AivoSecret *secret;

  secret = lookup_key_with (store, connection, key_id, &error);
  g_assert_no_error (error);

  return secret;
}

static gboolean
delete_key_with (AivoSecretStore  *store,
                 const char       *connection,
                 const char       *key_id,
                 GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  aivo_secret_store_delete_key_async (store, connection, key_id, NULL, on_result, &slot);
  result = wait_for (&slot);

  return aivo_secret_store_delete_key_finish (store, result, error);
}

static gboolean
delete_key (AivoSecretStore *store,
            const char      *connection,
            const char      *key_id)
{
  g_autoptr(GError) error = NULL;
  gboolean removed;

  removed = delete_key_with (store, connection, key_id, &error);
  g_assert_no_error (error);

  return removed;
}

static GPtrArray *
list_keys (AivoSecretStore *store,
           const char      *connection)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  GPtrArray *key_ids;

  aivo_secret_store_list_keys_async (store, connection, NULL, on_result, &slot);
  result = wait_for (&slot);
  key_ids = aivo_secret_store_list_keys_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key_ids);

  return key_ids;
}

static gboolean
store_token_with (AivoSecretStore  *store,
                  const char       *connection,
                  const char       *server_name,
                  const char       *secret,
                  GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  aivo_secret_store_store_account_token_async (store, connection, server_name, secret, NULL, on_result, &slot);
  result = wait_for (&slot);

  return aivo_secret_store_store_account_token_finish (store, result, error);
}

static void
store_token (AivoSecretStore *store,
             const char      *connection,
             const char      *server_name,
             const char      *secret)
{
  g_autoptr(GError) error = NULL;
  gboolean stored;

  stored = store_token_with (store, connection, server_name, secret, &error);
  g_assert_no_error (error);
  g_assert_true (stored);
}

static AivoSecret *
lookup_token_with (AivoSecretStore  *store,
                   const char       *connection,
                   GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  aivo_secret_store_lookup_account_token_async (store, connection, NULL, on_result, &slot);
  result = wait_for (&slot);

  return aivo_secret_store_lookup_account_token_finish (store, result, error);
}

static AivoSecret *
lookup_token (AivoSecretStore *store,
              const char      *connection)
{
  g_autoptr(GError) error = NULL;
  AivoSecret *secret;

  secret = lookup_token_with (store, connection, &error);
  g_assert_no_error (error);

  return secret;
}

static gboolean
delete_token (AivoSecretStore *store,
              const char      *connection)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  gboolean removed;

  aivo_secret_store_delete_account_token_async (store, connection, NULL, on_result, &slot);
  result = wait_for (&slot);
  removed = aivo_secret_store_delete_account_token_finish (store, result, &error);
  g_assert_no_error (error);

  return removed;
}

static gboolean
delete_connection_with (AivoSecretStore  *store,
                        const char       *connection,
                        GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  aivo_secret_store_delete_connection_async (store, connection, NULL, on_result, &slot);
  result = wait_for (&slot);

  return aivo_secret_store_delete_connection_finish (store, result, error);
}

static gboolean
delete_connection (AivoSecretStore *store,
                   const char      *connection)
{
  g_autoptr(GError) error = NULL;
  gboolean removed;

  removed = delete_connection_with (store, connection, &error);
  g_assert_no_error (error);

  return removed;
}

/* Reading the keyring directly, through libsecret's SecretService API */

static SecretService *
get_service (void)
{
  g_autoptr(GError) error = NULL;
  SecretService *service;

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);

  return service;
}

/* Returns: (element-type SecretItem): every item of @connection (and @kind if given) */
static GList *
find_items (const char *connection,
            const char *kind)
{
  g_autoptr(SecretService) service = get_service ();
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GList *items;

  /* No schema: the test names the schema itself, to check what is stored. */
  g_hash_table_insert (attributes, (gpointer) "xdg:schema", (gpointer) SCHEMA_NAME);
  g_hash_table_insert (attributes, (gpointer) "connection", (gpointer) connection);
  if (kind != NULL)
    g_hash_table_insert (attributes, (gpointer) "kind", (gpointer) kind);

  items = secret_service_search_sync (service, NULL, attributes, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);

  return items;
}

static guint
count_items (const char *connection,
             const char *kind)
{
  GList *items = find_items (connection, kind);
  guint count = g_list_length (items);

  g_list_free_full (items, g_object_unref);

  return count;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* @key_ids holds exactly @expected (NULL-terminated), in sorted order. */
static void
assert_key_ids (GPtrArray          *key_ids,
                const char * const *expected)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  for (guint i = 0; expected[i] != NULL; i++)
    g_ptr_array_add (sorted, (gpointer) expected[i]);
  g_ptr_array_sort (sorted, compare_strings);

  g_assert_cmpuint (key_ids->len, ==, sorted->len);
  for (guint i = 0; i < key_ids->len; i++)
    g_assert_cmpstr (g_ptr_array_index (key_ids, i), ==, g_ptr_array_index (sorted, i));
}

/* Tests */

static void
test_key_round_trip (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(TestKey) key = { 0 };
  g_auto(TestKey) other = { 0 };
  g_autoptr(AivoSecret) found = NULL;
  g_autoptr(AivoSecret) missing = NULL;

  test_key_generate (&key, AIVO_CREDENTIAL_KIND_LIVE_KEY);
  test_key_generate (&other, AIVO_CREDENTIAL_KIND_LIVE_KEY);

  store_key (fixture->store, fixture->connection, &key, "CRM Integration");

  found = lookup_key (fixture->store, fixture->connection, key.key_id);
  g_assert_nonnull (found);
  g_assert_true (aivo_secure_str_equal (found, key.secret));

  /* Same key id, other connection; same connection, other key id. */
  missing = lookup_key (fixture->store, fixture->other_connection, key.key_id);
  g_assert_null (missing);
  missing = lookup_key (fixture->store, fixture->connection, other.key_id);
  g_assert_null (missing);

  /* An account token is not an API key of the same connection. */
  missing = lookup_token (fixture->store, fixture->connection);
  g_assert_null (missing);
}

static void
test_key_list (Fixture       *fixture,
               gconstpointer  data)
{
  g_auto(TestKey) first = { 0 };
  g_auto(TestKey) second = { 0 };
  g_auto(TestKey) elsewhere = { 0 };
  g_auto(TestKey) token = { 0 };
  g_autoptr(GPtrArray) key_ids = NULL;

  key_ids = list_keys (fixture->store, fixture->connection);
  g_assert_cmpuint (key_ids->len, ==, 0);
  g_clear_pointer (&key_ids, g_ptr_array_unref);

  test_key_generate (&first, AIVO_CREDENTIAL_KIND_LIVE_KEY);
  test_key_generate (&second, AIVO_CREDENTIAL_KIND_TEST_KEY);
  test_key_generate (&elsewhere, AIVO_CREDENTIAL_KIND_LIVE_KEY);
  test_key_generate (&token, AIVO_CREDENTIAL_KIND_ACCOUNT_TOKEN);

  store_key (fixture->store, fixture->connection, &first, "First");
  store_key (fixture->store, fixture->connection, &second, "Second");
  store_key (fixture->store, fixture->other_connection, &elsewhere, "Elsewhere");
  store_token (fixture->store, fixture->connection, NULL, token.secret);

  /* Only this connection's keys, not its token, sorted, each once. */
  key_ids = list_keys (fixture->store, fixture->connection);
  assert_key_ids (key_ids, (const char * const[]) { first.key_id, second.key_id, NULL });
  g_clear_pointer (&key_ids, g_ptr_array_unref);

  key_ids = list_keys (fixture->store, fixture->other_connection);
  assert_key_ids (key_ids, (const char * const[]) { elsewhere.key_id, NULL });
}

static void
test_key_replace (Fixture       *fixture,
                  gconstpointer  data)
{
  g_auto(TestKey) key = { 0 };
  g_autoptr(AivoCredential) rotated = NULL;
  g_autoptr(AivoSecret) found = NULL;
  g_autoptr(GPtrArray) key_ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rotated_secret = NULL;

  test_key_generate (&key, AIVO_CREDENTIAL_KIND_LIVE_KEY);
  store_key (fixture->store, fixture->connection, &key, "Before");

  /* The same key id with another secret. */
  rotated = aivo_credential_generate (AIVO_CREDENTIAL_KIND_LIVE_KEY, &error);
  g_assert_no_error (error);
  g_clear_pointer (&key.secret, aivo_secret_free);
  key.secret = aivo_secret_dup (aivo_credential_peek_secret (rotated));
  store_key (fixture->store, fixture->connection, &key, "After");

  g_assert_cmpuint (count_items (fixture->connection, "api-key"), ==, 1);

  found = lookup_key (fixture->store, fixture->connection, key.key_id);
  g_assert_nonnull (found);
  g_assert_true (aivo_secure_str_equal (found, key.secret));

  key_ids = list_keys (fixture->store, fixture->connection);
  assert_key_ids (key_ids, (const char * const[]) { key.key_id, NULL });
}

static void
test_key_delete (Fixture       *fixture,
                 gconstpointer  data)
{
  g_auto(TestKey) key = { 0 };
  g_auto(TestKey) kept = { 0 };
  g_autoptr(AivoSecret) found = NULL;
  g_autoptr(GPtrArray) key_ids = NULL;

  test_key_generate (&key, AIVO_CREDENTIAL_KIND_LIVE_KEY);
  test_key_generate (&kept, AIVO_CREDENTIAL_KIND_LIVE_KEY);
  store_key (fixture->store, fixture->connection, &key, "Doomed");
  store_key (fixture->store, fixture->connection, &kept, "Kept");

  g_assert_true (delete_key (fixture->store, fixture->connection, key.key_id));

  found = lookup_key (fixture->store, fixture->connection, key.key_id);
  g_assert_null (found);
  g_assert_cmpuint (count_items (fixture->connection, "api-key"), ==, 1);

  /* Nothing left to delete: not an error, and says so. */
  g_assert_false (delete_key (fixture->store, fixture->connection, key.key_id));
  g_assert_false (delete_key (fixture->store, fixture->other_connection, kept.key_id));

  found = lookup_key (fixture->store, fixture->connection, kept.key_id);
  g_assert_nonnull (found);
  g_assert_true (aivo_secure_str_equal (found, kept.secret));

  key_ids = list_keys (fixture->store, fixture->connection);
  assert_key_ids (key_ids, (const char * const[]) { kept.key_id, NULL });
}

static void
test_account_token (Fixture       *fixture,
                    gconstpointer  data)
{
  g_auto(TestKey) token = { 0 };
  g_auto(TestKey) replacement = { 0 };
  g_auto(TestKey) key = { 0 };
  g_autoptr(AivoSecret) found = NULL;

  test_key_generate (&token, AIVO_CREDENTIAL_KIND_ACCOUNT_TOKEN);
  test_key_generate (&replacement, AIVO_CREDENTIAL_KIND_ACCOUNT_TOKEN);
  test_key_generate (&key, AIVO_CREDENTIAL_KIND_LIVE_KEY);

  found = lookup_token (fixture->store, fixture->connection);
  g_assert_null (found);

  store_token (fixture->store, fixture->connection, "api.example.test", token.secret);
  store_key (fixture->store, fixture->connection, &key, "Beside the token");

  found = lookup_token (fixture->store, fixture->connection);
  g_assert_nonnull (found);
  g_assert_true (aivo_secure_str_equal (found, token.secret));
  g_clear_pointer (&found, aivo_secret_free);

  found = lookup_token (fixture->store, fixture->other_connection);
  g_assert_null (found);

  /* One token per connection: a new one replaces the old. */
  store_token (fixture->store, fixture->connection, "api.example.test", replacement.secret);
  g_assert_cmpuint (count_items (fixture->connection, "account-token"), ==, 1);
  found = lookup_token (fixture->store, fixture->connection);
  g_assert_true (aivo_secure_str_equal (found, replacement.secret));
  g_clear_pointer (&found, aivo_secret_free);

  g_assert_true (delete_token (fixture->store, fixture->connection));
  found = lookup_token (fixture->store, fixture->connection);
  g_assert_null (found);
  g_assert_false (delete_token (fixture->store, fixture->connection));

  /* The key of the same connection is still there. */
  found = lookup_key (fixture->store, fixture->connection, key.key_id);
  g_assert_true (aivo_secure_str_equal (found, key.secret));
}

static void
test_delete_connection (Fixture       *fixture,
                        gconstpointer  data)
{
  g_auto(TestKey) first = { 0 };
  g_auto(TestKey) second = { 0 };
  g_auto(TestKey) token = { 0 };
  g_auto(TestKey) kept = { 0 };
  g_auto(TestKey) kept_token = { 0 };
  g_autoptr(AivoSecret) found = NULL;
  g_autoptr(GPtrArray) key_ids = NULL;

  test_key_generate (&first, AIVO_CREDENTIAL_KIND_LIVE_KEY);
  test_key_generate (&second, AIVO_CREDENTIAL_KIND_TEST_KEY);
  test_key_generate (&token, AIVO_CREDENTIAL_KIND_ACCOUNT_TOKEN);
  test_key_generate (&kept, AIVO_CREDENTIAL_KIND_LIVE_KEY);
  test_key_generate (&kept_token, AIVO_CREDENTIAL_KIND_ACCOUNT_TOKEN);

  store_key (fixture->store, fixture->connection, &first, "First");
  store_key (fixture->store, fixture->connection, &second, "Second");
  store_token (fixture->store, fixture->connection, NULL, token.secret);
  store_key (fixture->store, fixture->other_connection, &kept, "Kept");
  store_token (fixture->store, fixture->other_connection, NULL, kept_token.secret);

  g_assert_true (delete_connection (fixture->store, fixture->connection));

  g_assert_cmpuint (count_items (fixture->connection, NULL), ==, 0);
  found = lookup_key (fixture->store, fixture->connection, first.key_id);
  g_assert_null (found);
  found = lookup_token (fixture->store, fixture->connection);
  g_assert_null (found);
  key_ids = list_keys (fixture->store, fixture->connection);
  g_assert_cmpuint (key_ids->len, ==, 0);

  /* The other connection is untouched. */
  g_assert_cmpuint (count_items (fixture->other_connection, NULL), ==, 2);
  found = lookup_key (fixture->store, fixture->other_connection, kept.key_id);
  g_assert_true (aivo_secure_str_equal (found, kept.secret));
  g_clear_pointer (&found, aivo_secret_free);
  found = lookup_token (fixture->store, fixture->other_connection);
  g_assert_true (aivo_secure_str_equal (found, kept_token.secret));

  g_assert_false (delete_connection (fixture->store, fixture->connection));
}

/* What lands in the keyring: the label (a name a user recognises, never the
 * secret) and the attributes of the schema. */
static void
test_stored_items (Fixture       *fixture,
                   gconstpointer  data)
{
  enum { NAME_PLAIN, NAME_NONE, NAME_EMPTY, NAME_IS_SECRET, NAME_HOLDS_SECRET };
  static const struct {
    int              name;
    AivoEnvironment  environment;
  } cases[] = {
    { NAME_PLAIN, AIVO_ENVIRONMENT_PRODUCTION },
    { NAME_NONE, AIVO_ENVIRONMENT_DEVELOPMENT },
    { NAME_EMPTY, AIVO_ENVIRONMENT_TESTING },
    { NAME_IS_SECRET, AIVO_ENVIRONMENT_PRODUCTION },
    { NAME_HOLDS_SECRET, AIVO_ENVIRONMENT_TESTING },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(TestKey) key = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) attributes = NULL;
      g_autofree char *name = NULL;
      g_autofree char *label = NULL;
      g_autofree char *expected = NULL;
      const char *environment = aivo_environment_to_string (cases[i].environment);
      GList *items;

      g_test_message ("case %u", i);
      test_key_generate (&key, AIVO_CREDENTIAL_KIND_LIVE_KEY);

      switch (cases[i].name)
        {
        case NAME_PLAIN:
          name = g_strdup ("CRM Integration");
          expected = g_strdup_printf ("AIVO API key “CRM Integration” (%s, %s)", key.key_id, environment);
          break;
        case NAME_NONE:
          expected = g_strdup_printf ("AIVO API key %s (%s)", key.key_id, environment);
          break;
        case NAME_EMPTY:
          name = g_strdup ("");
          expected = g_strdup_printf ("AIVO API key %s (%s)", key.key_id, environment);
          break;
        /* A label never shows the secret, even when the name does. */
        case NAME_IS_SECRET:
          name = g_strdup (key.secret);
          expected = g_strdup ("AIVO credential");
          break;
        case NAME_HOLDS_SECRET:
          name = g_strconcat ("my key ", key.secret, " for CRM", NULL);
          expected = g_strdup ("AIVO credential");
          break;
        default:
          g_assert_not_reached ();
        }

      g_assert_true (store_key_with (fixture->store, fixture->connection, &key,
                                     cases[i].environment, name, &error));
      g_assert_no_error (error);

      items = find_items (fixture->connection, "api-key");
      g_assert_cmpuint (g_list_length (items), ==, 1);
      label = secret_item_get_label (items->data);
      attributes = secret_item_get_attributes (items->data);
      g_list_free_full (items, g_object_unref);

      g_assert_cmpstr (label, ==, expected);
      g_assert_null (strstr (label, key.secret));

      g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==, SCHEMA_NAME);
      g_assert_cmpstr (g_hash_table_lookup (attributes, "connection"), ==, fixture->connection);
      g_assert_cmpstr (g_hash_table_lookup (attributes, "kind"), ==, "api-key");
      g_assert_cmpstr (g_hash_table_lookup (attributes, "key-id"), ==, key.key_id);
      g_assert_cmpstr (g_hash_table_lookup (attributes, "environment"), ==, environment);

      g_assert_true (delete_key (fixture->store, fixture->connection, key.key_id));
    }
}

static void
test_stored_token_items (Fixture       *fixture,
                         gconstpointer  data)
{
  static const struct {
    const char *server_name;
    gboolean    use_connection;
  } cases[] = {
    { "api.example.test", FALSE },
    { NULL, TRUE },
    { "", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(TestKey) token = { 0 };
      g_autoptr(GHashTable) attributes = NULL;
      g_autofree char *label = NULL;
      g_autofree char *expected = NULL;
      GList *items;

      g_test_message ("case %u", i);
      test_key_generate (&token, AIVO_CREDENTIAL_KIND_ACCOUNT_TOKEN);
      store_token (fixture->store, fixture->connection, cases[i].server_name, token.secret);

      items = find_items (fixture->connection, "account-token");
      g_assert_cmpuint (g_list_length (items), ==, 1);
      label = secret_item_get_label (items->data);
      attributes = secret_item_get_attributes (items->data);
      g_list_free_full (items, g_object_unref);

      expected = g_strdup_printf ("AIVO account token for “%s”",
                                  cases[i].use_connection ? fixture->connection : cases[i].server_name);
      g_assert_cmpstr (label, ==, expected);
      g_assert_null (strstr (label, token.secret));

      g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==, SCHEMA_NAME);
      g_assert_cmpstr (g_hash_table_lookup (attributes, "kind"), ==, "account-token");
      g_assert_cmpstr (g_hash_table_lookup (attributes, "key-id"), ==, "");
      g_assert_cmpstr (g_hash_table_lookup (attributes, "environment"), ==, "");

      g_assert_true (delete_token (fixture->store, fixture->connection));
    }
}

/* The CLI's path: the same operations, blocking. */
static void
test_sync (Fixture       *fixture,
           gconstpointer  data)
{
  g_auto(TestKey) key = { 0 };
  g_auto(TestKey) token = { 0 };
  g_autoptr(AivoSecret) found = NULL;
  g_autoptr(GPtrArray) key_ids = NULL;
  g_autoptr(GError) error = NULL;

  test_key_generate (&key, AIVO_CREDENTIAL_KIND_TEST_KEY);
  test_key_generate (&token, AIVO_CREDENTIAL_KIND_ACCOUNT_TOKEN);

  g_assert_true (aivo_secret_store_store_key_sync (fixture->store, fixture->connection, key.key_id,
                                                   AIVO_ENVIRONMENT_TESTING, "CLI key", key.secret,
                                                   NULL, &error));
  g_assert_no_error (error);
  g_assert_true (aivo_secret_store_store_account_token_sync (fixture->store, fixture->connection,
                                                             "api.example.test", token.secret,
                                                             NULL, &error));
  g_assert_no_error (error);

  found = aivo_secret_store_lookup_key_sync (fixture->store, fixture->connection, key.key_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (aivo_secure_str_equal (found, key.secret));
  g_clear_pointer (&found, aivo_secret_free);

  found = aivo_secret_store_lookup_account_token_sync (fixture->store, fixture->connection, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (aivo_secure_str_equal (found, token.secret));
  g_clear_pointer (&found, aivo_secret_free);

  key_ids = aivo_secret_store_list_keys_sync (fixture->store, fixture->connection, NULL, &error);
  g_assert_no_error (error);
  assert_key_ids (key_ids, (const char * const[]) { key.key_id, NULL });

  /* Sync and async calls see the same keyring. */
  found = lookup_key (fixture->store, fixture->connection, key.key_id);
  g_assert_true (aivo_secure_str_equal (found, key.secret));
  g_clear_pointer (&found, aivo_secret_free);

  g_assert_true (aivo_secret_store_delete_key_sync (fixture->store, fixture->connection, key.key_id, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (aivo_secret_store_delete_key_sync (fixture->store, fixture->connection, key.key_id, NULL, &error));
  g_assert_no_error (error);
  found = aivo_secret_store_lookup_key_sync (fixture->store, fixture->connection, key.key_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (found);

  g_assert_true (aivo_secret_store_delete_account_token_sync (fixture->store, fixture->connection, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (aivo_secret_store_delete_account_token_sync (fixture->store, fixture->connection, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (aivo_secret_store_store_account_token_sync (fixture->store, fixture->connection,
                                                             NULL, token.secret, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (aivo_secret_store_delete_connection_sync (fixture->store, fixture->connection, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (aivo_secret_store_delete_connection_sync (fixture->store, fixture->connection, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_items (fixture->connection, NULL), ==, 0);
}

static gboolean
collection_holds (const char *alias,
                  const char *connection)
{
  g_autoptr(SecretService) service = get_service ();
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GError) error = NULL;
  GList *items;
  gboolean found = FALSE;

  collection = secret_collection_for_alias_sync (service, alias, SECRET_COLLECTION_LOAD_ITEMS, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);

  items = secret_collection_get_items (collection);
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_item_get_attributes (l->data);

      if (g_strcmp0 (g_hash_table_lookup (attributes, "connection"), connection) == 0)
        found = TRUE;
    }
  g_list_free_full (items, g_object_unref);

  return found;
}

static void
test_collection (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(AivoSecretStore) session_store = aivo_secret_store_new_for_collection (SECRET_COLLECTION_SESSION);
  g_autoptr(AivoSecret) found = NULL;
  g_autofree char *collection = NULL;
  g_auto(TestKey) key = { 0 };
  g_auto(TestKey) other = { 0 };

  g_assert_cmpstr (aivo_secret_store_get_collection (fixture->store), ==, SECRET_COLLECTION_DEFAULT);
  g_assert_cmpstr (aivo_secret_store_get_collection (session_store), ==, SECRET_COLLECTION_SESSION);
  g_object_get (session_store, "collection", &collection, NULL);
  g_assert_cmpstr (collection, ==, SECRET_COLLECTION_SESSION);

  test_key_generate (&key, AIVO_CREDENTIAL_KIND_TEST_KEY);
  test_key_generate (&other, AIVO_CREDENTIAL_KIND_TEST_KEY);
  store_key (session_store, fixture->connection, &key, "Session only");
  store_key (fixture->store, fixture->other_connection, &other, "Default");

  g_assert_true (collection_holds (SECRET_COLLECTION_SESSION, fixture->connection));
  g_assert_false (collection_holds (SECRET_COLLECTION_DEFAULT, fixture->connection));
  g_assert_true (collection_holds (SECRET_COLLECTION_DEFAULT, fixture->other_connection));
  g_assert_false (collection_holds (SECRET_COLLECTION_SESSION, fixture->other_connection));

  /* Lookups search every collection. */
  found = lookup_key (fixture->store, fixture->connection, key.key_id);
  g_assert_true (aivo_secure_str_equal (found, key.secret));
}

typedef enum
{
  OP_STORE_KEY,
  OP_LOOKUP_KEY,
  OP_DELETE_KEY,
  OP_LIST_KEYS,
  OP_STORE_TOKEN,
  OP_LOOKUP_TOKEN,
  OP_DELETE_TOKEN,
  OP_DELETE_CONNECTION,
  N_OPS
} Op;

/* Runs @op with @cancellable and returns its error. */
static GError *
run_op (Fixture      *fixture,
        Op            op,
        const TestKey *key,
        GCancellable *cancellable)
{
  AivoSecretStore *store = fixture->store;
  const char *connection = fixture->connection;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AivoSecret) secret = NULL;
  g_autoptr(GPtrArray) key_ids = NULL;
  GAsyncResult *slot = NULL;
  GError *error = NULL;

  switch (op)
    {
    case OP_STORE_KEY:
      aivo_secret_store_store_key_async (store, connection, key->key_id, AIVO_ENVIRONMENT_PRODUCTION,
                                         "Never stored", key->secret, cancellable, on_result, &slot);
      result = wait_for (&slot);
      g_assert_false (aivo_secret_store_store_key_finish (store, result, &error));
      break;

    case OP_LOOKUP_KEY:
      aivo_secret_store_lookup_key_async (store, connection, key->key_id, cancellable, on_result, &slot);
      result = wait_for (&slot);
      secret = aivo_secret_store_lookup_key_finish (store, result, &error);
      break;

    case OP_DELETE_KEY:
      aivo_secret_store_delete_key_async (store, connection, key->key_id, cancellable, on_result, &slot);
      result = wait_for (&slot);
      g_assert_false (aivo_secret_store_delete_key_finish (store, result, &error));
      break;

    case OP_LIST_KEYS:
      aivo_secret_store_list_keys_async (store, connection, cancellable, on_result, &slot);
      result = wait_for (&slot);
      key_ids = aivo_secret_store_list_keys_finish (store, result, &error);
      break;

    case OP_STORE_TOKEN:
      aivo_secret_store_store_account_token_async (store, connection, NULL, key->secret,
                                                   cancellable, on_result, &slot);
      result = wait_for (&slot);
      g_assert_false (aivo_secret_store_store_account_token_finish (store, result, &error));
      break;

    case OP_LOOKUP_TOKEN:
      aivo_secret_store_lookup_account_token_async (store, connection, cancellable, on_result, &slot);
      result = wait_for (&slot);
      secret = aivo_secret_store_lookup_account_token_finish (store, result, &error);
      break;

    case OP_DELETE_TOKEN:
      aivo_secret_store_delete_account_token_async (store, connection, cancellable, on_result, &slot);
      result = wait_for (&slot);
      g_assert_false (aivo_secret_store_delete_account_token_finish (store, result, &error));
      break;

    case OP_DELETE_CONNECTION:
      aivo_secret_store_delete_connection_async (store, connection, cancellable, on_result, &slot);
      result = wait_for (&slot);
      g_assert_false (aivo_secret_store_delete_connection_finish (store, result, &error));
      break;

    case N_OPS:
    default:
      g_assert_not_reached ();
    }

  g_assert_null (secret);
  g_assert_null (key_ids);

  return error;
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(AivoSecret) found = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(TestKey) stored = { 0 };
  g_auto(TestKey) key = { 0 };

  test_key_generate (&stored, AIVO_CREDENTIAL_KIND_LIVE_KEY);
  test_key_generate (&key, AIVO_CREDENTIAL_KIND_LIVE_KEY);
  store_key (fixture->store, fixture->connection, &stored, "Still there");
  g_cancellable_cancel (cancellable);

  for (Op op = 0; op < N_OPS; op++)
    {
      /* Deletions aim at the stored key, so a leak through would show. */
      const TestKey *target = (op == OP_DELETE_KEY) ? &stored : &key;

      g_test_message ("operation %d", op);
      error = run_op (fixture, op, target, cancellable);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
    }

  found = aivo_secret_store_lookup_key_sync (fixture->store, fixture->connection, key.key_id,
                                             cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (found);
  g_clear_error (&error);

  g_assert_false (aivo_secret_store_store_key_sync (fixture->store, fixture->connection, key.key_id,
                                                    AIVO_ENVIRONMENT_PRODUCTION, NULL, key.secret,
                                                    cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Nothing was done. */
  g_assert_cmpuint (count_items (fixture->connection, NULL), ==, 1);
  found = lookup_key (fixture->store, fixture->connection, stored.key_id);
  g_assert_true (aivo_secure_str_equal (found, stored.secret));
}

/* A locked keyring whose unlock prompt is dismissed. The test makes its own
 * collection with gnome-keyring's prompt-free private interface (so the
 * session's default keyring stays unlocked for everything else), and owns the
 * system prompter's bus name without serving it: gnome-keyring then treats
 * every prompt as dismissed instead of showing one. */

#define GKR_BUS_NAME        "org.freedesktop.secrets"
#define GKR_PATH            "/org/freedesktop/secrets"
#define GKR_SERVICE         "org.freedesktop.Secret.Service"
#define GKR_PRIVATE         "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"
#define PROMPTER_BUS_NAME   "org.gnome.keyring.SystemPrompter"
#define MASTER_PASSWORD     "throw-away"

static GVariant *
call_keyring (GDBusConnection *bus,
              const char      *path,
              const char      *interface,
              const char      *method,
              GVariant        *parameters,
              const char      *reply_type)
{
  g_autoptr(GError) error = NULL;
  GVariant *reply;

  reply = g_dbus_connection_call_sync (bus, GKR_BUS_NAME, path, interface, method, parameters,
                                       G_VARIANT_TYPE (reply_type), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, &error);
  g_assert_no_error (error);

  return reply;
}

static GVariant *
master_password_new (const char *session)
{
  return g_variant_new ("(o@ay@ays)", session,
                        g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, "", 0, 1),
                        g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, MASTER_PASSWORD,
                                                   strlen (MASTER_PASSWORD), 1),
                        "text/plain");
}

static void
own_prompter_name (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint32 result;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", PROMPTER_BUS_NAME,
                                                      4 /* DBUS_NAME_FLAG_DO_NOT_QUEUE */),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &result);
  g_assert_cmpuint (result, ==, 1 /* DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER */);
}

static void
assert_locked_error (GError *error)
{
  g_assert_error (error, AIVO_SECRET_STORE_ERROR, AIVO_SECRET_STORE_ERROR_LOCKED);
  g_assert_true (g_str_has_prefix (error->message, "The keyring is locked"));
}

static void
test_locked (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(AivoSecretStore) store = NULL;
  g_autoptr(GVariant) session_reply = NULL;
  g_autoptr(GVariant) create_reply = NULL;
  g_autoptr(GVariant) lock_reply = NULL;
  g_autoptr(GVariant) unlock_reply = NULL;
  g_autoptr(GVariant) delete_reply = NULL;
  g_autoptr(GVariant) session_output = NULL;
  g_autoptr(AivoSecret) found = NULL;
  g_autoptr(GPtrArray) key_ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *connection = connection_new ();
  g_auto(TestKey) key = { 0 };
  g_auto(TestKey) token = { 0 };
  g_auto(TestKey) absent = { 0 };
  GVariantBuilder properties;
  g_autofree const char **locked = NULL;
  const char *prompt;
  const char *session;
  const char *path;

  if (!g_test_subprocess ())
    {
      /* Owning the prompter's name must end with this test: a process of its own. */
      g_test_trap_subprocess (NULL, 2 * WATCHDOG_SECONDS * G_USEC_PER_SEC,
                              G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  watchdog_arm ();

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  own_prompter_name (bus);

  session_reply = call_keyring (bus, GKR_PATH, GKR_SERVICE, "OpenSession",
                                g_variant_new ("(sv)", "plain", g_variant_new_string ("")), "(vo)");
  g_variant_get (session_reply, "(v&o)", &session_output, &session);

  g_variant_builder_init (&properties, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&properties, "{sv}", "org.freedesktop.Secret.Collection.Label",
                         g_variant_new_string ("AIVO test: locked"));
  create_reply = call_keyring (bus, GKR_PATH, GKR_PRIVATE, "CreateWithMasterPassword",
                               g_variant_new ("(a{sv}@(oayays))", &properties, master_password_new (session)),
                               "(o)");
  g_variant_get (create_reply, "(&o)", &path);

  test_key_generate (&key, AIVO_CREDENTIAL_KIND_LIVE_KEY);
  test_key_generate (&token, AIVO_CREDENTIAL_KIND_ACCOUNT_TOKEN);
  test_key_generate (&absent, AIVO_CREDENTIAL_KIND_LIVE_KEY);

  store = aivo_secret_store_new_for_collection (path);
  store_key (store, connection, &key, "Locked away");
  store_token (store, connection, NULL, token.secret);

  /* Locking never prompts. */
  lock_reply = call_keyring (bus, GKR_PATH, GKR_SERVICE, "Lock",
                             g_variant_new ("(@ao)", g_variant_new_objv (&path, 1)), "(aoo)");
  g_variant_get (lock_reply, "(^a&o&o)", &locked, &prompt);
  g_assert_cmpstrv (locked, ((const char * const[]) { path, NULL }));
  g_assert_cmpstr (prompt, ==, "/");

  /* Listing reads attributes only: no unlock needed. */
  key_ids = list_keys (store, connection);
  assert_key_ids (key_ids, (const char * const[]) { key.key_id, NULL });

  found = lookup_key_with (store, connection, key.key_id, &error);
  assert_locked_error (error);
  g_assert_null (found);
  g_clear_error (&error);

  found = lookup_token_with (store, connection, &error);
  assert_locked_error (error);
  g_assert_null (found);
  g_clear_error (&error);

  g_assert_false (store_key_with (store, connection, &absent, AIVO_ENVIRONMENT_PRODUCTION, NULL, &error));
  assert_locked_error (error);
  g_clear_error (&error);

  g_assert_false (delete_key_with (store, connection, key.key_id, &error));
  assert_locked_error (error);
  g_clear_error (&error);

  g_assert_false (delete_connection_with (store, connection, &error));
  assert_locked_error (error);
  g_clear_error (&error);

  /* Absent is still absent, locked or not. */
  found = lookup_key (store, connection, absent.key_id);
  g_assert_null (found);

  /* Unlocked again, everything is still there. */
  unlock_reply = call_keyring (bus, GKR_PATH, GKR_PRIVATE, "UnlockWithMasterPassword",
                               g_variant_new ("(o@(oayays))", path, master_password_new (session)), "()");
  found = lookup_key (store, connection, key.key_id);
  g_assert_true (aivo_secure_str_equal (found, key.secret));

  g_assert_true (delete_connection (store, connection));
  delete_reply = call_keyring (bus, path, "org.freedesktop.Secret.Collection", "Delete", NULL, "(o)");

  watchdog_disarm ();
}

static void
assert_unavailable (AivoSecretStore *store)
{
  g_auto(TestKey) key = { 0 };
  g_autoptr(AivoSecret) found = NULL;
  g_autoptr(GPtrArray) key_ids = NULL;
  g_autoptr(GError) error = NULL;

  test_key_generate (&key, AIVO_CREDENTIAL_KIND_LIVE_KEY);

  found = aivo_secret_store_lookup_key_sync (store, "local", key.key_id, NULL, &error);
  g_assert_error (error, AIVO_SECRET_STORE_ERROR, AIVO_SECRET_STORE_ERROR_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, UNAVAILABLE_MESSAGE);
  g_assert_null (found);
  g_clear_error (&error);

  g_assert_false (store_key_with (store, "local", &key, AIVO_ENVIRONMENT_PRODUCTION, "Nowhere", &error));
  g_assert_error (error, AIVO_SECRET_STORE_ERROR, AIVO_SECRET_STORE_ERROR_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, UNAVAILABLE_MESSAGE);
  g_clear_error (&error);

  key_ids = aivo_secret_store_list_keys_sync (store, "local", NULL, &error);
  g_assert_error (error, AIVO_SECRET_STORE_ERROR, AIVO_SECRET_STORE_ERROR_UNAVAILABLE);
  g_assert_null (key_ids);
  g_clear_error (&error);

  g_assert_false (delete_connection_with (store, "local", &error));
  g_assert_error (error, AIVO_SECRET_STORE_ERROR, AIVO_SECRET_STORE_ERROR_UNAVAILABLE);
}

/* libsecret keeps its bus connection for the life of the process, so each
 * of these points a process of its own at a bus without a keyring. */
static void
test_unavailable_no_bus (void)
{
  g_autoptr(AivoSecretStore) store = NULL;
  g_autofree char *address = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 2 * WATCHDOG_SECONDS * G_USEC_PER_SEC,
                              G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  watchdog_arm ();

  dir = g_dir_make_tmp ("aivo-no-bus-XXXXXX", &error);
  g_assert_no_error (error);
  address = g_strdup_printf ("unix:path=%s/no-such-socket", dir);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);

  store = aivo_secret_store_new ();
  assert_unavailable (store);

  g_rmdir (dir);
  watchdog_disarm ();
}

static void
test_unavailable_no_service (void)
{
  static GTestDBus *bus;
  g_autoptr(AivoSecretStore) store = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 2 * WATCHDOG_SECONDS * G_USEC_PER_SEC,
                              G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  watchdog_arm ();

  /* A private bus with no services at all, so nothing can be activated. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  store = aivo_secret_store_new ();
  assert_unavailable (store);

  /* Stopped, not taken down: g_test_dbus_down(), and so the last unref,
   * would wait for the last reference to the bus connection, which libsecret
   * keeps for the life of the process. */
  g_test_dbus_stop (bus);
  watchdog_disarm ();
}

/* Programmer errors are reported, and a sync call returns instead of
 * waiting for a callback that never comes. Nothing reaches the keyring. */
static void
test_invalid_input (void)
{
  static const char * const bad_key_ids[] = {
    "", "key_", "key_Ab3dEf1", "key_Ab3dEf123", "key_Ab3d-f12", "Key_Ab3dEf12",
    "kex_Ab3dEf12", "key_Ab3dEf1\xc3\xa9", " key_Ab3dEf12", "key_Ab3dEf12\n",
  };
  static const char * const bad_connections[] = { "", "\xff\xfe" };
  g_autoptr(AivoSecretStore) store = aivo_secret_store_new ();
  g_autoptr(GError) error = NULL;
  AivoSecret *found;

  watchdog_arm ();

  for (guint i = 0; i < G_N_ELEMENTS (bad_key_ids); i++)
    {
      g_test_expect_message ("aivo-secret-store", G_LOG_LEVEL_CRITICAL, "*is_valid_key_id*");
      found = aivo_secret_store_lookup_key_sync (store, "local", bad_key_ids[i], NULL, &error);
      g_test_assert_expected_messages ();
      g_assert_null (found);
      g_assert_no_error (error);

      g_test_expect_message ("aivo-secret-store", G_LOG_LEVEL_CRITICAL, "*is_valid_key_id*");
      g_assert_false (aivo_secret_store_delete_key_sync (store, "local", bad_key_ids[i], NULL, &error));
      g_test_assert_expected_messages ();
    }

  g_test_expect_message ("aivo-secret-store", G_LOG_LEVEL_CRITICAL, "*is_valid_key_id*");
  g_assert_null (aivo_secret_store_lookup_key_sync (store, "local", NULL, NULL, &error));
  g_test_assert_expected_messages ();

  for (guint i = 0; i < G_N_ELEMENTS (bad_connections); i++)
    {
      g_test_expect_message ("aivo-secret-store", G_LOG_LEVEL_CRITICAL, "*is_valid_connection*");
      g_assert_null (aivo_secret_store_list_keys_sync (store, bad_connections[i], NULL, &error));
      g_test_assert_expected_messages ();

      g_test_expect_message ("aivo-secret-store", G_LOG_LEVEL_CRITICAL, "*is_valid_connection*");
      g_assert_false (aivo_secret_store_delete_connection_sync (store, bad_connections[i], NULL, &error));
      g_test_assert_expected_messages ();
    }

  g_test_expect_message ("aivo-secret-store", G_LOG_LEVEL_CRITICAL, "*is_valid_connection*");
  g_assert_null (aivo_secret_store_lookup_account_token_sync (store, NULL, NULL, &error));
  g_test_assert_expected_messages ();

  /* An empty secret, or one or a name that is not UTF-8. */
  g_test_expect_message ("aivo-secret-store", G_LOG_LEVEL_CRITICAL, "*is_valid_secret*");
  g_assert_false (aivo_secret_store_store_key_sync (store, "local", "key_Ab3dEf12", AIVO_ENVIRONMENT_PRODUCTION,
                                                    "Name", "", NULL, &error));
  g_test_assert_expected_messages ();

  g_test_expect_message ("aivo-secret-store", G_LOG_LEVEL_CRITICAL, "*is_valid_secret*");
  g_assert_false (aivo_secret_store_store_account_token_sync (store, "local", NULL, "\xc3", NULL, &error));
  g_test_assert_expected_messages ();

  g_test_expect_message ("aivo-secret-store", G_LOG_LEVEL_CRITICAL, "*g_utf8_validate*");
  g_assert_false (aivo_secret_store_store_account_token_sync (store, "local", "\xc3", "secret", NULL, &error));
  g_test_assert_expected_messages ();

  g_test_expect_message ("aivo-secret-store", G_LOG_LEVEL_CRITICAL, "*AIVO_N_ENVIRONMENTS*");
  g_assert_false (aivo_secret_store_store_key_sync (store, "local", "key_Ab3dEf12", AIVO_N_ENVIRONMENTS,
                                                    "Name", "secret", NULL, &error));
  g_test_assert_expected_messages ();

  g_assert_no_error (error);
  watchdog_disarm ();
}

static void
skip_without_keyring (gconstpointer data)
{
  g_test_skip ("This test writes to the session keyring: run it under build-aux/headless, "
               "which gives it a throw-away one");
}

static void
add_keyring_test (const char *path,
                  void      (*test) (Fixture *, gconstpointer))
{
  if (g_getenv ("AIVO_HEADLESS_SCRATCH") != NULL)
    g_test_add (path, Fixture, NULL, fixture_set_up, test, fixture_tear_down);
  else
    g_test_add_data_func (path, NULL, skip_without_keyring);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_keyring_test ("/secret-store/key/round-trip", test_key_round_trip);
  add_keyring_test ("/secret-store/key/list", test_key_list);
  add_keyring_test ("/secret-store/key/replace", test_key_replace);
  add_keyring_test ("/secret-store/key/delete", test_key_delete);
  add_keyring_test ("/secret-store/account-token", test_account_token);
  add_keyring_test ("/secret-store/delete-connection", test_delete_connection);
  add_keyring_test ("/secret-store/stored-items/keys", test_stored_items);
  add_keyring_test ("/secret-store/stored-items/tokens", test_stored_token_items);
  add_keyring_test ("/secret-store/sync", test_sync);
  add_keyring_test ("/secret-store/collection", test_collection);
  add_keyring_test ("/secret-store/cancelled", test_cancelled);

  if (g_getenv ("AIVO_HEADLESS_SCRATCH") != NULL)
    g_test_add_func ("/secret-store/locked", test_locked);
  else
    g_test_add_data_func ("/secret-store/locked", NULL, skip_without_keyring);

  g_test_add_func ("/secret-store/unavailable/no-bus", test_unavailable_no_bus);
  g_test_add_func ("/secret-store/unavailable/no-service", test_unavailable_no_service);
  g_test_add_func ("/secret-store/invalid-input", test_invalid_input);

  return g_test_run ();
}
