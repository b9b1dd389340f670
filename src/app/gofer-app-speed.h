/* gofer-app-speed.h: a smoothed transfer speed and time left
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Progress arrives in bursts (network buffers, disk flushes): a speed taken
 * between two reports jumps around. This one is the rate over the last few
 * seconds, eased so the displayed number and the estimate do not flicker. */
typedef struct _GoferAppSpeed GoferAppSpeed;

GoferAppSpeed *gofer_app_speed_new                (void);
void           gofer_app_speed_free               (GoferAppSpeed *self);
/* Forgets everything: a new transfer, or bytes_done went backwards. */
void           gofer_app_speed_reset              (GoferAppSpeed *self);
/* now_us: a monotonic time (g_get_monotonic_time()). */
void           gofer_app_speed_add                (GoferAppSpeed *self,
                                                   guint64        bytes_done,
                                                   gint64         now_us);
/* 0 until there is enough to say anything. */
double         gofer_app_speed_get_bytes_per_second (GoferAppSpeed *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferAppSpeed, gofer_app_speed_free)

G_END_DECLS
