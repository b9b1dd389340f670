/* gofer-relay-usage.h
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GOFER_RELAY_TYPE_USAGE (gofer_relay_usage_get_type ())

G_DECLARE_FINAL_TYPE (GoferRelayUsage, gofer_relay_usage, GOFER_RELAY, USAGE, GObject)

GoferRelayUsage *gofer_relay_usage_new                   (const char      *path,
                                                          guint            blur_seconds,
                                                          GError         **error);
void             gofer_relay_usage_record_channel        (GoferRelayUsage *self,
                                                          const char      *kind,
                                                          const char      *app_id,
                                                          double           started,
                                                          double           waiting_time,
                                                          double           total_time,
                                                          const char      *result);
void             gofer_relay_usage_record_transit        (GoferRelayUsage *self,
                                                          double           started,
                                                          double           waiting_time,
                                                          double           total_time,
                                                          guint64          total_bytes,
                                                          const char      *result);
void             gofer_relay_usage_record_client_version (GoferRelayUsage *self,
                                                          const char      *app_id,
                                                          const char      *implementation,
                                                          const char      *version);
void             gofer_relay_usage_close                 (GoferRelayUsage *self);

G_END_DECLS
