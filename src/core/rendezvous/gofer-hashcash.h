/* gofer-hashcash.h: hashcash v1 stamps, the mailbox server's proof of work
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A mailbox server under attack may put
 * {"permission-required": {"hashcash": {"bits": N, "resource": R}}} in its
 * welcome; a client then sends {"type": "submit-permissions", "method":
 * "hashcash", "stamp": STAMP} before "bind". A stamp is
 * "1:BITS:DATE:RESOURCE::RAND:COUNTER" whose SHA-1 starts with at least
 * BITS zero bits. The client mints (gofer-mailbox.c), gofer-relay checks
 * (--require-hashcash). No GObject: gofer-relay compiles this file in.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The most bits a client works for: 2^32 SHA-1 tries are minutes of one
 * core. wormhole-rs warns above it. */
#define GOFER_HASHCASH_MAX_BITS 32

/* The longest resource accepted (the reference server's are 12 bytes). */
#define GOFER_HASHCASH_MAX_RESOURCE 256

/* How many days a stamp's date may lie before or after the checker's
 * (UTC) date. */
#define GOFER_HASHCASH_DATE_WINDOW_DAYS 2

typedef enum
{
  GOFER_HASHCASH_OK,
  GOFER_HASHCASH_MALFORMED,
  GOFER_HASHCASH_VERSION,
  GOFER_HASHCASH_RESOURCE,
  GOFER_HASHCASH_CLAIMED_BITS,
  GOFER_HASHCASH_DATE,
  GOFER_HASHCASH_WORK,
} GoferHashcashResult;

/* Whether a client can work for this: @bits at most
 * GOFER_HASHCASH_MAX_BITS, @resource printable ASCII without ':' and not
 * longer than GOFER_HASHCASH_MAX_RESOURCE. */
gboolean             gofer_hashcash_can_mint     (gint64               bits,
                                                  const char          *resource);
/* A stamp dated @when (UTC, YYMMDD as hashcash.org writes it), or %NULL
 * when @cancellable was cancelled first. Blocks: about 2^@bits SHA-1. */
char                *gofer_hashcash_mint         (guint                bits,
                                                  const char          *resource,
                                                  GDateTime           *when,
                                                  GCancellable        *cancellable);
/* gofer_hashcash_mint() dated now, in a thread. */
void                 gofer_hashcash_mint_async   (guint                bits,
                                                  const char          *resource,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
char                *gofer_hashcash_mint_finish  (GAsyncResult        *result,
                                                  GError             **error);
/* How many zero bits the SHA-1 of @stamp starts with. */
guint                gofer_hashcash_zero_bits    (const char          *stamp);
/* Checks @stamp against what the server asked (@bits, @resource) and the
 * date @now. Dates are read as hashcash.org (YYMMDD, YYMMDDhhmm,
 * YYMMDDhhmmss), as magic-wormhole's permissions branch (YYYYMMDD) and as
 * wormhole-rs (YYYYMMDD in base64) write them. Reuse is the caller's
 * business (gofer-relay gives each connection its own resource). */
GoferHashcashResult  gofer_hashcash_check        (const char          *stamp,
                                                  guint                bits,
                                                  const char          *resource,
                                                  GDateTime           *now);
/* The reason, in the server's wire language (English). */
const char          *gofer_hashcash_result_text  (GoferHashcashResult  result);

G_END_DECLS
