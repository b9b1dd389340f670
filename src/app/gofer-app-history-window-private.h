/* gofer-app-history-window-private.h: the history window's fields, for its tests
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gofer-app-history-window.h"

G_BEGIN_DECLS

struct _GoferAppHistoryWindow
{
  AdwWindow        parent_instance;

  GoferAppHistory *history;
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkListBox      *list;
  GtkButton       *clear_button;
  GtkWidget       *clear_dialog;   /* weak */
  GCancellable    *cancellable;
};

/* Set on each row's Open and Show in Folder buttons. */
#define GOFER_APP_HISTORY_ROW_OPEN_KEY   "gofer-history-open"
#define GOFER_APP_HISTORY_ROW_FOLDER_KEY "gofer-history-folder"

G_END_DECLS
