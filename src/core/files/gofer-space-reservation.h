/* gofer-space-reservation.h: free space booked by the transfers that run
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* What one receive still needs on one file system. Every receive path
 * (gofer receive, a conversation's transfers, the app) books its offer here
 * before it writes, so that offers accepted one after the other cannot
 * together promise more than the disk holds; each checked the free space
 * on its own before. The bookings are this process's: another program
 * (another Gofer too) may still fill the disk meanwhile. */
typedef struct _GoferSpaceReservation GoferSpaceReservation;

/* Books @needed bytes on the file system holding @dir when its free space,
 * less what the other reservations there still need (their size less what
 * their .part already holds), leaves room for them. Otherwise
 * GOFER_ERROR_NO_SPACE with a sentence giving the sizes. A file system that
 * does not report its free space (some network shares) books without a
 * check: the write finds out. Blocking; thread-safe. */
GoferSpaceReservation *gofer_space_reserve          (GFile                  *dir,
                                                     guint64                 needed,
                                                     GCancellable           *cancellable,
                                                     GError                **error);
void                   gofer_space_reserve_async    (GFile                  *dir,
                                                     guint64                 needed,
                                                     GCancellable           *cancellable,
                                                     GAsyncReadyCallback     callback,
                                                     gpointer                user_data);
GoferSpaceReservation *gofer_space_reserve_finish   (GAsyncResult           *result,
                                                     GError                **error);
/* The file the transfer writes: what it holds no longer counts as still
 * needed. */
void                   gofer_space_reservation_set_file (GoferSpaceReservation *self,
                                                         GFile                 *file);
/* Gives the space back: the transfer finished, failed or was declined. */
void                   gofer_space_reservation_release  (GoferSpaceReservation *self);
/* What all reservations on @dir's file system still need; for tests and
 * messages. Blocking. */
guint64                gofer_space_reserved_on      (GFile                  *dir);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GoferSpaceReservation, gofer_space_reservation_release)

G_END_DECLS
