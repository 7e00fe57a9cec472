/* aivo-rotation-wizard.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "aivo-connection-manager.h"

G_BEGIN_DECLS

/* The longest grace period the API allows (API.md): 7 days. */
#define AIVO_ROTATION_WIZARD_MAX_GRACE_SECONDS 604800

#define AIVO_TYPE_ROTATION_WIZARD (aivo_rotation_wizard_get_type ())

G_DECLARE_FINAL_TYPE (AivoRotationWizard, aivo_rotation_wizard, AIVO, ROTATION_WIZARD, AdwWindow)

GtkWidget  *aivo_rotation_wizard_new               (GtkWindow             *parent,
                                                    AivoConnectionManager *manager,
                                                    const char            *connection_id,
                                                    const char            *key_id);
GtkWidget  *aivo_rotation_wizard_open              (GtkWindow             *parent,
                                                    AivoConnectionManager *manager,
                                                    const char            *connection_id,
                                                    const char            *key_id);

const char *aivo_rotation_wizard_get_connection_id (AivoRotationWizard    *self);
const char *aivo_rotation_wizard_get_old_key_id    (AivoRotationWizard    *self);
const char *aivo_rotation_wizard_get_new_key_id    (AivoRotationWizard    *self);
const char *aivo_rotation_wizard_get_step          (AivoRotationWizard    *self);

G_END_DECLS
