"""Is the one e-mail pattern linear on hostile public text? Prints seconds per input size for the
shared pattern (`domain/emails.py`) against the old triage copy, on one long word without an `@`,
a long run of `x@`, and a long dotted domain. Run: .venv/bin/python bench/email_pattern.py"""

from __future__ import annotations

import re
import time

from calmdesk.domain.emails import EMAIL_PATTERN

#: The copy triage used before (issue 17): quadratic on one long word.
OLD_TRIAGE = re.compile(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def _seconds(pattern: re.Pattern[str], text: str) -> float:
    """The best of three runs (the machine is shared; the minimum is the least disturbed)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        pattern.findall(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    shapes = {
        "one long word": lambda n: "a" * n,
        "x@x@x@...": lambda n: "x@" * (n // 2),
        "long dotted domain": lambda n: "x@" + "a1." * (n // 3) + "1",
    }
    for name, make in shapes.items():
        for n in (10_000, 40_000):
            text = make(n)
            new = _seconds(EMAIL_PATTERN, text)
            # The old copy is quadratic: at 40,000 characters it takes tens of seconds, so it runs at 10,000 only.
            old = f"{_seconds(OLD_TRIAGE, text) * 1000:10.1f} ms" if n <= 10_000 else "   (not run)"
            print(f"{name:20s} {n:>6} chars: shared pattern {new * 1000:8.2f} ms   old triage copy {old}")
    grow = _seconds(EMAIL_PATTERN, "a" * 160_000) / max(_seconds(EMAIL_PATTERN, "a" * 40_000), 1e-9)
    print(f"shared pattern, one long word, 4x the length: {grow:.1f}x the time (linear is about 4x)")


if __name__ == "__main__":
    main()
