/* gofer-json.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-json.h"

#include <string.h>

/* What the checker expects next. */
typedef enum {
  EXPECT_VALUE,          /* after ':' or ',' in an array, or at the start */
  EXPECT_VALUE_OR_CLOSE, /* right after '[' */
  EXPECT_KEY,            /* after ',' in an object */
  EXPECT_KEY_OR_CLOSE,   /* right after '{' */
  EXPECT_COLON,          /* after a key */
  EXPECT_SEPARATOR,      /* after a value: ',', a closing bracket or the end */
} Expect;

typedef struct {
  const char *text;
  gsize       len;
  gsize       pos;
  guint       depth;
  guint       max_depth;
  gboolean    too_deep;
  char        open[GOFER_JSON_MAX_DEPTH]; /* '[' or '{' of each open level */
} Checker;

static gboolean
at_end (const Checker *c)
{
  return c->pos >= c->len;
}

static char
peek (const Checker *c)
{
  return at_end (c) ? '\0' : c->text[c->pos];
}

static void
skip_white_space (Checker *c)
{
  while (!at_end (c) && (peek (c) == ' ' || peek (c) == '\t' || peek (c) == '\n' || peek (c) == '\r'))
    c->pos++;
}

/* Consumes @word (true, false, null) when it comes next. */
static gboolean
scan_word (Checker    *c,
           const char *word)
{
  gsize n = strlen (word);

  if (c->len - c->pos < n || memcmp (c->text + c->pos, word, n) != 0)
    return FALSE;
  c->pos += n;
  return TRUE;
}

static gsize
scan_digits (Checker *c)
{
  gsize start = c->pos;

  while (g_ascii_isdigit (peek (c)))
    c->pos++;
  return c->pos - start;
}

/* -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static gboolean
scan_number (Checker *c)
{
  if (peek (c) == '-')
    c->pos++;
  if (peek (c) == '0')
    c->pos++;
  else if (scan_digits (c) == 0)
    return FALSE;

  if (peek (c) == '.')
    {
      c->pos++;
      if (scan_digits (c) == 0)
        return FALSE;
    }
  if (peek (c) == 'e' || peek (c) == 'E')
    {
      c->pos++;
      if (peek (c) == '+' || peek (c) == '-')
        c->pos++;
      if (scan_digits (c) == 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
scan_escape (Checker *c)
{
  char e = peek (c);

  c->pos++;
  if (e == 'u')
    {
      for (guint i = 0; i < 4; i++, c->pos++)
        if (!g_ascii_isxdigit (peek (c)))
          return FALSE;
      return TRUE;
    }
  return e != '\0' && strchr ("\"\\/bfnrt", e) != NULL;
}

/* A string, from its opening quote through its closing one. Control
 * characters must be escaped; the UTF-8 was checked for the whole text. */
static gboolean
scan_string (Checker *c)
{
  c->pos++;
  while (!at_end (c))
    {
      guchar ch = (guchar)c->text[c->pos++];

      if (ch == '"')
        return TRUE;
      if (ch < 0x20)
        return FALSE;
      if (ch == '\\' && !scan_escape (c))
        return FALSE;
    }
  return FALSE;
}

static gboolean
open_level (Checker *c,
            Expect  *expect)
{
  char bracket = peek (c);

  if (c->depth >= c->max_depth)
    {
      c->too_deep = TRUE;
      return FALSE;
    }
  c->open[c->depth++] = bracket;
  c->pos++;
  *expect = bracket == '[' ? EXPECT_VALUE_OR_CLOSE : EXPECT_KEY_OR_CLOSE;
  return TRUE;
}

/* Consumes a closing bracket when it closes the innermost open level. */
static gboolean
close_level (Checker *c)
{
  char bracket = peek (c);

  if (c->depth == 0 || (bracket == ']') != (c->open[c->depth - 1] == '['))
    return FALSE;
  c->depth--;
  c->pos++;
  return TRUE;
}

static gboolean
scan_value (Checker *c,
            Expect  *expect)
{
  char ch = peek (c);

  if (ch == '[' || ch == '{')
    return open_level (c, expect);

  *expect = EXPECT_SEPARATOR;
  if (ch == '"')
    return scan_string (c);
  if (ch == '-' || g_ascii_isdigit (ch))
    return scan_number (c);
  return scan_word (c, "true") || scan_word (c, "false") || scan_word (c, "null");
}

static gboolean
scan_separator (Checker *c,
                Expect  *expect)
{
  char ch = peek (c);

  if (ch == ',' && c->depth > 0)
    {
      c->pos++;
      *expect = c->open[c->depth - 1] == '[' ? EXPECT_VALUE : EXPECT_KEY;
      return TRUE;
    }
  return (ch == ']' || ch == '}') && close_level (c);
}

/* One step: consumes the next token that @expect allows, and says what may
 * follow it. */
static gboolean
scan_token (Checker *c,
            Expect  *expect)
{
  char ch = peek (c);

  switch (*expect)
    {
    case EXPECT_VALUE_OR_CLOSE:
      if (ch == ']')
        return close_level (c) && (*expect = EXPECT_SEPARATOR, TRUE);
      return scan_value (c, expect);
    case EXPECT_VALUE:
      return scan_value (c, expect);
    case EXPECT_KEY_OR_CLOSE:
      if (ch == '}')
        return close_level (c) && (*expect = EXPECT_SEPARATOR, TRUE);
      G_GNUC_FALLTHROUGH;
    case EXPECT_KEY:
      *expect = EXPECT_COLON;
      return ch == '"' && scan_string (c);
    case EXPECT_COLON:
      c->pos++;
      *expect = EXPECT_VALUE;
      return ch == ':';
    case EXPECT_SEPARATOR:
      return scan_separator (c, expect);
    default:
      g_assert_not_reached ();
    }
}

/* Whether the whole text is one value, with only white space after it. */
static gboolean
check_text (Checker *c)
{
  Expect expect = EXPECT_VALUE;

  for (skip_white_space (c); !at_end (c); skip_white_space (c))
    {
      if (expect == EXPECT_SEPARATOR && c->depth == 0)
        return FALSE;
      if (!scan_token (c, &expect))
        return FALSE;
    }
  return expect == EXPECT_SEPARATOR && c->depth == 0;
}

GoferJsonStatus
gofer_json_check (const char *text,
                  gsize       len,
                  guint       max_depth)
{
  Checker c = { .text = text, .len = len, .max_depth = MIN (max_depth, GOFER_JSON_MAX_DEPTH) };

  if (text == NULL || len > G_MAXSSIZE || !g_utf8_validate (text, (gssize)len, NULL))
    return GOFER_JSON_INVALID;
  if (check_text (&c))
    return GOFER_JSON_OK;
  return c.too_deep ? GOFER_JSON_TOO_DEEP : GOFER_JSON_INVALID;
}
