/* gofer-relay-transit.h
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gofer-relay-limits.h"
#include "gofer-relay-usage.h"

G_BEGIN_DECLS

#define GOFER_RELAY_TYPE_TRANSIT (gofer_relay_transit_get_type ())

G_DECLARE_FINAL_TYPE (GoferRelayTransit, gofer_relay_transit, GOFER_RELAY, TRANSIT, GObject)

GoferRelayTransit *gofer_relay_transit_new        (GoferRelayUsage    *usage,
                                                   GoferRelayLimits   *limits,
                                                   gboolean            use_splice);
gboolean           gofer_relay_transit_listen     (GoferRelayTransit  *self,
                                                   const char         *address,
                                                   guint               port,
                                                   GError            **error);
guint              gofer_relay_transit_get_port   (GoferRelayTransit  *self);
gboolean           gofer_relay_transit_adopt      (GoferRelayTransit  *self,
                                                   GSocketConnection  *connection,
                                                   const char         *address);
void               gofer_relay_transit_stop       (GoferRelayTransit  *self);

G_END_DECLS
