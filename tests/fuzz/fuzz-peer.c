/* fuzz-peer.c: the fuzz input as a hostile mailbox server and peer
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-peer.h"

#include <string.h>

#include "fuzz-common.h"
#include "gofer-crypto.h"
#include "gofer-test-util.h"

void
fuzz_drain (void)
{
  gofer_test_drain ();
}

static void
send_text (FuzzPeer   *peer,
           const char *text)
{
  gofer_test_peer_send_text (peer->peer, text, strlen (text));
}

/* Sealed with the wormhole's own key, so that the input reaches what lies
 * behind decryption even when an earlier item spoiled the key exchange. */
static void
send_sealed (FuzzPeer     *peer,
             const guint8 *bytes,
             gsize         len)
{
  static const guint8 zero[GOFER_KEY_SIZE] = { 0 };
  const GoferKey *shared = gofer_wormhole_get_key (peer->wormhole);
  g_autoptr(GoferKey) fallback = gofer_key_new_from_bytes (zero);
  g_autofree char *phase = NULL;

  if (len < 1)
    return;
  phase = bytes[0] == 0xff ? g_strdup ("version") : g_strdup_printf ("%u", bytes[0] % 16);
  gofer_test_peer_send_sealed (peer->peer, shared ? shared : fallback, phase, bytes + 1, len - 1);
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
      gofer_test_peer_send_text (peer->peer, (const char *)bytes, len);
      break;
    case 1:
      gofer_test_peer_send_pake (peer->peer);
      break;
    case 2:
      send_sealed (peer, bytes, len);
      break;
    case 3:
      if (len < 1)
        break;
      phase = g_strdup_printf ("%u", bytes[0]);
      hex = gofer_hex_encode (bytes + 1, len - 1);
      gofer_test_peer_send_message (peer->peer, phase, hex);
      break;
    case 4:
      hex = gofer_hex_encode (bytes, len);
      gofer_test_peer_send_message (peer->peer, "pake", hex);
      break;
    default:
      gofer_test_peer_send_pake_bytes (peer->peer, bytes, len);
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
  peer->peer = gofer_test_peer_new (NULL, FALSE);
  peer->wormhole = gofer_test_peer_get_wormhole (peer->peer);
  /* A welcome first, so that connecting completes at once. */
  send_text (peer, "{\"type\": \"welcome\", \"welcome\": {}}");
}

void
fuzz_peer_claim (FuzzPeer *peer)
{
  gofer_wormhole_set_code_async (peer->wormhole, GOFER_TEST_PEER_CODE, NULL, code_cb, peer);
  fuzz_drain ();
  send_text (peer, "{\"type\": \"claimed\", \"mailbox\": \"fuzzbox\"}");
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
finished (gpointer user_data)
{
  FuzzPeer *peer = user_data;

  return peer->code_done && *peer->done;
}

void
fuzz_peer_finish (FuzzPeer       *peer,
                  const gboolean *done)
{
  fuzz_drain ();
  send_text (peer, "{\"type\": \"closed\"}");
  fuzz_drain ();
  if (!peer->code_done)
    send_text (peer, "{\"type\": \"error\", \"error\": \"fuzz ends\"}");

  peer->done = done;
  gofer_test_wait_until (finished, peer, 10000, "everything finishes once cancelled and closed");
  fuzz_drain ();
}

void
fuzz_peer_clear (FuzzPeer *peer)
{
  fuzz_drain ();
  peer->wormhole = NULL;
  g_clear_pointer (&peer->peer, gofer_test_peer_free);
}
