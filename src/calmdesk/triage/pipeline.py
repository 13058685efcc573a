"""Run every signal over a batch of mentions and return one typed result per mention.

Batches, because the complaint model scores many texts in one pass; everything else is
per text and cheap. The pipeline is pure: context (known customers, earlier cases, the
burst state) comes in as data, so the CLI and the ingest hook share it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from calmdesk.domain.playbook import Playbook, PriorityWeights
from calmdesk.domain.priority import Factor, PrioritySignals, score_priority
from calmdesk.domain.public_text import TRIAGE_MAX_CHARS, storable, triage_prefix
from calmdesk.triage.complaint import ComplaintScorer
from calmdesk.triage.complaint_embed import complaint_model
from calmdesk.triage.escalation import REASONS, Reason, escalation
from calmdesk.triage.influence import influence
from calmdesk.triage.language import language
from calmdesk.triage.legitimacy import AccountInfo, BurstDetector, legitimacy
from calmdesk.triage.offensive import offensive
from calmdesk.triage.pii import PiiSpan, find_pii, redact
from calmdesk.triage.prefilter import fold
from calmdesk.triage.second_opinion import SecondOpinion, default_second_opinion
from calmdesk.triage.sentiment import sentiments
from calmdesk.triage.topic import TopicClassifier


@dataclass(frozen=True)
class TriageInput:
    text: str
    author: AccountInfo = field(default_factory=AccountInfo)
    created_at: datetime | None = None
    platform: str | None = None
    visibility: str = "public"
    known_customer: bool = False
    customer_value: float = 0.0  # 0..1
    earlier_cases: int = 0
    engagement: int = 0


@dataclass(frozen=True)
class TriageResult:
    language: str
    is_complaint: bool
    complaint_score: float
    sentiment: float
    offensive: bool
    pii: tuple[PiiSpan, ...]
    redacted_text: str
    spam: bool
    legitimacy: float
    legitimacy_reasons: tuple[str, ...]
    known_customer: bool
    escalation: tuple[Reason, ...]
    topic: str
    reach: float
    priority: int
    factors: tuple[Factor, ...]
    #: Set when the post was longer than `TRIAGE_MAX_CHARS`: how many characters were read.
    triaged_chars: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The stored and printed shape (Mention.triage, `calmdesk triage` output)."""
        out = {
            "language": self.language,
            "is_complaint": self.is_complaint,
            "complaint_score": self.complaint_score,
            "sentiment": self.sentiment,
            "offensive": self.offensive,
            "pii": [{"type": p.type, "start": p.start, "end": p.end} for p in self.pii],
            "spam": self.spam,
            "legitimacy": self.legitimacy,
            "legitimacy_reasons": list(self.legitimacy_reasons),
            "known_customer": self.known_customer,
            "escalation": list(self.escalation),
            "topic": self.topic,
            "reach": self.reach,
            "priority": self.priority,
            "factors": [f.as_dict() for f in self.factors],
        }
        if self.triaged_chars is not None:
            out["triaged_chars"] = self.triaged_chars
        return out


_CONTENT_SPAM = frozenset(("get_rich", "follower_selling", "scam_offer", "link_spam", "mass_mention", "gibberish"))


def _content_spam(reasons: tuple[str, ...]) -> bool:
    return not _CONTENT_SPAM.isdisjoint(reasons)


class Triage:
    """Holds what is costly to build once (model, topic patterns, weights) and the burst window.

    The complaint model is `model`, else `complaint_model(complaint_kind)`: the `[ml]`
    extra's embedding model when it is installed (`auto`), else the default one;
    `self.model.kind` says which.
    """

    def __init__(
        self,
        playbook: Playbook | None = None,
        model: ComplaintScorer | None = None,
        burst: BurstDetector | None = None,
        threshold: float = 0.5,
        complaint_kind: str | None = None,
        second_opinion: SecondOpinion | None | bool = True,
    ) -> None:
        self.model: ComplaintScorer = model or complaint_model(complaint_kind)
        self.weights: PriorityWeights = playbook.priority if playbook else PriorityWeights()
        self.topics = TopicClassifier(playbook.topics if playbook else None)
        self.burst = burst if burst is not None else BurstDetector()
        self.threshold = threshold
        #: The learned second opinion beside the rules (`second_opinion.py`): True takes the
        #: shipped file, False or None runs the rules alone.
        self.second: SecondOpinion | None = (
            default_second_opinion() if second_opinion is True else second_opinion or None
        )
        #: Short posts with no known word default to the brand's first language.
        self.default_language = playbook.languages[0] if playbook and playbook.languages else None

    def run(self, items: Sequence[TriageInput]) -> list[TriageResult]:
        if not items:
            return []
        # Public text has no length limit; every signal reads a bounded prefix (issue 17,
        # item 2), and a result says when it did not read the whole post. Lone surrogates
        # (JSON's "\ud800") have no encoding the signals could use: cleaned like stored text.
        texts = [storable(triage_prefix(it.text)) for it in items]
        senti = sentiments(texts)
        lowers = [t.lower() for t in texts]
        # `fold` is `lower` for ASCII text; computed once and shared by the keyword signals.
        folded = [x if x.isascii() else fold(t) for t, x in zip(texts, lowers, strict=True)]
        scores = self.model.scores(texts, senti, lowers)
        learned = self.second.flags(lowers) if self.second is not None else [frozenset()] * len(items)
        # B-LEGIT bursts: feed the window first, then ask again so earlier members of a
        # burst in this batch are marked too, not only the post that completed it.
        in_burst = [self.burst.add(t, it.author.handle or "?", it.created_at) for t, it in zip(texts, items, strict=True)]
        in_burst = [b or self.burst.members(t) >= self.burst.min_authors for b, t in zip(in_burst, texts, strict=True)]
        out = []
        for it, text, s, score, burst, fx, opinion in zip(
            items, texts, senti, scores, in_burst, folded, learned, strict=True
        ):
            spans = tuple(find_pii(text))
            legit = legitimacy(
                text,
                it.author,
                it.created_at,
                known_customer=it.known_customer,
                in_burst=burst,
                folded=fx,
            )
            esc = escalation(text, fx)
            reasons = esc.reasons
            spam = legit.spam
            if opinion:
                reasons = tuple(r for r in REASONS if r in reasons or r in opinion)
                # B-LEGIT: the model alone never marks a known customer as spam
                spam = spam or ("spam" in opinion and not legit.known_customer)
            infl = influence(it.author.followers, it.author.verified, it.engagement, it.earlier_cases)
            cscore = round(float(score), 4)
            prio = score_priority(
                PrioritySignals(
                    complaint_score=cscore,
                    sentiment=s.compound,
                    escalation=bool(reasons),
                    reach=infl.reach,
                    customer_value=it.customer_value,
                    spam=spam,
                ),
                self.weights,
            )
            out.append(
                TriageResult(
                    language=language(text, self.default_language).code,
                    # Spam by its content (link spam, scams) is not a customer's complaint, whatever
                    # words it borrows; the score is kept for people who look.
                    is_complaint=cscore >= self.threshold
                    and not ((legit.spam and _content_spam(legit.reasons)) or (spam and not legit.spam)),
                    complaint_score=cscore,
                    sentiment=round(s.compound, 4),
                    offensive=offensive(text, fx).offensive or "offensive" in opinion,
                    pii=spans,
                    # A long post with personal data is shown as its redacted prefix only:
                    # what triage did not read was not checked for personal data either.
                    redacted_text=redact(text, list(spans)) if spans else it.text,
                    spam=spam,
                    legitimacy=legit.score if spam == legit.spam else min(legit.score, 0.1),
                    legitimacy_reasons=legit.reasons + (("learned_spam",) if spam and not legit.spam else ()),
                    known_customer=legit.known_customer,
                    escalation=reasons,
                    topic=self.topics.topic(text),
                    reach=infl.reach,
                    priority=prio.score,
                    factors=prio.factors,
                    triaged_chars=TRIAGE_MAX_CHARS if len(it.text) > TRIAGE_MAX_CHARS else None,
                )
            )
        return out
