"""Money amounts as they enter the desk: finite, in range, at most cent precision.

Why: `float("nan")` compares false with everything, so a NaN compensation once passed the
B-COMPENSATE limit check ("nan > limit" is false), was granted, and then broke the page that
showed it. Every door that takes an amount (web form, JSON API, CLI, customer import) ends
here, and the domain check in `compensation.decide` calls it too, so no path can skip it.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

#: No single compensation or order on a complaint desk is anywhere near this; above it is a typo.
MAX_AMOUNT = 1_000_000
#: Cents. An amount like 10.123456789 is a typo or a probe, not a price.
AMOUNT_DECIMALS = 2


class AmountError(ValueError):
    """An amount that cannot be accepted; the message names the field and the rule."""


def check_amount(
    value: float | Decimal | int | str, *, field: str = "value", allow_zero: bool = False
) -> float:
    """`value` as a float once it is a finite number in (0 or more, MAX_AMOUNT] with at most two
    decimal places; AmountError naming `field` otherwise."""
    try:
        exact = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise AmountError(f"{field}: {value!r} is not a number") from None
    if not exact.is_finite() or not math.isfinite(float(exact)):
        raise AmountError(f"{field}: must be a finite number, got {value!r}")
    if exact < 0 or (exact == 0 and not allow_zero):
        raise AmountError(f"{field}: must be {'zero or more' if allow_zero else 'positive'}, got {value!r}")
    if exact > MAX_AMOUNT:
        raise AmountError(f"{field}: {value!r} is above the ceiling of {MAX_AMOUNT:,}")
    exponent = exact.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -AMOUNT_DECIMALS:
        raise AmountError(f"{field}: at most {AMOUNT_DECIMALS} decimal places, got {value!r}")
    return float(exact)
