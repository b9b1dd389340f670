/* test-pairing-exchange.c: GoferPairing in a conversation with a fake peer
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a user would check: both sides saying gofer-pair stores the peer
 * with the secret derived from the conversation's key and a printable
 * name; a malformed request, or one showing our own key, stores nothing
 * and says so; a second request changes nothing; a peer that cannot pair
 * is told apart.
 */

#include "config.h"

#include <string.h>

#include "gofer-error.h"
#include "gofer-pairing.h"
#include "gofer-test-peer.h"
#include "gofer-test-util.h"

#define WAIT_MS 5000
#define PAIR_VERSIONS \
  "{\"gofer\": {\"protocol\": 1, \"features\": [\"conversation-v1\", \"pair-v1\"]}}"
#define PEER_KEY_HEX "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"

typedef struct
{
  GoferTestPeer     *peer;
  GoferWormhole     *wormhole;
  GoferConversation *conversation;
  GFile             *folder;
  GoferIdentity     *identity;
  GoferPairedPeers  *peers;
  GoferPairing      *pairing;
  char              *asked_name;
  guint              n_paired;
  guint              n_declined;
  GError            *failure;
} Fixture;

static void
asked_cb (GoferPairing *pairing,
          const char   *name,
          const char   *fingerprint,
          Fixture      *f)
{
  g_assert_null (f->asked_name);
  f->asked_name = g_strdup (name);
}

static void
paired_cb (GoferPairing    *pairing,
           GoferPairedPeer *peer,
           Fixture         *f)
{
  f->n_paired++;
}

static void
declined_cb (GoferPairing *pairing,
             Fixture      *f)
{
  f->n_declined++;
}

static void
failed_cb (GoferPairing *pairing,
           const GError *error,
           Fixture      *f)
{
  g_clear_error (&f->failure);
  f->failure = g_error_copy (error);
}

static void
start (Fixture    *f,
       const char *versions)
{
  g_autoptr(GAsyncResult) code = NULL;
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GError) error = NULL;

  gofer_wormhole_set_code_async (f->wormhole, GOFER_TEST_PEER_CODE, NULL,
                                 gofer_test_store_result_cb, &code);
  gofer_test_wait_result (&code, WAIT_MS, "the code is claimed");
  g_assert_true (gofer_wormhole_set_code_finish (f->wormhole, code, &error));
  gofer_conversation_start_async (f->conversation, NULL, gofer_test_store_result_cb, &started);
  gofer_test_peer_send_pake (f->peer);
  gofer_test_peer_send_version (f->peer, versions);
  gofer_test_wait_result (&started, WAIT_MS, "the conversation starts");
  g_assert_true (gofer_conversation_start_finish (f->conversation, started, &error));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  f->peer = gofer_test_peer_new (NULL, TRUE);
  f->wormhole = gofer_test_peer_get_wormhole (f->peer);
  f->conversation = gofer_conversation_new (f->wormhole);
  f->folder = gofer_test_scratch_dir ("test-pairing-exchange");
  dir = g_file_get_path (f->folder);
  f->identity = gofer_identity_load_or_create (dir, &error);
  g_assert_no_error (error);
  f->peers = gofer_paired_peers_load (dir, &error);
  g_assert_no_error (error);
  f->pairing = gofer_pairing_new (f->conversation, f->identity, f->peers);
  g_signal_connect (f->pairing, "asked", G_CALLBACK (asked_cb), f);
  g_signal_connect (f->pairing, "paired", G_CALLBACK (paired_cb), f);
  g_signal_connect (f->pairing, "declined", G_CALLBACK (declined_cb), f);
  g_signal_connect (f->pairing, "failed", G_CALLBACK (failed_cb), f);
  start (f, data != NULL ? data : PAIR_VERSIONS);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GAsyncResult) closed = NULL;

  gofer_wormhole_close_async (f->wormhole, NULL, NULL, gofer_test_store_result_cb, &closed);
  gofer_test_wait_result (&closed, WAIT_MS, "the wormhole closes");
  gofer_wormhole_close_finish (f->wormhole, closed);
  g_signal_handlers_disconnect_by_data (f->pairing, f);
  g_clear_object (&f->pairing);
  g_clear_object (&f->conversation);
  g_clear_object (&f->peers);
  g_clear_object (&f->identity);
  g_clear_pointer (&f->peer, gofer_test_peer_free);
  gofer_test_scratch_clear (g_steal_pointer (&f->folder));
  g_free (f->asked_name);
  g_clear_error (&f->failure);
}

static void
peer_says (Fixture    *f,
           const char *json)
{
  gofer_test_peer_send (f->peer, json);
  gofer_test_drain ();
}

/* Our gofer-pair as the peer read it, or NULL. */
static JsonObject *
our_request (Fixture *f)
{
  GPtrArray *received = gofer_test_peer_get_received (f->peer);

  for (guint i = 0; i < received->len; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *root;

      g_assert_true (json_parser_load_from_data (parser, g_ptr_array_index (received, i), -1, NULL));
      root = json_node_get_object (json_parser_get_root (parser));
      if (json_object_has_member (root, "gofer-pair"))
        return json_object_ref (json_object_get_object_member (root, "gofer-pair"));
    }
  return NULL;
}

static gboolean
request_arrived (gpointer user_data)
{
  g_autoptr(JsonObject) request = our_request (user_data);

  return request != NULL;
}

static guint
n_stored (Fixture *f)
{
  g_autoptr(GPtrArray) list = gofer_paired_peers_list (f->peers);

  return list->len;
}

static void
test_pairs (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(GoferKey) secret = NULL;
  g_autofree char *own_hex = NULL;
  GoferPairedPeer *peer;

  /* A name with a terminal escape and a line break, far too long. */
  peer_says (f, "{\"gofer-pair\": {\"identity\": \"" PEER_KEY_HEX "\", \"name\": "
                "\"\\u001b]0;x\\u0007bob\\nsmith-0123456789012345678901234567890123456789"
                "0123456789012345678901234567890123456789\"}}");
  g_assert_nonnull (f->asked_name);
  g_assert_null (strchr (f->asked_name, '\x1b'));
  g_assert_null (strchr (f->asked_name, '\n'));
  g_assert_cmpuint (g_utf8_strlen (f->asked_name, -1), <=, GOFER_PAIRED_PEER_MAX_NAME);
  g_assert_cmpuint (f->n_paired, ==, 0);
  g_assert_cmpuint (n_stored (f), ==, 0);

  gofer_pairing_set_peer_name (f->pairing, "bob's desktop");
  g_assert_true (gofer_pairing_ask (f->pairing, "ann@laptop", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_paired, ==, 1);
  gofer_test_wait_until (request_arrived, f, WAIT_MS, "our gofer-pair reaches the peer");
  request = our_request (f);
  own_hex = gofer_hex_encode (gofer_identity_get_public_key (f->identity), 32);
  g_assert_cmpstr (json_object_get_string_member (request, "identity"), ==, own_hex);
  g_assert_cmpstr (json_object_get_string_member (request, "name"), ==, "ann@laptop");

  peer = gofer_paired_peers_lookup_name (f->peers, "bob's desktop");
  g_assert_nonnull (peer);
  secret = gofer_pairing_derive_secret (gofer_test_peer_get_key (f->peer));
  g_assert_cmpmem (gofer_paired_peer_get_secret (peer)->bytes, 32, secret->bytes, 32);

  /* A second request, with another key, changes nothing. */
  peer_says (f, "{\"gofer-pair\": {\"identity\": \"" PEER_KEY_HEX "\", \"name\": \"again\"}}");
  peer_says (f, "{\"gofer-pair\": {\"identity\": \"b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2\", \"name\": \"x\"}}");
  g_assert_cmpuint (f->n_paired, ==, 1);
  g_assert_cmpuint (n_stored (f), ==, 1);
  g_assert_null (f->failure);
}

static void
hostile (Fixture    *f,
         const char *json)
{
  g_autoptr(GError) error = NULL;

  peer_says (f, json);
  g_assert_error (f->failure, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
  g_assert_null (f->asked_name);
  g_assert_true (gofer_pairing_ask (f->pairing, "ann", &error));
  g_assert_cmpuint (f->n_paired, ==, 0);
  g_assert_cmpuint (n_stored (f), ==, 0);
}

static void
test_hostile_short_key (Fixture       *f,
                        gconstpointer  data)
{
  hostile (f, "{\"gofer-pair\": {\"identity\": \"a1a1\", \"name\": \"bob\"}}");
}

static void
test_hostile_not_hex (Fixture       *f,
                      gconstpointer  data)
{
  hostile (f, "{\"gofer-pair\": {\"identity\": \"" "zz" "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1" "\", \"name\": \"bob\"}}");
}

static void
test_hostile_no_name (Fixture       *f,
                      gconstpointer  data)
{
  hostile (f, "{\"gofer-pair\": {\"identity\": \"" PEER_KEY_HEX "\", \"name\": 7}}");
}

/* Our own key reflected back is not a peer. */
static void
test_hostile_own_key (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *own_hex = gofer_hex_encode (gofer_identity_get_public_key (f->identity), 32);
  g_autofree char *json = g_strdup_printf ("{\"gofer-pair\": {\"identity\": \"%s\", \"name\": \"me\"}}",
                                           own_hex);

  hostile (f, json);
}

static void
test_declined (Fixture       *f,
               gconstpointer  data)
{
  peer_says (f, "{\"gofer-pair-declined\": {}}");
  g_assert_cmpuint (f->n_declined, ==, 1);
  g_assert_cmpuint (n_stored (f), ==, 0);
}

/* A Gofer without pair-v1: no request goes out, its gofer-pair counts not. */
static void
test_not_supported (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (gofer_pairing_is_possible (f->pairing));
  g_assert_false (gofer_pairing_ask (f->pairing, "ann", &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_NOT_SUPPORTED);
  peer_says (f, "{\"gofer-pair\": {\"identity\": \"" PEER_KEY_HEX "\", \"name\": \"bob\"}}");
  g_assert_null (f->asked_name);
  g_assert_false (request_arrived (f));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (gofer_crypto_init ());

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/pairing/exchange/pairs", test_pairs);
  ADD ("/pairing/exchange/hostile/short-key", test_hostile_short_key);
  ADD ("/pairing/exchange/hostile/not-hex", test_hostile_not_hex);
  ADD ("/pairing/exchange/hostile/no-name", test_hostile_no_name);
  ADD ("/pairing/exchange/hostile/own-key", test_hostile_own_key);
  ADD ("/pairing/exchange/declined", test_declined);
#undef ADD
  g_test_add ("/pairing/exchange/not-supported", Fixture,
              "{\"gofer\": {\"protocol\": 1, \"features\": [\"conversation-v1\"]}}",
              fixture_set_up, test_not_supported, fixture_tear_down);
  return g_test_run ();
}
