/* gofer-relay-inbox.h
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _GoferRelayInbox GoferRelayInbox;

typedef void (*GoferRelayInboxFunc) (gpointer data);

GoferRelayInbox *gofer_relay_inbox_new   (GMainContext        *context,
                                          const char          *name);
GoferRelayInbox *gofer_relay_inbox_ref   (GoferRelayInbox     *self);
void             gofer_relay_inbox_unref (GoferRelayInbox     *self);
void             gofer_relay_inbox_post  (GoferRelayInbox     *self,
                                          GoferRelayInboxFunc  func,
                                          gpointer             data,
                                          GDestroyNotify       destroy);
gboolean         gofer_relay_inbox_run   (GoferRelayInbox     *self);
void             gofer_relay_inbox_close (GoferRelayInbox     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferRelayInbox, gofer_relay_inbox_unref)

G_END_DECLS
