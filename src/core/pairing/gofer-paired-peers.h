/* gofer-paired-peers.h: the computers this one is paired with (peers.ini)
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <glib-object.h>

#include "gofer-paired-peer.h"

G_BEGIN_DECLS

/* How long a forgotten peer is kept so that it can be told at its next
 * meeting (docs/security.md, "Paired devices", Forgetting). */
#define GOFER_PAIRED_PEERS_TOMBSTONE_DAYS 90

#define GOFER_TYPE_PAIRED_PEERS (gofer_paired_peers_get_type ())

G_DECLARE_FINAL_TYPE (GoferPairedPeers, gofer_paired_peers, GOFER, PAIRED_PEERS, GObject)

/* Reads peers.ini in @folder (NULL: g_get_user_data_dir()/gofer); no file
 * is an empty list. Entries that cannot be read are left in the file as
 * they are and not used; tombstones past their time are dropped. */
GoferPairedPeers *gofer_paired_peers_load          (const char       *folder,
                                                    GError          **error);
/* The peers still paired, by name (GoferPairedPeer, with references). */
GPtrArray        *gofer_paired_peers_list          (GoferPairedPeers *self);
/* A peer still paired with exactly this name, or NULL. */
GoferPairedPeer  *gofer_paired_peers_lookup_name   (GoferPairedPeers *self,
                                                    const char       *name);
/* A peer this side forgot (a tombstone) with exactly this name, or NULL. */
GoferPairedPeer  *gofer_paired_peers_lookup_forgotten (GoferPairedPeers *self,
                                                       const char       *name);
/* Any peer with this identity key, forgotten ones too, or NULL. */
GoferPairedPeer  *gofer_paired_peers_lookup_key    (GoferPairedPeers *self,
                                                    const guint8     *public_key);
/* Stores a pairing and saves. A peer with the same key is paired anew
 * (new secret and name, no longer forgotten); a name another peer has gets
 * " (2)", " (3)"… Returns the stored peer (owned by @self). */
GoferPairedPeer  *gofer_paired_peers_add           (GoferPairedPeers *self,
                                                    const char       *name,
                                                    const guint8     *public_key,
                                                    const GoferKey   *secret,
                                                    GError          **error);
/* Marks @peer forgotten (a tombstone) and saves. */
gboolean          gofer_paired_peers_forget        (GoferPairedPeers *self,
                                                    GoferPairedPeer  *peer,
                                                    GError          **error);
/* Drops @peer altogether and saves. */
gboolean          gofer_paired_peers_remove        (GoferPairedPeers *self,
                                                    GoferPairedPeer  *peer,
                                                    GError          **error);

G_END_DECLS
