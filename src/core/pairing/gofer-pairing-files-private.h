/* gofer-pairing-files-private.h: the private files of paired devices
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * identity.ini and peers.ini live in one folder (by default
 * g_get_user_data_dir()/gofer, mode 0700) and are written whole with mode
 * 0600, through a temporary file renamed into place (docs/security.md).
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* @folder, or the default folder when NULL; newly allocated. */
char     *_gofer_pairing_folder      (const char  *folder);
/* Loads @path into @key_file; FALSE with *missing = TRUE when there is no
 * such file, FALSE with an error when it cannot be read or parsed. */
gboolean  _gofer_pairing_load        (GKeyFile    *key_file,
                                      const char  *path,
                                      gboolean    *missing,
                                      GError     **error);
/* Writes @key_file to @path (0600), making its folder (0700) first. The
 * text is wiped from memory after writing: it may hold secrets. */
gboolean  _gofer_pairing_save        (GKeyFile    *key_file,
                                      const char  *path,
                                      GError     **error);
/* Reads a hex member of exactly @len bytes into @out; FALSE when it is
 * missing or malformed. The copies made on the way are wiped. */
gboolean  _gofer_pairing_get_hex     (GKeyFile    *key_file,
                                      const char  *group,
                                      const char  *key,
                                      guint8      *out,
                                      gsize        len);
void      _gofer_pairing_set_hex     (GKeyFile    *key_file,
                                      const char  *group,
                                      const char  *key,
                                      const guint8 *data,
                                      gsize        len);

G_END_DECLS
