/* gofer-record-stream-framing.c: one sealed record on the wire
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Blocking record I/O, which only ever runs in worker threads: a 4-byte
 * length, then the sealed record. Sealing and opening happen in place in the
 * caller's buffer (gofer-record-cipher.c), and I/O errors become the errors a
 * person reads.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gofer-error.h"
#include "gofer-record-stream-private.h"

static gboolean
set_io_error (GoferRecordStream  *self,
              GError            **error,
              GError             *io_error)
{
  if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || io_error->domain == GOFER_ERROR)
    g_propagate_error (error, io_error);
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_set_error (error, GOFER_ERROR, GOFER_ERROR_TIMEOUT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Nothing moved between the computers for %u second, so the transfer was stopped. Check that both computers are still connected, then try again.",
                                "Nothing moved between the computers for %u seconds, so the transfer was stopped. Check that both computers are still connected, then try again.",
                                self->idle_timeout),
                   self->idle_timeout);
      g_error_free (io_error);
    }
  else
    {
      g_set_error (error, GOFER_ERROR, GOFER_ERROR_TRANSIT,
                   /* Translators: %s is a system error message */
                   _("The connection to the other computer was lost (%s). Try the transfer again."),
                   io_error->message);
      g_error_free (io_error);
    }
  return FALSE;
}

static gboolean
read_exactly (GoferRecordStream  *self,
              guint8             *buf,
              gsize               len,
              GCancellable       *cancellable,
              GError            **error)
{
  GInputStream *input = g_io_stream_get_input_stream (self->stream);
  GError *local_error = NULL;
  gsize got = 0;

  if (!g_input_stream_read_all (input, buf, len, &got, cancellable, &local_error))
    return set_io_error (self, error, local_error);
  if (got < len)
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_PEER_GONE,
                           _("The other computer closed the connection before the transfer finished."));
      return FALSE;
    }

  return TRUE;
}

gboolean
_gofer_record_stream_write_sealed (GoferRecordStream  *self,
                                   guint8             *buf,
                                   gsize               plain_len,
                                   GCancellable       *cancellable,
                                   GError            **error)
{
  GOutputStream *output = g_io_stream_get_output_stream (self->stream);
  GError *local_error = NULL;
  gsize start = gofer_record_cipher_seal (self->send_cipher, self->send_counter++, buf, plain_len);

  if (!g_output_stream_write_all (output, buf + start, PLAIN_OFFSET - start + plain_len, NULL,
                                  cancellable, &local_error))
    return set_io_error (self, error, local_error);

  return TRUE;
}

void
_gofer_record_buffer_clear (RecordBuffer *buffer)
{
  g_clear_pointer (&buffer->data, g_free);
  buffer->size = 0;
}

/* Reads one record into @buffer and opens it; the plaintext is at
 * buffer->data + PLAIN_OFFSET. */
gboolean
_gofer_record_stream_read_record (GoferRecordStream  *self,
                                  RecordBuffer       *buffer,
                                  gsize              *plain_len,
                                  GCancellable       *cancellable,
                                  GError            **error)
{
  gsize body_offset = gofer_record_cipher_body_offset (self->recv_cipher);
  guint8 header[4];
  guint32 len;

  if (!read_exactly (self, header, sizeof header, cancellable, error))
    return FALSE;

  len = ((guint32)header[0] << 24) | ((guint32)header[1] << 16) | ((guint32)header[2] << 8) | header[3];
  if (len > self->max_record_size)
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                           _("The other computer sent a record that is too large. The transfer was stopped."));
      return FALSE;
    }
  if (buffer->size < body_offset + (gsize)len)
    {
      g_free (buffer->data);
      buffer->size = body_offset + (gsize)len;
      buffer->data = g_malloc (buffer->size);
    }
  if (!read_exactly (self, buffer->data + body_offset, len, cancellable, error)
      || !gofer_record_cipher_open (self->recv_cipher, self->recv_counter,
                                    buffer->data + body_offset, len, error))
    return FALSE;

  self->recv_counter++;
  *plain_len = len - gofer_record_cipher_body_overhead (self->recv_cipher);
  return TRUE;
}
