/* fuzz-peer.h: the fuzz input as a hostile mailbox server and peer
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by fuzz-mailbox-client and fuzz-conversation, on top of the tests'
 * fake server and peer (tests/lib/gofer-test-peer.h), with its serving off:
 * the harness welcomes the wormhole, lets it claim the code, and then sends
 * what the input says. Items are [kind u8][u16 length][bytes]:
 *   0  a raw frame from the server (any text)
 *   1  the peer's correct "pake" message (bytes ignored)
 *   2  a peer message sealed with the right phase key once the key is known
 *      (a zero key before): phase byte 0 ("version" for 0xff, else its
 *      number mod 16), plaintext the rest
 *   3  a peer message whose body is the rest, hex-encoded (garbage ciphertext)
 *   4  a "pake" message whose body is the rest, hex-encoded (any JSON)
 *   5  a "pake" message whose pake_v1 is the rest, hex-encoded
 */

#pragma once

#include "gofer-test-peer.h"

G_BEGIN_DECLS

typedef struct
{
  GoferTestPeer  *peer;
  GoferWormhole  *wormhole;     /* the peer's */
  gboolean        code_done;
  const gboolean *done;
} FuzzPeer;

/* A wormhole whose mailbox is played by the harness; set the code with
 * fuzz_peer_claim() once whatever uses the wormhole is attached. */
void  fuzz_peer_init       (FuzzPeer      *peer);
/* Sets the code and lets the "server" confirm the claim. */
void  fuzz_peer_claim      (FuzzPeer      *peer);
/* Sends every item of the input, running the main context after each. */
void  fuzz_peer_feed       (FuzzPeer      *peer,
                            const guint8  *data,
                            gsize          size);
/* Lets the server confirm a close and fail a claim still pending, then waits
 * (at most 10 s, else a failed check) until *done is TRUE and the claim has
 * ended. */
void  fuzz_peer_finish     (FuzzPeer      *peer,
                            const gboolean *done);
void  fuzz_peer_clear      (FuzzPeer      *peer);
/* Runs what is ready on the main context, without blocking. */
void  fuzz_drain           (void);

G_END_DECLS
