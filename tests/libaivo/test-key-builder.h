/* test-key-builder.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "aivo-key.h"

G_BEGIN_DECLS

/* @id: "key_" and 8 base62 characters; @expires_at and the times are
 * RFC 3339 or %NULL. The key is shared with nobody; when
 * @rotation_required, mem_0002 left. */
AivoKey *test_key_new (const char *id,
                       const char *name,
                       const char *environment,
                       const char *created_at,
                       gboolean    rotation_required,
                       const char *expires_at);

G_END_DECLS
