/* test-sandbox-appointments.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sandbox-resource-checks.h"

/* /v1/appointments against the real aivo-sandbox program. */

static const char * const appointment_members[] = {
  "id", "title", "contact_id", "starts_at", "ends_at", "status", "notes", "created_at", "updated_at", NULL
};

static void
assert_appointment (JsonObject *appointment)
{
  const char *status;

  sandbox_assert_members (appointment, appointment_members);
  sandbox_assert_id (json_object_get_string_member (appointment, "id"), "apt");
  sandbox_assert_time (appointment, "starts_at", FALSE);
  sandbox_assert_time (appointment, "ends_at", FALSE);
  sandbox_assert_time (appointment, "created_at", FALSE);
  sandbox_assert_time (appointment, "updated_at", FALSE);
  g_assert_cmpint (sandbox_time_member (appointment, "ends_at"), >, sandbox_time_member (appointment, "starts_at"));
  g_assert_cmpint (sandbox_time_member (appointment, "updated_at"), >=, sandbox_time_member (appointment, "created_at"));
  status = json_object_get_string_member (appointment, "status");
  g_assert_true (g_str_equal (status, "scheduled") || g_str_equal (status, "cancelled") ||
                 g_str_equal (status, "completed"));
}

static void
test_lifecycle (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, "--empty", NULL);
  g_autofree char *contact = sandbox_create (fx, "/v1/contacts", "{\"name\": \"Ana Lima\"}");
  g_autofree char *body = g_strdup_printf ("{\"title\": \"Dental cleaning\", \"contact_id\": \"%s\", "
                                           "\"starts_at\": \"2030-01-10T09:30:00-05:00\", "
                                           "\"ends_at\": \"2030-01-10T15:15:00Z\", \"notes\": \"First visit.\\nBring X-rays.\"}",
                                           contact);
  g_autoptr(SandboxResponse) created = sandbox_fixture_request (fx, "POST", "/v1/appointments", fx->account_token, body);
  g_autoptr(SandboxResponse) minimal = NULL;
  g_autoptr(SandboxResponse) fetched = NULL;
  g_autoptr(SandboxResponse) moved = NULL;
  g_autoptr(SandboxResponse) unlinked = NULL;
  g_autoptr(SandboxResponse) cancelled = NULL;
  g_autoptr(SandboxResponse) again = NULL;
  g_autoptr(SandboxResponse) after_cancel = NULL;
  g_autoptr(SandboxResponse) wrong_method = NULL;
  g_autoptr(JsonArray) listed = NULL;
  g_autofree char *path = NULL;
  g_autofree char *cancel_path = NULL;
  JsonObject *appointment;

  sandbox_assert_status (created, 201);
  appointment = sandbox_response_object (created);
  assert_appointment (appointment);
  g_assert_cmpstr (json_object_get_string_member (appointment, "title"), ==, "Dental cleaning");
  g_assert_cmpstr (json_object_get_string_member (appointment, "contact_id"), ==, contact);
  /* Times come back in UTC. */
  g_assert_cmpstr (json_object_get_string_member (appointment, "starts_at"), ==, "2030-01-10T14:30:00Z");
  g_assert_cmpstr (json_object_get_string_member (appointment, "ends_at"), ==, "2030-01-10T15:15:00Z");
  g_assert_cmpstr (json_object_get_string_member (appointment, "status"), ==, "scheduled");
  g_assert_cmpstr (json_object_get_string_member (appointment, "notes"), ==, "First visit.\nBring X-rays.");
  path = g_strconcat ("/v1/appointments/", json_object_get_string_member (appointment, "id"), NULL);
  cancel_path = g_strconcat (path, "/cancel", NULL);

  minimal = sandbox_fixture_request (fx, "POST", "/v1/appointments", fx->account_token,
                                     "{\"title\": \"Call back\", \"starts_at\": \"2030-01-11T10:00:00Z\", "
                                     "\"ends_at\": \"2030-01-11T10:00:01Z\", \"contact_id\": null}");
  sandbox_assert_status (minimal, 201);
  assert_appointment (sandbox_response_object (minimal));
  g_assert_true (json_object_get_null_member (sandbox_response_object (minimal), "contact_id"));
  g_assert_cmpstr (json_object_get_string_member (sandbox_response_object (minimal), "notes"), ==, "");

  sandbox_fetch (fx, path, &fetched);
  g_assert_true (json_node_equal (fetched->json, created->json));
  listed = sandbox_list_all (fx, "/v1/appointments", fx->account_token);
  g_assert_cmpuint (json_array_get_length (listed), ==, 2);

  /* Moving only the end is checked against the start kept. */
  g_usleep (1100 * 1000);
  moved = sandbox_fixture_request (fx, "PATCH", path, fx->account_token,
                                   "{\"ends_at\": \"2030-01-10T15:45:00Z\", \"title\": \"Cleaning and check-up\"}");
  sandbox_assert_status (moved, 200);
  appointment = sandbox_response_object (moved);
  assert_appointment (appointment);
  g_assert_cmpstr (json_object_get_string_member (appointment, "starts_at"), ==, "2030-01-10T14:30:00Z");
  g_assert_cmpstr (json_object_get_string_member (appointment, "ends_at"), ==, "2030-01-10T15:45:00Z");
  g_assert_cmpstr (json_object_get_string_member (appointment, "title"), ==, "Cleaning and check-up");
  g_assert_cmpstr (json_object_get_string_member (appointment, "contact_id"), ==, contact);
  g_assert_cmpint (sandbox_time_member (appointment, "updated_at"), >,
                   sandbox_time_member (sandbox_response_object (created), "updated_at"));

  unlinked = sandbox_fixture_request (fx, "PATCH", path, fx->account_token, "{\"contact_id\": null}");
  sandbox_assert_status (unlinked, 200);
  g_assert_true (json_object_get_null_member (sandbox_response_object (unlinked), "contact_id"));

  /* Cancel: no body needed; a second time is a conflict. */
  cancelled = sandbox_fixture_request (fx, "POST", cancel_path, fx->account_token, NULL);
  sandbox_assert_status (cancelled, 200);
  appointment = sandbox_response_object (cancelled);
  assert_appointment (appointment);
  g_assert_cmpstr (json_object_get_string_member (appointment, "status"), ==, "cancelled");
  g_assert_cmpstr (json_object_get_string_member (appointment, "title"), ==, "Cleaning and check-up");

  again = sandbox_fixture_request (fx, "POST", cancel_path, fx->account_token, "{}");
  sandbox_assert_status (again, 409);
  g_assert_cmpstr (sandbox_response_error_code (again), ==, "conflict");
  g_assert_cmpstr (json_object_get_string_member (sandbox_fetch (fx, path, &after_cancel), "status"), ==, "cancelled");

  wrong_method = sandbox_fixture_request (fx, "GET", cancel_path, fx->account_token, NULL);
  sandbox_assert_status (wrong_method, 405);
  g_assert_cmpstr (sandbox_response_header (wrong_method, "Allow"), ==, "POST");

  sandbox_check_not_found (fx, "GET", "/v1/appointments/apt_00000000", NULL);
  sandbox_check_not_found (fx, "PATCH", "/v1/appointments/apt_00000000", "{\"title\": \"x\"}");
  sandbox_check_not_found (fx, "POST", "/v1/appointments/apt_00000000/cancel", NULL);

  /* Appointments are cancelled, never deleted. */
  {
    g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, "DELETE", path, fx->account_token, NULL);

    sandbox_assert_status (response, 405);
    g_assert_cmpstr (sandbox_response_header (response, "Allow"), ==, "GET, PATCH");
  }
}

static void
test_validation (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, "--empty", NULL);
  g_autofree char *long_title = g_strnfill (201, 't');
  g_autofree char *long_notes = g_strnfill (5001, 'n');
  g_autofree char *title_body = g_strdup_printf ("{\"title\": \"%s\", \"starts_at\": \"2030-01-10T09:00:00Z\", "
                                                 "\"ends_at\": \"2030-01-10T10:00:00Z\"}", long_title);
  g_autofree char *notes_body = g_strdup_printf ("{\"title\": \"T\", \"starts_at\": \"2030-01-10T09:00:00Z\", "
                                                 "\"ends_at\": \"2030-01-10T10:00:00Z\", \"notes\": \"%s\"}", long_notes);
#define TIMES "\"starts_at\": \"2030-01-10T09:00:00Z\", \"ends_at\": \"2030-01-10T10:00:00Z\""
  const SandboxInvalidBody create_cases[] = {
    { "{}", "title" },
    { "{" TIMES "}", "title" },
    { "{\"title\": \"\", " TIMES "}", "title" },
    { "{\"title\": 5, " TIMES "}", "title" },
    { title_body, "title" },
    { "{\"title\": \"T\", \"ends_at\": \"2030-01-10T10:00:00Z\"}", "starts_at" },
    { "{\"title\": \"T\", \"starts_at\": \"2030-01-10T09:00:00Z\"}", "ends_at" },
    { "{\"title\": \"T\", \"starts_at\": \"2030-01-10 09:00:00\", \"ends_at\": \"2030-01-10T10:00:00Z\"}", "starts_at" },
    { "{\"title\": \"T\", \"starts_at\": \"2030-01-10T09:00:00\", \"ends_at\": \"2030-01-10T10:00:00Z\"}", "starts_at" },
    { "{\"title\": \"T\", \"starts_at\": \"2030-02-30T09:00:00Z\", \"ends_at\": \"2030-03-01T10:00:00Z\"}", "starts_at" },
    { "{\"title\": \"T\", \"starts_at\": 1893574800, \"ends_at\": \"2030-01-10T10:00:00Z\"}", "starts_at" },
    { "{\"title\": \"T\", \"starts_at\": null, \"ends_at\": \"2030-01-10T10:00:00Z\"}", "starts_at" },
    { "{\"title\": \"T\", \"starts_at\": \"1969-12-31T23:00:00Z\", \"ends_at\": \"2030-01-10T10:00:00Z\"}", "starts_at" },
    { "{\"title\": \"T\", \"starts_at\": \"2030-01-10T09:00:00Z\", \"ends_at\": \"9999-12-31T23:59:59-01:00\"}", "ends_at" },
    { "{\"title\": \"T\", \"starts_at\": \"2030-01-10T09:00:00Z\", \"ends_at\": \"tomorrow\"}", "ends_at" },
    /* ends_at must be after starts_at: equal or earlier is refused. */
    { "{\"title\": \"T\", \"starts_at\": \"2030-01-10T09:00:00Z\", \"ends_at\": \"2030-01-10T09:00:00Z\"}", "ends_at" },
    { "{\"title\": \"T\", \"starts_at\": \"2030-01-10T09:00:00Z\", \"ends_at\": \"2030-01-10T08:59:59Z\"}", "ends_at" },
    { "{\"title\": \"T\", \"starts_at\": \"2030-01-10T09:00:00Z\", \"ends_at\": \"2030-01-10T09:30:00+01:00\"}", "ends_at" },
    { "{\"title\": \"T\", " TIMES ", \"contact_id\": \"con_00000000\"}", "contact_id" },
    { "{\"title\": \"T\", " TIMES ", \"contact_id\": 12}", "contact_id" },
    { "{\"title\": \"T\", " TIMES ", \"notes\": null}", "notes" },
    { notes_body, "notes" },
    { "{\"title\": \"T\", " TIMES ", \"status\": \"completed\"}", "status" },
    { "{\"title\": \"T\", " TIMES ", \"duration\": 30}", "duration" },
  };
  const SandboxInvalidBody update_cases[] = {
    { "{\"status\": \"cancelled\"}", "status" },
    { "{\"status\": \"scheduled\", \"title\": \"T\"}", "status" },
    { "{\"title\": null}", "title" },
    { "{\"starts_at\": null}", "starts_at" },
    { "{\"ends_at\": \"2030-01-10T10:00:00\"}", "ends_at" },
    /* Against the stored times: 09:00–10:00. */
    { "{\"ends_at\": \"2030-01-10T09:00:00Z\"}", "ends_at" },
    { "{\"starts_at\": \"2030-01-10T10:00:00Z\"}", "starts_at" },
    { "{\"starts_at\": \"2030-01-10T12:00:00Z\", \"ends_at\": \"2030-01-10T11:00:00Z\"}", "ends_at" },
    { "{\"contact_id\": \"con_00000000\"}", "contact_id" },
    { "{\"created_at\": \"2030-01-10T10:00:00Z\"}", "created_at" },
  };
  g_autofree char *id = sandbox_create (fx, "/v1/appointments", "{\"title\": \"Kept\", " TIMES "}");
  g_autofree char *path = g_strconcat ("/v1/appointments/", id, NULL);
  g_autoptr(SandboxResponse) after = NULL;
  g_autoptr(SandboxResponse) both = NULL;
  g_autoptr(JsonArray) listed = NULL;
  JsonObject *appointment;
#undef TIMES

  sandbox_check_invalid_bodies (fx, "POST", "/v1/appointments", create_cases, G_N_ELEMENTS (create_cases));
  sandbox_check_invalid_bodies (fx, "PATCH", path, update_cases, G_N_ELEMENTS (update_cases));

  /* Nothing was stored or changed by the refused requests. */
  listed = sandbox_list_all (fx, "/v1/appointments", fx->account_token);
  g_assert_cmpuint (json_array_get_length (listed), ==, 1);
  appointment = sandbox_fetch (fx, path, &after);
  g_assert_cmpstr (json_object_get_string_member (appointment, "title"), ==, "Kept");
  g_assert_cmpstr (json_object_get_string_member (appointment, "starts_at"), ==, "2030-01-10T09:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (appointment, "ends_at"), ==, "2030-01-10T10:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (appointment, "status"), ==, "scheduled");

  /* Both times moved at once past the old end: fine. */
  both = sandbox_fixture_request (fx, "PATCH", path, fx->account_token,
                                  "{\"starts_at\": \"2030-01-10T12:00:00Z\", \"ends_at\": \"2030-01-10T13:00:00Z\"}");
  sandbox_assert_status (both, 200);
  g_assert_cmpstr (json_object_get_string_member (sandbox_response_object (both), "starts_at"), ==, "2030-01-10T12:00:00Z");
}

static void
test_paging_scopes_demo (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, NULL);
  g_autoptr(SandboxFixture) empty = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, "--empty", NULL);
  g_autoptr(JsonArray) appointments = sandbox_list_all (fx, "/v1/appointments", fx->account_token);
  g_autoptr(JsonArray) contacts = sandbox_list_all (fx, "/v1/contacts", fx->account_token);
  g_autoptr(JsonArray) none = sandbox_list_all (empty, "/v1/appointments", empty->account_token);
  g_autoptr(GHashTable) contact_ids = g_hash_table_new (g_str_hash, g_str_equal);
  const char *first_id = json_object_get_string_member (json_array_get_object_element (appointments, 0), "id");
  g_autofree char *first = g_strconcat ("/v1/appointments/", first_id, NULL);
  g_autofree char *first_cancel = g_strconcat (first, "/cancel", NULL);
  const SandboxScopedRoute routes[] = {
    { "GET", "/v1/appointments", NULL, "appointments:read" },
    { "GET", first, NULL, "appointments:read" },
    { "POST", "/v1/appointments", "{}", "appointments:write" },
    { "PATCH", first, "{\"title\": \"\"}", "appointments:write" },
    { "POST", "/v1/appointments/apt_00000000/cancel", NULL, "appointments:write" },
  };
  guint scheduled = 0, cancelled = 0, completed = 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < json_array_get_length (contacts); i++)
    g_hash_table_add (contact_ids,
                      (gpointer) json_object_get_string_member (json_array_get_object_element (contacts, i), "id"));

  g_assert_cmpuint (json_array_get_length (appointments), ==, 10);
  g_assert_cmpuint (json_array_get_length (none), ==, 0);
  for (guint i = 0; i < json_array_get_length (appointments); i++)
    {
      JsonObject *appointment = json_array_get_object_element (appointments, i);
      const char *status = json_object_get_string_member (appointment, "status");

      assert_appointment (appointment);
      /* Linked to demo contacts. */
      g_assert_true (g_hash_table_contains (contact_ids, json_object_get_string_member (appointment, "contact_id")));
      if (g_str_equal (status, "completed"))
        {
          completed++;
          g_assert_cmpint (sandbox_time_member (appointment, "ends_at"), <, now);
        }
      else if (g_str_equal (status, "scheduled"))
        {
          scheduled++;
          g_assert_cmpint (sandbox_time_member (appointment, "starts_at"), >, now);
        }
      else
        cancelled++;
    }
  g_assert_cmpuint (completed, >=, 3);
  g_assert_cmpuint (scheduled, >=, 3);
  g_assert_cmpuint (cancelled, ==, 1);

  /* A completed appointment cannot be cancelled either (the oldest is done). */
  {
    g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, "POST", first_cancel, fx->account_token, NULL);

    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (appointments, 0), "status"),
                     ==, "completed");
    sandbox_assert_status (response, 409);
    g_assert_cmpstr (sandbox_response_error_code (response), ==, "conflict");
  }

  sandbox_check_paging (fx, "/v1/appointments", fx->account_token);
  sandbox_check_scopes (fx, routes, G_N_ELEMENTS (routes));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/appointments/lifecycle", test_lifecycle);
  g_test_add_func ("/sandbox/appointments/validation", test_validation);
  g_test_add_func ("/sandbox/appointments/paging-scopes-demo", test_paging_scopes_demo);

  return g_test_run ();
}
