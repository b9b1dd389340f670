/* gofer-app-conversation-flow.h: a conversation with another Gofer, on the
 * window's chat page
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gofer-app-flow.h"

G_BEGIN_DECLS

#define GOFER_APP_TYPE_CONVERSATION_FLOW (gofer_app_conversation_flow_get_type ())

G_DECLARE_FINAL_TYPE (GoferAppConversationFlow, gofer_app_conversation_flow, GOFER_APP,
                      CONVERSATION_FLOW, GoferAppFlow)

/* Starts a conversation: asks for a code of the settings' length, shows it
 * as a sender's is shown, and opens the chat page (state CONVERSING) once
 * the other side joined. A standard client on the other side may still
 * send something, which is received as GoferAppReceiveFlow receives it; if
 * it sends nothing, the error page says that a conversation needs Gofer on
 * both sides. */
GoferAppConversationFlow *gofer_app_conversation_flow_new_start    (GoferAppWindow           *window,
                                                                    GSettings                *settings);
/* Joins with what the person typed: the chat page when the other side
 * started a conversation, otherwise the standard sender's offer, received
 * as GoferAppReceiveFlow receives it. So every code goes in one place. */
GoferAppConversationFlow *gofer_app_conversation_flow_new_join     (GoferAppWindow           *window,
                                                                    GSettings                *settings,
                                                                    const char               *typed);
/* Meets the remembered computer called @name (GoferMeeting), with no code:
 * the "progress" page until the other side asks for this one too, then
 * the chat page, which offers @files (NULL: none) as if dropped on it. One
 * that shows another identity key fails with the core's sentence. */
GoferAppConversationFlow *gofer_app_conversation_flow_new_meet     (GoferAppWindow           *window,
                                                                    GSettings                *settings,
                                                                    const char               *name,
                                                                    GListModel               *files);
/* The code of a started conversation; NULL until the server gave one. */
const char               *gofer_app_conversation_flow_get_code     (GoferAppConversationFlow *self);
/* Files that appear in @folder go to the other side (see
 * gofer_conversation_set_auto_send_folder()); the chat page says which
 * folder. NULL stops. Only while chatting. */
gboolean                  gofer_app_conversation_flow_set_auto_send_folder (GoferAppConversationFlow  *self,
                                                                            GFile                     *folder,
                                                                            GError                   **error);
/* The receive flow a standard client on the other side led to, or NULL. */
GoferAppFlow             *gofer_app_conversation_flow_get_fallback (GoferAppConversationFlow *self);

G_END_DECLS
