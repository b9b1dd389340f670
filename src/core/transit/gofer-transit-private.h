/* gofer-transit-private.h: shared by the files of GoferTransit
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gofer-transit.c holds the object, preparing and the race's start and end;
 * gofer-transit-dial.c dials; gofer-transit-candidate.c runs each
 * connection's handshake and picks the winner. Only they include this header.
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include "gofer-transit.h"

G_BEGIN_DECLS

typedef enum
{
  CANDIDATE_DIRECT,
  CANDIDATE_INBOUND,
  CANDIDATE_RELAY,
} CandidateKind;

/* One connection attempt. The transit holds one reference in its list, every
 * pending async operation holds another. @transit is cleared when the transit
 * gives up on the candidate, so late callbacks only clean up. */
typedef struct
{
  int                ref_count;
  GoferTransit      *transit;
  CandidateKind      kind;
  char              *endpoint;      /* "host:port", for relay de-duplication */
  char              *description;
  GSocketConnection *connection;
  GCancellable      *cancellable;
  guint8            *buf;
  gsize              buf_len;
  gboolean           ready;         /* handshake done */
} Candidate;

struct _GoferTransit
{
  GObject           parent_instance;

  GoferTransitRole  role;
  GoferKey         *key;
  char             *own_handshake;
  char             *peer_handshake;
  char             *relay_line;
  gboolean          listen;
  guint             timeout_ms;
  guint             relay_delay_ms;
  GPtrArray        *relays;            /* our relay-v1 hints */

  GSocketClient    *client;
  GSocketService   *service;
  guint16           port;
  GPtrArray        *hints;             /* ours, once prepared */
  GPtrArray        *candidates;        /* Candidate, alive ones */
  GQueue            ready;             /* Candidate, handshake done, not yet chosen */
  GPtrArray        *pending_relays;    /* "host:port" to dial when relay_source fires */
  GHashTable       *dials_per_host;    /* lower-case host -> dials so far */
  guint             handshake_timeout_ms;

  GTask            *connect_task;
  GSource          *cancel_source;
  guint             timeout_source;
  guint             relay_source;
  gboolean          prepared;
  gboolean          choosing;          /* sender: "go" is being written */
  gboolean          closed;
};

/* gofer-transit-candidate.c: candidates */

Candidate *_gofer_transit_candidate_new          (GoferTransit  *self,
                                                  CandidateKind  kind,
                                                  const char    *endpoint,
                                                  char          *description);
Candidate *_gofer_transit_candidate_ref          (Candidate *cand);
void       _gofer_transit_candidate_unref        (Candidate *cand);
gboolean   _gofer_transit_candidate_alive        (Candidate *cand,
                                                  GError    *error);
void       _gofer_transit_candidate_read         (Candidate           *cand,
                                                  gsize                len,
                                                  GAsyncReadyCallback  callback);
gboolean   _gofer_transit_candidate_read_finish  (Candidate    *cand,
                                                  GAsyncResult *result,
                                                  const char   *expected,
                                                  const char   *what);
void       _gofer_transit_candidate_write        (Candidate           *cand,
                                                  const char          *text,
                                                  GAsyncReadyCallback  callback);
gboolean   _gofer_transit_candidate_write_finish (Candidate    *cand,
                                                  GAsyncResult *result);
void       _gofer_transit_candidate_handshake    (Candidate *cand);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Candidate, _gofer_transit_candidate_unref)

/* gofer-transit-candidate.c: inbound connections and the winner */

gboolean _gofer_transit_start_listening    (GoferTransit  *self,
                                            GError       **error);
void     _gofer_transit_end_attempt        (GoferTransit *self);
void     _gofer_transit_drop_candidates    (GoferTransit *self,
                                            Candidate    *keep);
void     _gofer_transit_fail               (GoferTransit *self,
                                            GError       *error);
void     _gofer_transit_fail_no_connection (GoferTransit *self);
void     _gofer_transit_choose             (GoferTransit *self);
void     _gofer_transit_check_exhausted    (GoferTransit *self);

/* gofer-transit-dial.c */

void _gofer_transit_add_relay_endpoints (GPtrArray              *endpoints,
                                         const GoferTransitHint *relay);
void _gofer_transit_dial                (GoferTransit           *self,
                                         CandidateKind           kind,
                                         const GoferTransitHint *hint);
void _gofer_transit_start_race          (GoferTransit *self,
                                         GPtrArray    *peer_hints);

G_END_DECLS
