/* aivo-credential-private.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "aivo-credential.h"

G_BEGIN_DECLS

/* Exposed for tests: the pieces of the checksum. */
guint32  aivo_credential_crc32          (const char *data,
                                         gsize       length);
void     aivo_credential_encode_base62  (guint32     value,
                                         char        out[AIVO_CREDENTIAL_CHECKSUM_LENGTH]);

G_END_DECLS
