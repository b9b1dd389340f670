/* gofer-app-history-entry.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-history-entry.h"

#include <glib/gi18n.h>
#include <string.h>

/* Each field is cut to a few kilobytes: a history file stays small. */
#define MAX_NAME_BYTES 1024
#define MAX_CODE_BYTES 256

struct _GoferAppHistoryEntry
{
  GObject                   parent_instance;

  GoferAppHistoryDirection  direction;
  GoferAppHistoryKind       kind;
  char                     *name;
  guint64                   size;
  gint64                    time;
  char                     *code;
  gboolean                  in_conversation;
  GFile                    *location;
};

G_DEFINE_FINAL_TYPE (GoferAppHistoryEntry, gofer_app_history_entry, G_TYPE_OBJECT)

static void
gofer_app_history_entry_finalize (GObject *object)
{
  GoferAppHistoryEntry *self = GOFER_APP_HISTORY_ENTRY (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->code, g_free);
  g_clear_object (&self->location);

  G_OBJECT_CLASS (gofer_app_history_entry_parent_class)->finalize (object);
}

static void
gofer_app_history_entry_class_init (GoferAppHistoryEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gofer_app_history_entry_finalize;
}

static void
gofer_app_history_entry_init (GoferAppHistoryEntry *self)
{
}

/* Valid UTF-8 of at most max_bytes, cut at a character. */
static char *
bounded_text (const char *text,
              gsize       max_bytes)
{
  g_autofree char *valid = NULL;
  const char *end;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  if (strlen (valid) <= max_bytes)
    return g_steal_pointer (&valid);
  end = g_utf8_find_prev_char (valid, valid + max_bytes + 1);
  return g_strndup (valid, end != NULL ? (gsize) (end - valid) : 0);
}

GoferAppHistoryEntry *
gofer_app_history_entry_new (GoferAppHistoryDirection  direction,
                             GoferAppHistoryKind       kind,
                             const char               *name,
                             guint64                   size,
                             GFile                    *location)
{
  GoferAppHistoryEntry *self;

  g_return_val_if_fail (location == NULL || G_IS_FILE (location), NULL);

  self = g_object_new (GOFER_APP_TYPE_HISTORY_ENTRY, NULL);
  self->direction = direction;
  self->kind = kind;
  self->name = kind == GOFER_APP_HISTORY_TEXT ? NULL : bounded_text (name, MAX_NAME_BYTES);
  self->size = size;
  self->time = g_get_real_time () / G_USEC_PER_SEC;
  self->location = location != NULL ? g_object_ref (location) : NULL;
  return self;
}

void
gofer_app_history_entry_set_peer (GoferAppHistoryEntry *self,
                                  const char           *code,
                                  gboolean              in_conversation)
{
  g_return_if_fail (GOFER_APP_IS_HISTORY_ENTRY (self));

  g_free (self->code);
  self->code = bounded_text (code, MAX_CODE_BYTES);
  self->in_conversation = !!in_conversation;
}

void
gofer_app_history_entry_set_time (GoferAppHistoryEntry *self,
                                  gint64                unix_seconds)
{
  g_return_if_fail (GOFER_APP_IS_HISTORY_ENTRY (self));

  self->time = unix_seconds;
}

GoferAppHistoryDirection
gofer_app_history_entry_get_direction (GoferAppHistoryEntry *self)
{
  g_return_val_if_fail (GOFER_APP_IS_HISTORY_ENTRY (self), GOFER_APP_HISTORY_SENT);
  return self->direction;
}

GoferAppHistoryKind
gofer_app_history_entry_get_kind (GoferAppHistoryEntry *self)
{
  g_return_val_if_fail (GOFER_APP_IS_HISTORY_ENTRY (self), GOFER_APP_HISTORY_FILE);
  return self->kind;
}

const char *
gofer_app_history_entry_get_name (GoferAppHistoryEntry *self)
{
  g_return_val_if_fail (GOFER_APP_IS_HISTORY_ENTRY (self), NULL);
  return self->name;
}

guint64
gofer_app_history_entry_get_size (GoferAppHistoryEntry *self)
{
  g_return_val_if_fail (GOFER_APP_IS_HISTORY_ENTRY (self), 0);
  return self->size;
}

gint64
gofer_app_history_entry_get_time (GoferAppHistoryEntry *self)
{
  g_return_val_if_fail (GOFER_APP_IS_HISTORY_ENTRY (self), 0);
  return self->time;
}

const char *
gofer_app_history_entry_get_code (GoferAppHistoryEntry *self)
{
  g_return_val_if_fail (GOFER_APP_IS_HISTORY_ENTRY (self), NULL);
  return self->code;
}

gboolean
gofer_app_history_entry_get_in_conversation (GoferAppHistoryEntry *self)
{
  g_return_val_if_fail (GOFER_APP_IS_HISTORY_ENTRY (self), FALSE);
  return self->in_conversation;
}

GFile *
gofer_app_history_entry_get_location (GoferAppHistoryEntry *self)
{
  g_return_val_if_fail (GOFER_APP_IS_HISTORY_ENTRY (self), NULL);
  return self->location;
}

char *
gofer_app_history_entry_dup_title (GoferAppHistoryEntry *self)
{
  g_return_val_if_fail (GOFER_APP_IS_HISTORY_ENTRY (self), NULL);

  if (self->kind == GOFER_APP_HISTORY_TEXT || self->name == NULL || self->name[0] == '\0')
    return g_strdup (self->kind == GOFER_APP_HISTORY_TEXT ? _("Text") : _("Files"));
  return g_strdup (self->name);
}

static char *
describe_peer (GoferAppHistoryEntry *self)
{
  gboolean sent = self->direction == GOFER_APP_HISTORY_SENT;

  if (self->code == NULL || self->code[0] == '\0')
    return g_strdup (sent ? _("Sent") : _("Received"));
  if (self->in_conversation)
    /* Translators: %s is the code of the conversation, e.g. 7-guitarist-revenge */
    return g_strdup_printf (sent ? _("Sent in the conversation %s")
                                 : _("Received in the conversation %s"), self->code);
  /* Translators: %s is the code the transfer used, e.g. 7-guitarist-revenge */
  return g_strdup_printf (sent ? _("Sent with the code %s") : _("Received with the code %s"),
                          self->code);
}

static char *
describe_size (GoferAppHistoryEntry *self)
{
  if (self->kind == GOFER_APP_HISTORY_TEXT)
    {
      /* A text is far shorter than G_MAXUINT characters. */
      guint length = (guint) MIN (self->size, G_MAXUINT);

      return g_strdup_printf (ngettext ("%u character", "%u characters", length), length);
    }
  return g_format_size (self->size);
}

char *
gofer_app_history_entry_describe (GoferAppHistoryEntry *self)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *peer = NULL;
  g_autofree char *when = NULL;
  g_autofree char *size = NULL;
  g_autofree char *first = NULL;

  g_return_val_if_fail (GOFER_APP_IS_HISTORY_ENTRY (self), NULL);

  peer = describe_peer (self);
  utc = g_date_time_new_from_unix_utc (self->time);
  local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  /* Translators: when a transfer happened, in g_date_time_format()'s
   * notation: "%e %B %Y, %H:%M" gives " 3 May 2026, 14:05" */
  when = local != NULL ? g_date_time_format (local, _("%e %B %Y, %H:%M")) : NULL;
  size = describe_size (self);
  /* Translators: who, when, how much: "Received with the code 7-guitarist-revenge · 3 May 2026, 14:05 · 2.1 MB" */
  first = g_strdup_printf (_("%s · %s · %s"), peer, when != NULL ? g_strstrip (when) : "", size);

  if (self->direction == GOFER_APP_HISTORY_RECEIVED && self->location != NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (self->location);
      g_autofree char *folder = g_file_get_parse_name (parent != NULL ? parent : self->location);

      /* Translators: the second line of a received transfer: %s is a folder, e.g. /home/ada/Downloads */
      return g_strdup_printf (_("%s\nSaved in %s"), first, folder);
    }
  return g_steal_pointer (&first);
}
