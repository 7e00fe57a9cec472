/* aivo-sandbox-router.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "aivo-scope.h"

G_BEGIN_DECLS

/*
 * HOW TO EXTEND THE SANDBOX (phase 2: calls, knowledge, appointments,
 * contacts, webhooks, demo data). Everything is in your own files except the
 * one-line additions marked “+1 line”.
 *
 * 1. A route. In src/sandbox/aivo-sandbox-<thing>.c write the handlers and
 *
 *      void
 *      aivo_sandbox_contacts_register (AivoSandboxRouter *router)
 *      {
 *        aivo_sandbox_router_add (router, "GET", "/v1/contacts",
 *                                 AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CONTACTS_READ), list_contacts);
 *        aivo_sandbox_router_add (router, "PATCH", "/v1/contacts/{id}",
 *                                 AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CONTACTS_WRITE), update_contact);
 *        …
 *      }
 *
 *    declare it in aivo-sandbox-resources.h (+1 line), add it to
 *    `registrars[]` in aivo-sandbox-server.c (+1 line) and the file to
 *    `sandbox_sources` in src/sandbox/meson.build (+1 line).
 *
 *    A handler is `void handler (AivoSandboxExchange *ex)` and must answer
 *    exactly once (see aivo-sandbox-exchange.h). By the time it runs, the
 *    framework has checked, in API.md's order: the credential (401), the rate
 *    limit (429), route and method (404/405), the scope (403), and for POST,
 *    PATCH and PUT the body: size (413), Content-Type (415), strict JSON
 *    (400) and that it is an object (422). What is left to the handler is the
 *    fields (422) and the record (404/409). Path parameters:
 *    aivo_sandbox_exchange_get_param (ex, "id"). Query: ex->query.
 *    Lists, single records and deletes of a table with `seq` and `id`:
 *    aivo_sandbox_exchange_reply_list/reply_record/reply_delete() do paging
 *    (limit, starting_after → 400), 404 and 204 for you; a row function
 *    builds each object (aivo-sandbox-util.h has writer helpers that write
 *    columns as JSON, times as RFC 3339, NULL as null). Other answers:
 *    reply_writer/reply_json (2xx), reply_error (status, code, param,
 *    printf-style message), reply_not_found, reply_no_content; every one
 *    carries the rate-limit headers. Ids: aivo_sandbox_id_new ("con").
 *
 * 2. A validator. Body checks live in aivo-sandbox-validator.{c,h}; each takes
 *    the exchange and a field name, answers 422 (param = the field) itself on
 *    failure and returns FALSE, so a handler reads
 *
 *      if (!aivo_sandbox_validate_fields (ex, allowed_fields) ||
 *          !aivo_sandbox_validate_string (ex, "name", AIVO_SANDBOX_FIELD_REQUIRED, 1, 200, &name) ||
 *          !aivo_sandbox_validate_phone (ex, "phone", AIVO_SANDBOX_FIELD_NULLABLE, &phone))
 *        return;
 *
 *    There are checks for strings (trimmed, 1 … n Unicode characters, no
 *    control characters; AIVO_SANDBOX_FIELD_TEXT for free text with line
 *    breaks), enums, booleans, integer ranges, string arrays (no duplicates,
 *    optionally from a set), E.164 phones, emails, RFC 3339 times, http(s)
 *    URLs, unknown fields, and fields that must be absent. A new kind of check
 *    is a new function there following the same pattern (fetch with the
 *    `member_for()` helper, fail with `invalid()`).
 *
 * 3. A table. Append a migration to `migrations[]` in
 *    aivo-sandbox-database.c (+1 entry, never edit a shipped one). Give
 *    listed tables `seq INTEGER PRIMARY KEY AUTOINCREMENT` and `id TEXT NOT
 *    NULL UNIQUE`, times as INTEGER Unix seconds. Query with
 *    aivo_sandbox_database_query/execute (cached prepared statements, typed
 *    bindings) and wrap multi-statement writes in
 *    aivo_sandbox_database_transaction() or begin/commit/rollback.
 *
 *    Migration 1 has the account, team_members, api_keys and
 *    api_key_shares; the resource tables are yours to add (migration 2 on).
 *
 * 4. Demo data. aivo_sandbox_demo_data_fill() in aivo-sandbox-demo-data.c is
 *    called once, inside a transaction, when a data directory is created
 *    without --empty (after every migration has run); add a call to your own
 *    filler there (+1 line). It already adds mem_0002 and mem_0003.
 *
 * 5. Tests. tests/sandbox/sandbox-fixture.h runs the real program:
 *    sandbox_fixture_new (extra args…, NULL), sandbox_fixture_request (fx,
 *    method, path, credential, json_body), sandbox_fixture_create_key (fx,
 *    "[\"contacts:read\"]", &id), restart/kill helpers. Add your test to
 *    `sandbox_tests` in tests/sandbox/meson.build (+1 line).
 */

typedef struct _AivoSandboxExchange AivoSandboxExchange;

typedef void (*AivoSandboxHandler) (AivoSandboxExchange *exchange);

typedef enum
{
  /* The account token, or an API key holding the route's scope. */
  AIVO_SANDBOX_ACCESS_SCOPE,
  /* The account token only; an API key gets 403 (key management). */
  AIVO_SANDBOX_ACCESS_ACCOUNT_TOKEN,
  /* No credential needed; counted per client address. */
  AIVO_SANDBOX_ACCESS_PUBLIC,
} AivoSandboxAccess;

typedef struct
{
  AivoSandboxAccess access;
  AivoScope         scope;
} AivoSandboxRequirement;

#define AIVO_SANDBOX_REQUIRE_SCOPE(s)      ((AivoSandboxRequirement) { AIVO_SANDBOX_ACCESS_SCOPE, (s) })
#define AIVO_SANDBOX_REQUIRE_ACCOUNT_TOKEN ((AivoSandboxRequirement) { AIVO_SANDBOX_ACCESS_ACCOUNT_TOKEN, AIVO_SCOPE_NONE })
#define AIVO_SANDBOX_REQUIRE_NOTHING       ((AivoSandboxRequirement) { AIVO_SANDBOX_ACCESS_PUBLIC, AIVO_SCOPE_NONE })

typedef struct
{
  const char             *method;         /* "GET", "POST", … (interned) */
  const char             *path_template;  /* "/v1/contacts/{id}" */
  AivoSandboxRequirement  requirement;
  AivoSandboxHandler      handler;
} AivoSandboxRoute;

#define AIVO_SANDBOX_ROUTE_MAX_PARAMS 4

typedef enum
{
  AIVO_SANDBOX_ROUTE_FOUND,
  AIVO_SANDBOX_ROUTE_NO_PATH,      /* 404 */
  AIVO_SANDBOX_ROUTE_NO_METHOD,    /* 405, with match->allow */
} AivoSandboxRouteResult;

typedef struct
{
  AivoSandboxRouteResult  result;
  const AivoSandboxRoute *route;         /* FOUND */
  gboolean                public_path;   /* the path matched only public routes */
  char                    allow[96];     /* "GET, POST" for NO_METHOD */
  guint                   n_params;
  const char             *param_names[AIVO_SANDBOX_ROUTE_MAX_PARAMS];  /* into the template, up to '}' */
  guint                   param_name_lengths[AIVO_SANDBOX_ROUTE_MAX_PARAMS];
  const char             *param_values[AIVO_SANDBOX_ROUTE_MAX_PARAMS]; /* into the path */
  guint                   param_value_lengths[AIVO_SANDBOX_ROUTE_MAX_PARAMS];
} AivoSandboxRouteMatch;

#define AIVO_SANDBOX_TYPE_ROUTER (aivo_sandbox_router_get_type ())

G_DECLARE_FINAL_TYPE (AivoSandboxRouter, aivo_sandbox_router, AIVO_SANDBOX, ROUTER, GObject)

AivoSandboxRouter      *aivo_sandbox_router_new         (void);
void                    aivo_sandbox_router_add         (AivoSandboxRouter      *self,
                                                         const char             *method,
                                                         const char             *path_template,
                                                         AivoSandboxRequirement  requirement,
                                                         AivoSandboxHandler      handler);
const AivoSandboxRoute *aivo_sandbox_router_get_routes  (AivoSandboxRouter      *self,
                                                         guint                  *n_routes);
void                    aivo_sandbox_router_match       (AivoSandboxRouter      *self,
                                                         const char             *method,
                                                         const char             *path,
                                                         AivoSandboxRouteMatch  *match);

G_END_DECLS
