/* test-sandbox-contacts.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sandbox-resource-checks.h"

/* /v1/contacts against the real aivo-sandbox program, and (here because a
 * contact ties them together) that writes to every resource survive kill -9. */

static const char * const contact_members[] = {
  "id", "name", "phone", "email", "company", "notes", "created_at", "updated_at", NULL
};

static void
assert_contact (JsonObject *contact)
{
  sandbox_assert_members (contact, contact_members);
  sandbox_assert_id (json_object_get_string_member (contact, "id"), "con");
  sandbox_assert_time (contact, "created_at", FALSE);
  sandbox_assert_time (contact, "updated_at", FALSE);
  g_assert_cmpint (sandbox_time_member (contact, "updated_at"), >=, sandbox_time_member (contact, "created_at"));
}

static void
test_crud (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, "--empty", NULL);
  g_autoptr(SandboxResponse) created = NULL;
  g_autoptr(SandboxResponse) minimal = NULL;
  g_autoptr(SandboxResponse) fetched = NULL;
  g_autoptr(SandboxResponse) patched = NULL;
  g_autoptr(SandboxResponse) cleared = NULL;
  g_autoptr(SandboxResponse) untouched = NULL;
  g_autoptr(SandboxResponse) deleted = NULL;
  g_autoptr(JsonArray) listed = NULL;
  g_autofree char *path = NULL;
  const char *id;
  JsonObject *contact;

  created = sandbox_fixture_request (fx, "POST", "/v1/contacts", fx->account_token,
                                     "{\"name\": \"  Ana Lima \", \"phone\": \"+15550109876\", "
                                     "\"email\": \"ana@example.com\", \"company\": \"Lima & Co\", "
                                     "\"notes\": \"Line one\\nLine two\"}");
  sandbox_assert_status (created, 201);
  contact = sandbox_response_object (created);
  assert_contact (contact);
  id = json_object_get_string_member (contact, "id");
  g_assert_cmpstr (json_object_get_string_member (contact, "name"), ==, "Ana Lima");
  g_assert_cmpstr (json_object_get_string_member (contact, "phone"), ==, "+15550109876");
  g_assert_cmpstr (json_object_get_string_member (contact, "email"), ==, "ana@example.com");
  g_assert_cmpstr (json_object_get_string_member (contact, "company"), ==, "Lima & Co");
  g_assert_cmpstr (json_object_get_string_member (contact, "notes"), ==, "Line one\nLine two");
  g_assert_cmpstr (json_object_get_string_member (contact, "created_at"), ==,
                   json_object_get_string_member (contact, "updated_at"));

  /* Fields left out are null; notes empty. */
  minimal = sandbox_fixture_request (fx, "POST", "/v1/contacts", fx->account_token, "{\"name\": \"Bo\"}");
  sandbox_assert_status (minimal, 201);
  contact = sandbox_response_object (minimal);
  assert_contact (contact);
  g_assert_true (json_object_get_null_member (contact, "phone"));
  g_assert_true (json_object_get_null_member (contact, "email"));
  g_assert_true (json_object_get_null_member (contact, "company"));
  g_assert_cmpstr (json_object_get_string_member (contact, "notes"), ==, "");

  path = g_strconcat ("/v1/contacts/", id, NULL);
  contact = sandbox_fetch (fx, path, &fetched);
  assert_contact (contact);
  g_assert_true (json_node_equal (fetched->json, created->json));

  listed = sandbox_list_all (fx, "/v1/contacts", fx->account_token);
  g_assert_cmpuint (json_array_get_length (listed), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (listed, 0), "id"), ==, id);

  /* A partial update changes only what it names, and updated_at. */
  g_usleep (1100 * 1000);
  patched = sandbox_fixture_request (fx, "PATCH", path, fx->account_token,
                                     "{\"company\": \"Lima Holdings\", \"notes\": \"\"}");
  sandbox_assert_status (patched, 200);
  contact = sandbox_response_object (patched);
  assert_contact (contact);
  g_assert_cmpstr (json_object_get_string_member (contact, "name"), ==, "Ana Lima");
  g_assert_cmpstr (json_object_get_string_member (contact, "phone"), ==, "+15550109876");
  g_assert_cmpstr (json_object_get_string_member (contact, "company"), ==, "Lima Holdings");
  g_assert_cmpstr (json_object_get_string_member (contact, "notes"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (contact, "created_at"), ==,
                   json_object_get_string_member (sandbox_response_object (created), "created_at"));
  g_assert_cmpint (sandbox_time_member (contact, "updated_at"), >,
                   sandbox_time_member (sandbox_response_object (created), "updated_at"));

  /* null clears the nullable fields. */
  cleared = sandbox_fixture_request (fx, "PATCH", path, fx->account_token,
                                     "{\"phone\": null, \"email\": null, \"company\": null, \"name\": \"Ana\"}");
  sandbox_assert_status (cleared, 200);
  contact = sandbox_response_object (cleared);
  g_assert_true (json_object_get_null_member (contact, "phone"));
  g_assert_true (json_object_get_null_member (contact, "email"));
  g_assert_true (json_object_get_null_member (contact, "company"));
  g_assert_cmpstr (json_object_get_string_member (contact, "name"), ==, "Ana");

  /* An empty update changes nothing, not even updated_at. */
  untouched = sandbox_fixture_request (fx, "PATCH", path, fx->account_token, "{}");
  sandbox_assert_status (untouched, 200);
  g_assert_true (json_node_equal (untouched->json, cleared->json));

  deleted = sandbox_fixture_request (fx, "DELETE", path, fx->account_token, NULL);
  sandbox_assert_status (deleted, 204);
  g_assert_cmpuint (g_bytes_get_size (deleted->body), ==, 0);

  sandbox_check_not_found (fx, "GET", path, NULL);
  sandbox_check_not_found (fx, "PATCH", path, "{\"name\": \"Ana\"}");
  sandbox_check_not_found (fx, "DELETE", path, NULL);
  sandbox_check_not_found (fx, "GET", "/v1/contacts/con_00000000", NULL);
}

static void
test_validation (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, "--empty", NULL);
  g_autofree char *long_name = g_strnfill (201, 'n');
  g_autofree char *long_company = g_strnfill (201, 'c');
  g_autofree char *long_notes = g_strnfill (5001, 'x');
  g_autofree char *long_local = g_strnfill (250, 'e');
  g_autofree char *long_email = g_strconcat (long_local, "@example.com", NULL);
  g_autofree char *name_body = g_strdup_printf ("{\"name\": \"%s\"}", long_name);
  g_autofree char *company_body = g_strdup_printf ("{\"name\": \"A\", \"company\": \"%s\"}", long_company);
  g_autofree char *notes_body = g_strdup_printf ("{\"name\": \"A\", \"notes\": \"%s\"}", long_notes);
  g_autofree char *email_body = g_strdup_printf ("{\"name\": \"A\", \"email\": \"%s\"}", long_email);
  const SandboxInvalidBody create_cases[] = {
    { "{}", "name" },
    { "{\"name\": null}", "name" },
    { "{\"name\": \"   \"}", "name" },
    { "{\"name\": 7}", "name" },
    { "{\"name\": \"A\\nB\"}", "name" },
    { name_body, "name" },
    { "{\"name\": \"A\", \"phone\": \"5550100\"}", "phone" },
    { "{\"name\": \"A\", \"phone\": \"+1234567\"}", "phone" },
    { "{\"name\": \"A\", \"phone\": \"+1234567890123456\"}", "phone" },
    { "{\"name\": \"A\", \"phone\": \"+1 555 010 1234\"}", "phone" },
    { "{\"name\": \"A\", \"phone\": 15550101234}", "phone" },
    { "{\"name\": \"A\", \"email\": \"ana.example.com\"}", "email" },
    { "{\"name\": \"A\", \"email\": \"@example.com\"}", "email" },
    { "{\"name\": \"A\", \"email\": \"ana@\"}", "email" },
    { "{\"name\": \"A\", \"email\": \"a@b@c\"}", "email" },
    { "{\"name\": \"A\", \"email\": \"a b@c.d\"}", "email" },
    { email_body, "email" },
    { "{\"name\": \"A\", \"company\": 3}", "company" },
    { company_body, "company" },
    { "{\"name\": \"A\", \"notes\": null}", "notes" },
    { "{\"name\": \"A\", \"notes\": \"bell\\u0007\"}", "notes" },
    { notes_body, "notes" },
    { "{\"name\": \"A\", \"id\": \"con_12345678\"}", "id" },
    { "{\"name\": \"A\", \"created_at\": \"2026-11-26T10:00:00Z\"}", "created_at" },
    { "{\"name\": \"A\", \"Name\": \"B\"}", "Name" },
  };
  const SandboxInvalidBody update_cases[] = {
    { "{\"name\": null}", "name" },
    { "{\"name\": \"\"}", "name" },
    { "{\"phone\": \"+1\"}", "phone" },
    { "{\"email\": \"nobody\"}", "email" },
    { "{\"notes\": 5}", "notes" },
    { "{\"updated_at\": \"2026-11-26T10:00:00Z\"}", "updated_at" },
  };
  g_autofree char *id = sandbox_create (fx, "/v1/contacts", "{\"name\": \"Valid\"}");
  g_autofree char *path = g_strconcat ("/v1/contacts/", id, NULL);
  g_autoptr(SandboxResponse) after = NULL;
  g_autoptr(JsonArray) listed = NULL;

  sandbox_check_invalid_bodies (fx, "POST", "/v1/contacts", create_cases, G_N_ELEMENTS (create_cases));
  sandbox_check_invalid_bodies (fx, "PATCH", path, update_cases, G_N_ELEMENTS (update_cases));

  /* Nothing invalid was stored or changed. */
  listed = sandbox_list_all (fx, "/v1/contacts", fx->account_token);
  g_assert_cmpuint (json_array_get_length (listed), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (sandbox_fetch (fx, path, &after), "name"), ==, "Valid");

  /* The edges that are fine. */
  {
    g_autofree char *longest = g_strnfill (200, 'n');
    g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", \"phone\": \"+123456789012345\", "
                                             "\"email\": \"a@b\", \"company\": \"\"}", longest);
    g_autofree char *edge = sandbox_create (fx, "/v1/contacts", body);

    sandbox_assert_id (edge, "con");
  }
}

static void
test_paging_and_scopes (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, NULL);
  g_autoptr(JsonArray) listed = sandbox_list_all (fx, "/v1/contacts", fx->account_token);
  g_autofree char *first = g_strconcat ("/v1/contacts/",
                                        json_object_get_string_member (json_array_get_object_element (listed, 0), "id"),
                                        NULL);
  const SandboxScopedRoute routes[] = {
    { "GET", "/v1/contacts", NULL, "contacts:read" },
    { "GET", first, NULL, "contacts:read" },
    { "POST", "/v1/contacts", "{}", "contacts:write" },
    { "PATCH", first, "{\"name\": \"\"}", "contacts:write" },
    { "DELETE", "/v1/contacts/con_00000000", NULL, "contacts:write" },
  };

  sandbox_check_paging (fx, "/v1/contacts", fx->account_token);
  sandbox_check_scopes (fx, routes, G_N_ELEMENTS (routes));

  /* 21 or more: the default page is full. */
  for (guint i = json_array_get_length (listed); i < 23; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\": \"Contact %u\"}", i);
      g_autofree char *id = sandbox_create (fx, "/v1/contacts", body);
    }
  sandbox_check_paging (fx, "/v1/contacts", fx->account_token);
}

static void
test_demo_data (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, NULL);
  g_autoptr(SandboxFixture) twin = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, NULL);
  g_autoptr(SandboxFixture) empty = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, "--empty", NULL);
  g_autoptr(JsonArray) contacts = sandbox_list_all (fx, "/v1/contacts", fx->account_token);
  g_autoptr(JsonArray) twin_contacts = sandbox_list_all (twin, "/v1/contacts", twin->account_token);
  g_autoptr(JsonArray) none = sandbox_list_all (empty, "/v1/contacts", empty->account_token);
  guint n = json_array_get_length (contacts);
  guint with_phone = 0;

  g_assert_cmpuint (n, ==, 12);
  g_assert_cmpuint (json_array_get_length (none), ==, 0);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *contact = json_array_get_object_element (contacts, i);
      JsonObject *twin_contact = json_array_get_object_element (twin_contacts, i);

      assert_contact (contact);
      if (!json_object_get_null_member (contact, "phone"))
        {
          g_assert_true (g_str_has_prefix (json_object_get_string_member (contact, "phone"), "+1555"));
          with_phone++;
        }
      if (!json_object_get_null_member (contact, "email"))
        {
          const char *email = json_object_get_string_member (contact, "email");

          g_assert_true (g_str_has_suffix (email, "@example.com") || g_str_has_suffix (email, "@example.org"));
        }
      /* The same records in every new data directory. */
      g_assert_cmpstr (json_object_get_string_member (contact, "id"), ==,
                       json_object_get_string_member (twin_contact, "id"));
      g_assert_cmpstr (json_object_get_string_member (contact, "name"), ==,
                       json_object_get_string_member (twin_contact, "name"));
    }
  g_assert_cmpuint (with_phone, >=, 10);
}

/* Deleting a contact keeps its calls and appointments, unlinked. */
static void
test_delete_unlinks (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, "--empty", NULL);
  g_autofree char *contact = sandbox_create (fx, "/v1/contacts", "{\"name\": \"Ana\", \"phone\": \"+15550107777\"}");
  g_autofree char *contact_path = g_strconcat ("/v1/contacts/", contact, NULL);
  g_autofree char *body = g_strdup_printf ("{\"title\": \"Check-up\", \"contact_id\": \"%s\", "
                                           "\"starts_at\": \"2030-01-10T15:00:00Z\", "
                                           "\"ends_at\": \"2030-01-10T15:30:00Z\"}", contact);
  g_autofree char *appointment = sandbox_create (fx, "/v1/appointments", body);
  g_autofree char *call = sandbox_create (fx, "/v1/calls", "{\"to\": \"+15550107777\"}");
  g_autofree char *appointment_path = g_strconcat ("/v1/appointments/", appointment, NULL);
  g_autofree char *call_path = g_strconcat ("/v1/calls/", call, NULL);
  g_autoptr(SandboxResponse) deleted = NULL;
  g_autoptr(SandboxResponse) before = NULL;
  g_autoptr(SandboxResponse) after = NULL;
  g_autoptr(SandboxResponse) call_after = NULL;

  g_assert_cmpstr (json_object_get_string_member (sandbox_fetch (fx, call_path, &before), "contact_id"), ==, contact);

  deleted = sandbox_fixture_request (fx, "DELETE", contact_path, fx->account_token, NULL);
  sandbox_assert_status (deleted, 204);

  g_assert_true (json_object_get_null_member (sandbox_fetch (fx, appointment_path, &after), "contact_id"));
  g_assert_true (json_object_get_null_member (sandbox_fetch (fx, call_path, &call_after), "contact_id"));
}

/* Every acknowledged write is on disk: kill -9 right after the answers. */
static void
test_survives_kill (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, "--empty", NULL);
  g_autofree char *contact = sandbox_create (fx, "/v1/contacts", "{\"name\": \"Kept\"}");
  g_autofree char *contact_path = g_strconcat ("/v1/contacts/", contact, NULL);
  g_autofree char *appointment_body = g_strdup_printf ("{\"title\": \"Kept\", \"contact_id\": \"%s\", "
                                                       "\"starts_at\": \"2030-01-10T15:00:00Z\", "
                                                       "\"ends_at\": \"2030-01-10T15:30:00Z\"}", contact);
  g_autofree char *appointment = sandbox_create (fx, "/v1/appointments", appointment_body);
  g_autofree char *appointment_path = g_strconcat ("/v1/appointments/", appointment, NULL);
  g_autofree char *cancel_path = g_strconcat (appointment_path, "/cancel", NULL);
  g_autofree char *article = sandbox_create (fx, "/v1/knowledge/articles", "{\"title\": \"Kept\"}");
  g_autofree char *webhook = sandbox_create (fx, "/v1/webhooks",
                                             "{\"url\": \"https://example.com/h\", \"events\": [\"call.missed\"]}");
  g_autofree char *call = sandbox_create (fx, "/v1/calls", "{\"to\": \"+15550107777\"}");
  g_autofree char *article_path = g_strconcat ("/v1/knowledge/articles/", article, NULL);
  g_autofree char *webhook_path = g_strconcat ("/v1/webhooks/", webhook, NULL);
  g_autofree char *call_path = g_strconcat ("/v1/calls/", call, NULL);
  g_autoptr(SandboxResponse) renamed = sandbox_fixture_request (fx, "PATCH", contact_path, fx->account_token,
                                                                "{\"name\": \"Renamed\"}");
  g_autoptr(SandboxResponse) cancelled = sandbox_fixture_request (fx, "POST", cancel_path, fx->account_token, NULL);
  g_autoptr(SandboxResponse) settings = sandbox_fixture_request (fx, "PATCH", "/v1/call-settings", fx->account_token,
                                                                 "{\"voice\": \"sol\"}");
  g_autoptr(SandboxResponse) r1 = NULL;
  g_autoptr(SandboxResponse) r2 = NULL;
  g_autoptr(SandboxResponse) r3 = NULL;
  g_autoptr(SandboxResponse) r4 = NULL;
  g_autoptr(SandboxResponse) r5 = NULL;
  g_autoptr(SandboxResponse) r6 = NULL;

  sandbox_assert_status (renamed, 200);
  sandbox_assert_status (cancelled, 200);
  sandbox_assert_status (settings, 200);

  sandbox_fixture_kill (fx);
  sandbox_fixture_start (fx);

  g_assert_cmpstr (json_object_get_string_member (sandbox_fetch (fx, contact_path, &r1), "name"), ==, "Renamed");
  g_assert_cmpstr (json_object_get_string_member (sandbox_fetch (fx, appointment_path, &r2), "status"), ==, "cancelled");
  g_assert_cmpstr (json_object_get_string_member (sandbox_fetch (fx, article_path, &r3), "title"), ==, "Kept");
  g_assert_cmpstr (json_object_get_string_member (sandbox_fetch (fx, webhook_path, &r4), "url"), ==, "https://example.com/h");
  g_assert_cmpstr (json_object_get_string_member (sandbox_fetch (fx, call_path, &r5), "status"), ==, "queued");
  g_assert_cmpstr (json_object_get_string_member (sandbox_fetch (fx, "/v1/call-settings", &r6), "voice"), ==, "sol");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/contacts/crud", test_crud);
  g_test_add_func ("/sandbox/contacts/validation", test_validation);
  g_test_add_func ("/sandbox/contacts/paging-and-scopes", test_paging_and_scopes);
  g_test_add_func ("/sandbox/contacts/demo-data", test_demo_data);
  g_test_add_func ("/sandbox/contacts/delete-unlinks", test_delete_unlinks);
  g_test_add_func ("/sandbox/contacts/survives-kill", test_survives_kill);

  return g_test_run ();
}
