/* gofer-test-peer.h: a fake mailbox server and peer around a real GoferWormhole
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wormhole's GoferMailbox never opens a socket: every frame it sends
 * comes here (_gofer_mailbox_set_send_func()), and the harness answers
 * through _gofer_mailbox_dispatch_text(), as the server would. The peer is
 * a second side with its own SPAKE2 on the same code: once it has seen our
 * "pake" it knows the key, reads our "version" and numbered phases, and
 * seals its own. Used by tests/core and by the fuzz targets (tests/fuzz).
 *
 * With serving on, the server answers on an idle of the main context:
 * bind -> welcome, allocate -> allocated "7", claim -> claimed, release ->
 * released, add -> the message echoed back (and stored), close -> closed,
 * list -> no nameplates. With it off, the harness sends every answer itself.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "gofer-mailbox-private.h"
#include "gofer-spake2.h"
#include "gofer-wormhole-private.h"

G_BEGIN_DECLS

#define GOFER_TEST_PEER_APPID   "lothar.com/wormhole/text-or-file-xfer"
#define GOFER_TEST_PEER_CODE    "7-guitarist-revenge"
#define GOFER_TEST_PEER_SIDE    "feedfacefeedface"
#define GOFER_TEST_PEER_MAILBOX "testbox"

typedef struct _GoferTestPeer GoferTestPeer;

/* A new wormhole with its mailbox played here; the peer's SPAKE2 uses @code
 * (NULL: GOFER_TEST_PEER_CODE). */
GoferTestPeer  *gofer_test_peer_new             (const char     *code,
                                                 gboolean        serve);
/* Drops the peer's references (the wormhole's and the mailbox's) and its
 * serving idle. */
void            gofer_test_peer_free            (GoferTestPeer  *peer);
GoferWormhole  *gofer_test_peer_get_wormhole    (GoferTestPeer  *peer);
GoferMailbox   *gofer_test_peer_get_mailbox     (GoferTestPeer  *peer);
/* The wormhole's SPAKE2 message from its "pake"; NULL before. */
GBytes         *gofer_test_peer_get_wormhole_pake (GoferTestPeer *peer);
/* The key the peer computed from our "pake"; NULL before. */
const GoferKey *gofer_test_peer_get_key         (GoferTestPeer  *peer);

/* --- from the server and the peer, handled before these return --- */

/* A frame from the server, as text. */
void            gofer_test_peer_send_text       (GoferTestPeer  *peer,
                                                 const char     *text,
                                                 gsize           len);
/* A "message" frame from the peer's side (also stored, for replay). */
void            gofer_test_peer_send_message    (GoferTestPeer  *peer,
                                                 const char     *phase,
                                                 const char     *body_hex);
/* The peer's correct "pake" message. */
void            gofer_test_peer_send_pake       (GoferTestPeer  *peer);
/* A "pake" message whose pake_v1 is @message. */
void            gofer_test_peer_send_pake_bytes (GoferTestPeer  *peer,
                                                 const guint8   *message,
                                                 gsize           len);
/* @bytes sealed for @phase with @key (NULL: the peer's key). */
void            gofer_test_peer_send_sealed     (GoferTestPeer  *peer,
                                                 const GoferKey *key,
                                                 const char     *phase,
                                                 const guint8   *bytes,
                                                 gsize           len);
/* The peer's "version": {"app_versions": app_versions_json}. */
void            gofer_test_peer_send_version    (GoferTestPeer  *peer,
                                                 const char     *app_versions_json);
/* @text sealed in numbered phase @phase. */
void            gofer_test_peer_send_phase      (GoferTestPeer  *peer,
                                                 guint64         phase,
                                                 const char     *text);
/* @text sealed in the peer's next numbered phase (from 0); returns it. */
guint64         gofer_test_peer_send            (GoferTestPeer  *peer,
                                                 const char     *text);
/* Every message the server stored, both sides, again in the same order:
 * what a reconnected client gets when it re-opens the mailbox. */
void            gofer_test_peer_replay          (GoferTestPeer  *peer);

/* --- what the client sent --- */

/* The client's frames so far as one line, e.g. "bind claim open add:pake
 * release add:version add:0 close": each frame's type, with the phase of
 * an "add". */
char           *gofer_test_peer_dup_frames      (GoferTestPeer  *peer);
/* How many frames of @type ("add:version" for a phase) the client sent. */
guint           gofer_test_peer_count_frames    (GoferTestPeer  *peer,
                                                 const char     *type);
/* The client's "version" as the peer decrypted it; NULL before. */
const char     *gofer_test_peer_get_version     (GoferTestPeer  *peer);
/* The client's numbered phases the peer decrypted, in phase order without
 * gaps (char *, NUL-terminated plaintext). */
GPtrArray      *gofer_test_peer_get_received    (GoferTestPeer  *peer);
/* How many of the client's messages did not open with the peer's key. */
guint           gofer_test_peer_get_n_unreadable (GoferTestPeer *peer);

G_END_DECLS
