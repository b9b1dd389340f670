/* fuzz-replay.c: runs a fuzz target over files, without libFuzzer
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   fuzz-NAME-replay PATH...
 *
 * Every PATH is a file, or a directory whose files are all run, in name
 * order. Prints TAP, one line per input; a crash ends the program, which is
 * what the test runner reports. The empty input always runs first.
 */

#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz-common.h"

static guint n_run;

static void
run_one (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      printf ("not ok %u - %s: %s\n", ++n_run, path, error->message);
      exit (1);
    }
  LLVMFuzzerTestOneInput ((const uint8_t *)contents, len);
  printf ("ok %u - %s (%" G_GSIZE_FORMAT " bytes)\n", ++n_run, path, len);
  fflush (stdout);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *)a, *(char * const *)b);
}

static void
run_dir (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    {
      printf ("not ok %u - %s: %s\n", ++n_run, path, error->message);
      exit (1);
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    if (g_file_test (g_ptr_array_index (names, i), G_FILE_TEST_IS_REGULAR))
      run_one (g_ptr_array_index (names, i));
}

int
main (int    argc,
      char **argv)
{
  LLVMFuzzerTestOneInput ((const uint8_t *)"", 0);
  printf ("ok %u - the empty input\n", ++n_run);

  for (int i = 1; i < argc; i++)
    {
      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        run_dir (argv[i]);
      else
        run_one (argv[i]);
    }

  printf ("1..%u\n", n_run);
  return 0;
}
