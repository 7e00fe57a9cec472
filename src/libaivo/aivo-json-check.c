/* aivo-json-check.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-json-check"

#include "config.h"

#include <string.h>

#include "aivo-json-check.h"

/* RFC 8259's grammar as a loop over an explicit stack of open containers,
 * so a hostile text costs time in proportion to its length and no stack. */

/* The largest integer json-glib keeps as it is (it reads into a gint64). */
static const char max_integer[] = "9223372036854775807";

typedef struct
{
  const char *p;
  const char *end;
  const char *problem;
} Scanner;

static void
skip_space (Scanner *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

static gboolean
fail (Scanner    *s,
      const char *problem)
{
  if (s->problem == NULL)
    s->problem = problem;
  return FALSE;
}

static int
hex4 (const char *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }

  return value;
}

static gboolean
scan_string (Scanner *s)
{
  g_assert (*s->p == '"');
  s->p++;

  while (s->p < s->end)
    {
      guchar c = *s->p;

      if (c == '"')
        {
          s->p++;
          return TRUE;
        }

      if (c < 0x20)
        return fail (s, "a string contains an unescaped control character");

      if (c != '\\')
        {
          s->p++;
          continue;
        }

      if (s->end - s->p < 2)
        break;

      switch (s->p[1])
        {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          s->p += 2;
          break;

        case 'u':
          {
            int unit;

            if (s->end - s->p < 6 || (unit = hex4 (s->p + 2)) < 0)
              return fail (s, "a \\u escape needs four hexadecimal digits");
            /* json-glib would cut the string short there. */
            if (unit == 0)
              return fail (s, "strings may not contain the NUL character (\\u0000)");
            s->p += 6;

            /* A surrogate must come as a high-low pair. */
            if (unit >= 0xDC00 && unit <= 0xDFFF)
              return fail (s, "a string contains an unpaired surrogate escape");
            if (unit >= 0xD800 && unit <= 0xDBFF)
              {
                int low;

                if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u' ||
                    (low = hex4 (s->p + 2)) < 0xDC00 || low > 0xDFFF)
                  return fail (s, "a string contains an unpaired surrogate escape");
                s->p += 6;
              }
          }
          break;

        default:
          return fail (s, "a string contains an invalid escape");
        }
    }

  return fail (s, "a string is not closed");
}

static gsize
scan_digits (Scanner *s)
{
  const char *start = s->p;

  while (s->p < s->end && g_ascii_isdigit (*s->p))
    s->p++;

  return s->p - start;
}

static gboolean
scan_number (Scanner *s)
{
  const char *digits;
  gsize n_digits;
  gboolean integer = TRUE;

  if (*s->p == '-')
    s->p++;

  digits = s->p;
  if (s->p < s->end && *s->p == '0')
    {
      s->p++;
      n_digits = 1;
    }
  else if ((n_digits = scan_digits (s)) == 0)
    return fail (s, "a number is malformed");

  if (s->p < s->end && *s->p == '.')
    {
      s->p++;
      integer = FALSE;
      if (scan_digits (s) == 0)
        return fail (s, "a number is malformed");
    }

  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      s->p++;
      integer = FALSE;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (scan_digits (s) == 0)
        return fail (s, "a number is malformed");
    }

  /* RFC 8259 lets a reader limit the range; json-glib silently turns a
   * larger integer into -1, so such a text is refused here instead. */
  if (integer && (n_digits > strlen (max_integer) ||
                  (n_digits == strlen (max_integer) && memcmp (digits, max_integer, n_digits) > 0)))
    return fail (s, "an integer is too large for 64 bits");

  return TRUE;
}

static gboolean
scan_literal (Scanner    *s,
              const char *word)
{
  gsize length = strlen (word);

  if ((gsize) (s->end - s->p) < length || memcmp (s->p, word, length) != 0)
    return fail (s, "unexpected characters where a value should be");

  s->p += length;
  return TRUE;
}

static gboolean
scan_scalar (Scanner *s)
{
  switch (*s->p)
    {
    case '"':
      return scan_string (s);
    case 't':
      return scan_literal (s, "true");
    case 'f':
      return scan_literal (s, "false");
    case 'n':
      return scan_literal (s, "null");
    default:
      if (*s->p == '-' || g_ascii_isdigit (*s->p))
        return scan_number (s);
      return fail (s, "unexpected characters where a value should be");
    }
}

static AivoJsonCheck
syntax_error (Scanner    *s,
              const char *problem)
{
  fail (s, problem);
  return AIVO_JSON_CHECK_SYNTAX;
}

static AivoJsonCheck
scan_document (Scanner *s,
               guint    max_depth)
{
  g_autofree char *stack = g_malloc (MAX (max_depth, 1));
  guint depth = 0;

  skip_space (s);

  for (;;)
    {
      /* Here a value is expected. */
      if (s->p >= s->end)
        return syntax_error (s, "the text ends where a value should be");

      if (*s->p == '{' || *s->p == '[')
        {
          char open = *s->p;

          if (depth == max_depth)
            {
              fail (s, "it is nested too deeply");
              return AIVO_JSON_CHECK_TOO_DEEP;
            }
          s->p++;
          stack[depth++] = open;
          skip_space (s);

          if (s->p < s->end && *s->p == (open == '{' ? '}' : ']'))
            {
              s->p++;
              depth--;
              goto after_value;
            }

          if (open == '{')
            goto member_name;
          continue;
        }

      if (!scan_scalar (s))
        return AIVO_JSON_CHECK_SYNTAX;

    after_value:
      skip_space (s);
      if (depth == 0)
        break;

      if (s->p >= s->end)
        return syntax_error (s, "an object or array is not closed");

      if (*s->p == ',')
        {
          s->p++;
          skip_space (s);
          if (s->p < s->end && (*s->p == ']' || *s->p == '}'))
            return syntax_error (s, "there is a trailing comma");
          if (stack[depth - 1] == '{')
            goto member_name;
          continue;
        }

      if (*s->p == (stack[depth - 1] == '{' ? '}' : ']'))
        {
          s->p++;
          depth--;
          goto after_value;
        }

      return syntax_error (s, stack[depth - 1] == '{'
                                ? "a ',' or '}' is missing in an object"
                                : "a ',' or ']' is missing in an array");

    member_name:
      if (s->p >= s->end || *s->p != '"')
        return syntax_error (s, "an object member name must be a string");
      if (!scan_string (s))
        return AIVO_JSON_CHECK_SYNTAX;
      skip_space (s);
      if (s->p >= s->end || *s->p != ':')
        return syntax_error (s, "a ':' is missing after an object member name");
      s->p++;
      skip_space (s);
    }

  if (s->p != s->end)
    return syntax_error (s, "there is something after the JSON value");

  return AIVO_JSON_CHECK_OK;
}

/**
 * aivo_json_check:
 * @data: the text (its UTF-8 is not checked here)
 * @max_depth: how many arrays and objects may be open at once
 * @offset: (out) (optional): where the text stops being JSON
 * @problem: (out) (optional) (transfer none): what is wrong, as a phrase
 *   that fits "The body is not valid JSON: …", or %NULL when nothing is
 *
 * Checks that @data is exactly one JSON text (RFC 8259) that json-glib
 * reads faithfully: no "\u0000", no unpaired surrogate, no integer beyond
 * 64 bits.
 */
AivoJsonCheck
aivo_json_check (const char  *data,
                 gsize        length,
                 guint        max_depth,
                 gsize       *offset,
                 const char **problem)
{
  Scanner scanner = { data, data + length, NULL };
  AivoJsonCheck result;

  g_return_val_if_fail (data != NULL || length == 0, AIVO_JSON_CHECK_SYNTAX);

  result = scan_document (&scanner, max_depth);

  if (offset != NULL)
    *offset = scanner.p - data;
  if (problem != NULL)
    *problem = scanner.problem;

  return result;
}

/* Past the value at s->p in a text already checked. */
static void
skip_value (Scanner *s)
{
  gsize depth = 0;

  do
    {
      switch (*s->p)
        {
        case '"':
          scan_string (s);
          continue;
        case '{':
        case '[':
          depth++;
          break;
        case '}':
        case ']':
          depth--;
          break;
        default:
          if (depth == 0)
            {
              while (s->p < s->end && strchr (",}] \t\r\n", *s->p) == NULL)
                s->p++;
              return;
            }
          break;
        }
      s->p++;
    }
  while (depth > 0 && s->p < s->end);
}

/**
 * aivo_json_foreach_member:
 * @data: a text that aivo_json_check() accepted
 * @name: a member name as it is written (names with escapes never match)
 * @func: called with each member of the top-level object named @name, in
 *   order (json-glib keeps the last of several)
 *
 * Finds members of the top-level object without building anything, so a
 * caller can take a value (a secret) before json-glib copies it around.
 *
 * Returns: how many members named @name the top-level object has (0 when
 *   the top level is not an object)
 */
guint
aivo_json_foreach_member (const char         *data,
                          gsize               length,
                          const char         *name,
                          AivoJsonMemberFunc  func,
                          gpointer            user_data)
{
  Scanner s = { data, data + length, NULL };
  gsize name_length;
  guint n_found = 0;

  g_return_val_if_fail (data != NULL || length == 0, 0);
  g_return_val_if_fail (name != NULL, 0);
  g_return_val_if_fail (func != NULL, 0);

  name_length = strlen (name);

  skip_space (&s);
  if (s.p >= s.end || *s.p != '{')
    return 0;
  s.p++;

  for (;;)
    {
      const char *member;
      gboolean matches;
      gsize start;

      skip_space (&s);
      if (s.p >= s.end || *s.p != '"')
        return n_found;

      member = s.p + 1;
      if (!scan_string (&s))
        return n_found;
      matches = (gsize) (s.p - 1 - member) == name_length && memcmp (member, name, name_length) == 0;

      skip_space (&s);
      if (s.p >= s.end || *s.p != ':')
        return n_found;
      s.p++;
      skip_space (&s);

      start = s.p - data;
      skip_value (&s);
      if (matches)
        {
          n_found++;
          func (start, s.p - data, user_data);
        }

      skip_space (&s);
      if (s.p >= s.end || *s.p != ',')
        return n_found;
      s.p++;
    }
}
