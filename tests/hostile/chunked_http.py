"""A raw chunked POST for tests that need real sockets (streamed bodies)."""

from __future__ import annotations

import contextlib
import socket
import time


def post_chunked(port: int, path: str, chunk: bytes, count: int, timeout: float = 60.0) -> tuple[int, int]:
    """POST `count` chunks with Transfer-Encoding: chunked, stopping as soon as the server answers.

    Returns (HTTP status, bytes of body sent). A server that reads the whole body before
    answering receives all of it; one that refuses early answers after a fraction."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n".encode()
        )
        sock.setblocking(False)
        frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        response = b""
        deadline = time.monotonic() + timeout
        i = 0
        while time.monotonic() < deadline:
            try:
                data = sock.recv(65536)
                if data:
                    response += data
                    if b"\r\n" in response:
                        break
                elif data == b"":
                    break
            except BlockingIOError:
                pass
            if i < count:
                try:
                    sock.send(frame)
                    i += 1
                    sent += len(chunk)
                except BlockingIOError:
                    time.sleep(0.005)
                except (BrokenPipeError, ConnectionResetError):
                    i = count
            elif i == count:
                with contextlib.suppress(BlockingIOError, BrokenPipeError, ConnectionResetError):
                    sock.send(b"0\r\n\r\n")
                i += 1
            else:
                time.sleep(0.01)
    status = int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/") else 0
    return status, sent
