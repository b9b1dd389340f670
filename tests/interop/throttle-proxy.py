#!/usr/bin/python3
# throttle-proxy.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A TCP forwarder that slows every connection down, so that a test can
break a transfer in the middle: it listens on 127.0.0.1:PORT, forwards to
127.0.0.1:TARGET, at most RATE bytes per second in each direction of each
connection. Killing it cuts every connection at once (a network outage);
starting it again on the same port lets clients back in.

    throttle-proxy.py PORT TARGET RATE
"""

import asyncio
import sys
import time

CHUNK = 16 * 1024


async def pump(reader, writer, rate):
    start = time.monotonic()
    moved = 0
    try:
        while True:
            data = await reader.read(CHUNK)
            if not data:
                break
            writer.write(data)
            await writer.drain()
            moved += len(data)
            # Sleep until the average is back at the rate.
            ahead = moved / rate - (time.monotonic() - start)
            if ahead > 0:
                await asyncio.sleep(ahead)
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def handle(client_reader, client_writer, target, rate):
    try:
        relay_reader, relay_writer = await asyncio.open_connection("127.0.0.1", target)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(pump(client_reader, relay_writer, rate),
                         pump(relay_reader, client_writer, rate))


async def main():
    port, target, rate = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    server = await asyncio.start_server(lambda r, w: handle(r, w, target, rate),
                                        "127.0.0.1", port, reuse_address=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
