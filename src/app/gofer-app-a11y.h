/* gofer-app-a11y.h: accessible names GTK 4.8 gets wrong
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* GTK 4.8 names a button with a text label twice over: its label property,
 * mnemonic underscore and all, then the text of the label it is "labelled
 * by" ("_Send Files… Send Files…"). This gives every such button under root
 * the label's plain text as its one name. Call it once the buttons have
 * their labels (after the template is built). */
void gofer_app_a11y_name_buttons (GtkWidget *root);

G_END_DECLS
