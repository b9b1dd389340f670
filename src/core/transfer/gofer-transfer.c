/* gofer-transfer.c: what sending and receiving one offer have in common
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GoferSender and GoferReceiver share the transit settings, the connection
 * and its record stream, the stage, progress, and one subtle rule: when the
 * transit connection breaks, the peer usually says why a moment later
 * through the mailbox ({"error": "transfer cancelled"}), because the
 * mailbox travels a slower path than the socket's end. So a broken
 * connection waits a short grace period for that explanation before it
 * reports itself.
 */

#include "config.h"

#include "gofer-transfer.h"

#include <glib/gi18n-lib.h>

#include "gofer-error.h"
#include "gofer-resume.h"
#include "gofer-transfer-private.h"
#include "gofer-transit-hints.h"

/* Long enough for a mailbox message to follow a socket's close through the
 * server, short enough that nobody waits for an error. */
#define PEER_EXPLANATION_GRACE_MS 1500

typedef struct
{
  GoferWormhole      *wormhole;
  char               *transit_helper;
  gboolean            listen;
  guint               idle_timeout;
  gboolean            background;

  GCancellable       *cancellable;      /* internal: cancels transit and disk work */
  gulong              cancel_id;
  GoferTransit       *transit;
  GPtrArray          *peer_hints;
  GoferRecordStream  *records;
  GoferTransferStage  stage;

  GError             *peer_left;        /* the peer's goodbye, while idle */
  GError             *pending_error;    /* a broken connection, in its grace period */
  guint               grace_id;
  guint64             resume_offset;    /* bytes kept from an earlier transfer */
} GoferTransferPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (GoferTransfer, gofer_transfer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STAGE,
  N_PROPS
};

enum {
  SIGNAL_PROGRESS,
  SIGNAL_PEER_LEFT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* --- public --- */

void
gofer_transfer_set_transit_helper (GoferTransfer *self,
                                   const char    *hint)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  g_return_if_fail (GOFER_IS_TRANSFER (self));

  g_free (priv->transit_helper);
  priv->transit_helper = g_strdup (hint);
}

void
gofer_transfer_set_listen (GoferTransfer *self,
                           gboolean       listen)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  g_return_if_fail (GOFER_IS_TRANSFER (self));
  priv->listen = !!listen;
}

void
gofer_transfer_set_idle_timeout (GoferTransfer *self,
                                 guint          seconds)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  g_return_if_fail (GOFER_IS_TRANSFER (self));

  priv->idle_timeout = seconds;
  if (priv->records != NULL)
    gofer_record_stream_set_idle_timeout (priv->records, seconds);
}

void
gofer_transfer_set_background (GoferTransfer *self,
                               gboolean       background)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  g_return_if_fail (GOFER_IS_TRANSFER (self));
  priv->background = !!background;
}

const char *
gofer_transfer_get_route (GoferTransfer *self)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  g_return_val_if_fail (GOFER_IS_TRANSFER (self), NULL);

  if (priv->records == NULL)
    return NULL;
  return gofer_record_stream_get_description (priv->records);
}

GoferTransferStage
gofer_transfer_get_stage (GoferTransfer *self)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  g_return_val_if_fail (GOFER_IS_TRANSFER (self), GOFER_TRANSFER_STAGE_WAITING);
  return priv->stage;
}

GoferWormhole *
gofer_transfer_get_wormhole (GoferTransfer *self)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  g_return_val_if_fail (GOFER_IS_TRANSFER (self), NULL);
  return priv->wormhole;
}

/* --- for GoferSender and GoferReceiver --- */

void
_gofer_transfer_set_wormhole (GoferTransfer *self,
                              GoferWormhole *wormhole)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  g_set_object (&priv->wormhole, wormhole);
  if (gofer_record_cipher_aes_is_fast ())
    gofer_wormhole_add_feature (wormhole, GOFER_FEATURE_TRANSIT_AES256GCM);
  gofer_wormhole_add_feature (wormhole, GOFER_FEATURE_TRANSIT_BARE_ACK);
  gofer_wormhole_add_feature (wormhole, GOFER_FEATURE_RESUME);
}

void
_gofer_transfer_set_resume_offset (GoferTransfer *self,
                                   guint64        offset)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  priv->resume_offset = offset;
}

guint64
gofer_transfer_get_resume_offset (GoferTransfer *self)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  g_return_val_if_fail (GOFER_IS_TRANSFER (self), 0);
  return priv->resume_offset;
}

void
_gofer_transfer_set_stage (GoferTransfer      *self,
                           GoferTransferStage  stage)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  if (priv->stage == stage)
    return;
  priv->stage = stage;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
}

void
_gofer_transfer_progress_cb (guint64  done,
                             guint64  total,
                             gpointer self)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  /* The stream counts what crosses now; the file already holds the rest. */
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, priv->resume_offset + done,
                 priv->resume_offset + total);
}

GCancellable *
_gofer_transfer_get_cancellable (GoferTransfer *self)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  return priv->cancellable;
}

void
_gofer_transfer_watch_task (GoferTransfer *self,
                            GTask         *task,
                            void         (*cancelled) (GObject *object))
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  /* A cancelled run returns its own, translated error. */
  g_task_set_check_cancellable (task, FALSE);
  priv->cancel_id = _gofer_transfer_watch_cancel (g_task_get_cancellable (task),
                                                  G_OBJECT (self), cancelled);
}

void
_gofer_transfer_unwatch_task (GoferTransfer *self,
                              GTask         *task)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  g_cancellable_disconnect (g_task_get_cancellable (task), priv->cancel_id);
  priv->cancel_id = 0;
}

/* Stops the transit work of a task that ends: no more cancel callbacks, no
 * more bytes, no grace period. */
void
_gofer_transfer_stop (GoferTransfer *self,
                      GTask         *task)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  _gofer_transfer_unwatch_task (self, task);
  g_clear_handle_id (&priv->grace_id, g_source_remove);
  g_clear_error (&priv->pending_error);
  g_cancellable_cancel (priv->cancellable);
  if (priv->records != NULL)
    gofer_record_stream_close (priv->records);
  if (priv->transit != NULL)
    gofer_transit_close (priv->transit);
}

GoferTransit *
_gofer_transfer_ensure_transit (GoferTransfer     *self,
                                GoferTransitRole   role,
                                GError           **error)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  if (priv->transit == NULL)
    priv->transit = _gofer_transfer_new_transit (priv->wormhole, role, priv->transit_helper,
                                                 priv->listen, error);
  return priv->transit;
}

GoferTransit *
_gofer_transfer_get_transit (GoferTransfer *self)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  return priv->transit;
}

void
_gofer_transfer_set_peer_hints (GoferTransfer *self,
                                JsonObject    *message)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  g_clear_pointer (&priv->peer_hints, g_ptr_array_unref);
  priv->peer_hints = gofer_transit_message_parse (json_object_get_member (message, "transit"));
}

void
_gofer_transfer_connect_async (GoferTransfer       *self,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  _gofer_transfer_set_stage (self, GOFER_TRANSFER_STAGE_CONNECTING);
  gofer_transit_connect_async (priv->transit, priv->peer_hints, priv->cancellable,
                               callback, user_data);
}

GoferRecordStream *
_gofer_transfer_connect_finish (GoferTransfer  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  priv->records = gofer_transit_connect_finish (priv->transit, result, error);
  if (priv->records == NULL)
    return NULL;
  gofer_record_stream_set_idle_timeout (priv->records, priv->idle_timeout);
  gofer_record_stream_set_background (priv->records, priv->background);
  _gofer_transfer_configure_records (priv->records, priv->wormhole, TRUE, G_OBJECT_TYPE_NAME (self));
  _gofer_transfer_set_stage (self, GOFER_TRANSFER_STAGE_TRANSFERRING);
  return priv->records;
}

GoferRecordStream *
_gofer_transfer_get_records (GoferTransfer *self)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  return priv->records;
}

guint
_gofer_transfer_get_idle_timeout (GoferTransfer *self)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  return priv->idle_timeout;
}

static gboolean
grace_over_cb (gpointer data)
{
  GoferTransfer *self = data;
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  priv->grace_id = 0;
  GOFER_TRANSFER_GET_CLASS (self)->fail (self, g_steal_pointer (&priv->pending_error));
  return G_SOURCE_REMOVE;
}

/* A broken connection through a relay says nothing about who broke it. */
static GError *
explain_broken_connection (GoferTransfer *self,
                           GError        *error)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);
  const char *route;

  if (priv->records == NULL || !gofer_record_stream_is_relayed (priv->records))
    return error;
  route = gofer_record_stream_get_description (priv->records);
  g_clear_error (&error);
  return g_error_new (GOFER_ERROR, GOFER_ERROR_TRANSIT,
                      /* Translators: %s is "relay HOST:PORT" */
                      _("The connection through the transit %s broke before the transfer "
                        "finished: the relay stopped, or the other computer went offline. "
                        "Try the transfer again."),
                      route);
}

void
_gofer_transfer_transit_failed (GoferTransfer *self,
                                GError        *error)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  if (!g_error_matches (error, GOFER_ERROR, GOFER_ERROR_PEER_GONE)
      && !g_error_matches (error, GOFER_ERROR, GOFER_ERROR_TRANSIT))
    {
      GOFER_TRANSFER_GET_CLASS (self)->fail (self, error);
      return;
    }
  if (priv->grace_id != 0)
    {
      g_error_free (error);
      return;
    }
  if (priv->records != NULL)
    gofer_record_stream_close (priv->records);
  priv->pending_error = explain_broken_connection (self, error);
  priv->grace_id = g_timeout_add_full (G_PRIORITY_DEFAULT, PEER_EXPLANATION_GRACE_MS,
                                       grace_over_cb, g_object_ref (self), g_object_unref);
}

void
_gofer_transfer_peer_failed (GoferTransfer *self,
                             GError        *error)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  g_clear_handle_id (&priv->grace_id, g_source_remove);
  g_clear_error (&priv->pending_error);
  GOFER_TRANSFER_GET_CLASS (self)->fail (self, error);
}

void
_gofer_transfer_peer_left (GoferTransfer *self,
                           GError        *error)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  if (priv->peer_left != NULL)
    {
      g_error_free (error);
      return;
    }
  priv->peer_left = error;
  g_signal_emit (self, signals[SIGNAL_PEER_LEFT], 0, error);
}

const GError *
_gofer_transfer_get_peer_left (GoferTransfer *self)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  return priv->peer_left;
}

/* --- GObject --- */

static void
gofer_transfer_dispose (GObject *object)
{
  GoferTransfer *self = GOFER_TRANSFER (object);
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  g_clear_handle_id (&priv->grace_id, g_source_remove);
  g_clear_object (&priv->records);
  g_clear_object (&priv->transit);
  g_clear_object (&priv->wormhole);

  G_OBJECT_CLASS (gofer_transfer_parent_class)->dispose (object);
}

static void
gofer_transfer_finalize (GObject *object)
{
  GoferTransfer *self = GOFER_TRANSFER (object);
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  g_clear_object (&priv->cancellable);
  g_clear_pointer (&priv->peer_hints, g_ptr_array_unref);
  g_clear_error (&priv->peer_left);
  g_clear_error (&priv->pending_error);
  g_free (priv->transit_helper);

  G_OBJECT_CLASS (gofer_transfer_parent_class)->finalize (object);
}

static void
gofer_transfer_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GoferTransfer *self = GOFER_TRANSFER (object);

  switch (prop_id)
    {
    case PROP_STAGE:
      g_value_set_enum (value, gofer_transfer_get_stage (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gofer_transfer_class_init (GoferTransferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_transfer_dispose;
  object_class->finalize = gofer_transfer_finalize;
  object_class->get_property = gofer_transfer_get_property;

  properties[PROP_STAGE] =
    g_param_spec_enum ("stage", NULL, NULL, GOFER_TYPE_TRANSFER_STAGE,
                       GOFER_TRANSFER_STAGE_WAITING,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
  signals[SIGNAL_PEER_LEFT] =
    g_signal_new ("peer-left", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
gofer_transfer_init (GoferTransfer *self)
{
  GoferTransferPrivate *priv = gofer_transfer_get_instance_private (self);

  priv->transit_helper = g_strdup (GOFER_DEFAULT_TRANSIT_HELPER);
  priv->listen = TRUE;
  priv->idle_timeout = GOFER_TRANSFER_DEFAULT_IDLE_TIMEOUT;
  priv->cancellable = g_cancellable_new ();
  priv->stage = GOFER_TRANSFER_STAGE_WAITING;
}
