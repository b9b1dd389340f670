/* gofer-lan-addresses.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A Gofer that serves its own mailbox on the local network listens on these
 * addresses only: a public address would invite the whole Internet to it.
 */

#include "config.h"

#include "gofer-lan-addresses.h"

#ifdef G_OS_UNIX
# include <ifaddrs.h>
# include <net/if.h>
# include <netinet/in.h>
#endif

static gboolean
ipv4_is_local_network (const guint8 *b)
{
  return b[0] == 10 ||
         (b[0] == 172 && (b[1] & 0xf0) == 16) ||
         (b[0] == 192 && b[1] == 168) ||
         (b[0] == 100 && (b[1] & 0xc0) == 64) ||
         (b[0] == 169 && b[1] == 254);
}

gboolean
gofer_lan_address_is_local_network (GInetAddress *address)
{
  const guint8 *bytes;

  g_return_val_if_fail (G_IS_INET_ADDRESS (address), FALSE);

  bytes = g_inet_address_to_bytes (address);
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
    return ipv4_is_local_network (bytes);
  return (bytes[0] & 0xfe) == 0xfc;
}

static void
add_if_local (GPtrArray    *v4,
              GPtrArray    *v6,
              GInetAddress *address)
{
  GPtrArray *list = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4 ? v4 : v6;
  g_autofree char *text = NULL;

  if (!gofer_lan_address_is_local_network (address))
    return;
  text = g_inet_address_to_string (address);
  if (!g_ptr_array_find_with_equal_func (list, text, g_str_equal, NULL))
    g_ptr_array_add (list, g_steal_pointer (&text));
}

#ifdef G_OS_UNIX
static void
collect (GPtrArray *v4,
         GPtrArray *v6)
{
  struct ifaddrs *ifaddrs = NULL;

  if (getifaddrs (&ifaddrs) != 0)
    return;
  for (struct ifaddrs *ifa = ifaddrs; ifa != NULL; ifa = ifa->ifa_next)
    {
      g_autoptr(GInetAddress) address = NULL;

      if (ifa->ifa_addr == NULL || !(ifa->ifa_flags & IFF_UP))
        continue;
      if (ifa->ifa_addr->sa_family == AF_INET)
        address = g_inet_address_new_from_bytes ((guint8 *)&((struct sockaddr_in *)ifa->ifa_addr)->sin_addr,
                                                 G_SOCKET_FAMILY_IPV4);
      else if (ifa->ifa_addr->sa_family == AF_INET6)
        address = g_inet_address_new_from_bytes ((guint8 *)&((struct sockaddr_in6 *)ifa->ifa_addr)->sin6_addr,
                                                 G_SOCKET_FAMILY_IPV6);
      if (address != NULL)
        add_if_local (v4, v6, address);
    }
  freeifaddrs (ifaddrs);
}
#else
/* Without getifaddrs (Windows): the addresses the host name resolves to. */
static void
collect (GPtrArray *v4,
         GPtrArray *v6)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  GList *addresses = g_resolver_lookup_by_name (resolver, g_get_host_name (), NULL, NULL);

  for (GList *l = addresses; l != NULL; l = l->next)
    add_if_local (v4, v6, l->data);
  g_resolver_free_addresses (addresses);
}
#endif

GPtrArray *
gofer_lan_addresses (void)
{
  GPtrArray *v4 = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) v6 = g_ptr_array_new_with_free_func (g_free);

  collect (v4, v6);
  for (guint i = 0; i < v6->len; i++)
    g_ptr_array_add (v4, g_strdup (g_ptr_array_index (v6, i)));
  return v4;
}
