/* aivo-key-row.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "aivo-key.h"
#include "aivo-rotation-policy.h"

G_BEGIN_DECLS

#define AIVO_TYPE_KEY_ROW (aivo_key_row_get_type ())

G_DECLARE_FINAL_TYPE (AivoKeyRow, aivo_key_row, AIVO, KEY_ROW, AdwPreferencesRow)

GtkWidget *aivo_key_row_new         (AivoKey            *key,
                                     AivoRotationPolicy *policy,
                                     GDateTime          *now,
                                     gboolean            in_keyring);
AivoKey   *aivo_key_row_get_key     (AivoKeyRow         *self);

G_END_DECLS
