/* gofer-pairing.h: pairing two Gofers inside their conversation
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each side that wants to pair sends gofer-pair (its identity key and a
 * suggested name for itself); once a side has sent one and received one,
 * it derives the pairing secret from the conversation's key and stores the
 * peer (docs/protocol-extensions.md §9, docs/security.md "Paired devices").
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <glib-object.h>

#include "gofer-conversation.h"
#include "gofer-identity.h"
#include "gofer-paired-peers.h"

G_BEGIN_DECLS

#define GOFER_PAIRING_FEATURE "pair-v1"

#define GOFER_TYPE_PAIRING (gofer_pairing_get_type ())

G_DECLARE_FINAL_TYPE (GoferPairing, gofer_pairing, GOFER, PAIRING, GObject)

/* Lists GOFER_PAIRING_FEATURE in the conversation's version message, so
 * create it before the wormhole gets its code. */
GoferPairing    *gofer_pairing_new            (GoferConversation *conversation,
                                               GoferIdentity     *identity,
                                               GoferPairedPeers  *peers);
/* Once the conversation started: whether the peer's Gofer can pair. */
gboolean         gofer_pairing_is_possible    (GoferPairing      *self);
/* Says that this side wants to pair, suggesting @own_name as the name the
 * peer gives it. GOFER_ERROR_NOT_SUPPORTED when the peer cannot pair. */
gboolean         gofer_pairing_ask            (GoferPairing      *self,
                                               const char        *own_name,
                                               GError           **error);
/* Says that this side does not want to pair. */
void             gofer_pairing_decline        (GoferPairing      *self);
/* The name to store the peer under; by default the one it suggested. */
void             gofer_pairing_set_peer_name  (GoferPairing      *self,
                                               const char        *name);
/* The name the peer suggested, cleaned; NULL until its gofer-pair came. */
const char      *gofer_pairing_get_suggested_name (GoferPairing  *self);
/* The stored peer once "paired" was emitted, else NULL. */
GoferPairedPeer *gofer_pairing_get_peer       (GoferPairing      *self);

/* Signals:
 *   "asked" (const char *suggested_name, const char *fingerprint): the
 *     peer wants to pair and this side has not said so yet; answer with
 *     gofer_pairing_ask() or gofer_pairing_decline()
 *   "paired" (GoferPairedPeer *peer): both sides said so; the peer is stored
 *   "declined" (): the peer does not want to pair
 *   "failed" (GError *): the peer's message was malformed, or storing failed */

G_END_DECLS
