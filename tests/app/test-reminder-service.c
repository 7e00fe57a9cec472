/* test-reminder-service.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Rotation reminders, end to end: keys made in the built-in sandbox (run by
 * the connection manager on a thread of this process, in a throw-away data
 * directory), a clock of the test's own moved to the ages that matter, and
 * the notifications as they reach a notification server on the session bus
 * (test-notification-server.c). The sandbox dates keys with the real time,
 * so the clock is moved forward from there. Needs the session bus of
 * build-aux/headless, and skips without it. */

#include "config.h"

#include <string.h>

#include "aivo-reminder-service.h"
#include "app-test-sandbox.h"
#include "app-test-util.h"
#include "test-notification-server.h"

#define WATCHDOG_SECONDS 120
#define WAIT_MS          20000
#define HALF_DAY         (G_TIME_SPAN_DAY / 2)
#define QUARTER_DAY      (G_TIME_SPAN_DAY / 4)

static GApplication *application;
static TestNotificationServer *server;

typedef struct
{
  TestConnection         conn;
  AivoClock             *clock;
  AivoReminderService   *service;
  GPtrArray             *sent;       /* ids, in order */
  GPtrArray             *withdrawn;  /* ids, in order */
} Fixture;

/* The sandbox, through the app's own client */

static AivoClient *
client (Fixture *fixture)
{
  return test_connection_get_client (&fixture->conn);
}

static void
delete_key (Fixture    *fixture,
            const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  aivo_client_delete_key_async (client (fixture), id, NULL, test_store_result, &result);
  aivo_client_delete_key_finish (client (fixture), test_wait_result (&result), &error);
  g_assert_no_error (error);
}

static void
remove_member (Fixture    *fixture,
               const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  aivo_client_remove_team_member_async (client (fixture), id, NULL, test_store_result, &result);
  aivo_client_remove_team_member_finish (client (fixture), test_wait_result (&result), &error);
  g_assert_no_error (error);
}

/* The service */

static void
notification_sent_cb (AivoReminderService *service,
                      const char          *id,
                      GNotification       *notification,
                      Fixture             *fixture)
{
  g_assert_true (G_IS_NOTIFICATION (notification));
  g_ptr_array_add (fixture->sent, g_strdup (id));
}

static void
notification_withdrawn_cb (AivoReminderService *service,
                           const char          *id,
                           Fixture             *fixture)
{
  g_ptr_array_add (fixture->withdrawn, g_strdup (id));
}

/* Runs a check to its end, with the notifications it sent delivered. */
static guint
check (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n_sent = G_MAXUINT;

  aivo_reminder_service_check_async (fixture->service, NULL, test_store_result, &result);
  g_assert_true (aivo_reminder_service_check_finish (fixture->service, test_wait_result (&result), &n_sent, &error));
  g_assert_no_error (error);
  test_notification_server_settle (server);

  return n_sent;
}

static void
forget_sent (Fixture *fixture)
{
  g_ptr_array_set_size (fixture->sent, 0);
  g_ptr_array_set_size (fixture->withdrawn, 0);
  test_notification_server_clear (server);
}

static char *
notification_id (AivoKey *key)
{
  return aivo_reminder_service_dup_notification_id (AIVO_CONNECTION_LOCAL, aivo_key_get_id (key));
}

/* @since_created: how long after @key was created "now" is */
static void
set_age (Fixture   *fixture,
         AivoKey   *key,
         GTimeSpan  since_created)
{
  g_autoptr(GDateTime) now = g_date_time_add (aivo_key_get_created_at (key), since_created);

  aivo_clock_set_now (fixture->clock, now);
}

static gboolean
was_sent (Fixture *fixture,
          AivoKey *key)
{
  g_autofree char *id = notification_id (key);

  for (guint i = 0; i < fixture->sent->len; i++)
    if (g_str_equal (g_ptr_array_index (fixture->sent, i), id))
      return TRUE;

  return FALSE;
}

static void
assert_string_member (GVariant   *dict,
                      const char *name,
                      const char *expected)
{
  const char *value = NULL;

  g_assert_true (g_variant_lookup (dict, name, "&s", &value));
  g_assert_cmpstr (value, ==, expected);
}

/* The target of an action in a notification: (connection id, key id). */
static void
assert_target (GVariant   *dict,
               const char *name,
               const char *key_id)
{
  g_autoptr(GVariant) target = g_variant_lookup_value (dict, name, NULL);
  const char *target_connection = NULL;
  const char *target_key = NULL;

  g_assert_nonnull (target);
  g_assert_true (g_variant_is_of_type (target, G_VARIANT_TYPE ("(ss)")));
  g_variant_get (target, "(&s&s)", &target_connection, &target_key);
  g_assert_cmpstr (target_connection, ==, AIVO_CONNECTION_LOCAL);
  g_assert_cmpstr (target_key, ==, key_id);
}

/* What the desktop got for @key: its title, why (the policy's words), the
 * priority, and "Rotate Now" / "Later" acting on this very key of this
 * very connection. */
static void
assert_reminder (AivoKey    *key,
                 const char *why,
                 const char *priority)
{
  g_autofree char *id = notification_id (key);
  g_autofree char *title = g_strdup_printf ("Rotate “%s”", aivo_key_get_name (key));
  g_autofree char *body_start = g_strconcat (why, "\n", NULL);
  g_autoptr(GVariant) buttons = NULL;
  GVariant *notification = test_notification_server_lookup (server, id);
  const char *body = NULL;

  g_test_message ("notification %s", id);
  g_assert_nonnull (notification);
  assert_string_member (notification, "title", title);
  g_assert_true (g_variant_lookup (notification, "body", "&s", &body));
  g_assert_true (g_str_has_prefix (body, body_start));
  g_assert_nonnull (strstr (body, aivo_environment_get_title (aivo_key_get_environment (key))));
  g_assert_nonnull (strstr (body, "Built-in Sandbox"));
  assert_string_member (notification, "priority", priority);

  assert_string_member (notification, "default-action", "app.rotate-key");
  assert_target (notification, "default-action-target", aivo_key_get_id (key));

  g_assert_true (g_variant_lookup (notification, "buttons", "@aa{sv}", &buttons));
  g_assert_cmpuint (g_variant_n_children (buttons), ==, 2);
  {
    g_autoptr(GVariant) rotate = g_variant_get_child_value (buttons, 0);
    g_autoptr(GVariant) later = g_variant_get_child_value (buttons, 1);

    assert_string_member (rotate, "label", "Rotate Now");
    assert_string_member (rotate, "action", "app.rotate-key");
    assert_target (rotate, "target", aivo_key_get_id (key));
    assert_string_member (later, "label", "Later");
    assert_string_member (later, "action", "app.remind-later");
    assert_target (later, "target", aivo_key_get_id (key));
  }
}

static gint64
logged_reminder (Fixture *fixture,
                 AivoKey *key)
{
  g_autoptr(GVariant) log = g_settings_get_value (fixture->conn.settings, "reminder-log");
  g_autofree char *name = g_strconcat (AIVO_CONNECTION_LOCAL, "/", aivo_key_get_id (key), NULL);
  gint64 when = -1;

  g_variant_lookup (log, name, "x", &when);

  return when;
}

/* The reminder was logged as shown now (give or take the seconds the test
 * itself takes: the test's clock runs at the normal pace). */
static void
assert_logged_now (Fixture *fixture,
                   AivoKey *key)
{
  gint64 when = logged_reminder (fixture, key);
  gint64 now = aivo_clock_now_unix (fixture->clock);

  g_assert_cmpint (when, <=, now);
  g_assert_cmpint (when, >=, now - 30);
}

/* Set-up */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const reset[] = {
    "remote-connections", "reminder-log", "production-rotation-days", "development-rotation-days", NULL,
  };

  if (!test_begin_session (WATCHDOG_SECONDS))
    return;

  test_connection_set_up (&fixture->conn, reset);
  test_connection_start (&fixture->conn);

  fixture->clock = aivo_clock_new ();
  fixture->sent = g_ptr_array_new_with_free_func (g_free);
  fixture->withdrawn = g_ptr_array_new_with_free_func (g_free);
  fixture->service = aivo_reminder_service_new (application, fixture->conn.manager, fixture->conn.settings,
                                                fixture->clock);
  g_signal_connect (fixture->service, "notification-sent", G_CALLBACK (notification_sent_cb), fixture);
  g_signal_connect (fixture->service, "notification-withdrawn", G_CALLBACK (notification_withdrawn_cb), fixture);

  /* No key yet: nothing to remind of. */
  g_assert_cmpuint (check (fixture), ==, 0);
  forget_sent (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (!test_have_session ())
    return;

  g_object_add_weak_pointer (G_OBJECT (fixture->service), (gpointer *) &fixture->service);
  g_object_unref (fixture->service);
  /* Nothing else holds on to the service once its checks are over. */
  g_assert_null (fixture->service);

  g_settings_reset (fixture->conn.settings, "remote-connections");
  test_connection_tear_down (&fixture->conn);
  g_clear_object (&fixture->clock);
  g_clear_pointer (&fixture->sent, g_ptr_array_unref);
  g_clear_pointer (&fixture->withdrawn, g_ptr_array_unref);

  test_watchdog_disarm ();
}

/* Ages and states ---------------------------------------------------------- */

typedef struct
{
  AivoRotationState state;
  const char       *why;       /* NULL: no reminder */
  const char       *priority;
} Expected;

typedef struct
{
  /* Half days keep clear of the day boundaries of the policy's counts. */
  double   days;
  Expected production;
  Expected development;
  Expected testing;
} AgeCase;

#define NONE(state) { AIVO_ROTATION_STATE_ ## state, NULL, NULL }

static const AgeCase age_cases[] = {
  { 0.5,  NONE (OK), NONE (OK), NONE (OK) },
  { 10.5, NONE (OK), NONE (OK), NONE (OK) },
  { 19.5, NONE (OK),
          { AIVO_ROTATION_STATE_DUE_SOON, "Rotation due in 10 days", "normal" },
          { AIVO_ROTATION_STATE_DUE_SOON, "Rotation due in 10 days", "normal" } },
  { 25.5, NONE (OK),
          { AIVO_ROTATION_STATE_DUE_VERY_SOON, "Rotation due in 4 days", "normal" },
          { AIVO_ROTATION_STATE_DUE_VERY_SOON, "Rotation due in 4 days", "normal" } },
  { 29.5, NONE (OK),
          { AIVO_ROTATION_STATE_DUE_VERY_SOON, "Rotation due today", "normal" },
          { AIVO_ROTATION_STATE_DUE_VERY_SOON, "Rotation due today", "normal" } },
  { 31.5, NONE (OK),
          { AIVO_ROTATION_STATE_OVERDUE, "Overdue by 1 day", "high" },
          { AIVO_ROTATION_STATE_OVERDUE, "Overdue by 1 day", "high" } },
  { 79.5, { AIVO_ROTATION_STATE_DUE_SOON, "Rotation due in 10 days", "normal" },
          { AIVO_ROTATION_STATE_OVERDUE, "Overdue by 49 days", "high" },
          { AIVO_ROTATION_STATE_OVERDUE, "Overdue by 49 days", "high" } },
  { 85.5, { AIVO_ROTATION_STATE_DUE_VERY_SOON, "Rotation due in 4 days", "normal" },
          { AIVO_ROTATION_STATE_OVERDUE, "Overdue by 55 days", "high" },
          { AIVO_ROTATION_STATE_OVERDUE, "Overdue by 55 days", "high" } },
  { 92.5, { AIVO_ROTATION_STATE_OVERDUE, "Overdue by 2 days", "high" },
          { AIVO_ROTATION_STATE_OVERDUE, "Overdue by 62 days", "high" },
          { AIVO_ROTATION_STATE_OVERDUE, "Overdue by 62 days", "high" } },
};

static void
assert_expected (Fixture        *fixture,
                 AivoKey        *key,
                 const Expected *expected)
{
  AivoRotationPolicy *policy = aivo_reminder_service_get_policy (fixture->service);
  g_autoptr(GDateTime) now = aivo_clock_now (fixture->clock);

  g_assert_cmpint (aivo_rotation_policy_get_state (policy, aivo_key_get_environment (key),
                                                   aivo_key_get_created_at (key), FALSE, now),
                   ==, expected->state);

  if (expected->why == NULL)
    {
      g_autofree char *id = notification_id (key);

      g_assert_false (was_sent (fixture, key));
      g_assert_null (test_notification_server_lookup (server, id));
      g_assert_cmpint (logged_reminder (fixture, key), ==, -1);
      return;
    }

  g_assert_true (was_sent (fixture, key));
  assert_reminder (key, expected->why, expected->priority);
  assert_logged_now (fixture, key);
}

/* Every environment at every age: exactly the reminders the policy calls
 * for, none for a key that is fine. */
static void
test_ages (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(AivoKey) production = NULL;
  g_autoptr(AivoKey) development = NULL;
  g_autoptr(AivoKey) testing = NULL;

  if (!test_have_session ())
    return;

  production = test_connection_create_key (&fixture->conn, "CRM Integration", AIVO_ENVIRONMENT_PRODUCTION, NULL);
  development = test_connection_create_key (&fixture->conn, "Analytics Script", AIVO_ENVIRONMENT_DEVELOPMENT, NULL);
  testing = test_connection_create_key (&fixture->conn, "Website Widget", AIVO_ENVIRONMENT_TESTING, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (age_cases); i++)
    {
      const AgeCase *c = &age_cases[i];
      guint n_expected = (c->production.why != NULL) + (c->development.why != NULL) + (c->testing.why != NULL);

      g_test_message ("%.1f days after the keys were created", c->days);

      /* A first look at keys of this age. */
      g_settings_reset (fixture->conn.settings, "reminder-log");
      forget_sent (fixture);
      set_age (fixture, testing, (GTimeSpan) (c->days * G_TIME_SPAN_DAY));

      g_assert_cmpuint (check (fixture), ==, n_expected);
      g_assert_cmpuint (fixture->sent->len, ==, n_expected);
      g_assert_cmpuint (test_notification_server_get_n_added (server), ==, n_expected);

      assert_expected (fixture, production, &c->production);
      assert_expected (fixture, development, &c->development);
      assert_expected (fixture, testing, &c->testing);
    }
}

/* Overdue keys: once, then again a day later; not twice at the same time,
 * not half a day later. The clock's "changed" starts the checks by itself.
 * (Overdue reminders fall on the due moment plus whole days.) */
static void
test_daily_when_overdue (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(AivoKey) production = NULL;
  g_autoptr(AivoKey) development = NULL;

  if (!test_have_session ())
    return;

  production = test_connection_create_key (&fixture->conn, "CRM Integration", AIVO_ENVIRONMENT_PRODUCTION, NULL);
  development = test_connection_create_key (&fixture->conn, "Analytics Script", AIVO_ENVIRONMENT_DEVELOPMENT, NULL);

  set_age (fixture, development, 31 * G_TIME_SPAN_DAY + QUARTER_DAY);
  g_assert_cmpuint (check (fixture), ==, 1);
  assert_reminder (development, "Overdue by 1 day", "high");

  /* The same moment again: nothing new. */
  g_assert_cmpuint (check (fixture), ==, 0);
  g_assert_cmpuint (fixture->sent->len, ==, 1);

  /* Half a day on: still nothing. */
  aivo_clock_advance (fixture->clock, HALF_DAY);
  g_assert_cmpuint (check (fixture), ==, 0);
  g_assert_cmpuint (test_notification_server_get_n_added (server), ==, 1);

  /* The next day: again, without anybody asking for a check. */
  aivo_clock_advance (fixture->clock, HALF_DAY);
  g_assert_true (test_notification_server_wait_added (server, 2, WAIT_MS));
  g_assert_cmpuint (fixture->sent->len, ==, 2);
  assert_reminder (development, "Overdue by 2 days", "high");
  g_assert_false (was_sent (fixture, production));
}

/* A development key 5½ days overdue, just reminded of. */
static AivoKey *
create_reminded_key (Fixture  *fixture,
                     char    **notification)
{
  AivoKey *key = test_connection_create_key (&fixture->conn, "Analytics Script", AIVO_ENVIRONMENT_DEVELOPMENT, NULL);

  *notification = notification_id (key);
  set_age (fixture, key, 35 * G_TIME_SPAN_DAY + HALF_DAY);
  g_assert_cmpuint (check (fixture), ==, 1);

  return key;
}

/* "Later": withdrawn now, and the reminder that was due counts as shown
 * then; the next comes on the policy's next day. */
static void
test_later (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(AivoKey) development = NULL;
  g_autofree char *id = NULL;

  if (!test_have_session ())
    return;

  development = create_reminded_key (fixture, &id);

  /* The next day's reminder is due, and the user answers "Later" to the
   * previous one before the check that would show it. */
  aivo_clock_advance (fixture->clock, G_TIME_SPAN_DAY);
  aivo_reminder_service_remind_later (fixture->service, AIVO_CONNECTION_LOCAL, aivo_key_get_id (development));
  assert_logged_now (fixture, development);
  g_assert_cmpuint (check (fixture), ==, 0);
  g_assert_true (test_notification_server_was_removed (server, id));
  g_assert_cmpuint (test_notification_server_get_n_added (server), ==, 1);

  /* The day after that, it comes again. */
  aivo_clock_advance (fixture->clock, G_TIME_SPAN_DAY);
  g_assert_cmpuint (check (fixture), ==, 1);
  assert_reminder (development, "Overdue by 7 days", "high");

  /* A key id from D-Bus that is no key id at all changes nothing. */
  forget_sent (fixture);
  aivo_reminder_service_remind_later (fixture->service, AIVO_CONNECTION_LOCAL, "../../etc/passwd");
  test_notification_server_settle (server);
  g_assert_cmpuint (test_notification_server_get_n_removed (server), ==, 0);
  g_assert_cmpuint (fixture->withdrawn->len, ==, 0);
}

#define OTHER_REMOTE "remote-0a1b2c3d4e5f"
#define GONE_REMOTE  "remote-ffffffffffff"

/* "Later" is about the key of the notification's own connection, whichever
 * is active by the time of the click: it used to log and withdraw the
 * reminder of the active one. A connection removed since gets nothing. */
static void
test_later_on_another_connection (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(AivoKey) development = NULL;
  g_autofree char *id = NULL;
  gint64 first_shown;

  if (!test_have_session ())
    return;

  development = create_reminded_key (fixture, &id);
  first_shown = logged_reminder (fixture, development);
  g_assert_cmpint (first_shown, >, 0);
  aivo_clock_advance (fixture->clock, G_TIME_SPAN_DAY);

  /* The user went to another server (nobody listens there) meanwhile. */
  g_settings_set_value (fixture->conn.settings, "remote-connections",
                        g_variant_new_parsed ("[(%s, 'Staging', 'http://127.0.0.1:9')]", OTHER_REMOTE));
  aivo_connection_manager_activate (fixture->conn.manager, OTHER_REMOTE);
  g_assert_cmpstr (aivo_connection_manager_get_active_id (fixture->conn.manager), ==, OTHER_REMOTE);

  aivo_reminder_service_remind_later (fixture->service, GONE_REMOTE, aivo_key_get_id (development));
  test_notification_server_settle (server);
  g_assert_cmpint (logged_reminder (fixture, development), ==, first_shown);
  g_assert_cmpuint (fixture->withdrawn->len, ==, 0);
  g_assert_cmpuint (test_notification_server_get_n_removed (server), ==, 0);

  aivo_reminder_service_remind_later (fixture->service, AIVO_CONNECTION_LOCAL, aivo_key_get_id (development));
  test_notification_server_settle (server);
  assert_logged_now (fixture, development);
  g_assert_cmpuint (fixture->withdrawn->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->withdrawn, 0), ==, id);
  g_assert_true (test_notification_server_was_removed (server, id));
}

/* A team member with access leaves: a "rotate now" reminder at once for
 * exactly the keys they had, then daily. */
static void
test_member_departed (Fixture       *fixture,
                      gconstpointer  data)
{
  const char * const with_priya[] = { "mem_0003", NULL };
  g_autoptr(AivoKey) shared = NULL;
  g_autoptr(AivoKey) own = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (!test_have_session ())
    return;

  shared = test_connection_create_key (&fixture->conn, "Shared Integration", AIVO_ENVIRONMENT_PRODUCTION, with_priya);
  own = test_connection_create_key (&fixture->conn, "Owner’s Script", AIVO_ENVIRONMENT_DEVELOPMENT, NULL);

  /* Brand new keys, at the sandbox's own time. */
  now = g_date_time_new_now_utc ();
  aivo_clock_set_now (fixture->clock, now);
  g_assert_cmpuint (check (fixture), ==, 0);

  remove_member (fixture, "mem_0003");
  g_assert_cmpuint (check (fixture), ==, 1);
  g_assert_true (was_sent (fixture, shared));
  g_assert_false (was_sent (fixture, own));
  assert_reminder (shared, "Rotate now: a team member with access left", "high");

  g_assert_cmpuint (check (fixture), ==, 0);

  aivo_clock_advance (fixture->clock, G_TIME_SPAN_DAY + G_TIME_SPAN_MINUTE);
  g_assert_true (test_notification_server_wait_added (server, 2, WAIT_MS));
  g_assert_cmpuint (fixture->sent->len, ==, 2);
  g_assert_false (was_sent (fixture, own));
}

/* A deleted key's notification goes, and so does its line in the log. */
static void
test_deleted_key_withdrawn (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(AivoKey) development = NULL;
  g_autoptr(AivoKey) testing = NULL;
  g_autofree char *id = NULL;

  if (!test_have_session ())
    return;

  development = test_connection_create_key (&fixture->conn, "Analytics Script", AIVO_ENVIRONMENT_DEVELOPMENT, NULL);
  testing = test_connection_create_key (&fixture->conn, "Website Widget", AIVO_ENVIRONMENT_TESTING, NULL);
  id = notification_id (development);

  set_age (fixture, testing, 31 * G_TIME_SPAN_DAY + HALF_DAY);
  g_assert_cmpuint (check (fixture), ==, 2);
  g_assert_cmpuint (fixture->withdrawn->len, ==, 0);

  delete_key (fixture, aivo_key_get_id (development));
  g_assert_cmpuint (check (fixture), ==, 0);

  g_assert_cmpuint (fixture->withdrawn->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->withdrawn, 0), ==, id);
  g_assert_true (test_notification_server_was_removed (server, id));
  g_assert_cmpint (logged_reminder (fixture, development), ==, -1);
  assert_logged_now (fixture, testing);
}

/* The intervals come from Preferences (GSettings), and a change is looked
 * at by itself. */
static void
test_interval_from_settings (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(AivoKey) production = NULL;
  g_autofree char *id = NULL;

  if (!test_have_session ())
    return;

  production = test_connection_create_key (&fixture->conn, "CRM Integration", AIVO_ENVIRONMENT_PRODUCTION, NULL);
  id = notification_id (production);

  set_age (fixture, production, 10 * G_TIME_SPAN_DAY + HALF_DAY);
  g_assert_cmpuint (check (fixture), ==, 0);

  /* 20 days instead of 90: due in 9 days, and a reminder without asking. */
  g_settings_set_uint (fixture->conn.settings, "production-rotation-days", 20);
  g_assert_true (test_notification_server_wait_added (server, 1, WAIT_MS));
  assert_reminder (production, "Rotation due in 9 days", "normal");

  /* Back to 90: nothing is due, the notification goes. */
  g_settings_set_uint (fixture->conn.settings, "production-rotation-days", 90);
  g_assert_cmpuint (check (fixture), ==, 0);
  g_assert_true (test_notification_server_was_removed (server, id));
  g_assert_cmpint (logged_reminder (fixture, production), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  if (test_have_session ())
    {
      /* GLib picks its notification backend at the first notification. */
      server = test_notification_server_new ();
      application = g_application_new ("bz.aivo.Studio.TestReminders", G_APPLICATION_NON_UNIQUE);
      g_application_register (application, NULL, &error);
      g_assert_no_error (error);
    }

#define ADD(path, func) \
  g_test_add ("/reminder-service/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("ages", test_ages);
  ADD ("daily-when-overdue", test_daily_when_overdue);
  ADD ("later", test_later);
  ADD ("later-on-another-connection", test_later_on_another_connection);
  ADD ("member-departed", test_member_departed);
  ADD ("deleted-key-withdrawn", test_deleted_key_withdrawn);
  ADD ("interval-from-settings", test_interval_from_settings);

  status = g_test_run ();

  g_clear_object (&application);
  g_clear_pointer (&server, test_notification_server_free);

  return status;
}
