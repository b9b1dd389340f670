/* gofer-sender.c: sends one offer over a wormhole
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text goes in the offer itself. A file, or a folder zipped to a temporary
 * file, goes over transit once the peer answers "file_ack": we send our
 * "transit" message before the offer (every client expects that order), race
 * the connections, stream the bytes in a worker thread, and check the
 * receiver's SHA-256 ack against what we sent.
 *
 * Rust clients (wormhole-rs, and GNOME Warp on it) cannot take a text offer
 * and insist on "transit" first: for them a text goes as the file
 * message.txt, written to a temporary file.
 */

#include "config.h"

#include "gofer-sender.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gofer-transfer-message.h"
#include "gofer-error.h"
#include "gofer-transfer-private.h"
#include "gofer-transit-hints.h"
#include "gofer-wormhole-private.h"
#include "gofer-json-private.h"

struct _GoferSender
{
  GoferTransfer       parent_instance;

  GoferOffer         *offer;
  GPtrArray          *files;
  GFile              *payload;       /* what crosses transit */
  GoferArchive       *archive;
  GFile              *text_file;     /* a text sent as a file; deleted at the end */

  GTask              *task;
  char               *sent_sha256;
};

G_DEFINE_FINAL_TYPE (GoferSender, gofer_sender, GOFER_TYPE_TRANSFER)

static void receive_next (GoferSender *self);

#define set_stage(self, stage) _gofer_transfer_set_stage (GOFER_TRANSFER (self), stage)
#define wormhole_of(self) gofer_transfer_get_wormhole (GOFER_TRANSFER (self))
/* Cancelled when the running task ends: transit and disk work use it. */
#define cancellable_of(self) _gofer_transfer_get_cancellable (GOFER_TRANSFER (self))

/* Ends the run once, whichever of success, failure or cancel comes first. */
static void
finish (GoferSender *self,
        GError      *error)
{
  GTask *task = g_steal_pointer (&self->task);

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  _gofer_transfer_stop (GOFER_TRANSFER (self), task);
  if (error == NULL)
    set_stage (self, GOFER_TRANSFER_STAGE_DONE);
  _gofer_wormhole_close_and_return (wormhole_of (self), task, error);
}

static void
cancelled (GObject *object)
{
  GoferSender *self = GOFER_SENDER (object);
  g_autoptr(JsonNode) message = NULL;

  if (self->task == NULL)
    return;
  /* Tell the peer, or it would wait for us forever. */
  if (gofer_wormhole_get_key (wormhole_of (self)) != NULL)
    {
      message = gofer_transfer_message_new_error ("transfer cancelled");
      gofer_wormhole_send_json (wormhole_of (self), message);
    }
  finish (self, _gofer_transfer_cancelled_error ());
}

static void
fail (GoferTransfer *transfer,
      GError        *error)
{
  finish (GOFER_SENDER (transfer), error);
}

static void
ack_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GoferSender) self = user_data;
  GError *error = NULL;

  if (!gofer_record_stream_receive_ack_finish (GOFER_RECORD_STREAM (source), result, &error))
    _gofer_transfer_transit_failed (GOFER_TRANSFER (self), error);
  else
    finish (self, NULL);
}

/* A receiver unpacks a folder before it acks, at disk speed: allow for that
 * on top of the usual idle time (20 MiB/s is a slow disk). */
static void
allow_time_to_unpack (GoferSender       *self,
                      GoferRecordStream *records)
{
  guint64 unpacked = gofer_offer_get_numbytes (self->offer);
  guint idle = _gofer_transfer_get_idle_timeout (GOFER_TRANSFER (self));

  if (idle == 0 || gofer_offer_get_kind (self->offer) != GOFER_OFFER_DIRECTORY)
    return;
  gofer_record_stream_set_idle_timeout (records, idle + (guint)MIN (unpacked / (20 << 20), G_MAXUINT / 2));
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GoferSender) self = user_data;
  GError *error = NULL;

  GoferRecordStream *records = GOFER_RECORD_STREAM (source);

  self->sent_sha256 = gofer_record_stream_send_file_finish (records, result, &error);
  if (self->sent_sha256 == NULL)
    {
      _gofer_transfer_transit_failed (GOFER_TRANSFER (self), error);
      return;
    }
  set_stage (self, GOFER_TRANSFER_STAGE_FINISHING);
  allow_time_to_unpack (self, records);
  gofer_record_stream_receive_ack_async (records, self->sent_sha256, cancellable_of (self),
                                         ack_cb, g_object_ref (self));
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GoferSender) self = user_data;
  GError *error = NULL;
  guint64 size = gofer_offer_get_size (self->offer);
  GoferRecordStream *records = _gofer_transfer_connect_finish (GOFER_TRANSFER (self), result, &error);

  if (records == NULL)
    {
      finish (self, error);
      return;
    }
  gofer_record_stream_send_file_async (records, self->payload, size,
                                       _gofer_transfer_progress_cb, g_object_ref (self),
                                       g_object_unref, cancellable_of (self), sent_cb,
                                       g_object_ref (self));
}

static void
handle_answer (GoferSender *self,
               JsonObject  *message)
{
  JsonObject *answer = _gofer_json_get_object (message, "answer");
  gboolean is_text = gofer_offer_get_kind (self->offer) == GOFER_OFFER_TEXT;
  const char *key = is_text ? "message_ack" : "file_ack";
  const char *ack = NULL;

  if (answer != NULL)
    ack = _gofer_json_get_string (answer, key, NULL);

  if (g_strcmp0 (ack, "ok") != 0)
    finish (self, g_error_new_literal (GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                                       _("The other side answered the offer in a way Gofer "
                                         "does not understand.")));
  else if (is_text)
    finish (self, NULL);
  else
    {
      _gofer_transfer_connect_async (GOFER_TRANSFER (self), connected_cb, g_object_ref (self));
      /* Keep listening: a peer that cancels says so here. */
      receive_next (self);
    }
}

static void
receive_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GoferSender) self = user_data;
  GError *error = NULL;
  g_autoptr(JsonObject) message = gofer_wormhole_receive_json_finish (wormhole_of (self), result, &error);

  if (self->task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  if (message == NULL)
    {
      /* Once accepted, the bytes go over transit: losing the mailbox then
       * only loses the peer's chance to explain a failure. */
      if (gofer_transfer_get_stage (GOFER_TRANSFER (self)) >= GOFER_TRANSFER_STAGE_CONNECTING)
        g_debug ("sender: mailbox lost during the transfer: %s", error->message);
      else
        finish (self, g_steal_pointer (&error));
      g_clear_error (&error);
      return;
    }

  switch (gofer_transfer_message_classify (message))
    {
    case GOFER_TRANSFER_MESSAGE_ANSWER:
      if (gofer_transfer_get_stage (GOFER_TRANSFER (self)) >= GOFER_TRANSFER_STAGE_CONNECTING)
        break;  /* a second answer changes nothing */
      handle_answer (self, message);
      return;

    case GOFER_TRANSFER_MESSAGE_ERROR:
      _gofer_transfer_peer_failed (GOFER_TRANSFER (self), gofer_transfer_message_peer_error (message));
      return;

    case GOFER_TRANSFER_MESSAGE_TRANSIT:
      _gofer_transfer_set_peer_hints (GOFER_TRANSFER (self), message);
      break;

    case GOFER_TRANSFER_MESSAGE_OFFER:
    case GOFER_TRANSFER_MESSAGE_UNKNOWN:
    default:
      break;
    }
  receive_next (self);
}

static void
receive_next (GoferSender *self)
{
  gofer_wormhole_receive_async (wormhole_of (self), NULL, receive_cb, g_object_ref (self));
}

static void
send_offer (GoferSender *self)
{
  g_autoptr(JsonNode) offer = gofer_offer_to_json (self->offer);

  gofer_wormhole_send_json (wormhole_of (self), offer);
  receive_next (self);
}

static void
transit_prepared_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GoferSender) self = user_data;
  g_autoptr(JsonNode) transit = NULL;
  GError *error = NULL;

  if (!gofer_transit_prepare_finish (GOFER_TRANSIT (source), result, &error))
    {
      finish (self, error);
      return;
    }
  transit = gofer_transit_message_new (gofer_transit_get_hints (GOFER_TRANSIT (source)));
  gofer_wormhole_send_json (wormhole_of (self), transit);
  send_offer (self);
}

/* Rust clients list "abilities": ["transfer-v1", ...] in their versions;
 * Python and Go send {} and take text offers. */
static gboolean
peer_takes_text_offers (GoferSender *self)
{
  return !_gofer_transfer_peer_packs_folders (wormhole_of (self));
}

/* The text, written to a temporary file that goes as "message.txt". */
static gboolean
offer_text_as_file (GoferSender  *self,
                    GError      **error)
{
  g_autoptr(GFileIOStream) stream = NULL;
  const char *text = gofer_offer_get_text (self->offer);
  gsize len = strlen (text);

  self->text_file = g_file_new_tmp ("gofer-message-XXXXXX.txt", &stream, error);
  if (self->text_file == NULL ||
      !g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (stream)), text, len, NULL,
                                  cancellable_of (self), error) ||
      !g_io_stream_close (G_IO_STREAM (stream), cancellable_of (self), error))
    return FALSE;

  g_debug ("sender: the peer takes no text offers; sending the text as message.txt");
  g_set_object (&self->payload, self->text_file);
  g_clear_object (&self->offer);
  self->offer = gofer_offer_new_file ("message.txt", len);
  return TRUE;
}

static void
confirm_key_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GoferSender) self = user_data;
  GoferTransit *transit;
  GError *error = NULL;

  if (!gofer_wormhole_confirm_key_finish (wormhole_of (self), result, &error))
    {
      finish (self, error);
      return;
    }
  if (self->task == NULL)
    return;
  if (gofer_offer_get_kind (self->offer) == GOFER_OFFER_TEXT)
    {
      if (peer_takes_text_offers (self))
        {
          send_offer (self);
          return;
        }
      if (!offer_text_as_file (self, &error))
        {
          finish (self, error);
          return;
        }
    }

  transit = _gofer_transfer_ensure_transit (GOFER_TRANSFER (self), GOFER_TRANSIT_ROLE_SENDER,
                                            &error);
  if (transit == NULL)
    {
      finish (self, error);
      return;
    }
  gofer_transit_prepare_async (transit, cancellable_of (self), transit_prepared_cb,
                               g_object_ref (self));
}

static void
wait_for_peer (GoferSender *self)
{
  set_stage (self, GOFER_TRANSFER_STAGE_WAITING);
  gofer_wormhole_confirm_key_async (wormhole_of (self), NULL, confirm_key_cb, g_object_ref (self));
}

static void
payload_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GoferSender) self = user_data;
  GError *error = NULL;
  g_autoptr(GoferPayload) payload = _gofer_transfer_prepare_payload_finish (result, &error);

  if (payload == NULL)
    {
      finish (self, error);
      return;
    }
  self->offer = g_steal_pointer (&payload->offer);
  self->payload = g_steal_pointer (&payload->payload);
  self->archive = g_steal_pointer (&payload->archive);
  wait_for_peer (self);
}

/* A single regular file is sent as it is; anything else is zipped first. */
static void
prepare_payload (GoferSender *self)
{
  set_stage (self, GOFER_TRANSFER_STAGE_PREPARING);
  _gofer_transfer_prepare_payload_async ((GFile * const *)self->files->pdata, self->files->len,
                                         _gofer_transfer_progress_cb, g_object_ref (self),
                                         g_object_unref, cancellable_of (self), payload_cb,
                                         g_object_ref (self));
}

void
gofer_sender_run_async (GoferSender         *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (GOFER_IS_SENDER (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, gofer_sender_run_async);
  _gofer_transfer_watch_task (GOFER_TRANSFER (self), self->task, cancelled);

  if (self->offer != NULL)
    wait_for_peer (self);
  else
    prepare_payload (self);
}

gboolean
gofer_sender_run_finish (GoferSender   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

GoferOffer *
gofer_sender_get_offer (GoferSender *self)
{
  g_return_val_if_fail (GOFER_IS_SENDER (self), NULL);
  return self->offer;
}

static GoferSender *
sender_new (GoferWormhole *wormhole)
{
  GoferSender *self = g_object_new (GOFER_TYPE_SENDER, NULL);

  _gofer_transfer_set_wormhole (GOFER_TRANSFER (self), wormhole);
  return self;
}

GoferSender *
gofer_sender_new_text (GoferWormhole *wormhole,
                       const char    *text)
{
  GoferSender *self;

  g_return_val_if_fail (GOFER_IS_WORMHOLE (wormhole), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  self = sender_new (wormhole);
  self->offer = gofer_offer_new_text (text);
  return self;
}

GoferSender *
gofer_sender_new_files (GoferWormhole  *wormhole,
                        GFile         **files,
                        guint           n_files)
{
  GoferSender *self;

  g_return_val_if_fail (GOFER_IS_WORMHOLE (wormhole), NULL);
  g_return_val_if_fail (files != NULL && n_files > 0, NULL);

  self = sender_new (wormhole);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (self->files, g_object_ref (files[i]));
  return self;
}

static void
gofer_sender_dispose (GObject *object)
{
  GoferSender *self = GOFER_SENDER (object);

  g_clear_object (&self->offer);
  g_clear_object (&self->payload);
  g_clear_pointer (&self->archive, gofer_archive_free);
  if (self->text_file != NULL)
    g_file_delete (self->text_file, NULL, NULL);
  g_clear_object (&self->text_file);

  G_OBJECT_CLASS (gofer_sender_parent_class)->dispose (object);
}

static void
gofer_sender_finalize (GObject *object)
{
  GoferSender *self = GOFER_SENDER (object);

  g_ptr_array_unref (self->files);
  g_free (self->sent_sha256);

  G_OBJECT_CLASS (gofer_sender_parent_class)->finalize (object);
}

static void
gofer_sender_class_init (GoferSenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GoferTransferClass *transfer_class = GOFER_TRANSFER_CLASS (klass);

  object_class->dispose = gofer_sender_dispose;
  object_class->finalize = gofer_sender_finalize;
  transfer_class->fail = fail;
}

static void
gofer_sender_init (GoferSender *self)
{
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
  _gofer_transfer_set_stage (GOFER_TRANSFER (self), GOFER_TRANSFER_STAGE_PREPARING);
}
