/* aivo-icalendar.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "aivo-key.h"
#include "aivo-rotation-policy.h"

G_BEGIN_DECLS

/* RFC 5545: content lines are folded at 75 octets. */
#define AIVO_ICALENDAR_MAX_LINE_OCTETS 75

char *aivo_icalendar_for_keys    (GPtrArray          *keys,
                                  AivoRotationPolicy *policy,
                                  const char         *connection_title,
                                  GDateTime          *now);
char *aivo_icalendar_escape_text (const char         *text);
void  aivo_icalendar_append_line (GString            *out,
                                  const char         *line);

G_END_DECLS
