/* gofer-standard-peer.h: what a standard wormhole client does on the other
 * side of a Gofer that wanted a conversation
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/protocol-extensions.md, section 1: when the peer does not list
 * conversation-v1, the Gofer side acts as a standard client for one
 * transfer, and must first find out whether the peer sends or waits. A
 * sender offers right after its version (Python, Go: "transit" then
 * "offer"). A receiver sends nothing (Python, Go) or only its "transit"
 * (Rust: wormhole-rs, GNOME Warp), then waits for an offer. So only an
 * "offer" means the peer sends. `gofer chat` and the app both ask here.
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <gio/gio.h>

#include "gofer-wormhole.h"

G_BEGIN_DECLS

/* A standard sender makes its offer right after the key exchange. */
#define GOFER_STANDARD_OFFER_WAIT_S 5

typedef enum
{
  GOFER_STANDARD_PEER_SENDS, /* its offer is waiting: receive it */
  GOFER_STANDARD_PEER_WAITS, /* no offer came: it waits for ours */
} GoferStandardPeerRole;

/* Completes with SENDS as soon as an offer is among the peer's messages,
 * or with WAITS after GOFER_STANDARD_OFFER_WAIT_S seconds without one.
 * Takes no message: whoever then sends or receives reads them all (a Rust
 * receiver's transit hints included). Fails when the wormhole fails first. */
void                  gofer_standard_peer_guess_role_async  (GoferWormhole        *wormhole,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
GoferStandardPeerRole gofer_standard_peer_guess_role_finish (GoferWormhole        *wormhole,
                                                             GAsyncResult         *result,
                                                             GError              **error);
/* Tells a waiting standard receiver that no offer will come, so that it
 * stops waiting, in the words the protocol extension gives. */
void                  gofer_standard_peer_refuse            (GoferWormhole        *wormhole);

G_END_DECLS
