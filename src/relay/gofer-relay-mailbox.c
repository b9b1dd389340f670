/* gofer-relay-mailbox.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One mailbox: the sides that opened it, every message added to it (kept
 * until the last side closes it or it expires) and the connections
 * subscribed to it. Connections subscribe by connecting to the "message"
 * signal; a mailbox with a handler counts as in use when expiring.
 * Every change is mirrored to the store.
 */

#include "config.h"

#include "gofer-relay-mailbox.h"

#include <string.h>

typedef struct
{
  char     *side;
  char     *mood;
  double    added;
  gboolean  opened;
} MailboxSide;

struct _GoferRelayMailbox
{
  GObject          parent_instance;

  GoferRelayStore *store;
  char            *app_id;
  char            *id;
  char            *creator;    /* address that made it, for the per-address limit */
  double           updated;
  GPtrArray       *sides;      /* MailboxSide, in order of arrival */
  GPtrArray       *messages;   /* GoferRelayMessage, in order of arrival */
  guint64          n_bytes;    /* the messages' cost together */
  guint            n_committed; /* the first this many messages are in the database */
  GHashTable      *live_sides; /* side → GQueue of its listening connections, oldest first */
  guint            for_nameplate : 1;
  guint            crowded : 1;
  guint            deleted : 1;
};

G_DEFINE_FINAL_TYPE (GoferRelayMailbox, gofer_relay_mailbox, G_TYPE_OBJECT)

enum {
  SIGNAL_MESSAGE,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

/**
 * gofer_relay_message_new:
 * @msg_id: (nullable): the add's "id" as JSON text; %NULL: none (JSON null)
 */
GoferRelayMessage *
gofer_relay_message_new (const char *side,
                         const char *phase,
                         const char *body,
                         const char *msg_id,
                         double      server_rx)
{
  GoferRelayMessage *message = g_atomic_rc_box_new0 (GoferRelayMessage);

  message->side = g_strdup (side);
  message->phase = g_strdup (phase);
  message->body = g_strdup (body);
  message->msg_id = g_strdup (msg_id ? msg_id : "null");
  message->server_rx = server_rx;
  message->cost = strlen (body) + strlen (phase) + GOFER_RELAY_MESSAGE_OVERHEAD;
  if (strcmp (message->msg_id, "null") != 0)
    message->cost += strlen (message->msg_id);

  return message;
}

GoferRelayMessage *
gofer_relay_message_ref (GoferRelayMessage *message)
{
  return g_atomic_rc_box_acquire (message);
}

static void
message_clear (GoferRelayMessage *message)
{
  g_free (message->side);
  g_free (message->phase);
  g_free (message->body);
  g_free (message->address);
  g_free (message->msg_id);
}

void
gofer_relay_message_unref (GoferRelayMessage *message)
{
  g_atomic_rc_box_release_full (message, (GDestroyNotify)message_clear);
}

static void
mailbox_side_free (MailboxSide *side)
{
  g_free (side->side);
  g_free (side->mood);
  g_free (side);
}

static void
gofer_relay_mailbox_finalize (GObject *object)
{
  GoferRelayMailbox *self = (GoferRelayMailbox *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->app_id, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->creator, g_free);
  g_clear_pointer (&self->sides, g_ptr_array_unref);
  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_pointer (&self->live_sides, g_hash_table_unref);

  G_OBJECT_CLASS (gofer_relay_mailbox_parent_class)->finalize (object);
}

static void
gofer_relay_mailbox_class_init (GoferRelayMailboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gofer_relay_mailbox_finalize;

  /**
   * GoferRelayMailbox::message:
   * @message: (type gpointer): the GoferRelayMessage just added
   *
   * Emitted for every add, to every subscribed connection (including the
   * sender's own, which uses it as its echo).
   */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
gofer_relay_mailbox_init (GoferRelayMailbox *self)
{
  self->sides = g_ptr_array_new_with_free_func ((GDestroyNotify)mailbox_side_free);
  self->messages = g_ptr_array_new_with_free_func ((GDestroyNotify)gofer_relay_message_unref);
  self->live_sides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify)g_queue_free);
}

/**
 * gofer_relay_mailbox_new:
 * @store: (nullable): where changes are saved
 *
 * Makes the in-memory mailbox object only; the caller saves a new mailbox
 * with gofer_relay_store_add_mailbox().
 */
GoferRelayMailbox *
gofer_relay_mailbox_new (GoferRelayStore *store,
                         const char      *app_id,
                         const char      *id,
                         gboolean         for_nameplate,
                         double           updated)
{
  GoferRelayMailbox *self = g_object_new (GOFER_RELAY_TYPE_MAILBOX, NULL);

  self->store = store ? g_object_ref (store) : NULL;
  self->app_id = g_strdup (app_id);
  self->id = g_strdup (id);
  self->for_nameplate = !!for_nameplate;
  self->updated = updated;

  return self;
}

const char *
gofer_relay_mailbox_get_id (GoferRelayMailbox *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX (self), NULL);

  return self->id;
}

double
gofer_relay_mailbox_get_updated (GoferRelayMailbox *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX (self), 0);

  return self->updated;
}

guint
gofer_relay_mailbox_get_n_messages (GoferRelayMailbox *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX (self), 0);

  return self->messages->len;
}

/**
 * gofer_relay_mailbox_get_n_committed:
 *
 * Returns: how many of the first messages are committed (and were sent to
 *   the subscribers); the others are on their way to the database
 */
guint
gofer_relay_mailbox_get_n_committed (GoferRelayMailbox *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX (self), 0);

  return self->n_committed;
}

/**
 * gofer_relay_mailbox_get_n_bytes:
 *
 * Returns: what every stored message counts for together (see
 *   GoferRelayMessage.cost)
 */
guint64
gofer_relay_mailbox_get_n_bytes (GoferRelayMailbox *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX (self), 0);

  return self->n_bytes;
}

/**
 * gofer_relay_mailbox_get_messages:
 *
 * Returns: (transfer none) (element-type GoferRelayMessage): every stored
 *   message in the order it arrived
 */
GPtrArray *
gofer_relay_mailbox_get_messages (GoferRelayMailbox *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX (self), NULL);

  return self->messages;
}

static MailboxSide *
mailbox_find_side (GoferRelayMailbox *self,
                   const char        *side)
{
  for (guint i = 0; i < self->sides->len; i++)
    {
      MailboxSide *s = g_ptr_array_index (self->sides, i);

      if (g_strcmp0 (s->side, side) == 0)
        return s;
    }

  return NULL;
}

gboolean
gofer_relay_mailbox_has_side (GoferRelayMailbox *self,
                              const char        *side)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX (self), FALSE);

  return mailbox_find_side (self, side) != NULL;
}

/**
 * gofer_relay_mailbox_would_crowd:
 *
 * Returns: %TRUE if @side is not a member yet and two other sides are.
 */
gboolean
gofer_relay_mailbox_would_crowd (GoferRelayMailbox *self,
                                 const char        *side)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX (self), FALSE);

  return mailbox_find_side (self, side) == NULL && self->sides->len >= 2;
}

/**
 * gofer_relay_mailbox_mark_crowded:
 *
 * Remembers that a third side was turned away, for the usage summary.
 * Unlike the reference server, the third side is not added, so the two
 * legitimate sides can still reconnect.
 */
void
gofer_relay_mailbox_mark_crowded (GoferRelayMailbox *self)
{
  g_return_if_fail (GOFER_RELAY_IS_MAILBOX (self));

  self->crowded = TRUE;
}

void
gofer_relay_mailbox_touch (GoferRelayMailbox *self,
                           double             when)
{
  g_return_if_fail (GOFER_RELAY_IS_MAILBOX (self));

  self->updated = when;
  if (self->store != NULL && !self->deleted)
    gofer_relay_store_touch_mailbox (self->store, self->app_id, self->id, when);
}

/**
 * gofer_relay_mailbox_open_side:
 *
 * Records @side as a member. As in the reference server, a side that
 * closed and opens again stays marked closed: re-opening is how a
 * reconnecting client re-sends its close.
 */
void
gofer_relay_mailbox_open_side (GoferRelayMailbox *self,
                               const char        *side,
                               double             when)
{
  g_return_if_fail (GOFER_RELAY_IS_MAILBOX (self));

  if (mailbox_find_side (self, side) == NULL)
    {
      gofer_relay_mailbox_restore_side (self, side, TRUE, NULL, when);
      if (self->store != NULL && !self->deleted)
        gofer_relay_store_set_mailbox_side (self->store, self->app_id, self->id,
                                            side, TRUE, NULL, when);
    }
  gofer_relay_mailbox_touch (self, when);
}

/**
 * gofer_relay_mailbox_close_side:
 *
 * Marks @side closed with @mood.
 *
 * Returns: %TRUE if no side has the mailbox open any more, so it must be
 *   deleted.
 */
gboolean
gofer_relay_mailbox_close_side (GoferRelayMailbox *self,
                                const char        *side,
                                const char        *mood,
                                double             when)
{
  MailboxSide *s;

  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX (self), FALSE);

  if ((s = mailbox_find_side (self, side)) == NULL)
    return FALSE;

  s->opened = FALSE;
  g_free (s->mood);
  s->mood = g_strdup (mood);
  if (self->store != NULL && !self->deleted)
    gofer_relay_store_set_mailbox_side (self->store, self->app_id, self->id,
                                        side, FALSE, mood, s->added);

  for (guint i = 0; i < self->sides->len; i++)
    if (((MailboxSide *)g_ptr_array_index (self->sides, i))->opened)
      return FALSE;

  return TRUE;
}

typedef struct
{
  GoferRelayMailbox          *mailbox;
  GoferRelayMessage          *message;
  GoferRelayMailboxAddedFunc  added;
  gpointer                    user_data;
} Pending;

static void
mailbox_committed (GoferRelayMailbox          *self,
                   GoferRelayMessage          *message,
                   GoferRelayMailboxAddedFunc  added,
                   gpointer                    user_data)
{
  self->n_committed++;
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message);
  if (added != NULL)
    added (self, message, user_data);
}

/* Once a body is in the database (and a reader can get it back), the
 * copy in memory goes: stored messages cost memory only for their
 * bookkeeping. */
static void
message_drop_body (GoferRelayMailbox *self,
                   GoferRelayMessage *message)
{
  if (message->rowid > 0 && self->store != NULL && gofer_relay_store_keeps_bodies (self->store))
    g_clear_pointer (&message->body, g_free);
}

static void
message_committed_cb (gpointer user_data,
                      gint64   rowid)
{
  Pending *pending = user_data;

  pending->message->rowid = rowid;
  mailbox_committed (pending->mailbox, pending->message, pending->added, pending->user_data);
  message_drop_body (pending->mailbox, pending->message);
  g_object_unref (pending->mailbox);
  gofer_relay_message_unref (pending->message);
  g_free (pending);
}

/**
 * gofer_relay_mailbox_add_message:
 * @added: (nullable): called once subscribers have it
 *
 * Stores @message. Subscribers get it (the sender's connection as its
 * echo) once it is committed to the database, so a message a client has
 * seen echoed survives a crash of the relay; then @added is called.
 */
void
gofer_relay_mailbox_add_message (GoferRelayMailbox          *self,
                                 GoferRelayMessage          *message,
                                 GoferRelayMailboxAddedFunc  added,
                                 gpointer                    user_data)
{
  g_return_if_fail (GOFER_RELAY_IS_MAILBOX (self));
  g_return_if_fail (message != NULL);

  g_ptr_array_add (self->messages, gofer_relay_message_ref (message));
  self->n_bytes += message->cost;
  gofer_relay_mailbox_touch (self, message->server_rx);
  if (self->store != NULL && !self->deleted)
    {
      Pending *pending = g_new0 (Pending, 1);

      pending->mailbox = g_object_ref (self);
      pending->message = gofer_relay_message_ref (message);
      pending->added = added;
      pending->user_data = user_data;
      gofer_relay_store_add_message (self->store, self->app_id, self->id, message->side,
                                     message->phase, message->body, message->msg_id,
                                     message->server_rx, message->address,
                                     message_committed_cb, pending);
    }
  else
    mailbox_committed (self, message, added, user_data);
}

/**
 * gofer_relay_mailbox_attach_side:
 * @listener: the connection that listens now, for @side
 *
 * Notes that @listener, a connection of @side, now listens to the mailbox.
 *
 * Returns: (nullable): the connection of @side that listened longest, when
 *   more than %GOFER_RELAY_MAX_LISTENERS_PER_SIDE do now; the caller closes
 *   it (it has been detached)
 */
gpointer
gofer_relay_mailbox_attach_side (GoferRelayMailbox *self,
                                 const char        *side,
                                 gpointer           listener)
{
  GQueue *listeners;

  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX (self), NULL);

  if ((listeners = g_hash_table_lookup (self->live_sides, side)) == NULL)
    {
      listeners = g_queue_new ();
      g_hash_table_insert (self->live_sides, g_strdup (side), listeners);
    }
  g_queue_push_tail (listeners, listener);

  return listeners->length > GOFER_RELAY_MAX_LISTENERS_PER_SIDE ? g_queue_pop_head (listeners) : NULL;
}

void
gofer_relay_mailbox_detach_side (GoferRelayMailbox *self,
                                 const char        *side,
                                 gpointer           listener)
{
  GQueue *listeners;

  g_return_if_fail (GOFER_RELAY_IS_MAILBOX (self));

  if ((listeners = g_hash_table_lookup (self->live_sides, side)) == NULL)
    return;
  g_queue_remove (listeners, listener);
  if (g_queue_is_empty (listeners))
    g_hash_table_remove (self->live_sides, side);
}

gboolean
gofer_relay_mailbox_has_listeners (GoferRelayMailbox *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX (self), FALSE);

  return g_signal_has_handler_pending (self, signals[SIGNAL_MESSAGE], 0, FALSE);
}

/**
 * gofer_relay_mailbox_mark_deleted:
 *
 * Called once the namespace dropped this mailbox. Connections may still
 * hold it; what they do with it from now on is not saved.
 */
void
gofer_relay_mailbox_mark_deleted (GoferRelayMailbox *self)
{
  g_return_if_fail (GOFER_RELAY_IS_MAILBOX (self));

  self->deleted = TRUE;
}

gboolean
gofer_relay_mailbox_is_deleted (GoferRelayMailbox *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX (self), TRUE);

  return self->deleted;
}

const char *
gofer_relay_mailbox_get_creator (GoferRelayMailbox *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX (self), NULL);

  return self->creator;
}

void
gofer_relay_mailbox_set_creator (GoferRelayMailbox *self,
                                 const char        *address)
{
  g_return_if_fail (GOFER_RELAY_IS_MAILBOX (self));

  g_free (self->creator);
  self->creator = g_strdup (address);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/**
 * gofer_relay_mailbox_summarize:
 * @started: (out): when the first side arrived
 * @waiting_time: (out): seconds until the second side came, < 0 if none did
 *
 * Returns: the usage result, as the reference server computes it
 */
const char *
gofer_relay_mailbox_summarize (GoferRelayMailbox *self,
                               gboolean           pruned,
                               double            *started,
                               double            *waiting_time)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  const char *result;
  gboolean lonely = FALSE, errory = FALSE, scary = FALSE;

  for (guint i = 0; i < self->sides->len; i++)
    {
      MailboxSide *s = g_ptr_array_index (self->sides, i);

      g_array_append_val (times, s->added);
      lonely |= g_strcmp0 (s->mood, "lonely") == 0;
      errory |= g_strcmp0 (s->mood, "errory") == 0;
      scary |= g_strcmp0 (s->mood, "scary") == 0;
    }
  g_array_sort (times, compare_doubles);

  *started = times->len > 0 ? g_array_index (times, double, 0) : self->updated;
  *waiting_time = times->len > 1 ? g_array_index (times, double, 1) - *started : -1;

  result = times->len == 0 ? "quiet" : times->len == 1 ? "lonely" : "happy";
  result = lonely ? "lonely" : result;
  result = errory ? "errory" : result;
  result = scary ? "scary" : result;
  result = pruned ? "pruney" : result;

  return self->crowded ? "crowded" : result;
}

void
gofer_relay_mailbox_restore_side (GoferRelayMailbox *self,
                                  const char        *side,
                                  gboolean           opened,
                                  const char        *mood,
                                  double             added)
{
  MailboxSide *s = g_new0 (MailboxSide, 1);

  g_return_if_fail (GOFER_RELAY_IS_MAILBOX (self));

  s->side = g_strdup (side);
  s->mood = g_strdup (mood);
  s->opened = !!opened;
  s->added = added;
  g_ptr_array_add (self->sides, s);
}

void
gofer_relay_mailbox_restore_message (GoferRelayMailbox *self,
                                     GoferRelayMessage *message)
{
  g_return_if_fail (GOFER_RELAY_IS_MAILBOX (self));

  g_ptr_array_add (self->messages, gofer_relay_message_ref (message));
  self->n_bytes += message->cost;
  self->n_committed++;
  message_drop_body (self, message);
}

/**
 * gofer_relay_mailbox_dup_body:
 *
 * Returns: (transfer full) (nullable): the body of @message, read back
 *   from the store if it is no longer in memory; %NULL if that failed
 */
char *
gofer_relay_mailbox_dup_body (GoferRelayMailbox *self,
                              GoferRelayMessage *message)
{
  g_return_val_if_fail (GOFER_RELAY_IS_MAILBOX (self), NULL);

  if (message->body != NULL)
    return g_strdup (message->body);
  if (self->store == NULL || message->rowid <= 0)
    return NULL;

  return gofer_relay_store_read_body (self->store, message->rowid);
}
