/* aivo-scope.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* One bit a scope; a key's scopes are a set of them. */
typedef enum /*< flags >*/
{
  AIVO_SCOPE_NONE               = 0,
  AIVO_SCOPE_CALLS_READ         = 1 << 0,
  AIVO_SCOPE_CALLS_WRITE        = 1 << 1,
  AIVO_SCOPE_KNOWLEDGE_READ     = 1 << 2,
  AIVO_SCOPE_KNOWLEDGE_WRITE    = 1 << 3,
  AIVO_SCOPE_APPOINTMENTS_READ  = 1 << 4,
  AIVO_SCOPE_APPOINTMENTS_WRITE = 1 << 5,
  AIVO_SCOPE_CONTACTS_READ      = 1 << 6,
  AIVO_SCOPE_CONTACTS_WRITE     = 1 << 7,
  AIVO_SCOPE_ACCOUNT_READ       = 1 << 8,
  AIVO_SCOPE_ACCOUNT_WRITE      = 1 << 9,
  AIVO_SCOPE_WEBHOOKS_MANAGE    = 1 << 10,
} AivoScope;

#define AIVO_N_SCOPES   11
#define AIVO_SCOPE_ALL  ((AivoScope) ((1 << AIVO_N_SCOPES) - 1))

#define AIVO_SCOPE_ERROR (aivo_scope_error_quark ())

typedef enum
{
  AIVO_SCOPE_ERROR_EMPTY,
  AIVO_SCOPE_ERROR_UNKNOWN,
  AIVO_SCOPE_ERROR_DUPLICATE,
} AivoScopeError;

typedef enum
{
  AIVO_SCOPE_RESOURCE_CALLS,
  AIVO_SCOPE_RESOURCE_KNOWLEDGE,
  AIVO_SCOPE_RESOURCE_APPOINTMENTS,
  AIVO_SCOPE_RESOURCE_CONTACTS,
  AIVO_SCOPE_RESOURCE_ACCOUNT,
  AIVO_SCOPE_RESOURCE_WEBHOOKS,
} AivoScopeResource;

#define AIVO_N_SCOPE_RESOURCES 6

/* The article's least-privilege examples. */
typedef struct
{
  const char *id;
  const char *title;
  const char *description;
  AivoScope   scopes;
} AivoScopePreset;

#define AIVO_TYPE_SCOPE (aivo_scope_get_type ())

GType                   aivo_scope_get_type             (void) G_GNUC_CONST;
GQuark                  aivo_scope_error_quark          (void);

AivoScope               aivo_scope_nth                  (guint               index);
const char             *aivo_scope_to_string            (AivoScope           scope);
AivoScope               aivo_scope_from_string          (const char         *text);
const char             *aivo_scope_get_description      (AivoScope           scope);
AivoScopeResource       aivo_scope_get_resource         (AivoScope           scope);
gboolean                aivo_scope_is_write             (AivoScope           scope);

const char             *aivo_scope_resource_get_title   (AivoScopeResource   resource);
AivoScope               aivo_scope_resource_get_scopes  (AivoScopeResource   resource);

AivoScope               aivo_scopes_parse               (const char * const *names,
                                                         GError            **error);
char                  **aivo_scopes_to_strv             (AivoScope           scopes);
char                   *aivo_scopes_to_string           (AivoScope           scopes,
                                                         const char         *separator);
guint                   aivo_scopes_count               (AivoScope           scopes);

const AivoScopePreset  *aivo_scope_get_presets          (guint              *n_presets);
const AivoScopePreset  *aivo_scope_find_preset          (const char         *id);

G_END_DECLS
