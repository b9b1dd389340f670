/* gofer-relay-worker.h
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gofer-relay-inbox.h"

G_BEGIN_DECLS

typedef struct _GoferRelayMailboxServer GoferRelayMailboxServer;
typedef struct _GoferRelayWorker GoferRelayWorker;

GoferRelayWorker *gofer_relay_worker_new         (GoferRelayMailboxServer *server,
                                                  guint                    index);
void              gofer_relay_worker_take        (GoferRelayWorker        *self,
                                                  GSocketConnection       *connection);
int               gofer_relay_worker_get_load    (GoferRelayWorker        *self);
GoferRelayInbox  *gofer_relay_worker_get_inbox   (GoferRelayWorker        *self);
void              gofer_relay_worker_stop        (GoferRelayWorker        *self);
void              gofer_relay_worker_free        (GoferRelayWorker        *self);

GoferRelayWorker *gofer_relay_worker_get_current (void);

G_END_DECLS
