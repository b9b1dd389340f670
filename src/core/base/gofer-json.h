/* gofer-json.h: a bounded check of JSON text that came from the network
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib's parser recurses once per nesting level and also accepts
 * comments, so a short message of brackets (or of brackets hidden from a
 * naive counter inside a comment) overflows the stack. Every JSON text that
 * arrives from a peer, a server or a client passes gofer_json_check() before
 * json-glib sees it: strict RFC 8259 JSON (no comments, no trailing commas,
 * no single quotes, no NaN), valid UTF-8, nested at most @max_depth deep.
 * The check itself is a loop with a fixed-size stack, so no input can make
 * it recurse. What passes it, json-glib parses with at most @max_depth
 * levels of recursion.
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* Deeper than any message of the wormhole protocol or of Gofer's extensions
 * (the transit hints, the deepest, nest four levels). */
#define GOFER_JSON_MAX_DEPTH 32

typedef enum {
  GOFER_JSON_OK,
  GOFER_JSON_INVALID,  /* not one strict JSON value in valid UTF-8 */
  GOFER_JSON_TOO_DEEP, /* nested deeper than allowed */
} GoferJsonStatus;

/* Whether the @len bytes at @text are one strict JSON value, nested at most
 * @max_depth (at most GOFER_JSON_MAX_DEPTH) levels deep. */
GoferJsonStatus gofer_json_check (const char *text,
                                  gsize       len,
                                  guint       max_depth);

G_END_DECLS
