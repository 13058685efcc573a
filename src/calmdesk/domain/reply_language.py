"""Which language a suggested reply is written in.

The customer's own language, as triage detected it on their opening post, whenever we have
templates for it; the brand's first language only when triage could not tell or we cannot
write in theirs. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence


def reply_language(found: str | None, brand_languages: Sequence[str], template_languages: Sequence[str]) -> str:
    default = next((lang for lang in brand_languages if lang in template_languages), None) or (
        brand_languages[0] if brand_languages else "en"
    )
    if not found:
        return default
    code = found.lower().split("-")[0].split("_")[0]
    return code if code in template_languages else default
