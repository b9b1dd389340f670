/* gofer-cli.h: shared state of the gofer command line
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gofer.h"

G_BEGIN_DECLS

/* Exit codes, documented in `gofer --help` and the README. */
enum {
  GOFER_EXIT_OK          = 0,
  GOFER_EXIT_FAILED      = 1,
  GOFER_EXIT_USAGE       = 2,
  GOFER_EXIT_WRONG_CODE  = 3,
  GOFER_EXIT_RELAY       = 4,
  GOFER_EXIT_PEER        = 5,
  GOFER_EXIT_INTERRUPTED = 130,
};

typedef struct
{
  /* Options */
  char          *relay_url;
  gboolean       relay_url_given; /* not the default: no search of the local network */
  gboolean       local;           /* --local: only the local network, our own mailbox */
  char          *transit_helper;
  char          *app_id;
  char          *code;
  int            code_length;
  char          *text;
  char          *output_file;
  gboolean       accept_file;
  gboolean       unpack;
  gboolean       no_listen;
  gboolean       hide_progress;
  char          *download_folder;
  char          *auto_send;
  char          *name;            /* pair: the name to give the other computer */
  char          *to;              /* send: a paired computer's name */
  char          *from;            /* receive: a paired computer's name */
  char          *with;            /* chat: a paired computer's name */
  int            transit_timeout;
  char         **paths;

  /* Run state */
  GMainLoop     *loop;
  GCancellable  *cancellable;
  GoferWormhole *wormhole;
  int            exit_code;
} GoferCli;

GoferWormhole *gofer_cli_new_wormhole (GoferCli     *cli);
/* Applies the transit options to a sender or receiver. */
void           gofer_cli_configure_transfer (GoferCli      *cli,
                                             GoferTransfer *transfer);
/* Prints the error and sets the exit code that matches it. */
void           gofer_cli_fail         (GoferCli     *cli,
                                       const GError *error);
void           gofer_cli_quit         (GoferCli     *cli,
                                       int           exit_code);
/* The code from --code, the arguments, a prompt, or standard input ("-").
 * NULL with a printed error when none was given or it is not a code. */
char          *gofer_cli_read_code    (GoferCli     *cli,
                                       const char   *given);

/* A copy of the wormhole code: wiped before it is freed, so that it does
 * not linger in freed memory. g_autoptr(GoferCliSecret) code = ... */
typedef char GoferCliSecret;
void           gofer_cli_secret_free  (GoferCliSecret *secret);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferCliSecret, gofer_cli_secret_free)

/* When @offer's name starts with a dot, says under which name it is saved
 * instead (it would be hidden, or land as ~/.ssh in the home folder). */
void           gofer_cli_explain_hidden_name (GoferOffer *offer);

/* Whether a standard stream (0, 1, 2) is a terminal, on every platform. */
gboolean       gofer_cli_is_terminal  (int           fd);

int            gofer_cli_send         (GoferCli     *cli);
int            gofer_cli_receive      (GoferCli     *cli,
                                       const char   *code);
int            gofer_cli_chat         (GoferCli     *cli,
                                       const char   *code);
int            gofer_cli_pair         (GoferCli     *cli,
                                       const char   *code);
/* send --to NAME (@sending) and receive --from NAME. */
int            gofer_cli_meet         (GoferCli     *cli,
                                       const char   *name,
                                       gboolean      sending);
/* @args: what follows "devices" on the command line. */
int            gofer_cli_devices      (GoferCli     *cli,
                                       char * const *args);

G_END_DECLS
