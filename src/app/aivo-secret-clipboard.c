/* aivo-secret-clipboard.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-secret-clipboard"

#include "config.h"

#include <string.h>

#include "aivo-credential.h"
#include "aivo-secret-clipboard.h"
#include "aivo-secure-memory.h"

/* Text that holds a secret (a key, or a line with a key in it) put on the
 * clipboard for a while: when the time is up it is cleared if the clipboard
 * still holds it, and left alone if something else was copied since. Only a
 * digest of the text is kept to recognise it; the clipboard's own copy lives
 * in memory that is cleared when the clipboard lets go of it. The reveal
 * dialog and the rotation wizard both copy through this. */

struct _AivoSecretClipboard
{
  GObject             parent_instance;

  /* Owned references */
  GdkClipboard       *clipboard;          /* while a copy may be on it */
  GdkContentProvider *content;            /* what the copy put there */
  char               *digest;             /* SHA-256 of that: no second copy of the secret */
  GCancellable       *read_cancellable;   /* reading the clipboard back */
  GApplication       *application;        /* watched for "shutdown" while a copy is pending */

  guint               timeout_id;
  guint               read_timeout_id;
  gulong              shutdown_handler;
};

G_DEFINE_FINAL_TYPE (AivoSecretClipboard, aivo_secret_clipboard, G_TYPE_OBJECT)

#define READ_TIMEOUT_SECONDS 5

enum {
  DONE,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static GdkContentProvider *
secret_content_new (const char *text)
{
  AivoSecret *copy = aivo_secret_dup (text);
  g_autoptr(GBytes) bytes = g_bytes_new_with_free_func (copy, strlen (copy),
                                                        (GDestroyNotify) aivo_secret_free, copy);
  GdkContentProvider *providers[] = {
    gdk_content_provider_new_for_bytes ("text/plain;charset=utf-8", bytes),
    gdk_content_provider_new_for_bytes ("text/plain", bytes),
  };

  return gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
}

static void
application_shutdown_cb (AivoSecretClipboard *self,
                         GApplication        *application)
{
  /* Before GTK hands the clipboard to a clipboard manager on the way out. */
  aivo_secret_clipboard_clear_now (self);
}

static void
watch_shutdown (AivoSecretClipboard *self)
{
  GApplication *application;

  if (self->application != NULL)
    return;

  application = g_application_get_default ();
  if (application == NULL)
    return;

  self->application = g_object_ref (application);
  self->shutdown_handler = g_signal_connect_swapped (application, "shutdown",
                                                     G_CALLBACK (application_shutdown_cb), self);
}

static void
unwatch_shutdown (AivoSecretClipboard *self)
{
  if (self->application != NULL)
    g_clear_signal_handler (&self->shutdown_handler, self->application);
  g_clear_object (&self->application);
}

static void
stop_reading (AivoSecretClipboard *self)
{
  g_clear_handle_id (&self->read_timeout_id, g_source_remove);
  g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
}

static void
drop_pending (AivoSecretClipboard *self)
{
  stop_reading (self);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_pointer (&self->digest, g_free);
  g_clear_object (&self->content);
  g_clear_object (&self->clipboard);
  unwatch_shutdown (self);
}

/* The pending copy is dealt with: cleared, or replaced by something else. */
static void
done (AivoSecretClipboard *self,
      gboolean             cleared)
{
  g_autoptr(AivoSecretClipboard) hold = g_object_ref (self);

  drop_pending (self);
  g_signal_emit (self, signals [DONE], 0, cleared);
}

/* A program that owns the clipboard but never answers must not keep anyone
 * waiting: give up, and leave its clipboard alone. */
static gboolean
read_timeout_cb (gpointer user_data)
{
  AivoSecretClipboard *self = user_data;

  self->read_timeout_id = 0;
  done (self, FALSE);

  return G_SOURCE_REMOVE;
}

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AivoSecretClipboard) self = user_data;
  GdkClipboard *clipboard = GDK_CLIPBOARD (object);
  g_autoptr(AivoSecret) text = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;
  gboolean cleared = FALSE;

  text = gdk_clipboard_read_text_finish (clipboard, result, &error);

  /* Copied again, given up on, cleared another way or forgotten meanwhile. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->digest == NULL)
    return;

  if (text != NULL)
    {
      digest = aivo_credential_digest_text (text);
      if (aivo_secure_str_equal (digest, self->digest))
        {
          gdk_clipboard_set_content (clipboard, NULL);
          cleared = TRUE;
        }
    }

  done (self, cleared);
}

/* Clears the clipboard if it still holds the copy: at once when our own
 * content is still there, by reading it back when another program (a
 * clipboard manager, say) has taken it over. */
static void
check (AivoSecretClipboard *self)
{
  g_assert (self->clipboard != NULL);

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  if (gdk_clipboard_get_content (self->clipboard) == self->content)
    {
      gdk_clipboard_set_content (self->clipboard, NULL);
      done (self, TRUE);
    }
  else if (gdk_clipboard_is_local (self->clipboard))
    {
      /* Something else of this app was copied since. */
      done (self, FALSE);
    }
  else
    {
      stop_reading (self);
      self->read_cancellable = g_cancellable_new ();
      self->read_timeout_id = g_timeout_add_seconds (READ_TIMEOUT_SECONDS, read_timeout_cb, self);
      gdk_clipboard_read_text_async (self->clipboard, self->read_cancellable,
                                     clipboard_read_cb, g_object_ref (self));
    }
}

static gboolean
timeout_cb (gpointer user_data)
{
  AivoSecretClipboard *self = user_data;

  self->timeout_id = 0;
  check (self);

  return G_SOURCE_REMOVE;
}

static void
aivo_secret_clipboard_dispose (GObject *object)
{
  AivoSecretClipboard *self = (AivoSecretClipboard *)object;

  aivo_secret_clipboard_forget (self);

  G_OBJECT_CLASS (aivo_secret_clipboard_parent_class)->dispose (object);
}

static void
aivo_secret_clipboard_class_init (AivoSecretClipboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = aivo_secret_clipboard_dispose;

  /**
   * AivoSecretClipboard::done:
   * @cleared: whether the clipboard was cleared; %FALSE when it held
   *   something else by then, or did not answer
   *
   * The pending copy is dealt with. Not emitted by
   * aivo_secret_clipboard_forget(), nor when a new copy replaces one.
   */
  signals [DONE] =
    g_signal_new ("done",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_BOOLEAN);
}

static void
aivo_secret_clipboard_init (AivoSecretClipboard *self)
{
}

AivoSecretClipboard *
aivo_secret_clipboard_new (void)
{
  return g_object_new (AIVO_TYPE_SECRET_CLIPBOARD, NULL);
}

/**
 * aivo_secret_clipboard_copy:
 * @clipboard: the clipboard to put @text on
 * @text: the text with a secret in it; copied, so the caller may clear its
 *   own copy at once
 * @timeout_ms: how long until the clipboard is cleared if it still holds
 *   @text
 *
 * Puts @text on @clipboard, replacing any copy still pending.
 */
void
aivo_secret_clipboard_copy (AivoSecretClipboard *self,
                            GdkClipboard        *clipboard,
                            const char          *text,
                            guint                timeout_ms)
{
  g_autoptr(GdkContentProvider) content = NULL;

  g_return_if_fail (AIVO_IS_SECRET_CLIPBOARD (self));
  g_return_if_fail (GDK_IS_CLIPBOARD (clipboard));
  g_return_if_fail (text != NULL);
  g_return_if_fail (timeout_ms > 0);

  /* A read-back still running concerns the previous copy. */
  stop_reading (self);

  content = secret_content_new (text);
  g_set_object (&self->clipboard, clipboard);
  gdk_clipboard_set_content (self->clipboard, content);
  g_set_object (&self->content, content);
  g_free (self->digest);
  self->digest = aivo_credential_digest_text (text);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (timeout_ms, timeout_cb, self);
  watch_shutdown (self);
}

/* Returns: whether a copy still waits to be cleared */
gboolean
aivo_secret_clipboard_is_pending (AivoSecretClipboard *self)
{
  g_return_val_if_fail (AIVO_IS_SECRET_CLIPBOARD (self), FALSE);

  return self->clipboard != NULL;
}

/**
 * aivo_secret_clipboard_clear_now:
 *
 * Does at once what the timer would do: clears the clipboard if it still
 * holds the copy (when another program holds it, after reading it back).
 */
void
aivo_secret_clipboard_clear_now (AivoSecretClipboard *self)
{
  g_return_if_fail (AIVO_IS_SECRET_CLIPBOARD (self));

  if (self->clipboard != NULL)
    check (self);
}

/**
 * aivo_secret_clipboard_forget:
 *
 * For an owner that goes away: clears the clipboard at once if this app's
 * copy is still on it and stops watching, without "done". A copy another
 * program took over can't be read back synchronously and is left alone.
 */
void
aivo_secret_clipboard_forget (AivoSecretClipboard *self)
{
  g_return_if_fail (AIVO_IS_SECRET_CLIPBOARD (self));

  if (self->clipboard != NULL && gdk_clipboard_get_content (self->clipboard) == self->content)
    gdk_clipboard_set_content (self->clipboard, NULL);

  drop_pending (self);
}
