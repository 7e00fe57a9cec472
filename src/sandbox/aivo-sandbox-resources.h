/* aivo-sandbox-resources.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "aivo-sandbox-database.h"
#include "aivo-sandbox-router.h"

G_BEGIN_DECLS

/* What the handler files share: their registration functions (the server
 * calls each once, see `registrars[]` in aivo-sandbox-server.c), the data
 * fillers for a new data directory, and the API's fixed numbers. */

#define AIVO_SANDBOX_OWNER_MEMBER_ID  "mem_0001"
#define AIVO_SANDBOX_KEY_LIMIT        10
#define AIVO_SANDBOX_STARTER_LIMIT    60        /* also the per-address limit */
#define AIVO_SANDBOX_MAX_BODY_BYTES   (1024 * 1024)

void      aivo_sandbox_keys_register     (AivoSandboxRouter   *router);
void      aivo_sandbox_account_register  (AivoSandboxRouter   *router);
void      aivo_sandbox_openapi_register  (AivoSandboxRouter   *router);

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

G_END_DECLS
