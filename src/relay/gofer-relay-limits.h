/* gofer-relay-limits.h
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GOFER_RELAY_TYPE_LIMITS (gofer_relay_limits_get_type ())

G_DECLARE_FINAL_TYPE (GoferRelayLimits, gofer_relay_limits, GOFER_RELAY, LIMITS, GObject)

typedef enum
{
  GOFER_RELAY_LIMIT_CONNECTIONS_PER_ADDRESS,
  GOFER_RELAY_LIMIT_MESSAGE_SIZE,
  GOFER_RELAY_LIMIT_MAILBOXES_PER_ADDRESS,
  GOFER_RELAY_LIMIT_MESSAGES_PER_MAILBOX,
  GOFER_RELAY_LIMIT_MAILBOX_BYTES,
  GOFER_RELAY_LIMIT_UNSENT_PER_CONNECTION,
  GOFER_RELAY_LIMIT_UNSENT_TOTAL,
  GOFER_RELAY_LIMIT_NAMEPLATES_LISTED,
  GOFER_RELAY_LIMIT_CONNECTIONS,
  GOFER_RELAY_LIMIT_MAILBOXES,
  GOFER_RELAY_LIMIT_IPV6_PREFIX,
  GOFER_RELAY_LIMIT_STORED_BYTES_PER_ADDRESS,
  GOFER_RELAY_LIMIT_STORED_BYTES,
  GOFER_RELAY_LIMIT_INCOMING_TOTAL,
  GOFER_RELAY_LIMIT_TRANSIT_MAX_WAIT,
  GOFER_RELAY_LIMIT_TRANSIT_IDLE_TIMEOUT,
  GOFER_RELAY_LIMIT_HANDSHAKE_TIMEOUT,
  GOFER_RELAY_N_LIMITS,
} GoferRelayLimit;

GoferRelayLimits *gofer_relay_limits_new         (void);
const char       *gofer_relay_limit_flag         (GoferRelayLimit   limit);
guint64           gofer_relay_limit_default      (GoferRelayLimit   limit);
void              gofer_relay_limits_set         (GoferRelayLimits *self,
                                                  GoferRelayLimit   limit,
                                                  guint64           value);
guint64           gofer_relay_limits_get         (GoferRelayLimits *self,
                                                  GoferRelayLimit   limit);
gboolean          gofer_relay_limits_acquire     (GoferRelayLimits *self,
                                                  GoferRelayLimit   limit,
                                                  const char       *address,
                                                  const char       *what);
void              gofer_relay_limits_release     (GoferRelayLimits *self,
                                                  GoferRelayLimit   limit,
                                                  const char       *address);
guint             gofer_relay_limits_count       (GoferRelayLimits *self,
                                                  GoferRelayLimit   limit,
                                                  const char       *address);
guint64           gofer_relay_limits_total       (GoferRelayLimits *self,
                                                  GoferRelayLimit   limit);
gboolean          gofer_relay_limits_acquire_n   (GoferRelayLimits *self,
                                                  GoferRelayLimit   limit,
                                                  const char       *address,
                                                  guint64           n,
                                                  const char       *what);
void              gofer_relay_limits_release_n   (GoferRelayLimits *self,
                                                  GoferRelayLimit   limit,
                                                  const char       *address,
                                                  guint64           n);
void              gofer_relay_limits_tripped     (GoferRelayLimits *self,
                                                  GoferRelayLimit   limit,
                                                  const char       *address,
                                                  const char       *what);
GSource          *gofer_relay_limits_add_timeout (GoferRelayLimits *self,
                                                  GoferRelayLimit   limit,
                                                  GSourceFunc       function,
                                                  gpointer          data);

/* Memory goes back to the system once the open connections are down to
 * half of what they were at their most, if that was at least this many,
 * and when the last one is gone. */
#define GOFER_RELAY_TRIM_MIN_PEAK 32

void              gofer_relay_trim_memory_soon   (void);

char             *gofer_relay_limits_address_group (GoferRelayLimits *self,
                                                   const char       *address);

G_END_DECLS
