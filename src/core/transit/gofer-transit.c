/* gofer-transit.c: the transit connection race (direct TCP and relay)
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GoferTransit object: its settings, preparing (listening and finding
 * our local addresses for our hints) and the connect call that starts a race
 * and ends it by time-out or cancellation. The dialling is in
 * gofer-transit-dial.c, the connections, their handshake and the choice of
 * the winner in gofer-transit-candidate.c.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#ifdef G_OS_UNIX
# include <ifaddrs.h>
# include <net/if.h>
# include <netinet/in.h>
# include <sys/socket.h>
#endif

#include "gofer-transit-private.h"

G_DEFINE_FINAL_TYPE (GoferTransit, gofer_transit, G_TYPE_OBJECT)

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

/* The race */

static gboolean
timeout_cb (gpointer user_data)
{
  GoferTransit *self = user_data;

  self->timeout_source = 0;
  g_debug ("transit: timed out");
  _gofer_transit_fail_no_connection (self);
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  GoferTransit *self = user_data;

  _gofer_transit_fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                  _("The connection attempt was cancelled.")));
  return G_SOURCE_REMOVE;
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

  _gofer_transit_start_race (self, peer_hints);
  _gofer_transit_choose (self);
  if (self->connect_task != NULL)
    _gofer_transit_check_exhausted (self);
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

/* Preparing */

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
  if (self->listen && !_gofer_transit_start_listening (self, &error))
    g_warning ("transit: cannot listen for direct connections: %s", error->message);

  /* Go and Rust receivers never listen and Go ones only use our relay: hold a
   * relay connection from the start so they find us there. */
  if (self->role == GOFER_TRANSIT_ROLE_SENDER)
    for (guint i = 0; i < self->relays->len; i++)
      {
        g_autoptr(GPtrArray) endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify)gofer_transit_hint_free);

        _gofer_transit_add_relay_endpoints (endpoints, g_ptr_array_index (self->relays, i));
        for (guint j = 0; j < endpoints->len; j++)
          _gofer_transit_dial (self, CANDIDATE_RELAY, g_ptr_array_index (endpoints, j));
      }

  /* The lookup task has no source object: its worker thread drops its last
   * reference a moment after the main context has seen the result, and the
   * transit must not live on into that moment (its owner may be freeing it). */
  lookup = g_task_new (NULL, cancellable, addresses_cb, g_steal_pointer (&task));
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
      _gofer_transit_fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                      _("The connection attempt was cancelled.")));
      return;
    }

  _gofer_transit_end_attempt (self);
  _gofer_transit_drop_candidates (self, NULL);
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
  self->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify)_gofer_transit_candidate_unref);
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
