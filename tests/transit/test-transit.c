/* test-transit.c: transit records, hints and real connections
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gofer-error.h"
#include "gofer-part-file.h"
#include "gofer-safe-path.h"
#include "gofer-transit.h"
#include "test-vectors.h"
#include "transit-test-util.h"

#ifdef G_OS_UNIX
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <unistd.h>
#endif

static GoferKey *
random_key (void)
{
  GoferKey *key = gofer_key_new ();

  for (gsize i = 0; i < GOFER_KEY_SIZE; i++)
    key->bytes[i] = g_random_int_range (0, 256);
  return key;
}

/* Records and handshakes against tests/core/vectors/transit.json */

static void
test_vectors_handshakes (void)
{
  g_autoptr(JsonNode) root = vectors_load ("transit.json");
  JsonObject *v = json_node_get_object (root);
  g_autoptr(GoferKey) key = vectors_get_key (v, "transit_key");
  g_autofree char *sender = gofer_transit_derive_handshake (key, GOFER_TRANSIT_ROLE_SENDER);
  g_autofree char *receiver = gofer_transit_derive_handshake (key, GOFER_TRANSIT_ROLE_RECEIVER);
  g_autofree char *relay = gofer_transit_derive_relay_line (key, json_object_get_string_member (v, "transit_side"));
  g_autoptr(GoferKey) sender_key = gofer_record_derive_key (key, GOFER_TRANSIT_ROLE_SENDER);
  g_autoptr(GoferKey) receiver_key = gofer_record_derive_key (key, GOFER_TRANSIT_ROLE_RECEIVER);

  g_assert_cmpstr (sender, ==, json_object_get_string_member (v, "sender_handshake"));
  g_assert_cmpuint (strlen (sender), ==, 87);
  g_assert_cmpstr (receiver, ==, json_object_get_string_member (v, "receiver_handshake"));
  g_assert_cmpuint (strlen (receiver), ==, 89);
  g_assert_cmpstr (relay, ==, json_object_get_string_member (v, "relay_handshake_line"));
  g_assert_cmpuint (strlen (relay), ==, 104);
  vectors_assert_hex (sender_key->bytes, GOFER_KEY_SIZE, v, "sender_record_key");
  vectors_assert_hex (receiver_key->bytes, GOFER_KEY_SIZE, v, "receiver_record_key");
}

static void
test_vectors_records (void)
{
  g_autoptr(JsonNode) root = vectors_load ("transit.json");
  JsonObject *v = json_node_get_object (root);
  JsonArray *records = json_object_get_array_member (v, "records");
  g_autoptr(GoferKey) key = vectors_get_key (v, "transit_key");
  g_autoptr(GoferKey) sender_key = gofer_record_derive_key (key, GOFER_TRANSIT_ROLE_SENDER);

  g_assert_cmpuint (json_array_get_length (records), ==, 4);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);
      g_autoptr(GBytes) plain = vectors_get_hex (record, "plaintext_hex");
      g_autoptr(GBytes) wire = vectors_get_hex (record, "record_wire_hex");
      g_autoptr(GBytes) framed = NULL;
      g_autoptr(GBytes) opened = NULL;
      g_autoptr(GError) error = NULL;
      const guint8 *wire_data;
      gsize wire_len;

      framed = gofer_record_frame (sender_key, i, g_bytes_get_data (plain, NULL), g_bytes_get_size (plain));
      g_assert_true (g_bytes_equal (framed, wire));

      wire_data = g_bytes_get_data (wire, &wire_len);
      opened = gofer_record_unframe (sender_key, i, wire_data + 4, wire_len - 4, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (opened, plain));
    }
}

static void
test_vectors_ack (void)
{
  g_autoptr(JsonNode) root = vectors_load ("transit.json");
  JsonObject *v = json_node_get_object (root);
  JsonObject *record = json_array_get_object_element (json_object_get_array_member (v, "records"), 3);
  g_autoptr(GoferKey) key = vectors_get_key (v, "transit_key");
  g_autoptr(GoferKey) receiver_key = gofer_record_derive_key (key, GOFER_TRANSIT_ROLE_RECEIVER);
  const char *expected = json_object_get_string_member (record, "plaintext_json");
  const char *sha = "9268cd7ab87e6f38a25c955b95a3024fd09033cbb95d6c3b8c9768540528ba78";
  g_autofree char *ack = gofer_record_ack_new (sha);
  g_autoptr(GBytes) framed = NULL;
  g_autoptr(GBytes) wire = vectors_get_hex (record, "record_wire_hex");
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (ack, ==, expected);
  framed = gofer_record_frame (receiver_key, 0, (const guint8 *)ack, strlen (ack));
  g_assert_true (g_bytes_equal (framed, wire));

  /* Go compares case-insensitively; a different hash is corruption. */
  g_assert_true (gofer_record_ack_check ((const guint8 *)ack, strlen (ack),
                                         "9268CD7AB87E6F38A25C955B95A3024FD09033CBB95D6C3B8C9768540528BA78", &error));
  g_assert_no_error (error);
  g_assert_false (gofer_record_ack_check ((const guint8 *)ack, strlen (ack),
                                          "0000cd7ab87e6f38a25c955b95a3024fd09033cbb95d6c3b8c9768540528ba78", &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_false (gofer_record_ack_check ((const guint8 *)"{\"ack\": \"no\"}", 13, sha, &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_false (gofer_record_ack_check ((const guint8 *)"not json", 8, sha, &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
}

static void
test_records_out_of_order (void)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GBytes) framed = gofer_record_frame (key, 5, (const guint8 *)"abc", 3);
  g_autoptr(GBytes) opened = NULL;
  g_autoptr(GoferKey) other = random_key ();
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  gsize len;

  data = g_bytes_get_data (framed, &len);
  g_assert_cmpuint (len, ==, GOFER_RECORD_OVERHEAD + 3);
  g_assert_cmpuint (data[3], ==, len - 4);

  g_assert_null (gofer_record_unframe (key, 4, data + 4, len - 4, &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_null (gofer_record_unframe (other, 5, data + 4, len - 4, &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_null (gofer_record_unframe (key, 5, data + 4, 10, &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
  g_clear_error (&error);
  opened = gofer_record_unframe (key, 5, data + 4, len - 4, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (opened, NULL), 3, "abc", 3);
}

/* Hints */

static gboolean
hold_connection (GPtrArray         *accepted,
                 GSocketConnection *connection)
{
  g_ptr_array_add (accepted, g_object_ref (connection));
  return TRUE;
}

static GPtrArray *
parse_hints (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return gofer_transit_hints_parse (node);
}

static void
test_hints_python (void)
{
  g_autoptr(GPtrArray) hints = parse_hints (
    "[{\"type\": \"direct-tcp-v1\", \"priority\": 0.0, \"hostname\": \"192.168.1.5\", \"port\": 37015},"
    " {\"type\": \"tor-tcp-v1\", \"priority\": 0.0, \"hostname\": \"abc.onion\", \"port\": 80},"
    " {\"type\": \"relay-v1\", \"hints\": [{\"type\": \"direct-tcp-v1\", \"priority\": 2.0,"
    "   \"hostname\": \"magic-wormhole-transit.debian.net\", \"port\": 4001}]}]");
  GoferTransitHint *direct, *tor, *relay, *endpoint;

  g_assert_cmpuint (hints->len, ==, 3);
  direct = g_ptr_array_index (hints, 0);
  g_assert_cmpint (direct->type, ==, GOFER_TRANSIT_HINT_DIRECT_TCP);
  g_assert_cmpstr (direct->hostname, ==, "192.168.1.5");
  g_assert_cmpuint (direct->port, ==, 37015);
  g_assert_true (gofer_transit_hint_is_dialable (direct));
  tor = g_ptr_array_index (hints, 1);
  g_assert_cmpint (tor->type, ==, GOFER_TRANSIT_HINT_TOR_TCP);
  g_assert_false (gofer_transit_hint_is_dialable (tor));
  relay = g_ptr_array_index (hints, 2);
  g_assert_cmpint (relay->type, ==, GOFER_TRANSIT_HINT_RELAY);
  g_assert_cmpuint (relay->endpoints->len, ==, 1);
  endpoint = g_ptr_array_index (relay->endpoints, 0);
  g_assert_cmpstr (endpoint->hostname, ==, "magic-wormhole-transit.debian.net");
  g_assert_cmpuint (endpoint->port, ==, 4001);
  g_assert_cmpfloat (endpoint->priority, ==, 2.0);
}

static void
test_hints_python_vector (void)
{
  g_autoptr(JsonNode) root = vectors_load ("transit.json");
  JsonNode *list = json_object_get_member (json_node_get_object (root),
                                           "python_sender_hints_no_listen_with_relay");
  g_autoptr(GPtrArray) hints = gofer_transit_hints_parse (list);
  GoferTransitHint *relay;

  g_assert_cmpuint (hints->len, ==, 1);
  relay = g_ptr_array_index (hints, 0);
  g_assert_cmpint (relay->type, ==, GOFER_TRANSIT_HINT_RELAY);
  g_assert_cmpuint (relay->endpoints->len, ==, 1);
  g_assert_cmpstr (((GoferTransitHint *)g_ptr_array_index (relay->endpoints, 0))->hostname, ==, "127.0.0.1");
}

static void
test_hints_go (void)
{
  /* Go: "hints": null on direct hints, an empty relay wrapper, integer priorities. */
  g_autoptr(GPtrArray) hints = parse_hints (
    "[{\"type\":\"direct-tcp-v1\",\"hostname\":\"10.0.0.7\",\"port\":41234,\"priority\":0,\"hints\":null},"
    " {\"hostname\":\"\",\"port\":0,\"priority\":0,\"type\":\"relay-v1\","
    "  \"hints\":[{\"hostname\":\"transit.magic-wormhole.io\",\"port\":4001,\"priority\":2,\"type\":\"direct-tcp-v1\"}]}]");
  GoferTransitHint *relay;
  GoferTransitHint *endpoint;

  g_assert_cmpuint (hints->len, ==, 2);
  g_assert_cmpuint (((GoferTransitHint *)g_ptr_array_index (hints, 0))->port, ==, 41234);
  relay = g_ptr_array_index (hints, 1);
  g_assert_cmpint (relay->type, ==, GOFER_TRANSIT_HINT_RELAY);
  g_assert_false (gofer_transit_hint_is_dialable (relay));
  endpoint = g_ptr_array_index (relay->endpoints, 0);
  g_assert_cmpstr (endpoint->hostname, ==, "transit.magic-wormhole.io");
  g_assert_cmpfloat (endpoint->priority, ==, 2.0);

  /* A Go receiver advertises nothing at all. */
  g_clear_pointer (&hints, g_ptr_array_unref);
  hints = parse_hints ("[]");
  g_assert_cmpuint (hints->len, ==, 0);
}

static void
test_hints_rust (void)
{
  /* Rust: no priority, "name" on relays, websocket endpoints. */
  g_autoptr(GPtrArray) hints = parse_hints (
    "[{\"type\":\"direct-tcp-v1\",\"hostname\":\"fe80::1\",\"port\":33333},"
    " {\"type\":\"relay-v1\",\"name\":null,\"hints\":["
    "   {\"type\":\"websocket\",\"url\":\"wss://relay.example/\"},"
    "   {\"type\":\"direct-tcp-v1\",\"hostname\":\"relay.example\",\"port\":4001}]},"
    " {\"type\":\"relay-v1\",\"name\":\"only-ws\",\"hints\":[{\"type\":\"websocket-v1\",\"url\":\"wss://x/\"}]}]");
  GoferTransitHint *relay;
  GoferTransitHint *endpoint;
  g_autoptr(JsonNode) back = NULL;
  g_autofree char *json = NULL;

  g_assert_cmpuint (hints->len, ==, 3);
  g_assert_cmpfloat (((GoferTransitHint *)g_ptr_array_index (hints, 0))->priority, ==, 0.0);

  /* Browser clients' WebSocket endpoints are kept, in both spellings. */
  relay = g_ptr_array_index (hints, 1);
  g_assert_cmpuint (relay->endpoints->len, ==, 2);
  endpoint = g_ptr_array_index (relay->endpoints, 0);
  g_assert_cmpint (endpoint->type, ==, GOFER_TRANSIT_HINT_WEBSOCKET);
  g_assert_cmpstr (endpoint->url, ==, "wss://relay.example/");
  g_assert_false (gofer_transit_hint_is_dialable (endpoint));
  g_assert_cmpstr (((GoferTransitHint *)g_ptr_array_index (relay->endpoints, 1))->hostname, ==, "relay.example");
  relay = g_ptr_array_index (hints, 2);
  g_assert_cmpuint (relay->endpoints->len, ==, 1);
  endpoint = g_ptr_array_index (relay->endpoints, 0);
  g_assert_cmpint (endpoint->type, ==, GOFER_TRANSIT_HINT_WEBSOCKET);
  g_assert_cmpstr (endpoint->url, ==, "wss://x/");

  /* A copy keeps the URL, and it serializes in the Rust spelling. */
  {
    g_autoptr(GoferTransitHint) copy = gofer_transit_hint_copy (relay);

    g_assert_cmpstr (((GoferTransitHint *)g_ptr_array_index (copy->endpoints, 0))->url, ==, "wss://x/");
  }
  back = gofer_transit_hints_serialize (hints);
  json = json_to_string (back, FALSE);
  g_assert_nonnull (strstr (json, "{\"type\":\"websocket\",\"url\":\"wss://x/\"}"));
}

static void
test_hints_websocket_hostile (void)
{
  /* Not WebSocket URLs, no URL, not a string: skipped, the rest stays. */
  g_autoptr(GPtrArray) hints = parse_hints (
    "[{\"type\":\"relay-v1\",\"hints\":["
    "   {\"type\":\"websocket\",\"url\":\"http://relay.example/\"},"
    "   {\"type\":\"websocket\",\"url\":\"file:///etc/passwd\"},"
    "   {\"type\":\"websocket\",\"url\":\"ws://bad host/\"},"
    "   {\"type\":\"websocket\"},"
    "   {\"type\":\"websocket-v1\",\"url\":17},"
    "   {\"type\":\"websocket\",\"url\":null},"
    "   {\"type\":\"websocket\",\"url\":\"ws://127.0.0.1:4002\"}]}]");
  GoferTransitHint *relay;

  g_assert_cmpuint (hints->len, ==, 1);
  relay = g_ptr_array_index (hints, 0);
  g_assert_cmpuint (relay->endpoints->len, ==, 1);
  g_assert_cmpstr (((GoferTransitHint *)g_ptr_array_index (relay->endpoints, 0))->url, ==,
                   "ws://127.0.0.1:4002");
}

static void
test_hints_hostile (void)
{
  g_autoptr(GPtrArray) hints = NULL;
  g_autoptr(GPtrArray) none = gofer_transit_hints_parse (NULL);

  g_assert_cmpuint (none->len, ==, 0);
  g_clear_pointer (&none, g_ptr_array_unref);
  none = parse_hints ("{\"not\": \"a list\"}");
  g_assert_cmpuint (none->len, ==, 0);

  hints = parse_hints (
    "[null, 5, \"x\", [], {}, {\"type\": 7},"
    " {\"type\":\"unknown-v9\",\"hostname\":\"a\",\"port\":1},"
    " {\"type\":\"direct-tcp-v1\",\"hostname\":5,\"port\":1},"
    " {\"type\":\"direct-tcp-v1\",\"hostname\":\"a\",\"port\":\"1\"},"
    " {\"type\":\"direct-tcp-v1\",\"hostname\":\"a\",\"port\":70000},"
    " {\"type\":\"direct-tcp-v1\",\"hostname\":\"a\",\"port\":-1},"
    " {\"type\":\"direct-tcp-v1\",\"hostname\":\"a\",\"port\":1.5},"
    " {\"type\":\"direct-tcp-v1\",\"hostname\":\"a\"},"
    " {\"type\":\"relay-v1\",\"hints\":null},"
    " {\"type\":\"relay-v1\",\"hints\":[null, {\"type\":\"relay-v1\",\"hints\":[]}]},"
    " {\"type\":\"direct-tcp-v1\",\"hostname\":\"\",\"port\":0,\"priority\":\"high\",\"extra\":{}}]");

  /* Two empty relays and one empty (undialable) direct hint survive. */
  g_assert_cmpuint (hints->len, ==, 3);
  g_assert_cmpuint (((GoferTransitHint *)g_ptr_array_index (hints, 0))->endpoints->len, ==, 0);
  g_assert_cmpuint (((GoferTransitHint *)g_ptr_array_index (hints, 1))->endpoints->len, ==, 0);
  g_assert_false (gofer_transit_hint_is_dialable (g_ptr_array_index (hints, 2)));
}

/* A peer's list is cut to GOFER_TRANSIT_MAX_HINTS, a relay's endpoints to
 * GOFER_TRANSIT_MAX_RELAY_ENDPOINTS. */
static void
test_hints_capped (void)
{
  GString *json = g_string_new ("[{\"type\":\"relay-v1\",\"hints\":[");
  g_autoptr(GPtrArray) hints = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < 50; i++)
    g_string_append_printf (json, "%s{\"type\":\"direct-tcp-v1\",\"hostname\":\"r%u\",\"port\":%u}",
                            i ? "," : "", i, 1000 + i);
  g_string_append (json, "]}");
  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (json, ",{\"type\":\"direct-tcp-v1\",\"hostname\":\"h%u\",\"port\":%u}",
                            i, 2000 + i);
  g_string_append (json, "]");
  text = g_string_free (json, FALSE);

  hints = parse_hints (text);
  g_assert_cmpuint (hints->len, ==, GOFER_TRANSIT_MAX_HINTS);
  g_assert_cmpuint (((GoferTransitHint *)g_ptr_array_index (hints, 0))->endpoints->len, ==,
                    GOFER_TRANSIT_MAX_RELAY_ENDPOINTS);
  g_assert_cmpstr (((GoferTransitHint *)g_ptr_array_index (hints, 1))->hostname, ==, "h0");
}

static void
test_hints_serialize (void)
{
  g_autoptr(GPtrArray) hints = g_ptr_array_new_with_free_func ((GDestroyNotify)gofer_transit_hint_free);
  g_autoptr(JsonNode) message = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autofree char *text = NULL;
  JsonObject *transit;

  g_ptr_array_add (hints, gofer_transit_hint_new_direct ("192.0.2.1", 1234, 0.0));
  g_ptr_array_add (hints, gofer_transit_hint_new_relay ("relay.example", 4001, 2.0));
  message = gofer_transit_message_new (hints);
  text = json_to_string (message, FALSE);
  g_test_message ("%s", text);

  transit = json_object_get_object_member (json_node_get_object (message), "transit");
  g_assert_nonnull (transit);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (transit, "abilities-v1")), ==, 2);
  g_assert_nonnull (strstr (text, "{\"type\":\"direct-tcp-v1\"},{\"type\":\"relay-v1\"}"));
  g_assert_nonnull (strstr (text, "\"hostname\":\"192.0.2.1\",\"port\":1234"));

  parsed = gofer_transit_message_parse (json_object_get_member (json_node_get_object (message), "transit"));
  g_assert_cmpuint (parsed->len, ==, 2);
  g_assert_cmpstr (((GoferTransitHint *)g_ptr_array_index (parsed, 0))->hostname, ==, "192.0.2.1");
  g_assert_cmpuint (((GoferTransitHint *)g_ptr_array_index (((GoferTransitHint *)g_ptr_array_index (parsed, 1))->endpoints, 0))->port, ==, 4001);
}

static void
test_hints_relay_url (void)
{
  struct { const char *url; const char *host; guint port; double priority; } good[] = {
    { "tcp:transit.magic-wormhole.io:4001", "transit.magic-wormhole.io", 4001, 0.0 },
    { "tcp:magic-wormhole-transit.debian.net:4001:priority=2.0", "magic-wormhole-transit.debian.net", 4001, 2.0 },
    { "tcp://relay.example:4001", "relay.example", 4001, 0.0 },
    { "tcp://relay.example:4001/", "relay.example", 4001, 0.0 },
    { "127.0.0.1:9", "127.0.0.1", 9, 0.0 },
    { "tcp:[::1]:4001", "::1", 4001, 0.0 },
  };
  const char *bad[] = { "", "tcp:", "tcp:host", "tcp:host:0", "tcp:host:65536", "tcp::4001",
                        "tcp:host:40x", "ws://relay:4000/v1x", "tcp:[::1:4001" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GoferTransitHint) hint = gofer_transit_hint_parse_relay_url (good[i].url, &error);
      GoferTransitHint *endpoint;

      g_assert_no_error (error);
      g_assert_cmpint (hint->type, ==, GOFER_TRANSIT_HINT_RELAY);
      endpoint = g_ptr_array_index (hint->endpoints, 0);
      g_assert_cmpstr (endpoint->hostname, ==, good[i].host);
      g_assert_cmpuint (endpoint->port, ==, good[i].port);
      g_assert_cmpfloat (endpoint->priority, ==, good[i].priority);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (gofer_transit_hint_parse_relay_url (bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

/* Real connections on loopback */

typedef struct
{
  GoferTransit      *transit[2];     /* sender, receiver */
  GoferRecordStream *stream[2];
  TestRelay         *relay;
} Pair;

static void
pair_prepare (Pair           *pair,
              const GoferKey *sender_key,
              const GoferKey *receiver_key,
              gboolean        listen,
              gboolean        relay)
{
  const GoferKey *keys[2] = { sender_key, receiver_key };

  if (relay && !(pair->relay = test_relay_start ()))
    return;

  for (int i = 0; i < 2; i++)
    {
      GAsyncResult *result = NULL;
      g_autoptr(GError) error = NULL;

      pair->transit[i] = gofer_transit_new (i == 0 ? GOFER_TRANSIT_ROLE_SENDER : GOFER_TRANSIT_ROLE_RECEIVER, keys[i]);
      gofer_transit_set_listen (pair->transit[i], listen);
      gofer_transit_set_timeout (pair->transit[i], 5000);
      if (relay)
        {
          g_autoptr(GoferTransitHint) hint = gofer_transit_hint_new_relay ("127.0.0.1", test_relay_port (pair->relay), 0.0);
          gofer_transit_add_relay (pair->transit[i], hint);
        }
      gofer_transit_prepare_async (pair->transit[i], NULL, test_store_result_cb, &result);
      test_wait_result (&result);
      g_assert_true (gofer_transit_prepare_finish (pair->transit[i], result, &error));
      g_assert_no_error (error);
      g_object_unref (result);
    }
}

/* Connects both sides; errors go to @errors when given, else must not happen. */
static void
pair_connect (Pair    *pair,
              GError **errors)
{
  GAsyncResult *results[2] = { NULL, NULL };

  for (int i = 0; i < 2; i++)
    {
      GoferTransit *peer = pair->transit[1 - i];
      g_autoptr(GPtrArray) hints = test_loopback_hints (gofer_transit_get_hints (peer),
                                                        gofer_transit_get_port (peer));

      gofer_transit_connect_async (pair->transit[i], hints, NULL, test_store_result_cb, &results[i]);
    }
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;

      test_wait_result (&results[i]);
      pair->stream[i] = gofer_transit_connect_finish (pair->transit[i], results[i], &error);
      g_object_unref (results[i]);
      if (errors != NULL)
        errors[i] = g_steal_pointer (&error);
      else
        g_assert_no_error (error);
    }
}

static void
pair_clear (Pair *pair)
{
  for (int i = 0; i < 2; i++)
    {
      g_clear_object (&pair->stream[i]);
      if (pair->transit[i] != NULL)
        g_assert_finalize_object (g_steal_pointer (&pair->transit[i]));
    }
  g_clear_pointer (&pair->relay, test_relay_stop);
}

typedef struct
{
  guint   calls;
  guint64 last;
  guint64 total;
  GThread *thread;
} Progress;

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_true (progress->thread == g_thread_self ());
  g_assert_cmpuint (done, >=, progress->last);
  progress->calls++;
  progress->last = done;
  progress->total = total;
}

static char *
sha256_hex (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static GBytes *
random_bytes (gsize len)
{
  guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i += 4)
    {
      guint32 r = g_random_int ();
      memcpy (data + i, &r, MIN (4, len - i));
    }
  return g_bytes_new_take (data, len);
}

/* Sends @payload from sender to receiver and checks that both pumps return
 * @expected (the payload's hash, or "" without one) and that the ack passes. */
static void
pair_transfer_expecting (Pair       *pair,
                         GBytes     *payload,
                         const char *expected)
{
  g_autoptr(GInputStream) input = g_memory_input_stream_new_from_bytes (payload);
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autofree char *sent = NULL;
  g_autofree char *received = NULL;
  g_autoptr(GBytes) got = NULL;
  GAsyncResult *results[2] = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  Progress progress[2] = { { 0, 0, 0, g_thread_self () }, { 0, 0, 0, g_thread_self () } };
  guint64 size = g_bytes_get_size (payload);

  gofer_record_stream_send_stream_async (pair->stream[0], input, size, progress_cb, &progress[0], NULL,
                                         NULL, test_store_result_cb, &results[0]);
  gofer_record_stream_receive_stream_async (pair->stream[1], output, size, progress_cb, &progress[1], NULL,
                                            NULL, test_store_result_cb, &results[1]);
  sent = gofer_record_stream_send_stream_finish (pair->stream[0], test_wait_result (&results[0]), &error);
  g_assert_no_error (error);
  received = gofer_record_stream_receive_stream_finish (pair->stream[1], test_wait_result (&results[1]), &error);
  g_assert_no_error (error);
  g_clear_object (&results[0]);
  g_clear_object (&results[1]);

  g_assert_cmpstr (sent, ==, expected);
  g_assert_cmpstr (received, ==, expected);
  g_output_stream_close (output, NULL, NULL);
  got = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (output));
  g_assert_true (g_bytes_equal (got, payload));

  /* Progress ends at the total, from the main thread, without flooding it. */
  test_spin (50);
  for (int i = 0; i < 2; i++)
    {
      g_assert_cmpuint (progress[i].last, ==, size);
      g_assert_cmpuint (progress[i].total, ==, size);
      g_assert_cmpuint (progress[i].calls, >=, 1);
      g_assert_cmpuint (progress[i].calls, <=, 100);
    }

  gofer_record_stream_send_ack_async (pair->stream[1], received, NULL, test_store_result_cb, &results[1]);
  gofer_record_stream_receive_ack_async (pair->stream[0], sent, NULL, test_store_result_cb, &results[0]);
  g_assert_true (gofer_record_stream_send_ack_finish (pair->stream[1], test_wait_result (&results[1]), &error));
  g_assert_no_error (error);
  g_assert_true (gofer_record_stream_receive_ack_finish (pair->stream[0], test_wait_result (&results[0]), &error));
  g_assert_no_error (error);
  g_clear_object (&results[0]);
  g_clear_object (&results[1]);
}

static void
pair_transfer (Pair   *pair,
               GBytes *payload)
{
  g_autofree char *expected = sha256_hex (payload);

  pair_transfer_expecting (pair, payload, expected);
}

static void
test_connect_direct (void)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GBytes) payload = random_bytes (3 * 1024 * 1024 + 17);
  Pair pair = { 0 };

  pair_prepare (&pair, key, key, TRUE, FALSE);
  g_assert_cmpuint (gofer_transit_get_port (pair.transit[0]), >, 0);
  pair_connect (&pair, NULL);
  g_assert_true (g_str_has_prefix (gofer_record_stream_get_description (pair.stream[0]), "direct"));
  g_assert_false (gofer_record_stream_is_relayed (pair.stream[0]));
  g_assert_false (gofer_record_stream_is_relayed (pair.stream[1]));

  /* Small records too: many of them, with a final partial one. */
  gofer_record_stream_set_chunk_size (pair.stream[0], 1000);
  pair_transfer (&pair, payload);
  pair_clear (&pair);
}

static void
test_connect_relay (void)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GBytes) payload = random_bytes (4 * 1024 * 1024);
  Pair pair = { 0 };
  GoferTransitHint *hint;

  /* Nobody listens: the only way is the real Debian relay. */
  pair_prepare (&pair, key, key, FALSE, TRUE);
  if (pair.relay == NULL)
    return;

  g_assert_cmpuint (gofer_transit_get_hints (pair.transit[0])->len, ==, 1);
  hint = g_ptr_array_index (gofer_transit_get_hints (pair.transit[0]), 0);
  g_assert_cmpint (hint->type, ==, GOFER_TRANSIT_HINT_RELAY);

  pair_connect (&pair, NULL);
  g_assert_true (gofer_record_stream_is_relayed (pair.stream[0]));
  g_assert_true (gofer_record_stream_is_relayed (pair.stream[1]));
  g_assert_true (g_str_has_prefix (gofer_record_stream_get_description (pair.stream[1]), "relay 127.0.0.1:"));
  pair_transfer (&pair, payload);
  pair_clear (&pair);
}

static void
test_connect_race (void)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GBytes) payload = random_bytes (64 * 1024);
  Pair pair = { 0 };

  /* Direct and relay both possible: whichever wins, exactly one is used. */
  pair_prepare (&pair, key, key, TRUE, TRUE);
  if (pair.relay == NULL)
    return;
  gofer_transit_set_relay_delay (pair.transit[1], 0);
  pair_connect (&pair, NULL);
  g_test_message ("sender used %s, receiver used %s",
                  gofer_record_stream_get_description (pair.stream[0]),
                  gofer_record_stream_get_description (pair.stream[1]));
  g_assert_cmpint (gofer_record_stream_is_relayed (pair.stream[0]), ==,
                   gofer_record_stream_is_relayed (pair.stream[1]));
  pair_transfer (&pair, payload);
  pair_clear (&pair);
}

static void
test_connect_wrong_key (void)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GoferKey) other = random_key ();
  GError *errors[2] = { NULL, NULL };
  Pair pair = { 0 };

  pair_prepare (&pair, key, other, TRUE, FALSE);
  gofer_transit_set_timeout (pair.transit[0], 1500);
  gofer_transit_set_timeout (pair.transit[1], 1500);
  pair_connect (&pair, errors);
  for (int i = 0; i < 2; i++)
    {
      g_assert_null (pair.stream[i]);
      g_assert_error (errors[i], GOFER_ERROR, GOFER_ERROR_TRANSIT);
      g_assert_nonnull (strstr (errors[i]->message, "transit relay"));
      g_clear_error (&errors[i]);
    }
  pair_clear (&pair);
}

static void
test_connect_nowhere (void)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GoferTransit) transit = gofer_transit_new (GOFER_TRANSIT_ROLE_RECEIVER, key);
  g_autoptr(GPtrArray) hints = g_ptr_array_new_with_free_func ((GDestroyNotify)gofer_transit_hint_free);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  gint64 start;

  /* Not listening, and the only hint is a closed port: fail at once, not after the timeout. */
  gofer_transit_set_listen (transit, FALSE);
  gofer_transit_prepare_async (transit, NULL, test_store_result_cb, &result);
  g_assert_true (gofer_transit_prepare_finish (transit, test_wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_cmpuint (gofer_transit_get_hints (transit)->len, ==, 0);

  g_ptr_array_add (hints, gofer_transit_hint_new_direct ("127.0.0.1", test_free_port (), 0.0));
  start = g_get_monotonic_time ();
  gofer_transit_connect_async (transit, hints, NULL, test_store_result_cb, &result);
  g_assert_null (gofer_transit_connect_finish (transit, test_wait_result (&result), &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_TRANSIT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_clear_object (&result);
}

/* A peer lists many ports on one host: a few are dialled, not all, so that
 * it cannot make us scan a host for it. */
static void
test_connect_dials_per_host (void)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GoferTransit) transit = gofer_transit_new (GOFER_TRANSIT_ROLE_RECEIVER, key);
  g_autoptr(GPtrArray) hints = g_ptr_array_new_with_free_func ((GDestroyNotify)gofer_transit_hint_free);
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) accepted = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  for (guint i = 0; i < 12; i++)
    {
      GSocketService *service = g_socket_service_new ();
      guint16 port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);

      g_assert_no_error (error);
      g_signal_connect_swapped (service, "incoming", G_CALLBACK (hold_connection), accepted);
      g_socket_service_start (service);
      g_ptr_array_add (services, service);
      /* Upper and lower case name the same host. */
      g_ptr_array_add (hints, gofer_transit_hint_new_direct (i % 2 ? "localhost" : "LOCALHOST", port, 0.0));
    }

  gofer_transit_set_listen (transit, FALSE);
  gofer_transit_set_timeout (transit, 1500);
  gofer_transit_prepare_async (transit, NULL, test_store_result_cb, &result);
  g_assert_true (gofer_transit_prepare_finish (transit, test_wait_result (&result), &error));
  g_clear_object (&result);

  gofer_transit_connect_async (transit, hints, NULL, test_store_result_cb, &result);
  g_assert_null (gofer_transit_connect_finish (transit, test_wait_result (&result), &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_TRANSIT);
  g_clear_object (&result);
  test_spin (100);
  g_assert_cmpuint (accepted->len, ==, GOFER_TRANSIT_MAX_DIALS_PER_HOST);

  for (guint i = 0; i < services->len; i++)
    g_socket_service_stop (g_ptr_array_index (services, i));
}

typedef struct
{
  GSocketConnection *connection;
  guint8             buf[4096];
  gsize              got;
  gboolean           done;
} Stranger;

static void
stranger_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Stranger *stranger = user_data;

  g_input_stream_read_all_finish (G_INPUT_STREAM (object), result, &stranger->got, NULL);
  stranger->done = TRUE;
}

/* Strangers who connect to the listening port and say nothing: a few are
 * heard at a time, the rest closed at once, and each is closed when it has
 * not finished its handshake in time. */
static void
test_inbound_limits (void)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GoferTransit) transit = gofer_transit_new (GOFER_TRANSIT_ROLE_SENDER, key);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  Stranger strangers[GOFER_TRANSIT_MAX_PENDING_INBOUND + 4] = { { 0 } };
  guint heard = 0, refused = 0;
  gint64 start;

  gofer_transit_set_handshake_timeout (transit, 500);
  gofer_transit_prepare_async (transit, NULL, test_store_result_cb, &result);
  g_assert_true (gofer_transit_prepare_finish (transit, test_wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_cmpuint (gofer_transit_get_port (transit), >, 0);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < G_N_ELEMENTS (strangers); i++)
    {
      strangers[i].connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                                 gofer_transit_get_port (transit),
                                                                 NULL, &error);
      g_assert_no_error (error);
      g_input_stream_read_all_async (g_io_stream_get_input_stream (G_IO_STREAM (strangers[i].connection)),
                                     strangers[i].buf, sizeof strangers[i].buf, G_PRIORITY_DEFAULT,
                                     NULL, stranger_read_cb, &strangers[i]);
      /* One at a time, so that the count of pending ones is what it says. */
      test_spin (20);
    }

  for (guint i = 0; i < G_N_ELEMENTS (strangers); i++)
    {
      while (!strangers[i].done && g_get_monotonic_time () - start < 5 * G_USEC_PER_SEC)
        test_spin (20);
      g_assert_true (strangers[i].done);
      if (strangers[i].got > 0)
        heard++;
      else
        refused++;
      g_clear_object (&strangers[i].connection);
    }
  /* Heard: they got our handshake line, then the close. */
  g_assert_cmpuint (heard, ==, GOFER_TRANSIT_MAX_PENDING_INBOUND);
  g_assert_cmpuint (refused, ==, 4);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
}

static void
test_connect_cancel (void)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GoferTransit) transit = gofer_transit_new (GOFER_TRANSIT_ROLE_SENDER, key);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  gofer_transit_prepare_async (transit, NULL, test_store_result_cb, &result);
  g_assert_true (gofer_transit_prepare_finish (transit, test_wait_result (&result), &error));
  g_clear_object (&result);

  gofer_transit_connect_async (transit, NULL, cancellable, test_store_result_cb, &result);
  test_spin (100);
  g_assert_null (result);
  g_cancellable_cancel (cancellable);
  g_assert_null (gofer_transit_connect_finish (transit, test_wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);
  g_assert_cmpuint (gofer_transit_get_port (transit), ==, 0);
}

/* The two sides' results and errors of one exchange. */
static void
clear_results (GAsyncResult **results,
               GError       **errors)
{
  for (int i = 0; i < 2; i++)
    {
      g_clear_object (&results[i]);
      g_clear_error (&errors[i]);
    }
}

typedef struct
{
  GCancellable *cancellable;
} CancelOnProgress;

static void
cancel_on_progress_cb (guint64  done,
                       guint64  total,
                       gpointer user_data)
{
  CancelOnProgress *data = user_data;

  if (done > 0 && done < total)
    g_cancellable_cancel (data->cancellable);
}

/* @side is the one that gives up half-way; the other must fail cleanly too. */
static void
cancel_mid_transfer (int side)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GBytes) payload = random_bytes (32 * 1024 * 1024);
  g_autoptr(GInputStream) input = g_memory_input_stream_new_from_bytes (payload);
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelOnProgress data = { cancellable };
  GAsyncResult *results[2] = { NULL, NULL };
  GError *errors[2] = { NULL, NULL };
  Pair pair = { 0 };
  char *sha;

  pair_prepare (&pair, key, key, TRUE, FALSE);
  pair_connect (&pair, NULL);
  gofer_record_stream_set_chunk_size (pair.stream[0], 16384);

  gofer_record_stream_send_stream_async (pair.stream[0], input, g_bytes_get_size (payload),
                                         side == 0 ? cancel_on_progress_cb : NULL, &data, NULL,
                                         side == 0 ? cancellable : NULL, test_store_result_cb, &results[0]);
  gofer_record_stream_receive_stream_async (pair.stream[1], output, g_bytes_get_size (payload),
                                            side == 1 ? cancel_on_progress_cb : NULL, &data, NULL,
                                            side == 1 ? cancellable : NULL, test_store_result_cb, &results[1]);
  sha = gofer_record_stream_send_stream_finish (pair.stream[0], test_wait_result (&results[0]), &errors[0]);
  g_assert_null (sha);
  sha = gofer_record_stream_receive_stream_finish (pair.stream[1], test_wait_result (&results[1]), &errors[1]);
  g_assert_null (sha);

  g_assert_error (errors[side], G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("the other side saw: %s", errors[1 - side]->message);
  g_assert_true (g_error_matches (errors[1 - side], GOFER_ERROR, GOFER_ERROR_PEER_GONE)
                 || g_error_matches (errors[1 - side], GOFER_ERROR, GOFER_ERROR_TRANSIT));
  g_assert_true (g_io_stream_is_closed (gofer_record_stream_get_stream (pair.stream[0])));
  g_assert_true (g_io_stream_is_closed (gofer_record_stream_get_stream (pair.stream[1])));

  clear_results (results, errors);
  pair_clear (&pair);
}

static void
test_cancel_sender (void)
{
  cancel_mid_transfer (0);
}

static void
test_cancel_receiver (void)
{
  cancel_mid_transfer (1);
}

/* The pumps' file threads (gofer-record-stream.c): a file side that fails
 * must end both sides with an error, never leave one waiting. @short_input:
 * the sender's input ends early; otherwise the receiver's output fills up. */
static void
file_side_fails (gboolean short_input)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GBytes) payload = random_bytes (8 * 1024 * 1024);
  guint64 announced = g_bytes_get_size (payload) + (short_input ? 4096 : 0);
  g_autoptr(GInputStream) input = g_memory_input_stream_new_from_bytes (payload);
  g_autofree guint8 *room = g_malloc (300 * 1024);
  g_autoptr(GOutputStream) output = short_input
    ? g_memory_output_stream_new_resizable ()
    : g_memory_output_stream_new (room, 300 * 1024, NULL, NULL);
  GAsyncResult *results[2] = { NULL, NULL };
  GError *errors[2] = { NULL, NULL };
  int side = short_input ? 0 : 1;
  Pair pair = { 0 };
  char *sha;

  pair_prepare (&pair, key, key, TRUE, FALSE);
  pair_connect (&pair, NULL);
  gofer_record_stream_set_chunk_size (pair.stream[0], 65536);

  gofer_record_stream_send_stream_async (pair.stream[0], input, announced, NULL, NULL, NULL,
                                         NULL, test_store_result_cb, &results[0]);
  gofer_record_stream_receive_stream_async (pair.stream[1], output, announced, NULL, NULL, NULL,
                                            NULL, test_store_result_cb, &results[1]);
  sha = gofer_record_stream_send_stream_finish (pair.stream[0], test_wait_result (&results[0]), &errors[0]);
  g_assert_null (sha);
  sha = gofer_record_stream_receive_stream_finish (pair.stream[1], test_wait_result (&results[1]), &errors[1]);
  g_assert_null (sha);

  g_test_message ("sender: %s; receiver: %s", errors[0]->message, errors[1]->message);
  if (short_input)
    g_assert_error (errors[0], GOFER_ERROR, GOFER_ERROR_FAILED);
  else
    g_assert_error (errors[1], G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_true (g_error_matches (errors[1 - side], GOFER_ERROR, GOFER_ERROR_PEER_GONE)
                 || g_error_matches (errors[1 - side], GOFER_ERROR, GOFER_ERROR_TRANSIT));
  g_assert_true (g_io_stream_is_closed (gofer_record_stream_get_stream (pair.stream[side])));

  clear_results (results, errors);
  pair_clear (&pair);
}

#ifdef G_OS_UNIX
typedef struct
{
  int    fd;
  gsize  total;
} Drain;

/* Reads the pipe only after a while, so the receiver's file thread is
 * still blocked on its first record when the connection breaks. */
static gpointer
drain_later (gpointer user_data)
{
  Drain *drain = user_data;
  char buf[65536];
  gssize n;

  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  while ((n = read (drain->fd, buf, sizeof buf)) > 0)
    drain->total += n;
  return NULL;
}

/* A connection that breaks after three records: all three were authenticated,
 * so all three reach the output even when the file side is slower than the
 * network (a .part kept for a resume holds everything that arrived). */
static void
test_broken_keeps_received (void)
{
  const gsize chunk = 64 * 1024;
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GBytes) payload = random_bytes (3 * chunk);
  g_autoptr(GInputStream) input = g_memory_input_stream_new_from_bytes (payload);
  g_autoptr(GOutputStream) output = NULL;
  GAsyncResult *results[2] = { NULL, NULL };
  GError *errors[2] = { NULL, NULL };
  Drain drain = { -1, 0 };
  GThread *drainer;
  Pair pair = { 0 };
  int fds[2];

  g_assert_cmpint (pipe (fds), ==, 0);
#ifdef F_SETPIPE_SZ
  fcntl (fds[1], F_SETPIPE_SZ, 4096);
#endif
  drain.fd = fds[0];
  output = g_unix_output_stream_new (fds[1], TRUE);
  drainer = g_thread_new ("drain", drain_later, &drain);

  pair_prepare (&pair, key, key, TRUE, FALSE);
  pair_connect (&pair, NULL);
  gofer_record_stream_set_chunk_size (pair.stream[0], chunk);
  /* Announced one byte more than there is: the sender fails after three records. */
  gofer_record_stream_send_stream_async (pair.stream[0], input, 3 * chunk + 1, NULL, NULL, NULL,
                                         NULL, test_store_result_cb, &results[0]);
  gofer_record_stream_receive_stream_async (pair.stream[1], output, 3 * chunk + 1, NULL, NULL, NULL,
                                            NULL, test_store_result_cb, &results[1]);
  g_assert_null (gofer_record_stream_send_stream_finish (pair.stream[0], test_wait_result (&results[0]), &errors[0]));
  g_assert_null (gofer_record_stream_receive_stream_finish (pair.stream[1], test_wait_result (&results[1]), &errors[1]));
  g_test_message ("sender: %s; receiver: %s", errors[0]->message, errors[1]->message);

  g_output_stream_close (output, NULL, NULL);
  g_thread_join (drainer);
  close (fds[0]);
  g_assert_cmpuint (drain.total, ==, 3 * chunk);

  clear_results (results, errors);
  pair_clear (&pair);
}
#endif

static void
test_short_input (void)
{
  file_side_fails (TRUE);
}

static void
test_output_full (void)
{
  file_side_fails (FALSE);
}

/* The way a file transfer uses it: a file on one side, a .part file on the other. */
static void
file_to_part_file (gboolean cancel)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GBytes) payload = random_bytes (cancel ? 48 * 1024 * 1024 : 1024 * 1024 + 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("gofer-transit-XXXXXX", &error);
  g_autoptr(GFile) dir = g_file_new_for_path (tmp);
  g_autoptr(GFile) source = g_file_get_child (dir, "source.bin");
  g_autoptr(GFile) downloads = g_file_get_child (dir, "downloads");
  g_autoptr(GoferPartFile) part = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelOnProgress data = { cancellable };
  GAsyncResult *results[2] = { NULL, NULL };
  g_autofree char *sent = NULL;
  g_autofree char *received = NULL;
  g_autofree char *expected = sha256_hex (payload);
  guint64 size = g_bytes_get_size (payload);
  GError *errors[2] = { NULL, NULL };
  Pair pair = { 0 };

  g_assert_no_error (error);
  g_file_replace_contents (source, g_bytes_get_data (payload, NULL), size, NULL, FALSE,
                           G_FILE_CREATE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_file_make_directory (downloads, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gofer_check_free_space (downloads, size, NULL, &error));
  part = gofer_part_file_new (downloads, "../source.bin", FALSE, NULL, &error);
  g_assert_no_error (error);

  pair_prepare (&pair, key, key, TRUE, FALSE);
  pair_connect (&pair, NULL);
  gofer_record_stream_set_chunk_size (pair.stream[0], 64 * 1024);
  gofer_record_stream_send_file_async (pair.stream[0], source, size, NULL, NULL, NULL,
                                       NULL, test_store_result_cb, &results[0]);
  gofer_record_stream_receive_stream_async (pair.stream[1], gofer_part_file_get_output_stream (part), size,
                                            cancel ? cancel_on_progress_cb : NULL, &data, NULL,
                                            cancellable, test_store_result_cb, &results[1]);
  sent = gofer_record_stream_send_file_finish (pair.stream[0], test_wait_result (&results[0]), &errors[0]);
  received = gofer_record_stream_receive_stream_finish (pair.stream[1], test_wait_result (&results[1]), &errors[1]);

  if (cancel)
    {
      g_autoptr(GFile) left = g_file_get_child (downloads, "source.bin.part");

      g_assert_error (errors[1], G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_nonnull (errors[0]);
      g_clear_object (&part);
      for (int i = 0; i < 100 && g_file_query_exists (left, NULL); i++)
        test_spin (20);
      g_assert_false (g_file_query_exists (left, NULL));
    }
  else
    {
      g_autoptr(GFile) target = g_file_get_child (downloads, "source.bin");
      g_autoptr(GBytes) got = NULL;

      g_assert_no_error (errors[0]);
      g_assert_no_error (errors[1]);
      g_assert_cmpstr (sent, ==, expected);
      g_assert_cmpstr (received, ==, expected);
      g_assert_true (gofer_part_file_commit (part, NULL, &error));
      g_assert_no_error (error);
      got = g_file_load_bytes (target, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (got, payload));
    }

  clear_results (results, errors);
  pair_clear (&pair);
  g_clear_object (&part);
  g_assert_true (gofer_delete_recursive (dir, NULL, &error));
}

static void
test_file_to_part_file (void)
{
  file_to_part_file (FALSE);
}

static void
test_file_to_part_file_cancel (void)
{
  file_to_part_file (TRUE);
}

/* Both record ciphers, byte by byte: the frame layout, the counter nonce,
 * and that a tampered, reordered or cut record never opens. */
static void
check_cipher_frame (GoferRecordCipherKind kind,
                    gsize                 expected_start,
                    gsize                 nonce_size)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GoferRecordCipher) cipher = gofer_record_cipher_new (kind, key);
  const char plain[] = "records are sealed in place";
  gsize plain_len = sizeof plain - 1;
  guint8 buf[GOFER_RECORD_OVERHEAD + sizeof plain];
  guint8 copy[sizeof buf];
  g_autoptr(GError) error = NULL;
  guint64 counter = G_GUINT64_CONSTANT (0x0102030405060708);
  gsize start, body_len;
  guint8 *body;

  memcpy (buf + GOFER_RECORD_OVERHEAD, plain, plain_len);
  start = gofer_record_cipher_seal (cipher, counter, buf, plain_len);
  g_assert_cmpuint (start, ==, expected_start);
  g_assert_cmpuint (gofer_record_cipher_body_offset (cipher), ==, start + 4);
  body = buf + start + 4;
  body_len = nonce_size + 16 + plain_len;
  g_assert_cmpuint (gofer_record_cipher_body_overhead (cipher), ==, nonce_size + 16);
  /* u32_be(len), then the counter as a big-endian nonce */
  g_assert_cmpuint (((guint32)buf[start] << 24) | (buf[start + 1] << 16) | (buf[start + 2] << 8) | buf[start + 3],
                    ==, body_len);
  for (gsize i = 0; i < nonce_size - 8; i++)
    g_assert_cmpuint (body[i], ==, 0);
  for (gsize i = 0; i < 8; i++)
    g_assert_cmpuint (body[nonce_size - 8 + i], ==, i + 1);
  g_assert_true (memcmp (buf + GOFER_RECORD_OVERHEAD, plain, plain_len) != 0);

  memcpy (copy, buf, sizeof buf);
  g_assert_false (gofer_record_cipher_open (cipher, counter + 1, copy + start + 4, body_len, &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
  g_clear_error (&error);

  memcpy (copy, buf, sizeof buf);
  copy[sizeof copy - 2] ^= 0x40;
  g_assert_false (gofer_record_cipher_open (cipher, counter, copy + start + 4, body_len, &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
  g_clear_error (&error);

  g_assert_false (gofer_record_cipher_open (cipher, counter, body, nonce_size + 15, &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
  g_clear_error (&error);

  g_assert_true (gofer_record_cipher_open (cipher, counter, body, body_len, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (buf + GOFER_RECORD_OVERHEAD, plain_len, plain, plain_len);
}

static void
test_records_cipher_frames (void)
{
  check_cipher_frame (GOFER_RECORD_CIPHER_SECRETBOX, 0, 24);
  check_cipher_frame (GOFER_RECORD_CIPHER_AES256GCM, 12, 12);
}

/* A whole stream with AES-256-GCM on both ends, and what happens when only
 * one end switched: a clear protocol error, not garbage and not a hang. */
static void
stream_with_ciphers (GoferRecordCipherKind sender,
                     GoferRecordCipherKind receiver)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GBytes) payload = random_bytes (8 * 1024 * 1024 + 3);
  g_autoptr(GInputStream) input = g_memory_input_stream_new_from_bytes (payload);
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autofree char *expected = sha256_hex (payload);
  GAsyncResult *results[2] = { NULL, NULL };
  GError *errors[2] = { NULL, NULL };
  g_autofree char *sent = NULL;
  g_autofree char *received = NULL;
  Pair pair = { 0 };

  pair_prepare (&pair, key, key, TRUE, FALSE);
  pair_connect (&pair, NULL);
  gofer_record_stream_set_cipher (pair.stream[0], sender);
  gofer_record_stream_set_cipher (pair.stream[1], receiver);
  gofer_record_stream_send_stream_async (pair.stream[0], input, g_bytes_get_size (payload),
                                         NULL, NULL, NULL, NULL, test_store_result_cb, &results[0]);
  gofer_record_stream_receive_stream_async (pair.stream[1], output, g_bytes_get_size (payload),
                                            NULL, NULL, NULL, NULL, test_store_result_cb, &results[1]);
  received = gofer_record_stream_receive_stream_finish (pair.stream[1], test_wait_result (&results[1]), &errors[1]);
  sent = gofer_record_stream_send_stream_finish (pair.stream[0], test_wait_result (&results[0]), &errors[0]);

  if (sender == receiver)
    {
      g_assert_no_error (errors[0]);
      g_assert_no_error (errors[1]);
      g_assert_cmpstr (sent, ==, expected);
      g_assert_cmpstr (received, ==, expected);
      g_assert_cmpmem (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (output)),
                       g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output)),
                       g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
    }
  else
    {
      g_assert_null (received);
      g_assert_error (errors[1], GOFER_ERROR, GOFER_ERROR_PROTOCOL);
      g_assert_null (sent);
    }
  clear_results (results, errors);
  pair_clear (&pair);
}

static void
test_records_aes_stream (void)
{
  stream_with_ciphers (GOFER_RECORD_CIPHER_AES256GCM, GOFER_RECORD_CIPHER_AES256GCM);
}

static void
test_records_cipher_mismatch (void)
{
  stream_with_ciphers (GOFER_RECORD_CIPHER_AES256GCM, GOFER_RECORD_CIPHER_SECRETBOX);
}

/* A peer that stops sending mid-transfer: after the idle timeout the
 * receiver fails with a sentence instead of waiting forever. */
static void
test_idle_timeout (void)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  gint64 started;
  Pair pair = { 0 };

  pair_prepare (&pair, key, key, TRUE, FALSE);
  pair_connect (&pair, NULL);
  g_assert_cmpuint (gofer_record_stream_get_idle_timeout (pair.stream[1]), ==,
                    GOFER_RECORD_DEFAULT_IDLE_TIMEOUT);
  gofer_record_stream_set_idle_timeout (pair.stream[1], 1);

  started = g_get_monotonic_time ();
  gofer_record_stream_receive_stream_async (pair.stream[1], output, 1024, NULL, NULL, NULL,
                                            NULL, test_store_result_cb, &result);
  g_assert_null (gofer_record_stream_receive_stream_finish (pair.stream[1], test_wait_result (&result), &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_TIMEOUT);
  g_assert_cmpstr (error->message, ==,
                   "Nothing moved between the computers for 1 second, so the transfer was stopped. "
                   "Check that both computers are still connected, then try again.");
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 900 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
  g_clear_object (&result);
  pair_clear (&pair);
}

/* A background pump runs in its own thread ("gofer-pump") below normal
 * priority; a normal one does not. Linux only: it reads /proc. */
static int
pump_nice_value (void)
{
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;

  while (tasks != NULL && (tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *comm_path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
      g_autofree char *stat_path = g_build_filename ("/proc/self/task", tid, "stat", NULL);
      g_autofree char *comm = NULL;
      g_autofree char *stat = NULL;
      g_auto(GStrv) fields = NULL;

      if (!g_file_get_contents (comm_path, &comm, NULL, NULL) || !g_str_has_prefix (comm, "gofer-pump")
          || !g_file_get_contents (stat_path, &stat, NULL, NULL) || strrchr (stat, ')') == NULL)
        continue;
      /* Field 19 is the nice value; fields after the ")" start at 3. */
      fields = g_strsplit (strrchr (stat, ')') + 2, " ", 0);
      return atoi (fields[19 - 3]);
    }
  return G_MININT;
}

static void
background_pump (gboolean background)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GBytes) payload = random_bytes (16 * 1024 * 1024);
  g_autoptr(GInputStream) input = g_memory_input_stream_new_from_bytes (payload);
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  GAsyncResult *results[2] = { NULL, NULL };
  GError *errors[2] = { NULL, NULL };
  g_autofree char *sent = NULL;
  g_autofree char *received = NULL;
  Pair pair = { 0 };
  int nice_value = G_MININT;

  /* The pump of an earlier test may still be on its way out. */
  for (int i = 0; i < 200 && pump_nice_value () != G_MININT; i++)
    test_spin (10);
  g_assert_cmpint (pump_nice_value (), ==, G_MININT);

  pair_prepare (&pair, key, key, TRUE, FALSE);
  pair_connect (&pair, NULL);
  gofer_record_stream_set_background (pair.stream[0], background);
  /* Nobody reads yet: the sender's pump blocks on a full socket and stays. */
  gofer_record_stream_send_stream_async (pair.stream[0], input, g_bytes_get_size (payload),
                                         NULL, NULL, NULL, NULL, test_store_result_cb, &results[0]);
  for (int i = 0; i < 200 && nice_value == G_MININT; i++)
    {
      test_spin (10);
      nice_value = pump_nice_value ();
    }
  g_assert_cmpint (nice_value, ==, background ? 10 : 0);

  gofer_record_stream_receive_stream_async (pair.stream[1], output, g_bytes_get_size (payload),
                                            NULL, NULL, NULL, NULL, test_store_result_cb, &results[1]);
  received = gofer_record_stream_receive_stream_finish (pair.stream[1], test_wait_result (&results[1]), &errors[1]);
  sent = gofer_record_stream_send_stream_finish (pair.stream[0], test_wait_result (&results[0]), &errors[0]);
  g_assert_no_error (errors[0]);
  g_assert_no_error (errors[1]);
  g_assert_cmpstr (sent, ==, received);
  for (int i = 0; i < 2; i++)
    g_clear_object (&results[i]);
  pair_clear (&pair);
}

static void
test_background_pump (void)
{
#ifdef __linux__
  background_pump (TRUE);
  background_pump (FALSE);
#else
  g_test_skip ("thread priorities are read from Linux's /proc");
#endif
}

/* One record after another, each started as soon as the previous one
 * reported back: the direction is free by then, never "already in use". */
static void
test_back_to_back_records (void)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GBytes) record = g_bytes_new_static ("next", 4);
  Pair pair = { 0 };

  pair_prepare (&pair, key, key, TRUE, FALSE);
  pair_connect (&pair, NULL);
  for (int i = 0; i < 300; i++)
    {
      GAsyncResult *results[2] = { NULL, NULL };
      GError *errors[2] = { NULL, NULL };
      g_autoptr(GBytes) got = NULL;

      gofer_record_stream_send_async (pair.stream[0], record, NULL, test_store_result_cb, &results[0]);
      gofer_record_stream_receive_async (pair.stream[1], NULL, test_store_result_cb, &results[1]);
      g_assert_true (gofer_record_stream_send_finish (pair.stream[0], test_wait_result (&results[0]), &errors[0]));
      g_assert_no_error (errors[0]);
      got = gofer_record_stream_receive_finish (pair.stream[1], test_wait_result (&results[1]), &errors[1]);
      g_assert_no_error (errors[1]);
      g_assert_true (g_bytes_equal (got, record));
      clear_results (results, errors);
    }
  pair_clear (&pair);
}

static void
test_oversized_record (void)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) big = random_bytes (200 * 1024);
  g_autoptr(GBytes) small = g_bytes_new_static ("x", 1);
  g_autoptr(GError) error = NULL;
  GAsyncResult *results[2] = { NULL, NULL };
  Pair pair = { 0 };

  pair_prepare (&pair, key, key, TRUE, FALSE);
  pair_connect (&pair, NULL);

  /* The receiver caps records at 100 KiB; a 200 KiB one is refused. */
  gofer_record_stream_set_max_record_size (pair.stream[1], 100 * 1024);
  gofer_record_stream_receive_stream_async (pair.stream[1], output, 300 * 1024, NULL, NULL, NULL,
                                            NULL, test_store_result_cb, &results[1]);
  gofer_record_stream_send_async (pair.stream[0], big, NULL, test_store_result_cb, &results[0]);
  g_assert_true (gofer_record_stream_send_finish (pair.stream[0], test_wait_result (&results[0]), &error));
  g_assert_no_error (error);
  g_assert_null (gofer_record_stream_receive_stream_finish (pair.stream[1], test_wait_result (&results[1]), &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_clear_object (&results[0]);
  g_clear_object (&results[1]);

  /* Empty records are never sent. */
  g_clear_pointer (&small, g_bytes_unref);
  small = g_bytes_new_static ("", 0);
  gofer_record_stream_send_async (pair.stream[0], small, NULL, test_store_result_cb, &results[0]);
  g_assert_false (gofer_record_stream_send_finish (pair.stream[0], test_wait_result (&results[0]), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_object (&results[0]);
  pair_clear (&pair);
}

static void
test_more_than_announced (void)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) record = random_bytes (1000);
  g_autoptr(GError) error = NULL;
  GAsyncResult *results[2] = { NULL, NULL };
  Pair pair = { 0 };

  pair_prepare (&pair, key, key, TRUE, FALSE);
  pair_connect (&pair, NULL);
  gofer_record_stream_receive_stream_async (pair.stream[1], output, 999, NULL, NULL, NULL,
                                            NULL, test_store_result_cb, &results[1]);
  gofer_record_stream_send_async (pair.stream[0], record, NULL, test_store_result_cb, &results[0]);
  g_assert_null (gofer_record_stream_receive_stream_finish (pair.stream[1], test_wait_result (&results[1]), &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
  test_wait_result (&results[0]);
  g_clear_object (&results[0]);
  g_clear_object (&results[1]);
  pair_clear (&pair);
}

static void
test_wrong_ack (void)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *results[2] = { NULL, NULL };
  Pair pair = { 0 };
  const char *sha = "0000000000000000000000000000000000000000000000000000000000000000";

  pair_prepare (&pair, key, key, TRUE, FALSE);
  pair_connect (&pair, NULL);
  gofer_record_stream_send_ack_async (pair.stream[1], sha, NULL, test_store_result_cb, &results[1]);
  gofer_record_stream_receive_ack_async (pair.stream[0],
                                         "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                                         NULL, test_store_result_cb, &results[0]);
  g_assert_true (gofer_record_stream_send_ack_finish (pair.stream[1], test_wait_result (&results[1]), &error));
  g_assert_false (gofer_record_stream_receive_ack_finish (pair.stream[0], test_wait_result (&results[0]), &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_CORRUPT);
  g_clear_object (&results[0]);
  g_clear_object (&results[1]);
  pair_clear (&pair);
}

/* Two Gofers that share "transit-bare-ack-v1" hash nothing: the pumps
 * return "", the ack is {"ack": "ok"}, and the data still arrives whole. */
static void
test_bare_ack (void)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GBytes) payload = random_bytes (1024 * 1024 + 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *bare = gofer_record_ack_new ("");
  const char *other = "{\"ack\": \"ok\", \"sha256\": \"00\"}";
  Pair pair = { 0 };

  g_assert_cmpstr (bare, ==, "{\"ack\": \"ok\"}");
  /* Without a hash of its own, a side checks only that it is an ack. */
  g_assert_true (gofer_record_ack_check ((const guint8 *)other, strlen (other), "", &error));
  g_assert_no_error (error);
  g_assert_false (gofer_record_ack_check ((const guint8 *)"{\"ack\": \"no\"}", 13, "", &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);

  pair_prepare (&pair, key, key, TRUE, FALSE);
  pair_connect (&pair, NULL);
  for (int i = 0; i < 2; i++)
    {
      gofer_record_stream_set_cipher (pair.stream[i], GOFER_RECORD_CIPHER_AES256GCM);
      gofer_record_stream_set_hash_payload (pair.stream[i], FALSE);
    }
  pair_transfer_expecting (&pair, payload, "");
  pair_clear (&pair);
}

static void
test_empty_file (void)
{
  g_autoptr(GoferKey) key = random_key ();
  g_autoptr(GBytes) payload = g_bytes_new_static ("", 0);
  Pair pair = { 0 };

  /* Zero bytes: no records at all, then the ack of the empty hash. */
  pair_prepare (&pair, key, key, TRUE, FALSE);
  pair_connect (&pair, NULL);
  pair_transfer (&pair, payload);
  pair_clear (&pair);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (gofer_crypto_init ());

  g_test_add_func ("/transit/vectors/handshakes", test_vectors_handshakes);
  g_test_add_func ("/transit/vectors/records", test_vectors_records);
  g_test_add_func ("/transit/vectors/ack", test_vectors_ack);
  g_test_add_func ("/transit/records/out-of-order", test_records_out_of_order);
  g_test_add_func ("/transit/records/cipher-frames", test_records_cipher_frames);
  g_test_add_func ("/transit/records/aes-stream", test_records_aes_stream);
  g_test_add_func ("/transit/records/cipher-mismatch", test_records_cipher_mismatch);
  g_test_add_func ("/transit/records/idle-timeout", test_idle_timeout);
  g_test_add_func ("/transit/records/background-pump", test_background_pump);
  g_test_add_func ("/transit/records/back-to-back", test_back_to_back_records);
  g_test_add_func ("/transit/hints/python", test_hints_python);
  g_test_add_func ("/transit/hints/python-vector", test_hints_python_vector);
  g_test_add_func ("/transit/hints/go", test_hints_go);
  g_test_add_func ("/transit/hints/rust", test_hints_rust);
  g_test_add_func ("/transit/hints/hostile", test_hints_hostile);
  g_test_add_func ("/transit/hints/websocket-hostile", test_hints_websocket_hostile);
  g_test_add_func ("/transit/hints/serialize", test_hints_serialize);
  g_test_add_func ("/transit/hints/capped", test_hints_capped);
  g_test_add_func ("/transit/hints/relay-url", test_hints_relay_url);
  g_test_add_func ("/transit/connect/direct", test_connect_direct);
  g_test_add_func ("/transit/connect/relay", test_connect_relay);
  g_test_add_func ("/transit/connect/race", test_connect_race);
  g_test_add_func ("/transit/connect/wrong-key", test_connect_wrong_key);
  g_test_add_func ("/transit/connect/nowhere", test_connect_nowhere);
  g_test_add_func ("/transit/connect/cancel", test_connect_cancel);
  g_test_add_func ("/transit/connect/dials-per-host", test_connect_dials_per_host);
  g_test_add_func ("/transit/connect/inbound-limits", test_inbound_limits);
  g_test_add_func ("/transit/stream/cancel-sender", test_cancel_sender);
  g_test_add_func ("/transit/stream/cancel-receiver", test_cancel_receiver);
  g_test_add_func ("/transit/stream/short-input", test_short_input);
#ifdef G_OS_UNIX
  g_test_add_func ("/transit/stream/broken-keeps-received", test_broken_keeps_received);
#endif
  g_test_add_func ("/transit/stream/output-full", test_output_full);
  g_test_add_func ("/transit/stream/file-to-part-file", test_file_to_part_file);
  g_test_add_func ("/transit/stream/file-to-part-file-cancel", test_file_to_part_file_cancel);
  g_test_add_func ("/transit/stream/oversized-record", test_oversized_record);
  g_test_add_func ("/transit/stream/more-than-announced", test_more_than_announced);
  g_test_add_func ("/transit/stream/wrong-ack", test_wrong_ack);
  g_test_add_func ("/transit/stream/bare-ack", test_bare_ack);
  g_test_add_func ("/transit/stream/empty-file", test_empty_file);

  return g_test_run ();
}
