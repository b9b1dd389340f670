/* gofer-relay-acceptor.h
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "gofer-relay-limits.h"

G_BEGIN_DECLS

#define GOFER_RELAY_TYPE_ACCEPTOR (gofer_relay_acceptor_get_type ())

G_DECLARE_FINAL_TYPE (GoferRelayAcceptor, gofer_relay_acceptor, GOFER_RELAY, ACCEPTOR, GObject)

GoferRelayAcceptor *gofer_relay_acceptor_new         (SoupServer          *soup,
                                                      GoferRelayLimits    *limits);
gboolean            gofer_relay_acceptor_add_socket  (GoferRelayAcceptor  *self,
                                                      GSocket             *socket,
                                                      GError             **error);
gboolean            gofer_relay_acceptor_listen      (GoferRelayAcceptor  *self,
                                                      const char          *address,
                                                      guint               *port,
                                                      GError             **error);
void                gofer_relay_acceptor_take        (GoferRelayAcceptor  *self,
                                                      GSocketConnection   *connection);
GSocket            *gofer_relay_acceptor_get_socket  (GoferRelayAcceptor  *self,
                                                      SoupServerMessage   *msg);
void                gofer_relay_acceptor_upgraded    (GoferRelayAcceptor  *self,
                                                      SoupServerMessage   *msg);
void                gofer_relay_acceptor_stop        (GoferRelayAcceptor  *self);

G_END_DECLS
