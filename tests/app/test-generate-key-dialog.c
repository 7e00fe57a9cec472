/* test-generate-key-dialog.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The "Generate New Key" dialog, driven through its widgets under a real
 * display: what a user types, checks and clicks, and what the dialog then
 * shows and asks for. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "aivo-generate-key-dialog.h"
#include "app-test-util.h"

typedef struct
{
  GtkWindow             *parent;
  AivoGenerateKeyDialog *dialog;
  GtkWidget             *create_button;
  GtkWidget             *name_row;

  guint                  n_requests;
  char                  *requested_name;
  AivoEnvironment        requested_environment;
  AivoScope              requested_scopes;
  gboolean               busy_when_requested;
} Fixture;

static void
create_requested_cb (AivoGenerateKeyDialog *dialog,
                     const char            *name,
                     AivoEnvironment        environment,
                     guint                  scopes,
                     Fixture               *fixture)
{
  fixture->n_requests++;
  g_free (fixture->requested_name);
  fixture->requested_name = g_strdup (name);
  fixture->requested_environment = environment;
  fixture->requested_scopes = scopes;
  fixture->busy_when_requested = aivo_generate_key_dialog_get_busy (dialog);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->parent = GTK_WINDOW (gtk_window_new ());
  test_present (fixture->parent);

  fixture->dialog = AIVO_GENERATE_KEY_DIALOG (aivo_generate_key_dialog_new (fixture->parent));
  g_object_add_weak_pointer (G_OBJECT (fixture->dialog), (gpointer *) &fixture->dialog);
  g_signal_connect (fixture->dialog, "create-requested", G_CALLBACK (create_requested_cb), fixture);
  test_present (GTK_WINDOW (fixture->dialog));

  fixture->create_button = test_find_button_for_action (GTK_WIDGET (fixture->dialog), "key.create");
  g_assert_nonnull (fixture->create_button);
  fixture->name_row = test_find_one_of_type (GTK_WIDGET (fixture->dialog), ADW_TYPE_ENTRY_ROW);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  g_assert_null (fixture->dialog);
  gtk_window_destroy (fixture->parent);
  g_clear_pointer (&fixture->requested_name, g_free);
}

/* What a user does */

static void
type_name (Fixture    *fixture,
           const char *name)
{
  gtk_editable_set_text (GTK_EDITABLE (fixture->name_row), name);
}

static GtkWidget *
scope_check (Fixture   *fixture,
             AivoScope  scope)
{
  GtkWidget *check = test_find_by_accessible_label (GTK_WIDGET (fixture->dialog), GTK_TYPE_CHECK_BUTTON,
                                                    aivo_scope_to_string (scope));

  g_assert_nonnull (check);

  return check;
}

/* Clicks the row, as a user would: the row toggles its check button. */
static void
toggle_scope (Fixture   *fixture,
              AivoScope  scope)
{
  GtkWidget *row = gtk_widget_get_ancestor (scope_check (fixture, scope), ADW_TYPE_ACTION_ROW);

  g_assert_nonnull (row);
  gtk_widget_activate (row);
}

static AivoScope
checked_scopes (Fixture *fixture)
{
  AivoScope scopes = AIVO_SCOPE_NONE;

  for (guint i = 0; i < AIVO_N_SCOPES; i++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (scope_check (fixture, aivo_scope_nth (i)))))
      scopes |= aivo_scope_nth (i);

  return scopes;
}

static void
click_create (Fixture *fixture)
{
  g_signal_emit_by_name (fixture->create_button, "clicked");
}

static gboolean
can_create (Fixture *fixture)
{
  return gtk_widget_is_sensitive (fixture->create_button);
}

static gboolean
shows (Fixture    *fixture,
       const char *text_part)
{
  return test_find_visible_label (GTK_WIDGET (fixture->dialog), text_part) != NULL;
}

/* Tests */

static void
test_initial_state (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkEditable *text;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->dialog)), ==, "Generate New Key");
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (fixture->dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (fixture->dialog)) == fixture->parent);

  g_assert_false (can_create (fixture));
  g_assert_cmpstr (aivo_generate_key_dialog_get_name (fixture->dialog), ==, "");
  g_assert_cmpuint (aivo_generate_key_dialog_get_scopes (fixture->dialog), ==, AIVO_SCOPE_NONE);
  g_assert_cmpuint (checked_scopes (fixture), ==, AIVO_SCOPE_NONE);

  /* The article's examples and least-privilege advice are on screen, and no
   * error before the user typed anything. */
  g_assert_true (shows (fixture, "CRM Integration"));
  g_assert_true (shows (fixture, "Analytics Script"));
  g_assert_true (shows (fixture, "Website Widget"));
  g_assert_true (shows (fixture, "Only grant the scopes this integration needs"));
  g_assert_true (shows (fixture, "aivo_live_"));
  g_assert_true (shows (fixture, "every 90 days"));
  g_assert_false (shows (fixture, "Enter a name"));
  g_assert_true (shows (fixture, "No scopes selected"));

  /* Typing starts in the name, where the empty field shows an example. */
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (fixture->dialog)), fixture->name_row));
  text = gtk_editable_get_delegate (GTK_EDITABLE (fixture->name_row));
  g_assert_true (GTK_IS_TEXT (text));
  g_assert_nonnull (strstr (gtk_text_get_placeholder_text (GTK_TEXT (text)), "CRM Integration"));
}

static void
test_create_needs_name_and_scope (Fixture       *fixture,
                                  gconstpointer  data)
{
  type_name (fixture, "CRM Integration");
  g_assert_false (can_create (fixture));

  toggle_scope (fixture, AIVO_SCOPE_CALLS_READ);
  g_assert_cmpuint (checked_scopes (fixture), ==, AIVO_SCOPE_CALLS_READ);
  g_assert_true (can_create (fixture));

  toggle_scope (fixture, AIVO_SCOPE_CALLS_READ);
  g_assert_cmpuint (checked_scopes (fixture), ==, AIVO_SCOPE_NONE);
  g_assert_false (can_create (fixture));

  toggle_scope (fixture, AIVO_SCOPE_WEBHOOKS_MANAGE);
  g_assert_true (can_create (fixture));

  type_name (fixture, "");
  g_assert_false (can_create (fixture));
  g_assert_true (shows (fixture, "Enter a name for the key."));

  /* The action itself refuses an invalid form, not only the button. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "key.create", NULL);
  g_assert_cmpuint (fixture->n_requests, ==, 0);
}

typedef struct
{
  const char *name;
  const char *reason;
} InvalidName;

static void
test_invalid_names (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *ascii_101 = g_strnfill (101, 'a');
  g_autoptr(GString) accented_101 = g_string_new (NULL);
  const InvalidName cases[] = {
    { "   ", "Enter a name for the key." },
    { " \t\u3000 ", "Enter a name for the key." },
    { ascii_101, "The name is 101 characters long" },
    { NULL /* accented_101 */, "The name is 101 characters long" },
    { "CRM\001Sync", "control characters" },
    { "CRM\tSync", "control characters" },
    { "CRM\nSync", "control characters" },
    { "CRM\177Sync", "control characters" },
    { "CRM\302\205Sync", "control characters" },  /* U+0085, a C1 control */
  };

  for (guint i = 0; i < 101; i++)
    g_string_append (accented_101, "é");

  toggle_scope (fixture, AIVO_SCOPE_CALLS_READ);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *name = cases[i].name != NULL ? cases[i].name : accented_101->str;

      g_test_message ("name %u", i);

      type_name (fixture, "Valid");
      g_assert_true (can_create (fixture));
      g_assert_false (shows (fixture, cases[i].reason));

      type_name (fixture, name);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->name_row)), ==, name);
      g_assert_false (can_create (fixture));
      g_assert_true (shows (fixture, cases[i].reason));
      g_assert_true (gtk_widget_has_css_class (fixture->name_row, "error"));

      gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "key.create", NULL);
      g_assert_cmpuint (fixture->n_requests, ==, 0);
    }
}

typedef struct
{
  const char *typed;
  const char *name;
} ValidName;

static void
test_valid_names (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *ascii_100 = g_strnfill (100, 'a');
  g_autofree char *padded_100 = g_strconcat ("  ", ascii_100, " \t", NULL);
  const ValidName cases[] = {
    { "CRM Integration", "CRM Integration" },
    { "  Website Widget  ", "Website Widget" },
    { "\u00a0Analytics Script\u3000", "Analytics Script" },
    { "R&D <dashboard> “beta”", "R&D <dashboard> “beta”" },
    { "Ünïcødé 日本語 🔑", "Ünïcødé 日本語 🔑" },
    { "x", "x" },
    { ascii_100, ascii_100 },
    { padded_100, ascii_100 },
  };

  toggle_scope (fixture, AIVO_SCOPE_CALLS_READ);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("name %u", i);

      type_name (fixture, cases[i].typed);
      g_assert_cmpstr (aivo_generate_key_dialog_get_name (fixture->dialog), ==, cases[i].name);
      g_assert_true (can_create (fixture));
      g_assert_false (gtk_widget_has_css_class (fixture->name_row, "error"));
      g_assert_false (shows (fixture, "Enter a name"));
      g_assert_false (shows (fixture, "characters long"));
      g_assert_false (shows (fixture, "control characters"));
    }
}

static void
test_preset_rows (Fixture       *fixture,
                  gconstpointer  data)
{
  const AivoScopePreset *presets;
  guint n_presets = 0;

  presets = aivo_scope_get_presets (&n_presets);
  g_assert_cmpuint (n_presets, ==, 3);

  for (guint i = 0; i < n_presets; i++)
    {
      GtkWidget *row = test_find_row_with_title (GTK_WIDGET (fixture->dialog), _(presets[i].title));

      g_test_message ("preset %s", presets[i].id);
      g_assert_nonnull (row);

      /* From a checklist that has everything but the preset's scopes. */
      aivo_generate_key_dialog_set_scopes (fixture->dialog, AIVO_SCOPE_ALL & ~presets[i].scopes);
      gtk_widget_activate (row);

      g_assert_cmpuint (checked_scopes (fixture), ==, presets[i].scopes);
      g_assert_cmpuint (aivo_generate_key_dialog_get_scopes (fixture->dialog), ==, presets[i].scopes);
    }
}

static void
test_apply_preset (Fixture       *fixture,
                   gconstpointer  data)
{
  const struct {
    const char *id;
    AivoScope   scopes;
  } cases[] = {
    { "analytics-dashboard", AIVO_SCOPE_CALLS_READ },
    { "crm-integration", AIVO_SCOPE_CONTACTS_WRITE | AIVO_SCOPE_CALLS_READ },
    { "scheduling-tool", AIVO_SCOPE_APPOINTMENTS_READ | AIVO_SCOPE_APPOINTMENTS_WRITE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      toggle_scope (fixture, AIVO_SCOPE_ACCOUNT_WRITE);
      aivo_generate_key_dialog_apply_preset (fixture->dialog, cases[i].id);
      g_assert_cmpuint (checked_scopes (fixture), ==, cases[i].scopes);
    }
}

static void
test_summary (Fixture       *fixture,
              gconstpointer  data)
{
  AivoScope writes = AIVO_SCOPE_CALLS_WRITE | AIVO_SCOPE_KNOWLEDGE_WRITE | AIVO_SCOPE_APPOINTMENTS_WRITE |
                     AIVO_SCOPE_CONTACTS_WRITE | AIVO_SCOPE_ACCOUNT_WRITE | AIVO_SCOPE_WEBHOOKS_MANAGE;

  toggle_scope (fixture, AIVO_SCOPE_CALLS_READ);
  g_assert_true (shows (fixture, "1 scope selected"));
  g_assert_false (shows (fixture, "Grant only what"));

  toggle_scope (fixture, AIVO_SCOPE_CONTACTS_WRITE);
  g_assert_true (shows (fixture, "2 scopes selected"));
  g_assert_false (shows (fixture, "Grant only what"));

  aivo_generate_key_dialog_set_scopes (fixture->dialog, writes);
  g_assert_true (shows (fixture, "6 scopes selected, including every write scope"));
  g_assert_true (shows (fixture, "Grant only what"));

  /* One write scope short of all: no warning. */
  aivo_generate_key_dialog_set_scopes (fixture->dialog, AIVO_SCOPE_ALL & ~AIVO_SCOPE_WEBHOOKS_MANAGE);
  g_assert_true (shows (fixture, "10 scopes selected"));
  g_assert_false (shows (fixture, "Grant only what"));

  aivo_generate_key_dialog_set_scopes (fixture->dialog, AIVO_SCOPE_ALL);
  g_assert_true (shows (fixture, "All 11 scopes selected"));
  g_assert_true (shows (fixture, "Grant only what"));

  aivo_generate_key_dialog_set_scopes (fixture->dialog, AIVO_SCOPE_NONE);
  g_assert_true (shows (fixture, "No scopes selected"));
}

static void
fill_in_crm_key (Fixture *fixture)
{
  AdwComboRow *environment_row = ADW_COMBO_ROW (test_find_one_of_type (GTK_WIDGET (fixture->dialog), ADW_TYPE_COMBO_ROW));

  type_name (fixture, "  CRM Integration  ");
  adw_combo_row_set_selected (environment_row, AIVO_ENVIRONMENT_DEVELOPMENT);
  gtk_widget_activate (test_find_row_with_title (GTK_WIDGET (fixture->dialog), _("CRM integration")));
}

static void
test_create_requested (Fixture       *fixture,
                       gconstpointer  data)
{
  fill_in_crm_key (fixture);
  g_assert_cmpint (aivo_generate_key_dialog_get_environment (fixture->dialog), ==, AIVO_ENVIRONMENT_DEVELOPMENT);
  g_assert_true (can_create (fixture));

  click_create (fixture);

  g_assert_cmpuint (fixture->n_requests, ==, 1);
  g_assert_cmpstr (fixture->requested_name, ==, "CRM Integration");
  g_assert_cmpint (fixture->requested_environment, ==, AIVO_ENVIRONMENT_DEVELOPMENT);
  g_assert_cmpuint (fixture->requested_scopes, ==, AIVO_SCOPE_CONTACTS_WRITE | AIVO_SCOPE_CALLS_READ);
  g_assert_true (fixture->busy_when_requested);

  /* Busy: a spinner runs, nothing can be edited or sent twice. */
  g_assert_true (aivo_generate_key_dialog_get_busy (fixture->dialog));
  g_assert_nonnull (test_find_widget (GTK_WIDGET (fixture->dialog), test_match_type, GSIZE_TO_POINTER (GTK_TYPE_SPINNER)));
  g_assert_true (gtk_widget_is_visible (test_find_one_of_type (GTK_WIDGET (fixture->dialog), GTK_TYPE_SPINNER)));
  g_assert_false (can_create (fixture));
  g_assert_false (gtk_widget_is_sensitive (fixture->name_row));
  g_assert_false (gtk_widget_is_sensitive (scope_check (fixture, AIVO_SCOPE_CALLS_READ)));

  click_create (fixture);
  g_assert_cmpuint (fixture->n_requests, ==, 1);
}

static void
test_set_error_keeps_input (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *message = "This account already has 10 keys, the most it can have. Delete a key you no longer use, then try again.";

  fill_in_crm_key (fixture);
  click_create (fixture);
  g_assert_cmpuint (fixture->n_requests, ==, 1);
  g_assert_false (shows (fixture, message));

  aivo_generate_key_dialog_set_error (fixture->dialog, message);

  g_assert_true (shows (fixture, message));
  g_assert_false (aivo_generate_key_dialog_get_busy (fixture->dialog));
  g_assert_false (gtk_widget_is_visible (test_find_one_of_type (GTK_WIDGET (fixture->dialog), GTK_TYPE_SPINNER)));
  g_assert_true (gtk_widget_is_sensitive (fixture->name_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->name_row)), ==, "  CRM Integration  ");
  g_assert_cmpint (aivo_generate_key_dialog_get_environment (fixture->dialog), ==, AIVO_ENVIRONMENT_DEVELOPMENT);
  g_assert_cmpuint (checked_scopes (fixture), ==, AIVO_SCOPE_CONTACTS_WRITE | AIVO_SCOPE_CALLS_READ);
  g_assert_true (can_create (fixture));

  /* Trying again hides the old error and asks again. */
  click_create (fixture);
  g_assert_cmpuint (fixture->n_requests, ==, 2);
  g_assert_false (shows (fixture, message));
}

/* What Enter in the name does: GtkText binds it to "activate". */
static void
press_enter_in_name (Fixture *fixture)
{
  g_signal_emit_by_name (test_find_one_of_type (fixture->name_row, GTK_TYPE_TEXT), "activate");
}

static void
test_enter_activates_create (Fixture       *fixture,
                             gconstpointer  data)
{
  /* Enter with an invalid form does nothing. */
  type_name (fixture, "Analytics Script");
  press_enter_in_name (fixture);
  g_assert_cmpuint (fixture->n_requests, ==, 0);

  aivo_generate_key_dialog_apply_preset (fixture->dialog, "analytics-dashboard");
  press_enter_in_name (fixture);
  g_assert_cmpuint (fixture->n_requests, ==, 1);
  g_assert_cmpstr (fixture->requested_name, ==, "Analytics Script");
  g_assert_cmpuint (fixture->requested_scopes, ==, AIVO_SCOPE_CALLS_READ);
  g_assert_cmpint (fixture->requested_environment, ==, AIVO_ENVIRONMENT_PRODUCTION);
}

static void
test_cancel_closes_without_request (Fixture       *fixture,
                                    gconstpointer  data)
{
  GtkWidget *cancel = test_find_button_with_label (GTK_WIDGET (fixture->dialog), "_Cancel");

  fill_in_crm_key (fixture);
  g_assert_nonnull (cancel);
  g_signal_emit_by_name (cancel, "clicked");

  g_assert_null (fixture->dialog);
  g_assert_cmpuint (fixture->n_requests, ==, 0);
}

static void
test_close_request_closes_without_request (Fixture       *fixture,
                                           gconstpointer  data)
{
  fill_in_crm_key (fixture);

  /* What Escape and the window manager's close button do. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "window.close", NULL);

  g_assert_null (fixture->dialog);
  g_assert_cmpuint (fixture->n_requests, ==, 0);
}

static gboolean
match_check_button (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_CHECK_BUTTON (widget);
}

static void
test_accessible_labels (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) checks = test_find_widgets (GTK_WIDGET (fixture->dialog), match_check_button, NULL);
  AivoScope labelled = AIVO_SCOPE_NONE;

  g_assert_cmpuint (checks->len, ==, AIVO_N_SCOPES);

  for (guint i = 0; i < checks->len; i++)
    {
      g_autofree char *label = test_accessible_property (g_ptr_array_index (checks, i), GTK_ACCESSIBLE_PROPERTY_LABEL);
      AivoScope scope = aivo_scope_from_string (label);

      g_assert_cmpuint (scope, !=, AIVO_SCOPE_NONE);
      g_assert_cmpuint (labelled & scope, ==, 0);
      labelled |= scope;
    }

  g_assert_cmpuint (labelled, ==, AIVO_SCOPE_ALL);
}

static void
test_scope_groups (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Each scope is in the group of its resource, with the article's words. */
  for (guint i = 0; i < AIVO_N_SCOPES; i++)
    {
      AivoScope scope = aivo_scope_nth (i);
      GtkWidget *check = scope_check (fixture, scope);
      GtkWidget *row = gtk_widget_get_ancestor (check, ADW_TYPE_ACTION_ROW);
      GtkWidget *group = gtk_widget_get_ancestor (check, ADW_TYPE_PREFERENCES_GROUP);

      g_assert_nonnull (row);
      g_assert_nonnull (group);
      g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), ==,
                       aivo_scope_resource_get_title (aivo_scope_get_resource (scope)));
      g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), aivo_scope_to_string (scope)));
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, aivo_scope_get_description (scope));
    }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/generate-key-dialog/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("initial-state", test_initial_state);
  ADD ("create-needs-name-and-scope", test_create_needs_name_and_scope);
  ADD ("invalid-names", test_invalid_names);
  ADD ("valid-names", test_valid_names);
  ADD ("preset-rows", test_preset_rows);
  ADD ("apply-preset", test_apply_preset);
  ADD ("summary", test_summary);
  ADD ("create-requested", test_create_requested);
  ADD ("set-error-keeps-input", test_set_error_keeps_input);
  ADD ("enter-activates-create", test_enter_activates_create);
  ADD ("cancel-closes-without-request", test_cancel_closes_without_request);
  ADD ("close-request-closes-without-request", test_close_request_closes_without_request);
  ADD ("accessible-labels", test_accessible_labels);
  ADD ("scope-groups", test_scope_groups);

#undef ADD

  return g_test_run ();
}
