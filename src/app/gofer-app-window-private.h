/* gofer-app-window-private.h: the window's fields, for its tests
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gofer-app-code-completer.h"
#include "gofer-app-notifier.h"
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
  GtkButton            *conversation_button;
  GtkButton            *send_text_button;
  GtkButton            *send_folder_button;
  GtkEntry             *code_entry;
  GtkButton            *receive_button;
  GtkLabel             *code_hint_label;
  GtkLabel             *text_title_label;
  GtkTextView          *text_view;
  GtkButton            *send_text_confirm_button;
  GtkLabel             *code_title_label;
  GtkLabel             *code_label;
  GtkLabel             *code_payload_label;
  GtkLabel             *code_note_label;
  GoferAppQrCode       *qr_code;
  GtkButton            *copy_code_button;
  GtkButton            *progress_cancel_button;
  AdwStatusPage        *progress_page;
  GtkProgressBar       *progress_bar;
  AdwStatusPage        *offer_page;
  GtkLabel             *offer_destination_label;
  GtkButton            *accept_button;
  GtkButton            *save_as_button;
  GtkButton            *decline_button;
  AdwStatusPage        *done_page;
  GtkWidget            *done_text_frame;
  GtkLabel             *done_text_label;
  GtkButton            *open_button;
  GtkButton            *show_in_folder_button;
  GtkButton            *copy_text_button;
  GoferAppChatView     *chat_view;
  AdwStatusPage        *error_page;
  GtkExpander          *error_details_expander;
  GtkLabel             *error_details_label;
  GtkButton            *retry_button;
  GtkButton            *send_again_button;
  GtkButton            *preferences_button;
  GtkButton            *error_back_button;

  GtkDropTarget        *drop_target;
  GtkEventController   *code_entry_keys;
  GSettings            *settings;
  GtkFileChooserNative *chooser;
  GtkFileChooserNative *save_chooser;
  /* "Stop the Transfer?" while it is shown; weak. */
  GtkWidget            *close_dialog;
  GoferAppCodeCompleter *completer;
  GoferAppNotifier     *notifier;
  GCancellable         *cancellable;
  guint                 pulse_id;
  /* How long "Reaching the Server…" and "Waiting for the Sender…" stay
   * without a word before the page says what may be wrong. */
  guint                 late_after_ms;
  guint                 late_id;
  char                 *late_description;
  gint64                progress_text_us;

  /* Secret: shown and copied, never logged. */
  char                 *code;
  char                 *done_text;
  GFile                *done_location;
  char                 *offer_name;
  char                 *error_details;
  GoferAppFailureActions failure_actions;
};

G_END_DECLS
