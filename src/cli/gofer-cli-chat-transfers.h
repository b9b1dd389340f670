/* gofer-cli-chat-transfers.h: the transfers of `gofer chat`
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chat (gofer-cli-chat.c) owns one and hands it the commands typed; it
 * knows nothing of the chat and calls back only when a transfer finished.
 */

#pragma once

#include "gofer.h"

G_BEGIN_DECLS

typedef struct _GoferCliChatTransfers GoferCliChatTransfers;

/* A transfer finished (done, failed, declined or cancelled). */
typedef void (*GoferCliChatTransfersFinished) (gpointer user_data);

/* Prints progress lines for every transfer of @conversation; offers are
 * asked about, or with @accept_all accepted into @download_folder at once. */
GoferCliChatTransfers *gofer_cli_chat_transfers_new            (GoferConversation             *conversation,
                                                                GFile                         *download_folder,
                                                                gboolean                       accept_all,
                                                                GoferCliChatTransfersFinished  finished,
                                                                gpointer                       user_data);
void                   gofer_cli_chat_transfers_free           (GoferCliChatTransfers         *self);
gboolean               gofer_cli_chat_transfers_active         (GoferCliChatTransfers         *self);
/* TRUE once a transfer failed: the chat then exits with a failure. */
gboolean               gofer_cli_chat_transfers_failed         (GoferCliChatTransfers         *self);
/* "/accept" and "/decline": answers the oldest offer still waiting. */
void                   gofer_cli_chat_transfers_answer_offer   (GoferCliChatTransfers         *self,
                                                                gboolean                       accept);
/* The end of the input: nobody can answer any more, so the offers that
 * wait are declined. */
void                   gofer_cli_chat_transfers_decline_pending (GoferCliChatTransfers        *self);
/* "/send PATH" */
void                   gofer_cli_chat_transfers_send_path      (GoferCliChatTransfers         *self,
                                                                const char                    *path);

G_END_DECLS
