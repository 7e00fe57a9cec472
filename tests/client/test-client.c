/* test-client.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "aivo-client.h"
#include "aivo-credential.h"
#include "aivo-sandbox-thread.h"

/*
 * AivoClient against the real sandbox, run in-process on its own thread by
 * AivoSandboxThread, and against a deliberately broken SoupServer (not a
 * stand-in for our API: a server that misbehaves in the ways a hostile or
 * buggy one could).
 */

#define WAIT_LIMIT_SECONDS 60
#define MIB                (1024 * 1024)
#define HUGE_BODY_SIZE     (50 * MIB)

/* Waiting ------------------------------------------------------------------ */

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  g_error ("An operation did not finish within %d s", WAIT_LIMIT_SECONDS);
  return G_SOURCE_REMOVE;
}

/* Iterates the default context until @result is set: no test can hang. */
static GAsyncResult *
wait_for (GAsyncResult **result)
{
  guint watchdog = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, watchdog_cb, NULL);

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (watchdog);
  return *result;
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Each client call, waited for. */

static GPtrArray *
list_keys (AivoClient  *client,
           guint       *count,
           guint       *key_limit,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  aivo_client_list_keys_async (client, NULL, store_result, &result);
  return aivo_client_list_keys_finish (client, wait_for (&result), count, key_limit, error);
}

static AivoKey *
get_key (AivoClient  *client,
         const char  *id,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  aivo_client_get_key_async (client, id, NULL, store_result, &result);
  return aivo_client_get_key_finish (client, wait_for (&result), error);
}

static AivoKey *
create_key (AivoClient          *client,
            const char          *name,
            AivoEnvironment      environment,
            AivoScope            scopes,
            const char * const  *shared_with,
            AivoSecret         **secret,
            GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  aivo_client_create_key_async (client, name, environment, scopes, shared_with, NULL,
                                store_result, &result);
  return aivo_client_create_key_finish (client, wait_for (&result), secret, error);
}

static AivoKey *
rename_key (AivoClient  *client,
            const char  *id,
            const char  *name,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  aivo_client_rename_key_async (client, id, name, NULL, store_result, &result);
  return aivo_client_rename_key_finish (client, wait_for (&result), error);
}

static gboolean
delete_key (AivoClient  *client,
            const char  *id,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  aivo_client_delete_key_async (client, id, NULL, store_result, &result);
  return aivo_client_delete_key_finish (client, wait_for (&result), error);
}

static AivoKey *
rotate_key (AivoClient  *client,
            const char  *id,
            guint        grace_seconds,
            AivoSecret **secret,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  aivo_client_rotate_key_async (client, id, grace_seconds, NULL, store_result, &result);
  return aivo_client_rotate_key_finish (client, wait_for (&result), secret, error);
}

static JsonObject *
get_account (AivoClient  *client,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  aivo_client_get_account_async (client, NULL, store_result, &result);
  return aivo_client_get_account_finish (client, wait_for (&result), error);
}

static JsonArray *
list_team_members (AivoClient  *client,
                   GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  aivo_client_list_team_members_async (client, NULL, store_result, &result);
  return aivo_client_list_team_members_finish (client, wait_for (&result), error);
}

static gboolean
remove_team_member (AivoClient  *client,
                    const char  *id,
                    GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  aivo_client_remove_team_member_async (client, id, NULL, store_result, &result);
  return aivo_client_remove_team_member_finish (client, wait_for (&result), error);
}

static AivoResponse *
send_request (AivoClient   *client,
              AivoRequest  *request,
              GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  aivo_client_send_async (client, request, NULL, store_result, &result);
  return aivo_client_send_finish (client, wait_for (&result), error);
}

static guint
probe (AivoClient  *client,
       const char  *secret,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  aivo_client_probe_credential_async (client, secret, NULL, store_result, &result);
  return aivo_client_probe_credential_finish (client, wait_for (&result), error);
}

static AivoRequest *
request_new (const char *method,
             const char *base_url,
             const char *path,
             const char *token)
{
  g_autoptr(GError) error = NULL;
  AivoRequest *request = aivo_request_new (method, base_url, path, &error);

  g_assert_no_error (error);
  aivo_request_set_bearer_token (request, token);

  return request;
}

static void
assert_message (const GError *error,
                const char   *fragment)
{
  g_assert_nonnull (error);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
}

static AivoSecret *
fake_account_token (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AivoCredential) credential = aivo_credential_generate (AIVO_CREDENTIAL_KIND_ACCOUNT_TOKEN, &error);

  g_assert_no_error (error);
  return aivo_secret_dup (aivo_credential_peek_secret (credential));
}

/* The sandbox --------------------------------------------------------------- */

typedef struct
{
  const char *plan;
  guint       rate_limit;
  gboolean    empty;
} SandboxConfig;

static const SandboxConfig professional = { "professional", 0, FALSE };
static const SandboxConfig three_a_minute = { "enterprise", 3, TRUE };

typedef struct
{
  char              *data_dir;
  AivoSandboxThread *sandbox;
  char              *base_url;
  AivoSecret        *account_token;
  AivoClient        *client;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_assert_cmpint (g_remove (child), ==, 0);
    }

  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const SandboxConfig *config = data;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  f->data_dir = g_dir_make_tmp ("aivo-test-client-XXXXXX", &error);
  g_assert_no_error (error);

  f->sandbox = aivo_sandbox_thread_new (f->data_dir, config->plan);
  aivo_sandbox_thread_set_rate_limit (f->sandbox, config->rate_limit);
  aivo_sandbox_thread_set_empty (f->sandbox, config->empty);
  aivo_sandbox_thread_start_async (f->sandbox, NULL, store_result, &result);
  g_assert_true (aivo_sandbox_thread_start_finish (f->sandbox, wait_for (&result),
                                                   &f->base_url, &f->account_token, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (f->base_url, "http://127.0.0.1:"));
  g_assert_cmpstr (aivo_sandbox_thread_get_base_url (f->sandbox), ==, f->base_url);
  g_assert_true (aivo_credential_looks_valid (f->account_token));

  f->client = aivo_client_new (f->base_url);
  aivo_client_set_account_token (f->client, f->account_token);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->client);
  aivo_sandbox_thread_stop (f->sandbox);
  g_assert_null (aivo_sandbox_thread_get_base_url (f->sandbox));
  g_clear_object (&f->sandbox);
  remove_tree (f->data_dir);
  g_clear_pointer (&f->data_dir, g_free);
  g_clear_pointer (&f->base_url, g_free);
  g_clear_pointer (&f->account_token, aivo_secret_free);
}

static AivoKey *
create_key_or_fail (Fixture     *f,
                    const char  *name,
                    AivoScope    scopes,
                    AivoSecret **secret)
{
  g_autoptr(GError) error = NULL;
  AivoKey *key = create_key (f->client, name, AIVO_ENVIRONMENT_TESTING, scopes, NULL, secret, &error);

  g_assert_no_error (error);
  g_assert_nonnull (key);

  return key;
}

static void
assert_secret_matches (const char *secret,
                       AivoKey    *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AivoCredential) credential = aivo_credential_parse (secret, &error);
  g_autofree char *hint = NULL;
  g_autofree char *key_id = NULL;

  g_assert_no_error (error);
  g_assert_true (aivo_credential_matches_environment (credential, aivo_key_get_environment (key)));
  hint = aivo_credential_dup_hint (credential);
  key_id = aivo_credential_dup_key_id (credential);
  g_assert_cmpstr (aivo_key_get_hint (key), ==, hint);
  g_assert_cmpstr (aivo_key_get_id (key), ==, key_id);
}

/* Create, list, rename, get, rotate, delete; the deleted key gets 401. */
static void
test_key_lifecycle (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AivoSecret) secret = NULL;
  g_autoptr(AivoSecret) new_secret = NULL;
  g_autoptr(AivoKey) key = NULL;
  g_autoptr(AivoKey) renamed = NULL;
  g_autoptr(AivoKey) fetched = NULL;
  g_autoptr(AivoKey) rotated = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(AivoRequest) request = NULL;
  g_autoptr(AivoResponse) raw = NULL;
  g_autofree char *id = NULL;
  guint count = 99, key_limit = 0;
  gsize size;
  const char *body;

  key = create_key (f->client, "CRM Integration", AIVO_ENVIRONMENT_PRODUCTION,
                    AIVO_SCOPE_CALLS_READ | AIVO_SCOPE_CONTACTS_WRITE, NULL, &secret, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
  g_assert_nonnull (secret);
  g_assert_true (g_str_has_prefix (secret, "aivo_live_"));
  assert_secret_matches (secret, key);
  g_assert_cmpstr (aivo_key_get_name (key), ==, "CRM Integration");
  g_assert_cmpint (aivo_key_get_environment (key), ==, AIVO_ENVIRONMENT_PRODUCTION);
  g_assert_cmpuint (aivo_key_get_scopes (key), ==, AIVO_SCOPE_CALLS_READ | AIVO_SCOPE_CONTACTS_WRITE);
  g_assert_cmpstr (aivo_key_get_created_by (key), ==, "mem_0001");
  g_assert_null (aivo_key_get_rotated_from (key));
  g_assert_null (aivo_key_get_expires_at (key));
  id = g_strdup (aivo_key_get_id (key));

  keys = list_keys (f->client, &count, &key_limit, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpuint (key_limit, ==, 10);
  g_assert_cmpuint (keys->len, ==, 1);
  g_assert_cmpstr (aivo_key_get_id (g_ptr_array_index (keys, 0)), ==, id);
  g_assert_cmpstr (aivo_key_get_hint (g_ptr_array_index (keys, 0)), ==, aivo_key_get_hint (key));

  /* The list itself never carries the secret. */
  request = request_new ("GET", f->base_url, "/v1/api-keys", f->account_token);
  raw = send_request (f->client, request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aivo_response_get_status (raw), ==, 200);
  body = g_bytes_get_data (aivo_response_get_body (raw), &size);
  g_assert_cmpuint (size, >, 0);
  g_assert_null (g_strstr_len (body, size, secret));
  g_assert_null (g_strstr_len (body, size, "\"secret\""));

  /* The server trims the name. */
  renamed = rename_key (f->client, id, "  Billing sync  ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (aivo_key_get_name (renamed), ==, "Billing sync");
  g_assert_cmpstr (aivo_key_get_id (renamed), ==, id);

  fetched = get_key (f->client, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (aivo_key_get_name (fetched), ==, "Billing sync");
  g_assert_cmpstr (aivo_key_get_hint (fetched), ==, aivo_key_get_hint (key));

  /* The old key still works before the rotation... */
  g_assert_cmpuint (probe (f->client, secret, &error), !=, 401);
  g_assert_no_error (error);

  rotated = rotate_key (f->client, id, 0, &new_secret, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rotated);
  g_assert_nonnull (new_secret);
  g_assert_cmpstr (new_secret, !=, secret);
  assert_secret_matches (new_secret, rotated);
  g_assert_cmpstr (aivo_key_get_id (rotated), !=, id);
  g_assert_cmpstr (aivo_key_get_rotated_from (rotated), ==, id);
  g_assert_cmpstr (aivo_key_get_name (rotated), ==, "Billing sync");
  g_assert_cmpuint (aivo_key_get_scopes (rotated), ==, aivo_key_get_scopes (key));

  /* ...and not after it (no grace period), while the new one does. */
  g_assert_cmpuint (probe (f->client, secret, &error), ==, 401);
  g_assert_no_error (error);
  g_assert_cmpuint (probe (f->client, new_secret, &error), !=, 401);
  g_assert_no_error (error);

  g_assert_true (delete_key (f->client, aivo_key_get_id (rotated), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (probe (f->client, new_secret, &error), ==, 401);
  g_assert_no_error (error);

  g_clear_pointer (&keys, g_ptr_array_unref);
  keys = list_keys (f->client, &count, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 0);
  g_assert_cmpuint (keys->len, ==, 0);

  g_clear_object (&fetched);
  fetched = get_key (f->client, aivo_key_get_id (rotated), &error);
  g_assert_null (fetched);
  g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_NOT_FOUND);
  g_assert_cmpuint (aivo_client_error_get_status (error), ==, 404);
  assert_message (error, "refresh and try again");
}

/* A key that may read the account gets 200 from the probe, one that may
 * not gets 403: both mean "still accepted". */
static void
test_probe (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(AivoSecret) reader = NULL;
  g_autoptr(AivoSecret) other = NULL;
  g_autoptr(AivoKey) reader_key = create_key_or_fail (f, "Reader", AIVO_SCOPE_ACCOUNT_READ, &reader);
  g_autoptr(AivoKey) other_key = create_key_or_fail (f, "Other", AIVO_SCOPE_CALLS_READ, &other);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (probe (f->client, reader, &error), ==, 200);
  g_assert_no_error (error);
  g_assert_cmpuint (probe (f->client, other, &error), ==, 403);
  g_assert_no_error (error);
  g_assert_cmpuint (probe (f->client, f->account_token, &error), ==, 200);
  g_assert_no_error (error);

  /* A secret that cannot go into a header is refused before sending. */
  g_assert_cmpuint (probe (f->client, "aivo_test_x\r\nX-Evil: 1", &error), ==, 0);
  g_assert_error (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_TOKEN);
}

static void
test_key_limit (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AivoKey) first = NULL;
  g_autoptr(AivoKey) refused = NULL;
  g_autoptr(AivoKey) rotated = NULL;
  g_autoptr(AivoSecret) secret = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  guint count = 0;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("Key %u", i + 1);
      g_autoptr(AivoSecret) key_secret = NULL;
      g_autoptr(AivoKey) key = create_key_or_fail (f, name, AIVO_SCOPE_CALLS_READ, &key_secret);

      if (first == NULL)
        first = g_object_ref (key);
    }

  refused = create_key (f->client, "Key 11", AIVO_ENVIRONMENT_TESTING, AIVO_SCOPE_CALLS_READ,
                        NULL, &secret, &error);
  g_assert_null (refused);
  g_assert_null (secret);
  g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_KEY_LIMIT_REACHED);
  g_assert_cmpuint (aivo_client_error_get_status (error), ==, 409);
  g_assert_cmpstr (aivo_client_error_get_api_code (error), ==, "key_limit_reached");
  assert_message (error, "Delete a key you no longer need");
  g_clear_error (&error);

  /* A full account can still rotate: the old key's grace period does not count. */
  rotated = rotate_key (f->client, aivo_key_get_id (first), 3600, &secret, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rotated);
  g_assert_nonnull (secret);

  keys = list_keys (f->client, &count, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (keys->len, ==, 11);
  g_assert_cmpuint (count, ==, 10);

  for (guint i = 0; i < keys->len; i++)
    {
      AivoKey *key = g_ptr_array_index (keys, i);

      if (g_str_equal (aivo_key_get_id (key), aivo_key_get_id (first)))
        g_assert_nonnull (aivo_key_get_expires_at (key));
    }
}

typedef struct
{
  const char *name;
  AivoScope   scopes;
  const char *shared_with;
  const char *param;
} InvalidCreate;

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *long_name = g_strnfill (101, 'x');
  const InvalidCreate cases[] = {
    { "No scopes", AIVO_SCOPE_NONE, NULL, "scopes" },
    { long_name, AIVO_SCOPE_CALLS_READ, NULL, "name" },
    { "   ", AIVO_SCOPE_CALLS_READ, NULL, "name" },
    { "Bell\a", AIVO_SCOPE_CALLS_READ, NULL, "name" },
    { "Shared", AIVO_SCOPE_CALLS_READ, "mem_9999", "shared_with" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AivoKey) missing = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char * const shared_with[] = { cases[i].shared_with, NULL };
      g_autoptr(AivoSecret) secret = NULL;
      g_autoptr(AivoKey) key = NULL;
      g_autofree char *expected = g_strdup_printf ("Correct “%s” and try again.", cases[i].param);

      key = create_key (f->client, cases[i].name, AIVO_ENVIRONMENT_DEVELOPMENT, cases[i].scopes,
                        cases[i].shared_with != NULL ? shared_with : NULL, &secret, &error);
      g_assert_null (key);
      g_assert_null (secret);
      g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_VALIDATION);
      g_assert_cmpuint (aivo_client_error_get_status (error), ==, 422);
      g_assert_cmpstr (aivo_client_error_get_param (error), ==, cases[i].param);
      assert_message (error, expected);
      g_clear_error (&error);
    }

  missing = get_key (f->client, "key_00000000", &error);
  g_assert_null (missing);
  g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_NOT_FOUND);
  g_assert_cmpuint (aivo_client_error_get_status (error), ==, 404);
  g_clear_error (&error);

  /* An id that could walk the URL is never sent. */
  missing = get_key (f->client, "../account", &error);
  g_assert_null (missing);
  g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_NOT_FOUND);
  g_assert_cmpuint (aivo_client_error_get_status (error), ==, 0);
  g_clear_error (&error);

  g_assert_false (delete_key (f->client, "", &error));
  g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_NOT_FOUND);
}

static void
test_unauthorized (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AivoSecret) wrong_token = fake_account_token ();
  g_autoptr(AivoClient) wrong = aivo_client_new (f->base_url);
  g_autoptr(AivoClient) none = aivo_client_new (f->base_url);
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;

  aivo_client_set_account_token (wrong, wrong_token);
  keys = list_keys (wrong, NULL, NULL, &error);
  g_assert_null (keys);
  g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "The server rejected the account token. Reconnect with a valid token.");
  g_assert_cmpuint (aivo_client_error_get_status (error), ==, 401);
  g_assert_cmpstr (aivo_client_error_get_api_code (error), ==, "unauthorized");
  g_clear_error (&error);

  /* Replacing the token works; so does clearing it. */
  aivo_client_set_account_token (wrong, f->account_token);
  keys = list_keys (wrong, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&keys, g_ptr_array_unref);
  aivo_client_set_account_token (wrong, NULL);
  g_assert_false (aivo_client_has_account_token (wrong));

  keys = list_keys (none, NULL, NULL, &error);
  g_assert_null (keys);
  g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (aivo_client_error_get_status (error), ==, 0);
  assert_message (error, "No account token is set");
}

/* An API key cannot manage keys, whatever its scopes. */
static void
test_forbidden (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(AivoSecret) secret = NULL;
  g_autoptr(AivoKey) key = create_key_or_fail (f, "Everything", AIVO_SCOPE_ALL, &secret);
  g_autoptr(AivoClient) client = aivo_client_new (f->base_url);
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;

  aivo_client_set_account_token (client, secret);
  keys = list_keys (client, NULL, NULL, &error);
  g_assert_null (keys);
  g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_FORBIDDEN);
  g_assert_cmpuint (aivo_client_error_get_status (error), ==, 403);
  assert_message (error, "not with an API key");
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* Every answer, error or not, updates the meter. */
static void
test_rate_limit_property (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(AivoKey) missing = NULL;
  g_autoptr(AivoRateLimit) first = NULL;
  g_autoptr(AivoRateLimit) second = NULL;
  AivoRateLimit *third;
  guint notified = 0;

  g_signal_connect (f->client, "notify::rate-limit", G_CALLBACK (count_notify), &notified);
  g_assert_null (aivo_client_get_rate_limit (f->client));

  account = get_account (f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 1);
  first = g_object_ref (aivo_client_get_rate_limit (f->client));
  g_assert_cmpint (aivo_rate_limit_get_limit (first), ==, 300);
  g_assert_cmpint (aivo_rate_limit_get_remaining (first), >=, 0);
  g_assert_cmpint (aivo_rate_limit_get_remaining (first), <, 300);
  g_assert_cmpint (aivo_rate_limit_get_reset_unix (first), >, 0);

  keys = list_keys (f->client, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 2);
  second = g_object_ref (aivo_client_get_rate_limit (f->client));
  g_assert_true (second != first);
  g_assert_cmpint (aivo_rate_limit_get_limit (second), ==, 300);
  /* One fewer, unless the window started again in between. */
  g_assert_true (aivo_rate_limit_get_remaining (second) < aivo_rate_limit_get_remaining (first)
                 || aivo_rate_limit_get_reset_unix (second) > aivo_rate_limit_get_reset_unix (first));

  missing = get_key (f->client, "key_00000000", &error);
  g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_NOT_FOUND);
  g_assert_cmpuint (notified, ==, 3);
  third = aivo_client_get_rate_limit (f->client);
  g_assert_true (third != second);
  g_assert_cmpint (aivo_rate_limit_get_limit (third), ==, 300);
}

static void
test_rate_limited (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(AivoRequest) request = NULL;
  g_autoptr(AivoResponse) response = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("^Rate limit reached: try again in ([0-9]+) s\\.$", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *seconds = NULL;
  AivoRateLimit *rate_limit;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonObject) allowed = get_account (f->client, &error);

      g_assert_no_error (error);
      g_assert_nonnull (allowed);
    }

  account = get_account (f->client, &error);
  g_assert_null (account);
  g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_RATE_LIMITED);
  g_assert_cmpuint (aivo_client_error_get_status (error), ==, 429);
  if (!g_regex_match (regex, error->message, 0, &match))
    g_error ("Unexpected message “%s”", error->message);
  seconds = g_match_info_fetch (match, 1);
  g_assert_cmpint (g_ascii_strtoll (seconds, NULL, 10), >=, 1);
  g_assert_cmpint (g_ascii_strtoll (seconds, NULL, 10), <=, 60);
  g_clear_error (&error);

  rate_limit = aivo_client_get_rate_limit (f->client);
  g_assert_cmpint (aivo_rate_limit_get_limit (rate_limit), ==, 3);
  g_assert_cmpint (aivo_rate_limit_get_remaining (rate_limit), ==, 0);
  g_assert_true (aivo_rate_limit_is_exhausted (rate_limit));

  /* A rate-limited credential is still a valid one... */
  g_assert_cmpuint (probe (f->client, f->account_token, &error), ==, 429);
  g_assert_no_error (error);

  /* ...and send() hands a 429 back as a response, not an error. */
  request = request_new ("GET", f->base_url, "/v1/account", f->account_token);
  response = send_request (f->client, request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aivo_response_get_status (response), ==, 429);
  g_assert_false (aivo_response_is_success (response));
  g_assert_cmpint (aivo_rate_limit_get_retry_after_seconds (aivo_response_get_rate_limit (response)), >=, 1);
}

static void
test_send (Fixture       *f,
           gconstpointer  data)
{
  static const char new_member[] = "{\"name\": \"Ada Lovelace\", \"email\": \"ada@example.com\", "
                                   "\"role\": \"developer\"}";
  g_autoptr(AivoSecret) secret = NULL;
  g_autoptr(AivoKey) key = create_key_or_fail (f, "Playground",
                                               AIVO_SCOPE_CALLS_READ | AIVO_SCOPE_ACCOUNT_WRITE, &secret);
  g_autoptr(AivoRequest) request = NULL;
  g_autoptr(AivoResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  SoupMessageHeaders *headers;
  JsonNode *root;
  JsonObject *object;
  JsonObject *error_object;

  request = request_new ("GET", f->base_url, "/v1/calls?limit=3", secret);
  response = send_request (f->client, request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (response);

  g_assert_cmpstr (aivo_response_get_method (response), ==, "GET");
  g_assert_true (g_str_has_suffix (aivo_response_get_url (response), "/v1/calls?limit=3"));
  g_assert_cmpuint (aivo_response_get_status (response), ==, 200);
  g_assert_true (aivo_response_is_success (response));
  g_assert_cmpstr (aivo_response_get_reason_phrase (response), ==, "OK");
  g_assert_cmpint (aivo_response_get_http_version (response), ==, SOUP_HTTP_1_1);
  g_assert_cmpstr (aivo_response_get_http_version_string (response), ==, "HTTP/1.1");
  g_assert_cmpstr (aivo_response_get_content_type (response), ==, "application/json");
  g_assert_cmpint (aivo_response_get_elapsed_usec (response), >, 0);
  g_assert_cmpint (aivo_response_get_elapsed_usec (response), <, 30 * G_USEC_PER_SEC);

  headers = aivo_response_get_headers (response);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-RateLimit-Limit"), ==, "300");
  g_assert_nonnull (soup_message_headers_get_one (headers, "RateLimit-Policy"));
  g_assert_cmpint (aivo_rate_limit_get_limit (aivo_response_get_rate_limit (response)), ==, 300);
  g_assert_true (aivo_client_get_rate_limit (f->client) != NULL);

  root = aivo_response_get_json (response, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "data")), ==, 3);
  /* The same root again: parsed once. */
  g_assert_true (aivo_response_get_json (response, NULL) == root);

  /* A write, with a body. */
  g_clear_object (&request);
  g_clear_object (&response);
  request = request_new ("POST", f->base_url, "/v1/team-members", secret);
  g_assert_true (aivo_request_set_content_type (request, "application/json", NULL));
  body = g_bytes_new_static (new_member, strlen (new_member));
  aivo_request_set_body (request, body);
  response = send_request (f->client, request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aivo_response_get_status (response), ==, 201);
  root = aivo_response_get_json (response, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "id"), ==, "mem_0004");

  /* Without a token: the 401 is a response like any other, with its error body. */
  g_clear_object (&request);
  g_clear_object (&response);
  request = request_new ("GET", f->base_url, "/v1/account", NULL);
  response = send_request (f->client, request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aivo_response_get_status (response), ==, 401);
  g_assert_false (aivo_response_is_success (response));
  g_assert_nonnull (soup_message_headers_get_one (aivo_response_get_headers (response), "WWW-Authenticate"));
  root = aivo_response_get_json (response, &error);
  g_assert_no_error (error);
  error_object = json_object_get_object_member (json_node_get_object (root), "error");
  g_assert_cmpstr (json_object_get_string_member (error_object, "code"), ==, "unauthorized");

  /* The one route that needs no credential. */
  g_clear_object (&request);
  g_clear_object (&response);
  request = request_new ("GET", f->base_url, "/v1/openapi.json", NULL);
  response = send_request (f->client, request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aivo_response_get_status (response), ==, 200);
  root = aivo_response_get_json (response, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (json_node_get_object (root), "openapi"));
}

static void
test_account (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) account = get_account (f->client, &error);

  g_assert_no_error (error);
  g_assert_nonnull (account);
  g_assert_cmpstr (json_object_get_string_member (account, "plan"), ==, "professional");
  g_assert_cmpint (json_object_get_int_member (account, "key_limit"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (account, "rate_limit_per_minute"), ==, 300);
}

/* A member leaves: the keys they could use must be rotated. */
static void
test_team (Fixture       *f,
           gconstpointer  data)
{
  const char * const shared_with[] = { "mem_0002", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) members = NULL;
  g_autoptr(AivoSecret) secret = NULL;
  g_autoptr(AivoKey) key = NULL;
  g_autoptr(AivoKey) after = NULL;

  members = list_team_members (f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (members), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (members, 0), "id"), ==, "mem_0001");

  key = create_key (f->client, "Shared", AIVO_ENVIRONMENT_PRODUCTION, AIVO_SCOPE_CALLS_READ,
                    shared_with, &secret, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (aivo_key_get_shared_with (key), shared_with);
  g_assert_false (aivo_key_get_rotation_required (key));

  g_assert_true (remove_team_member (f->client, "mem_0002", &error));
  g_assert_no_error (error);

  after = get_key (f->client, aivo_key_get_id (key), &error);
  g_assert_no_error (error);
  g_assert_true (aivo_key_get_rotation_required (after));
  g_assert_cmpstr (aivo_key_get_rotation_reason (after), ==, "member_departed");
  g_assert_cmpstr (aivo_key_get_rotation_member_id (after), ==, "mem_0002");
  g_assert_nonnull (aivo_key_get_rotation_since (after));

  g_assert_false (remove_team_member (f->client, "mem_0001", &error));
  g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_CONFLICT);
  g_assert_cmpuint (aivo_client_error_get_status (error), ==, 409);
  g_clear_error (&error);

  g_assert_false (remove_team_member (f->client, "mem_9999", &error));
  g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_pointer (&members, json_array_unref);
  members = list_team_members (f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (members), ==, 2);
}

/* Calls in flight at once do not share anything. */
static void
test_concurrent (Fixture       *f,
                 gconstpointer  data)
{
  GAsyncResult *results[6] = { NULL, };

  for (guint i = 0; i < G_N_ELEMENTS (results) - 1; i++)
    aivo_client_get_account_async (f->client, NULL, store_result, &results[i]);
  aivo_client_list_keys_async (f->client, NULL, store_result, &results[G_N_ELEMENTS (results) - 1]);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(GError) error = NULL;

      wait_for (&results[i]);
      if (i < G_N_ELEMENTS (results) - 1)
        {
          g_autoptr(JsonObject) account = aivo_client_get_account_finish (f->client, results[i], &error);

          g_assert_no_error (error);
          g_assert_cmpstr (json_object_get_string_member (account, "plan"), ==, "professional");
        }
      else
        {
          g_autoptr(GPtrArray) keys = aivo_client_list_keys_finish (f->client, results[i], NULL, NULL, &error);

          g_assert_no_error (error);
          g_assert_nonnull (keys);
        }

      g_clear_object (&results[i]);
    }
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = NULL;

  g_cancellable_cancel (cancellable);
  aivo_client_list_keys_async (f->client, cancellable, store_result, &result);
  keys = aivo_client_list_keys_finish (f->client, wait_for (&result), NULL, NULL, &error);
  g_assert_null (keys);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* No server ------------------------------------------------------------------ */

static guint
closed_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);

  return port;
}

static void
test_connection_refused (void)
{
  guint port = closed_port ();
  g_autofree char *base_url = g_strdup_printf ("http://127.0.0.1:%u", port);
  g_autofree char *expected = g_strdup_printf ("Could not reach %s: connection refused. Check that the "
                                               "server is running and the address is right.", base_url);
  g_autoptr(AivoClient) client = aivo_client_new (base_url);
  g_autoptr(AivoSecret) token = fake_account_token ();
  g_autoptr(AivoRequest) request = request_new ("GET", base_url, "/v1/calls", NULL);
  g_autoptr(AivoResponse) response = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;

  aivo_client_set_account_token (client, token);
  keys = list_keys (client, NULL, NULL, &error);
  g_assert_null (keys);
  g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpuint (aivo_client_error_get_status (error), ==, 0);
  g_clear_error (&error);

  g_assert_cmpuint (probe (client, token, &error), ==, 0);
  g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_NETWORK);
  g_clear_error (&error);

  response = send_request (client, request, &error);
  g_assert_null (response);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_null (aivo_client_get_rate_limit (client));
}

/* A base URL that is not one is reported, not sent. */
static void
test_bad_base_url (void)
{
  g_autoptr(AivoClient) client = aivo_client_new ("ftp://example.com");
  g_autoptr(AivoSecret) token = fake_account_token ();
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;

  aivo_client_set_account_token (client, token);
  keys = list_keys (client, NULL, NULL, &error);
  g_assert_null (keys);
  g_assert_error (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_UNSUPPORTED_SCHEME);
}

/* A hostile server ------------------------------------------------------------ */


/* Made once: HUGE_BODY_SIZE zero bytes, and the same gzipped. */
static guchar *huge_body;
static GBytes *gzip_bomb;

typedef struct
{
  SoupServer *server;
  SoupServer *elsewhere;     /* where redirects point */
  char       *base_url;
  char       *elsewhere_url;
  GPtrArray  *paused;        /* messages that never get an answer */
  guint       requests;
  guint       authorized;
  guint       elsewhere_requests;
  AivoSecret *token;
  AivoClient *client;
} Hostile;

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static char *
dup_key_json (const char *id8,
              const char *extra_members)
{
  return g_strdup_printf ("{\"id\": \"key_%s\", \"name\": \"Evil\", \"environment\": \"production\","
                          " \"scopes\": [\"calls:read\"], \"hint\": \"aivo_live_%s_\u20269Qz1\","
                          " \"created_at\": \"2026-11-26T10:00:00Z\", \"created_by\": \"mem_0001\","
                          " \"shared_with\": [], \"last_used_at\": null, \"expires_at\": null,"
                          " \"rotated_from\": null, \"rotation_required\": null%s}",
                          id8, id8, extra_members);
}

static void
hostile_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Hostile *h = user_data;
  g_auto(GStrv) parts = g_strsplit (path + 1, "/", 2);
  const char *mode = parts[0] != NULL ? parts[0] : "";
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);

  h->requests++;
  if (soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization") != NULL)
    h->authorized++;

  if (g_str_equal (mode, "invalid-json"))
    respond (msg, 200, "application/json", "{\"data\": [");
  else if (g_str_equal (mode, "trailing-garbage"))
    respond (msg, 200, "application/json", "{\"data\": [], \"count\": 0, \"key_limit\": 10} {}");
  else if (g_str_equal (mode, "lax-json"))
    respond (msg, 200, "application/json", "/* json-glib reads this */ {'data': [], 'count': 0x0, 'key_limit': 10}");
  else if (g_str_equal (mode, "not-utf8"))
    respond (msg, 200, "application/json", "{\"data\": [], \"count\": 0, \"key_limit\": 10, \"x\": \"\xff\xfe\"}");
  else if (g_str_equal (mode, "wrong-shape"))
    respond (msg, 200, "application/json", "{\"data\": {\"not\": \"a list\"}, \"count\": 1, \"key_limit\": 10}");
  else if (g_str_equal (mode, "negative-count"))
    respond (msg, 200, "application/json", "{\"data\": [], \"count\": -1, \"key_limit\": 10}");
  else if (g_str_equal (mode, "float-count"))
    respond (msg, 200, "application/json", "{\"data\": [], \"count\": 1.5, \"key_limit\": 10}");
  else if (g_str_equal (mode, "not-an-object"))
    respond (msg, 200, "application/json", "[1, 2, 3]");
  else if (g_str_equal (mode, "empty"))
    respond (msg, 200, "application/json", "");
  else if (g_str_equal (mode, "bad-key"))
    respond (msg, 200, "application/json", "{\"data\": [{\"id\": 5}], \"count\": 1, \"key_limit\": 10}");
  else if (g_str_equal (mode, "key-in-a-list"))
    respond (msg, 200, "application/json", "{\"data\": [[]], \"count\": 1, \"key_limit\": 10}");
  else if (g_str_equal (mode, "no-secret") || g_str_equal (mode, "foreign-secret"))
    {
      g_autoptr(AivoCredential) other = aivo_credential_generate (AIVO_CREDENTIAL_KIND_LIVE_KEY, NULL);
      g_autofree char *extra = g_strdup_printf (", \"secret\": \"%s\"", aivo_credential_peek_secret (other));
      g_autofree char *key = dup_key_json ("Ab3dEf12", g_str_equal (mode, "no-secret") ? "" : extra);

      respond (msg, 201, "application/json", key);
    }
  else if (g_str_equal (mode, "huge"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, (char *) huge_body,
                                        HUGE_BODY_SIZE);
    }
  else if (g_str_equal (mode, "huge-chunked"))
    {
      SoupMessageBody *body = soup_server_message_get_response_body (msg);

      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_encoding (response_headers, SOUP_ENCODING_CHUNKED);
      for (guint i = 0; i < HUGE_BODY_SIZE / MIB; i++)
        soup_message_body_append (body, SOUP_MEMORY_STATIC, huge_body + i * MIB, MIB);
      soup_message_body_complete (body);
    }
  else if (g_str_equal (mode, "gzip-bomb"))
    {
      gsize size;
      gconstpointer data = g_bytes_get_data (gzip_bomb, &size);

      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_replace (response_headers, "Content-Encoding", "gzip");
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, data, size);
    }
  else if (g_str_equal (mode, "deep"))
    {
      g_autofree char *open = g_strnfill (100000, '[');
      g_autofree char *close = g_strnfill (100000, ']');
      g_autofree char *body = g_strconcat (open, close, NULL);

      respond (msg, 200, "application/json", body);
    }
  else if (g_str_equal (mode, "redirect"))
    {
      g_autofree char *location = g_strconcat (h->elsewhere_url, "v1/api-keys", NULL);

      soup_server_message_set_redirect (msg, 302, location);
    }
  else if (g_str_equal (mode, "stall-headers"))
    {
      /* Never answered: the request stays paused until the server goes. */
      soup_server_message_pause (msg);
      g_ptr_array_add (h->paused, g_object_ref (msg));
    }
  else if (g_str_equal (mode, "stall-body"))
    {
      /* Headers and a first chunk, then nothing, ever. */
      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_encoding (response_headers, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (response_headers, "application/json", NULL);
      soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                                "{\"data\": [", strlen ("{\"data\": ["));
    }
  else if (g_str_equal (mode, "huge-headers"))
    {
      g_autofree char *value = g_strnfill (1024 * 1024, 'a');

      soup_message_headers_append (response_headers, "X-Huge", value);
      respond (msg, 200, "application/json", "{\"data\": [], \"count\": 0, \"key_limit\": 10}");
    }
  else if (g_str_equal (mode, "server-error"))
    respond (msg, 500, "text/html", "<h1>Oops</h1>");
  else if (g_str_equal (mode, "teapot"))
    respond (msg, 418, "text/plain", "short and stout");
  else if (g_str_equal (mode, "hostile-message"))
    {
      g_autofree char *padding = g_strnfill (10000, 'x');
      g_autofree char *body =
        g_strdup_printf ("{\"error\": {\"code\": \"not_found\", \"message\": "
                         "\"\\u001b[31mEvil\\u202e\\u0007 message\\r\\nX-Injected: 1 %s\"}}", padding);

      respond (msg, 404, "application/json", body);
    }
  else if (g_str_equal (mode, "not-found-plain"))
    respond (msg, 404, "text/plain", "nope");
  else
    respond (msg, 404, "text/plain", "unknown mode");
}

static void
elsewhere_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Hostile *h = user_data;

  /* If a redirect were followed, this would be a perfectly good answer. */
  h->elsewhere_requests++;
  respond (msg, 200, "application/json", "{\"data\": [], \"count\": 0, \"key_limit\": 10}");
}

static char *
listen_or_fail (SoupServer            *server,
                SoupServerListenOptions  options)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  char *url;

  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | options, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return url;
}

static GBytes *
gzip (const guchar *data,
      gsize         size)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stream = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (stream, data, size, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, &error);
  g_assert_no_error (error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
hostile_setup (Hostile       *h,
               gconstpointer  data)
{
  if (huge_body == NULL)
    {
      huge_body = g_malloc0 (HUGE_BODY_SIZE);
      gzip_bomb = gzip (huge_body, HUGE_BODY_SIZE);
      g_assert_cmpuint (g_bytes_get_size (gzip_bomb), <, MIB);
    }
  h->paused = g_ptr_array_new_with_free_func (g_object_unref);

  h->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (h->server, NULL, hostile_cb, h, NULL);
  h->base_url = listen_or_fail (h->server, 0);

  h->elsewhere = soup_server_new (NULL, NULL);
  soup_server_add_handler (h->elsewhere, NULL, elsewhere_cb, h, NULL);
  h->elsewhere_url = listen_or_fail (h->elsewhere, 0);
  g_assert_cmpstr (h->base_url, !=, h->elsewhere_url);

  h->token = fake_account_token ();
}

static void
hostile_teardown (Hostile       *h,
                  gconstpointer  data)
{
  g_clear_object (&h->client);
  soup_server_disconnect (h->server);
  soup_server_disconnect (h->elsewhere);
  g_clear_pointer (&h->paused, g_ptr_array_unref);
  g_clear_object (&h->server);
  g_clear_object (&h->elsewhere);
  g_clear_pointer (&h->base_url, g_free);
  g_clear_pointer (&h->elsewhere_url, g_free);
  g_clear_pointer (&h->token, aivo_secret_free);
}

/* A client whose API calls go to /<mode>/v1/… on the hostile server. */
static AivoClient *
hostile_client (Hostile    *h,
                const char *mode)
{
  g_autofree char *base_url = g_strconcat (h->base_url, mode, NULL);

  g_clear_object (&h->client);
  h->client = aivo_client_new (base_url);
  aivo_client_set_account_token (h->client, h->token);

  return h->client;
}

typedef enum
{
  CALL_LIST_KEYS,
  CALL_GET_ACCOUNT,
  CALL_LIST_MEMBERS,
  CALL_CREATE_KEY,
} Call;

typedef struct
{
  const char *mode;
  Call        call;
  int         code;
  const char *fragment;
} HostileCase;

static const HostileCase hostile_cases[] = {
  { "invalid-json", CALL_LIST_KEYS, AIVO_CLIENT_ERROR_BAD_RESPONSE, "is not valid JSON" },
  { "trailing-garbage", CALL_LIST_KEYS, AIVO_CLIENT_ERROR_BAD_RESPONSE, "is not valid JSON" },
  { "lax-json", CALL_LIST_KEYS, AIVO_CLIENT_ERROR_BAD_RESPONSE, "is not valid JSON (error at byte 1)" },
  { "not-utf8", CALL_LIST_KEYS, AIVO_CLIENT_ERROR_BAD_RESPONSE, "not valid UTF-8" },
  { "empty", CALL_LIST_KEYS, AIVO_CLIENT_ERROR_BAD_RESPONSE, "an empty answer" },
  { "wrong-shape", CALL_LIST_KEYS, AIVO_CLIENT_ERROR_BAD_RESPONSE, "does not have the shape" },
  { "negative-count", CALL_LIST_KEYS, AIVO_CLIENT_ERROR_BAD_RESPONSE, "does not have the shape" },
  { "float-count", CALL_LIST_KEYS, AIVO_CLIENT_ERROR_BAD_RESPONSE, "does not have the shape" },
  { "not-an-object", CALL_GET_ACCOUNT, AIVO_CLIENT_ERROR_BAD_RESPONSE, "does not have the shape" },
  { "not-an-object", CALL_LIST_MEMBERS, AIVO_CLIENT_ERROR_BAD_RESPONSE, "does not have the shape" },
  { "wrong-shape", CALL_LIST_MEMBERS, AIVO_CLIENT_ERROR_BAD_RESPONSE, "does not have the shape" },
  { "bad-key", CALL_LIST_KEYS, AIVO_CLIENT_ERROR_BAD_RESPONSE, "a key the app does not understand: “id” is not a string" },
  { "key-in-a-list", CALL_LIST_KEYS, AIVO_CLIENT_ERROR_BAD_RESPONSE, "does not have the shape" },
  { "no-secret", CALL_CREATE_KEY, AIVO_CLIENT_ERROR_BAD_RESPONSE, "did not send its secret" },
  { "foreign-secret", CALL_CREATE_KEY, AIVO_CLIENT_ERROR_BAD_RESPONSE, "a secret that does not belong to it" },
  { "huge", CALL_LIST_KEYS, AIVO_CLIENT_ERROR_BAD_RESPONSE, "is larger than 16 MiB" },
  { "huge-chunked", CALL_LIST_KEYS, AIVO_CLIENT_ERROR_BAD_RESPONSE, "is larger than 16 MiB" },
  { "gzip-bomb", CALL_LIST_KEYS, AIVO_CLIENT_ERROR_BAD_RESPONSE, "is larger than 16 MiB" },
  { "deep", CALL_LIST_KEYS, AIVO_CLIENT_ERROR_BAD_RESPONSE, "nests JSON more than 64 levels" },
  { "redirect", CALL_LIST_KEYS, AIVO_CLIENT_ERROR_BAD_RESPONSE, "AIVO Studio does not follow redirects" },
  { "server-error", CALL_LIST_KEYS, AIVO_CLIENT_ERROR_SERVER, "The server failed with HTTP 500 (Internal Server Error)." },
  { "teapot", CALL_GET_ACCOUNT, AIVO_CLIENT_ERROR_BAD_RESPONSE, "HTTP 418" },
  { "not-found-plain", CALL_GET_ACCOUNT, AIVO_CLIENT_ERROR_NOT_FOUND,
    "The server has no such record. It may have been deleted meanwhile: refresh and try again." },
  { "huge-headers", CALL_LIST_KEYS, AIVO_CLIENT_ERROR_NETWORK, "broke off before it was complete" },
};

static GError *
run_call (AivoClient *client,
          Call        call)
{
  GError *error = NULL;

  switch (call)
    {
    case CALL_LIST_KEYS:
      {
        g_autoptr(GPtrArray) keys = list_keys (client, NULL, NULL, &error);

        g_assert_true ((keys == NULL) == (error != NULL));
      }
      break;

    case CALL_GET_ACCOUNT:
      {
        g_autoptr(JsonObject) account = get_account (client, &error);

        g_assert_true ((account == NULL) == (error != NULL));
      }
      break;

    case CALL_LIST_MEMBERS:
      {
        g_autoptr(JsonArray) members = list_team_members (client, &error);

        g_assert_true ((members == NULL) == (error != NULL));
      }
      break;

    case CALL_CREATE_KEY:
      {
        g_autoptr(AivoSecret) secret = NULL;
        g_autoptr(AivoKey) key = create_key (client, "Evil", AIVO_ENVIRONMENT_PRODUCTION,
                                             AIVO_SCOPE_CALLS_READ, NULL, &secret, &error);

        g_assert_true ((key == NULL) == (error != NULL));
        g_assert_true ((secret == NULL) == (key == NULL));
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return error;
}

static void
test_hostile_case (Hostile       *h,
                   gconstpointer  data)
{
  const HostileCase *c = data;
  AivoClient *client = hostile_client (h, c->mode);
  g_autoptr(GError) error = run_call (client, c->call);

  g_assert_error (error, AIVO_CLIENT_ERROR, c->code);
  g_test_message ("%s", error->message);
  assert_message (error, c->fragment);
  g_assert_cmpuint (strlen (error->message), <, 400);
  /* The token went to the server it was meant for, and nowhere else. */
  g_assert_cmpuint (h->requests, ==, 1);
  g_assert_cmpuint (h->authorized, ==, 1);
  g_assert_cmpuint (h->elsewhere_requests, ==, 0);
}

/* A redirect handed to send() comes back as it is, never followed. */
static void
test_redirect_not_followed (Hostile       *h,
                            gconstpointer  data)
{
  g_autofree char *base_url = g_strconcat (h->base_url, "redirect", NULL);
  g_autoptr(AivoRequest) request = request_new ("GET", base_url, "/v1/calls", h->token);
  g_autoptr(AivoResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = send_request (hostile_client (h, "redirect"), request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aivo_response_get_status (response), ==, 302);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (aivo_response_get_headers (response), "Location"),
                                   h->elsewhere_url));
  g_assert_cmpuint (h->requests, ==, 1);
  g_assert_cmpuint (h->elsewhere_requests, ==, 0);
}

/* The server's text reaches the user only made printable and short. */
static void
test_hostile_message (Hostile       *h,
                      gconstpointer  data)
{
  g_autoptr(GError) error = run_call (hostile_client (h, "hostile-message"), CALL_GET_ACCOUNT);

  g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "[31mEvil message X-Injected: 1 xxx"));
  g_assert_null (strchr (error->message, '\x1b'));
  g_assert_null (strchr (error->message, '\a'));
  g_assert_null (strpbrk (error->message, "\r\n"));
  g_assert_null (strstr (error->message, "\u202e"));
  g_assert_true (g_str_has_suffix (error->message, "… It may have been deleted meanwhile: refresh and try again."));
  g_assert_cmpuint (g_utf8_strlen (error->message, -1), <, AIVO_CLIENT_MAX_QUOTED_CHARS + 80);
  g_assert_cmpstr (aivo_client_error_get_api_code (error), ==, "not_found");
}

typedef struct
{
  const char *mode;
  gboolean    use_timeout;   /* else a cancellable */
} StallCase;

static const StallCase stall_cases[] = {
  { "stall-headers", FALSE },
  { "stall-headers", TRUE },
  { "stall-body", FALSE },
  { "stall-body", TRUE },
};

/* An answer that never ends: the caller's cancellable, or the timeout. */
static void
test_stall (Hostile       *h,
            gconstpointer  data)
{
  const StallCase *c = data;
  AivoClient *client = hostile_client (h, c->mode);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *origin = g_strndup (h->base_url, strlen (h->base_url) - 1);
  gint64 started = g_get_monotonic_time ();
  gint64 elapsed;

  if (c->use_timeout)
    aivo_client_set_timeout (client, 1);
  else
    g_timeout_add (200, cancel_cb, cancellable);

  aivo_client_list_keys_async (client, cancellable, store_result, &result);
  keys = aivo_client_list_keys_finish (client, wait_for (&result), NULL, NULL, &error);
  elapsed = g_get_monotonic_time () - started;
  g_assert_null (keys);

  if (c->use_timeout)
    {
      g_autofree char *expected = g_strdup_printf ("%s did not answer within 1 s. Check that the server "
                                                   "is running and reachable, then try again.", origin);

      g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_NETWORK);
      g_assert_cmpstr (error->message, ==, expected);
      g_assert_cmpint (elapsed, >=, G_USEC_PER_SEC * 9 / 10);
    }
  else
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_cmpint (elapsed, <, 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (h->requests, ==, 1);
}

/* The same limits hold for send(): the playground faces the same servers. */
static void
test_send_hostile (Hostile       *h,
                   gconstpointer  data)
{
  const char * const modes[] = { "huge", "huge-chunked", "gzip-bomb" };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autofree char *base_url = g_strconcat (h->base_url, modes[i], NULL);
      g_autoptr(AivoRequest) request = request_new ("GET", base_url, "/v1/calls", NULL);
      g_autoptr(AivoResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      response = send_request (hostile_client (h, modes[i]), request, &error);
      g_assert_null (response);
      g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_BAD_RESPONSE);
      assert_message (error, "is larger than 16 MiB");
    }

  /* A body that is merely odd is handed over, and refused only as JSON. */
  {
    g_autofree char *base_url = g_strconcat (h->base_url, "deep", NULL);
    g_autoptr(AivoRequest) request = request_new ("GET", base_url, "/v1/calls", NULL);
    g_autoptr(AivoResponse) response = NULL;
    g_autoptr(GError) error = NULL;

    response = send_request (hostile_client (h, "deep"), request, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_bytes_get_size (aivo_response_get_body (response)), ==, 200000);
    g_assert_null (aivo_response_get_json (response, &error));
    g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_BAD_RESPONSE);
    g_clear_error (&error);
    /* The error is remembered, not recomputed differently. */
    g_assert_null (aivo_response_get_json (response, &error));
    g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_BAD_RESPONSE);
  }
}

/* Below HTTP: a server that answers with bytes no HTTP library should take. */

typedef struct
{
  const char *answer;
  int         code;
  const char *fragment;
} RawCase;

static const RawCase raw_cases[] = {
  { "220 mail.example.com ESMTP ready\r\n\r\n", AIVO_CLIENT_ERROR_BAD_RESPONSE, "sent an answer that is not valid HTTP" },
  { "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: application/json\r\n\r\n{\"data\": [",
    AIVO_CLIENT_ERROR_NETWORK, "broke off before it was complete" },
  { "", AIVO_CLIENT_ERROR_NETWORK, "broke off before it was complete" },
};

/* On a thread of the service's: reads the request, answers, hangs up. */
static gboolean
raw_answer_cb (GThreadedSocketService *service,
               GSocketConnection      *connection,
               GObject                *source,
               gpointer                user_data)
{
  const RawCase *c = user_data;
  char request[4096];

  g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), request,
                       sizeof request, NULL, NULL);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), c->answer,
                             strlen (c->answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  return TRUE;
}

static void
test_raw_answer (gconstpointer data)
{
  const RawCase *c = data;
  /* No thread limit: a service at its limit stops accepting and restarts
   * when a handler returns, which can be after the listener is closed below
   * ("Listener is already closed", a fatal warning). */
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (-1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(AivoSecret) token = fake_account_token ();
  g_autoptr(AivoClient) client = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (raw_answer_cb), (gpointer) c);
  g_socket_service_start (service);

  base_url = g_strdup_printf ("http://127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  client = aivo_client_new (base_url);
  aivo_client_set_account_token (client, token);

  keys = list_keys (client, NULL, NULL, &error);
  g_assert_null (keys);
  g_assert_error (error, AIVO_CLIENT_ERROR, c->code);
  g_test_message ("%s", error->message);
  assert_message (error, c->fragment);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

/* No token goes over a connection whose certificate is not trusted. */
static void
test_untrusted_certificate (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pem_path = g_test_build_filename (G_TEST_DIST, "data", "tls", "self-signed-127.0.0.1.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (pem_path, &error);
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(AivoClient) client = NULL;
  g_autoptr(AivoSecret) token = fake_account_token ();
  g_autoptr(GPtrArray) keys = NULL;
  g_autofree char *base_url = NULL;
  Hostile counter = { NULL, };

  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, elsewhere_cb, &counter, NULL);
  base_url = listen_or_fail (server, SOUP_SERVER_LISTEN_HTTPS);
  g_assert_true (g_str_has_prefix (base_url, "https://"));

  client = aivo_client_new (base_url);
  aivo_client_set_account_token (client, token);
  keys = list_keys (client, NULL, NULL, &error);
  g_assert_null (keys);
  g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_TLS);
  g_assert_cmpstr (error->message, ==,
                   "The server’s certificate is not trusted (it is not signed by a known certificate "
                   "authority). AIVO Studio will not send a token over an unverified connection.");
  g_assert_cmpuint (counter.elsewhere_requests, ==, 0);

  soup_server_disconnect (server);
}

/* The sandbox thread on its own ------------------------------------------------ */

static void
test_sandbox_thread_errors (void)
{
  g_autoptr(AivoSandboxThread) sandbox = aivo_sandbox_thread_new ("/nonexistent", "platinum");
  g_autoptr(AivoSandboxThread) limited = aivo_sandbox_thread_new ("/nonexistent", "starter");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;

  aivo_sandbox_thread_start_async (sandbox, NULL, store_result, &result);
  g_assert_false (aivo_sandbox_thread_start_finish (sandbox, wait_for (&result), &base_url, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  assert_message (error, "platinum");
  g_assert_null (base_url);
  g_clear_error (&error);
  g_clear_object (&result);

  /* --rate-limit belongs to enterprise. */
  aivo_sandbox_thread_set_rate_limit (limited, 10);
  aivo_sandbox_thread_start_async (limited, NULL, store_result, &result);
  g_assert_false (aivo_sandbox_thread_start_finish (limited, wait_for (&result), NULL, NULL, &error));
  g_assert_nonnull (error);
}

/* A data directory that cannot be made fails the start on the thread; the
 * thread is then joined, so a new start is allowed (and fails the same way). */
static void
test_sandbox_thread_failed_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("aivo-test-client-XXXXXX", &error);
  g_autofree char *blocker = g_build_filename (dir, "file", NULL);
  g_autofree char *impossible = g_build_filename (blocker, "data", NULL);
  g_autoptr(AivoSandboxThread) sandbox = aivo_sandbox_thread_new (impossible, NULL);

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (blocker, "", 0, NULL));

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;

      aivo_sandbox_thread_start_async (sandbox, NULL, store_result, &result);
      g_assert_false (aivo_sandbox_thread_start_finish (sandbox, wait_for (&result), NULL, NULL, &error));
      g_assert_nonnull (error);
      g_assert_null (aivo_sandbox_thread_get_base_url (sandbox));
      g_clear_error (&error);
    }

  g_clear_object (&sandbox);
  g_assert_cmpint (g_remove (blocker), ==, 0);

  /* Dispose alone stops a running sandbox and joins its thread. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    sandbox = aivo_sandbox_thread_new (dir, NULL);
    aivo_sandbox_thread_set_empty (sandbox, TRUE);
    aivo_sandbox_thread_start_async (sandbox, NULL, store_result, &result);
    g_assert_true (aivo_sandbox_thread_start_finish (sandbox, wait_for (&result), NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_nonnull (aivo_sandbox_thread_get_base_url (sandbox));
    g_clear_object (&sandbox);
  }

  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD_SANDBOX_TEST(path, config, func) \
  g_test_add (path, Fixture, config, fixture_setup, func, fixture_teardown)

  ADD_SANDBOX_TEST ("/client/keys/lifecycle", &professional, test_key_lifecycle);
  ADD_SANDBOX_TEST ("/client/keys/probe", &professional, test_probe);
  ADD_SANDBOX_TEST ("/client/keys/limit", &professional, test_key_limit);
  ADD_SANDBOX_TEST ("/client/keys/validation", &professional, test_validation);
  ADD_SANDBOX_TEST ("/client/errors/unauthorized", &professional, test_unauthorized);
  ADD_SANDBOX_TEST ("/client/errors/forbidden", &professional, test_forbidden);
  ADD_SANDBOX_TEST ("/client/rate-limit/property", &professional, test_rate_limit_property);
  ADD_SANDBOX_TEST ("/client/rate-limit/exceeded", &three_a_minute, test_rate_limited);
  ADD_SANDBOX_TEST ("/client/send", &professional, test_send);
  ADD_SANDBOX_TEST ("/client/account", &professional, test_account);
  ADD_SANDBOX_TEST ("/client/team", &professional, test_team);
  ADD_SANDBOX_TEST ("/client/concurrent", &professional, test_concurrent);
  ADD_SANDBOX_TEST ("/client/cancel", &professional, test_cancel);

#undef ADD_SANDBOX_TEST

  g_test_add_func ("/client/network/connection-refused", test_connection_refused);
  g_test_add_func ("/client/network/bad-base-url", test_bad_base_url);
  g_test_add_func ("/client/network/untrusted-certificate", test_untrusted_certificate);

  for (guint i = 0; i < G_N_ELEMENTS (raw_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/client/network/raw-answer/%u", i);

      g_test_add_data_func (path, &raw_cases[i], test_raw_answer);
    }

  for (guint i = 0; i < G_N_ELEMENTS (hostile_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/client/hostile/%02u-%s", i, hostile_cases[i].mode);

      g_test_add (path, Hostile, &hostile_cases[i], hostile_setup, test_hostile_case, hostile_teardown);
    }

  for (guint i = 0; i < G_N_ELEMENTS (stall_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/client/hostile/%s/%s", stall_cases[i].mode,
                                               stall_cases[i].use_timeout ? "timeout" : "cancel");

      g_test_add (path, Hostile, &stall_cases[i], hostile_setup, test_stall, hostile_teardown);
    }

  g_test_add ("/client/hostile/redirect-not-followed", Hostile, NULL, hostile_setup,
              test_redirect_not_followed, hostile_teardown);
  g_test_add ("/client/hostile/message", Hostile, NULL, hostile_setup, test_hostile_message, hostile_teardown);
  g_test_add ("/client/hostile/send", Hostile, NULL, hostile_setup, test_send_hostile, hostile_teardown);

  g_test_add_func ("/client/sandbox-thread/errors", test_sandbox_thread_errors);
  g_test_add_func ("/client/sandbox-thread/failed-start", test_sandbox_thread_failed_start);

  status = g_test_run ();

  g_clear_pointer (&huge_body, g_free);
  g_clear_pointer (&gzip_bomb, g_bytes_unref);

  return status;
}
