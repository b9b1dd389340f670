/* gofer-mailbox.c: client side of the Magic Wormhole mailbox protocol
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One GoferMailbox is one participant (appid, side) on a mailbox server.
 * It keeps what the server must know (the claimed nameplate, the open
 * mailbox, messages not yet echoed back) so that after a lost connection it
 * can reconnect with backoff and replay exactly that: the server re-delivers
 * stored messages on open, and the wormhole above drops duplicates.
 *
 * This file has the commands and what is replayed; the connection is in
 * gofer-mailbox-connection.c, the frames the server sends are read in
 * gofer-mailbox-frames.c, and the three share gofer-mailbox-private.h.
 */

#include "config.h"

#include "gofer-mailbox.h"
#include "gofer-mailbox-private.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "gofer-error.h"
#include "gofer-hashcash.h"
#include "gofer-json-private.h"
#include "gofer-text.h"

#define DEFAULT_CONNECT_TIMEOUT_S 10

G_DEFINE_FINAL_TYPE (GoferMailbox, gofer_mailbox, G_TYPE_OBJECT)

GParamSpec *_gofer_mailbox_properties[GOFER_MAILBOX_N_PROPS];
guint _gofer_mailbox_signals[GOFER_MAILBOX_N_SIGNALS];

void
_gofer_mailbox_pending_add_free (gpointer data)
{
  PendingAdd *add = data;

  g_free (add->phase);
  g_free (add->body);
  g_free (add);
}

/* Sends {"type": type, "id": random, ...fields} if the connection is up.
 * Commands lost while it is down are replayed by
 * _gofer_mailbox_replay_state(). */
static void
send_command (GoferMailbox *self,
              const char   *type,
              ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *id = g_strdup_printf ("%04x", g_random_int_range (0, 0x10000));
  g_autofree char *text = NULL;
  const char *key;
  va_list args;

  if (!_gofer_mailbox_is_open (self) || !self->bound)
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);

  va_start (args, type);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, va_arg (args, const char *));
    }
  va_end (args);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  g_debug ("mailbox: sending %s", type);
  _gofer_mailbox_send_text (self, text);
}

static void
send_bind (GoferMailbox *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "bind");
  json_builder_set_member_name (builder, "appid");
  json_builder_add_string_value (builder, self->appid);
  json_builder_set_member_name (builder, "side");
  json_builder_add_string_value (builder, self->side);
  json_builder_set_member_name (builder, "client_version");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "gofer");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  _gofer_mailbox_send_text (self, text);
}

/* Sends the bind and then, pipelined, whatever the server must know. A
 * real connection does this once the welcome has come (a server may ask
 * for a proof of work first, see _gofer_mailbox_bind_after_welcome()). */
void
_gofer_mailbox_replay_state (GoferMailbox *self)
{
  send_bind (self);
  self->bound = TRUE;

  if (!g_queue_is_empty (&self->list_tasks))
    send_command (self, "list", NULL);
  if (self->allocate_task != NULL && self->nameplate == NULL)
    send_command (self, "allocate", NULL);
  if (self->nameplate != NULL && !self->released)
    send_command (self, "claim", "nameplate", self->nameplate, NULL);
  if (self->nameplate != NULL && self->released && !self->release_confirmed)
    send_command (self, "release", "nameplate", self->nameplate, NULL);
  if (self->mailbox != NULL && self->mood == NULL)
    send_command (self, "open", "mailbox", self->mailbox, NULL);
  for (guint i = 0; i < self->unechoed->len; i++)
    {
      PendingAdd *add = g_ptr_array_index (self->unechoed, i);
      send_command (self, "add", "phase", add->phase, "body", add->body, NULL);
    }
  if (self->moving)
    send_command (self, "close", "mailbox", self->mailbox, "mood", "happy", NULL);
  else if (self->mood != NULL && self->mailbox != NULL)
    send_command (self, "close", "mailbox", self->mailbox, "mood", self->mood, NULL);
}

static void
return_error_and_clear (GTask        **task,
                        const GError  *error)
{
  GTask *t = g_steal_pointer (task);

  if (t == NULL)
    return;
  g_task_return_error (t, g_error_copy (error));
  g_object_unref (t);
}

/* Every error from the server or a lost connection that cannot be restored
 * ends the mailbox: all waiting operations fail with the same error. */
void
_gofer_mailbox_fail (GoferMailbox *self,
                     GError       *error)
{
  GTask *task;

  if (self->failure != NULL || self->finished)
    {
      g_error_free (error);
      return;
    }

  self->failure = error;
  g_debug ("mailbox: failed: %s", error->message);
  _gofer_mailbox_clear_timers (self);
  _gofer_mailbox_drop_connection (self);

  g_object_ref (self);
  return_error_and_clear (&self->connect_task, error);
  return_error_and_clear (&self->allocate_task, error);
  return_error_and_clear (&self->claim_task, error);
  while ((task = g_queue_pop_head (&self->list_tasks)) != NULL)
    return_error_and_clear (&task, error);
  /* Closing a failed mailbox has nothing left to do. */
  if (self->close_task != NULL)
    {
      g_task_return_boolean (self->close_task, TRUE);
      g_clear_object (&self->close_task);
    }
  g_signal_emit (self, _gofer_mailbox_signals[GOFER_MAILBOX_SIGNAL_FAILED], 0, error);
  g_object_unref (self);
}

static gboolean
check_usable (GoferMailbox  *self,
              GTask         *task)
{
  if (self->failure != NULL)
    {
      g_task_return_error (task, g_error_copy (self->failure));
      return FALSE;
    }
  if (self->finished)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                               _("The connection to the relay server is already closed."));
      return FALSE;
    }
  return TRUE;
}

/* A caller that cancels hears of it at once, not when the server answers
 * or the connection gives up: whatever it keeps alive through the callback
 * (a window's flow, say) goes at once. The mailbox itself carries on. */
static gboolean
task_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  GTask *task = user_data;
  GoferMailbox *self = g_task_get_source_object (task);
  GList *link;

  if (self->connect_task == task)
    self->connect_task = NULL;
  else if ((link = g_queue_find (&self->list_tasks, task)) != NULL)
    /* The answer to this list goes to the next one, or to nobody: every
     * answer is the server's list of the moment. */
    g_queue_delete_link (&self->list_tasks, link);
  else
    return G_SOURCE_REMOVE;
  g_task_return_error_if_cancelled (task);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
destroy_source (GSource *source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

static void
return_when_cancelled (GTask *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  GSource *source;

  if (cancellable == NULL)
    return;
  source = g_cancellable_source_new (cancellable);
  g_task_attach_source (task, source, G_SOURCE_FUNC (task_cancelled_cb));
  /* Goes with the task: a cancellation after the answer finds nothing. */
  g_task_set_task_data (task, source, (GDestroyNotify)destroy_source);
}

void
gofer_mailbox_connect_async (GoferMailbox        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GOFER_IS_MAILBOX (self));
  g_return_if_fail (self->connect_task == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_mailbox_connect_async);
  if (!check_usable (self, task))
    return;
  if (self->welcomed)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  return_when_cancelled (task);
  self->connect_task = g_steal_pointer (&task);
  if (self->ws == NULL && self->attempt_cancellable == NULL)
    _gofer_mailbox_start_attempt (self);
}

gboolean
gofer_mailbox_connect_finish (GoferMailbox  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
gofer_mailbox_list_async (GoferMailbox        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GOFER_IS_MAILBOX (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_mailbox_list_async);
  if (!check_usable (self, task))
    return;
  return_when_cancelled (task);
  g_queue_push_tail (&self->list_tasks, g_steal_pointer (&task));
  send_command (self, "list", NULL);
}

char **
gofer_mailbox_list_finish (GoferMailbox  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
gofer_mailbox_allocate_async (GoferMailbox        *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GOFER_IS_MAILBOX (self));
  g_return_if_fail (self->allocate_task == NULL && self->nameplate == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_mailbox_allocate_async);
  if (!check_usable (self, task))
    return;
  self->allocate_task = g_steal_pointer (&task);
  send_command (self, "allocate", NULL);
}

char *
gofer_mailbox_allocate_finish (GoferMailbox  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
gofer_mailbox_claim_async (GoferMailbox        *self,
                           const char          *nameplate,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GOFER_IS_MAILBOX (self));
  g_return_if_fail (nameplate != NULL);
  g_return_if_fail (self->claim_task == NULL && self->nameplate == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_mailbox_claim_async);
  if (!check_usable (self, task))
    return;
  self->nameplate = g_strdup (nameplate);
  self->claim_task = g_steal_pointer (&task);
  send_command (self, "claim", "nameplate", nameplate, NULL);
}

char *
gofer_mailbox_claim_finish (GoferMailbox  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
gofer_mailbox_release (GoferMailbox *self)
{
  g_return_if_fail (GOFER_IS_MAILBOX (self));

  if (self->nameplate == NULL || self->released)
    return;
  self->released = TRUE;
  send_command (self, "release", "nameplate", self->nameplate, NULL);
}

void
gofer_mailbox_open (GoferMailbox *self,
                    const char   *mailbox)
{
  g_return_if_fail (GOFER_IS_MAILBOX (self));
  g_return_if_fail (self->mailbox == NULL);

  self->mailbox = g_strdup (mailbox);
  send_command (self, "open", "mailbox", mailbox, NULL);
}

void
gofer_mailbox_add (GoferMailbox *self,
                   const char   *phase,
                   const char   *body_hex)
{
  PendingAdd *add;

  g_return_if_fail (GOFER_IS_MAILBOX (self));
  g_return_if_fail (self->mailbox != NULL);

  add = g_new0 (PendingAdd, 1);
  add->phase = g_strdup (phase);
  add->body = g_strdup (body_hex);
  if (self->next_mailbox != NULL)
    {
      g_ptr_array_add (self->held, add);
      return;
    }
  g_ptr_array_add (self->unechoed, add);
  send_command (self, "add", "phase", phase, "body", body_hex, NULL);
}

void
gofer_mailbox_hold_for (GoferMailbox *self,
                        const char   *mailbox)
{
  g_return_if_fail (GOFER_IS_MAILBOX (self));
  g_return_if_fail (self->mailbox != NULL && self->next_mailbox == NULL);

  self->next_mailbox = g_strdup (mailbox);
}

void
gofer_mailbox_move (GoferMailbox *self)
{
  g_return_if_fail (GOFER_IS_MAILBOX (self));
  g_return_if_fail (self->next_mailbox != NULL && !self->moving);

  if (self->failure != NULL || self->finished || self->close_task != NULL)
    return;
  self->moving = TRUE;
  send_command (self, "close", "mailbox", self->mailbox, "mood", "happy", NULL);
}

gboolean
gofer_mailbox_is_moving (GoferMailbox *self)
{
  g_return_val_if_fail (GOFER_IS_MAILBOX (self), FALSE);
  return self->next_mailbox != NULL;
}

/* 13 characters of [a-z2-7], like the reference server's mailbox ids. */
char *
gofer_mailbox_new_id (void)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  char id[14];

  for (guint i = 0; i < 13; i++)
    id[i] = alphabet[g_random_int_range (0, 32)];
  id[13] = '\0';
  return g_strdup (id);
}

void
gofer_mailbox_close_async (GoferMailbox        *self,
                           const char          *mood,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GOFER_IS_MAILBOX (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_mailbox_close_async);

  /* Closing twice is harmless: the first close does the work. */
  if (self->close_task != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Nothing to tell the server: just hang up. */
  if (self->failure != NULL || self->finished || self->mailbox == NULL || !self->welcomed)
    {
      self->finished = TRUE;
      _gofer_mailbox_clear_timers (self);
      _gofer_mailbox_drop_connection (self);
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_free (self->mood);
  self->mood = g_strdup (mood != NULL ? mood : "happy");
  self->close_task = g_steal_pointer (&task);
  /* Like the other clients, give the nameplate back before closing: the
   * reference server cannot delete a mailbox whose nameplate is claimed,
   * and drops the connection instead of answering "closed". */
  gofer_mailbox_release (self);
  send_command (self, "close", "mailbox", self->mailbox, "mood", self->mood, NULL);
}

gboolean
gofer_mailbox_close_finish (GoferMailbox  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
gofer_mailbox_get_side (GoferMailbox *self)
{
  g_return_val_if_fail (GOFER_IS_MAILBOX (self), NULL);
  return self->side;
}

gboolean
gofer_mailbox_get_connected (GoferMailbox *self)
{
  g_return_val_if_fail (GOFER_IS_MAILBOX (self), FALSE);
  return _gofer_mailbox_is_open (self);
}

void
gofer_mailbox_set_connect_timeout (GoferMailbox *self,
                                   guint         seconds)
{
  g_return_if_fail (GOFER_IS_MAILBOX (self));
  self->connect_timeout = MAX (seconds, 1);
}

GoferMailbox *
gofer_mailbox_new (const char *url,
                   const char *appid,
                   const char *side)
{
  GoferMailbox *self;

  g_return_val_if_fail (url != NULL && appid != NULL && side != NULL, NULL);

  self = g_object_new (GOFER_TYPE_MAILBOX, NULL);
  self->url = g_strdup (url);
  self->appid = g_strdup (appid);
  self->side = g_strdup (side);
  return self;
}

static void
gofer_mailbox_dispose (GObject *object)
{
  GoferMailbox *self = GOFER_MAILBOX (object);

  _gofer_mailbox_clear_timers (self);
  _gofer_mailbox_drop_connection (self);

  G_OBJECT_CLASS (gofer_mailbox_parent_class)->dispose (object);
}

static void
gofer_mailbox_finalize (GObject *object)
{
  GoferMailbox *self = GOFER_MAILBOX (object);

  g_free (self->url);
  g_free (self->appid);
  g_free (self->side);
  g_free (self->nameplate);
  g_free (self->mailbox);
  g_free (self->mood);
  g_free (self->next_mailbox);
  g_ptr_array_unref (self->unechoed);
  g_ptr_array_unref (self->held);
  g_clear_error (&self->failure);

  G_OBJECT_CLASS (gofer_mailbox_parent_class)->finalize (object);
}

static void
gofer_mailbox_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GoferMailbox *self = GOFER_MAILBOX (object);

  switch (prop_id)
    {
    case GOFER_MAILBOX_PROP_CONNECTED:
      g_value_set_boolean (value, gofer_mailbox_get_connected (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gofer_mailbox_class_init (GoferMailboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_mailbox_dispose;
  object_class->finalize = gofer_mailbox_finalize;
  object_class->get_property = gofer_mailbox_get_property;

  _gofer_mailbox_properties[GOFER_MAILBOX_PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, GOFER_MAILBOX_N_PROPS, _gofer_mailbox_properties);

  /* (side, phase, body as hex); also our own messages echoed back. */
  _gofer_mailbox_signals[GOFER_MAILBOX_SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  _gofer_mailbox_signals[GOFER_MAILBOX_SIGNAL_MOTD] =
    g_signal_new ("motd", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  _gofer_mailbox_signals[GOFER_MAILBOX_SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
gofer_mailbox_init (GoferMailbox *self)
{
  self->connect_timeout = DEFAULT_CONNECT_TIMEOUT_S;
  self->unechoed = g_ptr_array_new_with_free_func (_gofer_mailbox_pending_add_free);
  self->held = g_ptr_array_new_with_free_func (_gofer_mailbox_pending_add_free);
  g_queue_init (&self->list_tasks);
}

void
_gofer_mailbox_dispatch_text (GoferMailbox *self,
                              const char   *data,
                              gsize         len)
{
  /* As a GBytes would hand it over: an empty message has no data. */
  _gofer_mailbox_handle_text (self, len > 0 ? data : NULL, len);
}

void
_gofer_mailbox_set_send_func (GoferMailbox         *self,
                              GoferMailboxSendFunc  func,
                              gpointer              user_data)
{
  g_return_if_fail (GOFER_IS_MAILBOX (self));
  g_return_if_fail (self->ws == NULL);

  self->send_func = func;
  self->send_data = user_data;
}

/* Proof of work */

/* The server knows who we are: what waited for the welcome goes on. */
static void
bound_after_welcome (GoferMailbox *self)
{
  self->welcomed = TRUE;
  self->reconnect_attempt = 0;
  self->lost_since = 0;
  if (self->connect_task != NULL)
    {
      GTask *task = g_steal_pointer (&self->connect_task);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static void
stamp_minted_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GoferMailbox) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *stamp = gofer_hashcash_mint_finish (result, &error);

  /* Cancelled: the connection it was for is gone. */
  if (stamp == NULL)
    return;
  g_clear_object (&self->mint_cancellable);
  g_debug ("mailbox: proof of work done");
  /* The spelling of the reference server's permissions branch (and of
   * magic-wormhole's); gofer-relay also takes wormhole-rs's singular. It
   * is the one command that goes before the bind (send_command() sends
   * only on a bound connection, which this one is from here on). */
  self->bound = TRUE;
  send_command (self, "submit-permissions", "method", "hashcash", "stamp", stamp, NULL);
  _gofer_mailbox_replay_state (self);
  bound_after_welcome (self);
}

/* A welcome with {"permission-required": {"hashcash": {"bits": N,
 * "resource": R}}} asks for a hashcash stamp before the bind; {"none": {}}
 * among the methods means none is needed. Returns FALSE after failing the
 * mailbox when the server asks for something Gofer cannot give. Sets
 * *bits and *resource (owned by @welcome) when a stamp is needed. */
static gboolean
read_permission (GoferMailbox  *self,
                 JsonObject    *welcome,
                 gint64        *bits,
                 const char   **resource)
{
  JsonObject *required = welcome ? _gofer_json_get_object (welcome, "permission-required") : NULL;
  JsonObject *hashcash;
  g_autoptr(GString) methods = NULL;
  g_autoptr(GList) names = NULL;
  g_autofree char *shown = NULL;

  *resource = NULL;
  if (required == NULL || json_object_get_size (required) == 0 ||
      json_object_has_member (required, "none"))
    return TRUE;

  if ((hashcash = _gofer_json_get_object (required, "hashcash")) != NULL)
    {
      JsonNode *node = json_object_get_member (hashcash, "bits");

      *bits = node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
              json_node_get_value_type (node) == G_TYPE_INT64 ? json_node_get_int (node) : -1;
      *resource = _gofer_json_get_string (hashcash, "resource", NULL);
      if (gofer_hashcash_can_mint (*bits, *resource))
        return TRUE;
      if (*resource == NULL || *bits <= GOFER_HASHCASH_MAX_BITS)
        {
          _gofer_mailbox_fail (self, g_error_new (GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                                                  _("The relay server at %s asks for a proof of work (hashcash) "
                                                    "in a form Gofer does not understand. Choose another server "
                                                    "in Preferences."), self->url));
          return FALSE;
        }
      /* The number as text: xgettext cannot see past a G_GINT64_FORMAT. */
      g_autofree char *asked = g_strdup_printf ("%" G_GINT64_FORMAT, *bits);

      _gofer_mailbox_fail (self, g_error_new (GOFER_ERROR, GOFER_ERROR_RELAY_REFUSED,
                                              _("The relay server at %s asks for more proof of work than Gofer "
                                                "does (a hashcash stamp of %s bits, at most %d). "
                                                "Choose another server in Preferences, or try again later."),
                                              self->url, asked, GOFER_HASHCASH_MAX_BITS));
      return FALSE;
    }

  methods = g_string_new (NULL);
  names = json_object_get_members (required);
  for (GList *l = names; l != NULL; l = l->next)
    g_string_append_printf (methods, "%s%s", methods->len ? ", " : "", (const char *)l->data);
  shown = gofer_text_printable (methods->str, 200);
  _gofer_mailbox_fail (self, g_error_new (GOFER_ERROR, GOFER_ERROR_RELAY_REFUSED,
                                          _("The relay server at %s asks for a permission Gofer cannot give "
                                            "(“%s”). Choose another server in Preferences."),
                                          self->url, shown));
  return FALSE;
}

void
_gofer_mailbox_bind_after_welcome (GoferMailbox *self,
                                   JsonObject   *welcome)
{
  const char *resource = NULL;
  gint64 bits = 0;

  /* A late welcome after a hang-up binds nothing; it still ends a wait.
   * The bind went out already (a test playing the server), or this
   * connection's welcome came twice: nothing more to send. */
  if (self->finished || self->failure != NULL || self->bound || self->mint_cancellable != NULL)
    {
      if (self->mint_cancellable == NULL)
        bound_after_welcome (self);
      return;
    }

  if (!read_permission (self, welcome, &bits, &resource))
    return;
  if (resource == NULL)
    {
      _gofer_mailbox_replay_state (self);
      bound_after_welcome (self);
      return;
    }

  g_debug ("mailbox: the server asks for a %" G_GINT64_FORMAT "-bit hashcash stamp", bits);
  self->mint_cancellable = g_cancellable_new ();
  gofer_hashcash_mint_async ((guint)bits, resource, self->mint_cancellable,
                             stamp_minted_cb, g_object_ref (self));
}
