/* test-sandbox-webhooks.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-resource-checks.h"

/* /v1/webhooks against the real aivo-sandbox program. */

static const char * const webhook_members[] = {
  "id", "url", "events", "description", "active", "created_at", NULL
};

static void
assert_webhook (JsonObject *webhook)
{
  sandbox_assert_members (webhook, webhook_members);
  sandbox_assert_id (json_object_get_string_member (webhook, "id"), "wh");
  sandbox_assert_time (webhook, "created_at", FALSE);
  g_assert_true (json_object_get_boolean_member (webhook, "active"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (webhook, "events")), >=, 1);
}

static void
test_create_get_delete (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, "--empty", NULL);
  g_autoptr(SandboxResponse) created = NULL;
  g_autoptr(SandboxResponse) minimal = NULL;
  g_autoptr(SandboxResponse) fetched = NULL;
  g_autoptr(SandboxResponse) deleted = NULL;
  g_autoptr(SandboxResponse) no_patch = NULL;
  g_autoptr(JsonArray) listed = NULL;
  g_autofree char *path = NULL;
  JsonObject *webhook;
  JsonArray *events;

  created = sandbox_fixture_request (fx, "POST", "/v1/webhooks", fx->account_token,
                                     "{\"url\": \"https://hooks.example.com/aivo?team=7\", "
                                     "\"events\": [\"call.completed\", \"appointment.cancelled\"], "
                                     "\"description\": \" CRM sync \"}");
  sandbox_assert_status (created, 201);
  webhook = sandbox_response_object (created);
  assert_webhook (webhook);
  g_assert_cmpstr (json_object_get_string_member (webhook, "url"), ==, "https://hooks.example.com/aivo?team=7");
  events = json_object_get_array_member (webhook, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (events, 0), ==, "call.completed");
  g_assert_cmpstr (json_array_get_string_element (events, 1), ==, "appointment.cancelled");
  g_assert_cmpstr (json_object_get_string_member (webhook, "description"), ==, "CRM sync");
  path = g_strconcat ("/v1/webhooks/", json_object_get_string_member (webhook, "id"), NULL);

  minimal = sandbox_fixture_request (fx, "POST", "/v1/webhooks", fx->account_token,
                                     "{\"url\": \"http://localhost:8080/h\", \"events\": [\"call.started\", "
                                     "\"call.completed\", \"call.missed\", \"appointment.created\", "
                                     "\"appointment.cancelled\", \"contact.created\", \"knowledge.updated\"], "
                                     "\"description\": null}");
  sandbox_assert_status (minimal, 201);
  assert_webhook (sandbox_response_object (minimal));
  g_assert_true (json_object_get_null_member (sandbox_response_object (minimal), "description"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sandbox_response_object (minimal), "events")),
                    ==, 7);

  sandbox_fetch (fx, path, &fetched);
  g_assert_true (json_node_equal (fetched->json, created->json));
  listed = sandbox_list_all (fx, "/v1/webhooks", fx->account_token);
  g_assert_cmpuint (json_array_get_length (listed), ==, 2);

  /* Subscriptions are replaced, not edited. */
  no_patch = sandbox_fixture_request (fx, "PATCH", path, fx->account_token, "{\"description\": \"x\"}");
  sandbox_assert_status (no_patch, 405);
  g_assert_cmpstr (sandbox_response_header (no_patch, "Allow"), ==, "GET, DELETE");

  deleted = sandbox_fixture_request (fx, "DELETE", path, fx->account_token, NULL);
  sandbox_assert_status (deleted, 204);
  sandbox_check_not_found (fx, "GET", path, NULL);
  sandbox_check_not_found (fx, "DELETE", path, NULL);
  sandbox_check_not_found (fx, "GET", "/v1/webhooks/wh_00000000", NULL);
}

static void
test_validation (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, "--empty", NULL);
  g_autofree char *long_path = g_strnfill (2048 - strlen ("https://example.com/") + 1, 'p');
  g_autofree char *long_url = g_strdup_printf ("{\"url\": \"https://example.com/%s\", \"events\": [\"call.missed\"]}",
                                               long_path);
  g_autofree char *long_description = g_strnfill (201, 'd');
  g_autofree char *description_body = g_strdup_printf ("{\"url\": \"https://example.com/h\", "
                                                       "\"events\": [\"call.missed\"], \"description\": \"%s\"}",
                                                       long_description);
#define EVENTS "\"events\": [\"call.missed\"]"
  const SandboxInvalidBody cases[] = {
    { "{}", "url" },
    { "{" EVENTS "}", "url" },
    { "{\"url\": null, " EVENTS "}", "url" },
    { "{\"url\": 80, " EVENTS "}", "url" },
    { "{\"url\": \"ftp://example.com/h\", " EVENTS "}", "url" },
    { "{\"url\": \"example.com/h\", " EVENTS "}", "url" },
    { "{\"url\": \"/relative\", " EVENTS "}", "url" },
    { "{\"url\": \"https://\", " EVENTS "}", "url" },
    { "{\"url\": \"https://exa mple.com\", " EVENTS "}", "url" },
    { "{\"url\": \"javascript:alert(1)\", " EVENTS "}", "url" },
    { long_url, "url" },
    { "{\"url\": \"https://example.com/h\"}", "events" },
    { "{\"url\": \"https://example.com/h\", \"events\": []}", "events" },
    { "{\"url\": \"https://example.com/h\", \"events\": null}", "events" },
    { "{\"url\": \"https://example.com/h\", \"events\": \"call.missed\"}", "events" },
    { "{\"url\": \"https://example.com/h\", \"events\": [\"call.ended\"]}", "events" },
    { "{\"url\": \"https://example.com/h\", \"events\": [\"Call.Missed\"]}", "events" },
    { "{\"url\": \"https://example.com/h\", \"events\": [\"call.missed\", \"call.missed\"]}", "events" },
    { "{\"url\": \"https://example.com/h\", \"events\": [1]}", "events" },
    { "{\"url\": \"https://example.com/h\", " EVENTS ", \"description\": 1}", "description" },
    { "{\"url\": \"https://example.com/h\", " EVENTS ", \"description\": \"a\\nb\"}", "description" },
    { description_body, "description" },
    { "{\"url\": \"https://example.com/h\", " EVENTS ", \"active\": false}", "active" },
    { "{\"url\": \"https://example.com/h\", " EVENTS ", \"secret\": \"s\"}", "secret" },
  };
#undef EVENTS
  g_autoptr(JsonArray) listed = NULL;

  sandbox_check_invalid_bodies (fx, "POST", "/v1/webhooks", cases, G_N_ELEMENTS (cases));
  listed = sandbox_list_all (fx, "/v1/webhooks", fx->account_token);
  g_assert_cmpuint (json_array_get_length (listed), ==, 0);

  /* Exactly 2048 characters is fine. */
  {
    g_autofree char *path = g_strnfill (2048 - strlen ("https://example.com/"), 'p');
    g_autofree char *body = g_strdup_printf ("{\"url\": \"https://example.com/%s\", \"events\": [\"call.missed\"]}", path);
    g_autofree char *id = sandbox_create (fx, "/v1/webhooks", body);

    sandbox_assert_id (id, "wh");
  }
}

static void
test_paging_scopes_demo (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, NULL);
  g_autoptr(SandboxFixture) empty = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, "--empty", NULL);
  g_autoptr(JsonArray) webhooks = sandbox_list_all (fx, "/v1/webhooks", fx->account_token);
  g_autoptr(JsonArray) none = sandbox_list_all (empty, "/v1/webhooks", empty->account_token);
  g_autofree char *first = g_strconcat ("/v1/webhooks/",
                                        json_object_get_string_member (json_array_get_object_element (webhooks, 0), "id"),
                                        NULL);
  const SandboxScopedRoute routes[] = {
    { "GET", "/v1/webhooks", NULL, "webhooks:manage" },
    { "POST", "/v1/webhooks", "{}", "webhooks:manage" },
    { "GET", first, NULL, "webhooks:manage" },
    { "DELETE", "/v1/webhooks/wh_00000000", NULL, "webhooks:manage" },
  };

  g_assert_cmpuint (json_array_get_length (webhooks), ==, 2);
  g_assert_cmpuint (json_array_get_length (none), ==, 0);
  for (guint i = 0; i < json_array_get_length (webhooks); i++)
    assert_webhook (json_array_get_object_element (webhooks, i));

  /* Three at least for paging. */
  g_free (sandbox_create (fx, "/v1/webhooks", "{\"url\": \"https://example.com/3\", \"events\": [\"contact.created\"]}"));
  sandbox_check_paging (fx, "/v1/webhooks", fx->account_token);
  sandbox_check_scopes (fx, routes, G_N_ELEMENTS (routes));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/webhooks/create-get-delete", test_create_get_delete);
  g_test_add_func ("/sandbox/webhooks/validation", test_validation);
  g_test_add_func ("/sandbox/webhooks/paging-scopes-demo", test_paging_scopes_demo);

  return g_test_run ();
}
