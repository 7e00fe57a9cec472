/* aivo-key-row.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-key-row"

#include "config.h"

#include <glib/gi18n.h>

#include "aivo-format.h"
#include "aivo-key-row.h"
#include "aivo-scope.h"

/* One API key in the Keys page's list: never its secret, only what the
 * server tells about it and whether the keyring holds its secret. */
struct _AivoKeyRow
{
  AdwPreferencesRow  parent_instance;

  /* Owned references */
  AivoKey           *key;

  /* Template widgets */
  GtkLabel          *name_label;
  GtkLabel          *hint_label;
  GtkLabel          *environment_label;
  GtkLabel          *scopes_label;
  GtkLabel          *dates_label;
  GtkLabel          *rotation_label;
  GtkImage          *keyring_icon;
  GtkButton         *rotate_button;
  GtkButton         *delete_button;
};

G_DEFINE_FINAL_TYPE (AivoKeyRow, aivo_key_row, ADW_TYPE_PREFERENCES_ROW)

enum {
  DELETE_REQUESTED,
  ROTATE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
delete_button_clicked_cb (AivoKeyRow *self,
                          GtkButton  *button)
{
  g_signal_emit (self, signals[DELETE_REQUESTED], 0);
}

static void
rotate_button_clicked_cb (AivoKeyRow *self,
                          GtkButton  *button)
{
  g_signal_emit (self, signals[ROTATE_REQUESTED], 0);
}

static void
aivo_key_row_dispose (GObject *object)
{
  AivoKeyRow *self = (AivoKeyRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), AIVO_TYPE_KEY_ROW);
  g_clear_object (&self->key);

  G_OBJECT_CLASS (aivo_key_row_parent_class)->dispose (object);
}

static void
aivo_key_row_class_init (AivoKeyRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aivo_key_row_dispose;

  signals[DELETE_REQUESTED] =
    g_signal_new ("delete-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  signals[ROTATE_REQUESTED] =
    g_signal_new ("rotate-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/aivo-key-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AivoKeyRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, AivoKeyRow, hint_label);
  gtk_widget_class_bind_template_child (widget_class, AivoKeyRow, environment_label);
  gtk_widget_class_bind_template_child (widget_class, AivoKeyRow, scopes_label);
  gtk_widget_class_bind_template_child (widget_class, AivoKeyRow, dates_label);
  gtk_widget_class_bind_template_child (widget_class, AivoKeyRow, rotation_label);
  gtk_widget_class_bind_template_child (widget_class, AivoKeyRow, keyring_icon);
  gtk_widget_class_bind_template_child (widget_class, AivoKeyRow, rotate_button);
  gtk_widget_class_bind_template_child (widget_class, AivoKeyRow, delete_button);
  gtk_widget_class_bind_template_callback (widget_class, delete_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rotate_button_clicked_cb);
}

static void
aivo_key_row_init (AivoKeyRow *self)
{
  g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* A hint wraps between any two characters: a "-" Pango would add there
   * is not part of the key. */
  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (self->hint_label, attributes);
}

static const char *
rotation_style_class (AivoRotationState state)
{
  switch (state)
    {
    case AIVO_ROTATION_STATE_OK:
      return "dim-label";
    case AIVO_ROTATION_STATE_DUE_SOON:
    case AIVO_ROTATION_STATE_DUE_VERY_SOON:
      return "warning";
    case AIVO_ROTATION_STATE_OVERDUE:
    case AIVO_ROTATION_STATE_REQUIRED_NOW:
      return "error";
    default:
      return "dim-label";
    }
}

static void
update_from_key (AivoKeyRow         *self,
                 AivoRotationPolicy *policy,
                 GDateTime          *now,
                 gboolean            in_keyring)
{
  AivoEnvironment environment = aivo_key_get_environment (self->key);
  g_autofree char *scopes = aivo_scopes_to_string (aivo_key_get_scopes (self->key), ", ");
  g_autofree char *created = aivo_format_relative_time (aivo_key_get_created_at (self->key), now);
  g_autofree char *last_used = NULL;
  g_autofree char *dates = NULL;
  g_autofree char *rotation = NULL;
  g_autofree char *delete_label = NULL;
  g_autofree char *rotate_label = NULL;
  AivoRotationState state;

  /* Names come from the server: never let them be parsed as markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), aivo_key_get_name (self->key));
  gtk_label_set_text (self->name_label, aivo_key_get_name (self->key));
  gtk_label_set_text (self->hint_label, aivo_key_get_hint (self->key));

  gtk_label_set_label (self->environment_label, aivo_environment_get_title (environment));
  gtk_widget_add_css_class (GTK_WIDGET (self->environment_label), aivo_environment_to_string (environment));

  gtk_label_set_label (self->scopes_label, scopes);

  if (aivo_key_get_last_used_at (self->key) != NULL)
    last_used = aivo_format_relative_time (aivo_key_get_last_used_at (self->key), now);
  /* Translators: "Created 3 days ago · last used 5 minutes ago" */
  dates = g_strdup_printf (_("Created %s · last used %s"), created, last_used != NULL ? last_used : _("never"));
  gtk_label_set_label (self->dates_label, dates);

  state = aivo_rotation_policy_get_state (policy, environment, aivo_key_get_created_at (self->key),
                                          aivo_key_get_rotation_required (self->key), now);
  rotation = aivo_rotation_policy_describe (policy, environment, aivo_key_get_created_at (self->key),
                                            aivo_key_get_rotation_required (self->key), now);
  gtk_label_set_label (self->rotation_label, rotation);
  gtk_widget_add_css_class (GTK_WIDGET (self->rotation_label), rotation_style_class (state));

  gtk_widget_set_visible (GTK_WIDGET (self->keyring_icon), in_keyring);

  delete_label = g_strdup_printf (_("Delete key %s"), aivo_key_get_name (self->key));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->delete_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label,
                                  -1);

  rotate_label = g_strdup_printf (_("Rotate key %s"), aivo_key_get_name (self->key));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->rotate_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, rotate_label,
                                  -1);
}

GtkWidget *
aivo_key_row_new (AivoKey            *key,
                  AivoRotationPolicy *policy,
                  GDateTime          *now,
                  gboolean            in_keyring)
{
  AivoKeyRow *self;

  g_return_val_if_fail (AIVO_IS_KEY (key), NULL);
  g_return_val_if_fail (AIVO_IS_ROTATION_POLICY (policy), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  self = g_object_new (AIVO_TYPE_KEY_ROW, NULL);
  self->key = g_object_ref (key);
  update_from_key (self, policy, now, in_keyring);

  return GTK_WIDGET (self);
}

AivoKey *
aivo_key_row_get_key (AivoKeyRow *self)
{
  g_return_val_if_fail (AIVO_IS_KEY_ROW (self), NULL);

  return self->key;
}
