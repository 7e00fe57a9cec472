/* aivo-sandbox-keys.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-keys"

#include "config.h"

#include "aivo-credential.h"
#include "aivo-environment.h"
#include "aivo-sandbox-exchange.h"
#include "aivo-sandbox-resources.h"
#include "aivo-sandbox-server.h"
#include "aivo-sandbox-util.h"
#include "aivo-sandbox-validator.h"

/* /v1/api-keys*: for the account token only. The database keeps a key's
 * SHA-256 digest and its hint, never the key; the secret is sent once, in
 * the 201 answer. A rotated key lives on until expires_at (its grace period),
 * does not count against the limit meanwhile, and is purged once it is over. */

#define KEY_COLUMNS "id, name, environment, scopes, hint, created_at, created_by, last_used_at, " \
                    "expires_at, rotated_from, rotation_reason, rotation_member_id, rotation_since"
#define MAX_GRACE_SECONDS (7 * 24 * 3600)
#define MAX_NAME_CHARS    100

enum {
  COL_ID, COL_NAME, COL_ENVIRONMENT, COL_SCOPES, COL_HINT, COL_CREATED_AT, COL_CREATED_BY,
  COL_LAST_USED_AT, COL_EXPIRES_AT, COL_ROTATED_FROM, COL_ROTATION_REASON,
  COL_ROTATION_MEMBER_ID, COL_ROTATION_SINCE,
};

static const char * const environments[] = { "production", "development", "testing", NULL };

static const char **
scope_names (void)
{
  static const char *names[AIVO_N_SCOPES + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < AIVO_N_SCOPES; i++)
      names[i] = aivo_scope_to_string (aivo_scope_nth (i));

  return names;
}

/* Keys whose grace period is over are gone for good. */
static gboolean
purge_expired (AivoSandboxExchange *ex)
{
  g_autoptr(GError) error = NULL;

  if (!aivo_sandbox_database_execute (ex->db, &error,
                                      "DELETE FROM api_keys WHERE expires_at IS NOT NULL AND expires_at <= ?1",
                                      "I", ex->now))
    {
      aivo_sandbox_exchange_reply_internal_error (ex, error);
      return FALSE;
    }

  return TRUE;
}

static void
add_shared_with (AivoSandboxExchange   *ex,
                 AivoSandboxJsonWriter *writer,
                 const char            *key_id)
{
  g_autoptr(AivoSandboxStatement) stmt = NULL;

  aivo_sandbox_json_writer_set_member_name (writer, "shared_with");
  aivo_sandbox_json_writer_begin_array (writer);
  stmt = aivo_sandbox_database_query (ex->db, NULL,
                                      "SELECT s.member_id FROM api_key_shares s "
                                      "JOIN team_members m ON m.id = s.member_id "
                                      "WHERE s.key_id = ?1 ORDER BY m.seq",
                                      "s", key_id);
  while (stmt != NULL && aivo_sandbox_database_step (ex->db, stmt, NULL))
    aivo_sandbox_json_writer_add_string_value (writer, (const char *) sqlite3_column_text (stmt, 0));
  aivo_sandbox_json_writer_end_array (writer);
}

/* The key object of API.md, from a row of KEY_COLUMNS. */
static void
key_row (AivoSandboxExchange   *ex,
         AivoSandboxJsonWriter *writer,
         sqlite3_stmt          *row)
{
  g_auto(GStrv) scopes = aivo_scopes_to_strv ((AivoScope) sqlite3_column_int (row, COL_SCOPES));
  const char *id = (const char *) sqlite3_column_text (row, COL_ID);

  aivo_sandbox_json_writer_begin_object (writer);
  aivo_sandbox_writer_add_column (writer, "id", row, COL_ID);
  aivo_sandbox_writer_add_column (writer, "name", row, COL_NAME);
  aivo_sandbox_writer_add_column (writer, "environment", row, COL_ENVIRONMENT);
  aivo_sandbox_json_writer_set_member_name (writer, "scopes");
  aivo_sandbox_json_writer_begin_array (writer);
  for (guint i = 0; scopes[i] != NULL; i++)
    aivo_sandbox_json_writer_add_string_value (writer, scopes[i]);
  aivo_sandbox_json_writer_end_array (writer);
  aivo_sandbox_writer_add_column (writer, "hint", row, COL_HINT);
  aivo_sandbox_writer_add_column_time (writer, "created_at", row, COL_CREATED_AT);
  aivo_sandbox_writer_add_column (writer, "created_by", row, COL_CREATED_BY);
  add_shared_with (ex, writer, id);
  aivo_sandbox_writer_add_column_time (writer, "last_used_at", row, COL_LAST_USED_AT);
  aivo_sandbox_writer_add_column_time (writer, "expires_at", row, COL_EXPIRES_AT);
  aivo_sandbox_writer_add_column (writer, "rotated_from", row, COL_ROTATED_FROM);
  aivo_sandbox_json_writer_set_member_name (writer, "rotation_required");
  if (sqlite3_column_type (row, COL_ROTATION_REASON) == SQLITE_NULL)
    aivo_sandbox_json_writer_add_null_value (writer);
  else
    {
      aivo_sandbox_json_writer_begin_object (writer);
      aivo_sandbox_writer_add_column (writer, "reason", row, COL_ROTATION_REASON);
      aivo_sandbox_writer_add_column (writer, "member_id", row, COL_ROTATION_MEMBER_ID);
      aivo_sandbox_writer_add_column_time (writer, "since", row, COL_ROTATION_SINCE);
      aivo_sandbox_json_writer_end_object (writer);
    }
  aivo_sandbox_json_writer_end_object (writer);
}

/* The key @id written as JSON, or NULL when there is no such (live) key. */
static AivoSandboxJsonWriter *
write_key (AivoSandboxExchange  *ex,
           const char           *id,
           GError              **error)
{
  g_autoptr(AivoSandboxJsonWriter) writer = aivo_sandbox_json_writer_new ();
  g_autoptr(AivoSandboxStatement) stmt = NULL;

  aivo_sandbox_server_flush_last_used (ex->server);

  stmt = aivo_sandbox_database_query (ex->db, error, "SELECT " KEY_COLUMNS " FROM api_keys WHERE id = ?1", "s", id);
  if (stmt == NULL || !aivo_sandbox_database_step (ex->db, stmt, error))
    return NULL;

  key_row (ex, writer, stmt);
  return g_steal_pointer (&writer);
}

static void
reply_key (AivoSandboxExchange *ex,
           guint                status,
           const char          *id,
           const char          *secret)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AivoSandboxJsonWriter) writer = write_key (ex, id, &error);

  if (writer == NULL && error != NULL)
    aivo_sandbox_exchange_reply_internal_error (ex, error);
  else if (writer == NULL)
    aivo_sandbox_exchange_reply_not_found (ex);
  else if (secret != NULL)
    aivo_sandbox_exchange_reply_writer_with_secret (ex, status, writer, secret);
  else
    aivo_sandbox_exchange_reply_writer (ex, status, writer);
}

static gint64
count_active_keys (AivoSandboxExchange *ex)
{
  return aivo_sandbox_database_query_int (ex->db, 0, "SELECT COUNT(*) FROM api_keys WHERE expires_at IS NULL", NULL);
}

static void
list_keys (AivoSandboxExchange *ex)
{
  g_autoptr(AivoSandboxJsonWriter) writer = aivo_sandbox_json_writer_new ();
  g_autoptr(AivoSandboxStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;

  if (!purge_expired (ex))
    return;

  aivo_sandbox_server_flush_last_used (ex->server);

  aivo_sandbox_json_writer_begin_object (writer);
  aivo_sandbox_json_writer_set_member_name (writer, "data");
  aivo_sandbox_json_writer_begin_array (writer);
  stmt = aivo_sandbox_database_query (ex->db, &error, "SELECT " KEY_COLUMNS " FROM api_keys ORDER BY seq", NULL);
  while (stmt != NULL && aivo_sandbox_database_step (ex->db, stmt, &error))
    key_row (ex, writer, stmt);
  aivo_sandbox_json_writer_end_array (writer);
  aivo_sandbox_json_writer_set_member_name (writer, "count");
  aivo_sandbox_json_writer_add_int_value (writer, count_active_keys (ex));
  aivo_sandbox_json_writer_set_member_name (writer, "key_limit");
  aivo_sandbox_json_writer_add_int_value (writer, AIVO_SANDBOX_KEY_LIMIT);
  aivo_sandbox_json_writer_end_object (writer);

  if (error != NULL)
    aivo_sandbox_exchange_reply_internal_error (ex, error);
  else
    aivo_sandbox_exchange_reply_writer (ex, SOUP_STATUS_OK, writer);
}

static void
get_key (AivoSandboxExchange *ex)
{
  if (purge_expired (ex))
    reply_key (ex, SOUP_STATUS_OK, aivo_sandbox_exchange_get_param (ex, "id"), NULL);
}

/* Only ids of current team members. */
static gboolean
validate_members (AivoSandboxExchange *ex,
                  const char * const  *members)
{
  for (guint i = 0; members != NULL && members[i] != NULL; i++)
    if (aivo_sandbox_database_query_int (ex->db, 0, "SELECT COUNT(*) FROM team_members WHERE id = ?1",
                                         "s", members[i]) == 0)
      {
        g_autofree char *shown = g_utf8_make_valid (members[i], MIN (strlen (members[i]), 64));

        aivo_sandbox_exchange_reply_error (ex, 422, "validation_failed", "shared_with",
                                           "“%s” is not a current team member. "
                                           "List /v1/team-members for the ids.", shown);
        return FALSE;
      }

  return TRUE;
}

typedef struct
{
  AivoSandboxExchange *ex;
  AivoCredential      *credential;
  char                *id;
  const char          *name;
  const char          *environment;
  AivoScope            scopes;
  const char * const  *shared_with;     /* or NULL */
  const char          *rotated_from;    /* or NULL */
  gint64               old_expires_at;  /* rotation: 0 deletes the old key */
} NewKey;

static gboolean
insert_key (gpointer   user_data,
            GError   **error)
{
  NewKey *key = user_data;
  AivoSandboxDatabase *db = key->ex->db;
  g_autofree char *digest = aivo_credential_dup_digest (key->credential);
  g_autofree char *hint = aivo_credential_dup_hint (key->credential);

  if (!aivo_sandbox_database_execute (db, error,
                                      "INSERT INTO api_keys (id, name, environment, scopes, digest, hint, "
                                      "created_at, created_by, rotated_from) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                      "sssissIss", key->id, key->name, key->environment, (int) key->scopes,
                                      digest, hint, key->ex->now, key->ex->principal.member_id,
                                      key->rotated_from))
    return FALSE;

  for (guint i = 0; key->shared_with != NULL && key->shared_with[i] != NULL; i++)
    if (!aivo_sandbox_database_execute (db, error,
                                        "INSERT INTO api_key_shares (key_id, member_id) VALUES (?1, ?2)",
                                        "ss", key->id, key->shared_with[i]))
      return FALSE;

  if (key->rotated_from == NULL)
    return TRUE;

  /* The replacement is shared as the old key was. */
  if (!aivo_sandbox_database_execute (db, error,
                                      "INSERT INTO api_key_shares (key_id, member_id) "
                                      "SELECT ?1, member_id FROM api_key_shares WHERE key_id = ?2",
                                      "ss", key->id, key->rotated_from))
    return FALSE;

  if (key->old_expires_at == 0)
    return aivo_sandbox_database_execute (db, error, "DELETE FROM api_keys WHERE id = ?1", "s", key->rotated_from);

  return aivo_sandbox_database_execute (db, error, "UPDATE api_keys SET expires_at = ?1 WHERE id = ?2",
                                        "Is", key->old_expires_at, key->rotated_from);
}

/* Mints the key and stores it; answers 201 with the secret, or an error. */
static void
store_new_key (NewKey *key)
{
  AivoSandboxExchange *ex = key->ex;
  g_autoptr(GError) error = NULL;
  AivoEnvironment environment = AIVO_ENVIRONMENT_PRODUCTION;

  aivo_environment_from_string (key->environment, &environment);

  /* An id already taken (1 in 62^8) fails the insert: draw again. */
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_autoptr(AivoCredential) credential = NULL;
      g_autofree char *id = NULL;

      g_clear_error (&error);
      credential = aivo_credential_generate (aivo_credential_kind_for_environment (environment), &error);
      if (credential == NULL)
        break;

      id = aivo_credential_dup_key_id (credential);
      key->credential = credential;
      key->id = id;
      if (aivo_sandbox_database_transaction (ex->db, insert_key, key, &error))
        {
          reply_key (ex, SOUP_STATUS_CREATED, id, aivo_credential_peek_secret (credential));
          key->credential = NULL;
          key->id = NULL;
          return;
        }

      key->credential = NULL;
      key->id = NULL;
      if (!g_error_matches (error, AIVO_SANDBOX_DATABASE_ERROR, AIVO_SANDBOX_DATABASE_ERROR_CONSTRAINT))
        break;
    }

  aivo_sandbox_exchange_reply_internal_error (ex, error);
}

static void
create_key (AivoSandboxExchange *ex)
{
  static const char * const fields[] = { "name", "scopes", "environment", "shared_with", NULL };
  g_autofree char *name = NULL;
  g_auto(GStrv) scope_list = NULL;
  g_auto(GStrv) shared_with = NULL;
  const char *environment = NULL;
  NewKey key = { ex };

  if (!aivo_sandbox_validate_fields (ex, fields) ||
      !aivo_sandbox_validate_string (ex, "name", AIVO_SANDBOX_FIELD_REQUIRED, 1, MAX_NAME_CHARS, &name) ||
      !aivo_sandbox_validate_string_array (ex, "scopes", AIVO_SANDBOX_FIELD_REQUIRED, scope_names (),
                                           1, AIVO_N_SCOPES, 0, &scope_list) ||
      !aivo_sandbox_validate_enum (ex, "environment", AIVO_SANDBOX_FIELD_REQUIRED, environments, &environment) ||
      !aivo_sandbox_validate_string_array (ex, "shared_with", AIVO_SANDBOX_FIELD_OPTIONAL, NULL,
                                           0, 100, 64, &shared_with) ||
      !validate_members (ex, (const char * const *) shared_with) ||
      !purge_expired (ex))
    return;

  if (count_active_keys (ex) >= AIVO_SANDBOX_KEY_LIMIT)
    {
      aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_CONFLICT, "key_limit_reached", NULL,
                                         "This account already has %d API keys, the most it may have. "
                                         "Delete a key you no longer use, or rotate one instead.",
                                         AIVO_SANDBOX_KEY_LIMIT);
      return;
    }

  key.name = name;
  key.environment = environment;
  key.scopes = aivo_scopes_parse ((const char * const *) scope_list, NULL);
  key.shared_with = (const char * const *) shared_with;
  store_new_key (&key);
}

static void
update_key (AivoSandboxExchange *ex)
{
  static const char * const fields[] = { "name", NULL };
  const char *id = aivo_sandbox_exchange_get_param (ex, "id");
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  if (!aivo_sandbox_validate_absent (ex, "scopes",
                                     "A key’s scopes are fixed when it is created: rotate the key to get one "
                                     "with other scopes.") ||
      !aivo_sandbox_validate_absent (ex, "environment",
                                     "A key’s environment is fixed when it is created: create a new key for "
                                     "another environment.") ||
      !aivo_sandbox_validate_fields (ex, fields) ||
      !aivo_sandbox_validate_string (ex, "name", AIVO_SANDBOX_FIELD_OPTIONAL, 1, MAX_NAME_CHARS, &name) ||
      !purge_expired (ex))
    return;

  if (name != NULL &&
      !aivo_sandbox_database_execute (ex->db, &error, "UPDATE api_keys SET name = ?1 WHERE id = ?2", "ss", name, id))
    {
      aivo_sandbox_exchange_reply_internal_error (ex, error);
      return;
    }

  reply_key (ex, SOUP_STATUS_OK, id, NULL);
}

static void
delete_key (AivoSandboxExchange *ex)
{
  if (purge_expired (ex))
    aivo_sandbox_exchange_reply_delete (ex, "api_keys", aivo_sandbox_exchange_get_param (ex, "id"));
}

static void
rotate_key (AivoSandboxExchange *ex)
{
  static const char * const fields[] = { "grace_period_seconds", NULL };
  const char *id = aivo_sandbox_exchange_get_param (ex, "id");
  g_autoptr(AivoSandboxStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *environment = NULL;
  gint64 grace = 0;
  NewKey key = { ex };

  if (!aivo_sandbox_validate_fields (ex, fields) ||
      !aivo_sandbox_validate_int (ex, "grace_period_seconds", AIVO_SANDBOX_FIELD_OPTIONAL,
                                  0, MAX_GRACE_SECONDS, &grace) ||
      !purge_expired (ex))
    return;

  stmt = aivo_sandbox_database_query (ex->db, &error,
                                      "SELECT name, environment, scopes, expires_at FROM api_keys WHERE id = ?1",
                                      "s", id);
  if (stmt == NULL || !aivo_sandbox_database_step (ex->db, stmt, &error))
    {
      if (error != NULL)
        aivo_sandbox_exchange_reply_internal_error (ex, error);
      else
        aivo_sandbox_exchange_reply_not_found (ex);
      return;
    }

  if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
    {
      g_autofree char *until = aivo_sandbox_time_format (sqlite3_column_int64 (stmt, 3));

      aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_CONFLICT, "conflict", NULL,
                                         "This key was already rotated and stops working at %s. "
                                         "Rotate its replacement instead.", until);
      return;
    }

  name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  environment = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  key.scopes = (AivoScope) sqlite3_column_int (stmt, 2);
  g_clear_pointer (&stmt, aivo_sandbox_statement_reset);

  key.name = name;
  key.environment = environment;
  key.rotated_from = id;
  /* Whole seconds, rounded up, so the old key lives at least the grace asked for. */
  key.old_expires_at = grace == 0 ? 0 : (g_get_real_time () + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC + grace;
  store_new_key (&key);
}

void
aivo_sandbox_keys_register (AivoSandboxRouter *router)
{
  AivoSandboxRequirement owner = AIVO_SANDBOX_REQUIRE_ACCOUNT_TOKEN;

  aivo_sandbox_router_add (router, "GET", "/v1/api-keys", owner, list_keys);
  aivo_sandbox_router_add (router, "POST", "/v1/api-keys", owner, create_key);
  aivo_sandbox_router_add (router, "GET", "/v1/api-keys/{id}", owner, get_key);
  aivo_sandbox_router_add (router, "PATCH", "/v1/api-keys/{id}", owner, update_key);
  aivo_sandbox_router_add (router, "DELETE", "/v1/api-keys/{id}", owner, delete_key);
  aivo_sandbox_router_add (router, "POST", "/v1/api-keys/{id}/rotate", owner, rotate_key);
}
