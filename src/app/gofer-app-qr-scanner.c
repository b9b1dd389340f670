/* gofer-app-qr-scanner.c: reads a QR code from a camera's pictures
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * source ! queue ! videoconvert ! zbar ! videoconvert ! RGBA ! appsink
 *
 * The leaky one-picture queue lets zbar skip pictures when it is slower than
 * the camera, so the preview never lags behind. zbar posts what it read as
 * an element message named "barcode" on the bus; the preview is pulled
 * from the appsink on a timer, so no GStreamer thread ever touches GTK.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "gofer-app-qr-scanner.h"
#include "gofer-app-secret.h"

#define FRAME_INTERVAL_MS 66

struct _GoferAppQrScanner
{
  GObject     parent_instance;

  GstElement *pipeline;
  GstElement *sink;
  guint       bus_watch;
  guint       frame_timer;
  gboolean    done;
};

G_DEFINE_FINAL_TYPE (GoferAppQrScanner, gofer_app_qr_scanner, G_TYPE_OBJECT)

enum { FRAME, FOUND, FAILED, N_SIGNALS };

static guint signals[N_SIGNALS];

static void
emit_failed (GoferAppQrScanner *self,
             const char        *why)
{
  g_autoptr(GError) error = NULL;

  error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("The camera could not be used (%s). Type the code instead."), why);
  gofer_app_qr_scanner_stop (self);
  g_signal_emit (self, signals[FAILED], 0, error);
}

static void
handle_barcode (GoferAppQrScanner  *self,
                const GstStructure *structure)
{
  g_autoptr(GoferAppSecret) symbol = g_strdup (gst_structure_get_string (structure, "symbol"));
  const char *type = gst_structure_get_string (structure, "type");

  if (symbol == NULL || g_strcmp0 (type, "QR-Code") != 0 || self->done)
    return;

  /* What a code holds is a secret: never logged. */
  g_debug ("qr-scanner: read a QR code");
  gofer_app_qr_scanner_stop (self);
  g_signal_emit (self, signals[FOUND], 0, symbol);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  GoferAppQrScanner *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ELEMENT:
      if (gst_message_has_name (message, "barcode"))
        handle_barcode (self, gst_message_get_structure (message));
      break;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &error, &debug);
        g_debug ("qr-scanner: %s (%s)", error->message, debug ? debug : "");
        emit_failed (self, error->message);
      }
      break;

    case GST_MESSAGE_EOS:
      emit_failed (self, _("the camera sent no more pictures"));
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static GdkTexture *
texture_from_sample (GstSample *sample)
{
  GstVideoInfo info;
  GstMapInfo map;
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  g_autoptr(GBytes) bytes = NULL;

  if (buffer == NULL || !gst_video_info_from_caps (&info, gst_sample_get_caps (sample)))
    return NULL;
  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return NULL;
  bytes = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (buffer, &map);

  return gdk_memory_texture_new (GST_VIDEO_INFO_WIDTH (&info), GST_VIDEO_INFO_HEIGHT (&info),
                                 GDK_MEMORY_R8G8B8A8, bytes, GST_VIDEO_INFO_PLANE_STRIDE (&info, 0));
}

static gboolean
frame_timer_cb (gpointer user_data)
{
  GoferAppQrScanner *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_try_pull_sample (GST_APP_SINK (self->sink), 0);
  g_autoptr(GdkTexture) texture = NULL;

  if (sample != NULL && (texture = texture_from_sample (sample)) != NULL)
    g_signal_emit (self, signals[FRAME], 0, texture);

  return G_SOURCE_CONTINUE;
}

static GstElement *
make_element (const char *factory)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    g_debug ("qr-scanner: no GStreamer element “%s”", factory);
  return element;
}

/* Builds everything after @source; FALSE when an element is missing. */
static gboolean
build_pipeline (GoferAppQrScanner *self,
                GstElement        *source)
{
  g_autoptr(GstCaps) rgba = gst_caps_from_string ("video/x-raw,format=RGBA");
  GstElement *queue = make_element ("queue");
  GstElement *to_gray = make_element ("videoconvert");
  GstElement *zbar = make_element ("zbar");
  GstElement *to_rgba = make_element ("videoconvert");

  self->sink = make_element ("appsink");
  if (queue == NULL || to_gray == NULL || zbar == NULL || to_rgba == NULL || self->sink == NULL)
    {
      g_clear_pointer (&self->sink, gst_object_unref);
      for (GstElement **e = (GstElement *[]){ queue, to_gray, zbar, to_rgba, NULL }; *e; e++)
        gst_object_unref (*e);
      return FALSE;
    }

  g_object_set (queue, "leaky", 2 /* downstream */, "max-size-buffers", 1, NULL);
  g_object_set (self->sink, "max-buffers", 1, "drop", TRUE, "sync", FALSE, "caps", rgba, NULL);
  gst_object_ref (self->sink);
  gst_bin_add_many (GST_BIN (self->pipeline), source, queue, to_gray, zbar, to_rgba, self->sink, NULL);

  return gst_element_link_many (source, queue, to_gray, zbar, to_rgba, self->sink, NULL);
}

GoferAppQrScanner *
gofer_app_qr_scanner_new (GstElement *source)
{
  GoferAppQrScanner *self;

  g_return_val_if_fail (GST_IS_ELEMENT (source), NULL);

  self = g_object_new (GOFER_APP_TYPE_QR_SCANNER, NULL);
  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("gofer-qr-scanner"));
  if (!build_pipeline (self, source))
    {
      gst_object_ref_sink (source);
      gst_object_unref (source);
      g_clear_pointer (&self->pipeline, gst_object_unref);
    }

  return self;
}

gboolean
gofer_app_qr_scanner_start (GoferAppQrScanner  *self,
                            GError            **error)
{
  g_autoptr(GstBus) bus = NULL;

  g_return_val_if_fail (GOFER_APP_IS_QR_SCANNER (self), FALSE);
  g_return_val_if_fail (self->bus_watch == 0, FALSE);

  if (self->pipeline == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("QR codes cannot be read here: a part of GStreamer is missing. Type the code instead."));
      return FALSE;
    }

  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  self->frame_timer = g_timeout_add (FRAME_INTERVAL_MS, frame_timer_cb, self);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      gofer_app_qr_scanner_stop (self);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The camera could not be started. Close other programs that use it, or type the code instead."));
      return FALSE;
    }

  return TRUE;
}

void
gofer_app_qr_scanner_stop (GoferAppQrScanner *self)
{
  g_return_if_fail (GOFER_APP_IS_QR_SCANNER (self));

  self->done = TRUE;
  g_clear_handle_id (&self->frame_timer, g_source_remove);
  if (self->bus_watch != 0)
    {
      g_source_remove (self->bus_watch);
      self->bus_watch = 0;
    }
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
}

static void
gofer_app_qr_scanner_dispose (GObject *object)
{
  GoferAppQrScanner *self = GOFER_APP_QR_SCANNER (object);

  gofer_app_qr_scanner_stop (self);
  g_clear_pointer (&self->sink, gst_object_unref);
  g_clear_pointer (&self->pipeline, gst_object_unref);

  G_OBJECT_CLASS (gofer_app_qr_scanner_parent_class)->dispose (object);
}

static void
gofer_app_qr_scanner_class_init (GoferAppQrScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_app_qr_scanner_dispose;

  signals[FRAME] = g_signal_new ("frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, GDK_TYPE_TEXTURE);
  signals[FOUND] = g_signal_new ("found", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
gofer_app_qr_scanner_init (GoferAppQrScanner *self)
{
}
