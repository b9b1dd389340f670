/* gofer-sender.c: sends one offer over a wormhole
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-sender.h"

#include <glib/gi18n-lib.h>

#include "gofer-app-message.h"
#include "gofer-error.h"
#include "gofer-wormhole-private.h"

struct _GoferSender
{
  GObject        parent_instance;

  GoferWormhole *wormhole;
  GoferOffer    *offer;
  GTask         *task;
  gulong         cancelled_id;
};

G_DEFINE_FINAL_TYPE (GoferSender, gofer_sender, G_TYPE_OBJECT)

static void receive_next (GoferSender *self);

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
  g_cancellable_disconnect (g_task_get_cancellable (task), self->cancelled_id);
  self->cancelled_id = 0;
  _gofer_wormhole_close_and_return (self->wormhole, task, error);
}

static gboolean
cancelled_idle_cb (gpointer user_data)
{
  GoferSender *self = user_data;
  g_autoptr(JsonNode) message = gofer_app_message_new_error (_("transfer cancelled"));

  if (self->task != NULL)
    {
      gofer_wormhole_send_json (self->wormhole, message);
      finish (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                         _("The transfer was cancelled.")));
    }
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  /* May run in another thread; act on the main context. */
  g_idle_add_full (G_PRIORITY_DEFAULT, cancelled_idle_cb, g_object_ref (user_data),
                   g_object_unref);
}

static void
handle_answer (GoferSender *self,
               JsonObject  *message)
{
  JsonObject *answer = json_object_get_object_member (message, "answer");
  const char *ack = NULL;

  if (answer != NULL && gofer_offer_get_kind (self->offer) == GOFER_OFFER_TEXT)
    ack = json_object_get_string_member_with_default (answer, "message_ack", NULL);

  if (g_strcmp0 (ack, "ok") == 0)
    finish (self, NULL);
  else
    finish (self, g_error_new_literal (GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                                       _("The other side answered the offer in a way Gofer "
                                         "does not understand.")));
}

static void
receive_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GoferSender) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) message = gofer_wormhole_receive_json_finish (self->wormhole, result, &error);

  if (self->task == NULL)
    return;
  if (message == NULL)
    {
      finish (self, g_steal_pointer (&error));
      return;
    }

  switch (gofer_app_message_classify (message))
    {
    case GOFER_APP_MESSAGE_ANSWER:
      handle_answer (self, message);
      break;

    case GOFER_APP_MESSAGE_ERROR:
      finish (self, gofer_app_message_peer_error (message));
      break;

    case GOFER_APP_MESSAGE_TRANSIT:
    case GOFER_APP_MESSAGE_OFFER:
    case GOFER_APP_MESSAGE_UNKNOWN:
    default:
      receive_next (self);
      break;
    }
}

static void
receive_next (GoferSender *self)
{
  gofer_wormhole_receive_async (self->wormhole, NULL, receive_cb, g_object_ref (self));
}

static void
confirm_key_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GoferSender) self = user_data;
  g_autoptr(JsonNode) offer = NULL;
  GError *error = NULL;

  if (!gofer_wormhole_confirm_key_finish (self->wormhole, result, &error))
    {
      finish (self, error);
      return;
    }
  if (self->task == NULL)
    return;

  offer = gofer_offer_to_json (self->offer);
  gofer_wormhole_send_json (self->wormhole, offer);
  receive_next (self);
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
  if (cancellable != NULL)
    self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);
  gofer_wormhole_confirm_key_async (self->wormhole, NULL, confirm_key_cb, g_object_ref (self));
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

GoferSender *
gofer_sender_new_text (GoferWormhole *wormhole,
                       const char    *text)
{
  GoferSender *self;

  g_return_val_if_fail (GOFER_IS_WORMHOLE (wormhole), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (GOFER_TYPE_SENDER, NULL);
  self->wormhole = g_object_ref (wormhole);
  self->offer = gofer_offer_new_text (text);
  return self;
}

static void
gofer_sender_dispose (GObject *object)
{
  GoferSender *self = GOFER_SENDER (object);

  g_clear_object (&self->wormhole);
  g_clear_object (&self->offer);

  G_OBJECT_CLASS (gofer_sender_parent_class)->dispose (object);
}

static void
gofer_sender_class_init (GoferSenderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gofer_sender_dispose;
}

static void
gofer_sender_init (GoferSender *self)
{
}
