/* gofer-relay-transit-ws.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The transit relay's WebSocket side, for browser clients. A WebSocket
 * upgrade on any path of this port is a transit connection: its binary
 * messages together are one byte stream, exactly what a TCP client sends
 * ("please relay TOKEN for side SIDE\n", then, after "ok\n", the peer's
 * bytes), as the reference relay's --websocket port has it. Text messages
 * close it. gofer_transit_ws_bridge() turns the WebSocket into a socket,
 * which GoferRelayTransit takes like a TCP connection: a WebSocket side
 * pairs with a TCP side or another WebSocket side under the same token
 * rules, limits and usage records. Before that, a GoferRelayAcceptor
 * holds the connection to --max-connections-per-address and
 * --handshake-timeout while it is still HTTP, as on the mailbox port.
 *
 * Back-pressure: libsoup reads a WebSocket as fast as it comes, so each
 * WebSocket is made over a GoferRelayWire, as on the mailbox port, which
 * the bridge pauses while its partner reads slowly (more than
 * GOFER_TRANSIT_WS_HIGH_WATER waiting): the sender's TCP window then slows
 * it down, as between two TCP sides. The wire also caps a message while
 * its fragments arrive (GOFER_TRANSIT_WS_MAX_MESSAGE), which libsoup does
 * not. No extension is negotiated: transit bytes are encrypted, and
 * permessage-deflate would only let a small frame become a large message. */

#include "config.h"

#include "gofer-relay-transit-ws.h"


#include <libsoup/soup.h>
#include <string.h>

#include "gofer-relay-acceptor.h"
#include "gofer-relay-mailbox-server.h"
#include "gofer-relay-wire.h"
#include "gofer-transit-ws.h"

#define KEEPALIVE_SECONDS 60
/* What all WebSockets together may hold for slow partners. */
#define MAX_QUEUED_TOTAL (256 * 1024 * 1024)

struct _GoferRelayTransitWs
{
  GObject            parent_instance;

  GoferRelayTransit  *transit;
  GoferRelayAcceptor *acceptor;
  SoupServer         *server;
  guint               port;
  gboolean            behind_proxy;
};

G_DEFINE_FINAL_TYPE (GoferRelayTransitWs, gofer_relay_transit_ws, G_TYPE_OBJECT)

/* The client's address: the peer, or behind a reverse proxy the last entry
 * the proxy appended to X-Forwarded-For (as on the mailbox port). */
static char *
client_address (GoferRelayTransitWs *self,
                SoupServerMessage   *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *forwarded = soup_message_headers_get_list (headers, "X-Forwarded-For");
  const char *last;

  if (!self->behind_proxy || forwarded == NULL)
    return g_strdup (soup_server_message_get_remote_host (msg));

  last = strrchr (forwarded, ',');
  return g_strstrip (g_strdup (last ? last + 1 : forwarded));
}

static void
flow_cb (gboolean pause,
         gpointer user_data)
{
  gofer_relay_wire_set_paused (GOFER_RELAY_WIRE (user_data), pause);
}

/* The wire caught a message too large, or all wires together hold too
 * much of messages still arriving: the WebSocket goes. */
static void
wire_tripped_cb (GoferRelayWire          *wire,
                 int                      trip,
                 SoupWebsocketConnection *websocket)
{
  if (soup_websocket_connection_get_state (websocket) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (websocket,
                                     trip == GOFER_RELAY_WIRE_MESSAGE_TOO_BIG ? SOUP_WEBSOCKET_CLOSE_TOO_BIG
                                                                              : 1013 /* try again later */,
                                     NULL);
}

static void
websocket_upgraded_cb (SoupServerMessage   *msg,
                       GoferRelayTransitWs *self)
{
  g_autoptr(SoupServerMessage) hold = g_object_ref (msg);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(SoupWebsocketConnection) websocket = NULL;
  g_autoptr(GoferRelayWire) wire = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  GSocket *socket;

  if (soup_server_message_get_status (msg) != SOUP_STATUS_SWITCHING_PROTOCOLS)
    return;
  g_signal_handlers_disconnect_by_func (msg, websocket_upgraded_cb, self);

  /* What libsoup does for a WebSocket handler, with the wire in between. */
  address = client_address (self, msg);
  socket = gofer_relay_acceptor_get_socket (self->acceptor, msg);
  if (socket != NULL)
    g_object_ref (socket);
  stream = soup_server_message_steal_connection (msg);
  wire = gofer_relay_wire_new (stream, GOFER_TRANSIT_WS_MAX_MESSAGE, 0);
  gofer_relay_wire_set_socket (wire, socket);
  g_clear_object (&socket);
  websocket = soup_websocket_connection_new (G_IO_STREAM (wire), soup_server_message_get_uri (msg),
                                             SOUP_WEBSOCKET_CONNECTION_SERVER,
                                             soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                                           "Origin"),
                                             NULL, NULL);
  gofer_relay_acceptor_upgraded (self->acceptor, msg);
  soup_websocket_connection_set_max_incoming_payload_size (websocket, GOFER_TRANSIT_WS_MAX_MESSAGE);
  /* A side may wait minutes for its partner: pings keep proxies from
   * closing the idle WebSocket, as on the mailbox port. */
  soup_websocket_connection_set_keepalive_interval (websocket, KEEPALIVE_SECONDS);
  g_signal_connect_object (wire, "tripped", G_CALLBACK (wire_tripped_cb), websocket, 0);
  if ((connection = gofer_transit_ws_bridge_with_flow (websocket, flow_cb, g_object_ref (wire),
                                                       g_object_unref, &error)) == NULL)
    {
      g_warning ("WebSocket transit: %s", error->message);
      soup_websocket_connection_close (websocket, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR, NULL);
      return;
    }

  /* Refused, the bridge's socket is closed, and the WebSocket with it. */
  gofer_relay_transit_adopt (self->transit, connection, address);
}

/* A WebSocket handshake on any path. Not soup_server_add_websocket_handler():
 * the connection must go through a GoferRelayWire. */
static void
websocket_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  GoferRelayTransitWs *self = user_data;

  if (soup_websocket_server_process_handshake (msg, NULL, NULL, NULL, NULL))
    g_signal_connect_object (msg, "wrote-informational", G_CALLBACK (websocket_upgraded_cb), self, 0);
}

static void
gofer_relay_transit_ws_dispose (GObject *object)
{
  GoferRelayTransitWs *self = (GoferRelayTransitWs *)object;

  gofer_relay_transit_ws_stop (self);
  g_clear_object (&self->acceptor);
  g_clear_object (&self->server);
  g_clear_object (&self->transit);

  G_OBJECT_CLASS (gofer_relay_transit_ws_parent_class)->dispose (object);
}

static void
gofer_relay_transit_ws_class_init (GoferRelayTransitWsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_relay_transit_ws_dispose;
}

static void
gofer_relay_transit_ws_init (GoferRelayTransitWs *self)
{
  self->server = soup_server_new ("server-header", "gofer-relay", NULL);
  soup_server_add_handler (self->server, NULL, websocket_cb, self, NULL);
}

GoferRelayTransitWs *
gofer_relay_transit_ws_new (GoferRelayTransit *transit,
                            GoferRelayLimits  *limits)
{
  GoferRelayTransitWs *self = g_object_new (GOFER_RELAY_TYPE_TRANSIT_WS, NULL);

  self->transit = g_object_ref (transit);
  self->acceptor = gofer_relay_acceptor_new (self->server, limits);
  gofer_transit_ws_set_max_queued_total (MAX_QUEUED_TOTAL);
  return self;
}

/**
 * gofer_relay_transit_ws_listen:
 * @address: (nullable): the address to listen on, or %NULL for every
 *   interface
 * @port: the TCP port, or 0 for any free port
 */
gboolean
gofer_relay_transit_ws_listen (GoferRelayTransitWs  *self,
                               const char           *address,
                               guint                 port,
                               GError              **error)
{
  g_return_val_if_fail (GOFER_RELAY_IS_TRANSIT_WS (self), FALSE);

  if (!gofer_relay_acceptor_listen (self->acceptor, address, &port, error))
    return FALSE;
  self->port = port;
  return TRUE;
}

/**
 * gofer_relay_transit_ws_set_behind_proxy:
 *
 * Takes client addresses from X-Forwarded-For, like the mailbox server.
 */
void
gofer_relay_transit_ws_set_behind_proxy (GoferRelayTransitWs *self,
                                         gboolean             behind_proxy)
{
  g_return_if_fail (GOFER_RELAY_IS_TRANSIT_WS (self));

  self->behind_proxy = behind_proxy;
}

guint
gofer_relay_transit_ws_get_port (GoferRelayTransitWs *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_TRANSIT_WS (self), 0);

  return self->port;
}

/* Stops listening; the bridged connections end with the transit relay's. */
void
gofer_relay_transit_ws_stop (GoferRelayTransitWs *self)
{
  g_return_if_fail (GOFER_RELAY_IS_TRANSIT_WS (self));

  if (self->acceptor != NULL)
    gofer_relay_acceptor_stop (self->acceptor);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
}
