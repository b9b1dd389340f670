/* gofer-relay-mailbox.h
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "gofer-relay-store.h"

G_BEGIN_DECLS

/* A client that reconnects while the relay still thinks its old connection
 * is alive has two; more than that only multiplies the replay of a
 * mailbox, so the oldest is closed. */
#define GOFER_RELAY_MAX_LISTENERS_PER_SIDE 2

/* One stored mailbox message. Made in a connection thread, then owned by
 * the state; shared by (atomic) reference with deliveries in flight, which
 * read side, phase, msg_id and server_rx only: those never change. The
 * body and rowid belong to the state context. */
typedef struct
{
  char     *side;
  char     *phase;
  char     *body;       /* %NULL once it is only on disk: see gofer_relay_mailbox_dup_body() */
  char     *msg_id;     /* the add's "id" as JSON text (any JSON value), "null" if absent */
  double    server_rx;
  char     *address;    /* whose --max-stored-bytes-per-address it counts against, or %NULL */
  gsize     cost;       /* bytes it counts for against the stored-bytes limits */
  gint64    rowid;      /* its row in the store, 0 if none */
} GoferRelayMessage;

/* What a stored message counts for beside its body, phase and id: about
 * what the relay spends on keeping one. */
#define GOFER_RELAY_MESSAGE_OVERHEAD 128

GoferRelayMessage *gofer_relay_message_new   (const char        *side,
                                              const char        *phase,
                                              const char        *body,
                                              const char        *msg_id,
                                              double             server_rx);
GoferRelayMessage *gofer_relay_message_ref   (GoferRelayMessage *message);
void               gofer_relay_message_unref (GoferRelayMessage *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferRelayMessage, gofer_relay_message_unref)

#define GOFER_RELAY_TYPE_MAILBOX (gofer_relay_mailbox_get_type ())

G_DECLARE_FINAL_TYPE (GoferRelayMailbox, gofer_relay_mailbox, GOFER_RELAY, MAILBOX, GObject)

GoferRelayMailbox *gofer_relay_mailbox_new             (GoferRelayStore   *store,
                                                        const char        *app_id,
                                                        const char        *id,
                                                        gboolean           for_nameplate,
                                                        double             updated);
const char        *gofer_relay_mailbox_get_id          (GoferRelayMailbox *self);
double             gofer_relay_mailbox_get_updated     (GoferRelayMailbox *self);
guint              gofer_relay_mailbox_get_n_messages  (GoferRelayMailbox *self);
guint64            gofer_relay_mailbox_get_n_bytes     (GoferRelayMailbox *self);
guint              gofer_relay_mailbox_get_n_committed (GoferRelayMailbox *self);
GPtrArray         *gofer_relay_mailbox_get_messages    (GoferRelayMailbox *self);
gboolean           gofer_relay_mailbox_has_side        (GoferRelayMailbox *self,
                                                        const char        *side);
gboolean           gofer_relay_mailbox_would_crowd     (GoferRelayMailbox *self,
                                                        const char        *side);
void               gofer_relay_mailbox_mark_crowded    (GoferRelayMailbox *self);
void               gofer_relay_mailbox_open_side       (GoferRelayMailbox *self,
                                                        const char        *side,
                                                        double             when);
gboolean           gofer_relay_mailbox_close_side      (GoferRelayMailbox *self,
                                                        const char        *side,
                                                        const char        *mood,
                                                        double             when);
typedef void (*GoferRelayMailboxAddedFunc) (GoferRelayMailbox *mailbox,
                                            GoferRelayMessage *message,
                                            gpointer           user_data);

void               gofer_relay_mailbox_add_message     (GoferRelayMailbox *self,
                                                        GoferRelayMessage *message,
                                                        GoferRelayMailboxAddedFunc added,
                                                        gpointer           user_data);
void               gofer_relay_mailbox_touch           (GoferRelayMailbox *self,
                                                        double             when);
gboolean           gofer_relay_mailbox_has_listeners   (GoferRelayMailbox *self);
gpointer           gofer_relay_mailbox_attach_side     (GoferRelayMailbox *self,
                                                        const char        *side,
                                                        gpointer           listener);
void               gofer_relay_mailbox_detach_side     (GoferRelayMailbox *self,
                                                        const char        *side,
                                                        gpointer           listener);
void               gofer_relay_mailbox_mark_deleted    (GoferRelayMailbox *self);
gboolean           gofer_relay_mailbox_is_deleted      (GoferRelayMailbox *self);
const char        *gofer_relay_mailbox_get_creator     (GoferRelayMailbox *self);
void               gofer_relay_mailbox_set_creator     (GoferRelayMailbox *self,
                                                        const char        *address);
const char        *gofer_relay_mailbox_summarize       (GoferRelayMailbox *self,
                                                        gboolean           pruned,
                                                        double            *started,
                                                        double            *waiting_time);

/* Used while loading saved state. */
void               gofer_relay_mailbox_restore_side    (GoferRelayMailbox *self,
                                                        const char        *side,
                                                        gboolean           opened,
                                                        const char        *mood,
                                                        double             added);
void               gofer_relay_mailbox_restore_message (GoferRelayMailbox *self,
                                                        GoferRelayMessage *message);
char              *gofer_relay_mailbox_dup_body        (GoferRelayMailbox *self,
                                                        GoferRelayMessage *message);

G_END_DECLS
