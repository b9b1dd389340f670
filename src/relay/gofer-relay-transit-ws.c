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
 * --handshake-timeout while it is still HTTP, as on the mailbox port. */

#include "config.h"

#include "gofer-relay-transit-ws.h"


#include <libsoup/soup.h>
#include <string.h>

#include "gofer-relay-acceptor.h"
#include "gofer-relay-mailbox-server.h"
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
websocket_cb (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *websocket,
              gpointer                 user_data)
{
  GoferRelayTransitWs *self = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = client_address (self, msg);

  gofer_relay_acceptor_upgraded (self->acceptor, msg);
  /* A side may wait minutes for its partner: pings keep proxies from
   * closing the idle WebSocket, as on the mailbox port. */
  soup_websocket_connection_set_keepalive_interval (websocket, KEEPALIVE_SECONDS);
  if ((connection = gofer_transit_ws_bridge (websocket, &error)) == NULL)
    {
      g_warning ("WebSocket transit: %s", error->message);
      soup_websocket_connection_close (websocket, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR, NULL);
      return;
    }

  /* Refused, the bridge's socket is closed, and the WebSocket with it. */
  gofer_relay_transit_adopt (self->transit, connection, address);
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
  soup_server_add_websocket_handler (self->server, NULL, NULL, NULL, websocket_cb, self, NULL);
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
