/* test-sandbox-account.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sandbox-fixture.h"

/* /v1/account and /v1/team-members against the real aivo-sandbox program. */

static JsonArray *
list_members (SandboxFixture  *fx,
              SandboxResponse **response)
{
  *response = sandbox_fixture_request (fx, "GET", "/v1/team-members", fx->account_token, NULL);
  sandbox_assert_status (*response, 200);
  return json_object_get_array_member (sandbox_response_object (*response), "data");
}

static void
test_account (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new ("--plan", "enterprise", "--rate-limit", "1200",
                                                      "--window-seconds", "10", NULL);
  g_autoptr(SandboxResponse) account = sandbox_fixture_request (fx, "GET", "/v1/account", fx->account_token, NULL);
  g_autoptr(SandboxResponse) renamed = NULL;
  g_autoptr(SandboxResponse) bad_field = NULL;
  g_autoptr(SandboxResponse) bad_name = NULL;
  JsonObject *object;

  sandbox_assert_status (account, 200);
  object = sandbox_response_object (account);
  g_assert_cmpuint (json_object_get_size (object), ==, 6);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "id"), "acct_"));
  g_assert_cmpstr (json_object_get_string_member (object, "plan"), ==, "enterprise");
  /* The plan's number even though the window is shorter. */
  g_assert_cmpint (json_object_get_int_member (object, "rate_limit_per_minute"), ==, 1200);
  g_assert_cmpint (json_object_get_int_member (object, "rate_limit_window_seconds"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (object, "key_limit"), ==, 10);

  renamed = sandbox_fixture_request (fx, "PATCH", "/v1/account", fx->account_token, "{\"name\": \"  Smiles Inc. \"}");
  sandbox_assert_status (renamed, 200);
  g_assert_cmpstr (json_object_get_string_member (sandbox_response_object (renamed), "name"), ==, "Smiles Inc.");

  bad_field = sandbox_fixture_request (fx, "PATCH", "/v1/account", fx->account_token, "{\"plan\": \"starter\"}");
  sandbox_assert_status (bad_field, 422);
  g_assert_cmpstr (sandbox_response_error_param (bad_field), ==, "plan");

  bad_name = sandbox_fixture_request (fx, "PATCH", "/v1/account", fx->account_token, "{\"name\": \"\"}");
  sandbox_assert_status (bad_name, 422);
  g_assert_cmpstr (sandbox_response_error_param (bad_name), ==, "name");
}

static void
test_members (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (NULL);
  g_autoptr(SandboxResponse) listed = NULL;
  g_autoptr(SandboxResponse) created = NULL;
  JsonArray *members = list_members (fx, &listed);
  JsonObject *member;
  struct {
    const char *body;
    guint       status;
    const char *param;
  } cases[] = {
    { "{\"name\": \"Ana\", \"email\": \"ana@example.com\", \"role\": \"owner\"}", 422, "role" },
    { "{\"name\": \"Ana\", \"email\": \"ana@example.com\", \"role\": \"boss\"}", 422, "role" },
    { "{\"name\": \"Ana\", \"email\": \"ana.example.com\", \"role\": \"viewer\"}", 422, "email" },
    { "{\"name\": \"Ana\", \"email\": \"@example.com\", \"role\": \"viewer\"}", 422, "email" },
    { "{\"name\": \"Ana\", \"email\": \"a@b@c\", \"role\": \"viewer\"}", 422, "email" },
    { "{\"name\": \"\", \"email\": \"ana@example.com\", \"role\": \"viewer\"}", 422, "name" },
    { "{\"name\": \"Ana\", \"role\": \"viewer\"}", 422, "email" },
    { "{\"name\": \"Ana\", \"email\": \"ana@example.com\", \"role\": \"viewer\", \"status\": \"active\"}", 422, "status" },
    { "{\"name\": \"Ana\", \"email\": \"MARCUS@brightsmile.example\", \"role\": \"viewer\"}", 409, "email" },
  };

  /* The owner and the two demo members. */
  g_assert_cmpuint (json_array_get_length (members), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("mem_%04u", i + 1);

      member = json_array_get_object_element (members, i);
      g_assert_cmpstr (json_object_get_string_member (member, "id"), ==, id);
      g_assert_cmpstr (json_object_get_string_member (member, "status"), ==, "active");
      g_assert_true (json_object_has_member (member, "created_at"));
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (members, 0), "role"), ==, "owner");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, "POST", "/v1/team-members",
                                                                     fx->account_token, cases[i].body);

      g_test_message ("POST %s", cases[i].body);
      sandbox_assert_status (response, cases[i].status);
      g_assert_cmpstr (sandbox_response_error_param (response), ==, cases[i].param);
      g_assert_cmpstr (sandbox_response_error_code (response), ==, cases[i].status == 409 ? "conflict" : "validation_failed");
    }

  created = sandbox_fixture_request (fx, "POST", "/v1/team-members", fx->account_token,
                                     "{\"name\": \"Ana Lima\", \"email\": \"ana@example.com\", \"role\": \"developer\"}");
  sandbox_assert_status (created, 201);
  member = sandbox_response_object (created);
  g_assert_cmpstr (json_object_get_string_member (member, "id"), ==, "mem_0004");
  g_assert_cmpstr (json_object_get_string_member (member, "role"), ==, "developer");
  g_assert_cmpstr (json_object_get_string_member (member, "email"), ==, "ana@example.com");
}

static void
test_member_departure (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (NULL);
  g_autoptr(SandboxResponse) shared = NULL;
  g_autoptr(SandboxResponse) unshared = NULL;
  g_autoptr(SandboxResponse) removed = NULL;
  g_autoptr(SandboxResponse) removed_again = NULL;
  g_autoptr(SandboxResponse) owner = NULL;
  g_autoptr(SandboxResponse) listed = NULL;
  g_autoptr(SandboxResponse) recreated = NULL;
  g_autofree char *shared_path = NULL;
  g_autofree char *unshared_path = NULL;
  JsonObject *key;
  JsonObject *flag;

  shared = sandbox_fixture_request (fx, "POST", "/v1/api-keys", fx->account_token,
                                    "{\"name\": \"Shared\", \"environment\": \"production\", "
                                    "\"scopes\": [\"calls:read\"], \"shared_with\": [\"mem_0002\", \"mem_0003\"]}");
  unshared = sandbox_fixture_request (fx, "POST", "/v1/api-keys", fx->account_token,
                                      "{\"name\": \"Mine\", \"environment\": \"production\", \"scopes\": [\"calls:read\"]}");
  sandbox_assert_status (shared, 201);
  sandbox_assert_status (unshared, 201);
  shared_path = g_strconcat ("/v1/api-keys/", json_object_get_string_member (sandbox_response_object (shared), "id"), NULL);
  unshared_path = g_strconcat ("/v1/api-keys/", json_object_get_string_member (sandbox_response_object (unshared), "id"), NULL);

  owner = sandbox_fixture_request (fx, "DELETE", "/v1/team-members/mem_0001", fx->account_token, NULL);
  sandbox_assert_status (owner, 409);
  g_assert_cmpstr (sandbox_response_error_code (owner), ==, "conflict");

  removed = sandbox_fixture_request (fx, "DELETE", "/v1/team-members/mem_0002", fx->account_token, NULL);
  sandbox_assert_status (removed, 204);
  removed_again = sandbox_fixture_request (fx, "DELETE", "/v1/team-members/mem_0002", fx->account_token, NULL);
  sandbox_assert_status (removed_again, 404);

  {
    g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, "GET", shared_path, fx->account_token, NULL);
    JsonArray *shared_with;

    sandbox_assert_status (response, 200);
    key = sandbox_response_object (response);
    flag = json_object_get_object_member (key, "rotation_required");
    g_assert_nonnull (flag);
    g_assert_cmpstr (json_object_get_string_member (flag, "reason"), ==, "member_departed");
    g_assert_cmpstr (json_object_get_string_member (flag, "member_id"), ==, "mem_0002");
    g_assert_true (json_object_has_member (flag, "since"));
    shared_with = json_object_get_array_member (key, "shared_with");
    g_assert_cmpuint (json_array_get_length (shared_with), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (shared_with, 0), ==, "mem_0003");
  }

  {
    g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, "GET", unshared_path, fx->account_token, NULL);

    sandbox_assert_status (response, 200);
    g_assert_true (json_object_get_null_member (sandbox_response_object (response), "rotation_required"));
  }

  /* Ids are never given twice. */
  g_assert_cmpuint (json_array_get_length (list_members (fx, &listed)), ==, 2);
  recreated = sandbox_fixture_request (fx, "POST", "/v1/team-members", fx->account_token,
                                       "{\"name\": \"Marcus Chen\", \"email\": \"marcus@brightsmile.example\", \"role\": \"admin\"}");
  sandbox_assert_status (recreated, 201);
  g_assert_cmpstr (json_object_get_string_member (sandbox_response_object (recreated), "id"), ==, "mem_0004");
}

static void
test_empty (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new ("--empty", NULL);
  g_autoptr(SandboxResponse) listed = NULL;
  JsonArray *members = list_members (fx, &listed);

  g_assert_cmpuint (json_array_get_length (members), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (members, 0), "id"), ==, "mem_0001");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/account/account", test_account);
  g_test_add_func ("/sandbox/account/members", test_members);
  g_test_add_func ("/sandbox/account/member-departure", test_member_departure);
  g_test_add_func ("/sandbox/account/empty", test_empty);

  return g_test_run ();
}
