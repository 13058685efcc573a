"""The e-mail connector tests' fake mail servers: they live in `calmdesk.demo.mail_api` since the
demo's sandbox (`calmdesk.demo.sandbox`) runs them for the demo's e-mail channels."""

from calmdesk.demo.mail_api import FakeImap, FakeSmtp, Folder, Received, StoredMessage

__all__ = ["FakeImap", "FakeSmtp", "Folder", "Received", "StoredMessage"]
