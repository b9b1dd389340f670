/* gofer-hashcash.c: hashcash v1 stamps, the mailbox server's proof of work
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-hashcash.h"

#include <string.h>

#define SHA1_LENGTH 20
/* How many tries between two looks at the cancellable. */
#define CANCEL_CHECK_EVERY 65536

gboolean
gofer_hashcash_can_mint (gint64      bits,
                         const char *resource)
{
  if (bits < 0 || bits > GOFER_HASHCASH_MAX_BITS || resource == NULL)
    return FALSE;
  if (strlen (resource) > GOFER_HASHCASH_MAX_RESOURCE)
    return FALSE;
  for (const char *p = resource; *p != '\0'; p++)
    if (*p == ':' || !g_ascii_isgraph (*p))
      return FALSE;
  return TRUE;
}

static guint
digest_zero_bits (const guint8 *digest,
                  gsize         len)
{
  guint bits = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (digest[i] == 0)
        {
          bits += 8;
          continue;
        }
      for (guint8 mask = 0x80; mask != 0 && (digest[i] & mask) == 0; mask >>= 1)
        bits++;
      break;
    }
  return bits;
}

guint
gofer_hashcash_zero_bits (const char *stamp)
{
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[SHA1_LENGTH];
  gsize len = sizeof digest;

  g_return_val_if_fail (stamp != NULL, 0);

  g_checksum_update (sha1, (const guchar *)stamp, strlen (stamp));
  g_checksum_get_digest (sha1, digest, &len);
  return digest_zero_bits (digest, len);
}

char *
gofer_hashcash_mint (guint         bits,
                     const char   *resource,
                     GDateTime    *when,
                     GCancellable *cancellable)
{
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  g_autofree char *date = NULL;
  g_autofree char *rand = NULL;
  g_autofree char *prefix = NULL;
  guint8 random_bytes[12];
  gsize prefix_len;

  g_return_val_if_fail (gofer_hashcash_can_mint (bits, resource), NULL);
  g_return_val_if_fail (when != NULL, NULL);

  for (guint i = 0; i < sizeof random_bytes; i += 4)
    {
      guint32 r = g_random_int ();
      memcpy (random_bytes + i, &r, 4);
    }
  date = g_date_time_format (when, "%y%m%d");
  rand = g_base64_encode (random_bytes, sizeof random_bytes);
  prefix = g_strdup_printf ("1:%u:%s:%s::%s:", bits, date, resource, rand);
  prefix_len = strlen (prefix);

  for (guint64 counter = 0;; counter++)
    {
      char tail[24];
      guint8 digest[SHA1_LENGTH];
      gsize len = sizeof digest;
      int tail_len = g_snprintf (tail, sizeof tail, "%" G_GINT64_MODIFIER "x", counter);

      if (counter % CANCEL_CHECK_EVERY == 0 && g_cancellable_is_cancelled (cancellable))
        return NULL;
      g_checksum_reset (sha1);
      g_checksum_update (sha1, (const guchar *)prefix, prefix_len);
      g_checksum_update (sha1, (const guchar *)tail, tail_len);
      g_checksum_get_digest (sha1, digest, &len);
      if (digest_zero_bits (digest, len) >= bits)
        return g_strconcat (prefix, tail, NULL);
    }
}

typedef struct
{
  guint  bits;
  char  *resource;
} MintData;

static void
mint_data_free (gpointer data)
{
  MintData *mint = data;

  g_free (mint->resource);
  g_free (mint);
}

static void
mint_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  MintData *mint = task_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  char *stamp = gofer_hashcash_mint (mint->bits, mint->resource, now, cancellable);

  if (stamp == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
  else
    g_task_return_pointer (task, stamp, g_free);
}

void
gofer_hashcash_mint_async (guint                bits,
                           const char          *resource,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  MintData *mint;

  g_return_if_fail (gofer_hashcash_can_mint (bits, resource));

  mint = g_new0 (MintData, 1);
  mint->bits = bits;
  mint->resource = g_strdup (resource);
  g_task_set_source_tag (task, gofer_hashcash_mint_async);
  g_task_set_task_data (task, mint, mint_data_free);
  g_task_run_in_thread (task, mint_thread);
}

char *
gofer_hashcash_mint_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
all_digits (const char *text,
            gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* Reads @len (at most 4) ASCII digits at @text; -1 when one is not a digit. */
static int
read_digits (const char *text,
             gsize       len)
{
  int value = 0;

  g_assert (len <= 4);
  if (!all_digits (text, len))
    return -1;
  for (gsize i = 0; i < len; i++)
    value = value * 10 + (text[i] - '0');
  return value;
}

/* The day a stamp's date field names, or %NULL. */
static GDateTime *
stamp_day (const char *field)
{
  gsize len = strlen (field);
  int year, month, day;

  if (len == 8 && all_digits (field, 8))
    {
      /* YYYYMMDD: magic-wormhole's permissions branch. */
      year = read_digits (field, 4);
      month = read_digits (field + 4, 2);
      day = read_digits (field + 6, 2);
    }
  else if ((len == 6 || len == 10 || len == 12) && all_digits (field, len))
    {
      /* YYMMDD[hhmm[ss]]: hashcash.org. */
      year = 2000 + read_digits (field, 2);
      month = read_digits (field + 2, 2);
      day = read_digits (field + 4, 2);
    }
  else if (len == 12 && field[len - 1] == '=')
    {
      /* YYYYMMDD in base64: wormhole-rs. */
      g_autofree guchar *decoded = NULL;
      g_autofree char *text = NULL;
      gsize decoded_len = 0;

      for (gsize i = 0; i < len; i++)
        if (!g_ascii_isalnum (field[i]) && field[i] != '+' && field[i] != '/' && field[i] != '=')
          return NULL;
      decoded = g_base64_decode (field, &decoded_len);
      if (decoded_len != 8)
        return NULL;
      text = g_strndup ((const char *)decoded, decoded_len);
      if (strlen (text) != 8 || !all_digits (text, 8))
        return NULL;
      return stamp_day (text);
    }
  else
    return NULL;

  /* g_date_time_new_utc() checks the ranges (and warns about none). */
  if (month < 1 || month > 12 || day < 1 || day > 31)
    return NULL;
  return g_date_time_new_utc (year, month, day, 0, 0, 0);
}

/* Whether @digits is one to three digits, the bits a stamp claims. */
static gboolean
parse_count (const char *digits,
             guint      *out)
{
  gsize len = strlen (digits);
  int value;

  if (len == 0 || len > 3 || (value = read_digits (digits, len)) < 0)
    return FALSE;
  *out = (guint)value;
  return TRUE;
}

GoferHashcashResult
gofer_hashcash_check (const char *stamp,
                      guint       bits,
                      const char *resource,
                      GDateTime  *now)
{
  g_auto(GStrv) fields = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) today = NULL;
  GTimeSpan apart;
  guint claimed;

  g_return_val_if_fail (resource != NULL && now != NULL, GOFER_HASHCASH_MALFORMED);

  if (stamp == NULL || strlen (stamp) > 2 * GOFER_HASHCASH_MAX_RESOURCE + 256 ||
      !g_utf8_validate (stamp, -1, NULL))
    return GOFER_HASHCASH_MALFORMED;
  fields = g_strsplit (stamp, ":", -1);
  if (g_strv_length (fields) != 7)
    return GOFER_HASHCASH_MALFORMED;
  if (!g_str_equal (fields[0], "1"))
    return GOFER_HASHCASH_VERSION;
  if (!g_str_equal (fields[3], resource))
    return GOFER_HASHCASH_RESOURCE;
  if (!parse_count (fields[1], &claimed) || claimed < bits)
    return GOFER_HASHCASH_CLAIMED_BITS;

  day = stamp_day (fields[2]);
  today = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                               g_date_time_get_day_of_month (now), 0, 0, 0);
  if (day == NULL || today == NULL)
    return GOFER_HASHCASH_DATE;
  apart = g_date_time_difference (day, today);
  if (ABS (apart) > GOFER_HASHCASH_DATE_WINDOW_DAYS * G_TIME_SPAN_DAY)
    return GOFER_HASHCASH_DATE;

  if (gofer_hashcash_zero_bits (stamp) < MAX (claimed, bits))
    return GOFER_HASHCASH_WORK;
  return GOFER_HASHCASH_OK;
}

const char *
gofer_hashcash_result_text (GoferHashcashResult result)
{
  switch (result)
    {
    case GOFER_HASHCASH_OK:
      return "ok";
    case GOFER_HASHCASH_MALFORMED:
      return "the stamp is not VERSION:BITS:DATE:RESOURCE:EXT:RAND:COUNTER";
    case GOFER_HASHCASH_VERSION:
      return "the stamp is not hashcash version 1";
    case GOFER_HASHCASH_RESOURCE:
      return "the stamp is for another resource than this connection's";
    case GOFER_HASHCASH_CLAIMED_BITS:
      return "the stamp claims fewer bits than required";
    case GOFER_HASHCASH_DATE:
      return "the stamp's date is not within two days of today (UTC)";
    case GOFER_HASHCASH_WORK:
    default:
      return "the stamp's SHA-1 does not start with enough zero bits";
    }
}
