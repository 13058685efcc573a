"""Personal data in a post, with character spans and a redacted copy (B-MODERATE).

Regexes find candidates; validators decide. A card number must pass the Luhn check and
look like a card (issuer prefix, no "order"/"tracking" label in front), an IBAN must pass
mod-97, so order numbers and references are not taken for private data. Presidio was not
usable here (see docs/decisions/0002-pii-without-presidio.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from calmdesk.domain.emails import EMAIL_PATTERN, may_hold_email
from calmdesk.triage.credentials import find_credentials
from calmdesk.triage.national_ids import (
    PAN,
    UNLABELLED,
    WORDS_AFTER,
    canada_sin_ok,
    checked_id,
    cpf_ok,
    id_after_gap,
    ids_before_word,
    unlabelled_id_ok,
    world_ids,
)
from calmdesk.triage.national_ids_world import denmark_cpr_ok, israel_tz_ok, luhn_valid, portugal_cc_ok
from calmdesk.triage.prefilter import AnyOf, Prefiltered, fold, gate_bit, index_answer

PiiType = Literal["credit_card", "email", "phone", "password", "iban", "national_id"]


@dataclass(frozen=True)
class PiiSpan:
    type: PiiType
    start: int
    end: int


_ANY_DIGIT = re.compile(r"\d")
_CARD = re.compile(r"(?<![\w-])(?:\d[ -]?){12,18}\d(?![\w-])")
_CARD_PREFIX = re.compile(r"^(4|5[1-5]|2[2-7]|3[47]|3[0689]|6011|65|64[4-9]|62|35)")
#: The national schemes, 16 digits or more (so a 13-digit id that passes Luhn is not one): Elo
#: (504175, 5067, 509, 636368, 636297, 6277, 6500-6509, 6516, 6550), RuPay (60, 508, 81, 82), Verve
#: (5060-5061), Maestro (5018, 5020, 5038, 5893, 6304, 6759, 6761-6763), Troy (9792).
_CARD_PREFIX_LONG = re.compile(r"^(50(?:18|20|38|4175|6[017]|8|9)|5893|60|63(?:04|6368|6297)|6277|650\d|6516|6550|67(?:59|6[1-3])|8[12]|9792)")
#: The tail of an IBAN ("DE44 5001 0517 ..."): its digits are no card.
_IBAN_HEAD = re.compile(r"[A-Z]{2}\d{2} ?$")
_NOT_CARD_LABEL = re.compile(
    r"(order|tracking|ref(erence)?|invoice|ticket|booking|case|parcel|shipment|confirmation|account no|"
    r"inquiry|enquiry|claim|complaint|request|membership|loyalty|receipt|"
    r"imei|serial|#|n[°º]|"
    # the same labels in the desk's other languages: a receipt or order number is not a phone
    r"commande|facture|dossier|colis|suivi|ticket de caisse|pedido|encomenda|factura|fatura|ordine|fattura|pratica|"
    r"bestelling|factuur|zending|bon|bestellnummer|bestellung|rechnung|sendung|auftrag|kundennummer|zam[óo]wieni[ae]|"
    r"faktur[ay]|paczk[ai]|przesy[łl]k[ai])\W{0,4}(no\.?|number|nr|id)?\W{0,3}$",
    re.I,
)
#: Product references ("article number 702.611.50", "item number 0612345001", "SKU 88120034"):
#: never a phone, even with "number" in the label.
_PRODUCT_LABEL = re.compile(
    r"\b(?:article|art\.|artikel|item|product|model|part|sku|ean|upc|barcode)\W{0,4}(?:no\.?|number|nr|id|#)?\W{0,3}$", re.I
)
_CARD_LABEL = re.compile(r"(card|visa|mastercard|amex|cc|credit|debit)\b[^.!?]{0,20}$", re.I)
#: Spelled-out addresses: "jo dot smith at gmail dot com", "jo[at]mail[dot]de". Found by
#: shape, then kept only when the "at" is bracketed or the domain spells a "dot", and the
#: domain ends in a top-level domain, so "ordered at amazon.com" is not an address.
_DOT_WORDS = r"(?:dot|ponto|punto|point|punkt|kropka|nokta|pont|точка|punt|te[čc]ka|bodka|piste|prikk|punktum|τελεία|крапка)"
_SPELLED_DOT = rf"(?:\s*[\[({{]{_DOT_WORDS}[\])}}]\s*|\s+{_DOT_WORDS}\s+|\.)"
_EMAIL_SPELLED = re.compile(
    rf"(?<![\w.+-])[A-Za-z0-9_%+-]+(?:{_SPELLED_DOT}[A-Za-z0-9_%+-]+){{0,4}}"
    r"(?P<at>\s*[\[({](?:at|arroba|ät)[\])}]\s*|\s+(?:at|arroba|chiocciola|arobase|ma[łl]pa|kukac|собака|"
    # the "@" of Dutch, Czech/Slovak, Greek, Swedish/Danish, Ukrainian/Russian and German
    r"apenstaartje|zavin[áa][čc]|zavin[áa]č|παπάκι|snabel-?a|r[åa]legr[øo]d|равлик|собачка|klammeraffe|ät)\s+)"
    rf"(?P<domain>[A-Za-z0-9-]+(?:{_SPELLED_DOT}[A-Za-z0-9-]+){{1,4}})(?![\w])",
    re.I,
)
_SPELLED_LABEL = re.compile(r"[A-Za-z0-9-]+$")
_DOT_WORD = re.compile(_DOT_WORDS, re.I)
#: A local part that reads as an address, not a word: letters joined by "." or "_" ("niamh.obrien", "jo_s").
_ADDRESS_LOCAL = re.compile(r"^[A-Za-z][A-Za-z0-9]*[._][A-Za-z0-9]")
#: Cheap gate for spelled addresses.
_SPELLED_HINTS = AnyOf(
    ("dot", "at]", "at)", "at}", "arroba", "ponto", "punto", "chiocciola", "arobase", "małpa", "malpa", "kukac", "собака",
     "ät)", "ät]", "apenstaartje", "zavin", "παπάκι", "snabel", "rålegrød", "ralegrod", "равлик", "собачка", "klammeraffe"),
    shared=True,
)
_SPELLED_FIRST = re.compile(r"[A-Za-z0-9_%+-]+")
#: A bare " at " runs the spelled-address pattern only between an address-like local part and a
#: dotted domain ("jo.smith at mail.com"): the pattern starts with its literal, the cheap part.
_DOTTED_AT = re.compile(r" at [A-Za-z0-9-]+\.[A-Za-z]")
_DOTTED_LOCAL = re.compile(r"[A-Za-z0-9][._][A-Za-z0-9]+$")


def _dotted_at(text: str) -> bool:
    return any(_DOTTED_LOCAL.search(text, max(0, m.start() - 40), m.start()) for m in _DOTTED_AT.finditer(text))
#: Words that start a phrase, not an address ("look at the dot com boom", "me at ...").
_SPELLED_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "my",
        "your",
        "our",
        "their",
        "his",
        "her",
        "this",
        "that",
        "these",
        "those",
        "home",
        "work",
        "me",
        "us",
        "you",
        "him",
        "them",
        "it",
        "look",
        "looking",
        "meet",
        "met",
        "arrived",
        "arrive",
        "arriving",
        "stay",
        "staying",
        "be",
        "am",
        "is",
        "are",
        "was",
        "were",
    ]
)
_TLDS = frozenset(
    [
        "com",
        "net",
        "org",
        "edu",
        "gov",
        "info",
        "biz",
        "io",
        "me",
        "co",
        "uk",
        "de",
        "fr",
        "es",
        "it",
        "nl",
        "be",
        "ie",
        "at",
        "ch",
        "pl",
        "pt",
        "se",
        "dk",
        "no",
        "fi",
        "us",
        "ca",
        "au",
        "nz",
        "in",
        "br",
        "mx",
        "jp",
        "ru",
        "cn",
        "kr",
        "za",
        "ar",
        "cl",
        "uy",
        "pe",
        "cz",
        "gr",
        "ro",
        "tr",
        "hu",
        "sk",
        "il",
    ]
)
_PHONE = re.compile(
    r"(?<![\w+])(?<!\d[.-])(?:"
    r"\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]?\d{2,4}){1,4}"  # +44 7700 900123
    r"|(?:1[\s.-]?)?\(\d{3}\)\s?\d{3}[\s.-]\d{4}"  # (555) 123-4567
    r"|(?:1[.-])?\d{3}[.-]\d{3}[.-]\d{4}"  # 555-123-4567, 1-800-555-0199
    r"|0\d{2,4}[\s.-]?\d{3,4}[\s.-]?\d{3,4}"  # 07700 900123, 020 7946 0958
    r"|0\d{2,3}[\s.-]\d{3}[\s.-]\d{2}[\s.-]\d{2}"  # 0532 418 27 63, 079 412 56 78
    r"|0\d(?:[\s.-]\d{2}){4}|0\d-\d{8}|\(0\d{1,4}\)\s?\d{3,4}[\s.-]?\d{3,4}"  # 06 12 34 56 78, 06-12345678, (02) 9876 5432
    r"|00[1-9]\d{0,2}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]?\d{2,8}){1,5}"  # 0049 30 12345678
    r"|\(\d{2,3}\)\s?\d{4,5}[\s.-]\d{4}"  # (11) 91234-5678
    r"|8(?:[\s-]9\d{2}|\s?\(9\d{2}\))[\s-]\d{3}[\s-]?\d{2}[\s-]?\d{2}"  # 8 912 448-20-17 (Russian/Kazakh trunk 8)
    r")(?![\w-])"
)
_PHONE_LABEL = re.compile(
    r"\b(call|ring|phone|tel|mobile|cell|number|text|whatsapp|reach me|contact me|landline|mob|m[óo]vil|celular|"
    r"telefone|tel[ée]fono|t[ée]l[ée]phone|telefono|handy|num[ée]ro|n[úu]mero|nummer|rappelez|appelez|ligue|"
    r"ll[áa]m\w*|anrufen|appel\w*|chiam\w*|"
    # short and local phone words ("cel", "tlf.", "tālr.", "κινητό", "手机", "電話") in more languages
    r"cel|celu|tlf|tfno|tfn|telf|t[āa]lr|t[āa]lrunis|mobil|mobiel|mobilni|mobiln[íi]|puh|puhelin|hp|wa|gsm|"
    r"kontaktn[íi]|telefonn[íi]|telefonsz[áa]m|broj|κινητό|τηλ|τηλέφωνο|тел|телефон|моб|мобильный|контактный|"
    r"手机|手機|电话|電話|联系电话|聯絡電話|携帯|電話番号|핸드폰|휴대폰|전화|เบอร์|फ़ोन|फोन|मोबाइल|جوال|هاتف|موبايل|"
    # the same words in it/pl/pt/nl/de/fr, and short forms ("nr", "tel.")
    r"cellulare|cellulaire|portable|telefonino|telem[óo]vel|m[óo]vel|nr|tel\.|telefon|telefonu|kom[óo]rk[aię]|"
    r"lig(?:a|ue)[mr]?(?:-me)?|ligar-me|chiam(?:ami|atemi)|richiam(?:ami|atemi)|bel(?:t)?|bellen|terugbellen|"
    r"zadzwo[nń]\w*|kontakt|contatto|contacto|contato|r[üu]ckruf|zur[üu]ckrufen|wpp|zap)(?:\b(?!\.)|\b(?<!\bnr)\.|(?<=\.))[^.!?\d]{0,20}$",
    re.I,
)
#: Digits that are a phone only when the words before say so: "my cell is 312 555 0143".
#: Local numbers without an area code count too ("555-0143", "867 5309", "4455 6677"): 7 to 12 digits in
#: groups of two to five.
_PHONE_BARE = re.compile(r"(?<![\w#+$£€.,:/-])\d{2,12}(?:[ .-]\d{2,8}){0,3}(?![\w-]|[.,:/]\d)")
#: A call word right AFTER the number ("98201 47735 पर कॉल करें", "090-1234-5678に電話", "로 전화").
_PHONE_LABEL_AFTER = re.compile(r"\s*(?:पर|पे|par|pe|に|へ|まで|로|으로)\s*(?:कॉल|call|फ़ोन|फोन|電話|連絡|전화|연락)")
# --- round 5 (train21): local phone plans, spelled-out phones, more not-a-phone labels -------
#: Call words of more languages, for a local number without its area code or a mobile in its
#: national grouping; CJK words run into the characters around them, so they need no word edge.
_PHONE_LABEL_R5 = re.compile(
    r"(?:(?<![^\W\d_])(?:zvaniet|zvani|zvanīt|ringe?|ring meg|ring mig|ringið|hringið|hringdu|hringja|s[íi]ma|"
    r"helistage|helista|helistada|zavolejte|zavolej|zavolajte|zavolaj|volajte|volejte|telefonujte|"
    r"soita|soittakaa|hívjon|hívjanak|h[íi]vjatok|sunaţi|sunați|suna[țţ]i-mă|pozovite|nazovite|nazovi|pokličite|"
    r"skambinkite|paskambinkite|dzwoń|zadzwońcie|звоніть|зателефонуйте|подзвоніть|позвоните|звоните|перезвоните|"
    r"καλέστε|πάρτε με|τηλέφωνο|ara(?:yın|yin)|telefon(?:um|numaram)|hubungi|telepon|gọi|điện thoại|"
    r"márqueme|márquenme|marqueme|marquenme|llámame|llámenme|chiamatemi|ligue-me|liguem|appelez-moi|"
    r"kontaktujte|kontakta|kontakt meg|kontakt mig)(?![^\W\d_])"
    r"|कॉल|फ़ोन|फोन|电话|電話|手机|手機|携帯|ケータイ|연락|전화|휴대폰|핸드폰)"
    r"[^.!?\d]{0,24}$",
    re.I,
)
_PHONE_LABEL_R5_AFTER = re.compile(r"\s*(?:です|に|へ|まで|로|으로|번으로|으로요|पर|पे)?\s*(?:電話|連絡|ください|전화|연락|कॉल|फ़ोन|फोन)")
#: A number in its national groups with anything but a letter, digit or sign around it (a CJK
#: particle may touch it: "010-4183-2976으로", "090-4182-7735です", "138 1047 2963，").
_PHONE_LOCAL = re.compile(r"(?<![0-9A-Za-z#+$£€.,:/-])\d{2,5}(?:[ .-]\d{2,5}){1,3}(?![0-9A-Za-z-]|[.,:/]\d)")
#: A Slovak (or other 09xx) mobile in its 4-3-3 groups, not the 0900 premium line.
_MOBILE_09 = re.compile(r"09(?:0[1-9]|[1-4]\d) \d{3} \d{3}")
#: Spain's, Poland's, Czechia's and Italy's 9-digit company lines (800 free, 900-902 shared cost).
_SERVICE_LINE_R5 = re.compile(r"(?:80[0-9]|90[0-2])[ .-]?\d{3}[ .-]?\d{3}")
#: The number of an order, a parcel, a carrier's tracking or a subscription in more languages.
_NOT_PHONE_R5 = re.compile(
    r"(?<![^\W\d_])(?:narud[žz]b\w*|objedn[áa]vk\w*|tilaus\w*|ordre\w*|ordrenr|pesanan|resi(?: [A-Z&]{2,6})?|awb|gls|dhl|"
    r"dpd|ups|fedex|usps|jne|omniva|postnord|hermes|inpost|abo|abonnement\w*|vertrag\w*|kundennr|contrat\w*|contract|"
    r"sendungs\w*|pakke\w*|paquete|rastreio|seguimiento|sp[åa]rning\w*|kolli\w*|z[áa]sielk\w*|z[áa]silk\w*|"
    r"sledov\w*|p[óo]liza|ap[óo]lice|polizza|policy|polis|factuur\w*|faktura\w*|lasku\w*|rēķin\w*|račun\w*|"
    r"izsekošana|jälgimis\w*|sekimo|takip|billet|bilet\w*|reserva\w*|prenotazione|boeking\w*|buchung\w*|"
    r"invoice|inv|serial|serienummer|seriennummer|imei|kundenummer|kundnummer|asiakasnumero)"
    r"\W{0,4}(?:nummer|number|nr|no|n[°º]|broj|[čc][íi]slo|numero|n[úu]mero|numer)?\.?\W{0,3}$"
    # the same in CJK and Hindi, which need no word edge: order, waybill, tracking, parcel
    r"|(?:주문|운송장|송장|택배|注文|伝票|追跡|订单|訂單|运单|運單|快递单|單號|单号|ऑर्डर|ट्रैकिंग)\s*(?:번호|番号|号码|號碼|号|號|नंबर)?\W{0,3}$",
    re.I,
)
#: A company's own line named as such right before or after the number ("Klantenservice 088 200
#: 6000", "900 100 200 (vuestro número de atención)").
_SERVICE_BEFORE_R5 = re.compile(
    r"(?:customer (?:service|care|support)|helpline|hotline|call cent(?:er|re)|support line|klantenservice|"
    r"kundenservice|kundendienst|kundeservice|kundeservicen|kundtj[äa]nst|asiakaspalvelu|servicio al cliente|"
    r"atenci[óo]n al cliente|service client|servizio clienti|assistenza clienti|atendimento|infolinia|"
    r"z[áa]kaznick[áa] linka|ügyfélszolgálat)\W{0,3}$",
    re.I,
)
_SERVICE_AFTER_R5 = re.compile(
    r"\s*(?:\(\s*|(?:is|es|est|ist|è|é|er|är)\s+)(?:your|vuestro|vuestra|su|jullie|euer|eure|ihre|votre|vostro|vostra|seu|"
    r"sua|jeres|deres|er|waszy?)\s+(?:own\s+)?(?:n[úu]mero|number|nummer|num[ée]ro|numero|hotline|line|l[íi]nea|linha|"
    r"linje|linea)",
    re.I,
)


def _not_phone_r5(text: str, start: int, end: int, group: str) -> bool:
    """Whether a phone-shaped number is a company line, an order or a parcel (round 5)."""
    before = text[max(0, start - 30) : start]
    return (
        (_SERVICE_LINE_R5.fullmatch(group) is not None and sum(c.isdigit() for c in group) == 9)
        or _NOT_PHONE_R5.search(before) is not None
        or _SERVICE_BEFORE_R5.search(before) is not None
        or _SERVICE_AFTER_R5.match(text, end) is not None
    )


_PHONE_R5_HINTS = AnyOf(
    ("zvan", "ring meg", "ring mig", "ringe meg", "ringe mig", "ringið", "hringi", "hringdu", "síma", "helist", "zavol", "volajte", "volejte",
     "telefonujte", "soita", "hívj", "sunați", "sunaţi", "sunati", "pozovite", "nazov", "poklič", "skambin", "dzwoń",
     "звон", "зателефон", "подзвон", "позвон", "καλέστε", "πάρτε", "τηλέφωνο", "arayın", "arayin", "telefonum",
     "telefon numaram", "hubungi", "telepon", "gọi", "điện thoại", "márque", "marque", "llám", "chiamatemi",
     "ligue", "appelez", "kontakt", "कॉल", "फ़ोन", "फोन", "电话", "電話", "手机", "手機", "携帯", "ケータイ",
     "연락", "전화", "휴대폰", "핸드폰"),
    shared=True,
)


def _local_phones(text: str, lower: str, folded: str) -> list[PiiSpan]:
    """Numbers in a national plan's groups after (or, in CJK and Hindi, before) a call word of
    more languages (round 5; the caller has checked that one of `_PHONE_R5_HINTS` occurs)."""
    out: list[PiiSpan] = []
    for m in _PHONE_LOCAL.finditer(text):
        group = m.group()
        n_digits = sum(c.isdigit() for c in group)
        if not 7 <= n_digits <= 12:
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        if not (_PHONE_LABEL_R5.search(before) or _PHONE_LABEL_R5_AFTER.match(text, m.end())):
            continue
        if _SERVICE_LINE.match(group) and not _MOBILE_09.fullmatch(group):
            continue
        if _NOT_CARD_LABEL.search(before[-30:]) or _PRODUCT_LABEL.search(before[-30:]) or _not_phone_r5(text, m.start(), m.end(), group):
            continue
        if _DATE.fullmatch(group):
            continue
        out.append(PiiSpan("phone", m.start(), m.end()))
    return out
#: Digits spelled out as words (a customer who will not type the number): English, Spanish,
#: Italian, Portuguese, French and German, with "oh" and "double"/"triple" in English.
_DIGIT_WORDS: dict[str, str] = {}
for _digit, _names in enumerate(
    (
        "zero oh cero zéro zero null nul",
        "one uno un une um uma eins",
        "two dos due deux dois duas zwei zwo",
        "three tres tre trois três drei",
        "four cuatro quattro quatre quatro vier",
        "five cinco cinque cinq fünf",
        "six seis sei sechs",
        "seven siete sette sept sete sieben",
        "eight ocho otto huit oito acht",
        "nine nueve nove neuf neun",
    )
):
    for _name in _names.split():
        _DIGIT_WORDS[_name] = str(_digit)
#: Spanish, Italian, Portuguese and English tens, for numbers read in pairs ("cincuenta y cinco").
_TENS_WORDS = {
    "veinte": 2, "treinta": 3, "cuarenta": 4, "cincuenta": 5, "sesenta": 6, "setenta": 7, "ochenta": 8, "noventa": 9,
    "venti": 2, "trenta": 3, "quaranta": 4, "cinquanta": 5, "sessanta": 6, "settanta": 7, "ottanta": 8, "novanta": 9,
    "vinte": 2, "trinta": 3, "quarenta": 4, "cinquenta": 5, "sessenta": 6, "oitenta": 8,
    "twenty": 2, "thirty": 3, "forty": 4, "fifty": 5, "sixty": 6, "seventy": 7, "eighty": 8, "ninety": 9,
}  # fmt: skip
_REPEAT_WORDS = {"double": 2, "triple": 3, "doble": 2, "doppio": 2}
_SPELLED_TOKEN = re.compile(r"[^\W\d_]+|[^\w\s]")
#: Words that may join the digits of one number ("cincuenta y cinco", "vinte e dois").
_SPELLED_JOIN = frozenset(("y", "e", "and", "und"))
#: Gates: a digit word that ordinary words do not contain, and a call word.
_SPELLED_PHONE_HINTS = AnyOf(
    ("seven", "nine", "siete", "ocho", "nueve", "sette", "otto", "neuf", "huit", "sieben", "neun", "oito", "cuatro",
     "quattro", "quatre", "zero", "cero"),
    shared=True,
)
_SPELLED_CALL_HINTS = AnyOf(
    ("call", "ring", "phone", "text", "whatsapp", "reach", "number", "cell", "mobile", "llam", "llám", "márq", "marq", "número",
     "numero", "teléf", "telef", "celular", "chiam", "cellulare", "ligu", "appel", "numéro", "anruf", "ruf"),
    shared=True,
)
_SPELLED_CALL = re.compile(
    r"(?:call|ring|phone|text|whatsapp|reach|number|cell|mobile|ll[áa]m\w*|m[áa]rq\w*|n[úu]mero|tel[ée]fono|celular|chiam\w*|"
    r"telefon\w*|cellulare|numero|ligu\w*|appel\w*|num[ée]ro|anruf\w*|ruf)",
    re.I,
)


def _spelled_phones(text: str) -> list[PiiSpan]:
    """A phone read out in words after a call word: "ring me back? oh seven seven double oh, nine
    double oh, eight three one", "márquenme: cincuenta y cinco, cuatro uno ocho dos, ..." (7 to 15
    digits in one run of number words, commas and hyphens allowed between them)."""
    out: list[PiiSpan] = []
    run_start = run_end = -1
    digits = 0
    repeat = 1
    pending_tens = False

    def close() -> None:
        if 7 <= digits <= 15 and _SPELLED_CALL.search(text, max(0, run_start - 60), run_start):
            out.append(PiiSpan("phone", run_start, run_end))

    for m in _SPELLED_TOKEN.finditer(text):
        word = m.group().lower()
        if word in _DIGIT_WORDS:
            if pending_tens:
                pending_tens = False  # "cincuenta y cinco": one digit more than the tens word gave
            else:
                digits += repeat
            repeat = 1
        elif word in _TENS_WORDS:
            digits += 2
            pending_tens = True
            repeat = 1
        elif word in _REPEAT_WORDS:
            repeat = _REPEAT_WORDS[word]
            if run_start < 0:
                run_start = m.start()
            continue
        elif run_start >= 0 and (word in (",", "-") or word in _SPELLED_JOIN and pending_tens):
            continue
        else:
            if run_start >= 0:
                close()
            run_start, digits, repeat, pending_tens = -1, 0, 1, False
            continue
        if run_start < 0:
            run_start = m.start()
        run_end = m.end()
    if run_start >= 0:
        close()
    return out

#: A Brazilian CPF, written with its dots and dash; its two check digits decide.
#: A company's own line, never a customer's: toll-free and shared-cost numbers (UK 0800/0808/03xx/084x/087x,
#: US 1-800/888/877/866/855/844/833, DE/FR/ES/IT/NL 0800/0900/0805/900/800 ...), written with or without "1-".
#: (A Pakistani mobile, "0301 4728193", is 03xx and one group of seven: not a UK 03 line.)
_SERVICE_LINE = re.compile(r"(?:0(?:80[0-9]|3[0-7]\d(?![\s.-]\d{7}(?!\d))|84[0-9]|87[0-9]|90[0-9])|(?:\+?1[\s.-]?)?\(?8(?:00|88|77|66|55|44|33)\)?[\s.-])")
_CPF = re.compile(r"(?<![\w.-])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\w-])")
_PASSWORD = re.compile(
    r"\b(?:password|passwd|pwd|pword|pw|p/w|passphrase|passcode|pass code|(?<!boarding )(?<!bus )pass(?=\s*[:=])|"
    r"pin(?: code| number| no\.?| ?#)?|login|"
    r"contrase[ñn]a|mot de passe|mdp|passwort|kennwort|wachtwoord|senha|has[łl]o|salasana|l[öo]senord|passord|"
    r"[şs]ifre(?:m|miz|si)?|heslo|kata ?sandi(?:nya| saya)?)"
    r"(?:'s|’s)?(?:\s+(?:i|we) (?:use|used|set|have|chose))?\s*"
    r"(?:(?:is|was|to|es|era|est|ist|lautet|war|é|è|jest|er|är|je|este|adalah)\b|=|:|-)?\s*"
    r"(?:now\s+)?[\"'“]?(?P<secret>[^\s\"'”,;]{3,64})",
    re.I,
)
_PASSWORD_SEPARATOR = re.compile(r"\b(?:is|was|to|es|era|est|ist|lautet|war|é|è|jest|er|är|je|este|adalah)\b|[=:-]|['’]s\b")
_PASSWORD_LABEL = re.compile(
    r"password|passwd|pwd|pw|pword|passphrase|passcode|pass|pin|login|contrase[ñn]a|mdp|passwort|kennwort|wachtwoord|"
    r"senha|has[łl]o|salasana|l[öo]senord|passord|[şs]ifre\w*|heslo|kata ?sandi\w*"
)
#: Cheap gate: one of these in the lower-cased post before the password regex runs.
_PASSWORD_HINTS = ("pass", "pw", "p/w", "pin", "login", "contrase", "mdp", "kennwort", "wachtwoord", "senha", "hasł", "haslo", "salasana", "senord", "passord", "şifre", "sifre", "heslo", "sandi")
_PASSWORD_HINTS_ANY = AnyOf(_PASSWORD_HINTS, shared=True)
_PASSWORD_STOP = {
    "reset",
    "the",
    "and",
    "not",
    "for",
    "you",
    "your",
    "my",
    "was",
    "has",
    "been",
    "is",
    "isn't",
    "doesn't",
    "won't",
    "again",
    "page",
    "link",
    "field",
    "changed",
    "change",
    "works",
    "working",
    "expired",
    "wrong",
    "incorrect",
    "correct",
    "forgot",
    "forgotten",
    "but",
    "still",
    "every",
    "keeps",
    "email",
    "anymore",
    "now",
    "that",
    "this",
    "without",
    "with",
    "screen",
    "request",
    "details",
    "code",
    "number",
    "into",
    "to",
    "in",
    "on",
    "at",
    "it",
    "or",
    "so",
    "just",
    "even",
    "after",
    "before",
    "because",
    "when",
    "twice",
    "manager",
    # what follows the password words in the desk's other languages when no secret does
    # ("la contraseña es incorrecta", "mot de passe est faux", "Passwort ist abgelaufen")
    "incorrecta",
    "incorrecto",
    "incorrecte",
    "errónea",
    "errada",
    "errado",
    "sbagliata",
    "errata",
    "falsch",
    "faux",
    "fausse",
    "fout",
    "onjuist",
    "błędne",
    "nieprawidłowe",
    "inválida",
    "válida",
    "invalide",
    "ungültig",
    "correcta",
    "correcte",
    "correcto",
    "richtig",
    "juste",
    "bon",
    "bonne",
    "mauvais",
    "abgelaufen",
    "expirée",
    "caducada",
    "caducó",
    "scaduta",
    "verlopen",
    "nueva",
    "nuevo",
    "nouveau",
    "neues",
    "nuova",
    "nieuw",
    "nowe",
    "nova",
    "novo",
    "olvidada",
    "oublié",
    "vergessen",
    "vergeten",
    "dimenticata",
    "la",
    "el",
    "le",
    "les",
    "der",
    "die",
    "das",
    "il",
    "de",
    "het",
    "een",
    "un",
    "une",
    "ein",
    "eine",
    "mi",
    "mon",
    "ma",
    "mein",
    "meine",
    "mio",
    "mia",
    "mijn",
    "moje",
    "minha",
    "nie",
    "no",
    "não",
    "ne",
    "pas",
    "nicht",
    "niet",
    "non",
    "que",
    "qui",
    "dass",
    "che",
    "dat",
    "se",
    "si",
    "ya",
    "déjà",
    "schon",
    "già",
    "al",
    "já",
    "już",
}
_IBAN = re.compile(r"\b[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,3})?\b")
_IBAN_LENGTHS = {
    "AD": 24,
    "AT": 20,
    "BE": 16,
    "BG": 22,
    "CH": 21,
    "CY": 28,
    "CZ": 24,
    "DE": 22,
    "DK": 18,
    "EE": 20,
    "ES": 24,
    "FI": 18,
    "FR": 27,
    "GB": 22,
    "GR": 27,
    "HR": 21,
    "HU": 28,
    "IE": 22,
    "IS": 26,
    "IT": 27,
    "LI": 21,
    "LT": 20,
    "LU": 20,
    "LV": 21,
    "MC": 27,
    "MT": 31,
    "NL": 18,
    "NO": 15,
    "PL": 28,
    "PT": 25,
    "RO": 24,
    "SE": 24,
    "SI": 19,
    "SK": 24,
    "SM": 27,
    "TR": 26,
}
_SSN = re.compile(r"(?<![\w-])(\d{3})-(\d{2})-(\d{4})(?![\w-])")
_SSN_LABELLED = re.compile(
    r"(?:\b|(?=[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]))(?:ssn|social security(?: number| no\.?)?|social insurance(?: number| no\.?)?|sin(?: number| no\.?)?|"
    r"national id(?:entity)?(?: number| no\.?| card)?|national insurance(?: number| no\.?)?|ni number|nino|"
    r"tax id|tax file number|tfn|passport(?: number| no\.?)?|id number|id card(?: number| no\.?)?|"
    r"identity (?:card |document )?(?:number|no\.?)|dni|nie|nif|aadhaa?r(?: number| no\.?| card)?|bsn|pesel|cpf|"
    r"personnummer|codice fiscale|pps(?: number| no\.?)?|"
    # ids named by their own country's word: the name is specific enough without a check digit
    r"steuer-?id|steueridentifikationsnummer|cpr(?:-nummer| nr\.?| number)?|curp|f[øo]dselsnummer|rijksregisternummer|"
    r"insz|henkil[öo]tunnus|hetu|burgerservicenummer|nuss|ahv(?:-nummer)?|ppsn|n[°º] de s[ée]cu(?:rit[ée] sociale)?|"
    # passports, driving licences, residence permits and voter cards, in the desk's languages
    r"reisepass(?:nummer|-?nr\.?)?|passeport(?: n[°º]| num[ée]ro)?|pasaporte(?: n[°º]| n[úu]mero)?|"
    r"n[°º] de pasaporte|passaporte|passaporto(?: n\.?| numero)?|paspoort(?:nummer)?|paszport(?:u)?(?: nr\.?)?|"
    r"pasaport(?: no\.?| numaras[ıi])?|паспорт(?:а)?|driv(?:ing|er'?s?) licen[cs]e(?: number| no\.?| #)?|"
    r"licen[cs]e (?:number|no\.?|#)|(?-i:DL)(?: no\.?| number)?|f[üu]hrerschein(?:nummer|-?nr\.?)?|permis de conduire|"
    r"permiso de conducir|carn[ée] de conducir|rijbewijs(?:nummer)?|praw[oa] jazdy(?: nr\.?)?|patente(?: n\.?)?|"
    r"carteira de motorista|cnh|brp(?: number| no\.?)?|residence (?:permit|card)(?: number| no\.?)?|"
    r"aufenthaltstitel(?:nummer)?|titre de s[ée]jour|voter id(?: number| no\.?| card)?|epic(?: number| no\.?)|"
    r"carta d'identit[àa](?: n\.?| numero)?|permesso(?: di soggiorno)?|permis(?![a-z])|passnummer|pass-nr\.?|"
    # US immigration (the A-number of a green card) and the passports and residence cards of Japan,
    # China and Korea in their own script
    r"a-number|a-#|alien (?:registration )?(?:number|no\.?)|uscis (?:number|no\.?|#)|"
    r"在留カード(?:番号)?|旅券番号|パスポート(?:番号)?|护照(?:号码|号)?|護照(?:號碼|號)?|여권(?:\s?번호)?)"
    r"(?:\s*(?:n\.?\s?[º°]|nr\.|no\.))?"
    r"\s*(?:is|es|est|ist|er|är|è|é|:|=|-|#|は|：)?\s*\(?(?P<id>[A-Za-z0-9][A-Za-z0-9 /-]{5,18}[A-Za-z0-9])",
    re.I,
)
#: An SSN written with spaces or none, after "ssn" or "social": "my social 412 67 2093".
_SSN_SPACED = re.compile(
    r"\b(?:ssn|social(?: security)?(?: number| no\.?| #)?)\s*(?:is|:|=|-|#)?\s*"
    r"(?P<id>(\d{3})[ .]?(\d{2})[ .]?(\d{4}))(?![\w-])",
    re.I,
)
#: Cheap gates for the labelled ids: words found by `in`, acronyms by one small regex.
_ID_WORDS = (
    "ssn",
    "social",
    "national",
    "passport",
    "tax id",
    "tax file",
    "id number",
    "ni number",
    "nino",
    "id card",
    "identity",
    "aadha",
    "आधार",
    "pesel",
    "personnummer",
    "codice",
    "steuer",
    "cpr",
    "curp",
    "dselsnummer",
    "rijksregister",
    "henkil",
    "hetu",
    "burgerservice",
    "nuss",
    "ahv",
    "ppsn",
    "pass",
    "paspo",
    "paszpo",
    "pasapo",
    "паспорт",
    "licen",
    "hrerschein",
    "permis",
    "conducir",
    "rijbewijs",
    "prawo jazdy",
    "prawa jazdy",
    "patente",
    "motorista",
    "cnh",
    "brp",
    "residence",
    "aufenthalt",
    "séjour",
    "sejour",
    "voter",
    "epic",
    "identit",
    "permesso",
    "a-number",
    "a-#",
    "alien",
    "uscis",
    "在留",
    "旅券",
    "パスポート",
    "护照",
    "護照",
    "여권",
)
_ID_WORDS_ANY = AnyOf(_ID_WORDS, shared=True)
_ID_ACRONYM = re.compile(r"(?:sin|dni|nie|nif|bsn|cpf|pps|tfn)\b")
#: Its words, looked up in the shared index (one of them is in every post it matches).
_ID_ACRONYM_ANY = AnyOf(("sin", "dni", "nie", "nif", "bsn", "cpf", "pps", "tfn"), shared=True)
#: Id words of other countries and the bare "ID no": the number after them counts only when it
#: passes some national id check (`national_ids.checked_id`), since "ID" also labels orders.
#: The look-ahead holds the first letter of every label: `re` tries the labels one by one at
#: every word boundary, and most boundaries (word ends, other first letters) now fail at once
#: (~20 us on each of the fifth of posts whose strings let the pattern run; same matches).
_ID_CHECKED_LABEL = re.compile(
    r"\b(?=[abcdfhimnprsआ])(?:id(?:entity|entification)?(?: card| document)?\s*(?:no\.?|nr\.?|number|num|#|:)|my id(?:entity)?(?: card)?(?:\s*(?:no\.?|nr\.?|number|num|#))?|rut|"
    r"s[ée]cu(?:rit[ée] sociale)?|nir|insee|f[øo]dselsnummer(?:et)?|personnummer(?:et)?|personnr|cpr(?:-nummer| nr\.?)?|"
    r"rijksregisternummer|insz|henkil[öo]tunnus|hetu|pesel|bsn|burgerservicenummer|nif|nie|dni|nuss|contribuinte|"
    r"codice fiscale|c\.?f\.?|c[ée]dula|documento|identidade|ausweis(?:nummer)?|steuer-?id|carta d'identit[àa]|"
    r"sin|nas|aadhaa?r|आधार(?: नंबर| संख्या| कार्ड)?|national (?:number|id(?:entity)?(?: number| no\.?)?)|"
    # abbreviations of the Nordic birth numbers ("fødselsnr", "mitt pnr")
    r"f[øo]dselsnr\.?|pnr)"
    r"\s*(?:is|es|est|ist|é|è|:|=|-|#|,|—|–)?\s*\(?(?P<id>[A-Za-z0-9](?:[A-Za-z0-9]|[ .-](?=[A-Za-z0-9])){5,20})?",
    re.I,
)
#: Run only on posts that hold one of the label's words (the shared prefilter index, exact).
_ID_CHECKED_CHECKED = Prefiltered(_ID_CHECKED_LABEL, 6)
#: The same for the ids of Turkey, Romania, Czechia, the NHS, Singapore and Korea (test10 round):
#: a pattern of its own, run only when one of its words occurs, so other posts do not pay for it.
_ID_CHECKED_LABEL_MORE = re.compile(
    r"(?:\b(?:t\.?c\.? )?kimlik(?: no\.?(?:['’]?s[ıiu])?| numaras[ıi](?:m|n)?)?|\btckn|\bcnp(?:-?ul)?(?: meu)?|\brodn[ée] [čc][íi]slo|"
    r"\bnhs (?:number|no\.?)|\bnric|주민(?:등록)?번호|\brrn|(?-i:\bT\.?C\.?)(?= ?\d))"
    r"\s*(?:is|es|est|ist|é|è|:|=|-|#|,|—|–)?\s*\(?(?P<id>[A-Za-z0-9](?:[A-Za-z0-9]|[ .-](?=[A-Za-z0-9])){5,20})?",
    re.I,
)
_ID_MORE_HINTS = ("kimlik", "tckn", "cnp", "rodn", "nhs", "nric", "주민", "rrn")
_ID_MORE_ANY = AnyOf(_ID_MORE_HINTS, shared=True)
_WORDS_AFTER = Prefiltered(WORDS_AFTER)
#: Their bits in the shared index's answer: `find_pii` takes a post's answer once and tests
#: them itself, calling a gate only where its bit is there (a call per gate cost ~0.15 us).
_SPELLED_BIT, _ID_WORDS_BIT, _ID_ACRONYM_BIT, _ID_MORE_BIT, _PASSWORD_BIT, _WORDS_AFTER_BIT = (
    gate_bit(g)
    for g in (_SPELLED_HINTS, _ID_WORDS_ANY, _ID_ACRONYM_ANY, _ID_MORE_ANY, _PASSWORD_HINTS_ANY, _WORDS_AFTER)
)
if not all((_SPELLED_BIT, _ID_WORDS_BIT, _ID_ACRONYM_BIT, _ID_MORE_BIT, _PASSWORD_BIT, _WORDS_AFTER_BIT)):
    raise RuntimeError("a gate of find_pii is not in the shared index: its bit test would skip it")
_HAS_DIGIT_FIRST_WORD = re.compile(r"[^\s]*\d")
#: A date is no licence number ("prawo jazdy 12/03/2024").
_DATE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")
_UK_NINO = re.compile(r"\b[A-CEGHJ-PR-TW-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b")

#: Exact gates, each a necessary condition of every match of the patterns it guards, written to
#: start with a digit so that `re` skips straight to the post's digits instead of trying the full
#: pattern (with its look-behinds and letter runs) at every position. Every post with a reference
#: number has digits, so the digit-count thresholds alone let almost every pattern run.
#: What follows the first digit in each gate (each gate is a digit, then this).
_RUN7_AFTER = r"(?:[\s.()+-]*\d){6}"
_IBAN_AFTER = r"(?<=[A-Za-z]{2}\d)\d"
_UK_NINO_AFTER = r"(?<=[A-CEGHJ-PR-TW-Z]{2}\d)|(?<=[A-CEGHJ-PR-TW-Z]{2} \d)"
_UNLABELLED_AFTER = r"(?i:(?<=[A-Z]{6}\d)\d|(?<=[STFGXYZ-]\d)\d{6}|\d{5}[-+A/]|\d{7}|\d?\.\d\d\d?\.| \d\d \d\d )"
#: Seven digits with only spaces, dots, dashes, brackets or plus signs between them: every card,
#: SSN, CPF and phone (`_PHONE`, `_PHONE_BARE`) that is kept has at least seven digits and nothing
#: else but those separators.
_DIGIT_RUN7 = re.compile(r"\d" + _RUN7_AFTER)
#: Two letters then two digits: the start of every IBAN.
_IBAN_GATE = re.compile(r"\d(?:" + _IBAN_AFTER + ")")
#: Two of the NINO's prefix letters, maybe a space, then a digit.
_UK_NINO_GATE = re.compile(r"\d(?:" + _UK_NINO_AFTER + ")")
#: What each shape of `national_ids.UNLABELLED` holds: six letters and two digits (codice fiscale),
#: an S/T/F/G/X/Y/Z or dash and seven digits (NRIC, NIE), six digits and "-", "+", "A" or "/"
#: (henkilötunnus, Korean RRN, rodné číslo), eight digits (DNI), dotted groups (RUT, Belgian
#: number), or the NIR's printed groups.
_UNLABELLED_GATE = re.compile(r"\d(?:" + _UNLABELLED_AFTER + ")")
#: Any of the four: one scan that most posts (a reference number and nothing like these) fail,
#: so they pay for one search, not four.
_ANY_DIGIT_SHAPE = re.compile(r"\d(?:" + "|".join((_RUN7_AFTER, _IBAN_AFTER, _UK_NINO_AFTER, _UNLABELLED_AFTER)) + ")")
#: Byte 1 for an ASCII digit, 0 for every other byte.
_DIGIT_MARKS = bytes(1 if 0x30 <= b <= 0x39 else 0 for b in range(256))


def _digits(text: str) -> tuple[int, int]:
    """How many `\\d` the post holds, and the position of the first (0 where unknown or none).

    For ASCII text both come from one translation of its bytes (no regex scan); the gates then
    search from the first digit, since each of their matches starts with one (their look-behinds
    still see the text before it)."""
    if text.isascii():
        marks = text.encode("ascii").translate(_DIGIT_MARKS)
        return marks.count(1), max(marks.find(1), 0)
    return len(_ANY_DIGIT.findall(text)), 0


#: The card check (one Luhn for the whole triage package: national ids use it too).
luhn_ok = luhn_valid


def iban_ok(candidate: str) -> bool:
    s = candidate.replace(" ", "").upper()
    if _IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    moved = s[4:] + s[:4]
    try:
        number = int("".join(str(int(c, 36)) for c in moved))
    except ValueError:
        return False
    return number % 97 == 1


def _id_end(text: str, m: re.Match[str]) -> int:
    """End of a labelled id without the words the pattern ran into ("48291736Q just to ...")."""
    start, end = m.start("id"), m.end("id")
    if end < len(text) and text[end].isalnum():  # cut inside a word: drop that word
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    while True:
        value = text[start:end].rstrip(" -")
        last = value.rsplit(" ", 1)[-1]
        if " " not in value or not (last.isalpha() and len(last) >= 2):
            return start + len(value)
        end = start + len(value) - len(last)


def _iban_end(text: str, m: re.Match[str]) -> int | None:
    """Where the IBAN ends: after as many characters as its country uses, so a word that
    follows ("BE68 5390 0754 7034 after") is not read as one more group."""
    want = _IBAN_LENGTHS.get(m.group()[:2].upper())
    if want is None:
        return None
    seen = 0
    for i in range(m.start(), m.end()):
        if text[i] != " ":
            seen += 1
            if seen == want:
                end = i + 1
                return end if end == len(text) or not text[end].isalnum() else None
    return None


def _spelled_emails(text: str) -> list[PiiSpan]:
    out: list[PiiSpan] = []
    pos = 0
    while (m := _EMAIL_SPELLED.search(text, pos)) is not None:
        domain = m.group("domain")
        tld = _SPELLED_LABEL.search(domain)
        spelled = "[" in m.group("at") or "(" in m.group("at") or "{" in m.group("at")
        spelled = spelled or _DOT_WORD.search(domain) is not None
        # a written "@" word of another language, or an address-like local part ("jo.smith at mail.com")
        spelled = spelled or m.group("at").strip().lower() != "at" or _ADDRESS_LOCAL.search(m.group()[: m.start("at") - m.start()]) is not None
        local = _SPELLED_FIRST.match(m.group()).group().lower()  # type: ignore[union-attr]
        first = _SPELLED_FIRST.match(domain).group().lower()  # type: ignore[union-attr]
        if (
            spelled
            and tld is not None
            and tld.group().lower() in _TLDS
            and local not in _SPELLED_STOP
            and first not in _SPELLED_STOP
            and not first.isdigit()
        ):
            out.append(PiiSpan("email", m.start(), m.end()))
            pos = m.end()
        else:
            # "me at jo dot smith at gmail dot com": retry from the next word.
            nxt = re.search(r"\s", text[m.start() :])
            pos = m.start() + (nxt.end() if nxt else len(text) - m.start())
    return out


#: Cards `_CARD` does not see (round 5): groups of four joined by dots ("5449.4683.6239.1341"), and
#: any card touching CJK text ("银联卡号6256 8685 1093 9737被"), where `\w` runs into the number.
_CARD_R5 = re.compile(
    r"(?<![0-9A-Za-z.,-])(?:\d{4}(?P<sep>[ .-]?)\d{4}(?P=sep)\d{4}(?P=sep)\d{4}(?:(?P=sep)\d{1,3})?|\d{4} \d{6} \d{4,5})"
    r"(?![0-9A-Za-z-]|[.,]\d)"
)


#: Gate for the dotted groups (ASCII posts): four digits, a dot, four digits, a dot.
_DOTTED_CARD_GATE = re.compile(r"\d{4}\.\d{4}\.")


def _cards_r5(text: str) -> list[PiiSpan]:
    """The checks of the card loop in `find_pii` (Luhn, issuer prefix, no IBAN or order label)."""
    out: list[PiiSpan] = []
    for m in _CARD_R5.finditer(text):
        if m.group("sep") not in (".", None) and m.group().isascii() and text.isascii():
            continue  # the plain forms are `_CARD`'s
        digits = re.sub(r"\D", "", m.group())
        if not (13 <= len(digits) <= 19 and luhn_ok(digits)):
            continue
        if not (_CARD_PREFIX.match(digits) or len(digits) >= 16 and _CARD_PREFIX_LONG.match(digits)):
            continue
        if _IBAN_HEAD.search(text, max(0, m.start() - 5), m.start()):
            continue
        before = text[max(0, m.start() - 30) : m.start()]
        if _NOT_CARD_LABEL.search(before) and not _CARD_LABEL.search(before):
            continue
        out.append(PiiSpan("credit_card", m.start(), m.end()))
    return out


#: Round 5: ids whose country's word may stand anywhere in the post, each in its printed shape and
#: with its check: (the words, the shape, the check of the value without separators).
_IDS_R5: tuple[tuple[re.Pattern[str], re.Pattern[str], Callable[[str], bool]], ...] = (
    # Denmark: CPR, DDMMYY-SSSS (a real date; the number is what MitID and the health card show)
    (
        re.compile(r"(?<![^\W\d_])(?:cpr\w*|mitid|nemid|sundhedskort\w*|sygesikrings\w*|personnummer\w*)", re.I),
        re.compile(r"(?<![\w-])\d{6}-\d{4}(?![\w-])"),
        denmark_cpr_ok,
    ),
    # Canada: SIN, 3-3-3 and the Luhn check ("SIN" in capitals: "sin" is a word)
    (
        re.compile(r"(?-i:\bSIN\b)|\bsocial insurance\b|(?-i:\bNAS\b)|\bassurance sociale\b", re.I),
        re.compile(r"(?<![\w-])\d{3}([ -])\d{3}\1\d{3}(?![\w-])"),
        canada_sin_ok,
    ),
    # Israel: Teudat Zehut, 9 digits, the Luhn check, after a Hebrew id or National Insurance word
    (
        re.compile(r"תעודת ה?זהות|מספר זהות|ת\.ז|ת[\"״]ז|ביטוח (?:ה)?לאומי|\bteudat zehut\b"),
        re.compile(r"(?<!\d)\d{9}(?!\d)"),
        israel_tz_ok,
    ),
    # the US: an SSN in its 3-2-4 groups with spaces, with "social"/"SSN" anywhere ("829 54 9774, which is my social")
    (
        re.compile(r"\bssn\b|\bsocial security\b|\bmy social\b", re.I),
        re.compile(r"(?<![\w-])(\d{3}) (\d{2}) (\d{4})(?![\w-])"),
        lambda d: _ssn_ok(d[:3], d[3:5], d[5:]),
    ),
    # Portugal: Cartão de Cidadão, 8 digits, check, two letters, check ("32638446 4 GB4")
    (
        re.compile(r"cart[ãa]o de cidad[ãa]o|n\.?[º°] (?:de )?documento", re.I),
        re.compile(r"(?<![\w-])\d{8} ?\d ?[A-Z]{2} ?\d(?![\w-])"),
        portugal_cc_ok,
    ),
)
_IDS_R5_HINTS = AnyOf(
    ("cpr", "mitid", "nemid", "sundhedskort", "sygesikring", "personnummer", "social insurance", "assurance sociale",
     "זהות", "ת.ז", "ת\"ז", "ת״ז", "לאומי", "teudat", "ssn", "social security", "my social", "cidad", "documento"),
    shared=True,
)
#: "ID" in capitals right before a number of 11 digits or more that passes a check of a format
#: with a date or two check digits (a South African id, "ID 640207 1518 080"); shorter numbers
#: after a bare "ID" are order ids as often as not.
_BARE_ID_R5 = re.compile(r"(?-i:\bID\b)\s*(?:no\.?|nr\.?|#|:)?\s*(?P<id>\d[\d ]{9,17}\d)(?![\w-])")


#: A number named as a file, case or policy before or after it ("file 512 889 231 is the case number").
_NOT_ID_BEFORE_R5 = re.compile(r"\b(?:file|case|claim|ticket|policy|account|contract|customer|member|transaction|payment|order|booking|tracking|reference|ref|invoice|session|device|user|request|merchant|store|product)\W{0,3}(?:no\.?|number|nr\.?|#)?\W{0,3}$", re.I)
_NOT_ID_AFTER_R5 = re.compile(
    r"\W{0,3}(?:is|was|=)?\s*(?:the|my|our|your|a)?\s*(?:case|order|file|ticket|reference|claim|tracking|account|policy|invoice)\b",
    re.I,
)


def _ids_r5(text: str, lower: str, folded: str) -> list[PiiSpan]:
    out: list[PiiSpan] = []
    if _IDS_R5_HINTS.in_post(lower, folded) or "SIN" in text or "NAS" in text:
        for words, shape, check in _IDS_R5:
            if words.search(text) is None:
                continue
            for m in shape.finditer(text):
                before = text[max(0, m.start() - 30) : m.start()]
                if _NOT_CARD_LABEL.search(before) or _NOT_ID_BEFORE_R5.search(before) or _NOT_ID_AFTER_R5.match(text, m.end()):
                    continue
                if check(re.sub(r"[\s-]", "", m.group())):
                    out.append(PiiSpan("national_id", m.start(), m.end()))
    if "ID" in text:
        for m in _BARE_ID_R5.finditer(text):
            compact = m.group("id").replace(" ", "")
            before = text[max(0, m.start("id") - 30) : m.start("id")]
            if _NOT_CARD_LABEL.search(before) or _NOT_PHONE_R5.search(before) or _NOT_ID_BEFORE_R5.search(text, 0, m.start()):
                continue  # "order ID ...", "transaction ID ..."
            if len(compact) >= 11 and checked_id(compact):
                out.append(PiiSpan("national_id", m.start("id"), m.end("id")))
    return out


#: An IBAN written in groups of any size ("IE26I PBS 930 432112 92062"): from its country code and
#: check digits, letters and digits with single spaces between, up to its country's length.
_IBAN_HEAD_R5 = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?= ?[A-Z0-9])")


def _ibans_r5(text: str) -> list[PiiSpan]:
    out: list[PiiSpan] = []
    for m in _IBAN_HEAD_R5.finditer(text):
        want = _IBAN_LENGTHS.get(m.group()[:2])
        if want is None:
            continue
        seen, i, end = 4, m.end(), None
        while i < len(text) and seen < want:
            c = text[i]
            if c == " " and i + 1 < len(text) and text[i + 1] != " ":
                i += 1
                continue
            if not (c.isascii() and c.isalnum()):
                break
            seen += 1
            i += 1
            if seen == want:
                end = i
        if end is not None and (end == len(text) or not text[end].isalnum()) and iban_ok(text[m.start() : end]):
            out.append(PiiSpan("iban", m.start(), end))
    return out


def _ssn_ok(area: str, group: str, serial: str) -> bool:
    return area not in ("000", "666") and not area.startswith("9") and group != "00" and serial != "0000"


def find_pii(text: str, folded: str | None = None) -> list[PiiSpan]:
    """All personal data found, sorted by position, without overlaps (the first, longest wins).

    `folded` is `fold(text)` where the caller has it (triage computes it once per post)."""
    found: list[PiiSpan] = []
    if may_hold_email(text):
        found += [PiiSpan("email", m.start(), m.end()) for m in EMAIL_PATTERN.finditer(text)]
    lower = text.lower()
    # the pre-checks' spelling (`fold(text)`, which is `lower` itself for ASCII)
    folded = (lower if lower.isascii() else fold(text)) if folded is None else folded
    bits = index_answer(folded)
    if (bits & _SPELLED_BIT and _SPELLED_HINTS.in_post(lower, folded)) or (" at " in text and _dotted_at(text)):
        found += _spelled_emails(text)
    # How many digits (`\d`) the post holds: each shape below needs at least so many in its
    # match (a card 13, an SSN 9, a phone 7, ...), so a post with fewer cannot hold one.
    digit_count, first_digit = _digits(text)
    shaped = digit_count >= 2 and _ANY_DIGIT_SHAPE.search(text, first_digit) is not None
    iban_gate = shaped and _IBAN_GATE.search(text, first_digit) is not None
    for m in _IBAN.finditer(text) if iban_gate else ():
        end = _iban_end(text, m)
        if end is not None and iban_ok(text[m.start() : end]):
            found.append(PiiSpan("iban", m.start(), end))
    if iban_gate and digit_count >= 8:
        found += _ibans_r5(text)
    has_digits = digit_count > 0
    if digit_count >= 7 and shaped and _DIGIT_RUN7.search(text, first_digit):
        for m in _CARD.finditer(text) if digit_count >= 13 else ():
            digits = re.sub(r"\D", "", m.group())
            if not (13 <= len(digits) <= 19 and luhn_ok(digits)):
                continue
            if not (_CARD_PREFIX.match(digits) or len(digits) >= 16 and _CARD_PREFIX_LONG.match(digits)):
                continue
            if _IBAN_HEAD.search(text, max(0, m.start() - 5), m.start()):
                continue
            before = text[max(0, m.start() - 30) : m.start()]
            if _NOT_CARD_LABEL.search(before) and not _CARD_LABEL.search(before):
                continue
            found.append(PiiSpan("credit_card", m.start(), m.end()))
        if digit_count >= 13 and (not text.isascii() or "." in text and _DOTTED_CARD_GATE.search(text, first_digit)):
            found += _cards_r5(text)
        for m in _SSN.finditer(text) if digit_count >= 9 else ():
            if _ssn_ok(*m.groups()):
                found.append(PiiSpan("national_id", m.start(), m.end()))
        for m in _PHONE.finditer(text):
            n_digits = sum(c.isdigit() for c in m.group())
            # "00" then the country code: a full international number, never a short reference.
            if 7 <= n_digits <= 15 and not (n_digits < 11 and m.group().startswith("00")) and not _SERVICE_LINE.match(m.group()):
                before = text[max(0, m.start() - 30) : m.start()]
                # "order 0012 3456 7890": a number labelled as an order or reference is not a phone.
                if _NOT_CARD_LABEL.search(before) and not _PHONE_LABEL.search(before) or _PRODUCT_LABEL.search(before):
                    continue
                if _not_phone_r5(text, m.start(), m.end(), m.group()):
                    continue
                if before.endswith(" ") and before.rstrip()[-1:].isdigit():
                    continue
                found.append(PiiSpan("phone", m.start(), m.end()))
        for m in _PHONE_BARE.finditer(text):
            before = text[max(0, m.start() - 30) : m.start()]
            n_digits = sum(c.isdigit() for c in m.group())
            # An unbroken run must be a full number (9-12 digits); a shorter one is told by its groups.
            grouped = not m.group().isdigit()
            if (
                (9 if not grouped else 7) <= n_digits <= 12
                and (_PHONE_LABEL.search(before) or _PHONE_LABEL_AFTER.match(text, m.end()))
                and not _NOT_CARD_LABEL.search(before)
                and not _PRODUCT_LABEL.search(before)
                and not _SERVICE_LINE.match(m.group())
                and not _not_phone_r5(text, m.start(), m.end(), m.group())
            ):
                found.append(PiiSpan("phone", m.start(), m.end()))
        if _PHONE_R5_HINTS.in_post(lower, folded):
            found += _local_phones(text, lower, folded)
        for m in _CPF.finditer(text) if digit_count >= 11 else ():
            if cpf_ok(re.sub(r"\D", "", m.group())):
                found.append(PiiSpan("national_id", m.start(), m.end()))
    if has_digits and ((bits & _ID_WORDS_BIT and _ID_WORDS_ANY.in_post(lower, folded)) or "DL" in text or (bits & _ID_ACRONYM_BIT and _ID_ACRONYM_ANY.in_post(lower, folded)) and _ID_ACRONYM.search(lower)):
        for m in _SSN_SPACED.finditer(text):
            if _ssn_ok(m.group(2), m.group(3), m.group(4)):
                found.append(PiiSpan("national_id", m.start("id"), m.end("id")))
        for m in _SSN_LABELLED.finditer(text):
            end = _id_end(text, m)
            value = text[m.start("id") : end]
            # the number itself, not a word after the label ("passport renewal 2024")
            if (
                sum(c.isdigit() for c in value) >= 4
                and len(value) >= 6
                and _HAS_DIGIT_FIRST_WORD.match(value)
                and not _DATE.fullmatch(value.split(" ", 1)[0])
            ):
                found.append(PiiSpan("national_id", m.start("id"), end))
    if has_digits:
        for m in UNLABELLED.finditer(text) if digit_count >= 7 and shaped and _UNLABELLED_GATE.search(text, first_digit) else ():
            if unlabelled_id_ok(m):
                found.append(PiiSpan("national_id", m.start(), m.end()))
        # the ids of more countries (national_ids_world): after their own words, or by shape
        found += [PiiSpan("national_id", start, end) for start, end in world_ids(text, lower, digit_count, folded, first_digit)]
        # ids written before their word ("40815393407 esse é o meu CPF")
        if digit_count >= 6 and bits & _WORDS_AFTER_BIT:
            found += [PiiSpan("national_id", start, end) for start, end in ids_before_word(text, first_digit)]
        more = _ID_CHECKED_LABEL_MORE.finditer(text) if (bits & _ID_MORE_BIT and _ID_MORE_ANY.in_post(lower, folded)) or "TC" in text else ()
        for m in (*_ID_CHECKED_CHECKED.finditer(text, folded), *more):
            value = m.group("id") or ""
            prev = text[m.end() - 1]
            if not value and m.end() < len(text) and text[m.end()].isalpha() and prev.isascii() and prev.isalnum():
                continue  # the start of another word ("sincerely", "my idea")
            # the longest prefix of the run that passes a check (a word may follow the number)
            for end in range(len(value), 5, -1):
                if (end == len(value) or not value[end].isalnum()) and checked_id(value[:end]):
                    found.append(PiiSpan("national_id", m.start("id"), m.start("id") + end))
                    break
            else:
                # "fødselsnummeret mitt er 0206...", "CNP-ul meu este ...": a few words, then the number
                span = id_after_gap(text, m.start(), m.start("id") if value else m.end(), checked_id)
                if span is not None:
                    found.append(PiiSpan("national_id", *span))
    if digit_count >= 9 and ("ID" in text or "SIN" in text or "NAS" in text or _IDS_R5_HINTS.in_post(lower, folded)):
        found += _ids_r5(text, lower, folded)
    if has_digits and ("pan" in lower and any(k in lower for k in ("pan ", "pan:", "pan#", "pan-")) or "पैन" in lower):
        found += [PiiSpan("national_id", m.start("id"), m.end("id")) for m in PAN.finditer(text)]
    for m in _UK_NINO.finditer(text) if digit_count >= 6 and shaped and _UK_NINO_GATE.search(text, first_digit) else ():
        found.append(PiiSpan("national_id", m.start(), m.end()))
    if bits & _PASSWORD_BIT and _PASSWORD_HINTS_ANY.in_post(lower, folded):
        pos = 0
        while (pm := _PASSWORD.search(text, pos)) is not None:
            # A skipped match resumes at its would-be secret, so "my login password is X" still
            # finds "password is X" after "login" was passed over.
            pos = pm.start("secret")
            secret = pm.group("secret")
            if secret.endswith((":", "：")):  # "password rules: 12 chars": a heading, not a secret
                continue
            word = secret.lower().rstrip(".!?")
            if word in _PASSWORD_STOP or (word.isalpha() and len(word) <= 3):
                continue
            label = pm.group().lower()
            if label.startswith("pin") and not any(c.isdigit() for c in secret):
                continue
            if label.startswith("login") and not re.search(r"(is|:|=)", label):
                continue
            if _PASSWORD_LABEL.fullmatch(word):
                continue
            # Without "is", ":" or "=" between them, only a secret-looking word counts
            # ("password Blue!Sky77"), never an ordinary one ("password please").
            if word.isalpha() and not _PASSWORD_SEPARATOR.search(label[: pm.start("secret") - pm.start()]):
                continue
            pos = pm.end()
            found.append(
                PiiSpan("password", pm.start("secret"), pm.start("secret") + len(secret.rstrip(".!?")))
            )
    if _SPELLED_PHONE_HINTS.in_post(lower, folded) and _SPELLED_CALL_HINTS.in_post(lower, folded):
        found += _spelled_phones(text)
    # one-time codes, PINs a few words after their word, security answers, claim codes and keys
    found += [PiiSpan("password", start, end) for start, end in find_credentials(text, lower, has_digits, folded)]
    return _without_overlaps(found)


_PRIORITY = {"credit_card": 0, "iban": 1, "national_id": 2, "email": 3, "password": 4, "phone": 5}


def _without_overlaps(spans: list[PiiSpan]) -> list[PiiSpan]:
    spans.sort(key=lambda s: (s.start, _PRIORITY[s.type], -(s.end - s.start)))
    out: list[PiiSpan] = []
    for s in spans:
        if out and s.start < out[-1].end:
            prev = out[-1]
            if _PRIORITY[s.type] < _PRIORITY[prev.type]:
                out[-1] = s
            continue
        out.append(s)
    return out


def redact(text: str, spans: list[PiiSpan]) -> str:
    """The text as it may be shown: each span replaced by its type in brackets."""
    parts = []
    pos = 0
    for s in sorted(spans, key=lambda s: s.start):
        parts.append(text[pos : s.start])
        parts.append(f"[{s.type}]")
        pos = s.end
    parts.append(text[pos:])
    return "".join(parts)
