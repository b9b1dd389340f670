/* gofer-transfer-private.h: pieces the transfer classes share
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <gio/gio.h>

#include <json-glib/json-glib.h>

#include "gofer-archive.h"
#include "gofer-offer.h"
#include "gofer-part-file.h"
#include "gofer-record-stream.h"
#include "gofer-transfer.h"
#include "gofer-transit.h"
#include "gofer-wormhole.h"

G_BEGIN_DECLS

/* Whether the peer's versions list "abilities": ["transfer-v1", ...], as
 * the Rust clients (Warp, wormhole-rs) send: they take no text offers,
 * and they pack a folder into one NAME.zip or NAME.tar file themselves.
 * Python and Go send {}. */
gboolean      _gofer_transfer_peer_packs_folders (GoferWormhole *wormhole);

/* A transit for this wormhole's key and appid, with our relay (a
 * "tcp:HOST:PORT" hint, or NULL) and listening as asked. */
GoferTransit *_gofer_transfer_new_transit     (GoferWormhole     *wormhole,
                                               GoferTransitRole   role,
                                               const char        *transit_helper,
                                               gboolean           listen,
                                               GError           **error);
/* The same with a key of the caller's (a conversation's transfers). */
GoferTransit *_gofer_transfer_new_transit_with_key (const GoferKey *transit_key,
                                                   GoferTransitRole role,
                                                   const char     *transit_helper,
                                                   gboolean        listen,
                                                   GError        **error);
/* Sets up a freshly connected record stream for what both sides' versions
 * share: AES-256-GCM records, and with @may_skip_hash the bare ack (a
 * conversation's transfers keep the hash their resume relies on). Logs the
 * outcome as "@who: connected (ROUTE, CIPHER[, bare ack])". */
void          _gofer_transfer_configure_records (GoferRecordStream *records,
                                                 GoferWormhole     *wormhole,
                                                 gboolean           may_skip_hash,
                                                 const char        *who);

/* Runs func(object) on the main context once cancellable is cancelled.
 * Returns the handler id for g_cancellable_disconnect(). */
gulong        _gofer_transfer_watch_cancel    (GCancellable      *cancellable,
                                               GObject           *object,
                                               void             (*func) (GObject *object));
/* {"error": "transfer cancelled"} then close; for a person's Cancel. */
GError       *_gofer_transfer_cancelled_error (void);

/* What a sender offers for local paths, and the file that crosses transit. */
typedef struct
{
  GoferOffer   *offer;
  GFile        *payload;
  GoferArchive *archive;   /* a zipped folder, deleted with the payload; or NULL */
} GoferPayload;

void          _gofer_payload_free                     (GoferPayload      *payload);
/* One regular file goes as a file offer; a folder, or several paths, as one
 * zipped folder offer (progress: bytes zipped). */
void          _gofer_transfer_prepare_payload_async   (GFile * const     *files,
                                                       guint              n_files,
                                                       GoferProgressFunc  progress,
                                                       gpointer           progress_data,
                                                       GDestroyNotify     progress_destroy,
                                                       GCancellable      *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer           user_data);
GoferPayload *_gofer_transfer_prepare_payload_finish  (GAsyncResult      *result,
                                                       GError           **error);

/* Checks that @folder has room for @offer (a folder: its zip and what that
 * unpacks to), then creates the .part for @name there ("NAME.zip.part" for
 * a folder, which unpacks beside it). */
void           _gofer_transfer_create_part_async      (GFile             *folder,
                                                       GoferOffer        *offer,
                                                       const char        *name,
                                                       GCancellable      *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer           user_data);
GoferPartFile *_gofer_transfer_create_part_finish     (GAsyncResult      *result,
                                                       GError           **error);

/* Gives a verified .part its final place: renames a file, or unpacks a
 * folder's zip (checked against the offer's numbytes) into a new folder
 * beside it and deletes the zip. Returns what was created. */
void          _gofer_transfer_finish_part_async       (GoferPartFile     *part,
                                                       GoferOffer        *offer,
                                                       const char        *name,
                                                       GoferProgressFunc  progress,
                                                       gpointer           progress_data,
                                                       GDestroyNotify     progress_destroy,
                                                       GCancellable      *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer           user_data);
GFile        *_gofer_transfer_finish_part_finish      (GAsyncResult      *result,
                                                       GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferPayload, _gofer_payload_free)

/* GoferTransfer, for its subclasses. */
void               _gofer_transfer_set_wormhole    (GoferTransfer       *self,
                                                    GoferWormhole       *wormhole);
void               _gofer_transfer_set_stage       (GoferTransfer       *self,
                                                    GoferTransferStage   stage);
/* A GoferProgressFunc; @self is the transfer. Emits "progress". */
void               _gofer_transfer_progress_cb     (guint64              done,
                                                    guint64              total,
                                                    gpointer             self);
/* Cancelled when the running task ends: transit and disk work use it. */
GCancellable      *_gofer_transfer_get_cancellable (GoferTransfer       *self);
/* Calls @cancelled on the main context when @task's cancellable fires. */
void               _gofer_transfer_watch_task      (GoferTransfer       *self,
                                                    GTask               *task,
                                                    void               (*cancelled) (GObject *object));
void               _gofer_transfer_unwatch_task    (GoferTransfer       *self,
                                                    GTask               *task);
/* @task ends: stops watching it, and closes the transit connection. */
void               _gofer_transfer_stop            (GoferTransfer       *self,
                                                    GTask               *task);
GoferTransit      *_gofer_transfer_ensure_transit  (GoferTransfer       *self,
                                                    GoferTransitRole     role,
                                                    GError             **error);
GoferTransit      *_gofer_transfer_get_transit     (GoferTransfer       *self);
/* From the peer's {"transit": ...} message. */
void               _gofer_transfer_set_peer_hints  (GoferTransfer       *self,
                                                    JsonObject          *message);
void               _gofer_transfer_connect_async   (GoferTransfer       *self,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GoferRecordStream *_gofer_transfer_connect_finish  (GoferTransfer       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
GoferRecordStream *_gofer_transfer_get_records     (GoferTransfer       *self);
guint              _gofer_transfer_get_idle_timeout (GoferTransfer      *self);
/* The record stream failed: a broken connection waits a moment for the
 * peer's explanation through the mailbox, anything else fails at once
 * (through the class's fail()). */
void               _gofer_transfer_transit_failed  (GoferTransfer       *self,
                                                    GError              *error);
/* The peer's {"error": ...} arrived while our task runs. */
void               _gofer_transfer_peer_failed     (GoferTransfer       *self,
                                                    GError              *error);
/* ... or while none runs: emits "peer-left" once and keeps the error. */
void               _gofer_transfer_peer_left       (GoferTransfer       *self,
                                                    GError              *error);
const GError      *_gofer_transfer_get_peer_left   (GoferTransfer       *self);

G_END_DECLS
