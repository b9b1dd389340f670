/* gofer-lan-avahi-private.h: what the announcer and the finder share about Avahi
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both talk to the desktop's mDNS daemon, Avahi, over its D-Bus API on the
 * system bus (org.freedesktop.Avahi), which a Flatpak reaches with
 * --system-talk-name=org.freedesktop.Avahi. docs/protocol-extensions.md §8
 * describes the service.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GOFER_LAN_SERVICE_TYPE "_gofer-mailbox._tcp"
#define GOFER_LAN_TXT_VERSION  "v=1"
/* TXT key whose value lists the nameplates the mailbox holds, comma-separated. */
#define GOFER_LAN_TXT_NAMEPLATES "nameplates"

#define AVAHI_NAME            "org.freedesktop.Avahi"
#define AVAHI_SERVER_PATH     "/"
#define AVAHI_SERVER_IFACE    "org.freedesktop.Avahi.Server"
#define AVAHI_GROUP_IFACE     "org.freedesktop.Avahi.EntryGroup"
#define AVAHI_BROWSER_IFACE   "org.freedesktop.Avahi.ServiceBrowser"
#define AVAHI_IF_UNSPEC       (-1)
#define AVAHI_PROTO_UNSPEC    (-1)
#define AVAHI_PROTO_INET      0

/* Turns a D-Bus failure to reach Avahi into GOFER_ERROR_NO_DISCOVERY with a
 * sentence; other errors pass unchanged. Takes @error. */
GError *_gofer_lan_avahi_error (GError *error);

G_END_DECLS
