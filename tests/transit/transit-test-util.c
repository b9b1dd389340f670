/* transit-test-util.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include "transit-test-util.h"

guint16
test_free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

struct _TestRelay
{
  GSubprocess *process;
  guint16      port;
};

static gboolean
relay_accepts (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return connection != NULL;
}

TestRelay *
test_relay_start (void)
{
  g_autofree char *twist = g_find_program_in_path ("twist3");
  g_autofree char *port_arg = NULL;
  g_autoptr(GError) error = NULL;
  TestRelay *relay;

  if (twist == NULL)
    {
      g_test_skip ("twist3 (Debian package magic-wormhole-transit-relay) is not installed");
      return NULL;
    }

  relay = g_new0 (TestRelay, 1);
  relay->port = test_free_port ();
  port_arg = g_strdup_printf ("--port=tcp:%u:interface=127.0.0.1", relay->port);
  relay->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                     &error, twist, "transitrelay", port_arg, NULL);
  g_assert_no_error (error);

  for (int i = 0; i < 300 && !relay_accepts (relay->port); i++)
    g_usleep (G_USEC_PER_SEC / 20);
  g_assert_true (relay_accepts (relay->port));

  return relay;
}

guint16
test_relay_port (TestRelay *relay)
{
  return relay->port;
}

void
test_relay_stop (TestRelay *relay)
{
  if (relay == NULL)
    return;

#ifdef G_OS_UNIX
  g_subprocess_send_signal (relay->process, SIGTERM);
#else
  g_subprocess_force_exit (relay->process);
#endif
  g_subprocess_wait (relay->process, NULL, NULL);
  g_object_unref (relay->process);
  g_free (relay);
}

static gboolean
is_loopback (const char *hostname)
{
  return g_str_equal (hostname, "127.0.0.1") || g_str_equal (hostname, "::1");
}

GPtrArray *
test_loopback_hints (GPtrArray *hints,
                     guint16    port)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify)gofer_transit_hint_free);
  gboolean direct = FALSE;

  for (guint i = 0; i < hints->len; i++)
    {
      GoferTransitHint *hint = g_ptr_array_index (hints, i);

      if (hint->type == GOFER_TRANSIT_HINT_DIRECT_TCP && !is_loopback (hint->hostname))
        continue;
      direct |= hint->type == GOFER_TRANSIT_HINT_DIRECT_TCP;
      g_ptr_array_add (out, gofer_transit_hint_copy (hint));
    }
  if (!direct && port != 0)
    g_ptr_array_add (out, gofer_transit_hint_new_direct ("127.0.0.1", port, 0.0));

  return out;
}
