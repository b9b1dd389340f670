/* gofer-relay-backend.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Requests to a backend, their answers, and the clients (connections) the
 * backend sends messages to: the part of the interface every backend
 * shares. A backend runs in the state context; what it tells a client is
 * posted to the client's home (the inbox of its connection thread), where
 * it arrives in the order it was told.
 */

#include "config.h"

#include "gofer-relay-backend.h"

struct _GoferRelayClient
{
  gatomicrefcount        ref_count;
  GoferRelayInbox       *home;
  char                  *address;
  gpointer               session;  /* the backend's, state context only */

  /* Home context only. */
  gpointer               owner;
  GoferRelayDeliverFunc  deliver;
  GoferRelayEvictFunc    evict;
};

/**
 * gofer_relay_request_new:
 * @client: whose request it is
 * @when: when the command arrived (server_rx)
 */
GoferRelayRequest *
gofer_relay_request_new (GoferRelayOp      op,
                         GoferRelayClient *client,
                         double            when)
{
  GoferRelayRequest *request = g_new0 (GoferRelayRequest, 1);

  g_return_val_if_fail (op < GOFER_RELAY_N_OPS, NULL);
  g_return_val_if_fail (client != NULL, NULL);

  request->op = op;
  request->client = gofer_relay_client_ref (client);
  request->when = when;

  return request;
}

void
gofer_relay_request_free (GoferRelayRequest *request)
{
  if (request->done_destroy != NULL)
    request->done_destroy (request->done_data);
  g_clear_pointer (&request->client, gofer_relay_client_unref);
  g_free (request->app_id);
  g_free (request->side);
  g_free (request->version[0]);
  g_free (request->version[1]);
  g_free (request->name);
  g_free (request->mood);
  g_clear_pointer (&request->message, gofer_relay_message_unref);
  g_clear_error (&request->error);
  g_free (request->result);
  g_strfreev (request->names);
  g_free (request);
}

static void
request_done_cb (gpointer data)
{
  GoferRelayRequest *request = data;

  request->done (request, request->done_data);
}

/**
 * gofer_relay_request_complete:
 *
 * Ends @request (the backend calls it once, in the state context): its
 * answer goes to the client's home, after everything the backend told the
 * client before. The request is freed there.
 */
void
gofer_relay_request_complete (GoferRelayRequest *request)
{
  if (request->done == NULL)
    {
      gofer_relay_request_free (request);
      return;
    }
  gofer_relay_inbox_post (request->client->home, request_done_cb, request,
                          (GDestroyNotify)gofer_relay_request_free);
}

/**
 * gofer_relay_request_fail:
 * @error: (transfer full): what the client is told
 */
void
gofer_relay_request_fail (GoferRelayRequest *request,
                          GError            *error)
{
  g_clear_error (&request->error);
  request->error = error;
  gofer_relay_request_complete (request);
}

/**
 * gofer_relay_backend_handle:
 *
 * Runs @request (in the state context).
 */
void
gofer_relay_backend_handle (GoferRelayBackend *self,
                            GoferRelayRequest *request)
{
  self->funcs->handle[request->op] (self, request);
}

typedef struct
{
  GoferRelayBackend *backend;
  GoferRelayRequest *request;
} Submission;

static void
submission_run (gpointer data)
{
  Submission *submission = data;

  gofer_relay_backend_handle (submission->backend, g_steal_pointer (&submission->request));
}

static void
submission_free (gpointer data)
{
  Submission *submission = data;

  if (submission->request != NULL)
    gofer_relay_request_free (submission->request);
  g_free (submission);
}

/**
 * gofer_relay_backend_submit:
 * @state: the inbox of the state context, which is closed before @self
 *   is freed
 * @request: (transfer full): what a connection asks of the state
 *
 * Hands @request to @self through @state (from any thread). The requests
 * of one connection are handled in the order they came; once @state is
 * closed (the server stopped) they are dropped, so a connection that
 * outlives its server (its last add still on its way to the database)
 * never reaches a freed backend.
 */
void
gofer_relay_backend_submit (GoferRelayBackend *self,
                            GoferRelayInbox   *state,
                            GoferRelayRequest *request)
{
  Submission *submission = g_new (Submission, 1);

  submission->backend = self;
  submission->request = request;
  gofer_relay_inbox_post (state, submission_run, submission, submission_free);
}

/**
 * gofer_relay_client_new:
 * @home: the inbox of the connection's context
 * @address: the client's IP address, for the per-address limits
 * @owner: passed to @deliver and @evict, in @home, until disowned
 */
GoferRelayClient *
gofer_relay_client_new (GoferRelayInbox       *home,
                        const char            *address,
                        gpointer               owner,
                        GoferRelayDeliverFunc  deliver,
                        GoferRelayEvictFunc    evict)
{
  GoferRelayClient *self = g_new0 (GoferRelayClient, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->home = gofer_relay_inbox_ref (home);
  self->address = g_strdup (address);
  self->owner = owner;
  self->deliver = deliver;
  self->evict = evict;

  return self;
}

GoferRelayClient *
gofer_relay_client_ref (GoferRelayClient *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
gofer_relay_client_unref (GoferRelayClient *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  /* The backend let go of its session at GOFER_RELAY_OP_DETACH. */
  g_warn_if_fail (self->session == NULL);
  gofer_relay_inbox_unref (self->home);
  g_free (self->address);
  g_free (self);
}

/**
 * gofer_relay_client_disown:
 *
 * The connection is going (call in its home): what the backend still
 * tells it is dropped.
 */
void
gofer_relay_client_disown (GoferRelayClient *self)
{
  self->owner = NULL;
}

const char *
gofer_relay_client_get_address (GoferRelayClient *self)
{
  return self->address;
}

GoferRelayInbox *
gofer_relay_client_get_home (GoferRelayClient *self)
{
  return self->home;
}

/* The backend's data for this client (state context only). */
gpointer
gofer_relay_client_get_session (GoferRelayClient *self)
{
  return self->session;
}

void
gofer_relay_client_set_session (GoferRelayClient *self,
                                gpointer          session)
{
  self->session = session;
}

typedef struct
{
  GoferRelayClient  *client;
  GoferRelayMessage *message;
  char              *body;
} Delivery;

static void
delivery_free (gpointer data)
{
  Delivery *delivery = data;

  gofer_relay_client_unref (delivery->client);
  if (delivery->message != NULL)
    gofer_relay_message_unref (delivery->message);
  g_free (delivery->body);
  g_free (delivery);
}

static void
delivery_cb (gpointer data)
{
  Delivery *delivery = data;
  GoferRelayClient *client = delivery->client;

  if (client->owner == NULL)
    return;
  if (delivery->message != NULL)
    client->deliver (client->owner, delivery->message, delivery->body);
  else
    client->evict (client->owner);
}

/**
 * gofer_relay_client_deliver:
 * @message: a message of a mailbox the client listens to; its fields other
 *   than the body must not change any more (it is read in another thread)
 * @body: (transfer full): its body
 *
 * Sends @message to the client (call in the state context).
 */
void
gofer_relay_client_deliver (GoferRelayClient  *self,
                            GoferRelayMessage *message,
                            char              *body)
{
  Delivery *delivery = g_new0 (Delivery, 1);

  delivery->client = gofer_relay_client_ref (self);
  delivery->message = gofer_relay_message_ref (message);
  delivery->body = body;
  gofer_relay_inbox_post (self->home, delivery_cb, delivery, delivery_free);
}

/**
 * gofer_relay_client_evict:
 *
 * A newer connection of the same side took the client's place: its
 * connection is closed (call in the state context).
 */
void
gofer_relay_client_evict (GoferRelayClient *self)
{
  Delivery *delivery = g_new0 (Delivery, 1);

  delivery->client = gofer_relay_client_ref (self);
  gofer_relay_inbox_post (self->home, delivery_cb, delivery, delivery_free);
}
