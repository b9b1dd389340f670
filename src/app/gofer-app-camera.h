/* gofer-app-camera.h: finding a camera to scan a QR code with
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The camera as an opaque GstDevice, or NULL (without error) when there is
 * none or nothing here could read a QR code from it. */
void     gofer_app_camera_find_async  (GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
GObject *gofer_app_camera_find_finish (GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS
