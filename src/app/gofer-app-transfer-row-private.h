/* gofer-app-transfer-row-private.h: the row's fields, for its tests
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gofer-app-speed.h"
#include "gofer-app-transfer-row.h"

G_BEGIN_DECLS

struct _GoferAppTransferRow
{
  AdwBin                     parent_instance;

  /* Template children (not the root box: AdwBin owns its child) */
  GtkImage                  *icon;
  GtkLabel                  *name_label;
  GtkLabel                  *status_label;
  GtkProgressBar            *progress_bar;
  GtkButton                 *accept_button;
  GtkButton                 *decline_button;
  GtkButton                 *cancel_button;
  GtkButton                 *open_button;

  GoferConversationTransfer *transfer;
  GFile                     *download_folder;
  GoferAppSpeed             *speed;
  GCancellable              *cancellable;
  gint64                     status_us;
};

G_END_DECLS
