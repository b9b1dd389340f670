/* gofer-cli-local.h: gofer's own mailbox and transit relay for the local network
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gofer-cli.h"

G_BEGIN_DECLS

typedef struct _GoferCliLocal GoferCliLocal;

/* Starts a mailbox server and transit relay on this computer's local-network
 * addresses and points @cli's --relay-url and --transit-helper at them.
 * NULL with a sentence in @error when it cannot. */
GoferCliLocal *gofer_cli_local_start    (GoferCli       *cli,
                                         GError        **error);
/* Tells the network (mDNS) that @code's nameplate is here, prints the line
 * a standard client on the same network receives with, and calls @done once
 * the announcement is out (or could not be made, which it explains): a
 * receiver who types the code from then on finds this computer. */
void           gofer_cli_local_announce (GoferCliLocal  *local,
                                         const char     *code,
                                         GSourceFunc     done,
                                         gpointer        user_data);
/* The same for a meeting of paired computers: announces @nameplate alone
 * (a standard client cannot take part, so no command is printed). */
void           gofer_cli_local_announce_nameplate (GoferCliLocal *local,
                                                   const char    *nameplate,
                                                   GSourceFunc    done,
                                                   gpointer       user_data);
/* Keeps serving until the other side has hung up (at most a few seconds),
 * then calls @done: it closes its mailbox after the transfer, and a server
 * that vanished first would leave it waiting for the answer. */
void           gofer_cli_local_linger   (GoferCliLocal  *local,
                                         GSourceFunc     done,
                                         gpointer        user_data);
void           gofer_cli_local_free     (GoferCliLocal  *local);

/* Points @cli's --relay-url at where @code's sender waits: with --local, a
 * Gofer on this network (or a failure with a sentence); without a server
 * given on the command line, this network or the default server
 * (gofer_lan_choose_server_async()); else the given server. Then calls
 * @ready, unless it failed @cli. */
void           gofer_cli_local_find_sender (GoferCli    *cli,
                                            const char  *code,
                                            GSourceFunc  ready,
                                            gpointer     user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferCliLocal, gofer_cli_local_free)

G_END_DECLS
