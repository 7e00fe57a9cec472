/* test-keys-page.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Keys page end to end: the real application and window, the built-in
 * sandbox it starts after its first frame, and the session's keyring. A user's
 * story: an empty first run, Generate New Key with chosen scopes, the one-time
 * reveal, the keyring, the list without secrets, the 10-key limit, and
 * revocation proven by a 401. Needs the throw-away keyring and bus of
 * build-aux/headless (which sets AIVO_HEADLESS_SCRATCH), and skips without
 * them rather than touch a user's own. */

#include "config.h"

#include <string.h>

#include "aivo-application.h"
#include "aivo-credential.h"
#include "aivo-generate-key-dialog.h"
#include "aivo-key-row.h"
#include "aivo-keys-page.h"
#include "aivo-reveal-dialog.h"
#include "aivo-rotation-wizard.h"
#include "aivo-window.h"
#include "app-test-sandbox.h"
#include "app-test-util.h"

#define WATCHDOG_SECONDS 120
#define WAIT_MS          20000
#define KEY_LIMIT        10

typedef struct _Fixture Fixture;

struct _Fixture
{
  AivoApplication       *app;
  AivoWindow            *window;
  AivoKeysPage          *page;
  AivoConnectionManager *manager;
  AivoSecretStore       *store;
  char                  *sandbox_dir;
  void                 (*story) (Fixture *fixture);
  gboolean               story_done;
};

/* The fixture deletes the sandbox's data: only ever in a throw-away home. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  if (!test_begin_session (WATCHDOG_SECONDS))
    return;

  /* Every test is a first run: no sandbox data yet. */
  fixture->sandbox_dir = g_build_filename (g_get_user_data_dir (), "aivo-studio", "sandbox", NULL);
  test_remove_tree (fixture->sandbox_dir);

  fixture->app = aivo_application_new ();
  g_object_add_weak_pointer (G_OBJECT (fixture->app), (gpointer *) &fixture->app);
  /* A copy of the app still quitting on the bus must not take our activation. */
  g_application_set_flags (G_APPLICATION (fixture->app), G_APPLICATION_NON_UNIQUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!test_have_session ())
    return;

  /* Whatever a failed run left in the throw-away keyring. */
  if (fixture->store != NULL)
    {
      aivo_secret_store_delete_connection_sync (fixture->store, AIVO_CONNECTION_LOCAL, NULL, &error);
      g_assert_no_error (error);
    }

  g_clear_object (&fixture->store);
  g_clear_object (&fixture->manager);
  g_object_unref (fixture->app);
  g_assert_null (fixture->app);
  test_remove_tree (fixture->sandbox_dir);
  g_clear_pointer (&fixture->sandbox_dir, g_free);

  test_watchdog_disarm ();
}

/* After the application's own activate: its window is up, not drawn yet. */
static void
activated_cb (GApplication *app,
              Fixture      *fixture)
{
  g_assert_null (fixture->window);

  fixture->window = AIVO_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (fixture->window);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  fixture->page = AIVO_KEYS_PAGE (test_find_one_of_type (GTK_WIDGET (fixture->window), AIVO_TYPE_KEYS_PAGE));
  fixture->manager = g_object_ref (aivo_application_get_connection_manager (AIVO_APPLICATION (app)));
  fixture->store = g_object_ref (aivo_connection_manager_get_secret_store (fixture->manager));

  fixture->story (fixture);
  fixture->story_done = TRUE;

  /* The user closes the window, and the app quits as it does then. */
  if (fixture->window != NULL)
    gtk_window_close (GTK_WINDOW (fixture->window));
}

typedef struct
{
  const char  *path;
  void       (*story) (Fixture *fixture);
} StoryCase;

/* Runs the application as main() does, and @data in it once it is up. */
static void
run_story (Fixture       *fixture,
           gconstpointer  data)
{
  int status;

  if (!test_have_session ())
    return;

  fixture->story = ((const StoryCase *) data)->story;
  g_signal_connect_after (fixture->app, "activate", G_CALLBACK (activated_cb), fixture);
  status = g_application_run (G_APPLICATION (fixture->app), 0, NULL);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (fixture->story_done);
  g_assert_null (fixture->window);
  /* The app's shutdown stopped the sandbox. */
  g_assert_null (aivo_connection_manager_get_client (fixture->manager));
}

/* What the page shows */

static gboolean
page_is_in_state (Fixture    *fixture,
                  const char *state)
{
  return g_strcmp0 (aivo_keys_page_get_state (fixture->page), state) == 0;
}

static gboolean
page_is_empty (gpointer data)
{
  return page_is_in_state (data, "empty");
}

static void
wait_for_empty_page (Fixture *fixture)
{
  if (!test_wait_until (page_is_empty, fixture, WAIT_MS))
    g_error ("The Keys page is “%s”, not “empty”: %s", aivo_keys_page_get_state (fixture->page),
             aivo_connection_manager_get_error_message (fixture->manager));
}

/* On screen, not only visible: a label in a folded revealer is not. */
static gboolean
shows (Fixture    *fixture,
       const char *text_part)
{
  return test_label_is_shown (GTK_WIDGET (fixture->page), text_part);
}

typedef struct
{
  Fixture    *fixture;
  const char *text;
} Shows;

static gboolean
shows_cb (gpointer data)
{
  Shows *s = data;

  return page_is_in_state (s->fixture, "list") && shows (s->fixture, s->text);
}

static void
wait_until_shown (Fixture    *fixture,
                  const char *text_part)
{
  Shows s = { fixture, text_part };

  if (!test_wait_until (shows_cb, &s, WAIT_MS))
    g_error ("The Keys page never showed “%s”", text_part);
}

static AivoKeyRow *
find_row (Fixture    *fixture,
          const char *name)
{
  GtkWidget *row = test_find_row_with_title (GTK_WIDGET (fixture->page), name);

  return row != NULL ? AIVO_KEY_ROW (row) : NULL;
}

typedef struct
{
  Fixture    *fixture;
  const char *name;
  gboolean    in_keyring;
} RowWait;

static gboolean
row_is_listed (gpointer data)
{
  RowWait *wait = data;
  AivoKeyRow *row = find_row (wait->fixture, wait->name);
  GtkWidget *mark;

  if (row == NULL || !gtk_widget_get_mapped (GTK_WIDGET (row)))
    return FALSE;

  mark = test_find_by_accessible_label (GTK_WIDGET (row), GTK_TYPE_IMAGE, "Saved in keyring");
  g_assert_nonnull (mark);

  return gtk_widget_get_visible (mark) == wait->in_keyring;
}

static AivoKeyRow *
wait_for_row (Fixture    *fixture,
              const char *name,
              gboolean    in_keyring)
{
  RowWait wait = { fixture, name, in_keyring };

  if (!test_wait_until (row_is_listed, &wait, WAIT_MS))
    g_error ("“%s” was never listed%s", name, in_keyring ? " as saved in the keyring" : "");

  return find_row (fixture, name);
}

static gboolean
row_is_gone (gpointer data)
{
  RowWait *wait = data;

  return find_row (wait->fixture, wait->name) == NULL;
}

static GtkWidget *
generate_button (Fixture *fixture)
{
  GtkWidget *button = test_find_button_with_label (GTK_WIDGET (fixture->page), "_Generate New Key");

  g_assert_nonnull (button);

  return button;
}

/* What a user does */

typedef struct
{
  const char      *name;
  AivoEnvironment  environment;
  AivoScope        scopes;
} KeyRequest;

static AivoGenerateKeyDialog *
open_generate_dialog (Fixture *fixture)
{
  GtkWindow *dialog;

  test_click (generate_button (fixture));
  dialog = test_wait_for_toplevel (AIVO_TYPE_GENERATE_KEY_DIALOG, GTK_WINDOW (fixture->window), WAIT_MS);
  g_assert_nonnull (dialog);

  return AIVO_GENERATE_KEY_DIALOG (dialog);
}

static void
fill_in (AivoGenerateKeyDialog *dialog,
         const KeyRequest      *request)
{
  GtkWidget *name_row = test_find_one_of_type (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);

  GtkWidget *environment_row = test_find_one_of_type (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW);
  GListModel *environments = adw_combo_row_get_model (ADW_COMBO_ROW (environment_row));
  const char *environment = aivo_environment_get_title (request->environment);
  guint n_environments = g_list_model_get_n_items (environments);
  guint position;

  gtk_editable_set_text (GTK_EDITABLE (name_row), request->name);

  /* Picks the environment in the drop-down by what it says. */
  for (position = 0; position < n_environments; position++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (environments), position), environment) == 0)
      break;
  g_assert_cmpuint (position, <, n_environments);
  adw_combo_row_set_selected (ADW_COMBO_ROW (environment_row), position);
  g_assert_cmpint (aivo_generate_key_dialog_get_environment (dialog), ==, request->environment);

  for (guint i = 0; i < AIVO_N_SCOPES; i++)
    {
      AivoScope scope = aivo_scope_nth (i);
      GtkWidget *check;

      if ((request->scopes & scope) == 0)
        continue;

      check = test_find_by_accessible_label (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON,
                                             aivo_scope_to_string (scope));
      g_assert_nonnull (check);
      g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
      /* What a click or Space does to a check button. */
      gtk_widget_activate (check);
      g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
    }

  g_assert_cmpuint (aivo_generate_key_dialog_get_scopes (dialog), ==, request->scopes);
}

static GtkWidget *
find_secret_label (AivoRevealDialog *dialog)
{
  GtkWidget *label = test_find_by_accessible_label (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "API key secret");

  g_assert_nonnull (label);

  return label;
}

/* Done on the reveal dialog, with "Save to Keyring" on as it comes. */
static void
click_done (AivoRevealDialog *dialog)
{
  GtkWidget *save_switch = test_find_one_of_type (GTK_WIDGET (dialog), GTK_TYPE_SWITCH);

  g_assert_true (gtk_switch_get_active (GTK_SWITCH (save_switch)));

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  test_click (test_find_button_for_action (GTK_WIDGET (dialog), "reveal.done"));
  g_assert_true (test_wait_until (test_pointer_is_unset, &dialog, WAIT_MS));
}

/* Keys made through the API, the way another client of the account would. */
static void
create_keys_through_api (Fixture *fixture,
                         guint    n_keys)
{
  AivoClient *client = aivo_connection_manager_get_client (fixture->manager);

  g_assert_nonnull (client);

  /* One at a time, as the limit is checked per request. */
  for (guint i = 0; i < n_keys; i++)
    {
      g_autofree char *name = g_strdup_printf ("Batch Job %u", i + 1);
      g_autoptr(AivoKey) key = test_create_key (client, name, AIVO_ENVIRONMENT_DEVELOPMENT, AIVO_SCOPE_CALLS_READ,
                                                NULL, NULL);
    }
}

static AdwMessageDialog *
wait_for_confirmation (Fixture *fixture)
{
  GtkWindow *dialog = test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, GTK_WINDOW (fixture->window), WAIT_MS);

  g_assert_nonnull (dialog);

  return ADW_MESSAGE_DIALOG (dialog);
}

static GtkWidget *
delete_button (AivoKeyRow *row,
               const char *name)
{
  g_autofree char *label = g_strdup_printf ("Delete key %s", name);
  GtkWidget *button = test_find_by_accessible_label (GTK_WIDGET (row), GTK_TYPE_BUTTON, label);

  g_assert_nonnull (button);

  return button;
}

typedef struct
{
  AivoSecretStore *store;
  const char      *key_id;
} KeyringWait;

static gboolean
keyring_entry_is_gone (gpointer data)
{
  KeyringWait *wait = data;
  g_autoptr(AivoSecret) secret = NULL;
  g_autoptr(GError) error = NULL;

  secret = aivo_secret_store_lookup_key_sync (wait->store, AIVO_CONNECTION_LOCAL, wait->key_id, NULL, &error);
  g_assert_no_error (error);

  return secret == NULL;
}

/* Tests */

/* A first run: "Connecting…" until the window has drawn and the sandbox is
 * up, then the empty state with its call to action. */
static void
story_first_run (Fixture *fixture)
{
  g_assert_cmpstr (aivo_keys_page_get_state (fixture->page), ==, "connecting");
  g_assert_cmpstr (aivo_window_get_page (fixture->window), ==, "keys");

  wait_for_empty_page (fixture);
  g_assert_cmpint (aivo_connection_manager_get_state (fixture->manager), ==, AIVO_CONNECTION_STATE_READY);
  g_assert_cmpuint (aivo_keys_page_get_n_keys (fixture->page), ==, 0);
  g_assert_nonnull (test_find_visible_label (GTK_WIDGET (fixture->page), "No API Keys Yet"));
  g_assert_true (gtk_widget_is_sensitive (generate_button (fixture)));
}

/* Cancel creates nothing, and the page stays empty. */
static void
story_cancel_creates_nothing (Fixture *fixture)
{
  static const KeyRequest request = { "Never Made", AIVO_ENVIRONMENT_TESTING, AIVO_SCOPE_CALLS_READ };
  AivoGenerateKeyDialog *dialog;

  wait_for_empty_page (fixture);

  dialog = open_generate_dialog (fixture);
  fill_in (dialog, &request);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  test_click (test_find_button_with_label (GTK_WIDGET (dialog), "_Cancel"));
  g_assert_true (test_wait_until (test_pointer_is_unset, &dialog, WAIT_MS));

  aivo_keys_page_reload (fixture->page);
  wait_for_empty_page (fixture);
  g_assert_cmpuint (aivo_keys_page_get_n_keys (fixture->page), ==, 0);
  g_assert_null (test_find_toplevel_transient (AIVO_TYPE_REVEAL_DIALOG, GTK_WINDOW (fixture->window)));
}

/* Generate New Key through the dialogs, as a user does, with "Save to
 * Keyring" left on. Returns: the secret the reveal dialog showed, once. */
static AivoSecret *
generate_key (Fixture           *fixture,
              const KeyRequest  *request,
              char             **key_id)
{
  g_autoptr(AivoCredential) credential = NULL;
  g_autoptr(AivoSecret) secret = NULL;
  g_autoptr(AivoSecret) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hint = NULL;
  AivoGenerateKeyDialog *generate;
  AivoRevealDialog *reveal;
  GtkWidget *secret_label;

  generate = open_generate_dialog (fixture);
  fill_in (generate, request);
  test_assert_controls_named (GTK_WIDGET (generate));
  test_click (test_find_button_for_action (GTK_WIDGET (generate), "key.create"));

  /* The key is shown once, in the reveal dialog that replaces the form. */
  reveal = AIVO_REVEAL_DIALOG (test_wait_for_toplevel (AIVO_TYPE_REVEAL_DIALOG, GTK_WINDOW (fixture->window), WAIT_MS));
  g_assert_nonnull (reveal);
  g_assert_null (test_find_toplevel_transient (AIVO_TYPE_GENERATE_KEY_DIALOG, GTK_WINDOW (fixture->window)));

  secret_label = find_secret_label (reveal);
  secret = aivo_secret_dup (gtk_label_get_text (GTK_LABEL (secret_label)));
  credential = aivo_credential_parse (secret, &error);
  g_assert_no_error (error);
  g_assert_true (aivo_credential_matches_environment (credential, request->environment));
  *key_id = aivo_credential_dup_key_id (credential);
  hint = aivo_credential_dup_hint (credential);
  g_assert_nonnull (test_find_visible_label (GTK_WIDGET (reveal), hint));
  g_assert_nonnull (test_find_visible_label (GTK_WIDGET (reveal), request->name));

  test_assert_controls_named (GTK_WIDGET (reveal));

  /* Nothing but the secret label shows it, here or in the main window. */
  test_assert_text_not_shown (GTK_WIDGET (reveal), secret, secret_label);
  test_assert_text_not_shown (GTK_WIDGET (fixture->window), secret, NULL);

  /* Done saves it to the keyring, as the switch says. */
  click_done (reveal);
  saved = aivo_secret_store_lookup_key_sync (fixture->store, AIVO_CONNECTION_LOCAL, *key_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);
  g_assert_true (aivo_secure_str_equal (saved, secret));

  return g_steal_pointer (&secret);
}

static gboolean
shows_proof (gpointer data)
{
  return shows (data, "401");
}

/* Deletes a key from its row's trash button, confirms, and waits for the
 * proof that the key itself is now refused. */
static void
revoke_key (Fixture    *fixture,
            const char *name,
            const char *key_id)
{
  AivoKeyRow *row = wait_for_row (fixture, name, TRUE);
  KeyringWait keyring_wait = { fixture->store, key_id };
  RowWait row_wait = { fixture, name, FALSE };

  test_click (delete_button (row, name));
  test_click (test_find_button_with_label (GTK_WIDGET (wait_for_confirmation (fixture)), "_Delete Key"));

  g_assert_true (test_wait_until (shows_proof, fixture, WAIT_MS));
  g_assert_true (shows (fixture, "is revoked"));

  /* The secret is no use to anyone now: gone from the keyring, and the key
   * from the list. */
  g_assert_true (test_wait_until (keyring_entry_is_gone, &keyring_wait, WAIT_MS));
  g_assert_true (test_wait_until (row_is_gone, &row_wait, WAIT_MS));
}

static void
story_generate_list_limit_revoke (Fixture *fixture)
{
  static const KeyRequest request = {
    "CRM Integration",
    AIVO_ENVIRONMENT_DEVELOPMENT,
    AIVO_SCOPE_CALLS_READ | AIVO_SCOPE_CONTACTS_READ | AIVO_SCOPE_CONTACTS_WRITE,
  };
  g_autoptr(AivoSecret) secret = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *scopes = NULL;
  g_autofree char *hint = NULL;
  g_autofree char *full = g_strdup_printf ("%u of %u keys", KEY_LIMIT, KEY_LIMIT);
  g_autofree char *one_free = g_strdup_printf ("%u of %u keys", KEY_LIMIT - 1, KEY_LIMIT);
  AivoKeyRow *row;
  AivoKey *key;

  wait_for_empty_page (fixture);
  secret = generate_key (fixture, &request, &key_id);

  /* Listed by name and hint, with its scopes and the keyring mark, and no
   * trace of the secret anywhere in the window. */
  row = wait_for_row (fixture, request.name, TRUE);
  key = aivo_key_row_get_key (row);
  g_assert_cmpstr (aivo_key_get_id (key), ==, key_id);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, request.name);
  hint = aivo_credential_hint_for_text (secret);
  g_assert_nonnull (test_find_visible_label (GTK_WIDGET (row), hint));
  g_assert_cmpint (aivo_key_get_environment (key), ==, request.environment);
  g_assert_cmpuint (aivo_key_get_scopes (key), ==, request.scopes);
  scopes = aivo_scopes_to_string (request.scopes, ", ");
  g_assert_nonnull (test_find_visible_label (GTK_WIDGET (row), scopes));
  wait_until_shown (fixture, "1 of 10 keys");
  test_assert_text_not_shown (GTK_WIDGET (fixture->window), secret, NULL);
  g_assert_null (strstr (test_get_captured_logs (), secret));
  test_assert_controls_named (GTK_WIDGET (fixture->window));

  /* Nine more keys from elsewhere fill the account. */
  create_keys_through_api (fixture, KEY_LIMIT - 1);
  aivo_keys_page_reload (fixture->page);
  wait_until_shown (fixture, full);
  g_assert_cmpuint (aivo_keys_page_get_n_keys (fixture->page), ==, KEY_LIMIT);
  g_assert_false (gtk_widget_is_sensitive (generate_button (fixture)));
  g_assert_true (shows (fixture, "This account has reached its limit of keys"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (generate_button (fixture)));

  /* Revoking the first makes room again. */
  revoke_key (fixture, request.name, key_id);
  wait_until_shown (fixture, one_free);
  g_assert_true (gtk_widget_is_sensitive (generate_button (fixture)));
  g_assert_false (shows (fixture, "This account has reached its limit of keys"));

  test_assert_text_not_shown (GTK_WIDGET (fixture->window), secret, NULL);
  g_assert_null (strstr (test_get_captured_logs (), secret));
}

/* The last key: the page goes back to its empty state, and the proof must
 * still be in sight. */
static void
story_revoke_last_key (Fixture *fixture)
{
  static const KeyRequest request = { "Website Widget", AIVO_ENVIRONMENT_PRODUCTION, AIVO_SCOPE_APPOINTMENTS_READ };
  g_autoptr(AivoSecret) secret = NULL;
  g_autofree char *key_id = NULL;

  wait_for_empty_page (fixture);
  secret = generate_key (fixture, &request, &key_id);
  revoke_key (fixture, request.name, key_id);

  wait_for_empty_page (fixture);
  g_assert_cmpuint (aivo_keys_page_get_n_keys (fixture->page), ==, 0);
  g_assert_true (shows (fixture, "401"));
  g_assert_true (shows (fixture, request.name));

  test_assert_text_not_shown (GTK_WIDGET (fixture->window), secret, NULL);
  g_assert_null (strstr (test_get_captured_logs (), secret));
}

/* Cancel in the confirmation keeps the key. */
static void
story_cancel_delete_keeps_key (Fixture *fixture)
{
  AdwMessageDialog *confirmation;
  AivoKeyRow *row;

  wait_for_empty_page (fixture);
  create_keys_through_api (fixture, 1);
  aivo_keys_page_reload (fixture->page);
  row = wait_for_row (fixture, "Batch Job 1", FALSE);

  test_click (delete_button (row, "Batch Job 1"));
  confirmation = wait_for_confirmation (fixture);
  g_object_add_weak_pointer (G_OBJECT (confirmation), (gpointer *) &confirmation);
  test_click (test_find_button_with_label (GTK_WIDGET (confirmation), "_Cancel"));
  g_assert_true (test_wait_until (test_pointer_is_unset, &confirmation, WAIT_MS));

  aivo_keys_page_reload (fixture->page);
  wait_until_shown (fixture, "1 of 10 keys");
  g_assert_nonnull (wait_for_row (fixture, "Batch Job 1", FALSE));
}

/* The window goes while a revocation is under way: the key is deleted
 * either way, so its secret must still leave the keyring, and nothing may
 * touch the page that is gone (with G_DEBUG=fatal-criticals, that would end
 * the test). */
static void
story_revocation_outlives_window (Fixture *fixture)
{
  static const KeyRequest request = { "Nightly Export", AIVO_ENVIRONMENT_TESTING, AIVO_SCOPE_CONTACTS_READ };
  g_autoptr(AivoSecret) secret = NULL;
  g_autofree char *key_id = NULL;
  KeyringWait keyring_wait = { NULL, NULL };
  AivoKeyRow *row;

  wait_for_empty_page (fixture);
  secret = generate_key (fixture, &request, &key_id);
  row = wait_for_row (fixture, request.name, TRUE);

  test_click (delete_button (row, request.name));
  test_click (test_find_button_with_label (GTK_WIDGET (wait_for_confirmation (fixture)), "_Delete Key"));

  /* Before the server has answered. */
  gtk_window_destroy (GTK_WINDOW (fixture->window));

  keyring_wait.store = fixture->store;
  keyring_wait.key_id = key_id;
  g_assert_true (test_wait_until (keyring_entry_is_gone, &keyring_wait, WAIT_MS));
  g_assert_null (strstr (test_get_captured_logs (), secret));
}

/* A member who had access to a key leaves: the page says at once that the
 * key needs rotating, and its Rotate Now button opens the wizard on it. */
static void
story_rotate_now_banner (Fixture *fixture)
{
  static const char * const with_marcus[] = { "mem_0002", NULL };
  AivoClient *client;
  g_autoptr(AivoKey) shared = NULL;
  g_autoptr(AivoKey) unshared = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  GtkWidget *button;
  GtkWindow *wizard;

  wait_for_empty_page (fixture);
  client = aivo_connection_manager_get_client (fixture->manager);
  unshared = test_create_key (client, "Own Script", AIVO_ENVIRONMENT_PRODUCTION, AIVO_SCOPE_CALLS_READ, NULL, NULL);
  shared = test_create_key (client, "Shared CRM", AIVO_ENVIRONMENT_PRODUCTION, AIVO_SCOPE_CALLS_READ,
                            with_marcus, NULL);
  aivo_keys_page_reload (fixture->page);
  wait_until_shown (fixture, "2 of 10 keys");
  g_assert_false (shows (fixture, "needs rotation now"));

  aivo_client_remove_team_member_async (client, "mem_0002", NULL, test_store_result, &result);
  g_assert_true (aivo_client_remove_team_member_finish (client, test_wait_result (&result), &error));
  g_assert_no_error (error);

  aivo_keys_page_reload (fixture->page);
  wait_until_shown (fixture, "1 key needs rotation now");

  label = g_strdup_printf ("Rotate now: %s", "Shared CRM");
  button = test_find_by_accessible_label (GTK_WIDGET (fixture->page), GTK_TYPE_BUTTON, label);
  g_assert_nonnull (button);
  test_click (button);

  wizard = test_wait_for_toplevel (AIVO_TYPE_ROTATION_WIZARD, GTK_WINDOW (fixture->window), WAIT_MS);
  g_assert_nonnull (wizard);
  g_assert_cmpstr (aivo_rotation_wizard_get_old_key_id (AIVO_ROTATION_WIZARD (wizard)), ==,
                   aivo_key_get_id (shared));
  gtk_window_destroy (wizard);
}

static const StoryCase stories[] = {
  { "/keys-page/first-run", story_first_run },
  { "/keys-page/cancel-creates-nothing", story_cancel_creates_nothing },
  { "/keys-page/generate-list-limit-revoke", story_generate_list_limit_revoke },
  { "/keys-page/revoke-last-key", story_revoke_last_key },
  { "/keys-page/cancel-delete-keeps-key", story_cancel_delete_keeps_key },
  { "/keys-page/revocation-outlives-window", story_revocation_outlives_window },
  { "/keys-page/rotate-now-banner", story_rotate_now_banner },
};

int
main (int   argc,
      char *argv[])
{
  test_capture_logs ();

  gtk_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (stories); i++)
    g_test_add (stories[i].path, Fixture, &stories[i], fixture_set_up, run_story, fixture_tear_down);

  return g_test_run ();
}
