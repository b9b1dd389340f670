/* gofer-app-code-completer.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8, the platform floor, has no replacement for GtkEntryCompletion
 * and GtkListStore (both deprecated only in 4.10, for a future widget).
 * The version macros allow them at the 4.8 floor; the guards below keep
 * newer GTK headers quiet too.
 */

#include "config.h"

#include "gofer-app-code-completer.h"

#include "gofer-app-settings.h"
#include "gofer-app-secret.h"
#include "gofer.h"

#include <string.h>

/* A nameplate list this young is good enough for completion... */
#define NAMEPLATES_MAX_AGE_US (5 * G_USEC_PER_SEC)
/* ... unless it lacks what is being typed: the sender's code may be newer
 * than the list. Asked again at most this often. */
#define NAMEPLATES_MISS_AGE_US (1 * G_USEC_PER_SEC)
#define MAX_CANDIDATES        8

struct _GoferAppCodeCompleter
{
  GObject             parent_instance;

  GtkEntry           *entry;      /* weak */
  GSettings          *settings;
  GtkEntryCompletion *completion;
  GtkListStore       *store;
  GCancellable       *cancellable;

  char              **nameplates;
  gint64              listed_at_us;
  gboolean            listing;
};

G_DEFINE_FINAL_TYPE (GoferAppCodeCompleter, gofer_app_code_completer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAMEPLATES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char **
compute_candidates (GoferAppCodeCompleter *self,
                    const char            *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GoferAppSecretStrv) all = NULL;
  g_autoptr(GoferAppSecret) typed = g_strstrip (g_ascii_strdown (text, -1));

  all = gofer_code_complete (text, (const char * const *) self->nameplates, MAX_CANDIDATES + 1);
  for (guint i = 0; all != NULL && all[i] != NULL; i++)
    {
      /* Offering exactly what is typed would be noise. */
      if (!g_str_equal (all[i], typed))
        g_strv_builder_add (builder, all[i]);
    }
  return g_strv_builder_end (builder);
}

static gboolean
typing_nameplate (const char *text)
{
  return text[0] != '\0' && strchr (text, '-') == NULL;
}

static void
update_candidates (GoferAppCodeCompleter *self)
{
  g_autoptr(GoferAppSecretStrv) candidates = NULL;
  const char *text;

  if (self->entry == NULL)
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  candidates = compute_candidates (self, text);

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_list_store_clear (self->store);
  for (guint i = 0; candidates[i] != NULL && i < MAX_CANDIDATES; i++)
    gtk_list_store_insert_with_values (self->store, NULL, -1, 0, candidates[i], -1);
G_GNUC_END_IGNORE_DEPRECATIONS
}

static gboolean
listed_nameplate_starts_with (GoferAppCodeCompleter *self,
                              const char            *text)
{
  for (guint i = 0; self->nameplates != NULL && self->nameplates[i] != NULL; i++)
    {
      if (g_str_has_prefix (self->nameplates[i], text))
        return TRUE;
    }
  return FALSE;
}

static void refresh_if_older (GoferAppCodeCompleter *self,
                              gint64                 max_age_us);

static void
entry_changed_cb (GoferAppCodeCompleter *self)
{
  g_autoptr(GoferAppSecret) text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));

  update_candidates (self);

  if (!typing_nameplate (text))
    return;
  refresh_if_older (self, listed_nameplate_starts_with (self, text)
                          ? NAMEPLATES_MAX_AGE_US : NAMEPLATES_MISS_AGE_US);
}

static void
close_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  gofer_wormhole_close_finish (GOFER_WORMHOLE (object), result);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GoferAppCodeCompleter) self = user_data;
  g_autoptr(GoferWormhole) wormhole = GOFER_WORMHOLE (object);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) nameplates = NULL;

  nameplates = gofer_wormhole_list_nameplates_finish (wormhole, result, &error);
  gofer_wormhole_close_async (wormhole, NULL, NULL, close_cb, NULL);
  self->listing = FALSE;

  if (nameplates == NULL)
    {
      /* Completion still offers words; the receive itself reports the server. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("completer: no nameplate list: %s", error->message);
      return;
    }

  g_strfreev (self->nameplates);
  self->nameplates = g_steal_pointer (&nameplates);
  self->listed_at_us = g_get_monotonic_time ();
  update_candidates (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAMEPLATES]);
}

static void
refresh_if_older (GoferAppCodeCompleter *self,
                  gint64                 max_age_us)
{
  g_autofree char *url = NULL;
  GoferWormhole *wormhole;

  if (self->listing ||
      (self->listed_at_us != 0 && g_get_monotonic_time () - self->listed_at_us < max_age_us))
    return;

  url = g_settings_get_string (self->settings, GOFER_APP_SETTINGS_MAILBOX_URL);
  if (!gofer_app_settings_is_valid_mailbox_url (url))
    return;

  self->listing = TRUE;
  /* A throwaway wormhole: listing claims nothing on the server. */
  wormhole = gofer_wormhole_new (url, NULL);
  gofer_wormhole_list_nameplates_async (wormhole, self->cancellable, list_cb, g_object_ref (self));
}

void
gofer_app_code_completer_refresh_nameplates (GoferAppCodeCompleter *self)
{
  g_return_if_fail (GOFER_APP_IS_CODE_COMPLETER (self));

  refresh_if_older (self, NAMEPLATES_MAX_AGE_US);
}

static void
focus_enter_cb (GoferAppCodeCompleter *self)
{
  gofer_app_code_completer_refresh_nameplates (self);
}

static gboolean
match_all_cb (GtkEntryCompletion *completion,
              const char         *key,
              GtkTreeIter        *iter,
              gpointer            user_data)
{
  /* The store holds only candidates for the current text already. */
  return TRUE;
}

static void
attach (GoferAppCodeCompleter *self,
        GtkEntry              *entry)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_set_weak_pointer (&self->entry, entry);

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  self->store = gtk_list_store_new (1, G_TYPE_STRING);
  self->completion = gtk_entry_completion_new ();
  gtk_entry_completion_set_model (self->completion, GTK_TREE_MODEL (self->store));
  gtk_entry_completion_set_text_column (self->completion, 0);
  gtk_entry_completion_set_match_func (self->completion, match_all_cb, NULL, NULL);
  gtk_entry_completion_set_minimum_key_length (self->completion, 1);
  gtk_entry_completion_set_inline_selection (self->completion, TRUE);
  gtk_entry_set_completion (entry, self->completion);
G_GNUC_END_IGNORE_DEPRECATIONS

  g_signal_connect_object (entry, "changed", G_CALLBACK (entry_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (focus, "enter", G_CALLBACK (focus_enter_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (entry), focus);
}

static void
gofer_app_code_completer_dispose (GObject *object)
{
  GoferAppCodeCompleter *self = (GoferAppCodeCompleter *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_weak_pointer (&self->entry);
  g_clear_object (&self->completion);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gofer_app_code_completer_parent_class)->dispose (object);
}

static void
gofer_app_code_completer_finalize (GObject *object)
{
  GoferAppCodeCompleter *self = (GoferAppCodeCompleter *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->nameplates, g_strfreev);

  G_OBJECT_CLASS (gofer_app_code_completer_parent_class)->finalize (object);
}

static void
gofer_app_code_completer_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  GoferAppCodeCompleter *self = GOFER_APP_CODE_COMPLETER (object);

  switch (prop_id)
    {
    case PROP_NAMEPLATES:
      g_value_set_boxed (value, self->nameplates);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gofer_app_code_completer_class_init (GoferAppCodeCompleterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_app_code_completer_dispose;
  object_class->finalize = gofer_app_code_completer_finalize;
  object_class->get_property = gofer_app_code_completer_get_property;

  properties[PROP_NAMEPLATES] =
    g_param_spec_boxed ("nameplates", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gofer_app_code_completer_init (GoferAppCodeCompleter *self)
{
  self->cancellable = g_cancellable_new ();
}

GoferAppCodeCompleter *
gofer_app_code_completer_new (GtkEntry  *entry,
                              GSettings *settings)
{
  GoferAppCodeCompleter *self;

  g_return_val_if_fail (GTK_IS_ENTRY (entry), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (GOFER_APP_TYPE_CODE_COMPLETER, NULL);
  self->settings = g_object_ref (settings);
  attach (self, entry);
  return self;
}

const char * const *
gofer_app_code_completer_get_nameplates (GoferAppCodeCompleter *self)
{
  g_return_val_if_fail (GOFER_APP_IS_CODE_COMPLETER (self), NULL);

  return (const char * const *) self->nameplates;
}

char **
gofer_app_code_completer_dup_candidates (GoferAppCodeCompleter *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GtkTreeModel *model = GTK_TREE_MODEL (self->store);
  GtkTreeIter iter;
  gboolean valid;

  g_return_val_if_fail (GOFER_APP_IS_CODE_COMPLETER (self), NULL);

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  for (valid = gtk_tree_model_get_iter_first (model, &iter); valid;
       valid = gtk_tree_model_iter_next (model, &iter))
    {
      g_autofree char *candidate = NULL;

      gtk_tree_model_get (model, &iter, 0, &candidate, -1);
      g_strv_builder_add (builder, candidate);
    }
G_GNUC_END_IGNORE_DEPRECATIONS

  return g_strv_builder_end (builder);
}
