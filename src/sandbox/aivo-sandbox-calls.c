/* aivo-sandbox-calls.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-calls"

#include "config.h"

#include "aivo-sandbox-exchange.h"
#include "aivo-sandbox-resources.h"
#include "aivo-sandbox-util.h"
#include "aivo-sandbox-validator.h"

/* /v1/calls, their transcripts, /v1/analytics/calls and /v1/call-settings.
 * A call placed through the API stays `queued`: the sandbox dials no one. */

#define CALL_COLUMNS "id, direction, from_number, to_number, agent_id, contact_id, status, " \
                     "started_at, ended_at, duration_seconds, summary, sentiment, created_at"
#define SETTINGS_COLUMNS "greeting, voice, language, recording_enabled, max_call_duration_seconds, transfer_number"
#define MAX_AGENT_ID_CHARS   64
#define MAX_GREETING_CHARS   500
#define MIN_CALL_SECONDS     60
#define MAX_CALL_SECONDS     7200
#define SECONDS_PER_DAY      86400

static const char * const call_fields[] = { "to", "agent_id", NULL };
static const char * const settings_fields[] = {
  "greeting", "voice", "language", "recording_enabled", "max_call_duration_seconds", "transfer_number", NULL
};
static const char * const voices[] = { "aria", "james", "nova", "sol", NULL };

/* Calls -------------------------------------------------------------------- */

static void
call_row (AivoSandboxExchange   *ex,
          AivoSandboxJsonWriter *writer,
          sqlite3_stmt          *row)
{
  aivo_sandbox_json_writer_begin_object (writer);
  aivo_sandbox_writer_add_column (writer, "id", row, 0);
  aivo_sandbox_writer_add_column (writer, "direction", row, 1);
  aivo_sandbox_writer_add_column (writer, "from", row, 2);
  aivo_sandbox_writer_add_column (writer, "to", row, 3);
  aivo_sandbox_writer_add_column (writer, "agent_id", row, 4);
  aivo_sandbox_writer_add_column (writer, "contact_id", row, 5);
  aivo_sandbox_writer_add_column (writer, "status", row, 6);
  aivo_sandbox_writer_add_column_time (writer, "started_at", row, 7);
  aivo_sandbox_writer_add_column_time (writer, "ended_at", row, 8);
  aivo_sandbox_writer_add_column (writer, "duration_seconds", row, 9);
  aivo_sandbox_writer_add_column (writer, "summary", row, 10);
  aivo_sandbox_writer_add_column (writer, "sentiment", row, 11);
  aivo_sandbox_writer_add_column_time (writer, "created_at", row, 12);
  aivo_sandbox_json_writer_end_object (writer);
}

/* duration_seconds follows from the times: 0 until the call has ended. */
gboolean
aivo_sandbox_call_insert (AivoSandboxDatabase  *db,
                          const char           *id,
                          const char           *direction,
                          const char           *from,
                          const char           *to,
                          const char           *agent_id,
                          const char           *contact_id,
                          const char           *status,
                          gint64                started_at,
                          gint64                ended_at,
                          const char           *summary,
                          const char           *sentiment,
                          const char           *language,
                          gint64                created_at,
                          GError              **error)
{
  gint64 duration = started_at > 0 && ended_at > started_at ? ended_at - started_at : 0;

  g_return_val_if_fail (AIVO_SANDBOX_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (id != NULL && direction != NULL && from != NULL && to != NULL && status != NULL, FALSE);

  return aivo_sandbox_database_execute (db, error,
                                        "INSERT INTO calls (id, direction, from_number, to_number, agent_id, "
                                        "  contact_id, status, started_at, ended_at, duration_seconds, summary, "
                                        "  sentiment, language, created_at) "
                                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                                        "sssssssttIsssI", id, direction, from, to, agent_id, contact_id, status,
                                        started_at, ended_at, duration, summary, sentiment,
                                        language != NULL ? language : "en-US", created_at);
}

gboolean
aivo_sandbox_call_segment_insert (AivoSandboxDatabase  *db,
                                  const char           *call_id,
                                  guint                 position,
                                  const char           *speaker,
                                  double                offset_seconds,
                                  const char           *text,
                                  GError              **error)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (call_id != NULL && speaker != NULL && text != NULL, FALSE);
  g_return_val_if_fail (offset_seconds >= 0, FALSE);

  return aivo_sandbox_database_execute (db, error,
                                        "INSERT INTO call_transcript_segments (call_id, position, speaker, "
                                        "  offset_seconds, text) VALUES (?1, ?2, ?3, ?4, ?5)",
                                        "sisds", call_id, (int) position, speaker, offset_seconds, text);
}

static void
list_calls (AivoSandboxExchange *ex)
{
  aivo_sandbox_exchange_reply_list (ex, "calls", CALL_COLUMNS, call_row);
}

static void
get_call (AivoSandboxExchange *ex)
{
  aivo_sandbox_exchange_reply_record (ex, SOUP_STATUS_OK, "calls", CALL_COLUMNS,
                                      aivo_sandbox_exchange_get_param (ex, "id"), call_row);
}

/* An outbound call from the account's number, linked to the first contact
 * with the number called, in the agents' current language. */
static void
create_call (AivoSandboxExchange *ex)
{
  g_autofree char *id = aivo_sandbox_id_new ("call");
  g_autofree char *to = NULL;
  g_autofree char *agent_id = NULL;
  g_autofree char *contact_id = NULL;
  g_autofree char *language = NULL;
  g_autoptr(AivoSandboxStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;

  if (!aivo_sandbox_validate_fields (ex, call_fields) ||
      !aivo_sandbox_validate_phone (ex, "to", AIVO_SANDBOX_FIELD_REQUIRED, &to) ||
      !aivo_sandbox_validate_string (ex, "agent_id", AIVO_SANDBOX_FIELD_OPTIONAL, 1, MAX_AGENT_ID_CHARS, &agent_id))
    return;

  stmt = aivo_sandbox_database_query (ex->db, &error,
                                      "SELECT (SELECT id FROM contacts WHERE phone = ?1 ORDER BY seq LIMIT 1), "
                                      "  (SELECT language FROM call_settings)",
                                      "s", to);
  if (stmt == NULL || !aivo_sandbox_database_step (ex->db, stmt, &error))
    {
      aivo_sandbox_exchange_reply_internal_error (ex, error);
      return;
    }
  contact_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  language = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  g_clear_pointer (&stmt, aivo_sandbox_statement_reset);

  if (!aivo_sandbox_call_insert (ex->db, id, "outbound", AIVO_SANDBOX_ACCOUNT_NUMBER, to, agent_id, contact_id,
                                 "queued", 0, 0, NULL, NULL, language, ex->now, &error))
    aivo_sandbox_exchange_reply_internal_error (ex, error);
  else
    aivo_sandbox_exchange_reply_record (ex, SOUP_STATUS_CREATED, "calls", CALL_COLUMNS, id, call_row);
}

static void
get_transcript (AivoSandboxExchange *ex)
{
  const char *id = aivo_sandbox_exchange_get_param (ex, "id");
  g_autoptr(AivoSandboxJsonWriter) writer = aivo_sandbox_json_writer_new ();
  g_autoptr(AivoSandboxStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = aivo_sandbox_database_query (ex->db, &error, "SELECT id, language FROM calls WHERE id = ?1", "s", id);
  if (stmt == NULL || !aivo_sandbox_database_step (ex->db, stmt, &error))
    {
      if (error != NULL)
        aivo_sandbox_exchange_reply_internal_error (ex, error);
      else
        aivo_sandbox_exchange_reply_not_found (ex);
      return;
    }

  aivo_sandbox_json_writer_begin_object (writer);
  aivo_sandbox_writer_add_column (writer, "call_id", stmt, 0);
  aivo_sandbox_writer_add_column (writer, "language", stmt, 1);
  g_clear_pointer (&stmt, aivo_sandbox_statement_reset);

  aivo_sandbox_json_writer_set_member_name (writer, "segments");
  aivo_sandbox_json_writer_begin_array (writer);
  stmt = aivo_sandbox_database_query (ex->db, &error,
                                      "SELECT speaker, offset_seconds, text FROM call_transcript_segments "
                                      "WHERE call_id = ?1 ORDER BY position",
                                      "s", id);
  while (stmt != NULL && aivo_sandbox_database_step (ex->db, stmt, &error))
    {
      aivo_sandbox_json_writer_begin_object (writer);
      aivo_sandbox_writer_add_column (writer, "speaker", stmt, 0);
      aivo_sandbox_json_writer_set_member_name (writer, "offset_seconds");
      aivo_sandbox_json_writer_add_double_value (writer, sqlite3_column_double (stmt, 1));
      aivo_sandbox_writer_add_column (writer, "text", stmt, 2);
      aivo_sandbox_json_writer_end_object (writer);
    }
  aivo_sandbox_json_writer_end_array (writer);
  aivo_sandbox_json_writer_end_object (writer);

  if (error != NULL)
    aivo_sandbox_exchange_reply_internal_error (ex, error);
  else
    aivo_sandbox_exchange_reply_writer (ex, SOUP_STATUS_OK, writer);
}

/* Analytics ----------------------------------------------------------------- */

/* The query parameter @name as a day number (days since 1970-01-01); FALSE
 * after answering 400 when it is malformed. @given says whether it was sent. */
static gboolean
get_query_day (AivoSandboxExchange *ex,
               const char          *name,
               gint64              *day,
               gboolean            *given)
{
  const char *text = aivo_sandbox_exchange_get_query (ex, name);

  *given = text != NULL;
  if (text == NULL || aivo_sandbox_text_parse_date (text, day))
    return TRUE;

  aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_BAD_REQUEST, "invalid_request", name,
                                     "%s must be a date written YYYY-MM-DD, such as 2026-11-26.", name);
  return FALSE;
}

static void
add_day (AivoSandboxJsonWriter *writer,
         gint64                 day,
         gint64                 calls)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (day * SECONDS_PER_DAY);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");

  aivo_sandbox_json_writer_begin_object (writer);
  aivo_sandbox_json_writer_set_member_name (writer, "date");
  aivo_sandbox_json_writer_add_string_value (writer, text);
  aivo_sandbox_json_writer_set_member_name (writer, "calls");
  aivo_sandbox_json_writer_add_int_value (writer, calls);
  aivo_sandbox_json_writer_end_object (writer);
}

static void
add_count (AivoSandboxJsonWriter *writer,
           const char            *member,
           sqlite3_stmt          *row,
           int                    column)
{
  aivo_sandbox_json_writer_set_member_name (writer, member);
  aivo_sandbox_json_writer_add_int_value (writer, sqlite3_column_int64 (row, column));
}

/* Calls per UTC day of their created_at, oldest first: every day of the
 * range with its count, 0 included. The days before the oldest call and
 * after today, on which there can be no calls, are left out, which also
 * keeps the list short whatever range is asked for. */
static gboolean
add_by_day (AivoSandboxExchange   *ex,
            AivoSandboxJsonWriter *writer,
            gint64                 start,
            gint64                 end,
            GError               **error)
{
  g_autoptr(AivoSandboxStatement) stmt = NULL;
  gint64 oldest = aivo_sandbox_database_query_int (ex->db, -1, "SELECT MIN(created_at) FROM calls", NULL);
  gint64 newest = aivo_sandbox_database_query_int (ex->db, -1, "SELECT MAX(created_at) FROM calls", NULL);
  gint64 first_day = MAX (start, oldest) / SECONDS_PER_DAY;
  gint64 last_day = (MIN (end, MAX (ex->now, newest) + 1) - 1) / SECONDS_PER_DAY;
  gboolean have_row;

  aivo_sandbox_json_writer_set_member_name (writer, "by_day");
  aivo_sandbox_json_writer_begin_array (writer);

  stmt = aivo_sandbox_database_query (ex->db, error,
                                      "SELECT created_at / 86400 AS day, COUNT(*) FROM calls "
                                      "WHERE created_at >= ?1 AND created_at < ?2 GROUP BY day ORDER BY day",
                                      "II", start, end);
  if (stmt == NULL)
    return FALSE;

  have_row = aivo_sandbox_database_step (ex->db, stmt, error);
  for (gint64 day = first_day; oldest >= 0 && day <= last_day; day++)
    {
      gint64 calls = 0;

      if (have_row && sqlite3_column_int64 (stmt, 0) == day)
        {
          calls = sqlite3_column_int64 (stmt, 1);
          have_row = aivo_sandbox_database_step (ex->db, stmt, error);
        }
      add_day (writer, day, calls);
    }

  aivo_sandbox_json_writer_end_array (writer);
  return *error == NULL;
}

static void
get_analytics (AivoSandboxExchange *ex)
{
  g_autoptr(AivoSandboxJsonWriter) writer = aivo_sandbox_json_writer_new ();
  g_autoptr(AivoSandboxStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean from_given, to_given;
  gint64 from_day = 0, to_day = 0;
  gint64 start, end;
  gint64 completed;
  double average = 0;

  if (!get_query_day (ex, "from", &from_day, &from_given) ||
      !get_query_day (ex, "to", &to_day, &to_given))
    return;

  if (from_given && to_given && to_day < from_day)
    {
      aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_BAD_REQUEST, "invalid_request", "to",
                                         "to must be the same day as from or later.");
      return;
    }

  /* UTC days, both ends included; [start, end) in Unix seconds. */
  start = from_given ? from_day * SECONDS_PER_DAY : 0;
  end = to_given ? (to_day + 1) * SECONDS_PER_DAY : G_MAXINT64;

  stmt = aivo_sandbox_database_query (ex->db, &error,
                                      "SELECT COUNT(*), "
                                      "  COALESCE(SUM(status = 'completed'), 0), "
                                      "  COALESCE(SUM(status = 'missed'), 0), "
                                      "  COALESCE(SUM(status = 'failed'), 0), "
                                      "  COALESCE(SUM(CASE WHEN status = 'completed' THEN duration_seconds END), 0), "
                                      "  COALESCE(SUM(sentiment = 'positive'), 0), "
                                      "  COALESCE(SUM(sentiment = 'neutral'), 0), "
                                      "  COALESCE(SUM(sentiment = 'negative'), 0) "
                                      "FROM calls WHERE created_at >= ?1 AND created_at < ?2",
                                      "II", start, end);
  if (stmt == NULL || !aivo_sandbox_database_step (ex->db, stmt, &error))
    {
      aivo_sandbox_exchange_reply_internal_error (ex, error);
      return;
    }

  aivo_sandbox_json_writer_begin_object (writer);
  aivo_sandbox_writer_add_string (writer, "from", aivo_sandbox_exchange_get_query (ex, "from"));
  aivo_sandbox_writer_add_string (writer, "to", aivo_sandbox_exchange_get_query (ex, "to"));
  add_count (writer, "total_calls", stmt, 0);
  add_count (writer, "completed", stmt, 1);
  add_count (writer, "missed", stmt, 2);
  add_count (writer, "failed", stmt, 3);

  /* The mean length of the calls that were answered and finished, to a tenth
   * of a second; missed and failed calls would only drag it towards 0. */
  completed = sqlite3_column_int64 (stmt, 1);
  if (completed > 0)
    average = (double) ((sqlite3_column_int64 (stmt, 4) * 20 / completed + 1) / 2) / 10;
  aivo_sandbox_json_writer_set_member_name (writer, "average_duration_seconds");
  aivo_sandbox_json_writer_add_double_value (writer, average);

  aivo_sandbox_json_writer_set_member_name (writer, "sentiment");
  aivo_sandbox_json_writer_begin_object (writer);
  add_count (writer, "positive", stmt, 5);
  add_count (writer, "neutral", stmt, 6);
  add_count (writer, "negative", stmt, 7);
  aivo_sandbox_json_writer_end_object (writer);
  g_clear_pointer (&stmt, aivo_sandbox_statement_reset);

  if (!add_by_day (ex, writer, start, end, &error))
    {
      aivo_sandbox_exchange_reply_internal_error (ex, error);
      return;
    }
  aivo_sandbox_json_writer_end_object (writer);

  aivo_sandbox_exchange_reply_writer (ex, SOUP_STATUS_OK, writer);
}

/* Call settings -------------------------------------------------------------- */

static void
reply_settings (AivoSandboxExchange *ex)
{
  g_autoptr(AivoSandboxJsonWriter) writer = aivo_sandbox_json_writer_new ();
  g_autoptr(AivoSandboxStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = aivo_sandbox_database_query (ex->db, &error, "SELECT " SETTINGS_COLUMNS " FROM call_settings", NULL);
  if (stmt == NULL || !aivo_sandbox_database_step (ex->db, stmt, &error))
    {
      aivo_sandbox_exchange_reply_internal_error (ex, error);
      return;
    }

  aivo_sandbox_json_writer_begin_object (writer);
  aivo_sandbox_writer_add_column (writer, "greeting", stmt, 0);
  aivo_sandbox_writer_add_column (writer, "voice", stmt, 1);
  aivo_sandbox_writer_add_column (writer, "language", stmt, 2);
  aivo_sandbox_writer_add_column_bool (writer, "recording_enabled", stmt, 3);
  aivo_sandbox_writer_add_column (writer, "max_call_duration_seconds", stmt, 4);
  aivo_sandbox_writer_add_column (writer, "transfer_number", stmt, 5);
  aivo_sandbox_json_writer_end_object (writer);

  aivo_sandbox_exchange_reply_writer (ex, SOUP_STATUS_OK, writer);
}

static void
get_settings (AivoSandboxExchange *ex)
{
  reply_settings (ex);
}

/* A partial update: the fields the body has change, the others stay. */
static void
update_settings (AivoSandboxExchange *ex)
{
  g_autofree char *greeting = NULL;
  g_autofree char *language = NULL;
  g_autofree char *transfer_number = NULL;
  g_autoptr(GError) error = NULL;
  const char *voice = NULL;
  gboolean recording_enabled = FALSE;
  gint64 max_seconds = 0;

  if (!aivo_sandbox_validate_fields (ex, settings_fields) ||
      !aivo_sandbox_validate_string (ex, "greeting", AIVO_SANDBOX_FIELD_OPTIONAL, 1, MAX_GREETING_CHARS, &greeting) ||
      !aivo_sandbox_validate_enum (ex, "voice", AIVO_SANDBOX_FIELD_OPTIONAL, voices, &voice) ||
      !aivo_sandbox_validate_language (ex, "language", AIVO_SANDBOX_FIELD_OPTIONAL, &language) ||
      !aivo_sandbox_validate_bool (ex, "recording_enabled", AIVO_SANDBOX_FIELD_OPTIONAL, &recording_enabled) ||
      !aivo_sandbox_validate_int (ex, "max_call_duration_seconds", AIVO_SANDBOX_FIELD_OPTIONAL,
                                  MIN_CALL_SECONDS, MAX_CALL_SECONDS, &max_seconds) ||
      !aivo_sandbox_validate_phone (ex, "transfer_number", AIVO_SANDBOX_FIELD_NULLABLE, &transfer_number))
    return;

  if (!aivo_sandbox_database_execute (ex->db, &error,
                                      "UPDATE call_settings SET "
                                      "  greeting = CASE WHEN ?1 THEN ?2 ELSE greeting END,"
                                      "  voice = CASE WHEN ?3 THEN ?4 ELSE voice END,"
                                      "  language = CASE WHEN ?5 THEN ?6 ELSE language END,"
                                      "  recording_enabled = CASE WHEN ?7 THEN ?8 ELSE recording_enabled END,"
                                      "  max_call_duration_seconds = CASE WHEN ?9 THEN ?10 "
                                      "    ELSE max_call_duration_seconds END,"
                                      "  transfer_number = CASE WHEN ?11 THEN ?12 ELSE transfer_number END",
                                      "bsbsbsbbbIbs",
                                      greeting != NULL, greeting,
                                      voice != NULL, voice,
                                      language != NULL, language,
                                      aivo_sandbox_body_has (ex, "recording_enabled"), recording_enabled,
                                      aivo_sandbox_body_has (ex, "max_call_duration_seconds"), max_seconds,
                                      aivo_sandbox_body_has (ex, "transfer_number"), transfer_number))
    aivo_sandbox_exchange_reply_internal_error (ex, error);
  else
    reply_settings (ex);
}

void
aivo_sandbox_calls_register (AivoSandboxRouter *router)
{
  aivo_sandbox_router_add (router, "GET", "/v1/calls",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CALLS_READ), list_calls);
  aivo_sandbox_router_add (router, "POST", "/v1/calls",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CALLS_WRITE), create_call);
  aivo_sandbox_router_add (router, "GET", "/v1/calls/{id}",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CALLS_READ), get_call);
  aivo_sandbox_router_add (router, "GET", "/v1/calls/{id}/transcript",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CALLS_READ), get_transcript);
  aivo_sandbox_router_add (router, "GET", "/v1/analytics/calls",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CALLS_READ), get_analytics);
  aivo_sandbox_router_add (router, "GET", "/v1/call-settings",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CALLS_READ), get_settings);
  aivo_sandbox_router_add (router, "PATCH", "/v1/call-settings",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_CALLS_WRITE), update_settings);
}
