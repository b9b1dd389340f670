/* gofer-record-cipher.c: sealing and opening transit records in place
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every record is sealed where it lies: the buffer keeps
 * GOFER_RECORD_OVERHEAD bytes free in front of the plaintext, and each
 * cipher writes its frame into the tail of that room. Both frames put the
 * nonce and the MAC before the ciphertext:
 *
 *   secretbox:   u32_be(len) || nonce(24) || mac(16) || ciphertext
 *   aes256gcm:   u32_be(len) || nonce(12) || tag(16) || ciphertext
 *
 * and both nonces are the record counter, big-endian, so a replayed,
 * dropped or reordered record never opens.
 */

#include "config.h"

#include "gofer-record-cipher.h"

#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <sodium.h>
#include <string.h>

#include "gofer-error.h"

#define SECRETBOX_NONCE_SIZE GOFER_SECRETBOX_NONCE_SIZE
#define AES_NONCE_SIZE 12
#define MAC_SIZE 16
#define AES_KEY_PURPOSE "gofer:transit:aes256gcm-v1"

struct _GoferRecordCipher
{
  GoferRecordCipherKind    kind;
  GoferKey                *key;        /* secretbox */
  gnutls_aead_cipher_hd_t  aes;        /* aes256gcm */
};

gboolean
gofer_record_cipher_aes_is_fast (void)
{
  if (sodium_init () < 0)
    return FALSE;
  /* libsodium's own check for AES-NI and PCLMUL, the instructions GnuTLS
   * uses too; without them AES-GCM is slower than secretbox. */
  return crypto_aead_aes256gcm_is_available () != 0;
}

GoferRecordCipher *
gofer_record_cipher_new (GoferRecordCipherKind  kind,
                         const GoferKey        *record_key)
{
  GoferRecordCipher *self;

  g_return_val_if_fail (record_key != NULL, NULL);

  self = g_new0 (GoferRecordCipher, 1);
  self->kind = kind;
  if (kind == GOFER_RECORD_CIPHER_SECRETBOX)
    self->key = gofer_key_copy (record_key);
  else
    {
      g_autoptr(GoferKey) aes_key = gofer_derive_key_str (record_key, AES_KEY_PURPOSE);
      gnutls_datum_t datum = { aes_key->bytes, GOFER_KEY_SIZE };
      int ret = gnutls_aead_cipher_init (&self->aes, GNUTLS_CIPHER_AES_256_GCM, &datum);

      /* Only fails on a broken GnuTLS: AES-256-GCM is always built in. */
      g_assert (ret == 0);
    }
  return self;
}

void
gofer_record_cipher_free (GoferRecordCipher *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->key, gofer_key_free);
  if (self->aes != NULL)
    gnutls_aead_cipher_deinit (self->aes);
  g_free (self);
}

GoferRecordCipherKind
gofer_record_cipher_get_kind (GoferRecordCipher *self)
{
  return self->kind;
}

const char *
gofer_record_cipher_get_name (GoferRecordCipher *self)
{
  return self->kind == GOFER_RECORD_CIPHER_SECRETBOX ? "xsalsa20-poly1305" : "aes-256-gcm";
}

static gsize
nonce_size (GoferRecordCipher *self)
{
  return self->kind == GOFER_RECORD_CIPHER_SECRETBOX ? SECRETBOX_NONCE_SIZE : AES_NONCE_SIZE;
}

static void
nonce_from_counter (guint8  *nonce,
                    gsize    size,
                    guint64  counter)
{
  memset (nonce, 0, size);
  for (int i = 0; i < 8; i++)
    nonce[size - 1 - i] = (guint8)(counter >> (8 * i));
}

gsize
gofer_record_cipher_body_overhead (GoferRecordCipher *self)
{
  return nonce_size (self) + MAC_SIZE;
}

gsize
gofer_record_cipher_body_offset (GoferRecordCipher *self)
{
  return GOFER_RECORD_OVERHEAD - gofer_record_cipher_body_overhead (self);
}

gsize
gofer_record_cipher_seal (GoferRecordCipher *self,
                          guint64            counter,
                          guint8            *buf,
                          gsize              plain_len)
{
  gsize start = gofer_record_cipher_body_offset (self) - 4;
  guint8 *frame = buf + start;
  guint8 *nonce = frame + 4;
  guint8 *mac = nonce + nonce_size (self);
  guint8 *plain = buf + GOFER_RECORD_OVERHEAD;
  guint32 len = (guint32)(gofer_record_cipher_body_overhead (self) + plain_len);

  frame[0] = len >> 24;
  frame[1] = len >> 16;
  frame[2] = len >> 8;
  frame[3] = len;
  nonce_from_counter (nonce, nonce_size (self), counter);

  if (self->kind == GOFER_RECORD_CIPHER_SECRETBOX)
    crypto_secretbox_easy (mac, plain, plain_len, nonce, self->key->bytes);
  else
    {
      giovec_t iov = { plain, plain_len };
      size_t tag_size = MAC_SIZE;
      int ret = gnutls_aead_cipher_encryptv2 (self->aes, nonce, AES_NONCE_SIZE, NULL, 0,
                                              &iov, 1, mac, &tag_size);

      /* Only fails on bad arguments, which would be our bug. */
      g_assert (ret == 0 && tag_size == MAC_SIZE);
    }
  return start;
}

gboolean
gofer_record_cipher_open (GoferRecordCipher  *self,
                          guint64             counter,
                          guint8             *body,
                          gsize               body_len,
                          GError            **error)
{
  gsize overhead = gofer_record_cipher_body_overhead (self);
  guint8 expected[SECRETBOX_NONCE_SIZE];
  guint8 *mac;
  gboolean opened;

  if (body_len < overhead)
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                           _("The other computer sent a record that is too short. The transfer was stopped."));
      return FALSE;
    }
  /* Only now: an empty body may be NULL, and NULL + n is undefined. */
  mac = body + nonce_size (self);
  nonce_from_counter (expected, nonce_size (self), counter);
  if (memcmp (body, expected, nonce_size (self)) != 0)
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                           _("The other computer sent data out of order. The transfer was stopped."));
      return FALSE;
    }

  if (self->kind == GOFER_RECORD_CIPHER_SECRETBOX)
    opened = crypto_secretbox_open_easy (body + overhead, mac, body_len - nonce_size (self),
                                         body, self->key->bytes) == 0;
  else
    {
      giovec_t iov = { body + overhead, body_len - overhead };

      opened = gnutls_aead_cipher_decryptv2 (self->aes, body, AES_NONCE_SIZE, NULL, 0,
                                             &iov, 1, mac, MAC_SIZE) == 0;
    }
  if (!opened)
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                           _("Data from the other computer could not be decrypted. The transfer was stopped."));
      return FALSE;
    }

  return TRUE;
}
