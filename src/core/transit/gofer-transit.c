/* gofer-transit.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#ifdef G_OS_UNIX
# include <ifaddrs.h>
# include <net/if.h>
# include <netinet/in.h>
# include <sys/socket.h>
#endif

#include "gofer-error.h"
#include "gofer-transit.h"
#include "gofer-transit-ws.h"

typedef enum
{
  CANDIDATE_DIRECT,
  CANDIDATE_INBOUND,
  CANDIDATE_RELAY,
} CandidateKind;

/* One connection attempt. The transit holds one reference in its list, every
 * pending async operation holds another. @transit is cleared when the transit
 * gives up on the candidate, so late callbacks only clean up. */
/* See relay_ok_read_cb(). */
#define RELAY_RECEIVER_PAUSE_MS 100

typedef struct
{
  int                ref_count;
  GoferTransit      *transit;
  CandidateKind      kind;
  char              *endpoint;      /* "host:port", for relay de-duplication */
  char              *description;
  GSocketConnection *connection;
  GCancellable      *cancellable;
  guint8            *buf;
  gsize              buf_len;
  gboolean           ready;         /* handshake done */
} Candidate;

struct _GoferTransit
{
  GObject           parent_instance;

  GoferTransitRole  role;
  GoferKey         *key;
  char             *own_handshake;
  char             *peer_handshake;
  char             *relay_line;
  gboolean          listen;
  guint             timeout_ms;
  guint             relay_delay_ms;
  GPtrArray        *relays;            /* our relay-v1 hints */

  GSocketClient    *client;
  GSocketService   *service;
  guint16           port;
  GPtrArray        *hints;             /* ours, once prepared */
  GPtrArray        *candidates;        /* Candidate, alive ones */
  GQueue            ready;             /* Candidate, handshake done, not yet chosen */
  GPtrArray        *pending_relays;    /* "host:port" to dial when relay_source fires */
  GHashTable       *dials_per_host;    /* lower-case host -> dials so far */
  guint             handshake_timeout_ms;

  GTask            *connect_task;
  GSource          *cancel_source;
  guint             timeout_source;
  guint             relay_source;
  gboolean          prepared;
  gboolean          choosing;          /* sender: "go" is being written */
  gboolean          closed;
};

G_DEFINE_FINAL_TYPE (GoferTransit, gofer_transit, G_TYPE_OBJECT)

static void candidate_failed       (Candidate    *cand,
                                    const char   *why);
static void candidate_handshake    (Candidate    *cand);
static void transit_candidate_ready (GoferTransit *self,
                                     Candidate    *cand);
static void transit_check_exhausted (GoferTransit *self);

char *
gofer_transit_derive_handshake (const GoferKey   *transit_key,
                                GoferTransitRole  role)
{
  g_autoptr(GoferKey) key = NULL;
  g_autofree char *hex = NULL;
  gboolean sender = role == GOFER_TRANSIT_ROLE_SENDER;

  g_return_val_if_fail (transit_key != NULL, NULL);

  key = gofer_derive_key_str (transit_key, sender ? "transit_sender" : "transit_receiver");
  hex = gofer_hex_encode (key->bytes, GOFER_KEY_SIZE);
  return g_strdup_printf ("transit %s %s ready\n\n", sender ? "sender" : "receiver", hex);
}

char *
gofer_transit_derive_relay_line (const GoferKey *transit_key,
                                 const char     *side)
{
  g_autoptr(GoferKey) key = NULL;
  g_autofree char *hex = NULL;

  g_return_val_if_fail (transit_key != NULL, NULL);
  g_return_val_if_fail (side != NULL, NULL);

  key = gofer_derive_key_str (transit_key, "transit_relay_token");
  hex = gofer_hex_encode (key->bytes, GOFER_KEY_SIZE);
  return g_strdup_printf ("please relay %s for side %s\n", hex, side);
}

/* Candidates */

static Candidate *
candidate_new (GoferTransit  *self,
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

static Candidate *
candidate_ref (Candidate *cand)
{
  cand->ref_count++;
  return cand;
}

static void
candidate_unref (Candidate *cand)
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Candidate, candidate_unref)

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
  candidate_ref (cand);
  candidate_close (cand);
  candidate_detach (cand);
  transit_check_exhausted (self);
  candidate_unref (cand);
}

/* TRUE when the operation that just finished still matters. */
static gboolean
candidate_alive (Candidate *cand,
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
static void
candidate_read (Candidate           *cand,
                gsize                len,
                GAsyncReadyCallback  callback)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (cand->connection));

  g_free (cand->buf);
  cand->buf = g_malloc (len);
  cand->buf_len = len;
  g_input_stream_read_all_async (input, cand->buf, len, G_PRIORITY_DEFAULT,
                                 cand->cancellable, callback, candidate_ref (cand));
}

/* Finishes a candidate_read() and compares the bytes with @expected. */
static gboolean
candidate_read_finish (Candidate    *cand,
                       GAsyncResult *result,
                       const char   *expected,
                       const char   *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  gsize got = 0;

  g_input_stream_read_all_finish (G_INPUT_STREAM (g_io_stream_get_input_stream (G_IO_STREAM (cand->connection))),
                                  result, &got, &error);
  if (!candidate_alive (cand, error))
    return FALSE;
  if (got == cand->buf_len && memcmp (cand->buf, expected, got) == 0)
    return TRUE;

  why = g_strdup_printf ("unexpected %s (%" G_GSIZE_FORMAT " bytes)", what, got);
  candidate_failed (cand, why);
  return FALSE;
}

static void
candidate_write (Candidate           *cand,
                 const char          *text,
                 GAsyncReadyCallback  callback)
{
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (cand->connection));

  g_output_stream_write_all_async (output, text, strlen (text), G_PRIORITY_DEFAULT,
                                   cand->cancellable, callback, candidate_ref (cand));
}

static gboolean
candidate_write_finish (Candidate    *cand,
                        GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (g_io_stream_get_output_stream (G_IO_STREAM (cand->connection))),
                                    result, NULL, &error);
  return candidate_alive (cand, error);
}

static void
go_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Candidate) cand = user_data;

  if (candidate_read_finish (cand, result, "go\n", "answer instead of go"))
    transit_candidate_ready (cand->transit, cand);
}

static void
peer_handshake_read_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(Candidate) cand = user_data;
  GoferTransit *self = cand->transit;

  if (!candidate_read_finish (cand, result, self ? self->peer_handshake : "", "handshake"))
    return;

  /* The receiver waits for the sender's decision; the sender decides later. */
  if (self->role == GOFER_TRANSIT_ROLE_RECEIVER)
    candidate_read (cand, strlen ("go\n"), go_read_cb);
  else
    transit_candidate_ready (self, cand);
}

static void
own_handshake_written_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(Candidate) cand = user_data;

  if (candidate_write_finish (cand, result))
    candidate_read (cand, strlen (cand->transit->peer_handshake), peer_handshake_read_cb);
}

/* Our line goes out first, whoever dialled: the Go receiver reads before it
 * writes, and Go and Rust senders write first. */
static void
candidate_handshake (Candidate *cand)
{
  candidate_write (cand, cand->transit->own_handshake, own_handshake_written_cb);
}

static gboolean
relay_handshake_timeout_cb (gpointer user_data)
{
  Candidate *cand = user_data;

  if (cand->transit != NULL)
    candidate_handshake (cand);
  return G_SOURCE_REMOVE;
}

static void
relay_ok_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Candidate) cand = user_data;

  if (!candidate_read_finish (cand, result, "ok\n", "relay answer"))
    return;
  /* wormhole-william (through 1.0.8) closes its relay connection at random
   * when the receiver's handshake comes back before one of its goroutines
   * has run (a select on two ready channels in waitForRelayPeer). Senders
   * write first and wait for us, so a receiver's short pause costs nothing
   * and keeps Go senders working. */
  if (cand->transit->role == GOFER_TRANSIT_ROLE_RECEIVER)
    g_timeout_add_full (G_PRIORITY_DEFAULT, RELAY_RECEIVER_PAUSE_MS, relay_handshake_timeout_cb,
                        candidate_ref (cand), (GDestroyNotify)candidate_unref);
  else
    candidate_handshake (cand);
}

static void
relay_line_written_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(Candidate) cand = user_data;

  /* Nothing may be written before "ok\n" arrives, or the relay hangs up. */
  if (candidate_write_finish (cand, result))
    candidate_read (cand, strlen ("ok\n"), relay_ok_read_cb);
}

static void candidate_connected (Candidate         *cand,
                                 GSocketConnection *connection,
                                 GError            *error);

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Candidate) cand = user_data;
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  candidate_connected (cand, connection, error);
}

/* A WebSocket relay endpoint, bridged to a socket (gofer-transit-ws.c): from
 * here on it is a relay connection like any other. */
static void
ws_connected_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Candidate) cand = user_data;
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = gofer_transit_ws_connect_finish (result, &error);
  candidate_connected (cand, connection, error);
}

static void
candidate_connected (Candidate         *cand,
                     GSocketConnection *connection,
                     GError            *error)
{
  if (!candidate_alive (cand, error))
    {
      g_clear_object (&connection);
      return;
    }

  cand->connection = connection;
  g_debug ("transit: connected to %s", cand->description);
  if (cand->kind == CANDIDATE_RELAY)
    candidate_write (cand, cand->transit->relay_line, relay_line_written_cb);
  else
    candidate_handshake (cand);
}

static gboolean
transit_has_candidate (GoferTransit *self,
                       CandidateKind kind,
                       const char   *endpoint)
{
  for (guint i = 0; i < self->candidates->len; i++)
    {
      Candidate *cand = g_ptr_array_index (self->candidates, i);

      if (cand->kind == kind && g_strcmp0 (cand->endpoint, endpoint) == 0)
        return TRUE;
    }
  return FALSE;
}

static char *
endpoint_key (const GoferTransitHint *hint)
{
  g_autofree char *host = NULL;

  if (hint->type == GOFER_TRANSIT_HINT_WEBSOCKET)
    return g_strdup (hint->url);

  host = g_ascii_strdown (hint->hostname, -1);

  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, hint->port);
  return g_strdup_printf ("%s:%u", host, hint->port);
}

static void
transit_dial (GoferTransit           *self,
              CandidateKind           kind,
              const GoferTransitHint *hint)
{
  g_autoptr(GSocketConnectable) address = NULL;
  g_autofree char *endpoint = endpoint_key (hint);
  Candidate *cand;

  g_autofree char *host = NULL;
  guint dials;

  if (transit_has_candidate (self, kind, endpoint))
    return;

  /* The peer chooses the hints: a few tries per host, however many ports
   * it lists, so that it cannot make us scan a host for it. */
  if (hint->type == GOFER_TRANSIT_HINT_WEBSOCKET)
    {
      g_autoptr(GUri) uri = g_uri_parse (hint->url, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL || g_uri_get_host (uri) == NULL)
        return;
      host = g_ascii_strdown (g_uri_get_host (uri), -1);
    }
  else
    host = g_ascii_strdown (hint->hostname, -1);
  dials = GPOINTER_TO_UINT (g_hash_table_lookup (self->dials_per_host, host));
  if (dials >= GOFER_TRANSIT_MAX_DIALS_PER_HOST)
    {
      g_debug ("transit: not dialling %s: already %u connections to that host", endpoint, dials);
      return;
    }
  g_hash_table_insert (self->dials_per_host, g_steal_pointer (&host), GUINT_TO_POINTER (dials + 1));

  cand = candidate_new (self, kind, endpoint,
                        g_strdup_printf ("%s %s", kind == CANDIDATE_RELAY ? "relay" : "direct", endpoint));
  g_ptr_array_add (self->candidates, cand);

  if (hint->type == GOFER_TRANSIT_HINT_WEBSOCKET)
    {
      gofer_transit_ws_connect_async (hint->url, cand->cancellable, ws_connected_cb,
                                      candidate_ref (cand));
      return;
    }

  address = g_network_address_new (hint->hostname, hint->port);
  g_socket_client_connect_async (self->client, address, cand->cancellable,
                                 connected_cb, candidate_ref (cand));
}

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

  cand = candidate_new (self, CANDIDATE_INBOUND, NULL,
                        g_strdup_printf ("direct inbound %s", peer ? peer : "?"));
  cand->connection = g_object_ref (connection);
  g_ptr_array_add (self->candidates, cand);
  g_debug ("transit: accepted %s", cand->description);
  g_timeout_add_full (G_PRIORITY_DEFAULT, self->handshake_timeout_ms, inbound_timeout_cb,
                      candidate_ref (cand), (GDestroyNotify)candidate_unref);
  candidate_handshake (cand);
  return TRUE;
}

/* The race */

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
  return candidate_ref ((Candidate *)cand);
}

/* Drops every candidate but @keep; ready losers on the sender side are told
 * "nevermind" first, as Python and Go do. */
static void
transit_drop_candidates (GoferTransit *self,
                         Candidate    *keep)
{
  g_autoptr(GPtrArray) all = g_ptr_array_copy (self->candidates, copy_candidate_func, NULL);

  g_ptr_array_set_free_func (all, (GDestroyNotify)candidate_unref);
  for (guint i = 0; i < all->len; i++)
    {
      Candidate *cand = g_ptr_array_index (all, i);
      gboolean ready = g_queue_find (&self->ready, cand) != NULL;

      if (cand == keep)
        continue;
      candidate_detach (cand);
      if (ready && self->role == GOFER_TRANSIT_ROLE_SENDER)
        candidate_write (cand, "nevermind\n", nevermind_written_cb);
      else
        candidate_close (cand);
    }
}

static void
transit_end_attempt (GoferTransit *self)
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

static void
transit_fail (GoferTransit *self,
              GError       *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->connect_task);

  transit_end_attempt (self);
  transit_drop_candidates (self, NULL);
  self->closed = TRUE;
  if (task != NULL)
    g_task_return_error (task, error);
  else
    g_error_free (error);
}

static void
transit_fail_no_connection (GoferTransit *self)
{
  transit_fail (self, g_error_new_literal (GOFER_ERROR, GOFER_ERROR_TRANSIT,
                                           _("No connection to the other computer could be made, directly or through the transit relay. Check that both computers are online and that the transit relay is reachable.")));
}

static void
transit_win (GoferTransit *self,
             Candidate    *cand)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->connect_task);
  g_autoptr(Candidate) hold = candidate_ref (cand);
  GoferRecordStream *stream;

  g_debug ("transit: using %s", cand->description);
  transit_end_attempt (self);
  transit_drop_candidates (self, cand);
  candidate_detach (cand);
  self->closed = TRUE;

  stream = gofer_record_stream_new (G_IO_STREAM (cand->connection), self->key, self->role,
                                    cand->description);
  gofer_record_stream_set_relayed (stream, cand->kind == CANDIDATE_RELAY);
  g_task_return_pointer (task, stream, g_object_unref);
}

static void transit_choose (GoferTransit *self);

static void
go_written_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Candidate) cand = user_data;
  GoferTransit *self = cand->transit;

  if (self != NULL)
    self->choosing = FALSE;
  if (!candidate_write_finish (cand, result))
    {
      /* candidate_failed() may have ended the attempt; otherwise try the next one. */
      if (self != NULL && self->connect_task != NULL)
        transit_choose (self);
      return;
    }
  if (self->connect_task != NULL)
    transit_win (self, cand);
}

/* Picks the first ready candidate once someone is waiting for a connection. */
static void
transit_choose (GoferTransit *self)
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
  candidate_write (cand, "go\n", go_written_cb);
}

static void
transit_candidate_ready (GoferTransit *self,
                         Candidate    *cand)
{
  g_debug ("transit: handshake done on %s", cand->description);
  cand->ready = TRUE;
  g_queue_push_tail (&self->ready, cand);
  transit_choose (self);
}

static void
transit_check_exhausted (GoferTransit *self)
{
  /* While listening, someone may still dial in until the timeout. */
  if (self->connect_task == NULL
      || self->candidates->len > 0
      || self->relay_source != 0
      || self->service != NULL)
    return;

  transit_fail_no_connection (self);
}

static gboolean
timeout_cb (gpointer user_data)
{
  GoferTransit *self = user_data;

  self->timeout_source = 0;
  g_debug ("transit: timed out");
  transit_fail_no_connection (self);
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  GoferTransit *self = user_data;

  transit_fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                           _("The connection attempt was cancelled.")));
  return G_SOURCE_REMOVE;
}

static void
transit_dial_relays (GoferTransit *self)
{
  g_autoptr(GPtrArray) relays = g_steal_pointer (&self->pending_relays);

  for (guint i = 0; relays && i < relays->len; i++)
    transit_dial (self, CANDIDATE_RELAY, g_ptr_array_index (relays, i));
}

static gboolean
relay_delay_cb (gpointer user_data)
{
  GoferTransit *self = user_data;

  self->relay_source = 0;
  transit_dial_relays (self);
  transit_check_exhausted (self);
  return G_SOURCE_REMOVE;
}

static void
add_relay_endpoints (GPtrArray              *endpoints,
                     const GoferTransitHint *relay)
{
  for (guint i = 0; relay->endpoints && i < relay->endpoints->len; i++)
    {
      GoferTransitHint *endpoint = g_ptr_array_index (relay->endpoints, i);

      if (gofer_transit_hint_is_dialable (endpoint) ||
          endpoint->type == GOFER_TRANSIT_HINT_WEBSOCKET)
        g_ptr_array_add (endpoints, gofer_transit_hint_copy (endpoint));
    }
}

/* The sender's early relay connections started in prepare; the rest now. */
static void
transit_start_race (GoferTransit *self,
                    GPtrArray    *peer_hints)
{
  gboolean direct = FALSE;

  self->pending_relays = g_ptr_array_new_with_free_func ((GDestroyNotify)gofer_transit_hint_free);
  for (guint i = 0; i < self->relays->len; i++)
    add_relay_endpoints (self->pending_relays, g_ptr_array_index (self->relays, i));

  for (guint i = 0; peer_hints && i < peer_hints->len; i++)
    {
      GoferTransitHint *hint = g_ptr_array_index (peer_hints, i);

      if (gofer_transit_hint_is_dialable (hint))
        {
          transit_dial (self, CANDIDATE_DIRECT, hint);
          direct = TRUE;
        }
      else if (hint->type == GOFER_TRANSIT_HINT_RELAY)
        add_relay_endpoints (self->pending_relays, hint);
    }

  if (direct && self->relay_delay_ms > 0)
    self->relay_source = g_timeout_add (self->relay_delay_ms, relay_delay_cb, self);
  else
    transit_dial_relays (self);
}

void
gofer_transit_connect_async (GoferTransit        *self,
                             GPtrArray           *peer_hints,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GOFER_IS_TRANSIT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_transit_connect_async);

  if (!self->prepared || self->closed || self->connect_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               "gofer_transit_connect_async() needs a prepared, unused GoferTransit");
      return;
    }

  self->connect_task = g_steal_pointer (&task);
  self->timeout_source = g_timeout_add (self->timeout_ms, timeout_cb, self);
  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (cancelled_cb), self, NULL);
      g_source_attach (self->cancel_source, g_main_context_get_thread_default ());
    }

  transit_start_race (self, peer_hints);
  transit_choose (self);
  if (self->connect_task != NULL)
    transit_check_exhausted (self);
}

GoferRecordStream *
gofer_transit_connect_finish (GoferTransit  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Local addresses */

static void
add_address (GPtrArray    *list,
             GInetAddress *address)
{
  g_autofree char *text = g_inet_address_to_string (address);

  if (g_inet_address_get_is_link_local (address) || g_inet_address_get_is_any (address)
      || g_inet_address_get_is_multicast (address))
    return;
  if (!g_ptr_array_find_with_equal_func (list, text, g_str_equal, NULL))
    g_ptr_array_add (list, g_steal_pointer (&text));
}

#ifdef G_OS_UNIX
static void
collect_addresses (GPtrArray *v4,
                   GPtrArray *v6)
{
  struct ifaddrs *ifaddrs = NULL;

  if (getifaddrs (&ifaddrs) != 0)
    return;

  for (struct ifaddrs *ifa = ifaddrs; ifa != NULL; ifa = ifa->ifa_next)
    {
      g_autoptr(GInetAddress) address = NULL;

      if (ifa->ifa_addr == NULL || !(ifa->ifa_flags & IFF_UP) || (ifa->ifa_flags & IFF_LOOPBACK))
        continue;
      if (ifa->ifa_addr->sa_family == AF_INET)
        {
          address = g_inet_address_new_from_bytes ((guint8 *)&((struct sockaddr_in *)ifa->ifa_addr)->sin_addr,
                                                   G_SOCKET_FAMILY_IPV4);
          add_address (v4, address);
        }
      else if (ifa->ifa_addr->sa_family == AF_INET6)
        {
          address = g_inet_address_new_from_bytes ((guint8 *)&((struct sockaddr_in6 *)ifa->ifa_addr)->sin6_addr,
                                                   G_SOCKET_FAMILY_IPV6);
          add_address (v6, address);
        }
    }

  freeifaddrs (ifaddrs);
}
#else
/* Without getifaddrs (Windows), the addresses the host name resolves to. */
static void
collect_addresses (GPtrArray *v4,
                   GPtrArray *v6)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  GList *addresses = g_resolver_lookup_by_name (resolver, g_get_host_name (), NULL, NULL);

  for (GList *l = addresses; l != NULL; l = l->next)
    {
      GInetAddress *address = l->data;

      if (g_inet_address_get_is_loopback (address))
        continue;
      if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
        add_address (v4, address);
      else
        add_address (v6, address);
    }
  g_resolver_free_addresses (addresses);
}
#endif

static void
addresses_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GPtrArray *v4 = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) v6 = g_ptr_array_new_with_free_func (g_free);

  collect_addresses (v4, v6);
  /* In a network namespace with only lo, as in tests, loopback is all there is. */
  if (v4->len == 0 && v6->len == 0)
    g_ptr_array_add (v4, g_strdup ("127.0.0.1"));
  g_ptr_array_extend_and_steal (v4, g_steal_pointer (&v6));
  g_task_return_pointer (task, v4, (GDestroyNotify)g_ptr_array_unref);
}

static gboolean
transit_start_listening (GoferTransit  *self,
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
addresses_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GoferTransit *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) addresses = g_task_propagate_pointer (G_TASK (result), NULL);

  for (guint i = 0; self->service != NULL && addresses && i < addresses->len; i++)
    g_ptr_array_add (self->hints,
                     gofer_transit_hint_new_direct (g_ptr_array_index (addresses, i), self->port, 0.0));
  for (guint i = 0; i < self->relays->len; i++)
    g_ptr_array_add (self->hints, gofer_transit_hint_copy (g_ptr_array_index (self->relays, i)));

  self->prepared = TRUE;
  g_task_return_boolean (task, TRUE);
}

void
gofer_transit_prepare_async (GoferTransit        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) lookup = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GOFER_IS_TRANSIT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_transit_prepare_async);

  if (self->prepared || self->closed)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS,
                               "gofer_transit_prepare_async() may only be called once");
      return;
    }

  /* Without a listening port we can still dial out and use relays. */
  if (self->listen && !transit_start_listening (self, &error))
    g_warning ("transit: cannot listen for direct connections: %s", error->message);

  /* Go and Rust receivers never listen and Go ones only use our relay: hold a
   * relay connection from the start so they find us there. */
  if (self->role == GOFER_TRANSIT_ROLE_SENDER)
    for (guint i = 0; i < self->relays->len; i++)
      {
        g_autoptr(GPtrArray) endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify)gofer_transit_hint_free);

        add_relay_endpoints (endpoints, g_ptr_array_index (self->relays, i));
        for (guint j = 0; j < endpoints->len; j++)
          transit_dial (self, CANDIDATE_RELAY, g_ptr_array_index (endpoints, j));
      }

  lookup = g_task_new (self, cancellable, addresses_cb, g_steal_pointer (&task));
  g_task_run_in_thread (lookup, addresses_thread);
}

gboolean
gofer_transit_prepare_finish (GoferTransit  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Object */

void
gofer_transit_close (GoferTransit *self)
{
  g_return_if_fail (GOFER_IS_TRANSIT (self));

  if (self->connect_task != NULL)
    {
      transit_fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                               _("The connection attempt was cancelled.")));
      return;
    }

  transit_end_attempt (self);
  transit_drop_candidates (self, NULL);
  self->closed = TRUE;
}

static void
gofer_transit_dispose (GObject *object)
{
  GoferTransit *self = (GoferTransit *)object;

  gofer_transit_close (self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (gofer_transit_parent_class)->dispose (object);
}

static void
gofer_transit_finalize (GObject *object)
{
  GoferTransit *self = (GoferTransit *)object;

  g_clear_pointer (&self->key, gofer_key_free);
  g_clear_pointer (&self->own_handshake, g_free);
  g_clear_pointer (&self->peer_handshake, g_free);
  g_clear_pointer (&self->relay_line, g_free);
  g_clear_pointer (&self->relays, g_ptr_array_unref);
  g_clear_pointer (&self->hints, g_ptr_array_unref);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_pointer (&self->pending_relays, g_ptr_array_unref);
  g_clear_pointer (&self->dials_per_host, g_hash_table_unref);
  g_queue_clear (&self->ready);

  G_OBJECT_CLASS (gofer_transit_parent_class)->finalize (object);
}

static void
gofer_transit_class_init (GoferTransitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_transit_dispose;
  object_class->finalize = gofer_transit_finalize;
}

static void
gofer_transit_init (GoferTransit *self)
{
  self->listen = TRUE;
  self->timeout_ms = GOFER_TRANSIT_DEFAULT_TIMEOUT_MS;
  self->relay_delay_ms = GOFER_TRANSIT_DEFAULT_RELAY_DELAY_MS;
  self->handshake_timeout_ms = GOFER_TRANSIT_DEFAULT_HANDSHAKE_TIMEOUT_MS;
  self->dials_per_host = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->relays = g_ptr_array_new_with_free_func ((GDestroyNotify)gofer_transit_hint_free);
  self->hints = g_ptr_array_new_with_free_func ((GDestroyNotify)gofer_transit_hint_free);
  self->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify)candidate_unref);
  g_queue_init (&self->ready);

  self->client = g_socket_client_new ();
  /* Transit goes straight to the peer or the relay, as every other client does. */
  g_socket_client_set_enable_proxy (self->client, FALSE);
}

GoferTransit *
gofer_transit_new (GoferTransitRole  role,
                   const GoferKey   *transit_key)
{
  GoferTransit *self;
  guint8 side[8];
  g_autofree char *side_hex = NULL;

  g_return_val_if_fail (transit_key != NULL, NULL);

  self = g_object_new (GOFER_TYPE_TRANSIT, NULL);
  self->role = role;
  self->key = gofer_key_copy (transit_key);
  self->own_handshake = gofer_transit_derive_handshake (transit_key, role);
  self->peer_handshake = gofer_transit_derive_handshake (transit_key, role == GOFER_TRANSIT_ROLE_SENDER
                                                                      ? GOFER_TRANSIT_ROLE_RECEIVER
                                                                      : GOFER_TRANSIT_ROLE_SENDER);

  /* A fresh side per transit keeps the relay from pairing us with ourselves. */
  randombytes_buf (side, sizeof side);
  side_hex = gofer_hex_encode (side, sizeof side);
  self->relay_line = gofer_transit_derive_relay_line (transit_key, side_hex);

  return self;
}

GoferTransitRole
gofer_transit_get_role (GoferTransit *self)
{
  g_return_val_if_fail (GOFER_IS_TRANSIT (self), GOFER_TRANSIT_ROLE_SENDER);

  return self->role;
}

void
gofer_transit_set_listen (GoferTransit *self,
                          gboolean      listen)
{
  g_return_if_fail (GOFER_IS_TRANSIT (self));
  g_return_if_fail (!self->prepared);

  self->listen = !!listen;
}

void
gofer_transit_add_relay (GoferTransit           *self,
                         const GoferTransitHint *relay)
{
  g_return_if_fail (GOFER_IS_TRANSIT (self));
  g_return_if_fail (relay != NULL && relay->type == GOFER_TRANSIT_HINT_RELAY);
  g_return_if_fail (!self->prepared);

  g_ptr_array_add (self->relays, gofer_transit_hint_copy (relay));
}

void
gofer_transit_set_timeout (GoferTransit *self,
                           guint         timeout_ms)
{
  g_return_if_fail (GOFER_IS_TRANSIT (self));
  g_return_if_fail (timeout_ms > 0);

  self->timeout_ms = timeout_ms;
}

void
gofer_transit_set_relay_delay (GoferTransit *self,
                               guint         delay_ms)
{
  g_return_if_fail (GOFER_IS_TRANSIT (self));

  self->relay_delay_ms = delay_ms;
}

void
gofer_transit_set_handshake_timeout (GoferTransit *self,
                                     guint         timeout_ms)
{
  g_return_if_fail (GOFER_IS_TRANSIT (self));

  self->handshake_timeout_ms = timeout_ms;
}

GPtrArray *
gofer_transit_get_hints (GoferTransit *self)
{
  g_return_val_if_fail (GOFER_IS_TRANSIT (self), NULL);

  return self->hints;
}

guint16
gofer_transit_get_port (GoferTransit *self)
{
  g_return_val_if_fail (GOFER_IS_TRANSIT (self), 0);

  return self->service != NULL ? self->port : 0;
}
