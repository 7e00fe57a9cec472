/* aivo-settings-util.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void aivo_settings_replace_entry (GSettings          *settings,
                                  const char         *key,
                                  const char * const *match,
                                  GVariant           *entry);

G_END_DECLS
