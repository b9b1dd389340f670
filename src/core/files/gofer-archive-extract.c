/* gofer-archive-extract.c: checking and unpacking a received folder zip
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same checks also unpack a NAME.zip or NAME.tar that arrived as a file
 * (Warp and wormhole-rs pack folders themselves): gofer_archive_unpack().
 */

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "gofer-archive.h"
#include "gofer-archive-private.h"
#include "gofer-error.h"
#include "gofer-part-file.h"
#include "gofer-safe-path.h"

#define DEFAULT_MAX_ENTRIES 1000000
#define DEFAULT_MAX_RATIO 500
/* Below this, a high ratio (a folder of empty or repetitive files) is harmless. */
#define RATIO_MIN_BYTES (128 * 1024 * 1024)

/* Extraction: reading the zip */

typedef struct
{
  struct archive     *a;
  GFileInputStream   *input;
  GCancellable       *cancellable;
  guint8             *buf;
} Unzip;

static la_ssize_t
read_cb (struct archive  *a,
         void            *data,
         const void     **buffer)
{
  Unzip *unzip = data;
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read (G_INPUT_STREAM (unzip->input), unzip->buf, GOFER_ARCHIVE_CHUNK,
                           unzip->cancellable, &error);
  if (n < 0)
    {
      archive_set_error (a, EIO, "%s", error->message);
      return -1;
    }

  *buffer = unzip->buf;
  return n;
}

static la_int64_t
seek_cb (struct archive *a,
         void           *data,
         la_int64_t      offset,
         int             whence)
{
  Unzip *unzip = data;
  GSeekType type = whence == SEEK_END ? G_SEEK_END : whence == SEEK_CUR ? G_SEEK_CUR : G_SEEK_SET;

  if (!g_seekable_seek (G_SEEKABLE (unzip->input), offset, type, unzip->cancellable, NULL))
    return ARCHIVE_FATAL;

  return g_seekable_tell (G_SEEKABLE (unzip->input));
}

static la_int64_t
skip_cb (struct archive *a,
         void           *data,
         la_int64_t      request)
{
  return seek_cb (a, data, request, SEEK_CUR) < 0 ? 0 : request;
}

static void
set_corrupt (struct archive  *a,
             GError         **error)
{
  g_set_error (error, GOFER_ERROR, GOFER_ERROR_CORRUPT,
               /* Translators: %s is an error message from libarchive */
               _("The received folder is damaged and could not be unpacked (%s). Ask the sender to try again."),
               archive_error_string (a) ? archive_error_string (a) : "?");
}

static void
unzip_close (Unzip *unzip)
{
  if (unzip->a != NULL)
    archive_read_free (unzip->a);
  g_clear_object (&unzip->input);
  g_free (unzip->buf);
  g_free (unzip);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Unzip, unzip_close)

/* A zip is read through its central directory, which is what other unzip
 * tools trust too; a tar (plain: no compression filter) from its start.
 * libarchive reads no other format. */
static Unzip *
unzip_open (GFile               *zip,
            GoferArchiveFormat   format,
            GCancellable        *cancellable,
            GError             **error)
{
  g_autoptr(Unzip) unzip = g_new0 (Unzip, 1);

  if (!(unzip->input = g_file_read (zip, cancellable, error)))
    return NULL;
  unzip->cancellable = cancellable;
  unzip->buf = g_malloc (GOFER_ARCHIVE_CHUNK);

  unzip->a = archive_read_new ();
  if (format == GOFER_ARCHIVE_FORMAT_TAR)
    {
      archive_read_support_format_tar (unzip->a);
      archive_read_set_option (unzip->a, "tar", "hdrcharset", "UTF-8");
    }
  else
    {
      archive_read_support_format_zip_seekable (unzip->a);
      /* Names without the UTF-8 flag are read as UTF-8 too, whatever the locale. */
      archive_read_set_option (unzip->a, "zip", "hdrcharset", "UTF-8");
    }
  archive_read_set_callback_data (unzip->a, unzip);
  archive_read_set_read_callback (unzip->a, read_cb);
  archive_read_set_seek_callback (unzip->a, seek_cb);
  archive_read_set_skip_callback (unzip->a, skip_cb);

  if (archive_read_open1 (unzip->a) != ARCHIVE_OK)
    {
      set_corrupt (unzip->a, error);
      return NULL;
    }

  return g_steal_pointer (&unzip);
}

/* Extraction: checking every entry before anything is written */

typedef struct
{
  char     *path;     /* relative, sanitised components joined by '/'; NULL: skip */
  gboolean  is_dir;
  gboolean  size_known;
  guint64   size;
  guint64   mtime;
  guint32   perm;
} Plan;

static void
plan_free (Plan *plan)
{
  g_free (plan->path);
  g_free (plan);
}

static char *
entry_display_name (const char *raw)
{
  g_autofree char *valid = g_utf8_make_valid (raw ? raw : "", -1);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, '?');
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
set_unsafe_entry (GError     **error,
                  const char  *message,
                  const char  *raw)
{
  g_autofree char *name = entry_display_name (raw);

  g_set_error (error, GOFER_ERROR, GOFER_ERROR_UNSAFE, message, name);
  return FALSE;
}

static gboolean
set_bomb (GError **error)
{
  g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_UNSAFE,
                       _("The received folder would unpack to far more data than was announced, as a “zip bomb” does. Nothing was saved."));
  return FALSE;
}

/* "C:\x" or "C:/x" is absolute on Windows; "C:x" only gets its ':' replaced. */
static gboolean
is_drive_prefix (const char *raw)
{
  return g_ascii_isalpha (raw[0]) && raw[1] == ':'
         && (raw[2] == '\0' || raw[2] == '/' || raw[2] == '\\');
}

/* Splits on either separator, drops "" and "." components, refuses absolute
 * names and "..", and makes each component a safe file name. */
static char *
normalise_entry_path (const char  *raw,
                      GError     **error)
{
  g_auto(GStrv) parts = NULL;
  GString *path = g_string_new (NULL);

  if (raw[0] == '/' || raw[0] == '\\' || is_drive_prefix (raw))
    {
      g_string_free (path, TRUE);
      set_unsafe_entry (error, _("The received folder contains an entry with an absolute path (“%s”). It was refused and nothing was saved."), raw);
      return NULL;
    }

  parts = g_regex_split_simple ("[/\\\\]", raw, 0, 0);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *safe = NULL;

      if (parts[i][0] == '\0' || g_str_equal (parts[i], "."))
        continue;
      if (g_str_equal (parts[i], ".."))
        {
          g_string_free (path, TRUE);
          set_unsafe_entry (error, _("The received folder contains an entry that points outside it (“%s”). It was refused and nothing was saved."), raw);
          return NULL;
        }
      safe = gofer_safe_name (parts[i], "_");
      if (path->len > 0)
        g_string_append_c (path, '/');
      g_string_append (path, safe);
    }

  return g_string_free (path, FALSE);
}

static gboolean
check_entry_type (struct archive_entry  *entry,
                  const char            *raw,
                  GError               **error)
{
  unsigned int type = archive_entry_filetype (entry);

  if (archive_entry_hardlink (entry) != NULL || archive_entry_symlink (entry) != NULL
      || (type != AE_IFREG && type != AE_IFDIR))
    return set_unsafe_entry (error, _("The received folder contains a link or special file (“%s”), which is not accepted. Nothing was saved."), raw);

  if (archive_entry_is_encrypted (entry))
    return set_unsafe_entry (error, _("The received folder contains an encrypted entry (“%s”) that cannot be unpacked. Nothing was saved."), raw);

  return TRUE;
}

typedef struct
{
  GHashTable *files;
  GHashTable *dirs;
} Names;

/* A path used twice, or both as a file and as a folder, is refused. */
static gboolean
claim_path (Names       *names,
            const char  *path,
            gboolean     is_dir,
            const char  *raw,
            GError     **error)
{
  g_autofree char *parent = g_strdup (path);
  char *slash;

  if (g_hash_table_contains (names->files, path) || (!is_dir && g_hash_table_contains (names->dirs, path)))
    return set_unsafe_entry (error, _("The received folder contains “%s” more than once. It was refused and nothing was saved."), raw);

  while ((slash = strrchr (parent, '/')) != NULL)
    {
      *slash = '\0';
      if (g_hash_table_contains (names->files, parent))
        return set_unsafe_entry (error, _("The received folder uses a file as a folder (“%s”). It was refused and nothing was saved."), raw);
      g_hash_table_add (names->dirs, g_strdup (parent));
    }

  g_hash_table_add (is_dir ? names->dirs : names->files, g_strdup (path));
  return TRUE;
}

static Plan *
plan_entry (struct archive_entry  *entry,
            Names                 *names,
            GError               **error)
{
  const char *raw = archive_entry_pathname_utf8 (entry);
  g_autofree char *path = NULL;
  Plan *plan;

  if (raw == NULL)
    raw = archive_entry_pathname (entry);
  if (raw == NULL)
    raw = "";

  if (!check_entry_type (entry, raw, error) || !(path = normalise_entry_path (raw, error)))
    return NULL;

  plan = g_new0 (Plan, 1);
  plan->is_dir = archive_entry_filetype (entry) == AE_IFDIR;
  plan->size_known = archive_entry_size_is_set (entry);
  plan->size = plan->size_known ? (guint64)MAX (archive_entry_size (entry), 0) : 0;
  plan->mtime = archive_entry_mtime_is_set (entry) ? (guint64)MAX (archive_entry_mtime (entry), 0) : 0;
  plan->perm = archive_entry_perm (entry);

  /* "./" and the like name the folder itself. */
  if (path[0] == '\0' && plan->is_dir)
    return plan;
  if (path[0] == '\0' || !claim_path (names, path, plan->is_dir, raw, error))
    {
      if (path[0] == '\0')
        set_unsafe_entry (error, _("The received folder contains an entry without a name (“%s”). It was refused and nothing was saved."), raw);
      plan_free (plan);
      return NULL;
    }

  plan->path = g_steal_pointer (&path);
  return plan;
}

typedef struct
{
  guint64  zip_size;
  guint64  allowed_total;
  guint64  max_entries;
  guint64  max_ratio;
  gboolean offered;            /* the totals below must match the archive */
  guint64  offered_numbytes;
  guint64  offered_numfiles;
  GoferArchiveFormat format;
  const char *strip;           /* a lone top-level folder of this name is the folder itself */
} Budget;

static gboolean
over_ratio (const Budget *budget,
            guint64       total)
{
  return total > RATIO_MIN_BYTES && total / MAX (budget->zip_size, 1) > budget->max_ratio;
}

/* The offer's numbytes and numfiles are what the receiver accepted and
 * checked the free space against: the zip's central directory must say the
 * same, to the byte and to the file. */
static gboolean
matches_offer (const Budget  *budget,
               GPtrArray     *plans,
               guint64        total,
               GError       **error)
{
  guint64 numfiles = 0;

  if (!budget->offered)
    return TRUE;

  for (guint i = 0; i < plans->len; i++)
    {
      const Plan *plan = g_ptr_array_index (plans, i);

      if (!plan->is_dir)
        numfiles++;
    }
  if (total == budget->offered_numbytes && numfiles == budget->offered_numfiles)
    return TRUE;

  /* Numbers as text: xgettext cannot see past a G_GUINT64_FORMAT. */
  {
    g_autofree char *got_files = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) numfiles);
    g_autofree char *got_bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) total);
    g_autofree char *said_files = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) budget->offered_numfiles);
    g_autofree char *said_bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) budget->offered_numbytes);

    g_set_error (error, GOFER_ERROR, GOFER_ERROR_UNSAFE,
                 _("The received folder does not match what the sender offered: it holds %s files "
                   "and %s bytes, the offer said %s files and %s bytes. Nothing was saved; "
                   "ask the sender to try again."),
                 got_files, got_bytes, said_files, said_bytes);
  }
  return FALSE;
}

/* wormhole-rs packs folder NAME as NAME.tar whose entries are NAME/ and
 * NAME/...: unpacked into NAME, that would make NAME/NAME. When every
 * entry lies in one top-level folder called @name (sanitised as entries
 * are), its contents become the folder's. Names stay unique: all lose the
 * same prefix. */
static void
strip_top_folder (GPtrArray  *plans,
                  const char *name)
{
  g_autofree char *top = name ? gofer_safe_name (name, "_") : NULL;
  gsize len = top ? strlen (top) : 0;
  gboolean any = FALSE;

  if (top == NULL || len == 0)
    return;
  for (guint i = 0; i < plans->len; i++)
    {
      const Plan *plan = g_ptr_array_index (plans, i);

      if (plan->path == NULL)
        continue;
      if (strncmp (plan->path, top, len) != 0 || (plan->path[len] != '\0' && plan->path[len] != '/') ||
          (plan->path[len] == '\0' && !plan->is_dir))
        return;
      any = TRUE;
    }
  if (!any)
    return;

  for (guint i = 0; i < plans->len; i++)
    {
      Plan *plan = g_ptr_array_index (plans, i);
      char *rest;

      if (plan->path == NULL)
        continue;
      /* The top folder itself: the folder being made. */
      rest = plan->path[len] == '\0' ? NULL : g_strdup (plan->path + len + 1);
      g_free (plan->path);
      plan->path = rest;
    }
}

static GPtrArray *
plan_all (Unzip         *unzip,
          const Budget  *budget,
          guint64       *total,
          GError       **error)
{
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify)plan_free);
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Names names = { files, dirs };
  struct archive_entry *entry;
  int status;

  *total = 0;
  while ((status = archive_read_next_header (unzip->a, &entry)) == ARCHIVE_OK || status == ARCHIVE_WARN)
    {
      Plan *plan;

      if (plans->len >= budget->max_entries)
        {
          g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_UNSAFE,
                               _("The received folder contains too many entries to unpack safely. Nothing was saved."));
          return NULL;
        }
      if (!(plan = plan_entry (entry, &names, error)))
        return NULL;
      g_ptr_array_add (plans, plan);

      *total += plan->size;
      if (*total > budget->allowed_total || over_ratio (budget, *total))
        {
          set_bomb (error);
          return NULL;
        }
    }

  if (status != ARCHIVE_EOF)
    {
      set_corrupt (unzip->a, error);
      return NULL;
    }
  if (!matches_offer (budget, plans, *total, error))
    return NULL;
  strip_top_folder (plans, budget->strip);

  return g_steal_pointer (&plans);
}

/* Extraction: writing */

typedef struct
{
  Unzip         *unzip;
  GFile         *root;
  const Budget  *budget;
  GoferProgress *progress;
  GCancellable  *cancellable;
  guint8        *buf;     /* not unzip->buf: libarchive still reads from that */
  guint64        written;
} Extract;

static gboolean
ensure_directory (GFile   *dir,
                  GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_file_make_directory_with_parents (dir, NULL, &local_error)
      || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
apply_metadata (GFile      *file,
                const Plan *plan)
{
  if (plan->mtime > 0)
    g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, plan->mtime,
                                 G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
#ifdef G_OS_UNIX
  /* Keep scripts runnable: add x where r is, never setuid or more. */
  if (!plan->is_dir && (plan->perm & 0111) != 0)
    {
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_UNIX_MODE,
                                                     G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
      guint32 mode;

      if (info == NULL)
        return;
      mode = g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_MODE) & 0777;
      g_file_set_attribute_uint32 (file, G_FILE_ATTRIBUTE_UNIX_MODE, mode | ((mode & 0444) >> 2),
                                   G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
    }
#endif
}

static gboolean
copy_data (Extract        *ex,
           const Plan     *plan,
           GOutputStream  *output,
           GError        **error)
{
  guint64 size = 0;

  for (;;)
    {
      la_ssize_t n = archive_read_data (ex->unzip->a, ex->buf, GOFER_ARCHIVE_CHUNK);

      if (n == 0)
        return TRUE;
      if (n < 0)
        {
          if (!g_cancellable_set_error_if_cancelled (ex->cancellable, error))
            set_corrupt (ex->unzip->a, error);
          return FALSE;
        }

      /* The headers were checked; the data must not say otherwise. */
      size += n;
      ex->written += n;
      if ((plan->size_known && size > plan->size) || ex->written > ex->budget->allowed_total
          || over_ratio (ex->budget, ex->written))
        return set_bomb (error);

      if (!g_output_stream_write_all (output, ex->buf, n, NULL, ex->cancellable, error))
        return FALSE;
      gofer_progress_update (ex->progress, ex->written);
    }
}

static gboolean
extract_file (Extract     *ex,
              const Plan  *plan,
              GError     **error)
{
  g_autoptr(GFile) file = g_file_resolve_relative_path (ex->root, plan->path);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autoptr(GFileOutputStream) output = NULL;

  if (!ensure_directory (parent, error))
    return FALSE;
  /* Exclusive: the checks above make a clash impossible, and if one happens
   * anyway nothing is overwritten. */
  if (!(output = g_file_create (file, G_FILE_CREATE_NONE, ex->cancellable, error)))
    return FALSE;
  if (!copy_data (ex, plan, G_OUTPUT_STREAM (output), error)
      || !g_output_stream_close (G_OUTPUT_STREAM (output), ex->cancellable, error))
    return FALSE;

  apply_metadata (file, plan);
  return TRUE;
}

static gboolean
extract_all (Extract    *ex,
             GPtrArray  *plans,
             GError    **error)
{
  struct archive_entry *entry;
  guint i = 0;
  int status;

  while ((status = archive_read_next_header (ex->unzip->a, &entry)) == ARCHIVE_OK || status == ARCHIVE_WARN)
    {
      Plan *plan;

      if (g_cancellable_set_error_if_cancelled (ex->cancellable, error))
        return FALSE;
      if (i >= plans->len)
        break;

      plan = g_ptr_array_index (plans, i++);
      if (plan->path == NULL)
        continue;
      if (plan->is_dir)
        {
          g_autoptr(GFile) dir = g_file_resolve_relative_path (ex->root, plan->path);

          if (!ensure_directory (dir, error))
            return FALSE;
        }
      else if (!extract_file (ex, plan, error))
        return FALSE;
    }

  if (status != ARCHIVE_EOF || i != plans->len)
    {
      set_corrupt (ex->unzip->a, error);
      return FALSE;
    }

  return TRUE;
}

/* With an offer (@limits not NULL), what it announced is the cap, whatever
 * it says: numbytes 0 allows no data at all. Without one (a local zip),
 * only the ratio and the entry count apply. */
static void
init_budget (Budget                   *budget,
             guint64                   zip_size,
             const GoferArchiveLimits *limits)
{
  budget->zip_size = zip_size;
  budget->max_entries = limits && limits->max_entries ? limits->max_entries : DEFAULT_MAX_ENTRIES;
  budget->max_ratio = limits && limits->max_ratio ? limits->max_ratio : DEFAULT_MAX_RATIO;
  budget->offered = limits != NULL;
  budget->offered_numbytes = limits ? limits->expected_numbytes : 0;
  budget->offered_numfiles = limits ? limits->expected_numfiles : 0;
  budget->allowed_total = limits ? limits->expected_numbytes : G_MAXUINT64;
}

/* A local archive (not from an offer, whose size was checked before it
 * came) must fit in the free space. */
static gboolean
check_free_space (GFile         *dest_dir,
                  guint64        total,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GFileInfo) info = g_file_query_filesystem_info (dest_dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE,
                                                            cancellable, NULL);
  guint64 free_bytes;
  g_autofree char *need = NULL;
  g_autofree char *have = NULL;

  if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE))
    return TRUE;
  free_bytes = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
  if (total <= free_bytes)
    return TRUE;

  need = g_format_size (total);
  have = g_format_size (free_bytes);
  g_set_error (error, GOFER_ERROR, GOFER_ERROR_NO_SPACE,
               /* Translators: both %s are sizes such as "3.2 GB" */
               _("Unpacking needs %s, but only %s are free. Nothing was unpacked."), need, have);
  return FALSE;
}

static GPtrArray *
check_zip (GFile                     *zip,
           const GoferArchiveLimits  *limits,
           Budget                    *budget,   /* format and strip set */
           guint64                   *total,
           GCancellable              *cancellable,
           GError                   **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(Unzip) unzip = NULL;

  info = g_file_query_info (zip, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;
  init_budget (budget, g_file_info_get_size (info), limits);

  if (!(unzip = unzip_open (zip, budget->format, cancellable, error)))
    return NULL;
  return plan_all (unzip, budget, total, error);
}

static GFile *
extract_guarded (GFile                     *zip,
                 GoferArchiveFormat         format,
                 GFile                     *dest_dir,
                 const char                *dirname,
                 const GoferArchiveLimits  *limits,
                 gboolean                   local,
                 GoferProgress             *progress,
                 GCancellable              *cancellable,
                 GError                   **error)
{
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GoferPartFile) part = NULL;
  g_autoptr(Unzip) unzip = NULL;
  g_autofree guint8 *buf = g_malloc (GOFER_ARCHIVE_CHUNK);
  Budget budget = { .format = format, .strip = local ? dirname : NULL };
  Extract ex = { NULL };
  guint64 total = 0;

  if (!(plans = check_zip (zip, limits, &budget, &total, cancellable, error)))
    return NULL;
  if (local && !check_free_space (dest_dir, total, cancellable, error))
    return NULL;
  gofer_progress_set_total (progress, total);

  if (!(part = gofer_part_file_new (dest_dir, dirname, TRUE, cancellable, error))
      || !(unzip = unzip_open (zip, format, cancellable, error)))
    return NULL;

  ex.unzip = unzip;
  ex.root = gofer_part_file_get_part (part);
  ex.budget = &budget;
  ex.progress = progress;
  ex.cancellable = cancellable;
  ex.buf = buf;
  if (!extract_all (&ex, plans, error) || !gofer_part_file_commit (part, cancellable, error))
    {
      gofer_part_file_discard (part);
      return NULL;
    }

  gofer_progress_update (progress, total);
  return g_object_ref (gofer_part_file_get_target (part));
}

GFile *
gofer_archive_extract (GFile                     *zip,
                       GFile                     *dest_dir,
                       const char                *dirname,
                       const GoferArchiveLimits  *limits,
                       GoferProgress             *progress,
                       GCancellable              *cancellable,
                       GError                   **error)
{
  GoferLocaleGuard guard;
  GFile *dir;

  g_return_val_if_fail (G_IS_FILE (zip), NULL);
  g_return_val_if_fail (G_IS_FILE (dest_dir), NULL);

  _gofer_locale_guard_enter (&guard);
  dir = extract_guarded (zip, GOFER_ARCHIVE_FORMAT_ZIP, dest_dir, dirname, limits, FALSE,
                         progress, cancellable, error);
  _gofer_locale_guard_leave (&guard);
  return dir;
}

GFile *
gofer_archive_unpack (GFile               *archive,
                      GoferArchiveFormat   format,
                      GFile               *dest_dir,
                      const char          *dirname,
                      GoferProgress       *progress,
                      GCancellable        *cancellable,
                      GError             **error)
{
  GoferLocaleGuard guard;
  GFile *dir;

  g_return_val_if_fail (G_IS_FILE (archive), NULL);
  g_return_val_if_fail (G_IS_FILE (dest_dir), NULL);
  g_return_val_if_fail (dirname != NULL, NULL);

  _gofer_locale_guard_enter (&guard);
  dir = extract_guarded (archive, format, dest_dir, dirname, NULL, TRUE, progress, cancellable, error);
  _gofer_locale_guard_leave (&guard);
  return dir;
}

gboolean
gofer_archive_format_for_name (const char          *name,
                               GoferArchiveFormat  *format,
                               char               **stem)
{
  static const struct { const char *suffix; GoferArchiveFormat format; } kinds[] = {
    { ".zip", GOFER_ARCHIVE_FORMAT_ZIP },
    { ".tar", GOFER_ARCHIVE_FORMAT_TAR },
  };
  gsize len;

  g_return_val_if_fail (name != NULL, FALSE);

  len = strlen (name);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      gsize suffix_len = strlen (kinds[i].suffix);

      /* ".zip" alone names no folder. */
      if (len <= suffix_len || g_ascii_strcasecmp (name + len - suffix_len, kinds[i].suffix) != 0)
        continue;
      if (format != NULL)
        *format = kinds[i].format;
      if (stem != NULL)
        *stem = g_strndup (name, len - suffix_len);
      return TRUE;
    }
  return FALSE;
}

typedef struct
{
  GFile              *zip;
  GFile              *dest_dir;
  char               *dirname;
  GoferArchiveLimits  limits;
  gboolean            has_limits;   /* NULL limits mean no offer, not an empty one */
  gboolean            unpack;       /* gofer_archive_unpack() */
  GoferArchiveFormat  format;
  GoferProgress      *progress;
} ExtractData;

static void
extract_data_free (ExtractData *data)
{
  g_clear_object (&data->zip);
  g_clear_object (&data->dest_dir);
  g_clear_pointer (&data->dirname, g_free);
  g_clear_pointer (&data->progress, gofer_progress_unref);
  g_free (data);
}

static void
extract_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ExtractData *data = task_data;
  GError *error = NULL;
  GFile *dir;

  if (data->unpack)
    dir = gofer_archive_unpack (data->zip, data->format, data->dest_dir, data->dirname,
                                data->progress, cancellable, &error);
  else
    dir = gofer_archive_extract (data->zip, data->dest_dir, data->dirname,
                                 data->has_limits ? &data->limits : NULL,
                                 data->progress, cancellable, &error);
  if (dir != NULL)
    g_task_return_pointer (task, dir, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
gofer_archive_extract_async (GFile                    *zip,
                             GFile                    *dest_dir,
                             const char               *dirname,
                             const GoferArchiveLimits *limits,
                             GoferProgressFunc         progress,
                             gpointer                  progress_data,
                             GDestroyNotify            progress_destroy,
                             GCancellable             *cancellable,
                             GAsyncReadyCallback       callback,
                             gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  ExtractData *data;

  g_return_if_fail (G_IS_FILE (zip));
  g_return_if_fail (G_IS_FILE (dest_dir));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ExtractData, 1);
  data->zip = g_object_ref (zip);
  data->dest_dir = g_object_ref (dest_dir);
  data->dirname = g_strdup (dirname);
  if (limits != NULL)
    data->limits = *limits;
  data->has_limits = limits != NULL;
  data->progress = gofer_progress_new (progress, progress_data, progress_destroy, 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_archive_extract_async);
  g_task_set_task_data (task, data, (GDestroyNotify)extract_data_free);
  g_task_run_in_thread (task, extract_thread);
}

GFile *
gofer_archive_extract_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
gofer_archive_unpack_async (GFile               *archive,
                            GoferArchiveFormat   format,
                            GFile               *dest_dir,
                            const char          *dirname,
                            GoferProgressFunc    progress,
                            gpointer             progress_data,
                            GDestroyNotify       progress_destroy,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExtractData *data;

  g_return_if_fail (G_IS_FILE (archive));
  g_return_if_fail (G_IS_FILE (dest_dir));
  g_return_if_fail (dirname != NULL);

  data = g_new0 (ExtractData, 1);
  data->zip = g_object_ref (archive);
  data->dest_dir = g_object_ref (dest_dir);
  data->dirname = g_strdup (dirname);
  data->unpack = TRUE;
  data->format = format;
  data->progress = gofer_progress_new (progress, progress_data, progress_destroy, 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_archive_unpack_async);
  g_task_set_task_data (task, data, (GDestroyNotify)extract_data_free);
  g_task_run_in_thread (task, extract_thread);
}

GFile *
gofer_archive_unpack_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
