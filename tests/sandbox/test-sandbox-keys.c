/* test-sandbox-keys.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-fixture.h"

/* /v1/api-keys* against the real aivo-sandbox program. */

static const char * const key_members[] = {
  "id", "name", "environment", "scopes", "hint", "created_at", "created_by", "shared_with",
  "last_used_at", "expires_at", "rotated_from", "rotation_required", NULL
};

static void
assert_key_shape (JsonObject *key,
                  gboolean    with_secret)
{
  g_autoptr(GList) members = json_object_get_members (key);

  g_assert_cmpuint (g_list_length (members), ==, g_strv_length ((char **) key_members) + (with_secret ? 1 : 0));
  for (guint i = 0; key_members[i] != NULL; i++)
    g_assert_true (json_object_has_member (key, key_members[i]));
  g_assert_cmpint (json_object_has_member (key, "secret"), ==, with_secret);
}

static void
test_create_get_list (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (NULL);
  g_autoptr(SandboxResponse) created = NULL;
  g_autoptr(SandboxResponse) fetched = NULL;
  g_autoptr(SandboxResponse) listed = NULL;
  g_autofree char *expected_hint = NULL;
  g_autofree char *path = NULL;
  JsonObject *key;
  JsonArray *scopes;
  const char *secret;
  const char *id;

  created = sandbox_fixture_request (fx, "POST", "/v1/api-keys", fx->account_token,
                                     "{\"name\": \"  CRM Integration \", \"environment\": \"production\", "
                                     "\"scopes\": [\"contacts:write\", \"calls:read\"], \"shared_with\": [\"mem_0002\"]}");
  sandbox_assert_status (created, 201);
  key = sandbox_response_object (created);
  assert_key_shape (key, TRUE);

  id = json_object_get_string_member (key, "id");
  secret = json_object_get_string_member (key, "secret");
  g_assert_true (g_str_has_prefix (secret, "aivo_live_"));
  g_assert_cmpuint (strlen (secret), ==, 57);
  g_assert_true (g_str_has_prefix (id, "key_"));
  g_assert_cmpint (strncmp (id + 4, secret + 10, 8), ==, 0);

  /* Stored trimmed; scopes in the article's order; the hint is prefix, id, "_…", last four. */
  g_assert_cmpstr (json_object_get_string_member (key, "name"), ==, "CRM Integration");
  g_assert_cmpstr (json_object_get_string_member (key, "environment"), ==, "production");
  scopes = json_object_get_array_member (key, "scopes");
  g_assert_cmpuint (json_array_get_length (scopes), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (scopes, 0), ==, "calls:read");
  g_assert_cmpstr (json_array_get_string_element (scopes, 1), ==, "contacts:write");
  expected_hint = g_strdup_printf ("%.18s_\u2026%s", secret, secret + strlen (secret) - 4);
  g_assert_cmpstr (json_object_get_string_member (key, "hint"), ==, expected_hint);
  g_assert_cmpstr (json_object_get_string_member (key, "created_by"), ==, "mem_0001");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (key, "shared_with")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (key, "shared_with"), 0), ==, "mem_0002");
  g_assert_true (json_object_get_null_member (key, "last_used_at"));
  g_assert_true (json_object_get_null_member (key, "expires_at"));
  g_assert_true (json_object_get_null_member (key, "rotated_from"));
  g_assert_true (json_object_get_null_member (key, "rotation_required"));
  g_assert_cmpuint (strlen (json_object_get_string_member (key, "created_at")), ==, 20);

  path = g_strconcat ("/v1/api-keys/", id, NULL);
  fetched = sandbox_fixture_request (fx, "GET", path, fx->account_token, NULL);
  sandbox_assert_status (fetched, 200);
  assert_key_shape (sandbox_response_object (fetched), FALSE);
  g_assert_cmpstr (json_object_get_string_member (sandbox_response_object (fetched), "id"), ==, id);

  listed = sandbox_fixture_request (fx, "GET", "/v1/api-keys", fx->account_token, NULL);
  sandbox_assert_status (listed, 200);
  g_assert_cmpint (json_object_get_int_member (sandbox_response_object (listed), "count"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (sandbox_response_object (listed), "key_limit"), ==, 10);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sandbox_response_object (listed), "data")), ==, 1);
  /* The secret is sent once, and only once. */
  g_assert_null (strstr (g_bytes_get_data (listed->body, NULL), secret + 19));
  g_assert_null (strstr (g_bytes_get_data (fetched->body, NULL), secret + 19));
}

static void
test_patch_and_delete (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (NULL);
  g_autofree char *id = NULL;
  g_autofree char *secret = sandbox_fixture_create_key (fx, "[\"account:read\"]", &id);
  g_autofree char *path = g_strconcat ("/v1/api-keys/", id, NULL);
  struct {
    const char *body;
    guint       status;
    const char *param;
  } cases[] = {
    { "{\"scopes\": [\"calls:read\"]}", 422, "scopes" },
    { "{\"environment\": \"testing\"}", 422, "environment" },
    { "{\"name\": \"x\", \"color\": \"red\"}", 422, "color" },
    { "{\"name\": \"\"}", 422, "name" },
    { "{\"name\": \"   \"}", 422, "name" },
    { "{\"name\": \"tab\\there\"}", 422, "name" },
    { "{\"name\": \"bell\\u0007\"}", 422, "name" },
    { "{\"name\": \"c1\\u0085x\"}", 422, "name" },
    { "{\"name\": \"del\\u007f\"}", 422, "name" },
    { "{\"name\": 42}", 422, "name" },
    { "{\"name\": null}", 422, "name" },
    { "{\"name\": \" Renamed key \"}", 200, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, "PATCH", path, fx->account_token, cases[i].body);

      g_test_message ("PATCH %s", cases[i].body);
      sandbox_assert_status (response, cases[i].status);
      if (cases[i].status == 422)
        {
          g_assert_cmpstr (sandbox_response_error_code (response), ==, "validation_failed");
          g_assert_cmpstr (sandbox_response_error_param (response), ==, cases[i].param);
        }
      else
        g_assert_cmpstr (json_object_get_string_member (sandbox_response_object (response), "name"), ==, "Renamed key");
    }

  {
    g_autoptr(SandboxResponse) before = sandbox_fixture_request (fx, "GET", "/v1/account", secret, NULL);
    g_autoptr(SandboxResponse) deleted = sandbox_fixture_request (fx, "DELETE", path, fx->account_token, NULL);
    g_autoptr(SandboxResponse) after = sandbox_fixture_request (fx, "GET", "/v1/account", secret, NULL);
    g_autoptr(SandboxResponse) again = sandbox_fixture_request (fx, "DELETE", path, fx->account_token, NULL);
    g_autoptr(SandboxResponse) fetched = sandbox_fixture_request (fx, "GET", path, fx->account_token, NULL);

    sandbox_assert_status (before, 200);
    sandbox_assert_status (deleted, 204);
    g_assert_cmpuint (g_bytes_get_size (deleted->body), ==, 0);
    /* The very next request with the deleted key. */
    sandbox_assert_status (after, 401);
    g_assert_cmpstr (sandbox_response_error_code (after), ==, "unauthorized");
    sandbox_assert_status (again, 404);
    g_assert_cmpstr (sandbox_response_error_code (again), ==, "not_found");
    sandbox_assert_status (fetched, 404);
  }

  {
    /* The body is checked (422) before the record (404). */
    g_autoptr(SandboxResponse) invalid = sandbox_fixture_request (fx, "PATCH", "/v1/api-keys/key_00000000",
                                                                  fx->account_token, "{\"name\": \"\"}");
    g_autoptr(SandboxResponse) missing = sandbox_fixture_request (fx, "PATCH", "/v1/api-keys/key_00000000",
                                                                  fx->account_token, "{\"name\": \"ok\"}");
    sandbox_assert_status (invalid, 422);
    sandbox_assert_status (missing, 404);
  }
}

static void
test_create_validation (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (NULL);
  g_autoptr(GString) long_name = g_string_new (NULL);
  g_autoptr(GString) longest_name = g_string_new (NULL);
  struct {
    const char *body;
    guint       status;
    const char *param;
  } cases[] = {
    { "{\"environment\": \"testing\", \"scopes\": [\"calls:read\"]}", 422, "name" },
    { "{\"name\": \"k\", \"scopes\": [\"calls:read\"]}", 422, "environment" },
    { "{\"name\": \"k\", \"environment\": \"staging\", \"scopes\": [\"calls:read\"]}", 422, "environment" },
    { "{\"name\": \"k\", \"environment\": \"testing\"}", 422, "scopes" },
    { "{\"name\": \"k\", \"environment\": \"testing\", \"scopes\": []}", 422, "scopes" },
    { "{\"name\": \"k\", \"environment\": \"testing\", \"scopes\": [\"calls:delete\"]}", 422, "scopes" },
    { "{\"name\": \"k\", \"environment\": \"testing\", \"scopes\": [\"calls:read\", \"calls:read\"]}", 422, "scopes" },
    { "{\"name\": \"k\", \"environment\": \"testing\", \"scopes\": \"calls:read\"}", 422, "scopes" },
    { "{\"name\": \"k\", \"environment\": \"testing\", \"scopes\": [7]}", 422, "scopes" },
    { "{\"name\": \"k\", \"environment\": \"testing\", \"scopes\": [\"calls:read\"], \"shared_with\": [\"mem_0099\"]}", 422, "shared_with" },
    { "{\"name\": \"k\", \"environment\": \"testing\", \"scopes\": [\"calls:read\"], \"shared_with\": [\"mem_0002\", \"mem_0002\"]}", 422, "shared_with" },
    { "{\"name\": \"k\", \"environment\": \"testing\", \"scopes\": [\"calls:read\"], \"owner\": \"me\"}", 422, "owner" },
    { "{\"name\": \"line\\nbreak\", \"environment\": \"testing\", \"scopes\": [\"calls:read\"]}", 422, "name" },
    { NULL, 422, "name" },  /* 101 characters */
    { NULL, 201, NULL },    /* 100 characters of 4 bytes each */
    { "{\"name\": \"k\", \"environment\": \"testing\", \"scopes\": [\"calls:read\"], \"shared_with\": []}", 201, NULL },
  };

  for (guint i = 0; i < 101; i++)
    g_string_append (long_name, "n");
  for (guint i = 0; i < 100; i++)
    g_string_append (longest_name, "\U0001F511");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *generated = NULL;
      g_autoptr(SandboxResponse) response = NULL;
      const char *body = cases[i].body;

      if (body == NULL)
        body = generated = g_strdup_printf ("{\"name\": \"%s\", \"environment\": \"testing\", \"scopes\": [\"calls:read\"]}",
                                            cases[i].status == 201 ? longest_name->str : long_name->str);

      g_test_message ("POST %s", body);
      response = sandbox_fixture_request (fx, "POST", "/v1/api-keys", fx->account_token, body);
      sandbox_assert_status (response, cases[i].status);
      if (cases[i].status == 422)
        {
          g_assert_cmpstr (sandbox_response_error_code (response), ==, "validation_failed");
          g_assert_cmpstr (sandbox_response_error_param (response), ==, cases[i].param);
        }
    }
}

static guint
count_listed (SandboxFixture *fx,
              gint64         *count)
{
  g_autoptr(SandboxResponse) listed = sandbox_fixture_request (fx, "GET", "/v1/api-keys", fx->account_token, NULL);
  JsonObject *root;

  sandbox_assert_status (listed, 200);
  root = sandbox_response_object (listed);
  *count = json_object_get_int_member (root, "count");
  return json_array_get_length (json_object_get_array_member (root, "data"));
}

static void
test_key_limit_and_rotation (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (NULL);
  g_autoptr(SandboxResponse) eleventh = NULL;
  g_autoptr(SandboxResponse) rotated = NULL;
  g_autoptr(SandboxResponse) rotated_twice = NULL;
  g_autoptr(SandboxResponse) twelfth = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *first_secret = NULL;
  g_autofree char *path = NULL;
  JsonObject *key;
  const char *new_secret;
  gint64 count;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *secret = sandbox_fixture_create_key (fx, "[\"account:read\", \"calls:read\"]",
                                                            i == 0 ? &first_id : NULL);
      if (i == 0)
        first_secret = g_steal_pointer (&secret);
    }

  eleventh = sandbox_fixture_request (fx, "POST", "/v1/api-keys", fx->account_token,
                                      "{\"name\": \"one too many\", \"environment\": \"testing\", \"scopes\": [\"calls:read\"]}");
  sandbox_assert_status (eleventh, 409);
  g_assert_cmpstr (sandbox_response_error_code (eleventh), ==, "key_limit_reached");

  /* A full account can still rotate: the old key's grace period does not count. */
  path = g_strdup_printf ("/v1/api-keys/%s/rotate", first_id);
  rotated = sandbox_fixture_request (fx, "POST", path, fx->account_token, "{\"grace_period_seconds\": 2}");
  sandbox_assert_status (rotated, 201);
  key = sandbox_response_object (rotated);
  assert_key_shape (key, TRUE);
  new_secret = json_object_get_string_member (key, "secret");
  g_assert_cmpstr (json_object_get_string_member (key, "rotated_from"), ==, first_id);
  g_assert_cmpstr (json_object_get_string_member (key, "name"), ==, "Test key");
  g_assert_cmpstr (json_object_get_string_member (key, "environment"), ==, "development");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (key, "scopes")), ==, 2);
  g_assert_true (g_str_has_prefix (new_secret, "aivo_test_"));
  g_assert_cmpstr (new_secret, !=, first_secret);

  g_assert_cmpuint (count_listed (fx, &count), ==, 11);
  g_assert_cmpint (count, ==, 10);

  twelfth = sandbox_fixture_request (fx, "POST", "/v1/api-keys", fx->account_token,
                                     "{\"name\": \"still full\", \"environment\": \"testing\", \"scopes\": [\"calls:read\"]}");
  sandbox_assert_status (twelfth, 409);

  /* A key in its grace period was rotated already. */
  rotated_twice = sandbox_fixture_request (fx, "POST", path, fx->account_token, NULL);
  sandbox_assert_status (rotated_twice, 409);
  g_assert_cmpstr (sandbox_response_error_code (rotated_twice), ==, "conflict");

  {
    g_autofree char *old_path = g_strconcat ("/v1/api-keys/", first_id, NULL);
    g_autoptr(SandboxResponse) old_key = sandbox_fixture_request (fx, "GET", old_path, fx->account_token, NULL);
    g_autoptr(SandboxResponse) old_works = sandbox_fixture_request (fx, "GET", "/v1/account", first_secret, NULL);
    g_autoptr(SandboxResponse) new_works = sandbox_fixture_request (fx, "GET", "/v1/account", new_secret, NULL);

    sandbox_assert_status (old_key, 200);
    g_assert_false (json_object_get_null_member (sandbox_response_object (old_key), "expires_at"));
    sandbox_assert_status (old_works, 200);
    sandbox_assert_status (new_works, 200);
  }

  g_usleep (3200 * 1000);

  {
    g_autoptr(SandboxResponse) old_dead = sandbox_fixture_request (fx, "GET", "/v1/account", first_secret, NULL);
    g_autoptr(SandboxResponse) new_works = sandbox_fixture_request (fx, "GET", "/v1/account", new_secret, NULL);

    sandbox_assert_status (old_dead, 401);
    sandbox_assert_status (new_works, 200);
    g_assert_cmpuint (count_listed (fx, &count), ==, 10);
    g_assert_cmpint (count, ==, 10);
  }
}

static void
test_rotate_at_once (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (NULL);
  g_autofree char *id = NULL;
  g_autofree char *secret = sandbox_fixture_create_key (fx, "[\"account:read\"]", &id);
  g_autofree char *path = g_strdup_printf ("/v1/api-keys/%s/rotate", id);
  g_autoptr(SandboxResponse) bad_grace = sandbox_fixture_request (fx, "POST", path, fx->account_token,
                                                                  "{\"grace_period_seconds\": 604801}");
  g_autoptr(SandboxResponse) negative = sandbox_fixture_request (fx, "POST", path, fx->account_token,
                                                                 "{\"grace_period_seconds\": -1}");
  g_autoptr(SandboxResponse) fraction = sandbox_fixture_request (fx, "POST", path, fx->account_token,
                                                                 "{\"grace_period_seconds\": 1.5}");
  g_autoptr(SandboxResponse) rotated = NULL;
  g_autoptr(SandboxResponse) old_dead = NULL;
  g_autoptr(SandboxResponse) missing = NULL;

  sandbox_assert_status (bad_grace, 422);
  g_assert_cmpstr (sandbox_response_error_param (bad_grace), ==, "grace_period_seconds");
  sandbox_assert_status (negative, 422);
  sandbox_assert_status (fraction, 422);

  /* No body at all: grace 0, the old key dies at once. */
  rotated = sandbox_fixture_request (fx, "POST", path, fx->account_token, NULL);
  sandbox_assert_status (rotated, 201);
  old_dead = sandbox_fixture_request (fx, "GET", "/v1/account", secret, NULL);
  sandbox_assert_status (old_dead, 401);
  missing = sandbox_fixture_request (fx, "POST", path, fx->account_token, "{}");
  sandbox_assert_status (missing, 404);
}

static void
test_last_used (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (NULL);
  g_autofree char *id = NULL;
  g_autofree char *secret = sandbox_fixture_create_key (fx, "[\"account:read\"]", &id);
  g_autofree char *path = g_strconcat ("/v1/api-keys/", id, NULL);
  g_autoptr(SandboxResponse) used = sandbox_fixture_request (fx, "GET", "/v1/account", secret, NULL);
  g_autoptr(SandboxResponse) key = sandbox_fixture_request (fx, "GET", path, fx->account_token, NULL);
  gint64 last_used;
  g_autoptr(GDateTime) parsed = NULL;

  sandbox_assert_status (used, 200);
  sandbox_assert_status (key, 200);
  g_assert_false (json_object_get_null_member (sandbox_response_object (key), "last_used_at"));
  parsed = g_date_time_new_from_iso8601 (json_object_get_string_member (sandbox_response_object (key), "last_used_at"), NULL);
  g_assert_nonnull (parsed);
  last_used = g_date_time_to_unix (parsed);
  g_assert_cmpint (ABS (last_used - g_get_real_time () / G_USEC_PER_SEC), <=, 5);
}

static void
test_credentials_and_scopes (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (NULL);
  g_autofree char *reader = sandbox_fixture_create_key (fx, "[\"account:read\"]", NULL);
  g_autofree char *writer = sandbox_fixture_create_key (fx, "[\"account:write\"]", NULL);
  g_autofree char *mistyped = g_strdup (reader);
  struct {
    const char *method;
    const char *path;
    const char *credential;
    const char *body;
    guint       status;
    const char *required_scope;
  } cases[] = {
    { "GET", "/v1/account", reader, NULL, 200, NULL },
    { "PATCH", "/v1/account", reader, "{\"name\": \"x\"}", 403, "account:write" },
    /* :write does not imply :read */
    { "GET", "/v1/account", writer, NULL, 403, "account:read" },
    { "GET", "/v1/team-members", writer, NULL, 403, "account:read" },
    { "PATCH", "/v1/account", writer, "{\"name\": \"Renamed\"}", 200, NULL },
    /* API keys never manage keys, whatever their scopes. */
    { "GET", "/v1/api-keys", reader, NULL, 403, NULL },
    { "POST", "/v1/api-keys", writer, "{}", 403, NULL },
    { "DELETE", "/v1/api-keys/key_00000000", reader, NULL, 403, NULL },
    /* The scope is checked before the body. */
    { "PATCH", "/v1/account", reader, "{not json", 403, "account:write" },
    { "GET", "/v1/account", mistyped, NULL, 401, NULL },
    { "GET", "/v1/account", "aivo_live_garbage", NULL, 401, NULL },
    { "GET", "/v1/account", "", NULL, 401, NULL },
    { "GET", "/v1/account", NULL, NULL, 401, NULL },
    /* The credential is checked before the route. */
    { "GET", "/v1/nothing-here", NULL, NULL, 401, NULL },
    { "GET", "/v1/nothing-here", reader, NULL, 404, NULL },
    { "PUT", "/v1/account", reader, "{}", 405, NULL },
  };

  /* Change one character of the secret: the checksum no longer matches. */
  mistyped[30] = mistyped[30] == 'a' ? 'b' : 'a';

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, cases[i].method, cases[i].path,
                                                                     cases[i].credential, cases[i].body);
      JsonObject *error;

      g_test_message ("%s %s (case %u)", cases[i].method, cases[i].path, i);
      sandbox_assert_status (response, cases[i].status);
      if (cases[i].status == 200)
        continue;

      error = json_object_get_object_member (sandbox_response_object (response), "error");
      g_assert_cmpstr (json_object_get_string_member_with_default (error, "required_scope", NULL), ==,
                       cases[i].required_scope);
      switch (cases[i].status)
        {
        case 401:
          g_assert_cmpstr (sandbox_response_error_code (response), ==, "unauthorized");
          g_assert_cmpstr (sandbox_response_header (response, "WWW-Authenticate"), ==, "Bearer realm=\"aivo\"");
          break;
        case 403:
          g_assert_cmpstr (sandbox_response_error_code (response), ==, "insufficient_scope");
          break;
        case 405:
          g_assert_cmpstr (sandbox_response_error_code (response), ==, "method_not_allowed");
          g_assert_cmpstr (sandbox_response_header (response, "Allow"), ==, "GET, PATCH");
          break;
        default:
          g_assert_cmpstr (sandbox_response_error_code (response), ==, "not_found");
          break;
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/keys/create-get-list", test_create_get_list);
  g_test_add_func ("/sandbox/keys/patch-and-delete", test_patch_and_delete);
  g_test_add_func ("/sandbox/keys/create-validation", test_create_validation);
  g_test_add_func ("/sandbox/keys/limit-and-rotation", test_key_limit_and_rotation);
  g_test_add_func ("/sandbox/keys/rotate-at-once", test_rotate_at_once);
  g_test_add_func ("/sandbox/keys/last-used", test_last_used);
  g_test_add_func ("/sandbox/keys/credentials-and-scopes", test_credentials_and_scopes);

  return g_test_run ();
}
