/* aivo-icalendar.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-icalendar"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aivo-icalendar.h"

/*
 * Key rotation dates as an iCalendar (RFC 5545) file, for people who live in
 * their calendar: one all-day event per key on its due date, with an alarm a
 * week before. Never a secret: a key is named by its name and its hint.
 *
 * A key in its grace period (expires_at set) is on its way out after a
 * rotation and gets no event. A key flagged because a team member left is
 * due today.
 */

#define UID_DOMAIN "aivo-studio"

/* RFC 5545, 3.3.11: backslash, semicolon, comma and newlines are escaped in
 * TEXT values. Other control characters have no place in a content line
 * (3.1) and become spaces; a CR LF pair is one newline. */
char *
aivo_icalendar_escape_text (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid) + 8);

  for (const char *p = valid; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\':
          g_string_append (out, "\\\\");
          break;

        case ';':
          g_string_append (out, "\\;");
          break;

        case ',':
          g_string_append (out, "\\,");
          break;

        case '\r':
          if (p[1] == '\n')
            p++;
          g_string_append (out, "\\n");
          break;

        case '\n':
          g_string_append (out, "\\n");
          break;

        case '\t':
          g_string_append_c (out, '\t');
          break;

        default:
          if ((guchar) *p < 0x20 || *p == 0x7f)
            g_string_append_c (out, ' ');
          else
            g_string_append_c (out, *p);
        }
    }

  return g_string_free (out, FALSE);
}

/* Is @p in the middle of a UTF-8 sequence? */
static gboolean
is_continuation_byte (const char *p)
{
  return ((guchar) *p & 0xc0) == 0x80;
}

/**
 * aivo_icalendar_append_line:
 * @line: one content line, UTF-8, without its line break
 *
 * Appends @line to @out, folded (RFC 5545, 3.1) so that no physical line is
 * longer than 75 octets, the leading space of a continuation included, and
 * never inside a UTF-8 sequence; every physical line ends with CR LF.
 */
void
aivo_icalendar_append_line (GString    *out,
                            const char *line)
{
  gsize length;
  gsize pos = 0;
  gsize room = AIVO_ICALENDAR_MAX_LINE_OCTETS;

  g_return_if_fail (out != NULL);
  g_return_if_fail (line != NULL);

  length = strlen (line);

  while (length - pos > room)
    {
      gsize cut = pos + room;

      /* A UTF-8 sequence is at most 4 octets, so this stays past pos. */
      while (cut > pos + 1 && is_continuation_byte (line + cut))
        cut--;

      g_string_append_len (out, line + pos, cut - pos);
      g_string_append (out, "\r\n ");
      pos = cut;
      room = AIVO_ICALENDAR_MAX_LINE_OCTETS - 1;
    }

  g_string_append (out, line + pos);
  g_string_append (out, "\r\n");
}

static void
append_property (GString    *out,
                 const char *name,
                 const char *value)
{
  g_autofree char *line = g_strconcat (name, ":", value, NULL);

  aivo_icalendar_append_line (out, line);
}

static void
append_text_property (GString    *out,
                      const char *name,
                      const char *text)
{
  g_autofree char *escaped = aivo_icalendar_escape_text (text);

  append_property (out, name, escaped);
}

static char *
format_date (GDateTime *when)
{
  return g_date_time_format (when, "%Y%m%d");
}

static char *
dup_description (AivoKey            *key,
                 AivoRotationPolicy *policy,
                 const char         *connection_title)
{
  AivoEnvironment environment = aivo_key_get_environment (key);
  g_autoptr(GDateTime) created_local = g_date_time_to_local (aivo_key_get_created_at (key));
  g_autofree char *created = g_date_time_format (created_local, "%Y-%m-%d");
  g_autofree char *why = NULL;
  g_autofree char *where = NULL;
  guint days = aivo_rotation_policy_get_interval_days (policy, environment);

  if (aivo_key_get_rotation_required (key))
    why = g_strdup (_("A team member who had access to this key left the team: rotate it now, "
                      "they may still have a copy."));
  else
    /* Translators: "Production keys are rotated every 90 days. This key was created on 2026-11-26." */
    why = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%s keys are rotated every %u day. This key was created on %s.",
                                        "%s keys are rotated every %u days. This key was created on %s.",
                                        days),
                           aivo_environment_get_title (environment), days, created);

  if (connection_title != NULL && *connection_title != '\0')
    /* Translators: the key's hint (never its secret), then the server */
    where = g_strdup_printf (_("Key: %s on %s"), aivo_key_get_hint (key), connection_title);
  else
    where = g_strdup_printf (_("Key: %s"), aivo_key_get_hint (key));

  return g_strjoin ("\n\n",
                    why,
                    where,
                    _("To rotate it, open AIVO Studio and rotate the key: create a new key with the same "
                      "scopes, update the integration to use it, check that it works, then delete the old key."),
                    NULL);
}

static void
append_event (GString            *out,
              AivoKey            *key,
              AivoRotationPolicy *policy,
              const char         *connection_title,
              const char         *stamp,
              GDateTime          *now)
{
  g_autoptr(GDateTime) due = NULL;
  g_autoptr(GDateTime) due_local = NULL;
  g_autoptr(GDateTime) day_after = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *description = NULL;
  g_autofree char *alarm = NULL;

  if (aivo_key_get_rotation_required (key))
    due = g_date_time_ref (now);
  else
    due = aivo_rotation_policy_get_due_date (policy, aivo_key_get_environment (key), aivo_key_get_created_at (key));

  /* Past the year 9999: no calendar can hold it. */
  if (due == NULL)
    return;

  /* A date is what a calendar shows on the user's own days. */
  due_local = g_date_time_to_local (due);
  day_after = g_date_time_add_days (due_local, 1);
  start = format_date (due_local);
  end = day_after != NULL ? format_date (day_after) : NULL;

  uid = g_strdup_printf ("%s-%s@" UID_DOMAIN, aivo_key_get_id (key), start);
  /* Translators: "Rotate API key “CRM Integration” (production)" */
  summary = g_strdup_printf (_("Rotate API key “%s” (%s)"),
                             aivo_key_get_name (key),
                             aivo_environment_to_string (aivo_key_get_environment (key)));
  description = dup_description (key, policy, connection_title);
  alarm = g_strdup_printf (_("API key “%s” is due for rotation in 7 days"), aivo_key_get_name (key));

  aivo_icalendar_append_line (out, "BEGIN:VEVENT");
  append_text_property (out, "UID", uid);
  append_property (out, "DTSTAMP", stamp);
  append_property (out, "DTSTART;VALUE=DATE", start);
  if (end != NULL)
    append_property (out, "DTEND;VALUE=DATE", end);
  append_text_property (out, "SUMMARY", summary);
  append_text_property (out, "DESCRIPTION", description);
  append_property (out, "TRANSP", "TRANSPARENT");
  append_text_property (out, "CATEGORIES", "AIVO Studio");

  /* Only a due date in the future is worth an alarm before it. */
  if (!aivo_key_get_rotation_required (key) && g_date_time_compare (due, now) > 0)
    {
      aivo_icalendar_append_line (out, "BEGIN:VALARM");
      append_property (out, "ACTION", "DISPLAY");
      append_property (out, "TRIGGER", "-P7D");
      append_text_property (out, "DESCRIPTION", alarm);
      aivo_icalendar_append_line (out, "END:VALARM");
    }

  aivo_icalendar_append_line (out, "END:VEVENT");
}

/**
 * aivo_icalendar_for_keys:
 * @keys: (element-type AivoKey): the keys of one connection
 * @policy: the rotation intervals
 * @connection_title: (nullable): the server the keys live on, for the
 *   descriptions and the calendar's name
 * @now: the current time, for DTSTAMP and the due date of flagged keys
 *
 * Returns: (transfer full): an iCalendar file, CR LF line endings, with one
 *   event per key except those in their grace period
 */
char *
aivo_icalendar_for_keys (GPtrArray          *keys,
                         AivoRotationPolicy *policy,
                         const char         *connection_title,
                         GDateTime          *now)
{
  g_autoptr(GDateTime) now_utc = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *calendar_name = NULL;
  GString *out;

  g_return_val_if_fail (keys != NULL, NULL);
  g_return_val_if_fail (AIVO_IS_ROTATION_POLICY (policy), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  for (guint i = 0; i < keys->len; i++)
    g_return_val_if_fail (AIVO_IS_KEY (g_ptr_array_index (keys, i)), NULL);

  now_utc = g_date_time_to_utc (now);
  stamp = g_date_time_format (now_utc, "%Y%m%dT%H%M%SZ");

  if (connection_title != NULL && *connection_title != '\0')
    /* Translators: the name of the exported calendar, with the server's */
    calendar_name = g_strdup_printf (_("AIVO key rotation (%s)"), connection_title);
  else
    calendar_name = g_strdup (_("AIVO key rotation"));

  out = g_string_new (NULL);
  aivo_icalendar_append_line (out, "BEGIN:VCALENDAR");
  append_property (out, "VERSION", "2.0");
  append_property (out, "PRODID", "-//AIVO Studio//Key Rotation Reminders " PACKAGE_VERSION "//EN");
  append_property (out, "CALSCALE", "GREGORIAN");
  append_property (out, "METHOD", "PUBLISH");
  append_text_property (out, "X-WR-CALNAME", calendar_name);

  for (guint i = 0; i < keys->len; i++)
    {
      AivoKey *key = g_ptr_array_index (keys, i);

      if (aivo_key_get_expires_at (key) != NULL)
        continue;

      append_event (out, key, policy, connection_title, stamp, now);
    }

  aivo_icalendar_append_line (out, "END:VCALENDAR");

  return g_string_free (out, FALSE);
}
