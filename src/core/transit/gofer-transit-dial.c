/* gofer-transit-dial.c: dialling the peer's hints and the relays
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which endpoints a race dials and when: the peer's direct hints at once, the
 * relays (ours and the peer's) at once or after a short delay when a direct
 * connection may still win, never more than a few connections to one host.
 * A TCP or WebSocket connection that opens becomes a candidate
 * (gofer-transit-candidate.c); a relay's first asks the relay to pair it.
 */

#include "config.h"

#include <string.h>

#include "gofer-transit-private.h"
#include "gofer-transit-ws.h"

/* See relay_ok_read_cb(). */
#define RELAY_RECEIVER_PAUSE_MS 100

static gboolean
relay_handshake_timeout_cb (gpointer user_data)
{
  Candidate *cand = user_data;

  if (cand->transit != NULL)
    _gofer_transit_candidate_handshake (cand);
  return G_SOURCE_REMOVE;
}

static void
relay_ok_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Candidate) cand = user_data;

  if (!_gofer_transit_candidate_read_finish (cand, result, "ok\n", "relay answer"))
    return;
  /* wormhole-william (through 1.0.8) closes its relay connection at random
   * when the receiver's handshake comes back before one of its goroutines
   * has run (a select on two ready channels in waitForRelayPeer). Senders
   * write first and wait for us, so a receiver's short pause costs nothing
   * and keeps Go senders working. */
  if (cand->transit->role == GOFER_TRANSIT_ROLE_RECEIVER)
    g_timeout_add_full (G_PRIORITY_DEFAULT, RELAY_RECEIVER_PAUSE_MS, relay_handshake_timeout_cb,
                        _gofer_transit_candidate_ref (cand), (GDestroyNotify)_gofer_transit_candidate_unref);
  else
    _gofer_transit_candidate_handshake (cand);
}

static void
relay_line_written_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(Candidate) cand = user_data;

  /* Nothing may be written before "ok\n" arrives, or the relay hangs up. */
  if (_gofer_transit_candidate_write_finish (cand, result))
    _gofer_transit_candidate_read (cand, strlen ("ok\n"), relay_ok_read_cb);
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
  if (!_gofer_transit_candidate_alive (cand, error))
    {
      g_clear_object (&connection);
      return;
    }

  cand->connection = connection;
  g_debug ("transit: connected to %s", cand->description);
  if (cand->kind == CANDIDATE_RELAY)
    _gofer_transit_candidate_write (cand, cand->transit->relay_line, relay_line_written_cb);
  else
    _gofer_transit_candidate_handshake (cand);
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

void
_gofer_transit_dial (GoferTransit           *self,
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

  cand = _gofer_transit_candidate_new (self, kind, endpoint,
                                       g_strdup_printf ("%s %s", kind == CANDIDATE_RELAY ? "relay" : "direct", endpoint));
  g_ptr_array_add (self->candidates, cand);

  if (hint->type == GOFER_TRANSIT_HINT_WEBSOCKET)
    {
      gofer_transit_ws_connect_async (hint->url, cand->cancellable, ws_connected_cb,
                                      _gofer_transit_candidate_ref (cand));
      return;
    }

  address = g_network_address_new (hint->hostname, hint->port);
  g_socket_client_connect_async (self->client, address, cand->cancellable,
                                 connected_cb, _gofer_transit_candidate_ref (cand));
}

static void
transit_dial_relays (GoferTransit *self)
{
  g_autoptr(GPtrArray) relays = g_steal_pointer (&self->pending_relays);

  for (guint i = 0; relays && i < relays->len; i++)
    _gofer_transit_dial (self, CANDIDATE_RELAY, g_ptr_array_index (relays, i));
}

static gboolean
relay_delay_cb (gpointer user_data)
{
  GoferTransit *self = user_data;

  self->relay_source = 0;
  transit_dial_relays (self);
  _gofer_transit_check_exhausted (self);
  return G_SOURCE_REMOVE;
}

void
_gofer_transit_add_relay_endpoints (GPtrArray              *endpoints,
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
void
_gofer_transit_start_race (GoferTransit *self,
                           GPtrArray    *peer_hints)
{
  gboolean direct = FALSE;

  self->pending_relays = g_ptr_array_new_with_free_func ((GDestroyNotify)gofer_transit_hint_free);
  for (guint i = 0; i < self->relays->len; i++)
    _gofer_transit_add_relay_endpoints (self->pending_relays, g_ptr_array_index (self->relays, i));

  for (guint i = 0; peer_hints && i < peer_hints->len; i++)
    {
      GoferTransitHint *hint = g_ptr_array_index (peer_hints, i);

      if (gofer_transit_hint_is_dialable (hint))
        {
          _gofer_transit_dial (self, CANDIDATE_DIRECT, hint);
          direct = TRUE;
        }
      else if (hint->type == GOFER_TRANSIT_HINT_RELAY)
        _gofer_transit_add_relay_endpoints (self->pending_relays, hint);
    }

  if (direct && self->relay_delay_ms > 0)
    self->relay_source = g_timeout_add (self->relay_delay_ms, relay_delay_cb, self);
  else
    transit_dial_relays (self);
}
