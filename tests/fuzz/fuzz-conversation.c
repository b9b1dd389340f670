/* fuzz-conversation.c: a hostile peer in a conversation
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Like fuzz-mailbox-client, with a GoferConversation on the wormhole: the
 * peer's "version" decides whether it starts, then chat messages, receipts,
 * goodbyes and transfer messages (offers, re-offers, answers, transit
 * hints, cancels) arrive in any shape. Every message handed up must be
 * UTF-8 within the size limit, sequence numbers must only grow, every offer
 * handed up must be a file or folder with a growing number, and closing the
 * wormhole must end everything, every transfer included. Offers are
 * declined, cancelled or left waiting (accepting would start disk and
 * network work in threads, which a fuzz run cannot wait for).
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "fuzz-peer.h"
#include "gofer-conversation.h"

typedef struct
{
  gboolean started;
  guint64  last_seq;
  guint64  last_transfer;
} State;

static void
message_cb (GoferConversation *conversation,
            guint64            seq,
            const char        *text,
            gint64             sent,
            gpointer           user_data)
{
  State *state = user_data;

  fuzz_check (g_utf8_validate (text, -1, NULL), "a chat message is UTF-8");
  fuzz_check (strlen (text) <= GOFER_CONVERSATION_MAX_TEXT, "a chat message is within the limit");
  fuzz_check (seq > state->last_seq, "sequence numbers only grow");
  state->last_seq = seq;
}

static void
offer_cb (GoferConversation         *conversation,
          GoferConversationTransfer *transfer,
          gpointer                   user_data)
{
  State *state = user_data;
  GoferOffer *offer = gofer_conversation_transfer_get_offer (transfer);
  guint64 id = gofer_conversation_transfer_get_id (transfer);

  fuzz_check (gofer_conversation_transfer_get_direction (transfer) == GOFER_CONVERSATION_TRANSFER_INCOMING,
              "an offer comes from the peer");
  fuzz_check (gofer_conversation_transfer_get_state (transfer) == GOFER_CONVERSATION_TRANSFER_OFFERED,
              "an offer waits for a decision");
  fuzz_check (offer != NULL && gofer_offer_get_kind (offer) != GOFER_OFFER_TEXT,
              "a transfer offers a file or a folder");
  fuzz_check (id > state->last_transfer, "transfer numbers only grow");
  state->last_transfer = id;
  if (id % 2 == 1)
    gofer_conversation_transfer_decline (transfer);
  else if (id % 3 == 0)
    gofer_conversation_transfer_cancel (transfer);
}

static gboolean
all_transfers_finished (GoferConversation *conversation)
{
  GListModel *transfers = gofer_conversation_get_transfers (conversation);

  for (guint i = 0; i < g_list_model_get_n_items (transfers); i++)
    {
      g_autoptr(GoferConversationTransfer) transfer = g_list_model_get_item (transfers, i);

      if (!gofer_conversation_transfer_is_finished (transfer))
        return FALSE;
    }
  return TRUE;
}

static void
start_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  State *state = user_data;

  gofer_conversation_start_finish (GOFER_CONVERSATION (source), result, NULL);
  state->started = TRUE;
}

static void
close_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *closed = user_data;

  gofer_wormhole_close_finish (GOFER_WORMHOLE (source), result);
  *closed = TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GoferConversation) conversation = NULL;
  FuzzPeer peer;
  State state = { FALSE, 0 };
  gboolean closed = FALSE;
  gpointer gone;

  fuzz_init ();
  fuzz_peer_init (&peer);
  conversation = gofer_conversation_new (peer.wormhole);
  g_signal_connect (conversation, "message", G_CALLBACK (message_cb), &state);
  g_signal_connect (conversation, "offer", G_CALLBACK (offer_cb), &state);
  fuzz_peer_claim (&peer);
  gofer_conversation_start_async (conversation, NULL, start_cb, &state);
  fuzz_drain ();

  fuzz_peer_feed (&peer, data, size);

  gofer_wormhole_close_async (peer.wormhole, NULL, NULL, close_cb, &closed);
  fuzz_drain ();
  fuzz_peer_finish (&peer, &closed);
  fuzz_check (state.started, "starting ends once the wormhole is closed");
  fuzz_check (all_transfers_finished (conversation), "closing the wormhole ends every transfer");
  g_signal_handlers_disconnect_by_data (conversation, &state);
  gone = conversation;
  g_clear_object (&conversation);
  /* A timer left behind would fire on freed memory, maybe many inputs later. */
  fuzz_check (g_main_context_find_source_by_user_data (NULL, gone) == NULL,
              "no timer outlives the conversation");
  fuzz_peer_clear (&peer);
  return 0;
}
