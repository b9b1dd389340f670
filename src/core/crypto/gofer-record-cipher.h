/* gofer-record-cipher.h: sealing and opening transit records in place
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <glib.h>

#include "gofer-crypto.h"

G_BEGIN_DECLS

/* Overhead of one record on the wire: length, nonce, MAC. */
#define GOFER_RECORD_OVERHEAD (4 + GOFER_SECRETBOX_NONCE_SIZE + GOFER_SECRETBOX_MAC_SIZE)

typedef enum
{
  /* The standard: XSalsa20-Poly1305 (libsodium secretbox), a 24-byte
   * big-endian counter nonce. Every wormhole client speaks it. */
  GOFER_RECORD_CIPHER_SECRETBOX,
  /* Between two Gofers that both offer "transit-aes256gcm-v1": AES-256-GCM
   * (GnuTLS, AES-NI), a 12-byte counter nonce. See
   * docs/protocol-extensions.md. */
  GOFER_RECORD_CIPHER_AES256GCM,
} GoferRecordCipherKind;

/* The app_versions feature two Gofers list to use AES-256-GCM. */
#define GOFER_FEATURE_TRANSIT_AES256GCM "transit-aes256gcm-v1"
/* The app_versions feature two Gofers list to leave the SHA-256 out of a
 * transfer's final ack, and so hash nothing: the authenticated records already
 * prove every byte (docs/protocol-extensions.md, section 1b). */
#define GOFER_FEATURE_TRANSIT_BARE_ACK  "transit-bare-ack-v1"

typedef struct _GoferRecordCipher GoferRecordCipher;

/* TRUE where AES-256-GCM runs in hardware, so that it is worth offering. */
gboolean           gofer_record_cipher_aes_is_fast (void);

/* @record_key is the standard record key of one direction
 * (gofer_record_derive_key()); AES derives its own key from it. */
GoferRecordCipher *gofer_record_cipher_new        (GoferRecordCipherKind    kind,
                                                   const GoferKey          *record_key);
void               gofer_record_cipher_free       (GoferRecordCipher       *self);
GoferRecordCipherKind gofer_record_cipher_get_kind (GoferRecordCipher      *self);
const char        *gofer_record_cipher_get_name   (GoferRecordCipher       *self);

/* @buf holds the plaintext at GOFER_RECORD_OVERHEAD. Seals it in place and
 * writes the frame (length, nonce, MAC) in front of it. Returns where in
 * @buf the frame starts; it ends with the plaintext's last byte. */
gsize              gofer_record_cipher_seal       (GoferRecordCipher       *self,
                                                   guint64                  counter,
                                                   guint8                  *buf,
                                                   gsize                    plain_len);
/* Where in a record buffer to read a body (everything after the 4-byte
 * length) so that its plaintext lands at GOFER_RECORD_OVERHEAD. */
gsize              gofer_record_cipher_body_offset (GoferRecordCipher      *self);
/* Bytes of a body that are not plaintext (nonce and MAC). */
gsize              gofer_record_cipher_body_overhead (GoferRecordCipher    *self);
/* Opens @body in place: GOFER_ERROR_PROTOCOL when it is too short, its
 * nonce is not @counter, or it does not authenticate. */
gboolean           gofer_record_cipher_open       (GoferRecordCipher       *self,
                                                   guint64                  counter,
                                                   guint8                  *body,
                                                   gsize                    body_len,
                                                   GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferRecordCipher, gofer_record_cipher_free)

G_END_DECLS
