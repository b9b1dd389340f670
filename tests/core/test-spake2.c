/* test-spake2.c: SPAKE2_Symmetric against python-spake2's numbers
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "gofer-error.h"
#include "gofer-spake2.h"
#include "test-vectors.h"

#define FILE_XFER_APPID "lothar.com/wormhole/text-or-file-xfer"

static GoferSpake2 *
new_with_entropy_hex (JsonObject *exchange,
                      JsonObject *side)
{
  g_autoptr(GBytes) pw = vectors_get_hex (exchange, "password_hex");
  g_autoptr(GBytes) id = vectors_get_hex (exchange, "idSymmetric_hex");
  g_autoptr(GBytes) entropy = vectors_get_hex (side, "entropy_64_hex");

  g_assert_cmpuint (g_bytes_get_size (entropy), ==, 64);
  return gofer_spake2_new_with_entropy (g_bytes_get_data (pw, NULL), g_bytes_get_size (pw),
                                        g_bytes_get_data (id, NULL), g_bytes_get_size (id),
                                        g_bytes_get_data (entropy, NULL));
}

static void
test_constants (void)
{
  g_autoptr(JsonNode) root = vectors_load ("ed25519-constants.json");
  JsonObject *obj = json_node_get_object (root);
  g_autoptr(GBytes) s = vectors_get_hex (obj, "S");
  guint8 one[crypto_core_ed25519_SCALARBYTES] = { 1 };
  guint8 point[crypto_core_ed25519_BYTES];
  GoferSpake2 *spake;
  g_autoptr(GBytes) pw = NULL;
  g_autoptr(JsonNode) sym = vectors_load ("spake2-symmetric.json");
  JsonObject *ex = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (sym), "exchanges"), 0);
  guint8 pw_scalar[32];

  /* L reduces to zero; M and N (asymmetric mode only) are group elements. */
  {
    g_autoptr(GBytes) l = vectors_get_hex (obj, "L_le_hex");
    g_autoptr(GBytes) m = vectors_get_hex (obj, "M");
    g_autoptr(GBytes) n = vectors_get_hex (obj, "N");
    guint8 wide[crypto_core_ed25519_NONREDUCEDSCALARBYTES] = { 0 };
    guint8 reduced[crypto_core_ed25519_SCALARBYTES];
    static const guint8 zero[crypto_core_ed25519_SCALARBYTES] = { 0 };

    g_assert_cmpuint (g_bytes_get_size (l), ==, 32);
    memcpy (wide, g_bytes_get_data (l, NULL), 32);
    crypto_core_ed25519_scalar_reduce (reduced, wide);
    g_assert_cmpmem (reduced, sizeof reduced, zero, sizeof zero);
    g_assert_true (crypto_core_ed25519_is_valid_point (g_bytes_get_data (m, NULL)));
    g_assert_true (crypto_core_ed25519_is_valid_point (g_bytes_get_data (n, NULL)));
  }

  /* S is a valid point of the prime-order group, and pw*S as computed from
   * the hard-coded S inside gofer-spake2.c matches the vector. */
  g_assert_true (crypto_core_ed25519_is_valid_point (g_bytes_get_data (s, NULL)));
  g_assert_cmpint (crypto_scalarmult_ed25519_base_noclamp (point, one), ==, 0);
  vectors_assert_hex (point, sizeof point, obj, "base_point_B");

  pw = vectors_get_hex (ex, "password_hex");
  gofer_spake2_password_to_scalar (g_bytes_get_data (pw, NULL), g_bytes_get_size (pw), pw_scalar);
  g_assert_cmpint (crypto_scalarmult_ed25519_noclamp (point, pw_scalar,
                                                      g_bytes_get_data (s, NULL)), ==, 0);
  vectors_assert_hex (point, sizeof point, ex, "pw_times_S");

  /* With x = 0 impossible, check S via X* - x*B = pw*S for side A. */
  spake = new_with_entropy_hex (ex, json_object_get_object_member (ex, "A"));
  {
    g_autoptr(GBytes) xb = vectors_get_hex (json_object_get_object_member (ex, "A"), "x_times_B");
    guint8 diff[crypto_core_ed25519_BYTES];

    g_assert_cmpint (crypto_core_ed25519_sub (diff, gofer_spake2_get_message (spake) + 1,
                                              g_bytes_get_data (xb, NULL)), ==, 0);
    vectors_assert_hex (diff, sizeof diff, ex, "pw_times_S");
  }
  gofer_spake2_free (spake);
}

static void
test_password_to_scalar (void)
{
  g_autoptr(JsonNode) root = vectors_load ("spake2-password-to-scalar.json");
  JsonArray *vectors = json_object_get_array_member (json_node_get_object (root), "vectors");

  g_assert_cmpuint (json_array_get_length (vectors), ==, 4);
  for (guint i = 0; i < json_array_get_length (vectors); i++)
    {
      JsonObject *v = json_array_get_object_element (vectors, i);
      g_autoptr(GBytes) pw = vectors_get_hex (v, "password_hex");
      guint8 scalar[32];

      gofer_spake2_password_to_scalar (g_bytes_get_data (pw, NULL), g_bytes_get_size (pw),
                                       scalar);
      vectors_assert_hex (scalar, sizeof scalar, v, "scalar_le_hex");
    }
}

static GoferKey *
finish_with_hex (GoferSpake2 *self,
                 JsonObject  *peer)
{
  g_autoptr(GBytes) msg = vectors_get_hex (peer, "outbound_message_33_hex");
  g_autoptr(GError) error = NULL;
  GoferKey *key;

  key = gofer_spake2_finish (self, g_bytes_get_data (msg, NULL), g_bytes_get_size (msg), &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
  return key;
}

static void
check_exchange (JsonObject *ex)
{
  JsonObject *a = json_object_get_object_member (ex, "A");
  JsonObject *b = json_object_get_object_member (ex, "B");
  g_autoptr(GoferSpake2) sa = new_with_entropy_hex (ex, a);
  g_autoptr(GoferSpake2) sb = new_with_entropy_hex (ex, b);
  g_autoptr(GoferKey) ka = NULL;
  g_autoptr(GoferKey) kb = NULL;
  g_autoptr(GBytes) transcript = vectors_get_hex (ex, "transcript_hex");
  g_autoptr(GBytes) k = vectors_get_hex (a, "K");
  guint8 digest[32];

  vectors_assert_hex (gofer_spake2_get_message (sa), GOFER_SPAKE2_MESSAGE_SIZE,
                      a, "outbound_message_33_hex");
  vectors_assert_hex (gofer_spake2_get_message (sb), GOFER_SPAKE2_MESSAGE_SIZE,
                      b, "outbound_message_33_hex");
  vectors_assert_hex (gofer_spake2_get_message (sa) + 1, 32, a, "outbound_element");

  ka = finish_with_hex (sa, b);
  kb = finish_with_hex (sb, a);
  vectors_assert_hex (ka->bytes, GOFER_KEY_SIZE, ex, "shared_key");
  vectors_assert_hex (kb->bytes, GOFER_KEY_SIZE, ex, "shared_key");

  /* K is internal; the key is SHA256 of a transcript that ends with K, and
   * both sides agree on K, so checking the transcript pins K down. */
  g_assert_cmpuint (g_bytes_get_size (transcript), ==, 5 * 32);
  g_assert_cmpmem ((const guint8 *)g_bytes_get_data (transcript, NULL) + 128, 32,
                   g_bytes_get_data (k, NULL), 32);
  vectors_assert_hex ((const guint8 *)g_bytes_get_data (transcript, NULL) + 64, 32,
                      ex, "sorted_first_element");
  vectors_assert_hex ((const guint8 *)g_bytes_get_data (transcript, NULL) + 96, 32,
                      ex, "sorted_second_element");
  gofer_sha256 (g_bytes_get_data (transcript, NULL), g_bytes_get_size (transcript), digest);
  g_assert_cmpmem (digest, 32, ka->bytes, GOFER_KEY_SIZE);
  g_assert_cmpstr (json_object_get_string_member (a, "K"), ==,
                   json_object_get_string_member (b, "K"));
}

static void
test_symmetric_exchanges (void)
{
  g_autoptr(JsonNode) root = vectors_load ("spake2-symmetric.json");
  JsonArray *exchanges = json_object_get_array_member (json_node_get_object (root), "exchanges");

  g_assert_cmpuint (json_array_get_length (exchanges), ==, 2);
  for (guint i = 0; i < json_array_get_length (exchanges); i++)
    check_exchange (json_array_get_object_element (exchanges, i));
}

/* spake2-william.json (make-william-vector.py): wormhole-william's key when
 * its encoding of K is short, computed from gospake2's steps in Python. */
static void
test_william_short_k (void)
{
  g_autoptr(JsonNode) root = vectors_load ("spake2-william.json");
  JsonObject *v = json_node_get_object (root);
  g_autoptr(GBytes) entropy = vectors_get_hex (v, "gofer_entropy64");
  g_autoptr(GBytes) william_message = vectors_get_hex (v, "william_message");
  const char *code = json_object_get_string_member (v, "code");
  const char *appid = json_object_get_string_member (v, "appid");
  g_autoptr(GoferSpake2) gofer = NULL;
  g_autoptr(GoferKey) standard_key = NULL;
  g_autoptr(GoferKey) william_key = NULL;
  g_autoptr(GError) error = NULL;

  gofer = gofer_spake2_new_with_entropy ((const guint8 *)code, strlen (code),
                                         (const guint8 *)appid, strlen (appid),
                                         g_bytes_get_data (entropy, NULL));
  vectors_assert_hex (gofer_spake2_get_message (gofer), GOFER_SPAKE2_MESSAGE_SIZE,
                      v, "gofer_message");
  standard_key = gofer_spake2_finish (gofer, g_bytes_get_data (william_message, NULL),
                                      g_bytes_get_size (william_message), &error);
  g_assert_no_error (error);
  vectors_assert_hex (standard_key->bytes, GOFER_KEY_SIZE, v, "standard_key");
  william_key = gofer_spake2_steal_william_key (gofer);
  g_assert_nonnull (william_key);
  vectors_assert_hex (william_key->bytes, GOFER_KEY_SIZE, v, "william_key");
  g_assert_null (gofer_spake2_steal_william_key (gofer));
}

/* The vectors' own exchanges have whole encodings: no second key. */
static void
test_william_same_key (void)
{
  g_autoptr(JsonNode) root = vectors_load ("spake2-symmetric.json");
  JsonArray *exchanges = json_object_get_array_member (json_node_get_object (root), "exchanges");

  for (guint i = 0; i < json_array_get_length (exchanges); i++)
    {
      JsonObject *ex = json_array_get_object_element (exchanges, i);
      g_autoptr(GoferSpake2) sa = new_with_entropy_hex (ex, json_object_get_object_member (ex, "A"));
      g_autoptr(GoferKey) ka = finish_with_hex (sa, json_object_get_object_member (ex, "B"));

      g_assert_null (gofer_spake2_steal_william_key (sa));
    }
}

/* The pake phase body is hex(JSON {"pake_v1": hex(message)}). */
static void
test_pake_body (void)
{
  g_autoptr(JsonNode) root = vectors_load ("spake2-symmetric.json");
  JsonObject *obj = json_node_get_object (root);
  JsonObject *body = json_object_get_object_member (obj, "pake_phase_body");
  JsonObject *ex = json_array_get_object_element (json_object_get_array_member (obj, "exchanges"), 0);
  static const char *sides[] = { "A", "B" };

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autoptr(GoferSpake2) spake = new_with_entropy_hex (ex, json_object_get_object_member (ex, sides[i]));
      g_autofree char *msg_hex = gofer_hex_encode (gofer_spake2_get_message (spake),
                                                   GOFER_SPAKE2_MESSAGE_SIZE);
      g_autofree char *json_member = g_strdup_printf ("%s_plaintext_json", sides[i]);
      g_autofree char *body_member = g_strdup_printf ("%s_body_hex", sides[i]);
      /* Python's exact bytes, with a space after the colon. */
      g_autofree char *python_json = g_strdup_printf ("{\"pake_v1\": \"%s\"}", msg_hex);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      const char *received = json_object_get_string_member (body, json_member);

      g_assert_cmpstr (python_json, ==, received);
      vectors_assert_hex ((const guint8 *)python_json, strlen (python_json), body, body_member);

      /* A receiver parses the JSON rather than comparing bytes. */
      json_parser_load_from_data (parser, received, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                      "pake_v1"), ==, msg_hex);
    }
}

static void
assert_rejected (GoferSpake2  *self,
                 const guint8 *msg,
                 gsize         len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GoferKey) key = gofer_spake2_finish (self, msg, len, &error);

  g_assert_null (key);
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
  g_assert_cmpuint (strlen (error->message), >, 20);
}

static GoferSpake2 *
new_random (const char *password)
{
  return gofer_spake2_new ((const guint8 *)password, strlen (password),
                           (const guint8 *)FILE_XFER_APPID, strlen (FILE_XFER_APPID));
}

static void
test_rejections (void)
{
  g_autoptr(GoferSpake2) self = new_random ("7-guitarist-revenge");
  g_autoptr(GoferSpake2) peer = new_random ("7-guitarist-revenge");
  guint8 msg[GOFER_SPAKE2_MESSAGE_SIZE];
  g_autoptr(GoferKey) key = NULL;
  g_autoptr(GError) error = NULL;

  memcpy (msg, gofer_spake2_get_message (peer), sizeof msg);

  /* Asymmetric peers ('A'/'B') and unknown side bytes. */
  msg[0] = 'A';
  assert_rejected (self, msg, sizeof msg);
  msg[0] = 'B';
  assert_rejected (self, msg, sizeof msg);
  msg[0] = 'X';
  assert_rejected (self, msg, sizeof msg);
  msg[0] = 'S';

  /* Wrong lengths. */
  assert_rejected (self, msg, 32);
  assert_rejected (self, msg, 0);
  {
    guint8 longer[34] = { 0 };

    memcpy (longer, msg, sizeof msg);
    assert_rejected (self, longer, sizeof longer);
  }

  /* Not a point / not in the prime-order subgroup / small order. */
  {
    guint8 bad[GOFER_SPAKE2_MESSAGE_SIZE];

    memset (bad, 0xff, sizeof bad);
    bad[0] = 'S';
    assert_rejected (self, bad, sizeof bad);

    /* The identity (y = 1). */
    memset (bad, 0, sizeof bad);
    bad[0] = 'S';
    bad[1] = 0x01;
    assert_rejected (self, bad, sizeof bad);

    /* A point of order 2 (y = -1). */
    memset (bad + 1, 0xff, 32);
    bad[1] = 0xec;
    bad[32] = 0x7f;
    assert_rejected (self, bad, sizeof bad);

    /* A valid point plus a point of order 8 is on the curve but outside
     * the prime-order subgroup. */
    {
      static const guint8 order8[32] = {
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
        0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05,
      };

      g_assert_cmpint (crypto_core_ed25519_add (bad + 1, msg + 1, order8), ==, 0);
      g_assert_false (crypto_core_ed25519_is_valid_point (bad + 1));
      assert_rejected (self, bad, sizeof bad);
    }
  }

  /* Reflection: our own message sent back. */
  memcpy (msg, gofer_spake2_get_message (self), sizeof msg);
  assert_rejected (self, msg, sizeof msg);

  /* After all those rejections the real message still works. */
  key = gofer_spake2_finish (self, gofer_spake2_get_message (peer), GOFER_SPAKE2_MESSAGE_SIZE,
                             &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
}

static void
test_random_agree (void)
{
  g_autoptr(GoferSpake2) a = new_random ("4-purple-sausages");
  g_autoptr(GoferSpake2) b = new_random ("4-purple-sausages");
  g_autoptr(GoferSpake2) c = new_random ("4-purple-sausages");
  g_autoptr(GoferKey) ka = NULL;
  g_autoptr(GoferKey) kb = NULL;
  g_autoptr(GError) error = NULL;

  /* Fresh entropy each time: the messages differ. */
  g_assert_false (memcmp (gofer_spake2_get_message (a), gofer_spake2_get_message (c),
                          GOFER_SPAKE2_MESSAGE_SIZE) == 0);
  g_assert_cmpint (gofer_spake2_get_message (a)[0], ==, 'S');

  ka = gofer_spake2_finish (a, gofer_spake2_get_message (b), GOFER_SPAKE2_MESSAGE_SIZE, &error);
  g_assert_no_error (error);
  kb = gofer_spake2_finish (b, gofer_spake2_get_message (a), GOFER_SPAKE2_MESSAGE_SIZE, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (ka->bytes, GOFER_KEY_SIZE, kb->bytes, GOFER_KEY_SIZE);
}

static void
test_random_disagree (void)
{
  g_autoptr(GoferSpake2) a = new_random ("4-purple-sausages");
  g_autoptr(GoferSpake2) b = new_random ("4-purple-sausage");
  g_autoptr(GoferSpake2) c = gofer_spake2_new ((const guint8 *)"4-purple-sausages", 17,
                                               (const guint8 *)"example.com/other", 17);
  g_autoptr(GoferSpake2) d = new_random ("4-purple-sausages");
  g_autoptr(GoferKey) ka = NULL;
  g_autoptr(GoferKey) kb = NULL;
  g_autoptr(GoferKey) kc = NULL;
  g_autoptr(GoferKey) kd = NULL;
  g_autoptr(GError) error = NULL;

  /* Different passwords: both finish (SPAKE2 cannot tell), keys differ. */
  ka = gofer_spake2_finish (a, gofer_spake2_get_message (b), GOFER_SPAKE2_MESSAGE_SIZE, &error);
  g_assert_no_error (error);
  kb = gofer_spake2_finish (b, gofer_spake2_get_message (a), GOFER_SPAKE2_MESSAGE_SIZE, &error);
  g_assert_no_error (error);
  g_assert_false (memcmp (ka->bytes, kb->bytes, GOFER_KEY_SIZE) == 0);

  /* Same password, different app ids: keys differ too. */
  kc = gofer_spake2_finish (c, gofer_spake2_get_message (d), GOFER_SPAKE2_MESSAGE_SIZE, &error);
  g_assert_no_error (error);
  kd = gofer_spake2_finish (d, gofer_spake2_get_message (c), GOFER_SPAKE2_MESSAGE_SIZE, &error);
  g_assert_no_error (error);
  g_assert_false (memcmp (kc->bytes, kd->bytes, GOFER_KEY_SIZE) == 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (gofer_crypto_init ());

  g_test_add_func ("/spake2/constants", test_constants);
  g_test_add_func ("/spake2/password-to-scalar", test_password_to_scalar);
  g_test_add_func ("/spake2/symmetric-exchanges", test_symmetric_exchanges);
  g_test_add_func ("/spake2/william-short-k", test_william_short_k);
  g_test_add_func ("/spake2/william-same-key", test_william_same_key);
  g_test_add_func ("/spake2/pake-body", test_pake_body);
  g_test_add_func ("/spake2/rejections", test_rejections);
  g_test_add_func ("/spake2/random-agree", test_random_agree);
  g_test_add_func ("/spake2/random-disagree", test_random_disagree);

  return g_test_run ();
}
