/* aivo-sandbox-router.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox-router"

#include "config.h"

#include <string.h>

#include "aivo-sandbox-router.h"

/* The route table. Paths are matched segment by segment against each
 * template: a literal segment must be equal, a "{name}" segment takes any
 * non-empty segment as a parameter. No regular expressions, no allocation. */

struct _AivoSandboxRouter
{
  GObject  parent_instance;

  GArray  *routes;   /* AivoSandboxRoute, templates owned (interned) */
};

G_DEFINE_FINAL_TYPE (AivoSandboxRouter, aivo_sandbox_router, G_TYPE_OBJECT)

static void
aivo_sandbox_router_finalize (GObject *object)
{
  AivoSandboxRouter *self = (AivoSandboxRouter *)object;

  g_clear_pointer (&self->routes, g_array_unref);

  G_OBJECT_CLASS (aivo_sandbox_router_parent_class)->finalize (object);
}

static void
aivo_sandbox_router_class_init (AivoSandboxRouterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aivo_sandbox_router_finalize;
}

static void
aivo_sandbox_router_init (AivoSandboxRouter *self)
{
  self->routes = g_array_new (FALSE, TRUE, sizeof (AivoSandboxRoute));
}

AivoSandboxRouter *
aivo_sandbox_router_new (void)
{
  return g_object_new (AIVO_SANDBOX_TYPE_ROUTER, NULL);
}

/* "/v1/x/{id}/y": starts with '/', no empty segment, parameters are whole
 * segments with a name. */
static gboolean
template_is_valid (const char *path_template)
{
  const char *p = path_template;
  guint n_params = 0;

  if (*p != '/')
    return FALSE;

  while (*p == '/')
    {
      const char *end = p + 1;

      while (*end != '\0' && *end != '/')
        end++;
      if (end == p + 1)
        return FALSE;

      if (p[1] == '{')
        {
          if (end[-1] != '}' || end - p < 4 || memchr (p + 2, '{', end - p - 2) != NULL)
            return FALSE;
          n_params++;
        }
      else if (memchr (p + 1, '{', end - p - 1) != NULL || memchr (p + 1, '}', end - p - 1) != NULL)
        return FALSE;

      p = end;
    }

  return *p == '\0' && n_params <= AIVO_SANDBOX_ROUTE_MAX_PARAMS;
}

/**
 * aivo_sandbox_router_add:
 * @method: an HTTP method in capitals
 * @path_template: e.g. "/v1/contacts/{id}"
 * @requirement: AIVO_SANDBOX_REQUIRE_SCOPE (…), _ACCOUNT_TOKEN or _NOTHING
 * @handler: answers the request
 *
 * Adds a route. Each method and template pair may be added once.
 */
void
aivo_sandbox_router_add (AivoSandboxRouter      *self,
                         const char             *method,
                         const char             *path_template,
                         AivoSandboxRequirement  requirement,
                         AivoSandboxHandler      handler)
{
  AivoSandboxRoute route;

  g_return_if_fail (AIVO_SANDBOX_IS_ROUTER (self));
  g_return_if_fail (method != NULL && *method != '\0');
  g_return_if_fail (path_template != NULL && template_is_valid (path_template));
  g_return_if_fail (handler != NULL);
  g_return_if_fail (requirement.access != AIVO_SANDBOX_ACCESS_SCOPE ||
                    aivo_scopes_count (requirement.scope) == 1);

  for (guint i = 0; i < self->routes->len; i++)
    {
      const AivoSandboxRoute *other = &g_array_index (self->routes, AivoSandboxRoute, i);

      if (g_str_equal (other->method, method) && g_str_equal (other->path_template, path_template))
        {
          g_critical ("The route %s %s is registered twice", method, path_template);
          return;
        }
    }

  route.method = g_intern_string (method);
  route.path_template = g_intern_string (path_template);
  route.requirement = requirement;
  route.handler = handler;
  g_array_append_val (self->routes, route);
}

/**
 * aivo_sandbox_router_get_routes:
 * @n_routes: (out): how many
 *
 * Returns: (array length=n_routes) (transfer none): the table, in the order
 *   the routes were added; valid until the next aivo_sandbox_router_add()
 */
const AivoSandboxRoute *
aivo_sandbox_router_get_routes (AivoSandboxRouter *self,
                                guint             *n_routes)
{
  g_return_val_if_fail (AIVO_SANDBOX_IS_ROUTER (self), NULL);
  g_return_val_if_fail (n_routes != NULL, NULL);

  *n_routes = self->routes->len;
  return (const AivoSandboxRoute *) self->routes->data;
}

/* Matches @path against @path_template; on success fills the parameters of
 * @match and returns how many there are (+1, so 0 means no match). */
static guint
match_template (const char            *path_template,
                const char            *path,
                AivoSandboxRouteMatch *match)
{
  const char *t = path_template;
  const char *p = path;
  guint n_params = 0;

  while (*t == '/' && *p == '/')
    {
      const char *t_end = t + 1;
      const char *p_end = p + 1;

      while (*t_end != '\0' && *t_end != '/')
        t_end++;
      while (*p_end != '\0' && *p_end != '/')
        p_end++;

      if (t[1] == '{')
        {
          if (p_end == p + 1)
            return 0;
          match->param_names[n_params] = t + 2;
          match->param_name_lengths[n_params] = t_end - t - 3;
          match->param_values[n_params] = p + 1;
          match->param_value_lengths[n_params] = p_end - p - 1;
          n_params++;
        }
      else if (t_end - t != p_end - p || memcmp (t, p, t_end - t) != 0)
        return 0;

      t = t_end;
      p = p_end;
    }

  if (*t != '\0' || *p != '\0')
    return 0;

  return n_params + 1;
}

static void
append_allow (AivoSandboxRouteMatch *match,
              const char            *method)
{
  gsize used = strlen (match->allow);

  /* The same method may come from two templates that both match. */
  for (const char *p = match->allow; (p = strstr (p, method)) != NULL; p += strlen (method))
    if ((p == match->allow || p[-1] == ' ') && (p[strlen (method)] == ',' || p[strlen (method)] == '\0'))
      return;

  g_snprintf (match->allow + used, sizeof match->allow - used, "%s%s", used > 0 ? ", " : "", method);
}

/**
 * aivo_sandbox_router_match:
 * @path: the request path (starting with '/')
 * @match: (out caller-allocates): the result
 *
 * Finds the route for @method and @path. A template with fewer parameters
 * wins over one with more, so "/v1/x/export" can sit beside "/v1/x/{id}".
 */
void
aivo_sandbox_router_match (AivoSandboxRouter     *self,
                           const char            *method,
                           const char            *path,
                           AivoSandboxRouteMatch *match)
{
  AivoSandboxRouteMatch scratch;
  guint best = 0;
  gboolean any_path = FALSE;
  gboolean all_public = TRUE;

  g_return_if_fail (AIVO_SANDBOX_IS_ROUTER (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (match != NULL);

  memset (match, 0, sizeof *match);

  for (guint i = 0; i < self->routes->len; i++)
    {
      const AivoSandboxRoute *route = &g_array_index (self->routes, AivoSandboxRoute, i);
      guint score = match_template (route->path_template, path, &scratch);

      if (score == 0)
        continue;

      any_path = TRUE;
      if (route->requirement.access != AIVO_SANDBOX_ACCESS_PUBLIC)
        all_public = FALSE;

      if (g_str_equal (route->method, method))
        {
          if (best == 0 || score < best)
            {
              best = score;
              match->route = route;
              match->n_params = score - 1;
              memcpy (match->param_names, scratch.param_names, sizeof scratch.param_names);
              memcpy (match->param_name_lengths, scratch.param_name_lengths, sizeof scratch.param_name_lengths);
              memcpy (match->param_values, scratch.param_values, sizeof scratch.param_values);
              memcpy (match->param_value_lengths, scratch.param_value_lengths, sizeof scratch.param_value_lengths);
            }
        }
      else
        append_allow (match, route->method);
    }

  match->public_path = any_path && all_public;

  if (match->route != NULL)
    {
      match->result = AIVO_SANDBOX_ROUTE_FOUND;
      match->allow[0] = '\0';
    }
  else if (any_path)
    match->result = AIVO_SANDBOX_ROUTE_NO_METHOD;
  else
    match->result = AIVO_SANDBOX_ROUTE_NO_PATH;
}
