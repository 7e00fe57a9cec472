/* test-notification-server.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "app-test-util.h"
#include "test-notification-server.h"

/* The interface GLib's "gtk" notification backend talks to, which it picks
 * whenever org.gtk.Notifications has an owner, plus a Sync method: a call
 * answered in order after every notification sent before it. */
static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/>"
  "    </method>"
  "  </interface>"
  "  <interface name='bz.aivo.Studio.TestSync'>"
  "    <method name='Sync'/>"
  "  </interface>"
  "</node>";

#define BUS_NAME    "org.gtk.Notifications"
#define OBJECT_PATH "/org/gtk/Notifications"
#define WAIT_MS     20000

struct _TestNotificationServer
{
  GDBusConnection *connection;
  GDBusNodeInfo   *info;
  GHashTable      *latest;     /* id -> a{sv} */
  GHashTable      *removed;    /* ids */
  guint            registrations[2];
  guint            owner_id;
  guint            n_added;
  guint            n_removed;
  gboolean         acquired;
  gboolean         lost;
};

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  TestNotificationServer *self = user_data;
  const char *app_id, *id;

  if (g_str_equal (method_name, "AddNotification"))
    {
      GVariant *notification;

      g_variant_get (parameters, "(&s&s@a{sv})", &app_id, &id, &notification);
      g_hash_table_insert (self->latest, g_strdup (id), notification);
      g_hash_table_remove (self->removed, id);
      self->n_added++;
    }
  else if (g_str_equal (method_name, "RemoveNotification"))
    {
      g_variant_get (parameters, "(&s&s)", &app_id, &id);
      g_hash_table_add (self->removed, g_strdup (id));
      self->n_removed++;
    }

  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable vtable = { method_call_cb, NULL, NULL, { 0 } };

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  ((TestNotificationServer *) user_data)->acquired = TRUE;
}

static void
name_lost_cb (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  ((TestNotificationServer *) user_data)->lost = TRUE;
}

static gboolean
is_decided (gpointer data)
{
  TestNotificationServer *self = data;

  return self->acquired || self->lost;
}

/* Owns org.gtk.Notifications on the session bus of this process. Make it
 * before the first notification: GLib picks its backend once. */
TestNotificationServer *
test_notification_server_new (void)
{
  TestNotificationServer *self = g_new0 (TestNotificationServer, 1);
  g_autoptr(GError) error = NULL;

  self->connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  self->info = g_dbus_node_info_new_for_xml (introspection_xml, &error);
  g_assert_no_error (error);
  self->latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_variant_unref);
  self->removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (self->registrations); i++)
    {
      self->registrations[i] = g_dbus_connection_register_object (self->connection, OBJECT_PATH,
                                                                  self->info->interfaces[i], &vtable,
                                                                  self, NULL, &error);
      g_assert_no_error (error);
    }

  self->owner_id = g_bus_own_name_on_connection (self->connection, BUS_NAME, G_BUS_NAME_OWNER_FLAGS_NONE,
                                                 name_acquired_cb, name_lost_cb, self, NULL);
  g_assert_true (test_wait_until (is_decided, self, WAIT_MS));
  g_assert_true (self->acquired);

  return self;
}

void
test_notification_server_free (TestNotificationServer *self)
{
  g_bus_unown_name (self->owner_id);
  for (guint i = 0; i < G_N_ELEMENTS (self->registrations); i++)
    g_dbus_connection_unregister_object (self->connection, self->registrations[i]);
  g_clear_pointer (&self->latest, g_hash_table_unref);
  g_clear_pointer (&self->removed, g_hash_table_unref);
  g_clear_pointer (&self->info, g_dbus_node_info_unref);
  g_clear_object (&self->connection);
  g_free (self);
}

void
test_notification_server_clear (TestNotificationServer *self)
{
  test_notification_server_settle (self);
  g_hash_table_remove_all (self->latest);
  g_hash_table_remove_all (self->removed);
  self->n_added = 0;
  self->n_removed = 0;
}

guint
test_notification_server_get_n_added (TestNotificationServer *self)
{
  return self->n_added;
}

guint
test_notification_server_get_n_removed (TestNotificationServer *self)
{
  return self->n_removed;
}

/* Returns: (transfer none) (nullable): the a{sv} of the last notification
 * sent with @id, as GLib serialized it */
GVariant *
test_notification_server_lookup (TestNotificationServer *self,
                                 const char             *id)
{
  return g_hash_table_lookup (self->latest, id);
}

gboolean
test_notification_server_was_removed (TestNotificationServer *self,
                                      const char             *id)
{
  return g_hash_table_contains (self->removed, id);
}

typedef struct
{
  TestNotificationServer *self;
  guint                   n_added;
} AddedWait;

static gboolean
enough_added (gpointer data)
{
  AddedWait *wait = data;

  return wait->self->n_added >= wait->n_added;
}

gboolean
test_notification_server_wait_added (TestNotificationServer *self,
                                     guint                   n_added,
                                     guint                   timeout_ms)
{
  AddedWait wait = { self, n_added };

  return test_wait_until (enough_added, &wait, timeout_ms);
}

static void
synced_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Returns once every notification call already sent on this connection has
 * been handled: D-Bus keeps one sender's messages in order. */
void
test_notification_server_settle (TestNotificationServer *self)
{
  gboolean done = FALSE;

  g_dbus_connection_call (self->connection, BUS_NAME, OBJECT_PATH, "bz.aivo.Studio.TestSync", "Sync",
                          NULL, NULL, G_DBUS_CALL_FLAGS_NONE, WAIT_MS, NULL, synced_cb, &done);
  g_assert_true (test_wait_until (is_true, &done, WAIT_MS));
}
