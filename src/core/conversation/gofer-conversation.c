/* gofer-conversation.c: a lasting chat between two Gofers
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Implements docs/protocol-extensions.md, version 1: negotiation through
 * app_versions, padded "gofer-message"s numbered from 1, cumulative
 * "gofer-receipt"s, and a "gofer-bye" handshake so that neither side leaves
 * while messages are still on their way. Transfers: -transfers.c.
 */

#include "config.h"

#include "gofer-conversation.h"
#include "gofer-conversation-private.h"

#include <glib/gi18n-lib.h>

#include "gofer-error.h"
#include "gofer-json-private.h"
#include "gofer-record-cipher.h"

#define PAD_BLOCK             256
#define RECEIPT_DELAY_MS      200
#define LEAVE_PATIENCE_MS     60000   /* without any progress */

G_DEFINE_FINAL_TYPE (GoferConversation, gofer_conversation, G_TYPE_OBJECT)

enum {
  SIGNAL_MESSAGE,
  SIGNAL_DELIVERED,
  SIGNAL_PEER_LEFT,
  SIGNAL_FAILED,
  SIGNAL_TRANSFER_ADDED,
  SIGNAL_OFFER,
  SIGNAL_EXTENSION_MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void receive_next (GoferConversation *self);
static void maybe_finish_leaving (GoferConversation *self);
static void restart_leave_patience (GoferConversation *self);

gboolean
_gofer_conversation_peer_has_feature (GoferConversation *self,
                                      const char        *feature)
{
  return gofer_wormhole_shares_feature (self->wormhole, feature);
}

/* {key: body}, with body's "pad" making the plaintext a multiple of
 * PAD_BLOCK bytes so the relay learns only a coarse length. */
JsonNode *
_gofer_conversation_new_message (const char *key,
                                 JsonObject *body)
{
  g_autoptr(JsonObject) message = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  g_autofree char *pad = NULL;
  gsize len;

  json_object_set_string_member (body, "pad", "");
  json_object_set_object_member (message, key, json_object_ref (body));
  json_node_set_object (root, message);
  text = json_to_string (root, FALSE);
  len = strlen (text);
  pad = g_strnfill ((PAD_BLOCK - len % PAD_BLOCK) % PAD_BLOCK, ' ');
  json_object_set_string_member (body, "pad", pad);
  return g_steal_pointer (&root);
}

void
_gofer_conversation_send_message (GoferConversation *self,
                                  const char        *key,
                                  JsonObject        *body)
{
  g_autoptr(JsonNode) message = _gofer_conversation_new_message (key, body);

  if (_gofer_conversation_waits_for_move (self))
    g_queue_push_tail (&self->waiting, g_steal_pointer (&message));
  else
    _gofer_conversation_send_now (self, message);
}

void
_gofer_conversation_send_now (GoferConversation *self,
                              JsonNode          *message)
{
  gofer_wormhole_send_json (self->wormhole, message);
  _gofer_conversation_count_message (self, FALSE);
}

static void
fail (GoferConversation *self,
      GError            *error)
{
  g_autoptr(GError) owned = error;

  if (self->over)
    return;
  self->over = TRUE;
  g_clear_handle_id (&self->receipt_id, g_source_remove);
  _gofer_conversation_end_transfers (self, GOFER_CONVERSATION_TRANSFER_FAILED, error->message,
                                     FALSE);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
  maybe_finish_leaving (self);
}

static GError *
protocol_error (void)
{
  return g_error_new_literal (GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                              _("The other side sent a conversation message Gofer cannot "
                                "read, so the conversation was closed."));
}

void
_gofer_conversation_protocol_error (GoferConversation *self)
{
  fail (self, protocol_error ());
}

/* Sends the receipt now, and drops a pending delayed one: a timeout left
 * behind would fire on a conversation that may be gone by then. */
static void
send_receipt (GoferConversation *self)
{
  g_autoptr(JsonObject) body = NULL;

  g_clear_handle_id (&self->receipt_id, g_source_remove);
  if (self->receipted == self->received || self->over)
    return;
  self->receipted = self->received;
  body = json_object_new ();
  json_object_set_int_member (body, "seq", (gint64)self->received);
  _gofer_conversation_send_message (self, "gofer-receipt", body);
}

static gboolean
receipt_timeout_cb (gpointer user_data)
{
  GoferConversation *self = user_data;

  self->receipt_id = 0;
  send_receipt (self);
  return G_SOURCE_REMOVE;
}

gboolean
_gofer_conversation_get_count (JsonObject *body,
                               const char *name,
                               guint64    *out)
{
  JsonNode *node = json_object_get_member (body, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < 0)
    return FALSE;
  *out = (guint64)json_node_get_int (node);
  return TRUE;
}

static gboolean
handle_chat (GoferConversation *self,
             JsonObject        *body)
{
  JsonNode *text_node = json_object_get_member (body, "text");
  g_autofree char *valid = NULL;
  const char *text;
  guint64 seq, sent = 0;

  if (!_gofer_conversation_get_count (body, "seq", &seq) || text_node == NULL ||
      !JSON_NODE_HOLDS_VALUE (text_node) || json_node_get_value_type (text_node) != G_TYPE_STRING)
    return FALSE;
  text = json_node_get_string (text_node);
  /* json-glib decodes a lone surrogate escape into invalid UTF-8. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  if (strlen (text) > GOFER_CONVERSATION_MAX_TEXT)
    return FALSE;
  _gofer_conversation_get_count (body, "sent", &sent);

  if (seq <= self->received)
    return TRUE;                /* a duplicate */
  if (seq != self->received + 1)
    return FALSE;               /* phases cannot get lost: a broken peer */
  self->received = seq;
  restart_leave_patience (self);
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, seq, text, (gint64)sent);
  if (self->receipt_id == 0)
    self->receipt_id = g_timeout_add (RECEIPT_DELAY_MS, receipt_timeout_cb, self);
  return TRUE;
}

static gboolean
handle_receipt (GoferConversation *self,
                JsonObject        *body)
{
  guint64 seq;

  if (!_gofer_conversation_get_count (body, "seq", &seq) || seq > self->sent)
    return FALSE;
  if (seq > self->delivered)
    {
      self->delivered = seq;
      restart_leave_patience (self);
      g_signal_emit (self, signals[SIGNAL_DELIVERED], 0, seq);
      maybe_finish_leaving (self);
    }
  return TRUE;
}

static void
handle_bye (GoferConversation *self)
{
  self->peer_left = TRUE;
  /* No move will come now: what waited for one goes to this mailbox. */
  _gofer_conversation_send_waiting (self);
  _gofer_conversation_end_transfers (self, GOFER_CONVERSATION_TRANSFER_FAILED,
                                     _("The other side left the conversation before the "
                                       "transfer finished."), FALSE);
  /* Whatever arrived before the goodbye gets its receipt now. */
  send_receipt (self);
  g_signal_emit (self, signals[SIGNAL_PEER_LEFT], 0);
  maybe_finish_leaving (self);
}

static gboolean
dispatch (GoferConversation *self,
          JsonObject        *message)
{
  JsonObject *body;
  gboolean handled, ok;

  if ((body = _gofer_json_get_object (message, "gofer-message")) != NULL)
    return handle_chat (self, body);
  if ((body = _gofer_json_get_object (message, "gofer-receipt")) != NULL)
    return handle_receipt (self, body);
  if (_gofer_json_get_object (message, "gofer-bye") != NULL)
    {
      handle_bye (self);
      return TRUE;
    }
  ok = _gofer_conversation_dispatch_transfer (self, message, &handled);
  if (handled)
    return ok;
  ok = _gofer_conversation_dispatch_move (self, message, &handled);
  if (handled)
    return ok;
  /* Later versions may add gofer-* messages: layers above may know them
   * (pairing), the rest are ignored. */
  for (GList *l = json_object_get_members (message); l != NULL; l = g_list_delete_link (l, l))
    {
      if (!g_str_has_prefix (l->data, "gofer-"))
        {
          g_list_free (l);
          return FALSE;
        }
      if ((body = _gofer_json_get_object (message, l->data)) != NULL)
        g_signal_emit (self, signals[SIGNAL_EXTENSION_MESSAGE], 0, l->data, body);
    }
  return TRUE;
}

gboolean
gofer_conversation_send_extension (GoferConversation *self,
                                   const char        *key,
                                   JsonObject        *body)
{
  g_return_val_if_fail (GOFER_IS_CONVERSATION (self), FALSE);
  g_return_val_if_fail (g_str_has_prefix (key, "gofer-"), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  if (!self->started || self->over || self->bye_sent)
    return FALSE;
  _gofer_conversation_send_message (self, key, body);
  return TRUE;
}

static void
receive_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GoferConversation) self = user_data;
  GError *error = NULL;
  g_autoptr(JsonObject) message = gofer_wormhole_receive_json_finish (self->wormhole, result, &error);

  if (message == NULL)
    {
      fail (self, error);
      return;
    }
  if (self->over)
    return;
  if (!dispatch (self, message))
    {
      fail (self, protocol_error ());
      return;
    }
  _gofer_conversation_count_message (self, TRUE);
  /* Receipts for our last messages may follow the peer's goodbye. */
  receive_next (self);
}

static void
receive_next (GoferConversation *self)
{
  gofer_wormhole_receive_async (self->wormhole, NULL, receive_cb, g_object_ref (self));
}

static void
confirm_key_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GoferConversation *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!gofer_wormhole_confirm_key_finish (self->wormhole, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!_gofer_conversation_peer_has_feature (self, GOFER_CONVERSATION_FEATURE))
    {
      g_task_return_new_error (task, GOFER_ERROR, GOFER_ERROR_NOT_SUPPORTED,
                               _("The other side is not a Gofer conversation. Use “gofer send” "
                                 "or “gofer receive” to exchange files with it."));
      return;
    }
  self->started = TRUE;
  receive_next (self);
  _gofer_conversation_transfers_start (self);
  g_task_return_boolean (task, TRUE);
}

void
gofer_conversation_start_async (GoferConversation   *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GOFER_IS_CONVERSATION (self));
  g_return_if_fail (!self->started);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_conversation_start_async);
  gofer_wormhole_confirm_key_async (self->wormhole, cancellable, confirm_key_cb, task);
}

gboolean
gofer_conversation_start_finish (GoferConversation  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

guint64
gofer_conversation_send_text (GoferConversation *self,
                              const char        *text)
{
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_val_if_fail (GOFER_IS_CONVERSATION (self), 0);
  g_return_val_if_fail (text != NULL, 0);

  if (!self->started || self->over || self->bye_sent || *text == '\0' ||
      strlen (text) > GOFER_CONVERSATION_MAX_TEXT || !g_utf8_validate (text, -1, NULL))
    return 0;

  json_object_set_int_member (body, "seq", (gint64)++self->sent);
  json_object_set_string_member (body, "text", text);
  json_object_set_int_member (body, "sent", g_get_real_time () / 1000);
  _gofer_conversation_send_message (self, "gofer-message", body);
  return self->sent;
}

static void
close_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  gofer_wormhole_close_finish (GOFER_WORMHOLE (source), result);
  g_task_return_boolean (task, TRUE);
}

static void
send_bye (GoferConversation *self)
{
  g_autoptr(JsonObject) body = json_object_new ();

  self->bye_sent = TRUE;
  _gofer_conversation_send_message (self, "gofer-bye", body);
}

/* Leaving takes three steps, with LEAVE_PATIENCE_MS for each lull:
 * our messages delivered, our goodbye sent, the peer's goodbye received. */
static void
maybe_finish_leaving (GoferConversation *self)
{
  GTask *task = self->leave_task;

  if (task == NULL)
    return;
  if (!self->over && !self->bye_sent && self->delivered == self->sent)
    send_bye (self);
  if (!self->over && !(self->bye_sent && self->peer_left))
    return;

  self->leave_task = NULL;
  self->over = TRUE;
  g_clear_handle_id (&self->leave_timeout_id, g_source_remove);
  g_clear_handle_id (&self->receipt_id, g_source_remove);
  gofer_wormhole_close_async (self->wormhole, NULL, NULL, close_cb, task);
}

static gboolean
leave_timeout_cb (gpointer user_data)
{
  GoferConversation *self = user_data;

  self->leave_timeout_id = 0;
  if (!self->bye_sent && !self->over)
    send_bye (self);
  self->over = TRUE;
  maybe_finish_leaving (self);
  return G_SOURCE_REMOVE;
}

/* Leaving gives up only when nothing moved for LEAVE_PATIENCE_MS: a slow
 * relay must not cost messages. */
static void
restart_leave_patience (GoferConversation *self)
{
  if (self->leave_task == NULL)
    return;
  g_clear_handle_id (&self->leave_timeout_id, g_source_remove);
  self->leave_timeout_id = g_timeout_add (LEAVE_PATIENCE_MS, leave_timeout_cb, self);
}

void
gofer_conversation_leave_async (GoferConversation   *self,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (GOFER_IS_CONVERSATION (self));
  g_return_if_fail (self->leave_task == NULL);

  self->leave_task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (self->leave_task, gofer_conversation_leave_async);
  /* Their gofer-cancel goes before our goodbye. */
  _gofer_conversation_end_transfers (self, GOFER_CONVERSATION_TRANSFER_CANCELLED,
                                     _("You left the conversation before the transfer "
                                       "finished."), !self->over);
  if (!self->started)
    self->over = TRUE;
  restart_leave_patience (self);
  maybe_finish_leaving (self);
}

void
gofer_conversation_leave_finish (GoferConversation *self,
                                 GAsyncResult      *result)
{
  g_return_if_fail (g_task_is_valid (result, self));
  g_task_propagate_boolean (G_TASK (result), NULL);
}

void
_gofer_conversation_emit_transfer (GoferConversation         *self,
                                   GoferConversationTransfer *transfer,
                                   gboolean                   offered)
{
  g_signal_emit (self, signals[SIGNAL_TRANSFER_ADDED], 0, transfer);
  if (offered)
    g_signal_emit (self, signals[SIGNAL_OFFER], 0, transfer);
}

/* The first eight hex digits of the verifier, "1a2b-3c4d": enough for two
 * people to compare by eye or voice. */
const char *
gofer_conversation_get_verification (GoferConversation *self)
{
  const char *verifier;

  g_return_val_if_fail (GOFER_IS_CONVERSATION (self), NULL);

  verifier = gofer_wormhole_get_verifier (self->wormhole);
  if (self->verification == NULL && verifier != NULL && strlen (verifier) >= 8)
    self->verification = g_strdup_printf ("%.4s-%.4s", verifier, verifier + 4);
  return self->verification;
}

GoferWormhole *
gofer_conversation_get_wormhole (GoferConversation *self)
{
  g_return_val_if_fail (GOFER_IS_CONVERSATION (self), NULL);
  return self->wormhole;
}

guint64
gofer_conversation_get_delivered (GoferConversation *self)
{
  g_return_val_if_fail (GOFER_IS_CONVERSATION (self), 0);
  return self->delivered;
}

guint64
gofer_conversation_get_sent (GoferConversation *self)
{
  g_return_val_if_fail (GOFER_IS_CONVERSATION (self), 0);
  return self->sent;
}

GoferConversation *
gofer_conversation_new (GoferWormhole *wormhole)
{
  GoferConversation *self;

  g_return_val_if_fail (GOFER_IS_WORMHOLE (wormhole), NULL);

  self = g_object_new (GOFER_TYPE_CONVERSATION, NULL);
  self->wormhole = g_object_ref (wormhole);
  gofer_wormhole_add_feature (wormhole, GOFER_CONVERSATION_FEATURE);
  gofer_wormhole_add_feature (wormhole, GOFER_CONVERSATION_FEATURE_TRANSFERS);
  gofer_wormhole_add_feature (wormhole, GOFER_CONVERSATION_FEATURE_MOVES);
  self->move_after = GOFER_CONVERSATION_MOVE_AFTER;
  if (gofer_record_cipher_aes_is_fast ())
    gofer_wormhole_add_feature (wormhole, GOFER_FEATURE_TRANSIT_AES256GCM);
  /* Only for the one standard transfer it falls back to with a Gofer that
   * does not converse: transfers inside a conversation always hash. */
  gofer_wormhole_add_feature (wormhole, GOFER_FEATURE_TRANSIT_BARE_ACK);
  return self;
}

static void
gofer_conversation_dispose (GObject *object)
{
  GoferConversation *self = GOFER_CONVERSATION (object);

  g_clear_handle_id (&self->receipt_id, g_source_remove);
  g_clear_handle_id (&self->leave_timeout_id, g_source_remove);
  _gofer_conversation_transfers_clear (self);
  g_queue_clear_full (&self->waiting, (GDestroyNotify)json_node_unref);
  g_clear_object (&self->wormhole);

  G_OBJECT_CLASS (gofer_conversation_parent_class)->dispose (object);
}

static void
gofer_conversation_finalize (GObject *object)
{
  GoferConversation *self = GOFER_CONVERSATION (object);

  g_free (self->verification);
  g_free (self->next_mailbox);

  G_OBJECT_CLASS (gofer_conversation_parent_class)->finalize (object);
}

static void
gofer_conversation_class_init (GoferConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_conversation_dispose;
  object_class->finalize = gofer_conversation_finalize;

  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT64, G_TYPE_STRING, G_TYPE_INT64);
  signals[SIGNAL_DELIVERED] =
    g_signal_new ("delivered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT64);
  signals[SIGNAL_PEER_LEFT] =
    g_signal_new ("peer-left", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[SIGNAL_TRANSFER_ADDED] =
    g_signal_new ("transfer-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, GOFER_TYPE_CONVERSATION_TRANSFER);
  signals[SIGNAL_OFFER] =
    g_signal_new ("offer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, GOFER_TYPE_CONVERSATION_TRANSFER);
  signals[SIGNAL_EXTENSION_MESSAGE] =
    g_signal_new ("extension-message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_OBJECT);
}

static void
gofer_conversation_init (GoferConversation *self)
{
  _gofer_conversation_transfers_init (self);
}
