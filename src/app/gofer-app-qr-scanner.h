/* gofer-app-qr-scanner.h: reads a QR code from a camera's pictures
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GOFER_APP_TYPE_QR_SCANNER (gofer_app_qr_scanner_get_type ())

G_DECLARE_FINAL_TYPE (GoferAppQrScanner, gofer_app_qr_scanner, GOFER_APP, QR_SCANNER, GObject)

/* @source: any element with raw video on its source pad (a camera's, or in
 * tests a still picture); the scanner takes its floating reference.
 *
 * Signals, all in the thread-default main context of start():
 *   "frame" (GdkTexture *)  the latest picture, for a preview, at most 15 a second
 *   "found" (const char *)  the text of the first QR code seen; scanning stops
 *   "failed" (GError *)     the camera stopped working; scanning stops */
GoferAppQrScanner *gofer_app_qr_scanner_new   (GstElement         *source);
gboolean           gofer_app_qr_scanner_start (GoferAppQrScanner  *self,
                                               GError            **error);
void               gofer_app_qr_scanner_stop  (GoferAppQrScanner  *self);

G_END_DECLS
