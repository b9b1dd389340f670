/* gofer-pairing.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-pairing.h"
#include "gofer-error.h"
#include "gofer-json-private.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#define PAIR_KEY "gofer-pair"
#define DECLINED_KEY "gofer-pair-declined"

struct _GoferPairing
{
  GObject            parent_instance;

  GoferConversation *conversation;
  GoferIdentity     *identity;
  GoferPairedPeers  *peers;

  gboolean           asked;          /* our gofer-pair is out */
  gboolean           peer_asked;     /* the peer's came */
  guint8             peer_key[GOFER_IDENTITY_PUBLIC_KEY_SIZE];
  char              *suggested_name;
  char              *chosen_name;
  GoferPairedPeer   *peer;
};

enum {
  SIGNAL_ASKED,
  SIGNAL_PAIRED,
  SIGNAL_DECLINED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (GoferPairing, gofer_pairing, G_TYPE_OBJECT)

static void
gofer_pairing_dispose (GObject *object)
{
  GoferPairing *self = GOFER_PAIRING (object);

  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_data (self->conversation, self);
  g_clear_object (&self->conversation);
  g_clear_object (&self->identity);
  g_clear_object (&self->peers);
  g_clear_object (&self->peer);
  G_OBJECT_CLASS (gofer_pairing_parent_class)->dispose (object);
}

static void
gofer_pairing_finalize (GObject *object)
{
  GoferPairing *self = GOFER_PAIRING (object);

  g_free (self->suggested_name);
  g_free (self->chosen_name);
  G_OBJECT_CLASS (gofer_pairing_parent_class)->finalize (object);
}

static void
gofer_pairing_class_init (GoferPairingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_pairing_dispose;
  object_class->finalize = gofer_pairing_finalize;

  signals[SIGNAL_ASKED] =
    g_signal_new ("asked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_PAIRED] =
    g_signal_new ("paired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, GOFER_TYPE_PAIRED_PEER);
  signals[SIGNAL_DECLINED] =
    g_signal_new ("declined", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
gofer_pairing_init (GoferPairing *self)
{
}

static void
fail (GoferPairing *self,
      GError       *error)
{
  g_autoptr(GError) owned = error;

  g_signal_emit (self, signals[SIGNAL_FAILED], 0, owned);
}

static GError *
malformed_error (void)
{
  return g_error_new_literal (GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                              _("The other computer sent a pairing request that Gofer cannot "
                                "read, so the two were not paired. Try again with an up-to-date "
                                "Gofer on both."));
}

static void
complete (GoferPairing *self)
{
  GoferWormhole *wormhole = gofer_conversation_get_wormhole (self->conversation);
  g_autoptr(GoferKey) secret = gofer_pairing_derive_secret (gofer_wormhole_get_key (wormhole));
  const char *name = self->chosen_name != NULL ? self->chosen_name : self->suggested_name;
  GError *error = NULL;
  GoferPairedPeer *peer;

  peer = gofer_paired_peers_add (self->peers, name, self->peer_key, secret, &error);
  if (peer == NULL)
    {
      fail (self, error);
      return;
    }
  self->peer = g_object_ref (peer);
  g_signal_emit (self, signals[SIGNAL_PAIRED], 0, peer);
}

/* The identity member: exactly 64 hex digits, and not our own key. */
static gboolean
read_identity (GoferPairing *self,
               JsonObject   *body)
{
  const char *hex = _gofer_json_get_string (body, "identity", NULL);

  if (hex == NULL || strlen (hex) != 2 * GOFER_IDENTITY_PUBLIC_KEY_SIZE
      || sodium_hex2bin (self->peer_key, sizeof self->peer_key, hex, strlen (hex),
                         NULL, NULL, NULL) != 0)
    return FALSE;
  return memcmp (self->peer_key, gofer_identity_get_public_key (self->identity),
                 sizeof self->peer_key) != 0;
}

static void
handle_pair (GoferPairing *self,
             JsonObject   *body)
{
  const char *name = _gofer_json_get_string (body, "name", NULL);
  g_autofree char *fingerprint = NULL;

  /* One pairing per conversation: a second request changes nothing. */
  if (self->peer_asked)
    return;
  if (name == NULL || !read_identity (self, body))
    {
      fail (self, malformed_error ());
      return;
    }
  self->peer_asked = TRUE;
  self->suggested_name = gofer_paired_peer_clean_name (name);
  if (self->asked)
    {
      complete (self);
      return;
    }
  fingerprint = gofer_pairing_fingerprint (self->peer_key);
  g_signal_emit (self, signals[SIGNAL_ASKED], 0, self->suggested_name, fingerprint);
}

static void
extension_message_cb (GoferConversation *conversation,
                      const char        *key,
                      JsonObject        *body,
                      gpointer           user_data)
{
  GoferPairing *self = user_data;

  if (!gofer_pairing_is_possible (self))
    return;
  if (g_str_equal (key, PAIR_KEY))
    handle_pair (self, body);
  else if (g_str_equal (key, DECLINED_KEY))
    g_signal_emit (self, signals[SIGNAL_DECLINED], 0);
}

GoferPairing *
gofer_pairing_new (GoferConversation *conversation,
                   GoferIdentity     *identity,
                   GoferPairedPeers  *peers)
{
  GoferPairing *self;

  g_return_val_if_fail (GOFER_IS_CONVERSATION (conversation), NULL);
  g_return_val_if_fail (GOFER_IS_IDENTITY (identity), NULL);
  g_return_val_if_fail (GOFER_IS_PAIRED_PEERS (peers), NULL);

  self = g_object_new (GOFER_TYPE_PAIRING, NULL);
  self->conversation = g_object_ref (conversation);
  self->identity = g_object_ref (identity);
  self->peers = g_object_ref (peers);
  gofer_wormhole_add_feature (gofer_conversation_get_wormhole (conversation),
                              GOFER_PAIRING_FEATURE);
  g_signal_connect (conversation, "extension-message", G_CALLBACK (extension_message_cb), self);
  return self;
}

gboolean
gofer_pairing_is_possible (GoferPairing *self)
{
  g_return_val_if_fail (GOFER_IS_PAIRING (self), FALSE);

  return gofer_wormhole_shares_feature (gofer_conversation_get_wormhole (self->conversation),
                                        GOFER_PAIRING_FEATURE);
}

gboolean
gofer_pairing_ask (GoferPairing  *self,
                   const char    *own_name,
                   GError       **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *identity = NULL;
  g_autofree char *name = gofer_paired_peer_clean_name (own_name);

  g_return_val_if_fail (GOFER_IS_PAIRING (self), FALSE);

  if (self->asked)
    return TRUE;
  identity = gofer_hex_encode (gofer_identity_get_public_key (self->identity),
                               GOFER_IDENTITY_PUBLIC_KEY_SIZE);
  json_object_set_string_member (body, "identity", identity);
  json_object_set_string_member (body, "name", name);
  if (!gofer_pairing_is_possible (self)
      || !gofer_conversation_send_extension (self->conversation, PAIR_KEY, body))
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_NOT_SUPPORTED,
                           _("The other side's Gofer cannot pair, or the conversation is over. "
                             "Update Gofer on both computers and try again."));
      return FALSE;
    }
  self->asked = TRUE;
  if (self->peer_asked)
    complete (self);
  return TRUE;
}

void
gofer_pairing_decline (GoferPairing *self)
{
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (GOFER_IS_PAIRING (self));

  if (gofer_pairing_is_possible (self))
    gofer_conversation_send_extension (self->conversation, DECLINED_KEY, body);
}

void
gofer_pairing_set_peer_name (GoferPairing *self,
                             const char   *name)
{
  g_return_if_fail (GOFER_IS_PAIRING (self));

  g_free (self->chosen_name);
  self->chosen_name = name != NULL ? gofer_paired_peer_clean_name (name) : NULL;
}

const char *
gofer_pairing_get_suggested_name (GoferPairing *self)
{
  g_return_val_if_fail (GOFER_IS_PAIRING (self), NULL);

  return self->suggested_name;
}

GoferPairedPeer *
gofer_pairing_get_peer (GoferPairing *self)
{
  g_return_val_if_fail (GOFER_IS_PAIRING (self), NULL);

  return self->peer;
}
