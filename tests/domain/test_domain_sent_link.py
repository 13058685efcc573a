"""The link stored with a posted item: a channel's own templates win over the connector's guess."""

from __future__ import annotations

from calmdesk.domain.permalinks import message_url, sent_link

SANDBOX = {
    "post_url_template": "http://127.0.0.1:8001/sandbox/post/x/{id}",
    "message_url_template": "http://127.0.0.1:8001/sandbox/inbox/x/{recipient}",
}


def test_templates_win_over_the_connectors_link() -> None:
    reply = sent_link(
        "x", "reply", "100", "https://x.com/acme/status/100", handle="acme", recipient=None, settings=SANDBOX
    )
    assert reply == "http://127.0.0.1:8001/sandbox/post/x/100"
    dm = sent_link(
        "x",
        "private_message",
        "7",
        "https://x.com/messages/1-2",
        handle="acme",
        recipient="42/a",
        settings=SANDBOX,
    )
    assert dm == "http://127.0.0.1:8001/sandbox/inbox/x/42%2Fa"


def test_without_templates_the_connectors_link_stays() -> None:
    assert sent_link(
        "x", "reply", "100", "https://x.com/acme/status/100", handle="acme", recipient=None, settings={}
    ) == ("https://x.com/acme/status/100")
    assert sent_link("x", "private_message", "7", None, handle="acme", recipient="42", settings=None) is None
    assert message_url("42", {}) is None
    assert message_url(None, SANDBOX) is None
