/* gofer-cli-progress.c: one progress line on a terminal
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-cli-progress.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gofer-cli.h"

struct _GoferCliProgress
{
  gboolean enabled;
  gboolean drawn;
  gint64   started;
  guint64  first_done;
  gboolean resume_told;
};

GoferCliProgress *
gofer_cli_progress_new (gboolean enabled)
{
  GoferCliProgress *self = g_new0 (GoferCliProgress, 1);

  self->enabled = enabled && gofer_cli_is_terminal (2);
  return self;
}

static char *
format_time_left (guint64 seconds)
{
  if (seconds >= 3600)
    return g_strdup_printf (_("%u h %02u min left"), (guint)(seconds / 3600),
                            (guint)(seconds % 3600 / 60));
  if (seconds >= 60)
    return g_strdup_printf (_("%u min %02u s left"), (guint)(seconds / 60), (guint)(seconds % 60));
  return g_strdup_printf (_("%u s left"), (guint)seconds);
}

void
gofer_cli_progress_update (GoferCliProgress *self,
                           guint64           done,
                           guint64           total)
{
  g_autofree char *done_str = NULL;
  g_autofree char *total_str = NULL;
  g_autofree char *speed_str = NULL;
  g_autofree char *left_str = NULL;
  double elapsed, speed;
  gint64 now = g_get_monotonic_time ();

  if (!self->enabled)
    return;
  if (self->started == 0)
    {
      self->started = now;
      self->first_done = done;
    }
  elapsed = (now - self->started) / (double)G_USEC_PER_SEC;
  speed = elapsed > 0.2 ? (done - self->first_done) / elapsed : 0;

  done_str = g_format_size (done);
  total_str = g_format_size (total);
  speed_str = speed > 0 ? g_format_size ((guint64)speed) : g_strdup ("–");
  left_str = speed > 0 ? format_time_left ((guint64)((total - done) / speed)) : g_strdup ("");
  g_printerr ("\r\033[K%3u%%  %s of %s  %s/s  %s",
              total > 0 ? (guint)(done * 100 / total) : 100u,
              done_str, total_str, speed_str, left_str);
  self->drawn = TRUE;
}

void
gofer_cli_progress_end (GoferCliProgress *self)
{
  if (self->drawn)
    g_printerr ("\n");
  self->drawn = FALSE;
}

void
gofer_cli_progress_free (GoferCliProgress *self)
{
  gofer_cli_progress_end (self);
  g_free (self);
}

void
gofer_cli_progress_tell_resume (GoferCliProgress *self,
                                guint64           offset,
                                guint64           total)
{
  g_autofree char *at = NULL;
  g_autofree char *of = NULL;

  if (self->resume_told || offset == 0)
    return;
  self->resume_told = TRUE;
  at = g_strdup_printf ("%" G_GUINT64_FORMAT, offset);
  of = g_format_size (total);
  /* Said even with --hide-progress: it explains why little crosses. */
  /* Translators: the first %s is a number of bytes, the second a size such as "64.0 MB" */
  g_printerr (_("Resuming at %s bytes of %s: the receiver kept them from an earlier transfer.\n"),
              at, of);
}
