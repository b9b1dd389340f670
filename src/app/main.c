/* main.c: gofer-gtk
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#ifdef __linux__
# include <sys/prctl.h>
#endif

#include "gofer-app-application.h"
#include "gofer.h"

/* On Windows the install can live anywhere: find the catalogs next to the
 * executable's prefix instead of the configure-time path. */
static char *
find_localedir (void)
{
#ifdef G_OS_WIN32
  g_autofree char *prefix = g_win32_get_package_installation_directory_of_module (NULL);

  return g_build_filename (prefix, "share", "locale", NULL);
#else
  return g_strdup (LOCALEDIR);
#endif
}

/* Codes and keys live in this process: no core file may hold them, and
 * other processes of the same user may not read its memory either. */
static void
forbid_core_dumps (void)
{
#ifdef __linux__
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    g_debug ("the process could not be made non-dumpable: %s", g_strerror (errno));
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GoferAppApplication) app = NULL;
  g_autofree char *localedir = NULL;

  forbid_core_dumps ();
  localedir = find_localedir ();

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!gofer_init ())
    {
      g_printerr ("gofer-gtk: %s\n", _("The cryptography library could not start."));
      return 1;
    }

  app = gofer_app_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
