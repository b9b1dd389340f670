/* gofer-relay-worker.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One connection thread of the mailbox server: a thread with its own
 * GMainContext, its own SoupServer (the HTTP request and WebSocket upgrade
 * at /v1), the GoferRelayAcceptor that limits connections until they are
 * WebSockets, the GoferRelayConnections it holds and one keepalive timer
 * for all of them. The mailbox server accepts in the main context and
 * hands each connection to the least busy worker (gofer_relay_worker_take());
 * from then on everything about it happens in the worker's thread, except
 * the mailbox state, which the connections ask the state context for
 * (GoferRelayBackend) and which answers through the worker's inbox.
 *
 * GLib's main loop costs time in proportion to the sources it holds on
 * every iteration: with the connections spread over workers, an event
 * costs time in proportion to the connections of one worker only.
 */

#include "config.h"

#include "gofer-relay-worker.h"

#include <libsoup/soup.h>
#include <string.h>

#include "gofer-relay-acceptor.h"
#include "gofer-relay-connection.h"
#include "gofer-relay-mailbox-server.h"
#include "gofer-relay-wire.h"

/* Seconds between WebSocket pings to each connection (libsoup's keepalive
 * interval as the relay used it). */
#define KEEPALIVE_INTERVAL 60

/* Sockets handed to a worker and not yet closed; they may outlive it. */
typedef struct
{
  gatomicrefcount ref_count;
  int             n;     /* atomic */
  int             peak;  /* atomic: most since memory was last trimmed */
} Load;

static Load *
load_ref (Load *load)
{
  g_atomic_ref_count_inc (&load->ref_count);
  return load;
}

static void
load_unref (Load *load)
{
  if (g_atomic_ref_count_dec (&load->ref_count))
    g_free (load);
}

struct _GoferRelayWorker
{
  GoferRelayMailboxServer *server;   /* not owned: it stops its workers first */
  guint                    index;
  GMainContext            *context;
  GMainLoop               *loop;
  GoferRelayInbox         *inbox;
  GThread                 *thread;
  Load                    *load;

  /* The worker's thread only. */
  SoupServer              *soup;
  GoferRelayAcceptor      *acceptor;
  GHashTable              *connections;  /* set of GoferRelayConnection, owned */
  GSource                 *keepalive;
};

static GPrivate current_worker;

/**
 * gofer_relay_worker_get_current:
 *
 * Returns: (nullable): the worker whose thread is calling
 */
GoferRelayWorker *
gofer_relay_worker_get_current (void)
{
  return g_private_get (&current_worker);
}

/* The client's address: the peer, or behind a reverse proxy the last entry
 * the proxy appended to X-Forwarded-For. */
static char *
client_address (GoferRelayWorker  *self,
                SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *forwarded = soup_message_headers_get_list (headers, "X-Forwarded-For");
  const char *last;

  if (!gofer_relay_mailbox_server_get_behind_proxy (self->server) || forwarded == NULL)
    return g_strdup (soup_server_message_get_remote_host (msg));

  last = strrchr (forwarded, ',');
  return g_strstrip (g_strdup (last ? last + 1 : forwarded));
}

static void
connection_closed_cb (GoferRelayConnection *connection,
                      GoferRelayWorker     *self)
{
  GoferRelayLimits *limits = gofer_relay_mailbox_server_get_limits (self->server);

  gofer_relay_limits_release (limits, GOFER_RELAY_LIMIT_CONNECTIONS_PER_ADDRESS,
                              gofer_relay_connection_get_address (connection));
  g_signal_handlers_disconnect_by_data (connection, self);
  g_hash_table_remove (self->connections, connection);
}

static void
websocket_upgraded_cb (SoupServerMessage *msg,
                       GoferRelayWorker  *self)
{
  GoferRelayLimits *limits = gofer_relay_mailbox_server_get_limits (self->server);
  g_autofree char *address = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GoferRelayWire) wire = NULL;
  g_autoptr(SoupWebsocketConnection) websocket = NULL;
  g_autoptr(SoupServerMessage) hold = g_object_ref (msg);
  g_autoptr(GSocket) socket = NULL;
  guint64 max_size = gofer_relay_limits_get (limits, GOFER_RELAY_LIMIT_MESSAGE_SIZE);
  GoferRelayConnection *connection;

  if (soup_server_message_get_status (msg) != SOUP_STATUS_SWITCHING_PROTOCOLS)
    return;
  g_signal_handlers_disconnect_by_func (msg, websocket_upgraded_cb, self);

  /* What libsoup does for a WebSocket handler, with the wire in between. */
  address = client_address (self, msg);
  socket = gofer_relay_acceptor_get_socket (self->acceptor, msg);
  if (socket != NULL)
    g_object_ref (socket);
  stream = soup_server_message_steal_connection (msg);
  gofer_relay_wire_set_max_total_unsent (gofer_relay_limits_get (limits, GOFER_RELAY_LIMIT_UNSENT_TOTAL));
  gofer_relay_wire_set_max_total_incoming (gofer_relay_limits_get (limits,
                                                                   GOFER_RELAY_LIMIT_INCOMING_TOTAL));
  wire = gofer_relay_wire_new (stream, gofer_relay_connection_frame_limit (max_size),
                               gofer_relay_limits_get (limits, GOFER_RELAY_LIMIT_UNSENT_PER_CONNECTION));
  gofer_relay_wire_set_socket (wire, socket);
  websocket = soup_websocket_connection_new (G_IO_STREAM (wire), soup_server_message_get_uri (msg),
                                             SOUP_WEBSOCKET_CONNECTION_SERVER,
                                             soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                                           "Origin"),
                                             NULL, NULL);

  gofer_relay_acceptor_upgraded (self->acceptor, msg);
  if (!gofer_relay_limits_acquire (limits, GOFER_RELAY_LIMIT_CONNECTIONS_PER_ADDRESS,
                                   address, "refused a mailbox connection"))
    {
      soup_websocket_connection_close (websocket, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                       "too many connections from your address");
      return;
    }

  connection = gofer_relay_connection_new (self->server, websocket, wire, address);
  g_hash_table_add (self->connections, connection);
  g_signal_connect (connection, "closed", G_CALLBACK (connection_closed_cb), self);
  gofer_relay_connection_start (connection);
}

/* The WebSocket handshake at /v1. Not soup_server_add_websocket_handler():
 * the connection must go through a GoferRelayWire (see there), and no
 * extension is offered, so permessage-deflate cannot turn a small frame
 * into a large message. */
static void
websocket_cb (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  if (soup_websocket_server_process_handshake (msg, NULL, NULL, NULL, NULL))
    g_signal_connect (msg, "wrote-informational", G_CALLBACK (websocket_upgraded_cb), user_data);
}

static void
root_cb (SoupServer        *soup,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  static const char text[] = "Wormhole Relay (gofer-relay)\n";

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, text, sizeof text - 1);
}

/* One timer for the keepalive of every connection of the worker. */
static gboolean
keepalive_cb (gpointer user_data)
{
  GoferRelayWorker *self = user_data;
  GHashTableIter iter;
  gpointer connection;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, &connection, NULL))
    gofer_relay_connection_keepalive (connection);

  return G_SOURCE_CONTINUE;
}

static void
worker_setup (GoferRelayWorker *self)
{
  self->soup = soup_server_new ("server-header", "gofer-relay/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->soup, NULL, root_cb, self, NULL);
  soup_server_add_handler (self->soup, "/v1", websocket_cb, self, NULL);
  self->acceptor = gofer_relay_acceptor_new (self->soup,
                                             gofer_relay_mailbox_server_get_limits (self->server));
  self->connections = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->keepalive = g_timeout_source_new_seconds (KEEPALIVE_INTERVAL);
  g_source_set_static_name (self->keepalive, "[gofer-relay] keepalive");
  g_source_set_callback (self->keepalive, keepalive_cb, self, NULL);
  g_source_attach (self->keepalive, self->context);
}

/* Closes every connection ("going away"; the Python client reconnects by
 * itself once the server is back) and drops what the worker holds. */
static void
worker_teardown (GoferRelayWorker *self)
{
  GHashTableIter iter;
  gpointer connection;

  g_source_destroy (self->keepalive);
  g_clear_pointer (&self->keepalive, g_source_unref);
  gofer_relay_acceptor_stop (self->acceptor);
  soup_server_disconnect (self->soup);

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, &connection, NULL))
    {
      g_signal_handlers_disconnect_by_data (connection, self);
      gofer_relay_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "server stopping");
      g_hash_table_iter_remove (&iter);
    }
  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_object (&self->acceptor);
  g_clear_object (&self->soup);
}

static gpointer
worker_thread (gpointer user_data)
{
  GoferRelayWorker *self = user_data;

  g_main_context_push_thread_default (self->context);
  g_private_set (&current_worker, self);
  worker_setup (self);
  g_main_loop_run (self->loop);
  worker_teardown (self);
  g_private_set (&current_worker, NULL);
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

/**
 * gofer_relay_worker_new:
 *
 * Starts a connection thread.
 */
GoferRelayWorker *
gofer_relay_worker_new (GoferRelayMailboxServer *server,
                        guint                    index)
{
  GoferRelayWorker *self = g_new0 (GoferRelayWorker, 1);
  g_autofree char *name = g_strdup_printf ("gofer-relay-%u", index);

  self->server = server;
  self->index = index;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->inbox = gofer_relay_inbox_new (self->context, "[gofer-relay] worker inbox");
  self->load = g_new0 (Load, 1);
  g_atomic_ref_count_init (&self->load->ref_count);
  self->thread = g_thread_new (name, worker_thread, self);

  return self;
}

static void
socket_gone_cb (gpointer  data,
                GObject  *where_the_object_was)
{
  Load *load = data;
  int n = g_atomic_int_add (&load->n, -1) - 1;
  int peak = g_atomic_int_get (&load->peak);

  /* As the limits do for the whole process: once the worker's connections
   * are down to half, or gone, and freed (this runs in the worker, as the
   * socket is finalized), give the memory back. */
  if (peak > 0 && (n == 0 || (peak >= GOFER_RELAY_TRIM_MIN_PEAK && n <= peak / 2)) &&
      g_atomic_int_compare_and_exchange (&load->peak, peak, n))
    gofer_relay_trim_memory_soon ();
  load_unref (load);
}

static void
take_cb (gpointer data)
{
  GoferRelayWorker *self = gofer_relay_worker_get_current ();

  gofer_relay_acceptor_take (self->acceptor, data);
}

/**
 * gofer_relay_worker_take:
 * @connection: a connection just accepted
 *
 * Hands @connection to the worker (from any thread).
 */
void
gofer_relay_worker_take (GoferRelayWorker  *self,
                         GSocketConnection *connection)
{
  int n = g_atomic_int_add (&self->load->n, 1) + 1;
  int peak;

  while ((peak = g_atomic_int_get (&self->load->peak)) < n &&
         !g_atomic_int_compare_and_exchange (&self->load->peak, peak, n))
    ;
  g_object_weak_ref (G_OBJECT (connection), socket_gone_cb, load_ref (self->load));
  gofer_relay_inbox_post (self->inbox, take_cb, g_object_ref (connection), g_object_unref);
}

/**
 * gofer_relay_worker_get_load:
 *
 * Returns: how many connections the worker holds (or is about to)
 */
int
gofer_relay_worker_get_load (GoferRelayWorker *self)
{
  return g_atomic_int_get (&self->load->n);
}

GoferRelayInbox *
gofer_relay_worker_get_inbox (GoferRelayWorker *self)
{
  return self->inbox;
}

static void
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
}

/**
 * gofer_relay_worker_stop:
 *
 * Closes the worker's connections and ends its thread (call from the
 * thread that made it). What is still posted to it is dropped.
 */
void
gofer_relay_worker_stop (GoferRelayWorker *self)
{
  if (self->thread == NULL)
    return;

  gofer_relay_inbox_post (self->inbox, quit_cb, self->loop, NULL);
  g_thread_join (g_steal_pointer (&self->thread));
  gofer_relay_inbox_close (self->inbox);
}

void
gofer_relay_worker_free (GoferRelayWorker *self)
{
  gofer_relay_worker_stop (self);
  gofer_relay_inbox_unref (self->inbox);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  load_unref (self->load);
  g_free (self);
}
