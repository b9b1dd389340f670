/* gofer-app-qr-code.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-qr-code.h"

#include <qrencode.h>
#include <string.h>

/* Below this a phone camera struggles; above it the code page gets too tall
 * on a small screen. */
#define MIN_MODULE_PIXELS     2
#define NATURAL_MODULE_PIXELS 5

struct _GoferAppQrCode
{
  GtkWidget  parent_instance;

  char      *text;
  QRcode    *qr;
};

G_DEFINE_FINAL_TYPE (GoferAppQrCode, gofer_app_qr_code, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GdkRGBA light = { 1.0, 1.0, 1.0, 1.0 };
static const GdkRGBA dark = { 0.0, 0.0, 0.0, 1.0 };

static int
total_modules (GoferAppQrCode *self)
{
  return self->qr->width + 2 * GOFER_APP_QR_CODE_QUIET_ZONE;
}

static void
gofer_app_qr_code_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  GoferAppQrCode *self = GOFER_APP_QR_CODE (widget);

  if (self->qr == NULL)
    {
      *minimum = *natural = 0;
      return;
    }

  *minimum = total_modules (self) * MIN_MODULE_PIXELS;
  *natural = total_modules (self) * NATURAL_MODULE_PIXELS;
}

/* One rectangle per run of dark modules in a row keeps the render node small. */
static void
snapshot_row (GoferAppQrCode *self,
              GtkSnapshot    *snapshot,
              int             y,
              float           origin_x,
              float           origin_y,
              int             module)
{
  int width = self->qr->width;
  int x = 0;

  while (x < width)
    {
      int start;

      if (!gofer_app_qr_code_get_module (self, x, y))
        {
          x++;
          continue;
        }

      for (start = x; x < width && gofer_app_qr_code_get_module (self, x, y); x++)
        ;
      gtk_snapshot_append_color (snapshot, &dark,
                                 &GRAPHENE_RECT_INIT (origin_x + start * module,
                                                      origin_y + y * module,
                                                      (x - start) * module,
                                                      module));
    }
}

static void
gofer_app_qr_code_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  GoferAppQrCode *self = GOFER_APP_QR_CODE (widget);
  int side;
  int module;
  float left;
  float top;

  if (self->qr == NULL)
    return;

  /* Whole pixels per module keep the edges sharp for a camera. */
  side = MIN (gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  module = MAX (1, side / total_modules (self));
  side = module * total_modules (self);
  left = (gtk_widget_get_width (widget) - side) / 2;
  top = (gtk_widget_get_height (widget) - side) / 2;

  gtk_snapshot_append_color (snapshot, &light, &GRAPHENE_RECT_INIT (left, top, side, side));
  left += GOFER_APP_QR_CODE_QUIET_ZONE * module;
  top += GOFER_APP_QR_CODE_QUIET_ZONE * module;
  for (int y = 0; y < self->qr->width; y++)
    snapshot_row (self, snapshot, y, left, top, module);
}

static void
gofer_app_qr_code_finalize (GObject *object)
{
  GoferAppQrCode *self = (GoferAppQrCode *)object;

  g_clear_pointer (&self->qr, QRcode_free);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (gofer_app_qr_code_parent_class)->finalize (object);
}

static void
gofer_app_qr_code_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GoferAppQrCode *self = GOFER_APP_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, gofer_app_qr_code_get_text (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gofer_app_qr_code_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GoferAppQrCode *self = GOFER_APP_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      gofer_app_qr_code_set_text (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gofer_app_qr_code_class_init (GoferAppQrCodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gofer_app_qr_code_finalize;
  object_class->get_property = gofer_app_qr_code_get_property;
  object_class->set_property = gofer_app_qr_code_set_property;

  widget_class->measure = gofer_app_qr_code_measure;
  widget_class->snapshot = gofer_app_qr_code_snapshot;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "qrcode");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
gofer_app_qr_code_init (GoferAppQrCode *self)
{
}

GtkWidget *
gofer_app_qr_code_new (void)
{
  return g_object_new (GOFER_APP_TYPE_QR_CODE, NULL);
}

const char *
gofer_app_qr_code_get_text (GoferAppQrCode *self)
{
  g_return_val_if_fail (GOFER_APP_IS_QR_CODE (self), NULL);

  return self->text;
}

void
gofer_app_qr_code_set_text (GoferAppQrCode *self,
                            const char     *text)
{
  g_return_if_fail (GOFER_APP_IS_QR_CODE (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);

  g_clear_pointer (&self->qr, QRcode_free);
  /* Version 0 lets libqrencode pick the smallest symbol; M recovers from
   * 15% damage, plenty for a screen. The text is a secret: never log it. */
  if (text != NULL && text[0] != '\0')
    self->qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (text != NULL && text[0] != '\0' && self->qr == NULL)
    g_debug ("qr: could not encode a text of %zu bytes", strlen (text));

  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

int
gofer_app_qr_code_get_size (GoferAppQrCode *self)
{
  g_return_val_if_fail (GOFER_APP_IS_QR_CODE (self), 0);

  return self->qr ? self->qr->width : 0;
}

gboolean
gofer_app_qr_code_get_module (GoferAppQrCode *self,
                              int             x,
                              int             y)
{
  g_return_val_if_fail (GOFER_APP_IS_QR_CODE (self), FALSE);

  if (self->qr == NULL || x < 0 || y < 0 || x >= self->qr->width || y >= self->qr->width)
    return FALSE;

  /* Bit 0 of each byte is the module colour; the other bits describe its role. */
  return (self->qr->data[y * self->qr->width + x] & 1) != 0;
}
