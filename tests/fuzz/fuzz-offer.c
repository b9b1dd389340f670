/* fuzz-offer.c: the decrypted application messages a peer sends
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is the plaintext of one numbered phase, read the way the
 * wormhole hands it up (a JSON object) and then the way the receiver and the
 * sender look at it: classify, offers (names, negative and oversize sizes),
 * transit hints (serialised back out), peer errors (shown to a person) and
 * answers.
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "gofer-transfer-message.h"
#include "gofer-error.h"
#include "gofer-json-private.h"
#include "gofer-offer.h"
#include "gofer-safe-path.h"
#include "gofer-transit-hints.h"

static JsonObject *
member_object (JsonObject *message,
               const char *name)
{
  JsonNode *node = json_object_get_member (message, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
check_offer (JsonObject *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GoferOffer) offer = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autofree char *description = NULL;
  g_autofree char *safe = NULL;
  JsonObject *body = member_object (message, "offer");

  if (body == NULL)
    return;
  offer = gofer_offer_new_from_json (body, &error);
  if (offer == NULL)
    {
      fuzz_check (error != NULL && error->domain == GOFER_ERROR, "a refused offer says why");
      return;
    }

  description = gofer_offer_describe (offer);
  fuzz_check (description != NULL, "every offer can be described");
  for (const char *p = description; *p != '\0'; p = g_utf8_next_char (p))
    fuzz_check (!g_unichar_iscntrl (g_utf8_get_char (p)), "a description has no control character");
  if (gofer_offer_get_kind (offer) == GOFER_OFFER_TEXT)
    {
      fuzz_check (gofer_offer_get_text (offer) != NULL, "a text offer has text");
      fuzz_check (g_utf8_validate (gofer_offer_get_text (offer), -1, NULL), "the text is UTF-8");
      return;
    }
  fuzz_check (g_utf8_validate (gofer_offer_get_name (offer), -1, NULL), "the name is UTF-8");
  fuzz_check (gofer_offer_get_size (offer) <= G_MAXINT64, "sizes are never negative");
  safe = gofer_safe_name (gofer_offer_get_name (offer), "received");
  fuzz_check (strchr (safe, '/') == NULL && strchr (safe, '\\') == NULL, "a safe name has no separator");
  /* What we would send for the same offer reads back the same. */
  back = gofer_offer_to_json (offer);
  {
    g_autoptr(GoferOffer) again = gofer_offer_new_from_json (member_object (json_node_get_object (back), "offer"), NULL);

    fuzz_check (again != NULL, "our own offer reads back");
    fuzz_check (g_strcmp0 (gofer_offer_get_name (again), gofer_offer_get_name (offer)) == 0, "same name");
    fuzz_check (gofer_offer_get_size (again) == gofer_offer_get_size (offer), "same size");
  }
}

static void
check_transit (JsonObject *message)
{
  g_autoptr(GPtrArray) hints = gofer_transit_message_parse (json_object_get_member (message, "transit"));
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(GPtrArray) again = NULL;

  fuzz_check (hints != NULL, "hints are never NULL");
  for (guint i = 0; i < hints->len; i++)
    {
      GoferTransitHint *hint = g_ptr_array_index (hints, i);

      gofer_transit_hint_is_dialable (hint);
      if (hint->type == GOFER_TRANSIT_HINT_RELAY)
        fuzz_check (hint->endpoints != NULL, "a relay hint has an endpoint list");
    }
  out = gofer_transit_message_new (hints);
  again = gofer_transit_message_parse (json_object_get_member (json_node_get_object (out), "transit"));
  fuzz_check (again->len == hints->len, "our own hints read back");
}

static void
check_error (JsonObject *message)
{
  g_autoptr(GError) error = gofer_transfer_message_peer_error (message);

  fuzz_check (error != NULL && error->domain == GOFER_ERROR, "a peer error becomes a GError");
  fuzz_check (g_utf8_validate (error->message, -1, NULL), "the sentence is UTF-8");
  for (const char *p = error->message; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      fuzz_check (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c <= 0x9f),
                  "no control character (C0, DEL, C1) reaches the terminal");
    }
}

static void
check_answer (JsonObject *message)
{
  JsonObject *answer = member_object (message, "answer");

  if (answer != NULL)
    json_object_get_string_member_with_default (answer, "file_ack", NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *message;

  fuzz_init ();
  /* Read the way the wormhole reads a phase: checked, then parsed. */
  if ((message = _gofer_json_parse_object (parser, data, size)) == NULL)
    return 0;

  switch (gofer_transfer_message_classify (message))
    {
    case GOFER_TRANSFER_MESSAGE_OFFER:
      check_offer (message);
      break;
    case GOFER_TRANSFER_MESSAGE_TRANSIT:
      check_transit (message);
      break;
    case GOFER_TRANSFER_MESSAGE_ERROR:
      check_error (message);
      break;
    case GOFER_TRANSFER_MESSAGE_ANSWER:
      check_answer (message);
      break;
    case GOFER_TRANSFER_MESSAGE_UNKNOWN:
    default:
      break;
    }
  return 0;
}
