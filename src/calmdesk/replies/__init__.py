"""The reply studio: the R-rule checker, the composer, platform previews and optional LLM drafting.

Everything in this package is pure (no database, no network) except `llm.py`, which is the
single place that talks to a configured model endpoint. Writes go through `actions/replies.py`.
"""

from calmdesk.replies.checker import RULE_IDS, check_reply
from calmdesk.replies.model import Finding, ReplyContext

__all__ = ["RULE_IDS", "Finding", "ReplyContext", "check_reply"]
