/* gofer-spake2.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SPAKE2_Symmetric over the Ed25519 prime-order group, byte-compatible with
 * python-spake2 0.8 as magic-wormhole uses it (wire spec b.3). python-spake2
 * reads its integers big-endian while libsodium's scalars are little-endian,
 * hence the byte reversals before every scalar_reduce.
 */

#include "config.h"

#include "gofer-spake2.h"
#include "gofer-error.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#define POINT_SIZE  crypto_core_ed25519_BYTES
#define SCALAR_SIZE crypto_core_ed25519_SCALARBYTES
#define SIDE_SYMMETRIC 0x53 /* 'S' */

/* The blinding point for the symmetric mode: python-spake2's
 * arbitrary_element(b"symmetric"), see ed25519-constants.json. */
static const guint8 spake2_s[POINT_SIZE] = {
  0x6f, 0x00, 0xda, 0xe8, 0x7c, 0x1b, 0xe1, 0xa7, 0x3b, 0x59, 0x22, 0xef, 0x43, 0x1c, 0xd8, 0xf5,
  0x78, 0x79, 0x56, 0x9c, 0x22, 0x2d, 0x22, 0xb1, 0xcd, 0x71, 0xe8, 0x54, 0x6a, 0xb8, 0xe6, 0xf1,
};

/* The whole struct lives in sodium_malloc()ed memory, so the scalars and the
 * scratch space for K are guarded and wiped by sodium_free. */
struct _GoferSpake2
{
  guint8 x[SCALAR_SIZE];
  guint8 pw[SCALAR_SIZE];
  guint8 k[POINT_SIZE];
  guint8 pw_hash[crypto_hash_sha256_BYTES];
  guint8 id_hash[crypto_hash_sha256_BYTES];
  guint8 message[GOFER_SPAKE2_MESSAGE_SIZE];
  gboolean finished;
  /* The key wormhole-william would derive from this exchange, when it
   * differs from the standard one (see william_transcript). */
  GoferKey *william_key;
};

/* Reduces a big-endian integer of up to 64 bytes modulo L. */
static void
reduce_big_endian (const guint8 *be,
                   gsize         be_len,
                   guint8       *scalar)
{
  guint8 wide[crypto_core_ed25519_NONREDUCEDSCALARBYTES];

  g_assert (be_len <= sizeof wide);

  memset (wide, 0, sizeof wide);
  for (gsize i = 0; i < be_len; i++)
    wide[i] = be[be_len - 1 - i];
  crypto_core_ed25519_scalar_reduce (scalar, wide);
  sodium_memzero (wide, sizeof wide);
}

void
gofer_spake2_password_to_scalar (const guint8 *password,
                                 gsize         password_len,
                                 guint8       *scalar)
{
  static const char info[] = "SPAKE2 pw";
  guint8 okm[48];

  g_return_if_fail (password != NULL || password_len == 0);
  g_return_if_fail (scalar != NULL);

  gofer_hkdf_sha256 (password, password_len, (const guint8 *)info, sizeof info - 1,
                     okm, sizeof okm);
  reduce_big_endian (okm, sizeof okm, scalar);
  sodium_memzero (okm, sizeof okm);
}

/* X* = x*B + pw*S. Fails only for a zero scalar, which has negligible
 * probability with 512 bits of entropy; the caller treats it as fatal. */
static gboolean
compute_outbound (GoferSpake2 *self)
{
  guint8 xb[POINT_SIZE];
  guint8 pws[POINT_SIZE];
  gboolean ok;

  ok = crypto_scalarmult_ed25519_base_noclamp (xb, self->x) == 0 &&
       crypto_scalarmult_ed25519_noclamp (pws, self->pw, spake2_s) == 0 &&
       crypto_core_ed25519_add (self->message + 1, xb, pws) == 0;
  self->message[0] = SIDE_SYMMETRIC;

  sodium_memzero (xb, sizeof xb);
  sodium_memzero (pws, sizeof pws);
  return ok;
}

static GoferSpake2 *
spake2_new (const guint8 *password,
            gsize         password_len,
            const guint8 *id_symmetric,
            gsize         id_len,
            const guint8 *entropy64)
{
  GoferSpake2 *self = sodium_malloc (sizeof (GoferSpake2));

  if (self == NULL)
    g_error ("sodium_malloc: out of memory for SPAKE2 state");
  sodium_memzero (self, sizeof (GoferSpake2));

  reduce_big_endian (entropy64, 64, self->x);
  gofer_spake2_password_to_scalar (password, password_len, self->pw);
  gofer_sha256 (password, password_len, self->pw_hash);
  gofer_sha256 (id_symmetric, id_len, self->id_hash);

  if (!compute_outbound (self))
    g_error ("SPAKE2: degenerate scalar; the random number generator is broken");

  return self;
}

GoferSpake2 *
gofer_spake2_new (const guint8 *password,
                  gsize         password_len,
                  const guint8 *id_symmetric,
                  gsize         id_len)
{
  guint8 *entropy;
  GoferSpake2 *self;

  g_return_val_if_fail (password != NULL || password_len == 0, NULL);
  g_return_val_if_fail (id_symmetric != NULL || id_len == 0, NULL);

  entropy = sodium_malloc (64);
  if (entropy == NULL)
    g_error ("sodium_malloc: out of memory for SPAKE2 entropy");
  randombytes_buf (entropy, 64);
  self = spake2_new (password, password_len, id_symmetric, id_len, entropy);
  sodium_free (entropy);
  return self;
}

GoferSpake2 *
gofer_spake2_new_with_entropy (const guint8 *password,
                               gsize         password_len,
                               const guint8 *id_symmetric,
                               gsize         id_len,
                               const guint8 *entropy64)
{
  g_return_val_if_fail (password != NULL || password_len == 0, NULL);
  g_return_val_if_fail (id_symmetric != NULL || id_len == 0, NULL);
  g_return_val_if_fail (entropy64 != NULL, NULL);

  return spake2_new (password, password_len, id_symmetric, id_len, entropy64);
}

const guint8 *
gofer_spake2_get_message (GoferSpake2 *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->message;
}

static gboolean
set_protocol_error (GError     **error,
                    const char  *message)
{
  g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL, message);
  return FALSE;
}

/* The checks python-spake2 makes before it uses the peer's element. */
static gboolean
check_peer_message (GoferSpake2   *self,
                    const guint8  *peer_message,
                    gsize          peer_len,
                    GError       **error)
{
  static const guint8 identity[POINT_SIZE] = { 0x01 };
  const guint8 *y;

  if (peer_len != GOFER_SPAKE2_MESSAGE_SIZE)
    return set_protocol_error (error, _("The other computer sent a key exchange message of the "
                                        "wrong size. Make sure it runs a Magic Wormhole program "
                                        "and try again."));

  if (peer_message[0] == 'A' || peer_message[0] == 'B')
    return set_protocol_error (error, _("The other computer uses an incompatible kind of key "
                                        "exchange. Make sure it runs a Magic Wormhole program "
                                        "and try again."));

  if (peer_message[0] != SIDE_SYMMETRIC)
    return set_protocol_error (error, _("The other computer sent a key exchange message that "
                                        "could not be understood. Try again with a new code."));

  y = peer_message + 1;
  if (memcmp (y, identity, POINT_SIZE) == 0 || !crypto_core_ed25519_is_valid_point (y))
    return set_protocol_error (error, _("The other computer sent an invalid key exchange "
                                        "message. Try again with a new code."));

  if (memcmp (y, self->message + 1, POINT_SIZE) == 0)
    return set_protocol_error (error, _("The key exchange message came back unchanged, as if "
                                        "someone were reflecting it. Try again with a new code."));

  return TRUE;
}

/* K = x * (Y* - pw*S) */
static gboolean
compute_k (GoferSpake2  *self,
           const guint8 *y)
{
  guint8 neg_pw[SCALAR_SIZE];
  guint8 unblind[POINT_SIZE];
  guint8 point[POINT_SIZE];
  gboolean ok;

  crypto_core_ed25519_scalar_negate (neg_pw, self->pw);
  ok = crypto_scalarmult_ed25519_noclamp (unblind, neg_pw, spake2_s) == 0 &&
       crypto_core_ed25519_add (point, y, unblind) == 0 &&
       crypto_scalarmult_ed25519_noclamp (self->k, self->x, point) == 0;

  sodium_memzero (neg_pw, sizeof neg_pw);
  sodium_memzero (unblind, sizeof unblind);
  sodium_memzero (point, sizeof point);
  return ok;
}

/* SHA256(SHA256(pw) || SHA256(id) || min(X*,Y*) || max(X*,Y*) || K) */
static GoferKey *
hash_transcript (GoferSpake2  *self,
                 const guint8 *y)
{
  const guint8 *x = self->message + 1;
  gboolean x_first = memcmp (x, y, POINT_SIZE) < 0;
  crypto_hash_sha256_state state;
  GoferKey *key = gofer_key_new ();

  crypto_hash_sha256_init (&state);
  crypto_hash_sha256_update (&state, self->pw_hash, sizeof self->pw_hash);
  crypto_hash_sha256_update (&state, self->id_hash, sizeof self->id_hash);
  crypto_hash_sha256_update (&state, x_first ? x : y, POINT_SIZE);
  crypto_hash_sha256_update (&state, x_first ? y : x, POINT_SIZE);
  crypto_hash_sha256_update (&state, self->k, sizeof self->k);
  crypto_hash_sha256_final (&state, key->bytes);
  sodium_memzero (&state, sizeof state);

  return key;
}

/* Writes @len bytes of @message into a transcript slot of @slot bytes the
 * way Go's copy() into a zeroed buffer does: cut or padded with zeros. */
static void
update_slot (crypto_hash_sha256_state *state,
             const guint8             *message,
             gsize                     len,
             gsize                     slot)
{
  guint8 padded[POINT_SIZE] = { 0 };

  memcpy (padded, message, MIN (len, slot));
  crypto_hash_sha256_update (state, padded, slot);
}

/* bytes.Compare(a, b) < 0 */
static gboolean
go_bytes_less (const guint8 *a,
               gsize         a_len,
               const guint8 *b,
               gsize         b_len)
{
  int cmp = memcmp (a, b, MIN (a_len, b_len));

  return cmp < 0 || (cmp == 0 && a_len < b_len);
}

/* The length of gospake2's encoding of an element: it drops the high zero
 * bytes of the little-endian form (the wire message is padded again). */
static gsize
go_element_len (const guint8 *element)
{
  gsize len = POINT_SIZE;

  while (len > 0 && element[len - 1] == 0)
    len--;
  return len;
}

/* wormhole-william's gospake2 0.2 sizes its symmetric transcript by the
 * length of its encoding of K, which is short one time in 256: both
 * messages are then cut to that length and K is hashed short. Python, Rust
 * and Gofer hash whole 32-byte elements. Returns the key a wormhole-william
 * peer derives, or NULL when it is the standard one. */
static GoferKey *
william_transcript (GoferSpake2  *self,
                    const guint8 *peer_element)
{
  const guint8 *x = self->message + 1;
  gsize k_len = go_element_len (self->k);
  gsize peer_element_len = go_element_len (peer_element);
  gboolean peer_first;
  crypto_hash_sha256_state state;
  GoferKey *key;

  if (k_len == POINT_SIZE)
    return NULL;

  peer_first = go_bytes_less (peer_element, peer_element_len, x, POINT_SIZE);
  key = gofer_key_new ();
  crypto_hash_sha256_init (&state);
  crypto_hash_sha256_update (&state, self->pw_hash, sizeof self->pw_hash);
  crypto_hash_sha256_update (&state, self->id_hash, sizeof self->id_hash);
  update_slot (&state, peer_first ? peer_element : x,
               peer_first ? peer_element_len : POINT_SIZE, k_len);
  update_slot (&state, peer_first ? x : peer_element,
               peer_first ? POINT_SIZE : peer_element_len, k_len);
  crypto_hash_sha256_update (&state, self->k, k_len);
  crypto_hash_sha256_final (&state, key->bytes);
  sodium_memzero (&state, sizeof state);

  return key;
}

GoferKey *
gofer_spake2_finish (GoferSpake2   *self,
                     const guint8  *peer_message,
                     gsize          peer_len,
                     GError       **error)
{
  const guint8 *y;
  GoferKey *key;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (peer_message != NULL || peer_len == 0, NULL);
  g_return_val_if_fail (!self->finished, NULL);

  if (!check_peer_message (self, peer_message, peer_len, error))
    return NULL;

  y = peer_message + 1;
  /* Fails only if Y* = pw*S, i.e. the peer's own scalar was zero. */
  if (!compute_k (self, y))
    {
      set_protocol_error (error, _("The other computer sent an invalid key exchange "
                                   "message. Try again with a new code."));
      return NULL;
    }

  key = hash_transcript (self, y);
  self->william_key = william_transcript (self, y);
  /* The secrets are no longer needed: only the outbound message stays. */
  sodium_memzero (self->k, sizeof self->k);
  sodium_memzero (self->x, sizeof self->x);
  sodium_memzero (self->pw, sizeof self->pw);
  self->finished = TRUE;
  return key;
}

GoferKey *
gofer_spake2_steal_william_key (GoferSpake2 *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_steal_pointer (&self->william_key);
}

void
gofer_spake2_free (GoferSpake2 *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->william_key, gofer_key_free);
  sodium_free (self);
}
