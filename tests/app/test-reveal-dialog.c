/* test-reveal-dialog.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The one-time reveal of a new key, driven through its widgets under a real
 * display, with the real clipboard and the session's keyring. The keyring
 * tests need the throw-away keyring of build-aux/headless (which sets
 * AIVO_HEADLESS_SCRATCH) and skip without it rather than write to a user's
 * own. Test keys are generated at run time. */

#include "config.h"

#include <string.h>

#include "aivo-credential.h"
#include "aivo-reveal-dialog.h"
#include "app-test-util.h"

#define WATCHDOG_SECONDS   60
#define SHORT_TIMEOUT_MS   200
#define WAIT_MS            5000

typedef struct
{
  GtkWindow        *parent;
  AivoSecretStore  *store;
  char             *connection;
  char             *key_id;
  char             *hint;
  AivoSecret       *secret;
  AivoRevealDialog *dialog;
  GtkWidget        *secret_label;
  GtkWidget        *save_switch;
  GdkClipboard     *clipboard;

  guint             n_finished;
  gboolean          finished_saved;
  gboolean          finished_copied;
  char             *label_text_at_finish;
} Fixture;

static gboolean
have_test_keyring (void)
{
  return g_getenv ("AIVO_HEADLESS_SCRATCH") != NULL;
}

static void
finished_cb (AivoRevealDialog *dialog,
             gboolean          saved,
             gboolean          copied,
             Fixture          *fixture)
{
  fixture->n_finished++;
  fixture->finished_saved = saved;
  fixture->finished_copied = copied;
  g_free (fixture->label_text_at_finish);
  fixture->label_text_at_finish = g_strdup (gtk_label_get_text (GTK_LABEL (fixture->secret_label)));
}

static void
open_dialog (Fixture         *fixture,
             AivoSecretStore *store)
{
  fixture->dialog = AIVO_REVEAL_DIALOG (aivo_reveal_dialog_new (fixture->parent, store, fixture->connection,
                                                                fixture->key_id, "CRM Integration",
                                                                AIVO_ENVIRONMENT_DEVELOPMENT,
                                                                fixture->hint, fixture->secret));
  g_assert_nonnull (fixture->dialog);
  g_object_add_weak_pointer (G_OBJECT (fixture->dialog), (gpointer *) &fixture->dialog);
  g_signal_connect (fixture->dialog, "finished", G_CALLBACK (finished_cb), fixture);
  test_present (GTK_WINDOW (fixture->dialog));

  fixture->secret_label = test_find_by_accessible_label (GTK_WIDGET (fixture->dialog), GTK_TYPE_LABEL, "API key secret");
  g_assert_nonnull (fixture->secret_label);
  fixture->save_switch = test_find_widget (GTK_WIDGET (fixture->dialog), test_match_type, GSIZE_TO_POINTER (GTK_TYPE_SWITCH));
  g_assert_nonnull (fixture->save_switch);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(AivoCredential) credential = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();

  test_watchdog_arm (WATCHDOG_SECONDS);

  credential = aivo_credential_generate (AIVO_CREDENTIAL_KIND_TEST_KEY, &error);
  g_assert_no_error (error);
  fixture->key_id = aivo_credential_dup_key_id (credential);
  fixture->hint = aivo_credential_dup_hint (credential);
  fixture->secret = aivo_secret_dup (aivo_credential_peek_secret (credential));
  fixture->connection = g_strconcat ("test-", uuid, NULL);
  fixture->store = aivo_secret_store_new ();

  fixture->clipboard = gdk_display_get_clipboard (gdk_display_get_default ());
  gdk_clipboard_set_content (fixture->clipboard, NULL);

  fixture->parent = GTK_WINDOW (gtk_window_new ());
  g_object_add_weak_pointer (G_OBJECT (fixture->parent), (gpointer *) &fixture->parent);
  test_present (fixture->parent);

  open_dialog (fixture, fixture->store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (fixture->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  g_assert_null (fixture->dialog);
  if (fixture->parent != NULL)
    gtk_window_destroy (fixture->parent);

  if (have_test_keyring ())
    {
      aivo_secret_store_delete_connection_sync (fixture->store, fixture->connection, NULL, &error);
      g_assert_no_error (error);
    }

  gdk_clipboard_set_content (fixture->clipboard, NULL);

  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->connection, g_free);
  g_clear_pointer (&fixture->key_id, g_free);
  g_clear_pointer (&fixture->hint, g_free);
  g_clear_pointer (&fixture->secret, aivo_secret_free);
  g_clear_pointer (&fixture->label_text_at_finish, g_free);

  test_watchdog_disarm ();
}

/* What a user does and sees */

static void
click_button (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
click_copy (Fixture *fixture)
{
  click_button (test_find_button_for_action (GTK_WIDGET (fixture->dialog), "reveal.copy"));
}

static void
click_done (Fixture *fixture)
{
  click_button (test_find_button_for_action (GTK_WIDGET (fixture->dialog), "reveal.done"));
}

static void
set_clipboard_timeout (Fixture *fixture,
                       guint    timeout_ms)
{
  g_object_set (fixture->dialog, "clipboard-timeout-ms", timeout_ms, NULL);
  g_assert_cmpuint (aivo_reveal_dialog_get_clipboard_timeout_ms (fixture->dialog), ==, timeout_ms);
}

static gboolean
switch_is_off (gpointer data)
{
  return !gtk_switch_get_active (data);
}

/* Flips "Save to keyring" the way a click on its row does (the switch
 * changes state once its animation has run). */
static void
turn_off_saving (Fixture *fixture)
{
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (fixture->save_switch)));
  gtk_widget_activate (gtk_widget_get_ancestor (fixture->save_switch, ADW_TYPE_ACTION_ROW));
  g_assert_true (test_wait_until (switch_is_off, fixture->save_switch, WAIT_MS));
}

static gboolean
shows (GtkWidget  *root,
       const char *text_part)
{
  return test_find_visible_label (root, text_part) != NULL;
}

static gboolean
clipboard_is_empty (gpointer data)
{
  return gdk_clipboard_get_content (data) == NULL;
}

/* Asks what is offered, not for the text: an empty X selection may never
 * answer a request for it. */
static gboolean
clipboard_offers_text (gpointer data)
{
  GdkContentFormats *formats = gdk_clipboard_get_formats (data);

  return gdk_content_formats_contain_gtype (formats, G_TYPE_STRING) ||
         gdk_content_formats_contain_mime_type (formats, "text/plain;charset=utf-8") ||
         gdk_content_formats_contain_mime_type (formats, "text/plain");
}

static gboolean
clipboard_offers_no_text (gpointer data)
{
  return !clipboard_offers_text (data);
}

static gboolean
clipboard_offers_remote_text (gpointer data)
{
  return !gdk_clipboard_is_local (data) && clipboard_offers_text (data);
}

static gboolean
dialog_is_gone (gpointer data)
{
  return ((Fixture *) data)->dialog == NULL;
}

static gboolean
has_finished (gpointer data)
{
  return ((Fixture *) data)->n_finished > 0;
}

static void
assert_clipboard_holds_secret (Fixture      *fixture,
                               GdkClipboard *clipboard)
{
  g_autoptr(AivoSecret) text = test_clipboard_read_text (clipboard);

  g_assert_nonnull (text);
  g_assert_true (aivo_secure_str_equal (text, fixture->secret));
}

static void
assert_clipboard_empty (GdkClipboard *clipboard)
{
  g_autofree char *text = test_clipboard_read_text (clipboard);

  g_assert_true (text == NULL || text[0] == '\0');
}

static AdwMessageDialog *
confirmation (Fixture *fixture)
{
  return ADW_MESSAGE_DIALOG (test_find_toplevel_transient (ADW_TYPE_MESSAGE_DIALOG, GTK_WINDOW (fixture->dialog)));
}

static gboolean
confirmation_is_gone (gpointer data)
{
  return confirmation (data) == NULL;
}

static void
answer_confirmation (Fixture    *fixture,
                     const char *button_label)
{
  AdwMessageDialog *dialog = confirmation (fixture);

  g_assert_nonnull (dialog);
  test_present (GTK_WINDOW (dialog));
  click_button (test_find_button_with_label (GTK_WIDGET (dialog), button_label));
  g_assert_true (test_wait_until (confirmation_is_gone, fixture, WAIT_MS));
}

/* Tests */

static void
test_shows_key (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (fixture->dialog);
  g_autofree char *primary_text = NULL;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->dialog)), ==, "Key Created");
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (fixture->dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (fixture->dialog)) == fixture->parent);

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (fixture->secret_label)), ==, fixture->secret);
  g_assert_true (gtk_widget_is_visible (fixture->secret_label));
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (fixture->secret_label)));
  g_assert_true (gtk_label_get_wrap (GTK_LABEL (fixture->secret_label)));
  g_assert_cmpint (gtk_label_get_wrap_mode (GTK_LABEL (fixture->secret_label)), ==, PANGO_WRAP_CHAR);
  g_assert_true (gtk_widget_has_css_class (fixture->secret_label, "secret-label"));

  g_assert_true (shows (root, "This is the only time the key is shown. Copy it now or save it to the keyring"));
  g_assert_true (shows (root, "CRM Integration"));
  g_assert_true (shows (root, "Development"));
  g_assert_true (shows (root, fixture->hint));
  g_assert_true (shows (root, "Save to Keyring"));
  g_assert_true (shows (root, "the aivo command"));
  g_assert_false (shows (root, "Copied"));

  g_assert_true (gtk_switch_get_active (GTK_SWITCH (fixture->save_switch)));
  g_assert_false (aivo_reveal_dialog_get_copied (fixture->dialog));

  /* Opening doesn't focus the key, which would select it into the primary
   * selection. */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (fixture->dialog)) ==
                 test_find_button_for_action (root, "reveal.copy"));
  primary_text = test_clipboard_read_text (gdk_display_get_primary_clipboard (gdk_display_get_default ()));
  g_assert_true (primary_text == NULL || strstr (primary_text, fixture->secret) == NULL);
  g_assert_false (aivo_reveal_dialog_get_saved (fixture->dialog));
  g_assert_cmpuint (aivo_reveal_dialog_get_clipboard_timeout_ms (fixture->dialog), ==,
                    AIVO_REVEAL_DIALOG_CLIPBOARD_TIMEOUT_MS);
}

static void
test_copy_is_cleared (Fixture       *fixture,
                      gconstpointer  data)
{
  set_clipboard_timeout (fixture, SHORT_TIMEOUT_MS);
  click_copy (fixture);

  g_assert_true (aivo_reveal_dialog_get_copied (fixture->dialog));
  g_assert_true (shows (GTK_WIDGET (fixture->dialog), "Copied — the clipboard is cleared in 1 second"));
  assert_clipboard_holds_secret (fixture, fixture->clipboard);

  g_assert_true (test_wait_until (clipboard_is_empty, fixture->clipboard, WAIT_MS));
  assert_clipboard_empty (fixture->clipboard);
  g_assert_true (shows (GTK_WIDGET (fixture->dialog), "The clipboard was cleared"));

  /* The key is still shown, and can be copied again. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (fixture->secret_label)), ==, fixture->secret);
  click_copy (fixture);
  assert_clipboard_holds_secret (fixture, fixture->clipboard);
}

static void
test_default_timeout_says_30_seconds (Fixture       *fixture,
                                      gconstpointer  data)
{
  click_copy (fixture);

  g_assert_true (shows (GTK_WIDGET (fixture->dialog), "Copied — the clipboard is cleared in 30 seconds"));
  test_spin (SHORT_TIMEOUT_MS * 2);
  assert_clipboard_holds_secret (fixture, fixture->clipboard);
}

static void
test_other_copy_is_kept (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *text = NULL;

  set_clipboard_timeout (fixture, SHORT_TIMEOUT_MS);
  click_copy (fixture);
  gdk_clipboard_set_text (fixture->clipboard, "something the user copied since");

  test_spin (SHORT_TIMEOUT_MS * 4);

  text = test_clipboard_read_text (fixture->clipboard);
  g_assert_cmpstr (text, ==, "something the user copied since");
}

/* Another X client takes the clipboard over, as a clipboard manager does:
 * the dialog reads it back, and clears it only if it is still the key. */
static void
run_other_program_copy (Fixture    *fixture,
                        const char *other_text)
{
  /* One for the whole run: X11 selections are claimed with a display's
   * timestamps, and a display opened later may look older than the last owner. */
  static GdkDisplay *other_display;
  GdkClipboard *other_clipboard;
  g_autofree char *text = NULL;

  if (other_display == NULL)
    other_display = gdk_display_open (NULL);
  if (other_display == NULL)
    {
      g_test_skip ("No second connection to the display");
      return;
    }
  other_clipboard = gdk_display_get_clipboard (other_display);

  set_clipboard_timeout (fixture, 1000);
  click_copy (fixture);

  /* The other program sees our copy before it copies, as a real one would:
   * otherwise that stale news could arrive after its own claim. */
  g_assert_true (test_wait_until (clipboard_offers_text, other_clipboard, WAIT_MS));
  gdk_clipboard_set_text (other_clipboard, other_text != NULL ? other_text : fixture->secret);
  g_assert_true (test_wait_until (clipboard_offers_remote_text, fixture->clipboard, WAIT_MS));
  g_assert_true (gdk_clipboard_is_local (other_clipboard));

  if (other_text == NULL)
    {
      /* Cleared: the other program lost the clipboard to an empty one. */
      g_assert_true (test_wait_until (clipboard_offers_no_text, other_clipboard, WAIT_MS));
      g_assert_false (gdk_clipboard_is_local (other_clipboard));
      g_assert_true (clipboard_offers_no_text (fixture->clipboard));
    }
  else
    {
      test_spin (2000);
      g_assert_true (gdk_clipboard_is_local (other_clipboard));
      text = test_clipboard_read_text (fixture->clipboard);
      g_assert_cmpstr (text, ==, other_text);
    }
}

static void
test_other_program_with_key_is_cleared (Fixture       *fixture,
                                        gconstpointer  data)
{
  run_other_program_copy (fixture, NULL);
}

static void
test_other_program_with_other_text_is_kept (Fixture       *fixture,
                                            gconstpointer  data)
{
  run_other_program_copy (fixture, "a URL copied in a browser");
}

static void
test_label_copy_uses_timer (Fixture       *fixture,
                            gconstpointer  data)
{
  set_clipboard_timeout (fixture, SHORT_TIMEOUT_MS);

  /* Ctrl+C in the selectable label copies the whole key, on the same timer. */
  gtk_label_select_region (GTK_LABEL (fixture->secret_label), 0, 5);
  g_signal_emit_by_name (fixture->secret_label, "copy-clipboard");

  g_assert_true (aivo_reveal_dialog_get_copied (fixture->dialog));
  assert_clipboard_holds_secret (fixture, fixture->clipboard);
  g_assert_true (test_wait_until (clipboard_is_empty, fixture->clipboard, WAIT_MS));
}

static void
test_done_without_copy_or_save_asks (Fixture       *fixture,
                                     gconstpointer  data)
{
  AdwMessageDialog *dialog;

  turn_off_saving (fixture);
  click_done (fixture);

  dialog = confirmation (fixture);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Close without saving the key?");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "You haven’t copied or saved this key. Once this window closes it can’t be shown again.");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "close"), ==, ADW_RESPONSE_DESTRUCTIVE);
  test_present (GTK_WINDOW (dialog));
  g_assert_nonnull (test_find_button_with_label (GTK_WIDGET (dialog), "Close _Anyway"));

  /* Cancel: back to the key, nothing lost. */
  answer_confirmation (fixture, "_Cancel");
  test_spin (50);
  g_assert_nonnull (fixture->dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->dialog)));
  g_assert_cmpuint (fixture->n_finished, ==, 0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (fixture->secret_label)), ==, fixture->secret);

  /* Close Anyway: closed for good, the secret gone before it is destroyed. */
  click_done (fixture);
  answer_confirmation (fixture, "Close _Anyway");
  g_assert_true (test_wait_until (dialog_is_gone, fixture, WAIT_MS));
  g_assert_cmpuint (fixture->n_finished, ==, 1);
  g_assert_false (fixture->finished_saved);
  g_assert_false (fixture->finished_copied);
  g_assert_cmpstr (fixture->label_text_at_finish, ==, "");
}

static void
test_close_request_asks (Fixture       *fixture,
                         gconstpointer  data)
{
  turn_off_saving (fixture);

  /* The window manager's close button. */
  gtk_window_close (GTK_WINDOW (fixture->dialog));
  g_assert_nonnull (confirmation (fixture));
  answer_confirmation (fixture, "_Cancel");
  g_assert_nonnull (fixture->dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->dialog)));

  /* Escape. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "window.close", NULL);
  g_assert_nonnull (confirmation (fixture));
  answer_confirmation (fixture, "Close _Anyway");

  g_assert_true (test_wait_until (dialog_is_gone, fixture, WAIT_MS));
  g_assert_cmpuint (fixture->n_finished, ==, 1);
}

static void
test_done_after_copy (Fixture       *fixture,
                      gconstpointer  data)
{
  set_clipboard_timeout (fixture, 500);
  turn_off_saving (fixture);
  click_copy (fixture);
  click_done (fixture);

  /* No question asked: the user has the key. */
  g_assert_null (confirmation (fixture));
  g_assert_cmpuint (fixture->n_finished, ==, 1);
  g_assert_false (fixture->finished_saved);
  g_assert_true (fixture->finished_copied);
  g_assert_cmpstr (fixture->label_text_at_finish, ==, "");

  /* Closed, and the copy can still be pasted until its time is up. */
  g_assert_nonnull (fixture->dialog);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->dialog)));
  assert_clipboard_holds_secret (fixture, fixture->clipboard);

  g_assert_true (test_wait_until (dialog_is_gone, fixture, WAIT_MS));
  assert_clipboard_empty (fixture->clipboard);
}

static void
test_destroy_clears_clipboard (Fixture       *fixture,
                               gconstpointer  data)
{
  click_copy (fixture);
  assert_clipboard_holds_secret (fixture, fixture->clipboard);

  gtk_window_destroy (GTK_WINDOW (fixture->dialog));

  g_assert_null (fixture->dialog);
  g_assert_null (gdk_clipboard_get_content (fixture->clipboard));
  assert_clipboard_empty (fixture->clipboard);
}

/* The app quits while a closed dialog waits to clear the clipboard. */
static void
test_parent_destroyed_clears_clipboard (Fixture       *fixture,
                                        gconstpointer  data)
{
  turn_off_saving (fixture);
  click_copy (fixture);
  click_done (fixture);
  g_assert_nonnull (fixture->dialog);

  gtk_window_destroy (fixture->parent);

  g_assert_null (fixture->parent);
  g_assert_null (fixture->dialog);
  g_assert_null (gdk_clipboard_get_content (fixture->clipboard));
}

static void
test_clear_clipboard_now (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *text = NULL;

  click_copy (fixture);
  aivo_reveal_dialog_clear_clipboard_now (fixture->dialog);
  g_assert_null (gdk_clipboard_get_content (fixture->clipboard));
  g_assert_true (shows (GTK_WIDGET (fixture->dialog), "The clipboard was cleared"));

  /* Nothing of ours on it: left alone. */
  gdk_clipboard_set_text (fixture->clipboard, "unrelated");
  aivo_reveal_dialog_clear_clipboard_now (fixture->dialog);
  text = test_clipboard_read_text (fixture->clipboard);
  g_assert_cmpstr (text, ==, "unrelated");
}

static void
test_save_to_keyring (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(AivoSecret) stored = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_test_keyring ())
    {
      g_test_skip ("Needs the throw-away keyring of build-aux/headless");
      return;
    }

  click_done (fixture);

  /* Saving: a spinner, and Done can't be pressed twice. */
  g_assert_true (gtk_widget_is_visible (test_find_widget (GTK_WIDGET (fixture->dialog), test_match_type,
                                                          GSIZE_TO_POINTER (GTK_TYPE_SPINNER))));
  g_assert_false (gtk_widget_is_sensitive (test_find_button_for_action (GTK_WIDGET (fixture->dialog), "reveal.done")));

  g_assert_true (test_wait_until (has_finished, fixture, WAIT_MS));
  g_assert_null (confirmation (fixture));
  g_assert_true (fixture->finished_saved);
  g_assert_false (fixture->finished_copied);
  g_assert_cmpstr (fixture->label_text_at_finish, ==, "");
  g_assert_true (test_wait_until (dialog_is_gone, fixture, WAIT_MS));

  stored = aivo_secret_store_lookup_key_sync (fixture->store, fixture->connection, fixture->key_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_true (aivo_secure_str_equal (stored, fixture->secret));

  g_assert_true (aivo_secret_store_delete_key_sync (fixture->store, fixture->connection, fixture->key_id, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
save_failed (gpointer data)
{
  Fixture *fixture = data;

  return shows (GTK_WIDGET (fixture->dialog), "The key is still shown here");
}

static void
test_save_failure_keeps_key (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(AivoSecretStore) broken = NULL;

  if (!have_test_keyring ())
    {
      g_test_skip ("Needs the throw-away keyring of build-aux/headless");
      return;
    }

  /* A collection the keyring doesn't have: saving fails. */
  gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  broken = aivo_secret_store_new_for_collection ("/org/freedesktop/secrets/collection/aivo_test_no_such_collection");
  open_dialog (fixture, broken);

  click_done (fixture);
  g_assert_true (test_wait_until (save_failed, fixture, WAIT_MS));

  g_assert_nonnull (fixture->dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->dialog)));
  g_assert_cmpuint (fixture->n_finished, ==, 0);
  g_assert_false (aivo_reveal_dialog_get_saved (fixture->dialog));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (fixture->secret_label)), ==, fixture->secret);
  g_assert_true (gtk_widget_is_sensitive (test_find_button_for_action (GTK_WIDGET (fixture->dialog), "reveal.done")));
  g_assert_true (gtk_widget_is_sensitive (fixture->save_switch));

  /* The user copies it instead. */
  set_clipboard_timeout (fixture, SHORT_TIMEOUT_MS);
  turn_off_saving (fixture);
  click_copy (fixture);
  click_done (fixture);
  g_assert_cmpuint (fixture->n_finished, ==, 1);
  g_assert_false (fixture->finished_saved);
  g_assert_true (fixture->finished_copied);
  g_assert_true (test_wait_until (dialog_is_gone, fixture, WAIT_MS));
}

/* Selecting the key puts it in the X11 primary selection (middle-click
 * paste): once the dialog closes, that must not give the key either. */
static void
test_primary_selection_forgotten (Fixture       *fixture,
                                  gconstpointer  data)
{
  GdkClipboard *primary = gdk_display_get_primary_clipboard (gdk_display_get_default ());
  g_autofree char *text = NULL;

  gtk_label_select_region (GTK_LABEL (fixture->secret_label), 0, -1);
  assert_clipboard_holds_secret (fixture, primary);

  turn_off_saving (fixture);
  gtk_window_close (GTK_WINDOW (fixture->dialog));
  answer_confirmation (fixture, "Close _Anyway");
  g_assert_true (test_wait_until (dialog_is_gone, fixture, WAIT_MS));

  text = test_clipboard_read_text (primary);
  g_assert_true (text == NULL || strstr (text, fixture->secret) == NULL);
}

/* Every text a widget shows or says, except the secret label's own text. */
static void
assert_secret_not_in_widgets (Fixture   *fixture,
                              GtkWidget *root)
{
  g_autoptr(GPtrArray) widgets = test_find_widgets (root, test_match_type, GSIZE_TO_POINTER (GTK_TYPE_WIDGET));

  /* The whole dialog is looked at, not a part of it. */
  g_assert_cmpuint (widgets->len, >, 20);
  test_assert_text_not_shown (root, fixture->secret, fixture->secret_label);
}

static void
test_secret_not_exposed (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *secret_name = test_accessible_property (fixture->secret_label, GTK_ACCESSIBLE_PROPERTY_LABEL);

  /* The one widget that shows the secret is named for screen readers. */
  g_assert_cmpstr (secret_name, ==, "API key secret");
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (fixture->secret_label)), ==,
                   GTK_ACCESSIBLE_ROLE_LABEL);

  assert_secret_not_in_widgets (fixture, GTK_WIDGET (fixture->dialog));

  click_copy (fixture);
  gtk_label_select_region (GTK_LABEL (fixture->secret_label), 0, -1);
  assert_secret_not_in_widgets (fixture, GTK_WIDGET (fixture->dialog));

  turn_off_saving (fixture);
  gtk_window_close (GTK_WINDOW (fixture->dialog));
  assert_secret_not_in_widgets (fixture, GTK_WIDGET (fixture->dialog));

  /* Nothing logged it either, whatever the debug output asked for. */
  g_assert_null (strstr (test_get_captured_logs (), fixture->secret));
}

/* The key id a keyring can't take is a programmer error the dialog reports,
 * rather than showing a key that could never be saved. */
static void
test_invalid_input (void)
{
  g_autoptr(AivoSecretStore) store = aivo_secret_store_new ();
  GtkWidget *dialog;

  g_test_expect_message ("aivo-reveal-dialog", G_LOG_LEVEL_CRITICAL, "*secret*");
  dialog = aivo_reveal_dialog_new (NULL, store, "local", "key_Ab3dEf12", "Name", AIVO_ENVIRONMENT_TESTING, NULL, "");
  g_test_assert_expected_messages ();
  g_assert_null (dialog);

  g_test_expect_message ("aivo-reveal-dialog", G_LOG_LEVEL_CRITICAL, "*key_id*");
  dialog = aivo_reveal_dialog_new (NULL, store, "local", "Ab3dEf12", "Name", AIVO_ENVIRONMENT_TESTING, NULL, "x");
  g_test_assert_expected_messages ();
  g_assert_null (dialog);

  g_test_expect_message ("aivo-reveal-dialog", G_LOG_LEVEL_CRITICAL, "*connection*");
  dialog = aivo_reveal_dialog_new (NULL, store, "", "key_Ab3dEf12", "Name", AIVO_ENVIRONMENT_TESTING, NULL, "x");
  g_test_assert_expected_messages ();
  g_assert_null (dialog);
}

int
main (int   argc,
      char *argv[])
{
  test_capture_logs ();

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/reveal-dialog/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("shows-key", test_shows_key);
  ADD ("copy-is-cleared", test_copy_is_cleared);
  ADD ("default-timeout-says-30-seconds", test_default_timeout_says_30_seconds);
  ADD ("other-copy-is-kept", test_other_copy_is_kept);
  ADD ("other-program-with-key-is-cleared", test_other_program_with_key_is_cleared);
  ADD ("other-program-with-other-text-is-kept", test_other_program_with_other_text_is_kept);
  ADD ("label-copy-uses-timer", test_label_copy_uses_timer);
  ADD ("done-without-copy-or-save-asks", test_done_without_copy_or_save_asks);
  ADD ("close-request-asks", test_close_request_asks);
  ADD ("done-after-copy", test_done_after_copy);
  ADD ("destroy-clears-clipboard", test_destroy_clears_clipboard);
  ADD ("parent-destroyed-clears-clipboard", test_parent_destroyed_clears_clipboard);
  ADD ("clear-clipboard-now", test_clear_clipboard_now);
  ADD ("save-to-keyring", test_save_to_keyring);
  ADD ("save-failure-keeps-key", test_save_failure_keeps_key);
  ADD ("secret-not-exposed", test_secret_not_exposed);
  ADD ("primary-selection-forgotten", test_primary_selection_forgotten);

#undef ADD

  g_test_add_func ("/reveal-dialog/invalid-input", test_invalid_input);

  return g_test_run ();
}
