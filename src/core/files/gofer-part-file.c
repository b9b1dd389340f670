/* gofer-part-file.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gofer-error.h"
#include "gofer-hash-converter.h"
#include "gofer-journal-output-stream.h"
#include "gofer-part-file.h"
#include "gofer-safe-path.h"

#define PART_SUFFIX ".part"
/* Leaves room for ".part" within the 255-byte limit. */
#define TARGET_NAME_MAX (GOFER_SAFE_NAME_MAX - (sizeof PART_SUFFIX - 1))
#define MAX_TRIES 10000
/* "name.part", "name (1).part", … looked at for a download to go on from. */
#define RESUME_CANDIDATES 16

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
  GOutputStream     *journaled;      /* writes through to output, keeps the journal */
  guint64            resume_offset;
  guint64            size;           /* the offer's, once journaled */
  char              *file_id;
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
  if (part != NULL)
    gofer_part_journal_remove (part);
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
  g_clear_object (&self->journaled);
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
  g_clear_pointer (&self->file_id, g_free);

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
  /* The journal goes first: a kill between the two leaves a .part without
   * one (never resumed, as any .part of an older Gofer), never a journal
   * that describes a finished file. */
  if (!self->directory)
    gofer_part_journal_remove (self->part);

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

/* --- the journal, and going on from an earlier .part --- */

static void
journal_from (GoferPartFile      *self,
              GoferPartJournal   *journal,
              GoferHashConverter *hash)
{
  g_clear_object (&self->journaled);
  self->journaled = gofer_journal_output_stream_new (G_OUTPUT_STREAM (self->output), self->part,
                                                     journal, hash);
}

gboolean
gofer_part_file_start_journal (GoferPartFile  *self,
                               guint64         size,
                               const char     *file_id,
                               GCancellable   *cancellable,
                               GError        **error)
{
  g_autoptr(GoferHashConverter) hash = NULL;

  g_return_val_if_fail (GOFER_IS_PART_FILE (self), FALSE);
  g_return_val_if_fail (!self->directory && !self->finished, FALSE);

  /* Hashing costs about a second of CPU per GiB: only a .part that can be
   * resumed (the sender gave its file id) needs the hash of its prefix. A
   * conversation hashes its transfers itself. */
  if (file_id != NULL)
    hash = gofer_hash_converter_new ();
  self->size = size;
  g_free (self->file_id);
  self->file_id = g_strdup (file_id);
  journal_from (self, gofer_part_journal_new (self->name, size, file_id), hash);
  return gofer_journal_output_stream_checkpoint (GOFER_JOURNAL_OUTPUT_STREAM (self->journaled),
                                                 cancellable, error);
}

GOutputStream *
gofer_part_file_get_journaled_stream (GoferPartFile *self)
{
  g_return_val_if_fail (GOFER_IS_PART_FILE (self), NULL);

  return self->journaled != NULL ? self->journaled : gofer_part_file_get_output_stream (self);
}

guint64
gofer_part_file_get_resume_offset (GoferPartFile *self)
{
  g_return_val_if_fail (GOFER_IS_PART_FILE (self), 0);

  return self->resume_offset;
}

char *
gofer_part_file_dup_sha256 (GoferPartFile *self)
{
  g_return_val_if_fail (GOFER_IS_PART_FILE (self), NULL);

  if (self->journaled == NULL)
    return NULL;
  return gofer_journal_output_stream_dup_sha256 (GOFER_JOURNAL_OUTPUT_STREAM (self->journaled));
}

gboolean
gofer_part_file_restart (GoferPartFile  *self,
                         GCancellable   *cancellable,
                         GError        **error)
{
  g_autoptr(GoferHashConverter) hash = gofer_hash_converter_new ();

  g_return_val_if_fail (GOFER_IS_PART_FILE (self), FALSE);
  g_return_val_if_fail (self->journaled != NULL && !self->finished, FALSE);

  /* A resumed .part is open for appending: after this, writing starts at 0. */
  if (!g_seekable_truncate (G_SEEKABLE (self->output), 0, cancellable, error))
    return FALSE;
  self->resume_offset = 0;
  journal_from (self, gofer_part_journal_new (self->name, self->size, self->file_id), hash);
  return gofer_journal_output_stream_checkpoint (GOFER_JOURNAL_OUTPUT_STREAM (self->journaled),
                                                 cancellable, error);
}

gboolean
gofer_part_file_keep (GoferPartFile  *self,
                      GError        **error)
{
  g_return_val_if_fail (GOFER_IS_PART_FILE (self), FALSE);

  /* An empty .part is not worth a file in the download folder. */
  if (self->finished || self->journaled == NULL
      || gofer_journal_output_stream_get_written (GOFER_JOURNAL_OUTPUT_STREAM (self->journaled)) == 0)
    return FALSE;
  if (!gofer_journal_output_stream_checkpoint (GOFER_JOURNAL_OUTPUT_STREAM (self->journaled),
                                               NULL, error))
    return FALSE;
  /* What reached the file is what the journal now says; closing adds nothing. */
  g_output_stream_close (G_OUTPUT_STREAM (self->output), NULL, NULL);
  self->finished = TRUE;
  g_clear_pointer (&self->reservation, gofer_space_reservation_release);
  return TRUE;
}

/* A journal that does not describe its .part is dropped; the .part stays
 * (a new transfer takes the next free name beside it). */
static void
drop_journal (GFile      *part,
              const char *why)
{
  g_debug ("part-file: not going on from %s: %s", g_file_peek_path (part), why);
  gofer_part_journal_remove (part);
}

static gboolean
journal_matches (const GoferPartJournal *journal,
                 const char             *name,
                 guint64                 size,
                 const char             *file_id)
{
  return g_strcmp0 (journal->name, name) == 0 && journal->size == size
         && journal->file_id != NULL && g_strcmp0 (journal->file_id, file_id) == 0;
}

/* Hashes the journal's verified bytes of @part (never more than that, and
 * that is never more than the offer's size) and compares them with it. */
static GoferHashConverter *
verify_prefix (GFile             *part,
               GoferPartJournal  *journal,
               GCancellable      *cancellable,
               GError           **error)
{
  g_autoptr(GoferHashConverter) hash = gofer_hash_converter_new ();
  g_autoptr(GInputStream) input = NULL;
  g_autofree char *hex = NULL;

  input = G_INPUT_STREAM (g_file_read (part, cancellable, error));
  if (input == NULL
      || !gofer_hash_converter_absorb (hash, input, journal->verified, cancellable, error))
    return NULL;
  hex = gofer_hash_converter_get_hex (hash);
  if (g_strcmp0 (hex, journal->sha256) != 0)
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_CORRUPT,
                           _("A partly received file was changed since it was written."));
      return NULL;
    }
  return g_steal_pointer (&hash);
}

/* Opens @part for appending at the journal's verified end. */
static GoferPartFile *
open_for_resume (GFile             *dir,
                 const char        *name,
                 guint              number,
                 GFile             *part,
                 GoferPartJournal  *journal,
                 GCancellable      *cancellable,
                 GError           **error)
{
  g_autoptr(GoferPartFile) self = g_object_new (GOFER_TYPE_PART_FILE, NULL);
  g_autoptr(GoferPartJournal) owned = journal;
  g_autoptr(GoferHashConverter) hash = NULL;
  g_autofree char *target_name = gofer_safe_name_numbered (name, number, TARGET_NAME_MAX);

  self->dir = g_object_ref (dir);
  self->name = g_strdup (name);
  self->number = number;
  self->part = g_object_ref (part);
  self->target = g_file_get_child (dir, target_name);
  self->finished = TRUE;   /* nothing to delete if this fails */
  if ((hash = verify_prefix (part, journal, cancellable, error)) == NULL)
    return NULL;
  self->output = g_file_append_to (part, G_FILE_CREATE_NONE, cancellable, error);
  if (self->output == NULL
      || !g_seekable_truncate (G_SEEKABLE (self->output), (goffset)journal->verified,
                               cancellable, error))
    return NULL;
  self->finished = FALSE;
  self->size = journal->size;
  self->file_id = g_strdup (journal->file_id);
  self->resume_offset = journal->verified;
  journal_from (self, g_steal_pointer (&owned), hash);
  return g_steal_pointer (&self);
}

static gboolean
is_regular_file (GFile        *file,
                 GCancellable *cancellable)
{
  return g_file_query_file_type (file, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable)
         == G_FILE_TYPE_REGULAR;
}

GoferPartFile *
gofer_part_file_resume (GFile         *dir,
                        const char    *name,
                        guint64        size,
                        const char    *file_id,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *safe = NULL;

  g_return_val_if_fail (G_IS_FILE (dir), NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);

  if (file_id == NULL || !gofer_part_journal_is_sha256 (file_id))
    return NULL;
  /* The same name as a new .part would get: nothing from the network or
   * from a journal ever names the file that is opened. */
  safe = gofer_safe_name (name, _("Received file"));
  for (guint n = 0; n < RESUME_CANDIDATES; n++)
    {
      g_autofree char *target_name = gofer_safe_name_numbered (safe, n, TARGET_NAME_MAX);
      g_autofree char *part_name = g_strconcat (target_name, PART_SUFFIX, NULL);
      g_autoptr(GFile) part = g_file_get_child (dir, part_name);
      g_autoptr(GoferPartJournal) journal = NULL;
      g_autoptr(GError) local_error = NULL;
      GoferPartFile *self;

      if (!is_regular_file (part, cancellable))
        continue;
      journal = gofer_part_journal_load (part, &local_error);
      if (journal == NULL)
        {
          if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            drop_journal (part, local_error->message);
          continue;
        }
      if (!journal_matches (journal, safe, size, file_id))
        continue;       /* another download's; not ours to touch */
      self = open_for_resume (dir, safe, n, part, g_steal_pointer (&journal), cancellable,
                              &local_error);
      if (self != NULL)
        return self;
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      drop_journal (part, local_error->message);
    }
  return NULL;
}
