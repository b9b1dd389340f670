/* gofer-lan-finder.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An Avahi service browser for the Gofer mailbox type, a resolve of each
 * service it reports, and for each whose TXT record lists the nameplate a
 * look at the mailbox itself (connect, bind, list), until one really holds
 * the nameplate or the time is up. Anyone on the network can announce a
 * service, so the services looked at are capped, a few are checked at a
 * time, and the whole search has one deadline: a flood of fake mailboxes
 * or a slow answer costs at most that time. What a found mailbox holds is
 * only a meeting place: SPAKE2 still decides whether the other side knows
 * the code.
 */

#include "config.h"

#include "gofer-lan-finder.h"
#include "gofer-lan-avahi-private.h"
#include "gofer-mailbox.h"

#include <string.h>

/* More services than this in one search means someone floods the network. */
#define MAX_SERVICES 256
/* Mailboxes checked at once, and how long one may take to answer. */
#define MAX_CHECKS 8
/* Mailboxes checked per host: one computer announcing many cannot crowd
 * out the others. A Gofer announces one. */
#define MAX_PER_HOST 2
#define CHECK_TIMEOUT_SECONDS 2
#define APPID "lothar.com/wormhole/text-or-file-xfer"

struct _GoferLanFinder
{
  GObject          parent_instance;

  GDBusConnection *bus;
  char            *browser_path;
  guint            item_subscription;
  GPtrArray       *early_items;   /* (GVariant *) ItemNew before the path was known */
  guint            n_services;
  GQueue           candidates;    /* URLs whose TXT lists the nameplate, not yet checked */
  GHashTable      *seen_urls;
  GHashTable      *per_host;      /* address -> candidates taken from it */
  guint            n_checking;
  GCancellable    *checks;        /* the mailbox checks, cancelled when the search ends */
  GTask           *task;
  guint            timeout_id;
  GSource         *cancelled;     /* the caller's cancellation, while the task runs */
};

G_DEFINE_FINAL_TYPE (GoferLanFinder, gofer_lan_finder, G_TYPE_OBJECT)

static void
stop_browsing (GoferLanFinder *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->cancelled != NULL)
    g_source_destroy (self->cancelled);
  g_clear_pointer (&self->cancelled, g_source_unref);
  if (self->bus != NULL)
    {
      _gofer_lan_avahi_unsubscribe (self->bus, &self->item_subscription);
      _gofer_lan_avahi_free_object (self->bus, &self->browser_path, AVAHI_BROWSER_IFACE);
    }
  g_ptr_array_set_size (self->early_items, 0);
  g_queue_clear_full (&self->candidates, g_free);
  g_hash_table_remove_all (self->seen_urls);
  g_hash_table_remove_all (self->per_host);
  g_cancellable_cancel (self->checks);
  g_clear_object (&self->checks);
}

static void
finish (GoferLanFinder *self,
        char           *url,
        GError         *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  stop_browsing (self);
  if (task == NULL)
    {
      g_free (url);
      g_clear_error (&error);
    }
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, url, g_free);
}

/* Whether the TXT records (aay) list @nameplate under "nameplates=". */
static gboolean
txt_lists_nameplate (GVariant   *txt,
                     const char *nameplate)
{
  static const char key[] = GOFER_LAN_TXT_NAMEPLATES "=";
  GVariantIter iter;
  GVariant *record;

  g_variant_iter_init (&iter, txt);
  while ((record = g_variant_iter_next_value (&iter)) != NULL)
    {
      gsize len;
      const char *bytes = g_variant_get_fixed_array (record, &len, 1);
      g_autofree char *text = g_strndup (bytes, len);
      g_auto(GStrv) names = NULL;

      g_variant_unref (record);
      if (!g_str_has_prefix (text, key))
        continue;
      names = g_strsplit (text + strlen (key), ",", 0);
      if (g_strv_contains ((const char *const *)names, nameplate))
        return TRUE;
    }
  return FALSE;
}

static char *
mailbox_url (const char *address,
             guint16     port)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);

  if (inet == NULL || port == 0)
    return NULL;
  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("ws://[%s]:%u/v1", address, port);
  return g_strdup_printf ("ws://%s:%u/v1", address, port);
}

typedef struct
{
  GoferLanFinder *finder;
  GoferMailbox   *mailbox;
  char           *url;
} Check;

static void
check_free (Check *check)
{
  check->finder->n_checking--;
  g_object_unref (check->finder);
  g_object_unref (check->mailbox);
  g_free (check->url);
  g_free (check);
}

static void check_candidates (GoferLanFinder *self);

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Check *check = user_data;
  GoferLanFinder *self = check->finder;
  g_auto(GStrv) nameplates = gofer_mailbox_list_finish (GOFER_MAILBOX (source), result, NULL);

  if (self->task != NULL && nameplates != NULL &&
      g_strv_contains ((const char *const *)nameplates, g_task_get_task_data (self->task)))
    {
      g_debug ("lan: the nameplate is at %s", check->url);
      finish (self, g_steal_pointer (&check->url), NULL);
    }
  else if (self->task != NULL)
    g_debug ("lan: %s does not hold the nameplate after all", check->url);
  check_free (check);
  if (self->task != NULL)
    check_candidates (self);
}

static void
check_connected_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Check *check = user_data;
  g_autoptr(GError) error = NULL;

  if (check->finder->task == NULL || !gofer_mailbox_connect_finish (check->mailbox, result, &error))
    {
      if (error != NULL)
        g_debug ("lan: no mailbox answers at %s: %s", check->url, error->message);
      check_free (check);
      return;
    }
  gofer_mailbox_list_async (check->mailbox, check->finder->checks, listed_cb, check);
}

/* A TXT record is only a claim: the mailbox must list the nameplate. */
static void
check_candidates (GoferLanFinder *self)
{
  while (self->task != NULL && self->n_checking < MAX_CHECKS &&
         !g_queue_is_empty (&self->candidates))
    {
      Check *check = g_new0 (Check, 1);
      g_autofree char *side = g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());

      check->finder = g_object_ref (self);
      check->url = g_queue_pop_head (&self->candidates);
      check->mailbox = gofer_mailbox_new (check->url, APPID, side);
      gofer_mailbox_set_connect_timeout (check->mailbox, CHECK_TIMEOUT_SECONDS);
      self->n_checking++;
      gofer_mailbox_connect_async (check->mailbox, self->checks, check_connected_cb, check);
    }
}

/* Each mailbox once, and a few per host. */
static gboolean
take_candidate (GoferLanFinder *self,
                const char     *address,
                const char     *url)
{
  guint taken = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_host, address));

  if (g_hash_table_contains (self->seen_urls, url) || taken >= MAX_PER_HOST)
    return FALSE;
  g_hash_table_add (self->seen_urls, g_strdup (url));
  g_hash_table_insert (self->per_host, g_strdup (address), GUINT_TO_POINTER (taken + 1));
  return TRUE;
}

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GoferLanFinder) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) txt = NULL;
  g_autoptr(GError) error = NULL;
  const char *name, *address;
  guint16 port;
  GTask *task = self->task;
  char *url;

  reply = _gofer_lan_avahi_call_finish (source, result, &error);
  if (task == NULL || reply == NULL)
    {
      if (error != NULL)
        g_debug ("lan: a service did not resolve: %s", error->message);
      return;
    }
  g_variant_get (reply, "(ii&s&s&s&si&sq@aayu)", NULL, NULL, &name, NULL, NULL, NULL, NULL,
                 &address, &port, &txt, NULL);
  if (!txt_lists_nameplate (txt, g_task_get_task_data (task)))
    {
      g_debug ("lan: “%s” at %s does not hold the nameplate", name, address);
      return;
    }
  if ((url = mailbox_url (address, port)) != NULL && take_candidate (self, address, url))
    {
      g_debug ("lan: “%s” at %s says it holds the nameplate", name, url);
      g_queue_push_tail (&self->candidates, url);
      check_candidates (self);
    }
  else
    g_free (url);
}

static void
resolve_item (GoferLanFinder *self,
              GVariant       *item)
{
  gint32 interface, protocol;
  const char *name, *type, *domain;

  if (!g_variant_is_of_type (item, G_VARIANT_TYPE ("(iisssu)")))
    return;
  if (++self->n_services > MAX_SERVICES)
    {
      if (self->n_services == MAX_SERVICES + 1)
        g_debug ("lan: more than %d services; ignoring the rest", MAX_SERVICES);
      return;
    }
  g_variant_get (item, "(ii&s&s&su)", &interface, &protocol, &name, &type, &domain, NULL);
  /* IPv4 only: an IPv6 link-local address would need its interface. */
  _gofer_lan_avahi_call (self->bus, AVAHI_SERVER_PATH, AVAHI_SERVER_IFACE, "ResolveService",
                         g_variant_new ("(iisssiu)", interface, protocol, name, type, domain,
                                        AVAHI_PROTO_INET, 0u),
                         G_VARIANT_TYPE ("(iissssisqaayu)"), g_task_get_cancellable (self->task),
                         resolved_cb, g_object_ref (self));
}

static void
item_new_cb (GDBusConnection *bus,
             const char      *sender,
             const char      *path,
             const char      *interface,
             const char      *signal,
             GVariant        *parameters,
             gpointer         user_data)
{
  GoferLanFinder *self = user_data;

  if (self->task == NULL)
    return;
  /* Avahi may report items before ServiceBrowserNew has answered. */
  if (self->browser_path == NULL)
    {
      if (self->early_items->len < MAX_SERVICES)
        g_ptr_array_add (self->early_items, g_variant_new ("(o@*)", path, parameters));
      return;
    }
  if (g_str_equal (path, self->browser_path))
    resolve_item (self, parameters);
}

static void
browser_new_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GoferLanFinder) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  GError *error = NULL;

  reply = _gofer_lan_avahi_call_finish (source, result, &error);
  if (self->task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  if (reply == NULL)
    {
      finish (self, NULL, error);
      return;
    }
  g_variant_get (reply, "(o)", &self->browser_path);
  for (guint i = 0; i < self->early_items->len && self->task != NULL; i++)
    {
      const char *path;
      g_autoptr(GVariant) item = NULL;

      g_variant_get (g_ptr_array_index (self->early_items, i), "(&o@*)", &path, &item);
      if (g_str_equal (path, self->browser_path))
        resolve_item (self, item);
    }
  g_ptr_array_set_size (self->early_items, 0);
}

static void
bus_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GoferLanFinder) self = user_data;
  GError *error = NULL;

  if (self->task == NULL)
    return;
  if (self->bus == NULL && (self->bus = _gofer_lan_avahi_bus_finish (result, &error)) == NULL)
    {
      finish (self, NULL, error);
      return;
    }
  self->item_subscription = _gofer_lan_avahi_subscribe (self->bus, AVAHI_BROWSER_IFACE, "ItemNew",
                                                        NULL, item_new_cb, self);
  _gofer_lan_avahi_call (self->bus, AVAHI_SERVER_PATH, AVAHI_SERVER_IFACE, "ServiceBrowserNew",
                         g_variant_new ("(iissu)", AVAHI_IF_UNSPEC, AVAHI_PROTO_INET,
                                        GOFER_LAN_SERVICE_TYPE, "", 0u),
                         G_VARIANT_TYPE ("(o)"), g_task_get_cancellable (self->task),
                         browser_new_cb, g_object_ref (self));
}

static gboolean
deadline_cb (gpointer user_data)
{
  GoferLanFinder *self = user_data;

  self->timeout_id = 0;
  g_debug ("lan: no mailbox on the local network holds the nameplate");
  finish (self, NULL, NULL);
  return G_SOURCE_REMOVE;
}

/* A cancelled caller hears of it at once: no callback of ours waits for
 * the deadline or the daemon while holding what the caller gave us. */
static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  GoferLanFinder *self = user_data;
  GError *error = NULL;

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  finish (self, NULL, error);
  return G_SOURCE_REMOVE;
}

void
gofer_lan_finder_find_async (GoferLanFinder      *self,
                             const char          *nameplate,
                             guint                timeout_ms,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (GOFER_IS_LAN_FINDER (self));
  g_return_if_fail (nameplate != NULL);
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, gofer_lan_finder_find_async);
  g_task_set_task_data (self->task, g_strdup (nameplate), g_free);
  self->n_services = 0;
  self->checks = g_cancellable_new ();
  self->timeout_id = g_timeout_add (timeout_ms, deadline_cb, self);
  if (cancellable != NULL)
    {
      self->cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancelled, G_SOURCE_FUNC (cancelled_cb), self, NULL);
      g_source_attach (self->cancelled, g_task_get_context (self->task));
    }
  if (self->bus != NULL)
    bus_cb (NULL, NULL, g_object_ref (self));
  else
    g_bus_get (G_BUS_TYPE_SYSTEM, cancellable, bus_cb, g_object_ref (self));
}

char *
gofer_lan_finder_find_finish (GoferLanFinder  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
gofer_lan_finder_dispose (GObject *object)
{
  GoferLanFinder *self = GOFER_LAN_FINDER (object);

  finish (self, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "finder disposed"));
  g_clear_object (&self->bus);

  G_OBJECT_CLASS (gofer_lan_finder_parent_class)->dispose (object);
}

static void
gofer_lan_finder_finalize (GObject *object)
{
  GoferLanFinder *self = GOFER_LAN_FINDER (object);

  g_ptr_array_unref (self->early_items);
  g_hash_table_unref (self->seen_urls);
  g_hash_table_unref (self->per_host);

  G_OBJECT_CLASS (gofer_lan_finder_parent_class)->finalize (object);
}

static void
gofer_lan_finder_class_init (GoferLanFinderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_lan_finder_dispose;
  object_class->finalize = gofer_lan_finder_finalize;
}

static void
gofer_lan_finder_init (GoferLanFinder *self)
{
  g_queue_init (&self->candidates);
  self->seen_urls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->per_host = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->early_items = g_ptr_array_new_with_free_func ((GDestroyNotify)g_variant_unref);
}

GoferLanFinder *
gofer_lan_finder_new (void)
{
  return g_object_new (GOFER_TYPE_LAN_FINDER, NULL);
}
