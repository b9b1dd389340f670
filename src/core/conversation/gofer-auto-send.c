/* gofer-auto-send.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file monitor says that something happened, not that a file is
 * complete: a copy in progress keeps growing. So every name the monitor (or
 * the first look at the folder) mentions becomes a candidate, checked
 * twice a second in a worker thread until its size and modification time
 * held still long enough and nobody writes to it any more.
 */

#ifdef __linux__
# define _GNU_SOURCE   /* F_SETLEASE */
#endif

#include "config.h"

#include "gofer-auto-send.h"

#include <glib/gi18n-lib.h>

#ifdef __linux__
# include <errno.h>
# include <fcntl.h>
# include <unistd.h>
#endif

#include "gofer-error.h"

#define POLL_INTERVAL_MS 500

struct _GoferAutoSend
{
  GObject       parent_instance;

  GFile        *folder;
  GFileMonitor *monitor;
  GCancellable *cancellable;
  GHashTable   *candidates;   /* name -> Candidate */
  GHashTable   *sent;         /* name -> "size:mtime" of the version sent */
  guint         poll_id;
  /* Files there before the watch began count as sent (until they change). */
  gboolean      only_new;
  gint64        started_us;   /* wall clock when the watch began */
};

G_DEFINE_FINAL_TYPE (GoferAutoSend, gofer_auto_send, G_TYPE_OBJECT)

#define ONLY_NEW_MARGIN_US (2 * G_USEC_PER_SEC)

enum {
  SIGNAL_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  GFile   *file;
  char    *version;       /* "size:mtime" last seen; NULL before the first look */
  gint64   stable_since;  /* monotonic time of the last change */
  gboolean checking;
} Candidate;

static void
candidate_free (Candidate *candidate)
{
  g_clear_object (&candidate->file);
  g_free (candidate->version);
  g_free (candidate);
}

/* What a look at a candidate found, in a worker thread. */
typedef struct
{
  char     *version;      /* NULL: gone, or not a regular file */
  gboolean  writing;
} Look;

static void
look_free (Look *look)
{
  g_free (look->version);
  g_free (look);
}

/* Linux only: a read lease is refused while anyone has the file open for
 * writing. Anything else (not our file, a file system without leases) means
 * "cannot tell". */
static gboolean
open_for_writing (GFile *file)
{
#ifdef __linux__
  g_autofree char *path = g_file_get_path (file);
  gboolean writing = FALSE;
  int fd;

  if (path == NULL || (fd = open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) < 0)
    return FALSE;
  if (fcntl (fd, F_SETLEASE, F_RDLCK) == 0)
    fcntl (fd, F_SETLEASE, F_UNLCK);
  else
    writing = errno == EAGAIN;
  close (fd);
  return writing;
#else
  return FALSE;
#endif
}

static void
look_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  Look *look = g_new0 (Look, 1);
  g_autoptr(GFileInfo) info = NULL;

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                            G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, NULL);
  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
    {
      look->version = g_strdup_printf ("%" G_GOFFSET_FORMAT ":%" G_GUINT64_FORMAT ".%06u",
                                       g_file_info_get_size (info),
                                       g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED),
                                       g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC));
      look->writing = open_for_writing (file);
    }
  g_task_return_pointer (task, look, (GDestroyNotify)look_free);
}

static void
update (GoferAutoSend *self,
        Candidate     *candidate,
        Look          *look)
{
  g_autofree char *name = g_file_get_basename (candidate->file);
  const char *sent = g_hash_table_lookup (self->sent, name);
  gint64 now = g_get_monotonic_time ();

  if (look->version == NULL || g_strcmp0 (sent, look->version) == 0)
    {
      g_hash_table_remove (self->candidates, name);   /* gone, or sent as it is */
      return;
    }
  if (look->writing || g_strcmp0 (candidate->version, look->version) != 0)
    {
      g_free (candidate->version);
      candidate->version = g_strdup (look->version);
      candidate->stable_since = now;
      return;
    }
  if (now - candidate->stable_since < GOFER_AUTO_SEND_STABLE_MS * 1000)
    return;

  g_hash_table_insert (self->sent, g_strdup (name), g_strdup (look->version));
  g_debug ("auto-send: %s is complete", name);
  g_signal_emit (self, signals[SIGNAL_READY], 0, candidate->file);
  g_hash_table_remove (self->candidates, name);
}

static void
looked_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GoferAutoSend *self = user_data;
  GFile *file = g_task_get_task_data (G_TASK (result));
  Look *look = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autofree char *name = NULL;
  Candidate *candidate;

  /* Cancelled: @self may be gone. */
  if (look == NULL)
    return;
  name = g_file_get_basename (file);
  candidate = g_hash_table_lookup (self->candidates, name);
  if (candidate != NULL && candidate->file == file)
    {
      candidate->checking = FALSE;
      update (self, candidate, look);
    }
  look_free (look);
}

static gboolean
poll_cb (gpointer user_data)
{
  GoferAutoSend *self = user_data;
  GHashTableIter iter;
  Candidate *candidate;

  if (g_hash_table_size (self->candidates) == 0)
    {
      self->poll_id = 0;
      return G_SOURCE_REMOVE;
    }
  g_hash_table_iter_init (&iter, self->candidates);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&candidate))
    {
      g_autoptr(GTask) task = NULL;

      if (candidate->checking)
        continue;
      candidate->checking = TRUE;
      task = g_task_new (NULL, self->cancellable, looked_cb, self);
      g_task_set_task_data (task, g_object_ref (candidate->file), g_object_unref);
      g_task_run_in_thread (task, look_thread);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
is_ignored (const char *name)
{
  return name[0] == '.' || g_str_has_suffix (name, ".part");
}

static void
consider (GoferAutoSend *self,
          GFile         *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  Candidate *candidate;

  if (parent == NULL || !g_file_equal (parent, self->folder) || is_ignored (name))
    return;
  candidate = g_hash_table_lookup (self->candidates, name);
  if (candidate == NULL)
    {
      candidate = g_new0 (Candidate, 1);
      candidate->file = g_object_ref (file);
      g_hash_table_insert (self->candidates, g_strdup (name), candidate);
    }
  candidate->stable_since = g_get_monotonic_time ();
  if (self->poll_id == 0)
    self->poll_id = g_timeout_add (POLL_INTERVAL_MS, poll_cb, self);
}

static void
changed_cb (GFileMonitor      *monitor,
            GFile             *file,
            GFile             *other_file,
            GFileMonitorEvent  event,
            gpointer           user_data)
{
  GoferAutoSend *self = user_data;

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_RENAMED:
      consider (self, other_file);
      break;

    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
      consider (self, file);
      break;

    default:
      break;
    }
}

static void
next_files_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GoferAutoSend *self = user_data;
  GFileEnumerator *children = G_FILE_ENUMERATOR (source);
  GList *infos = g_file_enumerator_next_files_finish (children, result, NULL);

  /* The end, or cancelled (then @self may be gone). */
  if (infos == NULL)
    {
      g_object_unref (children);
      return;
    }
  for (GList *l = infos; l != NULL; l = l->next)
    {
      g_autoptr(GFile) child = g_file_enumerator_get_child (children, l->data);

      if (self->only_new)
        {
          GFileInfo *info = l->data;
          const char *name = g_file_info_get_name (info);

          gint64 mtime_us = (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) *
                            G_USEC_PER_SEC +
                            g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);

          /* Written since the watch began (the listing may come after the
           * monitor saw it): a new file. File times come from a coarse
           * clock that may lag the one read at the start: a margin. */
          if (mtime_us >= self->started_us - ONLY_NEW_MARGIN_US)
            {
              consider (self, child);
              continue;
            }
          /* The same version string a look gives, so only a change sends it. */
          if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR && !is_ignored (name))
            g_hash_table_replace (self->sent, g_strdup (name),
                                  g_strdup_printf ("%" G_GOFFSET_FORMAT ":%" G_GUINT64_FORMAT ".%06u",
                                                   g_file_info_get_size (info),
                                                   g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED),
                                                   g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC)));
          continue;
        }
      consider (self, child);
    }
  g_list_free_full (infos, g_object_unref);
  g_file_enumerator_next_files_async (children, 100, G_PRIORITY_LOW, self->cancellable,
                                      next_files_cb, self);
}

static void
enumerated_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GoferAutoSend *self = user_data;
  GFileEnumerator *children = NULL;
  g_autoptr(GError) error = NULL;

  /* Cancelled (then @self may be gone), or unreadable. */
  children = g_file_enumerate_children_finish (G_FILE (source), result, &error);
  if (children == NULL)
    {
      g_debug ("auto-send: cannot list the folder: %s", error->message);
      return;
    }
  /* next_files_cb() drops the enumerator at the end. */
  g_file_enumerator_next_files_async (children, 100, G_PRIORITY_LOW, self->cancellable,
                                      next_files_cb, self);
}

GoferAutoSend *
gofer_auto_send_new (GFile   *folder,
                     GError **error)
{
  return gofer_auto_send_new_full (folder, FALSE, error);
}

GoferAutoSend *
gofer_auto_send_new_full (GFile     *folder,
                          gboolean   only_new,
                          GError   **error)
{
  g_autoptr(GoferAutoSend) self = NULL;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  if (g_file_query_file_type (folder, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
    {
      g_autofree char *where = g_file_get_parse_name (folder);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                   /* Translators: %s is a folder */
                   _("“%s” is not a folder. Choose an existing folder to send from."), where);
      return NULL;
    }
  self = g_object_new (GOFER_TYPE_AUTO_SEND, NULL);
  self->folder = g_object_ref (folder);
  self->only_new = only_new;
  self->started_us = g_get_real_time ();
  self->monitor = g_file_monitor_directory (folder, G_FILE_MONITOR_WATCH_MOVES,
                                            self->cancellable, error);
  if (self->monitor == NULL)
    return NULL;
  g_signal_connect (self->monitor, "changed", G_CALLBACK (changed_cb), self);
  g_file_enumerate_children_async (folder,
                                   G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                   G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                   G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                   G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, G_PRIORITY_LOW,
                                   self->cancellable, enumerated_cb, self);
  return g_steal_pointer (&self);
}

GFile *
gofer_auto_send_get_folder (GoferAutoSend *self)
{
  g_return_val_if_fail (GOFER_IS_AUTO_SEND (self), NULL);
  return self->folder;
}

static void
gofer_auto_send_dispose (GObject *object)
{
  GoferAutoSend *self = GOFER_AUTO_SEND (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
    }
  g_clear_object (&self->monitor);
  g_hash_table_remove_all (self->candidates);

  G_OBJECT_CLASS (gofer_auto_send_parent_class)->dispose (object);
}

static void
gofer_auto_send_finalize (GObject *object)
{
  GoferAutoSend *self = GOFER_AUTO_SEND (object);

  g_hash_table_unref (self->candidates);
  g_hash_table_unref (self->sent);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->folder);

  G_OBJECT_CLASS (gofer_auto_send_parent_class)->finalize (object);
}

static void
gofer_auto_send_class_init (GoferAutoSendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_auto_send_dispose;
  object_class->finalize = gofer_auto_send_finalize;

  signals[SIGNAL_READY] =
    g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_FILE);
}

static void
gofer_auto_send_init (GoferAutoSend *self)
{
  self->cancellable = g_cancellable_new ();
  self->candidates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify)candidate_free);
  self->sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
