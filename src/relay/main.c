/* main.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* gofer-relay: a Magic Wormhole mailbox server and transit relay in one
 * process: the transit relay and the mailbox state on the main loop, the
 * mailbox connections on connection threads. See gofer-relay(1) and
 * docs/relay.md.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#ifdef __GLIBC__
# include <malloc.h>
#endif

#ifdef G_OS_UNIX
# include <glib-unix.h>
# include <unistd.h>
# include <signal.h>
# include <sys/resource.h>
#endif

#ifdef GOFER_RELAY_HAVE_REDIS
# include "gofer-relay-backend-redis.h"
#endif
#include "gofer-hashcash.h"
#include "gofer-relay-forwarder.h"
#include "gofer-relay-limits.h"
#include "gofer-relay-mailbox-server.h"
#include "gofer-relay-store.h"
#include "gofer-relay-transit.h"
#include "gofer-relay-transit-ws.h"
#include "gofer-relay-usage.h"

/* A limit not given on the command line keeps its default. */
#define LIMIT_UNSET G_MININT64

typedef struct
{
  char     *listen;
  char     *mailbox_listen;
  char     *transit_listen;
  int       mailbox_port;
  int       transit_port;
  int       transit_ws_port;
  gboolean  no_mailbox;
  gboolean  no_transit;
  char     *db;
  char     *redis;
  char     *usage_log;
  int       blur_usage;
  char     *motd;
  char     *signal_error;
  char     *advertise_version;
  gboolean  disallow_list;
  int       require_hashcash;
  gboolean  behind_proxy;
  int       channel_expiry;
  int       expiry_check_interval;
  int       threads;
  gint64    limits[GOFER_RELAY_N_LIMITS];
  gboolean  no_splice;
  gboolean  verbose;
  gboolean  version;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->listen);
  g_free (options->mailbox_listen);
  g_free (options->transit_listen);
  g_free (options->db);
  g_free (options->redis);
  g_free (options->usage_log);
  g_free (options->motd);
  g_free (options->signal_error);
  g_free (options->advertise_version);
}

static GOptionContext *
options_context (Options *o)
{
  const GOptionEntry entries[] = {
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &o->listen,
      N_("Listen on this IP address only (default: every interface)"), N_("ADDRESS") },
    { "mailbox-listen", 0, 0, G_OPTION_ARG_STRING, &o->mailbox_listen,
      N_("Like --listen, for the mailbox server only (e.g. 127.0.0.1 behind a reverse proxy)"), N_("ADDRESS") },
    { "transit-listen", 0, 0, G_OPTION_ARG_STRING, &o->transit_listen,
      N_("Like --listen, for the transit relay only"), N_("ADDRESS") },
    { "mailbox-port", 'p', 0, G_OPTION_ARG_INT, &o->mailbox_port,
      N_("TCP port of the mailbox server, WebSocket path /v1 (default: 4000; 0: any free port)"), N_("PORT") },
    { "transit-port", 't', 0, G_OPTION_ARG_INT, &o->transit_port,
      N_("TCP port of the transit relay (default: 4001; 0: any free port)"), N_("PORT") },
    { "transit-ws-port", 0, 0, G_OPTION_ARG_INT, &o->transit_ws_port,
      N_("Also serve the transit relay as a WebSocket on this port, for browser clients "
         "(default: off; 0: any free port)"), N_("PORT") },
    { "no-mailbox", 0, 0, G_OPTION_ARG_NONE, &o->no_mailbox,
      N_("Run only the transit relay"), NULL },
    { "no-transit", 0, 0, G_OPTION_ARG_NONE, &o->no_transit,
      N_("Run only the mailbox server"), NULL },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &o->db,
      N_("SQLite file keeping nameplates, mailboxes and messages across restarts; :memory: keeps nothing "
         "(default: $STATE_DIRECTORY/relay.sqlite, else ~/.local/state/gofer-relay/relay.sqlite)"), N_("PATH") },
#ifdef GOFER_RELAY_HAVE_REDIS
    { "redis", 0, 0, G_OPTION_ARG_STRING, &o->redis,
      N_("Keep the mailbox state in Redis at HOST:PORT or /PATH instead of --db, shared by every "
         "gofer-relay pointed at it"), N_("ADDRESS") },
#endif
    { "usage-log", 0, 0, G_OPTION_ARG_FILENAME, &o->usage_log,
      N_("Append one JSON line per finished channel and transit pair (durations, sizes, outcomes; never codes or contents)"), N_("PATH") },
    { "blur-usage", 0, 0, G_OPTION_ARG_INT, &o->blur_usage,
      N_("Round times in the usage log down to this many seconds, and sizes up"), N_("SECONDS") },
    { "motd", 0, 0, G_OPTION_ARG_STRING, &o->motd,
      N_("A message of the day every client prints"), N_("TEXT") },
    { "signal-error", 0, 0, G_OPTION_ARG_STRING, &o->signal_error,
      N_("Make every client print this and stop (e.g. when the server is retired)"), N_("TEXT") },
    { "advertise-version", 0, 0, G_OPTION_ARG_STRING, &o->advertise_version,
      N_("Tell clients the current wormhole CLI version"), N_("VERSION") },
    { "disallow-list", 0, 0, G_OPTION_ARG_NONE, &o->disallow_list,
      N_("Answer every list request with an empty list"), NULL },
    { "require-hashcash", 0, 0, G_OPTION_ARG_INT, &o->require_hashcash,
      N_("Ask each mailbox client for a proof of work (a hashcash stamp of this many bits, e.g. 20) "
         "before it may bind; the Debian Python client and wormhole-william cannot give one "
         "(default: 0, none)"), N_("BITS") },
    { "behind-proxy", 0, 0, G_OPTION_ARG_NONE, &o->behind_proxy,
      N_("Take mailbox (and WebSocket transit) client addresses from X-Forwarded-For (only behind a reverse proxy)"), NULL },
    { "channel-expiry", 0, 0, G_OPTION_ARG_INT, &o->channel_expiry,
      N_("Delete mailboxes and nameplates untouched for this long (default: 660)"), N_("SECONDS") },
    { "expiry-check-interval", 0, 0, G_OPTION_ARG_INT, &o->expiry_check_interval,
      N_("How often to look for expired channels (default: 300)"), N_("SECONDS") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &o->threads,
      N_("Mailbox connection threads (default: 0, one per processor and another for every 1000 connections)"), N_("N") },
    { "max-connections-per-address", 0, 0, G_OPTION_ARG_INT64,
      &o->limits[GOFER_RELAY_LIMIT_CONNECTIONS_PER_ADDRESS],
      N_("Open connections (mailbox and transit together) one IP address may hold (default: 100; 0: no limit)"), N_("N") },
    { "max-message-size", 0, 0, G_OPTION_ARG_INT64, &o->limits[GOFER_RELAY_LIMIT_MESSAGE_SIZE],
      N_("Largest mailbox message accepted (default: 1048576; 0: no limit)"), N_("BYTES") },
    { "max-mailboxes-per-address", 0, 0, G_OPTION_ARG_INT64,
      &o->limits[GOFER_RELAY_LIMIT_MAILBOXES_PER_ADDRESS],
      N_("Live mailboxes the connections of one IP address may create (default: 100; 0: no limit)"), N_("N") },
    { "max-messages-per-mailbox", 0, 0, G_OPTION_ARG_INT64,
      &o->limits[GOFER_RELAY_LIMIT_MESSAGES_PER_MAILBOX],
      N_("Messages one mailbox may hold (default: 100000; 0: no limit)"), N_("N") },
    { "max-mailbox-bytes", 0, 0, G_OPTION_ARG_INT64, &o->limits[GOFER_RELAY_LIMIT_MAILBOX_BYTES],
      N_("Bytes of message bodies one mailbox may hold (default: 8388608; 0: no limit)"), N_("BYTES") },
    { "max-unsent-per-connection", 0, 0, G_OPTION_ARG_INT64,
      &o->limits[GOFER_RELAY_LIMIT_UNSENT_PER_CONNECTION],
      N_("Close a mailbox connection that leaves more than this unread (default: 16777216; 0: no limit)"), N_("BYTES") },
    { "max-unsent-total", 0, 0, G_OPTION_ARG_INT64, &o->limits[GOFER_RELAY_LIMIT_UNSENT_TOTAL],
      N_("Bytes all mailbox connections together may leave unread; the connection that goes past it "
         "is closed (default: 67108864; 0: no limit)"), N_("BYTES") },
    { "max-nameplates-listed", 0, 0, G_OPTION_ARG_INT64, &o->limits[GOFER_RELAY_LIMIT_NAMEPLATES_LISTED],
      N_("Nameplates a \"list\" answer names at most (default: 100)"), N_("N") },
    { "max-connections", 0, 0, G_OPTION_ARG_INT64, &o->limits[GOFER_RELAY_LIMIT_CONNECTIONS],
      N_("Open connections (mailbox and transit together) of all addresses together (default: 1000; 0: no limit)"), N_("N") },
    { "max-mailboxes", 0, 0, G_OPTION_ARG_INT64, &o->limits[GOFER_RELAY_LIMIT_MAILBOXES],
      N_("Live mailboxes clients may create, all addresses together (default: 10000; 0: no limit)"), N_("N") },
    { "max-stored-bytes-per-address", 0, 0, G_OPTION_ARG_INT64,
      &o->limits[GOFER_RELAY_LIMIT_STORED_BYTES_PER_ADDRESS],
      N_("Bytes of message bodies the connections of one IP address may have stored in live mailboxes (default: 16777216; 0: no limit)"), N_("BYTES") },
    { "max-stored-bytes", 0, 0, G_OPTION_ARG_INT64, &o->limits[GOFER_RELAY_LIMIT_STORED_BYTES],
      N_("Bytes of message bodies stored in live mailboxes, all addresses together (default: 67108864; 0: no limit)"), N_("BYTES") },
    { "max-incoming-total", 0, 0, G_OPTION_ARG_INT64, &o->limits[GOFER_RELAY_LIMIT_INCOMING_TOTAL],
      N_("Bytes of mailbox messages still arriving that all connections together may hold; past it "
         "the connection holding most is closed (default: 67108864; 0: no limit)"), N_("BYTES") },
    { "ipv6-prefix", 0, 0, G_OPTION_ARG_INT64, &o->limits[GOFER_RELAY_LIMIT_IPV6_PREFIX],
      N_("IPv6 addresses count against the per-address limits by their first BITS bits (default: 64; 0 or 128: each address alone)"), N_("BITS") },
    { "transit-max-wait", 0, 0, G_OPTION_ARG_INT64, &o->limits[GOFER_RELAY_LIMIT_TRANSIT_MAX_WAIT],
      N_("Close a transit connection whose partner has not come after this long (default: 1800; 0: wait forever)"), N_("SECONDS") },
    { "transit-idle-timeout", 0, 0, G_OPTION_ARG_INT64, &o->limits[GOFER_RELAY_LIMIT_TRANSIT_IDLE_TIMEOUT],
      N_("Close a transit pair after this long without traffic (default: 600; 0: never)"), N_("SECONDS") },
    { "handshake-timeout", 0, 0, G_OPTION_ARG_INT64, &o->limits[GOFER_RELAY_LIMIT_HANDSHAKE_TIMEOUT],
      N_("Close a connection that has not finished its handshake after this long: the WebSocket upgrade "
         "on the mailbox port, the relay request on the transit port (default: 10; 0: never)"), N_("SECONDS") },
    { "no-splice", 0, 0, G_OPTION_ARG_NONE, &o->no_splice,
      N_("Forward transit bytes through a user-space buffer instead of splice(2)"), NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &o->verbose,
      N_("Log debugging messages"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &o->version,
      N_("Print the version and exit"), NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (NULL);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("A Magic Wormhole mailbox (rendezvous) server and transit relay in one process.\n"
      "Clients use it with e.g.\n"
      "  wormhole --relay-url ws://HOST:4000/v1 --transit-helper tcp:HOST:4001 send FILE"));
  g_option_context_set_description (context,
    _("Limits log one line when they refuse something. Logs and the usage log never contain\n"
      "wormhole codes or message contents. Stop with SIGTERM or SIGINT; state in --db survives.\n"
      "See gofer-relay(1) and docs/relay.md (TLS reverse proxy, systemd, several transit relays)."));

  return context;
}

static gboolean
options_check (Options  *o,
               GError  **error)
{
  const char *bad = NULL;

  if (o->mailbox_port < 0 || o->mailbox_port > 65535)
    bad = "--mailbox-port";
  else if (o->transit_port < 0 || o->transit_port > 65535)
    bad = "--transit-port";
  else if (o->transit_ws_port < -1 || o->transit_ws_port > 65535)
    bad = "--transit-ws-port";
  else if (o->blur_usage < 0)
    bad = "--blur-usage";
  else if (o->require_hashcash < 0 || o->require_hashcash > GOFER_HASHCASH_MAX_BITS)
    bad = "--require-hashcash";
  else if (o->channel_expiry < 0)
    bad = "--channel-expiry";
  else if (o->expiry_check_interval <= 0)
    bad = "--expiry-check-interval";
  else if (o->threads < 0 || o->threads > GOFER_RELAY_MAX_THREADS)
    bad = "--threads";
  for (int i = 0; bad == NULL && i < GOFER_RELAY_N_LIMITS; i++)
    if (o->limits[i] != LIMIT_UNSET &&
        (o->limits[i] < 0 || (i >= GOFER_RELAY_LIMIT_TRANSIT_MAX_WAIT && o->limits[i] > G_MAXUINT / 2)))
      bad = gofer_relay_limit_flag (i);

  if (bad != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: %s is an option such as --mailbox-port */
                   _("The value of %s is out of range."), bad);
      return FALSE;
    }
  for (guint i = 0; i < 3; i++)
    {
      const char *flags[] = { "--listen", "--mailbox-listen", "--transit-listen" };
      const char *values[] = { o->listen, o->mailbox_listen, o->transit_listen };
      g_autoptr(GInetAddress) inet = NULL;

      if (values[i] != NULL && (inet = g_inet_address_new_from_string (values[i])) == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       /* Translators: the first %s is what was given, the second an option */
                       _("“%s” is not an IP address. Give %s a numeric IPv4 or IPv6 address such as 127.0.0.1 or ::."),
                       values[i], flags[i]);
          return FALSE;
        }
    }
  if (o->no_mailbox && o->no_transit)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("With both --no-mailbox and --no-transit there is nothing to run."));
      return FALSE;
    }

  return TRUE;
}

/* The default database: systemd's StateDirectory= if set, else the user's
 * state directory. */
static char *
default_db_path (GError **error)
{
  const char *state = g_getenv ("STATE_DIRECTORY");
  g_autofree char *dir = NULL;

  if (state != NULL && *state != '\0')
    return g_build_filename (state, "relay.sqlite", NULL);

  dir = g_build_filename (g_get_user_state_dir (), "gofer-relay", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create “%s”: %s. Give a database path with --db."),
                   dir, g_strerror (saved_errno));
      return NULL;
    }

  return g_build_filename (dir, "relay.sqlite", NULL);
}

#ifdef G_OS_UNIX
/* Each client holds a socket, each transit pair also two pipes: ask for
 * as many descriptors as the hard limit allows. */
static void
raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
        g_debug ("could not raise the file descriptor limit: %s", g_strerror (errno));
    }
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}
#endif

#ifdef __linux__
/* Settings the allocators read once, before main(): if they are not set,
 * the process starts again with them. */
static void
restart_with_allocator_settings (char **argv)
{
  gboolean again = FALSE;
#ifdef __GLIBC__
  const char *tunables = g_getenv ("GLIBC_TUNABLES");
#endif

  /* GLib before 2.76 has its own slice allocator, which keeps the memory of
   * every small object it ever gave out (sources, hash table nodes, the
   * GObjects of ten thousand connections) and never gives it back; malloc
   * can. */
  if (glib_check_version (2, 76, 0) != NULL && g_getenv ("G_SLICE") == NULL)
    again |= g_setenv ("G_SLICE", "always-malloc", TRUE);
#ifdef __GLIBC__
  /* Each thread keeps some of what it freed in its own cache (glibc's
   * tcache: up to 7 blocks of each size), which malloc_trim() cannot give
   * back; with a dozen connection threads that is a megabyte or more after
   * a burst. Without it, every free goes back to the shared arenas. */
  if (tunables == NULL || strstr (tunables, "glibc.malloc.tcache_count") == NULL)
    {
      g_autofree char *value = tunables != NULL && *tunables != '\0'
                               ? g_strconcat (tunables, ":glibc.malloc.tcache_count=0", NULL)
                               : g_strdup ("glibc.malloc.tcache_count=0");

      again |= g_setenv ("GLIBC_TUNABLES", value, TRUE);
    }
#endif
  if (again)
    execv ("/proc/self/exe", argv);
}
#endif

static char *
display_host (const char *listen)
{
  if (listen == NULL)
    return g_strdup ("*");
  if (strchr (listen, ':') != NULL)
    return g_strdup_printf ("[%s]", listen);
  return g_strdup (listen);
}

/* Turns a bind failure into a sentence that says which server and what to
 * do. Always returns FALSE. */
static gboolean
explain_listen_error (GError     **error,
                      const char  *server,
                      const char  *port_flag)
{
  g_autoptr(GError) original = g_steal_pointer (error);

  if (g_error_matches (original, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                 /* Translators: the first %s is "The mailbox server" or "The transit relay",
                  * the second the system's reason, the third an option such as --mailbox-port */
                 _("%s cannot listen: %s. Another program uses the port; stop it or choose another port with %s."),
                 server, original->message, port_flag);
  else
    g_set_error (error, original->domain, original->code,
                 /* Translators: the first %s is "The mailbox server" or "The transit relay" */
                 _("%s cannot listen: %s"), server, original->message);
  return FALSE;
}

typedef struct
{
  GoferRelayStore         *store;
  GoferRelayUsage         *usage;
  GoferRelayLimits        *limits;
  GoferRelayMailboxServer *mailbox;
  GoferRelayTransit       *transit;
  GoferRelayTransitWs     *transit_ws;
} Relay;

static void
relay_clear (Relay *relay)
{
  if (relay->mailbox != NULL)
    gofer_relay_mailbox_server_stop (relay->mailbox);
  if (relay->transit_ws != NULL)
    gofer_relay_transit_ws_stop (relay->transit_ws);
  if (relay->transit != NULL)
    gofer_relay_transit_stop (relay->transit);
  g_clear_object (&relay->transit_ws);
  g_clear_object (&relay->mailbox);
  g_clear_object (&relay->transit);
  if (relay->store != NULL)
    gofer_relay_store_close (relay->store);
  if (relay->usage != NULL)
    gofer_relay_usage_close (relay->usage);
  g_clear_object (&relay->store);
  g_clear_object (&relay->usage);
  g_clear_object (&relay->limits);
}

static gboolean
start_mailbox (Relay    *relay,
               Options  *o,
               GError  **error)
{
  const char *address = o->mailbox_listen ? o->mailbox_listen : o->listen;
  g_autofree char *db = NULL;
  g_autofree char *host = display_host (address);

  if (o->redis != NULL)
    db = g_strdup_printf ("Redis at %s", o->redis);
  else if ((db = o->db ? g_strdup (o->db) : default_db_path (error)) == NULL ||
           (relay->store = gofer_relay_store_open (db, error)) == NULL)
    return FALSE;

  relay->mailbox = gofer_relay_mailbox_server_new (relay->store, relay->usage, relay->limits);
#ifdef GOFER_RELAY_HAVE_REDIS
  if (o->redis != NULL)
    gofer_relay_mailbox_server_set_backend (relay->mailbox,
                                            gofer_relay_backend_redis_new (o->redis, relay->usage,
                                                                           relay->limits));
#endif
  gofer_relay_mailbox_server_set_welcome (relay->mailbox, o->motd, o->signal_error,
                                          o->advertise_version);
  gofer_relay_mailbox_server_set_allow_list (relay->mailbox, !o->disallow_list);
  gofer_relay_mailbox_server_set_hashcash_bits (relay->mailbox, o->require_hashcash);
  gofer_relay_mailbox_server_set_behind_proxy (relay->mailbox, o->behind_proxy);
  gofer_relay_mailbox_server_set_expiry (relay->mailbox, o->channel_expiry, o->expiry_check_interval);
  gofer_relay_mailbox_server_set_threads (relay->mailbox, o->threads);
  if (!gofer_relay_mailbox_server_load (relay->mailbox, error))
    return FALSE;
  if (!gofer_relay_mailbox_server_listen (relay->mailbox, address, o->mailbox_port, error))
    return explain_listen_error (error, _("The mailbox server"), "--mailbox-port");

  g_message ("mailbox server listening on ws://%s:%u/v1 (state in %s)", host,
             gofer_relay_mailbox_server_get_port (relay->mailbox), db);
  return TRUE;
}

static gboolean
start_transit (Relay    *relay,
               Options  *o,
               GError  **error)
{
  const char *address = o->transit_listen ? o->transit_listen : o->listen;
  g_autofree char *host = display_host (address);

  relay->transit = gofer_relay_transit_new (relay->usage, relay->limits, !o->no_splice);
  if (!gofer_relay_transit_listen (relay->transit, address, o->transit_port, error))
    return explain_listen_error (error, _("The transit relay"), "--transit-port");

  g_message ("transit relay listening on tcp:%s:%u (forwarding with %s)", host,
             gofer_relay_transit_get_port (relay->transit),
             !o->no_splice && gofer_relay_forwarder_can_splice () ? "splice" : "buffer copies");

  if (o->transit_ws_port < 0)
    return TRUE;
  relay->transit_ws = gofer_relay_transit_ws_new (relay->transit, relay->limits);
  gofer_relay_transit_ws_set_behind_proxy (relay->transit_ws, o->behind_proxy);
  if (!gofer_relay_transit_ws_listen (relay->transit_ws, address, o->transit_ws_port, error))
    return explain_listen_error (error, _("The transit relay"), "--transit-ws-port");
  /* What browser clients put in their relay hints. */
  g_message ("transit relay listening on ws://%s:%u/ (WebSocket, for browser clients)", host,
             gofer_relay_transit_ws_get_port (relay->transit_ws));
  return TRUE;
}

static gboolean
relay_start (Relay    *relay,
             Options  *o,
             GError  **error)
{
  relay->limits = gofer_relay_limits_new ();
  for (int i = 0; i < GOFER_RELAY_N_LIMITS; i++)
    if (o->limits[i] != LIMIT_UNSET)
      gofer_relay_limits_set (relay->limits, i, o->limits[i]);

  if (o->usage_log != NULL &&
      (relay->usage = gofer_relay_usage_new (o->usage_log, o->blur_usage, error)) == NULL)
    return FALSE;
  if (!o->no_mailbox && !start_mailbox (relay, o, error))
    return FALSE;
  if (!o->no_transit && !start_transit (relay, o, error))
    return FALSE;

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  Options o = {
    .mailbox_port = 4000, .transit_port = 4001, .transit_ws_port = -1,
    .channel_expiry = 11 * 60, .expiry_check_interval = 5 * 60,
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  Relay relay = { NULL };
  int status = 0;

#ifdef __linux__
  restart_with_allocator_settings (argv);
#endif
#ifdef __GLIBC__
  /* One malloc arena per thread keeps the memory of a burst spread over
   * arenas that are seldom given back; a few shared ones are enough. */
  mallopt (M_ARENA_MAX, 2);
#endif
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  for (int i = 0; i < GOFER_RELAY_N_LIMITS; i++)
    o.limits[i] = LIMIT_UNSET;
  context = options_context (&o);
  if (!g_option_context_parse (context, &argc, &argv, &error) || !options_check (&o, &error))
    {
      g_printerr ("gofer-relay: %s\n", error->message);
      g_printerr (_("Run “gofer-relay --help” to see the options.\n"));
      options_clear (&o);
      return 2;
    }
  if (o.version)
    {
      g_print ("gofer-relay %s\n", PACKAGE_VERSION);
      options_clear (&o);
      return 0;
    }
  if (o.verbose)
    g_log_set_debug_enabled (TRUE);

  loop = g_main_loop_new (NULL, FALSE);
#ifdef G_OS_UNIX
  /* splice(2) to a peer that went away would otherwise kill the process. */
  signal (SIGPIPE, SIG_IGN);
  raise_fd_limit ();
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
#endif

  if (relay_start (&relay, &o, &error))
    {
      g_main_loop_run (loop);
      g_message ("stopping");
    }
  else
    {
      g_printerr ("gofer-relay: %s\n", error->message);
      status = 1;
    }

  relay_clear (&relay);
  options_clear (&o);
  return status;
}
