/* gofer-relay-local.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same mailbox server and transit relay as gofer-relay, run by a Gofer
 * that sends on a network without a server of its own (docs/relay.md,
 * "Inside Gofer"). It serves one transfer or one conversation: two
 * mailboxes at a time (a conversation moves to a new one now and then), a
 * few connections, state in memory only, and it listens only on the
 * addresses it is given, which the caller picks from the local network.
 */

#include "config.h"

#include "gofer-relay-local.h"
#include "gofer-relay-limits.h"
#include "gofer-relay-mailbox-server.h"
#include "gofer-relay-store.h"
#include "gofer-relay-transit.h"

#define LOCAL_MAILBOXES   2
#define LOCAL_CONNECTIONS 16
/* Mailboxes nobody uses go after this long, as on a public server. */
#define LOCAL_CHANNEL_EXPIRY   (11 * 60)
#define LOCAL_EXPIRY_INTERVAL  60

struct _GoferRelayLocal
{
  GObject                  parent_instance;

  GoferRelayLimits        *limits;
  GoferRelayStore         *store;
  GoferRelayMailboxServer *mailbox;
  GoferRelayTransit       *transit;
};

G_DEFINE_FINAL_TYPE (GoferRelayLocal, gofer_relay_local, G_TYPE_OBJECT)

static gboolean
listen_mailbox (GoferRelayLocal     *self,
                const char * const  *addresses,
                GError             **error)
{
  guint port = 0;

  for (gsize i = 0; addresses[i] != NULL; i++)
    {
      if (!gofer_relay_mailbox_server_listen (self->mailbox, addresses[i], port, error))
        return FALSE;
      port = gofer_relay_mailbox_server_get_port (self->mailbox);
    }
  return TRUE;
}

static gboolean
listen_transit (GoferRelayLocal     *self,
                const char * const  *addresses,
                GError             **error)
{
  guint port = 0;

  for (gsize i = 0; addresses[i] != NULL; i++)
    {
      if (!gofer_relay_transit_listen (self->transit, addresses[i], port, error))
        return FALSE;
      port = gofer_relay_transit_get_port (self->transit);
    }
  return TRUE;
}

gboolean
gofer_relay_local_start (GoferRelayLocal     *self,
                         const char * const  *addresses,
                         GError             **error)
{
  g_return_val_if_fail (GOFER_RELAY_IS_LOCAL (self), FALSE);
  g_return_val_if_fail (addresses != NULL && addresses[0] != NULL, FALSE);
  g_return_val_if_fail (self->store == NULL, FALSE);

  self->limits = gofer_relay_limits_new ();
  gofer_relay_limits_set (self->limits, GOFER_RELAY_LIMIT_MAILBOXES, LOCAL_MAILBOXES);
  gofer_relay_limits_set (self->limits, GOFER_RELAY_LIMIT_CONNECTIONS, LOCAL_CONNECTIONS);
  if ((self->store = gofer_relay_store_open (":memory:", error)) == NULL)
    return FALSE;

  self->mailbox = gofer_relay_mailbox_server_new (self->store, NULL, self->limits);
  gofer_relay_mailbox_server_set_expiry (self->mailbox, LOCAL_CHANNEL_EXPIRY, LOCAL_EXPIRY_INTERVAL);
  /* A few connections: one connection thread is plenty. */
  gofer_relay_mailbox_server_set_threads (self->mailbox, 1);
  if (!gofer_relay_mailbox_server_load (self->mailbox, error) ||
      !listen_mailbox (self, addresses, error))
    return FALSE;

  self->transit = gofer_relay_transit_new (NULL, self->limits, TRUE);
  return listen_transit (self, addresses, error);
}

guint
gofer_relay_local_get_mailbox_port (GoferRelayLocal *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_LOCAL (self), 0);

  return self->mailbox ? gofer_relay_mailbox_server_get_port (self->mailbox) : 0;
}

guint
gofer_relay_local_get_transit_port (GoferRelayLocal *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_LOCAL (self), 0);

  return self->transit ? gofer_relay_transit_get_port (self->transit) : 0;
}

guint
gofer_relay_local_get_n_clients (GoferRelayLocal *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_LOCAL (self), 0);

  return self->limits ? gofer_relay_limits_total (self->limits,
                                                  GOFER_RELAY_LIMIT_CONNECTIONS_PER_ADDRESS) : 0;
}

void
gofer_relay_local_stop (GoferRelayLocal *self)
{
  g_return_if_fail (GOFER_RELAY_IS_LOCAL (self));

  if (self->mailbox != NULL)
    gofer_relay_mailbox_server_stop (self->mailbox);
  if (self->transit != NULL)
    gofer_relay_transit_stop (self->transit);
  g_clear_object (&self->mailbox);
  g_clear_object (&self->transit);
  if (self->store != NULL)
    gofer_relay_store_close (self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->limits);
}

static void
gofer_relay_local_dispose (GObject *object)
{
  gofer_relay_local_stop (GOFER_RELAY_LOCAL (object));

  G_OBJECT_CLASS (gofer_relay_local_parent_class)->dispose (object);
}

static void
gofer_relay_local_class_init (GoferRelayLocalClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gofer_relay_local_dispose;
}

static void
gofer_relay_local_init (GoferRelayLocal *self)
{
}

GoferRelayLocal *
gofer_relay_local_new (void)
{
  return g_object_new (GOFER_RELAY_TYPE_LOCAL, NULL);
}
