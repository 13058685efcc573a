"""The time a suggested reply promises, kept honest by the brand's business hours.

"Within the hour" is only true while the desk is staffed for that whole hour. Otherwise the
reply names when the next hour of work ends, in the customer's words ("tomorrow by 10:00",
"on Monday by 10:00") and with the brand's time zone shown, since the customer may live in
another. Pure: the caller passes the instant.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from calmdesk.domain.playbook import BusinessHours
from calmdesk.domain.sla import add_business_minutes, business_seconds_between

PROMISE_MINUTES = 60

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "soon": "within the hour",
        "today": "today by {hm} ({tz})",
        "tomorrow": "tomorrow by {hm} ({tz})",
        "weekday": "on {day} by {hm} ({tz})",
        "date": "by {hm} ({tz}) on {date}",
    },
    "de": {
        "soon": "innerhalb einer Stunde",
        "today": "heute bis {hm} Uhr ({tz})",
        "tomorrow": "morgen bis {hm} Uhr ({tz})",
        "weekday": "am {day} bis {hm} Uhr ({tz})",
        "date": "bis {hm} Uhr ({tz}) am {date}",
    },
}
_DAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
}


def _round_up(t: datetime, minutes: int = 15) -> datetime:
    extra = (-t.minute) % minutes
    t = t.replace(second=0, microsecond=0)
    return t + timedelta(minutes=extra) if extra else t


def promise_due(hours: BusinessHours, now: datetime, minutes: int = PROMISE_MINUTES) -> datetime:
    """When `minutes` of staffed time after `now` have passed (the brand's local time)."""
    return add_business_minutes(hours, now, minutes).astimezone(ZoneInfo(hours.timezone))


def promise_phrase(hours: BusinessHours, now: datetime, language: str = "en") -> str:
    """The `{when}` of a suggested reply: "within the hour" only while that hour is staffed."""
    words = _WORDS.get(language, _WORDS["en"])
    days = _DAYS.get(language, _DAYS["en"])
    span = timedelta(minutes=PROMISE_MINUTES)
    if hours.always_open or business_seconds_between(hours, now, now + span) >= span.total_seconds() - 1:
        return words["soon"]
    tz = ZoneInfo(hours.timezone)
    due = _round_up(promise_due(hours, now))
    local_now = now.astimezone(tz)
    ahead = (due.date() - local_now.date()).days
    fill = {"hm": due.strftime("%H:%M"), "tz": due.tzname() or hours.timezone, "day": days[due.weekday()],
            "date": due.date().isoformat()}  # fmt: skip
    if ahead <= 0:
        return words["today"].format(**fill)
    if ahead == 1:
        return words["tomorrow"].format(**fill)
    if ahead < 7:
        return words["weekday"].format(**fill)
    return words["date"].format(**fill)
