/* gofer-transfer-stage.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-transfer-stage.h"

G_DEFINE_ENUM_TYPE (GoferTransferStage, gofer_transfer_stage,
                    G_DEFINE_ENUM_VALUE (GOFER_TRANSFER_STAGE_PREPARING, "preparing"),
                    G_DEFINE_ENUM_VALUE (GOFER_TRANSFER_STAGE_WAITING, "waiting"),
                    G_DEFINE_ENUM_VALUE (GOFER_TRANSFER_STAGE_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (GOFER_TRANSFER_STAGE_TRANSFERRING, "transferring"),
                    G_DEFINE_ENUM_VALUE (GOFER_TRANSFER_STAGE_FINISHING, "finishing"),
                    G_DEFINE_ENUM_VALUE (GOFER_TRANSFER_STAGE_DONE, "done"))
