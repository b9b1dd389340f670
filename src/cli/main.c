/* main.c: gofer, the command line: options, interrupts, and the commands
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <locale.h>
#ifdef __linux__
# include <sys/prctl.h>
#endif
#ifdef G_OS_UNIX
# include <glib-unix.h>
#endif
#ifdef G_OS_WIN32
# include <windows.h>
#endif

#include "gofer-cli.h"

/* Installed programs find their catalogs relative to themselves on
 * Windows, where the build-time prefix means nothing. */
static void
bind_translations (void)
{
#ifdef G_OS_WIN32
  g_autofree char *top = g_win32_get_package_installation_directory_of_module (NULL);
  g_autofree char *localedir = g_build_filename (top, "share", "locale", NULL);

  bindtextdomain (GETTEXT_PACKAGE, localedir);
#else
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
#endif
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* The first Ctrl+C tells the peer and closes the mailbox cleanly; the
 * second quits at once. */
static void
interrupt (GoferCli *cli)
{
  if (g_cancellable_is_cancelled (cli->cancellable))
    gofer_cli_quit (cli, GOFER_EXIT_INTERRUPTED);
  else
    g_cancellable_cancel (cli->cancellable);
}

/* Both point at the GoferCli of main(): removed before it goes. */
#ifdef G_OS_UNIX
static guint sigint_id;
static guint sigterm_id;

/* The sources stay until unwatch_interrupts(), which removes them by id:
 * one that removed itself would leave a stale id behind. */
static gboolean
interrupted_cb (gpointer user_data)
{
  interrupt (user_data);
  return G_SOURCE_CONTINUE;
}

static void
watch_interrupts (GoferCli *cli)
{
  sigint_id = g_unix_signal_add (SIGINT, interrupted_cb, cli);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupted_cb, cli);
}

static void
unwatch_interrupts (void)
{
  g_clear_handle_id (&sigint_id, g_source_remove);
  g_clear_handle_id (&sigterm_id, g_source_remove);
}
#endif

#ifdef G_OS_WIN32
/* Windows runs console handlers on a thread of its own: the handler only
 * queues the interrupt for the main loop's thread, at the priority the
 * Unix signal sources have (an idle one could starve behind a transfer). */
static GoferCli *console_cli;

static gboolean
console_interrupted_cb (gpointer user_data)
{
  interrupt (user_data);
  return G_SOURCE_REMOVE;
}

/* Closing the console window, logging off and shutting down keep the
 * default: Windows ends the process once a handler returns, too soon for
 * a clean close. */
static BOOL WINAPI
console_ctrl_cb (DWORD event)
{
  if (event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT)
    return FALSE;

  g_idle_add_full (G_PRIORITY_DEFAULT, console_interrupted_cb, console_cli, NULL);
  return TRUE;
}

static void
watch_interrupts (GoferCli *cli)
{
  console_cli = cli;
  SetConsoleCtrlHandler (console_ctrl_cb, TRUE);
}

static void
unwatch_interrupts (void)
{
  SetConsoleCtrlHandler (console_ctrl_cb, FALSE);
}
#endif

static const char description[] =
  N_("Commands:\n"
     "  send [PATH…]       send files or folders, or --text TEXT\n"
     "  receive [CODE]     receive what the sender offers; the code may also be typed\n"
     "                     at the prompt or given on standard input\n"
     "  chat [CODE]        a conversation with another Gofer: each line is a message,\n"
     "                     /send PATH sends a file or folder, /quit leaves; what\n"
     "                     the other side sends is saved in --download-folder\n"
     "  pair [CODE]        pair with another computer once, with a code; --name NAME\n"
     "                     names it (default: its user and host name)\n"
     "  devices            list the paired computers; devices forget NAME forgets one\n"
     "  send --to NAME …   send to a paired computer, with no code; it runs\n"
     "                     receive --from NAME\n"
     "  chat --with NAME   a conversation with a paired computer, with no code\n"
     "\n"
     "Exit status:\n"
     "  0    success\n"
     "  1    the transfer failed\n"
     "  2    the command line or the code was not usable\n"
     "  3    the other side used a different code (key confirmation failed)\n"
     "  4    the relay server could not be reached, refused, or the code was in use\n"
     "  5    the other side declined or stopped the transfer\n"
     "  130  interrupted\n");

static gboolean
is_command (const char *word)
{
  static const char * const commands[] = { "send", "tx", "receive", "rx", "recv", "chat", "pair",
                                           "devices", NULL };

  return g_strv_contains (commands, word);
}

/* GOption prints the general help for "--help" and exits 0, whatever else
 * the line says: "gofer sned --help" would look like it worked. The first
 * word that is no option, nor an option's value, must be a command. */
static const char *
unknown_command_with_help (int    argc,
                           char **argv)
{
  static const char * const with_value[] = {
    "--relay-url", "--transit-helper", "--app-id", "--code", "-c", "--code-length", "--text",
    "--output-file", "-o", "--download-folder", "--auto-send", "--transit-timeout", "--name", "--to", "--from", "--with",
    NULL
  };
  const char *command = NULL;
  gboolean help = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        break;
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h") ||
          g_str_equal (argv[i], "-?") || g_str_has_prefix (argv[i], "--help-"))
        help = TRUE;
      else if (g_strv_contains (with_value, argv[i]))
        i++;
      else if (argv[i][0] != '-' && command == NULL)
        command = argv[i];
    }
  return help && command != NULL && !is_command (command) ? command : NULL;
}

static gboolean
parse_options (GoferCli   *cli,
               int        *argc,
               char     ***argv)
{
  const GOptionEntry entries[] = {
    { "relay-url", 0, 0, G_OPTION_ARG_STRING, &cli->relay_url,
      N_("Mailbox server (default " GOFER_DEFAULT_RELAY_URL ")"), N_("URL") },
    { "local", 0, 0, G_OPTION_ARG_NONE, &cli->local,
      N_("Stay on the local network: serve the mailbox on this computer (send) or look only here (receive)"), NULL },
    { "transit-helper", 0, 0, G_OPTION_ARG_STRING, &cli->transit_helper,
      N_("Transit relay (default " GOFER_DEFAULT_TRANSIT_HELPER ")"), N_("tcp:HOST:PORT") },
    { "app-id", 0, 0, G_OPTION_ARG_STRING, &cli->app_id,
      N_("Application namespace (default " GOFER_APPID_FILE_TRANSFER ")"), N_("ID") },
    { "code", 'c', 0, G_OPTION_ARG_STRING, &cli->code,
      N_("Use this code instead of asking the server for one (“-” reads it from standard input)"),
      N_("CODE") },
    { "code-length", 0, 0, G_OPTION_ARG_INT, &cli->code_length,
      N_("Number of words in a new code (default 2)"), N_("N") },
    { "text", 0, 0, G_OPTION_ARG_STRING, &cli->text,
      N_("Send a text message (“-” reads it from standard input)"), N_("TEXT") },
    { "accept-file", 0, 0, G_OPTION_ARG_NONE, &cli->accept_file,
      N_("Accept a file or folder without asking (receive, and every offer in chat)"), NULL },
    { "unpack", 0, 0, G_OPTION_ARG_NONE, &cli->unpack,
      N_("receive: unpack a NAME.zip or NAME.tar that Warp or wormhole-rs sent for a folder, "
         "without asking"), NULL },
    { "output-file", 'o', 0, G_OPTION_ARG_FILENAME, &cli->output_file,
      N_("Where to save what is received"), N_("PATH") },
    { "no-listen", 0, 0, G_OPTION_ARG_NONE, &cli->no_listen,
      N_("Do not accept direct connections; use the transit relay only"), NULL },
    { "hide-progress", 0, 0, G_OPTION_ARG_NONE, &cli->hide_progress,
      N_("Do not show a progress line"), NULL },
    { "download-folder", 0, 0, G_OPTION_ARG_FILENAME, &cli->download_folder,
      N_("chat, receive --from: where received files go (default: the current folder)"), N_("DIR") },
    { "auto-send", 0, 0, G_OPTION_ARG_FILENAME, &cli->auto_send,
      N_("chat: send every file that appears in this folder"), N_("DIR") },
    { "transit-timeout", 0, 0, G_OPTION_ARG_INT, &cli->transit_timeout,
      N_("Stop a transfer when no data moved for this many seconds (default 30, 0 waits forever)"),
      N_("SECONDS") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &cli->name,
      N_("pair: the name to give the other computer (default: its user and host name)"),
      N_("NAME") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &cli->to,
      N_("send: to this paired computer, with no code"), N_("NAME") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &cli->from,
      N_("receive: from this paired computer, with no code, into --download-folder"),
      N_("NAME") },
    { "with", 0, 0, G_OPTION_ARG_STRING, &cli->with,
      N_("chat: with this paired computer, with no code"), N_("NAME") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &cli->paths, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("send|receive [ARGUMENTS…]"));
  g_autoptr(GError) error = NULL;
  const char *unknown;

  g_option_context_set_summary (context, _("Send files, folders and text to another computer "
                                           "through a Magic Wormhole."));
  g_option_context_set_description (context, _(description));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((unknown = unknown_command_with_help (*argc, *argv)) != NULL)
    {
      g_printerr ("gofer: ");
      /* Translators: %s is what the person typed instead of a command */
      g_printerr (_("“%s” is not a command. Use “gofer send”, “gofer receive” or “gofer chat”; "
                    "“gofer --help” lists them."), unknown);
      g_printerr ("\n");
      return FALSE;
    }
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("gofer: %s\n", error->message);
      return FALSE;
    }
  /* One word is a 1-in-256 guess; Rust clients refuse such codes too. */
  if (cli->code_length < 2 || cli->code_length > 8)
    {
      g_printerr ("gofer: %s\n", _("--code-length must be between 2 and 8: a one-word code is too easy to guess."));
      return FALSE;
    }
  if (cli->transit_timeout < 0)
    {
      g_printerr ("gofer: %s\n", _("--transit-timeout cannot be negative."));
      return FALSE;
    }
  return TRUE;
}

/* The code, and the keys derived from it, live in this process: no core
 * file may hold them, and other processes of the same user may not read
 * its memory (ptrace, /proc/PID/mem) either. */
static void
forbid_core_dumps (void)
{
#ifdef __linux__
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    g_debug ("the process could not be made non-dumpable: %s", g_strerror (errno));
  else if (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0) == 0)
    g_debug ("core dumps are off for this process");
#endif
}

static void
gofer_cli_clear (GoferCli *cli)
{
  g_clear_object (&cli->wormhole);
  g_clear_object (&cli->cancellable);
  g_clear_pointer (&cli->loop, g_main_loop_unref);
  g_free (cli->relay_url);
  g_free (cli->transit_helper);
  g_free (cli->app_id);
  g_clear_pointer (&cli->code, gofer_cli_secret_free);
  g_free (cli->text);
  g_free (cli->output_file);
  g_free (cli->download_folder);
  g_free (cli->auto_send);
  g_free (cli->name);
  g_free (cli->to);
  g_free (cli->from);
  g_free (cli->with);
  g_strfreev (cli->paths);
}

static int
run_command (GoferCli *cli)
{
  const char *command = cli->paths != NULL ? cli->paths[0] : NULL;
  guint n_args = cli->paths != NULL ? g_strv_length (cli->paths) - 1 : 0;

  if ((g_strcmp0 (command, "send") == 0 || g_strcmp0 (command, "tx") == 0) && cli->to != NULL)
    return gofer_cli_meet (cli, cli->to, TRUE);
  if (g_strcmp0 (command, "send") == 0 || g_strcmp0 (command, "tx") == 0)
    return gofer_cli_send (cli);
  if (g_strcmp0 (command, "receive") == 0 || g_strcmp0 (command, "rx") == 0 ||
      g_strcmp0 (command, "recv") == 0)
    {
      if (n_args > 1)
        {
          g_printerr ("gofer: %s\n", _("receive takes at most one code."));
          return GOFER_EXIT_USAGE;
        }
      if (cli->from != NULL)
        return gofer_cli_meet (cli, cli->from, FALSE);
      return gofer_cli_receive (cli, n_args == 1 ? cli->paths[1] : cli->code);
    }

  if (g_strcmp0 (command, "chat") == 0)
    {
      if (n_args > 1)
        {
          g_printerr ("gofer: %s\n", _("chat takes at most one code."));
          return GOFER_EXIT_USAGE;
        }
      return gofer_cli_chat (cli, n_args == 1 ? cli->paths[1] : cli->code);
    }

  if (g_strcmp0 (command, "pair") == 0)
    {
      if (n_args > 1)
        {
          g_printerr ("gofer: %s\n", _("pair takes at most one code."));
          return GOFER_EXIT_USAGE;
        }
      return gofer_cli_pair (cli, n_args == 1 ? cli->paths[1] : cli->code);
    }
  if (g_strcmp0 (command, "devices") == 0)
    return gofer_cli_devices (cli, cli->paths + 1);

  g_printerr ("gofer: %s\n", _("Say what to do: “gofer send”, “gofer receive” or “gofer chat”. "
                               "See “gofer --help”."));
  return GOFER_EXIT_USAGE;
}

int
main (int   argc,
      char *argv[])
{
  GoferCli cli = { 0 };
  int status;

  forbid_core_dumps ();
  setlocale (LC_ALL, "");
  bind_translations ();

  if (!gofer_init ())
    {
      g_printerr ("gofer: %s\n", _("The cryptography library could not start."));
      return GOFER_EXIT_FAILED;
    }

  cli.code_length = 2;
  cli.transit_timeout = GOFER_TRANSFER_DEFAULT_IDLE_TIMEOUT;
  if (!parse_options (&cli, &argc, &argv))
    {
      gofer_cli_clear (&cli);
      return GOFER_EXIT_USAGE;
    }
  cli.relay_url_given = cli.relay_url != NULL;
  if (cli.relay_url == NULL)
    cli.relay_url = g_strdup (GOFER_DEFAULT_RELAY_URL);
  if (cli.transit_helper == NULL)
    cli.transit_helper = g_strdup (GOFER_DEFAULT_TRANSIT_HELPER);
  if (cli.app_id == NULL)
    cli.app_id = g_strdup (GOFER_APPID_FILE_TRANSFER);

  cli.loop = g_main_loop_new (NULL, FALSE);
  cli.cancellable = g_cancellable_new ();
  watch_interrupts (&cli);

  status = run_command (&cli);
  unwatch_interrupts ();
  gofer_cli_clear (&cli);
  return status;
}
