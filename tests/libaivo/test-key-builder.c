/* test-key-builder.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "test-key-builder.h"

/* An AivoKey as the server would send it, through the same parser. */
AivoKey *
test_key_new (const char *id,
              const char *name,
              const char *environment,
              const char *created_at,
              gboolean    rotation_required,
              const char *expires_at)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hint = NULL;
  AivoKey *key;

  /* The hint carries the id's 8 characters after "key_". */
  hint = g_strdup_printf ("aivo_%s_%s_\u20269Qz1",
                          g_str_equal (environment, "production") ? "live" : "test",
                          id + strlen ("key_"));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "environment");
  json_builder_add_string_value (builder, environment);
  json_builder_set_member_name (builder, "scopes");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "calls:read");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "hint");
  json_builder_add_string_value (builder, hint);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, created_at);
  json_builder_set_member_name (builder, "created_by");
  json_builder_add_string_value (builder, "mem_0001");
  json_builder_set_member_name (builder, "shared_with");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "last_used_at");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "expires_at");
  if (expires_at != NULL)
    json_builder_add_string_value (builder, expires_at);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "rotated_from");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "rotation_required");
  if (rotation_required)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, "member_departed");
      json_builder_set_member_name (builder, "member_id");
      json_builder_add_string_value (builder, "mem_0002");
      json_builder_set_member_name (builder, "since");
      json_builder_add_string_value (builder, "2027-01-09T08:00:00Z");
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  key = aivo_key_new_from_json (json_node_get_object (root), &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);

  return key;
}

