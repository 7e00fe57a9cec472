/* aivo-generate-key-dialog.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "aivo-environment.h"
#include "aivo-scope.h"

G_BEGIN_DECLS

/* The longest name the API accepts, in characters, after trimming. */
#define AIVO_GENERATE_KEY_DIALOG_MAX_NAME_CHARS 100

#define AIVO_TYPE_GENERATE_KEY_DIALOG (aivo_generate_key_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AivoGenerateKeyDialog, aivo_generate_key_dialog, AIVO, GENERATE_KEY_DIALOG, AdwWindow)

GtkWidget       *aivo_generate_key_dialog_new             (GtkWindow             *parent);
const char      *aivo_generate_key_dialog_get_name        (AivoGenerateKeyDialog *self);
AivoEnvironment  aivo_generate_key_dialog_get_environment (AivoGenerateKeyDialog *self);
void             aivo_generate_key_dialog_set_environment (AivoGenerateKeyDialog *self,
                                                           AivoEnvironment        environment);
AivoScope        aivo_generate_key_dialog_get_scopes      (AivoGenerateKeyDialog *self);
void             aivo_generate_key_dialog_set_scopes      (AivoGenerateKeyDialog *self,
                                                           AivoScope              scopes);
void             aivo_generate_key_dialog_apply_preset    (AivoGenerateKeyDialog *self,
                                                           const char            *id);
gboolean         aivo_generate_key_dialog_get_busy        (AivoGenerateKeyDialog *self);
void             aivo_generate_key_dialog_set_busy        (AivoGenerateKeyDialog *self,
                                                           gboolean               busy);
void             aivo_generate_key_dialog_set_error       (AivoGenerateKeyDialog *self,
                                                           const char            *message);

G_END_DECLS
