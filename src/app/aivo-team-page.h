/* aivo-team-page.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "aivo-connection-manager.h"
#include "aivo-reminder-service.h"

G_BEGIN_DECLS

#define AIVO_TYPE_TEAM_PAGE (aivo_team_page_get_type ())

G_DECLARE_FINAL_TYPE (AivoTeamPage, aivo_team_page, AIVO, TEAM_PAGE, GtkWidget)

void                   aivo_team_page_set_connection_manager (AivoTeamPage          *self,
                                                              AivoConnectionManager *manager);
AivoConnectionManager *aivo_team_page_get_connection_manager (AivoTeamPage          *self);
void                   aivo_team_page_set_reminder_service   (AivoTeamPage          *self,
                                                              AivoReminderService   *service);
AivoReminderService   *aivo_team_page_get_reminder_service   (AivoTeamPage          *self);
void                   aivo_team_page_reload                 (AivoTeamPage          *self);
const char            *aivo_team_page_get_state              (AivoTeamPage          *self);
guint                  aivo_team_page_get_n_members          (AivoTeamPage          *self);
guint                  aivo_team_page_get_n_flagged          (AivoTeamPage          *self);

G_END_DECLS
