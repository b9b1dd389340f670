/* gofer-transfer.h: what sending and receiving one offer have in common
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <gio/gio.h>

#include "gofer-transfer-stage.h"
#include "gofer-wormhole.h"

G_BEGIN_DECLS

/* Seconds without a byte moving before a transfer fails, unless
 * gofer_transfer_set_idle_timeout() says otherwise. */
#define GOFER_TRANSFER_DEFAULT_IDLE_TIMEOUT 30

#define GOFER_TYPE_TRANSFER (gofer_transfer_get_type ())

G_DECLARE_DERIVABLE_TYPE (GoferTransfer, gofer_transfer, GOFER, TRANSFER, GObject)

struct _GoferTransferClass
{
  GObjectClass parent_class;

  /*< private >*/
  /* Ends the running operation with @error (owned); called once the
   * transfer's own failure or the peer's explanation is known. */
  void (*fail) (GoferTransfer *self,
                GError        *error);

  gpointer padding[8];
};

/* "tcp:HOST:PORT"; NULL or "" for none. Default: GOFER_DEFAULT_TRANSIT_HELPER. */
void               gofer_transfer_set_transit_helper (GoferTransfer *self,
                                                      const char    *hint);
/* FALSE: no listening socket, relay only. Default TRUE. */
void               gofer_transfer_set_listen         (GoferTransfer *self,
                                                      gboolean       listen);
/* Seconds without a byte moving before the transfer fails with
 * GOFER_ERROR_TIMEOUT; 0 waits forever. Default
 * GOFER_TRANSFER_DEFAULT_IDLE_TIMEOUT. */
void               gofer_transfer_set_idle_timeout   (GoferTransfer *self,
                                                      guint          seconds);
/* TRUE: move the bytes below normal priority, for a UI in the same
 * process (gofer_record_stream_set_background()). Default FALSE. */
void               gofer_transfer_set_background     (GoferTransfer *self,
                                                      gboolean       background);
/* "direct HOST:PORT" or "relay HOST:PORT" once connected, else NULL. */
const char        *gofer_transfer_get_route          (GoferTransfer *self);
GoferTransferStage gofer_transfer_get_stage          (GoferTransfer *self);
GoferWormhole     *gofer_transfer_get_wormhole       (GoferTransfer *self);
/* Between two Gofers that both list "resume-v1": the bytes of the file the
 * receiver already held from an earlier, broken transfer, which do not
 * cross again (0 otherwise). Known once the stage is CONNECTING or later;
 * "progress" counts them as done. */
guint64            gofer_transfer_get_resume_offset  (GoferTransfer *self);

/* Signals, on the main context:
 *   "progress" (guint64 bytes_done, guint64 bytes_total), at most ten
 *   times a second;
 *   "peer-left" (GError *why): the peer cancelled or failed while nothing
 *   of ours was running (for example while an offer waits for a person's
 *   answer); a later accept fails with the same error.
 * Property "stage" (GoferTransferStage), with notify::stage. */

G_END_DECLS
