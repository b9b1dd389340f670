/* gofer-code.h: wormhole codes (nameplate + PGP words)
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

#define GOFER_CODE_DEFAULT_WORDS 2

/* Word i (0-based): the odd (three-syllable) column for even i, the even
 * (two-syllable) column for odd i; byte chosen by a CSPRNG. Returns
 * "word-word" without the nameplate. */
char        *gofer_code_generate_words   (guint        n_words);
/* Word for byte b at position i, lowercase; static storage. */
const char  *gofer_code_word_for_byte    (guint8       byte,
                                          guint        position);
/* What a person typed, as the code to use: trimmed, NFC-normalised, and
 * unwrapped from a "wormhole-transfer:CODE" link. A code whose words all
 * come from the PGP word list (as every client generates them) is tidied:
 * lowercased, with spaces and other separators between parts turned into
 * '-'. Any other code is a password the sender chose and is used exactly as
 * typed, case included, as the other clients use it; it must then start
 * with "DIGITS-". On success sets *nameplate (digits).
 * GOFER_ERROR_BAD_CODE with a sentence when it cannot be a code (no
 * nameplate, a non-numeric nameplate, no words). Unknown words are allowed:
 * the code is only a password. */
char        *gofer_code_parse            (const char  *typed,
                                          char       **nameplate,
                                          GError     **error);
/* The separators a person may type between the parts of a code: '-', '_',
 * '.' and white space. */
gboolean     gofer_code_is_separator     (gunichar            c);
/* The parts of @text split at runs of separators, empty parts dropped;
 * free with g_strfreev(). */
char       **gofer_code_split            (const char         *text);
/* Whether @word is a word of the PGP list in any case or, with @prefix_ok,
 * the start of one (a word still being typed). */
gboolean     gofer_code_is_list_word     (const char         *word,
                                          gboolean            prefix_ok);
/* Completion for a partially typed code. nameplates: the server's current
 * list (may be NULL). Returns a NULL-terminated array of full candidate
 * strings that extend `prefix` (nameplate + "-" first, then words of the
 * right column for the position being typed), sorted, at most max_results.
 * Details:
 * - Matching is case-insensitive; candidates are lowercase and leading
 *   white space in prefix is dropped.
 * - Without a '-' the prefix is a nameplate being typed: every listed
 *   nameplate starting with it, as "NAMEPLATE-", in numeric order.
 * - After "NAMEPLATE-" the text after the last '-' is word k (0-based, k =
 *   number of complete words); candidates are that column's words starting
 *   with it, in alphabetical order, after the lowercased typed head.
 * - Word candidates never end in '-': the receiver cannot know how many
 *   words the code has, so the person types the '-' to go on.
 * - No candidates for a non-numeric nameplate or an empty part ("7--").
 * - max_results 0 means no limit. Free the result with g_strfreev(). */
char       **gofer_code_complete         (const char         *prefix,
                                          const char * const *nameplates,
                                          guint               max_results);

/* A "wormhole-transfer:CODE?version=0&rendezvous=URL&role=leader" link, the
 * URI scheme of magic-wormhole-protocols' uri-scheme.md, as Warp and the
 * Python client write it into QR codes. */
typedef struct
{
  char     *code;       /* as gofer_code_parse() gives it */
  char     *nameplate;
  char     *rendezvous; /* the mailbox server URL, "/v1" added when it had no
                         * path; NULL when the link names none or a default one */
  gboolean  leader;     /* role=leader: whoever opens the link sends */
} GoferCodeLink;

/* Whether @text (after white space) starts with "wormhole-transfer:". */
gboolean       gofer_code_is_link         (const char  *text);
/* GOFER_ERROR_BAD_CODE with a sentence for a link that is damaged, has an
 * unknown field, a version other than 0, or an unknown role: the scheme
 * requires refusing those rather than guessing. */
GoferCodeLink *gofer_code_link_parse      (const char  *text,
                                           GError     **error);
void           gofer_code_link_free       (GoferCodeLink *link);
/* The link for @code; with rendezvous= when @mailbox_url is not one of the
 * public server's addresses, so that a phone that scans it reaches the
 * same server. */
char          *gofer_code_link_build      (const char  *code,
                                           const char  *mailbox_url);
/* The public server under any of the names clients use for it. */
gboolean       gofer_code_is_default_rendezvous (const char *mailbox_url);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferCodeLink, gofer_code_link_free)

G_END_DECLS
