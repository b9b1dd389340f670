/* gofer-relay-mailbox-server.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The mailbox (rendezvous) server. It accepts TCP connections in the main
 * context, in batches (GoferRelayListener), and hands each to one of its
 * connection threads (GoferRelayWorker), the one holding fewest; each
 * thread has its own main context, HTTP server, WebSockets and keepalive
 * timer. The mailbox state stays in one place, the main context: a
 * GoferRelayBackend (today the SQLite one) that the connections ask through
 * this server's state inbox (gofer_relay_mailbox_server_submit()) and that
 * answers through theirs, so one connection's frames keep their order and
 * the state needs no lock.
 *
 * With --threads 0 (the default) it starts one thread per processor and
 * another each time every thread holds GOFER_RELAY_CONNECTIONS_PER_THREAD.
 */

#include "config.h"

#include "gofer-relay-mailbox-server.h"

#include "gofer-relay-backend-sqlite.h"
#include "gofer-relay-listener.h"
#include "gofer-relay-worker.h"

struct _GoferRelayMailboxServer
{
  GObject             parent_instance;

  GoferRelayListener *listener;
  GoferRelayLimits   *limits;
  GoferRelayBackend  *backend;
  GoferRelayInbox    *state;     /* requests to the backend, run in the main context */
  GoferRelayInbox    *home;      /* for connections made outside a worker (tests, fuzzers) */
  GPtrArray          *workers;   /* of GoferRelayWorker, owned */
  guint               n_threads; /* --threads; 0: automatic */
  guint               next_worker;
  char               *welcome;   /* the welcome's JSON text */
  guint               channel_expiry;
  guint               check_interval;
  guint               port;
  gboolean            allow_list;
  gboolean            behind_proxy;
  guint               hashcash_bits;
  gboolean            stopped;
};

G_DEFINE_FINAL_TYPE (GoferRelayMailboxServer, gofer_relay_mailbox_server, G_TYPE_OBJECT)

static void
gofer_relay_mailbox_server_dispose (GObject *object)
{
  GoferRelayMailboxServer *self = (GoferRelayMailboxServer *)object;

  gofer_relay_mailbox_server_stop (self);
  g_clear_object (&self->listener);

  G_OBJECT_CLASS (gofer_relay_mailbox_server_parent_class)->dispose (object);
}

static void
gofer_relay_mailbox_server_finalize (GObject *object)
{
  GoferRelayMailboxServer *self = (GoferRelayMailboxServer *)object;

  g_clear_pointer (&self->workers, g_ptr_array_unref);
  if (self->state != NULL)
    gofer_relay_inbox_close (self->state);
  if (self->home != NULL)
    gofer_relay_inbox_close (self->home);
  g_clear_pointer (&self->state, gofer_relay_inbox_unref);
  g_clear_pointer (&self->home, gofer_relay_inbox_unref);
  if (self->backend != NULL)
    self->backend->funcs->free (g_steal_pointer (&self->backend));
  g_clear_object (&self->limits);
  g_clear_pointer (&self->welcome, g_free);

  G_OBJECT_CLASS (gofer_relay_mailbox_server_parent_class)->finalize (object);
}

static void
gofer_relay_mailbox_server_class_init (GoferRelayMailboxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_relay_mailbox_server_dispose;
  object_class->finalize = gofer_relay_mailbox_server_finalize;
}

static void
gofer_relay_mailbox_server_init (GoferRelayMailboxServer *self)
{
  self->workers = g_ptr_array_new_with_free_func ((GDestroyNotify)gofer_relay_worker_free);
  self->allow_list = TRUE;
  self->channel_expiry = 11 * 60;
  self->check_interval = 5 * 60;
  gofer_relay_mailbox_server_set_welcome (self, NULL, NULL, NULL);
}

/* The least busy worker; a new one when they are all full and the count
 * is automatic. */
static GoferRelayWorker *
choose_worker (GoferRelayMailboxServer *self)
{
  GoferRelayWorker *best = NULL;
  int best_load = 0;
  guint n = self->workers->len;

  for (guint i = 0; i < n; i++)
    {
      GoferRelayWorker *worker = g_ptr_array_index (self->workers, (self->next_worker + i) % n);
      int load = gofer_relay_worker_get_load (worker);

      if (best == NULL || load < best_load)
        {
          best = worker;
          best_load = load;
        }
    }
  self->next_worker = n > 0 ? (self->next_worker + 1) % n : 0;

  if (best == NULL ||
      (self->n_threads == 0 && best_load >= GOFER_RELAY_CONNECTIONS_PER_THREAD &&
       n < GOFER_RELAY_MAX_THREADS))
    {
      best = gofer_relay_worker_new (self, n);
      g_ptr_array_add (self->workers, best);
      g_debug ("started connection thread %u", n + 1);
    }

  return best;
}

static gboolean
incoming_cb (GoferRelayListener *listener,
             GSocketConnection  *connection,
             GObject            *source_object,
             gpointer            user_data)
{
  GoferRelayMailboxServer *self = user_data;

  gofer_relay_worker_take (choose_worker (self), connection);
  return TRUE;
}

/**
 * gofer_relay_mailbox_server_new:
 * @store: (nullable): where state is saved
 * @usage: (nullable): the usage log
 *
 * Makes the server, with its state in the calling thread's thread-default
 * main context.
 */
GoferRelayMailboxServer *
gofer_relay_mailbox_server_new (GoferRelayStore  *store,
                                GoferRelayUsage  *usage,
                                GoferRelayLimits *limits)
{
  GoferRelayMailboxServer *self = g_object_new (GOFER_RELAY_TYPE_MAILBOX_SERVER, NULL);

  self->limits = g_object_ref (limits);
  self->backend = gofer_relay_backend_sqlite_new (store, usage, limits);
  self->state = gofer_relay_inbox_new (NULL, "[gofer-relay] state inbox");
  self->home = gofer_relay_inbox_new (NULL, "[gofer-relay] main inbox");
  self->listener = gofer_relay_listener_new (incoming_cb, self);

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
 * Call before listening.
 */
void
gofer_relay_mailbox_server_set_welcome (GoferRelayMailboxServer *self,
                                        const char              *motd,
                                        const char              *error_text,
                                        const char              *advertise_version)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *welcome = json_object_new ();

  g_return_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self));

  if (motd != NULL)
    json_object_set_string_member (welcome, "motd", motd);
  if (error_text != NULL)
    json_object_set_string_member (welcome, "error", error_text);
  if (advertise_version != NULL)
    json_object_set_string_member (welcome, "current_cli_version", advertise_version);

  node = json_node_init_object (json_node_alloc (), welcome);
  json_object_unref (welcome);
  /* Text: a JsonNode may not be shared between threads. */
  g_free (self->welcome);
  self->welcome = json_to_string (node, FALSE);
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
  self->backend->funcs->set_expiry (self->backend, channel_expiry, check_interval);
}

/**
 * gofer_relay_mailbox_server_set_backend:
 * @backend: (transfer full): where the mailbox state is kept instead of
 *   the embedded SQLite backend
 *
 * Call before loading and listening.
 */
void
gofer_relay_mailbox_server_set_backend (GoferRelayMailboxServer *self,
                                        GoferRelayBackend       *backend)
{
  g_return_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self));
  g_return_if_fail (backend != NULL);
  g_return_if_fail (self->workers->len == 0);

  self->backend->funcs->free (self->backend);
  self->backend = backend;
  backend->funcs->set_expiry (backend, self->channel_expiry, self->check_interval);
}

/**
 * gofer_relay_mailbox_server_set_threads:
 * @n_threads: connection threads; 0: one per processor to start with, and
 *   another whenever each holds %GOFER_RELAY_CONNECTIONS_PER_THREAD
 *
 * Call before listening.
 */
void
gofer_relay_mailbox_server_set_threads (GoferRelayMailboxServer *self,
                                        guint                    n_threads)
{
  g_return_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self));
  g_return_if_fail (n_threads <= GOFER_RELAY_MAX_THREADS);

  self->n_threads = n_threads;
}

/**
 * gofer_relay_mailbox_server_get_n_threads:
 *
 * Returns: the connection threads running now
 */
guint
gofer_relay_mailbox_server_get_n_threads (GoferRelayMailboxServer *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self), 0);

  return self->workers->len;
}

/**
 * gofer_relay_mailbox_server_dup_welcome:
 *
 * Returns: (transfer full): the "welcome" member of the welcome frame
 */
JsonNode *
gofer_relay_mailbox_server_dup_welcome (GoferRelayMailboxServer *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self), NULL);

  return json_from_string (self->welcome, NULL);
}

gboolean
gofer_relay_mailbox_server_get_allow_list (GoferRelayMailboxServer *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self), FALSE);

  return self->allow_list;
}

/**
 * gofer_relay_mailbox_server_set_hashcash_bits:
 * @bits: 0 for none
 *
 * With @bits, each connection's welcome asks for a hashcash stamp of that
 * many bits (--require-hashcash), which neither the Debian Python client
 * nor wormhole-william can give. Set before listening: the connection
 * threads read it.
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

gboolean
gofer_relay_mailbox_server_get_behind_proxy (GoferRelayMailboxServer *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self), FALSE);

  return self->behind_proxy;
}

GoferRelayLimits *
gofer_relay_mailbox_server_get_limits (GoferRelayMailboxServer *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self), NULL);

  return self->limits;
}

/**
 * gofer_relay_mailbox_server_get_home:
 *
 * Returns: (transfer none): the inbox of the calling thread's connections:
 *   its worker's, or outside the workers the server's own
 */
GoferRelayInbox *
gofer_relay_mailbox_server_get_home (GoferRelayMailboxServer *self)
{
  GoferRelayWorker *worker = gofer_relay_worker_get_current ();

  return worker ? gofer_relay_worker_get_inbox (worker) : self->home;
}

/**
 * gofer_relay_mailbox_server_submit:
 * @request: (transfer full): what a connection asks of the state
 *
 * Hands @request to the backend, in the state context (from any thread).
 * The requests of one connection are handled in the order they came.
 */
void
gofer_relay_mailbox_server_submit (GoferRelayMailboxServer *self,
                                   GoferRelayRequest       *request)
{
  gofer_relay_backend_submit (self->backend, self->state, request);
}

/**
 * gofer_relay_mailbox_server_get_state:
 *
 * Returns: (transfer none): the state context's inbox, for
 *   gofer_relay_backend_submit() by a connection that may outlive the
 *   server; closed once the server stopped
 */
GoferRelayInbox *
gofer_relay_mailbox_server_get_state (GoferRelayMailboxServer *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self), NULL);

  return self->state;
}

GoferRelayBackend *
gofer_relay_mailbox_server_get_backend (GoferRelayMailboxServer *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self), NULL);

  return self->backend;
}

/**
 * gofer_relay_mailbox_server_load:
 *
 * Reads the saved nameplates, mailboxes and messages back from the store
 * and starts expiring idle channels. Call once, before listening.
 */
gboolean
gofer_relay_mailbox_server_load (GoferRelayMailboxServer  *self,
                                 GError                  **error)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self), FALSE);

  return self->backend->funcs->start (self->backend, error);
}

/**
 * gofer_relay_mailbox_server_listen:
 * @address: (nullable): the address to listen on, or %NULL for every
 *   interface (IPv4 and, where the system has it, IPv6)
 * @port: the TCP port, or 0 for any free port
 *
 * Starts the connection threads and listens.
 */
gboolean
gofer_relay_mailbox_server_listen (GoferRelayMailboxServer  *self,
                                   const char               *address,
                                   guint                     port,
                                   GError                  **error)
{
  guint n;

  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self), FALSE);

  if (!gofer_relay_listener_listen (self->listener, address, &port, error))
    return FALSE;
  self->port = port;

  n = self->n_threads ? self->n_threads : CLAMP (g_get_num_processors (), 1, GOFER_RELAY_MAX_THREADS);
  while (self->workers->len < n)
    g_ptr_array_add (self->workers, gofer_relay_worker_new (self, self->workers->len));

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
 * Python client reconnects by itself once the server is back), ends the
 * connection threads and lets the backend forget the connections.
 */
void
gofer_relay_mailbox_server_stop (GoferRelayMailboxServer *self)
{
  g_return_if_fail (GOFER_RELAY_IS_MAILBOX_SERVER (self));

  if (self->stopped)
    return;
  self->stopped = TRUE;

  if (self->listener != NULL)
    gofer_relay_listener_stop (self->listener);
  /* The threads end, and what is still on its way to them is dropped. */
  for (guint i = 0; i < self->workers->len; i++)
    gofer_relay_worker_stop (g_ptr_array_index (self->workers, i));
  /* What the connections asked before they went (the last of it: the
   * backend may answer, which now goes nowhere). */
  while (gofer_relay_inbox_run (self->state) | gofer_relay_inbox_run (self->home))
    ;
  /* Anything asked later (a connection let go of after its server) is
   * dropped. */
  gofer_relay_inbox_close (self->state);
  self->backend->funcs->stop (self->backend);
}
