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

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from calmdesk.domain.search_terms import excerpt, search_terms
from calmdesk.storage.tables import UtcDateTime

#: Newest matches taken from each source before ranking.
CANDIDATES = 500
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


_SQLITE = {
    "post": """
        SELECT m.case_id, m.brand_id, -bm25(mentions_fts) AS score, m.created_at, m.text, a.handle
        FROM mentions_fts JOIN mentions m ON m.id = mentions_fts.rowid
        LEFT JOIN authors a ON a.id = m.author_id
        WHERE mentions_fts MATCH :match AND m.case_id IS NOT NULL{brands}
        ORDER BY mentions_fts.rowid DESC LIMIT :cap""",
    "note": """
        SELECT n.case_id, n.brand_id, -bm25(case_notes_fts) AS score, n.created_at, n.text, n.author
        FROM case_notes_fts JOIN case_notes n ON n.id = case_notes_fts.rowid
        WHERE case_notes_fts MATCH :match{brands}
        ORDER BY case_notes_fts.rowid DESC LIMIT :cap""",
    "author": """
        SELECT c.id, c.brand_id, f.score, c.opened_at,
               coalesce(a.display_name, '') || ' @' || a.handle, a.handle
        FROM (SELECT rowid AS author_id, -bm25(authors_fts) AS score FROM authors_fts
              WHERE authors_fts MATCH :match ORDER BY rowid DESC LIMIT :cap) f
        JOIN authors a ON a.id = f.author_id
        JOIN cases c ON c.author_id = a.id
        WHERE 1 = 1{brands}
        ORDER BY c.id DESC LIMIT :cap""",
}

_PG_AUTHOR_DOC = "to_tsvector('simple', coalesce(a.handle, '') || ' ' || coalesce(a.display_name, ''))"
_PG = {
    "post": """
        SELECT m.case_id, m.brand_id, ts_rank(m.search_tsv, q.q) AS score, m.created_at, m.text, a.handle
        FROM mentions m CROSS JOIN (SELECT plainto_tsquery('simple', :words) AS q) q
        LEFT JOIN authors a ON a.id = m.author_id
        WHERE m.search_tsv @@ q.q AND m.case_id IS NOT NULL{brands}
        ORDER BY m.id DESC LIMIT :cap""",
    "note": """
        SELECT n.case_id, n.brand_id, ts_rank(to_tsvector('simple', n.text), q.q) AS score, n.created_at,
               n.text, n.author
        FROM case_notes n CROSS JOIN (SELECT plainto_tsquery('simple', :words) AS q) q
        WHERE to_tsvector('simple', n.text) @@ q.q{brands}
        ORDER BY n.id DESC LIMIT :cap""",
    "author": f"""
        SELECT c.id, c.brand_id, f.score, c.opened_at,
               coalesce(a.display_name, '') || ' @' || a.handle, a.handle
        FROM (SELECT a.id AS author_id, ts_rank({_PG_AUTHOR_DOC}, q.q) AS score
              FROM authors a CROSS JOIN (SELECT plainto_tsquery('simple', :words) AS q) q
              WHERE {_PG_AUTHOR_DOC} @@ q.q ORDER BY a.id DESC LIMIT :cap) f
        JOIN authors a ON a.id = f.author_id
        JOIN cases c ON c.author_id = a.id
        WHERE 1 = 1{{brands}}
        ORDER BY c.id DESC LIMIT :cap""",
}

_BRAND_COLUMN = {"post": "m.brand_id", "note": "n.brand_id", "author": "c.brand_id"}
_AT = UtcDateTime()


def _rows(session: Session, kind: str, terms: list[str], brand_ids: list[int] | None) -> list[Any]:
    dialect = session.get_bind().dialect
    sql = (_PG if dialect.name == "postgresql" else _SQLITE)[kind]
    clause, params = _brand_clause(_BRAND_COLUMN[kind], brand_ids)
    stmt = text(sql.format(brands=clause))
    if params:
        stmt = stmt.bindparams(bindparam("brand_ids", expanding=True))
    if dialect.name == "postgresql":
        params.update(words=" ".join(terms), cap=CANDIDATES)
    else:
        params.update(match=_fts5_match(terms), cap=CANDIDATES)
    rows: list[Any] = list(session.execute(stmt, params))
    if dialect.name == "sqlite":
        convert = _AT.process_result_value
        # Raw SQL returns SQLite's stored text; read it back the way the column type would.
        rows = [(r[0], r[1], r[2], convert(_parse_at(r[3]), dialect), *r[4:]) for r in rows]
    return rows


def _parse_at(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _best_per_case(session: Session, brand_ids: list[int] | None, terms: list[str]) -> tuple[dict[int, dict[str, Any]], bool]:
    """Every case found by any source, with its best hit and its number of hits; and whether a
    source had more matches than `CANDIDATES`."""
    best: dict[int, dict[str, Any]] = {}
    capped = False
    for kind in ("post", "note", "author"):
        rows = _rows(session, kind, terms, brand_ids)
        capped = capped or len(rows) >= CANDIDATES
        for case_id, brand_id, score, at, body, who in rows:
            entry = best.get(case_id)
            score = float(score or 0.0)
            if entry is None:
                best[case_id] = {"brand_id": brand_id, "kind": kind, "text": body or "", "who": who, "at": at,
                                 "score": score, "matches": 1}  # fmt: skip
                continue
            entry["matches"] += 1
            if score > entry["score"]:
                entry.update(kind=kind, text=body or "", who=who, at=at, score=score)
    return best, capped


def search_case_ids(session: Session, brand_ids: list[int] | None, query: str) -> list[int]:
    """The cases the words of `query` find (the inbox's search filter); [] for no usable word."""
    terms = search_terms(query)
    return sorted(_best_per_case(session, brand_ids, terms)[0]) if terms else []


def search(
    session: Session, brand_ids: list[int] | None, query: str, *, page: int = 1, per_page: int = PER_PAGE
) -> SearchPage:
    """One page of cases matching every word of `query`, best first, in the brands `brand_ids`
    (None: all brands, for a global admin). An empty or all-punctuation query finds nothing."""
    terms = search_terms(query)
    result = SearchPage(query=query, terms=terms, page=max(1, page))
    if not terms:
        return result
    best, result.capped = _best_per_case(session, brand_ids, terms)
    ordered = sorted(best.items(), key=lambda kv: (-kv[1]["score"], -(kv[1]["at"].timestamp() if kv[1]["at"] else 0)))
    result.total = len(ordered)
    start = (result.page - 1) * per_page
    chosen = ordered[start : start + per_page]
    result.has_more = len(ordered) > start + per_page
    if not chosen:
        return result
    info = _case_info(session, [cid for cid, _ in chosen])
    result.hits = [
        SearchHit(
            case_id=cid,
            brand=info.get(cid, ("?", "?"))[0],
            kind=e["kind"],
            text=excerpt(e["text"], terms, 240),
            who=e["who"],
            at=e["at"],
            score=round(e["score"], 4),
            matches=e["matches"],
            state=info.get(cid, ("?", "?"))[1],
        )
        for cid, e in chosen
    ]
    return result


def _case_info(session: Session, case_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Brand key and state of each case on the page."""
    stmt = text(
        "SELECT c.id, b.key, c.state FROM cases c JOIN brands b ON b.id = c.brand_id WHERE c.id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    return {cid: (key, state) for cid, key, state in session.execute(stmt, {"ids": case_ids})}
