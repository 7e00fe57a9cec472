/* aivo-sandbox-exchange.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-exchange"

#include "config.h"

#include <string.h>

#include "aivo-sandbox-exchange-private.h"
#include "aivo-secure-memory.h"

#define DEFAULT_PAGE_SIZE 20
#define MAX_PAGE_SIZE     100

AivoSandboxExchange *
aivo_sandbox_exchange_new (SoupServerMessage   *msg,
                           AivoSandboxServer   *server,
                           AivoSandboxDatabase *db)
{
  AivoSandboxExchange *ex = g_new0 (AivoSandboxExchange, 1);

  ex->msg = msg;
  ex->server = server;
  ex->db = db;
  ex->now = g_get_real_time () / G_USEC_PER_SEC;

  return ex;
}

void
aivo_sandbox_exchange_free (AivoSandboxExchange *ex)
{
  if (ex == NULL)
    return;

  for (guint i = 0; i < ex->n_params; i++)
    {
      g_free (ex->param_names[i]);
      g_free (ex->param_values[i]);
    }
  g_clear_pointer (&ex->query, g_hash_table_unref);
  g_clear_pointer (&ex->principal.key_id, g_free);
  g_clear_pointer (&ex->body_node, json_node_unref);
  g_clear_pointer (&ex->error_code, g_free);
  g_clear_pointer (&ex->error_param, g_free);
  g_clear_pointer (&ex->body_bytes, g_byte_array_unref);
  g_free (ex);
}

void
aivo_sandbox_exchange_set_match (AivoSandboxExchange         *ex,
                                 const AivoSandboxRouteMatch *match)
{
  g_assert (ex->n_params == 0);

  ex->route = match->route;
  ex->n_params = match->n_params;
  for (guint i = 0; i < match->n_params; i++)
    {
      ex->param_names[i] = g_strndup (match->param_names[i], match->param_name_lengths[i]);
      ex->param_values[i] = g_strndup (match->param_values[i], match->param_value_lengths[i]);
    }
}

/* Takes @body_node, which must hold an object. */
void
aivo_sandbox_exchange_set_body (AivoSandboxExchange *ex,
                                JsonNode            *body_node)
{
  g_return_if_fail (JSON_NODE_HOLDS_OBJECT (body_node));

  g_clear_pointer (&ex->body_node, json_node_unref);
  ex->body_node = body_node;
  ex->body = json_node_get_object (body_node);
}

/* The path parameter @name of the route's template, e.g. "id". */
const char *
aivo_sandbox_exchange_get_param (AivoSandboxExchange *ex,
                                 const char          *name)
{
  g_return_val_if_fail (ex != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < ex->n_params; i++)
    if (g_str_equal (ex->param_names[i], name))
      return ex->param_values[i];

  return NULL;
}

/* One name or value of a query string, as a form decodes it ("+" is a
 * space); NULL when an escape is malformed or decodes to NUL, which would cut
 * the text short without anyone noticing ("limit=1%00junk" read as 1). */
static char *
decode_query_part (const char *start,
                   const char *end)
{
  g_autofree char *plus_as_space = g_strndup (start, end - start);

  g_strdelimit (plus_as_space, "+", ' ');
  return g_uri_unescape_string (plus_as_space, NULL);
}

/**
 * aivo_sandbox_exchange_parse_query:
 * @raw_query: (nullable): the query string as sent (still percent-encoded)
 *
 * Decodes the query parameters. A malformed one, or one given twice (which
 * value would count?), is answered with 400 invalid_request naming it.
 *
 * Returns: whether the query is usable
 */
gboolean
aivo_sandbox_exchange_parse_query (AivoSandboxExchange *ex,
                                   const char          *raw_query)
{
  const char *p = raw_query;

  g_return_val_if_fail (ex != NULL, FALSE);
  g_return_val_if_fail (ex->query == NULL, FALSE);

  if (raw_query == NULL || *raw_query == '\0')
    return TRUE;

  ex->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  while (*p != '\0')
    {
      const char *end = p + strcspn (p, "&");
      const char *equals = memchr (p, '=', end - p);
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      /* "a&&b" and a bare "a" carry nothing, as in an HTML form. */
      if (equals != NULL)
        {
          name = decode_query_part (p, equals);
          value = decode_query_part (equals + 1, end);

          if (name == NULL || value == NULL || !g_utf8_validate (name, -1, NULL) || !g_utf8_validate (value, -1, NULL))
            {
              aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_BAD_REQUEST, "invalid_request", NULL,
                                                 "A query parameter is malformed (a bad %%-escape, a NUL "
                                                 "character or text that is not UTF-8). Encode names and "
                                                 "values as URLs require.");
              return FALSE;
            }

          if (g_hash_table_contains (ex->query, name))
            {
              g_autofree char *shown = g_utf8_make_valid (name, MIN (strlen (name), 64));

              aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_BAD_REQUEST, "invalid_request", shown,
                                                 "The query parameter “%s” is given more than once; "
                                                 "give it once.", shown);
              return FALSE;
            }

          g_hash_table_insert (ex->query, g_steal_pointer (&name), g_steal_pointer (&value));
        }

      p = *end == '&' ? end + 1 : end;
    }

  return TRUE;
}

const char *
aivo_sandbox_exchange_get_query (AivoSandboxExchange *ex,
                                 const char          *name)
{
  g_return_val_if_fail (ex != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return ex->query != NULL ? g_hash_table_lookup (ex->query, name) : NULL;
}

gboolean
aivo_sandbox_exchange_has_replied (AivoSandboxExchange *ex)
{
  g_return_val_if_fail (ex != NULL, FALSE);

  return ex->status != 0;
}

static void
set_number_header (SoupMessageHeaders *headers,
                   const char         *name,
                   gint64              value)
{
  char text[24];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  soup_message_headers_replace (headers, name, text);
}

/* Every response carries the limit it was counted against, in the legacy
 * X-RateLimit-* form and in draft-ietf-httpapi-ratelimit-headers-10's. */
static void
add_rate_limit_headers (AivoSandboxExchange *ex,
                        SoupMessageHeaders  *headers)
{
  const AivoSandboxRateDecision *rate = &ex->rate;
  char text[96];

  if (rate->window == 0)
    return;

  set_number_header (headers, "X-RateLimit-Limit", rate->limit);
  set_number_header (headers, "X-RateLimit-Remaining", rate->remaining);
  set_number_header (headers, "X-RateLimit-Reset", rate->reset);

  g_snprintf (text, sizeof text, "\"default\";q=%u;w=%u", rate->limit, rate->window);
  soup_message_headers_replace (headers, "RateLimit-Policy", text);
  g_snprintf (text, sizeof text, "\"default\";r=%u;t=%u", rate->remaining, rate->retry_after);
  soup_message_headers_replace (headers, "RateLimit", text);

  if (!rate->admitted)
    set_number_header (headers, "Retry-After", rate->retry_after);
}

/* libsoup 3.2 knows no phrase for these. */
static const char *
reason_phrase (guint status)
{
  switch (status)
    {
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    default:
      return NULL;
    }
}

/* The one place an answer is given. Takes @body. */
static void
send_reply (AivoSandboxExchange *ex,
            guint                status,
            const char          *content_type,
            GBytes              *body)
{
  SoupMessageHeaders *headers;
  SoupMessageBody *response_body;

  if (ex->status != 0)
    {
      g_critical ("A %u answer was given to a request already answered with %u", status, ex->status);
      g_clear_pointer (&body, g_bytes_unref);
      return;
    }

  ex->status = status;

  if (ex->msg == NULL)
    {
      g_clear_pointer (&body, g_bytes_unref);
      return;
    }

  headers = soup_server_message_get_response_headers (ex->msg);
  add_rate_limit_headers (ex, headers);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer realm=\"aivo\"");
  if (ex->close_connection)
    soup_message_headers_replace (headers, "Connection", "close");

  soup_server_message_set_status (ex->msg, status, reason_phrase (status));

  response_body = soup_server_message_get_response_body (ex->msg);
  soup_message_body_truncate (response_body);
  if (body != NULL)
    {
      soup_message_headers_set_content_type (headers, content_type, NULL);
      soup_message_body_append_bytes (response_body, body);
      g_bytes_unref (body);
    }
}

/* Answers @status with what @writer wrote (which it takes out). */
void
aivo_sandbox_exchange_reply_writer (AivoSandboxExchange   *ex,
                                    guint                  status,
                                    AivoSandboxJsonWriter *writer)
{
  char *text;
  gsize length;

  g_return_if_fail (ex != NULL);
  g_return_if_fail (writer != NULL);

  text = aivo_sandbox_json_writer_steal_text (writer, &length);
  send_reply (ex, status, "application/json", g_bytes_new_take (text, length));
}

static void
clear_and_free (gpointer data)
{
  aivo_secret_free (data);
}

/**
 * aivo_sandbox_exchange_reply_writer_with_secret:
 * @writer: a JSON object, written (without the secret); its text is taken
 * @secret: base62 text, added as the member "secret"
 *
 * The secret never enters the writer's buffer (which grows by realloc, and
 * nobody clears): it is appended to the finished object in a buffer that is
 * cleared when libsoup has sent it.
 */
void
aivo_sandbox_exchange_reply_writer_with_secret (AivoSandboxExchange   *ex,
                                                guint                  status,
                                                AivoSandboxJsonWriter *writer,
                                                const char            *secret)
{
  g_autofree char *text = NULL;
  gsize length;
  char *buffer;
  gsize size;

  g_return_if_fail (ex != NULL);
  g_return_if_fail (writer != NULL);
  g_return_if_fail (secret != NULL);

  for (const char *p = secret; *p != '\0'; p++)
    g_return_if_fail (g_ascii_isalnum (*p) || *p == '_');

  text = aivo_sandbox_json_writer_steal_text (writer, &length);
  g_return_if_fail (length >= 2 && text[0] == '{' && text[length - 1] == '}');

  size = length + strlen (secret) + 16;
  buffer = g_malloc0 (size);
  g_snprintf (buffer, size, "%.*s%s\"secret\":\"%s\"}",
              (int) (length - 1), text, length > 2 ? "," : "", secret);

  send_reply (ex, status, "application/json",
              g_bytes_new_with_free_func (buffer, strlen (buffer), clear_and_free, buffer));
}

void
aivo_sandbox_exchange_reply_bytes (AivoSandboxExchange *ex,
                                   guint                status,
                                   const char          *content_type,
                                   GBytes              *bytes)
{
  g_return_if_fail (ex != NULL);
  g_return_if_fail (content_type != NULL);
  g_return_if_fail (bytes != NULL);

  send_reply (ex, status, content_type, g_bytes_ref (bytes));
}

void
aivo_sandbox_exchange_reply_no_content (AivoSandboxExchange *ex)
{
  g_return_if_fail (ex != NULL);

  send_reply (ex, SOUP_STATUS_NO_CONTENT, NULL, NULL);
}

static void G_GNUC_PRINTF (6, 0)
reply_error_va (AivoSandboxExchange *ex,
                guint                status,
                const char          *code,
                const char          *param,
                const char          *required_scope,
                const char          *format,
                va_list              args)
{
  g_autoptr(AivoSandboxJsonWriter) writer = aivo_sandbox_json_writer_new ();
  g_autofree char *message = g_strdup_vprintf (format, args);

  g_free (ex->error_code);
  ex->error_code = g_strdup (code);
  g_free (ex->error_param);
  ex->error_param = g_strdup (param);

  aivo_sandbox_json_writer_begin_object (writer);
  aivo_sandbox_json_writer_set_member_name (writer, "error");
  aivo_sandbox_json_writer_begin_object (writer);
  aivo_sandbox_json_writer_set_member_name (writer, "code");
  aivo_sandbox_json_writer_add_string_value (writer, code);
  aivo_sandbox_json_writer_set_member_name (writer, "message");
  aivo_sandbox_json_writer_add_string_value (writer, message);
  if (param != NULL)
    {
      aivo_sandbox_json_writer_set_member_name (writer, "param");
      aivo_sandbox_json_writer_add_string_value (writer, param);
    }
  if (required_scope != NULL)
    {
      aivo_sandbox_json_writer_set_member_name (writer, "required_scope");
      aivo_sandbox_json_writer_add_string_value (writer, required_scope);
    }
  aivo_sandbox_json_writer_end_object (writer);
  aivo_sandbox_json_writer_end_object (writer);

  aivo_sandbox_exchange_reply_writer (ex, status, writer);
}

/**
 * aivo_sandbox_exchange_reply_error:
 * @code: the API's error code, e.g. "validation_failed"
 * @param: (nullable): the field or parameter at fault
 * @format: the message: a sentence saying what is wrong and what to do
 */
void
aivo_sandbox_exchange_reply_error (AivoSandboxExchange *ex,
                                   guint                status,
                                   const char          *code,
                                   const char          *param,
                                   const char          *format,
                                   ...)
{
  va_list args;

  g_return_if_fail (ex != NULL);
  g_return_if_fail (code != NULL);
  g_return_if_fail (format != NULL);

  va_start (args, format);
  reply_error_va (ex, status, code, param, NULL, format, args);
  va_end (args);
}

/* 403 insufficient_scope; @scope is NULL when no scope would do (an API key
 * on a route for the account token only). */
void
aivo_sandbox_exchange_reply_forbidden (AivoSandboxExchange *ex,
                                       const char          *scope,
                                       const char          *format,
                                       ...)
{
  va_list args;

  g_return_if_fail (ex != NULL);

  va_start (args, format);
  reply_error_va (ex, SOUP_STATUS_FORBIDDEN, "insufficient_scope", NULL, scope, format, args);
  va_end (args);
}

/* 404 for a record named by the route's "id" parameter. */
void
aivo_sandbox_exchange_reply_not_found (AivoSandboxExchange *ex)
{
  const char *id;
  g_autofree char *shown = NULL;

  g_return_if_fail (ex != NULL);

  id = aivo_sandbox_exchange_get_param (ex, "id");
  if (id == NULL)
    {
      aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_NOT_FOUND, "not_found", NULL,
                                         "Nothing was found here.");
      return;
    }

  shown = g_utf8_make_valid (id, MIN (strlen (id), 64));
  aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_NOT_FOUND, "not_found", NULL,
                                     "Nothing has the id “%s”: it may have been deleted. "
                                     "List the collection to see the ids that exist.", shown);
}

/* A failure of the sandbox itself, not of the request. */
void
aivo_sandbox_exchange_reply_internal_error (AivoSandboxExchange *ex,
                                            const GError        *error)
{
  g_return_if_fail (ex != NULL);

  g_warning ("%s %s failed: %s",
             ex->route != NULL ? ex->route->method : "?",
             ex->route != NULL ? ex->route->path_template : "?",
             error != NULL ? error->message : "unknown error");

  aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", NULL,
                                     "The sandbox could not complete the request. "
                                     "Try again; if it keeps failing, restart the sandbox.");
}

/* limit: 1 … 100, default 20, digits only. */
static gboolean
get_page_limit (AivoSandboxExchange *ex,
                guint               *limit)
{
  const char *text = aivo_sandbox_exchange_get_query (ex, "limit");
  guint64 value;

  *limit = DEFAULT_PAGE_SIZE;
  if (text == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, 1, MAX_PAGE_SIZE, &value, NULL) || text[0] == '+')
    {
      aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_BAD_REQUEST, "invalid_request", "limit",
                                         "limit must be a whole number from 1 to %d.", MAX_PAGE_SIZE);
      return FALSE;
    }

  *limit = (guint) value;
  return TRUE;
}

/**
 * aivo_sandbox_exchange_reply_list:
 * @table: a table with `seq` and `id` columns (a constant, never user input)
 * @columns: the columns @row_func reads, e.g. "id, name, created_at"
 * @row_func: adds one item per row
 *
 * Answers a list request: `limit` (1–100, default 20) and `starting_after`
 * (an id of @table) from the query, oldest first, as
 * {"data": […], "has_more": bool}; a malformed `limit` or an unknown
 * `starting_after` gets 400 invalid_request.
 */
void
aivo_sandbox_exchange_reply_list (AivoSandboxExchange *ex,
                                  const char          *table,
                                  const char          *columns,
                                  AivoSandboxRowFunc   row_func)
{
  g_autoptr(AivoSandboxJsonWriter) writer = NULL;
  g_autoptr(AivoSandboxStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  const char *starting_after;
  gint64 after_seq = 0;
  gboolean has_more = FALSE;
  guint limit;
  guint n_rows = 0;

  g_return_if_fail (ex != NULL);
  g_return_if_fail (table != NULL && columns != NULL && row_func != NULL);

  if (!get_page_limit (ex, &limit))
    return;

  starting_after = aivo_sandbox_exchange_get_query (ex, "starting_after");
  if (starting_after != NULL)
    {
      g_autofree char *seq_sql = g_strdup_printf ("SELECT seq FROM %s WHERE id = ?1", table);

      after_seq = aivo_sandbox_database_query_int (ex->db, -1, seq_sql, "s", starting_after);
      if (after_seq < 0)
        {
          aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_BAD_REQUEST, "invalid_request", "starting_after",
                                             "starting_after must be the id of an item in this list; "
                                             "none has that id (it may have been deleted).");
          return;
        }
    }

  sql = g_strdup_printf ("SELECT %s FROM %s WHERE seq > ?1 ORDER BY seq LIMIT ?2", columns, table);
  stmt = aivo_sandbox_database_query (ex->db, &error, sql, "Ii", after_seq, (int) limit + 1);
  if (stmt == NULL)
    {
      aivo_sandbox_exchange_reply_internal_error (ex, error);
      return;
    }

  writer = aivo_sandbox_json_writer_new ();
  aivo_sandbox_json_writer_begin_object (writer);
  aivo_sandbox_json_writer_set_member_name (writer, "data");
  aivo_sandbox_json_writer_begin_array (writer);
  while (aivo_sandbox_database_step (ex->db, stmt, &error))
    {
      if (n_rows++ == limit)
        {
          has_more = TRUE;
          break;
        }
      row_func (ex, writer, stmt);
    }
  aivo_sandbox_json_writer_end_array (writer);
  aivo_sandbox_json_writer_set_member_name (writer, "has_more");
  aivo_sandbox_json_writer_add_boolean_value (writer, has_more);
  aivo_sandbox_json_writer_end_object (writer);

  if (error != NULL)
    aivo_sandbox_exchange_reply_internal_error (ex, error);
  else
    aivo_sandbox_exchange_reply_writer (ex, SOUP_STATUS_OK, writer);
}

/**
 * aivo_sandbox_exchange_reply_record:
 * @id: the record's id
 *
 * Answers @status with the row of @table whose id is @id, or 404.
 */
void
aivo_sandbox_exchange_reply_record (AivoSandboxExchange *ex,
                                    guint                status,
                                    const char          *table,
                                    const char          *columns,
                                    const char          *id,
                                    AivoSandboxRowFunc   row_func)
{
  g_autoptr(AivoSandboxJsonWriter) writer = NULL;
  g_autoptr(AivoSandboxStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  g_return_if_fail (ex != NULL);
  g_return_if_fail (table != NULL && columns != NULL && row_func != NULL);

  sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?1", columns, table);
  stmt = aivo_sandbox_database_query (ex->db, &error, sql, "s", id);
  if (stmt == NULL)
    {
      aivo_sandbox_exchange_reply_internal_error (ex, error);
      return;
    }

  if (!aivo_sandbox_database_step (ex->db, stmt, &error))
    {
      if (error != NULL)
        aivo_sandbox_exchange_reply_internal_error (ex, error);
      else
        aivo_sandbox_exchange_reply_not_found (ex);
      return;
    }

  writer = aivo_sandbox_json_writer_new ();
  row_func (ex, writer, stmt);
  aivo_sandbox_exchange_reply_writer (ex, status, writer);
}

/* Deletes the row of @table whose id is @id: 204, or 404 if there is none. */
void
aivo_sandbox_exchange_reply_delete (AivoSandboxExchange *ex,
                                    const char          *table,
                                    const char          *id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  g_return_if_fail (ex != NULL);
  g_return_if_fail (table != NULL);

  sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", table);
  if (!aivo_sandbox_database_execute (ex->db, &error, sql, "s", id))
    aivo_sandbox_exchange_reply_internal_error (ex, error);
  else if (sqlite3_changes (aivo_sandbox_database_get_handle (ex->db)) == 0)
    aivo_sandbox_exchange_reply_not_found (ex);
  else
    aivo_sandbox_exchange_reply_no_content (ex);
}
