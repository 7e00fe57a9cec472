/* aivo-sandbox-json.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Nesting deeper than this is refused before json-glib (which recurses) sees it. */
#define AIVO_SANDBOX_JSON_MAX_DEPTH 64

JsonNode *aivo_sandbox_json_parse_strict (const char  *data,
                                          gsize        length,
                                          GError     **error);

G_END_DECLS
