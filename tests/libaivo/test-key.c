/* test-key.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "aivo-client.h"
#include "aivo-key.h"

/* API.md's example key. */
static const char example_key[] =
  "{"
  "  \"id\": \"key_Ab3dEf12\","
  "  \"name\": \"CRM Integration\","
  "  \"environment\": \"production\","
  "  \"scopes\": [\"calls:read\", \"contacts:write\"],"
  "  \"hint\": \"aivo_live_Ab3dEf12_\u20269Qz1\","
  "  \"created_at\": \"2026-11-26T10:00:00Z\","
  "  \"created_by\": \"mem_0001\","
  "  \"shared_with\": [\"mem_0002\"],"
  "  \"last_used_at\": null,"
  "  \"expires_at\": null,"
  "  \"rotated_from\": null,"
  "  \"rotation_required\": null"
  "}";

#define NOT_UNDERSTOOD "The server sent a key the app does not understand: "

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonNode *
parse_node (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_time (GDateTime  *time,
             const char *expected)
{
  g_autofree char *text = NULL;

  g_assert_nonnull (time);
  text = g_date_time_format_iso8601 (time);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_example (void)
{
  g_autoptr(JsonObject) object = parse_object (example_key);
  g_autoptr(GError) error = NULL;
  g_autoptr(AivoKey) key = aivo_key_new_from_json (object, &error);
  const char * const *shared_with;

  g_assert_no_error (error);
  g_assert_nonnull (key);

  g_assert_cmpstr (aivo_key_get_id (key), ==, "key_Ab3dEf12");
  g_assert_cmpstr (aivo_key_get_name (key), ==, "CRM Integration");
  g_assert_cmpint (aivo_key_get_environment (key), ==, AIVO_ENVIRONMENT_PRODUCTION);
  g_assert_cmpuint (aivo_key_get_scopes (key), ==, AIVO_SCOPE_CALLS_READ | AIVO_SCOPE_CONTACTS_WRITE);
  g_assert_cmpstr (aivo_key_get_hint (key), ==, "aivo_live_Ab3dEf12_\u20269Qz1");
  assert_time (aivo_key_get_created_at (key), "2026-11-26T10:00:00Z");
  g_assert_cmpstr (aivo_key_get_created_by (key), ==, "mem_0001");

  shared_with = aivo_key_get_shared_with (key);
  g_assert_nonnull (shared_with);
  g_assert_cmpstr (shared_with[0], ==, "mem_0002");
  g_assert_null (shared_with[1]);

  g_assert_null (aivo_key_get_last_used_at (key));
  g_assert_null (aivo_key_get_expires_at (key));
  g_assert_null (aivo_key_get_rotated_from (key));
  g_assert_false (aivo_key_get_rotation_required (key));
  g_assert_null (aivo_key_get_rotation_reason (key));
  g_assert_null (aivo_key_get_rotation_member_id (key));
  g_assert_null (aivo_key_get_rotation_since (key));
}

/* List rows bind the properties: they must say the same as the getters. */
static void
test_properties (void)
{
  g_autoptr(JsonObject) object = parse_object (example_key);
  g_autoptr(AivoKey) key = aivo_key_new_from_json (object, NULL);
  g_autofree char *id = NULL;
  g_autofree char *hint = NULL;
  g_auto(GStrv) shared_with = NULL;
  g_autoptr(GDateTime) created_at = NULL;
  g_autoptr(GDateTime) last_used_at = NULL;
  AivoEnvironment environment = AIVO_ENVIRONMENT_TESTING;
  AivoScope scopes = AIVO_SCOPE_NONE;
  gboolean rotation_required = TRUE;
  const char * const names[] = {
    "id", "name", "environment", "scopes", "hint", "created-at", "created-by", "shared-with",
    "last-used-at", "expires-at", "rotated-from", "rotation-required", "rotation-reason",
    "rotation-member-id", "rotation-since",
  };

  g_assert_nonnull (key);
  g_object_get (key,
                "id", &id,
                "environment", &environment,
                "scopes", &scopes,
                "hint", &hint,
                "shared-with", &shared_with,
                "created-at", &created_at,
                "last-used-at", &last_used_at,
                "rotation-required", &rotation_required,
                NULL);

  g_assert_cmpstr (id, ==, "key_Ab3dEf12");
  g_assert_cmpint (environment, ==, AIVO_ENVIRONMENT_PRODUCTION);
  g_assert_cmpuint (scopes, ==, AIVO_SCOPE_CALLS_READ | AIVO_SCOPE_CONTACTS_WRITE);
  g_assert_cmpstr (hint, ==, aivo_key_get_hint (key));
  g_assert_cmpstrv (shared_with, ((const char * const[]) { "mem_0002", NULL }));
  g_assert_true (g_date_time_equal (created_at, aivo_key_get_created_at (key)));
  g_assert_null (last_used_at);
  g_assert_false (rotation_required);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (key), names[i]);

      g_assert_nonnull (pspec);
      g_assert_true (pspec->flags & G_PARAM_READABLE);
      g_assert_false (pspec->flags & G_PARAM_WRITABLE);
    }

  /* The secret is never a property, whatever the server sends. */
  g_assert_null (g_object_class_find_property (G_OBJECT_GET_CLASS (key), "secret"));
}

/* Everything set: a rotated key in its grace period that must be rotated. */
static void
test_full (void)
{
  g_autoptr(JsonObject) object = parse_object (example_key);
  g_autoptr(GError) error = NULL;
  g_autoptr(AivoKey) key = NULL;

  json_object_set_member (object, "environment", parse_node ("\"development\""));
  json_object_set_member (object, "hint", parse_node ("\"aivo_test_Ab3dEf12_\u2026zZ09\""));
  json_object_set_member (object, "last_used_at", parse_node ("\"2026-11-27T08:30:05Z\""));
  json_object_set_member (object, "expires_at", parse_node ("\"2026-11-28T11:00:00.250+01:00\""));
  json_object_set_member (object, "rotated_from", parse_node ("\"key_0000abcd\""));
  json_object_set_member (object, "shared_with", parse_node ("[]"));
  json_object_set_member (object, "rotation_required",
                          parse_node ("{\"reason\": \"member_departed\", \"member_id\": \"mem_0002\","
                                      " \"since\": \"2026-11-27T09:00:00Z\"}"));
  /* Members the contract does not know are skipped, the secret included. */
  json_object_set_member (object, "secret", parse_node ("\"aivo_test_Ab3dEf12_xxxx\""));
  json_object_set_member (object, "future_field", parse_node ("{\"nested\": [1, 2, 3]}"));

  key = aivo_key_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);

  g_assert_cmpint (aivo_key_get_environment (key), ==, AIVO_ENVIRONMENT_DEVELOPMENT);
  assert_time (aivo_key_get_last_used_at (key), "2026-11-27T08:30:05Z");
  g_assert_cmpint (g_date_time_to_unix (aivo_key_get_expires_at (key)), ==,
                   g_date_time_to_unix (aivo_key_get_created_at (key)) + 2 * 86400);
  g_assert_cmpstr (aivo_key_get_rotated_from (key), ==, "key_0000abcd");
  g_assert_nonnull (aivo_key_get_shared_with (key));
  g_assert_null (aivo_key_get_shared_with (key)[0]);
  g_assert_true (aivo_key_get_rotation_required (key));
  g_assert_cmpstr (aivo_key_get_rotation_reason (key), ==, "member_departed");
  g_assert_cmpstr (aivo_key_get_rotation_member_id (key), ==, "mem_0002");
  assert_time (aivo_key_get_rotation_since (key), "2026-11-27T09:00:00Z");
}

typedef struct
{
  const char *member;
  const char *json;        /* the member's new value; NULL removes it */
  const char *fragment;    /* NULL: the key is accepted */
} Case;

static const Case cases[] = {
  /* id */
  { "id", NULL, "“id” is missing" },
  { "id", "null", "“id” is null" },
  { "id", "42", "“id” is not a string" },
  { "id", "\"key_short\"", "“id” is not an id (“key_short”)" },
  { "id", "\"key_Ab3dEf1!\"", "“id” is not an id" },
  { "id", "\"../../etc/pw\"", "“id” is not an id" },
  { "id", "\"\"", "“id” is empty" },
  /* name */
  { "name", NULL, "“name” is missing" },
  { "name", "\"\"", "“name” is empty" },
  { "name", "\"Bell\\u0007\"", "“name” contains a control character" },
  { "name", "\"Next\\u0085Line\"", "“name” contains a control character" },
  { "name", "\"Tab\\tbed\"", "“name” contains a control character" },
  { "name", "[\"CRM\"]", "“name” is not a string" },
  { "name", "{\"text\": \"CRM\"}", "“name” is not a string" },
  { "name", "true", "“name” is not a string" },
  /* environment */
  { "environment", "\"staging\"", "“environment” is “staging”, which is not one the app knows" },
  { "environment", "\"PRODUCTION\"", "not one the app knows" },
  { "environment", NULL, "“environment” is missing" },
  { "environment", "0", "“environment” is not a string" },
  /* scopes */
  { "scopes", "[]", "“scopes” is empty" },
  { "scopes", "\"calls:read\"", "“scopes” is not a list" },
  { "scopes", "[\"calls:read\", \"admin:all\"]", "“scopes” has “admin:all”, which is not a scope" },
  { "scopes", "[\"calls:read\", \"calls:read\"]", "“scopes” has “calls:read” twice" },
  { "scopes", "[1]", "“scopes” is not a string" },
  { "scopes", "[null]", "“scopes” is not a string" },
  { "scopes", "[\"calls:read\", \"calls:write\", \"knowledge:read\", \"knowledge:write\","
              " \"appointments:read\", \"appointments:write\", \"contacts:read\","
              " \"contacts:write\", \"account:read\", \"account:write\", \"webhooks:manage\","
              " \"calls:read\"]", "“scopes” has more entries than there are scopes" },
  /* hint */
  { "hint", "\"aivo_live_Zz9yXx87_\u20269Qz1\"", "“hint” does not match the key’s id" },
  { "hint", "\"aivo_test_Ab3dEf12_\u20269Qz1\"", "“hint” does not match the key’s id and environment" },
  { "hint", "\"aivo_live_Ab3dEf12_\u2026abcdefghijklmnopqrstuvwxyz012345\"",
    "“hint” does not end in four characters" },
  { "hint", "\"aivo_live_Ab3dEf12_\u20269Q z\"", "“hint” does not end in four characters" },
  { "hint", "\"aivo_live_Ab3dEf12_9Qz1\"", "“hint” does not match" },
  { "hint", NULL, "“hint” is missing" },
  /* created_at */
  { "created_at", "\"yesterday\"", "“created_at” is not a date and time (“yesterday”)" },
  { "created_at", "\"2026-02-30T10:00:00Z\"", "“created_at” is not a date and time" },
  { "created_at", "\"2026-11-26T24:00:00Z\"", "“created_at” is not a date and time" },
  { "created_at", "\"2026-11-26\"", "“created_at” is not a date and time" },
  { "created_at", "\"2026-11-26T10:00:00\"", "“created_at” is not a date and time" },
  { "created_at", "\"2026-W48-4T10:00:00Z\"", "“created_at” is not a date and time" },
  { "created_at", "\"20261126T100000Z\"", "“created_at” is not a date and time" },
  { "created_at", "\"2026-11-26T10:00:00Zjunk\"", "“created_at” is not a date and time" },
  { "created_at", "\"2026-11-26T10:00:00.Z\"", "“created_at” is not a date and time" },
  { "created_at", "1764151200", "“created_at” is not a string" },
  { "created_at", "null", "“created_at” is null" },
  { "created_at", "\"2026-11-26T10:00:00.000000000000000000000000000000000000000Z\"",
    "“created_at” is longer than" },
  /* created_by and shared_with */
  { "created_by", "\"mem 0001\"", "“created_by” is not an id" },
  { "created_by", NULL, "“created_by” is missing" },
  { "shared_with", "null", "“shared_with” is null" },
  { "shared_with", "\"mem_0002\"", "“shared_with” is not a list" },
  { "shared_with", "[\"mem_0002\", 3]", "“shared_with” is not a string" },
  { "shared_with", "[\"mem_0002\", \"mem/0003\"]", "“shared_with” is not an id" },
  /* nullable members must still be there */
  { "last_used_at", NULL, "“last_used_at” is missing" },
  { "last_used_at", "12345", "“last_used_at” is not a string" },
  { "expires_at", "\"soon\"", "“expires_at” is not a date and time" },
  { "expires_at", NULL, "“expires_at” is missing" },
  { "rotated_from", "\"key_Ab3dEf12/../x\"", "“rotated_from” is not an id" },
  { "rotated_from", "\"mem_0001\"", "“rotated_from” is not an id" },
  { "rotated_from", NULL, "“rotated_from” is missing" },
  /* rotation_required */
  { "rotation_required", "true", "“rotation_required” is neither null nor an object" },
  { "rotation_required", "[]", "“rotation_required” is neither null nor an object" },
  { "rotation_required", "{}", "“reason” is missing" },
  { "rotation_required", "{\"reason\": \"member departed!\", \"member_id\": null,"
                         " \"since\": \"2026-11-27T09:00:00Z\"}", "“reason” is not a reason code" },
  { "rotation_required", "{\"reason\": \"member_departed\", \"member_id\": \"mem_0002\","
                         " \"since\": \"bad\"}", "“since” is not a date and time" },
  { "rotation_required", "{\"reason\": \"member_departed\", \"member_id\": \"mem_0002\"}",
    "“since” is missing" },
  { "rotation_required", NULL, "“rotation_required” is missing" },
  /* accepted variants */
  { "rotation_required", "{\"reason\": \"policy_changed\", \"member_id\": null,"
                         " \"since\": \"2026-11-27T09:00:00Z\"}", NULL },
  { "name", "\"  Spaces are the server’s business  \"", NULL },
  { "created_at", "\"2026-11-26t10:00:00.123456789-05:30\"", NULL },
  { "shared_with", "[]", NULL },
};

static void
test_hostile_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(JsonObject) object = parse_object (example_key);
  g_autoptr(GError) error = NULL;
  g_autoptr(AivoKey) key = NULL;

  if (c->json == NULL)
    json_object_remove_member (object, c->member);
  else
    json_object_set_member (object, c->member, parse_node (c->json));

  key = aivo_key_new_from_json (object, &error);

  if (c->fragment == NULL)
    {
      g_assert_no_error (error);
      g_assert_nonnull (key);
      return;
    }

  g_assert_null (key);
  g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_true (g_str_has_prefix (error->message, NOT_UNDERSTOOD));
  if (strstr (error->message, c->fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, c->fragment);
}

static void
assert_refused (JsonObject *object,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AivoKey) key = aivo_key_new_from_json (object, &error);

  g_assert_null (key);
  g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_BAD_RESPONSE);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
  /* Whatever the server sent, the message stays short. */
  g_assert_cmpuint (strlen (error->message), <, 400);
}

/* A name is at most 100 characters, counted as characters, not bytes. */
static void
test_name_length (void)
{
  g_autoptr(JsonObject) object = parse_object (example_key);
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(AivoKey) key = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < AIVO_KEY_MAX_NAME_CHARS; i++)
    g_string_append (name, "é");
  json_object_set_string_member (object, "name", name->str);
  key = aivo_key_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_utf8_strlen (aivo_key_get_name (key), -1), ==, AIVO_KEY_MAX_NAME_CHARS);

  g_string_append (name, "é");
  json_object_set_string_member (object, "name", name->str);
  assert_refused (object, "“name” is longer than 100 characters");
}

/* A megabyte where a name belongs, and absurd lists. */
static void
test_absurd_lengths (void)
{
  g_autoptr(JsonObject) object = parse_object (example_key);
  g_autofree char *huge = g_malloc (1024 * 1024 + 1);
  JsonArray *members;

  memset (huge, 'a', 1024 * 1024);
  huge[1024 * 1024] = '\0';

  json_object_set_string_member (object, "name", huge);
  assert_refused (object, "“name” is longer than 100 characters");

  g_clear_pointer (&object, json_object_unref);
  object = parse_object (example_key);
  json_object_set_string_member (object, "hint", huge);
  assert_refused (object, "“hint” is longer than");

  g_clear_pointer (&object, json_object_unref);
  object = parse_object (example_key);
  json_object_set_string_member (object, "created_by", huge);
  assert_refused (object, "“created_by” is longer than");

  g_clear_pointer (&object, json_object_unref);
  object = parse_object (example_key);
  members = json_array_new ();
  for (guint i = 0; i <= AIVO_KEY_MAX_SHARED_WITH; i++)
    json_array_add_string_element (members, "mem_0002");
  json_object_set_array_member (object, "shared_with", members);
  assert_refused (object, "“shared_with” has more than 1000 entries");
}

/* Server text quoted in a message can neither hide nor reorder it. */
static void
test_quoted_text_is_printable (void)
{
  g_autoptr(JsonObject) object = parse_object (example_key);
  g_autoptr(GError) error = NULL;
  g_autoptr(AivoKey) key = NULL;

  json_object_set_member (object, "scopes",
                          parse_node ("[\"evil\u202e\u200bscope-with-a-long-tail-that-goes-on-and-on-and-on\"]"));
  key = aivo_key_new_from_json (object, &error);
  g_assert_null (key);
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, "\u202e"));
  g_assert_null (strstr (error->message, "\u200b"));
  g_assert_nonnull (strstr (error->message, "“evilscope-with-a-long-tail-that-goes-on-…”"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/key/example", test_example);
  g_test_add_func ("/key/properties", test_properties);
  g_test_add_func ("/key/full", test_full);
  g_test_add_func ("/key/name-length", test_name_length);
  g_test_add_func ("/key/absurd-lengths", test_absurd_lengths);
  g_test_add_func ("/key/quoted-text-is-printable", test_quoted_text_is_printable);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/key/hostile/%02u-%s", i, cases[i].member);

      g_test_add_data_func (path, &cases[i], test_hostile_case);
    }

  return g_test_run ();
}
