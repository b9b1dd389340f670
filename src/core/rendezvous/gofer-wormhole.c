/* gofer-wormhole.c: one Magic Wormhole between two sides
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The client state machine: claim a nameplate, open its mailbox, run SPAKE2
 * in the "pake" phase, confirm the key with the encrypted "version" phase,
 * then carry numbered application phases in order. Every peer message is
 * handled once, whatever the server re-delivers after a reconnection.
 */

#include "config.h"

#include "gofer-wormhole-private.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "gofer-code.h"
#include "gofer-error.h"
#include "gofer-mailbox.h"
#include "gofer-spake2.h"
#include "gofer-json-private.h"

/* How long to wait for the peer's version when its key may be the one
 * wormhole-william derives: those clients send it at once. */
#define WILLIAM_KEY_WAIT_SECONDS 2

typedef struct
{
  char *phase;
  char *body;
} EarlyMessage;

struct _GoferWormhole
{
  GObject        parent_instance;

  char          *relay_url;
  char          *appid;
  char          *side;
  char          *peer_side;
  guint          connect_timeout;
  JsonObject    *app_versions;

  GoferMailbox  *mailbox;
  char          *code;
  GoferSpake2   *spake2;
  GoferKey      *key;
  GoferKey      *william_key;     /* the other candidate, until the peer's version decides */
  GSource       *key_wait;
  char          *verifier;
  JsonObject    *peer_versions;

  GHashTable    *seen_phases;
  GPtrArray     *early_messages;
  GHashTable    *unordered;       /* phase number -> GBytes */
  guint64        next_in_phase;
  guint64        next_out_phase;
  GQueue         inbox;           /* GBytes, in phase order */
  GPtrArray     *outbox;          /* GBytes waiting for key confirmation */

  GTask         *code_task;
  guint          n_words;
  GQueue         confirm_tasks;
  GQueue         receive_tasks;
  GQueue         peek_tasks;      /* wait for a message without taking it */

  gboolean       heard_peer;
  gboolean       key_confirmed;
  GError        *failure;
  const char    *mood;
};

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

static void
fail_queue (GQueue       *queue,
            const GError *error)
{
  GTask *task;

  while ((task = g_queue_pop_head (queue)) != NULL)
    {
      g_task_return_error (task, g_error_copy (error));
      g_object_unref (task);
    }
}

/* Everyone waiting on the wormhole gets the error. */
static void
fail_waiters (GoferWormhole *self,
              const GError  *error)
{
  if (self->code_task != NULL)
    {
      GTask *task = g_steal_pointer (&self->code_task);
      g_task_return_error (task, g_error_copy (error));
      g_object_unref (task);
    }
  fail_queue (&self->confirm_tasks, error);
  fail_queue (&self->receive_tasks, error);
  fail_queue (&self->peek_tasks, error);
}

/* The first failure wins and decides the closing mood. */
static void
fail (GoferWormhole *self,
      GError        *error,
      const char    *mood)
{
  if (self->failure != NULL)
    {
      g_error_free (error);
      return;
    }

  g_debug ("wormhole: failed (%s): %s", mood, error->message);
  self->failure = error;
  self->mood = mood;

  g_object_ref (self);
  fail_waiters (self, error);
  g_object_unref (self);
}

static void
send_encrypted (GoferWormhole *self,
                const char    *phase,
                GBytes        *plaintext)
{
  g_autoptr(GoferKey) phase_key = gofer_derive_phase_key (self->key, self->side, phase);
  gsize len;
  const guint8 *data = g_bytes_get_data (plaintext, &len);
  g_autoptr(GBytes) boxed = gofer_secretbox_seal (phase_key, data, len);
  g_autofree char *hex = gofer_hex_encode (g_bytes_get_data (boxed, NULL),
                                           g_bytes_get_size (boxed));

  gofer_mailbox_add (self->mailbox, phase, hex);
}

static void
send_numbered (GoferWormhole *self,
               GBytes        *plaintext)
{
  g_autofree char *phase = g_strdup_printf ("%" G_GUINT64_FORMAT, self->next_out_phase++);

  send_encrypted (self, phase, plaintext);
}

static void
send_version (GoferWormhole *self)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;

  json_object_set_object_member (object, "app_versions", json_object_ref (self->app_versions));
  json_node_set_object (root, object);
  text = json_to_string (root, FALSE);
  bytes = g_bytes_new (text, strlen (text));
  send_encrypted (self, "version", bytes);
}

static void
deliver_in_order (GoferWormhole *self)
{
  gpointer key, next;

  while (g_hash_table_steal_extended (self->unordered, &self->next_in_phase, &key, &next))
    {
      g_free (key);
      g_queue_push_tail (&self->inbox, next);
      self->next_in_phase++;
    }

  while (!g_queue_is_empty (&self->inbox) && !g_queue_is_empty (&self->receive_tasks))
    {
      g_autoptr(GTask) task = g_queue_pop_head (&self->receive_tasks);
      g_task_return_pointer (task, g_queue_pop_head (&self->inbox), (GDestroyNotify)g_bytes_unref);
    }
  while (!g_queue_is_empty (&self->inbox) && !g_queue_is_empty (&self->peek_tasks))
    {
      g_autoptr(GTask) task = g_queue_pop_head (&self->peek_tasks);
      g_task_return_boolean (task, TRUE);
    }
}

static void
confirm_key (GoferWormhole *self,
             GBytes        *version)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  GTask *task;

  self->key_confirmed = TRUE;
  g_clear_pointer (&self->peer_versions, json_object_unref);
  if ((root = _gofer_json_parse_object (parser, g_bytes_get_data (version, NULL),
                                        g_bytes_get_size (version))) != NULL)
    {
      JsonObject *versions = _gofer_json_get_object (root, "app_versions");
      if (versions != NULL)
        self->peer_versions = json_object_ref (versions);
    }
  if (self->peer_versions == NULL)
    self->peer_versions = json_object_new ();

  for (guint i = 0; i < self->outbox->len; i++)
    send_numbered (self, g_ptr_array_index (self->outbox, i));
  g_ptr_array_set_size (self->outbox, 0);

  while ((task = g_queue_pop_head (&self->confirm_tasks)) != NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static gboolean
parse_phase_number (const char *phase,
                    guint64    *number)
{
  return g_ascii_string_to_unsigned (phase, 10, 0, G_MAXUINT64, number, NULL);
}

static void
handle_encrypted (GoferWormhole *self,
                  const char    *side,
                  const char    *phase,
                  const char    *body_hex)
{
  g_autoptr(GoferKey) phase_key = gofer_derive_phase_key (self->key, side, phase);
  g_autoptr(GBytes) boxed = gofer_hex_decode (body_hex, strlen (body_hex));
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GError) error = NULL;
  guint64 number;

  if (boxed != NULL)
    plain = gofer_secretbox_open (phase_key, g_bytes_get_data (boxed, NULL),
                                  g_bytes_get_size (boxed), &error);
  if (plain == NULL)
    {
      fail (self, g_error_new_literal (GOFER_ERROR, GOFER_ERROR_WRONG_CODE,
                                       _("The other side used a different code, so the "
                                         "connection was closed. Check the code for typos "
                                         "and try again.")),
            "scary");
      return;
    }

  if (g_str_equal (phase, "version"))
    confirm_key (self, plain);
  else if (parse_phase_number (phase, &number) && number >= self->next_in_phase)
    {
      guint64 *key = g_new (guint64, 1);
      *key = number;
      g_hash_table_insert (self->unordered, key, g_steal_pointer (&plain));
      deliver_in_order (self);
    }
  else
    g_debug ("wormhole: ignoring phase “%s”", phase);
}

static gboolean
compute_key (GoferWormhole  *self,
             const char     *body_hex,
             GError        **error)
{
  g_autoptr(GBytes) body = gofer_hex_decode (body_hex, strlen (body_hex));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) message = NULL;
  JsonObject *root;
  const char *pake_hex = NULL;

  if (body != NULL &&
      (root = _gofer_json_parse_object (parser, g_bytes_get_data (body, NULL),
                                        g_bytes_get_size (body))) != NULL)
    pake_hex = _gofer_json_get_string (root, "pake_v1", NULL);
  if (pake_hex != NULL)
    message = gofer_hex_decode (pake_hex, strlen (pake_hex));
  if (message == NULL)
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                           _("The other side sent a key exchange message that could not be "
                             "read. It may not be a Magic Wormhole program."));
      return FALSE;
    }

  self->key = gofer_spake2_finish (self->spake2, g_bytes_get_data (message, NULL),
                                   g_bytes_get_size (message), error);
  if (self->key != NULL)
    self->william_key = gofer_spake2_steal_william_key (self->spake2);
  g_clear_pointer (&self->spake2, gofer_spake2_free);
  return self->key != NULL;
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
  send_version (self);

  for (guint i = 0; i < self->early_messages->len && self->failure == NULL; i++)
    {
      EarlyMessage *msg = g_ptr_array_index (self->early_messages, i);
      handle_encrypted (self, self->peer_side, msg->phase, msg->body);
    }
  g_ptr_array_set_size (self->early_messages, 0);
}

static gboolean
key_opens (const GoferKey *key,
           const char     *side,
           const char     *phase,
           const char     *body_hex)
{
  g_autoptr(GoferKey) phase_key = gofer_derive_phase_key (key, side, phase);
  g_autoptr(GBytes) boxed = gofer_hex_decode (body_hex, strlen (body_hex));
  g_autoptr(GBytes) plain = NULL;

  if (boxed != NULL)
    plain = gofer_secretbox_open (phase_key, g_bytes_get_data (boxed, NULL),
                                  g_bytes_get_size (boxed), NULL);
  return plain != NULL;
}

/* The peer's version is the first message it encrypted: the key that opens
 * it is the one the peer holds. */
static void
choose_key (GoferWormhole *self,
            const char    *version_hex)
{
  if (!key_opens (self->key, self->peer_side, "version", version_hex) &&
      key_opens (self->william_key, self->peer_side, "version", version_hex))
    {
      g_debug ("wormhole: the peer derived its key the way wormhole-william does");
      gofer_key_free (self->key);
      self->key = g_steal_pointer (&self->william_key);
    }
  settle_key (self);
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

  if (self->spake2 == NULL || !compute_key (self, body_hex, &error))
    {
      if (error == NULL)
        error = g_error_new_literal (GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                                     _("The other side started the key exchange twice."));
      fail (self, g_steal_pointer (&error), "scary");
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
        choose_key (self, body_hex);
    }
  else
    handle_encrypted (self, side, phase, body_hex);
  g_object_unref (self);
}

static void
mailbox_failed_cb (GoferMailbox *mailbox,
                   const GError *error,
                   gpointer      user_data)
{
  GoferWormhole *self = user_data;

  fail (self, g_error_copy (error), "errory");
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
start_key_exchange (GoferWormhole *self,
                    const char    *mailbox_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *message_hex = NULL;
  g_autofree char *json = NULL;
  g_autofree char *body_hex = NULL;

  self->spake2 = gofer_spake2_new ((const guint8 *)self->code, strlen (self->code),
                                   (const guint8 *)self->appid, strlen (self->appid));
  message_hex = gofer_hex_encode (gofer_spake2_get_message (self->spake2),
                                  GOFER_SPAKE2_MESSAGE_SIZE);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pake_v1");
  json_builder_add_string_value (builder, message_hex);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  body_hex = gofer_hex_encode ((const guint8 *)json, strlen (json));

  gofer_mailbox_open (self->mailbox, mailbox_id);
  gofer_mailbox_add (self->mailbox, "pake", body_hex);
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
      fail (self, g_steal_pointer (&error), "errory");
      return;
    }
  start_key_exchange (self, mailbox_id);
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
      fail (self, g_steal_pointer (&error), "errory");
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
      fail (self, g_steal_pointer (&error), "errory");
      return;
    }
  if (self->code != NULL)
    claim_nameplate_of_code (self);
  else
    gofer_mailbox_allocate_async (self->mailbox, NULL, allocate_cb, g_object_ref (self));
}

static GTask *
new_task (GoferWormhole       *self,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (self->failure != NULL)
    {
      g_task_return_error (task, g_error_copy (self->failure));
      g_clear_object (&task);
    }
  return task;
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

  task = new_task (self, gofer_wormhole_allocate_code_async, cancellable, callback, user_data);
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

  task = new_task (self, gofer_wormhole_set_code_async, cancellable, callback, user_data);
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

void
gofer_wormhole_confirm_key_async (GoferWormhole       *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GOFER_IS_WORMHOLE (self));

  task = new_task (self, gofer_wormhole_confirm_key_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  if (self->key_confirmed)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  g_queue_push_tail (&self->confirm_tasks, task);
}

gboolean
gofer_wormhole_confirm_key_finish (GoferWormhole  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
gofer_wormhole_send (GoferWormhole *self,
                     GBytes        *plaintext)
{
  g_return_if_fail (GOFER_IS_WORMHOLE (self));
  g_return_if_fail (plaintext != NULL);

  if (self->failure != NULL)
    return;
  if (!self->key_confirmed)
    g_ptr_array_add (self->outbox, g_bytes_ref (plaintext));
  else
    send_numbered (self, plaintext);
}

void
gofer_wormhole_send_json (GoferWormhole *self,
                          JsonNode      *message)
{
  g_autofree char *text = json_to_string (message, FALSE);
  gsize len = strlen (text);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), len);

  gofer_wormhole_send (self, bytes);
}

/* Takes @task, which waits for the next message in @queue. Messages that
 * already arrived are still handed out after a failure. */
static void
wait_in_queue (GoferWormhole *self,
               GQueue        *queue,
               GTask         *task)
{
  if (g_queue_is_empty (&self->inbox) && self->failure != NULL)
    {
      g_task_return_error (task, g_error_copy (self->failure));
      g_object_unref (task);
      return;
    }
  g_queue_push_tail (queue, task);
  deliver_in_order (self);
}

void
gofer_wormhole_receive_async (GoferWormhole       *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GOFER_IS_WORMHOLE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_wormhole_receive_async);
  wait_in_queue (self, &self->receive_tasks, task);
}

void
gofer_wormhole_wait_for_message_async (GoferWormhole       *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GOFER_IS_WORMHOLE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_wormhole_wait_for_message_async);
  wait_in_queue (self, &self->peek_tasks, task);
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

GList *
_gofer_wormhole_peek_inbox (GoferWormhole *self)
{
  g_return_val_if_fail (GOFER_IS_WORMHOLE (self), NULL);
  return self->inbox.head;
}

gboolean
gofer_wormhole_wait_for_message_finish (GoferWormhole  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

GBytes *
gofer_wormhole_receive_finish (GoferWormhole  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

JsonObject *
gofer_wormhole_receive_json_finish (GoferWormhole  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_autoptr(GBytes) bytes = gofer_wormhole_receive_finish (self, result, error);
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root;

  if (bytes == NULL)
    return NULL;

  parser = json_parser_new ();
  if ((root = _gofer_json_parse_object (parser, g_bytes_get_data (bytes, NULL),
                                        g_bytes_get_size (bytes))) == NULL)
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                           _("The other side sent a message that could not be read. "
                             "It may be running an incompatible program."));
      return NULL;
    }
  return json_object_ref (root);
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

  fail_waiters (self, error);
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

  task = new_task (self, gofer_wormhole_list_nameplates_async, cancellable, callback, user_data);
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
  return self->code;
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

JsonObject *
gofer_wormhole_get_peer_versions (GoferWormhole *self)
{
  g_return_val_if_fail (GOFER_IS_WORMHOLE (self), NULL);
  return self->peer_versions;
}

void
gofer_wormhole_set_app_versions (GoferWormhole *self,
                                 JsonObject    *app_versions)
{
  g_return_if_fail (GOFER_IS_WORMHOLE (self));
  g_return_if_fail (app_versions != NULL);

  json_object_unref (self->app_versions);
  self->app_versions = json_object_ref (app_versions);
}

/* app_versions.gofer.features, or NULL when @versions has none. */
static JsonArray *
gofer_features (JsonObject *versions)
{
  JsonObject *gofer = versions != NULL ? _gofer_json_get_object (versions, "gofer") : NULL;
  JsonNode *features = gofer != NULL ? json_object_get_member (gofer, "features") : NULL;

  return features != NULL && JSON_NODE_HOLDS_ARRAY (features) ? json_node_get_array (features) : NULL;
}

static gboolean
lists_feature (JsonObject *versions,
               const char *feature)
{
  JsonArray *features = gofer_features (versions);

  for (guint i = 0; features != NULL && i < json_array_get_length (features); i++)
    {
      JsonNode *item = json_array_get_element (features, i);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING &&
          g_str_equal (json_node_get_string (item), feature))
        return TRUE;
    }
  return FALSE;
}

void
gofer_wormhole_add_feature (GoferWormhole *self,
                            const char    *feature)
{
  JsonObject *gofer;

  g_return_if_fail (GOFER_IS_WORMHOLE (self));
  g_return_if_fail (feature != NULL);

  /* Once our version message is out, the peer cannot learn of it: listing
   * it now would make us believe in a feature the peer never saw. */
  if (self->key != NULL || lists_feature (self->app_versions, feature))
    return;
  if (gofer_features (self->app_versions) == NULL)
    {
      gofer = json_object_new ();
      json_object_set_int_member (gofer, "protocol", GOFER_PROTOCOL_VERSION);
      json_object_set_array_member (gofer, "features", json_array_new ());
      json_object_set_object_member (self->app_versions, "gofer", gofer);
    }
  json_array_add_string_element (gofer_features (self->app_versions), feature);
}

gboolean
gofer_wormhole_shares_feature (GoferWormhole *self,
                               const char    *feature)
{
  g_return_val_if_fail (GOFER_IS_WORMHOLE (self), FALSE);
  g_return_val_if_fail (feature != NULL, FALSE);

  return lists_feature (self->app_versions, feature) && lists_feature (self->peer_versions, feature);
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
      g_value_set_string (value, self->code);
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
