/* aivo-sandbox-server.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "aivo-sandbox-database.h"
#include "aivo-sandbox-router.h"

G_BEGIN_DECLS

typedef enum
{
  AIVO_SANDBOX_PLAN_STARTER,
  AIVO_SANDBOX_PLAN_PROFESSIONAL,
  AIVO_SANDBOX_PLAN_ENTERPRISE,
} AivoSandboxPlan;

#define AIVO_SANDBOX_TYPE_PLAN (aivo_sandbox_plan_get_type ())

GType        aivo_sandbox_plan_get_type       (void) G_GNUC_CONST;
const char  *aivo_sandbox_plan_to_string      (AivoSandboxPlan  plan);
gboolean     aivo_sandbox_plan_from_string    (const char      *text,
                                               AivoSandboxPlan *plan);
gboolean     aivo_sandbox_plan_resolve_limit  (AivoSandboxPlan  plan,
                                               guint            rate_limit,
                                               guint           *limit,
                                               GError         **error);

#define AIVO_SANDBOX_MAX_RATE_LIMIT      3000
#define AIVO_SANDBOX_MAX_WINDOW_SECONDS  60

/* Seconds; see the "request-timeout" and "idle-timeout" properties. */
#define AIVO_SANDBOX_DEFAULT_REQUEST_TIMEOUT  10
#define AIVO_SANDBOX_DEFAULT_IDLE_TIMEOUT     75

#define AIVO_SANDBOX_TYPE_SERVER (aivo_sandbox_server_get_type ())

G_DECLARE_FINAL_TYPE (AivoSandboxServer, aivo_sandbox_server, AIVO_SANDBOX, SERVER, GObject)

AivoSandboxServer   *aivo_sandbox_server_new                  (const char         *data_dir,
                                                               AivoSandboxPlan     plan,
                                                               guint               rate_limit,
                                                               guint               window_seconds,
                                                               gboolean            empty);
gboolean             aivo_sandbox_server_start                (AivoSandboxServer  *self,
                                                               const char         *host,
                                                               guint               port,
                                                               GError            **error);
void                 aivo_sandbox_server_stop                 (AivoSandboxServer  *self);
gboolean             aivo_sandbox_server_is_running           (AivoSandboxServer  *self);

const char          *aivo_sandbox_server_get_base_url         (AivoSandboxServer  *self);
guint                aivo_sandbox_server_get_port             (AivoSandboxServer  *self);
const char          *aivo_sandbox_server_peek_account_token   (AivoSandboxServer  *self);

const char          *aivo_sandbox_server_get_data_dir         (AivoSandboxServer  *self);
AivoSandboxPlan      aivo_sandbox_server_get_plan             (AivoSandboxServer  *self);
guint                aivo_sandbox_server_get_rate_limit       (AivoSandboxServer  *self);
guint                aivo_sandbox_server_get_window_seconds   (AivoSandboxServer  *self);
gboolean             aivo_sandbox_server_get_empty            (AivoSandboxServer  *self);
const char          *aivo_sandbox_server_get_account_id       (AivoSandboxServer  *self);

AivoSandboxRouter   *aivo_sandbox_server_get_router           (AivoSandboxServer  *self);
AivoSandboxDatabase *aivo_sandbox_server_get_database         (AivoSandboxServer  *self);
void                 aivo_sandbox_server_flush_last_used      (AivoSandboxServer  *self);

G_END_DECLS
