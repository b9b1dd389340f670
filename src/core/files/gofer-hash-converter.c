/* gofer-hash-converter.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A resumed transfer hashes the part already on disk first and then what
 * crosses the wire, so the final SHA-256 covers the whole file although the
 * record stream only sees the rest. nettle, like the record stream, for the
 * CPU's SHA extensions.
 */

#include "config.h"

#include "gofer-hash-converter.h"

#include <glib/gi18n-lib.h>
#include <nettle/sha2.h>
#include <string.h>

#include "gofer-crypto.h"

#define ABSORB_CHUNK (256 * 1024)

struct _GoferHashConverter
{
  GObject    parent_instance;

  struct sha256_ctx state;
};

static void converter_iface_init (GConverterIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GoferHashConverter, gofer_hash_converter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_CONVERTER, converter_iface_init))

static GConverterResult
hash_converter_convert (GConverter       *converter,
                        const void       *inbuf,
                        gsize             inbuf_size,
                        void             *outbuf,
                        gsize             outbuf_size,
                        GConverterFlags   flags,
                        gsize            *bytes_read,
                        gsize            *bytes_written,
                        GError          **error)
{
  GoferHashConverter *self = GOFER_HASH_CONVERTER (converter);
  gsize n = MIN (inbuf_size, outbuf_size);

  if (inbuf_size > 0 && outbuf_size == 0)
    {
      /* GIO's way of asking for a bigger output buffer. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "no room for output");
      return G_CONVERTER_ERROR;
    }
  if (n > 0)
    {
      memcpy (outbuf, inbuf, n);
      gofer_hash_converter_update (self, inbuf, n);
    }
  *bytes_read = *bytes_written = n;

  if (n == inbuf_size && (flags & G_CONVERTER_INPUT_AT_END))
    return G_CONVERTER_FINISHED;
  if (n == inbuf_size && (flags & G_CONVERTER_FLUSH))
    return G_CONVERTER_FLUSHED;
  return G_CONVERTER_CONVERTED;
}

static void
hash_converter_reset (GConverter *converter)
{
  nettle_sha256_init (&GOFER_HASH_CONVERTER (converter)->state);
}

static void
converter_iface_init (GConverterIface *iface)
{
  iface->convert = hash_converter_convert;
  iface->reset = hash_converter_reset;
}

void
gofer_hash_converter_update (GoferHashConverter *self,
                             const guint8       *data,
                             gsize               len)
{
  g_return_if_fail (GOFER_IS_HASH_CONVERTER (self));

  nettle_sha256_update (&self->state, len, data);
}

gboolean
gofer_hash_converter_absorb (GoferHashConverter  *self,
                             GInputStream        *input,
                             guint64              length,
                             GCancellable        *cancellable,
                             GError             **error)
{
  g_autofree guint8 *buffer = NULL;

  g_return_val_if_fail (GOFER_IS_HASH_CONVERTER (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (input), FALSE);

  buffer = g_malloc (ABSORB_CHUNK);
  while (length > 0)
    {
      gsize want = (gsize)MIN (length, (guint64)ABSORB_CHUNK);
      gsize got = 0;

      if (!g_input_stream_read_all (input, buffer, want, &got, cancellable, error))
        return FALSE;
      if (got < want)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                               _("The file became shorter while it was being sent. Send it again once nothing is changing it."));
          return FALSE;
        }
      gofer_hash_converter_update (self, buffer, got);
      length -= got;
    }
  return TRUE;
}

char *
gofer_hash_converter_get_hex (GoferHashConverter *self)
{
  struct sha256_ctx copy;
  guint8 digest[SHA256_DIGEST_SIZE];

  g_return_val_if_fail (GOFER_IS_HASH_CONVERTER (self), NULL);

  /* Taking the digest resets the state: take it from a copy. */
  copy = self->state;
  nettle_sha256_digest (&copy, sizeof digest, digest);
  return gofer_hex_encode (digest, sizeof digest);
}

GoferHashConverter *
gofer_hash_converter_new (void)
{
  return g_object_new (GOFER_TYPE_HASH_CONVERTER, NULL);
}

static void
gofer_hash_converter_class_init (GoferHashConverterClass *klass)
{
}

static void
gofer_hash_converter_init (GoferHashConverter *self)
{
  nettle_sha256_init (&self->state);
}
