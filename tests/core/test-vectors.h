/* test-vectors.h: loading tests/core/vectors for the core tests
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "gofer-crypto.h"

G_BEGIN_DECLS

/* Parses GOFER_VECTORS_DIR/name; the test fails if it is missing. */
JsonNode   *vectors_load           (const char *name);
/* Hex string member decoded; the test fails on bad hex. */
GBytes     *vectors_get_hex        (JsonObject *object,
                                    const char *member);
GoferKey   *vectors_get_key        (JsonObject *object,
                                    const char *member);
/* Asserts that data equals the hex string of object.member. */
void        vectors_assert_hex     (const guint8 *data,
                                    gsize         len,
                                    JsonObject   *object,
                                    const char   *member);
void        vectors_assert_bytes_hex (GBytes     *bytes,
                                      JsonObject *object,
                                      const char *member);

G_END_DECLS
