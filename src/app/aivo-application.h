/* aivo-application.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "aivo-background.h"
#include "aivo-connection-manager.h"
#include "aivo-reminder-service.h"

G_BEGIN_DECLS

#define AIVO_TYPE_APPLICATION (aivo_application_get_type ())

G_DECLARE_FINAL_TYPE (AivoApplication, aivo_application, AIVO, APPLICATION, AdwApplication)

AivoApplication       *aivo_application_new                    (void);
GSettings             *aivo_application_get_settings           (AivoApplication *self);
AivoConnectionManager *aivo_application_get_connection_manager (AivoApplication *self);
AivoReminderService   *aivo_application_get_reminder_service   (AivoApplication *self);
AivoBackground        *aivo_application_get_background         (AivoApplication *self);

G_END_DECLS
