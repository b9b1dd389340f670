/* gofer-lan-rendezvous.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A receiver has only the code. The sender may have its nameplate on the
 * configured server or, without Internet, on its own mailbox on the local
 * network. Both are asked at once; the first that holds the nameplate
 * wins. Neither holding it (the receiver came first) means the configured
 * server, as every standard client would do.
 */

#include "config.h"

#include "gofer-lan-rendezvous.h"
#include "gofer-lan-finder.h"
#include "gofer-error.h"
#include "gofer-mailbox.h"

#include <glib/gi18n-lib.h>

/* Without an answer from the configured server (no Internet), the sender
 * can only be on the local network: look there this much longer, for an
 * announcement that is still on its way. */
#define OFFLINE_SEARCH_MS 10000

typedef struct
{
  char           *server_url;
  char           *nameplate;
  GoferLanFinder *finder;
  GoferMailbox   *mailbox;
  GCancellable   *cancellable;   /* of the two searches, not of the task */
  gboolean        server_answered;
  gboolean        server_failed;
  gboolean        finder_done;
  gboolean        no_discovery;  /* the finder had no mDNS daemon to ask */
  gboolean        returned;
  guint           deadline_id;
  GSource        *caller_cancelled;
} Choice;

static void
choice_free (Choice *choice)
{
  g_clear_handle_id (&choice->deadline_id, g_source_remove);
  if (choice->caller_cancelled != NULL)
    g_source_destroy (choice->caller_cancelled);
  g_clear_pointer (&choice->caller_cancelled, g_source_unref);
  g_cancellable_cancel (choice->cancellable);
  g_clear_object (&choice->cancellable);
  g_clear_object (&choice->finder);
  g_clear_object (&choice->mailbox);
  g_free (choice->server_url);
  g_free (choice->nameplate);
  g_free (choice);
}

/* Returns once, @url or @error (taken), and stops both searches: the
 * finder and the mailbox answer their cancelled callers at once, which
 * lets go of the task. */
static void
return_choice (GTask  *task,
               char   *url,
               GError *error)
{
  Choice *choice = g_task_get_task_data (task);

  /* Not g_task_had_error(): it holds as soon as the caller's cancellable
   * is cancelled, and a caller that cancelled must still hear back, or
   * whatever its callback would let go of (a window's flow) stays. */
  if (choice->returned)
    {
      g_free (url);
      g_clear_error (&error);
      return;
    }
  choice->returned = TRUE;
  g_clear_handle_id (&choice->deadline_id, g_source_remove);
  if (choice->caller_cancelled != NULL)
    g_source_destroy (choice->caller_cancelled);
  g_cancellable_cancel (choice->cancellable);
  if (g_task_return_error_if_cancelled (task))
    {
      g_free (url);
      g_clear_error (&error);
    }
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, url ? url : g_strdup (choice->server_url), g_free);
}

static void
complete (GTask *task,
          char  *url)
{
  return_choice (task, url, NULL);
}

/* Both searches came back empty-handed. The configured server is the
 * place to wait, unless it is out of reach and the local network could not
 * be searched: then waiting there is waiting for nothing, and the person
 * hears why. */
static void
complete_without_sender (GTask *task)
{
  Choice *choice = g_task_get_task_data (task);

  if (choice->server_failed && choice->no_discovery)
    return_choice (task, NULL,
                   g_error_new_literal (GOFER_ERROR, GOFER_ERROR_NO_DISCOVERY,
                                        _("The server cannot be reached, and this computer cannot "
                                          "look for the sender on the local network: it has no "
                                          "service for that (mDNS, such as Avahi). Connect to the "
                                          "Internet, start that service, or ask the sender for "
                                          "the server address their Gofer shows.")));
  else
    complete (task, NULL);
}

/* The configured server answered without the nameplate and the local
 * network did not have it in time: the receiver came first. */
static gboolean
deadline_cb (gpointer user_data)
{
  GTask *task = user_data;
  Choice *choice = g_task_get_task_data (task);

  choice->deadline_id = 0;
  if (choice->server_answered)
    complete (task, NULL);
  return G_SOURCE_REMOVE;
}

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Choice *choice = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *url = gofer_lan_finder_find_finish (GOFER_LAN_FINDER (source), result, &error);

  if (error != NULL)
    g_debug ("lan: not searching the local network: %s", error->message);
  choice->finder_done = TRUE;
  choice->no_discovery = g_error_matches (error, GOFER_ERROR, GOFER_ERROR_NO_DISCOVERY);
  if (url != NULL)
    complete (task, url);
  else if (choice->server_answered || choice->server_failed || choice->deadline_id == 0)
    complete_without_sender (task);
}

/* The configured server did not answer: the local network decides. */
static void
server_failed (GTask        *task,
               const GError *error)
{
  Choice *choice = g_task_get_task_data (task);

  g_debug ("lan: the configured server did not answer: %s", error->message);
  choice->server_failed = TRUE;
  if (choice->finder_done)
    complete_without_sender (task);
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Choice *choice = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) nameplates = gofer_mailbox_list_finish (GOFER_MAILBOX (source), result, &error);

  if (nameplates == NULL)
    {
      server_failed (task, error);
      return;
    }
  choice->server_answered = TRUE;
  if (g_strv_contains ((const char *const *)nameplates, choice->nameplate))
    complete (task, g_strdup (choice->server_url));
  else if (choice->finder_done || choice->deadline_id == 0)
    complete (task, NULL);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Choice *choice = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!gofer_mailbox_connect_finish (GOFER_MAILBOX (source), result, &error))
    {
      server_failed (task, error);
      return;
    }
  gofer_mailbox_list_async (choice->mailbox, choice->cancellable, listed_cb,
                            g_steal_pointer (&task));
}

/* A cancelled caller hears of it at once, not when the searches end. */
static gboolean
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  complete (G_TASK (user_data), NULL);
  return G_SOURCE_REMOVE;
}

static char *
random_side (void)
{
  return g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
}

void
gofer_lan_choose_server_async (const char          *server_url,
                               const char          *appid,
                               const char          *nameplate,
                               guint                timeout_ms,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *side = random_side ();
  Choice *choice;

  g_return_if_fail (server_url != NULL && appid != NULL && nameplate != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_lan_choose_server_async);
  choice = g_new0 (Choice, 1);
  choice->server_url = g_strdup (server_url);
  choice->nameplate = g_strdup (nameplate);
  choice->cancellable = g_cancellable_new ();
  choice->finder = gofer_lan_finder_new ();
  choice->mailbox = gofer_mailbox_new (server_url, appid, side);
  gofer_mailbox_set_connect_timeout (choice->mailbox, MAX (1, (timeout_ms + 999) / 1000));
  g_task_set_task_data (task, choice, (GDestroyNotify)choice_free);
  choice->deadline_id = g_timeout_add (timeout_ms, deadline_cb, task);
  if (cancellable != NULL)
    {
      /* The source goes with the choice, so it never outlives the task. */
      choice->caller_cancelled = g_cancellable_source_new (cancellable);
      g_task_attach_source (task, choice->caller_cancelled, G_SOURCE_FUNC (caller_cancelled_cb));
    }

  gofer_lan_finder_find_async (choice->finder, nameplate, timeout_ms + OFFLINE_SEARCH_MS,
                               choice->cancellable, found_cb, g_object_ref (task));
  gofer_mailbox_connect_async (choice->mailbox, choice->cancellable, connected_cb,
                               g_object_ref (task));
}

char *
gofer_lan_choose_server_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
