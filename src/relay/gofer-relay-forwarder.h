/* gofer-relay-forwarder.h
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GOFER_RELAY_TYPE_FORWARDER (gofer_relay_forwarder_get_type ())

G_DECLARE_FINAL_TYPE (GoferRelayForwarder, gofer_relay_forwarder, GOFER_RELAY, FORWARDER, GObject)

GoferRelayForwarder *gofer_relay_forwarder_new       (GSocketConnection   *a,
                                                      GSocketConnection   *b,
                                                      guint                idle_timeout,
                                                      gboolean             use_splice);
void                 gofer_relay_forwarder_start     (GoferRelayForwarder *self);
void                 gofer_relay_forwarder_stop      (GoferRelayForwarder *self);
guint64              gofer_relay_forwarder_get_bytes (GoferRelayForwarder *self);
gboolean             gofer_relay_forwarder_get_idle  (GoferRelayForwarder *self);
gboolean             gofer_relay_forwarder_can_splice (void);

G_END_DECLS
