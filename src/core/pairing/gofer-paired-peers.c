/* gofer-paired-peers.c: peers.ini keeps one group per peer, named by the
 * hex of its identity key: name, secret (hex), paired and forgotten (Unix
 * seconds). The key file is kept as loaded, so what this version cannot
 * read survives a save.
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-paired-peers.h"
#include "gofer-pairing-files-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define FILE_NAME "peers.ini"
#define SECONDS_PER_DAY 86400

struct _GoferPairedPeers
{
  GObject    parent_instance;

  char      *path;
  GKeyFile  *key_file;
  GPtrArray *peers;       /* GoferPairedPeer, forgotten ones too */
};

G_DEFINE_FINAL_TYPE (GoferPairedPeers, gofer_paired_peers, G_TYPE_OBJECT)

static void
gofer_paired_peers_finalize (GObject *object)
{
  GoferPairedPeers *self = GOFER_PAIRED_PEERS (object);

  g_free (self->path);
  g_key_file_free (self->key_file);
  g_ptr_array_unref (self->peers);
  G_OBJECT_CLASS (gofer_paired_peers_parent_class)->finalize (object);
}

static void
gofer_paired_peers_class_init (GoferPairedPeersClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gofer_paired_peers_finalize;
}

static void
gofer_paired_peers_init (GoferPairedPeers *self)
{
  self->key_file = g_key_file_new ();
  self->peers = g_ptr_array_new_with_free_func (g_object_unref);
}

static char *
group_of (const guint8 *public_key)
{
  return gofer_hex_encode (public_key, GOFER_IDENTITY_PUBLIC_KEY_SIZE);
}

static gboolean
tombstone_expired (gint64 forgotten_unix)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  return forgotten_unix != 0
         && now - forgotten_unix > (gint64)GOFER_PAIRED_PEERS_TOMBSTONE_DAYS * SECONDS_PER_DAY;
}

static gboolean
decode_group (const char *group,
              guint8     *public_key)
{
  g_autoptr(GBytes) key = NULL;

  if (strlen (group) != 2 * GOFER_IDENTITY_PUBLIC_KEY_SIZE)
    return FALSE;
  key = gofer_hex_decode (group, strlen (group));
  if (key == NULL)
    return FALSE;
  memcpy (public_key, g_bytes_get_data (key, NULL), GOFER_IDENTITY_PUBLIC_KEY_SIZE);
  return TRUE;
}

/* NULL when the group is not a readable peer. */
static GoferPairedPeer *
read_peer (GKeyFile   *key_file,
           const char *group)
{
  guint8 public_key[GOFER_IDENTITY_PUBLIC_KEY_SIZE];
  g_autoptr(GoferKey) secret = gofer_key_new ();
  g_autofree char *name = g_key_file_get_string (key_file, group, "name", NULL);
  GoferPairedPeer *peer;

  if (name == NULL || !decode_group (group, public_key)
      || !_gofer_pairing_get_hex (key_file, group, "secret", secret->bytes, GOFER_KEY_SIZE))
    return NULL;
  peer = gofer_paired_peer_new (name, public_key, secret,
                                g_key_file_get_int64 (key_file, group, "paired", NULL));
  gofer_paired_peer_set_forgotten_unix (peer, g_key_file_get_int64 (key_file, group,
                                                                    "forgotten", NULL));
  return peer;
}

static void
read_peers (GoferPairedPeers *self)
{
  g_auto(GStrv) groups = g_key_file_get_groups (self->key_file, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      GoferPairedPeer *peer = read_peer (self->key_file, groups[i]);

      if (peer == NULL)
        continue;
      if (tombstone_expired (gofer_paired_peer_get_forgotten_unix (peer)))
        {
          g_key_file_remove_group (self->key_file, groups[i], NULL);
          g_object_unref (peer);
          continue;
        }
      g_ptr_array_add (self->peers, peer);
    }
}

GoferPairedPeers *
gofer_paired_peers_load (const char  *folder,
                         GError     **error)
{
  g_autoptr(GoferPairedPeers) self = g_object_new (GOFER_TYPE_PAIRED_PEERS, NULL);
  g_autofree char *dir = _gofer_pairing_folder (folder);
  gboolean missing;

  self->path = g_build_filename (dir, FILE_NAME, NULL);
  if (!_gofer_pairing_load (self->key_file, self->path, &missing, error) && !missing)
    return NULL;
  read_peers (self);
  return g_steal_pointer (&self);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  GoferPairedPeer *peer_a = *(GoferPairedPeer **)a;
  GoferPairedPeer *peer_b = *(GoferPairedPeer **)b;

  return g_utf8_collate (gofer_paired_peer_get_name (peer_a),
                         gofer_paired_peer_get_name (peer_b));
}

GPtrArray *
gofer_paired_peers_list (GoferPairedPeers *self)
{
  GPtrArray *list;

  g_return_val_if_fail (GOFER_IS_PAIRED_PEERS (self), NULL);

  list = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->peers->len; i++)
    if (!gofer_paired_peer_is_forgotten (self->peers->pdata[i]))
      g_ptr_array_add (list, g_object_ref (self->peers->pdata[i]));
  g_ptr_array_sort (list, compare_names);
  return list;
}

static GoferPairedPeer *
lookup_name (GoferPairedPeers *self,
             const char       *name,
             gboolean          forgotten)
{
  for (guint i = 0; i < self->peers->len; i++)
    {
      GoferPairedPeer *peer = self->peers->pdata[i];

      if (gofer_paired_peer_is_forgotten (peer) == forgotten
          && g_strcmp0 (gofer_paired_peer_get_name (peer), name) == 0)
        return peer;
    }
  return NULL;
}

GoferPairedPeer *
gofer_paired_peers_lookup_name (GoferPairedPeers *self,
                                const char       *name)
{
  g_return_val_if_fail (GOFER_IS_PAIRED_PEERS (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return lookup_name (self, name, FALSE);
}

GoferPairedPeer *
gofer_paired_peers_lookup_forgotten (GoferPairedPeers *self,
                                     const char       *name)
{
  g_return_val_if_fail (GOFER_IS_PAIRED_PEERS (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return lookup_name (self, name, TRUE);
}

GoferPairedPeer *
gofer_paired_peers_lookup_key (GoferPairedPeers *self,
                               const guint8     *public_key)
{
  g_return_val_if_fail (GOFER_IS_PAIRED_PEERS (self), NULL);
  g_return_val_if_fail (public_key != NULL, NULL);

  for (guint i = 0; i < self->peers->len; i++)
    if (memcmp (gofer_paired_peer_get_public_key (self->peers->pdata[i]), public_key,
                GOFER_IDENTITY_PUBLIC_KEY_SIZE) == 0)
      return self->peers->pdata[i];
  return NULL;
}

static void
write_peer (GoferPairedPeers *self,
            GoferPairedPeer  *peer)
{
  g_autofree char *group = group_of (gofer_paired_peer_get_public_key (peer));
  gint64 forgotten = gofer_paired_peer_get_forgotten_unix (peer);

  g_key_file_set_string (self->key_file, group, "name", gofer_paired_peer_get_name (peer));
  _gofer_pairing_set_hex (self->key_file, group, "secret",
                          gofer_paired_peer_get_secret (peer)->bytes, GOFER_KEY_SIZE);
  g_key_file_set_int64 (self->key_file, group, "paired",
                        gofer_paired_peer_get_paired_unix (peer));
  if (forgotten != 0)
    g_key_file_set_int64 (self->key_file, group, "forgotten", forgotten);
  else
    g_key_file_remove_key (self->key_file, group, "forgotten", NULL);
}

/* @name, or "@name (n)" for the first n that no other peer still paired has. */
static char *
unique_name (GoferPairedPeers *self,
             const char       *name,
             GoferPairedPeer  *except)
{
  g_autofree char *clean = gofer_paired_peer_clean_name (name);
  char *candidate = g_strdup (clean);
  GoferPairedPeer *holder;

  for (guint n = 2; (holder = gofer_paired_peers_lookup_name (self, candidate)) != NULL
                    && holder != except; n++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s (%u)", clean, n);
    }
  return candidate;
}

GoferPairedPeer *
gofer_paired_peers_add (GoferPairedPeers *self,
                        const char       *name,
                        const guint8     *public_key,
                        const GoferKey   *secret,
                        GError          **error)
{
  GoferPairedPeer *old = gofer_paired_peers_lookup_key (self, public_key);
  g_autofree char *unique = unique_name (self, name, old);
  GoferPairedPeer *peer;

  g_return_val_if_fail (GOFER_IS_PAIRED_PEERS (self), NULL);

  if (old != NULL)
    g_ptr_array_remove (self->peers, old);
  peer = gofer_paired_peer_new (unique, public_key, secret, g_get_real_time () / G_USEC_PER_SEC);
  g_ptr_array_add (self->peers, peer);
  write_peer (self, peer);
  if (!_gofer_pairing_save (self->key_file, self->path, error))
    return NULL;
  return peer;
}

gboolean
gofer_paired_peers_forget (GoferPairedPeers *self,
                           GoferPairedPeer  *peer,
                           GError          **error)
{
  g_return_val_if_fail (GOFER_IS_PAIRED_PEERS (self), FALSE);
  g_return_val_if_fail (GOFER_IS_PAIRED_PEER (peer), FALSE);

  gofer_paired_peer_set_forgotten_unix (peer, g_get_real_time () / G_USEC_PER_SEC);
  write_peer (self, peer);
  return _gofer_pairing_save (self->key_file, self->path, error);
}

gboolean
gofer_paired_peers_remove (GoferPairedPeers *self,
                           GoferPairedPeer  *peer,
                           GError          **error)
{
  g_autofree char *group = NULL;

  g_return_val_if_fail (GOFER_IS_PAIRED_PEERS (self), FALSE);
  g_return_val_if_fail (GOFER_IS_PAIRED_PEER (peer), FALSE);

  group = group_of (gofer_paired_peer_get_public_key (peer));
  g_key_file_remove_group (self->key_file, group, NULL);
  g_ptr_array_remove (self->peers, peer);
  return _gofer_pairing_save (self->key_file, self->path, error);
}
