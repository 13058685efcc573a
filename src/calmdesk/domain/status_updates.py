"""Where an incident's public status update may be posted, per platform (issue 16, item 4).

Why a table and not "every channel": a status update is a post that answers nobody. It belongs
where the brand has a feed of its own that its customers read, and nowhere else. The playbook
has no rule that names status posts; what decides is:

- B-SAME-PLACE: answer where the complaints were made. By default a status post goes only to
  the platforms the incident's cases came from; a brand may name its platforms instead
  (`[incidents] status_platforms`) or switch status posts off (`status_updates = false`);
- B-MODERATE / the seeds' "don't give the show": nothing is posted on a platform where the
  post would land in somebody else's space (a stranger's subreddit, a mailbox);
- R-rules: the text passes the same checker as a public reply, on each target platform
  (R-LENGTH differs per platform), done by the action, not here.

Per platform, what a brand-level post is:

| platform | brand-level post | why |
|---|---|---|
| x | a new tweet (POST /2/tweets, no reply field) | the brand's own timeline |
| facebook | a Page post (POST /{page-id}/feed) | the Page's own feed |
| mastodon | a public status (POST /api/v1/statuses, no in_reply_to_id) | the account's own timeline |
| bluesky | a post record (createRecord app.bsky.feed.post, no reply ref) | the account's own feed |
| reddit | a self-post in the brand's own subreddit (POST /api/submit), only when the channel names one (`brand_subreddit`) | posting in other people's subreddits is advertising there |
| instagram | none | the Graph API publishes only images and videos, never text alone |
| email | none | no public side; a mail to every customer is a mass mailing, and each case gets its own close-out |
| webhook (reviews, forms) | none | review sites let a business answer reviews, not post on its own |

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: The two status posts of an incident: while it is open, and when it is fixed.
KINDS = ("update", "resolved")

#: Platforms with no brand-level post, and why (shown on the incident page).
NO_BRAND_POST: dict[str, str] = {
    "instagram": "Instagram publishes only images and videos through its API, never text alone",
    "email": "e-mail has no public side; every case gets its own close-out instead",
    "review": "review sites let a business answer reviews, not post on its own",
    "webhook": "review sites and forms let a business answer, not post on its own",
}
BRAND_POST_PLATFORMS = ("x", "facebook", "mastodon", "bluesky", "reddit")


@dataclass(frozen=True)
class ChannelView:
    """What the decision needs to know about one of the brand's channels."""

    id: int
    platform: str
    handle: str
    enabled: bool
    settings: Mapping[str, Any]


@dataclass(frozen=True)
class Target:
    channel_id: int
    platform: str
    handle: str


@dataclass(frozen=True)
class Skipped:
    channel_id: int
    platform: str
    handle: str
    why: str


@dataclass(frozen=True)
class Plan:
    targets: tuple[Target, ...]
    skipped: tuple[Skipped, ...]


def brand_subreddit(settings: Mapping[str, Any]) -> str | None:
    """The brand's own subreddit (`brand_subreddit = "r/acme"`), where it may post; None if it has none."""
    raw = str(settings.get("brand_subreddit") or "").strip()
    name = raw.removeprefix("/").removeprefix("r/").strip("/")
    return name or None


def plan(
    channels: Iterable[ChannelView],
    case_platforms: Iterable[str],
    *,
    enabled: bool = True,
    platforms: Sequence[str] | None = None,
) -> Plan:
    """The channels a status post goes to, and every other channel of the brand with the reason.

    `case_platforms`: where the incident's complaints were made (B-SAME-PLACE), used when the
    brand names no `platforms` of its own.
    """
    allowed = set(platforms) if platforms is not None else set(case_platforms)
    source = "the brand's playbook (status_platforms)" if platforms is not None else "the incident's cases"
    targets: list[Target] = []
    skipped: list[Skipped] = []
    for ch in sorted(channels, key=lambda c: c.id):
        why: str | None = None
        if not enabled:
            why = "the brand's playbook switches status posts off (status_updates = false)"
        elif ch.platform in NO_BRAND_POST:
            why = NO_BRAND_POST[ch.platform]
        elif ch.platform not in BRAND_POST_PLATFORMS:
            why = f"calmdesk has no brand-level post for {ch.platform}"
        elif not ch.enabled:
            why = "the channel is switched off"
        elif ch.platform == "reddit" and brand_subreddit(ch.settings) is None:
            why = "the brand has no subreddit of its own (brand_subreddit); other subreddits are not ours to post in"
        elif ch.platform not in allowed:
            why = f"no complaint of this incident came from {ch.platform} (B-SAME-PLACE; {source})"
        if why is None:
            targets.append(Target(ch.id, ch.platform, ch.handle))
        else:
            skipped.append(Skipped(ch.id, ch.platform, ch.handle, why))
    return Plan(tuple(targets), tuple(skipped))


def idempotency_key(incident_id: int, kind: str, channel_id: int) -> str:
    """One status post of each kind per incident and channel: the outbox key is unique, so a
    second approval (or a double click) can never queue a second post."""
    if kind not in KINDS:
        raise ValueError(f"a status update is one of {', '.join(KINDS)}, not {kind!r}")
    return f"status-{incident_id}-{kind}-ch{channel_id}"


def key_prefix(incident_id: int, kind: str | None = None) -> str:
    return f"status-{incident_id}-{kind}-" if kind else f"status-{incident_id}-"
