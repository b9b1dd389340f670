/* gofer-app-history.h: what was sent and received, kept across restarts
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gofer-app-history-entry.h"

G_BEGIN_DECLS

/* The newest this many transfers are kept; older ones go. */
#define GOFER_APP_HISTORY_MAX_ENTRIES 500
/* A history file larger than this is not read (it cannot be ours). */
#define GOFER_APP_HISTORY_MAX_FILE_SIZE (1024 * 1024)

#define GOFER_APP_TYPE_HISTORY (gofer_app_history_get_type ())

/* A GListModel of GoferAppHistoryEntry, newest first. */
G_DECLARE_FINAL_TYPE (GoferAppHistory, gofer_app_history, GOFER_APP, HISTORY, GObject)

/* The history kept in path (a GKeyFile), read now; a file that cannot be
 * read as one is moved aside to PATH.bad and the history starts empty. */
GoferAppHistory *gofer_app_history_new          (const char       *path);
/* $XDG_DATA_HOME/gofer/history.ini */
char            *gofer_app_history_dup_default_path (void);
const char      *gofer_app_history_get_path     (GoferAppHistory  *self);
/* Adds entry first, drops what is beyond GOFER_APP_HISTORY_MAX_ENTRIES and
 * writes the file soon (from an idle callback). */
void             gofer_app_history_add          (GoferAppHistory      *self,
                                                 GoferAppHistoryEntry *entry);
void             gofer_app_history_clear        (GoferAppHistory  *self);
/* Writes the file now if anything changed since it was last written. */
gboolean         gofer_app_history_save         (GoferAppHistory  *self,
                                                 GError          **error);

G_END_DECLS
