/* gofer-transit.h: the transit connection race (direct TCP and relay)
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <gio/gio.h>

#include "gofer-crypto.h"
#include "gofer-record-stream.h"
#include "gofer-transit-hints.h"

G_BEGIN_DECLS

#define GOFER_TRANSIT_DEFAULT_TIMEOUT_MS 60000
#define GOFER_TRANSIT_DEFAULT_RELAY_DELAY_MS 2000
/* A direct inbound connection must finish its handshake within this. */
#define GOFER_TRANSIT_DEFAULT_HANDSHAKE_TIMEOUT_MS 10000
/* Direct inbound connections still in their handshake; more are closed at once. */
#define GOFER_TRANSIT_MAX_PENDING_INBOUND 8
/* Connections dialled to one host, whatever the ports the peer lists. */
#define GOFER_TRANSIT_MAX_DIALS_PER_HOST 4

/* "transit sender <hex> ready\n\n" or "transit receiver <hex> ready\n\n" */
char *gofer_transit_derive_handshake   (const GoferKey   *transit_key,
                                        GoferTransitRole  role);
/* "please relay <hex token> for side <side>\n" */
char *gofer_transit_derive_relay_line  (const GoferKey   *transit_key,
                                        const char       *side);

#define GOFER_TYPE_TRANSIT (gofer_transit_get_type ())

G_DECLARE_FINAL_TYPE (GoferTransit, gofer_transit, GOFER, TRANSIT, GObject)

GoferTransit      *gofer_transit_new               (GoferTransitRole     role,
                                                    const GoferKey      *transit_key);
GoferTransitRole   gofer_transit_get_role          (GoferTransit        *self);
/* Listen for direct connections (default TRUE); set before preparing. */
void               gofer_transit_set_listen        (GoferTransit        *self,
                                                    gboolean             listen);
/* Adds one of our own relays (a relay-v1 hint, e.g. from
 * gofer_transit_hint_parse_relay_url()); set before preparing. */
void               gofer_transit_add_relay         (GoferTransit        *self,
                                                    const GoferTransitHint *relay);
/* Whole connection attempt, counted from gofer_transit_connect_async() (default 60 s). */
void               gofer_transit_set_timeout       (GoferTransit        *self,
                                                    guint                timeout_ms);
/* How long a direct inbound connection may take over its handshake
 * (default GOFER_TRANSIT_DEFAULT_HANDSHAKE_TIMEOUT_MS). */
void               gofer_transit_set_handshake_timeout (GoferTransit    *self,
                                                        guint            timeout_ms);
/* How long relays wait when the peer offered direct hints (default 2 s). */
void               gofer_transit_set_relay_delay   (GoferTransit        *self,
                                                    guint                delay_ms);

/* Starts listening, finds the local addresses and, as sender, connects to our
 * own relays at once (Go and Rust receivers only dial). */
void               gofer_transit_prepare_async     (GoferTransit        *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean           gofer_transit_prepare_finish    (GoferTransit        *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* Our hints (GoferTransitHint, owned by @self), valid once prepared: put them in
 * the "transit" message with gofer_transit_message_new(). */
GPtrArray         *gofer_transit_get_hints         (GoferTransit        *self);
/* The port we listen on, 0 when not listening. */
guint16            gofer_transit_get_port          (GoferTransit        *self);

/* Races every way to reach the peer and returns the first connection whose
 * handshake completed, ready for records. One attempt per GoferTransit; when it
 * ends, every other connection and the listener are closed.
 * Failure: GOFER_ERROR_TRANSIT (or G_IO_ERROR_CANCELLED). */
void               gofer_transit_connect_async     (GoferTransit        *self,
                                                    GPtrArray           *peer_hints,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GoferRecordStream *gofer_transit_connect_finish    (GoferTransit        *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* Stops listening and drops every pending connection; a pending connect fails
 * with G_IO_ERROR_CANCELLED. */
void               gofer_transit_close             (GoferTransit        *self);

G_END_DECLS
