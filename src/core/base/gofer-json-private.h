/* gofer-json-private.h: reading JSON that came from the network
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib's json_object_get_*_member() functions are for trusted data: a
 * member of another type logs a critical (objects, arrays) or gives NULL
 * instead of the default (numbers where a string was expected). A peer or a
 * server chooses these types, so everything received is read through these.
 * json_parser_load_from_data() also refuses NULL data, which is what an empty
 * GBytes holds.
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <json-glib/json-glib.h>

#include "gofer-json.h"

G_BEGIN_DECLS

/* The string value of @name, or @default_value when it is missing or not a string. */
static inline const char *
_gofer_json_get_string (JsonObject *object,
                        const char *name,
                        const char *default_value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return default_value;
  return json_node_get_string (node);
}

/* The object value of @name, or NULL when it is missing or not an object. */
static inline JsonObject *
_gofer_json_get_object (JsonObject *object,
                        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Parses @len bytes of @data (NULL when @len is 0, as an empty GBytes gives)
 * and returns the root object, owned by @parser, or NULL when the text is
 * not one JSON object (empty, white space, another type, invalid, nested
 * deeper than GOFER_JSON_MAX_DEPTH). json-glib sees only what passed
 * gofer_json_check(), so no input can make it recurse without bound. */
static inline JsonObject *
_gofer_json_parse_object (JsonParser *parser,
                          const void *data,
                          gsize       len)
{
  const char *text = data != NULL ? (const char *)data : "";
  JsonNode *root;

  if (gofer_json_check (text, len, GOFER_JSON_MAX_DEPTH) != GOFER_JSON_OK ||
      !json_parser_load_from_data (parser, text, (gssize)len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_node_get_object (root);
}

G_END_DECLS
