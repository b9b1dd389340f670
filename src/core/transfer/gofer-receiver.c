/* gofer-receiver.c: receives one offer over a wormhole
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Receiving is safe by construction: the offered name is reduced to a plain
 * file name inside the download folder, a taken name gets " (n)", data goes
 * to a "NAME.part" file created exclusively, and only a complete file (every
 * record authenticated, the byte count exact) is renamed into place, never
 * over an existing file. Folders arrive as a zip that is checked whole and
 * unpacked into a new folder. On failure or cancel nothing that looks
 * finished is left behind.
 *
 * From another Gofer ("resume-v1", gofer-resume.h) a file goes on from a
 * .part an earlier transfer of it left: the .part is found by the name a new
 * one would get, its journal must still describe it, the sender checks its
 * prefix, and the whole file's hash comes in one more record before the
 * rename. A connection that breaks keeps such a .part for the next time.
 */

#include "config.h"

#include "gofer-receiver.h"

#include <glib/gi18n-lib.h>

#include "gofer-transfer-message.h"
#include "gofer-error.h"
#include "gofer-part-file.h"
#include "gofer-resume.h"
#include "gofer-transfer-private.h"
#include "gofer-transit-hints.h"
#include "gofer-wormhole-private.h"
#include "gofer-json-private.h"

struct _GoferReceiver
{
  GoferTransfer       parent_instance;

  GoferOffer         *offer;
  GFile              *download_folder;
  GFile              *target;

  GTask              *offer_task;
  GTask              *accept_task;
  gboolean            finished;       /* accepted, declined or failed: the wormhole closes */
  gboolean            transit_sent;
  gboolean            answered;
  GoferPartFile      *part;           /* what is being written */
  GFile              *received;
  char               *sha256;
  char               *file_id;        /* the sender's, when it can resume */
  guint64             resume_asked;   /* the offset our answer asked to go on at */
  gboolean            resume_decided; /* the sender said where it starts */
  gboolean            receiving;
  GFile              *kept;           /* a .part kept for a later resume */
  guint               decision_timeout_id;
};

G_DEFINE_FINAL_TYPE (GoferReceiver, gofer_receiver, GOFER_TYPE_TRANSFER)

static void receive_next (GoferReceiver *self);
static void maybe_receive (GoferReceiver *self);
static void start_transfer (GoferReceiver *self);

#define set_stage(self, stage) _gofer_transfer_set_stage (GOFER_TRANSFER (self), stage)
#define wormhole_of(self) gofer_transfer_get_wormhole (GOFER_TRANSFER (self))
/* Cancelled when the running task ends: transit and disk work use it. */
#define cancellable_of(self) _gofer_transfer_get_cancellable (GOFER_TRANSFER (self))
#define progress_cb _gofer_transfer_progress_cb

/* A failed wait closes the wormhole: nothing more can happen on it. */
static void
fail_offer (GoferReceiver *self,
            GError        *error)
{
  GTask *task = g_steal_pointer (&self->offer_task);

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  self->finished = TRUE;
  _gofer_wormhole_close_and_return (wormhole_of (self), task, error);
}

static void
remove_partial (GoferReceiver *self)
{
  if (self->part != NULL)
    gofer_part_file_discard (self->part);
  g_clear_object (&self->part);
}

/* A connection that broke (a killed sender, a lost network) leaves the
 * .part and its journal for the same file sent again, if the sender can
 * resume. A cancel, a refusal or corrupt data removes them as always. */
static gboolean
keep_partial (GoferReceiver *self,
              const GError  *error)
{
  g_autoptr(GError) keep_error = NULL;

  if (self->part == NULL || self->file_id == NULL || error->domain != GOFER_ERROR
      || (error->code != GOFER_ERROR_TRANSIT && error->code != GOFER_ERROR_PEER_GONE
          && error->code != GOFER_ERROR_TIMEOUT))
    return FALSE;
  if (!gofer_part_file_keep (self->part, &keep_error))
    {
      if (keep_error != NULL)
        g_debug ("receiver: .part not kept: %s", keep_error->message);
      return FALSE;
    }
  g_set_object (&self->kept, gofer_part_file_get_part (self->part));
  g_clear_object (&self->part);
  return TRUE;
}

/* Ends an accepted transfer once; a failure removes the partial file. */
static void
finish_accept (GoferReceiver *self,
               GError        *error)
{
  GTask *task = g_steal_pointer (&self->accept_task);

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  self->finished = TRUE;
  _gofer_transfer_stop (GOFER_TRANSFER (self), task);
  g_clear_handle_id (&self->decision_timeout_id, g_source_remove);
  if (error == NULL)
    set_stage (self, GOFER_TRANSFER_STAGE_DONE);
  else if (!keep_partial (self, error))
    remove_partial (self);
  _gofer_wormhole_close_and_return (wormhole_of (self), task, error);
}

static void
fail (GoferTransfer *transfer,
      GError        *error)
{
  finish_accept (GOFER_RECEIVER (transfer), error);
}

static void
cancelled (GObject *object)
{
  GoferReceiver *self = GOFER_RECEIVER (object);
  g_autoptr(JsonNode) message = gofer_transfer_message_new_error ("transfer cancelled");

  if (self->accept_task == NULL && self->offer_task == NULL)
    return;
  if (gofer_wormhole_get_key (wormhole_of (self)) != NULL)
    gofer_wormhole_send_json (wormhole_of (self), message);
  if (self->accept_task != NULL)
    finish_accept (self, _gofer_transfer_cancelled_error ());
  else
    fail_offer (self, _gofer_transfer_cancelled_error ());
}

/* --- transit set-up, as soon as the sender's "transit" arrives --- */

/* The answer goes once both our "transit" was sent (Rust senders insist on
 * that order) and the .part file exists, whichever comes last. */
static gboolean
decision_timeout_cb (gpointer user_data)
{
  GoferReceiver *self = user_data;

  self->decision_timeout_id = 0;
  finish_accept (self, g_error_new_literal (GOFER_ERROR, GOFER_ERROR_TIMEOUT,
                                            _("The other computer did not say where to go on with "
                                              "the file. Send it again.")));
  return G_SOURCE_REMOVE;
}

/* The sender hashes as much of its file as we hold before it answers: at
 * a slow disk's 20 MiB/s, on top of the usual idle time. A sender that
 * never answers must not keep us waiting for ever. */
static void
wait_for_decision (GoferReceiver *self)
{
  guint idle = _gofer_transfer_get_idle_timeout (GOFER_TRANSFER (self));
  guint64 hashing = self->resume_asked / (20 << 20);

  if (idle == 0)
    return;
  self->decision_timeout_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT,
                                                          idle + (guint)MIN (hashing, G_MAXUINT / 2),
                                                          decision_timeout_cb,
                                                          g_object_ref (self), g_object_unref);
}

static void
maybe_send_answer (GoferReceiver *self)
{
  g_autoptr(JsonNode) answer = NULL;

  if (self->answered || self->accept_task == NULL || self->part == NULL || !self->transit_sent)
    return;
  self->answered = TRUE;
  answer = gofer_transfer_message_new_answer ("file_ack");
  self->resume_asked = gofer_part_file_get_resume_offset (self->part);
  if (self->resume_asked > 0)
    {
      /* The journal's hash of what the .part holds, read back and checked
       * when the .part was opened again. */
      g_autofree char *prefix_sha256 = gofer_part_file_dup_sha256 (self->part);

      gofer_resume_answer_add (answer, self->resume_asked, prefix_sha256);
      wait_for_decision (self);
    }
  gofer_wormhole_send_json (wormhole_of (self), answer);
  start_transfer (self);
}

static void
transit_prepared_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GoferReceiver) self = user_data;
  g_autoptr(JsonNode) message = NULL;
  GError *error = NULL;

  if (!gofer_transit_prepare_finish (GOFER_TRANSIT (source), result, &error))
    {
      if (self->accept_task != NULL)
        finish_accept (self, error);
      else
        fail_offer (self, error);
      return;
    }
  message = gofer_transit_message_new (gofer_transit_get_hints (GOFER_TRANSIT (source)));
  gofer_wormhole_send_json (wormhole_of (self), message);
  self->transit_sent = TRUE;
  maybe_send_answer (self);
}

static gboolean
ensure_transit (GoferReceiver  *self,
                GError        **error)
{
  GoferTransit *transit;

  if (_gofer_transfer_get_transit (GOFER_TRANSFER (self)) != NULL)
    return TRUE;
  transit = _gofer_transfer_ensure_transit (GOFER_TRANSFER (self), GOFER_TRANSIT_ROLE_RECEIVER,
                                            error);
  if (transit == NULL)
    return FALSE;
  gofer_transit_prepare_async (transit, cancellable_of (self), transit_prepared_cb,
                               g_object_ref (self));
  return TRUE;
}

/* --- waiting for the offer --- */

static void
handle_offer (GoferReceiver *self,
              JsonObject    *message)
{
  JsonObject *body = _gofer_json_get_object (message, "offer");
  GError *error = NULL;
  GTask *task;

  if (body == NULL || (self->offer = gofer_offer_new_from_json (body, &error)) == NULL)
    {
      g_autoptr(JsonNode) reply = gofer_transfer_message_new_error ("unknown offer type");

      gofer_wormhole_send_json (wormhole_of (self), reply);
      if (error == NULL)
        error = g_error_new_literal (GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                                     _("The other side made an offer Gofer cannot read."));
      fail_offer (self, error);
      return;
    }

  if (gofer_offer_get_kind (self->offer) == GOFER_OFFER_FILE
      && gofer_wormhole_shares_feature (wormhole_of (self), GOFER_FEATURE_RESUME))
    self->file_id = g_strdup (gofer_resume_offer_get_file_id (message));
  task = g_steal_pointer (&self->offer_task);
  g_task_return_pointer (task, g_object_ref (self->offer), g_object_unref);
  g_object_unref (task);
}

static void
handle_transit (GoferReceiver *self,
                JsonObject    *message)
{
  GError *error = NULL;

  _gofer_transfer_set_peer_hints (GOFER_TRANSFER (self), message);
  if (!ensure_transit (self, &error))
    fail_offer (self, error);
}

/* The peer cancelled, or the mailbox is gone. While an offer waits for a
 * person, that is news for the UI; once accepted, it explains a broken
 * transit connection; once the bytes are in, it changes nothing. */
static void
peer_failed (GoferReceiver *self,
             GError        *error)
{
  if (self->offer_task != NULL)
    fail_offer (self, error);
  else if (self->accept_task == NULL)
    _gofer_transfer_peer_left (GOFER_TRANSFER (self), error);
  else if (error->domain != GOFER_ERROR || error->code != GOFER_ERROR_PEER_ERROR
           || gofer_transfer_get_stage (GOFER_TRANSFER (self)) >= GOFER_TRANSFER_STAGE_FINISHING)
    g_clear_error (&error);
  else
    _gofer_transfer_peer_failed (GOFER_TRANSFER (self), error);
}

/* The sender's "gofer-resume-from": it checked our prefix and starts at our
 * offset, or did not find it in its file and starts at 0. */
static void
handle_resume_from (GoferReceiver *self,
                    JsonObject    *message)
{
  guint64 start = 0;
  GError *error = NULL;

  if (self->resume_asked == 0 || self->resume_decided || self->accept_task == NULL
      || self->part == NULL)
    return;
  if (!gofer_resume_from_get (message, self->resume_asked, &start, &error))
    {
      if (error != NULL)
        finish_accept (self, error);
      return;
    }
  self->resume_decided = TRUE;
  g_clear_handle_id (&self->decision_timeout_id, g_source_remove);
  if (start == 0 && !gofer_part_file_restart (self->part, cancellable_of (self), &error))
    {
      finish_accept (self, error);
      return;
    }
  _gofer_transfer_set_resume_offset (GOFER_TRANSFER (self), start);
  maybe_receive (self);
}

static void
receive_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GoferReceiver) self = user_data;
  GError *error = NULL;
  g_autoptr(JsonObject) message = gofer_wormhole_receive_json_finish (wormhole_of (self), result, &error);

  if (self->finished)
    {
      g_clear_error (&error);
      return;
    }
  if (message == NULL)
    {
      peer_failed (self, error);
      return;
    }

  switch (gofer_transfer_message_classify (message))
    {
    case GOFER_TRANSFER_MESSAGE_OFFER:
      if (self->offer != NULL)
        break;  /* one offer per wormhole */
      handle_offer (self, message);
      break;

    case GOFER_TRANSFER_MESSAGE_ERROR:
      peer_failed (self, gofer_transfer_message_peer_error (message));
      return;

    case GOFER_TRANSFER_MESSAGE_TRANSIT:
      handle_transit (self, message);
      break;

    case GOFER_TRANSFER_MESSAGE_UNKNOWN:
      handle_resume_from (self, message);
      break;

    case GOFER_TRANSFER_MESSAGE_ANSWER:
    default:
      break;
    }
  if (!self->finished)
    receive_next (self);
}

static void
receive_next (GoferReceiver *self)
{
  gofer_wormhole_receive_async (wormhole_of (self), NULL, receive_cb, g_object_ref (self));
}

void
gofer_receiver_wait_for_offer_async (GoferReceiver       *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (GOFER_IS_RECEIVER (self));
  g_return_if_fail (self->offer_task == NULL && self->offer == NULL);

  self->offer_task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->offer_task, gofer_receiver_wait_for_offer_async);
  _gofer_transfer_watch_task (GOFER_TRANSFER (self), self->offer_task, cancelled);
  set_stage (self, GOFER_TRANSFER_STAGE_WAITING);
  receive_next (self);
}

GoferOffer *
gofer_receiver_wait_for_offer_finish (GoferReceiver  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  GoferOffer *offer;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  offer = g_task_propagate_pointer (G_TASK (result), error);
  _gofer_transfer_unwatch_task (GOFER_TRANSFER (self), G_TASK (result));
  return offer;
}

/* --- the transfer itself --- */

/* The name asked for, made safe by GoferPartFile and the archive code; the
 * offered one is also made visible (".ssh" becomes "_ssh"), a name the
 * person chose keeps its dot. */
static char *
final_name (GoferReceiver *self)
{
  if (self->target != NULL)
    return g_file_get_basename (self->target);
  return gofer_offer_dup_save_name (self->offer);
}


static void
ack_sent_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GoferReceiver) self = user_data;
  GError *error = NULL;

  /* The file is complete and in place; a lost ack only worries the sender. */
  if (!gofer_record_stream_send_ack_finish (GOFER_RECORD_STREAM (source), result, &error))
    {
      g_debug ("receiver: final ack not sent: %s", error->message);
      g_clear_error (&error);
    }
  finish_accept (self, NULL);
}

static void
send_final_ack (GoferReceiver *self)
{
  gofer_record_stream_send_ack_async (_gofer_transfer_get_records (GOFER_TRANSFER (self)),
                                      self->sha256, cancellable_of (self),
                                      ack_sent_cb, g_object_ref (self));
}

static void
finished_part_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GoferReceiver) self = user_data;
  GError *error = NULL;

  self->received = _gofer_transfer_finish_part_finish (result, &error);
  if (self->received == NULL)
    {
      finish_accept (self, error);
      return;
    }
  g_clear_object (&self->part);
  send_final_ack (self);
}

static void finish_part (GoferReceiver *self);

/* After a resume: the sender's hash of the whole file, which must be ours
 * before the .part is renamed. */
static void
trailer_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GoferReceiver) self = user_data;
  g_autoptr(GBytes) plain = NULL;
  GError *error = NULL;

  plain = gofer_record_stream_receive_finish (GOFER_RECORD_STREAM (source), result, &error);
  if (plain == NULL)
    {
      _gofer_transfer_transit_failed (GOFER_TRANSFER (self), error);
      return;
    }
  if (!gofer_resume_check_trailer (plain, self->sha256, &error))
    {
      finish_accept (self, error);
      return;
    }
  finish_part (self);
}

static void
received_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GoferReceiver) self = user_data;
  GError *error = NULL;

  self->sha256 = gofer_record_stream_receive_stream_finish (GOFER_RECORD_STREAM (source),
                                                            result, &error);
  if (self->sha256 == NULL)
    {
      _gofer_transfer_transit_failed (GOFER_TRANSFER (self), error);
      return;
    }
  set_stage (self, GOFER_TRANSFER_STAGE_FINISHING);
  if (self->resume_asked > 0)
    {
      /* The stream's hash covers only what crossed now. */
      g_free (self->sha256);
      self->sha256 = gofer_part_file_dup_sha256 (self->part);
      gofer_record_stream_receive_async (GOFER_RECORD_STREAM (source), cancellable_of (self),
                                         trailer_cb, g_object_ref (self));
      return;
    }
  finish_part (self);
}

static void
finish_part (GoferReceiver *self)
{
  g_autofree char *dirname = final_name (self);

  _gofer_transfer_finish_part_async (self->part, self->offer, dirname,
                                     progress_cb, g_object_ref (self), g_object_unref,
                                     cancellable_of (self), finished_part_cb, g_object_ref (self));
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GoferReceiver) self = user_data;
  GError *error = NULL;
  GoferRecordStream *records = _gofer_transfer_connect_finish (GOFER_TRANSFER (self), result, &error);

  if (records == NULL)
    {
      finish_accept (self, error);
      return;
    }
  maybe_receive (self);
}

/* Once connected and, after asking to resume, once the sender said where it
 * starts: the rest of the file goes into the .part. */
static void
maybe_receive (GoferReceiver *self)
{
  GoferRecordStream *records = _gofer_transfer_get_records (GOFER_TRANSFER (self));
  guint64 start = gofer_transfer_get_resume_offset (GOFER_TRANSFER (self));

  if (self->receiving || records == NULL || self->accept_task == NULL
      || (self->resume_asked > 0 && !self->resume_decided))
    return;
  self->receiving = TRUE;
  gofer_record_stream_receive_stream_async (records,
                                            gofer_part_file_get_journaled_stream (self->part),
                                            gofer_offer_get_size (self->offer) - start,
                                            progress_cb, g_object_ref (self), g_object_unref,
                                            cancellable_of (self), received_cb, g_object_ref (self));
}

static void
start_transfer (GoferReceiver *self)
{
  _gofer_transfer_connect_async (GOFER_TRANSFER (self), connected_cb, g_object_ref (self));
}

static void
reject_and_finish (GoferReceiver *self,
                   GError        *error)
{
  g_autoptr(JsonNode) reply = gofer_transfer_message_new_error ("transfer rejected");

  /* Tell the sender why nothing will come, then stop. */
  gofer_wormhole_send_json (wormhole_of (self), reply);
  finish_accept (self, error);
}

static void
part_created_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GoferReceiver) self = user_data;
  GError *error = NULL;

  self->part = _gofer_transfer_create_part_finish (result, &error);
  if (self->part == NULL || !ensure_transit (self, &error))
    {
      reject_and_finish (self, error);
      return;
    }
  maybe_send_answer (self);
}

static void
accept_file (GoferReceiver *self)
{
  g_autofree char *name = final_name (self);
  g_autoptr(GFile) folder = NULL;

  if (self->target != NULL)
    folder = g_file_get_parent (self->target);
  else
    folder = g_object_ref (self->download_folder);
  set_stage (self, GOFER_TRANSFER_STAGE_WAITING);
  _gofer_transfer_create_part_async (folder, self->offer, name, self->file_id,
                                     cancellable_of (self), part_created_cb, g_object_ref (self));
}

void
gofer_receiver_accept_async (GoferReceiver       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (GOFER_IS_RECEIVER (self));
  g_return_if_fail (self->offer != NULL && self->accept_task == NULL);

  self->accept_task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->accept_task, gofer_receiver_accept_async);
  _gofer_transfer_watch_task (GOFER_TRANSFER (self), self->accept_task, cancelled);
  if (_gofer_transfer_get_peer_left (GOFER_TRANSFER (self)) != NULL)
    {
      finish_accept (self, g_error_copy (_gofer_transfer_get_peer_left (GOFER_TRANSFER (self))));
      return;
    }

  if (gofer_offer_get_kind (self->offer) == GOFER_OFFER_TEXT)
    {
      g_autoptr(JsonNode) answer = gofer_transfer_message_new_answer ("message_ack");

      gofer_wormhole_send_json (wormhole_of (self), answer);
      finish_accept (self, NULL);
      return;
    }
  accept_file (self);
}

gboolean
gofer_receiver_accept_finish (GoferReceiver  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
gofer_receiver_decline_async (GoferReceiver       *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonNode) answer = NULL;
  GTask *task;

  g_return_if_fail (GOFER_IS_RECEIVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_receiver_decline_async);
  answer = gofer_transfer_message_new_error ("transfer rejected");
  gofer_wormhole_send_json (wormhole_of (self), answer);
  self->finished = TRUE;
  if (_gofer_transfer_get_transit (GOFER_TRANSFER (self)) != NULL)
    gofer_transit_close (_gofer_transfer_get_transit (GOFER_TRANSFER (self)));
  _gofer_wormhole_close_and_return (wormhole_of (self), task, NULL);
}

gboolean
gofer_receiver_decline_finish (GoferReceiver  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
gofer_receiver_set_download_folder (GoferReceiver *self,
                                    GFile         *folder)
{
  g_return_if_fail (GOFER_IS_RECEIVER (self));
  g_return_if_fail (G_IS_FILE (folder));

  g_set_object (&self->download_folder, folder);
}

void
gofer_receiver_set_target (GoferReceiver *self,
                           GFile         *target)
{
  g_return_if_fail (GOFER_IS_RECEIVER (self));

  g_set_object (&self->target, target);
}

GoferOffer *
gofer_receiver_get_offer (GoferReceiver *self)
{
  g_return_val_if_fail (GOFER_IS_RECEIVER (self), NULL);
  return self->offer;
}

GFile *
gofer_receiver_get_kept_part (GoferReceiver *self)
{
  g_return_val_if_fail (GOFER_IS_RECEIVER (self), NULL);
  return self->kept;
}

GFile *
gofer_receiver_get_received_file (GoferReceiver *self)
{
  g_return_val_if_fail (GOFER_IS_RECEIVER (self), NULL);
  return self->received;
}

GoferReceiver *
gofer_receiver_new (GoferWormhole *wormhole)
{
  GoferReceiver *self;

  g_return_val_if_fail (GOFER_IS_WORMHOLE (wormhole), NULL);

  self = g_object_new (GOFER_TYPE_RECEIVER, NULL);
  _gofer_transfer_set_wormhole (GOFER_TRANSFER (self), wormhole);
  return self;
}

static void
gofer_receiver_dispose (GObject *object)
{
  GoferReceiver *self = GOFER_RECEIVER (object);

  g_clear_handle_id (&self->decision_timeout_id, g_source_remove);
  remove_partial (self);
  g_clear_object (&self->offer);

  G_OBJECT_CLASS (gofer_receiver_parent_class)->dispose (object);
}

static void
gofer_receiver_finalize (GObject *object)
{
  GoferReceiver *self = GOFER_RECEIVER (object);

  g_clear_object (&self->download_folder);
  g_clear_object (&self->target);
  g_clear_object (&self->received);
  g_clear_object (&self->kept);
  g_free (self->sha256);
  g_free (self->file_id);

  G_OBJECT_CLASS (gofer_receiver_parent_class)->finalize (object);
}

static void
gofer_receiver_class_init (GoferReceiverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GoferTransferClass *transfer_class = GOFER_TRANSFER_CLASS (klass);

  object_class->dispose = gofer_receiver_dispose;
  object_class->finalize = gofer_receiver_finalize;
  transfer_class->fail = fail;
}

static void
gofer_receiver_init (GoferReceiver *self)
{
  const char *downloads = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);

  self->download_folder = g_file_new_for_path (downloads != NULL ? downloads : g_get_home_dir ());
}
