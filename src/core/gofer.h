/* gofer.h: the Magic Wormhole protocol library, as the app and the CLI see it
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one header a frontend includes. The headers it gathers refuse to be
 * included on their own, and the layers' other headers are internal: only
 * the core itself and its tests (gofer_internal_dep) define
 * GOFER_COMPILATION. Bottom to top, as in docs/architecture.md.
 */

#pragma once

#define GOFER_INSIDE

#include "base/gofer-error.h"
#include "base/gofer-text.h"

#include "crypto/gofer-crypto.h"

#include "rendezvous/gofer-code.h"
#include "rendezvous/gofer-wormhole.h"

#include "lan/gofer-lan-addresses.h"
#include "lan/gofer-lan-announcer.h"
#include "lan/gofer-lan-finder.h"
#include "lan/gofer-lan-rendezvous.h"

#include "files/gofer-safe-path.h"

#include "transfer/gofer-offer.h"
#include "transfer/gofer-transfer-message.h"
#include "transfer/gofer-transfer-stage.h"
#include "transfer/gofer-transfer.h"
#include "transfer/gofer-sender.h"
#include "transfer/gofer-receiver.h"
#include "transfer/gofer-unpack.h"

#include "conversation/gofer-conversation-transfer.h"
#include "conversation/gofer-conversation.h"
#include "conversation/gofer-standard-peer.h"

#include "pairing/gofer-pairing-keys.h"
#include "pairing/gofer-identity.h"
#include "pairing/gofer-paired-peer.h"
#include "pairing/gofer-paired-peers.h"
#include "pairing/gofer-pairing.h"
#include "pairing/gofer-meeting.h"

#undef GOFER_INSIDE

G_BEGIN_DECLS

/* Sets up what the core needs before anything else runs (the cryptography
 * library). Call it once, first, from main(); FALSE when it cannot start. */
gboolean gofer_init (void);

G_END_DECLS
