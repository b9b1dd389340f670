/* gofer-mailbox-private.h: what the files of the mailbox client share, and
 * ways into it without a socket
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "gofer-mailbox.h"

G_BEGIN_DECLS

/* The most one message from the server may carry (gofer-websocket.c). */
#define GOFER_MAILBOX_MAX_INCOMING (4 * 1024 * 1024)

typedef void (*GoferMailboxSendFunc) (const char *text,
                                      gpointer    user_data);

typedef struct
{
  char *phase;
  char *body;
} PendingAdd;

struct _GoferMailbox
{
  GObject                  parent_instance;

  char                    *url;
  char                    *appid;
  char                    *side;
  guint                    connect_timeout;

  /* gofer-mailbox-connection.c */
  SoupWebsocketConnection *ws;
  GCancellable            *attempt_cancellable;
  guint                    attempt_timeout_id;
  guint                    reconnect_id;
  guint                    liveness_id;
  guint                    reconnect_attempt;
  gint64                   lost_since;

  GTask                   *connect_task;
  GQueue                   list_tasks;
  GTask                   *allocate_task;
  GTask                   *claim_task;
  GTask                   *close_task;

  /* What the server must be told again after a reconnection. */
  char                    *nameplate;
  gboolean                 released;
  gboolean                 release_confirmed;
  char                    *mailbox;
  GPtrArray               *unechoed;
  char                    *mood;
  /* A move to a fresh mailbox: where to, what waits for it, whether the
   * open one is being closed. */
  char                    *next_mailbox;
  GPtrArray               *held;
  gboolean                 moving;

  /* This connection has sent its bind (after the welcome, and after a
   * proof of work if the server asked for one); commands wait for it. */
  gboolean                 bound;
  GCancellable            *mint_cancellable;
  gboolean                 welcomed;
  gboolean                 finished;
  GError                  *failure;

  /* Tests only: frames go here instead of a WebSocket. */
  GoferMailboxSendFunc     send_func;
  gpointer                 send_data;
};

enum {
  GOFER_MAILBOX_PROP_0,
  GOFER_MAILBOX_PROP_CONNECTED,
  GOFER_MAILBOX_N_PROPS
};

enum {
  GOFER_MAILBOX_SIGNAL_MESSAGE,
  GOFER_MAILBOX_SIGNAL_MOTD,
  GOFER_MAILBOX_SIGNAL_FAILED,
  GOFER_MAILBOX_N_SIGNALS
};

extern GParamSpec *_gofer_mailbox_properties[GOFER_MAILBOX_N_PROPS];
extern guint _gofer_mailbox_signals[GOFER_MAILBOX_N_SIGNALS];

/* gofer-mailbox.c */
void     _gofer_mailbox_pending_add_free (gpointer      data);
void     _gofer_mailbox_replay_state     (GoferMailbox *self);
/* Ends the mailbox: every waiting operation fails with @error (taken). */
/* The welcome came (gofer-mailbox-frames.c): bind, after a proof of work
 * if @welcome asks for one, then replay the state. */
void     _gofer_mailbox_bind_after_welcome (GoferMailbox *self,
                                            JsonObject   *welcome);
void     _gofer_mailbox_fail             (GoferMailbox *self,
                                          GError       *error);

/* gofer-mailbox-connection.c */
gboolean _gofer_mailbox_is_open          (GoferMailbox *self);
void     _gofer_mailbox_send_text        (GoferMailbox *self,
                                          const char   *text);
void     _gofer_mailbox_start_attempt    (GoferMailbox *self);
/* The server's welcome came on this connection: no more waiting for it;
 * from now on a silent connection is a dead one. */
void _gofer_mailbox_connection_welcomed (GoferMailbox *self);
void     _gofer_mailbox_drop_connection  (GoferMailbox *self);
void     _gofer_mailbox_clear_timers     (GoferMailbox *self);

/* gofer-mailbox-frames.c */
void     _gofer_mailbox_handle_text      (GoferMailbox *self,
                                          const char   *data,
                                          gsize         len);
void     _gofer_mailbox_handle_closed    (GoferMailbox *self);

/* Handles @data exactly as if the server had sent it as one WebSocket text
 * frame. For the fuzz tests (tests/fuzz), which play the server. */
void _gofer_mailbox_dispatch_text (GoferMailbox *self,
                                   const char   *data,
                                   gsize         len);

/* Every frame the client sends goes to @func instead of a WebSocket, the
 * connection counts as open, and connecting sends at once what a new
 * connection would send once welcomed (bind first); a welcome then comes
 * through _gofer_mailbox_dispatch_text(). (A real connection waits for the
 * welcome, which may ask for a proof of work; tests/core/test-hashcash.c
 * tests that over a socket.) Set it before connecting. For the tests
 * (tests/lib), which play the server and the peer. */
void _gofer_mailbox_set_send_func (GoferMailbox         *self,
                                   GoferMailboxSendFunc  func,
                                   gpointer              user_data);

G_END_DECLS
