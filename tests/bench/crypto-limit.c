/* crypto-limit.c: how fast this machine can do transit's per-byte work
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A transfer cannot go faster than one side can seal (or open) and hash its
 * bytes: each side does both, on every byte, one record after another. This
 * measures secretbox seal, secretbox open, and SHA-256 (nettle, as gofer
 * uses, and libsodium's for comparison) over 1 GiB in 256 KiB records, the
 * size gofer sends, in one thread (best of two runs each), and prints the
 * resulting limit.
 *
 * The input cycles through a 64 MiB buffer, bigger than any cache here, so
 * the data comes from memory as it would from the page cache.
 *
 *   crypto-limit [MIB]     (default 1024)
 *
 * Output: one "name MiB/s" line per measurement, then "limit MiB/s".
 */

#include "config.h"

#include <nettle/sha2.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MIB (1024 * 1024)
#define RECORD (256 * 1024)
#define POOL (64 * MIB)

typedef void (*WorkFunc) (unsigned char *data,
                          size_t         len,
                          unsigned long  index);

static unsigned char key[crypto_secretbox_KEYBYTES];
static unsigned char mac[crypto_secretbox_MACBYTES];
static struct sha256_ctx nettle_state;
static crypto_hash_sha256_state sodium_state;
static unsigned char *sealed;  /* a pool of records sealed ahead, for open */

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
nonce_for (unsigned char *nonce,
           unsigned long  index)
{
  memset (nonce, 0, crypto_secretbox_NONCEBYTES);
  for (int i = 0; i < 8; i++)
    nonce[crypto_secretbox_NONCEBYTES - 1 - i] = (unsigned char)(index >> (8 * i));
}

/* Into a scratch buffer, so the pool stays plaintext: the same work as in place. */
static void
seal_work (unsigned char *data,
           size_t         len,
           unsigned long  index)
{
  static unsigned char out[RECORD];
  unsigned char nonce[crypto_secretbox_NONCEBYTES];

  nonce_for (nonce, index);
  crypto_secretbox_detached (out, mac, data, len, nonce, key);
}

static void
open_work (unsigned char *data,
           size_t         len,
           unsigned long  index)
{
  static unsigned char out[RECORD];
  unsigned char nonce[crypto_secretbox_NONCEBYTES];
  size_t slot = index % (POOL / RECORD);
  unsigned char *box = sealed + slot * (RECORD + crypto_secretbox_MACBYTES);

  nonce_for (nonce, slot);
  if (crypto_secretbox_open_detached (out, box + crypto_secretbox_MACBYTES,
                                      box, len, nonce, key) != 0)
    {
      fprintf (stderr, "crypto-limit: a record did not open\n");
      exit (1);
    }
}

static void
nettle_work (unsigned char *data,
             size_t         len,
             unsigned long  index)
{
  nettle_sha256_update (&nettle_state, len, data);
}

static void
sodium_work (unsigned char *data,
             size_t         len,
             unsigned long  index)
{
  crypto_hash_sha256_update (&sodium_state, data, len);
}

/* MiB/s of @work over @total bytes of @pool: the better of two runs, since
 * other programs on a shared machine only ever make a run slower. */
static double
measure (WorkFunc       work,
         unsigned char *pool,
         size_t         total)
{
  unsigned long records = total / RECORD;
  double best = 0;

  for (int run = 0; run < 2; run++)
    {
      double start = now ();
      double rate;

      for (unsigned long i = 0; i < records; i++)
        work (pool + (i % (POOL / RECORD)) * RECORD, RECORD, i);
      rate = (double)total / MIB / (now () - start);
      if (rate > best)
        best = rate;
    }
  return best;
}

static void
seal_pool (unsigned char *pool)
{
  unsigned char nonce[crypto_secretbox_NONCEBYTES];

  sealed = malloc ((size_t)(POOL / RECORD) * (RECORD + crypto_secretbox_MACBYTES));
  if (sealed == NULL)
    exit (1);
  for (size_t slot = 0; slot < POOL / RECORD; slot++)
    {
      unsigned char *box = sealed + slot * (RECORD + crypto_secretbox_MACBYTES);

      nonce_for (nonce, slot);
      crypto_secretbox_detached (box + crypto_secretbox_MACBYTES, box,
                                 pool + slot * RECORD, RECORD, nonce, key);
    }
}

/* Two steps on the same bytes, one after the other, run at 1/(1/a + 1/b). */
static double
serial (double a,
        double b)
{
  return 1.0 / (1.0 / a + 1.0 / b);
}

int
main (int   argc,
      char *argv[])
{
  size_t total = (size_t)(argc > 1 ? atol (argv[1]) : 1024) * MIB;
  unsigned char *pool;
  unsigned char digest[32];
  double seal, open, nettle, sodium, sender, receiver;

  if (sodium_init () < 0 || total < RECORD || (pool = malloc (POOL)) == NULL)
    return 1;
  randombytes_buf (pool, POOL);
  randombytes_buf (key, sizeof key);
  seal_pool (pool);

  seal = measure (seal_work, pool, total);
  open = measure (open_work, pool, total);
  nettle_sha256_init (&nettle_state);
  nettle = measure (nettle_work, pool, total);
  nettle_sha256_digest (&nettle_state, sizeof digest, digest);
  crypto_hash_sha256_init (&sodium_state);
  sodium = measure (sodium_work, pool, total);
  crypto_hash_sha256_final (&sodium_state, digest);

  sender = serial (seal, nettle);
  receiver = serial (open, nettle);
  printf ("secretbox-seal %.0f\n", seal);
  printf ("secretbox-open %.0f\n", open);
  printf ("sha256-nettle %.0f\n", nettle);
  printf ("sha256-libsodium %.0f\n", sodium);
  printf ("sender-seal+hash %.0f\n", sender);
  printf ("receiver-open+hash %.0f\n", receiver);
  printf ("limit %.0f\n", sender < receiver ? sender : receiver);

  free (sealed);
  free (pool);
  return 0;
}
