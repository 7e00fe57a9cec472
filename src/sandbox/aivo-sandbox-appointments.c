/* aivo-sandbox-appointments.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-appointments"

#include "config.h"

#include "aivo-sandbox-exchange.h"
#include "aivo-sandbox-resources.h"
#include "aivo-sandbox-util.h"
#include "aivo-sandbox-validator.h"

/* /v1/appointments: booked by the agents or through the API. A new one is
 * `scheduled`; the cancel operation is the only way to `cancelled`, and only
 * a scheduled appointment can be cancelled. */

#define APPOINTMENT_COLUMNS "id, title, contact_id, starts_at, ends_at, status, notes, created_at, updated_at"
#define MAX_TITLE_CHARS     200
#define MAX_NOTES_CHARS     5000
#define MAX_ID_CHARS        64

static const char * const appointment_fields[] = { "title", "contact_id", "starts_at", "ends_at", "notes", NULL };

static void
appointment_row (AivoSandboxExchange   *ex,
                 AivoSandboxJsonWriter *writer,
                 sqlite3_stmt          *row)
{
  aivo_sandbox_json_writer_begin_object (writer);
  aivo_sandbox_writer_add_column (writer, "id", row, 0);
  aivo_sandbox_writer_add_column (writer, "title", row, 1);
  aivo_sandbox_writer_add_column (writer, "contact_id", row, 2);
  aivo_sandbox_writer_add_column_time (writer, "starts_at", row, 3);
  aivo_sandbox_writer_add_column_time (writer, "ends_at", row, 4);
  aivo_sandbox_writer_add_column (writer, "status", row, 5);
  aivo_sandbox_writer_add_column (writer, "notes", row, 6);
  aivo_sandbox_writer_add_column_time (writer, "created_at", row, 7);
  aivo_sandbox_writer_add_column_time (writer, "updated_at", row, 8);
  aivo_sandbox_json_writer_end_object (writer);
}

gboolean
aivo_sandbox_appointment_insert (AivoSandboxDatabase  *db,
                                 const char           *id,
                                 const char           *title,
                                 const char           *contact_id,
                                 gint64                starts_at,
                                 gint64                ends_at,
                                 const char           *status,
                                 const char           *notes,
                                 gint64                created_at,
                                 gint64                updated_at,
                                 GError              **error)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (id != NULL && title != NULL && status != NULL, FALSE);
  g_return_val_if_fail (ends_at > starts_at, FALSE);

  return aivo_sandbox_database_execute (db, error,
                                        "INSERT INTO appointments (id, title, contact_id, starts_at, ends_at, "
                                        "  status, notes, created_at, updated_at) "
                                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                        "sssIIssII", id, title, contact_id, starts_at, ends_at, status,
                                        notes != NULL ? notes : "", created_at, updated_at);
}

/* The fields of a create (title and both times required) or an update (any
 * subset; `status` is refused with a pointer to the cancel operation). Times
 * not in the body stay 0. */
static gboolean
read_appointment (AivoSandboxExchange  *ex,
                  gboolean              creating,
                  char                **title,
                  char                **contact_id,
                  gint64               *starts_at,
                  gint64               *ends_at,
                  char                **notes)
{
  AivoSandboxFieldFlags required = creating ? AIVO_SANDBOX_FIELD_REQUIRED : AIVO_SANDBOX_FIELD_OPTIONAL;

  *starts_at = *ends_at = 0;

  return (creating || aivo_sandbox_validate_absent (ex, "status",
                                                    "“status” cannot be changed: cancel an appointment with "
                                                    "POST /v1/appointments/{id}/cancel.")) &&
         aivo_sandbox_validate_fields (ex, appointment_fields) &&
         aivo_sandbox_validate_string (ex, "title", required, 1, MAX_TITLE_CHARS, title) &&
         aivo_sandbox_validate_string (ex, "contact_id", AIVO_SANDBOX_FIELD_NULLABLE, 1, MAX_ID_CHARS, contact_id) &&
         aivo_sandbox_validate_time (ex, "starts_at", required, starts_at) &&
         aivo_sandbox_validate_time (ex, "ends_at", required, ends_at) &&
         aivo_sandbox_validate_string (ex, "notes", AIVO_SANDBOX_FIELD_TEXT, 0, MAX_NOTES_CHARS, notes);
}

/* What needs the database: the contact exists, and the appointment ends
 * after it starts (@starts_at and @ends_at as they will be stored). */
static gboolean
check_appointment (AivoSandboxExchange *ex,
                   const char          *contact_id,
                   gint64               starts_at,
                   gint64               ends_at)
{
  if (contact_id != NULL &&
      aivo_sandbox_database_query_int (ex->db, 0, "SELECT COUNT(*) FROM contacts WHERE id = ?1",
                                       "s", contact_id) == 0)
    {
      aivo_sandbox_exchange_reply_error (ex, 422, "validation_failed", "contact_id",
                                         "“contact_id” must be the id of a contact; none has that id. "
                                         "Create the contact first, or leave contact_id out.");
      return FALSE;
    }

  if (ends_at <= starts_at)
    {
      /* Blame the field that was sent; ends_at when both were. */
      const char *param = aivo_sandbox_body_has (ex, "ends_at") ? "ends_at" : "starts_at";

      aivo_sandbox_exchange_reply_error (ex, 422, "validation_failed", param,
                                         "An appointment must end after it starts: “ends_at” must be "
                                         "later than “starts_at”.");
      return FALSE;
    }

  return TRUE;
}

static void
list_appointments (AivoSandboxExchange *ex)
{
  aivo_sandbox_exchange_reply_list (ex, "appointments", APPOINTMENT_COLUMNS, appointment_row);
}

static void
get_appointment (AivoSandboxExchange *ex)
{
  aivo_sandbox_exchange_reply_record (ex, SOUP_STATUS_OK, "appointments", APPOINTMENT_COLUMNS,
                                      aivo_sandbox_exchange_get_param (ex, "id"), appointment_row);
}

static void
create_appointment (AivoSandboxExchange *ex)
{
  g_autofree char *id = aivo_sandbox_id_new ("apt");
  g_autofree char *title = NULL;
  g_autofree char *contact_id = NULL;
  g_autofree char *notes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 starts_at, ends_at;

  if (!read_appointment (ex, TRUE, &title, &contact_id, &starts_at, &ends_at, &notes) ||
      !check_appointment (ex, contact_id, starts_at, ends_at))
    return;

  if (!aivo_sandbox_appointment_insert (ex->db, id, title, contact_id, starts_at, ends_at, "scheduled",
                                        notes, ex->now, ex->now, &error))
    aivo_sandbox_exchange_reply_internal_error (ex, error);
  else
    aivo_sandbox_exchange_reply_record (ex, SOUP_STATUS_CREATED, "appointments", APPOINTMENT_COLUMNS,
                                        id, appointment_row);
}

/* Inside the transaction of update_appointment(): answers 404 or 422 itself
 * and returns FALSE without @error; fails with @error on a database error. */
static gboolean
apply_update (AivoSandboxExchange  *ex,
              const char           *id,
              const char           *title,
              const char           *contact_id,
              gint64                starts_at,
              gint64                ends_at,
              const char           *notes,
              GError              **error)
{
  g_autoptr(AivoSandboxStatement) stmt = NULL;

  stmt = aivo_sandbox_database_query (ex->db, error, "SELECT starts_at, ends_at FROM appointments WHERE id = ?1",
                                      "s", id);
  if (stmt == NULL || !aivo_sandbox_database_step (ex->db, stmt, error))
    {
      if (*error == NULL)
        aivo_sandbox_exchange_reply_not_found (ex);
      return FALSE;
    }
  if (starts_at == 0)
    starts_at = sqlite3_column_int64 (stmt, 0);
  if (ends_at == 0)
    ends_at = sqlite3_column_int64 (stmt, 1);
  g_clear_pointer (&stmt, aivo_sandbox_statement_reset);

  if (!check_appointment (ex, contact_id, starts_at, ends_at))
    return FALSE;

  return aivo_sandbox_database_execute (ex->db, error,
                                        "UPDATE appointments SET "
                                        "  title = CASE WHEN ?1 THEN ?2 ELSE title END,"
                                        "  contact_id = CASE WHEN ?3 THEN ?4 ELSE contact_id END,"
                                        "  notes = CASE WHEN ?5 THEN ?6 ELSE notes END,"
                                        "  starts_at = ?7, ends_at = ?8,"
                                        "  updated_at = CASE WHEN ?9 THEN ?10 ELSE updated_at END "
                                        "WHERE id = ?11",
                                        "bsbsbsIIbIs",
                                        title != NULL, title,
                                        aivo_sandbox_body_has (ex, "contact_id"), contact_id,
                                        notes != NULL, notes,
                                        starts_at, ends_at,
                                        json_object_get_size (ex->body) > 0, ex->now,
                                        id);
}

static void
update_appointment (AivoSandboxExchange *ex)
{
  const char *id = aivo_sandbox_exchange_get_param (ex, "id");
  g_autofree char *title = NULL;
  g_autofree char *contact_id = NULL;
  g_autofree char *notes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 starts_at, ends_at;

  if (!read_appointment (ex, FALSE, &title, &contact_id, &starts_at, &ends_at, &notes))
    return;

  /* Read, check and write as one: the times checked are the times kept. */
  if (!aivo_sandbox_database_begin (ex->db, &error))
    {
      aivo_sandbox_exchange_reply_internal_error (ex, error);
      return;
    }

  if (!apply_update (ex, id, title, contact_id, starts_at, ends_at, notes, &error))
    {
      aivo_sandbox_database_rollback (ex->db);
      if (error != NULL)
        aivo_sandbox_exchange_reply_internal_error (ex, error);
      return;
    }

  if (!aivo_sandbox_database_commit (ex->db, &error))
    aivo_sandbox_exchange_reply_internal_error (ex, error);
  else
    aivo_sandbox_exchange_reply_record (ex, SOUP_STATUS_OK, "appointments", APPOINTMENT_COLUMNS,
                                        id, appointment_row);
}

static void
cancel_appointment (AivoSandboxExchange *ex)
{
  static const char * const no_fields[] = { NULL };
  const char *id = aivo_sandbox_exchange_get_param (ex, "id");
  g_autoptr(AivoSandboxStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;
  const char *status;

  if (!aivo_sandbox_validate_fields (ex, no_fields))
    return;

  /* One statement changes only a scheduled appointment; if it changed
   * nothing, the status says why. */
  if (!aivo_sandbox_database_execute (ex->db, &error,
                                      "UPDATE appointments SET status = 'cancelled', updated_at = ?2 "
                                      "WHERE id = ?1 AND status = 'scheduled'",
                                      "sI", id, ex->now))
    {
      aivo_sandbox_exchange_reply_internal_error (ex, error);
      return;
    }

  if (sqlite3_changes (aivo_sandbox_database_get_handle (ex->db)) > 0)
    {
      aivo_sandbox_exchange_reply_record (ex, SOUP_STATUS_OK, "appointments", APPOINTMENT_COLUMNS,
                                          id, appointment_row);
      return;
    }

  stmt = aivo_sandbox_database_query (ex->db, &error, "SELECT status FROM appointments WHERE id = ?1", "s", id);
  if (stmt == NULL || !aivo_sandbox_database_step (ex->db, stmt, &error))
    {
      if (error != NULL)
        aivo_sandbox_exchange_reply_internal_error (ex, error);
      else
        aivo_sandbox_exchange_reply_not_found (ex);
      return;
    }

  status = (const char *) sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (status, "cancelled") == 0)
    aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_CONFLICT, "conflict", NULL,
                                       "The appointment is already cancelled.");
  else
    aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_CONFLICT, "conflict", NULL,
                                       "The appointment is %s; only a scheduled appointment can be cancelled.",
                                       status);
}

void
aivo_sandbox_appointments_register (AivoSandboxRouter *router)
{
  aivo_sandbox_router_add (router, "GET", "/v1/appointments",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_APPOINTMENTS_READ), list_appointments);
  aivo_sandbox_router_add (router, "POST", "/v1/appointments",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_APPOINTMENTS_WRITE), create_appointment);
  aivo_sandbox_router_add (router, "GET", "/v1/appointments/{id}",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_APPOINTMENTS_READ), get_appointment);
  aivo_sandbox_router_add (router, "PATCH", "/v1/appointments/{id}",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_APPOINTMENTS_WRITE), update_appointment);
  aivo_sandbox_router_add (router, "POST", "/v1/appointments/{id}/cancel",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_APPOINTMENTS_WRITE), cancel_appointment);
}
