/* aivo-key.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-key"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aivo-key.h"
#include "aivo-client.h"
#include "aivo-credential.h"
#include "aivo-text.h"

/*
 * The key object of API.md, as the server describes it: never the secret.
 * Built only from JSON, and strictly: the server may be buggy or hostile, so
 * every member is checked for presence, type, syntax and length, and the
 * first problem becomes an AIVO_CLIENT_ERROR_BAD_RESPONSE naming it.
 * Members the contract does not know are ignored, so a newer server still
 * works.
 *
 * Immutable; the properties are read-only so that list rows can bind them.
 */

struct _AivoKey
{
  GObject          parent_instance;

  char            *id;
  char            *name;
  char            *hint;
  char            *created_by;
  char           **shared_with;
  char            *rotated_from;
  char            *rotation_reason;
  char            *rotation_member_id;
  GDateTime       *created_at;
  GDateTime       *last_used_at;
  GDateTime       *expires_at;
  GDateTime       *rotation_since;

  AivoEnvironment  environment;
  AivoScope        scopes;
};

G_DEFINE_FINAL_TYPE (AivoKey, aivo_key, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_ENVIRONMENT,
  PROP_SCOPES,
  PROP_HINT,
  PROP_CREATED_AT,
  PROP_CREATED_BY,
  PROP_SHARED_WITH,
  PROP_LAST_USED_AT,
  PROP_EXPIRES_AT,
  PROP_ROTATED_FROM,
  PROP_ROTATION_REQUIRED,
  PROP_ROTATION_REASON,
  PROP_ROTATION_MEMBER_ID,
  PROP_ROTATION_SINCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define KEY_ID_PREFIX       "key_"
#define MAX_REASON_LENGTH   64
/* "2026-11-26T10:00:00.123456789+01:00" is 35 bytes. */
#define MAX_TIME_LENGTH     40

static void
aivo_key_finalize (GObject *object)
{
  AivoKey *self = (AivoKey *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->hint, g_free);
  g_clear_pointer (&self->created_by, g_free);
  g_clear_pointer (&self->shared_with, g_strfreev);
  g_clear_pointer (&self->rotated_from, g_free);
  g_clear_pointer (&self->rotation_reason, g_free);
  g_clear_pointer (&self->rotation_member_id, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->last_used_at, g_date_time_unref);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_clear_pointer (&self->rotation_since, g_date_time_unref);

  G_OBJECT_CLASS (aivo_key_parent_class)->finalize (object);
}

static void
aivo_key_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  AivoKey *self = AIVO_KEY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_ENVIRONMENT:
      g_value_set_enum (value, self->environment);
      break;

    case PROP_SCOPES:
      g_value_set_flags (value, self->scopes);
      break;

    case PROP_HINT:
      g_value_set_string (value, self->hint);
      break;

    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;

    case PROP_CREATED_BY:
      g_value_set_string (value, self->created_by);
      break;

    case PROP_SHARED_WITH:
      g_value_set_boxed (value, self->shared_with);
      break;

    case PROP_LAST_USED_AT:
      g_value_set_boxed (value, self->last_used_at);
      break;

    case PROP_EXPIRES_AT:
      g_value_set_boxed (value, self->expires_at);
      break;

    case PROP_ROTATED_FROM:
      g_value_set_string (value, self->rotated_from);
      break;

    case PROP_ROTATION_REQUIRED:
      g_value_set_boolean (value, aivo_key_get_rotation_required (self));
      break;

    case PROP_ROTATION_REASON:
      g_value_set_string (value, self->rotation_reason);
      break;

    case PROP_ROTATION_MEMBER_ID:
      g_value_set_string (value, self->rotation_member_id);
      break;

    case PROP_ROTATION_SINCE:
      g_value_set_boxed (value, self->rotation_since);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define READ_ONLY (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static GParamSpec *
read_only_string (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, READ_ONLY);
}

static GParamSpec *
read_only_date_time (const char *name)
{
  return g_param_spec_boxed (name, NULL, NULL, G_TYPE_DATE_TIME, READ_ONLY);
}

static void
aivo_key_class_init (AivoKeyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aivo_key_finalize;
  object_class->get_property = aivo_key_get_property;

  /* Read-only: a key from the server never changes; a refresh makes a new one. */
  properties[PROP_ID] = read_only_string ("id");
  properties[PROP_NAME] = read_only_string ("name");
  properties[PROP_ENVIRONMENT] =
    g_param_spec_enum ("environment", NULL, NULL, AIVO_TYPE_ENVIRONMENT,
                       AIVO_ENVIRONMENT_PRODUCTION, READ_ONLY);
  properties[PROP_SCOPES] =
    g_param_spec_flags ("scopes", NULL, NULL, AIVO_TYPE_SCOPE, AIVO_SCOPE_NONE, READ_ONLY);
  properties[PROP_HINT] = read_only_string ("hint");
  properties[PROP_CREATED_AT] = read_only_date_time ("created-at");
  properties[PROP_CREATED_BY] = read_only_string ("created-by");
  properties[PROP_SHARED_WITH] = g_param_spec_boxed ("shared-with", NULL, NULL, G_TYPE_STRV, READ_ONLY);
  properties[PROP_LAST_USED_AT] = read_only_date_time ("last-used-at");
  properties[PROP_EXPIRES_AT] = read_only_date_time ("expires-at");
  properties[PROP_ROTATED_FROM] = read_only_string ("rotated-from");
  properties[PROP_ROTATION_REQUIRED] =
    g_param_spec_boolean ("rotation-required", NULL, NULL, FALSE, READ_ONLY);
  properties[PROP_ROTATION_REASON] = read_only_string ("rotation-reason");
  properties[PROP_ROTATION_MEMBER_ID] = read_only_string ("rotation-member-id");
  properties[PROP_ROTATION_SINCE] = read_only_date_time ("rotation-since");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aivo_key_init (AivoKey *self)
{
}

/* Parsing ------------------------------------------------------------------ */

static gboolean G_GNUC_PRINTF (2, 3)
fail (GError     **error,
      const char  *format,
      ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_BAD_RESPONSE,
               /* Translators: %s says what is wrong, e.g. "“name” is missing" */
               _("The server sent a key the app does not understand: %s. Check that the "
                 "address points to an AIVO API server, or update AIVO Studio."),
               detail);
  return FALSE;
}

/* A value from the server, short and printable, for a message. */
static char *
quote (const char *text)
{
  return aivo_client_dup_printable (text, -1, 40);
}

/* Returns: the member's node; %NULL when it is JSON null (and @nullable),
 * or with @error set when it is missing or null but may not be. */
static JsonNode *
get_member (JsonObject  *object,
            const char  *name,
            gboolean     nullable,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      fail (error, _("“%s” is missing"), name);
      return NULL;
    }

  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (!nullable)
        fail (error, _("“%s” is null"), name);
      return NULL;
    }

  return node;
}

/* Checks that @node is a string of 1 to @max_chars characters with no
 * control character, and returns it (borrowed). */
static const char *
check_string (JsonNode    *node,
              const char  *name,
              guint        max_chars,
              GError     **error)
{
  const char *text;
  gsize length;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      fail (error, _("“%s” is not a string"), name);
      return NULL;
    }

  text = json_node_get_string (node);
  length = strlen (text);

  if (length == 0)
    {
      fail (error, _("“%s” is empty"), name);
      return NULL;
    }

  /* A UTF-8 character is at most four bytes: no need to count further. */
  if (length > (gsize) max_chars * 4 || !g_utf8_validate (text, length, NULL))
    {
      fail (error, _("“%s” is longer than %u characters"), name, max_chars);
      return NULL;
    }

  if (aivo_text_has_control_chars (text, FALSE))
    {
      fail (error, _("“%s” contains a control character"), name);
      return NULL;
    }

  if (g_utf8_strlen (text, length) > (glong) max_chars)
    {
      fail (error, _("“%s” is longer than %u characters"), name, max_chars);
      return NULL;
    }

  return text;
}

/* "key_" and the credential's eight base62 characters. */
static gboolean
is_key_id (const char *text)
{
  if (!g_str_has_prefix (text, KEY_ID_PREFIX)
      || strlen (text) != strlen (KEY_ID_PREFIX) + AIVO_CREDENTIAL_ID_LENGTH)
    return FALSE;

  for (const char *p = text + strlen (KEY_ID_PREFIX); *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        return FALSE;
    }

  return TRUE;
}

typedef gboolean (*IdCheck) (const char *text);

static gboolean
get_id (JsonObject  *object,
        const char  *name,
        gboolean     nullable,
        IdCheck      check,
        char       **out,
        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = get_member (object, name, nullable, &local_error);
  const char *text;

  *out = NULL;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (node == NULL)
    return TRUE;

  text = check_string (node, name, AIVO_KEY_MAX_ID_LENGTH, error);
  if (text == NULL)
    return FALSE;

  if (!check (text))
    {
      g_autofree char *quoted = quote (text);

      return fail (error, _("“%s” is not an id (“%s”)"), name, quoted);
    }

  *out = g_strdup (text);
  return TRUE;
}

static gboolean
eat_digits (const char **p,
            guint        count)
{
  for (guint i = 0; i < count; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
    }

  *p += count;
  return TRUE;
}

static gboolean
eat_char (const char **p,
          const char  *allowed)
{
  if (**p == '\0' || strchr (allowed, **p) == NULL)
    return FALSE;

  (*p)++;
  return TRUE;
}

/* RFC 3339 date-time: "YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)". GLib's ISO
 * 8601 parser takes many other forms (week dates, no separators, no zone),
 * so the shape is checked here and the calendar by GLib. */
static gboolean
is_rfc3339 (const char *text)
{
  const char *p = text;

  if (!(eat_digits (&p, 4) && eat_char (&p, "-") && eat_digits (&p, 2) && eat_char (&p, "-")
        && eat_digits (&p, 2) && eat_char (&p, "Tt") && eat_digits (&p, 2) && eat_char (&p, ":")
        && eat_digits (&p, 2) && eat_char (&p, ":") && eat_digits (&p, 2)))
    return FALSE;

  if (eat_char (&p, "."))
    {
      if (!eat_digits (&p, 1))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  if (eat_char (&p, "Zz"))
    return *p == '\0';

  return eat_char (&p, "+-") && eat_digits (&p, 2) && eat_char (&p, ":") && eat_digits (&p, 2)
         && *p == '\0';
}

static gboolean
get_time (JsonObject  *object,
          const char  *name,
          gboolean     nullable,
          GDateTime  **out,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = get_member (object, name, nullable, &local_error);
  const char *text;

  *out = NULL;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (node == NULL)
    return TRUE;

  text = check_string (node, name, MAX_TIME_LENGTH, error);
  if (text == NULL)
    return FALSE;

  if (is_rfc3339 (text))
    *out = g_date_time_new_from_iso8601 (text, NULL);

  if (*out == NULL)
    {
      g_autofree char *quoted = quote (text);

      return fail (error, _("“%s” is not a date and time (“%s”)"), name, quoted);
    }

  return TRUE;
}

static gboolean
get_environment (JsonObject       *object,
                 AivoEnvironment  *out,
                 GError          **error)
{
  JsonNode *node = get_member (object, "environment", FALSE, error);
  const char *text;

  if (node == NULL)
    return FALSE;

  text = check_string (node, "environment", 32, error);
  if (text == NULL)
    return FALSE;

  if (!aivo_environment_from_string (text, out))
    {
      g_autofree char *quoted = quote (text);

      return fail (error, _("“environment” is “%s”, which is not one the app knows"), quoted);
    }

  return TRUE;
}

static gboolean
get_scopes (JsonObject  *object,
            AivoScope   *out,
            GError     **error)
{
  JsonNode *node = get_member (object, "scopes", FALSE, error);
  JsonArray *array;
  guint length;

  *out = AIVO_SCOPE_NONE;

  if (node == NULL)
    return FALSE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, _("“%s” is not a list"), "scopes");

  array = json_node_get_array (node);
  length = json_array_get_length (array);

  if (length == 0)
    return fail (error, _("“scopes” is empty"));

  if (length > AIVO_N_SCOPES)
    return fail (error, _("“scopes” has more entries than there are scopes"));

  for (guint i = 0; i < length; i++)
    {
      const char *text = check_string (json_array_get_element (array, i), "scopes", 64, error);
      AivoScope scope;

      if (text == NULL)
        return FALSE;

      scope = aivo_scope_from_string (text);
      if (scope == AIVO_SCOPE_NONE)
        {
          g_autofree char *quoted = quote (text);

          return fail (error, _("“scopes” has “%s”, which is not a scope the app knows"), quoted);
        }

      if ((*out & scope) != 0)
        return fail (error, _("“scopes” has “%s” twice"), text);

      *out |= scope;
    }

  return TRUE;
}

static gboolean
get_shared_with (JsonObject   *object,
                 char       ***out,
                 GError      **error)
{
  JsonNode *node = get_member (object, "shared_with", FALSE, error);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;
  guint length;

  if (node == NULL)
    return FALSE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, _("“%s” is not a list"), "shared_with");

  array = json_node_get_array (node);
  length = json_array_get_length (array);
  if (length > AIVO_KEY_MAX_SHARED_WITH)
    return fail (error, _("“shared_with” has more than %d entries"), AIVO_KEY_MAX_SHARED_WITH);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < length; i++)
    {
      const char *text = check_string (json_array_get_element (array, i), "shared_with",
                                       AIVO_KEY_MAX_ID_LENGTH, error);

      if (text == NULL)
        return FALSE;

      if (!aivo_client_is_valid_id (text))
        {
          g_autofree char *quoted = quote (text);

          return fail (error, _("“%s” is not an id (“%s”)"), "shared_with", quoted);
        }

      g_strv_builder_add (builder, text);
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

/* The hint is the credential's prefix and id, "_…" and four base62
 * characters: anything else could be part of a secret. */
static gboolean
check_hint (AivoKey     *self,
            const char  *hint,
            GError     **error)
{
  const char *prefix = aivo_credential_kind_get_prefix (aivo_credential_kind_for_environment (self->environment));
  g_autofree char *expected_start = g_strconcat (prefix, self->id + strlen (KEY_ID_PREFIX), "_\u2026", NULL);
  const char *tail;

  if (!g_str_has_prefix (hint, expected_start))
    return fail (error, _("“hint” does not match the key’s id and environment"));

  tail = hint + strlen (expected_start);
  if (strlen (tail) != 4)
    return fail (error, _("“hint” does not end in four characters of the key"));

  for (const char *p = tail; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        return fail (error, _("“hint” does not end in four characters of the key"));
    }

  return TRUE;
}

static gboolean
get_rotation_required (AivoKey     *self,
                       JsonObject  *object,
                       GError     **error)
{
  JsonNode *node;
  JsonObject *rotation;
  const char *reason;
  g_autoptr(GError) local_error = NULL;

  node = get_member (object, "rotation_required", TRUE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, _("“rotation_required” is neither null nor an object"));

  rotation = json_node_get_object (node);

  node = get_member (rotation, "reason", FALSE, error);
  if (node == NULL)
    return FALSE;

  reason = check_string (node, "reason", MAX_REASON_LENGTH, error);
  if (reason == NULL)
    return FALSE;

  /* A reason the app does not know yet is kept: the key still needs rotating. */
  if (!aivo_client_is_valid_id (reason))
    {
      g_autofree char *quoted = quote (reason);

      return fail (error, _("“reason” is not a reason code (“%s”)"), quoted);
    }

  self->rotation_reason = g_strdup (reason);

  return get_id (rotation, "member_id", TRUE, aivo_client_is_valid_id, &self->rotation_member_id, error)
         && get_time (rotation, "since", FALSE, &self->rotation_since, error);
}

/**
 * aivo_key_new_from_json:
 * @object: a key object as the server sent it
 *
 * Reads a key strictly (API.md, "Keys"): every member of the contract must
 * be there with the right type; nullable ones may be null. A "secret"
 * member, as in the answer to creating a key, is not read.
 *
 * Returns: (transfer full) (nullable): the key, or %NULL with @error
 *   (%AIVO_CLIENT_ERROR_BAD_RESPONSE) set
 */
AivoKey *
aivo_key_new_from_json (JsonObject  *object,
                        GError     **error)
{
  g_autoptr(AivoKey) self = NULL;
  JsonNode *node;
  const char *text;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (AIVO_TYPE_KEY, NULL);

  if (!get_id (object, "id", FALSE, is_key_id, &self->id, error))
    return NULL;

  node = get_member (object, "name", FALSE, error);
  if (node == NULL)
    return NULL;
  text = check_string (node, "name", AIVO_KEY_MAX_NAME_CHARS, error);
  if (text == NULL)
    return NULL;
  self->name = g_strdup (text);

  if (!get_environment (object, &self->environment, error)
      || !get_scopes (object, &self->scopes, error))
    return NULL;

  node = get_member (object, "hint", FALSE, error);
  if (node == NULL)
    return NULL;
  text = check_string (node, "hint", 64, error);
  if (text == NULL || !check_hint (self, text, error))
    return NULL;
  self->hint = g_strdup (text);

  if (!get_time (object, "created_at", FALSE, &self->created_at, error)
      || !get_id (object, "created_by", FALSE, aivo_client_is_valid_id, &self->created_by, error)
      || !get_shared_with (object, &self->shared_with, error)
      || !get_time (object, "last_used_at", TRUE, &self->last_used_at, error)
      || !get_time (object, "expires_at", TRUE, &self->expires_at, error)
      || !get_id (object, "rotated_from", TRUE, is_key_id, &self->rotated_from, error)
      || !get_rotation_required (self, object, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Accessors ---------------------------------------------------------------- */

/* Returns: the public id, "key_" and eight characters */
const char *
aivo_key_get_id (AivoKey *self)
{
  g_return_val_if_fail (AIVO_IS_KEY (self), NULL);

  return self->id;
}

const char *
aivo_key_get_name (AivoKey *self)
{
  g_return_val_if_fail (AIVO_IS_KEY (self), NULL);

  return self->name;
}

AivoEnvironment
aivo_key_get_environment (AivoKey *self)
{
  g_return_val_if_fail (AIVO_IS_KEY (self), AIVO_ENVIRONMENT_PRODUCTION);

  return self->environment;
}

AivoScope
aivo_key_get_scopes (AivoKey *self)
{
  g_return_val_if_fail (AIVO_IS_KEY (self), AIVO_SCOPE_NONE);

  return self->scopes;
}

/* Returns: "aivo_live_Ab3dEf12_…9Qz1": enough to recognise the key */
const char *
aivo_key_get_hint (AivoKey *self)
{
  g_return_val_if_fail (AIVO_IS_KEY (self), NULL);

  return self->hint;
}

/**
 * aivo_key_get_created_at:
 *
 * Returns: (transfer none): when the key was created
 */
GDateTime *
aivo_key_get_created_at (AivoKey *self)
{
  g_return_val_if_fail (AIVO_IS_KEY (self), NULL);

  return self->created_at;
}

/* Returns: the id of the team member who created the key */
const char *
aivo_key_get_created_by (AivoKey *self)
{
  g_return_val_if_fail (AIVO_IS_KEY (self), NULL);

  return self->created_by;
}

/**
 * aivo_key_get_shared_with:
 *
 * Returns: (transfer none) (array zero-terminated=1): team member ids,
 *   possibly none
 */
const char * const *
aivo_key_get_shared_with (AivoKey *self)
{
  g_return_val_if_fail (AIVO_IS_KEY (self), NULL);

  return (const char * const *) self->shared_with;
}

/**
 * aivo_key_get_last_used_at:
 *
 * Returns: (transfer none) (nullable): the last use (at most 5 s stale), or
 *   %NULL when the key has never been used
 */
GDateTime *
aivo_key_get_last_used_at (AivoKey *self)
{
  g_return_val_if_fail (AIVO_IS_KEY (self), NULL);

  return self->last_used_at;
}

/**
 * aivo_key_get_expires_at:
 *
 * Returns: (transfer none) (nullable): the end of the key's grace period
 *   after a rotation, or %NULL
 */
GDateTime *
aivo_key_get_expires_at (AivoKey *self)
{
  g_return_val_if_fail (AIVO_IS_KEY (self), NULL);

  return self->expires_at;
}

/* Returns: (nullable): the id of the key this one replaced */
const char *
aivo_key_get_rotated_from (AivoKey *self)
{
  g_return_val_if_fail (AIVO_IS_KEY (self), NULL);

  return self->rotated_from;
}

gboolean
aivo_key_get_rotation_required (AivoKey *self)
{
  g_return_val_if_fail (AIVO_IS_KEY (self), FALSE);

  return self->rotation_reason != NULL;
}

/* Returns: (nullable): why the key must be rotated ("member_departed") */
const char *
aivo_key_get_rotation_reason (AivoKey *self)
{
  g_return_val_if_fail (AIVO_IS_KEY (self), NULL);

  return self->rotation_reason;
}

/* Returns: (nullable): the team member whose departure requires rotation */
const char *
aivo_key_get_rotation_member_id (AivoKey *self)
{
  g_return_val_if_fail (AIVO_IS_KEY (self), NULL);

  return self->rotation_member_id;
}

/**
 * aivo_key_get_rotation_since:
 *
 * Returns: (transfer none) (nullable): since when rotation is required
 */
GDateTime *
aivo_key_get_rotation_since (AivoKey *self)
{
  g_return_val_if_fail (AIVO_IS_KEY (self), NULL);

  return self->rotation_since;
}
