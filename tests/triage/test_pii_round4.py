"""PII round 4 (train18): each family with sentences written for these tests, and look-alikes."""

from __future__ import annotations

import pytest

from calmdesk.triage.national_ids_world import germany_document_number_ok, kazakhstan_iin_ok
from calmdesk.triage.pii import find_pii


def _found(text: str, kind: str) -> list[str]:
    return [text[s.start : s.end] for s in find_pii(text) if s.type == kind]


# --- national ids --------------------------------------------------------------------------


def test_kazakh_iin_check() -> None:
    assert kazakhstan_iin_ok("880512110684")
    assert kazakhstan_iin_ok("020301453959")
    assert not kazakhstan_iin_ok("880512110685")  # check digit off by one
    assert not kazakhstan_iin_ok("881312110684")  # month 13


@pytest.mark.parametrize(
    "text, value",
    [
        ("ИИН 880512110684, прошу проверить", "880512110684"),
        ("мой ЖСН: 020301453959", "020301453959"),
        ("IIN 880512110684 not recognised by the app", "880512110684"),
    ],
)
def test_kazakh_iin_after_its_word(text: str, value: str) -> None:
    assert _found(text, "national_id") == [value]


def test_kazakh_iin_needs_its_check() -> None:
    assert _found("ИИН 880512110685 не найден", "national_id") == []


@pytest.mark.parametrize(
    "text, value",
    [
        # the id word, then a comma or a few words that are not Latin letters
        ("They asked for my PESEL, so here it is: 75081290815", "75081290815"),
        ("PESEL syna 75081290815, konto zablokowane", "75081290815"),
        ("the bank wants my ID, 8203155353271 is what I gave them", "8203155353271"),
        # a CJK id word runs straight into the words after it
        ("身份证号写错了，应该是 110101198704155195", "110101198704155195"),
        # Nordic abbreviations, after and before the number
        ("Fødselsnr 15038775852, hva skjer?", "15038775852"),
        ("8506123952 är mitt pnr", "8506123952"),
        # the German tax id before its word
        ("53682042791 ist meine Identifikationsnummer", "53682042791"),
    ],
)
def test_id_words_with_a_gap_or_after(text: str, value: str) -> None:
    assert _found(text, "national_id") == [value]


def test_uruguay_ci_in_its_printed_shape_only() -> None:
    assert _found("me piden la CI: 4.745.338-3 otra vez", "national_id") == ["4.745.338-3"]
    # "CI" is also continuous integration: a plain number after it is no id
    assert _found("CI #47453383 failed again", "national_id") == []


def test_german_document_number() -> None:
    assert germany_document_number_ok("L01X00T47")
    assert not germany_document_number_ok("ABCDEFGHI")  # vowels, no digits
    assert _found("meine Ausweisnummer L01X00T47 wird nicht erkannt", "national_id") == ["L01X00T47"]
    assert _found("Ausweis ist von 2022 und gültig", "national_id") == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("my BRP (RX4401927) shows the wrong name", "RX4401927"),
        ("il mio permesso di soggiorno è K07713554", "K07713554"),
        ("mon permis n° 140392801177 est bloqué", "140392801177"),
        ("my A-Number A087114523 is on the card", "A087114523"),
        ("在留カード番号 KL11223344QP で申し込みました", "KL11223344QP"),
        ("予約の旅券番号は TR1198274 です", "TR1198274"),
    ],
)
def test_document_words(text: str, value: str) -> None:
    assert _found(text, "national_id") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "permission 12345678 was denied",
        "le permis de construire a été refusé en 2023",
        "a number 123456789 appeared on screen",
    ],
)
def test_document_words_not_elsewhere(text: str) -> None:
    assert _found(text, "national_id") == []


# --- passwords, PINs and codes -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        # password words of more languages, with their copulas
        ("lozinka od interneta je Split#4477 i ne radi", "Split#4477"),
        ("geslo je Bled2020! in ne deluje", "Bled2020"),  # the "!" reads as the sentence's
        ("паролата ми е Varna_1999, но не влиза", "Varna_1999"),
        ("ο κωδικός μου είναι Nikos_2002 και δεν δουλεύει", "Nikos_2002"),
        ("הסיסמה שלי היא Tikva2019 ולא עובד", "Tikva2019"),
        ("비번은 moon77star 였어요", "moon77star"),
        ("parola mea este Brasov88 dar nu merge", "Brasov88"),
        # a possessive or a word or two, then a value that mixes letters and digits
        ("пароль у меня Kotik_2015, а вход не работает", "Kotik_2015"),
        ("password router saya Bandung_88 tidak bisa", "Bandung_88"),
        ("la clave del banco Tigre2020* no funciona", "Tigre2020*"),
    ],
)
def test_password_words_and_copulas(text: str, value: str) -> None:
    assert _found(text, "password") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "password for user jsmith88 was reset",
        "the pin on my iPhone12 stopped working",
        "password reset link expired twice",
        "lozinka je pogrešna",
    ],
)
def test_password_look_alikes(text: str) -> None:
    assert _found(text, "password") == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("Haustürcode ist 3390A, bitte klingeln", "3390A"),
        ("code d'entrée : 28B14 puis 3e étage", "28B14"),
        ("il codice del cancello è 7714, grazie", "7714"),
        ("de poortcode is 4455#, bel even aan", "4455#"),
        ("kod do domofonu to 1928, drugie piętro", "1928"),
    ],
)
def test_door_codes(text: str, value: str) -> None:
    assert _found(text, "password") == [value]


@pytest.mark.parametrize(
    "text, value",
    [
        ("la clave de 4 dígitos es 5521 y no la cambié", "5521"),
        ("the 6-digit code is 440918 and it failed", "440918"),
        ("am primit codul de verificare 5521 90 prin SMS", "5521 90"),
        ("пін-код 8830, а банкомат не приймає", "8830"),
        ("dostal jsem ověřovací kód 662 901 a nefunguje", "662 901"),
        # the code given away
        ("ada yang minta kode OTP, aku udah kasih 771204 tadi", "771204"),
    ],
)
def test_numeric_codes(text: str, value: str) -> None:
    assert _found(text, "password") == [value]


def test_code_value_stops_at_cjk_punctuation() -> None:
    assert _found("我的密码是551902，请帮我冻结", "password") == ["551902"]


# --- phones ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        # abbreviated words with their dot, and short local words
        ("reklamace nevyřízena, tel. 731 402 118, děkuji", "731 402 118"),
        ("palīdziet, tālr. 29 114 806", "29 114 806"),
        ("mi cel 33 1842 7765 por si acaso", "33 1842 7765"),
        ("κινητό 697 204 1183, ευχαριστώ", "697 204 1183"),
        ("请回电，手机 139 4410 2871", "139 4410 2871"),
        ("唔該覆我，電話 6123 4488", "6123 4488"),
        ("если что, тел 8 912 448 20 17", "8 912 448 20 17"),
        # a conjugated call verb
        ("si me llamáis, mejor al 622 19 48 30", "622 19 48 30"),
        # a group of seven after the area code
        ("my mobile 0321 5518204 is the one", "0321 5518204"),
        # the call word after the number
        ("कृपया 98114 22093 पर कॉल करें", "98114 22093"),
    ],
)
def test_phone_words(text: str, value: str) -> None:
    assert _found(text, "phone") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "comanda nr. 412 883 015 a venit spartă",
        "billet nr. 4729-0018-55 blev ikke scannet",
        "UK helpline 0300 123 4567 kept me waiting",
        "tel. 0800 123 4567 never answers",
    ],
)
def test_phone_look_alikes(text: str) -> None:
    assert _found(text, "phone") == []


def test_russian_trunk_eight_needs_its_groups() -> None:
    assert _found("звоните 8 (915) 402-11-83 после шести", "phone") == ["8 (915) 402-11-83"]
    assert _found("номер заказа 89061539966 потерян", "phone") == []


# --- cards and addresses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("Troy kartım 9792 5260 1815 9084 iki kez çekildi", "9792 5260 1815 9084"),
        ("cartão Elo 6363 6830 1661 3185 bloqueado", "6363 6830 1661 3185"),
        ("my RuPay card 6080 6091 3909 9608 was charged twice", "6080 6091 3909 9608"),
    ],
)
def test_national_card_schemes(text: str, value: str) -> None:
    assert _found(text, "credit_card") == [value]


def test_national_schemes_need_sixteen_digits_and_no_iban_head() -> None:
    # a 13-digit number that passes Luhn (a South African id does) is no Maestro card
    assert _found("reference 5730824628199 again", "credit_card") == []
    # the digits of an IBAN after its country and check digits are no card
    assert _found("auf DE89 5001 4821 9935 1816 bitte", "credit_card") == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("meu email é joana ponto lima arroba gmail ponto com", "joana ponto lima arroba gmail ponto com"),
        ("scrivimi a marco punto rossi chiocciola libero punto it", "marco punto rossi chiocciola libero punto it"),
        ("reply to me at ana.kowalska at wp.pl please", "ana.kowalska at wp.pl"),
        ("contact: j_doe77 at outlook.com", "j_doe77 at outlook.com"),
    ],
)
def test_spelled_addresses(text: str, value: str) -> None:
    assert _found(text, "email") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "I ordered at amazon.com last week",
        "we met at the dot com party",
        "version 2.1 at launch.com was broken",
        "à ce point arrivé",
    ],
)
def test_spelled_address_look_alikes(text: str) -> None:
    assert _found(text, "email") == []


# --- seed phrases, tokens and answers ------------------------------------------------------

_WORDS12 = "maple orbit cactus hollow ripple banner quartz fossil timber violet anchor meadow"


@pytest.mark.parametrize(
    "text",
    [
        f"I pasted my seed phrase into a site that looked like yours: {_WORDS12}. help",
        f"here are my 12 words in order: {_WORDS12}",
        f"mis 12 palabras: {_WORDS12}",
    ],
)
def test_seed_phrase_after_a_colon_or_a_word_count(text: str) -> None:
    assert _found(text, "password") == [_WORDS12]


def test_word_count_without_a_phrase_is_nothing() -> None:
    assert _found("I wrote 12 words in my review: the parcel came late and wet", "password") == []


@pytest.mark.parametrize(
    "value",
    [
        "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
        "AKIA" + "Z7Q4M2X9L1P8W3K6",
        "glpat-" + "Xy12Ab34Cd56Ef78Gh90",
        "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc",
    ],
)
def test_tokens_by_their_prefix(value: str) -> None:
    assert _found(f"is this still valid? {value} works locally", "password") == [value]


def test_aws_secret_after_secret() -> None:
    secret = "Qx7rLm2Vb9T4kNp8Yc1HdF6sZa0eUiWo3GhRt5Jb"
    assert _found(f"key id fine, with secret {secret} it fails", "password") == [secret]


def test_token_look_alikes() -> None:
    assert _found("the ghp_ prefix is documented; AKIA keys rotate", "password") == []
    assert _found("my secret santa gift never arrived", "password") == []


def test_japanese_security_answer_in_corner_brackets() -> None:
    text = "秘密の質問の答えは「やまもと」です。ログインできません"
    assert _found(text, "password") == ["やまもと"]


# --- an id at the start of the next sentence ---------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("The form says my SIN is invalid. It's 490 810 033, same as always.", "490 810 033"),
        ("Das Formular sagt 'PESEL falsch'. 75081290815 stimmt aber.", "75081290815"),
        ("wrong NHS number — mine is 483 266 1663, please fix", "483 266 1663"),
    ],
)
def test_id_in_the_next_sentence_or_after_a_dash(text: str, value: str) -> None:
    assert _found(text, "national_id") == [value]


@pytest.mark.parametrize(
    "text",
    [
        # a number that fails the check, a reference word between, or two sentences away
        "The form says my SIN is invalid. It's 490 810 034, same as always.",
        "My SIN was rejected. Order 490 810 033 is still pending.",
        "My SIN was rejected. I called twice. Then 490810033 came back.",
    ],
)
def test_id_in_the_next_sentence_look_alikes(text: str) -> None:
    assert _found(text, "national_id") == []
