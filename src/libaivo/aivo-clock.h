/* aivo-clock.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define AIVO_TYPE_CLOCK (aivo_clock_get_type ())

G_DECLARE_FINAL_TYPE (AivoClock, aivo_clock, AIVO, CLOCK, GObject)

AivoClock *aivo_clock_new          (void);
AivoClock *aivo_clock_get_default  (void);
GDateTime *aivo_clock_now          (AivoClock *self);
gint64     aivo_clock_now_unix     (AivoClock *self);
void       aivo_clock_set_now      (AivoClock *self,
                                    GDateTime *now);
void       aivo_clock_advance      (AivoClock *self,
                                    GTimeSpan  span);

G_END_DECLS
