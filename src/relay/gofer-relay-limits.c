/* gofer-relay-limits.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The operator's limits, the per-address counters behind some of them, and
 * the log line written when one trips. A flooding client could trip a limit
 * thousands of times a second, so each limit logs at most one line a second
 * and counts the lines it left out. Every thread (the connection threads,
 * the state and the transit relay in the main context) uses the one set of
 * counters, under a lock.
 */

#include "config.h"

#include "gofer-relay-limits.h"

#include <gio/gio.h>
#include <string.h>

#ifdef __GLIBC__
# include <malloc.h>
#endif

#define LOG_INTERVAL_USEC G_USEC_PER_SEC

typedef struct
{
  gint64 last_logged;
  guint  suppressed;
} TripLog;

struct _GoferRelayLimits
{
  GObject     parent_instance;

  GMutex      lock;        /* everything below, once running */
  guint64     values[GOFER_RELAY_N_LIMITS];
  GHashTable *counters[GOFER_RELAY_N_LIMITS];  /* address (group) → count */
  guint64     totals[GOFER_RELAY_N_LIMITS];    /* of every address */
  TripLog     trips[GOFER_RELAY_N_LIMITS];
  guint64     trim_peak;   /* most connections open since the last trim */
};

/* The limit on the total of a per-address count, if it has one. */
static const GoferRelayLimit global_limit[GOFER_RELAY_N_LIMITS] = {
  [GOFER_RELAY_LIMIT_CONNECTIONS_PER_ADDRESS] = GOFER_RELAY_LIMIT_CONNECTIONS,
  [GOFER_RELAY_LIMIT_MAILBOXES_PER_ADDRESS]   = GOFER_RELAY_LIMIT_MAILBOXES,
  [GOFER_RELAY_LIMIT_STORED_BYTES_PER_ADDRESS] = GOFER_RELAY_LIMIT_STORED_BYTES,
};

G_DEFINE_FINAL_TYPE (GoferRelayLimits, gofer_relay_limits, G_TYPE_OBJECT)

static const struct {
  const char *flag;
  guint64     fallback;
} limit_info[GOFER_RELAY_N_LIMITS] = {
  [GOFER_RELAY_LIMIT_CONNECTIONS_PER_ADDRESS] = { "--max-connections-per-address", 100 },
  [GOFER_RELAY_LIMIT_MESSAGE_SIZE]            = { "--max-message-size", 1024 * 1024 },
  [GOFER_RELAY_LIMIT_MAILBOXES_PER_ADDRESS]   = { "--max-mailboxes-per-address", 100 },
  [GOFER_RELAY_LIMIT_MESSAGES_PER_MAILBOX]    = { "--max-messages-per-mailbox", 100000 },
  [GOFER_RELAY_LIMIT_MAILBOX_BYTES]           = { "--max-mailbox-bytes", 8 * 1024 * 1024 },
  [GOFER_RELAY_LIMIT_UNSENT_PER_CONNECTION]   = { "--max-unsent-per-connection", 16 * 1024 * 1024 },
  [GOFER_RELAY_LIMIT_UNSENT_TOTAL]            = { "--max-unsent-total", 64 * 1024 * 1024 },
  [GOFER_RELAY_LIMIT_NAMEPLATES_LISTED]       = { "--max-nameplates-listed", 100 },
  [GOFER_RELAY_LIMIT_CONNECTIONS]             = { "--max-connections", 1000 },
  [GOFER_RELAY_LIMIT_MAILBOXES]               = { "--max-mailboxes", 10000 },
  [GOFER_RELAY_LIMIT_IPV6_PREFIX]             = { "--ipv6-prefix", 64 },
  [GOFER_RELAY_LIMIT_STORED_BYTES_PER_ADDRESS] = { "--max-stored-bytes-per-address", 16 * 1024 * 1024 },
  [GOFER_RELAY_LIMIT_STORED_BYTES]            = { "--max-stored-bytes", 64 * 1024 * 1024 },
  [GOFER_RELAY_LIMIT_INCOMING_TOTAL]          = { "--max-incoming-total", 64 * 1024 * 1024 },
  [GOFER_RELAY_LIMIT_TRANSIT_MAX_WAIT]        = { "--transit-max-wait", 1800 },
  [GOFER_RELAY_LIMIT_TRANSIT_IDLE_TIMEOUT]    = { "--transit-idle-timeout", 600 },
  [GOFER_RELAY_LIMIT_HANDSHAKE_TIMEOUT]       = { "--handshake-timeout", 10 },
};

static void
gofer_relay_limits_finalize (GObject *object)
{
  GoferRelayLimits *self = (GoferRelayLimits *)object;

  for (guint i = 0; i < GOFER_RELAY_N_LIMITS; i++)
    g_clear_pointer (&self->counters[i], g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (gofer_relay_limits_parent_class)->finalize (object);
}

static void
gofer_relay_limits_class_init (GoferRelayLimitsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gofer_relay_limits_finalize;
}

static void
gofer_relay_limits_init (GoferRelayLimits *self)
{
  g_mutex_init (&self->lock);
  for (guint i = 0; i < GOFER_RELAY_N_LIMITS; i++)
    {
      self->values[i] = limit_info[i].fallback;
      self->counters[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
}

GoferRelayLimits *
gofer_relay_limits_new (void)
{
  return g_object_new (GOFER_RELAY_TYPE_LIMITS, NULL);
}

/**
 * gofer_relay_limit_flag:
 *
 * Returns the command-line flag that sets @limit, for log lines and --help.
 */
const char *
gofer_relay_limit_flag (GoferRelayLimit limit)
{
  g_return_val_if_fail (limit < GOFER_RELAY_N_LIMITS, NULL);

  return limit_info[limit].flag;
}

guint64
gofer_relay_limit_default (GoferRelayLimit limit)
{
  g_return_val_if_fail (limit < GOFER_RELAY_N_LIMITS, 0);

  return limit_info[limit].fallback;
}

/**
 * gofer_relay_limits_set:
 * @value: the new limit; 0 means no limit
 */
void
gofer_relay_limits_set (GoferRelayLimits *self,
                        GoferRelayLimit   limit,
                        guint64           value)
{
  g_return_if_fail (GOFER_RELAY_IS_LIMITS (self));
  g_return_if_fail (limit < GOFER_RELAY_N_LIMITS);

  g_mutex_lock (&self->lock);
  self->values[limit] = value;
  g_mutex_unlock (&self->lock);
}

guint64
gofer_relay_limits_get (GoferRelayLimits *self,
                        GoferRelayLimit   limit)
{
  guint64 value;

  g_return_val_if_fail (GOFER_RELAY_IS_LIMITS (self), 0);
  g_return_val_if_fail (limit < GOFER_RELAY_N_LIMITS, 0);

  g_mutex_lock (&self->lock);
  value = self->values[limit];
  g_mutex_unlock (&self->lock);

  return value;
}

/* After a burst of connections is gone: glibc keeps what they freed in its
 * arenas, and the process would stay at its peak size. Run when the loop
 * is idle, after the closing connections are freed. */
static gboolean
trim_cb (gpointer user_data)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  return G_SOURCE_REMOVE;
}

/**
 * gofer_relay_trim_memory_soon:
 *
 * Gives freed memory back to the system once the calling thread's
 * thread-default main context has nothing more urgent to do (after the
 * objects of the connections that just went are freed).
 */
void
gofer_relay_trim_memory_soon (void)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_LOW);
  g_source_set_static_name (source, "[gofer-relay] trim");
  g_source_set_callback (source, trim_cb, NULL, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
}

/**
 * gofer_relay_limits_tripped:
 * @address: (nullable): the client's IP address
 * @what: what was refused, e.g. "refused a connection"
 *
 * Writes the log line for a limit that was hit. Never pass anything a
 * client sent (bodies, nameplates) in @what.
 */
static void
limits_tripped_locked (GoferRelayLimits *self,
                       GoferRelayLimit   limit,
                       const char       *address,
                       const char       *what)
{
  TripLog *trip;
  gint64 now = g_get_monotonic_time ();
  g_autofree char *suppressed = NULL;

  trip = &self->trips[limit];
  if (trip->last_logged != 0 && now - trip->last_logged < LOG_INTERVAL_USEC)
    {
      trip->suppressed++;
      return;
    }

  if (trip->suppressed > 0)
    suppressed = g_strdup_printf (" (%u more like this in the last second not logged)",
                                  trip->suppressed);
  g_message ("limit %s=%" G_GUINT64_FORMAT " reached: %s%s%s%s",
             limit_info[limit].flag, self->values[limit], what,
             address ? " from " : "", address ? address : "",
             suppressed ? suppressed : "");
  trip->last_logged = now;
  trip->suppressed = 0;
}

void
gofer_relay_limits_tripped (GoferRelayLimits *self,
                            GoferRelayLimit   limit,
                            const char       *address,
                            const char       *what)
{
  g_return_if_fail (GOFER_RELAY_IS_LIMITS (self));
  g_return_if_fail (limit < GOFER_RELAY_N_LIMITS);

  g_mutex_lock (&self->lock);
  limits_tripped_locked (self, limit, address, what);
  g_mutex_unlock (&self->lock);
}

/* The key an address counts under: IPv4 addresses alone, IPv6 addresses
 * by their first --ipv6-prefix bits (one customer usually gets a whole
 * /64, and picks addresses in it at will). */
static char *
address_group (GoferRelayLimits *self,
               const char       *address)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GInetAddress) masked = NULL;
  g_autofree char *text = NULL;
  guint64 prefix = self->values[GOFER_RELAY_LIMIT_IPV6_PREFIX];
  guint8 bytes[16];

  if (inet == NULL || g_inet_address_get_family (inet) != G_SOCKET_FAMILY_IPV6 ||
      prefix == 0 || prefix >= 128)
    return g_strdup (address);

  memcpy (bytes, g_inet_address_to_bytes (inet), sizeof bytes);
  for (guint bit = (guint)prefix; bit < 128; bit++)
    bytes[bit / 8] &= ~(0x80 >> (bit % 8));
  masked = g_inet_address_new_from_bytes (bytes, G_SOCKET_FAMILY_IPV6);
  text = g_inet_address_to_string (masked);

  return g_strdup_printf ("%s/%u", text, (guint)prefix);
}

/**
 * gofer_relay_limits_address_group:
 *
 * Returns: (transfer full): the key @address counts under in the
 *   per-address limits (for counters kept elsewhere, such as in Redis)
 */
char *
gofer_relay_limits_address_group (GoferRelayLimits *self,
                                  const char       *address)
{
  g_return_val_if_fail (GOFER_RELAY_IS_LIMITS (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  return address_group (self, address);
}

guint
gofer_relay_limits_count (GoferRelayLimits *self,
                          GoferRelayLimit   limit,
                          const char       *address)
{
  g_autofree char *group = NULL;
  gsize count;

  g_return_val_if_fail (GOFER_RELAY_IS_LIMITS (self), 0);
  g_return_val_if_fail (limit < GOFER_RELAY_N_LIMITS, 0);
  g_return_val_if_fail (address != NULL, 0);

  g_mutex_lock (&self->lock);
  group = address_group (self, address);
  count = GPOINTER_TO_SIZE (g_hash_table_lookup (self->counters[limit], group));
  g_mutex_unlock (&self->lock);

  return (guint)MIN (count, G_MAXUINT);
}

/**
 * gofer_relay_limits_total:
 *
 * Returns: the count of a per-address limit over every address
 */
guint64
gofer_relay_limits_total (GoferRelayLimits *self,
                          GoferRelayLimit   limit)
{
  guint64 total;

  g_return_val_if_fail (GOFER_RELAY_IS_LIMITS (self), 0);
  g_return_val_if_fail (limit < GOFER_RELAY_N_LIMITS, 0);

  g_mutex_lock (&self->lock);
  total = self->totals[limit];
  g_mutex_unlock (&self->lock);

  return total;
}

/**
 * gofer_relay_limits_acquire_n:
 * @n: how much more (bytes, for the stored-bytes limits)
 * @what: logged when the limit trips, e.g. "refused a connection"
 *
 * Counts @n more of a per-address limit (IPv6 addresses count by
 * --ipv6-prefix). Returns %FALSE, and logs, when that would take @address,
 * or every address together (--max-connections, --max-mailboxes,
 * --max-stored-bytes), past the limit; otherwise the caller must call
 * gofer_relay_limits_release_n() with the same @n once the use is over.
 */
gboolean
gofer_relay_limits_acquire_n (GoferRelayLimits *self,
                              GoferRelayLimit   limit,
                              const char       *address,
                              guint64           n,
                              const char       *what)
{
  g_autofree char *group = NULL;
  GoferRelayLimit global;
  gsize count;

  g_return_val_if_fail (GOFER_RELAY_IS_LIMITS (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  g_mutex_lock (&self->lock);
  group = address_group (self, address);
  count = GPOINTER_TO_SIZE (g_hash_table_lookup (self->counters[limit], group));
  global = global_limit[limit];
  if (self->values[limit] != 0 && (n > self->values[limit] || count > self->values[limit] - n))
    {
      limits_tripped_locked (self, limit, address, what);
      g_mutex_unlock (&self->lock);
      return FALSE;
    }
  if (global != 0 && self->values[global] != 0 &&
      (n > self->values[global] || self->totals[limit] > self->values[global] - n))
    {
      limits_tripped_locked (self, global, address, what);
      g_mutex_unlock (&self->lock);
      return FALSE;
    }

  g_hash_table_insert (self->counters[limit], g_steal_pointer (&group), GSIZE_TO_POINTER (count + n));
  self->totals[limit] += n;
  if (limit == GOFER_RELAY_LIMIT_CONNECTIONS_PER_ADDRESS)
    self->trim_peak = MAX (self->trim_peak, self->totals[limit]);
  g_mutex_unlock (&self->lock);

  return TRUE;
}

gboolean
gofer_relay_limits_acquire (GoferRelayLimits *self,
                            GoferRelayLimit   limit,
                            const char       *address,
                            const char       *what)
{
  return gofer_relay_limits_acquire_n (self, limit, address, 1, what);
}

void
gofer_relay_limits_release_n (GoferRelayLimits *self,
                              GoferRelayLimit   limit,
                              const char       *address,
                              guint64           n)
{
  g_autofree char *group = NULL;
  gboolean trim = FALSE;
  gsize count;

  g_return_if_fail (GOFER_RELAY_IS_LIMITS (self));
  g_return_if_fail (address != NULL);

  g_mutex_lock (&self->lock);
  group = address_group (self, address);
  count = GPOINTER_TO_SIZE (g_hash_table_lookup (self->counters[limit], group));
  if (count < n || self->totals[limit] < n)
    {
      g_mutex_unlock (&self->lock);
      g_return_if_fail (count >= n && self->totals[limit] >= n);
      return;
    }

  if (count == n)
    g_hash_table_remove (self->counters[limit], group);
  else
    g_hash_table_insert (self->counters[limit], g_steal_pointer (&group), GSIZE_TO_POINTER (count - n));
  self->totals[limit] -= n;
  if (limit == GOFER_RELAY_LIMIT_CONNECTIONS_PER_ADDRESS && self->trim_peak > 0 &&
      (self->totals[limit] == 0 ||
       (self->trim_peak >= GOFER_RELAY_TRIM_MIN_PEAK && self->totals[limit] <= self->trim_peak / 2)))
    {
      self->trim_peak = self->totals[limit];
      trim = TRUE;
    }
  g_mutex_unlock (&self->lock);

  /* The connection threads trim after their own connections too
   * (GoferRelayWorker): they free them after letting go of the count. */
  if (trim)
    gofer_relay_trim_memory_soon ();
}

void
gofer_relay_limits_release (GoferRelayLimits *self,
                            GoferRelayLimit   limit,
                            const char       *address)
{
  gofer_relay_limits_release_n (self, limit, address, 1);
}

/**
 * gofer_relay_limits_add_timeout:
 * @limit: a limit counted in seconds
 *
 * Calls @function once, with @data, when the time @limit allows has passed,
 * in the calling thread's thread-default main context. To the
 * millisecond: GLib's whole-second timers may fire a quarter of a second
 * early, which matters for short handshake timeouts.
 *
 * Returns: (transfer full) (nullable): the attached source (destroy it to
 *   cancel), or %NULL when the limit is off
 */
GSource *
gofer_relay_limits_add_timeout (GoferRelayLimits *self,
                                GoferRelayLimit   limit,
                                GSourceFunc       function,
                                gpointer          data)
{
  guint64 seconds = gofer_relay_limits_get (self, limit);
  GSource *source;

  if (seconds == 0)
    return NULL;

  source = g_timeout_source_new ((guint)MIN (seconds, G_MAXUINT / 1000) * 1000);
  g_source_set_static_name (source, "[gofer-relay] limit timeout");
  g_source_set_callback (source, function, data, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());

  return source;
}
