/* gofer-relay-usage.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The optional usage log (--usage-log): one JSON object per line for each
 * finished nameplate, mailbox and transit pair, like the reference servers'
 * usage databases. It records durations, byte counts and outcomes only:
 * never nameplates, mailbox ids, sides, tokens, bodies or addresses.
 * Lines are written asynchronously, one write at a time, in order.
 */

#include "config.h"

#include "gofer-relay-usage.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

struct _GoferRelayUsage
{
  GObject        parent_instance;

  GOutputStream *stream;
  GQueue         pending;   /* GBytes, oldest first */
  gboolean       writing;
  guint          blur_seconds;
};

G_DEFINE_FINAL_TYPE (GoferRelayUsage, gofer_relay_usage, G_TYPE_OBJECT)

static void usage_write_next (GoferRelayUsage *self);

static void
gofer_relay_usage_finalize (GObject *object)
{
  GoferRelayUsage *self = (GoferRelayUsage *)object;

  g_queue_clear_full (&self->pending, (GDestroyNotify)g_bytes_unref);
  g_clear_object (&self->stream);

  G_OBJECT_CLASS (gofer_relay_usage_parent_class)->finalize (object);
}

static void
gofer_relay_usage_class_init (GoferRelayUsageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gofer_relay_usage_finalize;
}

static void
gofer_relay_usage_init (GoferRelayUsage *self)
{
  g_queue_init (&self->pending);
}

/**
 * gofer_relay_usage_new:
 * @path: the log file; lines are appended
 * @blur_seconds: round start times down to a multiple of this (0: exact)
 */
GoferRelayUsage *
gofer_relay_usage_new (const char  *path,
                       guint        blur_seconds,
                       GError     **error)
{
  g_autoptr(GoferRelayUsage) self = g_object_new (GOFER_RELAY_TYPE_USAGE, NULL);
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) local_error = NULL;

  self->stream = G_OUTPUT_STREAM (g_file_append_to (file, G_FILE_CREATE_NONE, NULL, &local_error));
  if (self->stream == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* Translators: the first %s is a file name, the second the reason */
                   _("Could not open the usage log “%s”: %s"), path, local_error->message);
      return NULL;
    }
  self->blur_seconds = blur_seconds;

  return g_steal_pointer (&self);
}

static void
usage_write_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GoferRelayUsage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_bytes_finish (G_OUTPUT_STREAM (object), result, &error))
    g_warning ("usage log: could not write: %s", error->message);
  g_bytes_unref (g_queue_pop_head (&self->pending));
  self->writing = FALSE;
  usage_write_next (self);
}

static void
usage_write_next (GoferRelayUsage *self)
{
  GBytes *next;

  if (self->writing || self->stream == NULL || (next = g_queue_peek_head (&self->pending)) == NULL)
    return;

  /* Lines are short; a partial write of a file stream is not expected, and
   * a torn line would only spoil statistics. */
  self->writing = TRUE;
  g_output_stream_write_bytes_async (self->stream, next, G_PRIORITY_LOW, NULL,
                                     usage_write_cb, g_object_ref (self));
}

static void
usage_append (GoferRelayUsage *self,
              JsonBuilder     *builder)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  char *line;

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  line = g_strconcat (text, "\n", NULL);
  g_queue_push_tail (&self->pending, g_bytes_new_take (line, strlen (line)));
  usage_write_next (self);
}

static double
usage_blur (GoferRelayUsage *self,
            double           when)
{
  if (self->blur_seconds == 0)
    return when;
  return self->blur_seconds * (gint64)(when / self->blur_seconds);
}

static JsonBuilder *
usage_begin (GoferRelayUsage *self,
             const char      *event,
             double           started)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, event);
  json_builder_set_member_name (builder, "started");
  json_builder_add_double_value (builder, usage_blur (self, started));

  return builder;
}

static void
usage_add_times (JsonBuilder *builder,
                 double       waiting_time,
                 double       total_time,
                 const char  *result)
{
  json_builder_set_member_name (builder, "waiting_time");
  if (waiting_time < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, waiting_time);
  json_builder_set_member_name (builder, "total_time");
  json_builder_add_double_value (builder, total_time);
  json_builder_set_member_name (builder, "result");
  json_builder_add_string_value (builder, result);
}

/**
 * gofer_relay_usage_record_channel:
 * @kind: "nameplate" or "mailbox"
 * @waiting_time: seconds between the first and second side, or < 0 if
 *   only one side came
 * @result: happy, lonely, scary, errory, pruney, crowded, ...
 */
void
gofer_relay_usage_record_channel (GoferRelayUsage *self,
                                  const char      *kind,
                                  const char      *app_id,
                                  double           started,
                                  double           waiting_time,
                                  double           total_time,
                                  const char      *result)
{
  g_autoptr(JsonBuilder) builder = NULL;

  if (self == NULL)
    return;
  g_return_if_fail (GOFER_RELAY_IS_USAGE (self));

  builder = usage_begin (self, kind, started);
  json_builder_set_member_name (builder, "app_id");
  json_builder_add_string_value (builder, app_id);
  usage_add_times (builder, waiting_time, total_time, result);
  usage_append (self, builder);
}

/* Like the reference relay: byte counts are rounded up when blurring. */
static guint64
usage_blur_bytes (GoferRelayUsage *self,
                  guint64          bytes)
{
  guint64 step;

  if (self->blur_seconds == 0 || bytes == 0)
    return bytes;
  step = bytes < 1000000 ? 10000 : bytes < 1000000000 ? 1000000 : 100000000;
  return step * ((bytes + step - 1) / step);
}

void
gofer_relay_usage_record_transit (GoferRelayUsage *self,
                                  double           started,
                                  double           waiting_time,
                                  double           total_time,
                                  guint64          total_bytes,
                                  const char      *result)
{
  g_autoptr(JsonBuilder) builder = NULL;

  if (self == NULL)
    return;
  g_return_if_fail (GOFER_RELAY_IS_USAGE (self));

  builder = usage_begin (self, "transit", started);
  json_builder_set_member_name (builder, "total_bytes");
  json_builder_add_int_value (builder, usage_blur_bytes (self, total_bytes));
  usage_add_times (builder, waiting_time, total_time, result);
  usage_append (self, builder);
}

void
gofer_relay_usage_record_client_version (GoferRelayUsage *self,
                                         const char      *app_id,
                                         const char      *implementation,
                                         const char      *version)
{
  g_autoptr(JsonBuilder) builder = NULL;

  if (self == NULL)
    return;
  g_return_if_fail (GOFER_RELAY_IS_USAGE (self));

  builder = usage_begin (self, "client_version", g_get_real_time () / (double)G_USEC_PER_SEC);
  json_builder_set_member_name (builder, "app_id");
  json_builder_add_string_value (builder, app_id);
  json_builder_set_member_name (builder, "implementation");
  json_builder_add_string_value (builder, implementation);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, version);
  usage_append (self, builder);
}

/**
 * gofer_relay_usage_close:
 *
 * Writes every queued line (blocking; meant for shutdown) and closes the
 * log.
 */
void
gofer_relay_usage_close (GoferRelayUsage *self)
{
  GBytes *bytes;

  g_return_if_fail (GOFER_RELAY_IS_USAGE (self));

  while (self->writing)
    g_main_context_iteration (NULL, TRUE);
  while ((bytes = g_queue_pop_head (&self->pending)) != NULL)
    {
      g_output_stream_write_all (self->stream, g_bytes_get_data (bytes, NULL),
                                 g_bytes_get_size (bytes), NULL, NULL, NULL);
      g_bytes_unref (bytes);
    }
  if (self->stream != NULL)
    g_output_stream_close (self->stream, NULL, NULL);
  g_clear_object (&self->stream);
}
