/* aivo-sandbox-validator.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "aivo-sandbox-exchange.h"

G_BEGIN_DECLS

/* Checks of the request body's fields. Each takes the exchange and a field
 * name; when the field is wrong it answers 422 validation_failed with
 * param = the field and returns FALSE, so a handler chains them with || and
 * returns on the first failure. Out values are only written on success;
 * strings come back newly allocated (or NULL when absent or null). */

typedef enum /*< flags >*/
{
  AIVO_SANDBOX_FIELD_OPTIONAL = 0,
  AIVO_SANDBOX_FIELD_REQUIRED = 1 << 0,   /* absent: 422 */
  AIVO_SANDBOX_FIELD_NULLABLE = 1 << 1,   /* null accepted (out: NULL / 0) */
  AIVO_SANDBOX_FIELD_TEXT     = 1 << 2,   /* strings: free text, kept as sent (not trimmed),
                                             may contain tabs and line breaks */
} AivoSandboxFieldFlags;

gboolean aivo_sandbox_body_has                (AivoSandboxExchange   *ex,
                                               const char            *field);

gboolean aivo_sandbox_validate_fields         (AivoSandboxExchange   *ex,
                                               const char * const    *allowed);
gboolean aivo_sandbox_validate_absent         (AivoSandboxExchange   *ex,
                                               const char            *field,
                                               const char            *message);
gboolean aivo_sandbox_validate_string         (AivoSandboxExchange   *ex,
                                               const char            *field,
                                               AivoSandboxFieldFlags  flags,
                                               guint                  min_chars,
                                               guint                  max_chars,
                                               char                 **out);
gboolean aivo_sandbox_validate_enum           (AivoSandboxExchange   *ex,
                                               const char            *field,
                                               AivoSandboxFieldFlags  flags,
                                               const char * const    *values,
                                               const char           **out);
gboolean aivo_sandbox_validate_bool           (AivoSandboxExchange   *ex,
                                               const char            *field,
                                               AivoSandboxFieldFlags  flags,
                                               gboolean              *out);
gboolean aivo_sandbox_validate_int            (AivoSandboxExchange   *ex,
                                               const char            *field,
                                               AivoSandboxFieldFlags  flags,
                                               gint64                 min,
                                               gint64                 max,
                                               gint64                *out);
gboolean aivo_sandbox_validate_string_array   (AivoSandboxExchange   *ex,
                                               const char            *field,
                                               AivoSandboxFieldFlags  flags,
                                               const char * const    *allowed,
                                               guint                  min_items,
                                               guint                  max_items,
                                               guint                  max_chars,
                                               GStrv                 *out);
gboolean aivo_sandbox_validate_phone          (AivoSandboxExchange   *ex,
                                               const char            *field,
                                               AivoSandboxFieldFlags  flags,
                                               char                 **out);
gboolean aivo_sandbox_validate_email          (AivoSandboxExchange   *ex,
                                               const char            *field,
                                               AivoSandboxFieldFlags  flags,
                                               char                 **out);
gboolean aivo_sandbox_validate_time           (AivoSandboxExchange   *ex,
                                               const char            *field,
                                               AivoSandboxFieldFlags  flags,
                                               gint64                *out);
gboolean aivo_sandbox_validate_url            (AivoSandboxExchange   *ex,
                                               const char            *field,
                                               AivoSandboxFieldFlags  flags,
                                               guint                  max_length,
                                               char                 **out);
gboolean aivo_sandbox_validate_language       (AivoSandboxExchange   *ex,
                                               const char            *field,
                                               AivoSandboxFieldFlags  flags,
                                               char                 **out);

/* The same checks on plain strings, for query parameters and tests. */
gboolean aivo_sandbox_text_is_phone           (const char            *text);
gboolean aivo_sandbox_text_is_email           (const char            *text);
gboolean aivo_sandbox_text_is_url             (const char            *text);
gboolean aivo_sandbox_text_is_language        (const char            *text);
gboolean aivo_sandbox_text_parse_date         (const char            *text,
                                               gint64                *day);

G_END_DECLS
