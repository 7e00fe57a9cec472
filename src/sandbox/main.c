/* main.c
 *
 * Copyright 2026 The AIVO Studio Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "aivo-sandbox"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include <glib-unix.h>

#include "aivo-secure-memory.h"
#include "aivo-sandbox-server.h"

/* aivo-sandbox: the local AIVO API server as a program (API.md, last
 * section). One JSON line on stdout once it listens; logs on stderr; exit 2
 * on bad arguments; SIGINT and SIGTERM stop it cleanly. */

#define EXIT_USAGE 2

static G_GNUC_PRINTF (1, 2) int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line, whatever the message. */
  g_strdelimit (message, "\r\n", ' ');
  g_printerr ("aivo-sandbox: %s\n", message);
  return EXIT_USAGE;
}

/* The numeric options, read strictly: decimal digits only (GOption would
 * take "0x10" and " 5"), and whether --rate-limit was given at all. */
typedef struct
{
  int      port;
  int      rate_limit;
  gboolean rate_limit_given;
  int      window_seconds;
} Numbers;

static gboolean
parse_number (const char  *option_name,
              const char  *value,
              gpointer     user_data,
              GError     **error)
{
  Numbers *numbers = user_data;
  gint64 number;

  if (!g_ascii_string_to_signed (value, 10, G_MININT, G_MAXINT, &number, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s takes a whole number in decimal, not “%s”", option_name, value);
      return FALSE;
    }

  if (g_str_equal (option_name, "--port"))
    numbers->port = (int) number;
  else if (g_str_equal (option_name, "--window-seconds"))
    numbers->window_seconds = (int) number;
  else
    {
      numbers->rate_limit = (int) number;
      numbers->rate_limit_given = TRUE;
    }

  return TRUE;
}

/* Each connection costs a descriptor: take all the system allows. */
static void
raise_file_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static void
announce (AivoSandboxServer *server)
{
  g_autoptr(AivoSecret) line = NULL;

  line = g_strdup_printf ("{\"base_url\": \"%s\", \"account_token\": \"%s\"}\n",
                          aivo_sandbox_server_get_base_url (server),
                          aivo_sandbox_server_peek_account_token (server));
  fputs (line, stdout);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  GOptionGroup *group;
  g_autoptr(AivoSandboxServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *plan_name = NULL;
  AivoSandboxPlan plan = AIVO_SANDBOX_PLAN_PROFESSIONAL;
  Numbers numbers = { .port = 0, .window_seconds = 60 };
  gboolean empty = FALSE;
  const GOptionEntry entries[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, "Address to listen on (default 127.0.0.1)", "ADDRESS" },
    { "port", 0, 0, G_OPTION_ARG_CALLBACK, parse_number,
      "Port to listen on; 0 picks a free one (default 0)", "PORT" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
      "Where the data lives (default $XDG_DATA_HOME/aivo-sandbox)", "DIR" },
    { "plan", 0, 0, G_OPTION_ARG_STRING, &plan_name,
      "professional, starter or enterprise (default professional)", "PLAN" },
    { "rate-limit", 0, 0, G_OPTION_ARG_CALLBACK, parse_number,
      "Requests a minute, 1 to 3000 (enterprise only; default 3000)", "N" },
    { "window-seconds", 0, 0, G_OPTION_ARG_CALLBACK, parse_number,
      "Rate-limit window in seconds, 1 to 60 (default 60)", "SECONDS" },
    { "empty", 0, 0, G_OPTION_ARG_NONE, &empty, "Create a new data directory without demo data", NULL },
    { NULL }
  };
  guint rate_limit;
  guint limit;

  setlocale (LC_ALL, "");
  /* Unbuffered: the line with the token is written straight out, and no
   * stdio buffer keeps a copy. */
  setvbuf (stdout, NULL, _IONBF, 0);
  /* stdout carries exactly one line; every log goes to stderr. */
  g_log_writer_default_set_use_stderr (TRUE);
  signal (SIGPIPE, SIG_IGN);

  context = g_option_context_new ("- the local AIVO API server");
  group = g_option_group_new (NULL, NULL, NULL, &numbers, NULL);
  g_option_group_add_entries (group, entries);
  g_option_context_set_main_group (context, group);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s. See --help.", error->message);

  if (argc > 1)
    return usage_error ("Unexpected argument “%s”. See --help.", argv[1]);

  if (numbers.port < 0 || numbers.port > G_MAXUINT16)
    return usage_error ("--port must be from 0 to 65535, not %d.", numbers.port);

  if (plan_name != NULL && !aivo_sandbox_plan_from_string (plan_name, &plan))
    return usage_error ("Unknown plan “%s”: use professional, starter or enterprise.", plan_name);

  if (numbers.rate_limit_given && (numbers.rate_limit < 1 || numbers.rate_limit > AIVO_SANDBOX_MAX_RATE_LIMIT))
    return usage_error ("--rate-limit must be from 1 to %d, not %d.", AIVO_SANDBOX_MAX_RATE_LIMIT,
                        numbers.rate_limit);

  rate_limit = numbers.rate_limit_given ? (guint) numbers.rate_limit : 0;
  if (!aivo_sandbox_plan_resolve_limit (plan, rate_limit, &limit, &error))
    return usage_error ("%s", error->message);

  if (numbers.window_seconds < 1 || numbers.window_seconds > AIVO_SANDBOX_MAX_WINDOW_SECONDS)
    return usage_error ("--window-seconds must be from 1 to %d, not %d.",
                        AIVO_SANDBOX_MAX_WINDOW_SECONDS, numbers.window_seconds);

  if (data_dir == NULL)
    data_dir = g_build_filename (g_get_user_data_dir (), "aivo-sandbox", NULL);

  /* Before the first line is printed: whoever reads it may signal at once. */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);

  raise_file_limit ();
  server = aivo_sandbox_server_new (data_dir, plan, rate_limit, (guint) numbers.window_seconds, empty);

  if (!aivo_sandbox_server_start (server, host != NULL ? host : "127.0.0.1", (guint) numbers.port, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
        return usage_error ("%s", error->message);

      g_printerr ("aivo-sandbox: %s\n", error->message);
      return EXIT_FAILURE;
    }

  announce (server);
  g_main_loop_run (loop);

  aivo_sandbox_server_stop (server);

  return EXIT_SUCCESS;
}
