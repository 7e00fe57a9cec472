/* test-rotation-policy.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "aivo-rotation-policy.h"

/* Every time below is a span from the key's creation. */
#define DAYS(n)  ((GTimeSpan) (n) * G_TIME_SPAN_DAY)
#define HOURS(n) ((GTimeSpan) (n) * G_TIME_SPAN_HOUR)
#define NEVER    G_MININT64

#define PROD AIVO_ENVIRONMENT_PRODUCTION
#define DEV  AIVO_ENVIRONMENT_DEVELOPMENT
#define TEST AIVO_ENVIRONMENT_TESTING

#define OK        AIVO_ROTATION_STATE_OK
#define SOON      AIVO_ROTATION_STATE_DUE_SOON
#define VERY_SOON AIVO_ROTATION_STATE_DUE_VERY_SOON
#define OVERDUE   AIVO_ROTATION_STATE_OVERDUE
#define REQUIRED  AIVO_ROTATION_STATE_REQUIRED_NOW

#define LEFT_MEMBER "Rotate now: a team member with access left"

static GDateTime *
created_at (void)
{
  return g_date_time_new_utc (2026, 1, 15, 9, 30, 0);
}

static GDateTime *
at (GTimeSpan offset)
{
  g_autoptr(GDateTime) created = created_at ();

  return g_date_time_add (created, offset);
}

/* 0 keeps the default. */
static AivoRotationPolicy *
policy_new (guint production_days,
            guint development_days)
{
  AivoRotationPolicy *policy = aivo_rotation_policy_new ();

  if (production_days != 0)
    aivo_rotation_policy_set_production_days (policy, production_days);
  if (development_days != 0)
    aivo_rotation_policy_set_development_days (policy, development_days);

  return policy;
}

typedef struct
{
  AivoEnvironment    environment;
  guint              production_days;
  guint              development_days;
  GTimeSpan          now;
  gboolean           required;
  AivoRotationState  state;
  int                days_left;
  const char        *description;
} StateCase;

static const StateCase state_cases[] = {
  /* Production: 90 days. */
  { PROD, 0,  0,  0,                       FALSE, OK,        90,    "Rotation due in 90 days" },
  { PROD, 0,  0,  DAYS (31),               FALSE, OK,        59,    "Rotation due in 59 days" },
  { PROD, 0,  0,  DAYS (76) - HOURS (1),   FALSE, OK,        14,    "Rotation due in 14 days" },
  { PROD, 0,  0,  DAYS (76),               FALSE, SOON,      14,    "Rotation due in 14 days" },
  { PROD, 0,  0,  DAYS (76) + HOURS (1),   FALSE, SOON,      13,    "Rotation due in 13 days" },
  { PROD, 0,  0,  DAYS (83) - 1,           FALSE, SOON,      7,     "Rotation due in 7 days" },
  { PROD, 0,  0,  DAYS (83),               FALSE, VERY_SOON, 7,     "Rotation due in 7 days" },
  { PROD, 0,  0,  DAYS (84),               FALSE, VERY_SOON, 6,     "Rotation due in 6 days" },
  { PROD, 0,  0,  DAYS (88),               FALSE, VERY_SOON, 2,     "Rotation due in 2 days" },
  { PROD, 0,  0,  DAYS (88) + HOURS (1),   FALSE, VERY_SOON, 1,     "Rotation due tomorrow" },
  { PROD, 0,  0,  DAYS (89),               FALSE, VERY_SOON, 1,     "Rotation due tomorrow" },
  { PROD, 0,  0,  DAYS (89) + 1,           FALSE, VERY_SOON, 0,     "Rotation due today" },
  { PROD, 0,  0,  DAYS (90),               FALSE, VERY_SOON, 0,     "Rotation due today" },
  { PROD, 0,  0,  DAYS (90) + 1,           FALSE, OVERDUE,   0,     "Overdue by less than a day" },
  { PROD, 0,  0,  DAYS (91) - 1,           FALSE, OVERDUE,   0,     "Overdue by less than a day" },
  { PROD, 0,  0,  DAYS (91),               FALSE, OVERDUE,   -1,    "Overdue by 1 day" },
  { PROD, 0,  0,  DAYS (93),               FALSE, OVERDUE,   -3,    "Overdue by 3 days" },
  { PROD, 0,  0,  DAYS (100),              FALSE, OVERDUE,   -10,   "Overdue by 10 days" },
  { PROD, 0,  0,  DAYS (100) + HOURS (23), FALSE, OVERDUE,   -10,   "Overdue by 10 days" },
  { PROD, 0,  0,  DAYS (3650),             FALSE, OVERDUE,   -3560, "Overdue by 3560 days" },

  /* Development and testing: 30 days. */
  { DEV,  0,  0,  0,                       FALSE, OK,        30,    "Rotation due in 30 days" },
  { DEV,  0,  0,  DAYS (16) - 1,           FALSE, OK,        14,    "Rotation due in 14 days" },
  { DEV,  0,  0,  DAYS (16),               FALSE, SOON,      14,    "Rotation due in 14 days" },
  { DEV,  0,  0,  DAYS (25),               FALSE, VERY_SOON, 5,     "Rotation due in 5 days" },
  { DEV,  0,  0,  DAYS (29),               FALSE, VERY_SOON, 1,     "Rotation due tomorrow" },
  { DEV,  0,  0,  DAYS (30),               FALSE, VERY_SOON, 0,     "Rotation due today" },
  { DEV,  0,  0,  DAYS (31),               FALSE, OVERDUE,   -1,    "Overdue by 1 day" },
  { TEST, 0,  0,  DAYS (25),               FALSE, VERY_SOON, 5,     "Rotation due in 5 days" },
  { TEST, 0,  0,  DAYS (29),               FALSE, VERY_SOON, 1,     "Rotation due tomorrow" },
  { TEST, 0,  0,  DAYS (31),               FALSE, OVERDUE,   -1,    "Overdue by 1 day" },
  { TEST, 0,  0,  DAYS (60),               FALSE, OVERDUE,   -30,   "Overdue by 30 days" },

  /* A member who had access left: beats every other state. */
  { PROD, 0,  0,  0,                       TRUE,  REQUIRED,  90,    LEFT_MEMBER },
  { PROD, 0,  0,  DAYS (100),              TRUE,  REQUIRED,  -10,   LEFT_MEMBER },
  { DEV,  0,  0,  DAYS (25),               TRUE,  REQUIRED,  5,     LEFT_MEMBER },
  { TEST, 0,  0,  DAYS (31),               TRUE,  REQUIRED,  -1,    LEFT_MEMBER },

  /* The server's clock ahead of ours: the key counts as created now. */
  { PROD, 0,  0,  -DAYS (2),               FALSE, OK,        90,    "Rotation due in 90 days" },
  { DEV,  0,  0,  -HOURS (5),              FALSE, OK,        30,    "Rotation due in 30 days" },

  /* Custom intervals. */
  { PROD, 60, 0,  DAYS (45),               FALSE, OK,        15,    "Rotation due in 15 days" },
  { PROD, 60, 0,  DAYS (46),               FALSE, SOON,      14,    "Rotation due in 14 days" },
  { PROD, 60, 0,  DAYS (60),               FALSE, VERY_SOON, 0,     "Rotation due today" },
  { PROD, 60, 0,  DAYS (62),               FALSE, OVERDUE,   -2,    "Overdue by 2 days" },
  { DEV,  60, 0,  DAYS (31),               FALSE, OVERDUE,   -1,    "Overdue by 1 day" },
  { PROD, 0,  10, DAYS (31),               FALSE, OK,        59,    "Rotation due in 59 days" },
  { DEV,  0,  10, 0,                       FALSE, SOON,      10,    "Rotation due in 10 days" },
  { TEST, 0,  10, DAYS (3),                FALSE, VERY_SOON, 7,     "Rotation due in 7 days" },
  { TEST, 0,  1,  0,                       FALSE, VERY_SOON, 1,     "Rotation due tomorrow" },
};

static void
test_state (void)
{
  g_autoptr(GDateTime) created = created_at ();

  for (guint i = 0; i < G_N_ELEMENTS (state_cases); i++)
    {
      const StateCase *c = &state_cases[i];
      g_autoptr(AivoRotationPolicy) policy = policy_new (c->production_days, c->development_days);
      g_autoptr(GDateTime) now = at (c->now);
      g_autofree char *description = NULL;

      g_test_message ("case %u: %s at %" G_GINT64_FORMAT " us", i,
                      aivo_environment_to_string (c->environment), c->now);

      g_assert_cmpint (aivo_rotation_policy_get_state (policy, c->environment, created,
                                                       c->required, now), ==, c->state);
      g_assert_cmpint (aivo_rotation_policy_get_days_left (policy, c->environment, created, now),
                       ==, c->days_left);
      description = aivo_rotation_policy_describe (policy, c->environment, created,
                                                   c->required, now);
      g_assert_cmpstr (description, ==, c->description);
    }
}

static void
test_due_date (void)
{
  g_autoptr(AivoRotationPolicy) policy = aivo_rotation_policy_new ();
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (5 * 3600 + 1800);
  g_autoptr(GDateTime) created = g_date_time_new (zone, 2026, 3, 20, 23, 15, 0);
  g_autoptr(GDateTime) production = NULL;
  g_autoptr(GDateTime) development = NULL;
  g_autoptr(GDateTime) testing = NULL;
  g_autoptr(GDateTime) custom = NULL;
  g_autoptr(GDateTime) far = g_date_time_new_utc (9999, 12, 1, 0, 0, 0);
  g_autoptr(GDateTime) unreachable = NULL;

  production = aivo_rotation_policy_get_due_date (policy, PROD, created);
  development = aivo_rotation_policy_get_due_date (policy, DEV, created);
  testing = aivo_rotation_policy_get_due_date (policy, TEST, created);

  g_assert_cmpint (g_date_time_difference (production, created), ==, DAYS (90));
  g_assert_cmpint (g_date_time_difference (development, created), ==, DAYS (30));
  g_assert_cmpint (g_date_time_difference (testing, created), ==, DAYS (30));

  /* In created_at's time zone: 2026-06-18 23:15 +05:30. */
  g_assert_cmpint (g_date_time_get_utc_offset (production),
                   ==, g_date_time_get_utc_offset (created));
  g_assert_cmpint (g_date_time_get_month (production), ==, 6);
  g_assert_cmpint (g_date_time_get_day_of_month (production), ==, 18);
  g_assert_cmpint (g_date_time_get_hour (production), ==, 23);

  aivo_rotation_policy_set_production_days (policy, 60);
  custom = aivo_rotation_policy_get_due_date (policy, PROD, created);
  g_assert_cmpint (g_date_time_difference (custom, created), ==, DAYS (60));

  /* Past the year 9999 there is no GDateTime: NULL, not a crash. */
  unreachable = aivo_rotation_policy_get_due_date (policy, PROD, far);
  g_assert_null (unreachable);
}

typedef struct
{
  AivoEnvironment environment;
  guint           production_days;
  gboolean        required;
  GTimeSpan       last_reminded;
  GTimeSpan       now;
  GTimeSpan       expected;
} ReminderCase;

static const ReminderCase reminder_cases[] = {
  /* Production: moments at 76, 83 and 90 days, then daily. */
  { PROD, 0, FALSE, NEVER,                  0,                       DAYS (76) },
  { PROD, 0, FALSE, NEVER,                  DAYS (50),               DAYS (76) },
  { PROD, 0, FALSE, NEVER,                  DAYS (76) - 1,           DAYS (76) },
  { PROD, 0, FALSE, NEVER,                  DAYS (76),               DAYS (76) },
  { PROD, 0, FALSE, DAYS (76),              DAYS (76),               DAYS (83) },
  { PROD, 0, FALSE, NEVER,                  DAYS (80),               DAYS (76) },
  { PROD, 0, FALSE, DAYS (76),              DAYS (80),               DAYS (83) },
  { PROD, 0, FALSE, DAYS (80),              DAYS (80),               DAYS (83) },
  { PROD, 0, FALSE, DAYS (76),              DAYS (85),               DAYS (83) },
  { PROD, 0, FALSE, DAYS (83),              DAYS (85),               DAYS (90) },
  { PROD, 0, FALSE, DAYS (84),              DAYS (85),               DAYS (90) },
  /* Closed over two moments: one reminder, for the latest. */
  { PROD, 0, FALSE, DAYS (70),              DAYS (89),               DAYS (83) },
  { PROD, 0, FALSE, DAYS (70),              DAYS (90),               DAYS (90) },
  /* Daily while overdue. */
  { PROD, 0, FALSE, DAYS (90),              DAYS (90) + HOURS (1),   DAYS (91) },
  { PROD, 0, FALSE, DAYS (90),              DAYS (91),               DAYS (91) },
  { PROD, 0, FALSE, DAYS (91),              DAYS (91) + HOURS (23),  DAYS (92) },
  { PROD, 0, FALSE, DAYS (91),              DAYS (95) + HOURS (12),  DAYS (95) },
  { PROD, 0, FALSE, DAYS (95) + HOURS (12), DAYS (95) + HOURS (12),  DAYS (96) },
  /* Discovered long overdue: one reminder now-ish, not 110 of them. */
  { PROD, 0, FALSE, NEVER,                  DAYS (200) + HOURS (5),  DAYS (200) },
  { PROD, 0, FALSE, DAYS (200) + HOURS (5), DAYS (200) + HOURS (6),  DAYS (201) },
  /* A last reminder "in the future" (our clock went back) counts as now. */
  { PROD, 0, FALSE, DAYS (89),              DAYS (85),               DAYS (90) },
  { PROD, 0, FALSE, DAYS (95),              DAYS (93),               DAYS (94) },

  /* Development and testing: 16, 23, 30 days, then daily. */
  { DEV,  0, FALSE, NEVER,                  0,                       DAYS (16) },
  { DEV,  0, FALSE, DAYS (16),              DAYS (24),               DAYS (23) },
  { DEV,  0, FALSE, DAYS (23),              DAYS (24),               DAYS (30) },
  { DEV,  0, FALSE, DAYS (30),              DAYS (31) + HOURS (1),   DAYS (31) },
  { TEST, 0, FALSE, NEVER,                  DAYS (3),                DAYS (16) },
  { TEST, 0, FALSE, NEVER,                  DAYS (45) + HOURS (2),   DAYS (45) },

  /* A member who had access left: now, then every 24 hours. */
  { PROD, 0, TRUE,  NEVER,                  DAYS (10),               DAYS (10) },
  { PROD, 0, TRUE,  NEVER,                  DAYS (10) + 7,           DAYS (10) + 7 },
  { PROD, 0, TRUE,  DAYS (10),              DAYS (10),               DAYS (11) },
  { PROD, 0, TRUE,  DAYS (10),              DAYS (10) + HOURS (5),   DAYS (11) },
  { PROD, 0, TRUE,  DAYS (10),              DAYS (11),               DAYS (11) },
  { PROD, 0, TRUE,  DAYS (10),              DAYS (13) + HOURS (5),   DAYS (13) },
  { DEV,  0, TRUE,  NEVER,                  DAYS (200),              DAYS (200) },
  { DEV,  0, TRUE,  DAYS (12),              DAYS (11),               DAYS (12) },
  { DEV,  0, TRUE,  DAYS (16) + HOURS (12), DAYS (11),               DAYS (12) },

  /* Created "in the future": the schedule starts now, 1 day before created. */
  { PROD, 0, FALSE, NEVER,                  -DAYS (1),               DAYS (75) },

  /* Custom intervals; moments before creation are dropped. */
  { PROD, 60, FALSE, NEVER,                 0,                       DAYS (46) },
  { PROD, 60, FALSE, DAYS (46),             DAYS (50),               DAYS (53) },
  { PROD, 60, FALSE, DAYS (53),             DAYS (60),               DAYS (60) },
  { PROD, 10, FALSE, NEVER,                 0,                       DAYS (3) },
  { PROD, 10, FALSE, NEVER,                 DAYS (1),                DAYS (3) },
  { PROD, 10, FALSE, DAYS (3),              DAYS (4),                DAYS (10) },
  { PROD, 14, FALSE, NEVER,                 0,                       DAYS (7) },
  { PROD, 5,  FALSE, NEVER,                 DAYS (1),                DAYS (5) },
};

static void
test_next_reminder (void)
{
  g_autoptr(GDateTime) created = created_at ();

  for (guint i = 0; i < G_N_ELEMENTS (reminder_cases); i++)
    {
      const ReminderCase *c = &reminder_cases[i];
      g_autoptr(AivoRotationPolicy) policy = policy_new (c->production_days, 0);
      g_autoptr(GDateTime) now = at (c->now);
      g_autoptr(GDateTime) last = c->last_reminded != NEVER ? at (c->last_reminded) : NULL;
      g_autoptr(GDateTime) reminder = NULL;

      g_test_message ("case %u", i);

      reminder = aivo_rotation_policy_get_next_reminder (policy, c->environment, created,
                                                         c->required, last, now);
      g_assert_nonnull (reminder);
      g_assert_cmpint (g_date_time_difference (reminder, created), ==, c->expected);
    }
}

/* The answer comes in now's time zone, whatever created_at's is. */
static void
test_next_reminder_time_zone (void)
{
  g_autoptr(AivoRotationPolicy) policy = aivo_rotation_policy_new ();
  g_autoptr(GDateTime) created = created_at ();
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (-7 * 3600);
  g_autoptr(GDateTime) now_utc = at (DAYS (3));
  g_autoptr(GDateTime) now = g_date_time_to_timezone (now_utc, zone);
  g_autoptr(GDateTime) reminder = NULL;

  reminder = aivo_rotation_policy_get_next_reminder (policy, PROD, created, FALSE, NULL, now);
  g_assert_cmpint (g_date_time_get_utc_offset (reminder), ==, -7 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (g_date_time_difference (reminder, created), ==, DAYS (76));
}

/* A reminder service that wakes at each returned moment, shows at most one
 * reminder per wake-up and remembers when it did. */
static GPtrArray *
simulate (AivoRotationPolicy *policy,
          AivoEnvironment     environment,
          GTimeSpan           check_every,
          GTimeSpan           until)
{
  g_autoptr(GDateTime) created = created_at ();
  g_autoptr(GDateTime) last = NULL;
  GPtrArray *shown = g_ptr_array_new ();
  GTimeSpan now_offset = 0;

  while (now_offset <= until)
    {
      g_autoptr(GDateTime) now = at (now_offset);
      g_autoptr(GDateTime) next = aivo_rotation_policy_get_next_reminder (policy, environment,
                                                                          created, FALSE,
                                                                          last, now);
      GTimeSpan next_offset = g_date_time_difference (next, created);

      if (next_offset <= now_offset)
        {
          g_ptr_array_add (shown, GINT_TO_POINTER ((int) (now_offset / G_TIME_SPAN_HOUR)));
          g_clear_pointer (&last, g_date_time_unref);
          last = g_date_time_ref (now);
          continue;
        }

      /* Wake at the moment asked for, or (asleep in between) at the next
       * periodic check only. */
      now_offset = check_every > 0 ? now_offset + check_every : next_offset;
    }

  return shown;
}

static void
test_reminder_sequence (void)
{
  g_autoptr(AivoRotationPolicy) policy = aivo_rotation_policy_new ();
  g_autoptr(GPtrArray) exact = NULL;
  g_autoptr(GPtrArray) polled = NULL;
  static const int expected_days[] = { 76, 83, 90, 91, 92, 93, 94, 95 };

  /* Woken exactly when asked: every moment once, in order. */
  exact = simulate (policy, PROD, 0, DAYS (95) + HOURS (1));
  g_assert_cmpuint (exact->len, ==, G_N_ELEMENTS (expected_days));
  for (guint i = 0; i < exact->len; i++)
    g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (exact, i)), ==, expected_days[i] * 24);

  /* A laptop that only wakes every 5 days 7 hours: the first reminder on
   * the first wake-up after day 76 (hour 15 × 127), never two on one
   * wake-up, and one on every wake-up while overdue, since each is more than
   * a day after the last. */
  polled = simulate (policy, PROD, DAYS (5) + HOURS (7), DAYS (120));
  g_assert_cmpuint (polled->len, >, 0);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (polled, 0)), ==, 15 * 127);
  for (guint i = 1; i < polled->len; i++)
    {
      int previous = GPOINTER_TO_INT (g_ptr_array_index (polled, i - 1));
      int current = GPOINTER_TO_INT (g_ptr_array_index (polled, i));

      g_assert_cmpint (current - previous, >=, 24);
    }
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (polled, polled->len - 1)), >, 115 * 24);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  GPtrArray *names = user_data;

  g_ptr_array_add (names, (gpointer) g_param_spec_get_name (pspec));
}

static void
test_properties (void)
{
  g_autoptr(AivoRotationPolicy) policy = aivo_rotation_policy_new ();
  g_autoptr(GPtrArray) notified = g_ptr_array_new ();
  guint production_days = 0;
  guint development_days = 0;

  g_assert_cmpuint (aivo_rotation_policy_get_production_days (policy), ==, 90);
  g_assert_cmpuint (aivo_rotation_policy_get_development_days (policy), ==, 30);
  g_assert_cmpuint (aivo_rotation_policy_get_interval_days (policy, PROD), ==, 90);
  g_assert_cmpuint (aivo_rotation_policy_get_interval_days (policy, DEV), ==, 30);
  g_assert_cmpuint (aivo_rotation_policy_get_interval_days (policy, TEST), ==, 30);

  g_signal_connect (policy, "notify", G_CALLBACK (notify_cb), notified);

  g_object_set (policy, "production-days", 60, NULL);
  g_assert_cmpuint (notified->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (notified, 0), ==, "production-days");

  /* Unchanged: no notification. */
  g_object_set (policy, "production-days", 60, NULL);
  aivo_rotation_policy_set_production_days (policy, 60);
  g_assert_cmpuint (notified->len, ==, 1);

  aivo_rotation_policy_set_development_days (policy, 14);
  g_assert_cmpuint (notified->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (notified, 1), ==, "development-days");

  g_object_get (policy,
                "production-days", &production_days,
                "development-days", &development_days,
                NULL);
  g_assert_cmpuint (production_days, ==, 60);
  g_assert_cmpuint (development_days, ==, 14);
  g_assert_cmpuint (aivo_rotation_policy_get_interval_days (policy, PROD), ==, 60);
  g_assert_cmpuint (aivo_rotation_policy_get_interval_days (policy, TEST), ==, 14);
}

static void
test_state_enum (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (AIVO_TYPE_ROTATION_STATE);

  g_assert_cmpuint (klass->n_values, ==, 5);
  g_assert_cmpstr (g_enum_get_value (klass, AIVO_ROTATION_STATE_DUE_VERY_SOON)->value_nick,
                   ==, "due-very-soon");
  g_assert_cmpint (g_enum_get_value_by_nick (klass, "required-now")->value,
                   ==, AIVO_ROTATION_STATE_REQUIRED_NOW);
}

static void
test_null_input (void)
{
  g_autoptr(AivoRotationPolicy) policy = aivo_rotation_policy_new ();
  g_autoptr(GDateTime) now = at (0);

  g_test_expect_message ("aivo-rotation-policy", G_LOG_LEVEL_CRITICAL, "*created_at != NULL*");
  g_assert_null (aivo_rotation_policy_get_next_reminder (policy, PROD, NULL, FALSE, NULL, now));
  g_test_assert_expected_messages ();

  g_test_expect_message ("aivo-rotation-policy", G_LOG_LEVEL_CRITICAL, "*now != NULL*");
  g_assert_null (aivo_rotation_policy_describe (policy, PROD, now, FALSE, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("aivo-rotation-policy", G_LOG_LEVEL_CRITICAL, "*days >= *");
  aivo_rotation_policy_set_production_days (policy, 0);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (aivo_rotation_policy_get_production_days (policy), ==, 90);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rotation-policy/state", test_state);
  g_test_add_func ("/rotation-policy/due-date", test_due_date);
  g_test_add_func ("/rotation-policy/next-reminder", test_next_reminder);
  g_test_add_func ("/rotation-policy/next-reminder-time-zone", test_next_reminder_time_zone);
  g_test_add_func ("/rotation-policy/reminder-sequence", test_reminder_sequence);
  g_test_add_func ("/rotation-policy/properties", test_properties);
  g_test_add_func ("/rotation-policy/state-enum", test_state_enum);
  g_test_add_func ("/rotation-policy/null-input", test_null_input);

  return g_test_run ();
}
