/* aivo-reminder-service.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-reminder-service"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "aivo-reminder-service.h"

/*
 * Rotation reminders as desktop notifications. The keys of the active
 * connection are looked at when it becomes ready, every hour, when the clock
 * is moved, when an interval changes in Preferences and when someone asks
 * (a team member was removed). AivoRotationPolicy says when the next reminder
 * of a key is due, given the last one shown; GSettings' reminder-log keeps
 * that last moment per "<connection>/<key id>", so a reminder is neither
 * repeated at every start nor forgotten while the app was not running.
 *
 * Checks never overlap: one asked for while another runs is made once that
 * one is over, and every caller waiting hears back after it.
 */

struct _AivoReminderService
{
  GObject                parent_instance;

  /* Owned references */
  AivoConnectionManager *manager;
  GSettings             *settings;
  AivoClock             *clock;
  AivoRotationPolicy    *policy;
  GCancellable          *cancellable;
  GPtrArray             *waiting;      /* GTask, answered when the checks are over */

  /* Borrowed references */
  GApplication          *application;  /* weak: the application owns us */

  guint                  timeout_id;
  guint                  idle_id;
  guint                  n_sent;
  guint                  running : 1;
  guint                  pending : 1;
};

G_DEFINE_FINAL_TYPE (AivoReminderService, aivo_reminder_service, G_TYPE_OBJECT)

enum {
  NOTIFICATION_SENT,
  NOTIFICATION_WITHDRAWN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_check (AivoReminderService *self);

/* The reminder log: "<connection>/<key id>" -> Unix time ---------------- */

static GHashTable *
log_load (AivoReminderService *self)
{
  g_autoptr(GVariant) log = g_settings_get_value (self->settings, "reminder-log");
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GVariantIter iter;
  const char *name;
  gint64 when;

  g_variant_iter_init (&iter, log);
  while (g_variant_iter_next (&iter, "{&sx}", &name, &when))
    g_hash_table_insert (table, g_strdup (name), g_memdup2 (&when, sizeof when));

  return table;
}

static void
log_save (AivoReminderService *self,
          GHashTable          *table)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{sx}"));
  GHashTableIter iter;
  gpointer name, when;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &name, &when))
    g_variant_builder_add (&builder, "{sx}", name, *(gint64 *) when);

  g_settings_set_value (self->settings, "reminder-log", g_variant_builder_end (&builder));
}

static char *
log_key (const char *connection_id,
         const char *key_id)
{
  return g_strconcat (connection_id, "/", key_id, NULL);
}

static void
log_record (GHashTable *table,
            const char *name,
            gint64      when)
{
  g_hash_table_insert (table, g_strdup (name), g_memdup2 (&when, sizeof when));
}

/* Notifications ------------------------------------------------------------ */

/**
 * aivo_reminder_service_dup_notification_id:
 *
 * Returns: (transfer full): the id of the notification about @key_id of
 *   @connection_id: a second reminder replaces the first.
 */
char *
aivo_reminder_service_dup_notification_id (const char *connection_id,
                                           const char *key_id)
{
  g_return_val_if_fail (connection_id != NULL, NULL);
  g_return_val_if_fail (key_id != NULL, NULL);

  return g_strconcat ("rotate-", connection_id, "/", key_id, NULL);
}

static gboolean
can_notify (AivoReminderService *self)
{
  /* GApplication refuses notifications before it is registered. */
  return self->application != NULL &&
         g_application_get_is_registered (self->application) &&
         !g_application_get_is_remote (self->application);
}

static void
withdraw (AivoReminderService *self,
          const char          *connection_id,
          const char          *key_id)
{
  g_autofree char *id = aivo_reminder_service_dup_notification_id (connection_id, key_id);

  if (can_notify (self))
    g_application_withdraw_notification (self->application, id);

  g_signal_emit (self, signals[NOTIFICATION_WITHDRAWN], 0, id);
}

static void
send_reminder (AivoReminderService *self,
               const char          *connection_id,
               AivoKey             *key,
               AivoRotationState    state,
               GDateTime           *now)
{
  AivoEnvironment environment = aivo_key_get_environment (key);
  const char *key_id = aivo_key_get_id (key);
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = aivo_reminder_service_dup_notification_id (connection_id, key_id);
  g_autofree char *title = NULL;
  g_autofree char *why = NULL;
  g_autofree char *where = NULL;
  g_autofree char *body = NULL;

  why = aivo_rotation_policy_describe (self->policy, environment, aivo_key_get_created_at (key),
                                       aivo_key_get_rotation_required (key), now);
  where = aivo_connection_manager_dup_active_title (self->manager);
  /* Translators: "Rotate “CRM Integration”", a notification's title */
  title = g_strdup_printf (_("Rotate “%s”"), aivo_key_get_name (key));
  /* Translators: "Overdue by 3 days", then "Production · Built-in Sandbox" */
  body = g_strdup_printf (_("%s\n%s key · %s"), why, aivo_environment_get_title (environment), where);

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification,
                               state == AIVO_ROTATION_STATE_OVERDUE || state == AIVO_ROTATION_STATE_REQUIRED_NOW
                                 ? G_NOTIFICATION_PRIORITY_HIGH
                                 : G_NOTIFICATION_PRIORITY_NORMAL);
  /* The connection too: the app may be on another one by the click. */
  g_notification_set_default_action_and_target (notification, "app.rotate-key", "(ss)", connection_id, key_id);
  g_notification_add_button_with_target (notification, _("Rotate Now"), "app.rotate-key", "(ss)",
                                         connection_id, key_id);
  g_notification_add_button_with_target (notification, _("Later"), "app.remind-later", "(ss)",
                                         connection_id, key_id);

  if (can_notify (self))
    g_application_send_notification (self->application, id, notification);
  else
    g_debug ("Not registered, so this reminder is not shown: %s", id);

  g_signal_emit (self, signals[NOTIFICATION_SENT], 0, id, notification);
}

/* Checking ----------------------------------------------------------------- */

/* A key whose rotation is under way (the old key in its grace period) gets
 * no reminder: it is about to go. */
static gboolean
wants_reminders (AivoKey *key)
{
  return aivo_key_get_expires_at (key) == NULL;
}

/* Sends the reminders that are due for @keys; updates @log. */
static gboolean
remind_keys (AivoReminderService *self,
             const char          *connection_id,
             GPtrArray           *keys,
             GHashTable          *log,
             GDateTime           *now)
{
  gboolean changed = FALSE;

  for (guint i = 0; i < keys->len; i++)
    {
      AivoKey *key = g_ptr_array_index (keys, i);
      AivoEnvironment environment = aivo_key_get_environment (key);
      GDateTime *created_at = aivo_key_get_created_at (key);
      GDateTime *since = aivo_key_get_rotation_since (key);
      gboolean required = aivo_key_get_rotation_required (key);
      g_autofree char *name = log_key (connection_id, aivo_key_get_id (key));
      g_autoptr(GDateTime) last = NULL;
      g_autoptr(GDateTime) next = NULL;
      AivoRotationState state;
      gint64 *last_unix;

      if (!wants_reminders (key))
        continue;

      state = aivo_rotation_policy_get_state (self->policy, environment, created_at, required, now);
      last_unix = g_hash_table_lookup (log, name);

      /* Nothing to remind of (a longer interval was just chosen): drop what
       * was shown, so the first reminder comes in full when it is due. */
      if (state == AIVO_ROTATION_STATE_OK)
        {
          if (last_unix != NULL)
            {
              withdraw (self, connection_id, aivo_key_get_id (key));
              g_hash_table_remove (log, name);
              changed = TRUE;
            }
          continue;
        }

      if (last_unix != NULL)
        last = g_date_time_new_from_unix_utc (*last_unix);

      /* A reminder from before a member left was about the schedule: the
       * "rotate now" one comes at once. */
      if (required && last != NULL && since != NULL && g_date_time_compare (last, since) < 0)
        g_clear_pointer (&last, g_date_time_unref);

      next = aivo_rotation_policy_get_next_reminder (self->policy, environment, created_at, required, last, now);
      if (next == NULL || g_date_time_compare (next, now) > 0)
        continue;

      send_reminder (self, connection_id, key, state, now);
      log_record (log, name, g_date_time_to_unix (now));
      self->n_sent++;
      changed = TRUE;
    }

  return changed;
}

/* Keys that are gone, or going: their notifications are no use. */
static gboolean
forget_missing_keys (AivoReminderService *self,
                     const char          *connection_id,
                     GPtrArray           *keys,
                     GHashTable          *log)
{
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *prefix = g_strconcat (connection_id, "/", NULL);
  gboolean changed = FALSE;
  GHashTableIter iter;
  gpointer name;

  for (guint i = 0; i < keys->len; i++)
    {
      AivoKey *key = g_ptr_array_index (keys, i);

      if (wants_reminders (key))
        g_hash_table_add (present, (gpointer) aivo_key_get_id (key));
    }

  g_hash_table_iter_init (&iter, log);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    {
      const char *key_id;

      if (!g_str_has_prefix (name, prefix))
        continue;

      key_id = (const char *) name + strlen (prefix);
      if (g_hash_table_contains (present, key_id))
        continue;

      withdraw (self, connection_id, key_id);
      g_hash_table_iter_remove (&iter);
      changed = TRUE;
    }

  return changed;
}

static void
process_keys (AivoReminderService *self,
              const char          *connection_id,
              GPtrArray           *keys)
{
  g_autoptr(GHashTable) log = log_load (self);
  g_autoptr(GDateTime) now = aivo_clock_now (self->clock);
  gboolean changed;

  changed = remind_keys (self, connection_id, keys, log, now);
  changed |= forget_missing_keys (self, connection_id, keys, log);

  if (changed)
    log_save (self, log);
}

static void
answer_waiting (AivoReminderService *self,
                const GError        *error)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);
  guint n_sent = self->n_sent;

  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->n_sent = 0;

  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_int (task, n_sent);
    }
}

static void
check_done (AivoReminderService *self,
            const GError        *error)
{
  self->running = FALSE;

  if (self->pending && !g_cancellable_is_cancelled (self->cancellable))
    {
      self->pending = FALSE;
      start_check (self);
      return;
    }

  self->pending = FALSE;
  answer_waiting (self, error);
}

typedef struct
{
  AivoReminderService *self;
  char                *connection_id;
} Check;

static void
check_free (Check *check)
{
  g_clear_object (&check->self);
  g_free (check->connection_id);
  g_free (check);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Check, check_free)

static void
keys_listed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Check) check = user_data;
  AivoReminderService *self = check->self;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;

  keys = aivo_client_list_keys_finish (AIVO_CLIENT (object), result, NULL, NULL, &error);
  if (keys == NULL)
    {
      /* The next hour tries again; a reminder late by an hour harms nobody. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not list the keys for reminders: %s", error->message);
      check_done (self, error);
      return;
    }

  /* Another connection was chosen meanwhile: look at that one instead. */
  if (g_strcmp0 (check->connection_id, aivo_connection_manager_get_active_id (self->manager)) != 0)
    self->pending = TRUE;
  else
    process_keys (self, check->connection_id, keys);

  check_done (self, NULL);
}

static void
start_check (AivoReminderService *self)
{
  AivoClient *client = NULL;
  Check *check;

  g_assert (!self->running);

  if (aivo_connection_manager_get_state (self->manager) == AIVO_CONNECTION_STATE_READY)
    client = aivo_connection_manager_get_client (self->manager);

  /* Not connected: the check comes when the connection is ready. */
  if (client == NULL)
    {
      answer_waiting (self, NULL);
      return;
    }

  self->running = TRUE;
  check = g_new0 (Check, 1);
  check->self = g_object_ref (self);
  check->connection_id = g_strdup (aivo_connection_manager_get_active_id (self->manager));
  aivo_client_list_keys_async (client, self->cancellable, keys_listed_cb, check);
}

/**
 * aivo_reminder_service_check_async:
 *
 * Looks at the keys of the active connection now and shows the reminders
 * that are due. Completes once every check asked for so far is over, with
 * how many reminders were shown; at once, showing none, when no connection
 * is ready.
 */
void
aivo_reminder_service_check_async (AivoReminderService *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (AIVO_IS_REMINDER_SERVICE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aivo_reminder_service_check_async);
  g_ptr_array_add (self->waiting, g_steal_pointer (&task));

  /* This check does what a queued check_now() would. */
  g_clear_handle_id (&self->idle_id, g_source_remove);

  if (self->running)
    self->pending = TRUE;
  else
    start_check (self);
}

gboolean
aivo_reminder_service_check_finish (AivoReminderService  *self,
                                    GAsyncResult         *result,
                                    guint                *n_sent,
                                    GError              **error)
{
  gssize sent;

  g_return_val_if_fail (AIVO_IS_REMINDER_SERVICE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  sent = g_task_propagate_int (G_TASK (result), error);
  if (n_sent != NULL)
    *n_sent = sent < 0 ? 0 : (guint) sent;

  return sent >= 0;
}

static gboolean
check_idle_cb (gpointer user_data)
{
  AivoReminderService *self = user_data;

  self->idle_id = 0;
  aivo_reminder_service_check_async (self, NULL, NULL, NULL);

  return G_SOURCE_REMOVE;
}

/**
 * aivo_reminder_service_check_now:
 *
 * Asks for a check soon, from the main loop: several requests in a row make
 * one check.
 */
void
aivo_reminder_service_check_now (AivoReminderService *self)
{
  g_return_if_fail (AIVO_IS_REMINDER_SERVICE (self));

  if (self->idle_id == 0)
    self->idle_id = g_idle_add (check_idle_cb, self);
}

static gboolean
hourly_cb (gpointer user_data)
{
  aivo_reminder_service_check_now (user_data);

  return G_SOURCE_CONTINUE;
}

/**
 * aivo_reminder_service_remind_later:
 * @connection_id: the connection of a notification's "Later" button
 * @key_id: its key
 *
 * Counts the reminder about @key_id of @connection_id (active or not) as
 * shown now, so the next one comes when the policy says (the next day, for
 * an overdue key), and withdraws the notification.
 */
void
aivo_reminder_service_remind_later (AivoReminderService *self,
                                    const char          *connection_id,
                                    const char          *key_id)
{
  g_autoptr(GHashTable) log = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (AIVO_IS_REMINDER_SERVICE (self));
  g_return_if_fail (connection_id != NULL);
  g_return_if_fail (key_id != NULL);

  /* It comes over D-Bus from whoever activates the action. */
  if (!aivo_client_is_valid_id (key_id))
    {
      g_debug ("Ignoring “Later” for a malformed key id");
      return;
    }

  /* Nor a line in the log for a server that is gone. */
  if (!aivo_connection_manager_has_connection (self->manager, connection_id))
    {
      g_debug ("Ignoring “Later” for a connection that no longer exists");
      return;
    }

  name = log_key (connection_id, key_id);
  log = log_load (self);
  log_record (log, name, aivo_clock_now_unix (self->clock));
  log_save (self, log);

  withdraw (self, connection_id, key_id);
}

AivoRotationPolicy *
aivo_reminder_service_get_policy (AivoReminderService *self)
{
  g_return_val_if_fail (AIVO_IS_REMINDER_SERVICE (self), NULL);

  return self->policy;
}

/* GObject ------------------------------------------------------------------ */

static void
aivo_reminder_service_dispose (GObject *object)
{
  AivoReminderService *self = (AivoReminderService *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);

  if (self->clock != NULL)
    g_signal_handlers_disconnect_by_data (self->clock, self);
  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  if (self->policy != NULL)
    g_signal_handlers_disconnect_by_data (self->policy, self);

  if (self->application != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
      self->application = NULL;
    }

  G_OBJECT_CLASS (aivo_reminder_service_parent_class)->dispose (object);
}

static void
aivo_reminder_service_finalize (GObject *object)
{
  AivoReminderService *self = (AivoReminderService *)object;

  g_clear_object (&self->manager);
  g_clear_object (&self->settings);
  g_clear_object (&self->clock);
  g_clear_object (&self->policy);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);

  G_OBJECT_CLASS (aivo_reminder_service_parent_class)->finalize (object);
}

static void
aivo_reminder_service_class_init (AivoReminderServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = aivo_reminder_service_dispose;
  object_class->finalize = aivo_reminder_service_finalize;

  /**
   * AivoReminderService::notification-sent:
   * @id: the notification's id
   * @notification: what was sent
   *
   * Emitted after a reminder was handed to the desktop (or would have been,
   * when the application is not registered).
   */
  signals[NOTIFICATION_SENT] =
    g_signal_new ("notification-sent",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_NOTIFICATION);

  /**
   * AivoReminderService::notification-withdrawn:
   * @id: the notification's id
   */
  signals[NOTIFICATION_WITHDRAWN] =
    g_signal_new ("notification-withdrawn",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
aivo_reminder_service_init (AivoReminderService *self)
{
  self->cancellable = g_cancellable_new ();
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->policy = aivo_rotation_policy_new ();
}

/**
 * aivo_reminder_service_new:
 * @application: (nullable): where notifications are sent from; kept as a
 *   weak reference
 * @clock: what "now" is, aivo_clock_get_default() but in tests
 *
 * The service starts at once: it checks whenever the connection of
 * @manager becomes ready, then every hour.
 */
AivoReminderService *
aivo_reminder_service_new (GApplication          *application,
                           AivoConnectionManager *manager,
                           GSettings             *settings,
                           AivoClock             *clock)
{
  AivoReminderService *self;

  g_return_val_if_fail (!application || G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (AIVO_IS_CONNECTION_MANAGER (manager), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (AIVO_IS_CLOCK (clock), NULL);

  self = g_object_new (AIVO_TYPE_REMINDER_SERVICE, NULL);
  self->manager = g_object_ref (manager);
  self->settings = g_object_ref (settings);
  self->clock = g_object_ref (clock);
  self->application = application;
  if (application != NULL)
    g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);

  g_settings_bind (settings, "production-rotation-days", self->policy, "production-days", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "development-rotation-days", self->policy, "development-days", G_SETTINGS_BIND_GET);

  g_signal_connect_object (manager, "notify::client",
                           G_CALLBACK (aivo_reminder_service_check_now), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (clock, "changed",
                           G_CALLBACK (aivo_reminder_service_check_now), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->policy, "notify",
                           G_CALLBACK (aivo_reminder_service_check_now), self, G_CONNECT_SWAPPED);

  self->timeout_id = g_timeout_add_seconds (AIVO_REMINDER_CHECK_INTERVAL_SECONDS, hourly_cb, self);
  aivo_reminder_service_check_now (self);

  return self;
}
