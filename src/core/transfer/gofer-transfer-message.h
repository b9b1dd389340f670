/* gofer-transfer-message.h: the file-transfer protocol's application messages
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Every message is an object with one top-level key. */
typedef enum
{
  GOFER_TRANSFER_MESSAGE_UNKNOWN,
  GOFER_TRANSFER_MESSAGE_TRANSIT,
  GOFER_TRANSFER_MESSAGE_OFFER,
  GOFER_TRANSFER_MESSAGE_ANSWER,
  GOFER_TRANSFER_MESSAGE_ERROR,
} GoferTransferMessageKind;

GoferTransferMessageKind  gofer_transfer_message_classify   (JsonObject  *message);
/* {"error": text} */
JsonNode                 *gofer_transfer_message_new_error  (const char  *text);
/* {"answer": {key: "ok"}}, key is "message_ack" or "file_ack" */
JsonNode                 *gofer_transfer_message_new_answer (const char  *key);
/* The translated sentence for a peer's {"error": text}. */
GError                   *gofer_transfer_message_peer_error (JsonObject  *message);

G_END_DECLS
