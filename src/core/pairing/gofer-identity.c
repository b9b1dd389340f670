/* gofer-identity.c: identity.ini holds the 32-byte Ed25519 seed; the
 * public key is derived from it on every load.
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-identity.h"
#include "gofer-pairing-files-private.h"
#include "gofer-error.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#define GROUP "identity"
#define FILE_NAME "identity.ini"

struct _GoferIdentity
{
  GObject parent_instance;

  guint8  public_key[crypto_sign_PUBLICKEYBYTES];
  /* sodium_malloc()ed, wiped when freed. */
  guint8 *secret_key;
};

G_DEFINE_FINAL_TYPE (GoferIdentity, gofer_identity, G_TYPE_OBJECT)

static void
gofer_identity_finalize (GObject *object)
{
  GoferIdentity *self = GOFER_IDENTITY (object);

  sodium_free (self->secret_key);
  G_OBJECT_CLASS (gofer_identity_parent_class)->finalize (object);
}

static void
gofer_identity_class_init (GoferIdentityClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gofer_identity_finalize;
}

static void
gofer_identity_init (GoferIdentity *self)
{
  self->secret_key = sodium_malloc (crypto_sign_SECRETKEYBYTES);
  if (self->secret_key == NULL)
    g_error ("sodium_malloc: out of memory for an identity key");
}

static GoferIdentity *
identity_from_seed (const guint8 *seed)
{
  GoferIdentity *self = g_object_new (GOFER_TYPE_IDENTITY, NULL);

  crypto_sign_seed_keypair (self->public_key, self->secret_key, seed);
  return self;
}

static GoferIdentity *
create (const char  *path,
        GError     **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GoferKey) seed = gofer_key_new ();

  randombytes_buf (seed->bytes, sizeof seed->bytes);
  g_key_file_set_comment (key_file, NULL, NULL,
                          " Gofer's identity: whoever holds this file can pose as this\n"
                          " computer to its paired computers. Keep it private.", NULL);
  g_key_file_set_integer (key_file, GROUP, "version", 1);
  _gofer_pairing_set_hex (key_file, GROUP, "seed", seed->bytes, sizeof seed->bytes);
  if (!_gofer_pairing_save (key_file, path, error))
    return NULL;
  return identity_from_seed (seed->bytes);
}

static GoferIdentity *
from_key_file (GKeyFile    *key_file,
               const char  *path,
               GError     **error)
{
  g_autoptr(GoferKey) seed = gofer_key_new ();

  if (g_key_file_get_integer (key_file, GROUP, "version", NULL) == 1
      && _gofer_pairing_get_hex (key_file, GROUP, "seed", seed->bytes, sizeof seed->bytes))
    return identity_from_seed (seed->bytes);
  g_set_error (error, GOFER_ERROR, GOFER_ERROR_FAILED,
               /* Translators: %s is a file name. */
               _("The identity file %s is damaged, so Gofer cannot prove to paired "
                 "computers who this computer is. Move it away to make a new identity, "
                 "then pair again."),
               path);
  return NULL;
}

GoferIdentity *
gofer_identity_load_or_create (const char  *folder,
                               GError     **error)
{
  g_autofree char *dir = _gofer_pairing_folder (folder);
  g_autofree char *path = g_build_filename (dir, FILE_NAME, NULL);
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  gboolean missing;

  if (_gofer_pairing_load (key_file, path, &missing, error))
    return from_key_file (key_file, path, error);
  return missing ? create (path, error) : NULL;
}

const guint8 *
gofer_identity_get_public_key (GoferIdentity *self)
{
  g_return_val_if_fail (GOFER_IS_IDENTITY (self), NULL);

  return self->public_key;
}

char *
gofer_identity_get_fingerprint (GoferIdentity *self)
{
  g_return_val_if_fail (GOFER_IS_IDENTITY (self), NULL);

  return gofer_pairing_fingerprint (self->public_key);
}

void
gofer_identity_sign (GoferIdentity *self,
                     const guint8  *message,
                     gsize          message_len,
                     guint8        *signature)
{
  g_return_if_fail (GOFER_IS_IDENTITY (self));

  crypto_sign_detached (signature, NULL, message, message_len, self->secret_key);
}

gboolean
gofer_identity_verify (const guint8 *public_key,
                       const guint8 *message,
                       gsize         message_len,
                       const guint8 *signature)
{
  return crypto_sign_verify_detached (signature, message, message_len, public_key) == 0;
}
