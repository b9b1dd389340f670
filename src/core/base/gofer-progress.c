/* gofer-progress.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-progress.h"

#define MIN_INTERVAL_US (G_USEC_PER_SEC / 10)

struct _GoferProgress
{
  gatomicrefcount    ref;
  GMainContext      *context;
  GoferProgressFunc  func;
  gpointer           user_data;
  GDestroyNotify     destroy;
  guint64            total;

  GMutex             mutex;
  guint64            done;
  gint64             last_report;
  gboolean           pending;
};

GoferProgress *
gofer_progress_new (GoferProgressFunc func,
                    gpointer          user_data,
                    GDestroyNotify    destroy,
                    guint64           total)
{
  GoferProgress *self = g_new0 (GoferProgress, 1);

  g_atomic_ref_count_init (&self->ref);
  self->context = g_main_context_ref_thread_default ();
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  self->total = total;
  g_mutex_init (&self->mutex);

  return self;
}

static GoferProgress *
gofer_progress_ref (GoferProgress *self)
{
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
gofer_progress_unref (GoferProgress *self)
{
  if (!g_atomic_ref_count_dec (&self->ref))
    return;

  if (self->destroy)
    self->destroy (self->user_data);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

static gboolean
dispatch_cb (gpointer data)
{
  GoferProgress *self = data;
  guint64 done;
  guint64 total;

  g_mutex_lock (&self->mutex);
  done = self->done;
  total = self->total;
  self->pending = FALSE;
  g_mutex_unlock (&self->mutex);

  self->func (done, total, self->user_data);

  return G_SOURCE_REMOVE;
}

void
gofer_progress_set_total (GoferProgress *self,
                          guint64        total)
{
  if (self == NULL)
    return;

  g_mutex_lock (&self->mutex);
  self->total = total;
  g_mutex_unlock (&self->mutex);
}

void
gofer_progress_update (GoferProgress *self,
                       guint64        done)
{
  gint64 now;
  gboolean schedule = FALSE;

  if (self == NULL || self->func == NULL)
    return;

  now = g_get_monotonic_time ();

  g_mutex_lock (&self->mutex);
  self->done = done;
  /* A pending report reads the newest value when it runs, so the final
   * done == total is never lost even when it is not scheduled itself. */
  if (!self->pending && (done >= self->total || now - self->last_report >= MIN_INTERVAL_US))
    {
      self->pending = TRUE;
      self->last_report = now;
      schedule = TRUE;
    }
  g_mutex_unlock (&self->mutex);

  /* Not g_main_context_invoke(): from a pool thread without a thread-default
   * context it would run the callback right there when the context is free. */
  if (schedule)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, dispatch_cb, gofer_progress_ref (self),
                             (GDestroyNotify)gofer_progress_unref);
      g_source_set_static_name (source, "[gofer] progress");
      g_source_attach (source, self->context);
    }
}
