/* test-text.c: what text from the other side may print
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gofer-text.h"

/* A received text or chat message keeps its lines and tabs; everything
 * that would drive the terminal shows up as a visible escape. */
static void
test_printable_text (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "plain text", "plain text" },
    { "two\nlines\tand a tab", "two\nlines\tand a tab" },
    { "windows\r\nline ends\r\n", "windows\nline ends\n" },
    { "lone\rreturn", "lone\\x0Dreturn" },
    /* OSC 0 (window title) and OSC 52 (clipboard), ended by BEL and ST. */
    { "\x1b]0;owned\x07", "\\x1B]0;owned\\x07" },
    { "\x1b]52;c;ZWNobyBvd25lZA==\x1b\\", "\\x1B]52;c;ZWNobyBvd25lZA==\\x1B\\" },
    /* Cursor up and erase line, to forge a "Received:" line. */
    { "x\x1b[1A\x1b[2KReceived: /etc/passwd", "x\\x1B[1A\\x1B[2KReceived: /etc/passwd" },
    /* C1 CSI, DEL, NUL-free C0. */
    { "\xc2\x9b" "31mred\x7f\x08", "\\x9B31mred\\x7F\\x08" },
    /* Bidi overrides and isolates, line and paragraph separators. */
    { "photo\xe2\x80\xaegpj.exe", "photo\\u202Egpj.exe" },
    { "a\xe2\x81\xa6" "b\xe2\x81\xa9" "c", "a\\u2066b\\u2069c" },
    { "a\xe2\x80\xa8" "b", "a\\u2028b" },
    { "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac", "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac" },
    { "bad\xff", "bad\xef\xbf\xbd" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = gofer_text_printable_lines (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_true (g_utf8_validate (out, -1, NULL));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/printable-lines", test_printable_text);

  return g_test_run ();
}
