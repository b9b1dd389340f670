/* test-wormhole.c: the GoferWormhole state machine against a fake peer
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No display, no servers: tests/lib/gofer-test-peer.h plays the mailbox
 * server and the other side. Each test checks what a user would: the code
 * is claimed, the key confirmed, each message arrives once and in order,
 * the error is the right one, the close goes out, and nothing outlives the
 * wormhole.
 */

#include "config.h"

#include <string.h>

#include "gofer-error.h"
#include "gofer-test-peer.h"
#include "gofer-test-util.h"

#define WAIT_MS 5000

typedef struct
{
  GoferTestPeer *peer;
  GoferWormhole *wormhole;
  gboolean       serve;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *code = data;

  f->peer = gofer_test_peer_new (code, TRUE);
  f->serve = TRUE;
  f->wormhole = gofer_test_peer_get_wormhole (f->peer);
}

static void
fixture_set_up_unserved (Fixture       *f,
                         gconstpointer  data)
{
  f->peer = gofer_test_peer_new (NULL, FALSE);
  f->wormhole = gofer_test_peer_get_wormhole (f->peer);
}

/* Nothing may keep the wormhole alive, or fire on it later. */
static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GoferWormhole *wormhole = g_object_ref (f->wormhole);

  g_clear_pointer (&f->peer, gofer_test_peer_free);
  gofer_test_drain ();
  g_assert_false (gofer_test_has_source_for (wormhole));
  gofer_test_wait_finalized (wormhole, WAIT_MS, "the wormhole is finalized once the test lets go");
}

static void
assert_frames (Fixture    *f,
               const char *expected)
{
  g_autofree char *frames = NULL;

  gofer_test_drain ();
  frames = gofer_test_peer_dup_frames (f->peer);
  g_assert_cmpstr (frames, ==, expected);
}

static void
set_code (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gofer_wormhole_set_code_async (f->wormhole, GOFER_TEST_PEER_CODE, NULL,
                                 gofer_test_store_result_cb, &result);
  gofer_test_wait_result (&result, WAIT_MS, "the code is claimed");
  g_assert_true (gofer_wormhole_set_code_finish (f->wormhole, result, &error));
  g_assert_no_error (error);
}

static void
send_frame (Fixture    *f,
            const char *text)
{
  gofer_test_peer_send_text (f->peer, text, strlen (text));
}

static void
close_wormhole (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;

  gofer_wormhole_close_async (f->wormhole, NULL, NULL, gofer_test_store_result_cb, &result);
  gofer_test_drain ();
  if (!f->serve)
    send_frame (f, "{\"type\": \"closed\"}");
  gofer_test_wait_result (&result, WAIT_MS, "the wormhole closes");
  gofer_wormhole_close_finish (f->wormhole, result);
}

/* Claims, exchanges keys and versions: the key is confirmed. */
static void
connect (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  set_code (f);
  gofer_test_peer_send_pake (f->peer);
  gofer_test_peer_send_version (f->peer, "{}");
  gofer_wormhole_confirm_key_async (f->wormhole, NULL, gofer_test_store_result_cb, &result);
  gofer_test_wait_result (&result, WAIT_MS, "the key is confirmed");
  g_assert_true (gofer_wormhole_confirm_key_finish (f->wormhole, result, &error));
  g_assert_no_error (error);
}

static void
start_receive (Fixture       *f,
               GAsyncResult **slot)
{
  gofer_wormhole_receive_async (f->wormhole, NULL, gofer_test_store_result_cb, slot);
}

/* The next message, as text. */
static char *
receive_text (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  start_receive (f, &result);
  gofer_test_wait_result (&result, WAIT_MS, "a message from the peer");
  bytes = gofer_wormhole_receive_finish (f->wormhole, result, &error);
  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
assert_receive_fails (Fixture      *f,
                      GAsyncResult *result,
                      GQuark        domain,
                      int           code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = gofer_wormhole_receive_finish (f->wormhole, result, &error);

  g_assert_null (bytes);
  g_assert_error (error, domain, code);
}

static char *
verifier_of (const GoferKey *key)
{
  g_assert_nonnull (key);
  return gofer_derive_verifier_hex (key);
}

/* Every step once, in the order of the protocol. */
static void
test_phases_in_order (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GAsyncResult) confirmed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *peer_verifier = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello", 5);
  GPtrArray *received;

  set_code (f);
  assert_frames (f, "bind claim open add:pake");
  g_assert_cmpstr (gofer_wormhole_get_code (f->wormhole), ==, GOFER_TEST_PEER_CODE);
  g_assert_null (gofer_wormhole_get_verifier (f->wormhole));
  g_assert_null (gofer_wormhole_get_peer_side (f->wormhole));

  /* Sent before the key is confirmed: queued, not lost. */
  gofer_wormhole_send (f->wormhole, hello);
  gofer_wormhole_confirm_key_async (f->wormhole, NULL, gofer_test_store_result_cb, &confirmed);

  gofer_test_peer_send_pake (f->peer);
  assert_frames (f, "bind claim open add:pake release add:version");
  g_assert_cmpstr (gofer_wormhole_get_peer_side (f->wormhole), ==, GOFER_TEST_PEER_SIDE);
  peer_verifier = verifier_of (gofer_test_peer_get_key (f->peer));
  g_assert_cmpstr (gofer_wormhole_get_verifier (f->wormhole), ==, peer_verifier);
  g_assert_cmpstr (gofer_test_peer_get_version (f->peer), ==, "{\"app_versions\":{}}");
  g_assert_null (confirmed);
  g_assert_null (gofer_wormhole_get_peer_versions (f->wormhole));

  gofer_test_peer_send_version (f->peer, "{\"abilities\": [\"x\"]}");
  gofer_test_wait_result (&confirmed, WAIT_MS, "the key is confirmed");
  g_assert_true (gofer_wormhole_confirm_key_finish (f->wormhole, confirmed, &error));
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (gofer_wormhole_get_peer_versions (f->wormhole), "abilities"));
  assert_frames (f, "bind claim open add:pake release add:version add:0");
  received = gofer_test_peer_get_received (f->peer);
  g_assert_cmpuint (received->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (received, 0), ==, "hello");

  gofer_test_peer_send (f->peer, "one");
  text = receive_text (f);
  g_assert_cmpstr (text, ==, "one");

  close_wormhole (f);
  assert_frames (f, "bind claim open add:pake release add:version add:0 close");
  g_assert_cmpstr (gofer_wormhole_get_mood (f->wormhole), ==, "happy");
  g_assert_cmpuint (gofer_test_peer_get_n_unreadable (f->peer), ==, 0);
}

static void
test_allocate (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_auto(GStrv) parts = NULL;

  gofer_wormhole_allocate_code_async (f->wormhole, 2, NULL, gofer_test_store_result_cb, &result);
  gofer_test_wait_result (&result, WAIT_MS, "a code is allocated and claimed");
  code = gofer_wormhole_allocate_code_finish (f->wormhole, result, &error);
  g_assert_no_error (error);
  parts = g_strsplit (code, "-", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  g_assert_cmpstr (parts[0], ==, "7");
  g_assert_cmpstr (gofer_wormhole_get_code (f->wormhole), ==, code);
  assert_frames (f, "bind allocate claim open add:pake");

  close_wormhole (f);
  g_assert_cmpstr (gofer_wormhole_get_mood (f->wormhole), ==, "lonely");
  assert_frames (f, "bind allocate claim open add:pake release close");
}

/* The claim waits for the welcome, the code for the claim. */
static void
test_welcome_late (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gofer_wormhole_set_code_async (f->wormhole, GOFER_TEST_PEER_CODE, NULL,
                                 gofer_test_store_result_cb, &result);
  assert_frames (f, "bind");
  send_frame (f, "{\"type\": \"welcome\", \"welcome\": {}}");
  assert_frames (f, "bind claim");
  g_assert_null (result);
  send_frame (f, "{\"type\": \"claimed\", \"mailbox\": \"box\"}");
  gofer_test_wait_result (&result, WAIT_MS, "the code is claimed");
  g_assert_true (gofer_wormhole_set_code_finish (f->wormhole, result, &error));
  g_assert_no_error (error);
  assert_frames (f, "bind claim open add:pake");
  /* A second welcome changes nothing. */
  send_frame (f, "{\"type\": \"welcome\", \"welcome\": {}}");
  assert_frames (f, "bind claim open add:pake");

  close_wormhole (f);
}

/* The peer's numbered phases and its version may come before its pake,
 * and out of order: each is handed up once, in phase order. */
static void
test_early_and_out_of_order (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GAsyncResult) confirmed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  set_code (f);
  gofer_test_peer_send_phase (f->peer, 1, "second");
  gofer_test_peer_send_version (f->peer, "{}");
  gofer_test_peer_send_phase (f->peer, 0, "first");
  gofer_wormhole_confirm_key_async (f->wormhole, NULL, gofer_test_store_result_cb, &confirmed);
  gofer_test_drain ();
  g_assert_null (confirmed);

  gofer_test_peer_send_pake (f->peer);
  gofer_test_wait_result (&confirmed, WAIT_MS, "the key is confirmed");
  g_assert_true (gofer_wormhole_confirm_key_finish (f->wormhole, confirmed, &error));
  first = receive_text (f);
  second = receive_text (f);
  g_assert_cmpstr (first, ==, "first");
  g_assert_cmpstr (second, ==, "second");

  /* 3 before 2: 3 waits for 2. */
  gofer_test_peer_send_phase (f->peer, 3, "fourth");
  gofer_test_peer_send_phase (f->peer, 2, "third");
  third = receive_text (f);
  g_assert_cmpstr (third, ==, "third");
  g_clear_pointer (&third, g_free);
  third = receive_text (f);
  g_assert_cmpstr (third, ==, "fourth");

  close_wormhole (f);
}

/* After a reconnection the server re-delivers every stored message, ours
 * and the peer's: nothing is handed up twice, nothing sent twice. */
static void
test_replay (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *peer_verifier = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  connect (f);
  gofer_test_peer_send (f->peer, "first");
  first = receive_text (f);
  g_assert_cmpstr (first, ==, "first");

  gofer_test_peer_replay (f->peer);
  gofer_test_peer_replay (f->peer);
  start_receive (f, &pending);
  gofer_test_pump (50);
  g_assert_null (pending);
  g_assert_cmpuint (gofer_test_peer_count_frames (f->peer, "add:version"), ==, 1);
  g_assert_cmpuint (gofer_test_peer_count_frames (f->peer, "add:pake"), ==, 1);
  g_assert_cmpuint (gofer_test_peer_count_frames (f->peer, "release"), ==, 1);
  peer_verifier = verifier_of (gofer_test_peer_get_key (f->peer));
  g_assert_cmpstr (gofer_wormhole_get_verifier (f->wormhole), ==, peer_verifier);

  gofer_test_peer_send (f->peer, "second");
  gofer_test_wait_result (&pending, WAIT_MS, "the message after the replay");
  bytes = gofer_wormhole_receive_finish (f->wormhole, pending, &error);
  g_assert_no_error (error);
  second = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpstr (second, ==, "second");

  close_wormhole (f);
  g_assert_cmpstr (gofer_wormhole_get_mood (f->wormhole), ==, "happy");
}

/* The same phase twice with other contents: the first one counts. */
static void
test_duplicate_phase (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autofree char *text = NULL;

  connect (f);
  gofer_test_peer_send_phase (f->peer, 0, "original");
  gofer_test_peer_send_phase (f->peer, 0, "impostor");
  text = receive_text (f);
  g_assert_cmpstr (text, ==, "original");
  start_receive (f, &pending);
  gofer_test_pump (50);
  g_assert_null (pending);

  close_wormhole (f);
  gofer_test_wait_result (&pending, WAIT_MS, "the waiting receive ends with the close");
  assert_receive_fails (f, pending, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

/* A second, different pake from the peer is dropped: the key stays. */
static void
test_pake_twice (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *text = NULL;
  guint8 other[GOFER_SPAKE2_MESSAGE_SIZE];

  set_code (f);
  gofer_test_peer_send_pake (f->peer);
  before = g_strdup (gofer_wormhole_get_verifier (f->wormhole));
  memset (other, 0x42, sizeof other);
  gofer_test_peer_send_pake_bytes (f->peer, other, sizeof other);
  gofer_test_peer_send_pake (f->peer);
  g_assert_cmpstr (gofer_wormhole_get_verifier (f->wormhole), ==, before);
  gofer_test_peer_send_version (f->peer, "{}");
  gofer_test_peer_send (f->peer, "still here");
  text = receive_text (f);
  g_assert_cmpstr (text, ==, "still here");
  g_assert_cmpuint (gofer_test_peer_count_frames (f->peer, "add:version"), ==, 1);

  close_wormhole (f);
  g_assert_cmpstr (gofer_wormhole_get_mood (f->wormhole), ==, "happy");
}

/* A pake before the mailbox is claimed cannot be answered. */
static void
test_pake_before_claim (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gofer_wormhole_set_code_async (f->wormhole, GOFER_TEST_PEER_CODE, NULL,
                                 gofer_test_store_result_cb, &result);
  send_frame (f, "{\"type\": \"welcome\", \"welcome\": {}}");
  gofer_test_peer_send_pake (f->peer);
  gofer_test_wait_result (&result, WAIT_MS, "the claim fails");
  g_assert_false (gofer_wormhole_set_code_finish (f->wormhole, result, &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
  g_assert_cmpstr (gofer_wormhole_get_mood (f->wormhole), ==, "scary");
  /* The claim itself still completes; no key comes of it. (The wormhole
   * does still open the mailbox and send its pake: harmless, and noted.) */
  send_frame (f, "{\"type\": \"claimed\", \"mailbox\": \"box\"}");
  gofer_test_drain ();
  g_assert_cmpuint (gofer_test_peer_count_frames (f->peer, "add:version"), ==, 0);
  g_assert_null (gofer_wormhole_get_verifier (f->wormhole));
  close_wormhole (f);
}

/* A pake that is not a key exchange message. */
static void
test_bad_pake (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  set_code (f);
  gofer_wormhole_confirm_key_async (f->wormhole, NULL, gofer_test_store_result_cb, &result);
  gofer_test_peer_send_message (f->peer, "pake", "7b7d"); /* {} */
  gofer_test_wait_result (&result, WAIT_MS, "the key exchange fails");
  g_assert_false (gofer_wormhole_confirm_key_finish (f->wormhole, result, &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
  g_assert_cmpstr (gofer_wormhole_get_mood (f->wormhole), ==, "scary");
  g_assert_null (gofer_wormhole_get_verifier (f->wormhole));
  close_wormhole (f);
  assert_frames (f, "bind claim open add:pake release close");
}

/* The peer typed another code: its version does not open. */
static void
test_wrong_code (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GAsyncResult) confirmed = NULL;
  g_autoptr(GAsyncResult) received = NULL;
  g_autoptr(GError) error = NULL;

  set_code (f);
  gofer_wormhole_confirm_key_async (f->wormhole, NULL, gofer_test_store_result_cb, &confirmed);
  start_receive (f, &received);
  gofer_test_peer_send_pake (f->peer);
  gofer_test_peer_send_version (f->peer, "{}");
  gofer_test_wait_result (&confirmed, WAIT_MS, "the key confirmation fails");
  g_assert_false (gofer_wormhole_confirm_key_finish (f->wormhole, confirmed, &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_WRONG_CODE);
  gofer_test_wait_result (&received, WAIT_MS, "the waiting receive fails too");
  assert_receive_fails (f, received, GOFER_ERROR, GOFER_ERROR_WRONG_CODE);
  g_assert_null (gofer_wormhole_get_peer_versions (f->wormhole));
  /* The peer could not read ours either. */
  g_assert_null (gofer_test_peer_get_version (f->peer));
  g_assert_cmpuint (gofer_test_peer_get_n_unreadable (f->peer), ==, 1);

  close_wormhole (f);
  g_assert_cmpstr (gofer_wormhole_get_mood (f->wormhole), ==, "scary");
}

/* A numbered phase that does not open, after the key was confirmed. */
static void
test_bad_ciphertext (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GAsyncResult) received = NULL;
  g_autoptr(GAsyncResult) late = NULL;

  connect (f);
  start_receive (f, &received);
  gofer_test_peer_send_message (f->peer, "0", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
  gofer_test_wait_result (&received, WAIT_MS, "the receive fails");
  assert_receive_fails (f, received, GOFER_ERROR, GOFER_ERROR_WRONG_CODE);
  /* Later, correct messages are not handed up: the wormhole has failed. */
  gofer_test_peer_send_phase (f->peer, 1, "after");
  start_receive (f, &late);
  gofer_test_wait_result (&late, WAIT_MS, "a receive after the failure fails at once");
  assert_receive_fails (f, late, GOFER_ERROR, GOFER_ERROR_WRONG_CODE);
  close_wormhole (f);
  g_assert_cmpstr (gofer_wormhole_get_mood (f->wormhole), ==, "scary");
}

/* The server says another client took the nameplate. */
static void
test_crowded (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gofer_wormhole_set_code_async (f->wormhole, GOFER_TEST_PEER_CODE, NULL,
                                 gofer_test_store_result_cb, &result);
  send_frame (f, "{\"type\": \"welcome\", \"welcome\": {}}");
  send_frame (f, "{\"type\": \"error\", \"error\": \"crowded\"}");
  gofer_test_wait_result (&result, WAIT_MS, "the claim fails");
  g_assert_false (gofer_wormhole_set_code_finish (f->wormhole, result, &error));
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_CROWDED);
  g_assert_cmpstr (gofer_wormhole_get_mood (f->wormhole), ==, "errory");
  close_wormhole (f);
}

/* Closing ends every wait, with "closed"; before the welcome, it just hangs up. */
static void
test_close_ends_waits (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GAsyncResult) code = NULL;
  g_autoptr(GAsyncResult) confirmed = NULL;
  g_autoptr(GAsyncResult) received = NULL;
  g_autoptr(GError) error = NULL;

  gofer_wormhole_set_code_async (f->wormhole, GOFER_TEST_PEER_CODE, NULL,
                                 gofer_test_store_result_cb, &code);
  gofer_wormhole_confirm_key_async (f->wormhole, NULL, gofer_test_store_result_cb, &confirmed);
  start_receive (f, &received);
  close_wormhole (f);
  gofer_test_wait_result (&code, WAIT_MS, "the claim ends");
  gofer_test_wait_result (&confirmed, WAIT_MS, "the key confirmation ends");
  gofer_test_wait_result (&received, WAIT_MS, "the receive ends");
  g_assert_false (gofer_wormhole_set_code_finish (f->wormhole, code, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (gofer_wormhole_confirm_key_finish (f->wormhole, confirmed, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  assert_receive_fails (f, received, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_assert_cmpstr (gofer_wormhole_get_mood (f->wormhole), ==, "lonely");
  assert_frames (f, "bind");
  /* A late welcome and claim find nothing to do. */
  send_frame (f, "{\"type\": \"welcome\", \"welcome\": {}}");
  send_frame (f, "{\"type\": \"claimed\", \"mailbox\": \"box\"}");
  assert_frames (f, "bind");
}

static gboolean
version_sent (gpointer user_data)
{
  Fixture *f = user_data;

  return gofer_test_peer_count_frames (f->peer, "add:version") == 1;
}

/* A second SPAKE2 side on the test code, as wormhole-william would start
 * it, drawn again until @wanted says its exchange with the wormhole hits
 * gospake2's short encoding of K. Returns the standard key; the key
 * wormhole-william derives is in *william_key (NULL when the same). */
typedef gboolean (*WilliamCase) (GoferSpake2 *william, GoferKey *william_key);

static GoferSpake2 *
william_side (Fixture     *f,
              WilliamCase  wanted,
              GoferKey   **standard_key,
              GoferKey   **william_key)
{
  GBytes *ours;

  gofer_test_drain ();
  ours = gofer_test_peer_get_wormhole_pake (f->peer);
  g_assert_nonnull (ours);
  /* Each case has a chance of 1 in 256 per draw. */
  for (guint i = 0; i < 100000; i++)
    {
      GoferSpake2 *william = gofer_spake2_new ((const guint8 *)GOFER_TEST_PEER_CODE,
                                               strlen (GOFER_TEST_PEER_CODE),
                                               (const guint8 *)GOFER_TEST_PEER_APPID,
                                               strlen (GOFER_TEST_PEER_APPID));
      g_autoptr(GError) error = NULL;

      *standard_key = gofer_spake2_finish (william, g_bytes_get_data (ours, NULL),
                                           g_bytes_get_size (ours), &error);
      g_assert_no_error (error);
      *william_key = gofer_spake2_steal_william_key (william);
      if (wanted (william, *william_key))
        return william;
      g_clear_pointer (standard_key, gofer_key_free);
      g_clear_pointer (william_key, gofer_key_free);
      gofer_spake2_free (william);
    }
  g_assert_not_reached ();
}

static gboolean
k_is_short (GoferSpake2 *william,
            GoferKey    *william_key)
{
  return william_key != NULL;
}

static void
send_sealed_version (Fixture        *f,
                     const GoferKey *key)
{
  static const char version[] = "{\"app_versions\": {}}";

  gofer_test_peer_send_sealed (f->peer, key, "version", (const guint8 *)version,
                               sizeof version - 1);
}

static void
assert_confirmed_with (Fixture        *f,
                       GAsyncResult   *confirmed,
                       const GoferKey *key)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *verifier = verifier_of (key);

  g_assert_true (gofer_wormhole_confirm_key_finish (f->wormhole, confirmed, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gofer_wormhole_get_verifier (f->wormhole), ==, verifier);
  g_assert_cmpuint (gofer_test_peer_count_frames (f->peer, "add:version"), ==, 1);
}

/* One exchange in 256, wormhole-william hashes a short K: its version opens
 * only with the key it derived, and the wormhole takes that one at once. */
static void
test_william_short_k (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GAsyncResult) confirmed = NULL;
  g_autoptr(GoferKey) standard_key = NULL;
  g_autoptr(GoferKey) william_key = NULL;
  g_autoptr(GoferSpake2) william = NULL;
  g_autofree char *standard_verifier = NULL;

  set_code (f);
  william = william_side (f, k_is_short, &standard_key, &william_key);
  gofer_wormhole_confirm_key_async (f->wormhole, NULL, gofer_test_store_result_cb, &confirmed);
  gofer_test_peer_send_pake_bytes (f->peer, gofer_spake2_get_message (william),
                                   GOFER_SPAKE2_MESSAGE_SIZE);
  send_sealed_version (f, william_key);
  gofer_test_wait_result (&confirmed, 1000, "the key is confirmed without waiting");
  assert_confirmed_with (f, confirmed, william_key);
  standard_verifier = verifier_of (standard_key);
  g_assert_cmpstr (gofer_wormhole_get_verifier (f->wormhole), !=, standard_verifier);
  close_wormhole (f);
}

/* With a short K, a peer that waits for our version (another Gofer) gets it
 * under the standard key after a bounded wait, not never. */
static void
test_short_k_waiting_peer (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GAsyncResult) confirmed = NULL;
  g_autoptr(GoferKey) standard_key = NULL;
  g_autoptr(GoferKey) william_key = NULL;
  g_autoptr(GoferSpake2) william = NULL;

  set_code (f);
  william = william_side (f, k_is_short, &standard_key, &william_key);
  gofer_wormhole_confirm_key_async (f->wormhole, NULL, gofer_test_store_result_cb, &confirmed);
  gofer_test_peer_send_pake_bytes (f->peer, gofer_spake2_get_message (william),
                                   GOFER_SPAKE2_MESSAGE_SIZE);
  gofer_test_pump (500);
  g_assert_cmpuint (gofer_test_peer_count_frames (f->peer, "add:version"), ==, 0);
  g_assert_null (gofer_wormhole_get_verifier (f->wormhole));
  gofer_test_wait_until (version_sent, f, WAIT_MS, "the version goes out after the wait");
  send_sealed_version (f, standard_key);
  gofer_test_wait_result (&confirmed, WAIT_MS, "the key is confirmed");
  assert_confirmed_with (f, confirmed, standard_key);
  close_wormhole (f);
}

/* #14 item 7: Dilation phases ("dilate-N", magic-wormhole 0.14 and later)
 * and other names a newer peer may use are ignored, not errors: the
 * numbered phases around them arrive in order. */
static void
test_dilation_ignored (Fixture       *f,
                       gconstpointer  data)
{
  static const char plea[] = "{\"type\": \"please\", \"side\": \"abcd\"}";
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  connect (f);
  gofer_test_peer_send_phase (f->peer, 0, "first");
  gofer_test_peer_send_sealed (f->peer, NULL, "dilate-0", (const guint8 *)plea, strlen (plea));
  gofer_test_peer_send_sealed (f->peer, NULL, "dilate-1", (const guint8 *)plea, strlen (plea));
  gofer_test_peer_send_sealed (f->peer, NULL, "future-phase", (const guint8 *)"x", 1);
  gofer_test_peer_send_phase (f->peer, 1, "second");
  first = receive_text (f);
  second = receive_text (f);
  g_assert_cmpstr (first, ==, "first");
  g_assert_cmpstr (second, ==, "second");
  g_assert_cmpstr (gofer_wormhole_get_mood (f->wormhole), !=, "errory");
  close_wormhole (f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, set_up, func) \
  g_test_add (path, Fixture, NULL, set_up, func, fixture_tear_down)
  ADD ("/wormhole/phases-in-order", fixture_set_up, test_phases_in_order);
  ADD ("/wormhole/allocate", fixture_set_up, test_allocate);
  ADD ("/wormhole/welcome-late", fixture_set_up_unserved, test_welcome_late);
  ADD ("/wormhole/early-and-out-of-order", fixture_set_up, test_early_and_out_of_order);
  ADD ("/wormhole/replay", fixture_set_up, test_replay);
  ADD ("/wormhole/duplicate-phase", fixture_set_up, test_duplicate_phase);
  ADD ("/wormhole/pake-twice", fixture_set_up, test_pake_twice);
  ADD ("/wormhole/pake-before-claim", fixture_set_up_unserved, test_pake_before_claim);
  ADD ("/wormhole/bad-pake", fixture_set_up, test_bad_pake);
  ADD ("/wormhole/bad-ciphertext", fixture_set_up, test_bad_ciphertext);
  ADD ("/wormhole/crowded", fixture_set_up_unserved, test_crowded);
  ADD ("/wormhole/close-ends-waits", fixture_set_up_unserved, test_close_ends_waits);
  ADD ("/wormhole/william-short-k", fixture_set_up, test_william_short_k);
  ADD ("/wormhole/short-k-waiting-peer", fixture_set_up, test_short_k_waiting_peer);
  ADD ("/wormhole/dilation-ignored", fixture_set_up, test_dilation_ignored);
#undef ADD
  g_test_add ("/wormhole/wrong-code", Fixture, "7-other-words", fixture_set_up,
              test_wrong_code, fixture_tear_down);

  return g_test_run ();
}
