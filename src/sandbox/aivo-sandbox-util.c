/* aivo-sandbox-util.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-util"

#include "config.h"

#include <string.h>
#include <time.h>

#include "aivo-sandbox-util.h"
#include "aivo-secure-memory.h"

#define ID_LENGTH 8

static const char base62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

gint64
aivo_sandbox_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

#define TIME_TEXT_SIZE sizeof "2026-11-26T10:00:00Z"

/* @value in @count decimal digits, zero-padded. */
static void
put_digits (char *text,
            int   value,
            guint count)
{
  for (guint i = count; i > 0; i--)
    {
      text[i - 1] = '0' + value % 10;
      value /= 10;
    }
}

/* Without GDateTime, which allocates and costs a tenth of a list answer. */
static gboolean
format_time (gint64  unix_seconds,
             char    text[TIME_TEXT_SIZE])
{
  time_t seconds = (time_t) unix_seconds;
  struct tm fields;

  if ((gint64) seconds != unix_seconds || gmtime_r (&seconds, &fields) == NULL ||
      fields.tm_year + 1900 < 1 || fields.tm_year + 1900 > 9999)
    return FALSE;

  /* Not printf, which was most of the cost of a list answer's times. */
  put_digits (text, fields.tm_year + 1900, 4);
  text[4] = '-';
  put_digits (text + 5, fields.tm_mon + 1, 2);
  text[7] = '-';
  put_digits (text + 8, fields.tm_mday, 2);
  text[10] = 'T';
  put_digits (text + 11, fields.tm_hour, 2);
  text[13] = ':';
  put_digits (text + 14, fields.tm_min, 2);
  text[16] = ':';
  put_digits (text + 17, fields.tm_sec, 2);
  text[19] = 'Z';
  text[20] = '\0';
  return TRUE;
}

/* RFC 3339 in UTC with "Z" and whole seconds, the only form the API writes. */
char *
aivo_sandbox_time_format (gint64 unix_seconds)
{
  char text[TIME_TEXT_SIZE];

  g_return_val_if_fail (format_time (unix_seconds, text), NULL);

  return g_strdup (text);
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
aivo_sandbox_writer_add_string (AivoSandboxJsonWriter *writer,
                                const char            *member,
                                const char            *value)
{
  aivo_sandbox_json_writer_set_member_name (writer, member);
  if (value != NULL)
    aivo_sandbox_json_writer_add_string_value (writer, value);
  else
    aivo_sandbox_json_writer_add_null_value (writer);
}

/* A time member, or null when @unix_seconds is 0 or less. */
void
aivo_sandbox_writer_add_time (AivoSandboxJsonWriter *writer,
                              const char            *member,
                              gint64                 unix_seconds)
{
  char text[TIME_TEXT_SIZE];

  aivo_sandbox_writer_add_string (writer, member,
                                  unix_seconds > 0 && format_time (unix_seconds, text) ? text : NULL);
}

/* A member with the column's own type: text, integer, real or null. */
void
aivo_sandbox_writer_add_column (AivoSandboxJsonWriter *writer,
                                const char            *member,
                                sqlite3_stmt          *stmt,
                                int                    column)
{
  aivo_sandbox_json_writer_set_member_name (writer, member);

  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      aivo_sandbox_json_writer_add_int_value (writer, sqlite3_column_int64 (stmt, column));
      break;

    case SQLITE_FLOAT:
      aivo_sandbox_json_writer_add_double_value (writer, sqlite3_column_double (stmt, column));
      break;

    case SQLITE_TEXT:
      aivo_sandbox_json_writer_add_string_value (writer, (const char *) sqlite3_column_text (stmt, column));
      break;

    case SQLITE_NULL:
    default:
      aivo_sandbox_json_writer_add_null_value (writer);
      break;
    }
}

/* Times are stored as Unix seconds and written as RFC 3339. */
void
aivo_sandbox_writer_add_column_time (AivoSandboxJsonWriter *writer,
                                     const char            *member,
                                     sqlite3_stmt          *stmt,
                                     int                    column)
{
  gint64 value = sqlite3_column_type (stmt, column) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, column);

  aivo_sandbox_writer_add_time (writer, member, value);
}

/* Booleans are stored as 0 and 1. */
void
aivo_sandbox_writer_add_column_bool (AivoSandboxJsonWriter *writer,
                                     const char            *member,
                                     sqlite3_stmt          *stmt,
                                     int                    column)
{
  aivo_sandbox_json_writer_set_member_name (writer, member);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    aivo_sandbox_json_writer_add_null_value (writer);
  else
    aivo_sandbox_json_writer_add_boolean_value (writer, sqlite3_column_int (stmt, column) != 0);
}
