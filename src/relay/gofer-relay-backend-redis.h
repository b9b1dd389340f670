/* gofer-relay-backend-redis.h
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gofer-relay-backend.h"
#include "gofer-relay-limits.h"
#include "gofer-relay-usage.h"

G_BEGIN_DECLS

GoferRelayBackend *gofer_relay_backend_redis_new (const char       *address,
                                                  GoferRelayUsage  *usage,
                                                  GoferRelayLimits *limits);

G_END_DECLS
