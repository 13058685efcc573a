"""The one HTTP layer every connector shares: timeouts, retries with backoff and jitter, rate limits.

Why one layer: platforms fail in the same handful of ways (429 with a reset header, 5xx,
timeouts, bodies cut short). Handling them once means a fix reaches every connector, and tests
drive the real code against a local fake server by changing only the base URL. Sleeping and the
clock are injectable so tests run without waiting.

A 429 is not retried here: it raises `RateLimited(retry_at)`, which the polling scheduler stores
as the channel's `next_poll_at` and the outbox as the item's `next_attempt_at`. Waiting inside a
request would hold a worker for minutes and hide the limit from the operator.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from calmdesk.secrets import redact

Clock = Callable[[], datetime]
Sleep = Callable[[float], None]

#: Header names that carry a reset time, in the order they are trusted.
RESET_HEADERS = ("x-rate-limit-reset", "x-ratelimit-reset", "ratelimit-reset")
REMAINING_HEADERS = ("x-rate-limit-remaining", "x-ratelimit-remaining", "ratelimit-remaining")
#: Values below this are "seconds from now" (Reddit); above, Unix time (X, Bluesky).
_EPOCH_FROM = 10**9


class ConnectorError(RuntimeError):
    """A platform call that failed; the message is redacted and says what to check."""

    retryable = False

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(redact(message))
        self.status = status


class TransientError(ConnectorError):
    """5xx, timeouts, broken bodies: worth another try later."""

    retryable = True


class AuthError(ConnectorError):
    """401/403: the credential is wrong or lacks a permission; retrying will not help."""


class NotFoundError(ConnectorError):
    """404: the target is gone (deleted post, wrong id)."""


class RateLimited(ConnectorError):
    """The platform asked us to wait until `retry_at`."""

    retryable = True

    def __init__(self, message: str, retry_at: datetime) -> None:
        super().__init__(f"{message}; retry after {retry_at.isoformat(timespec='seconds')}", status=429)
        self.retry_at = retry_at


def utc_now() -> datetime:
    return datetime.now(UTC)


def parse_reset(headers: Mapping[str, str], now: datetime) -> datetime | None:
    """When a limit lifts, from `Retry-After` (seconds or HTTP date) or a `*-reset` header
    (Unix time, seconds from now, or an ISO date as Mastodon sends)."""
    retry_after = headers.get("retry-after")
    if retry_after:
        value = retry_after.strip()
        if value.replace(".", "", 1).isdigit():
            return now + timedelta(seconds=float(value))
        try:
            when = parsedate_to_datetime(value)
            return when if when.tzinfo else when.replace(tzinfo=UTC)
        except (TypeError, ValueError):
            pass
    for name in RESET_HEADERS:
        raw = headers.get(name)
        if not raw:
            continue
        value = raw.strip()
        try:
            number = float(value)
        except ValueError:
            try:
                when = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
            return when if when.tzinfo else when.replace(tzinfo=UTC)
        if number >= _EPOCH_FROM:
            return datetime.fromtimestamp(number, tz=UTC)
        return now + timedelta(seconds=number)
    return None


def exhausted(headers: Mapping[str, str]) -> bool:
    for name in REMAINING_HEADERS:
        raw = headers.get(name)
        if raw is not None:
            try:
                return float(raw) <= 0
            except ValueError:
                return False
    return False


@dataclass
class RetryPolicy:
    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0
    #: Waits shorter than this on a 429 are slept through instead of raised.
    max_inline_wait: float = 0.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Exponential backoff with "full jitter" so many workers do not retry in lockstep."""
        cap = min(self.max_delay, self.base_delay * (2**attempt))
        return cap / 2 + rng.random() * cap / 2


@dataclass
class HttpClient:
    """An httpx client with the desk's failure rules. `auth` adds headers to every request."""

    base_url: str
    auth: Callable[[], Mapping[str, str]] = field(default=lambda: {})
    timeout: float = 10.0
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Sleep = time.sleep
    clock: Clock = utc_now
    rng: random.Random = field(default_factory=random.Random)
    user_agent: str = "calmdesk/0.1 (+https://github.com/calmdesk/calmdesk)"
    secrets: Iterable[str] = ()
    transport: httpx.BaseTransport | None = None
    #: When the platform said our budget is spent (remaining 0): the scheduler waits until then.
    limited_until: datetime | None = None
    requests_made: int = 0

    def __post_init__(self) -> None:
        self._client = httpx.Client(
            base_url=self.base_url.rstrip("/"),
            timeout=self.timeout,
            headers={"User-Agent": self.user_agent},
            transport=self.transport,
            follow_redirects=False,
        )

    def close(self) -> None:
        self._client.close()

    def _redact(self, text: str) -> str:
        return redact(text, self.secrets)

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Any = None,
        json_body: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        retry: bool = True,
    ) -> httpx.Response:
        """One call with retries. Non-idempotent calls (posting) pass `retry=False`: a timeout
        there may mean "posted, answer lost", which only the outbox's reconciliation may decide."""
        attempts = self.policy.attempts if retry else 1
        last: ConnectorError | None = None
        for attempt in range(attempts):
            if attempt:
                self.sleep(self.policy.delay(attempt - 1, self.rng))
            try:
                merged = {**self.auth(), **(headers or {})}
                self.requests_made += 1
                response = self._client.request(
                    method, url, params=params, json=json_body, data=data, headers=merged
                )
            except httpx.TimeoutException as exc:
                last = TransientError(f"{method} {self._where(url)}: timed out ({type(exc).__name__})")
                continue
            except httpx.TransportError as exc:
                last = TransientError(
                    f"{method} {self._where(url)}: connection failed: {self._redact(str(exc))}"
                )
                continue
            now = self.clock()
            if exhausted(response.headers):
                self.limited_until = parse_reset(response.headers, now)
            if response.status_code == 429:
                retry_at = parse_reset(response.headers, now) or now + timedelta(seconds=60)
                wait = (retry_at - now).total_seconds()
                if retry and wait <= self.policy.max_inline_wait and attempt + 1 < attempts:
                    self.sleep(max(wait, 0.0))
                    continue
                raise RateLimited(f"{method} {self._where(url)}: rate limited (429)", retry_at)
            if response.status_code >= 500:
                last = TransientError(
                    f"{method} {self._where(url)}: server error {response.status_code}",
                    status=response.status_code,
                )
                continue
            if response.status_code in (401, 403):
                raise AuthError(
                    f"{method} {self._where(url)}: {response.status_code} {self._snippet(response)} "
                    "(check the channel's credential and its permissions)",
                    status=response.status_code,
                )
            if response.status_code == 404:
                raise NotFoundError(f"{method} {self._where(url)}: not found", status=404)
            if response.status_code >= 400:
                raise ConnectorError(
                    f"{method} {self._where(url)}: {response.status_code} {self._snippet(response)}",
                    status=response.status_code,
                )
            return response
        assert last is not None
        raise last

    def request_json(self, method: str, url: str, **kwargs: Any) -> Any:
        return self.fetch_json(method, url, **kwargs)[0]

    def fetch_json(self, method: str, url: str, **kwargs: Any) -> tuple[Any, httpx.Response]:
        """A call whose answer must be JSON, with the response (for Link headers). A truncated or
        malformed body is retried like a 5xx (proxies cut bodies short under load); after the
        last try it is a `TransientError`."""
        retry = kwargs.get("retry", True)
        attempts = self.policy.attempts if retry else 1
        last: ConnectorError | None = None
        for attempt in range(attempts):
            if attempt:
                self.sleep(self.policy.delay(attempt - 1, self.rng))
            response = self.request(method, url, **kwargs)
            if not response.content.strip():
                return None, response
            try:
                return response.json(), response
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                last = TransientError(
                    f"{method} {self._where(url)}: the response is not valid JSON ({exc}); "
                    f"{len(response.content)} bytes received"
                )
        assert last is not None
        raise last

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.request_json("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        kwargs.setdefault("retry", False)
        return self.request_json("POST", url, **kwargs)

    def _where(self, url: str) -> str:
        return self._redact(url.split("?", 1)[0])

    def _snippet(self, response: httpx.Response) -> str:
        return self._redact(response.text[:200].replace("\n", " "))
