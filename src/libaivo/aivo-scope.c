/* aivo-scope.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-scope"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aivo-scope.h"

G_DEFINE_QUARK (aivo-scope-error-quark, aivo_scope_error)

G_DEFINE_FLAGS_TYPE (AivoScope, aivo_scope,
  G_DEFINE_ENUM_VALUE (AIVO_SCOPE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (AIVO_SCOPE_CALLS_READ, "calls:read"),
  G_DEFINE_ENUM_VALUE (AIVO_SCOPE_CALLS_WRITE, "calls:write"),
  G_DEFINE_ENUM_VALUE (AIVO_SCOPE_KNOWLEDGE_READ, "knowledge:read"),
  G_DEFINE_ENUM_VALUE (AIVO_SCOPE_KNOWLEDGE_WRITE, "knowledge:write"),
  G_DEFINE_ENUM_VALUE (AIVO_SCOPE_APPOINTMENTS_READ, "appointments:read"),
  G_DEFINE_ENUM_VALUE (AIVO_SCOPE_APPOINTMENTS_WRITE, "appointments:write"),
  G_DEFINE_ENUM_VALUE (AIVO_SCOPE_CONTACTS_READ, "contacts:read"),
  G_DEFINE_ENUM_VALUE (AIVO_SCOPE_CONTACTS_WRITE, "contacts:write"),
  G_DEFINE_ENUM_VALUE (AIVO_SCOPE_ACCOUNT_READ, "account:read"),
  G_DEFINE_ENUM_VALUE (AIVO_SCOPE_ACCOUNT_WRITE, "account:write"),
  G_DEFINE_ENUM_VALUE (AIVO_SCOPE_WEBHOOKS_MANAGE, "webhooks:manage"))

typedef struct
{
  const char        *name;
  const char        *description;
  AivoScopeResource  resource;
} ScopeInfo;

/* In bit order. Descriptions are the article's words. */
static const ScopeInfo scope_info[AIVO_N_SCOPES] = {
  { "calls:read", N_("View call logs, transcripts, and analytics"), AIVO_SCOPE_RESOURCE_CALLS },
  { "calls:write", N_("Initiate calls, update call settings"), AIVO_SCOPE_RESOURCE_CALLS },
  { "knowledge:read", N_("View knowledge base articles"), AIVO_SCOPE_RESOURCE_KNOWLEDGE },
  { "knowledge:write", N_("Create, update, and delete articles"), AIVO_SCOPE_RESOURCE_KNOWLEDGE },
  { "appointments:read", N_("View appointments"), AIVO_SCOPE_RESOURCE_APPOINTMENTS },
  { "appointments:write", N_("Create, update, and cancel appointments"), AIVO_SCOPE_RESOURCE_APPOINTMENTS },
  { "contacts:read", N_("View contacts"), AIVO_SCOPE_RESOURCE_CONTACTS },
  { "contacts:write", N_("Create, update, and delete contacts"), AIVO_SCOPE_RESOURCE_CONTACTS },
  { "account:read", N_("View account settings and team members"), AIVO_SCOPE_RESOURCE_ACCOUNT },
  { "account:write", N_("Modify account settings, manage team"), AIVO_SCOPE_RESOURCE_ACCOUNT },
  { "webhooks:manage", N_("Create and manage webhook subscriptions"), AIVO_SCOPE_RESOURCE_WEBHOOKS },
};

static const char * const resource_titles[AIVO_N_SCOPE_RESOURCES] = {
  [AIVO_SCOPE_RESOURCE_CALLS] = N_("Calls"),
  [AIVO_SCOPE_RESOURCE_KNOWLEDGE] = N_("Knowledge Base"),
  [AIVO_SCOPE_RESOURCE_APPOINTMENTS] = N_("Appointments"),
  [AIVO_SCOPE_RESOURCE_CONTACTS] = N_("Contacts"),
  [AIVO_SCOPE_RESOURCE_ACCOUNT] = N_("Account"),
  [AIVO_SCOPE_RESOURCE_WEBHOOKS] = N_("Webhooks"),
};

static const AivoScopePreset presets[] = {
  { "analytics-dashboard",
    N_("Read-only analytics dashboard"),
    N_("Reads call logs and analytics, changes nothing"),
    AIVO_SCOPE_CALLS_READ },
  { "crm-integration",
    N_("CRM integration"),
    N_("Creates contacts and reads the calls they made"),
    AIVO_SCOPE_CONTACTS_WRITE | AIVO_SCOPE_CALLS_READ },
  { "scheduling-tool",
    N_("Scheduling tool"),
    N_("Reads, books and cancels appointments"),
    AIVO_SCOPE_APPOINTMENTS_READ | AIVO_SCOPE_APPOINTMENTS_WRITE },
};

static int
scope_index (AivoScope scope)
{
  /* Exactly one bit, within range. */
  if (scope == 0 || (scope & (scope - 1)) != 0 || (scope & ~AIVO_SCOPE_ALL) != 0)
    return -1;

  return g_bit_nth_lsf (scope, -1);
}

AivoScope
aivo_scope_nth (guint index)
{
  g_return_val_if_fail (index < AIVO_N_SCOPES, AIVO_SCOPE_NONE);

  return (AivoScope) (1u << index);
}

const char *
aivo_scope_to_string (AivoScope scope)
{
  int index = scope_index (scope);

  g_return_val_if_fail (index >= 0, NULL);

  return scope_info[index].name;
}

/* Returns: the scope named @text, or %AIVO_SCOPE_NONE if there is none. */
AivoScope
aivo_scope_from_string (const char *text)
{
  if (text == NULL)
    return AIVO_SCOPE_NONE;

  for (guint i = 0; i < AIVO_N_SCOPES; i++)
    if (g_str_equal (text, scope_info[i].name))
      return aivo_scope_nth (i);

  return AIVO_SCOPE_NONE;
}

const char *
aivo_scope_get_description (AivoScope scope)
{
  int index = scope_index (scope);

  g_return_val_if_fail (index >= 0, NULL);

  return _(scope_info[index].description);
}

AivoScopeResource
aivo_scope_get_resource (AivoScope scope)
{
  int index = scope_index (scope);

  g_return_val_if_fail (index >= 0, 0);

  return scope_info[index].resource;
}

gboolean
aivo_scope_is_write (AivoScope scope)
{
  const char *name = aivo_scope_to_string (scope);

  return name != NULL && !g_str_has_suffix (name, ":read");
}

const char *
aivo_scope_resource_get_title (AivoScopeResource resource)
{
  g_return_val_if_fail ((guint) resource < AIVO_N_SCOPE_RESOURCES, NULL);

  return _(resource_titles[resource]);
}

AivoScope
aivo_scope_resource_get_scopes (AivoScopeResource resource)
{
  AivoScope scopes = AIVO_SCOPE_NONE;

  for (guint i = 0; i < AIVO_N_SCOPES; i++)
    if (scope_info[i].resource == resource)
      scopes |= aivo_scope_nth (i);

  return scopes;
}

/**
 * aivo_scopes_parse:
 * @names: (array zero-terminated=1): scope names
 *
 * Parses a key's scope list as the API requires it: at least one, every one
 * known, none twice.
 *
 * Returns: the set, or %AIVO_SCOPE_NONE with @error set
 */
AivoScope
aivo_scopes_parse (const char * const  *names,
                   GError             **error)
{
  AivoScope scopes = AIVO_SCOPE_NONE;

  if (names == NULL || names[0] == NULL)
    {
      g_set_error_literal (error, AIVO_SCOPE_ERROR, AIVO_SCOPE_ERROR_EMPTY,
                           _("Choose at least one scope."));
      return AIVO_SCOPE_NONE;
    }

  for (guint i = 0; names[i] != NULL; i++)
    {
      AivoScope scope = aivo_scope_from_string (names[i]);

      if (scope == AIVO_SCOPE_NONE)
        {
          g_autofree char *shown = g_utf8_make_valid (names[i], MIN (strlen (names[i]), 64));

          g_set_error (error, AIVO_SCOPE_ERROR, AIVO_SCOPE_ERROR_UNKNOWN,
                       _("“%s” is not a scope. Scopes look like “calls:read”."), shown);
          return AIVO_SCOPE_NONE;
        }

      if ((scopes & scope) != 0)
        {
          g_set_error (error, AIVO_SCOPE_ERROR, AIVO_SCOPE_ERROR_DUPLICATE,
                       _("The scope “%s” is listed twice."), names[i]);
          return AIVO_SCOPE_NONE;
        }

      scopes |= scope;
    }

  return scopes;
}

/* In the order of the article's table. */
char **
aivo_scopes_to_strv (AivoScope scopes)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < AIVO_N_SCOPES; i++)
    if ((scopes & aivo_scope_nth (i)) != 0)
      g_strv_builder_add (builder, scope_info[i].name);

  return g_strv_builder_end (builder);
}

char *
aivo_scopes_to_string (AivoScope   scopes,
                       const char *separator)
{
  g_auto(GStrv) strv = aivo_scopes_to_strv (scopes);

  return g_strjoinv (separator != NULL ? separator : ", ", strv);
}

guint
aivo_scopes_count (AivoScope scopes)
{
  guint count = 0;

  for (guint i = 0; i < AIVO_N_SCOPES; i++)
    if ((scopes & aivo_scope_nth (i)) != 0)
      count++;

  return count;
}

/* Titles and descriptions are untranslated msgids: pass them through _(). */
const AivoScopePreset *
aivo_scope_get_presets (guint *n_presets)
{
  if (n_presets != NULL)
    *n_presets = G_N_ELEMENTS (presets);

  return presets;
}

const AivoScopePreset *
aivo_scope_find_preset (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_strcmp0 (id, presets[i].id) == 0)
      return &presets[i];

  return NULL;
}
