/* aivo-sandbox-account.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-account"

#include "config.h"

#include "aivo-sandbox-exchange.h"
#include "aivo-sandbox-resources.h"
#include "aivo-sandbox-server.h"
#include "aivo-sandbox-util.h"
#include "aivo-sandbox-validator.h"

/* /v1/account and /v1/team-members. There is one account; its plan and limits
 * come from the command line, its name and team from the database. */

#define MEMBER_COLUMNS  "id, name, email, role, status, created_at"
#define MAX_NAME_CHARS  100

static const char * const invitable_roles[] = { "admin", "developer", "viewer", NULL };

/* The account ----------------------------------------------------------- */

static void
reply_account (AivoSandboxExchange *ex,
               guint                status)
{
  g_autoptr(AivoSandboxJsonWriter) writer = aivo_sandbox_json_writer_new ();
  g_autoptr(AivoSandboxStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = aivo_sandbox_database_query (ex->db, &error, "SELECT id, name FROM account", NULL);
  if (stmt == NULL || !aivo_sandbox_database_step (ex->db, stmt, &error))
    {
      aivo_sandbox_exchange_reply_internal_error (ex, error);
      return;
    }

  aivo_sandbox_json_writer_begin_object (writer);
  aivo_sandbox_writer_add_column (writer, "id", stmt, 0);
  aivo_sandbox_writer_add_column (writer, "name", stmt, 1);
  aivo_sandbox_json_writer_set_member_name (writer, "plan");
  aivo_sandbox_json_writer_add_string_value (writer, aivo_sandbox_plan_to_string (aivo_sandbox_server_get_plan (ex->server)));
  /* The plan's number, even when --window-seconds shortens the window. */
  aivo_sandbox_json_writer_set_member_name (writer, "rate_limit_per_minute");
  aivo_sandbox_json_writer_add_int_value (writer, aivo_sandbox_server_get_rate_limit (ex->server));
  aivo_sandbox_json_writer_set_member_name (writer, "rate_limit_window_seconds");
  aivo_sandbox_json_writer_add_int_value (writer, aivo_sandbox_server_get_window_seconds (ex->server));
  aivo_sandbox_json_writer_set_member_name (writer, "key_limit");
  aivo_sandbox_json_writer_add_int_value (writer, AIVO_SANDBOX_KEY_LIMIT);
  aivo_sandbox_json_writer_end_object (writer);

  aivo_sandbox_exchange_reply_writer (ex, status, writer);
}

static void
get_account (AivoSandboxExchange *ex)
{
  reply_account (ex, SOUP_STATUS_OK);
}

static void
update_account (AivoSandboxExchange *ex)
{
  static const char * const fields[] = { "name", NULL };
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  if (!aivo_sandbox_validate_fields (ex, fields) ||
      !aivo_sandbox_validate_string (ex, "name", AIVO_SANDBOX_FIELD_OPTIONAL, 1, MAX_NAME_CHARS, &name))
    return;

  if (name != NULL && !aivo_sandbox_database_execute (ex->db, &error, "UPDATE account SET name = ?1", "s", name))
    {
      aivo_sandbox_exchange_reply_internal_error (ex, error);
      return;
    }

  reply_account (ex, SOUP_STATUS_OK);
}

/* Team members ------------------------------------------------------------ */

static void
member_row (AivoSandboxExchange   *ex,
            AivoSandboxJsonWriter *writer,
            sqlite3_stmt          *row)
{
  aivo_sandbox_json_writer_begin_object (writer);
  aivo_sandbox_writer_add_column (writer, "id", row, 0);
  aivo_sandbox_writer_add_column (writer, "name", row, 1);
  aivo_sandbox_writer_add_column (writer, "email", row, 2);
  aivo_sandbox_writer_add_column (writer, "role", row, 3);
  aivo_sandbox_writer_add_column (writer, "status", row, 4);
  aivo_sandbox_writer_add_column_time (writer, "created_at", row, 5);
  aivo_sandbox_json_writer_end_object (writer);
}

static void
list_members (AivoSandboxExchange *ex)
{
  g_autoptr(AivoSandboxJsonWriter) writer = aivo_sandbox_json_writer_new ();
  g_autoptr(AivoSandboxStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;

  aivo_sandbox_json_writer_begin_object (writer);
  aivo_sandbox_json_writer_set_member_name (writer, "data");
  aivo_sandbox_json_writer_begin_array (writer);
  stmt = aivo_sandbox_database_query (ex->db, &error, "SELECT " MEMBER_COLUMNS " FROM team_members ORDER BY seq", NULL);
  while (stmt != NULL && aivo_sandbox_database_step (ex->db, stmt, &error))
    member_row (ex, writer, stmt);
  aivo_sandbox_json_writer_end_array (writer);
  aivo_sandbox_json_writer_end_object (writer);

  if (error != NULL)
    aivo_sandbox_exchange_reply_internal_error (ex, error);
  else
    aivo_sandbox_exchange_reply_writer (ex, SOUP_STATUS_OK, writer);
}

/**
 * aivo_sandbox_team_member_insert:
 *
 * Adds a member with the next id (mem_0001, mem_0002, …; an id is never
 * given twice, even after its member left).
 *
 * Returns: (transfer full): the new id, or %NULL with @error set
 */
char *
aivo_sandbox_team_member_insert (AivoSandboxDatabase  *db,
                                 const char           *name,
                                 const char           *email,
                                 const char           *role,
                                 gint64                now,
                                 GError              **error)
{
  gint64 seq = aivo_sandbox_database_query_int (db, 0, "SELECT seq FROM sqlite_sequence WHERE name = 'team_members'",
                                                NULL) + 1;
  g_autofree char *id = g_strdup_printf ("mem_%04" G_GINT64_FORMAT, seq);

  if (!aivo_sandbox_database_execute (db, error,
                                      "INSERT INTO team_members (seq, id, name, email, role, created_at) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                      "IssssI", seq, id, name, email, role, now))
    return NULL;

  return g_steal_pointer (&id);
}

static void
create_member (AivoSandboxExchange *ex)
{
  static const char * const fields[] = { "name", "email", "role", NULL };
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  const char *role = NULL;
  JsonNode *role_node;

  if (!aivo_sandbox_validate_fields (ex, fields) ||
      !aivo_sandbox_validate_string (ex, "name", AIVO_SANDBOX_FIELD_REQUIRED, 1, MAX_NAME_CHARS, &name) ||
      !aivo_sandbox_validate_email (ex, "email", AIVO_SANDBOX_FIELD_REQUIRED, &email))
    return;

  role_node = ex->body != NULL ? json_object_get_member (ex->body, "role") : NULL;
  if (role_node != NULL && JSON_NODE_HOLDS_VALUE (role_node) &&
      json_node_get_value_type (role_node) == G_TYPE_STRING &&
      g_strcmp0 (json_node_get_string (role_node), "owner") == 0)
    {
      aivo_sandbox_exchange_reply_error (ex, 422, "validation_failed", "role",
                                         "An account has one owner; invite the member as “admin”, "
                                         "“developer” or “viewer”.");
      return;
    }

  if (!aivo_sandbox_validate_enum (ex, "role", AIVO_SANDBOX_FIELD_REQUIRED, invitable_roles, &role))
    return;

  if (aivo_sandbox_database_query_int (ex->db, 0, "SELECT COUNT(*) FROM team_members WHERE email = ?1",
                                       "s", email) > 0)
    {
      aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_CONFLICT, "conflict", "email",
                                         "A team member already has the email address “%s”.", email);
      return;
    }

  id = aivo_sandbox_team_member_insert (ex->db, name, email, role, ex->now, &error);
  if (id == NULL)
    {
      aivo_sandbox_exchange_reply_internal_error (ex, error);
      return;
    }

  aivo_sandbox_exchange_reply_record (ex, SOUP_STATUS_CREATED, "team_members", MEMBER_COLUMNS, id, member_row);
}

typedef struct
{
  AivoSandboxExchange *ex;
  const char          *id;
} Departure;

/* Every key the member created or had access to must be rotated; then the
 * member (and their shares) go. */
static gboolean
remove_member (gpointer   user_data,
               GError   **error)
{
  Departure *departure = user_data;
  AivoSandboxDatabase *db = departure->ex->db;

  return aivo_sandbox_database_execute (db, error,
                                        "UPDATE api_keys SET rotation_reason = 'member_departed', "
                                        "  rotation_member_id = ?1, rotation_since = ?2 "
                                        "WHERE rotation_reason IS NULL AND (created_by = ?1 OR id IN "
                                        "  (SELECT key_id FROM api_key_shares WHERE member_id = ?1))",
                                        "sI", departure->id, departure->ex->now) &&
         aivo_sandbox_database_execute (db, error, "DELETE FROM team_members WHERE id = ?1", "s", departure->id);
}

static void
delete_member (AivoSandboxExchange *ex)
{
  Departure departure = { ex, aivo_sandbox_exchange_get_param (ex, "id") };
  g_autoptr(GError) error = NULL;
  g_autofree char *role = NULL;
  g_autoptr(AivoSandboxStatement) stmt = NULL;

  stmt = aivo_sandbox_database_query (ex->db, &error, "SELECT role FROM team_members WHERE id = ?1", "s", departure.id);
  if (stmt == NULL || !aivo_sandbox_database_step (ex->db, stmt, &error))
    {
      if (error != NULL)
        aivo_sandbox_exchange_reply_internal_error (ex, error);
      else
        aivo_sandbox_exchange_reply_not_found (ex);
      return;
    }
  role = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  g_clear_pointer (&stmt, aivo_sandbox_statement_reset);

  if (g_strcmp0 (role, "owner") == 0)
    {
      aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_CONFLICT, "conflict", NULL,
                                         "The account owner cannot be removed from the team.");
      return;
    }

  if (!aivo_sandbox_database_transaction (ex->db, remove_member, &departure, &error))
    aivo_sandbox_exchange_reply_internal_error (ex, error);
  else
    aivo_sandbox_exchange_reply_no_content (ex);
}

/* A new data directory: the account and its owner. */
gboolean
aivo_sandbox_account_seed (AivoSandboxDatabase  *db,
                           gint64                now,
                           GError              **error)
{
  g_autofree char *account_id = aivo_sandbox_id_new ("acct");
  g_autofree char *owner = NULL;

  if (!aivo_sandbox_database_execute (db, error,
                                      "INSERT INTO account (id, name, created_at) VALUES (?1, ?2, ?3)",
                                      "ssI", account_id, "Bright Smile Dental", now))
    return FALSE;

  owner = aivo_sandbox_team_member_insert (db, "Dana Whitfield", "dana@brightsmile.example", "owner", now, error);
  return owner != NULL;
}

void
aivo_sandbox_account_register (AivoSandboxRouter *router)
{
  aivo_sandbox_router_add (router, "GET", "/v1/account",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_ACCOUNT_READ), get_account);
  aivo_sandbox_router_add (router, "PATCH", "/v1/account",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_ACCOUNT_WRITE), update_account);
  aivo_sandbox_router_add (router, "GET", "/v1/team-members",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_ACCOUNT_READ), list_members);
  aivo_sandbox_router_add (router, "POST", "/v1/team-members",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_ACCOUNT_WRITE), create_member);
  aivo_sandbox_router_add (router, "DELETE", "/v1/team-members/{id}",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_ACCOUNT_WRITE), delete_member);
}
