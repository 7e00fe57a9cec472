/* aivo-environment.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-environment"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "aivo-environment.h"

G_DEFINE_ENUM_TYPE (AivoEnvironment, aivo_environment,
  G_DEFINE_ENUM_VALUE (AIVO_ENVIRONMENT_PRODUCTION, "production"),
  G_DEFINE_ENUM_VALUE (AIVO_ENVIRONMENT_DEVELOPMENT, "development"),
  G_DEFINE_ENUM_VALUE (AIVO_ENVIRONMENT_TESTING, "testing"))

static const char * const environment_ids[AIVO_N_ENVIRONMENTS] = {
  [AIVO_ENVIRONMENT_PRODUCTION] = "production",
  [AIVO_ENVIRONMENT_DEVELOPMENT] = "development",
  [AIVO_ENVIRONMENT_TESTING] = "testing",
};

const char *
aivo_environment_to_string (AivoEnvironment environment)
{
  g_return_val_if_fail ((guint) environment < AIVO_N_ENVIRONMENTS, NULL);

  return environment_ids[environment];
}

gboolean
aivo_environment_from_string (const char      *text,
                              AivoEnvironment *environment)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < AIVO_N_ENVIRONMENTS; i++)
    {
      if (g_str_equal (text, environment_ids[i]))
        {
          if (environment != NULL)
            *environment = (AivoEnvironment) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
aivo_environment_get_title (AivoEnvironment environment)
{
  switch (environment)
    {
    case AIVO_ENVIRONMENT_PRODUCTION:
      return _("Production");
    case AIVO_ENVIRONMENT_DEVELOPMENT:
      return _("Development");
    case AIVO_ENVIRONMENT_TESTING:
      return _("Testing");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Production keys carry the aivo_live_ prefix, the others aivo_test_. */
gboolean
aivo_environment_is_live (AivoEnvironment environment)
{
  return environment == AIVO_ENVIRONMENT_PRODUCTION;
}
