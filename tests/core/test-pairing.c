/* test-pairing.c: paired devices: the derivations against
 * vectors/pairing.json (made by Python's hmac and hashlib), the identity
 * key pair and the store of paired computers on disk.
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "gofer-error.h"
#include "gofer-identity.h"
#include "gofer-paired-peers.h"
#include "gofer-pairing-keys.h"
#include "test-vectors.h"

static void
test_slot_vectors (JsonObject     *object,
                   const GoferKey *secret)
{
  JsonArray *slots = json_object_get_array_member (object, "slots");
  g_autofree char *slot0 = gofer_pairing_derive_slot_mailbox_id (secret, 20429, 0);
  g_autofree char *day = gofer_pairing_derive_mailbox_id (secret, 20429);

  g_assert_cmpstr (slot0, ==, day);
  g_assert_cmpuint (json_array_get_length (slots), ==, 2);
  for (guint i = 0; i < json_array_get_length (slots); i++)
    {
      JsonObject *vector = json_array_get_object_element (slots, i);
      g_autofree char *mailbox =
        gofer_pairing_derive_slot_mailbox_id (secret, json_object_get_int_member (vector, "day"),
                                              json_object_get_int_member (vector, "slot"));

      g_assert_cmpstr (mailbox, ==, json_object_get_string_member (vector, "mailbox"));
    }
}

static void
test_vectors (void)
{
  g_autoptr(JsonNode) root = vectors_load ("pairing.json");
  JsonObject *object = json_node_get_object (root);
  g_autoptr(GoferKey) shared = vectors_get_key (object, "shared_key");
  g_autoptr(GoferKey) secret = gofer_pairing_derive_secret (shared);
  JsonArray *periods = json_object_get_array_member (object, "periods");

  vectors_assert_hex (secret->bytes, GOFER_KEY_SIZE, object, "pairing_secret");
  g_assert_cmpuint (json_array_get_length (periods), ==, 4);
  for (guint i = 0; i < json_array_get_length (periods); i++)
    {
      JsonObject *period = json_array_get_object_element (periods, i);
      guint64 day = json_object_get_int_member (period, "day");
      g_autoptr(GoferKey) rendezvous = gofer_pairing_derive_rendezvous (secret, day);
      g_autoptr(GoferKey) password = gofer_pairing_derive_meeting_password (secret, day);
      g_autofree char *mailbox = gofer_pairing_derive_mailbox_id (secret, day);

      vectors_assert_hex (rendezvous->bytes, GOFER_KEY_SIZE, period, "rendezvous_hex");
      vectors_assert_hex (password->bytes, GOFER_KEY_SIZE, period, "meeting_password_hex");
      g_assert_cmpstr (mailbox, ==, json_object_get_string_member (period, "mailbox"));
      g_assert_cmpuint (strlen (mailbox), ==, GOFER_PAIRING_MAILBOX_ID_LENGTH);
    }
  test_slot_vectors (object, secret);
}

static void
test_days (void)
{
  g_assert_cmpuint (gofer_pairing_day_of (0), ==, 0);
  g_assert_cmpuint (gofer_pairing_day_of (86399), ==, 0);
  g_assert_cmpuint (gofer_pairing_day_of (86400), ==, 1);
  g_assert_cmpuint (gofer_pairing_day_of (1765065600), ==, 20429);
  g_assert_cmpuint (gofer_pairing_day_of (-5), ==, 0);
  g_assert_cmpuint (gofer_pairing_day_now (), >, 20000);
}

static void
test_fingerprint (void)
{
  guint8 key[GOFER_IDENTITY_PUBLIC_KEY_SIZE] = { 0 };
  g_autofree char *fingerprint = gofer_pairing_fingerprint (key);

  /* SHA-256 of 32 zero bytes starts 66687aadf862bd77. */
  g_assert_cmpstr (fingerprint, ==, "6668 7aad f862 bd77");
}

static char *
make_folder (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("gofer-pairing-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_folder (const char *dir)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                   G_FILE_QUERY_INFO_NONE, NULL, NULL);
  GFile *child;

  while (children != NULL && g_file_enumerator_iterate (children, NULL, &child, NULL, NULL)
         && child != NULL)
    g_file_delete (child, NULL, NULL);
  g_rmdir (dir);
}

static guint
mode_of (const char *path)
{
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  return buf.st_mode & 0777;
}

static void
test_identity_made_once (void)
{
  g_autofree char *dir = make_folder ();
  g_autofree char *sub = g_build_filename (dir, "gofer", NULL);
  g_autofree char *path = g_build_filename (sub, "identity.ini", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GoferIdentity) first = gofer_identity_load_or_create (sub, &error);
  g_autoptr(GoferIdentity) again = NULL;
  guint8 signature[GOFER_IDENTITY_SIGNATURE_SIZE];
  const guint8 message[] = "the transcript";

  g_assert_no_error (error);
  g_assert_cmpuint (mode_of (sub), ==, 0700);
  g_assert_cmpuint (mode_of (path), ==, 0600);
  again = gofer_identity_load_or_create (sub, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (gofer_identity_get_public_key (first), 32,
                   gofer_identity_get_public_key (again), 32);
  gofer_identity_sign (again, message, sizeof message, signature);
  g_assert_true (gofer_identity_verify (gofer_identity_get_public_key (first),
                                        message, sizeof message, signature));
  signature[5] ^= 1;
  g_assert_false (gofer_identity_verify (gofer_identity_get_public_key (first),
                                         message, sizeof message, signature));
  g_unlink (path);
  g_rmdir (sub);
  g_rmdir (dir);
}

static void
test_identity_damaged (void)
{
  g_autofree char *dir = make_folder ();
  g_autofree char *path = g_build_filename (dir, "identity.ini", NULL);
  const char *damaged = "[identity]\nversion=1\nseed=00ff\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GoferIdentity) identity = NULL;
  g_autofree char *after = NULL;

  g_assert_true (g_file_set_contents (path, damaged, -1, NULL));
  identity = gofer_identity_load_or_create (dir, &error);
  g_assert_null (identity);
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "is damaged"));
  /* A new identity would drop every pairing: the file is left alone. */
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, damaged);
  remove_folder (dir);
}

static void
fill_key (guint8 *bytes,
          guint8  value)
{
  memset (bytes, value, GOFER_KEY_SIZE);
}

static GoferPairedPeers *
reload (const char *dir)
{
  g_autoptr(GError) error = NULL;
  GoferPairedPeers *peers = gofer_paired_peers_load (dir, &error);

  g_assert_no_error (error);
  return peers;
}

static guint
count_listed (GoferPairedPeers *peers)
{
  g_autoptr(GPtrArray) list = gofer_paired_peers_list (peers);

  return list->len;
}

static void
test_peers_round_trip (void)
{
  g_autofree char *dir = make_folder ();
  g_autofree char *path = g_build_filename (dir, "peers.ini", NULL);
  g_autoptr(GoferPairedPeers) peers = reload (dir);
  g_autoptr(GoferPairedPeers) loaded = NULL;
  g_autoptr(GoferKey) secret = gofer_key_new ();
  g_autoptr(GError) error = NULL;
  guint8 key_a[32], key_b[32];
  GoferPairedPeer *peer;

  fill_key (key_a, 0xa1);
  fill_key (key_b, 0xb2);
  fill_key (secret->bytes, 0x5e);
  g_assert_cmpuint (count_listed (peers), ==, 0);
  g_assert_nonnull (gofer_paired_peers_add (peers, "ann@laptop", key_a, secret, &error));
  peer = gofer_paired_peers_add (peers, "ann@laptop", key_b, secret, &error);
  g_assert_no_error (error);
  /* Two computers never share a name: the second one is told apart. */
  g_assert_cmpstr (gofer_paired_peer_get_name (peer), ==, "ann@laptop (2)");
  g_assert_cmpuint (mode_of (path), ==, 0600);

  loaded = reload (dir);
  g_assert_cmpuint (count_listed (loaded), ==, 2);
  peer = gofer_paired_peers_lookup_name (loaded, "ann@laptop (2)");
  g_assert_nonnull (peer);
  g_assert_cmpmem (gofer_paired_peer_get_public_key (peer), 32, key_b, 32);
  g_assert_cmpmem (gofer_paired_peer_get_secret (peer)->bytes, 32, secret->bytes, 32);
  g_assert_cmpint (gofer_paired_peer_get_paired_unix (peer), >, 0);
  remove_folder (dir);
}

static void
test_peers_forget (void)
{
  g_autofree char *dir = make_folder ();
  g_autoptr(GoferPairedPeers) peers = reload (dir);
  g_autoptr(GoferPairedPeers) loaded = NULL;
  g_autoptr(GoferKey) secret = gofer_key_new ();
  g_autoptr(GError) error = NULL;
  guint8 key[32];
  GoferPairedPeer *peer;

  fill_key (key, 0xc3);
  peer = gofer_paired_peers_add (peers, "bob", key, secret, &error);
  g_assert_true (gofer_paired_peers_forget (peers, peer, &error));
  g_assert_no_error (error);

  /* A tombstone: not listed, not found by name, still known by key. */
  loaded = reload (dir);
  g_assert_cmpuint (count_listed (loaded), ==, 0);
  g_assert_null (gofer_paired_peers_lookup_name (loaded, "bob"));
  peer = gofer_paired_peers_lookup_key (loaded, key);
  g_assert_nonnull (peer);
  g_assert_true (gofer_paired_peer_is_forgotten (peer));

  /* Pairing again with the same computer brings it back. */
  peer = gofer_paired_peers_add (loaded, "bob again", key, secret, &error);
  g_assert_false (gofer_paired_peer_is_forgotten (peer));
  g_assert_true (gofer_paired_peers_remove (loaded, peer, &error));
  g_clear_object (&loaded);
  loaded = reload (dir);
  g_assert_null (gofer_paired_peers_lookup_key (loaded, key));
  remove_folder (dir);
}

static void
test_peers_file_kept (void)
{
  g_autofree char *dir = make_folder ();
  g_autofree char *path = g_build_filename (dir, "peers.ini", NULL);
  g_autofree char *old_key = g_strnfill (64, 'd');
  g_autofree char *text = g_strdup_printf (
    "[not-a-peer]\nfuture=1\n\n"
    "[%s]\nname=old\nsecret=%s\npaired=1\nforgotten=1\n", old_key, old_key);
  g_autoptr(GoferPairedPeers) peers = NULL;
  g_autoptr(GoferKey) secret = gofer_key_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  guint8 key[32];

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  peers = reload (dir);
  fill_key (key, 0xdd);
  /* The tombstone from 1970 is past its 90 days. */
  g_assert_null (gofer_paired_peers_lookup_key (peers, key));
  fill_key (key, 0xe4);
  g_assert_nonnull (gofer_paired_peers_add (peers, "\x1b]0;evil\x07\n carol ", key, secret, &error));
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  /* What this version does not read survives a save; the expired one not. */
  g_assert_nonnull (strstr (after, "[not-a-peer]\nfuture=1"));
  g_assert_null (strstr (after, old_key));
  g_assert_nonnull (gofer_paired_peers_lookup_name (peers, "?]0;evil?? carol"));
  remove_folder (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (gofer_crypto_init ());
  g_test_add_func ("/pairing/vectors", test_vectors);
  g_test_add_func ("/pairing/days", test_days);
  g_test_add_func ("/pairing/fingerprint", test_fingerprint);
  g_test_add_func ("/pairing/identity/made-once", test_identity_made_once);
  g_test_add_func ("/pairing/identity/damaged", test_identity_damaged);
  g_test_add_func ("/pairing/peers/round-trip", test_peers_round_trip);
  g_test_add_func ("/pairing/peers/forget", test_peers_forget);
  g_test_add_func ("/pairing/peers/file-kept", test_peers_file_kept);
  return g_test_run ();
}
