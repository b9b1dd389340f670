/* gofer-part-file.h: a download written beside its target as NAME.part
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <gio/gio.h>

#include "gofer-space-reservation.h"

G_BEGIN_DECLS

#define GOFER_TYPE_PART_FILE (gofer_part_file_get_type ())

G_DECLARE_FINAL_TYPE (GoferPartFile, gofer_part_file, GOFER, PART_FILE, GObject)

/* Sanitises @name (gofer_safe_name()), picks the first "name (n).ext" in @dir
 * that exists neither as itself nor as its .part, and creates the .part
 * exclusively: a file opened for writing or, with @directory, an empty
 * directory. Nothing existing is ever opened or replaced. Blocking. */
GoferPartFile *gofer_part_file_new            (GFile               *dir,
                                               const char          *name,
                                               gboolean             directory,
                                               GCancellable        *cancellable,
                                               GError             **error);
void           gofer_part_file_new_async      (GFile               *dir,
                                               const char          *name,
                                               gboolean             directory,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GoferPartFile *gofer_part_file_new_finish     (GAsyncResult        *result,
                                               GError             **error);

gboolean       gofer_part_file_is_directory   (GoferPartFile       *self);
/* The .part file or directory being written. */
GFile         *gofer_part_file_get_part       (GoferPartFile       *self);
/* Where it will end up; after a commit, where it did end up. */
GFile         *gofer_part_file_get_target     (GoferPartFile       *self);
/* For a file: the stream to write into (NULL for a directory). */
GOutputStream *gofer_part_file_get_output_stream (GoferPartFile    *self);

/* Closes the stream and renames the .part to the target, or to the next free
 * "name (n).ext" if the target appeared meanwhile, never replacing anything.
 * Call only once everything arrived. Blocking. */
gboolean       gofer_part_file_commit         (GoferPartFile       *self,
                                               GCancellable        *cancellable,
                                               GError             **error);
void           gofer_part_file_commit_async   (GoferPartFile       *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       gofer_part_file_commit_finish  (GoferPartFile       *self,
                                               GAsyncResult        *result,
                                               GError             **error);
/* Closes and deletes the .part (and its contents). Blocking; also done in a
 * worker thread when the object is dropped without a commit. */
void           gofer_part_file_discard        (GoferPartFile       *self);
/* Holds the free space booked for what is written into the .part; given
 * back once it is committed, discarded or dropped. */
void           gofer_part_file_hold_space     (GoferPartFile         *self,
                                               GoferSpaceReservation *reservation);

G_END_DECLS
