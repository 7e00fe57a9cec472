/* aivo-sandbox-demo-data.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-demo-data"

#include "config.h"

#include "aivo-sandbox-resources.h"

/* Realistic records for a new data directory (not with --empty). Runs once,
 * inside the transaction that created the account and its owner (mem_0001).
 * Each resource adds its own filler call below. */

static gboolean
fill_team (AivoSandboxDatabase  *db,
           gint64                now,
           GError              **error)
{
  g_autofree char *admin = NULL;
  g_autofree char *developer = NULL;

  admin = aivo_sandbox_team_member_insert (db, "Marcus Chen", "marcus@brightsmile.example", "admin", now, error);
  if (admin == NULL)
    return FALSE;

  developer = aivo_sandbox_team_member_insert (db, "Priya Raman", "priya@brightsmile.example", "developer", now, error);
  return developer != NULL;
}

gboolean
aivo_sandbox_demo_data_fill (AivoSandboxDatabase  *db,
                             gint64                now,
                             GError              **error)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_DATABASE (db), FALSE);

  /* mem_0002 and mem_0003. */
  if (!fill_team (db, now, error))
    return FALSE;

  /* Phase 2: calls with transcripts, contacts, articles, appointments… */

  return TRUE;
}
