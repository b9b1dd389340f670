/* gofer-relay-error.c: the relay's refusals
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-relay-error.h"

G_DEFINE_QUARK (gofer-relay-error-quark, gofer_relay_error)
