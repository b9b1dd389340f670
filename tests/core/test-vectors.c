/* test-vectors.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-vectors.h"

#include <string.h>

JsonNode *
vectors_load (const char *name)
{
  const char *dir = g_getenv ("GOFER_VECTORS_DIR");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, name, NULL);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

GBytes *
vectors_get_hex (JsonObject *object,
                 const char *member)
{
  const char *hex;
  GBytes *bytes;

  g_assert_true (json_object_has_member (object, member));
  hex = json_object_get_string_member (object, member);
  g_assert_nonnull (hex);
  bytes = gofer_hex_decode (hex, strlen (hex));
  g_assert_nonnull (bytes);
  return bytes;
}

GoferKey *
vectors_get_key (JsonObject *object,
                 const char *member)
{
  g_autoptr(GBytes) bytes = vectors_get_hex (object, member);

  g_assert_cmpuint (g_bytes_get_size (bytes), ==, GOFER_KEY_SIZE);
  return gofer_key_new_from_bytes (g_bytes_get_data (bytes, NULL));
}

void
vectors_assert_hex (const guint8 *data,
                    gsize         len,
                    JsonObject   *object,
                    const char   *member)
{
  g_autofree char *hex = gofer_hex_encode (data, len);

  g_assert_true (json_object_has_member (object, member));
  g_assert_cmpstr (hex, ==, json_object_get_string_member (object, member));
}

void
vectors_assert_bytes_hex (GBytes     *bytes,
                          JsonObject *object,
                          const char *member)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  vectors_assert_hex (data, len, object, member);
}
