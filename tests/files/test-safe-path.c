/* test-safe-path.c: received names, .part files, unique names, free space
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gofer-error.h"
#include "gofer-part-file.h"
#include "gofer-offer.h"
#include "gofer-safe-path.h"
#include "gofer-space-reservation.h"
#include "gofer-transfer-private.h"
#include "transit-test-util.h"

static void
test_hostile_names (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "report.pdf", "report.pdf" },
    { "../../x", "x" },
    { "..\\..\\x", "x" },
    { "/etc/passwd", "passwd" },
    { "C:\\Windows\\x", "x" },
    { "C:x", "C_x" },
    { "\\\\server\\share\\", "share" },
    { "dir/", "dir" },
    { "..", "F" },
    { ".", "F" },
    { "...", "F" },
    { "", "F" },
    { "/", "F" },
    { "../", "F" },
    { " . ", "F" },
    { ".bashrc", ".bashrc" },
    { "CON", "_CON" },
    { "con.txt", "_con.txt" },
    { "CON.txt", "_CON.txt" },
    { "nul .txt", "_nul .txt" },
    { "Com1.tar.gz", "_Com1.tar.gz" },
    { "LPT9", "_LPT9" },
    { "COM\xc2\xb9.txt", "_COM\xc2\xb9.txt" },
    { "conout$", "_conout$" },
    { "COM10", "COM10" },
    { "CONSOLE.txt", "CONSOLE.txt" },
    { "report.pdf. . .", "report.pdf" },
    { "  spaced  ", "spaced" },
    { "a<b>c:d\"e|f?g*h", "a_b_c_d_e_f_g_h" },
    { "evil\x1b[31mred\x1b[0m.txt", "evil_[31mred_[0m.txt" },
    { "line\nbreak\r\t.txt", "line_break__.txt" },
    { "csi\xc2\x9b" "2J", "csi_2J" },
    { "del\x7f.txt", "del_.txt" },
    { "photo\xe2\x80\xaegpj.exe", "photo_gpj.exe" },
    { "isolate\xe2\x81\xa6x", "isolate_x" },
    { "caf\xc3\xa9.txt", "caf\xc3\xa9.txt" },
    { "\xe6\x97\xa5\xe6\x9c\xac.txt", "\xe6\x97\xa5\xe6\x9c\xac.txt" },
    { "bad\xff\xfename", "bad\xef\xbf\xbd\xef\xbf\xbdname" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = gofer_safe_name (cases[i].in, "F");

      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_true (g_utf8_validate (out, -1, NULL));
    }

  {
    g_autofree char *out = gofer_safe_name (NULL, "F");
    g_assert_cmpstr (out, ==, "F");
  }
}

/* Nothing received lands hidden: ".ssh" in the home folder would be ~/.ssh. */
static void
test_visible_names (void)
{
  static const struct { const char *in; const char *out; gboolean hidden; } cases[] = {
    { ".ssh", "_ssh", TRUE },
    { ".bashrc", "_bashrc", TRUE },
    { "..hidden", "_.hidden", TRUE },
    { "../.ssh", "_ssh", TRUE },
    { "dir\\.config", "_config", TRUE },
    { " .profile", "_profile", TRUE },
    { "report.pdf", "report.pdf", FALSE },
    { "a.b", "a.b", FALSE },
    { "_ssh", "_ssh", FALSE },
    { "..", "F", FALSE },
    { ".", "F", FALSE },
    { "", "F", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = gofer_safe_visible_name (cases[i].in, "F");

      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_cmpint (gofer_safe_name_is_hidden (cases[i].in), ==, cases[i].hidden);
    }

  {
    g_autoptr(GoferOffer) folder = gofer_offer_new_directory (".ssh", 10, 10, 1);
    g_autoptr(GoferOffer) file = gofer_offer_new_file ("notes.txt", 1);
    g_autoptr(GoferOffer) text = gofer_offer_new_text (".not a name");
    g_autofree char *folder_name = gofer_offer_dup_save_name (folder);
    g_autofree char *file_name = gofer_offer_dup_save_name (file);

    g_assert_cmpstr (folder_name, ==, "_ssh");
    g_assert_true (gofer_offer_is_hidden_name (folder));
    g_assert_cmpstr (file_name, ==, "notes.txt");
    g_assert_false (gofer_offer_is_hidden_name (file));
    g_assert_false (gofer_offer_is_hidden_name (text));
  }
}

static void
test_long_names (void)
{
  g_autofree char *ascii = g_strnfill (296, 'a');
  g_autofree char *ascii_name = g_strconcat (ascii, ".txt", NULL);
  g_autofree char *out = gofer_safe_name (ascii_name, "F");
  GString *wide = g_string_new (NULL);
  g_autofree char *wide_out = NULL;
  g_autofree char *no_ext = NULL;
  g_autofree char *no_ext_out = NULL;

  g_assert_cmpuint (strlen (ascii_name), ==, 300);
  g_assert_cmpuint (strlen (out), ==, 255);
  g_assert_true (g_str_has_suffix (out, "aaa.txt"));

  /* Two-byte characters: cut on a character boundary, extension kept. */
  for (int i = 0; i < 150; i++)
    g_string_append (wide, "\xc3\xa9");
  g_string_append (wide, ".jpg");
  wide_out = gofer_safe_name (wide->str, "F");
  g_assert_true (g_utf8_validate (wide_out, -1, NULL));
  g_assert_cmpuint (strlen (wide_out), <=, 255);
  g_assert_cmpuint (strlen (wide_out), >=, 253);
  g_assert_true (g_str_has_suffix (wide_out, "\xc3\xa9.jpg"));
  g_string_free (wide, TRUE);

  /* Three-byte characters, no extension. */
  no_ext = g_strnfill (0, 'x');
  for (int i = 0; i < 100; i++)
    {
      char *next = g_strconcat (no_ext, "\xe6\x97\xa5", NULL);
      g_free (no_ext);
      no_ext = next;
    }
  no_ext_out = gofer_safe_name (no_ext, "F");
  g_assert_true (g_utf8_validate (no_ext_out, -1, NULL));
  g_assert_cmpuint (strlen (no_ext_out), ==, 255);
}

static void
test_numbered (void)
{
  static const struct { const char *name; guint n; const char *out; } cases[] = {
    { "photo.jpg", 0, "photo.jpg" },
    { "photo.jpg", 1, "photo (1).jpg" },
    { "archive.tar.gz", 2, "archive (2).tar.gz" },
    { "ARCHIVE.TAR.GZ", 1, "ARCHIVE (1).TAR.GZ" },
    { "backup.tar.zst", 3, "backup (3).tar.zst" },
    { ".bashrc", 1, ".bashrc (1)" },
    { "README", 3, "README (3)" },
    { "Mr. Smith goes", 1, "Mr. Smith goes (1)" },
    { "notes.averyveryverylongextension", 1, "notes.averyveryverylongextension (1)" },
    { "x.tar.gz", 1, "x (1).tar.gz" },
  };
  g_autofree char *stem = g_strnfill (246, 'b');
  g_autofree char *long_name = g_strconcat (stem, ".txt", NULL);
  g_autofree char *long_out = gofer_safe_name_numbered (long_name, 12, 250);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = gofer_safe_name_numbered (cases[i].name, cases[i].n, 255);

      g_assert_cmpstr (out, ==, cases[i].out);
    }

  g_assert_cmpuint (strlen (long_out), ==, 250);
  g_assert_true (g_str_has_suffix (long_out, "bbb (12).txt"));
}

/* Part files in a scratch directory */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char **)a, *(char **)b);
}

/* The names in @dir, sorted, joined with "|". */
static char *
list_dir (GFile *dir)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &error);
  g_assert_no_error (error);
  for (;;)
    {
      GFileInfo *info = NULL;

      g_assert_true (g_file_enumerator_iterate (children, &info, NULL, NULL, &error));
      if (info == NULL)
        break;
      g_ptr_array_add (names, g_strdup (g_file_info_get_name (info)));
    }
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("|", (char **)names->pdata);
}

static void
write_file (GFile      *dir,
            const char *name,
            const char *contents)
{
  g_autoptr(GFile) file = g_file_get_child (dir, name);
  g_autoptr(GError) error = NULL;

  g_file_replace_contents (file, contents, strlen (contents), NULL, FALSE, G_FILE_CREATE_NONE,
                           NULL, NULL, &error);
  g_assert_no_error (error);
}

static char *
read_file (GFile      *dir,
           const char *name)
{
  g_autoptr(GFile) file = g_file_get_child (dir, name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_load_contents (file, NULL, &contents, NULL, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
receive_text (GoferPartFile *part,
              const char    *text)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (gofer_part_file_get_output_stream (part), text, strlen (text),
                             NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
test_part_commit (void)
{
  GFile *dir = test_scratch_dir ("safe-path");
  g_autoptr(GoferPartFile) part = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *target_name = NULL;

  part = gofer_part_file_new (dir, "report.pdf", FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (gofer_part_file_is_directory (part));
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "report.pdf.part");

  receive_text (part, "hello");
  g_assert_true (gofer_part_file_commit (part, NULL, &error));
  g_assert_no_error (error);

  g_clear_pointer (&listing, g_free);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "report.pdf");
  contents = read_file (dir, "report.pdf");
  g_assert_cmpstr (contents, ==, "hello");
  target_name = g_file_get_basename (gofer_part_file_get_target (part));
  g_assert_cmpstr (target_name, ==, "report.pdf");

  g_clear_object (&part);
  test_scratch_clear (dir);
}

static void
test_part_unique (void)
{
  GFile *dir = test_scratch_dir ("safe-path");
  g_autoptr(GoferPartFile) first = NULL;
  g_autoptr(GoferPartFile) second = NULL;
  g_autoptr(GoferPartFile) third = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *old = NULL;

  /* An existing file, and a download of the same name still in progress. */
  write_file (dir, "report.pdf", "old");
  first = gofer_part_file_new (dir, "report.pdf", FALSE, NULL, &error);
  g_assert_no_error (error);
  second = gofer_part_file_new (dir, "report.pdf", FALSE, NULL, &error);
  g_assert_no_error (error);
  third = gofer_part_file_new (dir, "../report.pdf", FALSE, NULL, &error);
  g_assert_no_error (error);

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "report (1).pdf.part|report (2).pdf.part|report (3).pdf.part|report.pdf");

  receive_text (first, "one");
  receive_text (second, "two");
  g_assert_true (gofer_part_file_commit (second, NULL, &error));
  g_assert_true (gofer_part_file_commit (first, NULL, &error));
  g_assert_no_error (error);
  gofer_part_file_discard (third);

  g_clear_pointer (&listing, g_free);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "report (1).pdf|report (2).pdf|report.pdf");
  old = read_file (dir, "report.pdf");
  g_assert_cmpstr (old, ==, "old");

  g_clear_object (&first);
  g_clear_object (&second);
  g_clear_object (&third);
  test_scratch_clear (dir);
}

static void
test_part_target_taken (void)
{
  GFile *dir = test_scratch_dir ("safe-path");
  g_autoptr(GoferPartFile) part = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *other = NULL;
  g_autofree char *mine = NULL;

  part = gofer_part_file_new (dir, "x.bin", FALSE, NULL, &error);
  g_assert_no_error (error);
  receive_text (part, "mine");

  /* Something else creates x.bin while we receive: it must survive. */
  write_file (dir, "x.bin", "other");
  g_assert_true (gofer_part_file_commit (part, NULL, &error));
  g_assert_no_error (error);

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "x (1).bin|x.bin");
  other = read_file (dir, "x.bin");
  g_assert_cmpstr (other, ==, "other");
  mine = read_file (dir, "x (1).bin");
  g_assert_cmpstr (mine, ==, "mine");

  g_clear_object (&part);
  test_scratch_clear (dir);
}

static void
test_part_directory (void)
{
  GFile *dir = test_scratch_dir ("safe-path");
  g_autoptr(GoferPartFile) part = NULL;
  g_autoptr(GoferPartFile) taken = NULL;
  g_autoptr(GFile) empty = g_file_get_child (dir, "photos");
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *inner = NULL;
  g_autoptr(GFile) result = NULL;

  part = gofer_part_file_new (dir, "photos", TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gofer_part_file_is_directory (part));
  g_assert_null (gofer_part_file_get_output_stream (part));
  write_file (gofer_part_file_get_part (part), "a.jpg", "jpeg");

  /* rename() would silently replace an empty directory that appeared. */
  g_file_make_directory (empty, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gofer_part_file_commit (part, NULL, &error));
  g_assert_no_error (error);

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "photos|photos (1)");
  result = g_file_get_child (dir, "photos (1)");
  inner = list_dir (result);
  g_assert_cmpstr (inner, ==, "a.jpg");
  g_clear_pointer (&inner, g_free);
  inner = list_dir (empty);
  g_assert_cmpstr (inner, ==, "");

  /* A file of the same name is skipped as well. */
  write_file (dir, "music", "");
  taken = gofer_part_file_new (dir, "music", TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (g_file_peek_path (gofer_part_file_get_part (taken)), "/music (1).part"));

  g_clear_object (&part);
  g_clear_object (&taken);
  test_scratch_clear (dir);
}

static gboolean
dir_is_empty (GFile *dir)
{
  g_autofree char *listing = list_dir (dir);

  return listing[0] == '\0';
}

static void
test_part_never_left_behind (void)
{
  GFile *dir = test_scratch_dir ("safe-path");
  g_autoptr(GError) error = NULL;
  GoferPartFile *part;

  /* Discarded explicitly. */
  part = gofer_part_file_new (dir, "a.txt", FALSE, NULL, &error);
  g_assert_no_error (error);
  receive_text (part, "partial");
  gofer_part_file_discard (part);
  g_assert_true (dir_is_empty (dir));
  g_object_unref (part);

  /* Dropped after a failure, file and directory: removed in the background. */
  part = gofer_part_file_new (dir, "b.txt", FALSE, NULL, &error);
  g_assert_no_error (error);
  receive_text (part, "partial");
  g_object_unref (part);
  part = gofer_part_file_new (dir, "c", TRUE, NULL, &error);
  g_assert_no_error (error);
  write_file (gofer_part_file_get_part (part), "inside", "x");
  g_object_unref (part);

  for (int i = 0; i < 100 && !dir_is_empty (dir); i++)
    test_spin (20);
  g_assert_true (dir_is_empty (dir));
  test_scratch_clear (dir);
}

#ifdef G_OS_UNIX
static void
test_part_dangling_symlink (void)
{
  GFile *dir = test_scratch_dir ("safe-path");
  g_autoptr(GFile) link = g_file_get_child (dir, "x.txt");
  g_autoptr(GFile) link_part = g_file_get_child (dir, "y.txt.part");
  g_autoptr(GoferPartFile) part = NULL;
  g_autoptr(GoferPartFile) part2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *outside = g_build_filename (g_get_tmp_dir (), "gofer-should-not-exist", NULL);
  g_autofree char *listing = NULL;

  /* Links that point outside must never be followed or written through. */
  g_file_make_symbolic_link (link, outside, NULL, &error);
  g_assert_no_error (error);
  g_file_make_symbolic_link (link_part, outside, NULL, &error);
  g_assert_no_error (error);

  part = gofer_part_file_new (dir, "x.txt", FALSE, NULL, &error);
  g_assert_no_error (error);
  part2 = gofer_part_file_new (dir, "y.txt", FALSE, NULL, &error);
  g_assert_no_error (error);
  receive_text (part, "a");
  receive_text (part2, "b");
  g_assert_true (gofer_part_file_commit (part, NULL, &error));
  g_assert_true (gofer_part_file_commit (part2, NULL, &error));
  g_assert_no_error (error);

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "x (1).txt|x.txt|y (1).txt|y.txt.part");
  g_assert_false (g_file_test (outside, G_FILE_TEST_EXISTS));

  g_clear_object (&part);
  g_clear_object (&part2);
  test_scratch_clear (dir);
}
#endif

static void
test_part_async (void)
{
  GFile *dir = test_scratch_dir ("safe-path");
  g_autoptr(GoferPartFile) part = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  g_autofree char *listing = NULL;

  gofer_part_file_new_async (dir, "CON.txt", FALSE, NULL, test_store_result_cb, &result);
  part = gofer_part_file_new_finish (test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  receive_text (part, "async");

  gofer_part_file_commit_async (part, NULL, test_store_result_cb, &result);
  g_assert_true (gofer_part_file_commit_finish (part, test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "_CON.txt");
  g_clear_object (&part);
  test_scratch_clear (dir);
}

static guint64
free_bytes (GFile *dir)
{
  g_autoptr(GFileInfo) info = g_file_query_filesystem_info (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE,
                                                            NULL, NULL);

  if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE))
    return 0;
  return g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
}

static GoferPartFile *
create_part (GFile       *dir,
             GoferOffer  *offer,
             GError     **error)
{
  GAsyncResult *result = NULL;
  GoferPartFile *part;

  _gofer_transfer_create_part_async (dir, offer, gofer_offer_get_name (offer), NULL, NULL,
                                     test_store_result_cb, &result);
  part = _gofer_transfer_create_part_finish (test_wait_result (&result), error);
  g_clear_object (&result);
  return part;
}

/* Offers accepted one after the other share the free space: two that each
 * fit but not together (three 419 MB offers into 512 MB once filled the
 * disk) get one yes and one sentence, and the space comes back when the
 * first is done. */
static void
test_space_shared (void)
{
  GFile *dir = test_scratch_dir ("safe-path");
  guint64 available = free_bytes (dir);
  guint64 needed = available / 2 + available / 8;
  g_autoptr(GoferOffer) first_offer = NULL;
  g_autoptr(GoferOffer) second_offer = NULL;
  g_autoptr(GoferOffer) small_offer = NULL;
  g_autoptr(GoferPartFile) first = NULL;
  g_autoptr(GoferPartFile) second = NULL;
  g_autoptr(GoferPartFile) small = NULL;
  g_autoptr(GError) error = NULL;

  if (available < 16 * 1024 * 1024)
    {
      g_test_skip ("needs 16 MiB free in the scratch folder");
      test_scratch_clear (dir);
      return;
    }
  first_offer = gofer_offer_new_file ("first.bin", needed);
  second_offer = gofer_offer_new_file ("second.bin", needed);
  small_offer = gofer_offer_new_file ("small.bin", 1024);

  first = create_part (dir, first_offer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gofer_space_reserved_on (dir), ==, needed);

  second = create_part (dir, second_offer, &error);
  g_assert_null (second);
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, "still running"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* What fits beside the first still goes. */
  small = create_part (dir, small_offer, &error);
  g_assert_no_error (error);
  gofer_part_file_discard (small);
  g_assert_cmpuint (gofer_space_reserved_on (dir), ==, needed);

  /* Bytes in the first .part no longer count as still needed. */
  receive_text (first, "0123456789");
  g_assert_cmpuint (gofer_space_reserved_on (dir), ==, needed - 10);

  /* Done (here: dropped): the space is free for the next. */
  g_clear_object (&first);
  g_assert_cmpuint (gofer_space_reserved_on (dir), ==, 0);
  second = create_part (dir, second_offer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gofer_space_reserved_on (dir), ==, needed);
  gofer_part_file_discard (second);
  g_assert_cmpuint (gofer_space_reserved_on (dir), ==, 0);

  g_clear_object (&second);
  g_clear_object (&small);
  for (int i = 0; i < 100 && !dir_is_empty (dir); i++)
    test_spin (20);
  test_scratch_clear (dir);
}

static void
test_free_space (void)
{
  GFile *dir = test_scratch_dir ("safe-path");
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  g_assert_true (gofer_check_free_space (dir, 1024, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (gofer_check_free_space (dir, G_MAXUINT64 / 2, NULL, &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_NO_SPACE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "EB"));
  g_assert_nonnull (strstr (error->message, g_file_peek_path (dir)));
  g_clear_error (&error);

  gofer_check_free_space_async (dir, G_MAXUINT64 / 2, NULL, test_store_result_cb, &result);
  g_assert_false (gofer_check_free_space_finish (test_wait_result (&result), &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_NO_SPACE);
  g_clear_error (&error);
  g_clear_object (&result);

  gofer_check_free_space_async (dir, 1, NULL, test_store_result_cb, &result);
  g_assert_true (gofer_check_free_space_finish (test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  test_scratch_clear (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/safe-path/hostile-names", test_hostile_names);
  g_test_add_func ("/safe-path/visible-names", test_visible_names);
  g_test_add_func ("/safe-path/long-names", test_long_names);
  g_test_add_func ("/safe-path/numbered", test_numbered);
  g_test_add_func ("/safe-path/part/commit", test_part_commit);
  g_test_add_func ("/safe-path/part/unique", test_part_unique);
  g_test_add_func ("/safe-path/part/target-taken", test_part_target_taken);
  g_test_add_func ("/safe-path/part/directory", test_part_directory);
  g_test_add_func ("/safe-path/part/never-left-behind", test_part_never_left_behind);
#ifdef G_OS_UNIX
  g_test_add_func ("/safe-path/part/dangling-symlink", test_part_dangling_symlink);
#endif
  g_test_add_func ("/safe-path/part/async", test_part_async);
  g_test_add_func ("/safe-path/free-space", test_free_space);
  g_test_add_func ("/safe-path/space-shared", test_space_shared);

  return g_test_run ();
}
