/* aivo-json-check.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* json-glib 1.6 reads more than JSON (comments, single quotes, hexadecimal
 * numbers, a second value), truncates strings at \u0000, turns integers
 * beyond 64 bits into -1 and recurses once per level of nesting. The client
 * and the sandbox check a text against RFC 8259 with this first, without
 * recursion, and only then hand it to json-glib. */

typedef enum
{
  AIVO_JSON_CHECK_OK,
  AIVO_JSON_CHECK_SYNTAX,     /* not JSON (or an integer json-glib cannot hold) */
  AIVO_JSON_CHECK_TOO_DEEP,   /* nested deeper than asked */
} AivoJsonCheck;

AivoJsonCheck aivo_json_check        (const char  *data,
                                      gsize        length,
                                      guint        max_depth,
                                      gsize       *offset,
                                      const char **problem);
/* @value_start: where the value begins (for a string, at its opening
 * quote); @value_end: just after it. */
typedef void (*AivoJsonMemberFunc) (gsize    value_start,
                                    gsize    value_end,
                                    gpointer user_data);

guint         aivo_json_foreach_member (const char         *data,
                                        gsize               length,
                                        const char         *name,
                                        AivoJsonMemberFunc  func,
                                        gpointer            user_data);

G_END_DECLS
