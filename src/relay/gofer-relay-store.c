/* gofer-relay-store.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The durable copy of the rendezvous state: nameplates, mailboxes, their
 * sides and the messages not yet deleted. The mailbox server keeps the live
 * state in memory and calls the setters here, which only queue a write; a
 * writer thread owns the SQLite connection, drains the queue and commits in
 * batches, so a slow disk never stalls the main loop. On start the state is
 * read back with gofer_relay_store_foreach() before the writer runs.
 */

#include "config.h"

#include "gofer-relay-store.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <sqlite3.h>

/* 2 added who created each mailbox and added each message, so the
 * per-address counts survive a restart; a version 1 database is upgraded. */
#define SCHEMA_VERSION 2
#define MAX_BATCH 512

typedef enum
{
  STMT_NAMEPLATE_INSERT,
  STMT_NAMEPLATE_SIDE_SET,
  STMT_NAMEPLATE_DELETE,
  STMT_NAMEPLATE_SIDES_DELETE,
  STMT_MAILBOX_INSERT,
  STMT_MAILBOX_TOUCH,
  STMT_MAILBOX_SIDE_SET,
  STMT_MAILBOX_DELETE,
  STMT_MAILBOX_SIDES_DELETE,
  STMT_MESSAGES_DELETE,
  STMT_MESSAGE_INSERT,
  N_STMTS,
} Stmt;

/* Parameters are named :t0..:t6 (text), :i (integer) and :r (real), so one
 * binding routine serves every statement. */
static const char *stmt_sql[N_STMTS] = {
  [STMT_NAMEPLATE_INSERT] =
    "INSERT OR IGNORE INTO nameplates (app_id, name, mailbox_id) VALUES (:t0, :t1, :t2)",
  [STMT_NAMEPLATE_SIDE_SET] =
    "INSERT OR REPLACE INTO nameplate_sides (app_id, name, side, claimed, added)"
    " VALUES (:t0, :t1, :t2, :i, :r)",
  [STMT_NAMEPLATE_DELETE] =
    "DELETE FROM nameplates WHERE app_id = :t0 AND name = :t1",
  [STMT_NAMEPLATE_SIDES_DELETE] =
    "DELETE FROM nameplate_sides WHERE app_id = :t0 AND name = :t1",
  [STMT_MAILBOX_INSERT] =
    "INSERT OR IGNORE INTO mailboxes (app_id, id, for_nameplate, updated, creator)"
    " VALUES (:t0, :t1, :i, :r, :t2)",
  [STMT_MAILBOX_TOUCH] =
    "UPDATE mailboxes SET updated = :r WHERE app_id = :t0 AND id = :t1",
  [STMT_MAILBOX_SIDE_SET] =
    "INSERT OR REPLACE INTO mailbox_sides (app_id, mailbox_id, side, mood, opened, added)"
    " VALUES (:t0, :t1, :t2, :t3, :i, :r)",
  [STMT_MAILBOX_DELETE] =
    "DELETE FROM mailboxes WHERE app_id = :t0 AND id = :t1",
  [STMT_MAILBOX_SIDES_DELETE] =
    "DELETE FROM mailbox_sides WHERE app_id = :t0 AND mailbox_id = :t1",
  [STMT_MESSAGES_DELETE] =
    "DELETE FROM messages WHERE app_id = :t0 AND mailbox_id = :t1",
  [STMT_MESSAGE_INSERT] =
    "INSERT INTO messages (app_id, mailbox_id, side, phase, body, msg_id, server_rx, address)"
    " VALUES (:t0, :t1, :t2, :t3, :t4, :t5, :r, :t6)",
};

/* Row queries: the text columns come first, then the integer, then the
 * real, then the row's rowid. One row at a time, in rowid order: a row
 * SQLite cannot hand over (a value past SQLITE_LIMIT_LENGTH) is skipped,
 * not the end of the load. */
static const struct {
  const char *sql;
  const char *table;
  int         n_text;
} select_sql[] = {
  [GOFER_RELAY_STORE_MAILBOXES] =
    { "SELECT app_id, id, creator, for_nameplate, updated, rowid FROM mailboxes", "mailboxes", 3 },
  [GOFER_RELAY_STORE_MAILBOX_SIDES] =
    { "SELECT app_id, mailbox_id, side, mood, opened, added, rowid FROM mailbox_sides",
      "mailbox_sides", 4 },
  [GOFER_RELAY_STORE_MESSAGES] =
    { "SELECT app_id, mailbox_id, side, phase, body, msg_id, address, rowid, server_rx, rowid"
      " FROM messages", "messages", 7 },
  [GOFER_RELAY_STORE_NAMEPLATES] =
    { "SELECT app_id, name, mailbox_id, 0, 0, rowid FROM nameplates", "nameplates", 3 },
  [GOFER_RELAY_STORE_NAMEPLATE_SIDES] =
    { "SELECT app_id, name, side, claimed, added, rowid FROM nameplate_sides", "nameplate_sides", 3 },
};

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);"
  "CREATE TABLE IF NOT EXISTS nameplates (app_id TEXT NOT NULL, name TEXT NOT NULL,"
  "  mailbox_id TEXT NOT NULL, PRIMARY KEY (app_id, name));"
  "CREATE TABLE IF NOT EXISTS nameplate_sides (app_id TEXT NOT NULL, name TEXT NOT NULL,"
  "  side TEXT NOT NULL, claimed INTEGER NOT NULL, added REAL NOT NULL,"
  "  PRIMARY KEY (app_id, name, side));"
  "CREATE TABLE IF NOT EXISTS mailboxes (app_id TEXT NOT NULL, id TEXT NOT NULL,"
  "  for_nameplate INTEGER NOT NULL, updated REAL NOT NULL, creator TEXT,"
  "  PRIMARY KEY (app_id, id));"
  "CREATE TABLE IF NOT EXISTS mailbox_sides (app_id TEXT NOT NULL, mailbox_id TEXT NOT NULL,"
  "  side TEXT NOT NULL, mood TEXT, opened INTEGER NOT NULL, added REAL NOT NULL,"
  "  PRIMARY KEY (app_id, mailbox_id, side));"
  "CREATE TABLE IF NOT EXISTS messages (app_id TEXT NOT NULL, mailbox_id TEXT NOT NULL,"
  "  side TEXT NOT NULL, phase TEXT NOT NULL, body TEXT NOT NULL, msg_id TEXT,"
  "  server_rx REAL NOT NULL, address TEXT);"
  "CREATE INDEX IF NOT EXISTS messages_mailbox ON messages (app_id, mailbox_id);";

typedef enum
{
  OP_SQL,
  OP_STOP,
} OpKind;

typedef struct
{
  OpKind                   kind;
  Stmt                     stmt;
  char                    *text[7];
  double                   real;
  int                      integer;
  GoferRelayStoreDoneFunc  done;
  gpointer                 done_data;
} Op;

typedef struct
{
  GoferRelayStoreDoneFunc func;
  gpointer                data;
  gint64                  rowid;
} Done;

struct _GoferRelayStore
{
  GObject       parent_instance;

  sqlite3      *db;
  sqlite3_stmt *stmts[N_STMTS];
  sqlite3      *reader;       /* the main thread's, for message bodies */
  sqlite3_stmt *read_body;
  GThread      *writer;
  GAsyncQueue  *queue;
  GMainContext *context;  /* where done callbacks run */
};

G_DEFINE_FINAL_TYPE (GoferRelayStore, gofer_relay_store, G_TYPE_OBJECT)

static void
op_free (Op *op)
{
  for (guint i = 0; i < G_N_ELEMENTS (op->text); i++)
    g_free (op->text[i]);
  g_free (op);
}

/* Returns the row inserted, or 0. */
static gint64
store_exec_op (GoferRelayStore *self,
               const Op        *op)
{
  gint64 rowid = 0;
  sqlite3_stmt *stmt = self->stmts[op->stmt];
  char name[4] = ":t0";
  int idx;

  for (guint i = 0; i < G_N_ELEMENTS (op->text); i++)
    {
      name[2] = '0' + i;
      if ((idx = sqlite3_bind_parameter_index (stmt, name)) > 0)
        sqlite3_bind_text (stmt, idx, op->text[i], -1, SQLITE_STATIC);
    }
  if ((idx = sqlite3_bind_parameter_index (stmt, ":i")) > 0)
    sqlite3_bind_int (stmt, idx, op->integer);
  if ((idx = sqlite3_bind_parameter_index (stmt, ":r")) > 0)
    sqlite3_bind_double (stmt, idx, op->real);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_warning ("store: could not write to the database: %s", sqlite3_errmsg (self->db));
  else if (op->stmt == STMT_MESSAGE_INSERT)
    rowid = sqlite3_last_insert_rowid (self->db);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return rowid;
}

static void
store_exec_simple (GoferRelayStore *self,
                   const char      *sql)
{
  char *errmsg = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    {
      g_warning ("store: %s failed: %s", sql, errmsg);
      sqlite3_free (errmsg);
    }
}

/* Runs the done callbacks of one committed batch, in order. */
static gboolean
run_done_cb (gpointer user_data)
{
  GArray *done = user_data;

  for (guint i = 0; i < done->len; i++)
    g_array_index (done, Done, i).func (g_array_index (done, Done, i).data,
                                        g_array_index (done, Done, i).rowid);
  g_array_unref (done);

  return G_SOURCE_REMOVE;
}

/* Runs one transaction: the op that woke the writer plus whatever else is
 * queued, up to MAX_BATCH. Once it is committed, the done callbacks of its
 * ops run in the main context. Returns FALSE when the writer must stop. */
static gboolean
store_write_batch (GoferRelayStore *self,
                   Op              *first)
{
  g_autoptr(GArray) done = g_array_new (FALSE, FALSE, sizeof (Done));
  gboolean more = TRUE;
  Op *op = first;
  int n = 0;

  store_exec_simple (self, "BEGIN");
  while (op != NULL)
    {
      OpKind kind = op->kind;

      gint64 rowid = 0;

      if (kind == OP_SQL)
        rowid = store_exec_op (self, op);
      if (op->done != NULL)
        g_array_append_val (done, ((Done) { op->done, op->done_data, rowid }));
      op_free (op);
      if (kind == OP_STOP)
        {
          more = FALSE;
          break;
        }
      op = ++n < MAX_BATCH ? g_async_queue_try_pop (self->queue) : NULL;
    }
  store_exec_simple (self, "COMMIT");

  if (done->len > 0)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, run_done_cb, g_steal_pointer (&done), NULL);
      g_source_attach (source, self->context);
      g_source_unref (source);
    }

  return more;
}

static gpointer
store_writer_thread (gpointer data)
{
  GoferRelayStore *self = data;

  while (store_write_batch (self, g_async_queue_pop (self->queue)))
    ;

  return NULL;
}

static void
store_push (GoferRelayStore *self,
            Op              *op)
{
  if (self->writer == NULL)
    {
      /* Nothing will be written any more: say so at once. */
      if (op->done != NULL)
        op->done (op->done_data, 0);
      op_free (op);
      return;
    }
  g_async_queue_push (self->queue, op);
}

static Op *
op_new (Stmt        stmt,
        const char *t0,
        const char *t1,
        const char *t2)
{
  Op *op = g_new0 (Op, 1);

  op->kind = OP_SQL;
  op->stmt = stmt;
  op->text[0] = g_strdup (t0);
  op->text[1] = g_strdup (t1);
  op->text[2] = g_strdup (t2);

  return op;
}

static void
gofer_relay_store_finalize (GObject *object)
{
  GoferRelayStore *self = (GoferRelayStore *)object;

  gofer_relay_store_close (self);
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (gofer_relay_store_parent_class)->finalize (object);
}

static void
gofer_relay_store_class_init (GoferRelayStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gofer_relay_store_finalize;
}

static void
gofer_relay_store_init (GoferRelayStore *self)
{
  self->queue = g_async_queue_new ();
  self->context = g_main_context_ref_thread_default ();
}

static gboolean
store_set_error (GoferRelayStore  *self,
                 const char       *path,
                 GError          **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               /* Translators: the first %s is a file name, the second SQLite's explanation */
               _("Could not open the database “%s”: %s. Check the path and its permissions, or use --db :memory:."),
               path, self->db ? sqlite3_errmsg (self->db) : "out of memory");
  return FALSE;
}

static gboolean
store_check_version (GoferRelayStore  *self,
                     const char       *path,
                     GError          **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = 0;

  if (sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE key = 'schema'", -1, &stmt, NULL) != SQLITE_OK)
    return store_set_error (self, path, error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (version == 0)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO meta (key, value) VALUES ('schema', '%d')",
                                              SCHEMA_VERSION);
      if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return store_set_error (self, path, error);
    }
  else if (version == 1)
    {
      if (sqlite3_exec (self->db,
                        "BEGIN;"
                        "ALTER TABLE mailboxes ADD COLUMN creator TEXT;"
                        "ALTER TABLE messages ADD COLUMN address TEXT;"
                        "UPDATE meta SET value = '2' WHERE key = 'schema';"
                        "COMMIT;", NULL, NULL, NULL) != SQLITE_OK)
        return store_set_error (self, path, error);
    }
  else if (version != SCHEMA_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The database “%s” was written by another version of gofer-relay (schema %d). Move it away or use another --db path."),
                   path, version);
      return FALSE;
    }

  return TRUE;
}

static gboolean
store_prepare (GoferRelayStore  *self,
               const char       *path,
               GError          **error)
{
  gboolean in_memory = g_strcmp0 (path, ":memory:") == 0;

  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    return store_set_error (self, path, error);

  sqlite3_busy_timeout (self->db, 5000);
  /* WAL with synchronous=NORMAL: a commit is durable against a crash of
   * gofer-relay, and the fsync happens at checkpoints, in the writer thread. */
  if (!in_memory &&
      sqlite3_exec (self->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                    NULL, NULL, NULL) != SQLITE_OK)
    return store_set_error (self, path, error);
  if (sqlite3_exec (self->db, schema_sql, NULL, NULL, NULL) != SQLITE_OK)
    return store_set_error (self, path, error);
  if (!store_check_version (self, path, error))
    return FALSE;

  for (guint i = 0; i < N_STMTS; i++)
    if (sqlite3_prepare_v3 (self->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                            &self->stmts[i], NULL) != SQLITE_OK)
      return store_set_error (self, path, error);

  /* Message bodies stay on disk, read back when a mailbox is opened; with
   * :memory: (or if this fails) they stay in memory. */
  if (!in_memory &&
      (sqlite3_open_v2 (path, &self->reader, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
       sqlite3_prepare_v3 (self->reader, "SELECT body FROM messages WHERE rowid = ?1", -1,
                           SQLITE_PREPARE_PERSISTENT, &self->read_body, NULL) != SQLITE_OK))
    {
      g_debug ("store: keeping message bodies in memory: %s",
               self->reader ? sqlite3_errmsg (self->reader) : "out of memory");
      g_clear_pointer (&self->read_body, sqlite3_finalize);
      g_clear_pointer (&self->reader, sqlite3_close);
    }
  if (self->reader != NULL)
    sqlite3_busy_timeout (self->reader, 5000);

  return TRUE;
}

/**
 * gofer_relay_store_open:
 * @path: a file name, or ":memory:" for a database that lives only as long
 *   as the process
 *
 * Opens (creating if needed) the state database. Call
 * gofer_relay_store_foreach() to read the saved state back, before
 * anything is written.
 */
GoferRelayStore *
gofer_relay_store_open (const char  *path,
                        GError     **error)
{
  g_autoptr(GoferRelayStore) self = g_object_new (GOFER_RELAY_TYPE_STORE, NULL);

  g_return_val_if_fail (path != NULL, NULL);

  if (!store_prepare (self, path, error))
    return NULL;

  self->writer = g_thread_new ("gofer-relay-store", store_writer_thread, self);

  return g_steal_pointer (&self);
}

/**
 * gofer_relay_store_set_max_value:
 * @bytes: the longest text a row may hold (a message body, with what
 *   comes with it); 0: SQLite's default (a billion bytes)
 *
 * Longer values are refused when written and skipped when read back, so a
 * database that was edited, damaged or written by something else cannot
 * make the relay allocate more than this for one value.
 */
void
gofer_relay_store_set_max_value (GoferRelayStore *self,
                                 guint64          bytes)
{
  int limit = bytes == 0 || bytes > G_MAXINT ? -1 : (int)bytes;

  g_return_if_fail (GOFER_RELAY_IS_STORE (self));

  if (limit < 0)
    return;
  if (self->db != NULL)
    sqlite3_limit (self->db, SQLITE_LIMIT_LENGTH, limit);
  if (self->reader != NULL)
    sqlite3_limit (self->reader, SQLITE_LIMIT_LENGTH, limit);
}

/* A text column as gofer-relay writes it: NULL, or valid UTF-8 without
 * NUL (a blob, or bytes another program put there, are not). */
static gboolean
column_text (sqlite3_stmt  *stmt,
             int            col,
             const char   **out)
{
  const char *text;
  int len;

  *out = NULL;
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return TRUE;
  if (sqlite3_column_type (stmt, col) == SQLITE_BLOB)
    return FALSE;
  text = (const char *)sqlite3_column_text (stmt, col);
  len = sqlite3_column_bytes (stmt, col);
  if (text == NULL || !g_utf8_validate (text, len, NULL))
    return FALSE;
  *out = text;
  return TRUE;
}

/**
 * gofer_relay_store_foreach:
 *
 * Calls @func for every row of @table, in the order they were written.
 * Only meant for start-up: it runs on the caller's thread, before anything
 * is queued. Rows that gofer-relay cannot have written (a value longer
 * than gofer_relay_store_set_max_value() allows, a text that is not UTF-8)
 * are skipped and counted in the log.
 */
gboolean
gofer_relay_store_foreach (GoferRelayStore         *self,
                           GoferRelayStoreTable     table,
                           GoferRelayStoreRowFunc   func,
                           gpointer                 user_data,
                           GError                 **error)
{
  g_autofree char *sql = NULL;
  g_autofree char *next_sql = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3_stmt *next = NULL;
  int n_text = select_sql[table].n_text;
  gint64 last = G_MININT64;
  guint skipped = 0;
  int rc;

  g_return_val_if_fail (GOFER_RELAY_IS_STORE (self), FALSE);

  sql = g_strdup_printf ("%s WHERE rowid > ?1 ORDER BY rowid LIMIT 1", select_sql[table].sql);
  next_sql = g_strdup_printf ("SELECT rowid FROM %s WHERE rowid > ?1 ORDER BY rowid LIMIT 1",
                              select_sql[table].table);
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db, next_sql, -1, &next, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return store_set_error (self, sqlite3_db_filename (self->db, "main"), error);
    }

  for (;;)
    {
      GoferRelayStoreRow row = { { NULL } };
      gboolean usable = TRUE;
      int col = 0;

      sqlite3_bind_int64 (stmt, 1, last);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_TOOBIG)
        {
          /* Skip the row that holds the value too long to read. */
          sqlite3_reset (stmt);
          sqlite3_bind_int64 (next, 1, last);
          rc = sqlite3_step (next);
          if (rc == SQLITE_ROW)
            last = sqlite3_column_int64 (next, 0);
          sqlite3_reset (next);
          if (rc != SQLITE_ROW)
            break;
          skipped++;
          continue;
        }
      if (rc != SQLITE_ROW)
        break;

      for (; col < n_text; col++)
        usable &= column_text (stmt, col, &row.text[col]);
      row.rowid = sqlite3_column_int64 (stmt, col);
      row.integer = sqlite3_column_int (stmt, col++);
      row.real = sqlite3_column_double (stmt, col++);
      last = sqlite3_column_int64 (stmt, col);
      if (usable)
        func (&row, user_data);
      else
        skipped++;
      sqlite3_reset (stmt);
    }
  sqlite3_reset (stmt);
  sqlite3_finalize (stmt);
  sqlite3_finalize (next);

  if (skipped > 0)
    g_message ("skipped %u rows of the table %s that gofer-relay cannot have written",
               skipped, select_sql[table].table);
  if (rc != SQLITE_DONE)
    return store_set_error (self, sqlite3_db_filename (self->db, "main"), error);

  return TRUE;
}

/**
 * gofer_relay_store_close:
 *
 * Commits everything queued, stops the writer thread and closes the
 * database. Later writes are dropped.
 */
void
gofer_relay_store_close (GoferRelayStore *self)
{
  Op *op;

  g_return_if_fail (GOFER_RELAY_IS_STORE (self));

  if (self->writer != NULL)
    {
      op = g_new0 (Op, 1);
      op->kind = OP_STOP;
      g_async_queue_push (self->queue, op);
      g_thread_join (g_steal_pointer (&self->writer));
    }

  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->read_body, sqlite3_finalize);
  g_clear_pointer (&self->reader, sqlite3_close);
}

/**
 * gofer_relay_store_keeps_bodies:
 *
 * Returns: %TRUE if committed message bodies can be read back with
 *   gofer_relay_store_read_body(), so they need not stay in memory
 */
gboolean
gofer_relay_store_keeps_bodies (GoferRelayStore *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_STORE (self), FALSE);

  return self->read_body != NULL;
}

/**
 * gofer_relay_store_read_body:
 * @rowid: the message's row, as its done callback or a loaded row said
 *
 * Reads a committed message body, on the caller's (main) thread.
 *
 * Returns: (transfer full) (nullable): the body
 */
char *
gofer_relay_store_read_body (GoferRelayStore *self,
                             gint64           rowid)
{
  char *body = NULL;

  g_return_val_if_fail (GOFER_RELAY_IS_STORE (self), NULL);

  if (self->read_body == NULL)
    return NULL;
  sqlite3_bind_int64 (self->read_body, 1, rowid);
  if (sqlite3_step (self->read_body) == SQLITE_ROW)
    {
      const char *text = NULL;

      /* Checked when it was loaded; the file may have changed since. */
      if (!column_text (self->read_body, 0, &text) || text == NULL)
        g_message ("store: a message body in the database is no longer text");
      body = g_strdup (text);
    }
  else
    g_warning ("store: could not read a message back: %s", sqlite3_errmsg (self->reader));
  sqlite3_reset (self->read_body);

  return body;
}

void
gofer_relay_store_add_nameplate (GoferRelayStore *self,
                                 const char      *app_id,
                                 const char      *name,
                                 const char      *mailbox_id)
{
  store_push (self, op_new (STMT_NAMEPLATE_INSERT, app_id, name, mailbox_id));
}

void
gofer_relay_store_set_nameplate_side (GoferRelayStore *self,
                                      const char      *app_id,
                                      const char      *name,
                                      const char      *side,
                                      gboolean         claimed,
                                      double           added)
{
  Op *op = op_new (STMT_NAMEPLATE_SIDE_SET, app_id, name, side);

  op->integer = !!claimed;
  op->real = added;
  store_push (self, op);
}

void
gofer_relay_store_delete_nameplate (GoferRelayStore *self,
                                    const char      *app_id,
                                    const char      *name)
{
  store_push (self, op_new (STMT_NAMEPLATE_SIDES_DELETE, app_id, name, NULL));
  store_push (self, op_new (STMT_NAMEPLATE_DELETE, app_id, name, NULL));
}

void
gofer_relay_store_add_mailbox (GoferRelayStore *self,
                               const char      *app_id,
                               const char      *mailbox_id,
                               gboolean         for_nameplate,
                               double           updated,
                               const char      *creator)
{
  Op *op = op_new (STMT_MAILBOX_INSERT, app_id, mailbox_id, creator);

  op->integer = !!for_nameplate;
  op->real = updated;
  store_push (self, op);
}

void
gofer_relay_store_touch_mailbox (GoferRelayStore *self,
                                 const char      *app_id,
                                 const char      *mailbox_id,
                                 double           updated)
{
  Op *op = op_new (STMT_MAILBOX_TOUCH, app_id, mailbox_id, NULL);

  op->real = updated;
  store_push (self, op);
}

void
gofer_relay_store_set_mailbox_side (GoferRelayStore *self,
                                    const char      *app_id,
                                    const char      *mailbox_id,
                                    const char      *side,
                                    gboolean         opened,
                                    const char      *mood,
                                    double           added)
{
  Op *op = op_new (STMT_MAILBOX_SIDE_SET, app_id, mailbox_id, side);

  op->text[3] = g_strdup (mood);
  op->integer = !!opened;
  op->real = added;
  store_push (self, op);
}

void
gofer_relay_store_delete_mailbox (GoferRelayStore *self,
                                  const char      *app_id,
                                  const char      *mailbox_id)
{
  store_push (self, op_new (STMT_MESSAGES_DELETE, app_id, mailbox_id, NULL));
  store_push (self, op_new (STMT_MAILBOX_SIDES_DELETE, app_id, mailbox_id, NULL));
  store_push (self, op_new (STMT_MAILBOX_DELETE, app_id, mailbox_id, NULL));
}

void
gofer_relay_store_add_message (GoferRelayStore         *self,
                               const char              *app_id,
                               const char              *mailbox_id,
                               const char              *side,
                               const char              *phase,
                               const char              *body,
                               const char              *msg_id_json,
                               double                   server_rx,
                               const char              *address,
                               GoferRelayStoreDoneFunc  done,
                               gpointer                 done_data)
{
  Op *op = op_new (STMT_MESSAGE_INSERT, app_id, mailbox_id, side);

  op->text[3] = g_strdup (phase);
  op->text[4] = g_strdup (body);
  op->text[5] = g_strdup (msg_id_json);
  op->text[6] = g_strdup (address);
  op->real = server_rx;
  op->done = done;
  op->done_data = done_data;
  store_push (self, op);
}
