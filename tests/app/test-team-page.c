/* test-team-page.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Team page driven through its buttons under a real display, against
 * the built-in sandbox (run by the connection manager on a thread of this
 * process, in a throw-away data directory, with its demo team: the owner,
 * Marcus Chen mem_0002 and Priya Raman mem_0003). Removing a member must
 * flag exactly the keys they had, list them at once with a way into the
 * rotation wizard, and raise a notification (read from a notification
 * server on the session bus, test-notification-server.c). Needs
 * build-aux/headless, and skips without it.
 *
 * With AIVO_SCREENSHOT_DIR set, the page is saved as a screenshot of the X
 * screen (ImageMagick's import). */

#include "config.h"

#include <string.h>

#include "aivo-team-page.h"
#include "app-test-sandbox.h"
#include "app-test-util.h"
#include "test-notification-server.h"

#define WATCHDOG_SECONDS 120
#define WAIT_MS          20000

static GtkApplication *application;
static TestNotificationServer *server;
/* The keys app.rotate-key was activated for, as the rotation wizard would
 * be (all of the built-in sandbox). */
static GPtrArray *rotated_ids;

typedef struct
{
  TestConnection         conn;
  AivoClock             *clock;
  AivoReminderService   *service;
  GPtrArray             *sent;
  GtkWindow             *window;
  AivoTeamPage          *page;
} Fixture;

static gboolean
page_shows_list (gpointer data)
{
  return g_strcmp0 (aivo_team_page_get_state (data), "list") == 0;
}

/* The sandbox, behind the page's back */

static AivoClient *
client (Fixture *fixture)
{
  return test_connection_get_client (&fixture->conn);
}

static AivoKey *
get_key (Fixture *fixture,
         AivoKey *key)
{
  return test_get_key (client (fixture), aivo_key_get_id (key));
}

static guint
count_members (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) members = NULL;

  aivo_client_list_team_members_async (client (fixture), NULL, test_store_result, &result);
  members = aivo_client_list_team_members_finish (client (fixture), test_wait_result (&result), &error);
  g_assert_no_error (error);

  return json_array_get_length (members);
}

/* Set-up */

static void
notification_sent_cb (AivoReminderService *service,
                      const char          *id,
                      GNotification       *notification,
                      Fixture             *fixture)
{
  g_ptr_array_add (fixture->sent, g_strdup (id));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const reset[] = { "reminder-log", NULL };
  GtkWidget *overlay;

  if (!test_begin_session (WATCHDOG_SECONDS))
    return;

  test_connection_set_up (&fixture->conn, reset);
  test_connection_start (&fixture->conn);

  fixture->clock = aivo_clock_new ();
  fixture->sent = g_ptr_array_new_with_free_func (g_free);
  fixture->service = aivo_reminder_service_new (G_APPLICATION (application), fixture->conn.manager,
                                                fixture->conn.settings, fixture->clock);
  g_signal_connect (fixture->service, "notification-sent", G_CALLBACK (notification_sent_cb), fixture);
  test_notification_server_clear (server);

  fixture->page = g_object_new (AIVO_TYPE_TEAM_PAGE, NULL);
  overlay = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->page));
  fixture->window = GTK_WINDOW (gtk_application_window_new (application));
  gtk_window_set_title (fixture->window, "Team");
  gtk_window_set_default_size (fixture->window, 900, 720);
  gtk_window_set_child (fixture->window, overlay);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  test_present (fixture->window);

  aivo_team_page_set_reminder_service (fixture->page, fixture->service);
  aivo_team_page_set_connection_manager (fixture->page, fixture->conn.manager);
  g_assert_true (test_wait_until (page_shows_list, fixture->page, WAIT_MS));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (!test_have_session ())
    return;

  if (fixture->window != NULL)
    gtk_window_destroy (fixture->window);
  g_assert_null (fixture->window);

  g_clear_object (&fixture->service);
  test_connection_tear_down (&fixture->conn);
  g_clear_object (&fixture->clock);
  g_clear_pointer (&fixture->sent, g_ptr_array_unref);

  test_watchdog_disarm ();
}

/* What a user sees and does */

static GtkWidget *
remove_button (Fixture    *fixture,
               const char *name)
{
  g_autofree char *label = g_strdup_printf ("Remove member %s", name);

  return test_find_by_accessible_label (GTK_WIDGET (fixture->page), GTK_TYPE_BUTTON, label);
}

/* Answers @dialog with the button a user would click. */
static void
click_response (AdwMessageDialog *dialog,
                const char       *label)
{
  GtkWidget *button = test_find_button_with_label (GTK_WIDGET (dialog), label);

  g_assert_nonnull (button);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  test_click (button);
  g_assert_true (test_wait_until (test_pointer_is_unset, &dialog, WAIT_MS));
}

static AdwMessageDialog *
click_remove (Fixture    *fixture,
              const char *name)
{
  GtkWidget *button = remove_button (fixture, name);
  GtkWindow *dialog;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  test_click (button);

  dialog = test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, fixture->window, WAIT_MS);
  g_assert_nonnull (dialog);

  return ADW_MESSAGE_DIALOG (dialog);
}

static gboolean
match_rotate_button (GtkWidget     *widget,
                     gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) &&
         gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "app.rotate-key") == 0;
}

static gboolean
match_row (GtkWidget     *widget,
           gconstpointer  data)
{
  return ADW_IS_ACTION_ROW (widget);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The key ids the "Rotate Now" buttons act on, sorted; each with the
 * connection it belongs to. */
static GStrv
rotate_targets (Fixture *fixture)
{
  g_autoptr(GPtrArray) buttons = test_find_widgets (GTK_WIDGET (fixture->page), match_rotate_button, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GStrv targets;

  for (guint i = 0; i < buttons->len; i++)
    {
      GVariant *target = gtk_actionable_get_action_target_value (g_ptr_array_index (buttons, i));
      const char *connection_id = NULL;
      const char *key_id = NULL;

      g_assert_nonnull (target);
      g_assert_true (g_variant_is_of_type (target, G_VARIANT_TYPE ("(ss)")));
      g_variant_get (target, "(&s&s)", &connection_id, &key_id);
      g_assert_cmpstr (connection_id, ==, AIVO_CONNECTION_LOCAL);
      g_strv_builder_add (builder, key_id);
    }

  targets = g_strv_builder_end (builder);
  qsort (targets, g_strv_length (targets), sizeof (char *), compare_strings);

  return targets;
}

static GStrv
sorted_ids (AivoKey *a,
            AivoKey *b)
{
  GStrv ids = g_new0 (char *, 3);

  ids[0] = g_strdup (aivo_key_get_id (a));
  ids[1] = g_strdup (aivo_key_get_id (b));
  qsort (ids, 2, sizeof (char *), compare_strings);

  return ids;
}

typedef struct
{
  AivoTeamPage *page;
  guint         n;
} FlaggedWait;

static gboolean
n_flagged_is (gpointer data)
{
  FlaggedWait *wait = data;

  return aivo_team_page_get_n_flagged (wait->page) == wait->n;
}

static gboolean
members_are (gpointer data)
{
  FlaggedWait *wait = data;

  return aivo_team_page_get_n_members (wait->page) == wait->n;
}

/* Remove Marcus (mem_0002): exactly the keys shared with him are flagged,
 * shown under "2 keys need rotation now" with a button each into the
 * wizard, and notified at once. */
static void
test_remove_member_flags_shared_keys (Fixture       *fixture,
                                      gconstpointer  data)
{
  const char * const with_marcus[] = { "mem_0002", NULL };
  const char * const with_both[] = { "mem_0002", "mem_0003", NULL };
  const char * const with_priya[] = { "mem_0003", NULL };
  g_autoptr(AivoKey) crm = NULL;
  g_autoptr(AivoKey) analytics = NULL;
  g_autoptr(AivoKey) widget = NULL;
  g_autoptr(AivoKey) billing = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_auto(GStrv) targets = NULL;
  g_auto(GStrv) expected = NULL;
  AdwMessageDialog *dialog;
  FlaggedWait wait;

  if (!test_have_session ())
    return;

  crm = test_connection_create_key (&fixture->conn, "CRM Integration", AIVO_ENVIRONMENT_PRODUCTION, with_marcus);
  analytics = test_connection_create_key (&fixture->conn, "Analytics Script", AIVO_ENVIRONMENT_DEVELOPMENT, with_both);
  widget = test_connection_create_key (&fixture->conn, "Website Widget", AIVO_ENVIRONMENT_TESTING, NULL);
  billing = test_connection_create_key (&fixture->conn, "Billing Export", AIVO_ENVIRONMENT_PRODUCTION, with_priya);
  aivo_team_page_reload (fixture->page);
  test_spin (300);

  /* Everyone is listed; only the owner has no way out. */
  g_assert_cmpuint (aivo_team_page_get_n_members (fixture->page), ==, 3);
  g_assert_nonnull (remove_button (fixture, "Marcus Chen"));
  g_assert_nonnull (remove_button (fixture, "Priya Raman"));
  g_assert_nonnull (test_find_visible_label (GTK_WIDGET (fixture->page), "3 members"));
  g_assert_nonnull (test_find_visible_label (GTK_WIDGET (fixture->page), "Owner"));
  g_assert_nonnull (test_find_visible_label (GTK_WIDGET (fixture->page), "Admin"));
  g_assert_nonnull (test_find_visible_label (GTK_WIDGET (fixture->page), "Developer"));
  g_assert_nonnull (test_find_visible_label (GTK_WIDGET (fixture->page), "Active"));
  g_assert_nonnull (test_find_row_with_title (GTK_WIDGET (fixture->page), "Marcus Chen"));
  rows = test_find_widgets (GTK_WIDGET (fixture->page), match_row, NULL);
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      AdwPreferencesRow *row = g_ptr_array_index (rows, i);

      /* Names come from the server: never read as markup. */
      g_assert_false (adw_preferences_row_get_use_markup (row));
      if (g_str_equal (adw_preferences_row_get_title (row), "Marcus Chen"))
        g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "marcus@brightsmile.example");
      else if (!g_str_equal (adw_preferences_row_get_title (row), "Priya Raman"))
        g_assert_null (test_find_widget (GTK_WIDGET (row), match_rotate_button, NULL));
    }
  g_assert_cmpuint (aivo_team_page_get_n_flagged (fixture->page), ==, 0);
  g_assert_null (test_find_visible_label (GTK_WIDGET (fixture->page), "need rotation now"));

  dialog = click_remove (fixture, "Marcus Chen");
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "Marcus Chen"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "must then be rotated"));
  test_screenshot ("team-remove-confirm.png");
  click_response (dialog, "_Remove Member");

  /* At once: the two keys Marcus had, each with its way into the wizard. */
  wait = (FlaggedWait) { fixture->page, 2 };
  g_assert_true (test_wait_until (n_flagged_is, &wait, WAIT_MS));
  g_assert_nonnull (test_find_visible_label (GTK_WIDGET (fixture->page), "2 keys need rotation now"));
  g_assert_nonnull (test_find_row_with_title (GTK_WIDGET (fixture->page), "CRM Integration"));
  g_assert_nonnull (test_find_row_with_title (GTK_WIDGET (fixture->page), "Analytics Script"));
  g_assert_null (test_find_row_with_title (GTK_WIDGET (fixture->page), "Website Widget"));
  g_assert_null (test_find_row_with_title (GTK_WIDGET (fixture->page), "Billing Export"));
  targets = rotate_targets (fixture);
  expected = sorted_ids (crm, analytics);
  g_assert_cmpstrv (targets, expected);

  /* Marcus is gone, from the page and from the server. */
  wait = (FlaggedWait) { fixture->page, 2 };
  g_assert_true (test_wait_until (members_are, &wait, WAIT_MS));
  g_assert_null (remove_button (fixture, "Marcus Chen"));
  g_assert_nonnull (remove_button (fixture, "Priya Raman"));
  g_assert_cmpuint (count_members (fixture), ==, 2);

  /* The server flagged exactly those. */
  {
    AivoKey *keys[] = { crm, analytics, widget, billing };
    const gboolean flagged[] = { TRUE, TRUE, FALSE, FALSE };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        g_autoptr(AivoKey) fresh = get_key (fixture, keys[i]);

        g_assert_cmpint (aivo_key_get_rotation_required (fresh), ==, flagged[i]);
        if (flagged[i])
          {
            g_assert_cmpstr (aivo_key_get_rotation_reason (fresh), ==, "member_departed");
            g_assert_cmpstr (aivo_key_get_rotation_member_id (fresh), ==, "mem_0002");
          }
      }
  }

  /* And a notification for each, at once, urgent enough to be seen. */
  g_assert_true (test_notification_server_wait_added (server, 2, WAIT_MS));
  test_notification_server_settle (server);
  g_assert_cmpuint (test_notification_server_get_n_added (server), ==, 2);
  g_assert_cmpuint (fixture->sent->len, ==, 2);
  {
    AivoKey *keys[] = { crm, analytics };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        g_autofree char *id = aivo_reminder_service_dup_notification_id (AIVO_CONNECTION_LOCAL,
                                                                         aivo_key_get_id (keys[i]));
        GVariant *notification = test_notification_server_lookup (server, id);
        const char *priority = NULL;
        const char *body = NULL;

        g_assert_nonnull (notification);
        g_assert_true (g_variant_lookup (notification, "priority", "&s", &priority));
        g_assert_cmpstr (priority, ==, "high");
        g_assert_true (g_variant_lookup (notification, "body", "&s", &body));
        g_assert_true (g_str_has_prefix (body, "Rotate now: a team member with access left"));
      }
  }

  test_screenshot ("team-keys-need-rotation.png");
  test_assert_controls_named (GTK_WIDGET (fixture->window));

  /* "Rotate Now" opens the wizard on that very key. */
  g_ptr_array_set_size (rotated_ids, 0);
  {
    g_autoptr(GPtrArray) buttons = test_find_widgets (GTK_WIDGET (fixture->page), match_rotate_button, NULL);

    g_assert_cmpuint (buttons->len, ==, 2);
    for (guint i = 0; i < buttons->len; i++)
      test_click (g_ptr_array_index (buttons, i));
  }
  g_assert_cmpuint (rotated_ids->len, ==, 2);
  g_ptr_array_sort (rotated_ids, compare_strings);
  g_assert_cmpstr (g_ptr_array_index (rotated_ids, 0), ==, expected[0]);
  g_assert_cmpstr (g_ptr_array_index (rotated_ids, 1), ==, expected[1]);
}

/* Cancel: nobody is removed, nothing is flagged. */
static void
test_cancel_keeps_member (Fixture       *fixture,
                          gconstpointer  data)
{
  const char * const with_priya[] = { "mem_0003", NULL };
  g_autoptr(AivoKey) billing = NULL;
  g_autoptr(AivoKey) fresh = NULL;
  AdwMessageDialog *dialog;

  if (!test_have_session ())
    return;

  billing = test_connection_create_key (&fixture->conn, "Billing Export", AIVO_ENVIRONMENT_PRODUCTION, with_priya);

  dialog = click_remove (fixture, "Priya Raman");
  click_response (dialog, "_Cancel");
  test_spin (500);

  g_assert_cmpuint (count_members (fixture), ==, 3);
  g_assert_cmpuint (aivo_team_page_get_n_members (fixture->page), ==, 3);
  g_assert_nonnull (remove_button (fixture, "Priya Raman"));
  g_assert_cmpuint (aivo_team_page_get_n_flagged (fixture->page), ==, 0);
  fresh = get_key (fixture, billing);
  g_assert_false (aivo_key_get_rotation_required (fresh));
  g_assert_cmpuint (fixture->sent->len, ==, 0);
}

/* Keys flagged earlier (by another client) are listed when the page loads;
 * the old key of a rotation under way is not. */
static void
test_flagged_on_load (Fixture       *fixture,
                      gconstpointer  data)
{
  const char * const with_priya[] = { "mem_0003", NULL };
  g_autoptr(AivoKey) billing = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  FlaggedWait wait = { NULL, 1 };

  if (!test_have_session ())
    return;

  wait.page = fixture->page;
  billing = test_connection_create_key (&fixture->conn, "Billing Export", AIVO_ENVIRONMENT_PRODUCTION, with_priya);
  aivo_client_remove_team_member_async (client (fixture), "mem_0003", NULL, test_store_result, &result);
  g_assert_true (aivo_client_remove_team_member_finish (client (fixture), test_wait_result (&result), &error));
  g_assert_no_error (error);

  aivo_team_page_reload (fixture->page);
  g_assert_true (test_wait_until (n_flagged_is, &wait, WAIT_MS));
  g_assert_nonnull (test_find_visible_label (GTK_WIDGET (fixture->page), "1 key needs rotation now"));
  g_assert_cmpuint (aivo_team_page_get_n_members (fixture->page), ==, 2);

  /* Rotated, with a grace period: the old key is on its way out, the new
   * one needs nothing. */
  g_clear_object (&result);
  aivo_client_rotate_key_async (client (fixture), aivo_key_get_id (billing), 3600, NULL, test_store_result, &result);
  {
    g_autoptr(AivoSecret) secret = NULL;
    g_autoptr(AivoKey) rotated = aivo_client_rotate_key_finish (client (fixture), test_wait_result (&result),
                                                                &secret, &error);

    g_assert_no_error (error);
    g_assert_nonnull (rotated);
  }

  aivo_team_page_reload (fixture->page);
  wait.n = 0;
  g_assert_true (test_wait_until (n_flagged_is, &wait, WAIT_MS));
  g_assert_null (test_find_visible_label (GTK_WIDGET (fixture->page), "need rotation now"));
}

static void
rotate_key_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  const char *connection_id = NULL;
  const char *key_id = NULL;

  g_variant_get (parameter, "(&s&s)", &connection_id, &key_id);
  g_assert_cmpstr (connection_id, ==, AIVO_CONNECTION_LOCAL);
  g_ptr_array_add (rotated_ids, g_strdup (key_id));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  if (test_have_session ())
    {
      static const GActionEntry actions[] = {
        { "rotate-key", rotate_key_action, "(ss)" },
      };

      server = test_notification_server_new ();
      rotated_ids = g_ptr_array_new_with_free_func (g_free);
      application = gtk_application_new ("bz.aivo.Studio.TestTeam", G_APPLICATION_NON_UNIQUE);
      g_action_map_add_action_entries (G_ACTION_MAP (application), actions, G_N_ELEMENTS (actions), NULL);
      g_application_register (G_APPLICATION (application), NULL, &error);
      g_assert_no_error (error);
    }

#define ADD(path, func) \
  g_test_add ("/team-page/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("remove-member-flags-shared-keys", test_remove_member_flags_shared_keys);
  ADD ("cancel-keeps-member", test_cancel_keeps_member);
  ADD ("flagged-on-load", test_flagged_on_load);

  status = g_test_run ();

  g_clear_object (&application);
  g_clear_pointer (&server, test_notification_server_free);
  g_clear_pointer (&rotated_ids, g_ptr_array_unref);

  return status;
}
