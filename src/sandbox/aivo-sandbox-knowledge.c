/* aivo-sandbox-knowledge.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-knowledge"

#include "config.h"

#include "aivo-sandbox-exchange.h"
#include "aivo-sandbox-resources.h"
#include "aivo-sandbox-util.h"
#include "aivo-sandbox-validator.h"
#include "aivo-text.h"

/* /v1/knowledge/articles: what the agents know. Also the string lists that
 * articles (tags) and webhooks (events) keep in one column. */

#define ARTICLE_COLUMNS "id, title, body, tags, status, created_at, updated_at"
#define MAX_TITLE_CHARS 200
#define MAX_BODY_CHARS  100000
#define MAX_TAGS        20
#define MAX_TAG_CHARS   50

/* No item may contain a control character, so U+001F can separate them. */
#define LIST_SEPARATOR  "\x1f"

static const char * const article_fields[] = { "title", "body", "tags", "status", NULL };
static const char * const article_statuses[] = { "draft", "published", NULL };

/* String lists ------------------------------------------------------------ */

/**
 * aivo_sandbox_string_list_join:
 * @items: strings without control characters
 *
 * Returns: (transfer full): @items as one column value ("" for none)
 */
char *
aivo_sandbox_string_list_join (const char * const *items)
{
  if (items == NULL)
    return g_strdup ("");

  for (guint i = 0; items[i] != NULL; i++)
    g_return_val_if_fail (!aivo_text_has_control_chars (items[i], FALSE), NULL);

  return g_strjoinv (LIST_SEPARATOR, (char **) items);
}

/* The list in @column, written as a JSON array of strings. */
void
aivo_sandbox_writer_add_column_list (AivoSandboxJsonWriter *writer,
                                     const char            *member,
                                     sqlite3_stmt          *stmt,
                                     int                    column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  aivo_sandbox_json_writer_set_member_name (writer, member);
  aivo_sandbox_json_writer_begin_array (writer);
  if (text != NULL && text[0] != '\0')
    {
      g_auto(GStrv) items = g_strsplit (text, LIST_SEPARATOR, -1);

      for (guint i = 0; items[i] != NULL; i++)
        aivo_sandbox_json_writer_add_string_value (writer, items[i]);
    }
  aivo_sandbox_json_writer_end_array (writer);
}

/* Articles ----------------------------------------------------------------- */

static void
article_row (AivoSandboxExchange   *ex,
             AivoSandboxJsonWriter *writer,
             sqlite3_stmt          *row)
{
  aivo_sandbox_json_writer_begin_object (writer);
  aivo_sandbox_writer_add_column (writer, "id", row, 0);
  aivo_sandbox_writer_add_column (writer, "title", row, 1);
  aivo_sandbox_writer_add_column (writer, "body", row, 2);
  aivo_sandbox_writer_add_column_list (writer, "tags", row, 3);
  aivo_sandbox_writer_add_column (writer, "status", row, 4);
  aivo_sandbox_writer_add_column_time (writer, "created_at", row, 5);
  aivo_sandbox_writer_add_column_time (writer, "updated_at", row, 6);
  aivo_sandbox_json_writer_end_object (writer);
}

gboolean
aivo_sandbox_article_insert (AivoSandboxDatabase  *db,
                             const char           *id,
                             const char           *title,
                             const char           *body,
                             const char * const   *tags,
                             const char           *status,
                             gint64                created_at,
                             gint64                updated_at,
                             GError              **error)
{
  g_autofree char *tag_list = aivo_sandbox_string_list_join (tags);

  g_return_val_if_fail (AIVO_SANDBOX_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (id != NULL && title != NULL && status != NULL && tag_list != NULL, FALSE);

  return aivo_sandbox_database_execute (db, error,
                                        "INSERT INTO knowledge_articles (id, title, body, tags, status, "
                                        "  created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                        "sssssII", id, title, body != NULL ? body : "", tag_list, status,
                                        created_at, updated_at);
}

/* The fields of a create (title required) or an update (any subset). */
static gboolean
read_article (AivoSandboxExchange  *ex,
              gboolean              creating,
              char                **title,
              char                **body,
              GStrv                *tags,
              const char          **status)
{
  return aivo_sandbox_validate_fields (ex, article_fields) &&
         aivo_sandbox_validate_string (ex, "title",
                                       creating ? AIVO_SANDBOX_FIELD_REQUIRED : AIVO_SANDBOX_FIELD_OPTIONAL,
                                       1, MAX_TITLE_CHARS, title) &&
         aivo_sandbox_validate_string (ex, "body", AIVO_SANDBOX_FIELD_TEXT, 0, MAX_BODY_CHARS, body) &&
         aivo_sandbox_validate_string_array (ex, "tags", AIVO_SANDBOX_FIELD_OPTIONAL, NULL,
                                             0, MAX_TAGS, MAX_TAG_CHARS, tags) &&
         aivo_sandbox_validate_enum (ex, "status", AIVO_SANDBOX_FIELD_OPTIONAL, article_statuses, status);
}

static void
list_articles (AivoSandboxExchange *ex)
{
  aivo_sandbox_exchange_reply_list (ex, "knowledge_articles", ARTICLE_COLUMNS, article_row);
}

static void
get_article (AivoSandboxExchange *ex)
{
  aivo_sandbox_exchange_reply_record (ex, SOUP_STATUS_OK, "knowledge_articles", ARTICLE_COLUMNS,
                                      aivo_sandbox_exchange_get_param (ex, "id"), article_row);
}

static void
create_article (AivoSandboxExchange *ex)
{
  g_autofree char *id = aivo_sandbox_id_new ("art");
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_auto(GStrv) tags = NULL;
  const char *status = NULL;
  g_autoptr(GError) error = NULL;

  if (!read_article (ex, TRUE, &title, &body, &tags, &status))
    return;

  if (!aivo_sandbox_article_insert (ex->db, id, title, body, (const char * const *) tags,
                                    status != NULL ? status : "draft", ex->now, ex->now, &error))
    aivo_sandbox_exchange_reply_internal_error (ex, error);
  else
    aivo_sandbox_exchange_reply_record (ex, SOUP_STATUS_CREATED, "knowledge_articles", ARTICLE_COLUMNS,
                                        id, article_row);
}

static void
update_article (AivoSandboxExchange *ex)
{
  const char *id = aivo_sandbox_exchange_get_param (ex, "id");
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *tag_list = NULL;
  g_auto(GStrv) tags = NULL;
  const char *status = NULL;
  g_autoptr(GError) error = NULL;

  if (!read_article (ex, FALSE, &title, &body, &tags, &status))
    return;

  if (aivo_sandbox_body_has (ex, "tags"))
    tag_list = aivo_sandbox_string_list_join ((const char * const *) tags);

  /* One statement: each field changes only when the body has it. */
  if (!aivo_sandbox_database_execute (ex->db, &error,
                                      "UPDATE knowledge_articles SET "
                                      "  title = CASE WHEN ?1 THEN ?2 ELSE title END,"
                                      "  body = CASE WHEN ?3 THEN ?4 ELSE body END,"
                                      "  tags = CASE WHEN ?5 THEN ?6 ELSE tags END,"
                                      "  status = CASE WHEN ?7 THEN ?8 ELSE status END,"
                                      "  updated_at = CASE WHEN ?9 THEN ?10 ELSE updated_at END "
                                      "WHERE id = ?11",
                                      "bsbsbsbsbIs",
                                      title != NULL, title,
                                      body != NULL, body,
                                      tag_list != NULL, tag_list,
                                      status != NULL, status,
                                      json_object_get_size (ex->body) > 0, ex->now,
                                      id))
    aivo_sandbox_exchange_reply_internal_error (ex, error);
  else if (sqlite3_changes (aivo_sandbox_database_get_handle (ex->db)) == 0)
    aivo_sandbox_exchange_reply_not_found (ex);
  else
    aivo_sandbox_exchange_reply_record (ex, SOUP_STATUS_OK, "knowledge_articles", ARTICLE_COLUMNS,
                                        id, article_row);
}

static void
delete_article (AivoSandboxExchange *ex)
{
  aivo_sandbox_exchange_reply_delete (ex, "knowledge_articles", aivo_sandbox_exchange_get_param (ex, "id"));
}

void
aivo_sandbox_knowledge_register (AivoSandboxRouter *router)
{
  aivo_sandbox_router_add (router, "GET", "/v1/knowledge/articles",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_KNOWLEDGE_READ), list_articles);
  aivo_sandbox_router_add (router, "POST", "/v1/knowledge/articles",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_KNOWLEDGE_WRITE), create_article);
  aivo_sandbox_router_add (router, "GET", "/v1/knowledge/articles/{id}",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_KNOWLEDGE_READ), get_article);
  aivo_sandbox_router_add (router, "PATCH", "/v1/knowledge/articles/{id}",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_KNOWLEDGE_WRITE), update_article);
  aivo_sandbox_router_add (router, "DELETE", "/v1/knowledge/articles/{id}",
                           AIVO_SANDBOX_REQUIRE_SCOPE (AIVO_SCOPE_KNOWLEDGE_WRITE), delete_article);
}
