"""The e-mail connector tests' fake mail servers: they live in `calmdesk.demo.mail_api` since the
demo's sandbox (`calmdesk.demo.sandbox`) runs them for the demo's e-mail channels."""

from calmdesk.demo.mail_api import FakeImap, FakeSmtp, Folder, Received, StoredMessage

#: The brand's mailbox and the fake servers' password, shared by the e-mail tests and their fixtures.
BRAND = "support@acme.example"
PASSWORD = "imap-pass-7f3a9c"  # noqa: S105 - the fake servers' password

__all__ = ["BRAND", "PASSWORD", "FakeImap", "FakeSmtp", "Folder", "Received", "StoredMessage"]
