/* gofer-wormhole-phases.c: the wormhole's numbered phases
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sending application messages as numbered, encrypted phases (held back
 * until the key is confirmed), handing the peer's out in phase order to
 * the tasks that wait for them, and the first failure, which every waiting
 * task gets.
 */

#include "config.h"

#include "gofer-wormhole-object-private.h"

#include <glib/gi18n-lib.h>

#include "gofer-error.h"
#include "gofer-mailbox.h"
#include "gofer-json-private.h"

static void
fail_queue (GQueue       *queue,
            const GError *error)
{
  GTask *task;

  while ((task = g_queue_pop_head (queue)) != NULL)
    {
      g_task_return_error (task, g_error_copy (error));
      g_object_unref (task);
    }
}

/* Everyone waiting on the wormhole gets the error. */
void
_gofer_wormhole_fail_waiters (GoferWormhole *self,
                              const GError  *error)
{
  if (self->code_task != NULL)
    {
      GTask *task = g_steal_pointer (&self->code_task);
      g_task_return_error (task, g_error_copy (error));
      g_object_unref (task);
    }
  fail_queue (&self->confirm_tasks, error);
  fail_queue (&self->receive_tasks, error);
  fail_queue (&self->peek_tasks, error);
}

/* The first failure wins and decides the closing mood. */
void
_gofer_wormhole_fail (GoferWormhole *self,
                      GError        *error,
                      const char    *mood)
{
  if (self->failure != NULL)
    {
      g_error_free (error);
      return;
    }

  g_debug ("wormhole: failed (%s): %s", mood, error->message);
  self->failure = error;
  self->mood = mood;

  g_object_ref (self);
  _gofer_wormhole_fail_waiters (self, error);
  g_object_unref (self);
}

void
_gofer_wormhole_send_encrypted (GoferWormhole *self,
                                const char    *phase,
                                GBytes        *plaintext)
{
  g_autoptr(GoferKey) phase_key = gofer_derive_phase_key (self->key, self->side, phase);
  gsize len;
  const guint8 *data = g_bytes_get_data (plaintext, &len);
  g_autoptr(GBytes) boxed = gofer_secretbox_seal (phase_key, data, len);
  g_autofree char *hex = gofer_hex_encode (g_bytes_get_data (boxed, NULL),
                                           g_bytes_get_size (boxed));

  gofer_mailbox_add (self->mailbox, phase, hex);
}

void
_gofer_wormhole_send_numbered (GoferWormhole *self,
                               GBytes        *plaintext)
{
  g_autofree char *phase = g_strdup_printf ("%" G_GUINT64_FORMAT, self->next_out_phase++);

  _gofer_wormhole_send_encrypted (self, phase, plaintext);
}

GTask *
_gofer_wormhole_new_task (GoferWormhole       *self,
                          gpointer             source_tag,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (self->failure != NULL)
    {
      g_task_return_error (task, g_error_copy (self->failure));
      g_clear_object (&task);
    }
  return task;
}

void
_gofer_wormhole_deliver_in_order (GoferWormhole *self)
{
  gpointer key, next;

  while (g_hash_table_steal_extended (self->unordered, &self->next_in_phase, &key, &next))
    {
      g_free (key);
      g_queue_push_tail (&self->inbox, next);
      self->next_in_phase++;
    }

  while (!g_queue_is_empty (&self->inbox) && !g_queue_is_empty (&self->receive_tasks))
    {
      g_autoptr(GTask) task = g_queue_pop_head (&self->receive_tasks);
      g_task_return_pointer (task, g_queue_pop_head (&self->inbox), (GDestroyNotify)g_bytes_unref);
    }
  while (!g_queue_is_empty (&self->inbox) && !g_queue_is_empty (&self->peek_tasks))
    {
      g_autoptr(GTask) task = g_queue_pop_head (&self->peek_tasks);
      g_task_return_boolean (task, TRUE);
    }
}

void
gofer_wormhole_send (GoferWormhole *self,
                     GBytes        *plaintext)
{
  g_return_if_fail (GOFER_IS_WORMHOLE (self));
  g_return_if_fail (plaintext != NULL);

  if (self->failure != NULL)
    return;
  if (!self->key_confirmed)
    g_ptr_array_add (self->outbox, g_bytes_ref (plaintext));
  else
    _gofer_wormhole_send_numbered (self, plaintext);
}

void
gofer_wormhole_send_json (GoferWormhole *self,
                          JsonNode      *message)
{
  g_autofree char *text = json_to_string (message, FALSE);
  gsize len = strlen (text);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), len);

  gofer_wormhole_send (self, bytes);
}

/* Takes @task, which waits for the next message in @queue. Messages that
 * already arrived are still handed out after a failure. */
static void
wait_in_queue (GoferWormhole *self,
               GQueue        *queue,
               GTask         *task)
{
  if (g_queue_is_empty (&self->inbox) && self->failure != NULL)
    {
      g_task_return_error (task, g_error_copy (self->failure));
      g_object_unref (task);
      return;
    }
  g_queue_push_tail (queue, task);
  _gofer_wormhole_deliver_in_order (self);
}

void
gofer_wormhole_receive_async (GoferWormhole       *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GOFER_IS_WORMHOLE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_wormhole_receive_async);
  wait_in_queue (self, &self->receive_tasks, task);
}

void
gofer_wormhole_wait_for_message_async (GoferWormhole       *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GOFER_IS_WORMHOLE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_wormhole_wait_for_message_async);
  wait_in_queue (self, &self->peek_tasks, task);
}

GList *
_gofer_wormhole_peek_inbox (GoferWormhole *self)
{
  g_return_val_if_fail (GOFER_IS_WORMHOLE (self), NULL);
  return self->inbox.head;
}

gboolean
gofer_wormhole_wait_for_message_finish (GoferWormhole  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

GBytes *
gofer_wormhole_receive_finish (GoferWormhole  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

JsonObject *
gofer_wormhole_receive_json_finish (GoferWormhole  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_autoptr(GBytes) bytes = gofer_wormhole_receive_finish (self, result, error);
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root;

  if (bytes == NULL)
    return NULL;

  parser = json_parser_new ();
  if ((root = _gofer_json_parse_object (parser, g_bytes_get_data (bytes, NULL),
                                        g_bytes_get_size (bytes))) == NULL)
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                           _("The other side sent a message that could not be read. "
                             "It may be running an incompatible program."));
      return NULL;
    }
  return json_object_ref (root);
}
