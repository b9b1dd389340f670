/* fuzz-spake2.c: the peer's key exchange message
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Side A of the first exchange in tests/core/vectors/spake2-symmetric.json
 * finishes with whatever arrives. Only 33 bytes starting with 'S' that
 * decode to a good point may give a key; B's real message must give the
 * vector's key; everything else fails with GOFER_ERROR_PROTOCOL.
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "gofer-error.h"
#include "gofer-spake2.h"

static GBytes *
hex (const char *text)
{
  return gofer_hex_decode (text, strlen (text));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char password[] = "7-guitarist-revenge";
  static const char appid[] = "lothar.com/wormhole/text-or-file-xfer";
  g_autoptr(GBytes) entropy = NULL;
  g_autoptr(GBytes) b_message = NULL;
  g_autoptr(GoferSpake2) a = NULL;
  g_autoptr(GoferKey) key = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  entropy = hex ("7b14c5c4fcde8c37219d4841ee80f1c02988fa3ce82fd2ec1b509686d1a597c8"
                 "238a4151ea43195bf7288f8e5c3c2d5bfef90a462c8b13571cd8c90e3b76e743");
  b_message = hex ("53df3743cba0bbafd9164fe4cea6a39922ee649f4849b3917b726bec41362516f3");
  a = gofer_spake2_new_with_entropy ((const guint8 *)password, strlen (password),
                                     (const guint8 *)appid, strlen (appid),
                                     g_bytes_get_data (entropy, NULL));
  key = gofer_spake2_finish (a, data, size, &error);

  if (key == NULL)
    {
      fuzz_check (g_error_matches (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL), "a bad message is a protocol error");
      fuzz_check (!(size == 33 && memcmp (data, g_bytes_get_data (b_message, NULL), 33) == 0),
                  "the real peer message works");
      return 0;
    }

  fuzz_check (size == GOFER_SPAKE2_MESSAGE_SIZE && data[0] == 'S', "only a well-formed message gives a key");
  if (memcmp (data, g_bytes_get_data (b_message, NULL), 33) == 0)
    {
      g_autoptr(GBytes) expected = hex ("c8d223756d91ea9d110cd9eaeeb52a17b5301f9db025ec85dced3b7e7fb182c4");

      fuzz_check (memcmp (key->bytes, g_bytes_get_data (expected, NULL), GOFER_KEY_SIZE) == 0,
                  "the vector's shared key");
    }
  return 0;
}
