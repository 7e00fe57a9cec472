/* aivo-credential.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-credential"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "aivo-credential-private.h"
#include "aivo-secure-memory.h"

struct _AivoCredential
{
  GObject             parent_instance;

  /* Owned: the whole credential text; cleared in finalize. */
  AivoSecret         *text;

  AivoCredentialKind  kind;
  char                id[AIVO_CREDENTIAL_ID_LENGTH + 1];
};

G_DEFINE_FINAL_TYPE (AivoCredential, aivo_credential, G_TYPE_OBJECT)

G_DEFINE_QUARK (aivo-credential-error-quark, aivo_credential_error)

G_DEFINE_ENUM_TYPE (AivoCredentialKind, aivo_credential_kind,
  G_DEFINE_ENUM_VALUE (AIVO_CREDENTIAL_KIND_ACCOUNT_TOKEN, "account-token"),
  G_DEFINE_ENUM_VALUE (AIVO_CREDENTIAL_KIND_LIVE_KEY, "live-key"),
  G_DEFINE_ENUM_VALUE (AIVO_CREDENTIAL_KIND_TEST_KEY, "test-key"))

static const char base62_alphabet[] =
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

static const char * const kind_prefixes[] = {
  [AIVO_CREDENTIAL_KIND_ACCOUNT_TOKEN] = "aivo_acct_",
  [AIVO_CREDENTIAL_KIND_LIVE_KEY] = "aivo_live_",
  [AIVO_CREDENTIAL_KIND_TEST_KEY] = "aivo_test_",
};

static void
aivo_credential_finalize (GObject *object)
{
  AivoCredential *self = (AivoCredential *)object;

  g_clear_pointer (&self->text, aivo_secret_free);
  aivo_secure_clear (self->id, sizeof self->id);

  G_OBJECT_CLASS (aivo_credential_parent_class)->finalize (object);
}

static void
aivo_credential_class_init (AivoCredentialClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aivo_credential_finalize;
}

static void
aivo_credential_init (AivoCredential *self)
{
}

/* IEEE 802.3 CRC-32 (the one zlib computes), bit by bit: the inputs are 51
 * bytes long, so a table would buy nothing. */
guint32
aivo_credential_crc32 (const char *data,
                       gsize       length)
{
  guint32 crc = 0xFFFFFFFFu;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= (guchar) data[i];
      for (guint bit = 0; bit < 8; bit++)
        crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }

  return crc ^ 0xFFFFFFFFu;
}

/* Most significant digit first, zero-padded to six characters (62^6 > 2^32). */
void
aivo_credential_encode_base62 (guint32 value,
                               char    out[AIVO_CREDENTIAL_CHECKSUM_LENGTH])
{
  for (int i = AIVO_CREDENTIAL_CHECKSUM_LENGTH - 1; i >= 0; i--)
    {
      out[i] = base62_alphabet[value % 62];
      value /= 62;
    }
}

static gboolean
is_base62 (char c)
{
  return g_ascii_isalnum (c);
}

static gboolean
fill_base62 (char    *out,
             gsize    length,
             GError **error)
{
  guchar pool[64];
  gsize pool_used = sizeof pool;
  gsize filled = 0;

  /* Rejection sampling: bytes >= 248 (4 × 62) are dropped so every character
   * is equally likely. */
  while (filled < length)
    {
      guchar byte;

      if (pool_used == sizeof pool)
        {
          if (!aivo_secure_random (pool, sizeof pool, error))
            {
              aivo_secure_clear (out, filled);
              return FALSE;
            }
          pool_used = 0;
        }

      byte = pool[pool_used++];
      if (byte >= 248)
        continue;

      out[filled++] = base62_alphabet[byte % 62];
    }

  aivo_secure_clear (pool, sizeof pool);
  return TRUE;
}

AivoCredentialKind
aivo_credential_kind_for_environment (AivoEnvironment environment)
{
  return aivo_environment_is_live (environment)
    ? AIVO_CREDENTIAL_KIND_LIVE_KEY
    : AIVO_CREDENTIAL_KIND_TEST_KEY;
}

const char *
aivo_credential_kind_get_prefix (AivoCredentialKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_prefixes), NULL);

  return kind_prefixes[kind];
}

/**
 * aivo_credential_generate:
 * @kind: which prefix the credential gets
 *
 * Makes a new credential from the kernel's CSPRNG: 8 characters of public id,
 * 32 of secret (about 190 bits) and the checksum.
 */
AivoCredential *
aivo_credential_generate (AivoCredentialKind   kind,
                          GError             **error)
{
  g_autoptr(AivoCredential) self = NULL;
  const char *prefix;
  char *p;

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_prefixes), NULL);

  prefix = kind_prefixes[kind];
  self = g_object_new (AIVO_TYPE_CREDENTIAL, NULL);
  self->kind = kind;
  self->text = g_malloc0 (AIVO_CREDENTIAL_LENGTH + 1);

  p = self->text;
  memcpy (p, prefix, AIVO_CREDENTIAL_PREFIX_LENGTH);
  p += AIVO_CREDENTIAL_PREFIX_LENGTH;

  if (!fill_base62 (p, AIVO_CREDENTIAL_ID_LENGTH, error))
    return NULL;
  memcpy (self->id, p, AIVO_CREDENTIAL_ID_LENGTH);
  p += AIVO_CREDENTIAL_ID_LENGTH;
  *p++ = '_';

  if (!fill_base62 (p, AIVO_CREDENTIAL_SECRET_LENGTH, error))
    {
      g_prefix_error (error, "%s", _("Could not create a key: "));
      return NULL;
    }
  p += AIVO_CREDENTIAL_SECRET_LENGTH;

  aivo_credential_encode_base62 (aivo_credential_crc32 (self->text, p - self->text), p);

  return g_steal_pointer (&self);
}

static gboolean
check_text (const char          *text,
            AivoCredentialKind  *kind_out,
            GError             **error)
{
  gsize length;
  guint kind;
  const char *body;
  char expected[AIVO_CREDENTIAL_CHECKSUM_LENGTH];

  if (text == NULL || text[0] == '\0')
    {
      g_set_error_literal (error, AIVO_CREDENTIAL_ERROR, AIVO_CREDENTIAL_ERROR_EMPTY,
                           _("No key was given."));
      return FALSE;
    }

  for (kind = 0; kind < G_N_ELEMENTS (kind_prefixes); kind++)
    if (strncmp (text, kind_prefixes[kind], AIVO_CREDENTIAL_PREFIX_LENGTH) == 0)
      break;

  if (kind == G_N_ELEMENTS (kind_prefixes))
    {
      g_set_error_literal (error, AIVO_CREDENTIAL_ERROR, AIVO_CREDENTIAL_ERROR_UNKNOWN_PREFIX,
                           _("This is not an AIVO key: AIVO keys start with “aivo_live_” or “aivo_test_”, "
                             "account tokens with “aivo_acct_”."));
      return FALSE;
    }

  length = strnlen (text, AIVO_CREDENTIAL_LENGTH + 1);
  body = text + AIVO_CREDENTIAL_PREFIX_LENGTH;

  if (length != AIVO_CREDENTIAL_LENGTH)
    {
      g_set_error (error, AIVO_CREDENTIAL_ERROR, AIVO_CREDENTIAL_ERROR_MALFORMED,
                   length > AIVO_CREDENTIAL_LENGTH
                   ? _("This key is too long: AIVO keys have exactly %d characters. "
                       "Check that nothing was copied along with it.")
                   : _("This key is too short: AIVO keys have exactly %d characters. "
                       "It may have been cut off when it was copied."),
                   AIVO_CREDENTIAL_LENGTH);
      return FALSE;
    }

  for (gsize i = 0; i < AIVO_CREDENTIAL_LENGTH - AIVO_CREDENTIAL_PREFIX_LENGTH; i++)
    {
      gboolean separator = (i == AIVO_CREDENTIAL_ID_LENGTH);

      if (separator ? body[i] != '_' : !is_base62 (body[i]))
        {
          g_set_error_literal (error, AIVO_CREDENTIAL_ERROR, AIVO_CREDENTIAL_ERROR_MALFORMED,
                               _("This key contains a character that AIVO keys never contain: "
                                 "check that it was copied completely and exactly."));
          return FALSE;
        }
    }

  aivo_credential_encode_base62 (aivo_credential_crc32 (text, AIVO_CREDENTIAL_LENGTH - AIVO_CREDENTIAL_CHECKSUM_LENGTH),
                                 expected);
  if (memcmp (expected, text + AIVO_CREDENTIAL_LENGTH - AIVO_CREDENTIAL_CHECKSUM_LENGTH,
              AIVO_CREDENTIAL_CHECKSUM_LENGTH) != 0)
    {
      g_set_error_literal (error, AIVO_CREDENTIAL_ERROR, AIVO_CREDENTIAL_ERROR_CHECKSUM,
                           _("This key’s checksum does not match: a character was mistyped or changed. "
                             "Copy the key again from where it was stored."));
      return FALSE;
    }

  if (kind_out != NULL)
    *kind_out = (AivoCredentialKind) kind;

  return TRUE;
}

/**
 * aivo_credential_parse:
 * @text: a credential as a user pasted it (no surrounding white space)
 *
 * Checks the prefix, shape and checksum offline.
 *
 * Returns: (transfer full): a credential, or %NULL with @error set
 */
AivoCredential *
aivo_credential_parse (const char  *text,
                       GError     **error)
{
  AivoCredential *self;
  AivoCredentialKind kind;

  if (!check_text (text, &kind, error))
    return NULL;

  self = g_object_new (AIVO_TYPE_CREDENTIAL, NULL);
  self->kind = kind;
  self->text = aivo_secret_dup (text);
  memcpy (self->id, text + AIVO_CREDENTIAL_PREFIX_LENGTH, AIVO_CREDENTIAL_ID_LENGTH);

  return self;
}

gboolean
aivo_credential_looks_valid (const char *text)
{
  return check_text (text, NULL, NULL);
}

AivoCredentialKind
aivo_credential_get_kind (AivoCredential *self)
{
  g_return_val_if_fail (AIVO_IS_CREDENTIAL (self), 0);

  return self->kind;
}

/* The 8 public characters, e.g. "Ab3dEf12". */
const char *
aivo_credential_get_id (AivoCredential *self)
{
  g_return_val_if_fail (AIVO_IS_CREDENTIAL (self), NULL);

  return self->id;
}

/* The public key id the API uses, e.g. "key_Ab3dEf12". */
char *
aivo_credential_dup_key_id (AivoCredential *self)
{
  g_return_val_if_fail (AIVO_IS_CREDENTIAL (self), NULL);

  return g_strconcat ("key_", self->id, NULL);
}

gboolean
aivo_credential_matches_environment (AivoCredential  *self,
                                     AivoEnvironment  environment)
{
  g_return_val_if_fail (AIVO_IS_CREDENTIAL (self), FALSE);

  return self->kind == aivo_credential_kind_for_environment (environment);
}

/* Borrowed; valid while @self lives. Never log it. */
const char *
aivo_credential_peek_secret (AivoCredential *self)
{
  g_return_val_if_fail (AIVO_IS_CREDENTIAL (self), NULL);

  return self->text;
}

/**
 * aivo_credential_digest_text:
 *
 * Returns: the lowercase hex SHA-256 of @text, which is all a server stores.
 */
char *
aivo_credential_digest_text (const char *text)
{
  g_autoptr(GChecksum) checksum = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *) text, strlen (text));

  return g_strdup (g_checksum_get_string (checksum));
}

char *
aivo_credential_dup_digest (AivoCredential *self)
{
  g_return_val_if_fail (AIVO_IS_CREDENTIAL (self), NULL);

  return aivo_credential_digest_text (self->text);
}

/**
 * aivo_credential_hint_for_text:
 *
 * Returns: prefix, id, "_…" and the last four characters: enough to recognise
 * a key, far too little to use it.
 */
char *
aivo_credential_hint_for_text (const char *text)
{
  g_return_val_if_fail (aivo_credential_looks_valid (text), NULL);

  return g_strdup_printf ("%.*s_\u2026%s",
                          AIVO_CREDENTIAL_PREFIX_LENGTH + AIVO_CREDENTIAL_ID_LENGTH, text,
                          text + AIVO_CREDENTIAL_LENGTH - 4);
}

char *
aivo_credential_dup_hint (AivoCredential *self)
{
  g_return_val_if_fail (AIVO_IS_CREDENTIAL (self), NULL);

  return aivo_credential_hint_for_text (self->text);
}
