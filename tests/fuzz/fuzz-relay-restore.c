/* fuzz-relay-restore.c: gofer-relay restarting on a database it did not write
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a database: its first byte picks the schema (the relay's own
 * tables, or the same tables without NOT NULL, types or keys, which
 * CREATE TABLE IF NOT EXISTS then keeps) and what meta says the schema
 * version is; then come rows [table u8][value...], one value per column,
 * each [kind u8][...]: NULL, a 64-bit integer, a double (NaN, infinities,
 * negatives), a text or blob of up to 255 bytes, or one of a few strings
 * that make rows refer to each other (the app id, nameplates, mailbox ids,
 * sides, a body longer than the relay's message limit, a msg_id nested 100
 * levels deep). A real GoferRelayStore opens that file and the mailbox
 * server restores from it with small limits; then two clients use what was
 * restored (list, claim, open with replay of the stored bodies, add,
 * release, close) and everything expires. Nothing may crash, leak, log a
 * critical or warning, or keep more than the limits allow.
 */

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz-common.h"
#include "gofer-relay-backend-sqlite.h"
#include "gofer-relay-connection.h"
#include "gofer-relay-limits.h"
#include "gofer-relay-mailbox-server.h"
#include "gofer-relay-store.h"

#define APP "lothar.com/wormhole/text-or-file-xfer"

static const struct {
  const char *name;
  const char *columns[8];
} tables[] = {
  { "nameplates", { "app_id", "name", "mailbox_id" } },
  { "nameplate_sides", { "app_id", "name", "side", "claimed", "added" } },
  { "mailboxes", { "app_id", "id", "for_nameplate", "updated", "creator" } },
  { "mailbox_sides", { "app_id", "mailbox_id", "side", "mood", "opened", "added" } },
  { "messages", { "app_id", "mailbox_id", "side", "phase", "body", "msg_id", "server_rx", "address" } },
  { "meta", { "key", "value" } },
};

/* The relay's tables with nothing enforced: any value of any type goes. */
static const char loose_schema[] =
  "CREATE TABLE meta (key, value);"
  "CREATE TABLE nameplates (app_id, name, mailbox_id);"
  "CREATE TABLE nameplate_sides (app_id, name, side, claimed, added);"
  "CREATE TABLE mailboxes (app_id, id, for_nameplate, updated, creator);"
  "CREATE TABLE mailbox_sides (app_id, mailbox_id, side, mood, opened, added);"
  "CREATE TABLE messages (app_id, mailbox_id, side, phase, body, msg_id, server_rx, address);";

static char *words[16];

static void
init_words (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);

  if (words[0] != NULL)
    return;
  for (guint i = 0; i < 100; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100; i++)
    g_string_append_c (deep, ']');
  words[0] = g_strdup (APP);
  words[1] = g_strdup ("1");
  words[2] = g_strdup ("2");
  words[3] = g_strdup ("mbx1");
  words[4] = g_strdup ("mbx2");
  words[5] = g_strdup ("side1");
  words[6] = g_strdup ("side2");
  words[7] = g_strdup ("happy");
  words[8] = g_strdup ("pake");
  words[9] = g_strdup ("abcd");
  words[10] = g_strdup ("\"id\"");
  words[11] = g_strdup ("127.0.0.1");
  words[12] = g_strnfill (8192, 'a');  /* longer than the message limit below */
  words[13] = g_string_free (g_steal_pointer (&deep), FALSE);
  words[14] = g_strdup ("schema");
  words[15] = g_strdup ("");
}

typedef struct
{
  const uint8_t *data;
  gsize          size;
  gsize          at;
} Input;

static gboolean
take (Input        *in,
      gsize         n,
      const guint8 **out)
{
  if (in->size - in->at < n)
    return FALSE;
  *out = in->data + in->at;
  in->at += n;
  return TRUE;
}

/* Binds the next value of the input to parameter @idx. */
static gboolean
bind_value (Input        *in,
            sqlite3_stmt *stmt,
            int           idx)
{
  const guint8 *p;
  guint8 kind;

  if (!take (in, 1, &p))
    return FALSE;
  kind = p[0] % 8;
  switch (kind)
    {
    case 0:
      sqlite3_bind_null (stmt, idx);
      return TRUE;
    case 1:
      {
        gint64 v;

        if (!take (in, 8, &p))
          return FALSE;
        memcpy (&v, p, 8);
        sqlite3_bind_int64 (stmt, idx, v);
        return TRUE;
      }
    case 2:
      {
        double v;

        if (!take (in, 8, &p))
          return FALSE;
        memcpy (&v, p, 8);
        sqlite3_bind_double (stmt, idx, v);
        return TRUE;
      }
    case 3:
    case 4:
      {
        const guint8 *bytes;

        if (!take (in, 1, &p) || !take (in, p[0], &bytes))
          return FALSE;
        if (kind == 3)
          sqlite3_bind_text (stmt, idx, (const char *)bytes, p[0], SQLITE_TRANSIENT);
        else
          sqlite3_bind_blob (stmt, idx, bytes, p[0], SQLITE_TRANSIENT);
        return TRUE;
      }
    default:
      if (!take (in, 1, &p))
        return FALSE;
      sqlite3_bind_text (stmt, idx, words[p[0] % G_N_ELEMENTS (words)], -1, SQLITE_STATIC);
      return TRUE;
    }
}

/* Writes the rows the rest of the input describes into @path. */
static void
write_rows (const char *path,
            Input      *in)
{
  sqlite3 *db = NULL;

  fuzz_check (sqlite3_open (path, &db) == SQLITE_OK, "the database");
  while (in->at < in->size)
    {
      g_autoptr(GString) sql = g_string_new ("INSERT OR IGNORE INTO ");
      sqlite3_stmt *stmt = NULL;
      const guint8 *p;
      guint t;
      guint n = 0;
      gboolean complete = TRUE;

      take (in, 1, &p);
      t = p[0] % G_N_ELEMENTS (tables);
      g_string_append (sql, tables[t].name);
      g_string_append (sql, " (");
      while (n < G_N_ELEMENTS (tables[t].columns) && tables[t].columns[n] != NULL)
        {
          g_string_append (sql, n == 0 ? "" : ", ");
          g_string_append (sql, tables[t].columns[n++]);
        }
      g_string_append (sql, ") VALUES (");
      for (guint i = 0; i < n; i++)
        g_string_append (sql, i == 0 ? "?" : ", ?");
      g_string_append (sql, ")");
      fuzz_check (sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL) == SQLITE_OK, "an insert");
      for (guint i = 0; i < n && complete; i++)
        complete = bind_value (in, stmt, i + 1);
      if (complete)
        sqlite3_step (stmt);
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
}

/* Writes the database the input describes to @path: the loose schema, or
 * the relay's own (made by a store), then the rows. */
static void
write_database (const char *path,
                Input      *in)
{
  const guint8 *p;

  if (!take (in, 1, &p))
    return;
  if (p[0] & 1)
    {
      sqlite3 *db = NULL;

      fuzz_check (sqlite3_open (path, &db) == SQLITE_OK, "a scratch database");
      fuzz_check (sqlite3_exec (db, loose_schema, NULL, NULL, NULL) == SQLITE_OK, "the loose schema");
      sqlite3_close (db);
    }
  else
    {
      g_autoptr(GoferRelayStore) maker = gofer_relay_store_open (path, NULL);

      fuzz_check (maker != NULL, "the relay makes its schema");
      gofer_relay_store_close (maker);
    }
  write_rows (path, in);
}

typedef struct
{
  GoferRelayWire          *wire;
  SoupWebsocketConnection *websocket;
  GoferRelayConnection    *connection;
  int                      write_end;
} Client;

static void
client_open (Client                  *client,
             GoferRelayMailboxServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GIOStream) io = NULL;
  g_autoptr(GUri) uri = g_uri_parse ("ws://127.0.0.1/v1", G_URI_FLAGS_NONE, NULL);
  int fds[2];

  fuzz_check (g_unix_open_pipe (fds, FD_CLOEXEC, &error), "a pipe");
  input = g_unix_input_stream_new (fds[0], TRUE);
  client->write_end = fds[1];
  io = g_simple_io_stream_new (input, output);
  client->wire = gofer_relay_wire_new (io, 8192, 1024 * 1024);
  client->websocket = soup_websocket_connection_new (G_IO_STREAM (client->wire), uri,
                                                     SOUP_WEBSOCKET_CONNECTION_SERVER,
                                                     NULL, NULL, NULL);
  client->connection = gofer_relay_connection_new (server, client->websocket, client->wire,
                                                   "127.0.0.1");
  gofer_relay_connection_start (client->connection);
}

static void
client_close (Client *client)
{
  g_signal_emit_by_name (client->websocket, "closed");
  g_clear_object (&client->connection);
  g_clear_object (&client->websocket);
  g_clear_object (&client->wire);
  close (client->write_end);
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
client_say (Client     *client,
            const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  g_signal_emit_by_name (client->websocket, "message", SOUP_WEBSOCKET_DATA_TEXT, bytes);
  drain ();
}

/* Uses what was restored as clients would. */
static void
use_state (GoferRelayMailboxServer *server)
{
  Client clients[2];

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    client_open (&clients[i], server);

  client_say (&clients[0], "{\"type\": \"bind\", \"appid\": \"" APP "\", \"side\": \"side1\"}");
  client_say (&clients[1], "{\"type\": \"bind\", \"appid\": \"" APP "\", \"side\": \"side2\"}");
  client_say (&clients[0], "{\"type\": \"list\"}");
  client_say (&clients[0], "{\"type\": \"claim\", \"nameplate\": \"1\"}");
  client_say (&clients[1], "{\"type\": \"claim\", \"nameplate\": \"2\"}");
  client_say (&clients[0], "{\"type\": \"open\", \"mailbox\": \"mbx1\"}");
  client_say (&clients[1], "{\"type\": \"open\", \"mailbox\": \"mbx2\"}");
  client_say (&clients[0], "{\"type\": \"add\", \"phase\": \"pake\", \"body\": \"abcd\"}");
  client_say (&clients[1], "{\"type\": \"add\", \"phase\": \"version\", \"body\": \"00\"}");
  client_say (&clients[0], "{\"type\": \"release\", \"nameplate\": \"1\"}");
  client_say (&clients[0], "{\"type\": \"close\", \"mailbox\": \"mbx1\", \"mood\": \"happy\"}");
  client_say (&clients[1], "{\"type\": \"list\"}");

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    client_close (&clients[i]);
  drain ();
}

static char *shm_dir;

static void
remove_shm_dir (void)
{
  g_rmdir (shm_dir);
}

/* Every input writes, opens and closes a database; on a disk each close
 * waits for an fsync. Memory-backed /dev/shm, where there is one. */
static const char *
scratch_dir (void)
{
  if (shm_dir == NULL && g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) &&
      (shm_dir = g_mkdtemp (g_strdup ("/dev/shm/gofer-fuzz-restore-XXXXXX"))) != NULL)
    atexit (remove_shm_dir);
  return shm_dir != NULL ? shm_dir : fuzz_tmp_dir ();
}

static void
remove_database (const char *path)
{
  static const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      g_unlink (name);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GoferRelayLimits) limits = gofer_relay_limits_new ();
  g_autoptr(GoferRelayMailboxServer) server = NULL;
  g_autoptr(GoferRelayStore) store = NULL;
  GoferRelayBackend *backend;  /* the server's */
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  Input in = { data, size, 0 };
  gboolean loaded;

  fuzz_init ();
  init_words ();
  path = g_build_filename (scratch_dir (), "restore.db", NULL);
  remove_database (path);

  gofer_relay_limits_set (limits, GOFER_RELAY_LIMIT_MESSAGE_SIZE, 4096);
  gofer_relay_limits_set (limits, GOFER_RELAY_LIMIT_MAILBOXES, 8);
  gofer_relay_limits_set (limits, GOFER_RELAY_LIMIT_MAILBOXES_PER_ADDRESS, 4);
  gofer_relay_limits_set (limits, GOFER_RELAY_LIMIT_MESSAGES_PER_MAILBOX, 16);
  gofer_relay_limits_set (limits, GOFER_RELAY_LIMIT_MAILBOX_BYTES, 16384);
  gofer_relay_limits_set (limits, GOFER_RELAY_LIMIT_STORED_BYTES, 65536);

  write_database (path, &in);

  store = gofer_relay_store_open (path, &error);
  if (store != NULL)
    {
      server = gofer_relay_mailbox_server_new (store, NULL, limits);
      backend = gofer_relay_backend_sqlite_new (store, NULL, limits);
      gofer_relay_mailbox_server_set_backend (server, backend);
      loaded = gofer_relay_mailbox_server_load (server, &error);
      fuzz_check (gofer_relay_limits_total (limits, GOFER_RELAY_LIMIT_MAILBOXES_PER_ADDRESS) <= 8,
                  "no more mailboxes than --max-mailboxes are restored");
      fuzz_check (gofer_relay_limits_total (limits, GOFER_RELAY_LIMIT_STORED_BYTES_PER_ADDRESS) <= 65536,
                  "no more stored bytes than --max-stored-bytes are restored");
      if (loaded)
        {
          double now = g_get_real_time () / (double)G_USEC_PER_SEC;

          use_state (server);
          gofer_relay_backend_sqlite_prune (backend, now + 1);
          drain ();
        }
      gofer_relay_mailbox_server_stop (server);
      g_clear_object (&server);
      gofer_relay_store_close (store);
      drain ();
    }

  remove_database (path);
  return 0;
}
