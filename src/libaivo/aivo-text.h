/* aivo-text.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The API's rules for text fields (API.md, "Keys": trimmed at both ends, no
 * control character anywhere), shared by the sandbox that enforces them,
 * the client that reads what a server sends and the app that checks a name
 * before sending it. */

gboolean  aivo_text_has_control_chars  (const char *text,
                                        gboolean    allow_line_breaks);
char     *aivo_text_strip              (const char *text);

G_END_DECLS
