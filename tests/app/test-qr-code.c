/* test-qr-code.c: the QR code widget encodes and draws a link
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <qrencode.h>

#include "gofer-app-qr-code.h"
#include "gofer-app-test-utils.h"

#define TEST_LINK "wormhole-transfer:7-guitarist-revenge"

static void
count_cb (guint *count)
{
  (*count)++;
}

/* A finder pattern: a dark 7x7 ring, a light ring, a dark 3x3 centre. */
static void
assert_finder_pattern (GoferAppQrCode *qr,
                       int             left,
                       int             top)
{
  for (int y = 0; y < 7; y++)
    for (int x = 0; x < 7; x++)
      {
        gboolean ring = x == 0 || y == 0 || x == 6 || y == 6;
        gboolean centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;

        g_assert_cmpint (gofer_app_qr_code_get_module (qr, left + x, top + y), ==, ring || centre);
      }
}

static void
test_encodes_link (void)
{
  GoferAppQrCode *qr = g_object_ref_sink (GOFER_APP_QR_CODE (gofer_app_qr_code_new ()));
  QRcode *expected;
  int size;

  gofer_app_qr_code_set_text (qr, TEST_LINK);
  g_assert_cmpstr (gofer_app_qr_code_get_text (qr), ==, TEST_LINK);

  /* 36 bytes in byte mode at level M need version 3: 29 modules a side. */
  size = gofer_app_qr_code_get_size (qr);
  g_assert_cmpint (size, ==, 29);
  g_assert_cmpint ((size - 17) % 4, ==, 0);

  assert_finder_pattern (qr, 0, 0);
  assert_finder_pattern (qr, size - 7, 0);
  assert_finder_pattern (qr, 0, size - 7);

  /* Timing patterns alternate between the finders. */
  for (int i = 8; i < size - 8; i++)
    {
      g_assert_cmpint (gofer_app_qr_code_get_module (qr, i, 6), ==, i % 2 == 0);
      g_assert_cmpint (gofer_app_qr_code_get_module (qr, 6, i), ==, i % 2 == 0);
    }

  /* The data modules are the link's: the same symbol libqrencode makes for it. */
  expected = QRcode_encodeString (TEST_LINK, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  g_assert_nonnull (expected);
  g_assert_cmpint (expected->width, ==, size);
  for (int y = 0; y < size; y++)
    for (int x = 0; x < size; x++)
      g_assert_cmpint (gofer_app_qr_code_get_module (qr, x, y), ==,
                       (expected->data[y * size + x] & 1) != 0);
  QRcode_free (expected);

  g_assert_false (gofer_app_qr_code_get_module (qr, -1, 0));
  g_assert_false (gofer_app_qr_code_get_module (qr, size, 0));

  g_assert_finalize_object (qr);
}

static void
test_empty_and_notify (void)
{
  GoferAppQrCode *qr = g_object_ref_sink (GOFER_APP_QR_CODE (gofer_app_qr_code_new ()));
  guint notifies = 0;
  int minimum = -1;

  g_assert_cmpint (gofer_app_qr_code_get_size (qr), ==, 0);
  gtk_widget_measure (GTK_WIDGET (qr), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, ==, 0);

  g_signal_connect_swapped (qr, "notify::text", G_CALLBACK (count_cb), &notifies);
  g_object_set (qr, "text", TEST_LINK, NULL);
  g_assert_cmpuint (notifies, ==, 1);
  gofer_app_qr_code_set_text (qr, TEST_LINK);
  g_assert_cmpuint (notifies, ==, 1);

  /* Version 3 plus a quiet zone of 4 on each side, at least 2 px a module. */
  gtk_widget_measure (GTK_WIDGET (qr), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, ==, (29 + 2 * GOFER_APP_QR_CODE_QUIET_ZONE) * 2);

  gofer_app_qr_code_set_text (qr, NULL);
  g_assert_cmpuint (notifies, ==, 2);
  g_assert_cmpint (gofer_app_qr_code_get_size (qr), ==, 0);

  g_assert_finalize_object (qr);
}

static gboolean
is_dark (guint32 pixel)
{
  return (pixel & 0xffffff) < 0x404040;
}

static gboolean
is_light (guint32 pixel)
{
  return (pixel & 0xffffff) == 0xffffff;
}

/* Drawn: a white quiet zone, then the top-left finder's dark corner. */
static void
test_draws (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *qr = gofer_app_qr_code_new ();
  g_autoptr(GdkTexture) texture = NULL;
  int module;
  int origin;
  int side;

  gofer_app_qr_code_set_text (GOFER_APP_QR_CODE (qr), TEST_LINK);
  gtk_widget_set_size_request (qr, 37 * 4, 37 * 4);
  gtk_widget_set_halign (qr, GTK_ALIGN_START);
  gtk_widget_set_valign (qr, GTK_ALIGN_START);
  gtk_window_set_child (GTK_WINDOW (window), qr);
  gtk_window_present (GTK_WINDOW (window));
  /* Rendered once drawn, however long a busy machine takes: only then has
   * the widget its size. */
  texture = gofer_test_render_widget (qr);

  side = MIN (gtk_widget_get_width (qr), gtk_widget_get_height (qr));
  module = side / 37;
  g_assert_cmpint (module, >=, 4);
  origin = (gtk_widget_get_width (qr) - module * 37) / 2;

  g_assert_true (is_light (gofer_test_texture_pixel (texture, origin + 1, origin + 1)));
  g_assert_true (is_dark (gofer_test_texture_pixel (texture, origin + 4 * module + 1, origin + 4 * module + 1)));
  /* Inside the finder's light ring. */
  g_assert_true (is_light (gofer_test_texture_pixel (texture, origin + 5 * module + 1, origin + 5 * module + 1)));
  /* The finder's dark centre. */
  g_assert_true (is_dark (gofer_test_texture_pixel (texture, origin + 7 * module + 1, origin + 7 * module + 1)));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gofer_test_init (&argc, &argv);

  g_test_add_func ("/app/qr-code/encodes-link", test_encodes_link);
  g_test_add_func ("/app/qr-code/empty-and-notify", test_empty_and_notify);
  g_test_add_func ("/app/qr-code/draws", test_draws);

  return g_test_run ();
}
