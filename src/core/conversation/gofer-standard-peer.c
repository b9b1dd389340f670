/* gofer-standard-peer.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-standard-peer.h"

#include "gofer-transfer-message.h"
#include "gofer-json-private.h"
#include "gofer-wormhole-private.h"

/* How often the waiting messages are looked at: the wormhole says when one
 * arrives, not when a second one does. */
#define LOOK_INTERVAL_MS 100

typedef struct
{
  guint  look_id;
  gint64 deadline_us;
} Guess;

static void
guess_free (Guess *guess)
{
  g_clear_handle_id (&guess->look_id, g_source_remove);
  g_free (guess);
}

static gboolean
is_offer (GBytes *message)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object = _gofer_json_parse_object (parser, g_bytes_get_data (message, NULL),
                                                 g_bytes_get_size (message));

  return object != NULL && gofer_transfer_message_classify (object) == GOFER_TRANSFER_MESSAGE_OFFER;
}

static gboolean
offer_is_waiting (GoferWormhole *wormhole)
{
  for (GList *l = _gofer_wormhole_peek_inbox (wormhole); l != NULL; l = l->next)
    if (is_offer (l->data))
      return TRUE;
  return FALSE;
}

static gboolean
look_cb (gpointer user_data)
{
  GTask *task = user_data;
  Guess *guess = g_task_get_task_data (task);
  GoferWormhole *wormhole = g_task_get_source_object (task);
  GoferStandardPeerRole role;

  if (offer_is_waiting (wormhole))
    role = GOFER_STANDARD_PEER_SENDS;
  else if (g_get_monotonic_time () >= guess->deadline_us || g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    role = GOFER_STANDARD_PEER_WAITS;
  else
    return G_SOURCE_CONTINUE;

  /* Ended before the callback runs: it may close the wormhole, which
   * completes the wait in failed_cb() at once. */
  guess->look_id = 0;
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_int (task, role);
  return G_SOURCE_REMOVE;
}

/* The wormhole fails its waiters when it fails: so does the guess, unless
 * it has already ended. */
static void
failed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Guess *guess = g_task_get_task_data (task);
  GError *error = NULL;

  if (gofer_wormhole_wait_for_message_finish (GOFER_WORMHOLE (source), result, &error) ||
      guess->look_id == 0)
    {
      g_clear_error (&error);
      return;
    }
  g_clear_handle_id (&guess->look_id, g_source_remove);
  g_task_return_error (task, error);
}

void
gofer_standard_peer_guess_role_async (GoferWormhole       *wormhole,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;
  Guess *guess;

  g_return_if_fail (GOFER_IS_WORMHOLE (wormhole));

  task = g_task_new (wormhole, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_standard_peer_guess_role_async);
  guess = g_new0 (Guess, 1);
  guess->deadline_us = g_get_monotonic_time () + GOFER_STANDARD_OFFER_WAIT_S * G_USEC_PER_SEC;
  g_task_set_task_data (task, guess, (GDestroyNotify)guess_free);
  /* The looks hold one reference, the wait for a failure the first. */
  guess->look_id = g_timeout_add_full (G_PRIORITY_DEFAULT, LOOK_INTERVAL_MS, look_cb,
                                       g_object_ref (task), g_object_unref);
  gofer_wormhole_wait_for_message_async (wormhole, cancellable, failed_cb, task);
}

GoferStandardPeerRole
gofer_standard_peer_guess_role_finish (GoferWormhole  *wormhole,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, wormhole), GOFER_STANDARD_PEER_WAITS);
  return (GoferStandardPeerRole)g_task_propagate_int (G_TASK (result), error);
}

void
gofer_standard_peer_refuse (GoferWormhole *wormhole)
{
  g_autoptr(JsonNode) message = gofer_transfer_message_new_error ("this Gofer wants a conversation; use gofer send");

  gofer_wormhole_send_json (wormhole, message);
}
