"""Customers and orders (B-LEGIT, B-KNOW): import them, and link social authors to them.

Import file, CSV or JSON Lines, one customer (and optionally one order) per row/line:
`customer_ref`, `name`, `email`, `phone`, `tier`, `handles` ("x:@anna;instagram:anna.k",
or a JSON object in JSON Lines), `order_number`, `ordered_at`, `amount`, `currency`,
`status`, and `brand` when `--brand` is not given. A customer is matched by
`customer_ref`, else by e-mail, so re-importing the same file changes nothing. A bad row
is reported with its line number and field; the good rows are kept.

Linking (B-LEGIT): an author is linked to a customer by handle, by an e-mail address in
their messages, or by an order number in their messages. The link feeds legitimacy and is
shown as context; it never hides a complaint.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session

from calmdesk.actions import audit
from calmdesk.actions.brands import NotFound, get_brand
from calmdesk.domain.amounts import AmountError, check_amount
from calmdesk.domain.emails import find_emails, is_email
from calmdesk.domain.playbook import PLATFORMS
from calmdesk.domain.public_text import storable, storable_json
from calmdesk.importers.csv_records import BadRecord, csv_records
from calmdesk.storage.tables import Author, Case, Customer, Mention, Order

#: Candidate order numbers in free text: a token of 4 to 25 letters, digits and dashes (with at
#: least one digit, checked in `order_tokens`), optionally written with a leading `#`.
ORDER_TOKEN_RE = re.compile(r"#?\b([A-Z0-9][A-Z0-9-]{3,24})\b", re.I)
#: Values per lookup statement when matching a batch of texts.
_CHUNK = 1000


class CustomerImportError(ValueError):
    """The file cannot be read at all (missing, unknown format)."""


@dataclass
class CustomerImportResult:
    customers_created: int = 0
    customers_updated: int = 0
    orders_created: int = 0
    orders_updated: int = 0
    authors_linked: int = 0
    errors: list[str] = field(default_factory=list)


def _rows(path: Path) -> list[tuple[int, dict[str, Any] | str]]:
    """(line number, row) pairs; a row that cannot be parsed is given as its error message.

    Text PostgreSQL cannot store (NUL) is cleaned here, the one place rows come in; an
    unterminated CSV quote costs its own line only (`csv_records`)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CustomerImportError(f"{path}: cannot read: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CustomerImportError(f"{path}: line {line}: not valid UTF-8 (byte {exc.start})") from None
    text = storable(text)
    suffix = path.suffix.lower()
    out: list[tuple[int, dict[str, Any] | str]] = []
    if suffix in (".jsonl", ".ndjson", ".json"):
        for n, line_text in enumerate(text.splitlines(), start=1):
            if not line_text.strip():
                continue
            try:
                obj = storable_json(json.loads(line_text))
            except json.JSONDecodeError as exc:
                out.append((n, f"not valid JSON: {exc.msg}"))
                continue
            except RecursionError:
                out.append((n, "not valid JSON: nested too deeply"))
                continue
            out.append((n, obj if isinstance(obj, dict) else "expected a JSON object"))
        return out
    if suffix == ".csv":
        records = csv_records(text)
        header = next(records, None)
        if header is None:
            return out
        if isinstance(header, BadRecord):
            raise CustomerImportError(f"{path}: line {header.line}: header: {header.reason}")
        names = [h.strip() for h in header.fields]
        for rec in records:
            if isinstance(rec, BadRecord):
                out.append((rec.line, rec.reason))
            else:
                out.append((rec.line, {k: v for k, v in zip(names, rec.fields, strict=True) if k}))
        return out
    raise CustomerImportError(f"{path}: unknown format {suffix!r} (use .csv or .jsonl)")


def parse_handles(value: Any) -> dict[str, str]:
    if value in (None, ""):
        return {}
    if isinstance(value, dict):
        pairs = list(value.items())
    else:
        pairs = []
        for part in re.split(r"[;\s]+", str(value)):
            if not part:
                continue
            if ":" not in part:
                raise ValueError(f"handle {part!r} needs a platform, like 'x:@anna'")
            p, h = part.split(":", 1)
            pairs.append((p, h))
    out: dict[str, str] = {}
    for p, h in pairs:
        p = str(p).strip().lower()
        if p not in PLATFORMS:
            raise ValueError(f"unknown platform {p!r} in handles (one of {', '.join(PLATFORMS)})")
        out[p] = str(h).strip().lstrip("@")
    return out


def _text(row: dict[str, Any], key: str) -> str | None:
    v = row.get(key)
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    t = datetime.fromisoformat(value)
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def do_import_customers(
    session: Session, path: Path, *, brand_key: str | None = None, actor: str = "import"
) -> CustomerImportResult:
    """Import a customer file (see module doc). Each row is stored in a savepoint so one bad
    row loses nothing else."""
    result = CustomerImportResult()
    brands: dict[str, int] = {}
    for line, row in _rows(path):
        where = f"{path}:{line}"
        if isinstance(row, str):
            result.errors.append(f"{where}: {row}")
            continue
        try:
            key = brand_key or _text(row, "brand")
            if not key:
                raise ValueError("field 'brand': missing (or pass --brand)")
            if key not in brands:
                try:
                    brands[key] = get_brand(session, key).id
                except NotFound as exc:
                    raise ValueError(f"field 'brand': {exc}") from None
            counts = CustomerImportResult()
            with session.begin_nested():
                _import_row(session, brands[key], row, counts)
            # Counted only once the row's savepoint is released: a rolled-back row adds nothing.
            result.customers_created += counts.customers_created
            result.customers_updated += counts.customers_updated
            result.orders_created += counts.orders_created
            result.orders_updated += counts.orders_updated
        except (ValueError, TypeError) as exc:
            result.errors.append(f"{where}: {exc}")
        except DataError as exc:  # a value the database refuses (too long for its column)
            reason = str(exc.orig).splitlines()[0] if exc.orig else "refused by the database"
            result.errors.append(f"{where}: {reason}")
    result.authors_linked = link_authors_by_handle(session, list(brands.values()))
    audit.record(
        session,
        actor=actor,
        verb="customers.imported",
        file=path.name,
        customers_created=result.customers_created,
        orders_created=result.orders_created,
        errors=len(result.errors),
    )
    session.flush()
    return result


def _import_row(session: Session, brand_id: int, row: dict[str, Any], result: CustomerImportResult) -> None:
    ref = _text(row, "customer_ref") or _text(row, "external_ref")
    email = (_text(row, "email") or "").lower() or None
    if email and not is_email(email):
        raise ValueError(f"field 'email': {email!r} is not an e-mail address")
    if not ref and not email:
        raise ValueError("field 'customer_ref' or 'email': one is needed to identify the customer")
    try:
        handles = parse_handles(row.get("handles"))
    except ValueError as exc:
        raise ValueError(f"field 'handles': {exc}") from None
    q = select(Customer).where(Customer.brand_id == brand_id)
    customer = session.scalar(q.where(Customer.external_ref == ref)) if ref else None
    if customer is None and email:
        customer = session.scalar(q.where(Customer.email == email))
    if customer is None:
        customer = Customer(brand_id=brand_id, external_ref=ref, email=email, handles={})
        session.add(customer)
        result.customers_created += 1
    else:
        result.customers_updated += 1
    customer.name = _text(row, "name") or customer.name
    customer.phone = _text(row, "phone") or customer.phone
    customer.tier = _text(row, "tier") or customer.tier or "standard"
    customer.email = email or customer.email
    customer.external_ref = ref or customer.external_ref
    if handles:
        customer.handles = {**(customer.handles or {}), **handles}
    session.flush()
    number = _text(row, "order_number")
    if number:
        try:
            amount = check_amount(row.get("amount") or 0, field="field 'amount'", allow_zero=True)
        except AmountError as exc:
            raise ValueError(str(exc)) from None
        try:
            ordered_at = _when(_text(row, "ordered_at"))
        except ValueError:
            raise ValueError(f"field 'ordered_at': {row.get('ordered_at')!r} is not an ISO date") from None
        currency = (_text(row, "currency") or "EUR").upper()
        if len(currency) != 3:
            raise ValueError(f"field 'currency': {currency!r} is not a 3-letter code")
        order = session.scalar(select(Order).where(Order.brand_id == brand_id, Order.order_number == number))
        if order is None:
            order = Order(brand_id=brand_id, order_number=number, items=[])
            session.add(order)
            result.orders_created += 1
        else:
            result.orders_updated += 1
        order.customer_id = customer.id
        order.amount = amount
        order.currency = currency
        order.ordered_at = ordered_at or order.ordered_at
        order.status = _text(row, "status") or order.status or "placed"
        items = row.get("items")
        if isinstance(items, list):
            order.items = items
        session.flush()


def link_authors_by_handle(session: Session, brand_ids: list[int]) -> int:
    """Link unlinked authors whose platform handle a customer of these brands lists."""
    linked = 0
    if not brand_ids:
        return 0
    for customer in session.scalars(select(Customer).where(Customer.brand_id.in_(brand_ids))):
        for platform, handle in (customer.handles or {}).items():
            author = session.scalar(
                select(Author).where(Author.platform == platform, Author.handle.ilike(str(handle)))
            )
            if author is not None and author.customer_id is None:
                author.customer_id = customer.id
                linked += 1
    session.flush()
    return linked


@dataclass(frozen=True)
class CustomerLink:
    customer_id: int
    via: str  # handle | email | order
    evidence: str


@dataclass(frozen=True)
class TextMatch:
    """Evidence in a message's text that its author is a known customer (B-LEGIT)."""

    customer_id: int | None  # None: a known order with no customer on record
    via: str  # email | order
    evidence: str


def order_tokens(text: str) -> list[str]:
    """The tokens of a text that could be order numbers (they hold at least one digit)."""
    return [t for t in ORDER_TOKEN_RE.findall(text) if any(c.isdigit() for c in t)]


def match_texts(session: Session, brand_id: int, texts: Sequence[str]) -> list[list[TextMatch]]:
    """B-LEGIT: for each text, the brand's customers and orders it names, e-mail addresses first.

    The one customer-matching function: linking (`find_customer`) and triage's legitimacy
    score both read it, so a customer is recognised the same way everywhere. It looks up a
    whole batch of texts in a few queries (triage matches tens of thousands of posts at once).
    """
    emails_of = [[e.lower() for e in find_emails(t)] for t in texts]
    orders_of = [order_tokens(t) for t in texts]
    wanted_emails = sorted({e for es in emails_of for e in es})
    wanted_orders = sorted({o.upper() for os_ in orders_of for o in os_})
    by_email: dict[str, int] = {}
    for i in range(0, len(wanted_emails), _CHUNK):
        chunk = wanted_emails[i : i + _CHUNK]
        for customer_id, email in session.execute(
            select(Customer.id, Customer.email).where(
                Customer.brand_id == brand_id, func.lower(Customer.email).in_(chunk)
            )
        ):
            by_email[(email or "").lower()] = customer_id
    by_order: dict[str, int | None] = {}
    for i in range(0, len(wanted_orders), _CHUNK):
        chunk = wanted_orders[i : i + _CHUNK]
        for number, owner in session.execute(
            select(Order.order_number, Order.customer_id).where(
                Order.brand_id == brand_id, func.upper(Order.order_number).in_(chunk)
            )
        ):
            by_order[number.upper()] = owner
    out: list[list[TextMatch]] = []
    for emails, orders in zip(emails_of, orders_of, strict=True):
        found = [TextMatch(by_email[e], "email", e) for e in emails if e in by_email]
        found += [TextMatch(by_order[o.upper()], "order", o) for o in orders if o.upper() in by_order]
        out.append(found)
    return out


def find_customer(
    session: Session, brand_id: int, platform: str, handle: str, texts: list[str]
) -> CustomerLink | None:
    """B-LEGIT: the customer behind an author, by handle, e-mail in the text, or order number in the text."""
    for c in session.scalars(select(Customer).where(Customer.brand_id == brand_id)):
        h = (c.handles or {}).get(platform)
        if h and str(h).lower() == handle.lstrip("@").lower():
            return CustomerLink(c.id, "handle", f"{platform}:@{h}")
    for match in match_texts(session, brand_id, ["\n".join(texts)])[0]:
        if match.customer_id is not None:
            return CustomerLink(match.customer_id, match.via, match.evidence)
    return None


def do_link_case_customer(session: Session, case_id: int, *, actor: str = "linker") -> CustomerLink | None:
    """Link a case and its author to a known customer (once; an existing link is kept)."""
    case = session.get(Case, case_id)
    if case is None or case.author_id is None:
        return None
    author = session.get_one(Author, case.author_id)
    if case.customer_id is not None:
        return None
    if author.customer_id is not None:
        c = session.get(Customer, author.customer_id)
        if c is not None and c.brand_id == case.brand_id:
            case.customer_id = c.id
            return _linked(session, case, CustomerLink(c.id, "author", f"{author.platform}:@{author.handle}"), actor)
    texts = list(
        session.scalars(
            select(Mention.text).where(Mention.case_id == case.id, Mention.direction == "inbound")
        )
    )
    link = find_customer(session, case.brand_id, author.platform, author.handle, texts)
    if link is None:
        return None
    case.customer_id = link.customer_id
    if author.customer_id is None:
        author.customer_id = link.customer_id
    _linked(session, case, link, actor)
    session.flush()
    return link


def _linked(session: Session, case: Case, link: CustomerLink, actor: str) -> CustomerLink:
    """Audit a case's new customer link (one record, whichever way the customer was found)."""
    audit.record(
        session,
        actor=actor,
        verb="case.customer_linked",
        case_id=case.id,
        brand_id=case.brand_id,
        via=link.via,
        customer_id=link.customer_id,
    )
    return link


def link_customers_hook(session: Session, report: Any) -> None:
    """Ingest step: link new cases to customers (it runs before triage, which scores legitimacy)."""
    case_ids = list(getattr(report, "case_ids_created", []))
    if not case_ids:
        return
    # Brands without any customer records cannot link anything: skip them in one query.
    with_customers = set(session.scalars(select(Customer.brand_id).distinct()))
    if not with_customers:
        return
    for cid in case_ids:
        do_link_case_customer(session, cid)
