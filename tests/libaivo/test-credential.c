/* test-credential.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "aivo-credential-private.h"

/* Known answers computed independently (zlib's crc32, then base62). The
 * pieces are split so no committed string looks like a real credential. */
#define KNOWN_BODY  "aivo_live_" "Ab3dEf12_" "0123456789abcdefghijKLMNOPQRSTUV"
#define KNOWN_CRC   "1OxqmP"
#define KNOWN_ACCT  "aivo_acct_" "00000000_" "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz" "3eg2d1"

static void
test_crc32_known_answers (void)
{
  char out[AIVO_CREDENTIAL_CHECKSUM_LENGTH + 1] = { 0 };

  g_assert_cmphex (aivo_credential_crc32 ("123456789", 9), ==, 0xCBF43926);
  g_assert_cmphex (aivo_credential_crc32 ("", 0), ==, 0);
  g_assert_cmphex (aivo_credential_crc32 (KNOWN_BODY, strlen (KNOWN_BODY)), ==, 0x4c97fd11);

  aivo_credential_encode_base62 (0, out);
  g_assert_cmpstr (out, ==, "000000");
  aivo_credential_encode_base62 (0xFFFFFFFF, out);
  g_assert_cmpstr (out, ==, "4gfFC3");
  aivo_credential_encode_base62 (0xCBF43926, out);
  g_assert_cmpstr (out, ==, "3jZRME");
}

static void
test_parse_known (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AivoCredential) live = NULL;
  g_autoptr(AivoCredential) acct = NULL;
  g_autofree char *hint = NULL;
  g_autofree char *key_id = NULL;

  live = aivo_credential_parse (KNOWN_BODY KNOWN_CRC, &error);
  g_assert_no_error (error);
  g_assert_nonnull (live);
  g_assert_cmpint (aivo_credential_get_kind (live), ==, AIVO_CREDENTIAL_KIND_LIVE_KEY);
  g_assert_cmpstr (aivo_credential_get_id (live), ==, "Ab3dEf12");
  key_id = aivo_credential_dup_key_id (live);
  g_assert_cmpstr (key_id, ==, "key_Ab3dEf12");
  hint = aivo_credential_dup_hint (live);
  g_assert_cmpstr (hint, ==, "aivo_live_Ab3dEf12_\u2026" "xqmP");
  g_assert_true (aivo_credential_matches_environment (live, AIVO_ENVIRONMENT_PRODUCTION));
  g_assert_false (aivo_credential_matches_environment (live, AIVO_ENVIRONMENT_TESTING));

  acct = aivo_credential_parse (KNOWN_ACCT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (aivo_credential_get_kind (acct), ==, AIVO_CREDENTIAL_KIND_ACCOUNT_TOKEN);
}

typedef struct
{
  const char *name;
  const char *text;
  int         code;
} BadCase;

static void
test_parse_rejects (void)
{
  static const BadCase cases[] = {
    { "empty", "", AIVO_CREDENTIAL_ERROR_EMPTY },
    { "other-vendor", "sk_live_" "0123456789abcdefghijKLMNOPQRSTUVWXYZabcdefghijklmnopq", AIVO_CREDENTIAL_ERROR_UNKNOWN_PREFIX },
    { "prefix-case", "AIVO_LIVE_" "Ab3dEf12_0123456789abcdefghijKLMNOPQRSTUV" KNOWN_CRC, AIVO_CREDENTIAL_ERROR_UNKNOWN_PREFIX },
    { "wrong-kind-prefix", "aivo_prod_" "Ab3dEf12_0123456789abcdefghijKLMNOPQRSTUV" KNOWN_CRC, AIVO_CREDENTIAL_ERROR_UNKNOWN_PREFIX },
    { "prefix-only", "aivo_live_", AIVO_CREDENTIAL_ERROR_MALFORMED },
    { "truncated", KNOWN_BODY "1Oxqm", AIVO_CREDENTIAL_ERROR_MALFORMED },
    { "trailing-newline", KNOWN_BODY KNOWN_CRC "\n", AIVO_CREDENTIAL_ERROR_MALFORMED },
    { "trailing-space", KNOWN_BODY KNOWN_CRC " ", AIVO_CREDENTIAL_ERROR_MALFORMED },
    { "hyphen-in-secret", "aivo_live_" "Ab3dEf12_0123456789abcdefghij-LMNOPQRSTUV" KNOWN_CRC, AIVO_CREDENTIAL_ERROR_MALFORMED },
    { "separator-missing", "aivo_live_" "Ab3dEf12X0123456789abcdefghijKLMNOPQRSTUV" KNOWN_CRC, AIVO_CREDENTIAL_ERROR_MALFORMED },
    { "underscore-in-id", "aivo_live_" "Ab3_Ef12_0123456789abcdefghijKLMNOPQRSTUV" KNOWN_CRC, AIVO_CREDENTIAL_ERROR_MALFORMED },
    { "non-ascii", "aivo_live_" "Ab3dEf12_0123456789abcdefghij\xc3\xa9LMNOPQRSTU" KNOWN_CRC, AIVO_CREDENTIAL_ERROR_MALFORMED },
    { "secret-char-changed", "aivo_live_" "Ab3dEf12_0123456789abcdefghijKLMNOPQRSTUW" KNOWN_CRC, AIVO_CREDENTIAL_ERROR_CHECKSUM },
    { "id-char-changed", "aivo_live_" "Ab3dEf13_0123456789abcdefghijKLMNOPQRSTUV" KNOWN_CRC, AIVO_CREDENTIAL_ERROR_CHECKSUM },
    { "checksum-off-by-one", KNOWN_BODY "1OxqmQ", AIVO_CREDENTIAL_ERROR_CHECKSUM },
    { "checksum-first-char", KNOWN_BODY "2OxqmP", AIVO_CREDENTIAL_ERROR_CHECKSUM },
    { "swapped-adjacent", "aivo_live_" "Ab3dEf12_1023456789abcdefghijKLMNOPQRSTUV" KNOWN_CRC, AIVO_CREDENTIAL_ERROR_CHECKSUM },
    { "live-body-test-prefix", "aivo_test_" "Ab3dEf12_0123456789abcdefghijKLMNOPQRSTUV" KNOWN_CRC, AIVO_CREDENTIAL_ERROR_CHECKSUM },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AivoCredential) credential = NULL;

      g_test_message ("case %s", cases[i].name);
      credential = aivo_credential_parse (cases[i].text, &error);
      g_assert_null (credential);
      g_assert_error (error, AIVO_CREDENTIAL_ERROR, cases[i].code);
      /* The message is for people: it must never repeat the key. */
      g_assert_null (strstr (error->message, "0123456789abcdefghij"));
      g_assert_false (aivo_credential_looks_valid (cases[i].text));
    }

  g_assert_false (aivo_credential_looks_valid (NULL));
}

static void
test_generate_round_trip (void)
{
  static const AivoCredentialKind kinds[] = {
    AIVO_CREDENTIAL_KIND_ACCOUNT_TOKEN,
    AIVO_CREDENTIAL_KIND_LIVE_KEY,
    AIVO_CREDENTIAL_KIND_TEST_KEY,
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AivoCredential) made = aivo_credential_generate (kinds[i], &error);
      g_autoptr(AivoCredential) parsed = NULL;
      g_autofree char *digest = NULL;
      g_autofree char *digest_again = NULL;
      g_autofree char *hint = NULL;
      const char *text;

      g_assert_no_error (error);
      text = aivo_credential_peek_secret (made);
      g_assert_cmpuint (strlen (text), ==, AIVO_CREDENTIAL_LENGTH);
      g_assert_true (g_str_has_prefix (text, aivo_credential_kind_get_prefix (kinds[i])));

      parsed = aivo_credential_parse (text, &error);
      g_assert_no_error (error);
      g_assert_cmpint (aivo_credential_get_kind (parsed), ==, kinds[i]);
      g_assert_cmpstr (aivo_credential_get_id (parsed), ==, aivo_credential_get_id (made));

      digest = aivo_credential_dup_digest (made);
      digest_again = aivo_credential_digest_text (text);
      g_assert_cmpuint (strlen (digest), ==, 64);
      g_assert_cmpstr (digest, ==, digest_again);

      hint = aivo_credential_dup_hint (made);
      g_assert_true (g_str_has_suffix (hint, text + AIVO_CREDENTIAL_LENGTH - 4));
      g_assert_null (strstr (hint, text + AIVO_CREDENTIAL_PREFIX_LENGTH + AIVO_CREDENTIAL_ID_LENGTH + 1));
    }
}

/* A weak generator would repeat itself or favour characters. */
static void
test_generate_distribution (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint counts[128] = { 0 };
  const guint n = 2000;
  guint total = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AivoCredential) made = aivo_credential_generate (AIVO_CREDENTIAL_KIND_TEST_KEY, NULL);
      const char *secret = aivo_credential_peek_secret (made) + AIVO_CREDENTIAL_PREFIX_LENGTH + AIVO_CREDENTIAL_ID_LENGTH + 1;

      g_assert_true (g_hash_table_add (seen, g_strdup (aivo_credential_get_id (made))));
      for (guint j = 0; j < AIVO_CREDENTIAL_SECRET_LENGTH; j++)
        {
          counts[(guchar) secret[j]]++;
          total++;
        }
    }

  /* 64,000 draws over 62 characters: about 1,032 each; a character below
   * 800 or above 1,270 is off by more than seven standard deviations. */
  for (guint c = 0; c < 128; c++)
    {
      if (g_ascii_isalnum (c))
        {
          g_assert_cmpuint (counts[c], >, 800);
          g_assert_cmpuint (counts[c], <, 1270);
        }
      else
        g_assert_cmpuint (counts[c], ==, 0);
    }
  g_assert_cmpuint (total, ==, n * AIVO_CREDENTIAL_SECRET_LENGTH);
}

static void
test_kind_for_environment (void)
{
  g_assert_cmpint (aivo_credential_kind_for_environment (AIVO_ENVIRONMENT_PRODUCTION), ==, AIVO_CREDENTIAL_KIND_LIVE_KEY);
  g_assert_cmpint (aivo_credential_kind_for_environment (AIVO_ENVIRONMENT_DEVELOPMENT), ==, AIVO_CREDENTIAL_KIND_TEST_KEY);
  g_assert_cmpint (aivo_credential_kind_for_environment (AIVO_ENVIRONMENT_TESTING), ==, AIVO_CREDENTIAL_KIND_TEST_KEY);
  g_assert_cmpstr (aivo_credential_kind_get_prefix (AIVO_CREDENTIAL_KIND_ACCOUNT_TOKEN), ==, "aivo_acct_");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/credential/crc32-known-answers", test_crc32_known_answers);
  g_test_add_func ("/credential/parse-known", test_parse_known);
  g_test_add_func ("/credential/parse-rejects", test_parse_rejects);
  g_test_add_func ("/credential/generate-round-trip", test_generate_round_trip);
  g_test_add_func ("/credential/generate-distribution", test_generate_distribution);
  g_test_add_func ("/credential/kind-for-environment", test_kind_for_environment);

  return g_test_run ();
}
