/* test-code.c: generating, parsing and completing wormhole codes
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gofer-code.h"
#include "gofer-crypto.h"
#include "gofer-error.h"
#include "test-vectors.h"

/* Reads pgp-wordlist.txt: byte -> (even, odd), lowercased. */
typedef struct
{
  char *even[256];
  char *odd[256];
} WordList;

static WordList *
load_word_list (void)
{
  const char *dir = g_getenv ("GOFER_VECTORS_DIR");
  g_autofree char *path = g_build_filename (dir, "pgp-wordlist.txt", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  WordList *list = g_new0 (WordList, 1);
  guint rows = 0;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = NULL;
      guint64 byte;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      cols = g_strsplit (lines[i], " ", 3);
      g_assert_cmpuint (g_strv_length (cols), ==, 3);
      byte = g_ascii_strtoull (cols[0], NULL, 16);
      g_assert_cmpuint (byte, <, 256);
      list->even[byte] = g_ascii_strdown (cols[1], -1);
      list->odd[byte] = g_ascii_strdown (cols[2], -1);
      rows++;
    }
  g_assert_cmpuint (rows, ==, 256);
  return list;
}

static void
word_list_free (WordList *list)
{
  for (guint i = 0; i < 256; i++)
    {
      g_free (list->even[i]);
      g_free (list->odd[i]);
    }
  g_free (list);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WordList, word_list_free)

static int
find_word (char * const *column,
           const char   *word)
{
  for (int i = 0; i < 256; i++)
    if (g_strcmp0 (column[i], word) == 0)
      return i;
  return -1;
}

static void
test_word_table (void)
{
  g_autoptr(WordList) list = load_word_list ();

  for (guint b = 0; b < 256; b++)
    {
      g_assert_cmpstr (gofer_code_word_for_byte (b, 0), ==, list->odd[b]);
      g_assert_cmpstr (gofer_code_word_for_byte (b, 1), ==, list->even[b]);
      g_assert_cmpstr (gofer_code_word_for_byte (b, 2), ==, list->odd[b]);
      g_assert_cmpstr (gofer_code_word_for_byte (b, 3), ==, list->even[b]);
    }
  g_assert_cmpstr (gofer_code_word_for_byte (0x69, 0), ==, "guitarist");
  g_assert_cmpstr (gofer_code_word_for_byte (0xa9, 1), ==, "revenge");
  g_assert_cmpstr (gofer_code_word_for_byte (0x09, 1), ==, "algol");
  g_assert_cmpstr (gofer_code_word_for_byte (0xff, 0), ==, "yucatan");
}

static void
test_generate (void)
{
  g_autoptr(WordList) list = load_word_list ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint n = 1; n <= 5; n++)
    {
      g_autofree char *words = gofer_code_generate_words (n);
      g_auto(GStrv) parts = g_strsplit (words, "-", -1);

      /* No nameplate: only words, joined by '-', in alternating columns. */
      g_assert_cmpuint (g_strv_length (parts), ==, n);
      for (guint i = 0; i < n; i++)
        {
          char * const *column = i % 2 == 0 ? list->odd : list->even;

          g_assert_cmpint (find_word (column, parts[i]), >=, 0);
          g_assert_false (g_ascii_isdigit (parts[i][0]));
        }
    }

  /* Random: 20 two-word codes out of 65536 are almost surely not all equal. */
  for (guint i = 0; i < 20; i++)
    g_hash_table_add (seen, gofer_code_generate_words (GOFER_CODE_DEFAULT_WORDS));
  g_assert_cmpuint (g_hash_table_size (seen), >, 1);
}

static void
assert_parses (const char *typed,
               const char *expected_code,
               const char *expected_nameplate)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nameplate = NULL;
  g_autofree char *code = gofer_code_parse (typed, &nameplate, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, expected_code);
  g_assert_cmpstr (nameplate, ==, expected_nameplate);
}

static void
assert_bad_code (const char *typed,
                 const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nameplate = NULL;
  g_autofree char *code = gofer_code_parse (typed, &nameplate, &error);

  g_assert_null (code);
  g_assert_null (nameplate);
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_BAD_CODE);
  if (message_part != NULL)
    g_assert_nonnull (strstr (error->message, message_part));
}

static void
test_parse_forms (void)
{
  assert_parses ("7-guitarist-revenge", "7-guitarist-revenge", "7");
  assert_parses ("  7-guitarist-revenge\n", "7-guitarist-revenge", "7");
  assert_parses ("7-Guitarist-REVENGE", "7-guitarist-revenge", "7");
  assert_parses ("7 guitarist revenge", "7-guitarist-revenge", "7");
  assert_parses ("7  guitarist   revenge", "7-guitarist-revenge", "7");
  assert_parses ("7_guitarist_revenge", "7-guitarist-revenge", "7");
  assert_parses ("7.guitarist.revenge", "7-guitarist-revenge", "7");
  assert_parses ("7 - guitarist -- revenge", "7-guitarist-revenge", "7");
  assert_parses ("7\tguitarist-\u00a0revenge", "7-guitarist-revenge", "7");
  assert_parses ("-7-guitarist-revenge-", "7-guitarist-revenge", "7");
  assert_parses ("123-a-b-c-d", "123-a-b-c-d", "123");
  assert_parses ("7-word", "7-word", "7");
  /* Unknown words are fine: the code is only a password. */
  assert_parses ("42-hello-world", "42-hello-world", "42");
}

/* Python and Rust use a chosen code as typed: so does Gofer. Codes made of
 * list words are still tidied, since every client generates them lowercase. */
static void
test_parse_exact (void)
{
  assert_parses ("7-Correct-Horse", "7-Correct-Horse", "7");
  assert_parses ("  7-Correct-Horse \n", "7-Correct-Horse", "7");
  assert_parses ("7-correct horse_Battery", "7-correct horse_Battery", "7");
  assert_parses ("7-Guitarist-REVENGE", "7-guitarist-revenge", "7");
  assert_parses ("7 Guitarist revenge", "7-guitarist-revenge", "7");
  assert_bad_code ("7 Correct Horse", "exactly");
  assert_bad_code ("-7-Correct-Horse", "exactly");
}

static void
test_parse_links (void)
{
  assert_parses ("wormhole-transfer:7-guitarist-revenge", "7-guitarist-revenge", "7");
  assert_parses ("WORMHOLE-TRANSFER:7-guitarist-revenge", "7-guitarist-revenge", "7");
  assert_parses (" wormhole-transfer:7-guitarist-revenge?version=0&rendezvous="
                 "ws%3A%2F%2Frelay.magic-wormhole.io%3A4000%2Fv1&role=follower ",
                 "7-guitarist-revenge", "7");
  assert_parses ("wormhole-transfer:7%2Dguitarist%2drevenge", "7-guitarist-revenge", "7");
  assert_parses ("wormhole-transfer:7%20guitarist%20revenge", "7-guitarist-revenge", "7");
  assert_parses ("wormhole-transfer:12-caf%C3%A9-x", "12-caf\u00e9-x", "12");
  assert_bad_code ("wormhole-transfer:7-guitarist%2", NULL);
  assert_bad_code ("wormhole-transfer:7-guitarist%00x", NULL);
  assert_bad_code ("wormhole-transfer:7-%ff%fe", NULL);
  assert_bad_code ("wormhole-transfer:", NULL);
  assert_bad_code ("wormhole-transfer:?version=0", NULL);
}

static void
test_parse_unicode (void)
{
  g_autoptr(GError) error = NULL;
  /* "é" decomposed (e + combining acute) becomes the composed form. */
  assert_parses ("5-cafe\xcc\x81-x", "5-caf\u00e9-x", "5");
  assert_parses ("5-CAF\u00c9-x", "5-CAF\u00c9-x", "5");

  g_assert_null (gofer_code_parse ("7-\xff\xfe-x", NULL, &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_BAD_CODE);
}

static void
test_parse_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  assert_bad_code ("", "No code");
  assert_bad_code ("   ", "No code");
  assert_bad_code (" - _ . ", "No code");
  assert_bad_code ("guitarist-revenge", "number");
  assert_bad_code ("seven-guitarist-revenge", "number");
  assert_bad_code ("7a-guitarist-revenge", "number");
  assert_bad_code ("+7-guitarist-revenge", "number");
  assert_bad_code ("\u0667-guitarist", "number"); /* Arabic-Indic digit seven */
  assert_bad_code ("7", "no words");
  assert_bad_code ("7-", "no words");
  assert_bad_code (" 7 - ", "no words");

  /* The nameplate argument may be NULL; errors never echo the code. */
  code = gofer_code_parse ("9-secretword", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "9-secretword");
  g_clear_pointer (&code, g_free);
  code = gofer_code_parse ("secretword", NULL, &error);
  g_assert_null (code);
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_BAD_CODE);
  g_assert_null (strstr (error->message, "secretword"));
}

static void
assert_candidates (char       **got,
                   const char  *first,
                   ...)
{
  va_list ap;
  guint i = 0;

  va_start (ap, first);
  for (const char *want = first; want != NULL; want = va_arg (ap, const char *))
    {
      g_assert_nonnull (got[i]);
      g_assert_cmpstr (got[i], ==, want);
      i++;
    }
  va_end (ap);
  g_assert_null (got[i]);
}

static void
test_complete_nameplates (void)
{
  static const char * const nameplates[] = { "71", "7", "12", "1", "100", "7", NULL };
  g_auto(GStrv) all = gofer_code_complete ("", nameplates, 0);
  g_auto(GStrv) ones = gofer_code_complete ("1", nameplates, 0);
  g_auto(GStrv) sevens = gofer_code_complete (" 7", nameplates, 10);
  g_auto(GStrv) capped = gofer_code_complete ("", nameplates, 2);
  g_auto(GStrv) none = gofer_code_complete ("3", nameplates, 0);
  g_auto(GStrv) no_list = gofer_code_complete ("1", NULL, 0);
  g_auto(GStrv) letters = gofer_code_complete ("a", nameplates, 0);

  /* Numeric order, each once, with the '-' that starts the words. */
  assert_candidates (all, "1-", "7-", "12-", "71-", "100-", NULL);
  assert_candidates (ones, "1-", "12-", "100-", NULL);
  assert_candidates (sevens, "7-", "71-", NULL);
  assert_candidates (capped, "1-", "7-", NULL);
  assert_candidates (none, NULL);
  assert_candidates (no_list, NULL);
  assert_candidates (letters, NULL);
}

static void
test_complete_words (void)
{
  g_autoptr(WordList) list = load_word_list ();
  g_auto(GStrv) gu = gofer_code_complete ("7-gu", NULL, 0);
  g_auto(GStrv) upper = gofer_code_complete ("7-GUI", NULL, 0);
  g_auto(GStrv) re = gofer_code_complete ("7-guitarist-re", NULL, 0);
  g_auto(GStrv) third = gofer_code_complete ("7-guitarist-revenge-gui", NULL, 0);
  g_auto(GStrv) all_first = gofer_code_complete ("7-", NULL, 0);
  g_auto(GStrv) all_second = gofer_code_complete ("15-adroitness-", NULL, 0);
  g_auto(GStrv) capped = gofer_code_complete ("7-a", NULL, 3);
  g_auto(GStrv) nothing = gofer_code_complete ("7-qqq", NULL, 0);
  g_auto(GStrv) bad_nameplate = gofer_code_complete ("x-gu", NULL, 0);
  g_auto(GStrv) gap = gofer_code_complete ("7--gu", NULL, 0);
  g_auto(GStrv) exact = gofer_code_complete ("7-guitarist", NULL, 0);

  /* Position 0 uses the odd (three-syllable) column only. */
  for (guint i = 0; gu[i] != NULL; i++)
    {
      g_assert_true (g_str_has_prefix (gu[i], "7-gu"));
      g_assert_cmpint (find_word (list->odd, gu[i] + 2), >=, 0);
      if (gu[i + 1] != NULL)
        g_assert_cmpint (strcmp (gu[i], gu[i + 1]), <, 0);
    }
  g_assert_true (g_strv_contains ((const char * const *)gu, "7-guitarist"));
  assert_candidates (upper, "7-guitarist", NULL);
  assert_candidates (exact, "7-guitarist", NULL);

  /* Position 1 uses the even column. */
  g_assert_true (g_strv_contains ((const char * const *)re, "7-guitarist-revenge"));
  for (guint i = 0; re[i] != NULL; i++)
    g_assert_cmpint (find_word (list->even, re[i] + strlen ("7-guitarist-")), >=, 0);
  g_assert_false (g_strv_contains ((const char * const *)re, "7-guitarist-revolver"));

  /* Position 2 is odd again. */
  assert_candidates (third, "7-guitarist-revenge-guitarist", NULL);

  g_assert_cmpuint (g_strv_length (all_first), ==, 256);
  g_assert_cmpuint (g_strv_length (all_second), ==, 256);
  g_assert_cmpstr (all_first[0], ==, "7-adroitness");
  g_assert_cmpstr (all_second[0], ==, "15-adroitness-aardvark");
  g_assert_cmpuint (g_strv_length (capped), ==, 3);
  assert_candidates (nothing, NULL);
  assert_candidates (bad_nameplate, NULL);
  assert_candidates (gap, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (gofer_crypto_init ());

  g_test_add_func ("/code/word-table", test_word_table);
  g_test_add_func ("/code/generate", test_generate);
  g_test_add_func ("/code/parse/forms", test_parse_forms);
  g_test_add_func ("/code/parse/exact", test_parse_exact);
  g_test_add_func ("/code/parse/links", test_parse_links);
  g_test_add_func ("/code/parse/unicode", test_parse_unicode);
  g_test_add_func ("/code/parse/errors", test_parse_errors);
  g_test_add_func ("/code/complete/nameplates", test_complete_nameplates);
  g_test_add_func ("/code/complete/words", test_complete_words);

  return g_test_run ();
}
