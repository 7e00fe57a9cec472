/* aivo-generate-key-dialog.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-generate-key-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "aivo-generate-key-dialog.h"
#include "aivo-text.h"

/* The form of "Generate New Key": name, environment and scopes. It only
 * collects them: the page that opens it talks to the server, and answers with
 * set_error() or by closing it. */

struct _AivoGenerateKeyDialog
{
  AdwWindow            parent_instance;

  /* Owned references */
  char                *name;          /* trimmed */

  /* Borrowed references: widgets built in code, owned by their parents */
  GtkCheckButton      *scope_checks[AIVO_N_SCOPES];
  GPtrArray           *preset_marks;  /* GtkImage, one a preset, same order */

  /* Template widgets */
  GtkButton           *create_button;
  GtkSpinner          *spinner;
  GtkScrolledWindow   *scrolled_window;
  GtkWidget           *form_box;
  GtkWidget           *error_box;
  GtkLabel            *error_label;
  AdwEntryRow         *name_row;
  GtkLabel            *name_error_label;
  AdwComboRow         *environment_row;
  GtkStringList       *environment_model;
  AdwPreferencesGroup *presets_group;
  GtkBox              *scopes_box;
  GtkImage            *summary_icon;
  GtkLabel            *summary_label;

  guint                busy : 1;
  guint                name_valid : 1;
  guint                updating_scopes : 1;
};

G_DEFINE_FINAL_TYPE (AivoGenerateKeyDialog, aivo_generate_key_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  CREATE_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

/* Name rules (API.md): 1–100 characters once white space is trimmed at both
 * ends, no control character anywhere. */

/* Returns: (nullable): why @name (trimmed) can't be used, or %NULL */
static char *
check_name (const char *name)
{
  guint n_chars = 0;

  if (name[0] == '\0')
    return g_strdup (_("Enter a name for the key."));

  /* The same rule the server enforces (API.md): no C0, DEL or C1 anywhere. */
  if (aivo_text_has_control_chars (name, FALSE))
    return g_strdup (_("The name can’t contain control characters such as tabs or line breaks. Remove them to continue."));

  n_chars = g_utf8_strlen (name, -1);

  if (n_chars > AIVO_GENERATE_KEY_DIALOG_MAX_NAME_CHARS)
    return g_strdup_printf (_("The name is %u characters long. Shorten it to at most %u characters."),
                            n_chars, AIVO_GENERATE_KEY_DIALOG_MAX_NAME_CHARS);

  return NULL;
}

static AivoScope
write_scopes (void)
{
  AivoScope writes = AIVO_SCOPE_NONE;

  for (guint i = 0; i < AIVO_N_SCOPES; i++)
    if (aivo_scope_is_write (aivo_scope_nth (i)))
      writes |= aivo_scope_nth (i);

  return writes;
}

static char *
summary_new (AivoScope  scopes,
             gboolean  *warn)
{
  AivoScope writes = write_scopes ();
  guint n = aivo_scopes_count (scopes);

  *warn = FALSE;

  if (n == 0)
    return g_strdup (_("No scopes selected. Choose at least one."));

  if (scopes == AIVO_SCOPE_ALL)
    {
      *warn = TRUE;
      return g_strdup_printf (_("All %u scopes selected: this key can do everything your account can. Grant only what the integration needs."),
                              n);
    }

  if ((scopes & writes) == writes)
    {
      *warn = TRUE;
      return g_strdup_printf (ngettext ("%u scope selected, including every write scope: this key can change anything in your account. Grant only what the integration needs.",
                                        "%u scopes selected, including every write scope: this key can change anything in your account. Grant only what the integration needs.",
                                        n),
                              n);
    }

  return g_strdup_printf (ngettext ("%u scope selected", "%u scopes selected", n), n);
}

static gboolean
can_create (AivoGenerateKeyDialog *self)
{
  return !self->busy && self->name_valid && aivo_generate_key_dialog_get_scopes (self) != AIVO_SCOPE_NONE;
}

static void
update_state (AivoGenerateKeyDialog *self)
{
  AivoScope scopes = aivo_generate_key_dialog_get_scopes (self);
  const AivoScopePreset *presets;
  g_autofree char *summary = NULL;
  guint n_presets = 0;
  gboolean warn;

  summary = summary_new (scopes, &warn);
  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_icon), warn);
  if (warn)
    gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "warning");

  presets = aivo_scope_get_presets (&n_presets);
  for (guint i = 0; i < n_presets && i < self->preset_marks->len; i++)
    gtk_widget_set_visible (g_ptr_array_index (self->preset_marks, i), presets[i].scopes == scopes);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "key.create", can_create (self));
}

static void
name_row_changed_cb (AivoGenerateKeyDialog *self,
                     GtkEditable           *editable)
{
  g_autofree char *problem = NULL;

  g_assert (AIVO_IS_GENERATE_KEY_DIALOG (self));

  g_free (self->name);
  self->name = aivo_text_strip (gtk_editable_get_text (editable));
  problem = check_name (self->name);
  self->name_valid = problem == NULL;

  /* Only after an edit: an untouched empty field is not an error yet. */
  gtk_label_set_text (self->name_error_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_error_label), problem != NULL);
  if (problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");

  update_state (self);
}

static void
name_row_entry_activated_cb (AivoGenerateKeyDialog *self,
                             AdwEntryRow           *row)
{
  g_assert (AIVO_IS_GENERATE_KEY_DIALOG (self));

  if (can_create (self))
    gtk_widget_activate_action (GTK_WIDGET (self), "key.create", NULL);
}

static void
scope_check_toggled_cb (AivoGenerateKeyDialog *self,
                        GtkCheckButton        *check)
{
  /* set_scopes() toggles eleven buttons: update once, at the end. */
  if (!self->updating_scopes)
    update_state (self);
}

static void
preset_row_activated_cb (AivoGenerateKeyDialog *self,
                         AdwActionRow          *row)
{
  const AivoScopePreset *preset = g_object_get_data (G_OBJECT (row), "aivo-scope-preset");

  g_assert (preset != NULL);

  aivo_generate_key_dialog_set_scopes (self, preset->scopes);
}

static void
key_create_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  AivoGenerateKeyDialog *self = AIVO_GENERATE_KEY_DIALOG (widget);
  g_autofree char *name = NULL;
  AivoEnvironment environment;
  AivoScope scopes;

  if (!can_create (self))
    return;

  name = g_strdup (self->name);
  environment = aivo_generate_key_dialog_get_environment (self);
  scopes = aivo_generate_key_dialog_get_scopes (self);

  gtk_widget_set_visible (self->error_box, FALSE);
  aivo_generate_key_dialog_set_busy (self, TRUE);

  /* A handler may answer at once with set_error() or close the dialog. */
  g_signal_emit (self, signals [CREATE_REQUESTED], 0, name, environment, scopes);
}

/* Rows built from libaivo's tables, so the dialog lists exactly its scopes. */

static GtkWidget *
scope_row_new (AivoGenerateKeyDialog *self,
               guint                  index)
{
  AivoScope scope = aivo_scope_nth (index);
  const char *id = aivo_scope_to_string (scope);
  const char *description = aivo_scope_get_description (scope);
  g_autofree char *title = g_markup_printf_escaped ("<span font_family=\"monospace\">%s</span>", id);
  g_autofree char *subtitle = g_markup_escape_text (description, -1);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, id,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  g_signal_connect_object (check, "toggled", G_CALLBACK (scope_check_toggled_cb), self, G_CONNECT_SWAPPED);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  self->scope_checks[index] = GTK_CHECK_BUTTON (check);

  return row;
}

static void
add_scope_groups (AivoGenerateKeyDialog *self)
{
  for (guint r = 0; r < AIVO_N_SCOPE_RESOURCES; r++)
    {
      AivoScope resource_scopes = aivo_scope_resource_get_scopes ((AivoScopeResource) r);
      GtkWidget *group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                       aivo_scope_resource_get_title ((AivoScopeResource) r));

      for (guint i = 0; i < AIVO_N_SCOPES; i++)
        if ((resource_scopes & aivo_scope_nth (i)) != 0)
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), scope_row_new (self, i));

      gtk_box_append (self->scopes_box, group);
    }

  for (guint i = 0; i < AIVO_N_SCOPES; i++)
    g_assert (self->scope_checks[i] != NULL);
}

static void
add_preset_rows (AivoGenerateKeyDialog *self)
{
  const AivoScopePreset *presets;
  guint n_presets = 0;

  presets = aivo_scope_get_presets (&n_presets);

  for (guint i = 0; i < n_presets; i++)
    {
      g_autofree char *scope_list = aivo_scopes_to_string (presets[i].scopes, ", ");
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *scopes_label = gtk_label_new (scope_list);
      GtkWidget *mark = gtk_image_new_from_icon_name ("object-select-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(presets[i].title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(presets[i].description));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "aivo-scope-preset", (gpointer) &presets[i]);
      g_signal_connect_object (row, "activated", G_CALLBACK (preset_row_activated_cb), self, G_CONNECT_SWAPPED);

      gtk_label_set_wrap (GTK_LABEL (scopes_label), TRUE);
      gtk_label_set_justify (GTK_LABEL (scopes_label), GTK_JUSTIFY_RIGHT);
      gtk_label_set_xalign (GTK_LABEL (scopes_label), 1.0);
      gtk_label_set_max_width_chars (GTK_LABEL (scopes_label), 18);
      gtk_widget_add_css_class (scopes_label, "caption");
      gtk_widget_add_css_class (scopes_label, "monospace");
      gtk_widget_add_css_class (scopes_label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), scopes_label);

      /* Shows which preset the checklist matches, if any. */
      gtk_widget_set_visible (mark, FALSE);
      gtk_widget_add_css_class (mark, "accent");
      gtk_accessible_update_property (GTK_ACCESSIBLE (mark),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Matches the selected scopes"),
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), mark);
      g_ptr_array_add (self->preset_marks, mark);

      adw_preferences_group_add (self->presets_group, row);
    }
}

static void
aivo_generate_key_dialog_dispose (GObject *object)
{
  AivoGenerateKeyDialog *self = (AivoGenerateKeyDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), AIVO_TYPE_GENERATE_KEY_DIALOG);
  memset (self->scope_checks, 0, sizeof self->scope_checks);
  if (self->preset_marks != NULL)
    g_ptr_array_set_size (self->preset_marks, 0);

  G_OBJECT_CLASS (aivo_generate_key_dialog_parent_class)->dispose (object);
}

static void
aivo_generate_key_dialog_finalize (GObject *object)
{
  AivoGenerateKeyDialog *self = (AivoGenerateKeyDialog *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->preset_marks, g_ptr_array_unref);

  G_OBJECT_CLASS (aivo_generate_key_dialog_parent_class)->finalize (object);
}

static void
aivo_generate_key_dialog_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  AivoGenerateKeyDialog *self = AIVO_GENERATE_KEY_DIALOG (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_generate_key_dialog_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  AivoGenerateKeyDialog *self = AIVO_GENERATE_KEY_DIALOG (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      aivo_generate_key_dialog_set_busy (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_generate_key_dialog_class_init (AivoGenerateKeyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aivo_generate_key_dialog_dispose;
  object_class->finalize = aivo_generate_key_dialog_finalize;
  object_class->get_property = aivo_generate_key_dialog_get_property;
  object_class->set_property = aivo_generate_key_dialog_set_property;

  /**
   * AivoGenerateKeyDialog:busy:
   *
   * Whether the key is being created: the form is locked and a spinner runs.
   */
  properties [PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AivoGenerateKeyDialog::create-requested:
   * @name: the key's name, trimmed
   * @environment: an #AivoEnvironment
   * @scopes: the #AivoScope flags, at least one
   *
   * The user pressed Create with a valid form. The dialog is busy until the
   * handler calls aivo_generate_key_dialog_set_error() or closes it.
   */
  signals [CREATE_REQUESTED] =
    g_signal_new ("create-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  AIVO_TYPE_ENVIRONMENT,
                  AIVO_TYPE_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/aivo-generate-key-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AivoGenerateKeyDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, AivoGenerateKeyDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, AivoGenerateKeyDialog, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, AivoGenerateKeyDialog, form_box);
  gtk_widget_class_bind_template_child (widget_class, AivoGenerateKeyDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, AivoGenerateKeyDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, AivoGenerateKeyDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, AivoGenerateKeyDialog, name_error_label);
  gtk_widget_class_bind_template_child (widget_class, AivoGenerateKeyDialog, environment_row);
  gtk_widget_class_bind_template_child (widget_class, AivoGenerateKeyDialog, environment_model);
  gtk_widget_class_bind_template_child (widget_class, AivoGenerateKeyDialog, presets_group);
  gtk_widget_class_bind_template_child (widget_class, AivoGenerateKeyDialog, scopes_box);
  gtk_widget_class_bind_template_child (widget_class, AivoGenerateKeyDialog, summary_icon);
  gtk_widget_class_bind_template_child (widget_class, AivoGenerateKeyDialog, summary_label);
  gtk_widget_class_bind_template_callback (widget_class, name_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_row_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "key.create", NULL, key_create_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
aivo_generate_key_dialog_init (AivoGenerateKeyDialog *self)
{
  GtkEditable *text;

  self->name = g_strdup ("");
  self->preset_marks = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The titles come from libaivo so they are translated once. */
  for (guint i = 0; i < AIVO_N_ENVIRONMENTS; i++)
    gtk_string_list_append (self->environment_model, aivo_environment_get_title ((AivoEnvironment) i));
  adw_combo_row_set_selected (self->environment_row, AIVO_ENVIRONMENT_PRODUCTION);

  add_preset_rows (self);
  add_scope_groups (self);
  update_state (self);

  /* The article's first example, in the empty field once it has the focus
   * (AdwEntryRow 1.2 has no placeholder of its own); the caption below
   * gives all three. */
  text = gtk_editable_get_delegate (GTK_EDITABLE (self->name_row));
  if (GTK_IS_TEXT (text))
    gtk_text_set_placeholder_text (GTK_TEXT (text), _("e.g. “CRM Integration”"));

  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->name_row));
}

/**
 * aivo_generate_key_dialog_new:
 * @parent: (nullable): the window the dialog is modal for
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
GtkWidget *
aivo_generate_key_dialog_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (AIVO_TYPE_GENERATE_KEY_DIALOG,
                       "transient-for", parent,
                       NULL);
}

/* Returns: the name as it would be sent, trimmed; "" when empty */
const char *
aivo_generate_key_dialog_get_name (AivoGenerateKeyDialog *self)
{
  g_return_val_if_fail (AIVO_IS_GENERATE_KEY_DIALOG (self), NULL);

  return self->name;
}

AivoEnvironment
aivo_generate_key_dialog_get_environment (AivoGenerateKeyDialog *self)
{
  guint selected;

  g_return_val_if_fail (AIVO_IS_GENERATE_KEY_DIALOG (self), AIVO_ENVIRONMENT_PRODUCTION);

  selected = adw_combo_row_get_selected (self->environment_row);
  g_assert (selected < AIVO_N_ENVIRONMENTS);

  return (AivoEnvironment) selected;
}

void
aivo_generate_key_dialog_set_environment (AivoGenerateKeyDialog *self,
                                          AivoEnvironment        environment)
{
  g_return_if_fail (AIVO_IS_GENERATE_KEY_DIALOG (self));
  g_return_if_fail ((guint) environment < AIVO_N_ENVIRONMENTS);

  adw_combo_row_set_selected (self->environment_row, environment);
}

AivoScope
aivo_generate_key_dialog_get_scopes (AivoGenerateKeyDialog *self)
{
  AivoScope scopes = AIVO_SCOPE_NONE;

  g_return_val_if_fail (AIVO_IS_GENERATE_KEY_DIALOG (self), AIVO_SCOPE_NONE);

  for (guint i = 0; i < AIVO_N_SCOPES; i++)
    if (self->scope_checks[i] != NULL && gtk_check_button_get_active (self->scope_checks[i]))
      scopes |= aivo_scope_nth (i);

  return scopes;
}

/**
 * aivo_generate_key_dialog_set_scopes:
 *
 * Checks exactly @scopes and unchecks the others.
 */
void
aivo_generate_key_dialog_set_scopes (AivoGenerateKeyDialog *self,
                                     AivoScope              scopes)
{
  g_return_if_fail (AIVO_IS_GENERATE_KEY_DIALOG (self));
  g_return_if_fail ((scopes & ~AIVO_SCOPE_ALL) == 0);

  self->updating_scopes = TRUE;
  for (guint i = 0; i < AIVO_N_SCOPES; i++)
    if (self->scope_checks[i] != NULL)
      gtk_check_button_set_active (self->scope_checks[i], (scopes & aivo_scope_nth (i)) != 0);
  self->updating_scopes = FALSE;

  update_state (self);
}

/**
 * aivo_generate_key_dialog_apply_preset:
 * @id: a preset's id from aivo_scope_get_presets()
 *
 * Sets the checklist to exactly the preset's scopes.
 */
void
aivo_generate_key_dialog_apply_preset (AivoGenerateKeyDialog *self,
                                       const char            *id)
{
  const AivoScopePreset *preset;

  g_return_if_fail (AIVO_IS_GENERATE_KEY_DIALOG (self));
  g_return_if_fail (id != NULL);

  preset = aivo_scope_find_preset (id);
  g_return_if_fail (preset != NULL);

  aivo_generate_key_dialog_set_scopes (self, preset->scopes);
}

gboolean
aivo_generate_key_dialog_get_busy (AivoGenerateKeyDialog *self)
{
  g_return_val_if_fail (AIVO_IS_GENERATE_KEY_DIALOG (self), FALSE);

  return self->busy;
}

/**
 * aivo_generate_key_dialog_set_busy:
 *
 * Locks the form and runs the spinner while the key is created, or unlocks
 * it with everything the user entered still in place.
 */
void
aivo_generate_key_dialog_set_busy (AivoGenerateKeyDialog *self,
                                   gboolean               busy)
{
  g_return_if_fail (AIVO_IS_GENERATE_KEY_DIALOG (self));

  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;

  /* Out of the form before it is locked: GTK 4.8 sends a focused GtkText
   * made insensitive no focus-out, and its cursor blink then warns. */
  if (busy)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (self->form_box, !busy);
  update_state (self);

  if (!busy)
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BUSY]);
}

/**
 * aivo_generate_key_dialog_set_error:
 * @message: a sentence that says what happened and what to do
 *
 * Shows why the key could not be created, above the form, and unlocks the
 * form so the user can fix it and try again.
 */
void
aivo_generate_key_dialog_set_error (AivoGenerateKeyDialog *self,
                                    const char            *message)
{
  g_return_if_fail (AIVO_IS_GENERATE_KEY_DIALOG (self));
  g_return_if_fail (message != NULL);

  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (self->error_box, TRUE);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);

  aivo_generate_key_dialog_set_busy (self, FALSE);
}
