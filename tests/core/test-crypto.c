/* test-crypto.c: HKDF, key derivation, secretbox and transit records
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gofer-crypto.h"
#include "gofer-error.h"
#include "test-vectors.h"

#define FILE_XFER_APPID "lothar.com/wormhole/text-or-file-xfer"

static GoferKey *
load_shared_key (void)
{
  g_autoptr(JsonNode) root = vectors_load ("key-derivation.json");

  return vectors_get_key (json_node_get_object (root), "shared_key");
}

static void
test_hkdf_rfc5869 (void)
{
  /* RFC 5869 test case 3: no salt, no info, two output blocks. */
  guint8 ikm[22];
  guint8 okm[42];
  g_autofree char *hex = NULL;

  memset (ikm, 0x0b, sizeof ikm);
  gofer_hkdf_sha256 (ikm, sizeof ikm, NULL, 0, okm, sizeof okm);
  hex = gofer_hex_encode (okm, sizeof okm);
  g_assert_cmpstr (hex, ==,
                   "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
                   "9d201395faa4b61a96c8");
}

static void
test_hkdf_spake2_okm (void)
{
  g_autoptr(JsonNode) root = vectors_load ("spake2-password-to-scalar.json");
  JsonArray *vectors = json_object_get_array_member (json_node_get_object (root), "vectors");

  g_assert_cmpuint (json_array_get_length (vectors), ==, 4);
  for (guint i = 0; i < json_array_get_length (vectors); i++)
    {
      JsonObject *v = json_array_get_object_element (vectors, i);
      g_autoptr(GBytes) pw = vectors_get_hex (v, "password_hex");
      gsize pw_len;
      const guint8 *pw_data = g_bytes_get_data (pw, &pw_len);
      guint8 okm[48];

      gofer_hkdf_sha256 (pw_data, pw_len, (const guint8 *)"SPAKE2 pw", 9, okm, sizeof okm);
      vectors_assert_hex (okm, sizeof okm, v, "hkdf_okm_48_hex");
    }
}

static void
test_rust_kats (void)
{
  g_autoptr(JsonNode) root = vectors_load ("key-derivation.json");
  JsonObject *kats = json_object_get_object_member (json_node_get_object (root),
                                                    "cross_check_rust_kats");
  g_autoptr(GoferKey) main_key = vectors_get_key (kats, "main_key");
  g_autoptr(GoferKey) purpose1 = gofer_derive_key_str (main_key, "purpose1");
  static const char *cases[][2] = {
    { "side1", "phase1" }, { "side1", "phase2" }, { "side2", "phase1" }, { "side2", "phase2" },
  };

  vectors_assert_hex (purpose1->bytes, GOFER_KEY_SIZE, kats, "derive_key(main,'purpose1')");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GoferKey) key = gofer_derive_phase_key (main_key, cases[i][0], cases[i][1]);
      g_autofree char *member = g_strdup_printf ("phase_key(%s,%s)", cases[i][0], cases[i][1]);

      vectors_assert_hex (key->bytes, GOFER_KEY_SIZE, kats, member);
    }
}

static void
test_verifier_and_transit_key (void)
{
  g_autoptr(JsonNode) root = vectors_load ("key-derivation.json");
  JsonObject *obj = json_node_get_object (root);
  g_autoptr(GoferKey) shared = vectors_get_key (obj, "shared_key");
  g_autofree char *verifier = gofer_derive_verifier_hex (shared);
  g_autoptr(GoferKey) transit = gofer_derive_transit_key (shared, FILE_XFER_APPID);
  g_autoptr(GoferKey) other = gofer_derive_transit_key (shared, "example.com/other-app");

  g_assert_cmpstr (verifier, ==, json_object_get_string_member (obj, "verifier"));
  vectors_assert_hex (transit->bytes, GOFER_KEY_SIZE, obj, "transit_key");
  g_assert_false (memcmp (other->bytes, transit->bytes, GOFER_KEY_SIZE) == 0);
}

static void
test_phase_keys (void)
{
  g_autoptr(JsonNode) root = vectors_load ("key-derivation.json");
  JsonObject *obj = json_node_get_object (root);
  g_autoptr(GoferKey) shared = vectors_get_key (obj, "shared_key");
  JsonArray *phases = json_object_get_array_member (obj, "phase_keys");

  g_assert_cmpuint (json_array_get_length (phases), ==, 8);
  for (guint i = 0; i < json_array_get_length (phases); i++)
    {
      JsonObject *v = json_array_get_object_element (phases, i);
      const char *side = json_object_get_string_member (v, "side");
      const char *phase = json_object_get_string_member (v, "phase");
      g_autoptr(GoferKey) key = gofer_derive_phase_key (shared, side, phase);
      g_autoptr(GBytes) purpose = vectors_get_hex (v, "purpose_hex");
      gsize purpose_len;
      const guint8 *purpose_data = g_bytes_get_data (purpose, &purpose_len);
      g_autoptr(GoferKey) via_purpose = gofer_derive_key (shared, purpose_data, purpose_len);
      guint8 digest[32];

      vectors_assert_hex (key->bytes, GOFER_KEY_SIZE, v, "phase_key");
      vectors_assert_hex (via_purpose->bytes, GOFER_KEY_SIZE, v, "phase_key");
      /* The purpose carries the raw digests of side and phase. */
      g_assert_cmpuint (purpose_len, ==, 15 + 64);
      g_assert_true (memcmp (purpose_data, "wormhole:phase:", 15) == 0);
      gofer_sha256 ((const guint8 *)side, strlen (side), digest);
      g_assert_true (memcmp (purpose_data + 15, digest, 32) == 0);
      gofer_sha256 ((const guint8 *)phase, strlen (phase), digest);
      g_assert_true (memcmp (purpose_data + 47, digest, 32) == 0);
    }
}

/* Checks one encrypted phase message: key, exact sealed bytes, opening,
 * and that a flipped bit anywhere after the nonce is refused. */
static void
check_phase_message (const GoferKey *shared,
                     JsonObject     *v)
{
  const char *side = json_object_get_string_member (v, "side");
  const char *phase = json_object_get_string_member (v, "phase");
  g_autoptr(GoferKey) key = gofer_derive_phase_key (shared, side, phase);
  g_autoptr(GBytes) plain = vectors_get_hex (v, "plaintext_hex");
  g_autoptr(GBytes) nonce = vectors_get_hex (v, "nonce");
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GBytes) opened = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *add = json_object_get_object_member (v, "mailbox_add");
  gsize plain_len, sealed_len;
  const guint8 *plain_data = g_bytes_get_data (plain, &plain_len);
  const guint8 *sealed_data;
  g_autofree guint8 *tampered = NULL;

  vectors_assert_hex (key->bytes, GOFER_KEY_SIZE, v, "phase_key");
  g_assert_cmpuint (plain_len, ==, strlen (json_object_get_string_member (v, "plaintext_json")));
  g_assert_true (memcmp (plain_data, json_object_get_string_member (v, "plaintext_json"),
                         plain_len) == 0);

  sealed = gofer_secretbox_seal_with_nonce (key, g_bytes_get_data (nonce, NULL),
                                            plain_data, plain_len);
  vectors_assert_bytes_hex (sealed, v, "body_hex");
  vectors_assert_bytes_hex (sealed, add, "body");
  g_assert_cmpstr (json_object_get_string_member (add, "phase"), ==, phase);

  sealed_data = g_bytes_get_data (sealed, &sealed_len);
  opened = gofer_secretbox_open (key, sealed_data, sealed_len, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (opened, plain));

  tampered = g_memdup2 (sealed_data, sealed_len);
  tampered[sealed_len - 1] ^= 0x01;
  g_assert_null (gofer_secretbox_open (key, tampered, sealed_len, &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_WRONG_CODE);
}

static void
test_secretbox_phase_messages (void)
{
  g_autoptr(GoferKey) shared = load_shared_key ();
  g_autoptr(JsonNode) root = vectors_load ("secretbox-phase-messages.json");
  JsonObject *obj = json_node_get_object (root);

  check_phase_message (shared, json_object_get_object_member (obj, "version_A"));
  check_phase_message (shared, json_object_get_object_member (obj, "version_B_rust_style"));
}

static void
test_secretbox_rust_kat (void)
{
  g_autoptr(JsonNode) root = vectors_load ("secretbox-phase-messages.json");
  JsonObject *kat = json_object_get_object_member (json_node_get_object (root),
                                                   "cross_check_rust_kat");
  g_autoptr(GoferKey) key = vectors_get_key (kat, "key");
  g_autoptr(GBytes) nonce = vectors_get_hex (kat, "nonce");
  g_autoptr(GBytes) plain = vectors_get_hex (kat, "plaintext");
  g_autoptr(GBytes) output = vectors_get_hex (kat, "output");
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GBytes) opened = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data;

  sealed = gofer_secretbox_seal_with_nonce (key, g_bytes_get_data (nonce, NULL),
                                            g_bytes_get_data (plain, NULL),
                                            g_bytes_get_size (plain));
  g_assert_true (g_bytes_equal (sealed, output));
  data = g_bytes_get_data (output, &len);
  opened = gofer_secretbox_open (key, data, len, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (opened, plain));
}

static void
test_secretbox_errors (void)
{
  g_autoptr(GoferKey) key = gofer_key_new ();
  g_autoptr(GoferKey) other = gofer_key_new ();
  guint8 short_box[GOFER_SECRETBOX_NONCE_SIZE + GOFER_SECRETBOX_MAC_SIZE - 1] = { 0 };
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GBytes) empty = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data;

  g_assert_null (gofer_secretbox_open (key, short_box, sizeof short_box, &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
  g_clear_error (&error);

  g_assert_null (gofer_secretbox_open (key, NULL, 0, &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* A box sealed with another key reads as a wrong code, with a sentence. */
  other->bytes[0] = 1;
  sealed = gofer_secretbox_seal (other, (const guint8 *)"hi", 2);
  data = g_bytes_get_data (sealed, &len);
  g_assert_null (gofer_secretbox_open (key, data, len, &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_WRONG_CODE);
  g_assert_nonnull (strstr (error->message, "code"));
  g_clear_error (&error);

  /* An empty plaintext is a valid 40-byte box. */
  g_clear_pointer (&sealed, g_bytes_unref);
  sealed = gofer_secretbox_seal (key, NULL, 0);
  data = g_bytes_get_data (sealed, &len);
  g_assert_cmpuint (len, ==, GOFER_SECRETBOX_NONCE_SIZE + GOFER_SECRETBOX_MAC_SIZE);
  empty = gofer_secretbox_open (key, data, len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (empty), ==, 0);
}

static void
test_secretbox_random_nonce (void)
{
  g_autoptr(GoferKey) key = gofer_key_new ();
  static const char text[] = "{\"offer\": {\"message\": \"hello\"}}";
  g_autoptr(GBytes) a = gofer_secretbox_seal (key, (const guint8 *)text, strlen (text));
  g_autoptr(GBytes) b = gofer_secretbox_seal (key, (const guint8 *)text, strlen (text));
  g_autoptr(GBytes) opened = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (a, &len);

  g_assert_cmpuint (len, ==, GOFER_SECRETBOX_NONCE_SIZE + GOFER_SECRETBOX_MAC_SIZE + strlen (text));
  g_assert_false (g_bytes_equal (a, b));
  g_assert_false (memcmp (data, g_bytes_get_data (b, NULL), GOFER_SECRETBOX_NONCE_SIZE) == 0);
  opened = gofer_secretbox_open (key, data, len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (opened, NULL), g_bytes_get_size (opened), text, strlen (text));
}

static void
check_message_list (const GoferKey *shared,
                    JsonArray      *list)
{
  for (guint i = 0; i < json_array_get_length (list); i++)
    check_phase_message (shared, json_array_get_object_element (list, i));
}

static void
test_file_transfer_messages (void)
{
  g_autoptr(GoferKey) shared = load_shared_key ();
  g_autoptr(JsonNode) root = vectors_load ("file-transfer-messages.json");
  JsonObject *obj = json_node_get_object (root);
  const char *ack = json_object_get_string_member (obj, "final_transit_ack_plaintext");
  guint8 digest[32];
  g_autofree char *empty_sha = NULL;

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "text")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "file")), ==, 4);
  check_message_list (shared, json_object_get_array_member (obj, "text"));
  check_message_list (shared, json_object_get_array_member (obj, "file"));
  check_phase_message (shared, json_object_get_object_member (obj, "directory_offer"));
  check_phase_message (shared, json_object_get_object_member (obj, "reject"));

  /* The final ack of an empty transfer carries the SHA-256 of nothing. */
  gofer_sha256 (NULL, 0, digest);
  empty_sha = gofer_hex_encode (digest, sizeof digest);
  g_assert_nonnull (strstr (ack, empty_sha));
}

static GoferKey *
load_transit_key (JsonObject *transit)
{
  g_autoptr(GoferKey) shared = load_shared_key ();
  GoferKey *key = gofer_derive_transit_key (shared, FILE_XFER_APPID);

  vectors_assert_hex (key->bytes, GOFER_KEY_SIZE, transit, "transit_key");
  return key;
}

static char *
hkdf_hex (const GoferKey *key,
          const char     *info)
{
  g_autoptr(GoferKey) derived = gofer_derive_key_str (key, info);

  return gofer_hex_encode (derived->bytes, GOFER_KEY_SIZE);
}

static void
test_transit_handshakes (void)
{
  g_autoptr(JsonNode) root = vectors_load ("transit.json");
  JsonObject *obj = json_node_get_object (root);
  g_autoptr(GoferKey) tkey = load_transit_key (obj);
  g_autofree char *sender_hex = hkdf_hex (tkey, "transit_sender");
  g_autofree char *receiver_hex = hkdf_hex (tkey, "transit_receiver");
  g_autofree char *token = hkdf_hex (tkey, "transit_relay_token");
  g_autofree char *sender = g_strdup_printf ("transit sender %s ready\n\n", sender_hex);
  g_autofree char *receiver = g_strdup_printf ("transit receiver %s ready\n\n", receiver_hex);
  const char *side = json_object_get_string_member (obj, "transit_side");
  g_autofree char *relay = g_strdup_printf ("please relay %s for side %s\n", token, side);

  g_assert_cmpstr (sender, ==, json_object_get_string_member (obj, "sender_handshake"));
  g_assert_cmpstr (receiver, ==, json_object_get_string_member (obj, "receiver_handshake"));
  g_assert_cmpstr (token, ==, json_object_get_string_member (obj, "relay_token"));
  g_assert_cmpstr (relay, ==, json_object_get_string_member (obj, "relay_handshake_line"));
  g_assert_true (g_str_has_prefix (relay, "please relay "));
  vectors_assert_hex ((const guint8 *)relay, strlen (relay), obj, "relay_handshake_hex");
  g_assert_cmpuint (strlen (side), ==, 16);
}

/* u32 big-endian length || nonce (24-byte big-endian counter) || secretbox */
static GBytes *
frame_record (const GoferKey *key,
              guint64         counter,
              GBytes         *plain)
{
  guint8 nonce[GOFER_SECRETBOX_NONCE_SIZE] = { 0 };
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  guint32 len_be;

  for (int i = 0; i < 8; i++)
    nonce[GOFER_SECRETBOX_NONCE_SIZE - 1 - i] = (guint8)(counter >> (8 * i));
  sealed = gofer_secretbox_seal_with_nonce (key, nonce, g_bytes_get_data (plain, NULL),
                                            g_bytes_get_size (plain));
  len_be = GUINT32_TO_BE ((guint32)g_bytes_get_size (sealed));
  g_byte_array_append (wire, (const guint8 *)&len_be, 4);
  g_byte_array_append (wire, g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed));
  return g_byte_array_free_to_bytes (g_steal_pointer (&wire));
}

static void
check_record_opens (const GoferKey *key,
                    GBytes         *wire,
                    GBytes         *plain)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (wire, &len);
  guint32 declared = (guint32)data[0] << 24 | data[1] << 16 | data[2] << 8 | data[3];
  g_autoptr(GBytes) opened = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (declared, ==, len - 4);
  opened = gofer_secretbox_open (key, data + 4, len - 4, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (opened, plain));
}

static void
test_transit_records (void)
{
  g_autoptr(JsonNode) root = vectors_load ("transit.json");
  JsonObject *obj = json_node_get_object (root);
  g_autoptr(GoferKey) tkey = load_transit_key (obj);
  g_autoptr(GoferKey) sender_key = gofer_derive_key_str (tkey, "transit_record_sender_key");
  g_autoptr(GoferKey) receiver_key = gofer_derive_key_str (tkey, "transit_record_receiver_key");
  JsonArray *records = json_object_get_array_member (obj, "records");
  guint64 sender_counter = 0;
  guint64 receiver_counter = 0;

  vectors_assert_hex (sender_key->bytes, GOFER_KEY_SIZE, obj, "sender_record_key");
  vectors_assert_hex (receiver_key->bytes, GOFER_KEY_SIZE, obj, "receiver_record_key");
  g_assert_cmpuint (json_array_get_length (records), ==, 4);

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *r = json_array_get_object_element (records, i);
      gboolean from_sender = g_str_has_prefix (json_object_get_string_member (r, "direction"),
                                               "sender->receiver");
      g_autoptr(GBytes) plain = vectors_get_hex (r, "plaintext_hex");
      const GoferKey *key = from_sender ? sender_key : receiver_key;
      guint64 counter = from_sender ? sender_counter++ : receiver_counter++;
      g_autoptr(GBytes) wire = frame_record (key, counter, plain);

      vectors_assert_bytes_hex (wire, r, "record_wire_hex");
      check_record_opens (key, wire, plain);
      if (json_object_has_member (r, "plaintext_json"))
        g_assert_cmpmem (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain),
                         json_object_get_string_member (r, "plaintext_json"),
                         strlen (json_object_get_string_member (r, "plaintext_json")));
    }

  /* Three records one way and the final ack (nonce 0) the other way. */
  g_assert_cmpuint (sender_counter, ==, 3);
  g_assert_cmpuint (receiver_counter, ==, 1);
}

static void
test_hex (void)
{
  static const guint8 data[] = { 0x00, 0x01, 0x7f, 0x80, 0xab, 0xff };
  g_autofree char *hex = gofer_hex_encode (data, sizeof data);
  g_autoptr(GBytes) back = gofer_hex_decode (hex, strlen (hex));
  g_autoptr(GBytes) upper = gofer_hex_decode ("00017F80ABFF", 12);
  g_autoptr(GBytes) empty = gofer_hex_decode ("", 0);
  g_autofree char *empty_hex = gofer_hex_encode (NULL, 0);

  g_assert_cmpstr (hex, ==, "00017f80abff");
  g_assert_cmpmem (g_bytes_get_data (back, NULL), g_bytes_get_size (back), data, sizeof data);
  g_assert_cmpmem (g_bytes_get_data (upper, NULL), g_bytes_get_size (upper), data, sizeof data);
  g_assert_nonnull (empty);
  g_assert_cmpuint (g_bytes_get_size (empty), ==, 0);
  g_assert_cmpstr (empty_hex, ==, "");

  g_assert_null (gofer_hex_decode ("abc", 3));
  g_assert_null (gofer_hex_decode ("0g", 2));
  g_assert_null (gofer_hex_decode ("zz", 2));
  g_assert_null (gofer_hex_decode (" 0", 2));
  g_assert_null (gofer_hex_decode ("0x00", 4));
  /* hex_len counts: the first two characters are fine, the rest is ignored. */
  {
    g_autoptr(GBytes) part = gofer_hex_decode ("ab!!", 2);

    g_assert_nonnull (part);
    g_assert_cmpuint (g_bytes_get_size (part), ==, 1);
  }
}

static void
test_keys (void)
{
  static const guint8 zero[GOFER_KEY_SIZE] = { 0 };
  guint8 raw[GOFER_KEY_SIZE];
  g_autoptr(GoferKey) fresh = gofer_key_new ();
  g_autoptr(GoferKey) from = NULL;
  g_autoptr(GoferKey) copy = NULL;

  for (guint i = 0; i < sizeof raw; i++)
    raw[i] = (guint8)i;
  from = gofer_key_new_from_bytes (raw);
  copy = gofer_key_copy (from);

  g_assert_cmpmem (fresh->bytes, GOFER_KEY_SIZE, zero, sizeof zero);
  g_assert_cmpmem (from->bytes, GOFER_KEY_SIZE, raw, sizeof raw);
  g_assert_cmpmem (copy->bytes, GOFER_KEY_SIZE, raw, sizeof raw);
  g_assert_true (copy != from);
  gofer_key_free (NULL);
}

static void
test_sha256 (void)
{
  guint8 digest[32];
  g_autofree char *hex = NULL;

  gofer_sha256 ((const guint8 *)"abc", 3, digest);
  hex = gofer_hex_encode (digest, sizeof digest);
  g_assert_cmpstr (hex, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (gofer_crypto_init ());

  g_test_add_func ("/crypto/hkdf/rfc5869", test_hkdf_rfc5869);
  g_test_add_func ("/crypto/hkdf/spake2-okm", test_hkdf_spake2_okm);
  g_test_add_func ("/crypto/derive/rust-kats", test_rust_kats);
  g_test_add_func ("/crypto/derive/verifier-transit", test_verifier_and_transit_key);
  g_test_add_func ("/crypto/derive/phase-keys", test_phase_keys);
  g_test_add_func ("/crypto/secretbox/phase-messages", test_secretbox_phase_messages);
  g_test_add_func ("/crypto/secretbox/rust-kat", test_secretbox_rust_kat);
  g_test_add_func ("/crypto/secretbox/errors", test_secretbox_errors);
  g_test_add_func ("/crypto/secretbox/random-nonce", test_secretbox_random_nonce);
  g_test_add_func ("/crypto/file-transfer-messages", test_file_transfer_messages);
  g_test_add_func ("/crypto/transit/handshakes", test_transit_handshakes);
  g_test_add_func ("/crypto/transit/records", test_transit_records);
  g_test_add_func ("/crypto/hex", test_hex);
  g_test_add_func ("/crypto/keys", test_keys);
  g_test_add_func ("/crypto/sha256", test_sha256);

  return g_test_run ();
}
