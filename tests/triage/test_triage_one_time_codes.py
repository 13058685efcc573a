"""One-time codes and PINs written out are secrets (B-MODERATE hides them like a password)."""

from __future__ import annotations

import pytest

from calmdesk.triage.pii import find_pii


def _secrets(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_pii(text) if s.type == "password"]


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("the code you sent was 482913 and it expired before I typed it", "482913"),
        ("@bank OTP 552 901 not accepted, tried 3 times", "552 901"),
        ("my verification code: 771204 keeps failing", "771204"),
        ("the code you texted me (383-112) didn't work", "383-112"),
        ("Zapłaciłem kodem BLIK 731904 i nic", "731904"),
        ("el PIN de la tarjeta nueva es 7741 y el cajero dice incorrecto", "7741"),
        ("Bestätigungscode 448812 funktioniert nicht", "448812"),
        ("código de verificación 5521 no llega bien", "5521"),
        ("codice OTP 90817 scaduto subito", "90817"),
        ("验证码 662811 无效", "662811"),
        ("인증번호 482910 입력했는데 안 돼요", "482910"),
        ("the code they gave me was 1234 5678 and the app says invalid", "1234 5678"),
    ],
)
def test_a_code_the_customer_wrote_out_is_a_secret(text: str, secret: str) -> None:
    assert _secrets(text) == [secret]


@pytest.mark.parametrize(
    "text",
    [
        "verification code never arrived for order: 123456",
        "promo code SAVE20 didn't work at checkout",
        "discount code 2024 expired already",
        "OTP never arrived, I waited 10 minutes",
        "the code is 6 digits long but your field takes 5",
        "PIN for my card was changed in 2023 without asking me",
        "your 2fa code took 300 seconds to arrive",
        "error code 5001 every time I open the app",
        "ordered a pink 2024 planner, still not here",
        "the code for order 55120 is wrong on the label",
    ],
)
def test_numbers_near_code_words_that_are_not_secrets(text: str) -> None:
    assert _secrets(text) == []


def test_a_verification_code_sent_to_a_phone_is_the_phone_not_a_code() -> None:
    spans = find_pii("verification code sent to 0612345678 never arrives")
    assert [s.type for s in spans] == ["phone"]


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("The parent portal password you emailed me (Wq7!pz3L) doesn't work", "Wq7!pz3L"),
        ("mon mot de passe c'est Marmotte74 et l'appli dit qu'il est faux", "Marmotte74"),
        ("A senha do wifi que o técnico configurou é Casa@2024vivo e nada conecta", "Casa@2024vivo"),
        ("Mot de passe provisoire reçu par courrier : Hx4-pq9-Lm. Impossible", "Hx4-pq9-Lm"),
        ("the claim code X4TQ-9PLM-22RD says already redeemed", "X4TQ-9PLM-22RD"),
        ("my 2FA backup key is KZXW 6YTB OI2Q 4RMS and the app still fails", "KZXW 6YTB OI2Q 4RMS"),
        ("Router sticker says WPA key 7HQ2-XK9R-44LM but nothing connects", "7HQ2-XK9R-44LM"),
        ("Your verification email code was QX7-41M. I typed it, it said invalid", "QX7-41M"),
        ("パスワードは sakura0412 です。ログインできません", "sakura0412"),
    ],
)
def test_keys_and_passwords_a_few_words_after_their_word(text: str, secret: str) -> None:
    assert _secrets(text) == [secret]


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("security answer 'Pemberton Road' rejected on the phone again", "Pemberton Road"),
        ("Respuesta de seguridad: 'Chispita'. Es el nombre de mi perrita", "Chispita"),
        ("Sicherheitsfrage 'Name des ersten Haustiers' – Antwort Bello. Wird abgelehnt", "Bello"),
        ("Mum's maiden name is Kowalczyk, that is my security answer", "Kowalczyk"),
    ],
)
def test_the_answer_to_a_security_question_is_a_secret(text: str, answer: str) -> None:
    assert _secrets(text) == [answer]


@pytest.mark.parametrize(
    "text",
    [
        "the password you sent never came through, can you resend?",
        "my security question is 'what was the name of your first school?' and I forgot the answer",
        "I forgot the answer to my security question, how do I reset it",
        "gift card arrived but the claim code is scratched off",
        "your password rules are ridiculous, 12 chars and a symbol",
        "Code 4471 on the receipt means nothing to me, order 5512",
        "I typed the code for my order in 2024 and nothing happened",
        "got a text with code word 'urgent' from you, is it real?",
    ],
)
def test_prose_near_password_and_question_words_is_not_a_secret(text: str) -> None:
    assert _secrets(text) == []
