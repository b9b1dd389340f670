/* gofer-wordlist-private.h: the PGP word list used for wormhole codes
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *even;  /* two syllables: aardvark ... zulu */
  const char *odd;   /* three syllables: adroitness ... yucatan */
} GoferWordPair;

/* Lowercase, indexed by byte. */
extern const GoferWordPair gofer_wordlist[256];

G_END_DECLS
