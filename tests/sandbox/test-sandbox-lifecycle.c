/* test-sandbox-lifecycle.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sandbox-fixture.h"

/* The program: restarts, kill -9, secrets at rest, the command line. */

static void
assert_status (SandboxFixture *fx,
               const char     *method,
               const char     *path,
               const char     *credential,
               guint           status)
{
  g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, method, path, credential, NULL);

  sandbox_assert_status (response, status);
}

static void
test_restart (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (NULL);
  g_autofree char *kept_id = NULL;
  g_autofree char *deleted_id = NULL;
  g_autofree char *kept = sandbox_fixture_create_key (fx, "[\"account:read\"]", &kept_id);
  g_autofree char *deleted = sandbox_fixture_create_key (fx, "[\"account:read\"]", &deleted_id);
  g_autofree char *kept_path = g_strconcat ("/v1/api-keys/", kept_id, NULL);
  g_autofree char *deleted_path = g_strconcat ("/v1/api-keys/", deleted_id, NULL);
  g_autofree char *old_token = g_strdup (fx->account_token);

  assert_status (fx, "GET", "/v1/account", kept, 200);
  assert_status (fx, "DELETE", deleted_path, fx->account_token, 204);

  sandbox_fixture_restart (fx);

  /* A new account token each start; the old one is dead. */
  g_assert_cmpstr (fx->account_token, !=, old_token);
  assert_status (fx, "GET", "/v1/account", old_token, 401);
  assert_status (fx, "GET", "/v1/account", fx->account_token, 200);

  /* Keys persist; deleted keys stay deleted; last use was written on stop. */
  assert_status (fx, "GET", "/v1/account", kept, 200);
  assert_status (fx, "GET", "/v1/account", deleted, 401);
  assert_status (fx, "GET", deleted_path, fx->account_token, 404);
  {
    g_autoptr(SandboxResponse) key = sandbox_fixture_request (fx, "GET", kept_path, fx->account_token, NULL);

    sandbox_assert_status (key, 200);
    g_assert_false (json_object_get_null_member (sandbox_response_object (key), "last_used_at"));
  }
}

static void
test_kill_after_create (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (NULL);
  g_autofree char *id = NULL;
  g_autofree char *secret = sandbox_fixture_create_key (fx, "[\"account:read\"]", &id);
  g_autofree char *path = g_strconcat ("/v1/api-keys/", id, NULL);

  /* Right after the 201: an acknowledged write survives kill -9. */
  sandbox_fixture_kill (fx);
  sandbox_fixture_start (fx);

  assert_status (fx, "GET", path, fx->account_token, 200);
  assert_status (fx, "GET", "/v1/account", secret, 200);
}

static gboolean
contains (const char *haystack,
          gsize       length,
          const char *needle)
{
  gsize needle_length = strlen (needle);

  for (gsize i = 0; i + needle_length <= length; i++)
    if (haystack[i] == needle[0] && memcmp (haystack + i, needle, needle_length) == 0)
      return TRUE;

  return FALSE;
}

/* No secret in any file of the data directory, nor in the logs. */
static void
test_secrets_at_rest (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (NULL);
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  const char *name;
  guint n_files = 0;

  for (guint i = 0; i < 3; i++)
    {
      char *secret = sandbox_fixture_create_key (fx, "[\"account:read\"]", NULL);

      assert_status (fx, "GET", "/v1/account", secret, 200);
      g_ptr_array_add (secrets, secret);
    }
  g_ptr_array_add (secrets, g_strdup (fx->account_token));
  assert_status (fx, "GET", "/v1/account", "aivo_live_not_a_key", 401);

  /* Look while it runs (the WAL holds the recent writes), then after a kill. */
  for (guint round = 0; round < 2; round++)
    {
      if (round == 1)
        sandbox_fixture_kill (fx);

      dir = g_dir_open (fx->data_dir, 0, &error);
      g_assert_no_error (error);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (fx->data_dir, name, NULL);
          g_autofree char *contents = NULL;
          gsize length;

          g_file_get_contents (path, &contents, &length, &error);
          g_assert_no_error (error);
          n_files++;

          for (guint i = 0; i < secrets->len; i++)
            {
              const char *secret = g_ptr_array_index (secrets, i);

              g_test_message ("checking %s", name);
              g_assert_false (contains (contents, length, secret));
              /* Not even the secret part on its own. */
              g_assert_false (contains (contents, length, secret + 19));
            }
        }
      g_clear_pointer (&dir, g_dir_close);
    }
  g_assert_cmpuint (n_files, >=, 2);

  log = sandbox_fixture_read_stderr (fx);
  g_assert_cmpuint (strlen (log), >, 0);
  for (guint i = 0; i < secrets->len; i++)
    g_assert_null (strstr (log, (const char *) g_ptr_array_index (secrets, i) + 19));

  sandbox_fixture_start (fx);
}

/* Debug logging on, and a client that puts its key where it does not belong
 * (the path, the query, a second Authorization header, with control
 * characters for good measure): the log names routes, never what was sent. */
static void
test_secrets_in_debug_log (void)
{
  g_autoptr(SandboxFixture) fx = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *log = NULL;
  g_autofree char *in_path = NULL;
  g_autofree char *in_query = NULL;
  g_autofree char *raw = NULL;

  fx = sandbox_fixture_new ("--empty", NULL);
  fx->debug_log = TRUE;
  sandbox_fixture_restart (fx);

  secret = sandbox_fixture_create_key (fx, "[\"account:read\"]", NULL);
  in_path = g_strconcat ("/v1/", secret, NULL);
  in_query = g_strconcat ("/v1/account?api_key=", secret, NULL);
  assert_status (fx, "GET", in_path, secret, 404);
  assert_status (fx, "GET", in_query, secret, 200);
  raw = g_strdup_printf ("GET /v1/%s\x1b[2J HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                         "Authorization: Bearer %s\r\nConnection: close\r\n\r\n",
                         secret, secret, fx->account_token);
  g_bytes_unref (sandbox_fixture_raw_exchange (fx, raw, strlen (raw)));
  g_assert_cmpint (sandbox_fixture_stop (fx), ==, 0);

  log = sandbox_fixture_read_stderr (fx);
  /* Debug logging was on… */
  g_assert_nonnull (strstr (log, "GET /v1/account → 200"));
  /* …and said nothing it was sent. */
  g_assert_null (strstr (log, secret + 19));
  g_assert_null (strstr (log, fx->account_token + 19));
  g_assert_null (strchr (log, '\x1b'));

  sandbox_fixture_start (fx);
}

typedef struct
{
  const char *args[6];
  const char *mentions;
} BadArguments;

static void
test_bad_arguments (void)
{
  const BadArguments cases[] = {
    { { "--rate-limit", "100" }, "--rate-limit" },
    { { "--plan", "starter", "--rate-limit", "100" }, "--rate-limit" },
    { { "--plan", "enterprise", "--rate-limit", "0" }, "--rate-limit" },
    { { "--plan", "enterprise", "--rate-limit", "3001" }, "--rate-limit" },
    /* -1 once meant "not given", and got the plan's limit. */
    { { "--plan", "enterprise", "--rate-limit", "-1" }, "--rate-limit" },
    /* Decimal digits only: GOption alone reads "0x10" as 16 and " 5" as 5. */
    { { "--plan", "enterprise", "--rate-limit", "0x10" }, "--rate-limit" },
    { { "--port", "0x10" }, "--port" },
    { { "--port", " 5" }, "--port" },
    { { "--window-seconds", "5s" }, "--window-seconds" },
    { { "--plan", "gold" }, "plan" },
    { { "--port", "65536" }, "--port" },
    { { "--port", "-1" }, "--port" },
    { { "--port", "eighty" }, "port" },
    { { "--window-seconds", "0" }, "--window-seconds" },
    { { "--window-seconds", "61" }, "--window-seconds" },
    { { "--host", "not an address" }, "--host" },
    { { "--frobnicate" }, "frobnicate" },
    { { "stray" }, "stray" },
  };
  const char *program = g_getenv ("AIVO_SANDBOX_PROGRAM");
  g_autofree char *tmp_dir = g_dir_make_tmp ("aivo-sandbox-args-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmp_dir, "data", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_ptr_array_add (argv, (gpointer) program);
      g_ptr_array_add (argv, (gpointer) "--data-dir");
      g_ptr_array_add (argv, data_dir);
      for (guint j = 0; cases[i].args[j] != NULL; j++)
        g_ptr_array_add (argv, (gpointer) cases[i].args[j]);
      g_ptr_array_add (argv, NULL);

      process = g_subprocess_newv ((const char * const *) argv->pdata,
                                   G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);

      g_test_message ("%s %s → %s", cases[i].args[0], cases[i].args[1], err);
      g_assert_true (g_subprocess_get_if_exited (process));
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
      g_assert_cmpstr (out, ==, "");
      /* One line, saying what was wrong. */
      g_assert_true (g_str_has_suffix (err, "\n"));
      g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
      g_assert_nonnull (strstr (err, cases[i].mentions));
    }

  /* Nothing was created for arguments that were refused. */
  g_assert_false (g_file_test (data_dir, G_FILE_TEST_EXISTS));
  g_rmdir (tmp_dir);
}

static void
test_signals (void)
{
  int signals[] = { SIGTERM, SIGINT };

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      g_autoptr(SandboxFixture) fx = sandbox_fixture_new ("--empty", NULL);
      g_autoptr(GError) error = NULL;

      assert_status (fx, "GET", "/v1/account", fx->account_token, 200);
      g_subprocess_send_signal (fx->process, signals[i]);
      g_subprocess_wait (fx->process, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (fx->process));
      g_assert_cmpint (g_subprocess_get_exit_status (fx->process), ==, 0);
      g_clear_object (&fx->process);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/lifecycle/restart", test_restart);
  g_test_add_func ("/sandbox/lifecycle/kill-after-create", test_kill_after_create);
  g_test_add_func ("/sandbox/lifecycle/secrets-at-rest", test_secrets_at_rest);
  g_test_add_func ("/sandbox/lifecycle/secrets-in-debug-log", test_secrets_in_debug_log);
  g_test_add_func ("/sandbox/lifecycle/bad-arguments", test_bad_arguments);
  g_test_add_func ("/sandbox/lifecycle/signals", test_signals);

  return g_test_run ();
}
