/* aivo-key.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "aivo-environment.h"
#include "aivo-scope.h"

G_BEGIN_DECLS

/* Bounds a key from the server must respect (API.md, "Keys"). */
#define AIVO_KEY_MAX_NAME_CHARS   100
#define AIVO_KEY_MAX_ID_LENGTH    64
#define AIVO_KEY_MAX_SHARED_WITH  1000

#define AIVO_TYPE_KEY (aivo_key_get_type ())

G_DECLARE_FINAL_TYPE (AivoKey, aivo_key, AIVO, KEY, GObject)

AivoKey            *aivo_key_new_from_json          (JsonObject *object,
                                                     GError    **error);

const char         *aivo_key_get_id                 (AivoKey    *self);
const char         *aivo_key_get_name               (AivoKey    *self);
AivoEnvironment     aivo_key_get_environment        (AivoKey    *self);
AivoScope           aivo_key_get_scopes             (AivoKey    *self);
const char         *aivo_key_get_hint               (AivoKey    *self);
GDateTime          *aivo_key_get_created_at         (AivoKey    *self);
const char         *aivo_key_get_created_by         (AivoKey    *self);
const char * const *aivo_key_get_shared_with        (AivoKey    *self);
GDateTime          *aivo_key_get_last_used_at       (AivoKey    *self);
GDateTime          *aivo_key_get_expires_at         (AivoKey    *self);
const char         *aivo_key_get_rotated_from       (AivoKey    *self);
gboolean            aivo_key_get_rotation_required  (AivoKey    *self);
const char         *aivo_key_get_rotation_reason    (AivoKey    *self);
const char         *aivo_key_get_rotation_member_id (AivoKey    *self);
GDateTime          *aivo_key_get_rotation_since     (AivoKey    *self);

G_END_DECLS
