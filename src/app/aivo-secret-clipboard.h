/* aivo-secret-clipboard.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* How long a copied secret stays on the clipboard. */
#define AIVO_SECRET_CLIPBOARD_TIMEOUT_MS 30000

#define AIVO_TYPE_SECRET_CLIPBOARD (aivo_secret_clipboard_get_type ())

G_DECLARE_FINAL_TYPE (AivoSecretClipboard, aivo_secret_clipboard, AIVO, SECRET_CLIPBOARD, GObject)

AivoSecretClipboard *aivo_secret_clipboard_new        (void);
void                 aivo_secret_clipboard_copy       (AivoSecretClipboard *self,
                                                       GdkClipboard        *clipboard,
                                                       const char          *text,
                                                       guint                timeout_ms);
gboolean             aivo_secret_clipboard_is_pending (AivoSecretClipboard *self);
void                 aivo_secret_clipboard_clear_now  (AivoSecretClipboard *self);
void                 aivo_secret_clipboard_forget     (AivoSecretClipboard *self);

G_END_DECLS
