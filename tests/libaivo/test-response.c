/* test-response.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "aivo-client.h"
#include "aivo-response.h"

/* AivoResponse's JSON: checked strictly before json-glib reads it, and an
 * answer that carries a secret has it taken out first, so json-glib (which
 * copies strings and frees the copies uncleared) never holds it. */

/* Shaped like a key (prefix, id, 38 characters), built at run time so that
 * no key-shaped string is committed. */
static char *
secret_new (void)
{
  g_autofree char *tail = g_strnfill (38, 'k');

  return g_strconcat ("aivo_live_Ab3dEf12_", tail, NULL);
}

/* A response to a message that was never sent: the JSON does not depend on
 * the status. */
static AivoResponse *
response_new (const char *body)
{
  g_autoptr(SoupMessage) message = soup_message_new ("POST", "http://127.0.0.1:1/v1/api-keys");
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  return aivo_response_new_from_message (message, bytes, 1000, 1795687200);
}

static const char *
string_member (AivoResponse *response,
               const char   *name)
{
  JsonNode *root = aivo_response_get_json (response, NULL);

  g_assert_nonnull (root);
  return json_object_get_string_member (json_node_get_object (root), name);
}

static void
test_secret_taken_out (void)
{
  g_autofree char *secret = secret_new ();
  g_autofree char *body = g_strdup_printf ("{\"id\": \"key_Ab3dEf12\", \"name\": \"CRM\", \"secret\": \"%s\"}", secret);
  g_autoptr(AivoResponse) marked = response_new (body);
  g_autoptr(AivoResponse) plain = response_new (body);
  const char *masked;

  aivo_response_mark_secret (marked);
  g_assert_cmpstr (aivo_response_peek_secret (marked), ==, secret);

  /* json-glib saw stars of the same length, and the rest as it was. */
  masked = string_member (marked, "secret");
  g_assert_cmpuint (strlen (masked), ==, strlen (secret));
  g_assert_cmpuint (strspn (masked, "*"), ==, strlen (secret));
  g_assert_cmpstr (string_member (marked, "name"), ==, "CRM");
  g_assert_cmpstr (string_member (marked, "id"), ==, "key_Ab3dEf12");

  /* The body itself is untouched (the playground shows it). */
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (aivo_response_get_body (marked), NULL),
                                  g_bytes_get_size (aivo_response_get_body (marked)), secret));

  /* Unmarked: nothing is taken out. */
  g_assert_null (aivo_response_peek_secret (plain));
  g_assert_cmpstr (string_member (plain, "secret"), ==, secret);
}

/* json-glib keeps the last of two members; neither reaches it unmasked. */
static void
test_secret_twice (void)
{
  g_autofree char *secret = secret_new ();
  g_autofree char *body = g_strdup_printf ("{\"secret\": \"%s\", \"secret\": \"aivo_test_second\"}", secret);
  g_autoptr(AivoResponse) response = response_new (body);

  aivo_response_mark_secret (response);
  g_assert_cmpstr (aivo_response_peek_secret (response), ==, "aivo_test_second");
  g_assert_cmpstr (string_member (response, "secret"), ==, "****************");
}

static void
test_secret_absent_or_odd (void)
{
  g_autofree char *secret = secret_new ();
  g_autofree char *nested = g_strdup_printf ("{\"nested\": {\"secret\": \"%s\"}}", secret);
  g_autofree char *in_array = g_strdup_printf ("[\"%s\"]", secret);
  g_autofree char *trailing_comma = g_strdup_printf ("{\"secret\": \"%s\",}", secret);
  const char *bodies[] = {
    "{\"id\": \"key_Ab3dEf12\"}",
    "{\"secret\": 42}",
    "{\"secret\": \"\"}",
    /* Not a credential's characters: left for the caller to refuse. */
    "{\"secret\": \"aivo live\"}",
    "{\"secret\": \"aivo_live_\\u0041b\"}",
    nested,
    in_array,
    trailing_comma,
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(AivoResponse) response = response_new (bodies[i]);

      g_test_message ("body %u: %s", i, bodies[i]);
      aivo_response_mark_secret (response);
      g_assert_null (aivo_response_peek_secret (response));
    }
}

/* A server's integer beyond 64 bits is refused, not read as -1. */
static void
test_strict_json (void)
{
  const char *bodies[] = {
    "{\"count\": 18446744073709551615}",
    "{\"name\": \"a\\u0000b\"}",
    "{\"a\": 1} {\"b\": 2}",
    "{\"a\": 1, /* comment */ \"b\": 2}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(AivoResponse) response = response_new (bodies[i]);
      g_autoptr(GError) error = NULL;

      g_test_message ("body %u: %s", i, bodies[i]);
      g_assert_null (aivo_response_get_json (response, &error));
      g_assert_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_BAD_RESPONSE);
      g_assert_nonnull (strstr (error->message, "is not valid JSON (error at byte "));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/response/secret-taken-out", test_secret_taken_out);
  g_test_add_func ("/response/secret-twice", test_secret_twice);
  g_test_add_func ("/response/secret-absent-or-odd", test_secret_absent_or_odd);
  g_test_add_func ("/response/strict-json", test_strict_json);

  return g_test_run ();
}
