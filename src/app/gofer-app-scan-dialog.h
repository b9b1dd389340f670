/* gofer-app-scan-dialog.h: a window that shows the camera until it has read a QR code
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gofer-app-qr-scanner.h"

G_BEGIN_DECLS

#define GOFER_APP_TYPE_SCAN_DIALOG (gofer_app_scan_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GoferAppScanDialog, gofer_app_scan_dialog, GOFER_APP, SCAN_DIALOG, AdwWindow)

/* Starts @scanner when shown; emits "found" (const char *text) and closes
 * once it reads a code; closing it stops the camera. */
GtkWidget *gofer_app_scan_dialog_new (GtkWindow         *parent,
                                      GoferAppQrScanner *scanner);

G_END_DECLS
