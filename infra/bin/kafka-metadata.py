#!/usr/bin/env python3
"""Sends one Kafka Metadata request (v4) to host:port; exits 0 and prints the broker count
when the broker answers with at least one live broker, 1 otherwise. No client library needed."""
import socket, struct, sys

def metadata(host: str, port: int, timeout: float = 2.0) -> int:
    client_id = b"stack-ready"
    header = struct.pack(">hhih", 3, 4, 42, len(client_id)) + client_id
    body = struct.pack(">i?", -1, False)  # all topics, no auto-creation
    request = header + body
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.settimeout(timeout)
        s.sendall(struct.pack(">i", len(request)) + request)
        size = struct.unpack(">i", recv_exactly(s, 4))[0]
        payload = recv_exactly(s, size)
    correlation, _throttle, brokers = struct.unpack(">iii", payload[:12])
    if correlation != 42:
        raise RuntimeError(f"unexpected correlation id {correlation}")
    return brokers

def recv_exactly(s: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("connection closed")
        buf += chunk
    return buf

if __name__ == "__main__":
    host, port = sys.argv[1].rsplit(":", 1)
    try:
        n = metadata(host, int(port))
    except Exception as e:  # noqa: BLE001 - any failure means "not ready"
        print(f"not ready: {e}", file=sys.stderr)
        sys.exit(1)
    print(n)
    sys.exit(0 if n > 0 else 1)
