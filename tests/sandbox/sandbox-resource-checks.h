/* sandbox-resource-checks.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sandbox-fixture.h"

G_BEGIN_DECLS

/* What every resource test checks the same way against the real program:
 * record shapes, paging, validation tables, scopes and 404s. Each asserts,
 * naming the case in the test log first. */

/* Resource tests send hundreds of requests: a limit they never reach. */
#define SANDBOX_RESOURCE_ARGS "--plan", "enterprise", "--rate-limit", "3000"

typedef struct
{
  const char *body;
  const char *param;      /* the 422's param */
} SandboxInvalidBody;

typedef struct
{
  const char *method;
  const char *path;
  const char *body;       /* or NULL */
  const char *scope;      /* the one the route needs */
} SandboxScopedRoute;

void        sandbox_assert_members        (JsonObject               *object,
                                           const char * const       *members);
void        sandbox_assert_id             (const char               *id,
                                           const char               *prefix);
void        sandbox_assert_time           (JsonObject               *object,
                                           const char               *member,
                                           gboolean                  nullable);
gint64      sandbox_time_member           (JsonObject               *object,
                                           const char               *member);

JsonArray  *sandbox_list_all              (SandboxFixture           *fx,
                                           const char               *collection,
                                           const char               *credential);
JsonObject *sandbox_fetch                 (SandboxFixture           *fx,
                                           const char               *path,
                                           SandboxResponse         **response);
char       *sandbox_create                (SandboxFixture           *fx,
                                           const char               *collection,
                                           const char               *body);

void        sandbox_check_invalid_bodies  (SandboxFixture           *fx,
                                           const char               *method,
                                           const char               *path,
                                           const SandboxInvalidBody *cases,
                                           guint                     n_cases);
void        sandbox_check_paging          (SandboxFixture           *fx,
                                           const char               *collection,
                                           const char               *credential);
void        sandbox_check_scopes          (SandboxFixture           *fx,
                                           const SandboxScopedRoute *routes,
                                           guint                     n_routes);
void        sandbox_check_not_found       (SandboxFixture           *fx,
                                           const char               *method,
                                           const char               *path,
                                           const char               *body);

G_END_DECLS
