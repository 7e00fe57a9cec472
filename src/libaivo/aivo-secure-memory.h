/* aivo-secure-memory.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A NUL-terminated string that holds a secret: g_autoptr(AivoSecret) clears it
 * before it is freed. */
typedef char AivoSecret;

gboolean  aivo_secure_equal       (const void *a,
                                   const void *b,
                                   gsize       length);
gboolean  aivo_secure_str_equal   (const char *a,
                                   const char *b);
void      aivo_secure_clear       (void       *memory,
                                   gsize       length);
void      aivo_secret_free        (AivoSecret *secret);
AivoSecret *aivo_secret_dup       (const char *text);
void      aivo_secure_bytes_free  (GBytes     *bytes);
gboolean  aivo_secure_random      (void       *buffer,
                                   gsize       length,
                                   GError    **error);
void      aivo_secure_clear_header (SoupMessageHeaders *headers,
                                    const char         *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AivoSecret, aivo_secret_free)

G_END_DECLS
