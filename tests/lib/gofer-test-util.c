/* gofer-test-util.c: bounded waits and scratch folders
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-test-util.h"

#include "gofer-safe-path.h"

void
gofer_test_drain (void)
{
  while (g_main_context_iteration (g_main_context_get_thread_default (), FALSE))
    ;
}

static gboolean
wake_cb (gpointer user_data)
{
  gboolean *fired = user_data;

  *fired = TRUE;
  return G_SOURCE_REMOVE;
}

void
gofer_test_pump (guint ms)
{
  GMainContext *context = g_main_context_get_thread_default ();
  gboolean fired = FALSE;
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, wake_cb, &fired, NULL);
  g_source_attach (source, context);
  while (!fired)
    g_main_context_iteration (context, TRUE);
  g_source_unref (source);
}

static gboolean
flag_set (gpointer user_data)
{
  return *(const gboolean *)user_data;
}

void
_gofer_test_wait_until (const char         *file,
                        int                 line,
                        const char         *func,
                        GoferTestCondition  condition,
                        gpointer            user_data,
                        guint               timeout_ms,
                        const char         *what)
{
  GMainContext *context = g_main_context_get_thread_default ();
  gboolean timed_out = FALSE;
  GSource *source;

  if (condition (user_data))
    return;

  source = g_timeout_source_new (timeout_ms);
  g_source_set_callback (source, wake_cb, &timed_out, NULL);
  g_source_attach (source, context);
  while (!condition (user_data) && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (source);
  g_source_unref (source);

  if (!condition (user_data))
    {
      g_autofree char *message = g_strdup_printf ("timed out after %u ms waiting for: %s",
                                                  timeout_ms, what);
      g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
    }
}

void
_gofer_test_wait_flag (const char     *file,
                       int             line,
                       const char     *func,
                       const gboolean *flag,
                       guint           timeout_ms,
                       const char     *what)
{
  _gofer_test_wait_until (file, line, func, flag_set, (gpointer)flag, timeout_ms, what);
}

static gboolean
result_stored (gpointer user_data)
{
  return *(GAsyncResult **)user_data != NULL;
}

GAsyncResult *
_gofer_test_wait_result (const char    *file,
                         int            line,
                         const char    *func,
                         GAsyncResult **slot,
                         guint          timeout_ms,
                         const char    *what)
{
  _gofer_test_wait_until (file, line, func, result_stored, slot, timeout_ms, what);
  return *slot;
}

void
gofer_test_store_result_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  if (*slot != NULL)
    g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,
                         "an operation completed twice");
  *slot = g_object_ref (result);
}

static gboolean
pointer_cleared (gpointer user_data)
{
  return *(gpointer *)user_data == NULL;
}

void
_gofer_test_wait_finalized (const char *file,
                            int         line,
                            const char *func,
                            gpointer    object,
                            guint       timeout_ms,
                            const char *what)
{
  gpointer weak = object;

  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);
  if (!pointer_cleared (&weak))
    {
      /* Nothing may be left to dispatch when the last reference is a
       * forgotten one: give the failure its own message, not a hang. */
      GMainContext *context = g_main_context_get_thread_default ();
      gboolean timed_out = FALSE;
      GSource *source = g_timeout_source_new (timeout_ms);

      g_source_set_callback (source, wake_cb, &timed_out, NULL);
      g_source_attach (source, context);
      while (weak != NULL && !timed_out)
        g_main_context_iteration (context, TRUE);
      g_source_destroy (source);
      g_source_unref (source);
    }
  if (weak != NULL)
    {
      g_autofree char *message = g_strdup_printf ("timed out after %u ms waiting for: %s",
                                                  timeout_ms, what);
      g_object_remove_weak_pointer (weak, &weak);
      g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
    }
}

gboolean
gofer_test_has_source_for (gpointer data)
{
  return g_main_context_find_source_by_user_data (g_main_context_get_thread_default (), data) != NULL;
}

GFile *
gofer_test_scratch_dir (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("gofer-%s-XXXXXX", name);
  g_autofree char *path = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

void
gofer_test_scratch_clear (GFile *dir)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gofer_delete_recursive (dir, NULL, &error));
  g_assert_no_error (error);
  g_object_unref (dir);
}
