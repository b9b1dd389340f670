/* gofer-relay-backend-sqlite.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The embedded backend: the mailbox state of one process, in memory
 * (GoferRelayNamespace, GoferRelayMailbox) and saved to SQLite by a
 * GoferRelayStore, read back at start, with the timer that expires idle
 * channels. Everything here runs in the state context (the main context);
 * the connections are GoferRelayClients, each with a Session here: the
 * application it bound to, its side, the mailbox it opened and its
 * subscription to that mailbox's messages.
 */

#include "config.h"

#include "gofer-relay-backend-sqlite.h"

#include <math.h>
#include <string.h>

#include "gofer-json.h"

#include "gofer-relay-error.h"
#include "gofer-relay-namespace.h"

typedef struct
{
  GoferRelayBackend  parent;

  GoferRelayStore   *store;
  GoferRelayUsage   *usage;
  GoferRelayLimits  *limits;
  GHashTable        *namespaces;  /* app id → GoferRelayNamespace */
  GHashTable        *sessions;    /* set of Session, owned */
  guint              channel_expiry;
  guint              check_interval;
  GSource           *prune;
} Sqlite;

typedef struct
{
  Sqlite              *backend;
  GoferRelayClient    *client;
  GoferRelayNamespace *app;
  char                *side;
  GoferRelayMailbox   *mailbox;
  gulong               listen_id;
  gboolean             attached;
} Session;

static GoferRelayNamespace *
sqlite_get_namespace (Sqlite     *self,
                      const char *app_id)
{
  GoferRelayNamespace *ns;

  if ((ns = g_hash_table_lookup (self->namespaces, app_id)) == NULL)
    {
      ns = gofer_relay_namespace_new (app_id, self->store, self->usage, self->limits);
      g_hash_table_insert (self->namespaces, g_strdup (app_id), ns);
    }

  return ns;
}

static void
session_unsubscribe (Session *session)
{
  if (session->mailbox != NULL)
    g_clear_signal_handler (&session->listen_id, session->mailbox);
  if (session->mailbox != NULL && session->attached)
    gofer_relay_mailbox_detach_side (session->mailbox, session->side, session);
  session->attached = FALSE;
}

static void
session_free (Session *session)
{
  session_unsubscribe (session);
  gofer_relay_client_set_session (session->client, NULL);
  gofer_relay_client_unref (session->client);
  g_clear_object (&session->mailbox);
  g_clear_object (&session->app);
  g_free (session->side);
  g_free (session);
}

/* A message of the mailbox the session listens to (its own adds too,
 * which are their echo). */
static void
session_message_cb (GoferRelayMailbox *mailbox,
                    GoferRelayMessage *message,
                    Session           *session)
{
  /* A stored message's body is read back from the database. */
  char *body = gofer_relay_mailbox_dup_body (mailbox, message);

  if (body != NULL)
    gofer_relay_client_deliver (session->client, message, body);
}

static Session *
request_session (GoferRelayRequest *request)
{
  return gofer_relay_client_get_session (request->client);
}

static const char *
request_address (GoferRelayRequest *request)
{
  return gofer_relay_client_get_address (request->client);
}

static void
fail_literal (GoferRelayRequest *request,
              int                code,
              const char        *wire_text)
{
  gofer_relay_request_fail (request, g_error_new_literal (GOFER_RELAY_ERROR, code, wire_text));
}

/* The connection checks the order of commands: every request but BIND and
 * DETACH comes after a BIND. */
static gboolean
check_bound (GoferRelayRequest *request)
{
  if (request_session (request) != NULL)
    return TRUE;
  fail_literal (request, GOFER_RELAY_ERROR_PROTOCOL, "must bind first");
  return FALSE;
}

static void
sqlite_bind (GoferRelayBackend *backend,
             GoferRelayRequest *request)
{
  Sqlite *self = (Sqlite *)backend;
  Session *session;

  if (request_session (request) == NULL)
    {
      session = g_new0 (Session, 1);
      session->backend = self;
      session->client = gofer_relay_client_ref (request->client);
      session->app = g_object_ref (sqlite_get_namespace (self, request->app_id));
      session->side = g_strdup (request->side);
      gofer_relay_client_set_session (request->client, session);
      g_hash_table_add (self->sessions, session);
    }
  if (request->version[0] != NULL && request->version[1] != NULL)
    gofer_relay_usage_record_client_version (self->usage, request->app_id,
                                             request->version[0], request->version[1]);
  gofer_relay_request_complete (request);
}

static void
sqlite_list (GoferRelayBackend *backend,
             GoferRelayRequest *request)
{
  if (!check_bound (request))
    return;
  request->names = gofer_relay_namespace_list_nameplates (request_session (request)->app);
  gofer_relay_request_complete (request);
}

static void
sqlite_allocate (GoferRelayBackend *backend,
                 GoferRelayRequest *request)
{
  Session *session = request_session (request);
  GError *error = NULL;

  if (!check_bound (request))
    return;
  if ((request->result = gofer_relay_namespace_allocate (session->app, session->side, request->when,
                                                         request_address (request), &error)) == NULL)
    gofer_relay_request_fail (request, error);
  else
    gofer_relay_request_complete (request);
}

static void
sqlite_claim (GoferRelayBackend *backend,
              GoferRelayRequest *request)
{
  Session *session = request_session (request);
  GError *error = NULL;
  const char *mailbox_id;

  if (!check_bound (request))
    return;
  if ((mailbox_id = gofer_relay_namespace_claim (session->app, request->name, session->side,
                                                 request->when, request_address (request),
                                                 &error)) == NULL)
    {
      gofer_relay_request_fail (request, error);
      return;
    }
  request->result = g_strdup (mailbox_id);
  gofer_relay_request_complete (request);
}

static void
sqlite_release (GoferRelayBackend *backend,
                GoferRelayRequest *request)
{
  Session *session = request_session (request);

  if (!check_bound (request))
    return;
  gofer_relay_namespace_release (session->app, request->name, session->side, request->when);
  gofer_relay_request_complete (request);
}

static void
sqlite_open (GoferRelayBackend *backend,
             GoferRelayRequest *request)
{
  Session *session = request_session (request);
  GError *error = NULL;
  GoferRelayMailbox *mailbox;
  Session *evicted;
  guint n_stored;

  if (!check_bound (request))
    return;
  if (session->mailbox != NULL)
    {
      fail_literal (request, GOFER_RELAY_ERROR_PROTOCOL, "only one open per connection");
      return;
    }
  if ((mailbox = gofer_relay_namespace_open (session->app, request->name, session->side,
                                             request->when, request_address (request),
                                             &error)) == NULL)
    {
      gofer_relay_request_fail (request, error);
      return;
    }

  session->mailbox = g_object_ref (mailbox);
  /* Every connection that opens a mailbox gets all of it replayed: one
   * side opening it on many connections at once would multiply that. */
  session->attached = TRUE;
  if ((evicted = gofer_relay_mailbox_attach_side (mailbox, session->side, session)) != NULL)
    {
      evicted->attached = FALSE;
      session_unsubscribe (evicted);
      gofer_relay_client_evict (evicted->client);
    }
  session->listen_id = g_signal_connect (mailbox, "message", G_CALLBACK (session_message_cb), session);

  /* Replay what is stored. Messages still on their way to the database
   * come with the "message" signal. */
  n_stored = gofer_relay_mailbox_get_n_committed (mailbox);
  for (guint i = 0; i < n_stored; i++)
    session_message_cb (mailbox, g_ptr_array_index (gofer_relay_mailbox_get_messages (mailbox), i),
                        session);
  gofer_relay_request_complete (request);
}

static void
add_done_cb (GoferRelayMailbox *mailbox,
             GoferRelayMessage *message,
             gpointer           user_data)
{
  gofer_relay_request_complete (user_data);
}

static void
sqlite_add (GoferRelayBackend *backend,
            GoferRelayRequest *request)
{
  Sqlite *self = (Sqlite *)backend;
  Session *session = request_session (request);
  GoferRelayMessage *message = request->message;
  const char *address = request_address (request);
  guint64 max_messages = gofer_relay_limits_get (self->limits, GOFER_RELAY_LIMIT_MESSAGES_PER_MAILBOX);
  guint64 max_bytes = gofer_relay_limits_get (self->limits, GOFER_RELAY_LIMIT_MAILBOX_BYTES);

  if (!check_bound (request))
    return;
  if (session->mailbox == NULL)
    {
      fail_literal (request, GOFER_RELAY_ERROR_PROTOCOL, "must open mailbox before adding");
      return;
    }
  if (max_messages != 0 && gofer_relay_mailbox_get_n_messages (session->mailbox) >= max_messages)
    {
      gofer_relay_limits_tripped (self->limits, GOFER_RELAY_LIMIT_MESSAGES_PER_MAILBOX, address,
                                  "refused to store another message in a mailbox");
      fail_literal (request, GOFER_RELAY_ERROR_LIMIT, "too many messages in this mailbox");
      return;
    }
  if (max_bytes != 0 && gofer_relay_mailbox_get_n_bytes (session->mailbox) + message->cost > max_bytes)
    {
      gofer_relay_limits_tripped (self->limits, GOFER_RELAY_LIMIT_MAILBOX_BYTES, address,
                                  "refused to store another message in a full mailbox");
      fail_literal (request, GOFER_RELAY_ERROR_LIMIT, "this mailbox is full");
      return;
    }
  /* What a deleted mailbox (one a connection still holds) takes is
   * dropped with the connection, and not counted. */
  if (!gofer_relay_mailbox_is_deleted (session->mailbox))
    {
      if (!gofer_relay_limits_acquire_n (self->limits, GOFER_RELAY_LIMIT_STORED_BYTES_PER_ADDRESS,
                                         address, message->cost, "refused to store another message"))
        {
          fail_literal (request, GOFER_RELAY_ERROR_LIMIT, "too much stored from your address");
          return;
        }
      message->address = g_strdup (address);
    }

  /* Answered once it is committed and its echo went out. */
  gofer_relay_mailbox_add_message (session->mailbox, message, add_done_cb, request);
}

static void
sqlite_close (GoferRelayBackend *backend,
              GoferRelayRequest *request)
{
  Session *session = request_session (request);
  GError *error = NULL;

  if (!check_bound (request))
    return;

  /* A close on a fresh connection (a client re-sending its close after a
   * reconnect) opens the mailbox first, as the reference does. */
  if (session->mailbox == NULL)
    {
      GoferRelayMailbox *mailbox = gofer_relay_namespace_open (session->app, request->name,
                                                               session->side, request->when,
                                                               request_address (request), &error);
      if (mailbox == NULL)
        {
          gofer_relay_request_fail (request, error);
          return;
        }
      session->mailbox = g_object_ref (mailbox);
    }

  session_unsubscribe (session);
  gofer_relay_namespace_close (session->app, session->mailbox, session->side, request->mood,
                               request->when);
  g_clear_object (&session->mailbox);
  gofer_relay_request_complete (request);
}

static void
sqlite_detach (GoferRelayBackend *backend,
               GoferRelayRequest *request)
{
  Sqlite *self = (Sqlite *)backend;
  Session *session = request_session (request);

  if (session != NULL)
    g_hash_table_remove (self->sessions, session);
  gofer_relay_request_complete (request);
}

static void
sqlite_prune (Sqlite *self,
              double  now,
              double  cutoff)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->namespaces);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      /* A namespace a connection is still bound to must stay the one that
       * connection uses, so only unreferenced empty ones are dropped. */
      if (gofer_relay_namespace_prune (value, now, cutoff) &&
          G_OBJECT (value)->ref_count == 1)
        g_hash_table_iter_remove (&iter);
    }
}

static gboolean
prune_cb (gpointer user_data)
{
  Sqlite *self = user_data;
  double now = g_get_real_time () / (double)G_USEC_PER_SEC;

  sqlite_prune (self, now, now - self->channel_expiry);
  return G_SOURCE_CONTINUE;
}

/**
 * gofer_relay_backend_sqlite_prune:
 * @backend: a backend from gofer_relay_backend_sqlite_new()
 * @cutoff: channels untouched since before this time (seconds since the
 *   epoch) are deleted
 *
 * Expires idle channels now, as the expiry timer does (for tests).
 */
void
gofer_relay_backend_sqlite_prune (GoferRelayBackend *backend,
                                  double             cutoff)
{
  sqlite_prune ((Sqlite *)backend, g_get_real_time () / (double)G_USEC_PER_SEC, cutoff);
}

static void
sqlite_start_prune (Sqlite *self)
{
  if (self->prune != NULL)
    {
      g_source_destroy (self->prune);
      g_source_unref (self->prune);
    }
  self->prune = g_timeout_source_new_seconds (self->check_interval);
  g_source_set_static_name (self->prune, "[gofer-relay] expiry");
  g_source_set_callback (self->prune, prune_cb, self, NULL);
  g_source_attach (self->prune, NULL);
}

/* Restoring trusts the database no more than a client: it may have been
 * edited, damaged, or written by another program. A row is restored only
 * if the relay could have written it (its names present and as short as a
 * client may send them, a body no longer than --max-message-size, a
 * msg_id that is short, shallow JSON), only into a mailbox restored
 * before it, and only within the limits a live relay keeps (mailboxes,
 * sides, messages and bytes per mailbox, stored bytes). Times that are
 * not finite, or lie in the future, become now, so everything expires on
 * schedule. What is not restored is deleted once the load is over. */
typedef struct
{
  Sqlite    *self;
  double     now;
  guint      n_mailboxes;
  guint      n_messages;
  guint      n_nameplates;
  guint      n_dropped;
  guint64    stored_bytes;
  GPtrArray *doomed;  /* app id, mailbox id, app id, ... */
} LoadState;

static gboolean
name_ok (const char *name,
         gsize       max_len)
{
  return name != NULL && strlen (name) <= max_len;
}

static double
load_time (LoadState *state,
           double     when)
{
  return isfinite (when) && when <= state->now ? when : state->now;
}

static guint64
load_limit (LoadState       *state,
            GoferRelayLimit  limit)
{
  guint64 value = gofer_relay_limits_get (state->self->limits, limit);

  return value == 0 ? G_MAXUINT64 : value;
}

static void
load_drop (LoadState  *state,
           const char *app_id,
           const char *mailbox_id)
{
  state->n_dropped++;
  if (app_id != NULL && mailbox_id != NULL)
    {
      g_ptr_array_add (state->doomed, g_strdup (app_id));
      g_ptr_array_add (state->doomed, g_strdup (mailbox_id));
    }
}

static GoferRelayMailbox *
load_lookup_mailbox (LoadState  *state,
                     const char *app_id,
                     const char *mailbox_id)
{
  GoferRelayNamespace *ns = app_id != NULL ? g_hash_table_lookup (state->self->namespaces, app_id) : NULL;

  return ns != NULL && mailbox_id != NULL ? gofer_relay_namespace_lookup_mailbox (ns, mailbox_id) : NULL;
}

static void
load_mailbox_cb (const GoferRelayStoreRow *row,
                 gpointer                  user_data)
{
  LoadState *state = user_data;
  GoferRelayNamespace *ns;
  GoferRelayMailbox *mailbox;

  if (!name_ok (row->text[0], GOFER_RELAY_MAX_NAME_LENGTH) ||
      !name_ok (row->text[1], GOFER_RELAY_MAX_NAME_LENGTH) ||
      load_lookup_mailbox (state, row->text[0], row->text[1]) != NULL)
    {
      state->n_dropped++;
      return;
    }
  if (state->n_mailboxes >= load_limit (state, GOFER_RELAY_LIMIT_MAILBOXES))
    {
      load_drop (state, row->text[0], row->text[1]);
      return;
    }

  ns = sqlite_get_namespace (state->self, row->text[0]);
  mailbox = gofer_relay_namespace_restore_mailbox (ns, row->text[1], row->integer,
                                                   load_time (state, row->real));

  /* The per-address counts carry on where they were. */
  if (row->text[2] != NULL &&
      gofer_relay_limits_acquire (state->self->limits, GOFER_RELAY_LIMIT_MAILBOXES_PER_ADDRESS,
                                  row->text[2], "counted a restored mailbox"))
    gofer_relay_mailbox_set_creator (mailbox, row->text[2]);
  state->n_mailboxes++;
}

static void
load_mailbox_side_cb (const GoferRelayStoreRow *row,
                      gpointer                  user_data)
{
  LoadState *state = user_data;
  GoferRelayMailbox *mailbox = load_lookup_mailbox (state, row->text[0], row->text[1]);

  /* A mailbox has two sides at most; a third is turned away. */
  if (mailbox == NULL || !name_ok (row->text[2], GOFER_RELAY_MAX_NAME_LENGTH) ||
      !(row->text[3] == NULL || name_ok (row->text[3], GOFER_RELAY_MAX_NAME_LENGTH)) ||
      gofer_relay_mailbox_has_side (mailbox, row->text[2]) ||
      gofer_relay_mailbox_would_crowd (mailbox, row->text[2]))
    {
      state->n_dropped++;
      return;
    }
  gofer_relay_mailbox_restore_side (mailbox, row->text[2], row->integer, row->text[3],
                                    load_time (state, row->real));
}

static void
load_message_cb (const GoferRelayStoreRow *row,
                 gpointer                  user_data)
{
  LoadState *state = user_data;
  GoferRelayMailbox *mailbox = load_lookup_mailbox (state, row->text[0], row->text[1]);
  const char *msg_id = NULL;
  g_autoptr(GoferRelayMessage) message = NULL;

  if (mailbox == NULL || !name_ok (row->text[2], GOFER_RELAY_MAX_NAME_LENGTH) ||
      !name_ok (row->text[3], GOFER_RELAY_MAX_NAME_LENGTH) ||
      !name_ok (row->text[4], load_limit (state, GOFER_RELAY_LIMIT_MESSAGE_SIZE)))
    {
      state->n_dropped++;
      return;
    }
  /* The id a client gave its message: JSON, checked before it is sent on
   * as it is (a client's parser may recurse); anything else is dropped,
   * not the message. */
  if (row->text[5] != NULL && strlen (row->text[5]) <= GOFER_RELAY_MAX_NAME_LENGTH &&
      gofer_json_check (row->text[5], strlen (row->text[5]), 8) == GOFER_JSON_OK)
    msg_id = row->text[5];

  message = gofer_relay_message_new (row->text[2], row->text[3], row->text[4], msg_id,
                                     load_time (state, row->real));
  message->rowid = row->rowid;

  if (gofer_relay_mailbox_get_n_messages (mailbox) >= load_limit (state, GOFER_RELAY_LIMIT_MESSAGES_PER_MAILBOX) ||
      gofer_relay_mailbox_get_n_bytes (mailbox) + message->cost >
        load_limit (state, GOFER_RELAY_LIMIT_MAILBOX_BYTES) ||
      state->stored_bytes + message->cost > load_limit (state, GOFER_RELAY_LIMIT_STORED_BYTES))
    {
      /* Its mailbox goes too: a mailbox that lost a message would replay
       * a conversation with a hole in it. */
      load_drop (state, row->text[0], row->text[1]);
      return;
    }

  if (row->text[6] != NULL &&
      gofer_relay_limits_acquire_n (state->self->limits, GOFER_RELAY_LIMIT_STORED_BYTES_PER_ADDRESS,
                                    row->text[6], message->cost, "counted a restored message"))
    message->address = g_strdup (row->text[6]);
  state->stored_bytes += message->cost;
  gofer_relay_mailbox_restore_message (mailbox, message);
  state->n_messages++;
}

static void
load_nameplate_cb (const GoferRelayStoreRow *row,
                   gpointer                  user_data)
{
  LoadState *state = user_data;
  GoferRelayNamespace *ns;

  /* A nameplate without its mailbox would only be pruned. */
  if (!name_ok (row->text[1], GOFER_RELAY_MAX_NAMEPLATE_LENGTH) ||
      load_lookup_mailbox (state, row->text[0], row->text[2]) == NULL)
    {
      state->n_dropped++;
      return;
    }
  ns = sqlite_get_namespace (state->self, row->text[0]);
  gofer_relay_namespace_restore_nameplate (ns, row->text[1], row->text[2]);
  state->n_nameplates++;
}

static void
load_nameplate_side_cb (const GoferRelayStoreRow *row,
                        gpointer                  user_data)
{
  LoadState *state = user_data;
  GoferRelayNamespace *ns = row->text[0] != NULL ? g_hash_table_lookup (state->self->namespaces, row->text[0])
                                                 : NULL;

  if (ns == NULL || row->text[1] == NULL || !name_ok (row->text[2], GOFER_RELAY_MAX_NAME_LENGTH) ||
      !gofer_relay_namespace_restore_claim (ns, row->text[1], row->text[2], row->integer,
                                            load_time (state, row->real)))
    state->n_dropped++;
}

/* Deletes the mailboxes that were not restored, or not whole, from the
 * database, and from memory those whose messages were cut short. */
static void
load_forget_doomed (LoadState *state)
{
  for (guint i = 0; i + 1 < state->doomed->len; i += 2)
    {
      const char *app_id = g_ptr_array_index (state->doomed, i);
      const char *mailbox_id = g_ptr_array_index (state->doomed, i + 1);
      GoferRelayNamespace *ns = g_hash_table_lookup (state->self->namespaces, app_id);

      if (ns != NULL && gofer_relay_namespace_lookup_mailbox (ns, mailbox_id) != NULL)
        gofer_relay_namespace_forget_mailbox (ns, mailbox_id);
      else
        gofer_relay_store_delete_mailbox (state->self->store, app_id, mailbox_id);
    }
}

/* Reads the saved nameplates, mailboxes and messages back, and starts
 * expiring. */
static gboolean
sqlite_start (GoferRelayBackend  *backend,
              GError            **error)
{
  Sqlite *self = (Sqlite *)backend;
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_free);
  LoadState state = { self, g_get_real_time () / (double)G_USEC_PER_SEC, 0, 0, 0, 0, 0, doomed };
  guint64 max_size;

  /* A row holds a body no longer than a message, and a few names. */
  max_size = gofer_relay_limits_get (self->limits, GOFER_RELAY_LIMIT_MESSAGE_SIZE);
  if (self->store != NULL && max_size != 0 && max_size < G_MAXINT / 2)
    gofer_relay_store_set_max_value (self->store, 2 * max_size + 64 * 1024);

  if (self->store != NULL &&
      (!gofer_relay_store_foreach (self->store, GOFER_RELAY_STORE_MAILBOXES,
                                   load_mailbox_cb, &state, error) ||
       !gofer_relay_store_foreach (self->store, GOFER_RELAY_STORE_MAILBOX_SIDES,
                                   load_mailbox_side_cb, &state, error) ||
       !gofer_relay_store_foreach (self->store, GOFER_RELAY_STORE_MESSAGES,
                                   load_message_cb, &state, error) ||
       !gofer_relay_store_foreach (self->store, GOFER_RELAY_STORE_NAMEPLATES,
                                   load_nameplate_cb, &state, error) ||
       !gofer_relay_store_foreach (self->store, GOFER_RELAY_STORE_NAMEPLATE_SIDES,
                                   load_nameplate_side_cb, &state, error)))
    return FALSE;

  load_forget_doomed (&state);
  if (state.n_mailboxes + state.n_nameplates > 0)
    g_message ("restored %u mailboxes holding %u messages, and %u nameplates",
               state.n_mailboxes, state.n_messages, state.n_nameplates);
  if (state.n_dropped > 0)
    g_message ("left out %u rows of the database that gofer-relay cannot have written, "
               "or that would pass its limits", state.n_dropped);

  if (self->prune == NULL)
    sqlite_start_prune (self);
  return TRUE;
}

static void
sqlite_stop (GoferRelayBackend *backend)
{
  Sqlite *self = (Sqlite *)backend;

  if (self->prune != NULL)
    {
      g_source_destroy (self->prune);
      g_clear_pointer (&self->prune, g_source_unref);
    }
  /* Connections that never said goodbye. */
  g_hash_table_remove_all (self->sessions);
}

static void
sqlite_free (GoferRelayBackend *backend)
{
  Sqlite *self = (Sqlite *)backend;

  sqlite_stop (backend);
  g_hash_table_unref (self->sessions);
  g_hash_table_unref (self->namespaces);
  g_clear_object (&self->store);
  g_clear_object (&self->usage);
  g_clear_object (&self->limits);
  g_free (self);
}

static void sqlite_set_expiry (GoferRelayBackend *backend,
                               guint              channel_expiry,
                               guint              check_interval);

static const GoferRelayBackendFuncs sqlite_funcs = {
  .name = "sqlite",
  .start = sqlite_start,
  .handle = {
    [GOFER_RELAY_OP_BIND] = sqlite_bind,
    [GOFER_RELAY_OP_LIST] = sqlite_list,
    [GOFER_RELAY_OP_ALLOCATE] = sqlite_allocate,
    [GOFER_RELAY_OP_CLAIM] = sqlite_claim,
    [GOFER_RELAY_OP_RELEASE] = sqlite_release,
    [GOFER_RELAY_OP_OPEN] = sqlite_open,
    [GOFER_RELAY_OP_ADD] = sqlite_add,
    [GOFER_RELAY_OP_CLOSE] = sqlite_close,
    [GOFER_RELAY_OP_DETACH] = sqlite_detach,
  },
  .set_expiry = sqlite_set_expiry,
  .stop = sqlite_stop,
  .free = sqlite_free,
};

/**
 * gofer_relay_backend_sqlite_new:
 * @store: (nullable): where state is saved; %NULL: memory only
 * @usage: (nullable): the usage log
 *
 * Makes the embedded backend; use it in the main context.
 */
GoferRelayBackend *
gofer_relay_backend_sqlite_new (GoferRelayStore  *store,
                                GoferRelayUsage  *usage,
                                GoferRelayLimits *limits)
{
  Sqlite *self = g_new0 (Sqlite, 1);

  self->parent.funcs = &sqlite_funcs;
  self->store = store ? g_object_ref (store) : NULL;
  self->usage = usage ? g_object_ref (usage) : NULL;
  self->limits = g_object_ref (limits);
  self->namespaces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->sessions = g_hash_table_new_full (NULL, NULL, (GDestroyNotify)session_free, NULL);
  self->channel_expiry = 11 * 60;
  self->check_interval = 5 * 60;

  return &self->parent;
}

static void
sqlite_set_expiry (GoferRelayBackend *backend,
                   guint              channel_expiry,
                   guint              check_interval)
{
  Sqlite *self = (Sqlite *)backend;

  self->channel_expiry = channel_expiry;
  self->check_interval = check_interval;
  if (self->prune != NULL)
    sqlite_start_prune (self);
}
