/* gofer-app-speed.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-speed.h"

#include <math.h>
#include <string.h>

/* The rate is measured over this window... */
#define WINDOW_US     (3 * G_USEC_PER_SEC)
/* ...once it spans at least this much... */
#define MIN_SPAN_US   (G_USEC_PER_SEC / 2)
/* ...and eased with this time constant. */
#define EASE_TAU_S    2.0
#define MAX_SAMPLES   64

typedef struct
{
  gint64  time_us;
  guint64 bytes;
} Sample;

struct _GoferAppSpeed
{
  Sample samples[MAX_SAMPLES];
  guint  first;
  guint  n_samples;
  double smoothed;
  gint64 smoothed_at_us;
};

GoferAppSpeed *
gofer_app_speed_new (void)
{
  return g_new0 (GoferAppSpeed, 1);
}

void
gofer_app_speed_free (GoferAppSpeed *self)
{
  g_free (self);
}

void
gofer_app_speed_reset (GoferAppSpeed *self)
{
  g_return_if_fail (self != NULL);

  memset (self, 0, sizeof *self);
}

static Sample *
sample_at (GoferAppSpeed *self,
           guint          i)
{
  return &self->samples[(self->first + i) % MAX_SAMPLES];
}

static void
drop_first (GoferAppSpeed *self)
{
  self->first = (self->first + 1) % MAX_SAMPLES;
  self->n_samples--;
}

/* Keeps one sample at or beyond the window's start, so the span covers it. */
static void
trim (GoferAppSpeed *self,
      gint64         now_us)
{
  while (self->n_samples > 2 && now_us - sample_at (self, 1)->time_us >= WINDOW_US)
    drop_first (self);
  if (self->n_samples == MAX_SAMPLES)
    drop_first (self);
}

static void
ease (GoferAppSpeed *self,
      double         raw,
      gint64         now_us)
{
  double dt;

  if (self->smoothed_at_us == 0)
    {
      self->smoothed = raw;
      self->smoothed_at_us = now_us;
      return;
    }

  dt = (double) (now_us - self->smoothed_at_us) / G_USEC_PER_SEC;
  self->smoothed += (raw - self->smoothed) * (1.0 - exp (-dt / EASE_TAU_S));
  self->smoothed_at_us = now_us;
}

void
gofer_app_speed_add (GoferAppSpeed *self,
                     guint64        bytes_done,
                     gint64         now_us)
{
  Sample *last;
  Sample *oldest;
  gint64 span;

  g_return_if_fail (self != NULL);

  if (self->n_samples > 0)
    {
      last = sample_at (self, self->n_samples - 1);
      if (bytes_done < last->bytes || now_us < last->time_us)
        gofer_app_speed_reset (self);
      else if (now_us == last->time_us)
        {
          last->bytes = bytes_done;
          return;
        }
    }

  trim (self, now_us);
  *sample_at (self, self->n_samples++) = (Sample) { now_us, bytes_done };

  oldest = sample_at (self, 0);
  span = now_us - oldest->time_us;
  if (span >= MIN_SPAN_US)
    ease (self, (double) (bytes_done - oldest->bytes) * G_USEC_PER_SEC / (double) span, now_us);
}

double
gofer_app_speed_get_bytes_per_second (GoferAppSpeed *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->smoothed;
}
