/* aivo-sandbox-json.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-json"

#include "config.h"

#include "aivo-sandbox-json.h"
#include "aivo-json-check.h"

/**
 * aivo_sandbox_json_parse_strict:
 *
 * Parses @data as one RFC 8259 JSON text in UTF-8.
 *
 * Returns: (transfer full): the root node, or %NULL with @error set to a
 *   sentence saying what is wrong
 */
JsonNode *
aivo_sandbox_json_parse_strict (const char  *data,
                                gsize        length,
                                GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  const char *utf8_end;
  const char *problem;
  gsize offset;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!g_utf8_validate (data, length, &utf8_end))
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "The body is not valid JSON: it is not UTF-8 text.");
      return NULL;
    }

  /* Checked against RFC 8259 first: json-glib alone accepts more (and
   * recurses once per level of nesting). */
  if (aivo_json_check (data, length, AIVO_SANDBOX_JSON_MAX_DEPTH, &offset, &problem) != AIVO_JSON_CHECK_OK)
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   "The body is not valid JSON: %s (at byte %" G_GSIZE_FORMAT "). Send a JSON object.",
                   problem, offset);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, error))
    {
      g_prefix_error (error, "The body is not valid JSON: ");
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}
