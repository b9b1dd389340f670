/* gofer-archive.h: folders as "zipfile/deflated" archives, built and safely extracted
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <gio/gio.h>

#include "gofer-progress.h"

G_BEGIN_DECLS

/* A zip written to a temporary file, with the numbers a directory offer needs. */
typedef struct _GoferArchive GoferArchive;
struct _GoferArchive
{
  GFile   *file;       /* the temporary zip; deleted by gofer_archive_free() */
  guint64  zipsize;    /* bytes of the zip: the offer's "zipsize" */
  guint64  numbytes;   /* sum of the file sizes: "numbytes" */
  guint64  numfiles;   /* number of files (= zip entries): "numfiles" */
};

void          gofer_archive_free           (GoferArchive  *archive);

/* Zips @paths (deflate, zip64 when needed, UTF-8 names). One directory: its
 * contents, names relative to it. Several paths, or one file: each at the top
 * level under its own name. Only regular files become entries (as Python and
 * Go senders do; Go receivers need numfiles == entries); symbolic links to
 * files are followed, other links and special files skipped. The zip goes to
 * @tmp_dir, or the user cache directory when NULL. Blocking. */
GoferArchive *gofer_archive_build          (GFile * const *paths,
                                            guint          n_paths,
                                            GFile         *tmp_dir,
                                            GoferProgress *progress,
                                            GCancellable  *cancellable,
                                            GError       **error);
/* The same in a worker thread; progress counts bytes read from the files. */
void          gofer_archive_build_async    (GFile * const *paths,
                                            guint          n_paths,
                                            GFile         *tmp_dir,
                                            GoferProgressFunc progress,
                                            gpointer       progress_data,
                                            GDestroyNotify progress_destroy,
                                            GCancellable  *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer       user_data);
GoferArchive *gofer_archive_build_finish   (GAsyncResult  *result,
                                            GError       **error);

/* What the offer announced. Passing limits means the archive must hold
 * exactly expected_numbytes bytes in expected_numfiles files (folders not
 * counted), as its central directory says, and never write more: 0 means
 * none, not unknown. NULL limits (a zip that did not come from an offer)
 * keep only the default entry and ratio caps. */
typedef struct
{
  guint64 expected_numbytes;   /* the offer's numbytes */
  guint64 max_entries;         /* 0: 1,000,000 */
  guint64 max_ratio;           /* uncompressed/zip size above 128 MiB; 0: 500 */
  guint64 expected_numfiles;   /* the offer's numfiles */
} GoferArchiveLimits;

/* Extracts @zip into a new directory in @dest_dir named after @dirname
 * (sanitised, "name (n)" if taken), written as NAME.part and renamed at the
 * end. The whole archive is checked first and refused with GOFER_ERROR_UNSAFE
 * when an entry is absolute, climbs out with "..", is a link, device or other
 * special file, appears twice, or the sizes exceed the limits (zip bomb);
 * nothing is written then. Damaged data: GOFER_ERROR_CORRUPT. Returns the
 * directory created. Blocking. */
GFile        *gofer_archive_extract        (GFile                    *zip,
                                            GFile                    *dest_dir,
                                            const char               *dirname,
                                            const GoferArchiveLimits *limits,
                                            GoferProgress            *progress,
                                            GCancellable             *cancellable,
                                            GError                  **error);
void          gofer_archive_extract_async  (GFile                    *zip,
                                            GFile                    *dest_dir,
                                            const char               *dirname,
                                            const GoferArchiveLimits *limits,
                                            GoferProgressFunc         progress,
                                            gpointer                  progress_data,
                                            GDestroyNotify            progress_destroy,
                                            GCancellable             *cancellable,
                                            GAsyncReadyCallback       callback,
                                            gpointer                  user_data);
GFile        *gofer_archive_extract_finish (GAsyncResult             *result,
                                            GError                  **error);

/* A folder some client packed itself and sent as a file: Warp sends
 * NAME.zip, wormhole-rs NAME.tar (plain, uncompressed). */
typedef enum
{
  GOFER_ARCHIVE_FORMAT_ZIP,
  GOFER_ARCHIVE_FORMAT_TAR,
} GoferArchiveFormat;

/* Whether @name is NAME.zip or NAME.tar (any case, NAME not empty); sets
 * *format and *stem (NAME, to free). */
gboolean      gofer_archive_format_for_name (const char          *name,
                                             GoferArchiveFormat  *format,
                                             char               **stem);
/* Unpacks @archive into a new directory in @dest_dir named after @dirname,
 * as gofer_archive_extract() with NULL limits does (the same refusals,
 * nothing written before the whole archive was checked, NAME.part renamed
 * at the end, never overwriting), and only when what it holds fits in the
 * free space (GOFER_ERROR_NO_SPACE). A lone top-level folder named
 * @dirname (wormhole-rs's NAME.tar holds NAME/...) becomes the directory
 * itself. The archive is left as it is. Blocking. */
GFile        *gofer_archive_unpack          (GFile               *archive,
                                             GoferArchiveFormat   format,
                                             GFile               *dest_dir,
                                             const char          *dirname,
                                             GoferProgress       *progress,
                                             GCancellable        *cancellable,
                                             GError             **error);
void          gofer_archive_unpack_async    (GFile               *archive,
                                             GoferArchiveFormat   format,
                                             GFile               *dest_dir,
                                             const char          *dirname,
                                             GoferProgressFunc    progress,
                                             gpointer             progress_data,
                                             GDestroyNotify       progress_destroy,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GFile        *gofer_archive_unpack_finish   (GAsyncResult        *result,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferArchive, gofer_archive_free)

G_END_DECLS
