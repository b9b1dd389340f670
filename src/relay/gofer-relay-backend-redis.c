/* gofer-relay-backend-redis.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A backend that keeps the mailbox state in Redis, so that several
 * gofer-relay processes (behind one name) serve the same clients: the two
 * sides of a wormhole may reach different processes. Built with
 * -Drelay_redis (auto); gofer-relay --redis ADDRESS uses it.
 *
 * Each operation is one Lua script, which Redis runs atomically: the rules
 * of GoferRelayNamespace and GoferRelayMailbox (crowding, reclaiming,
 * closing, deleting) are repeated in them. Keys, per application id
 * ("{app}" is a hash tag, so that one application's keys stay together):
 *
 *   gofer:{app}:np             hash  nameplate → mailbox id
 *   gofer:{app}:nps:NAME       hash  side → "CLAIMED:ADDED" (1 or 0)
 *   gofer:{app}:npc            set   nameplates that were crowded
 *   gofer:{app}:mb             hash  mailbox id → last touched
 *   gofer:{app}:mbs:ID         hash  side → "OPENED|ADDED|MOOD"
 *   gofer:{app}:mbi:ID         hash  creator, n, bytes, crowded
 *   gofer:{app}:msg:ID         stream of messages (side, phase, body, id, rx)
 *   gofer:{app}:ch:ID          pub/sub channel: every message added
 *   gofer:apps                 set   application ids, for expiry
 *
 * A message is sent on (to its sender as the echo, too) once Redis has it:
 * what a client saw echoed survives a crash of any gofer-relay process,
 * and with Redis's append-only file a crash of Redis. Each process listens
 * to the channels of the applications its clients bound to (one pattern
 * subscription per application) and delivers to its own connections.
 *
 * The per-address limits on mailboxes and stored bytes (and their totals)
 * are counted in Redis, by the scripts that create and delete mailboxes
 * and add messages, so spreading over processes does not get round them.
 *
 * Not yet done: a side is limited to two connections per process rather
 * than in all, connections per address count per process, a lost
 * connection to Redis is not re-established, and every process receives
 * every message of an application (one subscription per mailbox would
 * scale further).
 */

#include "config.h"

#include "gofer-relay-backend-redis.h"

#include <hiredis/hiredis.h>
#include <hiredis/async.h>
#include <hiredis/adapters/glib.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "gofer-relay-error.h"

#ifdef __linux__
# include <sys/random.h>
#endif

#define MAX_SIDES_LISTENING 2

/* Shared by every script: the rules of GoferRelayNamespace. The last four
 * ARGV of every script are the limits counted across all processes
 * (run_script() adds them): mailboxes per address and in all, stored bytes
 * per address and in all (0: none). Their counters are the hashes
 * gofer:addr:mailboxes and gofer:addr:bytes (address → count, "" → the
 * total), outside the applications' hash tags: one Redis (or a proxy in
 * front of a cluster) holds them. */
#define LUA_PRELUDE \
  "local P = ARGV[1]\n" \
  "local NARGS = #ARGV - 4\n" \
  "local MAX_MB_ADDR, MAX_MB = tonumber(ARGV[NARGS + 1]), tonumber(ARGV[NARGS + 2])\n" \
  "local MAX_BYTES_ADDR, MAX_BYTES = tonumber(ARGV[NARGS + 3]), tonumber(ARGV[NARGS + 4])\n" \
  "local AMB, ABYTES = 'gofer:addr:mailboxes', 'gofer:addr:bytes'\n" \
  "local function count(k, field) return tonumber(redis.call('HGET', k, field) or '0') end\n" \
  "local function uncount(k, field, n)\n" \
  "  if redis.call('HINCRBY', k, field, -n) <= 0 then redis.call('HDEL', k, field) end\n" \
  "end\n" \
  "local function mb_exists(id) return redis.call('HEXISTS', P .. 'mb', id) == 1 end\n" \
  "local function would_crowd(id, side)\n" \
  "  local k = P .. 'mbs:' .. id\n" \
  "  return redis.call('HEXISTS', k, side) == 0 and redis.call('HLEN', k) >= 2\n" \
  "end\n" \
  "local function create_mailbox(id, when, addr)\n" \
  "  if addr ~= '' then\n" \
  "    if (MAX_MB_ADDR > 0 and count(AMB, addr) >= MAX_MB_ADDR) or\n" \
  "       (MAX_MB > 0 and count(AMB, '') >= MAX_MB) then\n" \
  "      return 'too many mailboxes from your address'\n" \
  "    end\n" \
  "    redis.call('HINCRBY', AMB, addr, 1)\n" \
  "    redis.call('HINCRBY', AMB, '', 1)\n" \
  "  end\n" \
  "  redis.call('HSET', P .. 'mb', id, when)\n" \
  "  redis.call('HSET', P .. 'mbi:' .. id, 'creator', addr, 'n', '0', 'bytes', '0', 'crowded', '0')\n" \
  "  return nil\n" \
  "end\n" \
  "local function open_side(id, side, when, addr)\n" \
  "  if mb_exists(id) then\n" \
  "    if would_crowd(id, side) then\n" \
  "      redis.call('HSET', P .. 'mbi:' .. id, 'crowded', '1')\n" \
  "      return 'crowded'\n" \
  "    end\n" \
  "  else\n" \
  "    local e = create_mailbox(id, when, addr)\n" \
  "    if e then return e end\n" \
  "  end\n" \
  "  local k = P .. 'mbs:' .. id\n" \
  "  if redis.call('HEXISTS', k, side) == 0 then redis.call('HSET', k, side, '1|' .. when .. '|') end\n" \
  "  redis.call('HSET', P .. 'mb', id, when)\n" \
  "  return nil\n" \
  "end\n" \
  "local function claim(name, side, when, new_id, addr)\n" \
  "  local id = redis.call('HGET', P .. 'np', name)\n" \
  "  local k = P .. 'nps:' .. name\n" \
  "  if id then\n" \
  "    local s = redis.call('HGET', k, side)\n" \
  "    if s and string.sub(s, 1, 1) == '0' then return {'err', 'reclaimed'} end\n" \
  "    local crowd = mb_exists(id) and would_crowd(id, side)\n" \
  "    if (not s and redis.call('HLEN', k) >= 2) or crowd then\n" \
  "      redis.call('SADD', P .. 'npc', name)\n" \
  "      if mb_exists(id) then redis.call('HSET', P .. 'mbi:' .. id, 'crowded', '1') end\n" \
  "      return {'err', 'crowded'}\n" \
  "    end\n" \
  "  else\n" \
  "    id = new_id\n" \
  "    local e = create_mailbox(id, when, addr)\n" \
  "    if e then return {'err', e} end\n" \
  "    redis.call('HSET', P .. 'np', name, id)\n" \
  "  end\n" \
  "  if redis.call('HEXISTS', k, side) == 0 then redis.call('HSET', k, side, '1:' .. when) end\n" \
  "  local e = open_side(id, side, when, addr)\n" \
  "  if e then return {'err', e} end\n" \
  "  return {'ok', id}\n" \
  "end\n" \
  "local function delete_nameplate(name)\n" \
  "  local k = P .. 'nps:' .. name\n" \
  "  local r = {'nameplate', tostring(redis.call('SISMEMBER', P .. 'npc', name))}\n" \
  "  for _, v in ipairs(redis.call('HVALS', k)) do r[#r + 1] = v end\n" \
  "  redis.call('DEL', k)\n" \
  "  redis.call('HDEL', P .. 'np', name)\n" \
  "  redis.call('SREM', P .. 'npc', name)\n" \
  "  return r\n" \
  "end\n" \
  "local function delete_mailbox(id)\n" \
  "  local r = {'mailbox', redis.call('HGET', P .. 'mbi:' .. id, 'crowded') or '0',\n" \
  "             redis.call('HGET', P .. 'mb', id) or '0'}\n" \
  "  for _, v in ipairs(redis.call('HVALS', P .. 'mbs:' .. id)) do r[#r + 1] = v end\n" \
  "  local creator = redis.call('HGET', P .. 'mbi:' .. id, 'creator')\n" \
  "  if creator and creator ~= '' then uncount(AMB, creator, 1); uncount(AMB, '', 1) end\n" \
  "  local stored = redis.call('HGETALL', P .. 'mba:' .. id)\n" \
  "  for i = 1, #stored, 2 do\n" \
  "    uncount(ABYTES, stored[i], tonumber(stored[i + 1])); uncount(ABYTES, '', tonumber(stored[i + 1]))\n" \
  "  end\n" \
  "  redis.call('DEL', P .. 'mbs:' .. id, P .. 'mbi:' .. id, P .. 'msg:' .. id, P .. 'mba:' .. id)\n" \
  "  redis.call('HDEL', P .. 'mb', id)\n" \
  "  return r\n" \
  "end\n"

/* ARGV: P, name, side, when, new mailbox id, address */
static const char script_claim[] = LUA_PRELUDE
  "return claim(ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6])\n";

/* ARGV: P, side, when, new mailbox id, address, seed. Like the reference:
 * the shortest length with a free number, a random pick among those. */
static const char script_allocate[] = LUA_PRELUDE
  "local seed = tonumber(ARGV[6])\n"
  "local function rnd(n) seed = (seed * 16807) % 2147483647; return seed % n end\n"
  "local name = nil\n"
  "local lo = 1\n"
  "while lo < 1000 and not name do\n"
  "  local free = {}\n"
  "  for i = lo, lo * 10 - 1 do\n"
  "    if redis.call('HEXISTS', P .. 'np', tostring(i)) == 0 then free[#free + 1] = i end\n"
  "  end\n"
  "  if #free > 0 then name = tostring(free[rnd(#free) + 1]) end\n"
  "  lo = lo * 10\n"
  "end\n"
  "if not name then\n"
  "  for t = 1, 1000 do\n"
  "    local c = tostring(1000 + rnd(999000))\n"
  "    if redis.call('HEXISTS', P .. 'np', c) == 0 then name = c; break end\n"
  "  end\n"
  "end\n"
  "if not name then return {'err', 'unable to find a free nameplate-id'} end\n"
  "local r = claim(name, ARGV[2], ARGV[3], ARGV[4], ARGV[5])\n"
  "if r[1] == 'ok' then return {'ok', name} end\n"
  "return r\n";

/* ARGV: P, name, side */
static const char script_release[] = LUA_PRELUDE
  "local k = P .. 'nps:' .. ARGV[2]\n"
  "local s = redis.call('HGET', k, ARGV[3])\n"
  "if not redis.call('HGET', P .. 'np', ARGV[2]) or not s then return {'ok'} end\n"
  "redis.call('HSET', k, ARGV[3], '0:' .. string.sub(s, 3))\n"
  "for _, v in ipairs(redis.call('HVALS', k)) do\n"
  "  if string.sub(v, 1, 1) == '1' then return {'ok'} end\n"
  "end\n"
  "return {'ok', delete_nameplate(ARGV[2])}\n";

/* ARGV: P, mailbox id, side, when, address. Returns the stored messages. */
static const char script_open[] = LUA_PRELUDE
  "local e = open_side(ARGV[2], ARGV[3], ARGV[4], ARGV[5])\n"
  "if e then return {'err', e} end\n"
  "local r = {'ok'}\n"
  "for _, m in ipairs(redis.call('XRANGE', P .. 'msg:' .. ARGV[2], '-', '+')) do\n"
  "  local f = m[2]\n"
  "  r[#r + 1] = {m[1], f[2], f[4], f[6], f[8], f[10]}\n"
  "end\n"
  "return r\n";

/* ARGV: P, mailbox id, side, phase, body, msg id, server_rx, cost,
 * max messages, max bytes, the sender's address */
static const char script_add[] = LUA_PRELUDE
  "local id = ARGV[2]\n"
  "local sid = ''\n"
  "if mb_exists(id) then\n"
  "  local ki = P .. 'mbi:' .. id\n"
  "  local n = tonumber(redis.call('HGET', ki, 'n') or '0')\n"
  "  local bytes = tonumber(redis.call('HGET', ki, 'bytes') or '0')\n"
  "  local cost, maxn, maxb = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])\n"
  "  if maxn > 0 and n >= maxn then return {'err', 'too many messages in this mailbox', 'messages'} end\n"
  "  if maxb > 0 and bytes + cost > maxb then return {'err', 'this mailbox is full', 'bytes'} end\n"
  "  local addr = ARGV[11]\n"
  "  if addr ~= '' then\n"
  "    if (MAX_BYTES_ADDR > 0 and count(ABYTES, addr) + cost > MAX_BYTES_ADDR) or\n"
  "       (MAX_BYTES > 0 and count(ABYTES, '') + cost > MAX_BYTES) then\n"
  "      return {'err', 'too much stored from your address', 'address'}\n"
  "    end\n"
  "    redis.call('HINCRBY', ABYTES, addr, cost)\n"
  "    redis.call('HINCRBY', ABYTES, '', cost)\n"
  "    redis.call('HINCRBY', P .. 'mba:' .. id, addr, cost)\n"
  "  end\n"
  "  sid = redis.call('XADD', P .. 'msg:' .. id, '*', 'side', ARGV[3], 'phase', ARGV[4],\n"
  "                   'body', ARGV[5], 'id', ARGV[6], 'rx', ARGV[7])\n"
  "  redis.call('HINCRBY', ki, 'n', 1)\n"
  "  redis.call('HINCRBY', ki, 'bytes', cost)\n"
  "  redis.call('HSET', P .. 'mb', id, ARGV[7])\n"
  "end\n"
  "redis.call('PUBLISH', P .. 'ch:' .. id,\n"
  "           cjson.encode({sid, ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]}))\n"
  "return {'ok', sid}\n";

/* ARGV: P, mailbox id, side, mood, when, "1" if the connection has it
 * open, address */
static const char script_close[] = LUA_PRELUDE
  "local id, side = ARGV[2], ARGV[3]\n"
  "if ARGV[6] ~= '1' then\n"
  "  local e = open_side(id, side, ARGV[5], ARGV[7])\n"
  "  if e then return {'err', e} end\n"
  "end\n"
  "if not mb_exists(id) then return {'ok'} end\n"
  "local k = P .. 'mbs:' .. id\n"
  "local s = redis.call('HGET', k, side)\n"
  "if not s then return {'ok'} end\n"
  "local bar = string.find(s, '|', 3, true)\n"
  "redis.call('HSET', k, side, '0|' .. string.sub(s, 3, bar - 1) .. '|' .. ARGV[4])\n"
  "for _, v in ipairs(redis.call('HVALS', k)) do\n"
  "  if string.sub(v, 1, 1) == '1' then return {'ok'} end\n"
  "end\n"
  "return {'ok', delete_mailbox(id)}\n";

/* ARGV: P */
static const char script_list[] = LUA_PRELUDE
  "return redis.call('HKEYS', P .. 'np')\n";

/* ARGV: P, now, mailbox ids that connections listen to */
static const char script_touch[] = LUA_PRELUDE
  "for i = 3, NARGS do\n"
  "  if mb_exists(ARGV[i]) then redis.call('HSET', P .. 'mb', ARGV[i], ARGV[2]) end\n"
  "end\n"
  "return {'ok'}\n";

/* ARGV: P, older than this goes */
static const char script_prune[] = LUA_PRELUDE
  "local doomed = {}\n"
  "local mbs = redis.call('HGETALL', P .. 'mb')\n"
  "for i = 1, #mbs, 2 do\n"
  "  if tonumber(mbs[i + 1]) <= tonumber(ARGV[2]) then doomed[mbs[i]] = true end\n"
  "end\n"
  "local out = {}\n"
  "local nps = redis.call('HGETALL', P .. 'np')\n"
  "for i = 1, #nps, 2 do\n"
  "  if doomed[nps[i + 1]] or not mb_exists(nps[i + 1]) then out[#out + 1] = delete_nameplate(nps[i]) end\n"
  "end\n"
  "for id, _ in pairs(doomed) do out[#out + 1] = delete_mailbox(id) end\n"
  "return out\n";

typedef struct _Redis   Redis;
typedef struct _App     App;
typedef struct _Channel Channel;
typedef struct _Session Session;

typedef struct
{
  guint64 ms;
  guint64 seq;
} StreamId;

struct _Redis
{
  GoferRelayBackend  parent;

  char              *address;
  GoferRelayUsage   *usage;
  GoferRelayLimits  *limits;
  redisAsyncContext *cmd;       /* scripts */
  redisAsyncContext *sub;       /* pattern subscriptions */
  GSource           *cmd_source;
  GSource           *sub_source;
  GHashTable        *apps;      /* app id → App */
  GHashTable        *sessions;  /* set of Session, owned */
  GSource           *prune;
  guint              channel_expiry;
  guint              check_interval;
  gboolean           stopping;
};

/* One application: its key prefix and the subscription to its channels. */
struct _App
{
  Redis      *backend;
  char       *id;
  char       *prefix;
  gboolean    subscribed;
  GQueue      waiting;     /* Ops to send once subscribed */
  GHashTable *channels;    /* mailbox id → Channel */
};

/* The connections of this process listening to one mailbox. */
struct _Channel
{
  App       *app;
  char      *mailbox_id;
  GPtrArray *sessions;     /* Session, oldest first */
  StreamId   last;         /* newest message seen */
  GQueue     adds;         /* Ops of adds waiting for their own message */
};

struct _Session
{
  Redis            *backend;
  GoferRelayClient *client;
  App              *app;
  char             *side;
  char             *mailbox_id;  /* the mailbox it opened */
  Channel          *channel;     /* where it listens */
  gboolean          opening;     /* its open is on its way */
  GPtrArray        *early;       /* messages that came while opening */
  StreamId          replayed;    /* newest message replayed at open */
};

typedef struct
{
  Redis             *backend;
  GoferRelayRequest *request;
  Session           *session;
  StreamId           sid;
  gboolean           had_mailbox;
} Op;

static void
stream_id_parse (const char *text,
                 StreamId   *out)
{
  char *end = NULL;

  out->ms = 0;
  out->seq = 0;
  if (text == NULL || *text == '\0')
    return;
  out->ms = g_ascii_strtoull (text, &end, 10);
  if (end != NULL && *end == '-')
    out->seq = g_ascii_strtoull (end + 1, NULL, 10);
}

static int
stream_id_compare (const StreamId *a,
                   const StreamId *b)
{
  if (a->ms != b->ms)
    return a->ms < b->ms ? -1 : 1;
  if (a->seq != b->seq)
    return a->seq < b->seq ? -1 : 1;
  return 0;
}

static char *
format_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value));
}

static double
parse_double (const char *text)
{
  return text ? g_ascii_strtod (text, NULL) : 0;
}

static Op *
op_new (Redis             *self,
        GoferRelayRequest *request,
        Session           *session)
{
  Op *op = g_new0 (Op, 1);

  op->backend = self;
  op->request = request;
  op->session = session;
  return op;
}

/* Ends @op: @error (transfer full) or the answer set in the request. */
static void
op_finish (Op     *op,
           GError *error)
{
  if (error != NULL)
    gofer_relay_request_fail (op->request, error);
  else
    gofer_relay_request_complete (op->request);
  g_free (op);
}

static GError *
state_error (const char *what)
{
  /* The client is told; the operator finds the reason in the log. */
  return g_error_new_literal (GOFER_RELAY_ERROR, GOFER_RELAY_ERROR_LIMIT, what);
}

static GError *
reply_error (redisReply *reply)
{
  if (reply == NULL)
    return state_error ("the relay lost its state store");
  g_message ("Redis: %s", reply->str ? reply->str : "unexpected answer");
  return state_error ("the relay's state store failed");
}

/* An {"err", TEXT} answer of a script as the client's error. */
static GError *
script_error (redisReply *reply)
{
  const char *text = reply->element[1]->str;
  int code = GOFER_RELAY_ERROR_LIMIT;

  if (g_strcmp0 (text, "crowded") == 0)
    code = GOFER_RELAY_ERROR_CROWDED;
  else if (g_strcmp0 (text, "reclaimed") == 0)
    code = GOFER_RELAY_ERROR_RECLAIMED;
  return g_error_new_literal (GOFER_RELAY_ERROR, code, text);
}

static gboolean
reply_is (redisReply *reply,
          const char *status)
{
  return reply != NULL && reply->type == REDIS_REPLY_ARRAY && reply->elements >= 1 &&
         reply->element[0]->type == REDIS_REPLY_STRING &&
         g_strcmp0 (reply->element[0]->str, status) == 0;
}

/* The key the client's address counts under across processes: as the
 * per-process limits group it (IPv6 by --ipv6-prefix). */
static char *
counted_address (Redis             *self,
                 GoferRelayRequest *request)
{
  const char *address = gofer_relay_client_get_address (request->client);

  return address != NULL ? gofer_relay_limits_address_group (self->limits, address) : NULL;
}

/* Runs @script with ARGV = prefix, @args…; KEYS[1] names the application's
 * nameplates, so that a cluster sends it to the right shard. */
static void
run_script (Redis              *self,
            const char         *script,
            App                *app,
            const char * const *args,
            guint               n_args,
            redisCallbackFn    *callback,
            gpointer            data)
{
  g_autofree const char **argv = g_new (const char *, n_args + 9);
  g_autofree size_t *lens = g_new (size_t, n_args + 9);
  g_autofree char *key = g_strconcat (app->prefix, "np", NULL);
  static const GoferRelayLimit counted[] = {
    GOFER_RELAY_LIMIT_MAILBOXES_PER_ADDRESS, GOFER_RELAY_LIMIT_MAILBOXES,
    GOFER_RELAY_LIMIT_STORED_BYTES_PER_ADDRESS, GOFER_RELAY_LIMIT_STORED_BYTES,
  };
  char limits[G_N_ELEMENTS (counted)][24];
  guint n = 0;

  argv[n++] = "EVAL";
  argv[n++] = script;
  argv[n++] = "1";
  argv[n++] = key;
  argv[n++] = app->prefix;
  for (guint i = 0; i < n_args; i++)
    argv[n++] = args[i] ? args[i] : "";
  for (guint i = 0; i < G_N_ELEMENTS (counted); i++)
    {
      g_snprintf (limits[i], sizeof limits[i], "%" G_GUINT64_FORMAT,
                  gofer_relay_limits_get (self->limits, counted[i]));
      argv[n++] = limits[i];
    }
  for (guint i = 0; i < n; i++)
    lens[i] = strlen (argv[i]);

  if (self->cmd == NULL ||
      redisAsyncCommandArgv (self->cmd, callback, data, (int)n, argv, lens) != REDIS_OK)
    callback (self->cmd, NULL, data);
}

/* Usage */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* A deleted nameplate or mailbox, as a script reported it, for the usage
 * log (the same results as GoferRelayNamespace's). */
static void
record_deleted (Redis      *self,
                App        *app,
                redisReply *summary,
                gboolean    pruned)
{
  double now = g_get_real_time () / (double)G_USEC_PER_SEC;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean mailbox, crowded, lonely = FALSE, errory = FALSE, scary = FALSE;
  const char *result;
  double started;
  guint first;

  if (self->usage == NULL || summary == NULL || summary->type != REDIS_REPLY_ARRAY ||
      summary->elements < 2)
    return;
  mailbox = g_strcmp0 (summary->element[0]->str, "mailbox") == 0;
  crowded = g_strcmp0 (summary->element[1]->str, "1") == 0;
  first = mailbox ? 3 : 2;

  for (guint i = first; i < summary->elements; i++)
    {
      const char *v = summary->element[i]->str;
      g_auto(GStrv) parts = g_strsplit (v ? v : "", mailbox ? "|" : ":", 3);
      double added = parts[0] && parts[1] ? parse_double (parts[1]) : 0;

      g_array_append_val (times, added);
      if (mailbox && parts[0] && parts[1] && parts[2])
        {
          lonely |= g_strcmp0 (parts[2], "lonely") == 0;
          errory |= g_strcmp0 (parts[2], "errory") == 0;
          scary |= g_strcmp0 (parts[2], "scary") == 0;
        }
    }
  g_array_sort (times, compare_doubles);
  started = times->len > 0 ? g_array_index (times, double, 0)
                           : (mailbox && summary->elements > 2 ? parse_double (summary->element[2]->str) : now);

  if (mailbox)
    {
      result = times->len == 0 ? "quiet" : times->len == 1 ? "lonely" : "happy";
      result = lonely ? "lonely" : result;
      result = errory ? "errory" : result;
      result = scary ? "scary" : result;
    }
  else
    result = times->len >= 2 ? "happy" : "lonely";
  result = pruned ? "pruney" : result;
  result = crowded ? "crowded" : result;

  gofer_relay_usage_record_channel (self->usage, mailbox ? "mailbox" : "nameplate", app->id, started,
                                    times->len > 1 ? g_array_index (times, double, 1) - started : -1,
                                    now - started, result);
}

/* Channels and sessions */

static Channel *
channel_get (App        *app,
             const char *mailbox_id)
{
  Channel *channel = g_hash_table_lookup (app->channels, mailbox_id);

  if (channel == NULL)
    {
      channel = g_new0 (Channel, 1);
      channel->app = app;
      channel->mailbox_id = g_strdup (mailbox_id);
      channel->sessions = g_ptr_array_new ();
      g_queue_init (&channel->adds);
      g_hash_table_insert (app->channels, channel->mailbox_id, channel);
    }

  return channel;
}

static void
channel_free (Channel *channel)
{
  Op *op;

  while ((op = g_queue_pop_head (&channel->adds)) != NULL)
    op_finish (op, NULL);
  g_ptr_array_unref (channel->sessions);
  g_free (channel->mailbox_id);
  g_free (channel);
}

static void
channel_forget_if_unused (Channel *channel)
{
  if (channel->sessions->len == 0 && g_queue_is_empty (&channel->adds))
    g_hash_table_remove (channel->app->channels, channel->mailbox_id);
}

static void
session_unsubscribe (Session *session)
{
  Channel *channel = g_steal_pointer (&session->channel);

  if (channel == NULL)
    return;
  g_ptr_array_remove (channel->sessions, session);
  channel_forget_if_unused (channel);
}

static void
session_free (Session *session)
{
  session_unsubscribe (session);
  g_clear_pointer (&session->early, g_ptr_array_unref);
  gofer_relay_client_set_session (session->client, NULL);
  gofer_relay_client_unref (session->client);
  g_free (session->side);
  g_free (session->mailbox_id);
  g_free (session);
}

static void
session_deliver (Session           *session,
                 GoferRelayMessage *message)
{
  gofer_relay_client_deliver (session->client, message, g_strdup (message->body));
}

typedef struct
{
  StreamId           sid;
  GoferRelayMessage *message;
} Early;

static void
early_free (Early *early)
{
  gofer_relay_message_unref (early->message);
  g_free (early);
}

/* A message published on one of the application's channels. */
static void
channel_message (App        *app,
                 const char *mailbox_id,
                 const char *payload)
{
  Channel *channel = g_hash_table_lookup (app->channels, mailbox_id);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GoferRelayMessage) message = NULL;
  JsonArray *fields;
  StreamId sid;
  Op *op;

  if (channel == NULL || (root = json_from_string (payload, NULL)) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (root) || json_array_get_length (fields = json_node_get_array (root)) != 6)
    return;

  stream_id_parse (json_array_get_string_element (fields, 0), &sid);
  message = gofer_relay_message_new (json_array_get_string_element (fields, 1),
                                     json_array_get_string_element (fields, 2),
                                     json_array_get_string_element (fields, 3),
                                     json_array_get_string_element (fields, 4),
                                     parse_double (json_array_get_string_element (fields, 5)));
  if (stream_id_compare (&sid, &channel->last) > 0)
    channel->last = sid;

  for (guint i = 0; i < channel->sessions->len; i++)
    {
      Session *session = g_ptr_array_index (channel->sessions, i);

      if (session->opening)
        {
          Early *early = g_new0 (Early, 1);

          early->sid = sid;
          early->message = gofer_relay_message_ref (message);
          g_ptr_array_add (session->early, early);
        }
      else if (sid.ms == 0 || stream_id_compare (&sid, &session->replayed) > 0)
        session_deliver (session, message);
    }

  /* Adds answered once their echo went out. */
  while ((op = g_queue_peek_head (&channel->adds)) != NULL &&
         stream_id_compare (&op->sid, &channel->last) <= 0)
    op_finish (g_queue_pop_head (&channel->adds), NULL);
  channel_forget_if_unused (channel);
}

static void
psubscribe_cb (redisAsyncContext *context,
               void              *r,
               void              *data)
{
  App *app = data;
  redisReply *reply = r;
  const char *kind;
  Op *op;

  if (reply == NULL || reply->type != REDIS_REPLY_ARRAY || reply->elements < 3)
    return;
  kind = reply->element[0]->str;
  if (g_strcmp0 (kind, "psubscribe") == 0)
    {
      app->subscribed = TRUE;
      while ((op = g_queue_pop_head (&app->waiting)) != NULL)
        {
          GoferRelayBackend *backend = &op->backend->parent;
          GoferRelayRequest *request = op->request;

          g_free (op);
          backend->funcs->handle[request->op] (backend, request);
        }
    }
  else if (g_strcmp0 (kind, "pmessage") == 0 && reply->elements == 4)
    {
      const char *channel = reply->element[2]->str;
      gsize prefix_len = strlen (app->prefix) + strlen ("ch:");

      if (channel != NULL && strlen (channel) > prefix_len)
        channel_message (app, channel + prefix_len, reply->element[3]->str);
    }
}

static void
app_free (App *app)
{
  Op *op;

  while ((op = g_queue_pop_head (&app->waiting)) != NULL)
    op_finish (op, state_error ("the relay is stopping"));
  g_hash_table_unref (app->channels);
  g_free (app->id);
  g_free (app->prefix);
  g_free (app);
}

static App *
app_get (Redis      *self,
         const char *app_id)
{
  App *app = g_hash_table_lookup (self->apps, app_id);
  g_autofree char *pattern = NULL;

  if (app != NULL)
    return app;

  app = g_new0 (App, 1);
  app->backend = self;
  app->id = g_strdup (app_id);
  app->prefix = g_strdup_printf ("gofer:{%s}:", app_id);
  g_queue_init (&app->waiting);
  app->channels = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)channel_free);
  g_hash_table_insert (self->apps, app->id, app);

  pattern = g_strconcat (app->prefix, "ch:*", NULL);
  if (self->sub != NULL)
    redisAsyncCommand (self->sub, psubscribe_cb, app, "PSUBSCRIBE %b", pattern, strlen (pattern));
  if (self->cmd != NULL)
    redisAsyncCommand (self->cmd, NULL, NULL, "SADD gofer:apps %b", app_id, strlen (app_id));

  return app;
}

/* Operations */

static Session *
request_session (GoferRelayRequest *request)
{
  return gofer_relay_client_get_session (request->client);
}

static gboolean
check_bound (GoferRelayRequest *request)
{
  if (request_session (request) != NULL)
    return TRUE;
  gofer_relay_request_fail (request, g_error_new_literal (GOFER_RELAY_ERROR, GOFER_RELAY_ERROR_PROTOCOL,
                                                          "must bind first"));
  return FALSE;
}

static char *
new_mailbox_id (void)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  guint64 bits = 0;
  char id[14];

#ifdef __linux__
  if (getrandom (&bits, sizeof bits, 0) != sizeof bits)
#endif
    bits = ((guint64)g_random_int () << 32) | g_random_int ();
  for (int i = 0; i < 13; i++)
    id[i] = alphabet[i < 12 ? (bits >> (59 - 5 * i)) & 31 : (bits & 15) << 1];
  id[13] = '\0';

  return g_strdup (id);
}

static void
redis_bind (GoferRelayBackend *backend,
            GoferRelayRequest *request)
{
  Redis *self = (Redis *)backend;

  if (request_session (request) == NULL)
    {
      Session *session = g_new0 (Session, 1);

      session->backend = self;
      session->client = gofer_relay_client_ref (request->client);
      session->app = app_get (self, request->app_id);
      session->side = g_strdup (request->side);
      session->early = g_ptr_array_new_with_free_func ((GDestroyNotify)early_free);
      gofer_relay_client_set_session (request->client, session);
      g_hash_table_add (self->sessions, session);
    }
  if (request->version[0] != NULL && request->version[1] != NULL)
    gofer_relay_usage_record_client_version (self->usage, request->app_id,
                                             request->version[0], request->version[1]);
  gofer_relay_request_complete (request);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

static void
list_cb (redisAsyncContext *context,
         void              *r,
         void              *data)
{
  Op *op = data;
  redisReply *reply = r;
  GPtrArray *names;

  if (reply == NULL || reply->type != REDIS_REPLY_ARRAY)
    {
      op_finish (op, reply_error (reply));
      return;
    }
  names = g_ptr_array_new ();
  for (guint i = 0; i < reply->elements; i++)
    if (reply->element[i]->str != NULL)
      g_ptr_array_add (names, g_strdup (reply->element[i]->str));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  op->request->names = (char **)g_ptr_array_free (names, FALSE);
  op_finish (op, NULL);
}

static void
redis_list (GoferRelayBackend *backend,
            GoferRelayRequest *request)
{
  Session *session = request_session (request);

  if (!check_bound (request))
    return;
  run_script ((Redis *)backend, script_list, session->app, NULL, 0, list_cb,
              op_new ((Redis *)backend, request, session));
}

/* An {"ok", RESULT} or {"err", TEXT} answer. */
static void
result_cb (redisAsyncContext *context,
           void              *r,
           void              *data)
{
  Op *op = data;
  redisReply *reply = r;

  if (reply_is (reply, "err") && reply->elements >= 2)
    op_finish (op, script_error (reply));
  else if (reply_is (reply, "ok") && reply->elements >= 2 && reply->element[1]->str != NULL)
    {
      op->request->result = g_strdup (reply->element[1]->str);
      op_finish (op, NULL);
    }
  else
    op_finish (op, reply_error (reply));
}

static void
redis_allocate (GoferRelayBackend *backend,
                GoferRelayRequest *request)
{
  Session *session = request_session (request);
  g_autofree char *when = format_double (request->when);
  g_autofree char *mailbox_id = new_mailbox_id ();
  g_autofree char *seed = g_strdup_printf ("%u", (guint)g_random_int_range (1, G_MAXINT32));
  const char *args[5];
  g_autofree char *address = NULL;

  if (!check_bound (request))
    return;
  args[0] = session->side;
  args[1] = when;
  args[2] = mailbox_id;
  args[3] = address = counted_address ((Redis *)backend, request);
  args[4] = seed;
  run_script ((Redis *)backend, script_allocate, session->app, args, 5, result_cb,
              op_new ((Redis *)backend, request, session));
}

static void
redis_claim (GoferRelayBackend *backend,
             GoferRelayRequest *request)
{
  Session *session = request_session (request);
  g_autofree char *when = format_double (request->when);
  g_autofree char *mailbox_id = new_mailbox_id ();
  const char *args[5];
  g_autofree char *address = NULL;

  if (!check_bound (request))
    return;
  args[0] = request->name;
  args[1] = session->side;
  args[2] = when;
  args[3] = mailbox_id;
  args[4] = address = counted_address ((Redis *)backend, request);
  run_script ((Redis *)backend, script_claim, session->app, args, 5, result_cb,
              op_new ((Redis *)backend, request, session));
}

/* An {"ok"[, summary]} answer: something may have been deleted. */
static void
deleted_cb (redisAsyncContext *context,
            void              *r,
            void              *data)
{
  Op *op = data;
  redisReply *reply = r;

  if (reply_is (reply, "err") && reply->elements >= 2)
    {
      op_finish (op, script_error (reply));
      return;
    }
  if (!reply_is (reply, "ok"))
    {
      op_finish (op, reply_error (reply));
      return;
    }
  if (reply->elements >= 2)
    record_deleted (op->backend, op->session->app, reply->element[1], FALSE);
  if (op->request->op == GOFER_RELAY_OP_CLOSE)
    g_clear_pointer (&op->session->mailbox_id, g_free);
  op_finish (op, NULL);
}

static void
redis_release (GoferRelayBackend *backend,
               GoferRelayRequest *request)
{
  Session *session = request_session (request);
  const char *args[2];

  if (!check_bound (request))
    return;
  args[0] = request->name;
  args[1] = session->side;
  run_script ((Redis *)backend, script_release, session->app, args, 2, deleted_cb,
              op_new ((Redis *)backend, request, session));
}

/* The stored messages, then those that came meanwhile. */
static void
open_cb (redisAsyncContext *context,
         void              *r,
         void              *data)
{
  Op *op = data;
  Session *session = op->session;
  redisReply *reply = r;
  guint listening = 0;

  session->opening = FALSE;
  if (!reply_is (reply, "ok"))
    {
      session_unsubscribe (session);
      g_ptr_array_set_size (session->early, 0);
      op_finish (op, reply_is (reply, "err") && reply->elements >= 2 ? script_error (reply)
                                                                    : reply_error (reply));
      return;
    }

  session->mailbox_id = g_strdup (op->request->name);
  for (guint i = 1; i < reply->elements; i++)
    {
      redisReply *m = reply->element[i];
      g_autoptr(GoferRelayMessage) message = NULL;

      if (m->type != REDIS_REPLY_ARRAY || m->elements != 6)
        continue;
      message = gofer_relay_message_new (m->element[1]->str, m->element[2]->str, m->element[3]->str,
                                         m->element[4]->str, parse_double (m->element[5]->str));
      stream_id_parse (m->element[0]->str, &session->replayed);
      session_deliver (session, message);
    }
  for (guint i = 0; i < session->early->len; i++)
    {
      Early *early = g_ptr_array_index (session->early, i);

      if (early->sid.ms == 0 || stream_id_compare (&early->sid, &session->replayed) > 0)
        session_deliver (session, early->message);
    }
  g_ptr_array_set_size (session->early, 0);

  /* A third connection of the same side (in this process): the oldest goes. */
  for (guint i = session->channel->sessions->len; i > 0; i--)
    {
      Session *other = g_ptr_array_index (session->channel->sessions, i - 1);

      if (g_strcmp0 (other->side, session->side) == 0 && ++listening > MAX_SIDES_LISTENING)
        {
          session_unsubscribe (other);
          gofer_relay_client_evict (other->client);
          break;
        }
    }
  op_finish (op, NULL);
}

static void
redis_open (GoferRelayBackend *backend,
            GoferRelayRequest *request)
{
  Redis *self = (Redis *)backend;
  Session *session = request_session (request);
  g_autofree char *when = format_double (request->when);
  const char *args[4];
  g_autofree char *address = NULL;

  if (!check_bound (request))
    return;
  if (session->mailbox_id != NULL)
    {
      gofer_relay_request_fail (request, g_error_new_literal (GOFER_RELAY_ERROR, GOFER_RELAY_ERROR_PROTOCOL,
                                                              "only one open per connection"));
      return;
    }
  /* Listening first, so that nothing added meanwhile is missed. */
  if (!session->app->subscribed)
    {
      g_queue_push_tail (&session->app->waiting, op_new (self, request, session));
      return;
    }

  session->channel = channel_get (session->app, request->name);
  g_ptr_array_add (session->channel->sessions, session);
  session->opening = TRUE;
  args[0] = request->name;
  args[1] = session->side;
  args[2] = when;
  args[3] = address = counted_address ((Redis *)backend, request);
  run_script (self, script_open, session->app, args, 4, open_cb, op_new (self, request, session));
}

static void
add_cb (redisAsyncContext *context,
        void              *r,
        void              *data)
{
  Op *op = data;
  Redis *self = op->backend;
  redisReply *reply = r;
  Channel *channel = op->session->channel;
  const char *address = gofer_relay_client_get_address (op->request->client);

  if (reply_is (reply, "err") && reply->elements >= 3)
    {
      const char *which = reply->element[2]->str;

      if (g_strcmp0 (which, "messages") == 0)
        gofer_relay_limits_tripped (self->limits, GOFER_RELAY_LIMIT_MESSAGES_PER_MAILBOX, address,
                                    "refused to store another message in a mailbox");
      else if (g_strcmp0 (which, "address") == 0)
        gofer_relay_limits_tripped (self->limits, GOFER_RELAY_LIMIT_STORED_BYTES_PER_ADDRESS, address,
                                    "refused to store another message (counted in Redis)");
      else
        gofer_relay_limits_tripped (self->limits, GOFER_RELAY_LIMIT_MAILBOX_BYTES, address,
                                    "refused to store another message in a full mailbox");
      op_finish (op, script_error (reply));
      return;
    }
  if (!reply_is (reply, "ok") || reply->elements < 2 || reply->element[1]->str == NULL)
    {
      op_finish (op, reply_error (reply));
      return;
    }

  /* Answered once its echo went out (it comes on the subscription). */
  stream_id_parse (reply->element[1]->str, &op->sid);
  if (channel == NULL || op->sid.ms == 0 || stream_id_compare (&op->sid, &channel->last) <= 0)
    op_finish (op, NULL);
  else
    g_queue_push_tail (&channel->adds, op);
}

static void
redis_add (GoferRelayBackend *backend,
           GoferRelayRequest *request)
{
  Redis *self = (Redis *)backend;
  Session *session = request_session (request);
  GoferRelayMessage *message = request->message;
  g_autofree char *rx = format_double (message->server_rx);
  g_autofree char *cost = g_strdup_printf ("%" G_GSIZE_FORMAT, message->cost);
  g_autofree char *max_messages = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                   gofer_relay_limits_get (self->limits,
                                                                           GOFER_RELAY_LIMIT_MESSAGES_PER_MAILBOX));
  g_autofree char *max_bytes = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                gofer_relay_limits_get (self->limits,
                                                                        GOFER_RELAY_LIMIT_MAILBOX_BYTES));
  const char *args[10];
  g_autofree char *address = NULL;

  if (!check_bound (request))
    return;
  if (session->mailbox_id == NULL)
    {
      gofer_relay_request_fail (request, g_error_new_literal (GOFER_RELAY_ERROR, GOFER_RELAY_ERROR_PROTOCOL,
                                                              "must open mailbox before adding"));
      return;
    }
  args[0] = session->mailbox_id;
  args[1] = message->side;
  args[2] = message->phase;
  args[3] = message->body;
  args[4] = message->msg_id;
  args[5] = rx;
  args[6] = cost;
  args[7] = max_messages;
  args[8] = max_bytes;
  args[9] = address = counted_address ((Redis *)backend, request);
  run_script (self, script_add, session->app, args, 10, add_cb, op_new (self, request, session));
}

static void
redis_close (GoferRelayBackend *backend,
             GoferRelayRequest *request)
{
  Session *session = request_session (request);
  g_autofree char *when = format_double (request->when);
  const char *args[6];
  g_autofree char *address = NULL;

  if (!check_bound (request))
    return;
  session_unsubscribe (session);
  args[0] = request->name;
  args[1] = session->side;
  args[2] = request->mood ? request->mood : "";
  args[3] = when;
  args[4] = session->mailbox_id != NULL ? "1" : "0";
  args[5] = address = counted_address ((Redis *)backend, request);
  run_script ((Redis *)backend, script_close, session->app, args, 6, deleted_cb,
              op_new ((Redis *)backend, request, session));
}

static void
redis_detach (GoferRelayBackend *backend,
              GoferRelayRequest *request)
{
  Redis *self = (Redis *)backend;
  Session *session = request_session (request);

  if (session != NULL)
    g_hash_table_remove (self->sessions, session);
  gofer_relay_request_complete (request);
}

/* Expiry */

typedef struct
{
  Redis *backend;
  char  *app_id;
} PruneOp;

static void
prune_cb (redisAsyncContext *context,
          void              *r,
          void              *data)
{
  PruneOp *prune = data;
  redisReply *reply = r;
  App *app;

  if (reply != NULL && reply->type == REDIS_REPLY_ARRAY && !prune->backend->stopping &&
      (app = app_get (prune->backend, prune->app_id)) != NULL)
    {
      for (guint i = 0; i < reply->elements; i++)
        record_deleted (prune->backend, app, reply->element[i], TRUE);
      if (reply->elements > 0)
        g_debug ("expired %" G_GSIZE_FORMAT " mailboxes and nameplates of one application",
                 reply->elements);
    }
  g_free (prune->app_id);
  g_free (prune);
}

static void
apps_cb (redisAsyncContext *context,
         void              *r,
         void              *data)
{
  Redis *self = data;
  redisReply *reply = r;
  double now = g_get_real_time () / (double)G_USEC_PER_SEC;
  g_autofree char *old = format_double (now - self->channel_expiry);

  if (reply == NULL || reply->type != REDIS_REPLY_ARRAY || self->stopping)
    return;
  for (guint i = 0; i < reply->elements; i++)
    {
      PruneOp *prune = g_new0 (PruneOp, 1);
      const char *args[1] = { old };

      if (reply->element[i]->str == NULL)
        {
          g_free (prune);
          continue;
        }
      prune->backend = self;
      prune->app_id = g_strdup (reply->element[i]->str);
      run_script (self, script_prune, app_get (self, prune->app_id), args, 1, prune_cb, prune);
    }
}

/* Mailboxes a connection of this process listens to count as touched;
 * then every application is looked at (by every process: it makes no
 * difference which deletes). */
static gboolean
prune_timeout_cb (gpointer data)
{
  Redis *self = data;
  g_autofree char *now = format_double (g_get_real_time () / (double)G_USEC_PER_SEC);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->apps);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      App *app = value;
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      GHashTableIter channels;
      gpointer id;

      g_ptr_array_add (args, now);
      g_hash_table_iter_init (&channels, app->channels);
      while (g_hash_table_iter_next (&channels, &id, NULL))
        g_ptr_array_add (args, id);
      if (args->len > 1)
        run_script (self, script_touch, app, (const char * const *)args->pdata, args->len, NULL, NULL);
    }
  if (self->cmd != NULL)
    redisAsyncCommand (self->cmd, apps_cb, self, "SMEMBERS gofer:apps");

  return G_SOURCE_CONTINUE;
}

static void
redis_set_expiry (GoferRelayBackend *backend,
                  guint              channel_expiry,
                  guint              check_interval)
{
  Redis *self = (Redis *)backend;

  self->channel_expiry = channel_expiry;
  self->check_interval = check_interval;
  if (self->prune != NULL)
    {
      g_source_destroy (self->prune);
      g_clear_pointer (&self->prune, g_source_unref);
    }
  self->prune = g_timeout_source_new_seconds (check_interval);
  g_source_set_static_name (self->prune, "[gofer-relay] redis expiry");
  g_source_set_callback (self->prune, prune_timeout_cb, self, NULL);
  g_source_attach (self->prune, NULL);
}

/* Connections */

static void
disconnect_cb (const redisAsyncContext *context,
               int                      status)
{
  Redis *self = context->data;

  if (self == NULL)
    return;
  if (!self->stopping)
    g_message ("lost the connection to Redis at %s%s%s", self->address,
               status != REDIS_OK ? ": " : "", status != REDIS_OK ? context->errstr : "");
  if (context == self->cmd)
    self->cmd = NULL;
  if (context == self->sub)
    self->sub = NULL;
}

static redisAsyncContext *
redis_connect (Redis   *self,
               GSource **source,
               GError  **error)
{
  redisAsyncContext *context;
  const char *colon = strrchr (self->address, ':');

  if (g_str_has_prefix (self->address, "unix:"))
    context = redisAsyncConnectUnix (self->address + strlen ("unix:"));
  else if (self->address[0] == '/')
    context = redisAsyncConnectUnix (self->address);
  else if (colon != NULL)
    {
      g_autofree char *host = g_strndup (self->address, colon - self->address);

      context = redisAsyncConnect (host, atoi (colon + 1));
    }
  else
    context = redisAsyncConnect (self->address, 6379);

  if (context == NULL || context->err)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not connect to Redis at %s: %s",
                   self->address, context ? context->errstr : "out of memory");
      if (context != NULL)
        redisAsyncFree (context);
      return NULL;
    }
  context->data = self;
  redisAsyncSetDisconnectCallback (context, disconnect_cb);
  *source = redis_source_new (context);
  g_source_set_static_name (*source, "[gofer-relay] redis");
  g_source_attach (*source, NULL);

  return context;
}

/* Answers a PING once, before listening, so that a relay pointed at no
 * Redis says so at start. */
static gboolean
redis_start (GoferRelayBackend  *backend,
             GError            **error)
{
  Redis *self = (Redis *)backend;
  g_autofree char *host = NULL;
  redisContext *check;
  const char *path = g_str_has_prefix (self->address, "unix:") ? self->address + strlen ("unix:")
                     : self->address[0] == '/' ? self->address : NULL;
  const char *colon = strrchr (self->address, ':');
  redisReply *reply = NULL;
  struct timeval timeout = { 5, 0 };

  if (path != NULL)
    check = redisConnectUnixWithTimeout (path, timeout);
  else
    {
      host = colon ? g_strndup (self->address, colon - self->address) : g_strdup (self->address);
      check = redisConnectWithTimeout (host, colon ? atoi (colon + 1) : 6379, timeout);
    }
  if (check != NULL && !check->err)
    reply = redisCommand (check, "PING");
  if (reply == NULL || reply->type == REDIS_REPLY_ERROR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Redis at %s does not answer: %s",
                   self->address, reply ? reply->str : check ? check->errstr : "out of memory");
      if (reply != NULL)
        freeReplyObject (reply);
      if (check != NULL)
        redisFree (check);
      return FALSE;
    }
  freeReplyObject (reply);
  redisFree (check);

  if ((self->cmd = redis_connect (self, &self->cmd_source, error)) == NULL ||
      (self->sub = redis_connect (self, &self->sub_source, error)) == NULL)
    return FALSE;
  g_message ("mailbox state in Redis at %s", self->address);
  return TRUE;
}

static void
drop_connection (redisAsyncContext **context,
                 GSource           **source)
{
  redisAsyncContext *c = g_steal_pointer (context);

  /* Pending callbacks run now, with no reply. */
  if (c != NULL)
    redisAsyncFree (c);
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
redis_stop (GoferRelayBackend *backend)
{
  Redis *self = (Redis *)backend;

  if (self->stopping)
    return;
  self->stopping = TRUE;
  if (self->prune != NULL)
    {
      g_source_destroy (self->prune);
      g_clear_pointer (&self->prune, g_source_unref);
    }
  drop_connection (&self->cmd, &self->cmd_source);
  drop_connection (&self->sub, &self->sub_source);
  g_hash_table_remove_all (self->sessions);
  g_hash_table_remove_all (self->apps);
}

static void
redis_free (GoferRelayBackend *backend)
{
  Redis *self = (Redis *)backend;

  redis_stop (backend);
  g_hash_table_unref (self->sessions);
  g_hash_table_unref (self->apps);
  g_clear_object (&self->usage);
  g_clear_object (&self->limits);
  g_free (self->address);
  g_free (self);
}

static const GoferRelayBackendFuncs redis_funcs = {
  .name = "redis",
  .start = redis_start,
  .handle = {
    [GOFER_RELAY_OP_BIND] = redis_bind,
    [GOFER_RELAY_OP_LIST] = redis_list,
    [GOFER_RELAY_OP_ALLOCATE] = redis_allocate,
    [GOFER_RELAY_OP_CLAIM] = redis_claim,
    [GOFER_RELAY_OP_RELEASE] = redis_release,
    [GOFER_RELAY_OP_OPEN] = redis_open,
    [GOFER_RELAY_OP_ADD] = redis_add,
    [GOFER_RELAY_OP_CLOSE] = redis_close,
    [GOFER_RELAY_OP_DETACH] = redis_detach,
  },
  .set_expiry = redis_set_expiry,
  .stop = redis_stop,
  .free = redis_free,
};

/**
 * gofer_relay_backend_redis_new:
 * @address: "HOST:PORT", "HOST" (port 6379), "/PATH" or "unix:/PATH"
 * @usage: (nullable): the usage log
 *
 * Makes the Redis backend; it connects when started. Use it in the main
 * context.
 */
GoferRelayBackend *
gofer_relay_backend_redis_new (const char       *address,
                               GoferRelayUsage  *usage,
                               GoferRelayLimits *limits)
{
  Redis *self;

  g_return_val_if_fail (address != NULL, NULL);

  self = g_new0 (Redis, 1);
  self->parent.funcs = &redis_funcs;
  self->address = g_strdup (address);
  self->usage = usage ? g_object_ref (usage) : NULL;
  self->limits = g_object_ref (limits);
  self->apps = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)app_free);
  self->sessions = g_hash_table_new_full (NULL, NULL, (GDestroyNotify)session_free, NULL);
  self->channel_expiry = 11 * 60;
  self->check_interval = 5 * 60;

  return &self->parent;
}
