/* aivo-sandbox-thread.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-thread"

#include "config.h"

#include "aivo-sandbox-thread.h"
#include "aivo-sandbox-server.h"

/*
 * The embedded sandbox: an AivoSandboxServer on a thread of its own, with
 * its own GMainContext, so that a burst of requests (the playground's
 * rate-limit demo) never competes with the caller's main loop for time.
 *
 * The server object lives and dies on that thread; the caller sees only the
 * start result (base URL and account token) and stop(). The thread holds no
 * reference to this object, so its last unref (and with it stop(), which
 * joins the thread) always happens on a caller's thread.
 */

struct _AivoSandboxThread
{
  GObject        parent_instance;

  /* Configuration, read by the thread when it starts */
  char          *data_dir;
  char          *plan_name;
  guint          rate_limit;
  guint          window_seconds;
  gboolean       empty;

  /* Owned */
  GThread       *thread;
  GMainContext  *context;     /* the thread's */
  char          *base_url;    /* set by the thread before it answers start */

  int            stopping;    /* atomic */
};

G_DEFINE_FINAL_TYPE (AivoSandboxThread, aivo_sandbox_thread, G_TYPE_OBJECT)

#define DEFAULT_WINDOW_SECONDS 60
#define LISTEN_HOST            "127.0.0.1"

typedef struct
{
  char       *base_url;
  AivoSecret *account_token;
} StartResult;

static void
start_result_free (StartResult *result)
{
  g_clear_pointer (&result->base_url, g_free);
  g_clear_pointer (&result->account_token, aivo_secret_free);
  g_free (result);
}

static void
aivo_sandbox_thread_dispose (GObject *object)
{
  AivoSandboxThread *self = (AivoSandboxThread *)object;

  aivo_sandbox_thread_stop (self);

  G_OBJECT_CLASS (aivo_sandbox_thread_parent_class)->dispose (object);
}

static void
aivo_sandbox_thread_finalize (GObject *object)
{
  AivoSandboxThread *self = (AivoSandboxThread *)object;

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->plan_name, g_free);

  G_OBJECT_CLASS (aivo_sandbox_thread_parent_class)->finalize (object);
}

static void
aivo_sandbox_thread_class_init (AivoSandboxThreadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = aivo_sandbox_thread_dispose;
  object_class->finalize = aivo_sandbox_thread_finalize;
}

static void
aivo_sandbox_thread_init (AivoSandboxThread *self)
{
  self->window_seconds = DEFAULT_WINDOW_SECONDS;
}

/**
 * aivo_sandbox_thread_new:
 * @data_dir: where the sandbox keeps its database; created if missing
 * @plan: (nullable): "starter", "professional" or "enterprise"; %NULL for
 *   professional
 *
 * Returns: (transfer full): a sandbox that is not running yet
 */
AivoSandboxThread *
aivo_sandbox_thread_new (const char *data_dir,
                         const char *plan)
{
  AivoSandboxThread *self;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (AIVO_SANDBOX_TYPE_THREAD, NULL);
  self->data_dir = g_strdup (data_dir);
  self->plan_name = g_strdup (plan != NULL ? plan : "professional");

  return self;
}

/* Requests a minute for the enterprise plan (1 to 3000); 0 for the plan's. */
void
aivo_sandbox_thread_set_rate_limit (AivoSandboxThread *self,
                                    guint              rate_limit)
{
  g_return_if_fail (AIVO_SANDBOX_IS_THREAD (self));
  g_return_if_fail (self->thread == NULL);

  self->rate_limit = rate_limit;
}

/* A shorter rate-limit window, for tests and demos (1 to 60 s). */
void
aivo_sandbox_thread_set_window_seconds (AivoSandboxThread *self,
                                        guint              window_seconds)
{
  g_return_if_fail (AIVO_SANDBOX_IS_THREAD (self));
  g_return_if_fail (self->thread == NULL);

  self->window_seconds = window_seconds;
}

/* A new data directory gets no demo records: the owner is the only member. */
void
aivo_sandbox_thread_set_empty (AivoSandboxThread *self,
                               gboolean           empty)
{
  g_return_if_fail (AIVO_SANDBOX_IS_THREAD (self));
  g_return_if_fail (self->thread == NULL);

  self->empty = !!empty;
}

static gpointer
thread_main (gpointer data)
{
  g_autoptr(GTask) task = data;
  AivoSandboxThread *self = g_task_get_source_object (task);
  g_autoptr(AivoSandboxServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GMainContext *context = self->context;
  AivoSandboxPlan plan = AIVO_SANDBOX_PLAN_PROFESSIONAL;
  StartResult *result;

  /* Before the server exists, so that everything it attaches lands here. */
  g_main_context_push_thread_default (context);

  aivo_sandbox_plan_from_string (self->plan_name, &plan);
  server = aivo_sandbox_server_new (self->data_dir, plan, self->rate_limit,
                                    self->window_seconds, self->empty);

  if (!aivo_sandbox_server_start (server, LISTEN_HOST, 0, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_clear_object (&task);
      g_main_context_pop_thread_default (context);
      return NULL;
    }

  self->base_url = g_strdup (aivo_sandbox_server_get_base_url (server));

  result = g_new0 (StartResult, 1);
  result->base_url = g_strdup (self->base_url);
  result->account_token = aivo_secret_dup (aivo_sandbox_server_peek_account_token (server));
  g_task_return_pointer (task, result, (GDestroyNotify) start_result_free);

  /* From here on the thread must not keep @self alive. */
  g_clear_object (&task);

  while (!g_atomic_int_get (&self->stopping))
    g_main_context_iteration (context, TRUE);

  aivo_sandbox_server_stop (server);
  g_clear_object (&server);

  g_main_context_pop_thread_default (context);

  return NULL;
}

/**
 * aivo_sandbox_thread_start_async:
 *
 * Starts the thread, which opens the data directory and listens on
 * 127.0.0.1 on a free port. The callback runs on the caller's
 * thread-default main context.
 */
void
aivo_sandbox_thread_start_async (AivoSandboxThread   *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  AivoSandboxPlan plan;
  guint limit;

  g_return_if_fail (AIVO_SANDBOX_IS_THREAD (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->thread == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aivo_sandbox_thread_start_async);

  /* Configuration errors are known without a thread. */
  if (!aivo_sandbox_plan_from_string (self->plan_name, &plan))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "Unknown plan “%s”: use professional, starter or enterprise.",
                               self->plan_name);
      return;
    }

  if (!aivo_sandbox_plan_resolve_limit (plan, self->rate_limit, &limit, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->window_seconds < 1 || self->window_seconds > AIVO_SANDBOX_MAX_WINDOW_SECONDS)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "The rate-limit window must be from 1 to %d seconds, not %u.",
                               AIVO_SANDBOX_MAX_WINDOW_SECONDS, self->window_seconds);
      return;
    }

  self->context = g_main_context_new ();
  g_atomic_int_set (&self->stopping, FALSE);
  self->thread = g_thread_try_new ("aivo-sandbox", thread_main, g_object_ref (task), &error);
  if (self->thread == NULL)
    {
      g_object_unref (task);
      g_clear_pointer (&self->context, g_main_context_unref);
      g_task_return_error (task, g_steal_pointer (&error));
    }
}

/**
 * aivo_sandbox_thread_start_finish:
 * @base_url: (out) (optional): "http://127.0.0.1:PORT"
 * @account_token: (out) (optional): the account token minted for this run,
 *   valid until stop(); free it with aivo_secret_free()
 */
gboolean
aivo_sandbox_thread_start_finish (AivoSandboxThread  *self,
                                  GAsyncResult       *result,
                                  char              **base_url,
                                  AivoSecret        **account_token,
                                  GError            **error)
{
  StartResult *start_result;

  g_return_val_if_fail (AIVO_SANDBOX_IS_THREAD (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aivo_sandbox_thread_start_async, FALSE);

  start_result = g_task_propagate_pointer (G_TASK (result), error);
  if (start_result == NULL)
    {
      /* The thread has ended or is ending: a new start may follow. */
      aivo_sandbox_thread_stop (self);
      return FALSE;
    }

  if (base_url != NULL)
    *base_url = g_steal_pointer (&start_result->base_url);
  if (account_token != NULL)
    *account_token = g_steal_pointer (&start_result->account_token);

  start_result_free (start_result);
  return TRUE;
}

/**
 * aivo_sandbox_thread_stop:
 *
 * Stops the server on its thread (requests in progress finish first),
 * ends the thread and waits for it. Safe to call more than once, and
 * called by dispose.
 */
void
aivo_sandbox_thread_stop (AivoSandboxThread *self)
{
  g_return_if_fail (AIVO_SANDBOX_IS_THREAD (self));

  if (self->thread == NULL)
    return;

  /* A flag, not g_main_loop_quit(): a quit that came before the loop ran
   * would be lost. */
  g_atomic_int_set (&self->stopping, TRUE);
  g_main_context_wakeup (self->context);
  g_thread_join (g_steal_pointer (&self->thread));

  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->base_url, g_free);
}

/* Returns: (nullable): the base URL once start has finished, until stop */
const char *
aivo_sandbox_thread_get_base_url (AivoSandboxThread *self)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_THREAD (self), NULL);

  return self->base_url;
}
