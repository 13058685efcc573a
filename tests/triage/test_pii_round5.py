"""PII round 5 (the train21 writer's kinds, written fresh here): phones in local numbering plans and
read out in words, spelled "@" words of more languages, dotted cards and cards inside CJK text, ids
by their country's word anywhere in the post, IBANs in irregular groups, and secrets handed over a
few words after their word. The numbers are generated with their real checks; the negatives are
order, parcel and company numbers, and password words with no secret after them."""

from __future__ import annotations

import pytest

from calmdesk.triage.national_ids import canada_sin_ok
from calmdesk.triage.national_ids_world import germany_id_card_ok, luhn_valid, portugal_cc_ok
from calmdesk.triage.pii import find_pii, iban_ok

_ALNUM36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _of(text: str, kind: str) -> list[str]:
    return [text[s.start : s.end] for s in find_pii(text) if s.type == kind]


def _luhn_complete(body: str) -> str:
    """`body` and the digit that makes it pass Luhn."""
    for d in "0123456789":
        if luhn_valid(body + d):
            return body + d
    raise AssertionError(body)


def _iban(country: str, bban: str) -> str:
    """An IBAN with its two mod-97 check digits."""
    moved = bban + country + "00"
    check = 98 - int("".join(str(int(c, 36)) for c in moved)) % 97
    return f"{country}{check:02d}{bban}"


def _pt_cc(civil: str, version: str) -> str:
    """A Portuguese Cartão de Cidadão number: the civil id, its check digit, the version, the last check."""
    for c1 in "0123456789":
        for c2 in "0123456789":
            value = civil + c1 + version + c2
            if portugal_cc_ok(value):
                return value
    raise AssertionError(civil)


def _de_card(body: str) -> str:
    total = sum(_ALNUM36.index(c) * (7, 3, 1)[i % 3] for i, c in enumerate(body))
    return body + str(total % 10)


SIN = _luhn_complete("53728914")
SIN_GROUPED = f"{SIN[:3]} {SIN[3:6]} {SIN[6:]}"
ZA_ID = _luhn_complete("880415512308")  # 15 April 1988, citizen
TZ = _luhn_complete("31578462")
CARD_DOTTED = _luhn_complete("453201887766554")
CARD_CJK = _luhn_complete("622588123456789")
PT_CC = _pt_cc("14583920", "ZX")
DE_CARD = _de_card("LFGH047KZ")
IE_IBAN = _iban("IE", "BOFI90001712345678")


def test_generated_values_pass_their_checks() -> None:
    assert canada_sin_ok(SIN) and luhn_valid(ZA_ID) and luhn_valid(TZ)
    assert portugal_cc_ok(PT_CC) and germany_id_card_ok(DE_CARD) and iban_ok(IE_IBAN)


PHONES = [
    ("Lūdzu, zvaniet man rīt uz 2741 5063, lūdzu", "2741 5063"),
    ("Kan dere ringe meg på 915 22 408 i morgen?", "915 22 408"),
    ("Hringið í mig í síma 771 2904 eftir hádegi", "771 2904"),
    ("Palun helistage mulle numbril 5532 8810 homme", "5532 8810"),
    ("Zavolejte mi prosím na 731 552 908, děkuji", "731 552 908"),
    ("Volajte mi na 0917 442 501 poobede", "0917 442 501"),
    ("请给我打电话 139 0871 4426，谢谢", "139 0871 4426"),
    ("连络先は 080-2291-5530 です。よろしく", "080-2291-5530"),
    ("010-5528-3107로 연락 주세요", "010-5528-3107"),
    ("मुझे कॉल करें 91843 22075 पर", "91843 22075"),
]


@pytest.mark.parametrize(("text", "phone"), PHONES)
def test_local_phones(text: str, phone: str) -> None:
    assert _of(text, "phone") == [phone]


SPELLED_PHONES = [
    "please call me on oh two oh, seven nine four six, one one three two",
    "ring me: six one seven, double five, three eight, nine two four",
    "Llámame al seis uno dos, tres cuatro cinco, seis siete ocho",
    "chiamatemi al tre due otto, quattro cinque uno, nove nove zero",
    "Márquenme: cuarenta y dos, siete uno uno cinco, ocho cero dos",
]


@pytest.mark.parametrize("text", SPELLED_PHONES)
def test_phones_read_out_in_words(text: str) -> None:
    assert len(_of(text, "phone")) == 1


EMAILS = [
    "schreibt an jonas.weber (ät) web (punkt) de bitte",
    "stuur het naar anna punt de vries apenstaartje kpn punt nl",
    "pište na petr.novak zavináč email tečka cz prosím",
    "στείλτε στο maria.k παπάκι yahoo τελεία gr",
    "maila mig på erik punkt berg snabel-a gmail punkt com",
    "пишіть на ivan.petrenko равлик ukr.net будь ласка",
]


@pytest.mark.parametrize("text", EMAILS)
def test_spelled_at_words(text: str) -> None:
    assert len(_of(text, "email")) == 1


def test_dotted_card_and_card_inside_cjk_text() -> None:
    dotted = ".".join(CARD_DOTTED[i : i + 4] for i in range(0, 16, 4))
    assert _of(f"la carte {dotted} a été débitée deux fois", "credit_card") == [dotted]
    grouped = " ".join(CARD_CJK[i : i + 4] for i in range(0, 16, 4))
    assert _of(f"我的银联卡{grouped}被扣了两次", "credit_card") == [grouped]


IDS = [
    (f"My SIN is on file already. For the record it's {SIN_GROUPED}, please fix the T4", SIN_GROUPED),
    (f"Hæ, MitID virker ikke. Nummeret er 150390-{1234}, tjek venligst", "150390-1234"),
    (f"Applicant ID {ZA_ID[:6]} {ZA_ID[6:10]} {ZA_ID[10:]} for the account", f"{ZA_ID[:6]} {ZA_ID[6:10]} {ZA_ID[10:]}"),
    (f"מספר זהות שלי, כפי שרשום בביטוח לאומי: {TZ}", TZ),
    ("They reported 778 41 2290 to the bureau. That is my social, not my husband's", "778 41 2290"),
    (f"Cartão de Cidadão {PT_CC[:8]} {PT_CC[8]} {PT_CC[9:]} — não passa na validação", f"{PT_CC[:8]} {PT_CC[8]} {PT_CC[9:]}"),
    (f"Meine Ausweisnummer {DE_CARD} wird abgelehnt", DE_CARD),
]


@pytest.mark.parametrize(("text", "value"), IDS)
def test_ids_by_their_word_anywhere(text: str, value: str) -> None:
    assert _of(text, "national_id") == [value]


def test_iban_in_irregular_groups() -> None:
    odd = f"{IE_IBAN[:5]} {IE_IBAN[5:8]} {IE_IBAN[8:14]} {IE_IBAN[14:]}"
    assert _of(f"refund to {odd} please", "iban") == [odd]


SECRETS = [
    ("the agent wanted my password and like an idiot I said green-Lamp-42 out loud", "green-Lamp-42"),
    ("the temporary password you emailed me, Rt5%kLm9, is already expired", "Rt5%kLm9"),
    ("Er wollte mein Passwort. Ich habe es ihm gesagt (Bergsee#2019) und jetzt?", "Bergsee#2019"),
    ("il voulait mon mot de passe, je lui ai donné (Soleil_88!) sans réfléchir", "Soleil_88"),
    ("pediram a senha do app. Passei: Palmeiras77 e agora sumiu tudo", "Palmeiras77"),
    ("Мій пароль від кабінету був Kalyna2019, тепер не підходить", "Kalyna2019"),
    ("the lockbox code is 7-3-1-9 and the courier knows it now", "7-3-1-9"),
    ("el código del portal es 4 8 2 6 y nadie abre", "4 8 2 6"),
    ("Codul primit prin SMS este 551 908, dar aplicația îl respinge", "551 908"),
    ("disarm code 4417 doesn't silence the panel", "4417"),
    ("My security question is the name of my first school. I answered Lindenhof and it says wrong", "Lindenhof"),
]


@pytest.mark.parametrize(("text", "secret"), SECRETS)
def test_secrets_handed_over(text: str, secret: str) -> None:
    assert any(secret in found for found in _of(text, "password"))


def test_jwt_and_recovery_phrase_past_a_sentence() -> None:
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoiNDQxMiJ9.Q2hlY2tTaWduYXR1cmVfMDE"
    assert _of(f"support asked for my session token so I pasted {jwt} into the chat", "password") == [jwt]
    words = "maple orbit candle frozen walnut ribbon stadium pencil harbor mango velvet quiet"
    text = f"a fake agent asked for my seed phrase to 'verify'. I sent: {words}. Wallet emptied."
    assert _of(text, "password") == [words]


NEGATIVES = [
    "Llamé al 800 123 456 (su número de atención) y nadie contesta",
    "Kundenservice 030 5512 8890 sagt, ich soll eine Mail schreiben",
    "Ordrenr. 5521-88310 er ikke kommet. GLS nummer 3301 5528 9920 står stille",
    "运单号 7731 2288 4410 三天没有更新",
    "주문번호 20240511-0031, 운송장 번호 5521-3390-1180 조회가 안 돼요",
    "Abo-Nummer 55-812-330 wurde doppelt belastet",
    "resi JNE 0155 2290 3381 belum bergerak",
    "the password reset link expired, tried again at 10:45 and nothing",
    "password policy says 12 characters, my old one was fine",
    "I called three times over four days, seven hours on hold in total",
    "one two three four five six seven eight: the steps of your useless guide",
    "The SIN letter never came. File 512 889 231 is the case number",
    "ID 1234567890123 is the order id on the invoice",
    f"transaction ID {ZA_ID} failed twice",
    f"customer ID {ZA_ID} on the bill",
    "the card 1234.5678.9012.3456 in your ad is clearly a placeholder",
    "the security question page froze and I never answered anything",
    "my favourite question for support: Why does this keep happening?",
    "the security question popped up and I answered Yes to the prompt, then it froze",
    "Disarm the alarm? I tried, the panel shows error 4417 again",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_hard_negatives_stay_negative(text: str) -> None:
    assert find_pii(text) == []


PHONES_KEPT = [
    ("Call me on 07700 900123 - your number is always busy", "07700 900123"),
    ("Zavolejte mi na 731 552 908, vaše číslo je pořád obsazené", "731 552 908"),
]


@pytest.mark.parametrize(("text", "phone"), PHONES_KEPT)
def test_a_customer_number_beside_a_word_about_the_company_line(text: str, phone: str) -> None:
    assert _of(text, "phone") == [phone]
