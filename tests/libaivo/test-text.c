/* test-text.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "aivo-text.h"

/* API.md's text rules: no C0, DEL or C1 character anywhere; white space
 * (Unicode's, not only ASCII's) trimmed at both ends. */

static void
test_control_chars (void)
{
  struct {
    const char *text;
    gboolean    with_line_breaks;   /* the answer when tab, LF and CR are allowed */
    gboolean    without;
  } cases[] = {
    { "", FALSE, FALSE },
    { "CRM Integration", FALSE, FALSE },
    { "é … 😀 \u00a0 \u2028 \u200b", FALSE, FALSE },
    { "tab\there", FALSE, TRUE },
    { "line\nbreak", FALSE, TRUE },
    { "carriage\rreturn", FALSE, TRUE },
    { "bell\a", TRUE, TRUE },
    { "\x01", TRUE, TRUE },
    { "escape\x1b[31m", TRUE, TRUE },
    { "unit\x1f", TRUE, TRUE },
    { "delete\x7f", TRUE, TRUE },
    { "next line \xc2\x85", TRUE, TRUE },
    { "C1 \xc2\x80", TRUE, TRUE },
    { "C1 \xc2\x9f", TRUE, TRUE },
    { "not C1 \u00a0", FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      g_assert_cmpint (aivo_text_has_control_chars (cases[i].text, TRUE), ==, cases[i].with_line_breaks);
      g_assert_cmpint (aivo_text_has_control_chars (cases[i].text, FALSE), ==, cases[i].without);
    }
}

static void
test_strip (void)
{
  struct {
    const char *text;
    const char *stripped;
  } cases[] = {
    { "", "" },
    { "   ", "" },
    { "name", "name" },
    { "  CRM  Integration \t\n", "CRM  Integration" },
    { "\u3000ideographic\u3000", "ideographic" },
    { "\u00a0no-break\u2003em\u2003", "no-break\u2003em" },
    { "\u2028separators\u2029", "separators" },
    /* Not white space: a zero-width space is a format character. */
    { "\u200bzero width\u200b", "\u200bzero width\u200b" },
    { "é", "é" },
    { " 😀 ", "😀" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *stripped = aivo_text_strip (cases[i].text);

      g_test_message ("case %u", i);
      g_assert_cmpstr (stripped, ==, cases[i].stripped);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/control-chars", test_control_chars);
  g_test_add_func ("/text/strip", test_strip);

  return g_test_run ();
}
