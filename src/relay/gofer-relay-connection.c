/* gofer-relay-connection.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One client's WebSocket on the mailbox server and its state machine.
 * It lives in one connection thread (GoferRelayWorker); what it needs of
 * the mailbox state it asks the backend for, in the state context
 * (gofer_relay_mailbox_server_submit()), and the answer, the messages of
 * its mailbox and its eviction come back in its own thread, in order
 * (GoferRelayClient). While a question is out, its next commands wait.
 *
 * Wire rules the real clients depend on (docs/relay.md, wire spec a.2–a.5):
 * the welcome is the first frame and bind is accepted before the client has
 * seen it; every command with a "type" gets its ack (echoing "id" verbatim,
 * null when absent) before any other frame it causes; replies are text
 * frames carrying server_tx; binary frames from clients are accepted.
 * Where the reference server drops the connection on bad input (not JSON,
 * not an object, wrong member types) this one answers with an "error" frame
 * and keeps serving.
 *
 * With --require-hashcash the welcome carries "permission-required" (the
 * reference server's permissions branch): a hashcash stamp for this
 * connection's own resource must come, as "submit-permissions" (Python's
 * and that branch's spelling) or "submit-permission" (wormhole-rs's),
 * before "bind" is accepted.
 */

#include "config.h"

#include "gofer-relay-connection.h"

#include <json-glib/json-glib.h>
#include <string.h>

#ifdef __linux__
# include <sys/random.h>
#endif

#include "gofer-hashcash.h"
#include "gofer-json.h"
#include "gofer-relay-error.h"
#include "gofer-relay-mailbox-server.h"
#include "gofer-relay-namespace.h"

/* Deeper JSON is refused before parsing: the parser recurses. */
#define MAX_JSON_DEPTH 32

struct _GoferRelayConnection
{
  GObject                  parent_instance;

  /* Not owned: the server outlives its connections. */
  GoferRelayMailboxServer *server;
  GoferRelayClient        *client;   /* the state's handle on this connection */
  /* Where requests go: the server's state inbox (ours to hold, closed
   * once the server stopped) and backend (used only through the inbox). */
  GoferRelayInbox         *state;
  GoferRelayBackend       *backend;
  SoupWebsocketConnection *websocket;
  GoferRelayWire          *wire;
  char                    *address;

  char                    *app_id;   /* once bound */
  char                    *side;
  char                    *nameplate;
  char                    *mailbox_id;
  /* --require-hashcash: what this connection's stamp must name; NULL once
   * a stamp was accepted (or when none is asked for). */
  char                    *hashcash_resource;

  /* Commands that came while the state was asked something (an add waits
   * until it is committed): they wait, so frames go out in the order the
   * reference sends them. */
  GQueue                   incoming;
  JsonNode                *current;  /* the command being handled */
  JsonNode                *asking;   /* the command the state is answering */

  guint                    waiting : 1;
  guint                    opened : 1;    /* the state holds a mailbox open for it */
  guint                    closed : 1;    /* the WebSocket closed */
  guint                    detached : 1;  /* the state was told it is gone */
  guint                    did_allocate : 1;
  guint                    did_claim : 1;
  guint                    did_release : 1;
  guint                    did_close : 1;
};

G_DEFINE_FINAL_TYPE (GoferRelayConnection, gofer_relay_connection, G_TYPE_OBJECT)

enum {
  SIGNAL_CLOSED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

typedef gboolean (*CommandFunc) (GoferRelayConnection  *self,
                                 JsonObject            *msg,
                                 double                 server_rx,
                                 GError               **error);

static double
now (void)
{
  return g_get_real_time () / (double)G_USEC_PER_SEC;
}

static gboolean
fail (GError     **error,
      const char  *wire_text)
{
  g_set_error_literal (error, GOFER_RELAY_ERROR, GOFER_RELAY_ERROR_PROTOCOL, wire_text);
  return FALSE;
}

static JsonObject *
frame_new (const char *type)
{
  JsonObject *frame = json_object_new ();

  json_object_set_string_member (frame, "type", type);
  return frame;
}

/* Sends @frame (consumed) with its server_tx stamp, as a text frame. */
static void
connection_send (GoferRelayConnection *self,
                 JsonObject           *frame)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  json_object_set_double_member (frame, "server_tx", now ());
  json_node_take_object (root, frame);
  if (soup_websocket_connection_get_state (self->websocket) != SOUP_WEBSOCKET_STATE_OPEN ||
      gofer_relay_wire_get_trip (self->wire) != GOFER_RELAY_WIRE_OK)
    return;
  text = json_to_string (root, FALSE);
  /* A client that does not read is closed (wire_tripped_cb()) rather
   * than queued for without limit. */
  if (gofer_relay_wire_queued (self->wire, strlen (text)))
    soup_websocket_connection_send_text (self->websocket, text);
}

static void
connection_send_error (GoferRelayConnection *self,
                       const char           *text,
                       JsonNode             *orig)
{
  JsonObject *frame = frame_new ("error");

  json_object_set_string_member (frame, "error", text);
  if (orig != NULL)
    json_object_set_member (frame, "orig", json_node_copy (orig));
  else
    json_object_set_null_member (frame, "orig");
  connection_send (self, frame);
}

/* Returns the string member @name, or %NULL with @error set if it is
 * missing (@missing_text) or not a string. */
static const char *
require_string (JsonObject  *msg,
                const char  *name,
                const char  *missing_text,
                GError     **error)
{
  JsonNode *node = json_object_get_member (msg, name);

  if (node == NULL)
    {
      fail (error, missing_text);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, GOFER_RELAY_ERROR, GOFER_RELAY_ERROR_PROTOCOL,
                   "'%s' must be a string", name);
      return NULL;
    }

  return json_node_get_string (node);
}

/* Like require_string() for a name the relay keeps (and may list). */
static const char *
require_name (JsonObject  *msg,
              const char  *name,
              const char  *missing_text,
              GError     **error)
{
  const char *value = require_string (msg, name, missing_text, error);
  gsize max_len = g_str_equal (name, "nameplate") ? GOFER_RELAY_MAX_NAMEPLATE_LENGTH
                                                 : GOFER_RELAY_MAX_NAME_LENGTH;

  if (value != NULL && strlen (value) > max_len)
    {
      g_set_error (error, GOFER_RELAY_ERROR, GOFER_RELAY_ERROR_PROTOCOL,
                   "'%s' is too long (at most %" G_GSIZE_FORMAT " bytes)", name, max_len);
      return NULL;
    }

  return value;
}

/* Like require_string() for optional members: %TRUE with *out = %NULL
 * when absent. */
static gboolean
optional_string (JsonObject  *msg,
                 const char  *name,
                 const char **out,
                 GError     **error)
{
  *out = NULL;
  if (!json_object_has_member (msg, name))
    return TRUE;

  return (*out = require_name (msg, name, NULL, error)) != NULL;
}

/* A message of the mailbox the connection listens to (from the state). */
static void
deliver_cb (gpointer           owner,
            GoferRelayMessage *message,
            const char        *body)
{
  GoferRelayConnection *self = owner;
  JsonObject *frame = frame_new ("message");
  JsonNode *msg_id = json_from_string (message->msg_id, NULL);

  json_object_set_string_member (frame, "side", message->side);
  json_object_set_string_member (frame, "phase", message->phase);
  json_object_set_string_member (frame, "body", body);
  json_object_set_double_member (frame, "server_rx", message->server_rx);
  if (msg_id != NULL)
    json_object_set_member (frame, "id", msg_id);
  else
    json_object_set_null_member (frame, "id");
  connection_send (self, frame);
}

/* A third connection of the same side opened the mailbox. */
static void
evict_cb (gpointer owner)
{
  gofer_relay_connection_close (owner, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                "replaced by a newer connection of this side");
}

static void connection_drain (GoferRelayConnection *self);

static void
answer_cb (GoferRelayRequest *request,
           gpointer           user_data)
{
  GoferRelayConnection *self = user_data;
  g_autoptr(JsonNode) root = g_steal_pointer (&self->asking);
  JsonObject *frame = NULL;

  self->waiting = FALSE;
  if (request->error != NULL)
    {
      connection_send_error (self, request->error->message, root);
      connection_drain (self);
      return;
    }

  switch (request->op)
    {
    case GOFER_RELAY_OP_LIST:
      {
        GoferRelayLimits *limits = gofer_relay_mailbox_server_get_limits (self->server);
        guint64 max_listed = gofer_relay_limits_get (limits, GOFER_RELAY_LIMIT_NAMEPLATES_LISTED);
        JsonArray *list = json_array_new ();

        /* Nobody reads a long list; a short one cannot be used to make the
         * relay send a lot in answer to little. */
        for (guint i = 0; request->names != NULL && request->names[i] != NULL &&
                          (max_listed == 0 || i < max_listed); i++)
          {
            JsonObject *entry = json_object_new ();

            json_object_set_string_member (entry, "id", request->names[i]);
            json_array_add_object_element (list, entry);
          }
        frame = frame_new ("nameplates");
        json_object_set_array_member (frame, "nameplates", list);
      }
      break;
    case GOFER_RELAY_OP_ALLOCATE:
      self->did_allocate = TRUE;
      frame = frame_new ("allocated");
      json_object_set_string_member (frame, "nameplate", request->result);
      break;
    case GOFER_RELAY_OP_CLAIM:
      frame = frame_new ("claimed");
      json_object_set_string_member (frame, "mailbox", request->result);
      break;
    case GOFER_RELAY_OP_RELEASE:
      frame = frame_new ("released");
      break;
    case GOFER_RELAY_OP_OPEN:
      /* Its stored messages came first. */
      self->opened = TRUE;
      break;
    case GOFER_RELAY_OP_ADD:
      /* Its echo came first. */
      break;
    case GOFER_RELAY_OP_CLOSE:
      self->did_close = TRUE;
      self->opened = FALSE;
      frame = frame_new ("closed");
      break;
    case GOFER_RELAY_OP_BIND:
    case GOFER_RELAY_OP_DETACH:
    case GOFER_RELAY_N_OPS:
    default:
      g_assert_not_reached ();
    }

  if (frame != NULL)
    connection_send (self, frame);
  connection_drain (self);
}

/* Asks the state (@request is consumed) on behalf of the command being
 * handled; the next commands wait for the answer. */
static void
connection_ask (GoferRelayConnection *self,
                GoferRelayRequest    *request)
{
  request->done = answer_cb;
  request->done_data = g_object_ref (self);
  request->done_destroy = g_object_unref;
  self->waiting = TRUE;
  g_clear_pointer (&self->asking, json_node_unref);
  self->asking = self->current ? json_node_ref (self->current) : NULL;
  gofer_relay_backend_submit (self->backend, self->state, request);
}

/* Tells the state the connection is gone, once. */
static void
connection_detach (GoferRelayConnection *self)
{
  if (self->detached)
    return;
  self->detached = TRUE;
  gofer_relay_backend_submit (self->backend, self->state,
                                     gofer_relay_request_new (GOFER_RELAY_OP_DETACH, self->client, now ()));
}

static gboolean
handle_ping (GoferRelayConnection  *self,
             JsonObject            *msg,
             double                 server_rx,
             GError               **error)
{
  JsonObject *frame;

  if (!json_object_has_member (msg, "ping"))
    return fail (error, "ping requires 'ping'");

  frame = frame_new ("pong");
  json_object_set_member (frame, "pong", json_node_copy (json_object_get_member (msg, "ping")));
  connection_send (self, frame);
  return TRUE;
}

/* The client's ["implementation", "version"], for the usage log. */
static void
client_version (JsonObject         *msg,
                GoferRelayRequest  *request)
{
  JsonNode *node = json_object_get_member (msg, "client_version");
  JsonArray *version;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (version = json_node_get_array (node)) != 2 ||
      json_node_get_value_type (json_array_get_element (version, 0)) != G_TYPE_STRING ||
      json_node_get_value_type (json_array_get_element (version, 1)) != G_TYPE_STRING)
    return;

  request->version[0] = g_strdup (json_array_get_string_element (version, 0));
  request->version[1] = g_strdup (json_array_get_string_element (version, 1));
}

/* "submit-permissions" or wormhole-rs's "submit-permission": {"method":
 * "hashcash", "stamp": STAMP}. */
static gboolean
handle_submit_permissions (GoferRelayConnection  *self,
                           JsonObject            *msg,
                           double                 server_rx,
                           GError               **error)
{
  guint bits = gofer_relay_mailbox_server_get_hashcash_bits (self->server);
  g_autoptr(GDateTime) today = NULL;
  const char *method, *stamp;
  GoferHashcashResult result;

  if ((method = require_name (msg, "method", "submit-permission requires 'method'", error)) == NULL)
    return FALSE;
  /* The reference branch's answers; without the option its only
   * permission is "none". */
  if (bits == 0 || !g_str_equal (method, "hashcash"))
    {
      g_set_error (error, GOFER_RELAY_ERROR, GOFER_RELAY_ERROR_PROTOCOL,
                   "'%s' is not one of: %s", method, bits == 0 ? "none" : "hashcash");
      return FALSE;
    }
  if (self->hashcash_resource == NULL)
    return fail (error, "permission already granted");
  if ((stamp = require_string (msg, "stamp", "submit-permission requires 'stamp'", error)) == NULL)
    return FALSE;

  today = g_date_time_new_now_utc ();
  result = gofer_hashcash_check (stamp, bits, self->hashcash_resource, today);
  if (result != GOFER_HASHCASH_OK)
    {
      g_set_error (error, GOFER_RELAY_ERROR, GOFER_RELAY_ERROR_PROTOCOL,
                   "submit-permission failed: %s", gofer_hashcash_result_text (result));
      return FALSE;
    }

  /* The resource was this connection's alone: no stamp can be used again. */
  g_clear_pointer (&self->hashcash_resource, g_free);
  return TRUE;
}

static gboolean
handle_bind (GoferRelayConnection  *self,
             JsonObject            *msg,
             double                 server_rx,
             GError               **error)
{
  const char *appid, *side;
  GoferRelayRequest *request;

  if (self->hashcash_resource != NULL)
    return fail (error, "must submit-permission first: this server asks for a hashcash stamp "
                        "(\"permission-required\" in its welcome), which this client did not send");
  if (self->app_id != NULL || self->side != NULL)
    return fail (error, "already bound");
  if ((appid = require_name (msg, "appid", "bind requires 'appid'", error)) == NULL ||
      (side = require_name (msg, "side", "bind requires 'side'", error)) == NULL)
    return FALSE;

  self->app_id = g_strdup (appid);
  self->side = g_strdup (side);
  /* Nothing to wait for: the state takes the connection's requests in
   * order. */
  request = gofer_relay_request_new (GOFER_RELAY_OP_BIND, self->client, server_rx);
  request->app_id = g_strdup (appid);
  request->side = g_strdup (side);
  client_version (msg, request);
  gofer_relay_backend_submit (self->backend, self->state, request);
  return TRUE;
}

static gboolean
handle_list (GoferRelayConnection  *self,
             JsonObject            *msg,
             double                 server_rx,
             GError               **error)
{
  JsonObject *frame;

  if (gofer_relay_mailbox_server_get_allow_list (self->server))
    {
      connection_ask (self, gofer_relay_request_new (GOFER_RELAY_OP_LIST, self->client, server_rx));
      return TRUE;
    }

  frame = frame_new ("nameplates");
  json_object_set_array_member (frame, "nameplates", json_array_new ());
  connection_send (self, frame);
  return TRUE;
}

static gboolean
handle_allocate (GoferRelayConnection  *self,
                 JsonObject            *msg,
                 double                 server_rx,
                 GError               **error)
{
  if (self->did_allocate)
    return fail (error, "you already allocated one, don't be greedy");

  connection_ask (self, gofer_relay_request_new (GOFER_RELAY_OP_ALLOCATE, self->client, server_rx));
  return TRUE;
}

static gboolean
handle_claim (GoferRelayConnection  *self,
              JsonObject            *msg,
              double                 server_rx,
              GError               **error)
{
  const char *name;
  GoferRelayRequest *request;

  if ((name = require_name (msg, "nameplate", "claim requires 'nameplate'", error)) == NULL)
    return FALSE;
  if (self->did_claim)
    return fail (error, "only one claim per connection");

  self->did_claim = TRUE;
  self->nameplate = g_strdup (name);
  request = gofer_relay_request_new (GOFER_RELAY_OP_CLAIM, self->client, server_rx);
  request->name = g_strdup (name);
  connection_ask (self, request);
  return TRUE;
}

static gboolean
handle_release (GoferRelayConnection  *self,
                JsonObject            *msg,
                double                 server_rx,
                GError               **error)
{
  const char *name;
  GoferRelayRequest *request;

  if (self->did_release)
    return fail (error, "only one release per connection");
  if (!optional_string (msg, "nameplate", &name, error))
    return FALSE;
  if (name != NULL && self->nameplate != NULL && g_strcmp0 (name, self->nameplate) != 0)
    return fail (error, "release and claim must use same nameplate");
  if (name == NULL && (name = self->nameplate) == NULL)
    return fail (error, "release without nameplate must follow claim");

  self->did_release = TRUE;
  request = gofer_relay_request_new (GOFER_RELAY_OP_RELEASE, self->client, server_rx);
  request->name = g_strdup (name);
  connection_ask (self, request);
  return TRUE;
}

static gboolean
handle_open (GoferRelayConnection  *self,
             JsonObject            *msg,
             double                 server_rx,
             GError               **error)
{
  const char *mailbox_id;
  GoferRelayRequest *request;

  if (self->opened)
    return fail (error, "only one open per connection");
  if ((mailbox_id = require_name (msg, "mailbox", "open requires 'mailbox'", error)) == NULL)
    return FALSE;

  g_free (self->mailbox_id);
  self->mailbox_id = g_strdup (mailbox_id);
  /* The state replays what the mailbox holds, then sends what comes. */
  request = gofer_relay_request_new (GOFER_RELAY_OP_OPEN, self->client, server_rx);
  request->name = g_strdup (mailbox_id);
  connection_ask (self, request);
  return TRUE;
}

static gboolean
handle_add (GoferRelayConnection  *self,
            JsonObject            *msg,
            double                 server_rx,
            GError               **error)
{
  g_autofree char *msg_id = NULL;
  const char *phase, *body;
  GoferRelayRequest *request;

  if (!self->opened)
    return fail (error, "must open mailbox before adding");
  if ((phase = require_name (msg, "phase", "missing 'phase'", error)) == NULL ||
      (body = require_string (msg, "body", "missing 'body'", error)) == NULL)
    return FALSE;

  if (json_object_has_member (msg, "id"))
    msg_id = json_to_string (json_object_get_member (msg, "id"), FALSE);
  /* Answered once it is committed and echoed. */
  request = gofer_relay_request_new (GOFER_RELAY_OP_ADD, self->client, server_rx);
  request->message = gofer_relay_message_new (self->side, phase, body, msg_id, server_rx);
  connection_ask (self, request);
  return TRUE;
}

static gboolean
handle_close (GoferRelayConnection  *self,
              JsonObject            *msg,
              double                 server_rx,
              GError               **error)
{
  const char *mailbox_id;
  JsonNode *mood_node = json_object_get_member (msg, "mood");
  GoferRelayRequest *request;

  if (self->did_close)
    return fail (error, "only one close per connection");
  if (!optional_string (msg, "mailbox", &mailbox_id, error))
    return FALSE;
  if (mailbox_id != NULL && self->mailbox_id != NULL && g_strcmp0 (mailbox_id, self->mailbox_id) != 0)
    return fail (error, "open and close must use same mailbox");
  if (mailbox_id == NULL && (mailbox_id = self->mailbox_id) == NULL)
    return fail (error, "close without mailbox must follow open");

  /* A close on a fresh connection (a client re-sending its close after a
   * reconnect) opens the mailbox first, as the reference does. */
  request = gofer_relay_request_new (GOFER_RELAY_OP_CLOSE, self->client, server_rx);
  request->name = g_strdup (mailbox_id);
  /* Moods are free-form; anything but a string is ignored. */
  if (mood_node != NULL && JSON_NODE_HOLDS_VALUE (mood_node) &&
      json_node_get_value_type (mood_node) == G_TYPE_STRING)
    request->mood = g_strdup (json_node_get_string (mood_node));
  connection_ask (self, request);
  return TRUE;
}

static const struct {
  const char  *type;
  CommandFunc  func;
} bound_commands[] = {
  { "list", handle_list },
  { "allocate", handle_allocate },
  { "claim", handle_claim },
  { "release", handle_release },
  { "open", handle_open },
  { "add", handle_add },
  { "close", handle_close },
};

static gboolean
dispatch (GoferRelayConnection  *self,
          JsonObject            *msg,
          const char            *type,
          double                 server_rx,
          GError               **error)
{
  if (g_strcmp0 (type, "ping") == 0)
    return handle_ping (self, msg, server_rx, error);
  if (g_strcmp0 (type, "bind") == 0)
    return handle_bind (self, msg, server_rx, error);
  if (g_strcmp0 (type, "submit-permissions") == 0 || g_strcmp0 (type, "submit-permission") == 0)
    return handle_submit_permissions (self, msg, server_rx, error);
  /* A client that knows no permissions (the Debian Python client) was
   * refused its bind and closes: let it say goodbye, so that it stops with
   * that error instead of waiting for "released" forever. Nothing changes. */
  if (self->app_id == NULL && self->hashcash_resource != NULL &&
      (g_strcmp0 (type, "release") == 0 || g_strcmp0 (type, "close") == 0))
    {
      connection_send (self, frame_new (g_str_equal (type, "release") ? "released" : "closed"));
      return TRUE;
    }
  if (self->app_id == NULL)
    return fail (error, "must bind first");

  for (guint i = 0; i < G_N_ELEMENTS (bound_commands); i++)
    if (g_strcmp0 (type, bound_commands[i].type) == 0)
      return bound_commands[i].func (self, msg, server_rx, error);

  return fail (error, "unknown type");
}

/* Returns the parsed message, or %NULL after answering with an error. */
static JsonNode *
parse_message (GoferRelayConnection *self,
               GBytes               *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize len = g_bytes_get_size (bytes);
  /* An empty message has no data pointer, which json-glib refuses. */
  const char *data = len > 0 ? g_bytes_get_data (bytes, NULL) : "";
  JsonNode *root;

  /* Checked before json-glib, which recurses once per level and skips
   * comments that could hide brackets from a simpler count. */
  switch (gofer_json_check (data, len, MAX_JSON_DEPTH))
    {
    case GOFER_JSON_OK:
      break;
    case GOFER_JSON_TOO_DEEP:
      connection_send_error (self, "message nests too deeply", NULL);
      return NULL;
    case GOFER_JSON_INVALID:
    default:
      connection_send_error (self, "message is not valid JSON", NULL);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL)
    {
      connection_send_error (self, "message is not valid JSON", NULL);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      connection_send_error (self, "message must be a JSON object", root);
      return NULL;
    }

  return json_node_ref (root);
}

static gboolean
check_size (GoferRelayConnection *self,
            GBytes               *bytes)
{
  GoferRelayLimits *limits = gofer_relay_mailbox_server_get_limits (self->server);
  guint64 max_size = gofer_relay_limits_get (limits, GOFER_RELAY_LIMIT_MESSAGE_SIZE);

  if (max_size == 0 || g_bytes_get_size (bytes) <= max_size)
    return TRUE;

  gofer_relay_limits_tripped (limits, GOFER_RELAY_LIMIT_MESSAGE_SIZE, self->address,
                              "refused a mailbox message");
  connection_send_error (self, "message too large", NULL);
  return FALSE;
}

static void
connection_handle (GoferRelayConnection *self,
                   GBytes               *bytes)
{
  g_autoptr(GoferRelayConnection) hold = g_object_ref (self);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  double server_rx = now ();
  JsonObject *msg;
  JsonNode *type;
  JsonObject *ack;

  if (!check_size (self, bytes) || (root = parse_message (self, bytes)) == NULL)
    return;

  msg = json_node_get_object (root);
  if ((type = json_object_get_member (msg, "type")) == NULL)
    {
      connection_send_error (self, "missing 'type'", root);
      return;
    }

  ack = frame_new ("ack");
  if (json_object_has_member (msg, "id"))
    json_object_set_member (ack, "id", json_node_copy (json_object_get_member (msg, "id")));
  else
    json_object_set_null_member (ack, "id");
  connection_send (self, ack);

  /* A "type" that is not a string is just an unknown type. */
  self->current = root;
  if (!dispatch (self, msg,
                 JSON_NODE_HOLDS_VALUE (type) && json_node_get_value_type (type) == G_TYPE_STRING
                 ? json_node_get_string (type) : NULL,
                 server_rx, &error))
    connection_send_error (self, error->message, root);
  self->current = NULL;
}

/* Handles the commands that waited, until one has to wait again. Once the
 * WebSocket is closed (no answer can go out any more, but commands that
 * came before the close still count, as in the reference), the state is
 * told the connection is gone when the last is done. */
static void
connection_drain (GoferRelayConnection *self)
{
  g_autoptr(GoferRelayConnection) hold = g_object_ref (self);
  GBytes *bytes;

  while (!self->waiting && (bytes = g_queue_pop_head (&self->incoming)) != NULL)
    {
      connection_handle (self, bytes);
      g_bytes_unref (bytes);
    }
  if (self->waiting)
    return;
  if (self->closed)
    connection_detach (self);
  else if (self->wire != NULL)
    gofer_relay_wire_set_paused (self->wire, FALSE);
}

static void
websocket_message_cb (SoupWebsocketConnection *websocket,
                      int                      frame_type,
                      GBytes                  *bytes,
                      GoferRelayConnection    *self)
{
  if (self->waiting || !g_queue_is_empty (&self->incoming))
    {
      /* Read no more until these are handled: libsoup has at most one
       * wire read budget more of them. */
      g_queue_push_tail (&self->incoming, g_bytes_ref (bytes));
      gofer_relay_wire_set_paused (self->wire, TRUE);
      return;
    }

  connection_handle (self, bytes);
}

static void
websocket_error_cb (SoupWebsocketConnection *websocket,
                    GError                  *error,
                    GoferRelayConnection    *self)
{
  GoferRelayLimits *limits = gofer_relay_mailbox_server_get_limits (self->server);

  if (g_error_matches (error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_TOO_BIG))
    gofer_relay_limits_tripped (limits, GOFER_RELAY_LIMIT_MESSAGE_SIZE, self->address,
                                "closed a connection that sent an oversized WebSocket frame");
  else
    g_debug ("websocket from %s: %s", self->address, error->message);
}

static void
wire_tripped_cb (GoferRelayWire       *wire,
                 int                   trip,
                 GoferRelayConnection *self)
{
  GoferRelayLimits *limits = gofer_relay_mailbox_server_get_limits (self->server);

  if (trip == GOFER_RELAY_WIRE_MESSAGE_TOO_BIG)
    {
      gofer_relay_limits_tripped (limits, GOFER_RELAY_LIMIT_MESSAGE_SIZE, self->address,
                                  "closed a connection whose fragmented message grew too large");
      gofer_relay_connection_close (self, SOUP_WEBSOCKET_CLOSE_TOO_BIG, "message too large");
    }
  else if (trip == GOFER_RELAY_WIRE_BUSY)
    {
      gofer_relay_limits_tripped (limits, GOFER_RELAY_LIMIT_INCOMING_TOTAL, self->address,
                                  "closed the connection holding most of the messages on their way in");
      /* 1013: try again later. */
      gofer_relay_connection_close (self, 1013, "the relay is busy");
    }
  else
    {
      gboolean total = gofer_relay_wire_get_unsent (wire) <=
                       gofer_relay_limits_get (limits, GOFER_RELAY_LIMIT_UNSENT_PER_CONNECTION);

      gofer_relay_limits_tripped (limits,
                                  total ? GOFER_RELAY_LIMIT_UNSENT_TOTAL
                                        : GOFER_RELAY_LIMIT_UNSENT_PER_CONNECTION,
                                  self->address, "closed a connection that does not read what it is sent");
      gofer_relay_connection_close (self, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                    "you are not reading");
    }
}

static void
websocket_closed_cb (SoupWebsocketConnection *websocket,
                     GoferRelayConnection    *self)
{
  g_autoptr(GoferRelayConnection) hold = g_object_ref (self);

  /* The commands that came before the close are still handled. */
  self->closed = TRUE;
  connection_drain (self);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0);
}

static void
gofer_relay_connection_dispose (GObject *object)
{
  GoferRelayConnection *self = (GoferRelayConnection *)object;

  /* Commands still waiting are dropped (the relay is stopping). */
  g_queue_clear_full (&self->incoming, (GDestroyNotify)g_bytes_unref);
  if (self->client != NULL)
    {
      connection_detach (self);
      gofer_relay_client_disown (self->client);
      g_clear_pointer (&self->client, gofer_relay_client_unref);
    }
  g_clear_pointer (&self->asking, json_node_unref);
  if (self->websocket != NULL)
    g_signal_handlers_disconnect_by_data (self->websocket, self);
  g_clear_object (&self->websocket);
  if (self->wire != NULL)
    g_signal_handlers_disconnect_by_data (self->wire, self);
  g_clear_object (&self->wire);

  G_OBJECT_CLASS (gofer_relay_connection_parent_class)->dispose (object);
}

static void
gofer_relay_connection_finalize (GObject *object)
{
  GoferRelayConnection *self = (GoferRelayConnection *)object;

  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->app_id, g_free);
  g_clear_pointer (&self->side, g_free);
  g_clear_pointer (&self->nameplate, g_free);
  g_clear_pointer (&self->mailbox_id, g_free);
  g_clear_pointer (&self->hashcash_resource, g_free);
  g_clear_pointer (&self->state, gofer_relay_inbox_unref);

  G_OBJECT_CLASS (gofer_relay_connection_parent_class)->finalize (object);
}

static void
gofer_relay_connection_class_init (GoferRelayConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_relay_connection_dispose;
  object_class->finalize = gofer_relay_connection_finalize;

  /**
   * GoferRelayConnection::closed:
   *
   * Emitted once, when the WebSocket has closed.
   */
  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
gofer_relay_connection_init (GoferRelayConnection *self)
{
}

GoferRelayConnection *
gofer_relay_connection_new (GoferRelayMailboxServer *server,
                            SoupWebsocketConnection *websocket,
                            GoferRelayWire          *wire,
                            const char              *address)
{
  GoferRelayConnection *self = g_object_new (GOFER_RELAY_TYPE_CONNECTION, NULL);

  self->server = server;
  self->state = gofer_relay_inbox_ref (gofer_relay_mailbox_server_get_state (server));
  self->backend = gofer_relay_mailbox_server_get_backend (server);
  self->websocket = g_object_ref (websocket);
  self->wire = g_object_ref (wire);
  self->address = g_strdup (address);
  self->client = gofer_relay_client_new (gofer_relay_mailbox_server_get_home (server), address,
                                         self, deliver_cb, evict_cb);

  return self;
}

/* 96 bits from the kernel in base64, like the reference's resources. */
static char *
new_hashcash_resource (void)
{
  guint8 bytes[12];
  gsize got = 0;

#ifdef __linux__
  got = MAX (getrandom (bytes, sizeof bytes, 0), 0);
#endif
  for (gsize i = got; i < sizeof bytes; i++)
    bytes[i] = g_random_int_range (0, 256);
  return g_base64_encode (bytes, sizeof bytes);
}

/* The server's welcome; with --require-hashcash, first
 * "permission-required" with this connection's resource, as the
 * reference's permissions branch puts it. */
static JsonNode *
connection_welcome (GoferRelayConnection *self)
{
  g_autoptr(JsonNode) shared = gofer_relay_mailbox_server_dup_welcome (self->server);
  guint bits = gofer_relay_mailbox_server_get_hashcash_bits (self->server);
  JsonObject *welcome, *required, *hashcash;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value, *node;

  if (bits == 0)
    return g_steal_pointer (&shared);

  self->hashcash_resource = new_hashcash_resource ();
  hashcash = json_object_new ();
  json_object_set_int_member (hashcash, "bits", bits);
  json_object_set_string_member (hashcash, "resource", self->hashcash_resource);
  required = json_object_new ();
  json_object_set_object_member (required, "hashcash", hashcash);
  welcome = json_object_new ();
  json_object_set_object_member (welcome, "permission-required", required);
  json_object_iter_init (&iter, json_node_get_object (shared));
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (welcome, name, json_node_copy (value));
  node = json_node_init_object (json_node_alloc (), welcome);
  json_object_unref (welcome);
  return node;
}

/**
 * gofer_relay_connection_start:
 *
 * Sends the welcome and starts handling commands.
 */
void
gofer_relay_connection_start (GoferRelayConnection *self)
{
  GoferRelayLimits *limits;
  guint64 max_size;
  JsonObject *frame = frame_new ("welcome");

  g_return_if_fail (GOFER_RELAY_IS_CONNECTION (self));

  /* libsoup checks each frame against its limit (and closes the connection
   * with 1009 when exceeded), the wire the fragments of a message while they
   * arrive (also 1009); whole messages are checked against
   * --max-message-size in check_size(), which answers with an error. Leave
   * room between the two so an oversized message gets that answer. */
  limits = gofer_relay_mailbox_server_get_limits (self->server);
  max_size = gofer_relay_limits_get (limits, GOFER_RELAY_LIMIT_MESSAGE_SIZE);
  soup_websocket_connection_set_max_incoming_payload_size (self->websocket,
                                                           gofer_relay_connection_frame_limit (max_size));
  /* No libsoup keepalive (a timer per connection): the server pings every
   * connection from one timer, gofer_relay_connection_keepalive(). */

  g_signal_connect (self->websocket, "message", G_CALLBACK (websocket_message_cb), self);
  g_signal_connect (self->websocket, "error", G_CALLBACK (websocket_error_cb), self);
  g_signal_connect (self->websocket, "closed", G_CALLBACK (websocket_closed_cb), self);
  g_signal_connect (self->wire, "tripped", G_CALLBACK (wire_tripped_cb), self);

  json_object_set_member (frame, "welcome", connection_welcome (self));
  connection_send (self, frame);
}

/**
 * gofer_relay_connection_close:
 *
 * Closes the WebSocket with @code; "closed" follows once it is shut.
 */
void
gofer_relay_connection_close (GoferRelayConnection *self,
                              gushort               code,
                              const char           *reason)
{
  g_return_if_fail (GOFER_RELAY_IS_CONNECTION (self));

  if (soup_websocket_connection_get_state (self->websocket) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->websocket, code, reason);
}

/**
 * gofer_relay_connection_keepalive:
 *
 * Sends a WebSocket ping if the connection is open and has nothing else
 * on its way out, so that proxies and NATs keep an idle connection.
 */
void
gofer_relay_connection_keepalive (GoferRelayConnection *self)
{
  g_return_if_fail (GOFER_RELAY_IS_CONNECTION (self));

  if (soup_websocket_connection_get_state (self->websocket) == SOUP_WEBSOCKET_STATE_OPEN)
    gofer_relay_wire_ping (self->wire);
}

const char *
gofer_relay_connection_get_address (GoferRelayConnection *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_CONNECTION (self), NULL);

  return self->address;
}

/**
 * gofer_relay_connection_frame_limit:
 * @max_message_size: --max-message-size, 0 for no limit
 *
 * Returns: the size past which a frame, or a message in fragments, closes
 *   the connection (1009) instead of getting an error answer; 0: no limit
 */
guint64
gofer_relay_connection_frame_limit (guint64 max_message_size)
{
  return max_message_size ? MAX (4 * max_message_size, 65536) : 0;
}
