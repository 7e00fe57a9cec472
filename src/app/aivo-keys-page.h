/* aivo-keys-page.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "aivo-connection-manager.h"

G_BEGIN_DECLS

#define AIVO_TYPE_KEYS_PAGE (aivo_keys_page_get_type ())

G_DECLARE_FINAL_TYPE (AivoKeysPage, aivo_keys_page, AIVO, KEYS_PAGE, GtkWidget)

void                   aivo_keys_page_set_connection_manager (AivoKeysPage          *self,
                                                              AivoConnectionManager *manager);
AivoConnectionManager *aivo_keys_page_get_connection_manager (AivoKeysPage          *self);
void                   aivo_keys_page_reload                 (AivoKeysPage          *self);
const char            *aivo_keys_page_get_state              (AivoKeysPage          *self);
guint                  aivo_keys_page_get_n_keys             (AivoKeysPage          *self);

G_END_DECLS
