/* gofer-lan-announcer.h: tells the local network that a Gofer mailbox is here
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

#define GOFER_TYPE_LAN_ANNOUNCER (gofer_lan_announcer_get_type ())

G_DECLARE_FINAL_TYPE (GoferLanAnnouncer, gofer_lan_announcer, GOFER, LAN_ANNOUNCER, GObject)

GoferLanAnnouncer *gofer_lan_announcer_new            (void);
/* Publishes the Gofer mailbox service on @port, listing @nameplate, through
 * the desktop's mDNS daemon; completes once the daemon has established it.
 * GOFER_ERROR_NO_DISCOVERY when there is no mDNS daemon to ask. */
void               gofer_lan_announcer_publish_async  (GoferLanAnnouncer    *self,
                                                       guint16               port,
                                                       const char           *nameplate,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean           gofer_lan_announcer_publish_finish (GoferLanAnnouncer    *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
/* Takes the service off the network (also done when the announcer goes). */
void               gofer_lan_announcer_withdraw       (GoferLanAnnouncer    *self);

G_END_DECLS
