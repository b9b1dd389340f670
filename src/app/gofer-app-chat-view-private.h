/* gofer-app-chat-view-private.h: the view's fields, for its tests
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gofer-app-chat-view.h"

G_BEGIN_DECLS

struct _GoferAppChatView
{
  AdwBin                 parent_instance;

  /* Template children */
  GtkLabel              *check_label;
  GtkButton             *auto_send_button;
  GtkMenuButton         *more_button;
  GtkButton             *leave_button;
  GtkWidget             *auto_send_bar;
  GtkLabel              *auto_send_label;
  GtkButton             *auto_send_stop_button;
  GtkScrolledWindow     *scroller;
  GtkListBox            *message_list;
  GtkWidget             *notice_box;
  GtkLabel              *notice_label;
  GtkWidget             *notice_back_button;
  GtkWidget             *compose_box;
  GtkTextView           *compose_view;
  GtkButton             *send_button;
  GtkButton             *attach_button;
  GtkButton             *attach_folder_button;

  GtkEventController    *compose_keys;
  /* "Leave the Conversation?" while it is shown; weak. */
  GtkWidget             *leave_dialog;
  GtkDropTarget         *drop_target;
  /* Our messages' delivered marks (GtkImage, owned by the list), in order. */
  GPtrArray             *own_marks;
  guint                  n_marked;
  guint                  n_messages;
  gboolean               active;
  gboolean               accepts_files;
  gboolean               auto_sending;
  /* An input method is composing text in the compose view. */
  gboolean               composing;
  /* Scroll to the newest message once the list has grown. */
  gboolean               follow_end;
};

/* The delivered mark's sequence number, stored on the image. */
#define GOFER_APP_CHAT_VIEW_SEQ_KEY "gofer-app-seq"

G_END_DECLS
