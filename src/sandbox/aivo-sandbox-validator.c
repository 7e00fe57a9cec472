/* aivo-sandbox-validator.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-validator"

#include "config.h"

#include <string.h>

#include "aivo-sandbox-validator.h"
#include "aivo-sandbox-util.h"
#include "aivo-text.h"

#define MAX_EMAIL_LENGTH 254

/* Times the API can write back: after the Unix epoch (stored 0 means none)
 * and before year 10000 (RFC 3339 has four-digit years). */
#define MIN_TIME 1
#define MAX_TIME G_GINT64_CONSTANT (253402300799)   /* 9999-12-31T23:59:59Z */

/* BCP 47 tags are at most 35 characters in practice (RFC 5646, 4.4.1). */
#define MIN_LANGUAGE_LENGTH 2
#define MAX_LANGUAGE_LENGTH 35

typedef enum
{
  MEMBER_FAILED,    /* answered 422 */
  MEMBER_ABSENT,
  MEMBER_NULL,
  MEMBER_PRESENT,
} MemberState;

static gboolean invalid (AivoSandboxExchange *ex,
                         const char          *field,
                         const char          *format,
                         ...) G_GNUC_PRINTF (3, 4);

/* Answers 422 validation_failed for @field; always FALSE. */
static gboolean
invalid (AivoSandboxExchange *ex,
         const char          *field,
         const char          *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  aivo_sandbox_exchange_reply_error (ex, 422, "validation_failed", field, "%s", message);
  return FALSE;
}

/* Looks @field up and applies REQUIRED and NULLABLE. */
static MemberState
member_for (AivoSandboxExchange    *ex,
            const char             *field,
            AivoSandboxFieldFlags   flags,
            JsonNode              **node)
{
  *node = NULL;

  if (ex->body == NULL || !json_object_has_member (ex->body, field))
    {
      if (flags & AIVO_SANDBOX_FIELD_REQUIRED)
        {
          invalid (ex, field, "“%s” is required.", field);
          return MEMBER_FAILED;
        }
      return MEMBER_ABSENT;
    }

  *node = json_object_get_member (ex->body, field);
  if (JSON_NODE_HOLDS_NULL (*node))
    {
      if (flags & AIVO_SANDBOX_FIELD_NULLABLE)
        return MEMBER_NULL;
      invalid (ex, field, "“%s” may not be null.", field);
      return MEMBER_FAILED;
    }

  return MEMBER_PRESENT;
}

static const char *
string_of (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

gboolean
aivo_sandbox_body_has (AivoSandboxExchange *ex,
                       const char          *field)
{
  g_return_val_if_fail (ex != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  return ex->body != NULL && json_object_has_member (ex->body, field);
}

/**
 * aivo_sandbox_validate_fields:
 * @allowed: the fields this request may send (%NULL-terminated)
 *
 * Any other field gets 422 with param = that field.
 */
gboolean
aivo_sandbox_validate_fields (AivoSandboxExchange *ex,
                              const char * const  *allowed)
{
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (ex != NULL, FALSE);
  g_return_val_if_fail (allowed != NULL, FALSE);

  if (ex->body == NULL)
    return TRUE;

  members = json_object_get_members (ex->body);
  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *shown = g_utf8_make_valid (l->data, MIN (strlen (l->data), 64));
        g_autofree char *list = g_strjoinv ("”, “", (char **) allowed);

        if (allowed[0] == NULL)
          return invalid (ex, l->data, "“%s” is not a field of this request, which takes no fields.", shown);
        return invalid (ex, l->data, "“%s” is not a field of this request. The fields are “%s”.", shown, list);
      }

  return TRUE;
}

/* A field this request must not carry, with the reason as @message. */
gboolean
aivo_sandbox_validate_absent (AivoSandboxExchange *ex,
                              const char          *field,
                              const char          *message)
{
  g_return_val_if_fail (ex != NULL, FALSE);
  g_return_val_if_fail (field != NULL && message != NULL, FALSE);

  if (aivo_sandbox_body_has (ex, field))
    return invalid (ex, field, "%s", message);

  return TRUE;
}

/* Checks a present string value; returns it trimmed (or as is for TEXT). */
static char *
check_string (AivoSandboxExchange   *ex,
              const char            *field,
              const char            *value,
              AivoSandboxFieldFlags  flags,
              guint                  min_chars,
              guint                  max_chars)
{
  gboolean text = (flags & AIVO_SANDBOX_FIELD_TEXT) != 0;
  g_autofree char *result = NULL;
  glong length;

  if (aivo_text_has_control_chars (value, text))
    {
      invalid (ex, field, text
               ? "“%s” contains a control character; only tabs and line breaks are allowed."
               : "“%s” contains a control character (such as a line break or a tab), which is not allowed.",
               field);
      return NULL;
    }

  result = text ? g_strdup (value) : aivo_text_strip (value);
  length = g_utf8_strlen (result, -1);

  if (length < (glong) min_chars || length > (glong) max_chars)
    {
      if (min_chars > 0 && length == 0)
        invalid (ex, field, "“%s” may not be empty%s.", field, text ? "" : " or only white space");
      else if (min_chars == max_chars)
        invalid (ex, field, "“%s” must be %u characters long.", field, min_chars);
      else
        invalid (ex, field, "“%s” must be %u to %u characters long%s; it has %ld.",
                 field, min_chars, max_chars, text ? "" : " (after trimming white space)", length);
      return NULL;
    }

  return g_steal_pointer (&result);
}

/**
 * aivo_sandbox_validate_string:
 * @min_chars: fewest characters (Unicode characters, after trimming)
 * @max_chars: most characters
 * @out: (out) (transfer full) (optional): the value, trimmed; NULL when
 *   absent or null
 *
 * A string without control characters, trimmed of white space at both ends
 * (unless AIVO_SANDBOX_FIELD_TEXT), whose length is in range.
 */
gboolean
aivo_sandbox_validate_string (AivoSandboxExchange    *ex,
                              const char             *field,
                              AivoSandboxFieldFlags   flags,
                              guint                   min_chars,
                              guint                   max_chars,
                              char                  **out)
{
  JsonNode *node;
  const char *value;
  char *result;

  g_return_val_if_fail (ex != NULL && field != NULL, FALSE);

  switch (member_for (ex, field, flags, &node))
    {
    case MEMBER_FAILED:
      return FALSE;
    case MEMBER_ABSENT:
    case MEMBER_NULL:
      if (out != NULL)
        *out = NULL;
      return TRUE;
    case MEMBER_PRESENT:
    default:
      break;
    }

  value = string_of (node);
  if (value == NULL)
    return invalid (ex, field, "“%s” must be a string.", field);

  result = check_string (ex, field, value, flags, min_chars, max_chars);
  if (result == NULL)
    return FALSE;

  if (out != NULL)
    *out = result;
  else
    g_free (result);

  return TRUE;
}

/**
 * aivo_sandbox_validate_enum:
 * @values: the allowed strings (%NULL-terminated)
 * @out: (out) (transfer none) (optional): the element of @values that
 *   matched; NULL when absent or null
 */
gboolean
aivo_sandbox_validate_enum (AivoSandboxExchange    *ex,
                            const char             *field,
                            AivoSandboxFieldFlags   flags,
                            const char * const     *values,
                            const char            **out)
{
  JsonNode *node;
  const char *value;

  g_return_val_if_fail (ex != NULL && field != NULL && values != NULL, FALSE);

  switch (member_for (ex, field, flags, &node))
    {
    case MEMBER_FAILED:
      return FALSE;
    case MEMBER_ABSENT:
    case MEMBER_NULL:
      if (out != NULL)
        *out = NULL;
      return TRUE;
    case MEMBER_PRESENT:
    default:
      break;
    }

  value = string_of (node);
  for (guint i = 0; value != NULL && values[i] != NULL; i++)
    if (g_str_equal (value, values[i]))
      {
        if (out != NULL)
          *out = values[i];
        return TRUE;
      }

  {
    g_autofree char *list = g_strjoinv ("”, “", (char **) values);

    return invalid (ex, field, "“%s” must be one of “%s”.", field, list);
  }
}

/* @out is left alone when the field is absent or null. */
gboolean
aivo_sandbox_validate_bool (AivoSandboxExchange   *ex,
                            const char            *field,
                            AivoSandboxFieldFlags  flags,
                            gboolean              *out)
{
  JsonNode *node;

  g_return_val_if_fail (ex != NULL && field != NULL, FALSE);

  switch (member_for (ex, field, flags, &node))
    {
    case MEMBER_FAILED:
      return FALSE;
    case MEMBER_ABSENT:
    case MEMBER_NULL:
      return TRUE;
    case MEMBER_PRESENT:
    default:
      break;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return invalid (ex, field, "“%s” must be true or false.", field);

  if (out != NULL)
    *out = json_node_get_boolean (node);

  return TRUE;
}

/* A whole number in [min, max]; @out is left alone when absent or null. */
gboolean
aivo_sandbox_validate_int (AivoSandboxExchange   *ex,
                           const char            *field,
                           AivoSandboxFieldFlags  flags,
                           gint64                 min,
                           gint64                 max,
                           gint64                *out)
{
  JsonNode *node;
  gint64 value;

  g_return_val_if_fail (ex != NULL && field != NULL, FALSE);

  switch (member_for (ex, field, flags, &node))
    {
    case MEMBER_FAILED:
      return FALSE;
    case MEMBER_ABSENT:
    case MEMBER_NULL:
      return TRUE;
    case MEMBER_PRESENT:
    default:
      break;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return invalid (ex, field, "“%s” must be a whole number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT ".",
                    field, min, max);

  value = json_node_get_int (node);
  if (value < min || value > max)
    return invalid (ex, field, "“%s” must be from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT "; it is %" G_GINT64_FORMAT ".",
                    field, min, max, value);

  if (out != NULL)
    *out = value;

  return TRUE;
}

/**
 * aivo_sandbox_validate_string_array:
 * @allowed: (nullable): the strings an item may be, or %NULL for any
 *   string of 1 to @max_chars characters (trimmed)
 * @min_items: fewest items
 * @max_items: most items
 * @out: (out) (transfer full) (optional): the items; NULL when absent or null
 *
 * An array of strings without duplicates.
 */
gboolean
aivo_sandbox_validate_string_array (AivoSandboxExchange    *ex,
                                    const char             *field,
                                    AivoSandboxFieldFlags   flags,
                                    const char * const     *allowed,
                                    guint                   min_items,
                                    guint                   max_items,
                                    guint                   max_chars,
                                    GStrv                  *out)
{
  g_autoptr(GPtrArray) items = NULL;
  JsonNode *node;
  JsonArray *array;
  guint length;

  g_return_val_if_fail (ex != NULL && field != NULL, FALSE);

  switch (member_for (ex, field, flags, &node))
    {
    case MEMBER_FAILED:
      return FALSE;
    case MEMBER_ABSENT:
    case MEMBER_NULL:
      if (out != NULL)
        *out = NULL;
      return TRUE;
    case MEMBER_PRESENT:
    default:
      break;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (ex, field, "“%s” must be an array of strings.", field);

  array = json_node_get_array (node);
  length = json_array_get_length (array);
  if (length < min_items || length > max_items)
    {
      if (length == 0)
        return invalid (ex, field, "“%s” needs at least %u item%s.", field, min_items, min_items == 1 ? "" : "s");
      return invalid (ex, field, "“%s” must have %u to %u items; it has %u.", field, min_items, max_items, length);
    }

  items = g_ptr_array_new_null_terminated (length, g_free, TRUE);
  for (guint i = 0; i < length; i++)
    {
      const char *value = string_of (json_array_get_element (array, i));
      char *item;

      if (value == NULL)
        return invalid (ex, field, "Every item of “%s” must be a string.", field);

      if (allowed != NULL)
        {
          g_autofree char *shown = NULL;

          if (g_strv_contains (allowed, value))
            item = g_strdup (value);
          else
            {
              g_autofree char *list = g_strjoinv ("”, “", (char **) allowed);

              shown = g_utf8_make_valid (value, MIN (strlen (value), 64));
              return invalid (ex, field, "“%s” is not allowed in “%s”; the choices are “%s”.",
                              shown, field, list);
            }
        }
      else if ((item = check_string (ex, field, value, AIVO_SANDBOX_FIELD_OPTIONAL, 1, max_chars)) == NULL)
        return FALSE;

      for (guint j = 0; j < items->len; j++)
        if (g_str_equal (g_ptr_array_index (items, j), item))
          {
            g_autofree char *shown = g_utf8_make_valid (item, MIN (strlen (item), 64));

            g_free (item);
            return invalid (ex, field, "“%s” is listed twice in “%s”.", shown, field);
          }

      g_ptr_array_add (items, item);
    }

  if (out != NULL)
    {
      /* An empty array may have no storage yet: [] must not read as absent. */
      *out = (GStrv) g_ptr_array_steal (items, NULL);
      if (*out == NULL)
        *out = g_new0 (char *, 1);
    }

  return TRUE;
}

/* Reads a present string value for the format checks below. */
static const char *
format_string (AivoSandboxExchange   *ex,
               const char            *field,
               AivoSandboxFieldFlags  flags,
               gboolean              *done)
{
  JsonNode *node;
  const char *value;

  *done = FALSE;

  switch (member_for (ex, field, flags, &node))
    {
    case MEMBER_FAILED:
      *done = TRUE;
      return NULL;
    case MEMBER_ABSENT:
    case MEMBER_NULL:
      return NULL;
    case MEMBER_PRESENT:
    default:
      break;
    }

  value = string_of (node);
  if (value == NULL)
    {
      invalid (ex, field, "“%s” must be a string.", field);
      *done = TRUE;
    }

  return value;
}

/* E.164: "+" then 8 to 15 digits. */
gboolean
aivo_sandbox_text_is_phone (const char *text)
{
  gsize digits = 0;

  if (text == NULL || text[0] != '+')
    return FALSE;

  for (const char *p = text + 1; *p != '\0'; p++, digits++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return digits >= 8 && digits <= 15;
}

/* One "@" with text on both sides, at most 254 bytes, no spaces or controls. */
gboolean
aivo_sandbox_text_is_email (const char *text)
{
  const char *at;

  if (text == NULL || strlen (text) > MAX_EMAIL_LENGTH || aivo_text_has_control_chars (text, FALSE))
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  at = strchr (text, '@');
  return at != NULL && at != text && at[1] != '\0' && strchr (at + 1, '@') == NULL;
}

/* An absolute http or https URL with a host. */
gboolean
aivo_sandbox_text_is_url (const char *text)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (text == NULL || aivo_text_has_control_chars (text, FALSE) || strpbrk (text, " \\") != NULL)
    return FALSE;

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         host != NULL && host[0] != '\0';
}

static gboolean
validate_format (AivoSandboxExchange    *ex,
                 const char             *field,
                 AivoSandboxFieldFlags   flags,
                 gboolean              (*check) (const char *),
                 const char             *description,
                 char                  **out)
{
  gboolean done;
  const char *value = format_string (ex, field, flags, &done);

  if (done)
    return FALSE;

  if (value != NULL && !check (value))
    return invalid (ex, field, "“%s” must be %s.", field, description);

  if (out != NULL)
    *out = g_strdup (value);

  return TRUE;
}

/* A phone number in E.164 form, e.g. "+15550100000". */
gboolean
aivo_sandbox_validate_phone (AivoSandboxExchange    *ex,
                             const char             *field,
                             AivoSandboxFieldFlags   flags,
                             char                  **out)
{
  g_return_val_if_fail (ex != NULL && field != NULL, FALSE);

  return validate_format (ex, field, flags, aivo_sandbox_text_is_phone,
                          "a phone number in E.164 form: “+” and 8 to 15 digits, e.g. “+15550100000”", out);
}

gboolean
aivo_sandbox_validate_email (AivoSandboxExchange    *ex,
                             const char             *field,
                             AivoSandboxFieldFlags   flags,
                             char                  **out)
{
  g_return_val_if_fail (ex != NULL && field != NULL, FALSE);

  return validate_format (ex, field, flags, aivo_sandbox_text_is_email,
                          "an email address such as “name@example.com” (at most 254 characters)", out);
}

/* An RFC 3339 time; @out gets Unix seconds, 0 when null, untouched when absent. */
gboolean
aivo_sandbox_validate_time (AivoSandboxExchange    *ex,
                            const char             *field,
                            AivoSandboxFieldFlags   flags,
                            gint64                 *out)
{
  gboolean done;
  const char *value;
  gint64 seconds = 0;

  g_return_val_if_fail (ex != NULL && field != NULL, FALSE);

  value = format_string (ex, field, flags, &done);
  if (done)
    return FALSE;

  if (value == NULL)
    {
      if (out != NULL && aivo_sandbox_body_has (ex, field))
        *out = 0;
      return TRUE;
    }

  if (!aivo_sandbox_time_parse (value, &seconds))
    return invalid (ex, field, "“%s” must be an RFC 3339 time such as “2026-11-26T10:00:00Z”.", field);

  if (seconds < MIN_TIME || seconds > MAX_TIME)
    return invalid (ex, field, "“%s” must be after 1970-01-01T00:00:00Z and before the year 10000.", field);

  if (out != NULL)
    *out = seconds;

  return TRUE;
}

/* An absolute http or https URL of at most @max_length bytes. */
gboolean
aivo_sandbox_validate_url (AivoSandboxExchange    *ex,
                           const char             *field,
                           AivoSandboxFieldFlags   flags,
                           guint                   max_length,
                           char                  **out)
{
  gboolean done;
  const char *value;

  g_return_val_if_fail (ex != NULL && field != NULL, FALSE);

  value = format_string (ex, field, flags, &done);
  if (done)
    return FALSE;

  if (value != NULL && strlen (value) > max_length)
    return invalid (ex, field, "“%s” may be at most %u characters long.", field, max_length);

  if (value != NULL && !aivo_sandbox_text_is_url (value))
    return invalid (ex, field, "“%s” must be an absolute http or https URL, e.g. “https://example.com/hook”.", field);

  if (out != NULL)
    *out = g_strdup (value);

  return TRUE;
}

/**
 * aivo_sandbox_text_is_language:
 *
 * A BCP 47 language tag in its common shape: a primary language subtag of
 * 2 to 8 letters, then subtags of 1 to 8 letters or digits, separated by
 * “-” (e.g. “en”, “en-US”, “zh-Hant-TW”, “sr-Latn-RS”); 2 to 35 characters.
 * The registry itself is not consulted.
 */
gboolean
aivo_sandbox_text_is_language (const char *text)
{
  gsize length;
  gsize subtag = 0;
  gboolean primary = TRUE;

  if (text == NULL)
    return FALSE;

  length = strlen (text);
  if (length < MIN_LANGUAGE_LENGTH || length > MAX_LANGUAGE_LENGTH)
    return FALSE;

  for (const char *p = text; ; p++)
    {
      if (*p == '-' || *p == '\0')
        {
          if (subtag == 0 || subtag > 8 || (primary && subtag < 2))
            return FALSE;
          if (*p == '\0')
            return TRUE;
          primary = FALSE;
          subtag = 0;
        }
      else if (g_ascii_isalpha (*p) || (!primary && g_ascii_isdigit (*p)))
        subtag++;
      else
        return FALSE;
    }
}

/* A language tag such as “en-US”, see aivo_sandbox_text_is_language(). */
gboolean
aivo_sandbox_validate_language (AivoSandboxExchange    *ex,
                                const char             *field,
                                AivoSandboxFieldFlags   flags,
                                char                  **out)
{
  g_return_val_if_fail (ex != NULL && field != NULL, FALSE);

  return validate_format (ex, field, flags, aivo_sandbox_text_is_language,
                          "a BCP 47 language tag of 2 to 35 characters, such as “en-US” or “fr”", out);
}

/**
 * aivo_sandbox_text_parse_date:
 * @day: (out) (optional): the day, counted from 1970-01-01 (day 0)
 *
 * Reads a calendar date written exactly as YYYY-MM-DD (years 0001 to 9999),
 * as query parameters carry them.
 */
gboolean
aivo_sandbox_text_parse_date (const char *text,
                              gint64     *day)
{
  GDate date;
  GDate epoch;
  guint year, month, days;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  month = (text[5] - '0') * 10 + (text[6] - '0');
  days = (text[8] - '0') * 10 + (text[9] - '0');

  /* g_date_valid_dmy() takes GDateYear, a guint16: the range is checked first. */
  if (year < 1 || month < 1 || month > 12 || days < 1 || days > 31 ||
      !g_date_valid_dmy ((GDateDay) days, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  if (day != NULL)
    {
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, (GDateDay) days, (GDateMonth) month, (GDateYear) year);
      g_date_clear (&epoch, 1);
      g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
      *day = (gint64) g_date_get_julian (&date) - (gint64) g_date_get_julian (&epoch);
    }

  return TRUE;
}
