"""Instants as a person reads them: in the brand's time zone, with the zone named. Pure."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_time(value: datetime | None, tz: str | None) -> str:
    """An instant in the brand's time zone, with the zone shown (stored times are UTC)."""
    if value is None:
        return "-"
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        zone = ZoneInfo(tz) if tz else UTC
    except (ZoneInfoNotFoundError, ValueError):
        zone = UTC
    local = aware.astimezone(zone)
    return local.strftime("%Y-%m-%d %H:%M ") + (local.tzname() or str(zone))
