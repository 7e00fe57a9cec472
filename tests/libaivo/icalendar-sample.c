/* icalendar-sample.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Writes the rotation calendar of the keys named on the command line, for
 * check-icalendar.py to read with a real iCalendar parser:
 *
 *   icalendar-sample OUTPUT NOW TITLE [ID NAME ENVIRONMENT CREATED_AT REQUIRED]...
 *
 * REQUIRED is 1 for a key flagged because a team member left. */

#include "config.h"

#include "aivo-icalendar.h"
#include "test-key-builder.h"

#define FIELDS_PER_KEY 5

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(AivoRotationPolicy) policy = aivo_rotation_policy_new ();
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (argc < 4 || (argc - 4) % FIELDS_PER_KEY != 0)
    {
      g_printerr ("usage: %s OUTPUT NOW TITLE [ID NAME ENVIRONMENT CREATED_AT REQUIRED]...\n", argv[0]);
      return 2;
    }

  now = g_date_time_new_from_iso8601 (argv[2], NULL);
  if (now == NULL)
    {
      g_printerr ("%s: NOW is not an RFC 3339 time: %s\n", argv[0], argv[2]);
      return 2;
    }

  for (int i = 4; i < argc; i += FIELDS_PER_KEY)
    g_ptr_array_add (keys, test_key_new (argv[i], argv[i + 1], argv[i + 2], argv[i + 3],
                                         g_str_equal (argv[i + 4], "1"), NULL));

  text = aivo_icalendar_for_keys (keys, policy, argv[3], now);
  if (!g_file_set_contents (argv[1], text, -1, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 1;
    }

  return 0;
}
