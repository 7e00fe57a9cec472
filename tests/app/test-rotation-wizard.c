/* test-rotation-wizard.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The key rotation wizard driven through its buttons, against the real
 * sandbox on a thread of this process (a throw-away data directory), with
 * the session's keyring and GSettings in memory. The app reaches the sandbox
 * as a remote server, so the test holds the account token and can look at
 * the keys behind the wizard's back. Needs the throw-away keyring of
 * build-aux/headless (which sets AIVO_HEADLESS_SCRATCH), and skips without
 * it rather than touch a user's own.
 *
 * With AIVO_SCREENSHOT_DIR set, each step is also saved as a screenshot of
 * the X screen (ImageMagick's import). */

#include "config.h"

#include <string.h>

#include "aivo-application.h"
#include "aivo-clock.h"
#include "aivo-credential.h"
#include "aivo-key-row.h"
#include "aivo-reveal-dialog.h"
#include "aivo-rotation-wizard.h"
#include "aivo-sandbox-thread.h"
#include "aivo-window.h"
#include "app-test-sandbox.h"
#include "app-test-util.h"

#define WATCHDOG_SECONDS 120
#define WAIT_MS          20000
#define KEY_LIMIT        10

typedef struct
{
  TestConnection         conn;
  AivoSandboxThread     *sandbox;
  AivoClient            *client;       /* the test's own, with the account token */
  AivoSecret            *token;
  char                  *connection;
  GtkWindow             *parent;
  AivoRotationWizard    *wizard;
  GdkClipboard          *clipboard;
} Fixture;

static AivoKey *
create_key (Fixture     *fixture,
            const char  *name,
            AivoScope    scopes,
            AivoSecret **secret)
{
  return test_create_key (fixture->client, name, AIVO_ENVIRONMENT_PRODUCTION, scopes, NULL, secret);
}

static GPtrArray *
list_keys (Fixture *fixture,
           guint   *count)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *keys;

  aivo_client_list_keys_async (fixture->client, NULL, test_store_result, &result);
  keys = aivo_client_list_keys_finish (fixture->client, test_wait_result (&result), count, NULL, &error);
  g_assert_no_error (error);

  return keys;
}

static AivoKey *
get_key (Fixture    *fixture,
         const char *id)
{
  return test_get_key (fixture->client, id);
}

static guint
probe (Fixture    *fixture,
       const char *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  aivo_client_probe_credential_async (fixture->client, secret, NULL, test_store_result, &result);
  status = aivo_client_probe_credential_finish (fixture->client, test_wait_result (&result), &error);
  g_assert_no_error (error);

  return status;
}

static AivoSecret *
keyring_lookup (Fixture    *fixture,
                const char *key_id)
{
  g_autoptr(GError) error = NULL;
  AivoSecret *secret;

  secret = aivo_secret_store_lookup_key_sync (fixture->conn.store, fixture->connection, key_id, NULL, &error);
  g_assert_no_error (error);

  return secret;
}

/* Set-up */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const reset[] = { "rotations-in-progress", "remote-connections", NULL };
  g_autofree char *base_url = NULL;
  g_autofree char *sandbox_dir = NULL;

  if (!test_begin_session (WATCHDOG_SECONDS))
    return;

  /* Every test starts with no remote and no rotation in progress. */
  test_connection_set_up (&fixture->conn, reset);
  sandbox_dir = g_build_filename (fixture->conn.data_dir, "sandbox", NULL);

  fixture->sandbox = aivo_sandbox_thread_new (sandbox_dir, "professional");
  aivo_sandbox_thread_set_empty (fixture->sandbox, TRUE);
  aivo_sandbox_thread_start_async (fixture->sandbox, NULL, test_store_result, &result);
  g_assert_true (aivo_sandbox_thread_start_finish (fixture->sandbox, test_wait_result (&result),
                                                   &base_url, &fixture->token, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  fixture->client = aivo_client_new (base_url);
  aivo_client_set_account_token (fixture->client, fixture->token);

  /* The app reaches the test's sandbox as a remote server. */
  aivo_connection_manager_add_remote_async (fixture->conn.manager, "Test Sandbox", base_url, fixture->token,
                                            NULL, test_store_result, &result);
  fixture->connection = aivo_connection_manager_add_remote_finish (fixture->conn.manager, test_wait_result (&result),
                                                                   &error);
  g_assert_no_error (error);
  g_assert_cmpstr (aivo_connection_manager_get_active_id (fixture->conn.manager), ==, fixture->connection);
  test_connection_start (&fixture->conn);

  fixture->clipboard = gdk_display_get_clipboard (gdk_display_get_default ());
  gdk_clipboard_set_content (fixture->clipboard, NULL);

  fixture->parent = GTK_WINDOW (gtk_window_new ());
  g_object_add_weak_pointer (G_OBJECT (fixture->parent), (gpointer *) &fixture->parent);
  test_present (fixture->parent);
}

static void close_wizard (Fixture *fixture);

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!test_have_session ())
    return;

  if (fixture->wizard != NULL)
    close_wizard (fixture);
  if (fixture->parent != NULL)
    gtk_window_destroy (fixture->parent);

  gdk_clipboard_set_content (fixture->clipboard, NULL);

  aivo_secret_store_delete_connection_sync (fixture->conn.store, fixture->connection, NULL, &error);
  g_assert_no_error (error);

  /* The app first: nothing of it may still talk to the test's sandbox. */
  aivo_connection_manager_shutdown (fixture->conn.manager);
  g_clear_object (&fixture->client);
  aivo_sandbox_thread_stop (fixture->sandbox);
  g_clear_object (&fixture->sandbox);
  g_clear_pointer (&fixture->token, aivo_secret_free);
  g_clear_pointer (&fixture->connection, g_free);
  test_connection_tear_down (&fixture->conn);

  test_watchdog_disarm ();
}

/* What a user sees and does */

static gboolean
match_scrolled_window (GtkWidget     *widget,
                       gconstpointer  data)
{
  return GTK_IS_SCROLLED_WINDOW (widget) && gtk_widget_get_mapped (widget);
}

/* A second screenshot of what is below the fold. */
static void
screenshot_end (GtkWidget  *window,
                const char *name)
{
  GtkWidget *scrolled = test_find_widget (window, match_scrolled_window, NULL);
  GtkAdjustment *adjustment;

  if (g_getenv ("AIVO_SCREENSHOT_DIR") == NULL)
    return;

  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  test_screenshot (name);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

static GtkWidget *
root (Fixture *fixture)
{
  return GTK_WIDGET (fixture->wizard);
}

static void
click_action (GtkWidget  *root_widget,
              const char *action_name)
{
  GtkWidget *button = test_find_button_for_action (root_widget, action_name);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  test_click (button);
}

static gboolean
action_is_enabled (Fixture    *fixture,
                   const char *action_name)
{
  GtkWidget *button = test_find_button_for_action (root (fixture), action_name);

  return button != NULL && gtk_widget_is_sensitive (button) && gtk_widget_get_mapped (button);
}

typedef struct
{
  AivoRotationWizard *wizard;
  const char         *step;
} StepWait;

static gboolean
is_at_step (gpointer data)
{
  StepWait *wait = data;

  return g_strcmp0 (aivo_rotation_wizard_get_step (wait->wizard), wait->step) == 0;
}

static void
wait_for_wizard_step (AivoRotationWizard *wizard,
                      const char         *step)
{
  StepWait wait = { wizard, step };

  if (!test_wait_until (is_at_step, &wait, WAIT_MS))
    g_error ("The wizard is at “%s”, not “%s”", aivo_rotation_wizard_get_step (wizard), step);
}

static void
wait_for_step (Fixture    *fixture,
               const char *step)
{
  wait_for_wizard_step (fixture->wizard, step);
}

static gboolean
shows (Fixture    *fixture,
       const char *text_part)
{
  return test_label_is_shown (root (fixture), text_part);
}

static void
wait_for_text (Fixture    *fixture,
               const char *text_part)
{
  if (!test_wait_for_label (root (fixture), text_part, WAIT_MS))
    g_error ("The wizard never showed “%s”", text_part);
}

static void
open_wizard (Fixture    *fixture,
             const char *key_id)
{
  fixture->wizard = AIVO_ROTATION_WIZARD (aivo_rotation_wizard_new (fixture->parent, fixture->conn.manager,
                                                                    fixture->connection, key_id));
  g_assert_nonnull (fixture->wizard);
  g_object_add_weak_pointer (G_OBJECT (fixture->wizard), (gpointer *) &fixture->wizard);
  test_present (GTK_WINDOW (fixture->wizard));
}

/* Gone for good once the calls it cancelled have come back. */
static void
close_wizard (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->wizard));
  g_assert_true (test_wait_until (test_pointer_is_unset, &fixture->wizard, WAIT_MS));
}

/* Step 2, once the new key exists: Done in the one-time reveal with
 * saving on. */
static void
save_in_reveal (Fixture    *fixture,
                const char *screenshot_name)
{
  GtkWindow *reveal;
  GtkWidget *save_switch;

  reveal = test_wait_for_toplevel (AIVO_TYPE_REVEAL_DIALOG, GTK_WINDOW (fixture->wizard), WAIT_MS);
  g_assert_nonnull (reveal);
  save_switch = test_find_by_accessible_label (GTK_WIDGET (reveal), GTK_TYPE_SWITCH, "Save to keyring");
  g_assert_nonnull (save_switch);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (save_switch)));
  if (screenshot_name != NULL)
    test_screenshot (screenshot_name);

  /* The wizard waits for the reveal: it can't move on or close under it. */
  g_assert_false (action_is_enabled (fixture, "wizard.next"));
  gtk_window_close (GTK_WINDOW (fixture->wizard));
  g_assert_nonnull (fixture->wizard);

  click_action (GTK_WIDGET (reveal), "reveal.done");
  wait_for_step (fixture, "update");
}

static void
create_and_save (Fixture    *fixture,
                 const char *screenshot_name)
{
  click_action (root (fixture), "wizard.create");
  save_in_reveal (fixture, screenshot_name);
}

static void
assert_progress (Fixture    *fixture,
                 const char *old_id,
                 const char *new_id,
                 const char *step)
{
  g_autoptr(GVariant) entries = g_settings_get_value (fixture->conn.settings, "rotations-in-progress");
  const char *connection, *e_old, *e_new, *e_step;
  gint64 updated;

  if (step == NULL)
    {
      g_assert_cmpuint (g_variant_n_children (entries), ==, 0);
      return;
    }

  g_assert_cmpuint (g_variant_n_children (entries), ==, 1);
  g_variant_get_child (entries, 0, "(&s&s&s&sx)", &connection, &e_old, &e_new, &e_step, &updated);
  g_assert_cmpstr (connection, ==, fixture->connection);
  g_assert_cmpstr (e_old, ==, old_id);
  g_assert_cmpstr (e_new, ==, new_id);
  g_assert_cmpstr (e_step, ==, step);
  g_assert_cmpint (updated, >, 0);
}

static gboolean
match_mapped_row (GtkWidget     *widget,
                 gconstpointer  data)
{
  return ADW_IS_ACTION_ROW (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static gboolean
checks_done (gpointer data)
{
  return shows (data, "The new key works for") || shows (data, "failed: see why above");
}

static gboolean
clipboard_has_content (gpointer data)
{
  return gdk_clipboard_get_content (data) != NULL;
}

static gboolean
new_key_was_used (gpointer data)
{
  Fixture *fixture = data;
  GtkWidget *row = test_find_widget (root (fixture), match_mapped_row, "New Key");
  GtkWidget *label = row != NULL ? test_find_visible_label (row, "") : NULL;

  return label != NULL && !g_str_equal (gtk_label_get_text (GTK_LABEL (label)), "Never used") &&
         !g_str_equal (gtk_label_get_text (GTK_LABEL (label)), "");
}

/* What step 4 sends for each scope and what a pass looks like: reads get
 * 200, writes a refused body (so nothing is written). In scope order. */
typedef struct
{
  const char *scope;
  const char *shown;
} CheckCase;

static const CheckCase check_cases[] = {
  { "calls:read",         "GET /v1/calls?limit=1 → 200 OK" },
  { "calls:write",        "PATCH /v1/call-settings → 422 Unprocessable Entity: scope accepted, nothing written" },
  { "knowledge:read",     "GET /v1/knowledge/articles?limit=1 → 200 OK" },
  { "knowledge:write",    "POST /v1/knowledge/articles → 422 Unprocessable Entity: scope accepted" },
  { "appointments:read",  "GET /v1/appointments?limit=1 → 200 OK" },
  { "appointments:write", "POST /v1/appointments → 422 Unprocessable Entity: scope accepted" },
  { "contacts:read",      "GET /v1/contacts?limit=1 → 200 OK" },
  { "contacts:write",     "POST /v1/contacts → 422 Unprocessable Entity: scope accepted" },
  { "account:read",       "GET /v1/account → 200 OK" },
  { "account:write",      "PATCH /v1/account → 422 Unprocessable Entity: scope accepted" },
  { "webhooks:manage",    "GET /v1/webhooks → 200 OK" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (check_cases) == AIVO_N_SCOPES);

/* Tests */

/* The whole story on a full account: the four steps, then the proof. */
static void
test_rotates_full_account (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(AivoKey) old_key = NULL;
  g_autoptr(AivoKey) new_key = NULL;
  g_autoptr(AivoSecret) old_secret = NULL;
  g_autoptr(AivoSecret) new_secret = NULL;
  g_autoptr(AivoSecret) copied = NULL;
  g_autoptr(AivoSecret) expected_line = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_id = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *env_line = NULL;
  g_autoptr(AivoSecret) stored = NULL;
  AdwMessageDialog *confirmation;
  guint count = 0;

  if (!test_have_session ())
    return;

  /* A full account: the key to rotate has every scope, nine others one. */
  old_key = create_key (fixture, "CRM Integration", AIVO_SCOPE_ALL, &old_secret);
  old_id = g_strdup (aivo_key_get_id (old_key));
  for (guint i = 1; i < KEY_LIMIT; i++)
    {
      g_autofree char *name = g_strdup_printf ("Script %u", i);
      g_autoptr(AivoKey) other = create_key (fixture, name, AIVO_SCOPE_CALLS_READ, NULL);
    }
  keys = list_keys (fixture, &count);
  g_assert_cmpuint (count, ==, KEY_LIMIT);
  g_clear_pointer (&keys, g_ptr_array_unref);

  g_assert_true (aivo_secret_store_store_key_sync (fixture->conn.store, fixture->connection, old_id,
                                                   AIVO_ENVIRONMENT_PRODUCTION, "CRM Integration",
                                                   old_secret, NULL, &error));
  g_assert_no_error (error);

  /* Step 1 */
  open_wizard (fixture, old_id);
  wait_for_step (fixture, "review");
  g_assert_true (shows (fixture, "Step 1 of 4"));
  g_assert_true (shows (fixture, "CRM Integration"));
  g_assert_true (shows (fixture, "Production"));
  g_assert_true (shows (fixture, aivo_key_get_hint (old_key)));
  g_assert_true (shows (fixture, "calls:read, calls:write"));
  g_assert_true (shows (fixture, "Production keys are rotated every 90 days"));
  g_assert_true (shows (fixture, "Never used"));
  g_assert_true (shows (fixture, "Until I delete it"));
  g_assert_true (shows (fixture, "it stops by itself after 7 days"));
  g_assert_false (action_is_enabled (fixture, "wizard.back"));
  assert_progress (fixture, NULL, NULL, NULL);
  test_screenshot ("rotation-1-review.png");

  /* Step 2 */
  click_action (root (fixture), "wizard.next");
  wait_for_step (fixture, "create");
  g_assert_true (shows (fixture, "Step 2 of 4"));
  g_assert_true (shows (fixture, "doesn’t count against the account’s limit of 10 keys"));
  g_assert_false (action_is_enabled (fixture, "wizard.next"));
  assert_progress (fixture, old_id, "", "create");
  test_screenshot ("rotation-2-create.png");

  create_and_save (fixture, "rotation-2-reveal.png");

  new_id = g_strdup (aivo_rotation_wizard_get_new_key_id (fixture->wizard));
  g_assert_nonnull (new_id);
  g_assert_cmpstr (new_id, !=, old_id);
  assert_progress (fixture, old_id, new_id, "update");

  /* Rotated at 10 of 10: same scopes, the old key in its grace period. */
  new_key = get_key (fixture, new_id);
  g_assert_cmpstr (aivo_key_get_rotated_from (new_key), ==, old_id);
  g_assert_cmpuint (aivo_key_get_scopes (new_key), ==, aivo_key_get_scopes (old_key));
  g_assert_cmpstr (aivo_key_get_name (new_key), ==, "CRM Integration");
  g_clear_object (&old_key);
  old_key = get_key (fixture, old_id);
  g_assert_nonnull (aivo_key_get_expires_at (old_key));
  keys = list_keys (fixture, &count);
  g_assert_cmpuint (count, ==, KEY_LIMIT);
  g_assert_cmpuint (keys->len, ==, KEY_LIMIT + 1);

  new_secret = keyring_lookup (fixture, new_id);
  g_assert_nonnull (new_secret);
  g_assert_cmpuint (probe (fixture, new_secret), ==, 200);
  /* The old key still works during its grace period. */
  g_assert_cmpuint (probe (fixture, old_secret), ==, 200);

  /* Step 3: the hint on screen, the whole key only on the clipboard. */
  g_assert_true (shows (fixture, "Step 3 of 4"));
  env_line = g_strdup_printf ("export AIVO_API_KEY=%s", aivo_key_get_hint (new_key));
  g_assert_true (shows (fixture, env_line));
  g_assert_true (shows (fixture, "aivo request --key"));
  g_assert_true (shows (fixture, new_id));
  test_assert_text_not_shown (root (fixture), new_secret, NULL);
  test_assert_text_not_shown (root (fixture), old_secret, NULL);

  click_action (root (fixture), "wizard.copy-env");
  g_assert_true (test_wait_until (clipboard_has_content, fixture->clipboard, WAIT_MS));
  copied = test_clipboard_read_text (fixture->clipboard);
  expected_line = g_strconcat ("export AIVO_API_KEY=", new_secret, NULL);
  g_assert_cmpstr (copied, ==, expected_line);
  g_assert_true (shows (fixture, "Copied — the clipboard is cleared in 30 seconds"));
  test_screenshot ("rotation-3-update.png");

  /* The command, ready for any shell: its query quoted, no secret in it. */
  g_clear_pointer (&copied, aivo_secret_free);
  g_clear_pointer (&expected_line, aivo_secret_free);
  click_action (root (fixture), "wizard.copy-cli");
  expected_line = g_strdup_printf ("aivo request --key %s GET '/v1/calls?limit=1'", new_id);
  g_assert_true (test_wait_until (clipboard_has_content, fixture->clipboard, WAIT_MS));
  copied = test_clipboard_read_text (fixture->clipboard);
  g_assert_cmpstr (copied, ==, expected_line);

  /* No main window here: the wizard says where the Playground is. */
  gtk_widget_activate (test_find_row_with_title (root (fixture), "Open in _Playground"));
  g_assert_true (shows (fixture, "The Playground is in the main window"));

  /* Step 4 */
  click_action (root (fixture), "wizard.next");
  wait_for_step (fixture, "verify");
  g_assert_true (shows (fixture, "Step 4 of 4"));
  assert_progress (fixture, old_id, new_id, "verify");
  test_screenshot ("rotation-4-before-verify.png");
  click_action (root (fixture), "wizard.verify");
  g_assert_true (test_wait_until (checks_done, fixture, WAIT_MS));
  g_assert_true (shows (fixture, "The new key works for all 11 of its scopes."));

  for (guint i = 0; i < AIVO_N_SCOPES; i++)
    {
      const char *scope = aivo_scope_to_string (aivo_scope_nth (i));
      GtkWidget *row = test_find_widget (root (fixture), match_mapped_row, scope);
      const CheckCase *check = &check_cases[i];
      const char *subtitle;

      g_assert_cmpstr (check->scope, ==, scope);
      g_assert_nonnull (row);
      subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
      if (!g_str_has_prefix (subtitle, check->shown))
        g_error ("%s: “%s”, not “%s”", scope, subtitle, check->shown);
      g_assert_nonnull (test_find_by_accessible_label (row, GTK_TYPE_IMAGE, "Passed"));
    }

  /* Every button of every step, the icon-only ones too, says what it is. */
  test_assert_controls_named (root (fixture));

  /* The checks were uses of the new key: side by side, it is ahead now. */
  click_action (root (fixture), "wizard.refresh-usage");
  g_assert_true (test_wait_until (new_key_was_used, fixture, WAIT_MS));
  test_screenshot ("rotation-4-verify.png");
  screenshot_end (root (fixture), "rotation-4-verify-end.png");

  click_action (root (fixture), "wizard.delete-old");
  confirmation = ADW_MESSAGE_DIALOG (test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, GTK_WINDOW (fixture->wizard),
                                                             WAIT_MS));
  g_assert_nonnull (confirmation);
  g_assert_cmpstr (adw_message_dialog_get_heading (confirmation), ==, "Delete the old “CRM Integration”?");
  test_screenshot ("rotation-4-confirm.png");
  test_click (test_find_button_with_label (GTK_WIDGET (confirmation), "_Delete Old Key"));

  wait_for_step (fixture, "done");
  g_assert_true (shows (fixture, "Rotation Complete"));
  g_assert_true (shows (fixture, "refused with 401 Unauthorized"));
  test_screenshot ("rotation-5-done.png");

  /* The proof, checked from outside. */
  g_assert_cmpuint (probe (fixture, old_secret), ==, 401);
  g_assert_cmpuint (probe (fixture, new_secret), ==, 200);
  stored = keyring_lookup (fixture, old_id);
  g_assert_null (stored);
  stored = keyring_lookup (fixture, new_id);
  g_assert_nonnull (stored);
  g_assert_true (aivo_secure_str_equal (stored, new_secret));
  assert_progress (fixture, NULL, NULL, NULL);
  g_clear_pointer (&keys, g_ptr_array_unref);
  keys = list_keys (fixture, &count);
  g_assert_cmpuint (keys->len, ==, KEY_LIMIT);

  /* Never a secret in a log. */
  g_assert_null (strstr (test_get_captured_logs (), old_secret));
  g_assert_null (strstr (test_get_captured_logs (), new_secret));
}

/* Closed after step 2: opened again, it carries on at step 3. */
static void
test_resumes_after_closing (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(AivoKey) old_key = NULL;
  g_autoptr(AivoKey) still_old = NULL;
  g_autoptr(AivoKey) still_new = NULL;
  g_autoptr(AivoSecret) old_secret = NULL;
  g_autoptr(AivoSecret) new_secret = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_id = NULL;
  g_autofree char *new_id = NULL;
  AdwMessageDialog *confirmation;

  if (!test_have_session ())
    return;

  old_key = create_key (fixture, "Website Widget", AIVO_SCOPE_CALLS_READ | AIVO_SCOPE_CONTACTS_WRITE, &old_secret);
  old_id = g_strdup (aivo_key_get_id (old_key));
  g_assert_true (aivo_secret_store_store_key_sync (fixture->conn.store, fixture->connection, old_id,
                                                   AIVO_ENVIRONMENT_PRODUCTION, "Website Widget",
                                                   old_secret, NULL, &error));
  g_assert_no_error (error);

  open_wizard (fixture, old_id);
  wait_for_step (fixture, "review");
  click_action (root (fixture), "wizard.next");
  wait_for_step (fixture, "create");
  create_and_save (fixture, NULL);
  new_id = g_strdup (aivo_rotation_wizard_get_new_key_id (fixture->wizard));

  /* The window goes away, the place stays: no secret in it. */
  close_wizard (fixture);
  assert_progress (fixture, old_id, new_id, "update");

  open_wizard (fixture, old_id);
  wait_for_step (fixture, "update");
  g_assert_true (shows (fixture, "Step 3 of 4"));
  g_assert_cmpstr (aivo_rotation_wizard_get_new_key_id (fixture->wizard), ==, new_id);
  g_assert_true (shows (fixture, "Abandon Rotation"));
  g_assert_false (shows (fixture, "isn’t in your keyring"));
  new_secret = keyring_lookup (fixture, new_id);
  test_assert_text_not_shown (root (fixture), new_secret, NULL);

  /* Back to step 2 shows the key made, and can't make another. */
  click_action (root (fixture), "wizard.back");
  wait_for_step (fixture, "create");
  g_assert_true (shows (fixture, "The new key is saved in your keyring."));
  g_assert_false (action_is_enabled (fixture, "wizard.back"));
  g_assert_false (action_is_enabled (fixture, "wizard.create"));
  click_action (root (fixture), "wizard.next");
  wait_for_step (fixture, "update");
  close_wizard (fixture);

  /* The new key's row opens the same rotation. */
  open_wizard (fixture, new_id);
  wait_for_step (fixture, "update");
  g_assert_cmpstr (aivo_rotation_wizard_get_old_key_id (fixture->wizard), ==, old_id);

  /* Abandoning forgets the place and keeps both keys. */
  click_action (root (fixture), "wizard.abandon");
  confirmation = ADW_MESSAGE_DIALOG (test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, GTK_WINDOW (fixture->wizard),
                                                             WAIT_MS));
  g_assert_nonnull (confirmation);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirmation), "still stops working"));
  test_click (test_find_button_with_label (GTK_WIDGET (confirmation), "_Abandon"));
  g_assert_null (fixture->wizard);
  assert_progress (fixture, NULL, NULL, NULL);

  still_old = get_key (fixture, old_id);
  still_new = get_key (fixture, new_id);
  g_assert_nonnull (still_old);
  g_assert_nonnull (still_new);
  /* Both accepted: 403 only says they lack account:read. */
  g_assert_cmpuint (probe (fixture, old_secret), ==, 403);
  g_assert_cmpuint (probe (fixture, new_secret), ==, 403);
}

static gboolean
error_is_shown (gpointer data)
{
  return shows (data, "Creating the new key failed.");
}

/* The app's account token stops working behind its back, and the rotation
 * it is asked for next fails.
 *
 * Returns: (transfer none): the app's client, to give the token back to */
static AivoClient *
create_with_broken_token (Fixture *fixture)
{
  AivoClient *app_client = aivo_connection_manager_get_client (fixture->conn.manager);
  g_autoptr(AivoCredential) bad_token = NULL;
  g_autoptr(GError) error = NULL;

  bad_token = aivo_credential_generate (AIVO_CREDENTIAL_KIND_ACCOUNT_TOKEN, &error);
  g_assert_no_error (error);
  aivo_client_set_account_token (app_client, aivo_credential_peek_secret (bad_token));

  click_action (root (fixture), "wizard.create");
  g_assert_true (test_wait_until (error_is_shown, fixture, WAIT_MS));

  return app_client;
}

/* Rotate refused: what failed, Try Again, and nothing changed meanwhile. */
static void
test_failure_keeps_both_keys (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(AivoKey) old_key = NULL;
  g_autoptr(AivoKey) after = NULL;
  g_autoptr(AivoSecret) old_secret = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autofree char *old_id = NULL;
  AivoClient *app_client;
  guint count = 0;

  if (!test_have_session ())
    return;

  old_key = create_key (fixture, "Analytics Script", AIVO_SCOPE_CALLS_READ, &old_secret);
  old_id = g_strdup (aivo_key_get_id (old_key));

  open_wizard (fixture, old_id);
  wait_for_step (fixture, "review");
  /* Its shortest grace: none. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (test_find_row_with_title (root (fixture), "_Old Key Keeps Working")), 3);
  g_assert_true (shows (fixture, "refused from the moment the new key is created"));
  click_action (root (fixture), "wizard.next");
  wait_for_step (fixture, "create");

  app_client = create_with_broken_token (fixture);
  g_assert_cmpstr (aivo_rotation_wizard_get_step (fixture->wizard), ==, "create");
  g_assert_true (shows (fixture, "The old key is unchanged."));
  g_assert_true (shows (fixture, "The server rejected the account token"));
  g_assert_true (action_is_enabled (fixture, "wizard.retry"));
  g_assert_true (action_is_enabled (fixture, "wizard.stop"));
  g_assert_null (aivo_rotation_wizard_get_new_key_id (fixture->wizard));
  test_screenshot ("rotation-error.png");

  /* Nothing was created, nothing was changed. */
  keys = list_keys (fixture, &count);
  g_assert_cmpuint (keys->len, ==, 1);
  after = get_key (fixture, old_id);
  g_assert_null (aivo_key_get_expires_at (after));
  g_assert_cmpuint (probe (fixture, old_secret), ==, 403);   /* accepted, without account:read */
  assert_progress (fixture, old_id, "", "create");

  /* Try Again once the token works again. */
  aivo_client_set_account_token (app_client, fixture->token);
  click_action (root (fixture), "wizard.retry");
  g_assert_false (shows (fixture, "Creating the new key failed."));
  save_in_reveal (fixture, NULL);
  g_assert_nonnull (aivo_rotation_wizard_get_new_key_id (fixture->wizard));

  /* No grace period: the old key stopped at once. */
  g_assert_cmpuint (probe (fixture, old_secret), ==, 401);
}

/* Stop closes the wizard and keeps its place. */
static void
test_stop_keeps_place (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(AivoKey) old_key = NULL;
  g_autofree char *old_id = NULL;
  g_autofree char *new_id = NULL;
  AivoClient *app_client;

  if (!test_have_session ())
    return;

  old_key = create_key (fixture, "Scheduling Tool", AIVO_SCOPE_APPOINTMENTS_READ, NULL);
  old_id = g_strdup (aivo_key_get_id (old_key));

  open_wizard (fixture, old_id);
  wait_for_step (fixture, "review");
  click_action (root (fixture), "wizard.next");
  wait_for_step (fixture, "create");

  app_client = create_with_broken_token (fixture);

  click_action (root (fixture), "wizard.stop");
  g_assert_null (fixture->wizard);
  assert_progress (fixture, old_id, "", "create");

  aivo_client_set_account_token (app_client, fixture->token);
  open_wizard (fixture, old_id);
  wait_for_step (fixture, "create");
  g_assert_true (action_is_enabled (fixture, "wizard.create"));

  /* Gone while the new key is shown, before it reached the keyring. */
  click_action (root (fixture), "wizard.create");
  g_assert_nonnull (test_wait_for_toplevel (AIVO_TYPE_REVEAL_DIALOG, GTK_WINDOW (fixture->wizard), WAIT_MS));
  new_id = g_strdup (aivo_rotation_wizard_get_new_key_id (fixture->wizard));
  g_assert_nonnull (new_id);
  assert_progress (fixture, old_id, new_id, "create");
  close_wizard (fixture);
  g_assert_null (test_find_toplevel_transient (AIVO_TYPE_REVEAL_DIALOG, NULL));

  /* Back at step 2, saying the key can't be shown again, and going on. */
  open_wizard (fixture, new_id);
  wait_for_step (fixture, "create");
  g_assert_true (shows (fixture, "The new key isn’t in your keyring, and it can’t be shown again."));
  g_assert_false (action_is_enabled (fixture, "wizard.create"));
  click_action (root (fixture), "wizard.next");
  wait_for_step (fixture, "update");
  g_assert_true (shows (fixture, "The new key isn’t in your keyring, so Copy can’t fetch it"));
  click_action (root (fixture), "wizard.copy-env");
  wait_for_text (fixture, "nothing was copied");
  g_assert_false (action_is_enabled (fixture, "wizard.retry"));
}

static void
count_cb (gpointer  object,
          guint    *count)
{
  (*count)++;
}

/* The Keys page's way in: a Rotate button on each key's row. */
static void
test_key_row_offers_rotation (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(AivoKey) key = NULL;
  g_autoptr(AivoRotationPolicy) policy = aivo_rotation_policy_new ();
  g_autoptr(GDateTime) current = aivo_clock_now (aivo_clock_get_default ());
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row;
  GtkWidget *button;
  guint rotate_requests = 0;
  guint delete_requests = 0;

  if (!test_have_session ())
    return;

  key = create_key (fixture, "CRM Integration", AIVO_SCOPE_CONTACTS_WRITE, NULL);
  row = aivo_key_row_new (key, policy, current, FALSE);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_window_set_child (fixture->parent, list);
  g_signal_connect (row, "rotate-requested", G_CALLBACK (count_cb), &rotate_requests);
  g_signal_connect (row, "delete-requested", G_CALLBACK (count_cb), &delete_requests);

  gtk_widget_add_css_class (list, "boxed-list");
  gtk_window_set_default_size (fixture->parent, 900, -1);
  test_screenshot ("key-row.png");

  button = test_find_by_accessible_label (row, GTK_TYPE_BUTTON, "Rotate key CRM Integration");
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Rotate Key…");
  test_click (button);
  g_assert_cmpuint (rotate_requests, ==, 1);
  g_assert_cmpuint (delete_requests, ==, 0);
}

/* The application's "app.rotate-key" (what a reminder's Rotate Now
 * activates): the window, and the wizard over it for that key. The real
 * application, with its built-in sandbox in the throw-away home. */
static guint
count_wizards (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      count += AIVO_IS_ROTATION_WIZARD (window);
    }

  return count;
}

typedef struct _AppStory AppStory;

/* What happens in the application once its window is up. */
typedef void (*AppTell) (AppStory        *story,
                         AivoApplication *app,
                         GtkWindow       *window);

struct _AppStory
{
  AppTell  tell;
  guint    n_activations;
  gboolean done;
};

static void
app_activated_cb (GApplication *app,
                  AppStory     *story)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  AivoConnectionManager *manager = aivo_application_get_connection_manager (AIVO_APPLICATION (app));

  /* The action activates the application too: the story runs once. */
  if (story->n_activations++ > 0)
    return;

  g_assert_nonnull (window);
  g_assert_true (test_wait_until (test_manager_is_ready, manager, WAIT_MS));
  story->tell (story, AIVO_APPLICATION (app), window);
  story->done = TRUE;
  gtk_window_close (window);
}

/* Runs the application as main() does, with its built-in sandbox in the
 * throw-away home, and @story in it once its window is up. @remotes: the
 * servers added before, a(sss). */
static void
run_app_story (AppStory *story,
               GVariant *remotes)
{
  g_autofree char *sandbox_dir = NULL;
  g_autoptr(AivoSecretStore) store = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  AivoApplication *app;
  int status;

  sandbox_dir = g_build_filename (g_get_user_data_dir (), "aivo-studio", "sandbox", NULL);
  test_remove_tree (sandbox_dir);
  settings = g_settings_new (APP_ID);
  g_settings_reset (settings, "active-connection");
  g_settings_reset (settings, "rotations-in-progress");
  g_settings_set_value (settings, "remote-connections", remotes);

  app = aivo_application_new ();
  g_object_add_weak_pointer (G_OBJECT (app), (gpointer *) &app);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (app_activated_cb), story);
  status = g_application_run (G_APPLICATION (app), 0, NULL);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (story->done);
  g_object_unref (app);
  g_assert_null (app);

  store = aivo_secret_store_new ();
  aivo_secret_store_delete_connection_sync (store, AIVO_CONNECTION_LOCAL, NULL, &error);
  g_assert_no_error (error);
  g_settings_reset (settings, "remote-connections");
  g_settings_reset (settings, "active-connection");
  test_remove_tree (sandbox_dir);

  test_watchdog_disarm ();
}

static void
activate_rotate_key (AivoApplication *app,
                     const char      *connection_id,
                     const char      *key_id)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), "rotate-key",
                                  g_variant_new ("(ss)", connection_id, key_id));
}

static void
rotate_key_story (AppStory        *story,
                  AivoApplication *app,
                  GtkWindow       *window)
{
  AivoConnectionManager *manager = aivo_application_get_connection_manager (app);
  g_autoptr(AivoKey) key = NULL;
  GtkWindow *wizard;

  key = test_create_key (aivo_connection_manager_get_client (manager), "Reminded Key",
                         AIVO_ENVIRONMENT_PRODUCTION, AIVO_SCOPE_CALLS_READ, NULL, NULL);

  /* A notification's target is outside input: no key id, no wizard. */
  activate_rotate_key (app, AIVO_CONNECTION_LOCAL, "key_x/../y");
  test_spin (100);
  g_assert_cmpuint (count_wizards (), ==, 0);

  activate_rotate_key (app, AIVO_CONNECTION_LOCAL, aivo_key_get_id (key));
  wizard = test_wait_for_toplevel (AIVO_TYPE_ROTATION_WIZARD, window, WAIT_MS);
  g_assert_nonnull (wizard);
  wait_for_wizard_step (AIVO_ROTATION_WIZARD (wizard), "review");
  g_assert_cmpstr (aivo_rotation_wizard_get_old_key_id (AIVO_ROTATION_WIZARD (wizard)), ==, aivo_key_get_id (key));
  g_assert_cmpstr (aivo_rotation_wizard_get_connection_id (AIVO_ROTATION_WIZARD (wizard)), ==, AIVO_CONNECTION_LOCAL);

  /* Asked again: the same wizard comes forward, not a second one. */
  activate_rotate_key (app, AIVO_CONNECTION_LOCAL, aivo_key_get_id (key));
  test_spin (100);
  g_assert_cmpuint (count_wizards (), ==, 1);

  /* One window all along, brought forward each time. */
  g_assert_cmpuint (story->n_activations, ==, 3);
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (app)) == window);

  gtk_window_destroy (wizard);
}

/* A reminder is about a key of one connection, and the user may have
 * switched servers since it came: "Rotate Now" goes back to the key's own
 * connection (the wizard used to open on the active one, and find no such
 * key there). A connection removed since gets a toast, and no wizard. */

#define OTHER_REMOTE "remote-0a1b2c3d4e5f"
#define GONE_REMOTE  "remote-ffffffffffff"

static void
switched_servers_story (AppStory        *story,
                        AivoApplication *app,
                        GtkWindow       *window)
{
  AivoConnectionManager *manager = aivo_application_get_connection_manager (app);
  g_autoptr(AivoKey) key = NULL;
  GtkWindow *wizard;

  key = test_create_key (aivo_connection_manager_get_client (manager), "Reminded Key",
                         AIVO_ENVIRONMENT_DEVELOPMENT, AIVO_SCOPE_CALLS_READ, NULL, NULL);

  /* The user goes to another server (nobody listens there). */
  g_action_group_activate_action (G_ACTION_GROUP (window), "connection", g_variant_new_string (OTHER_REMOTE));
  g_assert_cmpstr (aivo_connection_manager_get_active_id (manager), ==, OTHER_REMOTE);

  /* A reminder about a server removed since. */
  activate_rotate_key (app, GONE_REMOTE, aivo_key_get_id (key));
  g_assert_true (test_wait_for_label (GTK_WIDGET (window), "no longer in AIVO Studio", WAIT_MS));
  g_assert_cmpuint (count_wizards (), ==, 0);
  g_assert_cmpstr (aivo_connection_manager_get_active_id (manager), ==, OTHER_REMOTE);

  /* A reminder about the sandbox's key: back there, and the wizard on it. */
  activate_rotate_key (app, AIVO_CONNECTION_LOCAL, aivo_key_get_id (key));
  wizard = test_wait_for_toplevel (AIVO_TYPE_ROTATION_WIZARD, window, WAIT_MS);
  g_assert_nonnull (wizard);
  g_assert_cmpstr (aivo_connection_manager_get_active_id (manager), ==, AIVO_CONNECTION_LOCAL);
  g_assert_cmpstr (aivo_rotation_wizard_get_connection_id (AIVO_ROTATION_WIZARD (wizard)), ==, AIVO_CONNECTION_LOCAL);
  wait_for_wizard_step (AIVO_ROTATION_WIZARD (wizard), "review");
  g_assert_cmpstr (aivo_rotation_wizard_get_old_key_id (AIVO_ROTATION_WIZARD (wizard)), ==, aivo_key_get_id (key));
  g_assert_nonnull (test_find_visible_label (GTK_WIDGET (wizard), "Reminded Key"));
  g_assert_true (test_wait_for_label (GTK_WIDGET (window), "Switched to “Built-in Sandbox”", WAIT_MS));
  g_assert_cmpuint (count_wizards (), ==, 1);

  gtk_window_destroy (wizard);
}

typedef struct
{
  AppTell     tell;
  const char *remotes;    /* the servers added before, a(sss) as text */
} AppCase;

static const AppCase opens_wizard = { rotate_key_story, "@a(sss) []" };
static const AppCase switches_connection = {
  switched_servers_story, "[('" OTHER_REMOTE "', 'Staging', 'http://127.0.0.1:9')]",
};

static void
test_app_action (gconstpointer data)
{
  const AppCase *app_case = data;
  AppStory story = { app_case->tell, 0, FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) remotes = NULL;

  if (!test_begin_session (WATCHDOG_SECONDS))
    return;

  remotes = g_variant_parse (G_VARIANT_TYPE ("a(sss)"), app_case->remotes, NULL, NULL, &error);
  g_assert_no_error (error);
  run_app_story (&story, remotes);
}

int
main (int   argc,
      char *argv[])
{
  test_capture_logs ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/rotation-wizard/rotates-full-account", Fixture, NULL,
              fixture_set_up, test_rotates_full_account, fixture_tear_down);
  g_test_add ("/rotation-wizard/resumes-after-closing", Fixture, NULL,
              fixture_set_up, test_resumes_after_closing, fixture_tear_down);
  g_test_add ("/rotation-wizard/failure-keeps-both-keys", Fixture, NULL,
              fixture_set_up, test_failure_keeps_both_keys, fixture_tear_down);
  g_test_add ("/rotation-wizard/stop-keeps-place", Fixture, NULL,
              fixture_set_up, test_stop_keeps_place, fixture_tear_down);
  g_test_add ("/rotation-wizard/key-row-offers-rotation", Fixture, NULL,
              fixture_set_up, test_key_row_offers_rotation, fixture_tear_down);
  g_test_add_data_func ("/rotation-wizard/app-action-opens-wizard", &opens_wizard, test_app_action);
  g_test_add_data_func ("/rotation-wizard/app-action-switches-connection", &switches_connection, test_app_action);

  return g_test_run ();
}
