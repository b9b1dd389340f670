/* test-format.c: progress texts, codes from pasted text and links
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "gofer-app-format.h"

/* g_format_size() puts a no-break space between number and unit. */
#define NBSP "\xc2\xa0"

static void
assert_string (char       *actual,
               const char *expected)
{
  g_assert_cmpstr (actual, ==, expected);
  g_free (actual);
}

static void
test_time_left (void)
{
  assert_string (gofer_app_format_time_left (0), "About 0 seconds left");
  assert_string (gofer_app_format_time_left (1), "About 1 second left");
  assert_string (gofer_app_format_time_left (59), "About 59 seconds left");
  /* Rounded up: 61 s is "about 2 minutes", never "1 minute". */
  assert_string (gofer_app_format_time_left (60), "About 1 minute left");
  assert_string (gofer_app_format_time_left (61), "About 2 minutes left");
  assert_string (gofer_app_format_time_left (3599), "About 60 minutes left");
  assert_string (gofer_app_format_time_left (3600), "About 1 hour left");
  assert_string (gofer_app_format_time_left (3601), "About 2 hours left");
}

static void
test_progress (void)
{
  assert_string (gofer_app_format_progress (1200000, 4500000, 0), "1.2" NBSP "MB of 4.5" NBSP "MB");
  assert_string (gofer_app_format_progress (1200000, 4500000, 300000),
                 "1.2" NBSP "MB of 4.5" NBSP "MB · 300.0" NBSP "kB/s · About 11 seconds left");
  /* Finished: no speed, no estimate. */
  assert_string (gofer_app_format_progress (4500000, 4500000, 300000), "4.5" NBSP "MB of 4.5" NBSP "MB");
}

static void
test_code_from_text (void)
{
  assert_string (gofer_app_code_from_text ("7-guitarist-revenge"), "7-guitarist-revenge");
  assert_string (gofer_app_code_from_text ("  7-guitarist-revenge\n"), "7-guitarist-revenge");
  assert_string (gofer_app_code_from_text ("wormhole-transfer:7-guitarist-revenge"), "7-guitarist-revenge");
  assert_string (gofer_app_code_from_text ("WORMHOLE-TRANSFER:7-guitarist-revenge"), "7-guitarist-revenge");
  assert_string (gofer_app_code_from_text (
                   "wormhole-transfer:7-guitarist-revenge?version=0&rendezvous=ws%3A%2F%2Fx&role=follower"),
                 "7-guitarist-revenge");
  assert_string (gofer_app_code_from_text ("wormhole-transfer:7-caf%C3%A9-ol%C3%A9"), "7-café-olé");
  g_assert_null (gofer_app_code_from_text (NULL));
  g_assert_null (gofer_app_code_from_text ("   "));
  g_assert_null (gofer_app_code_from_text ("wormhole-transfer:"));
  g_assert_null (gofer_app_code_from_text ("wormhole-transfer:%zz"));
}

static void
test_link_for_code (void)
{
  assert_string (gofer_app_link_for_code ("7-guitarist-revenge", NULL), "wormhole-transfer:7-guitarist-revenge");
  assert_string (gofer_app_link_for_code ("7-café", "ws://relay.magic-wormhole.io:4000/v1"),
                 "wormhole-transfer:7-caf%C3%A9");
  /* Warp users who scan it must reach the same server. */
  assert_string (gofer_app_link_for_code ("7-guitarist-revenge", "ws://192.0.2.1:4000/v1"),
                 "wormhole-transfer:7-guitarist-revenge?rendezvous=ws%3A%2F%2F192.0.2.1%3A4000");

  /* A link round-trips to its code. */
  {
    g_autofree char *link = gofer_app_link_for_code ("12-a b?c", NULL);
    assert_string (gofer_app_code_from_text (link), "12-a b?c");
  }
}

#define FSI "\xe2\x81\xa8"
#define PDI "\xe2\x81\xa9"

/* What the other side writes stays in its isolates: an override it opens
 * cannot reorder the next line or anything after the text. */
static void
test_peer_text (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "hello", FSI "hello" PDI },
    { "<b>not bold</b> &amp;", FSI "<b>not bold</b> &amp;" PDI },
    { "one\ntwo", FSI "one" PDI "\n" FSI "two" PDI },
    { "crlf\r\n", FSI "crlf" PDI "\n" },
    { "photo\xe2\x80\xaegpj.exe", FSI "photo\xe2\x80\xaegpj.exe" PDI },
    { "\xe2\x80\xae" "a\xe2\x80\xa8" "b", FSI "\xe2\x80\xae" "a" PDI "\n" FSI "b" PDI },
    { "esc\x1b[2J\ttab", FSI "esc\xef\xbf\xbd[2J\ttab" PDI },
    { "bad\xff", FSI "bad\xef\xbf\xbd" PDI },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = gofer_app_format_peer_text (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

/* #15 item 14: addresses in received text become links; the rest stays
 * text, escaped. An address ends before the isolate around the text. */
static void
test_linkify (void)
{
  static const struct { const char *text; const char *markup; } cases[] = {
    { "no link <b>here</b> & there", "no link &lt;b&gt;here&lt;/b&gt; &amp; there" },
    { "See https://example.org/a?b=1&c=2.",
      "See <a href=\"https://example.org/a?b=1&amp;c=2\">https://example.org/a?b=1&amp;c=2</a>." },
    { "(http://x.example/) and mailto:ada@example.org!",
      "(<a href=\"http://x.example/\">http://x.example/</a>) and "
      "<a href=\"mailto:ada@example.org\">mailto:ada@example.org</a>!" },
    { "javascript:alert(1) ftp://nope", "javascript:alert(1) ftp://nope" },
    { FSI "https://example.org/end" PDI, FSI "<a href=\"https://example.org/end\">https://example.org/end</a>" PDI },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *markup = gofer_app_format_linkify (cases[i].text);

      g_assert_cmpstr (markup, ==, cases[i].markup);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/format/time-left", test_time_left);
  g_test_add_func ("/app/format/progress", test_progress);
  g_test_add_func ("/app/format/code-from-text", test_code_from_text);
  g_test_add_func ("/app/format/link-for-code", test_link_for_code);
  g_test_add_func ("/app/format/peer-text", test_peer_text);
  g_test_add_func ("/app/format/linkify", test_linkify);

  return g_test_run ();
}
