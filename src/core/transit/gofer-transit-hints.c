/* gofer-transit-hints.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "gofer-transit-hints.h"
#include "gofer-json-private.h"

GoferTransitHint *
gofer_transit_hint_new_direct (const char *hostname,
                               guint16     port,
                               double      priority)
{
  GoferTransitHint *hint = g_new0 (GoferTransitHint, 1);

  hint->type = GOFER_TRANSIT_HINT_DIRECT_TCP;
  hint->hostname = g_strdup (hostname ? hostname : "");
  hint->port = port;
  hint->priority = priority;

  return hint;
}

GoferTransitHint *
gofer_transit_hint_new_relay (const char *hostname,
                              guint16     port,
                              double      priority)
{
  GoferTransitHint *hint = g_new0 (GoferTransitHint, 1);

  hint->type = GOFER_TRANSIT_HINT_RELAY;
  hint->hostname = g_strdup ("");
  hint->priority = priority;
  hint->endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify)gofer_transit_hint_free);
  g_ptr_array_add (hint->endpoints, gofer_transit_hint_new_direct (hostname, port, priority));

  return hint;
}

static gpointer
copy_hint_func (gconstpointer hint,
                gpointer      user_data)
{
  return gofer_transit_hint_copy (hint);
}

GoferTransitHint *
gofer_transit_hint_copy (const GoferTransitHint *hint)
{
  GoferTransitHint *copy;

  g_return_val_if_fail (hint != NULL, NULL);

  copy = g_new0 (GoferTransitHint, 1);
  copy->type = hint->type;
  copy->hostname = g_strdup (hint->hostname);
  copy->port = hint->port;
  copy->priority = hint->priority;
  copy->url = g_strdup (hint->url);
  if (hint->endpoints)
    copy->endpoints = g_ptr_array_copy (hint->endpoints, copy_hint_func, NULL);
  if (copy->endpoints)
    g_ptr_array_set_free_func (copy->endpoints, (GDestroyNotify)gofer_transit_hint_free);

  return copy;
}

void
gofer_transit_hint_free (GoferTransitHint *hint)
{
  if (hint == NULL)
    return;

  g_free (hint->hostname);
  g_free (hint->url);
  g_clear_pointer (&hint->endpoints, g_ptr_array_unref);
  g_free (hint);
}

gboolean
gofer_transit_hint_is_dialable (const GoferTransitHint *hint)
{
  return hint != NULL
         && hint->type == GOFER_TRANSIT_HINT_DIRECT_TCP
         && hint->hostname != NULL
         && hint->hostname[0] != '\0'
         && hint->port > 0;
}

static gboolean
parse_port (const char *text,
            guint16    *port)
{
  char *end = NULL;
  guint64 value;

  if (!g_ascii_isdigit (text[0]))
    return FALSE;
  value = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0' || value == 0 || value > G_MAXUINT16)
    return FALSE;
  *port = (guint16)value;
  return TRUE;
}

/* Splits "HOST:PORT" or "[V6]:PORT" at the port colon. */
static gboolean
split_host_port (const char  *text,
                 char       **host,
                 guint16     *port)
{
  const char *colon;

  if (text[0] == '[')
    {
      const char *close = strchr (text, ']');

      if (close == NULL || close[1] != ':' || close == text + 1)
        return FALSE;
      *host = g_strndup (text + 1, close - text - 1);
      colon = close + 1;
    }
  else
    {
      colon = strrchr (text, ':');
      if (colon == NULL || colon == text)
        return FALSE;
      *host = g_strndup (text, colon - text);
    }

  if (parse_port (colon + 1, port))
    return TRUE;
  g_clear_pointer (host, g_free);
  return FALSE;
}

GoferTransitHint *
gofer_transit_hint_parse_relay_url (const char  *url,
                                    GError     **error)
{
  g_autofree char *rest = NULL;
  g_autofree char *host = NULL;
  double priority = 0.0;
  char *option;
  guint16 port = 0;

  g_return_val_if_fail (url != NULL, NULL);

  if (g_str_has_prefix (url, "tcp://"))
    rest = g_strdup (url + strlen ("tcp://"));
  else if (g_str_has_prefix (url, "tcp:"))
    rest = g_strdup (url + strlen ("tcp:"));
  else
    rest = g_strdup (url);

  /* Twisted-style options such as ":priority=2.0" follow the port. */
  if ((option = strstr (rest, ":priority=")) != NULL)
    {
      priority = g_ascii_strtod (option + strlen (":priority="), NULL);
      *option = '\0';
    }
  g_strchomp (rest);
  if (g_str_has_suffix (rest, "/"))
    rest[strlen (rest) - 1] = '\0';

  if (!split_host_port (rest, &host, &port))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is what the user typed, e.g. tcp:example.org:4001 */
                   _("“%s” is not a transit relay address. Write it as tcp:HOST:PORT, for example tcp:transit.magic-wormhole.io:4001."),
                   url);
      return NULL;
    }

  return gofer_transit_hint_new_relay (host, port, priority);
}

static gboolean
get_number (JsonObject *object,
            const char *member,
            double     *out)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double)json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;

  return TRUE;
}

static GoferTransitHint *
parse_endpoint (JsonObject *object,
                const char *type)
{
  GoferTransitHint *hint;
  const char *hostname;
  double port = -1;
  double priority = 0.0;

  hostname = _gofer_json_get_string (object, "hostname", NULL);
  if (hostname == NULL || !get_number (object, "port", &port))
    return NULL;
  if (port < 0 || port > G_MAXUINT16 || port != (double)(guint)port)
    return NULL;
  get_number (object, "priority", &priority);

  hint = gofer_transit_hint_new_direct (hostname, (guint16)port, priority);
  if (g_str_equal (type, "tor-tcp-v1"))
    hint->type = GOFER_TRANSIT_HINT_TOR_TCP;

  return hint;
}

static const char *
get_type (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return _gofer_json_get_string (json_node_get_object (node), "type", NULL);
}

static gboolean
is_endpoint_type (const char *type)
{
  return type != NULL && (g_str_equal (type, "direct-tcp-v1") || g_str_equal (type, "tor-tcp-v1"));
}

/* {"type": "websocket" or "websocket-v1", "url": "ws[s]://..."}; a relay
 * endpoint that browser clients (wormhole-rs, Winden) list. */
static GoferTransitHint *
parse_websocket (JsonObject *object)
{
  const char *url = _gofer_json_get_string (object, "url", NULL);
  g_autoptr(GUri) uri = NULL;
  GoferTransitHint *hint;
  double priority = 0.0;

  if (url == NULL || strlen (url) > 2048 ||
      (!g_str_has_prefix (url, "ws://") && !g_str_has_prefix (url, "wss://")))
    return NULL;
  for (const char *p = url; *p != '\0'; p++)
    if ((guchar)*p <= ' ' || (guchar)*p >= 0x7f)
      return NULL;
  if ((uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL)) == NULL ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    return NULL;
  get_number (object, "priority", &priority);

  hint = gofer_transit_hint_new_direct ("", 0, priority);
  hint->type = GOFER_TRANSIT_HINT_WEBSOCKET;
  hint->url = g_strdup (url);
  return hint;
}

static gboolean
is_websocket_type (const char *type)
{
  return type != NULL && (g_str_equal (type, "websocket") || g_str_equal (type, "websocket-v1"));
}

static GoferTransitHint *
parse_relay (JsonObject *object)
{
  GoferTransitHint *hint;
  JsonNode *list = json_object_get_member (object, "hints");
  double priority = 0.0;

  get_number (object, "priority", &priority);
  hint = g_new0 (GoferTransitHint, 1);
  hint->type = GOFER_TRANSIT_HINT_RELAY;
  hint->hostname = g_strdup ("");
  hint->priority = priority;
  hint->endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify)gofer_transit_hint_free);

  /* Browser clients list {"type":"websocket","url":...} endpoints. */
  if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
    {
      JsonArray *array = json_node_get_array (list);

      for (guint i = 0; i < json_array_get_length (array)
                        && hint->endpoints->len < GOFER_TRANSIT_MAX_RELAY_ENDPOINTS; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          const char *type = get_type (element);
          GoferTransitHint *endpoint;

          if (is_websocket_type (type))
            endpoint = parse_websocket (json_node_get_object (element));
          else if (is_endpoint_type (type))
            endpoint = parse_endpoint (json_node_get_object (element), type);
          else
            continue;
          if (endpoint != NULL)
            g_ptr_array_add (hint->endpoints, endpoint);
        }
    }

  return hint;
}

GPtrArray *
gofer_transit_hints_parse (JsonNode *hints_v1)
{
  GPtrArray *hints = g_ptr_array_new_with_free_func ((GDestroyNotify)gofer_transit_hint_free);
  JsonArray *array;

  if (hints_v1 == NULL || !JSON_NODE_HOLDS_ARRAY (hints_v1))
    return hints;

  array = json_node_get_array (hints_v1);
  for (guint i = 0; i < json_array_get_length (array) && hints->len < GOFER_TRANSIT_MAX_HINTS; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *type = get_type (element);
      GoferTransitHint *hint = NULL;

      if (type == NULL)
        continue;
      if (is_endpoint_type (type))
        hint = parse_endpoint (json_node_get_object (element), type);
      else if (g_str_equal (type, "relay-v1"))
        hint = parse_relay (json_node_get_object (element));

      if (hint != NULL)
        g_ptr_array_add (hints, hint);
    }

  return hints;
}

static void
add_endpoint (JsonBuilder            *builder,
              const GoferTransitHint *hint)
{
  json_builder_begin_object (builder);
  if (hint->type == GOFER_TRANSIT_HINT_WEBSOCKET)
    {
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "websocket");
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, hint->url);
      json_builder_end_object (builder);
      return;
    }
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, hint->type == GOFER_TRANSIT_HINT_TOR_TCP
                                          ? "tor-tcp-v1" : "direct-tcp-v1");
  json_builder_set_member_name (builder, "priority");
  json_builder_add_double_value (builder, hint->priority);
  json_builder_set_member_name (builder, "hostname");
  json_builder_add_string_value (builder, hint->hostname);
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, hint->port);
  json_builder_end_object (builder);
}

static void
add_hint (JsonBuilder            *builder,
          const GoferTransitHint *hint)
{
  if (hint->type != GOFER_TRANSIT_HINT_RELAY)
    {
      add_endpoint (builder, hint);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "relay-v1");
  json_builder_set_member_name (builder, "hints");
  json_builder_begin_array (builder);
  for (guint i = 0; hint->endpoints && i < hint->endpoints->len; i++)
    add_endpoint (builder, g_ptr_array_index (hint->endpoints, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

JsonNode *
gofer_transit_hints_serialize (GPtrArray *hints)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; hints && i < hints->len; i++)
    add_hint (builder, g_ptr_array_index (hints, i));
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

JsonNode *
gofer_transit_abilities_new (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  static const char *const types[] = { "direct-tcp-v1", "relay-v1" };

  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, types[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

JsonNode *
gofer_transit_message_new (GPtrArray *hints)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "transit");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "abilities-v1");
  json_builder_add_value (builder, gofer_transit_abilities_new ());
  json_builder_set_member_name (builder, "hints-v1");
  json_builder_add_value (builder, gofer_transit_hints_serialize (hints));
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

GPtrArray *
gofer_transit_message_parse (JsonNode *transit_body)
{
  JsonNode *hints = NULL;

  if (transit_body != NULL && JSON_NODE_HOLDS_OBJECT (transit_body))
    hints = json_object_get_member (json_node_get_object (transit_body), "hints-v1");

  return gofer_transit_hints_parse (hints);
}
