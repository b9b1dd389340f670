/* gofer-transfer-private.c: pieces the transfer classes share
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gofer-transfer-private.h"

#include <glib/gi18n-lib.h>

#include "gofer-record-cipher.h"
#include "gofer-safe-path.h"
#include "gofer-transit-hints.h"

gboolean
_gofer_transfer_peer_packs_folders (GoferWormhole *wormhole)
{
  JsonObject *versions = wormhole ? gofer_wormhole_get_peer_versions (wormhole) : NULL;
  JsonNode *abilities = versions != NULL ? json_object_get_member (versions, "abilities") : NULL;
  JsonArray *list;

  if (abilities == NULL || !JSON_NODE_HOLDS_ARRAY (abilities))
    return FALSE;
  list = json_node_get_array (abilities);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *ability = json_array_get_element (list, i);

      if (JSON_NODE_HOLDS_VALUE (ability) && json_node_get_value_type (ability) == G_TYPE_STRING &&
          g_str_equal (json_node_get_string (ability), "transfer-v1"))
        return TRUE;
    }
  return FALSE;
}

GoferTransit *
_gofer_transfer_new_transit_with_key (const GoferKey    *transit_key,
                                      GoferTransitRole   role,
                                      const char        *transit_helper,
                                      gboolean           listen,
                                      GError           **error)
{
  g_autoptr(GoferTransit) transit = gofer_transit_new (role, transit_key);

  gofer_transit_set_listen (transit, listen);
  if (transit_helper != NULL && *transit_helper != '\0')
    {
      g_autoptr(GoferTransitHint) relay = gofer_transit_hint_parse_relay_url (transit_helper, error);

      if (relay == NULL)
        return NULL;
      gofer_transit_add_relay (transit, relay);
    }
  return g_steal_pointer (&transit);
}

GoferTransit *
_gofer_transfer_new_transit (GoferWormhole     *wormhole,
                             GoferTransitRole   role,
                             const char        *transit_helper,
                             gboolean           listen,
                             GError           **error)
{
  g_autoptr(GoferKey) transit_key = NULL;

  g_assert (gofer_wormhole_get_key (wormhole) != NULL);

  transit_key = gofer_derive_transit_key (gofer_wormhole_get_key (wormhole),
                                          gofer_wormhole_get_appid (wormhole));
  return _gofer_transfer_new_transit_with_key (transit_key, role, transit_helper, listen, error);
}

typedef struct
{
  GObject  *object;
  void    (*func) (GObject *object);
} CancelWatch;

static void
cancel_watch_free (gpointer data)
{
  CancelWatch *watch = data;

  g_object_unref (watch->object);
  g_free (watch);
}

static gboolean
cancel_idle_cb (gpointer data)
{
  CancelWatch *watch = data;

  watch->func (watch->object);
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      data)
{
  CancelWatch *watch = data;
  CancelWatch *copy = g_new0 (CancelWatch, 1);

  /* Cancel may come from any thread, and from inside g_cancellable_connect(). */
  copy->object = g_object_ref (watch->object);
  copy->func = watch->func;
  g_idle_add_full (G_PRIORITY_DEFAULT, cancel_idle_cb, copy, cancel_watch_free);
}

gulong
_gofer_transfer_watch_cancel (GCancellable  *cancellable,
                              GObject       *object,
                              void         (*func) (GObject *object))
{
  CancelWatch *watch;

  if (cancellable == NULL)
    return 0;
  watch = g_new0 (CancelWatch, 1);
  watch->object = g_object_ref (object);
  watch->func = func;
  return g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), watch, cancel_watch_free);
}

GError *
_gofer_transfer_cancelled_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The transfer was cancelled."));
}

/* --- what a sender offers --- */

void
_gofer_payload_free (GoferPayload *payload)
{
  g_clear_object (&payload->offer);
  g_clear_object (&payload->payload);
  g_clear_pointer (&payload->archive, gofer_archive_free);
  g_free (payload);
}

typedef struct
{
  GPtrArray         *files;
  GoferProgressFunc  progress;
  gpointer           progress_data;
  GDestroyNotify     progress_destroy;
} PayloadData;

static void
payload_data_free (PayloadData *data)
{
  g_ptr_array_unref (data->files);
  if (data->progress_destroy != NULL)
    data->progress_destroy (data->progress_data);
  g_free (data);
}

/* Offers carry UTF-8 (JSON), but a local name is whatever bytes the file
 * system holds: convert, or replace what is not UTF-8 (U+FFFD). */
static char *
offer_name (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  char *utf8 = g_filename_to_utf8 (name, -1, NULL, NULL, NULL);

  return utf8 != NULL ? utf8 : g_utf8_make_valid (name, -1);
}

/* Several paths go as one folder, named after what is in it ("notes and
 * 2 more"), not after a word the receiver cannot place. */
static char *
bundle_name (GPtrArray *files)
{
  g_autofree char *first = offer_name (g_ptr_array_index (files, 0));
  char *dot = strrchr (first, '.');
  guint more = files->len - 1;

  /* "notes.txt" is named "notes"; ".bashrc" keeps its name. */
  if (dot != NULL && dot != first)
    *dot = '\0';
  /* Translators: the name of the folder that several files are sent in:
   * the first file's name without its extension, then how many follow */
  return g_strdup_printf (ngettext ("%s and %u more", "%s and %u more", more), first, more);
}

static void
archive_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PayloadData *data = g_task_get_task_data (task);
  GoferPayload *payload = g_new0 (GoferPayload, 1);
  g_autofree char *dirname = NULL;
  GError *error = NULL;

  payload->archive = gofer_archive_build_finish (result, &error);
  if (payload->archive == NULL)
    {
      _gofer_payload_free (payload);
      g_task_return_error (task, error);
      return;
    }
  if (data->files->len == 1)
    dirname = offer_name (g_ptr_array_index (data->files, 0));
  else
    dirname = bundle_name (data->files);
  payload->payload = g_object_ref (payload->archive->file);
  payload->offer = gofer_offer_new_directory (dirname, payload->archive->zipsize,
                                              payload->archive->numbytes,
                                              payload->archive->numfiles);
  g_task_return_pointer (task, payload, (GDestroyNotify)_gofer_payload_free);
}

static void
query_info_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PayloadData *data = g_task_get_task_data (task);
  g_autoptr(GFileInfo) info = NULL;
  GFile *file = G_FILE (source);
  GError *error = NULL;

  info = g_file_query_info_finish (file, result, &error);
  if (info == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (data->files->len == 1 && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
    {
      GoferPayload *payload = g_new0 (GoferPayload, 1);
      g_autofree char *name = offer_name (file);

      payload->payload = g_object_ref (file);
      payload->offer = gofer_offer_new_file (name, (guint64)g_file_info_get_size (info));
      g_task_return_pointer (task, payload, (GDestroyNotify)_gofer_payload_free);
      return;
    }

  /* The archive reports progress from now on. */
  gofer_archive_build_async ((GFile * const *)data->files->pdata, data->files->len, NULL,
                             data->progress, data->progress_data, data->progress_destroy,
                             g_task_get_cancellable (task), archive_cb, g_object_ref (task));
  data->progress_destroy = NULL;
}

void
_gofer_transfer_prepare_payload_async (GFile * const       *files,
                                       guint                n_files,
                                       GoferProgressFunc    progress,
                                       gpointer             progress_data,
                                       GDestroyNotify       progress_destroy,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  PayloadData *data = g_new0 (PayloadData, 1);

  g_return_if_fail (files != NULL && n_files > 0);

  data->files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (data->files, g_object_ref (files[i]));
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_destroy = progress_destroy;
  g_task_set_source_tag (task, _gofer_transfer_prepare_payload_async);
  g_task_set_task_data (task, data, (GDestroyNotify)payload_data_free);
  g_file_query_info_async (files[0],
                           G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, cancellable,
                           query_info_cb, task);
}

GoferPayload *
_gofer_transfer_prepare_payload_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_gofer_transfer_configure_records (GoferRecordStream *records,
                                   GoferWormhole     *wormhole,
                                   gboolean           may_skip_hash,
                                   const char        *who)
{
  gboolean aes = gofer_wormhole_shares_feature (wormhole, GOFER_FEATURE_TRANSIT_AES256GCM);
  /* The records are authenticated and numbered, and the receiver counts the
   * bytes: a SHA-256 over them would only prove the same thing again, at
   * more than a third of a transfer's CPU time. */
  gboolean bare_ack = may_skip_hash &&
                      gofer_wormhole_shares_feature (wormhole, GOFER_FEATURE_TRANSIT_BARE_ACK);

  if (aes)
    gofer_record_stream_set_cipher (records, GOFER_RECORD_CIPHER_AES256GCM);
  if (bare_ack)
    gofer_record_stream_set_hash_payload (records, FALSE);
  g_debug ("%s: connected (%s, %s%s)", who, gofer_record_stream_get_description (records),
           aes ? "aes-256-gcm" : "xsalsa20-poly1305", bare_ack ? ", bare ack" : "");
}

/* --- what a receiver keeps --- */

static void
part_created_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GoferPartFile *part = gofer_part_file_new_finish (result, &error);

  if (part == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* From now on the .part gives the space back, whatever happens to it. */
  gofer_part_file_hold_space (part, g_object_steal_data (G_OBJECT (task), "reservation"));
  g_task_return_pointer (task, part, g_object_unref);
}

static void
space_reserved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GFile *folder = g_task_get_task_data (task);
  const char *name = g_object_get_data (G_OBJECT (task), "name");
  GError *error = NULL;
  GoferSpaceReservation *reservation = gofer_space_reserve_finish (result, &error);

  if (reservation == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "reservation", reservation,
                          (GDestroyNotify)gofer_space_reservation_release);
  gofer_part_file_new_async (folder, name, FALSE, g_task_get_cancellable (task),
                             part_created_cb, g_object_ref (task));
}

/* The offer's size is booked against the free space, together with every
 * other receive that still runs (gofer-space-reservation.h). */
void
_gofer_transfer_create_part_async (GFile               *folder,
                                   GoferOffer          *offer,
                                   const char          *name,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  guint64 needed = gofer_offer_get_size (offer);
  gboolean folder_offer = gofer_offer_get_kind (offer) == GOFER_OFFER_DIRECTORY;

  g_task_set_source_tag (task, _gofer_transfer_create_part_async);
  g_task_set_task_data (task, g_object_ref (folder), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "name",
                          folder_offer ? g_strconcat (name, ".zip", NULL) : g_strdup (name),
                          g_free);
  if (folder_offer)
    needed += gofer_offer_get_numbytes (offer);
  gofer_space_reserve_async (folder, needed, cancellable, space_reserved_cb,
                             g_steal_pointer (&task));
}

GoferPartFile *
_gofer_transfer_create_part_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
extracted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GoferPartFile *part = g_task_get_task_data (task);
  GError *error = NULL;
  GFile *folder = gofer_archive_extract_finish (result, &error);

  if (folder == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  gofer_part_file_discard (part);
  g_task_return_pointer (task, folder, g_object_unref);
}

static void
committed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GoferPartFile *part = GOFER_PART_FILE (source);
  GError *error = NULL;

  if (!gofer_part_file_commit_finish (part, result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_object_ref (gofer_part_file_get_target (part)), g_object_unref);
}

void
_gofer_transfer_finish_part_async (GoferPartFile       *part,
                                   GoferOffer          *offer,
                                   const char          *name,
                                   GoferProgressFunc    progress,
                                   gpointer             progress_data,
                                   GDestroyNotify       progress_destroy,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GoferArchiveLimits limits = {
    .expected_numbytes = gofer_offer_get_numbytes (offer),
    .expected_numfiles = gofer_offer_get_numfiles (offer),
  };
  GFile *zip = gofer_part_file_get_part (part);
  g_autoptr(GFile) dest = g_file_get_parent (zip);
  GError *error = NULL;

  g_task_set_source_tag (task, _gofer_transfer_finish_part_async);
  g_task_set_task_data (task, g_object_ref (part), g_object_unref);
  if (gofer_offer_get_kind (offer) == GOFER_OFFER_DIRECTORY &&
      g_output_stream_close (gofer_part_file_get_output_stream (part), NULL, &error))
    {
      gofer_archive_extract_async (zip, dest, name, &limits, progress, progress_data,
                                   progress_destroy, cancellable, extracted_cb,
                                   g_steal_pointer (&task));
      return;
    }
  /* Only unpacking reports progress. */
  if (progress_destroy != NULL)
    progress_destroy (progress_data);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    gofer_part_file_commit_async (part, cancellable, committed_cb, g_steal_pointer (&task));
}

GFile *
_gofer_transfer_finish_part_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
