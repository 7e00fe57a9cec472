/* test-json-check.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "aivo-json-check.h"

/* RFC 8259, as json-glib reads it faithfully: what is accepted here must
 * parse, and mean what it says. */

typedef struct
{
  const char    *text;
  AivoJsonCheck  result;
  gsize          offset;   /* where the check stops; G_MAXSIZE: not checked */
} CheckCase;

static const CheckCase check_cases[] = {
  { "{}", AIVO_JSON_CHECK_OK, 2 },
  { " [1, -2.5e+3, \"a\\u00e9\\ud83d\\ude00\", true, false, null, {\"k\": []}] ", AIVO_JSON_CHECK_OK, G_MAXSIZE },
  { "0", AIVO_JSON_CHECK_OK, 1 },
  { "-0", AIVO_JSON_CHECK_OK, 2 },
  { "\"\\/\\b\\f\\n\\r\\t\"", AIVO_JSON_CHECK_OK, G_MAXSIZE },
  { "9223372036854775807", AIVO_JSON_CHECK_OK, 19 },
  { "-9223372036854775807", AIVO_JSON_CHECK_OK, 20 },
  { "1e400", AIVO_JSON_CHECK_OK, 5 },
  { "123456789012345678901234567890.5", AIVO_JSON_CHECK_OK, G_MAXSIZE },
  { "", AIVO_JSON_CHECK_SYNTAX, 0 },
  { "   ", AIVO_JSON_CHECK_SYNTAX, 3 },
  { "{\"a\": 1,}", AIVO_JSON_CHECK_SYNTAX, 8 },
  { "[1,]", AIVO_JSON_CHECK_SYNTAX, 3 },
  { "[,1]", AIVO_JSON_CHECK_SYNTAX, 1 },
  { "{\"a\" 1}", AIVO_JSON_CHECK_SYNTAX, 5 },
  { "{a: 1}", AIVO_JSON_CHECK_SYNTAX, 1 },
  { "{'a': 1}", AIVO_JSON_CHECK_SYNTAX, 1 },
  { "[01]", AIVO_JSON_CHECK_SYNTAX, 2 },
  { "[1.]", AIVO_JSON_CHECK_SYNTAX, 3 },
  { "[.1]", AIVO_JSON_CHECK_SYNTAX, 1 },
  { "[1e]", AIVO_JSON_CHECK_SYNTAX, 3 },
  { "[+1]", AIVO_JSON_CHECK_SYNTAX, 1 },
  { "[0x1]", AIVO_JSON_CHECK_SYNTAX, 2 },
  { "[NaN]", AIVO_JSON_CHECK_SYNTAX, 1 },
  { "[tru]", AIVO_JSON_CHECK_SYNTAX, 1 },
  { "/* c */ {}", AIVO_JSON_CHECK_SYNTAX, 0 },
  { "{}}", AIVO_JSON_CHECK_SYNTAX, 2 },
  { "[1] [2]", AIVO_JSON_CHECK_SYNTAX, 4 },
  { "[\"\\a\"]", AIVO_JSON_CHECK_SYNTAX, G_MAXSIZE },
  { "[\"\\u12\"]", AIVO_JSON_CHECK_SYNTAX, G_MAXSIZE },
  /* json-glib would cut the string at the NUL. */
  { "[\"a\\u0000b\"]", AIVO_JSON_CHECK_SYNTAX, G_MAXSIZE },
  { "[\"\\udc00\"]", AIVO_JSON_CHECK_SYNTAX, G_MAXSIZE },
  { "[\"\\ud800x\"]", AIVO_JSON_CHECK_SYNTAX, G_MAXSIZE },
  { "[\"tab\there\"]", AIVO_JSON_CHECK_SYNTAX, G_MAXSIZE },
  { "[\"open]", AIVO_JSON_CHECK_SYNTAX, G_MAXSIZE },
  { "{\"a\": [}", AIVO_JSON_CHECK_SYNTAX, G_MAXSIZE },
  /* json-glib would read these as -1 and as a negative number. */
  { "18446744073709551615", AIVO_JSON_CHECK_SYNTAX, 20 },
  { "9223372036854775808", AIVO_JSON_CHECK_SYNTAX, 19 },
  { "-9223372036854775808", AIVO_JSON_CHECK_SYNTAX, 20 },
  { "[99999999999999999999999]", AIVO_JSON_CHECK_SYNTAX, 24 },
  { "[[[[]]]]", AIVO_JSON_CHECK_OK, 8 },
  { "[[[[[]]]]]", AIVO_JSON_CHECK_TOO_DEEP, 4 },
  { "{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}", AIVO_JSON_CHECK_TOO_DEEP, G_MAXSIZE },
};

#define TEST_DEPTH 4

static void
test_check (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (check_cases); i++)
    {
      const CheckCase *c = &check_cases[i];
      const char *problem = "unset";
      gsize offset = G_MAXSIZE;
      AivoJsonCheck result;

      g_test_message ("case %u: %s", i, c->text);
      result = aivo_json_check (c->text, strlen (c->text), TEST_DEPTH, &offset, &problem);
      g_assert_cmpint (result, ==, c->result);
      if (c->offset != G_MAXSIZE)
        g_assert_cmpuint (offset, ==, c->offset);
      g_assert_cmpuint (offset, <=, strlen (c->text));

      if (result == AIVO_JSON_CHECK_OK)
        {
          g_autoptr(JsonParser) parser = json_parser_new_immutable ();
          g_autoptr(GError) error = NULL;

          g_assert_null (problem);
          /* What passes the check, json-glib reads. */
          g_assert_true (json_parser_load_from_data (parser, c->text, strlen (c->text), &error));
          g_assert_no_error (error);
        }
      else
        {
          /* A phrase that fits "… is not valid JSON: %s". */
          g_assert_nonnull (problem);
          g_assert_true (g_ascii_islower (problem[0]));
          g_assert_false (g_str_has_suffix (problem, "."));
        }
    }
}

/* A long text costs no stack: 10⁶ brackets are refused at the limit. */
static void
test_deep (void)
{
  gsize length = 1000000;
  g_autofree char *deep = g_malloc (length);
  gsize offset = 0;

  memset (deep, '[', length);
  g_assert_cmpint (aivo_json_check (deep, length, 64, &offset, NULL), ==, AIVO_JSON_CHECK_TOO_DEEP);
  g_assert_cmpuint (offset, ==, 64);
  g_assert_cmpint (aivo_json_check (deep, length, 2000000, &offset, NULL), ==, AIVO_JSON_CHECK_SYNTAX);
  g_assert_cmpuint (offset, ==, length);
}

typedef struct
{
  const char *text;
  const char *values;   /* of the members named "secret", joined by "|"; "" for none */
} FindCase;

static const FindCase find_cases[] = {
  { "{\"id\": \"key_1\", \"secret\": \"aivo_live_x\"}", "\"aivo_live_x\"" },
  { "{\"secret\":\"s\",\"secret\":\"t\"}", "\"s\"|\"t\"" },
  { " { \"a\" : [1, {\"secret\": \"inner\"}, \"]\"] , \"secret\" : 42 } ", "42" },
  { "{\"a\": {\"b\": \"}\"}, \"secret\": null}", "null" },
  { "{\"secret\": {\"x\": [\"}\"]}, \"b\": 1}", "{\"x\": [\"}\"]}" },
  { "{\"secret\": \"a\\\"b\"}", "\"a\\\"b\"" },
  { "{\"a\": \"secret\", \"b\": \"\\\"secret\\\"\"}", "" },
  { "{\"a\": {\"secret\": \"nested only\"}}", "" },
  { "{\"secre\": 1, \"secrets\": 2}", "" },
  /* Escaped names never match. */
  { "{\"secr\\u0065t\": \"x\"}", "" },
  { "[{\"secret\": \"in an array\"}]", "" },
  { "\"secret\"", "" },
  { "{}", "" },
};

static void
collect_value (gsize    value_start,
               gsize    value_end,
               gpointer user_data)
{
  GPtrArray *found = user_data;
  const char *text = g_ptr_array_index (found, 0);

  g_assert_cmpuint (value_start, <, value_end);
  g_assert_cmpuint (value_end, <=, strlen (text));
  g_ptr_array_add (found, g_strndup (text + value_start, value_end - value_start));
}

static void
test_foreach_member (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (find_cases); i++)
    {
      const FindCase *c = &find_cases[i];
      g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *joined = NULL;
      guint n;

      g_test_message ("case %u: %s", i, c->text);
      g_assert_cmpint (aivo_json_check (c->text, strlen (c->text), 64, NULL, NULL), ==, AIVO_JSON_CHECK_OK);

      /* Element 0 is the text, for the callback. */
      g_ptr_array_add (found, g_strdup (c->text));
      n = aivo_json_foreach_member (c->text, strlen (c->text), "secret", collect_value, found);
      g_assert_cmpuint (n, ==, found->len - 1);

      g_ptr_array_add (found, NULL);
      joined = g_strjoinv ("|", (char **) found->pdata + 1);
      g_assert_cmpstr (joined, ==, c->values);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-check/check", test_check);
  g_test_add_func ("/json-check/deep", test_deep);
  g_test_add_func ("/json-check/foreach-member", test_foreach_member);

  return g_test_run ();
}
