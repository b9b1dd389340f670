/* fuzz-safe-name.c: names a sender chooses
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever bytes arrive as a file or folder name, gofer_safe_name() must give
 * one plain name: no separator of either style, valid UTF-8, at most 255
 * bytes, no control or bidi characters, none of <>:"|?*, no trailing dot or
 * space, never "." or "..". gofer_safe_name_numbered() keeps all of that
 * within its own byte limit.
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "gofer-safe-path.h"

static gboolean
is_forbidden (gunichar c)
{
  if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))
    return TRUE;
  if (c < 0x80 && strchr ("<>:\"/\\|?*", (int)c) != NULL)
    return TRUE;
  return c == 0x061c || c == 0x200e || c == 0x200f || c == 0x2028 || c == 0x2029
         || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

static void
check_name (const char *name,
            gsize       max_bytes)
{
  gsize len = strlen (name);

  fuzz_check (len > 0, "name is not empty");
  fuzz_check (len <= max_bytes, "name fits the byte limit");
  fuzz_check (g_utf8_validate (name, -1, NULL), "name is UTF-8");
  fuzz_check (strcmp (name, ".") != 0 && strcmp (name, "..") != 0, "name is not . or ..");
  fuzz_check (name[len - 1] != '.' && name[len - 1] != ' ', "no trailing dot or space");
  fuzz_check (name[0] != ' ', "no leading space");
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    fuzz_check (!is_forbidden (g_utf8_get_char (p)), "no forbidden character");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const gsize limits[] = { 32, 64, GOFER_SAFE_NAME_MAX };
  g_autofree char *raw = g_strndup ((const char *)data, size);
  g_autofree char *safe = NULL;
  guint n = size > 0 ? data[0] : 0;

  fuzz_init ();
  safe = gofer_safe_name (raw, "fallback");
  check_name (safe, GOFER_SAFE_NAME_MAX);
  {
    g_autofree char *twice = gofer_safe_name (safe, "fallback");

    fuzz_check (strcmp (twice, safe) == 0, "a safe name is a fixed point");
  }

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      g_autofree char *numbered = gofer_safe_name_numbered (safe, n, limits[i]);
      g_autofree char *suffix = g_strdup_printf (" (%u)", n);

      check_name (numbered, limits[i]);
      if (n > 0)
        fuzz_check (strstr (numbered, suffix) != NULL, "the number is shown");
      else if (limits[i] == GOFER_SAFE_NAME_MAX)
        fuzz_check (strcmp (numbered, safe) == 0, "number 0 is the name itself");
    }
  return 0;
}
