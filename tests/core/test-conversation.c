/* test-conversation.c: GoferConversation against a fake peer
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No display, no servers: tests/lib/gofer-test-peer.h plays the mailbox
 * server and the other Gofer, whose messages are written here as JSON.
 * What a user would check: a message shows once, ours get their delivered
 * mark, leaving waits for the goodbyes, a transfer answers a resumed offer
 * from where its .part stands, a cancel from either side ends it, a broken
 * peer ends the conversation with the right error, and nothing outlives
 * the conversation.
 */

#include "config.h"

#include <string.h>

#include "gofer-conversation-private.h"
#include "gofer-conversation-transfer-private.h"
#include "gofer-error.h"
#include "gofer-test-peer.h"
#include "gofer-test-util.h"

#define WAIT_MS 5000
#define GOFER_VERSIONS "{\"gofer\": {\"protocol\": 1, \"features\": [\"conversation-v1\", \"transfer-v1\"]}}"
#define FILE_OFFER(id, attempt, size) \
  "{\"gofer-offer\": {\"transfer\": " #id ", \"attempt\": " #attempt ", " \
  "\"offer\": {\"file\": {\"filename\": \"notes.txt\", \"filesize\": " #size "}}}}"

typedef struct
{
  GoferTestPeer     *peer;
  GoferWormhole     *wormhole;
  GoferConversation *conversation;
  GPtrArray         *messages;     /* char *: "SEQ:TEXT" as the signal gave them */
  GPtrArray         *offers;       /* GoferConversationTransfer */
  guint64            delivered;
  guint              n_peer_left;
  GError            *failure;
  GFile             *downloads;
} Fixture;

static void
message_cb (GoferConversation *conversation,
            guint64            seq,
            const char        *text,
            gint64             sent,
            Fixture           *f)
{
  g_ptr_array_add (f->messages, g_strdup_printf ("%" G_GUINT64_FORMAT ":%s", seq, text));
}

static void
delivered_cb (GoferConversation *conversation,
              guint64            seq,
              Fixture           *f)
{
  g_assert_cmpuint (seq, >, f->delivered);
  f->delivered = seq;
}

static void
peer_left_cb (GoferConversation *conversation,
              Fixture           *f)
{
  f->n_peer_left++;
}

static void
failed_cb (GoferConversation *conversation,
           const GError      *error,
           Fixture           *f)
{
  g_assert_null (f->failure);
  f->failure = g_error_copy (error);
}

static void
offer_cb (GoferConversation         *conversation,
          GoferConversationTransfer *transfer,
          Fixture                   *f)
{
  g_ptr_array_add (f->offers, g_object_ref (transfer));
}

static void
start (Fixture    *f,
       const char *peer_versions)
{
  g_autoptr(GAsyncResult) code = NULL;
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GError) error = NULL;

  gofer_wormhole_set_code_async (f->wormhole, GOFER_TEST_PEER_CODE, NULL, gofer_test_store_result_cb, &code);
  gofer_test_wait_result (&code, WAIT_MS, "the code is claimed");
  g_assert_true (gofer_wormhole_set_code_finish (f->wormhole, code, &error));
  gofer_conversation_start_async (f->conversation, NULL, gofer_test_store_result_cb, &started);
  gofer_test_peer_send_pake (f->peer);
  gofer_test_peer_send_version (f->peer, peer_versions);
  gofer_test_wait_result (&started, WAIT_MS, "the conversation starts");
  if (strstr (peer_versions, "conversation-v1") != NULL)
    {
      g_assert_true (gofer_conversation_start_finish (f->conversation, started, &error));
      g_assert_no_error (error);
    }
  else
    {
      g_assert_false (gofer_conversation_start_finish (f->conversation, started, &error));
      g_assert_error (error, GOFER_ERROR, GOFER_ERROR_NOT_SUPPORTED);
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->peer = gofer_test_peer_new (NULL, TRUE);
  f->wormhole = gofer_test_peer_get_wormhole (f->peer);
  f->conversation = gofer_conversation_new (f->wormhole);
  gofer_conversation_set_listen (f->conversation, FALSE);
  gofer_conversation_set_transit_helper (f->conversation, NULL);
  f->messages = g_ptr_array_new_with_free_func (g_free);
  f->offers = g_ptr_array_new_with_free_func (g_object_unref);
  f->downloads = gofer_test_scratch_dir ("test-conversation");
  g_signal_connect (f->conversation, "message", G_CALLBACK (message_cb), f);
  g_signal_connect (f->conversation, "delivered", G_CALLBACK (delivered_cb), f);
  g_signal_connect (f->conversation, "peer-left", G_CALLBACK (peer_left_cb), f);
  g_signal_connect (f->conversation, "failed", G_CALLBACK (failed_cb), f);
  g_signal_connect (f->conversation, "offer", G_CALLBACK (offer_cb), f);
  start (f, data != NULL ? data : GOFER_VERSIONS);
}

static void
close_wormhole (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;

  gofer_wormhole_close_async (f->wormhole, NULL, NULL, gofer_test_store_result_cb, &result);
  gofer_test_wait_result (&result, WAIT_MS, "the wormhole closes");
  gofer_wormhole_close_finish (f->wormhole, result);
}

static gboolean
all_finished (gpointer user_data)
{
  GListModel *transfers = gofer_conversation_get_transfers (user_data);

  for (guint i = 0; i < g_list_model_get_n_items (transfers); i++)
    {
      g_autoptr(GoferConversationTransfer) transfer = g_list_model_get_item (transfers, i);

      if (!gofer_conversation_transfer_is_finished (transfer))
        return FALSE;
    }
  return TRUE;
}

static gboolean
folder_empty (gpointer user_data)
{
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (user_data, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                   0, NULL, NULL);
  g_autoptr(GFileInfo) child = NULL;

  g_assert_nonnull (children);
  child = g_file_enumerator_next_file (children, NULL, NULL);
  return child == NULL;
}

/* The wormhole closed, the conversation is let go of: no transfer is left
 * running, no timer fires later, and nothing keeps either object alive. */
static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GoferConversation *conversation = g_steal_pointer (&f->conversation);
  GoferWormhole *wormhole = g_object_ref (f->wormhole);

  close_wormhole (f);
  gofer_test_wait_until (all_finished, conversation, WAIT_MS, "every transfer ends with the wormhole");
  g_signal_handlers_disconnect_by_data (conversation, f);
  g_ptr_array_unref (f->offers);
  gofer_test_wait_finalized (conversation, WAIT_MS, "the conversation is finalized once the test lets go");
  g_assert_false (gofer_test_has_source_for (conversation));
  g_clear_pointer (&f->peer, gofer_test_peer_free);
  gofer_test_wait_finalized (wormhole, WAIT_MS, "the wormhole is finalized once the test lets go");

  /* No .part or file is left behind by a transfer that did not finish
   * (deleting it may take a moment after the transfer ended). */
  gofer_test_wait_until (folder_empty, f->downloads, WAIT_MS,
                         "the .part of every unfinished transfer is deleted");
  gofer_test_scratch_clear (f->downloads);
  g_ptr_array_unref (f->messages);
  g_clear_error (&f->failure);
}

/* --- the peer's side --- */

static void
peer_says (Fixture    *f,
           const char *json)
{
  gofer_test_peer_send (f->peer, json);
  gofer_test_drain ();
}

/* The n-th of our messages with @key that the peer read, or NULL. */
static JsonObject *
ours (Fixture    *f,
      const char *key,
      guint       n)
{
  GPtrArray *received = gofer_test_peer_get_received (f->peer);

  for (guint i = 0; i < received->len; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *root;

      g_assert_true (json_parser_load_from_data (parser, g_ptr_array_index (received, i), -1, NULL));
      root = json_node_get_object (json_parser_get_root (parser));
      if (json_object_has_member (root, key) && n-- == 0)
        return json_object_ref (json_object_get_object_member (root, key));
    }
  return NULL;
}

static guint
count_ours (Fixture    *f,
            const char *key)
{
  guint n = 0;
  JsonObject *body;

  while ((body = ours (f, key, n)) != NULL)
    {
      json_object_unref (body);
      n++;
    }
  return n;
}

typedef struct
{
  Fixture    *f;
  const char *key;
  guint       n;
} Ours;

static gboolean
has_ours (gpointer user_data)
{
  Ours *o = user_data;

  return count_ours (o->f, o->key) >= o->n;
}

/* Waits until the peer has read @n of our messages with @key; returns the last. */
static JsonObject *
wait_ours (Fixture    *f,
           const char *key,
           guint       n,
           const char *what)
{
  Ours o = { f, key, n };

  gofer_test_wait_until (has_ours, &o, WAIT_MS, what);
  return ours (f, key, n - 1);
}

static void
assert_failed_protocol (Fixture *f)
{
  gofer_test_wait_flag ((gboolean *)&f->failure, WAIT_MS, "the conversation fails");
  g_assert_error (f->failure, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
}

/* --- chat --- */

/* Shown once, whatever the server re-delivers; one cumulative receipt. */
static void
test_message_once_and_receipt (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(JsonObject) receipt = NULL;

  peer_says (f, "{\"gofer-message\": {\"seq\": 1, \"text\": \"hi\", \"sent\": 0, \"pad\": \"\"}}");
  peer_says (f, "{\"gofer-message\": {\"seq\": 2, \"text\": \"how are you\", \"sent\": 0}}");
  gofer_test_peer_replay (f->peer);
  peer_says (f, "{\"gofer-message\": {\"seq\": 2, \"text\": \"how are you\", \"sent\": 0}}");
  peer_says (f, "{\"gofer-message\": {\"seq\": 3, \"text\": \"ok\", \"sent\": 0}}");
  g_assert_cmpuint (f->messages->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (f->messages, 0), ==, "1:hi");
  g_assert_cmpstr (g_ptr_array_index (f->messages, 1), ==, "2:how are you");
  g_assert_cmpstr (g_ptr_array_index (f->messages, 2), ==, "3:ok");

  receipt = wait_ours (f, "gofer-receipt", 1, "a receipt for the messages shown");
  g_assert_cmpint (json_object_get_int_member (receipt, "seq"), ==, 3);
  gofer_test_pump (300);
  g_assert_cmpuint (count_ours (f, "gofer-receipt"), ==, 1);
  g_assert_null (f->failure);
}

/* Ours is padded, numbered, and marked delivered by the peer's receipt. */
static void
test_delivered (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonObject) message = NULL;
  GPtrArray *received;

  g_assert_cmpuint (gofer_conversation_send_text (f->conversation, "hello"), ==, 1);
  g_assert_cmpuint (gofer_conversation_send_text (f->conversation, ""), ==, 0);
  g_assert_cmpuint (gofer_conversation_send_text (f->conversation, "again"), ==, 2);
  message = wait_ours (f, "gofer-message", 1, "our message reaches the peer");
  g_assert_cmpint (json_object_get_int_member (message, "seq"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (message, "text"), ==, "hello");
  received = gofer_test_peer_get_received (f->peer);
  g_assert_cmpuint (strlen (g_ptr_array_index (received, 0)) % 256, ==, 0);
  g_assert_cmpuint (gofer_conversation_get_sent (f->conversation), ==, 2);

  peer_says (f, "{\"gofer-receipt\": {\"seq\": 1}}");
  g_assert_cmpuint (f->delivered, ==, 1);
  peer_says (f, "{\"gofer-receipt\": {\"seq\": 1}}");   /* not backwards, not twice */
  peer_says (f, "{\"gofer-receipt\": {\"seq\": 2}}");
  g_assert_cmpuint (f->delivered, ==, 2);
  g_assert_cmpuint (gofer_conversation_get_delivered (f->conversation), ==, 2);
  g_assert_null (f->failure);
}

/* A receipt for a message never sent: a broken peer. */
static void
test_receipt_ahead (Fixture       *f,
                    gconstpointer  data)
{
  gofer_conversation_send_text (f->conversation, "one");
  peer_says (f, "{\"gofer-receipt\": {\"seq\": 2}}");
  assert_failed_protocol (f);
  g_assert_cmpuint (f->delivered, ==, 0);
  g_assert_cmpuint (gofer_conversation_send_text (f->conversation, "too late"), ==, 0);
}

/* seq 3 after 1: phases cannot get lost, so the peer is broken. */
static void
test_gap (Fixture       *f,
          gconstpointer  data)
{
  peer_says (f, "{\"gofer-message\": {\"seq\": 1, \"text\": \"a\", \"sent\": 0}}");
  peer_says (f, "{\"gofer-message\": {\"seq\": 3, \"text\": \"c\", \"sent\": 0}}");
  assert_failed_protocol (f);
  g_assert_cmpuint (f->messages->len, ==, 1);
}

/* Later gofer-* messages are ignored; anything else is an error. */
static void
test_unknown_messages (Fixture       *f,
                       gconstpointer  data)
{
  peer_says (f, "{\"gofer-future\": {\"x\": 1}}");
  g_assert_null (f->failure);
  peer_says (f, "{\"gofer-message\": {\"seq\": 1, \"text\": \"still\", \"sent\": 0}}");
  g_assert_cmpuint (f->messages->len, ==, 1);
  peer_says (f, "{\"offer\": {\"message\": \"a standard offer\"}}");
  assert_failed_protocol (f);
}

/* Moves to a fresh mailbox (docs/protocol-extensions.md, section 7), with
 * a peer that lists mailbox-move-v1: a mailbox id that is no short
 * lowercase word, or a gofer-moved nobody asked for, is a broken peer. */
#define MOVING_VERSIONS "{\"gofer\": {\"protocol\": 1, \"features\": " \
  "[\"conversation-v1\", \"transfer-v1\", \"mailbox-move-v1\"]}}"

static void
test_move_hostile_id (Fixture       *f,
                      gconstpointer  data)
{
  peer_says (f, "{\"gofer-move\": {\"mailbox\": \"../Not A Mailbox\"}}");
  assert_failed_protocol (f);
}

static void
test_moved_unasked (Fixture       *f,
                    gconstpointer  data)
{
  peer_says (f, "{\"gofer-moved\": {}}");
  assert_failed_protocol (f);
}

/* The peer's phases out of order still show in order. */
static void
test_out_of_order (Fixture       *f,
                   gconstpointer  data)
{
  gofer_test_peer_send_phase (f->peer, 1, "{\"gofer-message\": {\"seq\": 2, \"text\": \"second\", \"sent\": 0}}");
  gofer_test_peer_send_phase (f->peer, 0, "{\"gofer-message\": {\"seq\": 1, \"text\": \"first\", \"sent\": 0}}");
  gofer_test_drain ();
  g_assert_cmpuint (f->messages->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (f->messages, 0), ==, "1:first");
  g_assert_cmpstr (g_ptr_array_index (f->messages, 1), ==, "2:second");
  g_assert_null (f->failure);
}

/* --- goodbyes --- */

static void
leave (Fixture       *f,
       GAsyncResult **result)
{
  gofer_conversation_leave_async (f->conversation, gofer_test_store_result_cb, result);
  gofer_test_drain ();
}

/* We leave first: the goodbye waits for our message's receipt, the close
 * for the peer's goodbye. */
static void
test_leave_first (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) left = NULL;

  gofer_conversation_send_text (f->conversation, "bye now");
  leave (f, &left);
  g_assert_cmpuint (count_ours (f, "gofer-bye"), ==, 0);
  peer_says (f, "{\"gofer-receipt\": {\"seq\": 1}}");
  g_autoptr(JsonObject) bye = wait_ours (f, "gofer-bye", 1, "our goodbye once our message is delivered");
  g_assert_null (left);
  g_assert_cmpuint (gofer_test_peer_count_frames (f->peer, "close"), ==, 0);
  peer_says (f, "{\"gofer-bye\": {}}");
  gofer_test_wait_result (&left, WAIT_MS, "leaving ends with the peer's goodbye");
  gofer_conversation_leave_finish (f->conversation, left);
  g_assert_cmpuint (f->n_peer_left, ==, 1);
  g_assert_cmpuint (gofer_test_peer_count_frames (f->peer, "close"), ==, 1);
  g_assert_cmpstr (gofer_wormhole_get_mood (f->wormhole), ==, "happy");
  g_assert_cmpuint (count_ours (f, "gofer-bye"), ==, 1);
  g_assert_null (f->failure);
}

/* The peer's goodbye right after its message: the message shows, gets its
 * receipt at once, and then we may leave. */
static void
test_peer_bye_after_message (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GAsyncResult) left = NULL;
  g_autoptr(JsonObject) receipt = NULL;

  peer_says (f, "{\"gofer-message\": {\"seq\": 1, \"text\": \"last words\", \"sent\": 0}}");
  peer_says (f, "{\"gofer-bye\": {}}");
  g_assert_cmpuint (f->messages->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->messages, 0), ==, "1:last words");
  g_assert_cmpuint (f->n_peer_left, ==, 1);
  receipt = ours (f, "gofer-receipt", 0);
  g_assert_nonnull (receipt);
  g_assert_cmpint (json_object_get_int_member (receipt, "seq"), ==, 1);

  leave (f, &left);
  gofer_test_wait_result (&left, WAIT_MS, "leaving after the peer left ends at once");
  gofer_conversation_leave_finish (f->conversation, left);
  g_assert_cmpuint (count_ours (f, "gofer-bye"), ==, 1);
  g_assert_cmpuint (count_ours (f, "gofer-receipt"), ==, 1);
  g_assert_cmpuint (gofer_test_peer_count_frames (f->peer, "close"), ==, 1);
  g_assert_null (f->failure);
}

/* A peer without conversation-v1: no Gofer message is ever sent. */
static void
test_not_supported (Fixture       *f,
                    gconstpointer  data)
{
  g_assert_cmpuint (gofer_conversation_send_text (f->conversation, "anyone?"), ==, 0);
  gofer_test_drain ();
  g_assert_cmpuint (gofer_test_peer_get_received (f->peer)->len, ==, 0);
}

/* #14 item 7: the Rust clients (Warp, wormhole-rs) announce "abilities"
 * and no Gofer features, and panic on a phase that is not a number after
 * "pake" and "version". A conversation with one sends nothing of its own,
 * whatever is asked of it and whatever the peer says, and leaves without a
 * goodbye; only pake, version and numbered phases ever go out. */
#define RUST_VERSIONS \
  "{\"abilities\": [\"transfer-v1\", \"transfer-v2\"], " \
  "\"transfer-v2\": {\"supported-formats\": [\"plain\", \"tar\", \"tar.zst\"]}}"

static void
test_rust_peer_hears_nothing (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_get_child (f->downloads, "never-sent.txt");
  g_autoptr(GAsyncResult) left = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *frames = NULL;
  GFile *files[] = { file, NULL };

  g_assert_true (g_file_replace_contents (file, "x", 1, NULL, FALSE, 0, NULL, NULL, &error));
  g_assert_cmpuint (gofer_conversation_send_text (f->conversation, "anyone?"), ==, 0);
  g_assert_null (gofer_conversation_send_files (f->conversation, files, 1, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  /* What a Gofer would say, from a peer that is none: no receipt, no answer. */
  gofer_test_peer_send (f->peer, "{\"gofer-message\": {\"seq\": 1, \"text\": \"hi\"}}");
  gofer_test_peer_send (f->peer, "{\"transit\": {\"abilities-v1\": [], \"hints-v1\": []}}");
  gofer_conversation_leave_async (f->conversation, gofer_test_store_result_cb, &left);
  gofer_test_wait_result (&left, WAIT_MS, "the conversation is left");
  gofer_conversation_leave_finish (f->conversation, left);

  g_assert_cmpuint (gofer_test_peer_get_received (f->peer)->len, ==, 0);
  frames = gofer_test_peer_dup_frames (f->peer);
  g_assert_cmpuint (gofer_test_peer_count_frames (f->peer, "add:pake"), ==, 1);
  g_assert_cmpuint (gofer_test_peer_count_frames (f->peer, "add:version"), ==, 1);
  g_test_message ("frames: %s", frames);
  {
    g_auto(GStrv) each = g_strsplit (frames, " ", -1);

    for (guint i = 0; each[i] != NULL; i++)
      if (g_str_has_prefix (each[i], "add:"))
        g_assert_true (g_str_equal (each[i], "add:pake") || g_str_equal (each[i], "add:version"));
  }
  g_file_delete (file, NULL, NULL);
}

/* --- transfers --- */

static GoferConversationTransfer *
offered (Fixture *f)
{
  peer_says (f, FILE_OFFER (1, 0, 5000));
  g_assert_cmpuint (f->offers->len, ==, 1);
  return g_ptr_array_index (f->offers, 0);
}

static void
test_offer_decline (Fixture       *f,
                    gconstpointer  data)
{
  GoferConversationTransfer *transfer = offered (f);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) cancel = NULL;

  g_assert_cmpint (gofer_conversation_transfer_get_state (transfer), ==, GOFER_CONVERSATION_TRANSFER_OFFERED);
  g_assert_cmpuint (gofer_conversation_transfer_get_id (transfer), ==, 1);
  gofer_conversation_transfer_decline (transfer);
  g_assert_cmpint (gofer_conversation_transfer_get_state (transfer), ==, GOFER_CONVERSATION_TRANSFER_DECLINED);
  answer = wait_ours (f, "gofer-answer", 1, "the peer hears no");
  g_assert_cmpint (json_object_get_int_member (answer, "transfer"), ==, 1);
  g_assert_false (json_object_get_boolean_member (answer, "accept"));

  /* Offered again to resume: still no, as a cancel. */
  peer_says (f, FILE_OFFER (1, 1, 5000));
  cancel = wait_ours (f, "gofer-cancel", 1, "a re-offer of a declined transfer is cancelled");
  g_assert_cmpstr (json_object_get_string_member (cancel, "role"), ==, "receiver");
  g_assert_cmpuint (f->offers->len, ==, 1);
  g_assert_null (f->failure);
}

static void
test_cancel_by_peer (Fixture       *f,
                     gconstpointer  data)
{
  GoferConversationTransfer *transfer = offered (f);

  peer_says (f, "{\"gofer-cancel\": {\"transfer\": 1, \"role\": \"sender\"}}");
  g_assert_cmpint (gofer_conversation_transfer_get_state (transfer), ==, GOFER_CONVERSATION_TRANSFER_CANCELLED);
  /* Crossing cancels are fine. */
  gofer_conversation_transfer_cancel (transfer);
  peer_says (f, "{\"gofer-cancel\": {\"transfer\": 1, \"role\": \"sender\"}}");
  g_assert_null (f->failure);
  g_assert_cmpuint (count_ours (f, "gofer-cancel"), ==, 0);
}

/* Offer numbers only grow; a text offer is never a transfer. */
static void
test_offer_numbers (Fixture       *f,
                    gconstpointer  data)
{
  peer_says (f, FILE_OFFER (2, 0, 10));
  g_assert_cmpuint (f->offers->len, ==, 1);
  peer_says (f, FILE_OFFER (1, 0, 10));
  assert_failed_protocol (f);
  g_assert_cmpuint (f->offers->len, ==, 1);
  g_assert_cmpint (gofer_conversation_transfer_get_state (g_ptr_array_index (f->offers, 0)),
                   ==, GOFER_CONVERSATION_TRANSFER_FAILED);
}

static void
test_text_offer (Fixture       *f,
                 gconstpointer  data)
{
  peer_says (f, "{\"gofer-offer\": {\"transfer\": 1, \"attempt\": 0, \"offer\": {\"message\": \"hi\"}}}");
  assert_failed_protocol (f);
  g_assert_cmpuint (f->offers->len, ==, 0);
}

static gboolean
has_part (gpointer user_data)
{
  GoferConversationTransfer *transfer = user_data;

  return transfer->part != NULL && !transfer->busy && transfer->attempt != NULL;
}

/* Accepted, then offered again after a broken connection: the answer
 * resumes from the bytes in the .part; our cancel deletes it. */
static void
test_resume_offset (Fixture       *f,
                    gconstpointer  data)
{
  GoferConversationTransfer *transfer = offered (f);
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) cancel = NULL;
  g_autoptr(GError) error = NULL;
  guint8 bytes[1234];
  gsize written = 0;

  gofer_conversation_transfer_accept (transfer, f->downloads);
  first = wait_ours (f, "gofer-answer", 1, "the accepting answer");
  g_assert_cmpint (json_object_get_int_member (first, "attempt"), ==, 0);
  g_assert_true (json_object_get_boolean_member (first, "accept"));
  g_assert_cmpint (json_object_get_int_member (first, "offset"), ==, 0);
  g_assert_cmpuint (count_ours (f, "gofer-transit"), ==, 1);
  gofer_test_wait_until (has_part, transfer, WAIT_MS, "the .part is open");

  /* What authenticated records of attempt 0 would have written. */
  memset (bytes, 'x', sizeof bytes);
  g_assert_true (g_output_stream_write_all (gofer_part_file_get_output_stream (transfer->part),
                                            bytes, sizeof bytes, &written, NULL, &error));
  g_assert_no_error (error);

  peer_says (f, FILE_OFFER (1, 1, 5000));
  second = wait_ours (f, "gofer-answer", 2, "the answer to the re-offer");
  g_assert_cmpint (json_object_get_int_member (second, "attempt"), ==, 1);
  g_assert_true (json_object_get_boolean_member (second, "accept"));
  g_assert_cmpint (json_object_get_int_member (second, "offset"), ==, sizeof bytes);
  /* A late answer of the old attempt changes nothing. */
  peer_says (f, "{\"gofer-transit\": {\"transfer\": 1, \"attempt\": 0, \"role\": \"sender\", \"hints-v1\": []}}");
  g_assert_null (f->failure);

  gofer_conversation_transfer_cancel (transfer);
  g_assert_cmpint (gofer_conversation_transfer_get_state (transfer), ==, GOFER_CONVERSATION_TRANSFER_CANCELLED);
  cancel = wait_ours (f, "gofer-cancel", 1, "the sender hears of our cancel");
  g_assert_cmpint (json_object_get_int_member (cancel, "transfer"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (cancel, "role"), ==, "receiver");
}

/* A re-offer whose size changed, or an attempt from the future. */
static void
test_resume_hostile (Fixture       *f,
                     gconstpointer  data)
{
  GoferConversationTransfer *transfer = offered (f);

  peer_says (f, FILE_OFFER (1, 1, 5000));
  g_assert_null (f->failure);
  peer_says (f, FILE_OFFER (1, 2, 9999));
  assert_failed_protocol (f);
  g_assert_cmpint (gofer_conversation_transfer_get_state (transfer), ==, GOFER_CONVERSATION_TRANSFER_FAILED);
}

/* The peer leaves while its transfer runs: it ends, and its .part goes. */
static void
test_bye_ends_transfers (Fixture       *f,
                         gconstpointer  data)
{
  GoferConversationTransfer *transfer = offered (f);

  gofer_conversation_transfer_accept (transfer, f->downloads);
  g_autoptr(JsonObject) answer = wait_ours (f, "gofer-answer", 1, "the accepting answer");
  peer_says (f, "{\"gofer-bye\": {}}");
  g_assert_cmpint (gofer_conversation_transfer_get_state (transfer), ==, GOFER_CONVERSATION_TRANSFER_FAILED);
  g_assert_cmpuint (f->n_peer_left, ==, 1);
}

/* --- our transfers --- */

typedef struct
{
  GoferConversationTransfer *transfer;
  GFile                     *source;
} Outgoing;

static gboolean
offer_sent (gpointer user_data)
{
  return gofer_conversation_transfer_get_state (user_data) == GOFER_CONVERSATION_TRANSFER_OFFERED;
}

/* We offer a file of 1000 bytes; the peer reads the offer. */
static void
offer_ours (Fixture  *f,
            Outgoing *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(JsonObject) offer = NULL;
  char data[1000];

  memset (data, 'y', sizeof data);
  out->source = gofer_test_scratch_dir ("test-conversation-source");
  file = g_file_get_child (out->source, "report.txt");
  g_assert_true (g_file_replace_contents (file, data, sizeof data, NULL, FALSE, 0, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gofer_conversation_can_transfer (f->conversation));
  out->transfer = gofer_conversation_send_files (f->conversation, &file, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (out->transfer);
  gofer_test_wait_until (offer_sent, out->transfer, WAIT_MS, "our offer goes out");
  offer = wait_ours (f, "gofer-offer", 1, "the peer reads our offer");
  g_assert_cmpint (json_object_get_int_member (offer, "transfer"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (offer, "attempt"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_object_get_object_member (offer, "offer"), "file"), "filesize"), ==, 1000);
}

static void
outgoing_clear (Outgoing *out)
{
  gofer_test_scratch_clear (out->source);
}

static void
test_outgoing_declined (Fixture       *f,
                        gconstpointer  data)
{
  Outgoing out;

  offer_ours (f, &out);
  peer_says (f, "{\"gofer-answer\": {\"transfer\": 1, \"attempt\": 0, \"accept\": false}}");
  g_assert_cmpint (gofer_conversation_transfer_get_state (out.transfer), ==, GOFER_CONVERSATION_TRANSFER_DECLINED);
  g_assert_error (gofer_conversation_transfer_get_error (out.transfer), GOFER_ERROR, GOFER_ERROR_REJECTED);
  /* A late second answer to an attempt that is over is ignored. */
  peer_says (f, "{\"gofer-answer\": {\"transfer\": 1, \"attempt\": 0, \"accept\": true, \"offset\": 0}}");
  g_assert_null (f->failure);
  outgoing_clear (&out);
}

/* The receiver already holds 700 bytes: we go on from there; then it
 * cancels. */
static void
test_outgoing_resume_offset (Fixture       *f,
                             gconstpointer  data)
{
  Outgoing out;
  g_autoptr(JsonObject) transit = NULL;

  offer_ours (f, &out);
  peer_says (f, "{\"gofer-answer\": {\"transfer\": 1, \"attempt\": 0, \"accept\": true, \"offset\": 700}}");
  g_assert_null (f->failure);
  g_assert_cmpint (gofer_conversation_transfer_get_state (out.transfer), ==, GOFER_CONVERSATION_TRANSFER_CONNECTING);
  g_assert_cmpuint (gofer_conversation_transfer_get_bytes_done (out.transfer), ==, 700);
  g_assert_cmpuint (gofer_conversation_transfer_get_bytes_total (out.transfer), ==, 1000);
  transit = wait_ours (f, "gofer-transit", 1, "our transit hints");
  g_assert_cmpstr (json_object_get_string_member (transit, "role"), ==, "sender");

  peer_says (f, "{\"gofer-cancel\": {\"transfer\": 1, \"role\": \"receiver\"}}");
  g_assert_cmpint (gofer_conversation_transfer_get_state (out.transfer), ==, GOFER_CONVERSATION_TRANSFER_CANCELLED);
  g_assert_cmpuint (count_ours (f, "gofer-cancel"), ==, 0);
  g_assert_null (f->failure);
  outgoing_clear (&out);
}

static void
test_outgoing_cancel_ours (Fixture       *f,
                           gconstpointer  data)
{
  Outgoing out;
  g_autoptr(JsonObject) cancel = NULL;

  offer_ours (f, &out);
  gofer_conversation_transfer_cancel (out.transfer);
  g_assert_cmpint (gofer_conversation_transfer_get_state (out.transfer), ==, GOFER_CONVERSATION_TRANSFER_CANCELLED);
  cancel = wait_ours (f, "gofer-cancel", 1, "the receiver hears of our cancel");
  g_assert_cmpint (json_object_get_int_member (cancel, "transfer"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (cancel, "role"), ==, "sender");
  outgoing_clear (&out);
}

/* An offset past the end, an answer to an attempt never made, an answer
 * twice: a broken peer. */
static void
outgoing_hostile (Fixture    *f,
                  const char *answer)
{
  const char *accept = "{\"gofer-answer\": {\"transfer\": 1, \"attempt\": 0, \"accept\": true, \"offset\": 0}}";
  Outgoing out;

  offer_ours (f, &out);
  /* NULL: a good answer, then the same again. */
  if (answer == NULL)
    {
      peer_says (f, accept);
      g_assert_null (f->failure);
      answer = accept;
    }
  peer_says (f, answer);
  assert_failed_protocol (f);
  g_assert_cmpint (gofer_conversation_transfer_get_state (out.transfer), ==, GOFER_CONVERSATION_TRANSFER_FAILED);
  outgoing_clear (&out);
}

#define ANSWER(attempt, rest) \
  "{\"gofer-answer\": {\"transfer\": 1, \"attempt\": " #attempt ", " rest "}}"

static void
test_offset_past_end (Fixture       *f,
                      gconstpointer  data)
{
  outgoing_hostile (f, ANSWER (0, "\"accept\": true, \"offset\": 1001"));
}

static void
test_future_attempt (Fixture       *f,
                     gconstpointer  data)
{
  outgoing_hostile (f, ANSWER (1, "\"accept\": false"));
}

static void
test_unknown_transfer (Fixture       *f,
                       gconstpointer  data)
{
  outgoing_hostile (f, "{\"gofer-answer\": {\"transfer\": 2, \"attempt\": 0, \"accept\": false}}");
}

static void
test_answered_twice (Fixture       *f,
                     gconstpointer  data)
{
  outgoing_hostile (f, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/conversation/message-once-and-receipt", test_message_once_and_receipt);
  ADD ("/conversation/delivered", test_delivered);
  ADD ("/conversation/receipt-ahead", test_receipt_ahead);
  ADD ("/conversation/gap", test_gap);
  ADD ("/conversation/unknown-messages", test_unknown_messages);
  ADD ("/conversation/out-of-order", test_out_of_order);
  ADD ("/conversation/leave-first", test_leave_first);
  ADD ("/conversation/peer-bye-after-message", test_peer_bye_after_message);
  ADD ("/conversation/offer-decline", test_offer_decline);
  ADD ("/conversation/cancel-by-peer", test_cancel_by_peer);
  ADD ("/conversation/offer-numbers", test_offer_numbers);
  ADD ("/conversation/text-offer", test_text_offer);
  ADD ("/conversation/resume-offset", test_resume_offset);
  ADD ("/conversation/resume-hostile", test_resume_hostile);
  ADD ("/conversation/bye-ends-transfers", test_bye_ends_transfers);
  ADD ("/conversation/outgoing/declined", test_outgoing_declined);
  ADD ("/conversation/outgoing/resume-offset", test_outgoing_resume_offset);
  ADD ("/conversation/outgoing/cancel-ours", test_outgoing_cancel_ours);
  ADD ("/conversation/outgoing/hostile/offset-past-end", test_offset_past_end);
  ADD ("/conversation/outgoing/hostile/future-attempt", test_future_attempt);
  ADD ("/conversation/outgoing/hostile/unknown-transfer", test_unknown_transfer);
  ADD ("/conversation/outgoing/hostile/answered-twice", test_answered_twice);
#undef ADD
  g_test_add ("/conversation/not-supported", Fixture, "{}", fixture_set_up,
              test_not_supported, fixture_tear_down);
  g_test_add ("/conversation/rust-peer-hears-nothing", Fixture, RUST_VERSIONS, fixture_set_up,
              test_rust_peer_hears_nothing, fixture_tear_down);
  g_test_add ("/conversation/move/hostile-id", Fixture, MOVING_VERSIONS, fixture_set_up,
              test_move_hostile_id, fixture_tear_down);
  g_test_add ("/conversation/move/unasked", Fixture, MOVING_VERSIONS, fixture_set_up,
              test_moved_unasked, fixture_tear_down);

  return g_test_run ();
}
