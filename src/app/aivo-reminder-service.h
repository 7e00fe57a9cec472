/* aivo-reminder-service.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "aivo-clock.h"
#include "aivo-connection-manager.h"
#include "aivo-rotation-policy.h"

G_BEGIN_DECLS

/* How often the keys are looked at while the app runs. */
#define AIVO_REMINDER_CHECK_INTERVAL_SECONDS 3600

#define AIVO_TYPE_REMINDER_SERVICE (aivo_reminder_service_get_type ())

G_DECLARE_FINAL_TYPE (AivoReminderService, aivo_reminder_service, AIVO, REMINDER_SERVICE, GObject)

AivoReminderService *aivo_reminder_service_new                  (GApplication          *application,
                                                                 AivoConnectionManager *manager,
                                                                 GSettings             *settings,
                                                                 AivoClock             *clock);
AivoRotationPolicy  *aivo_reminder_service_get_policy           (AivoReminderService   *self);

void                 aivo_reminder_service_check_now            (AivoReminderService   *self);
void                 aivo_reminder_service_check_async          (AivoReminderService   *self,
                                                                 GCancellable          *cancellable,
                                                                 GAsyncReadyCallback    callback,
                                                                 gpointer               user_data);
gboolean             aivo_reminder_service_check_finish         (AivoReminderService   *self,
                                                                 GAsyncResult          *result,
                                                                 guint                 *n_sent,
                                                                 GError               **error);
void                 aivo_reminder_service_remind_later         (AivoReminderService   *self,
                                                                 const char            *connection_id,
                                                                 const char            *key_id);

char                *aivo_reminder_service_dup_notification_id  (const char            *connection_id,
                                                                 const char            *key_id);

G_END_DECLS
