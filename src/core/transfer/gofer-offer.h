/* gofer-offer.h: what a sender offers (text, a file or a directory)
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  GOFER_OFFER_TEXT,
  GOFER_OFFER_FILE,
  GOFER_OFFER_DIRECTORY,
} GoferOfferKind;

#define GOFER_TYPE_OFFER (gofer_offer_get_type ())

G_DECLARE_FINAL_TYPE (GoferOffer, gofer_offer, GOFER, OFFER, GObject)

GoferOffer     *gofer_offer_new_text        (const char  *text);
GoferOffer     *gofer_offer_new_file        (const char  *filename,
                                             guint64      filesize);
GoferOffer     *gofer_offer_new_directory   (const char  *dirname,
                                             guint64      zipsize,
                                             guint64      numbytes,
                                             guint64      numfiles);
/* Reads the value of the "offer" key. GOFER_ERROR_PROTOCOL with a sentence
 * when it is not a well-formed offer; names are kept as sent (unsafe). */
GoferOffer     *gofer_offer_new_from_json   (JsonObject  *offer,
                                             GError     **error);
/* {"offer": {...}} */
JsonNode       *gofer_offer_to_json         (GoferOffer  *self);

GoferOfferKind  gofer_offer_get_kind        (GoferOffer  *self);
const char     *gofer_offer_get_text        (GoferOffer  *self);
/* File or directory name as the sender gave it. */
const char     *gofer_offer_get_name        (GoferOffer  *self);
/* Bytes that cross the wire: filesize, or zipsize for a directory. */
guint64         gofer_offer_get_size        (GoferOffer  *self);
guint64         gofer_offer_get_numbytes    (GoferOffer  *self);
/* The name a received file or folder is saved under (before " (n)" when
 * taken): gofer_safe_visible_name() of the offered one, so never hidden. */
char           *gofer_offer_dup_save_name   (GoferOffer  *self);
/* TRUE when the offered name starts with a dot (after making it safe), so
 * that it is saved under another name; prompts say so. */
gboolean        gofer_offer_is_hidden_name  (GoferOffer  *self);
guint64         gofer_offer_get_numfiles    (GoferOffer  *self);
/* A one-line translated description, e.g. “report.pdf (2.1 MB)”. */
char           *gofer_offer_describe        (GoferOffer  *self);

G_END_DECLS
