/* test-sandbox-calls.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-resource-checks.h"

/* /v1/calls, transcripts, /v1/analytics/calls and /v1/call-settings against
 * the real aivo-sandbox program. */

#define ACCOUNT_NUMBER "+15550100000"

static const char * const call_members[] = {
  "id", "direction", "from", "to", "agent_id", "contact_id", "status", "started_at", "ended_at",
  "duration_seconds", "summary", "sentiment", "created_at", NULL
};
static const char * const analytics_members[] = {
  "from", "to", "total_calls", "completed", "missed", "failed", "average_duration_seconds", "sentiment",
  "by_day", NULL
};
static const char * const settings_members[] = {
  "greeting", "voice", "language", "recording_enabled", "max_call_duration_seconds", "transfer_number", NULL
};
static const char * const statuses[] = { "queued", "in_progress", "completed", "missed", "failed", NULL };
static const char * const sentiments[] = { "positive", "neutral", "negative", NULL };

static gboolean
is_phone (const char *text)
{
  gsize length = strlen (text);

  if (text[0] != '+' || length < 9 || length > 16)
    return FALSE;
  for (gsize i = 1; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* The shape, and what the status implies for the times and the analysis. */
static void
assert_call (JsonObject *call)
{
  const char *status = json_object_get_string_member (call, "status");
  const char *direction = json_object_get_string_member (call, "direction");
  gint64 duration = json_object_get_int_member (call, "duration_seconds");

  sandbox_assert_members (call, call_members);
  sandbox_assert_id (json_object_get_string_member (call, "id"), "call");
  g_assert_true (g_strv_contains (statuses, status));
  g_assert_true (g_str_equal (direction, "inbound") || g_str_equal (direction, "outbound"));
  g_assert_true (is_phone (json_object_get_string_member (call, "from")));
  g_assert_true (is_phone (json_object_get_string_member (call, "to")));
  g_assert_cmpstr (json_object_get_string_member (call, g_str_equal (direction, "inbound") ? "to" : "from"),
                   ==, ACCOUNT_NUMBER);
  sandbox_assert_time (call, "created_at", FALSE);
  sandbox_assert_time (call, "started_at", TRUE);
  sandbox_assert_time (call, "ended_at", TRUE);
  g_assert_cmpint (duration, >=, 0);
  if (!json_object_get_null_member (call, "sentiment"))
    g_assert_true (g_strv_contains (sentiments, json_object_get_string_member (call, "sentiment")));

  if (g_str_equal (status, "completed"))
    {
      g_assert_false (json_object_get_null_member (call, "started_at"));
      g_assert_false (json_object_get_null_member (call, "ended_at"));
      g_assert_cmpint (duration, >, 0);
      g_assert_cmpint (sandbox_time_member (call, "ended_at") - sandbox_time_member (call, "started_at"), ==, duration);
      g_assert_cmpint (sandbox_time_member (call, "started_at"), >=, sandbox_time_member (call, "created_at"));
    }
  else
    {
      g_assert_true (json_object_get_null_member (call, "ended_at"));
      g_assert_cmpint (duration, ==, 0);
      g_assert_true (json_object_get_null_member (call, "sentiment"));
    }

  if (g_str_equal (status, "queued") || g_str_equal (status, "missed"))
    g_assert_true (json_object_get_null_member (call, "started_at"));
}

static JsonObject *
get_transcript (SandboxFixture   *fx,
                const char       *call_id,
                SandboxResponse **response)
{
  g_autofree char *path = g_strconcat ("/v1/calls/", call_id, "/transcript", NULL);
  JsonObject *transcript = sandbox_fetch (fx, path, response);

  sandbox_assert_members (transcript, (const char * const[]) { "call_id", "language", "segments", NULL });
  g_assert_cmpstr (json_object_get_string_member (transcript, "call_id"), ==, call_id);
  g_assert_cmpstr (json_object_get_string_member (transcript, "language"), ==, "en-US");
  return transcript;
}

static void
test_demo_calls (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, NULL);
  g_autoptr(JsonArray) calls = sandbox_list_all (fx, "/v1/calls", fx->account_token);
  g_autoptr(JsonArray) contacts = sandbox_list_all (fx, "/v1/contacts", fx->account_token);
  g_autoptr(GHashTable) phones = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen_statuses = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n = json_array_get_length (calls);
  guint inbound = 0, with_segments = 0;

  for (guint i = 0; i < json_array_get_length (contacts); i++)
    {
      JsonObject *contact = json_array_get_object_element (contacts, i);

      if (!json_object_get_null_member (contact, "phone"))
        g_hash_table_insert (phones, (gpointer) json_object_get_string_member (contact, "id"),
                             (gpointer) json_object_get_string_member (contact, "phone"));
    }

  g_assert_cmpuint (n, >=, 40);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *call = json_array_get_object_element (calls, i);
      const char *id = json_object_get_string_member (call, "id");
      const char *status = json_object_get_string_member (call, "status");
      gboolean is_inbound = g_str_equal (json_object_get_string_member (call, "direction"), "inbound");
      g_autoptr(SandboxResponse) transcript_response = NULL;
      JsonObject *transcript;
      JsonArray *segments;

      g_test_message ("%s", id);
      assert_call (call);
      g_hash_table_add (seen_statuses, (gpointer) status);
      inbound += is_inbound;

      /* The last 30 days. */
      g_assert_cmpint (sandbox_time_member (call, "created_at"), >, now - 31 * 86400);
      g_assert_cmpint (sandbox_time_member (call, "created_at"), <=, now);

      /* A linked contact is the other party. */
      if (!json_object_get_null_member (call, "contact_id"))
        g_assert_cmpstr (g_hash_table_lookup (phones, json_object_get_string_member (call, "contact_id")), ==,
                         json_object_get_string_member (call, is_inbound ? "from" : "to"));

      transcript = get_transcript (fx, id, &transcript_response);
      segments = json_object_get_array_member (transcript, "segments");
      if (!g_str_equal (status, "completed"))
        {
          g_assert_cmpuint (json_array_get_length (segments), ==, 0);
          continue;
        }

      g_assert_false (json_object_get_null_member (call, "summary"));
      g_assert_cmpuint (json_array_get_length (segments), >=, 4);
      with_segments++;
      for (guint s = 0; s < json_array_get_length (segments); s++)
        {
          JsonObject *segment = json_array_get_object_element (segments, s);
          const char *speaker = json_object_get_string_member (segment, "speaker");
          double offset = json_object_get_double_member (segment, "offset_seconds");

          sandbox_assert_members (segment, (const char * const[]) { "speaker", "offset_seconds", "text", NULL });
          g_assert_true (g_str_equal (speaker, "agent") || g_str_equal (speaker, "caller"));
          g_assert_cmpuint (strlen (json_object_get_string_member (segment, "text")), >, 0);
          g_assert_null (strchr (json_object_get_string_member (segment, "text"), '{'));
          g_assert_cmpfloat (offset, >=, 0);
          g_assert_cmpfloat (offset, <, json_object_get_int_member (call, "duration_seconds"));
          if (s > 0)
            g_assert_cmpfloat (offset, >,
                               json_object_get_double_member (json_array_get_object_element (segments, s - 1),
                                                              "offset_seconds"));
        }
    }

  /* Mixed directions and every status. */
  g_assert_cmpuint (inbound, >, n / 2);
  g_assert_cmpuint (inbound, <, n);
  g_assert_cmpuint (g_hash_table_size (seen_statuses), ==, g_strv_length ((char **) statuses));
  g_assert_cmpuint (with_segments, >=, 25);

  /* One record equals its list item. */
  {
    JsonObject *listed = json_array_get_object_element (calls, 5);
    g_autofree char *path = g_strconcat ("/v1/calls/", json_object_get_string_member (listed, "id"), NULL);
    g_autoptr(SandboxResponse) fetched = NULL;
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), listed);

    sandbox_fetch (fx, path, &fetched);
    g_assert_true (json_node_equal (fetched->json, node));
  }

  sandbox_check_not_found (fx, "GET", "/v1/calls/call_00000000", NULL);
  sandbox_check_not_found (fx, "GET", "/v1/calls/call_00000000/transcript", NULL);
  sandbox_check_paging (fx, "/v1/calls", fx->account_token);
}

static void
test_create_call (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, "--empty", NULL);
  g_autofree char *contact = sandbox_create (fx, "/v1/contacts", "{\"name\": \"Ana\", \"phone\": \"+15550104444\"}");
  g_autoptr(SandboxResponse) created = NULL;
  g_autoptr(SandboxResponse) linked = NULL;
  g_autoptr(SandboxResponse) transcript = NULL;
  g_autoptr(JsonArray) listed = NULL;
  g_autofree char *long_agent = g_strnfill (65, 'a');
  g_autofree char *agent_body = g_strdup_printf ("{\"to\": \"+15550104444\", \"agent_id\": \"%s\"}", long_agent);
  const SandboxInvalidBody cases[] = {
    { "{}", "to" },
    { "{\"to\": null}", "to" },
    { "{\"to\": 15550104444}", "to" },
    { "{\"to\": \"15550104444\"}", "to" },
    { "{\"to\": \"+1555010\"}", "to" },
    { "{\"to\": \"+1555010444455556\"}", "to" },
    { "{\"to\": \"+1 555 010 4444\"}", "to" },
    { "{\"to\": \"+1555010444a\"}", "to" },
    { "{\"to\": \"+15550104444\", \"agent_id\": \"\"}", "agent_id" },
    { "{\"to\": \"+15550104444\", \"agent_id\": null}", "agent_id" },
    { "{\"to\": \"+15550104444\", \"agent_id\": 7}", "agent_id" },
    { agent_body, "agent_id" },
    { "{\"to\": \"+15550104444\", \"from\": \"+15550100001\"}", "from" },
    { "{\"to\": \"+15550104444\", \"status\": \"completed\"}", "status" },
  };
  JsonObject *call;

  created = sandbox_fixture_request (fx, "POST", "/v1/calls", fx->account_token,
                                     "{\"to\": \"+14155550123\", \"agent_id\": \"agent_main\"}");
  sandbox_assert_status (created, 201);
  call = sandbox_response_object (created);
  assert_call (call);
  g_assert_cmpstr (json_object_get_string_member (call, "direction"), ==, "outbound");
  g_assert_cmpstr (json_object_get_string_member (call, "status"), ==, "queued");
  g_assert_cmpstr (json_object_get_string_member (call, "from"), ==, ACCOUNT_NUMBER);
  g_assert_cmpstr (json_object_get_string_member (call, "to"), ==, "+14155550123");
  g_assert_cmpstr (json_object_get_string_member (call, "agent_id"), ==, "agent_main");
  g_assert_true (json_object_get_null_member (call, "contact_id"));
  g_assert_true (json_object_get_null_member (call, "started_at"));
  g_assert_true (json_object_get_null_member (call, "summary"));
  g_assert_cmpint (json_object_get_int_member (call, "duration_seconds"), ==, 0);

  /* Calling a contact's number links the call to the contact. */
  linked = sandbox_fixture_request (fx, "POST", "/v1/calls", fx->account_token, "{\"to\": \"+15550104444\"}");
  sandbox_assert_status (linked, 201);
  g_assert_cmpstr (json_object_get_string_member (sandbox_response_object (linked), "contact_id"), ==, contact);
  g_assert_true (json_object_get_null_member (sandbox_response_object (linked), "agent_id"));

  get_transcript (fx, json_object_get_string_member (call, "id"), &transcript);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sandbox_response_object (transcript),
                                                                         "segments")), ==, 0);

  sandbox_check_invalid_bodies (fx, "POST", "/v1/calls", cases, G_N_ELEMENTS (cases));

  listed = sandbox_list_all (fx, "/v1/calls", fx->account_token);
  g_assert_cmpuint (json_array_get_length (listed), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (listed, 0), "id"), ==,
                   json_object_get_string_member (call, "id"));
}

/* What the analytics of [from, to] must say, from the list of calls. */
typedef struct
{
  gint64      total, completed, missed, failed, positive, neutral, negative, duration;
  GHashTable *by_day;     /* "YYYY-MM-DD" → count */
  char       *first_day;
} Expected;

static void
expected_clear (Expected *expected)
{
  g_clear_pointer (&expected->by_day, g_hash_table_unref);
  g_clear_pointer (&expected->first_day, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Expected, expected_clear)

static void
expect_from_list (JsonArray  *calls,
                  const char *from,
                  const char *to,
                  Expected   *expected)
{
  memset (expected, 0, sizeof *expected);
  expected->by_day = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (calls); i++)
    {
      JsonObject *call = json_array_get_object_element (calls, i);
      const char *status = json_object_get_string_member (call, "status");
      const char *sentiment = json_object_get_string_member_with_default (call, "sentiment", NULL);
      char *day = g_strndup (json_object_get_string_member (call, "created_at"), 10);

      if ((from != NULL && strcmp (day, from) < 0) || (to != NULL && strcmp (day, to) > 0))
        {
          g_free (day);
          continue;
        }

      expected->total++;
      if (g_str_equal (status, "completed"))
        {
          expected->completed++;
          expected->duration += json_object_get_int_member (call, "duration_seconds");
        }
      expected->missed += g_str_equal (status, "missed");
      expected->failed += g_str_equal (status, "failed");
      expected->positive += g_strcmp0 (sentiment, "positive") == 0;
      expected->neutral += g_strcmp0 (sentiment, "neutral") == 0;
      expected->negative += g_strcmp0 (sentiment, "negative") == 0;
      if (expected->first_day == NULL)
        expected->first_day = g_strdup (day);
      g_hash_table_insert (expected->by_day, day,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (expected->by_day, day)) + 1));
    }
}

static char *
day_string (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (time, "%Y-%m-%d");
}

static JsonObject *
get_analytics (SandboxFixture   *fx,
               const char       *query,
               SandboxResponse **response)
{
  g_autofree char *path = g_strconcat ("/v1/analytics/calls", query, NULL);
  JsonObject *analytics = sandbox_fetch (fx, path, response);

  sandbox_assert_members (analytics, analytics_members);
  sandbox_assert_members (json_object_get_object_member (analytics, "sentiment"),
                          (const char * const[]) { "positive", "neutral", "negative", NULL });
  return analytics;
}

/* @analytics says what @expected does; by_day has every day from @first to
 * @last, in order, with the count of that day (0 when there is none). */
static void
assert_analytics (JsonObject *analytics,
                  Expected   *expected,
                  const char *first,
                  const char *last)
{
  JsonObject *sentiment = json_object_get_object_member (analytics, "sentiment");
  JsonArray *by_day = json_object_get_array_member (analytics, "by_day");
  g_autoptr(GDateTime) day = NULL;
  gint64 sum = 0;
  double average = 0;

  g_assert_cmpint (json_object_get_int_member (analytics, "total_calls"), ==, expected->total);
  g_assert_cmpint (json_object_get_int_member (analytics, "completed"), ==, expected->completed);
  g_assert_cmpint (json_object_get_int_member (analytics, "missed"), ==, expected->missed);
  g_assert_cmpint (json_object_get_int_member (analytics, "failed"), ==, expected->failed);
  g_assert_cmpint (json_object_get_int_member (sentiment, "positive"), ==, expected->positive);
  g_assert_cmpint (json_object_get_int_member (sentiment, "neutral"), ==, expected->neutral);
  g_assert_cmpint (json_object_get_int_member (sentiment, "negative"), ==, expected->negative);

  /* Completed calls only, to a tenth of a second. */
  if (expected->completed > 0)
    average = (double) expected->duration / (double) expected->completed;
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (analytics, "average_duration_seconds"), average, 0.051);

  if (first == NULL)
    {
      g_assert_cmpuint (json_array_get_length (by_day), ==, 0);
      return;
    }

  {
    g_autofree char *midnight = g_strconcat (first, "T00:00:00Z", NULL);

    day = g_date_time_new_from_iso8601 (midnight, NULL);
    g_assert_nonnull (day);
  }
  for (guint i = 0; i < json_array_get_length (by_day); i++)
    {
      JsonObject *entry = json_array_get_object_element (by_day, i);
      g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");
      GDateTime *next;

      sandbox_assert_members (entry, (const char * const[]) { "date", "calls", NULL });
      g_assert_cmpstr (json_object_get_string_member (entry, "date"), ==, date);
      g_assert_cmpint (json_object_get_int_member (entry, "calls"), ==,
                       GPOINTER_TO_UINT (g_hash_table_lookup (expected->by_day, date)));
      sum += json_object_get_int_member (entry, "calls");
      next = g_date_time_add_days (day, 1);
      g_date_time_unref (day);
      day = next;
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (by_day, json_array_get_length (by_day) - 1),
                                                  "date"), ==, last);
  g_assert_cmpint (sum, ==, expected->total);
}

static void
test_analytics (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, NULL);
  g_autoptr(JsonArray) calls = sandbox_list_all (fx, "/v1/calls", fx->account_token);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *today = day_string (now);
  g_autofree char *from = day_string (now - 10 * 86400);
  g_autofree char *to = day_string (now - 3 * 86400);
  g_autofree char *oldest = g_strndup (json_object_get_string_member (json_array_get_object_element (calls, 0),
                                                                      "created_at"), 10);
  g_autofree char *before_oldest = NULL;

  {
    g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (json_object_get_string_member (json_array_get_object_element (calls, 0),
                                                                                             "created_at"), NULL);

    before_oldest = day_string (g_date_time_to_unix (time) - 5 * 86400);
  }

  /* Everything: from the oldest call's day to today. */
  {
    g_autoptr(SandboxResponse) response = NULL;
    g_auto(Expected) expected = { 0, };
    JsonObject *analytics = get_analytics (fx, "", &response);

    expect_from_list (calls, NULL, NULL, &expected);
    g_assert_true (json_object_get_null_member (analytics, "from"));
    g_assert_true (json_object_get_null_member (analytics, "to"));
    g_assert_cmpint (expected.total, ==, json_array_get_length (calls));
    assert_analytics (analytics, &expected, oldest, today);
  }

  /* A week in the middle: both ends included. */
  {
    g_autoptr(SandboxResponse) response = NULL;
    g_auto(Expected) expected = { 0, };
    g_autofree char *query = g_strdup_printf ("?from=%s&to=%s", from, to);
    JsonObject *analytics = get_analytics (fx, query, &response);

    expect_from_list (calls, from, to, &expected);
    g_assert_cmpstr (json_object_get_string_member (analytics, "from"), ==, from);
    g_assert_cmpstr (json_object_get_string_member (analytics, "to"), ==, to);
    g_assert_cmpint (expected.total, >, 0);
    g_assert_cmpint (expected.total, <, json_array_get_length (calls));
    assert_analytics (analytics, &expected, from, to);
  }

  /* Only from; only to, reaching back before the first call. */
  {
    g_autoptr(SandboxResponse) from_response = NULL;
    g_autoptr(SandboxResponse) to_response = NULL;
    g_auto(Expected) from_expected = { 0, };
    g_auto(Expected) to_expected = { 0, };
    g_autofree char *from_query = g_strdup_printf ("?from=%s", from);
    g_autofree char *to_query = g_strdup_printf ("?to=%s", to);

    expect_from_list (calls, from, NULL, &from_expected);
    assert_analytics (get_analytics (fx, from_query, &from_response), &from_expected, from, today);
    expect_from_list (calls, NULL, to, &to_expected);
    assert_analytics (get_analytics (fx, to_query, &to_response), &to_expected, oldest, to);
  }

  /* A range with no calls, and the widest range there is: the days listed
   * are still only those on which there could be calls. */
  {
    g_autoptr(SandboxResponse) quiet = NULL;
    g_autoptr(SandboxResponse) widest = NULL;
    g_autoptr(SandboxResponse) future = NULL;
    g_autofree char *quiet_query = g_strdup_printf ("?from=2000-01-01&to=%s", before_oldest);
    g_auto(Expected) none = { 0, };
    g_auto(Expected) all = { 0, };
    JsonObject *analytics;

    expect_from_list (calls, "2000-01-01", before_oldest, &none);
    analytics = get_analytics (fx, quiet_query, &quiet);
    g_assert_cmpint (json_object_get_int_member (analytics, "total_calls"), ==, 0);
    assert_analytics (analytics, &none, NULL, NULL);

    expect_from_list (calls, NULL, NULL, &all);
    assert_analytics (get_analytics (fx, "?from=0001-01-01&to=9999-12-31", &widest), &all, oldest, today);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sandbox_response_object (widest), "by_day")),
                      <=, 32);

    analytics = get_analytics (fx, "?from=2999-01-01", &future);
    g_assert_cmpint (json_object_get_int_member (analytics, "total_calls"), ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (analytics, "by_day")), ==, 0);
  }

  /* Malformed dates. */
  {
    static const struct {
      const char *query;
      const char *param;
    } bad[] = {
      { "?from=yesterday", "from" },
      { "?from=2026-11-31", "from" },
      { "?from=2026-13-01", "from" },
      { "?from=2026-1-5", "from" },
      { "?from=20261105", "from" },
      { "?from=2026-11-05T00:00:00Z", "from" },
      { "?from=0000-01-01", "from" },
      { "?from=", "from" },
      { "?to=2026-02-29", "to" },
      { "?from=2026-11-05&to=2026-11-04", "to" },
      { "?from=2026-11-05&to=2026/11/06", "to" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *path = g_strconcat ("/v1/analytics/calls", bad[i].query, NULL);
        g_autoptr(SandboxResponse) response = sandbox_fixture_request (fx, "GET", path, fx->account_token, NULL);

        g_test_message ("GET %s", path);
        sandbox_assert_status (response, 400);
        g_assert_cmpstr (sandbox_response_error_code (response), ==, "invalid_request");
        g_assert_cmpstr (sandbox_response_error_param (response), ==, bad[i].param);
      }
  }

  /* A leap day and a one-day range are fine. */
  {
    g_autoptr(SandboxResponse) leap = NULL;
    g_autoptr(SandboxResponse) one_day = NULL;
    g_autofree char *query = g_strdup_printf ("?from=%s&to=%s", to, to);
    g_auto(Expected) expected = { 0, };

    get_analytics (fx, "?from=2028-02-29", &leap);
    expect_from_list (calls, to, to, &expected);
    assert_analytics (get_analytics (fx, query, &one_day), &expected, to, to);
  }
}

static void
test_analytics_empty (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, "--empty", NULL);
  g_autoptr(SandboxResponse) response = NULL;
  g_autoptr(SandboxResponse) after = NULL;
  g_autoptr(JsonArray) calls = sandbox_list_all (fx, "/v1/calls", fx->account_token);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_auto(Expected) none = { 0, };
  g_auto(Expected) one = { 0, };
  JsonObject *analytics;

  g_assert_cmpuint (json_array_get_length (calls), ==, 0);
  analytics = get_analytics (fx, "", &response);
  expect_from_list (calls, NULL, NULL, &none);
  assert_analytics (analytics, &none, NULL, NULL);
  g_assert_cmpfloat (json_object_get_double_member (analytics, "average_duration_seconds"), ==, 0);

  /* A queued call counts in total_calls, and today is in by_day. */
  g_free (sandbox_create (fx, "/v1/calls", "{\"to\": \"+15550104444\"}"));
  g_clear_pointer (&calls, json_array_unref);
  calls = sandbox_list_all (fx, "/v1/calls", fx->account_token);
  expect_from_list (calls, NULL, NULL, &one);
  g_assert_cmpint (one.total, ==, 1);
  assert_analytics (get_analytics (fx, "", &after), &one, today, today);
}

static void
test_settings (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, NULL);
  g_autoptr(SandboxFixture) empty = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, "--empty", NULL);
  g_autoptr(SandboxResponse) demo = NULL;
  g_autoptr(SandboxResponse) defaults = NULL;
  g_autoptr(SandboxResponse) voice = NULL;
  g_autoptr(SandboxResponse) several = NULL;
  g_autoptr(SandboxResponse) nothing = NULL;
  g_autoptr(SandboxResponse) cleared = NULL;
  g_autoptr(SandboxResponse) restarted = NULL;
  g_autofree char *long_greeting = g_strnfill (501, 'g');
  g_autofree char *greeting_body = g_strdup_printf ("{\"greeting\": \"%s\"}", long_greeting);
  g_autofree char *long_language = g_strdup ("en-abcdefgh-abcdefgh-abcdefgh-abcdefgh");
  g_autofree char *language_body = g_strdup_printf ("{\"language\": \"%s\"}", long_language);
  const SandboxInvalidBody cases[] = {
    { "{\"greeting\": \"\"}", "greeting" },
    { "{\"greeting\": null}", "greeting" },
    { "{\"greeting\": 1}", "greeting" },
    { greeting_body, "greeting" },
    { "{\"voice\": \"bob\"}", "voice" },
    { "{\"voice\": \"Aria\"}", "voice" },
    { "{\"voice\": null}", "voice" },
    { "{\"language\": \"e\"}", "language" },
    { "{\"language\": \"en_US\"}", "language" },
    { "{\"language\": \"en-\"}", "language" },
    { "{\"language\": \"-US\"}", "language" },
    { "{\"language\": \"en--US\"}", "language" },
    { "{\"language\": \"12-US\"}", "language" },
    { "{\"language\": \"en-US-abcdefghi\"}", "language" },
    { "{\"language\": \"en US\"}", "language" },
    { "{\"language\": null}", "language" },
    { language_body, "language" },
    { "{\"recording_enabled\": \"yes\"}", "recording_enabled" },
    { "{\"recording_enabled\": 1}", "recording_enabled" },
    { "{\"recording_enabled\": null}", "recording_enabled" },
    { "{\"max_call_duration_seconds\": 59}", "max_call_duration_seconds" },
    { "{\"max_call_duration_seconds\": 7201}", "max_call_duration_seconds" },
    { "{\"max_call_duration_seconds\": 600.5}", "max_call_duration_seconds" },
    { "{\"max_call_duration_seconds\": \"600\"}", "max_call_duration_seconds" },
    { "{\"max_call_duration_seconds\": null}", "max_call_duration_seconds" },
    { "{\"transfer_number\": \"555-0100\"}", "transfer_number" },
    { "{\"transfer_number\": 15550100001}", "transfer_number" },
    { "{\"voice\": \"nova\", \"timezone\": \"UTC\"}", "timezone" },
  };
  JsonObject *settings;

  settings = sandbox_fetch (fx, "/v1/call-settings", &demo);
  sandbox_assert_members (settings, settings_members);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (settings, "greeting"), "Thank you for calling"));
  g_assert_cmpstr (json_object_get_string_member (settings, "voice"), ==, "aria");
  g_assert_cmpstr (json_object_get_string_member (settings, "language"), ==, "en-US");
  g_assert_true (json_object_get_boolean_member (settings, "recording_enabled"));
  g_assert_cmpint (json_object_get_int_member (settings, "max_call_duration_seconds"), ==, 1800);
  g_assert_cmpstr (json_object_get_string_member (settings, "transfer_number"), ==, "+15550100001");

  /* --empty has settings too: the defaults. */
  settings = sandbox_fetch (empty, "/v1/call-settings", &defaults);
  sandbox_assert_members (settings, settings_members);
  g_assert_cmpuint (strlen (json_object_get_string_member (settings, "greeting")), >, 0);
  g_assert_true (json_object_get_null_member (settings, "transfer_number"));

  /* Partial updates: the rest stays. */
  voice = sandbox_fixture_request (fx, "PATCH", "/v1/call-settings", fx->account_token, "{\"voice\": \"james\"}");
  sandbox_assert_status (voice, 200);
  settings = sandbox_response_object (voice);
  sandbox_assert_members (settings, settings_members);
  g_assert_cmpstr (json_object_get_string_member (settings, "voice"), ==, "james");
  g_assert_true (json_object_get_boolean_member (settings, "recording_enabled"));
  g_assert_cmpstr (json_object_get_string_member (settings, "transfer_number"), ==, "+15550100001");

  several = sandbox_fixture_request (fx, "PATCH", "/v1/call-settings", fx->account_token,
                                    "{\"greeting\": \"  Hola, gracias por llamar. \", \"language\": \"es-419\", "
                                    "\"recording_enabled\": false, \"max_call_duration_seconds\": 60}");
  sandbox_assert_status (several, 200);
  settings = sandbox_response_object (several);
  g_assert_cmpstr (json_object_get_string_member (settings, "greeting"), ==, "Hola, gracias por llamar.");
  g_assert_cmpstr (json_object_get_string_member (settings, "language"), ==, "es-419");
  g_assert_false (json_object_get_boolean_member (settings, "recording_enabled"));
  g_assert_cmpint (json_object_get_int_member (settings, "max_call_duration_seconds"), ==, 60);
  g_assert_cmpstr (json_object_get_string_member (settings, "voice"), ==, "james");

  nothing = sandbox_fixture_request (fx, "PATCH", "/v1/call-settings", fx->account_token, "{}");
  sandbox_assert_status (nothing, 200);
  g_assert_true (json_node_equal (nothing->json, several->json));

  cleared = sandbox_fixture_request (fx, "PATCH", "/v1/call-settings", fx->account_token,
                                     "{\"transfer_number\": null, \"max_call_duration_seconds\": 7200}");
  sandbox_assert_status (cleared, 200);
  g_assert_true (json_object_get_null_member (sandbox_response_object (cleared), "transfer_number"));
  g_assert_cmpint (json_object_get_int_member (sandbox_response_object (cleared), "max_call_duration_seconds"), ==, 7200);

  sandbox_check_invalid_bodies (fx, "PATCH", "/v1/call-settings", cases, G_N_ELEMENTS (cases));

  /* Refused updates changed nothing; the settings outlive a restart. */
  sandbox_fixture_restart (fx);
  sandbox_fetch (fx, "/v1/call-settings", &restarted);
  g_assert_true (json_node_equal (restarted->json, cleared->json));

  /* A call placed now takes the agents' language. */
  {
    g_autofree char *id = sandbox_create (fx, "/v1/calls", "{\"to\": \"+15550104444\"}");
    g_autofree char *path = g_strconcat ("/v1/calls/", id, "/transcript", NULL);
    g_autoptr(SandboxResponse) transcript = NULL;

    g_assert_cmpstr (json_object_get_string_member (sandbox_fetch (fx, path, &transcript), "language"), ==, "es-419");
  }
}

static void
test_scopes (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, NULL);
  g_autoptr(JsonArray) calls = sandbox_list_all (fx, "/v1/calls", fx->account_token);
  const char *id = json_object_get_string_member (json_array_get_object_element (calls, 0), "id");
  g_autofree char *call = g_strconcat ("/v1/calls/", id, NULL);
  g_autofree char *transcript = g_strconcat (call, "/transcript", NULL);
  const SandboxScopedRoute routes[] = {
    { "GET", "/v1/calls", NULL, "calls:read" },
    { "GET", call, NULL, "calls:read" },
    { "GET", transcript, NULL, "calls:read" },
    { "GET", "/v1/analytics/calls?from=2026-01-01", NULL, "calls:read" },
    { "GET", "/v1/call-settings", NULL, "calls:read" },
    { "POST", "/v1/calls", "{}", "calls:write" },
    { "PATCH", "/v1/call-settings", "{\"voice\": \"x\"}", "calls:write" },
  };

  sandbox_check_scopes (fx, routes, G_N_ELEMENTS (routes));
}

static void
test_empty (void)
{
  g_autoptr(SandboxFixture) fx = sandbox_fixture_new (SANDBOX_RESOURCE_ARGS, "--empty", NULL);
  g_autoptr(JsonArray) calls = sandbox_list_all (fx, "/v1/calls", fx->account_token);
  g_autoptr(SandboxResponse) unknown_after = sandbox_fixture_request (fx, "GET", "/v1/calls?starting_after=call_00000000",
                                                                      fx->account_token, NULL);

  g_assert_cmpuint (json_array_get_length (calls), ==, 0);
  sandbox_assert_status (unknown_after, 400);
  g_assert_cmpstr (sandbox_response_error_param (unknown_after), ==, "starting_after");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/calls/demo", test_demo_calls);
  g_test_add_func ("/sandbox/calls/create", test_create_call);
  g_test_add_func ("/sandbox/calls/analytics", test_analytics);
  g_test_add_func ("/sandbox/calls/analytics-empty", test_analytics_empty);
  g_test_add_func ("/sandbox/calls/settings", test_settings);
  g_test_add_func ("/sandbox/calls/scopes", test_scopes);
  g_test_add_func ("/sandbox/calls/empty", test_empty);

  return g_test_run ();
}
