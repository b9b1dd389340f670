/* gofer-mailbox-connection.c: the mailbox client's connection to the server
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Connecting (gofer-websocket.c does the WebSocket), the timeout for the
 * welcome, reconnecting with backoff after a lost connection and replaying
 * what the server must know, and a server that went past the limits of
 * gofer-websocket.c. The frames that arrive are read in
 * gofer-mailbox-frames.c.
 */

#include "config.h"

#include "gofer-mailbox-private.h"

#include <glib/gi18n-lib.h>

#include "gofer-error.h"
#include "gofer-websocket.h"

#define RECONNECT_WINDOW_S        120
#define RECONNECT_MAX_DELAY_S     30
#define KEEPALIVE_INTERVAL_S      60
/* Nothing from the server for this long, though we ping it every
 * KEEPALIVE_INTERVAL_S: the connection is dead (a laptop that slept, a
 * network that changed), and a new one is made. */
#define DEAD_AFTER_S              (2 * KEEPALIVE_INTERVAL_S + 30)
#define LIVENESS_CHECK_S          15

static void tripped (GoferMailbox       *self,
                     GoferWebsocketTrip  trip);

gboolean
_gofer_mailbox_is_open (GoferMailbox *self)
{
  if (self->send_func != NULL)
    return TRUE;
  return self->ws != NULL &&
         soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN;
}

void
_gofer_mailbox_send_text (GoferMailbox *self,
                          const char   *text)
{
  if (self->send_func != NULL)
    self->send_func (text, self->send_data);
  else
    gofer_websocket_send_text (self->ws, text);
}

void
_gofer_mailbox_clear_timers (GoferMailbox *self)
{
  g_clear_handle_id (&self->attempt_timeout_id, g_source_remove);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_handle_id (&self->liveness_id, g_source_remove);
}

void
_gofer_mailbox_drop_connection (GoferMailbox *self)
{
  g_cancellable_cancel (self->attempt_cancellable);
  g_clear_object (&self->attempt_cancellable);
  g_cancellable_cancel (self->mint_cancellable);
  g_clear_object (&self->mint_cancellable);
  self->bound = FALSE;
  g_clear_handle_id (&self->liveness_id, g_source_remove);
  if (self->ws == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->ws, self);
  if (gofer_websocket_from_connection (self->ws) != NULL)
    g_signal_handlers_disconnect_by_data (gofer_websocket_from_connection (self->ws), self);
  if (soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->ws);
  g_object_notify_by_pspec (G_OBJECT (self), _gofer_mailbox_properties[GOFER_MAILBOX_PROP_CONNECTED]);
}

static void
websocket_message_cb (SoupWebsocketConnection *ws,
                      int                      type,
                      GBytes                  *message,
                      gpointer                 user_data)
{
  gsize len;
  const char *data = g_bytes_get_data (message, &len);

  _gofer_mailbox_handle_text (user_data, data, len);
}

static gboolean
reconnect_cb (gpointer user_data)
{
  GoferMailbox *self = user_data;

  self->reconnect_id = 0;
  _gofer_mailbox_start_attempt (self);
  return G_SOURCE_REMOVE;
}

/* The connection dropped after it had worked: try again with exponential
 * backoff for a while, replaying state each time it comes back. */
static void
schedule_reconnect (GoferMailbox *self)
{
  guint delay;

  if (self->lost_since == 0)
    self->lost_since = g_get_monotonic_time ();

  if (g_get_monotonic_time () - self->lost_since > RECONNECT_WINDOW_S * G_USEC_PER_SEC)
    {
      _gofer_mailbox_fail (self,
                           g_error_new (GOFER_ERROR, GOFER_ERROR_RELAY_UNREACHABLE,
                                        _("The connection to the relay server at %s was lost and "
                                          "could not be restored. Check your internet connection "
                                          "and try again."), self->url));
      return;
    }

  delay = MIN (1u << MIN (self->reconnect_attempt, 5u), RECONNECT_MAX_DELAY_S);
  self->reconnect_attempt++;
  g_debug ("mailbox: connection lost, reconnecting in %u s", delay);
  self->reconnect_id = g_timeout_add_seconds (delay, reconnect_cb, self);
}

static GError *
unreachable_error (GoferMailbox *self)
{
  return g_error_new (GOFER_ERROR, GOFER_ERROR_RELAY_UNREACHABLE,
                      _("Could not reach the relay server at %s. Check your internet "
                        "connection and the server address, then try again."),
                      self->url);
}


/* The first connection fails at once; later ones are retried. */
static void
connection_lost (GoferMailbox *self)
{
  GoferWebsocket *stream = self->ws != NULL ? gofer_websocket_from_connection (self->ws) : NULL;

  /* A trip not yet reported (it is, from an idle callback) decides. */
  if (stream != NULL && gofer_websocket_get_trip (stream) != GOFER_WEBSOCKET_OK)
    {
      tripped (self, gofer_websocket_get_trip (stream));
      return;
    }
  _gofer_mailbox_drop_connection (self);
  g_clear_handle_id (&self->attempt_timeout_id, g_source_remove);

  if (self->finished || self->failure != NULL)
    return;
  if (!self->welcomed)
    {
      _gofer_mailbox_fail (self, unreachable_error (self));
      return;
    }
  if (self->close_task != NULL && self->mailbox == NULL)
    {
      _gofer_mailbox_handle_closed (self);
      return;
    }
  schedule_reconnect (self);
}

static void
websocket_closed_cb (SoupWebsocketConnection *ws,
                     gpointer                 user_data)
{
  GoferMailbox *self = user_data;

  g_debug ("mailbox: connection closed by the server");
  connection_lost (self);
}

static void
websocket_error_cb (SoupWebsocketConnection *ws,
                    GError                  *error,
                    gpointer                 user_data)
{
  g_debug ("mailbox: connection error: %s", error->message);
}

/* The server went past a limit while frames arrived (gofer-websocket.c):
 * it is broken or hostile, and trying again would only repeat it. */
static void
tripped (GoferMailbox       *self,
         GoferWebsocketTrip  trip)
{
  GError *error;

  if (trip == GOFER_WEBSOCKET_TOO_BIG)
    error = g_error_new (GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                         _("The relay server sent a message larger than %u MiB, which no "
                           "Magic Wormhole server needs. Try again later or choose another "
                           "server in Preferences."),
                         (guint)(GOFER_MAILBOX_MAX_INCOMING / (1024 * 1024)));
  else
    error = g_error_new_literal (GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                                 _("The relay server stopped reading what Gofer sends. "
                                   "Try again later or choose another server in Preferences."));

  if (self->ws != NULL && soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->ws,
                                     trip == GOFER_WEBSOCKET_TOO_BIG ? GOFER_WEBSOCKET_CLOSE_TOO_BIG
                                                                     : SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                     NULL);
  g_object_ref (self);
  _gofer_mailbox_fail (self, error);
  g_object_unref (self);
}

static void
websocket_tripped_cb (GoferWebsocket *stream,
                      int             trip,
                      gpointer        user_data)
{
  tripped (user_data, trip);
}

static void
websocket_connect_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GoferMailbox) self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *ws;

  ws = gofer_websocket_connect_finish (result, &error);
  if (ws == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("mailbox: cannot connect: %s", error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
        {
          g_clear_handle_id (&self->attempt_timeout_id, g_source_remove);
          g_clear_object (&self->attempt_cancellable);
          _gofer_mailbox_fail (self,
                               g_error_new (GOFER_ERROR, GOFER_ERROR_RELAY_UNREACHABLE,
                                            _("“%s” is not a valid relay server address. It should look "
                                              "like ws://relay.example.org:4000/v1."), self->url));
          return;
        }
      connection_lost (self);
      return;
    }

  g_clear_object (&self->attempt_cancellable);
  self->ws = ws;
  soup_websocket_connection_set_keepalive_interval (ws, KEEPALIVE_INTERVAL_S);
  g_signal_connect (ws, "message", G_CALLBACK (websocket_message_cb), self);
  g_signal_connect (ws, "closed", G_CALLBACK (websocket_closed_cb), self);
  g_signal_connect (ws, "error", G_CALLBACK (websocket_error_cb), self);
  g_signal_connect (gofer_websocket_from_connection (ws), "tripped",
                    G_CALLBACK (websocket_tripped_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), _gofer_mailbox_properties[GOFER_MAILBOX_PROP_CONNECTED]);

  /* The bind waits for the welcome, which may ask for a proof of work
   * first (_gofer_mailbox_bind_after_welcome()). Servers send it at once,
   * so this costs no round trip. */
}

static gboolean
attempt_timeout_cb (gpointer user_data)
{
  GoferMailbox *self = user_data;

  self->attempt_timeout_id = 0;
  g_debug ("mailbox: no welcome after %u s", self->connect_timeout);
  g_object_ref (self);
  connection_lost (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static gboolean
liveness_cb (gpointer user_data)
{
  GoferMailbox *self = user_data;
  GoferWebsocket *stream = self->ws != NULL ? gofer_websocket_from_connection (self->ws) : NULL;

  if (stream == NULL ||
      g_get_monotonic_time () - gofer_websocket_get_last_read_time (stream) < DEAD_AFTER_S * G_USEC_PER_SEC)
    return G_SOURCE_CONTINUE;
  self->liveness_id = 0;
  g_debug ("mailbox: nothing from the server for %d s; connecting again", DEAD_AFTER_S);
  g_object_ref (self);
  connection_lost (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

void
_gofer_mailbox_connection_welcomed (GoferMailbox *self)
{
  g_clear_handle_id (&self->attempt_timeout_id, g_source_remove);
  if (self->ws != NULL && self->liveness_id == 0)
    self->liveness_id = g_timeout_add_seconds (LIVENESS_CHECK_S, liveness_cb, self);
}

void
_gofer_mailbox_start_attempt (GoferMailbox *self)
{
  /* A test plays the server: it is always there, and answers the bind. */
  if (self->send_func != NULL)
    {
      _gofer_mailbox_replay_state (self);
      return;
    }

  self->attempt_cancellable = g_cancellable_new ();
  self->attempt_timeout_id = g_timeout_add_seconds (self->connect_timeout,
                                                    attempt_timeout_cb, self);
  gofer_websocket_connect_async (self->url, GOFER_MAILBOX_MAX_INCOMING, self->attempt_cancellable,
                                 websocket_connect_cb, g_object_ref (self));
}
