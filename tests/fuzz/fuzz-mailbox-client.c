/* fuzz-mailbox-client.c: a hostile mailbox server and peer
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plays the mailbox server to a GoferWormhole with a GoferReceiver waiting
 * for an offer, through the client's own frame handling
 * (_gofer_mailbox_dispatch_text()): no socket. After a welcome and the
 * claim, the input is a list of items [kind u8][u16 length][bytes]:
 *   0  a raw frame from the server (any text)
 *   1  the peer's correct "pake" message (bytes ignored)
 *   2  a peer message sealed with the right phase key once the key is known
 *      (a zero key before): phase byte 0 ("version" for 0xff, else its
 *      number mod 16), plaintext the rest
 *   3  a peer message whose body is the rest, hex-encoded (garbage ciphertext)
 *   4  a "pake" message whose body is the rest, hex-encoded (any JSON)
 *   5  a "pake" message whose pake_v1 is the rest, hex-encoded
 * Afterwards the wait is cancelled and the server confirms the close. Nothing
 * may crash, leak, log a critical, or keep waiting for ever.
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "gofer-crypto.h"
#include "gofer-mailbox-private.h"
#include "gofer-receiver.h"
#include "gofer-spake2.h"
#include "gofer-wormhole-private.h"

#define APPID "lothar.com/wormhole/text-or-file-xfer"
#define CODE  "7-guitarist-revenge"
#define PEER  "feedfacefeedface"

typedef struct
{
  GoferMailbox  *mailbox;
  GoferWormhole *wormhole;
  GoferSpake2   *peer;
  gboolean       code_done;
  gboolean       wait_done;
  gboolean       timed_out;
} Harness;

static void
send_frame (Harness    *h,
            JsonNode   *root)
{
  g_autofree char *text = json_to_string (root, FALSE);

  _gofer_mailbox_dispatch_text (h->mailbox, text, strlen (text));
}

static void
send_text (Harness    *h,
           const char *text)
{
  _gofer_mailbox_dispatch_text (h->mailbox, text, strlen (text));
}

static void
send_message (Harness    *h,
              const char *phase,
              const char *body_hex)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "message");
  json_builder_set_member_name (builder, "side");
  json_builder_add_string_value (builder, PEER);
  json_builder_set_member_name (builder, "phase");
  json_builder_add_string_value (builder, phase);
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, body_hex);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "0001");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  send_frame (h, root);
}

static void
send_pake_json (Harness      *h,
                const guint8 *message,
                gsize         len)
{
  g_autofree char *message_hex = gofer_hex_encode (message, len);
  g_autofree char *json = g_strdup_printf ("{\"pake_v1\": \"%s\"}", message_hex);
  g_autofree char *body = gofer_hex_encode ((const guint8 *)json, strlen (json));

  send_message (h, "pake", body);
}

static void
send_sealed (Harness      *h,
             const guint8 *bytes,
             gsize         len)
{
  static const guint8 zero[GOFER_KEY_SIZE] = { 0 };
  const GoferKey *shared = gofer_wormhole_get_key (h->wormhole);
  g_autoptr(GoferKey) fallback = gofer_key_new_from_bytes (zero);
  g_autofree char *phase = NULL;
  g_autoptr(GoferKey) phase_key = NULL;
  g_autoptr(GBytes) boxed = NULL;
  g_autofree char *hex = NULL;

  if (len < 1)
    return;
  phase = bytes[0] == 0xff ? g_strdup ("version") : g_strdup_printf ("%u", bytes[0] % 16);
  phase_key = gofer_derive_phase_key (shared ? shared : fallback, PEER, phase);
  boxed = gofer_secretbox_seal (phase_key, bytes + 1, len - 1);
  hex = gofer_hex_encode (g_bytes_get_data (boxed, NULL), g_bytes_get_size (boxed));
  send_message (h, phase, hex);
}

static void
send_item (Harness      *h,
           guint8        kind,
           const guint8 *bytes,
           gsize         len)
{
  g_autofree char *hex = gofer_hex_encode (bytes, len);
  g_autofree char *text = NULL;

  switch (kind % 6)
    {
    case 0:
      _gofer_mailbox_dispatch_text (h->mailbox, (const char *)bytes, len);
      break;
    case 1:
      send_pake_json (h, gofer_spake2_get_message (h->peer), GOFER_SPAKE2_MESSAGE_SIZE);
      break;
    case 2:
      send_sealed (h, bytes, len);
      break;
    case 3:
      if (len < 1)
        break;
      text = g_strdup_printf ("%u", bytes[0]);
      g_free (hex);
      hex = gofer_hex_encode (bytes + 1, len - 1);
      send_message (h, text, hex);
      break;
    case 4:
      send_message (h, "pake", hex);
      break;
    default:
      send_pake_json (h, bytes, len);
      break;
    }
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
code_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Harness *h = user_data;

  gofer_wormhole_set_code_finish (GOFER_WORMHOLE (source), result, NULL);
  h->code_done = TRUE;
}

static void
offer_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Harness *h = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GoferOffer) offer = gofer_receiver_wait_for_offer_finish (GOFER_RECEIVER (source), result, &error);

  fuzz_check ((offer == NULL) != (error == NULL), "an offer or an error");
  if (offer != NULL)
    g_free (gofer_offer_describe (offer));
  h->wait_done = TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  Harness *h = user_data;

  h->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Cancels, lets the server confirm every close, and waits for everything. */
static void
finish (Harness      *h,
        GCancellable *cancellable)
{
  guint timeout_id;

  g_cancellable_cancel (cancellable);
  drain ();
  send_text (h, "{\"type\": \"closed\"}");
  drain ();
  if (!h->code_done)
    send_text (h, "{\"type\": \"error\", \"error\": \"fuzz ends\"}");

  timeout_id = g_timeout_add_seconds (10, timeout_cb, h);
  while (!(h->code_done && h->wait_done) && !h->timed_out)
    g_main_context_iteration (NULL, TRUE);
  fuzz_check (!h->timed_out, "everything finishes once cancelled and closed");
  g_source_remove (timeout_id);
  drain ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GoferReceiver) receiver = NULL;
  Harness h = { NULL };
  gsize at = 0;

  fuzz_init ();
  h.wormhole = gofer_wormhole_new ("ws://127.0.0.1:9/v1", APPID);
  h.mailbox = gofer_mailbox_new ("ws://127.0.0.1:9/v1", APPID, gofer_wormhole_get_side (h.wormhole));
  h.peer = gofer_spake2_new ((const guint8 *)CODE, strlen (CODE), (const guint8 *)APPID, strlen (APPID));

  /* A welcome first, so that connecting completes without a socket. */
  send_text (&h, "{\"type\": \"welcome\", \"welcome\": {}}");
  _gofer_wormhole_set_mailbox (h.wormhole, h.mailbox);
  gofer_wormhole_set_code_async (h.wormhole, CODE, NULL, code_cb, &h);
  drain ();
  send_text (&h, "{\"type\": \"claimed\", \"mailbox\": \"fuzzbox\"}");
  drain ();

  receiver = gofer_receiver_new (h.wormhole);
  gofer_receiver_set_listen (receiver, FALSE);
  gofer_receiver_set_transit_helper (receiver, "tcp:127.0.0.1:9");
  gofer_receiver_wait_for_offer_async (receiver, cancellable, offer_cb, &h);
  drain ();

  while (at + 3 <= size)
    {
      guint8 kind = data[at];
      gsize len = MIN ((gsize)((data[at + 1] << 8) | data[at + 2]), size - at - 3);

      send_item (&h, kind, data + at + 3, len);
      at += 3 + len;
      drain ();
    }

  finish (&h, cancellable);
  g_clear_object (&receiver);
  drain ();
  g_clear_object (&h.wormhole);
  g_clear_object (&h.mailbox);
  gofer_spake2_free (h.peer);
  return 0;
}
