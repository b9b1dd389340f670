/* fuzz-archive.c: a folder zip from a peer
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is written as CASE/a/b/in.zip and extracted into CASE/a/b/dest,
 * where a file named "folder" (the offered name) already exists, with tight
 * limits. An input whose last byte is odd (a zip comment can end so) is
 * extracted as the folder offer {numbytes: 0, numfiles: 0}, any other
 * without an offer. Whatever the zip holds:
 * - nothing appears or changes outside CASE/a/b/dest;
 * - the existing "folder" keeps its content;
 * - on failure dest holds nothing new (no .part, nothing finished-looking);
 * - on success the one new entry is the returned folder, and it holds only
 *   plain files and folders (no links, devices, set-id bits), and under the
 *   offer of nothing, no file at all.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz-common.h"
#include "gofer-archive.h"
#include "gofer-error.h"
#include "gofer-safe-path.h"

#define KEEP_CONTENT "keep me"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *)a, *(char * const *)b);
}

/* The names in @dir, sorted, joined by '/'. */
static char *
listing (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  fuzz_check (d != NULL, "a folder of the layout is still there");
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("/", (char **)names->pdata);
}

/* Only plain files and folders, nothing set-id, all the way down; counts
 * the files. */
static void
check_tree (const char *path,
            guint64    *n_files)
{
  GStatBuf st;
  g_autoptr(GDir) d = NULL;
  const char *name;

  fuzz_check (g_lstat (path, &st) == 0, "an extracted entry can be looked at");
  fuzz_check (S_ISREG (st.st_mode) || S_ISDIR (st.st_mode), "only plain files and folders");
#ifdef S_ISUID
  fuzz_check ((st.st_mode & (S_ISUID | S_ISGID)) == 0, "nothing set-id");
#endif
  if (!S_ISDIR (st.st_mode))
    {
      (*n_files)++;
      return;
    }
  d = g_dir_open (path, 0, NULL);
  fuzz_check (d != NULL, "an extracted folder can be read");
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      check_tree (child, n_files);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static guint n;
  g_autofree char *case_dir = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *zip_path = NULL;
  g_autofree char *dest_path = NULL;
  g_autofree char *keep_path = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *dest_list = NULL;
  g_autoptr(GFile) zip = NULL;
  g_autoptr(GFile) dest = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFile) case_file = NULL;
  g_autoptr(GError) error = NULL;
  /* The offer of nothing: numbytes 0 once meant "no limit". */
  GoferArchiveLimits nothing = { .expected_numbytes = 0, .max_entries = 64, .expected_numfiles = 0 };
  gboolean offered = size > 0 && (data[size - 1] & 1) != 0;
  guint64 n_files = 0;

  fuzz_init ();
  case_dir = g_strdup_printf ("%s/case-%u", fuzz_tmp_dir (), n++);
  a = g_build_filename (case_dir, "a", NULL);
  b = g_build_filename (a, "b", NULL);
  dest_path = g_build_filename (b, "dest", NULL);
  zip_path = g_build_filename (b, "in.zip", NULL);
  keep_path = g_build_filename (dest_path, "folder", NULL);
  fuzz_check (g_mkdir_with_parents (dest_path, 0700) == 0, "the layout is made");
  fuzz_check (g_file_set_contents (zip_path, (const char *)data, size, NULL), "the zip is written");
  fuzz_check (g_file_set_contents (keep_path, KEEP_CONTENT, -1, NULL), "the existing file is written");

  zip = g_file_new_for_path (zip_path);
  dest = g_file_new_for_path (dest_path);
  dir = gofer_archive_extract (zip, dest, "folder", offered ? &nothing : NULL, NULL, NULL, &error);

  fuzz_check (g_file_get_contents (keep_path, &kept, NULL, NULL) && g_str_equal (kept, KEEP_CONTENT),
              "the existing “folder” is untouched");
  {
    g_autofree char *top = listing (case_dir);
    g_autofree char *in_a = listing (a);
    g_autofree char *in_b = listing (b);

    fuzz_check (g_str_equal (top, "a") && g_str_equal (in_a, "b") && g_str_equal (in_b, "dest/in.zip"),
                "nothing appears outside the download folder");
  }

  dest_list = listing (dest_path);
  if (dir == NULL)
    {
      fuzz_check (error != NULL && (error->domain == GOFER_ERROR || error->domain == G_IO_ERROR),
                  "a refused zip says why");
      fuzz_check (g_str_equal (dest_list, "folder"), "nothing is left behind after a failure");
    }
  else
    {
      g_autofree char *got = g_file_get_path (dir);
      g_autofree char *base = g_path_get_basename (got);
      g_autofree char *expected = g_strdup_printf ("folder/%s", base);

      fuzz_check (g_str_equal (base, "folder (1)"), "the new folder gets the next free name");
      fuzz_check (g_str_equal (dest_list, expected), "exactly one new entry");
      check_tree (got, &n_files);
      fuzz_check (!offered || n_files == 0, "an offer of no bytes and no files unpacks to no file");
    }

  case_file = g_file_new_for_path (case_dir);
  fuzz_check (gofer_delete_recursive (case_file, NULL, NULL), "the case is cleaned up");
  return 0;
}
