"""Property-based fuzzing of the JSON API from its own OpenAPI document (`/api/openapi.json`):
whatever schemathesis sends with a valid API token, the desk never answers with a 5xx.

Bounded so the suite stays fast on a shared machine: 30 examples per operation, no deadline,
against the ASGI app in-process on a seeded SQLite store (the web tests' seed).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is a dev dependency")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from calmdesk.actions.users import do_create_api_token, get_user  # noqa: E402
from calmdesk.web.app import create_app  # noqa: E402
from calmdesk.web.settings import WebSettings  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
from web_helpers import seed_store  # noqa: E402

pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    seed = seed_store(f"sqlite:///{tmp_path_factory.mktemp('fuzz')}/api.sqlite3")
    with seed.factory.begin() as s:
        # a supervisor: the role that can reach every operation (approve, send)
        token = do_create_api_token(s, get_user(s, "sam"), "schemathesis", actor="test")
    app = create_app(seed.factory, WebSettings(secret_key="test-secret-0123456789abcdef"))
    yield app, token
    seed.factory.kw["bind"].dispose()


@pytest.fixture(scope="module")
def api_schema(api: tuple[Any, str]) -> Any:
    app, token = api
    return schemathesis.openapi.from_asgi(
        "/api/openapi.json", app, headers={"Authorization": f"Bearer {token}"}
    )


def test_api_never_answers_5xx(api: tuple[Any, str], api_schema: Any) -> None:
    # One hypothesis run per operation (schemathesis' lazy pytest loader does not support
    # pytest 9 yet), every failure collected so one report names them all. `derandomize`
    # makes the examples the same on every run: the outcome cannot flake.
    _app, token = api
    auth = {"Authorization": f"Bearer {token}"}
    failures: list[str] = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10, "the OpenAPI document lost its operations"

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=30,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failure is enough
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            response = case.call(headers=auth)
            case.validate_response(response, checks=[not_a_server_error])

        try:
            run()
        except Exception as exc:  # the falsifying example, shrunk by hypothesis
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)
