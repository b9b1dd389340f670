/* gofer-paired-peer.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-paired-peer.h"
#include "gofer-text.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _GoferPairedPeer
{
  GObject   parent_instance;

  char     *name;
  guint8    public_key[GOFER_IDENTITY_PUBLIC_KEY_SIZE];
  GoferKey *secret;
  gint64    paired_unix;
  gint64    forgotten_unix;
};

G_DEFINE_FINAL_TYPE (GoferPairedPeer, gofer_paired_peer, G_TYPE_OBJECT)

static void
gofer_paired_peer_finalize (GObject *object)
{
  GoferPairedPeer *self = GOFER_PAIRED_PEER (object);

  g_free (self->name);
  gofer_key_free (self->secret);
  G_OBJECT_CLASS (gofer_paired_peer_parent_class)->finalize (object);
}

static void
gofer_paired_peer_class_init (GoferPairedPeerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gofer_paired_peer_finalize;
}

static void
gofer_paired_peer_init (GoferPairedPeer *self)
{
}

char *
gofer_paired_peer_clean_name (const char *name)
{
  g_autofree char *printable = gofer_text_printable (name != NULL ? name : "",
                                                     GOFER_PAIRED_PEER_MAX_NAME);

  g_strstrip (printable);
  if (*printable == '\0')
    return g_strdup (_("Paired computer"));
  return g_steal_pointer (&printable);
}

GoferPairedPeer *
gofer_paired_peer_new (const char     *name,
                       const guint8   *public_key,
                       const GoferKey *secret,
                       gint64          paired_unix)
{
  GoferPairedPeer *self;

  g_return_val_if_fail (public_key != NULL, NULL);
  g_return_val_if_fail (secret != NULL, NULL);

  self = g_object_new (GOFER_TYPE_PAIRED_PEER, NULL);
  self->name = gofer_paired_peer_clean_name (name);
  memcpy (self->public_key, public_key, sizeof self->public_key);
  self->secret = gofer_key_copy (secret);
  self->paired_unix = paired_unix;
  return self;
}

const char *
gofer_paired_peer_get_name (GoferPairedPeer *self)
{
  g_return_val_if_fail (GOFER_IS_PAIRED_PEER (self), NULL);

  return self->name;
}

void
gofer_paired_peer_set_name (GoferPairedPeer *self,
                            const char      *name)
{
  g_return_if_fail (GOFER_IS_PAIRED_PEER (self));

  g_free (self->name);
  self->name = gofer_paired_peer_clean_name (name);
}

const guint8 *
gofer_paired_peer_get_public_key (GoferPairedPeer *self)
{
  g_return_val_if_fail (GOFER_IS_PAIRED_PEER (self), NULL);

  return self->public_key;
}

char *
gofer_paired_peer_get_fingerprint (GoferPairedPeer *self)
{
  g_return_val_if_fail (GOFER_IS_PAIRED_PEER (self), NULL);

  return gofer_pairing_fingerprint (self->public_key);
}

const GoferKey *
gofer_paired_peer_get_secret (GoferPairedPeer *self)
{
  g_return_val_if_fail (GOFER_IS_PAIRED_PEER (self), NULL);

  return self->secret;
}

gint64
gofer_paired_peer_get_paired_unix (GoferPairedPeer *self)
{
  g_return_val_if_fail (GOFER_IS_PAIRED_PEER (self), 0);

  return self->paired_unix;
}

gint64
gofer_paired_peer_get_forgotten_unix (GoferPairedPeer *self)
{
  g_return_val_if_fail (GOFER_IS_PAIRED_PEER (self), 0);

  return self->forgotten_unix;
}

void
gofer_paired_peer_set_forgotten_unix (GoferPairedPeer *self,
                                      gint64           unix_time)
{
  g_return_if_fail (GOFER_IS_PAIRED_PEER (self));

  self->forgotten_unix = unix_time;
}

gboolean
gofer_paired_peer_is_forgotten (GoferPairedPeer *self)
{
  g_return_val_if_fail (GOFER_IS_PAIRED_PEER (self), FALSE);

  return self->forgotten_unix != 0;
}
