"""Running the web desk with uvicorn (`calmdesk serve`, and `calmdesk demo` after loading data)."""

from __future__ import annotations

from typing import Any

import uvicorn
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.web.app import create_app
from calmdesk.web.settings import WebSettings, load_settings


def serve(
    factory: sessionmaker[Session],
    host: str = "127.0.0.1",
    port: int = 8000,
    settings: WebSettings | None = None,
) -> None:
    """Serve until interrupted. Settings come from the environment unless given
    (`calmdesk demo` passes development settings)."""
    app = create_app(factory, settings or load_settings())
    print(f"calmdesk is running at http://{host}:{port}/  (Ctrl+C to stop)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)


def app_from_env() -> Any:
    """The app of one `calmdesk serve --workers N` process, built after uvicorn forked it.

    Why a factory: each process opens its own store (connections are never shared across a
    fork); the settings and the database come from the environment, as for `calmdesk serve`.
    """
    from calmdesk.bootstrap import open_store

    return create_app(open_store(run_migrations=False), load_settings())


def serve_processes(host: str, port: int, workers: int) -> None:
    """Serve with `workers` uvicorn processes sharing one socket (PostgreSQL only: the store
    is shared, and background jobs run in `calmdesk worker`, never in these processes)."""
    print(f"calmdesk is running at http://{host}:{port}/  ({workers} processes; Ctrl+C to stop)", flush=True)
    uvicorn.run(
        "calmdesk.web.server:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        proxy_headers=False,
    )
