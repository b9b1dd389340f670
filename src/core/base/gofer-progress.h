/* gofer-progress.h: rate-limited progress reports from worker threads
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <glib.h>

G_BEGIN_DECLS

/**
 * GoferProgressFunc:
 * Called on the main context of the thread that started the operation, at most
 * about ten times a second, and always once with @done == @total at the end.
 */
typedef void (*GoferProgressFunc) (guint64  done,
                                   guint64  total,
                                   gpointer user_data);

typedef struct _GoferProgress GoferProgress;

/* Captures the thread-default main context; @func may be NULL. */
GoferProgress *gofer_progress_new    (GoferProgressFunc  func,
                                      gpointer           user_data,
                                      GDestroyNotify     destroy,
                                      guint64            total);
/* Thread-safe. Reports are dropped while one is still waiting to run. */
void           gofer_progress_update (GoferProgress     *self,
                                      guint64            done);
/* For work whose size is known only once it started. Thread-safe. */
void           gofer_progress_set_total (GoferProgress  *self,
                                         guint64         total);
void           gofer_progress_unref  (GoferProgress     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferProgress, gofer_progress_unref)

G_END_DECLS
