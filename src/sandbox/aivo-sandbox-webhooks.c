/* aivo-sandbox-webhooks.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-webhooks"

#include "config.h"

#include "aivo-sandbox-exchange.h"
#include "aivo-sandbox-resources.h"
#include "aivo-sandbox-util.h"
#include "aivo-sandbox-validator.h"

/* /v1/webhooks: subscriptions to events. The sandbox records them; it does
 * not deliver events. */

#define WEBHOOK_COLUMNS       "id, url, events, description, active, created_at"
#define MAX_URL_LENGTH        2048
#define MAX_DESCRIPTION_CHARS 200

static const char * const webhook_fields[] = { "url", "events", "description", NULL };
static const char * const webhook_events[] = {
  "call.started", "call.completed", "call.missed", "appointment.created", "appointment.cancelled",
  "contact.created", "knowledge.updated", NULL
};

static void
webhook_row (AivoSandboxExchange   *ex,
             AivoSandboxJsonWriter *writer,
             sqlite3_stmt          *row)
{
  aivo_sandbox_json_writer_begin_object (writer);
  aivo_sandbox_writer_add_column (writer, "id", row, 0);
  aivo_sandbox_writer_add_column (writer, "url", row, 1);
  aivo_sandbox_writer_add_column_list (writer, "events", row, 2);
  aivo_sandbox_writer_add_column (writer, "description", row, 3);
  aivo_sandbox_writer_add_column_bool (writer, "active", row, 4);
  aivo_sandbox_writer_add_column_time (writer, "created_at", row, 5);
  aivo_sandbox_json_writer_end_object (writer);
}

gboolean
aivo_sandbox_webhook_insert (AivoSandboxDatabase  *db,
                             const char           *id,
                             const char           *url,
                             const char * const   *events,
                             const char           *description,
                             gint64                created_at,
                             GError              **error)
{
  g_autofree char *event_list = aivo_sandbox_string_list_join (events);

  g_return_val_if_fail (AIVO_SANDBOX_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (id != NULL && url != NULL && event_list != NULL, FALSE);

  return aivo_sandbox_database_execute (db, error,
                                        "INSERT INTO webhooks (id, url, events, description, created_at) "
                                        "VALUES (?1, ?2, ?3, ?4, ?5)",
                                        "ssssI", id, url, event_list, description, created_at);
}

static void
list_webhooks (AivoSandboxExchange *ex)
{
  aivo_sandbox_exchange_reply_list (ex, "webhooks", WEBHOOK_COLUMNS, webhook_row);
}

static void
get_webhook (AivoSandboxExchange *ex)
{
  aivo_sandbox_exchange_reply_record (ex, SOUP_STATUS_OK, "webhooks", WEBHOOK_COLUMNS,
                                      aivo_sandbox_exchange_get_param (ex, "id"), webhook_row);
}

static void
create_webhook (AivoSandboxExchange *ex)
{
  g_autofree char *id = aivo_sandbox_id_new ("wh");
  g_autofree char *url = NULL;
  g_autofree char *description = NULL;
  g_auto(GStrv) events = NULL;
  g_autoptr(GError) error = NULL;

  if (!aivo_sandbox_validate_fields (ex, webhook_fields) ||
      !aivo_sandbox_validate_url (ex, "url", AIVO_SANDBOX_FIELD_REQUIRED, MAX_URL_LENGTH, &url) ||
      !aivo_sandbox_validate_string_array (ex, "events", AIVO_SANDBOX_FIELD_REQUIRED, webhook_events,
                                           1, g_strv_length ((char **) webhook_events), 0, &events) ||
      !aivo_sandbox_validate_string (ex, "description", AIVO_SANDBOX_FIELD_NULLABLE,
                                     0, MAX_DESCRIPTION_CHARS, &description))
    return;

  if (!aivo_sandbox_webhook_insert (ex->db, id, url, (const char * const *) events, description, ex->now, &error))
    aivo_sandbox_exchange_reply_internal_error (ex, error);
  else
    aivo_sandbox_exchange_reply_record (ex, SOUP_STATUS_CREATED, "webhooks", WEBHOOK_COLUMNS, id, webhook_row);
}

static void
delete_webhook (AivoSandboxExchange *ex)
{
  aivo_sandbox_exchange_reply_delete (ex, "webhooks", aivo_sandbox_exchange_get_param (ex, "id"));
}

void
aivo_sandbox_webhooks_register (AivoSandboxRouter *router)
{
  aivo_sandbox_router_add (router, "GET", "/v1/webhooks",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_WEBHOOKS_MANAGE), list_webhooks);
  aivo_sandbox_router_add (router, "POST", "/v1/webhooks",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_WEBHOOKS_MANAGE), create_webhook);
  aivo_sandbox_router_add (router, "GET", "/v1/webhooks/{id}",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_WEBHOOKS_MANAGE), get_webhook);
  aivo_sandbox_router_add (router, "DELETE", "/v1/webhooks/{id}",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_WEBHOOKS_MANAGE), delete_webhook);
}
