/* gofer-websocket.c: a client WebSocket whose messages are bounded while
 * their frames arrive
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libsoup 3.2 (Debian 12) checks max-incoming-payload-size on each frame
 * but reassembles a fragmented message without limit: a server that sends
 * a text frame without FIN and then continuation frames forever grows the
 * client until it dies. soup_session_websocket_connect_async() gives no way
 * in, so the upgrade is done here: a GSocketClient connection (the system's
 * proxies, TLS for wss://), the HTTP/1.1 upgrade request, a check of the
 * answer and of Sec-WebSocket-Accept (RFC 6455, 4.1), and then
 * soup_websocket_connection_new() over a GoferWebsocket, a GIOStream that
 * reads the frame headers as they pass:
 *
 * - the data frames of one message add up to at most max_message bytes;
 *   past that the stream hands libsoup nothing more and trips;
 * - pongs: libsoup answers every ping, ahead of everything else in its
 *   queue. Since the last time all that was queued (our own frames, counted
 *   by gofer_websocket_send_text(), and the pongs) reached the connection,
 *   at most max_unsent bytes and GOFER_WEBSOCKET_MAX_PONGS pongs may be
 *   owed, or the stream trips: a server that sends pings and never reads
 *   cannot make the client queue pongs forever;
 * - fairness: at most READ_BUDGET bytes go to libsoup per main loop
 *   iteration, so a server that streams cannot keep the client's timers
 *   from running.
 *
 * A trip is reported by the "tripped" signal from an idle callback, never
 * from inside libsoup's read; the owner then closes the WebSocket (1009).
 */

#include "config.h"

#include "gofer-websocket.h"

#include <string.h>

/* Bytes handed to libsoup per main loop iteration: libsoup reads until
 * the socket is empty, so a server that streams would otherwise keep every
 * timer (the mailbox's timeouts among them) from running. */
#define READ_BUDGET (256 * 1024)

/* The most an upgrade answer's status line and headers may take. */
#define MAX_RESPONSE_HEAD (16 * 1024)
#define WEBSOCKET_GUID    "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

#define GOFER_TYPE_WEBSOCKET_INPUT (gofer_websocket_input_get_type ())
G_DECLARE_FINAL_TYPE (GoferWebsocketInput, gofer_websocket_input, GOFER, WEBSOCKET_INPUT, GFilterInputStream)

#define GOFER_TYPE_WEBSOCKET_OUTPUT (gofer_websocket_output_get_type ())
G_DECLARE_FINAL_TYPE (GoferWebsocketOutput, gofer_websocket_output, GOFER, WEBSOCKET_OUTPUT, GFilterOutputStream)

struct _GoferWebsocket
{
  GIOStream             parent_instance;

  GIOStream            *base;
  GoferWebsocketInput  *input;
  GoferWebsocketOutput *output;

  guint64               max_message;
  guint64               max_unsent;

  /* Bytes read with the upgrade answer that belong to the first frames. */
  GBytes               *head;
  gsize                 head_offset;

  /* The frame being read. */
  guint8                header[14];
  guint                 header_len;
  guint64               payload_left;
  guint64               message_len;  /* data frames of the current message so far */

  gint64                last_read;    /* monotonic time of the last bytes from the server */
  guint64               queued;       /* bytes libsoup was given (or owes) to send */
  guint64               written;      /* bytes that reached the connection */
  guint64               pong_bytes;   /* pongs owed since all that was queued went out */
  guint                 pongs;

  gsize                 budget;
  gboolean              yielded;

  GoferWebsocketTrip    trip;
  guint                 trip_id;
};

struct _GoferWebsocketInput
{
  GFilterInputStream  parent_instance;

  GoferWebsocket     *ws;  /* weak: cleared when the stream goes */
};

struct _GoferWebsocketOutput
{
  GFilterOutputStream  parent_instance;

  GoferWebsocket      *ws;  /* weak: cleared when the stream goes */
};

static void input_pollable_iface_init  (GPollableInputStreamInterface  *iface);
static void output_pollable_iface_init (GPollableOutputStreamInterface *iface);

G_DEFINE_FINAL_TYPE (GoferWebsocket, gofer_websocket, G_TYPE_IO_STREAM)
G_DEFINE_FINAL_TYPE_WITH_CODE (GoferWebsocketInput, gofer_websocket_input, G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      input_pollable_iface_init))
G_DEFINE_FINAL_TYPE_WITH_CODE (GoferWebsocketOutput, gofer_websocket_output, G_TYPE_FILTER_OUTPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_OUTPUT_STREAM,
                                                      output_pollable_iface_init))

enum {
  SIGNAL_TRIPPED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

/* Counting frames */

static gboolean
trip_idle_cb (gpointer user_data)
{
  GoferWebsocket *self = user_data;

  self->trip_id = 0;
  g_signal_emit (self, signals[SIGNAL_TRIPPED], 0, (int)self->trip);

  return G_SOURCE_REMOVE;
}

static void
ws_trip (GoferWebsocket     *self,
         GoferWebsocketTrip  trip)
{
  if (self->trip != GOFER_WEBSOCKET_OK)
    return;

  g_debug ("websocket: %s", trip == GOFER_WEBSOCKET_TOO_BIG ? "a message is too big"
                                                           : "the server does not read");
  self->trip = trip;
  self->trip_id = g_idle_add_full (G_PRIORITY_DEFAULT, trip_idle_cb,
                                   g_object_ref (self), g_object_unref);
}

/* The size of a masked (client) frame carrying @len bytes. */
static guint64
client_frame_size (guint64 len)
{
  return len + 4 + (len < 126 ? 2 : len <= G_MAXUINT16 ? 4 : 10);
}

/* Everything queued reached the connection: the server reads. What
 * libsoup sends on its own (keepalive pings, the close frame) is not
 * counted, so written may pass queued. */
static void
ws_check_drained (GoferWebsocket *self)
{
  if (self->written >= self->queued)
    {
      self->queued = self->written;
      self->pong_bytes = 0;
      self->pongs = 0;
    }
}

static void
ws_add_queued (GoferWebsocket *self,
               guint64         n)
{
  ws_check_drained (self);
  self->queued = n > G_MAXUINT64 - self->queued ? G_MAXUINT64 : self->queued + n;
}

/* libsoup queues a pong for every ping, ahead of everything else and at a
 * cost that grows with the queue. Our own messages may wait as long as
 * they like (their size is ours to choose); pongs may not pile up. */
static void
ws_add_pong (GoferWebsocket *self,
             guint64         len)
{
  ws_add_queued (self, client_frame_size (len));
  self->pong_bytes += client_frame_size (len);
  self->pongs++;
  if (self->max_unsent != 0 &&
      (self->pong_bytes > self->max_unsent || self->pongs > GOFER_WEBSOCKET_MAX_PONGS))
    ws_trip (self, GOFER_WEBSOCKET_NOT_READING);
}

/* A frame header is complete: account for its frame. */
static void
ws_frame (GoferWebsocket *self)
{
  const guint8 *h = self->header;
  guint8 opcode = h[0] & 0x0f;
  guint64 len = h[1] & 0x7f;

  if (len == 126)
    len = ((guint64)h[2] << 8) | h[3];
  else if (len == 127)
    {
      len = 0;
      for (guint i = 0; i < 8; i++)
        len = (len << 8) | h[2 + i];
    }
  self->payload_left = len;

  if (opcode & 0x08)
    {
      /* Control frames are not part of a message; libsoup answers pings. */
      if (opcode == 0x09)
        ws_add_pong (self, len);
      return;
    }

  if (opcode != 0)
    self->message_len = 0;
  self->message_len = len > G_MAXUINT64 - self->message_len ? G_MAXUINT64 : self->message_len + len;
  if (self->max_message != 0 && self->message_len > self->max_message)
    ws_trip (self, GOFER_WEBSOCKET_TOO_BIG);
  if (h[0] & 0x80)
    self->message_len = 0;
}

/* Follows the frames in @data, which libsoup is about to be given. */
static void
ws_parse (GoferWebsocket *self,
          const guint8   *data,
          gsize           len)
{
  if (len > 0)
    self->last_read = g_get_monotonic_time ();
  while (len > 0 && self->trip == GOFER_WEBSOCKET_OK)
    {
      guint need;

      if (self->payload_left > 0)
        {
          gsize n = (gsize)MIN (self->payload_left, len);

          self->payload_left -= n;
          data += n;
          len -= n;
          continue;
        }

      self->header[self->header_len++] = *data++;
      len--;
      if (self->header_len < 2)
        continue;

      need = 2 + ((self->header[1] & 0x80) ? 4 : 0);
      if ((self->header[1] & 0x7f) == 126)
        need += 2;
      else if ((self->header[1] & 0x7f) == 127)
        need += 8;
      if (self->header_len < need)
        continue;

      ws_frame (self);
      self->header_len = 0;
    }
}

/* Input */

static GPollableInputStream *
input_base (GoferWebsocketInput *self)
{
  return G_POLLABLE_INPUT_STREAM (g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self)));
}

static gboolean
head_left (GoferWebsocket *ws)
{
  return ws->head != NULL && ws->head_offset < g_bytes_get_size (ws->head);
}

/* Hands over what came with the upgrade answer first. */
static gssize
read_head (GoferWebsocket *ws,
           void           *buffer,
           gsize           count)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (ws->head, &size);
  gsize n = MIN (count, size - ws->head_offset);

  memcpy (buffer, data + ws->head_offset, n);
  ws->head_offset += n;
  if (ws->head_offset == size)
    g_clear_pointer (&ws->head, g_bytes_unref);

  return (gssize)n;
}

static gboolean
input_can_poll (GPollableInputStream *pollable)
{
  return TRUE;
}

static gboolean
input_is_readable (GPollableInputStream *pollable)
{
  GoferWebsocketInput *self = GOFER_WEBSOCKET_INPUT (pollable);
  GoferWebsocket *ws = self->ws;

  if (ws == NULL || ws->trip != GOFER_WEBSOCKET_OK || ws->budget == 0)
    return FALSE;

  return head_left (ws) || g_pollable_input_stream_is_readable (input_base (self));
}

static GSource *
input_create_source (GPollableInputStream *pollable,
                     GCancellable         *cancellable)
{
  GoferWebsocketInput *self = GOFER_WEBSOCKET_INPUT (pollable);
  GoferWebsocket *ws = self->ws;
  g_autoptr(GSource) child = NULL;

  /* A tripped stream never becomes readable again: it is being closed. */
  if (ws != NULL && ws->trip == GOFER_WEBSOCKET_OK)
    {
      ws->budget = READ_BUDGET;
      if (ws->yielded || head_left (ws))
        {
          /* There is more to read, but timers and the others go first. */
          ws->yielded = FALSE;
          child = g_timeout_source_new (0);
        }
      else
        child = g_pollable_input_stream_create_source (input_base (self), NULL);
    }

  return g_pollable_source_new_full (pollable, child, cancellable);
}

static gssize
input_read_nonblocking (GPollableInputStream  *pollable,
                        void                  *buffer,
                        gsize                  count,
                        GError               **error)
{
  GoferWebsocketInput *self = GOFER_WEBSOCKET_INPUT (pollable);
  GoferWebsocket *ws = self->ws;
  gssize n;

  if (ws == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "the connection is gone");
      return -1;
    }
  if (ws->trip != GOFER_WEBSOCKET_OK || ws->budget == 0)
    {
      ws->yielded = ws->trip == GOFER_WEBSOCKET_OK;
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK, "not now");
      return -1;
    }

  count = MIN (count, ws->budget);
  if (head_left (ws))
    n = read_head (ws, buffer, count);
  else
    n = g_pollable_input_stream_read_nonblocking (input_base (self), buffer, count, NULL, error);
  if (n > 0)
    {
      ws->budget -= n;
      ws_parse (ws, buffer, n);
    }

  return n;
}

static void
input_pollable_iface_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = input_can_poll;
  iface->is_readable = input_is_readable;
  iface->create_source = input_create_source;
  iface->read_nonblocking = input_read_nonblocking;
}

static gssize
input_read (GInputStream  *stream,
            void          *buffer,
            gsize          count,
            GCancellable  *cancellable,
            GError       **error)
{
  GoferWebsocketInput *self = GOFER_WEBSOCKET_INPUT (stream);
  GoferWebsocket *ws = self->ws;
  gssize n;

  /* libsoup only reads without blocking; this is here for completeness. */
  if (ws == NULL || ws->trip != GOFER_WEBSOCKET_OK)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "the connection is closing");
      return -1;
    }
  if (head_left (ws))
    n = read_head (ws, buffer, count);
  else
    n = g_input_stream_read (G_INPUT_STREAM (input_base (self)), buffer, count, cancellable, error);
  if (n > 0)
    ws_parse (ws, buffer, n);

  return n;
}

static void
gofer_websocket_input_class_init (GoferWebsocketInputClass *klass)
{
  G_INPUT_STREAM_CLASS (klass)->read_fn = input_read;
}

static void
gofer_websocket_input_init (GoferWebsocketInput *self)
{
}

/* Output */

static GPollableOutputStream *
output_base (GoferWebsocketOutput *self)
{
  return G_POLLABLE_OUTPUT_STREAM (g_filter_output_stream_get_base_stream (G_FILTER_OUTPUT_STREAM (self)));
}

static gboolean
output_can_poll (GPollableOutputStream *pollable)
{
  return TRUE;
}

static gboolean
output_is_writable (GPollableOutputStream *pollable)
{
  return g_pollable_output_stream_is_writable (output_base (GOFER_WEBSOCKET_OUTPUT (pollable)));
}

static GSource *
output_create_source (GPollableOutputStream *pollable,
                      GCancellable          *cancellable)
{
  g_autoptr(GSource) child =
    g_pollable_output_stream_create_source (output_base (GOFER_WEBSOCKET_OUTPUT (pollable)), NULL);

  return g_pollable_source_new_full (pollable, child, cancellable);
}

static void
count_written (GoferWebsocketOutput *self,
               gssize                n)
{
  if (n > 0 && self->ws != NULL)
    {
      self->ws->written += n;
      ws_check_drained (self->ws);
    }
}

static gssize
output_write_nonblocking (GPollableOutputStream  *pollable,
                          const void             *buffer,
                          gsize                   count,
                          GError                **error)
{
  GoferWebsocketOutput *self = GOFER_WEBSOCKET_OUTPUT (pollable);
  gssize n = g_pollable_output_stream_write_nonblocking (output_base (self), buffer, count, NULL, error);

  count_written (self, n);
  return n;
}

static void
output_pollable_iface_init (GPollableOutputStreamInterface *iface)
{
  iface->can_poll = output_can_poll;
  iface->is_writable = output_is_writable;
  iface->create_source = output_create_source;
  iface->write_nonblocking = output_write_nonblocking;
}

static gssize
output_write (GOutputStream  *stream,
              const void     *buffer,
              gsize           count,
              GCancellable   *cancellable,
              GError        **error)
{
  GoferWebsocketOutput *self = GOFER_WEBSOCKET_OUTPUT (stream);
  gssize n = g_output_stream_write (G_OUTPUT_STREAM (output_base (self)), buffer, count,
                                    cancellable, error);

  count_written (self, n);
  return n;
}

static void
gofer_websocket_output_class_init (GoferWebsocketOutputClass *klass)
{
  G_OUTPUT_STREAM_CLASS (klass)->write_fn = output_write;
}

static void
gofer_websocket_output_init (GoferWebsocketOutput *self)
{
}

/* The stream */

static GInputStream *
ws_get_input_stream (GIOStream *stream)
{
  return G_INPUT_STREAM (GOFER_WEBSOCKET (stream)->input);
}

static GOutputStream *
ws_get_output_stream (GIOStream *stream)
{
  return G_OUTPUT_STREAM (GOFER_WEBSOCKET (stream)->output);
}

static gboolean
ws_close (GIOStream     *stream,
          GCancellable  *cancellable,
          GError       **error)
{
  GoferWebsocket *self = GOFER_WEBSOCKET (stream);

  return self->base == NULL || g_io_stream_close (self->base, cancellable, error);
}

static void
ws_base_closed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_io_stream_close_finish (G_IO_STREAM (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Closes the connection underneath in the main loop, not in a thread as
 * GIOStream would by default. */
static void
ws_close_async (GIOStream           *stream,
                int                  io_priority,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GoferWebsocket *self = GOFER_WEBSOCKET (stream);
  GTask *task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, ws_close_async);
  g_io_stream_close_async (self->base, io_priority, cancellable, ws_base_closed_cb, task);
}

static gboolean
ws_close_finish (GIOStream     *stream,
                 GAsyncResult  *result,
                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
gofer_websocket_dispose (GObject *object)
{
  GoferWebsocket *self = GOFER_WEBSOCKET (object);

  /* Closes the connection underneath, if it is still open. */
  G_OBJECT_CLASS (gofer_websocket_parent_class)->dispose (object);

  g_clear_handle_id (&self->trip_id, g_source_remove);
  if (self->input != NULL)
    self->input->ws = NULL;
  if (self->output != NULL)
    self->output->ws = NULL;
  g_clear_object (&self->input);
  g_clear_object (&self->output);
  g_clear_object (&self->base);
  g_clear_pointer (&self->head, g_bytes_unref);
}

static void
gofer_websocket_class_init (GoferWebsocketClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->dispose = gofer_websocket_dispose;
  stream_class->get_input_stream = ws_get_input_stream;
  stream_class->get_output_stream = ws_get_output_stream;
  stream_class->close_fn = ws_close;
  stream_class->close_async = ws_close_async;
  stream_class->close_finish = ws_close_finish;

  /**
   * GoferWebsocket::tripped:
   * @trip: the GoferWebsocketTrip
   *
   * Emitted once, from the main loop, when the server went past a limit.
   * The stream hands libsoup nothing more; close the WebSocket.
   */
  signals[SIGNAL_TRIPPED] =
    g_signal_new ("tripped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
gofer_websocket_init (GoferWebsocket *self)
{
  self->budget = READ_BUDGET;
}

GoferWebsocket *
_gofer_websocket_new (GIOStream    *base,
                      const guint8 *head,
                      gsize         head_len,
                      guint64       max_message,
                      guint64       max_unsent)
{
  GoferWebsocket *self;

  g_return_val_if_fail (G_IS_IO_STREAM (base), NULL);
  g_return_val_if_fail (G_IS_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (base)), NULL);
  g_return_val_if_fail (G_IS_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (base)), NULL);

  self = g_object_new (GOFER_TYPE_WEBSOCKET, NULL);
  self->base = g_object_ref (base);
  self->max_message = max_message;
  self->max_unsent = max_unsent;
  if (head_len > 0)
    self->head = g_bytes_new (head, head_len);
  self->input = g_object_new (GOFER_TYPE_WEBSOCKET_INPUT,
                              "base-stream", g_io_stream_get_input_stream (base),
                              "close-base-stream", FALSE,
                              NULL);
  self->input->ws = self;
  self->output = g_object_new (GOFER_TYPE_WEBSOCKET_OUTPUT,
                               "base-stream", g_io_stream_get_output_stream (base),
                               "close-base-stream", FALSE,
                               NULL);
  self->output->ws = self;

  return self;
}

GoferWebsocket *
gofer_websocket_from_connection (SoupWebsocketConnection *connection)
{
  GIOStream *stream;

  g_return_val_if_fail (SOUP_IS_WEBSOCKET_CONNECTION (connection), NULL);

  stream = soup_websocket_connection_get_io_stream (connection);
  return GOFER_IS_WEBSOCKET (stream) ? GOFER_WEBSOCKET (stream) : NULL;
}

GoferWebsocketTrip
gofer_websocket_get_trip (GoferWebsocket *self)
{
  g_return_val_if_fail (GOFER_IS_WEBSOCKET (self), GOFER_WEBSOCKET_OK);

  return self->trip;
}

void
gofer_websocket_send_text (SoupWebsocketConnection *connection,
                           const char              *text)
{
  GoferWebsocket *self;

  g_return_if_fail (SOUP_IS_WEBSOCKET_CONNECTION (connection));
  g_return_if_fail (text != NULL);

  if ((self = gofer_websocket_from_connection (connection)) != NULL)
    ws_add_queued (self, client_frame_size (strlen (text)));
  soup_websocket_connection_send_text (connection, text);
}

/* Connecting */

typedef struct
{
  GUri              *uri;
  guint64            max_message;
  char              *key;
  char              *request;
  GSocketConnection *connection;
  guint8            *answer;
  gsize              answer_len;
} ConnectData;

static void
connect_data_free (gpointer data)
{
  ConnectData *d = data;

  g_uri_unref (d->uri);
  g_free (d->key);
  g_free (d->request);
  g_clear_object (&d->connection);
  g_free (d->answer);
  g_free (d);
}

static void read_answer (GTask *task);

static gboolean
uri_is_tls (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);

  return g_ascii_strcasecmp (scheme, "wss") == 0 || g_ascii_strcasecmp (scheme, "https") == 0;
}

static char *
expected_accept (const char *key)
{
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize len = sizeof digest;

  g_checksum_update (sha1, (const guchar *)key, -1);
  g_checksum_update (sha1, (const guchar *)WEBSOCKET_GUID, -1);
  g_checksum_get_digest (sha1, digest, &len);

  return g_base64_encode (digest, len);
}

/* The answer's head (through its blank line) is in d->answer[0, head_len). */
static gboolean
check_answer (ConnectData  *d,
              gsize         head_len,
              GError      **error)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autofree char *reason = NULL;
  g_autofree char *accept = expected_accept (d->key);
  const char *got;
  guint status = 0;

  /* soup_headers_parse() wants the head without its final blank line. */
  if (!soup_headers_parse_response ((const char *)d->answer, (int)head_len - 2, headers, NULL,
                                    &status, &reason))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the server's answer is not HTTP");
      return FALSE;
    }
  if (status != SOUP_STATUS_SWITCHING_PROTOCOLS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "the server answered %u instead of switching to WebSocket", status);
      return FALSE;
    }
  if (!soup_message_headers_header_equals (headers, "Upgrade", "websocket") ||
      !soup_message_headers_header_contains (headers, "Connection", "upgrade"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the server's answer does not upgrade to WebSocket");
      return FALSE;
    }
  got = soup_message_headers_get_one (headers, "Sec-WebSocket-Accept");
  if (got == NULL || strcmp (got, accept) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the server's Sec-WebSocket-Accept is wrong");
      return FALSE;
    }
  /* Neither was asked for; libsoup refuses them too. */
  if (soup_message_headers_get_one (headers, "Sec-WebSocket-Extensions") != NULL ||
      soup_message_headers_get_one (headers, "Sec-WebSocket-Protocol") != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the server chose an extension or protocol that was not offered");
      return FALSE;
    }

  return TRUE;
}

static const guint8 *
find_blank_line (const guint8 *data,
                 gsize         len)
{
  for (gsize i = 0; i + 4 <= len; i++)
    if (memcmp (data + i, "\r\n\r\n", 4) == 0)
      return data + i;
  return NULL;
}

static void
answer_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ConnectData *d = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  gsize from = d->answer_len >= 3 ? d->answer_len - 3 : 0;
  const guint8 *end;
  g_autoptr(GoferWebsocket) stream = NULL;
  SoupWebsocketConnection *connection;
  gsize head_len;

  if (n < 0)
    {
      g_task_return_error (task, error);
      return;
    }
  if (n == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                               "the server closed the connection during the upgrade");
      return;
    }
  d->answer_len += n;

  end = find_blank_line (d->answer + from, d->answer_len - from);
  if (end == NULL)
    {
      if (d->answer_len == MAX_RESPONSE_HEAD)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                                 "the server's upgrade answer is too long");
      else
        read_answer (g_steal_pointer (&task));
      return;
    }

  head_len = (gsize)(end + 4 - d->answer);
  if (!check_answer (d, head_len, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* What followed the head is the start of the first frames. */
  stream = _gofer_websocket_new (G_IO_STREAM (d->connection), d->answer + head_len,
                                 d->answer_len - head_len, d->max_message,
                                 GOFER_WEBSOCKET_MAX_UNSENT);
  connection = soup_websocket_connection_new (G_IO_STREAM (stream), d->uri,
                                              SOUP_WEBSOCKET_CONNECTION_CLIENT,
                                              NULL, NULL, NULL);
  if (d->max_message != 0)
    soup_websocket_connection_set_max_incoming_payload_size (connection, d->max_message);
  g_task_return_pointer (task, connection, g_object_unref);
}

static void
read_answer (GTask *task)
{
  ConnectData *d = g_task_get_task_data (task);
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (d->connection));

  g_input_stream_read_async (input, d->answer + d->answer_len, MAX_RESPONSE_HEAD - d->answer_len,
                             G_PRIORITY_DEFAULT, g_task_get_cancellable (task), answer_read_cb,
                             task);
}

static void
request_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  ConnectData *d = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  d->answer = g_malloc (MAX_RESPONSE_HEAD);
  read_answer (task);
}

static char *
upgrade_request (GUri       *uri,
                 const char *key)
{
  const char *host = g_uri_get_host (uri);
  const char *path = g_uri_get_path (uri);
  const char *query = g_uri_get_query (uri);
  int port = g_uri_get_port (uri);
  int default_port = uri_is_tls (uri) ? 443 : 80;
  g_autofree char *host_header = NULL;

  /* An IPv6 literal goes in brackets. */
  if (strchr (host, ':') != NULL)
    host_header = g_strdup_printf ("[%s]", host);
  else
    host_header = g_strdup (host);
  if (port > 0 && port != default_port)
    {
      char *with_port = g_strdup_printf ("%s:%d", host_header, port);

      g_free (host_header);
      host_header = with_port;
    }

  return g_strdup_printf ("GET %s%s%s HTTP/1.1\r\n"
                          "Host: %s\r\n"
                          "Upgrade: websocket\r\n"
                          "Connection: Upgrade\r\n"
                          "Sec-WebSocket-Key: %s\r\n"
                          "Sec-WebSocket-Version: 13\r\n"
                          "\r\n",
                          *path != '\0' ? path : "/", query != NULL ? "?" : "",
                          query != NULL ? query : "", host_header, key);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  ConnectData *d = g_task_get_task_data (task);
  GError *error = NULL;
  guint8 nonce[16];
  GOutputStream *output;

  d->connection = g_socket_client_connect_to_uri_finish (G_SOCKET_CLIENT (source), result, &error);
  if (d->connection == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  for (guint i = 0; i < sizeof nonce; i += 4)
    {
      guint32 r = g_random_int ();

      memcpy (nonce + i, &r, 4);
    }
  d->key = g_base64_encode (nonce, sizeof nonce);
  d->request = upgrade_request (d->uri, d->key);

  output = g_io_stream_get_output_stream (G_IO_STREAM (d->connection));
  g_output_stream_write_all_async (output, d->request, strlen (d->request), G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), request_written_cb, task);
}

void
gofer_websocket_connect_async (const char          *url,
                               guint64              max_message,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *http_uri = NULL;
  const char *scheme;
  ConnectData *d;

  g_task_set_source_tag (task, gofer_websocket_connect_async);

  uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL) : NULL;
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_ascii_strcasecmp (scheme, "ws") != 0 && g_ascii_strcasecmp (scheme, "wss") != 0 &&
       g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "“%s” is not a WebSocket URL", url != NULL ? url : "");
      return;
    }

  d = g_new0 (ConnectData, 1);
  d->uri = g_uri_ref (uri);
  d->max_message = max_message;
  g_task_set_task_data (task, d, connect_data_free);

  /* As an http(s):// URI the proxy resolver knows it: the WebSocket goes
   * through an HTTP proxy with CONNECT, like HTTPS. */
  http_uri = g_uri_join (G_URI_FLAGS_ENCODED, uri_is_tls (uri) ? "https" : "http", NULL,
                         g_uri_get_host (uri), g_uri_get_port (uri), g_uri_get_path (uri),
                         g_uri_get_query (uri), NULL);
  client = g_socket_client_new ();
  g_socket_client_set_tls (client, uri_is_tls (uri));
  g_socket_client_connect_to_uri_async (client, http_uri, uri_is_tls (uri) ? 443 : 80, cancellable,
                                        connected_cb, g_steal_pointer (&task));
}

SoupWebsocketConnection *
gofer_websocket_connect_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* When the server last sent anything, pongs to our pings included: with
 * keepalive pings on, silence means the connection is dead. */
gint64
gofer_websocket_get_last_read_time (GoferWebsocket *self)
{
  g_return_val_if_fail (GOFER_IS_WEBSOCKET (self), 0);

  return self->last_read;
}
