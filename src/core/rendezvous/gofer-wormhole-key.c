/* gofer-wormhole-key.c: the wormhole's key and versions
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SPAKE2 exchange in the "pake" phase, which gives the key, and the
 * encrypted "version" phase, which confirms it and carries app_versions with
 * the features each side offers. Every encrypted phase from the peer is
 * opened here: "version" confirms the key, numbered phases go on to
 * gofer-wormhole-phases.c in order.
 */

#include "config.h"

#include "gofer-wormhole-object-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gofer-error.h"
#include "gofer-mailbox.h"
#include "gofer-spake2.h"
#include "gofer-json-private.h"

void
_gofer_wormhole_start_key_exchange (GoferWormhole *self,
                                    const char    *mailbox_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *message_hex = NULL;
  g_autofree char *json = NULL;
  g_autofree char *body_hex = NULL;

  self->spake2 = gofer_spake2_new ((const guint8 *)self->code, strlen (self->code),
                                   (const guint8 *)self->appid, strlen (self->appid));
  memcpy (self->own_pake, gofer_spake2_get_message (self->spake2), GOFER_SPAKE2_MESSAGE_SIZE);
  message_hex = gofer_hex_encode (self->own_pake, GOFER_SPAKE2_MESSAGE_SIZE);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pake_v1");
  json_builder_add_string_value (builder, message_hex);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  body_hex = gofer_hex_encode ((const guint8 *)json, strlen (json));

  gofer_mailbox_open (self->mailbox, mailbox_id);
  gofer_mailbox_add (self->mailbox, "pake", body_hex);
}

gboolean
_gofer_wormhole_compute_key (GoferWormhole  *self,
                             const char     *body_hex,
                             GError        **error)
{
  g_autoptr(GBytes) body = gofer_hex_decode (body_hex, strlen (body_hex));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) message = NULL;
  JsonObject *root;
  const char *pake_hex = NULL;

  if (body != NULL &&
      (root = _gofer_json_parse_object (parser, g_bytes_get_data (body, NULL),
                                        g_bytes_get_size (body))) != NULL)
    pake_hex = _gofer_json_get_string (root, "pake_v1", NULL);
  if (pake_hex != NULL)
    message = gofer_hex_decode (pake_hex, strlen (pake_hex));
  if (message == NULL)
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                           _("The other side sent a key exchange message that could not be "
                             "read. It may not be a Magic Wormhole program."));
      return FALSE;
    }

  self->key = gofer_spake2_finish (self->spake2, g_bytes_get_data (message, NULL),
                                   g_bytes_get_size (message), error);
  if (self->key != NULL)
    {
      self->william_key = gofer_spake2_steal_william_key (self->spake2);
      /* gofer_spake2_finish() accepts only messages of exactly this size. */
      memcpy (self->peer_pake, g_bytes_get_data (message, NULL), GOFER_SPAKE2_MESSAGE_SIZE);
      self->has_pakes = TRUE;
    }
  g_clear_pointer (&self->spake2, gofer_spake2_free);
  return self->key != NULL;
}

static gboolean
key_opens (const GoferKey *key,
           const char     *side,
           const char     *phase,
           const char     *body_hex)
{
  g_autoptr(GoferKey) phase_key = gofer_derive_phase_key (key, side, phase);
  g_autoptr(GBytes) boxed = gofer_hex_decode (body_hex, strlen (body_hex));
  g_autoptr(GBytes) plain = NULL;

  if (boxed != NULL)
    plain = gofer_secretbox_open (phase_key, g_bytes_get_data (boxed, NULL),
                                  g_bytes_get_size (boxed), NULL);
  return plain != NULL;
}

/* The peer's version is the first message it encrypted: the key that opens
 * it is the one the peer holds (gofer_spake2_steal_william_key()). */
void
_gofer_wormhole_pick_key (GoferWormhole *self,
                          const char    *version_hex)
{
  if (!key_opens (self->key, self->peer_side, "version", version_hex) &&
      key_opens (self->william_key, self->peer_side, "version", version_hex))
    {
      g_debug ("wormhole: the peer derived its key the way wormhole-william does");
      gofer_key_free (self->key);
      self->key = g_steal_pointer (&self->william_key);
    }
  g_clear_pointer (&self->william_key, gofer_key_free);
}

static void
copy_member (JsonObject  *from,
             const char  *name,
             JsonNode    *node,
             gpointer     user_data)
{
  json_object_set_member (user_data, name, json_node_copy (node));
}

void
_gofer_wormhole_send_version (GoferWormhole *self)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;

  json_object_set_object_member (object, "app_versions", json_object_ref (self->app_versions));
  if (self->version_extra != NULL)
    json_object_foreach_member (self->version_extra, copy_member, object);
  json_node_set_object (root, object);
  text = json_to_string (root, FALSE);
  bytes = g_bytes_new (text, strlen (text));
  _gofer_wormhole_send_encrypted (self, "version", bytes);
}

static gboolean
version_passes_check (GoferWormhole *self,
                      JsonObject    *root)
{
  g_autoptr(JsonObject) empty = json_object_new ();
  GError *error = NULL;

  if (self->version_check == NULL
      || self->version_check (self, root != NULL ? root : empty, self->version_check_data, &error))
    return TRUE;
  _gofer_wormhole_fail (self, error, "scary");
  return FALSE;
}

static void
confirm_key (GoferWormhole *self,
             GBytes        *version)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  GTask *task;

  root = _gofer_json_parse_object (parser, g_bytes_get_data (version, NULL),
                                   g_bytes_get_size (version));
  if (!version_passes_check (self, root))
    return;
  self->key_confirmed = TRUE;
  g_clear_pointer (&self->peer_versions, json_object_unref);
  if (root != NULL)
    {
      JsonObject *versions = _gofer_json_get_object (root, "app_versions");
      if (versions != NULL)
        self->peer_versions = json_object_ref (versions);
    }
  if (self->peer_versions == NULL)
    self->peer_versions = json_object_new ();

  for (guint i = 0; i < self->outbox->len; i++)
    _gofer_wormhole_send_numbered (self, g_ptr_array_index (self->outbox, i));
  g_ptr_array_set_size (self->outbox, 0);

  while ((task = g_queue_pop_head (&self->confirm_tasks)) != NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static gboolean
parse_phase_number (const char *phase,
                    guint64    *number)
{
  return g_ascii_string_to_unsigned (phase, 10, 0, G_MAXUINT64, number, NULL);
}

void
_gofer_wormhole_handle_encrypted (GoferWormhole *self,
                                  const char    *side,
                                  const char    *phase,
                                  const char    *body_hex)
{
  g_autoptr(GoferKey) phase_key = gofer_derive_phase_key (self->key, side, phase);
  g_autoptr(GBytes) boxed = gofer_hex_decode (body_hex, strlen (body_hex));
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GError) error = NULL;
  guint64 number;

  if (boxed != NULL)
    plain = gofer_secretbox_open (phase_key, g_bytes_get_data (boxed, NULL),
                                  g_bytes_get_size (boxed), &error);
  if (plain == NULL)
    {
      _gofer_wormhole_fail (self, g_error_new_literal (GOFER_ERROR, GOFER_ERROR_WRONG_CODE,
                                                       _("The other side used a different code, so the "
                                                         "connection was closed. Check the code for typos "
                                                         "and try again.")),
                            "scary");
      return;
    }

  if (g_str_equal (phase, "version"))
    confirm_key (self, plain);
  else if (parse_phase_number (phase, &number) && number >= self->next_in_phase)
    {
      guint64 *key = g_new (guint64, 1);
      *key = number;
      g_hash_table_insert (self->unordered, key, g_steal_pointer (&plain));
      _gofer_wormhole_deliver_in_order (self);
    }
  else
    g_debug ("wormhole: ignoring phase “%s”", phase);
}

void
gofer_wormhole_confirm_key_async (GoferWormhole       *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GOFER_IS_WORMHOLE (self));

  task = _gofer_wormhole_new_task (self, gofer_wormhole_confirm_key_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  if (self->key_confirmed)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  g_queue_push_tail (&self->confirm_tasks, task);
}

gboolean
gofer_wormhole_confirm_key_finish (GoferWormhole  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

JsonObject *
gofer_wormhole_get_peer_versions (GoferWormhole *self)
{
  g_return_val_if_fail (GOFER_IS_WORMHOLE (self), NULL);
  return self->peer_versions;
}

void
gofer_wormhole_set_app_versions (GoferWormhole *self,
                                 JsonObject    *app_versions)
{
  g_return_if_fail (GOFER_IS_WORMHOLE (self));
  g_return_if_fail (app_versions != NULL);

  json_object_unref (self->app_versions);
  self->app_versions = json_object_ref (app_versions);
}

/* app_versions.gofer.features, or NULL when @versions has none. */
static JsonArray *
gofer_features (JsonObject *versions)
{
  JsonObject *gofer = versions != NULL ? _gofer_json_get_object (versions, "gofer") : NULL;
  JsonNode *features = gofer != NULL ? json_object_get_member (gofer, "features") : NULL;

  return features != NULL && JSON_NODE_HOLDS_ARRAY (features) ? json_node_get_array (features) : NULL;
}

static gboolean
lists_feature (JsonObject *versions,
               const char *feature)
{
  JsonArray *features = gofer_features (versions);

  for (guint i = 0; features != NULL && i < json_array_get_length (features); i++)
    {
      JsonNode *item = json_array_get_element (features, i);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING &&
          g_str_equal (json_node_get_string (item), feature))
        return TRUE;
    }
  return FALSE;
}

void
gofer_wormhole_add_feature (GoferWormhole *self,
                            const char    *feature)
{
  JsonObject *gofer;

  g_return_if_fail (GOFER_IS_WORMHOLE (self));
  g_return_if_fail (feature != NULL);

  /* Once our version message is out, the peer cannot learn of it: listing
   * it now would make us believe in a feature the peer never saw. */
  if (self->key != NULL || lists_feature (self->app_versions, feature))
    return;
  if (gofer_features (self->app_versions) == NULL)
    {
      gofer = json_object_new ();
      json_object_set_int_member (gofer, "protocol", GOFER_PROTOCOL_VERSION);
      json_object_set_array_member (gofer, "features", json_array_new ());
      json_object_set_object_member (self->app_versions, "gofer", gofer);
    }
  json_array_add_string_element (gofer_features (self->app_versions), feature);
}

gboolean
gofer_wormhole_shares_feature (GoferWormhole *self,
                               const char    *feature)
{
  g_return_val_if_fail (GOFER_IS_WORMHOLE (self), FALSE);
  g_return_val_if_fail (feature != NULL, FALSE);

  return lists_feature (self->app_versions, feature) && lists_feature (self->peer_versions, feature);
}
