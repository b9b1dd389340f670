/* gofer-paired-peer.h: one computer this one is paired with
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <glib-object.h>

#include "gofer-crypto.h"
#include "gofer-pairing-keys.h"

G_BEGIN_DECLS

/* Names are one line of at most this many characters. */
#define GOFER_PAIRED_PEER_MAX_NAME 64

#define GOFER_TYPE_PAIRED_PEER (gofer_paired_peer_get_type ())

G_DECLARE_FINAL_TYPE (GoferPairedPeer, gofer_paired_peer, GOFER, PAIRED_PEER, GObject)

/* @secret is copied. @name is made printable and short (see
 * gofer_paired_peer_clean_name()). */
GoferPairedPeer *gofer_paired_peer_new            (const char      *name,
                                                   const guint8    *public_key,
                                                   const GoferKey  *secret,
                                                   gint64           paired_unix);
const char      *gofer_paired_peer_get_name       (GoferPairedPeer *self);
void             gofer_paired_peer_set_name       (GoferPairedPeer *self,
                                                   const char      *name);
const guint8    *gofer_paired_peer_get_public_key (GoferPairedPeer *self);
char            *gofer_paired_peer_get_fingerprint (GoferPairedPeer *self);
/* The pairing secret S (docs/security.md, "Paired devices"). */
const GoferKey  *gofer_paired_peer_get_secret     (GoferPairedPeer *self);
gint64           gofer_paired_peer_get_paired_unix (GoferPairedPeer *self);
/* 0 while paired; when this side forgot the peer, the Unix time it did. */
gint64           gofer_paired_peer_get_forgotten_unix (GoferPairedPeer *self);
void             gofer_paired_peer_set_forgotten_unix (GoferPairedPeer *self,
                                                       gint64           unix_time);
gboolean         gofer_paired_peer_is_forgotten   (GoferPairedPeer *self);

/* A name from anywhere (the peer's suggestion, a person) as one printable
 * line of at most GOFER_PAIRED_PEER_MAX_NAME characters, spaces trimmed;
 * "Paired computer" when nothing is left. */
char            *gofer_paired_peer_clean_name     (const char      *name);

G_END_DECLS
