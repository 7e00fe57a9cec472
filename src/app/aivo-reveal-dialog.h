/* aivo-reveal-dialog.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "aivo-environment.h"
#include "aivo-secret-clipboard.h"
#include "aivo-secret-store.h"

G_BEGIN_DECLS

/* How long a copied key stays on the clipboard. */
#define AIVO_REVEAL_DIALOG_CLIPBOARD_TIMEOUT_MS AIVO_SECRET_CLIPBOARD_TIMEOUT_MS

#define AIVO_TYPE_REVEAL_DIALOG (aivo_reveal_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AivoRevealDialog, aivo_reveal_dialog, AIVO, REVEAL_DIALOG, AdwWindow)

GtkWidget *aivo_reveal_dialog_new                      (GtkWindow        *parent,
                                                        AivoSecretStore  *store,
                                                        const char       *connection,
                                                        const char       *key_id,
                                                        const char       *name,
                                                        AivoEnvironment   environment,
                                                        const char       *hint,
                                                        const char       *secret);
gboolean   aivo_reveal_dialog_get_copied               (AivoRevealDialog *self);
gboolean   aivo_reveal_dialog_get_saved                (AivoRevealDialog *self);
guint      aivo_reveal_dialog_get_clipboard_timeout_ms (AivoRevealDialog *self);
void       aivo_reveal_dialog_set_clipboard_timeout_ms (AivoRevealDialog *self,
                                                        guint             timeout_ms);
void       aivo_reveal_dialog_clear_clipboard_now      (AivoRevealDialog *self);

G_END_DECLS
