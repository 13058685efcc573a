"""Reply templates per brand and language, loaded from TOML files.

Files live in `replies/templates/` as `<brand>.<lang>.toml`; `default.<lang>.toml` is the
fallback a brand's file is layered over (a brand overrides whole slots). A deployment can
add a directory of its own. Variables are filled by name only, and a wording that needs a
variable nobody gave raises `TemplateError` naming the file, kind, slot and variable, so a
half-filled reply ("Hi {customer_name}") can never reach a customer.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

BUILTIN_DIR = Path(__file__).parent / "templates"
KINDS = ("ack", "handoff", "followup", "closeout", "answer")
#: A kind may have variants per case category or per triage topic, as sub-tables
#: (`[ack.safety]`, `[handoff.billing]`): a variant takes the kind's slots and wordings and
#: replaces those it lists (see `replies.grounding`). The composer takes the case's category
#: first, then its topic, then the plain kind.
VARIANTS = (
    "safety", "health", "data_breach", "pii_public", "legal", "press", "praise",
    "delivery", "billing", "product_quality", "account_access", "technical", "staff_service",
)  # fmt: skip
#: Facts a slot may be limited to with `needs = { slot = "flag" }` (see `grounding.flags`): a
#: slot whose flag the case lacks is left out, so "get medical advice first" is said only when
#: someone is unwell, and "unplug it" only for something electrical. "!flag" keeps a slot only
#: when the case lacks the flag (the general "keep it" when the food-specific one does not apply).
FLAGS = ("unwell", "electrical", "food", "order")


class TemplateError(ValueError):
    pass


@dataclass(frozen=True)
class KindTemplate:
    kind: str
    visibility: str
    slots: tuple[str, ...]
    optional: frozenset[str]
    wordings: dict[str, tuple[str, ...]]
    #: slot -> flag it needs (`FLAGS`); a slot not listed is always there
    needs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TemplateSet:
    brand: str
    language: str
    source: str
    kinds: dict[str, KindTemplate]
    snippets: dict[str, str] = field(default_factory=dict)


def fields(template: str) -> list[str]:
    names = []
    for _, name, spec, conv in string.Formatter().parse(template):
        if name is None:
            continue
        if not name.isidentifier() or spec or conv:
            raise TemplateError(f"{template!r}: only plain {{name}} variables are allowed, not {{{name}}}")
        names.append(name)
    return names


def fill(template: str, variables: Mapping[str, str], where: str) -> str:
    """Fill `{name}` variables; values are inserted literally (never re-interpreted)."""
    missing = [n for n in fields(template) if not str(variables.get(n) or "").strip()]
    if missing:
        raise TemplateError(
            f"{where}: needs variable {missing[0]!r}, which was not given (wording: {template!r})"
        )
    return template.format_map({k: str(v) for k, v in variables.items()})


def _parse(data: dict, source: str) -> tuple[dict[str, KindTemplate], dict[str, str]]:
    kinds: dict[str, KindTemplate] = {}
    for kind in KINDS:
        raw = data.get(kind)
        if raw is None:
            continue
        if not isinstance(raw, dict):
            raise TemplateError(f"{source}: [{kind}] must be a table")
        slots = raw.get("slots")
        if not isinstance(slots, list) or not slots:
            raise TemplateError(f"{source}: [{kind}] needs a non-empty 'slots' list")
        wordings: dict[str, tuple[str, ...]] = {}
        for slot in slots:
            values = raw.get(slot)
            if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
                raise TemplateError(f"{source}: [{kind}] slot {slot!r} needs a non-empty list of strings")
            for v in values:
                fields(v)
            wordings[slot] = tuple(values)
        vis = raw.get("visibility", "public")
        if vis not in ("public", "private"):
            raise TemplateError(f"{source}: [{kind}] visibility must be public or private")
        needs = raw.get("needs", {})
        if not isinstance(needs, dict):
            raise TemplateError(f"{source}: [{kind}] needs must be a table of slot = flag")
        for slot, flag in needs.items():
            if slot not in slots:
                raise TemplateError(f"{source}: [{kind}] needs names slot {slot!r}, which is not in slots")
            if not isinstance(flag, str) or flag.removeprefix("!") not in FLAGS:
                raise TemplateError(f"{source}: [{kind}] needs {slot} = {flag!r}: not a known flag ({', '.join(FLAGS)})")
        kinds[kind] = KindTemplate(
            kind, vis, tuple(slots), frozenset(raw.get("optional", [])), wordings, dict(needs)
        )
        for variant, sub in raw.items():
            if not isinstance(sub, dict) or variant == "needs":
                continue
            if variant not in VARIANTS:
                raise TemplateError(f"{source}: [{kind}.{variant}] is not a known variant ({', '.join(VARIANTS)})")
            table = {k: v for k, v in raw.items() if not isinstance(v, dict)}
            table.update(sub)
            table.setdefault("needs", {})
            inner, _ = _parse({kind: table}, f"{source} [{kind}.{variant}]")
            base = inner[kind]
            kinds[f"{kind}.{variant}"] = KindTemplate(
                f"{kind}.{variant}", base.visibility, base.slots, base.optional, base.wordings, base.needs
            )
    snippets = data.get("snippets", {})
    if not isinstance(snippets, dict) or not all(isinstance(v, str) for v in snippets.values()):
        raise TemplateError(f"{source}: [snippets] must map names to strings")
    return kinds, dict(snippets)


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{path}: not valid TOML: {exc}") from exc


def load_templates(
    brand: str = "default", language: str = "en", extra_dir: Path | None = None
) -> TemplateSet:
    """The default set for `language`, with the brand's file (built-in or in `extra_dir`) layered over it."""
    dirs = [d for d in (extra_dir, BUILTIN_DIR) if d is not None]
    base_path = next(
        (d / f"default.{language}.toml" for d in dirs if (d / f"default.{language}.toml").exists()), None
    )
    if base_path is None:
        known = sorted(p.name.split(".")[1] for p in BUILTIN_DIR.glob("default.*.toml"))
        raise TemplateError(f"no templates for language {language!r} (available: {', '.join(known)})")
    kinds, snippets = _parse(_read(base_path), str(base_path))
    source = str(base_path)
    if brand != "default":
        for d in dirs:
            p = d / f"{brand}.{language}.toml"
            if p.exists():
                over_kinds, over_snips = _parse_overlay(_read(p), str(p), kinds)
                kinds.update(over_kinds)
                snippets.update(over_snips)
                source = f"{p} over {base_path}"
                break
    return TemplateSet(brand, language, source, kinds, snippets)


def _parse_overlay(
    data: dict, source: str, base: dict[str, KindTemplate]
) -> tuple[dict[str, KindTemplate], dict[str, str]]:
    """A brand file may replace single slots of a kind; the rest comes from the default file."""
    merged: dict = {}
    for kind in KINDS:
        if kind in data:
            b = base.get(kind)
            table = dict(data[kind])
            if b is not None:
                table.setdefault("slots", list(b.slots))
                table.setdefault("optional", list(b.optional))
                table.setdefault("visibility", b.visibility)
                if "slots" not in data[kind]:
                    table.setdefault("needs", dict(b.needs))
                for slot, words in b.wordings.items():
                    table.setdefault(slot, list(words))
            merged[kind] = table
    if "snippets" in data:
        merged["snippets"] = data["snippets"]
    return _parse(merged, source)


def snippet(ts: TemplateSet, name: str, variables: Mapping[str, str]) -> str:
    if name not in ts.snippets:
        raise TemplateError(
            f"no snippet {name!r} for {ts.brand}/{ts.language} (have: {', '.join(sorted(ts.snippets))})"
        )
    return fill(ts.snippets[name], variables, f"{ts.source} [snippets].{name}")
