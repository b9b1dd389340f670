/* gofer-error.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-error.h"

G_DEFINE_QUARK (gofer-error-quark, gofer_error)
