"""Where simulated arrivals come from: a volume profile file, or a real day in the store.

A profile is TOML (see `examples/volume-profile.toml`): expected cases per hour, the
channel mix, the share of each priority band, and optionally shifts and handling time.
Errors name the file, the key and the problem, like the brand playbook's.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.domain.playbook import PLATFORMS
from calmdesk.domain.tomlconfig import load_toml_model
from calmdesk.simulate.engine import BANDS, Arrival, Handling, Shift, band_of
from calmdesk.storage.tables import Brand, Case


class ProfileError(ValueError):
    """A profile or a store day that cannot be simulated; the message says where and why."""


class HandlingSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mean_minutes: float = Field(12.0, gt=0)
    distribution: Literal["lognormal", "exponential"] = "lognormal"
    sigma: float = Field(0.6, ge=0)

    def to_handling(self) -> Handling:
        return Handling(mean=self.mean_minutes, kind=self.distribution, sigma=self.sigma)


class VolumeProfile(BaseModel):
    """A typical day: arrivals per hour and how they split over channels and bands."""

    model_config = ConfigDict(extra="forbid")
    name: str = "profile"
    hourly: list[float] = Field(min_length=24, max_length=24)
    channels: dict[str, float] = Field(default_factory=lambda: {"x": 1.0})
    bands: dict[str, float] = Field(
        default_factory=lambda: {"critical": 0.05, "high": 0.15, "normal": 0.5, "low": 0.3}
    )
    shifts: list[str] = Field(default_factory=lambda: ["08:00-18:00"])
    handling: HandlingSpec = Field(default_factory=lambda: HandlingSpec())

    @field_validator("hourly")
    @classmethod
    def _hourly(cls, v: list[float]) -> list[float]:
        for h, rate in enumerate(v):
            if rate < 0:
                raise ValueError(f"hour {h:02d}: expected cases must be >= 0, got {rate}")
        return v

    @field_validator("channels")
    @classmethod
    def _channels(cls, v: dict[str, float]) -> dict[str, float]:
        for k, share in v.items():
            if k not in PLATFORMS:
                raise ValueError(f"unknown channel {k!r} (one of {', '.join(PLATFORMS)})")
            if share < 0:
                raise ValueError(f"share of {k!r} must be >= 0")
        if not sum(v.values()) > 0:
            raise ValueError("channel shares must add up to more than 0")
        return v

    @field_validator("bands")
    @classmethod
    def _bands(cls, v: dict[str, float]) -> dict[str, float]:
        for k, share in v.items():
            if k not in BANDS:
                raise ValueError(f"unknown band {k!r} (one of {', '.join(BANDS)})")
            if share < 0:
                raise ValueError(f"share of {k!r} must be >= 0")
        if not sum(v.values()) > 0:
            raise ValueError("band shares must add up to more than 0")
        return v

    @field_validator("shifts")
    @classmethod
    def _shifts(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError("at least one shift is needed")
        for s in v:
            Shift.parse(s)
        return v

    def shift_list(self) -> list[Shift]:
        return [Shift.parse(s) for s in self.shifts]

    def arrivals(self, seed: int) -> list[Arrival]:
        """One day's arrivals: a Poisson process per hour at the hour's rate, seeded."""
        rng = random.Random(seed)
        channels = list(self.channels)
        ch_weights = [self.channels[c] for c in channels]
        bands = list(self.bands)
        band_weights = [self.bands[b] for b in bands]
        out: list[Arrival] = []
        for hour, rate in enumerate(self.hourly):
            if rate <= 0:
                continue
            t = 0.0
            while True:
                t += rng.expovariate(rate / 60.0)
                if t >= 60.0:
                    break
                out.append(
                    Arrival(
                        minute=hour * 60.0 + t,
                        channel=rng.choices(channels, ch_weights)[0],
                        band=rng.choices(bands, band_weights)[0],
                    )
                )
        return out


def parse_profile(text: str, source: str = "<profile>") -> VolumeProfile:
    return load_toml_model(text, source, VolumeProfile, ProfileError, "examples/volume-profile.toml")


def arrivals_from_store(session: Session, day: date, brand: str | None = None) -> list[Arrival]:
    """The cases opened on `day` (UTC) as arrivals, with their channel and band.

    The band comes from the case's stored priority score and escalation list, so the replay
    reflects what triage decided that day.
    """
    start = datetime.combine(day, time(0), tzinfo=UTC)
    stmt = select(Case.opened_at, Case.platform, Case.priority, Case.escalation, Case.state).where(
        Case.opened_at >= start, Case.opened_at < start + timedelta(days=1)
    )
    if brand is not None:
        brand_id = session.scalar(select(Brand.id).where(Brand.key == brand))
        if brand_id is None:
            raise ProfileError(f"unknown brand {brand!r}")
        stmt = stmt.where(Case.brand_id == brand_id)
    out = []
    for opened_at, platform, priority, escalation, state in session.execute(stmt.order_by(Case.opened_at)):
        minute = (opened_at - start).total_seconds() / 60.0
        escalated = bool(escalation) or state == "escalated"
        out.append(Arrival(minute=minute, channel=platform, band=band_of(priority or 0, escalated)))
    return out
