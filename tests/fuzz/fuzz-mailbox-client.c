/* fuzz-mailbox-client.c: a hostile mailbox server and peer, and a receiver
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plays the mailbox server and the peer (fuzz-peer.h: the input is its list
 * of items) to a GoferWormhole with a GoferReceiver waiting for an offer,
 * through the client's own frame handling: no socket. Afterwards the wait is
 * cancelled and the server confirms the close. Nothing may crash, leak, log
 * a critical, or keep waiting for ever; an offer that arrives has a UTF-8
 * name and a description without control characters.
 */

#include "config.h"

#include "fuzz-common.h"
#include "fuzz-peer.h"
#include "gofer-receiver.h"

static void
offer_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GoferOffer) offer = gofer_receiver_wait_for_offer_finish (GOFER_RECEIVER (source), result, &error);

  fuzz_check ((offer == NULL) != (error == NULL), "an offer or an error");
  if (offer != NULL)
    {
      g_autofree char *description = gofer_offer_describe (offer);

      fuzz_check (g_utf8_validate (description, -1, NULL), "the description is UTF-8");
      for (const char *p = description; *p != '\0'; p = g_utf8_next_char (p))
        fuzz_check (!g_unichar_iscntrl (g_utf8_get_char (p)), "no control character is shown");
    }
  *done = TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GoferReceiver) receiver = NULL;
  FuzzPeer peer;
  gboolean done = FALSE;

  fuzz_init ();
  fuzz_peer_init (&peer);
  fuzz_peer_claim (&peer);

  receiver = gofer_receiver_new (peer.wormhole);
  gofer_transfer_set_listen (GOFER_TRANSFER (receiver), FALSE);
  gofer_transfer_set_transit_helper (GOFER_TRANSFER (receiver), "tcp:127.0.0.1:9");
  gofer_receiver_wait_for_offer_async (receiver, cancellable, offer_cb, &done);
  fuzz_drain ();

  fuzz_peer_feed (&peer, data, size);

  g_cancellable_cancel (cancellable);
  fuzz_peer_finish (&peer, &done);
  g_clear_object (&receiver);
  fuzz_peer_clear (&peer);
  return 0;
}
