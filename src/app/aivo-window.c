/* aivo-window.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-window"

#include "config.h"

#include <glib/gi18n.h>

#include "aivo-window.h"

struct _AivoWindow
{
  AdwApplicationWindow  parent_instance;

  /* Owned references */
  GSettings            *settings;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *stack;
};

G_DEFINE_FINAL_TYPE (AivoWindow, aivo_window, ADW_TYPE_APPLICATION_WINDOW)

static void
save_window_state (AivoWindow *self)
{
  int width = 0;
  int height = 0;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
aivo_window_close_request (GtkWindow *window)
{
  save_window_state (AIVO_WINDOW (window));

  return GTK_WINDOW_CLASS (aivo_window_parent_class)->close_request (window);
}

static void
aivo_window_dispose (GObject *object)
{
  AivoWindow *self = (AivoWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), AIVO_TYPE_WINDOW);

  G_OBJECT_CLASS (aivo_window_parent_class)->dispose (object);
}

static void
aivo_window_finalize (GObject *object)
{
  AivoWindow *self = (AivoWindow *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (aivo_window_parent_class)->finalize (object);
}

static void
aivo_window_class_init (AivoWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = aivo_window_dispose;
  object_class->finalize = aivo_window_finalize;
  window_class->close_request = aivo_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/aivo-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AivoWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AivoWindow, stack);
}

static void
aivo_window_init (AivoWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, "current-page", self->stack, "visible-child-name", G_SETTINGS_BIND_DEFAULT);
}

AivoWindow *
aivo_window_new (AivoApplication *application)
{
  return g_object_new (AIVO_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

void
aivo_window_add_toast (AivoWindow *self,
                       AdwToast   *toast)
{
  g_return_if_fail (AIVO_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
aivo_window_get_page (AivoWindow *self)
{
  g_return_val_if_fail (AIVO_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

void
aivo_window_set_page (AivoWindow *self,
                      const char *page)
{
  g_return_if_fail (AIVO_IS_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->stack, page);
}
