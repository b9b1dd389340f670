/* gofer-relay-listener.h
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Pending connections the kernel may queue on each listening socket. */
#define GOFER_RELAY_LISTEN_BACKLOG 4096

/* Connections taken from one listening socket per main loop wake-up. */
#define GOFER_RELAY_ACCEPT_BATCH 256

#define GOFER_RELAY_TYPE_LISTENER (gofer_relay_listener_get_type ())

G_DECLARE_FINAL_TYPE (GoferRelayListener, gofer_relay_listener, GOFER_RELAY, LISTENER, GSocketListener)

/* Called for each accepted connection, as GSocketService's "incoming". */
typedef gboolean (*GoferRelayIncomingFunc) (GoferRelayListener *listener,
                                            GSocketConnection  *connection,
                                            GObject            *source_object,
                                            gpointer            user_data);

GoferRelayListener *gofer_relay_listener_new  (GoferRelayIncomingFunc  incoming,
                                               gpointer                user_data);
gboolean            gofer_relay_listener_add_socket (GoferRelayListener  *self,
                                                     GSocket             *socket,
                                                     GError             **error);
gboolean            gofer_relay_listener_listen (GoferRelayListener  *self,
                                                 const char          *address,
                                                 guint               *port,
                                                 GError             **error);
void                gofer_relay_listener_stop (GoferRelayListener     *self);

G_END_DECLS
