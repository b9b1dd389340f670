/* gofer-app-receive-flow.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-receive-flow.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "gofer.h"
#include "gofer-app-secret.h"

struct _GoferAppReceiveFlow
{
  GoferAppFlow   parent_instance;

  /* Secret: never logged. */
  char          *typed;
  GoferWormhole *wormhole;
  GoferReceiver *receiver;
  GoferOffer    *offer;
  char          *title;
  gboolean       answered;
};

G_DEFINE_FINAL_TYPE (GoferAppReceiveFlow, gofer_app_receive_flow, GOFER_APP_TYPE_FLOW)

enum {
  PROP_0,
  PROP_OFFER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define FLOW(self) GOFER_APP_FLOW (self)

static GoferTransferStage
current_stage (GoferAppReceiveFlow *self)
{
  if (self->receiver == NULL)
    return GOFER_TRANSFER_STAGE_WAITING;
  return gofer_transfer_get_stage (GOFER_TRANSFER (self->receiver));
}

static void
fail (GoferAppReceiveFlow *self,
      GError              *error)
{
  _gofer_app_flow_fail (FLOW (self), error, current_stage (self));
}

static char *
dup_folder_name (GFile *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);

  return parent ? g_file_get_parse_name (parent) : g_file_get_parse_name (file);
}

/* For the history: what came, from which code, where it went. A text is
 * kept as its length only. */
static void
record (GoferAppReceiveFlow *self,
        GFile               *received)
{
  g_autoptr(GoferAppHistoryEntry) entry = NULL;
  g_autofree char *name = received != NULL ? g_file_get_basename (received) : NULL;

  switch (gofer_offer_get_kind (self->offer))
    {
    case GOFER_OFFER_TEXT:
      entry = gofer_app_history_entry_new (GOFER_APP_HISTORY_RECEIVED, GOFER_APP_HISTORY_TEXT, NULL,
                                           (guint64) g_utf8_strlen (gofer_offer_get_text (self->offer), -1),
                                           NULL);
      break;
    case GOFER_OFFER_DIRECTORY:
      entry = gofer_app_history_entry_new (GOFER_APP_HISTORY_RECEIVED, GOFER_APP_HISTORY_FOLDER,
                                           name, gofer_offer_get_size (self->offer), received);
      break;
    case GOFER_OFFER_FILE:
    default:
      entry = gofer_app_history_entry_new (GOFER_APP_HISTORY_RECEIVED, GOFER_APP_HISTORY_FILE,
                                           name, gofer_offer_get_size (self->offer), received);
      break;
    }
  gofer_app_history_entry_set_peer (entry, self->typed, FALSE);
  _gofer_app_flow_record (FLOW (self), entry);
}

static void
accepted_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GoferAppReceiveFlow) self = user_data;
  GoferAppWindow *window = gofer_app_flow_get_window (FLOW (self));
  GError *error = NULL;
  GFile *received;
  g_autofree char *name = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *description = NULL;

  if (!gofer_receiver_accept_finish (self->receiver, result, &error))
    {
      fail (self, error);
      return;
    }
  if (gofer_app_flow_is_finished (FLOW (self)))
    return;

  received = gofer_receiver_get_received_file (self->receiver);
  name = g_file_get_basename (received);
  folder = dup_folder_name (received);
  /* Translators: the first %s is a folder, the second a file or folder name */
  description = g_strdup_printf (_("Saved in %s as “%s”."), folder, name);

  if (window != NULL)
    {
      g_autofree char *packed = gofer_receiver_dup_packed_folder (self->receiver);

      gofer_app_window_show_done (window, _("Received"), description, received);
      /* Warp and wormhole-rs send a folder as NAME.zip or NAME.tar. */
      if (packed != NULL)
        gofer_app_window_offer_unpack (window, packed);
      gofer_app_window_notify_received (window, _("Transfer Complete"), description, received);
    }
  record (self, received);
  _gofer_app_flow_set_state (FLOW (self), GOFER_APP_FLOW_STATE_DONE);
}

static void
accept (GoferAppReceiveFlow *self)
{
  self->answered = TRUE;
  _gofer_app_flow_set_state (FLOW (self), GOFER_APP_FLOW_STATE_TRANSFERRING);
  _gofer_app_flow_show_progress (FLOW (self), self->title, 0, gofer_offer_get_size (self->offer));
  gofer_receiver_accept_async (self->receiver, _gofer_app_flow_get_cancellable (FLOW (self)),
                               accepted_cb, g_object_ref (self));
}

static void
declined_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GoferAppReceiveFlow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The window is back on its first page already; a failed "no" changes
   * nothing for the person. */
  if (!gofer_receiver_decline_finish (self->receiver, result, &error))
    g_debug ("receive: decline: %s", error->message);
}

static void
decline (GoferAppReceiveFlow *self)
{
  self->answered = TRUE;
  /* Not the flow's cancellable: cancelling is what led here. */
  gofer_receiver_decline_async (self->receiver, NULL, declined_cb, g_object_ref (self));
}

static void
offer_response_cb (GoferAppReceiveFlow *self,
                   gboolean             accepted,
                   GoferAppWindow      *window)
{
  if (self->answered)
    return;

  g_debug ("receive: offer %s", accepted ? "accepted" : "declined");
  if (accepted)
    accept (self);
  else
    gofer_app_flow_cancel (FLOW (self));
}

static void
offer_save_as_cb (GoferAppReceiveFlow *self,
                  GFile               *target,
                  GoferAppWindow      *window)
{
  if (self->answered)
    return;

  gofer_receiver_set_target (self->receiver, target);
  accept (self);
}

static void
text_accepted_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GoferAppReceiveFlow) self = user_data;
  GoferAppWindow *window = gofer_app_flow_get_window (FLOW (self));
  GError *error = NULL;

  if (!gofer_receiver_accept_finish (self->receiver, result, &error))
    {
      fail (self, error);
      return;
    }
  if (gofer_app_flow_is_finished (FLOW (self)))
    return;

  if (window != NULL)
    {
      gofer_app_window_show_text (window, gofer_offer_get_text (self->offer));
      gofer_app_window_notify (window, _("Text Received"), gofer_offer_get_text (self->offer));
    }
  record (self, NULL);
  _gofer_app_flow_set_state (FLOW (self), GOFER_APP_FLOW_STATE_DONE);
}

static char *
describe_for_notification (GoferAppReceiveFlow *self,
                           GoferAppWindow      *window)
{
  g_autofree char *what = gofer_offer_describe (self->offer);
  g_autoptr(GFile) folder = gofer_app_window_dup_download_folder (window);
  g_autofree char *folder_name = g_file_get_basename (folder);

  /* Translators: the first %s describes the offer, e.g. “report.pdf (2.1 MB)”;
   * the second is a folder name, e.g. Downloads */
  return g_strdup_printf (_("%s\nAccept saves it in %s."), what, folder_name);
}

static void
show_offer (GoferAppReceiveFlow *self,
            GoferAppWindow      *window)
{
  gboolean folder = gofer_offer_get_kind (self->offer) == GOFER_OFFER_DIRECTORY;
  g_autofree char *body = describe_for_notification (self, window);
  /* The name as it is saved, without controls or bidi overrides; the window
   * says when a leading dot makes it another. */
  g_autofree char *name = gofer_safe_name (gofer_offer_get_name (self->offer),
                                           folder ? _("Received folder") : _("Received file"));

  gofer_app_window_show_offer (window, name,
                               gofer_offer_get_size (self->offer),
                               (guint) MIN (gofer_offer_get_numfiles (self->offer), G_MAXUINT),
                               folder);
  g_signal_connect_object (window, "offer-response", G_CALLBACK (offer_response_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "offer-save-as", G_CALLBACK (offer_save_as_cb), self,
                           G_CONNECT_SWAPPED);
  gofer_app_window_notify_offer (window, folder ? _("Incoming Folder") : _("Incoming File"), body);
}

static void
offer_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GoferAppReceiveFlow) self = user_data;
  GoferAppWindow *window = gofer_app_flow_get_window (FLOW (self));
  g_autofree char *saved_as = NULL;
  GError *error = NULL;

  self->offer = gofer_receiver_wait_for_offer_finish (self->receiver, result, &error);
  if (self->offer == NULL)
    {
      fail (self, error);
      return;
    }
  if (gofer_app_flow_is_finished (FLOW (self)) || window == NULL)
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFER]);

  if (gofer_offer_get_kind (self->offer) == GOFER_OFFER_TEXT)
    {
      self->answered = TRUE;
      gofer_receiver_accept_async (self->receiver, _gofer_app_flow_get_cancellable (FLOW (self)),
                                   text_accepted_cb, g_object_ref (self));
      return;
    }

  saved_as = gofer_offer_dup_save_name (self->offer);
  /* Translators: %s is the name of the file or folder being received */
  self->title = g_strdup_printf (_("Receiving “%s”"), saved_as);
  _gofer_app_flow_set_state (FLOW (self), GOFER_APP_FLOW_STATE_OFFERED);
  show_offer (self, window);
}

static void
progress_cb (GoferAppReceiveFlow *self,
             guint64              bytes_done,
             guint64              bytes_total)
{
  if (gofer_app_flow_get_state (FLOW (self)) == GOFER_APP_FLOW_STATE_TRANSFERRING)
    _gofer_app_flow_show_progress (FLOW (self), self->title, bytes_done, bytes_total);
}

/* The sender gave up while the offer waited for an answer: say so instead
 * of leaving an Accept button that can only fail. */
static void
peer_left_cb (GoferAppReceiveFlow *self,
              const GError        *why)
{
  if (self->answered || gofer_app_flow_is_finished (FLOW (self)))
    return;

  g_debug ("receive: the sender left before an answer: %s", why->message);
  self->answered = TRUE;
  fail (self, g_error_copy (why));
  gofer_receiver_decline_async (self->receiver, NULL, declined_cb, g_object_ref (self));
}

static void
prepare_receiver (GoferAppReceiveFlow *self,
                  GoferAppWindow      *window)
{
  g_autofree char *helper = _gofer_app_flow_dup_transit_helper (FLOW (self));
  g_autoptr(GFile) folder = gofer_app_window_dup_download_folder (window);

  if (self->wormhole == NULL)
    self->wormhole = _gofer_app_flow_new_wormhole (FLOW (self));
  self->receiver = gofer_receiver_new (self->wormhole);
  gofer_transfer_set_transit_helper (GOFER_TRANSFER (self->receiver), helper);
  /* The window comes first when the CPUs are busy. */
  gofer_transfer_set_background (GOFER_TRANSFER (self->receiver), TRUE);
  gofer_receiver_set_download_folder (self->receiver, folder);
  g_signal_connect_object (self->receiver, "progress", G_CALLBACK (progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->receiver, "peer-left", G_CALLBACK (peer_left_cb), self,
                           G_CONNECT_SWAPPED);
}

/* With @code (NULL: the handed-over wormhole has one), on the flow's
 * mailbox server. */
static void
receive (GoferAppReceiveFlow *self,
         const char          *code)
{
  GoferAppFlow *flow = FLOW (self);
  GoferAppWindow *window = gofer_app_flow_get_window (flow);

  prepare_receiver (self, window);
  if (code != NULL)
    _gofer_app_flow_set_code (flow, self->wormhole, code);
  else
    gofer_app_window_show_progress (window, _("Waiting for the Sender…"), 0, 0, 0);
  gofer_receiver_wait_for_offer_async (self->receiver, _gofer_app_flow_get_cancellable (flow),
                                       offer_cb, g_object_ref (self));
}

static void
sender_found_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GoferAppReceiveFlow) self = user_data;
  g_autofree char *code = NULL;
  GError *error = NULL;

  if (!_gofer_app_flow_find_sender_finish (FLOW (self), result, &error))
    {
      fail (self, error);
      return;
    }
  if (gofer_app_flow_get_window (FLOW (self)) == NULL)
    return;
  code = gofer_code_parse (self->typed, NULL, NULL);
  receive (self, code);
  if (code != NULL)
    sodium_memzero (code, strlen (code));
}

static void
gofer_app_receive_flow_start (GoferAppFlow *flow)
{
  GoferAppReceiveFlow *self = GOFER_APP_RECEIVE_FLOW (flow);
  g_autofree char *nameplate = NULL;
  g_autoptr(GoferAppSecret) code = NULL;
  GError *error = NULL;

  /* A wormhole handed over by a conversation already has its code. */
  if (self->wormhole != NULL)
    {
      receive (self, NULL);
      return;
    }
  if (!(code = gofer_code_parse (self->typed, &nameplate, &error)))
    {
      fail (self, error);
      return;
    }
  sodium_memzero (code, strlen (code));
  /* The sender may be on this network, with no server at all. */
  _gofer_app_flow_show_reaching_server (flow);
  _gofer_app_flow_find_sender_async (flow, nameplate, sender_found_cb, g_object_ref (self));
}

/* An offer on the screen gets a "no"; anything else stops with the
 * flow's cancellable. */
static void
gofer_app_receive_flow_cancel (GoferAppFlow *flow)
{
  GoferAppReceiveFlow *self = GOFER_APP_RECEIVE_FLOW (flow);

  if (self->offer != NULL && !self->answered)
    decline (self);
}

static void
gofer_app_receive_flow_dispose (GObject *object)
{
  GoferAppReceiveFlow *self = (GoferAppReceiveFlow *)object;

  g_clear_object (&self->receiver);
  g_clear_object (&self->wormhole);
  g_clear_object (&self->offer);

  G_OBJECT_CLASS (gofer_app_receive_flow_parent_class)->dispose (object);
}

static void
gofer_app_receive_flow_finalize (GObject *object)
{
  GoferAppReceiveFlow *self = (GoferAppReceiveFlow *)object;

  g_clear_pointer (&self->typed, gofer_app_secret_free);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (gofer_app_receive_flow_parent_class)->finalize (object);
}

static void
gofer_app_receive_flow_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  GoferAppReceiveFlow *self = GOFER_APP_RECEIVE_FLOW (object);

  switch (prop_id)
    {
    case PROP_OFFER:
      g_value_set_object (value, self->offer);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gofer_app_receive_flow_class_init (GoferAppReceiveFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GoferAppFlowClass *flow_class = GOFER_APP_FLOW_CLASS (klass);

  object_class->dispose = gofer_app_receive_flow_dispose;
  object_class->finalize = gofer_app_receive_flow_finalize;
  object_class->get_property = gofer_app_receive_flow_get_property;

  flow_class->start = gofer_app_receive_flow_start;
  flow_class->cancel = gofer_app_receive_flow_cancel;

  properties[PROP_OFFER] =
    g_param_spec_object ("offer", NULL, NULL,
                         GOFER_TYPE_OFFER,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gofer_app_receive_flow_init (GoferAppReceiveFlow *self)
{
}

/* Exactly one of typed and wormhole. */
static GoferAppReceiveFlow *
new_flow (GoferAppWindow *window,
          GSettings      *settings,
          const char     *typed,
          GoferWormhole  *wormhole)
{
  GoferAppReceiveFlow *self;

  g_return_val_if_fail (GOFER_APP_IS_WINDOW (window), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (GOFER_APP_TYPE_RECEIVE_FLOW,
                       "window", window,
                       "settings", settings,
                       NULL);
  self->typed = g_strdup (typed);
  self->wormhole = wormhole ? g_object_ref (wormhole) : NULL;
  return self;
}

GoferAppReceiveFlow *
gofer_app_receive_flow_new (GoferAppWindow *window,
                            GSettings      *settings,
                            const char     *typed)
{
  g_return_val_if_fail (typed != NULL, NULL);

  return new_flow (window, settings, typed, NULL);
}

GoferAppReceiveFlow *
gofer_app_receive_flow_new_for_wormhole (GoferAppWindow *window,
                                         GSettings      *settings,
                                         GoferWormhole  *wormhole)
{
  g_return_val_if_fail (GOFER_IS_WORMHOLE (wormhole), NULL);

  return new_flow (window, settings, NULL, wormhole);
}

GoferOffer *
gofer_app_receive_flow_get_offer (GoferAppReceiveFlow *self)
{
  g_return_val_if_fail (GOFER_APP_IS_RECEIVE_FLOW (self), NULL);

  return self->offer;
}

GFile *
gofer_app_receive_flow_get_received_file (GoferAppReceiveFlow *self)
{
  g_return_val_if_fail (GOFER_APP_IS_RECEIVE_FLOW (self), NULL);

  if (self->receiver == NULL || gofer_app_flow_get_state (FLOW (self)) != GOFER_APP_FLOW_STATE_DONE)
    return NULL;
  return gofer_receiver_get_received_file (self->receiver);
}
