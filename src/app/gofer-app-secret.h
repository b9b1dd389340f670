/* gofer-app-secret.h: strings that hold a code
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A wormhole code is the secret of a transfer: the app's own copies of one
 * (what was typed or pasted, the code being shown, the one kept for Try
 * Again) are wiped before they are freed, so that they do not linger in
 * freed memory, as the CLI's do (GoferCliSecret). The process is not
 * dumpable at all (main.c), so no core file holds them either.
 *
 *   g_autoptr(GoferAppSecret) code = gofer_app_code_from_text (typed);
 *   g_clear_pointer (&self->code, gofer_app_secret_free);
 */

#pragma once

#include <glib.h>
#include <sodium.h>
#include <string.h>

G_BEGIN_DECLS

typedef char GoferAppSecret;

static inline void
gofer_app_secret_free (GoferAppSecret *secret)
{
  if (secret == NULL)
    return;
  sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferAppSecret, gofer_app_secret_free)

/* A NULL-terminated array of them (the words of a code, completions):
 * g_autoptr(GoferAppSecretStrv) words = gofer_code_split (code); */
typedef char *GoferAppSecretStrv;

static inline void
gofer_app_secret_strfreev (GoferAppSecretStrv *strv)
{
  if (strv == NULL)
    return;
  for (char **p = strv; *p != NULL; p++)
    sodium_memzero (*p, strlen (*p));
  g_strfreev (strv);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferAppSecretStrv, gofer_app_secret_strfreev)

G_END_DECLS
