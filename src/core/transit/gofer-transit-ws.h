/* gofer-transit-ws.h: transit through a WebSocket relay (browser clients)
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The most WebSocket payload that may wait for the socket side to take it
 * (libsoup cannot stop reading a WebSocket); beyond it the WebSocket is
 * closed with 1009. */
#define GOFER_TRANSIT_WS_MAX_QUEUED (64 * 1024 * 1024)

/* With a flow function: past HIGH bytes waiting for the socket side, the
 * WebSocket is not to be read for now; at LOW or less, again. */
#define GOFER_TRANSIT_WS_HIGH_WATER (1024 * 1024)
#define GOFER_TRANSIT_WS_LOW_WATER (256 * 1024)

/* The largest WebSocket message accepted, and the largest sent. */
#define GOFER_TRANSIT_WS_MAX_MESSAGE (16 * 1024 * 1024)
#define GOFER_TRANSIT_WS_SEND_CHUNK (64 * 1024)

void               gofer_transit_ws_set_max_queued_total (gsize bytes);
gsize              gofer_transit_ws_get_queued_total     (void);

GSocketConnection *gofer_transit_ws_bridge         (SoupWebsocketConnection  *websocket,
                                                    GError                  **error);

/* @pause TRUE: stop reading the WebSocket; FALSE: read it again. */
typedef void (*GoferTransitWsFlowFunc) (gboolean  pause,
                                        gpointer  user_data);

GSocketConnection *gofer_transit_ws_bridge_with_flow (SoupWebsocketConnection  *websocket,
                                                      GoferTransitWsFlowFunc    flow,
                                                      gpointer                  flow_data,
                                                      GDestroyNotify            flow_destroy,
                                                      GError                  **error);

void               gofer_transit_ws_connect_async  (const char               *url,
                                                    GCancellable             *cancellable,
                                                    GAsyncReadyCallback       callback,
                                                    gpointer                  user_data);
GSocketConnection *gofer_transit_ws_connect_finish (GAsyncResult             *result,
                                                    GError                  **error);

G_END_DECLS
