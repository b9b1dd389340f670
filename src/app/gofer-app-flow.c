/* gofer-app-flow.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-flow.h"
#ifdef HAVE_LOCAL_SERVER
# include "gofer-local-host.h"
#endif

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gofer-app-send-flow.h"
#include "gofer-app-settings.h"
#include "gofer-app-speed.h"

typedef struct
{
  GoferAppWindow    *window;   /* weak */
  GSettings         *settings;
  GCancellable      *cancellable;
  GoferAppSpeed     *speed;
  GError            *error;
  GoferAppFlowState  state;
  gboolean           started;
  /* This side showed a code: the other side typed it. */
  gboolean           showed_code;
  /* A server a link named and the person accepted, the sender's own on
   * the local network, or our own; NULL: the settings'. */
  char              *mailbox_url;
  /* Our own mailbox and transit relay for the local network (a
   * GoferLocalHost), when the server could not be reached. */
  GObject           *local_host;
  gboolean           running;
} GoferAppFlowPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (GoferAppFlow, gofer_app_flow, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (GoferAppFlowState, gofer_app_flow_state,
                    G_DEFINE_ENUM_VALUE (GOFER_APP_FLOW_STATE_STARTING, "starting"),
                    G_DEFINE_ENUM_VALUE (GOFER_APP_FLOW_STATE_CODE, "code"),
                    G_DEFINE_ENUM_VALUE (GOFER_APP_FLOW_STATE_OFFERED, "offered"),
                    G_DEFINE_ENUM_VALUE (GOFER_APP_FLOW_STATE_TRANSFERRING, "transferring"),
                    G_DEFINE_ENUM_VALUE (GOFER_APP_FLOW_STATE_CONVERSING, "conversing"),
                    G_DEFINE_ENUM_VALUE (GOFER_APP_FLOW_STATE_DONE, "done"),
                    G_DEFINE_ENUM_VALUE (GOFER_APP_FLOW_STATE_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (GOFER_APP_FLOW_STATE_CANCELLED, "cancelled"))

enum {
  PROP_0,
  PROP_WINDOW,
  PROP_SETTINGS,
  PROP_STATE,
  PROP_RUNNING,
  N_PROPS
};

enum {
  SIGNAL_FINISHED,
  SIGNAL_TRANSFERRED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
state_is_final (GoferAppFlowState state)
{
  return state == GOFER_APP_FLOW_STATE_DONE ||
         state == GOFER_APP_FLOW_STATE_FAILED ||
         state == GOFER_APP_FLOW_STATE_CANCELLED;
}

/* A finished flow no longer listens to the window: the next flow does. */
static void
detach_window (GoferAppFlow *self)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);

  if (priv->window != NULL)
    g_signal_handlers_disconnect_by_data (priv->window, self);
}

void
_gofer_app_flow_set_state (GoferAppFlow      *self,
                           GoferAppFlowState  state)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);

  g_return_if_fail (GOFER_APP_IS_FLOW (self));

  /* Nothing leaves a final state: late callbacks of a cancelled core
   * operation must not revive the flow. */
  if (priv->state == state || state_is_final (priv->state))
    return;

  priv->state = state;
  if (state == GOFER_APP_FLOW_STATE_CODE)
    priv->showed_code = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  _gofer_app_flow_update_running (self);

  if (state_is_final (state))
    {
      detach_window (self);
      g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
    }
}

static void
window_cancel_requested_cb (GoferAppFlow *self)
{
  gofer_app_flow_cancel (self);
}

static void
window_destroyed_cb (GoferAppFlow *self)
{
  g_debug ("flow: the window went away; cancelling");
  gofer_app_flow_cancel (self);
}

static void
set_window (GoferAppFlow   *self,
            GoferAppWindow *window)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);

  g_set_weak_pointer (&priv->window, window);
  g_signal_connect_object (window, "cancel-requested", G_CALLBACK (window_cancel_requested_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "destroy", G_CALLBACK (window_destroyed_cb),
                           self, G_CONNECT_SWAPPED);
}

#ifdef HAVE_LOCAL_SERVER
static void
lingered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  gofer_local_host_linger_finish (GOFER_LOCAL_HOST (source), result);
  g_object_unref (source);
}
#endif

/* The other side closes its mailbox after the transfer: our server stays
 * until it has (at most 10 s), or it would wait for an answer. Takes @host. */
static void
linger_and_drop (GObject *host)
{
#ifdef HAVE_LOCAL_SERVER
  gofer_local_host_linger_async (GOFER_LOCAL_HOST (host), NULL, lingered_cb, NULL);
#else
  g_object_unref (host);
#endif
}

static void
gofer_app_flow_dispose (GObject *object)
{
  GoferAppFlow *self = (GoferAppFlow *)object;
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);

  g_cancellable_cancel (priv->cancellable);
  detach_window (self);
  g_clear_weak_pointer (&priv->window);
  g_clear_object (&priv->settings);
  if (priv->local_host != NULL)
    linger_and_drop (g_steal_pointer (&priv->local_host));

  G_OBJECT_CLASS (gofer_app_flow_parent_class)->dispose (object);
}

static void
gofer_app_flow_finalize (GObject *object)
{
  GoferAppFlow *self = (GoferAppFlow *)object;
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);

  g_clear_object (&priv->cancellable);
  g_clear_pointer (&priv->speed, gofer_app_speed_free);
  g_clear_error (&priv->error);
  g_clear_pointer (&priv->mailbox_url, g_free);

  G_OBJECT_CLASS (gofer_app_flow_parent_class)->finalize (object);
}

static void
gofer_app_flow_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GoferAppFlow *self = GOFER_APP_FLOW (object);

  switch (prop_id)
    {
    case PROP_WINDOW:
      g_value_set_object (value, gofer_app_flow_get_window (self));
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, gofer_app_flow_get_settings (self));
      break;

    case PROP_STATE:
      g_value_set_enum (value, gofer_app_flow_get_state (self));
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, gofer_app_flow_is_running (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gofer_app_flow_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GoferAppFlow *self = GOFER_APP_FLOW (object);
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_WINDOW:
      set_window (self, g_value_get_object (value));
      break;

    case PROP_SETTINGS:
      priv->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gofer_app_flow_class_init (GoferAppFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_app_flow_dispose;
  object_class->finalize = gofer_app_flow_finalize;
  object_class->get_property = gofer_app_flow_get_property;
  object_class->set_property = gofer_app_flow_set_property;

  properties[PROP_WINDOW] =
    g_param_spec_object ("window", NULL, NULL,
                         GOFER_APP_TYPE_WINDOW,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       GOFER_APP_TYPE_FLOW_STATE,
                       GOFER_APP_FLOW_STATE_STARTING,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_TRANSFERRED] =
    g_signal_new ("transferred", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, GOFER_APP_TYPE_HISTORY_ENTRY);
}

static void
gofer_app_flow_init (GoferAppFlow *self)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);

  priv->cancellable = g_cancellable_new ();
  priv->speed = gofer_app_speed_new ();
  priv->running = TRUE;  /* STARTING */
}

void
gofer_app_flow_start (GoferAppFlow *self)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);

  g_return_if_fail (GOFER_APP_IS_FLOW (self));
  g_return_if_fail (!priv->started);

  priv->started = TRUE;
  /* With its window gone a flow has nothing to show: it ends at once. */
  if (priv->window == NULL)
    {
      gofer_app_flow_cancel (self);
      return;
    }
  GOFER_APP_FLOW_GET_CLASS (self)->start (self);
}

void
gofer_app_flow_cancel (GoferAppFlow *self)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);

  g_return_if_fail (GOFER_APP_IS_FLOW (self));

  if (state_is_final (priv->state))
    return;

  g_object_ref (self);
  _gofer_app_flow_set_state (self, GOFER_APP_FLOW_STATE_CANCELLED);
  if (GOFER_APP_FLOW_GET_CLASS (self)->cancel != NULL)
    GOFER_APP_FLOW_GET_CLASS (self)->cancel (self);
  g_cancellable_cancel (priv->cancellable);
  g_object_unref (self);
}

GoferAppFlowState
gofer_app_flow_get_state (GoferAppFlow *self)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);

  g_return_val_if_fail (GOFER_APP_IS_FLOW (self), GOFER_APP_FLOW_STATE_FAILED);

  return priv->state;
}

static gboolean
compute_running (GoferAppFlow *self)
{
  GoferAppFlowState state = gofer_app_flow_get_state (self);

  if (GOFER_APP_FLOW_GET_CLASS (self)->is_running != NULL)
    return GOFER_APP_FLOW_GET_CLASS (self)->is_running (self);
  return state == GOFER_APP_FLOW_STATE_STARTING || state == GOFER_APP_FLOW_STATE_CODE ||
         state == GOFER_APP_FLOW_STATE_OFFERED || state == GOFER_APP_FLOW_STATE_TRANSFERRING;
}

gboolean
gofer_app_flow_is_running (GoferAppFlow *self)
{
  g_return_val_if_fail (GOFER_APP_IS_FLOW (self), FALSE);

  return compute_running (self);
}

void
_gofer_app_flow_update_running (GoferAppFlow *self)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);
  gboolean running;

  g_return_if_fail (GOFER_APP_IS_FLOW (self));

  running = compute_running (self);
  if (running == priv->running)
    return;
  priv->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

gboolean
gofer_app_flow_is_finished (GoferAppFlow *self)
{
  g_return_val_if_fail (GOFER_APP_IS_FLOW (self), TRUE);

  return state_is_final (gofer_app_flow_get_state (self));
}

GoferAppWindow *
gofer_app_flow_get_window (GoferAppFlow *self)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);

  g_return_val_if_fail (GOFER_APP_IS_FLOW (self), NULL);

  return priv->window;
}

GSettings *
gofer_app_flow_get_settings (GoferAppFlow *self)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);

  g_return_val_if_fail (GOFER_APP_IS_FLOW (self), NULL);

  return priv->settings;
}

const GError *
gofer_app_flow_get_error (GoferAppFlow *self)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);

  g_return_val_if_fail (GOFER_APP_IS_FLOW (self), NULL);

  return priv->error;
}

GCancellable *
_gofer_app_flow_get_cancellable (GoferAppFlow *self)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);

  return priv->cancellable;
}

void
gofer_app_flow_set_mailbox_url (GoferAppFlow *self,
                                const char   *mailbox_url)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);

  g_return_if_fail (GOFER_APP_IS_FLOW (self));
  g_return_if_fail (!priv->started);

  g_free (priv->mailbox_url);
  priv->mailbox_url = g_strdup (mailbox_url);
}

static char *
dup_mailbox_url (GoferAppFlow *self)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);

  if (priv->mailbox_url != NULL)
    return g_strdup (priv->mailbox_url);
  return g_settings_get_string (priv->settings, GOFER_APP_SETTINGS_MAILBOX_URL);
}

char *
_gofer_app_flow_dup_mailbox_url (GoferAppFlow *self)
{
  return dup_mailbox_url (self);
}

GoferWormhole *
_gofer_app_flow_new_wormhole (GoferAppFlow *self)
{
  g_autofree char *url = dup_mailbox_url (self);

  return gofer_wormhole_new (url, NULL);
}

guint
_gofer_app_flow_get_code_length (GoferAppFlow *self)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);

  return (guint) MAX (g_settings_get_int (priv->settings, GOFER_APP_SETTINGS_CODE_LENGTH), 1);
}

void
_gofer_app_flow_show_reaching_server (GoferAppFlow *self)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);
  g_autofree char *url = dup_mailbox_url (self);
  g_autofree char *late = NULL;

  g_return_if_fail (GOFER_APP_IS_FLOW (self));

  if (priv->window == NULL)
    return;
  /* Translators: %s is the address of a server, e.g. "wss://relay.example.org/v1" */
  late = g_strdup_printf (_("The server %s has not answered yet. Check your network connection, "
                            "or the server in Preferences, then try again."), url);
  gofer_app_window_show_waiting (priv->window, _("Reaching the Server…"), late);
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GWeakRef, weak_ref_free)

/* Holds the flow weakly: the wormhole may finish this only when it
 * closes. Once the code is claimed the server has answered: what is left
 * is waiting for the other side. */
static void
set_code_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GWeakRef) ref = user_data;
  g_autoptr(GoferAppFlow) self = g_weak_ref_get (ref);
  GoferAppFlowPrivate *priv;

  if (!gofer_wormhole_set_code_finish (GOFER_WORMHOLE (object), result, NULL) || self == NULL)
    return;
  priv = gofer_app_flow_get_instance_private (self);
  if (priv->state != GOFER_APP_FLOW_STATE_STARTING || priv->window == NULL ||
      g_strcmp0 (gofer_app_window_get_page (priv->window), GOFER_APP_PAGE_PROGRESS) != 0)
    return;

  gofer_app_window_show_waiting (priv->window, _("Waiting for the Sender…"),
                                 _("Nobody has used this code yet. Check that the sender still "
                                   "shows it and that you typed it exactly, or cancel and try "
                                   "again."));
}

void
_gofer_app_flow_set_code (GoferAppFlow  *self,
                          GoferWormhole *wormhole,
                          const char    *code)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  gofer_wormhole_set_code_async (wormhole, code, priv->cancellable, set_code_cb, ref);
}

static void
close_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  gofer_wormhole_close_finish (GOFER_WORMHOLE (object), result);
}

void
_gofer_app_flow_close_wormhole (GoferWormhole *wormhole)
{
  gofer_wormhole_close_async (wormhole, NULL, NULL, close_cb, NULL);
}

char *
_gofer_app_flow_dup_transit_helper (GoferAppFlow *self)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);
  g_autofree char *hint = NULL;

#ifdef HAVE_LOCAL_SERVER
  if (priv->local_host != NULL)
    return g_strdup (gofer_local_host_get_transit_helper (GOFER_LOCAL_HOST (priv->local_host)));
#endif
  hint = g_settings_get_string (priv->settings, GOFER_APP_SETTINGS_TRANSIT_HELPER);

  if (hint[0] == '\0')
    return NULL;
  return g_steal_pointer (&hint);
}

/* What a helper or a bug report needs; never the code. */
static char *
describe_failure (GoferAppFlow       *self,
                  const GError       *error,
                  GoferTransferStage  stage)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);
  g_autofree char *url = dup_mailbox_url (self);
  g_autofree char *hint = g_settings_get_string (priv->settings, GOFER_APP_SETTINGS_TRANSIT_HELPER);
  g_autoptr(GEnumClass) stages = g_type_class_ref (GOFER_TYPE_TRANSFER_STAGE);
  GEnumValue *stage_value = g_enum_get_value (stages, stage);
  GString *details = g_string_new (NULL);

  g_string_append_printf (details, "%s %s %d\n", _("Error:"),
                          g_quark_to_string (error->domain), error->code);
  g_string_append_printf (details, "%s %s\n", _("Message:"), error->message);
  g_string_append_printf (details, "%s %s\n", _("Stage:"),
                          stage_value ? stage_value->value_nick : "?");
  g_string_append_printf (details, "%s %s\n", _("Mailbox server:"), url);
  g_string_append_printf (details, "%s %s\n", _("Transit relay:"), hint);
  g_string_append_printf (details, "Gofer %s (GLib %u.%u.%u, GTK %u.%u.%u, libadwaita %u.%u.%u)",
                          PACKAGE_VERSION,
                          glib_major_version, glib_minor_version, glib_micro_version,
                          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
                          adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version ());
  return g_string_free (details, FALSE);
}

typedef struct
{
  const char             *title;
  const char             *sentence;  /* NULL: the error's own */
  GoferAppFailureActions  actions;
  gboolean                is_error;
  const char             *help;      /* the help topic that explains it */
} Outcome;

/* Each failure its own title and sentence, true for the side that reads
 * it, and what helps: try again, the server in Preferences, the same files
 * with a new code. */
static Outcome
describe_outcome (GoferAppFlow *self,
                  const GError *error)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);
  gboolean sends = GOFER_APP_IS_SEND_FLOW (self);
  /* What was sent can go again under a new code; a conversation starts again. */
  GoferAppFailureActions again = sends ? GOFER_APP_FAILURE_ACTION_SEND_AGAIN
                                       : priv->showed_code ? GOFER_APP_FAILURE_ACTION_RETRY
                                                           : GOFER_APP_FAILURE_ACTION_NONE;
  Outcome outcome = { _("Transfer Failed"), NULL, again, TRUE, "problems#other" };

  if (error->domain != GOFER_ERROR)
    return outcome;

  switch ((GoferError) error->code)
    {
    case GOFER_ERROR_RELAY_UNREACHABLE:
    case GOFER_ERROR_RELAY_ERROR:
    case GOFER_ERROR_RELAY_REFUSED:
    /* The server out of reach, and no mDNS to search the network with. */
    case GOFER_ERROR_NO_DISCOVERY:
      /* Nothing started: the same again, once the network or the server is right. */
      outcome.title = _("Server Not Reachable");
      outcome.help = "problems#server-unreachable";
      outcome.actions = GOFER_APP_FAILURE_ACTION_RETRY | GOFER_APP_FAILURE_ACTION_PREFERENCES;
      break;

    case GOFER_ERROR_REJECTED:
      outcome.title = _("Declined");
      outcome.help = "problems#declined";
      outcome.is_error = FALSE;
      if (sends)
        outcome.sentence = _("The receiver declined. Nothing was sent.");
      break;

    case GOFER_ERROR_WRONG_CODE:
      outcome.title = _("Wrong Code");
      outcome.help = "problems#wrong-code";
      /* The side that showed the code typed nothing: the other side did. */
      if (priv->showed_code)
        {
          outcome.title = _("The Code Was Mistyped");
          outcome.sentence = _("The other side typed the code with a mistake, so the connection "
                               "was closed to keep it safe. Try again with a new code and read it "
                               "out carefully.");
        }
      else
        outcome.actions = GOFER_APP_FAILURE_ACTION_NONE;
      break;

    case GOFER_ERROR_BAD_CODE:
      outcome.title = _("Not a Code");
      outcome.help = "problems#not-a-code";
      outcome.actions = GOFER_APP_FAILURE_ACTION_NONE;
      break;

    case GOFER_ERROR_CROWDED:
      outcome.title = _("Code Already in Use");
      outcome.help = "problems#code-in-use";
      break;

    case GOFER_ERROR_PEER_GONE:
    case GOFER_ERROR_PEER_ERROR:
      outcome.title = _("Stopped by the Other Side");
      outcome.help = "problems#declined";
      outcome.is_error = FALSE;
      break;

    case GOFER_ERROR_TIMEOUT:
      outcome.title = _("No Answer");
      outcome.help = "problems#no-answer";
      break;

    case GOFER_ERROR_TRANSIT:
      outcome.title = _("Connection Lost");
      outcome.help = "problems#connection-lost";
      break;

    case GOFER_ERROR_NO_SPACE:
      outcome.title = _("Not Enough Space");
      outcome.help = "problems#no-space";
      break;

    case GOFER_ERROR_CORRUPT:
      outcome.title = _("Damaged on the Way");
      outcome.help = "problems#damaged";
      break;

    case GOFER_ERROR_UNSAFE:
      outcome.title = _("Refused for Safety");
      outcome.help = "problems#refused";
      outcome.actions = GOFER_APP_FAILURE_ACTION_NONE;
      break;

    case GOFER_ERROR_NOT_SUPPORTED:
      outcome.title = _("Not Supported by the Other Side");
      outcome.help = "problems#not-supported";
      outcome.actions = GOFER_APP_FAILURE_ACTION_NONE;
      break;

    case GOFER_ERROR_FAILED:
    case GOFER_ERROR_PROTOCOL:
    default:
      break;
    }

  return outcome;
}

void
_gofer_app_flow_fail (GoferAppFlow       *self,
                      GError             *error,
                      GoferTransferStage  stage)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);
  g_autofree char *details = NULL;

  g_return_if_fail (GOFER_APP_IS_FLOW (self));
  g_return_if_fail (error != NULL);

  if (state_is_final (priv->state))
    {
      g_error_free (error);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      _gofer_app_flow_set_state (self, GOFER_APP_FLOW_STATE_CANCELLED);
      return;
    }

  details = describe_failure (self, error, stage);
  if (priv->window != NULL)
    {
      Outcome outcome = describe_outcome (self, error);

      gofer_app_window_show_failure (priv->window, outcome.title,
                                     outcome.sentence ? outcome.sentence : error->message,
                                     details, outcome.actions, outcome.is_error);
      gofer_app_window_set_failure_help (priv->window, outcome.help);
    }
  _gofer_app_flow_end_failed (self, error);
}

void
_gofer_app_flow_end_failed (GoferAppFlow *self,
                            GError       *error)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);

  g_return_if_fail (GOFER_APP_IS_FLOW (self));
  g_return_if_fail (error != NULL);

  if (state_is_final (priv->state))
    {
      g_error_free (error);
      return;
    }

  g_debug ("flow: failed: %s", error->message);
  g_clear_error (&priv->error);
  priv->error = error;
  _gofer_app_flow_set_state (self, GOFER_APP_FLOW_STATE_FAILED);
}

void
_gofer_app_flow_show_progress (GoferAppFlow *self,
                               const char   *title,
                               guint64       bytes_done,
                               guint64       bytes_total)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);
  double speed;

  g_return_if_fail (GOFER_APP_IS_FLOW (self));

  if (bytes_total == 0)
    gofer_app_speed_reset (priv->speed);
  else
    gofer_app_speed_add (priv->speed, bytes_done, g_get_monotonic_time ());
  speed = gofer_app_speed_get_bytes_per_second (priv->speed);

  if (priv->window != NULL)
    gofer_app_window_show_progress (priv->window, title, bytes_done, bytes_total, speed);
}

/* The local network */

/* How long "Local Network Only" looks for the sender. */
#define LOCAL_SEARCH_MS 10000

gboolean
_gofer_app_flow_may_stay_local (GoferAppFlow *self,
                                const GError *error)
{
#ifdef HAVE_LOCAL_SERVER
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);
  g_autofree char *url = dup_mailbox_url (self);

  return g_error_matches (error, GOFER_ERROR, GOFER_ERROR_RELAY_UNREACHABLE) &&
         priv->local_host == NULL && gofer_code_is_default_rendezvous (url);
#else
  return FALSE;
#endif
}

gboolean
_gofer_app_flow_host_locally (GoferAppFlow  *self,
                              GError       **error)
{
#ifdef HAVE_LOCAL_SERVER
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);
  GoferLocalHost *host = gofer_local_host_new (error);

  if (host == NULL)
    return FALSE;
  priv->local_host = G_OBJECT (host);
  g_free (priv->mailbox_url);
  priv->mailbox_url = g_strdup (gofer_local_host_get_mailbox_url (host));
  return TRUE;
#else
  g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_NOT_SUPPORTED,
                       _("This build of Gofer cannot serve a transfer on the local network."));
  return FALSE;
#endif
}

GObject *
_gofer_app_flow_get_local_host (GoferAppFlow *self)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);

  return priv->local_host;
}

static void
sender_found_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GoferAppFlow *self = g_task_get_source_object (task);
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);
  GError *error = NULL;
  char *url = gofer_lan_choose_server_finish (result, &error);

  if (url == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_free (priv->mailbox_url);
  priv->mailbox_url = url;
  g_task_return_boolean (task, TRUE);
}

gboolean
_gofer_app_flow_get_local_only (GoferAppFlow *self)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);

  return g_settings_get_boolean (priv->settings, GOFER_APP_SETTINGS_LOCAL_NETWORK_ONLY);
}

static void
found_on_network_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GoferAppFlow *self = g_task_get_source_object (task);
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);
  GError *error = NULL;
  char *url = gofer_lan_finder_find_finish (GOFER_LAN_FINDER (source), result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else if (url == NULL)
    g_task_return_new_error (task, GOFER_ERROR, GOFER_ERROR_RELAY_UNREACHABLE,
                             _("No computer on this network is sending with that code. Check "
                               "the code, and that the sender is on the same network and "
                               "still waiting."));
  else
    {
      g_free (priv->mailbox_url);
      priv->mailbox_url = url;
      g_task_return_boolean (task, TRUE);
    }
}

void
_gofer_app_flow_find_sender_async (GoferAppFlow        *self,
                                   const char          *nameplate,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GoferAppFlowPrivate *priv = gofer_app_flow_get_instance_private (self);
  g_autofree char *url = dup_mailbox_url (self);
  GTask *task = g_task_new (self, priv->cancellable, callback, user_data);

  g_task_set_source_tag (task, _gofer_app_flow_find_sender_async);
  if (_gofer_app_flow_get_local_only (self))
    {
      g_autoptr(GoferLanFinder) finder = gofer_lan_finder_new ();

      /* The finder's task keeps it until it is done. */
      gofer_lan_finder_find_async (finder, nameplate, LOCAL_SEARCH_MS, priv->cancellable,
                                   found_on_network_cb, task);
      return;
    }
  /* A server the person chose is where they meet; the public one may be
   * out of reach, or the sender on this network. */
  if (!gofer_code_is_default_rendezvous (url))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  gofer_lan_choose_server_async (url, GOFER_APPID_FILE_TRANSFER, nameplate, GOFER_LAN_SEARCH_MS,
                                 priv->cancellable, sender_found_cb, task);
}

gboolean
_gofer_app_flow_find_sender_finish (GoferAppFlow  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
_gofer_app_flow_record (GoferAppFlow         *self,
                        GoferAppHistoryEntry *entry)
{
  g_return_if_fail (GOFER_APP_IS_FLOW (self));
  g_return_if_fail (GOFER_APP_IS_HISTORY_ENTRY (entry));

  g_signal_emit (self, signals[SIGNAL_TRANSFERRED], 0, entry);
}
