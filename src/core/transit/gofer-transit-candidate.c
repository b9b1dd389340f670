/* gofer-transit-candidate.c: the connections of one transit race
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A candidate is one connection attempt, dialled (gofer-transit-dial.c) or
 * accepted on our listening port (here). Here it runs the transit handshake,
 * and the race picks its winner: the receiver takes the first ready
 * connection, the sender writes "go" on it and "nevermind" on the others.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gofer-error.h"
#include "gofer-transit-private.h"

static void transit_candidate_ready (GoferTransit *self,
                                     Candidate    *cand);

/* Candidates */

Candidate *
_gofer_transit_candidate_new (GoferTransit  *self,
                              CandidateKind  kind,
                              const char    *endpoint,
                              char          *description)
{
  Candidate *cand = g_new0 (Candidate, 1);

  cand->ref_count = 1;
  cand->transit = self;
  cand->kind = kind;
  cand->endpoint = g_strdup (endpoint);
  cand->description = description;
  cand->cancellable = g_cancellable_new ();

  return cand;
}

Candidate *
_gofer_transit_candidate_ref (Candidate *cand)
{
  cand->ref_count++;
  return cand;
}

void
_gofer_transit_candidate_unref (Candidate *cand)
{
  if (--cand->ref_count > 0)
    return;

  g_clear_object (&cand->connection);
  g_clear_object (&cand->cancellable);
  g_free (cand->endpoint);
  g_free (cand->description);
  g_free (cand->buf);
  g_free (cand);
}

static void
candidate_close (Candidate *cand)
{
  g_cancellable_cancel (cand->cancellable);
  if (cand->connection != NULL)
    g_io_stream_close_async (G_IO_STREAM (cand->connection), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
}

/* Removes @cand from the race; the caller's reference stays valid. */
static void
candidate_detach (Candidate *cand)
{
  GoferTransit *self = cand->transit;

  if (self == NULL)
    return;

  cand->transit = NULL;
  g_queue_remove (&self->ready, cand);
  g_ptr_array_remove (self->candidates, cand);
}

static void
candidate_failed (Candidate  *cand,
                  const char *why)
{
  GoferTransit *self = cand->transit;

  if (self == NULL)
    return;

  g_debug ("transit: %s failed: %s", cand->description, why);
  _gofer_transit_candidate_ref (cand);
  candidate_close (cand);
  candidate_detach (cand);
  _gofer_transit_check_exhausted (self);
  _gofer_transit_candidate_unref (cand);
}

/* TRUE when the operation that just finished still matters. */
gboolean
_gofer_transit_candidate_alive (Candidate *cand,
                                GError    *error)
{
  if (cand->transit == NULL)
    return FALSE;
  if (error != NULL)
    {
      candidate_failed (cand, error->message);
      return FALSE;
    }
  return TRUE;
}

/* Reads exactly @len bytes into cand->buf, then calls @callback. */
void
_gofer_transit_candidate_read (Candidate           *cand,
                               gsize                len,
                               GAsyncReadyCallback  callback)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (cand->connection));

  g_free (cand->buf);
  cand->buf = g_malloc (len);
  cand->buf_len = len;
  g_input_stream_read_all_async (input, cand->buf, len, G_PRIORITY_DEFAULT,
                                 cand->cancellable, callback, _gofer_transit_candidate_ref (cand));
}

/* Finishes a _gofer_transit_candidate_read() and compares the bytes with @expected. */
gboolean
_gofer_transit_candidate_read_finish (Candidate    *cand,
                                      GAsyncResult *result,
                                      const char   *expected,
                                      const char   *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  gsize got = 0;

  g_input_stream_read_all_finish (G_INPUT_STREAM (g_io_stream_get_input_stream (G_IO_STREAM (cand->connection))),
                                  result, &got, &error);
  if (!_gofer_transit_candidate_alive (cand, error))
    return FALSE;
  if (got == cand->buf_len && memcmp (cand->buf, expected, got) == 0)
    return TRUE;

  why = g_strdup_printf ("unexpected %s (%" G_GSIZE_FORMAT " bytes)", what, got);
  candidate_failed (cand, why);
  return FALSE;
}

void
_gofer_transit_candidate_write (Candidate           *cand,
                                const char          *text,
                                GAsyncReadyCallback  callback)
{
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (cand->connection));

  g_output_stream_write_all_async (output, text, strlen (text), G_PRIORITY_DEFAULT,
                                   cand->cancellable, callback, _gofer_transit_candidate_ref (cand));
}

gboolean
_gofer_transit_candidate_write_finish (Candidate    *cand,
                                       GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (g_io_stream_get_output_stream (G_IO_STREAM (cand->connection))),
                                    result, NULL, &error);
  return _gofer_transit_candidate_alive (cand, error);
}

static void
go_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Candidate) cand = user_data;

  if (_gofer_transit_candidate_read_finish (cand, result, "go\n", "answer instead of go"))
    transit_candidate_ready (cand->transit, cand);
}

static void
peer_handshake_read_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(Candidate) cand = user_data;
  GoferTransit *self = cand->transit;

  if (!_gofer_transit_candidate_read_finish (cand, result, self ? self->peer_handshake : "", "handshake"))
    return;

  /* The receiver waits for the sender's decision; the sender decides later. */
  if (self->role == GOFER_TRANSIT_ROLE_RECEIVER)
    _gofer_transit_candidate_read (cand, strlen ("go\n"), go_read_cb);
  else
    transit_candidate_ready (self, cand);
}

static void
own_handshake_written_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(Candidate) cand = user_data;

  if (_gofer_transit_candidate_write_finish (cand, result))
    _gofer_transit_candidate_read (cand, strlen (cand->transit->peer_handshake), peer_handshake_read_cb);
}

/* Our line goes out first, whoever dialled: the Go receiver reads before it
 * writes, and Go and Rust senders write first. */
void
_gofer_transit_candidate_handshake (Candidate *cand)
{
  _gofer_transit_candidate_write (cand, cand->transit->own_handshake, own_handshake_written_cb);
}

/* Direct inbound connections */

static guint
transit_pending_inbound (GoferTransit *self)
{
  guint n = 0;

  for (guint i = 0; i < self->candidates->len; i++)
    {
      Candidate *cand = g_ptr_array_index (self->candidates, i);

      if (cand->kind == CANDIDATE_INBOUND && !cand->ready)
        n++;
    }
  return n;
}

static gboolean
inbound_timeout_cb (gpointer user_data)
{
  Candidate *cand = user_data;

  if (cand->transit != NULL && !cand->ready)
    candidate_failed (cand, "no handshake in time");
  return G_SOURCE_REMOVE;
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  GoferTransit *self = user_data;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autofree char *peer = NULL;
  Candidate *cand;

  remote = g_socket_connection_get_remote_address (connection, NULL);
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    {
      GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (remote);
      g_autofree char *host = g_inet_address_to_string (g_inet_socket_address_get_address (inet));

      peer = g_strdup_printf ("%s:%u", host, g_inet_socket_address_get_port (inet));
    }

  /* Anyone may connect to the port: only a few at a time are heard, and
   * each must finish its handshake quickly. */
  if (transit_pending_inbound (self) >= GOFER_TRANSIT_MAX_PENDING_INBOUND)
    {
      g_debug ("transit: refused direct inbound %s: %u handshakes pending", peer ? peer : "?",
               GOFER_TRANSIT_MAX_PENDING_INBOUND);
      g_io_stream_close_async (G_IO_STREAM (connection), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      return TRUE;
    }

  cand = _gofer_transit_candidate_new (self, CANDIDATE_INBOUND, NULL,
                                       g_strdup_printf ("direct inbound %s", peer ? peer : "?"));
  cand->connection = g_object_ref (connection);
  g_ptr_array_add (self->candidates, cand);
  g_debug ("transit: accepted %s", cand->description);
  g_timeout_add_full (G_PRIORITY_DEFAULT, self->handshake_timeout_ms, inbound_timeout_cb,
                      _gofer_transit_candidate_ref (cand), (GDestroyNotify)_gofer_transit_candidate_unref);
  _gofer_transit_candidate_handshake (cand);
  return TRUE;
}

gboolean
_gofer_transit_start_listening (GoferTransit  *self,
                                GError       **error)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  guint16 port;

  /* Binds IPv6 with IPv4 mapped where possible, otherwise both families. */
  if (!(port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, error)))
    return FALSE;

  g_signal_connect (service, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (service);
  self->service = g_steal_pointer (&service);
  self->port = port;
  return TRUE;
}

static void
transit_stop_listening (GoferTransit *self)
{
  if (self->service == NULL)
    return;

  g_signal_handlers_disconnect_by_func (self->service, incoming_cb, self);
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_clear_object (&self->service);
}

/* The winner */

static void
nevermind_written_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(Candidate) cand = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
  candidate_close (cand);
}

static gpointer
copy_candidate_func (gconstpointer cand,
                     gpointer      user_data)
{
  return _gofer_transit_candidate_ref ((Candidate *)cand);
}

/* Drops every candidate but @keep; ready losers on the sender side are told
 * "nevermind" first, as Python and Go do. */
void
_gofer_transit_drop_candidates (GoferTransit *self,
                                Candidate    *keep)
{
  g_autoptr(GPtrArray) all = g_ptr_array_copy (self->candidates, copy_candidate_func, NULL);

  g_ptr_array_set_free_func (all, (GDestroyNotify)_gofer_transit_candidate_unref);
  for (guint i = 0; i < all->len; i++)
    {
      Candidate *cand = g_ptr_array_index (all, i);
      gboolean ready = g_queue_find (&self->ready, cand) != NULL;

      if (cand == keep)
        continue;
      candidate_detach (cand);
      if (ready && self->role == GOFER_TRANSIT_ROLE_SENDER)
        _gofer_transit_candidate_write (cand, "nevermind\n", nevermind_written_cb);
      else
        candidate_close (cand);
    }
}

void
_gofer_transit_end_attempt (GoferTransit *self)
{
  g_clear_handle_id (&self->timeout_source, g_source_remove);
  g_clear_handle_id (&self->relay_source, g_source_remove);
  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }
  transit_stop_listening (self);
}

void
_gofer_transit_fail (GoferTransit *self,
                     GError       *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->connect_task);

  _gofer_transit_end_attempt (self);
  _gofer_transit_drop_candidates (self, NULL);
  self->closed = TRUE;
  if (task != NULL)
    g_task_return_error (task, error);
  else
    g_error_free (error);
}

void
_gofer_transit_fail_no_connection (GoferTransit *self)
{
  _gofer_transit_fail (self, g_error_new_literal (GOFER_ERROR, GOFER_ERROR_TRANSIT,
                                                  _("No connection to the other computer could be made, directly or through the transit relay. Check that both computers are online and that the transit relay is reachable.")));
}

static void
transit_win (GoferTransit *self,
             Candidate    *cand)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->connect_task);
  g_autoptr(Candidate) hold = _gofer_transit_candidate_ref (cand);
  GoferRecordStream *stream;

  g_debug ("transit: using %s", cand->description);
  _gofer_transit_end_attempt (self);
  _gofer_transit_drop_candidates (self, cand);
  candidate_detach (cand);
  self->closed = TRUE;

  stream = gofer_record_stream_new (G_IO_STREAM (cand->connection), self->key, self->role,
                                    cand->description);
  gofer_record_stream_set_relayed (stream, cand->kind == CANDIDATE_RELAY);
  g_task_return_pointer (task, stream, g_object_unref);
}

static void
go_written_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Candidate) cand = user_data;
  GoferTransit *self = cand->transit;

  if (self != NULL)
    self->choosing = FALSE;
  if (!_gofer_transit_candidate_write_finish (cand, result))
    {
      /* candidate_failed() may have ended the attempt; otherwise try the next one. */
      if (self != NULL && self->connect_task != NULL)
        _gofer_transit_choose (self);
      return;
    }
  if (self->connect_task != NULL)
    transit_win (self, cand);
}

/* Picks the first ready candidate once someone is waiting for a connection. */
void
_gofer_transit_choose (GoferTransit *self)
{
  Candidate *cand;

  if (self->connect_task == NULL || self->choosing || g_queue_is_empty (&self->ready))
    return;

  cand = g_queue_pop_head (&self->ready);
  if (self->role == GOFER_TRANSIT_ROLE_RECEIVER)
    {
      transit_win (self, cand);
      return;
    }

  self->choosing = TRUE;
  _gofer_transit_candidate_write (cand, "go\n", go_written_cb);
}

static void
transit_candidate_ready (GoferTransit *self,
                         Candidate    *cand)
{
  g_debug ("transit: handshake done on %s", cand->description);
  cand->ready = TRUE;
  g_queue_push_tail (&self->ready, cand);
  _gofer_transit_choose (self);
}

void
_gofer_transit_check_exhausted (GoferTransit *self)
{
  /* While listening, someone may still dial in until the timeout. */
  if (self->connect_task == NULL
      || self->candidates->len > 0
      || self->relay_source != 0
      || self->service != NULL)
    return;

  _gofer_transit_fail_no_connection (self);
}
