/* gofer-relay-namespace.h
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gofer-relay-limits.h"
#include "gofer-relay-mailbox.h"
#include "gofer-relay-store.h"
#include "gofer-relay-usage.h"

G_BEGIN_DECLS

/* Nameplates are short numbers in every client (the Python client and
 * Gofer accept digits only); the cap keeps "list" answers small. Other
 * names a client picks (app id, side, mailbox, phase) are a few dozen
 * bytes in every client. The reference server takes any length. */
#define GOFER_RELAY_MAX_NAMEPLATE_LENGTH 40
#define GOFER_RELAY_MAX_NAME_LENGTH      256

#define GOFER_RELAY_TYPE_NAMESPACE (gofer_relay_namespace_get_type ())

G_DECLARE_FINAL_TYPE (GoferRelayNamespace, gofer_relay_namespace, GOFER_RELAY, NAMESPACE, GObject)

GoferRelayNamespace *gofer_relay_namespace_new                (const char           *app_id,
                                                               GoferRelayStore      *store,
                                                               GoferRelayUsage      *usage,
                                                               GoferRelayLimits     *limits);
const char          *gofer_relay_namespace_get_app_id         (GoferRelayNamespace  *self);
char               **gofer_relay_namespace_list_nameplates    (GoferRelayNamespace  *self);
char                *gofer_relay_namespace_allocate           (GoferRelayNamespace  *self,
                                                               const char           *side,
                                                               double                when,
                                                               const char           *address,
                                                               GError              **error);
const char          *gofer_relay_namespace_claim              (GoferRelayNamespace  *self,
                                                               const char           *name,
                                                               const char           *side,
                                                               double                when,
                                                               const char           *address,
                                                               GError              **error);
void                 gofer_relay_namespace_release            (GoferRelayNamespace  *self,
                                                               const char           *name,
                                                               const char           *side,
                                                               double                when);
GoferRelayMailbox   *gofer_relay_namespace_open               (GoferRelayNamespace  *self,
                                                               const char           *mailbox_id,
                                                               const char           *side,
                                                               double                when,
                                                               const char           *address,
                                                               GError              **error);
void                 gofer_relay_namespace_close              (GoferRelayNamespace  *self,
                                                               GoferRelayMailbox    *mailbox,
                                                               const char           *side,
                                                               const char           *mood,
                                                               double                when);
gboolean             gofer_relay_namespace_prune              (GoferRelayNamespace  *self,
                                                               double                now,
                                                               double                old);
gboolean             gofer_relay_namespace_is_empty           (GoferRelayNamespace  *self);

/* Used while loading saved state. */
GoferRelayMailbox   *gofer_relay_namespace_restore_mailbox    (GoferRelayNamespace  *self,
                                                               const char           *mailbox_id,
                                                               gboolean              for_nameplate,
                                                               double                updated);
GoferRelayMailbox   *gofer_relay_namespace_lookup_mailbox     (GoferRelayNamespace  *self,
                                                               const char           *mailbox_id);
void                 gofer_relay_namespace_restore_nameplate  (GoferRelayNamespace  *self,
                                                               const char           *name,
                                                               const char           *mailbox_id);
gboolean             gofer_relay_namespace_restore_claim      (GoferRelayNamespace  *self,
                                                               const char           *name,
                                                               const char           *side,
                                                               gboolean              claimed,
                                                               double                added);
void                 gofer_relay_namespace_forget_mailbox     (GoferRelayNamespace  *self,
                                                               const char           *mailbox_id);

G_END_DECLS
