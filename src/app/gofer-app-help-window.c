/* gofer-app-help-window.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The help's Mallard pages, shown by the app itself where Yelp is not
 * (Windows, a sandbox, a desktop without it): the subset of Mallard the
 * pages use, as labels: titles, sections, paragraphs, steps, lists, notes,
 * and inline gui, key, keyseq, em, input, code, cmd, file and links.
 */

#include "config.h"

#include "gofer-app-help-window.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gofer-app-help.h"

#define RESOURCE_HELP GOFER_APP_RESOURCE_PATH "/help"
#define URI_PREFIX "help:" GOFER_APP_HELP_ID "/"

struct _GoferAppHelpWindow
{
  AdwWindow   parent_instance;

  GtkWidget  *back_button;
  GtkWidget  *scroller;
  GtkWidget  *content;
  GHashTable *sections;   /* id → its heading */
  char       *page;
  char       *section;
  char       *language;
  guint       scroll_id;      /* a tick callback of the scroller */
  guint       scroll_frames;
};

G_DEFINE_FINAL_TYPE (GoferAppHelpWindow, gofer_app_help_window, ADW_TYPE_WINDOW)

/* The first of the person's languages that has the page; else C. */
static char *
find_page (const char  *page,
           char       **language)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf (RESOURCE_HELP "/%s/%s.page", names[i], page);

      if (g_resources_get_info (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL))
        {
          *language = g_strdup (names[i]);
          return g_steal_pointer (&path);
        }
    }
  *language = g_strdup ("C");
  return g_strdup_printf (RESOURCE_HELP "/C/%s.page", page);
}

/* What a page's parse builds up. */
typedef struct
{
  GoferAppHelpWindow *self;      /* NULL: only the title and the description */
  GPtrArray          *stack;     /* element names, borrowed from the parser */
  GString            *block;     /* the markup of the paragraph or title being read */
  gboolean            in_block;
  gboolean            space;     /* white space seen since the last word */
  int                 in_info;
  gboolean            in_desc;
  char               *title;
  GString            *desc;
  char               *section_id;  /* the next title's section */
  GArray             *counters;    /* per steps/list: items so far, -1 for a list */
  gboolean            item_open;   /* an item's first paragraph gets its mark */
  int                 keys;        /* keys so far in a keyseq */
} Parse;

static const char *
parent_element (Parse *parse)
{
  return parse->stack->len >= 2 ? g_ptr_array_index (parse->stack, parse->stack->len - 2) : NULL;
}

static gboolean
link_cb (GtkLabel           *label,
         const char         *uri,
         GoferAppHelpWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_has_prefix (uri, URI_PREFIX))
    return FALSE;  /* the label opens it */
  if (!gofer_app_help_window_show_topic (self, uri + strlen (URI_PREFIX), &error))
    g_debug ("help: %s", error->message);
  return TRUE;
}

static GtkWidget *
new_label (Parse      *parse,
           const char *markup,
           const char *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  g_signal_connect_object (label, "activate-link", G_CALLBACK (link_cb), parse->self, 0);
  gtk_box_append (GTK_BOX (parse->self->content), label);
  return label;
}

static void
begin_block (Parse *parse)
{
  g_string_truncate (parse->block, 0);
  parse->in_block = TRUE;
  parse->space = FALSE;
}

/* Mallard folds white space as HTML does. */
static void
add_text (Parse      *parse,
          const char *text,
          gsize       length)
{
  const char *end = text + length;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          parse->space = TRUE;
          continue;
        }
      if (parse->space && parse->block->len > 0)
        g_string_append_c (parse->block, ' ');
      parse->space = FALSE;
      {
        g_autofree char *escaped = g_markup_escape_text (p, g_utf8_next_char (p) - p);

        g_string_append (parse->block, escaped);
      }
    }
}

/* Inline markup: opened with a space before it if the text had one. */
static void
add_markup (Parse      *parse,
            const char *markup,
            gboolean    opening)
{
  if (opening && parse->space && parse->block->len > 0)
    g_string_append_c (parse->block, ' ');
  if (opening)
    parse->space = FALSE;
  g_string_append (parse->block, markup);
}

static gboolean read_summary (GBytes  *bytes,
                              char   **title,
                              char   **desc);

static void
start_element_cb (GMarkupParseContext  *context,
                  const char           *element,
                  const char          **names,
                  const char          **values,
                  gpointer              user_data,
                  GError              **error)
{
  Parse *parse = user_data;

  g_ptr_array_add (parse->stack, (gpointer) element);

  if (g_str_equal (element, "info"))
    {
      parse->in_info++;
      return;
    }
  if (parse->in_info > 0)
    {
      if (g_str_equal (element, "desc"))
        parse->in_desc = TRUE;
      return;
    }

  if (g_str_equal (element, "title") || g_str_equal (element, "p"))
    {
      begin_block (parse);
      if (g_str_equal (element, "p") && parse->item_open && parse->counters->len > 0)
        {
          int n = g_array_index (parse->counters, int, parse->counters->len - 1);

          if (n < 0)
            g_string_append (parse->block, "• ");
          else
            g_string_append_printf (parse->block, "%d. ", n);
          parse->item_open = FALSE;
        }
    }
  else if (g_str_equal (element, "section"))
    {
      const char *id = NULL;

      g_markup_collect_attributes (element, names, values, error,
                                   G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL, "id", &id,
                                   G_MARKUP_COLLECT_INVALID);
      g_free (parse->section_id);
      parse->section_id = g_strdup (id);
    }
  else if (g_str_equal (element, "steps") || g_str_equal (element, "list"))
    {
      int n = g_str_equal (element, "steps") ? 0 : -1;

      g_array_append_val (parse->counters, n);
    }
  else if (g_str_equal (element, "item") && parse->counters->len > 0)
    {
      int *n = &g_array_index (parse->counters, int, parse->counters->len - 1);

      if (*n >= 0)
        (*n)++;
      parse->item_open = TRUE;
    }
  else if (g_str_equal (element, "links") && parse->self != NULL)
    {
      /* The index lists the other pages, as Yelp does from their guide links. */
      for (guint i = 0; gofer_app_help_get_pages ()[i] != NULL; i++)
        {
          g_autofree char *title = NULL;
          g_autofree char *desc = NULL;
          g_autofree char *markup = NULL;
          g_autofree char *uri = gofer_app_help_dup_uri (gofer_app_help_get_pages ()[i]);
          g_autofree char *language = NULL;
          g_autofree char *path = find_page (gofer_app_help_get_pages ()[i], &language);
          g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

          if (bytes == NULL || !read_summary (bytes, &title, &desc))
            continue;
          markup = g_markup_printf_escaped ("<a href=\"%s\">%s</a>\n%s", uri, title,
                                            desc != NULL ? desc : "");
          new_label (parse, markup, NULL);
        }
    }
  else if (!parse->in_block)
    return;
  else if (g_str_equal (element, "gui") || g_str_equal (element, "app"))
    add_markup (parse, "<b>", TRUE);
  else if (g_str_equal (element, "em"))
    add_markup (parse, "<i>", TRUE);
  else if (g_str_equal (element, "keyseq"))
    {
      add_markup (parse, "", TRUE);
      parse->keys = 0;
    }
  else if (g_str_equal (element, "key"))
    {
      if (g_strcmp0 (parent_element (parse), "keyseq") == 0 && parse->keys++ > 0)
        add_markup (parse, "+", FALSE);
      else
        add_markup (parse, "", TRUE);
      add_markup (parse, "<b>", FALSE);
    }
  else if (g_str_equal (element, "input") || g_str_equal (element, "code") ||
           g_str_equal (element, "cmd") || g_str_equal (element, "file") ||
           g_str_equal (element, "sys"))
    add_markup (parse, "<tt>", TRUE);
  else if (g_str_equal (element, "link"))
    {
      const char *xref = NULL;
      const char *href = NULL;
      g_autofree char *target = NULL;
      g_autofree char *escaped = NULL;

      g_markup_collect_attributes (element, names, values, error,
                                   G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL, "xref", &xref,
                                   G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL, "href", &href,
                                   G_MARKUP_COLLECT_INVALID);
      target = xref != NULL ? gofer_app_help_dup_uri (xref) : g_strdup (href != NULL ? href : "");
      escaped = g_markup_escape_text (target, -1);
      add_markup (parse, "<a href=\"", TRUE);
      g_string_append (parse->block, escaped);
      g_string_append (parse->block, "\">");
    }
}

static void
end_element_cb (GMarkupParseContext  *context,
                const char           *element,
                gpointer              user_data,
                GError              **error)
{
  Parse *parse = user_data;
  const char *parent = parent_element (parse);

  if (g_str_equal (element, "info"))
    parse->in_info--;
  else if (parse->in_info > 0)
    {
      if (g_str_equal (element, "desc"))
        parse->in_desc = FALSE;
    }
  else if (g_str_equal (element, "title") && parse->in_block)
    {
      parse->in_block = FALSE;
      if (g_strcmp0 (parent, "page") == 0)
        {
          /* The page's title: plain text for the window's title too. */
          g_autofree char *plain = NULL;

          pango_parse_markup (parse->block->str, -1, 0, NULL, &plain, NULL, NULL);
          g_free (parse->title);
          parse->title = g_strdup (plain);
          if (parse->self != NULL)
            new_label (parse, parse->block->str, "title-1");
        }
      else if (g_strcmp0 (parent, "section") == 0 && parse->self != NULL)
        {
          GtkWidget *heading = new_label (parse, parse->block->str, "title-3");

          gtk_widget_set_margin_top (heading, 12);
          if (parse->section_id != NULL)
            g_hash_table_insert (parse->self->sections, g_steal_pointer (&parse->section_id),
                                 heading);
        }
      else if (parse->self != NULL)
        new_label (parse, parse->block->str, "heading");
    }
  else if (g_str_equal (element, "p") && parse->in_block)
    {
      parse->in_block = FALSE;
      if (parse->self != NULL)
        {
          GtkWidget *label = new_label (parse, parse->block->str, NULL);

          if (parse->counters->len > 0)
            gtk_widget_set_margin_start (label, 12 * (int) parse->counters->len);
        }
    }
  else if ((g_str_equal (element, "steps") || g_str_equal (element, "list")) &&
           parse->counters->len > 0)
    g_array_set_size (parse->counters, parse->counters->len - 1);
  else if (!parse->in_block)
    ;
  else if (g_str_equal (element, "gui") || g_str_equal (element, "app") ||
           g_str_equal (element, "key"))
    g_string_append (parse->block, "</b>");
  else if (g_str_equal (element, "em"))
    g_string_append (parse->block, "</i>");
  else if (g_str_equal (element, "input") || g_str_equal (element, "code") ||
           g_str_equal (element, "cmd") || g_str_equal (element, "file") ||
           g_str_equal (element, "sys"))
    g_string_append (parse->block, "</tt>");
  else if (g_str_equal (element, "link"))
    g_string_append (parse->block, "</a>");

  g_ptr_array_set_size (parse->stack, parse->stack->len - 1);
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *text,
         gsize                 length,
         gpointer              user_data,
         GError              **error)
{
  Parse *parse = user_data;

  if (parse->in_desc)
    g_string_append_len (parse->desc, text, (gssize) length);
  else if (parse->in_info == 0 && parse->in_block)
    add_text (parse, text, length);
}

static const GMarkupParser mallard_parser = {
  .start_element = start_element_cb,
  .end_element = end_element_cb,
  .text = text_cb,
};

static void
parse_clear (Parse *parse)
{
  g_ptr_array_unref (parse->stack);
  g_string_free (parse->block, TRUE);
  g_string_free (parse->desc, TRUE);
  g_array_unref (parse->counters);
  g_free (parse->title);
  g_free (parse->section_id);
}

static gboolean
parse_page (Parse    *parse,
            GBytes   *bytes,
            GError  **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  parse->stack = g_ptr_array_new ();
  parse->block = g_string_new (NULL);
  parse->desc = g_string_new (NULL);
  parse->counters = g_array_new (FALSE, FALSE, sizeof (int));
  context = g_markup_parse_context_new (&mallard_parser, G_MARKUP_PREFIX_ERROR_POSITION, parse, NULL);
  return g_markup_parse_context_parse (context, data, (gssize) size, error) &&
         g_markup_parse_context_end_parse (context, error);
}

/* A page's title and its description from its info, for the index. */
static gboolean
read_summary (GBytes  *bytes,
              char   **title,
              char   **desc)
{
  Parse parse = { NULL };
  gboolean ok = parse_page (&parse, bytes, NULL);

  if (ok)
    {
      *title = g_steal_pointer (&parse.title);
      *desc = g_strstrip (g_strdup (parse.desc->str));
    }
  parse_clear (&parse);
  return ok && *title != NULL;
}

/* Frame by frame until the page is laid out: then its section's heading
 * goes to the top (as far as the page scrolls). */
#define SCROLL_MAX_FRAMES 120

static gboolean
scroll_to_section_cb (GtkWidget     *scroller,
                      GdkFrameClock *clock,
                      gpointer       user_data)
{
  GoferAppHelpWindow *self = user_data;
  GtkWidget *heading = self->section ? g_hash_table_lookup (self->sections, self->section) : NULL;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  graphene_rect_t bounds;
  double target;

  if (heading == NULL || ++self->scroll_frames > SCROLL_MAX_FRAMES)
    goto done;
  if (gtk_widget_get_height (heading) == 0 ||
      !gtk_widget_compute_bounds (heading, self->content, &bounds))
    return G_SOURCE_CONTINUE;
  target = MAX (0, bounds.origin.y - 12);
  /* The adjustment follows the allocation a frame later. */
  if (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) < target &&
      gtk_adjustment_get_upper (adjustment) < gtk_widget_get_height (self->content))
    return G_SOURCE_CONTINUE;
  gtk_adjustment_set_value (adjustment, target);

done:
  self->scroll_id = 0;
  return G_SOURCE_REMOVE;
}

static void
stop_scrolling (GoferAppHelpWindow *self)
{
  if (self->scroll_id != 0)
    gtk_widget_remove_tick_callback (self->scroller, self->scroll_id);
  self->scroll_id = 0;
}

gboolean
gofer_app_help_window_show_topic (GoferAppHelpWindow  *self,
                                  const char          *topic,
                                  GError             **error)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *path = NULL;
  g_autofree char *language = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GtkWidget *child;
  Parse parse = { NULL };
  gboolean ok;

  g_return_val_if_fail (GOFER_APP_IS_HELP_WINDOW (self), FALSE);
  g_return_val_if_fail (topic != NULL, FALSE);

  parts = g_strsplit (topic, "#", 2);
  /* Only the pages there are: a topic is no path. */
  if (!g_str_equal (parts[0], "index") && !g_strv_contains (gofer_app_help_get_pages (), parts[0]))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no help page “%s”", parts[0]);
      return FALSE;
    }
  path = find_page (parts[0], &language);
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;

  while ((child = gtk_widget_get_first_child (self->content)) != NULL)
    gtk_box_remove (GTK_BOX (self->content), child);
  g_hash_table_remove_all (self->sections);

  parse.self = self;
  ok = parse_page (&parse, bytes, error);
  if (ok)
    {
      gtk_window_set_title (GTK_WINDOW (self), parse.title);
      g_free (self->page);
      self->page = g_strdup (parts[0]);
      g_free (self->section);
      self->section = parts[1] != NULL && g_hash_table_contains (self->sections, parts[1])
                      ? g_strdup (parts[1]) : NULL;
      g_free (self->language);
      self->language = g_steal_pointer (&language);
      gtk_widget_set_visible (self->back_button, !g_str_equal (self->page, "index"));
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
      /* Once the page is laid out. */
      stop_scrolling (self);
      self->scroll_frames = 0;
      if (self->section != NULL)
        self->scroll_id = gtk_widget_add_tick_callback (self->scroller, scroll_to_section_cb, self,
                                                        NULL);
    }
  parse_clear (&parse);
  return ok;
}

static void
back_clicked_cb (GoferAppHelpWindow *self)
{
  gofer_app_help_window_show_topic (self, "index", NULL);
}

static void
gofer_app_help_window_dispose (GObject *object)
{
  GoferAppHelpWindow *self = GOFER_APP_HELP_WINDOW (object);

  if (self->scroller != NULL)
    stop_scrolling (self);

  G_OBJECT_CLASS (gofer_app_help_window_parent_class)->dispose (object);
}

static void
gofer_app_help_window_finalize (GObject *object)
{
  GoferAppHelpWindow *self = GOFER_APP_HELP_WINDOW (object);

  g_clear_pointer (&self->sections, g_hash_table_unref);
  g_clear_pointer (&self->page, g_free);
  g_clear_pointer (&self->section, g_free);
  g_clear_pointer (&self->language, g_free);

  G_OBJECT_CLASS (gofer_app_help_window_parent_class)->finalize (object);
}

static void
gofer_app_help_window_class_init (GoferAppHelpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gofer_app_help_window_dispose;
  object_class->finalize = gofer_app_help_window_finalize;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gofer_app_help_window_init (GoferAppHelpWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->sections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 640);

  self->back_button = gtk_button_new_from_icon_name ("go-previous-symbolic");
  gtk_widget_set_tooltip_text (self->back_button, _("All Help Topics"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->back_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("All Help Topics"), -1);
  g_signal_connect_object (self->back_button, "clicked", G_CALLBACK (back_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->back_button);
  gtk_box_append (GTK_BOX (box), header);

  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (self->content, 18);
  gtk_widget_set_margin_bottom (self->content, 24);
  gtk_widget_set_margin_start (self->content, 18);
  gtk_widget_set_margin_end (self->content, 18);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->content);
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), clamp);
  gtk_widget_set_vexpand (self->scroller, TRUE);
  gtk_box_append (GTK_BOX (box), self->scroller);
  adw_window_set_content (ADW_WINDOW (self), box);
}

GtkWidget *
gofer_app_help_window_new (void)
{
  return g_object_new (GOFER_APP_TYPE_HELP_WINDOW, NULL);
}

const char *
gofer_app_help_window_get_page (GoferAppHelpWindow *self)
{
  g_return_val_if_fail (GOFER_APP_IS_HELP_WINDOW (self), NULL);
  return self->page;
}

const char *
gofer_app_help_window_get_section (GoferAppHelpWindow *self)
{
  g_return_val_if_fail (GOFER_APP_IS_HELP_WINDOW (self), NULL);
  return self->section;
}

const char *
gofer_app_help_window_get_language (GoferAppHelpWindow *self)
{
  g_return_val_if_fail (GOFER_APP_IS_HELP_WINDOW (self), NULL);
  return self->language;
}
