/* gofer-app-window-private.h: the window's fields and what its files share,
 * for gofer-app-window*.c and its tests
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gofer-app-code-completer.h"
#include "gofer-app-notifier.h"
#include "gofer-app-qr-code.h"
#include "gofer-app-window.h"
#include "gofer.h"

G_BEGIN_DECLS

struct _GoferAppWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  GtkButton            *send_button;
  AdwPreferencesGroup  *paired_group;
  GtkListBox           *paired_list;
  GtkButton            *conversation_button;
  GtkButton            *send_text_button;
  GtkButton            *send_folder_button;
  GtkEntry             *code_entry;
  GtkButton            *scan_button;
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
  GtkButton            *unpack_button;
  GtkButton            *copy_text_button;
  GoferAppChatView     *chat_view;
  AdwStatusPage        *error_page;
  GtkExpander          *error_details_expander;
  GtkLabel             *error_details_label;
  GtkButton            *retry_button;
  GtkButton            *send_again_button;
  GtkButton            *preferences_button;
  GtkButton            *error_back_button;
  GtkButton            *error_help_button;

  GtkDropTarget        *drop_target;
  GtkEventController   *code_entry_keys;
  GSettings            *settings;
  GtkFileChooserNative *chooser;
  GtkFileChooserNative *save_chooser;
  /* "Stop the Transfer?" while it is shown; weak. */
  GtkWidget            *close_dialog;
  GoferAppCodeCompleter *completer;
  GoferAppNotifier     *notifier;
  /* A conversation's offer whose notification is out, until it is answered
   * here or there (#15 item 11). */
  GoferConversationTransfer *chat_offer;
  GCancellable         *cancellable;
  /* The camera to scan QR codes with (a GstDevice), NULL while there is none
   * or the search for one has not ended; camera_searched says which. */
  GObject              *camera;
  gboolean              camera_searched;
  guint                 pulse_id;
  /* How long "Reaching the Server…" and "Waiting for the Sender…" stay
   * without a word before the page says what may be wrong. */
  guint                 late_after_ms;
  guint                 late_id;
  char                 *late_description;
  gint64                progress_text_us;

  /* Secret: shown and copied, never logged. */
  char                 *code;
  char                 *code_mailbox_url;  /* our own on the local network, or NULL */
  char                 *done_text;
  GFile                *done_location;
  /* NAME while the received NAME.zip or NAME.tar can be unpacked. */
  char                 *done_unpack;
  gboolean              unpacking;
  char                 *offer_name;
  char                 *error_details;
  /* The help for the failure shown: "problems#no-space"; NULL: "problems". */
  char                 *help_topic;
  GoferAppFailureActions failure_actions;
  /* Where this Gofer's identity and paired computers live; NULL: the
   * core's place under the user's data folder. */
  char                 *pairing_folder;
};

/* The window's signals, emitted by its actions too. */
enum {
  SEND_REQUESTED,
  RECEIVE_REQUESTED,
  OFFER_RESPONSE,
  OFFER_SAVE_AS,
  CANCEL_REQUESTED,
  CONVERSATION_REQUESTED,
  SEND_TEXT_REQUESTED,
  RETRY_REQUESTED,
  MEET_REQUESTED,
  GOFER_APP_WINDOW_N_SIGNALS
};

extern guint _gofer_app_window_signals[GOFER_APP_WINDOW_N_SIGNALS];

/* gofer-app-window.c, for the actions */
gboolean    _gofer_app_window_page_is          (GoferAppWindow *self,
                                                const char     *page);
gboolean    _gofer_app_window_has_text_draft   (GoferAppWindow *self);
void        _gofer_app_window_set_code_hint    (GoferAppWindow *self,
                                                const char     *sentence,
                                                gboolean        is_error);
/* Unpacks the received archive the done page offers to unpack. */
void        _gofer_app_window_unpack           (GoferAppWindow *self);

/* gofer-app-window-actions.c */
void        _gofer_app_window_install_actions  (GtkWidgetClass *widget_class);
/* gofer-app-window-paired.c: the remembered computers on the first page. */
void        _gofer_app_window_paired_init      (GoferAppWindow *self);

/* gofer-app-window-scan.c */
void        _gofer_app_window_find_camera      (GoferAppWindow *self);
void        _gofer_app_window_scan_code        (GoferAppWindow *self);
/* What a QR code said, as if it had been typed and Connect pressed. */
void        _gofer_app_window_use_scanned_text (GoferAppWindow *self,
                                                const char     *text);
#ifdef HAVE_CAMERA
#include "gofer-app-qr-scanner.h"
/* Shows the scan window reading from @scanner (the camera's, or a test's). */
void        _gofer_app_window_scan_with        (GoferAppWindow    *self,
                                                GoferAppQrScanner *scanner);
#endif
/* The wormhole-transfer: link for @code, with the server when it is not
 * the public one. */
char       *_gofer_app_window_link_for_code    (GoferAppWindow *self,
                                                const char     *code);

/* gofer-app-window-dnd.c */
GListModel *_gofer_app_window_files_from_list  (GdkFileList    *file_list);
gboolean    _gofer_app_window_drop_cb          (GoferAppWindow *self,
                                                const GValue   *value,
                                                double          x,
                                                double          y,
                                                GtkDropTarget  *target);

G_END_DECLS
