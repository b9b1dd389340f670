/* gofer-app-scan-dialog.c: a window that shows the camera until it has read a QR code
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gofer-app-scan-dialog.h"

struct _GoferAppScanDialog
{
  AdwWindow          parent_instance;

  GoferAppQrScanner *scanner;
  GtkPicture        *preview;
  GtkLabel          *status;
};

G_DEFINE_FINAL_TYPE (GoferAppScanDialog, gofer_app_scan_dialog, ADW_TYPE_WINDOW)

enum { FOUND, N_SIGNALS };

static guint signals[N_SIGNALS];

static void
frame_cb (GoferAppScanDialog *self,
          GdkTexture         *frame)
{
  gtk_picture_set_paintable (self->preview, GDK_PAINTABLE (frame));
}

static void
found_cb (GoferAppScanDialog *self,
          const char         *text)
{
  g_object_ref (self);
  g_signal_emit (self, signals[FOUND], 0, text);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
failed_cb (GoferAppScanDialog *self,
           const GError       *error)
{
  gtk_label_set_text (self->status, error->message);
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
}

static void
gofer_app_scan_dialog_show (GtkWidget *widget)
{
  GoferAppScanDialog *self = GOFER_APP_SCAN_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  GTK_WIDGET_CLASS (gofer_app_scan_dialog_parent_class)->show (widget);
  if (!gofer_app_qr_scanner_start (self->scanner, &error))
    failed_cb (self, error);
}

static void
gofer_app_scan_dialog_dispose (GObject *object)
{
  GoferAppScanDialog *self = GOFER_APP_SCAN_DIALOG (object);

  if (self->scanner != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->scanner, self);
      gofer_app_qr_scanner_stop (self->scanner);
      g_clear_object (&self->scanner);
    }

  G_OBJECT_CLASS (gofer_app_scan_dialog_parent_class)->dispose (object);
}

static void
gofer_app_scan_dialog_class_init (GoferAppScanDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gofer_app_scan_dialog_dispose;
  widget_class->show = gofer_app_scan_dialog_show;

  signals[FOUND] = g_signal_new ("found", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
build_content (GoferAppScanDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());

  self->preview = GTK_PICTURE (gtk_picture_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->preview), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->preview), 240, 180);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->preview),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Camera picture"), -1);

  self->status = GTK_LABEL (gtk_label_new (_("Hold the QR code that the other computer shows in front of the camera.")));
  gtk_label_set_wrap (self->status, TRUE);
  gtk_label_set_justify (self->status, GTK_JUSTIFY_CENTER);

  gtk_widget_set_margin_top (body, 12);
  gtk_widget_set_margin_bottom (body, 18);
  gtk_widget_set_margin_start (body, 18);
  gtk_widget_set_margin_end (body, 18);
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->preview));
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->status));
  gtk_box_append (GTK_BOX (box), body);
  adw_window_set_content (ADW_WINDOW (self), box);
}

static void
gofer_app_scan_dialog_init (GoferAppScanDialog *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Scan a QR Code"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 480, 440);
  build_content (self);
}

GtkWidget *
gofer_app_scan_dialog_new (GtkWindow         *parent,
                           GoferAppQrScanner *scanner)
{
  GoferAppScanDialog *self;

  g_return_val_if_fail (GOFER_APP_IS_QR_SCANNER (scanner), NULL);

  self = g_object_new (GOFER_APP_TYPE_SCAN_DIALOG, "transient-for", parent, NULL);
  self->scanner = g_object_ref (scanner);
  g_signal_connect_object (scanner, "frame", G_CALLBACK (frame_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (scanner, "found", G_CALLBACK (found_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (scanner, "failed", G_CALLBACK (failed_cb), self, G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}
