/* gofer-app-help.h: the help pages, in Yelp where it is there, else in a window of the app
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The help's name in help: URIs and under $datadir/help/LANG/. */
#define GOFER_APP_HELP_ID "gofer"

/* A topic is a page, or a page and a section: "index", "problems#no-space". */

/* "help:gofer/problems#no-space" */
char      *gofer_app_help_dup_uri        (const char *topic);
/* Whether a help: handler (Yelp) is there and the pages are installed
 * where it looks for them. */
gboolean   gofer_app_help_can_use_yelp   (void);
/* Shows topic: in Yelp when it can, else (and when launching it fails) in
 * the app's own help window, one per process. */
void       gofer_app_help_show           (GtkWindow  *parent,
                                          const char *topic);

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
/* The pages of the help, in the order the index lists them. */
const char * const *gofer_app_help_get_pages  (void);

G_END_DECLS
