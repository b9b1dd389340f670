/* gofer-app-window-dnd.c: files dropped on the window
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-window-private.h"

#include <glib/gi18n.h>

#include "gofer-app-format.h"
#include "gofer-app-launcher.h"
#include "gofer-app-settings.h"
#include "gofer.h"

GListModel *
_gofer_app_window_files_from_list (GdkFileList *file_list)
{
  GListStore *store = g_list_store_new (G_TYPE_FILE);
  GSList *files = gdk_file_list_get_files (file_list);

  for (GSList *l = files; l; l = l->next)
    g_list_store_append (store, l->data);
  g_slist_free (files);

  return G_LIST_MODEL (store);
}

gboolean
_gofer_app_window_drop_cb (GoferAppWindow *self,
                           const GValue   *value,
                           double          x,
                           double          y,
                           GtkDropTarget  *target)
{
  g_autoptr(GListModel) files = NULL;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || gofer_app_window_is_busy (self))
    return FALSE;

  files = _gofer_app_window_files_from_list (g_value_get_boxed (value));
  if (g_list_model_get_n_items (files) == 0)
    return FALSE;

  gofer_app_window_request_send (self, files);
  return TRUE;
}
