"""What the triage tests share: a tiny labelled CSV in the `train complaint` layout."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

COMPLAINTS = [
    "@acme my parcel is three weeks late and nobody answers",
    "@acme charged twice again, where is my refund",
    "@acme app crashes every time I open it, useless",
    "@acme still waiting for a reply, terrible service",
    "@acme the blender broke after two days",
    "@acme why is my order still not here",
]
PRAISE = [
    "@acme love the new jacket, thank you!",
    "great coffee this morning, happy friday",
    "@acme congrats on the award, well deserved",
    "just watched a great film with friends",
    "@acme thanks for the quick help yesterday",
    "what a lovely sunny day at the beach",
]


@pytest.fixture
def labelled_csv(tmp_path: Path) -> Path:
    """Twelve posts labelled complaint (1) or not (0), columns text,is_complaint."""
    data = tmp_path / "labels.csv"
    with data.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "is_complaint"])
        w.writerows([(t, 1) for t in COMPLAINTS] + [(t, 0) for t in PRAISE])
    return data
