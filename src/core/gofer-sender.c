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
 */

#include "config.h"

#include "gofer-sender.h"

#include <glib/gi18n-lib.h>

#include "gofer-app-message.h"
#include "gofer-archive.h"
#include "gofer-error.h"
#include "gofer-transfer-private.h"
#include "gofer-transit-hints.h"
#include "gofer-wormhole-private.h"
#include "gofer-json-private.h"

struct _GoferSender
{
  GObject             parent_instance;

  GoferWormhole      *wormhole;
  GoferOffer         *offer;
  char               *text;
  GPtrArray          *files;
  GFile              *payload;       /* what crosses transit */
  GoferArchive       *archive;
  char               *transit_helper;
  gboolean            listen;

  GTask              *task;
  GCancellable       *cancellable;   /* internal: cancels transit work */
  gulong              cancel_id;
  GoferTransit       *transit;
  GPtrArray          *peer_hints;
  GoferRecordStream  *records;
  char               *sent_sha256;
  GoferTransferStage  stage;
};

G_DEFINE_FINAL_TYPE (GoferSender, gofer_sender, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STAGE,
  N_PROPS
};

enum {
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void receive_next (GoferSender *self);

static void
set_stage (GoferSender        *self,
           GoferTransferStage  stage)
{
  if (self->stage == stage)
    return;
  self->stage = stage;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
}

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  g_signal_emit (user_data, signals[SIGNAL_PROGRESS], 0, done, total);
}

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
  g_cancellable_disconnect (g_task_get_cancellable (task), self->cancel_id);
  self->cancel_id = 0;
  g_cancellable_cancel (self->cancellable);
  if (self->records != NULL)
    gofer_record_stream_close (self->records);
  if (self->transit != NULL)
    gofer_transit_close (self->transit);
  if (error == NULL)
    set_stage (self, GOFER_TRANSFER_STAGE_DONE);
  _gofer_wormhole_close_and_return (self->wormhole, task, error);
}

static void
cancelled (GObject *object)
{
  GoferSender *self = GOFER_SENDER (object);
  g_autoptr(JsonNode) message = NULL;

  if (self->task == NULL)
    return;
  /* Tell the peer, or it would wait for us forever. */
  if (gofer_wormhole_get_key (self->wormhole) != NULL)
    {
      message = gofer_app_message_new_error ("transfer cancelled");
      gofer_wormhole_send_json (self->wormhole, message);
    }
  finish (self, _gofer_transfer_cancelled_error ());
}

static void
ack_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GoferSender) self = user_data;
  GError *error = NULL;

  if (!gofer_record_stream_receive_ack_finish (GOFER_RECORD_STREAM (source), result, &error))
    finish (self, error);
  else
    finish (self, NULL);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GoferSender) self = user_data;
  GError *error = NULL;

  self->sent_sha256 = gofer_record_stream_send_file_finish (GOFER_RECORD_STREAM (source),
                                                            result, &error);
  if (self->sent_sha256 == NULL)
    {
      finish (self, error);
      return;
    }
  set_stage (self, GOFER_TRANSFER_STAGE_FINISHING);
  gofer_record_stream_receive_ack_async (self->records, self->sent_sha256, self->cancellable,
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

  self->records = gofer_transit_connect_finish (GOFER_TRANSIT (source), result, &error);
  if (self->records == NULL)
    {
      finish (self, error);
      return;
    }
  g_debug ("sender: connected (%s)", gofer_record_stream_get_description (self->records));
  set_stage (self, GOFER_TRANSFER_STAGE_TRANSFERRING);
  gofer_record_stream_send_file_async (self->records, self->payload, size,
                                       progress_cb, g_object_ref (self), g_object_unref,
                                       self->cancellable, sent_cb, g_object_ref (self));
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
      set_stage (self, GOFER_TRANSFER_STAGE_CONNECTING);
      gofer_transit_connect_async (self->transit, self->peer_hints, self->cancellable,
                                   connected_cb, g_object_ref (self));
    }
}

static void
handle_transit (GoferSender *self,
                JsonObject  *message)
{
  g_clear_pointer (&self->peer_hints, g_ptr_array_unref);
  self->peer_hints = gofer_transit_message_parse (json_object_get_member (message, "transit"));
}

static void
receive_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GoferSender) self = user_data;
  GError *error = NULL;
  g_autoptr(JsonObject) message = gofer_wormhole_receive_json_finish (self->wormhole, result, &error);

  if (self->task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  if (message == NULL)
    {
      finish (self, error);
      return;
    }

  switch (gofer_app_message_classify (message))
    {
    case GOFER_APP_MESSAGE_ANSWER:
      handle_answer (self, message);
      return;

    case GOFER_APP_MESSAGE_ERROR:
      finish (self, gofer_app_message_peer_error (message));
      return;

    case GOFER_APP_MESSAGE_TRANSIT:
      handle_transit (self, message);
      break;

    case GOFER_APP_MESSAGE_OFFER:
    case GOFER_APP_MESSAGE_UNKNOWN:
    default:
      break;
    }
  receive_next (self);
}

static void
receive_next (GoferSender *self)
{
  gofer_wormhole_receive_async (self->wormhole, NULL, receive_cb, g_object_ref (self));
}

static void
send_offer (GoferSender *self)
{
  g_autoptr(JsonNode) offer = gofer_offer_to_json (self->offer);

  gofer_wormhole_send_json (self->wormhole, offer);
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
  transit = gofer_transit_message_new (gofer_transit_get_hints (self->transit));
  gofer_wormhole_send_json (self->wormhole, transit);
  send_offer (self);
}

static void
confirm_key_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GoferSender) self = user_data;
  GError *error = NULL;

  if (!gofer_wormhole_confirm_key_finish (self->wormhole, result, &error))
    {
      finish (self, error);
      return;
    }
  if (self->task == NULL)
    return;
  if (gofer_offer_get_kind (self->offer) == GOFER_OFFER_TEXT)
    {
      send_offer (self);
      return;
    }

  self->transit = _gofer_transfer_new_transit (self->wormhole, GOFER_TRANSIT_ROLE_SENDER,
                                               self->transit_helper, self->listen, &error);
  if (self->transit == NULL)
    {
      finish (self, error);
      return;
    }
  gofer_transit_prepare_async (self->transit, self->cancellable, transit_prepared_cb,
                               g_object_ref (self));
}

static void
wait_for_peer (GoferSender *self)
{
  set_stage (self, GOFER_TRANSFER_STAGE_WAITING);
  gofer_wormhole_confirm_key_async (self->wormhole, NULL, confirm_key_cb, g_object_ref (self));
}

/* Offers carry UTF-8 (JSON), but a local name is whatever bytes the file
 * system holds: convert, or replace what is not UTF-8 (U+FFFD). */
static char *
offer_name (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  char *utf8 = g_filename_to_utf8 (name, -1, NULL, NULL, NULL);

  return utf8 != NULL ? utf8 : g_utf8_make_valid (name, -1);
}

static void
archive_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GoferSender) self = user_data;
  GError *error = NULL;
  g_autofree char *dirname = NULL;

  self->archive = gofer_archive_build_finish (result, &error);
  if (self->archive == NULL)
    {
      finish (self, error);
      return;
    }
  if (self->files->len == 1)
    dirname = offer_name (g_ptr_array_index (self->files, 0));
  else
    dirname = g_strdup ("files");
  self->payload = g_object_ref (self->archive->file);
  self->offer = gofer_offer_new_directory (dirname, self->archive->zipsize,
                                           self->archive->numbytes, self->archive->numfiles);
  wait_for_peer (self);
}

static void
query_info_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GoferSender) self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  GError *error = NULL;
  GFile *file = G_FILE (source);

  info = g_file_query_info_finish (file, result, &error);
  if (info == NULL)
    {
      finish (self, error);
      return;
    }

  if (self->files->len == 1 && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
    {
      g_autofree char *name = offer_name (file);

      self->payload = g_object_ref (file);
      self->offer = gofer_offer_new_file (name, (guint64)g_file_info_get_size (info));
      wait_for_peer (self);
      return;
    }

  gofer_archive_build_async ((GFile * const *)self->files->pdata, self->files->len, NULL,
                             progress_cb, g_object_ref (self), g_object_unref,
                             self->cancellable, archive_cb, g_object_ref (self));
}

/* A single regular file is sent as it is; anything else is zipped first. */
static void
prepare_payload (GoferSender *self)
{
  GFile *first = g_ptr_array_index (self->files, 0);

  set_stage (self, GOFER_TRANSFER_STAGE_PREPARING);
  g_file_query_info_async (first,
                           G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, self->cancellable,
                           query_info_cb, g_object_ref (self));
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
  /* A cancelled run returns its own, translated error. */
  g_task_set_check_cancellable (self->task, FALSE);
  self->cancel_id = _gofer_transfer_watch_cancel (cancellable, G_OBJECT (self), cancelled);

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

const char *
gofer_sender_get_route (GoferSender *self)
{
  g_return_val_if_fail (GOFER_IS_SENDER (self), NULL);

  if (self->records == NULL)
    return NULL;
  return gofer_record_stream_get_description (self->records);
}

GoferTransferStage
gofer_sender_get_stage (GoferSender *self)
{
  g_return_val_if_fail (GOFER_IS_SENDER (self), GOFER_TRANSFER_STAGE_PREPARING);
  return self->stage;
}

void
gofer_sender_set_transit_helper (GoferSender *self,
                                 const char  *hint)
{
  g_return_if_fail (GOFER_IS_SENDER (self));

  g_free (self->transit_helper);
  self->transit_helper = g_strdup (hint);
}

void
gofer_sender_set_listen (GoferSender *self,
                         gboolean     listen)
{
  g_return_if_fail (GOFER_IS_SENDER (self));
  self->listen = !!listen;
}

static GoferSender *
sender_new (GoferWormhole *wormhole)
{
  GoferSender *self = g_object_new (GOFER_TYPE_SENDER, NULL);

  self->wormhole = g_object_ref (wormhole);
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

  g_clear_object (&self->records);
  g_clear_object (&self->transit);
  g_clear_object (&self->wormhole);
  g_clear_object (&self->offer);
  g_clear_object (&self->payload);
  g_clear_pointer (&self->archive, gofer_archive_free);

  G_OBJECT_CLASS (gofer_sender_parent_class)->dispose (object);
}

static void
gofer_sender_finalize (GObject *object)
{
  GoferSender *self = GOFER_SENDER (object);

  g_ptr_array_unref (self->files);
  g_clear_pointer (&self->peer_hints, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_free (self->transit_helper);
  g_free (self->sent_sha256);

  G_OBJECT_CLASS (gofer_sender_parent_class)->finalize (object);
}

static void
gofer_sender_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GoferSender *self = GOFER_SENDER (object);

  switch (prop_id)
    {
    case PROP_STAGE:
      g_value_set_enum (value, self->stage);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gofer_sender_class_init (GoferSenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_sender_dispose;
  object_class->finalize = gofer_sender_finalize;
  object_class->get_property = gofer_sender_get_property;

  properties[PROP_STAGE] =
    g_param_spec_enum ("stage", NULL, NULL, GOFER_TYPE_TRANSFER_STAGE,
                       GOFER_TRANSFER_STAGE_PREPARING,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
gofer_sender_init (GoferSender *self)
{
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
  self->transit_helper = g_strdup (GOFER_DEFAULT_TRANSIT_HELPER);
  self->listen = TRUE;
  self->cancellable = g_cancellable_new ();
}
