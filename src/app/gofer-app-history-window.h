/* gofer-app-history-window.h: the transfers of the past, with Open and Show in Folder
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gofer-app-history.h"

G_BEGIN_DECLS

#define GOFER_APP_TYPE_HISTORY_WINDOW (gofer_app_history_window_get_type ())

G_DECLARE_FINAL_TYPE (GoferAppHistoryWindow, gofer_app_history_window, GOFER_APP, HISTORY_WINDOW, AdwWindow)

/* A window that lists history, newest first, and follows it. */
GtkWidget *gofer_app_history_window_new (GtkWindow       *transient_for,
                                         GoferAppHistory *history);

G_END_DECLS
