/* test-request.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "aivo-request.h"

/* A bearer value AivoRequest treats as opaque: shaped enough to look like a
 * key in the output, but with hyphens no real key ever has. */
#define TOKEN "aivo_test_Ab3dEf12_fake-token-for-request-tests-only-01"

#define BASE "https://api.example.com"

static AivoRequest *
request_new_or_fail (const char *method,
                     const char *base_url,
                     const char *path_or_url)
{
  g_autoptr(GError) error = NULL;
  AivoRequest *request = aivo_request_new (method, base_url, path_or_url, &error);

  g_assert_no_error (error);
  g_assert_nonnull (request);

  return request;
}

/* "name: value" lines, joined by "\n", for one-line comparisons. */
static char *
join_params (GPtrArray *params)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < params->len; i++)
    {
      const AivoRequestParam *param = g_ptr_array_index (params, i);

      g_string_append_printf (out, "%s%s: %s", i > 0 ? "\n" : "", param->name, param->value);
    }

  return g_string_free (out, FALSE);
}

static void
assert_error_mentions (const GError *error,
                       const char   *fragment)
{
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
}

/* Methods */

typedef struct
{
  const char *method;
  const char *expected;   /* NULL: refused */
  const char *message;    /* a fragment of the error message */
} MethodCase;

static const MethodCase method_cases[] = {
  { "GET", "GET", NULL },
  { "get", "GET", NULL },
  { "Patch", "PATCH", NULL },
  { "PROPFIND", "PROPFIND", NULL },
  { "M-SEARCH", "M-SEARCH", NULL },
  { "X!#$%&'*+.^_`|~", "X!#$%&'*+.^_`|~", NULL },
  { "", NULL, "Enter an HTTP method" },
  { "GE T", NULL, "“GE T” has a space." },
  { "GET\r\n", NULL, "has a line break" },
  { "GET\nX-Evil: 1", NULL, "has a line break" },
  { "G\001T", NULL, "a control character (U+0001)" },
  { "GÉT", NULL, "“É”, which is not ASCII" },
  { "GET/", NULL, "has “/”" },
  { "(GET)", NULL, "has “(”" },
  { "GET:", NULL, "has a colon" },
  { "CONNECT", NULL, "tunnel" },
  { "connect", NULL, "tunnel" },
};

static void
test_methods (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (method_cases); i++)
    {
      const MethodCase *c = &method_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(AivoRequest) request = aivo_request_new (c->method, BASE, "/v1/calls", &error);

      g_test_message ("method case %u", i);

      if (c->expected != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (aivo_request_get_method (request), ==, c->expected);
        }
      else
        {
          g_assert_null (request);
          g_assert_error (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_METHOD);
          assert_error_mentions (error, c->message);
        }
    }
}

static void
test_idempotent (void)
{
  static const struct { const char *method; gboolean idempotent; } cases[] = {
    { "GET", TRUE }, { "HEAD", TRUE }, { "OPTIONS", TRUE }, { "TRACE", TRUE },
    { "PUT", TRUE }, { "DELETE", TRUE }, { "delete", TRUE },
    { "POST", FALSE }, { "PATCH", FALSE }, { "PROPFIND", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AivoRequest) request = request_new_or_fail (cases[i].method, BASE, "/");

      g_assert_cmpint (aivo_request_is_idempotent (request), ==, cases[i].idempotent);
    }
}

/* URLs */

typedef struct
{
  const char *base_url;
  const char *path_or_url;
  const char *url_without_query;  /* NULL: refused */
  const char *url;
  int         code;
  const char *message;
} UrlCase;

static const UrlCase url_cases[] = {
  { NULL, "https://api.example.com/v1/calls", "https://api.example.com/v1/calls",
    "https://api.example.com/v1/calls", 0, NULL },
  { NULL, "HTTP://api.example.com", "http://api.example.com/", "http://api.example.com/", 0, NULL },
  { NULL, "http://h/x?", "http://h/x", "http://h/x", 0, NULL },
  { NULL, "http://h/x#section", "http://h/x", "http://h/x", 0, NULL },
  { NULL, "http://h/v1/../admin/./x", "http://h/admin/x", "http://h/admin/x", 0, NULL },
  { NULL, "https://h/a%2Fb/c%20d", "https://h/a%2Fb/c%20d", "https://h/a%2Fb/c%20d", 0, NULL },
  { NULL, "http://[::1]:8080/v1?x=1", "http://[::1]:8080/v1", "http://[::1]:8080/v1?x=1", 0, NULL },
  { NULL, "http://[2001:db8::7]/", "http://[2001:db8::7]/", "http://[2001:db8::7]/", 0, NULL },
  { NULL, "http://h/café?q=café", "http://h/caf%C3%A9", "http://h/caf%C3%A9?q=caf%C3%A9", 0, NULL },
  { NULL, "http://bücher.example/x", "http://xn--bcher-kva.example/x",
    "http://xn--bcher-kva.example/x", 0, NULL },
  { NULL, "http://127.0.0.1:65535/x", "http://127.0.0.1:65535/x", "http://127.0.0.1:65535/x", 0,
    NULL },

  { "http://127.0.0.1:8080", "/v1/calls", "http://127.0.0.1:8080/v1/calls",
    "http://127.0.0.1:8080/v1/calls", 0, NULL },
  { "http://127.0.0.1:8080/", "v1/calls", "http://127.0.0.1:8080/v1/calls",
    "http://127.0.0.1:8080/v1/calls", 0, NULL },
  { "https://example.com/aivo/", "/v1/calls", "https://example.com/aivo/v1/calls",
    "https://example.com/aivo/v1/calls", 0, NULL },
  { "https://example.com/aivo", "v1/calls?limit=5", "https://example.com/aivo/v1/calls",
    "https://example.com/aivo/v1/calls?limit=5", 0, NULL },
  { "https://example.com", "", "https://example.com/", "https://example.com/", 0, NULL },
  { "https://example.com", "?limit=5", "https://example.com/", "https://example.com/?limit=5", 0,
    NULL },
  { "http://[::1]:9/", "/v1", "http://[::1]:9/v1", "http://[::1]:9/v1", 0, NULL },
  { "http://h", "https://other.example/x", "https://other.example/x", "https://other.example/x", 0,
    NULL },
  { "https://h", "//other.example/x", "https://other.example/x", "https://other.example/x", 0,
    NULL },

  { NULL, "/v1/calls", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL, "“/v1/calls” is only a path" },
  { NULL, "v1/calls", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL, "is only a path" },
  { NULL, "", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL, "Enter a URL" },
  { NULL, "ftp://h/x", NULL, NULL, AIVO_REQUEST_ERROR_UNSUPPORTED_SCHEME,
    "“ftp” URLs are not supported" },
  { NULL, "mailto:a@b.example", NULL, NULL, AIVO_REQUEST_ERROR_UNSUPPORTED_SCHEME, "“mailto”" },
  { NULL, "localhost:8080/v1", NULL, NULL, AIVO_REQUEST_ERROR_UNSUPPORTED_SCHEME,
    "http:// or https://" },
  { NULL, "http:///x", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL, "no host" },
  { NULL, "http:/x", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL, "no host" },
  { NULL, "http://h/a b", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL, "“%20”" },
  { NULL, "http://h b/x", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL, "spaces" },
  { NULL, " http://h/x", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL, "spaces" },
  { NULL, "http://h/x\r\nX-Evil: 1", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL, "line break" },
  { NULL, "http://h/x\tY", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL, "control character" },
  { NULL, "http://h/a%zz", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL, "“%25”" },
  { NULL, "http://h/x?q=100%", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL, "hexadecimal" },
  { NULL, "http://h/\xff", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL, "UTF-8" },
  { NULL, "http://[::1/", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL, "not valid" },
  { NULL, "http://h:99999/", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL, "not valid" },
  { NULL, "http://h:0/", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL, "Port 0" },
  { NULL, "http://h\"x/", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL, NULL },
  { NULL, "http://user:hunter2@h/", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL,
    "user name and password" },
  { "ftp://h", "/x", NULL, NULL, AIVO_REQUEST_ERROR_UNSUPPORTED_SCHEME,
    "The base URL cannot be used." },
  { "127.0.0.1:8080", "/x", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL,
    "The base URL cannot be used." },
  { "//h", "/x", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL, "does not start with http://" },
  { "http://h/?a=1", "/x", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL, "query or a fragment" },
  { "http://h/", "/x y", NULL, NULL, AIVO_REQUEST_ERROR_INVALID_URL, "spaces" },
};

static void
test_urls (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (url_cases); i++)
    {
      const UrlCase *c = &url_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(AivoRequest) request = NULL;
      g_autofree char *url = NULL;

      g_test_message ("URL case %u", i);
      request = aivo_request_new ("GET", c->base_url, c->path_or_url, &error);

      if (c->url_without_query == NULL)
        {
          g_assert_null (request);
          g_assert_error (error, AIVO_REQUEST_ERROR, c->code);
          assert_error_mentions (error, c->message);
          /* A password in a URL is never repeated back. */
          g_assert_null (strstr (error->message, "hunter2"));
          continue;
        }

      g_assert_no_error (error);
      g_assert_cmpstr (aivo_request_get_url_without_query (request), ==, c->url_without_query);
      url = aivo_request_dup_url (request);
      g_assert_cmpstr (url, ==, c->url);
      g_assert_null (g_uri_get_query (aivo_request_get_uri (request)));
    }
}

/* Query parameters */

typedef struct
{
  const char *path;
  const char *params;   /* decoded, "name: value" lines; NULL: refused */
  const char *query;    /* as dup_query_string() encodes it */
} QueryCase;

static const QueryCase query_cases[] = {
  { "/x?b=2&a=1&b=3", "b: 2\na: 1\nb: 3", "b=2&a=1&b=3" },
  { "/x?q=a%20b&r=x+y&s=%2B&t=%26%3D", "q: a b\nr: x y\ns: +\nt: &=",
    "q=a%20b&r=x%20y&s=%2B&t=%26%3D" },
  { "/x?flag&x=", "flag: \nx: ", "flag=&x=" },
  { "/x?a=1&&b=2&", "a: 1\nb: 2", "a=1&b=2" },
  { "/x?a=b=c", "a: b=c", "a=b%3Dc" },
  { "/x?from=2026-11-26T10:00:00Z", "from: 2026-11-26T10:00:00Z", "from=2026-11-26T10:00:00Z" },
  { "/x?n%C3%A4me=%E2%82%AC", "näme: €", "n%C3%A4me=%E2%82%AC" },
  { "/x?path=/a/b&at=x@y&semi=%3B", "path: /a/b\nat: x@y\nsemi: ;", "path=/a/b&at=x@y&semi=%3B" },
  { "/x?=v", NULL, "needs a name" },
  { "/x?a=%00", NULL, "“%00”" },
  { "/x?a=%FF", NULL, "UTF-8" },
};

static void
test_query (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (query_cases); i++)
    {
      const QueryCase *c = &query_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(AivoRequest) request = aivo_request_new ("GET", BASE, c->path, &error);
      g_autofree char *params = NULL;
      g_autofree char *query = NULL;

      g_test_message ("query case %u", i);

      if (c->params == NULL)
        {
          g_assert_null (request);
          g_assert_error (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_QUERY);
          assert_error_mentions (error, c->query);
          continue;
        }

      g_assert_no_error (error);
      params = join_params (aivo_request_get_query (request));
      g_assert_cmpstr (params, ==, c->params);
      query = aivo_request_dup_query_string (request);
      g_assert_cmpstr (query, ==, c->query);
    }
}

static void
test_query_merge (void)
{
  g_autoptr(AivoRequest) request = request_new_or_fail ("GET", BASE, "/v1/calls?b=2&a=1");
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *empty = NULL;

  g_assert_true (aivo_request_add_query_param (request, "b", "3", &error));
  g_assert_true (aivo_request_add_query_param (request, "limit", "20", &error));
  g_assert_true (aivo_request_add_query_param (request, "q", "a&b=c d+e#f", &error));
  g_assert_no_error (error);

  url = aivo_request_dup_url (request);
  g_assert_cmpstr (url, ==, BASE "/v1/calls?b=2&a=1&b=3&limit=20&q=a%26b%3Dc%20d%2Be%23f");

  g_assert_false (aivo_request_add_query_param (request, "", "x", &error));
  g_assert_error (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_QUERY);
  g_clear_error (&error);
  g_assert_false (aivo_request_add_query_param (request, "n", "\xc3(", &error));
  g_assert_error (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_QUERY);
  g_clear_error (&error);
  g_assert_cmpuint (aivo_request_get_query (request)->len, ==, 5);

  aivo_request_clear_query (request);
  g_assert_cmpuint (aivo_request_get_query (request)->len, ==, 0);
  empty = aivo_request_dup_query_string (request);
  g_assert_null (empty);
}

/* Whatever goes in comes back out of our own URL, unchanged and in order. */
static void
test_query_round_trip (void)
{
  static const char * const values[] = {
    "a b", "+", "&", "=", "#", "%", "%41", "?", "/:@", ";", "é", "€ 100", "😀", "\t\n\r",
    "a+b c", "x=1&y=2", "", "'quoted'", "[brackets]", "back\\slash",
  };
  g_autoptr(AivoRequest) request = request_new_or_fail ("GET", BASE, "/x");
  g_autoptr(AivoRequest) parsed = NULL;
  g_autofree char *url = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GError) error = NULL;

      const char *name = values[i][0] != '\0' ? values[i] : "empty";

      g_assert_true (aivo_request_add_query_param (request, name, values[i], &error));
      g_assert_no_error (error);
    }

  url = aivo_request_dup_url (request);
  parsed = request_new_or_fail ("GET", NULL, url);

  before = join_params (aivo_request_get_query (request));
  after = join_params (aivo_request_get_query (parsed));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (aivo_request_get_query (parsed)->len, ==, G_N_ELEMENTS (values));
}

/* Headers */

typedef struct
{
  const char *name;
  const char *value;
  int         code;       /* -1: accepted */
  const char *message;
  const char *stored;     /* the value kept, when accepted */
} HeaderCase;

static const HeaderCase header_cases[] = {
  { "X-Request-Id", "abc-123", -1, NULL, "abc-123" },
  { "accept", "application/json", -1, NULL, "application/json" },
  { "X_Under.Score~", "1", -1, NULL, "1" },
  { "X-Padded", "  padded value \t", -1, NULL, "padded value" },
  { "X-Tab", "a\tb", -1, NULL, "a\tb" },
  { "X-Unicode", "ünïcødé €", -1, NULL, "ünïcødé €" },
  { "X-Empty", "", -1, NULL, "" },
  /* A C string ends at NUL: nothing after it can be smuggled in. */
  { "X-Nul", "x\0X-Evil: 1", -1, NULL, "x" },

  { "X Bad", "1", AIVO_REQUEST_ERROR_INVALID_HEADER_NAME,
    "Header names may contain only letters, digits and !#$%&'*+-.^_`|~ — “X Bad” has a space.",
    NULL },
  { "X:Y", "1", AIVO_REQUEST_ERROR_INVALID_HEADER_NAME, "“X:Y” has a colon.", NULL },
  { "Näme", "1", AIVO_REQUEST_ERROR_INVALID_HEADER_NAME, "“Näme” has “ä”, which is not ASCII.",
    NULL },
  { "", "1", AIVO_REQUEST_ERROR_INVALID_HEADER_NAME, "needs a name", NULL },
  { "X\tY", "1", AIVO_REQUEST_ERROR_INVALID_HEADER_NAME, "“X\\tY” has a tab.", NULL },
  { "X-A\r\nX-Evil", "1", AIVO_REQUEST_ERROR_INVALID_HEADER_NAME, "has a line break", NULL },
  { "(x)", "1", AIVO_REQUEST_ERROR_INVALID_HEADER_NAME, "has “(”", NULL },
  { "X-\xff", "1", AIVO_REQUEST_ERROR_INVALID_HEADER_NAME, "not valid UTF-8", NULL },

  { "X-Note", "x\r\nX-Evil: 1", AIVO_REQUEST_ERROR_INVALID_HEADER_VALUE,
    "“X-Note” header has a line break", NULL },
  { "X-Note", "x\nX-Evil: 1", AIVO_REQUEST_ERROR_INVALID_HEADER_VALUE, "line break", NULL },
  { "X-Note", "x\rX-Evil: 1", AIVO_REQUEST_ERROR_INVALID_HEADER_VALUE, "line break", NULL },
  { "X-Note", "a\001b", AIVO_REQUEST_ERROR_INVALID_HEADER_VALUE, "control character (U+0001)",
    NULL },
  { "X-Note", "a\x7f", AIVO_REQUEST_ERROR_INVALID_HEADER_VALUE, "control character (U+007F)",
    NULL },
  { "X-Note", "\xff\xfe", AIVO_REQUEST_ERROR_INVALID_HEADER_VALUE, "not valid UTF-8", NULL },

  { "Host", "evil.example", AIVO_REQUEST_ERROR_RESERVED_HEADER, "“Host”", NULL },
  { "content-length", "5", AIVO_REQUEST_ERROR_RESERVED_HEADER, "“content-length”", NULL },
  { "Transfer-Encoding", "chunked", AIVO_REQUEST_ERROR_RESERVED_HEADER, NULL, NULL },
  { "Connection", "close", AIVO_REQUEST_ERROR_RESERVED_HEADER, NULL, NULL },
};

static void
test_headers (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (header_cases); i++)
    {
      const HeaderCase *c = &header_cases[i];
      g_autoptr(AivoRequest) request = request_new_or_fail ("GET", BASE, "/");
      g_autoptr(GError) error = NULL;
      GPtrArray *headers = aivo_request_get_headers (request);
      gboolean added;

      g_test_message ("header case %u", i);
      added = aivo_request_add_header (request, c->name, c->value, &error);

      if (c->code < 0)
        {
          const AivoRequestParam *header;

          g_assert_no_error (error);
          g_assert_true (added);
          g_assert_cmpuint (headers->len, ==, 1);
          header = g_ptr_array_index (headers, 0);
          g_assert_cmpstr (header->name, ==, c->name);
          g_assert_cmpstr (header->value, ==, c->stored);
          continue;
        }

      g_assert_false (added);
      g_assert_error (error, AIVO_REQUEST_ERROR, c->code);
      assert_error_mentions (error, c->message);
      /* Nothing half-added, and an injected line never echoed. */
      g_assert_cmpuint (headers->len, ==, 0);
      g_assert_null (strstr (error->message, "X-Evil: 1"));
    }
}

typedef struct
{
  const char *line;
  int         code;       /* -1: accepted */
  const char *headers;    /* headers for display, "name: value" lines */
  const char *token;      /* bearer token afterwards */
} HeaderLineCase;

static const HeaderLineCase header_line_cases[] = {
  { "Accept: application/json", -1, "Accept: application/json", NULL },
  { "X-A:b", -1, "X-A: b", NULL },
  { "X-A:   b c  \t", -1, "X-A: b c", NULL },
  { "  X-A: b", -1, "X-A: b", NULL },
  { "X-Time: 10:00:00", -1, "X-Time: 10:00:00", NULL },
  { "X-Empty:", -1, "X-Empty: ", NULL },
  { "X-Empty;", -1, "X-Empty: ", NULL },
  { "Content-Type: application/json; charset=utf-8", -1,
    "Content-Type: application/json; charset=utf-8", NULL },
  { "Authorization: Bearer " TOKEN, -1, "Authorization: Bearer $AIVO_API_KEY", TOKEN },
  { "authorization:bearer   " TOKEN "  ", -1, "Authorization: Bearer $AIVO_API_KEY", TOKEN },
  { "AUTHORIZATION: BEARER " TOKEN, -1, "Authorization: Bearer $AIVO_API_KEY", TOKEN },

  { "X-A : b", AIVO_REQUEST_ERROR_INVALID_HEADER_NAME, "", NULL },
  { "Accept application/json", AIVO_REQUEST_ERROR_INVALID_HEADER_NAME, "", NULL },
  { "Authorization Bearer " TOKEN, AIVO_REQUEST_ERROR_INVALID_HEADER_NAME, "", NULL },
  { ": value", AIVO_REQUEST_ERROR_INVALID_HEADER_NAME, "", NULL },
  { ";", AIVO_REQUEST_ERROR_INVALID_HEADER_NAME, "", NULL },
  { "", AIVO_REQUEST_ERROR_INVALID_HEADER_NAME, "", NULL },
  { "X-A: b\r\nX-Evil: 1", AIVO_REQUEST_ERROR_INVALID_HEADER_VALUE, "", NULL },
  { "X-A: b\nX-Evil: 1", AIVO_REQUEST_ERROR_INVALID_HEADER_VALUE, "", NULL },
  { "X-A\r\n: b", AIVO_REQUEST_ERROR_INVALID_HEADER_VALUE, "", NULL },
  { "Host: evil.example", AIVO_REQUEST_ERROR_RESERVED_HEADER, "", NULL },
  { "Transfer-Encoding: chunked", AIVO_REQUEST_ERROR_RESERVED_HEADER, "", NULL },
  { "Authorization: Basic " TOKEN, AIVO_REQUEST_ERROR_INVALID_HEADER_VALUE, "", NULL },
  { "Authorization: Bearer" TOKEN, AIVO_REQUEST_ERROR_INVALID_HEADER_VALUE, "", NULL },
  { "Authorization: " TOKEN, AIVO_REQUEST_ERROR_INVALID_HEADER_VALUE, "", NULL },
  { "Authorization: Bearer", AIVO_REQUEST_ERROR_INVALID_TOKEN, "", NULL },
  { "Authorization: Bearer   ", AIVO_REQUEST_ERROR_INVALID_TOKEN, "", NULL },
  { "Authorization: Bearer " TOKEN " extra", AIVO_REQUEST_ERROR_INVALID_TOKEN, "", NULL },
  { "Authorization: Bearer " TOKEN "\001", AIVO_REQUEST_ERROR_INVALID_HEADER_VALUE, "", NULL },
};

static void
test_header_lines (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (header_line_cases); i++)
    {
      const HeaderLineCase *c = &header_line_cases[i];
      g_autoptr(AivoRequest) request = request_new_or_fail ("POST", BASE, "/");
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) display = NULL;
      g_autofree char *shown = NULL;
      gboolean added;

      g_test_message ("header line case %u", i);
      added = aivo_request_add_header_line (request, c->line, &error);

      if (c->code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (added);
        }
      else
        {
          g_assert_false (added);
          g_assert_error (error, AIVO_REQUEST_ERROR, c->code);
          /* Not even part of the key in a message. */
          g_assert_null (strstr (error->message, "s3cr3t"));
          g_assert_null (strstr (error->message, "X-Evil"));
        }

      display = aivo_request_dup_headers_for_display (request, NULL);
      shown = join_params (display);
      g_assert_cmpstr (shown, ==, c->headers);
      g_assert_cmpstr (aivo_request_peek_bearer_token (request), ==, c->token);
    }
}

static void
test_header_order (void)
{
  g_autoptr(AivoRequest) request = request_new_or_fail ("POST", BASE, "/");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) display = NULL;
  g_autofree char *headers = NULL;
  g_autofree char *shown = NULL;

  g_assert_true (aivo_request_add_header (request, "X-Multi", "1", &error));
  g_assert_true (aivo_request_add_header_line (request, "Accept: application/json", &error));
  g_assert_true (aivo_request_add_header (request, "x-multi", "2", &error));
  g_assert_true (aivo_request_add_header_line (request, "Content-Type: text/plain", &error));
  g_assert_true (aivo_request_add_header_line (request, "Authorization: Bearer " TOKEN, &error));
  g_assert_true (aivo_request_add_header_line (request, "X-Multi: 3", &error));
  g_assert_no_error (error);

  headers = join_params (aivo_request_get_headers (request));
  g_assert_cmpstr (headers, ==, "X-Multi: 1\nAccept: application/json\nx-multi: 2\nX-Multi: 3");
  g_assert_cmpstr (aivo_request_get_content_type (request), ==, "text/plain");

  display = aivo_request_dup_headers_for_display (request, "aivo_test_Ab3dEf12_…XY0a");
  shown = join_params (display);
  g_assert_cmpstr (shown, ==,
                   "Authorization: Bearer aivo_test_Ab3dEf12_…XY0a\n"
                   "Content-Type: text/plain\n"
                   "X-Multi: 1\nAccept: application/json\nx-multi: 2\nX-Multi: 3");

  aivo_request_clear_headers (request);
  g_assert_cmpuint (aivo_request_get_headers (request)->len, ==, 0);
}

/* The credential */

static void
test_bearer_token (void)
{
  g_autoptr(AivoRequest) request = request_new_or_fail ("GET", BASE, "/v1/calls?limit=5");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) display = NULL;
  g_autoptr(GPtrArray) cleared = NULL;
  g_autofree char *url = NULL;
  g_autofree char *query = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *headers = NULL;

  before = aivo_request_dup_headers_for_display (request, NULL);
  g_assert_cmpuint (before->len, ==, 0);
  g_assert_null (aivo_request_peek_bearer_token (request));

  aivo_request_set_bearer_token (request, "aivo_test_old");
  aivo_request_set_bearer_token (request, TOKEN);
  g_assert_cmpstr (aivo_request_peek_bearer_token (request), ==, TOKEN);
  /* Setting what it already holds is harmless. */
  aivo_request_set_bearer_token (request, aivo_request_peek_bearer_token (request));
  g_assert_cmpstr (aivo_request_peek_bearer_token (request), ==, TOKEN);

  g_assert_true (aivo_request_add_header (request, "X-Trace", "1", &error));
  g_assert_no_error (error);

  display = aivo_request_dup_headers_for_display (request, NULL);
  shown = join_params (display);
  g_assert_cmpstr (shown, ==, "Authorization: Bearer $AIVO_API_KEY\nX-Trace: 1");
  g_assert_null (strstr (shown, "s3cr3t"));

  url = aivo_request_dup_url (request);
  query = aivo_request_dup_query_string (request);
  g_assert_null (strstr (url, "s3cr3t"));
  g_assert_null (strstr (query, "s3cr3t"));
  g_assert_null (strstr (aivo_request_get_url_without_query (request), "s3cr3t"));
  headers = join_params (aivo_request_get_headers (request));
  g_assert_null (strstr (headers, "s3cr3t"));

  aivo_request_set_bearer_token (request, "");
  g_assert_null (aivo_request_peek_bearer_token (request));
  aivo_request_set_bearer_token (request, TOKEN);
  aivo_request_set_bearer_token (request, NULL);
  g_assert_null (aivo_request_peek_bearer_token (request));
  cleared = aivo_request_dup_headers_for_display (request, NULL);
  g_assert_cmpuint (cleared->len, ==, 1);
}

/* The message */

static int
compare_params_by_name (gconstpointer a,
                        gconstpointer b)
{
  const AivoRequestParam *pa = *(const AivoRequestParam * const *) a;
  const AivoRequestParam *pb = *(const AivoRequestParam * const *) b;

  return g_ascii_strcasecmp (pa->name, pb->name);
}

static void
collect_header_cb (const char *name,
                   const char *value,
                   gpointer    user_data)
{
  g_ptr_array_add (user_data, aivo_request_param_new (name, value));
}

/* libsoup keeps common headers apart from the others, so only the order of
 * headers with the same name is kept: compare in a stable name order. */
static char *
dup_headers_canonical (SoupMessageHeaders *headers,
                       const char * const *ignore)
{
  g_autoptr(GPtrArray) params = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  params = g_ptr_array_new_with_free_func ((GDestroyNotify) aivo_request_param_free);
  soup_message_headers_foreach (headers, collect_header_cb, params);
  for (guint i = 0; i < params->len; i++)
    {
      const AivoRequestParam *param = g_ptr_array_index (params, i);
      gboolean skip = FALSE;

      for (guint j = 0; ignore != NULL && ignore[j] != NULL; j++)
        skip |= g_ascii_strcasecmp (param->name, ignore[j]) == 0;
      if (!skip)
        g_ptr_array_add (kept, (gpointer) param);
    }

  g_ptr_array_sort (kept, compare_params_by_name);
  return join_params (kept);
}

static void
test_to_message (void)
{
  g_autoptr(AivoRequest) request = request_new_or_fail ("post", "http://127.0.0.1:8080",
                                                        "/v1/contacts?limit=5&name=a%20b");
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(SoupMessage) with_body = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"name\":\"Ada\"}", 14);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *headers = NULL;
  g_autofree char *body_headers = NULL;
  g_autoptr(SoupMessage) untyped = NULL;
  g_autofree char *untyped_headers = NULL;

  g_assert_true (aivo_request_add_header (request, "X-B", "2", &error));
  g_assert_true (aivo_request_add_header (request, "X-A", "1", &error));
  g_assert_true (aivo_request_add_header (request, "X-A", "3", &error));
  g_assert_true (aivo_request_add_header (request, "Accept", "application/json", &error));
  g_assert_no_error (error);
  aivo_request_set_bearer_token (request, TOKEN);

  message = aivo_request_to_message (request, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (soup_message_get_method (message), ==, "POST");
  url = g_uri_to_string (soup_message_get_uri (message));
  g_assert_cmpstr (url, ==, "http://127.0.0.1:8080/v1/contacts?limit=5&name=a%20b");

  /* Exactly the headers given, plus Authorization. */
  headers = dup_headers_canonical (soup_message_get_request_headers (message), NULL);
  g_assert_cmpstr (headers, ==,
                   "Accept: application/json\n"
                   "Authorization: Bearer " TOKEN "\n"
                   "X-A: 1\nX-A: 3\n"
                   "X-B: 2");

  aivo_request_set_body (request, body);
  g_assert_true (aivo_request_set_content_type (request, "application/json", &error));
  g_assert_no_error (error);
  g_assert_true (aivo_request_get_body (request) == body);

  with_body = aivo_request_to_message (request, &error);
  g_assert_no_error (error);
  body_headers = dup_headers_canonical (soup_message_get_request_headers (with_body), NULL);
  g_assert_cmpstr (body_headers, ==,
                   "Accept: application/json\n"
                   "Authorization: Bearer " TOKEN "\n"
                   "Content-Length: 14\n"
                   "Content-Type: application/json\n"
                   "X-A: 1\nX-A: 3\n"
                   "X-B: 2");

  /* A body without a content type goes out without one (the server's 415
   * is worth seeing), and no token means no Authorization. */
  g_assert_true (aivo_request_set_content_type (request, NULL, &error));
  aivo_request_set_bearer_token (request, NULL);
  untyped = aivo_request_to_message (request, &error);
  g_assert_no_error (error);
  untyped_headers = dup_headers_canonical (soup_message_get_request_headers (untyped), NULL);
  g_assert_cmpstr (untyped_headers, ==,
                   "Accept: application/json\n"
                   "Content-Length: 14\n"
                   "X-A: 1\nX-A: 3\n"
                   "X-B: 2");
}

static void
test_to_message_bad_token (void)
{
  static const char * const tokens[] = {
    "abc\r\nX-Evil: 1", "abc\nX-Evil: 1", "two words", "tab\there", "ctl\001", "\xff\xfe",
  };

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autoptr(AivoRequest) request = request_new_or_fail ("GET", BASE, "/v1/calls");
      g_autoptr(SoupMessage) message = NULL;
      g_autoptr(GError) error = NULL;

      aivo_request_set_bearer_token (request, tokens[i]);
      message = aivo_request_to_message (request, &error);
      g_assert_null (message);
      g_assert_error (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_TOKEN);
      g_assert_null (strstr (error->message, "abc"));
      g_assert_null (strstr (error->message, "X-Evil"));
    }
}

static void
test_content_type (void)
{
  g_autoptr(AivoRequest) request = request_new_or_fail ("POST", BASE, "/");
  g_autoptr(GError) error = NULL;

  g_assert_null (aivo_request_get_content_type (request));
  g_assert_true (aivo_request_set_content_type (request, " application/json ", &error));
  g_assert_cmpstr (aivo_request_get_content_type (request), ==, "application/json");

  g_assert_false (aivo_request_set_content_type (request, "text/plain\r\nX-Evil: 1", &error));
  g_assert_error (error, AIVO_REQUEST_ERROR, AIVO_REQUEST_ERROR_INVALID_HEADER_VALUE);
  g_assert_cmpstr (aivo_request_get_content_type (request), ==, "application/json");
  g_clear_error (&error);

  g_assert_true (aivo_request_set_content_type (request, "", &error));
  g_assert_null (aivo_request_get_content_type (request));
  g_assert_true (aivo_request_set_content_type (request, "text/csv", &error));
  g_assert_true (aivo_request_set_content_type (request, NULL, &error));
  g_assert_null (aivo_request_get_content_type (request));
  g_assert_no_error (error);
}

static void
test_param_boxed (void)
{
  g_autoptr(AivoRequestParam) param = aivo_request_param_new ("n", "v");
  AivoRequestParam *copy = g_boxed_copy (AIVO_TYPE_REQUEST_PARAM, param);

  g_assert_true (copy != param);
  g_assert_cmpstr (copy->name, ==, "n");
  g_assert_cmpstr (copy->value, ==, "v");
  g_assert_true (copy->name != param->name);
  g_boxed_free (AIVO_TYPE_REQUEST_PARAM, copy);
}

/* Sending through a real server */

typedef struct
{
  SoupServer   *server;
  GUri         *base_uri;
  char         *base_url;

  /* What the server saw last. */
  char         *method;
  char         *path;
  char         *query;
  SoupMessageHeaders *headers;
  GBytes       *body;
} Fixture;

static void
echo_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *fx = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);

  g_clear_pointer (&fx->method, g_free);
  g_clear_pointer (&fx->path, g_free);
  g_clear_pointer (&fx->query, g_free);
  g_clear_pointer (&fx->headers, soup_message_headers_unref);
  g_clear_pointer (&fx->body, g_bytes_unref);

  fx->method = g_strdup (soup_server_message_get_method (msg));
  fx->path = g_strdup (g_uri_get_path (uri));
  fx->query = g_strdup (g_uri_get_query (uri));
  fx->headers = soup_message_headers_ref (request_headers);
  fx->body = soup_message_body_flatten (request_body);

  /* Echo the body back, so the client side can be checked too. */
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (fx->body, NULL),
                                    g_bytes_get_size (fx->body));
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fx->server = soup_server_new ("server-header", "test-echo", NULL);
  soup_server_add_handler (fx->server, NULL, echo_cb, fx, NULL);
  soup_server_listen_local (fx->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fx->server);
  g_assert_nonnull (uris);
  fx->base_uri = g_uri_ref (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  fx->base_url = g_uri_to_string (fx->base_uri);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  soup_server_disconnect (fx->server);
  g_clear_object (&fx->server);
  g_clear_pointer (&fx->base_uri, g_uri_unref);
  g_clear_pointer (&fx->base_url, g_free);
  g_clear_pointer (&fx->method, g_free);
  g_clear_pointer (&fx->path, g_free);
  g_clear_pointer (&fx->query, g_free);
  g_clear_pointer (&fx->headers, soup_message_headers_unref);
  g_clear_pointer (&fx->body, g_bytes_unref);
}

typedef struct
{
  GBytes  *bytes;
  GError  *error;
  gboolean done;
} SendResult;

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SendResult *out = user_data;

  out->bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &out->error);
  out->done = TRUE;
}

static GBytes *
send_request (AivoRequest *request,
              SoupMessage **out_message)
{
  /* No proxy, whatever the environment says. */
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  g_autoptr(GError) error = NULL;
  SoupMessage *message = aivo_request_to_message (request, &error);
  SendResult result = { NULL, NULL, FALSE };

  g_assert_no_error (error);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, send_cb, &result);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (result.error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
  *out_message = message;

  return result.bytes;
}

typedef struct
{
  const char *method;
  const char *path;               /* joined to the server's URL */
  const char * const *params;     /* extra query parameters, name/value pairs */
  const char * const *lines;      /* header lines */
  const char *body;
  const char *content_type;
  const char *expected_path;       /* as SoupServer gives it: decoded */
  const char *expected_query;      /* raw */
} SendCase;

static const char * const contact_params[] = { "tag", "a b", "tag", "x+y&z", "q", "café", NULL };
static const char * const contact_lines[] = {
  "Accept: application/json", "X-Request-Id: r-1", "X-Multi: 1", "X-Multi: 2",
  "Idempotency-Key: 7f2c", NULL,
};
static const char * const plain_lines[] = { "X-Empty;", "User-Agent: aivo-test/1", NULL };

static const SendCase send_cases[] = {
  { "POST", "/v1/contacts?limit=5&starting_after=con_Ab3dEf12", contact_params, contact_lines,
    "{\"name\":\"Ada Lovelace\",\"notes\":\"é\\n\"}", "application/json; charset=utf-8",
    "/v1/contacts", "limit=5&starting_after=con_Ab3dEf12&tag=a%20b&tag=x%2By%26z&q=caf%C3%A9" },
  { "GET", "/v1/calls", NULL, plain_lines, NULL, NULL, "/v1/calls", NULL },
  { "DELETE", "/v1/knowledge/articles/art_7fQ2aB9x", NULL, NULL, NULL, NULL,
    "/v1/knowledge/articles/art_7fQ2aB9x", NULL },
  { "PATCH", "/v1/call-settings", NULL, NULL, "", "application/json", "/v1/call-settings", NULL },
  { "PUT", "/caf%C3%A9/a%2Fb", NULL, NULL, "binary\001\377", "application/octet-stream",
    "/café/a/b", NULL },
};

/* Headers libsoup adds on its own. */
static const char * const library_headers[] = {
  "Host", "Accept-Encoding", "Connection", "Content-Length", NULL,
};

static void
test_send (Fixture       *fx,
           gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (send_cases); i++)
    {
      const SendCase *c = &send_cases[i];
      g_autoptr(AivoRequest) request = request_new_or_fail (c->method, fx->base_url, c->path);
      g_autoptr(SoupMessage) message = NULL;
      g_autoptr(SoupMessageHeaders) expected = NULL;
      g_autoptr(GPtrArray) display = NULL;
      g_autoptr(GBytes) echoed = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *seen_headers = NULL;
      g_autofree char *expected_headers = NULL;
      g_autofree char *query = NULL;

      g_test_message ("send case %u: %s %s", i, c->method, c->path);
      expected = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);

      for (guint j = 0; c->params != NULL && c->params[j] != NULL; j += 2)
        {
          g_assert_true (aivo_request_add_query_param (request, c->params[j], c->params[j + 1],
                                                       &error));
        }
      for (guint j = 0; c->lines != NULL && c->lines[j] != NULL; j++)
        g_assert_true (aivo_request_add_header_line (request, c->lines[j], &error));
      if (c->content_type != NULL)
        g_assert_true (aivo_request_set_content_type (request, c->content_type, &error));
      g_assert_no_error (error);
      if (c->body != NULL)
        {
          g_autoptr(GBytes) body = g_bytes_new_static (c->body, strlen (c->body));

          aivo_request_set_body (request, body);
        }
      aivo_request_set_bearer_token (request, TOKEN);

      echoed = send_request (request, &message);

      g_assert_cmpstr (fx->method, ==, c->method);
      g_assert_cmpstr (fx->path, ==, c->expected_path);
      g_assert_cmpstr (fx->query, ==, c->expected_query);
      query = aivo_request_dup_query_string (request);
      g_assert_cmpstr (fx->query, ==, query);

      /* Exactly what the request shows, with the real key in place of the
       * placeholder, and nothing else but what libsoup adds by itself. */
      display = aivo_request_dup_headers_for_display (request, TOKEN);
      for (guint j = 0; j < display->len; j++)
        {
          const AivoRequestParam *header = g_ptr_array_index (display, j);

          soup_message_headers_append (expected, header->name, header->value);
        }
      seen_headers = dup_headers_canonical (fx->headers, library_headers);
      expected_headers = dup_headers_canonical (expected, NULL);
      g_assert_cmpstr (seen_headers, ==, expected_headers);
      g_assert_null (soup_message_headers_get_one (fx->headers, "X-Evil"));

      if (c->body != NULL)
        {
          g_assert_cmpmem (g_bytes_get_data (fx->body, NULL), g_bytes_get_size (fx->body),
                           c->body, strlen (c->body));
          g_assert_cmpint (soup_message_headers_get_content_length (fx->headers),
                           ==, strlen (c->body));
        }
      else
        {
          g_assert_cmpuint (g_bytes_get_size (fx->body), ==, 0);
        }
      g_assert_true (g_bytes_equal (echoed, fx->body));
    }
}

/* An independent decoder agrees with our encoding: libsoup's form decoder
 * on the server reads back every value, "+" and "&" included. */
static void
test_send_query_decoding (Fixture       *fx,
                          gconstpointer  data)
{
  static const char * const values[] = { "a b", "+", "x&y=z", "100%", "é€😀", "#frag", "/:@?" };
  g_autoptr(AivoRequest) request = request_new_or_fail ("GET", fx->base_url, "/v1/calls");
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) echoed = NULL;
  g_autoptr(GHashTable) form = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *name = g_strdup_printf ("v%u", i);
      g_autoptr(GError) error = NULL;

      g_assert_true (aivo_request_add_query_param (request, name, values[i], &error));
      g_assert_no_error (error);
    }

  echoed = send_request (request, &message);
  form = soup_form_decode (fx->query);
  g_assert_cmpuint (g_hash_table_size (form), ==, G_N_ELEMENTS (values));
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *name = g_strdup_printf ("v%u", i);

      g_assert_cmpstr (g_hash_table_lookup (form, name), ==, values[i]);
    }
}

/* The exact bytes on the wire: SoupServer decodes the path before a
 * handler sees it, so a plain socket reads the request head instead. */
typedef struct
{
  GMutex  lock;
  GCond   cond;
  char   *head;
  gboolean finished;
} RawCapture;

/* The path and query as they must appear in the request line. */
#define RAW_TARGET "/caf%C3%A9/a%2Fb/%C3%A9?q=a%20b&empty=&tag=x%2By%26z%3D1"

static gboolean
raw_run_cb (GThreadedSocketService *service,
            GSocketConnection      *connection,
            GObject                *source_object,
            gpointer                user_data)
{
  static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  RawCapture *capture = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  GString *head = g_string_new (NULL);

  while (!g_str_has_suffix (head->str, "\r\n\r\n") && head->len < 65536)
    {
      char c;

      if (g_input_stream_read (in, &c, 1, NULL, NULL) != 1)
        break;
      g_string_append_c (head, c);
    }

  g_mutex_lock (&capture->lock);
  capture->head = g_string_free (head, FALSE);
  g_mutex_unlock (&capture->lock);

  g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  g_mutex_lock (&capture->lock);
  capture->finished = TRUE;
  g_cond_signal (&capture->cond);
  g_mutex_unlock (&capture->lock);

  return TRUE;
}

static void
test_send_raw_wire (void)
{
  /* No thread limit: a service at its limit restarts accepting after the
   * handler returns, which can be after this test closed the listener. */
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (-1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(AivoRequest) request = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) echoed = NULL;
  g_autoptr(SoupMessageHeaders) seen = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr(SoupMessageHeaders) expected = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr(GPtrArray) display = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *method = NULL;
  g_autofree char *path = NULL;
  g_autofree char *seen_text = NULL;
  g_autofree char *expected_text = NULL;
  RawCapture capture = { 0 };
  guint status;

  g_mutex_init (&capture.lock);
  g_cond_init (&capture.cond);
  g_signal_connect (service, "run", G_CALLBACK (raw_run_cb), &capture);
  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_socket_service_start (service);

  base_url = g_strdup_printf ("http://127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  request = request_new_or_fail ("get", base_url, "/caf%C3%A9/a%2Fb/é?q=a+b&empty");
  g_assert_true (aivo_request_add_query_param (request, "tag", "x+y&z=1", &error));
  g_assert_true (aivo_request_add_header_line (request, "X-Multi: 1", &error));
  g_assert_true (aivo_request_add_header_line (request, "X-Multi:2", &error));
  g_assert_true (aivo_request_add_header_line (request, "Accept: application/json", &error));
  g_assert_false (aivo_request_add_header_line (request, "X-Note: x\r\nX-Evil: 1", &error));
  g_clear_error (&error);
  aivo_request_set_bearer_token (request, TOKEN);

  echoed = send_request (request, &message);

  g_mutex_lock (&capture.lock);
  while (!capture.finished)
    g_cond_wait (&capture.cond, &capture.lock);
  g_mutex_unlock (&capture.lock);

  g_assert_true (g_str_has_prefix (capture.head, "GET " RAW_TARGET " HTTP/1.1\r\n"));
  /* Every line ends in CRLF: no bare CR or LF slipped through. */
  for (const char *p = capture.head; *p != '\0'; p++)
    {
      if (*p == '\n')
        g_assert_true (p > capture.head && p[-1] == '\r');
      if (*p == '\r')
        g_assert_true (p[1] == '\n');
    }

  status = soup_headers_parse_request (capture.head, strlen (capture.head), seen,
                                       &method, &path, NULL);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (method, ==, "GET");
  g_assert_cmpstr (path, ==, RAW_TARGET);

  display = aivo_request_dup_headers_for_display (request, TOKEN);
  for (guint i = 0; i < display->len; i++)
    {
      const AivoRequestParam *header = g_ptr_array_index (display, i);

      soup_message_headers_append (expected, header->name, header->value);
    }
  seen_text = dup_headers_canonical (seen, library_headers);
  expected_text = dup_headers_canonical (expected, NULL);
  g_assert_cmpstr (seen_text, ==, expected_text);
  g_assert_cmpstr (seen_text, ==,
                   "Accept: application/json\n"
                   "Authorization: Bearer " TOKEN "\n"
                   "X-Multi: 1\nX-Multi: 2");

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_free (capture.head);
  g_mutex_clear (&capture.lock);
  g_cond_clear (&capture.cond);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/request/methods", test_methods);
  g_test_add_func ("/request/idempotent", test_idempotent);
  g_test_add_func ("/request/urls", test_urls);
  g_test_add_func ("/request/query", test_query);
  g_test_add_func ("/request/query-merge", test_query_merge);
  g_test_add_func ("/request/query-round-trip", test_query_round_trip);
  g_test_add_func ("/request/headers", test_headers);
  g_test_add_func ("/request/header-lines", test_header_lines);
  g_test_add_func ("/request/header-order", test_header_order);
  g_test_add_func ("/request/bearer-token", test_bearer_token);
  g_test_add_func ("/request/to-message", test_to_message);
  g_test_add_func ("/request/to-message-bad-token", test_to_message_bad_token);
  g_test_add_func ("/request/content-type", test_content_type);
  g_test_add_func ("/request/param-boxed", test_param_boxed);
  g_test_add ("/request/send", Fixture, NULL, fixture_setup, test_send, fixture_teardown);
  g_test_add ("/request/send-query-decoding", Fixture, NULL,
              fixture_setup, test_send_query_decoding, fixture_teardown);
  g_test_add_func ("/request/send-raw-wire", test_send_raw_wire);

  return g_test_run ();
}
