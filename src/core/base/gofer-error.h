/* gofer-error.h
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

#define GOFER_ERROR (gofer_error_quark ())

/**
 * GoferError:
 * Every failure a person may see. The message of each GError is a
 * translated sentence saying what happened and what to do.
 */
typedef enum
{
  GOFER_ERROR_FAILED,
  GOFER_ERROR_RELAY_UNREACHABLE,   /* could not connect to the mailbox server */
  GOFER_ERROR_RELAY_ERROR,         /* the mailbox server answered with an error */
  GOFER_ERROR_RELAY_REFUSED,       /* the welcome message carried an error */
  GOFER_ERROR_CROWDED,             /* a third party took the nameplate */
  GOFER_ERROR_WRONG_CODE,          /* key confirmation failed (mood scary) */
  GOFER_ERROR_BAD_CODE,            /* the typed code cannot be a wormhole code */
  GOFER_ERROR_PEER_GONE,           /* the other side closed or vanished */
  GOFER_ERROR_PEER_ERROR,          /* the other side sent {"error": ...} */
  GOFER_ERROR_TIMEOUT,
  GOFER_ERROR_PROTOCOL,            /* malformed or unexpected data from the network */
  GOFER_ERROR_REJECTED,            /* the offer was declined */
  GOFER_ERROR_TRANSIT,             /* no transit connection could be made, or it broke */
  GOFER_ERROR_UNSAFE,              /* a received name or archive entry was refused */
  GOFER_ERROR_NO_SPACE,            /* not enough free disk space */
  GOFER_ERROR_CORRUPT,             /* checksum mismatch */
  GOFER_ERROR_NOT_SUPPORTED,       /* the peer lacks a Gofer extension */
  GOFER_ERROR_NO_DISCOVERY,        /* no mDNS service to find or announce on the local network */
} GoferError;

GQuark gofer_error_quark (void);

G_END_DECLS
