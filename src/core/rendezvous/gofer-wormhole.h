/* gofer-wormhole.h: one Magic Wormhole between two sides
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gofer-crypto.h"

G_BEGIN_DECLS

#define GOFER_APPID_FILE_TRANSFER "lothar.com/wormhole/text-or-file-xfer"
#define GOFER_DEFAULT_RELAY_URL   "ws://relay.magic-wormhole.io:4000/v1"
#define GOFER_DEFAULT_TRANSIT_HELPER "tcp:transit.magic-wormhole.io:4001"

#define GOFER_TYPE_WORMHOLE (gofer_wormhole_get_type ())

G_DECLARE_FINAL_TYPE (GoferWormhole, gofer_wormhole, GOFER, WORMHOLE, GObject)

GoferWormhole  *gofer_wormhole_new                    (const char          *relay_url,
                                                       const char          *appid);
const char     *gofer_wormhole_get_relay_url          (GoferWormhole       *self);
const char     *gofer_wormhole_get_appid              (GoferWormhole       *self);
const char     *gofer_wormhole_get_side               (GoferWormhole       *self);
/* The other side's random id; NULL until its key exchange message arrived. */
const char     *gofer_wormhole_get_peer_side          (GoferWormhole       *self);
/* NULL until allocated or set, and in a meeting of paired computers. */
const char     *gofer_wormhole_get_code               (GoferWormhole       *self);
/* Lowercase hex; NULL until the key is known. */
const char     *gofer_wormhole_get_verifier           (GoferWormhole       *self);
/* The shared key; NULL until the key is known. */
const GoferKey *gofer_wormhole_get_key                (GoferWormhole       *self);
/* The peer's "app_versions" object; NULL until the key is confirmed. */
JsonObject     *gofer_wormhole_get_peer_versions      (GoferWormhole       *self);
/* What we put in our "app_versions"; set before the code. Default {}. */
void            gofer_wormhole_set_app_versions       (GoferWormhole       *self,
                                                       JsonObject          *app_versions);
/* Gofer's own extensions live in app_versions.gofer:
 * {"protocol": GOFER_PROTOCOL_VERSION, "features": [...]}; other clients
 * ignore the member (docs/protocol-extensions.md). Add before the code. */
#define GOFER_PROTOCOL_VERSION 1
void            gofer_wormhole_add_feature            (GoferWormhole       *self,
                                                       const char          *feature);
/* TRUE once the key is confirmed, when both sides list @feature. */
gboolean        gofer_wormhole_shares_feature         (GoferWormhole       *self,
                                                       const char          *feature);
void            gofer_wormhole_set_connect_timeout    (GoferWormhole       *self,
                                                       guint                seconds);

/* The nameplates now in use on the server, for code completion. */
void            gofer_wormhole_list_nameplates_async  (GoferWormhole       *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
char          **gofer_wormhole_list_nameplates_finish (GoferWormhole       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* Asks the server for a nameplate and makes a code with n_words words.
 * Completes with the code once the nameplate is claimed. */
void            gofer_wormhole_allocate_code_async    (GoferWormhole       *self,
                                                       guint                n_words,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
char           *gofer_wormhole_allocate_code_finish   (GoferWormhole       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* Uses a code (as returned by gofer_code_parse()). Completes once claimed. */
void            gofer_wormhole_set_code_async         (GoferWormhole       *self,
                                                       const char          *code,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean        gofer_wormhole_set_code_finish        (GoferWormhole       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* Completes when the peer's version message decrypted: the key is
 * confirmed. GOFER_ERROR_WRONG_CODE when it did not. */
void            gofer_wormhole_confirm_key_async      (GoferWormhole       *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean        gofer_wormhole_confirm_key_finish     (GoferWormhole       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* Encrypts and sends in the next numbered phase; queued until the key is
 * confirmed. */
void            gofer_wormhole_send                   (GoferWormhole       *self,
                                                       GBytes              *plaintext);
void            gofer_wormhole_send_json              (GoferWormhole       *self,
                                                       JsonNode            *message);

/* The peer's next application message, in phase order. */
void            gofer_wormhole_receive_async          (GoferWormhole       *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GBytes         *gofer_wormhole_receive_finish         (GoferWormhole       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* Completes once the peer's next message is waiting (at once when one is),
 * without taking it; fails as receiving would. Lets a caller find out
 * whether the peer speaks first before it decides who reads the messages. */
void            gofer_wormhole_wait_for_message_async (GoferWormhole       *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean        gofer_wormhole_wait_for_message_finish (GoferWormhole      *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);
/* The same, parsed: a JSON object, or GOFER_ERROR_PROTOCOL. */
JsonObject     *gofer_wormhole_receive_json_finish    (GoferWormhole       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* Closes the mailbox with the mood that fits what happened (happy, lonely,
 * scary, errory), or with `mood` when not NULL. Never fails. */
void            gofer_wormhole_close_async            (GoferWormhole       *self,
                                                       const char          *mood,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
void            gofer_wormhole_close_finish           (GoferWormhole       *self,
                                                       GAsyncResult        *result);
/* The mood the close sent or will send. */
const char     *gofer_wormhole_get_mood               (GoferWormhole       *self);

G_END_DECLS
