/* aivo-sandbox-database.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-database"

#include "config.h"

#include <stdarg.h>

#include "aivo-sandbox-database.h"

/* The schema, one migration an entry, applied in order, each in its own
 * transaction; PRAGMA user_version counts the ones applied. To change the
 * schema, append an entry: never edit one that has shipped.
 *
 * Times are Unix seconds (INTEGER); every table that the API lists in creation
 * order has a `seq` column for that. */
static const char * const migrations[] = {
  /* 1: the account, its team and its API keys. */
  "CREATE TABLE account ("
  "  id          TEXT PRIMARY KEY,"
  "  name        TEXT NOT NULL,"
  "  created_at  INTEGER NOT NULL"
  ");"
  "CREATE TABLE team_members ("
  "  seq         INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  id          TEXT NOT NULL UNIQUE,"
  "  name        TEXT NOT NULL,"
  "  email       TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  role        TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'developer', 'viewer')),"
  "  status      TEXT NOT NULL DEFAULT 'active',"
  "  created_at  INTEGER NOT NULL"
  ");"
  "CREATE TABLE api_keys ("
  "  seq                 INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  id                  TEXT NOT NULL UNIQUE,"
  "  name                TEXT NOT NULL,"
  "  environment         TEXT NOT NULL,"
  "  scopes              INTEGER NOT NULL,"
  "  digest              TEXT NOT NULL,"   /* SHA-256 of the whole key, hex; never the key */
  "  hint                TEXT NOT NULL,"
  "  created_at          INTEGER NOT NULL,"
  "  created_by          TEXT NOT NULL,"   /* stays after the member leaves */
  "  last_used_at        INTEGER,"
  "  expires_at          INTEGER,"         /* set while a rotated key is in its grace period */
  "  rotated_from        TEXT,"
  "  rotation_reason     TEXT,"
  "  rotation_member_id  TEXT,"
  "  rotation_since      INTEGER"
  ");"
  "CREATE TABLE api_key_shares ("
  "  key_id     TEXT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,"
  "  member_id  TEXT NOT NULL REFERENCES team_members (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (key_id, member_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX api_key_shares_member ON api_key_shares (member_id);",

  /* 2: the resources: contacts, calls with their transcripts, call settings
   * (one row, there from the start), knowledge articles, appointments and
   * webhooks. A deleted contact leaves its calls and appointments with
   * contact_id null. String lists (tags, events) are stored joined by U+001F,
   * a control character no item may contain. */
  "CREATE TABLE contacts ("
  "  seq         INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  id          TEXT NOT NULL UNIQUE,"
  "  name        TEXT NOT NULL,"
  "  phone       TEXT,"
  "  email       TEXT,"
  "  company     TEXT,"
  "  notes       TEXT NOT NULL DEFAULT '',"
  "  created_at  INTEGER NOT NULL,"
  "  updated_at  INTEGER NOT NULL"
  ");"
  "CREATE INDEX contacts_phone ON contacts (phone);"
  "CREATE TABLE calls ("
  "  seq               INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  id                TEXT NOT NULL UNIQUE,"
  "  direction         TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),"
  "  from_number       TEXT NOT NULL,"
  "  to_number         TEXT NOT NULL,"
  "  agent_id          TEXT,"
  "  contact_id        TEXT REFERENCES contacts (id) ON DELETE SET NULL,"
  "  status            TEXT NOT NULL CHECK (status IN ('queued', 'in_progress', 'completed', 'missed', 'failed')),"
  "  started_at        INTEGER,"
  "  ended_at          INTEGER,"
  "  duration_seconds  INTEGER NOT NULL DEFAULT 0,"
  "  summary           TEXT,"
  "  sentiment         TEXT CHECK (sentiment IN ('positive', 'neutral', 'negative')),"
  "  language          TEXT NOT NULL DEFAULT 'en-US',"
  "  created_at        INTEGER NOT NULL"
  ");"
  "CREATE INDEX calls_contact ON calls (contact_id);"
  "CREATE INDEX calls_created_at ON calls (created_at);"
  "CREATE TABLE call_transcript_segments ("
  "  call_id         TEXT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,"
  "  position        INTEGER NOT NULL,"
  "  speaker         TEXT NOT NULL CHECK (speaker IN ('agent', 'caller')),"
  "  offset_seconds  REAL NOT NULL,"
  "  text            TEXT NOT NULL,"
  "  PRIMARY KEY (call_id, position)"
  ") WITHOUT ROWID;"
  "CREATE TABLE call_settings ("
  "  id                         INTEGER PRIMARY KEY CHECK (id = 1),"
  "  greeting                   TEXT NOT NULL,"
  "  voice                      TEXT NOT NULL,"
  "  language                   TEXT NOT NULL,"
  "  recording_enabled          INTEGER NOT NULL,"
  "  max_call_duration_seconds  INTEGER NOT NULL,"
  "  transfer_number            TEXT"
  ");"
  "INSERT INTO call_settings VALUES (1, 'Hello, thank you for calling. How can I help you today?',"
  "  'aria', 'en-US', 0, 1800, NULL);"
  "CREATE TABLE knowledge_articles ("
  "  seq         INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  id          TEXT NOT NULL UNIQUE,"
  "  title       TEXT NOT NULL,"
  "  body        TEXT NOT NULL DEFAULT '',"
  "  tags        TEXT NOT NULL DEFAULT '',"
  "  status      TEXT NOT NULL CHECK (status IN ('draft', 'published')),"
  "  created_at  INTEGER NOT NULL,"
  "  updated_at  INTEGER NOT NULL"
  ");"
  "CREATE TABLE appointments ("
  "  seq         INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  id          TEXT NOT NULL UNIQUE,"
  "  title       TEXT NOT NULL,"
  "  contact_id  TEXT REFERENCES contacts (id) ON DELETE SET NULL,"
  "  starts_at   INTEGER NOT NULL,"
  "  ends_at     INTEGER NOT NULL,"
  "  status      TEXT NOT NULL CHECK (status IN ('scheduled', 'cancelled', 'completed')),"
  "  notes       TEXT NOT NULL DEFAULT '',"
  "  created_at  INTEGER NOT NULL,"
  "  updated_at  INTEGER NOT NULL,"
  "  CHECK (ends_at > starts_at)"
  ");"
  "CREATE INDEX appointments_contact ON appointments (contact_id);"
  "CREATE TABLE webhooks ("
  "  seq          INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  id           TEXT NOT NULL UNIQUE,"
  "  url          TEXT NOT NULL,"
  "  events       TEXT NOT NULL,"
  "  description  TEXT,"
  "  active       INTEGER NOT NULL DEFAULT 1,"
  "  created_at   INTEGER NOT NULL"
  ");",
};

struct _AivoSandboxDatabase
{
  GObject     parent_instance;

  sqlite3    *db;
  GHashTable *statements;   /* SQL text → sqlite3_stmt */
  int         schema_version_before;
};

G_DEFINE_FINAL_TYPE (AivoSandboxDatabase, aivo_sandbox_database, G_TYPE_OBJECT)

G_DEFINE_QUARK (aivo-sandbox-database-error-quark, aivo_sandbox_database_error)

static void
aivo_sandbox_database_finalize (GObject *object)
{
  AivoSandboxDatabase *self = (AivoSandboxDatabase *)object;

  aivo_sandbox_database_close (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);

  G_OBJECT_CLASS (aivo_sandbox_database_parent_class)->finalize (object);
}

static void
aivo_sandbox_database_class_init (AivoSandboxDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aivo_sandbox_database_finalize;
}

static void
aivo_sandbox_database_init (AivoSandboxDatabase *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
}

/**
 * aivo_sandbox_database_set_error:
 * @rc: an SQLite result code
 *
 * Sets @error from the connection's last error. Always returns %FALSE so a
 * caller can `return aivo_sandbox_database_set_error (…)`.
 */
gboolean
aivo_sandbox_database_set_error (AivoSandboxDatabase  *self,
                                 int                   rc,
                                 GError              **error)
{
  int code = (rc & 0xff) == SQLITE_CONSTRAINT
    ? AIVO_SANDBOX_DATABASE_ERROR_CONSTRAINT
    : AIVO_SANDBOX_DATABASE_ERROR_FAILED;

  g_set_error (error, AIVO_SANDBOX_DATABASE_ERROR, code,
               "The sandbox database failed: %s",
               self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
  return FALSE;
}

static gboolean
exec_sql (AivoSandboxDatabase  *self,
          const char           *sql,
          GError              **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return aivo_sandbox_database_set_error (self, rc, error);

  return TRUE;
}

static gboolean
migrate (AivoSandboxDatabase  *self,
         GError              **error)
{
  int version = (int) aivo_sandbox_database_query_int (self, -1, "PRAGMA user_version", NULL);

  self->schema_version_before = version;

  if (version < 0)
    return aivo_sandbox_database_set_error (self, sqlite3_errcode (self->db), error);

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, AIVO_SANDBOX_DATABASE_ERROR, AIVO_SANDBOX_DATABASE_ERROR_TOO_NEW,
                   "The sandbox data was written by a newer version of aivo-sandbox "
                   "(schema %d, this one knows %d). Use a newer aivo-sandbox or another --data-dir.",
                   version, (int) G_N_ELEMENTS (migrations));
      return FALSE;
    }

  for (guint i = version; i < G_N_ELEMENTS (migrations); i++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", i + 1);

      if (!aivo_sandbox_database_begin (self, error))
        return FALSE;

      if (!exec_sql (self, migrations[i], error) || !exec_sql (self, set_version, error))
        {
          aivo_sandbox_database_rollback (self);
          g_prefix_error (error, "Could not upgrade the sandbox data to schema %u: ", i + 1);
          return FALSE;
        }

      if (!aivo_sandbox_database_commit (self, error))
        return FALSE;

      g_debug ("Applied schema migration %u", i + 1);
    }

  return TRUE;
}

/**
 * aivo_sandbox_database_open:
 * @path: the database file; created when missing
 *
 * Opens the database in WAL mode with full synchronisation, so a write that
 * was committed survives the process being killed, then brings the schema up
 * to date.
 */
AivoSandboxDatabase *
aivo_sandbox_database_open (const char  *path,
                            GError     **error)
{
  g_autoptr(AivoSandboxDatabase) self = NULL;
  g_autoptr(AivoSandboxStatement) mode = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (AIVO_SANDBOX_TYPE_DATABASE, NULL);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, AIVO_SANDBOX_DATABASE_ERROR, AIVO_SANDBOX_DATABASE_ERROR_OPEN,
                   "Could not open the sandbox database “%s”: %s. "
                   "Check that the data directory is writable.",
                   path, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, 1000);

  /* The sandbox is the database's only user: holding the lock for good saves
   * two fcntl() calls a query and, set before WAL mode, the -shm file. */
  if (!exec_sql (self, "PRAGMA locking_mode = EXCLUSIVE", error))
    return NULL;

  mode = aivo_sandbox_database_query (self, error, "PRAGMA journal_mode = WAL", NULL);
  if (mode == NULL || !aivo_sandbox_database_step (self, mode, error))
    {
      if (sqlite3_errcode (self->db) == SQLITE_BUSY)
        {
          g_clear_error (error);
          g_set_error (error, AIVO_SANDBOX_DATABASE_ERROR, AIVO_SANDBOX_DATABASE_ERROR_OPEN,
                       "The sandbox database “%s” is in use by another aivo-sandbox. "
                       "Stop that one, or choose another --data-dir.", path);
        }
      else
        g_prefix_error (error, "Could not open the sandbox database “%s”: ", path);
      return NULL;
    }
  if (g_ascii_strcasecmp ((const char *) sqlite3_column_text (mode, 0), "wal") != 0)
    g_warning ("The sandbox database could not switch to WAL mode; it keeps working, more slowly");
  g_clear_pointer (&mode, aivo_sandbox_statement_reset);

  if (!exec_sql (self, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", error) ||
      !migrate (self, error))
    {
      g_prefix_error (error, "Could not open the sandbox database “%s”: ", path);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/* Finalizes every statement and closes the connection; safe to call twice. */
void
aivo_sandbox_database_close (AivoSandboxDatabase *self)
{
  g_return_if_fail (AIVO_SANDBOX_IS_DATABASE (self));

  if (self->db == NULL)
    return;

  g_hash_table_remove_all (self->statements);
  if (sqlite3_close (self->db) != SQLITE_OK)
    g_warning ("The sandbox database did not close cleanly: %s", sqlite3_errmsg (self->db));
  self->db = NULL;
}

gboolean
aivo_sandbox_database_is_open (AivoSandboxDatabase *self)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_DATABASE (self), FALSE);

  return self->db != NULL;
}

int
aivo_sandbox_database_get_schema_version (AivoSandboxDatabase *self)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_DATABASE (self), -1);

  return (int) aivo_sandbox_database_query_int (self, -1, "PRAGMA user_version", NULL);
}

/* TRUE when this open created the schema: a new data directory. */
gboolean
aivo_sandbox_database_was_created (AivoSandboxDatabase *self)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_DATABASE (self), FALSE);

  return self->schema_version_before == 0;
}

sqlite3 *
aivo_sandbox_database_get_handle (AivoSandboxDatabase *self)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_DATABASE (self), NULL);

  return self->db;
}

static sqlite3_stmt *
prepare_cached (AivoSandboxDatabase  *self,
                const char           *sql,
                GError              **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      /* Bad SQL is a bug; a busy or broken database is not. */
      if ((rc & 0xff) == SQLITE_ERROR)
        g_critical ("Could not prepare “%s”: %s", sql, sqlite3_errmsg (self->db));
      aivo_sandbox_database_set_error (self, rc, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* @types has one character an argument: 's' const char * (NULL binds NULL),
 * 'i' int, 'I' gint64, 't' gint64 time (0 or less binds NULL), 'b' gboolean,
 * 'd' double. Parameters are ?1, ?2, … in that order. */
static gboolean
bind_va (AivoSandboxDatabase  *self,
         sqlite3_stmt         *stmt,
         const char           *types,
         va_list               args,
         GError              **error)
{
  int index = 1;

  for (const char *t = types; t != NULL && *t != '\0'; t++, index++)
    {
      int rc;

      switch (*t)
        {
        case 's':
          {
            const char *value = va_arg (args, const char *);
            rc = value != NULL
              ? sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT)
              : sqlite3_bind_null (stmt, index);
          }
          break;

        case 'i':
        case 'b':
          rc = sqlite3_bind_int (stmt, index, va_arg (args, int));
          break;

        case 'I':
          rc = sqlite3_bind_int64 (stmt, index, va_arg (args, gint64));
          break;

        case 't':
          {
            gint64 value = va_arg (args, gint64);
            rc = value > 0 ? sqlite3_bind_int64 (stmt, index, value) : sqlite3_bind_null (stmt, index);
          }
          break;

        case 'd':
          rc = sqlite3_bind_double (stmt, index, va_arg (args, double));
          break;

        default:
          g_critical ("Unknown binding type “%c” for %s", *t, sqlite3_sql (stmt));
          rc = SQLITE_MISUSE;
          break;
        }

      if (rc != SQLITE_OK)
        return aivo_sandbox_database_set_error (self, rc, error);
    }

  return TRUE;
}

static sqlite3_stmt *
query_va (AivoSandboxDatabase  *self,
          GError              **error,
          const char           *sql,
          const char           *types,
          va_list               args)
{
  sqlite3_stmt *stmt;

  if (self->db == NULL)
    {
      g_set_error_literal (error, AIVO_SANDBOX_DATABASE_ERROR, AIVO_SANDBOX_DATABASE_ERROR_FAILED,
                           "The sandbox database is closed.");
      return NULL;
    }

  stmt = prepare_cached (self, sql, error);
  if (stmt == NULL)
    return NULL;

  if (!bind_va (self, stmt, types, args, error))
    {
      sqlite3_reset (stmt);
      return NULL;
    }

  return stmt;
}

/**
 * aivo_sandbox_database_query:
 * @types: (nullable): the types of the values that follow, see bind_va()
 *
 * Prepares @sql (once: statements are cached by their text) and binds the
 * values. Step it with aivo_sandbox_database_step(); hold it in a
 * g_autoptr(AivoSandboxStatement) so it is reset afterwards. Do not hold a
 * statement across a call that runs the same SQL.
 *
 * Returns: (transfer none) (nullable): the statement, or %NULL with @error set
 */
AivoSandboxStatement *
aivo_sandbox_database_query (AivoSandboxDatabase  *self,
                             GError              **error,
                             const char           *sql,
                             const char           *types,
                             ...)
{
  sqlite3_stmt *stmt;
  va_list args;

  g_return_val_if_fail (AIVO_SANDBOX_IS_DATABASE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  va_start (args, types);
  stmt = query_va (self, error, sql, types, args);
  va_end (args);

  return stmt;
}

/**
 * aivo_sandbox_database_step:
 *
 * Returns: %TRUE when a row is ready; %FALSE when there are no more rows, or
 *   on an error (then @error is set)
 */
gboolean
aivo_sandbox_database_step (AivoSandboxDatabase  *self,
                            AivoSandboxStatement *stmt,
                            GError              **error)
{
  int rc;

  g_return_val_if_fail (AIVO_SANDBOX_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (stmt != NULL, FALSE);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    aivo_sandbox_database_set_error (self, rc, error);

  return FALSE;
}

/* Runs a statement that returns no rows (or whose rows do not matter). */
gboolean
aivo_sandbox_database_execute (AivoSandboxDatabase  *self,
                               GError              **error,
                               const char           *sql,
                               const char           *types,
                               ...)
{
  g_autoptr(AivoSandboxStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  va_list args;

  g_return_val_if_fail (AIVO_SANDBOX_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  va_start (args, types);
  stmt = query_va (self, error, sql, types, args);
  va_end (args);

  if (stmt == NULL)
    return FALSE;

  while (aivo_sandbox_database_step (self, stmt, &local_error))
    ;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/* The first column of the first row as an integer, or @fallback (no row, NULL,
 * or an error, which is logged). */
gint64
aivo_sandbox_database_query_int (AivoSandboxDatabase *self,
                                 gint64               fallback,
                                 const char          *sql,
                                 const char          *types,
                                 ...)
{
  g_autoptr(AivoSandboxStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gint64 value = fallback;
  va_list args;

  g_return_val_if_fail (AIVO_SANDBOX_IS_DATABASE (self), fallback);
  g_return_val_if_fail (sql != NULL, fallback);

  va_start (args, types);
  stmt = query_va (self, &error, sql, types, args);
  va_end (args);

  if (stmt != NULL && aivo_sandbox_database_step (self, stmt, &error) &&
      sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = sqlite3_column_int64 (stmt, 0);

  if (error != NULL)
    g_warning ("%s", error->message);

  return value;
}

/* BEGIN IMMEDIATE: the write lock is taken at once, so a transaction never
 * fails half-way because another connection wrote first. */
gboolean
aivo_sandbox_database_begin (AivoSandboxDatabase  *self,
                             GError              **error)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_DATABASE (self), FALSE);

  return aivo_sandbox_database_execute (self, error, "BEGIN IMMEDIATE", NULL);
}

gboolean
aivo_sandbox_database_commit (AivoSandboxDatabase  *self,
                              GError              **error)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_DATABASE (self), FALSE);

  if (!aivo_sandbox_database_execute (self, error, "COMMIT", NULL))
    {
      aivo_sandbox_database_rollback (self);
      return FALSE;
    }

  return TRUE;
}

void
aivo_sandbox_database_rollback (AivoSandboxDatabase *self)
{
  g_return_if_fail (AIVO_SANDBOX_IS_DATABASE (self));

  if (self->db != NULL && !sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/**
 * aivo_sandbox_database_transaction:
 * @func: does the work; returns %FALSE with its error set to roll back
 *
 * Runs @func inside BEGIN IMMEDIATE … COMMIT, rolling back when it fails.
 */
gboolean
aivo_sandbox_database_transaction (AivoSandboxDatabase         *self,
                                   AivoSandboxTransactionFunc   func,
                                   gpointer                     user_data,
                                   GError                     **error)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!aivo_sandbox_database_begin (self, error))
    return FALSE;

  if (!func (user_data, error))
    {
      aivo_sandbox_database_rollback (self);
      return FALSE;
    }

  return aivo_sandbox_database_commit (self, error);
}

void
aivo_sandbox_statement_reset (AivoSandboxStatement *stmt)
{
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
}
