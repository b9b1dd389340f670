/* gofer-safe-path.h: safe names and paths for what the other computer sends
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* Longest file name most file systems accept, in bytes. */
#define GOFER_SAFE_NAME_MAX 255

/* Reduces a received name to one plain file name that is safe on Linux, macOS
 * and Windows: the last path component of either separator style, valid UTF-8,
 * no control or bidi characters, none of <>:"/\|?*, no trailing dots or spaces,
 * no Windows device name, never "." or "..", at most 255 bytes (extension kept).
 * Returns @fallback when nothing is left. */
char     *gofer_safe_name                (const char    *name,
                                          const char    *fallback);
/* gofer_safe_name() for what lands at the top of the download folder:
 * a leading dot becomes '_' (".ssh" is saved as "_ssh"), so nothing
 * received arrives hidden, or as ~/.ssh or ~/.bashrc when the download
 * folder is the home folder. A name the person chose (gofer receive
 * --output-file) is not received and keeps its dot. */
char     *gofer_safe_visible_name        (const char    *name,
                                          const char    *fallback);
/* TRUE when the safe name of @name starts with a dot, so that
 * gofer_safe_visible_name() renames it; prompts say so. */
gboolean  gofer_safe_name_is_hidden      (const char    *name);
/* "name (n).ext" (n ≥ 1; n == 0 gives the name itself), shortened on a UTF-8
 * boundary to at most @max_bytes. Double extensions such as .tar.gz stay whole. */
char     *gofer_safe_name_numbered       (const char    *name,
                                          guint          n,
                                          gsize          max_bytes);

/* GOFER_ERROR_NO_SPACE with a sentence giving both sizes when the file system
 * holding @dir reports less than @needed bytes free. Blocking. */
gboolean  gofer_check_free_space         (GFile         *dir,
                                          guint64        needed,
                                          GCancellable  *cancellable,
                                          GError       **error);
void      gofer_check_free_space_async   (GFile         *dir,
                                          guint64        needed,
                                          GCancellable  *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer       user_data);
gboolean  gofer_check_free_space_finish  (GAsyncResult  *result,
                                          GError       **error);

/* Deletes @file, and a directory with everything in it, never following
 * symbolic links. Blocking. */
gboolean  gofer_delete_recursive         (GFile         *file,
                                          GCancellable  *cancellable,
                                          GError       **error);

/* Renames @from to @to, failing with G_IO_ERROR_EXISTS rather than replacing
 * anything at @to (atomically where the system can). Blocking. */
gboolean  gofer_rename_no_replace        (GFile         *from,
                                          GFile         *to,
                                          GCancellable  *cancellable,
                                          GError       **error);

G_END_DECLS
