/* aivo-client.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-client"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aivo-client.h"
#include "aivo-credential.h"

/*
 * The one place where the app and the CLI speak HTTP to an AIVO server.
 *
 * Every call is one exchange on its own GTask: the request is built through
 * AivoRequest (so the playground and the key pages send the same way), the
 * response headers are read with soup_session_send_async() and the body
 * with bounded reads, so a hostile server can neither make us hold more
 * than AIVO_CLIENT_MAX_BODY_SIZE nor keep us waiting past the timeout. The
 * status is checked before a body is parsed.
 *
 * Redirects are never followed: libsoup would resend the request, and with
 * it the bearer token, to wherever the Location header points. The API
 * never redirects, so a redirect is reported (or, for send_async(), handed
 * back as it is).
 *
 * The account token is kept as an AivoSecret, goes only into each
 * message's Authorization header, and never into a property, log or error.
 * Nothing here logs headers.
 */

struct _AivoClient
{
  GObject        parent_instance;

  /* Owned */
  char          *base_url;
  AivoSecret    *account_token;
  SoupSession   *session;
  AivoRateLimit *rate_limit;

  guint          timeout;
};

G_DEFINE_FINAL_TYPE (AivoClient, aivo_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_RATE_LIMIT,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define READ_CHUNK_SIZE   (64 * 1024)
#define MAX_LIST_LENGTH   10000
#define MAX_COUNT         1000000
#define MAX_QUOTED_ID     64
/* RFC 6585; libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS 429

/* Errors ------------------------------------------------------------------- */

/* What the server said besides the status, for callers that need more than
 * the message (a form that highlights the field named by "param"). */
typedef struct
{
  guint  status;
  char  *api_code;
  char  *param;
  char  *required_scope;
} AivoClientErrorPrivate;

static void
aivo_client_error_private_init (AivoClientErrorPrivate *priv)
{
}

static void
aivo_client_error_private_copy (const AivoClientErrorPrivate *src,
                                AivoClientErrorPrivate       *dest)
{
  dest->status = src->status;
  dest->api_code = g_strdup (src->api_code);
  dest->param = g_strdup (src->param);
  dest->required_scope = g_strdup (src->required_scope);
}

static void
aivo_client_error_private_clear (AivoClientErrorPrivate *priv)
{
  g_clear_pointer (&priv->api_code, g_free);
  g_clear_pointer (&priv->param, g_free);
  g_clear_pointer (&priv->required_scope, g_free);
}

G_DEFINE_EXTENDED_ERROR (AivoClientError, aivo_client_error)

static AivoClientErrorPrivate *
peek_error_private (const GError *error)
{
  if (error == NULL || error->domain != AIVO_CLIENT_ERROR)
    return NULL;

  return aivo_client_error_get_private (error);
}

/* Returns: the HTTP status of the answer that caused @error, or 0 (no
 * answer, or not an AIVO_CLIENT_ERROR) */
guint
aivo_client_error_get_status (const GError *error)
{
  AivoClientErrorPrivate *priv = peek_error_private (error);

  return priv != NULL ? priv->status : 0;
}

/* Returns: (nullable): the API's error code, e.g. "validation_failed" */
const char *
aivo_client_error_get_api_code (const GError *error)
{
  AivoClientErrorPrivate *priv = peek_error_private (error);

  return priv != NULL ? priv->api_code : NULL;
}

/* Returns: (nullable): the request field the server complained about */
const char *
aivo_client_error_get_param (const GError *error)
{
  AivoClientErrorPrivate *priv = peek_error_private (error);

  return priv != NULL ? priv->param : NULL;
}

/* Returns: (nullable): the scope a 403 said was missing */
const char *
aivo_client_error_get_required_scope (const GError *error)
{
  AivoClientErrorPrivate *priv = peek_error_private (error);

  return priv != NULL ? priv->required_scope : NULL;
}

/* Control, format (bidirectional overrides, zero-width characters) and
 * unassigned code points could reorder or hide what a message says. */
static gboolean
is_unprintable (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_PRIVATE_USE:
      return TRUE;

    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
    case G_UNICODE_CONNECT_PUNCTUATION:
    case G_UNICODE_DASH_PUNCTUATION:
    case G_UNICODE_CLOSE_PUNCTUATION:
    case G_UNICODE_FINAL_PUNCTUATION:
    case G_UNICODE_INITIAL_PUNCTUATION:
    case G_UNICODE_OTHER_PUNCTUATION:
    case G_UNICODE_OPEN_PUNCTUATION:
    case G_UNICODE_CURRENCY_SYMBOL:
    case G_UNICODE_MODIFIER_SYMBOL:
    case G_UNICODE_MATH_SYMBOL:
    case G_UNICODE_OTHER_SYMBOL:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_SPACE_SEPARATOR:
    default:
      return FALSE;
    }
}

/**
 * aivo_client_dup_printable:
 * @text: (nullable): text from a server, in any state
 * @length: its length in bytes, or -1 when NUL-terminated
 * @max_chars: how many characters to keep at most
 *
 * Makes server text safe to put in a message: valid UTF-8, no control or
 * format characters, white space runs as one space, at most @max_chars
 * characters and then "…". Reads at most a few bytes per kept character,
 * so a huge @text costs nothing.
 *
 * Returns: (transfer full): the printable text, possibly empty
 */
char *
aivo_client_dup_printable (const char *text,
                           gssize      length,
                           guint       max_chars)
{
  /* Skipped characters count too, up to a point. */
  gsize bound = (gsize) max_chars * 8 + 64;
  g_autofree char *valid = NULL;
  gboolean truncated;
  gboolean pending_space = FALSE;
  guint n_chars = 0;
  GString *out;
  gsize n;

  if (text == NULL)
    return g_strdup ("");

  n = length < 0 ? strnlen (text, bound) : MIN ((gsize) length, bound);
  truncated = length < 0 ? text[n] != '\0' : n < (gsize) length;

  valid = g_utf8_make_valid (text, n);
  out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          pending_space = out->len > 0;
          continue;
        }

      if (is_unprintable (c))
        continue;

      if (n_chars + (pending_space ? 1 : 0) >= max_chars)
        {
          truncated = TRUE;
          break;
        }

      if (pending_space)
        {
          g_string_append_c (out, ' ');
          n_chars++;
          pending_space = FALSE;
        }

      g_string_append_unichar (out, c);
      n_chars++;
    }

  if (truncated && out->len > 0)
    g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

/**
 * aivo_client_is_valid_id:
 *
 * Whether @text looks like one of the API's ids (key_Ab3dEf12, mem_0002):
 * 1 to AIVO_KEY_MAX_ID_LENGTH ASCII letters, digits, "_" or "-". Such an id
 * can go into a URL path as it is.
 */
gboolean
aivo_client_is_valid_id (const char *text)
{
  gsize length;

  g_return_val_if_fail (text != NULL, FALSE);

  length = strlen (text);

  if (length == 0 || length > AIVO_KEY_MAX_ID_LENGTH)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
        return FALSE;
    }

  return TRUE;
}

/* Server text, printable and ending like a sentence. */
static char *
dup_sentence (const char *text)
{
  g_autofree char *printable = aivo_client_dup_printable (text, -1, AIVO_CLIENT_MAX_QUOTED_CHARS);
  gsize length = strlen (printable);

  if (length == 0)
    return NULL;

  if (strchr (".!?", printable[length - 1]) != NULL || g_str_has_suffix (printable, "…"))
    return g_steal_pointer (&printable);

  return g_strconcat (printable, ".", NULL);
}

/* Object ------------------------------------------------------------------- */

static void
aivo_client_finalize (GObject *object)
{
  AivoClient *self = (AivoClient *)object;

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->account_token, aivo_secret_free);
  g_clear_object (&self->session);
  g_clear_object (&self->rate_limit);

  G_OBJECT_CLASS (aivo_client_parent_class)->finalize (object);
}

static void
aivo_client_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  AivoClient *self = AIVO_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_RATE_LIMIT:
      g_value_set_object (value, self->rate_limit);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_client_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  AivoClient *self = AIVO_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      self->base_url = g_value_dup_string (value);
      break;

    case PROP_TIMEOUT:
      aivo_client_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aivo_client_class_init (AivoClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aivo_client_finalize;
  object_class->get_property = aivo_client_get_property;
  object_class->set_property = aivo_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* The latest snapshot from any response that had rate-limit headers:
   * every page shows the same live meter. */
  properties[PROP_RATE_LIMIT] =
    g_param_spec_object ("rate-limit", NULL, NULL, AIVO_TYPE_RATE_LIMIT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, 3600, AIVO_CLIENT_DEFAULT_TIMEOUT_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aivo_client_init (AivoClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("AIVO-Studio/%s", PACKAGE_VERSION);

  self->timeout = AIVO_CLIENT_DEFAULT_TIMEOUT_SECONDS;
  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "idle-timeout", 60,
                                                 "user-agent", user_agent,
                                                 NULL);
}

/**
 * aivo_client_new:
 * @base_url: the server, e.g. "http://127.0.0.1:8080" or
 *   "https://api.example.com"; checked when a request is made
 *
 * Returns: (transfer full): a client with no account token
 */
AivoClient *
aivo_client_new (const char *base_url)
{
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_object_new (AIVO_TYPE_CLIENT, "base-url", base_url, NULL);
}

const char *
aivo_client_get_base_url (AivoClient *self)
{
  g_return_val_if_fail (AIVO_IS_CLIENT (self), NULL);

  return self->base_url;
}

/**
 * aivo_client_set_account_token:
 * @token: (nullable): the account token for key, account and team calls;
 *   %NULL or "" for none
 *
 * The client keeps its own copy, cleared when replaced and at finalize.
 */
void
aivo_client_set_account_token (AivoClient *self,
                               const char *token)
{
  g_return_if_fail (AIVO_IS_CLIENT (self));

  if (token == self->account_token)
    return;

  g_clear_pointer (&self->account_token, aivo_secret_free);
  if (token != NULL && *token != '\0')
    self->account_token = aivo_secret_dup (token);
}

gboolean
aivo_client_has_account_token (AivoClient *self)
{
  g_return_val_if_fail (AIVO_IS_CLIENT (self), FALSE);

  return self->account_token != NULL;
}

/* Returns: seconds an exchange may take, from sending to the last byte */
guint
aivo_client_get_timeout (AivoClient *self)
{
  g_return_val_if_fail (AIVO_IS_CLIENT (self), 0);

  return self->timeout;
}

void
aivo_client_set_timeout (AivoClient *self,
                         guint       seconds)
{
  g_return_if_fail (AIVO_IS_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  g_object_set (self->session, "timeout", seconds, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * aivo_client_get_rate_limit:
 *
 * Returns: (transfer none) (nullable): the rate limit as the last response
 *   that said anything about it described it; %NULL before that
 */
AivoRateLimit *
aivo_client_get_rate_limit (AivoClient *self)
{
  g_return_val_if_fail (AIVO_IS_CLIENT (self), NULL);

  return self->rate_limit;
}

static void
update_rate_limit (AivoClient    *self,
                   AivoRateLimit *rate_limit)
{
  if (aivo_rate_limit_is_empty (rate_limit) || rate_limit == self->rate_limit)
    return;

  g_set_object (&self->rate_limit, rate_limit);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE_LIMIT]);
}

/* Exchanges ---------------------------------------------------------------- */

typedef void (*ResponseHandler) (GTask        *task,
                                 AivoResponse *response);

typedef struct
{
  SoupMessage     *message;
  char            *origin;              /* "http://host:port", for messages */
  GCancellable    *cancellable;         /* cancelled by the caller's and by the deadline */
  GCancellable    *caller_cancellable;
  gulong           caller_handler;
  GSource         *deadline;
  GInputStream    *stream;
  guchar          *body;
  gsize            body_length;
  gsize            body_capacity;
  gint64           started_usec;
  guint            timeout;
  gboolean         timed_out;
  ResponseHandler  handler;

  /* API calls: what to make of a successful answer */
  ResponseHandler  parse;
  AivoSecret      *secret;              /* create and rotate, until finish takes it */
  guint            count;               /* list_keys */
  guint            key_limit;
} Exchange;

static void
exchange_stop_deadline (Exchange *ex)
{
  if (ex->deadline != NULL)
    g_source_destroy (ex->deadline);
  g_clear_pointer (&ex->deadline, g_source_unref);
}

static void
exchange_free (Exchange *ex)
{
  exchange_stop_deadline (ex);

  /* Not g_cancellable_disconnect(): the exchange may end inside the
   * caller's cancel (libsoup can answer at once), and in GLib 2.74 that
   * call then waits for itself. The handler holds its own reference to our
   * cancellable, so it is harmless if it still runs on another thread. */
  if (ex->caller_handler != 0)
    g_signal_handler_disconnect (ex->caller_cancellable, ex->caller_handler);
  g_clear_object (&ex->caller_cancellable);
  g_clear_object (&ex->cancellable);

  /* A body that was not handed on may still hold a secret. */
  if (ex->body != NULL)
    aivo_secure_clear (ex->body, ex->body_length);
  g_clear_pointer (&ex->body, g_free);

  g_clear_object (&ex->stream);
  /* The request went out with the token in it. */
  if (ex->message != NULL)
    aivo_secure_clear_header (soup_message_get_request_headers (ex->message), "Authorization");
  g_clear_object (&ex->message);
  g_clear_pointer (&ex->origin, g_free);
  g_clear_pointer (&ex->secret, aivo_secret_free);
  g_free (ex);
}

static void
on_caller_cancelled (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static GTask *
exchange_task_new (AivoClient          *self,
                   gpointer             source_tag,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Exchange *ex = g_new0 (Exchange, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, ex, (GDestroyNotify) exchange_free);

  ex->timeout = self->timeout;
  ex->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      ex->caller_cancellable = g_object_ref (cancellable);
      ex->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                  g_object_ref (ex->cancellable), g_object_unref);
    }

  return task;
}

static Exchange *
task_exchange (GTask *task)
{
  return g_task_get_task_data (task);
}

static AivoClient *
task_client (GTask *task)
{
  return g_task_get_source_object (task);
}

static void
exchange_fail (GTask  *task,
               GError *error)
{
  exchange_stop_deadline (task_exchange (task));
  g_task_return_error (task, error);
}

static char *
dup_origin (SoupMessage *message)
{
  GUri *uri = soup_message_get_uri (message);

  return g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), "", NULL, NULL);
}

static const char *
describe_certificate_errors (GTlsCertificateFlags flags)
{
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return _("it is not signed by a known certificate authority");
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return _("it was issued for another host name");
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    return _("it has expired");
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return _("it is not valid yet");
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    return _("it has been revoked");
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    return _("it uses an insecure algorithm");

  return NULL;
}

/* A sentence for a failure below HTTP: no answer, or an answer cut short. */
static GError *
transport_error_new (Exchange *ex,
                     GError   *error)
{
  g_autofree char *reason = NULL;

  if (ex->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_NETWORK,
                        _("%s did not answer within %u s. Check that the server is running and "
                          "reachable, then try again."),
                        ex->origin, ex->timeout);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == G_TLS_ERROR)
    {
      const char *problem =
        describe_certificate_errors (soup_message_get_tls_peer_certificate_errors (ex->message));

      if (problem != NULL)
        return g_error_new (AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_TLS,
                            _("The server’s certificate is not trusted (%s). AIVO Studio will "
                              "not send a token over an unverified connection."),
                            problem);

      reason = aivo_client_dup_printable (error->message, -1, AIVO_CLIENT_MAX_QUOTED_CHARS);
      return g_error_new (AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_TLS,
                          _("The secure connection to %s failed (%s). AIVO Studio will not send "
                            "a token over an unverified connection."),
                          ex->origin, reason);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    reason = g_strdup (_("connection refused"));
  else if (error->domain == G_RESOLVER_ERROR)
    reason = g_strdup (_("the host name was not found"));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE)
           || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    reason = g_strdup (_("the network or the host is unreachable"));
  else
    {
      reason = aivo_client_dup_printable (error->message, -1, AIVO_CLIENT_MAX_QUOTED_CHARS);
      g_strchomp (reason);
      if (g_str_has_suffix (reason, "."))
        reason[strlen (reason) - 1] = '\0';
    }

  if (error->domain == SOUP_SESSION_ERROR)
    return g_error_new (AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_BAD_RESPONSE,
                        _("%s sent an answer that is not valid HTTP (%s). Check that the address "
                          "points to an AIVO API server."),
                        ex->origin, reason);

  /* The server was reached, but its answer broke off (or, as libsoup says
   * for oversized headers, could not be read to its end). */
  if (ex->stream != NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    return g_error_new (AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_NETWORK,
                        _("The answer from %s broke off before it was complete: %s. Try again."),
                        ex->origin, reason);

  return g_error_new (AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_NETWORK,
                      _("Could not reach %s: %s. Check that the server is running and the "
                        "address is right."),
                      ex->origin, reason);
}

static GError *
too_large_error_new (Exchange *ex)
{
  return g_error_new (AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_BAD_RESPONSE,
                      _("The answer from %s is larger than %d MiB, which the app does not "
                        "read. Check that the address points to an AIVO API server."),
                      ex->origin, AIVO_CLIENT_MAX_BODY_SIZE / (1024 * 1024));
}

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void read_next (GTask *task);

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Exchange *ex = task_exchange (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(AivoResponse) response = NULL;
  g_autoptr(GBytes) body = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n < 0)
    {
      exchange_fail (task, transport_error_new (ex, error));
      return;
    }

  ex->body_length += n;
  if (ex->body_length > AIVO_CLIENT_MAX_BODY_SIZE)
    {
      exchange_fail (task, too_large_error_new (ex));
      return;
    }

  if (n > 0)
    {
      read_next (task);
      return;
    }

  exchange_stop_deadline (ex);
  body = g_bytes_new_take (g_steal_pointer (&ex->body), ex->body_length);
  response = aivo_response_new_from_message (ex->message, body,
                                             g_get_monotonic_time () - ex->started_usec,
                                             now_unix ());
  g_clear_object (&ex->stream);

  ex->handler (task, response);
}

/* Not g_realloc(): the block it leaves behind could hold a secret. */
static void
grow_body (Exchange *ex)
{
  gsize capacity = MAX (ex->body_capacity * 2, READ_CHUNK_SIZE);
  guchar *body = g_malloc (capacity);

  if (ex->body != NULL)
    {
      memcpy (body, ex->body, ex->body_length);
      aivo_secure_clear (ex->body, ex->body_length);
      g_free (ex->body);
    }

  ex->body = body;
  ex->body_capacity = capacity;
}

static void
read_next (GTask *task)
{
  Exchange *ex = task_exchange (task);

  if (ex->body_capacity - ex->body_length < READ_CHUNK_SIZE)
    grow_body (ex);

  g_input_stream_read_async (ex->stream, ex->body + ex->body_length, READ_CHUNK_SIZE,
                             G_PRIORITY_DEFAULT, ex->cancellable, on_read, g_object_ref (task));
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Exchange *ex = task_exchange (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(AivoRateLimit) rate_limit = NULL;
  SoupMessageHeaders *headers;
  guint status;

  ex->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (ex->stream == NULL)
    {
      exchange_fail (task, transport_error_new (ex, error));
      return;
    }

  /* Every answer moves the meter, even one this call then refuses. */
  headers = soup_message_get_response_headers (ex->message);
  rate_limit = aivo_rate_limit_new_from_headers (headers, now_unix ());
  update_rate_limit (task_client (task), rate_limit);

  status = soup_message_get_status (ex->message);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && soup_message_headers_get_content_length (headers) > AIVO_CLIENT_MAX_BODY_SIZE
      && status != SOUP_STATUS_NO_CONTENT && status != SOUP_STATUS_NOT_MODIFIED
      && g_strcmp0 (soup_message_get_method (ex->message), SOUP_METHOD_HEAD) != 0)
    {
      exchange_fail (task, too_large_error_new (ex));
      return;
    }

  read_next (task);
}

static gboolean
on_deadline (gpointer user_data)
{
  Exchange *ex = user_data;

  ex->timed_out = TRUE;
  g_cancellable_cancel (ex->cancellable);

  return G_SOURCE_REMOVE;
}

/* Sends @message (taking it) and calls @handler with the whole response. */
static void
exchange_start (GTask           *task,
                SoupMessage     *message,
                ResponseHandler  handler)
{
  Exchange *ex = task_exchange (task);

  ex->message = message;
  ex->origin = dup_origin (message);
  ex->handler = handler;

  /* The token must not follow a redirect to another host. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);

  ex->deadline = g_timeout_source_new ((guint) MIN ((guint64) ex->timeout * 1000, G_MAXUINT));
  g_source_set_callback (ex->deadline, on_deadline, ex, NULL);
  g_source_set_static_name (ex->deadline, "[aivo-client] deadline");
  g_source_attach (ex->deadline, g_task_get_context (task));

  ex->started_usec = g_get_monotonic_time ();
  soup_session_send_async (task_client (task)->session, message, G_PRIORITY_DEFAULT,
                           ex->cancellable, on_sent, g_object_ref (task));
}

/* API calls ---------------------------------------------------------------- */

typedef struct
{
  char *code;
  char *message;
  char *param;
  char *required_scope;
} ApiError;

static void
api_error_clear (ApiError *api_error)
{
  g_clear_pointer (&api_error->code, g_free);
  g_clear_pointer (&api_error->message, g_free);
  g_clear_pointer (&api_error->param, g_free);
  g_clear_pointer (&api_error->required_scope, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ApiError, api_error_clear)

static char *
dup_error_member (JsonObject *object,
                  const char *name,
                  guint       max_chars)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return aivo_client_dup_printable (json_node_get_string (node), -1, max_chars);
}

/* Reads {"error": {"code", "message", "param", "required_scope"}}, as far
 * as it is there: an error answer in another shape still has its status. */
static void
read_api_error (AivoResponse *response,
                ApiError     *api_error)
{
  JsonNode *root = aivo_response_get_json (response, NULL);
  JsonNode *node;
  JsonObject *object;
  g_autofree char *code = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;

  node = json_object_get_member (json_node_get_object (root), "error");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;

  object = json_node_get_object (node);
  code = dup_error_member (object, "code", MAX_QUOTED_ID);
  if (code != NULL && aivo_client_is_valid_id (code))
    api_error->code = g_steal_pointer (&code);
  api_error->message = dup_error_member (object, "message", AIVO_CLIENT_MAX_QUOTED_CHARS);
  api_error->param = dup_error_member (object, "param", MAX_QUOTED_ID);
  api_error->required_scope = dup_error_member (object, "required_scope", MAX_QUOTED_ID);
}

static gint64
seconds_until_allowed (AivoResponse *response)
{
  AivoRateLimit *rate_limit = aivo_response_get_rate_limit (response);

  return aivo_rate_limit_get_seconds_until_allowed (rate_limit, now_unix ());
}

/* The server's own sentence, or @fallback. */
static char *
server_sentence (ApiError   *api_error,
                 const char *fallback)
{
  char *sentence = dup_sentence (api_error->message);

  return sentence != NULL ? sentence : g_strdup (fallback);
}

/* The answer was not 2xx: a sentence for each kind of refusal. */
static GError *
status_error_new (Exchange     *ex,
                  AivoResponse *response)
{
  g_auto(ApiError) api_error = { NULL, };
  g_autofree char *said = NULL;
  g_autofree char *text = NULL;
  AivoClientErrorPrivate *priv;
  AivoClientError code;
  guint status = aivo_response_get_status (response);
  GError *error;

  read_api_error (response, &api_error);

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      code = AIVO_CLIENT_ERROR_UNAUTHORIZED;
      text = g_strdup (_("The server rejected the account token. Reconnect with a valid token."));
      break;

    case SOUP_STATUS_FORBIDDEN:
      code = AIVO_CLIENT_ERROR_FORBIDDEN;
      said = server_sentence (&api_error, _("The server refused this request."));
      text = g_strdup_printf (_("%s Keys, the account and the team are managed with the account "
                                "token (aivo_acct_…), not with an API key."),
                              said);
      break;

    case SOUP_STATUS_NOT_FOUND:
      code = AIVO_CLIENT_ERROR_NOT_FOUND;
      said = server_sentence (&api_error, _("The server has no such record."));
      text = g_strdup_printf (_("%s It may have been deleted meanwhile: refresh and try again."), said);
      break;

    case SOUP_STATUS_CONFLICT:
      if (g_strcmp0 (api_error.code, "key_limit_reached") == 0)
        {
          code = AIVO_CLIENT_ERROR_KEY_LIMIT_REACHED;
          said = server_sentence (&api_error, _("This account already has as many keys as it may have."));
          text = g_strdup_printf (_("%s Delete a key you no longer need, then try again; rotating "
                                    "a key works even when the account is full."),
                                  said);
        }
      else
        {
          code = AIVO_CLIENT_ERROR_CONFLICT;
          said = server_sentence (&api_error, _("The request conflicts with the data on the server."));
          text = g_strdup_printf (_("%s Nothing was changed."), said);
        }
      break;

    case SOUP_STATUS_BAD_REQUEST:
    case SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE:
    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      code = AIVO_CLIENT_ERROR_VALIDATION;
      said = server_sentence (&api_error, _("The server did not accept the request."));
      if (api_error.param != NULL)
        text = g_strdup_printf (_("%s Correct “%s” and try again."), said, api_error.param);
      else
        text = g_strdup_printf (_("%s Correct the request and try again."), said);
      break;

    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      code = AIVO_CLIENT_ERROR_PAYLOAD;
      said = server_sentence (&api_error, _("The request is larger than the server accepts."));
      text = g_strdup_printf (_("%s Send less data."), said);
      break;

    case STATUS_TOO_MANY_REQUESTS:
      code = AIVO_CLIENT_ERROR_RATE_LIMITED;
      text = g_strdup_printf (_("Rate limit reached: try again in %" G_GINT64_FORMAT " s."),
                              MAX (seconds_until_allowed (response), 1));
      break;

    default:
      if (SOUP_STATUS_IS_REDIRECTION (status))
        {
          const char *location = soup_message_headers_get_one (aivo_response_get_headers (response),
                                                               "Location");
          g_autofree char *quoted = aivo_client_dup_printable (location, -1, 80);

          code = AIVO_CLIENT_ERROR_BAD_RESPONSE;
          text = g_strdup_printf (_("The server sent the request on to another address (%s). "
                                    "AIVO Studio does not follow redirects, so that a token only "
                                    "goes where you sent it: connect to the final address instead."),
                                  quoted);
        }
      else if (SOUP_STATUS_IS_SERVER_ERROR (status))
        {
          code = AIVO_CLIENT_ERROR_SERVER;
          text = g_strdup_printf (_("The server failed with HTTP %u (%s). Try again later; if it "
                                    "keeps failing, check the server’s log."),
                                  status, aivo_response_get_reason_phrase (response));
        }
      else
        {
          code = AIVO_CLIENT_ERROR_BAD_RESPONSE;
          text = g_strdup_printf (_("The server answered HTTP %u (%s), which the AIVO API does "
                                    "not answer here. Check that the address points to an AIVO "
                                    "API server."),
                                  status, aivo_response_get_reason_phrase (response));
        }
      break;
    }

  error = g_error_new_literal (AIVO_CLIENT_ERROR, code, text);
  priv = aivo_client_error_get_private (error);
  priv->status = status;
  priv->api_code = g_steal_pointer (&api_error.code);
  priv->param = g_steal_pointer (&api_error.param);
  priv->required_scope = g_steal_pointer (&api_error.required_scope);

  return error;
}

static void
api_response_handler (GTask        *task,
                      AivoResponse *response)
{
  Exchange *ex = task_exchange (task);

  if (!aivo_response_is_success (response))
    {
      g_task_return_error (task, status_error_new (ex, response));
      return;
    }

  ex->parse (task, response);
}

static GError *
wrong_shape_error_new (void)
{
  return g_error_new_literal (AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_BAD_RESPONSE,
                              _("The server’s answer does not have the shape the AIVO API "
                                "gives it. Check that the address points to an AIVO API "
                                "server, or update AIVO Studio."));
}

static JsonObject *
response_get_object (AivoResponse  *response,
                     GError       **error)
{
  JsonNode *root = aivo_response_get_json (response, error);

  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, wrong_shape_error_new ());
      return NULL;
    }

  return json_node_get_object (root);
}

/* @member of @object as a JSON array, or NULL with @error. */
static JsonArray *
get_array_member (JsonObject  *object,
                  const char  *member,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node)
      || json_array_get_length (json_node_get_array (node)) > MAX_LIST_LENGTH)
    {
      g_propagate_error (error, wrong_shape_error_new ());
      return NULL;
    }

  return json_node_get_array (node);
}

static gboolean
get_count_member (JsonObject  *object,
                  const char  *member,
                  guint       *out,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
      || json_node_get_int (node) < 0 || json_node_get_int (node) > MAX_COUNT)
    {
      g_propagate_error (error, wrong_shape_error_new ());
      return FALSE;
    }

  *out = (guint) json_node_get_int (node);
  return TRUE;
}

static void
parse_key (GTask        *task,
           AivoResponse *response)
{
  GError *error = NULL;
  JsonObject *object = response_get_object (response, &error);
  AivoKey *key = object != NULL ? aivo_key_new_from_json (object, &error) : NULL;

  if (key == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, key, g_object_unref);
}

/* The one answer that carries a secret: it must be a credential of the
 * key's kind, with the key's id and hint, or it is not used. */
static gboolean
take_secret (Exchange      *ex,
             AivoResponse  *response,
             JsonObject    *object,
             AivoKey       *key,
             GError       **error)
{
  g_autoptr(AivoCredential) credential = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *hint = NULL;
  JsonNode *node = json_object_get_member (object, "secret");
  const char *secret;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_BAD_RESPONSE,
                   _("The server made the key “%s” but did not send its secret, so it cannot "
                     "be shown. Delete that key and create a new one."),
                   aivo_key_get_name (key));
      return FALSE;
    }

  /* Not the JSON tree's copy: there the secret is masked (AivoResponse
   * takes it out before json-glib reads the body). */
  secret = aivo_response_peek_secret (response);
  credential = secret != NULL ? aivo_credential_parse (secret, NULL) : NULL;
  if (credential != NULL)
    {
      key_id = aivo_credential_dup_key_id (credential);
      hint = aivo_credential_dup_hint (credential);
    }

  if (credential == NULL
      || !aivo_credential_matches_environment (credential, aivo_key_get_environment (key))
      || g_strcmp0 (key_id, aivo_key_get_id (key)) != 0
      || g_strcmp0 (hint, aivo_key_get_hint (key)) != 0)
    {
      g_set_error (error, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_BAD_RESPONSE,
                   _("The server made the key “%s” but sent a secret that does not belong to "
                     "it. Delete that key and create a new one."),
                   aivo_key_get_name (key));
      return FALSE;
    }

  ex->secret = aivo_secret_dup (aivo_credential_peek_secret (credential));
  return TRUE;
}

static void
parse_key_with_secret (GTask        *task,
                       AivoResponse *response)
{
  Exchange *ex = task_exchange (task);
  GError *error = NULL;
  g_autoptr(AivoKey) key = NULL;
  JsonObject *object;

  aivo_response_mark_secret (response);

  object = response_get_object (response, &error);
  if (object != NULL)
    key = aivo_key_new_from_json (object, &error);

  if (key == NULL || !take_secret (ex, response, object, key, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&key), g_object_unref);
}

static void
parse_key_list (GTask        *task,
                AivoResponse *response)
{
  Exchange *ex = task_exchange (task);
  g_autoptr(GPtrArray) keys = NULL;
  GError *error = NULL;
  JsonObject *object;
  JsonArray *data;

  if ((object = response_get_object (response, &error)) == NULL
      || (data = get_array_member (object, "data", &error)) == NULL
      || !get_count_member (object, "count", &ex->count, &error)
      || !get_count_member (object, "key_limit", &ex->key_limit, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  keys = g_ptr_array_new_full (json_array_get_length (data), g_object_unref);
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonNode *node = json_array_get_element (data, i);
      AivoKey *key;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_task_return_error (task, wrong_shape_error_new ());
          return;
        }

      key = aivo_key_new_from_json (json_node_get_object (node), &error);
      if (key == NULL)
        {
          g_task_return_error (task, error);
          return;
        }

      g_ptr_array_add (keys, key);
    }

  g_task_return_pointer (task, g_steal_pointer (&keys), (GDestroyNotify) g_ptr_array_unref);
}

static void
parse_object (GTask        *task,
              AivoResponse *response)
{
  GError *error = NULL;
  JsonObject *object = response_get_object (response, &error);

  if (object == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, json_object_ref (object), (GDestroyNotify) json_object_unref);
}

static void
parse_member_list (GTask        *task,
                   AivoResponse *response)
{
  GError *error = NULL;
  JsonObject *object;
  JsonArray *data;

  if ((object = response_get_object (response, &error)) == NULL
      || (data = get_array_member (object, "data", &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (data, i)))
        {
          g_task_return_error (task, wrong_shape_error_new ());
          return;
        }
    }

  g_task_return_pointer (task, json_array_ref (data), (GDestroyNotify) json_array_unref);
}

static void
parse_nothing (GTask        *task,
               AivoResponse *response)
{
  g_task_return_boolean (task, TRUE);
}

/* Starts an account-token call: @path under the base URL, @body (taken)
 * as JSON when not %NULL, @parse for a 2xx answer. */
static void
api_call (GTask           *task,
          const char      *method,
          const char      *path,
          JsonNode        *body,
          ResponseHandler  parse)
{
  AivoClient *self = task_client (task);
  g_autoptr(JsonNode) body_node = body;
  g_autoptr(AivoRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *message;

  if (self->account_token == NULL)
    {
      g_task_return_new_error (task, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_UNAUTHORIZED,
                               _("No account token is set. Connect with the account token to "
                                 "manage keys, the account and the team."));
      return;
    }

  request = aivo_request_new (method, self->base_url, path, &error);
  if (request == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  aivo_request_set_bearer_token (request, self->account_token);
  /* Constant, valid header values: these cannot fail. */
  aivo_request_add_header (request, "Accept", "application/json", NULL);

  if (body_node != NULL)
    {
      char *text = json_to_string (body_node, FALSE);
      gsize length = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (text, length);

      aivo_request_set_content_type (request, "application/json", NULL);
      aivo_request_set_body (request, bytes);
    }

  message = aivo_request_to_message (request, &error);
  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  task_exchange (task)->parse = parse;
  exchange_start (task, message, api_response_handler);
}

/* "/v1/<collection>/<id><suffix>", or NULL with the task answered when @id
 * cannot be one. */
static char *
dup_record_path (GTask      *task,
                 const char *collection,
                 const char *id,
                 const char *suffix)
{
  if (!aivo_client_is_valid_id (id))
    {
      g_autofree char *quoted = aivo_client_dup_printable (id, -1, MAX_QUOTED_ID);

      g_task_return_new_error (task, AIVO_CLIENT_ERROR, AIVO_CLIENT_ERROR_NOT_FOUND,
                               _("“%s” is not an id the server could have given. Refresh and try "
                                 "again."),
                               quoted);
      return NULL;
    }

  return g_strconcat ("/v1/", collection, "/", id, suffix, NULL);
}

static gpointer
finish_pointer (AivoClient    *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (AIVO_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
finish_boolean (AivoClient    *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (AIVO_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Keys --------------------------------------------------------------------- */

/**
 * aivo_client_list_keys_async:
 *
 * GET /v1/api-keys with the account token.
 */
void
aivo_client_list_keys_async (AivoClient          *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (AIVO_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = exchange_task_new (self, aivo_client_list_keys_async, cancellable, callback, user_data);
  api_call (task, "GET", "/v1/api-keys", NULL, parse_key_list);
}

/**
 * aivo_client_list_keys_finish:
 * @count: (out) (optional): how many keys count against the limit (keys in
 *   their grace period do not)
 * @key_limit: (out) (optional): how many keys the account may have
 *
 * Returns: (transfer container) (element-type AivoKey): every key,
 *   including those in their grace period, or %NULL with @error set
 */
GPtrArray *
aivo_client_list_keys_finish (AivoClient    *self,
                              GAsyncResult  *result,
                              guint         *count,
                              guint         *key_limit,
                              GError       **error)
{
  GPtrArray *keys = finish_pointer (self, result, aivo_client_list_keys_async, error);
  Exchange *ex = keys != NULL ? task_exchange (G_TASK (result)) : NULL;

  if (count != NULL)
    *count = ex != NULL ? ex->count : 0;
  if (key_limit != NULL)
    *key_limit = ex != NULL ? ex->key_limit : 0;

  return keys;
}

void
aivo_client_get_key_async (AivoClient          *self,
                           const char          *id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (AIVO_IS_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = exchange_task_new (self, aivo_client_get_key_async, cancellable, callback, user_data);
  if ((path = dup_record_path (task, "api-keys", id, "")) != NULL)
    api_call (task, "GET", path, NULL, parse_key);
}

/* Returns: (transfer full): the key, or %NULL with @error set */
AivoKey *
aivo_client_get_key_finish (AivoClient    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return finish_pointer (self, result, aivo_client_get_key_async, error);
}

/**
 * aivo_client_create_key_async:
 * @name: the key's name (the server trims it and checks its length)
 * @environment: production keys are aivo_live_…, the others aivo_test_…
 * @scopes: at least one scope
 * @shared_with: (nullable) (array zero-terminated=1): ids of team members
 *   who may see and use the key
 *
 * POST /v1/api-keys.
 */
void
aivo_client_create_key_async (AivoClient          *self,
                              const char          *name,
                              AivoEnvironment      environment,
                              AivoScope            scopes,
                              const char * const  *shared_with,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_auto(GStrv) scope_names = NULL;

  g_return_if_fail (AIVO_IS_CLIENT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail ((guint) environment < AIVO_N_ENVIRONMENTS);
  g_return_if_fail ((scopes & ~AIVO_SCOPE_ALL) == 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = exchange_task_new (self, aivo_client_create_key_async, cancellable, callback, user_data);
  /* Once the server has made the key, its secret is handed over even if
   * the caller cancelled meanwhile: it will never be sent again. */
  g_task_set_check_cancellable (task, FALSE);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "environment");
  json_builder_add_string_value (builder, aivo_environment_to_string (environment));
  json_builder_set_member_name (builder, "scopes");
  json_builder_begin_array (builder);
  scope_names = aivo_scopes_to_strv (scopes);
  for (guint i = 0; scope_names[i] != NULL; i++)
    json_builder_add_string_value (builder, scope_names[i]);
  json_builder_end_array (builder);
  if (shared_with != NULL)
    {
      json_builder_set_member_name (builder, "shared_with");
      json_builder_begin_array (builder);
      for (guint i = 0; shared_with[i] != NULL; i++)
        json_builder_add_string_value (builder, shared_with[i]);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  api_call (task, "POST", "/v1/api-keys", json_builder_get_root (builder), parse_key_with_secret);
}

/**
 * aivo_client_create_key_finish:
 * @secret: (out) (optional): the new key's secret. This is the only time
 *   it exists outside the server's digest: show it once, store it in the
 *   keyring if asked, then free it with aivo_secret_free().
 *
 * Returns: (transfer full): the new key, or %NULL with @error set
 */
AivoKey *
aivo_client_create_key_finish (AivoClient    *self,
                               GAsyncResult  *result,
                               AivoSecret   **secret,
                               GError       **error)
{
  AivoKey *key = finish_pointer (self, result, aivo_client_create_key_async, error);

  if (secret != NULL)
    *secret = key != NULL ? g_steal_pointer (&task_exchange (G_TASK (result))->secret) : NULL;

  return key;
}

/* PATCH /v1/api-keys/{id} {"name"}: the only thing that can change. */
void
aivo_client_rename_key_async (AivoClient          *self,
                              const char          *id,
                              const char          *name,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (AIVO_IS_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = exchange_task_new (self, aivo_client_rename_key_async, cancellable, callback, user_data);
  if ((path = dup_record_path (task, "api-keys", id, "")) == NULL)
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_end_object (builder);

  api_call (task, "PATCH", path, json_builder_get_root (builder), parse_key);
}

/* Returns: (transfer full): the key as renamed, or %NULL with @error set */
AivoKey *
aivo_client_rename_key_finish (AivoClient    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish_pointer (self, result, aivo_client_rename_key_async, error);
}

/* DELETE /v1/api-keys/{id}: the key stops working at once. */
void
aivo_client_delete_key_async (AivoClient          *self,
                              const char          *id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (AIVO_IS_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = exchange_task_new (self, aivo_client_delete_key_async, cancellable, callback, user_data);
  if ((path = dup_record_path (task, "api-keys", id, "")) != NULL)
    api_call (task, "DELETE", path, NULL, parse_nothing);
}

gboolean
aivo_client_delete_key_finish (AivoClient    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish_boolean (self, result, aivo_client_delete_key_async, error);
}

/**
 * aivo_client_rotate_key_async:
 * @grace_seconds: how long the old key keeps working, 0 to 604800 (a week);
 *   0 ends it at once
 *
 * POST /v1/api-keys/{id}/rotate: a new key with the same name, scopes,
 * environment and sharing.
 */
void
aivo_client_rotate_key_async (AivoClient          *self,
                              const char          *id,
                              guint                grace_seconds,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (AIVO_IS_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = exchange_task_new (self, aivo_client_rotate_key_async, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  if ((path = dup_record_path (task, "api-keys", id, "/rotate")) == NULL)
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "grace_period_seconds");
  json_builder_add_int_value (builder, grace_seconds);
  json_builder_end_object (builder);

  api_call (task, "POST", path, json_builder_get_root (builder), parse_key_with_secret);
}

/**
 * aivo_client_rotate_key_finish:
 * @secret: (out) (optional): the new key's secret, as for
 *   aivo_client_create_key_finish()
 *
 * Returns: (transfer full): the new key (its rotated-from is the old key),
 *   or %NULL with @error set
 */
AivoKey *
aivo_client_rotate_key_finish (AivoClient    *self,
                               GAsyncResult  *result,
                               AivoSecret   **secret,
                               GError       **error)
{
  AivoKey *key = finish_pointer (self, result, aivo_client_rotate_key_async, error);

  if (secret != NULL)
    *secret = key != NULL ? g_steal_pointer (&task_exchange (G_TASK (result))->secret) : NULL;

  return key;
}

/* Account and team --------------------------------------------------------- */

void
aivo_client_get_account_async (AivoClient          *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (AIVO_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = exchange_task_new (self, aivo_client_get_account_async, cancellable, callback, user_data);
  api_call (task, "GET", "/v1/account", NULL, parse_object);
}

/**
 * aivo_client_get_account_finish:
 *
 * Returns: (transfer full): the account object ({"id", "name", "plan",
 *   "rate_limit_per_minute", …}), or %NULL with @error set
 */
JsonObject *
aivo_client_get_account_finish (AivoClient    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish_pointer (self, result, aivo_client_get_account_async, error);
}

void
aivo_client_list_team_members_async (AivoClient          *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (AIVO_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = exchange_task_new (self, aivo_client_list_team_members_async, cancellable, callback, user_data);
  api_call (task, "GET", "/v1/team-members", NULL, parse_member_list);
}

/**
 * aivo_client_list_team_members_finish:
 *
 * Returns: (transfer full): the members, each a JSON object, or %NULL with
 *   @error set
 */
JsonArray *
aivo_client_list_team_members_finish (AivoClient    *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return finish_pointer (self, result, aivo_client_list_team_members_async, error);
}

/* DELETE /v1/team-members/{id}: keys the member had access to then need
 * rotating. */
void
aivo_client_remove_team_member_async (AivoClient          *self,
                                      const char          *id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (AIVO_IS_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = exchange_task_new (self, aivo_client_remove_team_member_async, cancellable, callback, user_data);
  if ((path = dup_record_path (task, "team-members", id, "")) != NULL)
    api_call (task, "DELETE", path, NULL, parse_nothing);
}

gboolean
aivo_client_remove_team_member_finish (AivoClient    *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return finish_boolean (self, result, aivo_client_remove_team_member_async, error);
}

/* Any request -------------------------------------------------------------- */

static void
return_response (GTask        *task,
                 AivoResponse *response)
{
  g_task_return_pointer (task, g_object_ref (response), g_object_unref);
}

/**
 * aivo_client_send_async:
 * @request: the request, with its own bearer token or none
 *
 * Sends exactly @request, once: no account token is added, nothing is
 * retried, and a redirect comes back as it is. Any HTTP status is a
 * result; only a failure to get an answer is an error.
 */
void
aivo_client_send_async (AivoClient          *self,
                        AivoRequest         *request,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *message;

  g_return_if_fail (AIVO_IS_CLIENT (self));
  g_return_if_fail (AIVO_IS_REQUEST (request));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = exchange_task_new (self, aivo_client_send_async, cancellable, callback, user_data);

  message = aivo_request_to_message (request, &error);
  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  exchange_start (task, message, return_response);
}

/**
 * aivo_client_send_finish:
 *
 * Returns: (transfer full): the response, whatever its status, or %NULL
 *   with @error set (network, TLS, timeout, a body over the size limit)
 */
AivoResponse *
aivo_client_send_finish (AivoClient    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  return finish_pointer (self, result, aivo_client_send_async, error);
}

static void
return_status (GTask        *task,
               AivoResponse *response)
{
  g_task_return_int (task, aivo_response_get_status (response));
}

/**
 * aivo_client_probe_credential_async:
 * @secret: an API key or account token
 *
 * Makes one real request with @secret (GET /v1/account) to learn whether
 * the server still accepts it: 401 means it does not; any other status
 * (200, 403 for a key without account:read, 429) means it does.
 */
void
aivo_client_probe_credential_async (AivoClient          *self,
                                    const char          *secret,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(AivoRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *message = NULL;

  g_return_if_fail (AIVO_IS_CLIENT (self));
  g_return_if_fail (secret != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = exchange_task_new (self, aivo_client_probe_credential_async, cancellable, callback, user_data);

  request = aivo_request_new ("GET", self->base_url, "/v1/account", &error);
  if (request != NULL)
    {
      aivo_request_set_bearer_token (request, secret);
      message = aivo_request_to_message (request, &error);
    }

  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  exchange_start (task, message, return_status);
}

/* Returns: the HTTP status of the probe, or 0 with @error set */
guint
aivo_client_probe_credential_finish (AivoClient    *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  gssize status;

  g_return_val_if_fail (AIVO_IS_CLIENT (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aivo_client_probe_credential_async, 0);

  status = g_task_propagate_int (G_TASK (result), error);

  return status < 0 ? 0 : (guint) status;
}
