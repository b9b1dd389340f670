/* gofer-app-settings.h: the app's GSettings
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Keys of the io.github.gofer_app.Gofer schema (shared by both profiles). */
#define GOFER_APP_SETTINGS_MAILBOX_URL           "mailbox-url"
#define GOFER_APP_SETTINGS_TRANSIT_HELPER        "transit-helper"
#define GOFER_APP_SETTINGS_CODE_LENGTH           "code-length"
#define GOFER_APP_SETTINGS_DOWNLOAD_FOLDER       "download-folder"
#define GOFER_APP_SETTINGS_NOTIFY_ONLY_UNFOCUSED "notify-only-unfocused"
#define GOFER_APP_SETTINGS_LOCAL_NETWORK_ONLY "local-network-only"

/* Whether the schema is installed where GSettings looks; without it
 * gofer_app_settings_new() would abort the process. */
gboolean   gofer_app_settings_check_schema        (GError    **error);
GSettings *gofer_app_settings_new                 (void);
/* The folder received files go to: the download-folder key, or the XDG
 * download folder when it is empty, or the home folder when there is none. */
GFile     *gofer_app_settings_dup_download_folder (GSettings  *settings);
/* A ws:// or wss:// URL with a host. */
gboolean   gofer_app_settings_is_valid_mailbox_url (const char *url);
/* tcp:HOST:PORT with a port from 1 to 65535. */
gboolean   gofer_app_settings_is_valid_transit_helper (const char *hint);

G_END_DECLS
