/* gofer-app-settings.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-settings.h"

#include <glib/gi18n.h>
#include <string.h>

gboolean
gofer_app_settings_check_schema (GError **error)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, GOFER_APP_SCHEMA_ID, TRUE);
  if (schema != NULL)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               /* Translators: %s is a settings schema id */
               _("Gofer cannot start because its settings schema “%s” is not installed. "
                 "Reinstall Gofer; to run it from a build folder, use “build-aux/dev run” "
                 "or “meson devenv”."),
               GOFER_APP_SCHEMA_ID);
  return FALSE;
}

GSettings *
gofer_app_settings_new (void)
{
  return g_settings_new (GOFER_APP_SCHEMA_ID);
}

GFile *
gofer_app_settings_dup_download_folder (GSettings *settings)
{
  g_autofree char *path = NULL;
  const char *xdg;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  path = g_settings_get_string (settings, GOFER_APP_SETTINGS_DOWNLOAD_FOLDER);
  if (path[0] != '\0')
    return g_file_new_for_path (path);

  if ((xdg = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD)))
    return g_file_new_for_path (xdg);

  return g_file_new_for_path (g_get_home_dir ());
}

gboolean
gofer_app_settings_is_valid_mailbox_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL || !(uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL)))
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  return (g_ascii_strcasecmp (scheme, "ws") == 0 || g_ascii_strcasecmp (scheme, "wss") == 0) &&
         host != NULL && host[0] != '\0';
}

gboolean
gofer_app_settings_is_valid_transit_helper (const char *hint)
{
  const char *host;
  const char *colon;

  if (hint == NULL || !g_str_has_prefix (hint, "tcp:") || strpbrk (hint, " \t\n") != NULL)
    return FALSE;

  host = hint + strlen ("tcp:");
  if (!(colon = strrchr (host, ':')) || colon == host)
    return FALSE;

  return g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, NULL, NULL);
}
