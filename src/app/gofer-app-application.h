/* gofer-app-application.h: the single-instance application
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gofer-app-flow.h"
#include "gofer-app-history.h"
#include "gofer-app-window.h"

G_BEGIN_DECLS

#define GOFER_APP_TYPE_APPLICATION (gofer_app_application_get_type ())

G_DECLARE_FINAL_TYPE (GoferAppApplication, gofer_app_application, GOFER_APP, APPLICATION, AdwApplication)

GoferAppApplication *gofer_app_application_new             (void);
/* The main window, created on first use. */
GoferAppWindow      *gofer_app_application_get_main_window (GoferAppApplication *self);
/* Whether suspend and logout are held off for a running transfer (the
 * session may still refuse: no session manager). */
gboolean             gofer_app_application_is_inhibiting (GoferAppApplication *self);
/* The running transfer of the main window; NULL when there is none. */
GoferAppFlow        *gofer_app_application_get_flow        (GoferAppApplication *self);
/* What was sent and received (app.history shows it), from startup on. */
GoferAppHistory     *gofer_app_application_get_history     (GoferAppApplication *self);

G_END_DECLS
