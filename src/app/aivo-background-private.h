/* aivo-background-private.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "aivo-background.h"

G_BEGIN_DECLS

/* Tests choose the portal or the autostart file whatever the sandbox. */
AivoBackground *aivo_background_new_full (GApplication *application,
                                          GSettings    *settings,
                                          gboolean      use_portal);

G_END_DECLS
