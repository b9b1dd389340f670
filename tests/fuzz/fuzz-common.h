/* fuzz-common.h: what every fuzz target shares
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each target is one file defining LLVMFuzzerTestOneInput(). It is linked
 * twice: with libFuzzer (clang, -fsanitize=fuzzer) to search for crashes,
 * and with fuzz-replay.c into a plain program that runs every file of its
 * corpus, so the normal test suite replays the seeds and every crash that
 * was ever found and fixed.
 */

#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

int   LLVMFuzzerTestOneInput (const uint8_t *data,
                              size_t         size);

/* Once per process: libsodium, and every critical or warning made fatal so
 * that a g_return_if_fail() reachable from the network counts as a crash. */
void  fuzz_init              (void);

/* A private temporary directory for the whole process, removed at exit. */
const char *fuzz_tmp_dir     (void);

/* Runs the thread-default main context until *done is TRUE. */
void  fuzz_iterate_until     (const gboolean *done);

/* Prints and aborts (the signal libFuzzer catches; GLib's fatal errors
 * raise SIGTRAP, which it does not). */
G_NORETURN void fuzz_fail   (const char *what,
                             const char *condition);

/* Fails with @what when @condition is false; unlike g_assert() this is
 * never compiled out. */
#define fuzz_check(condition, what) \
  G_STMT_START { \
    if (G_UNLIKELY (!(condition))) \
      fuzz_fail (what, #condition); \
  } G_STMT_END

G_END_DECLS
