/* gofer-spake2.h: SPAKE2 on Ed25519, as python-spake2's SPAKE2_Symmetric
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <glib.h>

#include "gofer-crypto.h"

G_BEGIN_DECLS

#define GOFER_SPAKE2_MESSAGE_SIZE 33

typedef struct _GoferSpake2 GoferSpake2;

GoferSpake2 *gofer_spake2_new              (const guint8 *password,
                                            gsize         password_len,
                                            const guint8 *id_symmetric,
                                            gsize         id_len);
/* For tests: 64 bytes of fixed entropy instead of randombytes. */
GoferSpake2 *gofer_spake2_new_with_entropy (const guint8 *password,
                                            gsize         password_len,
                                            const guint8 *id_symmetric,
                                            gsize         id_len,
                                            const guint8 *entropy64);
/* The 33-byte outbound message: 'S' || X*. */
const guint8 *gofer_spake2_get_message     (GoferSpake2  *self);
/* Checks the peer's 33-byte message and computes the shared key.
 * GOFER_ERROR_PROTOCOL on a malformed, asymmetric, invalid or reflected message. */
GoferKey    *gofer_spake2_finish           (GoferSpake2  *self,
                                            const guint8 *peer_message,
                                            gsize         peer_len,
                                            GError      **error);
/* After gofer_spake2_finish(): the key a wormhole-william peer derives when
 * it differs from the standard one (one exchange in 256), or NULL. Only the
 * peer's first encrypted message tells which of the two it holds. */
GoferKey    *gofer_spake2_steal_william_key (GoferSpake2 *self);
void         gofer_spake2_free             (GoferSpake2  *self);
/* pw = big-endian-int(HKDF(password, "SPAKE2 pw", 48)) mod L, written as a
 * 32-byte little-endian scalar (exposed for the test vectors). */
void         gofer_spake2_password_to_scalar (const guint8 *password,
                                              gsize         password_len,
                                              guint8       *scalar);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferSpake2, gofer_spake2_free)

G_END_DECLS
