/* gofer-journal-output-stream.h: writes into a .part and keeps its journal
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <gio/gio.h>

#include "gofer-hash-converter.h"
#include "gofer-part-journal.h"

G_BEGIN_DECLS

#define GOFER_TYPE_JOURNAL_OUTPUT_STREAM (gofer_journal_output_stream_get_type ())

G_DECLARE_FINAL_TYPE (GoferJournalOutputStream, gofer_journal_output_stream,
                      GOFER, JOURNAL_OUTPUT_STREAM, GFilterOutputStream)

/* Bytes and time between two journal updates while data arrives: a kill
 * loses at most this much of what arrived, and the journal is replaced at
 * most four times a second. */
#define GOFER_JOURNAL_INTERVAL_BYTES (1024 * 1024)
#define GOFER_JOURNAL_INTERVAL_USEC  (250 * G_TIME_SPAN_MILLISECOND)

/* Writes through to @base (the .part's stream, left open on close), hashes
 * what it writes into @hash (which already holds the journal's verified
 * bytes; NULL: no hash, for a .part that is never resumed), and saves
 * @journal beside @part at bounded intervals. Takes @journal. */
GOutputStream *gofer_journal_output_stream_new        (GOutputStream       *base,
                                                       GFile               *part,
                                                       GoferPartJournal    *journal,
                                                       GoferHashConverter  *hash);
/* Saves the journal now (after a flush of the .part). Blocking. */
gboolean       gofer_journal_output_stream_checkpoint (GoferJournalOutputStream *self,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
/* Bytes of the .part written so far (the journal's verified count). */
guint64        gofer_journal_output_stream_get_written (GoferJournalOutputStream *self);
/* Lowercase hex SHA-256 of everything in the .part so far (NULL without a hash). */
char          *gofer_journal_output_stream_dup_sha256 (GoferJournalOutputStream *self);

G_END_DECLS
