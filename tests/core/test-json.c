/* test-json.c: the check of network JSON before json-glib parses it
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gofer-json-private.h"

static GoferJsonStatus
check (const char *text)
{
  return gofer_json_check (text, strlen (text), GOFER_JSON_MAX_DEPTH);
}

static char *
nested (const char *open,
        const char *inner,
        const char *close,
        guint       levels)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < levels; i++)
    g_string_append (s, open);
  g_string_append (s, inner);
  for (guint i = 0; i < levels; i++)
    g_string_append (s, close);
  return g_string_free (s, FALSE);
}

/* What the wormhole clients send passes. */
static void
test_json_protocol_messages (void)
{
  static const char *messages[] = {
    "{\"type\":\"welcome\",\"welcome\":{\"motd\":\"hi\"},\"server_tx\":1.5}",
    "{\"abilities-v1\":[{\"type\":\"direct-tcp-v1\"}],\"hints-v1\":[{\"type\":\"relay-v1\","
      "\"hints\":[{\"hostname\":\"127.0.0.1\",\"port\":4001,\"priority\":0.5}]}]}",
    " [1, -0, 0.5, -12.5e+10, 3E-2, true, false, null, \"\", \"\\u00e9\\n\\\"\\\\\\/\\b\\f\\r\\t\"] \r\n",
    "\"caf\xc3\xa9\"",
    "{}",
    "[]",
    "0",
  };

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    g_assert_cmpint (check (messages[i]), ==, GOFER_JSON_OK);
}

/* json-glib would take these; no peer sends them, so nothing hides there. */
static void
test_json_refuses_non_strict (void)
{
  static const char *texts[] = {
    "", " ", "/* a comment */ {}", "{} // a comment", "/*]]]*/[[[]]]", "[1,]", "{\"a\":1,}",
    "{'a':1}", "[NaN]", "[Infinity]", "[01]", "[1.]", "[.5]", "[1e]", "[+1]", "{\"a\" 1}",
    "{1:2}", "[1 2]", "[\"a\tb\"]", "[\"\\x41\"]", "[\"\\u12\"]", "\"open", "[", "]", "{]", "[}",
    "{} {}", "[tru]", "nul", "{\"a\":}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_assert_cmpint (check (texts[i]), ==, GOFER_JSON_INVALID);

  g_assert_cmpint (gofer_json_check ("[\"\xc3\x28\"]", 6, GOFER_JSON_MAX_DEPTH), ==, GOFER_JSON_INVALID);
  g_assert_cmpint (gofer_json_check ("[1]\0[", 5, GOFER_JSON_MAX_DEPTH), ==, GOFER_JSON_INVALID);
  g_assert_cmpint (gofer_json_check (NULL, 0, GOFER_JSON_MAX_DEPTH), ==, GOFER_JSON_INVALID);
}

static void
test_json_depth_limit (void)
{
  g_autofree char *arrays_ok = nested ("[", "", "]", GOFER_JSON_MAX_DEPTH);
  g_autofree char *arrays_deep = nested ("[", "", "]", GOFER_JSON_MAX_DEPTH + 1);
  g_autofree char *objects_ok = nested ("{\"a\":", "1", "}", GOFER_JSON_MAX_DEPTH);
  g_autofree char *objects_deep = nested ("{\"a\":", "1", "}", GOFER_JSON_MAX_DEPTH + 1);
  /* Brackets inside strings do not count. */
  g_autofree char *in_string = nested ("[", "\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"", "]", 2);

  g_assert_cmpint (check (arrays_ok), ==, GOFER_JSON_OK);
  g_assert_cmpint (check (arrays_deep), ==, GOFER_JSON_TOO_DEEP);
  g_assert_cmpint (check (objects_ok), ==, GOFER_JSON_OK);
  g_assert_cmpint (check (objects_deep), ==, GOFER_JSON_TOO_DEEP);
  g_assert_cmpint (check (in_string), ==, GOFER_JSON_OK);
  g_assert_cmpint (gofer_json_check ("[[1]]", 5, 1), ==, GOFER_JSON_TOO_DEEP);
  g_assert_cmpint (gofer_json_check ("[[1]]", 5, 2), ==, GOFER_JSON_OK);
}

/* The two attacks of issue #12, the relay's and the waiting sender's: long
 * inputs end in a refusal, with nothing handed to json-glib. */
static void
test_json_attacks (void)
{
  g_autofree char *deep = nested ("[", "", "]", 100000);
  g_autofree char *hidden = NULL;
  g_autofree char *tail = nested ("[", "", "]", 60000);
  g_autoptr(JsonParser) parser = json_parser_new ();
  GString *s = g_string_new ("/*");

  for (guint i = 0; i < 60000; i++)
    g_string_append_c (s, ']');
  g_string_append (s, "*/");
  g_string_append (s, tail);
  hidden = g_string_free (s, FALSE);

  g_assert_cmpint (check (deep), ==, GOFER_JSON_TOO_DEEP);
  g_assert_cmpint (check (hidden), ==, GOFER_JSON_INVALID);
  g_assert_null (_gofer_json_parse_object (parser, deep, strlen (deep)));
  g_assert_null (_gofer_json_parse_object (parser, hidden, strlen (hidden)));
}

static void
test_json_parse_object (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *text = "{\"phase\":\"version\",\"n\":[1,2]}";
  JsonObject *object;

  object = _gofer_json_parse_object (parser, text, strlen (text));
  g_assert_nonnull (object);
  g_assert_cmpstr (_gofer_json_get_string (object, "phase", NULL), ==, "version");
  g_assert_null (_gofer_json_parse_object (parser, NULL, 0));
  g_assert_null (_gofer_json_parse_object (parser, "[1]", 3));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/protocol-messages", test_json_protocol_messages);
  g_test_add_func ("/json/refuses-non-strict", test_json_refuses_non_strict);
  g_test_add_func ("/json/depth-limit", test_json_depth_limit);
  g_test_add_func ("/json/attacks", test_json_attacks);
  g_test_add_func ("/json/parse-object", test_json_parse_object);

  return g_test_run ();
}
