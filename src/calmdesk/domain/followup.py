"""B-FOLLOWUP: reading the customer's later messages for a thank-you or continued dissatisfaction.

The best outcome of a case is the customer saying thanks; the desk records whether it
came. A small, explainable phrase list (English and German) does this better than a
sentiment score, which reads "thanks for nothing" as polite. Dissatisfaction wins over
thanks when both appear ("thanks, but it still doesn't work" is not a happy customer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    THANKS = "thanks"
    DISSATISFIED = "dissatisfied"
    NEUTRAL = "neutral"


_THANKS = [
    r"\bthank(?:s| you| u|x)\b",
    r"\bthx\b",
    r"\bty\b",
    r"\bcheers\b",
    r"\bmuch appreciated\b",
    r"\b(?:really |much )?appreciate (?:it|that|the|your)\b",
    r"\b(?:all|problem|issue) (?:sorted|solved|fixed|resolved)\b",
    r"\b(?:works|working) (?:now|again|perfectly|fine)\b",
    r"\bgreat (?:service|support|help|job)\b",
    r"\byou(?:'re| are| guys are| folks are| lot are) (?:the best|awesome|amazing|great|stars?)\b",
    r"\bhappy (?:now|with (?:the|that|this))\b",
    r"\b(?:arrived|got it|received it)\b.{0,30}\b(?:thanks|great|perfect)\b",
    r"\bperfect\b",
    r"\bdanke(?:schön| schön| sehr)?\b",
    r"\bvielen dank\b",
    r"\btausend dank\b",
    r"\bsuper(?:,)? (?:service|hilfe|danke)\b",
    r"\bproblem (?:ist )?gelöst\b",
    r"\bfunktioniert (?:jetzt|wieder)\b",
    r"\bklasse\b",
]

_DISSATISFIED = [
    r"\bthanks? for nothing\b",
    r"\bno thanks? to you\b",
    r"\bstill (?:not|no|doesn't|does not|isn't|is not|broken|waiting|nothing|haven't|have not)\b",
    r"\b(?:doesn't|does not|didn't|did not|won't|isn't|is not) (?:work|help|arrive|fix)\w*\b",
    r"\bnot (?:happy|satisfied|resolved|fixed|sorted|acceptable|good enough)\b",
    r"\b(?:unhappy|unacceptable|disappointed|disappointing|useless|ridiculous|joke|worst)\b",
    r"\bnever (?:again|buying|ordering)\b",
    r"\b(?:cancel(?:ling|led)?|switching to|done with) (?:my|you|your|the)\b",
    r"\bwaste of (?:time|money)\b",
    r"\bno (?:one|body) (?:helps|cares|replied|answered)\b",
    r"\bimmer noch (?:nicht|kein|nichts)\b",
    r"\bfunktioniert (?:immer noch )?nicht\b",
    r"\bnicht (?:zufrieden|gelöst|angekommen)\b",
    r"\b(?:unzufrieden|enttäuscht|enttäuschend|frechheit|unverschämt|katastrophe|nie wieder)\b",
    r"\bdanke für nichts\b",
]

_THANKS_RE = [re.compile(p, re.IGNORECASE) for p in _THANKS]
_DISSATISFIED_RE = [re.compile(p, re.IGNORECASE) for p in _DISSATISFIED]


@dataclass(frozen=True)
class FollowupReading:
    outcome: Outcome
    evidence: str | None  # the phrase that decided it, shown to people


def classify_followup(text: str) -> FollowupReading:
    """Thanks, dissatisfied or neutral, with the phrase that decided it."""
    t = " ".join(text.split())
    for rx in _DISSATISFIED_RE:
        m = rx.search(t)
        if m:
            return FollowupReading(Outcome.DISSATISFIED, m.group(0))
    for rx in _THANKS_RE:
        m = rx.search(t)
        if m:
            return FollowupReading(Outcome.THANKS, m.group(0))
    return FollowupReading(Outcome.NEUTRAL, None)
