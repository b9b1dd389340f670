/* gofer-relay-wire.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The stream under one mailbox WebSocket: a GIOStream that sits between
 * libsoup's SoupWebsocketConnection and the client's connection, for what
 * libsoup 3.2 cannot be told to do.
 *
 * - Message size while frames arrive. libsoup checks each frame against
 *   max-incoming-payload-size but reassembles a fragmented message without
 *   limit. The input side reads the frame headers as they pass and trips
 *   as soon as the fragments of one message add up to more than
 *   max_message; from then on it hands libsoup nothing more.
 * - Unsent data. libsoup queues outgoing frames without limit and does not
 *   say how much is queued. The connection counts what it gives libsoup
 *   (gofer_relay_wire_queued()), the input side counts the pongs libsoup
 *   owes for the client's pings, the output side counts what reached the
 *   socket; the difference is what a client that does not read makes the
 *   relay hold. Past max_unsent the wire trips.
 * - Fairness. libsoup reads a connection until the socket is empty, so a
 *   client that streams keeps the main loop to itself. The input side
 *   hands out at most READ_BUDGET bytes per wake-up, then says "would
 *   block" and asks to be woken again on the next main loop iteration,
 *   after every other ready source had its turn.
 *
 * - Keepalive pings. libsoup's keepalive is one timer per connection, and
 *   GLib's main loop looks at every timer on every iteration; the server
 *   has one timer for all connections instead, which writes a ping frame
 *   with gofer_relay_wire_ping() between libsoup's frames.
 *
 * A trip is reported by the "tripped" signal from an idle callback, never
 * from inside libsoup's read or write; the connection then closes the
 * WebSocket.
 *
 * Wires live in several connection threads. Each is used by its own
 * thread (the thread-default main context it was made in), except for the
 * totals over all wires: those, each wire's share of them and its trip
 * are kept under one lock, and any thread may trip the wire that holds
 * most; the "tripped" signal still comes in the wire's own context.
 */

#include "config.h"

#include "gofer-relay-wire.h"

/* Bytes one connection may read per main loop iteration. */
#define READ_BUDGET (64 * 1024)

#define GOFER_RELAY_TYPE_WIRE_INPUT (gofer_relay_wire_input_get_type ())
G_DECLARE_FINAL_TYPE (GoferRelayWireInput, gofer_relay_wire_input, GOFER_RELAY, WIRE_INPUT, GFilterInputStream)

#define GOFER_RELAY_TYPE_WIRE_OUTPUT (gofer_relay_wire_output_get_type ())
G_DECLARE_FINAL_TYPE (GoferRelayWireOutput, gofer_relay_wire_output, GOFER_RELAY, WIRE_OUTPUT, GFilterOutputStream)

struct _GoferRelayWire
{
  GIOStream             parent_instance;

  GIOStream            *base;
  GSocket              *socket;   /* under base, if known: see wire_socket_source_new() */
  GoferRelayWireInput  *input;
  GoferRelayWireOutput *output;

  guint64               max_message;
  guint64               max_unsent;

  /* The frame being read. */
  guint8                header[14];
  guint                 header_len;
  guint64               payload_left;
  guint64               message_len;   /* data frames of the current message so far */
  gboolean              data_frame;    /* the frame being read is part of a message */
  gboolean              fin_frame;     /* ... and its last frame */
  guint64               incoming;      /* bytes of the current message that arrived */

  guint64               queued;        /* bytes libsoup was given (or owes) to send */
  guint64               written;       /* bytes that reached the connection */
  guint64               counted;       /* this wire's share of total_unsent */
  guint                 ping_left;     /* bytes of a keepalive ping still to write */

  gsize                 budget;
  gboolean              yielded;
  gboolean              paused;
  GSource              *resume_source;  /* fires when unpaused */

  GMainContext         *context;  /* where the wire is used */
  int                   trip;      /* GoferRelayWireTrip; atomic, set under wires_lock */
  GSource              *trip_source;  /* under wires_lock */
  gboolean              gone;      /* disposed; under wires_lock */
};

struct _GoferRelayWireInput
{
  GFilterInputStream  parent_instance;

  GoferRelayWire     *wire;  /* weak: cleared when the wire goes */
};

struct _GoferRelayWireOutput
{
  GFilterOutputStream  parent_instance;

  GoferRelayWire      *wire;  /* weak: cleared when the wire goes */
};

static void wire_input_pollable_iface_init  (GPollableInputStreamInterface  *iface);
static void wire_output_pollable_iface_init (GPollableOutputStreamInterface *iface);

G_DEFINE_FINAL_TYPE (GoferRelayWire, gofer_relay_wire, G_TYPE_IO_STREAM)
G_DEFINE_FINAL_TYPE_WITH_CODE (GoferRelayWireInput, gofer_relay_wire_input, G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      wire_input_pollable_iface_init))
G_DEFINE_FINAL_TYPE_WITH_CODE (GoferRelayWireOutput, gofer_relay_wire_output, G_TYPE_FILTER_OUTPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_OUTPUT_STREAM,
                                                      wire_output_pollable_iface_init))

/* Everything below, and each wire's counted, incoming and trip. */
static GMutex wires_lock;

/* Unsent bytes of every wire that has not tripped, and their limit; the
 * wires, to find the one that holds most. */
static guint64 total_unsent;
static guint64 max_total_unsent;
static GList *all_wires;

/* Bytes of messages on their way in (which libsoup holds until they are
 * complete) of every wire that has not tripped, and their limit. */
static guint64 total_incoming;
static guint64 max_total_incoming;

enum {
  SIGNAL_TRIPPED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static GoferRelayWireTrip
wire_trip_get (GoferRelayWire *self)
{
  return (GoferRelayWireTrip)g_atomic_int_get (&self->trip);
}

static gboolean
trip_idle_cb (gpointer user_data)
{
  GoferRelayWire *self = user_data;

  g_mutex_lock (&wires_lock);
  g_clear_pointer (&self->trip_source, g_source_unref);
  g_mutex_unlock (&wires_lock);
  g_signal_emit (self, signals[SIGNAL_TRIPPED], 0, (int)wire_trip_get (self));

  return G_SOURCE_REMOVE;
}

static void wire_count_unsent_locked (GoferRelayWire *self);

/* Under wires_lock; @self may belong to another thread. */
static void
wire_trip_locked (GoferRelayWire     *self,
                  GoferRelayWireTrip  trip)
{
  if (self->gone || wire_trip_get (self) != GOFER_RELAY_WIRE_OK)
    return;

  g_atomic_int_set (&self->trip, trip);
  /* What it holds goes when it is closed, soon; it no longer counts
   * against the totals, so the others are not blamed for it. */
  wire_count_unsent_locked (self);
  total_incoming -= self->incoming;
  self->incoming = 0;
  self->trip_source = g_idle_source_new ();
  g_source_set_static_name (self->trip_source, "[gofer-relay] wire tripped");
  g_source_set_callback (self->trip_source, trip_idle_cb, g_object_ref (self), g_object_unref);
  g_source_attach (self->trip_source, self->context);
}

static void
wire_trip (GoferRelayWire     *self,
           GoferRelayWireTrip  trip)
{
  g_mutex_lock (&wires_lock);
  wire_trip_locked (self, trip);
  g_mutex_unlock (&wires_lock);
}

static guint64
wire_unsent (GoferRelayWire *self)
{
  return self->queued > self->written ? self->queued - self->written : 0;
}

/* Brings total_unsent up to date after queued, written or trip changed. */
static void
wire_count_unsent_locked (GoferRelayWire *self)
{
  guint64 unsent = wire_trip_get (self) == GOFER_RELAY_WIRE_OK && !self->gone ? wire_unsent (self) : 0;

  total_unsent = total_unsent - self->counted + unsent;
  self->counted = unsent;
}

static void
wire_count_unsent (GoferRelayWire *self)
{
  g_mutex_lock (&wires_lock);
  wire_count_unsent_locked (self);
  g_mutex_unlock (&wires_lock);
}

static void
wire_check_unsent (GoferRelayWire *self)
{
  g_mutex_lock (&wires_lock);
  wire_count_unsent_locked (self);
  if (self->max_unsent != 0 && wire_unsent (self) > self->max_unsent)
    wire_trip_locked (self, GOFER_RELAY_WIRE_NOT_READING);

  /* Past the total, the wire that holds most goes, whichever asked. */
  while (max_total_unsent != 0 && total_unsent > max_total_unsent)
    {
      GoferRelayWire *largest = NULL;

      for (GList *l = all_wires; l != NULL; l = l->next)
        {
          GoferRelayWire *wire = l->data;

          if (wire_trip_get (wire) == GOFER_RELAY_WIRE_OK && !wire->gone &&
              (largest == NULL || wire->counted > largest->counted))
            largest = wire;
        }
      if (largest == NULL)
        break;
      wire_trip_locked (largest, GOFER_RELAY_WIRE_NOT_READING);
    }
  g_mutex_unlock (&wires_lock);
}

static void
wire_add_incoming (GoferRelayWire *self,
                   gsize           n)
{
  g_mutex_lock (&wires_lock);
  /* Tripped meanwhile (by another thread): it counts no longer. */
  if (wire_trip_get (self) != GOFER_RELAY_WIRE_OK)
    {
      g_mutex_unlock (&wires_lock);
      return;
    }
  self->incoming += n;
  total_incoming += n;

  /* Past the total, the wire that holds most of a message goes. */
  while (max_total_incoming != 0 && total_incoming > max_total_incoming)
    {
      GoferRelayWire *largest = NULL;

      for (GList *l = all_wires; l != NULL; l = l->next)
        {
          GoferRelayWire *wire = l->data;

          if (wire_trip_get (wire) == GOFER_RELAY_WIRE_OK && !wire->gone &&
              (largest == NULL || wire->incoming > largest->incoming))
            largest = wire;
        }
      if (largest == NULL)
        break;
      wire_trip_locked (largest, GOFER_RELAY_WIRE_BUSY);
    }
  g_mutex_unlock (&wires_lock);
}

/* The last byte of a message arrived: libsoup hands it over now. */
static void
wire_message_done (GoferRelayWire *self)
{
  g_mutex_lock (&wires_lock);
  total_incoming -= self->incoming;
  self->incoming = 0;
  g_mutex_unlock (&wires_lock);
}

/* The size of the header of an unmasked (server) frame carrying @len bytes. */
static guint64
frame_overhead (guint64 len)
{
  return len < 126 ? 2 : len <= G_MAXUINT16 ? 4 : 10;
}

/* A frame header is complete: account for its frame. */
static void
wire_frame (GoferRelayWire *self)
{
  const guint8 *h = self->header;
  gboolean fin = (h[0] & 0x80) != 0;
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

  self->data_frame = (opcode & 0x08) == 0;
  self->fin_frame = fin;
  if (opcode & 0x08)
    {
      /* Control frames are not part of a message; libsoup answers pings. */
      if (opcode == 0x09)
        {
          self->queued += len + frame_overhead (len);
          wire_check_unsent (self);
        }
      return;
    }

  if (opcode != 0)
    {
      self->message_len = 0;
      wire_message_done (self);
    }
  self->message_len = len > G_MAXUINT64 - self->message_len ? G_MAXUINT64 : self->message_len + len;
  if (self->max_message != 0 && self->message_len > self->max_message)
    wire_trip (self, GOFER_RELAY_WIRE_MESSAGE_TOO_BIG);
  if (fin)
    self->message_len = 0;
}

/* Follows the frames in @data, which libsoup is about to be given. */
static void
wire_parse (GoferRelayWire *self,
            const guint8   *data,
            gsize           len)
{
  while (len > 0 && wire_trip_get (self) == GOFER_RELAY_WIRE_OK)
    {
      guint need;

      if (self->payload_left > 0)
        {
          gsize n = (gsize)MIN (self->payload_left, len);

          self->payload_left -= n;
          data += n;
          len -= n;
          if (self->data_frame)
            {
              wire_add_incoming (self, n);
              if (self->payload_left == 0 && self->fin_frame)
                wire_message_done (self);
            }
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

      wire_frame (self);
      self->header_len = 0;
      if (self->payload_left == 0 && self->data_frame && self->fin_frame)
        wire_message_done (self);
    }
}

/* Input */

static gboolean
wire_input_can_poll (GPollableInputStream *pollable)
{
  return TRUE;
}

static GPollableInputStream *
wire_input_base (GoferRelayWireInput *self)
{
  return G_POLLABLE_INPUT_STREAM (g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self)));
}

static gboolean
wire_input_is_readable (GPollableInputStream *pollable)
{
  GoferRelayWireInput *self = GOFER_RELAY_WIRE_INPUT (pollable);
  GoferRelayWire *wire = self->wire;

  return wire != NULL && wire_trip_get (wire) == GOFER_RELAY_WIRE_OK && wire->budget > 0 && !wire->paused &&
         g_pollable_input_stream_is_readable (wire_input_base (self));
}

/* A readable-socket source for libsoup, in one GSource. The usual way
 * nests three or four (this stream's pollable source, libsoup's, the
 * socket stream's and the socket's), and GLib's main loop looks at every
 * source on every iteration: with thousands of idle connections, that
 * cost was most of the time to answer anyone. */
typedef struct
{
  GSource  source;
  GObject *stream;
} WireSocketSource;

static gboolean
wire_socket_source_dispatch (GSource     *source,
                             GSourceFunc  callback,
                             gpointer     user_data)
{
  WireSocketSource *self = (WireSocketSource *)source;

  g_source_set_ready_time (source, -1);
  if (callback == NULL)
    return G_SOURCE_CONTINUE;

  return ((GPollableSourceFunc)(void (*)(void))callback) (self->stream, user_data);
}

static void
wire_socket_source_finalize (GSource *source)
{
  g_clear_object (&((WireSocketSource *)source)->stream);
}

static GSourceFuncs wire_socket_source_funcs = {
  NULL, NULL, wire_socket_source_dispatch, wire_socket_source_finalize, NULL, NULL,
};

static GSource *
wire_socket_source_new (GoferRelayWire       *wire,
                        GPollableInputStream *pollable)
{
  GSource *source = g_source_new (&wire_socket_source_funcs, sizeof (WireSocketSource));

  g_source_set_static_name (source, "[gofer-relay] wire");
  ((WireSocketSource *)source)->stream = g_object_ref (G_OBJECT (pollable));
  g_source_add_unix_fd (source, g_socket_get_fd (wire->socket), G_IO_IN | G_IO_HUP | G_IO_ERR);
  /* What libsoup read ahead of the socket (a frame sent right behind the
   * upgrade request) is there without the socket being readable. */
  if (g_pollable_input_stream_is_readable (wire_input_base (GOFER_RELAY_WIRE_INPUT (pollable))))
    g_source_set_ready_time (source, 0);

  return source;
}

static GSource *
wire_input_create_source (GPollableInputStream *pollable,
                          GCancellable         *cancellable)
{
  GoferRelayWireInput *self = GOFER_RELAY_WIRE_INPUT (pollable);
  GoferRelayWire *wire = self->wire;
  g_autoptr(GSource) child = NULL;

  /* A tripped wire never becomes readable again: it is being closed. */
  if (wire != NULL && wire_trip_get (wire) == GOFER_RELAY_WIRE_OK)
    {
      wire->budget = READ_BUDGET;
      if (wire->paused)
        {
          /* Woken by gofer_relay_wire_set_paused(), or after a second. */
          child = g_timeout_source_new_seconds (1);
          if (wire->resume_source != NULL)
            g_source_unref (wire->resume_source);
          wire->resume_source = g_source_ref (child);
        }
      else if (wire->yielded)
        {
          /* There is more to read, but the others go first. */
          wire->yielded = FALSE;
          child = g_timeout_source_new (0);
        }
      else if (wire->socket != NULL && cancellable == NULL && !g_socket_is_closed (wire->socket))
        return wire_socket_source_new (wire, pollable);
      else
        child = g_pollable_input_stream_create_source (wire_input_base (self), NULL);
    }

  return g_pollable_source_new_full (pollable, child, cancellable);
}

static gssize
wire_input_read_nonblocking (GPollableInputStream  *pollable,
                             void                  *buffer,
                             gsize                  count,
                             GError               **error)
{
  GoferRelayWireInput *self = GOFER_RELAY_WIRE_INPUT (pollable);
  GoferRelayWire *wire = self->wire;
  gssize n;

  if (wire == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "the connection is gone");
      return -1;
    }
  if (wire_trip_get (wire) != GOFER_RELAY_WIRE_OK || wire->paused || wire->budget == 0)
    {
      wire->yielded = wire_trip_get (wire) == GOFER_RELAY_WIRE_OK && !wire->paused;
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK, "not now");
      return -1;
    }

  n = g_pollable_input_stream_read_nonblocking (wire_input_base (self), buffer,
                                                MIN (count, wire->budget), NULL, error);
  if (n > 0)
    {
      wire->budget -= n;
      wire_parse (wire, buffer, n);
    }

  return n;
}

static void
wire_input_pollable_iface_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = wire_input_can_poll;
  iface->is_readable = wire_input_is_readable;
  iface->create_source = wire_input_create_source;
  iface->read_nonblocking = wire_input_read_nonblocking;
}

static gssize
wire_input_read (GInputStream  *stream,
                 void          *buffer,
                 gsize          count,
                 GCancellable  *cancellable,
                 GError       **error)
{
  GoferRelayWireInput *self = GOFER_RELAY_WIRE_INPUT (stream);
  gssize n;

  /* libsoup only reads without blocking; this is here for completeness. */
  n = g_input_stream_read (G_INPUT_STREAM (wire_input_base (self)), buffer, count, cancellable, error);
  if (n > 0 && self->wire != NULL)
    wire_parse (self->wire, buffer, n);

  return n;
}

static void
gofer_relay_wire_input_class_init (GoferRelayWireInputClass *klass)
{
  GInputStreamClass *input_class = G_INPUT_STREAM_CLASS (klass);

  input_class->read_fn = wire_input_read;
}

static void
gofer_relay_wire_input_init (GoferRelayWireInput *self)
{
}

/* Output */

static GPollableOutputStream *
wire_output_base (GoferRelayWireOutput *self)
{
  return G_POLLABLE_OUTPUT_STREAM (g_filter_output_stream_get_base_stream (G_FILTER_OUTPUT_STREAM (self)));
}

static gboolean
wire_output_can_poll (GPollableOutputStream *pollable)
{
  return TRUE;
}

static gboolean
wire_output_is_writable (GPollableOutputStream *pollable)
{
  return g_pollable_output_stream_is_writable (wire_output_base (GOFER_RELAY_WIRE_OUTPUT (pollable)));
}

static GSource *
wire_output_create_source (GPollableOutputStream *pollable,
                           GCancellable          *cancellable)
{
  g_autoptr(GSource) child =
    g_pollable_output_stream_create_source (wire_output_base (GOFER_RELAY_WIRE_OUTPUT (pollable)), NULL);

  return g_pollable_source_new_full (pollable, child, cancellable);
}

static gssize
wire_output_write_nonblocking (GPollableOutputStream  *pollable,
                               const void             *buffer,
                               gsize                   count,
                               GError                **error)
{
  GoferRelayWireOutput *self = GOFER_RELAY_WIRE_OUTPUT (pollable);
  gssize n;

  /* The rest of a ping goes first, so that libsoup's frame follows it. */
  while (self->wire != NULL && self->wire->ping_left > 0)
    {
      static const guint8 zero = 0;

      if ((n = g_pollable_output_stream_write_nonblocking (wire_output_base (self), &zero, 1,
                                                           NULL, error)) <= 0)
        return n;
      self->wire->ping_left--;
    }
  n = g_pollable_output_stream_write_nonblocking (wire_output_base (self), buffer, count, NULL, error);

  if (n > 0 && self->wire != NULL)
    {
      self->wire->written += n;
      wire_count_unsent (self->wire);
    }

  return n;
}

static void
wire_output_pollable_iface_init (GPollableOutputStreamInterface *iface)
{
  iface->can_poll = wire_output_can_poll;
  iface->is_writable = wire_output_is_writable;
  iface->create_source = wire_output_create_source;
  iface->write_nonblocking = wire_output_write_nonblocking;
}

static gssize
wire_output_write (GOutputStream  *stream,
                   const void     *buffer,
                   gsize           count,
                   GCancellable   *cancellable,
                   GError        **error)
{
  GoferRelayWireOutput *self = GOFER_RELAY_WIRE_OUTPUT (stream);
  gssize n;

  if (self->wire != NULL && self->wire->ping_left > 0)
    {
      static const guint8 zero = 0;

      if (!g_output_stream_write_all (G_OUTPUT_STREAM (wire_output_base (self)), &zero, 1,
                                      NULL, cancellable, error))
        return -1;
      self->wire->ping_left = 0;
    }
  n = g_output_stream_write (G_OUTPUT_STREAM (wire_output_base (self)), buffer, count,
                             cancellable, error);

  if (n > 0 && self->wire != NULL)
    {
      self->wire->written += n;
      wire_count_unsent (self->wire);
    }

  return n;
}

static void
gofer_relay_wire_output_class_init (GoferRelayWireOutputClass *klass)
{
  GOutputStreamClass *output_class = G_OUTPUT_STREAM_CLASS (klass);

  output_class->write_fn = wire_output_write;
}

static void
gofer_relay_wire_output_init (GoferRelayWireOutput *self)
{
}

/* The wire */

static GInputStream *
wire_get_input_stream (GIOStream *stream)
{
  return G_INPUT_STREAM (GOFER_RELAY_WIRE (stream)->input);
}

static GOutputStream *
wire_get_output_stream (GIOStream *stream)
{
  return G_OUTPUT_STREAM (GOFER_RELAY_WIRE (stream)->output);
}

static gboolean
wire_close (GIOStream     *stream,
            GCancellable  *cancellable,
            GError       **error)
{
  GoferRelayWire *self = GOFER_RELAY_WIRE (stream);

  return self->base == NULL || g_io_stream_close (self->base, cancellable, error);
}

static void
wire_base_closed_cb (GObject      *source,
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
wire_close_async (GIOStream           *stream,
                  int                  io_priority,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GoferRelayWire *self = GOFER_RELAY_WIRE (stream);
  GTask *task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, wire_close_async);
  g_io_stream_close_async (self->base, io_priority, cancellable, wire_base_closed_cb, task);
}

static gboolean
wire_close_finish (GIOStream     *stream,
                   GAsyncResult  *result,
                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
gofer_relay_wire_dispose (GObject *object)
{
  GoferRelayWire *self = (GoferRelayWire *)object;
  GSource *trip_source;

  /* Closes the connection underneath, if it is still open. */
  G_OBJECT_CLASS (gofer_relay_wire_parent_class)->dispose (object);

  g_mutex_lock (&wires_lock);
  self->gone = TRUE;
  trip_source = g_steal_pointer (&self->trip_source);
  total_unsent -= self->counted;
  self->counted = 0;
  total_incoming -= self->incoming;
  self->incoming = 0;
  all_wires = g_list_remove (all_wires, self);
  g_mutex_unlock (&wires_lock);
  if (trip_source != NULL)
    {
      g_source_destroy (trip_source);
      g_source_unref (trip_source);
    }
  g_clear_pointer (&self->resume_source, g_source_unref);
  if (self->input != NULL)
    self->input->wire = NULL;
  if (self->output != NULL)
    self->output->wire = NULL;
  g_clear_object (&self->input);
  g_clear_object (&self->output);
  g_clear_object (&self->base);
  g_clear_object (&self->socket);
}

static void
gofer_relay_wire_finalize (GObject *object)
{
  GoferRelayWire *self = (GoferRelayWire *)object;

  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (gofer_relay_wire_parent_class)->finalize (object);
}

static void
gofer_relay_wire_class_init (GoferRelayWireClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->dispose = gofer_relay_wire_dispose;
  object_class->finalize = gofer_relay_wire_finalize;
  stream_class->get_input_stream = wire_get_input_stream;
  stream_class->get_output_stream = wire_get_output_stream;
  stream_class->close_fn = wire_close;
  stream_class->close_async = wire_close_async;
  stream_class->close_finish = wire_close_finish;

  /**
   * GoferRelayWire::tripped:
   * @trip: the GoferRelayWireTrip
   *
   * Emitted once, from the wire's main context, when the client went past
   * a limit.
   * The wire hands libsoup nothing more; close the WebSocket.
   */
  signals[SIGNAL_TRIPPED] =
    g_signal_new ("tripped",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
gofer_relay_wire_init (GoferRelayWire *self)
{
  self->budget = READ_BUDGET;
}

/**
 * gofer_relay_wire_new:
 * @base: the connection just upgraded to a WebSocket (server side)
 * @max_message: the most bytes one (reassembled) message may carry; 0: no limit
 * @max_unsent: the most bytes queued but not yet sent; 0: no limit
 */
GoferRelayWire *
gofer_relay_wire_new (GIOStream *base,
                      guint64    max_message,
                      guint64    max_unsent)
{
  GoferRelayWire *self;

  g_return_val_if_fail (G_IS_IO_STREAM (base), NULL);
  g_return_val_if_fail (G_IS_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (base)), NULL);
  g_return_val_if_fail (G_IS_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (base)), NULL);

  self = g_object_new (GOFER_RELAY_TYPE_WIRE, NULL);
  self->base = g_object_ref (base);
  self->max_message = max_message;
  self->max_unsent = max_unsent;
  self->input = g_object_new (GOFER_RELAY_TYPE_WIRE_INPUT,
                              "base-stream", g_io_stream_get_input_stream (base),
                              "close-base-stream", FALSE,
                              NULL);
  self->input->wire = self;
  self->output = g_object_new (GOFER_RELAY_TYPE_WIRE_OUTPUT,
                               "base-stream", g_io_stream_get_output_stream (base),
                               "close-base-stream", FALSE,
                               NULL);
  self->output->wire = self;
  self->context = g_main_context_ref_thread_default ();
  g_mutex_lock (&wires_lock);
  all_wires = g_list_prepend (all_wires, self);
  g_mutex_unlock (&wires_lock);

  return self;
}

/**
 * gofer_relay_wire_queued:
 * @payload_len: the payload of a frame just given to libsoup to send
 *
 * Returns: %FALSE if that leaves too much unsent; the wire has tripped
 */
gboolean
gofer_relay_wire_queued (GoferRelayWire *self,
                         gsize           payload_len)
{
  g_return_val_if_fail (GOFER_RELAY_IS_WIRE (self), FALSE);

  self->queued += payload_len + frame_overhead (payload_len);
  wire_check_unsent (self);

  return wire_trip_get (self) == GOFER_RELAY_WIRE_OK;
}

/**
 * gofer_relay_wire_set_socket:
 * @socket: the socket under the wire's base stream
 *
 * Lets the wire watch the socket itself when libsoup waits to read: one
 * main loop source per connection instead of a nest of them.
 */
void
gofer_relay_wire_set_socket (GoferRelayWire *self,
                             GSocket        *socket)
{
  g_return_if_fail (GOFER_RELAY_IS_WIRE (self));
  g_return_if_fail (socket == NULL || G_IS_SOCKET (socket));

  g_set_object (&self->socket, socket);
}

/**
 * gofer_relay_wire_ping:
 *
 * Writes a WebSocket ping (an unmasked, empty server frame), if libsoup
 * has nothing queued: with everything it was given on the socket, it is
 * not in the middle of a frame. A busy connection needs no keepalive.
 *
 * Returns: whether a ping went (or is going) out
 */
gboolean
gofer_relay_wire_ping (GoferRelayWire *self)
{
  static const guint8 ping[] = { 0x89, 0x00 };
  GOutputStream *output;
  gssize n;

  g_return_val_if_fail (GOFER_RELAY_IS_WIRE (self), FALSE);

  if (wire_trip_get (self) != GOFER_RELAY_WIRE_OK || self->ping_left > 0 || self->queued != self->written)
    return FALSE;

  output = g_io_stream_get_output_stream (self->base);
  n = g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (output), ping,
                                                  sizeof ping, NULL, NULL);
  if (n <= 0)
    return FALSE;
  self->ping_left = sizeof ping - n;

  return TRUE;
}

/**
 * gofer_relay_wire_set_paused:
 *
 * While paused, the wire hands libsoup nothing more to read (it may still
 * have some read already).
 */
void
gofer_relay_wire_set_paused (GoferRelayWire *self,
                             gboolean        paused)
{
  g_return_if_fail (GOFER_RELAY_IS_WIRE (self));

  if (self->paused == !!paused)
    return;
  self->paused = !!paused;
  if (!self->paused && self->resume_source != NULL)
    {
      if (!g_source_is_destroyed (self->resume_source))
        g_source_set_ready_time (self->resume_source, 0);
      g_clear_pointer (&self->resume_source, g_source_unref);
    }
}

/**
 * gofer_relay_wire_get_unsent:
 *
 * Returns: about how many bytes libsoup holds that have not reached the
 *   connection yet
 */
guint64
gofer_relay_wire_get_unsent (GoferRelayWire *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_WIRE (self), 0);

  return wire_unsent (self);
}

/**
 * gofer_relay_wire_set_max_total_unsent:
 * @max_total: the most bytes all wires together may leave unsent; 0: no limit
 *
 * A wire that adds to the unsent bytes past @max_total trips.
 */
void
gofer_relay_wire_set_max_total_unsent (guint64 max_total)
{
  g_mutex_lock (&wires_lock);
  max_total_unsent = max_total;
  g_mutex_unlock (&wires_lock);
}

/**
 * gofer_relay_wire_set_max_total_incoming:
 * @max_total: the most bytes of messages on their way in that all wires
 *   together may hold; 0: no limit
 *
 * Past @max_total, the wire holding the most trips (GOFER_RELAY_WIRE_BUSY).
 */
void
gofer_relay_wire_set_max_total_incoming (guint64 max_total)
{
  g_mutex_lock (&wires_lock);
  max_total_incoming = max_total;
  g_mutex_unlock (&wires_lock);
}

/**
 * gofer_relay_wire_get_total_unsent:
 *
 * Returns: the unsent bytes of every wire together
 */
guint64
gofer_relay_wire_get_total_unsent (void)
{
  guint64 total;

  g_mutex_lock (&wires_lock);
  total = total_unsent;
  g_mutex_unlock (&wires_lock);

  return total;
}

GoferRelayWireTrip
gofer_relay_wire_get_trip (GoferRelayWire *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_WIRE (self), GOFER_RELAY_WIRE_OK);

  return wire_trip_get (self);
}
