/* gofer-app-send-flow.h: sends files or a text, drives the window
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gofer-app-flow.h"

G_BEGIN_DECLS

#define GOFER_APP_TYPE_SEND_FLOW (gofer_app_send_flow_get_type ())

G_DECLARE_FINAL_TYPE (GoferAppSendFlow, gofer_app_send_flow, GOFER_APP, SEND_FLOW, GoferAppFlow)

/* files: a GListModel of GFile, one or many files or folders. Started with
 * gofer_app_flow_start(), it asks for a code of the settings' length, shows
 * it, waits for the receiver, shows the progress and then what happened. */
GoferAppSendFlow *gofer_app_send_flow_new_files (GoferAppWindow   *window,
                                                 GSettings        *settings,
                                                 GListModel       *files);
GoferAppSendFlow *gofer_app_send_flow_new_text  (GoferAppWindow   *window,
                                                 GSettings        *settings,
                                                 const char       *text);
/* Before the start: send under @code (a role=leader link's) instead of
 * asking the server for a new one. */
void              gofer_app_send_flow_set_code  (GoferAppSendFlow *self,
                                                 const char       *code);
/* NULL until the server gave a nameplate. Property "code", notified. */
const char       *gofer_app_send_flow_get_code  (GoferAppSendFlow *self);

G_END_DECLS
