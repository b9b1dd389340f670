/* gofer-conversation-transfer.c: one file or folder sent inside a conversation
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/protocol-extensions.md, section 6. A transfer makes one or more
 * attempts, each a transit connection with its own key (record nonces start
 * at zero on every connection, so no key may serve two). The offering side
 * is the transit sender. This file holds the state, the public API and what
 * both sides do for an attempt; -send.c and -receive.c the rest.
 */

#include "config.h"

#include "gofer-conversation-transfer-private.h"

#include <glib/gi18n-lib.h>

#include "gofer-conversation-private.h"
#include "gofer-error.h"
#include "gofer-text.h"
#include "gofer-transfer-private.h"
#include "gofer-transit-hints.h"

G_DEFINE_FINAL_TYPE (GoferConversationTransfer, gofer_conversation_transfer, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (GoferConversationTransferDirection, gofer_conversation_transfer_direction,
                    G_DEFINE_ENUM_VALUE (GOFER_CONVERSATION_TRANSFER_OUTGOING, "outgoing"),
                    G_DEFINE_ENUM_VALUE (GOFER_CONVERSATION_TRANSFER_INCOMING, "incoming"))

G_DEFINE_ENUM_TYPE (GoferConversationTransferState, gofer_conversation_transfer_state,
                    G_DEFINE_ENUM_VALUE (GOFER_CONVERSATION_TRANSFER_PREPARING, "preparing"),
                    G_DEFINE_ENUM_VALUE (GOFER_CONVERSATION_TRANSFER_OFFERED, "offered"),
                    G_DEFINE_ENUM_VALUE (GOFER_CONVERSATION_TRANSFER_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (GOFER_CONVERSATION_TRANSFER_TRANSFERRING, "transferring"),
                    G_DEFINE_ENUM_VALUE (GOFER_CONVERSATION_TRANSFER_INTERRUPTED, "interrupted"),
                    G_DEFINE_ENUM_VALUE (GOFER_CONVERSATION_TRANSFER_FINISHING, "finishing"),
                    G_DEFINE_ENUM_VALUE (GOFER_CONVERSATION_TRANSFER_DONE, "done"),
                    G_DEFINE_ENUM_VALUE (GOFER_CONVERSATION_TRANSFER_DECLINED, "declined"),
                    G_DEFINE_ENUM_VALUE (GOFER_CONVERSATION_TRANSFER_CANCELLED, "cancelled"),
                    G_DEFINE_ENUM_VALUE (GOFER_CONVERSATION_TRANSFER_FAILED, "failed"))

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

enum {
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* --- state --- */

void
_gofer_conversation_transfer_set_state (GoferConversationTransfer      *self,
                                        GoferConversationTransferState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_gofer_conversation_transfer_emit_progress (GoferConversationTransfer *self,
                                            guint64                    done,
                                            guint64                    total)
{
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, done, total);
}

void
_gofer_conversation_transfer_tell (GoferConversationTransfer *self,
                                   const char                *key,
                                   JsonObject                *body,
                                   gboolean                   with_role)
{
  gboolean mine = self->direction == GOFER_CONVERSATION_TRANSFER_OUTGOING;

  if (self->conversation == NULL)
    return;
  json_object_set_int_member (body, "transfer", (gint64)self->id);
  if (with_role)
    json_object_set_string_member (body, "role", mine ? "sender" : "receiver");
  _gofer_conversation_send_message (self->conversation, key, body);
}

void
_gofer_conversation_transfer_protocol_error (GoferConversationTransfer *self)
{
  if (self->conversation != NULL)
    _gofer_conversation_protocol_error (self->conversation);
}

char *
_gofer_conversation_transfer_dup_name (GoferConversationTransfer *self)
{
  if (self->offer == NULL)
    {
      g_autofree char *name = g_file_get_basename (g_ptr_array_index (self->files, 0));

      return g_filename_display_name (name);
    }
  return gofer_text_printable (gofer_offer_get_name (self->offer), 200);
}

static void
tell_cancel (GoferConversationTransfer *self)
{
  g_autoptr(JsonObject) body = json_object_new ();

  if (self->announced)
    _gofer_conversation_transfer_tell (self, "gofer-cancel", body, TRUE);
}

void
_gofer_conversation_transfer_finish (GoferConversationTransfer      *self,
                                     GoferConversationTransferState  state,
                                     GError                         *error,
                                     gboolean                        tell_peer)
{
  if (gofer_conversation_transfer_is_finished (self))
    {
      g_clear_error (&error);
      return;
    }
  if (tell_peer)
    tell_cancel (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->error = error;
  if (state == GOFER_CONVERSATION_TRANSFER_DONE)
    self->done = gofer_offer_get_size (self->offer);
  else
    {
      /* Disk work of a successful transfer must finish; anything else stops. */
      g_cancellable_cancel (self->cancellable);
      _gofer_conversation_transfer_end_attempt (self);
    }
  g_debug ("transfer %s %" G_GUINT64_FORMAT ": %s",
           self->direction == GOFER_CONVERSATION_TRANSFER_OUTGOING ? "out" : "in", self->id,
           error != NULL ? error->message : "done");
  _gofer_conversation_transfer_set_state (self, state);
  _gofer_conversation_transfer_idle (self);
}

void
_gofer_conversation_transfer_idle (GoferConversationTransfer *self)
{
  if (self->busy)
    return;
  if (gofer_conversation_transfer_is_finished (self))
    {
      /* An unfinished .part is deleted (in a worker thread); a zipped folder too. */
      if (self->state != GOFER_CONVERSATION_TRANSFER_DONE)
        g_clear_object (&self->part);
      g_clear_pointer (&self->archive, gofer_archive_free);
    }
  if (self->direction == GOFER_CONVERSATION_TRANSFER_INCOMING)
    _gofer_conversation_transfer_receive_pending (self);
}

gboolean
_gofer_conversation_transfer_is_interruption (const GError *error)
{
  if (error->domain == GOFER_ERROR)
    return error->code == GOFER_ERROR_TRANSIT || error->code == GOFER_ERROR_PEER_GONE ||
           error->code == GOFER_ERROR_TIMEOUT;
  if (error->domain != G_IO_ERROR)
    return FALSE;
  switch (error->code)
    {
    case G_IO_ERROR_CANCELLED:       /* a newer attempt took over */
    case G_IO_ERROR_CLOSED:
    case G_IO_ERROR_BROKEN_PIPE:
    case G_IO_ERROR_CONNECTION_REFUSED:
    case G_IO_ERROR_TIMED_OUT:
    case G_IO_ERROR_NOT_CONNECTED:
    case G_IO_ERROR_NETWORK_UNREACHABLE:
    case G_IO_ERROR_HOST_UNREACHABLE:
    case G_IO_ERROR_FAILED:
      return TRUE;
    default:
      return FALSE;
    }
}

void
_gofer_conversation_transfer_handle_cancel (GoferConversationTransfer *self)
{
  g_autofree char *name = _gofer_conversation_transfer_dup_name (self);

  _gofer_conversation_transfer_finish (self, GOFER_CONVERSATION_TRANSFER_CANCELLED,
                                       g_error_new (GOFER_ERROR, GOFER_ERROR_REJECTED,
                                                    /* Translators: %s is a file name */
                                                    _("The other side stopped the transfer of “%s”."),
                                                    name),
                                       FALSE);
}

/* --- attempts --- */

GoferTransferAttempt *
_gofer_transfer_attempt_ref (GoferTransferAttempt *attempt)
{
  g_atomic_ref_count_inc (&attempt->ref);
  return attempt;
}

void
_gofer_transfer_attempt_unref (GoferTransferAttempt *attempt)
{
  if (!g_atomic_ref_count_dec (&attempt->ref))
    return;
  g_clear_object (&attempt->records);
  g_clear_object (&attempt->transit);
  g_clear_object (&attempt->sink);
  g_clear_object (&attempt->hash);
  g_clear_pointer (&attempt->peer_hints, g_ptr_array_unref);
  g_clear_object (&attempt->cancellable);
  g_clear_object (&attempt->transfer);
  g_free (attempt);
}

gboolean
_gofer_transfer_attempt_is_current (GoferTransferAttempt *attempt)
{
  return attempt->transfer->attempt == attempt;
}

/* derive_key(shared, "gofer:transfer:" + offerer side + ":" + transfer + ":" + attempt) */
static GoferKey *
derive_attempt_key (GoferConversationTransfer *self,
                    guint                      number)
{
  g_autofree char *purpose = g_strdup_printf ("gofer:transfer:%s:%" G_GUINT64_FORMAT ":%u",
                                              self->offerer_side, self->id, number);

  return gofer_derive_key_str (gofer_wormhole_get_key (self->wormhole), purpose);
}

GoferTransferAttempt *
_gofer_conversation_transfer_begin_attempt (GoferConversationTransfer  *self,
                                            guint                       number,
                                            GError                    **error)
{
  gboolean sender = self->direction == GOFER_CONVERSATION_TRANSFER_OUTGOING;
  g_autoptr(GoferKey) key = derive_attempt_key (self, number);
  GoferTransferAttempt *attempt;
  GoferTransit *transit;

  transit = _gofer_transfer_new_transit_with_key (key, sender ? GOFER_TRANSIT_ROLE_SENDER
                                                              : GOFER_TRANSIT_ROLE_RECEIVER,
                                                  self->transit_helper, self->listen, error);
  if (transit == NULL)
    return NULL;

  _gofer_conversation_transfer_end_attempt (self);
  attempt = g_new0 (GoferTransferAttempt, 1);
  g_atomic_ref_count_init (&attempt->ref);
  attempt->transfer = g_object_ref (self);
  attempt->number = number;
  attempt->cancellable = g_cancellable_new ();
  attempt->transit = transit;
  self->attempt = attempt;
  return attempt;
}

void
_gofer_transfer_attempt_set_offset (GoferTransferAttempt *attempt,
                              guint64          offset)
{
  GoferConversationTransfer *self = attempt->transfer;

  attempt->offset = offset;
  if (offset > 0 && attempt->hash == NULL)
    attempt->hash = gofer_hash_converter_new ();
  if (attempt->number > 0 && !attempt->verify_only)
    {
      self->resumes++;
      self->resume_offset = offset;
    }
}

void
_gofer_conversation_transfer_end_attempt (GoferConversationTransfer *self)
{
  GoferTransferAttempt *attempt = g_steal_pointer (&self->attempt);

  if (attempt == NULL)
    return;
  self->transmitted += attempt->moved;
  g_cancellable_cancel (attempt->cancellable);
  if (attempt->records != NULL)
    gofer_record_stream_close (attempt->records);
  gofer_transit_close (attempt->transit);
  _gofer_transfer_attempt_unref (attempt);
}

void
_gofer_transfer_attempt_take_hash (GoferTransferAttempt *attempt,
                             char            *pump_sha256)
{
  GoferConversationTransfer *self = attempt->transfer;

  g_free (self->sha256);
  if (attempt->hash == NULL)
    self->sha256 = pump_sha256;
  else
    {
      g_free (pump_sha256);
      self->sha256 = gofer_hash_converter_get_hex (attempt->hash);
    }
}

void
_gofer_conversation_transfer_attempt_progress (guint64  done,
                                               guint64  total,
                                               gpointer user_data)
{
  GoferTransferAttempt *attempt = user_data;
  GoferConversationTransfer *self = attempt->transfer;

  if (!_gofer_transfer_attempt_is_current (attempt) || attempt->verify_only)
    return;
  attempt->moved = done;
  self->done = attempt->offset + done;
  _gofer_conversation_transfer_emit_progress (self, self->done, gofer_offer_get_size (self->offer));
}

void
_gofer_conversation_transfer_attempt_failed (GoferTransferAttempt *attempt,
                                             GError          *error)
{
  if (!_gofer_transfer_attempt_is_current (attempt))
    {
      g_clear_error (&error);
      return;
    }
  g_debug ("transfer %" G_GUINT64_FORMAT ", attempt %u: %s", attempt->transfer->id,
           attempt->number, error->message);
  if (attempt->transfer->direction == GOFER_CONVERSATION_TRANSFER_OUTGOING)
    _gofer_conversation_transfer_send_failed (attempt, error);
  else
    _gofer_conversation_transfer_receive_failed (attempt, error);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GoferTransferAttempt) attempt = user_data;
  g_autofree char *who = NULL;
  GError *error = NULL;
  GoferRecordStream *records = gofer_transit_connect_finish (GOFER_TRANSIT (source), result, &error);

  if (records == NULL)
    {
      _gofer_conversation_transfer_attempt_failed (attempt, error);
      return;
    }
  attempt->records = records;
  if (!_gofer_transfer_attempt_is_current (attempt))
    {
      gofer_record_stream_close (records);
      return;
    }
  /* A dead connection that keeps its sockets shows as no progress. */
  gofer_record_stream_set_idle_timeout (records, attempt->transfer->idle_timeout);
  who = g_strdup_printf ("transfer %" G_GUINT64_FORMAT ", attempt %u", attempt->transfer->id,
                         attempt->number);
  _gofer_transfer_configure_records (records, attempt->transfer->wormhole, FALSE, who);
  if (attempt->transfer->direction == GOFER_CONVERSATION_TRANSFER_OUTGOING)
    _gofer_conversation_transfer_send_connected (attempt);
  else
    _gofer_conversation_transfer_receive_connected (attempt);
}

/* Both our hints went out and the peer's arrived: race the connections. */
static void
maybe_connect (GoferTransferAttempt *attempt)
{
  if (!attempt->prepared || attempt->peer_hints == NULL || attempt->records != NULL)
    return;
  gofer_transit_connect_async (attempt->transit, attempt->peer_hints, attempt->cancellable,
                               connected_cb, _gofer_transfer_attempt_ref (attempt));
}

typedef struct
{
  GoferTransferAttempt  *attempt;
  void            (*then) (GoferTransferAttempt *attempt);
} PrepareData;

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autofree PrepareData *data = user_data;
  g_autoptr(GoferTransferAttempt) attempt = data->attempt;
  g_autoptr(JsonObject) body = json_object_new ();
  GError *error = NULL;

  if (!gofer_transit_prepare_finish (GOFER_TRANSIT (source), result, &error))
    {
      _gofer_conversation_transfer_attempt_failed (attempt, error);
      return;
    }
  if (!_gofer_transfer_attempt_is_current (attempt))
    return;
  json_object_set_int_member (body, "attempt", attempt->number);
  json_object_set_member (body, "hints-v1",
                          gofer_transit_hints_serialize (gofer_transit_get_hints (attempt->transit)));
  _gofer_conversation_transfer_tell (attempt->transfer, "gofer-transit", body, TRUE);
  attempt->prepared = TRUE;
  if (data->then != NULL)
    data->then (attempt);
  if (_gofer_transfer_attempt_is_current (attempt))
    maybe_connect (attempt);
}

void
_gofer_conversation_transfer_prepare_transit (GoferTransferAttempt  *attempt,
                                              void            (*then) (GoferTransferAttempt *attempt))
{
  PrepareData *data = g_new0 (PrepareData, 1);

  data->attempt = _gofer_transfer_attempt_ref (attempt);
  data->then = then;
  gofer_transit_prepare_async (attempt->transit, attempt->cancellable, prepared_cb, data);
}

void
_gofer_conversation_transfer_handle_transit (GoferConversationTransfer *self,
                                             guint                      number,
                                             GPtrArray                 *hints)
{
  GoferTransferAttempt *attempt = self->attempt;

  /* A late message of an attempt given up. */
  if (attempt == NULL || attempt->number != number || attempt->peer_hints != NULL)
    return;
  attempt->peer_hints = g_ptr_array_ref (hints);
  maybe_connect (attempt);
}

/* --- public API --- */

GoferConversationTransferDirection
gofer_conversation_transfer_get_direction (GoferConversationTransfer *self)
{
  g_return_val_if_fail (GOFER_IS_CONVERSATION_TRANSFER (self), 0);
  return self->direction;
}

guint64
gofer_conversation_transfer_get_id (GoferConversationTransfer *self)
{
  g_return_val_if_fail (GOFER_IS_CONVERSATION_TRANSFER (self), 0);
  return self->id;
}

GoferOffer *
gofer_conversation_transfer_get_offer (GoferConversationTransfer *self)
{
  g_return_val_if_fail (GOFER_IS_CONVERSATION_TRANSFER (self), NULL);
  return self->offer;
}

GoferConversationTransferState
gofer_conversation_transfer_get_state (GoferConversationTransfer *self)
{
  g_return_val_if_fail (GOFER_IS_CONVERSATION_TRANSFER (self), GOFER_CONVERSATION_TRANSFER_FAILED);
  return self->state;
}

gboolean
gofer_conversation_transfer_is_finished (GoferConversationTransfer *self)
{
  g_return_val_if_fail (GOFER_IS_CONVERSATION_TRANSFER (self), TRUE);
  return self->state >= GOFER_CONVERSATION_TRANSFER_DONE;
}

const GError *
gofer_conversation_transfer_get_error (GoferConversationTransfer *self)
{
  g_return_val_if_fail (GOFER_IS_CONVERSATION_TRANSFER (self), NULL);
  return self->error;
}

GFile *
gofer_conversation_transfer_get_file (GoferConversationTransfer *self)
{
  g_return_val_if_fail (GOFER_IS_CONVERSATION_TRANSFER (self), NULL);

  if (self->direction == GOFER_CONVERSATION_TRANSFER_OUTGOING)
    return self->files->len > 0 ? g_ptr_array_index (self->files, 0) : NULL;
  return self->received;
}

guint64
gofer_conversation_transfer_get_bytes_done (GoferConversationTransfer *self)
{
  g_return_val_if_fail (GOFER_IS_CONVERSATION_TRANSFER (self), 0);
  return self->done;
}

guint64
gofer_conversation_transfer_get_bytes_total (GoferConversationTransfer *self)
{
  g_return_val_if_fail (GOFER_IS_CONVERSATION_TRANSFER (self), 0);
  return self->offer != NULL ? gofer_offer_get_size (self->offer) : 0;
}

guint64
gofer_conversation_transfer_get_transmitted (GoferConversationTransfer *self)
{
  g_return_val_if_fail (GOFER_IS_CONVERSATION_TRANSFER (self), 0);
  return self->transmitted + (self->attempt != NULL ? self->attempt->moved : 0);
}

guint
gofer_conversation_transfer_get_resumes (GoferConversationTransfer *self)
{
  g_return_val_if_fail (GOFER_IS_CONVERSATION_TRANSFER (self), 0);
  return self->resumes;
}

guint64
gofer_conversation_transfer_get_resume_offset (GoferConversationTransfer *self)
{
  g_return_val_if_fail (GOFER_IS_CONVERSATION_TRANSFER (self), 0);
  return self->resume_offset;
}

void
gofer_conversation_transfer_accept (GoferConversationTransfer *self,
                                    GFile                     *folder)
{
  g_return_if_fail (GOFER_IS_CONVERSATION_TRANSFER (self));
  g_return_if_fail (G_IS_FILE (folder));
  g_return_if_fail (self->direction == GOFER_CONVERSATION_TRANSFER_INCOMING);

  if (self->state != GOFER_CONVERSATION_TRANSFER_OFFERED)
    return;
  _gofer_conversation_transfer_receive_accept (self, folder);
}

void
gofer_conversation_transfer_decline (GoferConversationTransfer *self)
{
  g_return_if_fail (GOFER_IS_CONVERSATION_TRANSFER (self));
  g_return_if_fail (self->direction == GOFER_CONVERSATION_TRANSFER_INCOMING);

  if (self->state != GOFER_CONVERSATION_TRANSFER_OFFERED)
    return;
  _gofer_conversation_transfer_receive_decline (self);
}

void
gofer_conversation_transfer_cancel (GoferConversationTransfer *self)
{
  g_return_if_fail (GOFER_IS_CONVERSATION_TRANSFER (self));

  _gofer_conversation_transfer_finish (self, GOFER_CONVERSATION_TRANSFER_CANCELLED,
                                       _gofer_transfer_cancelled_error (), TRUE);
}

/* --- object --- */

GoferConversationTransfer *
_gofer_conversation_transfer_new (GoferConversation                  *conversation,
                                  GoferConversationTransferDirection  direction,
                                  guint64                             id)
{
  GoferConversationTransfer *self = g_object_new (GOFER_TYPE_CONVERSATION_TRANSFER, NULL);
  GoferWormhole *wormhole = gofer_conversation_get_wormhole (conversation);

  self->conversation = conversation;
  g_object_add_weak_pointer (G_OBJECT (conversation), (gpointer *)&self->conversation);
  self->wormhole = g_object_ref (wormhole);
  self->direction = direction;
  self->id = id;
  self->offerer_side = g_strdup (direction == GOFER_CONVERSATION_TRANSFER_OUTGOING
                                 ? gofer_wormhole_get_side (wormhole)
                                 : gofer_wormhole_get_peer_side (wormhole));
  self->transit_helper = g_strdup (conversation->transit_helper);
  self->listen = conversation->listen;
  self->idle_timeout = conversation->idle_timeout;
  return self;
}

static void
gofer_conversation_transfer_dispose (GObject *object)
{
  GoferConversationTransfer *self = GOFER_CONVERSATION_TRANSFER (object);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->conversation != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->conversation), (gpointer *)&self->conversation);
  self->conversation = NULL;
  g_cancellable_cancel (self->cancellable);
  _gofer_conversation_transfer_end_attempt (self);
  g_clear_object (&self->part);
  g_clear_pointer (&self->archive, gofer_archive_free);
  g_clear_object (&self->payload);
  g_clear_object (&self->offer);
  g_clear_object (&self->wormhole);

  G_OBJECT_CLASS (gofer_conversation_transfer_parent_class)->dispose (object);
}

static void
gofer_conversation_transfer_finalize (GObject *object)
{
  GoferConversationTransfer *self = GOFER_CONVERSATION_TRANSFER (object);

  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_object (&self->folder);
  g_clear_object (&self->received);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_free (self->offerer_side);
  g_free (self->transit_helper);
  g_free (self->sha256);

  G_OBJECT_CLASS (gofer_conversation_transfer_parent_class)->finalize (object);
}

static void
gofer_conversation_transfer_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  GoferConversationTransfer *self = GOFER_CONVERSATION_TRANSFER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gofer_conversation_transfer_class_init (GoferConversationTransferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_conversation_transfer_dispose;
  object_class->finalize = gofer_conversation_transfer_finalize;
  object_class->get_property = gofer_conversation_transfer_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, GOFER_TYPE_CONVERSATION_TRANSFER_STATE,
                       GOFER_CONVERSATION_TRANSFER_PREPARING,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
gofer_conversation_transfer_init (GoferConversationTransfer *self)
{
  self->cancellable = g_cancellable_new ();
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
}
