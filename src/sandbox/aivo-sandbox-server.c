/* aivo-sandbox-server.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-server"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <gio/gunixsocketaddress.h>
#include <libsoup/soup.h>

#include "aivo-credential.h"
#include "aivo-secure-memory.h"
#include "aivo-sandbox-exchange-private.h"
#include "aivo-sandbox-json.h"
#include "aivo-sandbox-rate-limiter.h"
#include "aivo-sandbox-request-guard.h"
#include "aivo-sandbox-resources.h"
#include "aivo-sandbox-server.h"

/* The sandbox's HTTP side: SoupServer on the GMainContext that was the
 * thread's default when start() was called, fed through our own listener so
 * every connection passes an AivoSandboxRequestGuard.
 *
 * Each request goes through dispatch_headers() as soon as its headers are in
 * (credential, rate limit, route, scope, body size and type: API.md's order),
 * so a refused request is answered without waiting for its body (and without
 * keeping it: bodies are collected here, up to 1 MiB, never by libsoup). The
 * handler runs from dispatch_body() once the body is complete.
 *
 * Everything runs on that one context, and nothing between the rate-limit
 * check and its count can yield, which is what makes admission exact.
 *
 * No client can hold the others up: a request must arrive whole within
 * "request-timeout" seconds of its first byte (else 408) and a kept-alive
 * connection must begin its next request within "idle-timeout" seconds; out
 * of file descriptors, the connection that waited longest makes room. */

#define LAST_USED_FLUSH_SECONDS 2
#define STOP_GRACE_USEC         (3 * G_USEC_PER_SEC)
#define ACCEPT_RETRY_MSEC       20
#define FD_WARNING_USEC         (10 * G_USEC_PER_SEC)
#define EXCHANGE_KEY            "aivo-sandbox-exchange"
#define GUARD_KEY               "aivo-sandbox-request-guard"

struct _AivoSandboxServer
{
  GObject                  parent_instance;

  /* Configuration */
  char                    *data_dir;
  AivoSandboxPlan          plan;
  guint                    rate_limit;        /* as configured; 0: the plan's */
  guint                    window_seconds;
  gboolean                 empty;
  guint                    request_timeout;   /* seconds a request may take to arrive */
  guint                    idle_timeout;      /* seconds a connection may wait for its next request */

  /* Owned */
  AivoSandboxRouter       *router;
  AivoSandboxRateLimiter  *limiter;
  GMainContext            *context;
  SoupServer              *soup;
  GSocketListener         *listener;
  GCancellable            *accept_cancellable;
  AivoSandboxDatabase     *db;
  AivoCredential          *account_token;
  char                    *account_token_digest;
  char                    *account_id;
  char                    *base_url;
  GHashTable              *pending_last_used;  /* key id → Unix time */
  GSource                 *flush_source;
  GPtrArray               *connections;        /* AivoSandboxRequestGuard (weak), one a connection */
  GSource                 *sweep_source;
  GSource                 *accept_retry_source;
  gint64                   fd_warned_at;       /* monotonic */

  guint                    limit;             /* resolved, a window */
  guint                    port;
  guint                    in_flight;
  gboolean                 running;
};

G_DEFINE_FINAL_TYPE (AivoSandboxServer, aivo_sandbox_server, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (AivoSandboxPlan, aivo_sandbox_plan,
  G_DEFINE_ENUM_VALUE (AIVO_SANDBOX_PLAN_STARTER, "starter"),
  G_DEFINE_ENUM_VALUE (AIVO_SANDBOX_PLAN_PROFESSIONAL, "professional"),
  G_DEFINE_ENUM_VALUE (AIVO_SANDBOX_PLAN_ENTERPRISE, "enterprise"))

enum {
  PROP_0,
  PROP_DATA_DIR,
  PROP_PLAN,
  PROP_RATE_LIMIT,
  PROP_WINDOW_SECONDS,
  PROP_EMPTY,
  PROP_REQUEST_TIMEOUT,
  PROP_IDLE_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Each file of handlers adds its routes here. */
static void (* const registrars[]) (AivoSandboxRouter *router) = {
  aivo_sandbox_keys_register,
  aivo_sandbox_account_register,
  aivo_sandbox_openapi_register,
  aivo_sandbox_calls_register,
  aivo_sandbox_knowledge_register,
  aivo_sandbox_appointments_register,
  aivo_sandbox_contacts_register,
  aivo_sandbox_webhooks_register,
};

static const char * const plan_names[] = {
  [AIVO_SANDBOX_PLAN_STARTER] = "starter",
  [AIVO_SANDBOX_PLAN_PROFESSIONAL] = "professional",
  [AIVO_SANDBOX_PLAN_ENTERPRISE] = "enterprise",
};

const char *
aivo_sandbox_plan_to_string (AivoSandboxPlan plan)
{
  g_return_val_if_fail ((guint) plan < G_N_ELEMENTS (plan_names), NULL);

  return plan_names[plan];
}

gboolean
aivo_sandbox_plan_from_string (const char      *text,
                               AivoSandboxPlan *plan)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (plan_names); i++)
    if (g_str_equal (text, plan_names[i]))
      {
        if (plan != NULL)
          *plan = i;
        return TRUE;
      }

  return FALSE;
}

/**
 * aivo_sandbox_plan_resolve_limit:
 * @rate_limit: the configured limit, 0 for the plan's own
 * @limit: (out): requests a window
 *
 * Starter 60, professional 300, enterprise 1 … 3000 (3000 unless given).
 * A custom limit on another plan is an error (G_IO_ERROR_INVALID_ARGUMENT).
 */
gboolean
aivo_sandbox_plan_resolve_limit (AivoSandboxPlan   plan,
                                 guint             rate_limit,
                                 guint            *limit,
                                 GError          **error)
{
  switch (plan)
    {
    case AIVO_SANDBOX_PLAN_STARTER:
    case AIVO_SANDBOX_PLAN_PROFESSIONAL:
      if (rate_limit != 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "--rate-limit is only valid with --plan enterprise; "
                               "the starter and professional plans have fixed limits.");
          return FALSE;
        }
      *limit = plan == AIVO_SANDBOX_PLAN_STARTER ? AIVO_SANDBOX_STARTER_LIMIT : 300;
      return TRUE;

    case AIVO_SANDBOX_PLAN_ENTERPRISE:
      if (rate_limit > AIVO_SANDBOX_MAX_RATE_LIMIT)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "--rate-limit must be from 1 to %d requests a minute.", AIVO_SANDBOX_MAX_RATE_LIMIT);
          return FALSE;
        }
      *limit = rate_limit != 0 ? rate_limit : AIVO_SANDBOX_MAX_RATE_LIMIT;
      return TRUE;

    default:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "The plan must be starter, professional or enterprise.");
      return FALSE;
    }
}

static void
aivo_sandbox_server_dispose (GObject *object)
{
  AivoSandboxServer *self = (AivoSandboxServer *)object;

  aivo_sandbox_server_stop (self);

  G_OBJECT_CLASS (aivo_sandbox_server_parent_class)->dispose (object);
}

static void
aivo_sandbox_server_finalize (GObject *object)
{
  AivoSandboxServer *self = (AivoSandboxServer *)object;

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_object (&self->router);
  g_clear_object (&self->limiter);
  g_clear_pointer (&self->pending_last_used, g_hash_table_unref);

  G_OBJECT_CLASS (aivo_sandbox_server_parent_class)->finalize (object);
}

static void
aivo_sandbox_server_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AivoSandboxServer *self = AIVO_SANDBOX_SERVER (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;
    case PROP_PLAN:
      g_value_set_enum (value, self->plan);
      break;
    case PROP_RATE_LIMIT:
      g_value_set_uint (value, self->rate_limit);
      break;
    case PROP_WINDOW_SECONDS:
      g_value_set_uint (value, self->window_seconds);
      break;
    case PROP_EMPTY:
      g_value_set_boolean (value, self->empty);
      break;
    case PROP_REQUEST_TIMEOUT:
      g_value_set_uint (value, self->request_timeout);
      break;
    case PROP_IDLE_TIMEOUT:
      g_value_set_uint (value, self->idle_timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_sandbox_server_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AivoSandboxServer *self = AIVO_SANDBOX_SERVER (object);

  /* All construct-only: nothing to notify. */
  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_free (self->data_dir);
      self->data_dir = g_value_dup_string (value);
      break;
    case PROP_PLAN:
      self->plan = g_value_get_enum (value);
      break;
    case PROP_RATE_LIMIT:
      self->rate_limit = g_value_get_uint (value);
      break;
    case PROP_WINDOW_SECONDS:
      self->window_seconds = g_value_get_uint (value);
      break;
    case PROP_EMPTY:
      self->empty = g_value_get_boolean (value);
      break;
    case PROP_REQUEST_TIMEOUT:
      self->request_timeout = g_value_get_uint (value);
      break;
    case PROP_IDLE_TIMEOUT:
      self->idle_timeout = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_sandbox_server_class_init (AivoSandboxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = aivo_sandbox_server_dispose;
  object_class->finalize = aivo_sandbox_server_finalize;
  object_class->get_property = aivo_sandbox_server_get_property;
  object_class->set_property = aivo_sandbox_server_set_property;

  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PLAN] =
    g_param_spec_enum ("plan", NULL, NULL,
                       AIVO_SANDBOX_TYPE_PLAN,
                       AIVO_SANDBOX_PLAN_PROFESSIONAL,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* 0: the plan's limit. Checked against the plan at start. */
  properties[PROP_RATE_LIMIT] =
    g_param_spec_uint ("rate-limit", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_WINDOW_SECONDS] =
    g_param_spec_uint ("window-seconds", NULL, NULL,
                       1, AIVO_SANDBOX_MAX_WINDOW_SECONDS, 60,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_EMPTY] =
    g_param_spec_boolean ("empty", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* A slow or idle client must not hold a connection (and a descriptor)
   * for good: a request has this long to arrive once it has begun… */
  properties[PROP_REQUEST_TIMEOUT] =
    g_param_spec_uint ("request-timeout", NULL, NULL,
                       1, 3600, AIVO_SANDBOX_DEFAULT_REQUEST_TIMEOUT,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* …and a kept-alive connection this long to begin the next one (longer
   * than libsoup clients keep an idle connection, 60 s). */
  properties[PROP_IDLE_TIMEOUT] =
    g_param_spec_uint ("idle-timeout", NULL, NULL,
                       1, 3600, AIVO_SANDBOX_DEFAULT_IDLE_TIMEOUT,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aivo_sandbox_server_init (AivoSandboxServer *self)
{
  self->plan = AIVO_SANDBOX_PLAN_PROFESSIONAL;
  self->window_seconds = 60;
  self->request_timeout = AIVO_SANDBOX_DEFAULT_REQUEST_TIMEOUT;
  self->idle_timeout = AIVO_SANDBOX_DEFAULT_IDLE_TIMEOUT;
  self->router = aivo_sandbox_router_new ();
  self->pending_last_used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (registrars); i++)
    registrars[i] (self->router);
}

/**
 * aivo_sandbox_server_new:
 * @data_dir: where the database lives (created if needed)
 * @rate_limit: requests a window for enterprise, 0 for the plan's limit
 * @window_seconds: the rate-limit window, 1 … 60
 * @empty: whether a new data directory gets no demo data
 */
AivoSandboxServer *
aivo_sandbox_server_new (const char      *data_dir,
                         AivoSandboxPlan  plan,
                         guint            rate_limit,
                         guint            window_seconds,
                         gboolean         empty)
{
  g_return_val_if_fail (data_dir != NULL, NULL);

  return g_object_new (AIVO_SANDBOX_TYPE_SERVER,
                       "data-dir", data_dir,
                       "plan", plan,
                       "rate-limit", rate_limit,
                       "window-seconds", window_seconds,
                       "empty", empty,
                       NULL);
}

/* last_used_at ------------------------------------------------------------ */

/* Writes the batched last-use times: one transaction every few seconds
 * instead of a write per request. */
void
aivo_sandbox_server_flush_last_used (AivoSandboxServer *self)
{
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (AIVO_SANDBOX_IS_SERVER (self));

  if (self->db == NULL || g_hash_table_size (self->pending_last_used) == 0)
    return;

  /* Not a write anyone was promised: no fsync, which would stall every
   * request for milliseconds. The next acknowledged write syncs it too. */
  aivo_sandbox_database_execute (self->db, NULL, "PRAGMA synchronous = NORMAL", NULL);

  if (!aivo_sandbox_database_begin (self->db, &error))
    {
      aivo_sandbox_database_execute (self->db, NULL, "PRAGMA synchronous = FULL", NULL);
      g_warning ("Could not record when keys were last used: %s", error->message);
      return;
    }

  g_hash_table_iter_init (&iter, self->pending_last_used);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!aivo_sandbox_database_execute (self->db, &error,
                                        "UPDATE api_keys SET last_used_at = ?1 "
                                        "WHERE id = ?2 AND (last_used_at IS NULL OR last_used_at < ?1)",
                                        "Is", *(gint64 *) value, (const char *) key))
      break;

  if (error == NULL)
    aivo_sandbox_database_commit (self->db, &error);
  else
    aivo_sandbox_database_rollback (self->db);
  aivo_sandbox_database_execute (self->db, NULL, "PRAGMA synchronous = FULL", NULL);

  if (error != NULL)
    {
      g_warning ("Could not record when keys were last used: %s", error->message);
      return;
    }

  g_hash_table_remove_all (self->pending_last_used);
}

static gboolean
flush_timeout_cb (gpointer user_data)
{
  aivo_sandbox_server_flush_last_used (AIVO_SANDBOX_SERVER (user_data));
  return G_SOURCE_CONTINUE;
}

static void
note_key_used (AivoSandboxServer *self,
               const char        *key_id,
               gint64             now)
{
  gint64 *stored = g_hash_table_lookup (self->pending_last_used, key_id);

  if (stored == NULL)
    {
      stored = g_new (gint64, 1);
      g_hash_table_insert (self->pending_last_used, g_strdup (key_id), stored);
    }
  *stored = now;
}

/* The pipeline ------------------------------------------------------------ */

static const char *
authenticate (AivoSandboxServer   *self,
              AivoSandboxExchange *ex)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (ex->msg);
  /* All of them: with two, which one would count? */
  const char *authorization = soup_message_headers_get_list (headers, "Authorization");
  g_autoptr(AivoCredential) credential = NULL;
  g_autoptr(AivoSandboxStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *key_id = NULL;
  const char *token;

  if (authorization == NULL)
    return "No credential was sent. Send “Authorization: Bearer <API key or account token>”.";

  /* No credential contains a comma; libsoup joins repeated headers with one. */
  if (strchr (authorization, ',') != NULL)
    return "The request has more than one Authorization header. Send exactly one: "
           "“Authorization: Bearer <API key or account token>”.";

  if (g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    return "The Authorization header must use the Bearer scheme: “Authorization: Bearer <API key>”.";

  token = authorization + 7;
  while (*token == ' ')
    token++;

  /* Shape and checksum first: a mistyped key never reaches the database. */
  credential = aivo_credential_parse (token, &error);
  if (credential == NULL)
    return "The credential is malformed or mistyped (its prefix, length or checksum is wrong). "
           "Copy the key again from where it was stored.";

  digest = aivo_credential_dup_digest (credential);

  if (aivo_credential_get_kind (credential) == AIVO_CREDENTIAL_KIND_ACCOUNT_TOKEN)
    {
      if (self->account_token_digest == NULL ||
          !aivo_secure_equal (digest, self->account_token_digest, strlen (self->account_token_digest)))
        return "This account token is not valid: the sandbox mints a new one each time it starts. "
               "Use the token it printed when it last started.";

      ex->principal.kind = AIVO_SANDBOX_PRINCIPAL_ACCOUNT_TOKEN;
      ex->principal.member_id = AIVO_SANDBOX_OWNER_MEMBER_ID;
      ex->principal.scopes = AIVO_SCOPE_ALL;
      return NULL;
    }

  key_id = aivo_credential_dup_key_id (credential);
  stmt = aivo_sandbox_database_query (self->db, &error,
                                      "SELECT digest, scopes, expires_at FROM api_keys WHERE id = ?1",
                                      "s", key_id);
  if (stmt != NULL && aivo_sandbox_database_step (self->db, stmt, &error))
    {
      const char *stored = (const char *) sqlite3_column_text (stmt, 0);
      gboolean expired = sqlite3_column_type (stmt, 2) != SQLITE_NULL &&
                         sqlite3_column_int64 (stmt, 2) <= ex->now;

      if (stored != NULL && strlen (stored) == strlen (digest) &&
          aivo_secure_equal (stored, digest, strlen (digest)) && !expired)
        {
          ex->principal.kind = AIVO_SANDBOX_PRINCIPAL_API_KEY;
          ex->principal.key_id = g_steal_pointer (&key_id);
          ex->principal.scopes = (AivoScope) sqlite3_column_int (stmt, 1);
          note_key_used (self, ex->principal.key_id, ex->now);
          return NULL;
        }
    }

  if (error != NULL)
    g_warning ("Could not look a key up: %s", error->message);

  return "This API key is not valid: it was deleted, its rotation grace period is over, or it never existed. "
         "Create a new key or use its replacement.";
}

static gboolean
method_has_body (const char *method)
{
  return method == SOUP_METHOD_POST || method == SOUP_METHOD_PUT || g_str_equal (method, "PATCH");
}

static gboolean
is_json_media_type (const char *content_type)
{
  g_autofree char *media = NULL;

  if (content_type == NULL)
    return FALSE;

  media = g_strstrip (g_strndup (content_type, strcspn (content_type, ";")));
  return g_ascii_strcasecmp (media, "application/json") == 0;
}

static AivoSandboxRequestGuard *
guard_for (SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  return remote != NULL ? g_object_get_data (G_OBJECT (remote), GUARD_KEY) : NULL;
}

static void
address_bucket (SoupServerMessage *msg,
                char              *bucket,
                gsize              size)
{
  const char *host = soup_server_message_get_remote_host (msg);

  g_snprintf (bucket, size, "addr:%s", host != NULL ? host : "unknown");
}

/* Everything API.md orders before the body: answers the request when one of
 * them fails. */
static void
dispatch_headers (AivoSandboxServer   *self,
                  AivoSandboxExchange *ex)
{
  SoupServerMessage *msg = ex->msg;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  AivoSandboxRequestGuard *guard = guard_for (msg);
  const char *auth_failure = NULL;
  const char *rejection = NULL;
  guint rejection_status = 0;
  guint preset_status = soup_server_message_get_status (msg);
  AivoSandboxRouteMatch match;
  char bucket[80];
  guint limit;

  if (guard != NULL)
    rejection_status = aivo_sandbox_request_guard_get_rejection (guard, &rejection);

  if (rejection_status == 0 && preset_status != 0)
    {
      /* libsoup refused something itself (e.g. an unsupported Expect): keep
       * it a 4xx and give it a JSON body. */
      rejection_status = preset_status >= 400 && preset_status < 500 ? preset_status : SOUP_STATUS_BAD_REQUEST;
      rejection = "The request is malformed or uses an HTTP feature the sandbox does not support.";
    }

  aivo_sandbox_router_match (self->router, method, path, &match);

  /* "%2F" is not a segment separator: such a path names no endpoint. */
  if (guard != NULL && aivo_sandbox_request_guard_has_encoded_slash (guard))
    {
      memset (&match, 0, sizeof match);
      match.result = AIVO_SANDBOX_ROUTE_NO_PATH;
    }

  if (rejection_status == 0 && !match.public_path)
    auth_failure = authenticate (self, ex);

  if (ex->principal.kind != AIVO_SANDBOX_PRINCIPAL_NONE)
    {
      g_strlcpy (bucket, self->account_id, sizeof bucket);
      limit = self->limit;
    }
  else
    {
      address_bucket (msg, bucket, sizeof bucket);
      limit = AIVO_SANDBOX_STARTER_LIMIT;
    }

  if (!aivo_sandbox_rate_limiter_admit (self->limiter, bucket, limit, ex->now, &ex->rate))
    {
      aivo_sandbox_exchange_reply_error (ex, 429, "rate_limited", NULL,
                                         "Too many requests: the limit is %u a window of %u seconds. "
                                         "Retry after %u seconds (see Retry-After).",
                                         ex->rate.limit, ex->rate.window, ex->rate.retry_after);
      return;
    }

  if (rejection_status != 0)
    {
      ex->close_connection = TRUE;
      aivo_sandbox_exchange_reply_error (ex, rejection_status, "invalid_request", NULL, "%s", rejection);
      return;
    }

  if (auth_failure != NULL)
    {
      aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_UNAUTHORIZED, "unauthorized", NULL, "%s", auth_failure);
      return;
    }

  switch (match.result)
    {
    case AIVO_SANDBOX_ROUTE_NO_PATH:
      aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_NOT_FOUND, "not_found", NULL,
                                         "There is no endpoint at this path. "
                                         "See /v1/openapi.json for the endpoints that exist.");
      return;

    case AIVO_SANDBOX_ROUTE_NO_METHOD:
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", match.allow);
      aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", NULL,
                                         "This endpoint does not take %s; it takes %s.", method, match.allow);
      return;

    case AIVO_SANDBOX_ROUTE_FOUND:
    default:
      break;
    }

  aivo_sandbox_exchange_set_match (ex, &match);

  switch (ex->route->requirement.access)
    {
    case AIVO_SANDBOX_ACCESS_ACCOUNT_TOKEN:
      if (ex->principal.kind != AIVO_SANDBOX_PRINCIPAL_ACCOUNT_TOKEN)
        {
          aivo_sandbox_exchange_reply_forbidden (ex, NULL,
                                                 "API keys cannot manage API keys: use the account token "
                                                 "(the dashboard owner’s session) for this.");
          return;
        }
      break;

    case AIVO_SANDBOX_ACCESS_SCOPE:
      if ((ex->principal.scopes & ex->route->requirement.scope) == 0)
        {
          const char *scope = aivo_scope_to_string (ex->route->requirement.scope);

          aivo_sandbox_exchange_reply_forbidden (ex, scope,
                                                 "This key lacks the scope “%s” that this endpoint needs. "
                                                 "Rotate it into a key that has it, or use another key.", scope);
          return;
        }
      break;

    case AIVO_SANDBOX_ACCESS_PUBLIC:
    default:
      break;
    }

  if (!aivo_sandbox_exchange_parse_query (ex, g_uri_get_query (soup_server_message_get_uri (msg))))
    return;

  if (!method_has_body (method))
    return;

  {
    goffset declared = soup_message_headers_get_content_length (request_headers);
    SoupEncoding encoding = soup_message_headers_get_encoding (request_headers);

    if (encoding == SOUP_ENCODING_CONTENT_LENGTH && declared > AIVO_SANDBOX_MAX_BODY_BYTES)
      {
        aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large", NULL,
                                           "The body is larger than 1 MiB, the most the API accepts.");
        return;
      }

    if ((encoding == SOUP_ENCODING_CHUNKED || declared > 0) &&
        !is_json_media_type (soup_message_headers_get_one (request_headers, "Content-Type")))
      {
        aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", NULL,
                                           "The body must be JSON, sent with “Content-Type: application/json”.");
        return;
      }
  }

  ex->body_bytes = g_byte_array_new ();
}

/* The body is in: parse it and run the handler. */
static void
dispatch_body (AivoSandboxServer   *self,
               AivoSandboxExchange *ex)
{
  if (ex->body_bytes != NULL)
    {
      g_autoptr(GError) error = NULL;
      JsonNode *root;

      if (ex->body_seen > AIVO_SANDBOX_MAX_BODY_BYTES)
        {
          aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large", NULL,
                                             "The body is larger than 1 MiB, the most the API accepts.");
          return;
        }

      if (ex->body_seen == 0)
        root = json_node_init_object (json_node_alloc (), json_object_new ());
      else if ((root = aivo_sandbox_json_parse_strict ((const char *) ex->body_bytes->data,
                                                       ex->body_bytes->len, &error)) == NULL)
        {
          aivo_sandbox_exchange_reply_error (ex, SOUP_STATUS_BAD_REQUEST, "invalid_json", NULL, "%s", error->message);
          return;
        }

      g_clear_pointer (&ex->body_bytes, g_byte_array_unref);

      if (!JSON_NODE_HOLDS_OBJECT (root))
        {
          json_node_unref (root);
          aivo_sandbox_exchange_reply_error (ex, 422, "validation_failed", NULL,
                                             "The body must be a JSON object, e.g. {\"name\": \"…\"}.");
          return;
        }

      aivo_sandbox_exchange_set_body (ex, root);
    }

  ex->route->handler (ex);

  if (!aivo_sandbox_exchange_has_replied (ex))
    {
      g_critical ("The handler of %s %s gave no answer", ex->route->method, ex->route->path_template);
      aivo_sandbox_exchange_reply_internal_error (ex, NULL);
    }
}

/* libsoup signals ---------------------------------------------------------- */

static void
on_got_headers (SoupServerMessage *msg,
                AivoSandboxServer *self)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  AivoSandboxExchange *ex;

  /* Bodies are collected (and capped) by on_got_chunk, never by libsoup. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);

  ex = aivo_sandbox_exchange_new (msg, self, self->db);
  ex->in_flight = TRUE;
  self->in_flight++;
  g_object_set_data_full (G_OBJECT (msg), EXCHANGE_KEY, ex, (GDestroyNotify) aivo_sandbox_exchange_free);

  /* The guard cannot find where a chunked body ends, so such a connection
   * ends with its answer. */
  if (soup_message_headers_get_encoding (request_headers) == SOUP_ENCODING_CHUNKED)
    ex->close_connection = TRUE;

  dispatch_headers (self, ex);

  /* Answered before the body: a client waiting for 100 Continue will not send
   * it, so the connection cannot carry another request. */
  if (aivo_sandbox_exchange_has_replied (ex) &&
      (soup_message_headers_get_expectations (request_headers) & SOUP_EXPECTATION_CONTINUE))
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
}

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              AivoSandboxServer *self)
{
  AivoSandboxExchange *ex = g_object_get_data (G_OBJECT (msg), EXCHANGE_KEY);
  gsize size = g_bytes_get_size (chunk);

  if (ex == NULL || ex->body_bytes == NULL || aivo_sandbox_exchange_has_replied (ex))
    return;

  /* Count everything, keep at most the limit. */
  ex->body_seen += size;
  if (ex->body_seen > AIVO_SANDBOX_MAX_BODY_BYTES)
    g_byte_array_set_size (ex->body_bytes, 0);
  else
    g_byte_array_append (ex->body_bytes, g_bytes_get_data (chunk, NULL), size);
}

static void
on_finished (SoupServerMessage *msg,
             AivoSandboxServer *self)
{
  AivoSandboxExchange *ex = g_object_get_data (G_OBJECT (msg), EXCHANGE_KEY);

  /* libsoup frees the request's headers without clearing them. */
  aivo_secure_clear_header (soup_server_message_get_request_headers (msg), "Authorization");

  if (ex != NULL && ex->in_flight)
    {
      ex->in_flight = FALSE;
      self->in_flight--;
      /* The route's template, never the path as sent: a path is the
       * client's text (a key pasted into a URL, control characters). */
      if (ex->route != NULL)
        g_debug ("%s %s → %u", ex->route->method, ex->route->path_template, ex->status);
      else
        g_debug ("A request that matched no route → %u", ex->status);
    }
}

static void
on_request_started (SoupServer        *soup,
                    SoupServerMessage *msg,
                    AivoSandboxServer *self)
{
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (on_got_headers), self, 0);
  g_signal_connect_object (msg, "got-chunk", G_CALLBACK (on_got_chunk), self, 0);
  g_signal_connect_object (msg, "finished", G_CALLBACK (on_finished), self, 0);
}

/* Called by libsoup once the body is complete, unless already answered. */
static void
server_callback (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  AivoSandboxServer *self = user_data;
  AivoSandboxExchange *ex = g_object_get_data (G_OBJECT (msg), EXCHANGE_KEY);

  if (ex == NULL || ex->route == NULL || aivo_sandbox_exchange_has_replied (ex))
    {
      /* Cannot happen: dispatch_headers answers whatever it does not route. */
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
      return;
    }

  dispatch_body (self, ex);
}

/* Connections -------------------------------------------------------------- */

static void accept_next       (AivoSandboxServer *self);
static void accept_failed     (AivoSandboxServer *self,
                               const GError      *error);
static void forget_connection (gpointer           user_data,
                               GObject           *where_the_guard_was);

static void
on_accepted (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GWeakRef *weak_self = user_data;
  g_autoptr(AivoSandboxServer) self = g_weak_ref_get (weak_self);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(AivoSandboxRequestGuard) guard = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (weak_self);
  g_free (weak_self);

  connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (object), result, NULL, &error);

  /* Stopped (or gone) meanwhile: the connection, if any, is closed unserved. */
  if (self == NULL || !self->running)
    return;

  if (connection == NULL)
    {
      accept_failed (self, error);
      return;
    }

  /* libsoup writes headers and body separately: without this, Nagle's
   * algorithm and delayed ACKs add 40 ms to every answer. */
  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY, 1, NULL);

  local = g_socket_connection_get_local_address (connection, NULL);
  remote = g_socket_connection_get_remote_address (connection, NULL);
  guard = aivo_sandbox_request_guard_new (connection);
  stream = g_simple_io_stream_new (G_INPUT_STREAM (guard),
                                   g_io_stream_get_output_stream (G_IO_STREAM (connection)));

  /* libsoup hands this very address object back with each message. */
  if (remote != NULL)
    g_object_set_data_full (G_OBJECT (remote), GUARD_KEY, g_object_ref (guard), g_object_unref);
  /* Weakly: when libsoup drops a connection, its guard must go (and with
   * it the socket) as before. */
  g_ptr_array_add (self->connections, guard);
  g_object_weak_ref (G_OBJECT (guard), forget_connection, self);

  g_main_context_push_thread_default (self->context);
  if (!soup_server_accept_iostream (self->soup, stream, local, remote, &error))
    g_warning ("Could not serve a connection: %s", error->message);
  g_main_context_pop_thread_default (self->context);

  accept_next (self);
}

static void
forget_connection (gpointer  user_data,
                   GObject  *where_the_guard_was)
{
  AivoSandboxServer *self = user_data;

  g_ptr_array_remove_fast (self->connections, where_the_guard_was);
}

static void
forget_connections (AivoSandboxServer *self)
{
  for (guint i = 0; i < self->connections->len; i++)
    g_object_weak_unref (g_ptr_array_index (self->connections, i), forget_connection, self);
  g_clear_pointer (&self->connections, g_ptr_array_unref);
}

/* Ends the connections that took too long (API.md: an idle or slow client
 * never blocks others). */
static gboolean
sweep_connections_cb (gpointer user_data)
{
  AivoSandboxServer *self = user_data;
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < self->connections->len; i++)
    {
      AivoSandboxRequestGuard *guard = g_ptr_array_index (self->connections, i);
      gint64 request_started;
      gint64 idle_since = aivo_sandbox_request_guard_get_idle_since (guard, &request_started);

      if (aivo_sandbox_request_guard_is_closed (guard))
        continue;

      if (request_started != 0
          ? now - request_started >= (gint64) self->request_timeout * G_USEC_PER_SEC
          : now - idle_since >= (gint64) self->idle_timeout * G_USEC_PER_SEC)
        aivo_sandbox_request_guard_time_out (guard);
    }

  return G_SOURCE_CONTINUE;
}

/* Out of descriptors: makes room by ending the connection that has waited
 * longest, a waiting (idle) one before one that is sending a request. */
static gboolean
evict_a_connection (AivoSandboxServer *self)
{
  AivoSandboxRequestGuard *victim = NULL;
  gboolean victim_idle = FALSE;
  gint64 victim_since = G_MAXINT64;

  for (guint i = 0; i < self->connections->len; i++)
    {
      AivoSandboxRequestGuard *guard = g_ptr_array_index (self->connections, i);
      gint64 request_started;
      gint64 since = aivo_sandbox_request_guard_get_idle_since (guard, &request_started);
      gboolean idle = request_started == 0;

      if (aivo_sandbox_request_guard_is_closed (guard))
        continue;

      if (!idle)
        since = request_started;

      if (victim == NULL || (idle && !victim_idle) || (idle == victim_idle && since < victim_since))
        {
          victim = guard;
          victim_idle = idle;
          victim_since = since;
        }
    }

  if (victim == NULL)
    return FALSE;

  aivo_sandbox_request_guard_time_out (victim);
  return TRUE;
}

static gboolean
accept_retry_cb (gpointer user_data)
{
  AivoSandboxServer *self = user_data;

  g_clear_pointer (&self->accept_retry_source, g_source_unref);
  accept_next (self);

  return G_SOURCE_REMOVE;
}

/* Accepting failed: retrying at once would spin (and log) as fast as the
 * CPU allows while the cause lasts, so the retry waits a little; when the
 * cause is a lack of descriptors, a waiting connection makes room. */
static void
accept_failed (AivoSandboxServer *self,
               const GError      *error)
{
  gint64 now = g_get_monotonic_time ();
  gboolean out_of_files = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES);
  gboolean evicted = out_of_files && evict_a_connection (self);

  if (self->fd_warned_at == 0 || now - self->fd_warned_at >= FD_WARNING_USEC)
    {
      self->fd_warned_at = now;
      if (out_of_files)
        g_warning ("Could not accept a connection: the sandbox has no file descriptor left "
                   "(%u connections open)%s. Raise the limit (ulimit -n) if this keeps happening.",
                   self->connections->len, evicted ? "; closing the one that waited longest" : "");
      else
        g_warning ("Could not accept a connection: %s", error->message);
    }

  self->accept_retry_source = g_timeout_source_new (ACCEPT_RETRY_MSEC);
  g_source_set_callback (self->accept_retry_source, accept_retry_cb, self, NULL);
  g_source_set_name (self->accept_retry_source, "[aivo-sandbox] accept retry");
  g_source_attach (self->accept_retry_source, self->context);
}

/* The pending accept holds the server weakly, so dropping the last reference
 * does not depend on the main context running the cancelled callback. */
static void
accept_next (AivoSandboxServer *self)
{
  GWeakRef *weak_self = g_new (GWeakRef, 1);

  g_weak_ref_init (weak_self, self);
  g_main_context_push_thread_default (self->context);
  g_socket_listener_accept_async (self->listener, self->accept_cancellable, on_accepted, weak_self);
  g_main_context_pop_thread_default (self->context);
}

/* libsoup 3.2 keeps a connection alive only while it has a listener of its
 * own. It gets one that nobody can reach: a Unix socket with a random name in
 * the abstract namespace. */
static gboolean
give_soup_a_listener (AivoSandboxServer  *self,
                      GError            **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *name = NULL;

  name = g_strdup_printf ("aivo-sandbox-%d-%08x%08x", (int) getpid (), g_random_int (), g_random_int ());
  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);
  if (socket == NULL)
    return FALSE;

  address = g_unix_socket_address_new_with_type (name, -1, G_UNIX_SOCKET_ADDRESS_ABSTRACT);
  return g_socket_bind (socket, address, FALSE, error) &&
         g_socket_listen (socket, error) &&
         soup_server_listen_socket (self->soup, socket, 0, error);
}

static GInetAddress *
parse_host (const char  *host,
            GError     **error)
{
  GInetAddress *address;

  if (g_strcmp0 (host, "localhost") == 0)
    return g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

  address = host != NULL ? g_inet_address_new_from_string (host) : NULL;
  if (address == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 "--host must be an IP address such as 127.0.0.1 or ::1, not “%s”.", host);

  return address;
}

/* Start and stop ----------------------------------------------------------- */

static gboolean
seed_new_data (gpointer   user_data,
               GError   **error)
{
  AivoSandboxServer *self = user_data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!aivo_sandbox_account_seed (self->db, now, error))
    return FALSE;

  if (!self->empty && !aivo_sandbox_demo_data_fill (self->db, now, error))
    return FALSE;

  return TRUE;
}

static gboolean
open_database (AivoSandboxServer  *self,
               GError            **error)
{
  g_autofree char *path = NULL;
  g_autoptr(AivoSandboxStatement) stmt = NULL;

  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create the data directory “%s”: %s. Choose another with --data-dir.",
                   self->data_dir, g_strerror (saved_errno));
      return FALSE;
    }

  path = g_build_filename (self->data_dir, "sandbox.db", NULL);
  self->db = aivo_sandbox_database_open (path, error);
  if (self->db == NULL)
    return FALSE;

  /* A new data directory (or one whose first start was cut short) gets its
   * account, its owner and, unless --empty, the demo records at once. */
  if (aivo_sandbox_database_query_int (self->db, 0, "SELECT COUNT(*) FROM account", NULL) == 0 &&
      !aivo_sandbox_database_transaction (self->db, seed_new_data, self, error))
    {
      g_prefix_error (error, "Could not fill the new data directory: ");
      return FALSE;
    }

  stmt = aivo_sandbox_database_query (self->db, error, "SELECT id FROM account", NULL);
  if (stmt == NULL || !aivo_sandbox_database_step (self->db, stmt, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, AIVO_SANDBOX_DATABASE_ERROR, AIVO_SANDBOX_DATABASE_ERROR_FAILED,
                             "The sandbox database has no account.");
      return FALSE;
    }
  self->account_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  return TRUE;
}

static gboolean
mint_account_token (AivoSandboxServer  *self,
                    GError            **error)
{
  self->account_token = aivo_credential_generate (AIVO_CREDENTIAL_KIND_ACCOUNT_TOKEN, error);
  if (self->account_token == NULL)
    return FALSE;

  self->account_token_digest = aivo_credential_dup_digest (self->account_token);
  return TRUE;
}

static gboolean
listen_on (AivoSandboxServer  *self,
           GInetAddress       *inet_address,
           const char         *host,
           guint               port,
           GError            **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autofree char *host_text = NULL;

  address = g_inet_socket_address_new (inet_address, port);
  self->listener = g_socket_listener_new ();
  /* GLib's default backlog is 10: a burst of new connections (a load test
   * opening 50 at once) would overflow it, and each dropped handshake costs
   * the client a retransmission of 200 ms or more. */
  g_socket_listener_set_backlog (self->listener, SOMAXCONN);
  if (!g_socket_listener_add_address (self->listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &effective, error))
    {
      g_prefix_error (error, "Could not listen on %s port %u: ", host, port);
      return FALSE;
    }

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  host_text = g_inet_address_to_string (inet_address);
  self->base_url = g_inet_address_get_family (inet_address) == G_SOCKET_FAMILY_IPV6
    ? g_strdup_printf ("http://[%s]:%u", host_text, self->port)
    : g_strdup_printf ("http://%s:%u", host_text, self->port);

  return TRUE;
}

/**
 * aivo_sandbox_server_start:
 * @host: an IP address to listen on, e.g. "127.0.0.1"
 * @port: the port, 0 for any free one
 *
 * Opens (or creates) the data directory, mints a new account token and
 * listens. Requests are served on the thread-default main context of the
 * calling thread, which must be iterated; call stop() from that thread.
 * Errors in the configuration are G_IO_ERROR_INVALID_ARGUMENT.
 */
gboolean
aivo_sandbox_server_start (AivoSandboxServer  *self,
                           const char         *host,
                           guint               port,
                           GError            **error)
{
  g_autoptr(GInetAddress) inet_address = NULL;

  g_return_val_if_fail (AIVO_SANDBOX_IS_SERVER (self), FALSE);
  g_return_val_if_fail (!self->running, FALSE);
  g_return_val_if_fail (self->data_dir != NULL, FALSE);

  if (port > G_MAXUINT16)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--port must be from 0 to 65535, not %u.", port);
      return FALSE;
    }

  if (!aivo_sandbox_plan_resolve_limit (self->plan, self->rate_limit, &self->limit, error))
    return FALSE;

  /* Configuration first, so a mistake touches nothing. */
  inet_address = parse_host (host, error);
  if (inet_address == NULL)
    return FALSE;

  self->context = g_main_context_ref_thread_default ();
  self->connections = g_ptr_array_new ();
  self->limiter = aivo_sandbox_rate_limiter_new (self->window_seconds);
  self->soup = soup_server_new (NULL, NULL);
  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (on_request_started), self, 0);
  soup_server_add_handler (self->soup, NULL, server_callback, self, NULL);
  self->running = TRUE;

  if (!open_database (self, error) ||
      !mint_account_token (self, error) ||
      !give_soup_a_listener (self, error) ||
      !listen_on (self, inet_address, host, port, error))
    {
      aivo_sandbox_server_stop (self);
      return FALSE;
    }

  self->accept_cancellable = g_cancellable_new ();
  accept_next (self);

  self->flush_source = g_timeout_source_new_seconds (LAST_USED_FLUSH_SECONDS);
  g_source_set_callback (self->flush_source, flush_timeout_cb, self, NULL);
  g_source_set_name (self->flush_source, "[aivo-sandbox] last_used_at");
  g_source_attach (self->flush_source, self->context);

  self->sweep_source = g_timeout_source_new_seconds (1);
  g_source_set_callback (self->sweep_source, sweep_connections_cb, self, NULL);
  g_source_set_name (self->sweep_source, "[aivo-sandbox] connection timeouts");
  g_source_attach (self->sweep_source, self->context);

  g_message ("Serving the AIVO API on %s (plan %s, %u requests every %u s, data in %s)",
             self->base_url, aivo_sandbox_plan_to_string (self->plan), self->limit,
             self->window_seconds, self->data_dir);

  return TRUE;
}

static void
stop_source (GSource **source)
{
  if (*source != NULL)
    g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

/* Lets requests that have begun finish, for a few seconds at most. */
static void
drain (AivoSandboxServer *self)
{
  gint64 deadline = g_get_monotonic_time () + STOP_GRACE_USEC;

  if (self->in_flight == 0 || !g_main_context_acquire (self->context))
    return;

  while (self->in_flight > 0 && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (self->context, FALSE))
      g_usleep (1000);

  g_main_context_release (self->context);
}

/**
 * aivo_sandbox_server_stop:
 *
 * Stops listening, lets requests in progress finish, writes the last-use
 * times, closes the database and forgets the account token. Safe to call
 * more than once.
 */
void
aivo_sandbox_server_stop (AivoSandboxServer *self)
{
  g_return_if_fail (AIVO_SANDBOX_IS_SERVER (self));

  if (!self->running)
    return;

  self->running = FALSE;

  g_cancellable_cancel (self->accept_cancellable);
  if (self->listener != NULL)
    g_socket_listener_close (self->listener);

  drain (self);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);

  aivo_sandbox_server_flush_last_used (self);
  stop_source (&self->flush_source);
  stop_source (&self->sweep_source);
  stop_source (&self->accept_retry_source);
  if (self->connections != NULL)
    forget_connections (self);

  if (self->db != NULL)
    aivo_sandbox_database_close (self->db);

  g_clear_object (&self->account_token);
  if (self->account_token_digest != NULL)
    aivo_secure_clear (self->account_token_digest, strlen (self->account_token_digest));
  g_clear_pointer (&self->account_token_digest, g_free);

  g_clear_object (&self->accept_cancellable);
  g_clear_object (&self->listener);
  g_clear_object (&self->soup);
  g_clear_object (&self->db);
  g_clear_object (&self->limiter);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->account_id, g_free);
  self->port = 0;

  if (self->base_url != NULL)
    g_message ("Stopped serving %s", self->base_url);
  g_clear_pointer (&self->base_url, g_free);
}

/* Accessors ------------------------------------------------------------------ */

gboolean
aivo_sandbox_server_is_running (AivoSandboxServer *self)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_SERVER (self), FALSE);

  return self->running;
}

/* "http://127.0.0.1:PORT" while running, else NULL. */
const char *
aivo_sandbox_server_get_base_url (AivoSandboxServer *self)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_SERVER (self), NULL);

  return self->base_url;
}

guint
aivo_sandbox_server_get_port (AivoSandboxServer *self)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_SERVER (self), 0);

  return self->port;
}

/**
 * aivo_sandbox_server_peek_account_token:
 *
 * Returns: (nullable): the account token minted at start, valid until stop;
 *   a secret: never log it
 */
const char *
aivo_sandbox_server_peek_account_token (AivoSandboxServer *self)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_SERVER (self), NULL);

  return self->account_token != NULL ? aivo_credential_peek_secret (self->account_token) : NULL;
}

const char *
aivo_sandbox_server_get_data_dir (AivoSandboxServer *self)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_SERVER (self), NULL);

  return self->data_dir;
}

AivoSandboxPlan
aivo_sandbox_server_get_plan (AivoSandboxServer *self)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_SERVER (self), AIVO_SANDBOX_PLAN_PROFESSIONAL);

  return self->plan;
}

/* Requests a window (the plan's, or enterprise's custom one). */
guint
aivo_sandbox_server_get_rate_limit (AivoSandboxServer *self)
{
  guint limit = 0;

  g_return_val_if_fail (AIVO_SANDBOX_IS_SERVER (self), 0);

  if (!aivo_sandbox_plan_resolve_limit (self->plan, self->rate_limit, &limit, NULL))
    return 0;

  return limit;
}

guint
aivo_sandbox_server_get_window_seconds (AivoSandboxServer *self)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_SERVER (self), 0);

  return self->window_seconds;
}

gboolean
aivo_sandbox_server_get_empty (AivoSandboxServer *self)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_SERVER (self), FALSE);

  return self->empty;
}

const char *
aivo_sandbox_server_get_account_id (AivoSandboxServer *self)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_SERVER (self), NULL);

  return self->account_id;
}

/* Add routes before start() to extend an embedded sandbox (tests do). */
AivoSandboxRouter *
aivo_sandbox_server_get_router (AivoSandboxServer *self)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_SERVER (self), NULL);

  return self->router;
}

/* NULL unless running. */
AivoSandboxDatabase *
aivo_sandbox_server_get_database (AivoSandboxServer *self)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_SERVER (self), NULL);

  return self->db;
}
