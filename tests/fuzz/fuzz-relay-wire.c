/* fuzz-relay-wire.c: raw WebSocket framing from a client of gofer-relay
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * fuzz-relay-frame hands whole messages to the connection; this target
 * feeds the bytes a client would put on the socket after the upgrade
 * (masked or not, fragmented, control frames in the middle, lying lengths)
 * through the relay's GoferRelayWire and libsoup's parser, as on a real
 * connection, in chunks whose sizes the input picks. The wire has small
 * limits so that fragment accounting trips. Nothing may crash, leak or log
 * a critical, and the connection ends by itself or when it is closed.
 */

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <unistd.h>

#include "fuzz-common.h"
#include "gofer-relay-connection.h"
#include "gofer-relay-limits.h"
#include "gofer-relay-mailbox-server.h"

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GoferRelayLimits) limits = gofer_relay_limits_new ();
  g_autoptr(GoferRelayMailboxServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GIOStream) io = NULL;
  g_autoptr(GUri) uri = g_uri_parse ("ws://127.0.0.1/v1", G_URI_FLAGS_NONE, NULL);
  g_autoptr(GoferRelayWire) wire = NULL;
  g_autoptr(SoupWebsocketConnection) websocket = NULL;
  g_autoptr(GoferRelayConnection) connection = NULL;
  gsize at = 0;
  int fds[2];

  fuzz_init ();
  gofer_relay_limits_set (limits, GOFER_RELAY_LIMIT_MESSAGE_SIZE, 1024);
  server = gofer_relay_mailbox_server_new (NULL, NULL, limits);

  /* Once the relay closes the connection, writing on must fail, not kill
   * the process or wait for a reader that is gone. */
  signal (SIGPIPE, SIG_IGN);
  fuzz_check (g_unix_open_pipe (fds, FD_CLOEXEC, &error), "a pipe");
  fuzz_check (g_unix_set_fd_nonblocking (fds[1], TRUE, &error), "a non-blocking pipe");
  input = g_unix_input_stream_new (fds[0], TRUE);
  io = g_simple_io_stream_new (input, output);
  wire = gofer_relay_wire_new (io, 4096, 64 * 1024);
  websocket = soup_websocket_connection_new (G_IO_STREAM (wire), uri, SOUP_WEBSOCKET_CONNECTION_SERVER,
                                             NULL, NULL, NULL);
  connection = gofer_relay_connection_new (server, websocket, wire, "127.0.0.1");
  gofer_relay_connection_start (connection);

  /* [u8 chunk length] then that many bytes, again and again. */
  while (at < size)
    {
      gsize len = MIN ((gsize)data[at] + 1, size - at - 1);

      at++;
      if (len > 0 && write (fds[1], data + at, len) < 0)
        break;
      at += len;
      drain ();
    }

  close (fds[1]);
  drain ();
  if (soup_websocket_connection_get_state (websocket) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (websocket, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  drain ();
  return 0;
}
