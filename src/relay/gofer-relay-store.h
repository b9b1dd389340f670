/* gofer-relay-store.h
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GOFER_RELAY_TYPE_STORE (gofer_relay_store_get_type ())

G_DECLARE_FINAL_TYPE (GoferRelayStore, gofer_relay_store, GOFER_RELAY, STORE, GObject)

/* The tables whose rows gofer_relay_store_foreach() reports. */
typedef enum
{
  GOFER_RELAY_STORE_MAILBOXES,       /* text: app, id, creator; integer: for_nameplate; real: updated */
  GOFER_RELAY_STORE_MAILBOX_SIDES,   /* text: app, mailbox, side, mood; integer: opened; real: added */
  GOFER_RELAY_STORE_MESSAGES,        /* text: app, mailbox, side, phase, body, msg_id, address; integer: rowid; real: server_rx */
  GOFER_RELAY_STORE_NAMEPLATES,      /* text: app, name, mailbox */
  GOFER_RELAY_STORE_NAMEPLATE_SIDES, /* text: app, name, side; integer: claimed; real: added */
} GoferRelayStoreTable;

typedef struct
{
  const char *text[7];
  double      real;
  int         integer;
  gint64      rowid;    /* the integer column again, in full (messages: their rowid) */
} GoferRelayStoreRow;

typedef void (*GoferRelayStoreRowFunc) (const GoferRelayStoreRow *row,
                                        gpointer                  user_data);

/* Called in the main context once a write is committed; @rowid is the
 * message's row, or 0 if it could not be written. */
typedef void (*GoferRelayStoreDoneFunc) (gpointer user_data,
                                         gint64   rowid);

GoferRelayStore *gofer_relay_store_open                (const char              *path,
                                                        GError                 **error);
gboolean         gofer_relay_store_foreach             (GoferRelayStore         *self,
                                                        GoferRelayStoreTable     table,
                                                        GoferRelayStoreRowFunc   func,
                                                        gpointer                 user_data,
                                                        GError                 **error);
void             gofer_relay_store_close               (GoferRelayStore         *self);
gboolean         gofer_relay_store_keeps_bodies        (GoferRelayStore         *self);
void             gofer_relay_store_set_max_value       (GoferRelayStore         *self,
                                                        guint64                  bytes);
char            *gofer_relay_store_read_body           (GoferRelayStore         *self,
                                                        gint64                   rowid);

void             gofer_relay_store_add_nameplate       (GoferRelayStore         *self,
                                                        const char              *app_id,
                                                        const char              *name,
                                                        const char              *mailbox_id);
void             gofer_relay_store_set_nameplate_side  (GoferRelayStore         *self,
                                                        const char              *app_id,
                                                        const char              *name,
                                                        const char              *side,
                                                        gboolean                 claimed,
                                                        double                   added);
void             gofer_relay_store_delete_nameplate    (GoferRelayStore         *self,
                                                        const char              *app_id,
                                                        const char              *name);
void             gofer_relay_store_add_mailbox         (GoferRelayStore         *self,
                                                        const char              *app_id,
                                                        const char              *mailbox_id,
                                                        gboolean                 for_nameplate,
                                                        double                   updated,
                                                        const char              *creator);
void             gofer_relay_store_touch_mailbox       (GoferRelayStore         *self,
                                                        const char              *app_id,
                                                        const char              *mailbox_id,
                                                        double                   updated);
void             gofer_relay_store_set_mailbox_side    (GoferRelayStore         *self,
                                                        const char              *app_id,
                                                        const char              *mailbox_id,
                                                        const char              *side,
                                                        gboolean                 opened,
                                                        const char              *mood,
                                                        double                   added);
void             gofer_relay_store_delete_mailbox      (GoferRelayStore         *self,
                                                        const char              *app_id,
                                                        const char              *mailbox_id);
void             gofer_relay_store_add_message         (GoferRelayStore         *self,
                                                        const char              *app_id,
                                                        const char              *mailbox_id,
                                                        const char              *side,
                                                        const char              *phase,
                                                        const char              *body,
                                                        const char              *msg_id_json,
                                                        double                   server_rx,
                                                        const char              *address,
                                                        GoferRelayStoreDoneFunc  done,
                                                        gpointer                 done_data);

G_END_DECLS
