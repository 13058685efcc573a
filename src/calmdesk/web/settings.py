"""Web settings from the environment. A desk outside development refuses to start with the
well-known development secret, because anyone who knows it could forge a session cookie."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEV_SECRET = "calmdesk-development-secret-do-not-use"


class SettingsError(RuntimeError):
    pass


@dataclass(frozen=True)
class WebSettings:
    secret_key: str = DEV_SECRET
    environment: str = "development"
    #: Send the session cookie only over HTTPS (on by default outside development).
    secure_cookies: bool = False
    session_max_age_s: int = 12 * 3600
    #: Login attempts allowed per (client address, username) within the window.
    login_attempts: int = 5
    login_window_s: int = 300
    #: How often the inbox asks for fresh rows, in seconds.
    poll_interval_s: int = 10
    #: "SLA due soon" means a first response is due within this many minutes.
    due_soon_minutes: int = 60

    def check(self) -> WebSettings:
        if self.environment != "development" and self.secret_key in ("", DEV_SECRET):
            raise SettingsError(
                "CALMDESK_SECRET_KEY is unset or the development default; set a long random value "
                "(for example: python -c 'import secrets; print(secrets.token_urlsafe(48))') "
                "or set CALMDESK_ENV=development for a local trial"
            )
        if len(self.secret_key) < 16:
            raise SettingsError("CALMDESK_SECRET_KEY must have at least 16 characters")
        return self


def load_settings(env: dict[str, str] | None = None) -> WebSettings:
    """Read CALMDESK_ENV (default production), CALMDESK_SECRET_KEY, CALMDESK_SECURE_COOKIES."""
    e = os.environ if env is None else env
    environment = e.get("CALMDESK_ENV", "production").strip().lower() or "production"
    secret = e.get("CALMDESK_SECRET_KEY", DEV_SECRET if environment == "development" else "")
    secure_default = "0" if environment == "development" else "1"
    secure = e.get("CALMDESK_SECURE_COOKIES", secure_default).strip().lower() in ("1", "true", "yes")
    return WebSettings(secret_key=secret, environment=environment, secure_cookies=secure).check()
