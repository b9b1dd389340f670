/* gofer-relay-transit.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The transit relay: a TCP service that reads one handshake line,
 *
 *   please relay <64 word chars> for side <16 word chars>\n   (or the legacy
 *   please relay <64 word chars>\n                             without a side)
 *
 * and pairs connections like the reference relay (wire spec c.8): same
 * token and different sides, or either side unsided. Both get "ok\n", any
 * other connection waiting on that token is dropped as redundant, and a
 * GoferRelayForwarder joins the pair. A byte sent before "ok\n" earns
 * "impatient\n", an unparseable line "bad handshake\n"; both then close.
 * Unlike the reference, a connection that has not sent its handshake line
 * within --handshake-timeout, or waits longer than --transit-max-wait for
 * its partner, is closed, and so is a pair idle for --transit-idle-timeout.
 */

#include "config.h"

#include "gofer-relay-transit.h"

#include <string.h>

#include "gofer-relay-forwarder.h"
#include "gofer-relay-listener.h"

#define PREFIX "please relay "
#define PREFIX_LEN (sizeof PREFIX - 1)
#define SIDED " for side "
#define SIDED_LEN (sizeof SIDED - 1)
#define TOKEN_LEN 64
#define SIDE_LEN 16
#define LONGEST_LINE (PREFIX_LEN + TOKEN_LEN + SIDED_LEN + SIDE_LEN + 1)

typedef enum
{
  STATE_HANDSHAKE,
  STATE_WAITING,
} PendingState;

/* A connection that has not been paired yet. */
typedef struct
{
  GoferRelayTransit *transit;
  GSocketConnection *connection;
  char              *address;
  GSource           *source;
  GByteArray        *buffer;
  char              *token;
  char              *side;      /* NULL for the legacy unsided handshake */
  double             started;
  guint              timeout_id;
  GSource           *handshake_timeout;
  PendingState       state;
} Pending;

typedef struct
{
  GoferRelayTransit   *transit;
  GoferRelayForwarder *forwarder;
  char                *addresses[2];
  double               started;
  double               waiting_time;
} Pair;

struct _GoferRelayTransit
{
  GObject           parent_instance;

  GoferRelayListener *listener;
  GoferRelayUsage  *usage;
  GoferRelayLimits *limits;
  GHashTable       *pending;   /* set of Pending, owned */
  GHashTable       *waiting;   /* token → GPtrArray of Pending */
  GHashTable       *pairs;     /* set of Pair, owned */
  guint             port;
  gboolean          use_splice;
};

G_DEFINE_FINAL_TYPE (GoferRelayTransit, gofer_relay_transit, G_TYPE_OBJECT)

static double
now (void)
{
  return g_get_real_time () / (double)G_USEC_PER_SEC;
}

static GSocket *
pending_socket (Pending *pending)
{
  return g_socket_connection_get_socket (pending->connection);
}

static void
pending_stop_watching (Pending *pending)
{
  g_clear_handle_id (&pending->timeout_id, g_source_remove);
  if (pending->handshake_timeout != NULL)
    {
      g_source_destroy (pending->handshake_timeout);
      g_clear_pointer (&pending->handshake_timeout, g_source_unref);
    }
  if (pending->source != NULL)
    {
      g_source_destroy (pending->source);
      g_clear_pointer (&pending->source, g_source_unref);
    }
}

static void
pending_free (Pending *pending)
{
  pending_stop_watching (pending);
  if (pending->connection != NULL)
    {
      g_socket_close (pending_socket (pending), NULL);
      g_object_unref (pending->connection);
    }
  if (pending->address != NULL)
    gofer_relay_limits_release (pending->transit->limits,
                                GOFER_RELAY_LIMIT_CONNECTIONS_PER_ADDRESS, pending->address);
  g_free (pending->address);
  g_byte_array_unref (pending->buffer);
  g_free (pending->token);
  g_free (pending->side);
  g_free (pending);
}

static void
pair_free (Pair *pair)
{
  for (int i = 0; i < 2; i++)
    {
      gofer_relay_limits_release (pair->transit->limits,
                                  GOFER_RELAY_LIMIT_CONNECTIONS_PER_ADDRESS, pair->addresses[i]);
      g_free (pair->addresses[i]);
    }
  g_signal_handlers_disconnect_by_data (pair->forwarder, pair);
  g_object_unref (pair->forwarder);
  g_free (pair);
}

static void
send_line (GSocket    *socket,
           const char *line)
{
  /* A few bytes on a fresh socket: the send buffer is empty, so this does
   * not block and is not partial. */
  g_socket_send_with_blocking (socket, line, strlen (line), FALSE, NULL, NULL);
}

static void
waiting_remove (GoferRelayTransit *self,
                Pending           *pending)
{
  GPtrArray *list;

  if (pending->state != STATE_WAITING ||
      (list = g_hash_table_lookup (self->waiting, pending->token)) == NULL)
    return;

  g_ptr_array_remove (list, pending);
  if (list->len == 0)
    g_hash_table_remove (self->waiting, pending->token);
}

/* Ends an unpaired connection: optional last words, a usage record, and a
 * close that reads what the client already sent first (closing with
 * unread data would reset the connection and could lose @reply). */
static void
pending_drop (Pending    *pending,
              const char *reply,
              const char *mood)
{
  GoferRelayTransit *self = pending->transit;
  GSocket *socket = pending_socket (pending);
  char drain[512];

  waiting_remove (self, pending);
  if (reply != NULL)
    send_line (socket, reply);
  g_socket_shutdown (socket, FALSE, TRUE, NULL);
  for (int i = 0; i < 16; i++)
    if (g_socket_receive_with_blocking (socket, drain, sizeof drain, FALSE, NULL, NULL) <= 0)
      break;

  gofer_relay_usage_record_transit (self->usage, pending->started, -1,
                                    now () - pending->started, 0, mood);
  g_hash_table_remove (self->pending, pending);
}

static void
pair_finished_cb (GoferRelayForwarder *forwarder,
                  Pair                *pair)
{
  GoferRelayTransit *self = pair->transit;

  if (gofer_relay_forwarder_get_idle (forwarder))
    gofer_relay_limits_tripped (self->limits, GOFER_RELAY_LIMIT_TRANSIT_IDLE_TIMEOUT, NULL,
                                "closed an idle transit pair");
  gofer_relay_usage_record_transit (self->usage, pair->started, pair->waiting_time,
                                    now () - pair->started,
                                    gofer_relay_forwarder_get_bytes (forwarder), "happy");
  g_hash_table_remove (self->pairs, pair);
}

/* Takes both connections out of the pending set into a forwarding pair. */
static void
pair_up (GoferRelayTransit *self,
         Pending           *first,
         Pending           *second)
{
  Pair *pair = g_new0 (Pair, 1);
  guint idle = gofer_relay_limits_get (self->limits, GOFER_RELAY_LIMIT_TRANSIT_IDLE_TIMEOUT);

  send_line (pending_socket (second), "ok\n");
  send_line (pending_socket (first), "ok\n");

  pair->transit = self;
  pair->forwarder = gofer_relay_forwarder_new (first->connection, second->connection,
                                               idle, self->use_splice);
  pair->started = MIN (first->started, second->started);
  pair->waiting_time = ABS (first->started - second->started);
  pair->addresses[0] = g_steal_pointer (&first->address);
  pair->addresses[1] = g_steal_pointer (&second->address);

  for (int i = 0; i < 2; i++)
    {
      Pending *p = i == 0 ? first : second;

      pending_stop_watching (p);
      g_clear_object (&p->connection);
      g_hash_table_remove (self->pending, p);
    }

  g_hash_table_add (self->pairs, pair);
  g_signal_connect (pair->forwarder, "finished", G_CALLBACK (pair_finished_cb), pair);
  gofer_relay_forwarder_start (pair->forwarder);
}

static gboolean
sides_match (const char *a,
             const char *b)
{
  return a == NULL || b == NULL || strcmp (a, b) != 0;
}

/* Returns FALSE once @pending was paired, and so freed. */
static gboolean
got_handshake (GoferRelayTransit *self,
               Pending           *pending)
{
  GPtrArray *list = g_hash_table_lookup (self->waiting, pending->token);
  Pending *partner = NULL;
  gpointer key = NULL;

  for (guint i = 0; list != NULL && i < list->len && partner == NULL; i++)
    if (sides_match (((Pending *)g_ptr_array_index (list, i))->side, pending->side))
      partner = g_ptr_array_index (list, i);

  if (partner == NULL)
    {
      pending->state = STATE_WAITING;
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (self->waiting, g_strdup (pending->token), list);
        }
      g_ptr_array_add (list, pending);
      return TRUE;
    }

  /* The others on this token are spare connections of one side. */
  g_hash_table_steal_extended (self->waiting, pending->token, &key, NULL);
  g_free (key);
  g_ptr_array_remove (list, partner);
  for (guint i = 0; i < list->len; i++)
    {
      Pending *spare = g_ptr_array_index (list, i);

      spare->state = STATE_HANDSHAKE;   /* no longer in the waiting table */
      pending_drop (spare, NULL, "redundant");
    }
  g_ptr_array_unref (list);

  pair_up (self, partner, pending);
  return FALSE;
}

static gboolean
all_word_chars (const char *s,
                gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (s[i]) && s[i] != '_')
      return FALSE;

  return TRUE;
}

/* Parses one handshake line (without its newline). */
static gboolean
parse_handshake (Pending    *pending,
                 const char *line,
                 gsize       len)
{
  const char *token = line + PREFIX_LEN;
  const char *side = token + TOKEN_LEN + SIDED_LEN;

  if (len < PREFIX_LEN + TOKEN_LEN || memcmp (line, PREFIX, PREFIX_LEN) != 0 ||
      !all_word_chars (token, TOKEN_LEN))
    return FALSE;

  if (len == PREFIX_LEN + TOKEN_LEN)
    side = NULL;
  else if (len != PREFIX_LEN + TOKEN_LEN + SIDED_LEN + SIDE_LEN ||
           memcmp (token + TOKEN_LEN, SIDED, SIDED_LEN) != 0 ||
           !all_word_chars (side, SIDE_LEN))
    return FALSE;

  pending->token = g_strndup (token, TOKEN_LEN);
  pending->side = side ? g_strndup (side, SIDE_LEN) : NULL;
  return TRUE;
}

/* Returns FALSE once @pending has been dropped or paired. */
static gboolean
process_handshake (GoferRelayTransit *self,
                   Pending           *pending)
{
  const char *data = (const char *)pending->buffer->data;
  gsize len = pending->buffer->len;
  const char *newline = memchr (data, '\n', len);

  if (newline == NULL)
    {
      if (len < LONGEST_LINE)
        return TRUE;
      pending_drop (pending, "bad handshake\n", "errory");
      return FALSE;
    }
  if (!parse_handshake (pending, data, newline - data))
    {
      pending_drop (pending, "bad handshake\n", "errory");
      return FALSE;
    }
  if ((gsize)(newline - data) + 1 < len)
    {
      pending_drop (pending, "impatient\n", "impatient");
      return FALSE;
    }

  if (pending->handshake_timeout != NULL)
    {
      g_source_destroy (pending->handshake_timeout);
      g_clear_pointer (&pending->handshake_timeout, g_source_unref);
    }
  /* Paired, @pending is gone: pair_up() took it out of the pending set. */
  return got_handshake (self, pending);
}

static gboolean
pending_readable_cb (GSocket      *socket,
                     GIOCondition  condition,
                     gpointer      user_data)
{
  Pending *pending = user_data;
  GoferRelayTransit *self = pending->transit;
  g_autoptr(GError) error = NULL;
  char buf[256];
  gssize n;

  n = g_socket_receive_with_blocking (socket, buf, sizeof buf, FALSE, NULL, &error);
  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return G_SOURCE_CONTINUE;

  /* The source is destroyed by whatever ends this connection below. */
  if (n <= 0)
    pending_drop (pending, NULL, pending->state == STATE_WAITING ? "lonely" : "errory");
  else if (pending->state == STATE_WAITING)
    pending_drop (pending, "impatient\n", "impatient");
  else
    {
      g_byte_array_append (pending->buffer, (guint8 *)buf, n);
      process_handshake (self, pending);
    }

  return G_SOURCE_CONTINUE;
}

/* Ends an unpaired connection because @limit ran out, and logs it. */
static void
pending_expire (Pending         *pending,
                GoferRelayLimit  limit,
                const char      *what)
{
  gofer_relay_limits_tripped (pending->transit->limits, limit, pending->address, what);
  pending_drop (pending, NULL, pending->state == STATE_WAITING ? "lonely" : "errory");
}

static gboolean
pending_timeout_cb (gpointer user_data)
{
  Pending *pending = user_data;

  pending->timeout_id = 0;
  pending_expire (pending, GOFER_RELAY_LIMIT_TRANSIT_MAX_WAIT,
                  pending->state == STATE_WAITING
                  ? "closed a transit connection whose partner never came"
                  : "closed a transit connection that sent no handshake");

  return G_SOURCE_REMOVE;
}

static gboolean
pending_handshake_timeout_cb (gpointer user_data)
{
  Pending *pending = user_data;

  g_clear_pointer (&pending->handshake_timeout, g_source_unref);
  pending_expire (pending, GOFER_RELAY_LIMIT_HANDSHAKE_TIMEOUT,
                  "closed a transit connection that did not finish its handshake");

  return G_SOURCE_REMOVE;
}

static char *
remote_address (GSocketConnection *connection)
{
  g_autoptr(GSocketAddress) address = g_socket_connection_get_remote_address (connection, NULL);

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup ("unknown");

  return g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

/* Takes @connection in as a new unpaired connection from @address; FALSE
 * (and the connection closed) when that address already holds too many. */
static gboolean
transit_adopt (GoferRelayTransit *self,
               GSocketConnection *connection,
               const char        *address)
{
  guint max_wait = gofer_relay_limits_get (self->limits, GOFER_RELAY_LIMIT_TRANSIT_MAX_WAIT);
  GSocket *socket = g_socket_connection_get_socket (connection);
  Pending *pending;

  if (!gofer_relay_limits_acquire (self->limits, GOFER_RELAY_LIMIT_CONNECTIONS_PER_ADDRESS,
                                   address, "refused a transit connection"))
    {
      g_socket_close (socket, NULL);
      return FALSE;
    }

  if (g_socket_get_family (socket) != G_SOCKET_FAMILY_UNIX)
    g_socket_set_keepalive (socket, TRUE);
  pending = g_new0 (Pending, 1);
  pending->transit = self;
  pending->connection = g_object_ref (connection);
  pending->address = g_strdup (address);
  pending->buffer = g_byte_array_new ();
  pending->started = now ();
  pending->source = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (pending->source, G_SOURCE_FUNC (pending_readable_cb), pending, NULL);
  g_source_attach (pending->source, NULL);
  if (max_wait > 0)
    pending->timeout_id = g_timeout_add_seconds (max_wait, pending_timeout_cb, pending);
  pending->handshake_timeout = gofer_relay_limits_add_timeout (self->limits,
                                                               GOFER_RELAY_LIMIT_HANDSHAKE_TIMEOUT,
                                                               pending_handshake_timeout_cb,
                                                               pending);
  g_hash_table_add (self->pending, pending);

  return TRUE;
}

static gboolean
incoming_cb (GoferRelayListener *listener,
             GSocketConnection  *connection,
             GObject            *source_object,
             gpointer            user_data)
{
  g_autofree char *address = remote_address (connection);

  transit_adopt (user_data, connection, address);
  return TRUE;
}

/**
 * gofer_relay_transit_adopt:
 * @connection: a connection that carries what a TCP client would send
 *   (the WebSocket transit's bridge, gofer-relay-transit-ws.c)
 * @address: the client's IP address, for the per-address limit
 *
 * Pairs @connection under the same rules as the TCP connections, with
 * them and with its own kind.
 *
 * Returns: FALSE when @address holds too many connections already
 */
gboolean
gofer_relay_transit_adopt (GoferRelayTransit *self,
                           GSocketConnection *connection,
                           const char        *address)
{
  g_return_val_if_fail (GOFER_RELAY_IS_TRANSIT (self), FALSE);
  g_return_val_if_fail (G_IS_SOCKET_CONNECTION (connection), FALSE);

  return transit_adopt (self, connection, address ? address : "unknown");
}

static void
gofer_relay_transit_dispose (GObject *object)
{
  GoferRelayTransit *self = (GoferRelayTransit *)object;

  gofer_relay_transit_stop (self);
  g_clear_pointer (&self->waiting, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->pairs, g_hash_table_unref);
  g_clear_object (&self->listener);
  g_clear_object (&self->usage);
  g_clear_object (&self->limits);

  G_OBJECT_CLASS (gofer_relay_transit_parent_class)->dispose (object);
}

static void
gofer_relay_transit_class_init (GoferRelayTransitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_relay_transit_dispose;
}

static void
gofer_relay_transit_init (GoferRelayTransit *self)
{
  self->pending = g_hash_table_new_full (NULL, NULL, (GDestroyNotify)pending_free, NULL);
  self->waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)g_ptr_array_unref);
  self->pairs = g_hash_table_new_full (NULL, NULL, (GDestroyNotify)pair_free, NULL);
  self->listener = gofer_relay_listener_new (incoming_cb, self);
  /* GLib's default backlog of 10 drops connections under a burst. */
  g_socket_listener_set_backlog (G_SOCKET_LISTENER (self->listener), 4096);
}

/**
 * gofer_relay_transit_new:
 * @usage: (nullable): the usage log
 * @use_splice: forward with splice(2) where the platform has it
 */
GoferRelayTransit *
gofer_relay_transit_new (GoferRelayUsage  *usage,
                         GoferRelayLimits *limits,
                         gboolean          use_splice)
{
  GoferRelayTransit *self = g_object_new (GOFER_RELAY_TYPE_TRANSIT, NULL);

  self->usage = usage ? g_object_ref (usage) : NULL;
  self->limits = g_object_ref (limits);
  self->use_splice = use_splice;

  return self;
}

/**
 * gofer_relay_transit_listen:
 * @address: (nullable): the address to listen on, or %NULL for every
 *   interface
 * @port: the TCP port, or 0 for any free port
 */
gboolean
gofer_relay_transit_listen (GoferRelayTransit  *self,
                            const char         *address,
                            guint               port,
                            GError            **error)
{
  GSocketListener *listener = G_SOCKET_LISTENER (self->listener);
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;

  g_return_val_if_fail (GOFER_RELAY_IS_TRANSIT (self), FALSE);

  if (address == NULL && port == 0)
    return (self->port = g_socket_listener_add_any_inet_port (listener, NULL, error)) != 0;
  if (address == NULL)
    {
      self->port = port;
      return g_socket_listener_add_inet_port (listener, port, NULL, error);
    }

  if ((inet = g_inet_address_new_from_string (address)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", address);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (inet, port);
  if (!g_socket_listener_add_address (listener, socket_address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, error))
    return FALSE;

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  return TRUE;
}

guint
gofer_relay_transit_get_port (GoferRelayTransit *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_TRANSIT (self), 0);

  return self->port;
}

/**
 * gofer_relay_transit_stop:
 *
 * Stops listening and closes every transit connection.
 */
void
gofer_relay_transit_stop (GoferRelayTransit *self)
{
  g_return_if_fail (GOFER_RELAY_IS_TRANSIT (self));

  if (self->listener != NULL)
    gofer_relay_listener_stop (self->listener);
  if (self->waiting != NULL)
    g_hash_table_remove_all (self->waiting);
  if (self->pending != NULL)
    g_hash_table_remove_all (self->pending);
  if (self->pairs != NULL)
    g_hash_table_remove_all (self->pairs);
}
