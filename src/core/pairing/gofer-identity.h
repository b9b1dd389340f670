/* gofer-identity.h: this computer's long-term Ed25519 key pair
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <glib-object.h>

#include "gofer-pairing-keys.h"

G_BEGIN_DECLS

#define GOFER_TYPE_IDENTITY (gofer_identity_get_type ())

G_DECLARE_FINAL_TYPE (GoferIdentity, gofer_identity, GOFER, IDENTITY, GObject)

/* Loads identity.ini from @folder (NULL: g_get_user_data_dir()/gofer), or
 * makes a new key pair and saves it there when there is none. A damaged
 * file is an error and stays as it is: a new identity would lose every
 * pairing without a word. */
GoferIdentity *gofer_identity_load_or_create (const char    *folder,
                                              GError       **error);
/* GOFER_IDENTITY_PUBLIC_KEY_SIZE bytes. */
const guint8  *gofer_identity_get_public_key (GoferIdentity *self);
char          *gofer_identity_get_fingerprint (GoferIdentity *self);
/* Signs @message; @signature gets GOFER_IDENTITY_SIGNATURE_SIZE bytes. */
void           gofer_identity_sign           (GoferIdentity *self,
                                              const guint8  *message,
                                              gsize          message_len,
                                              guint8        *signature);
gboolean       gofer_identity_verify         (const guint8  *public_key,
                                              const guint8  *message,
                                              gsize          message_len,
                                              const guint8  *signature);

G_END_DECLS
