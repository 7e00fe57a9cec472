/* aivo-sandbox-json-writer.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-json-writer"

#include "config.h"

#include <math.h>
#include <string.h>

#include "aivo-sandbox-json-writer.h"

/* One bit per open container: whether it is an object, and whether it has
 * an item yet (so the next one needs a comma). Misuse (a value where a
 * member name belongs, an unbalanced end) is a bug in the caller: it fails
 * a g_return_if_fail() and leaves the text as it was. */

G_STATIC_ASSERT (AIVO_SANDBOX_JSON_WRITER_MAX_DEPTH <= 64);

struct _AivoSandboxJsonWriter
{
  GString  *text;
  guint     depth;
  guint64   is_object;
  guint64   has_items;
  gboolean  after_name;
};

#define BIT(depth) (G_GUINT64_CONSTANT (1) << ((depth) - 1))

AivoSandboxJsonWriter *
aivo_sandbox_json_writer_new (void)
{
  AivoSandboxJsonWriter *writer = g_new0 (AivoSandboxJsonWriter, 1);

  writer->text = g_string_sized_new (256);
  return writer;
}

void
aivo_sandbox_json_writer_free (AivoSandboxJsonWriter *writer)
{
  if (writer == NULL)
    return;

  if (writer->text != NULL)
    g_string_free (writer->text, TRUE);
  g_free (writer);
}

/**
 * aivo_sandbox_json_writer_steal_text:
 * @length: (out) (optional): the text's length
 *
 * Takes the text written, which must be one complete JSON value. Afterwards
 * the writer can only be freed.
 *
 * Returns: (transfer full): the text
 */
char *
aivo_sandbox_json_writer_steal_text (AivoSandboxJsonWriter *writer,
                                     gsize                 *length)
{
  g_return_val_if_fail (writer != NULL, NULL);
  g_return_val_if_fail (writer->text != NULL, NULL);

  g_return_val_if_fail (writer->depth == 0 && !writer->after_name && writer->text->len > 0, NULL);

  if (length != NULL)
    *length = writer->text->len;

  return g_string_free (g_steal_pointer (&writer->text), FALSE);
}

static gboolean
in_object (AivoSandboxJsonWriter *writer)
{
  return writer->depth > 0 && (writer->is_object & BIT (writer->depth)) != 0;
}

/* Before any value: a comma after an earlier item of an array. */
static gboolean
begin_value (AivoSandboxJsonWriter *writer)
{
  if (writer->after_name)
    {
      writer->after_name = FALSE;
      return TRUE;
    }

  /* One top-level value; in an object, a member name first. */
  g_return_val_if_fail (writer->depth > 0 || writer->text->len == 0, FALSE);
  if (writer->depth == 0)
    return TRUE;
  g_return_val_if_fail (!in_object (writer), FALSE);

  if (writer->has_items & BIT (writer->depth))
    g_string_append_c (writer->text, ',');
  writer->has_items |= BIT (writer->depth);
  return TRUE;
}

/* RFC 8259's escapes: the quote, the backslash and control characters (and
 * DEL, as json-glib writes it). */
static void
append_quoted (GString    *text,
               const char *value)
{
  const char *run = value;
  const char *p;

  g_string_append_c (text, '"');

  for (p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      const char *escape;
      char unicode[8];

      if (c >= 0x20 && c != 0x7F && c != '"' && c != '\\')
        continue;

      g_string_append_len (text, run, p - run);
      run = p + 1;

      switch (c)
        {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        default:
          g_snprintf (unicode, sizeof unicode, "\\u%04x", c);
          escape = unicode;
          break;
        }
      g_string_append (text, escape);
    }

  g_string_append_len (text, run, p - run);
  g_string_append_c (text, '"');
}

static void
begin_container (AivoSandboxJsonWriter *writer,
                 gboolean               object)
{
  g_return_if_fail (writer->depth < AIVO_SANDBOX_JSON_WRITER_MAX_DEPTH);

  if (!begin_value (writer))
    return;

  g_string_append_c (writer->text, object ? '{' : '[');
  writer->depth++;
  writer->has_items &= ~BIT (writer->depth);
  if (object)
    writer->is_object |= BIT (writer->depth);
  else
    writer->is_object &= ~BIT (writer->depth);
}

static void
end_container (AivoSandboxJsonWriter *writer,
               gboolean               object)
{
  /* The innermost container is of this kind, and not waiting for a value. */
  g_return_if_fail (writer->depth > 0 && in_object (writer) == object && !writer->after_name);

  g_string_append_c (writer->text, object ? '}' : ']');
  writer->depth--;
}

void
aivo_sandbox_json_writer_begin_object (AivoSandboxJsonWriter *writer)
{
  g_return_if_fail (writer != NULL);

  begin_container (writer, TRUE);
}

void
aivo_sandbox_json_writer_end_object (AivoSandboxJsonWriter *writer)
{
  g_return_if_fail (writer != NULL);

  end_container (writer, TRUE);
}

void
aivo_sandbox_json_writer_begin_array (AivoSandboxJsonWriter *writer)
{
  g_return_if_fail (writer != NULL);

  begin_container (writer, FALSE);
}

void
aivo_sandbox_json_writer_end_array (AivoSandboxJsonWriter *writer)
{
  g_return_if_fail (writer != NULL);

  end_container (writer, FALSE);
}

void
aivo_sandbox_json_writer_set_member_name (AivoSandboxJsonWriter *writer,
                                          const char            *name)
{
  g_return_if_fail (writer != NULL);
  g_return_if_fail (name != NULL);

  g_return_if_fail (in_object (writer) && !writer->after_name);

  if (writer->has_items & BIT (writer->depth))
    g_string_append_c (writer->text, ',');
  writer->has_items |= BIT (writer->depth);

  append_quoted (writer->text, name);
  g_string_append_c (writer->text, ':');
  writer->after_name = TRUE;
}

/* @value: (nullable): NULL writes null */
void
aivo_sandbox_json_writer_add_string_value (AivoSandboxJsonWriter *writer,
                                           const char            *value)
{
  g_return_if_fail (writer != NULL);

  if (!begin_value (writer))
    return;

  if (value != NULL)
    append_quoted (writer->text, value);
  else
    g_string_append (writer->text, "null");
}

void
aivo_sandbox_json_writer_add_int_value (AivoSandboxJsonWriter *writer,
                                        gint64                 value)
{
  char digits[24];
  char *p = digits + sizeof digits;
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;

  g_return_if_fail (writer != NULL);

  if (!begin_value (writer))
    return;

  /* Not printf: this runs for every number of every answer. */
  do
    {
      *--p = '0' + magnitude % 10;
      magnitude /= 10;
    }
  while (magnitude > 0);
  if (value < 0)
    *--p = '-';

  g_string_append_len (writer->text, p, digits + sizeof digits - p);
}

/* As json-glib writes a double: digits that read back as @value, with
 * ".0" when they would look like an integer. JSON has no NaN or infinity,
 * so those are written as null. */
void
aivo_sandbox_json_writer_add_double_value (AivoSandboxJsonWriter *writer,
                                           double                 value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (writer != NULL);

  if (!begin_value (writer))
    return;

  if (!isfinite (value))
    {
      g_string_append (writer->text, "null");
      return;
    }

  g_ascii_dtostr (text, sizeof text, value);
  g_string_append (writer->text, text);
  if (text[strspn (text, "-0123456789")] == '\0')
    g_string_append (writer->text, ".0");
}

void
aivo_sandbox_json_writer_add_boolean_value (AivoSandboxJsonWriter *writer,
                                            gboolean               value)
{
  g_return_if_fail (writer != NULL);

  if (begin_value (writer))
    g_string_append (writer->text, value ? "true" : "false");
}

void
aivo_sandbox_json_writer_add_null_value (AivoSandboxJsonWriter *writer)
{
  g_return_if_fail (writer != NULL);

  if (begin_value (writer))
    g_string_append (writer->text, "null");
}
