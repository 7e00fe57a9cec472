/* test-secure-memory.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "aivo-secure-memory.h"

static void
test_equal (void)
{
  static const struct {
    const char *a;
    const char *b;
    gboolean    equal;
  } cases[] = {
    { "", "", TRUE },
    { "secret", "secret", TRUE },
    { "secret", "secreT", FALSE },
    { "Secret", "secret", FALSE },
    { "secret", "secret2", FALSE },
    { "secret", "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (aivo_secure_str_equal (cases[i].a, cases[i].b), ==, cases[i].equal);

  g_assert_false (aivo_secure_str_equal (NULL, "x"));
  g_assert_false (aivo_secure_str_equal ("x", NULL));
  g_assert_true (aivo_secure_equal ("abc\0def", "abc\0def", 7));
  g_assert_false (aivo_secure_equal ("abc\0def", "abc\0deg", 7));
  g_assert_true (aivo_secure_equal (NULL, NULL, 0));
}

static void
test_clear (void)
{
  char buffer[] = "top secret value";
  guchar zeros[sizeof buffer] = { 0 };

  aivo_secure_clear (buffer, sizeof buffer);
  g_assert_cmpmem (buffer, sizeof buffer, zeros, sizeof zeros);

  aivo_secure_clear (NULL, 10);  /* allowed, does nothing */
}

static void
test_secret_autoptr (void)
{
  g_autoptr(AivoSecret) secret = aivo_secret_dup ("hunter2");

  g_assert_cmpstr (secret, ==, "hunter2");
  aivo_secret_free (g_steal_pointer (&secret));
  g_assert_null (secret);
  aivo_secret_free (NULL);
}

static void
test_random (void)
{
  guchar a[32] = { 0 };
  guchar b[32] = { 0 };
  guchar zeros[32] = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (aivo_secure_random (a, sizeof a, &error));
  g_assert_no_error (error);
  g_assert_true (aivo_secure_random (b, sizeof b, &error));
  /* 2^-256: a failure here means the generator is broken. */
  g_assert_false (memcmp (a, b, sizeof a) == 0);
  g_assert_false (memcmp (a, zeros, sizeof a) == 0);
  g_assert_true (aivo_secure_random (a, 0, &error));
}

static void
test_bytes (void)
{
  GBytes *bytes = g_bytes_new_take (g_strdup ("key material"), 12);

  /* Nothing to observe after the free, but ASan and valgrind check it. */
  aivo_secure_bytes_free (bytes);
  aivo_secure_bytes_free (NULL);
}

/* Every copy of the header, whatever its case, and nothing else. */
static void
test_clear_header (void)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autofree char *first = g_strdup ("Bearer aivo_live_first");
  const char *value;

  soup_message_headers_append (headers, "Authorization", first);
  soup_message_headers_append (headers, "X-Other", "kept");
  soup_message_headers_append (headers, "authorization", "Bearer aivo_live_second");
  soup_message_headers_append (headers, "X-Authorization-Note", "kept too");

  /* Taken before, read after: the very storage is cleared. */
  value = soup_message_headers_get_one (headers, "Authorization");
  g_assert_nonnull (value);

  aivo_secure_clear_header (headers, "Authorization");

  g_assert_cmpstr (value, ==, "");
  g_assert_cmpstr (soup_message_headers_get_list (headers, "Authorization"), ==, ", ");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Other"), ==, "kept");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Authorization-Note"), ==, "kept too");
  /* The caller's own copy is its own business. */
  g_assert_cmpstr (first, ==, "Bearer aivo_live_first");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secure-memory/equal", test_equal);
  g_test_add_func ("/secure-memory/clear", test_clear);
  g_test_add_func ("/secure-memory/secret-autoptr", test_secret_autoptr);
  g_test_add_func ("/secure-memory/random", test_random);
  g_test_add_func ("/secure-memory/bytes", test_bytes);
  g_test_add_func ("/secure-memory/clear-header", test_clear_header);

  return g_test_run ();
}
