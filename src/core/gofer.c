/* gofer.c: setting up the core
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer.h"

gboolean
gofer_init (void)
{
  return gofer_crypto_init ();
}
