/* gofer-app-flow.h: one transfer driven from the window (base class)
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gofer-app-history.h"
#include "gofer-app-window.h"
#include "gofer.h"

G_BEGIN_DECLS

typedef enum
{
  GOFER_APP_FLOW_STATE_STARTING,      /* connecting to the mailbox server */
  GOFER_APP_FLOW_STATE_CODE,          /* a sender shows its code and waits */
  GOFER_APP_FLOW_STATE_OFFERED,       /* a receiver shows the offer and waits */
  GOFER_APP_FLOW_STATE_TRANSFERRING,  /* accepted: bytes are moving */
  GOFER_APP_FLOW_STATE_CONVERSING,    /* a conversation is open: messages come and go */
  GOFER_APP_FLOW_STATE_DONE,
  GOFER_APP_FLOW_STATE_FAILED,
  GOFER_APP_FLOW_STATE_CANCELLED,     /* cancelled or declined by this side */
} GoferAppFlowState;

GType gofer_app_flow_state_get_type (void);
#define GOFER_APP_TYPE_FLOW_STATE (gofer_app_flow_state_get_type ())

#define GOFER_APP_TYPE_FLOW (gofer_app_flow_get_type ())

G_DECLARE_DERIVABLE_TYPE (GoferAppFlow, gofer_app_flow, GOFER_APP, FLOW, GObject)

struct _GoferAppFlowClass
{
  GObjectClass parent_class;

  /* Starts the transfer; called once by gofer_app_flow_start(), while the
   * window is there. */
  void (*start)  (GoferAppFlow *self);
  /* Tells the core to stop, after the state went to CANCELLED. */
  void (*cancel) (GoferAppFlow *self);
  /* Whether the flow moves data or waits for the other side to (see
   * gofer_app_flow_is_running()); NULL: from the state alone. */
  gboolean (*is_running) (GoferAppFlow *self);

  gpointer padding[3];
};

/* Signals: "finished" (), once, when the state becomes DONE, FAILED or
 * CANCELLED; "transferred" (GoferAppHistoryEntry *entry), for each file,
 * folder or text that went or came whole, for the history. Properties: "state" (notified), "window", "settings". The flow
 * holds its window weakly and cancels itself when the window goes away. */

void               gofer_app_flow_start            (GoferAppFlow *self);
void               gofer_app_flow_cancel           (GoferAppFlow *self);
GoferAppFlowState  gofer_app_flow_get_state        (GoferAppFlow *self);
/* Whether a transfer runs or waits for the other side: the computer must
 * not sleep meanwhile. A conversation runs only while one of its
 * transfers does. Property "running", notified. */
gboolean           gofer_app_flow_is_running       (GoferAppFlow *self);
gboolean           gofer_app_flow_is_finished      (GoferAppFlow *self);
/* NULL once the window is gone. */
GoferAppWindow    *gofer_app_flow_get_window       (GoferAppFlow *self);
GSettings         *gofer_app_flow_get_settings     (GoferAppFlow *self);
/* The error a FAILED flow ended with. */
const GError      *gofer_app_flow_get_error        (GoferAppFlow *self);
/* Before the start: use this mailbox server instead of the settings' one
 * (a server that a wormhole-transfer: link named). */
void               gofer_app_flow_set_mailbox_url  (GoferAppFlow *self,
                                                    const char   *mailbox_url);

/* For subclasses. */
GCancellable      *_gofer_app_flow_get_cancellable (GoferAppFlow *self);
void               _gofer_app_flow_set_state       (GoferAppFlow      *self,
                                                    GoferAppFlowState  state);
/* The flow's mailbox server (the settings', unless set). */
char              *_gofer_app_flow_dup_mailbox_url (GoferAppFlow *self);
/* A wormhole on the flow's mailbox server (the settings', unless set). */
GoferWormhole     *_gofer_app_flow_new_wormhole    (GoferAppFlow *self);
/* The number of words of a new code, from the settings. */
guint              _gofer_app_flow_get_code_length (GoferAppFlow *self);
/* The "progress" page while the mailbox server is being reached, with a
 * sentence about the network and Preferences when it takes long. */
void               _gofer_app_flow_show_reaching_server (GoferAppFlow *self);
/* Uses the code with the flow's cancellable; once the server claimed it,
 * the page says the flow waits for the sender. A failure also ends whatever
 * waits on the wormhole, which reports it. */
void               _gofer_app_flow_set_code        (GoferAppFlow  *self,
                                                    GoferWormhole *wormhole,
                                                    const char    *code);
/* Closes the wormhole; closing never fails, so nobody waits for it. */
void               _gofer_app_flow_close_wormhole  (GoferWormhole *wormhole);
/* The transit relay of the settings (or of our own server on the local
 * network), NULL for none. */
char              *_gofer_app_flow_dup_transit_helper (GoferAppFlow *self);
/* Whether @error means the public server is out of reach and this build
 * can serve the transfer itself, for the local network. */
gboolean           _gofer_app_flow_may_stay_local  (GoferAppFlow *self,
                                                    const GError *error);
/* Starts our own mailbox and transit relay on the local network and uses
 * them from now on (docs/protocol-extensions.md §8). */
gboolean           _gofer_app_flow_host_locally    (GoferAppFlow  *self,
                                                    GError       **error);
/* The GoferLocalHost of _gofer_app_flow_host_locally(), or NULL. */
GObject           *_gofer_app_flow_get_local_host  (GoferAppFlow *self);
/* Whether the person chose "Local Network Only" in Preferences. */
gboolean           _gofer_app_flow_get_local_only  (GoferAppFlow *self);
/* Before a receiver claims @nameplate on the public server: a sender on
 * this network holding it is met there instead (gofer_lan_choose_server_async()).
 * A server the person chose is used as it is; with "Local Network Only",
 * only this network is searched. */
void               _gofer_app_flow_find_sender_async  (GoferAppFlow        *self,
                                                       const char          *nameplate,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean           _gofer_app_flow_find_sender_finish (GoferAppFlow  *self,
                                                       GAsyncResult  *result,
                                                       GError       **error);
/* Shows the error page and ends the flow as FAILED; a cancellation ends it
 * quietly as CANCELLED. Takes the error. */
void               _gofer_app_flow_fail            (GoferAppFlow       *self,
                                                    GError             *error,
                                                    GoferTransferStage  stage);
/* Ends the flow as FAILED with error (taken) without the error page, for a
 * flow that shows the failure its own way. */
void               _gofer_app_flow_end_failed      (GoferAppFlow *self,
                                                    GError       *error);
/* Re-reads is_running and notifies "running" when it changed. */
void               _gofer_app_flow_update_running  (GoferAppFlow *self);
/* Emits "transferred" for entry. */
void               _gofer_app_flow_record          (GoferAppFlow         *self,
                                                    GoferAppHistoryEntry *entry);
/* Shows the progress page with a smoothed speed and the time left. */
void               _gofer_app_flow_show_progress   (GoferAppFlow *self,
                                                    const char   *title,
                                                    guint64       bytes_done,
                                                    guint64       bytes_total);

G_END_DECLS
