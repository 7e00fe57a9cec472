/* test-environment.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "aivo-environment.h"

static void
test_round_trip (void)
{
  static const struct {
    const char      *text;
    AivoEnvironment  environment;
    gboolean         live;
  } cases[] = {
    { "production", AIVO_ENVIRONMENT_PRODUCTION, TRUE },
    { "development", AIVO_ENVIRONMENT_DEVELOPMENT, FALSE },
    { "testing", AIVO_ENVIRONMENT_TESTING, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      AivoEnvironment parsed = (AivoEnvironment) -1;

      g_assert_true (aivo_environment_from_string (cases[i].text, &parsed));
      g_assert_cmpint (parsed, ==, cases[i].environment);
      g_assert_cmpstr (aivo_environment_to_string (parsed), ==, cases[i].text);
      g_assert_cmpint (aivo_environment_is_live (parsed), ==, cases[i].live);
      g_assert_nonnull (aivo_environment_get_title (parsed));
    }
}

static void
test_rejects (void)
{
  static const char * const bad[] = { "", "Production", "prod", "staging", " testing", "testing\n" };
  AivoEnvironment untouched = AIVO_ENVIRONMENT_TESTING;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (aivo_environment_from_string (bad[i], &untouched));
      g_assert_cmpint (untouched, ==, AIVO_ENVIRONMENT_TESTING);
    }
  g_assert_false (aivo_environment_from_string (NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/environment/round-trip", test_round_trip);
  g_test_add_func ("/environment/rejects", test_rejects);

  return g_test_run ();
}
