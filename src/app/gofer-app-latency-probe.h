/* gofer-app-latency-probe.h: measures main-loop stalls and the first frame
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GOFER_APP_TYPE_LATENCY_PROBE (gofer_app_latency_probe_get_type ())

G_DECLARE_FINAL_TYPE (GoferAppLatencyProbe, gofer_app_latency_probe, GOFER_APP, LATENCY_PROBE, GObject)

/* For `gofer-gtk --measure-latency FILE` (tests/bench/ui). A timer that
 * should fire every few milliseconds records how late it runs: the time the
 * main loop was busy with something else. launch_us: g_get_monotonic_time()
 * when the process started. */
GoferAppLatencyProbe *gofer_app_latency_probe_new           (gint64                launch_us);
/* Times the window's first frame, and counts stalls separately while the
 * window shows the progress page (a transfer is running). */
void                  gofer_app_latency_probe_watch_window  (GoferAppLatencyProbe *self,
                                                             GtkWidget            *window);
/* Stops and writes key=value lines (milliseconds) to path. */
gboolean              gofer_app_latency_probe_write         (GoferAppLatencyProbe *self,
                                                             const char           *path,
                                                             GError              **error);
/* Of the timer's lateness, in ms: transferring TRUE for the progress page only. */
double                gofer_app_latency_probe_get_max_ms    (GoferAppLatencyProbe *self,
                                                             gboolean              transferring);
double                gofer_app_latency_probe_get_percentile_ms (GoferAppLatencyProbe *self,
                                                                 gboolean              transferring,
                                                                 double                percentile);
guint                 gofer_app_latency_probe_get_n_samples (GoferAppLatencyProbe *self,
                                                             gboolean              transferring);
/* Launch to the end of the first frame the window painted; -1 before it. */
double                gofer_app_latency_probe_get_first_frame_ms (GoferAppLatencyProbe *self);

G_END_DECLS
