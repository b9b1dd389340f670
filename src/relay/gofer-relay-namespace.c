/* gofer-relay-namespace.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One application id's nameplates and mailboxes, and the rules that tie
 * them together: allocation, claim and release of nameplates, opening and
 * closing of mailboxes, crowding, and expiry. Behaves like the reference
 * server (python3-magic-wormhole-mailbox-server 0.4.1) except where
 * docs/relay.md lists a deliberate difference: a third side is refused
 * without being recorded, so it cannot lock the two real sides out, and
 * nameplates whose mailbox is gone are expired too.
 */

#include "config.h"

#include "gofer-relay-namespace.h"

#include <string.h>

#include "gofer-relay-error.h"

#ifdef __linux__
# include <sys/random.h>
#endif

typedef struct
{
  char     *side;
  double    added;
  gboolean  claimed;
} NameplateSide;

typedef struct
{
  char      *name;
  char      *mailbox_id;
  GPtrArray *sides;     /* NameplateSide */
  gboolean   crowded;
} Nameplate;

struct _GoferRelayNamespace
{
  GObject           parent_instance;

  char             *app_id;
  GoferRelayStore  *store;
  GoferRelayUsage  *usage;
  GoferRelayLimits *limits;
  GHashTable       *nameplates;  /* name → Nameplate */
  GHashTable       *mailboxes;   /* id → GoferRelayMailbox */
};

G_DEFINE_FINAL_TYPE (GoferRelayNamespace, gofer_relay_namespace, G_TYPE_OBJECT)

static void
nameplate_side_free (NameplateSide *side)
{
  g_free (side->side);
  g_free (side);
}

static void
nameplate_free (Nameplate *nameplate)
{
  g_free (nameplate->name);
  g_free (nameplate->mailbox_id);
  g_ptr_array_unref (nameplate->sides);
  g_free (nameplate);
}

static void
gofer_relay_namespace_finalize (GObject *object)
{
  GoferRelayNamespace *self = (GoferRelayNamespace *)object;

  g_clear_pointer (&self->nameplates, g_hash_table_unref);
  g_clear_pointer (&self->mailboxes, g_hash_table_unref);
  g_clear_pointer (&self->app_id, g_free);
  g_clear_object (&self->store);
  g_clear_object (&self->usage);
  g_clear_object (&self->limits);

  G_OBJECT_CLASS (gofer_relay_namespace_parent_class)->finalize (object);
}

static void
gofer_relay_namespace_class_init (GoferRelayNamespaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gofer_relay_namespace_finalize;
}

static void
gofer_relay_namespace_init (GoferRelayNamespace *self)
{
  self->nameplates = g_hash_table_new_full (g_str_hash, g_str_equal,
                                            NULL, (GDestroyNotify)nameplate_free);
  self->mailboxes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/**
 * gofer_relay_namespace_new:
 * @store: (nullable): where changes are saved
 * @usage: (nullable): where finished channels are summarized
 */
GoferRelayNamespace *
gofer_relay_namespace_new (const char       *app_id,
                           GoferRelayStore  *store,
                           GoferRelayUsage  *usage,
                           GoferRelayLimits *limits)
{
  GoferRelayNamespace *self = g_object_new (GOFER_RELAY_TYPE_NAMESPACE, NULL);

  self->app_id = g_strdup (app_id);
  self->store = store ? g_object_ref (store) : NULL;
  self->usage = usage ? g_object_ref (usage) : NULL;
  self->limits = g_object_ref (limits);

  return self;
}

const char *
gofer_relay_namespace_get_app_id (GoferRelayNamespace *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_NAMESPACE (self), NULL);

  return self->app_id;
}

gboolean
gofer_relay_namespace_is_empty (GoferRelayNamespace *self)
{
  g_return_val_if_fail (GOFER_RELAY_IS_NAMESPACE (self), TRUE);

  return g_hash_table_size (self->nameplates) == 0 && g_hash_table_size (self->mailboxes) == 0;
}

/* Mailbox ids must not be guessable: 64 random bits from the kernel, in
 * lowercase base32 (13 characters), the reference server's format. */
static char *
generate_mailbox_id (void)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  guint64 bits = 0;
  char id[14];

#ifdef __linux__
  if (getrandom (&bits, sizeof bits, 0) != sizeof bits)
#endif
    bits = ((guint64)g_random_int () << 32) | g_random_int ();

  /* 13 characters of 5 bits hold 65 bits: the last one carries 4. */
  for (int i = 0; i < 13; i++)
    id[i] = alphabet[i < 12 ? (bits >> (59 - 5 * i)) & 31 : (bits & 15) << 1];
  id[13] = '\0';

  return g_strdup (id);
}

static Nameplate *
nameplate_add (GoferRelayNamespace *self,
               const char          *name,
               const char          *mailbox_id)
{
  Nameplate *nameplate = g_new0 (Nameplate, 1);

  nameplate->name = g_strdup (name);
  nameplate->mailbox_id = g_strdup (mailbox_id);
  nameplate->sides = g_ptr_array_new_with_free_func ((GDestroyNotify)nameplate_side_free);
  g_hash_table_insert (self->nameplates, nameplate->name, nameplate);

  return nameplate;
}

static NameplateSide *
nameplate_find_side (Nameplate  *nameplate,
                     const char *side)
{
  for (guint i = 0; i < nameplate->sides->len; i++)
    {
      NameplateSide *s = g_ptr_array_index (nameplate->sides, i);

      if (g_strcmp0 (s->side, side) == 0)
        return s;
    }

  return NULL;
}

static NameplateSide *
nameplate_add_side (Nameplate  *nameplate,
                    const char *side,
                    gboolean    claimed,
                    double      added)
{
  NameplateSide *s = g_new0 (NameplateSide, 1);

  s->side = g_strdup (side);
  s->claimed = !!claimed;
  s->added = added;
  g_ptr_array_add (nameplate->sides, s);

  return s;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static void
summarize_nameplate (GoferRelayNamespace *self,
                     Nameplate           *nameplate,
                     double               now,
                     gboolean             pruned)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  const char *result;
  double started;

  for (guint i = 0; i < nameplate->sides->len; i++)
    g_array_append_val (times, ((NameplateSide *)g_ptr_array_index (nameplate->sides, i))->added);
  g_array_sort (times, compare_doubles);
  started = times->len > 0 ? g_array_index (times, double, 0) : now;

  result = times->len >= 2 ? "happy" : "lonely";
  result = pruned ? "pruney" : result;
  result = nameplate->crowded ? "crowded" : result;
  gofer_relay_usage_record_channel (self->usage, "nameplate", self->app_id, started,
                                    times->len >= 2 ? g_array_index (times, double, 1) - started : -1,
                                    now - started, result);
}

static void
delete_nameplate (GoferRelayNamespace *self,
                  Nameplate           *nameplate,
                  double               now,
                  gboolean             pruned)
{
  summarize_nameplate (self, nameplate, now, pruned);
  if (self->store != NULL)
    gofer_relay_store_delete_nameplate (self->store, self->app_id, nameplate->name);
  g_hash_table_remove (self->nameplates, nameplate->name);
}

static void
delete_mailbox (GoferRelayNamespace *self,
                GoferRelayMailbox   *mailbox,
                double               now,
                gboolean             pruned)
{
  g_autoptr(GoferRelayMailbox) hold = g_object_ref (mailbox);
  const char *creator = gofer_relay_mailbox_get_creator (mailbox);
  const char *result;
  double started, waiting_time;

  result = gofer_relay_mailbox_summarize (mailbox, pruned, &started, &waiting_time);
  gofer_relay_usage_record_channel (self->usage, "mailbox", self->app_id, started,
                                    waiting_time, now - started, result);
  if (creator != NULL)
    gofer_relay_limits_release (self->limits, GOFER_RELAY_LIMIT_MAILBOXES_PER_ADDRESS, creator);
  for (guint i = 0; i < gofer_relay_mailbox_get_n_messages (mailbox); i++)
    {
      GoferRelayMessage *message = g_ptr_array_index (gofer_relay_mailbox_get_messages (mailbox), i);

      if (message->address != NULL)
        gofer_relay_limits_release_n (self->limits, GOFER_RELAY_LIMIT_STORED_BYTES_PER_ADDRESS,
                                      message->address, message->cost);
    }
  if (self->store != NULL)
    gofer_relay_store_delete_mailbox (self->store, self->app_id,
                                      gofer_relay_mailbox_get_id (mailbox));
  gofer_relay_mailbox_mark_deleted (mailbox);
  g_hash_table_remove (self->mailboxes, gofer_relay_mailbox_get_id (mailbox));
}

static GoferRelayMailbox *
create_mailbox (GoferRelayNamespace  *self,
                const char           *mailbox_id,
                gboolean              for_nameplate,
                double                when,
                const char           *address,
                GError              **error)
{
  GoferRelayMailbox *mailbox;

  if (address != NULL &&
      !gofer_relay_limits_acquire (self->limits, GOFER_RELAY_LIMIT_MAILBOXES_PER_ADDRESS,
                                   address, "refused to create a mailbox"))
    {
      g_set_error_literal (error, GOFER_RELAY_ERROR, GOFER_RELAY_ERROR_LIMIT,
                           "too many mailboxes from your address");
      return NULL;
    }

  mailbox = gofer_relay_namespace_restore_mailbox (self, mailbox_id, for_nameplate, when);
  gofer_relay_mailbox_set_creator (mailbox, address);
  if (self->store != NULL)
    gofer_relay_store_add_mailbox (self->store, self->app_id, mailbox_id, for_nameplate, when,
                                   address);

  return mailbox;
}

static void
set_crowded_error (GError **error)
{
  g_set_error_literal (error, GOFER_RELAY_ERROR, GOFER_RELAY_ERROR_CROWDED, "crowded");
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

/**
 * gofer_relay_namespace_list_nameplates:
 *
 * Returns: (transfer full): the names of all nameplates, sorted as strings
 */
char **
gofer_relay_namespace_list_nameplates (GoferRelayNamespace *self)
{
  g_autofree char **names = NULL;
  guint n;

  g_return_val_if_fail (GOFER_RELAY_IS_NAMESPACE (self), NULL);

  names = (char **)g_hash_table_get_keys_as_array (self->nameplates, &n);
  qsort (names, n, sizeof (char *), compare_strings);

  return g_strdupv (names);
}

static char *
find_free_nameplate (GoferRelayNamespace *self)
{
  /* Like the reference: the shortest length with a free number, a random
   * pick among those, and random six-digit tries once 1–999 are taken. */
  for (int lo = 1; lo < 1000; lo *= 10)
    {
      g_autoptr(GArray) free_ids = g_array_new (FALSE, FALSE, sizeof (int));

      for (int i = lo; i < lo * 10; i++)
        {
          char name[8];

          g_snprintf (name, sizeof name, "%d", i);
          if (!g_hash_table_contains (self->nameplates, name))
            g_array_append_val (free_ids, i);
        }
      if (free_ids->len > 0)
        return g_strdup_printf ("%d", g_array_index (free_ids, int,
                                                     g_random_int_range (0, free_ids->len)));
    }

  for (int tries = 0; tries < 1000; tries++)
    {
      g_autofree char *name = g_strdup_printf ("%d", g_random_int_range (1000, 1000000));

      if (!g_hash_table_contains (self->nameplates, name))
        return g_steal_pointer (&name);
    }

  return NULL;
}

/**
 * gofer_relay_namespace_allocate:
 *
 * Picks a free nameplate and claims it for @side.
 *
 * Returns: (transfer full): the nameplate, or %NULL with @error set
 */
char *
gofer_relay_namespace_allocate (GoferRelayNamespace  *self,
                                const char           *side,
                                double                when,
                                const char           *address,
                                GError              **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (GOFER_RELAY_IS_NAMESPACE (self), NULL);

  if ((name = find_free_nameplate (self)) == NULL)
    {
      g_set_error_literal (error, GOFER_RELAY_ERROR, GOFER_RELAY_ERROR_LIMIT,
                           "unable to find a free nameplate-id");
      return NULL;
    }
  if (gofer_relay_namespace_claim (self, name, side, when, address, error) == NULL)
    return NULL;

  return g_steal_pointer (&name);
}

/* Every check of a claim, before anything changes. */
static gboolean
check_claim (GoferRelayNamespace  *self,
             Nameplate            *nameplate,
             const char           *side,
             GError              **error)
{
  NameplateSide *s = nameplate_find_side (nameplate, side);
  GoferRelayMailbox *mailbox = g_hash_table_lookup (self->mailboxes, nameplate->mailbox_id);

  if (s != NULL && !s->claimed)
    {
      g_set_error_literal (error, GOFER_RELAY_ERROR, GOFER_RELAY_ERROR_RECLAIMED, "reclaimed");
      return FALSE;
    }
  if ((s == NULL && nameplate->sides->len >= 2) ||
      (mailbox != NULL && gofer_relay_mailbox_would_crowd (mailbox, side)))
    {
      nameplate->crowded = TRUE;
      if (mailbox != NULL)
        gofer_relay_mailbox_mark_crowded (mailbox);
      set_crowded_error (error);
      return FALSE;
    }

  return TRUE;
}

/**
 * gofer_relay_namespace_claim:
 *
 * Claims nameplate @name for @side (creating it, with a new mailbox, if it
 * does not exist) and opens its mailbox for @side.
 *
 * Returns: (transfer none): the mailbox id, or %NULL with @error set
 */
const char *
gofer_relay_namespace_claim (GoferRelayNamespace  *self,
                             const char           *name,
                             const char           *side,
                             double                when,
                             const char           *address,
                             GError              **error)
{
  Nameplate *nameplate;
  GoferRelayMailbox *mailbox;

  g_return_val_if_fail (GOFER_RELAY_IS_NAMESPACE (self), NULL);

  if ((nameplate = g_hash_table_lookup (self->nameplates, name)) != NULL)
    {
      if (!check_claim (self, nameplate, side, error))
        return NULL;
    }
  else
    {
      g_autofree char *mailbox_id = generate_mailbox_id ();

      if (create_mailbox (self, mailbox_id, TRUE, when, address, error) == NULL)
        return NULL;
      nameplate = nameplate_add (self, name, mailbox_id);
      if (self->store != NULL)
        gofer_relay_store_add_nameplate (self->store, self->app_id, name, mailbox_id);
    }

  if (nameplate_find_side (nameplate, side) == NULL)
    {
      nameplate_add_side (nameplate, side, TRUE, when);
      if (self->store != NULL)
        gofer_relay_store_set_nameplate_side (self->store, self->app_id, name, side, TRUE, when);
    }

  /* The mailbox is gone if both sides closed it without releasing the
   * nameplate; like the reference, open a fresh one with the same id. */
  if (gofer_relay_namespace_open (self, nameplate->mailbox_id, side, when, address, error) == NULL)
    return NULL;

  mailbox = g_hash_table_lookup (self->mailboxes, nameplate->mailbox_id);
  return gofer_relay_mailbox_get_id (mailbox);
}

/**
 * gofer_relay_namespace_release:
 *
 * Drops @side's claim on @name; the nameplate is deleted (its mailbox
 * lives on) once nobody claims it. Unknown names and sides are ignored.
 */
void
gofer_relay_namespace_release (GoferRelayNamespace *self,
                               const char          *name,
                               const char          *side,
                               double               when)
{
  Nameplate *nameplate;
  NameplateSide *s;

  g_return_if_fail (GOFER_RELAY_IS_NAMESPACE (self));

  if ((nameplate = g_hash_table_lookup (self->nameplates, name)) == NULL ||
      (s = nameplate_find_side (nameplate, side)) == NULL)
    return;

  s->claimed = FALSE;
  if (self->store != NULL)
    gofer_relay_store_set_nameplate_side (self->store, self->app_id, name, side, FALSE, s->added);

  for (guint i = 0; i < nameplate->sides->len; i++)
    if (((NameplateSide *)g_ptr_array_index (nameplate->sides, i))->claimed)
      return;

  delete_nameplate (self, nameplate, when, FALSE);
}

/**
 * gofer_relay_namespace_open:
 *
 * Opens mailbox @mailbox_id for @side, creating it if needed.
 *
 * Returns: (transfer none): the mailbox, or %NULL with @error set
 */
GoferRelayMailbox *
gofer_relay_namespace_open (GoferRelayNamespace  *self,
                            const char           *mailbox_id,
                            const char           *side,
                            double                when,
                            const char           *address,
                            GError              **error)
{
  GoferRelayMailbox *mailbox;

  g_return_val_if_fail (GOFER_RELAY_IS_NAMESPACE (self), NULL);

  mailbox = g_hash_table_lookup (self->mailboxes, mailbox_id);
  if (mailbox != NULL && gofer_relay_mailbox_would_crowd (mailbox, side))
    {
      gofer_relay_mailbox_mark_crowded (mailbox);
      set_crowded_error (error);
      return NULL;
    }
  if (mailbox == NULL &&
      (mailbox = create_mailbox (self, mailbox_id, FALSE, when, address, error)) == NULL)
    return NULL;

  gofer_relay_mailbox_open_side (mailbox, side, when);

  return mailbox;
}

/**
 * gofer_relay_namespace_close:
 *
 * Closes @mailbox for @side; when no side has it open any more it is
 * deleted with its messages.
 */
void
gofer_relay_namespace_close (GoferRelayNamespace *self,
                             GoferRelayMailbox   *mailbox,
                             const char          *side,
                             const char          *mood,
                             double               when)
{
  g_return_if_fail (GOFER_RELAY_IS_NAMESPACE (self));
  g_return_if_fail (GOFER_RELAY_IS_MAILBOX (mailbox));

  if (gofer_relay_mailbox_is_deleted (mailbox))
    return;
  if (gofer_relay_mailbox_close_side (mailbox, side, mood, when))
    delete_mailbox (self, mailbox, when, FALSE);
}

/**
 * gofer_relay_namespace_prune:
 * @now: the current time
 * @old: mailboxes not touched since then are deleted
 *
 * Expires idle channels. A mailbox with a subscribed connection counts as
 * touched now. Nameplates go with their mailbox, or when their mailbox no
 * longer exists.
 *
 * Returns: %TRUE if the namespace is now empty
 */
gboolean
gofer_relay_namespace_prune (GoferRelayNamespace *self,
                             double               now,
                             double               old)
{
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) doomed_names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (GOFER_RELAY_IS_NAMESPACE (self), TRUE);

  g_hash_table_iter_init (&iter, self->mailboxes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (gofer_relay_mailbox_has_listeners (value))
        gofer_relay_mailbox_touch (value, now);
      else if (gofer_relay_mailbox_get_updated (value) <= old)
        g_ptr_array_add (doomed, g_object_ref (value));
    }

  g_hash_table_iter_init (&iter, self->nameplates);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Nameplate *nameplate = value;
      GoferRelayMailbox *mailbox = g_hash_table_lookup (self->mailboxes, nameplate->mailbox_id);

      if (mailbox == NULL || g_ptr_array_find (doomed, mailbox, NULL))
        g_ptr_array_add (doomed_names, nameplate);
    }

  for (guint i = 0; i < doomed_names->len; i++)
    delete_nameplate (self, g_ptr_array_index (doomed_names, i), now, TRUE);
  for (guint i = 0; i < doomed->len; i++)
    delete_mailbox (self, g_ptr_array_index (doomed, i), now, TRUE);

  if (doomed->len + doomed_names->len > 0)
    g_debug ("expired %u mailboxes and %u nameplates of one application",
             doomed->len, doomed_names->len);

  return gofer_relay_namespace_is_empty (self);
}

GoferRelayMailbox *
gofer_relay_namespace_restore_mailbox (GoferRelayNamespace *self,
                                       const char          *mailbox_id,
                                       gboolean             for_nameplate,
                                       double               updated)
{
  GoferRelayMailbox *mailbox;

  g_return_val_if_fail (GOFER_RELAY_IS_NAMESPACE (self), NULL);

  mailbox = gofer_relay_mailbox_new (self->store, self->app_id, mailbox_id, for_nameplate, updated);
  g_hash_table_insert (self->mailboxes, g_strdup (mailbox_id), mailbox);

  return mailbox;
}

GoferRelayMailbox *
gofer_relay_namespace_lookup_mailbox (GoferRelayNamespace *self,
                                      const char          *mailbox_id)
{
  g_return_val_if_fail (GOFER_RELAY_IS_NAMESPACE (self), NULL);

  return g_hash_table_lookup (self->mailboxes, mailbox_id);
}

void
gofer_relay_namespace_restore_nameplate (GoferRelayNamespace *self,
                                         const char          *name,
                                         const char          *mailbox_id)
{
  g_return_if_fail (GOFER_RELAY_IS_NAMESPACE (self));

  if (!g_hash_table_contains (self->nameplates, name))
    nameplate_add (self, name, mailbox_id);
}

/* Returns FALSE if there is no such nameplate, or it has that side or two
 * others already. */
gboolean
gofer_relay_namespace_restore_claim (GoferRelayNamespace *self,
                                     const char          *name,
                                     const char          *side,
                                     gboolean             claimed,
                                     double               added)
{
  Nameplate *nameplate;

  g_return_val_if_fail (GOFER_RELAY_IS_NAMESPACE (self), FALSE);

  if ((nameplate = g_hash_table_lookup (self->nameplates, name)) == NULL ||
      nameplate_find_side (nameplate, side) != NULL || nameplate->sides->len >= 2)
    return FALSE;
  nameplate_add_side (nameplate, side, claimed, added);
  return TRUE;
}

/**
 * gofer_relay_namespace_forget_mailbox:
 *
 * Deletes a mailbox restored from the database that did not come back
 * whole (see gofer_relay_mailbox_server_load()), with its nameplates.
 */
void
gofer_relay_namespace_forget_mailbox (GoferRelayNamespace *self,
                                      const char          *mailbox_id)
{
  GoferRelayMailbox *mailbox;
  GHashTableIter iter;
  gpointer value;
  double now = g_get_real_time () / (double)G_USEC_PER_SEC;

  g_return_if_fail (GOFER_RELAY_IS_NAMESPACE (self));

  if ((mailbox = g_hash_table_lookup (self->mailboxes, mailbox_id)) == NULL)
    return;
  g_hash_table_iter_init (&iter, self->nameplates);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Nameplate *nameplate = value;

      if (g_strcmp0 (nameplate->mailbox_id, mailbox_id) == 0)
        {
          if (self->store != NULL)
            gofer_relay_store_delete_nameplate (self->store, self->app_id, nameplate->name);
          g_hash_table_iter_remove (&iter);
        }
    }
  delete_mailbox (self, mailbox, now, TRUE);
}
