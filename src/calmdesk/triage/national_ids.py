"""National identity numbers of many countries, told by their check digits (B-MODERATE).

A national id is private data whatever the country, but most are plain runs of digits that
look like order or account numbers. Each format here carries a check digit (or two), so a
number that passes one of them next to an id word ("ID no", "RUT", "fødselsnummer") is far
more likely an id than a reference, and the few formats whose shape is unmistakable (an
Italian codice fiscale, a Finnish henkilötunnus, a Chilean RUT written with dots, a Belgian
national number or a French NIR written in their usual groups) are found without any word.
The checks are the published algorithms: mod-11 weights, mod-97 keys, Luhn and Verhoeff.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from calmdesk.triage.national_ids_world import (
    GAP_REFERENCE,
    GAP_STOP,
    LABELS,
    REFERENCE_BEFORE,
    STRONG_CHECKS,
)
from calmdesk.triage.national_ids_world import WORLD_LABELLED as WORLD_LABELLED
from calmdesk.triage.national_ids_world import WORLD_UNLABELLED as WORLD_UNLABELLED
from calmdesk.triage.national_ids_world import id_after_gap as id_after_gap
from calmdesk.triage.national_ids_world import luhn_valid as _luhn
from calmdesk.triage.national_ids_world import weighted_sum as _weighted
from calmdesk.triage.national_ids_world import world_ids as world_ids

_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
#: Values of the characters in odd positions of a codice fiscale (digits read as the letters A-J).
_CF_ODD_VALUES = (
    1,
    0,
    5,
    7,
    9,
    13,
    15,
    17,
    19,
    21,
    2,
    4,
    18,
    20,
    11,
    3,
    6,
    8,
    12,
    14,
    16,
    10,
    22,
    25,
    24,
    23,
)
_CF_ODD = {
    **dict(zip("0123456789", _CF_ODD_VALUES, strict=False)),
    **dict(zip(_ALPHABET, _CF_ODD_VALUES, strict=True)),
}
_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def _real_date(yy: str, mm: str, dd: str) -> bool:
    """Whether day and month make a calendar date in some year of that century pair."""
    for century in (1900, 2000):
        try:
            date(century + int(yy), int(mm), int(dd))
            return True
        except ValueError:
            continue
    return False


def norway_fnr_ok(d: str) -> bool:
    """Norwegian fødselsnummer: DDMMYY + 3 digits + two mod-11 check digits."""
    if len(d) != 11 or not d.isdigit():
        return False
    k1 = 11 - _weighted(d, (3, 7, 6, 1, 8, 9, 4, 5, 2)) % 11
    k2 = 11 - _weighted(d, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)) % 11
    k1, k2 = k1 % 11, k2 % 11
    day = int(d[:2]) - (40 if int(d[:2]) > 40 else 0)  # D-numbers add 40 to the day
    return k1 < 10 and k2 < 10 and d[9:] == f"{k1}{k2}" and _real_date(d[4:6], d[2:4], f"{day:02d}")


def pesel_ok(d: str) -> bool:
    """Polish PESEL: YYMMDD (month + 20/40/... per century) + 4 digits + a weighted check digit."""
    if len(d) != 11 or not d.isdigit():
        return False
    check = (10 - _weighted(d, (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)) % 10) % 10
    return check == int(d[10]) and 1 <= int(d[2:4]) % 20 <= 12 and 1 <= int(d[4:6]) <= 31


def belgian_nn_ok(d: str) -> bool:
    """Belgian national number: 9 digits + 97 minus their mod 97 (with a 2 in front after 2000)."""
    if len(d) != 11 or not d.isdigit():
        return False
    check = int(d[9:])
    return check in (97 - int(d[:9]) % 97, 97 - int("2" + d[:9]) % 97)


def bsn_ok(d: str) -> bool:
    """Dutch BSN: the "11-proef" (weights 9..2 and -1)."""
    if len(d) != 9 or not d.isdigit() or d[0] == "0" and d[1] == "0":
        return False
    return (_weighted(d, (9, 8, 7, 6, 5, 4, 3, 2)) - int(d[8])) % 11 == 0


def portugal_nif_ok(d: str) -> bool:
    """Portuguese NIF: 9 digits, the last a mod-11 check digit (10 and 11 read as 0)."""
    if len(d) != 9 or not d.isdigit() or d[0] not in "1235689":
        return False
    r = _weighted(d, (9, 8, 7, 6, 5, 4, 3, 2)) % 11
    return int(d[8]) == (0 if r < 2 else 11 - r)


def south_africa_id_ok(d: str) -> bool:
    """South African id: YYMMDD + 4 + citizenship + 1 digit + Luhn check digit."""
    return len(d) == 13 and d.isdigit() and d[10] in "012" and _luhn(d) and _real_date(d[:2], d[2:4], d[4:6])


def sweden_pnr_ok(d: str) -> bool:
    """Swedish personnummer (10 digits: YYMMDDNNNC), Luhn over the ten digits."""
    return len(d) == 10 and d.isdigit() and _luhn(d) and _real_date(d[:2], d[2:4], f"{int(d[4:6]) % 60:02d}")


def canada_sin_ok(d: str) -> bool:
    return len(d) == 9 and d.isdigit() and d[0] not in "08" and _luhn(d)


def aadhaar_ok(d: str) -> bool:
    """Indian Aadhaar: 12 digits, not starting with 0 or 1, Verhoeff check digit."""
    if len(d) != 12 or not d.isdigit() or d[0] in "01":
        return False
    c = 0
    for i, ch in enumerate(reversed(d)):
        c = _VERHOEFF_D[c][_VERHOEFF_P[i % 8][int(ch)]]
    return c == 0


def spain_dni_ok(s: str) -> bool:
    """Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter): the letter is mod 23."""
    s = s.upper()
    if len(s) != 9 or not s[-1].isalpha():
        return False
    body = s[:-1]
    if body[0] in "XYZ":
        body = str("XYZ".index(body[0])) + body[1:]
    return body.isdigit() and _DNI_LETTERS[int(body) % 23] == s[-1]


def france_nir_ok(d: str) -> bool:
    """French social security number (NIR): 13 characters + a 2-digit key, 97 - n mod 97 (Corsica 2A/2B)."""
    d = d.upper()
    if len(d) != 15 or d[0] not in "12" or not d[13:].isdigit():
        return False
    body = d[:13].replace("2A", "19").replace("2B", "18") if d[5:7] in ("2A", "2B") else d[:13]
    if not body.isdigit() or not (1 <= int(d[3:5]) <= 12 or 20 <= int(d[3:5]) <= 99):
        return False
    return int(d[13:]) == 97 - int(body) % 97


def chile_rut_ok(s: str) -> bool:
    """Chilean RUT/RUN: digits + a mod-11 check character (0-9 or K)."""
    s = s.upper()
    body, dv = s[:-1], s[-1]
    if not body.isdigit() or not 7 <= len(body) <= 8:
        return False
    total, factor = 0, 2
    for ch in reversed(body):
        total += int(ch) * factor
        factor = 2 if factor == 7 else factor + 1
    r = 11 - total % 11
    return dv == {11: "0", 10: "K"}.get(r, str(r))


def finland_hetu_ok(s: str) -> bool:
    """Finnish henkilötunnus: DDMMYY, a century sign, 3 digits and a mod-31 check character."""
    s = s.upper()
    if len(s) != 11 or s[6] not in "+-ABCDEFYXWVU" or not (s[:6] + s[7:10]).isdigit():
        return False
    return _HETU_CHECK[int(s[:6] + s[7:10]) % 31] == s[10] and _real_date(s[4:6], s[2:4], s[:2])


def italy_cf_ok(s: str) -> bool:
    """Italian codice fiscale: 15 characters and a check letter from odd/even position tables."""
    s = s.upper()
    if len(s) != 16:
        return False
    total = 0
    for i, ch in enumerate(s[:15]):
        if i % 2 == 0:
            total += _CF_ODD[ch]
        else:
            total += int(ch) if ch.isdigit() else ord(ch) - 65
    return chr(65 + total % 26) == s[15]


def turkey_tc_ok(d: str) -> bool:
    """Turkish T.C. kimlik no: 11 digits, the 10th from the odd/even sums, the 11th the sum mod 10."""
    if len(d) != 11 or not d.isdigit() or d[0] == "0":
        return False
    n = [int(c) for c in d]
    return (sum(n[0:9:2]) * 7 - sum(n[1:8:2])) % 10 == n[9] and sum(n[:10]) % 10 == n[10]


def romania_cnp_ok(d: str) -> bool:
    """Romanian CNP: sex/century digit, YYMMDD, county, serial and a weighted mod-11 check digit."""
    if len(d) != 13 or not d.isdigit() or d[0] == "0":
        return False
    r = _weighted(d, (2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9)) % 11
    return int(d[12]) == (1 if r == 10 else r) and _real_date(d[1:3], d[3:5], d[5:7])


def czech_rc_ok(d: str) -> bool:
    """Czech/Slovak rodné číslo (10 digits since 1954): divisible by 11, month + 50 (+20) for women."""
    if len(d) != 10 or not d.isdigit():
        return False
    month = int(d[2:4]) % 50 % 20
    return (int(d) % 11 == 0 or int(d[:9]) % 11 == 10 and d[9] == "0") and _real_date(d[:2], f"{month:02d}", d[4:6])


def nhs_number_ok(d: str) -> bool:
    """UK NHS number: 10 digits, weights 10..2, check 11 - sum mod 11 (11 reads 0, 10 never issued)."""
    if len(d) != 10 or not d.isdigit():
        return False
    check = 11 - _weighted(d, (10, 9, 8, 7, 6, 5, 4, 3, 2)) % 11
    return check != 10 and int(d[9]) == check % 11


def korea_rrn_ok(d: str) -> bool:
    """South Korean resident registration number: YYMMDD + 7 digits, the last a weighted mod-11 check."""
    if len(d) != 13 or not d.isdigit() or d[6] not in "12345678":
        return False
    check = (11 - _weighted(d, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)) % 11) % 10
    return int(d[12]) == check and _real_date(d[:2], d[2:4], d[4:6])


_NRIC_TABLES = {"S": ("JZIHGFEDCBA", 0), "T": ("JZIHGFEDCBA", 4), "F": ("XWUTRQPNMLK", 0), "G": ("XWUTRQPNMLK", 4)}


def singapore_nric_ok(s: str) -> bool:
    """Singapore NRIC/FIN: S/T/F/G + 7 digits + a check letter (weights 2,7,6,5,4,3,2)."""
    s = s.upper()
    if len(s) != 9 or s[0] not in _NRIC_TABLES or not s[1:8].isdigit():
        return False
    letters, offset = _NRIC_TABLES[s[0]]
    return letters[(_weighted(s[1:8], (2, 7, 6, 5, 4, 3, 2)) + offset) % 11] == s[8]


def cpf_ok(digits: str) -> bool:
    """The two mod-11 check digits of a Brazilian CPF (all-same-digit numbers are invalid)."""
    if len(digits) != 11 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    nums = [int(c) for c in digits]
    for n in (9, 10):
        check = sum(nums[i] * (n + 1 - i) for i in range(n)) * 10 % 11 % 10
        if check != nums[n]:
            return False
    return True


#: Checks for a bare value (separators removed), tried by length after an id word.
_BY_LENGTH: dict[int, tuple[Callable[[str], bool], ...]] = {}
for _check, _lengths in (
    (norway_fnr_ok, (11,)),
    (pesel_ok, (11,)),
    (belgian_nn_ok, (11,)),
    (bsn_ok, (9,)),
    (portugal_nif_ok, (9,)),
    (canada_sin_ok, (9,)),
    (south_africa_id_ok, (13,)),
    (sweden_pnr_ok, (10,)),
    (aadhaar_ok, (12,)),
    (spain_dni_ok, (9,)),
    (france_nir_ok, (15,)),
    (chile_rut_ok, (8, 9)),
    (finland_hetu_ok, (11,)),
    (italy_cf_ok, (16,)),
    (turkey_tc_ok, (11,)),
    (romania_cnp_ok, (13,)),
    (czech_rc_ok, (10,)),
    (nhs_number_ok, (10,)),
    (korea_rrn_ok, (13,)),
    (singapore_nric_ok, (9,)),
    (cpf_ok, (11,)),
    *STRONG_CHECKS,  # the countries of `national_ids_world` whose check is strong enough
):
    for _n in _lengths:
        _BY_LENGTH[_n] = (*_BY_LENGTH.get(_n, ()), _check)


def checked_id(value: str) -> bool:
    """Whether `value` (spaces, dots and dashes allowed) passes the check of some national id format."""
    compact = re.sub(r"[\s.\-/]", "", value)
    if len(compact) == 10 and finland_hetu_ok(value.replace(" ", "")):  # a HETU keeps its century sign
        return True
    return any(check(compact) for check in _BY_LENGTH.get(len(compact), ()))


#: Shapes distinctive enough to need no id word, each confirmed by its check.
UNLABELLED = re.compile(
    r"(?<![\w.-])(?:"
    r"(?P<cf>[A-Z]{6}\d{2}[A-EHLMPRST]\d{2}[A-Z]\d{3}[A-Z])"  # codice fiscale
    r"|(?P<hetu>\d{6}[-+A]\d{3}[0-9A-Y])"  # henkilötunnus
    r"|(?P<rut>\d{1,2}\.\d{3}\.\d{3}-[\dkK])"  # RUT with its dots
    r"|(?P<be>\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2})"  # Belgian national number
    r"|(?P<nir>[12] \d{2} \d{2} (?:\d{2}|2[AB]) \d{3} \d{3} \d{2})"  # NIR in its printed groups
    r"|(?P<rrn>\d{6}-[1-8]\d{6})"  # Korean resident registration number
    r"|(?P<rc>\d{6}/\d{4})"  # Czech/Slovak rodné číslo with its slash
    r"|(?P<nric>[STFG]\d{7}[A-Z])"  # Singapore NRIC/FIN
    r"|(?P<dni>(?-i:\d{8}-?[A-Z]|[XYZ]-?\d{7}-?[A-Z]))"  # Spanish DNI / NIE with its letter
    r")(?![\w-])",
    re.I,
)


def unlabelled_id_ok(m: re.Match[str]) -> bool:
    kind = m.lastgroup
    value = m.group()
    if kind == "cf":
        return italy_cf_ok(value)
    if kind == "hetu":
        return finland_hetu_ok(value)
    if kind == "rrn":
        return korea_rrn_ok(value.replace("-", ""))
    if kind == "rc":
        return czech_rc_ok(value.replace("/", ""))
    if kind == "nric":
        return singapore_nric_ok(value)
    if kind == "dni":
        before = m.string[max(0, m.start() - 30) : m.start()]
        return spain_dni_ok(value.replace("-", "")) and REFERENCE_BEFORE.search(before) is None
    return checked_id(value)


#: The Indian PAN has no check character, so its shape (five letters, the fourth telling the
#: holder's kind, four digits, a letter) counts only right after the word "PAN".
PAN = re.compile(
    r"(?:\bpan|पैन)(?: card| कार्ड)?(?: no\.?| number| num| #| नंबर)?\s*(?:is|:|-|#)?\s*(?P<id>[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z])(?![\w-])",
    re.I,
)


#: Id words that may come AFTER their number ("40815393407 esse é o meu CPF", "AB123456 — that's my
#: passport"): the generic ones take any checked format (`checked_id`), each country's own word
#: (`national_ids_world._LABELS`) that country's checks too, and a passport word a passport's shape.
_CHECKED_WORDS = (
    r"cpf|ssn|social security(?: number| no\.?)?|pesel\w*|bsn|burgerservicenummer|aadhaa?r|आधार|nhs(?: number| no\.?)?|"
    r"kiml[iı]\w*|nif|contribuinte|sin|nas|personnummer\w*|f[øo]dselsnummer\w*|cnp(?:-ul)?|id number|id no\.?|"
    r"identity number|national id|ppsn?(?: number)?|rut|nir|rodn[ée] [čc][íi]slo|rrn|nric|주민등록번호|"
    r"codice fiscale|henkil[öo]tunnus|rijksregisternummer|personnr|pnr|f[øo]dselsnr"
)
_PASSPORT_WORDS = r"passport|pasaporte|passeport|passaporte|passaporto|paspoort|paszport\w*|reisepass\w*|pasaport\w*|паспорт\w*"
WORDS_AFTER = re.compile(
    r"(?<![a-zA-Z0-9_-])(?:(?P<checked>" + _CHECKED_WORDS + r")|(?P<passport>" + _PASSPORT_WORDS + r")|"
    + "|".join(f"(?P<{name}>{label})" for name, label, _ in LABELS)
    + r")(?![a-zA-Z])",
    re.I,
)
_WORLD_CHECKS = {name: checks for name, _, checks in LABELS}
#: A number at the start of its clause, maybe in groups ("618 773 770 90", "5619.94.043", "661021-1655").
#: Written as `(?<![\w.\-/+@#$£€])(?P<v>[A-Z]{0,3}\d(?:\d|[ .\-](?=\d)){4,20}[A-Z]?)(...)`, but so
#: that it starts with one character class (a capital or a digit) and `re` skips to those instead
#: of trying the pattern at every position: the look-behind moves after that first character,
#: which is then either the first of one to three capitals or the first digit. Same matches.
_VALUE_BEFORE = re.compile(
    r"(?P<v>[A-Z\d](?<![\w.\-/+@#$£€][A-Z\d])(?:(?<=[A-Z])[A-Z]{0,2}\d|(?<=\d))(?:\d|[ .\-](?=\d)){4,20}[A-Z]?)"
    r"(?![A-Za-z0-9_\-/]|[.,]\d)"
)
_PASSPORT_SHAPE = re.compile(r"[A-Z]{1,3}\d{6,8}|\d{9}")


def _before_ok(kind: str, value: str) -> bool:
    compact = re.sub(r"[\s.\-]", "", value)
    if kind == "passport":
        return _PASSPORT_SHAPE.fullmatch(compact) is not None
    if checked_id(value):
        return True
    if kind == "checked":
        return False
    return any(check(compact) for check in _WORLD_CHECKS[kind] if check.__name__ != "ok" or len(compact) >= 9)


def ids_before_word(text: str, first_digit: int = 0) -> list[tuple[int, int]]:
    """Ids written before their word, in the same clause and at most six words apart ("616893644 is
    mijn BSN", "1746315470 هذا رقم الهوية"), never after an order or booking word nor with one between.

    `first_digit` is where the post's first digit is, or less (0 where unknown): every value starts
    at most three capitals before a digit, so the scan starts there."""
    found: list[tuple[int, int]] = []
    for m in _VALUE_BEFORE.finditer(text, max(0, first_digit - 3)):
        window = text[m.end() : m.end() + 50]
        stop = GAP_STOP.search(window)
        if stop is not None:
            window = window[: stop.start()]
        w = WORDS_AFTER.search(window)
        if w is None:
            continue
        gap = window[: w.start()]
        if len(gap.split()) > 6 or any(c.isdigit() for c in gap) or GAP_REFERENCE.search(gap):
            continue
        before = text[max(0, m.start() - 30) : m.start()]
        # the tail of a phone ("+7 916 123 45 67") or of a longer number is no id
        if REFERENCE_BEFORE.search(before) or before.rstrip()[-1:].isdigit() or before.rstrip().endswith("+"):
            continue
        kind = w.lastgroup or "checked"
        value = m.group("v")
        if _before_ok(kind, value):
            found.append(m.span("v"))
    return found
