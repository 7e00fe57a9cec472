/* test-scope.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "aivo-scope.h"

/* The article's table, in its order. */
static const struct {
  const char *name;
  const char *description;
  gboolean    write;
} article_scopes[] = {
  { "calls:read", "View call logs, transcripts, and analytics", FALSE },
  { "calls:write", "Initiate calls, update call settings", TRUE },
  { "knowledge:read", "View knowledge base articles", FALSE },
  { "knowledge:write", "Create, update, and delete articles", TRUE },
  { "appointments:read", "View appointments", FALSE },
  { "appointments:write", "Create, update, and cancel appointments", TRUE },
  { "contacts:read", "View contacts", FALSE },
  { "contacts:write", "Create, update, and delete contacts", TRUE },
  { "account:read", "View account settings and team members", FALSE },
  { "account:write", "Modify account settings, manage team", TRUE },
  { "webhooks:manage", "Create and manage webhook subscriptions", TRUE },
};

static void
test_article_table (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (article_scopes), ==, AIVO_N_SCOPES);

  for (guint i = 0; i < AIVO_N_SCOPES; i++)
    {
      AivoScope scope = aivo_scope_from_string (article_scopes[i].name);

      g_assert_cmpuint (scope, ==, aivo_scope_nth (i));
      g_assert_cmpstr (aivo_scope_to_string (scope), ==, article_scopes[i].name);
      g_assert_cmpstr (aivo_scope_get_description (scope), ==, article_scopes[i].description);
      g_assert_cmpint (aivo_scope_is_write (scope), ==, article_scopes[i].write);
    }
}

static void
test_resources (void)
{
  AivoScope all = AIVO_SCOPE_NONE;

  g_assert_cmpuint (aivo_scope_resource_get_scopes (AIVO_SCOPE_RESOURCE_CALLS), ==,
                    AIVO_SCOPE_CALLS_READ | AIVO_SCOPE_CALLS_WRITE);
  g_assert_cmpuint (aivo_scope_resource_get_scopes (AIVO_SCOPE_RESOURCE_WEBHOOKS), ==,
                    AIVO_SCOPE_WEBHOOKS_MANAGE);
  g_assert_cmpint (aivo_scope_get_resource (AIVO_SCOPE_CONTACTS_WRITE), ==, AIVO_SCOPE_RESOURCE_CONTACTS);

  /* Every scope belongs to exactly one group. */
  for (guint r = 0; r < AIVO_N_SCOPE_RESOURCES; r++)
    {
      AivoScope group = aivo_scope_resource_get_scopes (r);

      g_assert_cmpuint (group, !=, AIVO_SCOPE_NONE);
      g_assert_cmpuint (all & group, ==, AIVO_SCOPE_NONE);
      g_assert_nonnull (aivo_scope_resource_get_title (r));
      all |= group;
    }
  g_assert_cmpuint (all, ==, AIVO_SCOPE_ALL);
}

typedef struct
{
  const char *names[5];
  AivoScope   expected;
  int         error_code;
} ParseCase;

static void
test_parse (void)
{
  static const ParseCase cases[] = {
    { { "calls:read", NULL }, AIVO_SCOPE_CALLS_READ, -1 },
    { { "contacts:write", "calls:read", NULL }, AIVO_SCOPE_CONTACTS_WRITE | AIVO_SCOPE_CALLS_READ, -1 },
    { { NULL }, AIVO_SCOPE_NONE, AIVO_SCOPE_ERROR_EMPTY },
    { { "calls:read", "calls:read", NULL }, AIVO_SCOPE_NONE, AIVO_SCOPE_ERROR_DUPLICATE },
    { { "calls:admin", NULL }, AIVO_SCOPE_NONE, AIVO_SCOPE_ERROR_UNKNOWN },
    { { "Calls:Read", NULL }, AIVO_SCOPE_NONE, AIVO_SCOPE_ERROR_UNKNOWN },
    { { " calls:read", NULL }, AIVO_SCOPE_NONE, AIVO_SCOPE_ERROR_UNKNOWN },
    { { "calls:read\n", NULL }, AIVO_SCOPE_NONE, AIVO_SCOPE_ERROR_UNKNOWN },
    { { "", NULL }, AIVO_SCOPE_NONE, AIVO_SCOPE_ERROR_UNKNOWN },
    { { "none", NULL }, AIVO_SCOPE_NONE, AIVO_SCOPE_ERROR_UNKNOWN },
    { { "calls:read", "\xff\xfe", NULL }, AIVO_SCOPE_NONE, AIVO_SCOPE_ERROR_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      AivoScope scopes = aivo_scopes_parse (cases[i].names, &error);

      g_assert_cmpuint (scopes, ==, cases[i].expected);
      if (cases[i].error_code < 0)
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, AIVO_SCOPE_ERROR, cases[i].error_code);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
        }
    }

  g_assert_cmpuint (aivo_scopes_parse (NULL, NULL), ==, AIVO_SCOPE_NONE);
  g_assert_cmpuint (aivo_scope_from_string (NULL), ==, AIVO_SCOPE_NONE);
}

static void
test_to_strv (void)
{
  g_auto(GStrv) strv = aivo_scopes_to_strv (AIVO_SCOPE_WEBHOOKS_MANAGE | AIVO_SCOPE_CALLS_READ);
  g_auto(GStrv) none = aivo_scopes_to_strv (AIVO_SCOPE_NONE);
  g_autofree char *joined = aivo_scopes_to_string (AIVO_SCOPE_CONTACTS_WRITE | AIVO_SCOPE_CALLS_READ, " ");
  g_autoptr(GError) error = NULL;

  /* Always in the article's order, whatever order they were given in. */
  g_assert_cmpuint (g_strv_length (strv), ==, 2);
  g_assert_cmpstr (strv[0], ==, "calls:read");
  g_assert_cmpstr (strv[1], ==, "webhooks:manage");
  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_assert_cmpstr (joined, ==, "calls:read contacts:write");

  g_assert_cmpuint (aivo_scopes_parse ((const char * const *) strv, &error), ==,
                    AIVO_SCOPE_WEBHOOKS_MANAGE | AIVO_SCOPE_CALLS_READ);
  g_assert_no_error (error);

  g_assert_cmpuint (aivo_scopes_count (AIVO_SCOPE_ALL), ==, AIVO_N_SCOPES);
  g_assert_cmpuint (aivo_scopes_count (AIVO_SCOPE_NONE), ==, 0);
}

/* The article: a read-only analytics dashboard needs only calls:read; a CRM
 * integration that creates contacts needs contacts:write and calls:read; a
 * scheduling tool needs appointments:read and appointments:write. */
static void
test_presets (void)
{
  guint n = 0;
  const AivoScopePreset *presets = aivo_scope_get_presets (&n);

  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (aivo_scope_find_preset ("analytics-dashboard")->scopes, ==, AIVO_SCOPE_CALLS_READ);
  g_assert_cmpuint (aivo_scope_find_preset ("crm-integration")->scopes, ==,
                    AIVO_SCOPE_CONTACTS_WRITE | AIVO_SCOPE_CALLS_READ);
  g_assert_cmpuint (aivo_scope_find_preset ("scheduling-tool")->scopes, ==,
                    AIVO_SCOPE_APPOINTMENTS_READ | AIVO_SCOPE_APPOINTMENTS_WRITE);
  g_assert_null (aivo_scope_find_preset ("admin"));
  g_assert_null (aivo_scope_find_preset (NULL));

  for (guint i = 0; i < n; i++)
    {
      g_assert_nonnull (presets[i].title);
      g_assert_cmpuint (presets[i].scopes & ~AIVO_SCOPE_ALL, ==, 0);
    }
}

static void
test_gtype (void)
{
  g_autoptr(GFlagsClass) klass = g_type_class_ref (AIVO_TYPE_SCOPE);
  GFlagsValue *value = g_flags_get_value_by_nick (klass, "contacts:write");

  g_assert_nonnull (value);
  g_assert_cmpuint (value->value, ==, AIVO_SCOPE_CONTACTS_WRITE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scope/article-table", test_article_table);
  g_test_add_func ("/scope/resources", test_resources);
  g_test_add_func ("/scope/parse", test_parse);
  g_test_add_func ("/scope/to-strv", test_to_strv);
  g_test_add_func ("/scope/presets", test_presets);
  g_test_add_func ("/scope/gtype", test_gtype);

  return g_test_run ();
}
