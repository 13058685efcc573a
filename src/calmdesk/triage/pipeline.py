"""Run every signal over a batch of mentions and return one typed result per mention.

Batches, because the complaint model scores many texts in one pass; everything else is
per text and cheap. The pipeline is pure: context (known customers, earlier cases, the
burst state) comes in as data, so the CLI and the ingest hook share it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from calmdesk.domain.playbook import Playbook, PriorityWeights
from calmdesk.domain.priority import Factor, priority_of
from calmdesk.domain.public_text import TRIAGE_MAX_CHARS, storable, triage_prefix
from calmdesk.triage.complaint import ComplaintScorer
from calmdesk.triage.complaint_embed import complaint_model
from calmdesk.triage.escalation import REASONS, Reason, escalation
from calmdesk.triage.influence import reach_of
from calmdesk.triage.language import language as language  # the stages bench reads it here
from calmdesk.triage.language import language_code
from calmdesk.triage.legitimacy import AccountInfo, BurstDetector, burst_signature, legitimacy
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


class _TextSignals(NamedTuple):
    """The signals that depend on a post's text alone (what `Triage` caches by text).

    A named tuple, not a frozen dataclass: one is built for every distinct post, and a
    frozen dataclass sets each of its ten fields through `object.__setattr__`."""

    sentiment: float
    complaint_score: float
    folded: str
    opinion: frozenset[str]
    pii: tuple[PiiSpan, ...]
    redacted: str | None
    escalation: tuple[Reason, ...]
    offensive: bool
    language: str
    topic: str


#: What `Triage.warm_up` scores: a post that reaches most of the signals' lazily built parts.
_WARM_UP_TEXT = "@acme my parcel never arrived, order 12345678, refund please!! http://example.com/x #fail"

#: Distinct texts whose text-only signals a `Triage` keeps (a few MB at this size).
CACHE_SIZE = 20_000


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
        cache_size: int = CACHE_SIZE,
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
        #: LRU of text-only signals by text; 0 keeps nothing beyond the current batch.
        self.cache_size = cache_size
        self._cache: OrderedDict[str, _TextSignals] = OrderedDict()

    def run(self, items: Sequence[TriageInput]) -> list[TriageResult]:
        """Triage one batch in stream order: feeds the burst window, then scores the batch."""
        return self.score(items, self.bursts(items))

    def bursts(self, items: Sequence[TriageInput]) -> list[bool]:
        """B-LEGIT bursts for a batch: the only stateful step, so `calmdesk triage --workers`
        runs it in the parent process, in stream order, and hands the flags to `score`."""
        sigs = [burst_signature(storable(triage_prefix(it.text))) for it in items]
        burst = self.burst
        # Feed the window first, then ask again so earlier members of a burst in this batch
        # are marked too, not only the post that completed it.
        in_burst = [burst.add_signature(s, it.author.handle or "?", it.created_at) for s, it in zip(sigs, items, strict=True)]
        return [b or burst.members_of(s) >= burst.min_authors for b, s in zip(in_burst, sigs, strict=True)]

    def _text_signals(self, texts: list[str]) -> list[_TextSignals]:
        """What depends on the text alone, once per distinct text (LRU across batches).

        Real streams repeat themselves (retweets, templated posts, bursts); every signal here
        is a function of the text, so a repeat costs a dictionary look-up.
        """
        cache = self._cache
        fresh = list(dict.fromkeys(t for t in texts if t not in cache))
        if fresh:
            for text, sig in zip(fresh, self._compute(fresh), strict=True):
                cache[text] = sig
        out = []
        for t in texts:
            sig = cache[t]
            cache.move_to_end(t)
            out.append(sig)
        while len(cache) > self.cache_size:
            cache.popitem(last=False)
        return out

    def _compute(self, fresh: list[str]) -> list[_TextSignals]:
        """The text-only signals of distinct texts, computed (no cache)."""
        senti = sentiments(fresh)
        lowers = [t.lower() for t in fresh]
        # `fold` is `lower` for ASCII text; computed once and shared by the keyword signals.
        folded = [x if x.isascii() else fold(t) for t, x in zip(fresh, lowers, strict=True)]
        scores = self.model.scores(fresh, senti, lowers)
        learned = self.second.flags(lowers) if self.second is not None else [frozenset()] * len(fresh)
        out = []
        for text, s, score, fx, opinion in zip(fresh, senti, scores, folded, learned, strict=True):
            spans = tuple(find_pii(text, fx))
            out.append(
                _TextSignals(
                    sentiment=s.compound,
                    complaint_score=round(float(score), 4),
                    folded=fx,
                    opinion=opinion,
                    pii=spans,
                    redacted=redact(text, list(spans)) if spans else None,
                    escalation=escalation(text, fx).reasons,
                    offensive=offensive(text, fx).offensive or "offensive" in opinion,
                    language=language_code(text, self.default_language),
                    topic=self.topics.topic(text),
                )
            )
        return out

    def warm_up(self) -> None:
        """Build what the signals otherwise build on first use (the models' lookup tables,
        the keyword automata), so that worker processes forked afterwards share one copy
        instead of each building its own. Caches nothing and changes no answer."""
        self._compute([_WARM_UP_TEXT])
        legitimacy(_WARM_UP_TEXT, AccountInfo(), None, folded=fold(_WARM_UP_TEXT))

    def score(self, items: Sequence[TriageInput], in_burst: Sequence[bool]) -> list[TriageResult]:
        """Triage a batch whose burst flags are known (`bursts`); touches no stream state."""
        if not items:
            return []
        # Public text has no length limit; every signal reads a bounded prefix (issue 17,
        # item 2), and a result says when it did not read the whole post. Lone surrogates
        # (JSON's "\ud800") have no encoding the signals could use: cleaned like stored text.
        texts = [storable(triage_prefix(it.text)) for it in items]
        signals = self._text_signals(texts)
        out = []
        weights = self.weights
        for it, text, sig, burst in zip(items, texts, signals, in_burst, strict=True):
            author = it.author
            legit = legitimacy(
                text,
                author,
                it.created_at,
                known_customer=it.known_customer,
                in_burst=burst,
                folded=sig.folded,
            )
            reasons = sig.escalation
            spam = legit.spam
            opinion = sig.opinion
            if opinion:
                reasons = tuple(r for r in REASONS if r in reasons or r in opinion)
                # B-LEGIT: the model alone never marks a known customer as spam
                spam = spam or ("spam" in opinion and not legit.known_customer)
            # `influence(...).reach` and `score_priority(PrioritySignals(...))`, without
            # building the two objects: the same reach, factors and score
            reach = reach_of(author.followers, author.verified, it.engagement)
            cscore = sig.complaint_score
            prio = priority_of(cscore, sig.sentiment, bool(reasons), reach, it.customer_value, 0.0, spam, weights)
            out.append(
                TriageResult(
                    language=sig.language,
                    # Spam by its content (link spam, scams) is not a customer's complaint, whatever
                    # words it borrows; the score is kept for people who look.
                    is_complaint=cscore >= self.threshold
                    and not ((legit.spam and _content_spam(legit.reasons)) or (spam and not legit.spam)),
                    complaint_score=cscore,
                    sentiment=round(sig.sentiment, 4),
                    offensive=sig.offensive,
                    pii=sig.pii,
                    # A long post with personal data is shown as its redacted prefix only:
                    # what triage did not read was not checked for personal data either.
                    redacted_text=sig.redacted if sig.redacted is not None else it.text,
                    spam=spam,
                    legitimacy=legit.score if spam == legit.spam else min(legit.score, 0.1),
                    legitimacy_reasons=legit.reasons + (("learned_spam",) if spam and not legit.spam else ()),
                    known_customer=legit.known_customer,
                    escalation=reasons,
                    topic=sig.topic,
                    reach=reach,
                    priority=prio.score,
                    factors=prio.factors,
                    triaged_chars=TRIAGE_MAX_CHARS if len(it.text) > TRIAGE_MAX_CHARS else None,
                )
            )
        return out
