/* gofer-part-file.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gofer-error.h"
#include "gofer-part-file.h"
#include "gofer-safe-path.h"

#define PART_SUFFIX ".part"
/* Leaves room for ".part" within the 255-byte limit. */
#define TARGET_NAME_MAX (GOFER_SAFE_NAME_MAX - (sizeof PART_SUFFIX - 1))
#define MAX_TRIES 10000

struct _GoferPartFile
{
  GObject            parent_instance;

  GFile             *dir;
  char              *name;
  guint              number;
  gboolean           directory;
  GFile             *part;
  GFile             *target;
  GFileOutputStream *output;
  gboolean           finished;
  GoferSpaceReservation *reservation;
};

G_DEFINE_FINAL_TYPE (GoferPartFile, gofer_part_file, G_TYPE_OBJECT)

typedef struct
{
  GFile             *part;
  GFileOutputStream *output;
} Leftover;

static void
leftover_free (Leftover *leftover)
{
  g_clear_object (&leftover->part);
  g_clear_object (&leftover->output);
  g_free (leftover);
}

static void
remove_part (GFile             *part,
             GFileOutputStream *output)
{
  g_autoptr(GError) error = NULL;

  if (output != NULL)
    g_output_stream_close (G_OUTPUT_STREAM (output), NULL, NULL);
  if (part != NULL && !gofer_delete_recursive (part, NULL, &error))
    g_debug ("part-file: could not remove %s: %s", g_file_peek_path (part), error->message);
}

static void
leftover_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Leftover *leftover = task_data;

  remove_part (leftover->part, leftover->output);
  g_task_return_boolean (task, TRUE);
}

static void
gofer_part_file_dispose (GObject *object)
{
  GoferPartFile *self = (GoferPartFile *)object;

  /* Dropped half-way (failure, cancel): the .part must not stay behind, but
   * deleting may take a while, so not here on the caller's thread. */
  if (!self->finished && self->part != NULL)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);
      Leftover *leftover = g_new0 (Leftover, 1);

      leftover->part = g_steal_pointer (&self->part);
      leftover->output = g_steal_pointer (&self->output);
      g_task_set_task_data (task, leftover, (GDestroyNotify)leftover_free);
      g_task_run_in_thread (task, leftover_thread);
    }
  self->finished = TRUE;

  g_clear_pointer (&self->reservation, gofer_space_reservation_release);
  g_clear_object (&self->output);
  g_clear_object (&self->part);
  g_clear_object (&self->target);
  g_clear_object (&self->dir);

  G_OBJECT_CLASS (gofer_part_file_parent_class)->dispose (object);
}

static void
gofer_part_file_finalize (GObject *object)
{
  GoferPartFile *self = (GoferPartFile *)object;

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (gofer_part_file_parent_class)->finalize (object);
}

static void
gofer_part_file_class_init (GoferPartFileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_part_file_dispose;
  object_class->finalize = gofer_part_file_finalize;
}

static void
gofer_part_file_init (GoferPartFile *self)
{
}

static gboolean
exists_nofollow (GFile        *file,
                 GCancellable *cancellable)
{
  return g_file_query_file_type (file, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable)
         != G_FILE_TYPE_UNKNOWN;
}

/* Tries one numbered name; FALSE with no error means "taken, try the next". */
static gboolean
try_create (GoferPartFile  *self,
            guint           number,
            GCancellable   *cancellable,
            GError        **error)
{
  g_autofree char *name = gofer_safe_name_numbered (self->name, number, TARGET_NAME_MAX);
  g_autofree char *part_name = g_strconcat (name, PART_SUFFIX, NULL);
  g_autoptr(GFile) target = g_file_get_child (self->dir, name);
  g_autoptr(GFile) part = g_file_get_child (self->dir, part_name);
  g_autoptr(GError) local_error = NULL;
  gboolean created;

  if (exists_nofollow (target, cancellable))
    return FALSE;

  if (self->directory)
    created = g_file_make_directory (part, cancellable, &local_error);
  else
    created = (self->output = g_file_create (part, G_FILE_CREATE_NONE, cancellable, &local_error)) != NULL;

  if (!created)
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  self->number = number;
  self->target = g_steal_pointer (&target);
  self->part = g_steal_pointer (&part);
  return TRUE;
}

static void
set_no_free_name (GoferPartFile  *self,
                  GError        **error)
{
  g_autofree char *where = g_file_get_parse_name (self->dir);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               /* Translators: the first %s is a file name, the second a folder */
               _("There is no free name for “%s” in “%s”. Move some files away or choose another folder."),
               self->name, where);
}

GoferPartFile *
gofer_part_file_new (GFile         *dir,
                     const char    *name,
                     gboolean       directory,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GoferPartFile) self = NULL;

  g_return_val_if_fail (G_IS_FILE (dir), NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);

  self = g_object_new (GOFER_TYPE_PART_FILE, NULL);
  self->dir = g_object_ref (dir);
  self->directory = !!directory;
  self->name = gofer_safe_name (name, directory ? _("Received folder") : _("Received file"));
  /* Nothing to clean up until a .part exists. */
  self->finished = TRUE;

  for (guint n = 0; n < MAX_TRIES; n++)
    {
      GError *local_error = NULL;

      if (try_create (self, n, cancellable, &local_error))
        {
          self->finished = FALSE;
          return g_steal_pointer (&self);
        }
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
    }

  set_no_free_name (self, error);
  return NULL;
}

typedef struct
{
  GFile    *dir;
  char     *name;
  gboolean  directory;
} NewArgs;

static void
new_args_free (NewArgs *args)
{
  g_clear_object (&args->dir);
  g_free (args->name);
  g_free (args);
}

static void
new_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  NewArgs *args = task_data;
  GoferPartFile *self;
  GError *error = NULL;

  if ((self = gofer_part_file_new (args->dir, args->name, args->directory, cancellable, &error)))
    g_task_return_pointer (task, self, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
gofer_part_file_new_async (GFile               *dir,
                           const char          *name,
                           gboolean             directory,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  NewArgs *args;

  g_return_if_fail (G_IS_FILE (dir));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  args = g_new0 (NewArgs, 1);
  args->dir = g_object_ref (dir);
  args->name = g_strdup (name);
  args->directory = !!directory;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_part_file_new_async);
  g_task_set_task_data (task, args, (GDestroyNotify)new_args_free);
  g_task_run_in_thread (task, new_thread);
}

GoferPartFile *
gofer_part_file_new_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
gofer_part_file_is_directory (GoferPartFile *self)
{
  g_return_val_if_fail (GOFER_IS_PART_FILE (self), FALSE);

  return self->directory;
}

GFile *
gofer_part_file_get_part (GoferPartFile *self)
{
  g_return_val_if_fail (GOFER_IS_PART_FILE (self), NULL);

  return self->part;
}

GFile *
gofer_part_file_get_target (GoferPartFile *self)
{
  g_return_val_if_fail (GOFER_IS_PART_FILE (self), NULL);

  return self->target;
}

GOutputStream *
gofer_part_file_get_output_stream (GoferPartFile *self)
{
  g_return_val_if_fail (GOFER_IS_PART_FILE (self), NULL);

  return self->output ? G_OUTPUT_STREAM (self->output) : NULL;
}

gboolean
gofer_part_file_commit (GoferPartFile  *self,
                        GCancellable   *cancellable,
                        GError        **error)
{
  g_return_val_if_fail (GOFER_IS_PART_FILE (self), FALSE);
  g_return_val_if_fail (!self->finished, FALSE);

  if (self->output != NULL
      && !g_output_stream_close (G_OUTPUT_STREAM (self->output), cancellable, error))
    return FALSE;

  /* The target was free when the .part was made; if something took it since,
   * move on to the next free number rather than replace it. */
  for (guint n = self->number; n < self->number + MAX_TRIES; n++)
    {
      g_autofree char *name = gofer_safe_name_numbered (self->name, n, TARGET_NAME_MAX);
      g_autoptr(GFile) target = g_file_get_child (self->dir, name);
      g_autoptr(GError) local_error = NULL;

      if (gofer_rename_no_replace (self->part, target, cancellable, &local_error))
        {
          g_set_object (&self->target, target);
          self->finished = TRUE;
          g_clear_pointer (&self->reservation, gofer_space_reservation_release);
          return TRUE;
        }
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  set_no_free_name (self, error);
  return FALSE;
}

static void
commit_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (gofer_part_file_commit (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
gofer_part_file_commit_async (GoferPartFile       *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GOFER_IS_PART_FILE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_part_file_commit_async);
  g_task_run_in_thread (task, commit_thread);
}

gboolean
gofer_part_file_commit_finish (GoferPartFile  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
gofer_part_file_discard (GoferPartFile *self)
{
  g_return_if_fail (GOFER_IS_PART_FILE (self));

  if (self->finished)
    return;

  self->finished = TRUE;
  remove_part (self->part, self->output);
  g_clear_pointer (&self->reservation, gofer_space_reservation_release);
}

void
gofer_part_file_hold_space (GoferPartFile         *self,
                            GoferSpaceReservation *reservation)
{
  g_return_if_fail (GOFER_IS_PART_FILE (self));

  g_clear_pointer (&self->reservation, gofer_space_reservation_release);
  self->reservation = reservation;
  if (reservation != NULL)
    gofer_space_reservation_set_file (reservation, self->part);
}
