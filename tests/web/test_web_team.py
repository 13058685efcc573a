"""The team tools over HTTP (TestClient): search page and API, notes, tags, bulk, saved views."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from web_helpers import Seed, login

from calmdesk.storage.tables import Action, CaseNote, CaseTag, OutboxItem, SavedView


def test_search_needs_login_and_escapes_what_it_highlights(app_client: TestClient, seed: Seed) -> None:
    assert app_client.get("/api/search?q=parcel").status_code == 401
    assert app_client.get("/search?q=parcel", follow_redirects=False).status_code == 303
    login(app_client, "alice")
    page = app_client.get("/search?q=parcel")
    assert page.status_code == 200
    # The XSS post matches "parcel": its markup is shown as text, only our <mark> is HTML.
    assert "<script>alert" not in page.text and "&lt;script&gt;alert(" in page.text
    assert "<mark>parcel</mark>" in page.text
    assert f'href="/cases/{seed.acme_xss_case}"' in page.text
    data = app_client.get("/api/search", params={"q": 'parcel" OR *'}).json()
    assert data["terms"] == ["parcel", "or"] and data["hits"] == []
    data = app_client.get("/api/search", params={"q": "parcel"}).json()
    assert {h["case_id"] for h in data["hits"]} == {seed.acme_xss_case, seed.acme_quiet_case}
    assert app_client.get("/api/search", params={"q": "billing"}).json()["hits"] == []  # globex's
    for hostile in ['"', "NEAR(", "a:*", "x" * 500, "'--"]:
        assert app_client.get("/api/search", params={"q": hostile}).status_code == 200
    assert app_client.get("/api/search", params={"q": "x" * 501}).status_code == 422


def test_notes_tags_bulk_and_views_through_the_forms(app_client: TestClient, seed: Seed) -> None:
    csrf = login(app_client, "alice")
    res = app_client.post(
        f"/cases/{seed.acme_case}/notes",
        data={"csrf_token": csrf, "text": "@sam <b>refund</b> please"},
        follow_redirects=False,
    )
    assert res.status_code == 303
    page = app_client.get(f"/cases/{seed.acme_case}").text
    assert "internal note" in page and "&lt;b&gt;refund&lt;/b&gt;" in page and "<b>@sam</b>" in page
    assert app_client.post(f"/cases/{seed.globex_case}/notes", data={"csrf_token": csrf, "text": "x"}).status_code == 404
    assert app_client.post(f"/cases/{seed.acme_case}/notes", data={"text": "no csrf"}).status_code == 403
    app_client.post(f"/cases/{seed.acme_case}/tags", data={"csrf_token": csrf, "tags": "Refund, press"})
    assert f'data-id="{seed.acme_case}"' in app_client.get("/?tag=refund").text
    assert f'data-id="{seed.acme_quiet_case}"' not in app_client.get("/?tag=refund").text
    assert app_client.get("/?tag=bad!").status_code == 422
    app_client.post(f"/cases/{seed.acme_case}/tags/remove", data={"csrf_token": csrf, "tag": "press"})
    res = app_client.post(
        "/bulk",
        data={"csrf_token": csrf, "action": "assign", "owner": "me",
              "case_id": [str(seed.acme_quiet_case), str(seed.acme_code_case), str(seed.globex_case)]},
    )  # fmt: skip
    assert res.status_code == 200 and "2 cases done, 1 refused" in res.text and f"#{seed.globex_case}: no case" in res.text
    res = app_client.post("/bulk", data={"csrf_token": csrf, "action": "explode", "case_id": "1"})
    assert "unknown" in res.text
    app_client.post("/views", data={"csrf_token": csrf, "name": "Refunds", "tag": "refund"})
    assert "Refunds" in app_client.get("/").text
    with seed.factory() as s:
        assert [n.text for n in s.scalars(select(CaseNote))] == ["@sam <b>refund</b> please"]
        assert [t.tag for t in s.scalars(select(CaseTag))] == ["refund"]
        assert s.scalar(select(OutboxItem.id)) is None
        assigned = [a.case_id for a in s.scalars(select(Action).where(Action.verb == "case.assigned"))]
        assert sorted(assigned) == sorted([seed.acme_quiet_case, seed.acme_code_case])
        view = s.scalar(select(SavedView))
        assert view is not None and view.params == {"tag": "refund"}
    # Sam was mentioned: the notification reaches sam and nobody else.
    sam = TestClient(app_client.app)
    login(sam, "sam")
    items = sam.get("/api/notifications").json()["items"]
    assert [i["kind"] for i in items] == ["mention"] and "refund" in items[0]["text"]
    # Another user cannot delete alice's view.
    sam_csrf = login(sam, "sam")
    assert "no view" in sam.post(f"/views/{view.id}/delete", data={"csrf_token": sam_csrf}).text
