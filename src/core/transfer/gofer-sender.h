/* gofer-sender.h: sends one offer over a wormhole
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

#define GOFER_TYPE_SENDER (gofer_sender_get_type ())

G_DECLARE_FINAL_TYPE (GoferSender, gofer_sender, GOFER, SENDER, GoferTransfer)

GoferSender *gofer_sender_new_text    (GoferWormhole        *wormhole,
                                       const char           *text);
/* One regular file goes as a file offer; a folder, or several paths, as
 * one zipped folder offer (several paths sit at its top level). */
GoferSender *gofer_sender_new_files   (GoferWormhole        *wormhole,
                                       GFile               **files,
                                       guint                 n_files);
/* NULL until prepared (a folder must be zipped to know its size). */
GoferOffer  *gofer_sender_get_offer   (GoferSender          *self);
/* Transit settings, stage and "progress": see GoferTransfer.
 *
 * Waits for the peer, sends the offer and whatever it accepts, then closes
 * the wormhole. GOFER_ERROR_REJECTED when declined. Cancelling tells the
 * peer before closing. */
void         gofer_sender_run_async   (GoferSender          *self,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gboolean     gofer_sender_run_finish  (GoferSender          *self,
                                       GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS
