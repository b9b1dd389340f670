/* gofer-conversation-transfer-receive.c: the receiving side of a conversation transfer
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same safe path as GoferReceiver: free space checked, a NAME.part
 * created exclusively beside a name that is free, the .part renamed (or a
 * folder's zip unpacked) only once the whole file's SHA-256 equals the one
 * the sender reports. The .part stays while the transfer lives: when the
 * connection breaks, the sender offers again and we answer with the bytes
 * already there, hashing them first so the final hash covers everything.
 */

#include "config.h"

#include "gofer-conversation-transfer-private.h"

#include <glib/gi18n-lib.h>

#include "gofer-error.h"
#include "gofer-transfer-private.h"

static void start_attempt (GoferConversationTransfer *self,
                           guint                      number,
                           gboolean                   verify_only);

static void
fail (GoferConversationTransfer *self,
      GError                    *error)
{
  _gofer_conversation_transfer_finish (self, GOFER_CONVERSATION_TRANSFER_FAILED, error, TRUE);
}

void
_gofer_conversation_transfer_receive_failed (GoferTransferAttempt *attempt,
                                             GError          *error)
{
  GoferConversationTransfer *self = attempt->transfer;

  if (attempt->verify_only || _gofer_conversation_transfer_is_interruption (error))
    {
      /* The sender offers again; the .part waits. */
      g_error_free (error);
      _gofer_conversation_transfer_end_attempt (self);
      if (!gofer_conversation_transfer_is_finished (self))
        _gofer_conversation_transfer_set_state (self, GOFER_CONVERSATION_TRANSFER_INTERRUPTED);
      return;
    }
  fail (self, error);
}

/* --- the end of an attempt: verify, keep, acknowledge --- */

static void
ack_sent_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GoferTransferAttempt) attempt = user_data;
  g_autoptr(GError) error = NULL;

  /* A lost ack only worries the sender, which then offers again: the
   * attempt that follows just confirms the hash. */
  if (!gofer_record_stream_send_ack_finish (GOFER_RECORD_STREAM (source), result, &error))
    g_debug ("transfer %" G_GUINT64_FORMAT ": final ack not sent: %s", attempt->transfer->id,
             error->message);
  if (_gofer_transfer_attempt_is_current (attempt))
    _gofer_conversation_transfer_end_attempt (attempt->transfer);
}

static void
send_ack (GoferTransferAttempt *attempt,
          const char      *sha256)
{
  gofer_record_stream_send_ack_async (attempt->records, sha256, NULL, ack_sent_cb,
                                      _gofer_transfer_attempt_ref (attempt));
}

static void
kept_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GoferTransferAttempt) attempt = user_data;
  GoferConversationTransfer *self = attempt->transfer;
  GError *error = NULL;

  self->busy = FALSE;
  self->received = _gofer_transfer_finish_part_finish (result, &error);
  if (self->received == NULL)
    {
      fail (self, error);
      return;
    }
  g_clear_object (&self->part);
  send_ack (attempt, self->sha256);
  _gofer_conversation_transfer_finish (self, GOFER_CONVERSATION_TRANSFER_DONE, NULL, FALSE);
}

static void
unpack_progress_cb (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  _gofer_conversation_transfer_emit_progress (user_data, done, total);
}

static void
keep (GoferTransferAttempt *attempt)
{
  GoferConversationTransfer *self = attempt->transfer;
  g_autofree char *name = gofer_offer_dup_save_name (self->offer);

  /* Not the attempt's cancellable: a re-offer may end the attempt, but the
   * file is complete and verified, so it is kept all the same. */
  self->busy = TRUE;
  _gofer_conversation_transfer_set_state (self, GOFER_CONVERSATION_TRANSFER_FINISHING);
  _gofer_transfer_finish_part_async (self->part, self->offer, name,
                                     unpack_progress_cb, g_object_ref (self), g_object_unref,
                                     self->cancellable, kept_cb, _gofer_transfer_attempt_ref (attempt));
}

static void wait_for_trailer (GoferTransferAttempt *attempt);

/* The sender's record with the whole file's hash. */
static void
trailer_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GoferTransferAttempt) attempt = user_data;
  GoferConversationTransfer *self = attempt->transfer;
  GError *error = NULL;

  if (gofer_record_stream_receive_ack_finish (GOFER_RECORD_STREAM (source), result, &error))
    {
      if (!_gofer_transfer_attempt_is_current (attempt))
        return;
      if (attempt->verify_only)
        send_ack (attempt, self->sha256);
      else
        keep (attempt);
      return;
    }
  if (g_error_matches (error, GOFER_ERROR, GOFER_ERROR_CORRUPT) &&
      _gofer_transfer_attempt_is_current (attempt))
    {
      /* Our own hash back, so the sender learns it too. */
      send_ack (attempt, self->sha256);
      _gofer_conversation_transfer_finish (self, GOFER_CONVERSATION_TRANSFER_FAILED, error, FALSE);
      return;
    }
  _gofer_conversation_transfer_attempt_failed (attempt, error);
}

static void
wait_for_trailer (GoferTransferAttempt *attempt)
{
  gofer_record_stream_receive_ack_async (attempt->records, attempt->transfer->sha256,
                                         attempt->cancellable, trailer_cb,
                                         _gofer_transfer_attempt_ref (attempt));
}

static void
received_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GoferTransferAttempt) attempt = user_data;
  GoferConversationTransfer *self = attempt->transfer;
  g_autofree char *sha256 = NULL;
  GError *error = NULL;

  self->busy = FALSE;
  sha256 = gofer_record_stream_receive_stream_finish (GOFER_RECORD_STREAM (source), result, &error);
  /* What a resumed attempt's converter still holds belongs on disk too, and
   * now: the next attempt starts where the .part ends. */
  if (attempt->sink != NULL)
    {
      g_output_stream_close (attempt->sink, NULL, error == NULL ? &error : NULL);
      g_clear_object (&attempt->sink);
    }
  if (!_gofer_transfer_attempt_is_current (attempt) || error != NULL)
    {
      if (error != NULL)
        _gofer_conversation_transfer_attempt_failed (attempt, error);
      _gofer_conversation_transfer_idle (self);
      return;
    }
  _gofer_transfer_attempt_take_hash (attempt, g_steal_pointer (&sha256));
  wait_for_trailer (attempt);
}

static GOutputStream *
attempt_sink (GoferTransferAttempt *attempt)
{
  GOutputStream *part = gofer_part_file_get_journaled_stream (attempt->transfer->part);

  if (attempt->hash == NULL)
    return part;
  attempt->sink = g_converter_output_stream_new (part, G_CONVERTER (attempt->hash));
  /* The .part outlives the attempt. */
  g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (attempt->sink), FALSE);
  return attempt->sink;
}

void
_gofer_conversation_transfer_receive_connected (GoferTransferAttempt *attempt)
{
  GoferConversationTransfer *self = attempt->transfer;

  if (attempt->verify_only)
    {
      wait_for_trailer (attempt);
      return;
    }
  self->busy = TRUE;
  _gofer_conversation_transfer_set_state (self, GOFER_CONVERSATION_TRANSFER_TRANSFERRING);
  gofer_record_stream_receive_stream_async (attempt->records, attempt_sink (attempt),
                                            gofer_offer_get_size (self->offer) - attempt->offset,
                                            _gofer_conversation_transfer_attempt_progress,
                                            _gofer_transfer_attempt_ref (attempt),
                                            (GDestroyNotify)_gofer_transfer_attempt_unref,
                                            attempt->cancellable, received_cb,
                                            _gofer_transfer_attempt_ref (attempt));
}

/* --- answering an offer, or a re-offer --- */

static void
send_answer (GoferTransferAttempt *attempt)
{
  g_autoptr(JsonObject) body = json_object_new ();

  attempt->answered = TRUE;
  json_object_set_int_member (body, "attempt", attempt->number);
  json_object_set_boolean_member (body, "accept", TRUE);
  json_object_set_int_member (body, "offset", (gint64)attempt->offset);
  _gofer_conversation_transfer_tell (attempt->transfer, "gofer-answer", body, FALSE);
}

/* Our hints first (the sender needs them to connect), then the answer. */
static void
answer (GoferTransferAttempt *attempt)
{
  if (!attempt->verify_only)
    _gofer_conversation_transfer_set_state (attempt->transfer,
                                            GOFER_CONVERSATION_TRANSFER_CONNECTING);
  _gofer_conversation_transfer_prepare_transit (attempt, send_answer);
}

/* In a worker thread: what the .part holds before the offset. */
static void
hash_part_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GoferTransferAttempt *attempt = task_data;
  GFile *part = gofer_part_file_get_part (attempt->transfer->part);
  g_autoptr(GInputStream) input = NULL;
  GError *error = NULL;

  input = G_INPUT_STREAM (g_file_read (part, cancellable, &error));
  if (input != NULL &&
      gofer_hash_converter_absorb (attempt->hash, input, attempt->offset, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
part_hashed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GoferTransferAttempt) attempt = user_data;
  GoferConversationTransfer *self = attempt->transfer;
  GError *error = NULL;

  self->busy = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (_gofer_transfer_attempt_is_current (attempt) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error);
      else
        g_error_free (error);
    }
  else if (_gofer_transfer_attempt_is_current (attempt))
    answer (attempt);
  _gofer_conversation_transfer_idle (self);
}

/* The bytes in the .part came from authenticated records, and the stream
 * stands at their end: that is where the attempt starts. */
static void
start_attempt (GoferConversationTransfer *self,
               guint                      number,
               gboolean                   verify_only)
{
  g_autoptr(GTask) task = NULL;
  GoferTransferAttempt *attempt;
  GError *error = NULL;

  self->pending_attempt = 0;
  if ((attempt = _gofer_conversation_transfer_begin_attempt (self, number, &error)) == NULL)
    {
      fail (self, error);
      return;
    }
  attempt->verify_only = verify_only;
  if (verify_only)
    {
      _gofer_transfer_attempt_set_offset (attempt, gofer_offer_get_size (self->offer));
      answer (attempt);
      return;
    }
  _gofer_transfer_attempt_set_offset (attempt, (guint64)g_seekable_tell (G_SEEKABLE (
                                  gofer_part_file_get_output_stream (self->part))));
  if (attempt->offset == 0)
    {
      answer (attempt);
      return;
    }
  self->busy = TRUE;
  task = g_task_new (NULL, attempt->cancellable, part_hashed_cb, _gofer_transfer_attempt_ref (attempt));
  g_task_set_task_data (task, _gofer_transfer_attempt_ref (attempt),
                        (GDestroyNotify)_gofer_transfer_attempt_unref);
  g_task_run_in_thread (task, hash_part_thread);
}

void
_gofer_conversation_transfer_receive_pending (GoferConversationTransfer *self)
{
  guint number = self->pending_attempt;

  if (number == 0 || self->busy)
    return;
  if (self->state == GOFER_CONVERSATION_TRANSFER_DONE)
    start_attempt (self, number, TRUE);
  else if (!gofer_conversation_transfer_is_finished (self) && self->part != NULL)
    start_attempt (self, number, FALSE);
}

void
_gofer_conversation_transfer_handle_reoffer (GoferConversationTransfer *self,
                                             guint                      number)
{
  g_autoptr(JsonObject) body = NULL;

  self->attempt_number = number;
  switch (self->state)
    {
    case GOFER_CONVERSATION_TRANSFER_OFFERED:
      return;                   /* accepting answers the latest */

    case GOFER_CONVERSATION_TRANSFER_DECLINED:
    case GOFER_CONVERSATION_TRANSFER_CANCELLED:
    case GOFER_CONVERSATION_TRANSFER_FAILED:
      /* Our goodbye may have crossed its offer: say it again. */
      body = json_object_new ();
      _gofer_conversation_transfer_tell (self, "gofer-cancel", body, TRUE);
      return;

    default:
      /* A worker may still write to the .part: the new attempt waits. */
      self->pending_attempt = number;
      if (self->state != GOFER_CONVERSATION_TRANSFER_DONE &&
          self->state != GOFER_CONVERSATION_TRANSFER_FINISHING)
        _gofer_conversation_transfer_end_attempt (self);
      _gofer_conversation_transfer_receive_pending (self);
    }
}

/* --- accepting --- */

static void
part_created_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GoferConversationTransfer) self = user_data;
  GoferPartFile *part;
  GError *error = NULL;

  self->busy = FALSE;
  part = _gofer_transfer_create_part_finish (result, &error);
  if (gofer_conversation_transfer_is_finished (self))
    {
      g_clear_object (&part);
      g_clear_error (&error);
      return;
    }
  if (part == NULL)
    {
      fail (self, error);
      return;
    }
  self->part = part;
  start_attempt (self, self->attempt_number, FALSE);
}

void
_gofer_conversation_transfer_receive_accept (GoferConversationTransfer *self,
                                             GFile                     *folder)
{
  g_autofree char *name = gofer_offer_dup_save_name (self->offer);

  g_set_object (&self->folder, folder);
  self->busy = TRUE;
  _gofer_conversation_transfer_set_state (self, GOFER_CONVERSATION_TRANSFER_PREPARING);
  _gofer_transfer_create_part_async (folder, self->offer, name, NULL,
                                     self->cancellable, part_created_cb, g_object_ref (self));
}

void
_gofer_conversation_transfer_receive_decline (GoferConversationTransfer *self)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *name = _gofer_conversation_transfer_dup_name (self);

  json_object_set_int_member (body, "attempt", self->attempt_number);
  json_object_set_boolean_member (body, "accept", FALSE);
  _gofer_conversation_transfer_tell (self, "gofer-answer", body, FALSE);
  _gofer_conversation_transfer_finish (self, GOFER_CONVERSATION_TRANSFER_DECLINED,
                                       g_error_new (GOFER_ERROR, GOFER_ERROR_REJECTED,
                                                    /* Translators: %s is a file name */
                                                    _("You declined “%s”."), name),
                                       FALSE);
}

void
_gofer_conversation_transfer_receive_offered (GoferConversationTransfer *self,
                                              GoferOffer                *offer)
{
  self->offer = g_object_ref (offer);
  self->announced = TRUE;
  _gofer_conversation_transfer_set_state (self, GOFER_CONVERSATION_TRANSFER_OFFERED);
}
