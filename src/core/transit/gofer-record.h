/* gofer-record.h: transit records and the final ack, as bytes
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

G_BEGIN_DECLS

typedef enum
{
  GOFER_TRANSIT_ROLE_SENDER,     /* leader; the file sender */
  GOFER_TRANSIT_ROLE_RECEIVER,   /* follower */
} GoferTransitRole;

/* Record key for records written by @writer:
 * HKDF(transit_key, "transit_record_sender_key" / "transit_record_receiver_key"). */
GoferKey *gofer_record_derive_key  (const GoferKey   *transit_key,
                                    GoferTransitRole  writer);
/* One framed record: u32_be(len) || nonce(counter, 24 bytes big-endian) || secretbox. */
GBytes   *gofer_record_frame       (const GoferKey   *key,
                                    guint64           counter,
                                    const guint8     *plain,
                                    gsize             plain_len);
/* Opens the part after the length (nonce || box); GOFER_ERROR_PROTOCOL when the
 * nonce is not @counter or the box does not open. */
GBytes   *gofer_record_unframe     (const GoferKey   *key,
                                    guint64           counter,
                                    const guint8     *body,
                                    gsize             body_len,
                                    GError          **error);
/* The final ack's bytes, exactly as Python writes them:
 * {"ack": "ok", "sha256": "<hex>"}; just {"ack": "ok"} for an empty
 * @sha256_hex (no payload hash, see gofer_record_stream_set_hash_payload()). */
char     *gofer_record_ack_new     (const char       *sha256_hex);
/* Checks a received ack; GOFER_ERROR_CORRUPT when the hash differs
 * (case-insensitive), GOFER_ERROR_PROTOCOL when it is not an ack. An empty
 * @expected_sha256_hex checks only that it is an ack. */
gboolean  gofer_record_ack_check   (const guint8     *plain,
                                    gsize             plain_len,
                                    const char       *expected_sha256_hex,
                                    GError          **error);

G_END_DECLS
