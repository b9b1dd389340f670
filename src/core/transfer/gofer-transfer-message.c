/* gofer-transfer-message.c: the file-transfer protocol's application messages
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-transfer-message.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gofer-error.h"
#include "gofer-json-private.h"
#include "gofer-text.h"

GoferTransferMessageKind
gofer_transfer_message_classify (JsonObject *message)
{
  static const struct {
    const char               *key;
    GoferTransferMessageKind  kind;
  } keys[] = {
    { "transit", GOFER_TRANSFER_MESSAGE_TRANSIT },
    { "offer", GOFER_TRANSFER_MESSAGE_OFFER },
    { "answer", GOFER_TRANSFER_MESSAGE_ANSWER },
    { "error", GOFER_TRANSFER_MESSAGE_ERROR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (json_object_has_member (message, keys[i].key))
      return keys[i].kind;
  return GOFER_TRANSFER_MESSAGE_UNKNOWN;
}

JsonNode *
gofer_transfer_message_new_error (const char *text)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "error", text);
  json_node_set_object (node, object);
  return node;
}

JsonNode *
gofer_transfer_message_new_answer (const char *key)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonObject *answer = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (answer, key, "ok");
  json_object_set_object_member (object, "answer", answer);
  json_node_set_object (node, object);
  return node;
}

GError *
gofer_transfer_message_peer_error (JsonObject *message)
{
  const char *text = _gofer_json_get_string (message, "error", "");
  g_autofree char *shown = gofer_text_printable (text, 200);

  if (g_str_equal (text, "transfer rejected"))
    return g_error_new_literal (GOFER_ERROR, GOFER_ERROR_REJECTED,
                                _("The other side declined the transfer."));
  if (g_str_equal (text, "transfer cancelled"))
    return g_error_new_literal (GOFER_ERROR, GOFER_ERROR_PEER_ERROR,
                                _("The other side cancelled the transfer."));
  return g_error_new (GOFER_ERROR, GOFER_ERROR_PEER_ERROR,
                      _("The other side stopped the transfer: “%s”."), shown);
}
