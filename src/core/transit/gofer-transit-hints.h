/* gofer-transit-hints.h: transit abilities and connection hints (JSON)
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  GOFER_TRANSIT_HINT_DIRECT_TCP,   /* "direct-tcp-v1" */
  GOFER_TRANSIT_HINT_TOR_TCP,      /* "tor-tcp-v1": parsed, never dialled */
  GOFER_TRANSIT_HINT_RELAY,        /* "relay-v1": a list of endpoints */
  GOFER_TRANSIT_HINT_WEBSOCKET,    /* "websocket" (Rust) or "websocket-v1" (spec):
                                    * a relay endpoint only, dialled by its url */
} GoferTransitHintType;

typedef struct _GoferTransitHint GoferTransitHint;
struct _GoferTransitHint
{
  GoferTransitHintType  type;
  char                 *hostname;   /* direct and tor; may be "" */
  guint16               port;       /* direct and tor; may be 0 */
  double                priority;
  GPtrArray            *endpoints;  /* relay only: GoferTransitHint (direct, tor, websocket) */
  char                 *url;        /* websocket only: ws:// or wss:// */
};

GoferTransitHint *gofer_transit_hint_new_direct  (const char             *hostname,
                                                  guint16                 port,
                                                  double                  priority);
/* A relay hint with a single direct-tcp-v1 endpoint. */
GoferTransitHint *gofer_transit_hint_new_relay   (const char             *hostname,
                                                  guint16                 port,
                                                  double                  priority);
GoferTransitHint *gofer_transit_hint_copy        (const GoferTransitHint *hint);
void              gofer_transit_hint_free        (GoferTransitHint       *hint);
/* TRUE for a direct hint that can be dialled (non-empty hostname, port > 0). */
gboolean          gofer_transit_hint_is_dialable (const GoferTransitHint *hint);

/* Parses a transit helper as given on a command line: "tcp:HOST:PORT",
 * "tcp:HOST:PORT:priority=F", "tcp://HOST:PORT" or "HOST:PORT"; IPv6 hosts in
 * brackets. Returns a relay hint, or NULL with G_IO_ERROR_INVALID_ARGUMENT. */
GoferTransitHint *gofer_transit_hint_parse_relay_url (const char         *url,
                                                      GError            **error);

/* At most this many hints are kept from a peer's list, and this many
 * endpoints from one of its relay hints; the rest are ignored. */
#define GOFER_TRANSIT_MAX_HINTS 32
#define GOFER_TRANSIT_MAX_RELAY_ENDPOINTS 8

/* Tolerant parse of a "hints-v1" list: unknown types, unknown keys, null,
 * malformed entries are skipped, and what is left is cut to
 * GOFER_TRANSIT_MAX_HINTS. Never NULL; element type GoferTransitHint. */
GPtrArray        *gofer_transit_hints_parse      (JsonNode               *hints_v1);
/* The "hints-v1" array as Python writes it. */
JsonNode         *gofer_transit_hints_serialize  (GPtrArray              *hints);
/* [{"type":"direct-tcp-v1"},{"type":"relay-v1"}] */
JsonNode         *gofer_transit_abilities_new    (void);

/* The whole application message {"transit": {"abilities-v1": [...], "hints-v1": [...]}}. */
JsonNode         *gofer_transit_message_new      (GPtrArray              *hints);
/* Hints from the value of a received "transit" key (the inner object);
 * tolerant like gofer_transit_hints_parse(). */
GPtrArray        *gofer_transit_message_parse    (JsonNode               *transit_body);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferTransitHint, gofer_transit_hint_free)

G_END_DECLS
