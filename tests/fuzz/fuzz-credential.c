/* fuzz-credential.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "aivo-credential.h"
#include "aivo-secure-memory.h"

#include "fuzz-common.h"

/* aivo_credential_parse and aivo_credential_looks_valid must agree on every
 * input, and a parsed credential must answer every getter. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_dup_text (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(AivoCredential) credential = NULL;
  gboolean looks_valid;

  credential = aivo_credential_parse (text, &error);
  looks_valid = aivo_credential_looks_valid (text);

  FUZZ_CHECK ((credential != NULL) == looks_valid);
  FUZZ_CHECK ((credential == NULL) == (error != NULL));

  if (credential != NULL)
    {
      g_autofree char *key_id = aivo_credential_dup_key_id (credential);
      g_autofree char *hint = aivo_credential_dup_hint (credential);
      g_autofree char *hint_for_text = aivo_credential_hint_for_text (text);
      g_autofree char *digest = aivo_credential_dup_digest (credential);
      AivoCredentialKind kind = aivo_credential_get_kind (credential);

      FUZZ_CHECK (strlen (aivo_credential_get_id (credential)) == AIVO_CREDENTIAL_ID_LENGTH);
      FUZZ_CHECK (g_str_has_prefix (text, aivo_credential_kind_get_prefix (kind)));
      FUZZ_CHECK (strcmp (aivo_credential_peek_secret (credential), text) == 0);
      FUZZ_CHECK (g_str_has_prefix (key_id, "key_"));
      FUZZ_CHECK (strcmp (hint, hint_for_text) == 0);
      FUZZ_CHECK (strstr (hint, text + AIVO_CREDENTIAL_PREFIX_LENGTH + AIVO_CREDENTIAL_ID_LENGTH + 1) == NULL);
      FUZZ_CHECK (strlen (digest) == 64);
      (void) aivo_credential_matches_environment (credential, AIVO_ENVIRONMENT_PRODUCTION);
    }
  else
    {
      FUZZ_CHECK (error->domain == AIVO_CREDENTIAL_ERROR);
      FUZZ_CHECK (error->message != NULL && error->message[0] != '\0');
    }

  /* The input may be shaped like a key: clear it as a key would be. */
  aivo_secure_clear (text, size);

  return 0;
}
