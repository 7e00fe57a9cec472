/* aivo-sandbox-resources.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "aivo-sandbox-database.h"
#include "aivo-sandbox-json-writer.h"
#include "aivo-sandbox-router.h"

G_BEGIN_DECLS

/* What the handler files share: their registration functions (the server
 * calls each once, see `registrars[]` in aivo-sandbox-server.c), the data
 * fillers for a new data directory, and the API's fixed numbers. */

#define AIVO_SANDBOX_OWNER_MEMBER_ID  "mem_0001"
#define AIVO_SANDBOX_KEY_LIMIT        10
#define AIVO_SANDBOX_STARTER_LIMIT    60        /* also the per-address limit */
#define AIVO_SANDBOX_MAX_BODY_BYTES   (1024 * 1024)
#define AIVO_SANDBOX_ACCOUNT_NUMBER   "+15550100000"   /* outbound calls come from it */

void      aivo_sandbox_keys_register     (AivoSandboxRouter   *router);
void      aivo_sandbox_account_register  (AivoSandboxRouter   *router);
void      aivo_sandbox_openapi_register  (AivoSandboxRouter   *router);
void      aivo_sandbox_calls_register    (AivoSandboxRouter   *router);
void      aivo_sandbox_knowledge_register (AivoSandboxRouter  *router);
void      aivo_sandbox_appointments_register (AivoSandboxRouter *router);
void      aivo_sandbox_contacts_register (AivoSandboxRouter   *router);
void      aivo_sandbox_webhooks_register (AivoSandboxRouter   *router);

/* Called inside one transaction when a data directory is new. */
gboolean  aivo_sandbox_account_seed      (AivoSandboxDatabase *db,
                                          gint64               now,
                                          GError             **error);
gboolean  aivo_sandbox_demo_data_fill    (AivoSandboxDatabase *db,
                                          gint64               now,
                                          GError             **error);

/* Shared by the account and demo-data files. */
char     *aivo_sandbox_team_member_insert (AivoSandboxDatabase *db,
                                           const char          *name,
                                           const char          *email,
                                           const char          *role,
                                           gint64               now,
                                           GError             **error);

/* Shared by the resource files and the demo data: one row each, with the
 * record's id given (random for the API, fixed for the demo). Times are Unix
 * seconds; 0 stores null where the field is nullable. */
gboolean  aivo_sandbox_contact_insert    (AivoSandboxDatabase *db,
                                          const char          *id,
                                          const char          *name,
                                          const char          *phone,
                                          const char          *email,
                                          const char          *company,
                                          const char          *notes,
                                          gint64               created_at,
                                          gint64               updated_at,
                                          GError             **error);
gboolean  aivo_sandbox_call_insert       (AivoSandboxDatabase *db,
                                          const char          *id,
                                          const char          *direction,
                                          const char          *from,
                                          const char          *to,
                                          const char          *agent_id,
                                          const char          *contact_id,
                                          const char          *status,
                                          gint64               started_at,
                                          gint64               ended_at,
                                          const char          *summary,
                                          const char          *sentiment,
                                          const char          *language,
                                          gint64               created_at,
                                          GError             **error);
gboolean  aivo_sandbox_call_segment_insert (AivoSandboxDatabase *db,
                                            const char          *call_id,
                                            guint                position,
                                            const char          *speaker,
                                            double               offset_seconds,
                                            const char          *text,
                                            GError             **error);
gboolean  aivo_sandbox_article_insert    (AivoSandboxDatabase *db,
                                          const char          *id,
                                          const char          *title,
                                          const char          *body,
                                          const char * const  *tags,
                                          const char          *status,
                                          gint64               created_at,
                                          gint64               updated_at,
                                          GError             **error);
gboolean  aivo_sandbox_appointment_insert (AivoSandboxDatabase *db,
                                           const char          *id,
                                           const char          *title,
                                           const char          *contact_id,
                                           gint64               starts_at,
                                           gint64               ends_at,
                                           const char          *status,
                                           const char          *notes,
                                           gint64               created_at,
                                           gint64               updated_at,
                                           GError             **error);
gboolean  aivo_sandbox_webhook_insert    (AivoSandboxDatabase *db,
                                          const char          *id,
                                          const char          *url,
                                          const char * const  *events,
                                          const char          *description,
                                          gint64               created_at,
                                          GError             **error);

/* String lists (article tags, webhook events) in one column, see
 * aivo-sandbox-knowledge.c. */
char     *aivo_sandbox_string_list_join  (const char * const  *items);
void      aivo_sandbox_writer_add_column_list (AivoSandboxJsonWriter *writer,
                                               const char            *member,
                                               sqlite3_stmt          *stmt,
                                               int                    column);

G_END_DECLS
