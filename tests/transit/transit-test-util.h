/* transit-test-util.h: shared helpers of the transit tests
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gofer-test-util.h"
#include "gofer-transit.h"

G_BEGIN_DECLS

/* The shared helpers of tests/lib under the names these tests use. A wait
 * fails after 60 s, naming its caller's line and what it waited for. */
#define test_wait_for(flag)        gofer_test_wait_flag ((flag), 60000, #flag " becomes TRUE")
#define test_wait_result(slot)     gofer_test_wait_result ((slot), 60000, "a result in " #slot)
#define test_spin(ms)              gofer_test_pump (ms)
#define test_store_result_cb       gofer_test_store_result_cb
#define test_scratch_dir(name)     gofer_test_scratch_dir (name)
#define test_scratch_clear(dir)    gofer_test_scratch_clear (dir)

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
