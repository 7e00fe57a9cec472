/* aivo-sandbox-exchange.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "aivo-scope.h"
#include "aivo-sandbox-database.h"
#include "aivo-sandbox-json-writer.h"
#include "aivo-sandbox-rate-limiter.h"
#include "aivo-sandbox-router.h"

G_BEGIN_DECLS

/* One request on its way through the sandbox: what the framework learned
 * about it (who is calling, which route, the parsed body) and the helpers a
 * handler answers with. Handlers read the fields; only the framework writes
 * them. Every reply carries the rate-limit headers. */

typedef struct _AivoSandboxServer AivoSandboxServer;

typedef enum
{
  AIVO_SANDBOX_PRINCIPAL_NONE,
  AIVO_SANDBOX_PRINCIPAL_ACCOUNT_TOKEN,
  AIVO_SANDBOX_PRINCIPAL_API_KEY,
} AivoSandboxPrincipalKind;

typedef struct
{
  AivoSandboxPrincipalKind  kind;
  char                     *key_id;     /* "key_…" for an API key, else NULL */
  const char               *member_id;  /* who acts: "mem_0001" (the owner) for the account token */
  AivoScope                 scopes;     /* every scope for the account token */
} AivoSandboxPrincipal;

struct _AivoSandboxExchange
{
  /* Borrowed */
  SoupServerMessage       *msg;          /* NULL in unit tests: replies are only recorded */
  AivoSandboxServer       *server;
  AivoSandboxDatabase     *db;
  const AivoSandboxRoute  *route;

  /* Owned */
  GHashTable              *query;        /* decoded query parameters, or NULL */
  guint                    n_params;
  char                    *param_names[AIVO_SANDBOX_ROUTE_MAX_PARAMS];
  char                    *param_values[AIVO_SANDBOX_ROUTE_MAX_PARAMS];
  AivoSandboxPrincipal     principal;
  JsonNode                *body_node;
  JsonObject              *body;         /* POST, PATCH, PUT: the object sent, {} when none was */
  gint64                   now;          /* Unix time when the request arrived */
  AivoSandboxRateDecision  rate;

  /* The answer, once given */
  guint                    status;       /* 0 until answered */
  char                    *error_code;
  char                    *error_param;
  gboolean                 close_connection;

  /* Private to the framework */
  GByteArray              *body_bytes;
  guint64                  body_seen;
  gboolean                 in_flight;
};

/* Turns one result row into one JSON value (normally an object). */
typedef void (*AivoSandboxRowFunc) (AivoSandboxExchange   *ex,
                                    AivoSandboxJsonWriter *writer,
                                    sqlite3_stmt          *row);

const char *aivo_sandbox_exchange_get_param          (AivoSandboxExchange *ex,
                                                      const char          *name);
const char *aivo_sandbox_exchange_get_query          (AivoSandboxExchange *ex,
                                                      const char          *name);
gboolean    aivo_sandbox_exchange_has_replied        (AivoSandboxExchange *ex);

void        aivo_sandbox_exchange_reply_writer       (AivoSandboxExchange   *ex,
                                                      guint                  status,
                                                      AivoSandboxJsonWriter *writer);
void        aivo_sandbox_exchange_reply_writer_with_secret (AivoSandboxExchange   *ex,
                                                            guint                  status,
                                                            AivoSandboxJsonWriter *writer,
                                                            const char            *secret);
void        aivo_sandbox_exchange_reply_bytes        (AivoSandboxExchange *ex,
                                                      guint                status,
                                                      const char          *content_type,
                                                      GBytes              *bytes);
void        aivo_sandbox_exchange_reply_no_content   (AivoSandboxExchange *ex);
void        aivo_sandbox_exchange_reply_error        (AivoSandboxExchange *ex,
                                                      guint                status,
                                                      const char          *code,
                                                      const char          *param,
                                                      const char          *format,
                                                      ...) G_GNUC_PRINTF (5, 6);
void        aivo_sandbox_exchange_reply_not_found    (AivoSandboxExchange *ex);
void        aivo_sandbox_exchange_reply_internal_error (AivoSandboxExchange *ex,
                                                        const GError        *error);

void        aivo_sandbox_exchange_reply_list         (AivoSandboxExchange *ex,
                                                      const char          *table,
                                                      const char          *columns,
                                                      AivoSandboxRowFunc   row_func);
void        aivo_sandbox_exchange_reply_record       (AivoSandboxExchange *ex,
                                                      guint                status,
                                                      const char          *table,
                                                      const char          *columns,
                                                      const char          *id,
                                                      AivoSandboxRowFunc   row_func);
void        aivo_sandbox_exchange_reply_delete       (AivoSandboxExchange *ex,
                                                      const char          *table,
                                                      const char          *id);

G_END_DECLS
