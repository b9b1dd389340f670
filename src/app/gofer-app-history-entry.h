/* gofer-app-history-entry.h: one transfer of the history
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  GOFER_APP_HISTORY_SENT,
  GOFER_APP_HISTORY_RECEIVED,
} GoferAppHistoryDirection;

typedef enum
{
  GOFER_APP_HISTORY_FILE,
  GOFER_APP_HISTORY_FOLDER,
  GOFER_APP_HISTORY_FILES,   /* several files or folders sent together */
  GOFER_APP_HISTORY_TEXT,    /* the text itself is never kept */
} GoferAppHistoryKind;

#define GOFER_APP_TYPE_HISTORY_ENTRY (gofer_app_history_entry_get_type ())

G_DECLARE_FINAL_TYPE (GoferAppHistoryEntry, gofer_app_history_entry, GOFER_APP, HISTORY_ENTRY, GObject)

/* name: the file's or folder's name (for several files, how the window
 * names them; for a text, NULL). size: bytes, or a text's characters.
 * location: where it was saved, or the one file or folder sent; NULL for
 * none. The time is now; set the code with _set_peer(). */
GoferAppHistoryEntry *gofer_app_history_entry_new (GoferAppHistoryDirection  direction,
                                                   GoferAppHistoryKind       kind,
                                                   const char               *name,
                                                   guint64                   size,
                                                   GFile                    *location);
/* code: the code the transfer (or the conversation it was in) used. */
void        gofer_app_history_entry_set_peer         (GoferAppHistoryEntry *self,
                                                      const char           *code,
                                                      gboolean              in_conversation);
void        gofer_app_history_entry_set_time         (GoferAppHistoryEntry *self,
                                                      gint64                unix_seconds);

GoferAppHistoryDirection gofer_app_history_entry_get_direction (GoferAppHistoryEntry *self);
GoferAppHistoryKind      gofer_app_history_entry_get_kind      (GoferAppHistoryEntry *self);
const char *gofer_app_history_entry_get_name         (GoferAppHistoryEntry *self);
guint64     gofer_app_history_entry_get_size         (GoferAppHistoryEntry *self);
gint64      gofer_app_history_entry_get_time         (GoferAppHistoryEntry *self);
const char *gofer_app_history_entry_get_code         (GoferAppHistoryEntry *self);
gboolean    gofer_app_history_entry_get_in_conversation (GoferAppHistoryEntry *self);
GFile      *gofer_app_history_entry_get_location     (GoferAppHistoryEntry *self);
/* "Received with the code 7-guitarist-revenge · 3 May 2026, 14:05 · 2.1 MB",
 * then on a second line where it was saved. */
char       *gofer_app_history_entry_describe         (GoferAppHistoryEntry *self);
/* The row's title: the name, or "Text" for a text. */
char       *gofer_app_history_entry_dup_title        (GoferAppHistoryEntry *self);

G_END_DECLS
