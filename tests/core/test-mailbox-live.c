/* test-mailbox-live.c: a GoferMailbox connection over time, against
 * gofer-relay's mailbox server on loopback
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-mailbox.h"
#include "gofer-relay-local.h"
#include "gofer-test-util.h"

#define WAIT_MS 5000

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          gpointer    user_data)
{
  guint *changes = user_data;

  (*changes)++;
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (gofer_mailbox_connect_finish (GOFER_MAILBOX (object), result, NULL));
  *done = TRUE;
}

/* Once welcomed, a connection stays: the wait for the welcome must not
 * drop it when its time runs out (it did, every connect timeout + 1 s). */
static void
test_stays_connected (void)
{
  const char *loopback[] = { "127.0.0.1", NULL };
  g_autoptr(GoferRelayLocal) server = gofer_relay_local_new ();
  g_autoptr(GoferMailbox) mailbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  gboolean connected = FALSE;
  guint changes = 0;

  g_assert_true (gofer_relay_local_start (server, loopback, &error));
  g_assert_no_error (error);
  url = g_strdup_printf ("ws://127.0.0.1:%u/v1", gofer_relay_local_get_mailbox_port (server));
  mailbox = gofer_mailbox_new (url, "lothar.com/wormhole/text-or-file-xfer", "0123456789abcdef");
  gofer_mailbox_set_connect_timeout (mailbox, 1);
  g_signal_connect (mailbox, "notify::connected", G_CALLBACK (count_cb), &changes);

  gofer_mailbox_connect_async (mailbox, NULL, connected_cb, &connected);
  gofer_test_wait_flag (&connected, WAIT_MS, "the server's welcome");
  g_assert_true (gofer_mailbox_get_connected (mailbox));
  g_assert_cmpuint (changes, ==, 1);

  /* Three times the connect timeout. */
  gofer_test_pump (3500);
  g_assert_true (gofer_mailbox_get_connected (mailbox));
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (gofer_relay_local_get_n_clients (server), ==, 1);

  g_clear_object (&mailbox);
  gofer_relay_local_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mailbox-live/stays-connected", test_stays_connected);

  return g_test_run ();
}
