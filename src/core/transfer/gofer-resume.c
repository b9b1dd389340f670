/* gofer-resume.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything from the network is checked here before anyone acts on it:
 * an offset is an integer in 1..size, a hash is 64 lowercase hex digits, and
 * the sender's decision is one of the two offsets it may choose. The sender
 * never reads more than the offset the receiver named, so a peer cannot make
 * it hash more than its own file once.
 */

#include "config.h"

#include "gofer-resume.h"

#include <glib/gi18n-lib.h>

#include "gofer-error.h"
#include "gofer-json-private.h"
#include "gofer-part-journal.h"

#define RESUME_KEY "gofer-resume"
#define RESUME_FROM_KEY "gofer-resume-from"
#define FILE_ID_PURPOSE "gofer:resume-v1:file-id"

char *
gofer_resume_file_id (GInputStream  *input,
                      guint64        size,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = NULL;
  gsize want = (gsize)MIN (size, (guint64)GOFER_RESUME_ID_BYTES);
  gsize got = 0;
  guint64 size_be = GUINT64_TO_BE (size);

  buffer = g_malloc (MAX (want, 1));
  if (!g_input_stream_read_all (input, buffer, want, &got, cancellable, error))
    return NULL;
  if (got < want)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                           _("The file became shorter while it was being sent. Send it again once nothing is changing it."));
      return NULL;
    }
  g_checksum_update (checksum, (const guint8 *)FILE_ID_PURPOSE, sizeof FILE_ID_PURPOSE - 1);
  g_checksum_update (checksum, (const guint8 *)&size_be, sizeof size_be);
  g_checksum_update (checksum, buffer, got);
  return g_strdup (g_checksum_get_string (checksum));
}

static void
file_id_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GFile *file = task_data;
  guint64 size = *(guint64 *)g_object_get_data (G_OBJECT (task), "size");
  g_autoptr(GInputStream) input = NULL;
  GError *error = NULL;
  char *id = NULL;

  input = G_INPUT_STREAM (g_file_read (file, cancellable, &error));
  if (input != NULL)
    id = gofer_resume_file_id (input, size, cancellable, &error);
  if (id != NULL)
    g_task_return_pointer (task, id, g_free);
  else
    g_task_return_error (task, error);
}

void
gofer_resume_file_id_async (GFile               *file,
                            guint64              size,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, gofer_resume_file_id_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "size", g_memdup2 (&size, sizeof size), g_free);
  g_task_run_in_thread (task, file_id_thread);
}

char *
gofer_resume_file_id_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- the sender's side of the check --- */

void
gofer_resume_source_free (GoferResumeSource *source)
{
  if (source == NULL)
    return;
  g_clear_object (&source->input);
  g_clear_object (&source->hash);
  g_free (source);
}

typedef struct
{
  GFile   *file;
  guint64  offset;
  char    *prefix_sha256;
} OpenSource;

static void
open_source_free (OpenSource *data)
{
  g_clear_object (&data->file);
  g_free (data->prefix_sha256);
  g_free (data);
}

static void
open_source_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  OpenSource *data = task_data;
  GoferResumeSource *source = g_new0 (GoferResumeSource, 1);
  g_autofree char *hex = NULL;
  GError *error = NULL;

  source->hash = gofer_hash_converter_new ();
  source->input = G_INPUT_STREAM (g_file_read (data->file, cancellable, &error));
  if (source->input == NULL
      || !gofer_hash_converter_absorb (source->hash, source->input, data->offset, cancellable, &error))
    goto failed;
  hex = gofer_hash_converter_get_hex (source->hash);
  source->start = data->offset;
  if (g_strcmp0 (hex, data->prefix_sha256) != 0)
    {
      /* Not the beginning of this file: all of it goes. */
      g_clear_object (&source->hash);
      source->hash = gofer_hash_converter_new ();
      source->start = 0;
      if (!g_seekable_seek (G_SEEKABLE (source->input), 0, G_SEEK_SET, cancellable, &error))
        goto failed;
    }
  g_task_return_pointer (task, source, (GDestroyNotify)gofer_resume_source_free);
  return;

failed:
  gofer_resume_source_free (source);
  g_task_return_error (task, error);
}

void
gofer_resume_open_source_async (GFile               *file,
                                guint64              offset,
                                const char          *prefix_sha256,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  OpenSource *data = g_new0 (OpenSource, 1);

  data->file = g_object_ref (file);
  data->offset = offset;
  data->prefix_sha256 = g_strdup (prefix_sha256);
  g_task_set_source_tag (task, gofer_resume_open_source_async);
  g_task_set_task_data (task, data, (GDestroyNotify)open_source_free);
  g_task_run_in_thread (task, open_source_thread);
}

GoferResumeSource *
gofer_resume_open_source_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- messages --- */

static gboolean
get_offset (JsonObject *object,
            guint64    *offset)
{
  JsonNode *node = json_object_get_member (object, "offset");
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  value = json_node_get_int (node);
  if (value < 0)
    return FALSE;
  *offset = (guint64)value;
  return TRUE;
}

static gboolean
protocol_error (GError **error)
{
  g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                       _("The other side asked to go on with a partly sent file in a way Gofer does not understand."));
  return FALSE;
}

void
gofer_resume_offer_add_file_id (JsonNode   *offer,
                                const char *file_id)
{
  JsonObject *body = json_object_new ();

  json_object_set_string_member (body, "file-id", file_id);
  json_object_set_object_member (json_node_get_object (offer), RESUME_KEY, body);
}

const char *
gofer_resume_offer_get_file_id (JsonObject *message)
{
  JsonObject *body = _gofer_json_get_object (message, RESUME_KEY);
  const char *id = body != NULL ? _gofer_json_get_string (body, "file-id", NULL) : NULL;

  return gofer_part_journal_is_sha256 (id) ? id : NULL;
}

void
gofer_resume_answer_add (JsonNode   *answer,
                         guint64     offset,
                         const char *prefix_sha256)
{
  JsonObject *body = json_object_new ();

  json_object_set_int_member (body, "offset", (gint64)offset);
  json_object_set_string_member (body, "sha256", prefix_sha256);
  json_object_set_object_member (json_node_get_object (answer), RESUME_KEY, body);
}

gboolean
gofer_resume_answer_get (JsonObject  *message,
                         guint64      size,
                         guint64     *offset,
                         const char **prefix_sha256,
                         GError     **error)
{
  JsonObject *body;

  if (!json_object_has_member (message, RESUME_KEY))
    return FALSE;
  body = _gofer_json_get_object (message, RESUME_KEY);
  if (body == NULL || !get_offset (body, offset) || *offset == 0 || *offset > size)
    return protocol_error (error);
  *prefix_sha256 = _gofer_json_get_string (body, "sha256", NULL);
  if (!gofer_part_journal_is_sha256 (*prefix_sha256))
    return protocol_error (error);
  return TRUE;
}

JsonNode *
gofer_resume_from_new (guint64 start)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonObject *body = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (body, "offset", (gint64)start);
  json_object_set_object_member (object, RESUME_FROM_KEY, body);
  json_node_set_object (node, object);
  return node;
}

gboolean
gofer_resume_from_get (JsonObject  *message,
                       guint64      offered,
                       guint64     *start,
                       GError     **error)
{
  JsonObject *body;

  if (!json_object_has_member (message, RESUME_FROM_KEY))
    return FALSE;
  body = _gofer_json_get_object (message, RESUME_FROM_KEY);
  if (body == NULL || !get_offset (body, start) || (*start != 0 && *start != offered))
    return protocol_error (error);
  return TRUE;
}

gboolean
gofer_resume_check_trailer (GBytes      *plain,
                            const char  *expected_sha256,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const void *data = plain != NULL ? g_bytes_get_data (plain, &len) : NULL;
  JsonObject *object = _gofer_json_parse_object (parser, data, len);
  const char *sha256 = object != NULL ? _gofer_json_get_string (object, "sha256", NULL) : NULL;

  if (object == NULL || g_strcmp0 (_gofer_json_get_string (object, "ack", NULL), "ok") != 0
      || sha256 == NULL)
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                           _("The other computer did not confirm the transfer properly. It may not have received everything."));
      return FALSE;
    }
  if (g_ascii_strcasecmp (sha256, expected_sha256) != 0)
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_CORRUPT,
                           _("The other computer received different data than was sent. Try sending again."));
      return FALSE;
    }
  return TRUE;
}
