/* aivo-team-page.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-team-page"

#include "config.h"

#include <glib/gi18n.h>

#include "aivo-page-util.h"
#include "aivo-team-page.h"

/* The team of the account: who is on it, and removing someone who left.
 * The server then flags every key that member created or had access to;
 * those keys are listed at the top, each with a way into the rotation
 * wizard, and the reminder service raises a notification at once. */
struct _AivoTeamPage
{
  GtkWidget              parent_instance;

  /* Owned references */
  AivoConnectionManager *manager;
  AivoReminderService   *reminders;
  GCancellable          *load_cancellable;
  GCancellable          *cancellable;

  guint                  n_members;
  guint                  n_flagged;

  /* Template widgets */
  GtkStack              *stack;
  AdwStatusPage         *error_page;
  GtkLabel              *connecting_label;
  GtkLabel              *count_label;
  GtkListBox            *members_list;
  GtkWidget             *flagged_box;
  GtkLabel              *flagged_title;
  GtkListBox            *flagged_list;
};

G_DEFINE_FINAL_TYPE (AivoTeamPage, aivo_team_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONNECTION_MANAGER,
  PROP_REMINDER_SERVICE,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Longest member name or email shown (API.md: 100 and 254). */
#define MAX_SHOWN_CHARS 254

/* "state" is the name of the stack page shown. */
static void
stack_changed_cb (AivoTeamPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static AivoClient *
get_client (AivoTeamPage *self)
{
  if (self->manager == NULL || aivo_connection_manager_get_state (self->manager) != AIVO_CONNECTION_STATE_READY)
    return NULL;

  return aivo_connection_manager_get_client (self->manager);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* Server text, shown as it is but never as markup. */
static GtkWidget *
plain_row_new (const char *title,
               const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

static GtkWidget *
caption_new (const char *text,
             const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "caption");
  if (style != NULL)
    gtk_widget_add_css_class (label, style);

  return label;
}

/* Keys that need rotation now -------------------------------------------- */

static GtkWidget *
flagged_row_new (const char *connection_id,
                 AivoKey    *key)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  GtkWidget *row;
  GtkWidget *button;

  /* Translators: "Production · aivo_live_Ab3dEf12_…9Qz1" */
  subtitle = g_strdup_printf (_("%s · %s"),
                              aivo_environment_get_title (aivo_key_get_environment (key)),
                              aivo_key_get_hint (key));
  row = plain_row_new (aivo_key_get_name (key), subtitle);

  button = gtk_button_new_with_mnemonic (_("_Rotate Now"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.rotate-key");
  /* The key's own connection: the app may be on another one by the click. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", connection_id, aivo_key_get_id (key));
  accessible = g_strdup_printf (_("Rotate %s now"), aivo_key_get_name (key));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
fill_flagged (AivoTeamPage *self,
              GPtrArray    *keys)
{
  g_autofree char *title = NULL;
  guint n = 0;

  clear_list (self->flagged_list);

  for (guint i = 0; keys != NULL && i < keys->len; i++)
    {
      AivoKey *key = g_ptr_array_index (keys, i);

      /* The old key of a rotation under way is already being replaced. */
      if (!aivo_key_get_rotation_required (key) || aivo_key_get_expires_at (key) != NULL)
        continue;

      gtk_list_box_append (self->flagged_list,
                           flagged_row_new (aivo_connection_manager_get_active_id (self->manager), key));
      n++;
    }

  self->n_flagged = n;
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u key needs rotation now",
                                        "%u keys need rotation now", n),
                           n);
  gtk_label_set_label (self->flagged_title, title);
  gtk_widget_set_visible (self->flagged_box, n > 0);
}

static void
keys_listed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AivoTeamPage) self = user_data;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;

  keys = aivo_client_list_keys_finish (AIVO_CLIENT (object), result, NULL, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Listed by the client of a connection the app has left since. */
  if (AIVO_CLIENT (object) != get_client (self))
    return;

  if (keys == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not check which keys need rotation: %s"),
                                                  error->message);

      aivo_widget_show_toast (GTK_WIDGET (self), message);
      return;
    }

  fill_flagged (self, keys);
}

static void
load_flagged_keys (AivoTeamPage *self,
                   GCancellable *cancellable)
{
  AivoClient *client = get_client (self);

  if (client != NULL)
    aivo_client_list_keys_async (client, cancellable, keys_listed_cb, g_object_ref (self));
}

/* Members ------------------------------------------------------------------ */

typedef struct
{
  AivoTeamPage *self;
  char         *id;
  char         *name;
} Removal;

static void
removal_free (Removal *removal)
{
  g_clear_object (&removal->self);
  g_free (removal->id);
  g_free (removal->name);
  g_free (removal);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Removal, removal_free)

static Removal *
removal_new (AivoTeamPage *self,
             const char   *id,
             const char   *name)
{
  Removal *removal = g_new0 (Removal, 1);

  removal->self = g_object_ref (self);
  removal->id = g_strdup (id);
  removal->name = g_strdup (name);

  return removal;
}

static void
member_removed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Removal) removal = user_data;
  AivoTeamPage *self = removal->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!aivo_client_remove_team_member_finish (AIVO_CLIENT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      message = g_strdup_printf (_("Could not remove %s: %s"), removal->name, error->message);
      aivo_widget_show_toast (GTK_WIDGET (self), message);
      aivo_team_page_reload (self);
      return;
    }

  message = g_strdup_printf (_("%s was removed from the team"), removal->name);
  aivo_widget_show_toast (GTK_WIDGET (self), message);

  /* The flagged keys first, then the notification about them. */
  aivo_team_page_reload (self);
  if (self->reminders != NULL)
    aivo_reminder_service_check_now (self->reminders);
}

static void
remove_confirmed_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  Removal *removal = user_data;
  AivoClient *client = get_client (removal->self);

  if (g_strcmp0 (response, "remove") != 0)
    return;

  if (client == NULL)
    {
      aivo_widget_show_toast (GTK_WIDGET (removal->self),
                              _("Not connected to a server. Wait for the connection, then try again."));
      return;
    }

  aivo_client_remove_team_member_async (client, removal->id, removal->self->cancellable, member_removed_cb,
                                        removal_new (removal->self, removal->id, removal->name));
}

static void
remove_clicked_cb (GtkButton    *button,
                   AivoTeamPage *self)
{
  Removal *removal;
  GtkWidget *dialog;

  removal = removal_new (self,
                         g_object_get_data (G_OBJECT (button), "member-id"),
                         g_object_get_data (G_OBJECT (button), "member-name"));

  dialog = aivo_confirm_dialog_new (aivo_widget_get_window (GTK_WIDGET (self)), NULL,
                                    _("They lose access to this account at once. Every API key they created "
                                      "or had access to must then be rotated, because they may still have "
                                      "a copy: those keys are listed here for you to rotate."),
                                    "remove", _("_Remove Member"));
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Remove %s From the Team?"), removal->name);
  /* The dialog owns the removal: freed with it, whatever the answer. */
  g_signal_connect_data (dialog, "response", G_CALLBACK (remove_confirmed_cb), removal,
                         (GClosureNotify) removal_free, G_CONNECT_DEFAULT);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* A string member, or NULL whatever else the server put there. */
static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static const char *
role_title (const char *role)
{
  static const struct {
    const char *role;
    const char *title;
  } roles[] = {
    { "owner", N_("Owner") },
    { "admin", N_("Admin") },
    { "developer", N_("Developer") },
    { "viewer", N_("Viewer") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_strcmp0 (role, roles[i].role) == 0)
      return _(roles[i].title);

  return NULL;
}

static GtkWidget *
member_row_new (AivoTeamPage *self,
                JsonObject   *member)
{
  const char *id = get_string (member, "id");
  const char *role = get_string (member, "role");
  const char *status = get_string (member, "status");
  const char *known_role = role_title (role);
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *role_text = NULL;
  g_autofree char *status_text = NULL;
  GtkWidget *row;

  if (id == NULL || !aivo_client_is_valid_id (id))
    return NULL;

  name = aivo_client_dup_printable (get_string (member, "name"),
                                    -1, MAX_SHOWN_CHARS);
  email = aivo_client_dup_printable (get_string (member, "email"),
                                     -1, MAX_SHOWN_CHARS);
  role_text = known_role != NULL ? g_strdup (known_role) : aivo_client_dup_printable (role, -1, 40);
  status_text = g_strcmp0 (status, "active") == 0 ? g_strdup (_("Active"))
                                                   : aivo_client_dup_printable (status, -1, 40);

  row = plain_row_new (*name != '\0' ? name : id, email);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), caption_new (role_text, "caption-heading"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), caption_new (status_text, "dim-label"));

  /* The owner cannot be removed (the server answers 409). */
  if (g_strcmp0 (role, "owner") != 0)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *label = g_strdup_printf (_("Remove member %s"), *name != '\0' ? name : id);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Remove Member"));
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "circular");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data_full (G_OBJECT (button), "member-id", g_strdup (id), g_free);
      g_object_set_data_full (G_OBJECT (button), "member-name", g_strdup (*name != '\0' ? name : id), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (remove_clicked_cb), self, G_CONNECT_DEFAULT);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  return row;
}

static void
fill_members (AivoTeamPage *self,
              JsonArray    *members)
{
  g_autofree char *count = NULL;
  guint n = 0;

  clear_list (self->members_list);

  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonNode *node = json_array_get_element (members, i);
      GtkWidget *row = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        row = member_row_new (self, json_node_get_object (node));

      if (row == NULL)
        {
          g_debug ("Skipping a team member the server described badly");
          continue;
        }

      gtk_list_box_append (self->members_list, row);
      n++;
    }

  self->n_members = n;
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member", "%u members", n), n);
  gtk_label_set_label (self->count_label, count);
}

static void
members_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AivoTeamPage) self = user_data;
  g_autoptr(JsonArray) members = NULL;
  g_autoptr(GError) error = NULL;

  members = aivo_client_list_team_members_finish (AIVO_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (members == NULL)
    {
      aivo_page_show_error (self->stack, self->error_page, error->message);
      return;
    }

  fill_members (self, members);
  gtk_stack_set_visible_child_name (self->stack, self->n_members == 0 ? "empty" : "list");

  /* After the members, not beside them: when the server can't be reached,
   * the error page says so once, without a toast saying it again. */
  load_flagged_keys (self, self->load_cancellable);
}

void
aivo_team_page_reload (AivoTeamPage *self)
{
  AivoClient *client;

  g_return_if_fail (AIVO_IS_TEAM_PAGE (self));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->manager == NULL || !aivo_page_begin_loading (self->stack, self->error_page, self->manager))
    return;

  /* None after the manager's shutdown, whatever its state says. */
  client = get_client (self);
  if (client == NULL)
    return;

  gtk_label_set_label (self->connecting_label, _("Loading the team…"));

  self->load_cancellable = g_cancellable_new ();
  aivo_client_list_team_members_async (client, self->load_cancellable, members_listed_cb, g_object_ref (self));
}

static void
connection_changed_cb (AivoTeamPage *self)
{
  gtk_label_set_label (self->connecting_label, _("Connecting…"));
  /* Another server's keys are not this one's. */
  fill_flagged (self, NULL);

  /* Out of sight, the page loads when it is shown (see map). */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      aivo_team_page_reload (self);
      return;
    }

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  gtk_stack_set_visible_child_name (self->stack, "connecting");
}

static void
retry_clicked_cb (AivoTeamPage *self)
{
  if (!aivo_page_reconnect_if_failed (self->manager))
    aivo_team_page_reload (self);
}

/* GObject ------------------------------------------------------------------ */

/* Shown again (another page was in front): keys may have been rotated in
 * the meantime, members removed elsewhere. */
static void
aivo_team_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (aivo_team_page_parent_class)->map (widget);

  aivo_team_page_reload (AIVO_TEAM_PAGE (widget));
}

static void
aivo_team_page_dispose (GObject *object)
{
  AivoTeamPage *self = (AivoTeamPage *)object;

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), AIVO_TYPE_TEAM_PAGE);

  G_OBJECT_CLASS (aivo_team_page_parent_class)->dispose (object);
}

static void
aivo_team_page_finalize (GObject *object)
{
  AivoTeamPage *self = (AivoTeamPage *)object;

  g_clear_object (&self->manager);
  g_clear_object (&self->reminders);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (aivo_team_page_parent_class)->finalize (object);
}

static void
aivo_team_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AivoTeamPage *self = AIVO_TEAM_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONNECTION_MANAGER:
      g_value_set_object (value, self->manager);
      break;

    case PROP_REMINDER_SERVICE:
      g_value_set_object (value, self->reminders);
      break;

    case PROP_STATE:
      g_value_set_string (value, aivo_team_page_get_state (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_team_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  AivoTeamPage *self = AIVO_TEAM_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONNECTION_MANAGER:
      aivo_team_page_set_connection_manager (self, g_value_get_object (value));
      break;

    case PROP_REMINDER_SERVICE:
      aivo_team_page_set_reminder_service (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_team_page_class_init (AivoTeamPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aivo_team_page_dispose;
  object_class->finalize = aivo_team_page_finalize;
  object_class->get_property = aivo_team_page_get_property;
  object_class->set_property = aivo_team_page_set_property;

  properties[PROP_CONNECTION_MANAGER] =
    g_param_spec_object ("connection-manager", NULL, NULL,
                         AIVO_TYPE_CONNECTION_MANAGER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* Told to look at the keys at once when a member is removed. */
  properties[PROP_REMINDER_SERVICE] =
    g_param_spec_object ("reminder-service", NULL, NULL,
                         AIVO_TYPE_REMINDER_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* "connecting", "error", "empty" or "list": what a user sees. */
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->map = aivo_team_page_map;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/aivo-team-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AivoTeamPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AivoTeamPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, AivoTeamPage, connecting_label);
  gtk_widget_class_bind_template_child (widget_class, AivoTeamPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, AivoTeamPage, members_list);
  gtk_widget_class_bind_template_child (widget_class, AivoTeamPage, flagged_box);
  gtk_widget_class_bind_template_child (widget_class, AivoTeamPage, flagged_title);
  gtk_widget_class_bind_template_child (widget_class, AivoTeamPage, flagged_list);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
}

static void
aivo_team_page_init (AivoTeamPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (stack_changed_cb), self, G_CONNECT_SWAPPED);

  self->cancellable = g_cancellable_new ();
}

void
aivo_team_page_set_connection_manager (AivoTeamPage          *self,
                                       AivoConnectionManager *manager)
{
  g_return_if_fail (AIVO_IS_TEAM_PAGE (self));
  g_return_if_fail (!manager || AIVO_IS_CONNECTION_MANAGER (manager));

  if (!aivo_page_follow_connection (self, &self->manager, manager, G_CALLBACK (connection_changed_cb)))
    return;

  connection_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_MANAGER]);
}

AivoConnectionManager *
aivo_team_page_get_connection_manager (AivoTeamPage *self)
{
  g_return_val_if_fail (AIVO_IS_TEAM_PAGE (self), NULL);

  return self->manager;
}

void
aivo_team_page_set_reminder_service (AivoTeamPage        *self,
                                     AivoReminderService *service)
{
  g_return_if_fail (AIVO_IS_TEAM_PAGE (self));
  g_return_if_fail (!service || AIVO_IS_REMINDER_SERVICE (service));

  if (g_set_object (&self->reminders, service))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMINDER_SERVICE]);
}

AivoReminderService *
aivo_team_page_get_reminder_service (AivoTeamPage *self)
{
  g_return_val_if_fail (AIVO_IS_TEAM_PAGE (self), NULL);

  return self->reminders;
}

const char *
aivo_team_page_get_state (AivoTeamPage *self)
{
  g_return_val_if_fail (AIVO_IS_TEAM_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

guint
aivo_team_page_get_n_members (AivoTeamPage *self)
{
  g_return_val_if_fail (AIVO_IS_TEAM_PAGE (self), 0);

  return self->n_members;
}

/* Returns: how many keys are listed under "N keys need rotation now" */
guint
aivo_team_page_get_n_flagged (AivoTeamPage *self)
{
  g_return_val_if_fail (AIVO_IS_TEAM_PAGE (self), 0);

  return self->n_flagged;
}
