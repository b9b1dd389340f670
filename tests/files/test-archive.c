/* test-archive.c: folder zips, round trips and hostile archives
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gofer-archive.h"
#include "gofer-error.h"
#include "gofer-safe-path.h"
#include "transit-test-util.h"

#ifdef G_OS_UNIX
# include <sys/stat.h>
#endif

#define PYTHON "/usr/bin/python3"

static GFile *hostile_dir;

static GFile *
put_file (GFile      *dir,
          const char *relpath,
          GBytes     *contents)
{
  g_autoptr(GFile) file = g_file_resolve_relative_path (dir, relpath);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autoptr(GError) error = NULL;

  g_file_make_directory_with_parents (parent, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_clear_error (&error);
  g_assert_no_error (error);
  g_file_replace_contents (file, g_bytes_get_data (contents, NULL), g_bytes_get_size (contents),
                           NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&file);
}

static void
put_text (GFile      *dir,
          const char *relpath,
          const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GFile) file = put_file (dir, relpath, bytes);
}

static GBytes *
random_bytes (gsize len)
{
  guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = g_random_int_range (0, 256);
  return g_bytes_new_take (data, len);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char **)a, *(char **)b);
}

/* "relpath:size:mode" for every file and "relpath/" for every folder under
 * @dir, sorted, plus a hash of all contents; two trees are identical when
 * their descriptions are. */
static void
describe_tree (GFile     *root,
               GFile     *dir,
               GPtrArray *lines,
               GChecksum *sum)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;

  children = g_file_enumerate_children (dir, "standard::*,unix::mode", G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                        NULL, &error);
  g_assert_no_error (error);
  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;
      g_autofree char *rel = NULL;

      g_assert_true (g_file_enumerator_iterate (children, &info, &child, NULL, &error));
      if (info == NULL)
        break;
      rel = g_file_get_relative_path (root, child);
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          g_ptr_array_add (lines, g_strconcat (rel, "/", NULL));
          describe_tree (root, child, lines, sum);
        }
      else
        {
          g_autoptr(GBytes) bytes = g_file_load_bytes (child, NULL, NULL, &error);
          g_autofree char *hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

          g_assert_no_error (error);
          g_ptr_array_add (lines, g_strdup_printf ("%s:%" G_GOFFSET_FORMAT ":%o:%s", rel,
                                                   g_file_info_get_size (info),
                                                   g_file_info_get_attribute_uint32 (info, "unix::mode") & 0111,
                                                   hash));
        }
    }
}

static char *
tree (GFile *dir)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  describe_tree (dir, dir, lines, sum);
  g_ptr_array_sort (lines, compare_names);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **)lines->pdata);
}

static char *
list_names (GFile *dir)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;

  children = g_file_enumerate_children (dir, "standard::name", G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &error);
  g_assert_no_error (error);
  for (;;)
    {
      GFileInfo *info = NULL;

      g_assert_true (g_file_enumerator_iterate (children, &info, NULL, NULL, &error));
      if (info == NULL)
        break;
      g_ptr_array_add (lines, g_strdup (g_file_info_get_name (info)));
    }
  g_ptr_array_sort (lines, compare_names);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("|", (char **)lines->pdata);
}

/* What Python's zipfile (the reference receiver) makes of our zip. */
static char *
python_zip_listing (GFile *zip)
{
  const char *script =
    "import sys, zipfile\n"
    "zf = zipfile.ZipFile(sys.argv[1])\n"
    "assert zf.testzip() is None\n"
    "for i in sorted(zf.infolist(), key=lambda i: i.filename):\n"
    "    utf8 = bool(i.flag_bits & 0x800) or i.filename.isascii()\n"
    "    print('%s %d %d %s' % (i.filename, i.file_size, i.compress_type, utf8))\n";
  const char *argv[] = { PYTHON, "-c", script, g_file_peek_path (zip), NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static GoferArchive *
build (GFile * const *paths,
       guint          n_paths,
       GFile         *tmp_dir)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  GoferArchive *archive;

  gofer_archive_build_async (paths, n_paths, tmp_dir, NULL, NULL, NULL, NULL, test_store_result_cb, &result);
  archive = gofer_archive_build_finish (test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return archive;
}

typedef struct
{
  guint   calls;
  guint64 last;
  guint64 total;
} Progress;

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *progress = user_data;

  progress->calls++;
  progress->last = done;
  progress->total = total;
}

static GFile *
extract (GFile                    *zip,
         GFile                    *dest,
         const char               *dirname,
         const GoferArchiveLimits *limits,
         Progress                 *progress,
         GError                  **error)
{
  GAsyncResult *result = NULL;
  GFile *dir;

  gofer_archive_extract_async (zip, dest, dirname, limits, progress ? progress_cb : NULL, progress, NULL,
                               NULL, test_store_result_cb, &result);
  dir = gofer_archive_extract_finish (test_wait_result (&result), error);
  g_object_unref (result);
  return dir;
}

static void
test_round_trip (void)
{
  GFile *scratch = test_scratch_dir ("archive");
  g_autoptr(GFile) src = g_file_get_child (scratch, "top");
  g_autoptr(GFile) tmp = g_file_get_child (scratch, "tmp");
  g_autoptr(GFile) dest = g_file_get_child (scratch, "dest");
  g_autoptr(GBytes) big = random_bytes (300 * 1024 + 3);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GFile) script = NULL;
  g_autoptr(GFile) ignored = NULL;
  g_autoptr(GoferArchive) archive = NULL;
  g_autoptr(GFile) out = NULL;
  g_autoptr(GFile) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;
  g_autofree char *got_again = NULL;
  g_autofree char *out_name = NULL;
  g_autofree char *again_name = NULL;
  g_autofree char *dest_names = NULL;
  Progress progress = { 0 };

  put_text (src, "a.txt", "alpha\n");
  ignored = put_file (src, "sub/b.bin", big);
  g_clear_object (&ignored);
  put_text (src, "\xc3\x9cn\xc3\xaf" "c\xc3\xb8" "d\xc3\xa9 name/\xe6\x97\xa5\xe6\x9c\xac.txt", "unicode\n");
  ignored = put_file (src, "empty.dat", empty);
  g_clear_object (&ignored);
  put_text (src, ".hidden", "dot\n");
  put_text (src, "deep/er/est/file", "deep\n");
  script = put_file (src, "run.sh", empty);
  g_file_set_attribute_uint32 (script, "unix::mode", 0755, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &error);
  g_assert_no_error (error);
  g_file_make_directory_with_parents (dest, NULL, &error);
  g_assert_no_error (error);

  archive = build (&src, 1, tmp);
  g_assert_cmpuint (archive->numfiles, ==, 7);
  g_assert_cmpuint (archive->numbytes, ==, 6 + g_bytes_get_size (big) + 8 + 0 + 4 + 5 + 0);
  g_assert_cmpuint (archive->zipsize, >, 0);
  g_assert_true (g_file_has_parent (archive->file, tmp));

  /* Python reads it: files only, relative names, deflate, UTF-8 flagged. */
  listing = python_zip_listing (archive->file);
  g_test_message ("%s", listing);
  g_assert_cmpstr (listing, ==,
                   ".hidden 4 8 True\n"
                   "a.txt 6 8 True\n"
                   "deep/er/est/file 5 8 True\n"
                   "empty.dat 0 8 True\n"
                   "run.sh 0 8 True\n"
                   "sub/b.bin 307203 8 True\n"
                   "\xc3\x9cn\xc3\xaf" "c\xc3\xb8" "d\xc3\xa9 name/\xe6\x97\xa5\xe6\x9c\xac.txt 8 8 True\n");

  /* Unpacked beside: byte-identical, executable bit kept. */
  out = extract (archive->file, dest, "top", NULL, &progress, &error);
  g_assert_no_error (error);
  out_name = g_file_get_basename (out);
  g_assert_cmpstr (out_name, ==, "top");
  want = tree (src);
  got = tree (out);
  g_assert_cmpstr (got, ==, want);
  g_assert_nonnull (strstr (got, "run.sh:0:111:"));
  test_spin (50);
  g_assert_cmpuint (progress.last, ==, archive->numbytes);
  g_assert_cmpuint (progress.total, ==, archive->numbytes);

  /* Same name again: a new folder beside, the first untouched. */
  again = extract (archive->file, dest, "top", NULL, NULL, &error);
  g_assert_no_error (error);
  again_name = g_file_get_basename (again);
  g_assert_cmpstr (again_name, ==, "top (1)");
  got_again = tree (again);
  g_assert_cmpstr (got_again, ==, want);
  dest_names = list_names (dest);
  g_assert_cmpstr (dest_names, ==, "top|top (1)");

  g_clear_pointer (&archive, gofer_archive_free);
  g_clear_pointer (&listing, g_free);
  listing = list_names (tmp);
  g_assert_cmpstr (listing, ==, "");
  test_scratch_clear (scratch);
}

/* Empty folders travel as "name/" entries, as Python (0.14 and later) sends
 * them, and arrive as folders; they count as no file. */
static void
test_empty_folders (void)
{
  GFile *scratch = test_scratch_dir ("archive-empty");
  g_autoptr(GFile) src = g_file_get_child (scratch, "top");
  g_autoptr(GFile) tmp = g_file_get_child (scratch, "tmp");
  g_autoptr(GFile) dest = g_file_get_child (scratch, "dest");
  g_autoptr(GFile) kept = g_file_get_child (src, "kept");
  g_autoptr(GFile) nested = g_file_resolve_relative_path (src, "a/b");
  g_autoptr(GoferArchive) archive = NULL;
  g_autoptr(GFile) out = NULL;
  g_autoptr(GFile) out_kept = NULL;
  g_autoptr(GFile) out_nested = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  put_text (src, "x.txt", "x\n");
  g_file_make_directory_with_parents (kept, NULL, &error);
  g_assert_no_error (error);
  g_file_make_directory_with_parents (nested, NULL, &error);
  g_assert_no_error (error);
  g_file_make_directory_with_parents (dest, NULL, &error);
  g_assert_no_error (error);

  archive = build (&src, 1, tmp);
  g_assert_cmpuint (archive->numfiles, ==, 1);
  g_assert_cmpuint (archive->numbytes, ==, 2);
  listing = python_zip_listing (archive->file);
  g_test_message ("%s", listing);
  g_assert_cmpstr (listing, ==,
                   "a/b/ 0 0 True\n"
                   "kept/ 0 0 True\n"
                   "x.txt 2 8 True\n");

  out = extract (archive->file, dest, "top", NULL, NULL, &error);
  g_assert_no_error (error);
  out_kept = g_file_get_child (out, "kept");
  out_nested = g_file_resolve_relative_path (out, "a/b");
  g_assert_cmpint (g_file_query_file_type (out_kept, G_FILE_QUERY_INFO_NONE, NULL), ==, G_FILE_TYPE_DIRECTORY);
  g_assert_cmpint (g_file_query_file_type (out_nested, G_FILE_QUERY_INFO_NONE, NULL), ==, G_FILE_TYPE_DIRECTORY);

  g_clear_pointer (&archive, gofer_archive_free);
  test_scratch_clear (scratch);
}

static void
test_several_paths (void)
{
  GFile *scratch = test_scratch_dir ("archive");
  g_autoptr(GFile) one = g_file_resolve_relative_path (scratch, "x/notes.txt");
  g_autoptr(GFile) two = g_file_resolve_relative_path (scratch, "y/notes.txt");
  g_autoptr(GFile) dir = g_file_resolve_relative_path (scratch, "y/photos");
  g_autoptr(GFile) fifo = g_file_resolve_relative_path (scratch, "y/photos/fifo");
  g_autoptr(GoferArchive) archive = NULL;
  g_autofree char *listing = NULL;
  GFile *paths[3];

  put_text (scratch, "x/notes.txt", "one");
  put_text (scratch, "y/notes.txt", "two");
  put_text (scratch, "y/photos/cat.jpg", "meow");
  put_text (scratch, "y/photos/sub/dog.jpg", "woof");
#ifdef G_OS_UNIX
  {
    /* Links and special files are not sent. */
    g_autoptr(GFile) link = g_file_resolve_relative_path (scratch, "y/photos/link-to-dir");
    g_autoptr(GFile) file_link = g_file_resolve_relative_path (scratch, "y/photos/link-to-file");
    g_autoptr(GError) error = NULL;

    g_file_make_symbolic_link (link, g_file_peek_path (scratch), NULL, &error);
    g_assert_no_error (error);
    g_file_make_symbolic_link (file_link, "cat.jpg", NULL, &error);
    g_assert_no_error (error);
    g_assert_true (mkfifo (g_file_peek_path (fifo), 0600) == 0);
  }
#endif

  paths[0] = one;
  paths[1] = two;
  paths[2] = dir;
  archive = build (paths, 3, scratch);
  listing = python_zip_listing (archive->file);
  g_test_message ("%s", listing);
#ifdef G_OS_UNIX
  g_assert_cmpstr (listing, ==,
                   "notes (1).txt 3 8 True\n"
                   "notes.txt 3 8 True\n"
                   "photos/cat.jpg 4 8 True\n"
                   "photos/link-to-file 4 8 True\n"
                   "photos/sub/dog.jpg 4 8 True\n");
  g_assert_cmpuint (archive->numfiles, ==, 5);
#endif
  test_scratch_clear (scratch);
}

static void
test_odd_names_repaired (void)
{
  GFile *dest = test_scratch_dir ("archive");
  g_autoptr(GFile) zip = g_file_get_child (hostile_dir, "odd-names.zip");
  g_autoptr(GFile) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;

  /* Controls, Windows-only trouble and backslashes are repaired, not refused. */
  out = extract (zip, dest, "../odd/", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_has_parent (out, dest));
  got = tree (out);
  g_test_message ("%s", got);
  g_assert_nonnull (strstr (got, "_CON.txt:"));
  g_assert_nonnull (strstr (got, "a_b_.txt:"));
  g_assert_nonnull (strstr (got, "dir/file.txt:"));
  g_assert_nonnull (strstr (got, "dot/x.txt:"));
  g_assert_nonnull (strstr (got, "ev_il.txt:"));
  test_scratch_clear (dest);
}

static void
test_special_file_made_plain (void)
{
  GFile *dest = test_scratch_dir ("archive");
  g_autoptr(GFile) zip = g_file_get_child (hostile_dir, "fifo.zip");
  g_autoptr(GFile) out = NULL;
  g_autoptr(GFile) fifo = NULL;
  g_autoptr(GError) error = NULL;

  /* libarchive reports a FIFO entry as a regular file: it arrives as one. */
  out = extract (zip, dest, "fifo", NULL, NULL, &error);
  g_assert_no_error (error);
  fifo = g_file_get_child (out, "fifo");
  g_assert_cmpint (g_file_query_file_type (fifo, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL), ==,
                   G_FILE_TYPE_REGULAR);
  test_scratch_clear (dest);
}

/* offered: extracted against the offer {numbytes, numfiles}; otherwise as
 * a zip without an offer. */
typedef struct
{
  const char   *zip;
  int           code;
  gboolean      offered;
  guint64       numbytes;
  guint64       max_entries;
  guint64       numfiles;
  const char   *name;       /* the test's name when one zip has several cases */
} Hostile;

static void
test_hostile (gconstpointer data)
{
  const Hostile *h = data;
  GFile *scratch = test_scratch_dir ("archive");
  g_autoptr(GFile) dest = g_file_get_child (scratch, "downloads");
  g_autoptr(GFile) zip = g_file_get_child (hostile_dir, h->zip);
  g_autoptr(GFile) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *inside = NULL;
  g_autofree char *beside = NULL;
  GoferArchiveLimits limits = { h->numbytes, h->max_entries, 0, h->numfiles };

  g_file_make_directory (dest, NULL, &error);
  g_assert_no_error (error);

  out = extract (zip, dest, "received", h->offered ? &limits : NULL, NULL, &error);
  g_assert_null (out);
  g_assert_error (error, GOFER_ERROR, h->code);
  g_test_message ("%s: %s", h->zip, error->message);

  /* Nothing written: no folder, no .part, nothing beside the target either. */
  inside = list_names (dest);
  g_assert_cmpstr (inside, ==, "");
  beside = list_names (scratch);
  g_assert_cmpstr (beside, ==, "downloads");
  g_assert_false (g_file_test ("/abs", G_FILE_TEST_EXISTS));
  test_scratch_clear (scratch);
}

static const Hostile hostile_cases[] = {
  { "dotdot.zip", GOFER_ERROR_UNSAFE },
  { "dotdot-inner.zip", GOFER_ERROR_UNSAFE },
  { "backslash-dotdot.zip", GOFER_ERROR_UNSAFE },
  { "absolute.zip", GOFER_ERROR_UNSAFE },
  { "drive.zip", GOFER_ERROR_UNSAFE },
  { "symlink.zip", GOFER_ERROR_UNSAFE },
  { "duplicate.zip", GOFER_ERROR_UNSAFE },
  { "file-dir-clash.zip", GOFER_ERROR_UNSAFE },
  { "many.zip", GOFER_ERROR_UNSAFE, TRUE, 10, 5, 10 },
  /* Offered honestly as 200 MiB in one file, but a ratio near 1000:1. */
  { "bomb.zip", GOFER_ERROR_UNSAFE, TRUE, 200 * 1024 * 1024, 0, 1 },
  /* Offered as 1000 bytes, holds 5 MiB. */
  { "liar.zip", GOFER_ERROR_UNSAFE, TRUE, 1000, 0, 1 },
  /* numbytes 0 once switched the cap off: 2.1 GB came out of 4.3 MB. */
  { "liar.zip", GOFER_ERROR_UNSAFE, TRUE, 0, 0, 1, "liar-numbytes-0" },
  { "bomb.zip", GOFER_ERROR_UNSAFE, TRUE, 0, 0, 0, "bomb-numbytes-0" },
  /* The central directory must say what the offer said, to the byte and
   * the file: one byte more, one byte less, one file more or fewer. */
  { "liar.zip", GOFER_ERROR_UNSAFE, TRUE, 5 * 1024 * 1024 - 1, 0, 1, "liar-one-byte-more" },
  { "liar.zip", GOFER_ERROR_UNSAFE, TRUE, 5 * 1024 * 1024 + 1, 0, 1, "liar-one-byte-less" },
  { "many.zip", GOFER_ERROR_UNSAFE, TRUE, 10, 0, 9, "many-one-file-more" },
  { "many.zip", GOFER_ERROR_UNSAFE, TRUE, 10, 0, 11, "many-one-file-fewer" },
  { "garbage.zip", GOFER_ERROR_CORRUPT },
  { "truncated.zip", GOFER_ERROR_CORRUPT },
};

/* The offer that matches: extracted. */
static void
test_offer_matches (void)
{
  GFile *dest = test_scratch_dir ("archive");
  g_autoptr(GFile) zip = g_file_get_child (hostile_dir, "many.zip");
  g_autoptr(GFile) out = NULL;
  g_autoptr(GError) error = NULL;
  GoferArchiveLimits limits = { .expected_numbytes = 10, .expected_numfiles = 10 };

  out = extract (zip, dest, "many", &limits, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (out);
  test_scratch_clear (dest);
}

static GFile *
unpack (GFile       *archive,
        GFile       *dest,
        const char  *dirname,
        GError     **error)
{
  g_autofree char *name = g_file_get_basename (archive);
  GoferArchiveFormat format;
  GAsyncResult *result = NULL;
  GFile *dir;

  g_assert_true (gofer_archive_format_for_name (name, &format, NULL));
  gofer_archive_unpack_async (archive, format, dest, dirname, NULL, NULL, NULL, NULL,
                              test_store_result_cb, &result);
  dir = gofer_archive_unpack_finish (test_wait_result (&result), error);
  g_object_unref (result);
  return dir;
}

static void
assert_text (GFile      *dir,
             const char *relpath,
             const char *text)
{
  g_autoptr(GFile) file = g_file_resolve_relative_path (dir, relpath);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_load_contents (file, NULL, &contents, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, text);
}

/* #14 item 7: what Warp and wormhole-rs name their packed folders. */
static void
test_unpack_names (void)
{
  GoferArchiveFormat format;
  g_autofree char *stem = NULL;
  g_autofree char *stem2 = NULL;

  g_assert_true (gofer_archive_format_for_name ("Holiday photos.zip", &format, &stem));
  g_assert_cmpint (format, ==, GOFER_ARCHIVE_FORMAT_ZIP);
  g_assert_cmpstr (stem, ==, "Holiday photos");
  g_assert_true (gofer_archive_format_for_name ("album.TAR", &format, &stem2));
  g_assert_cmpint (format, ==, GOFER_ARCHIVE_FORMAT_TAR);
  g_assert_cmpstr (stem2, ==, "album");
  g_assert_false (gofer_archive_format_for_name (".zip", NULL, NULL));
  g_assert_false (gofer_archive_format_for_name ("album.tar.gz", NULL, NULL));
  g_assert_false (gofer_archive_format_for_name ("notes.txt", NULL, NULL));
}

/* wormhole-rs's NAME.tar holds NAME/...: it unpacks into NAME, not
 * NAME/NAME, empty folders included; a second time into "NAME (1)". */
static void
test_unpack_rust_tar (void)
{
  GFile *dest = test_scratch_dir ("archive");
  g_autoptr(GFile) tar = g_file_get_child (hostile_dir, "Album.tar");
  g_autoptr(GFile) out = NULL;
  g_autoptr(GFile) again = NULL;
  g_autoptr(GFile) empty = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;

  out = unpack (tar, dest, "Album", &error);
  g_assert_no_error (error);
  assert_text (out, "a.txt", "one");
  assert_text (out, "sub/b.txt", "two");
  empty = g_file_get_child (out, "empty");
  g_assert_cmpint (g_file_query_file_type (empty, G_FILE_QUERY_INFO_NONE, NULL), ==, G_FILE_TYPE_DIRECTORY);
  names = list_names (out);
  g_assert_null (strstr (names, "Album"));

  again = unpack (tar, dest, "Album", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_file_peek_path (again) + strlen (g_file_peek_path (dest)), ==, "/Album (1)");
  assert_text (out, "a.txt", "one");
  test_scratch_clear (dest);
}

/* A lone top folder of another name stays. */
static void
test_unpack_other_top (void)
{
  GFile *dest = test_scratch_dir ("archive");
  g_autoptr(GFile) tar = g_file_get_child (hostile_dir, "Other.tar");
  g_autoptr(GFile) out = NULL;
  g_autoptr(GError) error = NULL;

  out = unpack (tar, dest, "Other", &error);
  g_assert_no_error (error);
  assert_text (out, "Album/a.txt", "one");
  test_scratch_clear (dest);
}

/* Warp's NAME.zip holds the folder's files under relative names. */
static void
test_unpack_warp_zip (void)
{
  GFile *scratch = test_scratch_dir ("archive");
  g_autoptr(GFile) src = g_file_get_child (scratch, "Holiday");
  g_autoptr(GFile) zip = g_file_get_child (scratch, "Holiday.zip");
  g_autoptr(GFile) dest = g_file_get_child (scratch, "dest");
  g_autoptr(GoferArchive) archive = NULL;
  g_autoptr(GFile) out = NULL;
  g_autoptr(GError) error = NULL;

  put_text (src, "beach.txt", "sand");
  put_text (src, "sub/sea.txt", "salt");
  g_file_make_directory (dest, NULL, &error);
  g_assert_no_error (error);
  archive = gofer_archive_build (&src, 1, scratch, NULL, NULL, &error);
  g_assert_no_error (error);
  g_file_move (archive->file, zip, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  out = unpack (zip, dest, "Holiday", &error);
  g_assert_no_error (error);
  assert_text (out, "beach.txt", "sand");
  assert_text (out, "sub/sea.txt", "salt");
  test_scratch_clear (scratch);
}

/* The refusals of a received folder, for a tar that arrived as a file:
 * nothing is written. */
static void
test_unpack_hostile (gconstpointer data)
{
  const Hostile *h = data;
  GFile *scratch = test_scratch_dir ("archive");
  g_autoptr(GFile) dest = g_file_get_child (scratch, "downloads");
  g_autoptr(GFile) tar = g_file_get_child (hostile_dir, h->zip);
  g_autoptr(GFile) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *inside = NULL;

  g_file_make_directory (dest, NULL, &error);
  g_assert_no_error (error);
  out = unpack (tar, dest, "received", &error);
  g_assert_null (out);
  g_assert_error (error, GOFER_ERROR, h->code);
  g_test_message ("%s: %s", h->zip, error->message);
  inside = list_names (dest);
  g_assert_cmpstr (inside, ==, "");
  g_assert_false (g_file_test ("/abs", G_FILE_TEST_EXISTS));
  test_scratch_clear (scratch);
}

static const Hostile hostile_tars[] = {
  { "dotdot.tar", GOFER_ERROR_UNSAFE },
  { "absolute.tar", GOFER_ERROR_UNSAFE },
  { "symlink.tar", GOFER_ERROR_UNSAFE },
  { "hardlink.tar", GOFER_ERROR_UNSAFE },
  { "device.tar", GOFER_ERROR_UNSAFE },
  { "fifo.tar", GOFER_ERROR_UNSAFE },
  { "duplicate.tar", GOFER_ERROR_UNSAFE },
  { "gzip.tar", GOFER_ERROR_CORRUPT },
  { "garbage.tar", GOFER_ERROR_CORRUPT },
  /* A zip bomb called NAME.zip: the ratio cap holds without an offer. */
  { "bomb.zip", GOFER_ERROR_UNSAFE },
  { "symlink.zip", GOFER_ERROR_UNSAFE },
};

static void
make_hostile_zips (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "files", "make-hostile-zips.py", NULL);
  g_autofree char *path = g_dir_make_tmp ("gofer-hostile-XXXXXX", &error);
  const char *argv[] = { PYTHON, script, path, NULL };
  int status = 0;

  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  hostile_dir = g_file_new_for_path (path);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("needs " PYTHON " to check zips and build hostile ones");
      return g_test_run ();
    }
  make_hostile_zips ();

  g_test_add_func ("/archive/round-trip", test_round_trip);
  g_test_add_func ("/archive/several-paths", test_several_paths);
  g_test_add_func ("/archive/empty-folders", test_empty_folders);
  g_test_add_func ("/archive/odd-names-repaired", test_odd_names_repaired);
  g_test_add_func ("/archive/special-file-made-plain", test_special_file_made_plain);
  g_test_add_func ("/archive/offer-matches", test_offer_matches);
  g_test_add_func ("/archive/unpack/names", test_unpack_names);
  g_test_add_func ("/archive/unpack/rust-tar", test_unpack_rust_tar);
  g_test_add_func ("/archive/unpack/other-top", test_unpack_other_top);
  g_test_add_func ("/archive/unpack/warp-zip", test_unpack_warp_zip);
  for (guint i = 0; i < G_N_ELEMENTS (hostile_tars); i++)
    {
      g_autofree char *name = g_strdup_printf ("/archive/unpack/hostile/%s", hostile_tars[i].zip);

      g_test_add_data_func (name, &hostile_tars[i], test_unpack_hostile);
    }
  for (guint i = 0; i < G_N_ELEMENTS (hostile_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/archive/hostile/%s",
                                               hostile_cases[i].name ? hostile_cases[i].name
                                                                     : hostile_cases[i].zip);

      g_test_add_data_func (name, &hostile_cases[i], test_hostile);
    }

  ret = g_test_run ();
  test_scratch_clear (hostile_dir);
  return ret;
}
