/* test-sandbox-knowledge.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-resource-checks.h"

/* /v1/knowledge/articles against the real aivo-sandbox program. */

static const char * const article_members[] = {
  "id", "title", "body", "tags", "status", "created_at", "updated_at", NULL
};

static void
assert_article (JsonObject *article)
{
  JsonArray *tags;
  const char *status;

  sandbox_assert_members (article, article_members);
  sandbox_assert_id (json_object_get_string_member (article, "id"), "art");
  sandbox_assert_time (article, "created_at", FALSE);
  sandbox_assert_time (article, "updated_at", FALSE);
  g_assert_cmpint (sandbox_time_member (article, "updated_at"), >=, sandbox_time_member (article, "created_at"));
  status = json_object_get_string_member (article, "status");
  g_assert_true (g_str_equal (status, "draft") || g_str_equal (status, "published"));
  tags = json_object_get_array_member (article, "tags");
  g_assert_nonnull (tags);
  g_assert_cmpuint (json_array_get_length (tags), <=, 20);
}

static void
assert_tags (JsonObject         *article,
             const char * const *expected)
{
  JsonArray *tags = json_object_get_array_member (article, "tags");

  g_assert_cmpuint (json_array_get_length (tags), ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (json_array_get_string_element (tags, i), ==, expected[i]);
}

static void
test_crud (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, "--empty", NULL);
  g_autoptr(SandboxResponse) created = NULL;
  g_autoptr(SandboxResponse) minimal = NULL;
  g_autoptr(SandboxResponse) fetched = NULL;
  g_autoptr(SandboxResponse) patched = NULL;
  g_autoptr(SandboxResponse) retagged = NULL;
  g_autoptr(SandboxResponse) deleted = NULL;
  g_autoptr(JsonArray) listed = NULL;
  g_autofree char *path = NULL;
  JsonObject *article;

  created = sandbox_fixture_request (fx, "POST", "/v1/knowledge/articles", fx->account_token,
                                     "{\"title\": \" Opening hours \", \"body\": \"# Hours\\n\\n- Mon: 8\\u20136\\n\", "
                                     "\"tags\": [\" hours \", \"general\"], \"status\": \"published\"}");
  sandbox_assert_status (created, 201);
  article = sandbox_response_object (created);
  assert_article (article);
  g_assert_cmpstr (json_object_get_string_member (article, "title"), ==, "Opening hours");
  /* The body is free text, kept as sent. */
  g_assert_cmpstr (json_object_get_string_member (article, "body"), ==, "# Hours\n\n- Mon: 8\xe2\x80\x93" "6\n");
  assert_tags (article, (const char * const[]) { "hours", "general", NULL });
  g_assert_cmpstr (json_object_get_string_member (article, "status"), ==, "published");
  path = g_strconcat ("/v1/knowledge/articles/", json_object_get_string_member (article, "id"), NULL);

  /* Defaults: empty body, no tags, draft. */
  minimal = sandbox_fixture_request (fx, "POST", "/v1/knowledge/articles", fx->account_token, "{\"title\": \"Parking\"}");
  sandbox_assert_status (minimal, 201);
  article = sandbox_response_object (minimal);
  assert_article (article);
  g_assert_cmpstr (json_object_get_string_member (article, "body"), ==, "");
  assert_tags (article, (const char * const[]) { NULL });
  g_assert_cmpstr (json_object_get_string_member (article, "status"), ==, "draft");

  sandbox_fetch (fx, path, &fetched);
  g_assert_true (json_node_equal (fetched->json, created->json));

  listed = sandbox_list_all (fx, "/v1/knowledge/articles", fx->account_token);
  g_assert_cmpuint (json_array_get_length (listed), ==, 2);

  g_usleep (1100 * 1000);
  patched = sandbox_fixture_request (fx, "PATCH", path, fx->account_token, "{\"status\": \"draft\", \"body\": \"\"}");
  sandbox_assert_status (patched, 200);
  article = sandbox_response_object (patched);
  assert_article (article);
  g_assert_cmpstr (json_object_get_string_member (article, "status"), ==, "draft");
  g_assert_cmpstr (json_object_get_string_member (article, "body"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (article, "title"), ==, "Opening hours");
  assert_tags (article, (const char * const[]) { "hours", "general", NULL });
  g_assert_cmpint (sandbox_time_member (article, "updated_at"), >,
                   sandbox_time_member (sandbox_response_object (created), "updated_at"));

  /* Tags are replaced as a whole; [] clears them. */
  retagged = sandbox_fixture_request (fx, "PATCH", path, fx->account_token, "{\"tags\": []}");
  sandbox_assert_status (retagged, 200);
  assert_tags (sandbox_response_object (retagged), (const char * const[]) { NULL });

  deleted = sandbox_fixture_request (fx, "DELETE", path, fx->account_token, NULL);
  sandbox_assert_status (deleted, 204);
  sandbox_check_not_found (fx, "GET", path, NULL);
  sandbox_check_not_found (fx, "PATCH", path, "{\"title\": \"x\"}");
  sandbox_check_not_found (fx, "DELETE", path, NULL);
}

static void
test_validation (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, "--empty", NULL);
  g_autofree char *long_title = g_strnfill (201, 't');
  g_autofree char *long_tag = g_strnfill (51, 'g');
  g_autofree char *long_body = g_strnfill (100001, 'b');
  g_autofree char *title_body = g_strdup_printf ("{\"title\": \"%s\"}", long_title);
  g_autofree char *tag_body = g_strdup_printf ("{\"title\": \"T\", \"tags\": [\"%s\"]}", long_tag);
  g_autofree char *body_body = g_strdup_printf ("{\"title\": \"T\", \"body\": \"%s\"}", long_body);
  g_autoptr(GString) many_tags = g_string_new ("{\"title\": \"T\", \"tags\": [");
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  for (guint i = 0; i < 21; i++)
    g_string_append_printf (many_tags, "%s\"tag %u\"", i > 0 ? ", " : "", i);
  g_string_append (many_tags, "]}");

  {
    const SandboxInvalidBody create_cases[] = {
      { "{}", "title" },
      { "{\"title\": \"\"}", "title" },
      { "{\"title\": null}", "title" },
      { "{\"title\": [\"T\"]}", "title" },
      { title_body, "title" },
      { "{\"title\": \"T\", \"body\": null}", "body" },
      { "{\"title\": \"T\", \"body\": 1}", "body" },
      { "{\"title\": \"T\", \"body\": \"bell\\u0007\"}", "body" },
      { body_body, "body" },
      { "{\"title\": \"T\", \"tags\": \"hours\"}", "tags" },
      { "{\"title\": \"T\", \"tags\": [\"\"]}", "tags" },
      { "{\"title\": \"T\", \"tags\": [1]}", "tags" },
      { "{\"title\": \"T\", \"tags\": [\"a\", \"a\"]}", "tags" },
      { "{\"title\": \"T\", \"tags\": [\"a\\tb\"]}", "tags" },
      { "{\"title\": \"T\", \"tags\": null}", "tags" },
      { tag_body, "tags" },
      { many_tags->str, "tags" },
      { "{\"title\": \"T\", \"status\": \"archived\"}", "status" },
      { "{\"title\": \"T\", \"status\": \"Published\"}", "status" },
      { "{\"title\": \"T\", \"status\": null}", "status" },
      { "{\"title\": \"T\", \"author\": \"me\"}", "author" },
    };
    const SandboxInvalidBody update_cases[] = {
      { "{\"title\": \"\"}", "title" },
      { "{\"tags\": [\"x\", \"x\"]}", "tags" },
      { "{\"status\": \"gone\"}", "status" },
      { "{\"id\": \"art_00000000\"}", "id" },
    };

    sandbox_check_invalid_bodies (fx, "POST", "/v1/knowledge/articles", create_cases, G_N_ELEMENTS (create_cases));
    id = sandbox_create (fx, "/v1/knowledge/articles", "{\"title\": \"T\"}");
    path = g_strconcat ("/v1/knowledge/articles/", id, NULL);
    sandbox_check_invalid_bodies (fx, "PATCH", path, update_cases, G_N_ELEMENTS (update_cases));
  }

  /* The largest article allowed: 20 tags of 50, 100000 characters of body. */
  {
    g_autofree char *max_tag = g_strnfill (50, 'g');
    g_autofree char *max_body = g_strnfill (100000, 'b');
    g_autoptr(GString) body = g_string_new ("{\"title\": \"Big\", \"tags\": [");
    g_autofree char *big = NULL;

    for (guint i = 0; i < 20; i++)
      g_string_append_printf (body, "%s\"%02u%s\"", i > 0 ? ", " : "", i, max_tag + 2);
    g_string_append_printf (body, "], \"body\": \"%s\"}", max_body);
    big = sandbox_create (fx, "/v1/knowledge/articles", body->str);
    sandbox_assert_id (big, "art");
  }
}

static void
test_paging_scopes_demo (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, NULL);
  g_autoptr(SandboxFixture) empty = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, "--empty", NULL);
  g_autoptr(JsonArray) articles = sandbox_list_all (fx, "/v1/knowledge/articles", fx->account_token);
  g_autoptr(JsonArray) none = sandbox_list_all (empty, "/v1/knowledge/articles", empty->account_token);
  g_autofree char *first = g_strconcat ("/v1/knowledge/articles/",
                                        json_object_get_string_member (json_array_get_object_element (articles, 0), "id"),
                                        NULL);
  const SandboxScopedRoute routes[] = {
    { "GET", "/v1/knowledge/articles", NULL, "knowledge:read" },
    { "GET", first, NULL, "knowledge:read" },
    { "POST", "/v1/knowledge/articles", "{}", "knowledge:write" },
    { "PATCH", first, "{\"title\": \"\"}", "knowledge:write" },
    { "DELETE", "/v1/knowledge/articles/art_00000000", NULL, "knowledge:write" },
  };
  guint published = 0;
  gboolean hours = FALSE;

  g_assert_cmpuint (json_array_get_length (articles), ==, 8);
  g_assert_cmpuint (json_array_get_length (none), ==, 0);
  for (guint i = 0; i < json_array_get_length (articles); i++)
    {
      JsonObject *article = json_array_get_object_element (articles, i);

      assert_article (article);
      g_assert_cmpuint (strlen (json_object_get_string_member (article, "body")), >, 100);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (article, "tags")), >, 0);
      if (g_str_equal (json_object_get_string_member (article, "status"), "published"))
        published++;
      if (g_str_equal (json_object_get_string_member (article, "title"), "Opening hours"))
        hours = TRUE;
    }
  g_assert_cmpuint (published, ==, 7);
  g_assert_true (hours);

  sandbox_check_paging (fx, "/v1/knowledge/articles", fx->account_token);
  sandbox_check_scopes (fx, routes, G_N_ELEMENTS (routes));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/knowledge/crud", test_crud);
  g_test_add_func ("/sandbox/knowledge/validation", test_validation);
  g_test_add_func ("/sandbox/knowledge/paging-scopes-demo", test_paging_scopes_demo);

  return g_test_run ();
}
