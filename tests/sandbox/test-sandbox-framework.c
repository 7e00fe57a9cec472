/* test-sandbox-framework.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "aivo-sandbox-database.h"
#include "aivo-sandbox-exchange-private.h"
#include "aivo-sandbox-json.h"
#include "aivo-sandbox-json-writer.h"
#include "aivo-sandbox-rate-limiter.h"
#include "aivo-sandbox-router.h"
#include "aivo-sandbox-server.h"
#include "aivo-sandbox-util.h"
#include "aivo-sandbox-validator.h"

/* The sandbox's pieces in process: strict JSON, times, validators, the
 * router, the rate limiter, the database, and an embedded server on a
 * thread of its own with an extra route. */

static void
test_strict_json (void)
{
  struct {
    const char *text;
    gboolean    valid;
  } cases[] = {
    { "{}", TRUE },
    { " [1, -2.5e+3, \"a\\u00e9\\ud83d\\ude00\", true, false, null, {\"k\": []}] ", TRUE },
    { "0", TRUE },
    { "\"\\/\\b\\f\\n\\r\\t\"", TRUE },
    { "", FALSE },
    { "   ", FALSE },
    { "{\"a\": 1,}", FALSE },
    { "[1,]", FALSE },
    { "[,1]", FALSE },
    { "{\"a\" 1}", FALSE },
    { "{a: 1}", FALSE },
    { "{'a': 1}", FALSE },
    { "[01]", FALSE },
    { "[1.]", FALSE },
    { "[.1]", FALSE },
    { "[1e]", FALSE },
    { "[+1]", FALSE },
    { "[0x1]", FALSE },
    { "[NaN]", FALSE },
    { "[Infinity]", FALSE },
    { "[tru]", FALSE },
    { "[nul]", FALSE },
    { "/* c */ {}", FALSE },
    { "{} // c", FALSE },
    { "{}}", FALSE },
    { "[1] [2]", FALSE },
    { "[\"\\a\"]", FALSE },
    { "[\"\\u12\"]", FALSE },
    { "[\"\\u0000\"]", FALSE },
    { "[\"\\udc00\"]", FALSE },
    { "[\"\\ud800x\"]", FALSE },
    { "[\"tab\there\"]", FALSE },
    { "[\"open]", FALSE },
    { "{\"a\": [}", FALSE },
    { "[\"\xc3\x28\"]", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = aivo_sandbox_json_parse_strict (cases[i].text, strlen (cases[i].text), &error);

      g_test_message ("case %u", i);
      if (cases[i].valid)
        {
          g_assert_no_error (error);
          g_assert_nonnull (node);
        }
      else
        {
          g_assert_null (node);
          g_assert_nonnull (error);
          g_assert_true (g_str_has_prefix (error->message, "The body is not valid JSON"));
        }
    }

  {
    /* Depth: at the limit is fine, one more is not (and never recurses). */
    g_autoptr(GString) ok = g_string_new (NULL);
    g_autoptr(GString) deep = g_string_new (NULL);
    g_autoptr(JsonNode) node = NULL;
    g_autoptr(JsonNode) refused = NULL;

    for (guint i = 0; i < AIVO_SANDBOX_JSON_MAX_DEPTH; i++)
      g_string_prepend_c (ok, '['), g_string_append_c (ok, ']');
    for (guint i = 0; i < 1000000; i++)
      g_string_append_c (deep, '[');

    node = aivo_sandbox_json_parse_strict (ok->str, ok->len, NULL);
    g_assert_nonnull (node);
    g_string_prepend_c (ok, '[');
    g_string_append_c (ok, ']');
    refused = aivo_sandbox_json_parse_strict (ok->str, ok->len, NULL);
    g_assert_null (refused);
    g_assert_null (aivo_sandbox_json_parse_strict (deep->str, deep->len, NULL));
  }
}

static void
test_times (void)
{
  struct {
    const char *text;
    gint64      unix_time;   /* 0: invalid */
  } cases[] = {
    { "2026-11-26T10:00:00Z", 1795687200 },
    { "2026-11-26t10:00:00z", 1795687200 },
    { "2026-11-26T11:30:00+01:30", 1795687200 },
    { "2026-11-26T05:00:00-05:00", 1795687200 },
    { "2026-11-26T10:00:00.999Z", 1795687200 },
    { "2026-11-26T10:00:00", 0 },
    { "2026-11-26 10:00:00Z", 0 },
    { "2026-11-26", 0 },
    { "2026-02-30T10:00:00Z", 0 },
    { "2026-13-01T10:00:00Z", 0 },
    { "2026-11-26T24:00:00Z", 0 },
    { "2026-11-26T10:00:00.Z", 0 },
    { "2026-11-26T10:00:00+0100", 0 },
    { "2026-11-26T10:00:00Z ", 0 },
    { "26-11-26T10:00:00Z", 0 },
    { "", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 value = -1;
      gboolean valid = aivo_sandbox_time_parse (cases[i].text, &value);

      g_test_message ("“%s”", cases[i].text);
      g_assert_cmpint (valid, ==, cases[i].unix_time != 0);
      if (valid)
        g_assert_cmpint (value, ==, cases[i].unix_time);
    }

  {
    g_autofree char *text = aivo_sandbox_time_format (1795687200);
    g_autofree char *id = aivo_sandbox_id_new ("con");

    g_assert_cmpstr (text, ==, "2026-11-26T10:00:00Z");
    g_assert_cmpuint (strlen (id), ==, 12);
    g_assert_true (g_str_has_prefix (id, "con_"));
    for (guint i = 4; i < 12; i++)
      g_assert_true (g_ascii_isalnum (id[i]));
  }
}

/* Times are written by hand (not GDateTime): the same text, every edge. */
static void
test_time_format (void)
{
  struct {
    gint64      unix_time;
    const char *text;
  } cases[] = {
    { 1, "1970-01-01T00:00:01Z" },
    { 951782400, "2000-02-29T00:00:00Z" },
    { 1795687200, "2026-11-26T10:00:00Z" },
    { 4107542399, "2100-02-28T23:59:59Z" },
    { 253402300799, "9999-12-31T23:59:59Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = aivo_sandbox_time_format (cases[i].unix_time);
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (cases[i].unix_time);
      g_autofree char *expected = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
      gint64 parsed = 0;

      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_cmpstr (text, ==, expected);
      g_assert_true (aivo_sandbox_time_parse (text, &parsed));
      g_assert_cmpint (parsed, ==, cases[i].unix_time);
    }

  /* Year 10000 has no RFC 3339 form. */
  g_test_expect_message ("aivo-sandbox-util", G_LOG_LEVEL_CRITICAL, "*format_time*");
  g_assert_null (aivo_sandbox_time_format (253402300800));
  g_test_assert_expected_messages ();
}

/* The same calls on JsonBuilder and on the writer give the same text. */
typedef struct
{
  JsonBuilder           *builder;
  AivoSandboxJsonWriter *writer;
} BothWriters;

static void
both_begin (BothWriters *both,
            gboolean     object)
{
  if (object)
    {
      json_builder_begin_object (both->builder);
      aivo_sandbox_json_writer_begin_object (both->writer);
    }
  else
    {
      json_builder_begin_array (both->builder);
      aivo_sandbox_json_writer_begin_array (both->writer);
    }
}

static void
both_end (BothWriters *both,
          gboolean     object)
{
  if (object)
    {
      json_builder_end_object (both->builder);
      aivo_sandbox_json_writer_end_object (both->writer);
    }
  else
    {
      json_builder_end_array (both->builder);
      aivo_sandbox_json_writer_end_array (both->writer);
    }
}

static void
both_member (BothWriters *both,
             const char  *name)
{
  json_builder_set_member_name (both->builder, name);
  aivo_sandbox_json_writer_set_member_name (both->writer, name);
}

static void
test_json_writer (void)
{
  static const double doubles[] = { 0.1, 2.0, -0.0, 1e300, 123.456, -7.5e-8, 1.0 / 3 };
  static const gint64 ints[] = { 0, 1, -1, 42, G_MININT64, G_MAXINT64 };
  BothWriters both = { json_builder_new (), aivo_sandbox_json_writer_new () };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;
  char every_control[0x20];

  /* Every control character json-glib escapes (1.6 forgets 0x1f, see below). */
  for (guint i = 0; i < 0x1e; i++)
    every_control[i] = (char) (i + 1);
  every_control[0x1e] = 0x7f;
  every_control[0x1f] = '\0';

  both_begin (&both, TRUE);
  both_member (&both, "strings");
  both_begin (&both, FALSE);
  {
    const char *strings[] = { "", "plain", "quote \" backslash \\ slash /", every_control,
                              "é … 😀 \xe2\x80\xa8", "line\nbreak\ttab\rreturn" };

    for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
      {
        json_builder_add_string_value (both.builder, strings[i]);
        aivo_sandbox_json_writer_add_string_value (both.writer, strings[i]);
      }
  }
  both_end (&both, FALSE);
  both_member (&both, "doubles");
  both_begin (&both, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (doubles); i++)
    {
      json_builder_add_double_value (both.builder, doubles[i]);
      aivo_sandbox_json_writer_add_double_value (both.writer, doubles[i]);
    }
  both_end (&both, FALSE);
  both_member (&both, "ints");
  both_begin (&both, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (ints); i++)
    {
      json_builder_add_int_value (both.builder, ints[i]);
      aivo_sandbox_json_writer_add_int_value (both.writer, ints[i]);
    }
  both_end (&both, FALSE);
  both_member (&both, "names \"escaped\"\n");
  json_builder_add_boolean_value (both.builder, TRUE);
  aivo_sandbox_json_writer_add_boolean_value (both.writer, TRUE);
  both_member (&both, "false");
  json_builder_add_boolean_value (both.builder, FALSE);
  aivo_sandbox_json_writer_add_boolean_value (both.writer, FALSE);
  both_member (&both, "null");
  json_builder_add_null_value (both.builder);
  aivo_sandbox_json_writer_add_null_value (both.writer);
  both_member (&both, "empty");
  both_begin (&both, FALSE);
  both_begin (&both, TRUE);
  both_end (&both, TRUE);
  both_begin (&both, FALSE);
  both_end (&both, FALSE);
  both_begin (&both, TRUE);
  both_member (&both, "deep");
  both_begin (&both, FALSE);
  both_begin (&both, TRUE);
  both_end (&both, TRUE);
  both_end (&both, FALSE);
  both_end (&both, TRUE);
  both_end (&both, FALSE);
  both_end (&both, TRUE);

  root = json_builder_get_root (both.builder);
  expected = json_to_string (root, FALSE);
  text = aivo_sandbox_json_writer_steal_text (both.writer, NULL);
  g_assert_cmpstr (text, ==, expected);

  g_object_unref (both.builder);
  aivo_sandbox_json_writer_free (both.writer);

  {
    /* json-glib 1.6 writes 0x1f raw, which is not JSON (RFC 8259, 7). */
    g_autoptr(AivoSandboxJsonWriter) writer = aivo_sandbox_json_writer_new ();
    g_autofree char *unit_separator = NULL;

    aivo_sandbox_json_writer_add_string_value (writer, "a\x1f");
    unit_separator = aivo_sandbox_json_writer_steal_text (writer, NULL);
    g_assert_cmpstr (unit_separator, ==, "\"a\\u001f\"");
  }

  {
    /* JSON has no infinity: null, where json-glib would write "inf". */
    g_autoptr(AivoSandboxJsonWriter) writer = aivo_sandbox_json_writer_new ();
    g_autofree char *infinite = NULL;

    aivo_sandbox_json_writer_begin_array (writer);
    aivo_sandbox_json_writer_add_double_value (writer, INFINITY);
    aivo_sandbox_json_writer_add_double_value (writer, NAN);
    aivo_sandbox_json_writer_add_string_value (writer, NULL);
    aivo_sandbox_json_writer_end_array (writer);
    infinite = aivo_sandbox_json_writer_steal_text (writer, NULL);
    g_assert_cmpstr (infinite, ==, "[null,null,null]");
  }

  {
    /* Misuse is refused, and leaves the text as it was. */
    g_autoptr(AivoSandboxJsonWriter) writer = aivo_sandbox_json_writer_new ();
    g_autofree char *kept = NULL;

    aivo_sandbox_json_writer_begin_object (writer);
    g_test_expect_message ("aivo-sandbox-json-writer", G_LOG_LEVEL_CRITICAL, "*!in_object (writer)*");
    aivo_sandbox_json_writer_add_int_value (writer, 1);
    g_test_expect_message ("aivo-sandbox-json-writer", G_LOG_LEVEL_CRITICAL, "*in_object (writer) == object*");
    aivo_sandbox_json_writer_end_array (writer);
    g_test_assert_expected_messages ();
    aivo_sandbox_json_writer_end_object (writer);
    kept = aivo_sandbox_json_writer_steal_text (writer, NULL);
    g_assert_cmpstr (kept, ==, "{}");
  }
}

static void
test_dates (void)
{
  struct {
    const char *text;
    gint64      day;      /* -1: malformed */
  } cases[] = {
    { "1970-01-01", 0 },
    { "1970-01-02", 1 },
    { "2026-11-26", 20783 },
    { "2028-02-29", 21243 },
    { "1969-12-31", -1 },
    { "2026-02-29", G_MININT64 },
    { "2026-11-31", G_MININT64 },
    { "2026-13-01", G_MININT64 },
    { "2026-00-10", G_MININT64 },
    { "0000-01-01", G_MININT64 },
    { "2026-1-01", G_MININT64 },
    { "2026-11-26T00:00:00Z", G_MININT64 },
    { "2026/11/26", G_MININT64 },
    { "+026-11-26", G_MININT64 },
    { "", G_MININT64 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 day = 12345;
      gboolean valid = aivo_sandbox_text_parse_date (cases[i].text, &day);

      g_test_message ("“%s”", cases[i].text);
      g_assert_cmpint (valid, ==, cases[i].day != G_MININT64);
      if (valid)
        g_assert_cmpint (day, ==, cases[i].day);
    }

  g_assert_true (aivo_sandbox_text_parse_date ("9999-12-31", NULL));
  g_assert_true (aivo_sandbox_text_parse_date ("0001-01-01", NULL));
}

/* An exchange with only a body: replies are recorded, not sent. */
static AivoSandboxExchange *
exchange_for (const char *body)
{
  AivoSandboxExchange *ex = aivo_sandbox_exchange_new (NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;
  JsonNode *node = aivo_sandbox_json_parse_strict (body, strlen (body), &error);

  g_assert_no_error (error);
  aivo_sandbox_exchange_set_body (ex, node);
  return ex;
}

typedef gboolean (*Check) (AivoSandboxExchange *ex);

static gboolean
check_name (AivoSandboxExchange *ex)
{
  g_autofree char *name = NULL;
  gboolean ok = aivo_sandbox_validate_string (ex, "name", AIVO_SANDBOX_FIELD_REQUIRED, 1, 5, &name);

  g_assert_true (!ok || g_utf8_strlen (name, -1) <= 5);
  return ok;
}

static gboolean
check_notes (AivoSandboxExchange *ex)
{
  return aivo_sandbox_validate_string (ex, "notes", AIVO_SANDBOX_FIELD_TEXT | AIVO_SANDBOX_FIELD_NULLABLE, 0, 20, NULL);
}

static gboolean
check_fields (AivoSandboxExchange *ex)
{
  static const char * const fields[] = { "a", "b", NULL };

  return aivo_sandbox_validate_fields (ex, fields);
}

static gboolean
check_enum (AivoSandboxExchange *ex)
{
  static const char * const values[] = { "draft", "published", NULL };

  return aivo_sandbox_validate_enum (ex, "status", AIVO_SANDBOX_FIELD_OPTIONAL, values, NULL);
}

static gboolean
check_bool (AivoSandboxExchange *ex)
{
  return aivo_sandbox_validate_bool (ex, "active", AIVO_SANDBOX_FIELD_REQUIRED, NULL);
}

static gboolean
check_int (AivoSandboxExchange *ex)
{
  return aivo_sandbox_validate_int (ex, "n", AIVO_SANDBOX_FIELD_OPTIONAL, 60, 7200, NULL);
}

static gboolean
check_events (AivoSandboxExchange *ex)
{
  static const char * const events[] = { "call.started", "call.missed", NULL };

  return aivo_sandbox_validate_string_array (ex, "events", AIVO_SANDBOX_FIELD_REQUIRED, events, 1, 5, 0, NULL);
}

static gboolean
check_tags (AivoSandboxExchange *ex)
{
  return aivo_sandbox_validate_string_array (ex, "tags", AIVO_SANDBOX_FIELD_OPTIONAL, NULL, 0, 2, 3, NULL);
}

static gboolean
check_phone (AivoSandboxExchange *ex)
{
  return aivo_sandbox_validate_phone (ex, "to", AIVO_SANDBOX_FIELD_NULLABLE, NULL);
}

static gboolean
check_email (AivoSandboxExchange *ex)
{
  return aivo_sandbox_validate_email (ex, "email", AIVO_SANDBOX_FIELD_OPTIONAL, NULL);
}

static gboolean
check_time (AivoSandboxExchange *ex)
{
  return aivo_sandbox_validate_time (ex, "starts_at", AIVO_SANDBOX_FIELD_REQUIRED, NULL);
}

static gboolean
check_url (AivoSandboxExchange *ex)
{
  return aivo_sandbox_validate_url (ex, "url", AIVO_SANDBOX_FIELD_REQUIRED, 40, NULL);
}

static gboolean
check_language (AivoSandboxExchange *ex)
{
  return aivo_sandbox_validate_language (ex, "language", AIVO_SANDBOX_FIELD_OPTIONAL, NULL);
}

static gboolean
check_absent (AivoSandboxExchange *ex)
{
  return aivo_sandbox_validate_absent (ex, "status", "Cancel it instead.");
}

static void
test_validators (void)
{
  struct {
    Check       check;
    const char *body;
    const char *param;   /* NULL: valid */
  } cases[] = {
    { check_name, "{\"name\": \"Ana\"}", NULL },
    { check_name, "{\"name\": \"  Ana  \"}", NULL },
    { check_name, "{\"name\": \"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\"}", NULL },
    { check_name, "{\"name\": \"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\"}", "name" },
    { check_name, "{\"name\": \"\\u3000\\u00a0\"}", "name" },
    { check_name, "{\"name\": \"a\\nb\"}", "name" },
    { check_name, "{\"name\": \"a\\u009fb\"}", "name" },
    { check_name, "{\"name\": \"a\\u007f\"}", "name" },
    { check_name, "{\"name\": 1}", "name" },
    { check_name, "{\"name\": null}", "name" },
    { check_name, "{}", "name" },
    { check_notes, "{\"notes\": \"line\\nline\\ttab\"}", NULL },
    { check_notes, "{\"notes\": \"\"}", NULL },
    { check_notes, "{\"notes\": null}", NULL },
    { check_notes, "{}", NULL },
    { check_notes, "{\"notes\": \"bell\\u0007\"}", "notes" },
    { check_notes, "{\"notes\": \"twenty-one characters\"}", "notes" },
    { check_fields, "{\"a\": 1, \"b\": 2}", NULL },
    { check_fields, "{\"a\": 1, \"c\": 2}", "c" },
    { check_enum, "{\"status\": \"draft\"}", NULL },
    { check_enum, "{}", NULL },
    { check_enum, "{\"status\": \"Draft\"}", "status" },
    { check_enum, "{\"status\": 1}", "status" },
    { check_bool, "{\"active\": false}", NULL },
    { check_bool, "{\"active\": 0}", "active" },
    { check_bool, "{\"active\": \"true\"}", "active" },
    { check_int, "{\"n\": 60}", NULL },
    { check_int, "{\"n\": 7200}", NULL },
    { check_int, "{\"n\": 59}", "n" },
    { check_int, "{\"n\": 7201}", "n" },
    { check_int, "{\"n\": 61.5}", "n" },
    { check_int, "{\"n\": \"61\"}", "n" },
    { check_int, "{\"n\": true}", "n" },
    { check_events, "{\"events\": [\"call.started\", \"call.missed\"]}", NULL },
    { check_events, "{\"events\": []}", "events" },
    { check_events, "{\"events\": [\"call.started\", \"call.started\"]}", "events" },
    { check_events, "{\"events\": [\"call.ended\"]}", "events" },
    { check_events, "{\"events\": \"call.started\"}", "events" },
    { check_events, "{\"events\": [null]}", "events" },
    { check_tags, "{\"tags\": []}", NULL },
    { check_tags, "{\"tags\": [\" ab \", \"cde\"]}", NULL },
    { check_tags, "{\"tags\": [\"abcd\"]}", "tags" },
    { check_tags, "{\"tags\": [\"\"]}", "tags" },
    { check_tags, "{\"tags\": [\"a\", \"b\", \"c\"]}", "tags" },
    { check_tags, "{\"tags\": [\"a\", \" a\"]}", "tags" },
    { check_phone, "{\"to\": \"+15550100000\"}", NULL },
    { check_phone, "{\"to\": \"+12345678\"}", NULL },
    { check_phone, "{\"to\": \"+123456789012345\"}", NULL },
    { check_phone, "{\"to\": null}", NULL },
    { check_phone, "{\"to\": \"+1234567\"}", "to" },
    { check_phone, "{\"to\": \"+1234567890123456\"}", "to" },
    { check_phone, "{\"to\": \"15550100000\"}", "to" },
    { check_phone, "{\"to\": \"+1 555 010 0000\"}", "to" },
    { check_email, "{\"email\": \"a@b\"}", NULL },
    { check_email, "{\"email\": \"a@\"}", "email" },
    { check_email, "{\"email\": \"a b@c\"}", "email" },
    { check_email, "{\"email\": \"a@b@c\"}", "email" },
    { check_time, "{\"starts_at\": \"2026-11-26T10:00:00Z\"}", NULL },
    { check_time, "{\"starts_at\": \"tomorrow\"}", "starts_at" },
    { check_time, "{}", "starts_at" },
    { check_time, "{\"starts_at\": \"1970-01-01T00:00:01Z\"}", NULL },
    { check_time, "{\"starts_at\": \"9999-12-31T23:59:59Z\"}", NULL },
    { check_time, "{\"starts_at\": \"1970-01-01T00:00:00Z\"}", "starts_at" },
    { check_time, "{\"starts_at\": \"1969-07-20T20:17:40Z\"}", "starts_at" },
    { check_time, "{\"starts_at\": \"9999-12-31T23:59:59-00:01\"}", "starts_at" },
    { check_language, "{\"language\": \"en\"}", NULL },
    { check_language, "{\"language\": \"en-US\"}", NULL },
    { check_language, "{\"language\": \"es-419\"}", NULL },
    { check_language, "{\"language\": \"zh-Hant-TW\"}", NULL },
    { check_language, "{\"language\": \"e\"}", "language" },
    { check_language, "{\"language\": \"en_US\"}", "language" },
    { check_language, "{\"language\": \"en-\"}", "language" },
    { check_language, "{\"language\": \"1a-US\"}", "language" },
    { check_language, "{\"language\": \"en-abcdefghi\"}", "language" },
    { check_language, "{\"language\": 1}", "language" },
    { check_url, "{\"url\": \"https://example.com/hook\"}", NULL },
    { check_url, "{\"url\": \"HTTP://example.com\"}", NULL },
    { check_url, "{\"url\": \"ftp://example.com\"}", "url" },
    { check_url, "{\"url\": \"/relative\"}", "url" },
    { check_url, "{\"url\": \"https://\"}", "url" },
    { check_url, "{\"url\": \"https://exa mple.com\"}", "url" },
    { check_url, "{\"url\": \"https://example.com/a-path-longer-than-forty\"}", "url" },
    { check_absent, "{\"title\": \"x\"}", NULL },
    { check_absent, "{\"status\": \"cancelled\"}", "status" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AivoSandboxExchange) ex = exchange_for (cases[i].body);
      gboolean valid;

      g_test_message ("case %u: %s", i, cases[i].body);
      valid = cases[i].check (ex);
      g_assert_cmpint (valid, ==, cases[i].param == NULL);
      if (cases[i].param != NULL)
        {
          g_assert_cmpuint (ex->status, ==, 422);
          g_assert_cmpstr (ex->error_code, ==, "validation_failed");
          g_assert_cmpstr (ex->error_param, ==, cases[i].param);
        }
      else
        g_assert_cmpuint (ex->status, ==, 0);
    }

  {
    g_autoptr(AivoSandboxExchange) ex = exchange_for ("{\"name\": \"  Ana Lima \", \"tags\": [\" x \"]}");
    g_autofree char *name = NULL;
    g_auto(GStrv) tags = NULL;

    g_assert_true (aivo_sandbox_validate_string (ex, "name", AIVO_SANDBOX_FIELD_REQUIRED, 1, 100, &name));
    g_assert_cmpstr (name, ==, "Ana Lima");
    g_assert_true (aivo_sandbox_validate_string_array (ex, "tags", AIVO_SANDBOX_FIELD_OPTIONAL, NULL, 0, 5, 10, &tags));
    g_assert_cmpstr (tags[0], ==, "x");
    g_assert_null (tags[1]);
  }

  /* [] is an empty list, not an absent one. */
  {
    g_autoptr(AivoSandboxExchange) ex = exchange_for ("{\"tags\": []}");
    g_auto(GStrv) tags = NULL;

    g_assert_true (aivo_sandbox_validate_string_array (ex, "tags", AIVO_SANDBOX_FIELD_OPTIONAL, NULL, 0, 5, 10, &tags));
    g_assert_nonnull (tags);
    g_assert_null (tags[0]);
  }
}

static void
handler_a (AivoSandboxExchange *ex)
{
}

static void
handler_b (AivoSandboxExchange *ex)
{
}

static void
test_router (void)
{
  g_autoptr(AivoSandboxRouter) router = aivo_sandbox_router_new ();
  AivoSandboxRouteMatch match;
  const AivoSandboxRoute *routes;
  guint n_routes;

  aivo_sandbox_router_add (router, "GET", "/v1/contacts", AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CONTACTS_READ), handler_a);
  aivo_sandbox_router_add (router, "POST", "/v1/contacts", AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CONTACTS_WRITE), handler_a);
  aivo_sandbox_router_add (router, "GET", "/v1/contacts/{id}", AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CONTACTS_READ), handler_b);
  aivo_sandbox_router_add (router, "DELETE", "/v1/contacts/{id}", AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CONTACTS_WRITE), handler_b);
  aivo_sandbox_router_add (router, "GET", "/v1/contacts/export", AIVO_SANDBOX_REQUIRE_ACCOUNT_TOKEN, handler_a);
  aivo_sandbox_router_add (router, "POST", "/v1/calls/{id}/notes/{note}", AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CALLS_WRITE), handler_b);
  aivo_sandbox_router_add (router, "GET", "/v1/openapi.json", AIVO_SANDBOX_REQUIRE_NOTHING, handler_a);

  routes = aivo_sandbox_router_get_routes (router, &n_routes);
  g_assert_cmpuint (n_routes, ==, 7);
  g_assert_cmpstr (routes[2].method, ==, "GET");
  g_assert_cmpstr (routes[2].path_template, ==, "/v1/contacts/{id}");
  g_assert_cmpint (routes[2].requirement.access, ==, AIVO_SANDBOX_ACCESS_SCOPE);
  g_assert_cmpint (routes[2].requirement.scope, ==, AIVO_SCOPE_CONTACTS_READ);

  aivo_sandbox_router_match (router, "GET", "/v1/contacts/con_123", &match);
  g_assert_cmpint (match.result, ==, AIVO_SANDBOX_ROUTE_FOUND);
  g_assert_true (match.route == &routes[2]);
  g_assert_cmpuint (match.n_params, ==, 1);
  g_assert_cmpmem (match.param_names[0], match.param_name_lengths[0], "id", 2);
  g_assert_cmpmem (match.param_values[0], match.param_value_lengths[0], "con_123", 7);
  g_assert_false (match.public_path);

  /* A literal segment beats a parameter. */
  aivo_sandbox_router_match (router, "GET", "/v1/contacts/export", &match);
  g_assert_true (match.route == &routes[4]);
  g_assert_cmpuint (match.n_params, ==, 0);

  aivo_sandbox_router_match (router, "POST", "/v1/calls/c1/notes/n2", &match);
  g_assert_true (match.route == &routes[5]);
  g_assert_cmpuint (match.n_params, ==, 2);
  g_assert_cmpmem (match.param_values[1], match.param_value_lengths[1], "n2", 2);

  aivo_sandbox_router_match (router, "PUT", "/v1/contacts/con_1", &match);
  g_assert_cmpint (match.result, ==, AIVO_SANDBOX_ROUTE_NO_METHOD);
  g_assert_cmpstr (match.allow, ==, "GET, DELETE");

  aivo_sandbox_router_match (router, "DELETE", "/v1/contacts", &match);
  g_assert_cmpint (match.result, ==, AIVO_SANDBOX_ROUTE_NO_METHOD);
  g_assert_cmpstr (match.allow, ==, "GET, POST");

  aivo_sandbox_router_match (router, "POST", "/v1/openapi.json", &match);
  g_assert_cmpint (match.result, ==, AIVO_SANDBOX_ROUTE_NO_METHOD);
  g_assert_true (match.public_path);

  {
    const char *not_found[] = {
      "/v1/contacts/", "/v1/contacts//", "/v1//contacts", "/v1/contacts/a/b", "/v1", "/", "",
      "/v1/contact", "/v1/contactsx", "/V1/contacts", "/v1/calls/c1/notes/", "//v1/contacts",
    };

    for (guint i = 0; i < G_N_ELEMENTS (not_found); i++)
      {
        g_test_message ("“%s”", not_found[i]);
        aivo_sandbox_router_match (router, "GET", not_found[i], &match);
        g_assert_cmpint (match.result, ==, AIVO_SANDBOX_ROUTE_NO_PATH);
        g_assert_null (match.route);
      }
  }
}

static void
test_rate_limiter (void)
{
  g_autoptr(AivoSandboxRateLimiter) limiter = aivo_sandbox_rate_limiter_new (60);
  AivoSandboxRateDecision decision;
  gint64 start = 1795687200;   /* a multiple of 60 */

  for (guint i = 0; i < 5; i++)
    {
      g_assert_true (aivo_sandbox_rate_limiter_admit (limiter, "acct_a", 5, start + 10, &decision));
      g_assert_cmpuint (decision.remaining, ==, 4 - i);
      g_assert_cmpuint (decision.limit, ==, 5);
      g_assert_cmpint (decision.reset, ==, start + 60);
      g_assert_cmpuint (decision.retry_after, ==, 50);
    }

  /* Refused requests are not counted, and other buckets are untouched. */
  for (guint i = 0; i < 3; i++)
    {
      g_assert_false (aivo_sandbox_rate_limiter_admit (limiter, "acct_a", 5, start + 59, &decision));
      g_assert_cmpuint (decision.remaining, ==, 0);
      g_assert_cmpuint (decision.retry_after, ==, 1);
    }
  g_assert_true (aivo_sandbox_rate_limiter_admit (limiter, "addr:127.0.0.1", 5, start + 59, &decision));
  g_assert_cmpuint (decision.remaining, ==, 4);

  /* A new window starts from zero; the retry is never 0 nor over the window. */
  g_assert_true (aivo_sandbox_rate_limiter_admit (limiter, "acct_a", 5, start + 60, &decision));
  g_assert_cmpuint (decision.remaining, ==, 4);
  g_assert_cmpuint (decision.retry_after, ==, 60);
  g_assert_cmpint (decision.reset, ==, start + 120);

  /* A lower limit for the same bucket takes effect at once. */
  g_assert_false (aivo_sandbox_rate_limiter_admit (limiter, "acct_a", 1, start + 61, &decision));
  g_assert_cmpuint (decision.remaining, ==, 0);

  /* Buckets of windows that are over are forgotten. */
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *bucket = g_strdup_printf ("addr:10.0.%u.%u", i / 256, i % 256);

      aivo_sandbox_rate_limiter_admit (limiter, bucket, 60, start + 70, &decision);
    }
  g_assert_cmpuint (aivo_sandbox_rate_limiter_get_n_buckets (limiter), >=, 1000);
  aivo_sandbox_rate_limiter_admit (limiter, "acct_a", 5, start + 200, &decision);
  g_assert_cmpuint (aivo_sandbox_rate_limiter_get_n_buckets (limiter), ==, 1);
}

static gboolean
insert_then_fail (gpointer   user_data,
                  GError   **error)
{
  AivoSandboxDatabase *db = user_data;

  g_assert_true (aivo_sandbox_database_execute (db, error, "INSERT INTO account (id, name, created_at) VALUES (?1, ?2, ?3)",
                                                "ssI", "acct_rolled", "Rolled back", (gint64) 1));
  /* The same id again: a constraint error, which rolls everything back. */
  return aivo_sandbox_database_execute (db, error, "INSERT INTO account (id, name, created_at) VALUES (?1, ?2, ?3)",
                                        "ssI", "acct_rolled", "Again", (gint64) 1);
}

static void
test_database (void)
{
  g_autofree char *dir = g_dir_make_tmp ("aivo-sandbox-db-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sandbox.db", NULL);
  g_autoptr(GError) error = NULL;

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(AivoSandboxDatabase) db = aivo_sandbox_database_open (path, &error);
      g_autoptr(AivoSandboxStatement) stmt = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (aivo_sandbox_database_was_created (db), ==, round == 0);
      g_assert_cmpint (aivo_sandbox_database_get_schema_version (db), >=, 1);
      g_assert_cmpint (aivo_sandbox_database_query_int (db, -1, "PRAGMA foreign_keys", NULL), ==, 1);
      g_assert_cmpint (aivo_sandbox_database_query_int (db, -1, "PRAGMA synchronous", NULL), ==, 2);

      stmt = aivo_sandbox_database_query (db, &error, "PRAGMA journal_mode", NULL);
      g_assert_true (aivo_sandbox_database_step (db, stmt, &error));
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
      g_clear_pointer (&stmt, aivo_sandbox_statement_reset);

      g_assert_false (aivo_sandbox_database_transaction (db, insert_then_fail, db, &error));
      g_assert_error (error, AIVO_SANDBOX_DATABASE_ERROR, AIVO_SANDBOX_DATABASE_ERROR_CONSTRAINT);
      g_clear_error (&error);
      g_assert_cmpint (aivo_sandbox_database_query_int (db, -1, "SELECT COUNT(*) FROM account WHERE id = ?1",
                                                        "s", "acct_rolled"), ==, 0);

      if (round == 0)
        g_assert_true (aivo_sandbox_database_execute (db, &error,
                                                      "INSERT INTO account (id, name, created_at) VALUES (?1, ?2, ?3)",
                                                      "ssI", "acct_kept", NULL == NULL ? "Kept" : "", (gint64) 2));
      g_assert_no_error (error);
      g_assert_cmpint (aivo_sandbox_database_query_int (db, -1, "SELECT created_at FROM account WHERE id = ?1",
                                                        "s", "acct_kept"), ==, 2);
      aivo_sandbox_database_close (db);
      g_assert_false (aivo_sandbox_database_is_open (db));
    }

  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
    g_unlink (path);
    g_rmdir (dir);
  }
}

/* The route table and the OpenAPI document the sandbox serves describe the
 * same API, in both directions: every route is an operation of the document
 * with the same requirement (x-required-scope for scoped routes,
 * x-required-credential for routes of the account token only, no security
 * at all for public ones), and every operation of the document is routed. */
#define N_OPERATIONS 38

static const char * const http_methods[] = { "get", "put", "post", "delete", "options", "head", "patch", "trace", NULL };

static void
test_routes_match_openapi (void)
{
  g_autoptr(AivoSandboxServer) server = aivo_sandbox_server_new ("/nonexistent", AIVO_SANDBOX_PLAN_STARTER, 0, 60, TRUE);
  g_autoptr(GBytes) document = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) routed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) path_names = NULL;
  const AivoSandboxRoute *routes;
  JsonObject *paths;
  guint n_routes;
  guint n_operations = 0;

  document = g_resources_lookup_data ("/bz/aivo/Sandbox/openapi/aivo-v1.json", G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  root = aivo_sandbox_json_parse_strict (g_bytes_get_data (document, NULL), g_bytes_get_size (document), &error);
  g_assert_no_error (error);
  paths = json_object_get_object_member (json_node_get_object (root), "paths");
  g_assert_nonnull (paths);

  routes = aivo_sandbox_router_get_routes (aivo_sandbox_server_get_router (server), &n_routes);
  g_assert_cmpuint (n_routes, ==, N_OPERATIONS);

  /* Route → operation. */
  for (guint i = 0; i < n_routes; i++)
    {
      g_autofree char *method = g_ascii_strdown (routes[i].method, -1);
      JsonObject *path_item;
      JsonObject *operation;
      const char *scope;

      g_test_message ("route: %s %s", routes[i].method, routes[i].path_template);
      g_assert_true (json_object_has_member (paths, routes[i].path_template));
      path_item = json_object_get_object_member (paths, routes[i].path_template);
      g_assert_true (json_object_has_member (path_item, method));
      operation = json_object_get_object_member (path_item, method);
      g_assert_nonnull (operation);

      /* No route twice. */
      g_assert_true (g_hash_table_add (routed, g_strconcat (routes[i].method, " ", routes[i].path_template, NULL)));

      scope = json_object_get_string_member_with_default (operation, "x-required-scope", NULL);
      switch (routes[i].requirement.access)
        {
        case AIVO_SANDBOX_ACCESS_SCOPE:
          g_assert_cmpstr (scope, ==, aivo_scope_to_string (routes[i].requirement.scope));
          break;
        case AIVO_SANDBOX_ACCESS_ACCOUNT_TOKEN:
          g_assert_null (scope);
          g_assert_true (json_object_has_member (operation, "x-required-credential"));
          break;
        case AIVO_SANDBOX_ACCESS_PUBLIC:
        default:
          g_assert_null (scope);
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (operation, "security")), ==, 0);
          break;
        }
    }

  /* Operation → route, for every path of the document. */
  path_names = json_object_get_members (paths);
  for (const GList *p = path_names; p != NULL; p = p->next)
    {
      JsonObject *path_item = json_object_get_object_member (paths, p->data);

      for (guint m = 0; http_methods[m] != NULL; m++)
        {
          g_autofree char *method = g_ascii_strup (http_methods[m], -1);
          g_autofree char *key = g_strconcat (method, " ", (const char *) p->data, NULL);

          if (!json_object_has_member (path_item, http_methods[m]))
            continue;

          g_test_message ("document: %s", key);
          g_assert_true (g_hash_table_contains (routed, key));
          n_operations++;
        }
    }
  g_assert_cmpuint (n_operations, ==, N_OPERATIONS);
}

/* An embedded server ------------------------------------------------------ */

typedef struct
{
  char              *data_dir;
  AivoSandboxServer *server;
  GMainContext      *context;
  GMainLoop         *loop;
  GThread           *thread;
  GMutex             mutex;
  GCond              cond;
  gboolean           ready;
  gboolean           with_things;   /* the extra /v1/things routes and table */
  char              *base_url;
  char              *token;
} Embedded;

static void
thing_row (AivoSandboxExchange   *ex,
           AivoSandboxJsonWriter *writer,
           sqlite3_stmt          *row)
{
  aivo_sandbox_json_writer_begin_object (writer);
  aivo_sandbox_writer_add_column (writer, "id", row, 0);
  aivo_sandbox_writer_add_column_time (writer, "created_at", row, 1);
  aivo_sandbox_json_writer_end_object (writer);
}

static void
list_things (AivoSandboxExchange *ex)
{
  aivo_sandbox_exchange_reply_list (ex, "things", "id, created_at", thing_row);
}

static void
get_thing (AivoSandboxExchange *ex)
{
  aivo_sandbox_exchange_reply_record (ex, 200, "things", "id, created_at", aivo_sandbox_exchange_get_param (ex, "id"), thing_row);
}

static void
delete_thing (AivoSandboxExchange *ex)
{
  aivo_sandbox_exchange_reply_delete (ex, "things", aivo_sandbox_exchange_get_param (ex, "id"));
}

static gpointer
server_thread (gpointer user_data)
{
  Embedded *embedded = user_data;
  AivoSandboxRouter *router;
  AivoSandboxDatabase *db;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (embedded->context);

  router = aivo_sandbox_server_get_router (embedded->server);
  if (embedded->with_things)
    {
      aivo_sandbox_router_add (router, "GET", "/v1/things", AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CALLS_READ), list_things);
      aivo_sandbox_router_add (router, "GET", "/v1/things/{id}", AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CALLS_READ), get_thing);
      aivo_sandbox_router_add (router, "DELETE", "/v1/things/{id}", AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CALLS_WRITE), delete_thing);
    }

  aivo_sandbox_server_start (embedded->server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);

  db = aivo_sandbox_server_get_database (embedded->server);
  g_assert_true (!embedded->with_things || aivo_sandbox_database_execute (db, &error,
                                                "CREATE TABLE things (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                                                "id TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL)", NULL));
  for (guint i = 0; embedded->with_things && i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("thg_%u", i);

      g_assert_true (aivo_sandbox_database_execute (db, &error, "INSERT INTO things (id, created_at) VALUES (?1, ?2)",
                                                    "sI", id, (gint64) 1795687200 + i));
    }

  g_mutex_lock (&embedded->mutex);
  embedded->base_url = g_strdup (aivo_sandbox_server_get_base_url (embedded->server));
  embedded->token = g_strdup (aivo_sandbox_server_peek_account_token (embedded->server));
  embedded->ready = TRUE;
  g_cond_signal (&embedded->cond);
  g_mutex_unlock (&embedded->mutex);

  g_main_loop_run (embedded->loop);

  aivo_sandbox_server_stop (embedded->server);
  g_assert_null (aivo_sandbox_server_peek_account_token (embedded->server));
  g_main_context_pop_thread_default (embedded->context);

  return NULL;
}

static gboolean
quit_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* Runs a server (starter plan, no demo data) on a thread with its own main
 * context, as the app embeds it. */
static void
embedded_start (Embedded *embedded,
                gboolean  with_things,
                guint     request_timeout,
                guint     idle_timeout)
{
  embedded->data_dir = g_dir_make_tmp ("aivo-sandbox-embedded-XXXXXX", NULL);
  embedded->server = g_object_new (AIVO_SANDBOX_TYPE_SERVER,
                                   "data-dir", embedded->data_dir,
                                   "plan", AIVO_SANDBOX_PLAN_STARTER,
                                   "empty", TRUE,
                                   "request-timeout", request_timeout,
                                   "idle-timeout", idle_timeout,
                                   NULL);
  embedded->with_things = with_things;
  embedded->context = g_main_context_new ();
  embedded->loop = g_main_loop_new (embedded->context, FALSE);
  g_mutex_init (&embedded->mutex);
  g_cond_init (&embedded->cond);

  embedded->thread = g_thread_new ("sandbox", server_thread, embedded);
  g_mutex_lock (&embedded->mutex);
  while (!embedded->ready)
    g_cond_wait (&embedded->cond, &embedded->mutex);
  g_mutex_unlock (&embedded->mutex);
}

static void
embedded_stop (Embedded *embedded)
{
  g_main_context_invoke (embedded->context, quit_loop, embedded->loop);
  g_thread_join (g_steal_pointer (&embedded->thread));

  g_assert_false (aivo_sandbox_server_is_running (embedded->server));
  g_clear_object (&embedded->server);
  g_main_loop_unref (embedded->loop);
  g_main_context_unref (embedded->context);
  g_mutex_clear (&embedded->mutex);
  g_cond_clear (&embedded->cond);
  g_free (embedded->base_url);
  g_free (embedded->token);

  {
    g_autoptr(GDir) dir = g_dir_open (embedded->data_dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (embedded->data_dir, name, NULL);

        g_unlink (file);
      }
    g_rmdir (embedded->data_dir);
    g_free (embedded->data_dir);
  }
}

static guint
get (Embedded    *embedded,
     SoupSession *session,
     const char  *method,
     const char  *path,
     JsonNode   **json)
{
  g_autofree char *url = g_strconcat (embedded->base_url, path, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", embedded->token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  if (json != NULL)
    {
      *json = aivo_sandbox_json_parse_strict (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
      g_assert_no_error (error);
    }

  return soup_message_get_status (msg);
}

static void
assert_page (JsonNode   *json,
             const char *first_id,
             guint       length,
             gboolean    has_more)
{
  JsonObject *root = json_node_get_object (json);
  JsonArray *data = json_object_get_array_member (root, "data");

  g_assert_cmpuint (json_array_get_length (data), ==, length);
  if (first_id != NULL)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (data, 0), "id"), ==, first_id);
  g_assert_cmpint (json_object_get_boolean_member (root, "has_more"), ==, has_more);
}

/* On a thread with its own main context (never the global default), as the
 * app embeds it; an extra route shows the list, record and delete helpers. */
static void
test_embedded (void)
{
  Embedded embedded = { 0 };
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) next = NULL;
  g_autoptr(JsonNode) last = NULL;
  g_autoptr(JsonNode) bad_limit = NULL;
  g_autoptr(JsonNode) bad_cursor = NULL;
  g_autoptr(JsonNode) record = NULL;

  embedded_start (&embedded, TRUE, AIVO_SANDBOX_DEFAULT_REQUEST_TIMEOUT, AIVO_SANDBOX_DEFAULT_IDLE_TIMEOUT);

  g_assert_cmpuint (get (&embedded, session, "GET", "/v1/account", NULL), ==, 200);

  g_assert_cmpuint (get (&embedded, session, "GET", "/v1/things?limit=2", &page), ==, 200);
  assert_page (page, "thg_0", 2, TRUE);
  g_assert_cmpuint (get (&embedded, session, "GET", "/v1/things?limit=2&starting_after=thg_1", &next), ==, 200);
  assert_page (next, "thg_2", 2, TRUE);
  g_assert_cmpuint (get (&embedded, session, "GET", "/v1/things?starting_after=thg_3", &last), ==, 200);
  assert_page (last, "thg_4", 1, FALSE);

  g_assert_cmpuint (get (&embedded, session, "GET", "/v1/things?limit=0", &bad_limit), ==, 400);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (bad_limit), "error"),
                                                  "param"), ==, "limit");
  g_assert_cmpuint (get (&embedded, session, "GET", "/v1/things?limit=101", NULL), ==, 400);
  g_assert_cmpuint (get (&embedded, session, "GET", "/v1/things?limit=2x", NULL), ==, 400);
  g_assert_cmpuint (get (&embedded, session, "GET", "/v1/things?starting_after=thg_9", &bad_cursor), ==, 400);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (bad_cursor), "error"),
                                                  "param"), ==, "starting_after");

  g_assert_cmpuint (get (&embedded, session, "GET", "/v1/things/thg_3", &record), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (record), "created_at"), ==, "2026-11-26T10:00:03Z");
  g_assert_cmpuint (get (&embedded, session, "DELETE", "/v1/things/thg_3", NULL), ==, 204);
  g_assert_cmpuint (get (&embedded, session, "DELETE", "/v1/things/thg_3", NULL), ==, 404);
  g_assert_cmpuint (get (&embedded, session, "GET", "/v1/things/thg_3", NULL), ==, 404);

  embedded_stop (&embedded);
}

static GSocketConnection *
embedded_connect (Embedded    *embedded,
                  const char  *first_bytes)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GUri) uri = g_uri_parse (embedded->base_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  g_socket_client_set_timeout (client, 10);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  if (first_bytes != NULL)
    {
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                 first_bytes, strlen (first_bytes), NULL, NULL, &error);
      g_assert_no_error (error);
    }

  return connection;
}

/* Everything the server sends until it closes the connection; fails the
 * test if that takes 10 s (the socket's timeout). */
static char *
read_until_closed (GSocketConnection *connection)
{
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  char buffer[4096];
  gssize n;

  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                   buffer, sizeof buffer, NULL, &error)) > 0)
    g_string_append_len (answer, buffer, n);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
    g_assert_no_error (error);

  return g_string_free (g_steal_pointer (&answer), FALSE);
}

/* API.md: an idle or slow client never blocks others. A request that trickles
 * in is answered 408 once its time is up; a connection that sends nothing,
 * or stops in the middle of a body, is closed. Short timeouts here (1 s for
 * a request, 2 s idle); the program's are 10 s and 75 s. */
static void
test_connection_timeouts (void)
{
  Embedded embedded = { 0 };
  g_autoptr(GSocketConnection) slow_headers = NULL;
  g_autoptr(GSocketConnection) slow_body = NULL;
  g_autoptr(GSocketConnection) silent = NULL;
  g_autoptr(GSocketConnection) kept_alive = NULL;
  g_autofree char *request = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *body_answer = NULL;
  g_autofree char *silent_answer = NULL;
  g_autofree char *kept_alive_answer = NULL;
  gint64 start;

  embedded_start (&embedded, FALSE, 1, 2);
  request = g_strdup_printf ("GET /v1/account HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n",
                             embedded.token);

  start = g_get_monotonic_time ();
  slow_headers = embedded_connect (&embedded, "GET /v1/account HTTP/1.1\r\nHost: x\r\nX-Slow: ");
  slow_body = embedded_connect (&embedded, "PATCH /v1/account HTTP/1.1\r\nHost: x\r\n"
                                           "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
  silent = embedded_connect (&embedded, NULL);
  kept_alive = embedded_connect (&embedded, request);

  /* Meanwhile the others are served. */
  {
    g_autoptr(SoupSession) session = soup_session_new ();

    g_assert_cmpuint (get (&embedded, session, "GET", "/v1/account", NULL), ==, 200);
  }

  answer = read_until_closed (slow_headers);
  g_test_message ("slow headers: %s", answer);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.0 408 Request Timeout\r\n") ||
                 g_str_has_prefix (answer, "HTTP/1.1 408 Request Timeout\r\n"));
  g_assert_nonnull (strstr (answer, "\r\nX-RateLimit-Limit: "));
  g_assert_nonnull (strstr (answer, "{\"error\":{\"code\":\"invalid_request\""));

  /* A body that stops half-way cannot be answered: the connection ends. */
  body_answer = read_until_closed (slow_body);
  g_assert_cmpstr (body_answer, ==, "");
  silent_answer = read_until_closed (silent);
  g_assert_cmpstr (silent_answer, ==, "");
  /* A kept-alive connection gets its answer, then is closed when idle. */
  kept_alive_answer = read_until_closed (kept_alive);
  g_assert_true (g_str_has_prefix (kept_alive_answer, "HTTP/1.1 200 OK\r\n"));

  /* Not before their time, not long after (the check runs every second). */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);

  embedded_stop (&embedded);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/framework/strict-json", test_strict_json);
  g_test_add_func ("/sandbox/framework/times", test_times);
  g_test_add_func ("/sandbox/framework/time-format", test_time_format);
  g_test_add_func ("/sandbox/framework/json-writer", test_json_writer);
  g_test_add_func ("/sandbox/framework/validators", test_validators);
  g_test_add_func ("/sandbox/framework/router", test_router);
  g_test_add_func ("/sandbox/framework/rate-limiter", test_rate_limiter);
  g_test_add_func ("/sandbox/framework/database", test_database);
  g_test_add_func ("/sandbox/framework/routes-match-openapi", test_routes_match_openapi);
  g_test_add_func ("/sandbox/framework/dates", test_dates);
  g_test_add_func ("/sandbox/framework/embedded", test_embedded);
  g_test_add_func ("/sandbox/framework/connection-timeouts", test_connection_timeouts);

  return g_test_run ();
}
