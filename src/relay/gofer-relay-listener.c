/* gofer-relay-listener.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A GSocketListener that accepts in batches. GSocketService accepts one
 * connection per main loop iteration, and an iteration costs time in
 * proportion to every source the loop holds: with thousands of clients
 * arriving at once, filling up was quadratic (10,000 connections took
 * 95 s). Here each listening socket has one source, and each wake-up
 * takes up to GOFER_RELAY_ACCEPT_BATCH connections, until the kernel's
 * queue is empty.
 *
 * Sockets come in as with any GSocketListener (add_address, add_inet_port
 * …) or by gofer_relay_listener_add_socket(); each is watched on the thread-default main context of
 * the thread that added it.
 */

#include "config.h"

#include "gofer-relay-listener.h"

#include <gio/gnetworking.h>
#include <glib/gi18n-lib.h>

/* After an accept error other than "would block" (out of descriptors,
 * most likely), the socket stays readable: wait this long before trying
 * again instead of spinning. */
#define ACCEPT_RETRY_MS 100

typedef struct
{
  GoferRelayListener *listener;
  GSocket            *socket;
  GMainContext       *context;
  GSource            *source;
  guint               retry_id;
} Watch;

struct _GoferRelayListener
{
  GSocketListener         parent_instance;

  GoferRelayIncomingFunc  incoming;
  gpointer                user_data;
  GPtrArray              *watches;   /* of Watch, owned */
  gboolean                stopped;
};

G_DEFINE_FINAL_TYPE (GoferRelayListener, gofer_relay_listener, G_TYPE_SOCKET_LISTENER)

static void watch_start (Watch *watch);

static void
watch_stop (Watch *watch)
{
  if (watch->retry_id != 0)
    {
      GSource *retry = g_main_context_find_source_by_id (watch->context, watch->retry_id);

      if (retry != NULL)
        g_source_destroy (retry);
      watch->retry_id = 0;
    }
  if (watch->source != NULL)
    {
      g_source_destroy (watch->source);
      g_clear_pointer (&watch->source, g_source_unref);
    }
}

static void
watch_free (Watch *watch)
{
  watch_stop (watch);
  g_object_unref (watch->socket);
  g_main_context_unref (watch->context);
  g_free (watch);
}

static gboolean
watch_retry_cb (gpointer user_data)
{
  Watch *watch = user_data;

  watch->retry_id = 0;
  watch_start (watch);

  return G_SOURCE_REMOVE;
}

static gboolean
watch_ready_cb (GSocket      *socket,
                GIOCondition  condition,
                gpointer      user_data)
{
  Watch *watch = user_data;
  GoferRelayListener *self = watch->listener;

  for (guint i = 0; i < GOFER_RELAY_ACCEPT_BATCH && !self->stopped; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) client = g_socket_accept (socket, NULL, &error);
      g_autoptr(GSocketConnection) connection = NULL;

      if (client == NULL)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            break;
          g_debug ("could not accept a connection: %s", error->message);
          /* Pause this socket, and keep the loop for the others. */
          g_clear_pointer (&watch->source, g_source_unref);
          {
            GSource *retry = g_timeout_source_new (ACCEPT_RETRY_MS);

            g_source_set_static_name (retry, "[gofer-relay] accept retry");
            g_source_set_callback (retry, watch_retry_cb, watch, NULL);
            watch->retry_id = g_source_attach (retry, watch->context);
            g_source_unref (retry);
          }
          return G_SOURCE_REMOVE;
        }

      connection = g_socket_connection_factory_create_connection (client);
      self->incoming (self, connection, NULL, self->user_data);
    }

  return G_SOURCE_CONTINUE;
}

static void
watch_start (Watch *watch)
{
  watch->source = g_socket_create_source (watch->socket, G_IO_IN, NULL);
  g_source_set_static_name (watch->source, "[gofer-relay] accept");
  g_source_set_callback (watch->source, G_SOURCE_FUNC (watch_ready_cb), watch, NULL);
  g_source_attach (watch->source, watch->context);
}

static void
watch_socket (GoferRelayListener *self,
              GSocket            *socket)
{
  Watch *watch;

  g_socket_set_blocking (socket, FALSE);
  watch = g_new0 (Watch, 1);
  watch->listener = self;
  watch->socket = g_object_ref (socket);
  watch->context = g_main_context_ref_thread_default ();
  g_ptr_array_add (self->watches, watch);
  watch_start (watch);
}

/* Sockets the listener binds itself (add_address, add_inet_port …). */
static void
gofer_relay_listener_event (GSocketListener      *listener,
                            GSocketListenerEvent  event,
                            GSocket              *socket)
{
  GoferRelayListener *self = GOFER_RELAY_LISTENER (listener);

  if (event == G_SOCKET_LISTENER_LISTENED && !self->stopped)
    watch_socket (self, socket);
}

static void
gofer_relay_listener_dispose (GObject *object)
{
  GoferRelayListener *self = (GoferRelayListener *)object;

  gofer_relay_listener_stop (self);
  g_clear_pointer (&self->watches, g_ptr_array_unref);

  G_OBJECT_CLASS (gofer_relay_listener_parent_class)->dispose (object);
}

static void
gofer_relay_listener_class_init (GoferRelayListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GSocketListenerClass *listener_class = G_SOCKET_LISTENER_CLASS (klass);

  object_class->dispose = gofer_relay_listener_dispose;
  listener_class->event = gofer_relay_listener_event;
}

static void
gofer_relay_listener_init (GoferRelayListener *self)
{
  self->watches = g_ptr_array_new_with_free_func ((GDestroyNotify)watch_free);
}

/**
 * gofer_relay_listener_new:
 * @incoming: called with each new connection
 */
GoferRelayListener *
gofer_relay_listener_new (GoferRelayIncomingFunc incoming,
                          gpointer               user_data)
{
  GoferRelayListener *self = g_object_new (GOFER_RELAY_TYPE_LISTENER, NULL);

  self->incoming = incoming;
  self->user_data = user_data;

  return self;
}

/**
 * gofer_relay_listener_add_socket:
 * @socket: a bound, listening socket
 *
 * Like g_socket_listener_add_socket() (which does not tell subclasses
 * about the socket), and accepts on it from now on.
 */
gboolean
gofer_relay_listener_add_socket (GoferRelayListener  *self,
                                 GSocket             *socket,
                                 GError             **error)
{
  g_return_val_if_fail (GOFER_RELAY_IS_LISTENER (self), FALSE);

  if (!g_socket_listener_add_socket (G_SOCKET_LISTENER (self), socket, NULL, error))
    return FALSE;
  if (!self->stopped)
    watch_socket (self, socket);

  return TRUE;
}

/**
 * gofer_relay_listener_stop:
 *
 * Stops accepting and closes the listening sockets.
 */
void
gofer_relay_listener_stop (GoferRelayListener *self)
{
  g_return_if_fail (GOFER_RELAY_IS_LISTENER (self));

  self->stopped = TRUE;
  if (self->watches != NULL)
    g_ptr_array_set_size (self->watches, 0);
  g_socket_listener_close (G_SOCKET_LISTENER (self));
}

/* Binds one listening socket. Done here rather than by libsoup so the
 * backlog can be raised (GLib's default of 10 drops connection attempts
 * when hundreds of clients arrive at once). */
static gboolean
listen_on (GoferRelayListener  *self,
           GInetAddress        *inet,
           guint               *port,
           GError             **error)
{
  GSocketFamily family = g_inet_address_get_family (inet);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (inet, *port);
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocket) socket = NULL;

  if ((socket = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error)) == NULL)
    return FALSE;
  if (family == G_SOCKET_FAMILY_IPV6)
    g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, NULL);
  g_socket_set_listen_backlog (socket, GOFER_RELAY_LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) ||
      !g_socket_listen (socket, error) ||
      !gofer_relay_listener_add_socket (self, socket, error) ||
      (local = g_socket_get_local_address (socket, error)) == NULL)
    return FALSE;

  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  return TRUE;
}

/**
 * gofer_relay_listener_listen:
 * @address: (nullable): a numeric IP address, or %NULL for every interface
 *   (IPv4 and, where the system has it, IPv6)
 * @port: (inout): the TCP port, 0 for any free one; the port bound
 *
 * Listens on @address, and accepts from now on.
 */
gboolean
gofer_relay_listener_listen (GoferRelayListener  *self,
                             const char          *address,
                             guint               *port,
                             GError             **error)
{
  g_autoptr(GInetAddress) inet = NULL;

  g_return_val_if_fail (GOFER_RELAY_IS_LISTENER (self), FALSE);

  if (address == NULL)
    {
      g_autoptr(GInetAddress) any4 = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GInetAddress) any6 = g_inet_address_new_any (G_SOCKET_FAMILY_IPV6);
      g_autoptr(GError) v6_error = NULL;

      if (!listen_on (self, any4, port, error))
        return FALSE;
      if (!listen_on (self, any6, port, &v6_error))
        g_debug ("not listening on IPv6: %s", v6_error->message);
      return TRUE;
    }
  if ((inet = g_inet_address_new_from_string (address)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address. Give --listen a numeric IPv4 or IPv6 address."),
                   address);
      return FALSE;
    }
  return listen_on (self, inet, port, error);
}
