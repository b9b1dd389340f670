/* gofer-conversation-transfer-send.c: the offering side of a conversation transfer
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Offer, wait for the answer, connect, send from the answer's offset, then
 * a record with the whole file's SHA-256 and wait for the receiver's. A
 * broken connection makes a new attempt: the same offer again, after a
 * pause that grows while nothing connects.
 */

#include "config.h"

#include "gofer-conversation-transfer-private.h"

#include <glib/gi18n-lib.h>

#include "gofer-conversation-private.h"
#include "gofer-error.h"
#include "gofer-transfer-private.h"

static void offer_attempt (GoferConversationTransfer *self,
                           guint                      number);

static void
fail (GoferConversationTransfer *self,
      GError                    *error)
{
  _gofer_conversation_transfer_finish (self, GOFER_CONVERSATION_TRANSFER_FAILED, error, TRUE);
}

/* --- after a broken connection --- */

static gboolean
retry_cb (gpointer user_data)
{
  GoferConversationTransfer *self = user_data;

  self->retry_id = 0;
  offer_attempt (self, self->attempt_number + 1);
  return G_SOURCE_REMOVE;
}

static void
interrupted (GoferConversationTransfer *self)
{
  guint delay_s;

  _gofer_conversation_transfer_end_attempt (self);
  _gofer_conversation_transfer_set_state (self, GOFER_CONVERSATION_TRANSFER_INTERRUPTED);
  if (++self->idle_attempts > GOFER_TRANSFER_MAX_IDLE_ATTEMPTS ||
      self->attempt_number + 1 > GOFER_TRANSFER_MAX_ATTEMPTS)
    {
      fail (self, g_error_new_literal (GOFER_ERROR, GOFER_ERROR_TRANSIT,
                                       _("The connection to the other computer broke and could "
                                         "not be made again. Send the file again once both "
                                         "computers are online.")));
      return;
    }
  delay_s = MIN (1u << (self->idle_attempts - 1), GOFER_TRANSFER_RETRY_MAX_DELAY_S);
  self->retry_id = g_timeout_add_seconds (delay_s, retry_cb, self);
}

void
_gofer_conversation_transfer_send_failed (GoferTransferAttempt *attempt,
                                          GError          *error)
{
  GoferConversationTransfer *self = attempt->transfer;

  if (!_gofer_conversation_transfer_is_interruption (error))
    {
      fail (self, error);
      return;
    }
  g_error_free (error);
  interrupted (self);
}

/* --- sending --- */

static void
ack_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GoferTransferAttempt) attempt = user_data;
  GoferConversationTransfer *self = attempt->transfer;
  GError *error = NULL;

  if (!gofer_record_stream_receive_ack_finish (GOFER_RECORD_STREAM (source), result, &error))
    {
      _gofer_conversation_transfer_attempt_failed (attempt, error);
      return;
    }
  if (!_gofer_transfer_attempt_is_current (attempt))
    return;
  _gofer_conversation_transfer_end_attempt (self);
  _gofer_conversation_transfer_finish (self, GOFER_CONVERSATION_TRANSFER_DONE, NULL, FALSE);
}

static void send_trailer (GoferTransferAttempt *attempt);

static void
trailer_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GoferTransferAttempt) attempt = user_data;
  GError *error = NULL;

  if (!gofer_record_stream_send_ack_finish (GOFER_RECORD_STREAM (source), result, &error))
    {
      _gofer_conversation_transfer_attempt_failed (attempt, error);
      return;
    }
  if (!_gofer_transfer_attempt_is_current (attempt))
    return;
  gofer_record_stream_receive_ack_async (attempt->records, attempt->transfer->sha256,
                                         attempt->cancellable, ack_cb,
                                         _gofer_transfer_attempt_ref (attempt));
}

/* Everything went out: tell the receiver what the whole file hashes to, so
 * it renames the .part only when its own hash agrees; then wait for its. */
static void
send_trailer (GoferTransferAttempt *attempt)
{
  gofer_record_stream_send_ack_async (attempt->records, attempt->transfer->sha256,
                                      attempt->cancellable, trailer_sent_cb,
                                      _gofer_transfer_attempt_ref (attempt));
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GoferTransferAttempt) attempt = user_data;
  GoferConversationTransfer *self = attempt->transfer;
  g_autofree char *sha256 = NULL;
  GError *error = NULL;

  self->busy = FALSE;
  sha256 = gofer_record_stream_send_stream_finish (GOFER_RECORD_STREAM (source), result, &error);
  if (!_gofer_transfer_attempt_is_current (attempt))
    {
      g_clear_error (&error);
      _gofer_conversation_transfer_idle (self);
      return;
    }
  if (sha256 == NULL)
    {
      _gofer_conversation_transfer_send_failed (attempt, error);
      return;
    }
  _gofer_transfer_attempt_take_hash (attempt, g_steal_pointer (&sha256));
  _gofer_conversation_transfer_set_state (self, GOFER_CONVERSATION_TRANSFER_FINISHING);
  send_trailer (attempt);
}

/* In a worker thread: the payload, positioned at the attempt's offset, with
 * what comes before it hashed. */
static void
open_payload_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GoferTransferAttempt *attempt = task_data;
  g_autoptr(GInputStream) input = NULL;
  GError *error = NULL;

  input = G_INPUT_STREAM (g_file_read (attempt->transfer->payload, cancellable, &error));
  if (input == NULL ||
      (attempt->hash != NULL &&
       !gofer_hash_converter_absorb (attempt->hash, input, attempt->offset, cancellable, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  if (attempt->hash != NULL)
    {
      GInputStream *hashed = g_converter_input_stream_new (input, G_CONVERTER (attempt->hash));

      g_task_return_pointer (task, hashed, g_object_unref);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&input), g_object_unref);
}

static void
payload_opened_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GoferTransferAttempt) attempt = user_data;
  GoferConversationTransfer *self = attempt->transfer;
  g_autoptr(GInputStream) input = NULL;
  GError *error = NULL;

  input = g_task_propagate_pointer (G_TASK (result), &error);
  if (!_gofer_transfer_attempt_is_current (attempt) || input == NULL)
    {
      self->busy = FALSE;
      if (error != NULL && _gofer_transfer_attempt_is_current (attempt))
        fail (self, error);
      else
        g_clear_error (&error);
      _gofer_conversation_transfer_idle (self);
      return;
    }
  gofer_record_stream_send_stream_async (attempt->records, input,
                                         gofer_offer_get_size (self->offer) - attempt->offset,
                                         _gofer_conversation_transfer_attempt_progress,
                                         _gofer_transfer_attempt_ref (attempt),
                                         (GDestroyNotify)_gofer_transfer_attempt_unref,
                                         attempt->cancellable, sent_cb,
                                         _gofer_transfer_attempt_ref (attempt));
}

void
_gofer_conversation_transfer_send_connected (GoferTransferAttempt *attempt)
{
  GoferConversationTransfer *self = attempt->transfer;
  g_autoptr(GTask) task = g_task_new (NULL, attempt->cancellable, payload_opened_cb,
                                      _gofer_transfer_attempt_ref (attempt));

  self->idle_attempts = 0;
  self->busy = TRUE;
  _gofer_conversation_transfer_set_state (self, GOFER_CONVERSATION_TRANSFER_TRANSFERRING);
  g_task_set_task_data (task, _gofer_transfer_attempt_ref (attempt),
                        (GDestroyNotify)_gofer_transfer_attempt_unref);
  g_task_run_in_thread (task, open_payload_thread);
}

/* --- offer and answer --- */

gboolean
_gofer_conversation_transfer_handle_answer (GoferConversationTransfer *self,
                                            guint                      number,
                                            gboolean                   accept,
                                            guint64                    offset)
{
  GoferTransferAttempt *attempt = self->attempt;
  g_autofree char *name = NULL;

  if (number > self->attempt_number)
    return FALSE;               /* an answer to an offer never made */
  if (gofer_conversation_transfer_is_finished (self) || attempt == NULL ||
      attempt->number != number)
    return TRUE;                /* late: the attempt was given up */
  if (attempt->answered)
    return FALSE;               /* answered twice */
  attempt->answered = TRUE;

  if (!accept)
    {
      name = _gofer_conversation_transfer_dup_name (self);
      _gofer_conversation_transfer_finish (self, GOFER_CONVERSATION_TRANSFER_DECLINED,
                                           g_error_new (GOFER_ERROR, GOFER_ERROR_REJECTED,
                                                        /* Translators: %s is a file name */
                                                        _("The other side declined “%s”."), name),
                                           FALSE);
      return TRUE;
    }
  if (offset > gofer_offer_get_size (self->offer))
    return FALSE;

  _gofer_transfer_attempt_set_offset (attempt, offset);
  self->done = offset;
  _gofer_conversation_transfer_set_state (self, GOFER_CONVERSATION_TRANSFER_CONNECTING);
  _gofer_conversation_transfer_prepare_transit (attempt, NULL);
  return TRUE;
}

static JsonNode *
offer_body (GoferOffer *offer)
{
  g_autoptr(JsonNode) message = gofer_offer_to_json (offer);
  JsonObject *object = json_node_get_object (message);

  return json_node_copy (json_object_get_member (object, "offer"));
}

/* Attempt 0 is the offer; later ones ask to resume. The attempt exists from
 * here on, so that the receiver's transit hints, which come before its
 * answer, find it. */
static void
offer_attempt (GoferConversationTransfer *self,
               guint                      number)
{
  g_autoptr(JsonObject) body = json_object_new ();
  GError *error = NULL;

  if (self->conversation == NULL)
    return;                     /* it ended, and so did we */
  if (number == 0)
    self->id = _gofer_conversation_number_offer (self->conversation, self);
  if (_gofer_conversation_transfer_begin_attempt (self, number, &error) == NULL)
    {
      fail (self, error);
      return;
    }
  self->attempt_number = number;
  self->announced = TRUE;
  json_object_set_int_member (body, "attempt", number);
  json_object_set_member (body, "offer", offer_body (self->offer));
  _gofer_conversation_transfer_tell (self, "gofer-offer", body, FALSE);
  if (number == 0)
    _gofer_conversation_transfer_set_state (self, GOFER_CONVERSATION_TRANSFER_OFFERED);
}

static void
payload_progress_cb (guint64  done,
                     guint64  total,
                     gpointer user_data)
{
  _gofer_conversation_transfer_emit_progress (user_data, done, total);
}

static void
payload_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GoferConversationTransfer) self = user_data;
  GError *error = NULL;
  g_autoptr(GoferPayload) payload = _gofer_transfer_prepare_payload_finish (result, &error);

  if (payload == NULL)
    {
      /* Nothing was offered yet: the peer knows nothing of it. */
      _gofer_conversation_transfer_finish (self, GOFER_CONVERSATION_TRANSFER_FAILED, error, FALSE);
      return;
    }
  if (gofer_conversation_transfer_is_finished (self))
    return;
  self->offer = g_steal_pointer (&payload->offer);
  self->payload = g_steal_pointer (&payload->payload);
  self->archive = g_steal_pointer (&payload->archive);
  offer_attempt (self, 0);
}

void
_gofer_conversation_transfer_set_files (GoferConversationTransfer  *self,
                                        GFile                     **files,
                                        guint                       n_files)
{
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (self->files, g_object_ref (files[i]));
}

void
_gofer_conversation_transfer_send_start (GoferConversationTransfer *self)
{
  _gofer_conversation_transfer_set_state (self, GOFER_CONVERSATION_TRANSFER_PREPARING);
  _gofer_transfer_prepare_payload_async ((GFile **)self->files->pdata, self->files->len,
                                         payload_progress_cb,
                                         g_object_ref (self), g_object_unref,
                                         self->cancellable, payload_cb, g_object_ref (self));
}
