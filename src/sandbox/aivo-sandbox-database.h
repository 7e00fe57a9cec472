/* aivo-sandbox-database.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define AIVO_SANDBOX_DATABASE_ERROR (aivo_sandbox_database_error_quark ())

typedef enum
{
  AIVO_SANDBOX_DATABASE_ERROR_OPEN,
  AIVO_SANDBOX_DATABASE_ERROR_TOO_NEW,
  AIVO_SANDBOX_DATABASE_ERROR_CONSTRAINT,
  AIVO_SANDBOX_DATABASE_ERROR_FAILED,
} AivoSandboxDatabaseError;

/* A statement borrowed from the database's cache. g_autoptr() resets it when it
 * goes out of scope, so no read transaction is left open behind a caller. */
typedef sqlite3_stmt AivoSandboxStatement;

typedef gboolean (*AivoSandboxTransactionFunc) (gpointer   user_data,
                                                GError   **error);

#define AIVO_SANDBOX_TYPE_DATABASE (aivo_sandbox_database_get_type ())

G_DECLARE_FINAL_TYPE (AivoSandboxDatabase, aivo_sandbox_database, AIVO_SANDBOX, DATABASE, GObject)

GQuark                 aivo_sandbox_database_error_quark      (void);

AivoSandboxDatabase   *aivo_sandbox_database_open             (const char           *path,
                                                               GError              **error);
void                   aivo_sandbox_database_close            (AivoSandboxDatabase  *self);
gboolean               aivo_sandbox_database_is_open          (AivoSandboxDatabase  *self);
int                    aivo_sandbox_database_get_schema_version (AivoSandboxDatabase *self);
gboolean               aivo_sandbox_database_was_created      (AivoSandboxDatabase  *self);
sqlite3               *aivo_sandbox_database_get_handle       (AivoSandboxDatabase  *self);

AivoSandboxStatement  *aivo_sandbox_database_query            (AivoSandboxDatabase  *self,
                                                               GError              **error,
                                                               const char           *sql,
                                                               const char           *types,
                                                               ...);
gboolean               aivo_sandbox_database_execute          (AivoSandboxDatabase  *self,
                                                               GError              **error,
                                                               const char           *sql,
                                                               const char           *types,
                                                               ...);
gboolean               aivo_sandbox_database_step             (AivoSandboxDatabase  *self,
                                                               AivoSandboxStatement *stmt,
                                                               GError              **error);
gint64                 aivo_sandbox_database_query_int        (AivoSandboxDatabase  *self,
                                                               gint64                fallback,
                                                               const char           *sql,
                                                               const char           *types,
                                                               ...);

gboolean               aivo_sandbox_database_begin            (AivoSandboxDatabase  *self,
                                                               GError              **error);
gboolean               aivo_sandbox_database_commit           (AivoSandboxDatabase  *self,
                                                               GError              **error);
void                   aivo_sandbox_database_rollback         (AivoSandboxDatabase  *self);
gboolean               aivo_sandbox_database_transaction      (AivoSandboxDatabase  *self,
                                                               AivoSandboxTransactionFunc func,
                                                               gpointer              user_data,
                                                               GError              **error);

gboolean               aivo_sandbox_database_set_error        (AivoSandboxDatabase  *self,
                                                               int                   rc,
                                                               GError              **error);

void                   aivo_sandbox_statement_reset           (AivoSandboxStatement *stmt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AivoSandboxStatement, aivo_sandbox_statement_reset)

G_END_DECLS
