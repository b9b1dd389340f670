/* gofer-mailbox-frames.c: what the mailbox server sends the client
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every frame is a JSON object with a "type": the welcome, the answers to
 * list, allocate, claim, release and close, the mailbox's messages (our own
 * echoed back among them) and errors. A server's words are shown, never
 * obeyed.
 */

#include "config.h"

#include "gofer-mailbox-private.h"

#include <glib/gi18n-lib.h>

#include "gofer-error.h"
#include "gofer-json-private.h"
#include "gofer-text.h"

static GError *
error_from_server (const char *raw)
{
  /* A server's words are shown, never obeyed (escapes, invalid UTF-8). */
  g_autofree char *text = gofer_text_printable (raw, 200);

  if (g_strcmp0 (text, "crowded") == 0)
    return g_error_new_literal (GOFER_ERROR, GOFER_ERROR_CROWDED,
                                _("Someone else is already using this code. "
                                  "Ask the sender for a new code and try again."));
  if (g_strcmp0 (text, "reclaimed") == 0)
    return g_error_new_literal (GOFER_ERROR, GOFER_ERROR_CROWDED,
                                _("This code has already been used. "
                                  "Ask the sender for a new code and try again."));
  return g_error_new (GOFER_ERROR, GOFER_ERROR_RELAY_ERROR,
                      _("The relay server reported an error: “%s”. "
                        "Try again later or choose another server in Preferences."),
                      text);
}

static void
handle_welcome (GoferMailbox *self,
                JsonObject   *msg)
{
  JsonObject *welcome = NULL;
  JsonNode *node = json_object_get_member (msg, "welcome");

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    welcome = json_node_get_object (node);

  if (welcome != NULL && json_object_has_member (welcome, "error"))
    {
      g_autofree char *text = gofer_text_printable (_gofer_json_get_string (welcome, "error", ""), 200);

      _gofer_mailbox_fail (self,
                           g_error_new (GOFER_ERROR, GOFER_ERROR_RELAY_REFUSED,
                                        _("The relay server refused the connection: “%s”"), text));
      return;
    }

  if (welcome != NULL && !self->welcomed)
    {
      const char *motd = _gofer_json_get_string (welcome, "motd", NULL);
      if (motd != NULL)
        {
          g_autofree char *shown = gofer_text_printable (motd, 2000);

          g_signal_emit (self, _gofer_mailbox_signals[GOFER_MAILBOX_SIGNAL_MOTD], 0, shown);
        }
    }

  /* The server is there: no more waiting for it. */
  _gofer_mailbox_connection_welcomed (self);
  _gofer_mailbox_bind_after_welcome (self, welcome);
}

static void
handle_nameplates (GoferMailbox *self,
                   JsonObject   *msg)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = json_object_get_member (msg, "nameplates");
  g_autoptr(GTask) task = g_queue_pop_head (&self->list_tasks);

  if (task == NULL)
    return;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          const char *id;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            continue;
          id = _gofer_json_get_string (json_node_get_object (item), "id", NULL);
          if (id != NULL)
            g_strv_builder_add (builder, id);
        }
    }

  g_task_return_pointer (task, g_strv_builder_end (builder), (GDestroyNotify)g_strfreev);
}

static void
complete_with_string (GTask      **task,
                      const char  *value,
                      const char  *what)
{
  GTask *t = g_steal_pointer (task);

  if (t == NULL)
    return;
  if (value == NULL)
    g_task_return_new_error (t, GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                             _("The relay server sent a reply without a %s. "
                               "It may not be a Magic Wormhole server."), what);
  else
    g_task_return_pointer (t, g_strdup (value), g_free);
  g_object_unref (t);
}

static void
handle_message (GoferMailbox *self,
                JsonObject   *msg)
{
  const char *side = _gofer_json_get_string (msg, "side", NULL);
  const char *phase = _gofer_json_get_string (msg, "phase", NULL);
  const char *body = _gofer_json_get_string (msg, "body", NULL);

  if (side == NULL || phase == NULL || body == NULL)
    {
      g_debug ("mailbox: ignoring a message without side, phase or body");
      return;
    }

  /* Our own message came back: the server has stored it. */
  if (g_str_equal (side, self->side))
    {
      for (guint i = 0; i < self->unechoed->len; i++)
        {
          PendingAdd *add = g_ptr_array_index (self->unechoed, i);
          if (g_str_equal (add->phase, phase))
            {
              g_ptr_array_remove_index (self->unechoed, i);
              break;
            }
        }
    }

  g_signal_emit (self, _gofer_mailbox_signals[GOFER_MAILBOX_SIGNAL_MESSAGE], 0, side, phase, body);
}

/* The old mailbox is closed: a new connection opens the next one and sends
 * what waited for it (_gofer_mailbox_replay_state). */
static void
finish_move (GoferMailbox *self)
{
  g_debug ("mailbox: moved to a fresh mailbox");
  g_free (self->mailbox);
  self->mailbox = g_steal_pointer (&self->next_mailbox);
  self->moving = FALSE;
  g_ptr_array_extend_and_steal (self->unechoed, g_steal_pointer (&self->held));
  self->held = g_ptr_array_new_with_free_func (_gofer_mailbox_pending_add_free);
  _gofer_mailbox_drop_connection (self);
  _gofer_mailbox_start_attempt (self);
}

void
_gofer_mailbox_handle_closed (GoferMailbox *self)
{
  GTask *task;

  if (self->moving)
    {
      finish_move (self);
      return;
    }
  task = g_steal_pointer (&self->close_task);

  self->finished = TRUE;
  _gofer_mailbox_clear_timers (self);
  _gofer_mailbox_drop_connection (self);
  if (task != NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static void
dispatch (GoferMailbox *self,
          JsonObject   *msg)
{
  const char *type = _gofer_json_get_string (msg, "type", "");

  if (g_str_equal (type, "welcome"))
    handle_welcome (self, msg);
  else if (g_str_equal (type, "nameplates"))
    handle_nameplates (self, msg);
  else if (g_str_equal (type, "allocated"))
    complete_with_string (&self->allocate_task,
                          _gofer_json_get_string (msg, "nameplate", NULL),
                          "nameplate");
  else if (g_str_equal (type, "claimed"))
    complete_with_string (&self->claim_task,
                          _gofer_json_get_string (msg, "mailbox", NULL),
                          "mailbox");
  else if (g_str_equal (type, "released"))
    self->release_confirmed = TRUE;
  else if (g_str_equal (type, "message"))
    handle_message (self, msg);
  else if (g_str_equal (type, "closed"))
    _gofer_mailbox_handle_closed (self);
  else if (g_str_equal (type, "error"))
    _gofer_mailbox_fail (self, error_from_server (_gofer_json_get_string (msg, "error", "")));
  else
    g_debug ("mailbox: ignoring a “%s” frame", type);
}

/* One text message from the server: a JSON object, or it is ignored. */
void
_gofer_mailbox_handle_text (GoferMailbox *self,
                            const char   *data,
                            gsize         len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *msg;

  if ((msg = _gofer_json_parse_object (parser, data, len)) == NULL)
    {
      g_debug ("mailbox: ignoring a frame that is not a JSON object");
      return;
    }

  g_object_ref (self);
  dispatch (self, msg);
  g_object_unref (self);
}
