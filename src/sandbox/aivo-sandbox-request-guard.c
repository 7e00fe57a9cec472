/* aivo-sandbox-request-guard.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-request-guard"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "aivo-sandbox-request-guard.h"
#include "aivo-secure-memory.h"

/* The input side of a client connection, between the socket and libsoup.
 *
 * libsoup 3.2 answers some malformed requests in ways API.md forbids: a
 * header block over 64 KiB makes it drop the connection without an answer, an
 * unknown Transfer-Encoding gets 501, and its own 400s carry no JSON. So each
 * request's header block is read here first, whole, and checked the way
 * libsoup will parse it (with libsoup's own parser). A good block is handed on
 * unchanged, then exactly Content-Length bytes of body, then the next block is
 * screened. A bad one is replaced by a minimal request
 * ("GET / HTTP/1.0") and the reason kept here; the server answers that
 * request with the reason as a JSON error and the connection ends.
 *
 * A chunked body cannot be followed without parsing it, so after one the
 * guard lets everything through and the server closes the connection after
 * answering.
 *
 * The guard also knows when its connection last made progress, so the server
 * can end one that is idle or stalled (aivo_sandbox_request_guard_time_out()),
 * and its buffer, which holds header blocks with their credentials, is
 * cleared as it is consumed and before it is freed or moved. */

#define READ_BLOCK 8192

static const char synthetic_request[] = "GET / HTTP/1.0\r\n\r\n";

typedef enum
{
  MODE_HEADERS,
  MODE_BODY,
  MODE_PASSTHROUGH,
  MODE_CLOSED,
} Mode;

struct _AivoSandboxRequestGuard
{
  GInputStream       parent_instance;

  GSocketConnection *connection;
  GInputStream      *base;             /* borrowed from connection */

  guint8            *data;             /* the buffer: cleared before it is freed or moved */
  gsize              length;           /* bytes in it */
  gsize              capacity;
  gsize              start;            /* consumed bytes at the front */
  gsize              ready;            /* bytes after start that may be handed out */
  gsize              scanned;          /* bytes after start already split into lines */
  Mode               mode;
  guint64            body_remaining;
  gboolean           base_eof;

  guint              rejection_status;
  const char        *rejection_message;
  gboolean           encoded_slash;    /* the current request's path has "%2F" */

  gint64             request_started;  /* monotonic time of a request's first byte; 0 between requests */
  gint64             last_progress;    /* monotonic time a request last arrived whole (or the accept) */
};

static void aivo_sandbox_request_guard_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AivoSandboxRequestGuard, aivo_sandbox_request_guard, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      aivo_sandbox_request_guard_pollable_init))

/* Clears and frees the buffer (but keeps the positions). */
static void
forget_buffer (AivoSandboxRequestGuard *self)
{
  if (self->data != NULL)
    aivo_secure_clear (self->data, self->capacity);
  g_clear_pointer (&self->data, g_free);
  self->capacity = 0;
}

static void
empty_buffer (AivoSandboxRequestGuard *self)
{
  forget_buffer (self);
  self->length = 0;
  self->start = 0;
  self->ready = 0;
  self->scanned = 0;
}

/* A request has arrived whole: the connection is idle until the next. */
static void
request_complete (AivoSandboxRequestGuard *self)
{
  self->request_started = 0;
  self->last_progress = g_get_monotonic_time ();
}

static gsize
buffered (AivoSandboxRequestGuard *self)
{
  return self->length - self->start;
}

/* Drops the consumed bytes, clearing every byte that no longer holds data. */
static void
compact (AivoSandboxRequestGuard *self)
{
  gsize kept = buffered (self);

  if (self->start == 0 || (kept > 0 && self->start < READ_BLOCK))
    return;

  memmove (self->data, self->data + self->start, kept);
  aivo_secure_clear (self->data + kept, self->length - kept);
  self->length = kept;
  self->start = 0;
}

/* Room for @extra more bytes. Not g_realloc(): the block it would free may
 * hold a credential. */
static void
reserve (AivoSandboxRequestGuard *self,
         gsize                    extra)
{
  gsize capacity;
  guint8 *data;

  if (self->capacity - self->length >= extra)
    return;

  capacity = MAX (self->capacity * 2, self->length + extra);
  data = g_malloc (capacity);
  if (self->length > 0)
    memcpy (data, self->data, self->length);
  forget_buffer (self);
  self->data = data;
  self->capacity = capacity;
}

static void
append (AivoSandboxRequestGuard *self,
        const void              *bytes,
        gsize                    count)
{
  reserve (self, count);
  memcpy (self->data + self->length, bytes, count);
  self->length += count;
}

/* libsoup 3.2 neither closes nor frees a kept-alive connection that the
 * client closes between requests (fixed in 3.3), so its socket would stay
 * open for good. Close it here; libsoup then only keeps a few small objects. */
static void
release_connection (AivoSandboxRequestGuard *self)
{
  self->mode = MODE_CLOSED;
  empty_buffer (self);
  request_complete (self);
  g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
}

/* Drops what is left and feeds libsoup the stand-in request instead. */
static void
reject (AivoSandboxRequestGuard *self,
        guint                    status,
        const char              *message)
{
  self->rejection_status = status;
  self->rejection_message = message;
  self->encoded_slash = FALSE;

  empty_buffer (self);
  append (self, synthetic_request, strlen (synthetic_request));
  self->ready = self->length;
  self->mode = MODE_CLOSED;
  request_complete (self);
}

static gboolean
path_climbs (const char *path)
{
  g_autofree char *decoded = g_uri_unescape_string (path, NULL);

  return decoded == NULL || strstr (decoded, "/../") != NULL || g_str_has_suffix (decoded, "/..");
}

#define HTTP_URI_FLAGS (G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_ENCODED_QUERY | \
                        G_URI_FLAGS_ENCODED_FRAGMENT | G_URI_FLAGS_SCHEME_NORMALIZE)


/* Whether the still-encoded @path has an escaped "/": it must not split
 * segments the way a real "/" does, but libsoup decodes it into one. */
static gboolean
has_encoded_slash (const char *path)
{
  for (const char *p = path; *p != '\0' && *p != '?' && *p != '#'; p++)
    if (p[0] == '%' && p[1] == '2' && (p[2] == 'f' || p[2] == 'F'))
      return TRUE;

  return FALSE;
}

/* The checks on a parsed header block. Returns NULL, or why not; sets the
 * body framing and @uri_out on success. */
static const char *
check_request (AivoSandboxRequestGuard  *self,
               SoupMessageHeaders       *headers,
               const char               *method,
               const char               *target,
               SoupHTTPVersion           version,
               GUri                    **uri_out)
{
  g_autoptr(GUri) uri = NULL;
  const char *content_length;
  const char *host;
  /* libsoup reads "-5" as a huge length: only digits, and one header. */
  content_length = soup_message_headers_get_list (headers, "Content-Length");
  if (content_length != NULL &&
      (content_length[0] == '\0' || strspn (content_length, "0123456789") != strlen (content_length) ||
       strlen (content_length) > 18))
    return "The request’s Content-Length is malformed: it must be one whole number of bytes.";

  switch (soup_message_headers_get_encoding (headers))
    {
    case SOUP_ENCODING_NONE:
      self->mode = MODE_BODY;
      self->body_remaining = 0;
      break;

    case SOUP_ENCODING_CONTENT_LENGTH:
      self->mode = MODE_BODY;
      self->body_remaining = soup_message_headers_get_content_length (headers);
      break;

    case SOUP_ENCODING_CHUNKED:
    case SOUP_ENCODING_EOF:
    case SOUP_ENCODING_BYTERANGES:
      self->mode = MODE_PASSTHROUGH;
      break;

    case SOUP_ENCODING_UNRECOGNIZED:
    default:
      return "The request’s Content-Length or Transfer-Encoding is malformed or not supported; "
             "send a Content-Length or “Transfer-Encoding: chunked”.";
    }

  if (g_str_equal (method, "CONNECT") || g_str_equal (target, "*"))
    return "The sandbox does not support this kind of request (CONNECT or “*”).";

  /* All of them: libsoup joins repeated headers with a comma, which no host
   * contains. RFC 9112 wants a 400 for a second Host. */
  host = soup_message_headers_get_list (headers, "Host");
  if (host != NULL && strchr (host, ',') != NULL)
    return "The request has more than one Host header; send exactly one.";
  if (host != NULL && strchr (host, '/') != NULL)
    return "The request’s Host header is malformed.";

  if (target[0] == '/')
    {
      if (host != NULL)
        {
          g_autofree char *url = g_strconcat ("http://", host, target, NULL);

          uri = g_uri_parse (url, HTTP_URI_FLAGS, NULL);
        }
      else if (version != SOUP_HTTP_1_0)
        return "The request has no Host header, which HTTP/1.1 requires.";
    }
  else
    {
      uri = g_uri_parse (target, HTTP_URI_FLAGS, NULL);
      if (uri != NULL && g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0)
        return "The request’s target is not an http URL.";
    }

  if ((target[0] != '/' || host != NULL) &&
      (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0'))
    return "The request’s target or Host header is not a valid URL.";

  if (path_climbs (uri != NULL ? g_uri_get_path (uri) : target))
    return "The request path is malformed (it climbs with “..” or has a bad escape).";

  *uri_out = g_steal_pointer (&uri);
  return NULL;
}

/* Would libsoup accept this header block? Returns NULL, or why not. Sets the
 * body framing on success. */
static const char *
check_block (AivoSandboxRequestGuard *self,
             const guint8            *data,
             gsize                    length)
{
  SoupMessageHeaders *headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autofree char *method = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *problem = NULL;
  SoupHTTPVersion version;
  char *copy;
  guint status;

  copy = g_malloc (length + 1);
  memcpy (copy, data, length);
  copy[length] = '\0';
  status = soup_headers_parse_request (copy, length, headers, &method, &target, &version);
  aivo_secure_clear (copy, length);
  g_free (copy);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    problem = "The request is not valid HTTP/1.1: its request line or a header is malformed.";
  else
    problem = check_request (self, headers, method, target, version, &uri);
  aivo_secure_clear_header (headers, "Authorization");
  soup_message_headers_unref (headers);

  if (problem == NULL)
    self->encoded_slash = has_encoded_slash (uri != NULL ? g_uri_get_path (uri) : target);

  return problem;
}

/* Looks for the end of the header block in what is buffered, the way libsoup
 * finds it: an empty line ("\n" or "\r\n") after at least one other line.
 * Returns TRUE when something changed (bytes are ready, or the request was
 * refused), FALSE when more input is needed. */
static gboolean
scan_headers (AivoSandboxRequestGuard *self)
{
  const guint8 *data = self->data + self->start;
  gsize length = buffered (self);
  gsize line_start = self->scanned;

  while (line_start < length)
    {
      const guint8 *lf = memchr (data + line_start, '\n', length - line_start);
      gsize line_end, line_length, parsed, consumed = 0;
      const char *problem;

      if (lf == NULL)
        break;

      line_end = lf - data;
      line_length = line_end - line_start + 1;

      /* libsoup: a 1-byte line after 2+ bytes ending "\n\n", or a 2-byte line
       * after 3+ bytes ending "\n\r\n"; what it parses stops before that line. */
      if (line_length == 1 && line_start >= 2 && data[line_start - 1] == '\n')
        consumed = line_start + 1;
      else if (line_length == 2 && line_start >= 3 && data[line_start] == '\r' && data[line_start - 1] == '\n')
        consumed = line_start + 2;

      parsed = line_start;
      line_start = line_end + 1;
      if (consumed == 0)
        continue;

      if (consumed > AIVO_SANDBOX_MAX_HEADER_BYTES)
        break;

      problem = check_block (self, data, parsed);
      if (problem != NULL)
        {
          reject (self, SOUP_STATUS_BAD_REQUEST, problem);
          return TRUE;
        }

      self->ready = consumed;
      self->scanned = 0;
      if (self->mode == MODE_BODY && self->body_remaining == 0)
        request_complete (self);
      return TRUE;
    }

  self->scanned = line_start;

  if (length > AIVO_SANDBOX_MAX_HEADER_BYTES)
    {
      reject (self, 431,
              "The request line or headers are larger than 64 KiB, more than the sandbox accepts. "
              "Send shorter headers.");
      return TRUE;
    }

  return FALSE;
}

/* One read for libsoup: hands out what is ready, else advances the state
 * machine, reading from the socket when it must. */
static gssize
guard_read (AivoSandboxRequestGuard  *self,
            void                     *out,
            gsize                     count,
            gboolean                  blocking,
            GCancellable             *cancellable,
            GError                  **error)
{
  for (;;)
    {
      gssize n;

      if (self->ready > 0)
        {
          gsize give = MIN (count, self->ready);

          memcpy (out, self->data + self->start, give);
          self->start += give;
          self->ready -= give;
          compact (self);
          return give;
        }

      switch (self->mode)
        {
        case MODE_CLOSED:
          return 0;

        case MODE_PASSTHROUGH:
          if (buffered (self) > 0)
            {
              self->ready = buffered (self);
              continue;
            }
          return g_pollable_stream_read (self->base, out, count, blocking, cancellable, error);

        case MODE_BODY:
          if (self->body_remaining == 0)
            {
              self->mode = MODE_HEADERS;
              continue;
            }
          if (buffered (self) > 0)
            {
              self->ready = MIN (buffered (self), self->body_remaining);
              self->body_remaining -= self->ready;
              if (self->body_remaining == 0)
                request_complete (self);
              continue;
            }
          n = g_pollable_stream_read (self->base, out, MIN (count, self->body_remaining),
                                      blocking, cancellable, error);
          if (n > 0)
            {
              self->body_remaining -= n;
              if (self->body_remaining == 0)
                request_complete (self);
            }
          return n;

        case MODE_HEADERS:
        default:
          /* A request begins with its first byte, pipelined ones included. */
          if (buffered (self) > 0 && self->request_started == 0)
            self->request_started = g_get_monotonic_time ();

          if (buffered (self) > 0 && scan_headers (self))
            continue;

          if (self->base_eof)
            {
              /* The client closed the connection: between requests that is
               * normal; within a header block it is a truncated request. */
              if (buffered (self) == 0)
                {
                  release_connection (self);
                  return 0;
                }
              reject (self, SOUP_STATUS_BAD_REQUEST, "The request ended before its headers did.");
              continue;
            }

          reserve (self, READ_BLOCK);
          n = g_pollable_stream_read (self->base, self->data + self->length, READ_BLOCK,
                                      blocking, cancellable, error);
          if (n < 0 && buffered (self) == 0 &&
              !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK) &&
              !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              /* Reset between requests (a client that closes with an answer
               * unread does that): for libsoup 3.2 that is an error it never
               * closes the connection for, so it counts as leaving. */
              g_clear_error (error);
              release_connection (self);
              return 0;
            }
          if (n < 0)
            return -1;
          if (n == 0)
            self->base_eof = TRUE;
          self->length += n;
          continue;
        }
    }
}

/* Can a read make progress without the socket? */
static gboolean
can_progress (AivoSandboxRequestGuard *self)
{
  if (self->ready > 0 || self->base_eof)
    return TRUE;

  switch (self->mode)
    {
    case MODE_CLOSED:
      return TRUE;
    case MODE_BODY:
      return self->body_remaining == 0 || buffered (self) > 0;
    case MODE_PASSTHROUGH:
      return buffered (self) > 0;
    case MODE_HEADERS:
    default:
      return buffered (self) > 0 && scan_headers (self);
    }
}

static gssize
aivo_sandbox_request_guard_read_fn (GInputStream  *stream,
                                    void          *buffer,
                                    gsize          count,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  return guard_read (AIVO_SANDBOX_REQUEST_GUARD (stream), buffer, count, TRUE, cancellable, error);
}

static gboolean
aivo_sandbox_request_guard_close_fn (GInputStream  *stream,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  AivoSandboxRequestGuard *self = AIVO_SANDBOX_REQUEST_GUARD (stream);

  /* Closing the connection closes the socket; the socket's own streams do not. */
  return g_io_stream_close (G_IO_STREAM (self->connection), cancellable, error);
}

static gboolean
aivo_sandbox_request_guard_can_poll (GPollableInputStream *stream)
{
  return TRUE;
}

static gboolean
aivo_sandbox_request_guard_is_readable (GPollableInputStream *stream)
{
  AivoSandboxRequestGuard *self = AIVO_SANDBOX_REQUEST_GUARD (stream);

  return can_progress (self) || g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (self->base));
}

static GSource *
aivo_sandbox_request_guard_create_source (GPollableInputStream *stream,
                                          GCancellable         *cancellable)
{
  AivoSandboxRequestGuard *self = AIVO_SANDBOX_REQUEST_GUARD (stream);
  g_autoptr(GSource) child = NULL;

  if (can_progress (self))
    child = g_timeout_source_new (0);
  else
    child = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (self->base), NULL);

  return g_pollable_source_new_full (stream, child, cancellable);
}

static gssize
aivo_sandbox_request_guard_read_nonblocking (GPollableInputStream  *stream,
                                             void                  *buffer,
                                             gsize                  count,
                                             GError               **error)
{
  return guard_read (AIVO_SANDBOX_REQUEST_GUARD (stream), buffer, count, FALSE, NULL, error);
}

static void
aivo_sandbox_request_guard_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = aivo_sandbox_request_guard_can_poll;
  iface->is_readable = aivo_sandbox_request_guard_is_readable;
  iface->create_source = aivo_sandbox_request_guard_create_source;
  iface->read_nonblocking = aivo_sandbox_request_guard_read_nonblocking;
}

static void
aivo_sandbox_request_guard_finalize (GObject *object)
{
  AivoSandboxRequestGuard *self = (AivoSandboxRequestGuard *)object;

  forget_buffer (self);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (aivo_sandbox_request_guard_parent_class)->finalize (object);
}

static void
aivo_sandbox_request_guard_class_init (AivoSandboxRequestGuardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = aivo_sandbox_request_guard_finalize;

  stream_class->read_fn = aivo_sandbox_request_guard_read_fn;
  stream_class->close_fn = aivo_sandbox_request_guard_close_fn;
}

static void
aivo_sandbox_request_guard_init (AivoSandboxRequestGuard *self)
{
  self->mode = MODE_HEADERS;
  self->last_progress = g_get_monotonic_time ();
}

/**
 * aivo_sandbox_request_guard_new:
 * @connection: an accepted client connection
 *
 * Returns: (transfer full): a stream to give libsoup instead of
 *   @connection's input stream; closing it closes @connection
 */
AivoSandboxRequestGuard *
aivo_sandbox_request_guard_new (GSocketConnection *connection)
{
  AivoSandboxRequestGuard *self;

  g_return_val_if_fail (G_IS_SOCKET_CONNECTION (connection), NULL);

  self = g_object_new (AIVO_SANDBOX_TYPE_REQUEST_GUARD, NULL);
  self->connection = g_object_ref (connection);
  self->base = g_io_stream_get_input_stream (G_IO_STREAM (connection));

  return self;
}

/**
 * aivo_sandbox_request_guard_get_rejection:
 * @message: (out) (transfer none): why, as a sentence
 *
 * Returns: the status to answer the stand-in request with (400 or 431), or 0
 *   when no request on this connection was refused
 */
guint
aivo_sandbox_request_guard_get_rejection (AivoSandboxRequestGuard  *self,
                                          const char              **message)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_REQUEST_GUARD (self), 0);

  if (message != NULL)
    *message = self->rejection_message;

  return self->rejection_status;
}

/**
 * aivo_sandbox_request_guard_has_encoded_slash:
 *
 * Whether the path of the request being read had an escaped slash ("%2F").
 * libsoup decodes it into a real "/", so only the guard, which saw the path
 * as sent, can tell "/v1/api-keys%2Fkey_x" from "/v1/api-keys/key_x".
 */
gboolean
aivo_sandbox_request_guard_has_encoded_slash (AivoSandboxRequestGuard *self)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_REQUEST_GUARD (self), FALSE);

  return self->encoded_slash;
}

/* Whether libsoup (or the guard) has closed the connection. */
gboolean
aivo_sandbox_request_guard_is_closed (AivoSandboxRequestGuard *self)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_REQUEST_GUARD (self), TRUE);

  return g_io_stream_is_closed (G_IO_STREAM (self->connection));
}

/**
 * aivo_sandbox_request_guard_get_idle_since:
 * @request_started: (out) (optional): the monotonic time the request being
 *   read began arriving, or 0 when none is
 *
 * Returns: the monotonic time the last request arrived whole (or the
 *   connection was accepted)
 */
gint64
aivo_sandbox_request_guard_get_idle_since (AivoSandboxRequestGuard *self,
                                           gint64                  *request_started)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_REQUEST_GUARD (self), 0);

  if (request_started != NULL)
    *request_started = self->request_started;

  return self->last_progress;
}

/**
 * aivo_sandbox_request_guard_time_out:
 *
 * Ends the connection because it took too long. A request whose headers are
 * still arriving is answered 408 (the server gives the answer, as with any
 * refusal); otherwise the connection is shut down, which libsoup sees as the
 * client leaving. Shutting down, not closing, keeps the descriptor valid for
 * the sources libsoup is waiting on.
 */
void
aivo_sandbox_request_guard_time_out (AivoSandboxRequestGuard *self)
{
  GSocket *socket;

  g_return_if_fail (AIVO_SANDBOX_IS_REQUEST_GUARD (self));

  if (aivo_sandbox_request_guard_is_closed (self))
    return;

  socket = g_socket_connection_get_socket (self->connection);

  if (self->mode == MODE_HEADERS && buffered (self) > 0 && self->ready == 0)
    {
      reject (self, 408,
              "The request took too long to arrive. Send each request whole, without pausing.");
      /* Wakes libsoup's wait for input; the answer can still be written. */
      g_socket_shutdown (socket, TRUE, FALSE, NULL);
      return;
    }

  g_socket_shutdown (socket, TRUE, TRUE, NULL);
}
