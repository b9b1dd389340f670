/* gofer-resume.h: single transfers between two Gofers go on from a .part
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "resume-v1" extension (docs/protocol-extensions.md, section 1c): the
 * messages, the sender's file id, and what the sender reads to check the
 * receiver's prefix.
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gofer-hash-converter.h"

G_BEGIN_DECLS

#define GOFER_FEATURE_RESUME "resume-v1"
/* The file id covers the size and at most this many first bytes. */
#define GOFER_RESUME_ID_BYTES (1024 * 1024)

/* hex SHA-256("gofer:resume-v1:file-id" ‖ u64_be(size) ‖ the first
 * min(size, GOFER_RESUME_ID_BYTES) bytes of @input). Blocking. */
char     *gofer_resume_file_id          (GInputStream   *input,
                                         guint64         size,
                                         GCancellable   *cancellable,
                                         GError        **error);
void      gofer_resume_file_id_async    (GFile               *file,
                                         guint64              size,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
char     *gofer_resume_file_id_finish   (GAsyncResult        *result,
                                         GError             **error);

/* The payload to send after the receiver asked to go on at @offset with a
 * prefix of SHA-256 @prefix_sha256: opened, the first @offset bytes hashed
 * (never more: @offset ≤ the size was checked), and left at @offset when
 * they match, else at 0. */
typedef struct
{
  GInputStream       *input;
  GoferHashConverter *hash;       /* everything before the start */
  guint64             start;
} GoferResumeSource;

void               gofer_resume_source_free         (GoferResumeSource   *source);
void               gofer_resume_open_source_async   (GFile               *file,
                                                     guint64              offset,
                                                     const char          *prefix_sha256,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GoferResumeSource *gofer_resume_open_source_finish  (GAsyncResult        *result,
                                                     GError             **error);

/* {"offer": …} gets "gofer-resume": {"file-id": …} beside it. */
void        gofer_resume_offer_add_file_id  (JsonNode    *offer,
                                             const char  *file_id);
/* The file id of an offer message, if it carries a well-formed one. */
const char *gofer_resume_offer_get_file_id  (JsonObject  *message);
/* {"answer": …} gets "gofer-resume": {"offset": …, "sha256": …} beside it. */
void        gofer_resume_answer_add         (JsonNode    *answer,
                                             guint64      offset,
                                             const char  *prefix_sha256);
/* FALSE with no error: the answer asks for no resume. An offset of 0 or
 * past @size, or a malformed hash, is GOFER_ERROR_PROTOCOL. */
gboolean    gofer_resume_answer_get         (JsonObject  *message,
                                             guint64      size,
                                             guint64     *offset,
                                             const char **prefix_sha256,
                                             GError     **error);
/* {"gofer-resume-from": {"offset": start}}: the sender's decision. */
JsonNode   *gofer_resume_from_new           (guint64      start);
/* TRUE when @message is a "gofer-resume-from"; its start must be 0 or
 * @offered, else GOFER_ERROR_PROTOCOL. */
gboolean    gofer_resume_from_get           (JsonObject  *message,
                                             guint64      offered,
                                             guint64     *start,
                                             GError     **error);
/* The trailer record after the data: {"ack": "ok", "sha256": whole file};
 * a missing hash is an error here, unlike in the standard ack. */
gboolean    gofer_resume_check_trailer      (GBytes      *plain,
                                             const char  *expected_sha256,
                                             GError     **error);

G_END_DECLS
