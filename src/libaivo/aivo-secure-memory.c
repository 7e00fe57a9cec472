/* aivo-secure-memory.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-secure-memory"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <gio/gio.h>

#include "aivo-secure-memory.h"

/**
 * aivo_secure_equal:
 *
 * Compares two buffers of the same length in time that depends only on the
 * length, so a caller comparing secrets leaks nothing through timing.
 */
gboolean
aivo_secure_equal (const void *a,
                   const void *b,
                   gsize       length)
{
  const volatile guchar *pa = a;
  const volatile guchar *pb = b;
  guchar diff = 0;

  g_return_val_if_fail (a != NULL || length == 0, FALSE);
  g_return_val_if_fail (b != NULL || length == 0, FALSE);

  for (gsize i = 0; i < length; i++)
    diff |= pa[i] ^ pb[i];

  return diff == 0;
}

/* Lengths are not secret (every credential has the same shape), the bytes are. */
gboolean
aivo_secure_str_equal (const char *a,
                       const char *b)
{
  gsize len_a, len_b;

  if (a == NULL || b == NULL)
    return FALSE;

  len_a = strlen (a);
  len_b = strlen (b);
  if (len_a != len_b)
    return FALSE;

  return aivo_secure_equal (a, b, len_a);
}

void
aivo_secure_clear (void  *memory,
                   gsize  length)
{
  if (memory == NULL || length == 0)
    return;

  /* explicit_bzero is never optimised away, unlike a memset before free(). */
  explicit_bzero (memory, length);
}

void
aivo_secret_free (AivoSecret *secret)
{
  if (secret == NULL)
    return;

  aivo_secure_clear (secret, strlen (secret));
  g_free (secret);
}

AivoSecret *
aivo_secret_dup (const char *text)
{
  return g_strdup (text);
}

/* For GBytes that were built over a secret with g_bytes_new_take(): clears the
 * data only when this is the last reference. */
void
aivo_secure_bytes_free (GBytes *bytes)
{
  gsize size = 0;
  gpointer data;

  if (bytes == NULL)
    return;

  data = g_bytes_unref_to_data (bytes, &size);
  aivo_secure_clear (data, size);
  g_free (data);
}

/**
 * aivo_secure_random:
 *
 * Fills @buffer from the kernel's CSPRNG (getrandom(2)). g_random_* is a
 * Mersenne Twister and must never make a secret.
 */
gboolean
aivo_secure_random (void    *buffer,
                    gsize    length,
                    GError **error)
{
  guchar *p = buffer;
  gsize filled = 0;

  while (filled < length)
    {
      ssize_t n = getrandom (p + filled, length - filled, 0);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;

          aivo_secure_clear (buffer, filled);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "The system’s random number generator failed: %s",
                       g_strerror (saved_errno));
          return FALSE;
        }

      filled += (gsize) n;
    }

  return TRUE;
}

static void
clear_value_if_named (const char *name,
                      const char *value,
                      gpointer    user_data)
{
  if (g_ascii_strcasecmp (name, user_data) == 0)
    aivo_secure_clear ((char *) value, strlen (value));
}

/**
 * aivo_secure_clear_header:
 * @name: a header that holds a credential, e.g. "Authorization"
 *
 * Clears the value of every @name header in place (they read as empty
 * afterwards): libsoup frees header values without clearing them. For
 * headers nobody reads again, such as a sent request's or a parsed copy's.
 */
void
aivo_secure_clear_header (SoupMessageHeaders *headers,
                          const char         *name)
{
  g_return_if_fail (headers != NULL);
  g_return_if_fail (name != NULL);

  soup_message_headers_foreach (headers, clear_value_if_named, (gpointer) name);
}
