/* gofer-cli-chat.h: shared by the files of `gofer chat`
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gofer-cli.h"
#include "gofer.h"

G_BEGIN_DECLS

typedef struct _GoferCliChatFallback GoferCliChatFallback;

typedef struct
{
  GoferCli             *cli;
  GoferConversation    *conversation;
  GMainContext         *context;
  GFile                *download_folder;
  /* Lines read before the other side was known (a NULL entry: the end of
   * input): messages once the conversation runs, or the one standard
   * transfer for a standard wormhole program. */
  GQueue                early_lines;
  gboolean              started;
  gboolean              input_ended;
  gboolean              leaving;
  gboolean              transfer_failed;
  GoferCliChatFallback *fallback;
  /* Offers waiting for /accept or /decline, oldest first (without
   * --accept-file). */
  GQueue                pending_offers;
} GoferCliChat;

/* gofer-cli-chat.c: once the input ended, leaves when no transfer runs. */
void                  gofer_cli_chat_maybe_leave      (GoferCliChat         *chat);

/* gofer-cli-chat-transfers.c: progress lines; offers are asked about, or
 * accepted into the download folder with --accept-file. */
void                  gofer_cli_chat_watch_transfers  (GoferCliChat         *chat);
gboolean              gofer_cli_chat_transfers_active (GoferCliChat         *chat);
/* "/accept" and "/decline": answers the oldest offer still waiting. */
void                  gofer_cli_chat_answer_offer     (GoferCliChat         *chat,
                                                       gboolean              accept);
/* The end of the input: nobody can answer any more, so the offers that
 * wait are declined. */
void                  gofer_cli_chat_decline_pending  (GoferCliChat         *chat);
/* "/send PATH" */
void                  gofer_cli_chat_send_path        (GoferCliChat         *chat,
                                                       const char           *path);

/* gofer-cli-chat-fallback.c: the other side is a standard wormhole program. */
GoferCliChatFallback *gofer_cli_chat_fallback_start   (GoferCliChat         *chat);
void                  gofer_cli_chat_fallback_free    (GoferCliChatFallback *fallback);
/* A line typed (NULL: the end of input) while an offer waits for /accept
 * or /decline: TRUE when it was the answer, or said what to type. */
gboolean              gofer_cli_chat_fallback_take_line (GoferCliChatFallback *fallback,
                                                         const char           *line);

G_END_DECLS
