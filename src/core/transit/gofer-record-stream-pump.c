/* gofer-record-stream-pump.c: whole files and streams as records
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pumps behind gofer_record_stream_send_stream_async(),
 * _send_file_async() and _receive_stream_async(): each runs in a thread of
 * its own, with a helper thread for the file side where one can be had
 * (two-stage pipes) and one record after another where not. The payload is
 * hashed on the way for the final ack.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <nettle/sha2.h>
#include <sodium.h>
#ifdef G_OS_WIN32
#include <windows.h>
#elif defined(__linux__)
#include <sys/resource.h>
#endif

#include "gofer-error.h"
#include "gofer-record-stream-private.h"

/* The one place that knows which SHA-256 implementation hashes the payload.
 * nettle uses the CPU's SHA extensions where present: about 1.3 GiB/s here
 * against libsodium's 0.2 GiB/s, which would cap every transfer (see
 * docs/architecture.md). */
typedef struct
{
  gboolean         enabled;
  struct sha256_ctx state;
} PayloadHash;

static void
payload_hash_init (PayloadHash *hash,
                   gboolean     enabled)
{
  hash->enabled = enabled;
  if (enabled)
    nettle_sha256_init (&hash->state);
}

static void
payload_hash_update (PayloadHash  *hash,
                     const guint8 *data,
                     gsize         len)
{
  if (hash->enabled)
    nettle_sha256_update (&hash->state, len, data);
}

static char *
payload_hash_finish_hex (PayloadHash *hash)
{
  guint8 digest[SHA256_DIGEST_SIZE];
  char hex[2 * SHA256_DIGEST_SIZE + 1];

  if (!hash->enabled)
    return g_strdup ("");
  nettle_sha256_digest (&hash->state, sizeof digest, digest);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  return g_strdup (hex);
}

/* Below normal, so that a UI thread in the same process gets the CPU first
 * when both want it: a transfer then slows down a little instead of the
 * window stuttering. */
static void
lower_thread_priority (void)
{
#ifdef G_OS_WIN32
  SetThreadPriority (GetCurrentThread (), THREAD_PRIORITY_BELOW_NORMAL);
#elif defined(__linux__)
  /* Linux keeps a nice value per thread; 0 names the calling thread. */
  if (setpriority (PRIO_PROCESS, 0, 10) != 0)
    g_debug ("record stream: could not lower the pump's priority");
#endif
}

typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
  gboolean         background;
} PumpThread;

static gpointer
pump_thread_main (gpointer data)
{
  PumpThread *pump = data;
  GTask *task = pump->task;

  if (pump->background)
    lower_thread_priority ();
  pump->func (task, g_task_get_source_object (task), g_task_get_task_data (task),
              g_task_get_cancellable (task));
  g_object_unref (task);
  g_free (pump);
  return NULL;
}

/* A pump gets a thread of its own: it holds it for the whole transfer,
 * GTask's shared pool is small, and a lowered priority must not outlive it
 * (an unprivileged thread cannot raise its priority again). */
static void
run_pump (GoferRecordStream *self,
          GTask             *task,
          GTaskThreadFunc    func)
{
  PumpThread *pump = g_new0 (PumpThread, 1);
  GThread *thread;

  pump->task = g_object_ref (task);
  pump->func = func;
  pump->background = self->background;
  thread = g_thread_try_new ("gofer-pump", pump_thread_main, pump, NULL);
  if (thread != NULL)
    {
      g_thread_unref (thread);
      return;
    }
  g_object_unref (task);
  g_free (pump);
  g_task_run_in_thread (task, func);
}

typedef struct
{
  GInputStream  *input;
  GOutputStream *output;
  GFile         *file;
  guint64        size;
  GoferProgress *progress;
} PumpData;

static void
pump_data_free (PumpData *data)
{
  g_clear_object (&data->input);
  g_clear_object (&data->output);
  g_clear_object (&data->file);
  g_clear_pointer (&data->progress, gofer_progress_unref);
  g_free (data);
}

static PumpData *
pump_data_new (guint64           size,
               GoferProgressFunc progress,
               gpointer          progress_data,
               GDestroyNotify    progress_destroy)
{
  PumpData *data = g_new0 (PumpData, 1);

  data->size = size;
  data->progress = gofer_progress_new (progress, progress_data, progress_destroy, size);
  return data;
}

/* Two-stage pumps. Each side of a transfer has two kinds of work per record
 * that need not wait for each other: the file side (read the file and hash
 * it, or write the file and hash it) and the network side (seal and send, or
 * receive and open). One helper thread per pump does the file side, so that
 * the kernel's copy into or out of the page cache, which dominates a
 * receiver's time (docs/benchmarks.md), overlaps the socket and the cipher.
 * PIPE_DEPTH record buffers go round between the two threads: 4 of 256 KiB
 * keep a side at about 1 MiB of buffers. The bytes on the wire are the same. */

#define PIPE_DEPTH 4

typedef struct
{
  guint8 *data;
  gsize   size;   /* allocated */
  gsize   len;    /* plaintext bytes in it */
} Slot;

typedef struct
{
  GoferRecordStream *self;
  PumpData          *data;
  GCancellable      *cancellable;
  GAsyncQueue       *free_slots;
  GAsyncQueue       *full_slots;
  Slot               slots[PIPE_DEPTH];
  Slot               end;           /* pushed once, after the last record */
  int                stop;          /* atomic: the other thread failed */
  GError            *error;         /* the helper thread's */
  char              *sha256;        /* the helper thread's result */
} Pipe;

static Pipe *
pipe_new (GoferRecordStream *self,
          PumpData          *data,
          GCancellable      *cancellable,
          gsize              slot_size)
{
  Pipe *pipe = g_new0 (Pipe, 1);

  pipe->self = self;
  pipe->data = data;
  pipe->cancellable = cancellable;
  pipe->free_slots = g_async_queue_new ();
  pipe->full_slots = g_async_queue_new ();
  for (guint i = 0; i < PIPE_DEPTH; i++)
    {
      if (slot_size > 0)
        {
          pipe->slots[i].data = g_malloc (slot_size);
          pipe->slots[i].size = slot_size;
        }
      g_async_queue_push (pipe->free_slots, &pipe->slots[i]);
    }
  return pipe;
}

static void
pipe_free (Pipe *pipe)
{
  for (guint i = 0; i < PIPE_DEPTH; i++)
    g_free (pipe->slots[i].data);
  g_async_queue_unref (pipe->free_slots);
  g_async_queue_unref (pipe->full_slots);
  g_clear_error (&pipe->error);
  g_free (pipe->sha256);
  g_free (pipe);
}

static gboolean
pipe_stopped (Pipe *pipe)
{
  return g_atomic_int_get (&pipe->stop) != 0;
}

static GThread *
pipe_start (Pipe        *pipe,
            const char  *name,
            GThreadFunc  func)
{
  return g_thread_try_new (name, func, pipe, NULL);
}

/* Sender: the helper reads the file and hashes it, the pump seals and sends. */
static gpointer
file_reader_main (gpointer user_data)
{
  Pipe *pipe = user_data;
  PumpData *data = pipe->data;
  gsize chunk = pipe->self->chunk_size;
  guint64 done = 0;
  PayloadHash hash;

  if (pipe->self->background)
    lower_thread_priority ();
  payload_hash_init (&hash, pipe->self->hash_payload);
  while (done < data->size && !pipe_stopped (pipe))
    {
      Slot *slot = g_async_queue_pop (pipe->free_slots);
      gsize want = (gsize)MIN ((guint64)chunk, data->size - done);
      gsize got = 0;

      if (!g_input_stream_read_all (data->input, slot->data + PLAIN_OFFSET, want, &got,
                                    pipe->cancellable, &pipe->error))
        {
          g_async_queue_push (pipe->free_slots, slot);
          break;
        }
      if (got < want)
        {
          g_set_error_literal (&pipe->error, GOFER_ERROR, GOFER_ERROR_FAILED,
                               _("The file became shorter while it was being sent. Send it again once nothing is changing it."));
          g_async_queue_push (pipe->free_slots, slot);
          break;
        }
      payload_hash_update (&hash, slot->data + PLAIN_OFFSET, got);
      slot->len = got;
      done += got;
      g_async_queue_push (pipe->full_slots, slot);
    }
  if (done == data->size && pipe->error == NULL)
    pipe->sha256 = payload_hash_finish_hex (&hash);
  g_async_queue_push (pipe->full_slots, &pipe->end);
  return NULL;
}

static char *
send_all_piped (GoferRecordStream  *self,
                PumpData           *data,
                GCancellable       *cancellable,
                gboolean           *started,
                GError            **error)
{
  Pipe *pipe = pipe_new (self, data, cancellable, PLAIN_OFFSET + self->chunk_size);
  GThread *reader = pipe_start (pipe, "gofer-read", file_reader_main);
  GError *send_error = NULL;
  guint64 sent = 0;
  char *result = NULL;

  *started = reader != NULL;
  if (reader == NULL)
    {
      pipe_free (pipe);
      return NULL;
    }

  for (;;)
    {
      Slot *slot = g_async_queue_pop (pipe->full_slots);

      if (slot == &pipe->end)
        break;
      if (send_error == NULL)
        {
          if (_gofer_record_stream_write_sealed (self, slot->data, slot->len, cancellable, &send_error))
            {
              sent += slot->len;
              gofer_progress_update (data->progress, sent);
            }
          else
            g_atomic_int_set (&pipe->stop, 1);
        }
      /* After a failure, keep returning buffers until the reader sees it. */
      g_async_queue_push (pipe->free_slots, slot);
    }
  g_thread_join (reader);

  if (send_error != NULL)
    g_propagate_error (error, send_error);
  else if (pipe->error != NULL)
    g_propagate_error (error, g_steal_pointer (&pipe->error));
  else
    {
      gofer_progress_update (data->progress, data->size);
      result = g_steal_pointer (&pipe->sha256);
    }
  pipe_free (pipe);
  return result;
}

/* Receiver: the pump receives and opens, the helper writes the file and
 * hashes it. */
static gpointer
file_writer_main (gpointer user_data)
{
  Pipe *pipe = user_data;
  PumpData *data = pipe->data;
  guint64 written = 0;
  PayloadHash hash;

  if (pipe->self->background)
    lower_thread_priority ();
  payload_hash_init (&hash, pipe->self->hash_payload);
  for (;;)
    {
      Slot *slot = g_async_queue_pop (pipe->full_slots);

      if (slot == &pipe->end)
        break;
      if (pipe->error == NULL && !pipe_stopped (pipe))
        {
          if (g_output_stream_write_all (data->output, slot->data + PLAIN_OFFSET, slot->len, NULL,
                                         pipe->cancellable, &pipe->error))
            {
              payload_hash_update (&hash, slot->data + PLAIN_OFFSET, slot->len);
              written += slot->len;
              gofer_progress_update (data->progress, written);
            }
          else
            g_atomic_int_set (&pipe->stop, 1);
        }
      g_async_queue_push (pipe->free_slots, slot);
    }
  if (written == data->size && pipe->error == NULL)
    pipe->sha256 = payload_hash_finish_hex (&hash);
  return NULL;
}

static char *
receive_all_piped (GoferRecordStream  *self,
                   PumpData           *data,
                   GCancellable       *cancellable,
                   gboolean           *started,
                   GError            **error)
{
  /* Slots grow to the records the peer sends, as the serial pump's buffer does. */
  Pipe *pipe = pipe_new (self, data, cancellable, 0);
  GThread *writer = pipe_start (pipe, "gofer-write", file_writer_main);
  GError *receive_error = NULL;
  guint64 received = 0;
  char *result = NULL;

  *started = writer != NULL;
  if (writer == NULL)
    {
      pipe_free (pipe);
      return NULL;
    }

  while (received < data->size && !pipe_stopped (pipe))
    {
      Slot *slot = g_async_queue_pop (pipe->free_slots);
      RecordBuffer buffer = { slot->data, slot->size };
      gsize len = 0;
      gboolean ok = _gofer_record_stream_read_record (self, &buffer, &len, cancellable, &receive_error);

      slot->data = buffer.data;
      slot->size = buffer.size;
      if (ok && len > data->size - received)
        {
          g_set_error_literal (&receive_error, GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                               _("The other computer sent more data than it announced. The transfer was stopped."));
          ok = FALSE;
        }
      /* The records already queued were authenticated: the writer still
       * puts them on disk (at most the pipe's depth), so a .part kept for a
       * resume holds everything that arrived. Only a failing writer stops
       * the pipe early. */
      if (!ok)
        {
          g_async_queue_push (pipe->free_slots, slot);
          break;
        }
      slot->len = len;
      received += len;
      g_async_queue_push (pipe->full_slots, slot);
    }
  g_async_queue_push (pipe->full_slots, &pipe->end);
  g_thread_join (writer);

  if (receive_error != NULL)
    g_propagate_error (error, receive_error);
  else if (pipe->error != NULL)
    g_propagate_error (error, g_steal_pointer (&pipe->error));
  else if (pipe->sha256 != NULL)
    {
      gofer_progress_update (data->progress, data->size);
      result = g_steal_pointer (&pipe->sha256);
    }
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The transfer was stopped");
  pipe_free (pipe);
  return result;
}

/* One thread, one record after another: when no helper thread can be had. */
static char *
send_all (GoferRecordStream  *self,
          PumpData           *data,
          GCancellable       *cancellable,
          GError            **error)
{
  g_autofree guint8 *buf = g_malloc (PLAIN_OFFSET + self->chunk_size);
  guint64 sent = 0;
  PayloadHash hash;

  payload_hash_init (&hash, self->hash_payload);
  while (sent < data->size)
    {
      gsize want = (gsize)MIN ((guint64)self->chunk_size, data->size - sent);
      GError *local_error = NULL;
      gsize got = 0;

      if (!g_input_stream_read_all (data->input, buf + PLAIN_OFFSET, want, &got,
                                    cancellable, &local_error))
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      if (got < want)
        {
          g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_FAILED,
                               _("The file became shorter while it was being sent. Send it again once nothing is changing it."));
          return NULL;
        }

      payload_hash_update (&hash, buf + PLAIN_OFFSET, got);
      if (!_gofer_record_stream_write_sealed (self, buf, got, cancellable, error))
        return NULL;
      sent += got;
      gofer_progress_update (data->progress, sent);
    }

  gofer_progress_update (data->progress, data->size);
  return payload_hash_finish_hex (&hash);
}

/* GSocket's blocking waits poll the cancellable's fd, which GCancellable
 * creates on the first wait and closes after it, an eventfd for each wait
 * on the socket. Holding one for the whole pump keeps a single one. */
static gboolean
hold_cancellable_fd (GCancellable *cancellable)
{
  GPollFD fd;

  return cancellable != NULL && g_cancellable_make_pollfd (cancellable, &fd);
}

static void
send_stream_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GoferRecordStream *self = source_object;
  PumpData *data = task_data;
  GError *error = NULL;
  char *sha256;

  if (!_gofer_record_stream_claim_direction (&self->sending, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (data->file != NULL && data->input == NULL)
    data->input = (GInputStream *)g_file_read (data->file, cancellable, &error);

  if (data->input != NULL)
    {
      gboolean held = hold_cancellable_fd (cancellable);
      gboolean piped = FALSE;

      sha256 = send_all_piped (self, data, cancellable, &piped, &error);
      if (!piped)
        sha256 = send_all (self, data, cancellable, &error);
      if (held)
        g_cancellable_release_fd (cancellable);
    }
  else
    sha256 = NULL;
  g_atomic_int_set (&self->sending, 0);
  if (sha256 != NULL)
    g_task_return_pointer (task, sha256, g_free);
  else
    _gofer_record_stream_return_failure (task, self, error);
}

static void
start_send (GoferRecordStream   *self,
            PumpData            *data,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify)pump_data_free);
  run_pump (self, task, send_stream_thread);
}

void
gofer_record_stream_send_stream_async (GoferRecordStream   *self,
                                       GInputStream        *input,
                                       guint64              size,
                                       GoferProgressFunc    progress,
                                       gpointer             progress_data,
                                       GDestroyNotify       progress_destroy,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  PumpData *data;

  g_return_if_fail (GOFER_IS_RECORD_STREAM (self));
  g_return_if_fail (G_IS_INPUT_STREAM (input));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = pump_data_new (size, progress, progress_data, progress_destroy);
  data->input = g_object_ref (input);
  start_send (self, data, gofer_record_stream_send_stream_async, cancellable, callback, user_data);
}

char *
gofer_record_stream_send_stream_finish (GoferRecordStream  *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
gofer_record_stream_send_file_async (GoferRecordStream   *self,
                                     GFile               *file,
                                     guint64              size,
                                     GoferProgressFunc    progress,
                                     gpointer             progress_data,
                                     GDestroyNotify       progress_destroy,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  PumpData *data;

  g_return_if_fail (GOFER_IS_RECORD_STREAM (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = pump_data_new (size, progress, progress_data, progress_destroy);
  data->file = g_object_ref (file);
  start_send (self, data, gofer_record_stream_send_file_async, cancellable, callback, user_data);
}

char *
gofer_record_stream_send_file_finish (GoferRecordStream  *self,
                                      GAsyncResult       *result,
                                      GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* One thread, one record after another: when no helper thread can be had. */
static char *
receive_all (GoferRecordStream  *self,
             PumpData           *data,
             GCancellable       *cancellable,
             GError            **error)
{
  RecordBuffer buffer = { NULL, 0 };
  guint64 received = 0;
  char *result = NULL;
  PayloadHash hash;

  payload_hash_init (&hash, self->hash_payload);
  while (received < data->size)
    {
      GError *local_error = NULL;
      gsize len = 0;

      if (!_gofer_record_stream_read_record (self, &buffer, &len, cancellable, error))
        goto out;
      if (len > data->size - received)
        {
          g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                               _("The other computer sent more data than it announced. The transfer was stopped."));
          goto out;
        }
      if (!g_output_stream_write_all (data->output, buffer.data + PLAIN_OFFSET, len, NULL,
                                      cancellable, &local_error))
        {
          g_propagate_error (error, local_error);
          goto out;
        }

      payload_hash_update (&hash, buffer.data + PLAIN_OFFSET, len);
      received += len;
      gofer_progress_update (data->progress, received);
    }

  gofer_progress_update (data->progress, data->size);
  result = payload_hash_finish_hex (&hash);

out:
  _gofer_record_buffer_clear (&buffer);
  return result;
}

static void
receive_stream_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GoferRecordStream *self = source_object;
  PumpData *data = task_data;
  GError *error = NULL;
  gboolean piped = FALSE;
  gboolean held;
  char *sha256;

  if (!_gofer_record_stream_claim_direction (&self->receiving, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  held = hold_cancellable_fd (cancellable);
  sha256 = receive_all_piped (self, data, cancellable, &piped, &error);
  if (!piped)
    sha256 = receive_all (self, data, cancellable, &error);
  if (held)
    g_cancellable_release_fd (cancellable);
  g_atomic_int_set (&self->receiving, 0);
  if (sha256 != NULL)
    g_task_return_pointer (task, sha256, g_free);
  else
    _gofer_record_stream_return_failure (task, self, error);
}

void
gofer_record_stream_receive_stream_async (GoferRecordStream   *self,
                                          GOutputStream       *output,
                                          guint64              size,
                                          GoferProgressFunc    progress,
                                          gpointer             progress_data,
                                          GDestroyNotify       progress_destroy,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PumpData *data;

  g_return_if_fail (GOFER_IS_RECORD_STREAM (self));
  g_return_if_fail (G_IS_OUTPUT_STREAM (output));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = pump_data_new (size, progress, progress_data, progress_destroy);
  data->output = g_object_ref (output);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_record_stream_receive_stream_async);
  g_task_set_task_data (task, data, (GDestroyNotify)pump_data_free);
  run_pump (self, task, receive_stream_thread);
}

char *
gofer_record_stream_receive_stream_finish (GoferRecordStream  *self,
                                           GAsyncResult       *result,
                                           GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
