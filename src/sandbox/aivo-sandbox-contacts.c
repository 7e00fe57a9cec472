/* aivo-sandbox-contacts.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-contacts"

#include "config.h"

#include "aivo-sandbox-exchange.h"
#include "aivo-sandbox-resources.h"
#include "aivo-sandbox-util.h"
#include "aivo-sandbox-validator.h"

/* /v1/contacts: the people the agents talk to. Deleting one leaves its calls
 * and appointments in place, with contact_id null (the schema does that). */

#define CONTACT_COLUMNS   "id, name, phone, email, company, notes, created_at, updated_at"
#define MAX_NAME_CHARS    200
#define MAX_COMPANY_CHARS 200
#define MAX_NOTES_CHARS   5000

static const char * const contact_fields[] = { "name", "phone", "email", "company", "notes", NULL };

static void
contact_row (AivoSandboxExchange   *ex,
             AivoSandboxJsonWriter *writer,
             sqlite3_stmt          *row)
{
  aivo_sandbox_json_writer_begin_object (writer);
  aivo_sandbox_writer_add_column (writer, "id", row, 0);
  aivo_sandbox_writer_add_column (writer, "name", row, 1);
  aivo_sandbox_writer_add_column (writer, "phone", row, 2);
  aivo_sandbox_writer_add_column (writer, "email", row, 3);
  aivo_sandbox_writer_add_column (writer, "company", row, 4);
  aivo_sandbox_writer_add_column (writer, "notes", row, 5);
  aivo_sandbox_writer_add_column_time (writer, "created_at", row, 6);
  aivo_sandbox_writer_add_column_time (writer, "updated_at", row, 7);
  aivo_sandbox_json_writer_end_object (writer);
}

gboolean
aivo_sandbox_contact_insert (AivoSandboxDatabase  *db,
                             const char           *id,
                             const char           *name,
                             const char           *phone,
                             const char           *email,
                             const char           *company,
                             const char           *notes,
                             gint64                created_at,
                             gint64                updated_at,
                             GError              **error)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (id != NULL && name != NULL, FALSE);

  return aivo_sandbox_database_execute (db, error,
                                        "INSERT INTO contacts (id, name, phone, email, company, notes, "
                                        "  created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                        "ssssssII", id, name, phone, email, company,
                                        notes != NULL ? notes : "", created_at, updated_at);
}

/* The fields of a create (name required) or an update (any subset). Null
 * clears phone, email and company; notes and name take strings only. */
static gboolean
read_contact (AivoSandboxExchange  *ex,
              gboolean              creating,
              char                **name,
              char                **phone,
              char                **email,
              char                **company,
              char                **notes)
{
  return aivo_sandbox_validate_fields (ex, contact_fields) &&
         aivo_sandbox_validate_string (ex, "name",
                                       creating ? AIVO_SANDBOX_FIELD_REQUIRED : AIVO_SANDBOX_FIELD_OPTIONAL,
                                       1, MAX_NAME_CHARS, name) &&
         aivo_sandbox_validate_phone (ex, "phone", AIVO_SANDBOX_FIELD_NULLABLE, phone) &&
         aivo_sandbox_validate_email (ex, "email", AIVO_SANDBOX_FIELD_NULLABLE, email) &&
         aivo_sandbox_validate_string (ex, "company", AIVO_SANDBOX_FIELD_NULLABLE, 0, MAX_COMPANY_CHARS, company) &&
         aivo_sandbox_validate_string (ex, "notes", AIVO_SANDBOX_FIELD_TEXT, 0, MAX_NOTES_CHARS, notes);
}

static void
list_contacts (AivoSandboxExchange *ex)
{
  aivo_sandbox_exchange_reply_list (ex, "contacts", CONTACT_COLUMNS, contact_row);
}

static void
get_contact (AivoSandboxExchange *ex)
{
  aivo_sandbox_exchange_reply_record (ex, SOUP_STATUS_OK, "contacts", CONTACT_COLUMNS,
                                      aivo_sandbox_exchange_get_param (ex, "id"), contact_row);
}

static void
create_contact (AivoSandboxExchange *ex)
{
  g_autofree char *id = aivo_sandbox_id_new ("con");
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *email = NULL;
  g_autofree char *company = NULL;
  g_autofree char *notes = NULL;
  g_autoptr(GError) error = NULL;

  if (!read_contact (ex, TRUE, &name, &phone, &email, &company, &notes))
    return;

  if (!aivo_sandbox_contact_insert (ex->db, id, name, phone, email, company, notes, ex->now, ex->now, &error))
    aivo_sandbox_exchange_reply_internal_error (ex, error);
  else
    aivo_sandbox_exchange_reply_record (ex, SOUP_STATUS_CREATED, "contacts", CONTACT_COLUMNS, id, contact_row);
}

static void
update_contact (AivoSandboxExchange *ex)
{
  const char *id = aivo_sandbox_exchange_get_param (ex, "id");
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *email = NULL;
  g_autofree char *company = NULL;
  g_autofree char *notes = NULL;
  g_autoptr(GError) error = NULL;

  if (!read_contact (ex, FALSE, &name, &phone, &email, &company, &notes))
    return;

  /* One statement: each field changes only when the body has it. */
  if (!aivo_sandbox_database_execute (ex->db, &error,
                                      "UPDATE contacts SET "
                                      "  name = CASE WHEN ?1 THEN ?2 ELSE name END,"
                                      "  phone = CASE WHEN ?3 THEN ?4 ELSE phone END,"
                                      "  email = CASE WHEN ?5 THEN ?6 ELSE email END,"
                                      "  company = CASE WHEN ?7 THEN ?8 ELSE company END,"
                                      "  notes = CASE WHEN ?9 THEN ?10 ELSE notes END,"
                                      "  updated_at = CASE WHEN ?11 THEN ?12 ELSE updated_at END "
                                      "WHERE id = ?13",
                                      "bsbsbsbsbsbIs",
                                      name != NULL, name,
                                      aivo_sandbox_body_has (ex, "phone"), phone,
                                      aivo_sandbox_body_has (ex, "email"), email,
                                      aivo_sandbox_body_has (ex, "company"), company,
                                      notes != NULL, notes,
                                      json_object_get_size (ex->body) > 0, ex->now,
                                      id))
    aivo_sandbox_exchange_reply_internal_error (ex, error);
  else if (sqlite3_changes (aivo_sandbox_database_get_handle (ex->db)) == 0)
    aivo_sandbox_exchange_reply_not_found (ex);
  else
    aivo_sandbox_exchange_reply_record (ex, SOUP_STATUS_OK, "contacts", CONTACT_COLUMNS, id, contact_row);
}

static void
delete_contact (AivoSandboxExchange *ex)
{
  aivo_sandbox_exchange_reply_delete (ex, "contacts", aivo_sandbox_exchange_get_param (ex, "id"));
}

void
aivo_sandbox_contacts_register (AivoSandboxRouter *router)
{
  aivo_sandbox_router_add (router, "GET", "/v1/contacts",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CONTACTS_READ), list_contacts);
  aivo_sandbox_router_add (router, "POST", "/v1/contacts",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CONTACTS_WRITE), create_contact);
  aivo_sandbox_router_add (router, "GET", "/v1/contacts/{id}",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CONTACTS_READ), get_contact);
  aivo_sandbox_router_add (router, "PATCH", "/v1/contacts/{id}",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CONTACTS_WRITE), update_contact);
  aivo_sandbox_router_add (router, "DELETE", "/v1/contacts/{id}",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CONTACTS_WRITE), delete_contact);
}
