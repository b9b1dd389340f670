/* test-offer.c: reading the offers other clients make
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gofer-error.h"
#include "gofer-json-private.h"
#include "gofer-offer.h"

static GoferOffer *
parse (const char  *text,
       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *message = _gofer_json_parse_object (parser, text, strlen (text));
  JsonObject *offer;

  g_assert_nonnull (message);
  offer = _gofer_json_get_object (message, "offer");
  g_assert_nonnull (offer);
  return gofer_offer_new_from_json (offer, error);
}

/* Upstream Python reads every mode that starts with "zipfile" as a zip. */
static void
test_offer_directory_modes (void)
{
  static const char *accepted[] = { "zipfile/deflated", "zipfile/stored", "zipfile" };

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strdup_printf ("{\"offer\":{\"directory\":{\"mode\":\"%s\",\"dirname\":\"d\","
                                               "\"zipsize\":22,\"numbytes\":0,\"numfiles\":0}}}", accepted[i]);
      g_autoptr(GoferOffer) offer = parse (text, &error);

      g_assert_no_error (error);
      g_assert_cmpint (gofer_offer_get_kind (offer), ==, GOFER_OFFER_DIRECTORY);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GoferOffer) offer = parse ("{\"offer\":{\"directory\":{\"mode\":\"tar\",\"dirname\":\"d\","
                                         "\"zipsize\":22,\"numbytes\":0,\"numfiles\":0}}}", &error);

    g_assert_null (offer);
    g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/offer/directory-modes", test_offer_directory_modes);

  return g_test_run ();
}
