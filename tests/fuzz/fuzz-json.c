/* fuzz-json.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "aivo-json-check.h"
#include "aivo-key.h"
#include "aivo-response.h"

#include "fuzz-common.h"

#define MAX_DEPTH 64

/* A member's value is a whole value: checking it alone passes too. */
static void
check_member (gsize    value_start,
              gsize    value_end,
              gpointer user_data)
{
  const char *text = user_data;

  FUZZ_CHECK (value_start < value_end);
  FUZZ_CHECK (aivo_json_check (text + value_start, value_end - value_start, MAX_DEPTH, NULL, NULL)
              == AIVO_JSON_CHECK_OK);
}

/* What a hostile server's body does on its way through AivoResponse (and
 * the sandbox's request bodies through the same check):
 *  - whatever aivo_json_check() accepts, json-glib parses;
 *  - aivo_json_foreach_member() points inside the text, at whole values;
 *  - a marked answer's secret is taken out: json-glib's tree never holds it;
 *  - a key object is read (or refused) without a crash or a warning. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  const char *problem = NULL;
  gsize offset = G_MAXSIZE;
  AivoJsonCheck result;

  result = aivo_json_check (text, size, MAX_DEPTH, &offset, &problem);
  FUZZ_CHECK (offset <= size);
  FUZZ_CHECK ((result == AIVO_JSON_CHECK_OK) == (problem == NULL));

  if (result == AIVO_JSON_CHECK_OK && g_utf8_validate (text, size, NULL))
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      FUZZ_CHECK (json_parser_load_from_data (parser, text, size, NULL));
      FUZZ_CHECK (json_parser_get_root (parser) != NULL);

      aivo_json_foreach_member (text, size, "secret", check_member, (gpointer) text);
    }

  if (size > 0 && memchr (data, '\0', size) == NULL)
    {
      g_autoptr(SoupMessage) message = soup_message_new ("POST", "http://127.0.0.1:1/v1/api-keys");
      g_autoptr(GBytes) body = g_bytes_new (data, size);
      g_autoptr(AivoResponse) response = aivo_response_new_from_message (message, body, 0, 1795687200);
      JsonNode *root;
      const char *secret;

      aivo_response_mark_secret (response);
      root = aivo_response_get_json (response, NULL);
      secret = aivo_response_peek_secret (response);

      if (secret != NULL)
        {
          FUZZ_CHECK (root != NULL && JSON_NODE_HOLDS_OBJECT (root));
          FUZZ_CHECK (strspn (secret, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
                      == strlen (secret));
        }

      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
        {
          JsonObject *object = json_node_get_object (root);
          JsonNode *member = json_object_get_member (object, "secret");
          g_autoptr(AivoKey) key = NULL;
          g_autoptr(GError) error = NULL;

          /* json-glib only ever saw the "secret" strings masked. */
          if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
              json_node_get_value_type (member) == G_TYPE_STRING)
            FUZZ_CHECK (strspn (json_node_get_string (member), "*") == strlen (json_node_get_string (member)));

          key = aivo_key_new_from_json (object, &error);
          FUZZ_CHECK ((key == NULL) == (error != NULL));
        }
    }

  return 0;
}
