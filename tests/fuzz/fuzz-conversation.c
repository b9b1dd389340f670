/* fuzz-conversation.c: a hostile peer in a conversation
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Like fuzz-mailbox-client, with a GoferConversation on the wormhole: the
 * peer's "version" decides whether it starts, then chat messages, receipts
 * and goodbyes arrive in any shape. Every message handed up must be UTF-8
 * within the size limit, sequence numbers must only grow, and closing the
 * wormhole must end everything.
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

  fuzz_init ();
  fuzz_peer_init (&peer);
  conversation = gofer_conversation_new (peer.wormhole);
  g_signal_connect (conversation, "message", G_CALLBACK (message_cb), &state);
  fuzz_peer_claim (&peer);
  gofer_conversation_start_async (conversation, NULL, start_cb, &state);
  fuzz_drain ();

  fuzz_peer_feed (&peer, data, size);

  gofer_wormhole_close_async (peer.wormhole, NULL, NULL, close_cb, &closed);
  fuzz_drain ();
  fuzz_peer_finish (&peer, &closed);
  fuzz_check (state.started, "starting ends once the wormhole is closed");
  g_signal_handlers_disconnect_by_data (conversation, &state);
  g_clear_object (&conversation);
  fuzz_peer_clear (&peer);
  return 0;
}
