/* aivo-rotation-policy.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-rotation-policy"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "aivo-rotation-policy.h"

/*
 * The article's rotation schedule: production keys every 90 days,
 * development and testing keys every 30, and at once when a team member who
 * had access leaves.
 *
 * Time never comes from the system clock here: every call takes "now" as an
 * argument, so the UI can be tested with a fake clock.
 *
 * Days are fixed 24-hour spans (G_TIME_SPAN_DAY), not calendar days, so
 * time zones and daylight saving time never move a due date.
 *
 * A created_at later than now (the server's clock ahead of ours) is treated
 * as now: the key counts as brand new until our clock catches up.
 * get_due_date() has no "now" and uses created_at as given.
 */

struct _AivoRotationPolicy
{
  GObject parent_instance;

  guint   production_days;
  guint   development_days;
};

G_DEFINE_FINAL_TYPE (AivoRotationPolicy, aivo_rotation_policy, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (AivoRotationState, aivo_rotation_state,
  G_DEFINE_ENUM_VALUE (AIVO_ROTATION_STATE_OK, "ok"),
  G_DEFINE_ENUM_VALUE (AIVO_ROTATION_STATE_DUE_SOON, "due-soon"),
  G_DEFINE_ENUM_VALUE (AIVO_ROTATION_STATE_DUE_VERY_SOON, "due-very-soon"),
  G_DEFINE_ENUM_VALUE (AIVO_ROTATION_STATE_OVERDUE, "overdue"),
  G_DEFINE_ENUM_VALUE (AIVO_ROTATION_STATE_REQUIRED_NOW, "required-now"))

enum {
  PROP_0,
  PROP_PRODUCTION_DAYS,
  PROP_DEVELOPMENT_DAYS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Where a key stands relative to "now"; every span is measured from now, so
 * a negative one lies in the past. */
typedef struct
{
  GTimeSpan created; /* <= 0 */
  GTimeSpan due;     /* negative once overdue */
} Schedule;

static void
aivo_rotation_policy_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AivoRotationPolicy *self = AIVO_ROTATION_POLICY (object);

  switch (prop_id)
    {
    case PROP_PRODUCTION_DAYS:
      g_value_set_uint (value, self->production_days);
      break;

    case PROP_DEVELOPMENT_DAYS:
      g_value_set_uint (value, self->development_days);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_rotation_policy_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  AivoRotationPolicy *self = AIVO_ROTATION_POLICY (object);

  switch (prop_id)
    {
    case PROP_PRODUCTION_DAYS:
      aivo_rotation_policy_set_production_days (self, g_value_get_uint (value));
      break;

    case PROP_DEVELOPMENT_DAYS:
      aivo_rotation_policy_set_development_days (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_rotation_policy_class_init (AivoRotationPolicyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = aivo_rotation_policy_get_property;
  object_class->set_property = aivo_rotation_policy_set_property;

  properties[PROP_PRODUCTION_DAYS] =
    g_param_spec_uint ("production-days", NULL, NULL,
                       AIVO_ROTATION_MIN_DAYS, AIVO_ROTATION_MAX_DAYS,
                       AIVO_ROTATION_DEFAULT_PRODUCTION_DAYS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Development and testing keys share one interval, as in the article. */
  properties[PROP_DEVELOPMENT_DAYS] =
    g_param_spec_uint ("development-days", NULL, NULL,
                       AIVO_ROTATION_MIN_DAYS, AIVO_ROTATION_MAX_DAYS,
                       AIVO_ROTATION_DEFAULT_DEVELOPMENT_DAYS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aivo_rotation_policy_init (AivoRotationPolicy *self)
{
  self->production_days = AIVO_ROTATION_DEFAULT_PRODUCTION_DAYS;
  self->development_days = AIVO_ROTATION_DEFAULT_DEVELOPMENT_DAYS;
}

AivoRotationPolicy *
aivo_rotation_policy_new (void)
{
  return g_object_new (AIVO_TYPE_ROTATION_POLICY, NULL);
}

guint
aivo_rotation_policy_get_production_days (AivoRotationPolicy *self)
{
  g_return_val_if_fail (AIVO_IS_ROTATION_POLICY (self), 0);

  return self->production_days;
}

static void
set_days (AivoRotationPolicy *self,
          guint              *field,
          guint               days,
          GParamSpec         *pspec)
{
  if (*field == days)
    return;

  *field = days;
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

void
aivo_rotation_policy_set_production_days (AivoRotationPolicy *self,
                                          guint               days)
{
  g_return_if_fail (AIVO_IS_ROTATION_POLICY (self));
  g_return_if_fail (days >= AIVO_ROTATION_MIN_DAYS && days <= AIVO_ROTATION_MAX_DAYS);

  set_days (self, &self->production_days, days, properties[PROP_PRODUCTION_DAYS]);
}

guint
aivo_rotation_policy_get_development_days (AivoRotationPolicy *self)
{
  g_return_val_if_fail (AIVO_IS_ROTATION_POLICY (self), 0);

  return self->development_days;
}

void
aivo_rotation_policy_set_development_days (AivoRotationPolicy *self,
                                           guint               days)
{
  g_return_if_fail (AIVO_IS_ROTATION_POLICY (self));
  g_return_if_fail (days >= AIVO_ROTATION_MIN_DAYS && days <= AIVO_ROTATION_MAX_DAYS);

  set_days (self, &self->development_days, days, properties[PROP_DEVELOPMENT_DAYS]);
}

/**
 * aivo_rotation_policy_get_interval_days:
 *
 * Returns: how many days a key of @environment may live before it is due;
 *   testing keys follow the development interval.
 */
guint
aivo_rotation_policy_get_interval_days (AivoRotationPolicy *self,
                                        AivoEnvironment     environment)
{
  g_return_val_if_fail (AIVO_IS_ROTATION_POLICY (self), 0);
  g_return_val_if_fail ((guint) environment < AIVO_N_ENVIRONMENTS, 0);

  return environment == AIVO_ENVIRONMENT_PRODUCTION
    ? self->production_days
    : self->development_days;
}

static GTimeSpan
interval_span (AivoRotationPolicy *self,
               AivoEnvironment     environment)
{
  return (GTimeSpan) aivo_rotation_policy_get_interval_days (self, environment) * G_TIME_SPAN_DAY;
}

static Schedule
schedule_compute (AivoRotationPolicy *self,
                  AivoEnvironment     environment,
                  GDateTime          *created_at,
                  GDateTime          *now)
{
  Schedule schedule;

  /* Clock skew: a key "created" in the future is created now. */
  schedule.created = MIN (g_date_time_difference (created_at, now), 0);
  schedule.due = schedule.created + interval_span (self, environment);

  return schedule;
}

/* Whole days, rounded toward zero: 13 days 23 hours is 13, minus 2 days
 * 5 hours is -2. */
static int
whole_days (GTimeSpan span)
{
  return (int) (span / G_TIME_SPAN_DAY);
}

/**
 * aivo_rotation_policy_get_due_date:
 * @created_at: when the key was created
 *
 * Returns: (transfer full) (nullable): created_at plus the interval of
 *   @environment, in created_at's time zone; %NULL only when that lies past
 *   the year 9999.
 */
GDateTime *
aivo_rotation_policy_get_due_date (AivoRotationPolicy *self,
                                   AivoEnvironment     environment,
                                   GDateTime          *created_at)
{
  g_return_val_if_fail (AIVO_IS_ROTATION_POLICY (self), NULL);
  g_return_val_if_fail ((guint) environment < AIVO_N_ENVIRONMENTS, NULL);
  g_return_val_if_fail (created_at != NULL, NULL);

  return g_date_time_add (created_at, interval_span (self, environment));
}

/**
 * aivo_rotation_policy_get_state:
 * @rotation_required: whether the server flagged the key because a team
 *   member who had access left; this beats every other state
 * @now: the current time
 *
 * A key is due soon when at most 14 days are left, due very soon when at most
 * 7 days are left (the due moment itself included), and overdue once the due
 * moment has passed.
 */
AivoRotationState
aivo_rotation_policy_get_state (AivoRotationPolicy *self,
                                AivoEnvironment     environment,
                                GDateTime          *created_at,
                                gboolean            rotation_required,
                                GDateTime          *now)
{
  Schedule schedule;

  g_return_val_if_fail (AIVO_IS_ROTATION_POLICY (self), AIVO_ROTATION_STATE_OK);
  g_return_val_if_fail ((guint) environment < AIVO_N_ENVIRONMENTS, AIVO_ROTATION_STATE_OK);
  g_return_val_if_fail (created_at != NULL, AIVO_ROTATION_STATE_OK);
  g_return_val_if_fail (now != NULL, AIVO_ROTATION_STATE_OK);

  if (rotation_required)
    return AIVO_ROTATION_STATE_REQUIRED_NOW;

  schedule = schedule_compute (self, environment, created_at, now);

  if (schedule.due < 0)
    return AIVO_ROTATION_STATE_OVERDUE;
  if (schedule.due <= AIVO_ROTATION_DUE_VERY_SOON_DAYS * G_TIME_SPAN_DAY)
    return AIVO_ROTATION_STATE_DUE_VERY_SOON;
  if (schedule.due <= AIVO_ROTATION_DUE_SOON_DAYS * G_TIME_SPAN_DAY)
    return AIVO_ROTATION_STATE_DUE_SOON;

  return AIVO_ROTATION_STATE_OK;
}

/**
 * aivo_rotation_policy_get_days_left:
 *
 * Returns: whole 24-hour days between @now and the due moment, rounded toward
 *   zero: positive before the due moment, negative after it. 0 means less
 *   than 24 hours left or less than 24 hours overdue (get_state() tells the
 *   two apart); 13 days 23 hours left is 13; 10 days 5 hours overdue is -10.
 */
int
aivo_rotation_policy_get_days_left (AivoRotationPolicy *self,
                                    AivoEnvironment     environment,
                                    GDateTime          *created_at,
                                    GDateTime          *now)
{
  g_return_val_if_fail (AIVO_IS_ROTATION_POLICY (self), 0);
  g_return_val_if_fail ((guint) environment < AIVO_N_ENVIRONMENTS, 0);
  g_return_val_if_fail (created_at != NULL, 0);
  g_return_val_if_fail (now != NULL, 0);

  return whole_days (schedule_compute (self, environment, created_at, now).due);
}

/* The reminder moments as spans from now, ascending: the earlier ones up to
 * the due moment (those not after creation are dropped: nobody needs a
 * "due soon" reminder for a key made a minute ago), then the due moment and
 * every day after it. Sets *latest_past to the latest moment <= 0 (FALSE when
 * there is none) and *first_future to the first moment > 0. */
static gboolean
find_schedule_moments (const Schedule *schedule,
                       GTimeSpan      *latest_past,
                       GTimeSpan      *first_future)
{
  static const int days_before_due[] = {
    AIVO_ROTATION_DUE_SOON_DAYS,
    AIVO_ROTATION_DUE_VERY_SOON_DAYS,
  };
  gboolean have_past = FALSE;

  if (schedule->due <= 0)
    {
      GTimeSpan days_after_due = -schedule->due / G_TIME_SPAN_DAY;

      *latest_past = schedule->due + days_after_due * G_TIME_SPAN_DAY;
      *first_future = *latest_past + G_TIME_SPAN_DAY;
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (days_before_due); i++)
    {
      GTimeSpan moment = schedule->due - days_before_due[i] * G_TIME_SPAN_DAY;

      if (moment <= schedule->created)
        continue;

      if (moment > 0)
        {
          *first_future = moment;
          return have_past;
        }

      *latest_past = moment;
      have_past = TRUE;
    }

  *first_future = schedule->due;
  return have_past;
}

/**
 * aivo_rotation_policy_get_next_reminder:
 * @rotation_required: whether a team member who had access left
 * @last_reminded: (nullable): when the last reminder about this key was
 *   shown (or the moment this function returned for it), %NULL if never.
 *   When @rotation_required turns %TRUE the caller passes %NULL, so the
 *   first reminder comes at once rather than a day after an older one.
 *   A moment later than @now counts as @now.
 * @now: the current time
 *
 * Reminder moments are 14 days and 7 days before the due moment, the due
 * moment itself, then every 24 hours while the key is overdue. When
 * @rotation_required, they are @now (if @last_reminded is %NULL) and then
 * every 24 hours after @last_reminded.
 *
 * If one or more moments lie in (@last_reminded, @now] (or up to @now when
 * @last_reminded is %NULL) this returns the latest of them, which is not
 * after @now: the caller shows one reminder at once instead of a burst for a
 * key found long overdue. Otherwise it returns the first moment after @now,
 * when the caller should wake up next.
 *
 * Returns: (transfer full): the moment in @now's time zone; %NULL only when
 *   it would lie past the year 9999.
 */
GDateTime *
aivo_rotation_policy_get_next_reminder (AivoRotationPolicy *self,
                                        AivoEnvironment     environment,
                                        GDateTime          *created_at,
                                        gboolean            rotation_required,
                                        GDateTime          *last_reminded,
                                        GDateTime          *now)
{
  GTimeSpan last = G_MININT64;
  GTimeSpan latest_past = 0;
  GTimeSpan first_future = 0;
  gboolean have_past;

  g_return_val_if_fail (AIVO_IS_ROTATION_POLICY (self), NULL);
  g_return_val_if_fail ((guint) environment < AIVO_N_ENVIRONMENTS, NULL);
  g_return_val_if_fail (created_at != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  /* A reminder "in the future" means our clock went back: it was shown now. */
  if (last_reminded != NULL)
    last = MIN (g_date_time_difference (last_reminded, now), 0);

  if (rotation_required)
    {
      if (last_reminded == NULL)
        return g_date_time_ref (now);

      /* Daily from the last reminder; last <= 0, so this is >= 0. */
      latest_past = last + (-last / G_TIME_SPAN_DAY) * G_TIME_SPAN_DAY;
      have_past = TRUE;
      first_future = latest_past + G_TIME_SPAN_DAY;
    }
  else
    {
      Schedule schedule = schedule_compute (self, environment, created_at, now);

      have_past = find_schedule_moments (&schedule, &latest_past, &first_future);
    }

  if (have_past && latest_past > last)
    return g_date_time_add (now, latest_past);

  return g_date_time_add (now, first_future);
}

/**
 * aivo_rotation_policy_describe:
 *
 * Returns: (transfer full): a short sentence for a user, such as "Rotation
 *   due in 12 days", "Rotation due tomorrow", "Rotation due today" (less
 *   than 24 hours left), "Overdue by 3 days" or "Rotate now: a team member
 *   with access left". The day counts are those of get_days_left().
 */
char *
aivo_rotation_policy_describe (AivoRotationPolicy *self,
                               AivoEnvironment     environment,
                               GDateTime          *created_at,
                               gboolean            rotation_required,
                               GDateTime          *now)
{
  Schedule schedule;
  int days;

  g_return_val_if_fail (AIVO_IS_ROTATION_POLICY (self), NULL);
  g_return_val_if_fail ((guint) environment < AIVO_N_ENVIRONMENTS, NULL);
  g_return_val_if_fail (created_at != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (rotation_required)
    return g_strdup (_("Rotate now: a team member with access left"));

  schedule = schedule_compute (self, environment, created_at, now);
  days = whole_days (schedule.due);

  if (schedule.due < 0)
    {
      if (days == 0)
        return g_strdup (_("Overdue by less than a day"));

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Overdue by %d day",
                                           "Overdue by %d days",
                                           (gulong) -days),
                              -days);
    }

  if (days == 0)
    return g_strdup (_("Rotation due today"));
  if (days == 1)
    return g_strdup (_("Rotation due tomorrow"));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Rotation due in %d day",
                                       "Rotation due in %d days",
                                       (gulong) days),
                          days);
}
