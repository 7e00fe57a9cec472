/* sandbox-resource-checks.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-resource-checks.h"

static const char * const all_scopes[] = {
  "calls:read", "calls:write", "knowledge:read", "knowledge:write", "appointments:read",
  "appointments:write", "contacts:read", "contacts:write", "account:read", "account:write",
  "webhooks:manage", NULL
};

/* @object has exactly @members. */
void
sandbox_assert_members (JsonObject         *object,
                        const char * const *members)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (const GList *l = names; l != NULL; l = l->next)
    {
      g_test_message ("member “%s”", (const char *) l->data);
      g_assert_true (g_strv_contains (members, l->data));
    }
  g_assert_cmpuint (g_list_length (names), ==, g_strv_length ((char **) members));
}

/* "<prefix>_" and 8 base62 characters. */
void
sandbox_assert_id (const char *id,
                   const char *prefix)
{
  gsize length = strlen (prefix);

  g_assert_nonnull (id);
  g_assert_true (g_str_has_prefix (id, prefix));
  g_assert_cmpint (id[length], ==, '_');
  g_assert_cmpuint (strlen (id), ==, length + 1 + 8);
  for (gsize i = length + 1; id[i] != '\0'; i++)
    g_assert_true (g_ascii_isalnum (id[i]));
}

/* RFC 3339 in UTC, whole seconds, as the API writes every time. */
void
sandbox_assert_time (JsonObject *object,
                     const char *member,
                     gboolean    nullable)
{
  g_assert_true (json_object_has_member (object, member));
  if (json_object_get_null_member (object, member))
    {
      g_assert_true (nullable);
      return;
    }

  g_assert_cmpuint (strlen (json_object_get_string_member (object, member)), ==, strlen ("2026-11-26T10:00:00Z"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object, member), "Z"));
  g_assert_cmpint (sandbox_time_member (object, member), >, 0);
}

gint64
sandbox_time_member (JsonObject *object,
                     const char *member)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (json_object_get_string_member (object, member), NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time);
}

/* Every item of @collection, page by page. */
JsonArray *
sandbox_list_all (SandboxFixture *fx,
                  const char     *collection,
                  const char     *credential)
{
  JsonArray *items = json_array_new ();
  g_autofree char *after = NULL;
  gboolean has_more = TRUE;

  for (guint page = 0; has_more; page++)
    {
      g_autofree char *path = after != NULL
        ? g_strdup_printf ("%s?limit=100&starting_after=%s", collection, after)
        : g_strdup_printf ("%s?limit=100", collection);
      g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, "GET", path, credential, NULL);
      JsonObject *object;
      JsonArray *data;
      guint length;

      g_assert_cmpuint (page, <, 100);
      sandbox_assert_status (response, 200);
      object = sandbox_response_object (response);
      sandbox_assert_members (object, (const char * const[]) { "data", "has_more", NULL });
      data = json_object_get_array_member (object, "data");
      length = json_array_get_length (data);
      has_more = json_object_get_boolean_member (object, "has_more");

      for (guint i = 0; i < length; i++)
        json_array_add_element (items, json_node_copy (json_array_get_element (data, i)));

      if (has_more)
        {
          g_assert_cmpuint (length, ==, 100);
          g_free (after);
          after = g_strdup (json_object_get_string_member (json_array_get_object_element (data, length - 1), "id"));
        }
    }

  return items;
}

/* GET @path with the account token: 200 and an object. */
JsonObject *
sandbox_fetch (SandboxFixture   *fx,
               const char       *path,
               SandboxResponse **response)
{
  *response = sandbox_fixture_request (fx, "GET", path, fx->account_token, NULL);
  sandbox_assert_status (*response, 200);
  return sandbox_response_object (*response);
}

/* POST @body to @collection with the account token: 201; the new id. */
char *
sandbox_create (SandboxFixture *fx,
                const char     *collection,
                const char     *body)
{
  g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, "POST", collection, fx->account_token, body);

  g_test_message ("POST %s %.100s", collection, body);
  sandbox_assert_status (response, 201);
  return g_strdup (json_object_get_string_member (sandbox_response_object (response), "id"));
}

/* Each body gets 422 validation_failed naming the expected param. */
void
sandbox_check_invalid_bodies (SandboxFixture           *fx,
                              const char               *method,
                              const char               *path,
                              const SandboxInvalidBody *cases,
                              guint                     n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, method, path, fx->account_token,
                                                                     cases[i].body);

      g_test_message ("%s %s %.100s → param %s", method, path, cases[i].body, cases[i].param);
      sandbox_assert_status (response, 422);
      g_assert_cmpstr (sandbox_response_error_code (response), ==, "validation_failed");
      g_assert_cmpstr (sandbox_response_error_param (response), ==, cases[i].param);
    }
}

static JsonObject *
get_page (SandboxFixture   *fx,
          const char       *collection,
          const char       *credential,
          const char       *query,
          SandboxResponse **response)
{
  g_autofree char *path = g_strconcat (collection, "?", query, NULL);

  g_test_message ("GET %s", path);
  *response = sandbox_fixture_request (fx, "GET", path, credential, NULL);
  sandbox_assert_status (*response, 200);
  return sandbox_response_object (*response);
}

static void
assert_bad_query (SandboxFixture *fx,
                  const char     *collection,
                  const char     *credential,
                  const char     *query,
                  const char     *param)
{
  g_autofree char *path = g_strconcat (collection, "?", query, NULL);
  g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, "GET", path, credential, NULL);

  g_test_message ("GET %s → 400 %s", path, param);
  sandbox_assert_status (response, 400);
  g_assert_cmpstr (sandbox_response_error_code (response), ==, "invalid_request");
  g_assert_cmpstr (sandbox_response_error_param (response), ==, param);
}

/**
 * sandbox_check_paging:
 * @collection: a list with at least 3 items
 *
 * The default page, pages of 2 that add up to the whole list in creation
 * order, the ends of the list, and malformed limit and starting_after.
 */
void
sandbox_check_paging (SandboxFixture *fx,
                      const char     *collection,
                      const char     *credential)
{
  static const char * const bad_limits[] = {
    "limit=0", "limit=101", "limit=abc", "limit=-1", "limit=1.5", "limit=", "limit=%2B5", "limit=5x",
    "limit=99999999999999999999", NULL
  };
  g_autoptr(JsonArray) all = sandbox_list_all (fx, collection, credential);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *after = NULL;
  guint n = json_array_get_length (all);
  guint walked = 0;
  gboolean has_more = TRUE;

  g_assert_cmpuint (n, >=, 3);

  /* Creation order: created_at never goes back. */
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (sandbox_time_member (json_array_get_object_element (all, i - 1), "created_at"), <=,
                     sandbox_time_member (json_array_get_object_element (all, i), "created_at"));

  {
    g_autoptr(SandboxResponse) response = NULL;
    JsonObject *page = get_page (fx, collection, credential, "", &response);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "data")), ==, MIN (n, 20));
    g_assert_cmpint (json_object_get_boolean_member (page, "has_more"), ==, n > 20);
  }

  while (has_more)
    {
      g_autoptr(SandboxResponse) response = NULL;
      g_autofree char *query = after != NULL ? g_strdup_printf ("limit=2&starting_after=%s", after)
                                             : g_strdup ("limit=2");
      JsonObject *page = get_page (fx, collection, credential, query, &response);
      JsonArray *data = json_object_get_array_member (page, "data");

      has_more = json_object_get_boolean_member (page, "has_more");
      g_assert_cmpuint (json_array_get_length (data), ==, MIN (2, n - walked));
      g_assert_cmpint (has_more, ==, walked + 2 < n);
      for (guint i = 0; i < json_array_get_length (data); i++, walked++)
        {
          const char *id = json_object_get_string_member (json_array_get_object_element (data, i), "id");

          g_assert_cmpstr (id, ==, json_object_get_string_member (json_array_get_object_element (all, walked), "id"));
          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, (gpointer) json_object_get_string_member (json_array_get_object_element (all, walked), "id"));
          g_free (after);
          after = g_strdup (id);
        }
    }
  g_assert_cmpuint (walked, ==, n);

  {
    g_autoptr(SandboxResponse) exact = NULL;
    g_autoptr(SandboxResponse) one_short = NULL;
    g_autoptr(SandboxResponse) end = NULL;
    g_autofree char *exact_query = g_strdup_printf ("limit=%u", MIN (n, 100));
    g_autofree char *short_query = g_strdup_printf ("limit=%u", n - 1);
    g_autofree char *end_query = g_strdup_printf ("starting_after=%s", after);
    JsonObject *page;

    page = get_page (fx, collection, credential, exact_query, &exact);
    g_assert_cmpint (json_object_get_boolean_member (page, "has_more"), ==, n > 100);
    if (n - 1 <= 100)
      {
        page = get_page (fx, collection, credential, short_query, &one_short);
        g_assert_true (json_object_get_boolean_member (page, "has_more"));
        g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "data")), ==, n - 1);
      }

    /* After the last item: nothing more. */
    page = get_page (fx, collection, credential, end_query, &end);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "data")), ==, 0);
    g_assert_false (json_object_get_boolean_member (page, "has_more"));
  }

  for (guint i = 0; bad_limits[i] != NULL; i++)
    assert_bad_query (fx, collection, credential, bad_limits[i], "limit");

  /* An id of no item, and one of another collection. */
  assert_bad_query (fx, collection, credential, "starting_after=xyz_00000000", "starting_after");
  assert_bad_query (fx, collection, credential, "starting_after=mem_0001", "starting_after");
  assert_bad_query (fx, collection, credential, "limit=5&starting_after=", "starting_after");
}

/* A key holding exactly @scopes (a %NULL-terminated list). */
static char *
create_key_with (SandboxFixture     *fx,
                 const char * const *scopes)
{
  g_autoptr(GString) json = g_string_new ("[");

  for (guint i = 0; scopes[i] != NULL; i++)
    g_string_append_printf (json, "%s\"%s\"", i > 0 ? ", " : "", scopes[i]);
  g_string_append_c (json, ']');

  return sandbox_fixture_create_key (fx, json->str, NULL);
}

static void
assert_forbidden (SandboxFixture           *fx,
                  const SandboxScopedRoute *route,
                  const char               *key)
{
  g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, route->method, route->path, key, route->body);

  sandbox_assert_status (response, 403);
  g_assert_cmpstr (sandbox_response_error_code (response), ==, "insufficient_scope");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (sandbox_response_object (response),
                                                                                 "error"), "required_scope"),
                   ==, route->scope);
}

/**
 * sandbox_check_scopes:
 * @routes: the routes of one resource (using at most 2 scopes)
 *
 * A key with only the route's scope gets past the scope check; a key with
 * only the resource's other scope, and a key with every scope but the
 * resource's, get 403 insufficient_scope naming the route's scope. So a
 * `:write` scope is shown not to imply `:read`, nor the other way round.
 */
void
sandbox_check_scopes (SandboxFixture           *fx,
                      const SandboxScopedRoute *routes,
                      guint                     n_routes)
{
  g_autoptr(GPtrArray) scopes = g_ptr_array_new_null_terminated (2, NULL, TRUE);
  g_autoptr(GPtrArray) others = g_ptr_array_new_null_terminated (G_N_ELEMENTS (all_scopes), NULL, TRUE);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *other_key = NULL;

  for (guint i = 0; i < n_routes; i++)
    if (!g_strv_contains ((const char * const *) scopes->pdata, routes[i].scope))
      g_ptr_array_add (scopes, (gpointer) routes[i].scope);
  g_assert_cmpuint (scopes->len, <=, 2);

  for (guint i = 0; all_scopes[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) scopes->pdata, all_scopes[i]))
      g_ptr_array_add (others, (gpointer) all_scopes[i]);
  other_key = create_key_with (fx, (const char * const *) others->pdata);

  for (guint s = 0; s < scopes->len; s++)
    g_ptr_array_add (keys, create_key_with (fx, (const char * const[]) { g_ptr_array_index (scopes, s), NULL }));

  for (guint i = 0; i < n_routes; i++)
    {
      g_test_message ("%s %s needs %s", routes[i].method, routes[i].path, routes[i].scope);

      assert_forbidden (fx, &routes[i], other_key);

      for (guint s = 0; s < scopes->len; s++)
        {
          g_autoptr(SandboxResponse) response = NULL;

          if (!g_str_equal (g_ptr_array_index (scopes, s), routes[i].scope))
            {
              assert_forbidden (fx, &routes[i], g_ptr_array_index (keys, s));
              continue;
            }

          response = sandbox_fixture_request (fx, routes[i].method, routes[i].path, g_ptr_array_index (keys, s),
                                              routes[i].body);
          g_assert_cmpuint (response->status, !=, 401);
          g_assert_cmpuint (response->status, !=, 403);
          g_assert_cmpuint (response->status, <, 500);
        }
    }
}

void
sandbox_check_not_found (SandboxFixture *fx,
                         const char     *method,
                         const char     *path,
                         const char     *body)
{
  g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, method, path, fx->account_token, body);

  g_test_message ("%s %s → 404", method, path);
  sandbox_assert_status (response, 404);
  g_assert_cmpstr (sandbox_response_error_code (response), ==, "not_found");
}
