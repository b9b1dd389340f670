/* gofer-app-renderer.h: choosing GTK's renderer where GL is only software
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The GL renderer's name (glGetString (GL_RENDERER)), or NULL without GL. */
char     *gofer_app_renderer_dup_gl_name         (GdkDisplay *display);
/* TRUE for Mesa's llvmpipe and softpipe, and Windows' GDI Generic. */
gboolean  gofer_app_renderer_is_software         (const char *gl_name);
/* Call before the first window is realized: picks GTK's cairo renderer
 * when GL would run on the CPU, unless GSK_RENDERER says otherwise. */
void      gofer_app_renderer_avoid_software_gl   (GdkDisplay *display);

G_END_DECLS
