/* aivo-page-util.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "aivo-connection-manager.h"

G_BEGIN_DECLS

/* What the pages and dialogs of the main window share: where a toast goes,
 * the window a dialog belongs to, the "are you sure?" dialog, and the
 * "connecting" / "error" pages of a page about the active connection. */

GtkWindow *aivo_widget_get_window            (GtkWidget              *widget);
void       aivo_widget_show_toast            (GtkWidget              *widget,
                                              const char             *message);
GtkWidget *aivo_confirm_dialog_new           (GtkWindow              *parent,
                                              const char             *heading,
                                              const char             *body,
                                              const char             *response,
                                              const char             *label);

void       aivo_page_show_error              (GtkStack               *stack,
                                              AdwStatusPage          *error_page,
                                              const char             *message);
gboolean   aivo_page_begin_loading           (GtkStack               *stack,
                                              AdwStatusPage          *error_page,
                                              AivoConnectionManager  *manager);
gboolean   aivo_page_follow_connection       (gpointer                page,
                                              AivoConnectionManager **manager_ptr,
                                              AivoConnectionManager  *manager,
                                              GCallback               changed);
gboolean   aivo_page_reconnect_if_failed     (AivoConnectionManager  *manager);

G_END_DECLS
