/* gofer-cli-chat.h: shared by the files of `gofer chat`
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gofer-cli.h"
#include "gofer-cli-chat-transfers.h"
#include "gofer.h"

G_BEGIN_DECLS

typedef struct _GoferCliChatFallback GoferCliChatFallback;

typedef struct
{
  GoferCli              *cli;
  GoferConversation     *conversation;
  GMainContext          *context;
  GFile                 *download_folder;
  /* Lines read before the other side was known (a NULL entry: the end of
   * input): messages once the conversation runs, or the one standard
   * transfer for a standard wormhole program. */
  GQueue                 early_lines;
  gboolean               started;
  gboolean               input_ended;
  gboolean               leaving;
  GoferCliChatFallback  *fallback;
  GoferCliChatTransfers *transfers;
  struct _GoferCliLocal *local;   /* our own mailbox, with --local */
  char                  *code;    /* the code given to join, wiped when freed */
  GoferMeeting          *meeting; /* with --with: the paired computer's */
} GoferCliChat;

/* gofer-cli-chat-fallback.c: the other side is a standard wormhole program. */
GoferCliChatFallback *gofer_cli_chat_fallback_start   (GoferCliChat         *chat);
void                  gofer_cli_chat_fallback_free    (GoferCliChatFallback *fallback);
/* A line typed (NULL: the end of input) while an offer waits for /accept
 * or /decline: TRUE when it was the answer, or said what to type. */
gboolean              gofer_cli_chat_fallback_take_line (GoferCliChatFallback *fallback,
                                                         const char           *line);

G_END_DECLS
