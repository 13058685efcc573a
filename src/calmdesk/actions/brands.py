"""Brands, their playbooks and channel accounts."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.actions import audit
from calmdesk.domain.playbook import Playbook, default_playbook, parse_playbook
from calmdesk.storage.tables import Brand, Channel


class NotFound(LookupError):
    pass


def do_upsert_brand(session: Session, playbook: Playbook, toml_text: str | None, actor: str = "system") -> Brand:
    """Create or update a brand from its playbook; its channel accounts are created too."""
    brand = session.scalar(select(Brand).where(Brand.key == playbook.brand))
    if brand is None:
        brand = Brand(key=playbook.brand, name=playbook.display_name or playbook.brand, playbook_toml=toml_text)
        session.add(brand)
        session.flush()
        audit.record(session, actor=actor, verb="brand.created", brand_id=brand.id)
    else:
        brand.name = playbook.display_name or playbook.brand
        brand.playbook_toml = toml_text
        audit.record(session, actor=actor, verb="brand.playbook_updated", brand_id=brand.id)
    for account in playbook.channels:
        handle = account.handle.lstrip("@")
        ch = session.scalar(select(Channel).where(Channel.platform == account.platform, Channel.handle == handle))
        if ch is None:
            session.add(Channel(brand_id=brand.id, platform=account.platform, handle=handle, name=account.name))
        elif ch.brand_id != brand.id:
            raise ValueError(f"{account.platform} account @{handle} already belongs to another brand")
    session.flush()
    return brand


def ensure_brand(session: Session, key: str) -> Brand:
    brand = session.scalar(select(Brand).where(Brand.key == key))
    if brand is None:
        brand = Brand(key=key, name=key)
        session.add(brand)
        session.flush()
        audit.record(session, actor="system", verb="brand.created", brand_id=brand.id)
    return brand


def get_brand(session: Session, key: str) -> Brand:
    brand = session.scalar(select(Brand).where(Brand.key == key))
    if brand is None:
        known = ", ".join(session.scalars(select(Brand.key).order_by(Brand.key))) or "none yet"
        raise NotFound(f"no brand {key!r} (known brands: {known})")
    return brand


@lru_cache(maxsize=256)
def _parse_cached(key: str, text: str) -> Playbook:
    return parse_playbook(text, f"playbook of brand {key}")


def brand_playbook(brand: Brand) -> Playbook:
    if not brand.playbook_toml:
        return default_playbook(brand.key)
    return _parse_cached(brand.key, brand.playbook_toml)
