/* gofer-pairing-keys.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-pairing-keys.h"

#include <string.h>

#define SECONDS_PER_DAY 86400
#define MAILBOX_ID_BYTES 15

guint64
gofer_pairing_day_of (gint64 unix_seconds)
{
  /* Days before 1970 do not happen on a working clock; count them as day 0. */
  if (unix_seconds < 0)
    return 0;
  return (guint64)unix_seconds / SECONDS_PER_DAY;
}

guint64
gofer_pairing_day_now (void)
{
  return gofer_pairing_day_of (g_get_real_time () / G_USEC_PER_SEC);
}

GoferKey *
gofer_pairing_derive_secret (const GoferKey *wormhole_key)
{
  g_return_val_if_fail (wormhole_key != NULL, NULL);

  return gofer_derive_key_str (wormhole_key, "gofer:pair:secret-v1");
}

static GoferKey *
derive_for_day (const GoferKey *secret,
                const char     *purpose,
                guint64         day)
{
  g_autofree char *info = g_strdup_printf ("%s%" G_GUINT64_FORMAT, purpose, day);

  return gofer_derive_key_str (secret, info);
}

GoferKey *
gofer_pairing_derive_rendezvous (const GoferKey *secret,
                                 guint64         day)
{
  g_return_val_if_fail (secret != NULL, NULL);

  return derive_for_day (secret, "gofer:pair:rendezvous-v1:", day);
}

GoferKey *
gofer_pairing_derive_meeting_password (const GoferKey *secret,
                                       guint64         day)
{
  g_return_val_if_fail (secret != NULL, NULL);

  return derive_for_day (secret, "gofer:pair:meeting-v1:", day);
}

/* RFC 4648 base32 in lowercase; @len must be a multiple of 5 (no padding). */
static char *
base32_lower (const guint8 *data,
              gsize         len)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  GString *out = g_string_sized_new (len * 8 / 5 + 1);
  guint64 buffer = 0;
  guint bits = 0;

  g_assert (len % 5 == 0);
  for (gsize i = 0; i < len; i++)
    {
      buffer = (buffer << 8) | data[i];
      bits += 8;
      while (bits >= 5)
        {
          bits -= 5;
          g_string_append_c (out, alphabet[(buffer >> bits) & 31]);
        }
    }
  return g_string_free (out, FALSE);
}

char *
gofer_pairing_derive_mailbox_id (const GoferKey *secret,
                                 guint64         day)
{
  g_autoptr(GoferKey) rendezvous = NULL;

  g_return_val_if_fail (secret != NULL, NULL);

  rendezvous = gofer_pairing_derive_rendezvous (secret, day);
  return base32_lower (rendezvous->bytes, MAILBOX_ID_BYTES);
}

char *
gofer_pairing_derive_slot_mailbox_id (const GoferKey *secret,
                                      guint64         day,
                                      guint           slot)
{
  g_autoptr(GoferKey) rendezvous = NULL;
  g_autofree char *info = NULL;

  g_return_val_if_fail (secret != NULL, NULL);

  /* Slot 0 is the day's mailbox of before slots existed. */
  if (slot == 0)
    return gofer_pairing_derive_mailbox_id (secret, day);
  info = g_strdup_printf ("gofer:pair:rendezvous-v1:%" G_GUINT64_FORMAT ".%u", day, slot);
  rendezvous = gofer_derive_key_str (secret, info);
  return base32_lower (rendezvous->bytes, MAILBOX_ID_BYTES);
}

char *
gofer_pairing_fingerprint (const guint8 *public_key)
{
  guint8 digest[32];
  g_autofree char *hex = NULL;

  g_return_val_if_fail (public_key != NULL, NULL);

  gofer_sha256 (public_key, GOFER_IDENTITY_PUBLIC_KEY_SIZE, digest);
  hex = gofer_hex_encode (digest, 8);
  return g_strdup_printf ("%.4s %.4s %.4s %.4s", hex, hex + 4, hex + 8, hex + 12);
}
