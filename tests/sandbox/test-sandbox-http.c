/* test-sandbox-http.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "sandbox-fixture.h"

/* Bodies and malformed HTTP, against the real aivo-sandbox program: every
 * answer is a JSON 4xx, never a 5xx, and the server keeps answering. */

#define MIB (1024 * 1024)

static SandboxFixture *shared_fixture;

static void
assert_json_error (SandboxResponse *response,
                   guint            status,
                   const char      *code,
                   const char      *param)
{
  sandbox_assert_status (response, status);
  g_assert_cmpstr (sandbox_response_error_code (response), ==, code);
  g_assert_cmpstr (sandbox_response_error_param (response), ==, param);
  g_assert_nonnull (sandbox_response_header (response, "X-RateLimit-Limit"));
}

static void
test_bodies (void)
{
  SandboxFixture *fx = shared_fixture;
  struct {
    const char *body;
    guint       status;
    const char *code;
    const char *param;
  } cases[] = {
    { "{", 400, "invalid_json", NULL },
    { "", 422, "validation_failed", "name" },
    { "{\"name\": \"Ana\",}", 400, "invalid_json", NULL },
    { "{\"name\": \"Ana\", \"tags\": [1, 2,]}", 400, "invalid_json", NULL },
    { "{\"name\": /* hi */ \"Ana\"}", 400, "invalid_json", NULL },
    { "{'name': 'Ana'}", 400, "invalid_json", NULL },
    { "{\"n\": 0x10}", 400, "invalid_json", NULL },
    { "{\"n\": NaN}", 400, "invalid_json", NULL },
    { "{\"n\": 01}", 400, "invalid_json", NULL },
    { "{\"n\": .5}", 400, "invalid_json", NULL },
    { "{\"n\": True}", 400, "invalid_json", NULL },
    { "{} {}", 400, "invalid_json", NULL },
    { "{\"name\": \"\xff\"}", 400, "invalid_json", NULL },
    { "{\"name\": \"a\\u0000b\"}", 400, "invalid_json", NULL },
    { "{\"name\": \"\\ud800\"}", 400, "invalid_json", NULL },
    { "{\"name\": \"\\x41\"}", 400, "invalid_json", NULL },
    { "{\"name\": \"raw\ttab\"}", 400, "invalid_json", NULL },
    { "[]", 422, "validation_failed", NULL },
    { "\"Ana\"", 422, "validation_failed", NULL },
    { "null", 422, "validation_failed", NULL },
    { "{\"name\": \"Ana\", \"email\": \"ana@example.com\", \"role\": \"viewer\", \"age\": 3}", 422, "validation_failed", "age" },
    { "{\"name\": \"A\\u0001na\", \"email\": \"ana@example.com\", \"role\": \"viewer\"}", 422, "validation_failed", "name" },
    { "{\"name\": [\"Ana\"], \"email\": \"ana@example.com\", \"role\": \"viewer\"}", 422, "validation_failed", "name" },
    { " \r\n{\"name\": \"Ana \\ud83d\\ude00\", \"email\": \"ana@example.com\", \"role\": \"viewer\"}\n ", 201, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new (cases[i].body, strlen (cases[i].body));
      g_autoptr(SandboxResponse) response = NULL;
      g_autofree char *shown = g_strescape (cases[i].body, NULL);

      g_test_message ("body %u: %s", i, shown);
      response = sandbox_fixture_request_full (fx, "POST", "/v1/team-members", fx->account_token,
                                               "application/json", body);
      if (cases[i].status == 201)
        sandbox_assert_status (response, 201);
      else
        assert_json_error (response, cases[i].status, cases[i].code, cases[i].param);
    }

  {
    /* Deeper than any API body, and deep enough to hurt a recursive parser. */
    g_autoptr(GString) deep = g_string_new ("{\"name\": ");
    g_autoptr(GBytes) body = NULL;
    g_autoptr(SandboxResponse) response = NULL;

    for (guint i = 0; i < 100000; i++)
      g_string_append_c (deep, '[');
    body = g_bytes_new (deep->str, deep->len);
    response = sandbox_fixture_request_full (fx, "POST", "/v1/team-members", fx->account_token, "application/json", body);
    assert_json_error (response, 400, "invalid_json", NULL);
  }
}

static void
test_media_types (void)
{
  SandboxFixture *fx = shared_fixture;
  const char *body_text = "{\"name\": \"Renamed\"}";
  g_autoptr(GBytes) body = g_bytes_new_static (body_text, strlen (body_text));
  struct {
    const char *content_type;
    const char *credential;
    guint       status;
  } cases[] = {
    { "application/json", fx->account_token, 200 },
    { "application/json; charset=utf-8", fx->account_token, 200 },
    { "Application/JSON;charset=UTF-8", fx->account_token, 200 },
    { "text/plain", fx->account_token, 415 },
    { "application/jsonx", fx->account_token, 415 },
    { "application/x-www-form-urlencoded", fx->account_token, 415 },
    { NULL, fx->account_token, 415 },
    /* The credential comes first. */
    { "text/plain", NULL, 401 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SandboxResponse) response = NULL;

      g_test_message ("Content-Type: %s", cases[i].content_type);
      response = sandbox_fixture_request_full (fx, "PATCH", "/v1/account", cases[i].credential,
                                               cases[i].content_type, body);
      sandbox_assert_status (response, cases[i].status);
      if (cases[i].status == 415)
        g_assert_cmpstr (sandbox_response_error_code (response), ==, "unsupported_media_type");
    }
}

static void
test_sizes (void)
{
  SandboxFixture *fx = shared_fixture;
  g_autofree char *big = g_malloc (MIB + 1);
  g_autoptr(GBytes) just_right = NULL;
  g_autoptr(GBytes) too_big = NULL;
  g_autoptr(SandboxResponse) accepted = NULL;
  g_autoptr(SandboxResponse) refused = NULL;
  g_autoptr(SandboxResponse) unknown_path = NULL;

  /* Exactly 1 MiB: a valid object padded with spaces. */
  memset (big, ' ', MIB + 1);
  memcpy (big, "{\"name\": \"Padded\"}", strlen ("{\"name\": \"Padded\"}"));
  just_right = g_bytes_new (big, MIB);
  too_big = g_bytes_new (big, MIB + 1);

  accepted = sandbox_fixture_request_full (fx, "PATCH", "/v1/account", fx->account_token, "application/json", just_right);
  sandbox_assert_status (accepted, 200);

  refused = sandbox_fixture_request_full (fx, "PATCH", "/v1/account", fx->account_token, "application/json", too_big);
  assert_json_error (refused, 413, "payload_too_large", NULL);

  /* The route comes before the body. */
  unknown_path = sandbox_fixture_request_full (fx, "POST", "/v1/nowhere", fx->account_token, "application/json", too_big);
  assert_json_error (unknown_path, 404, "not_found", NULL);
}

static gboolean
raw_answer_is (GBytes     *answer,
               const char *status_line_part)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  const char *body = strstr (text, "\r\n\r\n");
  char *first_line_end = strstr (text, "\r\n");

  g_test_message ("answer: %.200s", text);
  if (first_line_end == NULL || body == NULL)
    return FALSE;
  *first_line_end = '\0';

  /* A status in the 4xx class, with a JSON error body. */
  return strstr (text, status_line_part) != NULL && g_str_has_prefix (body + 4, "{\"error\":{");
}

static void
assert_still_serving (SandboxFixture *fx)
{
  g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, "GET", "/v1/account", fx->account_token, NULL);

  sandbox_assert_status (response, 200);
}

static void
test_raw_requests (void)
{
  SandboxFixture *fx = shared_fixture;
  g_autoptr(GString) big_header = g_string_new ("GET /v1/account HTTP/1.1\r\nHost: x\r\nX-Big: ");
  g_autoptr(GString) long_line = g_string_new ("GET /");
  g_autoptr(GString) many_headers = g_string_new ("GET /v1/account HTTP/1.1\r\nHost: x\r\n");
  g_autofree char *chunked = NULL;
  g_autofree char *expect = NULL;
  struct {
    const char *name;
    const char *data;
    gsize       length;
    const char *status;
  } cases[] = {
    { "garbage", "\x00\x01\x02garbage\xff\xfe\r\n\r\n", 16, " 400 " },
    { "no version", "GET /v1/account\r\n\r\n", 0, " 400 " },
    { "unknown transfer encoding", "POST /v1/account HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 0, " 400 " },
    { "bad content length", "POST /v1/account HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", 0, " 400 " },
    { "no host", "GET /v1/account HTTP/1.1\r\n\r\n", 0, " 400 " },
    { "https target", "GET https://x/v1/account HTTP/1.1\r\nHost: x\r\n\r\n", 0, " 400 " },
    { "truncated", "GET /v1/account HTTP/1.1\r\nHost:", 0, " 400 " },
    { "header over 64 KiB", NULL, 0, " 431 " },
    { "request line over 64 KiB", NULL, 0, " 431 " },
    { "many headers", NULL, 0, " 431 " },
    { "chunked body over 1 MiB", NULL, 0, " 413 " },
    { "expect continue, too big", NULL, 0, " 413 " },
  };

  g_string_append_len (big_header, "", 0);
  for (guint i = 0; i < 70000; i++)
    g_string_append_c (big_header, 'a');
  g_string_append (big_header, "\r\n\r\n");
  cases[7].data = big_header->str;
  cases[7].length = big_header->len;

  for (guint i = 0; i < 70000; i++)
    g_string_append_c (long_line, 'a');
  g_string_append (long_line, " HTTP/1.1\r\nHost: x\r\n\r\n");
  cases[8].data = long_line->str;
  cases[8].length = long_line->len;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (many_headers, "X-H%u: value\r\n", i);
  g_string_append (many_headers, "\r\n");
  cases[9].data = many_headers->str;
  cases[9].length = many_headers->len;

  {
    g_autoptr(GString) body = g_string_new (NULL);

    g_string_append_printf (body, "PATCH /v1/account HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                                  "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                            fx->account_token);
    for (guint i = 0; i < 20; i++)
      {
        g_string_append_printf (body, "%x\r\n", 65536);
        for (guint j = 0; j < 65536; j++)
          g_string_append_c (body, ' ');
        g_string_append (body, "\r\n");
      }
    g_string_append (body, "0\r\n\r\n");
    cases[10].length = body->len;
    cases[10].data = chunked = g_string_free (g_steal_pointer (&body), FALSE);
  }

  /* The answer comes without the body ever being sent. */
  expect = g_strdup_printf ("PATCH /v1/account HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                            "Content-Type: application/json\r\nContent-Length: 1073741824\r\n"
                            "Expect: 100-continue\r\n\r\n", fx->account_token);
  cases[11].data = expect;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) answer = NULL;
      gsize length = cases[i].length != 0 ? cases[i].length : strlen (cases[i].data);

      g_test_message ("raw request: %s", cases[i].name);
      answer = sandbox_fixture_raw_exchange (fx, cases[i].data, length);
      g_assert_true (raw_answer_is (answer, cases[i].status));
      assert_still_serving (fx);
    }
}

/* Requests whose meaning would be ambiguous (two credentials, two hosts, a
 * parameter twice, an escaped "/", a NUL in a parameter, an integer json-glib
 * cannot hold) are refused, never read one way or the other; each answer
 * carries the rate-limit headers. */
static void
test_ambiguous_requests (void)
{
  SandboxFixture *fx = shared_fixture;
  g_autofree char *key_id = NULL;
  g_autofree char *key = sandbox_fixture_create_key (fx, "[\"calls:read\"]", &key_id);
  g_autofree char *auth = g_strdup_printf ("Authorization: Bearer %s\r\n", fx->account_token);
  g_autofree char *key_auth = g_strdup_printf ("Authorization: Bearer %s\r\n", key);
  struct {
    const char *request_line;
    const char *headers;
    const char *body;
    guint       status;
    const char *code;
    const char *param;
  } cases[] = {
    /* Control: the same requests, unambiguous. */
    { "GET /v1/account", auth, NULL, 200, NULL, NULL },
    { "GET /v1/%61pi-keys", auth, NULL, 200, NULL, NULL },
    { "GET /v1/calls?limit=2&unknown=1", auth, NULL, 200, NULL, NULL },
    /* Two credentials, whichever comes first. */
    { "GET /v1/account", "Authorization: Bearer aivo_live_bogus\r\n", auth, 401, "unauthorized", NULL },
    { "GET /v1/account", auth, "Authorization: Bearer aivo_live_bogus\r\n", 401, "unauthorized", NULL },
    { "GET /v1/calls", key_auth, auth, 401, "unauthorized", NULL },
    /* Two hosts (RFC 9112: 400). */
    { "GET /v1/account", "Host: y\r\n", auth, 400, "invalid_request", NULL },
    /* An escaped slash does not split a segment. */
    { "GET /v1/api-keys%2F{id}", auth, NULL, 404, "not_found", NULL },
    { "GET /v1/api-keys%2f{id}", auth, NULL, 404, "not_found", NULL },
    { "GET /v1/api-keys/{id}", auth, NULL, 200, NULL, NULL },
    /* Query parameters: malformed, or twice. */
    { "GET /v1/calls?limit=1%00", auth, NULL, 400, "invalid_request", NULL },
    { "GET /v1/calls?limit=1%00junk", auth, NULL, 400, "invalid_request", NULL },
    { "GET /v1/calls?limit=%C3", auth, NULL, 400, "invalid_request", NULL },
    { "GET /v1/calls?limit=1&limit=2", auth, NULL, 400, "invalid_request", "limit" },
    { "GET /v1/calls?starting_after=x&starting_after=y", auth, NULL, 400, "invalid_request", "starting_after" },
    /* The credential still comes first. */
    { "GET /v1/calls?limit=1&limit=2", NULL, NULL, 401, "unauthorized", NULL },
    /* json-glib would read this as -1. */
    { "POST /v1/api-keys/{id}/rotate", auth, "{\"grace_period_seconds\": 18446744073709551615}",
      400, "invalid_json", NULL },
    { "POST /v1/api-keys/{id}/rotate", auth, "{\"grace_period_seconds\": -99999999999999999999}",
      400, "invalid_json", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) request = g_string_new (cases[i].request_line);
      g_autoptr(SandboxResponse) response = NULL;
      gboolean body_is_json = cases[i].body != NULL && cases[i].body[0] == '{';

      g_string_replace (request, "{id}", key_id, 0);
      g_string_append (request, " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
      if (cases[i].headers != NULL)
        g_string_append (request, cases[i].headers);
      if (body_is_json)
        g_string_append_printf (request, "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                                strlen (cases[i].body), cases[i].body);
      else
        g_string_append_printf (request, "%s\r\n", cases[i].body != NULL ? cases[i].body : "");

      g_test_message ("case %u: %s", i, cases[i].request_line);
      response = sandbox_fixture_raw_request (fx, request->str);
      if (cases[i].code == NULL)
        {
          sandbox_assert_status (response, cases[i].status);
          g_assert_nonnull (sandbox_response_header (response, "X-RateLimit-Limit"));
        }
      else
        assert_json_error (response, cases[i].status, cases[i].code, cases[i].param);
      if (cases[i].status == 401)
        g_assert_cmpstr (sandbox_response_header (response, "WWW-Authenticate"), ==, "Bearer realm=\"aivo\"");
    }
}

/* Two requests in one write, then a third on the same connection. */
static void
test_pipelining (void)
{
  SandboxFixture *fx = shared_fixture;
  g_autofree char *requests = g_strdup_printf ("GET /v1/account HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n"
                                               "PATCH /v1/account HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                                               "Content-Type: application/json\r\nContent-Length: 20\r\n\r\n"
                                               "{\"name\": \"Piped\"}   "
                                               "GET /v1/nope HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                                               "Connection: close\r\n\r\n",
                                               fx->account_token, fx->account_token, fx->account_token);
  g_autoptr(GBytes) answer = sandbox_fixture_raw_exchange (fx, requests, strlen (requests));
  g_autofree char *text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  const char *second, *third;

  g_assert_true (g_str_has_prefix (text, "HTTP/1.1 200 OK\r\n"));
  second = strstr (text + 1, "HTTP/1.1 200 OK\r\n");
  g_assert_nonnull (second);
  g_assert_nonnull (strstr (second, "\"name\":\"Piped\""));
  third = strstr (second + 1, "HTTP/1.1 404 Not Found\r\n");
  g_assert_nonnull (third);
}

/* A client that stalls half-way through its headers holds up nobody. */
static void
test_slow_client (void)
{
  SandboxFixture *fx = shared_fixture;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) slow = NULL;
  g_autoptr(GError) error = NULL;
  const char *partial = "GET /v1/account HTTP/1.1\r\nHost: x\r\nX-Slow: ";

  slow = g_socket_client_connect_to_host (client, "127.0.0.1", fx->port, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (slow)), partial, strlen (partial),
                             NULL, NULL, &error);
  g_assert_no_error (error);

  assert_still_serving (fx);
  g_io_stream_close (G_IO_STREAM (slow), NULL, NULL);
  assert_still_serving (fx);
}

static guint
count_open_files (SandboxFixture *fx)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (fx->process));
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

/* Opens 50 connections, each sending a request, reading (part of) the
 * answer and closing, and checks that the server lets go of them all. With
 * @reset, each close resets the connection (SO_LINGER 0), as a close with an
 * answer unread does. */
static void
assert_connections_released (SandboxFixture *fx,
                             gboolean        reset)
{
  g_autofree char *request = g_strdup_printf ("GET /v1/account HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n",
                                              fx->account_token);
  guint before;
  guint after = 0;

  assert_still_serving (fx);
  before = count_open_files (fx);

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) connection = NULL;
      g_autoptr(GError) error = NULL;
      char answer[4096];
      gsize length = 0;
      gssize n;

      connection = g_socket_client_connect_to_host (client, "127.0.0.1", fx->port, NULL, &error);
      g_assert_no_error (error);
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                 request, strlen (request), NULL, NULL, &error);
      g_assert_no_error (error);
      n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                               answer, sizeof answer, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      length = n;

      if (reset)
        {
          struct linger linger = { .l_onoff = 1, .l_linger = 0 };

          /* The whole answer first (its JSON ends with "}"), so the reset
           * comes between requests, not while the server still writes. */
          while (answer[length - 1] != '}')
            {
              n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                       answer + length, sizeof answer - length, NULL, &error);
              g_assert_no_error (error);
              g_assert_cmpint (n, >, 0);
              length += n;
            }

          g_assert_cmpint (setsockopt (g_socket_get_fd (g_socket_connection_get_socket (connection)),
                                       SOL_SOCKET, SO_LINGER, &linger, sizeof linger), ==, 0);
        }
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }

  /* The server notices the closes asynchronously: give it up to 10 s, which
   * a sanitizer build on a loaded machine can need. */
  for (guint attempt = 0; attempt < 500; attempt++)
    {
      assert_still_serving (fx);
      after = count_open_files (fx);
      if (after <= before + 5)
        break;
      g_usleep (20000);
    }
  g_assert_cmpuint (after, <=, before + 5);
}

/* libsoup 3.2 never closes a kept-alive connection that its client closes;
 * the sandbox must, or every such client costs a descriptor for good. */
static void
test_closed_connections (void)
{
  assert_connections_released (shared_fixture, FALSE);
}

/* Nor one that its client resets between requests, which libsoup sees as an
 * error, not an end. */
static void
test_reset_connections (void)
{
  assert_connections_released (shared_fixture, TRUE);
}

static guint
count_occurrences (const char *text,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;

  return n;
}

/* Out of descriptors, the sandbox makes room by closing the connection that
 * waited longest, so idle clients cannot lock everyone out; and it says so
 * once in a while, not in a loop as fast as accept() fails. */
static void
test_out_of_descriptors (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new ("--empty", NULL);
  g_autoptr(GPtrArray) idle = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *request = NULL;
  g_autofree char *log = NULL;

  g_assert_cmpint (sandbox_fixture_stop (fx), ==, 0);
  fx->max_open_files = 32;
  sandbox_fixture_start (fx);
  request = g_strdup_printf ("GET /v1/account HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                             "Connection: close\r\n\r\n", fx->account_token);

  /* Twice as many silent connections as there are descriptors. */
  for (guint i = 0; i < 64; i++)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GError) error = NULL;
      GSocketConnection *connection = g_socket_client_connect_to_host (client, "127.0.0.1", fx->port, NULL, &error);

      g_assert_no_error (error);
      g_ptr_array_add (idle, connection);
    }

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SandboxResponse) response = sandbox_fixture_raw_request (fx, request);

      sandbox_assert_status (response, 200);
    }

  log = sandbox_fixture_read_stderr (fx);
  g_assert_cmpuint (count_occurrences (log, "no file descriptor left"), >=, 1);
  g_assert_cmpuint (count_occurrences (log, "no file descriptor left"), <=, 2);

  g_ptr_array_set_size (idle, 0);
  assert_still_serving (fx);
}

static void
test_openapi (void)
{
  SandboxFixture *fx = shared_fixture;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "..", "data", "openapi", "aivo-v1.json", NULL);
  g_autofree char *expected = NULL;
  gsize expected_length;
  g_autoptr(GError) error = NULL;
  g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, "GET", "/v1/openapi.json", NULL, NULL);
  g_autoptr(SandboxResponse) with_key = sandbox_fixture_request (fx, "GET", "/v1/openapi.json", "aivo_live_bogus", NULL);
  g_autoptr(SandboxResponse) wrong_method = sandbox_fixture_request (fx, "POST", "/v1/openapi.json", NULL, "{}");

  g_file_get_contents (path, &expected, &expected_length, &error);
  g_assert_no_error (error);

  sandbox_assert_status (response, 200);
  g_assert_cmpstr (sandbox_response_header (response, "Content-Type"), ==, "application/json");
  g_assert_cmpmem (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body), expected, expected_length);
  g_assert_cmpint (sandbox_response_header_int (response, "X-RateLimit-Limit"), ==, 60);

  /* No credential is needed, so none is checked. */
  sandbox_assert_status (with_key, 200);
  assert_json_error (wrong_method, 405, "method_not_allowed", NULL);
  g_assert_cmpstr (sandbox_response_header (wrong_method, "Allow"), ==, "GET");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* One server for all: no test here depends on another's data. Enterprise,
   * so the many requests stay under the limit. */
  shared_fixture = sandbox_fixture_new ("--plan", "enterprise", NULL);

  g_test_add_func ("/sandbox/http/bodies", test_bodies);
  g_test_add_func ("/sandbox/http/media-types", test_media_types);
  g_test_add_func ("/sandbox/http/sizes", test_sizes);
  g_test_add_func ("/sandbox/http/raw-requests", test_raw_requests);
  g_test_add_func ("/sandbox/http/ambiguous-requests", test_ambiguous_requests);
  g_test_add_func ("/sandbox/http/pipelining", test_pipelining);
  g_test_add_func ("/sandbox/http/slow-client", test_slow_client);
  g_test_add_func ("/sandbox/http/closed-connections", test_closed_connections);
  g_test_add_func ("/sandbox/http/reset-connections", test_reset_connections);
  g_test_add_func ("/sandbox/http/out-of-descriptors", test_out_of_descriptors);
  g_test_add_func ("/sandbox/http/openapi", test_openapi);

  status = g_test_run ();
  g_clear_pointer (&shared_fixture, sandbox_fixture_free);

  return status;
}
