/* aivo-text.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-text"

#include "config.h"

#include <string.h>

#include "aivo-text.h"

/**
 * aivo_text_has_control_chars:
 * @text: valid UTF-8
 * @allow_line_breaks: whether tab, line feed and carriage return are fine
 *
 * Returns: whether @text contains a C0 or C1 control character or DEL
 */
gboolean
aivo_text_has_control_chars (const char *text,
                             gboolean    allow_line_breaks)
{
  g_return_val_if_fail (text != NULL, TRUE);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (allow_line_breaks && (c == '\t' || c == '\n' || c == '\r'))
        continue;
      if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F))
        return TRUE;
    }

  return FALSE;
}

/**
 * aivo_text_strip:
 * @text: valid UTF-8
 *
 * Removes Unicode white space (not only ASCII's, as g_strstrip() does) at
 * both ends.
 *
 * Returns: (transfer full): the stripped text
 */
char *
aivo_text_strip (const char *text)
{
  const char *start = text;
  const char *end;

  g_return_val_if_fail (text != NULL, NULL);

  end = text + strlen (text);
  while (start < end && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  while (end > start)
    {
      const char *previous = g_utf8_prev_char (end);

      if (!g_unichar_isspace (g_utf8_get_char (previous)))
        break;
      end = previous;
    }

  return g_strndup (start, end - start);
}
