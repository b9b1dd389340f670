/* gofer-journal-output-stream.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The journal is written from the thread that writes the data (a transfer's
 * worker), right after the data it describes reached the kernel: a process
 * killed at any point leaves a journal that describes a prefix of the .part.
 * A power cut may leave the .part shorter than its journal says; the hash
 * in the journal catches that when the transfer resumes.
 */

#include "config.h"

#include "gofer-journal-output-stream.h"

struct _GoferJournalOutputStream
{
  GFilterOutputStream  parent_instance;

  GFile               *part;
  GoferPartJournal    *journal;
  GoferHashConverter  *hash;
  guint64              written;
  gint64               saved_at;   /* monotonic µs of the last save */
};

G_DEFINE_FINAL_TYPE (GoferJournalOutputStream, gofer_journal_output_stream,
                     G_TYPE_FILTER_OUTPUT_STREAM)

static GOutputStream *
base_of (GoferJournalOutputStream *self)
{
  return g_filter_output_stream_get_base_stream (G_FILTER_OUTPUT_STREAM (self));
}

gboolean
gofer_journal_output_stream_checkpoint (GoferJournalOutputStream  *self,
                                        GCancellable              *cancellable,
                                        GError                   **error)
{
  g_return_val_if_fail (GOFER_IS_JOURNAL_OUTPUT_STREAM (self), FALSE);

  if (!g_output_stream_flush (base_of (self), cancellable, error))
    return FALSE;
  self->journal->verified = self->written;
  g_free (self->journal->sha256);
  self->journal->sha256 = self->hash != NULL ? gofer_hash_converter_get_hex (self->hash) : NULL;
  self->saved_at = g_get_monotonic_time ();
  return gofer_part_journal_save (self->journal, self->part, error);
}

static gboolean
checkpoint_due (GoferJournalOutputStream *self)
{
  return self->written - self->journal->verified >= GOFER_JOURNAL_INTERVAL_BYTES
         && g_get_monotonic_time () - self->saved_at >= GOFER_JOURNAL_INTERVAL_USEC;
}

static gssize
write_fn (GOutputStream  *stream,
          const void     *buffer,
          gsize           count,
          GCancellable   *cancellable,
          GError        **error)
{
  GoferJournalOutputStream *self = GOFER_JOURNAL_OUTPUT_STREAM (stream);
  gsize done = 0;

  if (!g_output_stream_write_all (base_of (self), buffer, count, &done, cancellable, error))
    {
      /* What did reach the .part is in it, and the hash must say so. */
      if (self->hash != NULL)
        gofer_hash_converter_update (self->hash, buffer, done);
      self->written += done;
      return -1;
    }
  if (self->hash != NULL)
    gofer_hash_converter_update (self->hash, buffer, count);
  self->written += count;
  if (checkpoint_due (self))
    {
      g_autoptr(GError) local_error = NULL;

      /* A journal that could not be saved costs only the chance to resume. */
      if (!gofer_journal_output_stream_checkpoint (self, cancellable, &local_error))
        g_debug ("journal: not saved: %s", local_error->message);
    }
  return (gssize)count;
}

static gboolean
flush_fn (GOutputStream  *stream,
          GCancellable   *cancellable,
          GError        **error)
{
  GoferJournalOutputStream *self = GOFER_JOURNAL_OUTPUT_STREAM (stream);

  return g_output_stream_flush (base_of (self), cancellable, error);
}

guint64
gofer_journal_output_stream_get_written (GoferJournalOutputStream *self)
{
  g_return_val_if_fail (GOFER_IS_JOURNAL_OUTPUT_STREAM (self), 0);

  return self->written;
}

char *
gofer_journal_output_stream_dup_sha256 (GoferJournalOutputStream *self)
{
  g_return_val_if_fail (GOFER_IS_JOURNAL_OUTPUT_STREAM (self), NULL);

  return self->hash != NULL ? gofer_hash_converter_get_hex (self->hash) : NULL;
}

static void
gofer_journal_output_stream_finalize (GObject *object)
{
  GoferJournalOutputStream *self = GOFER_JOURNAL_OUTPUT_STREAM (object);

  g_clear_object (&self->part);
  g_clear_object (&self->hash);
  g_clear_pointer (&self->journal, gofer_part_journal_free);

  G_OBJECT_CLASS (gofer_journal_output_stream_parent_class)->finalize (object);
}

static void
gofer_journal_output_stream_class_init (GoferJournalOutputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  object_class->finalize = gofer_journal_output_stream_finalize;
  stream_class->write_fn = write_fn;
  stream_class->flush = flush_fn;
}

static void
gofer_journal_output_stream_init (GoferJournalOutputStream *self)
{
}

GOutputStream *
gofer_journal_output_stream_new (GOutputStream      *base,
                                 GFile              *part,
                                 GoferPartJournal   *journal,
                                 GoferHashConverter *hash)
{
  GoferJournalOutputStream *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (base), NULL);
  g_return_val_if_fail (G_IS_FILE (part), NULL);
  g_return_val_if_fail (journal != NULL, NULL);

  self = g_object_new (GOFER_TYPE_JOURNAL_OUTPUT_STREAM,
                       "base-stream", base,
                       "close-base-stream", FALSE,
                       NULL);
  self->part = g_object_ref (part);
  self->journal = journal;
  self->hash = hash != NULL ? g_object_ref (hash) : NULL;
  self->written = journal->verified;
  self->saved_at = g_get_monotonic_time ();
  return G_OUTPUT_STREAM (self);
}
