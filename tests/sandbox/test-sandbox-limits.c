/* test-sandbox-limits.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "sandbox-fixture.h"

/* Rate limiting, against the real aivo-sandbox program. Windows are aligned
 * on multiples of their length, so tests that count wait for a fresh window
 * when the current one is nearly over. */

static void
assert_rate_headers (SandboxResponse *response,
                     gint64           limit,
                     gint64           remaining,
                     gint64           window)
{
  g_autofree char *policy = g_strdup_printf ("\"default\";q=%" G_GINT64_FORMAT ";w=%" G_GINT64_FORMAT, limit, window);
  gint64 reset = sandbox_response_header_int (response, "X-RateLimit-Reset");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *draft = sandbox_response_header (response, "RateLimit");
  gint64 r = -1, t = -1;

  g_assert_cmpint (sandbox_response_header_int (response, "X-RateLimit-Limit"), ==, limit);
  g_assert_cmpint (sandbox_response_header_int (response, "X-RateLimit-Remaining"), ==, remaining);
  g_assert_cmpint (reset % window, ==, 0);
  g_assert_cmpint (reset - now, >=, 0);
  g_assert_cmpint (reset - now, <=, window);
  g_assert_cmpstr (sandbox_response_header (response, "RateLimit-Policy"), ==, policy);

  g_assert_nonnull (draft);
  g_assert_cmpint (sscanf (draft, "\"default\";r=%" G_GINT64_FORMAT ";t=%" G_GINT64_FORMAT, &r, &t), ==, 2);
  g_assert_cmpint (r, ==, remaining);
  g_assert_cmpint (t, >=, 1);
  g_assert_cmpint (t, <=, window);
  g_assert_cmpint (ABS (reset - now - t), <=, 1);
}

static void
test_headers_everywhere (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new ("--plan", "starter", NULL);
  g_autoptr(SandboxResponse) ok = NULL;
  g_autoptr(SandboxResponse) not_found = NULL;
  g_autoptr(SandboxResponse) invalid = NULL;
  g_autoptr(SandboxResponse) anonymous = NULL;
  gint64 remaining;

  sandbox_fixture_wait_for_window (fx, 10);

  ok = sandbox_fixture_request (fx, "GET", "/v1/account", fx->account_token, NULL);
  sandbox_assert_status (ok, 200);
  remaining = sandbox_response_header_int (ok, "X-RateLimit-Remaining");
  g_assert_cmpint (remaining, <, 60);
  assert_rate_headers (ok, 60, remaining, 60);

  not_found = sandbox_fixture_request (fx, "GET", "/v1/nope", fx->account_token, NULL);
  sandbox_assert_status (not_found, 404);
  assert_rate_headers (not_found, 60, remaining - 1, 60);

  invalid = sandbox_fixture_request (fx, "PATCH", "/v1/account", fx->account_token, "{\"name\": 1}");
  sandbox_assert_status (invalid, 422);
  assert_rate_headers (invalid, 60, remaining - 2, 60);

  /* No credential: counted against the client address, at the starter limit. */
  anonymous = sandbox_fixture_request (fx, "GET", "/v1/account", NULL, NULL);
  sandbox_assert_status (anonymous, 401);
  assert_rate_headers (anonymous, 60, 59, 60);
}

static void
test_too_many (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new ("--plan", "enterprise", "--rate-limit", "5",
                                                      "--window-seconds", "2", NULL);
  g_autoptr(GHashTable) admitted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(SandboxResponse) refused = NULL;
  g_autoptr(SandboxResponse) later = NULL;
  gint64 retry_after;

  for (guint i = 0; i < 30 && refused == NULL; i++)
    {
      g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, "GET", "/v1/account", fx->account_token, NULL);
      gint64 *reset = g_new (gint64, 1);

      *reset = sandbox_response_header_int (response, "X-RateLimit-Reset");
      if (response->status == 429)
        {
          /* Refused only once the window's five were used. */
          g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (admitted, reset)), ==, 5);
          refused = g_steal_pointer (&response);
          g_free (reset);
          break;
        }

      sandbox_assert_status (response, 200);
      g_hash_table_insert (admitted, reset,
                           GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (admitted, reset)) + 1));
      g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (admitted, reset)), <=, 5);
    }

  g_assert_nonnull (refused);
  g_assert_cmpstr (sandbox_response_error_code (refused), ==, "rate_limited");
  assert_rate_headers (refused, 5, 0, 2);
  retry_after = sandbox_response_header_int (refused, "Retry-After");
  g_assert_cmpint (retry_after, >=, 1);
  g_assert_cmpint (retry_after, <=, 2);

  g_usleep (retry_after * G_USEC_PER_SEC + 100000);
  later = sandbox_fixture_request (fx, "GET", "/v1/account", fx->account_token, NULL);
  sandbox_assert_status (later, 200);
  g_assert_null (sandbox_response_header (later, "Retry-After"));
}

static void
test_address_limit (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new ("--plan", "enterprise", NULL);
  g_autoptr(SandboxResponse) anonymous = NULL;
  g_autoptr(SandboxResponse) openapi = NULL;
  g_autoptr(SandboxResponse) bad_credential = NULL;
  g_autoptr(SandboxResponse) authenticated = NULL;
  g_autofree char *mistyped = g_strdup (fx->account_token);

  mistyped[25] = mistyped[25] == 'x' ? 'y' : 'x';
  sandbox_fixture_wait_for_window (fx, 15);

  for (guint i = 0; i < 60; i++)
    {
      g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, "GET", "/v1/account", NULL, NULL);

      sandbox_assert_status (response, 401);
      assert_rate_headers (response, 60, 59 - i, 60);
    }

  anonymous = sandbox_fixture_request (fx, "GET", "/v1/account", NULL, NULL);
  openapi = sandbox_fixture_request (fx, "GET", "/v1/openapi.json", NULL, NULL);
  bad_credential = sandbox_fixture_request (fx, "GET", "/v1/account", mistyped, NULL);
  authenticated = sandbox_fixture_request (fx, "GET", "/v1/account", fx->account_token, NULL);

  sandbox_assert_status (anonymous, 429);
  sandbox_assert_status (openapi, 429);
  sandbox_assert_status (bad_credential, 429);
  assert_rate_headers (bad_credential, 60, 0, 60);
  /* The account has a bucket of its own. */
  sandbox_assert_status (authenticated, 200);
  g_assert_cmpint (sandbox_response_header_int (authenticated, "X-RateLimit-Limit"), ==, 3000);
}

typedef struct
{
  guint ok;
  guint refused;
  guint pending;
  gint64 resets[64];
} Burst;

static void
burst_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Burst *burst = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  const char *reset = soup_message_headers_get_one (soup_message_get_response_headers (msg), "X-RateLimit-Reset");

  g_assert_no_error (error);
  g_assert_nonnull (reset);
  burst->resets[burst->ok + burst->refused] = g_ascii_strtoll (reset, NULL, 10);

  if (soup_message_get_status (msg) == 200)
    burst->ok++;
  else
    {
      g_assert_cmpuint (soup_message_get_status (msg), ==, 429);
      burst->refused++;
    }
  burst->pending--;
}

/* Of N simultaneous requests against R remaining, exactly min (N, R) pass. */
static void
test_exact_under_concurrency (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new ("--plan", "enterprise", "--rate-limit", "40", NULL);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns", 64, "max-conns-per-host", 64, NULL);
  g_autofree char *url = g_strconcat (fx->base_url, "/v1/account", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", fx->account_token, NULL);
  Burst burst = { 0 };
  gint64 remaining = 40;
  gint64 reset = 0;

  sandbox_fixture_wait_for_window (fx, 20);

  while (remaining > 20)
    {
      g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, "GET", "/v1/account", fx->account_token, NULL);

      sandbox_assert_status (response, 200);
      remaining = sandbox_response_header_int (response, "X-RateLimit-Remaining");
      reset = sandbox_response_header_int (response, "X-RateLimit-Reset");
    }
  g_assert_cmpint (remaining, ==, 20);

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
      burst.pending++;
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, burst_cb, &burst);
    }

  while (burst.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < 50; i++)
    g_assert_cmpint (burst.resets[i], ==, reset);
  g_assert_cmpuint (burst.ok, ==, 20);
  g_assert_cmpuint (burst.refused, ==, 30);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/limits/headers-everywhere", test_headers_everywhere);
  g_test_add_func ("/sandbox/limits/too-many", test_too_many);
  g_test_add_func ("/sandbox/limits/address-limit", test_address_limit);
  g_test_add_func ("/sandbox/limits/exact-under-concurrency", test_exact_under_concurrency);

  return g_test_run ();
}
