/* gofer-cli-progress.h: one progress line on a terminal
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _GoferCliProgress GoferCliProgress;

/* Quiet unless enabled and standard error is a terminal. */
GoferCliProgress *gofer_cli_progress_new    (gboolean          enabled);
void              gofer_cli_progress_update (GoferCliProgress *self,
                                             guint64           done,
                                             guint64           total);
/* Says once, when @offset > 0, that the transfer goes on at @offset. */
void              gofer_cli_progress_tell_resume (GoferCliProgress *self,
                                                  guint64           offset,
                                                  guint64           total);
/* Ends the line, if one was drawn. */
void              gofer_cli_progress_end    (GoferCliProgress *self);
void              gofer_cli_progress_free   (GoferCliProgress *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferCliProgress, gofer_cli_progress_free)

G_END_DECLS
