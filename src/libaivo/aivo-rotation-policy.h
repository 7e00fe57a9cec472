/* aivo-rotation-policy.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "aivo-environment.h"

G_BEGIN_DECLS

typedef enum
{
  AIVO_ROTATION_STATE_OK,
  AIVO_ROTATION_STATE_DUE_SOON,      /* due within 14 days */
  AIVO_ROTATION_STATE_DUE_VERY_SOON, /* due within 7 days, or due this very moment */
  AIVO_ROTATION_STATE_OVERDUE,       /* the due moment has passed */
  AIVO_ROTATION_STATE_REQUIRED_NOW,  /* a team member who had access left */
} AivoRotationState;

/* The article's schedule. */
#define AIVO_ROTATION_DEFAULT_PRODUCTION_DAYS  90
#define AIVO_ROTATION_DEFAULT_DEVELOPMENT_DAYS 30
#define AIVO_ROTATION_MIN_DAYS                 1
#define AIVO_ROTATION_MAX_DAYS                 3650

/* Thresholds of the warning states and the reminders before the due moment. */
#define AIVO_ROTATION_DUE_SOON_DAYS      14
#define AIVO_ROTATION_DUE_VERY_SOON_DAYS 7

#define AIVO_TYPE_ROTATION_STATE (aivo_rotation_state_get_type ())
#define AIVO_TYPE_ROTATION_POLICY (aivo_rotation_policy_get_type ())

G_DECLARE_FINAL_TYPE (AivoRotationPolicy, aivo_rotation_policy, AIVO, ROTATION_POLICY, GObject)

GType               aivo_rotation_state_get_type              (void) G_GNUC_CONST;

AivoRotationPolicy *aivo_rotation_policy_new                  (void);

guint               aivo_rotation_policy_get_production_days  (AivoRotationPolicy *self);
void                aivo_rotation_policy_set_production_days  (AivoRotationPolicy *self,
                                                               guint               days);
guint               aivo_rotation_policy_get_development_days (AivoRotationPolicy *self);
void                aivo_rotation_policy_set_development_days (AivoRotationPolicy *self,
                                                               guint               days);
guint               aivo_rotation_policy_get_interval_days    (AivoRotationPolicy *self,
                                                               AivoEnvironment     environment);

GDateTime          *aivo_rotation_policy_get_due_date         (AivoRotationPolicy *self,
                                                               AivoEnvironment     environment,
                                                               GDateTime          *created_at);
AivoRotationState   aivo_rotation_policy_get_state            (AivoRotationPolicy *self,
                                                               AivoEnvironment     environment,
                                                               GDateTime          *created_at,
                                                               gboolean            rotation_required,
                                                               GDateTime          *now);
int                 aivo_rotation_policy_get_days_left        (AivoRotationPolicy *self,
                                                               AivoEnvironment     environment,
                                                               GDateTime          *created_at,
                                                               GDateTime          *now);
GDateTime          *aivo_rotation_policy_get_next_reminder    (AivoRotationPolicy *self,
                                                               AivoEnvironment     environment,
                                                               GDateTime          *created_at,
                                                               gboolean            rotation_required,
                                                               GDateTime          *last_reminded,
                                                               GDateTime          *now);
char               *aivo_rotation_policy_describe             (AivoRotationPolicy *self,
                                                               AivoEnvironment     environment,
                                                               GDateTime          *created_at,
                                                               gboolean            rotation_required,
                                                               GDateTime          *now);

G_END_DECLS
