/* sandbox-fixture.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "sandbox-fixture.h"

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* In the child: if the test dies (a failed assertion aborts it), so does
 * the sandbox, instead of lingering. Also applies the descriptor limit. */
static void
die_with_parent (gpointer user_data)
{
  SandboxFixture *fx = user_data;

  prctl (PR_SET_PDEATHSIG, SIGTERM);

  if (fx->max_open_files > 0)
    {
      struct rlimit limit = { fx->max_open_files, fx->max_open_files };

      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

/**
 * sandbox_fixture_new:
 * @first_arg: (nullable): extra command-line arguments, %NULL-terminated
 *
 * Starts the program with `--port 0 --data-dir <temp>` and the extra
 * arguments, and waits for its JSON line.
 */
SandboxFixture *
sandbox_fixture_new (const char *first_arg,
                     ...)
{
  g_autoptr(GStrvBuilder) args = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  SandboxFixture *fx = g_new0 (SandboxFixture, 1);
  va_list ap;

  fx->program = g_strdup (g_getenv ("AIVO_SANDBOX_PROGRAM"));
  g_assert_nonnull (fx->program);

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_strv_builder_add (args, arg);
  va_end (ap);
  fx->extra_args = g_strv_builder_end (args);

  fx->tmp_dir = g_dir_make_tmp ("aivo-sandbox-test-XXXXXX", &error);
  g_assert_no_error (error);
  fx->data_dir = g_build_filename (fx->tmp_dir, "data", NULL);
  fx->stderr_path = g_build_filename (fx->tmp_dir, "stderr.log", NULL);

  fx->session = soup_session_new_with_options ("timeout", 30,
                                               "max-conns", 128,
                                               "max-conns-per-host", 128,
                                               NULL);

  sandbox_fixture_start (fx);
  return fx;
}

void
sandbox_fixture_free (SandboxFixture *fx)
{
  if (fx == NULL)
    return;

  if (fx->process != NULL)
    g_assert_cmpint (sandbox_fixture_stop (fx), ==, 0);

  remove_tree (fx->tmp_dir);
  g_clear_object (&fx->session);
  g_free (fx->program);
  g_free (fx->tmp_dir);
  g_free (fx->data_dir);
  g_free (fx->stderr_path);
  g_strfreev (fx->extra_args);
  g_free (fx->base_url);
  g_free (fx->account_token);
  g_free (fx);
}

void
sandbox_fixture_start (SandboxFixture *fx)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GUri) uri = NULL;
  JsonObject *object;

  g_assert_null (fx->process);

  g_strv_builder_add_many (argv, fx->program, "--port", "0", "--data-dir", fx->data_dir, NULL);
  g_strv_builder_addv (argv, (const char **) fx->extra_args);
  args = g_strv_builder_end (argv);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, fx, NULL);
  /* In the child's environment only: changing our own would race with the
   * threads this test already runs. */
  if (fx->debug_log)
    g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  /* Appends, so a restart keeps the earlier runs' logs for the secrecy check. */
  {
    int fd = g_open (fx->stderr_path, O_WRONLY | O_CREAT | O_APPEND, 0600);

    g_assert_cmpint (fd, >=, 0);
    g_subprocess_launcher_take_stderr_fd (launcher, fd);
  }
  fx->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args, &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fx->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL)
    {
      g_autofree char *log = sandbox_fixture_read_stderr (fx);

      g_error ("aivo-sandbox printed nothing; its stderr: %s", log);
    }

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (object), ==, 2);

  g_free (fx->base_url);
  fx->base_url = g_strdup (json_object_get_string_member (object, "base_url"));
  g_free (fx->account_token);
  fx->account_token = g_strdup (json_object_get_string_member (object, "account_token"));
  g_assert_true (g_str_has_prefix (fx->base_url, "http://127.0.0.1:"));
  g_assert_true (g_str_has_prefix (fx->account_token, "aivo_acct_"));

  uri = g_uri_parse (fx->base_url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  fx->port = g_uri_get_port (uri);
  g_assert_cmpuint (fx->port, >, 0);
}

/* SIGTERM, then waits; returns the exit status (or 128 + signal). */
int
sandbox_fixture_stop (SandboxFixture *fx)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_nonnull (fx->process);

  g_subprocess_send_signal (fx->process, SIGTERM);
  g_subprocess_wait (fx->process, NULL, &error);
  g_assert_no_error (error);

  status = g_subprocess_get_if_exited (fx->process)
    ? g_subprocess_get_exit_status (fx->process)
    : 128 + g_subprocess_get_term_sig (fx->process);
  g_clear_object (&fx->process);

  /* Connections to the old process are useless now. */
  g_clear_object (&fx->session);
  fx->session = soup_session_new_with_options ("timeout", 30, "max-conns", 128, "max-conns-per-host", 128, NULL);

  return status;
}

/* kill -9: no cleanup at all. */
void
sandbox_fixture_kill (SandboxFixture *fx)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (fx->process);

  g_subprocess_force_exit (fx->process);
  g_subprocess_wait (fx->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_if_exited (fx->process));
  g_clear_object (&fx->process);

  g_clear_object (&fx->session);
  fx->session = soup_session_new_with_options ("timeout", 30, "max-conns", 128, "max-conns-per-host", 128, NULL);
}

void
sandbox_fixture_restart (SandboxFixture *fx)
{
  g_assert_cmpint (sandbox_fixture_stop (fx), ==, 0);
  sandbox_fixture_start (fx);
}

/* The JSON of @body, or NULL. */
static JsonNode *
parse_body (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (g_bytes_get_size (body) == 0 ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL))
    return NULL;

  return json_node_ref (json_parser_get_root (parser));
}

SandboxResponse *
sandbox_fixture_request_full (SandboxFixture *fx,
                              const char     *method,
                              const char     *path,
                              const char     *credential,
                              const char     *content_type,
                              GBytes         *body)
{
  g_autofree char *url = g_strconcat (fx->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  SandboxResponse *response = g_new0 (SandboxResponse, 1);

  g_assert_nonnull (msg);

  if (credential != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", credential, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }

  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);

  response->body = soup_session_send_and_read (fx->session, msg, NULL, &error);
  g_assert_no_error (error);

  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  response->json = parse_body (response->body);

  return response;
}

/* @json_body: (nullable): sent as application/json when given */
SandboxResponse *
sandbox_fixture_request (SandboxFixture *fx,
                         const char     *method,
                         const char     *path,
                         const char     *credential,
                         const char     *json_body)
{
  g_autoptr(GBytes) body = json_body != NULL ? g_bytes_new (json_body, strlen (json_body)) : NULL;

  return sandbox_fixture_request_full (fx, method, path, credential, "application/json", body);
}

/**
 * sandbox_fixture_create_key:
 * @scopes_json: e.g. "[\"account:read\"]"
 * @id: (out) (optional): the key id
 *
 * Creates a development key with the account token.
 *
 * Returns: the secret
 */
char *
sandbox_fixture_create_key (SandboxFixture  *fx,
                            const char      *scopes_json,
                            char           **id)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"Test key\", \"environment\": \"development\", "
                                           "\"scopes\": %s}", scopes_json);
  g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, "POST", "/v1/api-keys", fx->account_token, body);
  JsonObject *key;

  sandbox_assert_status (response, 201);
  key = sandbox_response_object (response);
  if (id != NULL)
    *id = g_strdup (json_object_get_string_member (key, "id"));

  return g_strdup (json_object_get_string_member (key, "secret"));
}

/* Sends @data on a new connection and reads until the server closes it (or
 * 10 s pass). */
GBytes *
sandbox_fixture_raw_exchange (SandboxFixture *fx,
                              const void     *data,
                              gsize           length)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  GOutputStream *output;
  GInputStream *input;
  guint8 buffer[4096];
  gssize n;

  g_socket_client_set_timeout (client, 10);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", fx->port, NULL, &error);
  g_assert_no_error (error);

  output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  input = g_io_stream_get_input_stream (G_IO_STREAM (connection));

  /* The server may answer and close before taking everything: fine. */
  g_output_stream_write_all (output, data, length, NULL, NULL, NULL);
  g_socket_shutdown (g_socket_connection_get_socket (connection), FALSE, TRUE, NULL);

  while ((n = g_input_stream_read (input, buffer, sizeof buffer, NULL, &error)) > 0)
    g_byte_array_append (answer, buffer, n);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
    g_assert_no_error (error);

  return g_byte_array_free_to_bytes (g_steal_pointer (&answer));
}

/**
 * sandbox_fixture_raw_request:
 * @request: a whole HTTP request, as bytes on the wire
 *
 * Sends @request on a new connection (see raw_exchange) and parses the first
 * answer, for requests no HTTP library would send.
 */
SandboxResponse *
sandbox_fixture_raw_request (SandboxFixture *fx,
                             const char     *request)
{
  g_autoptr(GBytes) answer = sandbox_fixture_raw_exchange (fx, request, strlen (request));
  g_autofree char *text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  SandboxResponse *response = g_new0 (SandboxResponse, 1);
  const char *end = strstr (text, "\r\n\r\n");
  goffset length;

  g_test_message ("answer: %.300s", text);
  g_assert_nonnull (end);

  response->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_assert_true (soup_headers_parse_response (text, end + 2 - text, response->headers, NULL, &response->status, NULL));

  length = soup_message_headers_get_content_length (response->headers);
  response->body = g_bytes_new (end + 4, MIN ((gsize) length, strlen (end + 4)));
  response->json = parse_body (response->body);

  return response;
}

char *
sandbox_fixture_read_stderr (SandboxFixture *fx)
{
  char *contents = NULL;

  if (!g_file_get_contents (fx->stderr_path, &contents, NULL, NULL))
    return g_strdup ("");

  return contents;
}

/* Waits until the current rate-limit window (aligned on multiples of its
 * length) has at least @min_seconds_left, so a test's requests all fall in
 * one window. */
void
sandbox_fixture_wait_for_window (SandboxFixture *fx,
                                 guint           min_seconds_left)
{
  g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, "GET", "/v1/account", fx->account_token, NULL);
  gint64 reset = sandbox_response_header_int (response, "X-RateLimit-Reset");
  gint64 now = g_get_real_time ();

  if (reset * G_USEC_PER_SEC - now < (gint64) min_seconds_left * G_USEC_PER_SEC)
    g_usleep (reset * G_USEC_PER_SEC - now + 50000);
}

JsonObject *
sandbox_response_object (SandboxResponse *response)
{
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));

  return json_node_get_object (response->json);
}

static JsonObject *
error_object (SandboxResponse *response)
{
  JsonObject *root = sandbox_response_object (response);

  g_assert_true (json_object_has_member (root, "error"));
  return json_object_get_object_member (root, "error");
}

const char *
sandbox_response_error_code (SandboxResponse *response)
{
  return json_object_get_string_member (error_object (response), "code");
}

const char *
sandbox_response_error_param (SandboxResponse *response)
{
  return json_object_get_string_member_with_default (error_object (response), "param", NULL);
}

const char *
sandbox_response_header (SandboxResponse *response,
                         const char      *name)
{
  return soup_message_headers_get_one (response->headers, name);
}

gint64
sandbox_response_header_int (SandboxResponse *response,
                             const char      *name)
{
  const char *value = sandbox_response_header (response, name);
  gint64 number;

  g_assert_nonnull (value);
  g_assert_true (g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &number, NULL));
  return number;
}

void
sandbox_response_free (SandboxResponse *response)
{
  if (response == NULL)
    return;

  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_free (response);
}

/* Shows the body when the status is not the one expected. */
void
sandbox_assert_status_at (const char      *file,
                          int              line,
                          SandboxResponse *response,
                          guint            expected)
{
  if (response->status != expected)
    {
      g_autofree char *body = g_strndup (g_bytes_get_data (response->body, NULL),
                                         MIN (g_bytes_get_size (response->body), 2000));
      g_autofree char *message = g_strdup_printf ("%s:%d: expected status %u, got %u: %s",
                                                  file, line, expected, response->status, body);

      g_assertion_message (G_LOG_DOMAIN, file, line, G_STRFUNC, message);
    }
}
