/* gofer-app-help-window.h: the help pages in a window of the app, where Yelp is not
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GOFER_APP_TYPE_HELP_WINDOW (gofer_app_help_window_get_type ())

G_DECLARE_FINAL_TYPE (GoferAppHelpWindow, gofer_app_help_window, GOFER_APP, HELP_WINDOW, AdwWindow)

/* The same Mallard pages as Yelp shows, from the app's resources, in the
 * first language of the person's that has them. */
GtkWidget  *gofer_app_help_window_new         (void);
gboolean    gofer_app_help_window_show_topic  (GoferAppHelpWindow  *self,
                                               const char          *topic,
                                               GError             **error);
const char *gofer_app_help_window_get_page    (GoferAppHelpWindow  *self);
/* The section shown, or NULL for the page's top. */
const char *gofer_app_help_window_get_section (GoferAppHelpWindow  *self);
/* The language the page came in: "C", "de", "fr". */
const char *gofer_app_help_window_get_language (GoferAppHelpWindow *self);

G_END_DECLS
