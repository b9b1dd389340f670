/* gofer-relay-connection.h
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "gofer-relay-wire.h"

G_BEGIN_DECLS

typedef struct _GoferRelayMailboxServer GoferRelayMailboxServer;

#define GOFER_RELAY_TYPE_CONNECTION (gofer_relay_connection_get_type ())

G_DECLARE_FINAL_TYPE (GoferRelayConnection, gofer_relay_connection, GOFER_RELAY, CONNECTION, GObject)

GoferRelayConnection *gofer_relay_connection_new         (GoferRelayMailboxServer *server,
                                                          SoupWebsocketConnection *websocket,
                                                          GoferRelayWire          *wire,
                                                          const char              *address);
void                  gofer_relay_connection_start       (GoferRelayConnection    *self);
void                  gofer_relay_connection_close       (GoferRelayConnection    *self,
                                                          gushort                  code,
                                                          const char              *reason);
void                  gofer_relay_connection_keepalive   (GoferRelayConnection    *self);
const char           *gofer_relay_connection_get_address (GoferRelayConnection    *self);
guint64               gofer_relay_connection_frame_limit (guint64                  max_message_size);

G_END_DECLS
