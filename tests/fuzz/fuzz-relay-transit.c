/* fuzz-relay-transit.c: what clients send gofer-relay's transit relay
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real GoferRelayTransit listens on a loopback port; up to four client
 * sockets connect to it and write what the input says, in pieces:
 * handshake lines (well-formed, sided or not, matching or not, cut short,
 * too long, garbage), then whatever a paired connection forwards. The
 * input is a list of items [u8 flags][u8 length][bytes]: bits 0-1 pick the
 * client, bit 2 (re)connects it first, bit 3 closes it after writing.
 * Nothing may crash, leak or log a critical.
 */

#include "config.h"

#include <signal.h>

#include "fuzz-common.h"
#include "gofer-relay-limits.h"
#include "gofer-relay-transit.h"

#define N_CLIENTS 4

static void
drain (void)
{
  for (guint i = 0; i < 50 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static GSocket *
connect_client (guint port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

  fuzz_check (socket != NULL, "a client socket");
  fuzz_check (g_socket_connect (socket, address, NULL, &error), "a connection to the relay");
  g_socket_set_blocking (socket, FALSE);
  return socket;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GoferRelayLimits) limits = gofer_relay_limits_new ();
  g_autoptr(GoferRelayTransit) transit = NULL;
  g_autoptr(GError) error = NULL;
  GSocket *clients[N_CLIENTS] = { NULL };
  gsize at = 0;

  fuzz_init ();
  signal (SIGPIPE, SIG_IGN);
  transit = gofer_relay_transit_new (NULL, limits, FALSE);
  fuzz_check (gofer_relay_transit_listen (transit, "127.0.0.1", 0, &error), "the transit relay listens");

  while (at + 2 <= size)
    {
      guint8 flags = data[at];
      gsize len = MIN ((gsize)data[at + 1], size - at - 2);
      GSocket **client = &clients[flags & 3];

      if ((flags & 4) || *client == NULL)
        {
          g_clear_object (client);
          *client = connect_client (gofer_relay_transit_get_port (transit));
        }
      drain ();
      if (len > 0)
        g_socket_send (*client, (const char *)data + at + 2, len, NULL, NULL);
      if (flags & 8)
        g_clear_object (client);
      at += 2 + len;
      drain ();
    }

  for (guint i = 0; i < N_CLIENTS; i++)
    g_clear_object (&clients[i]);
  drain ();
  gofer_relay_transit_stop (transit);
  drain ();
  return 0;
}
