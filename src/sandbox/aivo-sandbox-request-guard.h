/* aivo-sandbox-request-guard.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Header blocks larger than this are refused with 431. */
#define AIVO_SANDBOX_MAX_HEADER_BYTES (64 * 1024)

#define AIVO_SANDBOX_TYPE_REQUEST_GUARD (aivo_sandbox_request_guard_get_type ())

G_DECLARE_FINAL_TYPE (AivoSandboxRequestGuard, aivo_sandbox_request_guard, AIVO_SANDBOX, REQUEST_GUARD, GInputStream)

AivoSandboxRequestGuard *aivo_sandbox_request_guard_new            (GSocketConnection        *connection);
guint                    aivo_sandbox_request_guard_get_rejection  (AivoSandboxRequestGuard  *self,
                                                                    const char              **message);
gboolean                 aivo_sandbox_request_guard_has_encoded_slash (AivoSandboxRequestGuard *self);
gboolean                 aivo_sandbox_request_guard_is_closed      (AivoSandboxRequestGuard  *self);
gint64                   aivo_sandbox_request_guard_get_idle_since (AivoSandboxRequestGuard  *self,
                                                                    gint64                   *request_started);
void                     aivo_sandbox_request_guard_time_out       (AivoSandboxRequestGuard  *self);

G_END_DECLS
