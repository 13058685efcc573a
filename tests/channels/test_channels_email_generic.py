"""E-mail (RFC 822) and calmdesk's generic webhook format."""

from __future__ import annotations

import json

import pytest

from calmdesk.channels import PayloadError, parse_payload
from calmdesk.channels.email import parser as email
from calmdesk.channels.webhook import parser as generic

REPLY = b"""From: Jane Doe <Jane@Example.org>
To: Support <help@shop.example>
Subject: Re: Order 1234
Date: Tue, 05 Mar 2024 10:15:00 +0100
Message-ID: <reply-2@example.org>
In-Reply-To: <ours-1@shop.example>
References: <first-0@example.org> <ours-1@shop.example>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b"

--b
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Still nothing arrived, caf=C3=A9 closed.

On Mon, 4 Mar 2024 at 09:00, Support <help@shop.example> wrote:
> We are looking into it.
--b
Content-Type: text/html; charset=utf-8

<p>html version</p>
--b--
"""


def test_email_reply_threads_and_strips_quote() -> None:
    [m] = email.parse(REPLY)
    assert m.external_id == "reply-2@example.org"
    assert m.in_reply_to == "ours-1@shop.example"
    assert m.thread_id == "first-0@example.org"
    assert m.visibility == "private"
    assert m.author.handle == "jane@example.org" and m.author.display_name == "Jane Doe"
    assert m.text == "Still nothing arrived, caf\u00e9 closed."
    assert m.created_at.isoformat() == "2024-03-05T10:15:00+01:00"
    assert m.brand_handle == "help@shop.example"


def test_email_first_message_keeps_subject_and_reads_html_only() -> None:
    raw = (
        b"From: a@b.example\r\nTo: help@shop.example\r\nSubject: Broken kettle\r\n"
        b"Date: Tue, 05 Mar 2024 10:15:00 +0000\r\nMessage-ID: <k@b.example>\r\n"
        b"Content-Type: text/html\r\n\r\n<p>It leaks &amp; hisses</p>"
    )
    [m] = email.parse(raw)
    assert m.text == "Broken kettle\n\nIt leaks & hisses"
    assert m.in_reply_to is None and m.thread_id is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty message"),
        (b"Subject: hi\r\nMessage-ID: <x@y>\r\n\r\nbody", "From: missing"),
        (b"From: a@b.c\r\nMessage-ID: <x@y>\r\nDate: someday\r\n\r\nbody", "not an RFC 5322 date"),
    ],
)
def test_email_faults(raw: bytes, message: str) -> None:
    with pytest.raises(PayloadError, match=message):
        email.parse(raw)


def test_generic_item_list_and_envelope() -> None:
    item = {
        "id": "rev-1",
        "text": "Two stars &amp; a long wait",
        "created_at": "2024-05-01T10:00:00+02:00",
        "author": {"handle": "jane", "name": "Jane D.", "followers": 12},
        "source": "trustpilot",
        "brand": "acme",
    }
    [m] = generic.parse(json.dumps(item))
    assert (m.platform, m.external_id, m.author.followers, m.brand_handle, m.visibility) == (
        "trustpilot",
        "rev-1",
        12,
        "acme",
        "public",
    )
    assert m.text == "Two stars &amp; a long wait"  # our own format is plain text already
    assert len(parse_payload("webhook", json.dumps({"items": [item, {**item, "id": "rev-2"}]}))) == 2


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"visibility": "secret"}, r"\$\.visibility: must be public or private"),
        ({"colour": "red"}, r"\$\.colour: unknown field"),
        ({"text": ""}, r"\$\.text: missing or empty"),
        ({"created_at": "2024-13-01"}, "not an ISO-8601 date"),
        ({"source": "Bad Source"}, r"\$\.source"),
    ],
)
def test_generic_faults(patch: dict, message: str) -> None:
    item = {"id": "1", "text": "t", "created_at": "2024-05-01T10:00:00Z", "author": "x", **patch}
    with pytest.raises(PayloadError, match=message):
        generic.parse(item)
