"""Typed secrets, round 3 (issue 16 item 1): digits spaced one by one, "verification number",
values in brackets or after an arrow, copulas in more languages (ay, to, هي, 는), security answers
after "was" or a colon, and a value written before its word ("918273 as the OTP"); with the hard
negatives that must stay silent."""

from __future__ import annotations

import pytest

from calmdesk.triage.pii import find_pii


def _secrets(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_pii(text) if s.type == "password"]


SECRETS = [
    ("the OTP was 5 0 3 7 7 2 and the app said invalid", "5 0 3 7 7 2"),
    ("my card pin 6 2 4 8 stopped working", "6 2 4 8"),
    ("verification number 661829 arrived twice", "661829"),
    ("the code they texted me [530918] is rejected", "530918"),
    ("the security code (\"771502\") came but fails", "771502"),
    ("pwd -> Zq8!rT4w on the new phone", "Zq8!rT4w"),
    ("passcode => 881204 and still locked", "881204"),
    ("ang password ko ay Cebu#1999 pero ayaw", "Cebu#1999"),
    ("mój PIN do karty to 6603", "6603"),
    ("كلمة المرور هي Doha2021 ولا تعمل", "Doha2021"),
    ("비밀번호는 Busan2020! 인데 안돼요", "Busan2020"),
    ("security question answer was Whiskers and it says wrong", "Whiskers"),
    ("the answer to my security question: Southampton. refused", "Southampton"),
    ("I typed 604211 as the verification code and it failed", "604211"),
    ("used \"Gr8Lakes!\" as my password for years", "Gr8Lakes!"),
    ("my pin is my birthday 0716 so no typo", "0716"),
    ("password saya Bandung2022 tapi gagal", "Bandung2022"),
    ("my password is still Bremen2021, nothing changed", "Bremen2021"),
    ("482913 es mi código de verificación y no sirve", "482913"),
    ("7781 é a minha senha do cartão", "7781"),
    ("Google Authenticator shows 482019 but login fails", "482019"),
    ("my secret word is Pumpkin", "Pumpkin"),
]


@pytest.mark.parametrize(("text", "secret"), SECRETS)
def test_secret_found(text: str, secret: str) -> None:
    assert secret in _secrets(text)


NOT_SECRETS = [
    "my order number is 5839201 and it still hasn't shipped",
    "error code 0x80070005 every time I open the app",
    "the code didn't arrive, I waited 20 minutes",
    "we will never ask for your PIN or password",
    "flight BA2490 delayed 6 hours, no information",
    "I changed my PIN in 2023 and it worked until now",
    "my 4 digit PIN got blocked after 3 tries",
    "app version 4.12.3 keeps crashing, 2024 is the year it broke",
    "the security question: What was your first school? makes no sense",
    "promo code SUMMER2024 doesn't apply, is the code expired?",
    "2024 is my PIN change year, whatever",
    "it says enter the 6 digit code but nothing comes",
    "my pin is valid until 2025 apparently",
    "the pin is blocked after 3 attempts",
    "the code is for order 551203, not mine",
    "2023 is my PIN change year and it broke",
    "Summer is my password hint, reset it",
    "the Authenticator app version 6.2 crashes",
    "your text says \"your code is XXXXXX, do not share it\" is this real?",
]


@pytest.mark.parametrize("text", NOT_SECRETS)
def test_not_a_secret(text: str) -> None:
    assert _secrets(text) == []
