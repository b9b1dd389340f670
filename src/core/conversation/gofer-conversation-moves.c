/* gofer-conversation-moves.c: a long conversation moves to fresh mailboxes
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A mailbox server keeps every message of a mailbox until it closes, and
 * may cap how many one mailbox holds (gofer-relay does). So that no such
 * limit ends a conversation, it moves to a fresh mailbox before either
 * side has put half of GOFER_CONVERSATION_MOVE_AFTER messages in one
 * (docs/protocol-extensions.md, section 7). The side whose id sorts first
 * leads, so both never start a move at once: once either side's share is
 * full, it sends gofer-move with the new mailbox's id as its last message
 * in the old one and holds what follows. The other side holds its own
 * messages once its share is full, answers gofer-moved as its last message
 * there and moves; the leader moves once that answer arrives. Phases keep counting across mailboxes, so a message
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

/* Each side puts at most half of move_after messages in one mailbox. */
static gboolean
share_is_full (GoferConversation *self,
               guint              count)
{
  return count >= self->move_after / 2;
}

static GoferMailbox *
mailbox_of (GoferConversation *self)
{
  return _gofer_wormhole_get_mailbox (self->wormhole);
}

/* Our gofer-move: the last message we put in this mailbox. */
static void
start_move (GoferConversation *self)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) message = NULL;

  g_debug ("conversation: moving to a fresh mailbox after %u + %u messages", self->sent_here,
           self->received_here);
  g_free (self->next_mailbox);
  self->next_mailbox = gofer_mailbox_new_id ();
  self->move_sent = TRUE;
  json_object_set_string_member (body, "mailbox", self->next_mailbox);
  message = _gofer_conversation_new_message ("gofer-move", body);
  _gofer_conversation_send_now (self, message);
}

void
_gofer_conversation_count_message (GoferConversation *self,
                                   gboolean           received)
{
  if (received)
    self->received_here++;
  else
    self->sent_here++;

  if (!self->move_sent && can_move (self) && leads_moves (self) &&
      (share_is_full (self, self->sent_here) || share_is_full (self, self->received_here)))
    start_move (self);
}

gboolean
_gofer_conversation_waits_for_move (GoferConversation *self)
{
  return can_move (self) && (self->move_sent || share_is_full (self, self->sent_here));
}

void
_gofer_conversation_send_waiting (GoferConversation *self)
{
  JsonNode *message;

  while (!_gofer_conversation_waits_for_move (self) && (message = g_queue_pop_head (&self->waiting)) != NULL)
    {
      _gofer_conversation_send_now (self, message);
      json_node_unref (message);
    }
}

/* Both sides count afresh in the next mailbox. */
static void
move_to (GoferConversation *self,
         const char        *mailbox)
{
  gofer_mailbox_hold_for (mailbox_of (self), mailbox);
  gofer_mailbox_move (mailbox_of (self));
  self->sent_here = self->received_here = 0;
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

/* The follower: gofer-moved as its last message in the old mailbox, then
 * the move, then what waited for it. */
static gboolean
handle_move (GoferConversation *self,
             JsonObject        *body)
{
  const char *mailbox = _gofer_json_get_string (body, "mailbox", NULL);
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(JsonNode) message = NULL;

  if (!is_mailbox_id (mailbox) || leads_moves (self))
    return FALSE;
  if (!can_move (self))
    return TRUE;

  message = _gofer_conversation_new_message ("gofer-moved", answer);
  _gofer_conversation_send_now (self, message);
  move_to (self, mailbox);
  _gofer_conversation_send_waiting (self);
  return TRUE;
}

/* The leader: the follower has left the old mailbox. */
static gboolean
handle_moved (GoferConversation *self)
{
  if (!self->move_sent)
    return FALSE;
  move_to (self, self->next_mailbox);
  g_clear_pointer (&self->next_mailbox, g_free);
  self->move_sent = FALSE;
  _gofer_conversation_send_waiting (self);
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
  self->move_after = MAX (messages, 4);
}
