/* gofer-local-host.h: a Gofer that hosts its own meeting place on the local network
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GOFER_TYPE_LOCAL_HOST (gofer_local_host_get_type ())

G_DECLARE_FINAL_TYPE (GoferLocalHost, gofer_local_host, GOFER, LOCAL_HOST, GObject)

/* Starts gofer-relay's mailbox server and transit relay in this process, on
 * the computer's local-network addresses only. NULL with a sentence in
 * @error when it has none, or the ports cannot be opened. */
GoferLocalHost *gofer_local_host_new            (GError             **error);
/* "ws://ADDRESS:PORT/v1", the mailbox to use. */
const char     *gofer_local_host_get_mailbox_url (GoferLocalHost     *self);
/* "tcp:ADDRESS:PORT", the transit relay to use. */
const char     *gofer_local_host_get_transit_helper (GoferLocalHost  *self);
/* The line a standard client on the same network receives @code with. */
char           *gofer_local_host_dup_wormhole_command (GoferLocalHost *self,
                                                       const char     *code);
/* Announces @code's nameplate on the network (mDNS). Completes when the
 * announcement is out; GOFER_ERROR_NO_DISCOVERY when it cannot be made, in
 * which case a receiver needs the mailbox address. */
void            gofer_local_host_announce_async (GoferLocalHost      *self,
                                                 const char          *code,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean        gofer_local_host_announce_finish (GoferLocalHost     *self,
                                                  GAsyncResult       *result,
                                                  GError            **error);
/* Completes once no client is connected any more, or after 10 s: the other
 * side closes its mailbox after a transfer, and would wait for an answer
 * from a host that is gone. */
void            gofer_local_host_linger_async   (GoferLocalHost      *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
void            gofer_local_host_linger_finish  (GoferLocalHost      *self,
                                                 GAsyncResult        *result);

G_END_DECLS
