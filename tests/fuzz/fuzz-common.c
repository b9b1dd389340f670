/* fuzz-common.c: process set-up shared by the fuzz targets
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"

#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>

#include "gofer-crypto.h"
#include "gofer-safe-path.h"

static char *tmp_dir;

static void
remove_tmp_dir (void)
{
  g_autoptr(GFile) dir = NULL;

  if (tmp_dir == NULL)
    return;
  dir = g_file_new_for_path (tmp_dir);
  gofer_delete_recursive (dir, NULL, NULL);
  g_clear_pointer (&tmp_dir, g_free);
}

void
fuzz_fail (const char *what,
           const char *condition)
{
  fprintf (stderr, "fuzz invariant broken: %s (%s)\n", what, condition);
  abort ();
}

/* Anything a peer can make GLib, json-glib or Gofer complain about (a
 * g_return_if_fail() reached from the network) is a bug: print it, then
 * abort. Old-style g_log() calls arrive here too, through the default
 * handler. */
static GLogWriterOutput
writer_cb (GLogLevelFlags   log_level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  GLogWriterOutput out = g_log_writer_default (log_level, fields, n_fields, user_data);

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    fuzz_fail ("no warning or critical is logged", "log level");
  return out;
}

void
fuzz_init (void)
{
  static gsize done;

  if (!g_once_init_enter (&done))
    return;
  g_log_set_writer_func (writer_cb, NULL, NULL);
  if (!gofer_crypto_init ())
    fuzz_fail ("libsodium initialises", "gofer_crypto_init ()");
  g_once_init_leave (&done, 1);
}

const char *
fuzz_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;

  if (tmp_dir != NULL)
    return tmp_dir;
  tmp_dir = g_dir_make_tmp ("gofer-fuzz-XXXXXX", &error);
  if (tmp_dir == NULL)
    fuzz_fail (error->message, "g_dir_make_tmp ()");
  atexit (remove_tmp_dir);
  return tmp_dir;
}

void
fuzz_iterate_until (const gboolean *done)
{
  GMainContext *context = g_main_context_get_thread_default ();

  while (!*done)
    g_main_context_iteration (context, TRUE);
}
