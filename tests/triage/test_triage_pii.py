from calmdesk.triage.pii import find_pii, iban_ok, luhn_ok, redact


def types(text: str) -> list[str]:
    return [s.type for s in find_pii(text)]


def test_card_with_luhn_is_found_with_its_span() -> None:
    text = "@acme you charged my card 4539 1488 0343 6467 twice"
    spans = find_pii(text)
    assert [(s.type, text[s.start : s.end]) for s in spans] == [("credit_card", "4539 1488 0343 6467")]


def test_order_numbers_are_not_cards() -> None:
    assert luhn_ok("4539148803436467")
    assert not luhn_ok("4539148803436468")
    assert types("@acme order 4539148803436468 never came") == []
    # Luhn-valid but labelled as an order number.
    assert types("@acme order #4539148803436467 never came") == []


def test_email_phone_iban_national_id() -> None:
    assert types("mail me at jane.doe+x@example.co.uk") == ["email"]
    assert types("call me on +44 7700 900123 please") == ["phone"]
    assert types("my number is (555) 123-4567") == ["phone"]
    assert iban_ok("GB82 WEST 1234 5698 7654 32")
    assert types("refund to GB82 WEST 1234 5698 7654 32 asap") == ["iban"]
    assert types("refund to GB82 WEST 1234 5698 7654 33 asap") == []
    assert types("my ssn is 123-45-6789") == ["national_id"]
    assert types("ticket 000-12-3456") == []


def test_passwords_and_pins() -> None:
    text = "@bank my password is Sunny2024! and my PIN 4821"
    spans = find_pii(text)
    assert [(s.type, text[s.start : s.end]) for s in spans] == [
        ("password", "Sunny2024"),
        ("password", "4821"),
    ]
    assert types("I reset my password but the reset link is broken") == []


def test_redacted_copy_hides_every_span() -> None:
    text = "card 4539 1488 0343 6467, mail a@b.com"
    assert redact(text, find_pii(text)) == "card [credit_card], mail [email]"
