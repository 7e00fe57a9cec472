/* aivo-response.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-response"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aivo-response.h"
#include "aivo-client.h"
#include "aivo-json-check.h"
#include "aivo-secure-memory.h"

/*
 * One HTTP exchange as it happened: what the playground shows and what the
 * client reads its answers from. Immutable once made, except that the JSON
 * root is parsed on first use.
 *
 * The body is whatever the server sent (bounded by the client), so JSON is
 * checked (RFC 8259, nesting depth, UTF-8) before json-glib, which recurses,
 * sees it. An answer marked as holding a secret has it taken out first.
 */

struct _AivoResponse
{
  GObject             parent_instance;

  /* Owned */
  char               *method;
  char               *url;
  char               *reason_phrase;
  SoupMessageHeaders *headers;
  GBytes             *body;
  AivoRateLimit      *rate_limit;
  JsonNode           *json;
  GError             *json_error;

  guint               status;
  SoupHTTPVersion     http_version;
  gint64              elapsed_usec;
  gboolean            holds_secret;
  AivoSecret         *secret;         /* the "secret" member, when holds_secret */
};

G_DEFINE_FINAL_TYPE (AivoResponse, aivo_response, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_METHOD,
  PROP_URL,
  PROP_STATUS,
  PROP_REASON_PHRASE,
  PROP_HTTP_VERSION,
  PROP_ELAPSED_USEC,
  PROP_RATE_LIMIT,
  PROP_SUCCESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Overwrites every string in @node: the tree of an answer that carried a
 * secret is freed by json-glib, which does not clear anything. */
static void
clear_json_strings (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObjectIter iter;
        JsonNode *member;

        json_object_iter_init (&iter, object);
        while (json_object_iter_next (&iter, NULL, &member))
          clear_json_strings (member);
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          clear_json_strings (json_array_get_element (array, i));
      }
      break;

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          char *text = (char *) json_node_get_string (node);

          if (text != NULL)
            aivo_secure_clear (text, strlen (text));
        }
      break;

    case JSON_NODE_NULL:
    default:
      break;
    }
}

static void
aivo_response_finalize (GObject *object)
{
  AivoResponse *self = (AivoResponse *)object;

  if (self->holds_secret)
    {
      if (self->json != NULL)
        clear_json_strings (self->json);
      g_clear_pointer (&self->body, aivo_secure_bytes_free);
      g_clear_pointer (&self->secret, aivo_secret_free);
    }

  g_clear_pointer (&self->method, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->reason_phrase, g_free);
  g_clear_pointer (&self->headers, soup_message_headers_unref);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_object (&self->rate_limit);
  g_clear_pointer (&self->json, json_node_unref);
  g_clear_error (&self->json_error);

  G_OBJECT_CLASS (aivo_response_parent_class)->finalize (object);
}

static void
aivo_response_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AivoResponse *self = AIVO_RESPONSE (object);

  switch (prop_id)
    {
    case PROP_METHOD:
      g_value_set_string (value, self->method);
      break;

    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_STATUS:
      g_value_set_uint (value, self->status);
      break;

    case PROP_REASON_PHRASE:
      g_value_set_string (value, self->reason_phrase);
      break;

    case PROP_HTTP_VERSION:
      g_value_set_string (value, aivo_response_get_http_version_string (self));
      break;

    case PROP_ELAPSED_USEC:
      g_value_set_int64 (value, self->elapsed_usec);
      break;

    case PROP_RATE_LIMIT:
      g_value_set_object (value, self->rate_limit);
      break;

    case PROP_SUCCESS:
      g_value_set_boolean (value, aivo_response_is_success (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
read_only_string (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
aivo_response_class_init (AivoResponseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aivo_response_finalize;
  object_class->get_property = aivo_response_get_property;

  /* Read-only: a response never changes, so the playground binds to each new one. */
  properties[PROP_METHOD] = read_only_string ("method");
  properties[PROP_URL] = read_only_string ("url");
  properties[PROP_STATUS] =
    g_param_spec_uint ("status", NULL, NULL, 0, 999, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REASON_PHRASE] = read_only_string ("reason-phrase");
  properties[PROP_HTTP_VERSION] = read_only_string ("http-version");
  properties[PROP_ELAPSED_USEC] =
    g_param_spec_int64 ("elapsed-usec", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RATE_LIMIT] =
    g_param_spec_object ("rate-limit", NULL, NULL, AIVO_TYPE_RATE_LIMIT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUCCESS] =
    g_param_spec_boolean ("success", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aivo_response_init (AivoResponse *self)
{
}

/**
 * aivo_response_new_from_message:
 * @message: a message whose response headers have arrived
 * @body: (nullable): the whole body as read; %NULL for none
 * @elapsed_usec: monotonic time from sending to the last body byte
 * @received_unix: when the response arrived (Unix seconds), for the rate
 *   limit snapshot
 *
 * Returns: (transfer full): a new response
 */
AivoResponse *
aivo_response_new_from_message (SoupMessage *message,
                                GBytes      *body,
                                gint64       elapsed_usec,
                                gint64       received_unix)
{
  AivoResponse *self;
  GUri *uri;

  g_return_val_if_fail (SOUP_IS_MESSAGE (message), NULL);
  g_return_val_if_fail (received_unix >= 0, NULL);

  self = g_object_new (AIVO_TYPE_RESPONSE, NULL);
  self->method = g_strdup (soup_message_get_method (message));
  uri = soup_message_get_uri (message);
  self->url = uri != NULL ? g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO) : g_strdup ("");
  self->status = soup_message_get_status (message);
  self->reason_phrase = aivo_client_dup_printable (soup_message_get_reason_phrase (message), -1,
                                                   AIVO_CLIENT_MAX_QUOTED_CHARS);
  self->http_version = soup_message_get_http_version (message);
  self->headers = soup_message_headers_ref (soup_message_get_response_headers (message));
  self->body = body != NULL ? g_bytes_ref (body) : g_bytes_new (NULL, 0);
  self->elapsed_usec = MAX (elapsed_usec, 0);
  self->rate_limit = aivo_rate_limit_new_from_headers (self->headers, received_unix);

  return self;
}

const char *
aivo_response_get_method (AivoResponse *self)
{
  g_return_val_if_fail (AIVO_IS_RESPONSE (self), NULL);

  return self->method;
}

/* The URL that was requested, without user information. */
const char *
aivo_response_get_url (AivoResponse *self)
{
  g_return_val_if_fail (AIVO_IS_RESPONSE (self), NULL);

  return self->url;
}

guint
aivo_response_get_status (AivoResponse *self)
{
  g_return_val_if_fail (AIVO_IS_RESPONSE (self), 0);

  return self->status;
}

/* Returns: the server's reason phrase, made printable; may be empty */
const char *
aivo_response_get_reason_phrase (AivoResponse *self)
{
  g_return_val_if_fail (AIVO_IS_RESPONSE (self), NULL);

  return self->reason_phrase;
}

SoupHTTPVersion
aivo_response_get_http_version (AivoResponse *self)
{
  g_return_val_if_fail (AIVO_IS_RESPONSE (self), SOUP_HTTP_1_1);

  return self->http_version;
}

/* Returns: "HTTP/1.0", "HTTP/1.1" or "HTTP/2" */
const char *
aivo_response_get_http_version_string (AivoResponse *self)
{
  g_return_val_if_fail (AIVO_IS_RESPONSE (self), NULL);

  switch (self->http_version)
    {
    case SOUP_HTTP_1_0:
      return "HTTP/1.0";

    case SOUP_HTTP_2_0:
      return "HTTP/2";

    case SOUP_HTTP_1_1:
    default:
      return "HTTP/1.1";
    }
}

/**
 * aivo_response_get_headers:
 *
 * Returns: (transfer none): the response headers; do not modify them
 */
SoupMessageHeaders *
aivo_response_get_headers (AivoResponse *self)
{
  g_return_val_if_fail (AIVO_IS_RESPONSE (self), NULL);

  return self->headers;
}

/* Returns: (nullable): the media type without parameters */
const char *
aivo_response_get_content_type (AivoResponse *self)
{
  g_return_val_if_fail (AIVO_IS_RESPONSE (self), NULL);

  return soup_message_headers_get_content_type (self->headers, NULL);
}

/**
 * aivo_response_get_body:
 *
 * Returns: (transfer none): the body, possibly empty
 */
GBytes *
aivo_response_get_body (AivoResponse *self)
{
  g_return_val_if_fail (AIVO_IS_RESPONSE (self), NULL);

  return self->body;
}

/* Microseconds of monotonic time from sending to the last body byte. */
gint64
aivo_response_get_elapsed_usec (AivoResponse *self)
{
  g_return_val_if_fail (AIVO_IS_RESPONSE (self), 0);

  return self->elapsed_usec;
}

/**
 * aivo_response_get_rate_limit:
 *
 * Returns: (transfer none): what the headers said about the rate limit;
 *   empty (aivo_rate_limit_is_empty()) when they said nothing
 */
AivoRateLimit *
aivo_response_get_rate_limit (AivoResponse *self)
{
  g_return_val_if_fail (AIVO_IS_RESPONSE (self), NULL);

  return self->rate_limit;
}

gboolean
aivo_response_is_success (AivoResponse *self)
{
  g_return_val_if_fail (AIVO_IS_RESPONSE (self), FALSE);

  return SOUP_STATUS_IS_SUCCESSFUL (self->status);
}

/* JSON ---------------------------------------------------------------------- */

/* A credential's characters: base62 and "_". */
static gboolean
is_credential_text (const char *text,
                    gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '_')
      return FALSE;

  return length > 0;
}

typedef struct
{
  char  *masked;        /* a copy of the body, once a secret is found */
  gsize  secret_start;  /* of the last "secret" string, or 0 */
  gsize  secret_end;
} SecretMembers;

static void
mask_secret_member (gsize    value_start,
                    gsize    value_end,
                    gpointer user_data)
{
  SecretMembers *members = user_data;

  /* Strings only. Masking the whole content keeps the text valid JSON,
   * escapes and all. */
  if (members->masked[value_start] != '"')
    return;

  memset (members->masked + value_start + 1, '*', value_end - value_start - 2);
  /* json-glib keeps the last of several members. */
  members->secret_start = value_start + 1;
  members->secret_end = value_end - 1;
}

/* For an answer that holds a secret: takes the top-level "secret" string
 * into self->secret (when it is made of a credential's characters) and
 * returns a copy of the body in which every such string is masked, for
 * json-glib, whose scanner copies every string it reads and frees the
 * copies without clearing them. Returns NULL when there is none. */
static char *
take_secret_member (AivoResponse *self,
                    const char   *data,
                    gsize         length)
{
  SecretMembers members = { g_memdup2 (data, length), 0, 0 };
  const char *secret;
  gsize secret_length;

  aivo_json_foreach_member (data, length, "secret", mask_secret_member, &members);
  if (members.secret_start == 0)
    {
      g_free (members.masked);
      return NULL;
    }

  secret = data + members.secret_start;
  secret_length = members.secret_end - members.secret_start;
  if (is_credential_text (secret, secret_length))
    {
      g_clear_pointer (&self->secret, aivo_secret_free);
      self->secret = g_strndup (secret, secret_length);
    }

  return members.masked;
}

static JsonNode *
parse_json (AivoResponse  *self,
            GError       **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *masked = NULL;
  const char *problem = NULL;
  gsize length = 0;
  gsize offset = 0;
  const char *data = g_bytes_get_data (self->body, &length);

  if (length == 0)
    {
      g_set_error_literal (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_BAD_RESPONSE,
                           _("The server sent an empty answer where JSON was expected. Check "
                             "that the address points to an AIVO API server."));
      return NULL;
    }

  if (memchr (data, '\0', length) != NULL || !g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_BAD_RESPONSE,
                           _("The server’s answer is not JSON: it is not valid UTF-8 text. Check "
                             "that the address points to an AIVO API server."));
      return NULL;
    }

  switch (aivo_json_check (data, length, AIVO_RESPONSE_MAX_JSON_DEPTH, &offset, &problem))
    {
    case AIVO_JSON_CHECK_TOO_DEEP:
      g_set_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_BAD_RESPONSE,
                   _("The server’s answer nests JSON more than %d levels deep, which the app "
                     "does not read. Check that the address points to an AIVO API server."),
                   AIVO_RESPONSE_MAX_JSON_DEPTH);
      return NULL;

    case AIVO_JSON_CHECK_SYNTAX:
      g_set_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_BAD_RESPONSE,
                   _("The server’s answer is not valid JSON (error at byte %" G_GSIZE_FORMAT "): %s. "
                     "Check that the address points to an AIVO API server."),
                   offset + 1, problem);
      return NULL;

    case AIVO_JSON_CHECK_OK:
    default:
      break;
    }

  if (self->holds_secret && (masked = take_secret_member (self, data, length)) != NULL)
    data = masked;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      reason = aivo_client_dup_printable (local_error->message, -1, AIVO_CLIENT_MAX_QUOTED_CHARS);
      g_set_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_BAD_RESPONSE,
                   _("The server’s answer is not valid JSON (%s). Check that the address "
                     "points to an AIVO API server."),
                   reason);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_BAD_RESPONSE,
                           _("The server sent an empty answer where JSON was expected. Check "
                             "that the address points to an AIVO API server."));
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

/**
 * aivo_response_get_json:
 *
 * Parses the body on first call; later calls give the same root (or the
 * same error again).
 *
 * Returns: (transfer none) (nullable): the JSON root, or %NULL with @error
 *   (%AIVO_CLIENT_ERROR_BAD_RESPONSE) when the body is not JSON
 */
JsonNode *
aivo_response_get_json (AivoResponse  *self,
                        GError       **error)
{
  g_return_val_if_fail (AIVO_IS_RESPONSE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->json == NULL && self->json_error == NULL)
    self->json = parse_json (self, &self->json_error);

  if (self->json_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->json_error));
      return NULL;
    }

  return self->json;
}

/**
 * aivo_response_mark_secret:
 *
 * Says the body holds a secret (the answer to creating or rotating a key):
 * the body and every string of the parsed JSON are cleared when the
 * response is finalized. Only for responses whose body and JSON nobody
 * else keeps a reference to.
 */
void
aivo_response_mark_secret (AivoResponse *self)
{
  g_return_if_fail (AIVO_IS_RESPONSE (self));
  /* Afterwards would be too late: json-glib would have seen the secret. */
  g_return_if_fail (self->json == NULL && self->json_error == NULL);

  self->holds_secret = TRUE;
}

/**
 * aivo_response_peek_secret:
 *
 * The top-level "secret" string of an answer marked with
 * aivo_response_mark_secret(), taken from the body before json-glib read
 * it: in the JSON tree that member is masked. Parses the body if that has
 * not happened yet.
 *
 * Returns: (nullable): the secret, valid as long as @self; %NULL when the
 *   answer is not marked, is not JSON, or has no such string made of a
 *   credential's characters
 */
const char *
aivo_response_peek_secret (AivoResponse *self)
{
  g_return_val_if_fail (AIVO_IS_RESPONSE (self), NULL);

  if (!self->holds_secret)
    return NULL;

  aivo_response_get_json (self, NULL);
  return self->secret;
}
