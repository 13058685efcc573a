"""Which parser reads a stored webhook body: the receipt's source names the platform (or the brand).

A webhook endpoint stores the raw body under a source (`x`, `meta`, `generic:<brand>`) and
returns at once; a worker later turns the body into mentions here, so a parser fix can be
applied to bodies already stored.
"""

from __future__ import annotations

import json

from calmdesk.channels import parse_payload
from calmdesk.domain.mentions import MentionIn

GENERIC_PREFIX = "generic:"


class ReceiptError(ValueError):
    """A receipt whose body cannot be turned into mentions (kept with the reason, never dropped)."""


def receipt_source_generic(brand_key: str) -> str:
    return f"{GENERIC_PREFIX}{brand_key}"


def parse_receipt(source: str, body: str) -> tuple[list[MentionIn], str | None]:
    """The mentions in a stored body and the brand they are for (None: decided by the channel)."""
    if source.startswith(GENERIC_PREFIX):
        brand_key = source[len(GENERIC_PREFIX) :]
        return parse_payload("webhook", body), brand_key
    if source == "meta":
        try:
            kind = json.loads(body).get("object")
        except (ValueError, AttributeError) as exc:
            raise ReceiptError("meta webhook body is not a JSON object") from exc
        return parse_payload("instagram" if kind == "instagram" else "facebook", body), None
    if source == "x":
        return parse_payload("x", body), None
    raise ReceiptError(f"unknown receipt source {source!r}")
