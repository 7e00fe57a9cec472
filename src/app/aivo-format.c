/* aivo-format.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-format"

#include "config.h"

#include <glib/gi18n.h>

#include "aivo-format.h"

/**
 * aivo_format_relative_time:
 * @when: the moment to describe
 * @now: the current time, passed in so tests control the clock
 *
 * Returns: "just now", "5 minutes ago", "yesterday", "12 days ago", or a
 * date for anything older than a month.
 */
char *
aivo_format_relative_time (GDateTime *when,
                           GDateTime *now)
{
  GTimeSpan span;
  gint64 minutes, hours, days;

  g_return_val_if_fail (when != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  span = g_date_time_difference (now, when);
  if (span < 0)
    span = 0;  /* clock skew between us and the server */

  minutes = span / G_TIME_SPAN_MINUTE;
  hours = span / G_TIME_SPAN_HOUR;
  days = span / G_TIME_SPAN_DAY;

  if (minutes < 1)
    return g_strdup (_("just now"));
  if (hours < 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", minutes),
                            (int) minutes);
  if (days < 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", hours),
                            (int) hours);
  if (days == 1)
    return g_strdup (_("yesterday"));
  if (days < 31)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days),
                            (int) days);

  /* Translators: a date, see g_date_time_format() */
  return g_date_time_format (when, _("%-d %b %Y"));
}
