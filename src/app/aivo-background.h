/* aivo-background.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What starts the app at login: no window, only reminders. */
#define AIVO_BACKGROUND_OPTION "background"

#define AIVO_TYPE_BACKGROUND (aivo_background_get_type ())

G_DECLARE_FINAL_TYPE (AivoBackground, aivo_background, AIVO, BACKGROUND, GObject)

AivoBackground *aivo_background_new                (GApplication   *application,
                                                    GSettings      *settings);
gboolean        aivo_background_get_holding        (AivoBackground *self);
gboolean        aivo_background_get_pending        (AivoBackground *self);
gboolean        aivo_background_get_uses_portal    (AivoBackground *self);
const char     *aivo_background_get_error_message  (AivoBackground *self);

gboolean        aivo_background_is_sandboxed       (void);
char           *aivo_background_dup_autostart_path (void);
char           *aivo_background_dup_autostart_entry (void);

G_END_DECLS
