/* gofer-relay-forwarder.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Moves bytes both ways between the two halves of a transit pair, until
 * either side closes or errors (then both are closed: the relay does not
 * half-close, like the reference), or nothing moved for the idle timeout.
 *
 * On Linux the bytes never enter user space: each direction has a pipe,
 * and non-blocking splice(2) moves data socket → pipe → socket. Both
 * sockets are watched by one GSource on the main context, whose poll
 * conditions follow the state (read while the pipe is empty, write while
 * it holds data), so a slow reader throttles its sender through TCP.
 * Everything stays on the one GMainLoop; each dispatch does a bounded
 * amount of work so one busy pair cannot starve the mailbox server.
 * Elsewhere (or with --no-splice) each direction is a GIO read/write loop
 * through a 64 KiB buffer.
 */

#include "config.h"

#include "gofer-relay-forwarder.h"

#ifdef __linux__
# define HAVE_SPLICE 1
# include <errno.h>
# include <fcntl.h>
# include <unistd.h>
#endif

#define PIPE_SIZE (1024 * 1024)
#define MAX_ROUNDS 8
#define COPY_BUFFER_SIZE (64 * 1024)

typedef struct
{
  /* splice(2) */
  int            from;
  int            to;
  int            pipe[2];
  gsize          in_pipe;
  gboolean       eof;

  /* GIO copy loop */
  GInputStream  *input;
  GOutputStream *output;
  guchar        *buffer;
} Flow;

struct _GoferRelayForwarder
{
  GObject            parent_instance;

  GSocketConnection *connections[2];
  Flow               flows[2];    /* flows[i] carries connections[i] → connections[1 - i] */
  GSource           *source;
  gpointer           tags[2];
  GCancellable      *cancellable;
  guint64            bytes;
  gint64             last_activity;
  guint              idle_timeout;
  guint              idle_id;
  gboolean           use_splice;
  gboolean           finished;
  gboolean           idle;
};

G_DEFINE_FINAL_TYPE (GoferRelayForwarder, gofer_relay_forwarder, G_TYPE_OBJECT)

enum {
  SIGNAL_FINISHED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

/* Stops everything and closes both sockets. The sockets themselves are
 * closed, not the streams: a stream with a cancelled operation still in
 * flight refuses to close until its callback has run. */
static void
forwarder_close_all (GoferRelayForwarder *self)
{
  self->finished = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }
  for (int i = 0; i < 2; i++)
    {
#ifdef HAVE_SPLICE
      for (int j = 0; j < 2; j++)
        if (self->flows[i].pipe[j] >= 0)
          {
            close (self->flows[i].pipe[j]);
            self->flows[i].pipe[j] = -1;
          }
#endif
      if (self->connections[i] != NULL)
        g_socket_close (g_socket_connection_get_socket (self->connections[i]), NULL);
    }
}

static void
forwarder_finish (GoferRelayForwarder *self)
{
  g_autoptr(GoferRelayForwarder) hold = g_object_ref (self);

  if (self->finished)
    return;

  forwarder_close_all (self);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
}

static void
forwarder_activity (GoferRelayForwarder *self,
                    gsize                n)
{
  self->bytes += n;
  self->last_activity = g_get_monotonic_time ();
}

#ifdef HAVE_SPLICE

static gboolean
splice_would_block (void)
{
  return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
}

/* Moves what it can along one flow. Returns FALSE on a broken socket. */
static gboolean
splice_flow (GoferRelayForwarder *self,
             Flow                *flow)
{
  for (int round = 0; round < MAX_ROUNDS; round++)
    {
      gboolean progressed = FALSE;
      gssize n;

      if (flow->in_pipe == 0 && !flow->eof)
        {
          n = splice (flow->from, NULL, flow->pipe[1], NULL, PIPE_SIZE,
                      SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
          if (n > 0)
            flow->in_pipe += n, progressed = TRUE;
          else if (n == 0)
            flow->eof = TRUE;
          else if (!splice_would_block ())
            return FALSE;
        }
      if (flow->in_pipe > 0)
        {
          n = splice (flow->pipe[0], NULL, flow->to, NULL, flow->in_pipe,
                      SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
          if (n > 0)
            {
              flow->in_pipe -= n, progressed = TRUE;
              forwarder_activity (self, n);
            }
          else if (n < 0 && !splice_would_block ())
            return FALSE;
        }
      if (!progressed)
        break;
    }

  return TRUE;
}

static void
splice_update_conditions (GoferRelayForwarder *self)
{
  for (int i = 0; i < 2; i++)
    {
      GIOCondition condition = 0;

      if (self->tags[i] == NULL)
        continue;

      if (self->flows[i].in_pipe == 0 && !self->flows[i].eof)
        condition |= G_IO_IN;
      if (self->flows[1 - i].in_pipe > 0)
        condition |= G_IO_OUT;
      g_source_modify_unix_fd (self->source, self->tags[i], condition);
    }
}

static gboolean
splice_dispatch_cb (gpointer user_data)
{
  GoferRelayForwarder *self = user_data;

  for (int i = 0; i < 2; i++)
    if (!splice_flow (self, &self->flows[i]))
      {
        forwarder_finish (self);
        return G_SOURCE_REMOVE;
      }

  /* One side closed and everything it sent has been passed on. */
  for (int i = 0; i < 2; i++)
    if (self->flows[i].eof && self->flows[i].in_pipe == 0)
      {
        forwarder_finish (self);
        return G_SOURCE_REMOVE;
      }

  /* poll() reports a hung-up socket on every call, whatever we ask for.
   * Stop watching it, or the loop would spin while the other side is slow
   * to take what is left; its remaining bytes are read as the pipe
   * empties, which the other socket's writability drives. */
  for (int i = 0; i < 2; i++)
    if (self->tags[i] != NULL &&
        (g_source_query_unix_fd (self->source, self->tags[i]) & (G_IO_HUP | G_IO_ERR)) != 0)
      {
        g_source_remove_unix_fd (self->source, self->tags[i]);
        self->tags[i] = NULL;
      }

  splice_update_conditions (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
splice_source_dispatch (GSource     *source,
                        GSourceFunc  callback,
                        gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs splice_source_funcs = {
  .dispatch = splice_source_dispatch,
};

static gboolean
splice_start (GoferRelayForwarder *self)
{
  for (int i = 0; i < 2; i++)
    {
      Flow *flow = &self->flows[i];

      if (pipe2 (flow->pipe, O_NONBLOCK | O_CLOEXEC) != 0)
        return FALSE;
      /* A bigger pipe means fewer system calls per megabyte; the kernel
       * only allocates its pages while data sits in it. Not fatal if the
       * system caps pipe sizes lower. */
      (void)fcntl (flow->pipe[1], F_SETPIPE_SZ, PIPE_SIZE);
      flow->from = g_socket_get_fd (g_socket_connection_get_socket (self->connections[i]));
      flow->to = g_socket_get_fd (g_socket_connection_get_socket (self->connections[1 - i]));
    }

  self->source = g_source_new (&splice_source_funcs, sizeof (GSource));
  g_source_set_static_name (self->source, "[gofer-relay] splice");
  g_source_set_callback (self->source, splice_dispatch_cb, self, NULL);
  for (int i = 0; i < 2; i++)
    self->tags[i] = g_source_add_unix_fd (self->source, self->flows[i].from, G_IO_IN);
  g_source_attach (self->source, NULL);

  return TRUE;
}

#endif /* HAVE_SPLICE */

static void copy_read (GoferRelayForwarder *self, int i);

static void
copy_write_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GoferRelayForwarder) self = user_data;
  gsize written = 0;
  int i = G_OUTPUT_STREAM (object) == self->flows[0].output ? 0 : 1;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, NULL))
    {
      forwarder_finish (self);
      return;
    }
  forwarder_activity (self, written);
  copy_read (self, i);
}

static void
copy_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GoferRelayForwarder) self = user_data;
  int i = G_INPUT_STREAM (object) == self->flows[0].input ? 0 : 1;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  if (n <= 0 || self->finished)
    {
      forwarder_finish (self);
      return;
    }
  self->last_activity = g_get_monotonic_time ();
  g_output_stream_write_all_async (self->flows[i].output, self->flows[i].buffer, n,
                                   G_PRIORITY_DEFAULT, self->cancellable,
                                   copy_write_cb, g_object_ref (self));
}

static void
copy_read (GoferRelayForwarder *self,
           int                  i)
{
  if (self->finished)
    return;
  g_input_stream_read_async (self->flows[i].input, self->flows[i].buffer, COPY_BUFFER_SIZE,
                             G_PRIORITY_DEFAULT, self->cancellable,
                             copy_read_cb, g_object_ref (self));
}

static void
copy_start (GoferRelayForwarder *self)
{
  for (int i = 0; i < 2; i++)
    {
      Flow *flow = &self->flows[i];

      flow->input = g_io_stream_get_input_stream (G_IO_STREAM (self->connections[i]));
      flow->output = g_io_stream_get_output_stream (G_IO_STREAM (self->connections[1 - i]));
      flow->buffer = g_malloc (COPY_BUFFER_SIZE);
    }
  for (int i = 0; i < 2; i++)
    copy_read (self, i);
}

static gboolean
idle_check_cb (gpointer user_data)
{
  GoferRelayForwarder *self = user_data;
  gint64 quiet = g_get_monotonic_time () - self->last_activity;

  if (quiet < (gint64)self->idle_timeout * G_USEC_PER_SEC)
    return G_SOURCE_CONTINUE;

  self->idle_id = 0;
  self->idle = TRUE;
  forwarder_finish (self);
  return G_SOURCE_REMOVE;
}

static void
gofer_relay_forwarder_dispose (GObject *object)
{
  GoferRelayForwarder *self = (GoferRelayForwarder *)object;

  if (!self->finished)
    forwarder_close_all (self);
  for (int i = 0; i < 2; i++)
    {
      g_clear_object (&self->connections[i]);
      g_clear_pointer (&self->flows[i].buffer, g_free);
    }
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (gofer_relay_forwarder_parent_class)->dispose (object);
}

static void
gofer_relay_forwarder_class_init (GoferRelayForwarderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_relay_forwarder_dispose;

  /**
   * GoferRelayForwarder::finished:
   *
   * Emitted once, when both connections have been closed.
   */
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
gofer_relay_forwarder_init (GoferRelayForwarder *self)
{
  self->cancellable = g_cancellable_new ();
  for (int i = 0; i < 2; i++)
    self->flows[i].pipe[0] = self->flows[i].pipe[1] = -1;
}

/**
 * gofer_relay_forwarder_can_splice:
 *
 * Returns: whether this build forwards with splice(2)
 */
gboolean
gofer_relay_forwarder_can_splice (void)
{
#ifdef HAVE_SPLICE
  return TRUE;
#else
  return FALSE;
#endif
}

/**
 * gofer_relay_forwarder_new:
 * @idle_timeout: seconds without a byte in either direction after which
 *   both are closed, 0 for never
 * @use_splice: use splice(2) where available
 */
GoferRelayForwarder *
gofer_relay_forwarder_new (GSocketConnection *a,
                           GSocketConnection *b,
                           guint              idle_timeout,
                           gboolean           use_splice)
{
  GoferRelayForwarder *self = g_object_new (GOFER_RELAY_TYPE_FORWARDER, NULL);

  self->connections[0] = g_object_ref (a);
  self->connections[1] = g_object_ref (b);
  self->idle_timeout = idle_timeout;
  self->use_splice = use_splice && gofer_relay_forwarder_can_splice ();

  return self;
}

void
gofer_relay_forwarder_start (GoferRelayForwarder *self)
{
  g_return_if_fail (GOFER_RELAY_IS_FORWARDER (self));

  self->last_activity = g_get_monotonic_time ();
  if (self->idle_timeout > 0)
    self->idle_id = g_timeout_add_seconds (MAX (1, self->idle_timeout / 4), idle_check_cb, self);

#ifdef HAVE_SPLICE
  if (self->use_splice)
    {
      if (splice_start (self))
        return;
      g_debug ("splice: no pipe (%s), copying instead", g_strerror (errno));
      for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
          if (self->flows[i].pipe[j] >= 0)
            {
              close (self->flows[i].pipe[j]);
              self->flows[i].pipe[j] = -1;
            }
    }
#endif
  copy_start (self);
}

/**
 * gofer_relay_forwarder_stop:
 *
 * Closes both connections now; "finished" is emitted.
 */
void
gofer_relay_forwarder_stop (GoferRelayForwarder *self)
{
  g_return_if_fail (GOFER_RELAY_IS_FORWARDER (self));

  forwarder_finish (self);
}

guint64
gofer_relay_forwarder_get_bytes (GoferRelayForwarder *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_FORWARDER (self), 0);

  return self->bytes;
}

/**
 * gofer_relay_forwarder_get_idle:
 *
 * Returns: %TRUE if the pair was closed by the idle timeout
 */
gboolean
gofer_relay_forwarder_get_idle (GoferRelayForwarder *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_FORWARDER (self), FALSE);

  return self->idle;
}
