/* gofer-app-window-private.h: the window's fields, for its tests
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libnotify/notify.h>

#include "gofer-app-qr-code.h"
#include "gofer-app-window.h"

G_BEGIN_DECLS

struct _GoferAppWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  GtkButton            *send_button;
  GtkEntry             *code_entry;
  GtkButton            *receive_button;
  GtkLabel             *code_label;
  GoferAppQrCode       *qr_code;
  AdwStatusPage        *progress_page;
  GtkProgressBar       *progress_bar;
  AdwStatusPage        *offer_page;
  GtkLabel             *offer_destination_label;
  AdwStatusPage        *done_page;
  GtkWidget            *done_text_frame;
  GtkLabel             *done_text_label;
  GtkButton            *open_location_button;
  GtkButton            *copy_text_button;
  AdwStatusPage        *error_page;
  GtkExpander          *error_details_expander;
  GtkLabel             *error_details_label;

  GtkDropTarget        *drop_target;
  GSettings            *settings;
  GtkFileChooserNative *chooser;
  NotifyNotification   *notification;
  GCancellable         *cancellable;
  guint                 pulse_id;
  /* Notifications the daemon accepted; tests wait on it. */
  guint                 n_notifications_shown;

  /* Secret: shown and copied, never logged. */
  char                 *code;
  char                 *done_text;
  GFile                *done_location;
};

G_END_DECLS
