/* gofer-app-launcher.h: open a received file, or show it in its folder
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Opens the file (or folder) with the person's default application; goes
 * through the OpenURI portal when sandboxed. */
void     gofer_app_launcher_open_async            (GtkWindow            *parent,
                                                   GFile                *file,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean gofer_app_launcher_open_finish           (GAsyncResult         *result,
                                                   GError              **error);

/* Asks the file manager (org.freedesktop.FileManager1.ShowItems) to show
 * the file selected in its folder; without one, opens the folder. */
void     gofer_app_launcher_show_in_folder_async  (GtkWindow            *parent,
                                                   GFile                *file,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean gofer_app_launcher_show_in_folder_finish (GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
