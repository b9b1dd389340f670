/* gofer-app-preferences-window-private.h: the window's fields, for its tests
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gofer-app-preferences-window.h"

G_BEGIN_DECLS

struct _GoferAppPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template children */
  AdwActionRow         *download_folder_row;
  GtkButton            *download_folder_reset_button;
  GtkSpinButton        *code_length_spin;
  GtkSwitch            *notify_switch;
  GtkSwitch            *local_only_switch;
  AdwEntryRow          *mailbox_row;
  AdwEntryRow          *transit_row;

  GSettings            *settings;
  GtkFileChooserNative *chooser;
};

G_END_DECLS
