"""Web settings from the environment. A desk outside development refuses to start with the
well-known development secret: session tokens are stored as their HMAC under it, and the
key must not be one that anyone can read in this file."""

from __future__ import annotations

import os
import secrets
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
    #: A session ends this long after login whatever happens (CALMDESK_SESSION_MAX_AGE_S) ...
    session_max_age_s: int = 12 * 3600
    #: ... or after this long without a request (CALMDESK_SESSION_IDLE_S).
    session_idle_s: int = 3600
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
                "CALMDESK_SECRET_KEY is unset or the development default; set a long random value, "
                f"for example CALMDESK_SECRET_KEY={suggest_secret_key()} "
                "(or set CALMDESK_ENV=development for a local trial)"
            )
        if len(self.secret_key) < 16:
            raise SettingsError(
                "CALMDESK_SECRET_KEY must have at least 16 characters, "
                f"for example CALMDESK_SECRET_KEY={suggest_secret_key()}"
            )
        if self.session_idle_s < 60 or self.session_max_age_s < self.session_idle_s:
            raise SettingsError(
                "CALMDESK_SESSION_IDLE_S must be at least 60 and CALMDESK_SESSION_MAX_AGE_S at least as long"
            )
        return self


def suggest_secret_key() -> str:
    """A fresh value that `check` accepts for CALMDESK_SECRET_KEY."""
    return secrets.token_urlsafe(48)


def _seconds(e: os._Environ[str] | dict[str, str], name: str, default: int) -> int:
    raw = e.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number of seconds, got {raw!r}") from None


def load_settings(env: dict[str, str] | None = None) -> WebSettings:
    """Read CALMDESK_ENV (default production), CALMDESK_SECRET_KEY, CALMDESK_SECURE_COOKIES,
    CALMDESK_SESSION_IDLE_S and CALMDESK_SESSION_MAX_AGE_S."""
    e = os.environ if env is None else env
    environment = e.get("CALMDESK_ENV", "production").strip().lower() or "production"
    secret = e.get("CALMDESK_SECRET_KEY", DEV_SECRET if environment == "development" else "")
    secure_default = "0" if environment == "development" else "1"
    secure = e.get("CALMDESK_SECURE_COOKIES", secure_default).strip().lower() in ("1", "true", "yes")
    return WebSettings(
        secret_key=secret,
        environment=environment,
        secure_cookies=secure,
        session_idle_s=_seconds(e, "CALMDESK_SESSION_IDLE_S", WebSettings.session_idle_s),
        session_max_age_s=_seconds(e, "CALMDESK_SESSION_MAX_AGE_S", WebSettings.session_max_age_s),
    ).check()
