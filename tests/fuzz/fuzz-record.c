/* fuzz-record.c: encrypted transit records from a peer or a hostile relay
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte picks what is fuzzed (modulo 8); 4 to 7 are 0 to 3 with
 * AES-256-GCM records (transit-aes256gcm-v1) instead of secretbox:
 *   0  opening the rest as one record with a fixed key (counter: byte 1)
 *   1  gofer_record_ack_check() of the rest against a fixed hash
 *   2  a whole incoming stream, received by gofer_record_stream_receive_stream
 *   3  the same stream read by the sender waiting for its final ack
 * For 2 and 3 the rest is: u16 announced size, then items of
 * [flags u8][u16 length][bytes]. Without flag 1 the bytes are sealed as the
 * next record with the right key, so the fuzzer reaches what follows the
 * MAC check; flag 1 writes them raw (a relay's garbage, a lying length);
 * flag 2 reuses the previous counter (a replay), flag 4 skips one (a
 * reordering or a drop). The stream must either fail with a GError or
 * deliver exactly the announced bytes with their SHA-256.
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "fuzz-common.h"
#include "gofer-crypto.h"
#include "gofer-error.h"
#include "gofer-record-stream.h"

#define FLAG_RAW     1
#define FLAG_REPLAY  2
#define FLAG_SKIP    4

/* The transit key of tests/core/vectors/transit.json. */
static const guint8 transit_key_bytes[GOFER_KEY_SIZE] = {
  0x84, 0x2d, 0x3d, 0x33, 0x59, 0xa4, 0xd1, 0xda, 0x8a, 0xc9, 0x04, 0x50, 0x07, 0xfa, 0xf2, 0xb0,
  0xb8, 0x33, 0x44, 0x64, 0x41, 0x1c, 0x77, 0x9c, 0x5f, 0xe1, 0x0b, 0x8f, 0x2f, 0x50, 0x58, 0xc1,
};

#define EXPECTED_SHA256 "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"

typedef struct
{
  gboolean  done;
  char     *sha256;
  gboolean  ok;
  GError   *error;
} Result;

static void
check_failure (const GError *error)
{
  fuzz_check (error != NULL, "a failure has an error");
  fuzz_check (error->domain == GOFER_ERROR || error->domain == G_IO_ERROR, "a Gofer or I/O error");
  fuzz_check (error->message != NULL && error->message[0] != '\0', "with a sentence");
}

static void
fuzz_unframe (const guint8 *data,
              gsize         size)
{
  g_autoptr(GoferKey) key = gofer_key_new_from_bytes (transit_key_bytes);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = NULL;

  if (size < 1)
    return;
  plain = gofer_record_unframe (key, data[0], data + 1, size - 1, &error);
  if (plain == NULL)
    check_failure (error);
  else
    fuzz_check (g_bytes_get_size (plain) + GOFER_RECORD_OVERHEAD - 4 == size - 1, "plaintext is the body less nonce and MAC");
}

static void
fuzz_open_aes (const guint8 *data,
               gsize         size)
{
  g_autoptr(GoferKey) key = gofer_key_new_from_bytes (transit_key_bytes);
  g_autoptr(GoferRecordCipher) cipher = gofer_record_cipher_new (GOFER_RECORD_CIPHER_AES256GCM, key);
  g_autofree guint8 *body = NULL;
  g_autoptr(GError) error = NULL;

  if (size < 1)
    return;
  body = g_memdup2 (data + 1, size - 1);
  if (!gofer_record_cipher_open (cipher, data[0], body, size - 1, &error))
    check_failure (error);
  else
    fuzz_check (size - 1 >= gofer_record_cipher_body_overhead (cipher), "an opened record held a nonce and a tag");
}

static void
fuzz_ack (const guint8 *data,
          gsize         size)
{
  g_autoptr(GError) error = NULL;

  if (!gofer_record_ack_check (data, size, EXPECTED_SHA256, &error))
    check_failure (error);
}

/* The wire bytes for the items after the size. */
static GBytes *
build_stream (GoferRecordCipherKind  kind,
              const guint8          *data,
              gsize                  size)
{
  g_autoptr(GoferKey) transit_key = gofer_key_new_from_bytes (transit_key_bytes);
  g_autoptr(GoferKey) key = gofer_record_derive_key (transit_key, GOFER_TRANSIT_ROLE_SENDER);
  g_autoptr(GoferRecordCipher) cipher = gofer_record_cipher_new (kind, key);
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  guint64 counter = 0;
  gsize at = 0;

  while (at + 3 <= size)
    {
      guint8 flags = data[at];
      gsize len = MIN ((gsize)((data[at + 1] << 8) | data[at + 2]), size - at - 3);
      const guint8 *bytes = data + at + 3;

      at += 3 + len;
      if (flags & FLAG_RAW)
        {
          g_byte_array_append (wire, bytes, len);
          continue;
        }
      if ((flags & FLAG_REPLAY) && counter > 0)
        counter--;
      if (flags & FLAG_SKIP)
        counter++;
      {
        g_autofree guint8 *buf = g_malloc (GOFER_RECORD_OVERHEAD + len);
        gsize start;

        memcpy (buf + GOFER_RECORD_OVERHEAD, bytes, len);
        start = gofer_record_cipher_seal (cipher, counter++, buf, len);
        g_byte_array_append (wire, buf + start, GOFER_RECORD_OVERHEAD - start + len);
      }
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&wire));
}

/* A record stream over @wire, as the receiver: it reads records sealed with
 * the sender's key, which is how build_stream() sealed them. */
static GoferRecordStream *
stream_over (GoferRecordCipherKind  kind,
             GBytes                *wire,
             GOutputStream         *output)
{
  g_autoptr(GInputStream) input = g_memory_input_stream_new_from_bytes (wire);
  g_autoptr(GIOStream) io = g_simple_io_stream_new (input, output);
  g_autoptr(GoferKey) transit_key = gofer_key_new_from_bytes (transit_key_bytes);
  GoferRecordStream *stream;

  stream = gofer_record_stream_new (io, transit_key, GOFER_TRANSIT_ROLE_RECEIVER, "fuzz");
  gofer_record_stream_set_max_record_size (stream, 4096 + GOFER_RECORD_OVERHEAD);
  gofer_record_stream_set_cipher (stream, kind);
  return stream;
}

static void
received_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Result *r = user_data;

  r->sha256 = gofer_record_stream_receive_stream_finish (GOFER_RECORD_STREAM (source), result, &r->error);
  r->done = TRUE;
}

static void
ack_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Result *r = user_data;

  r->ok = gofer_record_stream_receive_ack_finish (GOFER_RECORD_STREAM (source), result, &r->error);
  r->done = TRUE;
}

static void
fuzz_receive (GoferRecordCipherKind  kind,
              const guint8          *data,
              gsize                  size)
{
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) wire = NULL;
  g_autoptr(GoferRecordStream) stream = NULL;
  Result r = { FALSE };
  guint64 announced;

  if (size < 2)
    return;
  announced = (data[0] << 8) | data[1];
  wire = build_stream (kind, data + 2, size - 2);
  stream = stream_over (kind, wire, sink);
  gofer_record_stream_receive_stream_async (stream, output, announced, NULL, NULL, NULL, NULL,
                                            received_cb, &r);
  fuzz_iterate_until (&r.done);

  if (r.sha256 == NULL)
    check_failure (r.error);
  else
    {
      GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (output);
      guint8 digest[32];
      g_autofree char *hex = NULL;

      fuzz_check (r.error == NULL, "success has no error");
      fuzz_check (g_memory_output_stream_get_data_size (memory) == announced, "exactly the announced bytes");
      gofer_sha256 (g_memory_output_stream_get_data (memory), announced, digest);
      hex = gofer_hex_encode (digest, sizeof digest);
      fuzz_check (g_str_equal (hex, r.sha256), "the hash is of what was written");
    }
  g_free (r.sha256);
  g_clear_error (&r.error);
}

static void
fuzz_wait_for_ack (GoferRecordCipherKind  kind,
                   const guint8          *data,
                   gsize                  size)
{
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) wire = NULL;
  g_autoptr(GoferRecordStream) stream = NULL;
  Result r = { FALSE };

  if (size < 2)
    return;
  wire = build_stream (kind, data + 2, size - 2);
  /* The ack path only reads one record and checks it; which direction's key
   * sealed it does not matter to the parsing. */
  stream = stream_over (kind, wire, sink);
  gofer_record_stream_receive_ack_async (stream, EXPECTED_SHA256, NULL, ack_cb, &r);
  fuzz_iterate_until (&r.done);
  if (!r.ok)
    check_failure (r.error);
  g_clear_error (&r.error);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  GoferRecordCipherKind kind;

  fuzz_init ();
  if (size < 1)
    return 0;

  kind = data[0] % 8 < 4 ? GOFER_RECORD_CIPHER_SECRETBOX : GOFER_RECORD_CIPHER_AES256GCM;
  switch (data[0] % 4)
    {
    case 0:
      if (kind == GOFER_RECORD_CIPHER_SECRETBOX)
        fuzz_unframe (data + 1, size - 1);
      else
        fuzz_open_aes (data + 1, size - 1);
      break;
    case 1:
      fuzz_ack (data + 1, size - 1);
      break;
    case 2:
      fuzz_receive (kind, data + 1, size - 1);
      break;
    default:
      fuzz_wait_for_ack (kind, data + 1, size - 1);
      break;
    }
  return 0;
}
