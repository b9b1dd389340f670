/* gofer-app-qr-code.h: a widget that draws a QR code of a text
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GOFER_APP_TYPE_QR_CODE (gofer_app_qr_code_get_type ())

G_DECLARE_FINAL_TYPE (GoferAppQrCode, gofer_app_qr_code, GOFER_APP, QR_CODE, GtkWidget)

/* Quiet zone around the symbol, in modules, as ISO/IEC 18004 asks. */
#define GOFER_APP_QR_CODE_QUIET_ZONE 4

GtkWidget  *gofer_app_qr_code_new        (void);
const char *gofer_app_qr_code_get_text   (GoferAppQrCode *self);
void        gofer_app_qr_code_set_text   (GoferAppQrCode *self,
                                          const char     *text);
/* Modules per side of the encoded symbol; 0 when there is nothing to draw. */
int         gofer_app_qr_code_get_size   (GoferAppQrCode *self);
/* TRUE for a dark module; x and y count from the top-left, quiet zone excluded. */
gboolean    gofer_app_qr_code_get_module (GoferAppQrCode *self,
                                          int             x,
                                          int             y);

G_END_DECLS
