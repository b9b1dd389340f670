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

/* --- going on after a restart (gofer-part-journal.h) --- */

/* Starts the journal of a file .part: the offer's @size and the sender's
 * @file_id (64 hex digits, or NULL), then what was written so far, saved
 * atomically beside the .part while data arrives. With a file id it also
 * keeps the SHA-256 of what was written (only such a .part can be
 * resumed). Blocking. */
gboolean       gofer_part_file_start_journal  (GoferPartFile       *self,
                                               guint64              size,
                                               const char          *file_id,
                                               GCancellable        *cancellable,
                                               GError             **error);
/* The stream to write the data into: it keeps the journal (and with a
 * file id the SHA-256 of the whole .part). Without a journal, the plain
 * output stream. */
GOutputStream *gofer_part_file_get_journaled_stream (GoferPartFile *self);
/* Where a resumed .part goes on (0 for a new one). */
guint64        gofer_part_file_get_resume_offset (GoferPartFile    *self);
/* Lowercase hex SHA-256 of everything in a journaled .part so far; NULL
 * without a file id. */
char          *gofer_part_file_dup_sha256     (GoferPartFile       *self);
/* Empties a resumed .part and its journal: the sender starts from 0. */
gboolean       gofer_part_file_restart        (GoferPartFile       *self,
                                               GCancellable        *cancellable,
                                               GError             **error);
/* Leaves a journaled .part and its journal where they are, for a later
 * transfer of the same file to go on from; FALSE (and the .part is still
 * this object's to discard) without a journal or when nothing was written
 * into it. Blocking. */
gboolean       gofer_part_file_keep           (GoferPartFile       *self,
                                               GError             **error);
/* Looks for "name.ext.part", "name (1).ext.part", … in @dir (names made exactly as
 * gofer_part_file_new() makes them) whose journal is for the safe @name,
 * @size and @file_id, and whose verified bytes still hash as the journal
 * says, and opens it to go on at that offset. A journal that does not
 * describe its .part is deleted; the .part stays. NULL without an error
 * when there is nothing to go on from. Blocking; reads at most @size bytes
 * per candidate. */
GoferPartFile *gofer_part_file_resume         (GFile               *dir,
                                               const char          *name,
                                               guint64              size,
                                               const char          *file_id,
                                               GCancellable        *cancellable,
                                               GError             **error);

G_END_DECLS
