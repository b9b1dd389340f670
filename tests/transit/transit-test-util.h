/* transit-test-util.h: shared helpers of the transit tests
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gofer-transit.h"

G_BEGIN_DECLS

/* Iterates the default main context until *flag is TRUE; fails after 60 s. */
void          test_wait_for          (gboolean     *flag);
/* Iterates the default main context for @ms milliseconds. */
void          test_spin              (guint         ms);
/* Stores the GAsyncResult in *(GAsyncResult **)user_data. */
void          test_store_result_cb   (GObject      *object,
                                      GAsyncResult *result,
                                      gpointer      user_data);
GAsyncResult *test_wait_result       (GAsyncResult **slot);

/* A new empty folder gofer-NAME-XXXXXX in the temporary folder. */
GFile        *test_scratch_dir       (const char   *name);
/* Deletes the folder and all in it, and unrefs it. */
void          test_scratch_clear     (GFile        *dir);

/* A TCP port on 127.0.0.1 that was free a moment ago. */
guint16       test_free_port         (void);

/* The real Debian transit relay on 127.0.0.1; NULL (test skipped) without twist3. */
typedef struct _TestRelay TestRelay;
TestRelay    *test_relay_start       (void);
guint16       test_relay_port        (TestRelay    *relay);
void          test_relay_stop        (TestRelay    *relay);

/* The peer's hints with direct hints reduced to loopback, so a test never
 * dials a LAN address even outside a network namespace. */
GPtrArray    *test_loopback_hints    (GPtrArray    *hints,
                                      guint16       port);

G_END_DECLS
