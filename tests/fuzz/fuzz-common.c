/* fuzz-common.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"

/* A warning or critical (a failed g_return_if_fail, a bad header handed to
 * libsoup) means hostile input reached code that does not expect it. */
static GLogWriterOutput
fuzz_fatal_writer (GLogLevelFlags   log_level,
                   const GLogField *fields,
                   gsize            n_fields,
                   gpointer         user_data)
{
  GLogWriterOutput result = g_log_writer_default (log_level, fields, n_fields, user_data);

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();

  return result;
}

/* Copies the input into a NUL-terminated string; NUL bytes inside it end
 * the string early, as they would for any C caller. */
char *
fuzz_dup_text (const uint8_t *data,
               size_t         size)
{
  char *text = g_malloc (size + 1);

  memcpy (text, data, size);
  text[size] = '\0';

  return text;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_writer_func (fuzz_fatal_writer, NULL, NULL);
  return 0;
}
