/* gofer-test-util.h: bounded waits and scratch folders for every test folder
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No GTK: tests/core, tests/transit, tests/fuzz and tests/app all link it.
 * Every wait runs the thread-default main context, has its own timeout,
 * and on timeout fails the test with what it waited for, as an assertion
 * at the caller's file and line (abort(), so libFuzzer counts it too).
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs what is ready on the main context, without blocking. */
void          gofer_test_drain              (void);
/* Runs the main context for @ms milliseconds. */
void          gofer_test_pump               (guint           ms);

typedef gboolean (*GoferTestCondition) (gpointer user_data);

void          _gofer_test_wait_until        (const char     *file,
                                             int             line,
                                             const char     *func,
                                             GoferTestCondition condition,
                                             gpointer        user_data,
                                             guint           timeout_ms,
                                             const char     *what);
void          _gofer_test_wait_flag         (const char     *file,
                                             int             line,
                                             const char     *func,
                                             const gboolean *flag,
                                             guint           timeout_ms,
                                             const char     *what);
GAsyncResult *_gofer_test_wait_result       (const char     *file,
                                             int             line,
                                             const char     *func,
                                             GAsyncResult  **slot,
                                             guint           timeout_ms,
                                             const char     *what);
void          _gofer_test_wait_finalized    (const char     *file,
                                             int             line,
                                             const char     *func,
                                             gpointer        object,
                                             guint           timeout_ms,
                                             const char     *what);

/* Runs the main context until condition (user_data) is TRUE. */
#define gofer_test_wait_until(condition, user_data, timeout_ms, what) \
  _gofer_test_wait_until (__FILE__, __LINE__, G_STRFUNC, (condition), (user_data), (timeout_ms), (what))
/* Runs the main context until *flag is TRUE. */
#define gofer_test_wait_flag(flag, timeout_ms, what) \
  _gofer_test_wait_flag (__FILE__, __LINE__, G_STRFUNC, (flag), (timeout_ms), (what))
/* Runs the main context until gofer_test_store_result_cb() filled *slot;
 * returns it (still owned by *slot). */
#define gofer_test_wait_result(slot, timeout_ms, what) \
  _gofer_test_wait_result (__FILE__, __LINE__, G_STRFUNC, (slot), (timeout_ms), (what))
/* Drops the caller's reference to @object and runs the main context until
 * the object is finalized: nobody else kept it. */
#define gofer_test_wait_finalized(object, timeout_ms, what) \
  _gofer_test_wait_finalized (__FILE__, __LINE__, G_STRFUNC, (object), (timeout_ms), (what))

/* A GAsyncReadyCallback that stores a reference to the result in
 * *(GAsyncResult **)user_data, which must be NULL (a second completion fails). */
void          gofer_test_store_result_cb    (GObject        *object,
                                             GAsyncResult   *result,
                                             gpointer        user_data);

/* Whether a source on the default main context still has @data as its
 * user data: a timer left behind by a finalized object. */
gboolean      gofer_test_has_source_for     (gpointer        data);

/* A new empty folder gofer-NAME-XXXXXX in the temporary folder. */
GFile        *gofer_test_scratch_dir        (const char     *name);
/* Deletes the folder and all in it, and unrefs it. */
void          gofer_test_scratch_clear      (GFile          *dir);

G_END_DECLS
