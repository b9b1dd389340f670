/* gofer-receiver.h: receives one offer over a wormhole
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <gio/gio.h>

#include "gofer-offer.h"
#include "gofer-transfer.h"
#include "gofer-wormhole.h"

G_BEGIN_DECLS

#define GOFER_TYPE_RECEIVER (gofer_receiver_get_type ())

G_DECLARE_FINAL_TYPE (GoferReceiver, gofer_receiver, GOFER, RECEIVER, GoferTransfer)

GoferReceiver *gofer_receiver_new                  (GoferWormhole        *wormhole);
/* Where files land; the received name is made safe and unique inside it.
 * Default: the XDG download folder. */
void           gofer_receiver_set_download_folder  (GoferReceiver        *self,
                                                    GFile                *folder);
/* An exact target chosen by the person ("Save As…", --output-file); still
 * never overwrites: a taken name gets " (1)". */
void           gofer_receiver_set_target           (GoferReceiver        *self,
                                                    GFile                *target);
GoferOffer    *gofer_receiver_get_offer            (GoferReceiver        *self);
/* The finished file or folder; NULL until accept succeeded. */
GFile         *gofer_receiver_get_received_file    (GoferReceiver        *self);
/* After a failed accept: the .part left, with its journal, for the same
 * file sent again by a Gofer to go on from ("resume-v1"); NULL when none
 * was kept (a standard sender, a cancel, corrupt data). */
GFile         *gofer_receiver_get_kept_part        (GoferReceiver        *self);
/* Transit settings, stage, "progress" and "peer-left" (the sender
 * cancelled while the offer waits for an answer): see GoferTransfer. */

/* Waits for the key exchange and the sender's offer. */
void           gofer_receiver_wait_for_offer_async (GoferReceiver        *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GoferOffer    *gofer_receiver_wait_for_offer_finish (GoferReceiver       *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* Accepts the offer: a text is acknowledged at once; a file or folder is
 * checked for free space, received into a .part file, verified, and only
 * then given its final name. Then closes. */
void           gofer_receiver_accept_async         (GoferReceiver        *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean       gofer_receiver_accept_finish        (GoferReceiver        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* Tells the sender "transfer rejected", then closes. */
void           gofer_receiver_decline_async        (GoferReceiver        *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean       gofer_receiver_decline_finish       (GoferReceiver        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
