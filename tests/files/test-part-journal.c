/* test-part-journal.c: the journal beside a .part, and going on from it
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A .part left by a killed transfer is found again only through the name a
 * new .part would get, and only while its journal still describes it: a
 * truncated or edited .part, a damaged or foreign journal, a link, never
 * make a transfer write anywhere else or start anywhere but at 0.
 */

#include "config.h"

#include <string.h>

#include "gofer-error.h"
#include "gofer-part-file.h"
#include "gofer-part-journal.h"
#include "gofer-resume.h"
#include "gofer-test-util.h"

#define SIZE (4 * 1024 * 1024)
#define KEPT (3 * 1024 * 1024)
#define FILE_ID "1111111111111111111111111111111111111111111111111111111111111111"
#define OTHER_ID "2222222222222222222222222222222222222222222222222222222222222222"

static guint8 *
test_data (void)
{
  guint8 *data = g_malloc (SIZE);

  for (gsize i = 0; i < SIZE; i++)
    data[i] = (guint8)(i * 7 + i / 4099);
  return data;
}

static void
write_data (GoferPartFile *part,
            const guint8  *data,
            gsize          len)
{
  GOutputStream *out = gofer_part_file_get_journaled_stream (part);
  g_autoptr(GError) error = NULL;

  for (gsize done = 0; done < len; done += 65536)
    {
      g_output_stream_write_all (out, data + done, MIN (65536, len - done), NULL, NULL, &error);
      g_assert_no_error (error);
    }
}

/* A .part of the first KEPT bytes and its journal, as a killed transfer leaves them. */
static void
leave_part (GFile        *dir,
            const guint8 *data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GoferPartFile) part = gofer_part_file_new (dir, "film.mkv", FALSE, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (gofer_part_file_start_journal (part, SIZE, FILE_ID, NULL, &error));
  g_assert_no_error (error);
  write_data (part, data, KEPT);
  g_assert_true (gofer_part_file_keep (part, &error));
  g_assert_no_error (error);
}

static GFile *
child (GFile      *dir,
       const char *name)
{
  return g_file_get_child (dir, name);
}

static gboolean
exists (GFile      *dir,
        const char *name)
{
  g_autoptr(GFile) file = child (dir, name);

  return g_file_query_exists (file, NULL);
}

static GoferPartFile *
resume (GFile      *dir,
        const char *name,
        const char *file_id)
{
  g_autoptr(GError) error = NULL;
  GoferPartFile *part = gofer_part_file_resume (dir, name, SIZE, file_id, NULL, &error);

  g_assert_no_error (error);
  return part;
}

static void
test_kept_and_resumed (void)
{
  g_autoptr(GFile) dir = gofer_test_scratch_dir ("journal");
  g_autofree guint8 *data = test_data ();
  g_autofree char *whole = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, SIZE);
  g_autoptr(GoferPartFile) part = NULL;
  g_autoptr(GoferPartJournal) journal = NULL;
  g_autoptr(GFile) part_file = child (dir, "film.mkv.part");
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  leave_part (dir, data);
  g_assert_true (exists (dir, "film.mkv.part"));
  g_assert_true (exists (dir, ".film.mkv.part.journal"));
  g_assert_false (exists (dir, "film.mkv"));
  journal = gofer_part_journal_load (part_file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (journal->verified, ==, KEPT);
  g_assert_cmpuint (journal->size, ==, SIZE);
  g_assert_cmpstr (journal->file_id, ==, FILE_ID);

  /* Another file of the same name and size is not this one. */
  g_assert_null (resume (dir, "film.mkv", OTHER_ID));
  g_assert_true (exists (dir, ".film.mkv.part.journal"));

  part = resume (dir, "film.mkv", FILE_ID);
  g_assert_nonnull (part);
  g_assert_cmpuint (gofer_part_file_get_resume_offset (part), ==, KEPT);
  write_data (part, data + KEPT, SIZE - KEPT);
  sha256 = gofer_part_file_dup_sha256 (part);
  g_assert_cmpstr (sha256, ==, whole);
  g_assert_true (gofer_part_file_commit (part, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (exists (dir, "film.mkv.part"));
  g_assert_false (exists (dir, ".film.mkv.part.journal"));
  g_assert_true (g_file_get_contents (g_file_peek_path (gofer_part_file_get_target (part)),
                                      &contents, &len, NULL));
  g_assert_cmpmem (contents, len, data, SIZE);
  gofer_test_scratch_clear (g_steal_pointer (&dir));
}

/* A failed or cancelled transfer takes its journal with its .part; a .part
 * from a standard sender or a conversation has a journal without a hash. */
static void
test_discard_removes_journal (void)
{
  g_autoptr(GFile) dir = gofer_test_scratch_dir ("journal");
  g_autoptr(GError) error = NULL;
  g_autoptr(GoferPartFile) part = gofer_part_file_new (dir, "a.bin", FALSE, NULL, &error);

  g_autoptr(GoferPartJournal) journal = NULL;

  g_assert_true (gofer_part_file_start_journal (part, 10, NULL, NULL, &error));
  g_assert_true (exists (dir, ".a.bin.part.journal"));
  /* Without the sender's file id it is never resumed, and hashes nothing. */
  journal = gofer_part_journal_load (gofer_part_file_get_part (part), &error);
  g_assert_no_error (error);
  g_assert_null (journal->file_id);
  g_assert_null (journal->sha256);
  g_assert_null (gofer_part_file_dup_sha256 (part));
  /* Nothing arrived: there is nothing worth keeping, and no error. */
  g_assert_false (gofer_part_file_keep (part, &error));
  g_assert_no_error (error);
  gofer_part_file_discard (part);
  g_assert_false (exists (dir, "a.bin.part"));
  g_assert_false (exists (dir, ".a.bin.part.journal"));
  gofer_test_scratch_clear (g_steal_pointer (&dir));
}

static void
set_file (GFile      *dir,
          const char *name,
          const char *contents,
          gssize      len)
{
  g_autoptr(GFile) file = child (dir, name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (g_file_peek_path (file), contents, len, &error);
  g_assert_no_error (error);
}

/* Whatever went wrong, the journal is dropped, the .part stays aside
 * untouched, and a new transfer takes the next free name. */
static void
assert_not_resumed (GFile *dir,
                    gsize  part_size)
{
  g_autoptr(GoferPartFile) part = resume (dir, "film.mkv", FILE_ID);
  g_autoptr(GoferPartFile) fresh = NULL;
  g_autoptr(GFile) part_file = child (dir, "film.mkv.part");
  g_autoptr(GFile) next = child (dir, "film (1).mkv.part");
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (part);
  g_assert_false (exists (dir, ".film.mkv.part.journal"));
  info = g_file_query_info (part_file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_file_info_get_size (info), ==, part_size);
  fresh = gofer_part_file_new (dir, "film.mkv", FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_equal (gofer_part_file_get_part (fresh), next));
  gofer_part_file_discard (fresh);
}

static void
test_truncated_part (void)
{
  g_autoptr(GFile) dir = gofer_test_scratch_dir ("journal");
  g_autofree guint8 *data = test_data ();

  leave_part (dir, data);
  set_file (dir, "film.mkv.part", (const char *)data, KEPT - 1);
  assert_not_resumed (dir, KEPT - 1);
  gofer_test_scratch_clear (g_steal_pointer (&dir));
}

static void
test_edited_part (void)
{
  g_autoptr(GFile) dir = gofer_test_scratch_dir ("journal");
  g_autofree guint8 *data = test_data ();

  leave_part (dir, data);
  data[12345] ^= 1;
  set_file (dir, "film.mkv.part", (const char *)data, KEPT);
  assert_not_resumed (dir, KEPT);
  gofer_test_scratch_clear (g_steal_pointer (&dir));
}

/* Journals a peer or a crash could have shaped: an offset past the size,
 * a hash that is not one, garbage, one far too large. */
static void
test_hostile_journals (void)
{
  static const char *journals[] = {
    "[Gofer Part]\nName=film.mkv\nSize=4194304\nFileId=" FILE_ID "\nVerified=4194305\n"
    "SHA256=" OTHER_ID "\n",
    "[Gofer Part]\nName=film.mkv\nSize=4194304\nFileId=" FILE_ID "\nVerified=-5\n"
    "SHA256=" OTHER_ID "\n",
    "[Gofer Part]\nName=film.mkv\nSize=4194304\nFileId=" FILE_ID "\nVerified=3145728\n"
    "SHA256=../../etc/passwd\n",
    "[Gofer Part]\nName=film.mkv\nSize=4194304\nFileId=" FILE_ID "\nVerified=3145728\n"
    "SHA256=" OTHER_ID "\n",
    "\x01\x02 not a key file",
    "",
  };
  g_autofree guint8 *data = test_data ();

  for (guint i = 0; i <= G_N_ELEMENTS (journals); i++)
    {
      g_autoptr(GFile) dir = gofer_test_scratch_dir ("journal");

      g_test_message ("journal %u", i);
      leave_part (dir, data);
      if (i < G_N_ELEMENTS (journals))
        set_file (dir, ".film.mkv.part.journal", journals[i], -1);
      else
        {
          g_autofree char *huge = g_strnfill (GOFER_PART_JOURNAL_MAX_BYTES + 1, 'a');

          set_file (dir, ".film.mkv.part.journal", huge, -1);
        }
      assert_not_resumed (dir, KEPT);
      gofer_test_scratch_clear (g_steal_pointer (&dir));
    }
}

/* Names from the network go through the safe-name rules first: "../x"
 * looks for x.part in the folder, never outside it. */
static void
test_name_stays_inside (void)
{
  g_autoptr(GFile) top = gofer_test_scratch_dir ("journal");
  g_autoptr(GFile) dir = child (top, "in");
  g_autofree guint8 *data = test_data ();
  g_autoptr(GoferPartFile) part = NULL;
  g_autoptr(GError) error = NULL;

  g_file_make_directory (dir, NULL, &error);
  g_assert_no_error (error);
  leave_part (top, data);
  part = resume (dir, "../film.mkv", FILE_ID);
  g_assert_null (part);
  g_assert_true (exists (top, ".film.mkv.part.journal"));
  g_clear_object (&part);
  /* Nor with a path the other way. */
  part = resume (dir, "/../film.mkv", FILE_ID);
  g_assert_null (part);
  gofer_test_scratch_clear (g_steal_pointer (&top));
}

#ifdef G_OS_UNIX
/* A link named like a .part is never followed. */
static void
test_link_not_followed (void)
{
  g_autoptr(GFile) top = gofer_test_scratch_dir ("journal");
  g_autoptr(GFile) dir = child (top, "in");
  g_autofree guint8 *data = test_data ();
  g_autoptr(GFile) link = NULL;
  g_autoptr(GFile) journal = NULL;
  g_autoptr(GFile) journal_copy = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GError) error = NULL;

  g_file_make_directory (dir, NULL, &error);
  leave_part (top, data);
  link = child (dir, "film.mkv.part");
  target = child (top, "film.mkv.part");
  g_file_make_symbolic_link (link, g_file_peek_path (target), NULL, &error);
  g_assert_no_error (error);
  journal = child (top, ".film.mkv.part.journal");
  journal_copy = child (dir, ".film.mkv.part.journal");
  g_file_copy (journal, journal_copy, G_FILE_COPY_NONE,
               NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (resume (dir, "film.mkv", FILE_ID));
  gofer_test_scratch_clear (g_steal_pointer (&top));
}
#endif

static char *
file_id_of (const guint8 *data,
            gsize         len)
{
  g_autoptr(GInputStream) input = g_memory_input_stream_new_from_data (data, (gssize)len, NULL);
  g_autoptr(GError) error = NULL;
  char *id = gofer_resume_file_id (input, len, NULL, &error);

  g_assert_no_error (error);
  return id;
}

/* The test vectors of docs/protocol-extensions.md §1c. */
static void
test_file_id_vectors (void)
{
  gsize len = 1024 * 1024 + 10;
  g_autofree guint8 *data = g_malloc (len);
  g_autofree char *hello = file_id_of ((const guint8 *)"hello", 5);
  g_autofree char *big = NULL;

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8)(i % 251);
  big = file_id_of (data, len);
  g_assert_cmpstr (hello, ==, "1c8f7f1866c40ff95658cbef28eeb5697fb430905a2640ccdaf97449eb330434");
  /* Only the first MiB counts, and the size. */
  g_assert_cmpstr (big, ==, "b2b25a97915d157f20e7d129c0363cac8b2e230e3ff79188730a5c34947903cd");
}

static JsonObject *
parse (JsonParser *parser,
       const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* A peer cannot point the offset past the size (nor at 0, nor negative, nor
 * anything but an integer), nor send a hash that is not one. */
static void
test_hostile_answers (void)
{
  static const char *bad[] = {
    "{\"answer\": {\"file_ack\": \"ok\"}, \"gofer-resume\": {\"offset\": 101, \"sha256\": \"" OTHER_ID "\"}}",
    "{\"answer\": {\"file_ack\": \"ok\"}, \"gofer-resume\": {\"offset\": 0, \"sha256\": \"" OTHER_ID "\"}}",
    "{\"answer\": {\"file_ack\": \"ok\"}, \"gofer-resume\": {\"offset\": -1, \"sha256\": \"" OTHER_ID "\"}}",
    "{\"answer\": {\"file_ack\": \"ok\"}, \"gofer-resume\": {\"offset\": 50.5, \"sha256\": \"" OTHER_ID "\"}}",
    "{\"answer\": {\"file_ack\": \"ok\"}, \"gofer-resume\": {\"offset\": \"50\", \"sha256\": \"" OTHER_ID "\"}}",
    "{\"answer\": {\"file_ack\": \"ok\"}, \"gofer-resume\": {\"offset\": 50, \"sha256\": \"ABCD\"}}",
    "{\"answer\": {\"file_ack\": \"ok\"}, \"gofer-resume\": {\"offset\": 50}}",
    "{\"answer\": {\"file_ack\": \"ok\"}, \"gofer-resume\": 50}",
  };
  const char *good = "{\"answer\": {\"file_ack\": \"ok\"}, \"gofer-resume\": {\"offset\": 100, \"sha256\": \"" OTHER_ID "\"}}";
  const char *none = "{\"answer\": {\"file_ack\": \"ok\"}}";
  const char *prefix = NULL;
  guint64 offset = 0;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      g_test_message ("answer %u", i);
      g_assert_false (gofer_resume_answer_get (parse (parser, bad[i]), 100, &offset, &prefix, &error));
      g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
    }
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;

    g_assert_true (gofer_resume_answer_get (parse (parser, good), 100, &offset, &prefix, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (offset, ==, 100);
    g_assert_cmpstr (prefix, ==, OTHER_ID);
  }
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;

    g_assert_false (gofer_resume_answer_get (parse (parser, none), 100, &offset, &prefix, &error));
    g_assert_no_error (error);
  }
}

/* The sender may only start at the offset asked for, or at 0. */
static void
test_hostile_decisions (void)
{
  static const struct { const char *json; gboolean valid; guint64 start; } cases[] = {
    { "{\"gofer-resume-from\": {\"offset\": 40}}", TRUE, 40 },
    { "{\"gofer-resume-from\": {\"offset\": 0}}", TRUE, 0 },
    { "{\"gofer-resume-from\": {\"offset\": 39}}", FALSE, 0 },
    { "{\"gofer-resume-from\": {\"offset\": 41}}", FALSE, 0 },
    { "{\"gofer-resume-from\": {}}", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      guint64 start = 99;

      g_assert_cmpint (gofer_resume_from_get (parse (parser, cases[i].json), 40, &start, &error),
                       ==, cases[i].valid);
      if (cases[i].valid)
        g_assert_cmpuint (start, ==, cases[i].start);
      else
        g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
    }
}

static GBytes *
bytes_of (const char *text)
{
  return g_bytes_new_static (text, strlen (text));
}

/* The whole file's hash must be in the trailer, and be ours. */
static void
test_trailer (void)
{
  g_autoptr(GBytes) good = bytes_of ("{\"ack\": \"ok\", \"sha256\": \"" FILE_ID "\"}");
  g_autoptr(GBytes) other = bytes_of ("{\"ack\": \"ok\", \"sha256\": \"" OTHER_ID "\"}");
  g_autoptr(GBytes) bare = bytes_of ("{\"ack\": \"ok\"}");
  g_autoptr(GError) error = NULL;

  g_assert_true (gofer_resume_check_trailer (good, FILE_ID, &error));
  g_assert_no_error (error);
  g_assert_false (gofer_resume_check_trailer (other, FILE_ID, &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_false (gofer_resume_check_trailer (bare, FILE_ID, &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/part-journal/kept-and-resumed", test_kept_and_resumed);
  g_test_add_func ("/part-journal/discard", test_discard_removes_journal);
  g_test_add_func ("/part-journal/truncated-part", test_truncated_part);
  g_test_add_func ("/part-journal/edited-part", test_edited_part);
  g_test_add_func ("/part-journal/hostile-journals", test_hostile_journals);
  g_test_add_func ("/part-journal/name-stays-inside", test_name_stays_inside);
#ifdef G_OS_UNIX
  g_test_add_func ("/part-journal/link-not-followed", test_link_not_followed);
#endif
  g_test_add_func ("/resume/file-id-vectors", test_file_id_vectors);
  g_test_add_func ("/resume/hostile-answers", test_hostile_answers);
  g_test_add_func ("/resume/hostile-decisions", test_hostile_decisions);
  g_test_add_func ("/resume/trailer", test_trailer);

  return g_test_run ();
}
