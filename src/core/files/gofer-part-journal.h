/* gofer-part-journal.h: what a .part holds, kept on disk beside it
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* The journal of "NAME.part" is the hidden ".NAME.part.journal" beside it: a
 * few hundred bytes, replaced atomically, removed with the .part. It says what
 * the .part is a download of and how much of it is verified, so that a later
 * transfer of the same file can go on where this one stopped. */
typedef struct
{
  char    *name;       /* the safe name the .part was made for */
  guint64  size;       /* the offered size */
  char    *file_id;    /* the sender's file id (64 hex digits), or NULL */
  guint64  verified;   /* the first bytes of the .part that came from authenticated records */
  char    *sha256;     /* lowercase hex SHA-256 of those bytes (only with a file id) */
} GoferPartJournal;

/* Journals larger than this are not read. */
#define GOFER_PART_JOURNAL_MAX_BYTES 4096

GoferPartJournal *gofer_part_journal_new       (const char              *name,
                                                guint64                  size,
                                                const char              *file_id);
void              gofer_part_journal_free      (GoferPartJournal        *journal);
/* The journal's file for @part, or NULL when its name would be too long
 * (such a .part is never resumed). */
GFile            *gofer_part_journal_file_for  (GFile                   *part);
/* Replaces the journal of @part atomically. Blocking. */
gboolean          gofer_part_journal_save      (const GoferPartJournal  *journal,
                                                GFile                   *part,
                                                GError                 **error);
/* Reads the journal of @part; anything malformed, too large or
 * inconsistent (verified > size, a hash that is not 64 hex digits, a file
 * id without a hash) is GOFER_ERROR_PROTOCOL. Blocking. */
GoferPartJournal *gofer_part_journal_load      (GFile                   *part,
                                                GError                 **error);
/* Deletes the journal of @part, if there is one. Blocking. */
void              gofer_part_journal_remove    (GFile                   *part);
/* TRUE for a string of exactly 64 lowercase hex digits (a SHA-256). */
gboolean          gofer_part_journal_is_sha256 (const char              *hex);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferPartJournal, gofer_part_journal_free)

G_END_DECLS
