/* gofer-transit-ws.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Transit over a WebSocket, as browser clients (wormhole-rs on
 * wormhole.page, wormhole-william in Winden) do it: every binary message is
 * a piece of one byte stream, the same bytes a TCP relay connection would
 * carry ("please relay ...\n", "ok\n", the transit handshake, records).
 * Message boundaries mean nothing; a text message is a protocol error.
 *
 * gofer_transit_ws_bridge() turns a WebSocket into an ordinary socket: it
 * makes a connected pair of sockets, hands one out, and copies between the
 * other and the WebSocket in the main context. The record stream (blocking
 * I/O in worker threads) and the relay's pairing and forwarder then work
 * on it unchanged. Socket to WebSocket waits while libsoup's socket is not
 * writable, so libsoup holds at most one chunk the socket has not taken.
 * WebSocket to socket: libsoup itself has no way to stop reading, but
 * whoever made the WebSocket over a stream it can pause (gofer-relay's
 * wire) passes a flow function, which is told to pause past
 * GOFER_TRANSIT_WS_HIGH_WATER bytes waiting and to go on at
 * GOFER_TRANSIT_WS_LOW_WATER; the slow side's TCP window then slows the
 * sender down. Without one (or if it pauses too late), at most
 * GOFER_TRANSIT_WS_MAX_QUEUED bytes are held before the WebSocket is
 * closed. */

#include "config.h"

#include "gofer-transit-ws.h"

#include "gofer-websocket.h"

#include <string.h>
#ifdef G_OS_UNIX
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

typedef struct
{
  SoupWebsocketConnection *websocket;
  GSocket                 *socket;            /* our end of the pair, non-blocking */
  GSource                 *read_source;       /* socket readable */
  GSource                 *write_source;      /* socket writable, while queue is not empty */
  GSource                 *ws_writable_source;
  GQueue                   queue;             /* GBytes for the socket */
  gsize                    offset;            /* into the head of queue */
  gsize                    queued;
  gulong                   message_id;
  gulong                   closed_id;
  gboolean                 ws_closed;
  gboolean                 socket_eof;
  GoferTransitWsFlowFunc   flow;
  gpointer                 flow_data;
  GDestroyNotify           flow_destroy;
  gboolean                 paused;
} Bridge;

static void bridge_update (Bridge *bridge);

/* RFC 6455 registry; libsoup 3.2 has no name for it. */
#define CLOSE_TRY_AGAIN_LATER 1013

/* Bytes queued by every bridge of the process, and the most allowed. */
static gsize total_queued;
static gsize max_total_queued = G_MAXSIZE;

/**
 * gofer_transit_ws_set_max_queued_total:
 * @bytes: the most that all bridges together may hold for their sockets
 *
 * A WebSocket whose message would take the total above @bytes is closed
 * with code 1013 ("try again later"). The default is no limit; a relay,
 * whose clients are strangers, sets one.
 */
void
gofer_transit_ws_set_max_queued_total (gsize bytes)
{
  max_total_queued = bytes;
}

gsize
gofer_transit_ws_get_queued_total (void)
{
  return total_queued;
}

static void
bridge_drop_queue (Bridge *bridge)
{
  g_queue_clear_full (&bridge->queue, (GDestroyNotify)g_bytes_unref);
  total_queued -= bridge->queued;
  bridge->queued = 0;
  bridge->offset = 0;
}

static void
destroy_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

/* Tells the flow function to pause reading the WebSocket, or to go on,
 * as the queue for the socket crosses the water marks. */
static void
bridge_flow (Bridge *bridge)
{
  gboolean pause = bridge->paused ? bridge->queued > GOFER_TRANSIT_WS_LOW_WATER
                                  : bridge->queued > GOFER_TRANSIT_WS_HIGH_WATER;

  if (bridge->flow == NULL || pause == bridge->paused)
    return;
  bridge->paused = pause;
  bridge->flow (pause, bridge->flow_data);
}

static void
bridge_free (Bridge *bridge)
{
  destroy_source (&bridge->read_source);
  destroy_source (&bridge->write_source);
  destroy_source (&bridge->ws_writable_source);
  g_clear_signal_handler (&bridge->message_id, bridge->websocket);
  g_clear_signal_handler (&bridge->closed_id, bridge->websocket);
  bridge_drop_queue (bridge);
  bridge_flow (bridge);
  if (bridge->flow_destroy != NULL)
    bridge->flow_destroy (bridge->flow_data);
  g_socket_close (bridge->socket, NULL);
  g_object_unref (bridge->socket);
  g_object_unref (bridge->websocket);
  g_free (bridge);
}

static void
bridge_close_websocket (Bridge *bridge,
                        gushort code)
{
  if (soup_websocket_connection_get_state (bridge->websocket) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (bridge->websocket, code, NULL);
}

/* TRUE when libsoup has no backlog to speak of: its socket takes more. */
static gboolean
websocket_writable (Bridge   *bridge,
                    GSource **source)
{
  GIOStream *base = soup_websocket_connection_get_io_stream (bridge->websocket);
  GOutputStream *output = g_io_stream_get_output_stream (base);

  if (!G_IS_POLLABLE_OUTPUT_STREAM (output) ||
      !g_pollable_output_stream_can_poll (G_POLLABLE_OUTPUT_STREAM (output)) ||
      g_pollable_output_stream_is_writable (G_POLLABLE_OUTPUT_STREAM (output)))
    return TRUE;

  *source = g_pollable_output_stream_create_source (G_POLLABLE_OUTPUT_STREAM (output), NULL);
  return FALSE;
}

static gboolean
ws_writable_cb (GObject  *stream,
                gpointer  user_data)
{
  Bridge *bridge = user_data;

  g_clear_pointer (&bridge->ws_writable_source, g_source_unref);
  bridge_update (bridge);
  return G_SOURCE_REMOVE;
}

static gboolean
socket_readable_cb (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  Bridge *bridge = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *buf = g_malloc (GOFER_TRANSIT_WS_SEND_CHUNK);
  gssize n;

  n = g_socket_receive_with_blocking (socket, buf, GOFER_TRANSIT_WS_SEND_CHUNK, FALSE, NULL, &error);
  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return G_SOURCE_CONTINUE;

  /* libsoup takes nothing once the WebSocket is closing. */
  if (n > 0 && soup_websocket_connection_get_state (bridge->websocket) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_binary (bridge->websocket, buf, n);
  else if (n > 0)
    bridge->socket_eof = TRUE;
  else
    {
      /* The socket side is done: so is the WebSocket, once libsoup has sent
       * what it holds (a close goes out after queued messages). */
      bridge->socket_eof = TRUE;
      bridge_close_websocket (bridge, n == 0 ? SOUP_WEBSOCKET_CLOSE_NORMAL
                                             : SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
    }
  bridge_update (bridge);
  return G_SOURCE_CONTINUE;
}

static gboolean
socket_writable_cb (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  Bridge *bridge = user_data;

  while (!g_queue_is_empty (&bridge->queue))
    {
      g_autoptr(GError) error = NULL;
      GBytes *head = g_queue_peek_head (&bridge->queue);
      gsize len = 0;
      const guint8 *data = g_bytes_get_data (head, &len);
      gssize n;

      n = g_socket_send_with_blocking (socket, (const char *)data + bridge->offset,
                                       len - bridge->offset, FALSE, NULL, &error);
      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        break;
      if (n < 0)
        {
          /* The other end of the pair is gone: nobody wants the rest. */
          bridge_drop_queue (bridge);
          bridge->socket_eof = TRUE;
          bridge_close_websocket (bridge, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
          break;
        }
      bridge->offset += n;
      bridge->queued -= n;
      total_queued -= n;
      if (bridge->offset == len)
        {
          g_bytes_unref (g_queue_pop_head (&bridge->queue));
          bridge->offset = 0;
        }
    }

  bridge_flow (bridge);
  bridge_update (bridge);
  return G_SOURCE_CONTINUE;
}

/* Sets the sources up for the current state, or frees the bridge once both
 * sides are finished. */
static void
bridge_update (Bridge *bridge)
{
  gboolean queue_empty = g_queue_is_empty (&bridge->queue);

  if (bridge->ws_closed && queue_empty)
    {
      bridge_free (bridge);
      return;
    }

  if (!queue_empty && bridge->write_source == NULL)
    {
      bridge->write_source = g_socket_create_source (bridge->socket, G_IO_OUT, NULL);
      g_source_set_callback (bridge->write_source, G_SOURCE_FUNC (socket_writable_cb), bridge, NULL);
      g_source_attach (bridge->write_source, NULL);
    }
  else if (queue_empty)
    destroy_source (&bridge->write_source);

  if (bridge->socket_eof || bridge->ws_closed ||
      soup_websocket_connection_get_state (bridge->websocket) != SOUP_WEBSOCKET_STATE_OPEN)
    {
      destroy_source (&bridge->read_source);
      return;
    }
  if (bridge->ws_writable_source != NULL)
    return;
  if (!websocket_writable (bridge, &bridge->ws_writable_source))
    {
      destroy_source (&bridge->read_source);
      g_source_set_callback (bridge->ws_writable_source, G_SOURCE_FUNC (ws_writable_cb), bridge, NULL);
      g_source_attach (bridge->ws_writable_source, NULL);
      return;
    }
  if (bridge->read_source == NULL)
    {
      bridge->read_source = g_socket_create_source (bridge->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
      g_source_set_callback (bridge->read_source, G_SOURCE_FUNC (socket_readable_cb), bridge, NULL);
      g_source_attach (bridge->read_source, NULL);
    }
}

static void
message_cb (SoupWebsocketConnection *websocket,
            SoupWebsocketDataType    type,
            GBytes                  *message,
            gpointer                 user_data)
{
  Bridge *bridge = user_data;
  gsize len = g_bytes_get_size (message);

  if (bridge->socket_eof || bridge->ws_closed)
    return;
  if (type != SOUP_WEBSOCKET_DATA_BINARY)
    {
      g_debug ("transit-ws: closing on a text message");
      bridge_close_websocket (bridge, SOUP_WEBSOCKET_CLOSE_UNSUPPORTED_DATA);
      return;
    }
  if (bridge->queued + len > GOFER_TRANSIT_WS_MAX_QUEUED)
    {
      g_debug ("transit-ws: closing, %" G_GSIZE_FORMAT " bytes are waiting", bridge->queued);
      bridge_close_websocket (bridge, SOUP_WEBSOCKET_CLOSE_TOO_BIG);
      return;
    }
  if (len > max_total_queued - MIN (total_queued, max_total_queued))
    {
      g_debug ("transit-ws: closing, all WebSockets together hold %" G_GSIZE_FORMAT " bytes",
               total_queued);
      bridge_close_websocket (bridge, CLOSE_TRY_AGAIN_LATER);
      return;
    }
  if (len == 0)
    return;

  g_queue_push_tail (&bridge->queue, g_bytes_ref (message));
  bridge->queued += len;
  total_queued += len;
  bridge_flow (bridge);
  bridge_update (bridge);
}

static void
closed_cb (SoupWebsocketConnection *websocket,
           gpointer                 user_data)
{
  Bridge *bridge = user_data;

  /* What is queued still goes to the socket, then the pair closes. */
  bridge->ws_closed = TRUE;
  bridge_update (bridge);
}

static gboolean
socket_pair (GSocket **ours,
             GSocket **theirs,
             GError  **error)
{
#ifdef G_OS_UNIX
  int fds[2];

  if (socketpair (AF_UNIX, SOCK_STREAM, 0, fds) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "socketpair: %s", g_strerror (saved));
      return FALSE;
    }
  if ((*ours = g_socket_new_from_fd (fds[0], error)) == NULL)
    {
      close (fds[0]);
      close (fds[1]);
      return FALSE;
    }
  if ((*theirs = g_socket_new_from_fd (fds[1], error)) == NULL)
    {
      g_clear_object (ours);
      close (fds[1]);
      return FALSE;
    }
  return TRUE;
#else
  /* No socketpair(): a loopback TCP connection to ourselves. */
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) client = NULL;

  if ((listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                G_SOCKET_PROTOCOL_TCP, error)) == NULL ||
      !g_socket_bind (listener, any, FALSE, error) ||
      !g_socket_listen (listener, error) ||
      (bound = g_socket_get_local_address (listener, error)) == NULL ||
      (client = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                              G_SOCKET_PROTOCOL_TCP, error)) == NULL ||
      !g_socket_connect (client, bound, NULL, error) ||
      (*ours = g_socket_accept (listener, NULL, error)) == NULL)
    return FALSE;
  *theirs = g_steal_pointer (&client);
  return TRUE;
#endif
}

/**
 * gofer_transit_ws_bridge:
 * @websocket: an open WebSocket
 *
 * Returns: (transfer full): a connection whose bytes are the WebSocket's
 *   binary messages, both ways; closing it closes the WebSocket, and the
 *   WebSocket closing ends it (after what it had sent).
 */
GSocketConnection *
gofer_transit_ws_bridge (SoupWebsocketConnection  *websocket,
                         GError                  **error)
{
  return gofer_transit_ws_bridge_with_flow (websocket, NULL, NULL, NULL, error);
}

/**
 * gofer_transit_ws_bridge_with_flow:
 * @websocket: an open WebSocket, over a stream @flow can pause
 * @flow: (nullable): told to stop reading the WebSocket, and to go on
 * @flow_destroy: frees @flow_data once the bridge is gone
 *
 * Like gofer_transit_ws_bridge(), and a socket side that reads slowly
 * slows the WebSocket's sender down instead of filling memory.
 */
GSocketConnection *
gofer_transit_ws_bridge_with_flow (SoupWebsocketConnection  *websocket,
                                   GoferTransitWsFlowFunc    flow,
                                   gpointer                  flow_data,
                                   GDestroyNotify            flow_destroy,
                                   GError                  **error)
{
  g_autoptr(GSocket) ours = NULL;
  g_autoptr(GSocket) theirs = NULL;
  Bridge *bridge;

  g_return_val_if_fail (SOUP_IS_WEBSOCKET_CONNECTION (websocket), NULL);

  if (!socket_pair (&ours, &theirs, error))
    {
      if (flow_destroy != NULL)
        flow_destroy (flow_data);
      return NULL;
    }

  g_socket_set_blocking (ours, FALSE);
  soup_websocket_connection_set_max_incoming_payload_size (websocket, GOFER_TRANSIT_WS_MAX_MESSAGE);

  bridge = g_new0 (Bridge, 1);
  bridge->websocket = g_object_ref (websocket);
  bridge->socket = g_steal_pointer (&ours);
  bridge->flow = flow;
  bridge->flow_data = flow_data;
  bridge->flow_destroy = flow_destroy;
  g_queue_init (&bridge->queue);
  bridge->message_id = g_signal_connect (websocket, "message", G_CALLBACK (message_cb), bridge);
  bridge->closed_id = g_signal_connect (websocket, "closed", G_CALLBACK (closed_cb), bridge);
  if (soup_websocket_connection_get_state (websocket) == SOUP_WEBSOCKET_STATE_CLOSED)
    bridge->ws_closed = TRUE;
  bridge_update (bridge);

  return g_socket_connection_factory_create_connection (theirs);
}

/* The relay sent more than the limits of gofer-websocket.c allow: the
 * WebSocket closes, and with it the bridge. */
static void
websocket_tripped_cb (GoferWebsocket          *stream,
                      int                      trip,
                      SoupWebsocketConnection *websocket)
{
  if (soup_websocket_connection_get_state (websocket) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (websocket,
                                     trip == GOFER_WEBSOCKET_TOO_BIG ? GOFER_WEBSOCKET_CLOSE_TOO_BIG
                                                                     : SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                     NULL);
}

static void
websocket_connect_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SoupWebsocketConnection) websocket = NULL;
  GSocketConnection *connection;
  GError *error = NULL;

  websocket = gofer_websocket_connect_finish (result, &error);
  if (websocket == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_signal_connect_object (gofer_websocket_from_connection (websocket), "tripped",
                           G_CALLBACK (websocket_tripped_cb), websocket, 0);

  if ((connection = gofer_transit_ws_bridge (websocket, &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, connection, g_object_unref);
}

/**
 * gofer_transit_ws_connect_async:
 * @url: a ws:// or wss:// URL
 *
 * Opens a WebSocket to @url and bridges it (gofer_transit_ws_bridge()).
 */
void
gofer_transit_ws_connect_async (const char          *url,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, gofer_transit_ws_connect_async);

  if (url == NULL || (!g_str_has_prefix (url, "ws://") && !g_str_has_prefix (url, "wss://")))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "“%s” is not a WebSocket URL", url ? url : "");
      return;
    }

  /* A message may not be larger than the bridge takes, however the relay
   * fragments it (libsoup 3.2 would reassemble it without limit). */
  gofer_websocket_connect_async (url, GOFER_TRANSIT_WS_MAX_MESSAGE, cancellable,
                                 websocket_connect_cb, g_steal_pointer (&task));
}

GSocketConnection *
gofer_transit_ws_connect_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
