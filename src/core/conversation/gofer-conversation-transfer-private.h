/* gofer-conversation-transfer-private.h: shared by the files of GoferConversationTransfer
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The class is split over three files: gofer-conversation-transfer.c (state,
 * public API, the transit connection of each attempt), -send.c (the offering
 * side) and -receive.c (the receiving side). GoferConversation creates the
 * objects and hands them the peer's messages through the functions below.
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <json-glib/json-glib.h>

#include "gofer-archive.h"
#include "gofer-conversation-transfer.h"
#include "gofer-conversation.h"
#include "gofer-hash-converter.h"
#include "gofer-part-file.h"
#include "gofer-transit.h"

G_BEGIN_DECLS

/* docs/protocol-extensions.md, section 6 */
#define GOFER_TRANSFER_MAX_ATTEMPTS      1000
/* The sender gives up after this many attempts in a row that did not connect. */
#define GOFER_TRANSFER_MAX_IDLE_ATTEMPTS 6
#define GOFER_TRANSFER_RETRY_MAX_DELAY_S 30

/* One transit connection of a transfer, with its own key. A callback that
 * finds its attempt is no longer the transfer's current one does nothing. */
typedef struct
{
  gatomicrefcount            ref;
  GoferConversationTransfer *transfer;     /* strong */
  guint                      number;
  GCancellable              *cancellable;
  GoferTransit              *transit;
  GPtrArray                 *peer_hints;   /* NULL until the peer's gofer-transit */
  gboolean                   answered;     /* the receiver's gofer-answer went or came */
  gboolean                   prepared;     /* our gofer-transit went out */
  GoferRecordStream         *records;
  GoferHashConverter        *hash;         /* resumed attempts: the whole file's hash */
  GOutputStream             *sink;         /* receiver, resumed: the .part through @hash */
  guint64                    offset;       /* where this attempt starts in the file */
  guint64                    moved;        /* bytes of this attempt on the wire so far */
  gboolean                   verify_only;  /* receiver: the file is complete already */
} GoferTransferAttempt;

struct _GoferConversationTransfer
{
  GObject                             parent_instance;

  GoferConversation                  *conversation;   /* weak: it owns us */
  GoferWormhole                      *wormhole;
  GoferConversationTransferDirection  direction;
  guint64                             id;
  char                               *offerer_side;
  GoferOffer                         *offer;
  GoferConversationTransferState      state;
  GError                             *error;
  char                               *transit_helper;
  gboolean                            listen;
  guint                               idle_timeout;
  GCancellable                       *cancellable;    /* disk work; cancelled when finished */

  GoferTransferAttempt                    *attempt;        /* the running one, or NULL */
  guint                               attempt_number; /* the latest one offered */
  gboolean                            announced;      /* the peer knows of it */
  gboolean                            busy;           /* a worker thread uses the file */
  guint64                             done;
  guint64                             transmitted;    /* by attempts that ended */
  guint                               resumes;
  guint64                             resume_offset;
  char                               *sha256;         /* the whole file's, once verified */

  /* Outgoing */
  GPtrArray                          *files;
  GFile                              *payload;        /* the file, or the zipped folder */
  GoferArchive                       *archive;
  guint                               retry_id;
  guint                               idle_attempts;

  /* Incoming */
  GFile                              *folder;
  GoferPartFile                      *part;
  GFile                              *received;
  guint                               pending_attempt; /* a re-offer not yet answered */
};

/* gofer-conversation-transfer.c */
/* With the conversation's transit settings. */
GoferConversationTransfer *_gofer_conversation_transfer_new        (GoferConversation                  *conversation,
                                                                    GoferConversationTransferDirection  direction,
                                                                    guint64                             id);
void      _gofer_conversation_transfer_set_state     (GoferConversationTransfer       *self,
                                                      GoferConversationTransferState   state);
void      _gofer_conversation_transfer_emit_progress (GoferConversationTransfer       *self,
                                                      guint64                          done,
                                                      guint64                          total);
/* Ends the transfer once with @state (takes @error); tells the peer with
 * a gofer-cancel when @tell_peer. */
void      _gofer_conversation_transfer_finish        (GoferConversationTransfer       *self,
                                                      GoferConversationTransferState   state,
                                                      GError                          *error,
                                                      gboolean                         tell_peer);
/* A gofer-* message about this transfer: adds "transfer" (and "role" when
 * @with_role) to @body. */
void      _gofer_conversation_transfer_tell          (GoferConversationTransfer       *self,
                                                      const char                      *key,
                                                      JsonObject                      *body,
                                                      gboolean                         with_role);
/* "the other side made a mistake": the conversation ends. */
void      _gofer_conversation_transfer_protocol_error (GoferConversationTransfer      *self);
/* The name the offer gives, fit to show. */
char     *_gofer_conversation_transfer_dup_name      (GoferConversationTransfer       *self);

/* Attempts */
GoferTransferAttempt *_gofer_transfer_attempt_ref                (GoferTransferAttempt                 *attempt);
void             _gofer_transfer_attempt_unref              (GoferTransferAttempt                 *attempt);
gboolean         _gofer_transfer_attempt_is_current         (GoferTransferAttempt                 *attempt);
/* Makes attempt @number the current one, with its own transit key. */
GoferTransferAttempt *_gofer_conversation_transfer_begin_attempt (GoferConversationTransfer *self,
                                                             guint                      number,
                                                             GError                   **error);
/* Where the attempt starts in the file; a resumed one hashes what is before. */
void             _gofer_transfer_attempt_set_offset         (GoferTransferAttempt                 *attempt,
                                                       guint64                          offset);
/* Stops the current attempt: its connection closes, its callbacks do nothing. */
void      _gofer_conversation_transfer_end_attempt   (GoferConversationTransfer       *self);
/* Prepares the attempt's transit and sends our gofer-transit; then
 * @then (may be NULL) and, once the peer's hints are there too, connects. */
void      _gofer_conversation_transfer_prepare_transit (GoferTransferAttempt               *attempt,
                                                        void                         (*then) (GoferTransferAttempt *attempt));
/* The peer's gofer-transit for @number. */
void      _gofer_conversation_transfer_handle_transit (GoferConversationTransfer      *self,
                                                       guint                           number,
                                                       GPtrArray                      *hints);
/* An operation of the attempt failed: nothing when it is no longer the
 * current one; otherwise the sending or receiving side decides whether the
 * transfer resumes or fails. Takes @error. */
void      _gofer_conversation_transfer_attempt_failed (GoferTransferAttempt                *attempt,
                                                       GError                         *error);
/* The attempt's stream went through: the whole file's hash (the
 * converter's for a resumed attempt, else the pump's, which it takes). */
void      _gofer_transfer_attempt_take_hash                 (GoferTransferAttempt                *attempt,
                                                       char                           *pump_sha256);
/* The progress of an attempt's stream: (bytes of this attempt, its total). */
void      _gofer_conversation_transfer_attempt_progress (guint64                       done,
                                                         guint64                       total,
                                                         gpointer                      attempt);
/* Whether @error means the connection broke (worth another attempt). */
gboolean  _gofer_conversation_transfer_is_interruption (const GError                  *error);
/* No worker thread uses the file (any more): drops what an ended transfer
 * leaves behind, or goes on with a re-offer that waited. */
void      _gofer_conversation_transfer_idle          (GoferConversationTransfer       *self);
/* The peer's gofer-cancel. */
void      _gofer_conversation_transfer_handle_cancel (GoferConversationTransfer       *self);

/* gofer-conversation-transfer-send.c */
void      _gofer_conversation_transfer_set_files     (GoferConversationTransfer       *self,
                                                      GFile                          **files,
                                                      guint                            n_files);
/* Prepares the files set before (a folder is zipped) and offers them. */
void      _gofer_conversation_transfer_send_start    (GoferConversationTransfer       *self);
/* FALSE: a protocol error. */
gboolean  _gofer_conversation_transfer_handle_answer (GoferConversationTransfer       *self,
                                                      guint                            number,
                                                      gboolean                         accept,
                                                      guint64                          offset);
void      _gofer_conversation_transfer_send_connected (GoferTransferAttempt                *attempt);
void      _gofer_conversation_transfer_send_failed   (GoferTransferAttempt                 *attempt,
                                                      GError                          *error);

/* gofer-conversation-transfer-receive.c */
void      _gofer_conversation_transfer_receive_offered (GoferConversationTransfer     *self,
                                                        GoferOffer                    *offer);
void      _gofer_conversation_transfer_handle_reoffer (GoferConversationTransfer      *self,
                                                       guint                           number);
void      _gofer_conversation_transfer_receive_connected (GoferTransferAttempt             *attempt);
void      _gofer_conversation_transfer_receive_failed (GoferTransferAttempt                *attempt,
                                                       GError                         *error);
void      _gofer_conversation_transfer_receive_accept (GoferConversationTransfer      *self,
                                                       GFile                          *folder);
void      _gofer_conversation_transfer_receive_decline (GoferConversationTransfer     *self);
/* Answers a re-offer that waited for the file to be free. */
void      _gofer_conversation_transfer_receive_pending (GoferConversationTransfer     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferTransferAttempt, _gofer_transfer_attempt_unref)

G_END_DECLS
