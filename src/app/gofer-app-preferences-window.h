/* gofer-app-preferences-window.h: the settings a person may change
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GOFER_APP_TYPE_PREFERENCES_WINDOW (gofer_app_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (GoferAppPreferencesWindow, gofer_app_preferences_window, GOFER_APP, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *gofer_app_preferences_window_new (GtkWindow *transient_for);

G_END_DECLS
