/* gofer-relay-backend.h
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gofer-relay-inbox.h"
#include "gofer-relay-mailbox.h"

G_BEGIN_DECLS

/* The mailbox state (nameplates, mailboxes, messages, who listens) as the
 * connection threads see it: one small set of operations, each asked for
 * with a GoferRelayRequest and answered once, in the order they were asked.
 * A backend implements them in the state context (the main context); the
 * SQLite backend (gofer-relay-backend-sqlite.c) is the one there is. A
 * backend shared between processes (Redis) would implement the same
 * functions, answering when its server has.
 */

typedef struct _GoferRelayBackend GoferRelayBackend;
typedef struct _GoferRelayClient  GoferRelayClient;
typedef struct _GoferRelayRequest GoferRelayRequest;

typedef enum
{
  GOFER_RELAY_OP_BIND,      /* app_id, side, version[2]; no answer */
  GOFER_RELAY_OP_LIST,      /* → names */
  GOFER_RELAY_OP_ALLOCATE,  /* when → result: the nameplate, claimed */
  GOFER_RELAY_OP_CLAIM,     /* name, when → result: the mailbox id, opened */
  GOFER_RELAY_OP_RELEASE,   /* name, when */
  GOFER_RELAY_OP_OPEN,      /* name (mailbox id), when; the stored messages are delivered first */
  GOFER_RELAY_OP_ADD,       /* message; answered once it is stored and delivered (the echo) */
  GOFER_RELAY_OP_CLOSE,     /* name (mailbox id), mood, when; opens first on a fresh connection */
  GOFER_RELAY_OP_DETACH,    /* the connection is gone; no answer */
  GOFER_RELAY_N_OPS,
} GoferRelayOp;

typedef void (*GoferRelayRequestFunc) (GoferRelayRequest *request,
                                       gpointer           user_data);

struct _GoferRelayRequest
{
  GoferRelayOp           op;
  GoferRelayClient      *client;
  double                 when;        /* server_rx of the command */
  char                  *app_id;      /* BIND */
  char                  *side;        /* BIND */
  char                  *version[2];  /* BIND: client_version, if it sent one */
  char                  *name;        /* nameplate or mailbox id */
  char                  *mood;        /* CLOSE, may be NULL */
  GoferRelayMessage     *message;     /* ADD */

  /* The answer: an error (its message is what the client is sent), or
   * what the operation made. */
  GError                *error;
  char                  *result;
  char                 **names;

  /* Who waits for the answer, in the client's home context. */
  GoferRelayRequestFunc  done;
  gpointer               done_data;
  GDestroyNotify         done_destroy;
};

typedef struct
{
  const char *name;
  /* Reads saved state back, starts timers (expiry). */
  gboolean  (*start)  (GoferRelayBackend  *self,
                       GError            **error);
  /* One per GoferRelayOp; each ends with gofer_relay_request_complete(). */
  void      (*handle[GOFER_RELAY_N_OPS]) (GoferRelayBackend *self,
                                          GoferRelayRequest *request);
  /* Deletes channels untouched for @channel_expiry seconds, looking every
   * @check_interval seconds. */
  void      (*set_expiry) (GoferRelayBackend *self,
                           guint              channel_expiry,
                           guint              check_interval);
  /* Stops timers and lets go of every client. */
  void      (*stop)   (GoferRelayBackend  *self);
  void      (*free)   (GoferRelayBackend  *self);
} GoferRelayBackendFuncs;

struct _GoferRelayBackend
{
  const GoferRelayBackendFuncs *funcs;
};

GoferRelayRequest *gofer_relay_request_new      (GoferRelayOp        op,
                                                 GoferRelayClient   *client,
                                                 double              when);
void               gofer_relay_request_complete (GoferRelayRequest  *request);
void               gofer_relay_request_fail     (GoferRelayRequest  *request,
                                                 GError             *error);
void               gofer_relay_request_free     (GoferRelayRequest  *request);

void               gofer_relay_backend_handle   (GoferRelayBackend  *self,
                                                 GoferRelayRequest  *request);
void               gofer_relay_backend_submit   (GoferRelayBackend  *self,
                                                 GoferRelayInbox    *state,
                                                 GoferRelayRequest  *request);

/* What the state knows of one mailbox connection. Any thread may hold a
 * reference; its connection lives in its home context. */
typedef void (*GoferRelayDeliverFunc) (gpointer           owner,
                                       GoferRelayMessage *message,
                                       const char        *body);
typedef void (*GoferRelayEvictFunc)   (gpointer           owner);

GoferRelayClient  *gofer_relay_client_new       (GoferRelayInbox    *home,
                                                 const char         *address,
                                                 gpointer            owner,
                                                 GoferRelayDeliverFunc deliver,
                                                 GoferRelayEvictFunc evict);
GoferRelayClient  *gofer_relay_client_ref       (GoferRelayClient   *self);
void               gofer_relay_client_unref     (GoferRelayClient   *self);
void               gofer_relay_client_disown    (GoferRelayClient   *self);
const char        *gofer_relay_client_get_address (GoferRelayClient *self);
GoferRelayInbox   *gofer_relay_client_get_home  (GoferRelayClient   *self);
gpointer           gofer_relay_client_get_session (GoferRelayClient *self);
void               gofer_relay_client_set_session (GoferRelayClient *self,
                                                   gpointer          session);
void               gofer_relay_client_deliver   (GoferRelayClient   *self,
                                                 GoferRelayMessage  *message,
                                                 char               *body);
void               gofer_relay_client_evict     (GoferRelayClient   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferRelayClient, gofer_relay_client_unref)

G_END_DECLS
