/* aivo-request.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-request"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aivo-request.h"
#include "aivo-secure-memory.h"

/*
 * The request model the playground, the CLI, the snippet generator and the
 * docs' "Try it" share. Everything that goes in is validated on the way in,
 * so a request that exists can always be sent and printed; to_message()
 * only checks the bearer token again, because its setter cannot fail.
 *
 * The bearer token is held as an AivoSecret, cleared when replaced and in
 * finalize, and never appears in an error message or display output.
 */

struct _AivoRequest
{
  GObject     parent_instance;

  char       *method;
  GUri       *uri;              /* without query and fragment */
  char       *url_without_query;
  GPtrArray  *query;            /* AivoRequestParam, decoded */
  GPtrArray  *headers;          /* AivoRequestParam; never Authorization or Content-Type */
  GBytes     *body;
  char       *content_type;
  AivoSecret *bearer_token;
};

G_DEFINE_FINAL_TYPE (AivoRequest, aivo_request, G_TYPE_OBJECT)

G_DEFINE_QUARK (aivo-request-error-quark, aivo_request_error)

G_DEFINE_BOXED_TYPE (AivoRequestParam, aivo_request_param,
                     aivo_request_param_copy, aivo_request_param_free)

/* Longest piece of user input quoted back in an error message. */
#define MAX_QUOTED_CHARS 40

/* Characters left readable in query names and values: unreserved ones are
 * never escaped; of the rest only those with no meaning inside a query
 * component ('&', '=', '+', ';' and '#' do have one). */
#define QUERY_SAFE_CHARS "!$'()*,:@/?"

#define TCHAR_LIST "!#$%&'*+-.^_`|~"

/* Framing and connection headers belong to the HTTP library: letting a user
 * set them would allow a request that says one thing and sends another. */
static const char * const reserved_headers[] = {
  "Host",
  "Content-Length",
  "Transfer-Encoding",
  "Connection",
  "Keep-Alive",
  "Proxy-Connection",
  "TE",
  "Trailer",
  "Upgrade",
};

static const char * const idempotent_methods[] = {
  "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE",
};

AivoRequestParam *
aivo_request_param_new (const char *name,
                        const char *value)
{
  AivoRequestParam *param;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  param = g_new0 (AivoRequestParam, 1);
  param->name = g_strdup (name);
  param->value = g_strdup (value);

  return param;
}

AivoRequestParam *
aivo_request_param_copy (const AivoRequestParam *param)
{
  g_return_val_if_fail (param != NULL, NULL);

  return aivo_request_param_new (param->name, param->value);
}

void
aivo_request_param_free (AivoRequestParam *param)
{
  if (param == NULL)
    return;

  g_free (param->name);
  g_free (param->value);
  g_free (param);
}

static GPtrArray *
param_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) aivo_request_param_free);
}

static void
aivo_request_finalize (GObject *object)
{
  AivoRequest *self = (AivoRequest *)object;

  g_clear_pointer (&self->method, g_free);
  g_clear_pointer (&self->uri, g_uri_unref);
  g_clear_pointer (&self->url_without_query, g_free);
  g_clear_pointer (&self->query, g_ptr_array_unref);
  g_clear_pointer (&self->headers, g_ptr_array_unref);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_pointer (&self->content_type, g_free);
  g_clear_pointer (&self->bearer_token, aivo_secret_free);

  G_OBJECT_CLASS (aivo_request_parent_class)->finalize (object);
}

static void
aivo_request_class_init (AivoRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aivo_request_finalize;
}

static void
aivo_request_init (AivoRequest *self)
{
  self->query = param_array_new ();
  self->headers = param_array_new ();
}

/* Character helpers */

/* RFC 9110 §5.6.2: token = 1*tchar. */
static gboolean
is_tchar (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr (TCHAR_LIST, c) != NULL);
}

static gboolean
is_control (char c)
{
  return (guchar) c < 0x20 || (guchar) c == 0x7F;
}

static gboolean
is_ows (char c)
{
  return c == ' ' || c == '\t';
}

static const char *
find_non_tchar (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!is_tchar (*p))
        return p;
    }

  return NULL;
}

/* A field value (RFC 9110 §5.5) as UTF-8 text: no control characters but
 * HTAB. Returns the first offending byte, or NULL. */
static const char *
find_bad_value_char (const char *text)
{
  const char *end = NULL;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (is_control (*p) && *p != '\t')
        return p;
    }

  if (!g_utf8_validate (text, -1, &end))
    return end;

  return NULL;
}

/* User input, made printable and short enough for a message. */
static char *
dup_quoted_for_message (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_new (NULL);
  guint n_chars = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (n_chars++ == MAX_QUOTED_CHARS)
        {
          g_string_append (out, "…");
          break;
        }

      switch (*p)
        {
        case '\r':
          g_string_append (out, "\\r");
          break;

        case '\n':
          g_string_append (out, "\\n");
          break;

        case '\t':
          g_string_append (out, "\\t");
          break;

        default:
          if (is_control (*p))
            g_string_append_printf (out, "\\x%02X", (guint) (guchar) *p);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
    }

  return g_string_free (out, FALSE);
}

/* Names the character at @p for a message: "a space", "“é”, which is not
 * ASCII". Only for text that is not secret. */
static char *
describe_char (const char *p)
{
  guchar c = (guchar) *p;
  gunichar ch;

  switch (c)
    {
    case ' ':
      return g_strdup (_("a space"));

    case ':':
      return g_strdup (_("a colon"));

    case '\r':
    case '\n':
      return g_strdup (_("a line break"));

    case '\t':
      return g_strdup (_("a tab"));

    default:
      break;
    }

  if (is_control (*p))
    return g_strdup_printf (_("a control character (U+%04X)"), (guint) c);

  if (c < 0x80)
    return g_strdup_printf ("“%c”", *p);

  ch = g_utf8_get_char_validated (p, -1);
  if (ch == (gunichar) -1 || ch == (gunichar) -2)
    return g_strdup (_("bytes that are not valid UTF-8"));

  return g_strdup_printf (_("“%.*s”, which is not ASCII"),
                          (int) (g_utf8_next_char (p) - p), p);
}

/* Method and header-name checks share this: both are RFC 9110 tokens. */
static gboolean
check_token (const char  *text,
             const char  *rule,
             int          code,
             GError     **error)
{
  const char *bad = find_non_tchar (text);
  g_autofree char *quoted = NULL;
  g_autofree char *problem = NULL;

  if (bad == NULL)
    return TRUE;

  quoted = dup_quoted_for_message (text);
  problem = describe_char (bad);
  g_set_error (error, AIVO_REQUEST_ERROR, code,
               /* Translators: the first %s is a rule such as "Header names
                * may contain only letters, digits and !#$%&'*+-.^_`|~", then
                * the text the user typed, then what is wrong with it, such
                * as "a space". */
               _("%s — “%s” has %s."), rule, quoted, problem);
  return FALSE;
}

static gboolean
check_header_name (const char  *name,
                   GError     **error)
{
  g_autofree char *rule = NULL;

  if (*name == '\0')
    {
      g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_HEADER_NAME,
                           _("A header needs a name, as in “Accept: application/json”."));
      return FALSE;
    }

  rule = g_strdup_printf (_("Header names may contain only letters, digits and %s"), TCHAR_LIST);
  return check_token (name, rule, AIVO_REQUEST_ERROR_INVALID_HEADER_NAME, error);
}

/* The value is never quoted back: it may hold a secret. */
static gboolean
check_header_value (const char  *name,
                    const char  *value,
                    GError     **error)
{
  const char *bad = find_bad_value_char (value);

  if (bad == NULL)
    return TRUE;

  if (*bad == '\r' || *bad == '\n')
    g_set_error (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_HEADER_VALUE,
                 _("The value of the “%s” header has a line break; a header value must fit "
                   "on one line."),
                 name);
  else if (is_control (*bad))
    g_set_error (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_HEADER_VALUE,
                 _("The value of the “%s” header has a control character (U+%04X); remove it."),
                 name, (guint) (guchar) *bad);
  else
    g_set_error (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_HEADER_VALUE,
                 _("The value of the “%s” header is not valid UTF-8 text; type it again."),
                 name);

  return FALSE;
}

/* A bearer token goes into a header value and must be one word. */
static gboolean
check_bearer_token (const char  *token,
                    GError     **error)
{
  if (find_bad_value_char (token) == NULL && strpbrk (token, " \t") == NULL)
    return TRUE;

  g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_TOKEN,
                       _("The API key contains a space, a line break or another character a key "
                         "cannot have. Copy the key again and paste it on its own."));
  return FALSE;
}

/* OWS trimmed from both ends, as a secret: header values may be one. */
static AivoSecret *
dup_trimmed (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);

  while (is_ows (*start))
    start++;
  while (end > start && is_ows (end[-1]))
    end--;

  return g_strndup (start, end - start);
}

/* URLs */

static gboolean
check_url_text (const char  *text,
                GError     **error)
{
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_URL,
                           _("The URL is not valid UTF-8 text; type it again."));
      return FALSE;
    }

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ')
        {
          g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_URL,
                               _("URLs cannot contain spaces: write “%20” instead, or add the "
                                 "value as a query parameter."));
          return FALSE;
        }

      if (is_control (*p))
        {
          g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_URL,
                               _("The URL contains a line break, tab or other control character; "
                                 "remove it."));
          return FALSE;
        }

      if (*p == '%' && !(g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2])))
        {
          g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_URL,
                               _("The URL has a “%” that is not followed by two hexadecimal "
                                 "digits; write “%25” for a percent sign."));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
is_valid_host (const char *host)
{
  /* GUri has already checked the bracketed form of an IPv6 literal. */
  if (strchr (host, ':') != NULL)
    return TRUE;

  for (const char *p = host; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_')
        return FALSE;
    }

  return TRUE;
}

/* Parses an absolute http(s) URL. The URL itself is never quoted back, as it
 * could hold a password in its user-info part. */
static GUri *
parse_http_url (const char  *text,
                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  const char *host;
  int port;

  if (!check_url_text (text, error))
    return NULL;

  if (g_uri_peek_scheme (text) == NULL)
    {
      g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_URL,
                           _("The URL does not start with http:// or https://; add one of them "
                             "in front."));
      return NULL;
    }

  uri = g_uri_parse (text, G_URI_FLAGS_ENCODED, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_URL,
                   _("The URL is not valid (%s). Check it and try again."),
                   local_error->message);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (!g_str_equal (scheme, "http") && !g_str_equal (scheme, "https"))
    {
      g_autofree char *quoted = dup_quoted_for_message (scheme);

      g_set_error (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_UNSUPPORTED_SCHEME,
                   _("“%s” URLs are not supported: start the URL with http:// or https://."),
                   quoted);
      return NULL;
    }

  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_URL,
                           _("Remove the user name and password from the URL: the API key goes "
                             "in the Authorization header."));
      return NULL;
    }

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_URL,
                           _("The URL has no host name: write it as https://host/path."));
      return NULL;
    }

  if (!is_valid_host (host))
    {
      g_autofree char *quoted = dup_quoted_for_message (host);

      g_set_error (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_URL,
                   _("“%s” is not a valid host name."), quoted);
      return NULL;
    }

  port = g_uri_get_port (uri);
  if (port == 0)
    {
      g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_URL,
                           _("Port 0 cannot be connected to: give the server’s real port, or "
                             "none for the default."));
      return NULL;
    }

  return g_steal_pointer (&uri);
}

static char *
join_base_url (const char  *base_url,
               const char  *path,
               GError     **error)
{
  g_autoptr(GUri) base = NULL;
  g_autofree char *base_text = NULL;
  gsize base_len;

  base = parse_http_url (base_url, error);
  if (base == NULL)
    {
      g_prefix_error (error, "%s", _("The base URL cannot be used. "));
      return NULL;
    }

  if (g_uri_get_query (base) != NULL || g_uri_get_fragment (base) != NULL)
    {
      g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_URL,
                           _("A base URL cannot have a query or a fragment: add query parameters "
                             "to the request instead."));
      return NULL;
    }

  /* A network-path reference ("//host/path") keeps only the base's scheme. */
  if (g_str_has_prefix (path, "//"))
    return g_strconcat (g_uri_get_scheme (base), ":", path, NULL);

  /* Joined, not resolved as RFC 3986 would: a base URL with a path
   * (https://example.com/aivo) keeps it in front of "/v1/calls". */
  base_text = g_uri_to_string (base);
  base_len = strlen (base_text);
  while (base_len > 0 && base_text[base_len - 1] == '/')
    base_text[--base_len] = '\0';

  if (*path == '\0' || *path == '?' || *path == '#')
    return g_strconcat (base_text, "/", path, NULL);

  while (*path == '/')
    path++;

  return g_strconcat (base_text, "/", path, NULL);
}

/* Query strings */

static char *
decode_query_component (const char *text,
                        gsize       length)
{
  g_autofree char *plus_as_space = g_strndup (text, length);

  /* Form encoding, as servers (SoupServer's included) read it. */
  g_strdelimit (plus_as_space, "+", ' ');

  return g_uri_unescape_string (plus_as_space, NULL);
}

static gboolean
check_query_param (const char  *name,
                   const char  *value,
                   GError     **error)
{
  if (*name == '\0')
    {
      g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_QUERY,
                           _("A query parameter needs a name, as in “limit=20”."));
      return FALSE;
    }

  if (!g_utf8_validate (name, -1, NULL) || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_QUERY,
                           _("A query parameter is not valid UTF-8 text once decoded; check its "
                             "percent-escapes."));
      return FALSE;
    }

  return TRUE;
}

/* Splits an encoded query into decoded pairs, in order. "flag" without "="
 * becomes ("flag", ""); empty pieces ("a=1&&b=2") are skipped. */
static gboolean
append_query_string (GPtrArray   *params,
                     const char  *query,
                     GError     **error)
{
  g_auto(GStrv) pieces = g_strsplit (query, "&", -1);

  for (guint i = 0; pieces[i] != NULL; i++)
    {
      const char *piece = pieces[i];
      const char *equals = strchr (piece, '=');
      gsize name_length = equals != NULL ? (gsize) (equals - piece) : strlen (piece);
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (*piece == '\0')
        continue;

      name = decode_query_component (piece, name_length);
      value = equals != NULL
        ? decode_query_component (equals + 1, strlen (equals + 1))
        : g_strdup ("");

      if (name == NULL || value == NULL)
        {
          g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_QUERY,
                               _("The query contains an encoded NUL byte (“%00”), which cannot "
                                 "be sent; remove it."));
          return FALSE;
        }

      if (!check_query_param (name, value, error))
        return FALSE;

      g_ptr_array_add (params, aivo_request_param_new (name, value));
    }

  return TRUE;
}

static void
append_query_component (GString    *out,
                        const char *text)
{
  g_autofree char *escaped = g_uri_escape_string (text, QUERY_SAFE_CHARS, FALSE);

  g_string_append (out, escaped);
}

/* Construction */

static gboolean
check_method (const char  *method,
              GError     **error)
{
  g_autofree char *rule = NULL;

  if (*method == '\0')
    {
      g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_METHOD,
                           _("Enter an HTTP method such as GET or POST."));
      return FALSE;
    }

  rule = g_strdup_printf (_("Methods may contain only letters, digits and %s"), TCHAR_LIST);
  if (!check_token (method, rule, AIVO_REQUEST_ERROR_INVALID_METHOD, error))
    return FALSE;

  /* CONNECT asks a proxy for a tunnel; it has no path to send. */
  if (g_ascii_strcasecmp (method, "CONNECT") == 0)
    {
      g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_METHOD,
                           _("CONNECT opens a tunnel through a proxy and cannot be sent as a "
                             "request; choose another method."));
      return FALSE;
    }

  return TRUE;
}

/**
 * aivo_request_new:
 * @method: an HTTP method; it is upper-cased ("get" becomes "GET")
 * @base_url: (nullable): an http or https URL that @path_or_url is joined to
 *   when it is not a URL itself
 * @path_or_url: an absolute http or https URL, or a path such as
 *   "/v1/calls?limit=5"; any query in it becomes query parameters
 *
 * The path is appended to the base URL's path ("https://host/aivo" and
 * "/v1/calls" make "https://host/aivo/v1/calls"). Percent-escapes in the
 * path are kept as they are; non-ASCII characters in it are encoded as
 * UTF-8, and a non-ASCII host name is converted to its ASCII form. An empty
 * path becomes "/", dot-segments are removed, and a fragment is dropped (it
 * is never sent).
 *
 * Returns: (transfer full) (nullable): the request, or %NULL with @error set
 *   in the %AIVO_REQUEST_ERROR domain
 */
AivoRequest *
aivo_request_new (const char  *method,
                  const char  *base_url,
                  const char  *path_or_url,
                  GError     **error)
{
  g_autoptr(AivoRequest) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *absolute = NULL;
  const char *path;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (path_or_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_method (method, error))
    return NULL;

  /* Before looking for a scheme: " http://…" must fail for its space. */
  if (!check_url_text (path_or_url, error))
    return NULL;

  if (g_uri_peek_scheme (path_or_url) != NULL)
    {
      absolute = g_strdup (path_or_url);
    }
  else if (base_url != NULL)
    {
      absolute = join_base_url (base_url, path_or_url, error);
      if (absolute == NULL)
        return NULL;
    }
  else if (*path_or_url == '\0')
    {
      g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_URL,
                           _("Enter a URL such as https://api.example.com/v1/calls."));
      return NULL;
    }
  else
    {
      g_autofree char *quoted = dup_quoted_for_message (path_or_url);

      g_set_error (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_URL,
                   _("“%s” is only a path: enter a full URL starting with http:// or https://, "
                     "or choose a server to send it to."),
                   quoted);
      return NULL;
    }

  uri = parse_http_url (absolute, error);
  if (uri == NULL)
    return NULL;

  self = g_object_new (AIVO_TYPE_REQUEST, NULL);
  self->method = g_ascii_strup (method, -1);

  if (g_uri_get_query (uri) != NULL
      && !append_query_string (self->query, g_uri_get_query (uri), error))
    return NULL;

  path = g_uri_get_path (uri);
  self->uri = g_uri_build (G_URI_FLAGS_ENCODED,
                           g_uri_get_scheme (uri),
                           NULL,
                           g_uri_get_host (uri),
                           g_uri_get_port (uri),
                           *path != '\0' ? path : "/",
                           NULL,
                           NULL);
  self->url_without_query = g_uri_to_string (self->uri);

  return g_steal_pointer (&self);
}

/* Getters */

const char *
aivo_request_get_method (AivoRequest *self)
{
  g_return_val_if_fail (AIVO_IS_REQUEST (self), NULL);

  return self->method;
}

/**
 * aivo_request_get_uri:
 *
 * Returns: (transfer none): scheme, host, port and encoded path; the query
 *   is in aivo_request_get_query()
 */
GUri *
aivo_request_get_uri (AivoRequest *self)
{
  g_return_val_if_fail (AIVO_IS_REQUEST (self), NULL);

  return self->uri;
}

const char *
aivo_request_get_url_without_query (AivoRequest *self)
{
  g_return_val_if_fail (AIVO_IS_REQUEST (self), NULL);

  return self->url_without_query;
}

/**
 * aivo_request_dup_query_string:
 *
 * Names and values are percent-encoded as UTF-8; "+", "&", "=", ";", "#",
 * spaces and non-ASCII characters are always escaped, so any value survives
 * a round trip through a server's form decoder.
 *
 * Returns: (transfer full) (nullable): the encoded query without "?", or
 *   %NULL when there are no query parameters
 */
char *
aivo_request_dup_query_string (AivoRequest *self)
{
  GString *out;

  g_return_val_if_fail (AIVO_IS_REQUEST (self), NULL);

  if (self->query->len == 0)
    return NULL;

  out = g_string_new (NULL);
  for (guint i = 0; i < self->query->len; i++)
    {
      const AivoRequestParam *param = g_ptr_array_index (self->query, i);

      if (i > 0)
        g_string_append_c (out, '&');
      append_query_component (out, param->name);
      g_string_append_c (out, '=');
      append_query_component (out, param->value);
    }

  return g_string_free (out, FALSE);
}

/**
 * aivo_request_dup_url:
 *
 * Returns: (transfer full): the full URL with the encoded query
 */
char *
aivo_request_dup_url (AivoRequest *self)
{
  g_autofree char *query = NULL;

  g_return_val_if_fail (AIVO_IS_REQUEST (self), NULL);

  query = aivo_request_dup_query_string (self);
  if (query == NULL)
    return g_strdup (self->url_without_query);

  return g_strconcat (self->url_without_query, "?", query, NULL);
}

/* RFC 9110 §9.2.2: safe methods, PUT and DELETE may be retried. */
gboolean
aivo_request_is_idempotent (AivoRequest *self)
{
  g_return_val_if_fail (AIVO_IS_REQUEST (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (idempotent_methods); i++)
    {
      if (g_str_equal (self->method, idempotent_methods[i]))
        return TRUE;
    }

  return FALSE;
}

/* Query parameters */

/**
 * aivo_request_get_query:
 *
 * Returns: (transfer none) (element-type AivoRequestParam): the decoded
 *   query parameters in order; names may repeat. Do not modify it.
 */
GPtrArray *
aivo_request_get_query (AivoRequest *self)
{
  g_return_val_if_fail (AIVO_IS_REQUEST (self), NULL);

  return self->query;
}

/**
 * aivo_request_add_query_param:
 * @name: the decoded name; not empty
 * @value: the decoded value
 *
 * Appends a parameter after those already there (including those that came
 * with the URL). Any character may be used: it is encoded on output.
 */
gboolean
aivo_request_add_query_param (AivoRequest  *self,
                              const char   *name,
                              const char   *value,
                              GError      **error)
{
  g_return_val_if_fail (AIVO_IS_REQUEST (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_query_param (name, value, error))
    return FALSE;

  g_ptr_array_add (self->query, aivo_request_param_new (name, value));
  return TRUE;
}

void
aivo_request_clear_query (AivoRequest *self)
{
  g_return_if_fail (AIVO_IS_REQUEST (self));

  g_ptr_array_set_size (self->query, 0);
}

/* Headers */

/**
 * aivo_request_get_headers:
 *
 * Returns: (transfer none) (element-type AivoRequestParam): the headers in
 *   order; names may repeat. Authorization and Content-Type are not in it:
 *   see aivo_request_peek_bearer_token() and
 *   aivo_request_get_content_type(). Do not modify it.
 */
GPtrArray *
aivo_request_get_headers (AivoRequest *self)
{
  g_return_val_if_fail (AIVO_IS_REQUEST (self), NULL);

  return self->headers;
}

static gboolean
is_reserved_header (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (reserved_headers); i++)
    {
      if (g_ascii_strcasecmp (name, reserved_headers[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

/* "Bearer <token>", the scheme in any case. */
static gboolean
set_authorization (AivoRequest  *self,
                   const char   *value,
                   GError      **error)
{
  static const char scheme[] = "Bearer";
  const char *token = value + strlen (scheme);

  if (g_ascii_strncasecmp (value, scheme, strlen (scheme)) != 0
      || (*token != '\0' && !is_ows (*token)))
    {
      g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_HEADER_VALUE,
                           _("The AIVO API takes a key as “Authorization: Bearer <key>”; other "
                             "kinds of authorization are not supported."));
      return FALSE;
    }

  while (is_ows (*token))
    token++;

  if (*token == '\0')
    {
      g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_TOKEN,
                           _("The Authorization header has no key after “Bearer”; paste the key "
                             "after it."));
      return FALSE;
    }

  if (!check_bearer_token (token, error))
    return FALSE;

  aivo_request_set_bearer_token (self, token);
  return TRUE;
}

/**
 * aivo_request_add_header:
 * @name: a header name (an RFC 9110 token)
 * @value: its value; white space around it is dropped
 *
 * Appends a header. "Authorization: Bearer <key>" sets the bearer token and
 * "Content-Type" the content type instead; headers the HTTP library owns
 * (Host, Content-Length, Transfer-Encoding, Connection and the like) are
 * refused. Error messages never contain @value.
 */
gboolean
aivo_request_add_header (AivoRequest  *self,
                         const char   *name,
                         const char   *value,
                         GError      **error)
{
  g_autoptr(AivoSecret) trimmed = NULL;

  g_return_val_if_fail (AIVO_IS_REQUEST (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_header_name (name, error))
    return FALSE;

  if (is_reserved_header (name))
    {
      g_set_error (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_RESERVED_HEADER,
                   _("AIVO Studio sets the “%s” header itself; remove it from the headers."),
                   name);
      return FALSE;
    }

  trimmed = dup_trimmed (value);
  if (!check_header_value (name, trimmed, error))
    return FALSE;

  if (g_ascii_strcasecmp (name, "Authorization") == 0)
    return set_authorization (self, trimmed, error);

  if (g_ascii_strcasecmp (name, "Content-Type") == 0)
    return aivo_request_set_content_type (self, trimmed, error);

  g_ptr_array_add (self->headers, aivo_request_param_new (name, trimmed));
  return TRUE;
}

/**
 * aivo_request_add_header_line:
 * @line: a header as curl's -H takes it: "Name: value"
 *
 * As aivo_request_add_header(), after splitting @line at its first colon.
 * "Name;" adds a header with an empty value, as in curl. White space before
 * the colon is refused (RFC 9112 §5.1), and so is any line break.
 */
gboolean
aivo_request_add_header_line (AivoRequest  *self,
                              const char   *line,
                              GError      **error)
{
  g_autofree char *name = NULL;
  const char *colon;
  gsize length;

  g_return_val_if_fail (AIVO_IS_REQUEST (self), FALSE);
  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (strpbrk (line, "\r\n") != NULL)
    {
      g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_HEADER_VALUE,
                           _("A header must fit on one line; remove the line break."));
      return FALSE;
    }

  while (is_ows (*line))
    line++;

  colon = strchr (line, ':');
  if (colon != NULL)
    {
      name = g_strndup (line, colon - line);
      return aivo_request_add_header (self, name, colon + 1, error);
    }

  length = strlen (line);
  while (length > 0 && is_ows (line[length - 1]))
    length--;

  if (length > 1 && line[length - 1] == ';')
    {
      name = g_strndup (line, length - 1);
      return aivo_request_add_header (self, name, "", error);
    }

  /* Not quoted back: "Authorization Bearer <key>" would show the key. */
  g_set_error_literal (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_HEADER_NAME,
                       _("A header needs a colon between its name and its value, as in "
                         "“Accept: application/json”."));
  return FALSE;
}

void
aivo_request_clear_headers (AivoRequest *self)
{
  g_return_if_fail (AIVO_IS_REQUEST (self));

  g_ptr_array_set_size (self->headers, 0);
}

/**
 * aivo_request_dup_headers_for_display:
 * @token_placeholder: (nullable): what stands for the key after "Bearer ",
 *   such as the key's hint; %NULL for %AIVO_REQUEST_TOKEN_PLACEHOLDER
 *
 * Every header the request sends, for showing or printing: Authorization
 * first (only when a token is set, and never with the token itself), then
 * Content-Type when set, then the other headers in order.
 *
 * Returns: (transfer container) (element-type AivoRequestParam): a new array
 */
GPtrArray *
aivo_request_dup_headers_for_display (AivoRequest *self,
                                      const char  *token_placeholder)
{
  GPtrArray *display;

  g_return_val_if_fail (AIVO_IS_REQUEST (self), NULL);

  display = param_array_new ();

  if (self->bearer_token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ",
                                            token_placeholder != NULL
                                              ? token_placeholder
                                              : AIVO_REQUEST_TOKEN_PLACEHOLDER,
                                            NULL);

      g_ptr_array_add (display, aivo_request_param_new ("Authorization", value));
    }

  if (self->content_type != NULL)
    g_ptr_array_add (display, aivo_request_param_new ("Content-Type", self->content_type));

  for (guint i = 0; i < self->headers->len; i++)
    g_ptr_array_add (display, aivo_request_param_copy (g_ptr_array_index (self->headers, i)));

  return display;
}

/* Body */

/**
 * aivo_request_get_body:
 *
 * Returns: (transfer none) (nullable): the body, %NULL for none
 */
GBytes *
aivo_request_get_body (AivoRequest *self)
{
  g_return_val_if_fail (AIVO_IS_REQUEST (self), NULL);

  return self->body;
}

/**
 * aivo_request_set_body:
 * @body: (nullable): the body; %NULL for none (an empty GBytes sends an
 *   empty body with Content-Length: 0)
 */
void
aivo_request_set_body (AivoRequest *self,
                       GBytes      *body)
{
  g_return_if_fail (AIVO_IS_REQUEST (self));

  if (body != NULL)
    g_bytes_ref (body);
  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = body;
}

const char *
aivo_request_get_content_type (AivoRequest *self)
{
  g_return_val_if_fail (AIVO_IS_REQUEST (self), NULL);

  return self->content_type;
}

/**
 * aivo_request_set_content_type:
 * @content_type: (nullable): a media type such as "application/json"; %NULL
 *   or "" for none
 *
 * Kept apart from the body so that a request can show what the server says
 * about a body without one, or about one without a Content-Type.
 */
gboolean
aivo_request_set_content_type (AivoRequest  *self,
                               const char   *content_type,
                               GError      **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (AIVO_IS_REQUEST (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (content_type != NULL)
    {
      trimmed = dup_trimmed (content_type);
      if (!check_header_value ("Content-Type", trimmed, error))
        return FALSE;
    }

  g_clear_pointer (&self->content_type, g_free);
  if (trimmed != NULL && *trimmed != '\0')
    self->content_type = g_steal_pointer (&trimmed);

  return TRUE;
}

/* The credential */

/**
 * aivo_request_set_bearer_token:
 * @token: (nullable): the API key or account token, sent as
 *   "Authorization: Bearer <token>"; %NULL or "" for none
 *
 * The request keeps its own copy and clears it when it is replaced and when
 * the request is finalized. A token that could not go into a header is
 * refused by aivo_request_to_message().
 */
void
aivo_request_set_bearer_token (AivoRequest *self,
                               const char  *token)
{
  g_return_if_fail (AIVO_IS_REQUEST (self));

  if (token == self->bearer_token)
    return;

  g_clear_pointer (&self->bearer_token, aivo_secret_free);
  if (token != NULL && *token != '\0')
    self->bearer_token = aivo_secret_dup (token);
}

/**
 * aivo_request_peek_bearer_token:
 *
 * Returns: (transfer none) (nullable): the token; never log or show it
 */
const char *
aivo_request_peek_bearer_token (AivoRequest *self)
{
  g_return_val_if_fail (AIVO_IS_REQUEST (self), NULL);

  return self->bearer_token;
}

/* Sending */

/**
 * aivo_request_to_message:
 *
 * Builds a libsoup message with the method, the full URL, Authorization
 * (when a token is set), Content-Type, the headers in order and the body.
 *
 * Returns: (transfer full) (nullable): the message, or %NULL with @error
 *   set when the bearer token cannot be sent
 */
SoupMessage *
aivo_request_to_message (AivoRequest  *self,
                         GError      **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *query = NULL;
  SoupMessageHeaders *request_headers;

  g_return_val_if_fail (AIVO_IS_REQUEST (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->bearer_token != NULL && !check_bearer_token (self->bearer_token, error))
    return NULL;

  query = aivo_request_dup_query_string (self);
  uri = g_uri_build (SOUP_HTTP_URI_FLAGS,
                     g_uri_get_scheme (self->uri),
                     NULL,
                     g_uri_get_host (self->uri),
                     g_uri_get_port (self->uri),
                     g_uri_get_path (self->uri),
                     query,
                     NULL);

  message = soup_message_new_from_uri (self->method, uri);
  request_headers = soup_message_get_request_headers (message);

  if (self->bearer_token != NULL)
    {
      g_autoptr(AivoSecret) authorization = g_strconcat ("Bearer ", self->bearer_token, NULL);

      soup_message_headers_append (request_headers, "Authorization", authorization);
    }

  for (guint i = 0; i < self->headers->len; i++)
    {
      const AivoRequestParam *header = g_ptr_array_index (self->headers, i);

      soup_message_headers_append (request_headers, header->name, header->value);
    }

  if (self->content_type != NULL)
    soup_message_headers_replace (request_headers, "Content-Type", self->content_type);

  if (self->body != NULL)
    soup_message_set_request_body_from_bytes (message, self->content_type, self->body);

  return g_steal_pointer (&message);
}
