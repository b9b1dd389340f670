/* gofer-record-stream.h: an established transit connection (encrypted records)
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <gio/gio.h>

#include "gofer-crypto.h"
#include "gofer-progress.h"
#include "gofer-record.h"
#include "gofer-record-cipher.h"

G_BEGIN_DECLS

#define GOFER_RECORD_DEFAULT_MAX_SIZE (64 * 1024 * 1024)
#define GOFER_RECORD_DEFAULT_CHUNK_SIZE (256 * 1024)
/* Seconds a blocked read or write may wait before the transfer counts as
 * stalled: a paused peer, a dead relay that keeps its sockets, a network
 * that silently dropped us. */
#define GOFER_RECORD_DEFAULT_IDLE_TIMEOUT 30

#define GOFER_TYPE_RECORD_STREAM (gofer_record_stream_get_type ())

G_DECLARE_FINAL_TYPE (GoferRecordStream, gofer_record_stream, GOFER, RECORD_STREAM, GObject)

/* Takes a connection on which the transit handshake is complete. @role is our own role. */
GoferRecordStream *gofer_record_stream_new                  (GIOStream           *stream,
                                                             const GoferKey      *transit_key,
                                                             GoferTransitRole     role,
                                                             const char          *description);
GIOStream         *gofer_record_stream_get_stream           (GoferRecordStream   *self);
/* "direct 192.0.2.4:40112" or "relay transit.example:4001", for the UI and logs. */
const char        *gofer_record_stream_get_description      (GoferRecordStream   *self);
gboolean           gofer_record_stream_is_relayed           (GoferRecordStream   *self);
void               gofer_record_stream_set_relayed          (GoferRecordStream   *self,
                                                             gboolean             relayed);
/* Largest record accepted from the peer (default 64 MiB); bigger → GOFER_ERROR_PROTOCOL. */
void               gofer_record_stream_set_max_record_size  (GoferRecordStream   *self,
                                                             gsize                size);
/* Plaintext bytes per record written by the streaming sender (default 256 KiB). */
void               gofer_record_stream_set_chunk_size       (GoferRecordStream   *self,
                                                             gsize                size);

/* The record cipher, before the first record either way. Default
 * GOFER_RECORD_CIPHER_SECRETBOX, the standard. */
void               gofer_record_stream_set_cipher           (GoferRecordStream   *self,
                                                             GoferRecordCipherKind kind);
GoferRecordCipherKind gofer_record_stream_get_cipher        (GoferRecordStream   *self);
/* TRUE: the streaming pumps run below normal priority, so that a UI in the
 * same process stays responsive when the CPUs are busy. Default FALSE. */
void               gofer_record_stream_set_background       (GoferRecordStream   *self,
                                                             gboolean             background);
/* TRUE (the default, and what the standard needs): the streaming pumps hash
 * the payload with SHA-256 for the final ack. FALSE between two Gofers that
 * both list GOFER_FEATURE_TRANSIT_BARE_ACK: the pumps return "" instead, and
 * the authenticated records alone prove the data. Before the first record. */
void               gofer_record_stream_set_hash_payload     (GoferRecordStream   *self,
                                                             gboolean             hash_payload);
/* Seconds without progress before a blocked read or write fails with
 * GOFER_ERROR_TIMEOUT; 0 waits forever. Default
 * GOFER_RECORD_DEFAULT_IDLE_TIMEOUT. Applies to socket connections only. */
void               gofer_record_stream_set_idle_timeout     (GoferRecordStream   *self,
                                                             guint                seconds);
guint              gofer_record_stream_get_idle_timeout     (GoferRecordStream   *self);

/* One record each way. Empty records are never sent (an empty @plain is an error). */
void               gofer_record_stream_send_async           (GoferRecordStream   *self,
                                                             GBytes              *plain,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean           gofer_record_stream_send_finish          (GoferRecordStream   *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void               gofer_record_stream_receive_async        (GoferRecordStream   *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GBytes            *gofer_record_stream_receive_finish       (GoferRecordStream   *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* Sends exactly @size bytes read from @input, in a worker thread, hashing them.
 * Progress (bytes sent) goes to the caller's main context. Returns the lowercase
 * hex SHA-256 of what was sent ("" when the payload hash is off). On any failure the connection is closed. */
void               gofer_record_stream_send_stream_async    (GoferRecordStream   *self,
                                                             GInputStream        *input,
                                                             guint64              size,
                                                             GoferProgressFunc    progress,
                                                             gpointer             progress_data,
                                                             GDestroyNotify       progress_destroy,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
char              *gofer_record_stream_send_stream_finish   (GoferRecordStream   *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
/* As above, opening @file in the worker thread. */
void               gofer_record_stream_send_file_async      (GoferRecordStream   *self,
                                                             GFile               *file,
                                                             guint64              size,
                                                             GoferProgressFunc    progress,
                                                             gpointer             progress_data,
                                                             GDestroyNotify       progress_destroy,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
char              *gofer_record_stream_send_file_finish     (GoferRecordStream   *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
/* Receives exactly @size bytes into @output in a worker thread. Returns the hex
 * SHA-256 of what was received ("" when the payload hash is off). More data than @size in a record is
 * GOFER_ERROR_PROTOCOL. On any failure the connection is closed. */
void               gofer_record_stream_receive_stream_async (GoferRecordStream   *self,
                                                             GOutputStream       *output,
                                                             guint64              size,
                                                             GoferProgressFunc    progress,
                                                             gpointer             progress_data,
                                                             GDestroyNotify       progress_destroy,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
char              *gofer_record_stream_receive_stream_finish (GoferRecordStream  *self,
                                                              GAsyncResult       *result,
                                                              GError            **error);

/* Receiver: sends the final ack record for @sha256_hex. */
void               gofer_record_stream_send_ack_async       (GoferRecordStream   *self,
                                                             const char          *sha256_hex,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean           gofer_record_stream_send_ack_finish      (GoferRecordStream   *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
/* Sender: waits for the final ack and checks it against @sha256_hex. */
void               gofer_record_stream_receive_ack_async    (GoferRecordStream   *self,
                                                             const char          *sha256_hex,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean           gofer_record_stream_receive_ack_finish   (GoferRecordStream   *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* Closes the connection (non-blocking for sockets); safe to call twice. */
void               gofer_record_stream_close                (GoferRecordStream   *self);

G_END_DECLS
