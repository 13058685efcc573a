"""LLM drafting against a real local HTTP server that speaks the OpenAI chat API."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from calmdesk.replies.llm import LlmConfig, LlmError, config_from_env, draft_with_llm
from calmdesk.replies.model import ReplyContext


class FakeLlm(BaseHTTPRequestHandler):
    answer: Any = "Sorry Sam, that's not okay. I'll check the order and DM you today. - Anna"
    status = 200
    seen: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeLlm.seen.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        payload = (
            {"choices": [{"message": {"role": "assistant", "content": FakeLlm.answer}}]}
            if FakeLlm.status == 200
            else {"error": {"message": "rate limited"}}
        )
        data = json.dumps(payload).encode()
        self.send_response(FakeLlm.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    FakeLlm.seen.clear()
    FakeLlm.status = 200
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeLlm)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


CTX = ReplyContext(platform="x", complaint="Order never arrived, furious.")


def test_off_unless_configured() -> None:
    assert config_from_env({}) is None
    assert config_from_env({"CALMDESK_LLM_BASE_URL": "http://h/v1"}) is None
    cfg = config_from_env(
        {"CALMDESK_LLM_BASE_URL": "http://h/v1/", "CALMDESK_LLM_MODEL": "m", "CALMDESK_LLM_API_KEY": "k"}
    )
    assert cfg == LlmConfig(base_url="http://h/v1", model="m", api_key="k")


def test_draft_goes_through_the_checker(server: str) -> None:
    FakeLlm.answer = "Sorry Sam, that's not okay. I'll check the order and DM you today. - Anna"
    d = draft_with_llm(LlmConfig(server, "local-model", "secret"), CTX, agent_name="Anna")
    assert d.findings == ()
    req = FakeLlm.seen[0]
    assert req["path"] == "/v1/chat/completions" and req["auth"] == "Bearer secret"
    assert (
        req["body"]["model"] == "local-model"
        and "Order never arrived" in req["body"]["messages"][1]["content"]
    )
    FakeLlm.answer = "Haha, you should have read the tracking page. Guaranteed tomorrow!"
    bad = draft_with_llm(LlmConfig(server, "local-model"), CTX, agent_name="Anna")
    assert {"R-BLAME", "R-OVERPROMISE", "R-HUMOR-RISK"} <= {f.rule for f in bad.findings}


def test_error_response_is_reported(server: str) -> None:
    FakeLlm.status = 429
    with pytest.raises(LlmError, match="429"):
        draft_with_llm(LlmConfig(server, "m"), CTX, agent_name="Anna")
    with pytest.raises(LlmError, match="unreachable"):
        draft_with_llm(LlmConfig("http://127.0.0.1:9", "m", timeout_s=2), CTX, agent_name="Anna")
