/* fuzz-relay-frame.c: what clients send gofer-relay's mailbox server
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two client connections (GoferRelayConnection) share one mailbox server
 * with small limits. Each WebSocket is real but runs over a pipe that never
 * has data (reading) and a memory stream (writing), and every incoming
 * message is handed to it as libsoup would, through its "message" signal.
 * The input is a list of items [connection u8][u16 length][bytes]: bit 0
 * picks the connection, bit 1 makes it a hang-up (the connection is replaced
 * by a fresh one) instead of a text message, bit 2 sends it as a binary
 * message. Nothing may crash, leak or log a critical.
 */

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <libsoup/soup.h>
#include <unistd.h>

#include "fuzz-common.h"
#include "gofer-relay-connection.h"
#include "gofer-relay-limits.h"
#include "gofer-relay-mailbox-server.h"

typedef struct
{
  GoferRelayWire          *wire;
  SoupWebsocketConnection *websocket;
  GoferRelayConnection    *connection;
  int                      write_end;
} Client;

static void
client_open (Client                  *client,
             GoferRelayMailboxServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GIOStream) io = NULL;
  g_autoptr(GUri) uri = g_uri_parse ("ws://127.0.0.1/v1", G_URI_FLAGS_NONE, NULL);
  int fds[2];

  fuzz_check (g_unix_open_pipe (fds, FD_CLOEXEC, &error), "a pipe");
  input = g_unix_input_stream_new (fds[0], TRUE);
  client->write_end = fds[1];
  io = g_simple_io_stream_new (input, output);
  client->wire = gofer_relay_wire_new (io, 8192, 1024 * 1024);
  client->websocket = soup_websocket_connection_new (G_IO_STREAM (client->wire), uri,
                                                     SOUP_WEBSOCKET_CONNECTION_SERVER,
                                                     NULL, NULL, NULL);
  client->connection = gofer_relay_connection_new (server, client->websocket, client->wire,
                                                   "127.0.0.1");
  gofer_relay_connection_start (client->connection);
}

/* As when the peer goes away: libsoup emits "closed". */
static void
client_close (Client *client)
{
  g_signal_emit_by_name (client->websocket, "closed");
  g_clear_object (&client->connection);
  g_clear_object (&client->websocket);
  g_clear_object (&client->wire);
  close (client->write_end);
}

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
  Client clients[2];
  gsize at = 0;

  fuzz_init ();
  gofer_relay_limits_set (limits, GOFER_RELAY_LIMIT_MESSAGE_SIZE, 2048);
  gofer_relay_limits_set (limits, GOFER_RELAY_LIMIT_MAILBOXES_PER_ADDRESS, 4);
  gofer_relay_limits_set (limits, GOFER_RELAY_LIMIT_MESSAGES_PER_MAILBOX, 16);
  server = gofer_relay_mailbox_server_new (NULL, NULL, limits);
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    client_open (&clients[i], server);

  while (at + 3 <= size)
    {
      guint8 flags = data[at];
      gsize len = MIN ((gsize)((data[at + 1] << 8) | data[at + 2]), size - at - 3);
      Client *client = &clients[flags & 1];

      if (flags & 2)
        {
          client_close (client);
          client_open (client, server);
        }
      else
        {
          g_autoptr(GBytes) bytes = g_bytes_new (data + at + 3, len);

          g_signal_emit_by_name (client->websocket, "message",
                                 (flags & 4) ? SOUP_WEBSOCKET_DATA_BINARY : SOUP_WEBSOCKET_DATA_TEXT,
                                 bytes);
        }
      at += 3 + len;
      drain ();
    }

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    client_close (&clients[i]);
  drain ();
  return 0;
}
