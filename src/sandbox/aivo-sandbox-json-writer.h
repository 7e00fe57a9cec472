/* aivo-sandbox-json-writer.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Compact JSON text written straight into a buffer, with the calls of
 * JsonBuilder: a handler's answer is written once instead of being built as
 * a tree of nodes, serialised, then freed node by node (most of the cost of
 * a list answer). Nesting is at most AIVO_SANDBOX_JSON_WRITER_MAX_DEPTH. */

#define AIVO_SANDBOX_JSON_WRITER_MAX_DEPTH 32

typedef struct _AivoSandboxJsonWriter AivoSandboxJsonWriter;

AivoSandboxJsonWriter *aivo_sandbox_json_writer_new                (void);
void                   aivo_sandbox_json_writer_free               (AivoSandboxJsonWriter *writer);
char                  *aivo_sandbox_json_writer_steal_text         (AivoSandboxJsonWriter *writer,
                                                                    gsize                 *length);

void                   aivo_sandbox_json_writer_begin_object       (AivoSandboxJsonWriter *writer);
void                   aivo_sandbox_json_writer_end_object         (AivoSandboxJsonWriter *writer);
void                   aivo_sandbox_json_writer_begin_array        (AivoSandboxJsonWriter *writer);
void                   aivo_sandbox_json_writer_end_array          (AivoSandboxJsonWriter *writer);
void                   aivo_sandbox_json_writer_set_member_name    (AivoSandboxJsonWriter *writer,
                                                                    const char            *name);
void                   aivo_sandbox_json_writer_add_string_value   (AivoSandboxJsonWriter *writer,
                                                                    const char            *value);
void                   aivo_sandbox_json_writer_add_int_value      (AivoSandboxJsonWriter *writer,
                                                                    gint64                 value);
void                   aivo_sandbox_json_writer_add_double_value   (AivoSandboxJsonWriter *writer,
                                                                    double                 value);
void                   aivo_sandbox_json_writer_add_boolean_value  (AivoSandboxJsonWriter *writer,
                                                                    gboolean               value);
void                   aivo_sandbox_json_writer_add_null_value     (AivoSandboxJsonWriter *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AivoSandboxJsonWriter, aivo_sandbox_json_writer_free)

G_END_DECLS
