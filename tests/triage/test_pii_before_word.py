"""PII on new wording, round 2 (issue 16 item 1): ids written before their word, ids after words in
more scripts, bracketed and inflected labels, licences with slashes, Steuer-ID and Iranian codes;
with the hard negatives that must stay silent (orders before an id-less clause, dates, references)."""

from __future__ import annotations

import pytest

from calmdesk.triage import national_ids_world as w
from calmdesk.triage.pii import find_pii


def _of(text: str, kind: str) -> list[str]:
    return [text[s.start : s.end] for s in find_pii(text) if s.type == kind]


IDS = [
    # the number first, its word a few words after (checked formats, or that country's own word)
    ("40815393407 esse é o número do meu CPF", "40815393407"),
    ("616893644 is mijn BSN, staat zo op mijn paspoort", "616893644"),
    ("421 079 6336 is my NHS number, wrong records", "421 079 6336"),
    ("661021-1655 är mitt personnummer, BankID vill inte", "661021-1655"),
    ("8409221402 е моето ЕГН, защо не мога да вляза?", "8409221402"),
    ("1746315470 هذا رقم الهوية حقي", "1746315470"),
    ("110105199109071341是我的身份证号，为什么失败", "110105199109071341"),
    ("143484210093がマイナンバーです", "143484210093"),
    ("AB556218 — that's my passport, typed exactly", "AB556218"),
    # words in more scripts, brackets, inflections
    ("आधार नंबर 4703 2170 0742 डालने पर OTP नहीं आ रहा", "4703 2170 0742"),
    ("मेरा पैन नंबर ABCPK3829L है", "ABCPK3829L"),
    ("СНИЛС для оформления: 132-663-797 70.", "132-663-797 70"),
    ("BSN (200021114) is gekoppeld aan iemand anders", "200021114"),
    ("Mój PESELem jest 92082798661, a wy macie inny", "92082798661"),
    ("TC kimlik no'su 25212819998 olan hesabım", "25212819998"),
    ("מספר תעודת הזהות 207886946 והאתר לא מקבל", "207886946"),
    ("کد ملی من 7687635892 هست", "7687635892"),
    ("meine Steuer-ID lautet 30684732911, nicht die alte", "30684732911"),
    ("паспорт серия 58 26 номер 291196, а вы пишете", "58 26 номер 291196"),
    # licences and passports with slashes, letters and number words
    ("prawo jazdy nr 49465/20/5482 – weryfikacja odrzucona", "49465/20/5482"),
    ("mój numer prawa jazdy 14948/10/1825, aplikacja mówi błąd", "14948/10/1825"),
    ("pasaporte N.º PAA731091, no me deja", "PAA731091"),
]


@pytest.mark.parametrize(("text", "value"), IDS)
def test_an_id_before_its_word_or_in_more_wording_is_found(text: str, value: str) -> None:
    assert value in _of(text, "national_id")


NOT_IDS = [
    "40815393407 is my order number, nothing since Tuesday",
    "12345678901 is the tracking number, stuck in Leipzig",
    "2298 2239 8932 is the complaint id you gave me last week",
    "AB123456 is my booking reference, the app lost it",
    "pedido 40815393407 esse é o meu CPF?",  # an order word before the number
    "40815393408 esse é o meu CPF",  # broken check digits
    "sipariş no 55644595788 hâlâ gelmedi",
    "Bestellnummer 40 395 512 674 seit zwei Wochen unterwegs",
    "prawo jazdy odebrałem 12/03/2024, a aplikacja nadal nie widzi",
    "prawo jazdy 12/03/2024 odebrane",
    "ticket 4412/23/1188 still unanswered",
    "my passport expired in 2023, can I still use the booking?",
    "ИНН вашей компании указан неверно в чеке",
    "主文 202403150012345678 是订单号",
    "meine Steuer-ID lautet 30684732912, nicht die alte",  # broken check digit
]


@pytest.mark.parametrize("text", NOT_IDS)
def test_no_id_in_references_dates_or_broken_checks(text: str) -> None:
    assert _of(text, "national_id") == []


def test_steuer_id_and_iran_checks() -> None:
    assert w.germany_tax_id_ok("30684732911")
    assert not w.germany_tax_id_ok("30684732912")
    assert not w.germany_tax_id_ok("12345678903")  # no digit repeated
    assert w.iran_national_code_ok("7687635892")
    assert not w.iran_national_code_ok("7687635893")


SECRETS = [
    ("the PIN I've been using is 5582 and suddenly it's 'incorrect'", "5582"),
    ("पासवर्ड है Delhi@2023 फिर भी लॉगिन नहीं", "Delhi@2023"),
]


@pytest.mark.parametrize(("text", "value"), SECRETS)
def test_secrets_in_more_wording(text: str, value: str) -> None:
    assert value in _of(text, "password")


def test_password_rules_are_no_secret() -> None:
    assert _of("your password rules: 12 chars, a symbol and a number. I give up", "password") == []
