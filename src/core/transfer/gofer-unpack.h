/* gofer-unpack.h: a folder that arrived packed as one file
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Warp and wormhole-rs pack a folder themselves and send it as a file:
 * Warp as NAME.zip, wormhole-rs as NAME.tar. The person meant to send a
 * folder, so Gofer offers to unpack it (gofer receive asks, the app shows
 * Unpack), through the same checks as a folder received as one.
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <gio/gio.h>

#include "gofer-receiver.h"

G_BEGIN_DECLS

/* When the file @receiver saved is NAME.zip or NAME.tar and the sender's
 * client packs folders into such files itself (its versions list
 * "transfer-v1": Warp, wormhole-rs), NAME, the folder it would unpack
 * into; otherwise (another client, another name, a text or a folder, or
 * nothing saved yet) %NULL. */
char  *gofer_receiver_dup_packed_folder (GoferReceiver        *receiver);

/* Unpacks @archive, a file called NAME.zip or NAME.tar, into a new folder
 * NAME beside it ("NAME (1)" when taken), through the checks a received
 * folder goes through: names made safe, no absolute or climbing names, no
 * links or special files, no name twice, size caps, nothing written before
 * the whole archive passed, never overwriting, and all of it within the
 * free space. A NAME.tar whose entries all lie in NAME/ (as wormhole-rs
 * packs) gives NAME, not NAME/NAME. The archive stays as it is. Completes
 * with the folder made. */
void   gofer_unpack_async              (GFile                *archive,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
GFile *gofer_unpack_finish             (GAsyncResult         *result,
                                        GError              **error);

G_END_DECLS
