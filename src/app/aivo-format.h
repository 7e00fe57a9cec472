/* aivo-format.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *aivo_format_relative_time (GDateTime *when,
                                 GDateTime *now);

G_END_DECLS
