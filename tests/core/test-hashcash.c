/* test-hashcash.c: hashcash stamps, and a mailbox server that asks for one
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The stamps: minted ones pass the check, every wrong field is named, and
 * the dates of hashcash.org, of magic-wormhole's permissions branch and of
 * wormhole-rs are read. The mailbox: against a small WebSocket server on
 * loopback, the bind waits for the welcome; a welcome asking for hashcash
 * gets "submit-permissions" with a valid stamp first; permissions Gofer
 * cannot give end the connection with a sentence; and a connection lives
 * on after its welcome (no reconnection after the connect timeout).
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "gofer-error.h"
#include "gofer-hashcash.h"
#include "gofer-mailbox.h"
#include "gofer-test-util.h"

#define WAIT_MS 10000

static GDateTime *
utc (int year, int month, int day)
{
  return g_date_time_new_utc (year, month, day, 12, 0, 0);
}

static void
test_mint_and_check (void)
{
  g_autoptr(GDateTime) day = utc (2026, 7, 22);
  g_autofree char *stamp = gofer_hashcash_mint (12, "aBc+/=", day, NULL);
  g_auto(GStrv) fields = g_strsplit (stamp, ":", -1);

  g_assert_cmpuint (g_strv_length (fields), ==, 7);
  g_assert_cmpstr (fields[0], ==, "1");
  g_assert_cmpstr (fields[1], ==, "12");
  g_assert_cmpstr (fields[2], ==, "260722");
  g_assert_cmpstr (fields[3], ==, "aBc+/=");
  g_assert_cmpstr (fields[4], ==, "");
  g_assert_cmpuint (gofer_hashcash_zero_bits (stamp), >=, 12);
  g_assert_cmpint (gofer_hashcash_check (stamp, 12, "aBc+/=", day), ==, GOFER_HASHCASH_OK);
  /* A day either way is fine, a week is not. */
  {
    g_autoptr(GDateTime) before = utc (2026, 7, 20);
    g_autoptr(GDateTime) after = utc (2026, 7, 24);
    g_autoptr(GDateTime) week = utc (2026, 7, 29);

    g_assert_cmpint (gofer_hashcash_check (stamp, 12, "aBc+/=", before), ==, GOFER_HASHCASH_OK);
    g_assert_cmpint (gofer_hashcash_check (stamp, 12, "aBc+/=", after), ==, GOFER_HASHCASH_OK);
    g_assert_cmpint (gofer_hashcash_check (stamp, 12, "aBc+/=", week), ==, GOFER_HASHCASH_DATE);
  }
  g_assert_cmpint (gofer_hashcash_check (stamp, 12, "other", day), ==, GOFER_HASHCASH_RESOURCE);
  g_assert_cmpint (gofer_hashcash_check (stamp, 13, "aBc+/=", day), ==, GOFER_HASHCASH_CLAIMED_BITS);
  g_assert_cmpint (gofer_hashcash_check ("0:12:260722:r::x:1", 12, "r", day), ==, GOFER_HASHCASH_VERSION);
  g_assert_cmpint (gofer_hashcash_check ("1:12:260722:r::x", 12, "r", day), ==, GOFER_HASHCASH_MALFORMED);
  g_assert_cmpint (gofer_hashcash_check ("1:12:2607:r::x:1", 12, "r", day), ==, GOFER_HASHCASH_DATE);
  g_assert_cmpint (gofer_hashcash_check ("1:12:260230:r::x:1", 12, "r", day), ==, GOFER_HASHCASH_DATE);
  g_assert_cmpint (gofer_hashcash_check (NULL, 12, "r", day), ==, GOFER_HASHCASH_MALFORMED);
  g_assert_cmpstr (gofer_hashcash_result_text (GOFER_HASHCASH_WORK), !=, NULL);
}

/* Finds a counter that makes PREFIX+counter carry @bits, as another
 * client's minter would. */
static char *
mint_with_prefix (const char *prefix,
                  guint       bits)
{
  for (guint i = 0;; i++)
    {
      char *stamp = g_strdup_printf ("%s%u", prefix, i);

      if (gofer_hashcash_zero_bits (stamp) >= bits)
        return stamp;
      g_free (stamp);
    }
}

/* Too little work, or a claim of more than the work done. */
static void
test_work (void)
{
  g_autoptr(GDateTime) day = utc (2026, 7, 22);
  const char *lazy = "1:20:260722:r::AAAA:0";
  g_autofree char *boastful = mint_with_prefix ("1:30:260722:r::AAAA:", 8);

  g_assert_cmpuint (gofer_hashcash_zero_bits (lazy), <, 20);
  g_assert_cmpint (gofer_hashcash_check (lazy, 20, "r", day), ==, GOFER_HASHCASH_WORK);
  g_assert_cmpuint (gofer_hashcash_zero_bits (boastful), <, 30);
  g_assert_cmpint (gofer_hashcash_check (boastful, 8, "r", day), ==, GOFER_HASHCASH_WORK);
}

/* The date forms of the other clients: magic-wormhole's permissions
 * branch writes YYYYMMDD (and its random part as Python bytes, "b'…'"),
 * wormhole-rs YYYYMMDD in base64 with a base64 counter. */
static void
test_other_clients_dates (void)
{
  g_autoptr(GDateTime) day = utc (2026, 7, 22);
  g_autofree char *python = mint_with_prefix ("1:10:20260722:res::b'3q2+7w=='/:", 10);
  g_autofree char *rust_date = g_base64_encode ((const guchar *)"20260722", 8);
  g_autofree char *rust_prefix = g_strdup_printf ("1:10:%s:res::q83v:", rust_date);
  g_autofree char *rust = mint_with_prefix (rust_prefix, 10);
  g_autofree char *long_form = mint_with_prefix ("1:10:2607221530:res::abc:", 10);
  g_autofree char *bad_base64 = mint_with_prefix ("1:10:MjAyNjEzMzI=:res::abc:", 10);

  g_assert_cmpstr (rust_date, ==, "MjAyNjA3MjI=");
  g_assert_cmpint (gofer_hashcash_check (python, 10, "res", day), ==, GOFER_HASHCASH_OK);
  g_assert_cmpint (gofer_hashcash_check (rust, 10, "res", day), ==, GOFER_HASHCASH_OK);
  g_assert_cmpint (gofer_hashcash_check (long_form, 10, "res", day), ==, GOFER_HASHCASH_OK);
  /* base64 of 20261332: no such day. */
  g_assert_cmpint (gofer_hashcash_check (bad_base64, 10, "res", day), ==, GOFER_HASHCASH_DATE);
}

static void
test_can_mint (void)
{
  g_assert_true (gofer_hashcash_can_mint (0, "r"));
  g_assert_true (gofer_hashcash_can_mint (GOFER_HASHCASH_MAX_BITS, "r"));
  g_assert_false (gofer_hashcash_can_mint (GOFER_HASHCASH_MAX_BITS + 1, "r"));
  g_assert_false (gofer_hashcash_can_mint (-1, "r"));
  g_assert_false (gofer_hashcash_can_mint (10, NULL));
  g_assert_false (gofer_hashcash_can_mint (10, "a:b"));
  g_assert_false (gofer_hashcash_can_mint (10, "a b"));
}

static void
test_mint_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GDateTime) day = utc (2026, 7, 22);

  g_cancellable_cancel (cancellable);
  g_assert_null (gofer_hashcash_mint (GOFER_HASHCASH_MAX_BITS, "r", day, cancellable));
}

/* A mailbox server on loopback that sends @welcome and records what the
 * client says; it answers only what the test needs (acks, "allocated"). */
typedef struct
{
  SoupServer              *server;
  SoupWebsocketConnection *ws;
  const char              *welcome;
  GPtrArray               *frames;   /* "type" or "type:stamp" */
  guint                    connections;
  char                    *resource;
  guint                    bits;
} Server;

static void
server_message_cb (SoupWebsocketConnection *ws,
                   int                      type,
                   GBytes                  *message,
                   Server                  *server)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (message, &len);
  JsonObject *msg;
  const char *what;

  g_assert_true (json_parser_load_from_data (parser, data, len, NULL));
  msg = json_node_get_object (json_parser_get_root (parser));
  what = json_object_get_string_member (msg, "type");
  if (g_str_equal (what, "submit-permissions"))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      const char *stamp = json_object_get_string_member (msg, "stamp");

      g_assert_cmpstr (json_object_get_string_member (msg, "method"), ==, "hashcash");
      g_assert_cmpint (gofer_hashcash_check (stamp, server->bits, server->resource, now), ==,
                       GOFER_HASHCASH_OK);
    }
  g_ptr_array_add (server->frames, g_strdup (what));
  soup_websocket_connection_send_text (ws, "{\"type\": \"ack\"}");
  if (g_str_equal (what, "allocate"))
    soup_websocket_connection_send_text (ws, "{\"type\": \"allocated\", \"nameplate\": \"4\"}");
}

static void
server_websocket_cb (SoupServer              *soup,
                     SoupServerMessage       *msg,
                     const char              *path,
                     SoupWebsocketConnection *ws,
                     gpointer                 user_data)
{
  Server *server = user_data;

  server->connections++;
  g_clear_object (&server->ws);
  server->ws = g_object_ref (ws);
  g_signal_connect (ws, "message", G_CALLBACK (server_message_cb), server);
  g_ptr_array_add (server->frames, g_strdup ("(welcome)"));
  soup_websocket_connection_send_text (ws, server->welcome);
}

static char *
server_start (Server     *server,
              const char *welcome)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *text = NULL;

  server->welcome = welcome;
  server->frames = g_ptr_array_new_with_free_func (g_free);
  server->server = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (server->server, "/v1", NULL, NULL,
                                     server_websocket_cb, server, NULL);
  g_assert_true (soup_server_listen_local (server->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server->server);
  text = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify)g_uri_unref);
  /* http://127.0.0.1:PORT/ → ws://127.0.0.1:PORT/v1 */
  return g_strdup_printf ("ws%sv1", text + strlen ("http"));
}

static void
server_stop (Server *server)
{
  if (server->ws != NULL)
    g_signal_handlers_disconnect_by_data (server->ws, server);
  g_clear_object (&server->ws);
  soup_server_disconnect (server->server);
  g_clear_object (&server->server);
  g_ptr_array_unref (server->frames);
  g_free (server->resource);
}

static char *
server_frames (Server *server)
{
  g_ptr_array_add (server->frames, NULL);
  {
    g_autofree char *joined = g_strjoinv (" ", (char **)server->frames->pdata);

    g_ptr_array_remove_index (server->frames, server->frames->len - 1);
    return g_steal_pointer (&joined);
  }
}

static gboolean
set_true_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context for @ms. */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_true_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Connects and allocates: the connect result and the allocated nameplate
 * (or NULL with @error). */
static gboolean
connect_and_allocate (GoferMailbox  *mailbox,
                      GError       **error)
{
  g_autoptr(GAsyncResult) connected = NULL;
  g_autoptr(GAsyncResult) allocated = NULL;
  g_autofree char *nameplate = NULL;

  gofer_mailbox_connect_async (mailbox, NULL, gofer_test_store_result_cb, &connected);
  gofer_mailbox_allocate_async (mailbox, NULL, gofer_test_store_result_cb, &allocated);
  gofer_test_wait_result (&connected, WAIT_MS, "the mailbox connects");
  if (!gofer_mailbox_connect_finish (mailbox, connected, error))
    {
      gofer_test_wait_result (&allocated, WAIT_MS, "the allocation ends");
      return FALSE;
    }
  gofer_test_wait_result (&allocated, WAIT_MS, "a nameplate is allocated");
  nameplate = gofer_mailbox_allocate_finish (mailbox, allocated, error);
  g_assert_cmpstr (nameplate, ==, "4");
  return TRUE;
}

/* Without permissions: the bind comes once the welcome is there, and the
 * connection lives on past the connect timeout (it used to be dropped and
 * made again then). */
static void
test_mailbox_plain (void)
{
  Server server = { 0 };
  g_autofree char *url = server_start (&server, "{\"type\": \"welcome\", \"welcome\": {}}");
  g_autoptr(GoferMailbox) mailbox = gofer_mailbox_new (url, "appid", "side1");
  g_autoptr(GError) error = NULL;
  g_autofree char *frames = NULL;

  gofer_mailbox_set_connect_timeout (mailbox, 1);
  g_assert_true (connect_and_allocate (mailbox, &error));
  g_assert_no_error (error);
  spin (2500);
  frames = server_frames (&server);
  g_assert_cmpstr (frames, ==, "(welcome) bind allocate");
  g_assert_cmpuint (server.connections, ==, 1);
  g_clear_object (&mailbox);
  server_stop (&server);
}

/* Hashcash asked for: a valid stamp comes before the bind (checked by the
 * server), and everything else after it. */
static void
test_mailbox_hashcash (void)
{
  Server server = { .bits = 14, .resource = g_strdup ("Zm9vYmFyMTIz") };
  g_autofree char *welcome = g_strdup_printf (
    "{\"type\": \"welcome\", \"welcome\": {\"permission-required\": "
    "{\"hashcash\": {\"bits\": %u, \"resource\": \"%s\"}}, \"motd\": \"hi\"}}",
    server.bits, server.resource);
  g_autofree char *url = server_start (&server, welcome);
  g_autoptr(GoferMailbox) mailbox = gofer_mailbox_new (url, "appid", "side1");
  g_autoptr(GError) error = NULL;
  g_autofree char *frames = NULL;

  g_assert_true (connect_and_allocate (mailbox, &error));
  g_assert_no_error (error);
  frames = server_frames (&server);
  g_assert_cmpstr (frames, ==, "(welcome) submit-permissions bind allocate");
  g_clear_object (&mailbox);
  server_stop (&server);
}

/* {"none": {}} among the methods: no stamp needed. */
static void
test_mailbox_none (void)
{
  Server server = { 0 };
  g_autofree char *url = server_start (&server,
    "{\"type\": \"welcome\", \"welcome\": {\"permission-required\": "
    "{\"none\": {}, \"hashcash\": {\"bits\": 30, \"resource\": \"r\"}}}}");
  g_autoptr(GoferMailbox) mailbox = gofer_mailbox_new (url, "appid", "side1");
  g_autoptr(GError) error = NULL;
  g_autofree char *frames = NULL;

  g_assert_true (connect_and_allocate (mailbox, &error));
  g_assert_no_error (error);
  frames = server_frames (&server);
  g_assert_cmpstr (frames, ==, "(welcome) bind allocate");
  g_clear_object (&mailbox);
  server_stop (&server);
}

/* What Gofer cannot give ends the connection with a sentence, before any
 * bind. */
static void
test_mailbox_refused (gconstpointer data)
{
  const char *welcome = data;
  Server server = { 0 };
  g_autofree char *url = server_start (&server, welcome);
  g_autoptr(GoferMailbox) mailbox = gofer_mailbox_new (url, "appid", "side1");
  g_autoptr(GError) error = NULL;
  g_autofree char *frames = NULL;

  g_assert_false (connect_and_allocate (mailbox, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == GOFER_ERROR);
  g_assert_nonnull (strstr (error->message, "Choose another server"));
  frames = server_frames (&server);
  g_assert_cmpstr (frames, ==, "(welcome)");
  g_clear_object (&mailbox);
  server_stop (&server);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hashcash/mint-and-check", test_mint_and_check);
  g_test_add_func ("/hashcash/work", test_work);
  g_test_add_func ("/hashcash/other-clients-dates", test_other_clients_dates);
  g_test_add_func ("/hashcash/can-mint", test_can_mint);
  g_test_add_func ("/hashcash/mint-cancelled", test_mint_cancelled);
  g_test_add_func ("/hashcash/mailbox-plain", test_mailbox_plain);
  g_test_add_func ("/hashcash/mailbox-hashcash", test_mailbox_hashcash);
  g_test_add_func ("/hashcash/mailbox-none", test_mailbox_none);
  g_test_add_data_func ("/hashcash/mailbox-unknown-permission",
                        "{\"type\": \"welcome\", \"welcome\": {\"permission-required\": "
                        "{\"dark-ritual\": {\"horcrux\": true}}}}",
                        test_mailbox_refused);
  g_test_add_data_func ("/hashcash/mailbox-too-many-bits",
                        "{\"type\": \"welcome\", \"welcome\": {\"permission-required\": "
                        "{\"hashcash\": {\"bits\": 60, \"resource\": \"r\"}}}}",
                        test_mailbox_refused);
  g_test_add_data_func ("/hashcash/mailbox-hashcash-garbled",
                        "{\"type\": \"welcome\", \"welcome\": {\"permission-required\": "
                        "{\"hashcash\": {\"bits\": \"12\", \"resource\": \"r\"}}}}",
                        test_mailbox_refused);

  return g_test_run ();
}
