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

gboolean
gofer_code_is_separator (gunichar c)
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

/* The public mailbox server under the names clients give it (Python and Go
 * use the first, Warp and wormhole-rs the TLS one). */
static const char *const default_rendezvous[] = {
  "ws://relay.magic-wormhole.io:4000/v1",
  "ws://relay.magic-wormhole.io:4000",
  "ws://relay.magic-wormhole.io:4000/",
  "wss://relay.magic-wormhole.io/v1",
  "wss://relay.magic-wormhole.io",
  "wss://relay.magic-wormhole.io/",
};

gboolean
gofer_code_is_default_rendezvous (const char *mailbox_url)
{
  for (guint i = 0; mailbox_url != NULL && i < G_N_ELEMENTS (default_rendezvous); i++)
    if (g_ascii_strcasecmp (mailbox_url, default_rendezvous[i]) == 0)
      return TRUE;
  return FALSE;
}

gboolean
gofer_code_is_link (const char *text)
{
  while (text != NULL && g_ascii_isspace (*text))
    text++;
  return text != NULL && g_ascii_strncasecmp (text, URI_SCHEME, strlen (URI_SCHEME)) == 0;
}

static gboolean
set_damaged_link (GError **error)
{
  return set_bad_code (error, _("The wormhole link is damaged. Ask the sender for the code and type "
                                "it instead."));
}

/* A ws:// or wss:// server with "/v1" when the link gave no path, as the
 * scheme asks clients to add; NULL for the public server. */
static gboolean
parse_rendezvous (const char  *value,
                  char       **rendezvous,
                  GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (value, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) versioned = NULL;
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  const char *path;

  if (scheme == NULL || (g_ascii_strcasecmp (scheme, "ws") != 0 && g_ascii_strcasecmp (scheme, "wss") != 0) ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    return set_bad_code (error, _("The server named in this wormhole link is not a ws:// or wss:// "
                                  "address. Ask the sender for the code and type it instead."));

  path = g_uri_get_path (uri);
  if (path[0] == '\0' || g_str_equal (path, "/"))
    versioned = g_uri_build (G_URI_FLAGS_NONE, scheme, NULL, g_uri_get_host (uri), g_uri_get_port (uri),
                             "/v1", NULL, NULL);
  *rendezvous = g_uri_to_string (versioned != NULL ? versioned : uri);
  if (gofer_code_is_default_rendezvous (*rendezvous))
    g_clear_pointer (rendezvous, g_free);
  return TRUE;
}

/* Checks every query field: the scheme requires refusing unknown fields and
 * values rather than guessing what a newer app meant. */
static gboolean
parse_link_fields (const char  *query,
                   char       **rendezvous,
                   gboolean    *leader,
                   GError     **error)
{
  g_autoptr(GHashTable) fields = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  GHashTableIter iter;
  const char *key;
  const char *value;

  if (fields == NULL)
    return set_damaged_link (error);

  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, (gpointer *)&key, (gpointer *)&value))
    {
      if (g_str_equal (key, "version") && g_str_equal (value, "0"))
        continue;
      if (g_str_equal (key, "role") && (g_str_equal (value, "leader") || g_str_equal (value, "follower")))
        *leader = g_str_equal (value, "leader");
      else if (g_str_equal (key, "rendezvous"))
        {
          if (*rendezvous == NULL && !parse_rendezvous (value, rendezvous, error))
            return FALSE;
        }
      else
        return set_bad_code (error, _("This wormhole link was made by a newer or different app, and Gofer "
                                      "cannot tell what it asks for. Ask the sender for the code and type "
                                      "it instead."));
    }
  return TRUE;
}

/* Splits "wormhole-transfer:CODE?query" (the scheme already checked) into
 * the percent-decoded code and the link's fields. */
static char *
split_link (const char  *text,
            char       **rendezvous,
            gboolean    *leader,
            GError     **error)
{
  g_autofree char *body = g_strdup (text + strlen (URI_SCHEME));
  char *query = strchr (body, '?');
  char *fragment = strchr (body, '#');
  char *code;

  if (fragment != NULL)
    *fragment = '\0';
  if (query != NULL)
    *query++ = '\0';

  if (query != NULL && query[0] != '\0' && !parse_link_fields (query, rendezvous, leader, error))
    return NULL;
  if (!(code = g_uri_unescape_string (body, NULL)))
    set_damaged_link (error);
  return code;
}

/* Strips a link down to its code, percent-decoded, after checking its
 * fields. Anything else is returned unchanged. */
static char *
strip_link (const char  *text,
            GError     **error)
{
  g_autofree char *rendezvous = NULL;
  gboolean leader = FALSE;

  if (!gofer_code_is_link (text))
    return g_strdup (text);
  return split_link (text, &rendezvous, &leader, error);
}

GoferCodeLink *
gofer_code_link_parse (const char  *text,
                       GError     **error)
{
  g_autoptr(GoferCodeLink) link = g_new0 (GoferCodeLink, 1);
  g_autofree char *trimmed = NULL;
  g_autofree char *code = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  if (!gofer_code_is_link (trimmed))
    {
      set_damaged_link (error);
      return NULL;
    }
  if (!g_utf8_validate (trimmed, -1, NULL) ||
      !(code = split_link (trimmed, &link->rendezvous, &link->leader, error)))
    {
      if (error != NULL && *error == NULL)
        set_damaged_link (error);
      return NULL;
    }
  if (!(link->code = gofer_code_parse (code, &link->nameplate, error)))
    return NULL;
  return g_steal_pointer (&link);
}

void
gofer_code_link_free (GoferCodeLink *link)
{
  if (link == NULL)
    return;
  g_free (link->code);
  g_free (link->nameplate);
  g_free (link->rendezvous);
  g_free (link);
}

char *
gofer_code_link_build (const char *code,
                       const char *mailbox_url)
{
  g_autofree char *escaped = NULL;
  g_autofree char *server = NULL;
  g_autofree char *escaped_server = NULL;

  g_return_val_if_fail (code != NULL, NULL);

  escaped = g_uri_escape_string (code, "-+", FALSE);
  if (mailbox_url == NULL || gofer_code_is_default_rendezvous (mailbox_url))
    return g_strconcat (URI_SCHEME, escaped, NULL);

  /* The scheme leaves the versioned endpoint to the client. */
  server = g_str_has_suffix (mailbox_url, "/v1") ? g_strndup (mailbox_url, strlen (mailbox_url) - 3)
                                                 : g_strdup (mailbox_url);
  escaped_server = g_uri_escape_string (server, NULL, FALSE);
  return g_strconcat (URI_SCHEME, escaped, "?rendezvous=", escaped_server, NULL);
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
  /* A link may carry blanks at the end of its code, before the "?". */
  g_strstrip (unlinked);

  if (!g_utf8_validate (unlinked, -1, NULL))
    {
      set_bad_code (error, _("The wormhole link is damaged. Ask the sender for the code and "
                             "type it instead."));
      return NULL;
    }

  return g_utf8_normalize (unlinked, -1, G_NORMALIZE_NFC);
}

static GPtrArray *
split_parts (const char *text)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  const char *start = NULL;

  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gboolean at_end = *p == '\0';

      if (at_end || gofer_code_is_separator (g_utf8_get_char (p)))
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

char **
gofer_code_split (const char *text)
{
  GPtrArray *parts;

  g_return_val_if_fail (text != NULL, NULL);

  parts = split_parts (text);
  g_ptr_array_add (parts, NULL);
  return (char **)g_ptr_array_free (parts, FALSE);
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
word_matches (const char *list_word,
              const char *word,
              gsize       len,
              gboolean    prefix_ok)
{
  return g_ascii_strncasecmp (list_word, word, len) == 0 && (prefix_ok || list_word[len] == '\0');
}

gboolean
gofer_code_is_list_word (const char *word,
                         gboolean    prefix_ok)
{
  gsize len;

  g_return_val_if_fail (word != NULL, FALSE);

  len = strlen (word);
  for (guint i = 0; i < G_N_ELEMENTS (gofer_wordlist); i++)
    if (word_matches (gofer_wordlist[i].even, word, len, prefix_ok) ||
        word_matches (gofer_wordlist[i].odd, word, len, prefix_ok))
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
    if (!gofer_code_is_list_word (g_ptr_array_index (parts, i), FALSE))
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
