/* gofer-part-journal.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A key file, because it is small, readable by a person who wonders what
 * ".x.part.journal" is, and needs nothing beyond GLib. Everything read back
 * is checked: a journal may have been truncated by a crash or edited.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gofer-error.h"
#include "gofer-part-journal.h"
#include "gofer-safe-path.h"

#define GROUP "Gofer Part"
#define JOURNAL_SUFFIX ".journal"

GoferPartJournal *
gofer_part_journal_new (const char *name,
                        guint64     size,
                        const char *file_id)
{
  GoferPartJournal *journal = g_new0 (GoferPartJournal, 1);

  journal->name = g_strdup (name);
  journal->size = size;
  journal->file_id = g_strdup (file_id);
  return journal;
}

void
gofer_part_journal_free (GoferPartJournal *journal)
{
  if (journal == NULL)
    return;
  g_free (journal->name);
  g_free (journal->file_id);
  g_free (journal->sha256);
  g_free (journal);
}

gboolean
gofer_part_journal_is_sha256 (const char *hex)
{
  if (hex == NULL || strlen (hex) != 64)
    return FALSE;
  for (const char *p = hex; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

GFile *
gofer_part_journal_file_for (GFile *part)
{
  g_autofree char *part_name = g_file_get_basename (part);
  g_autofree char *name = g_strconcat (".", part_name, JOURNAL_SUFFIX, NULL);
  g_autoptr(GFile) dir = g_file_get_parent (part);

  if (strlen (name) > GOFER_SAFE_NAME_MAX || dir == NULL)
    return NULL;
  return g_file_get_child (dir, name);
}

gboolean
gofer_part_journal_save (const GoferPartJournal  *journal,
                         GFile                   *part,
                         GError                 **error)
{
  g_autoptr(GFile) file = gofer_part_journal_file_for (part);
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *data = NULL;
  gsize len;

  if (file == NULL)
    return TRUE;
  g_key_file_set_string (keys, GROUP, "Name", journal->name);
  g_key_file_set_uint64 (keys, GROUP, "Size", journal->size);
  if (journal->file_id != NULL)
    g_key_file_set_string (keys, GROUP, "FileId", journal->file_id);
  g_key_file_set_uint64 (keys, GROUP, "Verified", journal->verified);
  if (journal->sha256 != NULL)
    g_key_file_set_string (keys, GROUP, "SHA256", journal->sha256);
  data = g_key_file_to_data (keys, &len, NULL);
  /* Written to a temporary file and renamed over the old journal: a crash
   * leaves the old journal or the new one, never half of one. */
  return g_file_set_contents (g_file_peek_path (file), data, (gssize)len, error);
}

static gboolean
journal_invalid (GError **error)
{
  g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                       _("The notes kept beside a partly received file are damaged."));
  return FALSE;
}

static gboolean
read_fields (GoferPartJournal  *journal,
             GKeyFile          *keys,
             GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  journal->name = g_key_file_get_string (keys, GROUP, "Name", &local_error);
  if (journal->name == NULL)
    return journal_invalid (error);
  journal->size = g_key_file_get_uint64 (keys, GROUP, "Size", &local_error);
  if (local_error == NULL)
    journal->verified = g_key_file_get_uint64 (keys, GROUP, "Verified", &local_error);
  if (local_error != NULL)
    return journal_invalid (error);
  journal->sha256 = g_key_file_get_string (keys, GROUP, "SHA256", NULL);
  journal->file_id = g_key_file_get_string (keys, GROUP, "FileId", NULL);
  /* A journal without a file id (a standard sender, a conversation) has no
   * hash either, and is never resumed. */
  if (journal->verified > journal->size
      || (journal->sha256 != NULL && !gofer_part_journal_is_sha256 (journal->sha256))
      || (journal->file_id != NULL && !gofer_part_journal_is_sha256 (journal->file_id))
      || (journal->file_id != NULL && journal->sha256 == NULL))
    return journal_invalid (error);
  return TRUE;
}

GoferPartJournal *
gofer_part_journal_load (GFile   *part,
                         GError **error)
{
  g_autoptr(GFile) file = gofer_part_journal_file_for (part);
  g_autoptr(GoferPartJournal) journal = g_new0 (GoferPartJournal, 1);
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *data = NULL;
  gsize len;

  if (file == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("This partly received file has no notes to go on from."));
      return NULL;
    }
  /* Only a regular file of ours, never through a link, and never a large one. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR
      || g_file_info_get_size (info) > GOFER_PART_JOURNAL_MAX_BYTES)
    {
      journal_invalid (error);
      return NULL;
    }
  if (!g_file_load_contents (file, NULL, &data, &len, NULL, error))
    return NULL;
  if (len > GOFER_PART_JOURNAL_MAX_BYTES
      || !g_key_file_load_from_data (keys, data, len, G_KEY_FILE_NONE, NULL)
      || !read_fields (journal, keys, error))
    {
      if (error != NULL && *error == NULL)
        journal_invalid (error);
      return NULL;
    }
  return g_steal_pointer (&journal);
}

void
gofer_part_journal_remove (GFile *part)
{
  g_autoptr(GFile) file = gofer_part_journal_file_for (part);
  g_autoptr(GError) error = NULL;

  if (file != NULL && !g_file_delete (file, NULL, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_debug ("part-journal: could not remove %s: %s", g_file_peek_path (file), error->message);
}
