/* gofer-auto-send.h: files that appear in a folder, once they are complete
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

/* How long size and modification time must stay the same. */
#define GOFER_AUTO_SEND_STABLE_MS 2000

#define GOFER_TYPE_AUTO_SEND (gofer_auto_send_get_type ())

G_DECLARE_FINAL_TYPE (GoferAutoSend, gofer_auto_send, GOFER, AUTO_SEND, GObject)

/* Watches @folder (which must be a folder) and looks at what is in it
 * already. Regular files at its top level count; hidden files and names
 * ending in ".part" do not. */
GoferAutoSend *gofer_auto_send_new        (GFile          *folder,
                                           GError        **error);
/* The same; with only_new, the files already there count as sent and go
 * only once they change. */
GoferAutoSend *gofer_auto_send_new_full   (GFile          *folder,
                                           gboolean        only_new,
                                           GError        **error);
GFile         *gofer_auto_send_get_folder (GoferAutoSend  *self);

/* Signal "ready" (GFile *file): the file's size and modification time have
 * not changed for GOFER_AUTO_SEND_STABLE_MS and, where the system can tell
 * (Linux), no program has it open for writing. Once per version of a file:
 * it comes again only after it changed. */

G_END_DECLS
