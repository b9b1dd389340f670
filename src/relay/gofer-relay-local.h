/* gofer-relay-local.h: a mailbox server and transit relay inside the app or the CLI
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GOFER_RELAY_TYPE_LOCAL (gofer_relay_local_get_type ())

G_DECLARE_FINAL_TYPE (GoferRelayLocal, gofer_relay_local, GOFER_RELAY, LOCAL, GObject)

GoferRelayLocal *gofer_relay_local_new              (void);
/* Starts both servers on one free port each, on every address in
 * @addresses (numeric), with state in memory and limits that fit one
 * transfer or conversation. */
gboolean         gofer_relay_local_start            (GoferRelayLocal     *self,
                                                     const char * const  *addresses,
                                                     GError             **error);
guint            gofer_relay_local_get_mailbox_port (GoferRelayLocal     *self);
guint            gofer_relay_local_get_transit_port (GoferRelayLocal     *self);
/* How many clients are connected to the mailbox server now. */
guint            gofer_relay_local_get_n_clients    (GoferRelayLocal     *self);
/* Closes every connection and stops listening (also when it goes). */
void             gofer_relay_local_stop             (GoferRelayLocal     *self);

G_END_DECLS
