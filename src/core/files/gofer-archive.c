/* gofer-archive.c: building the zip of a folder or of several files
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "gofer-archive.h"
#include "gofer-archive-private.h"
#include "gofer-error.h"
#include "gofer-safe-path.h"

#define FILE_ATTRIBUTES G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE "," \
                        G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_TIME_MODIFIED "," \
                        G_FILE_ATTRIBUTE_UNIX_MODE

void
_gofer_locale_guard_enter (GoferLocaleGuard *guard)
{
#ifdef G_OS_UNIX
  locale_t base;

  guard->utf8 = (locale_t)0;
  if (g_get_charset (NULL) || !(base = duplocale (LC_GLOBAL_LOCALE)))
    return;
  if (!(guard->utf8 = newlocale (LC_CTYPE_MASK, "C.UTF-8", base)))
    {
      freelocale (base);
      return;
    }
  guard->previous = uselocale (guard->utf8);
#endif
}

void
_gofer_locale_guard_leave (GoferLocaleGuard *guard)
{
#ifdef G_OS_UNIX
  if (guard->utf8 == (locale_t)0)
    return;
  uselocale (guard->previous);
  freelocale (guard->utf8);
  guard->utf8 = (locale_t)0;
#endif
}

void
gofer_archive_free (GoferArchive *archive)
{
  if (archive == NULL)
    return;

  if (archive->file != NULL)
    g_file_delete (archive->file, NULL, NULL);
  g_clear_object (&archive->file);
  g_free (archive);
}

/* Building: collecting the files */

typedef struct
{
  GFile   *file;      /* NULL for an empty folder */
  char    *name;      /* UTF-8, '/'-separated */
  guint64  size;
  guint64  mtime;
  guint32  mode;
} Entry;

static void
entry_free (Entry *entry)
{
  g_clear_object (&entry->file);
  g_free (entry->name);
  g_free (entry);
}

static char *
name_to_utf8 (const char *name)
{
  char *utf8 = g_filename_to_utf8 (name, -1, NULL, NULL, NULL);

  return utf8 != NULL ? utf8 : g_utf8_make_valid (name, -1);
}

/* Only regular files, following a link only when it leads to one: links to
 * folders could loop, and special files have no content to send. */
static GFileInfo *
query_regular (GFile        *file,
               GFileInfo    *info,
               GCancellable *cancellable)
{
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
    return g_object_ref (info);
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_SYMBOLIC_LINK)
    return NULL;

  info = g_file_query_info (file, FILE_ATTRIBUTES, G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
    return info;
  g_clear_object (&info);
  return NULL;
}

static void
add_entry (GPtrArray *entries,
           GFile     *file,
           GFileInfo *info,
           char      *name)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->file = g_object_ref (file);
  entry->name = name;
  entry->size = g_file_info_get_size (info);
  entry->mtime = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);
  entry->mode = g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_UNIX_MODE)
                ? g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_MODE) & 0777
                : 0644;
  g_ptr_array_add (entries, entry);
}

/* An empty folder travels as an entry of its own (its name and a '/', as
 * Python does since 0.14): nothing else in the zip would say it exists. */
static void
add_empty_folder (GPtrArray  *entries,
                  const char *prefix)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->name = g_strdup (prefix);
  entry->mode = 0755;
  g_ptr_array_add (entries, entry);
}

static gboolean collect (GPtrArray     *entries,
                         GFile         *file,
                         GFileInfo     *info,
                         const char    *name,
                         GCancellable  *cancellable,
                         GError       **error);

static int
compare_infos (gconstpointer a,
               gconstpointer b)
{
  return strcmp (g_file_info_get_name (*(GFileInfo **)a), g_file_info_get_name (*(GFileInfo **)b));
}

static gboolean
collect_children (GPtrArray     *entries,
                  GFile         *dir,
                  const char    *prefix,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func (g_object_unref);

  children = g_file_enumerate_children (dir, FILE_ATTRIBUTES, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                        cancellable, error);
  if (children == NULL)
    return FALSE;

  for (;;)
    {
      GFileInfo *info = NULL;

      if (!g_file_enumerator_iterate (children, &info, NULL, cancellable, error))
        return FALSE;
      if (info == NULL)
        break;
      g_ptr_array_add (infos, g_object_ref (info));
    }

  if (infos->len == 0 && prefix[0] != '\0')
    add_empty_folder (entries, prefix);

  /* Sorted, so the same folder always gives the same zip. */
  g_ptr_array_sort (infos, compare_infos);
  for (guint i = 0; i < infos->len; i++)
    {
      GFileInfo *info = g_ptr_array_index (infos, i);
      g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));
      g_autofree char *utf8 = name_to_utf8 (g_file_info_get_name (info));
      g_autofree char *name = g_strconcat (prefix, utf8, NULL);

      if (!collect (entries, child, info, name, cancellable, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
collect (GPtrArray     *entries,
         GFile         *file,
         GFileInfo     *info,
         const char    *name,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(GFileInfo) regular = NULL;

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_autofree char *prefix = g_strconcat (name, "/", NULL);

      return collect_children (entries, file, prefix, cancellable, error);
    }

  if ((regular = query_regular (file, info, cancellable)))
    add_entry (entries, file, regular, g_strdup (name));
  else
    g_debug ("archive: skipping %s, not a regular file", g_file_peek_path (file));

  return TRUE;
}

/* A top-level name not used yet, so two "notes.txt" from different folders
 * both arrive. */
static char *
unique_top_name (GHashTable *taken,
                 const char *name)
{
  for (guint n = 0; ; n++)
    {
      char *candidate = gofer_safe_name_numbered (name, n, GOFER_SAFE_NAME_MAX);

      if (!g_hash_table_contains (taken, candidate))
        {
          g_hash_table_add (taken, g_strdup (candidate));
          return candidate;
        }
      g_free (candidate);
    }
}

static GPtrArray *
collect_paths (GFile * const  *paths,
               guint           n_paths,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify)entry_free);
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < n_paths; i++)
    {
      g_autoptr(GFileInfo) info = NULL;
      g_autofree char *base = NULL;
      g_autofree char *utf8 = NULL;
      g_autofree char *name = NULL;

      info = g_file_query_info (paths[i], FILE_ATTRIBUTES, G_FILE_QUERY_INFO_NONE, cancellable, error);
      if (info == NULL)
        return NULL;

      /* A single folder is sent as its contents, as Python and Go do. */
      if (n_paths == 1 && g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          if (!collect_children (entries, paths[i], "", cancellable, error))
            return NULL;
          continue;
        }

      base = g_file_get_basename (paths[i]);
      utf8 = name_to_utf8 (base);
      name = unique_top_name (taken, utf8);
      if (!collect (entries, paths[i], info, name, cancellable, error))
        return NULL;
    }

  return g_steal_pointer (&entries);
}

/* Building: writing the zip */

typedef struct
{
  GOutputStream *output;
  GCancellable  *cancellable;
  guint64        written;
  GError        *error;
} Writer;

static la_ssize_t
write_cb (struct archive *a,
          void           *data,
          const void     *buffer,
          size_t          length)
{
  Writer *writer = data;

  if (!g_output_stream_write_all (writer->output, buffer, length, NULL,
                                  writer->cancellable, &writer->error))
    {
      archive_set_error (a, EIO, "%s", writer->error->message);
      return -1;
    }

  writer->written += length;
  return (la_ssize_t)length;
}

static gboolean
archive_failed (struct archive  *a,
                Writer          *writer,
                GError         **error)
{
  if (writer != NULL && writer->error != NULL)
    g_propagate_error (error, g_steal_pointer (&writer->error));
  else
    g_set_error (error, GOFER_ERROR, GOFER_ERROR_FAILED,
                 /* Translators: %s is an error message from libarchive */
                 _("The folder could not be packed for sending: %s"),
                 archive_error_string (a) ? archive_error_string (a) : "?");
  return FALSE;
}

static gboolean
write_entry_data (struct archive  *a,
                  Writer          *writer,
                  Entry           *entry,
                  guint8          *buf,
                  guint64         *done,
                  GoferProgress   *progress,
                  GCancellable    *cancellable,
                  GError         **error)
{
  g_autoptr(GInputStream) input = NULL;
  guint64 left = entry->size;

  if (!(input = G_INPUT_STREAM (g_file_read (entry->file, cancellable, error))))
    return FALSE;

  while (left > 0)
    {
      gsize want = (gsize)MIN ((guint64)GOFER_ARCHIVE_CHUNK, left);
      gsize got = 0;

      if (!g_input_stream_read_all (input, buf, want, &got, cancellable, error))
        return FALSE;
      if (got < want)
        {
          g_set_error (error, GOFER_ERROR, GOFER_ERROR_FAILED,
                       /* Translators: %s is a file name */
                       _("“%s” became shorter while it was being packed. Send the folder again once nothing is changing it."),
                       entry->name);
          return FALSE;
        }
      if (archive_write_data (a, buf, got) != (la_ssize_t)got)
        return archive_failed (a, writer, error);
      left -= got;
      *done += got;
      gofer_progress_update (progress, *done);
    }

  return TRUE;
}

static gboolean
write_entry (struct archive  *a,
             Writer          *writer,
             Entry           *entry,
             guint8          *buf,
             guint64         *done,
             GoferProgress   *progress,
             GCancellable    *cancellable,
             GError         **error)
{
  struct archive_entry *header = archive_entry_new ();
  int status;

  archive_entry_set_pathname_utf8 (header, entry->name);
  archive_entry_set_filetype (header, entry->file != NULL ? AE_IFREG : AE_IFDIR);
  archive_entry_set_perm (header, entry->mode);
  archive_entry_set_size (header, (la_int64_t)entry->size);
  archive_entry_set_mtime (header, (time_t)entry->mtime, 0);
  status = archive_write_header (a, header);
  archive_entry_free (header);

  if (status != ARCHIVE_OK)
    return archive_failed (a, writer, error);
  if (entry->file == NULL)
    return TRUE;

  return write_entry_data (a, writer, entry, buf, done, progress, cancellable, error);
}

static struct archive *
new_zip_writer (Writer *writer)
{
  struct archive *a = archive_write_new ();

  archive_write_set_format_zip (a);
  archive_write_zip_set_compression_deflate (a);
  archive_write_set_option (a, "zip", "hdrcharset", "UTF-8");
  /* No padding after the central directory. */
  archive_write_set_bytes_in_last_block (a, 1);
  archive_write_open (a, writer, NULL, write_cb, NULL);
  return a;
}

static gboolean
write_zip (GPtrArray      *entries,
           GOutputStream  *output,
           GoferProgress  *progress,
           guint64        *zipsize,
           GCancellable   *cancellable,
           GError        **error)
{
  Writer writer = { output, cancellable, 0, NULL };
  g_autofree guint8 *buf = g_malloc (GOFER_ARCHIVE_CHUNK);
  struct archive *a = new_zip_writer (&writer);
  gboolean ok = TRUE;
  guint64 done = 0;

  for (guint i = 0; ok && i < entries->len; i++)
    ok = write_entry (a, &writer, g_ptr_array_index (entries, i), buf, &done, progress, cancellable, error);

  if (ok && archive_write_close (a) != ARCHIVE_OK)
    ok = archive_failed (a, &writer, error);
  archive_write_free (a);
  g_clear_error (&writer.error);

  *zipsize = writer.written;
  return ok && g_output_stream_close (output, cancellable, error);
}

static GFileOutputStream *
create_temp_zip (GFile         *tmp_dir,
                 GFile        **file,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GError) local_error = NULL;

  dir = tmp_dir ? g_object_ref (tmp_dir)
                : g_file_new_build_filename (g_get_user_cache_dir (), "gofer", NULL);
  if (!g_file_make_directory_with_parents (dir, cancellable, &local_error)
      && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  for (int tries = 0; tries < 100; tries++)
    {
      g_autofree char *name = g_strdup_printf ("gofer-%08x%08x.zip", g_random_int (), g_random_int ());
      g_autoptr(GFile) candidate = g_file_get_child (dir, name);
      GFileOutputStream *output;

      g_clear_error (&local_error);
      output = g_file_create (candidate, G_FILE_CREATE_PRIVATE, cancellable, &local_error);
      if (output != NULL)
        {
          *file = g_steal_pointer (&candidate);
          return output;
        }
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        break;
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

GoferArchive *
gofer_archive_build (GFile * const  *paths,
                     guint           n_paths,
                     GFile          *tmp_dir,
                     GoferProgress  *progress,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(GoferArchive) archive = g_new0 (GoferArchive, 1);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GFileOutputStream) output = NULL;
  GoferLocaleGuard guard;
  gboolean ok;

  g_return_val_if_fail (paths != NULL && n_paths > 0, NULL);

  if (!(entries = collect_paths (paths, n_paths, cancellable, error)))
    return NULL;

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);

      archive->numbytes += entry->size;
      archive->numfiles += entry->file != NULL;
    }
  gofer_progress_set_total (progress, archive->numbytes);

  if (!(output = create_temp_zip (tmp_dir, &archive->file, cancellable, error)))
    return NULL;

  _gofer_locale_guard_enter (&guard);
  ok = write_zip (entries, G_OUTPUT_STREAM (output), progress, &archive->zipsize, cancellable, error);
  _gofer_locale_guard_leave (&guard);
  if (!ok)
    return NULL;

  gofer_progress_update (progress, archive->numbytes);
  return g_steal_pointer (&archive);
}

typedef struct
{
  GPtrArray     *paths;
  GFile         *tmp_dir;
  GoferProgress *progress;
} BuildData;

static void
build_data_free (BuildData *data)
{
  g_clear_pointer (&data->paths, g_ptr_array_unref);
  g_clear_object (&data->tmp_dir);
  g_clear_pointer (&data->progress, gofer_progress_unref);
  g_free (data);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildData *data = task_data;
  GoferArchive *archive;
  GError *error = NULL;

  archive = gofer_archive_build ((GFile * const *)data->paths->pdata, data->paths->len,
                                 data->tmp_dir, data->progress, cancellable, &error);
  if (archive != NULL)
    g_task_return_pointer (task, archive, (GDestroyNotify)gofer_archive_free);
  else
    g_task_return_error (task, error);
}

void
gofer_archive_build_async (GFile * const       *paths,
                           guint                n_paths,
                           GFile               *tmp_dir,
                           GoferProgressFunc    progress,
                           gpointer             progress_data,
                           GDestroyNotify       progress_destroy,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BuildData *data;

  g_return_if_fail (paths != NULL && n_paths > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (BuildData, 1);
  data->paths = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_paths; i++)
    g_ptr_array_add (data->paths, g_object_ref (paths[i]));
  data->tmp_dir = tmp_dir ? g_object_ref (tmp_dir) : NULL;
  data->progress = gofer_progress_new (progress, progress_data, progress_destroy, 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_archive_build_async);
  g_task_set_task_data (task, data, (GDestroyNotify)build_data_free);
  g_task_run_in_thread (task, build_thread);
}

GoferArchive *
gofer_archive_build_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
