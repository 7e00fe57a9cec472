/* aivo-preferences-window.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "aivo-background.h"
#include "aivo-connection-manager.h"

G_BEGIN_DECLS

#define AIVO_PREFERENCES_EXPORT_NAME "aivo-key-rotation.ics"

#define AIVO_TYPE_PREFERENCES_WINDOW (aivo_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (AivoPreferencesWindow, aivo_preferences_window, AIVO, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *aivo_preferences_window_new           (GtkWindow              *parent,
                                                  AivoConnectionManager  *manager,
                                                  AivoBackground         *background);
void       aivo_preferences_window_export_async  (AivoPreferencesWindow  *self,
                                                  GFile                  *file,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
gboolean   aivo_preferences_window_export_finish (AivoPreferencesWindow  *self,
                                                  GAsyncResult           *result,
                                                  GError                **error);

G_END_DECLS
