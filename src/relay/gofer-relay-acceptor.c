/* gofer-relay-acceptor.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Accepts the mailbox server's TCP connections and hands them to the
 * SoupServer, so that a connection is limited from its first moment and not
 * only once it is a WebSocket. libsoup has no timeout for reading a
 * request: a client that opens connections and sends part of an HTTP
 * request, or nothing ("slowloris"), would hold them for ever. Here each
 * connection counts against --max-connections-per-address as soon as it is
 * accepted, and one that has not become a WebSocket within
 * --handshake-timeout is shut down. Connections are taken in batches (see
 * GoferRelayListener).
 */

#include "config.h"

#include "gofer-relay-acceptor.h"

#include <gio/gnetworking.h>

#include "gofer-relay-listener.h"

/* A connection libsoup is reading HTTP from. */
typedef struct
{
  GoferRelayAcceptor *acceptor;
  GSocketConnection  *connection;  /* weak: libsoup owns it */
  char               *peer;        /* "address:port", the key in handshakes */
  char               *address;     /* holds one per-address connection */
  GSource            *timeout;
} Handshake;

struct _GoferRelayAcceptor
{
  GObject           parent_instance;

  GoferRelayListener *listener;
  SoupServer       *soup;
  GoferRelayLimits *limits;
  GHashTable       *handshakes;   /* peer → Handshake, owned */
};

G_DEFINE_FINAL_TYPE (GoferRelayAcceptor, gofer_relay_acceptor, G_TYPE_OBJECT)

static void connection_gone_cb (gpointer  data,
                                GObject  *where_the_object_was);

static void
handshake_free (Handshake *handshake)
{
  if (handshake->timeout != NULL)
    {
      g_source_destroy (handshake->timeout);
      g_clear_pointer (&handshake->timeout, g_source_unref);
    }
  if (handshake->connection != NULL)
    g_object_weak_unref (G_OBJECT (handshake->connection), connection_gone_cb, handshake);
  gofer_relay_limits_release (handshake->acceptor->limits,
                              GOFER_RELAY_LIMIT_CONNECTIONS_PER_ADDRESS, handshake->address);
  g_free (handshake->peer);
  g_free (handshake->address);
  g_free (handshake);
}

/* libsoup let go of a connection that never became a WebSocket (the client
 * left, or a plain HTTP request was answered, or it timed out). */
static void
connection_gone_cb (gpointer  data,
                    GObject  *where_the_object_was)
{
  Handshake *handshake = data;

  handshake->connection = NULL;
  g_hash_table_remove (handshake->acceptor->handshakes, handshake->peer);
}

static gboolean
handshake_timeout_cb (gpointer user_data)
{
  Handshake *handshake = user_data;

  g_clear_pointer (&handshake->timeout, g_source_unref);
  gofer_relay_limits_tripped (handshake->acceptor->limits, GOFER_RELAY_LIMIT_HANDSHAKE_TIMEOUT,
                              handshake->address,
                              "closed a mailbox connection that did not finish its WebSocket handshake");
  /* libsoup's next read or write on it fails, and it drops the connection.
   * It counts no longer: the client may come back at once, and a batch of
   * accepts can take it before libsoup has noticed. */
  g_socket_shutdown (g_socket_connection_get_socket (handshake->connection), TRUE, TRUE, NULL);
  g_hash_table_remove (handshake->acceptor->handshakes, handshake->peer);

  return G_SOURCE_REMOVE;
}

/* Starts watching a new connection; NULL if its address is at its limit. */
static Handshake *
handshake_new (GoferRelayAcceptor *self,
               GSocketConnection  *connection,
               GSocketAddress     *remote)
{
  GInetAddress *inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));
  g_autofree char *address = g_inet_address_to_string (inet);
  Handshake *handshake;

  if (!gofer_relay_limits_acquire (self->limits, GOFER_RELAY_LIMIT_CONNECTIONS_PER_ADDRESS,
                                   address, "refused a mailbox connection"))
    return NULL;

  handshake = g_new0 (Handshake, 1);
  handshake->acceptor = self;
  handshake->connection = connection;
  handshake->peer = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (remote));
  handshake->address = g_steal_pointer (&address);
  g_object_weak_ref (G_OBJECT (connection), connection_gone_cb, handshake);
  handshake->timeout = gofer_relay_limits_add_timeout (self->limits,
                                                       GOFER_RELAY_LIMIT_HANDSHAKE_TIMEOUT,
                                                       handshake_timeout_cb, handshake);
  /* A stale entry for the same peer (a reused port) is ended by replacing it. */
  g_hash_table_replace (self->handshakes, handshake->peer, handshake);

  return handshake;
}

/**
 * gofer_relay_acceptor_take:
 * @connection: a connection just accepted
 *
 * Hands @connection to the SoupServer (in the calling thread's
 * thread-default main context, which must be the server's), or closes it
 * if its address is at its limit.
 */
void
gofer_relay_acceptor_take (GoferRelayAcceptor *self,
                           GSocketConnection  *connection)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  g_autoptr(GError) error = NULL;
  Handshake *handshake;

  /* Already gone, or one too many: closed unread. */
  if (local == NULL || !G_IS_INET_SOCKET_ADDRESS (remote) ||
      (handshake = handshake_new (self, connection, remote)) == NULL)
    {
      g_socket_close (socket, NULL);
      return;
    }

  /* What libsoup sets on the sockets it accepts itself. */
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  if (!soup_server_accept_iostream (self->soup, G_IO_STREAM (connection), local, remote, &error))
    {
      g_debug ("could not hand a connection to the HTTP server: %s", error->message);
      g_hash_table_remove (self->handshakes, handshake->peer);
      g_socket_close (socket, NULL);
    }
}

static gboolean
incoming_cb (GoferRelayListener *listener,
             GSocketConnection  *connection,
             GObject            *source_object,
             gpointer            user_data)
{
  gofer_relay_acceptor_take (user_data, connection);
  return TRUE;
}

static void
gofer_relay_acceptor_dispose (GObject *object)
{
  GoferRelayAcceptor *self = (GoferRelayAcceptor *)object;

  gofer_relay_acceptor_stop (self);
  g_clear_pointer (&self->handshakes, g_hash_table_unref);
  g_clear_object (&self->listener);
  g_clear_object (&self->soup);
  g_clear_object (&self->limits);

  G_OBJECT_CLASS (gofer_relay_acceptor_parent_class)->dispose (object);
}

static void
gofer_relay_acceptor_class_init (GoferRelayAcceptorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_relay_acceptor_dispose;
}

static void
gofer_relay_acceptor_init (GoferRelayAcceptor *self)
{
  self->handshakes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify)handshake_free);
  self->listener = gofer_relay_listener_new (incoming_cb, self);
}

GoferRelayAcceptor *
gofer_relay_acceptor_new (SoupServer       *soup,
                          GoferRelayLimits *limits)
{
  GoferRelayAcceptor *self = g_object_new (GOFER_RELAY_TYPE_ACCEPTOR, NULL);

  self->soup = g_object_ref (soup);
  self->limits = g_object_ref (limits);

  return self;
}

/**
 * gofer_relay_acceptor_add_socket:
 * @socket: a bound, listening socket
 *
 * Accepts connections on @socket from now on.
 */
gboolean
gofer_relay_acceptor_add_socket (GoferRelayAcceptor  *self,
                                 GSocket             *socket,
                                 GError             **error)
{
  g_return_val_if_fail (GOFER_RELAY_IS_ACCEPTOR (self), FALSE);

  return gofer_relay_listener_add_socket (self->listener, socket, error);
}

/**
 * gofer_relay_acceptor_listen:
 * @address: (nullable): a numeric IP address, or %NULL for every interface
 *   (IPv4 and, where the system has it, IPv6)
 * @port: (inout): the TCP port, 0 for any free one; the port bound
 *
 * Listens on @address for the connections this acceptor hands on.
 */
gboolean
gofer_relay_acceptor_listen (GoferRelayAcceptor  *self,
                             const char          *address,
                             guint               *port,
                             GError             **error)
{
  g_return_val_if_fail (GOFER_RELAY_IS_ACCEPTOR (self), FALSE);

  return gofer_relay_listener_listen (self->listener, address, port, error);
}

/**
 * gofer_relay_acceptor_get_socket:
 * @msg: a request still in its handshake
 *
 * Returns: (transfer none) (nullable): the socket @msg came on (libsoup,
 *   given only the stream, does not know it)
 */
GSocket *
gofer_relay_acceptor_get_socket (GoferRelayAcceptor *self,
                                 SoupServerMessage  *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  g_autofree char *peer = NULL;
  Handshake *handshake;

  g_return_val_if_fail (GOFER_RELAY_IS_ACCEPTOR (self), NULL);

  if (remote == NULL)
    return NULL;
  peer = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (remote));
  handshake = g_hash_table_lookup (self->handshakes, peer);
  if (handshake == NULL || handshake->connection == NULL)
    return NULL;

  return g_socket_connection_get_socket (handshake->connection);
}

/**
 * gofer_relay_acceptor_upgraded:
 * @msg: the request that has just become a WebSocket
 *
 * Stops the handshake timeout of the connection @msg came on and gives back
 * the per-address count it held: from now on the WebSocket connection,
 * which may count under another address behind a proxy, holds it.
 */
void
gofer_relay_acceptor_upgraded (GoferRelayAcceptor *self,
                               SoupServerMessage  *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  g_autofree char *peer = NULL;

  g_return_if_fail (GOFER_RELAY_IS_ACCEPTOR (self));

  if (remote == NULL)
    return;
  peer = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (remote));
  g_hash_table_remove (self->handshakes, peer);
}

/**
 * gofer_relay_acceptor_stop:
 *
 * Stops listening and forgets the connections still in their handshake
 * (the SoupServer closes them).
 */
void
gofer_relay_acceptor_stop (GoferRelayAcceptor *self)
{
  g_return_if_fail (GOFER_RELAY_IS_ACCEPTOR (self));

  if (self->listener != NULL)
    gofer_relay_listener_stop (self->listener);
  if (self->handshakes != NULL)
    g_hash_table_remove_all (self->handshakes);
}
