/* gofer-app-receive-flow.h: receives with a code, drives the window
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gofer-app-flow.h"
#include "gofer.h"

G_BEGIN_DECLS

#define GOFER_APP_TYPE_RECEIVE_FLOW (gofer_app_receive_flow_get_type ())

G_DECLARE_FINAL_TYPE (GoferAppReceiveFlow, gofer_app_receive_flow, GOFER_APP, RECEIVE_FLOW, GoferAppFlow)

/* typed: what the person typed or opened, unchecked. Start it with
 * gofer_app_flow_start(): a code that cannot be one goes to the error page;
 * a text offer is accepted at once and shown; a file or folder offer goes
 * to the offer page and a notification, and waits for the person. */
GoferAppReceiveFlow *gofer_app_receive_flow_new               (GoferAppWindow      *window,
                                                               GSettings           *settings,
                                                               const char          *typed);
/* The same on a wormhole that already has its code, for a conversation
 * whose other side turned out to be a standard sender. */
GoferAppReceiveFlow *gofer_app_receive_flow_new_for_wormhole  (GoferAppWindow      *window,
                                                               GSettings           *settings,
                                                               GoferWormhole       *wormhole);
/* NULL until the sender's offer arrived. Property "offer", notified. */
GoferOffer          *gofer_app_receive_flow_get_offer         (GoferAppReceiveFlow *self);
/* What was saved; NULL until done (and for text). */
GFile               *gofer_app_receive_flow_get_received_file (GoferAppReceiveFlow *self);

G_END_DECLS
