/* gofer-receiver.c: receives one offer over a wormhole
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-receiver.h"

#include <glib/gi18n-lib.h>

#include "gofer-app-message.h"
#include "gofer-error.h"
#include "gofer-wormhole-private.h"

struct _GoferReceiver
{
  GObject        parent_instance;

  GoferWormhole *wormhole;
  GoferOffer    *offer;
  JsonObject    *peer_transit;
  GTask         *offer_task;
};

G_DEFINE_FINAL_TYPE (GoferReceiver, gofer_receiver, G_TYPE_OBJECT)

static void receive_next (GoferReceiver *self);

/* A failed wait closes the wormhole: nothing more can happen on it. */
static void
fail_offer (GoferReceiver *self,
            GError        *error)
{
  GTask *task = g_steal_pointer (&self->offer_task);

  _gofer_wormhole_close_and_return (self->wormhole, task, error);
}

static void
handle_offer (GoferReceiver *self,
              JsonObject    *message)
{
  JsonObject *body = json_object_get_object_member (message, "offer");
  GError *error = NULL;
  g_autoptr(GTask) task = NULL;

  if (body == NULL || (self->offer = gofer_offer_new_from_json (body, &error)) == NULL)
    {
      g_autoptr(JsonNode) reply = gofer_app_message_new_error ("unknown offer type");

      gofer_wormhole_send_json (self->wormhole, reply);
      if (error == NULL)
        error = g_error_new_literal (GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                                     _("The other side made an offer Gofer cannot read."));
      fail_offer (self, error);
      return;
    }

  task = g_steal_pointer (&self->offer_task);
  g_task_return_pointer (task, g_object_ref (self->offer), g_object_unref);
}

static void
receive_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GoferReceiver) self = user_data;
  GError *error = NULL;
  g_autoptr(JsonObject) message = gofer_wormhole_receive_json_finish (self->wormhole, result, &error);

  if (message == NULL)
    {
      fail_offer (self, error);
      return;
    }

  switch (gofer_app_message_classify (message))
    {
    case GOFER_APP_MESSAGE_OFFER:
      handle_offer (self, message);
      break;

    case GOFER_APP_MESSAGE_ERROR:
      fail_offer (self, gofer_app_message_peer_error (message));
      break;

    case GOFER_APP_MESSAGE_TRANSIT:
      g_clear_pointer (&self->peer_transit, json_object_unref);
      self->peer_transit = json_object_ref (message);
      receive_next (self);
      break;

    case GOFER_APP_MESSAGE_ANSWER:
    case GOFER_APP_MESSAGE_UNKNOWN:
    default:
      receive_next (self);
      break;
    }
}

static void
receive_next (GoferReceiver *self)
{
  gofer_wormhole_receive_async (self->wormhole, NULL, receive_cb, g_object_ref (self));
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
  receive_next (self);
}

GoferOffer *
gofer_receiver_wait_for_offer_finish (GoferReceiver  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
answer_and_close (GoferReceiver       *self,
                  JsonNode            *answer,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  gofer_wormhole_send_json (self->wormhole, answer);
  _gofer_wormhole_close_and_return (self->wormhole, task, NULL);
}

void
gofer_receiver_accept_async (GoferReceiver       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonNode) answer = NULL;

  g_return_if_fail (GOFER_IS_RECEIVER (self));
  g_return_if_fail (self->offer != NULL);
  g_return_if_fail (gofer_offer_get_kind (self->offer) == GOFER_OFFER_TEXT);

  answer = gofer_app_message_new_answer ("message_ack");
  answer_and_close (self, answer, gofer_receiver_accept_async, cancellable, callback, user_data);
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

  g_return_if_fail (GOFER_IS_RECEIVER (self));

  answer = gofer_app_message_new_error ("transfer rejected");
  answer_and_close (self, answer, gofer_receiver_decline_async, cancellable, callback, user_data);
}

gboolean
gofer_receiver_decline_finish (GoferReceiver  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

GoferReceiver *
gofer_receiver_new (GoferWormhole *wormhole)
{
  GoferReceiver *self;

  g_return_val_if_fail (GOFER_IS_WORMHOLE (wormhole), NULL);

  self = g_object_new (GOFER_TYPE_RECEIVER, NULL);
  self->wormhole = g_object_ref (wormhole);
  return self;
}

static void
gofer_receiver_dispose (GObject *object)
{
  GoferReceiver *self = GOFER_RECEIVER (object);

  g_clear_object (&self->wormhole);
  g_clear_object (&self->offer);
  g_clear_pointer (&self->peer_transit, json_object_unref);

  G_OBJECT_CLASS (gofer_receiver_parent_class)->dispose (object);
}

static void
gofer_receiver_class_init (GoferReceiverClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gofer_receiver_dispose;
}

static void
gofer_receiver_init (GoferReceiver *self)
{
}
