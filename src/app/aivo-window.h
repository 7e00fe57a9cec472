/* aivo-window.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "aivo-application.h"

G_BEGIN_DECLS

#define AIVO_TYPE_WINDOW (aivo_window_get_type ())

G_DECLARE_FINAL_TYPE (AivoWindow, aivo_window, AIVO, WINDOW, AdwApplicationWindow)

AivoWindow *aivo_window_new                  (AivoApplication *application);
void        aivo_window_add_toast            (AivoWindow      *self,
                                              AdwToast        *toast);
const char *aivo_window_get_page             (AivoWindow      *self);
void        aivo_window_set_page             (AivoWindow      *self,
                                              const char      *page);
GtkWidget  *aivo_window_open_rotation_wizard (AivoWindow      *self,
                                              const char      *connection_id,
                                              const char      *key_id);

G_END_DECLS
