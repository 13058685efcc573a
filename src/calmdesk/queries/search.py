"""Free-text search over posts, authors and internal notes, on each engine's own index.

SQLite answers from the FTS5 tables of migration 0003 (ranked by bm25), PostgreSQL from the GIN
indexes on `to_tsvector('simple', ...)` (ranked by ts_rank). The words come from
`domain.search_terms`, so the engines' query syntax never reaches the person typing.

Results are cases: a case shows once, with its best-matching post, note or author line and the
number of matches in it. Only the brands the person may see are searched (the brand filter is
part of each SQL statement, so another brand's rows are never read into Python).

Why "newest matches first, then ranked": a word like "order" matches a fifth of a large store.
Ranking every match would read all of them on each search; the desk wants recent
conversations. Each source hands over its newest `CANDIDATES` matches (both engines walk
their index newest-first and stop there), and those are ranked. `capped` says when there were
more, so the page can say "showing the best of the newest N".
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from calmdesk.domain.search_terms import excerpt, search_terms
from calmdesk.storage.tables import Author, Case, CaseNote, Mention

#: Newest matches taken from each source before ranking.
CANDIDATES = 500
#: Newest matching authors whose cases are taken (a name search wants a person, not a crowd).
AUTHOR_CANDIDATES = 100
PER_PAGE = 20


@dataclass(frozen=True)
class SearchHit:
    """One case that matched, with the text that matched best."""

    case_id: int
    brand: str
    kind: str  # post | note | author
    text: str
    who: str | None
    at: datetime | None
    score: float
    matches: int
    state: str


@dataclass
class SearchPage:
    query: str
    terms: list[str]
    hits: list[SearchHit] = field(default_factory=list)
    page: int = 1
    has_more: bool = False
    capped: bool = False
    total: int = 0


def _brand_clause(column: str, brand_ids: list[int] | None) -> tuple[str, dict[str, Any]]:
    if brand_ids is None:
        return "", {}
    return f" AND {column} IN :brand_ids", {"brand_ids": list(brand_ids) or [-1]}


def _fts5_match(terms: list[str]) -> str:
    """Each word as an FTS5 string ("..." is a phrase of the tokens inside), all required.
    The words hold only letters, digits and `_`, so no quote can end a string early."""
    return " AND ".join(f'"{t}"' for t in terms)


# Each source yields (case id, score, the matching row's id), newest matches first. Only the rows
# of the page shown are read in full afterwards (`_details`): ranking 1,500 candidates must not
# mean reading and converting 1,500 texts.
_SQLITE = {
    "post": """
        SELECT m.case_id, -bm25(mentions_fts), m.id
        FROM mentions_fts JOIN mentions m ON m.id = mentions_fts.rowid
        WHERE mentions_fts MATCH :match AND m.case_id IS NOT NULL{brands}
        ORDER BY mentions_fts.rowid DESC LIMIT :cap""",
    "note": """
        SELECT n.case_id, -bm25(case_notes_fts), n.id
        FROM case_notes_fts JOIN case_notes n ON n.id = case_notes_fts.rowid
        WHERE case_notes_fts MATCH :match{brands}
        ORDER BY case_notes_fts.rowid DESC LIMIT :cap""",
    "author": """
        SELECT c.id, f.score, c.id
        FROM (SELECT rowid AS author_id, -bm25(authors_fts) AS score FROM authors_fts
              WHERE authors_fts MATCH :match ORDER BY rowid DESC LIMIT :authors) f
        JOIN cases c ON c.author_id = f.author_id
        WHERE 1 = 1{brands}
        ORDER BY c.id DESC LIMIT :cap""",
}

_PG_AUTHOR_DOC = "to_tsvector('simple', coalesce(a.handle, '') || ' ' || coalesce(a.display_name, ''))"
_PG = {
    "post": """
        SELECT m.case_id, ts_rank(m.search_tsv, q.q), m.id
        FROM mentions m CROSS JOIN (SELECT plainto_tsquery('simple', :words) AS q) q
        WHERE m.search_tsv @@ q.q AND m.case_id IS NOT NULL{brands}
        ORDER BY m.id DESC LIMIT :cap""",
    "note": """
        SELECT n.case_id, ts_rank(to_tsvector('simple', n.text), q.q), n.id
        FROM case_notes n CROSS JOIN (SELECT plainto_tsquery('simple', :words) AS q) q
        WHERE to_tsvector('simple', n.text) @@ q.q{brands}
        ORDER BY n.id DESC LIMIT :cap""",
    "author": f"""
        SELECT c.id, f.score, c.id
        FROM (SELECT a.id AS author_id, ts_rank({_PG_AUTHOR_DOC}, q.q) AS score
              FROM authors a CROSS JOIN (SELECT plainto_tsquery('simple', :words) AS q) q
              WHERE {_PG_AUTHOR_DOC} @@ q.q ORDER BY a.id DESC LIMIT :authors) f
        JOIN cases c ON c.author_id = f.author_id
        WHERE 1 = 1{{brands}}
        ORDER BY c.id DESC LIMIT :cap""",
}

#: PostgreSQL, several words: the newest posts are tried first (see `_rows`).
_PG_RECENT_POSTS = """
        SELECT m.case_id, ts_rank(m.search_tsv, q.q), m.id
        FROM (SELECT m.id, m.case_id, m.search_tsv FROM mentions m
              WHERE m.case_id IS NOT NULL{brands} ORDER BY m.id DESC LIMIT :window) m
        CROSS JOIN (SELECT plainto_tsquery('simple', :words) AS q) q
        WHERE m.search_tsv @@ q.q
        ORDER BY m.id DESC LIMIT :cap"""
_PG_POSTS_BY_INDEX = _PG["post"].replace("ORDER BY m.id DESC", "ORDER BY m.id + 0 DESC")
#: How many of the newest posts (of the brands searched) that first try reads at most.
RECENT_WINDOW = 50_000

_BRAND_COLUMN = {"post": "m.brand_id", "note": "n.brand_id", "author": "c.brand_id"}


def _run(session: Session, sql: str, column: str, brand_ids: list[int] | None, **params: Any) -> list[Any]:
    clause, brand_params = _brand_clause(column, brand_ids)
    stmt = text(sql.format(brands=clause))
    if brand_params:
        stmt = stmt.bindparams(bindparam("brand_ids", expanding=True))
    return list(session.execute(stmt, {**params, **brand_params}))


#: PostgreSQL's most common words of posts and their frequencies, per database, with the time read.
_COMMON: dict[str, tuple[float, dict[str, float]]] = {}
#: How long those statistics are used before being read again (ANALYZE changes them seldom).
COMMON_TTL_S = 300.0


def _common_words(session: Session) -> dict[str, float]:
    key = session.get_bind().engine.url.render_as_string(hide_password=True)
    cached = _COMMON.get(key)
    if cached is not None and time.monotonic() - cached[0] < COMMON_TTL_S:
        return cached[1]
    row = session.execute(
        text(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = 'mentions' AND attname = 'search_tsv'"
        )
    ).first()
    # The frequencies list ends with three summary values; zip stops at the last word.
    freq = dict(zip(row[0], row[1], strict=False)) if row is not None and row[0] is not None else {}
    _COMMON[key] = (time.monotonic(), freq)
    return freq


def _all_common(session: Session, terms: list[str]) -> bool:
    """Whether every word is frequent enough in posts (PostgreSQL's own statistics of
    `mentions.search_tsv`) that, were the words to go together, the newest `RECENT_WINDOW` posts
    would hold `CANDIDATES` matches. A word missing from the statistics is rare."""
    freq = _common_words(session)
    floor = CANDIDATES / RECENT_WINDOW
    lexemes = [part for t in terms for part in t.split("_") if part]
    return all(freq.get(lexeme, 0.0) >= floor for lexeme in lexemes)


def _rows(session: Session, kind: str, terms: list[str], brand_ids: list[int] | None) -> list[Any]:
    column = _BRAND_COLUMN[kind]
    if session.get_bind().dialect.name != "postgresql":
        return _run(
            session, _SQLITE[kind], column, brand_ids, match=_fts5_match(terms), cap=CANDIDATES,
            authors=AUTHOR_CANDIDATES,
        )  # fmt: skip
    words = " ".join(terms)
    if kind == "post" and len(terms) > 1 and _all_common(session, terms):
        # Several common words: PostgreSQL estimates their matches as if the words were
        # independent, and words that go together ("phone case") match far more posts than it
        # thinks; it then reads every match through the GIN index to keep the newest (15,000
        # pages for "phone case" at 1 M posts). So the newest posts are read first, in id order,
        # up to `RECENT_WINDOW` of them: when they hold a full set of candidates, that set is the
        # newest matches, found without the index. Otherwise the index serves, as for any search
        # with a rare word (its matches are few, whatever the other words).
        recent = _run(session, _PG_RECENT_POSTS, column, brand_ids, words=words, cap=CANDIDATES, window=RECENT_WINDOW)
        if len(recent) >= CANDIDATES:
            return recent
        # Fewer matches than that among the newest posts: the words seldom go together, and the
        # planner, expecting many matches, would walk the whole table newest-first for them
        # ("order refund": 2 s). `m.id + 0` hides the key order, so the GIN index answers.
        return _run(session, _PG_POSTS_BY_INDEX, column, brand_ids, words=words, cap=CANDIDATES)
    return _run(session, _PG[kind], column, brand_ids, words=words, cap=CANDIDATES, authors=AUTHOR_CANDIDATES)


def _best_per_case(
    session: Session, brand_ids: list[int] | None, terms: list[str]
) -> tuple[dict[int, list[Any]], bool]:
    """Every case found by any source: [best score, kind, row id, number of hits]; and whether a
    source had more matches than `CANDIDATES`."""
    best: dict[int, list[Any]] = {}
    capped = False
    for kind in ("post", "note", "author"):
        rows = _rows(session, kind, terms, brand_ids)
        capped = capped or len(rows) >= CANDIDATES
        for case_id, score, ref in rows:
            score = float(score or 0.0)
            entry = best.get(case_id)
            if entry is None:
                best[case_id] = [score, kind, ref, 1]
                continue
            entry[3] += 1
            if score > entry[0]:
                entry[0:3] = [score, kind, ref]
    return best, capped


def search_case_ids(session: Session, brand_ids: list[int] | None, query: str) -> list[int]:
    """The cases the words of `query` find (the inbox's search filter); [] for no usable word."""
    terms = search_terms(query)
    return sorted(_best_per_case(session, brand_ids, terms)[0]) if terms else []


def search(
    session: Session, brand_ids: list[int] | None, query: str, *, page: int = 1, per_page: int = PER_PAGE
) -> SearchPage:
    """One page of cases matching every word of `query`, best first (newer cases first among
    equals), in the brands `brand_ids` (None: all brands, for a global admin). An empty or
    all-punctuation query finds nothing."""
    terms = search_terms(query)
    result = SearchPage(query=query, terms=terms, page=max(1, page))
    if not terms:
        return result
    best, result.capped = _best_per_case(session, brand_ids, terms)
    ordered = sorted(best.items(), key=lambda kv: (-kv[1][0], -kv[0]))
    result.total = len(ordered)
    start = (result.page - 1) * per_page
    chosen = ordered[start : start + per_page]
    result.has_more = len(ordered) > start + per_page
    if not chosen:
        return result
    details = _details(session, [(e[1], e[2]) for _, e in chosen])
    cases = _case_info(session, [cid for cid, _ in chosen])
    hits = []
    for cid, (score, kind, ref, matches) in chosen:
        body, who, at = details.get((kind, ref), ("", None, None))
        brand, state = cases.get(cid, ("?", "?"))
        hits.append(
            SearchHit(case_id=cid, brand=brand, kind=kind, text=excerpt(body, terms, 240), who=who, at=at,
                      score=round(score, 4), matches=matches, state=state)
        )  # fmt: skip
    result.hits = hits
    return result


def _details(session: Session, refs: list[tuple[str, int]]) -> dict[tuple[str, int], tuple[str, str | None, Any]]:
    """(text, who, when) of the matching rows shown on the page: a post and its author's handle,
    a note and its writer, or the author line of a case."""
    out: dict[tuple[str, int], tuple[str, str | None, Any]] = {}
    ids = {kind: [ref for k, ref in refs if k == kind] for kind in ("post", "note", "author")}
    if ids["post"]:
        for mid, body, at, handle in session.execute(
            select(Mention.id, Mention.text, Mention.created_at, Author.handle)
            .outerjoin(Author, Author.id == Mention.author_id)
            .where(Mention.id.in_(ids["post"]))
        ):
            out[("post", mid)] = (body or "", handle, at)
    if ids["note"]:
        for nid, body, at, writer in session.execute(
            select(CaseNote.id, CaseNote.text, CaseNote.created_at, CaseNote.author).where(CaseNote.id.in_(ids["note"]))
        ):
            out[("note", nid)] = (body or "", writer, at)
    if ids["author"]:
        for cid, name, handle, at in session.execute(
            select(Case.id, Author.display_name, Author.handle, Case.opened_at)
            .join(Author, Author.id == Case.author_id)
            .where(Case.id.in_(ids["author"]))
        ):
            out[("author", cid)] = (f"{name or ''} @{handle}".strip(), handle, at)
    return out


def _case_info(session: Session, case_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Brand key and state of each case on the page."""
    stmt = text(
        "SELECT c.id, b.key, c.state FROM cases c JOIN brands b ON b.id = c.brand_id WHERE c.id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    return {cid: (key, state) for cid, key, state in session.execute(stmt, {"ids": case_ids})}
