/* fuzz-peer.c: a fake mailbox server and peer around a real GoferWormhole
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-peer.h"

#include <string.h>

#include "fuzz-common.h"
#include "gofer-crypto.h"

#define APPID "lothar.com/wormhole/text-or-file-xfer"
#define CODE  "7-guitarist-revenge"
#define PEER  "feedfacefeedface"
#define URL   "ws://127.0.0.1:9/v1"

void
fuzz_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
fuzz_peer_send_text (FuzzPeer   *peer,
                     const char *text)
{
  _gofer_mailbox_dispatch_text (peer->mailbox, text, strlen (text));
}

static void
send_message (FuzzPeer   *peer,
              const char *phase,
              const char *body_hex)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

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
  text = json_to_string (root, FALSE);
  fuzz_peer_send_text (peer, text);
}

static void
send_pake_json (FuzzPeer     *peer,
                const guint8 *message,
                gsize         len)
{
  g_autofree char *message_hex = gofer_hex_encode (message, len);
  g_autofree char *json = g_strdup_printf ("{\"pake_v1\": \"%s\"}", message_hex);
  g_autofree char *body = gofer_hex_encode ((const guint8 *)json, strlen (json));

  send_message (peer, "pake", body);
}

static void
send_sealed (FuzzPeer     *peer,
             const guint8 *bytes,
             gsize         len)
{
  static const guint8 zero[GOFER_KEY_SIZE] = { 0 };
  const GoferKey *shared = gofer_wormhole_get_key (peer->wormhole);
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
  send_message (peer, phase, hex);
}

static void
send_item (FuzzPeer     *peer,
           guint8        kind,
           const guint8 *bytes,
           gsize         len)
{
  g_autofree char *hex = NULL;
  g_autofree char *phase = NULL;

  switch (kind % 6)
    {
    case 0:
      _gofer_mailbox_dispatch_text (peer->mailbox, (const char *)bytes, len);
      break;
    case 1:
      send_pake_json (peer, gofer_spake2_get_message (peer->peer), GOFER_SPAKE2_MESSAGE_SIZE);
      break;
    case 2:
      send_sealed (peer, bytes, len);
      break;
    case 3:
      if (len < 1)
        break;
      phase = g_strdup_printf ("%u", bytes[0]);
      hex = gofer_hex_encode (bytes + 1, len - 1);
      send_message (peer, phase, hex);
      break;
    case 4:
      hex = gofer_hex_encode (bytes, len);
      send_message (peer, "pake", hex);
      break;
    default:
      send_pake_json (peer, bytes, len);
      break;
    }
}

static void
code_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  FuzzPeer *peer = user_data;

  gofer_wormhole_set_code_finish (GOFER_WORMHOLE (source), result, NULL);
  peer->code_done = TRUE;
}

void
fuzz_peer_init (FuzzPeer *peer)
{
  memset (peer, 0, sizeof *peer);
  peer->wormhole = gofer_wormhole_new (URL, APPID);
  peer->mailbox = gofer_mailbox_new (URL, APPID, gofer_wormhole_get_side (peer->wormhole));
  peer->peer = gofer_spake2_new ((const guint8 *)CODE, strlen (CODE), (const guint8 *)APPID, strlen (APPID));
  /* A welcome first, so that connecting completes without a socket. */
  fuzz_peer_send_text (peer, "{\"type\": \"welcome\", \"welcome\": {}}");
  _gofer_wormhole_set_mailbox (peer->wormhole, peer->mailbox);
}

void
fuzz_peer_claim (FuzzPeer *peer)
{
  gofer_wormhole_set_code_async (peer->wormhole, CODE, NULL, code_cb, peer);
  fuzz_drain ();
  fuzz_peer_send_text (peer, "{\"type\": \"claimed\", \"mailbox\": \"fuzzbox\"}");
  fuzz_drain ();
}

void
fuzz_peer_feed (FuzzPeer     *peer,
                const guint8 *data,
                gsize         size)
{
  gsize at = 0;

  while (at + 3 <= size)
    {
      guint8 kind = data[at];
      gsize len = MIN ((gsize)((data[at + 1] << 8) | data[at + 2]), size - at - 3);

      send_item (peer, kind, data + at + 3, len);
      at += 3 + len;
      fuzz_drain ();
    }
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
fuzz_peer_finish (FuzzPeer       *peer,
                  const gboolean *done)
{
  gboolean timed_out = FALSE;
  guint timeout_id;

  fuzz_drain ();
  fuzz_peer_send_text (peer, "{\"type\": \"closed\"}");
  fuzz_drain ();
  if (!peer->code_done)
    fuzz_peer_send_text (peer, "{\"type\": \"error\", \"error\": \"fuzz ends\"}");

  timeout_id = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  while (!(peer->code_done && *done) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  fuzz_check (!timed_out, "everything finishes once cancelled and closed");
  g_source_remove (timeout_id);
  fuzz_drain ();
}

void
fuzz_peer_clear (FuzzPeer *peer)
{
  fuzz_drain ();
  g_clear_object (&peer->wormhole);
  g_clear_object (&peer->mailbox);
  g_clear_pointer (&peer->peer, gofer_spake2_free);
}
