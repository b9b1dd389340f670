/* gofer-app-a11y.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-a11y.h"

static void name_button (GtkButton *button);

static void
label_changed_cb (GtkButton *button)
{
  name_button (button);
}

static void
name_button (GtkButton *button)
{
  GtkWidget *child = gtk_button_get_child (button);

  /* A label set later (gtk_button_set_label) gets the same treatment;
   * GTK would name the button after the text with its underscore. */
  if (!g_object_get_data (G_OBJECT (button), "gofer-a11y-named"))
    {
      g_object_set_data (G_OBJECT (button), "gofer-a11y-named", GINT_TO_POINTER (TRUE));
      g_signal_connect (button, "notify::label", G_CALLBACK (label_changed_cb), NULL);
    }

  if (gtk_button_get_label (button) == NULL || !GTK_IS_LABEL (child))
    return;

  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_text (GTK_LABEL (child)),
                                  -1);
}

void
gofer_app_a11y_name_buttons (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root))
    name_button (GTK_BUTTON (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gofer_app_a11y_name_buttons (child);
}
