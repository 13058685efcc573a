"""uvicorn in a background thread, for tests that need real sockets (streamed bodies)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Any

import uvicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    def __init__(self, app: Any) -> None:
        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


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
