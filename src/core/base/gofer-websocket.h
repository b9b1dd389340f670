/* gofer-websocket.h: a client WebSocket whose messages are bounded while
 * their frames arrive
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef enum {
  GOFER_WEBSOCKET_OK,
  GOFER_WEBSOCKET_TOO_BIG,      /* one message's frames added up past the limit */
  GOFER_WEBSOCKET_NOT_READING,  /* the server left too much of ours unsent */
} GoferWebsocketTrip;

/* RFC 6455 close code 1009 ("message too big"). */
#define GOFER_WEBSOCKET_CLOSE_TOO_BIG 1009

/* The most pongs, and bytes of pongs, owed to a server that does not read
 * what we send before the connection trips. */
#define GOFER_WEBSOCKET_MAX_UNSENT (1024 * 1024)
#define GOFER_WEBSOCKET_MAX_PONGS  4096

/* Opens a WebSocket to @url (ws://, wss://; http:// and https:// mean the
 * same) through GSocketClient: the system's proxy settings, TLS for wss://.
 * Every message from the server, however it is fragmented, may carry at
 * most @max_message bytes: past that the connection stops reading and
 * "tripped" is emitted on the GoferWebsocket (see
 * gofer_websocket_from_connection()). */
void                     gofer_websocket_connect_async   (const char           *url,
                                                          guint64               max_message,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
SoupWebsocketConnection *gofer_websocket_connect_finish  (GAsyncResult         *result,
                                                          GError              **error);

#define GOFER_TYPE_WEBSOCKET (gofer_websocket_get_type ())
G_DECLARE_FINAL_TYPE (GoferWebsocket, gofer_websocket, GOFER, WEBSOCKET, GIOStream)

/* The stream under a connection made by gofer_websocket_connect_async(),
 * NULL for any other. */
GoferWebsocket          *gofer_websocket_from_connection (SoupWebsocketConnection *connection);
GoferWebsocketTrip       gofer_websocket_get_trip        (GoferWebsocket          *self);
/* g_get_monotonic_time() of the last bytes read from the server. */
gint64                   gofer_websocket_get_last_read_time (GoferWebsocket      *self);
/* Sends @text, counting it as queued (see GOFER_WEBSOCKET_MAX_UNSENT). */
void                     gofer_websocket_send_text       (SoupWebsocketConnection *connection,
                                                          const char              *text);

/* Tests: the stream over any connection, the way connect_async() makes it;
 * @head holds bytes already read from @base. */
GoferWebsocket          *_gofer_websocket_new            (GIOStream               *base,
                                                          const guint8            *head,
                                                          gsize                    head_len,
                                                          guint64                  max_message,
                                                          guint64                  max_unsent);

G_END_DECLS
