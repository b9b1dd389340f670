/* gofer-conversation-private.h: shared by the files of GoferConversation
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gofer-conversation.c holds negotiation, chat, receipts and leaving;
 * gofer-conversation-transfers.c the transfers and the auto-send folder.
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <json-glib/json-glib.h>

#include "gofer-auto-send.h"
#include "gofer-conversation.h"
#include "gofer-conversation-transfer.h"

G_BEGIN_DECLS

/* app_versions features (docs/protocol-extensions.md, section 1). */
#define GOFER_CONVERSATION_FEATURE             "conversation-v1"
#define GOFER_CONVERSATION_FEATURE_TRANSFERS   "transfer-v1"
#define GOFER_CONVERSATION_FEATURE_MOVES       "mailbox-move-v1"

/* Messages in one mailbox, both ways together, after which the
 * conversation moves to a fresh one: each side puts at most half of them
 * there, so no burst from either overfills it. Section 7. */
#define GOFER_CONVERSATION_MOVE_AFTER 250

/* Offers from the peer that may be open (not finished) at once; more are
 * declined. docs/protocol-extensions.md, section 6. */
#define GOFER_CONVERSATION_MAX_OPEN_OFFERS 64

struct _GoferConversation
{
  GObject        parent_instance;

  GoferWormhole *wormhole;
  GTask         *start_task;
  GTask         *leave_task;
  guint          receipt_id;
  guint          leave_timeout_id;
  char          *verification;

  guint64        sent;
  guint64        delivered;
  guint64        received;
  guint64        receipted;
  gboolean       started;
  gboolean       bye_sent;
  gboolean       peer_left;
  gboolean       over;

  /* Moves to fresh mailboxes (gofer-conversation-moves.c) */
  guint          sent_here;     /* our messages in this mailbox */
  guint          received_here; /* the peer's messages in this mailbox */
  guint          move_after;
  gboolean       move_sent;     /* our gofer-move is out, no gofer-moved yet */
  GQueue         waiting;       /* JsonNode: held until the next mailbox opens */
  char          *next_mailbox;  /* the leader's: named in its gofer-move */

  /* Transfers */
  GListStore    *transfers;     /* GoferConversationTransfer, in order of creation */
  GHashTable    *mine;          /* id -> transfer we offered */
  GHashTable    *theirs;        /* id -> transfer the peer offered */
  guint64        last_mine;
  guint64        last_theirs;
  char          *transit_helper;
  gboolean       listen;
  guint          idle_timeout;
  GFile         *auto_send_folder;
  gboolean       auto_send_only_new;
  GoferAutoSend *auto_send;
};

/* gofer-conversation.c */
/* {key: body}, padded; body gets a "pad" member. */
JsonNode *_gofer_conversation_new_message      (const char        *key,
                                                JsonObject        *body);
/* The same, sent, or held while the conversation waits for a move. */
void      _gofer_conversation_send_message     (GoferConversation *self,
                                                const char        *key,
                                                JsonObject        *body);
/* Sends a finished message at once, even while others wait for a move. */
void      _gofer_conversation_send_now         (GoferConversation *self,
                                                JsonNode          *message);
/* Ends the conversation: the peer sent something Gofer cannot use. */
void      _gofer_conversation_protocol_error   (GoferConversation *self);
/* A non-negative integer member. */
gboolean  _gofer_conversation_get_count        (JsonObject        *body,
                                                const char        *name,
                                                guint64           *out);
gboolean  _gofer_conversation_peer_has_feature (GoferConversation *self,
                                                const char        *feature);
void      _gofer_conversation_emit_transfer    (GoferConversation *self,
                                                GoferConversationTransfer *transfer,
                                                gboolean           offered);

/* gofer-conversation-moves.c */
/* Every message sent or received: the leader moves when it is time. */
void      _gofer_conversation_count_message    (GoferConversation *self,
                                                gboolean           received);
/* A gofer-move or gofer-moved: sets *handled, FALSE for a protocol error. */
gboolean  _gofer_conversation_dispatch_move    (GoferConversation *self,
                                                JsonObject        *message,
                                                gboolean          *handled);
/* Once our share of this mailbox is full (or, for the leader, once its
 * gofer-move is out), messages wait for the next one: sending on would
 * only overfill this one while the move is on its way. */
gboolean  _gofer_conversation_waits_for_move   (GoferConversation *self);
/* Sends what was held, into whichever mailbox is in use. */
void      _gofer_conversation_send_waiting     (GoferConversation *self);
/* For tests: move after this many messages instead. */
void      _gofer_conversation_set_move_after   (GoferConversation *self,
                                                guint              messages);

/* gofer-conversation-transfers.c */
void      _gofer_conversation_transfers_init   (GoferConversation *self);
/* The number of our next offer, from 1; @transfer is known by it from now on. */
guint64   _gofer_conversation_number_offer     (GoferConversation *self,
                                                GoferConversationTransfer *transfer);
void      _gofer_conversation_transfers_clear  (GoferConversation *self);
/* Once started: the auto-send folder begins. */
void      _gofer_conversation_transfers_start  (GoferConversation *self);
/* A gofer-offer, -answer, -transit or -cancel: sets *handled, and returns
 * FALSE for a protocol error. */
gboolean  _gofer_conversation_dispatch_transfer (GoferConversation *self,
                                                 JsonObject        *message,
                                                 gboolean          *handled);
/* Every unfinished transfer ends with @state and @message; the peer is
 * told with gofer-cancel when @tell_peer. */
void      _gofer_conversation_end_transfers    (GoferConversation              *self,
                                                GoferConversationTransferState  state,
                                                const char                     *message,
                                                gboolean                        tell_peer);

G_END_DECLS
