/* gofer-pairing-keys.h: the derivations of paired devices
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/protocol-extensions.md, section 9, has the recipes and the test
 * vectors; docs/security.md ("Paired devices") says why each exists.
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <glib.h>

#include "gofer-crypto.h"

G_BEGIN_DECLS

#define GOFER_IDENTITY_PUBLIC_KEY_SIZE 32
#define GOFER_IDENTITY_SIGNATURE_SIZE 64
/* 15 bytes of the rendezvous in base32: 24 characters. */
#define GOFER_PAIRING_MAILBOX_ID_LENGTH 24

/* The UTC day of @unix_seconds: floor(seconds / 86400). */
guint64   gofer_pairing_day_of             (gint64          unix_seconds);
guint64   gofer_pairing_day_now            (void);

/* S = derive_key(K, "gofer:pair:secret-v1") from a conversation's key. */
GoferKey *gofer_pairing_derive_secret      (const GoferKey *wormhole_key);
/* R_d = derive_key(S, "gofer:pair:rendezvous-v1:" || day) */
GoferKey *gofer_pairing_derive_rendezvous  (const GoferKey *secret,
                                            guint64         day);
/* The day's mailbox id: lowercase base32 of R_d[0:15], no padding. */
char     *gofer_pairing_derive_mailbox_id  (const GoferKey *secret,
                                            guint64         day);
/* The mailbox id of @slot on @day: slot 0 is the day's mailbox above;
 * slot n > 0 uses R_d,n = derive_key(S, "gofer:pair:rendezvous-v1:" || day
 * || "." || n). A waiting side takes a new slot each time it starts, so a
 * side killed while waiting does not crowd out the next meeting. */
char     *gofer_pairing_derive_slot_mailbox_id (const GoferKey *secret,
                                                guint64         day,
                                                guint           slot);
/* How many slots a day has: the sender knocks on all of them. */
#define GOFER_PAIRING_SLOTS 8
/* P_d = derive_key(S, "gofer:pair:meeting-v1:" || day), the SPAKE2 password. */
GoferKey *gofer_pairing_derive_meeting_password (const GoferKey *secret,
                                                 guint64         day);
/* "1a2b 3c4d 5e6f 7a8b": the first 16 hex digits of SHA-256(public key). */
char     *gofer_pairing_fingerprint        (const guint8   *public_key);

G_END_DECLS
