/* gofer-record.c: transit records and the final ack, as bytes
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-record.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gofer-error.h"
#include "gofer-json-private.h"
#include "gofer-record-cipher.h"

#define NONCE_SIZE GOFER_SECRETBOX_NONCE_SIZE
#define MAC_SIZE GOFER_SECRETBOX_MAC_SIZE
/* Offset of the plaintext in a record buffer: length, nonce and MAC precede it. */
#define PLAIN_OFFSET GOFER_RECORD_OVERHEAD

GoferKey *
gofer_record_derive_key (const GoferKey   *transit_key,
                         GoferTransitRole  writer)
{
  g_return_val_if_fail (transit_key != NULL, NULL);

  return gofer_derive_key_str (transit_key, writer == GOFER_TRANSIT_ROLE_SENDER
                                            ? "transit_record_sender_key"
                                            : "transit_record_receiver_key");
}

GBytes *
gofer_record_frame (const GoferKey *key,
                    guint64         counter,
                    const guint8   *plain,
                    gsize           plain_len)
{
  guint8 *buf;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (plain != NULL || plain_len == 0, NULL);

  g_autoptr(GoferRecordCipher) cipher = gofer_record_cipher_new (GOFER_RECORD_CIPHER_SECRETBOX, key);

  buf = g_malloc (PLAIN_OFFSET + plain_len);
  if (plain_len > 0)
    memcpy (buf + PLAIN_OFFSET, plain, plain_len);
  /* Secretbox frames start at the buffer's first byte. */
  gofer_record_cipher_seal (cipher, counter, buf, plain_len);

  return g_bytes_new_take (buf, PLAIN_OFFSET + plain_len);
}

GBytes *
gofer_record_unframe (const GoferKey  *key,
                      guint64          counter,
                      const guint8    *body,
                      gsize            body_len,
                      GError         **error)
{
  g_autofree guint8 *copy = NULL;
  g_autoptr(GoferRecordCipher) cipher = NULL;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (body != NULL || body_len == 0, NULL);

  cipher = gofer_record_cipher_new (GOFER_RECORD_CIPHER_SECRETBOX, key);
  copy = g_memdup2 (body, body_len);
  if (!gofer_record_cipher_open (cipher, counter, copy, body_len, error))
    return NULL;

  return g_bytes_new (copy + NONCE_SIZE + MAC_SIZE, body_len - NONCE_SIZE - MAC_SIZE);
}

char *
gofer_record_ack_new (const char *sha256_hex)
{
  g_return_val_if_fail (sha256_hex != NULL, NULL);

  if (*sha256_hex == '\0')
    return g_strdup ("{\"ack\": \"ok\"}");
  return g_strdup_printf ("{\"ack\": \"ok\", \"sha256\": \"%s\"}", sha256_hex);
}

gboolean
gofer_record_ack_check (const guint8  *plain,
                        gsize          plain_len,
                        const char    *expected_sha256_hex,
                        GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *ack;
  const char *sha256;

  g_return_val_if_fail (expected_sha256_hex != NULL, FALSE);

  if ((object = _gofer_json_parse_object (parser, plain, plain_len)) == NULL)
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                           _("The other computer did not confirm the transfer properly. It may not have received everything."));
      return FALSE;
    }

  ack = _gofer_json_get_string (object, "ack", NULL);
  sha256 = _gofer_json_get_string (object, "sha256", NULL);
  if (g_strcmp0 (ack, "ok") != 0)
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                           _("The other computer did not confirm the transfer properly. It may not have received everything."));
      return FALSE;
    }
  /* Python sends the hash and fails on a mismatch; Go compares case-insensitively. */
  if (sha256 != NULL && *expected_sha256_hex != '\0' &&
      g_ascii_strcasecmp (sha256, expected_sha256_hex) != 0)
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_CORRUPT,
                           _("The other computer received different data than was sent. Try sending again."));
      return FALSE;
    }

  return TRUE;
}
