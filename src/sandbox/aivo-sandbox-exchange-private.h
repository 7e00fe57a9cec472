/* aivo-sandbox-exchange-private.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "aivo-sandbox-exchange.h"

G_BEGIN_DECLS

/* For the server and for tests. */

AivoSandboxExchange *aivo_sandbox_exchange_new          (SoupServerMessage    *msg,
                                                         AivoSandboxServer    *server,
                                                         AivoSandboxDatabase  *db);
void                 aivo_sandbox_exchange_free         (AivoSandboxExchange  *ex);
void                 aivo_sandbox_exchange_set_match    (AivoSandboxExchange         *ex,
                                                         const AivoSandboxRouteMatch *match);
void                 aivo_sandbox_exchange_set_body     (AivoSandboxExchange  *ex,
                                                         JsonNode             *body_node);
gboolean             aivo_sandbox_exchange_parse_query  (AivoSandboxExchange  *ex,
                                                         const char           *raw_query);
void                 aivo_sandbox_exchange_reply_forbidden (AivoSandboxExchange *ex,
                                                            const char          *scope,
                                                            const char          *format,
                                                            ...) G_GNUC_PRINTF (3, 4);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AivoSandboxExchange, aivo_sandbox_exchange_free)

G_END_DECLS
