/* gofer-test-peer.c: a fake mailbox server and peer around a real GoferWormhole
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-test-peer.h"

#include <string.h>

#include "gofer-crypto.h"

#define URL "ws://127.0.0.1:9/v1"

struct _GoferTestPeer
{
  GoferMailbox  *mailbox;
  GoferWormhole *wormhole;
  GoferSpake2   *spake2;
  guint8         pake_message[GOFER_SPAKE2_MESSAGE_SIZE];
  GBytes        *wormhole_pake;
  GoferKey      *key;
  gboolean       serve;
  guint          serve_id;

  GPtrArray     *frames;        /* char *: the client's frames, as sent */
  GPtrArray     *kinds;         /* char *: "type" or "add:PHASE" of each */
  guint          n_served;
  GPtrArray     *stored;        /* char *: "message" frames the server keeps */
  guint64        next_phase;

  char          *version;
  GHashTable    *unordered;     /* guint64 phase -> char * */
  GPtrArray     *received;
  guint64        next_received;
  guint          n_unreadable;
};

static char *
message_frame (const char *side,
               const char *phase,
               const char *body_hex)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "message");
  json_builder_set_member_name (builder, "side");
  json_builder_add_string_value (builder, side);
  json_builder_set_member_name (builder, "phase");
  json_builder_add_string_value (builder, phase);
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, body_hex);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "0001");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

void
gofer_test_peer_send_text (GoferTestPeer *peer,
                           const char    *text,
                           gsize          len)
{
  _gofer_mailbox_dispatch_text (peer->mailbox, text, len);
}

static void
send_string (GoferTestPeer *peer,
             const char    *text)
{
  gofer_test_peer_send_text (peer, text, strlen (text));
}

void
gofer_test_peer_send_message (GoferTestPeer *peer,
                              const char    *phase,
                              const char    *body_hex)
{
  char *frame = message_frame (GOFER_TEST_PEER_SIDE, phase, body_hex);

  g_ptr_array_add (peer->stored, frame);
  send_string (peer, frame);
}

void
gofer_test_peer_send_pake_bytes (GoferTestPeer *peer,
                                 const guint8  *message,
                                 gsize          len)
{
  g_autofree char *message_hex = gofer_hex_encode (message, len);
  g_autofree char *json = g_strdup_printf ("{\"pake_v1\": \"%s\"}", message_hex);
  g_autofree char *body = gofer_hex_encode ((const guint8 *)json, strlen (json));

  gofer_test_peer_send_message (peer, "pake", body);
}

void
gofer_test_peer_send_pake (GoferTestPeer *peer)
{
  gofer_test_peer_send_pake_bytes (peer, peer->pake_message, sizeof peer->pake_message);
}

void
gofer_test_peer_send_sealed (GoferTestPeer  *peer,
                             const GoferKey *key,
                             const char     *phase,
                             const guint8   *bytes,
                             gsize           len)
{
  g_autoptr(GoferKey) phase_key = NULL;
  g_autoptr(GBytes) boxed = NULL;
  g_autofree char *hex = NULL;

  if (key == NULL)
    key = peer->key;
  g_assert_nonnull (key);
  phase_key = gofer_derive_phase_key (key, GOFER_TEST_PEER_SIDE, phase);
  boxed = gofer_secretbox_seal (phase_key, bytes, len);
  hex = gofer_hex_encode (g_bytes_get_data (boxed, NULL), g_bytes_get_size (boxed));
  gofer_test_peer_send_message (peer, phase, hex);
}

void
gofer_test_peer_send_version (GoferTestPeer *peer,
                              const char    *app_versions_json)
{
  g_autofree char *text = g_strdup_printf ("{\"app_versions\": %s}", app_versions_json);

  gofer_test_peer_send_sealed (peer, NULL, "version", (const guint8 *)text, strlen (text));
}

void
gofer_test_peer_send_phase (GoferTestPeer *peer,
                            guint64        phase,
                            const char    *text)
{
  g_autofree char *name = g_strdup_printf ("%" G_GUINT64_FORMAT, phase);

  gofer_test_peer_send_sealed (peer, NULL, name, (const guint8 *)text, strlen (text));
}

guint64
gofer_test_peer_send (GoferTestPeer *peer,
                      const char    *text)
{
  guint64 phase = peer->next_phase++;

  gofer_test_peer_send_phase (peer, phase, text);
  return phase;
}

void
gofer_test_peer_replay (GoferTestPeer *peer)
{
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < peer->stored->len; i++)
    g_ptr_array_add (frames, g_strdup (g_ptr_array_index (peer->stored, i)));
  for (guint i = 0; i < frames->len; i++)
    send_string (peer, g_ptr_array_index (frames, i));
}

/* The peer reads what the client added to the mailbox. */
static void
read_ours (GoferTestPeer *peer,
           const char    *phase,
           const char    *body_hex)
{
  g_autoptr(GBytes) body = gofer_hex_decode (body_hex, strlen (body_hex));
  g_autoptr(GoferKey) phase_key = NULL;
  g_autoptr(GBytes) plain = NULL;
  guint64 number;

  if (body == NULL)
    {
      peer->n_unreadable++;
      return;
    }
  if (g_str_equal (phase, "pake"))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GBytes) message = NULL;
      const char *hex = NULL;

      if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        hex = json_object_get_string_member_with_default (json_node_get_object (json_parser_get_root (parser)),
                                                          "pake_v1", NULL);
      if (hex != NULL)
        message = gofer_hex_decode (hex, strlen (hex));
      if (message != NULL && peer->wormhole_pake == NULL)
        peer->wormhole_pake = g_bytes_ref (message);
      if (message != NULL && peer->key == NULL)
        peer->key = gofer_spake2_finish (peer->spake2, g_bytes_get_data (message, NULL),
                                         g_bytes_get_size (message), NULL);
      return;
    }
  if (peer->key == NULL)
    {
      peer->n_unreadable++;
      return;
    }

  phase_key = gofer_derive_phase_key (peer->key, gofer_wormhole_get_side (peer->wormhole), phase);
  plain = gofer_secretbox_open (phase_key, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
  if (plain == NULL)
    {
      peer->n_unreadable++;
      return;
    }
  if (g_str_equal (phase, "version"))
    {
      g_free (peer->version);
      peer->version = g_strndup (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain));
    }
  else if (g_ascii_string_to_unsigned (phase, 10, 0, G_MAXUINT64, &number, NULL) &&
           number >= peer->next_received)
    {
      guint64 *key = g_new (guint64, 1);
      char *text;

      *key = number;
      g_hash_table_insert (peer->unordered, key,
                           g_strndup (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain)));
      while (g_hash_table_steal_extended (peer->unordered, &peer->next_received,
                                          (gpointer *)&key, (gpointer *)&text))
        {
          g_free (key);
          g_ptr_array_add (peer->received, text);
          peer->next_received++;
        }
    }
}

static void
serve_frame (GoferTestPeer *peer,
             JsonObject    *frame)
{
  const char *type = json_object_get_string_member_with_default (frame, "type", "");
  const char *phase = json_object_get_string_member_with_default (frame, "phase", "");
  const char *body = json_object_get_string_member_with_default (frame, "body", "");

  if (!peer->serve)
    return;

  if (g_str_equal (type, "bind"))
    send_string (peer, "{\"type\": \"welcome\", \"welcome\": {}}");
  else if (g_str_equal (type, "allocate"))
    send_string (peer, "{\"type\": \"allocated\", \"nameplate\": \"7\"}");
  else if (g_str_equal (type, "claim"))
    send_string (peer, "{\"type\": \"claimed\", \"mailbox\": \"" GOFER_TEST_PEER_MAILBOX "\"}");
  else if (g_str_equal (type, "release"))
    send_string (peer, "{\"type\": \"released\"}");
  else if (g_str_equal (type, "list"))
    send_string (peer, "{\"type\": \"nameplates\", \"nameplates\": []}");
  else if (g_str_equal (type, "close"))
    send_string (peer, "{\"type\": \"closed\"}");
  else if (g_str_equal (type, "add"))
    {
      char *echo = message_frame (gofer_wormhole_get_side (peer->wormhole), phase, body);

      g_ptr_array_add (peer->stored, echo);
      send_string (peer, echo);
    }
}

static gboolean
serve_cb (gpointer user_data)
{
  GoferTestPeer *peer = user_data;

  peer->serve_id = 0;
  /* Answers may make the client send more; those are served in turn. */
  while (peer->n_served < peer->frames->len)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      const char *text = g_ptr_array_index (peer->frames, peer->n_served++);

      g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
      serve_frame (peer, json_node_get_object (json_parser_get_root (parser)));
    }
  return G_SOURCE_REMOVE;
}

static void
frame_sent_cb (const char *text,
               gpointer    user_data)
{
  GoferTestPeer *peer = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *frame;
  const char *type;

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  frame = json_node_get_object (json_parser_get_root (parser));
  type = json_object_get_string_member_with_default (frame, "type", "");
  g_ptr_array_add (peer->frames, g_strdup (text));
  /* The peer reads at once (that has no effect on the client); the
   * server answers later, as a real one would. */
  if (g_str_equal (type, "add"))
    {
      const char *phase = json_object_get_string_member_with_default (frame, "phase", "");

      read_ours (peer, phase, json_object_get_string_member_with_default (frame, "body", ""));
      g_ptr_array_add (peer->kinds, g_strconcat ("add:", phase, NULL));
    }
  else
    g_ptr_array_add (peer->kinds, g_strdup (type));
  if (peer->serve_id == 0)
    peer->serve_id = g_idle_add (serve_cb, peer);
}

GoferTestPeer *
gofer_test_peer_new (const char *code,
                     gboolean    serve)
{
  GoferTestPeer *peer = g_new0 (GoferTestPeer, 1);

  if (code == NULL)
    code = GOFER_TEST_PEER_CODE;
  peer->serve = serve;
  peer->frames = g_ptr_array_new_with_free_func (g_free);
  peer->kinds = g_ptr_array_new_with_free_func (g_free);
  peer->stored = g_ptr_array_new_with_free_func (g_free);
  peer->unordered = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  peer->received = g_ptr_array_new_with_free_func (g_free);
  peer->wormhole = gofer_wormhole_new (URL, GOFER_TEST_PEER_APPID);
  peer->mailbox = gofer_mailbox_new (URL, GOFER_TEST_PEER_APPID, gofer_wormhole_get_side (peer->wormhole));
  _gofer_mailbox_set_send_func (peer->mailbox, frame_sent_cb, peer);
  _gofer_wormhole_set_mailbox (peer->wormhole, peer->mailbox);
  peer->spake2 = gofer_spake2_new ((const guint8 *)code, strlen (code),
                                   (const guint8 *)GOFER_TEST_PEER_APPID, strlen (GOFER_TEST_PEER_APPID));
  memcpy (peer->pake_message, gofer_spake2_get_message (peer->spake2), sizeof peer->pake_message);
  return peer;
}

GBytes *
gofer_test_peer_get_wormhole_pake (GoferTestPeer *peer)
{
  return peer->wormhole_pake;
}

void
gofer_test_peer_free (GoferTestPeer *peer)
{
  g_clear_handle_id (&peer->serve_id, g_source_remove);
  g_clear_object (&peer->wormhole);
  /* The mailbox may outlive us (a test's reference): it must not call back. */
  _gofer_mailbox_set_send_func (peer->mailbox, NULL, NULL);
  g_clear_object (&peer->mailbox);
  g_clear_pointer (&peer->spake2, gofer_spake2_free);
  g_clear_pointer (&peer->key, gofer_key_free);
  g_clear_pointer (&peer->wormhole_pake, g_bytes_unref);
  g_ptr_array_unref (peer->frames);
  g_ptr_array_unref (peer->kinds);
  g_ptr_array_unref (peer->stored);
  g_hash_table_unref (peer->unordered);
  g_ptr_array_unref (peer->received);
  g_free (peer->version);
  g_free (peer);
}

GoferWormhole *
gofer_test_peer_get_wormhole (GoferTestPeer *peer)
{
  return peer->wormhole;
}

GoferMailbox *
gofer_test_peer_get_mailbox (GoferTestPeer *peer)
{
  return peer->mailbox;
}

const GoferKey *
gofer_test_peer_get_key (GoferTestPeer *peer)
{
  return peer->key;
}

char *
gofer_test_peer_dup_frames (GoferTestPeer *peer)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kinds = NULL;

  for (guint i = 0; i < peer->kinds->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (peer->kinds, i));
  kinds = g_strv_builder_end (builder);
  return g_strjoinv (" ", kinds);
}

guint
gofer_test_peer_count_frames (GoferTestPeer *peer,
                              const char    *type)
{
  guint n = 0;

  for (guint i = 0; i < peer->kinds->len; i++)
    n += g_str_equal (g_ptr_array_index (peer->kinds, i), type);
  return n;
}

const char *
gofer_test_peer_get_version (GoferTestPeer *peer)
{
  return peer->version;
}

GPtrArray *
gofer_test_peer_get_received (GoferTestPeer *peer)
{
  return peer->received;
}

guint
gofer_test_peer_get_n_unreadable (GoferTestPeer *peer)
{
  return peer->n_unreadable;
}
