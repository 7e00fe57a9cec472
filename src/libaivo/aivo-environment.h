/* aivo-environment.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  AIVO_ENVIRONMENT_PRODUCTION,
  AIVO_ENVIRONMENT_DEVELOPMENT,
  AIVO_ENVIRONMENT_TESTING,
} AivoEnvironment;

#define AIVO_N_ENVIRONMENTS 3
#define AIVO_TYPE_ENVIRONMENT (aivo_environment_get_type ())

GType       aivo_environment_get_type    (void) G_GNUC_CONST;
const char *aivo_environment_to_string   (AivoEnvironment  environment);
gboolean    aivo_environment_from_string (const char      *text,
                                          AivoEnvironment *environment);
const char *aivo_environment_get_title   (AivoEnvironment  environment);
gboolean    aivo_environment_is_live     (AivoEnvironment  environment);

G_END_DECLS
