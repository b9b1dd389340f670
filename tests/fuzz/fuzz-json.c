/* fuzz-json.c: the check every network JSON text passes before json-glib
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is any text, as a peer, a server or a relay client could send
 * it. The check must end on its own (no recursion, whatever the length:
 * run.sh gives this target long inputs), and whatever it lets through must
 * be safe for json-glib: parsed, it nests no deeper than the limit.
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "fuzz-common.h"
#include "gofer-json.h"

/* Recurses at most GOFER_JSON_MAX_DEPTH levels: only checked text gets here. */
static guint
node_depth (JsonNode *node)
{
  guint deepest = 0;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          guint depth = node_depth (json_array_get_element (array, i));

          deepest = MAX (deepest, depth);
        }
      return deepest + 1;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_values (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        {
          guint depth = node_depth (l->data);

          deepest = MAX (deepest, depth);
        }
      return deepest + 1;
    }
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = NULL;
  GoferJsonStatus status;
  JsonNode *root;

  fuzz_init ();
  status = gofer_json_check ((const char *)data, size, GOFER_JSON_MAX_DEPTH);
  fuzz_check (status != GOFER_JSON_OK ||
              gofer_json_check ((const char *)data, size, 4) != GOFER_JSON_INVALID,
              "a shallower limit finds the same text valid, if too deep");
  if (status != GOFER_JSON_OK || size == 0)
    return 0;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *)data, (gssize)size, NULL) ||
      (root = json_parser_get_root (parser)) == NULL)
    return 0;
  fuzz_check (node_depth (root) <= GOFER_JSON_MAX_DEPTH, "checked text nests no deeper than the limit");
  return 0;
}
