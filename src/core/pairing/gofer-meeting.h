/* gofer-meeting.h: two paired computers meet again, with no code
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both open the day's mailbox derived from the pairing secret, run SPAKE2
 * with the day's meeting password, and sign the transcript with their
 * identity keys in the version message (docs/security.md, "Paired
 * devices"; docs/protocol-extensions.md §9). What follows is a
 * GoferConversation like any other.
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <glib-object.h>

#include "gofer-conversation.h"
#include "gofer-identity.h"
#include "gofer-paired-peer.h"

G_BEGIN_DECLS

#define GOFER_TYPE_MEETING (gofer_meeting_get_type ())

G_DECLARE_FINAL_TYPE (GoferMeeting, gofer_meeting, GOFER, MEETING, GObject)

/* A meeting with @peer on @relay_url in the mailbox of @day
 * (gofer_pairing_day_now() unless a test says otherwise). */
GoferMeeting      *gofer_meeting_new              (GoferIdentity     *identity,
                                                   GoferPairedPeer   *peer,
                                                   const char        *relay_url,
                                                   const char        *appid,
                                                   guint64            day);
/* On a Gofer's own mailbox on the local network (docs/protocol-extensions.md
 * §8): claim the day's mailbox id as a nameplate, so that the mailbox lists
 * it and the other side finds it; set before starting. */
void               gofer_meeting_set_by_nameplate (GoferMeeting      *self,
                                                   gboolean           by_nameplate);
/* Meet in the day's mailbox of @slot instead of slot 0
 * (gofer_pairing_derive_slot_mailbox_id()); set before starting. */
void               gofer_meeting_set_slot         (GoferMeeting      *self,
                                                   guint              slot);
/* The day's mailbox id (also the nameplate with by_nameplate): not secret,
 * the server sees it. */
const char        *gofer_meeting_get_mailbox_id   (GoferMeeting      *self);
/* The conversation the meeting becomes; configure its transfers before
 * starting. */
GoferConversation *gofer_meeting_get_conversation (GoferMeeting      *self);
/* Completes once the peer proved it holds the pairing and its identity
 * key, and the conversation runs. Fails with a sentence that names the
 * peer when the computer that answered holds neither (a stranger, a
 * replayed meeting) or shows another identity key. */
void               gofer_meeting_start_async      (GoferMeeting       *self,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
gboolean           gofer_meeting_start_finish     (GoferMeeting       *self,
                                                   GAsyncResult       *result,
                                                   GError            **error);

/* TRUE once the meeting failed on the peer's version itself: it opened
 * under the meeting key, so its author knows the day's password, but its
 * identity key or signature is wrong (a reinstalled peer, or one that
 * refused ours). FALSE when it failed before, as a stranger's or a leftover
 * of an earlier meeting does (the key confirmation fails). */
gboolean           gofer_meeting_get_refused_answer (GoferMeeting     *self);

/* When the peer is one this side forgot: tells it so (gofer-forgotten)
 * once the meeting started; nothing else should be sent then. */
void               gofer_meeting_tell_forgotten   (GoferMeeting       *self);

/* Signals:
 *   "opened" (): the mailbox is open (with by_nameplate: the nameplate is
 *     claimed, so the server lists it); the peer may come
 *   "forgotten" (): the peer says it forgot this computer; forget it too */

G_END_DECLS
