/* gofer-unpack.c: a folder that arrived packed as one file
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-unpack.h"

#include <glib/gi18n-lib.h>

#include "gofer-archive.h"
#include "gofer-error.h"
#include "gofer-transfer-private.h"

char *
gofer_receiver_dup_packed_folder (GoferReceiver *receiver)
{
  GFile *file;
  GoferOffer *offer;
  g_autofree char *name = NULL;
  char *stem = NULL;

  g_return_val_if_fail (GOFER_IS_RECEIVER (receiver), NULL);

  file = gofer_receiver_get_received_file (receiver);
  offer = gofer_receiver_get_offer (receiver);
  if (file == NULL || offer == NULL || gofer_offer_get_kind (offer) != GOFER_OFFER_FILE ||
      !_gofer_transfer_peer_packs_folders (gofer_transfer_get_wormhole (GOFER_TRANSFER (receiver))))
    return NULL;
  name = g_file_get_basename (file);
  /* Saved as "photos (1).zip" when photos.zip was taken: still photos. */
  if (!gofer_archive_format_for_name (gofer_offer_get_name (offer), NULL, &stem) ||
      !gofer_archive_format_for_name (name, NULL, NULL))
    return NULL;
  return stem;
}

void
gofer_unpack_async (GFile               *archive,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autofree char *name = NULL;
  g_autofree char *stem = NULL;
  g_autoptr(GFile) parent = NULL;
  GoferArchiveFormat format;

  g_return_if_fail (G_IS_FILE (archive));

  name = g_file_get_basename (archive);
  parent = g_file_get_parent (archive);
  if (name == NULL || parent == NULL || !gofer_archive_format_for_name (name, &format, &stem))
    {
      g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

      g_task_set_source_tag (task, gofer_unpack_async);
      g_task_return_new_error (task, GOFER_ERROR, GOFER_ERROR_FAILED,
                               _("Only a file called NAME.zip or NAME.tar can be unpacked."));
      return;
    }
  gofer_archive_unpack_async (archive, format, parent, stem, NULL, NULL, NULL,
                              cancellable, callback, user_data);
}

GFile *
gofer_unpack_finish (GAsyncResult  *result,
                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
