/* gofer-offer.c: what a sender offers (text, a file or a directory)
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-offer.h"

#include <glib/gi18n-lib.h>

#include "gofer-error.h"
#include "gofer-safe-path.h"
#include "gofer-text.h"

struct _GoferOffer
{
  GObject         parent_instance;

  GoferOfferKind  kind;
  char           *text;
  char           *name;
  guint64         size;
  guint64         numbytes;
  guint64         numfiles;
};

G_DEFINE_FINAL_TYPE (GoferOffer, gofer_offer, G_TYPE_OBJECT)

GoferOffer *
gofer_offer_new_text (const char *text)
{
  GoferOffer *self = g_object_new (GOFER_TYPE_OFFER, NULL);

  self->kind = GOFER_OFFER_TEXT;
  self->text = g_strdup (text);
  self->size = strlen (text);
  return self;
}

GoferOffer *
gofer_offer_new_file (const char *filename,
                      guint64     filesize)
{
  GoferOffer *self = g_object_new (GOFER_TYPE_OFFER, NULL);

  self->kind = GOFER_OFFER_FILE;
  self->name = g_strdup (filename);
  self->size = filesize;
  self->numbytes = filesize;
  self->numfiles = 1;
  return self;
}

GoferOffer *
gofer_offer_new_directory (const char *dirname,
                           guint64     zipsize,
                           guint64     numbytes,
                           guint64     numfiles)
{
  GoferOffer *self = g_object_new (GOFER_TYPE_OFFER, NULL);

  self->kind = GOFER_OFFER_DIRECTORY;
  self->name = g_strdup (dirname);
  self->size = zipsize;
  self->numbytes = numbytes;
  self->numfiles = numfiles;
  return self;
}

/* Sizes must be non-negative integers that fit: a hostile sender may send
 * floats, strings or -1. */
static gboolean
get_size_member (JsonObject *object,
                 const char *name,
                 guint64    *out)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  value = json_node_get_int (node);
  if (value < 0)
    return FALSE;
  *out = (guint64)value;
  return TRUE;
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static GoferOffer *
parse_directory (JsonObject  *dir,
                 GError     **error)
{
  const char *mode = get_string_member (dir, "mode");
  const char *name = get_string_member (dir, "dirname");
  guint64 zipsize, numbytes, numfiles;

  /* Python reads any "zipfile…" mode as a zip file: so does Gofer. */
  if (mode == NULL || !g_str_has_prefix (mode, "zipfile"))
    {
      g_set_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                   _("The other side offered a folder in a format Gofer does not know (“%s”)."),
                   mode != NULL ? mode : "");
      return NULL;
    }
  if (name == NULL || !get_size_member (dir, "zipsize", &zipsize) ||
      !get_size_member (dir, "numbytes", &numbytes) ||
      !get_size_member (dir, "numfiles", &numfiles))
    return NULL;
  return gofer_offer_new_directory (name, zipsize, numbytes, numfiles);
}

static GoferOffer *
parse_offer (JsonObject  *offer,
             GError     **error)
{
  JsonObject *member;
  const char *text;

  if ((text = get_string_member (offer, "message")) != NULL)
    return gofer_offer_new_text (text);

  if ((member = get_object_member (offer, "file")) != NULL)
    {
      const char *name = get_string_member (member, "filename");
      guint64 size;

      if (name != NULL && get_size_member (member, "filesize", &size))
        return gofer_offer_new_file (name, size);
      return NULL;
    }

  if ((member = get_object_member (offer, "directory")) != NULL)
    return parse_directory (member, error);

  return NULL;
}

/* json-glib decodes a lone surrogate escape, which Python's wormhole sends
 * for a file name that is not UTF-8, into invalid UTF-8. */
static void
make_valid (char **text)
{
  char *valid;

  if (*text == NULL || g_utf8_validate (*text, -1, NULL))
    return;
  valid = g_utf8_make_valid (*text, -1);
  g_free (*text);
  *text = valid;
}

GoferOffer *
gofer_offer_new_from_json (JsonObject  *offer,
                           GError     **error)
{
  GError *local_error = NULL;
  GoferOffer *self;

  g_return_val_if_fail (offer != NULL, NULL);

  self = parse_offer (offer, &local_error);
  if (self != NULL)
    {
      make_valid (&self->text);
      make_valid (&self->name);
    }
  if (self == NULL && local_error == NULL)
    local_error = g_error_new_literal (GOFER_ERROR, GOFER_ERROR_PROTOCOL,
                                       _("The other side made an offer Gofer cannot read. "
                                         "It may be running an incompatible program."));
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return self;
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         guint64      value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, (gint64)value);
}

JsonNode *
gofer_offer_to_json (GoferOffer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (GOFER_IS_OFFER (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "offer");
  json_builder_begin_object (builder);
  switch (self->kind)
    {
    case GOFER_OFFER_TEXT:
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, self->text);
      break;

    case GOFER_OFFER_FILE:
      json_builder_set_member_name (builder, "file");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "filename");
      json_builder_add_string_value (builder, self->name);
      add_int (builder, "filesize", self->size);
      json_builder_end_object (builder);
      break;

    case GOFER_OFFER_DIRECTORY:
      json_builder_set_member_name (builder, "directory");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "mode");
      json_builder_add_string_value (builder, "zipfile/deflated");
      json_builder_set_member_name (builder, "dirname");
      json_builder_add_string_value (builder, self->name);
      add_int (builder, "zipsize", self->size);
      add_int (builder, "numbytes", self->numbytes);
      add_int (builder, "numfiles", self->numfiles);
      json_builder_end_object (builder);
      break;

    default:
      g_assert_not_reached ();
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
gofer_offer_describe (GoferOffer *self)
{
  g_autofree char *size = NULL;
  g_autofree char *name = NULL;
  guint n_files;

  g_return_val_if_fail (GOFER_IS_OFFER (self), NULL);

  if (self->kind == GOFER_OFFER_TEXT)
    return g_strdup (_("a text message"));

  /* The name as sent, which may carry terminal escapes: shown, not obeyed. */
  name = gofer_text_printable (self->name, G_MAXUINT);
  size = g_format_size (self->numbytes);
  if (self->kind == GOFER_OFFER_FILE)
    /* Translators: a file name and its size */
    return g_strdup_printf (_("“%s” (%s)"), name, size);
  n_files = (guint)MIN (self->numfiles, G_MAXUINT);
  /* Translators: a folder name, its number of files and their total size */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "folder “%s” (%u file, %s)",
                                       "folder “%s” (%u files, %s)",
                                       n_files),
                          name, n_files, size);
}

GoferOfferKind
gofer_offer_get_kind (GoferOffer *self)
{
  g_return_val_if_fail (GOFER_IS_OFFER (self), GOFER_OFFER_TEXT);
  return self->kind;
}

const char *
gofer_offer_get_text (GoferOffer *self)
{
  g_return_val_if_fail (GOFER_IS_OFFER (self), NULL);
  return self->text;
}

const char *
gofer_offer_get_name (GoferOffer *self)
{
  g_return_val_if_fail (GOFER_IS_OFFER (self), NULL);
  return self->name;
}

guint64
gofer_offer_get_size (GoferOffer *self)
{
  g_return_val_if_fail (GOFER_IS_OFFER (self), 0);
  return self->size;
}

guint64
gofer_offer_get_numbytes (GoferOffer *self)
{
  g_return_val_if_fail (GOFER_IS_OFFER (self), 0);
  return self->numbytes;
}

char *
gofer_offer_dup_save_name (GoferOffer *self)
{
  g_return_val_if_fail (GOFER_IS_OFFER (self), NULL);

  return gofer_safe_visible_name (self->name, self->kind == GOFER_OFFER_DIRECTORY
                                              ? _("Received folder") : _("Received file"));
}

gboolean
gofer_offer_is_hidden_name (GoferOffer *self)
{
  g_return_val_if_fail (GOFER_IS_OFFER (self), FALSE);

  return self->kind != GOFER_OFFER_TEXT && gofer_safe_name_is_hidden (self->name);
}

guint64
gofer_offer_get_numfiles (GoferOffer *self)
{
  g_return_val_if_fail (GOFER_IS_OFFER (self), 0);
  return self->numfiles;
}

static void
gofer_offer_finalize (GObject *object)
{
  GoferOffer *self = GOFER_OFFER (object);

  g_free (self->text);
  g_free (self->name);

  G_OBJECT_CLASS (gofer_offer_parent_class)->finalize (object);
}

static void
gofer_offer_class_init (GoferOfferClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gofer_offer_finalize;
}

static void
gofer_offer_init (GoferOffer *self)
{
}
