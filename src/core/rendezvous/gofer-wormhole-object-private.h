/* gofer-wormhole-object-private.h: shared by the files of GoferWormhole
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gofer-wormhole.c holds the object and the state machine,
 * gofer-wormhole-key.c the key exchange and versions,
 * gofer-wormhole-phases.c the numbered phases and failing. Calls go one way,
 * in that order. Only they include this header; the rest of the core uses
 * gofer-wormhole-private.h.
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include "gofer-crypto.h"
#include "gofer-spake2.h"
#include "gofer-wormhole-private.h"

G_BEGIN_DECLS

struct _GoferWormhole
{
  GObject        parent_instance;

  char          *relay_url;
  char          *appid;
  char          *side;
  char          *peer_side;
  guint          connect_timeout;
  JsonObject    *app_versions;

  GoferMailbox  *mailbox;
  char          *code;
  GoferSpake2   *spake2;
  GoferKey      *key;
  GoferKey      *william_key;     /* the other candidate, until the peer's version decides */
  GSource       *key_wait;
  char          *verifier;
  JsonObject    *peer_versions;

  GHashTable    *seen_phases;
  GPtrArray     *early_messages;
  GHashTable    *unordered;       /* phase number -> GBytes */
  guint64        next_in_phase;
  guint64        next_out_phase;
  GQueue         inbox;           /* GBytes, in phase order */
  GPtrArray     *outbox;          /* GBytes waiting for key confirmation */

  /* Meetings of paired computers */
  char          *meet_mailbox;    /* a meeting's mailbox: no code to show */
  gboolean       meet_directly;   /* open it, claim no nameplate */
  JsonObject    *version_extra;   /* members next to app_versions */
  GoferWormholeVersionCheck version_check;
  gpointer       version_check_data;
  guint8         own_pake[GOFER_SPAKE2_MESSAGE_SIZE];
  guint8         peer_pake[GOFER_SPAKE2_MESSAGE_SIZE];
  gboolean       has_pakes;

  GTask         *code_task;
  guint          n_words;
  GQueue         confirm_tasks;
  GQueue         receive_tasks;
  GQueue         peek_tasks;      /* wait for a message without taking it */

  gboolean       heard_peer;
  gboolean       key_confirmed;
  GError        *failure;
  const char    *mood;
};

/* gofer-wormhole-key.c */

void     _gofer_wormhole_start_key_exchange (GoferWormhole *self,
                                             const char    *mailbox_id);
gboolean _gofer_wormhole_compute_key        (GoferWormhole  *self,
                                             const char     *body_hex,
                                             GError        **error);
void     _gofer_wormhole_send_version       (GoferWormhole *self);
void     _gofer_wormhole_pick_key           (GoferWormhole *self,
                                             const char    *version_hex);
void     _gofer_wormhole_handle_encrypted   (GoferWormhole *self,
                                             const char    *side,
                                             const char    *phase,
                                             const char    *body_hex);

/* gofer-wormhole-phases.c */

void   _gofer_wormhole_fail_waiters     (GoferWormhole *self,
                                         const GError  *error);
void   _gofer_wormhole_fail             (GoferWormhole *self,
                                         GError        *error,
                                         const char    *mood);
GTask *_gofer_wormhole_new_task         (GoferWormhole       *self,
                                         gpointer             source_tag,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
void   _gofer_wormhole_send_encrypted   (GoferWormhole *self,
                                         const char    *phase,
                                         GBytes        *plaintext);
void   _gofer_wormhole_send_numbered    (GoferWormhole *self,
                                         GBytes        *plaintext);
void   _gofer_wormhole_deliver_in_order (GoferWormhole *self);

G_END_DECLS
