/* gofer-safe-path.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#ifdef __linux__
# include <errno.h>
# include <fcntl.h>
# include <sys/syscall.h>
# include <unistd.h>
# ifndef RENAME_NOREPLACE
#  define RENAME_NOREPLACE (1 << 0)
# endif
#endif

#include "gofer-error.h"
#include "gofer-safe-path.h"

/* An extension longer than this is more likely part of a sentence. */
#define MAX_EXTENSION 16

static gboolean
is_unsafe_char (gunichar c)
{
  /* C0 and C1 controls (ESC, CSI: terminal escapes), DEL. */
  if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))
    return TRUE;
  /* Illegal in Windows names, or path separators. */
  if (c < 0x80 && strchr ("<>:\"/\\|?*", (int)c) != NULL)
    return TRUE;
  /* Bidirectional overrides and isolates make "exe.txt" look like "txt.exe";
   * line separators break one-line displays. */
  return c == 0x061c || c == 0x200e || c == 0x200f || c == 0x2028 || c == 0x2029
         || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/* The last component, with separators of either style at the end ignored. */
static char *
last_component (const char *path)
{
  gsize len = strlen (path);
  gsize start;

  while (len > 0 && (path[len - 1] == '/' || path[len - 1] == '\\'))
    len--;
  start = len;
  while (start > 0 && path[start - 1] != '/' && path[start - 1] != '\\')
    start--;

  return g_strndup (path + start, len - start);
}

static char *
replace_unsafe (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_unsafe_char (c))
        g_string_append_c (out, '_');
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* Windows drops trailing dots and spaces, so "a." and "a" would clash, and
 * "." and ".." disappear entirely. */
static void
trim_name (char *name)
{
  gsize len = strlen (name);
  gsize start = 0;

  while (len > 0 && (name[len - 1] == '.' || name[len - 1] == ' '))
    len--;
  while (start < len && name[start] == ' ')
    start++;
  memmove (name, name + start, len - start);
  name[len - start] = '\0';
}

static gboolean
is_device_name (const char *name)
{
  static const char *const devices[] = { "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$" };
  static const char *const numbered[] = { "COM", "LPT" };
  static const char *const superscripts[] = { "\xc2\xb9", "\xc2\xb2", "\xc2\xb3" };
  g_autofree char *stem = NULL;
  const char *dot = strchr (name, '.');

  /* Windows ignores the extension and spaces before it: "con .txt" is CON. */
  stem = g_ascii_strup (name, dot ? dot - name : -1);
  g_strchomp (stem);

  for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
    if (g_str_equal (stem, devices[i]))
      return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (numbered); i++)
    {
      if (!g_str_has_prefix (stem, numbered[i]))
        continue;
      if (strlen (stem) == 4 && g_ascii_isdigit (stem[3]))
        return TRUE;
      for (guint j = 0; j < G_N_ELEMENTS (superscripts); j++)
        if (g_str_equal (stem + 3, superscripts[j]))
          return TRUE;
    }

  return FALSE;
}

/* Offset where the extension starts, or the length when there is none. */
static gsize
extension_offset (const char *name)
{
  static const char *const compound[] = { ".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst",
                                          ".tar.lz", ".tar.lzma", ".tar.z" };
  gsize len = strlen (name);
  const char *dot;

  for (guint i = 0; i < G_N_ELEMENTS (compound); i++)
    {
      gsize ext_len = strlen (compound[i]);

      if (len > ext_len && g_ascii_strcasecmp (name + len - ext_len, compound[i]) == 0)
        return len - ext_len;
    }

  /* A leading dot makes a hidden file, not an extension. */
  dot = strrchr (name, '.');
  if (dot == NULL || dot == name || strchr (dot, ' ') != NULL)
    return len;
  if (len - (dot - name) < 2 || len - (dot - name) > MAX_EXTENSION)
    return len;

  return dot - name;
}

/* Longest prefix of @text of at most @max bytes that ends on a character boundary. */
static gsize
utf8_prefix_len (const char *text,
                 gsize       max)
{
  gsize len = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gsize next = g_utf8_next_char (p) - text;

      if (next > max)
        break;
      len = next;
    }

  return len;
}

static char *
compose (const char *name,
         const char *suffix,
         gsize       max_bytes)
{
  gsize ext_at = extension_offset (name);
  const char *ext = name + ext_at;
  gsize fixed = strlen (suffix) + strlen (ext);
  g_autofree char *stem = NULL;

  if (fixed >= max_bytes)
    {
      ext = "";
      ext_at = strlen (name);
      fixed = strlen (suffix);
    }
  stem = g_strndup (name, utf8_prefix_len (name, MIN (ext_at, max_bytes - fixed)));
  if (stem[0] != '\0' && ext_at > strlen (stem))
    trim_name (stem);
  /* Cut down to dots and spaces, nothing would be left before " (n)". */
  if (stem[0] == '\0' && name[0] != '\0')
    {
      g_free (stem);
      stem = g_strdup ("_");
    }

  return g_strconcat (stem, suffix, ext, NULL);
}

char *
gofer_safe_name (const char *name,
                 const char *fallback)
{
  g_autofree char *valid = NULL;
  g_autofree char *base = NULL;
  g_autofree char *clean = NULL;
  char *result;

  g_return_val_if_fail (fallback != NULL && fallback[0] != '\0', NULL);

  if (name == NULL)
    return g_strdup (fallback);

  valid = g_utf8_make_valid (name, -1);
  base = last_component (valid);
  clean = replace_unsafe (base);
  trim_name (clean);
  if (clean[0] == '\0')
    return g_strdup (fallback);

  if (is_device_name (clean))
    {
      char *prefixed = g_strconcat ("_", clean, NULL);

      g_free (clean);
      clean = prefixed;
    }

  result = compose (clean, "", GOFER_SAFE_NAME_MAX);
  if (result[0] == '\0')
    {
      g_free (result);
      return g_strdup (fallback);
    }

  return result;
}

gboolean
gofer_safe_name_is_hidden (const char *name)
{
  g_autofree char *safe = NULL;

  if (name == NULL)
    return FALSE;
  safe = gofer_safe_name (name, "_");
  return safe[0] == '.';
}

char *
gofer_safe_visible_name (const char *name,
                         const char *fallback)
{
  char *safe;

  g_return_val_if_fail (fallback != NULL && fallback[0] != '\0', NULL);

  safe = gofer_safe_name (name, fallback);
  /* Same length, so still within GOFER_SAFE_NAME_MAX; never "." or "..",
   * which gofer_safe_name() has already refused. */
  if (safe[0] == '.')
    safe[0] = '_';
  return safe;
}

char *
gofer_safe_name_numbered (const char *name,
                          guint       n,
                          gsize       max_bytes)
{
  g_autofree char *suffix = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (max_bytes >= 32, NULL);

  suffix = n > 0 ? g_strdup_printf (" (%u)", n) : g_strdup ("");
  return compose (name, suffix, max_bytes);
}

/* Free space */

static gboolean
check_space (GFileInfo  *info,
             GFile      *dir,
             guint64     needed,
             GError    **error)
{
  g_autofree char *needed_text = NULL;
  g_autofree char *free_text = NULL;
  g_autofree char *where = NULL;
  guint64 available;

  /* Some file systems (network shares) do not say; let the write find out. */
  if (!g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE))
    return TRUE;

  available = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
  if (available >= needed)
    return TRUE;

  needed_text = g_format_size (needed);
  free_text = g_format_size (available);
  where = g_file_get_parse_name (dir);
  g_set_error (error, GOFER_ERROR, GOFER_ERROR_NO_SPACE,
               /* Translators: the first %s is a folder, then two sizes like “2.1 GB” */
               _("There is not enough free space in “%s”: this needs %s but only %s are free. Free up some space or choose another folder."),
               where, needed_text, free_text);
  return FALSE;
}

gboolean
gofer_check_free_space (GFile         *dir,
                        guint64        needed,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;

  g_return_val_if_fail (G_IS_FILE (dir), FALSE);

  info = g_file_query_filesystem_info (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, cancellable, error);
  return info != NULL && check_space (info, dir, needed, error);
}

static void
filesystem_info_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GFileInfo) info = NULL;
  guint64 *needed = g_task_get_task_data (task);
  GError *error = NULL;

  info = g_file_query_filesystem_info_finish (G_FILE (object), result, &error);
  if (info != NULL && check_space (info, G_FILE (object), *needed, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
gofer_check_free_space_async (GFile               *dir,
                              guint64              needed,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (dir));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_check_free_space_async);
  g_task_set_task_data (task, g_memdup2 (&needed, sizeof needed), g_free);
  g_file_query_filesystem_info_async (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, G_PRIORITY_DEFAULT,
                                      cancellable, filesystem_info_cb, g_steal_pointer (&task));
}

gboolean
gofer_check_free_space_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Deleting and renaming */

gboolean
gofer_delete_recursive (GFile         *file,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) local_error = NULL;
  GFileType type;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable);
  if (type == G_FILE_TYPE_UNKNOWN)
    return TRUE;

  if (type == G_FILE_TYPE_DIRECTORY)
    {
      children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                            G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, error);
      if (children == NULL)
        return FALSE;

      for (;;)
        {
          GFile *child = NULL;

          if (!g_file_enumerator_iterate (children, NULL, &child, cancellable, error))
            return FALSE;
          if (child == NULL)
            break;
          if (!gofer_delete_recursive (child, cancellable, error))
            return FALSE;
        }
    }

  if (g_file_delete (file, cancellable, &local_error)
      || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
gofer_rename_no_replace (GFile         *from,
                         GFile         *to,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_return_val_if_fail (G_IS_FILE (from), FALSE);
  g_return_val_if_fail (G_IS_FILE (to), FALSE);

#if defined(__linux__) && defined(SYS_renameat2)
  /* rename() would silently replace a file, or an empty directory, that
   * appeared at @to since we looked. */
  if (g_file_peek_path (from) != NULL && g_file_peek_path (to) != NULL)
    {
      int saved;

      if (syscall (SYS_renameat2, AT_FDCWD, g_file_peek_path (from),
                   AT_FDCWD, g_file_peek_path (to), RENAME_NOREPLACE) == 0)
        return TRUE;

      saved = errno;
      if (saved != ENOSYS && saved != EINVAL)
        {
          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));
          return FALSE;
        }
    }
#endif

  /* Without OVERWRITE, GIO refuses when @to exists (checked just before renaming). */
  return g_file_move (from, to, G_FILE_COPY_NOFOLLOW_SYMLINKS | G_FILE_COPY_NO_FALLBACK_FOR_MOVE,
                      cancellable, NULL, NULL, error);
}
