/* gofer-space-reservation.c: free space booked by the transfers that run
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list of reservations, each with its file system's id, its size and the
 * file it is being written to. A new reservation is checked and booked
 * under one lock, so that two offers accepted at the same moment cannot
 * both take the last free gigabyte. What a reservation still needs is its
 * size less the bytes its file holds: that much already left the free
 * space the file system reports.
 */

#include "config.h"

#include "gofer-space-reservation.h"

#include <glib/gi18n-lib.h>

#include "gofer-error.h"

struct _GoferSpaceReservation
{
  char    *fs_id;   /* NULL: the file system has no id; counted with no other */
  guint64  needed;
  GFile   *file;    /* may be NULL until the .part exists */
};

static GMutex reservations_lock;
static GList *reservations;   /* of GoferSpaceReservation, newest first */

static char *
filesystem_id (GFile        *dir,
               GCancellable *cancellable)
{
  g_autoptr(GFileInfo) info = g_file_query_info (dir, G_FILE_ATTRIBUTE_ID_FILESYSTEM,
                                                 G_FILE_QUERY_INFO_NONE, cancellable, NULL);

  if (info == NULL)
    return NULL;
  return g_strdup (g_file_info_get_attribute_string (info, G_FILE_ATTRIBUTE_ID_FILESYSTEM));
}

/* The bytes already in @file; 0 when it is not there (yet, or any more). */
static guint64
written_to (GFile        *file,
            GCancellable *cancellable)
{
  g_autoptr(GFileInfo) info = NULL;

  if (file == NULL)
    return 0;
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, NULL);
  return info != NULL ? (guint64)MAX (g_file_info_get_size (info), 0) : 0;
}

/* Called with the lock held. */
static guint64
still_needed (const char   *fs_id,
              GCancellable *cancellable)
{
  guint64 total = 0;

  if (fs_id == NULL)
    return 0;
  for (GList *l = reservations; l != NULL; l = l->next)
    {
      GoferSpaceReservation *other = l->data;
      guint64 written;

      if (g_strcmp0 (other->fs_id, fs_id) != 0)
        continue;
      written = written_to (other->file, cancellable);
      if (written < other->needed)
        total += other->needed - written;
    }
  return total;
}

static void
set_no_space (GFile    *dir,
              guint64   needed,
              guint64   available,
              guint64   reserved,
              GError  **error)
{
  g_autofree char *needed_text = g_format_size (needed);
  g_autofree char *free_text = g_format_size (available);
  g_autofree char *reserved_text = g_format_size (reserved);
  g_autofree char *where = g_file_get_parse_name (dir);

  if (reserved == 0)
    g_set_error (error, GOFER_ERROR, GOFER_ERROR_NO_SPACE,
                 /* Translators: the first %s is a folder, then two sizes like “2.1 GB” */
                 _("There is not enough free space in “%s”: this needs %s but only %s are free. Free up some space or choose another folder."),
                 where, needed_text, free_text);
  else
    g_set_error (error, GOFER_ERROR, GOFER_ERROR_NO_SPACE,
                 /* Translators: the first %s is a folder, then three sizes like “2.1 GB” */
                 _("There is not enough free space in “%s”: this needs %s, %s are free, and transfers that are still running need %s of that. Wait for them to finish, free up some space or choose another folder."),
                 where, needed_text, free_text, reserved_text);
}

GoferSpaceReservation *
gofer_space_reserve (GFile         *dir,
                     guint64        needed,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GFileInfo) info = NULL;
  GoferSpaceReservation *self;
  g_autofree char *fs_id = NULL;

  g_return_val_if_fail (G_IS_FILE (dir), NULL);

  fs_id = filesystem_id (dir, cancellable);
  locker = g_mutex_locker_new (&reservations_lock);
  info = g_file_query_filesystem_info (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, cancellable, error);
  if (info == NULL)
    return NULL;

  /* Some file systems (network shares) do not say; let the write find out. */
  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE))
    {
      guint64 available = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
      guint64 reserved = still_needed (fs_id, cancellable);
      guint64 left = available > reserved ? available - reserved : 0;

      if (left < needed)
        {
          set_no_space (dir, needed, available, reserved, error);
          return NULL;
        }
    }

  self = g_new0 (GoferSpaceReservation, 1);
  self->fs_id = g_steal_pointer (&fs_id);
  self->needed = needed;
  reservations = g_list_prepend (reservations, self);
  return self;
}

static void
reserve_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GFile *dir = task_data;
  guint64 needed = *(guint64 *)g_object_get_data (G_OBJECT (task), "needed");
  GError *error = NULL;
  GoferSpaceReservation *self = gofer_space_reserve (dir, needed, cancellable, &error);

  if (self != NULL)
    g_task_return_pointer (task, self, (GDestroyNotify)gofer_space_reservation_release);
  else
    g_task_return_error (task, error);
}

void
gofer_space_reserve_async (GFile               *dir,
                           guint64              needed,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (dir));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_space_reserve_async);
  g_task_set_task_data (task, g_object_ref (dir), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "needed", g_memdup2 (&needed, sizeof needed), g_free);
  g_task_run_in_thread (task, reserve_thread);
}

GoferSpaceReservation *
gofer_space_reserve_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
gofer_space_reservation_set_file (GoferSpaceReservation *self,
                                  GFile                 *file)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&reservations_lock);

  g_return_if_fail (self != NULL);
  g_set_object (&self->file, file);
}

void
gofer_space_reservation_release (GoferSpaceReservation *self)
{
  if (self == NULL)
    return;

  g_mutex_lock (&reservations_lock);
  reservations = g_list_remove (reservations, self);
  g_mutex_unlock (&reservations_lock);

  g_clear_object (&self->file);
  g_free (self->fs_id);
  g_free (self);
}

guint64
gofer_space_reserved_on (GFile *dir)
{
  g_autofree char *fs_id = NULL;
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (G_IS_FILE (dir), 0);

  fs_id = filesystem_id (dir, NULL);
  locker = g_mutex_locker_new (&reservations_lock);
  return still_needed (fs_id, NULL);
}
