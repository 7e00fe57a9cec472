/* aivo-rotation-wizard.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-rotation-wizard"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "aivo-clock.h"
#include "aivo-format.h"
#include "aivo-page-util.h"
#include "aivo-reveal-dialog.h"
#include "aivo-rotation-policy.h"
#include "aivo-rotation-wizard.h"
#include "aivo-secret-clipboard.h"
#include "aivo-settings-util.h"
#include "aivo-window.h"

/* The article's four rotation steps, one page each: review the key, create
 * its replacement through the rotate endpoint (so a full account can rotate)
 * and reveal it once, hand it over to the integration, then verify it scope
 * by scope and delete the old key with proof that it is dead.
 *
 * The place reached is kept in GSettings ("rotations-in-progress": never a
 * secret) at every step change, so closing the window at any point keeps
 * both keys and the wizard resumes where it was. The new key's secret is
 * only ever in the reveal dialog and the keyring: this window shows its hint
 * and reads the keyring when it needs the key (to copy a line, to verify). */

typedef enum
{
  STEP_LOADING,
  STEP_REVIEW,
  STEP_CREATE,
  STEP_UPDATE,
  STEP_VERIFY,
  STEP_DONE,
} Step;

#define N_WIZARD_STEPS 4   /* review, create, update, verify */

static const char * const step_names[] = {
  "loading", "review", "create", "update", "verify", "done",
};

typedef enum
{
  OP_NONE,
  OP_LOAD,
  OP_ROTATE,
  OP_COPY,
  OP_VERIFY,
  OP_DELETE,
} Operation;

typedef enum
{
  COPY_ENV,
  COPY_DOTENV,
} CopyKind;

typedef enum
{
  CHECK_NOT_RUN,
  CHECK_RUNNING,
  CHECK_PASSED,
  CHECK_FAILED,
} CheckState;

/* One request per scope. A write scope without a harmless read gets a body
 * that is invalid on purpose: the server checks the scope before the body
 * (API.md, "Order of checks"), so 400 or 422 proves the scope while nothing
 * is written, and 403 proves it is missing. */
typedef struct
{
  AivoScope   scope;
  const char *method;
  const char *path;
  const char *body;   /* NULL for a read */
} CheckSpec;

static const CheckSpec check_specs[] = {
  { AIVO_SCOPE_CALLS_READ,         "GET",   "/v1/calls?limit=1",              NULL },
  { AIVO_SCOPE_CALLS_WRITE,        "PATCH", "/v1/call-settings",              "{\"max_call_duration_seconds\": -1}" },
  { AIVO_SCOPE_KNOWLEDGE_READ,     "GET",   "/v1/knowledge/articles?limit=1", NULL },
  { AIVO_SCOPE_KNOWLEDGE_WRITE,    "POST",  "/v1/knowledge/articles",         "{}" },
  { AIVO_SCOPE_APPOINTMENTS_READ,  "GET",   "/v1/appointments?limit=1",       NULL },
  { AIVO_SCOPE_APPOINTMENTS_WRITE, "POST",  "/v1/appointments",               "{}" },
  { AIVO_SCOPE_CONTACTS_READ,      "GET",   "/v1/contacts?limit=1",           NULL },
  { AIVO_SCOPE_CONTACTS_WRITE,     "POST",  "/v1/contacts",                   "{}" },
  { AIVO_SCOPE_ACCOUNT_READ,       "GET",   "/v1/account",                    NULL },
  { AIVO_SCOPE_ACCOUNT_WRITE,      "PATCH", "/v1/account",                    "{\"name\": \"\"}" },
  { AIVO_SCOPE_WEBHOOKS_MANAGE,    "GET",   "/v1/webhooks",                   NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (check_specs) == AIVO_N_SCOPES);

typedef struct
{
  const CheckSpec *spec;
  AdwActionRow    *row;
  GtkImage        *icon;
  GtkSpinner      *spinner;
  CheckState       state;
} Check;

/* The grace period choices, in the order of the combo row. */
static const guint grace_seconds[] = {
  AIVO_ROTATION_WIZARD_MAX_GRACE_SECONDS,
  24 * 60 * 60,
  60 * 60,
  0,
};

#define USAGE_REFRESH_SECONDS 5

struct _AivoRotationWizard
{
  AdwWindow              parent_instance;

  /* Owned references */
  AivoConnectionManager *manager;
  GSettings             *settings;
  AivoRotationPolicy    *policy;
  AivoSecretClipboard   *secret_clipboard;
  GCancellable          *cancellable;         /* load, rotate, delete, copy */
  GCancellable          *verify_cancellable;
  GCancellable          *usage_cancellable;
  char                  *connection_id;
  char                  *old_key_id;
  char                  *new_key_id;          /* NULL until the new key exists */
  AivoKey               *old_key;
  AivoKey               *new_key;
  GPtrArray             *checks;              /* of Check */
  char                  *proof;               /* how the old key's death was shown */

  /* Borrowed references */
  GtkWindow             *reveal_dialog;
  GtkWindow             *confirm_dialog;

  Step                   step;
  Step                   saved_step;          /* where a resumed rotation was */
  Operation              failed_op;
  CopyKind               last_copy;
  guint                  check_generation;
  guint                  checks_running;
  guint                  usage_pending;
  guint                  usage_timeout_id;

  guint                  busy : 1;
  guint                  rotating : 1;
  guint                  waiting_for_client : 1;
  guint                  old_gone : 1;
  guint                  has_progress : 1;
  guint                  new_in_keyring : 1;
  guint                  new_keyring_known : 1;
  guint                  can_retry : 1;

  /* Template widgets */
  AdwToastOverlay       *toast_overlay;
  AdwWindowTitle        *window_title;
  GtkButton             *cancel_button;
  GtkWidget             *next_button;
  GtkWidget             *back_button;
  GtkSpinner            *spinner;
  GtkBox                *steps_box;
  GtkScrolledWindow     *scrolled_window;
  GtkWidget             *error_box;
  GtkLabel              *error_label;
  GtkButton             *stop_button;
  GtkWidget             *retry_button;
  GtkWidget             *loading_page;
  GtkWidget             *review_page;
  GtkWidget             *create_page;
  GtkWidget             *update_page;
  GtkWidget             *verify_page;
  GtkWidget             *done_page;
  GtkSpinner            *loading_spinner;
  GtkLabel              *loading_label;
  GtkLabel              *review_name_label;
  GtkLabel              *review_environment_label;
  GtkLabel              *review_hint_label;
  AdwActionRow          *review_scopes_row;
  GtkLabel              *review_age_label;
  GtkLabel              *review_last_used_label;
  AdwActionRow          *review_due_row;
  GtkImage              *review_due_icon;
  AdwComboRow           *grace_row;
  GtkLabel              *grace_caption;
  GtkLabel              *create_intro_label;
  AdwActionRow          *create_new_row;
  GtkImage              *create_new_icon;
  AdwActionRow          *create_keyring_row;
  GtkImage              *create_keyring_icon;
  AdwActionRow          *create_old_row;
  GtkWidget             *create_button;
  GtkWidget             *not_saved_box;
  GtkLabel              *env_line_label;
  GtkLabel              *dotenv_line_label;
  GtkLabel              *cli_line_label;
  GtkLabel              *copy_caption;
  AdwPreferencesGroup   *checks_group;
  GtkLabel              *checks_summary_label;
  AdwActionRow          *old_usage_row;
  GtkLabel              *old_usage_label;
  AdwActionRow          *new_usage_row;
  GtkLabel              *new_usage_label;
  AdwActionRow          *done_old_row;
  AdwActionRow          *done_keyring_row;
  AdwActionRow          *done_new_row;
  GtkWidget             *resume_box;

  GtkImage              *step_icons[N_WIZARD_STEPS];
  GtkLabel              *step_labels[N_WIZARD_STEPS];
};

G_DEFINE_FINAL_TYPE (AivoRotationWizard, aivo_rotation_wizard, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STEP,
  N_PROPS
};

enum {
  API_KEYS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void load                         (AivoRotationWizard *self);
static void update_chrome                (AivoRotationWizard *self);
static void old_keyring_entry_removed_cb (GObject            *object,
                                          GAsyncResult       *result,
                                          gpointer            user_data);

/* Helpers */

static GDateTime *
now (void)
{
  return aivo_clock_now (aivo_clock_get_default ());
}

/* Returns: (transfer full): @when as a local date and time */
static char *
format_moment (GDateTime *when)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (when);

  /* Translators: a date and time, see g_date_time_format() */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

static char *
format_last_used (AivoKey *key)
{
  g_autoptr(GDateTime) current = now ();

  if (aivo_key_get_last_used_at (key) == NULL)
    return g_strdup (_("Never used"));

  return aivo_format_relative_time (aivo_key_get_last_used_at (key), current);
}

static char *
format_used (AivoKey *key)
{
  g_autofree char *when = NULL;

  if (aivo_key_get_last_used_at (key) == NULL)
    return g_strdup (_("Never used"));

  when = format_last_used (key);
  /* Translators: "Used 5 minutes ago" */
  return g_strdup_printf (_("Used %s"), when);
}

static void
show_toast (AivoRotationWizard *self,
            const char         *message)
{
  AdwToast *toast = adw_toast_new (message);

  /* What the last click did matters more than what the one before did. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_icon (GtkImage   *image,
          const char *icon_name,
          const char *style_class)
{
  static const char * const classes[] = { "success", "warning", "error", "dim-label", "accent" };

  gtk_image_set_from_icon_name (image, icon_name);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (image), classes[i]);
  if (style_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (image), style_class);
}

/* A key's name comes from the server: rows must not parse it as markup. */
static void
set_row_text (AdwActionRow *row,
              const char   *title,
              const char   *subtitle)
{
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (title != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (row, subtitle);
}

static const char *
key_name (AivoRotationWizard *self)
{
  if (self->old_key != NULL)
    return aivo_key_get_name (self->old_key);
  if (self->new_key != NULL)
    return aivo_key_get_name (self->new_key);

  return self->old_key_id;
}

static AivoScope
key_scopes (AivoRotationWizard *self)
{
  if (self->new_key != NULL)
    return aivo_key_get_scopes (self->new_key);
  if (self->old_key != NULL)
    return aivo_key_get_scopes (self->old_key);

  return AIVO_SCOPE_NONE;
}

static AivoSecretStore *
get_store (AivoRotationWizard *self)
{
  return aivo_connection_manager_get_secret_store (self->manager);
}

/* The client of this wizard's connection, or %NULL (with @message set when
 * there is something to tell) while there is none. */
static AivoClient *
get_client (AivoRotationWizard  *self,
            char               **message)
{
  g_autofree char *title = NULL;

  if (g_strcmp0 (aivo_connection_manager_get_active_id (self->manager), self->connection_id) != 0)
    {
      if (message != NULL)
        *message = g_strdup (_("The app has switched to another server since this rotation started. "
                               "Switch back to the server the key belongs to, then try again."));
      return NULL;
    }

  if (aivo_connection_manager_get_state (self->manager) == AIVO_CONNECTION_STATE_FAILED)
    {
      if (message != NULL)
        *message = g_strdup (aivo_connection_manager_get_error_message (self->manager));
      return NULL;
    }

  if (aivo_connection_manager_get_client (self->manager) == NULL && message != NULL)
    {
      title = aivo_connection_manager_dup_active_title (self->manager);
      *message = g_strdup_printf (_("Not connected to “%s” yet. Wait for the connection, then try again."), title);
    }

  return aivo_connection_manager_get_client (self->manager);
}

/* Progress in GSettings */

/* Finds the rotation in progress that @key_id is the old or the new key of. */
static gboolean
progress_find (GSettings   *settings,
               const char  *connection_id,
               const char  *key_id,
               char       **old_id,
               char       **new_id,
               char       **step)
{
  g_autoptr(GVariant) entries = g_settings_get_value (settings, "rotations-in-progress");
  const char *e_connection, *e_old, *e_new, *e_step;
  GVariantIter iter;
  gint64 updated;

  g_variant_iter_init (&iter, entries);
  while (g_variant_iter_next (&iter, "(&s&s&s&sx)", &e_connection, &e_old, &e_new, &e_step, &updated))
    {
      if (g_strcmp0 (e_connection, connection_id) != 0)
        continue;

      if (g_strcmp0 (e_old, key_id) == 0 || (*e_new != '\0' && g_strcmp0 (e_new, key_id) == 0))
        {
          *old_id = g_strdup (e_old);
          *new_id = *e_new != '\0' ? g_strdup (e_new) : NULL;
          *step = g_strdup (e_step);
          return TRUE;
        }
    }

  return FALSE;
}

/* Writes this rotation's entry (or removes it), keeping every other one. */
static void
progress_write (AivoRotationWizard *self,
                gboolean            keep)
{
  const char *match[] = { self->connection_id, self->old_key_id, NULL };
  GVariant *entry = NULL;

  if (keep)
    entry = g_variant_new ("(ssssx)",
                           self->connection_id,
                           self->old_key_id,
                           self->new_key_id != NULL ? self->new_key_id : "",
                           step_names[self->step],
                           aivo_clock_now_unix (aivo_clock_get_default ()));

  aivo_settings_replace_entry (self->settings, "rotations-in-progress", match, entry);
  self->has_progress = !!keep;
}

/* Errors and busy state */

static void
hide_error (AivoRotationWizard *self)
{
  self->failed_op = OP_NONE;
  gtk_widget_set_visible (self->error_box, FALSE);
  update_chrome (self);
}

static void
show_error (AivoRotationWizard *self,
            Operation           op,
            gboolean            can_retry,
            const char         *message)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  self->failed_op = op;
  self->can_retry = !!can_retry;
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (self->error_box, TRUE);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));

  /* A failure while loading leaves nothing to show behind it. */
  if (self->step == STEP_LOADING)
    gtk_label_set_text (self->loading_label, "");
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->loading_spinner), FALSE);

  update_chrome (self);
}

static void
set_busy (AivoRotationWizard *self,
          gboolean            busy)
{
  self->busy = !!busy;
  update_chrome (self);
}

/* What kept the wizard busy failed: nothing runs any more. */
static void
fail (AivoRotationWizard *self,
      Operation           op,
      gboolean            can_retry,
      const char         *message)
      {
      self->busy = FALSE;
  show_error (self, op, can_retry, message);
}

/* The client of this wizard's connection, or %NULL with the reason shown
 * as the failure of @op. */
static AivoClient *
require_client (AivoRotationWizard *self,
                Operation           op)
{
  g_autofree char *message = NULL;
  AivoClient *client = get_client (self, &message);

  if (client == NULL)
    fail (self, op, TRUE, message);

  return client;
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Steps */

static void
update_steps_indicator (AivoRotationWizard *self)
{
  g_autofree char *label = NULL;
  guint current = self->step - STEP_REVIEW;   /* wraps for STEP_LOADING: nothing current */

  for (guint i = 0; i < N_WIZARD_STEPS; i++)
    {
      GtkWidget *text = GTK_WIDGET (self->step_labels[i]);
      gboolean done = self->step == STEP_DONE || (self->step != STEP_LOADING && i < current);

      gtk_widget_set_visible (GTK_WIDGET (self->step_icons[i]), done);
      gtk_widget_remove_css_class (text, "accent");
      gtk_widget_remove_css_class (text, "heading");
      gtk_widget_remove_css_class (text, "dim-label");

      if (i == current && self->step != STEP_DONE)
        {
          gtk_widget_add_css_class (text, "accent");
          gtk_widget_add_css_class (text, "heading");
        }
      else if (!done)
        {
          gtk_widget_add_css_class (text, "dim-label");
        }
    }

  if (self->step >= STEP_REVIEW && self->step <= STEP_VERIFY)
    label = g_strdup_printf (_("Step %u of %u"), current + 1, N_WIZARD_STEPS);
  else if (self->step == STEP_DONE)
    label = g_strdup (_("Rotation complete"));
  else
    label = g_strdup ("");

  adw_window_title_set_subtitle (self->window_title, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->steps_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, *label != '\0' ? label : _("Steps"),
                                  -1);
}

static void
update_chrome (AivoRotationWizard *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean error_shown = gtk_widget_get_visible (self->error_box);
  gboolean can_next = FALSE;
  gboolean can_back = FALSE;

  switch (self->step)
    {
    case STEP_REVIEW:
      can_next = self->old_key != NULL && aivo_key_get_expires_at (self->old_key) == NULL;
      break;

    case STEP_CREATE:
      can_next = self->new_key_id != NULL && self->reveal_dialog == NULL;
      can_back = self->new_key_id == NULL;
      break;

    case STEP_UPDATE:
      can_next = TRUE;
      can_back = TRUE;
      break;

    case STEP_VERIFY:
      can_back = TRUE;
      break;

    case STEP_LOADING:
    case STEP_DONE:
    default:
      break;
    }

  gtk_widget_set_visible (self->next_button, self->step >= STEP_REVIEW && self->step <= STEP_UPDATE);
  gtk_widget_set_visible (self->back_button, self->step >= STEP_CREATE && self->step <= STEP_VERIFY);
  gtk_widget_action_set_enabled (widget, "wizard.next", can_next && !self->busy);
  gtk_widget_action_set_enabled (widget, "wizard.back", can_back && !self->busy);
  gtk_widget_action_set_enabled (widget, "wizard.cancel", !self->rotating);
  gtk_widget_action_set_enabled (widget, "wizard.retry", error_shown && self->can_retry && !self->busy);
  gtk_widget_action_set_enabled (widget, "wizard.stop", !self->rotating);
  gtk_widget_action_set_enabled (widget, "wizard.create", self->new_key_id == NULL && self->old_key != NULL &&
                                                          !self->busy);
  gtk_widget_action_set_enabled (widget, "wizard.verify", self->checks_running == 0 && !self->busy);
  gtk_widget_action_set_enabled (widget, "wizard.delete-old", self->new_key_id != NULL && !self->busy &&
                                                              self->checks_running == 0);
  gtk_widget_action_set_enabled (widget, "wizard.abandon", self->has_progress && !self->busy);

  gtk_widget_set_visible (self->retry_button, self->can_retry);
  gtk_button_set_label (self->stop_button, self->new_key_id != NULL ? _("_Stop — Keep Both Keys")
                                                                     : _("_Stop — Change Nothing"));
  gtk_button_set_label (self->cancel_button, self->step == STEP_DONE ? _("_Close") : _("_Cancel"));
  gtk_widget_set_visible (self->create_button, self->new_key_id == NULL);
  gtk_widget_set_visible (self->resume_box, self->has_progress && self->step != STEP_DONE);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);

  update_steps_indicator (self);
}

static gboolean
usage_timeout_cb (gpointer user_data);

static void refresh_usage (AivoRotationWizard *self);

static void
stop_usage_refresh (AivoRotationWizard *self)
{
  g_clear_handle_id (&self->usage_timeout_id, g_source_remove);
}

static void
start_usage_refresh (AivoRotationWizard *self)
{
  if (self->usage_timeout_id == 0)
    self->usage_timeout_id = g_timeout_add_seconds (USAGE_REFRESH_SECONDS, usage_timeout_cb, self);
  refresh_usage (self);
}

/* One page at a time. Not a GtkStack: it would size every page by the
 * width its text needs unwrapped. */
static void
show_page (AivoRotationWizard *self)
{
  GtkWidget *pages[] = {
    self->loading_page, self->review_page, self->create_page,
    self->update_page, self->verify_page, self->done_page,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (pages) == G_N_ELEMENTS (step_names));

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    gtk_widget_set_visible (pages[i], i == self->step);
}

static void
set_step (AivoRotationWizard *self,
          Step                step)
{
  gboolean changed = self->step != step;

  self->step = step;
  show_page (self);

  /* Only the steps after the review are worth coming back to. */
  if (step >= STEP_CREATE && step <= STEP_VERIFY)
    progress_write (self, TRUE);

  if (step == STEP_VERIFY && gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_usage_refresh (self);
  else
    stop_usage_refresh (self);

  if (changed)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);

  update_chrome (self);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

/* Step 1: review */

static guint
get_grace_seconds (AivoRotationWizard *self)
{
  guint selected = adw_combo_row_get_selected (self->grace_row);

  return grace_seconds[MIN (selected, G_N_ELEMENTS (grace_seconds) - 1)];
}

static void
update_grace_caption (AivoRotationWizard *self)
{
  switch (adw_combo_row_get_selected (self->grace_row))
    {
    case 1:
      gtk_label_set_text (self->grace_caption,
                          _("The old key stops working 1 day after the new one is created, or when you "
                            "delete it in step 4."));
      break;

    case 2:
      gtk_label_set_text (self->grace_caption,
                          _("The old key stops working 1 hour after the new one is created, or when you "
                            "delete it in step 4."));
      break;

    case 3:
      gtk_label_set_text (self->grace_caption,
                          _("Anything still using the old key is refused from the moment the new key is created."));
      break;

    case 0:
    default:
      gtk_label_set_text (self->grace_caption,
                          _("The old key keeps working until you delete it in step 4. If you never get "
                            "there, it stops by itself after 7 days."));
      break;
    }
}

static char *
dup_grace_summary (AivoRotationWizard *self)
{
  GDateTime *expires = self->old_key != NULL ? aivo_key_get_expires_at (self->old_key) : NULL;
  g_autofree char *moment = NULL;

  if (self->new_key_id != NULL)
    {
      if (self->old_gone || (self->old_key != NULL && expires == NULL))
        return g_strdup (_("Stopped working when the new key was created (no grace period)."));
      if (expires != NULL)
        {
          moment = format_moment (expires);
          return g_strdup_printf (_("Keeps working until %s at the latest, or until you delete it in step 4."), moment);
        }
    }

  switch (get_grace_seconds (self))
    {
    case AIVO_ROTATION_WIZARD_MAX_GRACE_SECONDS:
      return g_strdup (_("Keeps working until this wizard deletes it, at most 7 days."));
    case 24 * 60 * 60:
      return g_strdup (_("Keeps working for 1 day after the new key is created."));
    case 60 * 60:
      return g_strdup (_("Keeps working for 1 hour after the new key is created."));
    default:
      return g_strdup (_("Stops working as soon as the new key is created."));
    }
}

static void
update_create_page (AivoRotationWizard *self)
{
  g_autofree char *intro = NULL;
  g_autofree char *scopes = aivo_scopes_to_string (key_scopes (self), ", ");
  g_autofree char *grace = dup_grace_summary (self);

  if (self->new_key_id == NULL)
    {
      intro = g_strdup_printf (_("AIVO makes a new key with the same name, environment and scopes as “%s”. "
                                 "It is shown once, in the same window as a newly generated key: keep "
                                 "“Save to Keyring” on, so this wizard can hand it over and test it."),
                               key_name (self));
      set_row_text (self->create_new_row, _("Same Name, Environment and Scopes"), scopes);
      set_icon (self->create_new_icon, "list-add-symbolic", NULL);
    }
  else
    {
      intro = g_strdup_printf (_("The new key for “%s” exists. The old key is still there, so nothing that "
                                 "uses it has broken."), key_name (self));
      set_row_text (self->create_new_row, _("New Key Created"),
                    self->new_key != NULL ? aivo_key_get_hint (self->new_key) : self->new_key_id);
      set_icon (self->create_new_icon, "emblem-ok-symbolic", "success");
    }

  gtk_label_set_text (self->create_intro_label, intro);
  set_row_text (self->create_old_row, NULL, grace);

  gtk_widget_set_visible (GTK_WIDGET (self->create_keyring_row), self->new_key_id != NULL && self->new_keyring_known);
  if (self->new_in_keyring)
    {
      set_row_text (self->create_keyring_row, NULL, _("The new key is saved in your keyring."));
      set_icon (self->create_keyring_icon, "channel-secure-symbolic", "success");
    }
  else
    {
      set_row_text (self->create_keyring_row, NULL,
                    _("The new key isn’t in your keyring, and it can’t be shown again. Use the copy you made."));
      set_icon (self->create_keyring_icon, "dialog-warning-symbolic", "warning");
    }
}

static void
grace_selected_cb (AivoRotationWizard *self)
{
  update_grace_caption (self);
  update_create_page (self);
}

static void
fill_review (AivoRotationWizard *self)
{
  AivoKey *key = self->old_key;
  g_autoptr(GDateTime) current = now ();
  g_autofree char *scopes = NULL;
  g_autofree char *age = NULL;
  g_autofree char *last_used = NULL;
  g_autofree char *due = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *moment = NULL;
  AivoEnvironment environment;
  AivoRotationState state;
  gboolean required;

  if (key == NULL)
    return;

  environment = aivo_key_get_environment (key);
  required = aivo_key_get_rotation_required (key);
  scopes = aivo_scopes_to_string (aivo_key_get_scopes (key), ", ");
  age = aivo_format_relative_time (aivo_key_get_created_at (key), current);
  last_used = format_last_used (key);

  gtk_label_set_text (self->review_name_label, aivo_key_get_name (key));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->review_name_label), aivo_key_get_name (key));
  gtk_label_set_text (self->review_environment_label, aivo_environment_get_title (environment));
  for (guint i = 0; i < AIVO_N_ENVIRONMENTS; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->review_environment_label), aivo_environment_to_string (i));
  gtk_widget_add_css_class (GTK_WIDGET (self->review_environment_label), aivo_environment_to_string (environment));
  gtk_label_set_text (self->review_hint_label, aivo_key_get_hint (key));
  set_row_text (self->review_scopes_row, NULL, scopes);
  gtk_label_set_text (self->review_age_label, age);
  gtk_label_set_text (self->review_last_used_label, last_used);

  if (aivo_key_get_expires_at (key) != NULL)
    {
      moment = format_moment (aivo_key_get_expires_at (key));
      reason = g_strdup_printf (_("It stops working on %s. Rotate its replacement instead."), moment);
      set_row_text (self->review_due_row, _("Already Rotated"), reason);
      set_icon (self->review_due_icon, "dialog-information-symbolic", "accent");
      return;
    }

  state = aivo_rotation_policy_get_state (self->policy, environment, aivo_key_get_created_at (key),
                                          required, current);
  due = aivo_rotation_policy_describe (self->policy, environment, aivo_key_get_created_at (key),
                                       required, current);

  if (required)
    {
      if (aivo_key_get_rotation_since (key) != NULL)
        moment = format_moment (aivo_key_get_rotation_since (key));
      reason = moment != NULL
        ? g_strdup_printf (_("A team member who had access to this key left on %s. Whoever saw it could "
                             "still use it."), moment)
        : g_strdup (_("A team member who had access to this key left. Whoever saw it could still use it."));
    }
  else
    {
      guint days = aivo_rotation_policy_get_interval_days (self->policy, environment);
      g_autofree char *schedule = NULL;

      if (aivo_environment_is_live (environment))
        schedule = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Production keys are rotated every %u day.",
                                                 "Production keys are rotated every %u days.",
                                                 days),
                                    days);
      else
        schedule = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Development and testing keys are rotated every %u day.",
                                                 "Development and testing keys are rotated every %u days.",
                                                 days),
                                    days);

      if (state == AIVO_ROTATION_STATE_OK)
        reason = g_strdup_printf (_("%s It isn’t due yet: rotating early is fine, for example if the key "
                                    "may have leaked."),
                                  schedule);
      else
        reason = g_steal_pointer (&schedule);
    }

  set_row_text (self->review_due_row, due, reason);

  switch (state)
    {
    case AIVO_ROTATION_STATE_OVERDUE:
    case AIVO_ROTATION_STATE_REQUIRED_NOW:
      set_icon (self->review_due_icon, "dialog-warning-symbolic", "error");
      break;

    case AIVO_ROTATION_STATE_DUE_SOON:
    case AIVO_ROTATION_STATE_DUE_VERY_SOON:
      set_icon (self->review_due_icon, "alarm-symbolic", "warning");
      break;

    case AIVO_ROTATION_STATE_OK:
    default:
      set_icon (self->review_due_icon, "emblem-ok-symbolic", "success");
      break;
    }
}

/* Step 3: hand-over lines */

static void
fill_update (AivoRotationWizard *self)
{
  const char *hint = self->new_key != NULL ? aivo_key_get_hint (self->new_key) : "aivo_…";
  const char *path = "/v1/account";
  g_autofree char *env_line = NULL;
  g_autofree char *dotenv_line = NULL;
  g_autofree char *shell_path = NULL;
  g_autofree char *cli_line = NULL;
  g_autofree char *caption = NULL;
  guint seconds = (AIVO_SECRET_CLIPBOARD_TIMEOUT_MS + 999) / 1000;

  /* The command shows a read the key may make, if it has one. */
  for (guint i = 0; i < G_N_ELEMENTS (check_specs); i++)
    {
      if ((key_scopes (self) & check_specs[i].scope) != 0 && check_specs[i].body == NULL)
        {
          path = check_specs[i].path;
          break;
        }
    }

  env_line = g_strdup_printf ("export AIVO_API_KEY=%s", hint);
  dotenv_line = g_strdup_printf ("AIVO_API_KEY=%s", hint);
  /* Pasted into a shell: an unquoted "?" is a glob, which zsh refuses. */
  shell_path = strpbrk (path, "?*[") != NULL ? g_shell_quote (path) : g_strdup (path);
  cli_line = g_strdup_printf ("aivo request --key %s GET %s",
                              self->new_key_id != NULL ? self->new_key_id : "key_…", shell_path);

  gtk_label_set_text (self->env_line_label, env_line);
  gtk_label_set_text (self->dotenv_line_label, dotenv_line);
  gtk_label_set_text (self->cli_line_label, cli_line);

  caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Copied lines hold the whole key. The clipboard is cleared after %u "
                                          "second, or when this wizard closes, if it still holds them.",
                                          "Copied lines hold the whole key. The clipboard is cleared after %u "
                                          "seconds, or when this wizard closes, if it still holds them.",
                                          seconds),
                             seconds);
  gtk_label_set_text (self->copy_caption, caption);

  gtk_widget_set_visible (self->not_saved_box, self->new_keyring_known && !self->new_in_keyring);
}

/* Step 4: the checks */

static void
check_free (Check *check)
{
  g_free (check);
}

static void
set_check_state (Check      *check,
                 CheckState  state,
                 const char *subtitle)
{
  check->state = state;
  adw_action_row_set_subtitle (check->row, subtitle);

  gtk_widget_set_visible (GTK_WIDGET (check->spinner), state == CHECK_RUNNING);
  gtk_spinner_set_spinning (check->spinner, state == CHECK_RUNNING);
  gtk_widget_set_visible (GTK_WIDGET (check->icon), state != CHECK_RUNNING);

  switch (state)
    {
    case CHECK_PASSED:
      set_icon (check->icon, "emblem-ok-symbolic", "success");
      gtk_accessible_update_property (GTK_ACCESSIBLE (check->icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Passed"), -1);
      break;

    case CHECK_FAILED:
      set_icon (check->icon, "dialog-error-symbolic", "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (check->icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Failed"), -1);
      break;

    case CHECK_RUNNING:
    case CHECK_NOT_RUN:
    default:
      set_icon (check->icon, "content-loading-symbolic", "dim-label");
      gtk_accessible_update_property (GTK_ACCESSIBLE (check->icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Not checked"), -1);
      break;
    }
}

static char *
dup_request_line (const CheckSpec *spec)
{
  return g_strdup_printf ("%s %s", spec->method, spec->path);
}

/* One row per scope of the key, in the article's order. */
static void
build_checks (AivoRotationWizard *self)
{
  AivoScope scopes = key_scopes (self);

  if (self->checks != NULL)
    {
      for (guint i = 0; i < self->checks->len; i++)
        {
          Check *check = g_ptr_array_index (self->checks, i);

          adw_preferences_group_remove (self->checks_group, GTK_WIDGET (check->row));
        }
    }
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  self->checks = g_ptr_array_new_with_free_func ((GDestroyNotify) check_free);

  for (guint i = 0; i < G_N_ELEMENTS (check_specs); i++)
    {
      const CheckSpec *spec = &check_specs[i];
      g_autofree char *line = NULL;
      Check *check;

      if ((scopes & spec->scope) == 0)
        continue;

      check = g_new0 (Check, 1);
      check->spec = spec;
      check->row = ADW_ACTION_ROW (adw_action_row_new ());
      adw_action_row_set_subtitle_lines (check->row, 0);
      check->icon = GTK_IMAGE (gtk_image_new ());
      check->spinner = GTK_SPINNER (gtk_spinner_new ());
      gtk_widget_set_valign (GTK_WIDGET (check->icon), GTK_ALIGN_CENTER);
      gtk_widget_set_valign (GTK_WIDGET (check->spinner), GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (check->row, GTK_WIDGET (check->icon));
      adw_action_row_add_prefix (check->row, GTK_WIDGET (check->spinner));

      line = dup_request_line (spec);
      set_row_text (check->row, aivo_scope_to_string (spec->scope), NULL);
      if (spec->body != NULL)
        gtk_widget_set_tooltip_text (GTK_WIDGET (check->row),
                                     _("This scope has no harmless read, so the request carries a body that is "
                                       "invalid on purpose: the server checks the scope first, so 400 or 422 "
                                       "proves the key has it, and nothing is written."));
      set_check_state (check, CHECK_NOT_RUN, line);

      adw_preferences_group_add (self->checks_group, GTK_WIDGET (check->row));
      g_ptr_array_add (self->checks, check);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->checks_summary_label), FALSE);
}

static void
update_checks_summary (AivoRotationWizard *self)
{
  g_autofree char *summary = NULL;
  guint passed = 0;
  guint failed = 0;

  for (guint i = 0; self->checks != NULL && i < self->checks->len; i++)
    {
      Check *check = g_ptr_array_index (self->checks, i);

      passed += check->state == CHECK_PASSED;
      failed += check->state == CHECK_FAILED;
    }

  if (failed == 0)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "The new key works for its scope.",
                                            "The new key works for all %u of its scopes.",
                                            passed),
                               passed);
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u scope failed: see why above, then verify again. Both keys still work.",
                                            "%u scopes failed: see why above, then verify again. Both keys still work.",
                                            failed),
                               failed);

  gtk_label_set_text (self->checks_summary_label, summary);
  gtk_widget_remove_css_class (GTK_WIDGET (self->checks_summary_label), failed == 0 ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->checks_summary_label), failed == 0 ? "success" : "error");
  gtk_widget_set_visible (GTK_WIDGET (self->checks_summary_label), TRUE);
}

/* The server's own sentence from {"error": {"message"}}, made printable. */
static char *
dup_server_message (AivoResponse *response)
{
  JsonNode *root = aivo_response_get_json (response, NULL);
  JsonObject *error;
  JsonNode *message;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  error = json_object_get_object_member (json_node_get_object (root), "error");
  if (error == NULL)
    return NULL;

  message = json_object_get_member (error, "message");
  if (message == NULL || !JSON_NODE_HOLDS_VALUE (message) || json_node_get_value_type (message) != G_TYPE_STRING)
    return NULL;

  return aivo_client_dup_printable (json_node_get_string (message), -1, AIVO_CLIENT_MAX_QUOTED_CHARS);
}

typedef struct
{
  AivoRotationWizard *self;
  guint               index;
  guint               generation;
} CheckRun;

static void
check_run_free (CheckRun *run)
{
  g_clear_object (&run->self);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CheckRun, check_run_free)

static void
check_finished (AivoRotationWizard *self)
{
  g_assert (self->checks_running > 0);

  if (--self->checks_running == 0)
    update_checks_summary (self);
  update_chrome (self);
}

static void
check_sent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CheckRun) run = user_data;
  AivoRotationWizard *self = run->self;
  g_autoptr(AivoResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *message = NULL;
  Check *check;
  guint status;
  gboolean passed;

  response = aivo_client_send_finish (AIVO_CLIENT (object), result, &error);
  if (is_cancelled (error) || run->generation != self->check_generation || self->checks == NULL)
    return;

  check = g_ptr_array_index (self->checks, run->index);
  line = dup_request_line (check->spec);

  if (response == NULL)
    {
      subtitle = g_strdup_printf (_("%s: %s"), line, error->message);
      set_check_state (check, CHECK_FAILED, subtitle);
      check_finished (self);
      return;
    }

  status = aivo_response_get_status (response);
  passed = SOUP_STATUS_IS_SUCCESSFUL (status) ||
           (check->spec->body != NULL && (status == SOUP_STATUS_BAD_REQUEST ||
                                          status == SOUP_STATUS_UNPROCESSABLE_ENTITY));

  if (passed && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      /* Translators: "GET /v1/calls → 200 OK" */
      subtitle = g_strdup_printf (_("%s → %u %s"), line, status, soup_status_get_phrase (status));
    }
  else if (passed)
    {
      /* Translators: "POST /v1/contacts → 422 Unprocessable Entity: scope accepted, nothing written" */
      subtitle = g_strdup_printf (_("%s → %u %s: scope accepted, nothing written"),
                                  line, status, soup_status_get_phrase (status));
    }
  else
    {
      message = dup_server_message (response);
      if (message != NULL && *message != '\0')
        subtitle = g_strdup_printf (_("%s → %u %s: %s"), line, status, soup_status_get_phrase (status), message);
      else
        subtitle = g_strdup_printf (_("%s → %u %s"), line, status, soup_status_get_phrase (status));
    }

  set_check_state (check, passed ? CHECK_PASSED : CHECK_FAILED, subtitle);
  check_finished (self);
}

static void
send_check (AivoRotationWizard *self,
            AivoClient         *client,
            const char         *secret,
            guint               index)
{
  Check *check = g_ptr_array_index (self->checks, index);
  g_autoptr(AivoRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = dup_request_line (check->spec);
  g_autofree char *running = NULL;
  CheckRun *run;

  request = aivo_request_new (check->spec->method, aivo_client_get_base_url (client), check->spec->path, &error);
  if (request != NULL && check->spec->body != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (check->spec->body, strlen (check->spec->body));

      if (aivo_request_set_content_type (request, "application/json", &error))
        aivo_request_set_body (request, body);
      else
        g_clear_object (&request);
    }

  if (request == NULL)
    {
      g_autofree char *subtitle = g_strdup_printf (_("%s: %s"), line, error->message);

      set_check_state (check, CHECK_FAILED, subtitle);
      return;
    }

  /* The request keeps its own copy of the key and clears it when it goes. */
  aivo_request_set_bearer_token (request, secret);

  running = g_strdup_printf (_("%s — checking…"), line);
  set_check_state (check, CHECK_RUNNING, running);

  run = g_new0 (CheckRun, 1);
  run->self = g_object_ref (self);
  run->index = index;
  run->generation = self->check_generation;
  self->checks_running++;

  aivo_client_send_async (client, request, self->verify_cancellable, check_sent_cb, run);
}

static void
verify_secret_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AivoRotationWizard) self = user_data;
  g_autoptr(AivoSecret) secret = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  AivoClient *client;

  secret = aivo_secret_store_lookup_key_finish (AIVO_SECRET_STORE (object), result, &error);
  if (is_cancelled (error))
    return;

  self->checks_running--;

  if (secret == NULL)
    {
      if (error != NULL)
        message = g_strdup_printf (_("Reading the new key from the keyring failed, so it couldn’t be tested. %s"),
                                   error->message);
      else
        message = g_strdup (_("The new key isn’t in your keyring, so the app can’t make requests with it. "
                              "Check that your integration works with it and watch its last use below, "
                              "then delete the old key."));
      show_error (self, OP_VERIFY, error != NULL, message);
      return;
    }

  client = require_client (self, OP_VERIFY);
  if (client == NULL)
    return;

  for (guint i = 0; i < self->checks->len; i++)
    send_check (self, client, secret, i);

  if (self->checks_running == 0)
    update_checks_summary (self);
  update_chrome (self);
}

static void
run_verify (AivoRotationWizard *self)
{
  if (self->new_key_id == NULL || self->checks_running > 0)
    return;

  hide_error (self);

  g_cancellable_cancel (self->verify_cancellable);
  g_clear_object (&self->verify_cancellable);
  self->verify_cancellable = g_cancellable_new ();
  self->check_generation++;

  if (self->checks == NULL)
    build_checks (self);
  for (guint i = 0; i < self->checks->len; i++)
    {
      Check *check = g_ptr_array_index (self->checks, i);
      g_autofree char *line = dup_request_line (check->spec);

      set_check_state (check, CHECK_NOT_RUN, line);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->checks_summary_label), FALSE);

  /* Counts as a running check until the key is read, so Verify can't be
   * pressed twice. */
  self->checks_running = 1;
  update_chrome (self);

  aivo_secret_store_lookup_key_async (get_store (self), self->connection_id, self->new_key_id,
                                      self->verify_cancellable, verify_secret_cb, g_object_ref (self));
}

/* Step 4: last use, old and new side by side */

static void
update_usage_rows (AivoRotationWizard *self)
{
  g_autofree char *old_subtitle = NULL;
  g_autofree char *old_used = NULL;
  g_autofree char *new_used = NULL;

  if (self->old_gone || self->old_key == NULL)
    {
      set_row_text (self->old_usage_row, NULL, _("No longer on the server"));
      gtk_label_set_text (self->old_usage_label, "—");
    }
  else
    {
      GDateTime *expires = aivo_key_get_expires_at (self->old_key);

      if (expires != NULL)
        {
          g_autofree char *moment = format_moment (expires);

          old_subtitle = g_strdup_printf (_("%s · stops working %s at the latest"),
                                          aivo_key_get_hint (self->old_key), moment);
        }
      set_row_text (self->old_usage_row, NULL, old_subtitle != NULL ? old_subtitle : aivo_key_get_hint (self->old_key));
      old_used = format_used (self->old_key);
      gtk_label_set_text (self->old_usage_label, old_used);
    }

  if (self->new_key != NULL)
    {
      set_row_text (self->new_usage_row, NULL, aivo_key_get_hint (self->new_key));
      new_used = format_used (self->new_key);
      gtk_label_set_text (self->new_usage_label, new_used);
    }
}

typedef struct
{
  AivoRotationWizard *self;
  gboolean            is_new;
} UsageFetch;

static void
usage_fetch_free (UsageFetch *fetch)
{
  g_clear_object (&fetch->self);
  g_free (fetch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UsageFetch, usage_fetch_free)

static void
usage_key_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(UsageFetch) fetch = user_data;
  AivoRotationWizard *self = fetch->self;
  g_autoptr(AivoKey) key = NULL;
  g_autoptr(GError) error = NULL;

  key = aivo_client_get_key_finish (AIVO_CLIENT (object), result, &error);
  if (is_cancelled (error))
    return;

  self->usage_pending--;

  if (key != NULL)
    g_set_object (fetch->is_new ? &self->new_key : &self->old_key, key);
  else if (!fetch->is_new && aivo_client_error_get_status (error) == SOUP_STATUS_NOT_FOUND)
    self->old_gone = TRUE;
  else
    g_debug ("Could not refresh a key’s last use: %s", error->message);

  update_usage_rows (self);
}

static void
refresh_usage (AivoRotationWizard *self)
{
  AivoClient *client = get_client (self, NULL);
  const char *ids[] = { self->old_key_id, self->new_key_id };

  update_usage_rows (self);

  if (client == NULL || self->usage_pending > 0 || self->new_key_id == NULL)
    return;

  if (self->usage_cancellable == NULL)
    self->usage_cancellable = g_cancellable_new ();

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      UsageFetch *fetch;

      if (i == 0 && self->old_gone)
        continue;

      fetch = g_new0 (UsageFetch, 1);
      fetch->self = g_object_ref (self);
      fetch->is_new = i == 1;
      self->usage_pending++;
      aivo_client_get_key_async (client, ids[i], self->usage_cancellable, usage_key_cb, fetch);
    }
}

static gboolean
usage_timeout_cb (gpointer user_data)
{
  AivoRotationWizard *self = user_data;

  refresh_usage (self);

  return G_SOURCE_CONTINUE;
}

/* The end */

static void
set_proof (AivoRotationWizard *self,
           const char         *proof)
{
  g_free (self->proof);
  self->proof = g_strdup (proof);
}

/* The old key is dead: its secret leaves the keyring, then the wizard is done. */
static void
forget_old_secret (AivoRotationWizard *self)
{
  aivo_secret_store_delete_key_async (get_store (self), self->connection_id, self->old_key_id, self->cancellable,
                                      old_keyring_entry_removed_cb, g_object_ref (self));
}

static void
show_done (AivoRotationWizard *self,
           const char         *keyring_note)
{
  g_autofree char *keyring = NULL;
  g_autofree char *new_text = NULL;

  progress_write (self, FALSE);

  set_row_text (self->done_old_row, NULL, self->proof);
  if (self->new_in_keyring)
    keyring = g_strdup_printf (_("%s The new key is saved there."), keyring_note);
  else
    keyring = g_strdup_printf (_("%s The new key isn’t there: keep the copy you made somewhere safe."), keyring_note);
  set_row_text (self->done_keyring_row, NULL, keyring);

  if (self->new_key != NULL)
    new_text = g_strdup_printf (_("“%s” (%s) is the key from now on."),
                                aivo_key_get_name (self->new_key), aivo_key_get_hint (self->new_key));
  set_row_text (self->done_new_row, NULL, new_text != NULL ? new_text : self->new_key_id);

  set_busy (self, FALSE);
  set_step (self, STEP_DONE);
  g_signal_emit (self, signals[API_KEYS_CHANGED], 0);
}

/* Loading and resuming */

static void
new_keyring_listed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(AivoRotationWizard) self = user_data;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  Step step = self->saved_step;

  ids = aivo_secret_store_list_keys_finish (AIVO_SECRET_STORE (object), result, &error);
  if (is_cancelled (error))
    return;

  if (error != NULL)
    g_debug ("Could not list the keyring: %s", error->message);

  self->new_keyring_known = ids != NULL;
  self->new_in_keyring = FALSE;
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ids, i), self->new_key_id) == 0)
      self->new_in_keyring = TRUE;

  if (self->old_gone)
    {
      /* Deleted elsewhere, or its grace period ended: nothing left to do but
       * forget its secret. */
      set_proof (self, _("The old key no longer exists on the server: it was deleted, or its grace "
                         "period ended."));
      forget_old_secret (self);
      return;
    }

  /* The window closed after the new key was created: if it reached the
   * keyring, the next thing to do is to hand it over. */
  if (step <= STEP_CREATE && self->new_in_keyring)
    step = STEP_UPDATE;
  else if (step < STEP_CREATE)
    step = STEP_CREATE;

  set_busy (self, FALSE);
  fill_review (self);
  update_create_page (self);
  fill_update (self);
  build_checks (self);
  set_step (self, step);
}

static void
loaded (AivoRotationWizard *self)
{
  set_busy (self, FALSE);

  if (self->new_key_id != NULL)
    {
      set_busy (self, TRUE);
      aivo_secret_store_list_keys_async (get_store (self), self->connection_id, self->cancellable,
                                         new_keyring_listed_cb, g_object_ref (self));
      return;
    }

  fill_review (self);
  update_create_page (self);
  set_step (self, self->saved_step == STEP_CREATE ? STEP_CREATE : STEP_REVIEW);
}

static void
new_key_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AivoRotationWizard) self = user_data;
  g_autoptr(AivoKey) key = NULL;
  g_autoptr(GError) error = NULL;

  key = aivo_client_get_key_finish (AIVO_CLIENT (object), result, &error);
  if (is_cancelled (error))
    return;

  if (key == NULL && aivo_client_error_get_status (error) == SOUP_STATUS_NOT_FOUND)
    {
      /* The rotation can't go on without its new key: start over. */
      g_clear_pointer (&self->new_key_id, g_free);
      progress_write (self, FALSE);
      self->saved_step = STEP_REVIEW;

      if (self->old_gone)
        {
          fail (self, OP_LOAD, FALSE,
                _("Neither the old key nor the new one exists on the server any more: there is "
                   "nothing left to rotate."));
          return;
        }

      show_toast (self, _("The new key of an earlier attempt no longer exists: start again"));
      loaded (self);
      return;
    }

  if (key == NULL)
    {
      fail (self, OP_LOAD, TRUE, error->message);
      return;
    }

  g_set_object (&self->new_key, key);
  loaded (self);
}

static void
old_key_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AivoRotationWizard) self = user_data;
  g_autoptr(AivoKey) key = NULL;
  g_autoptr(GError) error = NULL;
  AivoClient *client;

  key = aivo_client_get_key_finish (AIVO_CLIENT (object), result, &error);
  if (is_cancelled (error))
    return;

  if (key == NULL && aivo_client_error_get_status (error) == SOUP_STATUS_NOT_FOUND)
    {
      if (self->new_key_id == NULL)
        {
          fail (self, OP_LOAD, FALSE,
                _("This key no longer exists on the server: it was deleted, or its grace period ended. "
                   "There is nothing to rotate."));
          return;
        }
      self->old_gone = TRUE;
    }
  else if (key == NULL)
    {
      fail (self, OP_LOAD, TRUE, error->message);
      return;
    }

  g_set_object (&self->old_key, key);

  if (self->new_key_id == NULL)
    {
      loaded (self);
      return;
    }

  client = AIVO_CLIENT (object);
  aivo_client_get_key_async (client, self->new_key_id, self->cancellable, new_key_loaded_cb, g_object_ref (self));
}

static void
load (AivoRotationWizard *self)
{
  g_autofree char *message = NULL;
  AivoClient *client;

  hide_error (self);
  gtk_label_set_text (self->loading_label, _("Loading the key…"));
  gtk_widget_set_visible (GTK_WIDGET (self->loading_spinner), TRUE);
  gtk_spinner_set_spinning (self->loading_spinner, TRUE);

  client = get_client (self, &message);
  self->waiting_for_client = FALSE;

  if (client == NULL)
    {
      if (aivo_connection_manager_get_state (self->manager) == AIVO_CONNECTION_STATE_FAILED ||
          g_strcmp0 (aivo_connection_manager_get_active_id (self->manager), self->connection_id) != 0)
        {
          show_error (self, OP_LOAD, TRUE, message);
          return;
        }

      /* Opened from a notification before the connection is up: wait. */
      self->waiting_for_client = TRUE;
      gtk_label_set_text (self->loading_label, _("Connecting…"));
      return;
    }

  set_busy (self, TRUE);
  aivo_client_get_key_async (client, self->old_key_id, self->cancellable, old_key_loaded_cb, g_object_ref (self));
}

static void
client_changed_cb (AivoRotationWizard *self)
{
  if (self->waiting_for_client ||
      (self->failed_op == OP_LOAD && self->step == STEP_LOADING && get_client (self, NULL) != NULL))
    load (self);
}

/* Step 2: create */

static void
old_key_refreshed_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(AivoRotationWizard) self = user_data;
  g_autoptr(AivoKey) key = NULL;
  g_autoptr(GError) error = NULL;

  key = aivo_client_get_key_finish (AIVO_CLIENT (object), result, &error);
  if (is_cancelled (error))
    return;

  if (key != NULL)
    g_set_object (&self->old_key, key);
  else if (aivo_client_error_get_status (error) == SOUP_STATUS_NOT_FOUND)
    self->old_gone = TRUE;

  update_create_page (self);
  update_usage_rows (self);
}

static void
reveal_finished_cb (AivoRotationWizard *self,
                    gboolean            saved,
                    gboolean            copied,
                    AivoRevealDialog   *dialog)
{
  self->new_in_keyring = !!saved;
  self->new_keyring_known = TRUE;

  update_create_page (self);
  fill_update (self);
  build_checks (self);
  set_step (self, STEP_UPDATE);
}

static void
reveal_destroyed_cb (AivoRotationWizard *self)
{
  self->reveal_dialog = NULL;
  update_chrome (self);
}

static void
rotated_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(AivoRotationWizard) self = user_data;
  g_autoptr(AivoSecret) secret = NULL;
  g_autoptr(AivoKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  AivoClient *client = AIVO_CLIENT (object);
  GtkWidget *reveal;

  self->rotating = FALSE;
  key = aivo_client_rotate_key_finish (client, result, &secret, &error);
  set_busy (self, FALSE);

  if (key == NULL)
    {
      if (is_cancelled (error))
        return;

      message = g_strdup_printf (_("Creating the new key failed. %s The old key is unchanged."), error->message);
      show_error (self, OP_ROTATE, TRUE, message);
      return;
    }

  /* Saved at once: if anything stops the wizard from here on, it knows
   * which key is the new one. */
  g_set_object (&self->new_key, key);
  self->new_key_id = g_strdup (aivo_key_get_id (key));
  progress_write (self, TRUE);
  g_signal_emit (self, signals[API_KEYS_CHANGED], 0);

  update_create_page (self);
  aivo_client_get_key_async (client, self->old_key_id, self->cancellable, old_key_refreshed_cb, g_object_ref (self));

  reveal = aivo_reveal_dialog_new (GTK_WINDOW (self), get_store (self), self->connection_id,
                                   aivo_key_get_id (key), aivo_key_get_name (key),
                                   aivo_key_get_environment (key), aivo_key_get_hint (key), secret);
  /* The dialog keeps its own copy; ours is cleared as it goes out of scope. */
  self->reveal_dialog = GTK_WINDOW (reveal);
  g_signal_connect_object (reveal, "finished", G_CALLBACK (reveal_finished_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (reveal, "destroy", G_CALLBACK (reveal_destroyed_cb), self, G_CONNECT_SWAPPED);
  update_chrome (self);
  gtk_window_present (GTK_WINDOW (reveal));
}

static void
rotate (AivoRotationWizard *self)
{
  AivoClient *client;

  if (self->new_key_id != NULL || self->busy)
    return;

  hide_error (self);

  client = require_client (self, OP_ROTATE);
  if (client == NULL)
    return;

  self->rotating = TRUE;
  set_busy (self, TRUE);
  aivo_client_rotate_key_async (client, self->old_key_id, get_grace_seconds (self), self->cancellable,
                                rotated_cb, g_object_ref (self));
}

/* Step 3: copying */

typedef struct
{
  AivoRotationWizard *self;
  CopyKind            kind;
} CopyJob;

static void
copy_job_free (CopyJob *job)
{
  g_clear_object (&job->self);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CopyJob, copy_job_free)

static void
copy_secret_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CopyJob) job = user_data;
  AivoRotationWizard *self = job->self;
  g_autoptr(AivoSecret) secret = NULL;
  g_autoptr(AivoSecret) line = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint seconds = (AIVO_SECRET_CLIPBOARD_TIMEOUT_MS + 999) / 1000;

  secret = aivo_secret_store_lookup_key_finish (AIVO_SECRET_STORE (object), result, &error);
  if (is_cancelled (error))
    return;

  if (secret == NULL)
    {
      if (error != NULL)
        message = g_strdup_printf (_("Reading the new key from the keyring failed, so nothing was copied. %s"),
                                   error->message);
      else
        message = g_strdup (_("The new key isn’t in your keyring, so nothing was copied. Use the copy you made "
                              "when it was shown."));
      show_error (self, OP_COPY, error != NULL, message);
      return;
    }

  hide_error (self);

  if (job->kind == COPY_ENV)
    line = g_strconcat ("export AIVO_API_KEY=", secret, NULL);
  else
    line = g_strconcat ("AIVO_API_KEY=", secret, NULL);

  aivo_secret_clipboard_copy (self->secret_clipboard, gtk_widget_get_clipboard (GTK_WIDGET (self)),
                              line, AIVO_SECRET_CLIPBOARD_TIMEOUT_MS);

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Copied — the clipboard is cleared in %u second",
                                          "Copied — the clipboard is cleared in %u seconds",
                                          seconds),
                             seconds);
  show_toast (self, message);
}

static void
copy_line (AivoRotationWizard *self,
           CopyKind            kind)
{
  CopyJob *job;

  if (self->new_key_id == NULL)
    return;

  self->last_copy = kind;

  job = g_new0 (CopyJob, 1);
  job->self = g_object_ref (self);
  job->kind = kind;
  aivo_secret_store_lookup_key_async (get_store (self), self->connection_id, self->new_key_id,
                                      self->cancellable, copy_secret_cb, job);
}

static void
clipboard_done_cb (AivoRotationWizard  *self,
                   gboolean             cleared,
                   AivoSecretClipboard *secret_clipboard)
{
  if (cleared)
    show_toast (self, _("The clipboard was cleared"));
}

/* Step 4: deleting the old key, with proof */

static void
finish_deletion (AivoRotationWizard *self,
                 const char         *keyring_note)
{
  show_done (self, keyring_note);
}

static void
old_keyring_entry_removed_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(AivoRotationWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!aivo_secret_store_delete_key_finish (AIVO_SECRET_STORE (object), result, &error) && error != NULL)
    {
      if (is_cancelled (error))
        return;

      message = g_strdup_printf (_("The old key is deleted and dead, but removing its secret from the keyring "
                                   "failed. %s"), error->message);
      fail (self, OP_DELETE, TRUE, message);
      return;
    }

  finish_deletion (self, _("The old key’s secret was removed from the keyring."));
}

static void
old_probed_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AivoRotationWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint status;

  status = aivo_client_probe_credential_finish (AIVO_CLIENT (object), result, &error);
  if (is_cancelled (error))
    return;

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      set_proof (self, _("Deleted. A request made with it just now was refused with 401 Unauthorized."));
      forget_old_secret (self);
      return;
    }

  if (error != NULL)
    message = g_strdup_printf (_("The old key was deleted, but the check with the key itself failed. %s"),
                               error->message);
  else
    message = g_strdup_printf (_("The old key was deleted, but the server still accepted it (HTTP %u). "
                                 "Contact the server’s administrator, then try again."), status);
  fail (self, OP_DELETE, TRUE, message);
}

static void
old_key_checked_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(AivoRotationWizard) self = user_data;
  g_autoptr(AivoKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  key = aivo_client_get_key_finish (AIVO_CLIENT (object), result, &error);
  if (is_cancelled (error))
    return;

  if (key == NULL && aivo_client_error_get_status (error) == SOUP_STATUS_NOT_FOUND)
    {
      set_proof (self, _("Deleted: the server no longer has it (404 Not Found). Its secret wasn’t in "
                         "your keyring, so no request could be made with it."));
      finish_deletion (self, _("The old key had no entry in the keyring."));
      return;
    }

  if (key != NULL)
    message = g_strdup (_("The server still lists the old key after deleting it. Try again."));
  else
    message = g_strdup_printf (_("The old key was deleted, but checking that it is gone failed. %s"), error->message);
  fail (self, OP_DELETE, TRUE, message);
}

static void
old_secret_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AivoRotationWizard) self = user_data;
  g_autoptr(AivoSecret) secret = NULL;
  g_autoptr(GError) error = NULL;
  AivoClient *client;

  secret = aivo_secret_store_lookup_key_finish (AIVO_SECRET_STORE (object), result, &error);
  if (is_cancelled (error))
    return;

  if (error != NULL)
    g_debug ("Could not read the old key from the keyring: %s", error->message);

  client = require_client (self, OP_DELETE);
  if (client == NULL)
    return;

  /* Without its secret the key can't be tried: the account's view of it
   * is the next best proof. */
  if (secret == NULL)
    aivo_client_get_key_async (client, self->old_key_id, self->cancellable, old_key_checked_cb, g_object_ref (self));
  else
    aivo_client_probe_credential_async (client, secret, self->cancellable, old_probed_cb, g_object_ref (self));
}

static void
old_deleted_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AivoRotationWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  /* 404: deleted already, by an earlier attempt or when its grace ended. */
  if (!aivo_client_delete_key_finish (AIVO_CLIENT (object), result, &error) &&
      aivo_client_error_get_status (error) != SOUP_STATUS_NOT_FOUND)
    {
      if (is_cancelled (error))
        return;

      message = g_strdup_printf (_("Deleting the old key failed. %s Both keys still work."), error->message);
      fail (self, OP_DELETE, TRUE, message);
      return;
    }

  self->old_gone = TRUE;
  g_signal_emit (self, signals[API_KEYS_CHANGED], 0);
  aivo_secret_store_lookup_key_async (get_store (self), self->connection_id, self->old_key_id, self->cancellable,
                                      old_secret_cb, g_object_ref (self));
}

static void
delete_old (AivoRotationWizard *self)
{
  AivoClient *client;

  hide_error (self);

  client = require_client (self, OP_DELETE);
  if (client == NULL)
    return;

  set_busy (self, TRUE);
  aivo_client_delete_key_async (client, self->old_key_id, self->cancellable, old_deleted_cb, g_object_ref (self));
}

/* The message dialog may outlive this window: it must not hold on to it as
 * its parent by then. */
static void
release_confirmation (AivoRotationWizard *self)
{
  GtkWindow *dialog = self->confirm_dialog;

  if (dialog == NULL)
    return;

  g_clear_weak_pointer (&self->confirm_dialog);
  gtk_window_set_transient_for (dialog, NULL);
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_destroy (dialog);
}

static void
confirm_response_cb (AivoRotationWizard *self,
                     const char         *response,
                     AdwMessageDialog   *dialog)
{
  release_confirmation (self);

  if (g_strcmp0 (response, "delete") == 0)
    delete_old (self);
  else if (g_strcmp0 (response, "abandon") == 0)
    {
      progress_write (self, FALSE);
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static void
confirm (AivoRotationWizard *self,
         const char         *heading,
         const char         *body,
         const char         *response,
         const char         *label)
{
  GtkWidget *dialog;

  release_confirmation (self);

  dialog = aivo_confirm_dialog_new (GTK_WINDOW (self), heading, body, response, label);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->confirm_dialog, GTK_WINDOW (dialog));

  gtk_window_present (GTK_WINDOW (dialog));
}

/* Actions */

static void
close_wizard (AivoRotationWizard *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
copy_env_line (AivoRotationWizard *self)
{
  copy_line (self, COPY_ENV);
}

static void
copy_dotenv_line (AivoRotationWizard *self)
{
  copy_line (self, COPY_DOTENV);
}

static void
go_next (AivoRotationWizard *self)
{
  hide_error (self);

  switch (self->step)
    {
    case STEP_REVIEW:
      update_create_page (self);
      set_step (self, STEP_CREATE);
      break;

    case STEP_CREATE:
      fill_update (self);
      set_step (self, STEP_UPDATE);
      break;

    case STEP_UPDATE:
      if (self->checks == NULL)
        build_checks (self);
      set_step (self, STEP_VERIFY);
      break;

    case STEP_LOADING:
    case STEP_VERIFY:
    case STEP_DONE:
    default:
      break;
    }
}

static void
go_back (AivoRotationWizard *self)
{
  hide_error (self);

  if (self->step > STEP_REVIEW && self->step <= STEP_VERIFY)
    set_step (self, self->step - 1);
}

static void
retry (AivoRotationWizard *self)
{
  switch (self->failed_op)
    {
    case OP_LOAD:
      load (self);
      break;

    case OP_ROTATE:
      rotate (self);
      break;

    case OP_COPY:
      copy_line (self, self->last_copy);
      break;

    case OP_VERIFY:
      run_verify (self);
      break;

    case OP_DELETE:
      delete_old (self);
      break;

    case OP_NONE:
    default:
      break;
    }
}

/* No secret in this one: the command reads the key from the keyring. */
static void
copy_cli_line (AivoRotationWizard *self)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), gtk_label_get_text (self->cli_line_label));
  show_toast (self, _("Command copied"));
}

static void
open_playground (AivoRotationWizard *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GApplication *application = g_application_get_default ();
  g_autofree char *message = NULL;

  if (!AIVO_IS_WINDOW (parent) && GTK_IS_APPLICATION (application))
    parent = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (!AIVO_IS_WINDOW (parent))
    {
      show_toast (self, _("The Playground is in the main window, which isn’t open"));
      return;
    }

  /* Honest about what the Playground can do today. */
  aivo_window_set_page (AIVO_WINDOW (parent), "playground");
  message = g_strdup_printf (_("The Playground can’t pick a key yet. Once it can, “%s” (%s) will be "
                               "selected for you here."),
                             key_name (self),
                             self->new_key != NULL ? aivo_key_get_hint (self->new_key) : self->new_key_id);
  aivo_window_add_toast (AIVO_WINDOW (parent), adw_toast_new (message));
  gtk_window_present (parent);
}

static void
ask_delete_old (AivoRotationWizard *self)
{
  g_autofree char *heading = g_strdup_printf (_("Delete the old “%s”?"), key_name (self));
  g_autofree char *body = NULL;
  gboolean all_passed = self->checks != NULL && self->checks->len > 0;

  for (guint i = 0; self->checks != NULL && i < self->checks->len; i++)
    all_passed &= ((Check *) g_ptr_array_index (self->checks, i))->state == CHECK_PASSED;

  if (all_passed)
    body = g_strdup (_("It stops working at once: anything still using it will be refused. The new key stays. "
                       "This can’t be undone."));
  else
    body = g_strdup (_("The new key hasn’t passed every check yet. The old key stops working at once: anything "
                       "still using it will be refused. This can’t be undone."));

  confirm (self, heading, body, "delete", _("_Delete Old Key"));
}

static void
ask_abandon (AivoRotationWizard *self)
{
  g_autofree char *body = NULL;
  GDateTime *expires = self->old_key != NULL ? aivo_key_get_expires_at (self->old_key) : NULL;

  if (self->new_key_id != NULL && expires != NULL)
    {
      g_autofree char *moment = format_moment (expires);

      body = g_strdup_printf (_("Both keys stay as they are, but the old key still stops working on %s, at the end "
                                "of its grace period. The wizard won’t offer to resume."), moment);
    }
  else if (self->new_key_id != NULL)
    body = g_strdup (_("Both keys stay as they are. The wizard won’t offer to resume."));
  else
    body = g_strdup (_("Nothing was created yet: the key stays as it is. The wizard won’t offer to resume."));

  confirm (self, _("Abandon this rotation?"), body, "abandon", _("_Abandon"));
}

/* The wizard's actions, none with a parameter; update_chrome() says which
 * are enabled. */
static const struct
{
  const char *name;
  void      (*activate) (AivoRotationWizard *self);
} wizard_actions[] = {
  { "wizard.next", go_next },
  { "wizard.back", go_back },
  { "wizard.cancel", close_wizard },
  { "wizard.stop", close_wizard },
  { "wizard.retry", retry },
  { "wizard.create", rotate },
  { "wizard.copy-env", copy_env_line },
  { "wizard.copy-dotenv", copy_dotenv_line },
  { "wizard.copy-cli", copy_cli_line },
  { "wizard.open-playground", open_playground },
  { "wizard.verify", run_verify },
  { "wizard.refresh-usage", refresh_usage },
  { "wizard.delete-old", ask_delete_old },
  { "wizard.abandon", ask_abandon },
};

static void
wizard_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  for (guint i = 0; i < G_N_ELEMENTS (wizard_actions); i++)
    {
      if (g_str_equal (action_name, wizard_actions[i].name))
        {
          wizard_actions[i].activate (AIVO_ROTATION_WIZARD (widget));
          return;
        }
    }

  g_assert_not_reached ();
}

/* GObject */

static gboolean
aivo_rotation_wizard_close_request (GtkWindow *window)
{
  AivoRotationWizard *self = AIVO_ROTATION_WIZARD (window);

  /* Cancelling now could lose the one answer that carries the new key. */
  if (self->rotating)
    {
      show_toast (self, _("The new key is being created: wait a moment so it isn’t lost"));
      return TRUE;
    }

  if (self->reveal_dialog != NULL)
    {
      gtk_window_present (self->reveal_dialog);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (aivo_rotation_wizard_parent_class)->close_request (window);
}

static void
aivo_rotation_wizard_map (GtkWidget *widget)
{
  AivoRotationWizard *self = AIVO_ROTATION_WIZARD (widget);

  GTK_WIDGET_CLASS (aivo_rotation_wizard_parent_class)->map (widget);

  if (self->step == STEP_VERIFY)
    start_usage_refresh (self);
}

static void
aivo_rotation_wizard_unmap (GtkWidget *widget)
{
  stop_usage_refresh (AIVO_ROTATION_WIZARD (widget));

  GTK_WIDGET_CLASS (aivo_rotation_wizard_parent_class)->unmap (widget);
}

static void
aivo_rotation_wizard_dispose (GObject *object)
{
  AivoRotationWizard *self = (AivoRotationWizard *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->verify_cancellable);
  g_cancellable_cancel (self->usage_cancellable);
  stop_usage_refresh (self);
  release_confirmation (self);

  /* Gone with this window anyway, and it must not call back into it. */
  if (self->reveal_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->reveal_dialog, self);
      gtk_window_destroy (g_steal_pointer (&self->reveal_dialog));
    }

  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);

  /* A copied line goes with the window. */
  if (self->secret_clipboard != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->secret_clipboard, self);
      aivo_secret_clipboard_forget (self->secret_clipboard);
      g_clear_object (&self->secret_clipboard);
    }

  g_clear_pointer (&self->checks, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), AIVO_TYPE_ROTATION_WIZARD);

  G_OBJECT_CLASS (aivo_rotation_wizard_parent_class)->dispose (object);
}

/* gtk_window_destroy() unrealizes the wizard, but an answer still on its
 * way holds a reference, so dispose can come after the main window is
 * gone: let go of the parent now, while it surely exists. */
static void
aivo_rotation_wizard_unrealize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (aivo_rotation_wizard_parent_class)->unrealize (widget);

  gtk_window_set_transient_for (GTK_WINDOW (widget), NULL);
}

static void
aivo_rotation_wizard_finalize (GObject *object)
{
  AivoRotationWizard *self = (AivoRotationWizard *)object;

  g_clear_object (&self->manager);
  g_clear_object (&self->settings);
  g_clear_object (&self->policy);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->verify_cancellable);
  g_clear_object (&self->usage_cancellable);
  g_clear_object (&self->old_key);
  g_clear_object (&self->new_key);
  g_clear_pointer (&self->connection_id, g_free);
  g_clear_pointer (&self->old_key_id, g_free);
  g_clear_pointer (&self->new_key_id, g_free);
  g_clear_pointer (&self->proof, g_free);

  G_OBJECT_CLASS (aivo_rotation_wizard_parent_class)->finalize (object);
}

static void
aivo_rotation_wizard_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AivoRotationWizard *self = AIVO_ROTATION_WIZARD (object);

  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_string (value, aivo_rotation_wizard_get_step (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_rotation_wizard_class_init (AivoRotationWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = aivo_rotation_wizard_dispose;
  widget_class->unrealize = aivo_rotation_wizard_unrealize;
  object_class->finalize = aivo_rotation_wizard_finalize;
  object_class->get_property = aivo_rotation_wizard_get_property;
  widget_class->map = aivo_rotation_wizard_map;
  widget_class->unmap = aivo_rotation_wizard_unmap;
  window_class->close_request = aivo_rotation_wizard_close_request;

  /**
   * AivoRotationWizard:step:
   *
   * What the wizard shows: "loading", "review", "create", "update",
   * "verify" or "done".
   */
  properties[PROP_STEP] =
    g_param_spec_string ("step", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AivoRotationWizard::api-keys-changed:
   *
   * A key was created or deleted: lists of keys are out of date.
   */
  signals[API_KEYS_CHANGED] =
    g_signal_new ("api-keys-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/aivo-rotation-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, window_title);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, next_button);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, spinner);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, steps_box);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, error_box);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, error_label);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, stop_button);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, retry_button);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, loading_page);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, review_page);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, create_page);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, update_page);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, verify_page);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, done_page);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, loading_label);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, review_name_label);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, review_environment_label);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, review_hint_label);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, review_scopes_row);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, review_age_label);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, review_last_used_label);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, review_due_row);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, review_due_icon);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, grace_row);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, grace_caption);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, create_intro_label);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, create_new_row);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, create_new_icon);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, create_keyring_row);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, create_keyring_icon);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, create_old_row);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, create_button);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, not_saved_box);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, env_line_label);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, dotenv_line_label);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, cli_line_label);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, copy_caption);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, checks_group);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, checks_summary_label);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, old_usage_row);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, old_usage_label);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, new_usage_row);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, new_usage_label);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, done_old_row);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, done_keyring_row);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, done_new_row);
  gtk_widget_class_bind_template_child (widget_class, AivoRotationWizard, resume_box);

  for (guint i = 0; i < G_N_ELEMENTS (wizard_actions); i++)
    gtk_widget_class_install_action (widget_class, wizard_actions[i].name, NULL, wizard_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
build_steps_indicator (AivoRotationWizard *self)
{
  const char *titles[N_WIZARD_STEPS] = {
    /* Translators: the steps of the rotation wizard, as numbered in its header */
    _("1 Review"), _("2 Create"), _("3 Update"), _("4 Verify"),
  };

  for (guint i = 0; i < N_WIZARD_STEPS; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
      GtkWidget *label = gtk_label_new (titles[i]);

      gtk_widget_add_css_class (icon, "success");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Done"), -1);
      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (self->steps_box, box);

      if (i + 1 < N_WIZARD_STEPS)
        {
          GtkWidget *arrow = g_object_new (GTK_TYPE_IMAGE,
                                           "icon-name", "go-next-symbolic",
                                           "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                           NULL);

          gtk_widget_add_css_class (arrow, "dim-label");
          gtk_box_append (self->steps_box, arrow);
        }

      self->step_icons[i] = GTK_IMAGE (icon);
      self->step_labels[i] = GTK_LABEL (label);
    }
}

static void
aivo_rotation_wizard_init (AivoRotationWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->policy = aivo_rotation_policy_new ();
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "production-rotation-days", self->policy, "production-days", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "development-rotation-days", self->policy, "development-days", G_SETTINGS_BIND_GET);

  self->secret_clipboard = aivo_secret_clipboard_new ();
  g_signal_connect_object (self->secret_clipboard, "done", G_CALLBACK (clipboard_done_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->grace_row, "notify::selected", G_CALLBACK (grace_selected_cb), self, G_CONNECT_SWAPPED);

  build_steps_indicator (self);
  update_grace_caption (self);
  fill_update (self);
}

static Step
step_from_name (const char *name)
{
  for (guint i = STEP_REVIEW; i <= STEP_VERIFY; i++)
    if (g_strcmp0 (step_names[i], name) == 0)
      return i;

  return STEP_REVIEW;
}

/**
 * aivo_rotation_wizard_new:
 * @parent: (nullable): the window the wizard belongs to
 * @manager: the app's connections
 * @connection_id: the connection @key_id belongs to; the wizard works while
 *   it is the active one, and waits while it connects
 * @key_id: the key to rotate; the old or the new key of a rotation in
 *   progress resumes it
 *
 * Returns: (transfer none): the wizard, not yet shown
 */
GtkWidget *
aivo_rotation_wizard_new (GtkWindow             *parent,
                          AivoConnectionManager *manager,
                          const char            *connection_id,
                          const char            *key_id)
{
  AivoRotationWizard *self;
  g_autofree char *old_id = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *step = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (AIVO_IS_CONNECTION_MANAGER (manager), NULL);
  g_return_val_if_fail (connection_id != NULL, NULL);
  g_return_val_if_fail (key_id != NULL && aivo_client_is_valid_id (key_id), NULL);

  self = g_object_new (AIVO_TYPE_ROTATION_WIZARD,
                       "transient-for", parent,
                       NULL);

  self->manager = g_object_ref (manager);
  self->connection_id = g_strdup (connection_id);
  self->step = STEP_LOADING;
  self->saved_step = STEP_REVIEW;
  show_page (self);

  if (progress_find (self->settings, self->connection_id, key_id, &old_id, &new_id, &step))
    {
      self->old_key_id = g_steal_pointer (&old_id);
      self->new_key_id = g_steal_pointer (&new_id);
      self->saved_step = step_from_name (step);
      self->has_progress = TRUE;
    }
  else
    {
      self->old_key_id = g_strdup (key_id);
    }

  g_signal_connect_object (manager, "notify::client", G_CALLBACK (client_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::state", G_CALLBACK (client_changed_cb), self, G_CONNECT_SWAPPED);

  update_chrome (self);
  load (self);

  return GTK_WIDGET (self);
}

/**
 * aivo_rotation_wizard_open:
 *
 * Presents the wizard already open for @key_id of @connection_id, or a new
 * one.
 *
 * Returns: (transfer none): the wizard
 */
GtkWidget *
aivo_rotation_wizard_open (GtkWindow             *parent,
                           AivoConnectionManager *manager,
                           const char            *connection_id,
                           const char            *key_id)
{
  GListModel *toplevels;
  GtkWidget *wizard = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (AIVO_IS_CONNECTION_MANAGER (manager), NULL);
  g_return_val_if_fail (connection_id != NULL, NULL);
  g_return_val_if_fail (key_id != NULL, NULL);

  toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; wizard == NULL && i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      AivoRotationWizard *other;

      if (!AIVO_IS_ROTATION_WIZARD (window))
        continue;

      other = AIVO_ROTATION_WIZARD (window);
      if (other->manager == manager &&
          g_strcmp0 (other->connection_id, connection_id) == 0 &&
          (g_strcmp0 (other->old_key_id, key_id) == 0 || g_strcmp0 (other->new_key_id, key_id) == 0))
        wizard = GTK_WIDGET (other);
    }

  if (wizard == NULL)
    wizard = aivo_rotation_wizard_new (parent, manager, connection_id, key_id);

  if (wizard != NULL)
    gtk_window_present (GTK_WINDOW (wizard));

  return wizard;
}

const char *
aivo_rotation_wizard_get_connection_id (AivoRotationWizard *self)
{
  g_return_val_if_fail (AIVO_IS_ROTATION_WIZARD (self), NULL);

  return self->connection_id;
}

const char *
aivo_rotation_wizard_get_old_key_id (AivoRotationWizard *self)
{
  g_return_val_if_fail (AIVO_IS_ROTATION_WIZARD (self), NULL);

  return self->old_key_id;
}

/* Returns: (nullable): the new key's id, once it exists */
const char *
aivo_rotation_wizard_get_new_key_id (AivoRotationWizard *self)
{
  g_return_val_if_fail (AIVO_IS_ROTATION_WIZARD (self), NULL);

  return self->new_key_id;
}

const char *
aivo_rotation_wizard_get_step (AivoRotationWizard *self)
{
  g_return_val_if_fail (AIVO_IS_ROTATION_WIZARD (self), NULL);

  return step_names[self->step];
}
