/* gofer-lan-addresses.h: the addresses a computer on the same network reaches us on
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

/* Whether @address is one that only the local network routes: private IPv4
 * (10/8, 172.16/12, 192.168/16), shared IPv4 (100.64/10), IPv4 link-local
 * (169.254/16) and IPv6 unique-local (fc00::/7). Never loopback or public. */
gboolean   gofer_lan_address_is_local_network (GInetAddress *address);

/* The machine's addresses for which gofer_lan_address_is_local_network()
 * holds, as strings, IPv4 first; empty when it has none. */
GPtrArray *gofer_lan_addresses                (void);

G_END_DECLS
