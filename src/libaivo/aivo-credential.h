/* aivo-credential.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "aivo-environment.h"

G_BEGIN_DECLS

#define AIVO_CREDENTIAL_ERROR (aivo_credential_error_quark ())

typedef enum
{
  AIVO_CREDENTIAL_ERROR_EMPTY,
  AIVO_CREDENTIAL_ERROR_UNKNOWN_PREFIX,
  AIVO_CREDENTIAL_ERROR_MALFORMED,
  AIVO_CREDENTIAL_ERROR_CHECKSUM,
  AIVO_CREDENTIAL_ERROR_RANDOM,
} AivoCredentialError;

typedef enum
{
  AIVO_CREDENTIAL_KIND_ACCOUNT_TOKEN,
  AIVO_CREDENTIAL_KIND_LIVE_KEY,
  AIVO_CREDENTIAL_KIND_TEST_KEY,
} AivoCredentialKind;

/* <prefix><id8>_<secret32><crc6>, see API.md. */
#define AIVO_CREDENTIAL_ID_LENGTH       8
#define AIVO_CREDENTIAL_SECRET_LENGTH   32
#define AIVO_CREDENTIAL_CHECKSUM_LENGTH 6
#define AIVO_CREDENTIAL_PREFIX_LENGTH   10
#define AIVO_CREDENTIAL_LENGTH          (AIVO_CREDENTIAL_PREFIX_LENGTH + AIVO_CREDENTIAL_ID_LENGTH + 1 \
                                         + AIVO_CREDENTIAL_SECRET_LENGTH + AIVO_CREDENTIAL_CHECKSUM_LENGTH)

#define AIVO_TYPE_CREDENTIAL_KIND (aivo_credential_kind_get_type ())
#define AIVO_TYPE_CREDENTIAL (aivo_credential_get_type ())

G_DECLARE_FINAL_TYPE (AivoCredential, aivo_credential, AIVO, CREDENTIAL, GObject)

GQuark              aivo_credential_error_quark           (void);
GType               aivo_credential_kind_get_type         (void) G_GNUC_CONST;
AivoCredentialKind  aivo_credential_kind_for_environment  (AivoEnvironment     environment);
const char         *aivo_credential_kind_get_prefix       (AivoCredentialKind  kind);

AivoCredential     *aivo_credential_generate              (AivoCredentialKind  kind,
                                                           GError            **error);
AivoCredential     *aivo_credential_parse                 (const char         *text,
                                                           GError            **error);
gboolean            aivo_credential_looks_valid           (const char         *text);

AivoCredentialKind  aivo_credential_get_kind              (AivoCredential     *self);
const char         *aivo_credential_get_id                (AivoCredential     *self);
char               *aivo_credential_dup_key_id            (AivoCredential     *self);
char               *aivo_credential_dup_hint              (AivoCredential     *self);
gboolean            aivo_credential_matches_environment   (AivoCredential     *self,
                                                           AivoEnvironment     environment);
const char         *aivo_credential_peek_secret           (AivoCredential     *self);
char               *aivo_credential_dup_digest            (AivoCredential     *self);

char               *aivo_credential_digest_text           (const char         *text);
char               *aivo_credential_hint_for_text         (const char         *text);

G_END_DECLS
