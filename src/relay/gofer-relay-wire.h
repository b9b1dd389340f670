/* gofer-relay-wire.h
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GOFER_RELAY_TYPE_WIRE (gofer_relay_wire_get_type ())

G_DECLARE_FINAL_TYPE (GoferRelayWire, gofer_relay_wire, GOFER_RELAY, WIRE, GIOStream)

typedef enum
{
  GOFER_RELAY_WIRE_OK,
  GOFER_RELAY_WIRE_MESSAGE_TOO_BIG,  /* a message grew past the message limit */
  GOFER_RELAY_WIRE_NOT_READING,      /* the peer left too much unsent */
  GOFER_RELAY_WIRE_BUSY,             /* all wires together hold too much of messages on their way in */
} GoferRelayWireTrip;

GoferRelayWire     *gofer_relay_wire_new         (GIOStream      *base,
                                                  guint64         max_message,
                                                  guint64         max_unsent);
gboolean            gofer_relay_wire_queued      (GoferRelayWire *self,
                                                  gsize           payload_len);
guint64             gofer_relay_wire_get_unsent  (GoferRelayWire *self);
gboolean            gofer_relay_wire_ping        (GoferRelayWire *self);
void                gofer_relay_wire_set_socket  (GoferRelayWire *self,
                                                  GSocket        *socket);
void                gofer_relay_wire_set_paused  (GoferRelayWire *self,
                                                  gboolean        paused);
GoferRelayWireTrip  gofer_relay_wire_get_trip    (GoferRelayWire *self);

void                gofer_relay_wire_set_max_total_unsent (guint64 max_total);
void                gofer_relay_wire_set_max_total_incoming (guint64 max_total);
guint64             gofer_relay_wire_get_total_unsent     (void);

G_END_DECLS
