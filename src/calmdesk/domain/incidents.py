"""Surge detection (B-ESCALATE, B-MONITOR): many people posting about one problem at once.

Twenty customers posting about the same outage in half an hour are one incident, not twenty
unrelated cases. This module decides, from a brand's recent complaints alone, whether such a
surge is happening. It is pure (no I/O): the scheduled job (`actions/incidents.py`) reads the
posts and the baseline and stores what this returns; `bench/incidents.py` replays a day
through the same function on a simulated clock.

How a surge is found, and why each step:

1. **Recent window, bounded.** Only the complaints of the last `window` (30 min) are grouped,
   at most `max_window` of them; the `reference` period before it (6 h, at most
   `max_reference` posts) says what is normal. A check costs the same on the thousandth day
   as on the first.
2. **Text similarity, robust to wording.** Each post becomes a vector of character 3-5-grams
   (inside words, accents stripped, links, handles and numbers removed), weighted by how rare
   each n-gram is among the posts at hand (idf). Character n-grams match "outage" with
   "outtage", "log in" with "login", "App" with "app" in a German post; the idf keeps "my",
   "the" and "please" from making every post look alike.
3. **Clusters around a centre.** The post with the most close neighbours seeds a cluster; the
   cluster's centroid then takes every window post that is close to it (cosine >=
   `member_similarity`). A centroid, not a chain of neighbours, so two different problems
   that share a few words never merge through a bridge post.
4. **Volume against the brand's own baseline.** A cluster is a surge only when it is bigger
   than the brand's normal: the reference posts close to the same centroid, scaled to the
   window's length and to the hour of week (an evening window is compared with the brand's
   evenings, through `HourOfWeekProfile`), give the expected count; the cluster must reach the
   Poisson quantile 1 - `alpha` of that expectation and at least `min_count` posts. A quiet
   brand with three similar posts never opens an incident; a busy brand whose customers ask
   "where is my parcel" all day never does either, because its reference holds the same posts.
5. **One incident per surge.** Posts close to the centroid of an incident that is already open
   (its recent members, `OpenIncident.texts`) join it instead of opening another.

The topic from triage (`triage/topic.py`) is used to name the incident (its members' most
common topic) and as a tie-breaker; it does not split clusters, because an outage is
reported as "can't log in" (account), "payment fails" (billing) and "app down" (technical)
by different people.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

#: Hashing keeps the vectorisers stateless: a post's vector never depends on the others, so a
#: caller may cache it by post id (the bench does), and nothing is fitted or stored. Words
#: (the first `_WORD_FEATURES` columns) find what became frequent; character n-grams (the
#: rest) make posts about one problem similar despite typos and inflections.
_WORD_FEATURES = 2**17
_WORDS = HashingVectorizer(
    analyzer="word",
    token_pattern=r"(?u)\b[a-z]{2,}\b",
    n_features=_WORD_FEATURES,
    alternate_sign=False,
    norm=None,
    lowercase=False,
)
_CHARS = HashingVectorizer(
    analyzer="char_wb", ngram_range=(3, 5), n_features=2**17, alternate_sign=False, norm=None, lowercase=False
)
_URL = re.compile(r"https?://\S+|www\.\S+|\S+\.(?:com|net|org|io|example)\S*", re.I)
_HANDLE = re.compile(r"[@#]\w+")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"\b[a-z]{2,}\b")
_STOP = frozenset(
    """the and for you your with this that have has are was were not but all any can cant can't
    just our out its it's what when why how who been from they them their there here now still
    again get got will would should could please thanks thank hey hello also than then very
    really into about over only even more most some such too off yet why das der die und ist
    nicht ich mit ein eine los que por para con una los las est pas les des une pour avec
    mon mes is it my me to of in on at or so no do an be as if up we am im dont wont didnt
    doesnt isnt ive one two ugh omg pls""".split()  # noqa: SIM905
)
_STOP_COLUMNS = np.unique(_WORDS.transform([" ".join(_STOP)]).indices)


def normalize(text: str) -> str:
    """The text the vectors are made of: lower case, no accents, links, handles or numbers.

    Links and numbers differ in every post about one outage (order numbers, error ids), and
    handles name the brand in every post about anything, so they would only add noise.
    """
    t = _URL.sub(" ", text)
    t = _HANDLE.sub(" ", t)
    t = _DIGITS.sub(" ", t)
    t = unicodedata.normalize("NFKD", t.lower())
    return "".join(c for c in t if not unicodedata.combining(c))


def vectorize(texts: Sequence[str]) -> sparse.csr_matrix:
    """Raw word and character n-gram counts, one row per text (weights come later, per check)."""
    norm = [normalize(t) for t in texts]
    return sparse.hstack([_WORDS.transform(norm), _CHARS.transform(norm)], format="csr")


def word_columns(words: Iterable[str]) -> np.ndarray:
    """The feature columns of these words (to carry an incident's terms from check to check)."""
    text = " ".join(w for w in words if w)
    return np.unique(_WORDS.transform([text]).indices) if text else np.zeros(0, dtype=np.int32)


@dataclass(frozen=True)
class Post:
    """One recent complaint: its case id, when it arrived, its text and triage's topic."""

    id: int
    at: datetime
    text: str
    topic: str | None = None


@dataclass(frozen=True)
class OpenIncident:
    """An incident already open for the brand: some recent members' texts and its terms."""

    id: int
    texts: tuple[str, ...]
    terms: tuple[str, ...] = ()
    member_ids: frozenset[int] = frozenset()
    #: When its first member arrived (kept for callers and pages; the detector needs only the texts).
    started_at: datetime | None = None
    #: `vectorize(texts)` when the caller keeps it between checks (saves vectorising them again).
    vectors: sparse.csr_matrix | None = None


@dataclass(frozen=True)
class HourOfWeekProfile:
    """The brand's usual complaint volume per hour of week (0 = Monday 00:00 UTC).

    `per_hour[h]` is the mean count of complaints in hour-of-week `h` over the weeks the
    caller looked at. Empty hours mean "no history", and `rate` then falls back to treating
    every hour alike (a new brand compares its window with its own recent hours only).
    """

    per_hour: Mapping[int, float] = field(default_factory=dict)

    @staticmethod
    def hour_of_week(at: datetime) -> int:
        return at.weekday() * 24 + at.hour

    @classmethod
    def from_times(cls, times: Iterable[datetime], weeks: int) -> HourOfWeekProfile:
        """Mean count per hour of week from the arrival times of `weeks` weeks of complaints."""
        if weeks <= 0:
            raise ValueError(f"weeks must be at least 1, not {weeks}")
        counts = Counter(cls.hour_of_week(t) for t in times)
        return cls({h: n / weeks for h, n in counts.items()})

    def volume(self, start: datetime, end: datetime) -> float | None:
        """Expected complaints between `start` and `end`, or None without history for those hours."""
        if not self.per_hour:
            return None
        total, seen, t = 0.0, False, start
        while t < end:
            nxt = min(end, t.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1))
            h = self.hour_of_week(t)
            if h in self.per_hour:
                seen = True
            total += self.per_hour.get(h, 0.0) * (nxt - t).total_seconds() / 3600.0
            t = nxt
        return total if seen else None


@dataclass(frozen=True)
class DetectorSettings:
    """The knobs of `detect` (docs/incidents.md says how to tune them)."""

    window: timedelta = timedelta(minutes=30)
    reference: timedelta = timedelta(hours=6)
    #: A word is "rising" when the window has at least this many posts with it ...
    word_min_posts: int = 4
    #: ... at least `word_lift` times what the reference predicts ...
    word_lift: float = 3.0
    #: ... and normal volume would reach that count with at most this chance (Poisson tail).
    word_alpha: float = 1e-3
    #: A post is a member when its cosine to the cluster's centre, less `normal_weight` times its
    #: cosine to the reference's centre, reaches `member_score`.
    member_score: float = 0.04
    normal_weight: float = 1.0
    #: A post that has a near twin among the reference's normal posts (cosine at least this) is
    #: business as usual, whatever else it resembles: it never joins a surge. Above 1: no twin check.
    twin_similarity: float = 0.5
    #: A new surge whose centre is this close (cosine) to an open incident's joins it instead.
    merge_similarity: float = 0.2
    #: Reference posts this close (cosine) to an open incident's centre are left out of "normal".
    incident_likeness: float = 0.2
    #: Never a surge below this many posts in the window, whatever the baseline says.
    min_count: int = 10
    #: The chance that normal volume reaches a cluster's threshold (Poisson tail).
    alpha: float = 1e-4
    #: Expected count never taken below this (a cluster unseen in the reference is not "0 expected").
    min_expected: float = 1.0
    max_window: int = 2000
    max_reference: int = 5000
    max_clusters: int = 3

    def __post_init__(self) -> None:
        problems = []
        if self.window <= timedelta(0) or self.reference <= timedelta(0):
            problems.append("window and reference must be positive durations")
        if not 0.0 < self.member_score < 1.0:
            problems.append(f"member_score must be between 0 and 1 (exclusive), not {self.member_score}")
        if not 0.0 <= self.normal_weight <= 2.0:
            problems.append(f"normal_weight must be between 0 and 2, not {self.normal_weight}")
        if self.twin_similarity <= 0.0:
            problems.append(
                f"twin_similarity must be positive (above 1 turns the check off), not {self.twin_similarity}"
            )
        if self.min_count < 2:
            problems.append(f"min_count must be at least 2, not {self.min_count}")
        for name in ("alpha", "word_alpha"):
            v = getattr(self, name)
            if not 0.0 < v < 0.5:
                problems.append(f"{name} must be between 0 and 0.5, not {v}")
        if self.word_lift < 1.0:
            problems.append(f"word_lift must be at least 1, not {self.word_lift}")
        if problems:
            raise ValueError("; ".join(problems))


@dataclass(frozen=True)
class Surge:
    """A new incident to open: its member posts and why it counts as a surge."""

    post_ids: tuple[int, ...]
    topic: str
    terms: tuple[str, ...]
    count: int
    expected: float
    threshold: int
    started_at: datetime

    @property
    def title(self) -> str:
        words = ", ".join(self.terms[:3])
        return f"{self.topic}: {words}" if words else self.topic


@dataclass(frozen=True)
class Verdict:
    """What one check found: surges to open, and posts that join incidents already open."""

    surges: tuple[Surge, ...] = ()
    joins: Mapping[int, tuple[int, ...]] = field(default_factory=dict)


def poisson_threshold(expected: float, alpha: float) -> int:
    """The smallest k with P(X >= k) <= alpha for X ~ Poisson(expected)."""
    lam = max(expected, 1e-9)
    term = math.exp(-lam)
    cdf, k = term, 0
    while 1.0 - cdf > alpha and k < 100000:
        k += 1
        term *= lam / k
        cdf += term
    return k + 1


def _poisson_sf(counts: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """P(X >= count) for X ~ Poisson(expected), elementwise (upper regularised gamma)."""
    from scipy.special import gammainc

    return np.where(counts <= 0, 1.0, gammainc(np.maximum(counts, 1), expected))


def _weighted(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """tf-idf (sublinear tf, smooth idf over these rows), each row of unit length."""
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    x = counts.astype(np.float64, copy=True)
    x.data = (1.0 + np.log(x.data)) * idf[x.indices]
    row_len = np.diff(x.indptr)
    sq = np.zeros(n)
    has = row_len > 0
    if x.data.size:
        sq[has] = np.add.reduceat(x.data * x.data, x.indptr[:-1][has])
    norms = np.sqrt(sq)
    norms[norms == 0] = 1.0
    x.data /= np.repeat(norms, row_len)
    return x


def _centroid(rows: sparse.csr_matrix) -> np.ndarray:
    c = np.asarray(rows.sum(axis=0)).ravel()
    norm = math.sqrt(float(c @ c)) or 1.0
    return c / norm


def _has_any(binary: sparse.csr_matrix, columns: np.ndarray) -> np.ndarray:
    if columns.size == 0:
        return np.zeros(binary.shape[0], dtype=bool)
    return np.asarray(binary[:, columns].sum(axis=1)).ravel() > 0


def _score(x: sparse.csr_matrix, centre: np.ndarray, normal: np.ndarray | float, beta: float) -> np.ndarray:
    """How much each post looks like the cluster and unlike the brand's normal posts (Rocchio).

    Subtracting the centre of the reference removes what every post shares (the brand's name,
    "so annoying", "fix it pls") and what is always there (the app that crashes on the camera
    screen), so what is left is what this cluster has that a normal day does not.
    """
    return np.asarray(x @ (centre - beta * normal)).ravel()


def rising_terms(texts: Sequence[str], columns: np.ndarray, limit: int = 6) -> tuple[str, ...]:
    """The rising words as members wrote them, most used first ("app, down, load")."""
    wanted = {int(c) for c in columns}
    counts: Counter[str] = Counter()
    for t in texts:
        words = set(_WORD.findall(normalize(t))) - _STOP
        counts.update(w for w in words if int(_WORDS.transform([w]).indices[0]) in wanted)
    return tuple(w for w, _ in counts.most_common(limit))


def detect(
    posts: Sequence[Post],
    now: datetime,
    profile: HourOfWeekProfile | None = None,
    open_incidents: Sequence[OpenIncident] = (),
    settings: DetectorSettings | None = None,
    vectors: sparse.csr_matrix | None = None,
) -> Verdict:
    """Find surges among `posts` (the brand's complaints of the window and the reference period).

    `vectors` may carry `vectorize([p.text for p in posts])` computed earlier (rows in the order
    of `posts`); the bench passes it so each post is vectorised once per day, not once per
    check. Posts outside (now - window - reference, now] are ignored.
    """
    cfg = settings or DetectorSettings()
    w_start = now - cfg.window
    r_start = w_start - cfg.reference
    order = sorted(range(len(posts)), key=lambda i: posts[i].at)
    win_idx = [i for i in order if w_start < posts[i].at <= now][-cfg.max_window :]
    ref_idx = [i for i in order if r_start < posts[i].at <= w_start][-cfg.max_reference :]
    if not win_idx:
        return Verdict()
    raw = vectors if vectors is not None else vectorize([p.text for p in posts])
    parts = [raw[win_idx + ref_idx]] + [
        inc.vectors if inc.vectors is not None else vectorize(inc.texts)
        for inc in open_incidents
        if inc.texts
    ]
    stacked = sparse.vstack(parts, format="csr")
    words = (stacked[:, :_WORD_FEATURES] > 0).astype(np.float64).tocsr()
    nw, nr = len(win_idx), len(ref_idx)
    ww, wr = words[:nw], words[nw : nw + nr]
    scale = _scale(profile, w_start, now, r_start, cfg)
    expected_df = np.maximum(np.asarray(wr.sum(axis=0)).ravel() * scale, 0.5)
    if not open_incidents:
        # Most minutes of most days: no word is rising, nothing to group (the cheap way out).
        cols = _rising(ww, expected_df, cfg)
        if cols.size == 0 or int(_has_any(ww, cols).sum()) < cfg.min_count:
            return Verdict()
    x = _weighted(stacked)
    xw, xr = x[:nw], x[nw : nw + nr]

    # The brand's normal: reference posts that belong to no open incident and do not look like
    # one (an outage post the incident missed is not "what the brand always hears", or it would
    # stop the next post like it from joining).
    in_incident = frozenset().union(*(inc.member_ids for inc in open_incidents))
    centres: list[np.ndarray] = []
    offset = nw + nr
    for inc in open_incidents:
        rows = x[offset : offset + len(inc.texts)]
        offset += len(inc.texts)
        centres.append(_centroid(rows) if rows.shape[0] else np.zeros(x.shape[1]))
    like_incident = np.zeros(nr, dtype=bool)
    for centre in centres:
        like_incident |= np.asarray(xr @ centre).ravel() >= cfg.incident_likeness
    normal_rows = [
        j for j, i in enumerate(ref_idx) if posts[i].id not in in_incident and not like_incident[j]
    ]
    normal = _centroid(xr[normal_rows]) if normal_rows else 0.0
    # Posts with a near twin among the normal posts are what the brand always hears.
    if normal_rows:
        twin = np.asarray((xw @ xr[normal_rows].T).max(axis=1).todense()).ravel() >= cfg.twin_similarity
    else:
        twin = np.zeros(nw, dtype=bool)
    taken = np.zeros(nw, dtype=bool)
    joins: dict[int, tuple[int, ...]] = {}
    for inc, centre in zip(open_incidents, centres, strict=True):
        if not inc.texts:
            continue
        hit = (_score(xw, centre, normal, cfg.normal_weight) >= cfg.member_score) & ~twin
        already = np.array([posts[i].id in inc.member_ids for i in win_idx], dtype=bool)
        new = tuple(posts[win_idx[j]].id for j in np.flatnonzero(hit & ~taken & ~already))
        taken |= hit | already
        if new:
            joins[inc.id] = new

    surges: list[Surge] = []
    for _ in range(cfg.max_clusters):
        free = ~taken
        if int(free.sum()) < cfg.min_count:
            break
        cols = _rising(ww[np.flatnonzero(free)], expected_df, cfg)
        if cols.size == 0:
            break
        candidates = np.flatnonzero(_has_any(ww, cols) & free & ~twin)
        if candidates.size < cfg.min_count:
            break
        members = np.zeros(nw, dtype=bool)
        members[candidates] = True
        for _round in range(3):  # around the rising-word posts, then around the members themselves
            centre = _centroid(xw[np.flatnonzero(members)])
            members = (_score(xw, centre, normal, cfg.normal_weight) >= cfg.member_score) & free & ~twin
            if not members.any():
                break
        taken[candidates] = True  # rising-word posts that did not fit are not seeds again
        if not members.any():
            continue
        taken |= members
        count = int(members.sum())
        ref_scores = (
            _score(xr[normal_rows], centre, normal, cfg.normal_weight) if normal_rows else np.zeros(0)
        )
        ref_hits = int((ref_scores >= cfg.member_score).sum())
        expected = max(cfg.min_expected, ref_hits * scale)
        threshold = max(cfg.min_count, poisson_threshold(expected, cfg.alpha))
        if count < threshold:
            continue
        member_posts = [posts[win_idx[j]] for j in np.flatnonzero(members)]
        # A second wave of the same problem (other words for it) joins the open incident: one
        # incident per surge, never two.
        same = [
            inc.id
            for inc, c_inc in zip(open_incidents, centres, strict=True)
            if inc.texts and float(centre @ c_inc) >= cfg.merge_similarity
        ]
        if same:
            joins[same[0]] = tuple(joins.get(same[0], ())) + tuple(p.id for p in member_posts)
            continue
        topics = Counter(p.topic or "other" for p in member_posts)
        surges.append(
            Surge(
                post_ids=tuple(p.id for p in member_posts),
                topic=topics.most_common(1)[0][0],
                terms=rising_terms([p.text for p in member_posts], cols),
                count=count,
                expected=round(expected, 2),
                threshold=threshold,
                started_at=min(p.at for p in member_posts),
            )
        )
    return Verdict(tuple(surges), joins)


def _rising(window_words: sparse.csr_matrix, expected_df: np.ndarray, cfg: DetectorSettings) -> np.ndarray:
    """Word columns far more frequent in these window posts than the reference predicts."""
    df_win = np.asarray(window_words.sum(axis=0)).ravel()
    rising = (df_win >= cfg.word_min_posts) & (df_win >= cfg.word_lift * expected_df)
    rising[_STOP_COLUMNS] = False
    cols = np.flatnonzero(rising)
    if cols.size:
        cols = cols[_poisson_sf(df_win[cols], expected_df[cols]) < cfg.word_alpha]
    return cols


def _scale(
    profile: HourOfWeekProfile | None,
    w_start: datetime,
    now: datetime,
    r_start: datetime,
    cfg: DetectorSettings,
) -> float:
    """How many window posts one reference post stands for: the length ratio, corrected by the
    brand's hour-of-week volume (a 09:00 window after a quiet night expects more than the night had)."""
    plain = cfg.window / cfg.reference
    if profile is None:
        return plain
    in_window = profile.volume(w_start, now)
    in_reference = profile.volume(r_start, w_start)
    if not in_window or not in_reference:
        return plain
    return in_window / in_reference
