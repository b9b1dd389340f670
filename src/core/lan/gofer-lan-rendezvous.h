/* gofer-lan-rendezvous.h: where a receiver meets the sender of a nameplate
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* How long a receiver looks for a sender on the local network by default. */
#define GOFER_LAN_SEARCH_MS 2000

/* Chooses the mailbox server for @nameplate: a Gofer on the local network
 * that lists it (gofer_lan_finder_find_async()), else @server_url. Asks
 * @server_url's list at the same time and takes it at once when it lists
 * the nameplate, so a receiver on the Internet path does not wait for the
 * search; otherwise waits at most @timeout_ms. With nothing found it is
 * @server_url. Fails on cancellation, and with GOFER_ERROR_NO_DISCOVERY
 * when @server_url did not answer and there is no mDNS daemon to search
 * the local network with. */
void  gofer_lan_choose_server_async  (const char          *server_url,
                                      const char          *appid,
                                      const char          *nameplate,
                                      guint                timeout_ms,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
char *gofer_lan_choose_server_finish (GAsyncResult        *result,
                                      GError             **error);

G_END_DECLS
