/* aivo-sandbox-thread.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "aivo-secure-memory.h"

G_BEGIN_DECLS

#define AIVO_SANDBOX_TYPE_THREAD (aivo_sandbox_thread_get_type ())

G_DECLARE_FINAL_TYPE (AivoSandboxThread, aivo_sandbox_thread, AIVO_SANDBOX, THREAD, GObject)

AivoSandboxThread *aivo_sandbox_thread_new                (const char          *data_dir,
                                                           const char          *plan);

void               aivo_sandbox_thread_set_rate_limit     (AivoSandboxThread   *self,
                                                           guint                rate_limit);
void               aivo_sandbox_thread_set_window_seconds (AivoSandboxThread   *self,
                                                           guint                window_seconds);
void               aivo_sandbox_thread_set_empty          (AivoSandboxThread   *self,
                                                           gboolean             empty);

void               aivo_sandbox_thread_start_async        (AivoSandboxThread   *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean           aivo_sandbox_thread_start_finish       (AivoSandboxThread   *self,
                                                           GAsyncResult        *result,
                                                           char               **base_url,
                                                           AivoSecret         **account_token,
                                                           GError             **error);
void               aivo_sandbox_thread_stop               (AivoSandboxThread   *self);

const char        *aivo_sandbox_thread_get_base_url       (AivoSandboxThread   *self);

G_END_DECLS
