/* gofer-meeting.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-meeting.h"
#include "gofer-pairing.h"
#include "gofer-error.h"
#include "gofer-json-private.h"
#include "gofer-spake2.h"
#include "gofer-wormhole-private.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#define MEET_KEY "gofer-meet"
#define FORGOTTEN_KEY "gofer-forgotten"
#define TRANSCRIPT_PURPOSE "gofer:pair:transcript-v1"

struct _GoferMeeting
{
  GObject            parent_instance;

  GoferIdentity     *identity;
  GoferPairedPeer   *peer;
  GoferWormhole     *wormhole;
  GoferConversation *conversation;
  char              *mailbox_id;
  guint64            day;
  gboolean           by_nameplate;
  gboolean           refused_answer;
};

enum {
  SIGNAL_FORGOTTEN,
  SIGNAL_OPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (GoferMeeting, gofer_meeting, G_TYPE_OBJECT)

static void
gofer_meeting_dispose (GObject *object)
{
  GoferMeeting *self = GOFER_MEETING (object);

  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_data (self->conversation, self);
  if (self->wormhole != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->wormhole, self);
      _gofer_wormhole_set_version_check (self->wormhole, NULL, NULL);
    }
  g_clear_object (&self->conversation);
  g_clear_object (&self->wormhole);
  g_clear_object (&self->peer);
  g_clear_object (&self->identity);
  G_OBJECT_CLASS (gofer_meeting_parent_class)->dispose (object);
}

static void
gofer_meeting_finalize (GObject *object)
{
  g_free (GOFER_MEETING (object)->mailbox_id);
  G_OBJECT_CLASS (gofer_meeting_parent_class)->finalize (object);
}

static void
gofer_meeting_class_init (GoferMeetingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_meeting_dispose;
  object_class->finalize = gofer_meeting_finalize;

  signals[SIGNAL_OPENED] =
    g_signal_new ("opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_FORGOTTEN] =
    g_signal_new ("forgotten", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
gofer_meeting_init (GoferMeeting *self)
{
}

static void
append_sorted (crypto_hash_sha256_state *state,
               const guint8             *a,
               const guint8             *b,
               gsize                     len)
{
  gboolean a_first = memcmp (a, b, len) <= 0;

  crypto_hash_sha256_update (state, a_first ? a : b, len);
  crypto_hash_sha256_update (state, a_first ? b : a, len);
}

/* T ‖ signer's key (docs/protocol-extensions.md §9); FALSE before both
 * SPAKE2 messages are known. */
static gboolean
signed_message (GoferMeeting *self,
                const guint8 *signer_key,
                guint8       *out)
{
  guint8 ours[GOFER_SPAKE2_MESSAGE_SIZE], theirs[GOFER_SPAKE2_MESSAGE_SIZE];
  crypto_hash_sha256_state state;

  if (!_gofer_wormhole_get_pake_messages (self->wormhole, ours, theirs))
    return FALSE;
  crypto_hash_sha256_init (&state);
  crypto_hash_sha256_update (&state, (const guint8 *)TRANSCRIPT_PURPOSE,
                             strlen (TRANSCRIPT_PURPOSE));
  crypto_hash_sha256_update (&state, (const guint8 *)self->mailbox_id, strlen (self->mailbox_id));
  append_sorted (&state, ours, theirs, GOFER_SPAKE2_MESSAGE_SIZE);
  append_sorted (&state, gofer_identity_get_public_key (self->identity),
                 gofer_paired_peer_get_public_key (self->peer), GOFER_IDENTITY_PUBLIC_KEY_SIZE);
  crypto_hash_sha256_final (&state, out);
  memcpy (out + crypto_hash_sha256_BYTES, signer_key, GOFER_IDENTITY_PUBLIC_KEY_SIZE);
  return TRUE;
}

#define SIGNED_SIZE (crypto_hash_sha256_BYTES + GOFER_IDENTITY_PUBLIC_KEY_SIZE)

/* The key is known and our version is about to go: sign the transcript. */
static void
verifier_cb (GoferWormhole *wormhole,
             GParamSpec    *pspec,
             gpointer       user_data)
{
  GoferMeeting *self = user_data;
  const guint8 *own_key = gofer_identity_get_public_key (self->identity);
  guint8 message[SIGNED_SIZE], signature[GOFER_IDENTITY_SIGNATURE_SIZE];
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *identity_hex = NULL;
  g_autofree char *signature_hex = NULL;

  if (!signed_message (self, own_key, message))
    return;
  gofer_identity_sign (self->identity, message, sizeof message, signature);
  identity_hex = gofer_hex_encode (own_key, GOFER_IDENTITY_PUBLIC_KEY_SIZE);
  signature_hex = gofer_hex_encode (signature, sizeof signature);
  json_object_set_string_member (body, "identity", identity_hex);
  json_object_set_string_member (body, "signature", signature_hex);
  _gofer_wormhole_set_version_member (self->wormhole, MEET_KEY, body);
}

static GError *
not_the_peer_error (GoferMeeting *self)
{
  return g_error_new (GOFER_ERROR, GOFER_ERROR_WRONG_CODE,
                      /* Translators: %s is a paired computer's name */
                      _("The computer that answered is not “%s”: it does not hold the pairing. "
                        "Gofer refused it and sent nothing."),
                      gofer_paired_peer_get_name (self->peer));
}

static GError *
other_identity_error (GoferMeeting *self)
{
  const char *name = gofer_paired_peer_get_name (self->peer);

  return g_error_new (GOFER_ERROR, GOFER_ERROR_WRONG_CODE,
                      /* Translators: every %s is a paired computer's name */
                      _("The computer that answered as “%s” shows a different identity key than "
                        "when you paired, so Gofer refused it and sent nothing. If “%s” was "
                        "reinstalled, forget it (gofer devices forget “%s”) and pair again "
                        "with a code."),
                      name, name, name);
}

static gboolean
read_hex (JsonObject *body,
          const char *member,
          guint8     *out,
          gsize       len)
{
  const char *hex = _gofer_json_get_string (body, member, NULL);

  return hex != NULL && strlen (hex) == 2 * len
         && sodium_hex2bin (out, len, hex, 2 * len, NULL, NULL, NULL) == 0;
}

static gboolean
check_peer_version (GoferWormhole  *wormhole,
                    JsonObject     *peer_version,
                    gpointer        user_data,
                    GError        **error)
{
  GoferMeeting *self = user_data;
  JsonObject *body = _gofer_json_get_object (peer_version, MEET_KEY);
  guint8 key[GOFER_IDENTITY_PUBLIC_KEY_SIZE], signature[GOFER_IDENTITY_SIGNATURE_SIZE];
  guint8 message[SIGNED_SIZE];
  const guint8 *pinned = gofer_paired_peer_get_public_key (self->peer);

  /* Whatever fails below, the version opened under the meeting key. */
  self->refused_answer = TRUE;
  if (body == NULL || !read_hex (body, "identity", key, sizeof key)
      || !read_hex (body, "signature", signature, sizeof signature))
    {
      g_propagate_error (error, not_the_peer_error (self));
      return FALSE;
    }
  if (sodium_memcmp (key, pinned, sizeof key) != 0)
    {
      g_propagate_error (error, other_identity_error (self));
      return FALSE;
    }
  if (!signed_message (self, pinned, message)
      || !gofer_identity_verify (pinned, message, sizeof message, signature))
    {
      g_propagate_error (error, not_the_peer_error (self));
      return FALSE;
    }
  self->refused_answer = FALSE;
  return TRUE;
}

static void
extension_message_cb (GoferConversation *conversation,
                      const char        *key,
                      JsonObject        *body,
                      gpointer           user_data)
{
  if (g_str_equal (key, FORGOTTEN_KEY))
    g_signal_emit (user_data, signals[SIGNAL_FORGOTTEN], 0);
}

GoferMeeting *
gofer_meeting_new (GoferIdentity   *identity,
                   GoferPairedPeer *peer,
                   const char      *relay_url,
                   const char      *appid,
                   guint64          day)
{
  GoferMeeting *self;

  g_return_val_if_fail (GOFER_IS_IDENTITY (identity), NULL);
  g_return_val_if_fail (GOFER_IS_PAIRED_PEER (peer), NULL);

  self = g_object_new (GOFER_TYPE_MEETING, NULL);
  self->identity = g_object_ref (identity);
  self->peer = g_object_ref (peer);
  self->day = day;
  self->mailbox_id = gofer_pairing_derive_mailbox_id (gofer_paired_peer_get_secret (peer), day);
  self->wormhole = gofer_wormhole_new (relay_url, appid);
  self->conversation = gofer_conversation_new (self->wormhole);
  gofer_wormhole_add_feature (self->wormhole, GOFER_PAIRING_FEATURE);
  _gofer_wormhole_set_version_check (self->wormhole, check_peer_version, self);
  g_signal_connect (self->wormhole, "notify::verifier", G_CALLBACK (verifier_cb), self);
  g_signal_connect (self->conversation, "extension-message", G_CALLBACK (extension_message_cb),
                    self);
  return self;
}

void
gofer_meeting_set_by_nameplate (GoferMeeting *self,
                                gboolean      by_nameplate)
{
  g_return_if_fail (GOFER_IS_MEETING (self));

  self->by_nameplate = by_nameplate;
}

void
gofer_meeting_set_slot (GoferMeeting *self,
                        guint         slot)
{
  g_return_if_fail (GOFER_IS_MEETING (self));

  g_free (self->mailbox_id);
  self->mailbox_id = gofer_pairing_derive_slot_mailbox_id (gofer_paired_peer_get_secret (self->peer),
                                                           self->day, slot);
}

const char *
gofer_meeting_get_mailbox_id (GoferMeeting *self)
{
  g_return_val_if_fail (GOFER_IS_MEETING (self), NULL);

  return self->mailbox_id;
}

GoferConversation *
gofer_meeting_get_conversation (GoferMeeting *self)
{
  g_return_val_if_fail (GOFER_IS_MEETING (self), NULL);

  return self->conversation;
}

static void
meet_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GoferMeeting) self = user_data;

  /* A failure also ends the conversation's start, which reports it. */
  if (_gofer_wormhole_meet_finish (GOFER_WORMHOLE (source), result, NULL))
    g_signal_emit (self, signals[SIGNAL_OPENED], 0);
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GoferMeeting *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (gofer_conversation_start_finish (GOFER_CONVERSATION (source), result, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* A wrong meeting password reads as a wrong code: say what it means here. */
  if (g_error_matches (error, GOFER_ERROR, GOFER_ERROR_WRONG_CODE)
      && strstr (error->message, gofer_paired_peer_get_name (self->peer)) == NULL)
    {
      g_clear_error (&error);
      error = not_the_peer_error (self);
    }
  g_task_return_error (task, error);
}

void
gofer_meeting_start_async (GoferMeeting        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GoferKey) password = NULL;
  g_autofree char *password_hex = NULL;
  GTask *task;

  g_return_if_fail (GOFER_IS_MEETING (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_meeting_start_async);
  password = gofer_pairing_derive_meeting_password (gofer_paired_peer_get_secret (self->peer),
                                                    self->day);
  password_hex = gofer_hex_encode (password->bytes, GOFER_KEY_SIZE);
  _gofer_wormhole_meet_async (self->wormhole, self->mailbox_id, password_hex, self->by_nameplate,
                              cancellable, meet_cb, g_object_ref (self));
  sodium_memzero (password_hex, strlen (password_hex));
  gofer_conversation_start_async (self->conversation, cancellable, started_cb, task);
}

gboolean
gofer_meeting_start_finish (GoferMeeting  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
gofer_meeting_get_refused_answer (GoferMeeting *self)
{
  g_return_val_if_fail (GOFER_IS_MEETING (self), FALSE);

  return self->refused_answer;
}

void
gofer_meeting_tell_forgotten (GoferMeeting *self)
{
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (GOFER_IS_MEETING (self));

  gofer_conversation_send_extension (self->conversation, FORGOTTEN_KEY, body);
}
