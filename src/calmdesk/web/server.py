"""Running the web desk with uvicorn (`calmdesk serve`, and `calmdesk demo` after loading data)."""

from __future__ import annotations

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
