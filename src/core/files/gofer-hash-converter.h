/* gofer-hash-converter.h: SHA-256 of whatever passes through a stream
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

#define GOFER_TYPE_HASH_CONVERTER (gofer_hash_converter_get_type ())

G_DECLARE_FINAL_TYPE (GoferHashConverter, gofer_hash_converter, GOFER, HASH_CONVERTER, GObject)

/* A GConverter that copies its input unchanged and hashes it: put it in a
 * GConverterInputStream or GConverterOutputStream. Use it from one thread
 * at a time. */
GoferHashConverter *gofer_hash_converter_new     (void);
/* Hashes bytes that do not pass through a stream (what is already on disk). */
void                gofer_hash_converter_update  (GoferHashConverter  *self,
                                                  const guint8        *data,
                                                  gsize                len);
/* Reads @length bytes of @input into the hash, leaving the stream just
 * after them. Blocking. A shorter stream is G_IO_ERROR_PARTIAL_INPUT. */
gboolean            gofer_hash_converter_absorb  (GoferHashConverter  *self,
                                                  GInputStream        *input,
                                                  guint64              length,
                                                  GCancellable        *cancellable,
                                                  GError             **error);
/* Lowercase hex SHA-256 of everything so far; hashing may go on. */
char               *gofer_hash_converter_get_hex (GoferHashConverter  *self);

G_END_DECLS
