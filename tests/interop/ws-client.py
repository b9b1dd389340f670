#!/usr/bin/python3
"""A minimal WebSocket client for tests: sends the JSON commands given as
arguments, prints every frame the server sends as one line, and stays
connected for --hold seconds. Usage:
  ws-client.py ws://127.0.0.1:PORT/v1 [--hold S] '{"type":"bind",...}' ...
"""
import base64, json, os, socket, struct, sys, time, select


def frame(payload: bytes, opcode=1) -> bytes:
    mask = os.urandom(4)
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
    elif n < 65536:
        head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def read_frames(sock, buf):
    out = []
    while len(buf) >= 2:
        n = buf[1] & 0x7F
        off = 2
        if n == 126:
            if len(buf) < 4: break
            n = struct.unpack("!H", buf[2:4])[0]; off = 4
        elif n == 127:
            if len(buf) < 10: break
            n = struct.unpack("!Q", buf[2:10])[0]; off = 10
        if len(buf) < off + n: break
        out.append((buf[0] & 0x0F, buf[off:off + n]))
        buf = buf[off + n:]
    return out, buf


def main():
    url = sys.argv[1]
    args = sys.argv[2:]
    hold = 0.0
    if args[:1] == ["--hold"]:
        hold = float(args[1]); args = args[2:]
    hostport, path = url[len("ws://"):].split("/", 1)
    host, port = hostport.split(":")
    s = socket.create_connection((host, int(port)), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
               "Sec-WebSocket-Version: 13\r\n\r\n").encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        buf += s.recv(4096)
    head, buf = buf.split(b"\r\n\r\n", 1)
    if b" 101 " not in head.split(b"\r\n")[0]:
        sys.exit("handshake failed: " + head.decode(errors="replace"))
    for a in args:
        s.sendall(frame(a.encode()))
    end = time.time() + hold
    s.setblocking(False)
    while True:
        remaining = end - time.time()
        if remaining <= 0:
            break
        r, _, _ = select.select([s], [], [], remaining)
        if not r:
            continue
        data = s.recv(65536)
        if not data:
            break
        frames, buf = read_frames(s, buf + data)
        for op, payload in frames:
            if op == 1:
                print(payload.decode(), flush=True)
    s.close()


main()
