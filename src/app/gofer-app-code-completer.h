/* gofer-app-code-completer.h: completes nameplates and words in the code entry
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GOFER_APP_TYPE_CODE_COMPLETER (gofer_app_code_completer_get_type ())

G_DECLARE_FINAL_TYPE (GoferAppCodeCompleter, gofer_app_code_completer, GOFER_APP, CODE_COMPLETER, GObject)

/* Nameplates come from the mailbox server of the settings' mailbox-url,
 * asked in the background when the entry gets focus or the list is older
 * than a few seconds; typing never waits for them. Words come from the
 * PGP word list. */
GoferAppCodeCompleter *gofer_app_code_completer_new                (GtkEntry              *entry,
                                                                    GSettings             *settings);
/* The nameplates last listed by the server; NULL before the first answer.
 * Property "nameplates", notified when an answer arrives. */
const char * const    *gofer_app_code_completer_get_nameplates     (GoferAppCodeCompleter *self);
/* What the popup offers for the entry's text now. */
char                 **gofer_app_code_completer_dup_candidates     (GoferAppCodeCompleter *self);
/* Asks the server again unless an answer is at most a few seconds old. */
void                   gofer_app_code_completer_refresh_nameplates (GoferAppCodeCompleter *self);

G_END_DECLS
