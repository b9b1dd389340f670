/* gofer-pairing-files.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-pairing-files-private.h"
#include "gofer-crypto.h"
#include "gofer-error.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

char *
_gofer_pairing_folder (const char *folder)
{
  if (folder != NULL)
    return g_strdup (folder);
  return g_build_filename (g_get_user_data_dir (), "gofer", NULL);
}

gboolean
_gofer_pairing_load (GKeyFile    *key_file,
                     const char  *path,
                     gboolean    *missing,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  *missing = FALSE;
  if (g_key_file_load_from_file (key_file, path, G_KEY_FILE_KEEP_COMMENTS, &local_error))
    return TRUE;
  if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      *missing = TRUE;
      return FALSE;
    }
  g_set_error (error, GOFER_ERROR, GOFER_ERROR_FAILED,
               /* Translators: %s is a file name, then the system's reason. */
               _("Gofer could not read %s (%s). Paired computers need it: "
                 "repair or move it away, then pair again."),
               path, local_error->message);
  return FALSE;
}

static gboolean
make_folder (const char  *path,
             GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);

  if (g_mkdir_with_parents (folder, 0700) == 0)
    return TRUE;
  g_set_error (error, GOFER_ERROR, GOFER_ERROR_FAILED,
               /* Translators: %s is a folder, then the system's reason. */
               _("Gofer could not make the folder %s (%s)."),
               folder, g_strerror (errno));
  return FALSE;
}

gboolean
_gofer_pairing_save (GKeyFile    *key_file,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;
  char *text;
  gboolean ok;

  if (!make_folder (path, error))
    return FALSE;
  text = g_key_file_to_data (key_file, &len, NULL);
  ok = g_file_set_contents_full (path, text, len, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, &local_error);
  sodium_memzero (text, len);
  g_free (text);
  if (!ok)
    g_set_error (error, GOFER_ERROR, GOFER_ERROR_FAILED,
                 /* Translators: %s is a file name, then the system's reason. */
                 _("Gofer could not save %s (%s)."), path, local_error->message);
  return ok;
}

gboolean
_gofer_pairing_get_hex (GKeyFile   *key_file,
                        const char *group,
                        const char *key,
                        guint8     *out,
                        gsize       len)
{
  char *hex = g_key_file_get_string (key_file, group, key, NULL);
  gsize hex_len = hex != NULL ? strlen (hex) : 0;
  gboolean ok;

  ok = hex_len == 2 * len
       && sodium_hex2bin (out, len, hex, hex_len, NULL, NULL, NULL) == 0;
  if (hex != NULL)
    sodium_memzero (hex, hex_len);
  g_free (hex);
  return ok;
}

void
_gofer_pairing_set_hex (GKeyFile     *key_file,
                        const char   *group,
                        const char   *key,
                        const guint8 *data,
                        gsize         len)
{
  char *hex = gofer_hex_encode (data, len);

  g_key_file_set_string (key_file, group, key, hex);
  sodium_memzero (hex, 2 * len);
  g_free (hex);
}
