/* gofer-app-message.h: the file-transfer protocol's application messages
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Every message is an object with one top-level key. */
typedef enum
{
  GOFER_APP_MESSAGE_UNKNOWN,
  GOFER_APP_MESSAGE_TRANSIT,
  GOFER_APP_MESSAGE_OFFER,
  GOFER_APP_MESSAGE_ANSWER,
  GOFER_APP_MESSAGE_ERROR,
} GoferAppMessageKind;

GoferAppMessageKind  gofer_app_message_classify     (JsonObject  *message);
/* {"error": text} */
JsonNode            *gofer_app_message_new_error    (const char  *text);
/* {"answer": {key: "ok"}}, key is "message_ack" or "file_ack" */
JsonNode            *gofer_app_message_new_answer   (const char  *key);
/* Text from the network made fit to show, in a terminal too: valid UTF-8,
 * at most @max_chars characters, every control character (C0 including tab
 * and line breaks, DEL, C1 such as CSI), line separator and bidi override
 * replaced by '?'. */
char                *gofer_app_message_printable    (const char  *text,
                                                     guint        max_chars);
/* Multi-line text from the network (a text offer, a chat message) made fit
 * to print in a terminal: valid UTF-8; line feeds and tabs kept, CR LF
 * becomes LF; every other character gofer_app_message_printable() replaces
 * is shown as a visible escape instead: "\x1B" for ESC, "\x9B" for CSI,
 * "\u202E" for a bidi override, so nothing moves the cursor, sets a title
 * or the clipboard, or reorders what follows. */
char                *gofer_app_message_printable_text (const char *text);
/* The translated sentence for a peer's {"error": text}. */
GError              *gofer_app_message_peer_error   (JsonObject  *message);

G_END_DECLS
