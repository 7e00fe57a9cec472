/* app-test-util.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "app-test-util.h"

/**
 * test_have_session:
 *
 * Returns: whether the test runs in the throw-away home of
 *   build-aux/headless (which sets AIVO_HEADLESS_SCRATCH), with its display,
 *   session bus and keyring: tests that write to the keyring, GSettings or
 *   the data folder skip without it rather than touch a user's own.
 */
gboolean
test_have_session (void)
{
  const char *scratch = g_getenv ("AIVO_HEADLESS_SCRATCH");

  return scratch != NULL && *scratch != '\0' && g_str_has_prefix (g_get_user_data_dir (), scratch);
}

/**
 * test_begin_session:
 * @watchdog_seconds: how long the test may take; test_watchdog_disarm()
 *   at its end
 *
 * Returns: whether the test goes on, in the session of build-aux/headless
 *   and with the watchdog armed; without that session it is skipped
 */
gboolean
test_begin_session (guint watchdog_seconds)
{
  if (!test_have_session ())
    {
      /* CI always runs these; on a desktop they would type into its display and
       * write to the user's real keyring. */
      g_test_skip ("Skipped outside build-aux/headless: it would drive your own display and "
                   "write to your real keyring");
      return FALSE;
    }

  test_watchdog_arm (watchdog_seconds);

  return TRUE;
}

/**
 * test_use_scratch_config:
 * @name_template: for g_dir_make_tmp()
 *
 * Points XDG_CONFIG_HOME at a new folder of the test's own, where an
 * autostart entry may be written, and makes the messages English. Call it
 * before anything asks GLib where the configuration lives.
 *
 * Returns: (transfer full): the folder, for test_remove_tree() at the end
 */
char *
test_use_scratch_config (const char *name_template)
{
  g_autoptr(GError) error = NULL;
  char *config_dir;

  config_dir = g_dir_make_tmp (name_template, &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);

  return config_dir;
}

/* A keyring waiting for a prompt nobody answers blocks a sync call in a main
 * context of its own, where no GSource of ours runs: SIGALRM still does. */
static void
on_watchdog (int signum)
{
  static const char message[] = "Bail out! The test did not finish in time: is the keyring locked?\n";
  ssize_t written;

  /* Only async-signal-safe calls in here. */
  written = write (STDOUT_FILENO, message, sizeof message - 1);
  (void) written;
  _exit (1);
}

void
test_watchdog_arm (guint seconds)
{
  signal (SIGALRM, on_watchdog);
  alarm (seconds);
}

void
test_watchdog_disarm (void)
{
  alarm (0);
}

/* Runs the main context until @condition holds or @timeout_ms passed. */
gboolean
test_wait_until (TestCondition condition,
                 gpointer      data,
                 guint         timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }

  return TRUE;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Lets timers, redraws and X round trips happen for @ms. */
void
test_spin (guint ms)
{
  test_wait_until (never, NULL, ms);
}

/* Conditions on a pointer the test holds, such as a weak pointer or an
 * async result. */
gboolean
test_pointer_is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

gboolean
test_pointer_is_unset (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* A GAsyncReadyCallback that keeps the result in the GAsyncResult * at
 * @user_data, for test_wait_result(). */
void
test_store_result (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Returns: (transfer none): the result test_store_result() kept, once it came */
GAsyncResult *
test_wait_result (GAsyncResult **result)
{
  g_assert_true (test_wait_until (test_pointer_is_set, result, TEST_WAIT_MS));

  return *result;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

void
test_present (GtkWindow *window)
{
  gtk_window_present (window);
  g_assert_true (test_wait_until (is_mapped, window, 5000));
}

/**
 * test_screenshot:
 * @name: the file's name, such as "team-page.png"
 *
 * With AIVO_SCREENSHOT_DIR set, saves the X screen there (ImageMagick's
 * import), for a person to look at; without it, does nothing.
 */
void
test_screenshot (const char *name)
{
  const char *dir = g_getenv ("AIVO_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL || *dir == '\0')
    return;

  test_spin (500);   /* transitions and a few frames */
  path = g_build_filename (dir, name, NULL);
  command = g_strdup_printf ("import -window root %s", path);
  if (!g_spawn_command_line_sync (command, NULL, NULL, NULL, &error))
    g_test_message ("No screenshot %s: %s", name, error->message);
}

static void
collect (GtkWidget       *widget,
         TestWidgetMatch  match,
         gconstpointer    data,
         GPtrArray       *found)
{
  if (match (widget, data))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, match, data, found);
}

GPtrArray *
test_find_widgets (GtkWidget       *root,
                   TestWidgetMatch  match,
                   gconstpointer    data)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (root, match, data, found);

  return found;
}

/* Returns: the only widget that matches; fails the test if there are more */
GtkWidget *
test_find_widget (GtkWidget       *root,
                  TestWidgetMatch  match,
                  gconstpointer    data)
{
  g_autoptr(GPtrArray) found = test_find_widgets (root, match, data);

  g_assert_cmpuint (found->len, <=, 1);

  return found->len == 1 ? g_ptr_array_index (found, 0) : NULL;
}

static gboolean
match_any (GtkWidget     *widget,
           gconstpointer  data)
{
  return TRUE;
}

/* A TestWidgetMatch for widgets of the type GSIZE_TO_POINTER (type) at @data. */
gboolean
test_match_type (GtkWidget     *widget,
                 gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

/* Returns: the only widget of @type under @root; fails the test unless
 * there is exactly one */
GtkWidget *
test_find_one_of_type (GtkWidget *root,
                       GType      type)
{
  GtkWidget *widget = test_find_widget (root, test_match_type, GSIZE_TO_POINTER (type));

  g_assert_nonnull (widget);

  return widget;
}

static gboolean
match_action (GtkWidget     *widget,
              gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), data) == 0;
}

GtkWidget *
test_find_button_for_action (GtkWidget  *root,
                             const char *action_name)
{
  return test_find_widget (root, match_action, action_name);
}

/* Only the buttons on screen: a message dialog keeps a second set for a
 * narrow window. */
static gboolean
match_button_label (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) &&
         gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

GtkWidget *
test_find_button_with_label (GtkWidget  *root,
                             const char *label)
{
  return test_find_widget (root, match_button_label, label);
}

static gboolean
match_visible_label (GtkWidget     *widget,
                     gconstpointer  data)
{
  return GTK_IS_LABEL (widget) &&
         gtk_widget_is_visible (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), data) != NULL;
}

/* Returns: a label the user can see with @text_part in it, or %NULL */
GtkWidget *
test_find_visible_label (GtkWidget  *root,
                         const char *text_part)
{
  g_autoptr(GPtrArray) found = test_find_widgets (root, match_visible_label, text_part);

  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

/* Returns: whether a label with @text_part in it is on screen: mapped, not
 * only visible (a label in a folded revealer is not) */
gboolean
test_label_is_shown (GtkWidget  *root,
                     const char *text_part)
{
  GtkWidget *label = test_find_visible_label (root, text_part);

  return label != NULL && gtk_widget_get_mapped (label);
}

typedef struct
{
  GtkWidget  *root;
  const char *text_part;
} LabelWait;

static gboolean
label_wait_is_over (gpointer data)
{
  LabelWait *wait = data;

  return test_label_is_shown (wait->root, wait->text_part);
}

/* Returns: whether a label with @text_part came on screen within @timeout_ms */
gboolean
test_wait_for_label (GtkWidget  *root,
                     const char *text_part,
                     guint       timeout_ms)
{
  LabelWait wait = { root, text_part };

  return test_wait_until (label_wait_is_over, &wait, timeout_ms);
}

/* Returns: the value of @property, as assistive technologies get it, or
 * %NULL when it is not set */
char *
test_accessible_property (GtkWidget             *widget,
                          GtkAccessibleProperty  property)
{
  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), property))
    return NULL;

  /* check_property() answers with the actual value when it differs from the
   * one given, and no real label is a lone U+0001. */
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), property, "\001");
}

typedef struct
{
  GType       type;
  const char *label;
} AccessibleMatch;

static gboolean
match_accessible_label (GtkWidget     *widget,
                        gconstpointer  data)
{
  const AccessibleMatch *m = data;
  g_autofree char *label = NULL;

  if (!G_TYPE_CHECK_INSTANCE_TYPE (widget, m->type))
    return FALSE;

  label = test_accessible_property (widget, GTK_ACCESSIBLE_PROPERTY_LABEL);

  return g_strcmp0 (label, m->label) == 0;
}

GtkWidget *
test_find_by_accessible_label (GtkWidget  *root,
                               GType       type,
                               const char *label)
{
  AccessibleMatch m = { type, label };

  return test_find_widget (root, match_accessible_label, &m);
}

static gboolean
match_row_title (GtkWidget     *widget,
                 gconstpointer  data)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

GtkWidget *
test_find_row_with_title (GtkWidget  *root,
                          const char *title)
{
  return test_find_widget (root, match_row_title, title);
}

/* Returns: (transfer none): the visible window of @type over @parent */
GtkWindow *
test_find_toplevel_transient (GType      type,
                              GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) &&
          gtk_window_get_transient_for (window) == parent &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

typedef struct
{
  gboolean  done;
  char     *text;
} ReadText;

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ReadText *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

static gboolean
read_done (gpointer data)
{
  return ((ReadText *) data)->done;
}

/* Returns: what pasting would give, or %NULL when the clipboard is empty */
char *
test_clipboard_read_text (GdkClipboard *clipboard)
{
  ReadText read = { FALSE, NULL };

  gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, &read);
  g_assert_true (test_wait_until (read_done, &read, 5000));

  return read.text;
}

/* Clicks @button as a user would: only when it can be clicked. */
void
test_click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

typedef struct
{
  GType      type;
  GtkWindow *parent;
  GtkWindow *found;
} ToplevelWait;

static gboolean
toplevel_is_shown (gpointer data)
{
  ToplevelWait *wait = data;

  wait->found = test_find_toplevel_transient (wait->type, wait->parent);

  return wait->found != NULL && gtk_widget_get_mapped (GTK_WIDGET (wait->found));
}

/* Returns: (transfer none) (nullable): the window of @type over @parent
 * once it is on screen, or %NULL if none came within @timeout_ms */
GtkWindow *
test_wait_for_toplevel (GType      type,
                        GtkWindow *parent,
                        guint      timeout_ms)
{
  ToplevelWait wait = { type, parent, NULL };

  if (!test_wait_until (toplevel_is_shown, &wait, timeout_ms))
    return NULL;

  return wait.found;
}

static void
assert_not_in (const char *value,
               const char *text,
               GtkWidget  *widget,
               const char *what)
{
  if (value != NULL && strstr (value, text) != NULL)
    g_error ("The %s of a %s shows the secret", what, G_OBJECT_TYPE_NAME (widget));
}

/* Fails unless no widget under @root shows or says @text: in a label, a
 * title, a subtitle, an entry, a tooltip or an accessible property. Only
 * @except (nullable) may show it, as its own text: it must not say it in
 * a tooltip or to a screen reader either. */
void
test_assert_text_not_shown (GtkWidget  *root,
                            const char *text,
                            GtkWidget  *except)
{
  static const GtkAccessibleProperty said[] = {
    GTK_ACCESSIBLE_PROPERTY_LABEL,
    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
    GTK_ACCESSIBLE_PROPERTY_PLACEHOLDER,
    GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT,
  };
  g_autoptr(GPtrArray) widgets = NULL;

  g_assert_nonnull (text);
  g_assert_cmpuint (strlen (text), >, 0);

  widgets = test_find_widgets (root, match_any, NULL);
  g_assert_cmpuint (widgets->len, >, 1);

  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);

      assert_not_in (gtk_widget_get_tooltip_text (widget), text, widget, "tooltip");

      for (guint p = 0; p < G_N_ELEMENTS (said); p++)
        {
          g_autofree char *value = test_accessible_property (widget, said[p]);

          assert_not_in (value, text, widget, "accessible property");
        }

      if (widget == except)
        continue;

      if (GTK_IS_WINDOW (widget))
        assert_not_in (gtk_window_get_title (GTK_WINDOW (widget)), text, widget, "title");
      if (GTK_IS_LABEL (widget))
        assert_not_in (gtk_label_get_text (GTK_LABEL (widget)), text, widget, "text");
      if (GTK_IS_EDITABLE (widget))
        assert_not_in (gtk_editable_get_text (GTK_EDITABLE (widget)), text, widget, "text");
      if (ADW_IS_PREFERENCES_ROW (widget))
        assert_not_in (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), text, widget, "title");
      if (ADW_IS_ACTION_ROW (widget))
        assert_not_in (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), text, widget, "subtitle");
      if (ADW_IS_STATUS_PAGE (widget))
        assert_not_in (adw_status_page_get_description (ADW_STATUS_PAGE (widget)), text, widget, "description");
    }
}

static gboolean
match_named_label (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0';
}

/* What a screen reader can call it: a label of its own, or the text it
 * shows. Not "labelled by" alone: GTK 4.8 labels an icon-only button by its
 * image, which is then read as "GtkImage". */
static gboolean
has_accessible_name (GtkWidget *widget)
{
  g_autofree char *label = test_accessible_property (widget, GTK_ACCESSIBLE_PROPERTY_LABEL);
  g_autoptr(GPtrArray) shown = NULL;

  if (label != NULL && *label != '\0')
    return TRUE;

  shown = test_find_widgets (widget, match_named_label, NULL);

  return shown->len > 0;
}

/* Buttons inside GTK's and libadwaita's own composite widgets (a spin
 * button's +/−, an entry row's peek button, a menu button's toggle, a
 * toast's close button) are theirs to name, not ours. By name: some of
 * these types are private. */
static gboolean
is_ours (GtkWidget *widget)
{
  static const char * const composites[] = {
    "GtkSpinButton", "AdwEntryRow", "GtkWindowControls", "GtkMenuButton", "AdwToastWidget",
  };

  for (GtkWidget *ancestor = gtk_widget_get_parent (widget);
       ancestor != NULL;
       ancestor = gtk_widget_get_parent (ancestor))
    {
      for (guint i = 0; i < G_N_ELEMENTS (composites); i++)
        {
          GType type = g_type_from_name (composites[i]);

          if (type != 0 && G_TYPE_CHECK_INSTANCE_TYPE (ancestor, type))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
match_control (GtkWidget     *widget,
               gconstpointer  data)
{
  return (GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_SWITCH (widget) ||
          GTK_IS_CHECK_BUTTON (widget)) &&
         gtk_widget_is_visible (widget) &&
         is_ours (widget);
}

/**
 * test_assert_controls_named:
 *
 * Fails if a button, switch or check button shown under @root has nothing a
 * screen reader could call it by: an icon-only button needs a label of
 * its own.
 */
void
test_assert_controls_named (GtkWidget *root)
{
  g_autoptr(GPtrArray) controls = test_find_widgets (root, match_control, NULL);

  g_assert_cmpuint (controls->len, >, 0);

  for (guint i = 0; i < controls->len; i++)
    {
      GtkWidget *control = g_ptr_array_index (controls, i);

      const char *tooltip = gtk_widget_get_tooltip_text (control);
      const char *icon = GTK_IS_BUTTON (control) ? gtk_button_get_icon_name (GTK_BUTTON (control)) : NULL;

      if (!has_accessible_name (control))
        g_error ("A %s in a %s (icon “%s”, tooltip “%s”) has no accessible name", G_OBJECT_TYPE_NAME (control),
                 G_OBJECT_TYPE_NAME (gtk_widget_get_parent (control)), icon != NULL ? icon : "",
                 tooltip != NULL ? tooltip : "");
    }
}

/* Everything logged, whatever G_MESSAGES_DEBUG says is printed, so a test
 * can look for a secret in it. */
static GString *captured_logs;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0)
        g_string_append (captured_logs, fields[i].value);
      else
        g_string_append_len (captured_logs, fields[i].value, fields[i].length);
      g_string_append_c (captured_logs, '\n');
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* Call first thing in main(): the writer can be set only once. */
void
test_capture_logs (void)
{
  g_assert_null (captured_logs);

  captured_logs = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
}

const char *
test_get_captured_logs (void)
{
  g_assert_nonnull (captured_logs);

  return captured_logs->str;
}

/* Removes @path and everything under it, without following symbolic links. */
void
test_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          test_remove_tree (child);
        }
    }

  if (g_remove (path) != 0 && errno != ENOENT)
    g_error ("Could not remove %s: %s", path, g_strerror (errno));
}
