/* aivo-clock.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-clock"

#include "config.h"

#include "aivo-clock.h"

/* The one place the app asks what time it is, so rotation states and
 * reminders can be tested at any date: a clock is the real time plus an
 * offset. The default clock starts at $AIVO_CLOCK_NOW (RFC 3339) when set —
 * a testing aid — and then runs at the normal pace. */
struct _AivoClock
{
  GObject   parent_instance;

  GTimeSpan offset;
};

G_DEFINE_FINAL_TYPE (AivoClock, aivo_clock, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
aivo_clock_class_init (AivoClockClass *klass)
{
  /* Emitted when the clock is set or moved, not as time passes. */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
aivo_clock_init (AivoClock *self)
{
}

AivoClock *
aivo_clock_new (void)
{
  return g_object_new (AIVO_TYPE_CLOCK, NULL);
}

/* Returns: (transfer none): the process's clock */
AivoClock *
aivo_clock_get_default (void)
{
  static AivoClock *default_clock;

  if (g_once_init_enter (&default_clock))
    {
      AivoClock *clock = aivo_clock_new ();
      const char *start = g_getenv ("AIVO_CLOCK_NOW");

      if (start != NULL && *start != '\0')
        {
          g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (start, NULL);

          if (now != NULL)
            aivo_clock_set_now (clock, now);
          else
            g_warning ("AIVO_CLOCK_NOW is not an RFC 3339 time, ignoring it: %s", start);
        }

      g_once_init_leave (&default_clock, clock);
    }

  return default_clock;
}

/* Returns: (transfer full): the current time, in UTC */
GDateTime *
aivo_clock_now (AivoClock *self)
{
  g_autoptr(GDateTime) seconds = NULL;
  gint64 usec;

  g_return_val_if_fail (AIVO_IS_CLOCK (self), NULL);

  usec = g_get_real_time () + self->offset;
  seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_add (seconds, usec % G_USEC_PER_SEC);
}

gint64
aivo_clock_now_unix (AivoClock *self)
{
  g_return_val_if_fail (AIVO_IS_CLOCK (self), 0);

  return (g_get_real_time () + self->offset) / G_USEC_PER_SEC;
}

void
aivo_clock_set_now (AivoClock *self,
                    GDateTime *now)
{
  g_return_if_fail (AIVO_IS_CLOCK (self));
  g_return_if_fail (now != NULL);

  self->offset = g_date_time_to_unix (now) * G_USEC_PER_SEC + g_date_time_get_microsecond (now)
                 - g_get_real_time ();
  g_signal_emit (self, signals[CHANGED], 0);
}

void
aivo_clock_advance (AivoClock *self,
                    GTimeSpan  span)
{
  g_return_if_fail (AIVO_IS_CLOCK (self));

  self->offset += span;
  g_signal_emit (self, signals[CHANGED], 0);
}
