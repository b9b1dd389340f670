/* gofer-app-test-utils.h: shared helpers of the GTK tests
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "gofer-app-chat-view.h"
#include "gofer-app-flow.h"
#include "gofer-test-util.h"

G_BEGIN_DECLS

/* gtk_test_init + adw_init, and the app's icons on the icon path. */
void        gofer_test_init            (int         *argc,
                                        char      ***argv);
/* The waits (gofer_test_pump, gofer_test_wait_flag, ...) are tests/lib's. */
/* Runs the main context until the flow is in state (30 s at most), and
 * asserts it; a failed flow's error goes to the test log. */
void        gofer_test_wait_for_state  (GoferAppFlow      *flow,
                                        GoferAppFlowState  state);
/* The widget as its own GSK renderer draws it. */
GdkTexture *gofer_test_render_widget   (GtkWidget   *widget);
/* Saves the window under $G_TEST_BUILDDIR/screenshots/NAME.png; returns the path. */
char       *gofer_test_save_screenshot (GtkWidget   *window,
                                        const char  *name);
/* Fails when a shown label of window is cut off (it reaches out of the
 * window, or is ellipsized: only a header bar's title may be), or when a
 * code or the check (labels of class "monospace") breaks anywhere but
 * after a dash. Returns how many labels it checked. */
guint       gofer_test_assert_labels_fit (GtkWidget  *window);
/* The window's pages at 360 px and 1280 px wide, light and dark: each must
 * pass gofer_test_assert_labels_fit(), and each is saved as a screenshot
 * PREFIX-PAGE-WIDTH-SCHEME.png. */
void        gofer_test_layout_matrix   (GtkWidget   *window,
                                        const char  *prefix);
/* The same for the other windows: Preferences, Transfer History (with a
 * few transfers) and the help (its index and its longest page):
 * PREFIX-WINDOW-WIDTH-SCHEME.png. */
void        gofer_test_layout_windows  (const char  *prefix);
/* The pixel at x, y as 0xAARRGGBB. */
guint32     gofer_test_texture_pixel   (GdkTexture  *texture,
                                        int          x,
                                        int          y);

/* A file of size random bytes in dir; returns its path, and its contents
 * in *contents. */
char       *gofer_test_make_file        (const char  *dir,
                                         const char  *name,
                                         gsize        size,
                                         GBytes     **contents);
void        gofer_test_assert_file_contents (const char *path,
                                             GBytes     *expected);
void        gofer_test_assert_dir_empty (const char  *path);
/* Removes path and everything below it. */
void        gofer_test_remove_tree      (const char  *path);

/* Real key presses through the X server (xdotool key KEYS, e.g. "Escape",
 * "ctrl+Return" or "H i", keys apart by spaces), to the window that has the input focus, then the
 * main context runs a moment. FALSE, and the test is skipped, without
 * xdotool. */
gboolean    gofer_test_press_keys       (GtkWidget        *window,
                                         const char       *keys);

/* The chat page as a person uses it: the draft, Enter as the text view's
 * key controller gets it (with Shift or without), and what the list shows. */
void        gofer_test_chat_write       (GoferAppChatView *view,
                                         const char       *text);
char       *gofer_test_chat_dup_draft   (GoferAppChatView *view);
gboolean    gofer_test_chat_press_enter (GoferAppChatView *view,
                                         GdkModifierType   state);
/* The first-strong isolate around each line of the other side's text
 * (gofer_app_format_peer_text()). */
#define FSI "\xe2\x81\xa8"
#define PDI "\xe2\x81\xa9"
const char *gofer_test_chat_text_at     (GoferAppChatView *view,
                                         int               index);
/* Whether our own_index-th message (from 0) has its delivered mark. */
gboolean    gofer_test_chat_delivered   (GoferAppChatView *view,
                                         guint             own_index);

/* The Debian reference mailbox server and transit relay (twist3), on free
 * loopback ports, for the length of a test program. */
typedef struct
{
  GSubprocess *mailbox;
  GSubprocess *relay;
  char        *dir;
  char        *mailbox_url;
  char        *transit_helper;
} GoferTestServers;

GoferTestServers *gofer_test_servers_start (void);
void              gofer_test_servers_stop  (GoferTestServers *servers);
/* Points the app's settings (the memory backend of the tests) at them. */
void              gofer_test_servers_apply (GoferTestServers *servers,
                                            GSettings        *settings);

/* For the tests in which one window talks to another: settings pointed at
 * the test servers and at a download folder of their own, and a folder for
 * the files to send. The two windows stay the tests' own, named for their
 * roles. */
typedef struct
{
  GSettings *settings;
  char      *downloads;
  char      *source_dir;
} GoferTestDesk;

/* Makes the folders (named after name), points the settings at them and
 * the servers (NULL: the default, public ones), and presents two new
 * windows. */
void              gofer_test_desk_set_up    (GoferTestDesk     *desk,
                                             GoferTestServers  *servers,
                                             const char        *name,
                                             GoferAppWindow   **first,
                                             GoferAppWindow   **second);
/* Destroys the windows a test left open, resets the settings and removes
 * the folders. */
void              gofer_test_desk_tear_down (GoferTestDesk     *desk,
                                             GoferAppWindow   **first,
                                             GoferAppWindow   **second);
/* Drops the test's reference to the flow and waits (30 s at most) until
 * the core, too, has let go of it. */
void              gofer_test_assert_finalized (GoferAppFlow **flow);

G_END_DECLS
