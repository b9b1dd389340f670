/* gofer-app-renderer.c: choosing GTK's renderer where GL is only software
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A software GL driver (Mesa's llvmpipe in virtual machines, remote
 * desktops and Xvfb) supports no buffer age, so GTK's GL renderer draws the
 * whole window on the CPU for every frame, in the main thread: 40–50 ms per
 * progress update here, where the cairo renderer redraws only what changed
 * in about 10 ms (docs/benchmarks.md). GTK reads GSK_RENDERER once, when the
 * first window is realized, so the choice is made before that.
 */

#include "config.h"

#include "gofer-app-renderer.h"

#include <epoxy/gl.h>
#include <string.h>

char *
gofer_app_renderer_dup_gl_name (GdkDisplay *display)
{
  g_autoptr(GdkGLContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), NULL);

  context = gdk_display_create_gl_context (display, &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    {
      g_debug ("renderer: no GL: %s", error ? error->message : "unknown");
      return NULL;
    }
  gdk_gl_context_make_current (context);
  name = (const char *) glGetString (GL_RENDERER);
  gdk_gl_context_clear_current ();
  return g_strdup (name);
}

gboolean
gofer_app_renderer_is_software (const char *gl_name)
{
  static const char * const software[] = { "llvmpipe", "softpipe", "Software Rasterizer",
                                           "GDI Generic", NULL };

  for (guint i = 0; gl_name != NULL && software[i] != NULL; i++)
    if (strstr (gl_name, software[i]) != NULL)
      return TRUE;
  return FALSE;
}

void
gofer_app_renderer_avoid_software_gl (GdkDisplay *display)
{
  g_autofree char *gl_name = NULL;

  if (g_getenv ("GSK_RENDERER") != NULL)
    return;
  gl_name = gofer_app_renderer_dup_gl_name (display);
  g_debug ("renderer: GL is %s", gl_name ? gl_name : "missing");
  if (gofer_app_renderer_is_software (gl_name))
    g_setenv ("GSK_RENDERER", "cairo", FALSE);
}
