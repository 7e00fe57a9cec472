/* aivo-add-server-dialog.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "aivo-connection-manager.h"

G_BEGIN_DECLS

#define AIVO_TYPE_ADD_SERVER_DIALOG (aivo_add_server_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AivoAddServerDialog, aivo_add_server_dialog, AIVO, ADD_SERVER_DIALOG, AdwWindow)

GtkWidget *aivo_add_server_dialog_new (GtkWindow             *parent,
                                       AivoConnectionManager *manager);

G_END_DECLS
