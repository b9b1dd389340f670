/* gofer-record-stream.c: encrypted records over a transit connection
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GoferRecordStream object, its settings, single records and the final
 * ack. Reading and writing one sealed record is in
 * gofer-record-stream-framing.c; whole files and streams go through the
 * pumps of gofer-record-stream-pump.c.
 */

#include "config.h"

#include <string.h>

#include "gofer-error.h"
#include "gofer-record-stream-private.h"

#define NONCE_SIZE GOFER_SECRETBOX_NONCE_SIZE
#define MAC_SIZE GOFER_SECRETBOX_MAC_SIZE

G_DEFINE_FINAL_TYPE (GoferRecordStream, gofer_record_stream, G_TYPE_OBJECT)

static void
gofer_record_stream_dispose (GObject *object)
{
  GoferRecordStream *self = (GoferRecordStream *)object;

  gofer_record_stream_close (self);
  g_clear_object (&self->stream);

  G_OBJECT_CLASS (gofer_record_stream_parent_class)->dispose (object);
}

static void
gofer_record_stream_finalize (GObject *object)
{
  GoferRecordStream *self = (GoferRecordStream *)object;

  g_clear_pointer (&self->send_key, gofer_key_free);
  g_clear_pointer (&self->recv_key, gofer_key_free);
  g_clear_pointer (&self->send_cipher, gofer_record_cipher_free);
  g_clear_pointer (&self->recv_cipher, gofer_record_cipher_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (gofer_record_stream_parent_class)->finalize (object);
}

static void
gofer_record_stream_class_init (GoferRecordStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_record_stream_dispose;
  object_class->finalize = gofer_record_stream_finalize;
}

static void
gofer_record_stream_init (GoferRecordStream *self)
{
  self->max_record_size = GOFER_RECORD_DEFAULT_MAX_SIZE;
  self->chunk_size = GOFER_RECORD_DEFAULT_CHUNK_SIZE;
  self->hash_payload = TRUE;
}

GoferRecordStream *
gofer_record_stream_new (GIOStream        *stream,
                         const GoferKey   *transit_key,
                         GoferTransitRole  role,
                         const char       *description)
{
  GoferRecordStream *self;

  g_return_val_if_fail (G_IS_IO_STREAM (stream), NULL);
  g_return_val_if_fail (transit_key != NULL, NULL);

  self = g_object_new (GOFER_TYPE_RECORD_STREAM, NULL);
  self->stream = g_object_ref (stream);
  self->send_key = gofer_record_derive_key (transit_key, role);
  self->recv_key = gofer_record_derive_key (transit_key, role == GOFER_TRANSIT_ROLE_SENDER
                                                         ? GOFER_TRANSIT_ROLE_RECEIVER
                                                         : GOFER_TRANSIT_ROLE_SENDER);
  self->description = g_strdup (description ? description : "");
  gofer_record_stream_set_cipher (self, GOFER_RECORD_CIPHER_SECRETBOX);
  gofer_record_stream_set_idle_timeout (self, GOFER_RECORD_DEFAULT_IDLE_TIMEOUT);

  return self;
}

GIOStream *
gofer_record_stream_get_stream (GoferRecordStream *self)
{
  g_return_val_if_fail (GOFER_IS_RECORD_STREAM (self), NULL);

  return self->stream;
}

const char *
gofer_record_stream_get_description (GoferRecordStream *self)
{
  g_return_val_if_fail (GOFER_IS_RECORD_STREAM (self), NULL);

  return self->description;
}

gboolean
gofer_record_stream_is_relayed (GoferRecordStream *self)
{
  g_return_val_if_fail (GOFER_IS_RECORD_STREAM (self), FALSE);

  return self->relayed;
}

void
gofer_record_stream_set_relayed (GoferRecordStream *self,
                                 gboolean           relayed)
{
  g_return_if_fail (GOFER_IS_RECORD_STREAM (self));

  self->relayed = !!relayed;
}

void
gofer_record_stream_set_max_record_size (GoferRecordStream *self,
                                         gsize              size)
{
  g_return_if_fail (GOFER_IS_RECORD_STREAM (self));
  g_return_if_fail (size >= NONCE_SIZE + MAC_SIZE + 1 && size <= G_MAXUINT32);

  self->max_record_size = size;
}

void
gofer_record_stream_set_chunk_size (GoferRecordStream *self,
                                    gsize              size)
{
  g_return_if_fail (GOFER_IS_RECORD_STREAM (self));
  g_return_if_fail (size > 0 && size <= G_MAXUINT32 - NONCE_SIZE - MAC_SIZE);

  self->chunk_size = size;
}

void
gofer_record_stream_set_cipher (GoferRecordStream     *self,
                                GoferRecordCipherKind  kind)
{
  g_return_if_fail (GOFER_IS_RECORD_STREAM (self));
  g_return_if_fail (self->send_counter == 0 && self->recv_counter == 0);

  g_clear_pointer (&self->send_cipher, gofer_record_cipher_free);
  g_clear_pointer (&self->recv_cipher, gofer_record_cipher_free);
  self->send_cipher = gofer_record_cipher_new (kind, self->send_key);
  self->recv_cipher = gofer_record_cipher_new (kind, self->recv_key);
}

GoferRecordCipherKind
gofer_record_stream_get_cipher (GoferRecordStream *self)
{
  g_return_val_if_fail (GOFER_IS_RECORD_STREAM (self), GOFER_RECORD_CIPHER_SECRETBOX);
  return gofer_record_cipher_get_kind (self->send_cipher);
}

void
gofer_record_stream_set_background (GoferRecordStream *self,
                                    gboolean           background)
{
  g_return_if_fail (GOFER_IS_RECORD_STREAM (self));
  self->background = !!background;
}

void
gofer_record_stream_set_hash_payload (GoferRecordStream *self,
                                      gboolean           hash_payload)
{
  g_return_if_fail (GOFER_IS_RECORD_STREAM (self));
  g_return_if_fail (self->send_counter == 0 && self->recv_counter == 0);

  self->hash_payload = !!hash_payload;
}

void
gofer_record_stream_set_idle_timeout (GoferRecordStream *self,
                                      guint              seconds)
{
  g_return_if_fail (GOFER_IS_RECORD_STREAM (self));

  self->idle_timeout = seconds;
  /* The worker threads block in the socket's own timed wait, so the socket's
   * timeout is the whole mechanism: no watchdog thread, nothing to poll. */
  if (G_IS_SOCKET_CONNECTION (self->stream))
    g_socket_set_timeout (g_socket_connection_get_socket (G_SOCKET_CONNECTION (self->stream)),
                          seconds);
}

guint
gofer_record_stream_get_idle_timeout (GoferRecordStream *self)
{
  g_return_val_if_fail (GOFER_IS_RECORD_STREAM (self), 0);
  return self->idle_timeout;
}

void
gofer_record_stream_close (GoferRecordStream *self)
{
  g_return_if_fail (GOFER_IS_RECORD_STREAM (self));

  if (self->stream != NULL && !g_io_stream_is_closed (self->stream))
    g_io_stream_close (self->stream, NULL, NULL);
}

/* Each direction has one worker at a time */

gboolean
_gofer_record_stream_claim_direction (int     *flag,
                                      GError **error)
{
  if (g_atomic_int_compare_and_exchange (flag, 0, 1))
    return TRUE;

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                       "Another operation is already using this direction of the connection");
  return FALSE;
}

void
_gofer_record_stream_return_failure (GTask             *task,
                                     GoferRecordStream *self,
                                     GError            *error)
{
  /* A half-written or half-read record leaves the stream unusable: close it so
   * the other computer notices at once instead of waiting. */
  gofer_record_stream_close (self);
  g_task_return_error (task, error);
}

/* Single records */

static void
send_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GoferRecordStream *self = source_object;
  GBytes *plain = task_data;
  g_autofree guint8 *buf = NULL;
  GError *error = NULL;
  gboolean ok;
  gsize len;

  if (!_gofer_record_stream_claim_direction (&self->sending, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  len = g_bytes_get_size (plain);
  buf = g_malloc (PLAIN_OFFSET + len);
  memcpy (buf + PLAIN_OFFSET, g_bytes_get_data (plain, NULL), len);
  ok = _gofer_record_stream_write_sealed (self, buf, len, cancellable, &error);
  /* Free the direction first: the callback may start the next send. */
  g_atomic_int_set (&self->sending, 0);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    _gofer_record_stream_return_failure (task, self, error);
}

void
gofer_record_stream_send_async (GoferRecordStream   *self,
                                GBytes              *plain,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GOFER_IS_RECORD_STREAM (self));
  g_return_if_fail (plain != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_record_stream_send_async);

  /* Rust asserts on empty records and Python never sends one. */
  if (g_bytes_get_size (plain) == 0 || g_bytes_get_size (plain) > G_MAXUINT32 - PLAIN_OFFSET)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "A transit record must hold 1 byte to 4 GiB");
      return;
    }

  g_task_set_task_data (task, g_bytes_ref (plain), (GDestroyNotify)g_bytes_unref);
  g_task_run_in_thread (task, send_thread);
}

gboolean
gofer_record_stream_send_finish (GoferRecordStream  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
receive_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GoferRecordStream *self = source_object;
  RecordBuffer buffer = { NULL, 0 };
  GBytes *plain = NULL;
  GError *error = NULL;
  gsize len = 0;

  if (!_gofer_record_stream_claim_direction (&self->receiving, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (_gofer_record_stream_read_record (self, &buffer, &len, cancellable, &error))
    plain = g_bytes_new (buffer.data + PLAIN_OFFSET, len);
  _gofer_record_buffer_clear (&buffer);
  /* Free the direction first: the callback may start the next receive. */
  g_atomic_int_set (&self->receiving, 0);
  if (plain != NULL)
    g_task_return_pointer (task, plain, (GDestroyNotify)g_bytes_unref);
  else
    _gofer_record_stream_return_failure (task, self, error);
}

void
gofer_record_stream_receive_async (GoferRecordStream   *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GOFER_IS_RECORD_STREAM (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_record_stream_receive_async);
  g_task_run_in_thread (task, receive_thread);
}

GBytes *
gofer_record_stream_receive_finish (GoferRecordStream  *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Final ack */

static void
send_ack_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (gofer_record_stream_send_finish (GOFER_RECORD_STREAM (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
gofer_record_stream_send_ack_async (GoferRecordStream   *self,
                                    const char          *sha256_hex,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) plain = NULL;
  char *text;

  g_return_if_fail (GOFER_IS_RECORD_STREAM (self));
  g_return_if_fail (sha256_hex != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_record_stream_send_ack_async);

  text = gofer_record_ack_new (sha256_hex);
  plain = g_bytes_new_take (text, strlen (text));
  gofer_record_stream_send_async (self, plain, cancellable, send_ack_cb, g_steal_pointer (&task));
}

gboolean
gofer_record_stream_send_ack_finish (GoferRecordStream  *self,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
receive_ack_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) plain = NULL;
  const char *expected = g_task_get_task_data (task);
  GError *error = NULL;
  gsize len;
  const guint8 *data;

  if (!(plain = gofer_record_stream_receive_finish (GOFER_RECORD_STREAM (object), result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_bytes_get_data (plain, &len);
  if (gofer_record_ack_check (data, len, expected, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
gofer_record_stream_receive_ack_async (GoferRecordStream   *self,
                                       const char          *sha256_hex,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GOFER_IS_RECORD_STREAM (self));
  g_return_if_fail (sha256_hex != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_record_stream_receive_ack_async);
  g_task_set_task_data (task, g_strdup (sha256_hex), g_free);
  gofer_record_stream_receive_async (self, cancellable, receive_ack_cb, g_steal_pointer (&task));
}

gboolean
gofer_record_stream_receive_ack_finish (GoferRecordStream  *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
