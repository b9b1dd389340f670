/* gofer-app-transfer-row.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-transfer-row-private.h"

#include <glib/gi18n.h>

#include "gofer-app-a11y.h"
#include "gofer-app-format.h"
#include "gofer-app-launcher.h"

/* Room on the far side, as for messages: whose it is shows at a glance. */
#define TRANSFER_INDENT 48
/* Numbers that change ten times a second cannot be read: the text follows
 * the bar twice a second, as on the window's progress page. */
#define STATUS_INTERVAL_US (G_USEC_PER_SEC / 2)

G_DEFINE_FINAL_TYPE (GoferAppTransferRow, gofer_app_transfer_row, ADW_TYPE_BIN)

static gboolean
is_incoming (GoferAppTransferRow *self)
{
  return gofer_conversation_transfer_get_direction (self->transfer) ==
         GOFER_CONVERSATION_TRANSFER_INCOMING;
}

static char *
dup_name (GoferAppTransferRow *self)
{
  GoferOffer *offer = gofer_conversation_transfer_get_offer (self->transfer);
  GFile *file = gofer_conversation_transfer_get_file (self->transfer);

  /* Once saved, the name it was saved under: "notes (1).txt" when a
   * "notes.txt" was there already (#15 item 10). */
  if (file != NULL && is_incoming (self) &&
      gofer_conversation_transfer_get_state (self->transfer) == GOFER_CONVERSATION_TRANSFER_DONE)
    return g_file_get_basename (file);
  /* An offer from the other side shows as it is saved: no controls or bidi
   * overrides, no leading dot. */
  if (offer != NULL && is_incoming (self))
    return gofer_offer_dup_save_name (offer);
  if (offer != NULL)
    return g_strdup (gofer_offer_get_name (offer));
  return file != NULL ? g_file_get_basename (file) : g_strdup ("");
}

static char *
describe_offered (GoferAppTransferRow *self,
                  const char          *size)
{
  g_autofree char *folder = NULL;
  GoferOffer *offer;

  if (!is_incoming (self))
    /* Translators: %s is a size, e.g. "4.2 MB" */
    return g_strdup_printf (_("%s · Waiting for the other side to accept"), size);

  folder = g_file_get_basename (self->download_folder);
  offer = gofer_conversation_transfer_get_offer (self->transfer);
  if (offer != NULL && gofer_offer_is_hidden_name (offer))
    /* Translators: the first %s is a size, the second a folder, e.g.
     * Downloads; the name shown is the one it is saved under */
    return g_strdup_printf (_("%s · Accept saves it in %s, without the leading dot that would hide it"),
                            size, folder);
  /* Translators: the first %s is a size, the second a folder, e.g. Downloads */
  return g_strdup_printf (_("%s · Accept saves it in %s"), size, folder);
}

static char *
describe_done (GoferAppTransferRow *self)
{
  GFile *file = gofer_conversation_transfer_get_file (self->transfer);
  g_autoptr(GFile) parent = NULL;
  g_autofree char *folder = NULL;

  if (!is_incoming (self))
    return g_strdup (_("Sent"));

  parent = file != NULL ? g_file_get_parent (file) : NULL;
  folder = parent != NULL ? g_file_get_basename (parent) : g_strdup ("");
  /* Translators: %s is a folder name, e.g. Downloads */
  return g_strdup_printf (_("Saved in %s"), folder);
}

static char *
describe_state (GoferAppTransferRow *self)
{
  guint64 done = gofer_conversation_transfer_get_bytes_done (self->transfer);
  guint64 total = gofer_conversation_transfer_get_bytes_total (self->transfer);
  g_autofree char *size = g_format_size (total);
  const GError *error = gofer_conversation_transfer_get_error (self->transfer);

  switch (gofer_conversation_transfer_get_state (self->transfer))
    {
    case GOFER_CONVERSATION_TRANSFER_PREPARING:
      return g_strdup (_("Preparing…"));
    case GOFER_CONVERSATION_TRANSFER_OFFERED:
      return describe_offered (self, size);
    case GOFER_CONVERSATION_TRANSFER_CONNECTING:
      return g_strdup (_("Connecting…"));
    case GOFER_CONVERSATION_TRANSFER_TRANSFERRING:
      return gofer_app_format_progress (done, total,
                                        gofer_app_speed_get_bytes_per_second (self->speed));
    case GOFER_CONVERSATION_TRANSFER_INTERRUPTED:
      return g_strdup (_("The connection broke. It goes on by itself once it is back."));
    case GOFER_CONVERSATION_TRANSFER_FINISHING:
      return g_strdup (_("Finishing…"));
    case GOFER_CONVERSATION_TRANSFER_DONE:
      return describe_done (self);
    case GOFER_CONVERSATION_TRANSFER_DECLINED:
      return g_strdup (is_incoming (self) ? _("Declined") : _("The other side declined it."));
    case GOFER_CONVERSATION_TRANSFER_CANCELLED:
      return g_strdup (_("Cancelled"));
    case GOFER_CONVERSATION_TRANSFER_FAILED:
    default:
      return g_strdup (error != NULL ? error->message : _("The transfer failed."));
    }
}

static void
update_buttons (GoferAppTransferRow *self)
{
  GoferConversationTransferState state = gofer_conversation_transfer_get_state (self->transfer);
  gboolean offer = is_incoming (self) && state == GOFER_CONVERSATION_TRANSFER_OFFERED;
  gboolean finished = gofer_conversation_transfer_is_finished (self->transfer);

  gtk_widget_set_visible (GTK_WIDGET (self->accept_button), offer);
  gtk_widget_set_visible (GTK_WIDGET (self->decline_button), offer);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !offer && !finished);
  gtk_widget_set_visible (GTK_WIDGET (self->open_button),
                          is_incoming (self) && state == GOFER_CONVERSATION_TRANSFER_DONE);
}

static void
update_status (GoferAppTransferRow *self)
{
  g_autofree char *status = describe_state (self);

  self->status_us = g_get_monotonic_time ();
  gtk_label_set_text (self->status_label, status);
}

static void
update_fraction (GoferAppTransferRow *self)
{
  guint64 done = gofer_conversation_transfer_get_bytes_done (self->transfer);
  guint64 total = gofer_conversation_transfer_get_bytes_total (self->transfer);

  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) done / (double) total));
}

static void
update (GoferAppTransferRow *self)
{
  GoferConversationTransferState state = gofer_conversation_transfer_get_state (self->transfer);
  GoferOffer *offer = gofer_conversation_transfer_get_offer (self->transfer);
  gboolean folder = offer != NULL && gofer_offer_get_kind (offer) == GOFER_OFFER_DIRECTORY;
  gboolean moving = state == GOFER_CONVERSATION_TRANSFER_TRANSFERRING ||
                    state == GOFER_CONVERSATION_TRANSFER_INTERRUPTED ||
                    state == GOFER_CONVERSATION_TRANSFER_FINISHING;
  g_autofree char *name = dup_name (self);

  gtk_image_set_from_icon_name (self->icon, folder ? "folder-symbolic" : "text-x-generic-symbolic");
  gtk_label_set_text (self->name_label, name);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), moving);
  update_fraction (self);
  update_status (self);
  update_buttons (self);
}

static void
progress_cb (GoferAppTransferRow *self,
             guint64              bytes_done,
             guint64              bytes_total)
{
  gint64 now = g_get_monotonic_time ();

  gofer_app_speed_add (self->speed, bytes_done, now);
  update_fraction (self);
  if (now - self->status_us >= STATUS_INTERVAL_US)
    update_status (self);
}

static void
accept_clicked_cb (GoferAppTransferRow *self)
{
  gofer_conversation_transfer_accept (self->transfer, self->download_folder);
}

static void
decline_clicked_cb (GoferAppTransferRow *self)
{
  gofer_conversation_transfer_decline (self->transfer);
}

static void
cancel_clicked_cb (GoferAppTransferRow *self)
{
  gofer_conversation_transfer_cancel (self->transfer);
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GoferAppTransferRow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (gofer_app_launcher_open_finish (result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("transfer row: open failed: %s", error->message);
  gtk_label_set_text (self->status_label,
                      _("No application could open it. Find it in the download folder."));
}

static void
open_clicked_cb (GoferAppTransferRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gofer_app_launcher_open_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                 gofer_conversation_transfer_get_file (self->transfer),
                                 self->cancellable, opened_cb, g_object_ref (self));
}

static void
gofer_app_transfer_row_dispose (GObject *object)
{
  GoferAppTransferRow *self = (GoferAppTransferRow *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->transfer != NULL)
    g_signal_handlers_disconnect_by_data (self->transfer, self);
  g_clear_object (&self->transfer);
  g_clear_object (&self->download_folder);
  gtk_widget_dispose_template (GTK_WIDGET (self), GOFER_APP_TYPE_TRANSFER_ROW);

  G_OBJECT_CLASS (gofer_app_transfer_row_parent_class)->dispose (object);
}

static void
gofer_app_transfer_row_finalize (GObject *object)
{
  GoferAppTransferRow *self = (GoferAppTransferRow *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->speed, gofer_app_speed_free);

  G_OBJECT_CLASS (gofer_app_transfer_row_parent_class)->finalize (object);
}

static void
gofer_app_transfer_row_class_init (GoferAppTransferRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gofer_app_transfer_row_dispose;
  object_class->finalize = gofer_app_transfer_row_finalize;

  gtk_widget_class_set_template_from_resource (
      widget_class, GOFER_APP_RESOURCE_PATH "/gofer-app-transfer-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GoferAppTransferRow, icon);
  gtk_widget_class_bind_template_child (widget_class, GoferAppTransferRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, GoferAppTransferRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, GoferAppTransferRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GoferAppTransferRow, accept_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppTransferRow, decline_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppTransferRow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppTransferRow, open_button);
  gtk_widget_class_bind_template_callback (widget_class, accept_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, decline_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_clicked_cb);
}

static void
gofer_app_transfer_row_init (GoferAppTransferRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gofer_app_a11y_name_buttons (GTK_WIDGET (self));

  self->speed = gofer_app_speed_new ();
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
gofer_app_transfer_row_new (GoferConversationTransfer *transfer,
                            GFile                     *download_folder)
{
  GoferAppTransferRow *self;
  gboolean incoming;

  g_return_val_if_fail (GOFER_IS_CONVERSATION_TRANSFER (transfer), NULL);
  g_return_val_if_fail (G_IS_FILE (download_folder), NULL);

  self = g_object_new (GOFER_APP_TYPE_TRANSFER_ROW, NULL);
  self->transfer = g_object_ref (transfer);
  self->download_folder = g_object_ref (download_folder);
  incoming = is_incoming (self);

  gtk_widget_add_css_class (adw_bin_get_child (ADW_BIN (self)), incoming ? "peer" : "own");
  gtk_widget_set_halign (GTK_WIDGET (self), incoming ? GTK_ALIGN_START : GTK_ALIGN_END);
  if (incoming)
    gtk_widget_set_margin_end (GTK_WIDGET (self), TRANSFER_INDENT);
  else
    gtk_widget_set_margin_start (GTK_WIDGET (self), TRANSFER_INDENT);

  g_signal_connect_object (transfer, "notify::state", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (transfer, "progress", G_CALLBACK (progress_cb), self,
                           G_CONNECT_SWAPPED);
  update (self);
  return GTK_WIDGET (self);
}

GoferConversationTransfer *
gofer_app_transfer_row_get_transfer (GoferAppTransferRow *self)
{
  g_return_val_if_fail (GOFER_APP_IS_TRANSFER_ROW (self), NULL);

  return self->transfer;
}
