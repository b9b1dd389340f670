/* gofer-transfer-stage.h: where a transfer is, for progress displays
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  GOFER_TRANSFER_STAGE_PREPARING,     /* zipping a folder, measuring files */
  GOFER_TRANSFER_STAGE_WAITING,       /* for the peer, or for the peer to accept */
  GOFER_TRANSFER_STAGE_CONNECTING,    /* transit race */
  GOFER_TRANSFER_STAGE_TRANSFERRING,  /* bytes moving: see the progress signal */
  GOFER_TRANSFER_STAGE_FINISHING,     /* checksum ack, unpacking a folder */
  GOFER_TRANSFER_STAGE_DONE,
} GoferTransferStage;

GType gofer_transfer_stage_get_type (void);
#define GOFER_TYPE_TRANSFER_STAGE (gofer_transfer_stage_get_type ())

G_END_DECLS
