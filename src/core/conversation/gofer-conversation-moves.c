/* gofer-conversation-moves.c: a long conversation moves to fresh mailboxes
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A mailbox server keeps every message of a mailbox until it closes, and
 * may cap how many one mailbox holds (gofer-relay does). So that no such
 * limit ends a conversation, it moves to a fresh mailbox every
 * GOFER_CONVERSATION_MOVE_AFTER messages (docs/protocol-extensions.md,
 * section 7). The side whose id sorts first leads, so both never start a
 * move at once: it sends gofer-move with the new mailbox's id as its last
 * message in the old one and holds what follows. The other side answers
 * gofer-moved as its last message there and moves; the leader moves once
 * that answer arrives. Phases keep counting across mailboxes, so a message
 * that reaches both is delivered once.
 */

#include "config.h"

#include "gofer-conversation-private.h"
#include "gofer-json-private.h"
#include "gofer-mailbox.h"
#include "gofer-wormhole-private.h"

#define MAILBOX_ID_MAX 64

static gboolean
can_move (GoferConversation *self)
{
  return self->started && !self->over && !self->bye_sent && !self->peer_left &&
         _gofer_conversation_peer_has_feature (self, GOFER_CONVERSATION_FEATURE_MOVES);
}

static gboolean
leads_moves (GoferConversation *self)
{
  const char *peer = _gofer_wormhole_get_peer_side (self->wormhole);

  return peer != NULL && g_strcmp0 (gofer_wormhole_get_side (self->wormhole), peer) < 0;
}

static void
start_move (GoferConversation *self)
{
  g_autofree char *mailbox = gofer_mailbox_new_id ();
  g_autoptr(JsonObject) body = json_object_new ();

  g_debug ("conversation: moving to a fresh mailbox after %u messages", self->phases_here);
  self->move_sent = TRUE;
  /* What we send from here on goes to the new mailbox. */
  self->phases_here = 0;
  json_object_set_string_member (body, "mailbox", mailbox);
  _gofer_conversation_send_message (self, "gofer-move", body);
  gofer_mailbox_hold_for (_gofer_wormhole_get_mailbox (self->wormhole), mailbox);
}

void
_gofer_conversation_count_message (GoferConversation *self,
                                   gboolean           received)
{
  /* While our gofer-move waits for its answer, what arrives still comes
   * from the old mailbox: it does not fill the new one. */
  if (!(received && self->move_sent))
    self->phases_here++;
  if (!self->move_sent && self->phases_here >= self->move_after && can_move (self) && leads_moves (self) &&
      !gofer_mailbox_is_moving (_gofer_wormhole_get_mailbox (self->wormhole)))
    start_move (self);
}

/* Ids the reference server hands out are 13 of [a-z2-7]; accept any short
 * lowercase word, refuse what could confuse a server. */
static gboolean
is_mailbox_id (const char *id)
{
  gsize len = id != NULL ? strlen (id) : 0;

  if (len == 0 || len > MAILBOX_ID_MAX)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* The follower: its last message in the old mailbox, then the move. */
static gboolean
handle_move (GoferConversation *self,
             JsonObject        *body)
{
  const char *mailbox = _gofer_json_get_string (body, "mailbox", NULL);
  GoferMailbox *current = _gofer_wormhole_get_mailbox (self->wormhole);
  g_autoptr(JsonObject) answer = json_object_new ();

  if (!is_mailbox_id (mailbox) || leads_moves (self) || self->move_sent)
    return FALSE;
  if (!can_move (self))
    return TRUE;

  _gofer_conversation_send_message (self, "gofer-moved", answer);
  gofer_mailbox_hold_for (current, mailbox);
  gofer_mailbox_move (current);
  self->phases_here = 0;
  return TRUE;
}

/* The leader: the follower has left the old mailbox. */
static gboolean
handle_moved (GoferConversation *self)
{
  if (!self->move_sent)
    return FALSE;
  gofer_mailbox_move (_gofer_wormhole_get_mailbox (self->wormhole));
  self->move_sent = FALSE;
  return TRUE;
}

gboolean
_gofer_conversation_dispatch_move (GoferConversation *self,
                                   JsonObject        *message,
                                   gboolean          *handled)
{
  JsonObject *body;

  *handled = TRUE;
  if ((body = _gofer_json_get_object (message, "gofer-move")) != NULL)
    return handle_move (self, body);
  if (_gofer_json_get_object (message, "gofer-moved") != NULL)
    return handle_moved (self);
  *handled = FALSE;
  return TRUE;
}

void
_gofer_conversation_set_move_after (GoferConversation *self,
                                    guint              messages)
{
  g_return_if_fail (GOFER_IS_CONVERSATION (self));
  self->move_after = MAX (messages, 2);
}
