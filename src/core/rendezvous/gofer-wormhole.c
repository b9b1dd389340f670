/* gofer-wormhole.c: one Magic Wormhole between two sides
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The client state machine: claim a nameplate, open its mailbox, run SPAKE2
 * in the "pake" phase, confirm the key with the encrypted "version" phase,
 * then carry numbered application phases in order. Every peer message is
 * handled once, whatever the server re-delivers after a reconnection.
 *
 * This file holds the object and the state machine: the code, the nameplate
 * and the mailbox, the peer's messages as they arrive, closing. The key
 * exchange and the version phase are in gofer-wormhole-key.c, the numbered
 * phases and the tasks that wait on them in gofer-wormhole-phases.c.
 */

#include "config.h"

#include "gofer-wormhole-object-private.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "gofer-code.h"
#include "gofer-error.h"
#include "gofer-mailbox.h"
#include "gofer-spake2.h"

/* How long to wait for the peer's version when its key may be the one
 * wormhole-william derives: those clients send it at once. */
#define WILLIAM_KEY_WAIT_SECONDS 2

typedef struct
{
  char *phase;
  char *body;
} EarlyMessage;

G_DEFINE_FINAL_TYPE (GoferWormhole, gofer_wormhole, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_VERIFIER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
early_message_free (gpointer data)
{
  EarlyMessage *msg = data;

  g_free (msg->phase);
  g_free (msg->body);
  g_free (msg);
}

/* Once the key is certain: publish the verifier, send our version, and
 * read what the peer sent before we could decrypt it. */
static void
settle_key (GoferWormhole *self)
{
  g_clear_pointer (&self->william_key, gofer_key_free);
  if (self->key_wait != NULL)
    {
      g_source_destroy (self->key_wait);
      g_clear_pointer (&self->key_wait, g_source_unref);
    }

  self->verifier = gofer_derive_verifier_hex (self->key);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERIFIER]);
  _gofer_wormhole_send_version (self);

  for (guint i = 0; i < self->early_messages->len && self->failure == NULL; i++)
    {
      EarlyMessage *msg = g_ptr_array_index (self->early_messages, i);
      _gofer_wormhole_handle_encrypted (self, self->peer_side, msg->phase, msg->body);
    }
  g_ptr_array_set_size (self->early_messages, 0);
}

static gboolean
key_wait_expired_cb (gpointer user_data)
{
  GoferWormhole *self = user_data;

  /* No version came: the peer waits for ours, as another Gofer does. */
  g_clear_pointer (&self->key_wait, g_source_unref);
  settle_key (self);
  return G_SOURCE_REMOVE;
}

/* One exchange in 256 gives wormhole-william a different key than Python,
 * Rust and Gofer derive (gofer_spake2_steal_william_key()). Those peers
 * send their version at once, so wait a little for it before sending ours
 * under either key. */
static void
wait_for_peer_version (GoferWormhole *self)
{
  self->key_wait = g_timeout_source_new_seconds (WILLIAM_KEY_WAIT_SECONDS);
  g_source_set_callback (self->key_wait, key_wait_expired_cb, self, NULL);
  g_source_set_static_name (self->key_wait, "[gofer] wormhole key choice");
  g_source_attach (self->key_wait, g_main_context_get_thread_default ());
}

static void
handle_pake (GoferWormhole *self,
             const char    *side,
             const char    *body_hex)
{
  g_autoptr(GError) error = NULL;

  if (self->spake2 == NULL || !_gofer_wormhole_compute_key (self, body_hex, &error))
    {
      if (error == NULL)
        error = g_error_new_literal (GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                                     _("The other side started the key exchange twice."));
      _gofer_wormhole_fail (self, g_steal_pointer (&error), "scary");
      return;
    }

  self->heard_peer = TRUE;
  self->peer_side = g_strdup (side);
  gofer_mailbox_release (self->mailbox);
  if (self->william_key != NULL)
    wait_for_peer_version (self);
  else
    settle_key (self);
}

static void
mailbox_message_cb (GoferMailbox *mailbox,
                    const char   *side,
                    const char   *phase,
                    const char   *body_hex,
                    gpointer      user_data)
{
  GoferWormhole *self = user_data;

  if (g_str_equal (side, self->side) || self->failure != NULL)
    return;
  /* The server replays every stored message when a mailbox is re-opened. */
  if (!g_hash_table_add (self->seen_phases, g_strdup (phase)))
    return;

  g_object_ref (self);
  if (g_str_equal (phase, "pake"))
    handle_pake (self, side, body_hex);
  else if (self->key == NULL || self->william_key != NULL)
    {
      EarlyMessage *msg = g_new0 (EarlyMessage, 1);
      msg->phase = g_strdup (phase);
      msg->body = g_strdup (body_hex);
      g_ptr_array_add (self->early_messages, msg);
      if (self->william_key != NULL && g_str_equal (phase, "version"))
        {
          _gofer_wormhole_pick_key (self, body_hex);
          settle_key (self);
        }
    }
  else
    _gofer_wormhole_handle_encrypted (self, side, phase, body_hex);
  g_object_unref (self);
}

static void
mailbox_failed_cb (GoferMailbox *mailbox,
                   const GError *error,
                   gpointer      user_data)
{
  GoferWormhole *self = user_data;

  _gofer_wormhole_fail (self, g_error_copy (error), "errory");
}

void
_gofer_wormhole_set_mailbox (GoferWormhole *self,
                             GoferMailbox  *mailbox)
{
  g_return_if_fail (self->mailbox == NULL);

  self->mailbox = g_object_ref (mailbox);
  g_signal_connect_object (self->mailbox, "message", G_CALLBACK (mailbox_message_cb), self, 0);
  g_signal_connect_object (self->mailbox, "failed", G_CALLBACK (mailbox_failed_cb), self, 0);
}

static void
ensure_mailbox (GoferWormhole *self)
{
  g_autoptr(GoferMailbox) mailbox = NULL;

  if (self->mailbox != NULL)
    return;

  mailbox = gofer_mailbox_new (self->relay_url, self->appid, self->side);
  if (self->connect_timeout > 0)
    gofer_mailbox_set_connect_timeout (mailbox, self->connect_timeout);
  _gofer_wormhole_set_mailbox (self, mailbox);
}

static void
complete_code_task (GoferWormhole *self)
{
  GTask *task = g_steal_pointer (&self->code_task);

  if (task == NULL)
    return;
  if (g_task_get_source_tag (task) == gofer_wormhole_allocate_code_async)
    g_task_return_pointer (task, g_strdup (self->code), g_free);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
claim_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GoferWormhole) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *mailbox_id = gofer_mailbox_claim_finish (GOFER_MAILBOX (source), result, &error);

  if (mailbox_id == NULL)
    {
      _gofer_wormhole_fail (self, g_steal_pointer (&error), "errory");
      return;
    }
  _gofer_wormhole_start_key_exchange (self, mailbox_id);
  complete_code_task (self);
}

static void
claim_nameplate_of_code (GoferWormhole *self)
{
  g_autofree char *nameplate = g_strndup (self->code, strcspn (self->code, "-"));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
  gofer_mailbox_claim_async (self->mailbox, nameplate, NULL, claim_cb, g_object_ref (self));
}

static void
allocate_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GoferWormhole) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *nameplate = gofer_mailbox_allocate_finish (GOFER_MAILBOX (source), result, &error);
  g_autofree char *words = NULL;

  if (nameplate == NULL)
    {
      _gofer_wormhole_fail (self, g_steal_pointer (&error), "errory");
      return;
    }
  words = gofer_code_generate_words (self->n_words);
  self->code = g_strdup_printf ("%s-%s", nameplate, words);
  claim_nameplate_of_code (self);
}

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GoferWormhole) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gofer_mailbox_connect_finish (GOFER_MAILBOX (source), result, &error))
    {
      _gofer_wormhole_fail (self, g_steal_pointer (&error), "errory");
      return;
    }
  if (self->meet_directly)
    {
      _gofer_wormhole_start_key_exchange (self, self->meet_mailbox);
      complete_code_task (self);
    }
  else if (self->code != NULL)
    claim_nameplate_of_code (self);
  else
    gofer_mailbox_allocate_async (self->mailbox, NULL, allocate_cb, g_object_ref (self));
}

static void
start_code_task (GoferWormhole *self,
                 GTask         *task)
{
  self->code_task = task;
  ensure_mailbox (self);
  gofer_mailbox_connect_async (self->mailbox, NULL, connect_cb, g_object_ref (self));
}

void
gofer_wormhole_allocate_code_async (GoferWormhole       *self,
                                    guint                n_words,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GOFER_IS_WORMHOLE (self));
  g_return_if_fail (self->code == NULL && self->code_task == NULL);
  g_return_if_fail (n_words >= 1);

  task = _gofer_wormhole_new_task (self, gofer_wormhole_allocate_code_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  self->n_words = n_words;
  start_code_task (self, task);
}

char *
gofer_wormhole_allocate_code_finish (GoferWormhole  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
gofer_wormhole_set_code_async (GoferWormhole       *self,
                               const char          *code,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GOFER_IS_WORMHOLE (self));
  g_return_if_fail (code != NULL && strchr (code, '-') != NULL);
  g_return_if_fail (self->code == NULL && self->code_task == NULL);

  task = _gofer_wormhole_new_task (self, gofer_wormhole_set_code_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  self->code = g_strdup (code);
  start_code_task (self, task);
}

gboolean
gofer_wormhole_set_code_finish (GoferWormhole  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
_gofer_wormhole_get_peer_side (GoferWormhole *self)
{
  g_return_val_if_fail (GOFER_IS_WORMHOLE (self), NULL);
  return self->peer_side;
}

GoferMailbox *
_gofer_wormhole_get_mailbox (GoferWormhole *self)
{
  g_return_val_if_fail (GOFER_IS_WORMHOLE (self), NULL);
  return self->mailbox;
}

static void
mailbox_close_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  gofer_mailbox_close_finish (GOFER_MAILBOX (source), result, NULL);
  g_task_return_boolean (task, TRUE);
}

/* Nobody waits forever on a closed wormhole. */
static void
fail_waiters_on_close (GoferWormhole *self)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED,
                                                 _("The connection was closed."));

  _gofer_wormhole_fail_waiters (self, error);
}

const char *
gofer_wormhole_get_mood (GoferWormhole *self)
{
  g_return_val_if_fail (GOFER_IS_WORMHOLE (self), NULL);

  if (self->mood != NULL)
    return self->mood;
  return self->heard_peer ? "happy" : "lonely";
}

void
gofer_wormhole_close_async (GoferWormhole       *self,
                            const char          *mood,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GOFER_IS_WORMHOLE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_wormhole_close_async);
  if (mood != NULL && self->mood == NULL)
    self->mood = g_intern_string (mood);
  fail_waiters_on_close (self);
  if (self->mailbox == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  gofer_mailbox_close_async (self->mailbox, gofer_wormhole_get_mood (self), cancellable,
                             mailbox_close_cb, g_steal_pointer (&task));
}

typedef struct
{
  GTask  *task;
  GError *error;
} CloseAndReturn;

static void
close_and_return_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  CloseAndReturn *data = user_data;

  gofer_wormhole_close_finish (GOFER_WORMHOLE (source), result);
  if (data->error != NULL)
    g_task_return_error (data->task, data->error);
  else
    g_task_return_boolean (data->task, TRUE);
  g_object_unref (data->task);
  g_free (data);
}

void
_gofer_wormhole_close_and_return (GoferWormhole *self,
                                  GTask         *task,
                                  GError        *error)
{
  CloseAndReturn *data = g_new0 (CloseAndReturn, 1);

  data->task = task;
  data->error = error;
  gofer_wormhole_close_async (self, error != NULL && self->mood == NULL ? "errory" : NULL,
                              NULL, close_and_return_cb, data);
}

void
gofer_wormhole_close_finish (GoferWormhole *self,
                             GAsyncResult  *result)
{
  g_return_if_fail (g_task_is_valid (result, self));
  g_task_propagate_boolean (G_TASK (result), NULL);
}

static void
list_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char **nameplates = gofer_mailbox_list_finish (GOFER_MAILBOX (source), result, &error);

  if (nameplates == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, nameplates, (GDestroyNotify)g_strfreev);
}

static void
list_connect_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!gofer_mailbox_connect_finish (GOFER_MAILBOX (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  gofer_mailbox_list_async (GOFER_MAILBOX (source), g_task_get_cancellable (task),
                            list_cb, g_object_ref (task));
}

void
gofer_wormhole_list_nameplates_async (GoferWormhole       *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GOFER_IS_WORMHOLE (self));

  task = _gofer_wormhole_new_task (self, gofer_wormhole_list_nameplates_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  ensure_mailbox (self);
  gofer_mailbox_connect_async (self->mailbox, cancellable, list_connect_cb, task);
}

char **
gofer_wormhole_list_nameplates_finish (GoferWormhole  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
gofer_wormhole_get_relay_url (GoferWormhole *self)
{
  g_return_val_if_fail (GOFER_IS_WORMHOLE (self), NULL);
  return self->relay_url;
}

const char *
gofer_wormhole_get_appid (GoferWormhole *self)
{
  g_return_val_if_fail (GOFER_IS_WORMHOLE (self), NULL);
  return self->appid;
}

const char *
gofer_wormhole_get_side (GoferWormhole *self)
{
  g_return_val_if_fail (GOFER_IS_WORMHOLE (self), NULL);
  return self->side;
}

const char *
gofer_wormhole_get_peer_side (GoferWormhole *self)
{
  g_return_val_if_fail (GOFER_IS_WORMHOLE (self), NULL);
  return self->peer_side;
}

const char *
gofer_wormhole_get_code (GoferWormhole *self)
{
  g_return_val_if_fail (GOFER_IS_WORMHOLE (self), NULL);
  /* A meeting's password is no code to show anyone. */
  return self->meet_mailbox == NULL ? self->code : NULL;
}

const char *
gofer_wormhole_get_verifier (GoferWormhole *self)
{
  g_return_val_if_fail (GOFER_IS_WORMHOLE (self), NULL);
  return self->verifier;
}

const GoferKey *
gofer_wormhole_get_key (GoferWormhole *self)
{
  g_return_val_if_fail (GOFER_IS_WORMHOLE (self), NULL);
  return self->key;
}

void
gofer_wormhole_set_connect_timeout (GoferWormhole *self,
                                    guint          seconds)
{
  g_return_if_fail (GOFER_IS_WORMHOLE (self));
  self->connect_timeout = seconds;
}

/* Ten lowercase hex characters, as every other client uses. */
static char *
new_side (void)
{
  guint8 bytes[5];

  randombytes_buf (bytes, sizeof bytes);
  return gofer_hex_encode (bytes, sizeof bytes);
}

GoferWormhole *
gofer_wormhole_new (const char *relay_url,
                    const char *appid)
{
  GoferWormhole *self;

  g_return_val_if_fail (relay_url != NULL, NULL);

  gofer_crypto_init ();
  self = g_object_new (GOFER_TYPE_WORMHOLE, NULL);
  self->relay_url = g_strdup (relay_url);
  self->appid = g_strdup (appid != NULL ? appid : GOFER_APPID_FILE_TRANSFER);
  self->side = new_side ();
  return self;
}

static void
gofer_wormhole_dispose (GObject *object)
{
  GoferWormhole *self = GOFER_WORMHOLE (object);

  g_clear_object (&self->mailbox);

  G_OBJECT_CLASS (gofer_wormhole_parent_class)->dispose (object);
}

static void
gofer_wormhole_finalize (GObject *object)
{
  GoferWormhole *self = GOFER_WORMHOLE (object);

  g_free (self->relay_url);
  g_free (self->appid);
  g_free (self->side);
  g_free (self->peer_side);
  if (self->code != NULL)
    sodium_memzero (self->code, strlen (self->code));
  g_free (self->code);
  g_clear_pointer (&self->spake2, gofer_spake2_free);
  g_clear_pointer (&self->key, gofer_key_free);
  g_clear_pointer (&self->william_key, gofer_key_free);
  if (self->key_wait != NULL)
    g_source_destroy (self->key_wait);
  g_clear_pointer (&self->key_wait, g_source_unref);
  g_free (self->verifier);
  g_clear_pointer (&self->app_versions, json_object_unref);
  g_clear_pointer (&self->peer_versions, json_object_unref);
  g_free (self->meet_mailbox);
  g_clear_pointer (&self->version_extra, json_object_unref);
  g_hash_table_unref (self->seen_phases);
  g_ptr_array_unref (self->early_messages);
  g_hash_table_unref (self->unordered);
  g_queue_clear_full (&self->inbox, (GDestroyNotify)g_bytes_unref);
  g_ptr_array_unref (self->outbox);
  g_clear_error (&self->failure);

  G_OBJECT_CLASS (gofer_wormhole_parent_class)->finalize (object);
}

static void
gofer_wormhole_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GoferWormhole *self = GOFER_WORMHOLE (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, gofer_wormhole_get_code (self));
      break;

    case PROP_VERIFIER:
      g_value_set_string (value, self->verifier);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gofer_wormhole_class_init (GoferWormholeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_wormhole_dispose;
  object_class->finalize = gofer_wormhole_finalize;
  object_class->get_property = gofer_wormhole_get_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VERIFIER] =
    g_param_spec_string ("verifier", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gofer_wormhole_init (GoferWormhole *self)
{
  self->app_versions = json_object_new ();
  self->seen_phases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->early_messages = g_ptr_array_new_with_free_func (early_message_free);
  self->unordered = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                           (GDestroyNotify)g_bytes_unref);
  self->outbox = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_queue_init (&self->confirm_tasks);
  g_queue_init (&self->receive_tasks);
  g_queue_init (&self->peek_tasks);
  g_queue_init (&self->inbox);
}

void
_gofer_wormhole_meet_async (GoferWormhole       *self,
                            const char          *mailbox_id,
                            const char          *password,
                            gboolean             by_nameplate,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GOFER_IS_WORMHOLE (self));
  g_return_if_fail (mailbox_id != NULL && password != NULL);
  g_return_if_fail (self->code == NULL && self->code_task == NULL);

  task = _gofer_wormhole_new_task (self, _gofer_wormhole_meet_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  /* The password takes the code's place, and is wiped like it. */
  self->code = by_nameplate ? g_strdup_printf ("%s-%s", mailbox_id, password) : g_strdup (password);
  self->meet_mailbox = g_strdup (mailbox_id);
  self->meet_directly = !by_nameplate;
  start_code_task (self, task);
}

gboolean
_gofer_wormhole_meet_finish (GoferWormhole  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
_gofer_wormhole_set_version_check (GoferWormhole             *self,
                                   GoferWormholeVersionCheck  check,
                                   gpointer                   user_data)
{
  g_return_if_fail (GOFER_IS_WORMHOLE (self));

  self->version_check = check;
  self->version_check_data = user_data;
}

void
_gofer_wormhole_set_version_member (GoferWormhole *self,
                                    const char    *name,
                                    JsonObject    *value)
{
  g_return_if_fail (GOFER_IS_WORMHOLE (self));
  g_return_if_fail (!g_str_equal (name, "app_versions"));

  if (self->version_extra == NULL)
    self->version_extra = json_object_new ();
  json_object_set_object_member (self->version_extra, name, json_object_ref (value));
}

gboolean
_gofer_wormhole_get_pake_messages (GoferWormhole *self,
                                   guint8        *ours,
                                   guint8        *theirs)
{
  g_return_val_if_fail (GOFER_IS_WORMHOLE (self), FALSE);

  if (!self->has_pakes)
    return FALSE;
  memcpy (ours, self->own_pake, GOFER_SPAKE2_MESSAGE_SIZE);
  memcpy (theirs, self->peer_pake, GOFER_SPAKE2_MESSAGE_SIZE);
  return TRUE;
}
