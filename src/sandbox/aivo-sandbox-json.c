/* aivo-sandbox-json.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-json"

#include "config.h"

#include <string.h>

#include "aivo-sandbox-json.h"

/* json-glib 1.6 reads JSON through GScanner and lets through what RFC 8259
 * does not allow (comments, single quotes, hexadecimal numbers, …), truncates
 * strings at \u0000, and recurses once per nesting level. So a body is first
 * checked here against the RFC's grammar, iteratively, with a depth limit, and
 * only then handed to json-glib to build the tree. */

typedef struct
{
  const char *p;
  const char *end;
  const char *error;
} Scanner;

static void
skip_space (Scanner *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

static gboolean
fail (Scanner    *s,
      const char *message)
{
  if (s->error == NULL)
    s->error = message;
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

static gboolean
scan_digits (Scanner *s)
{
  const char *start = s->p;

  while (s->p < s->end && g_ascii_isdigit (*s->p))
    s->p++;

  return s->p > start;
}

static gboolean
scan_number (Scanner *s)
{
  if (*s->p == '-')
    s->p++;

  if (s->p < s->end && *s->p == '0')
    s->p++;
  else if (!scan_digits (s))
    return fail (s, "a number is malformed");

  if (s->p < s->end && *s->p == '.')
    {
      s->p++;
      if (!scan_digits (s))
        return fail (s, "a number is malformed");
    }

  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (!scan_digits (s))
        return fail (s, "a number is malformed");
    }

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

/* The grammar as a loop over an explicit stack of open containers. */
static gboolean
scan_document (Scanner *s)
{
  char stack[AIVO_SANDBOX_JSON_MAX_DEPTH];
  int depth = 0;

  skip_space (s);

  for (;;)
    {
      /* Here a value is expected. */
      if (s->p >= s->end)
        return fail (s, "the body ends where a value should be");

      if (*s->p == '{' || *s->p == '[')
        {
          char open = *s->p++;

          if (depth == AIVO_SANDBOX_JSON_MAX_DEPTH)
            return fail (s, "it is nested too deeply");
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
        return FALSE;

    after_value:
      skip_space (s);
      if (depth == 0)
        break;

      if (s->p >= s->end)
        return fail (s, "an object or array is not closed");

      if (*s->p == ',')
        {
          s->p++;
          skip_space (s);
          if (s->p < s->end && (*s->p == ']' || *s->p == '}'))
            return fail (s, "there is a trailing comma");
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

      return fail (s, stack[depth - 1] == '{'
                      ? "a ',' or '}' is missing in an object"
                      : "a ',' or ']' is missing in an array");

    member_name:
      if (s->p >= s->end || *s->p != '"')
        return fail (s, "an object member name must be a string");
      if (!scan_string (s))
        return FALSE;
      skip_space (s);
      if (s->p >= s->end || *s->p != ':')
        return fail (s, "a ':' is missing after an object member name");
      s->p++;
      skip_space (s);
    }

  if (s->p != s->end)
    return fail (s, "there is something after the JSON value");

  return TRUE;
}

/**
 * aivo_sandbox_json_parse_strict:
 *
 * Parses @data as one RFC 8259 JSON text in UTF-8.
 *
 * Returns: (transfer full): the root node, or %NULL with @error set to a
 *   sentence saying what is wrong
 */
JsonNode *
aivo_sandbox_json_parse_strict (const char  *data,
                                gsize        length,
                                GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  Scanner scanner = { data, data + length, NULL };
  const char *utf8_end;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!g_utf8_validate (data, length, &utf8_end))
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "The body is not valid JSON: it is not UTF-8 text.");
      return NULL;
    }

  if (!scan_document (&scanner))
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   "The body is not valid JSON: %s (at byte %" G_GSIZE_FORMAT "). Send a JSON object.",
                   scanner.error, (gsize) (scanner.p - data));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, error))
    {
      g_prefix_error (error, "The body is not valid JSON: ");
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}
