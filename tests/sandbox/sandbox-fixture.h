/* sandbox-fixture.h
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Runs the real `aivo-sandbox` program (its path in $AIVO_SANDBOX_PROGRAM)
 * on port 0 with a temporary data directory, and talks to it over HTTP.
 * Every helper asserts on what it needs, so tests stay short. */

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *json;     /* the parsed body, or NULL */
} SandboxResponse;

typedef struct
{
  char        *program;
  char        *tmp_dir;         /* holds data/ and stderr.log; removed at the end */
  char        *data_dir;
  char        *stderr_path;
  GStrv        extra_args;
  GSubprocess *process;
  char        *base_url;
  guint        port;
  char        *account_token;
  SoupSession *session;
  guint        max_open_files;  /* for the next start: the program's RLIMIT_NOFILE; 0 leaves it */
  gboolean     debug_log;       /* for the next start: G_MESSAGES_DEBUG=all for the program only */
} SandboxFixture;

SandboxFixture  *sandbox_fixture_new            (const char        *first_arg,
                                                 ...);
void             sandbox_fixture_free           (SandboxFixture    *fx);
void             sandbox_fixture_start          (SandboxFixture    *fx);
int              sandbox_fixture_stop           (SandboxFixture    *fx);
void             sandbox_fixture_kill           (SandboxFixture    *fx);
void             sandbox_fixture_restart        (SandboxFixture    *fx);

SandboxResponse *sandbox_fixture_request        (SandboxFixture    *fx,
                                                 const char        *method,
                                                 const char        *path,
                                                 const char        *credential,
                                                 const char        *json_body);
SandboxResponse *sandbox_fixture_request_full   (SandboxFixture    *fx,
                                                 const char        *method,
                                                 const char        *path,
                                                 const char        *credential,
                                                 const char        *content_type,
                                                 GBytes            *body);
char            *sandbox_fixture_create_key     (SandboxFixture    *fx,
                                                 const char        *scopes_json,
                                                 char             **id);
GBytes          *sandbox_fixture_raw_exchange   (SandboxFixture    *fx,
                                                 const void        *data,
                                                 gsize              length);
SandboxResponse *sandbox_fixture_raw_request    (SandboxFixture    *fx,
                                                 const char        *request);
char            *sandbox_fixture_read_stderr    (SandboxFixture    *fx);
void             sandbox_fixture_wait_for_window (SandboxFixture   *fx,
                                                  guint             min_seconds_left);

JsonObject      *sandbox_response_object        (SandboxResponse   *response);
const char      *sandbox_response_error_code    (SandboxResponse   *response);
const char      *sandbox_response_error_param   (SandboxResponse   *response);
const char      *sandbox_response_header        (SandboxResponse   *response,
                                                 const char        *name);
gint64           sandbox_response_header_int    (SandboxResponse   *response,
                                                 const char        *name);
void             sandbox_response_free          (SandboxResponse   *response);

#define sandbox_assert_status(response, expected) \
  sandbox_assert_status_at (__FILE__, __LINE__, (response), (expected))
void             sandbox_assert_status_at       (const char        *file,
                                                 int                line,
                                                 SandboxResponse   *response,
                                                 guint              expected);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SandboxFixture, sandbox_fixture_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SandboxResponse, sandbox_response_free)

G_END_DECLS
