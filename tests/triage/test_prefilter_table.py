"""The shipped pre-check table: current for the shipped patterns, and never able to change an answer."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

from calmdesk.triage import prefilter
from calmdesk.triage.prefilter import Prefiltered, _read_literals, fold


def _table(path: Path) -> dict[str, object]:
    return json.loads(gzip.decompress(path.read_bytes()))


def test_shipped_table_is_current(tmp_path: Path) -> None:
    """A fresh process (no test's own patterns) rebuilds exactly the shipped table; when this fails,
    a pattern changed: run `calmdesk train prefilter` and commit the table."""
    fresh = tmp_path / "table.json.gz"
    done = subprocess.run(
        [sys.executable, "-m", "calmdesk.cli.main", "train", "prefilter", "--output", str(fresh)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "pre-check table written" in done.stdout
    shipped, rebuilt = _table(prefilter.TABLE_PATH), _table(fresh)
    assert rebuilt["version"] == prefilter.ANALYSIS_VERSION
    assert shipped == rebuilt, "run `calmdesk train prefilter` and commit src/calmdesk/triage/models/prefilter_table.json.gz"


def test_a_fresh_process_reads_every_pattern_from_the_table() -> None:
    code = (
        "import calmdesk.triage.pipeline\n"
        "from calmdesk.triage import prefilter\n"
        "print(prefilter.table_misses(), len(prefilter._seen['literals']))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    misses, seen = int(out[0]), int(out[1])
    assert seen > 1000  # the signals' patterns were filed
    assert misses == 0


def test_a_pattern_missing_from_the_table_is_read_from_the_pattern() -> None:
    pattern = re.compile(r"\b(?:refund me|give (?:me )?my money back) now\b", re.I)
    checked = Prefiltered(pattern)
    assert checked.literals == _read_literals(pattern.pattern, pattern.flags)
    assert checked.literals == ("give me my money back now", "give my money back now", "refund me now")
    assert checked.search("please REFUND ME NOW") is not None
    assert checked.search("refund me later") is None


def test_a_wrong_table_entry_cannot_hide_a_match(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The table is keyed by the pattern's text and flags: an entry for another pattern, or another
    version of the analysis, is never used for this one."""
    pattern = re.compile(r"\bchargeback threat\w*", re.I)
    key = prefilter._key(pattern.pattern, pattern.flags)
    assert prefilter._key(pattern.pattern, 0) != key
    assert prefilter._key(pattern.pattern + " ", pattern.flags) != key
    monkeypatch.setattr(prefilter, "ANALYSIS_VERSION", prefilter.ANALYSIS_VERSION + 1)
    assert prefilter._key(pattern.pattern, pattern.flags) != key


def test_an_unreadable_table_only_costs_start_up(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(b"not gzip")
    code = (
        "from pathlib import Path\n"
        "from calmdesk.triage import prefilter\n"
        f"prefilter.TABLE_PATH = Path({str(broken)!r})\n"
        "from calmdesk.triage.pipeline import Triage, TriageInput\n"
        "r = Triage().run([TriageInput(text='the charger caught fire and burned my hand, my lawyer will hear of this')])[0]\n"
        "print(sorted(r.escalation), prefilter.table_misses() > 1000)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "'safety'" in out and "True" in out


def test_a_pattern_with_two_required_parts_runs_only_when_both_occur() -> None:
    pattern = re.compile(r"\b(?:sent|mailed)\b[^.!?]{0,60}?\bto the wrong (?:address|person)", re.I)
    checked = Prefiltered(pattern)
    assert checked.literals == ("to the wrong address", "to the wrong person")
    assert checked.second == ("mailed", "sent")
    assert not checked.may_match(fold("it went to the wrong address again"))  # no verb: cannot match
    assert not checked.may_match(fold("I sent it twice"))
    text = "They SENT my passport copy to the wrong person!"
    assert checked.may_match(fold(text))
    assert checked.search(text) is not None
    assert checked.search(text).group() == pattern.search(text).group()  # type: ignore[union-attr]
