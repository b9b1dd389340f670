/* gofer-conversation-transfers.c: transfers and the auto-send folder of a conversation
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/protocol-extensions.md, section 6. The conversation keeps every
 * transfer, checks the peer's gofer-offer, -answer, -transit and -cancel
 * messages (anything malformed ends the conversation, as for chat) and
 * hands them to the transfer they name. Numbers are per offering side, so
 * "role" says whose number a message uses.
 */

#include "config.h"

#include "gofer-conversation-private.h"
#include "gofer-conversation-transfer-private.h"

#include <glib/gi18n-lib.h>

#include "gofer-error.h"
#include "gofer-json-private.h"
#include "gofer-record-stream.h"
#include "gofer-transit-hints.h"

/* --- the peer's messages --- */

/* "transfer" (≥ 1) and "attempt" (≤ the limit). */
static gboolean
get_ids (JsonObject *body,
         guint64    *transfer,
         guint      *attempt)
{
  guint64 number;

  if (!_gofer_conversation_get_count (body, "transfer", transfer) || *transfer == 0 ||
      !_gofer_conversation_get_count (body, "attempt", &number) ||
      number > GOFER_TRANSFER_MAX_ATTEMPTS)
    return FALSE;
  *attempt = (guint)number;
  return TRUE;
}

/* The transfer a message names; *known is FALSE when the number was never
 * used, which only a broken peer does. */
static GoferConversationTransfer *
lookup (GoferConversation *self,
        gboolean           theirs,
        guint64            id,
        gboolean          *known)
{
  *known = id <= (theirs ? self->last_theirs : self->last_mine);
  return g_hash_table_lookup (theirs ? self->theirs : self->mine, &id);
}

/* "role" is the author's: "sender" means its own transfer, so ours to receive. */
static gboolean
get_role_is_theirs (JsonObject *body,
                    gboolean   *theirs)
{
  const char *role = _gofer_json_get_string (body, "role", "");

  *theirs = g_str_equal (role, "sender");
  return *theirs || g_str_equal (role, "receiver");
}

static guint
count_open_offers (GoferConversation *self)
{
  GHashTableIter iter;
  gpointer transfer;
  guint open = 0;

  g_hash_table_iter_init (&iter, self->theirs);
  while (g_hash_table_iter_next (&iter, NULL, &transfer))
    open += !gofer_conversation_transfer_is_finished (transfer);
  return open;
}

static void
add_transfer (GoferConversation         *self,
              GoferConversationTransfer *transfer)
{
  g_list_store_append (self->transfers, transfer);
  if (transfer->direction == GOFER_CONVERSATION_TRANSFER_INCOMING)
    g_hash_table_insert (self->theirs, g_memdup2 (&transfer->id, sizeof transfer->id),
                         g_object_ref (transfer));
}

/* Our numbers go out in the order of the offers, which is not the order in
 * which transfers were created: zipping a folder takes a while. */
guint64
_gofer_conversation_number_offer (GoferConversation         *self,
                                  GoferConversationTransfer *transfer)
{
  guint64 id = ++self->last_mine;

  g_hash_table_insert (self->mine, g_memdup2 (&id, sizeof id), g_object_ref (transfer));
  return id;
}

/* Too many open offers: declined without an object to show. */
static void
decline_unseen (GoferConversation *self,
                guint64            id)
{
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_int_member (body, "transfer", (gint64)id);
  json_object_set_int_member (body, "attempt", 0);
  json_object_set_boolean_member (body, "accept", FALSE);
  _gofer_conversation_send_message (self, "gofer-answer", body);
}

static gboolean
handle_new_offer (GoferConversation *self,
                  guint64            id,
                  GoferOffer        *offer)
{
  g_autoptr(GoferConversationTransfer) transfer = NULL;

  if (id <= self->last_theirs)
    return FALSE;               /* numbers only grow */
  self->last_theirs = id;
  if (count_open_offers (self) >= GOFER_CONVERSATION_MAX_OPEN_OFFERS)
    {
      decline_unseen (self, id);
      return TRUE;
    }
  transfer = _gofer_conversation_transfer_new (self, GOFER_CONVERSATION_TRANSFER_INCOMING, id);
  _gofer_conversation_transfer_receive_offered (transfer, offer);
  add_transfer (self, transfer);
  _gofer_conversation_emit_transfer (self, transfer, TRUE);
  return TRUE;
}

static gboolean
handle_offer (GoferConversation *self,
              JsonObject        *body)
{
  JsonObject *offer_body = _gofer_json_get_object (body, "offer");
  g_autoptr(GoferOffer) offer = NULL;
  GoferConversationTransfer *transfer;
  guint64 id;
  guint attempt;
  gboolean known;

  if (!get_ids (body, &id, &attempt) || offer_body == NULL ||
      (offer = gofer_offer_new_from_json (offer_body, NULL)) == NULL ||
      gofer_offer_get_kind (offer) == GOFER_OFFER_TEXT)
    return FALSE;
  if (attempt == 0)
    return handle_new_offer (self, id, offer);

  transfer = lookup (self, TRUE, id, &known);
  if (transfer == NULL)
    return known;               /* one we declined unseen */
  if (attempt <= transfer->attempt_number ||
      gofer_offer_get_size (offer) != gofer_offer_get_size (transfer->offer))
    return FALSE;
  _gofer_conversation_transfer_handle_reoffer (transfer, attempt);
  return TRUE;
}

static gboolean
handle_answer (GoferConversation *self,
               JsonObject        *body)
{
  JsonNode *accept = json_object_get_member (body, "accept");
  GoferConversationTransfer *transfer;
  guint64 id, offset = 0;
  guint attempt;
  gboolean known;

  if (!get_ids (body, &id, &attempt) || accept == NULL || !JSON_NODE_HOLDS_VALUE (accept) ||
      json_node_get_value_type (accept) != G_TYPE_BOOLEAN)
    return FALSE;
  if (json_node_get_boolean (accept) && !_gofer_conversation_get_count (body, "offset", &offset))
    return FALSE;
  transfer = lookup (self, FALSE, id, &known);
  if (transfer == NULL)
    return FALSE;
  return _gofer_conversation_transfer_handle_answer (transfer, attempt,
                                                     json_node_get_boolean (accept), offset);
}

static gboolean
handle_transit (GoferConversation *self,
                JsonObject        *body)
{
  g_autoptr(GPtrArray) hints = NULL;
  GoferConversationTransfer *transfer;
  guint64 id;
  guint attempt;
  gboolean theirs, known;

  if (!get_ids (body, &id, &attempt) || !get_role_is_theirs (body, &theirs))
    return FALSE;
  transfer = lookup (self, theirs, id, &known);
  if (transfer == NULL)
    return theirs && known;
  if (attempt > transfer->attempt_number)
    return FALSE;               /* for an attempt nobody asked for */
  hints = gofer_transit_hints_parse (json_object_get_member (body, "hints-v1"));
  _gofer_conversation_transfer_handle_transit (transfer, attempt, hints);
  return TRUE;
}

static gboolean
handle_cancel (GoferConversation *self,
               JsonObject        *body)
{
  GoferConversationTransfer *transfer;
  guint64 id;
  gboolean theirs, known;

  if (!_gofer_conversation_get_count (body, "transfer", &id) || !get_role_is_theirs (body, &theirs))
    return FALSE;
  transfer = lookup (self, theirs, id, &known);
  if (transfer == NULL)
    return known;
  _gofer_conversation_transfer_handle_cancel (transfer);
  return TRUE;
}

gboolean
_gofer_conversation_dispatch_transfer (GoferConversation *self,
                                       JsonObject        *message,
                                       gboolean          *handled)
{
  static const struct {
    const char *key;
    gboolean  (*handle) (GoferConversation *self, JsonObject *body);
  } handlers[] = {
    { "gofer-offer", handle_offer },
    { "gofer-answer", handle_answer },
    { "gofer-transit", handle_transit },
    { "gofer-cancel", handle_cancel },
  };

  *handled = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (handlers); i++)
    {
      JsonObject *body = _gofer_json_get_object (message, handlers[i].key);

      if (body == NULL)
        continue;
      *handled = TRUE;
      return handlers[i].handle (self, body);
    }
  return TRUE;
}

/* --- our transfers --- */

void
_gofer_conversation_end_transfers (GoferConversation              *self,
                                   GoferConversationTransferState  state,
                                   const char                     *message,
                                   gboolean                        tell_peer)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->transfers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GoferConversationTransfer) transfer =
        g_list_model_get_item (G_LIST_MODEL (self->transfers), i);
      GError *error = g_error_new_literal (GOFER_ERROR, GOFER_ERROR_PEER_GONE, message);

      _gofer_conversation_transfer_finish (transfer, state, error, tell_peer);
    }
}

gboolean
gofer_conversation_can_transfer (GoferConversation *self)
{
  g_return_val_if_fail (GOFER_IS_CONVERSATION (self), FALSE);
  return self->started && _gofer_conversation_peer_has_feature (self, GOFER_CONVERSATION_FEATURE_TRANSFERS);
}

GoferConversationTransfer *
gofer_conversation_send_files (GoferConversation  *self,
                               GFile             **files,
                               guint               n_files,
                               GError            **error)
{
  g_autoptr(GoferConversationTransfer) transfer = NULL;

  g_return_val_if_fail (GOFER_IS_CONVERSATION (self), NULL);
  g_return_val_if_fail (files != NULL && n_files > 0, NULL);

  if (!self->started || self->over || self->bye_sent || self->peer_left)
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_FAILED,
                           _("The conversation is not open, so nothing can be sent. Start a "
                             "new one."));
      return NULL;
    }
  if (!gofer_conversation_can_transfer (self))
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_NOT_SUPPORTED,
                           _("The other side’s Gofer cannot receive files in a conversation. "
                             "Ask them to update Gofer, or use “gofer send”."));
      return NULL;
    }
  transfer = _gofer_conversation_transfer_new (self, GOFER_CONVERSATION_TRANSFER_OUTGOING, 0);
  /* Its files first: whoever hears of the transfer may ask for them. */
  _gofer_conversation_transfer_set_files (transfer, files, n_files);
  add_transfer (self, transfer);
  _gofer_conversation_emit_transfer (self, transfer, FALSE);
  _gofer_conversation_transfer_send_start (transfer);
  return transfer;
}

GListModel *
gofer_conversation_get_transfers (GoferConversation *self)
{
  g_return_val_if_fail (GOFER_IS_CONVERSATION (self), NULL);
  return G_LIST_MODEL (self->transfers);
}

void
gofer_conversation_set_transit_helper (GoferConversation *self,
                                       const char        *hint)
{
  g_return_if_fail (GOFER_IS_CONVERSATION (self));

  g_free (self->transit_helper);
  self->transit_helper = g_strdup (hint);
}

void
gofer_conversation_set_listen (GoferConversation *self,
                               gboolean           listen)
{
  g_return_if_fail (GOFER_IS_CONVERSATION (self));
  self->listen = !!listen;
}

void
gofer_conversation_set_idle_timeout (GoferConversation *self,
                                     guint              seconds)
{
  g_return_if_fail (GOFER_IS_CONVERSATION (self));
  self->idle_timeout = seconds;
}

/* --- the auto-send folder --- */

static void
auto_send_ready_cb (GoferAutoSend *auto_send,
                    GFile         *file,
                    gpointer       user_data)
{
  GoferConversation *self = user_data;
  g_autoptr(GError) error = NULL;

  if (gofer_conversation_send_files (self, &file, 1, &error) == NULL)
    g_debug ("auto-send: %s", error->message);
}

static gboolean
watch_auto_send_folder (GoferConversation  *self,
                        GError            **error)
{
  g_clear_object (&self->auto_send);
  if (self->auto_send_folder == NULL)
    return TRUE;
  self->auto_send = gofer_auto_send_new_full (self->auto_send_folder, self->auto_send_only_new,
                                              error);
  if (self->auto_send == NULL)
    return FALSE;
  g_signal_connect_object (self->auto_send, "ready", G_CALLBACK (auto_send_ready_cb), self, 0);
  return TRUE;
}

gboolean
gofer_conversation_set_auto_send_folder (GoferConversation  *self,
                                         GFile              *folder,
                                         GError            **error)
{
  return gofer_conversation_set_auto_send_folder_full (self, folder, FALSE, error);
}

gboolean
gofer_conversation_set_auto_send_folder_full (GoferConversation  *self,
                                              GFile              *folder,
                                              gboolean            only_new,
                                              GError            **error)
{
  g_return_val_if_fail (GOFER_IS_CONVERSATION (self), FALSE);
  g_return_val_if_fail (folder == NULL || G_IS_FILE (folder), FALSE);

  self->auto_send_only_new = only_new;
  g_set_object (&self->auto_send_folder, folder);
  if (!self->started)
    {
      /* Checked now; watched once the conversation runs. */
      g_autoptr(GoferAutoSend) probe = folder != NULL ? gofer_auto_send_new (folder, error) : NULL;

      if (folder != NULL && probe == NULL)
        g_clear_object (&self->auto_send_folder);
      return folder == NULL || probe != NULL;
    }
  return watch_auto_send_folder (self, error);
}

void
_gofer_conversation_transfers_start (GoferConversation *self)
{
  g_autoptr(GError) error = NULL;

  if (!watch_auto_send_folder (self, &error))
    g_debug ("auto-send: %s", error->message);
}

/* --- life --- */

void
_gofer_conversation_transfers_init (GoferConversation *self)
{
  self->transfers = g_list_store_new (GOFER_TYPE_CONVERSATION_TRANSFER);
  self->mine = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->theirs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->transit_helper = g_strdup (GOFER_DEFAULT_TRANSIT_HELPER);
  self->listen = TRUE;
  self->idle_timeout = GOFER_RECORD_DEFAULT_IDLE_TIMEOUT;
}

void
_gofer_conversation_transfers_clear (GoferConversation *self)
{
  g_clear_object (&self->auto_send);
  g_clear_object (&self->auto_send_folder);
  if (self->transfers != NULL)
    _gofer_conversation_end_transfers (self, GOFER_CONVERSATION_TRANSFER_CANCELLED,
                                       _("The conversation ended before the transfer finished."),
                                       FALSE);
  g_clear_pointer (&self->mine, g_hash_table_unref);
  g_clear_pointer (&self->theirs, g_hash_table_unref);
  g_clear_object (&self->transfers);
  g_clear_pointer (&self->transit_helper, g_free);
}
