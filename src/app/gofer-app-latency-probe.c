/* gofer-app-latency-probe.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-latency-probe.h"

#include "gofer-app-window.h"

/* Short enough to see a single dropped frame (16.7 ms at 60 Hz). */
#define TICK_MS 5

struct _GoferAppLatencyProbe
{
  GObject    parent_instance;

  gint64     launch_us;
  gint64     first_frame_us;
  gint64     last_tick_us;
  guint      tick_id;
  GArray    *all_ms;
  GArray    *transferring_ms;
  GtkWidget *window;    /* weak */
  gulong     after_paint_id;
  GdkFrameClock *frame_clock;
};

G_DEFINE_FINAL_TYPE (GoferAppLatencyProbe, gofer_app_latency_probe, G_TYPE_OBJECT)

static gboolean
window_is_transferring (GoferAppLatencyProbe *self)
{
  return self->window != NULL &&
         g_strcmp0 (gofer_app_window_get_page (GOFER_APP_WINDOW (self->window)),
                    GOFER_APP_PAGE_PROGRESS) == 0;
}

static gboolean
tick_cb (gpointer user_data)
{
  GoferAppLatencyProbe *self = user_data;
  gint64 now = g_get_monotonic_time ();
  float late_ms = (float) MAX (0, now - self->last_tick_us - TICK_MS * 1000) / 1000.f;

  self->last_tick_us = now;
  g_array_append_val (self->all_ms, late_ms);
  if (window_is_transferring (self))
    g_array_append_val (self->transferring_ms, late_ms);

  return G_SOURCE_CONTINUE;
}

static void
disconnect_frame_clock (GoferAppLatencyProbe *self)
{
  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
}

static void
after_paint_cb (GoferAppLatencyProbe *self)
{
  self->first_frame_us = g_get_monotonic_time ();
  g_debug ("latency: first frame %.1f ms after launch",
           (double) (self->first_frame_us - self->launch_us) / 1000.0);
  disconnect_frame_clock (self);
}

static void
window_map_cb (GoferAppLatencyProbe *self,
               GtkWidget            *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  if (self->first_frame_us != 0 || self->frame_clock != NULL || clock == NULL)
    return;

  self->frame_clock = g_object_ref (clock);
  self->after_paint_id = g_signal_connect_swapped (clock, "after-paint",
                                                   G_CALLBACK (after_paint_cb), self);
}

void
gofer_app_latency_probe_watch_window (GoferAppLatencyProbe *self,
                                      GtkWidget            *window)
{
  g_return_if_fail (GOFER_APP_IS_LATENCY_PROBE (self));
  g_return_if_fail (GOFER_APP_IS_WINDOW (window));

  g_set_weak_pointer (&self->window, window);
  g_signal_connect_object (window, "map", G_CALLBACK (window_map_cb), self, G_CONNECT_SWAPPED);
  if (gtk_widget_get_mapped (window))
    window_map_cb (self, window);
}

static int
compare_floats (gconstpointer a,
                gconstpointer b)
{
  float x = *(const float *) a;
  float y = *(const float *) b;

  return (x > y) - (x < y);
}

static GArray *
samples (GoferAppLatencyProbe *self,
         gboolean              transferring)
{
  return transferring ? self->transferring_ms : self->all_ms;
}

double
gofer_app_latency_probe_get_percentile_ms (GoferAppLatencyProbe *self,
                                           gboolean              transferring,
                                           double                percentile)
{
  GArray *values = samples (self, transferring);
  g_autoptr(GArray) sorted = NULL;
  guint index;

  g_return_val_if_fail (GOFER_APP_IS_LATENCY_PROBE (self), 0);

  if (values->len == 0)
    return 0;

  sorted = g_array_copy (values);
  g_array_sort (sorted, compare_floats);
  index = (guint) MIN (sorted->len - 1, percentile / 100.0 * sorted->len);
  return g_array_index (sorted, float, index);
}

double
gofer_app_latency_probe_get_max_ms (GoferAppLatencyProbe *self,
                                    gboolean              transferring)
{
  return gofer_app_latency_probe_get_percentile_ms (self, transferring, 100.0);
}

guint
gofer_app_latency_probe_get_n_samples (GoferAppLatencyProbe *self,
                                       gboolean              transferring)
{
  g_return_val_if_fail (GOFER_APP_IS_LATENCY_PROBE (self), 0);

  return samples (self, transferring)->len;
}

double
gofer_app_latency_probe_get_first_frame_ms (GoferAppLatencyProbe *self)
{
  g_return_val_if_fail (GOFER_APP_IS_LATENCY_PROBE (self), -1);

  if (self->first_frame_us == 0)
    return -1;
  return (double) (self->first_frame_us - self->launch_us) / 1000.0;
}

static void
append_stats (GString              *out,
              GoferAppLatencyProbe *self,
              const char           *prefix,
              gboolean              transferring)
{
  g_string_append_printf (out, "%s_samples=%u\n", prefix,
                          gofer_app_latency_probe_get_n_samples (self, transferring));
  g_string_append_printf (out, "%s_p50_ms=%.3f\n", prefix,
                          gofer_app_latency_probe_get_percentile_ms (self, transferring, 50));
  g_string_append_printf (out, "%s_p99_ms=%.3f\n", prefix,
                          gofer_app_latency_probe_get_percentile_ms (self, transferring, 99));
  g_string_append_printf (out, "%s_max_ms=%.3f\n", prefix,
                          gofer_app_latency_probe_get_max_ms (self, transferring));
}

gboolean
gofer_app_latency_probe_write (GoferAppLatencyProbe  *self,
                               const char            *path,
                               GError               **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (GOFER_APP_IS_LATENCY_PROBE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_string_append_printf (out, "tick_ms=%d\n", TICK_MS);
  g_string_append_printf (out, "launch_monotonic_us=%" G_GINT64_FORMAT "\n", self->launch_us);
  g_string_append_printf (out, "first_frame_monotonic_us=%" G_GINT64_FORMAT "\n", self->first_frame_us);
  g_string_append_printf (out, "first_frame_ms=%.3f\n", gofer_app_latency_probe_get_first_frame_ms (self));
  append_stats (out, self, "transfer", TRUE);
  append_stats (out, self, "all", FALSE);

  /* Written once, when the app quits: the measurement is over by then. */
  return g_file_set_contents (path, out->str, (gssize) out->len, error);
}

static void
gofer_app_latency_probe_dispose (GObject *object)
{
  GoferAppLatencyProbe *self = (GoferAppLatencyProbe *)object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  disconnect_frame_clock (self);
  g_clear_weak_pointer (&self->window);

  G_OBJECT_CLASS (gofer_app_latency_probe_parent_class)->dispose (object);
}

static void
gofer_app_latency_probe_finalize (GObject *object)
{
  GoferAppLatencyProbe *self = (GoferAppLatencyProbe *)object;

  g_clear_pointer (&self->all_ms, g_array_unref);
  g_clear_pointer (&self->transferring_ms, g_array_unref);

  G_OBJECT_CLASS (gofer_app_latency_probe_parent_class)->finalize (object);
}

static void
gofer_app_latency_probe_class_init (GoferAppLatencyProbeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_app_latency_probe_dispose;
  object_class->finalize = gofer_app_latency_probe_finalize;
}

static void
gofer_app_latency_probe_init (GoferAppLatencyProbe *self)
{
  self->all_ms = g_array_new (FALSE, FALSE, sizeof (float));
  self->transferring_ms = g_array_new (FALSE, FALSE, sizeof (float));
}

GoferAppLatencyProbe *
gofer_app_latency_probe_new (gint64 launch_us)
{
  GoferAppLatencyProbe *self = g_object_new (GOFER_APP_TYPE_LATENCY_PROBE, NULL);

  self->launch_us = launch_us;
  self->last_tick_us = g_get_monotonic_time ();
  self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
  return self;
}
