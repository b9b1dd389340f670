/* gofer-app-camera.c: finding a camera to scan a QR code with
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GStreamer's device monitor lists cameras as the desktop's own camera apps
 * see them: V4L2 and PipeWire on Linux, Media Foundation on Windows. The
 * QR code is read by GStreamer's zbar element (gst-plugins-bad); without it,
 * or without a camera, there is no scan button at all. Inside a Flatpak
 * sandbox only the camera portal hands out cameras, which this does not ask
 * yet, so there the button stays hidden too.
 */

#include "config.h"

#include "gofer-app-camera.h"

#ifdef HAVE_CAMERA
#include <gst/gst.h>

/* Elements the scanner's pipeline needs besides the camera. */
static gboolean
can_read_codes (void)
{
  const char *needed[] = { "zbar", "videoconvert", "queue", "appsink" };

  for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (needed[i]);

      if (factory == NULL)
        {
          g_debug ("camera: no GStreamer element “%s”, so no QR scanning", needed[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static GstDevice *
first_camera (void)
{
  g_autoptr(GstDeviceMonitor) monitor = gst_device_monitor_new ();
  GList *devices;
  GstDevice *camera = NULL;

  gst_device_monitor_add_filter (monitor, "Video/Source", NULL);
  if (!gst_device_monitor_start (monitor))
    return NULL;
  devices = gst_device_monitor_get_devices (monitor);
  if (devices != NULL)
    camera = g_object_ref (devices->data);
  g_list_free_full (devices, gst_object_unref);
  gst_device_monitor_stop (monitor);

  return camera;
}

/* Probing devices may block for a moment (PipeWire, V4L2 ioctls): a worker
 * thread keeps the window responsive meanwhile. */
static void
find_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  GstDevice *camera = NULL;

  if (!gst_init_check (NULL, NULL, &error))
    g_debug ("camera: GStreamer could not start: %s", error->message);
  else if (can_read_codes ())
    camera = first_camera ();

  g_debug ("camera: %s", camera != NULL ? "found one" : "none");
  g_task_return_pointer (task, camera, camera != NULL ? g_object_unref : NULL);
}
#endif

void
gofer_app_camera_find_async (GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, gofer_app_camera_find_async);
#ifdef HAVE_CAMERA
  g_task_run_in_thread (task, find_thread);
#else
  g_task_return_pointer (task, NULL, NULL);
#endif
}

GObject *
gofer_app_camera_find_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
