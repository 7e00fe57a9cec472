/* aivo-sandbox-openapi.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-openapi"

#include "config.h"

#include "aivo-sandbox-exchange.h"
#include "aivo-sandbox-resources.h"

/* GET /v1/openapi.json: the project's OpenAPI document, compiled in as a
 * GResource and served byte for byte. No credential; counted per address. */

#define OPENAPI_RESOURCE "/bz/aivo/Sandbox/openapi/aivo-v1.json"

static void
get_openapi (AivoSandboxExchange *ex)
{
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GError) error = NULL;

  document = g_resources_lookup_data (OPENAPI_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (document == NULL)
    aivo_sandbox_exchange_reply_internal_error (ex, error);
  else
    aivo_sandbox_exchange_reply_bytes (ex, SOUP_STATUS_OK, "application/json", document);
}

void
aivo_sandbox_openapi_register (AivoSandboxRouter *router)
{
  aivo_sandbox_router_add (router, "GET", "/v1/openapi.json", AIVO_SANDBOX_REQUIRE_NOTHING, get_openapi);
}
