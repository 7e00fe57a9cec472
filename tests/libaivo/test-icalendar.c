/* test-icalendar.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "aivo-icalendar.h"
#include "test-key-builder.h"

/* The rotation calendar: RFC 5545 framing (CR LF, folding at 75 octets
 * without splitting a character, TEXT escaping) and one event per key on
 * its due date. tests/libaivo/check-icalendar.py parses the same output
 * with a real iCalendar parser. */

#define NOW "2027-01-10T15:30:00+02:00"

/* RFC 5545, 3.1: the longest physical line, CR LF excluded. */
#define RFC_5545_MAX_OCTETS 75

static GDateTime *
parse_time (const char *text)
{
  GDateTime *time = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (time);
  return time;
}

static char *
export (GPtrArray  *keys,
        const char *connection_title)
{
  g_autoptr(AivoRotationPolicy) policy = aivo_rotation_policy_new ();
  g_autoptr(GDateTime) now = parse_time (NOW);
  char *text = aivo_icalendar_for_keys (keys, policy, connection_title, now);

  g_assert_nonnull (text);
  return text;
}

/* The content lines, unfolded, after checking the physical ones. */
static GStrv
check_and_unfold (const char *text)
{
  g_autoptr(GString) unfolded = g_string_new (NULL);
  const char *p = text;

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_str_has_suffix (text, "\r\n"));

  while (*p != '\0')
    {
      const char *end = strstr (p, "\r\n");
      g_autofree char *line = NULL;

      g_assert_nonnull (end);
      line = g_strndup (p, end - p);

      /* No bare LF or CR inside, at most 75 octets, whole characters. */
      g_assert_null (strchr (line, '\n'));
      g_assert_null (strchr (line, '\r'));
      g_assert_cmpuint (end - p, <=, RFC_5545_MAX_OCTETS);
      g_assert_true (g_utf8_validate (line, -1, NULL));

      if (line[0] == ' ')
        {
          g_assert_cmpuint (unfolded->len, >, 0);
          g_string_append (unfolded, line + 1);
        }
      else
        {
          if (unfolded->len > 0)
            g_string_append_c (unfolded, '\n');
          g_string_append (unfolded, line);
        }

      p = end + 2;
    }

  return g_strsplit (unfolded->str, "\n", -1);
}

static guint
count_lines (const char * const *lines,
             const char         *line)
{
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_equal (lines[i], line))
      n++;

  return n;
}

static const char *
find_value (const char * const *lines,
            guint               from,
            const char         *name)
{
  g_autofree char *prefix = g_strconcat (name, ":", NULL);

  for (guint i = from; lines[i] != NULL && !g_str_equal (lines[i], "END:VEVENT"); i++)
    if (g_str_has_prefix (lines[i], prefix))
      return lines[i] + strlen (prefix);

  return NULL;
}

static void
test_calendar_frame (void)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *text = export (keys, "Built-in Sandbox");
  g_auto(GStrv) lines = check_and_unfold (text);
  guint n = g_strv_length (lines);

  g_assert_true (g_str_has_prefix (text, "BEGIN:VCALENDAR\r\n"));
  g_assert_true (g_str_has_suffix (text, "END:VCALENDAR\r\n"));
  g_assert_cmpstr (lines[n - 1], ==, "END:VCALENDAR");
  g_assert_cmpuint (count_lines ((const char * const *) lines, "VERSION:2.0"), ==, 1);
  g_assert_cmpuint (count_lines ((const char * const *) lines, "CALSCALE:GREGORIAN"), ==, 1);
  g_assert_cmpuint (count_lines ((const char * const *) lines, "BEGIN:VEVENT"), ==, 0);
  g_assert_true (g_strv_contains ((const char * const *) lines, "X-WR-CALNAME:AIVO key rotation (Built-in Sandbox)"));

  for (guint i = 0; i < n; i++)
    if (g_str_has_prefix (lines[i], "PRODID:"))
      g_assert_true (g_str_has_prefix (lines[i], "PRODID:-//AIVO Studio//"));
}

typedef struct
{
  const char *environment;
  const char *created_at;
  gboolean    rotation_required;
  const char *expires_at;
  const char *due;        /* NULL: no event */
  const char *day_after;
  gboolean    alarm;
} DueCase;

/* The policy's defaults: 90 days for production, 30 for the others; dates in
 * UTC (main() sets TZ); NOW is 2027-01-10 13:30 UTC. */
static const DueCase due_cases[] = {
  { "production",  "2026-11-26T10:00:00Z", FALSE, NULL, "20270224", "20270225", TRUE },
  { "development", "2026-12-20T23:30:00Z", FALSE, NULL, "20270119", "20270120", TRUE },
  { "testing",     "2027-01-01T00:00:00Z", FALSE, NULL, "20270131", "20270201", TRUE },
  /* Overdue: the date it was due, and no alarm before a past date. */
  { "development", "2026-10-01T12:00:00Z", FALSE, NULL, "20261031", "20261101", FALSE },
  /* A team member left: due today. */
  { "production",  "2026-12-01T12:00:00Z", TRUE,  NULL, "20270110", "20270111", FALSE },
  /* The old key of a rotation in its grace period: no event. */
  { "production",  "2026-01-01T12:00:00Z", FALSE, "2027-01-11T12:00:00Z", NULL, NULL, FALSE },
};

static void
test_one_event_per_key (void)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_events = 0;
  guint n_expected = 0;

  for (guint i = 0; i < G_N_ELEMENTS (due_cases); i++)
    {
      g_autofree char *id = g_strdup_printf ("key_Case%04u", i);

      g_ptr_array_add (keys, test_key_new (id, "Website Widget", due_cases[i].environment,
                                       due_cases[i].created_at, due_cases[i].rotation_required,
                                       due_cases[i].expires_at));
      if (due_cases[i].due != NULL)
        n_expected++;
    }

  text = export (keys, NULL);
  lines = check_and_unfold (text);
  g_assert_cmpuint (count_lines ((const char * const *) lines, "BEGIN:VEVENT"), ==, n_expected);
  g_assert_cmpuint (count_lines ((const char * const *) lines, "END:VEVENT"), ==, n_expected);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *uid, *start, *end, *stamp;
      g_autofree char *expected_uid = NULL;
      guint index;
      gboolean has_alarm = FALSE;

      if (!g_str_equal (lines[i], "BEGIN:VEVENT"))
        continue;

      uid = find_value ((const char * const *) lines, i, "UID");
      g_assert_nonnull (uid);
      g_assert_true (g_str_has_prefix (uid, "key_Case"));
      index = (guint) g_ascii_strtoull (uid + strlen ("key_Case"), NULL, 10);
      g_assert_cmpuint (index, <, G_N_ELEMENTS (due_cases));
      g_test_message ("event of case %u", index);
      g_assert_nonnull (due_cases[index].due);

      expected_uid = g_strdup_printf ("key_Case%04u-%s@aivo-studio", index, due_cases[index].due);
      g_assert_cmpstr (uid, ==, expected_uid);

      start = find_value ((const char * const *) lines, i, "DTSTART;VALUE=DATE");
      g_assert_cmpstr (start, ==, due_cases[index].due);

      /* An all-day event: it ends the next day. */
      end = find_value ((const char * const *) lines, i, "DTEND;VALUE=DATE");
      g_assert_cmpstr (end, ==, due_cases[index].day_after);

      stamp = find_value ((const char * const *) lines, i, "DTSTAMP");
      g_assert_cmpstr (stamp, ==, "20270110T133000Z");

      g_assert_true (g_str_has_prefix (find_value ((const char * const *) lines, i, "SUMMARY"),
                                       "Rotate API key “Website Widget” ("));
      g_assert_nonnull (strstr (find_value ((const char * const *) lines, i, "SUMMARY"),
                                due_cases[index].environment));

      for (guint j = i; !g_str_equal (lines[j], "END:VEVENT"); j++)
        if (g_str_equal (lines[j], "BEGIN:VALARM"))
          {
            has_alarm = TRUE;
            g_assert_cmpstr (lines[j + 2], ==, "TRIGGER:-P7D");
          }
      g_assert_cmpint (has_alarm, ==, due_cases[index].alarm);

      n_events++;
    }

  g_assert_cmpuint (n_events, ==, n_expected);
}

/* The description says why and how, names the key by its hint only. */
static void
test_description (void)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  const char *description;

  g_ptr_array_add (keys, test_key_new ("key_Ab3dEf12", "CRM Integration", "production",
                                   "2026-11-26T10:00:00Z", FALSE, NULL));
  g_ptr_array_add (keys, test_key_new ("key_Zz9yXx88", "Old Script", "testing",
                                   "2026-12-26T10:00:00Z", TRUE, NULL));
  text = export (keys, "Staging, EU; main");
  lines = check_and_unfold (text);

  description = find_value ((const char * const *) lines, 0, "DESCRIPTION");
  g_assert_nonnull (description);
  g_assert_nonnull (strstr (description, "Production keys are rotated every 90 days. "
                                         "This key was created on 2026-11-26."));
  g_assert_nonnull (strstr (description, "\\n\\nKey: aivo_live_Ab3dEf12_\u20269Qz1 on Staging\\, EU\\; main\\n\\n"));
  g_assert_nonnull (strstr (description, "delete the old key"));
  g_assert_true (g_strv_contains ((const char * const *) lines,
                                  "X-WR-CALNAME:AIVO key rotation (Staging\\, EU\\; main)"));

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_equal (lines[i], "UID:key_Zz9yXx88-20270110@aivo-studio"))
      {
        description = find_value ((const char * const *) lines, i, "DESCRIPTION");
        g_assert_nonnull (strstr (description, "left the team"));
        return;
      }

  g_assert_not_reached ();
}

typedef struct
{
  const char *text;
  const char *escaped;
} EscapeCase;

static const EscapeCase escape_cases[] = {
  { "", "" },
  { "CRM Integration", "CRM Integration" },
  { "a,b;c\\d", "a\\,b\\;c\\\\d" },
  { "two\nlines", "two\\nlines" },
  { "dos\r\nline", "dos\\nline" },
  { "old\rmac", "old\\nmac" },
  { "tab\there", "tab\there" },
  { "bell\a and \x1b[31m", "bell  and  [31m" },
  { "del\x7f", "del " },
  { "\\n is not a newline", "\\\\n is not a newline" },
  { "colon: fine, quote \" fine", "colon: fine\\, quote \" fine" },
  { "Ünïcödé “quotes” 日本語 🔑", "Ünïcödé “quotes” 日本語 🔑" },
  /* Not UTF-8: replaced, never passed on. */
  { "bad \xff\xfe bytes", "bad \xef\xbf\xbd\xef\xbf\xbd bytes" },
};

static void
test_escape (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (escape_cases); i++)
    {
      g_autofree char *escaped = aivo_icalendar_escape_text (escape_cases[i].text);

      g_test_message ("case %u", i);
      g_assert_cmpstr (escaped, ==, escape_cases[i].escaped);
    }
}

/* Folding: lengths around the limit and multi-octet characters across it. */
static void
test_fold (void)
{
  static const char *pieces[] = { "a", "é", "€", "🔑", "日" };  /* 1 to 4 octets */

  for (guint p = 0; p < G_N_ELEMENTS (pieces); p++)
    for (guint length = 60; length <= 320; length += 7)
      {
        g_autoptr(GString) line = g_string_new ("SUMMARY:");
        g_autoptr(GString) out = g_string_new (NULL);
        g_auto(GStrv) unfolded = NULL;

        /* "x" shifts the multi-octet characters against the fold points. */
        for (guint i = 0; line->len < length; i++)
          g_string_append (line, i % 3 == 0 ? "x" : pieces[p]);

        aivo_icalendar_append_line (out, line->str);
        unfolded = check_and_unfold (out->str);

        g_assert_cmpuint (g_strv_length (unfolded), ==, 1);
        g_assert_cmpstr (unfolded[0], ==, line->str);
        if (line->len <= RFC_5545_MAX_OCTETS)
          g_assert_cmpuint (out->len, ==, line->len + 2);
        else
          g_assert_nonnull (strstr (out->str, "\r\n "));
      }
}

/* The longest name a key may have (100 characters), in four-octet
 * characters: folded over several lines, unfolded back intact. */
static void
test_long_unicode_name (void)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; i < AIVO_KEY_MAX_NAME_CHARS; i++)
    g_string_append (name, i % 2 ? "🔑" : "é");

  g_ptr_array_add (keys, test_key_new ("key_Ab3dEf12", name->str, "production", "2026-11-26T10:00:00Z", FALSE, NULL));
  text = export (keys, NULL);
  lines = check_and_unfold (text);

  expected = g_strdup_printf ("SUMMARY:Rotate API key “%s” (production)", name->str);
  g_assert_true (g_strv_contains ((const char * const *) lines, expected));
  /* It really was folded. */
  g_assert_null (strstr (text, expected));
}

int
main (int   argc,
      char *argv[])
{
  /* Dates are the local day: make it the same everywhere. */
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/icalendar/calendar-frame", test_calendar_frame);
  g_test_add_func ("/icalendar/one-event-per-key", test_one_event_per_key);
  g_test_add_func ("/icalendar/description", test_description);
  g_test_add_func ("/icalendar/escape", test_escape);
  g_test_add_func ("/icalendar/fold", test_fold);
  g_test_add_func ("/icalendar/long-unicode-name", test_long_unicode_name);

  return g_test_run ();
}
