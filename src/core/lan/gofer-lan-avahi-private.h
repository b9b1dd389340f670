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

/* Failures to reach Avahi at all (no system bus, nobody owns its name)
 * come out of the _finish() functions as GOFER_ERROR_NO_DISCOVERY with a
 * sentence; gofer-lan-avahi.c. */

/* The system bus, from g_bus_get (G_BUS_TYPE_SYSTEM, ...). */
GDBusConnection *_gofer_lan_avahi_bus_finish  (GAsyncResult         *result,
                                               GError              **error);
/* @method of Avahi's object at @path; @reply_type may be NULL. */
void             _gofer_lan_avahi_call        (GDBusConnection      *bus,
                                               const char           *path,
                                               const char           *interface,
                                               const char           *method,
                                               GVariant             *parameters,
                                               const GVariantType   *reply_type,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
/* @bus is the callback's source object. */
GVariant        *_gofer_lan_avahi_call_finish (GObject              *bus,
                                               GAsyncResult         *result,
                                               GError              **error);
/* Frees Avahi's object at *@path (an entry group, a browser), if any, and
 * clears @path. */
void             _gofer_lan_avahi_free_object (GDBusConnection      *bus,
                                               char                **path,
                                               const char           *interface);
/* A signal of Avahi's; @path NULL for any object. */
guint            _gofer_lan_avahi_subscribe   (GDBusConnection      *bus,
                                               const char           *interface,
                                               const char           *signal,
                                               const char           *path,
                                               GDBusSignalCallback   callback,
                                               gpointer              user_data);
void             _gofer_lan_avahi_unsubscribe (GDBusConnection      *bus,
                                               guint                *subscription);

G_END_DECLS
