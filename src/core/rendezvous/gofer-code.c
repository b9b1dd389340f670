/* gofer-code.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-code.h"
#include "gofer-error.h"
#include "gofer-wordlist-private.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#define URI_SCHEME "wormhole-transfer:"

/* Word i comes from the odd column when i is even (wire spec b.1). */
static const char *
word_in_column (guint8 byte,
                guint  position)
{
  return position % 2 == 0 ? gofer_wordlist[byte].odd : gofer_wordlist[byte].even;
}

const char *
gofer_code_word_for_byte (guint8 byte,
                          guint  position)
{
  return word_in_column (byte, position);
}

char *
gofer_code_generate_words (guint n_words)
{
  g_autoptr(GString) words = g_string_new (NULL);

  g_return_val_if_fail (n_words > 0, NULL);

  for (guint i = 0; i < n_words; i++)
    {
      guint8 byte = (guint8)randombytes_uniform (256);

      if (i > 0)
        g_string_append_c (words, '-');
      g_string_append (words, word_in_column (byte, i));
    }

  return g_string_free (g_steal_pointer (&words), FALSE);
}

static gboolean
is_all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/* Separators a person may type between the parts of a code. */
static gboolean
is_separator (gunichar c)
{
  return c == '-' || c == '_' || c == '.' || g_unichar_isspace (c);
}

static gboolean
set_bad_code (GError     **error,
              const char  *message)
{
  g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_BAD_CODE, message);
  return FALSE;
}

/* Strips a "wormhole-transfer:CODE?query" link down to CODE, percent-decoded.
 * Anything else is returned unchanged. */
static char *
strip_link (const char  *text,
            GError     **error)
{
  g_autofree char *code = NULL;
  char *decoded;
  char *query;

  if (g_ascii_strncasecmp (text, URI_SCHEME, strlen (URI_SCHEME)) != 0)
    return g_strdup (text);

  code = g_strdup (text + strlen (URI_SCHEME));
  if ((query = strpbrk (code, "?#")) != NULL)
    *query = '\0';

  if (!(decoded = g_uri_unescape_string (code, NULL)))
    set_bad_code (error, _("The wormhole link is damaged. Ask the sender for the code and type "
                           "it instead."));
  return decoded;
}

/* Trims, unwraps a link and NFC-normalises; NULL with an error on invalid
 * text. The case is kept: the code is a password, used as typed. */
static char *
normalise_text (const char  *typed,
                GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *unlinked = NULL;

  if (!g_utf8_validate (typed, -1, NULL))
    {
      set_bad_code (error, _("The code contains characters that cannot be part of a code. "
                             "Check it and type it again."));
      return NULL;
    }

  trimmed = g_strstrip (g_strdup (typed));
  if (!(unlinked = strip_link (trimmed, error)))
    return NULL;

  if (!g_utf8_validate (unlinked, -1, NULL))
    {
      set_bad_code (error, _("The wormhole link is damaged. Ask the sender for the code and "
                             "type it instead."));
      return NULL;
    }

  return g_utf8_normalize (unlinked, -1, G_NORMALIZE_NFC);
}

/* Splits at runs of separators, dropping empty parts. */
static GPtrArray *
split_parts (const char *text)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  const char *start = NULL;

  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gboolean at_end = *p == '\0';

      if (at_end || is_separator (g_utf8_get_char (p)))
        {
          if (start != NULL)
            g_ptr_array_add (parts, g_strndup (start, p - start));
          start = NULL;
        }
      else if (start == NULL)
        start = p;

      if (at_end)
        break;
    }

  return parts;
}

static gboolean
check_parts (GPtrArray  *parts,
             GError    **error)
{
  if (parts->len == 0)
    return set_bad_code (error, _("No code was entered. Type the code the sender gave you, "
                                  "for example “7-guitarist-revenge”."));

  if (!is_all_digits (g_ptr_array_index (parts, 0)))
    return set_bad_code (error, _("A code starts with a number, like the 7 in "
                                  "“7-guitarist-revenge”. Check the code and type it again."));

  if (parts->len < 2)
    return set_bad_code (error, _("The code has a number but no words. Type the whole code, "
                                  "for example “7-guitarist-revenge”."));

  return TRUE;
}

static gboolean
is_list_word (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (gofer_wordlist); i++)
    if (g_ascii_strcasecmp (word, gofer_wordlist[i].even) == 0 ||
        g_ascii_strcasecmp (word, gofer_wordlist[i].odd) == 0)
      return TRUE;
  return FALSE;
}

/* Whether every word after the nameplate is from the PGP word list: a code
 * that a wormhole client generated (always lowercase, joined by '-'), which
 * a person may have typed with capitals or other separators. */
static gboolean
is_generated_code (GPtrArray *parts)
{
  for (guint i = 1; i < parts->len; i++)
    if (!is_list_word (g_ptr_array_index (parts, i)))
      return FALSE;
  return TRUE;
}

/* "DIGITS-" and at least one character after it, as the other clients
 * require of a code they were given. */
static gboolean
has_exact_nameplate (const char *text,
                     gsize       nameplate_len)
{
  return text[nameplate_len] == '-' && text[nameplate_len + 1] != '\0';
}

char *
gofer_code_parse (const char  *typed,
                  char       **nameplate,
                  GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  const char *digits;
  gboolean generated;

  g_return_val_if_fail (typed != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(text = normalise_text (typed, error)))
    return NULL;

  parts = split_parts (text);
  if (!check_parts (parts, error))
    return NULL;

  /* Other clients use a code exactly as it was given to them, so only a
   * code made of list words may be tidied up. */
  digits = g_ptr_array_index (parts, 0);
  generated = is_generated_code (parts);
  if (!generated && (!g_str_has_prefix (text, digits) || !has_exact_nameplate (text, strlen (digits))))
    {
      set_bad_code (error, _("This code must be typed exactly as the sender chose it: its number, "
                             "a dash, then the rest, like “7-Correct-Horse”."));
      return NULL;
    }

  if (nameplate != NULL)
    *nameplate = g_strdup (digits);
  if (!generated)
    return g_steal_pointer (&text);

  for (guint i = 1; i < parts->len; i++)
    {
      char *word = g_ptr_array_index (parts, i);

      g_ptr_array_index (parts, i) = g_ascii_strdown (word, -1);
      g_free (word);
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("-", (char **)parts->pdata);
}

/* Numeric order for digit strings: shorter first, then by digits. */
static int
compare_nameplate_candidates (gconstpointer a,
                              gconstpointer b)
{
  const char *sa = *(const char * const *)a;
  const char *sb = *(const char * const *)b;
  gsize la = strlen (sa);
  gsize lb = strlen (sb);

  if (la != lb)
    return la < lb ? -1 : 1;
  return strcmp (sa, sb);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static void
complete_nameplate (GPtrArray          *out,
                    const char         *typed,
                    const char * const *nameplates)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; nameplates != NULL && nameplates[i] != NULL; i++)
    {
      const char *np = nameplates[i];

      if (!is_all_digits (np) || !g_str_has_prefix (np, typed) ||
          !g_hash_table_add (seen, (gpointer)np))
        continue;
      g_ptr_array_add (out, g_strconcat (np, "-", NULL));
    }

  g_ptr_array_sort (out, compare_nameplate_candidates);
}

/* head: everything up to and including the last '-'; partial: the rest. */
static void
complete_word (GPtrArray  *out,
               const char *head,
               const char *partial,
               guint       position)
{
  for (guint b = 0; b < G_N_ELEMENTS (gofer_wordlist); b++)
    {
      const char *word = word_in_column ((guint8)b, position);

      if (g_str_has_prefix (word, partial))
        g_ptr_array_add (out, g_strconcat (head, word, NULL));
    }

  g_ptr_array_sort (out, compare_strings);
}

static void
complete_into (GPtrArray          *out,
               const char         *typed,
               const char * const *nameplates)
{
  g_auto(GStrv) parts = g_strsplit (typed, "-", -1);
  guint n_parts = g_strv_length (parts);
  const char *partial;
  g_autofree char *head = NULL;

  if (n_parts <= 1)
    {
      complete_nameplate (out, typed, nameplates);
      return;
    }

  if (!is_all_digits (parts[0]))
    return;
  /* An empty part in the middle ("7--") is not a code being typed. */
  for (guint i = 1; i + 1 < n_parts; i++)
    if (parts[i][0] == '\0')
      return;

  partial = parts[n_parts - 1];
  head = g_strndup (typed, strlen (typed) - strlen (partial));
  complete_word (out, head, partial, n_parts - 2);
}

char **
gofer_code_complete (const char         *prefix,
                     const char * const *nameplates,
                     guint               max_results)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *typed = NULL;

  g_return_val_if_fail (prefix != NULL, NULL);

  /* Words are ASCII, so ASCII case folding makes the match case-insensitive. */
  typed = g_ascii_strdown (prefix, -1);
  g_strchug (typed);
  complete_into (out, typed, nameplates);

  if (max_results > 0 && out->len > max_results)
    g_ptr_array_set_size (out, max_results);
  g_ptr_array_add (out, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&out), FALSE);
}
