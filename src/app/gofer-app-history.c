/* gofer-app-history.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One GKeyFile group per transfer, newest first:
 *
 *   [transfer 0]
 *   direction=received
 *   kind=file
 *   name=photo.jpg
 *   size=2100000
 *   time=1767225600
 *   code=7-guitarist-revenge
 *   conversation=false
 *   location=file:///home/ada/Downloads/photo.jpg
 *
 * Bounded: GOFER_APP_HISTORY_MAX_ENTRIES groups, each field cut to a few
 * kilobytes, and a file larger than GOFER_APP_HISTORY_MAX_FILE_SIZE is not
 * read. Texts are never written down, only that one came and how long it
 * was. The file is the person's alone (0600).
 */

#include "config.h"

#include "gofer-app-history.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#define GROUP_PREFIX "transfer "
#define MAX_URI_BYTES 8192

struct _GoferAppHistory
{
  GObject    parent_instance;

  char      *path;
  GPtrArray *entries;   /* newest first */
  gboolean   dirty;
  guint      save_id;
};

static void gofer_app_history_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GoferAppHistory, gofer_app_history, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      gofer_app_history_list_model_init))

static GType
gofer_app_history_get_item_type (GListModel *model)
{
  return GOFER_APP_TYPE_HISTORY_ENTRY;
}

static guint
gofer_app_history_get_n_items (GListModel *model)
{
  return GOFER_APP_HISTORY (model)->entries->len;
}

static gpointer
gofer_app_history_get_item (GListModel *model,
                            guint       position)
{
  GoferAppHistory *self = GOFER_APP_HISTORY (model);

  if (position >= self->entries->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->entries, position));
}

static void
gofer_app_history_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = gofer_app_history_get_item_type;
  iface->get_n_items = gofer_app_history_get_n_items;
  iface->get_item = gofer_app_history_get_item;
}

static const char *
direction_to_string (GoferAppHistoryDirection direction)
{
  return direction == GOFER_APP_HISTORY_RECEIVED ? "received" : "sent";
}

static const char *
kind_to_string (GoferAppHistoryKind kind)
{
  switch (kind)
    {
    case GOFER_APP_HISTORY_FOLDER:
      return "folder";
    case GOFER_APP_HISTORY_FILES:
      return "files";
    case GOFER_APP_HISTORY_TEXT:
      return "text";
    case GOFER_APP_HISTORY_FILE:
    default:
      return "file";
    }
}

static gboolean
kind_from_string (const char          *text,
                  GoferAppHistoryKind *kind)
{
  static const GoferAppHistoryKind kinds[] = { GOFER_APP_HISTORY_FILE, GOFER_APP_HISTORY_FOLDER,
                                               GOFER_APP_HISTORY_FILES, GOFER_APP_HISTORY_TEXT };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (text, kind_to_string (kinds[i])) == 0)
      {
        *kind = kinds[i];
        return TRUE;
      }
  return FALSE;
}

/* One group as an entry; NULL for a group that is not one. */
static GoferAppHistoryEntry *
entry_from_group (GKeyFile   *keys,
                  const char *group)
{
  g_autofree char *direction = g_key_file_get_string (keys, group, "direction", NULL);
  g_autofree char *kind_text = g_key_file_get_string (keys, group, "kind", NULL);
  g_autofree char *name = g_key_file_get_string (keys, group, "name", NULL);
  g_autofree char *code = g_key_file_get_string (keys, group, "code", NULL);
  g_autofree char *uri = g_key_file_get_string (keys, group, "location", NULL);
  g_autoptr(GFile) location = NULL;
  g_autoptr(GError) error = NULL;
  GoferAppHistoryEntry *entry;
  GoferAppHistoryKind kind;
  guint64 size;
  gint64 time;

  if (!g_str_has_prefix (group, GROUP_PREFIX) || !kind_from_string (kind_text, &kind) ||
      (g_strcmp0 (direction, "sent") != 0 && g_strcmp0 (direction, "received") != 0))
    return NULL;
  size = g_key_file_get_uint64 (keys, group, "size", &error);
  if (error != NULL)
    return NULL;
  time = g_key_file_get_int64 (keys, group, "time", &error);
  if (error != NULL)
    return NULL;
  /* Only local files: a history file is no way to make the app open a URL. */
  if (uri != NULL && strlen (uri) <= MAX_URI_BYTES && g_str_has_prefix (uri, "file:///"))
    location = g_file_new_for_uri (uri);

  entry = gofer_app_history_entry_new (g_str_equal (direction, "received") ? GOFER_APP_HISTORY_RECEIVED
                                                                           : GOFER_APP_HISTORY_SENT,
                                       kind, name, size, location);
  gofer_app_history_entry_set_peer (entry, code,
                                    g_key_file_get_boolean (keys, group, "conversation", NULL));
  gofer_app_history_entry_set_time (entry, time);
  return entry;
}

static void
move_aside (GoferAppHistory *self,
            const char      *why)
{
  g_autofree char *bad = g_strconcat (self->path, ".bad", NULL);

  g_message ("history: %s; it is kept as %s and a new one starts", why, bad);
  if (g_rename (self->path, bad) != 0)
    g_message ("history: could not move %s aside: %s", self->path, g_strerror (errno));
}

static void
load (GoferAppHistory *self)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;
  GStatBuf info;

  if (g_stat (self->path, &info) != 0)
    return;  /* none yet */
  if (info.st_size > GOFER_APP_HISTORY_MAX_FILE_SIZE)
    {
      move_aside (self, "the file is too large");
      return;
    }
  if (!g_key_file_load_from_file (keys, self->path, G_KEY_FILE_NONE, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        move_aside (self, error->message);
      return;
    }

  groups = g_key_file_get_groups (keys, NULL);
  for (guint i = 0; groups[i] != NULL && self->entries->len < GOFER_APP_HISTORY_MAX_ENTRIES; i++)
    {
      GoferAppHistoryEntry *entry = entry_from_group (keys, groups[i]);

      if (entry != NULL)
        g_ptr_array_add (self->entries, entry);
      else
        g_debug ("history: skipping the group “%s”", groups[i]);
    }
  g_debug ("history: %u transfers from %s", self->entries->len, self->path);
}

static GKeyFile *
to_key_file (GoferAppHistory *self)
{
  GKeyFile *keys = g_key_file_new ();

  for (guint i = 0; i < self->entries->len; i++)
    {
      GoferAppHistoryEntry *entry = g_ptr_array_index (self->entries, i);
      g_autofree char *group = g_strdup_printf (GROUP_PREFIX "%u", i);

      g_key_file_set_string (keys, group, "direction", direction_to_string (gofer_app_history_entry_get_direction (entry)));
      g_key_file_set_string (keys, group, "kind", kind_to_string (gofer_app_history_entry_get_kind (entry)));
      const char *name = gofer_app_history_entry_get_name (entry);
      const char *code = gofer_app_history_entry_get_code (entry);
      GFile *location = gofer_app_history_entry_get_location (entry);

      if (name != NULL)
        g_key_file_set_string (keys, group, "name", name);
      g_key_file_set_uint64 (keys, group, "size", gofer_app_history_entry_get_size (entry));
      g_key_file_set_int64 (keys, group, "time", gofer_app_history_entry_get_time (entry));
      if (code != NULL)
        g_key_file_set_string (keys, group, "code", code);
      g_key_file_set_boolean (keys, group, "conversation",
                              gofer_app_history_entry_get_in_conversation (entry));
      if (location != NULL)
        {
          g_autofree char *uri = g_file_get_uri (location);

          g_key_file_set_string (keys, group, "location", uri);
        }
    }
  return keys;
}

gboolean
gofer_app_history_save (GoferAppHistory  *self,
                        GError          **error)
{
  g_autoptr(GKeyFile) keys = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (GOFER_APP_IS_HISTORY (self), FALSE);

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (!self->dirty)
    return TRUE;

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }
  keys = to_key_file (self);
  data = g_key_file_to_data (keys, &length, NULL);
  /* Names and codes are the person's own business: 0600. */
  if (!g_file_set_contents_full (self->path, data, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;
  self->dirty = FALSE;
  return TRUE;
}

static gboolean
save_cb (gpointer user_data)
{
  GoferAppHistory *self = user_data;
  g_autoptr(GError) error = NULL;

  self->save_id = 0;
  if (!gofer_app_history_save (self, &error))
    g_message ("history: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
changed (GoferAppHistory *self)
{
  self->dirty = TRUE;
  if (self->save_id == 0)
    self->save_id = g_idle_add (save_cb, self);
}

static void
gofer_app_history_dispose (GObject *object)
{
  GoferAppHistory *self = GOFER_APP_HISTORY (object);
  g_autoptr(GError) error = NULL;

  if (self->save_id != 0 && !gofer_app_history_save (self, &error))
    g_message ("history: %s", error->message);
  g_clear_handle_id (&self->save_id, g_source_remove);

  G_OBJECT_CLASS (gofer_app_history_parent_class)->dispose (object);
}

static void
gofer_app_history_finalize (GObject *object)
{
  GoferAppHistory *self = GOFER_APP_HISTORY (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (gofer_app_history_parent_class)->finalize (object);
}

static void
gofer_app_history_class_init (GoferAppHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_app_history_dispose;
  object_class->finalize = gofer_app_history_finalize;
}

static void
gofer_app_history_init (GoferAppHistory *self)
{
  self->entries = g_ptr_array_new_with_free_func (g_object_unref);
}

GoferAppHistory *
gofer_app_history_new (const char *path)
{
  GoferAppHistory *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (GOFER_APP_TYPE_HISTORY, NULL);
  self->path = g_strdup (path);
  load (self);
  return self;
}

char *
gofer_app_history_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "gofer", "history.ini", NULL);
}

const char *
gofer_app_history_get_path (GoferAppHistory *self)
{
  g_return_val_if_fail (GOFER_APP_IS_HISTORY (self), NULL);

  return self->path;
}

void
gofer_app_history_add (GoferAppHistory      *self,
                       GoferAppHistoryEntry *entry)
{
  guint old_n;

  g_return_if_fail (GOFER_APP_IS_HISTORY (self));
  g_return_if_fail (GOFER_APP_IS_HISTORY_ENTRY (entry));

  old_n = self->entries->len;
  g_ptr_array_insert (self->entries, 0, g_object_ref (entry));
  if (self->entries->len > GOFER_APP_HISTORY_MAX_ENTRIES)
    {
      /* The oldest goes from the end as the newest comes first. */
      g_ptr_array_set_size (self->entries, GOFER_APP_HISTORY_MAX_ENTRIES);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->entries->len);
    }
  else
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, 1);
  changed (self);
}

void
gofer_app_history_clear (GoferAppHistory *self)
{
  guint n;

  g_return_if_fail (GOFER_APP_IS_HISTORY (self));

  if ((n = self->entries->len) == 0)
    return;
  g_ptr_array_set_size (self->entries, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
  changed (self);
}
