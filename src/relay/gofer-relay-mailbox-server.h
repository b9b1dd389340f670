/* gofer-relay-mailbox-server.h
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "gofer-relay-backend.h"
#include "gofer-relay-limits.h"
#include "gofer-relay-store.h"
#include "gofer-relay-usage.h"

G_BEGIN_DECLS

/* Connections one connection thread holds before another is started
 * (with the automatic thread count). */
#define GOFER_RELAY_CONNECTIONS_PER_THREAD 1000

/* Connection threads at most, automatic or not. */
#define GOFER_RELAY_MAX_THREADS 256

#define GOFER_RELAY_TYPE_MAILBOX_SERVER (gofer_relay_mailbox_server_get_type ())

G_DECLARE_FINAL_TYPE (GoferRelayMailboxServer, gofer_relay_mailbox_server, GOFER_RELAY, MAILBOX_SERVER, GObject)

GoferRelayMailboxServer *gofer_relay_mailbox_server_new            (GoferRelayStore          *store,
                                                                    GoferRelayUsage          *usage,
                                                                    GoferRelayLimits         *limits);
void                     gofer_relay_mailbox_server_set_welcome    (GoferRelayMailboxServer  *self,
                                                                    const char               *motd,
                                                                    const char               *error_text,
                                                                    const char               *advertise_version);
void                     gofer_relay_mailbox_server_set_allow_list (GoferRelayMailboxServer  *self,
                                                                    gboolean                  allow_list);
void                     gofer_relay_mailbox_server_set_hashcash_bits (GoferRelayMailboxServer *self,
                                                                    guint                     bits);
void                     gofer_relay_mailbox_server_set_behind_proxy (GoferRelayMailboxServer *self,
                                                                    gboolean                  behind_proxy);
void                     gofer_relay_mailbox_server_set_expiry     (GoferRelayMailboxServer  *self,
                                                                    guint                     channel_expiry,
                                                                    guint                     check_interval);
void                     gofer_relay_mailbox_server_set_backend    (GoferRelayMailboxServer  *self,
                                                                    GoferRelayBackend        *backend);
void                     gofer_relay_mailbox_server_set_threads    (GoferRelayMailboxServer  *self,
                                                                    guint                     n_threads);
gboolean                 gofer_relay_mailbox_server_load           (GoferRelayMailboxServer  *self,
                                                                    GError                  **error);
gboolean                 gofer_relay_mailbox_server_listen         (GoferRelayMailboxServer  *self,
                                                                    const char               *address,
                                                                    guint                     port,
                                                                    GError                  **error);
guint                    gofer_relay_mailbox_server_get_port       (GoferRelayMailboxServer  *self);
guint                    gofer_relay_mailbox_server_get_n_threads  (GoferRelayMailboxServer  *self);
void                     gofer_relay_mailbox_server_stop           (GoferRelayMailboxServer  *self);

/* For the connection threads (any thread). */
JsonNode                *gofer_relay_mailbox_server_dup_welcome    (GoferRelayMailboxServer  *self);
gboolean                 gofer_relay_mailbox_server_get_allow_list (GoferRelayMailboxServer  *self);
gboolean                 gofer_relay_mailbox_server_get_behind_proxy (GoferRelayMailboxServer *self);
guint                    gofer_relay_mailbox_server_get_hashcash_bits (GoferRelayMailboxServer *self);
GoferRelayLimits        *gofer_relay_mailbox_server_get_limits     (GoferRelayMailboxServer  *self);
GoferRelayInbox         *gofer_relay_mailbox_server_get_home       (GoferRelayMailboxServer  *self);
void                     gofer_relay_mailbox_server_submit         (GoferRelayMailboxServer  *self,
                                                                    GoferRelayRequest        *request);
GoferRelayInbox         *gofer_relay_mailbox_server_get_state      (GoferRelayMailboxServer  *self);
GoferRelayBackend       *gofer_relay_mailbox_server_get_backend    (GoferRelayMailboxServer  *self);

G_END_DECLS
