/* gofer-relay-mailbox-server.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The mailbox (rendezvous) server: a SoupServer with a WebSocket handler at
 * /v1, fed by a GoferRelayAcceptor that limits connections until they are
 * WebSockets, the application namespaces, the saved state loaded at start,
 * and the timer that expires idle channels.
 */

#include "config.h"

#include "gofer-relay-mailbox-server.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

#include "gofer-json.h"

#include "gofer-relay-acceptor.h"
#include "gofer-relay-connection.h"
#include "gofer-relay-wire.h"

/* Seconds between WebSocket pings to each connection (libsoup's keepalive
 * interval as the relay used it). */
#define KEEPALIVE_INTERVAL 60

struct _GoferRelayMailboxServer
{
  GObject            parent_instance;

  SoupServer         *soup;
  GoferRelayAcceptor *acceptor;
  GoferRelayStore    *store;
  GoferRelayUsage    *usage;
  GoferRelayLimits   *limits;
  GHashTable         *namespaces;   /* app id → GoferRelayNamespace */
  GHashTable         *connections;  /* set of GoferRelayConnection, owned */
  JsonNode           *welcome;
  guint              channel_expiry;
  guint              check_interval;
  guint              prune_id;
  guint              keepalive_id;
  guint              port;
  gboolean           allow_list;
  gboolean           behind_proxy;
  guint              hashcash_bits;
};

G_DEFINE_FINAL_TYPE (GoferRelayMailboxServer, gofer_relay_mailbox_server, G_TYPE_OBJECT)

static void
gofer_relay_mailbox_server_dispose (GObject *object)
{
  GoferRelayMailboxServer *self = (GoferRelayMailboxServer *)object;

  gofer_relay_mailbox_server_stop (self);
  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_pointer (&self->namespaces, g_hash_table_unref);
  g_clear_object (&self->acceptor);
  g_clear_object (&self->soup);
  g_clear_object (&self->store);
  g_clear_object (&self->usage);
  g_clear_object (&self->limits);
  g_clear_pointer (&self->welcome, json_node_unref);

  G_OBJECT_CLASS (gofer_relay_mailbox_server_parent_class)->dispose (object);
}

static void
gofer_relay_mailbox_server_class_init (GoferRelayMailboxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_relay_mailbox_server_dispose;
}

static void
gofer_relay_mailbox_server_init (GoferRelayMailboxServer *self)
{
  self->namespaces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->connections = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->allow_list = TRUE;
  self->channel_expiry = 11 * 60;
  self->check_interval = 5 * 60;
  gofer_relay_mailbox_server_set_welcome (self, NULL, NULL, NULL);
}

/* The client's address: the peer, or behind a reverse proxy the last entry
 * the proxy appended to X-Forwarded-For. */
static char *
client_address (GoferRelayMailboxServer *self,
                SoupServerMessage       *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *forwarded = soup_message_headers_get_list (headers, "X-Forwarded-For");
  const char *last;

  if (!self->behind_proxy || forwarded == NULL)
    return g_strdup (soup_server_message_get_remote_host (msg));

  last = strrchr (forwarded, ',');
  return g_strstrip (g_strdup (last ? last + 1 : forwarded));
}

static void
connection_closed_cb (GoferRelayConnection    *connection,
                      GoferRelayMailboxServer *self)
{
  gofer_relay_limits_release (self->limits, GOFER_RELAY_LIMIT_CONNECTIONS_PER_ADDRESS,
                              gofer_relay_connection_get_address (connection));
  g_signal_handlers_disconnect_by_data (connection, self);
  g_hash_table_remove (self->connections, connection);
}

static void
websocket_upgraded_cb (SoupServerMessage       *msg,
                       GoferRelayMailboxServer *self)
{
  g_autofree char *address = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GoferRelayWire) wire = NULL;
  g_autoptr(SoupWebsocketConnection) websocket = NULL;
  g_autoptr(SoupServerMessage) hold = g_object_ref (msg);
  g_autoptr(GSocket) socket = NULL;
  guint64 max_size = gofer_relay_limits_get (self->limits, GOFER_RELAY_LIMIT_MESSAGE_SIZE);
  GoferRelayConnection *connection;

  if (soup_server_message_get_status (msg) != SOUP_STATUS_SWITCHING_PROTOCOLS)
    return;
  g_signal_handlers_disconnect_by_func (msg, websocket_upgraded_cb, self);

  /* What libsoup does for a WebSocket handler, with the wire in between. */
  address = client_address (self, msg);
  socket = gofer_relay_acceptor_get_socket (self->acceptor, msg);
  if (socket != NULL)
    g_object_ref (socket);
  stream = soup_server_message_steal_connection (msg);
  gofer_relay_wire_set_max_total_unsent (gofer_relay_limits_get (self->limits,
                                                                 GOFER_RELAY_LIMIT_UNSENT_TOTAL));
  gofer_relay_wire_set_max_total_incoming (gofer_relay_limits_get (self->limits,
                                                                   GOFER_RELAY_LIMIT_INCOMING_TOTAL));
  wire = gofer_relay_wire_new (stream, gofer_relay_connection_frame_limit (max_size),
                               gofer_relay_limits_get (self->limits,
                                                       GOFER_RELAY_LIMIT_UNSENT_PER_CONNECTION));
  gofer_relay_wire_set_socket (wire, socket);
  websocket = soup_websocket_connection_new (G_IO_STREAM (wire), soup_server_message_get_uri (msg),
                                             SOUP_WEBSOCKET_CONNECTION_SERVER,
                                             soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                                           "Origin"),
                                             NULL, NULL);

  gofer_relay_acceptor_upgraded (self->acceptor, msg);
  if (!gofer_relay_limits_acquire (self->limits, GOFER_RELAY_LIMIT_CONNECTIONS_PER_ADDRESS,
                                   address, "refused a mailbox connection"))
    {
      soup_websocket_connection_close (websocket, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                       "too many connections from your address");
      return;
    }

  connection = gofer_relay_connection_new (self, websocket, wire, address);
  g_hash_table_add (self->connections, connection);
  g_signal_connect (connection, "closed", G_CALLBACK (connection_closed_cb), self);
  gofer_relay_connection_start (connection);
}

/* The WebSocket handshake at /v1. Not soup_server_add_websocket_handler():
 * the connection must go through a GoferRelayWire (see there), and no
 * extension is offered, so permessage-deflate cannot turn a small frame
 * into a large message. */
static void
websocket_cb (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  GoferRelayMailboxServer *self = user_data;

  if (soup_websocket_server_process_handshake (msg, NULL, NULL, NULL, NULL))
    g_signal_connect_object (msg, "wrote-informational", G_CALLBACK (websocket_upgraded_cb), self, 0);
}

static void
root_cb (SoupServer        *soup,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  static const char text[] = "Wormhole Relay (gofer-relay)\n";

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, text, sizeof text - 1);
}

/**
 * gofer_relay_mailbox_server_new:
 * @store: (nullable): where state is saved
 * @usage: (nullable): the usage log
 */
GoferRelayMailboxServer *
gofer_relay_mailbox_server_new (GoferRelayStore  *store,
                                GoferRelayUsage  *usage,
                                GoferRelayLimits *limits)
{
  GoferRelayMailboxServer *self = g_object_new (GOFER_RELAY_TYPE_MAILBOX_SERVER, NULL);

  self->store = store ? g_object_ref (store) : NULL;
  self->usage = usage ? g_object_ref (usage) : NULL;
  self->limits = g_object_ref (limits);
  self->soup = soup_server_new ("server-header", "gofer-relay/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->soup, NULL, root_cb, self, NULL);
  soup_server_add_handler (self->soup, "/v1", websocket_cb, self, NULL);
  self->acceptor = gofer_relay_acceptor_new (self->soup, limits);

  return self;
}

/**
 * gofer_relay_mailbox_server_set_welcome:
 * @motd: (nullable): a message every client prints, then carries on
 * @error_text: (nullable): a message every client prints, then stops
 * @advertise_version: (nullable): the current client version to advertise
 *
 * Sets what the welcome carries. Permissions are asked for by each
 * connection, and only with gofer_relay_mailbox_server_set_hashcash_bits().
 */
void
gofer_relay_mailbox_server_set_welcome (GoferRelayMailboxServer *self,
                                        const char              *motd,
                                        const char              *error_text,
                                        const char              *advertise_version)
{
  JsonObject *welcome = json_object_new ();

  g_return_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self));

  if (motd != NULL)
    json_object_set_string_member (welcome, "motd", motd);
  if (error_text != NULL)
    json_object_set_string_member (welcome, "error", error_text);
  if (advertise_version != NULL)
    json_object_set_string_member (welcome, "current_cli_version", advertise_version);

  g_clear_pointer (&self->welcome, json_node_unref);
  self->welcome = json_node_init_object (json_node_alloc (), welcome);
  json_object_unref (welcome);
}

void
gofer_relay_mailbox_server_set_allow_list (GoferRelayMailboxServer *self,
                                           gboolean                 allow_list)
{
  g_return_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self));

  self->allow_list = !!allow_list;
}

/**
 * gofer_relay_mailbox_server_set_behind_proxy:
 *
 * Takes the client address from X-Forwarded-For, for per-address limits,
 * when a reverse proxy terminates TLS in front of the server.
 */
void
gofer_relay_mailbox_server_set_behind_proxy (GoferRelayMailboxServer *self,
                                             gboolean                 behind_proxy)
{
  g_return_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self));

  self->behind_proxy = !!behind_proxy;
}

static gboolean
prune_cb (gpointer user_data)
{
  GoferRelayMailboxServer *self = user_data;
  double now = g_get_real_time () / (double)G_USEC_PER_SEC;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->namespaces);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      /* A namespace a connection is still bound to must stay the one that
       * connection uses, so only unreferenced empty ones are dropped. */
      if (gofer_relay_namespace_prune (value, now, now - self->channel_expiry) &&
          G_OBJECT (value)->ref_count == 1)
        g_hash_table_iter_remove (&iter);
    }

  return G_SOURCE_CONTINUE;
}

/* One timer for the keepalive of every connection. */
static gboolean
keepalive_cb (gpointer user_data)
{
  GoferRelayMailboxServer *self = user_data;
  GHashTableIter iter;
  gpointer connection;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, &connection, NULL))
    gofer_relay_connection_keepalive (connection);

  return G_SOURCE_CONTINUE;
}

/**
 * gofer_relay_mailbox_server_set_expiry:
 * @channel_expiry: seconds after which an untouched mailbox is deleted
 * @check_interval: seconds between checks
 */
void
gofer_relay_mailbox_server_set_expiry (GoferRelayMailboxServer *self,
                                       guint                    channel_expiry,
                                       guint                    check_interval)
{
  g_return_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self));
  g_return_if_fail (check_interval > 0);

  self->channel_expiry = channel_expiry;
  self->check_interval = check_interval;
  if (self->prune_id != 0)
    {
      g_source_remove (self->prune_id);
      self->prune_id = g_timeout_add_seconds (self->check_interval, prune_cb, self);
    }
}

GoferRelayNamespace *
gofer_relay_mailbox_server_get_namespace (GoferRelayMailboxServer *self,
                                          const char              *app_id)
{
  GoferRelayNamespace *ns;

  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self), NULL);

  if ((ns = g_hash_table_lookup (self->namespaces, app_id)) == NULL)
    {
      ns = gofer_relay_namespace_new (app_id, self->store, self->usage, self->limits);
      g_hash_table_insert (self->namespaces, g_strdup (app_id), ns);
    }

  return ns;
}

/**
 * gofer_relay_mailbox_server_set_hashcash_bits:
 * @bits: 0 for none
 *
 * With @bits, each connection's welcome asks for a hashcash stamp of that
 * many bits (--require-hashcash), which neither the Debian Python client
 * nor wormhole-william can give.
 */
void
gofer_relay_mailbox_server_set_hashcash_bits (GoferRelayMailboxServer *self,
                                              guint                    bits)
{
  g_return_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self));

  self->hashcash_bits = bits;
}

guint
gofer_relay_mailbox_server_get_hashcash_bits (GoferRelayMailboxServer *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self), 0);

  return self->hashcash_bits;
}

JsonNode *
gofer_relay_mailbox_server_get_welcome (GoferRelayMailboxServer *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self), NULL);

  return self->welcome;
}

gboolean
gofer_relay_mailbox_server_get_allow_list (GoferRelayMailboxServer *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self), FALSE);

  return self->allow_list;
}

GoferRelayLimits *
gofer_relay_mailbox_server_get_limits (GoferRelayMailboxServer *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self), NULL);

  return self->limits;
}

GoferRelayUsage *
gofer_relay_mailbox_server_get_usage (GoferRelayMailboxServer *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self), NULL);

  return self->usage;
}

/* Restoring trusts the database no more than a client: it may have been
 * edited, damaged, or written by another program. A row is restored only
 * if the relay could have written it (its names present and as short as a
 * client may send them, a body no longer than --max-message-size, a
 * msg_id that is short, shallow JSON), only into a mailbox restored
 * before it, and only within the limits a live relay keeps (mailboxes,
 * sides, messages and bytes per mailbox, stored bytes). Times that are
 * not finite, or lie in the future, become now, so everything expires on
 * schedule. What is not restored is deleted once the load is over. */
typedef struct
{
  GoferRelayMailboxServer *self;
  double                   now;
  guint                    n_mailboxes;
  guint                    n_messages;
  guint                    n_nameplates;
  guint                    n_dropped;
  guint64                  stored_bytes;
  GPtrArray               *doomed;  /* app id, mailbox id, app id, ... */
} LoadState;

static gboolean
name_ok (const char *name,
         gsize       max_len)
{
  return name != NULL && strlen (name) <= max_len;
}

static double
load_time (LoadState *state,
           double     when)
{
  return isfinite (when) && when <= state->now ? when : state->now;
}

static guint64
load_limit (LoadState       *state,
            GoferRelayLimit  limit)
{
  guint64 value = gofer_relay_limits_get (state->self->limits, limit);

  return value == 0 ? G_MAXUINT64 : value;
}

static void
load_drop (LoadState  *state,
           const char *app_id,
           const char *mailbox_id)
{
  state->n_dropped++;
  if (app_id != NULL && mailbox_id != NULL)
    {
      g_ptr_array_add (state->doomed, g_strdup (app_id));
      g_ptr_array_add (state->doomed, g_strdup (mailbox_id));
    }
}

static GoferRelayMailbox *
load_lookup_mailbox (LoadState  *state,
                     const char *app_id,
                     const char *mailbox_id)
{
  GoferRelayNamespace *ns = app_id != NULL ? g_hash_table_lookup (state->self->namespaces, app_id) : NULL;

  return ns != NULL && mailbox_id != NULL ? gofer_relay_namespace_lookup_mailbox (ns, mailbox_id) : NULL;
}

static void
load_mailbox_cb (const GoferRelayStoreRow *row,
                 gpointer                  user_data)
{
  LoadState *state = user_data;
  GoferRelayNamespace *ns;
  GoferRelayMailbox *mailbox;

  if (!name_ok (row->text[0], GOFER_RELAY_MAX_NAME_LENGTH) ||
      !name_ok (row->text[1], GOFER_RELAY_MAX_NAME_LENGTH) ||
      load_lookup_mailbox (state, row->text[0], row->text[1]) != NULL)
    {
      state->n_dropped++;
      return;
    }
  if (state->n_mailboxes >= load_limit (state, GOFER_RELAY_LIMIT_MAILBOXES))
    {
      load_drop (state, row->text[0], row->text[1]);
      return;
    }

  ns = gofer_relay_mailbox_server_get_namespace (state->self, row->text[0]);
  mailbox = gofer_relay_namespace_restore_mailbox (ns, row->text[1], row->integer,
                                                   load_time (state, row->real));

  /* The per-address counts carry on where they were. */
  if (row->text[2] != NULL &&
      gofer_relay_limits_acquire (state->self->limits, GOFER_RELAY_LIMIT_MAILBOXES_PER_ADDRESS,
                                  row->text[2], "counted a restored mailbox"))
    gofer_relay_mailbox_set_creator (mailbox, row->text[2]);
  state->n_mailboxes++;
}

static void
load_mailbox_side_cb (const GoferRelayStoreRow *row,
                      gpointer                  user_data)
{
  LoadState *state = user_data;
  GoferRelayMailbox *mailbox = load_lookup_mailbox (state, row->text[0], row->text[1]);

  /* A mailbox has two sides at most; a third is turned away. */
  if (mailbox == NULL || !name_ok (row->text[2], GOFER_RELAY_MAX_NAME_LENGTH) ||
      !(row->text[3] == NULL || name_ok (row->text[3], GOFER_RELAY_MAX_NAME_LENGTH)) ||
      gofer_relay_mailbox_has_side (mailbox, row->text[2]) ||
      gofer_relay_mailbox_would_crowd (mailbox, row->text[2]))
    {
      state->n_dropped++;
      return;
    }
  gofer_relay_mailbox_restore_side (mailbox, row->text[2], row->integer, row->text[3],
                                    load_time (state, row->real));
}

static void
load_message_cb (const GoferRelayStoreRow *row,
                 gpointer                  user_data)
{
  LoadState *state = user_data;
  GoferRelayMailbox *mailbox = load_lookup_mailbox (state, row->text[0], row->text[1]);
  g_autoptr(JsonNode) msg_id = NULL;
  g_autoptr(GoferRelayMessage) message = NULL;

  if (mailbox == NULL || !name_ok (row->text[2], GOFER_RELAY_MAX_NAME_LENGTH) ||
      !name_ok (row->text[3], GOFER_RELAY_MAX_NAME_LENGTH) ||
      !name_ok (row->text[4], load_limit (state, GOFER_RELAY_LIMIT_MESSAGE_SIZE)))
    {
      state->n_dropped++;
      return;
    }
  /* The id a client gave its message: JSON, checked before json-glib
   * (which recurses) sees it; anything else is dropped, not the message. */
  if (row->text[5] != NULL && strlen (row->text[5]) <= GOFER_RELAY_MAX_NAME_LENGTH &&
      gofer_json_check (row->text[5], strlen (row->text[5]), 8) == GOFER_JSON_OK)
    msg_id = json_from_string (row->text[5], NULL);

  message = gofer_relay_message_new (row->text[2], row->text[3], row->text[4], msg_id,
                                     load_time (state, row->real));
  message->rowid = row->rowid;

  if (gofer_relay_mailbox_get_n_messages (mailbox) >= load_limit (state, GOFER_RELAY_LIMIT_MESSAGES_PER_MAILBOX) ||
      gofer_relay_mailbox_get_n_bytes (mailbox) + message->cost >
        load_limit (state, GOFER_RELAY_LIMIT_MAILBOX_BYTES) ||
      state->stored_bytes + message->cost > load_limit (state, GOFER_RELAY_LIMIT_STORED_BYTES))
    {
      /* Its mailbox goes too: a mailbox that lost a message would replay
       * a conversation with a hole in it. */
      load_drop (state, row->text[0], row->text[1]);
      return;
    }

  if (row->text[6] != NULL &&
      gofer_relay_limits_acquire_n (state->self->limits, GOFER_RELAY_LIMIT_STORED_BYTES_PER_ADDRESS,
                                    row->text[6], message->cost, "counted a restored message"))
    message->address = g_strdup (row->text[6]);
  state->stored_bytes += message->cost;
  gofer_relay_mailbox_restore_message (mailbox, message);
  state->n_messages++;
}

static void
load_nameplate_cb (const GoferRelayStoreRow *row,
                   gpointer                  user_data)
{
  LoadState *state = user_data;
  GoferRelayNamespace *ns;

  /* A nameplate without its mailbox would only be pruned. */
  if (!name_ok (row->text[1], GOFER_RELAY_MAX_NAMEPLATE_LENGTH) ||
      load_lookup_mailbox (state, row->text[0], row->text[2]) == NULL)
    {
      state->n_dropped++;
      return;
    }
  ns = gofer_relay_mailbox_server_get_namespace (state->self, row->text[0]);
  gofer_relay_namespace_restore_nameplate (ns, row->text[1], row->text[2]);
  state->n_nameplates++;
}

static void
load_nameplate_side_cb (const GoferRelayStoreRow *row,
                        gpointer                  user_data)
{
  LoadState *state = user_data;
  GoferRelayNamespace *ns = row->text[0] != NULL ? g_hash_table_lookup (state->self->namespaces, row->text[0])
                                                 : NULL;

  if (ns == NULL || row->text[1] == NULL || !name_ok (row->text[2], GOFER_RELAY_MAX_NAME_LENGTH) ||
      !gofer_relay_namespace_restore_claim (ns, row->text[1], row->text[2], row->integer,
                                            load_time (state, row->real)))
    state->n_dropped++;
}

/* Deletes the mailboxes that were not restored, or not whole, from the
 * database, and from memory those whose messages were cut short. */
static void
load_forget_doomed (LoadState *state)
{
  for (guint i = 0; i + 1 < state->doomed->len; i += 2)
    {
      const char *app_id = g_ptr_array_index (state->doomed, i);
      const char *mailbox_id = g_ptr_array_index (state->doomed, i + 1);
      GoferRelayNamespace *ns = g_hash_table_lookup (state->self->namespaces, app_id);

      if (ns != NULL && gofer_relay_namespace_lookup_mailbox (ns, mailbox_id) != NULL)
        gofer_relay_namespace_forget_mailbox (ns, mailbox_id);
      else
        gofer_relay_store_delete_mailbox (state->self->store, app_id, mailbox_id);
    }
}

/**
 * gofer_relay_mailbox_server_load:
 *
 * Reads the saved nameplates, mailboxes and messages back from the store.
 * Call once, before listening.
 */
gboolean
gofer_relay_mailbox_server_load (GoferRelayMailboxServer  *self,
                                 GError                  **error)
{
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_free);
  LoadState state = { self, g_get_real_time () / (double)G_USEC_PER_SEC, 0, 0, 0, 0, 0, doomed };
  guint64 max_size;

  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self), FALSE);

  if (self->store == NULL)
    return TRUE;

  /* A row holds a body no longer than a message, and a few names. */
  max_size = gofer_relay_limits_get (self->limits, GOFER_RELAY_LIMIT_MESSAGE_SIZE);
  if (max_size != 0 && max_size < G_MAXINT / 2)
    gofer_relay_store_set_max_value (self->store, 2 * max_size + 64 * 1024);

  if (!gofer_relay_store_foreach (self->store, GOFER_RELAY_STORE_MAILBOXES,
                                  load_mailbox_cb, &state, error) ||
      !gofer_relay_store_foreach (self->store, GOFER_RELAY_STORE_MAILBOX_SIDES,
                                  load_mailbox_side_cb, &state, error) ||
      !gofer_relay_store_foreach (self->store, GOFER_RELAY_STORE_MESSAGES,
                                  load_message_cb, &state, error) ||
      !gofer_relay_store_foreach (self->store, GOFER_RELAY_STORE_NAMEPLATES,
                                  load_nameplate_cb, &state, error) ||
      !gofer_relay_store_foreach (self->store, GOFER_RELAY_STORE_NAMEPLATE_SIDES,
                                  load_nameplate_side_cb, &state, error))
    return FALSE;

  load_forget_doomed (&state);
  if (state.n_mailboxes + state.n_nameplates > 0)
    g_message ("restored %u mailboxes holding %u messages, and %u nameplates",
               state.n_mailboxes, state.n_messages, state.n_nameplates);
  if (state.n_dropped > 0)
    g_message ("left out %u rows of the database that gofer-relay cannot have written, "
               "or that would pass its limits", state.n_dropped);

  return TRUE;
}

/**
 * gofer_relay_mailbox_server_listen:
 * @address: (nullable): the address to listen on, or %NULL for every
 *   interface (IPv4 and, where the system has it, IPv6)
 * @port: the TCP port, or 0 for any free port
 */
gboolean
gofer_relay_mailbox_server_listen (GoferRelayMailboxServer  *self,
                                   const char               *address,
                                   guint                     port,
                                   GError                  **error)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self), FALSE);

  if (!gofer_relay_acceptor_listen (self->acceptor, address, &port, error))
    return FALSE;
  self->port = port;

  if (self->prune_id == 0)
    self->prune_id = g_timeout_add_seconds (self->check_interval, prune_cb, self);
  if (self->keepalive_id == 0)
    self->keepalive_id = g_timeout_add_seconds (KEEPALIVE_INTERVAL, keepalive_cb, self);

  return TRUE;
}

guint
gofer_relay_mailbox_server_get_port (GoferRelayMailboxServer *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self), 0);

  return self->port;
}

/**
 * gofer_relay_mailbox_server_stop:
 *
 * Stops listening and closes every client connection ("going away"; the
 * Python client reconnects by itself once the server is back).
 */
void
gofer_relay_mailbox_server_stop (GoferRelayMailboxServer *self)
{
  GHashTableIter iter;
  gpointer connection;

  g_return_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self));

  g_clear_handle_id (&self->prune_id, g_source_remove);
  g_clear_handle_id (&self->keepalive_id, g_source_remove);
  if (self->acceptor != NULL)
    gofer_relay_acceptor_stop (self->acceptor);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  if (self->connections == NULL)
    return;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, &connection, NULL))
    {
      g_signal_handlers_disconnect_by_data (connection, self);
      gofer_relay_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "server stopping");
      g_hash_table_iter_remove (&iter);
    }
}
