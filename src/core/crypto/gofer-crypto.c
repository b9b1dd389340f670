/* gofer-crypto.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-crypto.h"
#include "gofer-error.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#define HKDF_HASH_SIZE crypto_auth_hmacsha256_BYTES

gboolean
gofer_crypto_init (void)
{
  return sodium_init () >= 0;
}

GoferKey *
gofer_key_new (void)
{
  GoferKey *key = sodium_malloc (sizeof (GoferKey));

  /* sodium_malloc only fails when the system is out of memory, which GLib
   * treats as fatal everywhere else too. */
  if (key == NULL)
    g_error ("sodium_malloc: out of memory for a key");

  sodium_memzero (key, sizeof (GoferKey));
  return key;
}

GoferKey *
gofer_key_new_from_bytes (const guint8 *bytes)
{
  GoferKey *key;

  g_return_val_if_fail (bytes != NULL, NULL);

  key = gofer_key_new ();
  memcpy (key->bytes, bytes, GOFER_KEY_SIZE);
  return key;
}

GoferKey *
gofer_key_copy (const GoferKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return gofer_key_new_from_bytes (key->bytes);
}

void
gofer_key_free (GoferKey *key)
{
  /* sodium_free wipes the whole allocation before releasing it. */
  if (key != NULL)
    sodium_free (key);
}

/* RFC 5869 with an absent salt, which the RFC defines as HashLen zero bytes. */
static void
hkdf_extract (const guint8 *ikm,
              gsize         ikm_len,
              guint8       *prk)
{
  static const guint8 zero_salt[crypto_auth_hmacsha256_KEYBYTES] = { 0 };
  crypto_auth_hmacsha256_state state;

  crypto_auth_hmacsha256_init (&state, zero_salt, sizeof zero_salt);
  crypto_auth_hmacsha256_update (&state, ikm, ikm_len);
  crypto_auth_hmacsha256_final (&state, prk);
  sodium_memzero (&state, sizeof state);
}

/* T(i) = HMAC(PRK, T(i-1) || info || i); okm = T(1) || T(2) || ... */
static void
hkdf_expand (const guint8 *prk,
             const guint8 *info,
             gsize         info_len,
             guint8       *out,
             gsize         out_len)
{
  crypto_auth_hmacsha256_state state;
  guint8 block[HKDF_HASH_SIZE];
  gsize done = 0;
  guint8 counter = 0;

  while (done < out_len)
    {
      gsize n = MIN (out_len - done, sizeof block);

      counter++;
      crypto_auth_hmacsha256_init (&state, prk, HKDF_HASH_SIZE);
      if (counter > 1)
        crypto_auth_hmacsha256_update (&state, block, sizeof block);
      if (info_len > 0)
        crypto_auth_hmacsha256_update (&state, info, info_len);
      crypto_auth_hmacsha256_update (&state, &counter, 1);
      crypto_auth_hmacsha256_final (&state, block);
      memcpy (out + done, block, n);
      done += n;
    }

  sodium_memzero (&state, sizeof state);
  sodium_memzero (block, sizeof block);
}

void
gofer_hkdf_sha256 (const guint8 *ikm,
                   gsize         ikm_len,
                   const guint8 *info,
                   gsize         info_len,
                   guint8       *out,
                   gsize         out_len)
{
  guint8 prk[HKDF_HASH_SIZE];

  g_return_if_fail (ikm != NULL || ikm_len == 0);
  g_return_if_fail (info != NULL || info_len == 0);
  g_return_if_fail (out != NULL);
  g_return_if_fail (out_len <= 255 * HKDF_HASH_SIZE);

  hkdf_extract (ikm, ikm_len, prk);
  hkdf_expand (prk, info, info_len, out, out_len);
  sodium_memzero (prk, sizeof prk);
}

GoferKey *
gofer_derive_key (const GoferKey *key,
                  const guint8   *purpose,
                  gsize           purpose_len)
{
  GoferKey *derived;

  g_return_val_if_fail (key != NULL, NULL);

  /* HKDF writes straight into guarded memory, so no copy of the okm is left. */
  derived = gofer_key_new ();
  gofer_hkdf_sha256 (key->bytes, GOFER_KEY_SIZE, purpose, purpose_len,
                     derived->bytes, GOFER_KEY_SIZE);
  return derived;
}

GoferKey *
gofer_derive_key_str (const GoferKey *key,
                      const char     *purpose)
{
  g_return_val_if_fail (purpose != NULL, NULL);

  return gofer_derive_key (key, (const guint8 *)purpose, strlen (purpose));
}

GoferKey *
gofer_derive_phase_key (const GoferKey *shared,
                        const char     *side,
                        const char     *phase)
{
  static const char prefix[] = "wormhole:phase:";
  guint8 purpose[sizeof prefix - 1 + 2 * crypto_hash_sha256_BYTES];
  guint8 *p = purpose;

  g_return_val_if_fail (shared != NULL, NULL);
  g_return_val_if_fail (side != NULL, NULL);
  g_return_val_if_fail (phase != NULL, NULL);

  /* The raw digests, not their hex (wire spec b.4). */
  memcpy (p, prefix, sizeof prefix - 1);
  p += sizeof prefix - 1;
  gofer_sha256 ((const guint8 *)side, strlen (side), p);
  p += crypto_hash_sha256_BYTES;
  gofer_sha256 ((const guint8 *)phase, strlen (phase), p);

  return gofer_derive_key (shared, purpose, sizeof purpose);
}

char *
gofer_derive_verifier_hex (const GoferKey *shared)
{
  g_autoptr(GoferKey) verifier = NULL;

  g_return_val_if_fail (shared != NULL, NULL);

  verifier = gofer_derive_key_str (shared, "wormhole:verifier");
  return gofer_hex_encode (verifier->bytes, GOFER_KEY_SIZE);
}

GoferKey *
gofer_derive_transit_key (const GoferKey *shared,
                          const char     *appid)
{
  g_autofree char *purpose = NULL;

  g_return_val_if_fail (shared != NULL, NULL);
  g_return_val_if_fail (appid != NULL, NULL);

  purpose = g_strconcat (appid, "/transit-key", NULL);
  return gofer_derive_key_str (shared, purpose);
}

GBytes *
gofer_secretbox_seal (const GoferKey *key,
                      const guint8   *plain,
                      gsize           plain_len)
{
  guint8 nonce[GOFER_SECRETBOX_NONCE_SIZE];

  randombytes_buf (nonce, sizeof nonce);
  return gofer_secretbox_seal_with_nonce (key, nonce, plain, plain_len);
}

GBytes *
gofer_secretbox_seal_with_nonce (const GoferKey *key,
                                 const guint8   *nonce,
                                 const guint8   *plain,
                                 gsize           plain_len)
{
  static const guint8 empty[1] = { 0 };
  gsize boxed_len = GOFER_SECRETBOX_NONCE_SIZE + GOFER_SECRETBOX_MAC_SIZE + plain_len;
  guint8 *boxed;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (nonce != NULL, NULL);
  g_return_val_if_fail (plain != NULL || plain_len == 0, NULL);

  boxed = g_malloc (boxed_len);
  memcpy (boxed, nonce, GOFER_SECRETBOX_NONCE_SIZE);
  /* Never hand libsodium a NULL message pointer, even for length 0. */
  crypto_secretbox_easy (boxed + GOFER_SECRETBOX_NONCE_SIZE,
                         plain != NULL ? plain : empty, plain_len,
                         nonce, key->bytes);
  return g_bytes_new_take (boxed, boxed_len);
}

GBytes *
gofer_secretbox_open (const GoferKey *key,
                      const guint8   *boxed,
                      gsize           boxed_len,
                      GError        **error)
{
  gsize plain_len;
  guint8 *plain;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (boxed != NULL || boxed_len == 0, NULL);

  if (boxed_len < GOFER_SECRETBOX_NONCE_SIZE + GOFER_SECRETBOX_MAC_SIZE)
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                           _("The other computer sent an encrypted message that is too short. "
                             "Try the transfer again."));
      return NULL;
    }

  plain_len = boxed_len - GOFER_SECRETBOX_NONCE_SIZE - GOFER_SECRETBOX_MAC_SIZE;
  /* One spare byte so an empty plaintext still has a valid buffer. */
  plain = g_malloc (plain_len + 1);
  if (crypto_secretbox_open_easy (plain,
                                  boxed + GOFER_SECRETBOX_NONCE_SIZE,
                                  boxed_len - GOFER_SECRETBOX_NONCE_SIZE,
                                  boxed, key->bytes) != 0)
    {
      g_free (plain);
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_WRONG_CODE,
                           _("The message could not be decrypted. The code was probably "
                             "mistyped; ask for a new one and try again."));
      return NULL;
    }

  return g_bytes_new_take (plain, plain_len);
}

char *
gofer_hex_encode (const guint8 *data,
                  gsize         len)
{
  static const char digits[] = "0123456789abcdef";
  char *hex;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  hex = g_malloc (2 * len + 1);
  for (gsize i = 0; i < len; i++)
    {
      hex[2 * i] = digits[data[i] >> 4];
      hex[2 * i + 1] = digits[data[i] & 0xf];
    }
  hex[2 * len] = '\0';
  return hex;
}

GBytes *
gofer_hex_decode (const char *hex,
                  gsize       hex_len)
{
  guint8 *out;

  g_return_val_if_fail (hex != NULL || hex_len == 0, NULL);

  if (hex_len % 2 != 0)
    return NULL;

  out = g_malloc (hex_len / 2 + 1);
  for (gsize i = 0; i < hex_len / 2; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        {
          g_free (out);
          return NULL;
        }
      out[i] = (guint8)(hi << 4 | lo);
    }

  return g_bytes_new_take (out, hex_len / 2);
}

void
gofer_sha256 (const guint8 *data,
              gsize         len,
              guint8       *out32)
{
  g_return_if_fail (data != NULL || len == 0);
  g_return_if_fail (out32 != NULL);

  crypto_hash_sha256 (out32, data, len);
}
