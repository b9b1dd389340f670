/* gofer-app-window-scan.c: the window's QR code scanning
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scan button next to the code entry appears only once a camera has
 * been found (gofer-app-camera.c). What a QR code holds goes through the
 * same path as a typed code: a wormhole-transfer: link or a code, and
 * Connect.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gofer-app-camera.h"
#include "gofer-app-format.h"
#include "gofer-app-secret.h"
#include "gofer-app-window-private.h"

#ifdef HAVE_CAMERA
#include "gofer-app-qr-scanner.h"
#include "gofer-app-scan-dialog.h"
#endif

/* The search holds the window weakly: probing cameras may outlast it. */
static void
camera_found_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GWeakRef *window_ref = user_data;
  g_autoptr(GoferAppWindow) self = g_weak_ref_get (window_ref);
  g_autoptr(GObject) camera = gofer_app_camera_find_finish (result, NULL);

  g_weak_ref_clear (window_ref);
  g_free (window_ref);
  if (self == NULL)
    return;

  g_set_object (&self->camera, camera);
  self->camera_searched = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->scan_button), camera != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.scan-code", camera != NULL);
}

void
_gofer_app_window_find_camera (GoferAppWindow *self)
{
  GWeakRef *window_ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (window_ref, self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.scan-code", FALSE);
  gofer_app_camera_find_async (self->cancellable, camera_found_cb, window_ref);
}

void
_gofer_app_window_use_scanned_text (GoferAppWindow *self,
                                    const char     *text)
{
  g_autoptr(GoferAppSecret) code = gofer_app_code_from_text (text);
  g_autoptr(GoferAppSecret) parsed = code != NULL ? gofer_code_parse (code, NULL, NULL) : NULL;

  /* Anything but a code or a link would only meet a sentence about typing. */
  if (parsed == NULL)
    {
      _gofer_app_window_set_code_hint (self, _("This QR code holds no wormhole code. Scan the code that the sending computer shows."), TRUE);
      return;
    }

  gofer_app_window_set_code_text (self, text);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.receive", NULL);
}

#ifdef HAVE_CAMERA
static void
scanned_cb (GoferAppWindow *self,
            const char     *text)
{
  _gofer_app_window_use_scanned_text (self, text);
}

void
_gofer_app_window_scan_with (GoferAppWindow    *self,
                             GoferAppQrScanner *scanner)
{
  GtkWidget *dialog = gofer_app_scan_dialog_new (GTK_WINDOW (self), scanner);

  g_signal_connect_object (dialog, "found", G_CALLBACK (scanned_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}
#endif

void
_gofer_app_window_scan_code (GoferAppWindow *self)
{
#ifdef HAVE_CAMERA
  GstElement *source;
  g_autoptr(GoferAppQrScanner) scanner = NULL;

  if (self->camera == NULL || gofer_app_window_is_busy (self))
    return;
  if ((source = gst_device_create_element (GST_DEVICE (self->camera), NULL)) == NULL)
    {
      gofer_app_window_add_toast (self, _("The camera could not be opened. Type the code instead."));
      return;
    }
  scanner = gofer_app_qr_scanner_new (source);
  _gofer_app_window_scan_with (self, scanner);
#endif
}
