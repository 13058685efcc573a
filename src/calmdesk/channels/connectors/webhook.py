"""The generic signed webhook: inbound only (review sites, forms, shops post to calmdesk).

It has no API to call, so its only capability is "webhook"; signatures are checked by
`calmdesk.channels.webhooks` before the body reaches `accept_webhook`.
"""

from __future__ import annotations

from typing import ClassVar

from calmdesk.channels.connectors.base import BaseConnector, register


@register
class WebhookConnector(BaseConnector):
    platform: ClassVar[str] = "webhook"
    capabilities: ClassVar[frozenset[str]] = frozenset({"webhook"})
    # Never called: the base URL only satisfies the shared constructor.
    default_base_url: ClassVar[str] = "http://127.0.0.1:9"
