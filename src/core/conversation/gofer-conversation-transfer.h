/* gofer-conversation-transfer.h: one file or folder sent inside a conversation
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See docs/protocol-extensions.md, section 6.
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <gio/gio.h>

#include "gofer-offer.h"

G_BEGIN_DECLS

typedef enum
{
  GOFER_CONVERSATION_TRANSFER_OUTGOING,
  GOFER_CONVERSATION_TRANSFER_INCOMING,
} GoferConversationTransferDirection;

typedef enum
{
  GOFER_CONVERSATION_TRANSFER_PREPARING,     /* zipping a folder */
  GOFER_CONVERSATION_TRANSFER_OFFERED,       /* waiting for the receiver to decide */
  GOFER_CONVERSATION_TRANSFER_CONNECTING,    /* transit race */
  GOFER_CONVERSATION_TRANSFER_TRANSFERRING,  /* bytes moving: see "progress" */
  GOFER_CONVERSATION_TRANSFER_INTERRUPTED,   /* the connection broke; it resumes by itself */
  GOFER_CONVERSATION_TRANSFER_FINISHING,     /* checksum, renaming, unpacking */
  GOFER_CONVERSATION_TRANSFER_DONE,
  GOFER_CONVERSATION_TRANSFER_DECLINED,
  GOFER_CONVERSATION_TRANSFER_CANCELLED,     /* by either side, or by leaving */
  GOFER_CONVERSATION_TRANSFER_FAILED,
} GoferConversationTransferState;

GType gofer_conversation_transfer_direction_get_type (void);
GType gofer_conversation_transfer_state_get_type (void);
#define GOFER_TYPE_CONVERSATION_TRANSFER_DIRECTION (gofer_conversation_transfer_direction_get_type ())
#define GOFER_TYPE_CONVERSATION_TRANSFER_STATE (gofer_conversation_transfer_state_get_type ())

#define GOFER_TYPE_CONVERSATION_TRANSFER (gofer_conversation_transfer_get_type ())

G_DECLARE_FINAL_TYPE (GoferConversationTransfer, gofer_conversation_transfer,
                      GOFER, CONVERSATION_TRANSFER, GObject)

GoferConversationTransferDirection
                gofer_conversation_transfer_get_direction   (GoferConversationTransfer *self);
/* Numbered by the offering side, from 1, in the order of the offers; 0
 * while an outgoing transfer is still being prepared. */
guint64         gofer_conversation_transfer_get_id          (GoferConversationTransfer *self);
/* A file or directory offer; NULL while an outgoing folder is being zipped. */
GoferOffer     *gofer_conversation_transfer_get_offer       (GoferConversationTransfer *self);
GoferConversationTransferState
                gofer_conversation_transfer_get_state       (GoferConversationTransfer *self);
/* DONE, DECLINED, CANCELLED or FAILED. */
gboolean        gofer_conversation_transfer_is_finished     (GoferConversationTransfer *self);
/* Why it ended when not DONE: a translated sentence; NULL otherwise. */
const GError   *gofer_conversation_transfer_get_error       (GoferConversationTransfer *self);
/* Outgoing: the first path sent. Incoming: the file or folder created,
 * once DONE. */
GFile          *gofer_conversation_transfer_get_file        (GoferConversationTransfer *self);
/* Bytes of the offer that are in place at the receiver, counting what an
 * interrupted connection had already delivered. */
guint64         gofer_conversation_transfer_get_bytes_done  (GoferConversationTransfer *self);
guint64         gofer_conversation_transfer_get_bytes_total (GoferConversationTransfer *self);
/* Bytes this side sent or received over transit connections, every
 * attempt together: more than the size only when a connection broke. */
guint64         gofer_conversation_transfer_get_transmitted (GoferConversationTransfer *self);
/* Times the transfer resumed after a broken connection. */
guint           gofer_conversation_transfer_get_resumes     (GoferConversationTransfer *self);
/* Where the latest resumption started: 0 unless it resumed. */
guint64         gofer_conversation_transfer_get_resume_offset (GoferConversationTransfer *self);

/* Incoming, OFFERED: receives into @folder (a safe, unique name inside it;
 * never overwriting anything). */
void            gofer_conversation_transfer_accept          (GoferConversationTransfer *self,
                                                             GFile                     *folder);
/* Incoming, OFFERED: tells the sender no. */
void            gofer_conversation_transfer_decline         (GoferConversationTransfer *self);
/* Either direction, until finished: stops it on both sides; a partial
 * download is deleted. */
void            gofer_conversation_transfer_cancel          (GoferConversationTransfer *self);

/* Signals: "progress" (guint64 bytes_done, guint64 bytes_total), at most
 * about ten times a second; notify::state. */

G_END_DECLS
