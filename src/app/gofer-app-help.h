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

/* The pages of the help, in the order the index lists them. */
const char * const *gofer_app_help_get_pages  (void);

G_END_DECLS
