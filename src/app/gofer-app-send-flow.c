/* gofer-app-send-flow.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-send-flow.h"
#ifdef HAVE_LOCAL_SERVER
# include "gofer-local-host.h"
#endif

#include <glib/gi18n.h>

#include "gofer.h"
#include "gofer-app-secret.h"

struct _GoferAppSendFlow
{
  GoferAppFlow   parent_instance;

  GPtrArray     *files;
  char          *text;
  GoferWormhole *wormhole;
  GoferSender   *sender;
  /* Secret: shown, never logged. */
  char          *code;
  /* A code to use instead of allocating one (a role=leader link's). */
  char          *given_code;
  char          *title;
  char          *done_description;
  /* What the code page says is sent: names and sizes. */
  char          *payload;
  /* Why the local network was not told of this transfer, or NULL. */
  char          *not_announced;
};

G_DEFINE_FINAL_TYPE (GoferAppSendFlow, gofer_app_send_flow, GOFER_APP_TYPE_FLOW)

enum {
  PROP_0,
  PROP_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define FLOW(self) GOFER_APP_FLOW (self)

static GoferTransferStage
current_stage (GoferAppSendFlow *self)
{
  if (self->sender == NULL)
    return GOFER_TRANSFER_STAGE_WAITING;
  return gofer_transfer_get_stage (GOFER_TRANSFER (self->sender));
}

static void
fail (GoferAppSendFlow *self,
      GError           *error)
{
  _gofer_app_flow_fail (FLOW (self), error, current_stage (self));
}

/* "“a.pdf” · 2.1 MB", "“a.pdf”, “b.txt” and 3 more · 7.0 MB": the sizes
 * of files are known at once; a folder's only once it is packed. */
static char *
describe_files (GPtrArray *files)
{
  g_autoptr(GString) names = g_string_new (NULL);
  guint64 total = 0;
  gboolean sized = TRUE;
  guint shown = MIN (files->len, 3);
  g_autofree char *size = NULL;

  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(GFileInfo) info = g_file_query_info (g_ptr_array_index (files, i),
                                                      G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                                      G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                      G_FILE_QUERY_INFO_NONE, NULL, NULL);

      if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
        total += (guint64) g_file_info_get_size (info);
      else
        sized = FALSE;
      if (i < shown)
        {
          g_autofree char *name = g_file_get_basename (g_ptr_array_index (files, i));

          if (i > 0)
            g_string_append (names, ", ");
          /* Translators: a file name on the code page, quoted */
          g_string_append_printf (names, _("“%s”"), name);
        }
    }
  if (files->len > shown)
    /* Translators: after a list of file names: "“a.pdf”, “b.txt” and 3 more" */
    g_string_append_printf (names, ngettext (" and %u more", " and %u more", files->len - shown),
                            files->len - shown);
  if (!sized)
    return g_string_free (g_steal_pointer (&names), FALSE);
  size = g_format_size (total);
  /* Translators: what is sent, then its size: "“a.pdf” · 2.1 MB" */
  return g_strdup_printf (_("%s · %s"), names->str, size);
}

/* The texts name what is sent: one file or folder by its name. */
static void
describe_payload (GoferAppSendFlow *self)
{
  guint n = self->files ? self->files->len : 0;
  g_autofree char *name = NULL;

  if (self->text != NULL)
    {
      glong length = g_utf8_strlen (self->text, -1);

      self->title = g_strdup (_("Sending Text"));
      self->done_description = g_strdup (_("The receiver has the text."));
      self->payload = g_strdup_printf (ngettext ("A text of %ld character", "A text of %ld characters",
                                                 (gulong) length), length);
      return;
    }
  else if (n == 1)
    {
      name = g_file_get_basename (g_ptr_array_index (self->files, 0));
      /* Translators: %s is the name of the file or folder being sent */
      self->title = g_strdup_printf (_("Sending “%s”"), name);
      /* Translators: %s is the name of the file or folder that was sent */
      self->done_description = g_strdup_printf (_("The receiver has “%s”."), name);
    }
  else
    {
      self->title = g_strdup_printf (ngettext ("Sending %u Item", "Sending %u Items", n), n);
      self->done_description = g_strdup_printf (ngettext ("The receiver has the %u item.",
                                                          "The receiver has all %u items.", n),
                                                n);
    }
  self->payload = describe_files (self->files);
}

static guint64
offer_size (GoferAppSendFlow *self)
{
  GoferOffer *offer = gofer_sender_get_offer (self->sender);

  return offer ? gofer_offer_get_size (offer) : 0;
}

/* For the history: what went, to which code. The text itself stays out. */
static void
record (GoferAppSendFlow *self)
{
  GoferOffer *offer = gofer_sender_get_offer (self->sender);
  g_autoptr(GoferAppHistoryEntry) entry = NULL;

  if (self->text != NULL)
    entry = gofer_app_history_entry_new (GOFER_APP_HISTORY_SENT, GOFER_APP_HISTORY_TEXT, NULL,
                                         (guint64) g_utf8_strlen (self->text, -1), NULL);
  else
    {
      GFile *first = g_ptr_array_index (self->files, 0);
      gboolean several = self->files->len > 1;
      gboolean folder = !several &&
                        g_file_query_file_type (first, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY;
      g_autofree char *name = several && offer != NULL ? g_strdup (gofer_offer_get_name (offer))
                                                       : g_file_get_basename (first);

      entry = gofer_app_history_entry_new (GOFER_APP_HISTORY_SENT,
                                           several ? GOFER_APP_HISTORY_FILES
                                                   : folder ? GOFER_APP_HISTORY_FOLDER
                                                            : GOFER_APP_HISTORY_FILE,
                                           name, offer_size (self), first);
    }
  gofer_app_history_entry_set_peer (entry, self->code, FALSE);
  _gofer_app_flow_record (FLOW (self), entry);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GoferAppSendFlow) self = user_data;
  GoferAppWindow *window = gofer_app_flow_get_window (FLOW (self));
  GError *error = NULL;

  if (!gofer_sender_run_finish (self->sender, result, &error))
    {
      fail (self, error);
      return;
    }
  if (gofer_app_flow_is_finished (FLOW (self)))
    return;

  if (window != NULL)
    {
      gofer_app_window_show_done (window, _("Sent"), self->done_description, NULL);
      gofer_app_window_notify (window, _("Transfer Complete"), self->done_description);
    }
  record (self);
  _gofer_app_flow_set_state (FLOW (self), GOFER_APP_FLOW_STATE_DONE);
}

static void
progress_cb (GoferAppSendFlow *self,
             guint64           bytes_done,
             guint64           bytes_total)
{
  if (gofer_app_flow_get_state (FLOW (self)) == GOFER_APP_FLOW_STATE_TRANSFERRING)
    _gofer_app_flow_show_progress (FLOW (self), self->title, bytes_done, bytes_total);
}

/* The code stays up while the sender prepares and waits for the receiver;
 * the progress page comes once the receiver accepted. */
static void
stage_cb (GoferAppSendFlow *self)
{
  GoferTransferStage stage = gofer_transfer_get_stage (GOFER_TRANSFER (self->sender));

  if (gofer_app_flow_is_finished (FLOW (self)) ||
      stage < GOFER_TRANSFER_STAGE_CONNECTING || stage == GOFER_TRANSFER_STAGE_DONE ||
      gofer_app_flow_get_state (FLOW (self)) == GOFER_APP_FLOW_STATE_TRANSFERRING)
    return;

  _gofer_app_flow_set_state (FLOW (self), GOFER_APP_FLOW_STATE_TRANSFERRING);
  _gofer_app_flow_show_progress (FLOW (self), self->title, 0, offer_size (self));
}

/* The receiver's half of the key arrived: it has the code, and a Gofer or
 * a wormhole client shows the offer now. */
static void
verifier_cb (GoferAppSendFlow *self)
{
  GoferAppWindow *window = gofer_app_flow_get_window (FLOW (self));

  if (window == NULL || gofer_app_flow_get_state (FLOW (self)) != GOFER_APP_FLOW_STATE_CODE)
    return;
  gofer_app_window_set_code_status (window, self->text != NULL
                                            ? _("The receiver typed the code. The text is on its way.")
                                            : _("The receiver typed the code and is looking at your offer."));
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GWeakRef, weak_ref_free)

static void run_with_code (GoferAppSendFlow *self,
                           GoferAppWindow   *window,
                           char             *code);
static void prepare_sender (GoferAppSendFlow *self);
static void allocate (GoferAppSendFlow *self);

/* The public server is out of reach (no Internet): the transfer meets on
 * our own mailbox, for a receiver on this network. */
static gboolean
stay_on_local_network (GoferAppSendFlow *self,
                       const GError     *why)
{
  GError *error = NULL;

  if (!_gofer_app_flow_may_stay_local (FLOW (self), why))
    return FALSE;
  g_debug ("send: %s; serving the transfer on the local network", why->message);
  if (!_gofer_app_flow_host_locally (FLOW (self), &error))
    {
      fail (self, error);
      return TRUE;
    }
  g_clear_object (&self->sender);
  g_clear_object (&self->wormhole);
  prepare_sender (self);
  allocate (self);
  return TRUE;
}

/* A weak ref: a cancelled allocation may come back late, or only when the
 * wormhole closes, and must not keep the flow alive until then. */
static void
allocated_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GWeakRef) ref = user_data;
  g_autoptr(GoferAppSendFlow) self = g_weak_ref_get (ref);
  GoferWormhole *wormhole = GOFER_WORMHOLE (object);
  GoferAppWindow *window;
  GError *error = NULL;
  g_autoptr(GoferAppSecret) code = gofer_wormhole_allocate_code_finish (wormhole, result, &error);

  if (self == NULL || gofer_app_flow_is_finished (FLOW (self)) ||
      !(window = gofer_app_flow_get_window (FLOW (self))))
    {
      /* The sender never ran: release the nameplate ourselves. */
      _gofer_app_flow_close_wormhole (wormhole);
      g_clear_error (&error);
      return;
    }
  if (code == NULL)
    {
      if (stay_on_local_network (self, error))
        g_clear_error (&error);
      else
        fail (self, error);
      return;
    }

  run_with_code (self, window, g_steal_pointer (&code));
}

static void
show_code_and_run (GoferAppSendFlow *self,
                   GoferAppWindow   *window)
{
#ifdef HAVE_LOCAL_SERVER
  GObject *host = _gofer_app_flow_get_local_host (FLOW (self));
#endif

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
  _gofer_app_flow_set_state (FLOW (self), GOFER_APP_FLOW_STATE_CODE);
  gofer_app_window_set_code_payload (window, self->payload);
#ifdef HAVE_LOCAL_SERVER
  if (host != NULL)
    {
      GoferLocalHost *local = GOFER_LOCAL_HOST (host);
      g_autofree char *command = gofer_local_host_dup_wormhole_command (local, self->code);

      gofer_app_window_show_local_code (window, self->code,
                                        gofer_local_host_get_mailbox_url (local), command,
                                        self->not_announced);
    }
  else
#endif
    gofer_app_window_show_code (window, self->code);
  gofer_sender_run_async (self->sender, _gofer_app_flow_get_cancellable (FLOW (self)),
                          run_cb, g_object_ref (self));
}

#ifdef HAVE_LOCAL_SERVER
static void
announced_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GoferAppSendFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  GoferAppWindow *window;

  if (!gofer_local_host_announce_finish (GOFER_LOCAL_HOST (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The receiver can still type the command or scan the link. */
      g_debug ("send: not announced: %s", error->message);
      self->not_announced = g_strdup (error->message);
    }
  if (!gofer_app_flow_is_finished (FLOW (self)) &&
      (window = gofer_app_flow_get_window (FLOW (self))) != NULL)
    show_code_and_run (self, window);
}
#endif

/* On our own mailbox, the code is shown once the network knows where it is,
 * so that a receiver who types it at once finds it. */
static void
run_with_code (GoferAppSendFlow *self,
               GoferAppWindow   *window,
               char             *code)
{
  self->code = code;
#ifdef HAVE_LOCAL_SERVER
  GObject *host = _gofer_app_flow_get_local_host (FLOW (self));

  if (host != NULL)
    {
      gofer_local_host_announce_async (GOFER_LOCAL_HOST (host), self->code,
                                       _gofer_app_flow_get_cancellable (FLOW (self)),
                                       announced_cb, g_object_ref (self));
      return;
    }
#endif
  show_code_and_run (self, window);
}

static void
prepare_sender (GoferAppSendFlow *self)
{
  g_autofree char *helper = _gofer_app_flow_dup_transit_helper (FLOW (self));

  self->wormhole = _gofer_app_flow_new_wormhole (FLOW (self));
  g_signal_connect_object (self->wormhole, "notify::verifier", G_CALLBACK (verifier_cb), self,
                           G_CONNECT_SWAPPED);
  if (self->text != NULL)
    self->sender = gofer_sender_new_text (self->wormhole, self->text);
  else
    self->sender = gofer_sender_new_files (self->wormhole, (GFile **) self->files->pdata,
                                           self->files->len);
  gofer_transfer_set_transit_helper (GOFER_TRANSFER (self->sender), helper);
  /* The window comes first when the CPUs are busy. */
  gofer_transfer_set_background (GOFER_TRANSFER (self->sender), TRUE);
  g_signal_connect_object (self->sender, "progress", G_CALLBACK (progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sender, "notify::stage", G_CALLBACK (stage_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
allocate (GoferAppSendFlow *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  gofer_wormhole_allocate_code_async (self->wormhole, _gofer_app_flow_get_code_length (FLOW (self)),
                                      _gofer_app_flow_get_cancellable (FLOW (self)),
                                      allocated_cb, ref);
}

static void
gofer_app_send_flow_start (GoferAppFlow *flow)
{
  GoferAppSendFlow *self = GOFER_APP_SEND_FLOW (flow);
  GoferAppWindow *window = gofer_app_flow_get_window (flow);

  describe_payload (self);
  if (_gofer_app_flow_get_local_only (flow))
    {
      GError *error = NULL;

      if (!_gofer_app_flow_host_locally (flow, &error))
        {
          fail (self, error);
          return;
        }
    }
  prepare_sender (self);
  if (self->given_code != NULL)
    {
      _gofer_app_flow_set_code (flow, self->wormhole, self->given_code);
      run_with_code (self, window, g_steal_pointer (&self->given_code));
      return;
    }
  _gofer_app_flow_show_reaching_server (flow);
  allocate (self);
}

/* Once the sender runs, the flow's cancellable stops it and it closes the
 * wormhole; before that, the wormhole is closed here. */
static void
gofer_app_send_flow_cancel (GoferAppFlow *flow)
{
  GoferAppSendFlow *self = GOFER_APP_SEND_FLOW (flow);

  if (self->code == NULL && self->wormhole != NULL)
    _gofer_app_flow_close_wormhole (self->wormhole);
}

static void
gofer_app_send_flow_dispose (GObject *object)
{
  GoferAppSendFlow *self = (GoferAppSendFlow *)object;

  g_clear_object (&self->sender);
  g_clear_object (&self->wormhole);
  g_clear_pointer (&self->files, g_ptr_array_unref);

  G_OBJECT_CLASS (gofer_app_send_flow_parent_class)->dispose (object);
}

static void
gofer_app_send_flow_finalize (GObject *object)
{
  GoferAppSendFlow *self = (GoferAppSendFlow *)object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->code, gofer_app_secret_free);
  g_clear_pointer (&self->given_code, gofer_app_secret_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->done_description, g_free);
  g_clear_pointer (&self->payload, g_free);
  g_clear_pointer (&self->not_announced, g_free);

  G_OBJECT_CLASS (gofer_app_send_flow_parent_class)->finalize (object);
}

static void
gofer_app_send_flow_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GoferAppSendFlow *self = GOFER_APP_SEND_FLOW (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gofer_app_send_flow_class_init (GoferAppSendFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GoferAppFlowClass *flow_class = GOFER_APP_FLOW_CLASS (klass);

  object_class->dispose = gofer_app_send_flow_dispose;
  object_class->finalize = gofer_app_send_flow_finalize;
  object_class->get_property = gofer_app_send_flow_get_property;

  flow_class->start = gofer_app_send_flow_start;
  flow_class->cancel = gofer_app_send_flow_cancel;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gofer_app_send_flow_init (GoferAppSendFlow *self)
{
}

GoferAppSendFlow *
gofer_app_send_flow_new_files (GoferAppWindow *window,
                               GSettings      *settings,
                               GListModel     *files)
{
  GoferAppSendFlow *self;
  guint n;

  g_return_val_if_fail (GOFER_APP_IS_WINDOW (window), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (files), NULL);
  g_return_val_if_fail ((n = g_list_model_get_n_items (files)) > 0, NULL);

  self = g_object_new (GOFER_APP_TYPE_SEND_FLOW,
                       "window", window,
                       "settings", settings,
                       NULL);
  self->files = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->files, g_list_model_get_item (files, i));
  return self;
}

void
gofer_app_send_flow_set_code (GoferAppSendFlow *self,
                              const char       *code)
{
  g_return_if_fail (GOFER_APP_IS_SEND_FLOW (self));
  g_return_if_fail (self->code == NULL);

  g_clear_pointer (&self->given_code, gofer_app_secret_free);
  self->given_code = g_strdup (code);
}

GoferAppSendFlow *
gofer_app_send_flow_new_text (GoferAppWindow *window,
                              GSettings      *settings,
                              const char     *text)
{
  GoferAppSendFlow *self;

  g_return_val_if_fail (GOFER_APP_IS_WINDOW (window), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (GOFER_APP_TYPE_SEND_FLOW,
                       "window", window,
                       "settings", settings,
                       NULL);
  self->text = g_strdup (text);
  return self;
}

const char *
gofer_app_send_flow_get_code (GoferAppSendFlow *self)
{
  g_return_val_if_fail (GOFER_APP_IS_SEND_FLOW (self), NULL);

  return self->code;
}
