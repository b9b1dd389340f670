/* test-qr-scan.c: reading a code from a QR code with the camera
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No camera runs here, so the camera's place is taken by a still picture
 * (multifilesrc ! pngdec, which sends it as a video stream the way
 * a camera does); everything after it, the zbar element reading the code,
 * the scan window and the window's receive, is the app's own. The QR codes
 * are drawn from the modules of the app's own QR code widget, so a code
 * shown by one Gofer is proven readable by another.
 */

#include "config.h"

#include <adwaita.h>

#include "gofer-app-qr-code.h"
#include "gofer-app-test-utils.h"
#include "gofer-app-qr-scanner.h"
#include "gofer-app-scan-dialog.h"
#include "gofer-app-window-private.h"
#include "gofer-test-util.h"

#define SCAN_TIMEOUT_MS 15000
#define MODULE_PX 8
#define PICTURE_W 640
#define PICTURE_H 480

typedef struct
{
  GFile   *dir;
  char    *found;
  GError  *failed;
  guint    frames;
  int      frame_width;
  char    *received_code;
} Fixture;

/* A camera-sized grey picture with @text's QR code in the middle, as a PNG. */
static char *
draw_qr_png (Fixture    *fixture,
             const char *text)
{
  g_autoptr(GoferAppQrCode) qr = g_object_ref_sink (GOFER_APP_QR_CODE (gofer_app_qr_code_new ()));
  g_autofree guchar *pixels = g_malloc (PICTURE_W * PICTURE_H * 4);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GFile) file = g_file_get_child (fixture->dir, "qr.png");
  char *path = g_file_get_path (file);
  int size, side, x0, y0;

  gofer_app_qr_code_set_text (qr, text);
  size = gofer_app_qr_code_get_size (qr);
  side = (size + 2 * GOFER_APP_QR_CODE_QUIET_ZONE) * MODULE_PX;
  g_assert_cmpint (side, <=, PICTURE_H);
  x0 = (PICTURE_W - side) / 2 + GOFER_APP_QR_CODE_QUIET_ZONE * MODULE_PX;
  y0 = (PICTURE_H - side) / 2 + GOFER_APP_QR_CODE_QUIET_ZONE * MODULE_PX;

  for (int y = 0; y < PICTURE_H; y++)
    for (int x = 0; x < PICTURE_W; x++)
      {
        guchar *p = pixels + (y * PICTURE_W + x) * 4;
        int mx = x >= x0 ? (x - x0) / MODULE_PX : -1;
        int my = y >= y0 ? (y - y0) / MODULE_PX : -1;
        gboolean in_symbol = x >= x0 - GOFER_APP_QR_CODE_QUIET_ZONE * MODULE_PX &&
                             x < x0 + (size + GOFER_APP_QR_CODE_QUIET_ZONE) * MODULE_PX &&
                             y >= y0 - GOFER_APP_QR_CODE_QUIET_ZONE * MODULE_PX &&
                             y < y0 + (size + GOFER_APP_QR_CODE_QUIET_ZONE) * MODULE_PX;
        guchar v = in_symbol ? (gofer_app_qr_code_get_module (qr, mx, my) ? 20 : 235) : 128;

        p[0] = p[1] = p[2] = v;
        p[3] = 255;
      }

  bytes = g_bytes_new_take (g_steal_pointer (&pixels), PICTURE_W * PICTURE_H * 4);
  texture = gdk_memory_texture_new (PICTURE_W, PICTURE_H, GDK_MEMORY_R8G8B8A8, bytes, PICTURE_W * 4);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  return path;
}

/* The still picture in the camera's place. */
static GoferAppQrScanner *
scanner_for_picture (const char *path)
{
  g_autoptr(GError) error = NULL;
  /* multifilesrc reads the picture again for every frame, at a camera's
   * pace (imagefreeze sometimes started timing frames before it knew its
   * frame rate, a GStreamer critical under load). */
  g_autofree char *description = g_strdup_printf ("multifilesrc location=\"%s\" loop=true "
                                                  "caps=image/png,framerate=15/1 ! pngdec", path);
  GstElement *source = gst_parse_bin_from_description (description, TRUE, &error);

  g_assert_no_error (error);
  return gofer_app_qr_scanner_new (source);
}

static void
found_cb (GoferAppQrScanner *scanner,
          const char        *text,
          Fixture           *fixture)
{
  g_assert_null (fixture->found);
  fixture->found = g_strdup (text);
}

static void
failed_cb (GoferAppQrScanner *scanner,
           const GError      *error,
           Fixture           *fixture)
{
  g_assert_null (fixture->failed);
  fixture->failed = g_error_copy (error);
}

static void
frame_cb (GoferAppQrScanner *scanner,
          GdkTexture        *frame,
          Fixture           *fixture)
{
  fixture->frames++;
  fixture->frame_width = gdk_texture_get_width (frame);
}

static void
receive_requested_cb (GoferAppWindow *window,
                      const char     *code,
                      Fixture        *fixture)
{
  g_assert_null (fixture->received_code);
  fixture->received_code = g_strdup (code);
}

static void
watch (Fixture           *fixture,
       GoferAppQrScanner *scanner)
{
  g_signal_connect (scanner, "found", G_CALLBACK (found_cb), fixture);
  g_signal_connect (scanner, "failed", G_CALLBACK (failed_cb), fixture);
  g_signal_connect (scanner, "frame", G_CALLBACK (frame_cb), fixture);
}

static gboolean
found_or_failed (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->found != NULL || fixture->failed != NULL;
}

static gboolean
two_frames (gpointer user_data)
{
  return ((Fixture *)user_data)->frames >= 2;
}

static gboolean
three_frames (gpointer user_data)
{
  return ((Fixture *)user_data)->frames >= 3;
}

static gboolean
has_received_code (gpointer user_data)
{
  return ((Fixture *)user_data)->received_code != NULL;
}

static gboolean
camera_searched (gpointer user_data)
{
  return GOFER_APP_WINDOW (user_data)->camera_searched;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = gofer_test_scratch_dir ("qr-scan");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gofer_test_scratch_clear (fixture->dir);
  g_free (fixture->found);
  g_clear_error (&fixture->failed);
  g_free (fixture->received_code);
}

/* The link a Gofer's code page shows in its QR code is read back whole,
 * while the preview shows the camera's pictures. */
static void
test_reads_link (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *link = "wormhole-transfer:7-guitarist-revenge?version=0&rendezvous=ws%3A%2F%2F192.0.2.7%3A4000%2Fv1";
  g_autofree char *path = draw_qr_png (fixture, link);
  g_autoptr(GoferAppQrScanner) scanner = scanner_for_picture (path);
  g_autoptr(GError) error = NULL;

  watch (fixture, scanner);
  g_assert_true (gofer_app_qr_scanner_start (scanner, &error));
  g_assert_no_error (error);
  gofer_test_wait_until (found_or_failed, fixture, SCAN_TIMEOUT_MS, "the scanner reading the QR code");

  g_assert_no_error (fixture->failed);
  g_assert_cmpstr (fixture->found, ==, link);
  gofer_app_qr_scanner_stop (scanner);
}

/* A preview is shown while nothing is read yet: a picture without a code. */
static void
test_preview_without_code (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *path = draw_qr_png (fixture, "");
  g_autoptr(GoferAppQrScanner) scanner = scanner_for_picture (path);

  watch (fixture, scanner);
  g_assert_true (gofer_app_qr_scanner_start (scanner, NULL));
  gofer_test_wait_until (three_frames, fixture, SCAN_TIMEOUT_MS, "three preview pictures");

  g_assert_null (fixture->found);
  g_assert_no_error (fixture->failed);
  g_assert_cmpuint (fixture->frames, >=, 3);
  g_assert_cmpint (fixture->frame_width, ==, PICTURE_W);
  gofer_app_qr_scanner_stop (scanner);
}

/* A camera that breaks ends the scan with a sentence, not a hang. */
static void
test_camera_fails (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GFile) missing = g_file_get_child (fixture->dir, "no-such-camera.png");
  g_autofree char *path = g_file_get_path (missing);
  g_autoptr(GoferAppQrScanner) scanner = scanner_for_picture (path);
  g_autoptr(GError) error = NULL;

  watch (fixture, scanner);
  if (gofer_app_qr_scanner_start (scanner, &error))
    gofer_test_wait_until (found_or_failed, fixture, SCAN_TIMEOUT_MS, "the scanner reporting the broken camera");
  else
    fixture->failed = g_steal_pointer (&error);

  g_assert_null (fixture->found);
  g_assert_nonnull (fixture->failed);
  g_assert_true (g_str_has_suffix (fixture->failed->message, "the code instead."));
}

static GoferAppWindow *
new_window (Fixture *fixture)
{
  GoferAppWindow *window = gofer_app_window_new (NULL);

  g_signal_connect (window, "receive-requested", G_CALLBACK (receive_requested_cb), fixture);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
destroy_window (GoferAppWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  gofer_test_pump (50);
  g_assert_null (window);
}

static GtkWindow *
scan_dialog_of (GoferAppWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
        return toplevel;
    }
  return NULL;
}

/* The person scans the sender's QR code: the scan window shows, reads it,
 * closes, and the receive starts with that code, as if typed. */
static void
test_window_receives (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = draw_qr_png (fixture, "wormhole-transfer:7-guitarist-revenge");
  g_autoptr(GoferAppQrScanner) scanner = scanner_for_picture (path);
  GoferAppWindow *window = new_window (fixture);

  _gofer_app_window_scan_with (window, scanner);
  g_assert_nonnull (scan_dialog_of (window));
  g_assert_cmpstr (gtk_window_get_title (scan_dialog_of (window)), ==, "Scan a QR Code");
  gofer_test_wait_until (has_received_code, fixture, SCAN_TIMEOUT_MS, "the receive the scanned code starts");

  g_assert_cmpstr (fixture->received_code, ==, "7-guitarist-revenge");
  gofer_test_pump (50);
  g_assert_null (scan_dialog_of (window));
  /* Used, as a typed code is: the box is empty for the next one. */
  g_assert_cmpstr (gofer_app_window_get_code_text (window), ==, "");
  destroy_window (window);
}

/* The scan window shows what the camera sees and what to do, whole at
 * phone width too; closing it stops the camera. */
static void
test_dialog_preview (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = draw_qr_png (fixture, "");
  g_autoptr(GoferAppQrScanner) scanner = scanner_for_picture (path);
  GoferAppWindow *window = new_window (fixture);
  GtkWidget *dialog = gofer_app_scan_dialog_new (GTK_WINDOW (window), scanner);
  const int widths[] = { 360, 480 };

  watch (fixture, scanner);
  gtk_window_present (GTK_WINDOW (dialog));
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree char *name = g_strdup_printf ("qr-scan-dialog-%d", widths[i]);
      g_autofree char *shot = NULL;

      gtk_window_set_default_size (GTK_WINDOW (dialog), widths[i], 440);
      fixture->frames = 0;
      gofer_test_wait_until (two_frames, fixture, SCAN_TIMEOUT_MS, "two preview pictures in the scan window");
      g_assert_cmpuint (gofer_test_assert_labels_fit (dialog), >=, 1);
      shot = gofer_test_save_screenshot (dialog, name);
      g_test_message ("screenshot: %s", shot);
    }

  gtk_window_destroy (GTK_WINDOW (dialog));
  fixture->frames = 0;
  gofer_test_pump (300);
  /* Closed: no more pictures come. */
  g_assert_cmpuint (fixture->frames, ==, 0);
  g_assert_null (fixture->found);
  destroy_window (window);
}

/* A QR code of something else (a web address) starts nothing and says why. */
static void
test_window_not_a_code (Fixture       *fixture,
                        gconstpointer  data)
{
  GoferAppWindow *window = new_window (fixture);

  _gofer_app_window_use_scanned_text (window, "https://example.org/");
  g_assert_null (fixture->received_code);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->code_hint_label)));
  g_assert_cmpstr (gtk_label_get_text (window->code_hint_label), ==,
                   "This QR code holds no wormhole code. Scan the code that the sending computer shows.");
  destroy_window (window);
}

/* No camera here: the scan button never shows, and its action does nothing. */
static void
test_no_camera_no_button (Fixture       *fixture,
                          gconstpointer  data)
{
  GoferAppWindow *window = new_window (fixture);

  gofer_test_wait_until (camera_searched, window, SCAN_TIMEOUT_MS, "the search for a camera");
  g_assert_null (window->camera);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->scan_button)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.scan-code", NULL);
  gofer_test_pump (50);
  g_assert_null (scan_dialog_of (window));
  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gofer_test_init (&argc, &argv);
  gst_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/app/qr-scan/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("reads-link", test_reads_link);
  ADD ("preview-without-code", test_preview_without_code);
  ADD ("camera-fails", test_camera_fails);
  ADD ("window-receives", test_window_receives);
  ADD ("window-not-a-code", test_window_not_a_code);
  ADD ("dialog-preview", test_dialog_preview);
  ADD ("no-camera-no-button", test_no_camera_no_button);
#undef ADD

  return g_test_run ();
}
