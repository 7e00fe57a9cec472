/* test-notification-server.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A desktop's notification server (org.gtk.Notifications) on the session
 * bus, in the test process: GApplication's notifications go through D-Bus
 * as they would to GNOME Shell, and the test reads what arrived. */

typedef struct _TestNotificationServer TestNotificationServer;

TestNotificationServer *test_notification_server_new          (void);
void                    test_notification_server_free         (TestNotificationServer *self);
void                    test_notification_server_clear        (TestNotificationServer *self);
guint                   test_notification_server_get_n_added  (TestNotificationServer *self);
guint                   test_notification_server_get_n_removed (TestNotificationServer *self);
GVariant               *test_notification_server_lookup       (TestNotificationServer *self,
                                                               const char             *id);
gboolean                test_notification_server_was_removed  (TestNotificationServer *self,
                                                               const char             *id);
gboolean                test_notification_server_wait_added   (TestNotificationServer *self,
                                                               guint                   n_added,
                                                               guint                   timeout_ms);
void                    test_notification_server_settle       (TestNotificationServer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestNotificationServer, test_notification_server_free)

G_END_DECLS
