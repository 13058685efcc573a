"""PII on new wording (issue 16 item 1): ids a few words after their word, ids of more formats,
passports and licences in other languages, and secrets in more languages; with the hard
negatives that must stay silent (orders, hotlines, dates, broken check digits)."""

from __future__ import annotations

import pytest

from calmdesk.triage import national_ids_world as w
from calmdesk.triage.pii import find_pii


def _of(text: str, kind: str) -> list[str]:
    return [text[s.start : s.end] for s in find_pii(text) if s.type == kind]


IDS = [
    # a few words between the id word and the number (checked formats)
    ("fødselsnummeret mitt er 02065630063 og jeg får ikke logget inn", "02065630063"),
    ("TC kimlik numaram 55644595788 ama sistem hata veriyor", "55644595788"),
    ("CNP-ul meu este 2900726516523, de ce factura vine pe alt nume?", "2900726516523"),
    ("mój PESEL do umowy: 93012756506, proszę o potwierdzenie", "93012756506"),
    ("Mon NAS est 144 795 192, l'agente l'a mal noté", "144 795 192"),
    # new formats with their own words and checks
    ("ΑΦΜ 575939189 και ο λογαριασμός βγαίνει σε άλλο όνομα", "575939189"),
    ("РНОКПП 3106686269, не бачу довідку", "3106686269"),
    ("adóazonosító jelem 8856275007, a bevallás nem megy át", "8856275007"),
    ("personas kods 071080-22925, rēķins uz cita vārda", "071080-22925"),
    ("Krankenversichertennummer T650989284, Karte fehlt", "T650989284"),
    ("Numer dowodu osobistego RBM224495, weryfikacja odrzucona", "RBM224495"),
    ("mi número de la seguridad social es 289348615719, no aparece", "289348615719"),
    ("my Medicare number 4HV8-AD4-QK06, the new card says the wrong name", "4HV8-AD4-QK06"),
    ("cédula V-18.020.674, 4 meses sin internet", "V-18.020.674"),
    # passports, licences, permits in other languages
    ("Reisepassnummer TYP70523R4 eingegeben, Check-in geht nicht", "TYP70523R4"),
    ("Nº de pasaporte PAF656497, dice que está asociado a otro pasajero", "PAF656497"),
    ("driving licence number PATEL605019JA9LT, still no new licence", "PATEL605019JA9LT"),
    ("my DL A1315602 shows suspended", "A1315602"),
    ("BRP number ZU4300325, the share code page doesn't recognise it", "ZU4300325"),
    # a Spanish DNI/NIE with its letter needs no word
    ("32599143R es mi DNI, lo pongo y dice formato incorrecto", "32599143R"),
]


@pytest.mark.parametrize(("text", "value"), IDS)
def test_an_id_in_new_wording_is_found(text: str, value: str) -> None:
    assert value in _of(text, "national_id")


NOT_IDS = [
    "I've been a customer since 2015 and have never claimed",
    "passport renewal taking 10 weeks, trip is in 2",
    "my passport expires 2029, can I still book?",
    "pedido 32599143R sin entregar",  # an order number shaped like a DNI
    "order 32599143R never arrived",
    "ΑΦΜ 575939188 και ο λογαριασμός",  # broken check digit
    "Krankenversichertennummer T650989285, Karte fehlt",  # broken check digit
    "TC kimlik numaram yok, sipariş no 55644595788",  # an order word in the gap
    "the DL is down again, 2024 release notes please",
    "licence no. pending since 12/03/2024",
]


@pytest.mark.parametrize("text", NOT_IDS)
def test_references_dates_and_broken_checks_are_not_ids(text: str) -> None:
    assert _of(text, "national_id") == []


@pytest.mark.parametrize(
    ("check", "good", "bad"),
    [
        (w.greece_afm_ok, "575939189", "575939188"),
        (w.ukraine_rnokpp_ok, "3106686269", "3106686260"),
        (w.hungary_tax_ok, "8856275007", "8856275008"),
        (w.latvia_pk_ok, "07108022925", "07108022926"),
        (w.germany_kvnr_ok, "T650989284", "T650989285"),
        (w.poland_id_card_ok, "RBM224495", "RBM224496"),
        (w.spain_nuss_ok, "289348615719", "289348615718"),
        (w.us_mbi_ok, "4HV8AD4QK06", "4HV8AD4QKO6"),
    ],
)
def test_the_new_checks(check, good: str, bad: str) -> None:  # type: ignore[no-untyped-def]
    assert check(good) and not check(bad)


SECRETS = [
    ("a jelszavam Balaton2022, mégsem enged be", "Balaton2022"),
    ("我的密码是 lanlan8899 登不上", "lanlan8899"),
    ("รหัสผ่าน Somchai99 ใส่แล้วเข้าไม่ได้", "Somchai99"),
    ("salasana on Mustikka77 eikä se käy", "Mustikka77"),
    ("minha senha do cartão é 7781 e o caixa recusa", "7781"),
    ("BitLocker recovery key 080448-647501-091201-605051-306170-408776-077828-926440 not accepted",
     "080448-647501-091201-605051-306170-408776-077828-926440"),
    ("mother's maiden name is O'Sullivan, why won't it accept", "O'Sullivan"),
    ("el código de entrega 8836 se lo di al repartidor", "8836"),
]


@pytest.mark.parametrize(("text", "secret"), SECRETS)
def test_a_secret_in_more_languages_is_found(text: str, secret: str) -> None:
    assert secret in _of(text, "password")


def test_a_seed_phrase_is_a_secret() -> None:
    text = "seed phrase: apple river tiger cloud mango silver eagle frost paper candle orbit lemon, typed it wrong?"
    (found,) = _of(text, "password")
    assert found.startswith("apple river") and "orbit lemon" in found


NOT_SECRETS = [
    "password on Monday stopped working",
    "salasana on väärä, auttakaa",
    "my password is 8 characters and still rejected",
    "the recovery key page won't load",
    "seed phrase backup tips anyone?",
    "el código de entrega no llegó",
    "我的密码是错的",
]


@pytest.mark.parametrize("text", NOT_SECRETS)
def test_words_about_secrets_without_one_are_silent(text: str) -> None:
    assert _of(text, "password") == []


@pytest.mark.parametrize(
    "text",
    [
        "@Vodafone_UK call 0333 304 0191 they said, waited 2 hours",
        "@Amtrak I called 1-800-872-7245 three times today",
        "@Telekom_hilft Hotline 0800 3301000 ständig besetzt",
        "rewards card 6061 0620 8841 3392 balance gone",
    ],
)
def test_brand_lines_and_longer_numbers_are_not_phones(text: str) -> None:
    assert _of(text, "phone") == []


def test_a_customer_mobile_is_still_a_phone() -> None:
    assert _of("call me back on 07700 900582 please", "phone") == ["07700 900582"]
