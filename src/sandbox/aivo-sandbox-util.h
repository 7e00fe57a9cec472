/* aivo-sandbox-util.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "aivo-sandbox-json-writer.h"

G_BEGIN_DECLS

/* Small helpers every resource file needs: times as the API writes them,
 * record ids, and JSON members read straight from a result row. */

gint64    aivo_sandbox_now                     (void);
char     *aivo_sandbox_time_format             (gint64                 unix_seconds);
gboolean  aivo_sandbox_time_parse              (const char            *text,
                                                gint64                *unix_seconds);
char     *aivo_sandbox_id_new                  (const char            *prefix);

void      aivo_sandbox_writer_add_string       (AivoSandboxJsonWriter *writer,
                                                const char            *member,
                                                const char            *value);
void      aivo_sandbox_writer_add_time         (AivoSandboxJsonWriter *writer,
                                                const char            *member,
                                                gint64                 unix_seconds);
void      aivo_sandbox_writer_add_column       (AivoSandboxJsonWriter *writer,
                                                const char            *member,
                                                sqlite3_stmt          *stmt,
                                                int                    column);
void      aivo_sandbox_writer_add_column_time  (AivoSandboxJsonWriter *writer,
                                                const char            *member,
                                                sqlite3_stmt          *stmt,
                                                int                    column);
void      aivo_sandbox_writer_add_column_bool  (AivoSandboxJsonWriter *writer,
                                                const char            *member,
                                                sqlite3_stmt          *stmt,
                                                int                    column);

G_END_DECLS
