/* gofer-app-format.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-format.h"

#include "gofer.h"
#include "gofer-app-secret.h"

#include <glib/gi18n.h>
#include <string.h>

#define LINK_SCHEME "wormhole-transfer:"

char *
gofer_app_format_time_left (guint64 seconds)
{
  guint64 n;

  if (seconds < 60)
    return g_strdup_printf (ngettext ("About %u second left",
                                      "About %u seconds left",
                                      (gulong) seconds),
                            (guint) seconds);

  if (seconds < 60 * 60)
    {
      n = (seconds + 59) / 60;
      return g_strdup_printf (ngettext ("About %u minute left",
                                        "About %u minutes left",
                                        (gulong) n),
                              (guint) n);
    }

  n = (seconds + 60 * 60 - 1) / (60 * 60);
  return g_strdup_printf (ngettext ("About %u hour left",
                                    "About %u hours left",
                                    (gulong) n),
                          (guint) n);
}

char *
gofer_app_format_progress (guint64 bytes_done,
                           guint64 bytes_total,
                           double  bytes_per_second)
{
  g_autofree char *done = g_format_size (bytes_done);
  g_autofree char *total = g_format_size (bytes_total);
  g_autofree char *rate = NULL;
  g_autofree char *speed = NULL;
  g_autofree char *left = NULL;
  /* Translators: bytes received so far of the whole size, e.g. "1.2 MB of 4.5 MB" */
  g_autofree char *amount = g_strdup_printf (_("%s of %s"), done, total);

  if (bytes_per_second <= 0 || bytes_done >= bytes_total)
    return g_steal_pointer (&amount);

  rate = g_format_size ((guint64) bytes_per_second);
  /* Translators: a transfer speed, e.g. "300.0 kB/s" */
  speed = g_strdup_printf (_("%s/s"), rate);
  left = gofer_app_format_time_left ((guint64) ((bytes_total - bytes_done) / bytes_per_second));

  return g_strjoin (" · ", amount, speed, left, NULL);
}

char *
gofer_app_code_from_text (const char *text)
{
  g_autoptr(GoferAppSecret) trimmed = NULL;
  char *query;

  if (text == NULL)
    return NULL;

  trimmed = g_strstrip (g_strdup (text));
  if (g_ascii_strncasecmp (trimmed, LINK_SCHEME, strlen (LINK_SCHEME)) == 0)
    {
      char *unescaped;

      /* Links may carry ?version=0&rendezvous=… after the code. */
      if ((query = strchr (trimmed, '?')))
        *query = '\0';
      unescaped = g_uri_unescape_string (trimmed + strlen (LINK_SCHEME), NULL);
      gofer_app_secret_free (trimmed);
      /* NULL when the link has a broken %-escape. */
      if ((trimmed = unescaped) == NULL)
        return NULL;
      g_strstrip (trimmed);
    }

  if (trimmed[0] == '\0')
    return NULL;

  return g_steal_pointer (&trimmed);
}

gboolean
gofer_app_text_is_code (const char *text)
{
  g_autoptr(GoferAppSecret) code = NULL;

  if (text == NULL)
    return FALSE;
  code = gofer_code_parse (text, NULL, NULL);
  return code != NULL;
}

char *
gofer_app_check_typed_code (const char *typed,
                            gboolean   *is_error)
{
  g_autoptr(GoferAppSecret) text = gofer_app_code_from_text (typed);
  g_autoptr(GoferAppSecretStrv) parts = NULL;
  guint n_parts;
  gboolean ends_in_separator;

  *is_error = FALSE;
  if (text == NULL || gofer_code_is_link (typed))
    return NULL;

  parts = gofer_code_split (text);
  n_parts = g_strv_length (parts);
  ends_in_separator = gofer_code_is_separator (g_utf8_get_char (g_utf8_prev_char (text + strlen (text))));

  if (n_parts == 0)
    {
      *is_error = TRUE;
      return g_strdup (_("A code starts with a number, like the 7 in “7-guitarist-revenge”."));
    }
  for (const char *p = parts[0]; *p; p++)
    if (!g_ascii_isdigit (*p))
      {
        *is_error = TRUE;
        return g_strdup (_("A code starts with a number, like the 7 in “7-guitarist-revenge”."));
      }

  for (guint i = 1; i < n_parts; i++)
    {
      const char *word = parts[i];
      gboolean complete = i + 1 < n_parts || ends_in_separator;

      if (!gofer_code_is_list_word (word, !complete))
        /* Translators: %s is a word the person typed in a code */
        return g_strdup_printf (_("“%s” is not one of the code words. Check its spelling, unless "
                                  "the sender chose the code."), word);
    }

  return NULL;
}

char *
gofer_app_link_for_code (const char *code,
                         const char *mailbox_url)
{
  g_return_val_if_fail (code != NULL, NULL);

  return gofer_code_link_build (code, mailbox_url);
}

char *
gofer_app_format_linkify (const char *text)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  GString *markup;
  gsize done = 0;

  g_return_val_if_fail (text != NULL, NULL);

  /* An address ends before white space, quotes, angle brackets, and
   * before the punctuation that closes a sentence. */
  regex = g_regex_new ("\\b(?:https?://|mailto:)[^\\s<>\"\\x{2066}-\\x{2069}]*[^\\s<>\".,;:!?)\\]'’”\\x{2066}-\\x{2069}]",
                       G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
  markup = g_string_new (NULL);
  g_regex_match (regex, text, 0, &match);
  while (g_match_info_matches (match))
    {
      int start, end;
      g_autofree char *before = NULL;
      g_autofree char *link = NULL;

      g_match_info_fetch_pos (match, 0, &start, &end);
      before = g_markup_escape_text (text + done, (gssize) ((gsize) start - done));
      link = g_markup_escape_text (text + start, end - start);
      g_string_append (markup, before);
      g_string_append_printf (markup, "<a href=\"%s\">%s</a>", link, link);
      done = (gsize) end;
      g_match_info_next (match, NULL);
    }
  {
    g_autofree char *rest = g_markup_escape_text (text + done, -1);
    g_string_append (markup, rest);
  }
  return g_string_free (markup, FALSE);
}

char *
gofer_app_format_message_time (gint64 unix_ms)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (unix_ms > 0)
    utc = g_date_time_new_from_unix_utc (unix_ms / 1000);
  local = utc != NULL ? g_date_time_to_local (utc) : g_date_time_new_now_local ();

  /* Translators: the time of a chat message in g_date_time_format()'s
   * notation: %H:%M gives 14:05; use %l:%M %p for 2:05 PM */
  return g_date_time_format (local, _("%H:%M"));
}

char *
gofer_app_format_peer_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid) + 8);
  gboolean line_open = FALSE;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\r' && p[1] == '\n')
        continue;
      if (c == '\n' || c == 0x2028 || c == 0x2029)
        {
          if (line_open)
            g_string_append_unichar (out, 0x2069);
          line_open = FALSE;
          g_string_append_c (out, '\n');
          continue;
        }
      if (!line_open)
        {
          g_string_append_unichar (out, 0x2068);
          line_open = TRUE;
        }
      if (c != '\t' && g_unichar_iscntrl (c))
        g_string_append_unichar (out, 0xfffd);
      else
        g_string_append_unichar (out, c);
    }
  if (line_open)
    g_string_append_unichar (out, 0x2069);
  return g_string_free (out, FALSE);
}
