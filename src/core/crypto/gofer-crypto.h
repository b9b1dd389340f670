/* gofer-crypto.h: HKDF, key derivation, secretbox and hex helpers
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

#define GOFER_KEY_SIZE 32
#define GOFER_SECRETBOX_NONCE_SIZE 24
#define GOFER_SECRETBOX_MAC_SIZE 16

/* A 32-byte key in sodium_malloc()ed, guarded memory; wiped when freed. */
typedef struct _GoferKey GoferKey;
struct _GoferKey
{
  guint8 bytes[GOFER_KEY_SIZE];
};

gboolean  gofer_crypto_init           (void);

GoferKey *gofer_key_new               (void);
GoferKey *gofer_key_new_from_bytes    (const guint8 *bytes);
GoferKey *gofer_key_copy              (const GoferKey *key);
void      gofer_key_free              (GoferKey *key);

/* HKDF-SHA256 (RFC 5869) with no salt. */
void      gofer_hkdf_sha256           (const guint8 *ikm,
                                       gsize         ikm_len,
                                       const guint8 *info,
                                       gsize         info_len,
                                       guint8       *out,
                                       gsize         out_len);
/* derive_key(key, purpose) = HKDF(key, purpose), 32 bytes. */
GoferKey *gofer_derive_key            (const GoferKey *key,
                                       const guint8   *purpose,
                                       gsize           purpose_len);
GoferKey *gofer_derive_key_str        (const GoferKey *key,
                                       const char     *purpose);
/* "wormhole:phase:" || SHA256(side) || SHA256(phase) */
GoferKey *gofer_derive_phase_key      (const GoferKey *shared,
                                       const char     *side,
                                       const char     *phase);
/* lowercase hex of derive_key(shared, "wormhole:verifier") */
char     *gofer_derive_verifier_hex   (const GoferKey *shared);
/* derive_key(shared, appid + "/transit-key") */
GoferKey *gofer_derive_transit_key    (const GoferKey *shared,
                                       const char     *appid);

/* nonce(24 random bytes) || crypto_secretbox_easy(plain) */
GBytes   *gofer_secretbox_seal        (const GoferKey *key,
                                       const guint8   *plain,
                                       gsize           plain_len);
/* Same with a caller-chosen nonce (tests, transit records). */
GBytes   *gofer_secretbox_seal_with_nonce (const GoferKey *key,
                                           const guint8   *nonce,
                                           const guint8   *plain,
                                           gsize           plain_len);
/* Inverse of gofer_secretbox_seal; GOFER_ERROR_WRONG_CODE when the MAC fails. */
GBytes   *gofer_secretbox_open        (const GoferKey *key,
                                       const guint8   *boxed,
                                       gsize           boxed_len,
                                       GError        **error);

char     *gofer_hex_encode            (const guint8 *data,
                                       gsize         len);
/* NULL on odd length or a non-hex character. */
GBytes   *gofer_hex_decode            (const char   *hex,
                                       gsize         hex_len);

void      gofer_sha256                (const guint8 *data,
                                       gsize         len,
                                       guint8       *out32);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferKey, gofer_key_free)

G_END_DECLS
