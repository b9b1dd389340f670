/* test-speed.c: the smoothed speed behind "300 kB/s · About 11 seconds left"
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-speed.h"

#define MS (G_USEC_PER_SEC / 1000)

static void
test_steady (void)
{
  g_autoptr(GoferAppSpeed) speed = gofer_app_speed_new ();

  /* Nothing to say before half a second of data. */
  gofer_app_speed_add (speed, 0, 1000 * MS);
  gofer_app_speed_add (speed, 100000, 1100 * MS);
  g_assert_cmpfloat (gofer_app_speed_get_bytes_per_second (speed), ==, 0);

  /* 1 MB/s, reported ten times a second. */
  for (int i = 2; i <= 100; i++)
    gofer_app_speed_add (speed, (guint64) i * 100000, (1000 + i * 100) * MS);
  g_assert_cmpfloat_with_epsilon (gofer_app_speed_get_bytes_per_second (speed), 1e6, 1e3);
}

/* Bursts (a buffer flushed at once every second) do not make the number jump. */
static void
test_bursts (void)
{
  g_autoptr(GoferAppSpeed) speed = gofer_app_speed_new ();
  double low = G_MAXDOUBLE, high = 0;

  for (int i = 0; i <= 200; i++)
    {
      /* 2 MB arrive at every full second, nothing in between. */
      guint64 done = (guint64) (i / 10) * 2000000;
      double bps;

      gofer_app_speed_add (speed, done, (gint64) i * 100 * MS);
      bps = gofer_app_speed_get_bytes_per_second (speed);
      if (i >= 50)
        {
          low = MIN (low, bps);
          high = MAX (high, bps);
        }
    }
  g_test_message ("bursty 2 MB/s shown between %.0f and %.0f", low, high);
  g_assert_cmpfloat (low, >, 1.5e6);
  g_assert_cmpfloat (high, <, 2.5e6);
}

/* A slow-down shows within a few seconds, without a jump. */
static void
test_follows_changes (void)
{
  g_autoptr(GoferAppSpeed) speed = gofer_app_speed_new ();
  guint64 done = 0;
  gint64 now = 0;
  double before, after_1s, after_10s;

  for (int i = 0; i < 100; i++)
    gofer_app_speed_add (speed, done += 400000, now += 100 * MS);   /* 4 MB/s */
  before = gofer_app_speed_get_bytes_per_second (speed);
  for (int i = 0; i < 10; i++)
    gofer_app_speed_add (speed, done += 100000, now += 100 * MS);   /* 1 MB/s */
  after_1s = gofer_app_speed_get_bytes_per_second (speed);
  for (int i = 0; i < 90; i++)
    gofer_app_speed_add (speed, done += 100000, now += 100 * MS);
  after_10s = gofer_app_speed_get_bytes_per_second (speed);

  g_assert_cmpfloat_with_epsilon (before, 4e6, 1e4);
  g_assert_cmpfloat (after_1s, <, before);
  g_assert_cmpfloat (after_1s, >, 2e6);
  g_assert_cmpfloat_with_epsilon (after_10s, 1e6, 5e4);
}

static void
test_reset (void)
{
  g_autoptr(GoferAppSpeed) speed = gofer_app_speed_new ();

  for (int i = 0; i < 20; i++)
    gofer_app_speed_add (speed, (guint64) i * 1000, (gint64) i * 100 * MS);
  g_assert_cmpfloat (gofer_app_speed_get_bytes_per_second (speed), >, 0);

  /* Progress going backwards is a new transfer. */
  gofer_app_speed_add (speed, 10, 2000 * MS);
  g_assert_cmpfloat (gofer_app_speed_get_bytes_per_second (speed), ==, 0);

  gofer_app_speed_reset (speed);
  g_assert_cmpfloat (gofer_app_speed_get_bytes_per_second (speed), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/speed/steady", test_steady);
  g_test_add_func ("/app/speed/bursts", test_bursts);
  g_test_add_func ("/app/speed/follows-changes", test_follows_changes);
  g_test_add_func ("/app/speed/reset", test_reset);

  return g_test_run ();
}
