"""National identity numbers of more countries (B-MODERATE), beside `national_ids`.

Each check below is the published algorithm of its format, named in its docstring. The
strong ones (a check digit together with a birth date, a fixed prefix or two check digits)
are tried by length after any id word, through `national_ids.checked_id` (`STRONG_CHECKS`).
The weak ones (a single mod-10 or mod-11 digit over bare digits, which one order number in
ten passes) and the formats without any check digit (Egypt, Indonesia, Vietnam, Nigeria,
Peru, Colombia, Argentina's DNI, the Philippines) count only after a word that names that
country's id (`WORLD_LABELLED`), each with the structure the format has (its length, a real
birth date, a province or state code). A few shapes are distinctive enough to need no word
(`WORLD_UNLABELLED`: a Hong Kong HKID with its bracketed check, a Mexican CURP, a Swiss AHV
number, an Emirates ID, a Pakistani CNIC and a Malaysian MyKad in their dashed groups), each
confirmed by its check or its date, and never right after an order or booking word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import partial

from calmdesk.triage.prefilter import AnyOf, FirstOfAlternatives, Prefiltered, fold

_ALNUM36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def weighted_sum(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(c) * w for c, w in zip(digits, weights, strict=False))


def _date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _yymmdd(yy: str, mm: str, dd: str) -> bool:
    """A calendar date in 19yy or 20yy."""
    return _date(1900 + int(yy), int(mm), int(dd)) or _date(2000 + int(yy), int(mm), int(dd))


def _digits(value: str) -> str:
    return re.sub(r"[\s.\-/]", "", value)


# --- checked formats ---------------------------------------------------------------------


def japan_my_number_ok(d: str) -> bool:
    """Japanese My Number (個人番号): 11 digits + a mod-11 check digit (weights 6,5,4,3,2,7,6,5,4,3,2;
    11 - remainder, 0 when the remainder is 0 or 1)."""
    if len(d) != 12 or not d.isdigit():
        return False
    r = weighted_sum(d, (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)) % 11
    return int(d[11]) == (0 if r <= 1 else 11 - r)


def austria_svnr_ok(d: str) -> bool:
    """Austrian Versicherungsnummer: serial NNN, check C, birth date DDMMYY; C is the sum with
    weights 3,7,9,(C),5,8,4,2,1,6 mod 11 (a remainder of 10 is never issued)."""
    if len(d) != 10 or not d.isdigit() or d[0] == "0":
        return False
    r = weighted_sum(d[:3] + d[4:], (3, 7, 9, 5, 8, 4, 2, 1, 6)) % 11
    return r < 10 and int(d[3]) == r and _yymmdd(d[8:10], d[6:8], d[4:6])


def greece_amka_ok(d: str) -> bool:
    """Greek AMKA: birth date DDMMYY + 4 digits + a Luhn check digit."""
    return len(d) == 11 and d.isdigit() and luhn_valid(d) and _yymmdd(d[4:6], d[2:4], d[:2])


def israel_tz_ok(d: str) -> bool:
    """Israeli Teudat Zehut: 9 digits (shorter ones padded with zeros), weights 1,2,1,2... with
    the digits of each product summed, total divisible by 10 (the Luhn check)."""
    return 5 <= len(d) <= 9 and d.isdigit() and int(d) > 0 and luhn_valid(d.zfill(9))


def hungary_taj_ok(d: str) -> bool:
    """Hungarian TAJ number: 8 digits weighted 3,7,3,7,... and the sum mod 10 as the 9th digit."""
    return len(d) == 9 and d.isdigit() and weighted_sum(d, (3, 7, 3, 7, 3, 7, 3, 7)) % 10 == int(d[8])


def china_ric_ok(s: str) -> bool:
    """Chinese resident identity card: 6-digit area, birth date YYYYMMDD, 3-digit serial and an
    ISO 7064 MOD 11-2 check character (0-9 or X)."""
    s = s.upper()
    if len(s) != 18 or not s[:17].isdigit() or s[0] == "0":
        return False
    r = weighted_sum(s, (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)) % 11
    year = int(s[6:10])
    return "10X98765432"[r] == s[17] and 1900 <= year <= 2099 and _date(year, int(s[10:12]), int(s[12:14]))


def hongkong_hkid_ok(s: str) -> bool:
    """Hong Kong HKID: 1-2 letters + 6 digits + a mod-11 check (0-9 or A), weights 9..2, a
    missing first letter counting 36 (the "A123456(3)" of the card)."""
    s = s.upper().replace("(", "").replace(")", "").replace(" ", "")
    m = re.fullmatch(r"([A-Z]{1,2})(\d{6})([0-9A])", s)
    if m is None:
        return False
    letters = m.group(1).rjust(2, " ")
    values = [36 if c == " " else _ALNUM36.index(c) for c in letters] + [int(c) for c in m.group(2)]
    r = sum(v * w for v, w in zip(values, (9, 8, 7, 6, 5, 4, 3, 2), strict=True)) % 11
    check = 0 if r == 0 else 11 - r
    return m.group(3) == ("A" if check == 10 else str(check))


_TW_LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO"  # their values are 10, 11, ... 35 in this order


def taiwan_id_ok(s: str) -> bool:
    """Taiwanese national id: a region letter (worth 10-35) + 1/2 (or 8/9) + 8 digits; the letter's
    two digits and the nine digits weighted 1,9,8,7,6,5,4,3,2,1,1, sum divisible by 10."""
    s = s.upper()
    if len(s) != 10 or s[0] not in _TW_LETTERS or not s[1:].isdigit() or s[1] not in "1289":
        return False
    v = _TW_LETTERS.index(s[0]) + 10
    return (v // 10 + v % 10 * 9 + weighted_sum(s[1:], (8, 7, 6, 5, 4, 3, 2, 1, 1))) % 10 == 0


_CURP_CHARS = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"


def mexico_curp_ok(s: str) -> bool:
    """Mexican CURP: 4 letters, birth date YYMMDD, sex H/M, state, 3 consonants, a homonym
    character and a check digit: characters valued 0-36 weighted 18..2, (10 - sum mod 10) mod 10."""
    s = s.upper()
    if re.fullmatch(r"[A-Z]{4}\d{6}[HMX][A-Z]{5}[0-9A-Z]\d", s) is None or not _yymmdd(s[4:6], s[6:8], s[8:10]):
        return False
    total = sum(_CURP_CHARS.index(c) * (18 - i) for i, c in enumerate(s[:17]))
    return (10 - total % 10) % 10 == int(s[17])


def swiss_ahv_ok(d: str) -> bool:
    """Swiss AHV/AVS number: 756 + 9 digits + an EAN-13 check digit (weights 1,3 from the left)."""
    if len(d) != 13 or not d.isdigit() or not d.startswith("756"):
        return False
    return (10 - weighted_sum(d, (1, 3) * 6) % 10) % 10 == int(d[12])


def russia_snils_ok(d: str) -> bool:
    """Russian SNILS: 9 digits weighted 9..1; the sum below 100 is the 2-digit check, else the sum
    mod 101 (100 reads 00)."""
    if len(d) != 11 or not d.isdigit() or int(d[:9]) <= 1001998:
        return False
    total = weighted_sum(d, (9, 8, 7, 6, 5, 4, 3, 2, 1))
    check = total if total < 100 else total % 101
    return int(d[9:]) == (0 if check == 100 else check)


def russia_inn_ok(d: str) -> bool:
    """Russian INN: 10 digits (organisations, one check digit) or 12 (persons, two), each the
    weighted sum mod 11 mod 10 (weights 2,4,10,3,5,9,4,6,8 / 7,2,4,10,... / 3,7,2,4,10,...)."""
    if not d.isdigit():
        return False
    if len(d) == 10:
        return weighted_sum(d, (2, 4, 10, 3, 5, 9, 4, 6, 8)) % 11 % 10 == int(d[9])
    if len(d) == 12:
        c1 = weighted_sum(d, (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) % 11 % 10
        c2 = weighted_sum(d, (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) % 11 % 10
        return d[10:] == f"{c1}{c2}"
    return False


def russia_inn12_ok(d: str) -> bool:
    """A 12-digit (personal) Russian INN: two check digits (see `russia_inn_ok`)."""
    return len(d) == 12 and russia_inn_ok(d)


def croatia_oib_ok(d: str) -> bool:
    """Croatian OIB: 10 digits + an ISO 7064 MOD 11,10 check digit."""
    if len(d) != 11 or not d.isdigit():
        return False
    a = 10
    for ch in d[:10]:
        a = (a + int(ch)) % 10 or 10
        a = a * 2 % 11
    return (11 - a) % 10 == int(d[10])


def baltic_personal_code_ok(d: str) -> bool:
    """Estonian isikukood / Lithuanian asmens kodas: sex-century digit 1-6, YYMMDD, 3 digits and a
    mod-11 check (weights 1..9,1; when 10, weights 3..9,1,2,3; when 10 again, 0)."""
    if len(d) != 11 or not d.isdigit() or d[0] not in "123456":
        return False
    r = weighted_sum(d, (1, 2, 3, 4, 5, 6, 7, 8, 9, 1)) % 11
    if r == 10:
        r = weighted_sum(d, (3, 4, 5, 6, 7, 8, 9, 1, 2, 3)) % 11 % 10
    century = 1800 + 100 * ((int(d[0]) - 1) // 2)
    return r == int(d[10]) and _date(century + int(d[1:3]), int(d[3:5]), int(d[5:7]))


def bulgaria_egn_ok(d: str) -> bool:
    """Bulgarian EGN: YYMMDD (month +20 before 1900, +40 after 2000), 3 digits and a check digit:
    weights 2,4,8,5,10,9,7,3,6 mod 11 (10 reads 0)."""
    if len(d) != 10 or not d.isdigit():
        return False
    month, yy = int(d[2:4]), int(d[:2])
    year = yy + (2000 if month > 40 else 1800 if month > 20 else 1900)
    if weighted_sum(d, (2, 4, 8, 5, 10, 9, 7, 3, 6)) % 11 % 10 != int(d[9]):
        return False
    return _date(year, month - (40 if month > 40 else 20 if month > 20 else 0), int(d[4:6]))


def jmbg_ok(d: str) -> bool:
    """JMBG / EMŠO / ЕМБГ (Serbia, Slovenia, North Macedonia, Bosnia, Montenegro): DDMMYYY, region,
    serial and a check: weights 7,6,5,4,3,2 twice, 11 - sum mod 11 (10 and 11 read 0)."""
    if len(d) != 13 or not d.isdigit():
        return False
    check = 11 - weighted_sum(d, (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)) % 11
    year = int(d[4:7]) + (1000 if d[4] == "9" else 2000)
    return int(d[12]) == (0 if check > 9 else check) and _date(year, int(d[2:4]), int(d[:2]))


def iceland_kennitala_ok(d: str) -> bool:
    """Icelandic kennitala: DDMMYY (companies: day + 40), 2 digits, a check digit (weights
    3,2,7,6,5,4,3,2; 11 - sum mod 11, 11 reads 0, 10 never issued) and the century (9 or 0)."""
    if len(d) != 10 or not d.isdigit() or d[9] not in "90":
        return False
    check = 11 - weighted_sum(d, (3, 2, 7, 6, 5, 4, 3, 2)) % 11
    if check == 10 or int(d[8]) != check % 11:
        return False
    day = int(d[:2])
    return _date((1900 if d[9] == "9" else 2000) + int(d[4:6]), int(d[2:4]), day - 40 if day > 40 else day)


def thailand_id_ok(d: str) -> bool:
    """Thai national id: 13 digits, the first 1-8; weights 13..2 and (11 - sum mod 11) mod 10."""
    if len(d) != 13 or not d.isdigit() or d[0] not in "12345678":
        return False
    return (11 - weighted_sum(d, tuple(range(13, 1, -1))) % 11) % 10 == int(d[12])


def saudi_id_ok(d: str) -> bool:
    """Saudi national id (1...) or iqama (2...): 10 digits with a Luhn check digit."""
    return len(d) == 10 and d.isdigit() and d[0] in "12" and luhn_valid(d)


def uae_eid_ok(d: str) -> bool:
    """Emirates ID: 784, birth year, 7 digits and a Luhn check digit (15 digits)."""
    return len(d) == 15 and d.isdigit() and d.startswith("784") and 1900 <= int(d[3:7]) <= 2099 and luhn_valid(d)


def australia_tfn_ok(d: str) -> bool:
    """Australian tax file number: 9 digits weighted 1,4,3,7,5,8,6,9,10, the sum divisible by 11."""
    return len(d) == 9 and d.isdigit() and weighted_sum(d, (1, 4, 3, 7, 5, 8, 6, 9, 10)) % 11 == 0


def australia_medicare_ok(d: str) -> bool:
    """Australian Medicare card number: 8 digits (the first 2-6) weighted 1,3,7,9,1,3,7,9, the
    sum mod 10 as the 9th digit, then the issue number (and the person's position, 11 digits)."""
    if len(d) not in (10, 11) or not d.isdigit() or d[0] not in "23456" or d[9] == "0":
        return False
    return weighted_sum(d, (1, 3, 7, 9, 1, 3, 7, 9)) % 10 == int(d[8])


def nz_ird_ok(d: str) -> bool:
    """New Zealand IRD number: 8-9 digits between 10,000,000 and 150,000,000; weights
    3,2,7,6,5,4,3,2 (then 7,4,3,2,5,2,7,6 when the first gives 10), check 11 - sum mod 11."""
    if len(d) not in (8, 9) or not d.isdigit() or not 10_000_000 < int(d) < 150_000_000:
        return False
    base = d.zfill(9)[:8]
    for weights in ((3, 2, 7, 6, 5, 4, 3, 2), (7, 4, 3, 2, 5, 2, 7, 6)):
        r = weighted_sum(base, weights) % 11
        check = 0 if r == 0 else 11 - r
        if check != 10:
            return check == int(d[-1])
    return False


def ecuador_cedula_ok(d: str) -> bool:
    """Ecuadorian cédula: province 01-24 (or 30), a third digit below 6 and a mod-10 check
    (coefficients 2,1,2,...; products over 9 lose 9)."""
    if len(d) != 10 or not d.isdigit() or not (1 <= int(d[:2]) <= 24 or d[:2] == "30") or d[2] > "5":
        return False
    total = 0
    for i, ch in enumerate(d[:9]):
        p = int(ch) * (2 if i % 2 == 0 else 1)
        total += p - 9 if p > 9 else p
    return (10 - total % 10) % 10 == int(d[9])


def uruguay_ci_ok(d: str) -> bool:
    """Uruguayan cédula de identidad: up to 7 digits (zero-padded) weighted 2,9,8,7,6,3,4 and a
    check digit (10 - sum mod 10) mod 10."""
    if len(d) not in (7, 8) or not d.isdigit():
        return False
    body = d[:-1].zfill(7)
    return (10 - weighted_sum(body, (2, 9, 8, 7, 6, 3, 4)) % 10) % 10 == int(d[-1])


def argentina_cuit_ok(d: str) -> bool:
    """Argentine CUIT/CUIL: a type prefix (20, 23, 24, 27, 30, 33, 34), 8 digits and a mod-11
    check (weights 5,4,3,2,7,6,5,4,3,2; 11 reads 0; 10 reads 9 under the prefixes 23 and 33,
    which exist for that case)."""
    if len(d) != 11 or not d.isdigit() or d[:2] not in ("20", "23", "24", "27", "30", "33", "34"):
        return False
    check = 11 - weighted_sum(d, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)) % 11
    if check == 10:
        return d[:2] in ("23", "33") and d[10] == "9"
    return int(d[10]) == check % 11


_DE_ID_CHARS = "CFGHJKLMNPRTVWXYZ0123456789"


def germany_id_card_ok(s: str) -> bool:
    """German Personalausweis (since 2010): 9 characters (a letter first, no vowels) + a check
    digit, the characters worth 0-35 weighted 7,3,1 repeated, the sum mod 10."""
    s = s.upper()
    if len(s) != 10 or not s[0].isalpha() or any(c not in _DE_ID_CHARS for c in s[:9]) or not s[9].isdigit():
        return False
    if sum(c.isdigit() for c in s[:9]) < 3:  # three digits or more, so a word in capitals is not one
        return False
    total = sum(_ALNUM36.index(c) * (7, 3, 1)[i % 3] for i, c in enumerate(s[:9]))
    return total % 10 == int(s[9])


_PPSN_LETTERS = "WABCDEFGHIJKLMNOPQRSTUV"


def ireland_ppsn_ok(s: str) -> bool:
    """Irish PPS number: 7 digits, a check letter and maybe a second letter (A, B, H, W, T or X):
    weights 8..2, the second letter worth its place (W 0) times 9, the sum mod 23 as a letter."""
    s = s.upper()
    m = re.fullmatch(r"(\d{7})([A-W])([ABHWTX]?)", s)
    if m is None:
        return False
    total = weighted_sum(m.group(1), (8, 7, 6, 5, 4, 3, 2))
    if m.group(3):
        total += 9 * _PPSN_LETTERS.index(m.group(3))
    return _PPSN_LETTERS[total % 23] == m.group(2)


def greece_afm_ok(d: str) -> bool:
    """Greek tax number (ΑΦΜ): 9 digits, the first 8 weighted 256, 128, ... 2, the sum mod 11 mod 10
    as the 9th."""
    return len(d) == 9 and d.isdigit() and int(d) > 0 and weighted_sum(d, (256, 128, 64, 32, 16, 8, 4, 2)) % 11 % 10 == int(d[8])


def ukraine_rnokpp_ok(d: str) -> bool:
    """Ukrainian taxpayer number (РНОКПП / ІПН): 10 digits, weights -1,5,7,9,4,6,10,5,7, the sum
    mod 11 mod 10 as the 10th."""
    return len(d) == 10 and d.isdigit() and weighted_sum(d, (-1, 5, 7, 9, 4, 6, 10, 5, 7)) % 11 % 10 == int(d[9])


def hungary_tax_ok(d: str) -> bool:
    """Hungarian tax id (adóazonosító jel): 8, then 9 digits weighted 1..9 whose sum mod 11 is the 10th."""
    return len(d) == 10 and d.isdigit() and d[0] == "8" and weighted_sum(d, tuple(range(1, 10))) % 11 == int(d[9])


def latvia_pk_ok(d: str) -> bool:
    """Latvian personas kods (old form): DDMMYY, century digit, 3 digits and a check digit,
    (1101 - sum with weights 1,6,3,7,9,10,5,8,4,2) mod 11."""
    if len(d) != 11 or not d.isdigit() or d[6] not in "012":
        return False
    r = (1101 - weighted_sum(d, (1, 6, 3, 7, 9, 10, 5, 8, 4, 2))) % 11
    return r < 10 and r == int(d[10]) and _yymmdd(d[4:6], d[2:4], d[:2])


def germany_kvnr_ok(s: str) -> bool:
    """German health insurance number (Krankenversichertennummer): a letter, 8 digits and a check
    digit: the letter as its place 01-26, then the ten digits weighted 1,2,1,2..., the digits of each
    product added, the sum mod 10."""
    s = s.upper()
    if len(s) != 10 or not s[0].isalpha() or not s[1:].isdigit():
        return False
    total = 0
    for i, ch in enumerate(f"{ord(s[0]) - 64:02d}" + s[1:9]):
        p = int(ch) * (2 if i % 2 else 1)
        total += p // 10 + p % 10
    return total % 10 == int(s[9])


def poland_id_card_ok(s: str) -> bool:
    """Polish identity card (dowód osobisty): 3 letters (worth 10-35) and 6 digits, the first digit a
    check: weights 7,3,1,(check),7,3,1,7,3 over the rest, the sum mod 10."""
    s = s.upper().replace(" ", "")
    if len(s) != 9 or not s[:3].isalpha() or not s[3:].isdigit() or not s.isascii():
        return False
    values = [_ALNUM36.index(c) for c in s[:3] + s[4:]]
    return sum(v * w for v, w in zip(values, (7, 3, 1, 7, 3, 1, 7, 3), strict=True)) % 10 == int(s[3])


def spain_nuss_ok(d: str) -> bool:
    """Spanish social security number (NUSS): province 01-53, 8 digits and two check digits,
    the first ten mod 97."""
    return len(d) == 12 and d.isdigit() and 1 <= int(d[:2]) <= 53 and int(d[:10]) % 97 == int(d[10:])


def venezuela_ci_ok(s: str) -> bool:
    """Venezuelan cédula (no check digit): V or E, then 6-8 digits."""
    s = s.upper().replace("-", "").replace(".", "").replace(" ", "")
    return s[:1] in ("V", "E") and s[1:].isdigit() and 6 <= len(s) - 1 <= 8


def mexico_rfc_ok(s: str) -> bool:
    """Mexican RFC of a person (no published check for the homoclave): 4 letters, the birth date
    YYMMDD and 3 characters."""
    s = s.upper()
    return re.fullmatch(r"[A-ZÑ&]{4}\d{6}[A-Z0-9]{3}", s) is not None and _yymmdd(s[4:6], s[6:8], s[8:10])


def us_mbi_ok(s: str) -> bool:
    """US Medicare Beneficiary Identifier: 11 characters in a fixed pattern of digits and letters
    (never S, L, O, I, B, Z), no check digit."""
    return _MBI.fullmatch(s.upper()) is not None


_MBI_L = "[AC-HJKMNP-RT-Y]"
_MBI = re.compile(rf"[1-9]{_MBI_L}[0-9AC-HJKMNP-RT-Y]\d{_MBI_L}[0-9AC-HJKMNP-RT-Y]\d{_MBI_L}{{2}}\d{{2}}")


def ghana_card_ok(s: str) -> bool:
    """Ghana Card PIN: GHA-, 9 digits, a check digit (the shape only)."""
    return re.fullmatch(r"GHA-?\d{9}-?\d", s.upper()) is not None


# --- formats without a check digit (only after their own word) ---------------------------

_EG_GOVERNORATES = frozenset({1, 2, 3, 4, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 27, 28, 29, 31, 32, 33, 34, 35, 88})


def germany_tax_id_ok(d: str) -> bool:
    """German Steuer-ID (IdNr): 11 digits, no 0 first; in the first ten one digit appears twice or
    three times and some digits not at all; an ISO 7064 MOD 11,10 check digit."""
    if len(d) != 11 or not d.isdigit() or d[0] == "0":
        return False
    counts = sorted((d[:10].count(c) for c in set(d[:10])), reverse=True)
    if counts[0] not in (2, 3) or counts[1:2] == [2] or counts[1:2] == [3]:
        return False
    a = 10
    for ch in d[:10]:
        a = (int(ch) + a) % 10 or 10
        a = a * 2 % 11
    return (11 - a) % 10 == int(d[10])


def iran_national_code_ok(d: str) -> bool:
    """Iranian national code (کد ملی): 10 digits, the last from weights 10..2 mod 11 (below 2 as is,
    else 11 minus it)."""
    if len(d) != 10 or not d.isdigit() or len(set(d)) == 1:
        return False
    r = weighted_sum(d, (10, 9, 8, 7, 6, 5, 4, 3, 2)) % 11
    return int(d[9]) == (r if r < 2 else 11 - r)


def egypt_nid_ok(d: str) -> bool:
    """Egyptian national id (no check digit): century 2/3, birth date YYMMDD, governorate code,
    serial and a digit: 14 digits."""
    if len(d) != 14 or not d.isdigit() or d[0] not in "23":
        return False
    year = (1900 if d[0] == "2" else 2000) + int(d[1:3])
    return _date(year, int(d[3:5]), int(d[5:7])) and int(d[7:9]) in _EG_GOVERNORATES


def pakistan_cnic_ok(d: str) -> bool:
    """Pakistani CNIC (no check digit): 13 digits, the first the province (1-7)."""
    return len(d) == 13 and d.isdigit() and d[0] in "1234567"


_MY_STATES = frozenset([*range(1, 17), *range(21, 60), *range(60, 69), 71, 72, *range(74, 80), *range(82, 94), 98, 99])


def malaysia_mykad_ok(d: str) -> bool:
    """Malaysian MyKad number (no check digit): birth date YYMMDD, a place-of-birth code, 4 digits."""
    return len(d) == 12 and d.isdigit() and _yymmdd(d[:2], d[2:4], d[4:6]) and int(d[6:8]) in _MY_STATES


_ID_PROVINCES = frozenset(
    [*range(11, 20), 21, *range(31, 37), *range(51, 54), *range(61, 66), *range(71, 77), 81, 82, *range(91, 97)]
)


def indonesia_nik_ok(d: str) -> bool:
    """Indonesian NIK (no check digit): province, regency, district, birth date DDMMYY (women:
    day + 40) and a 4-digit serial: 16 digits."""
    if len(d) != 16 or not d.isdigit() or int(d[:2]) not in _ID_PROVINCES or d[12:] == "0000":
        return False
    return _yymmdd(d[10:12], d[8:10], f"{int(d[6:8]) % 40:02d}")


def vietnam_id_ok(d: str) -> bool:
    """Vietnamese CCCD (12 digits: province 001-096, sex-century digit, birth year, serial) or the
    old CMND (9 digits); no check digit."""
    if not d.isdigit():
        return False
    if len(d) == 12:
        return 1 <= int(d[:3]) <= 96
    return len(d) == 9 and len(set(d)) > 1


def nigeria_nin_ok(d: str) -> bool:
    """Nigerian NIN or BVN (no published check digit): 11 digits, not a phone number's leading 0."""
    return len(d) == 11 and d.isdigit() and d[0] != "0" and len(set(d)) > 1


def plain_digits(low: int, high: int, *, zero_first: bool = False) -> Callable[[str], bool]:
    """A check-less id of `low`-`high` digits (not one digit repeated; a 0 first only if allowed)."""

    def ok(d: str) -> bool:
        return low <= len(d) <= high and d.isdigit() and (zero_first or d[0] != "0") and len(set(d)) > 1

    ok.__doc__ = f"{low}-{high} digits, no check digit (only after the format's own word)."
    return ok


def kazakhstan_iin_ok(d: str) -> bool:
    """Kazakh IIN (ЖСН): birth date YYMMDD, a century/sex digit 1-6, 4 digits and a mod-11 check
    digit (weights 1..11; on a remainder of 10 again with weights 3..11, 1, 2; 10 twice is never issued)."""
    if len(d) != 12 or not d.isdigit() or d[6] not in "123456":
        return False
    r = weighted_sum(d, (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)) % 11
    if r == 10:
        r = weighted_sum(d, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)) % 11
    return r < 10 and int(d[11]) == r and _yymmdd(d[:2], d[2:4], d[4:6])


_DE_DOC = re.compile(r"[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}")


def germany_document_number_ok(s: str) -> bool:
    """The 9 characters of a German identity card or passport number as printed on the card's face
    (its check digit stands apart, in the machine-readable zone): the ID alphabet, no vowels, and at
    least three digits, so a word in capitals is not one."""
    s = s.upper()
    return _DE_DOC.fullmatch(s) is not None and sum(c.isdigit() for c in s) >= 3


def portugal_cc_ok(s: str) -> bool:
    """Portuguese Cartão de Cidadão number: the 8-digit civil id, its check digit, two letters
    (the card's version) and a final check digit; every character worth 0-35, every second one
    from the right doubled (minus 9 above 9), the sum divisible by 10."""
    s = re.sub(r"[\s-]", "", s).upper()
    if len(s) != 12 or not (s[:9].isdigit() and s[9:11].isalpha() and s[11].isdigit()):
        return False
    total = 0
    for i, c in enumerate(reversed(s)):
        v = _ALNUM36.index(c)
        if i % 2:
            v *= 2
            if v > 9:
                v -= 9
        total += v
    return total % 10 == 0


def denmark_cpr_ok(d: str) -> bool:
    """Danish CPR number: birth date DDMMYY + 4 digits (the mod-11 check was dropped in 2007)."""
    return len(d) == 10 and d.isdigit() and _yymmdd(d[4:6], d[2:4], d[:2])


def _dotted(check: Callable[[str], bool], shape: str) -> Callable[[str], bool]:
    pattern = re.compile(shape)

    def ok(raw: str) -> bool:
        return pattern.fullmatch(raw) is not None and check(_digits(raw))

    return ok


#: Checks with a date, a fixed prefix, a shape or two check digits: tried by length after any
#: id word (`national_ids.checked_id`).
STRONG_CHECKS: tuple[tuple[Callable[[str], bool], tuple[int, ...]], ...] = (
    (austria_svnr_ok, (10,)),
    (greece_amka_ok, (11,)),
    (china_ric_ok, (18,)),
    (taiwan_id_ok, (10,)),
    (mexico_curp_ok, (18,)),
    (swiss_ahv_ok, (13,)),
    (russia_snils_ok, (11,)),
    (russia_inn12_ok, (12,)),
    (baltic_personal_code_ok, (11,)),
    (bulgaria_egn_ok, (10,)),
    (jmbg_ok, (13,)),
    (iceland_kennitala_ok, (10,)),
    (uae_eid_ok, (15,)),
    (argentina_cuit_ok, (11,)),
    (germany_id_card_ok, (10,)),
    (ireland_ppsn_ok, (8, 9)),
    (latvia_pk_ok, (11,)),
    (germany_kvnr_ok, (10,)),
    (poland_id_card_ok, (9,)),
    (spain_nuss_ok, (12,)),
    (kazakhstan_iin_ok, (12,)),
)

_ar_dni_dotted = _dotted(plain_digits(7, 8), r"\d{1,2}\.\d{3}\.\d{3}")
_co_cedula = plain_digits(6, 10)
#: A bare "CI" also names continuous integration: only a Uruguayan CI in its printed dots and dash.
_uy_ci_dotted = _dotted(uruguay_ci_ok, r"\d\.\d{3}\.\d{3}-\d")
#: Checks given the value as written (their shape is part of the check).
_RAW_CHECKS = frozenset([_ar_dni_dotted, _uy_ci_dotted])

#: The words of each country (in its language and English) and what may follow them. Short
#: acronyms that are also ordinary words ("IC", "NIN", "TIN", "SSS", "NIK") must be upper case.
_LABELS: tuple[tuple[str, str, tuple[Callable[[str], bool], ...]], ...] = (
    ("jp", r"マイナンバー(?:カード)?(?:の番号)?|個人番号", (japan_my_number_ok,)),
    (
        "at",
        r"\b(?:sozialversicherungs-?(?:nummer|nr\.?)|sv-?(?:nummer|nr\.?)|svnr|vsnr|versicherungsnummer|"
        r"ahv-?(?:nummer|nr\.?)?|(?-i:AVS)|n[°º] avs|num[ée]ro avs)",
        (austria_svnr_ok, swiss_ahv_ok),
    ),
    ("gr", r"αμκα|\bamka\b", (greece_amka_ok,)),
    ("il", r"תעודת ה?זהות|מספר זהות|ת\.ז\.?|ת[\"״]ז|\bteudat zehut\b|\bmispar zehut\b", (israel_tz_ok,)),
    ("hu", r"\btaj(?:[- ]?sz[áa]m(?:om|a|ot)?)?\b", (hungary_taj_ok,)),
    (
        "zh",
        r"身[份分][证證](?:号码|號碼|字號|号|號)?|\bhkid(?: card)?(?: no\.?| number)?\b",
        (china_ric_ok, hongkong_hkid_ok, taiwan_id_ok),
    ),
    ("snils", r"снилс|\bsnils\b", (russia_snils_ok,)),
    ("inn", r"(?<![а-яё])инн(?![а-яё])", (russia_inn_ok,)),
    ("hr", r"\boib\b", (croatia_oib_ok,)),
    ("ee", r"\bisikukood\w*|\basmens kod(?:as|o|ą)\b", (baltic_personal_code_ok,)),
    ("bg", r"(?<![а-я])егн(?![а-я])|\begn\b", (bulgaria_egn_ok,)),
    ("yu", r"\bjmbg\b|јмбг|(?<![а-я])ембг(?![а-я])|\bem[šs]o\b|емшо", (jmbg_ok,)),
    ("is", r"\bkennit[aöo]l\w*|\bkt\.", (iceland_kennitala_ok,)),
    ("th", r"(?:เลข)?(?:ประจำตัว|บัตร)ประชาชน|\bthai (?:national )?id\b", (thailand_id_ok,)),
    ("sa", r"الهوية الوطنية|رقم الهوية|هويتي|الهوية|هوية|الإقامة|إقامة|اقامة|\biqama\b", (saudi_id_ok, uae_eid_ok)),
    ("eg", r"الرقم القوم[يى]|رقم قوم[يى]", (egypt_nid_ok,)),
    ("pk", r"\bcnic\b|شناختی کارڈ", (pakistan_cnic_ok,)),
    ("my", r"\bmykad\b|\bno\.? ?kp\b|\bkad pengenalan\b|(?-i:\bIC\b)(?: no\.?| number)?", (malaysia_mykad_ok,)),
    ("idn", r"(?-i:\bNIK\b)|(?-i:\bKTP\b)|\bnomor induk kependudukan\b", (indonesia_nik_ok,)),
    ("vn", r"\bcccd\b|\bcmnd\b|căn cước(?: công dân)?|chứng minh nhân dân|số định danh(?: cá nhân)?", (vietnam_id_ok,)),
    ("ng", r"(?-i:\bNIN\b)|(?-i:\bBVN\b)|\bbank verification number\b", (nigeria_nin_ok,)),
    ("au_tfn", r"\btfn\b|\btax file number\b", (australia_tfn_ok,)),
    ("au_medicare", r"\bmedicare(?![a-z])(?: card)?(?: number| no\.?| id)?|(?-i:\bMBI\b)", (australia_medicare_ok, us_mbi_ok)),
    ("nz", r"(?-i:\bIRD\b)(?: number| no\.?)?|\bird (?:number|no\.?)", (nz_ird_ok,)),
    (
        "cedula",
        r"\bc[ée]dula(?: de (?:identidad|ciudadan[íi]a))?\b|(?<!\w)c\.[ci]\.(?!\w)",
        (ecuador_cedula_ok, uruguay_ci_ok, _co_cedula, venezuela_ci_ok),
    ),
    ("uy_ci", r"(?-i:\bC\.?I\b)", (_uy_ci_dotted, ecuador_cedula_ok)),
    ("ar_dni", r"\bd\.?n\.?i\.?(?!\w)", (_ar_dni_dotted, plain_digits(8, 8))),
    ("cuit", r"\bcui[lt]\b", (argentina_cuit_ok,)),
    ("de", r"\b(?:personalausweis|perso|ausweis)-?(?:nummer|nr\.?)?(?!\w)", (germany_id_card_ok, germany_document_number_ok)),
    ("kz", r"(?<![а-яёәіңғүұқөһ])(?:иин|жсн)(?![а-яёәіңғүұқөһ])|(?-i:\bIIN\b)", (kazakhstan_iin_ok,)),
    ("ie", r"\bppsn?\b(?: number| no\.?)?", (ireland_ppsn_ok,)),
    ("dk", r"\bcpr(?:-?(?:nr\.?|nummer))?(?!\w)|\bpersonnummer\b", (denmark_cpr_ok,)),
    ("gr_afm", r"αφμ|α\.φ\.μ\.?|\bafm\b", (greece_afm_ok,)),
    ("ua", r"рнокпп|(?<![а-яёіїє])іпн(?![а-яёіїє])|(?<![а-яё])ипн(?![а-яё])|ідентифікаційн\w* (?:код|номер)", (ukraine_rnokpp_ok,)),
    ("hu_tax", r"\bad[óo]azonos[íi]t[óo](?: jel\w*)?", (hungary_tax_ok,)),
    ("lv", r"\bpersonas kods\b", (latvia_pk_ok,)),
    (
        "de_kvnr",
        r"\b(?:kranken)?versicherten-?(?:nummer|nr\.?)|\bkvnr\b|\bkrankenkassennummer\b",
        (germany_kvnr_ok,),
    ),
    ("pl_dowod", r"\bdow[óo]d(?:u)? osobist\w*(?: nr\.?| numer)?|\bnumer dowodu\b", (poland_id_card_ok,)),
    (
        "es_nuss",
        r"\bnuss\b|\bn[úu]mero de (?:la )?seguridad social\b|\bn[úu]mero de afiliaci[óo]n\b",
        (spain_nuss_ok,),
    ),
    ("mx_rfc", r"(?-i:\bRFC\b)", (mexico_rfc_ok,)),
    ("de_tax", r"\bsteuer-?id\b|\b(?:steuer-?|steuerliche )?identifikationsnummer\b|\bidnr\b", (germany_tax_id_ok,)),
    ("ir", r"کد ملی|کد\u200cملی|شماره ملی", (iran_national_code_ok,)),
    ("gh", r"\bgh(?:ana|a)? ?card\b", (ghana_card_ok,)),
    ("ph_philsys", r"\bphilsys(?: card)?(?: number| no\.?| id)?\b|\bpcn\b", (plain_digits(12, 12), plain_digits(16, 16))),
    ("ph_umid", r"\bumid(?: crn| number| no\.?)?\b|(?-i:\bCRN\b)", (plain_digits(12, 12, zero_first=True),)),
    ("ph_sss", r"(?-i:\bSSS\b)(?: number| no\.?)?", (plain_digits(10, 10),)),
    ("ph_tin", r"(?-i:\bTIN\b)(?: number| no\.?)?", (plain_digits(9, 9), plain_digits(12, 12))),
)
_CHECKS_OF = {name: checks for name, _, checks in _LABELS}
#: Checks without a check digit or a date: their number must follow the word closely.
_WEAK_CHECKS = frozenset(
    [*(c for _, _, checks in _LABELS for c in checks if c.__name__ == "ok"), pakistan_cnic_ok, vietnam_id_ok,
     nigeria_nin_ok, venezuela_ci_ok, ghana_card_ok, malaysia_mykad_ok, mexico_rfc_ok, germany_document_number_ok,
     _uy_ci_dotted]
)

#: What may stand between the word and the number: punctuation, "is", "my", "number" in the
#: countries' languages (never a word like "order", so "CNIC, order 12345..." is no id).
_FILLER = (
    r"(?:[\s.:：=#№\-–]|\b(?:is|was|no\.?|nr\.?|number|num|lautet|ist|meine?|es|mi|número|nro\.?|n[°º]|"
    r"je|mi je|moj[ae]?|on|yra|mano|er|mín|é|e|ko|ay|saya|adalah|nombor|là|số|của tôi|szám(?:om|a)?)\b|"
    r"μου|είναι|ο|η|שלי|הוא|היא|是|为|為|號碼|号码|は|が|番号|คือ|ของฉัน|เลขที่|هو|هي|رقم|الخاص بي|"
    r"мой|моя|моё|мои|номер|е|је|ми|\(){0,8}"
)
WORLD_LABELLED = re.compile(
    "(?:" + "|".join(f"(?P<{name}>{label})" for name, label, _ in _LABELS) + ")"
    + _FILLER
    + r"(?P<id>[A-Za-z0-9](?:[A-Za-z0-9()]|[ .\-/](?=[A-Za-z0-9])){4,24})?",
    re.I,
)
#: Cheap gates: lower-case pieces of the words, and the upper-case acronyms in the post as written.
WORLD_HINTS = (
    "マイナンバー",
    "個人番号",
    "sozialversicherung",
    "sv-n",
    "svn",
    "vsnr",
    "versicherungsnummer",
    "ahv",
    "n° avs",
    "numéro avs",
    "αμκα",
    "amka",
    "זהות",
    "ת.ז",
    'ת"ז',
    "ת״ז",
    "zehut",
    "taj",
    "身份",
    "身分",
    "hkid",
    "снилс",
    "snils",
    "инн",
    "oib",
    "isikukood",
    "asmens kod",
    "егн",
    "egn",
    "jmbg",
    "јмбг",
    "ембг",
    "emšo",
    "emso",
    "емшо",
    "kennit",
    "kt.",
    "ประชาชน",
    "thai id",
    "thai national id",
    "هوية",
    "هويتي",
    "الهوية",
    "إقامة",
    "اقامة",
    "الإقامة",
    "iqama",
    "قومي",
    "قومى",
    "cnic",
    "شناختی",
    "mykad",
    "kp",
    "kad pengenalan",
    "kependudukan",
    "cccd",
    "cmnd",
    "căn cước",
    "chứng minh",
    "định danh",
    "bank verification",
    "tfn",
    "tax file",
    "medicare",
    "ird number",
    "ird no",
    "cédula",
    "cedula",
    "c.c.",
    "c.i.",
    "dni",
    "d.n.i",
    "cuil",
    "cuit",
    "ausweis",
    "perso-",
    "perso ",
    "perso:",
    "pps",
    "cpr",
    "personnummer",
    "αφμ",
    "α.φ.μ",
    "afm",
    "рнокпп",
    "іпн",
    "ипн",
    "ідентифікаційн",
    "adóazonosít",
    "adoazonosit",
    "personas kods",
    "иин",
    "жсн",
    "identifikationsnummer",
    "idnr",
    "versicherten",
    "kvnr",
    "krankenkassennummer",
    "dowód osobist",
    "dowod osobist",
    "dowodu",
    "nuss",
    "seguridad social",
    "afiliaci",
    "ghana card",
    "gha card",
    "gh card",
    "philsys",
    "pcn",
    "umid",
    "steuer",
    "کد ملی",
    "کد\u200cملی",
    "شماره ملی",
)
_WORLD_HINTS_ANY = AnyOf(WORLD_HINTS, shared=True)
WORLD_UPPER_HINTS = ("MBI", "RFC", "IC", "NIK", "KTP", "NIN", "BVN", "SSS", "TIN", "IRD", "AVS", "CRN", "IIN", "CI")
_WORLD_UPPER_ANY = AnyOf(WORLD_UPPER_HINTS)
#: The words' literals filed in the shared pre-check index, whose answer for a post is computed
#: once and shared with the other patterns (the hint lists above then only confirm).
_WORLD_PREFILTER = Prefiltered(WORLD_LABELLED)
#: The words one by one, each with its own pre-check. `re` tries all 45 alternatives at every
#: position of a post, about 0.5 ms where the words' literals let a post through; the word that
#: matches leftmost (first in order where two start together) is where `WORLD_LABELLED` matches,
#: since what follows a word (filler, number) is optional: see `_labelled`.
_WORLD_WORDS = FirstOfAlternatives([label for _, label, _ in _LABELS], re.I)


def _labelled(text: str, folded: str) -> list[re.Match[str]]:
    """`WORLD_LABELLED.finditer(text)`, found word by word (`folded` is `fold(text)`)."""
    found: list[re.Match[str]] = []
    pos = 0
    while (word := _WORLD_WORDS.search(text, folded, pos)) is not None:
        m = WORLD_LABELLED.match(text, word.start())
        if m is None:  # cannot happen (see above); the whole pattern then decides
            return list(WORLD_LABELLED.finditer(text))
        found.append(m)
        pos = m.end()
    return found

#: Shapes that need no word, each confirmed by its check (or, for CNIC and MyKad, which have
#: none, by the province, the birth date and the state code).
WORLD_UNLABELLED = re.compile(
    r"(?<![\w.\-/])(?:"
    r"(?P<hkid>[A-Z]{1,2}\d{6}\s?\([0-9A]\))"  # HKID with its bracketed check
    r"|(?P<curp>[A-Z]{4}\d{6}[HMX][A-Z]{5}[0-9A-Z]\d)"  # CURP
    r"|(?P<ahv>756\.\d{4}\.\d{4}\.\d{2})"  # Swiss AHV/AVS
    r"|(?P<eid>784-\d{4}-\d{7}-\d)"  # Emirates ID
    r"|(?P<cnic>[1-7]\d{4}-\d{7}-\d)"  # Pakistani CNIC
    r"|(?P<mykad>\d{6}-\d{2}-\d{4})"  # Malaysian MyKad
    r")(?![\w\-/]|\.\d)"
)
#: An exact gate for `WORLD_UNLABELLED` (a necessary condition of each of its shapes), starting
#: with a digit so that `re` skips to the post's digits: six digits then a bracket (HKID), "H", "M"
#: or "X" (CURP) or a dash, maybe after a seventh digit (Emirates ID, CNIC, MyKad); or the AHV's
#: "756." and four digits and a dot.
_WORLD_UNLABELLED_GATE = re.compile(r"\d(?:\d{5}(?:\s?\(|[HMX]|\d?-)|\d\d\.\d{4}\.)")
_UNLABELLED_CHECK: dict[str, Callable[[str], bool]] = {
    "hkid": hongkong_hkid_ok,
    "curp": mexico_curp_ok,
    "ahv": lambda v: swiss_ahv_ok(_digits(v)),
    "eid": lambda v: uae_eid_ok(_digits(v)),
    "cnic": lambda v: pakistan_cnic_ok(_digits(v)),
    "mykad": lambda v: malaysia_mykad_ok(_digits(v)),
}
#: An order, booking, ticket or tracking word just before a shape: a reference, not an id.
REFERENCE_BEFORE = re.compile(
    r"(?:order|tracking|booking|reservation|invoice|ticket|ref(?:erence)?|receipt|parcel|shipment|case|claim|"
    r"confirmation|account|serial|imei|pnr|pedido|factura|reserva|boleto|commande|facture|bestellung|rechnung|"
    r"buchung|auftrag|pesanan|tempahan|resi|invois|đơn hàng|mã đơn|طلب|فاتورة|حجز|заказ|счёт|счет|注文|订单|訂單)"
    r"\W{0,4}(?:no\.?|nr\.?|number|num|id|#|n[°º]|code)?\W{0,3}$",
    re.I,
)


#: Words in the gap between an id word and a number that make the number something else.
_GAP_REFERENCE = re.compile(
    r"\b(?:order|orders|ref|reference|ticket|booking|case|invoice|tracking|parcel|shipment|account|customer|member|"
    r"membership|loyalty|promo|voucher|coupon|phone|mobile|hotline|call|tel|telefon\w*|tel[ée]fono|handy|celular|"
    r"pedido|commande|bestellung|bestelling|zam[óo]wieni\w*|factura|facture|rechnung|sipari[şs]\w*|fatura|kargo|"
    r"numer telefonu|iban|konto|cuenta|compte|conto|rekening|complaint|claim|tracking|seat|flight|room)\b",
    re.I,
)
#: A value after the gap: it starts with a digit or a few letters and a digit ("X4773264M", "V-18.020.674").
_GAP_VALUE = re.compile(
    r"(?<![\w])(?=[A-Za-z]{0,4}-?\d)[A-Za-z0-9](?:[A-Za-z0-9]|[.\-/](?=[A-Za-z0-9])|\s(?=\d)){4,24}"
)
_GAP_STOP = re.compile(r"[!?\n;]|\.(?:\s|$)")


#: Public names for `national_ids` (ids written before their word).
LABELS = _LABELS
GAP_REFERENCE = _GAP_REFERENCE
GAP_STOP = _GAP_STOP


def id_after_gap(text: str, label_start: int, start: int, ok: Callable[[str], bool]) -> tuple[int, int] | None:
    """The id a few words after its word ("fødselsnummeret mitt er 0206...", "CNP-ul meu este ...",
    "BSN (1368...)"): the first number within 60 characters of `start` and the same sentence, with no
    digit and no order, account or phone word before it, when (a prefix of) it passes `ok`."""
    word_start = start
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    if (
        word_start <= label_start
        and text[label_start].isascii()  # a CJK word runs straight into the next ("身份证号被写错了")
        and (start - label_start < 5 or not text[label_start:start].isalpha())
    ):
        return None  # the id word is only the start of another word ("sin" in "since")
    # the same sentence (60 characters), or the start of the next one ("my SIN doesn't match. It's
    # 629 ...", "'PESEL nieprawidłowy'. 8804..."): at most 90 characters and 10 words away
    window = text[start : start + 90]
    stops = [m.start() for m in _GAP_STOP.finditer(window)][:2]
    first = stops[0] if stops else 60
    window = window[: stops[1] if len(stops) > 1 else 90]
    v = _GAP_VALUE.search(window)
    if v is None:
        return None
    gap = window[: v.start()]
    most = 6 if v.start() <= min(first, 60) else 10
    if len(gap.split()) > most or any(c.isdigit() for c in gap) or _GAP_REFERENCE.search(gap):
        return None
    value = v.group()
    for end in range(len(value), 4, -1):
        if (end == len(value) or not value[end].isalnum()) and ok(value[:end]):
            return start + v.start(), start + v.start() + end
    return None


def _labelled_value(checks: tuple[Callable[[str], bool], ...], value: str) -> bool:
    compact = _digits(value)
    return any(check(value) if check in _RAW_CHECKS else check(compact) for check in checks)


def world_ids(
    text: str, lower: str, digit_count: int, folded: str | None = None, first_digit: int = 0
) -> list[tuple[int, int]]:
    """Spans of the ids of the countries here: after their own words, or in a distinctive shape
    (`first_digit`: where the post's first digit is, or less; the shape gate searches from there)."""
    found: list[tuple[int, int]] = []
    folded = fold(text) if folded is None else folded
    if (
        digit_count >= 5
        and _WORLD_PREFILTER.may_match(folded)
        and (_WORLD_HINTS_ANY.in_post(lower, folded) or _WORLD_UPPER_ANY.found_in(text))
    ):
        for m in _labelled(text, folded):
            checks = next(checks for name, checks in _CHECKS_OF.items() if m.group(name) is not None)
            value = m.group("id") or ""
            # the longest prefix of the run that passes (a word or a date may follow the number)
            for end in range(len(value), 4, -1):
                if (end == len(value) or not value[end].isalnum()) and _labelled_value(checks, value[:end]):
                    found.append((m.start("id"), m.start("id") + end))
                    break
            else:
                # a few words between the word and the number: only for formats with a check
                strong = tuple(c for c in checks if c not in _WEAK_CHECKS)
                start = m.start("id") if value else m.end()
                span = id_after_gap(text, m.start(), start, partial(_labelled_value, strong)) if strong else None
                if span is not None:
                    found.append(span)
    if digit_count >= 10 and "паспорт" in lower:
        found += [m.span("id") for m in _RU_PASSPORT.finditer(text)]
    if (digit_count >= 12 and (text.count("-") >= 2 or "756." in text)) or (
        (digit_count >= 7 and "(" in text) or (digit_count >= 8 and _has_curp_shape(text))
    ):
        for m in WORLD_UNLABELLED.finditer(text) if _WORLD_UNLABELLED_GATE.search(text, first_digit) else ():
            kind = m.lastgroup or ""
            if _UNLABELLED_CHECK[kind](m.group()) and not REFERENCE_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
                found.append((m.start(), m.end()))
    return found


#: A Russian passport: series (two pairs of digits) and a six-digit number after the word, maybe
#: with "серия" and "номер" between ("паспорт серия 45 10 номер 123456"); no check digit.
_RU_PASSPORT = re.compile(
    r"паспорт\w*(?:\s+рф)?[\s:,]*(?:серия\s*)?(?P<id>\d{2}\s?\d{2}\s*(?:(?:№|номер|n)\s*)?\d{6})(?![\w-])", re.I
)
_CURP_HINT = re.compile(r"\d{6}[HMX][A-Z]{5}")


def _has_curp_shape(text: str) -> bool:
    return _CURP_HINT.search(text) is not None
