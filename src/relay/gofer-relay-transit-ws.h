/* gofer-relay-transit-ws.h
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gofer-relay-transit.h"

G_BEGIN_DECLS

#define GOFER_RELAY_TYPE_TRANSIT_WS (gofer_relay_transit_ws_get_type ())

G_DECLARE_FINAL_TYPE (GoferRelayTransitWs, gofer_relay_transit_ws, GOFER_RELAY, TRANSIT_WS, GObject)

GoferRelayTransitWs *gofer_relay_transit_ws_new      (GoferRelayTransit    *transit,
                                                      GoferRelayLimits     *limits);
gboolean             gofer_relay_transit_ws_listen   (GoferRelayTransitWs  *self,
                                                      const char           *address,
                                                      guint                 port,
                                                      GError              **error);
void                 gofer_relay_transit_ws_set_behind_proxy (GoferRelayTransitWs *self,
                                                              gboolean             behind_proxy);
guint                gofer_relay_transit_ws_get_port (GoferRelayTransitWs  *self);
void                 gofer_relay_transit_ws_stop     (GoferRelayTransitWs  *self);

G_END_DECLS
