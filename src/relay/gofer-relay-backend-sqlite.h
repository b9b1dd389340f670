/* gofer-relay-backend-sqlite.h
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gofer-relay-backend.h"
#include "gofer-relay-limits.h"
#include "gofer-relay-store.h"
#include "gofer-relay-usage.h"

G_BEGIN_DECLS

GoferRelayBackend *gofer_relay_backend_sqlite_new (GoferRelayStore  *store,
                                                   GoferRelayUsage  *usage,
                                                   GoferRelayLimits *limits);
void               gofer_relay_backend_sqlite_prune (GoferRelayBackend *backend,
                                                     double             cutoff);

G_END_DECLS
