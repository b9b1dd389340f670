/* gofer-record-stream-private.h: shared by the files of GoferRecordStream
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gofer-record-stream.c holds the object, single records and the ack;
 * gofer-record-stream-framing.c reads and writes one sealed record;
 * gofer-record-stream-pump.c moves whole files and streams. Only they
 * include this header.
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include "gofer-record-stream.h"

G_BEGIN_DECLS

/* Offset of the plaintext in a record buffer: length, nonce and MAC precede it,
 * so records are sealed and opened in place (gofer-record-cipher.c). */
#define PLAIN_OFFSET GOFER_RECORD_OVERHEAD

struct _GoferRecordStream
{
  GObject    parent_instance;

  GIOStream         *stream;
  GoferKey          *send_key;      /* the standard record keys */
  GoferKey          *recv_key;
  GoferRecordCipher *send_cipher;
  GoferRecordCipher *recv_cipher;
  char      *description;
  gsize      max_record_size;
  gsize      chunk_size;
  guint      idle_timeout;
  gboolean   relayed;
  gboolean   background;
  gboolean   hash_payload;

  /* Each counter belongs to whichever worker holds the direction's busy flag. */
  guint64    send_counter;
  guint64    recv_counter;
  int        sending;
  int        receiving;
};

/* gofer-record-stream.c */

gboolean _gofer_record_stream_claim_direction (int     *flag,
                                               GError **error);
/* A half-written or half-read record leaves the stream unusable: closes it,
 * then returns @error on @task. */
void _gofer_record_stream_return_failure (GTask             *task,
                                          GoferRecordStream *self,
                                          GError            *error);

/* gofer-record-stream-framing.c: blocking, for worker threads only */

typedef struct
{
  guint8 *data;
  gsize   size;
} RecordBuffer;

void _gofer_record_buffer_clear (RecordBuffer *buffer);
/* Seals the plaintext at buf + PLAIN_OFFSET in place and writes the record. */
gboolean _gofer_record_stream_write_sealed (GoferRecordStream  *self,
                                            guint8             *buf,
                                            gsize               plain_len,
                                            GCancellable       *cancellable,
                                            GError            **error);
/* Reads one record into @buffer and opens it; the plaintext is at
 * buffer->data + PLAIN_OFFSET. */
gboolean _gofer_record_stream_read_record (GoferRecordStream  *self,
                                           RecordBuffer       *buffer,
                                           gsize              *plain_len,
                                           GCancellable       *cancellable,
                                           GError            **error);

G_END_DECLS
