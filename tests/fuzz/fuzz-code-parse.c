/* fuzz-code-parse.c: what a person types or pastes as a code
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gofer_code_parse() either fails with GOFER_ERROR_BAD_CODE or returns a
 * canonical code whose nameplate is all digits; gofer_code_complete() only
 * offers lowercase candidates that extend the prefix. The input is split at
 * the first NUL: the part before is typed, the rest is a list of nameplates
 * (one per line) as a hostile server might send them.
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "gofer-code.h"
#include "gofer-error.h"

static gboolean
all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

static void
check_parse (const char *typed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nameplate = NULL;
  g_autofree char *code = gofer_code_parse (typed, &nameplate, &error);
  g_autofree char *again = NULL;
  g_autofree char *nameplate_again = NULL;

  if (code == NULL)
    {
      fuzz_check (g_error_matches (error, GOFER_ERROR, GOFER_ERROR_BAD_CODE), "a bad code says so");
      fuzz_check (error->message != NULL && error->message[0] != '\0', "with a sentence");
      return;
    }

  fuzz_check (error == NULL, "no error with a code");
  fuzz_check (g_utf8_validate (code, -1, NULL), "code is UTF-8");
  fuzz_check (all_digits (nameplate), "nameplate is digits");
  fuzz_check (g_str_has_prefix (code, nameplate) && code[strlen (nameplate)] == '-',
              "code starts with NAMEPLATE-");
  /* A canonical code parses to itself. */
  again = gofer_code_parse (code, &nameplate_again, NULL);
  fuzz_check (g_strcmp0 (again, code) == 0, "canonical code is a fixed point");
  fuzz_check (g_strcmp0 (nameplate_again, nameplate) == 0, "same nameplate again");
}

static void
check_complete (const char         *prefix,
                const char * const *nameplates)
{
  g_auto(GStrv) candidates = gofer_code_complete (prefix, nameplates, 20);
  guint n = candidates ? g_strv_length (candidates) : 0;

  fuzz_check (candidates != NULL, "completion never returns NULL");
  fuzz_check (n <= 20, "at most max_results candidates");
  for (guint i = 0; i < n; i++)
    {
      fuzz_check (g_utf8_validate (candidates[i], -1, NULL), "candidate is UTF-8");
      fuzz_check (candidates[i][0] != '\0', "candidate is not empty");
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const uint8_t *nul = memchr (data, '\0', size);
  gsize typed_len = nul ? (gsize)(nul - data) : size;
  g_autofree char *typed = g_strndup ((const char *)data, typed_len);
  g_autofree char *rest = NULL;
  g_auto(GStrv) nameplates = NULL;

  fuzz_init ();
  if (nul != NULL)
    {
      rest = g_strndup ((const char *)nul + 1, size - typed_len - 1);
      nameplates = g_strsplit (rest, "\n", 64);
    }

  check_parse (typed);
  if (g_utf8_validate (typed, -1, NULL))
    check_complete (typed, (const char * const *)nameplates);
  return 0;
}
