/* app-test-util.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Reaching into a window the way a user or a screen reader would: by what
 * widgets show and say, not by private pointers. */

typedef gboolean (*TestWidgetMatch) (GtkWidget     *widget,
                                     gconstpointer  data);
typedef gboolean (*TestCondition)   (gpointer       data);

/* How long a test waits for the sandbox, the keyring or a window. */
#define TEST_WAIT_MS 20000

gboolean   test_have_session              (void);
gboolean   test_begin_session             (guint            watchdog_seconds);
char      *test_use_scratch_config        (const char      *name_template);

void       test_watchdog_arm              (guint            seconds);
void       test_watchdog_disarm           (void);

gboolean   test_wait_until                (TestCondition    condition,
                                           gpointer         data,
                                           guint            timeout_ms);
void       test_spin                      (guint            ms);
gboolean   test_pointer_is_set            (gpointer         data);
gboolean   test_pointer_is_unset          (gpointer         data);
void       test_store_result              (GObject         *object,
                                           GAsyncResult    *result,
                                           gpointer         user_data);
GAsyncResult *test_wait_result            (GAsyncResult   **result);
void       test_present                   (GtkWindow       *window);
void       test_screenshot                (const char      *name);

GtkWidget *test_find_widget               (GtkWidget       *root,
                                           TestWidgetMatch  match,
                                           gconstpointer    data);
GPtrArray *test_find_widgets              (GtkWidget       *root,
                                           TestWidgetMatch  match,
                                           gconstpointer    data);
gboolean   test_match_type                (GtkWidget       *widget,
                                           gconstpointer    data);
GtkWidget *test_find_one_of_type          (GtkWidget       *root,
                                           GType            type);
GtkWidget *test_find_button_for_action    (GtkWidget       *root,
                                           const char      *action_name);
GtkWidget *test_find_button_with_label    (GtkWidget       *root,
                                           const char      *label);
GtkWidget *test_find_visible_label        (GtkWidget       *root,
                                           const char      *text_part);
gboolean   test_label_is_shown            (GtkWidget       *root,
                                           const char      *text_part);
gboolean   test_wait_for_label            (GtkWidget       *root,
                                           const char      *text_part,
                                           guint            timeout_ms);
GtkWidget *test_find_by_accessible_label  (GtkWidget       *root,
                                           GType            type,
                                           const char      *label);
GtkWidget *test_find_row_with_title       (GtkWidget       *root,
                                           const char      *title);
char      *test_accessible_property       (GtkWidget       *widget,
                                           GtkAccessibleProperty property);
GtkWindow *test_find_toplevel_transient   (GType            type,
                                           GtkWindow       *parent);

char      *test_clipboard_read_text       (GdkClipboard    *clipboard);

void       test_click                     (GtkWidget       *button);
GtkWindow *test_wait_for_toplevel         (GType            type,
                                           GtkWindow       *parent,
                                           guint            timeout_ms);
void       test_assert_text_not_shown     (GtkWidget       *root,
                                           const char      *text,
                                           GtkWidget       *except);
void       test_assert_controls_named     (GtkWidget       *root);

void       test_capture_logs              (void);
const char *test_get_captured_logs        (void);

void       test_remove_tree               (const char      *path);

G_END_DECLS
