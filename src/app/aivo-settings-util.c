/* aivo-settings-util.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-settings-util"

#include "config.h"

#include "aivo-settings-util.h"

/* Whether the leading members of the tuple @entry are the strings of @match. */
static gboolean
entry_matches (GVariant           *entry,
               const char * const *match)
{
  gsize n_members = g_variant_n_children (entry);

  if (match == NULL || match[0] == NULL)
    return FALSE;

  for (gsize i = 0; match[i] != NULL; i++)
    {
      g_autoptr(GVariant) member = NULL;

      if (i >= n_members)
        return FALSE;

      member = g_variant_get_child_value (entry, i);
      if (!g_variant_is_of_type (member, G_VARIANT_TYPE_STRING) ||
          g_strcmp0 (g_variant_get_string (member, NULL), match[i]) != 0)
        return FALSE;
    }

  return TRUE;
}

/**
 * aivo_settings_replace_entry:
 * @settings: where the list is
 * @key: a setting that is a list of tuples, such as a(sss)
 * @match: (nullable) (array zero-terminated=1): the leading strings of the
 *   entries to drop, such as an id; %NULL drops none
 * @entry: (nullable): a tuple of the list's type to add at its end; a
 *   floating reference is taken
 *
 * Rewrites the list @key without the entries that begin with @match, and
 * with @entry after the others: GSettings can only set a list as a whole.
 */
void
aivo_settings_replace_entry (GSettings          *settings,
                             const char         *key,
                             const char * const *match,
                             GVariant           *entry)
{
  g_autoptr(GVariant) entries = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  GVariant *child;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (key != NULL);

  entries = g_settings_get_value (settings, key);
  g_return_if_fail (g_variant_is_of_type (entries, G_VARIANT_TYPE ("ar")));

  g_variant_builder_init (&builder, g_variant_get_type (entries));
  g_variant_iter_init (&iter, entries);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      if (!entry_matches (child, match))
        g_variant_builder_add_value (&builder, child);
      g_variant_unref (child);
    }

  if (entry != NULL)
    g_variant_builder_add_value (&builder, entry);

  g_settings_set_value (settings, key, g_variant_builder_end (&builder));
}
