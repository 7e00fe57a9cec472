/* test-clock.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "aivo-clock.h"

static void
changed_cb (AivoClock *clock,
            guint     *count)
{
  (*count)++;
}

static void
test_real_time (void)
{
  g_autoptr(AivoClock) clock = aivo_clock_new ();
  g_autoptr(GDateTime) now = aivo_clock_now (clock);
  gint64 real = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpint (ABS (g_date_time_to_unix (now) - real), <=, 1);
  g_assert_cmpint (ABS (aivo_clock_now_unix (clock) - real), <=, 1);
  g_assert_cmpint (g_date_time_get_utc_offset (now), ==, 0);
}

static void
test_set_and_advance (void)
{
  g_autoptr(AivoClock) clock = aivo_clock_new ();
  g_autoptr(GDateTime) start = g_date_time_new_utc (2027, 3, 1, 9, 30, 0);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) later = NULL;
  guint n_changed = 0;

  g_signal_connect (clock, "changed", G_CALLBACK (changed_cb), &n_changed);

  aivo_clock_set_now (clock, start);
  now = aivo_clock_now (clock);
  g_assert_cmpint (ABS (g_date_time_difference (now, start)), <, G_USEC_PER_SEC);

  aivo_clock_advance (clock, 90 * G_TIME_SPAN_DAY);
  later = aivo_clock_now (clock);
  g_assert_cmpint (g_date_time_get_year (later), ==, 2027);
  g_assert_cmpint (g_date_time_get_month (later), ==, 5);
  g_assert_cmpint (g_date_time_get_day_of_month (later), ==, 30);
  g_assert_cmpuint (n_changed, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clock/real-time", test_real_time);
  g_test_add_func ("/clock/set-and-advance", test_set_and_advance);

  return g_test_run ();
}
