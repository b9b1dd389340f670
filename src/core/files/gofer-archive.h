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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferArchive, gofer_archive_free)

G_END_DECLS
