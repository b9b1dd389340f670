/* gofer-app-transfer-row.h: one file or folder of a conversation, in the
 * chat list
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gofer.h"

G_BEGIN_DECLS

#define GOFER_APP_TYPE_TRANSFER_ROW (gofer_app_transfer_row_get_type ())

G_DECLARE_FINAL_TYPE (GoferAppTransferRow, gofer_app_transfer_row, GOFER_APP, TRANSFER_ROW, AdwBin)

/* Follows the transfer: its name and size, what it is doing, its progress,
 * and the buttons that fit: Accept and Decline for an offer from the other
 * side (Accept saves into download_folder), Cancel while it runs, Open once
 * received. */
GtkWidget                 *gofer_app_transfer_row_new          (GoferConversationTransfer *transfer,
                                                                GFile                     *download_folder);
GoferConversationTransfer *gofer_app_transfer_row_get_transfer (GoferAppTransferRow       *self);

G_END_DECLS
