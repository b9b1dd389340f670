/* gofer-app-message.c: the file-transfer protocol's application messages
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-message.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gofer-error.h"
#include "gofer-json-private.h"

GoferAppMessageKind
gofer_app_message_classify (JsonObject *message)
{
  static const struct {
    const char          *key;
    GoferAppMessageKind  kind;
  } keys[] = {
    { "transit", GOFER_APP_MESSAGE_TRANSIT },
    { "offer", GOFER_APP_MESSAGE_OFFER },
    { "answer", GOFER_APP_MESSAGE_ANSWER },
    { "error", GOFER_APP_MESSAGE_ERROR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (json_object_has_member (message, keys[i].key))
      return keys[i].kind;
  return GOFER_APP_MESSAGE_UNKNOWN;
}

JsonNode *
gofer_app_message_new_error (const char *text)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "error", text);
  json_node_set_object (node, object);
  return node;
}

JsonNode *
gofer_app_message_new_answer (const char *key)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonObject *answer = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (answer, key, "ok");
  json_object_set_object_member (object, "answer", answer);
  json_node_set_object (node, object);
  return node;
}

/* Control characters (C0 with tab and line breaks, DEL, C1 such as CSI),
 * line separators and bidi overrides: in a terminal they move the cursor,
 * rewrite what was printed or reorder it. */
static gboolean
is_unprintable (gunichar c)
{
  return g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029 || c == 0x061c
         || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e)
         || (c >= 0x2066 && c <= 0x2069);
}

char *
gofer_app_message_printable (const char *text,
                             guint       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = valid; *p != '\0' && n < max_chars; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (is_unprintable (c))
        g_string_append_c (out, '?');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

char *
gofer_app_message_printable_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\r' && p[1] == '\n')
        continue;
      if (c == '\n' || c == '\t' || !is_unprintable (c))
        g_string_append_unichar (out, c);
      else if (c < 0x100)
        g_string_append_printf (out, "\\x%02X", c);
      else
        g_string_append_printf (out, "\\u%04X", c);
    }
  return g_string_free (out, FALSE);
}

GError *
gofer_app_message_peer_error (JsonObject *message)
{
  const char *text = _gofer_json_get_string (message, "error", "");
  g_autofree char *shown = gofer_app_message_printable (text, 200);

  if (g_str_equal (text, "transfer rejected"))
    return g_error_new_literal (GOFER_ERROR, GOFER_ERROR_REJECTED,
                                _("The other side declined the transfer."));
  if (g_str_equal (text, "transfer cancelled"))
    return g_error_new_literal (GOFER_ERROR, GOFER_ERROR_PEER_ERROR,
                                _("The other side cancelled the transfer."));
  return g_error_new (GOFER_ERROR, GOFER_ERROR_PEER_ERROR,
                      _("The other side stopped the transfer: “%s”."), shown);
}
