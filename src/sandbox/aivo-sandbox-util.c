/* aivo-sandbox-util.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-util"

#include "config.h"

#include <string.h>

#include "aivo-sandbox-util.h"
#include "aivo-secure-memory.h"

#define ID_LENGTH 8

static const char base62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

gint64
aivo_sandbox_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* RFC 3339 in UTC with "Z" and whole seconds, the only form the API writes. */
char *
aivo_sandbox_time_format (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  g_return_val_if_fail (time != NULL, NULL);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
take_digits (const char **p,
             guint        count,
             int         *value)
{
  *value = 0;
  for (guint i = 0; i < count; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      *value = *value * 10 + ((*p)[i] - '0');
    }
  *p += count;
  return TRUE;
}

static gboolean
take_char (const char **p,
           const char  *allowed)
{
  if (**p == '\0' || strchr (allowed, **p) == NULL)
    return FALSE;
  (*p)++;
  return TRUE;
}

/**
 * aivo_sandbox_time_parse:
 *
 * Accepts exactly RFC 3339's date-time (an offset is required; fractions of a
 * second are allowed and dropped), nothing ISO 8601 adds.
 */
gboolean
aivo_sandbox_time_parse (const char *text,
                         gint64     *unix_seconds)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) time = NULL;
  const char *p = text;
  int year, month, day, hour, minute, second;
  int offset = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!take_digits (&p, 4, &year) || !take_char (&p, "-") ||
      !take_digits (&p, 2, &month) || !take_char (&p, "-") ||
      !take_digits (&p, 2, &day) || !take_char (&p, "Tt") ||
      !take_digits (&p, 2, &hour) || !take_char (&p, ":") ||
      !take_digits (&p, 2, &minute) || !take_char (&p, ":") ||
      !take_digits (&p, 2, &second))
    return FALSE;

  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  if (take_char (&p, "Zz"))
    offset = 0;
  else
    {
      int sign = *p == '-' ? -1 : 1;
      int offset_hours, offset_minutes;

      if (!take_char (&p, "+-") ||
          !take_digits (&p, 2, &offset_hours) || !take_char (&p, ":") ||
          !take_digits (&p, 2, &offset_minutes) ||
          offset_hours > 23 || offset_minutes > 59)
        return FALSE;
      offset = sign * (offset_hours * 3600 + offset_minutes * 60);
    }

  if (*p != '\0' || year == 0 || hour > 23 || minute > 59 || second > 59)
    return FALSE;

  zone = g_time_zone_new_offset (offset);
  /* GDateTime rejects impossible dates such as February 30. */
  time = g_date_time_new (zone, year, month, day, hour, minute, second);
  if (time == NULL)
    return FALSE;

  if (unix_seconds != NULL)
    *unix_seconds = g_date_time_to_unix (time);

  return TRUE;
}

/**
 * aivo_sandbox_id_new:
 * @prefix: the type prefix, e.g. "con"
 *
 * Returns: a record id such as "con_7fQ2aB9x" (8 base62 characters)
 */
char *
aivo_sandbox_id_new (const char *prefix)
{
  guchar random[ID_LENGTH * 2];
  char id[ID_LENGTH + 1];
  guint filled = 0;

  g_return_val_if_fail (prefix != NULL, NULL);

  while (filled < ID_LENGTH)
    {
      /* Ids are public, so GLib's generator would do; the kernel's is as cheap. */
      if (!aivo_secure_random (random, sizeof random, NULL))
        for (guint i = 0; i < sizeof random; i++)
          random[i] = g_random_int_range (0, 248);

      for (guint i = 0; i < sizeof random && filled < ID_LENGTH; i++)
        if (random[i] < 248)
          id[filled++] = base62[random[i] % 62];
    }
  id[ID_LENGTH] = '\0';

  return g_strconcat (prefix, "_", id, NULL);
}

/* A string member, or null when @value is %NULL. */
void
aivo_sandbox_builder_add_string (JsonBuilder *builder,
                                 const char  *member,
                                 const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* A time member, or null when @unix_seconds is 0 or less. */
void
aivo_sandbox_builder_add_time (JsonBuilder *builder,
                               const char  *member,
                               gint64       unix_seconds)
{
  g_autofree char *text = unix_seconds > 0 ? aivo_sandbox_time_format (unix_seconds) : NULL;

  aivo_sandbox_builder_add_string (builder, member, text);
}

/* A member with the column's own type: text, integer, real or null. */
void
aivo_sandbox_builder_add_column (JsonBuilder  *builder,
                                 const char   *member,
                                 sqlite3_stmt *stmt,
                                 int           column)
{
  json_builder_set_member_name (builder, member);

  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, column));
      break;

    case SQLITE_FLOAT:
      json_builder_add_double_value (builder, sqlite3_column_double (stmt, column));
      break;

    case SQLITE_TEXT:
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, column));
      break;

    case SQLITE_NULL:
    default:
      json_builder_add_null_value (builder);
      break;
    }
}

/* Times are stored as Unix seconds and written as RFC 3339. */
void
aivo_sandbox_builder_add_column_time (JsonBuilder  *builder,
                                      const char   *member,
                                      sqlite3_stmt *stmt,
                                      int           column)
{
  gint64 value = sqlite3_column_type (stmt, column) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, column);

  aivo_sandbox_builder_add_time (builder, member, value);
}

/* Booleans are stored as 0 and 1. */
void
aivo_sandbox_builder_add_column_bool (JsonBuilder  *builder,
                                      const char   *member,
                                      sqlite3_stmt *stmt,
                                      int           column)
{
  json_builder_set_member_name (builder, member);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_boolean_value (builder, sqlite3_column_int (stmt, column) != 0);
}
