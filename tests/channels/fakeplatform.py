"""The connectors tests' fake platform: it lives in `calmdesk.demo.platform_api` since the demo's
sandbox (`calmdesk.demo.sandbox`) serves the same API shapes; tests import it from here as before."""

from calmdesk.demo.platform_api import (
    BRAND_DID,
    BRAND_X_ID,
    BSKY_PASSWORD,
    IG_ID,
    PAGE_ID,
    TOKEN,
    FakePlatform,
    Fault,
    Item,
    Received,
)

__all__ = ["BRAND_DID", "BRAND_X_ID", "BSKY_PASSWORD", "IG_ID", "PAGE_ID", "TOKEN", "FakePlatform", "Fault", "Item", "Received"]
