/* gofer-relay-error.h: the relay's refusals
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Refusals sent to clients in an "error" frame. The message is the exact
 * string that goes on the wire (a protocol token, not translated). */
#define GOFER_RELAY_ERROR (gofer_relay_error_quark ())

typedef enum
{
  GOFER_RELAY_ERROR_CROWDED,
  GOFER_RELAY_ERROR_RECLAIMED,
  GOFER_RELAY_ERROR_LIMIT,
  GOFER_RELAY_ERROR_PROTOCOL,
} GoferRelayError;

GQuark gofer_relay_error_quark (void);

G_END_DECLS
