/* gofer-lan-finder.h: finds the Gofer on the local network that holds a nameplate
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

#define GOFER_TYPE_LAN_FINDER (gofer_lan_finder_get_type ())

G_DECLARE_FINAL_TYPE (GoferLanFinder, gofer_lan_finder, GOFER, LAN_FINDER, GObject)

GoferLanFinder *gofer_lan_finder_new         (void);
/* Looks on the local network, through the desktop's mDNS daemon, for a Gofer
 * mailbox that lists @nameplate, for at most @timeout_ms. Completes with its
 * URL ("ws://ADDRESS:PORT/v1"), or with NULL and no error when none answered
 * in time. GOFER_ERROR_NO_DISCOVERY when there is no mDNS daemon to ask. */
void            gofer_lan_finder_find_async  (GoferLanFinder       *self,
                                              const char           *nameplate,
                                              guint                 timeout_ms,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
char           *gofer_lan_finder_find_finish (GoferLanFinder       *self,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
