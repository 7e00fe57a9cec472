/* test-rate-limit.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "aivo-rate-limit.h"

/* 2024-03-29T08:12:38Z, 42 s before the reset in API.md. */
#define NOW   G_GINT64_CONSTANT (1711699958)
#define RESET G_GINT64_CONSTANT (1711700000)
#define NONE  (-1)

typedef struct
{
  const char *name;
  const char *headers;
  gint64      limit;
  gint64      remaining;
  gint64      reset_unix;
  gint64      window_seconds;
  gint64      retry_after_seconds;
  const char *policy_name;
} ParseCase;

/* X-RateLimit-* (legacy) */
static const ParseCase legacy_cases[] = {
  { "article",
    "X-RateLimit-Limit: 300\r\nX-RateLimit-Remaining: 297\r\nX-RateLimit-Reset: 1711700000\r\n",
    300, 297, RESET, NONE, NONE, NULL },
  { "relative-reset",
    "X-RateLimit-Reset: 42\r\n",
    NONE, NONE, NOW + 42, NONE, NONE, NULL },
  { "relative-reset-zero",
    "X-RateLimit-Reset: 0\r\n",
    NONE, NONE, NOW, NONE, NONE, NULL },
  { "relative-reset-largest",
    "X-RateLimit-Reset: 999999999\r\n",
    NONE, NONE, NOW + 999999999, NONE, NONE, NULL },
  { "absolute-reset-smallest",
    "X-RateLimit-Reset: 1000000000\r\n",
    NONE, NONE, 1000000000, NONE, NONE, NULL },
  { "absolute-reset-largest",
    "X-RateLimit-Reset: 253402300799\r\n",
    NONE, NONE, 253402300799, NONE, NONE, NULL },
  { "largest-count",
    "X-RateLimit-Limit: 2147483647\r\nX-RateLimit-Remaining: 0\r\n",
    2147483647, 0, NONE, NONE, NONE, NULL },
  { "lowercase-names",
    "x-ratelimit-limit: 60\r\nx-ratelimit-remaining: 59\r\n",
    60, 59, NONE, NONE, NONE, NULL },
  { "white-space-around-value",
    "X-RateLimit-Limit:300\r\nX-RateLimit-Remaining: \t 297 \t\r\n",
    300, 297, NONE, NONE, NONE, NULL },
  { "repeated-identical",
    "X-RateLimit-Limit: 300\r\nX-RateLimit-Limit: 300\r\n",
    300, NONE, NONE, NONE, NONE, NULL },
  { "repeated-same-number",
    "X-RateLimit-Remaining: 5\r\nX-RateLimit-Remaining: 05\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
};

/* RateLimit-Policy / RateLimit (draft-ietf-httpapi-ratelimit-headers-10) */
static const ParseCase draft_cases[] = {
  { "api-md-example",
    "RateLimit-Policy: \"default\";q=300;w=60\r\nRateLimit: \"default\";r=297;t=42\r\n",
    300, 297, RESET, 60, NONE, "default" },
  { "token-names",
    "RateLimit-Policy: default;q=300;w=60\r\nRateLimit: default;r=297;t=42\r\n",
    300, 297, RESET, 60, NONE, "default" },
  { "policy-only",
    "RateLimit-Policy: \"default\";q=300;w=60\r\n",
    300, NONE, NONE, 60, NONE, "default" },
  { "ratelimit-only",
    "RateLimit: \"default\";r=0;t=7\r\n",
    NONE, 0, NOW + 7, NONE, NONE, "default" },
  { "missing-params",
    "RateLimit-Policy: \"default\"\r\nRateLimit: \"default\"\r\n",
    NONE, NONE, NONE, NONE, NONE, "default" },
  { "missing-quota",
    "RateLimit-Policy: \"default\";w=60\r\n",
    NONE, NONE, NONE, 60, NONE, "default" },
  { "space-after-semicolon",
    "RateLimit-Policy: \"default\"; q=300; w=60\r\n",
    300, NONE, NONE, 60, NONE, "default" },
  { "escaped-name",
    "RateLimit: \"de\\\"f\\\\\";r=1\r\n",
    NONE, 1, NONE, NONE, NONE, "de\"f\\" },
  { "quoted-matches-token",
    "RateLimit-Policy: \"burst\";q=10;w=1, \"day\";q=1000;w=86400\r\nRateLimit: day;r=999;t=100\r\n",
    1000, 999, NOW + 100, 86400, NONE, "day" },
  { "match-not-first-in-ratelimit",
    "RateLimit-Policy: \"day\";q=1000;w=86400\r\nRateLimit: \"burst\";r=0;t=1, \"day\";r=5;t=50\r\n",
    1000, 5, NOW + 50, 86400, NONE, "day" },
  { "no-common-name-takes-first",
    "RateLimit-Policy: \"a\";q=10;w=60, \"c\";q=20;w=5\r\nRateLimit: \"b\";r=3;t=7, \"d\";r=4;t=8\r\n",
    10, 3, NOW + 7, 60, NONE, "b" },
  { "first-member-not-a-name",
    "RateLimit-Policy: 5;q=1;w=1, \"default\";q=300;w=60\r\n",
    300, NONE, NONE, 60, NONE, "default" },
  { "inner-list-member-skipped",
    "RateLimit-Policy: (\"a\" \"b\");q=1;w=1, \"default\";q=300;w=60\r\n",
    300, NONE, NONE, 60, NONE, "default" },
  { "lines-combined",
    "RateLimit-Policy: \"burst\";q=10;w=1\r\nRateLimit-Policy: \"day\";q=1000;w=86400\r\n"
    "RateLimit: \"day\";r=5;t=9\r\n",
    1000, 5, NOW + 9, 86400, NONE, "day" },
  { "duplicate-param-last-wins",
    "RateLimit-Policy: \"default\";q=1;q=300;w=60\r\n",
    300, NONE, NONE, 60, NONE, "default" },
  { "unknown-params-ignored",
    "RateLimit-Policy: \"default\";q=300;qu=\"requests\";pk=:cHJvamVjdA==:;w=60\r\n",
    300, NONE, NONE, 60, NONE, "default" },
  /* A parameter of the wrong type is dropped alone. */
  { "quota-string",
    "RateLimit-Policy: \"default\";q=\"300\";w=60\r\n",
    NONE, NONE, NONE, 60, NONE, "default" },
  { "quota-decimal",
    "RateLimit-Policy: \"default\";q=300.5;w=60\r\n",
    NONE, NONE, NONE, 60, NONE, "default" },
  { "quota-boolean",
    "RateLimit-Policy: \"default\";q=?1;w=60\r\n",
    NONE, NONE, NONE, 60, NONE, "default" },
  { "quota-bare-key",
    "RateLimit-Policy: \"default\";q;w=60\r\n",
    NONE, NONE, NONE, 60, NONE, "default" },
  { "quota-bytes",
    "RateLimit-Policy: \"default\";q=:AAAA:;w=60\r\n",
    NONE, NONE, NONE, 60, NONE, "default" },
  { "quota-token",
    "RateLimit-Policy: \"default\";q=many;w=60\r\n",
    NONE, NONE, NONE, 60, NONE, "default" },
  { "quota-negative",
    "RateLimit-Policy: \"default\";q=-5;w=60\r\n",
    NONE, NONE, NONE, 60, NONE, "default" },
  { "quota-absurd",
    "RateLimit-Policy: \"default\";q=2147483648;w=60\r\n",
    NONE, NONE, NONE, 60, NONE, "default" },
  { "window-absurd",
    "RateLimit-Policy: \"default\";q=300;w=1000000000\r\n",
    300, NONE, NONE, NONE, NONE, "default" },
  { "duplicate-param-wrong-type-last",
    "RateLimit-Policy: \"default\";q=300;q=\"x\";w=60\r\n",
    NONE, NONE, NONE, 60, NONE, "default" },
  /* Invalid structured field: the whole field is dropped. */
  { "integer-too-long",
    "RateLimit-Policy: \"default\";q=1000000000000000;w=60\r\n",
    NONE, NONE, NONE, NONE, NONE, NULL },
  { "unterminated-string",
    "RateLimit-Policy: \"default;q=300;w=60\r\n",
    NONE, NONE, NONE, NONE, NONE, NULL },
  { "bad-escape",
    "RateLimit-Policy: \"de\\fault\";q=300;w=60\r\n",
    NONE, NONE, NONE, NONE, NONE, NULL },
  { "trailing-comma",
    "RateLimit-Policy: \"default\";q=300;w=60,\r\n",
    NONE, NONE, NONE, NONE, NONE, NULL },
  { "trailing-junk",
    "RateLimit-Policy: \"default\";q=300;w=60 junk\r\n",
    NONE, NONE, NONE, NONE, NONE, NULL },
  { "space-before-semicolon",
    "RateLimit-Policy: \"default\" ;q=300;w=60\r\n",
    NONE, NONE, NONE, NONE, NONE, NULL },
  { "empty-parameter",
    "RateLimit-Policy: \"default\";q=300;;w=60\r\n",
    NONE, NONE, NONE, NONE, NONE, NULL },
  { "uppercase-key",
    "RateLimit-Policy: \"default\";Q=300;w=60\r\n",
    NONE, NONE, NONE, NONE, NONE, NULL },
  { "non-ascii-name",
    "RateLimit-Policy: \"d\xc3\xa9" "faut\";q=300;w=60\r\n",
    NONE, NONE, NONE, NONE, NONE, NULL },
  { "older-draft-dictionary",
    "RateLimit: limit=300, remaining=297, reset=42\r\n",
    NONE, NONE, NONE, NONE, NONE, NULL },
  { "one-bad-line-spoils-combined",
    "RateLimit-Policy: \"default\";q=300;w=60\r\nRateLimit-Policy: ;;\r\n",
    NONE, NONE, NONE, NONE, NONE, NULL },
};

/* Both families, and Retry-After. */
static const ParseCase merge_cases[] = {
  { "api-md-all-fields",
    "X-RateLimit-Limit: 300\r\nX-RateLimit-Remaining: 297\r\nX-RateLimit-Reset: 1711700000\r\n"
    "RateLimit-Policy: \"default\";q=300;w=60\r\nRateLimit: \"default\";r=297;t=42\r\n",
    300, 297, RESET, 60, NONE, "default" },
  { "legacy-wins",
    "X-RateLimit-Limit: 100\r\nX-RateLimit-Remaining: 10\r\nX-RateLimit-Reset: 1711700000\r\n"
    "RateLimit-Policy: \"default\";q=300;w=60\r\nRateLimit: \"default\";r=20;t=100\r\n",
    100, 10, RESET, 60, NONE, "default" },
  { "draft-fills-gaps",
    "X-RateLimit-Limit: 100\r\nRateLimit: \"default\";r=5;t=10\r\n",
    100, 5, NOW + 10, NONE, NONE, "default" },
  { "draft-replaces-malformed-legacy",
    "X-RateLimit-Limit: lots\r\nRateLimit-Policy: \"default\";q=300;w=60\r\n",
    300, NONE, NONE, 60, NONE, "default" },
  { "retry-after-seconds",
    "Retry-After: 120\r\n",
    NONE, NONE, NONE, NONE, 120, NULL },
  { "retry-after-zero",
    "Retry-After: 0\r\n",
    NONE, NONE, NONE, NONE, 0, NULL },
  { "retry-after-largest",
    "Retry-After: 999999999\r\n",
    NONE, NONE, NONE, NONE, 999999999, NULL },
  { "retry-after-date-past",
    "Retry-After: Wed, 21 Oct 2015 07:28:00 GMT\r\n",
    NONE, NONE, NONE, NONE, 0, NULL },
  { "retry-after-date-against-now",
    "Retry-After: Fri, 29 Mar 2024 08:13:38 GMT\r\n",
    NONE, NONE, NONE, NONE, 60, NULL },
  { "retry-after-date-against-date",
    "Date: Fri, 29 Mar 2024 08:11:38 GMT\r\nRetry-After: Fri, 29 Mar 2024 08:12:38 GMT\r\n",
    NONE, NONE, NONE, NONE, 60, NULL },
  { "retry-after-date-before-date",
    "Date: Fri, 29 Mar 2024 08:14:38 GMT\r\nRetry-After: Fri, 29 Mar 2024 08:13:38 GMT\r\n",
    NONE, NONE, NONE, NONE, 0, NULL },
  { "retry-after-date-bad-date-header",
    "Date: yesterday\r\nRetry-After: Fri, 29 Mar 2024 08:13:38 GMT\r\n",
    NONE, NONE, NONE, NONE, 60, NULL },
  { "retry-after-rfc850",
    "Retry-After: Friday, 29-Mar-24 08:13:38 GMT\r\n",
    NONE, NONE, NONE, NONE, 60, NULL },
  { "retry-after-asctime",
    "Retry-After: Fri Mar 29 08:13:38 2024\r\n",
    NONE, NONE, NONE, NONE, 60, NULL },
  { "retry-after-both-forms-agree",
    "Retry-After: 60\r\nRetry-After: Fri, 29 Mar 2024 08:13:38 GMT\r\n",
    NONE, NONE, NONE, NONE, 60, NULL },
  { "retry-after-with-429-headers",
    "X-RateLimit-Limit: 300\r\nX-RateLimit-Remaining: 0\r\nX-RateLimit-Reset: 1711700000\r\n"
    "Retry-After: 42\r\n",
    300, 0, RESET, NONE, 42, NULL },
};

/* Each malformed field is dropped; the valid one beside it is kept. */
static const ParseCase malformed_cases[] = {
  { "negative",
    "X-RateLimit-Limit: -1\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "negative-zero",
    "X-RateLimit-Remaining: -0\r\nX-RateLimit-Limit: 5\r\n",
    5, NONE, NONE, NONE, NONE, NULL },
  { "plus-sign",
    "X-RateLimit-Limit: +300\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "above-int64",
    "X-RateLimit-Limit: 99999999999999999999\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "above-uint64",
    "X-RateLimit-Remaining: 999999999999999999999999999999\r\nX-RateLimit-Limit: 5\r\n",
    5, NONE, NONE, NONE, NONE, NULL },
  { "absurd-count",
    "X-RateLimit-Limit: 2147483648\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "absurd-reset",
    "X-RateLimit-Reset: 253402300800\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "garbage",
    "X-RateLimit-Limit: lots\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "trailing-junk",
    "X-RateLimit-Limit: 300abc\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "two-numbers",
    "X-RateLimit-Limit: 300 300\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "comma-list",
    "X-RateLimit-Limit: 300, 300\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "decimal",
    "X-RateLimit-Limit: 3.5\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "hexadecimal",
    "X-RateLimit-Limit: 0x12C\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "empty-value",
    "X-RateLimit-Limit: \r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "fullwidth-digits",
    "X-RateLimit-Limit: \xef\xbc\x93\xef\xbc\x90\xef\xbc\x90\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "latin1-byte",
    "X-RateLimit-Limit: 30\xb3\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "repeated-conflicting",
    "X-RateLimit-Remaining: 5\r\nX-RateLimit-Remaining: 6\r\nX-RateLimit-Limit: 10\r\n",
    10, NONE, NONE, NONE, NONE, NULL },
  { "repeated-one-bad",
    "X-RateLimit-Remaining: 5\r\nX-RateLimit-Remaining: five\r\nX-RateLimit-Limit: 10\r\n",
    10, NONE, NONE, NONE, NONE, NULL },
  { "retry-after-negative",
    "Retry-After: -5\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "retry-after-decimal",
    "Retry-After: 1.5\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "retry-after-unit",
    "Retry-After: 5s\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "retry-after-absurd",
    "Retry-After: 1000000000\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "retry-after-date-absurd",
    "Retry-After: Fri, 31 Dec 9999 23:59:59 GMT\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "retry-after-date-utc",
    "Retry-After: Fri, 29 Mar 2024 08:13:38 UTC\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "retry-after-date-junk",
    "Retry-After: Fri, 29 Mar 2024 08:13:38 GMT+1\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "retry-after-conflicting",
    "Retry-After: 5\r\nRetry-After: 6\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "retry-after-empty",
    "Retry-After:\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
};

/* The text format of new_from_header_block itself. */
static const ParseCase block_cases[] = {
  { "empty", "", NONE, NONE, NONE, NONE, NONE, NULL },
  { "lf-endings",
    "X-RateLimit-Limit: 300\nX-RateLimit-Remaining: 297\n",
    300, 297, NONE, NONE, NONE, NULL },
  { "no-final-newline",
    "X-RateLimit-Limit: 300\r\nX-RateLimit-Remaining: 297",
    300, 297, NONE, NONE, NONE, NULL },
  { "status-line",
    "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 5\r\n",
    NONE, NONE, NONE, NONE, 5, NULL },
  { "leading-blank-lines",
    "\r\n\nX-RateLimit-Limit: 300\r\n",
    300, NONE, NONE, NONE, NONE, NULL },
  { "blank-line-ends-block",
    "X-RateLimit-Limit: 300\r\n\r\nX-RateLimit-Remaining: 5\r\n",
    300, NONE, NONE, NONE, NONE, NULL },
  { "space-before-colon",
    "X-RateLimit-Limit : 300\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "folded-line-skipped",
    "X-RateLimit-Limit: 300\r\n 400\r\nX-RateLimit-Remaining: 5\r\n",
    300, 5, NONE, NONE, NONE, NULL },
  { "no-colon",
    "X-RateLimit-Limit 300\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "empty-name",
    ": 300\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "bare-cr-in-line",
    "X-RateLimit-Limit: 3\r00\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "bad-name-character",
    "X-RateLimit-Limit\x01: 300\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
  { "unrelated-headers",
    "Content-Type: text/plain; charset=\"utf-8\r\nContent-Length: nope\r\nX-RateLimit-Remaining: 5\r\n",
    NONE, 5, NONE, NONE, NONE, NULL },
};

static void
assert_snapshot (AivoRateLimit   *rate_limit,
                 const ParseCase *c)
{
  g_assert_nonnull (rate_limit);
  g_assert_cmpint (aivo_rate_limit_get_limit (rate_limit), ==, c->limit);
  g_assert_true (aivo_rate_limit_has_limit (rate_limit) == (c->limit >= 0));
  g_assert_cmpint (aivo_rate_limit_get_remaining (rate_limit), ==, c->remaining);
  g_assert_true (aivo_rate_limit_has_remaining (rate_limit) == (c->remaining >= 0));
  g_assert_cmpint (aivo_rate_limit_get_reset_unix (rate_limit), ==, c->reset_unix);
  g_assert_cmpint (aivo_rate_limit_get_window_seconds (rate_limit), ==, c->window_seconds);
  g_assert_cmpint (aivo_rate_limit_get_retry_after_seconds (rate_limit), ==, c->retry_after_seconds);
  g_assert_cmpstr (aivo_rate_limit_get_policy_name (rate_limit), ==, c->policy_name);
  g_assert_cmpint (aivo_rate_limit_get_received_unix (rate_limit), ==, NOW);
}

static void
test_parse_case (gconstpointer data)
{
  const ParseCase *c = data;
  g_autoptr(AivoRateLimit) rate_limit = NULL;

  rate_limit = aivo_rate_limit_new_from_header_block (c->headers, strlen (c->headers), NOW);
  assert_snapshot (rate_limit, c);
}

/* The same response through a SoupMessageHeaders built as libsoup would. */
static void
test_from_soup_headers (void)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(AivoRateLimit) rate_limit = NULL;

  soup_message_headers_append (headers, "Content-Type", "application/json");
  soup_message_headers_append (headers, "X-RateLimit-Limit", "300");
  /* libsoup keeps values as appended: white space around them is ours to trim. */
  soup_message_headers_append (headers, "X-RateLimit-Remaining", " 297\t");
  soup_message_headers_append (headers, "X-RateLimit-Reset", "1711700000");
  soup_message_headers_append (headers, "RateLimit-Policy", "\"default\";q=300;w=60");
  soup_message_headers_append (headers, "RateLimit", "\"default\";r=297;t=42");
  soup_message_headers_append (headers, "Retry-After", " Fri, 29 Mar 2024 08:13:38 GMT ");

  rate_limit = aivo_rate_limit_new_from_headers (headers, NOW);
  g_assert_cmpint (aivo_rate_limit_get_retry_after_seconds (rate_limit), ==, 60);
  g_assert_cmpint (aivo_rate_limit_get_limit (rate_limit), ==, 300);
  g_assert_cmpint (aivo_rate_limit_get_remaining (rate_limit), ==, 297);
  g_assert_cmpint (aivo_rate_limit_get_reset_unix (rate_limit), ==, RESET);
  g_assert_cmpint (aivo_rate_limit_get_window_seconds (rate_limit), ==, 60);
  g_assert_cmpstr (aivo_rate_limit_get_policy_name (rate_limit), ==, "default");
  g_assert_false (aivo_rate_limit_is_empty (rate_limit));
  g_assert_true (aivo_rate_limit_is_exhausted (rate_limit));
}

/* The length bounds the text: it need not be NUL-terminated, and NUL
 * bytes inside spoil only their own line. */
static void
test_block_bytes (void)
{
  static const char with_nul[] = "X-RateLimit-Limit: 3\0" "00\r\nX-RateLimit-Remaining: 5\r\n";
  static const char longer[] = "X-RateLimit-Limit: 3001";
  g_autoptr(AivoRateLimit) nul = NULL;
  g_autoptr(AivoRateLimit) cut = NULL;
  g_autoptr(AivoRateLimit) none = NULL;

  nul = aivo_rate_limit_new_from_header_block (with_nul, sizeof with_nul - 1, NOW);
  g_assert_cmpint (aivo_rate_limit_get_limit (nul), ==, -1);
  g_assert_cmpint (aivo_rate_limit_get_remaining (nul), ==, 5);

  cut = aivo_rate_limit_new_from_header_block (longer, strlen (longer) - 1, NOW);
  g_assert_cmpint (aivo_rate_limit_get_limit (cut), ==, 300);

  none = aivo_rate_limit_new_from_header_block (NULL, 0, NOW);
  g_assert_true (aivo_rate_limit_is_empty (none));
}

/* Random bytes and random mixes of header fragments: always a snapshot
 * whose numbers respect the documented bounds. */
static void
test_block_random (void)
{
  static const char * const fragments[] = {
    "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "RateLimit-Policy",
    "RateLimit", "Retry-After", "Date", ": ", ":", "\r\n", "\n", "\r", " ", "\t", ";", ",", "=",
    "\"", "\\", "q", "w", "r", "t", "(", ")", "?1", ":YQ==:", "-", "0", "9", "42", "999999999999999",
    "1711700000", "Fri, 29 Mar 2024 08:13:38 GMT", "\xff", "\0",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260326);

  for (guint round = 0; round < 5000; round++)
    {
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      g_autoptr(AivoRateLimit) rate_limit = NULL;
      guint n_pieces = g_rand_int_range (rand, 0, 40);

      for (guint i = 0; i < n_pieces; i++)
        {
          if (round % 2 == 0)
            {
              guint8 byte = g_rand_int_range (rand, 0, 256);

              g_byte_array_append (bytes, &byte, 1);
            }
          else
            {
              const char *fragment = fragments[g_rand_int_range (rand, 0, G_N_ELEMENTS (fragments))];

              g_byte_array_append (bytes, (const guint8 *) fragment, MAX (strlen (fragment), 1));
            }
        }

      rate_limit = aivo_rate_limit_new_from_header_block ((const char *) bytes->data, bytes->len, NOW);
      g_assert_nonnull (rate_limit);
      g_assert_cmpint (aivo_rate_limit_get_limit (rate_limit), >=, -1);
      g_assert_cmpint (aivo_rate_limit_get_limit (rate_limit), <=, AIVO_RATE_LIMIT_MAX_COUNT);
      g_assert_cmpint (aivo_rate_limit_get_remaining (rate_limit), >=, -1);
      g_assert_cmpint (aivo_rate_limit_get_remaining (rate_limit), <=, AIVO_RATE_LIMIT_MAX_COUNT);
      g_assert_cmpint (aivo_rate_limit_get_retry_after_seconds (rate_limit), >=, -1);
      g_assert_cmpint (aivo_rate_limit_get_retry_after_seconds (rate_limit), <=,
                       AIVO_RATE_LIMIT_MAX_DELTA_SECONDS);
      g_assert_cmpint (aivo_rate_limit_get_seconds_until_allowed (rate_limit, NOW), >=, 0);
    }
}

typedef struct
{
  const char *name;
  const char *text;
  gboolean    valid;
  gint64      unix_time;
} DateCase;

static const DateCase date_cases[] = {
  { "imf-fixdate", "Sun, 06 Nov 1994 08:49:37 GMT", TRUE, 784111777 },
  { "rfc850", "Sunday, 06-Nov-94 08:49:37 GMT", TRUE, 784111777 },
  { "asctime", "Sun Nov  6 08:49:37 1994", TRUE, 784111777 },
  { "asctime-two-digit-day", "Fri Mar 29 08:12:38 2024", TRUE, NOW },
  /* Two-digit years: up to 50 years after 2024 stay ahead, later ones are
   * in the past century. */
  { "rfc850-year-70", "Wednesday, 01-Jan-70 00:00:00 GMT", TRUE, G_GINT64_CONSTANT (3155760000) },
  { "rfc850-year-74", "Monday, 01-Jan-74 00:00:00 GMT", TRUE, G_GINT64_CONSTANT (3281990400) },
  { "rfc850-year-75", "Wednesday, 01-Jan-75 00:00:00 GMT", TRUE, 157766400 },
  { "leap-day", "Thu, 29 Feb 2024 12:00:00 GMT", TRUE, 1709208000 },
  { "leap-second", "Sat, 31 Dec 2016 23:59:60 GMT", TRUE, 1483228800 },
  /* The day name is not checked against the date. */
  { "wrong-day-name", "Mon, 06 Nov 1994 08:49:37 GMT", TRUE, 784111777 },
  { "empty", "", FALSE, 0 },
  { "lowercase", "sun, 06 nov 1994 08:49:37 gmt", FALSE, 0 },
  { "utc-zone", "Sun, 06 Nov 1994 08:49:37 UTC", FALSE, 0 },
  { "offset-zone", "Sun, 06 Nov 1994 08:49:37 +0000", FALSE, 0 },
  { "no-zone", "Sun, 06 Nov 1994 08:49:37", FALSE, 0 },
  { "trailing-junk", "Sun, 06 Nov 1994 08:49:37 GMTx", FALSE, 0 },
  { "double-space", "Sun,  06 Nov 1994 08:49:37 GMT", FALSE, 0 },
  { "one-digit-day-imf", "Sun, 6 Nov 1994 08:49:37 GMT", FALSE, 0 },
  { "february-30", "Sun, 30 Feb 1994 08:49:37 GMT", FALSE, 0 },
  { "february-29-common-year", "Tue, 29 Feb 2023 08:49:37 GMT", FALSE, 0 },
  { "day-zero", "Sun, 00 Nov 1994 08:49:37 GMT", FALSE, 0 },
  { "hour-24", "Sun, 06 Nov 1994 24:00:00 GMT", FALSE, 0 },
  { "minute-60", "Sun, 06 Nov 1994 08:60:37 GMT", FALSE, 0 },
  { "second-61", "Sun, 06 Nov 1994 08:49:61 GMT", FALSE, 0 },
  { "year-zero", "Sun, 06 Nov 0000 08:49:37 GMT", FALSE, 0 },
  { "bad-month", "Sun, 06 Foo 1994 08:49:37 GMT", FALSE, 0 },
  { "iso-8601", "1994-11-06T08:49:37Z", FALSE, 0 },
  { "asctime-one-digit-no-pad", "Sun Nov 6 08:49:37 1994", FALSE, 0 },
  { "truncated", "Sun, 06 Nov 19", FALSE, 0 },
};

static void
test_http_date (gconstpointer data)
{
  const DateCase *c = data;
  gint64 unix_time = -12345;

  g_assert_true (aivo_rate_limit_parse_http_date (c->text, NOW, &unix_time) == c->valid);
  if (c->valid)
    g_assert_cmpint (unix_time, ==, c->unix_time);
}

typedef struct
{
  const char *name;
  const char *headers;
  gint64      now_unix;
  gint64      seconds_until_allowed;
  gboolean    exhausted;
  gboolean    empty;
} WaitCase;

static const WaitCase wait_cases[] = {
  { "retry-after", "Retry-After: 30\r\n", NOW, 30, TRUE, FALSE },
  { "retry-after-elapsing", "Retry-After: 30\r\n", NOW + 10, 20, TRUE, FALSE },
  { "retry-after-elapsed", "Retry-After: 30\r\n", NOW + 40, 0, TRUE, FALSE },
  { "retry-after-clock-behind", "Retry-After: 30\r\n", NOW - 100, 30, TRUE, FALSE },
  { "retry-after-zero", "Retry-After: 0\r\n", NOW, 0, FALSE, FALSE },
  { "retry-after-wins",
    "Retry-After: 5\r\nX-RateLimit-Remaining: 0\r\nX-RateLimit-Reset: 60\r\n", NOW, 5, TRUE, FALSE },
  { "exhausted-until-reset",
    "X-RateLimit-Remaining: 0\r\nX-RateLimit-Reset: 1711700000\r\n", NOW, 42, TRUE, FALSE },
  { "exhausted-reset-passed",
    "X-RateLimit-Remaining: 0\r\nX-RateLimit-Reset: 1711700000\r\n", NOW + 50, 0, TRUE, FALSE },
  { "exhausted-reset-unknown", "X-RateLimit-Remaining: 0\r\n", NOW, 0, TRUE, FALSE },
  { "draft-exhausted", "RateLimit: \"default\";r=0;t=42\r\n", NOW, 42, TRUE, FALSE },
  { "requests-left",
    "X-RateLimit-Remaining: 5\r\nX-RateLimit-Reset: 1711700000\r\n", NOW, 0, FALSE, FALSE },
  { "nothing", "Content-Type: application/json\r\n", NOW, 0, FALSE, TRUE },
  { "name-only", "RateLimit: \"default\"\r\n", NOW, 0, FALSE, TRUE },
  { "window-only", "RateLimit-Policy: \"default\";w=60\r\n", NOW, 0, FALSE, FALSE },
  /* Any clock value is safe. */
  { "clock-min", "X-RateLimit-Remaining: 0\r\nX-RateLimit-Reset: 60\r\n", G_MININT64, G_MAXINT64, TRUE, FALSE },
  { "clock-max", "X-RateLimit-Remaining: 0\r\nX-RateLimit-Reset: 60\r\n", G_MAXINT64, 0, TRUE, FALSE },
  { "clock-min-retry-after", "Retry-After: 999999999\r\n", G_MININT64, 999999999, TRUE, FALSE },
  { "clock-max-retry-after", "Retry-After: 999999999\r\n", G_MAXINT64, 0, TRUE, FALSE },
};

static void
test_wait (gconstpointer data)
{
  const WaitCase *c = data;
  g_autoptr(AivoRateLimit) rate_limit = NULL;

  rate_limit = aivo_rate_limit_new_from_header_block (c->headers, strlen (c->headers), NOW);
  g_assert_cmpint (aivo_rate_limit_get_seconds_until_allowed (rate_limit, c->now_unix), ==,
                   c->seconds_until_allowed);
  g_assert_true (aivo_rate_limit_is_exhausted (rate_limit) == c->exhausted);
  g_assert_true (aivo_rate_limit_is_empty (rate_limit) == c->empty);
}

/* Relative values are counted from the reception time given, which can be
 * anything non-negative, including the far future. */
static void
test_received_far_future (void)
{
  static const char headers[] = "X-RateLimit-Reset: 10\r\nRetry-After: 10\r\n";
  g_autoptr(AivoRateLimit) rate_limit = NULL;

  rate_limit = aivo_rate_limit_new_from_header_block (headers, strlen (headers), G_MAXINT64 - 5);
  g_assert_cmpint (aivo_rate_limit_get_received_unix (rate_limit), ==, G_MAXINT64 - 5);
  g_assert_cmpint (aivo_rate_limit_get_reset_unix (rate_limit), ==, G_MAXINT64);
  g_assert_cmpint (aivo_rate_limit_get_seconds_until_allowed (rate_limit, G_MAXINT64 - 5), ==, 5);
}

/* A UI binds to these, so they must match the getters and stay read-only. */
static void
test_properties (void)
{
  static const char headers[] =
    "X-RateLimit-Limit: 300\r\nX-RateLimit-Remaining: 0\r\n"
    "RateLimit-Policy: \"default\";q=300;w=60\r\nRateLimit: \"default\";r=297;t=42\r\n"
    "Retry-After: 7\r\n";
  g_autoptr(AivoRateLimit) rate_limit = NULL;
  g_autofree char *policy_name = NULL;
  g_autofree GParamSpec **pspecs = NULL;
  gint64 limit, remaining, reset_unix, window_seconds, retry_after_seconds, received_unix;
  gboolean has_limit, has_remaining, exhausted, empty;
  guint n_pspecs;

  rate_limit = aivo_rate_limit_new_from_header_block (headers, strlen (headers), NOW);
  g_object_get (rate_limit,
                "has-limit", &has_limit,
                "limit", &limit,
                "has-remaining", &has_remaining,
                "remaining", &remaining,
                "reset-unix", &reset_unix,
                "window-seconds", &window_seconds,
                "retry-after-seconds", &retry_after_seconds,
                "policy-name", &policy_name,
                "received-unix", &received_unix,
                "exhausted", &exhausted,
                "empty", &empty,
                NULL);

  g_assert_true (has_limit);
  g_assert_cmpint (limit, ==, 300);
  g_assert_true (has_remaining);
  g_assert_cmpint (remaining, ==, 0);
  g_assert_cmpint (reset_unix, ==, RESET);
  g_assert_cmpint (window_seconds, ==, 60);
  g_assert_cmpint (retry_after_seconds, ==, 7);
  g_assert_cmpstr (policy_name, ==, "default");
  g_assert_cmpint (received_unix, ==, NOW);
  g_assert_true (exhausted);
  g_assert_false (empty);

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (rate_limit), &n_pspecs);
  g_assert_cmpuint (n_pspecs, ==, 11);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_assert_true (pspecs[i]->flags & G_PARAM_READABLE);
      g_assert_false (pspecs[i]->flags & G_PARAM_WRITABLE);
    }
}

/* Registers one test per row of @table; every row type starts with its name. */
static void
add_table (const char    *group,
           gconstpointer  table,
           gsize          row_size,
           gsize          n_rows,
           GTestDataFunc  func)
{
  for (gsize i = 0; i < n_rows; i++)
    {
      gconstpointer row = (const char *) table + i * row_size;
      g_autofree char *path = g_strdup_printf ("/rate-limit/%s/%s", group, *(const char * const *) row);

      g_test_add_data_func (path, row, func);
    }
}

#define ADD_TABLE(group, table, func) \
  add_table (group, table, sizeof table[0], G_N_ELEMENTS (table), func)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TABLE ("legacy", legacy_cases, test_parse_case);
  ADD_TABLE ("draft", draft_cases, test_parse_case);
  ADD_TABLE ("merge", merge_cases, test_parse_case);
  ADD_TABLE ("malformed", malformed_cases, test_parse_case);
  ADD_TABLE ("block", block_cases, test_parse_case);
  ADD_TABLE ("http-date", date_cases, test_http_date);
  ADD_TABLE ("wait", wait_cases, test_wait);
  g_test_add_func ("/rate-limit/soup-headers", test_from_soup_headers);
  g_test_add_func ("/rate-limit/block/bytes", test_block_bytes);
  g_test_add_func ("/rate-limit/block/random", test_block_random);
  g_test_add_func ("/rate-limit/received-far-future", test_received_far_future);
  g_test_add_func ("/rate-limit/properties", test_properties);

  return g_test_run ();
}
