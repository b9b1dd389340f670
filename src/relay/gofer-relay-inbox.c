/* gofer-relay-inbox.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A queue of calls that any thread may post and one main context runs, in
 * the order they were posted: how the connection threads and the state
 * (the main context) talk to each other. One GSource per inbox, however
 * many calls wait in it; posting to an empty inbox wakes its context once.
 * Unlike g_main_context_invoke(), which makes a source per call, a burst of
 * thousands of calls costs one wake-up and one dispatch.
 */

#include "config.h"

#include "gofer-relay-inbox.h"

typedef struct
{
  GoferRelayInboxFunc func;
  gpointer            data;
  GDestroyNotify      destroy;
} Item;

struct _GoferRelayInbox
{
  GSource       source;

  GMainContext *context;
  GMutex        lock;
  GQueue        items;    /* of Item, under lock */
  int           n_items;  /* atomic: items.length, for prepare() */
  gboolean      closed;
};

static void
item_free (Item *item,
           gboolean run)
{
  if (run && item->func != NULL)
    item->func (item->data);
  if (item->destroy != NULL)
    item->destroy (item->data);
  g_free (item);
}

static gboolean
inbox_prepare (GSource *source,
               int     *timeout)
{
  *timeout = -1;
  return g_atomic_int_get (&((GoferRelayInbox *)source)->n_items) > 0;
}

static gboolean
inbox_check (GSource *source)
{
  return g_atomic_int_get (&((GoferRelayInbox *)source)->n_items) > 0;
}

/* Takes every item posted so far; those posted while they run wait for
 * the next round. */
static gboolean
inbox_take (GoferRelayInbox *self,
            GQueue          *out)
{
  g_mutex_lock (&self->lock);
  *out = self->items;
  g_queue_init (&self->items);
  g_atomic_int_set (&self->n_items, 0);
  g_mutex_unlock (&self->lock);

  return out->head != NULL;
}

static gboolean
inbox_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  gofer_relay_inbox_run ((GoferRelayInbox *)source);
  return G_SOURCE_CONTINUE;
}

static void
inbox_finalize (GSource *source)
{
  GoferRelayInbox *self = (GoferRelayInbox *)source;
  Item *item;

  while ((item = g_queue_pop_head (&self->items)) != NULL)
    item_free (item, FALSE);
  g_mutex_clear (&self->lock);
  g_main_context_unref (self->context);
}

static GSourceFuncs inbox_funcs = {
  inbox_prepare, inbox_check, inbox_dispatch, inbox_finalize, NULL, NULL,
};

/**
 * gofer_relay_inbox_new:
 * @context: (nullable): where the calls run; %NULL: the thread-default
 *   main context of the calling thread
 * @name: (not nullable): a static name, for debugging
 */
GoferRelayInbox *
gofer_relay_inbox_new (GMainContext *context,
                       const char   *name)
{
  GoferRelayInbox *self = (GoferRelayInbox *)g_source_new (&inbox_funcs, sizeof (GoferRelayInbox));

  self->context = context ? g_main_context_ref (context) : g_main_context_ref_thread_default ();
  g_mutex_init (&self->lock);
  g_queue_init (&self->items);
  g_source_set_static_name (&self->source, name);
  g_source_attach (&self->source, self->context);

  return self;
}

GoferRelayInbox *
gofer_relay_inbox_ref (GoferRelayInbox *self)
{
  g_source_ref (&self->source);
  return self;
}

void
gofer_relay_inbox_unref (GoferRelayInbox *self)
{
  g_source_unref (&self->source);
}

/**
 * gofer_relay_inbox_post:
 * @func: (nullable): called with @data in the inbox's context
 * @destroy: (nullable): called with @data after @func, or instead of it
 *   when the inbox is closed (then in the calling thread)
 *
 * Thread-safe. Calls run in the order they were posted.
 */
void
gofer_relay_inbox_post (GoferRelayInbox     *self,
                        GoferRelayInboxFunc  func,
                        gpointer             data,
                        GDestroyNotify       destroy)
{
  Item *item;
  gboolean was_empty;

  g_mutex_lock (&self->lock);
  if (self->closed)
    {
      g_mutex_unlock (&self->lock);
      if (destroy != NULL)
        destroy (data);
      return;
    }
  item = g_new (Item, 1);
  item->func = func;
  item->data = data;
  item->destroy = destroy;
  was_empty = self->items.head == NULL;
  g_queue_push_tail (&self->items, item);
  g_atomic_int_set (&self->n_items, (int)self->items.length);
  g_mutex_unlock (&self->lock);

  /* The owner looks at the inbox again before it sleeps. */
  if (was_empty && !g_main_context_is_owner (self->context))
    g_main_context_wakeup (self->context);
}

/**
 * gofer_relay_inbox_run:
 *
 * Runs the calls waiting now, in the calling thread (the inbox's context
 * does this by itself; this is for draining one that nobody iterates).
 *
 * Returns: whether there were any
 */
gboolean
gofer_relay_inbox_run (GoferRelayInbox *self)
{
  GQueue items;
  Item *item;

  if (!inbox_take (self, &items))
    return FALSE;
  while ((item = g_queue_pop_head (&items)) != NULL)
    item_free (item, TRUE);

  return TRUE;
}

/**
 * gofer_relay_inbox_close:
 *
 * Drops what waits (their destroy functions run, in the calling thread)
 * and what is posted from now on; stops watching the context.
 */
void
gofer_relay_inbox_close (GoferRelayInbox *self)
{
  GQueue items;
  Item *item;

  g_mutex_lock (&self->lock);
  self->closed = TRUE;
  g_mutex_unlock (&self->lock);

  inbox_take (self, &items);
  while ((item = g_queue_pop_head (&items)) != NULL)
    item_free (item, FALSE);
  g_source_destroy (&self->source);
}
