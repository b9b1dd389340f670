/* gofer-transfer-private.c: pieces GoferSender and GoferReceiver share
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-transfer-private.h"

#include <glib/gi18n-lib.h>

#include "gofer-transit-hints.h"

GoferTransit *
_gofer_transfer_new_transit (GoferWormhole     *wormhole,
                             GoferTransitRole   role,
                             const char        *transit_helper,
                             gboolean           listen,
                             GError           **error)
{
  g_autoptr(GoferKey) transit_key = NULL;
  g_autoptr(GoferTransit) transit = NULL;

  g_assert (gofer_wormhole_get_key (wormhole) != NULL);

  transit_key = gofer_derive_transit_key (gofer_wormhole_get_key (wormhole),
                                          gofer_wormhole_get_appid (wormhole));
  transit = gofer_transit_new (role, transit_key);
  gofer_transit_set_listen (transit, listen);
  if (transit_helper != NULL && *transit_helper != '\0')
    {
      g_autoptr(GoferTransitHint) relay = gofer_transit_hint_parse_relay_url (transit_helper, error);

      if (relay == NULL)
        return NULL;
      gofer_transit_add_relay (transit, relay);
    }
  return g_steal_pointer (&transit);
}

typedef struct
{
  GObject  *object;
  void    (*func) (GObject *object);
} CancelWatch;

static void
cancel_watch_free (gpointer data)
{
  CancelWatch *watch = data;

  g_object_unref (watch->object);
  g_free (watch);
}

static gboolean
cancel_idle_cb (gpointer data)
{
  CancelWatch *watch = data;

  watch->func (watch->object);
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      data)
{
  CancelWatch *watch = data;
  CancelWatch *copy = g_new0 (CancelWatch, 1);

  /* Cancel may come from any thread, and from inside g_cancellable_connect(). */
  copy->object = g_object_ref (watch->object);
  copy->func = watch->func;
  g_idle_add_full (G_PRIORITY_DEFAULT, cancel_idle_cb, copy, cancel_watch_free);
}

gulong
_gofer_transfer_watch_cancel (GCancellable  *cancellable,
                              GObject       *object,
                              void         (*func) (GObject *object))
{
  CancelWatch *watch;

  if (cancellable == NULL)
    return 0;
  watch = g_new0 (CancelWatch, 1);
  watch->object = g_object_ref (object);
  watch->func = func;
  return g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), watch, cancel_watch_free);
}

GError *
_gofer_transfer_cancelled_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The transfer was cancelled."));
}
