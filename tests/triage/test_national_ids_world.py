"""National ids of more countries (national_ids_world): found after their own words or by a
distinctive shape when the check passes, never when the check digit is wrong, and never in
order numbers, phone numbers or dates. The valid numbers were made with the checks here and
compared with the published descriptions (and, off-line, with python-stdnum where it has them)."""

from __future__ import annotations

import pytest

from calmdesk.triage import national_ids_world as w
from calmdesk.triage.national_ids import checked_id
from calmdesk.triage.pii import find_pii


def _ids(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_pii(text) if s.type == "national_id"]


# (post in the country's language, the id in it, the same post with a wrong check digit or a
# broken structure). None as the third item: the format has no check; the broken variant is
# given where the structure (date, province, state) can be broken.
VALID = [
    ("マイナンバーは4728 1936 5058です。登録を削除してください。", "4728 1936 5058", "マイナンバーは4728 1936 5059です。"),
    ("Meine Sozialversicherungsnummer lautet 1237 010180, bitte löschen Sie die Daten.", "1237 010180", "Meine Sozialversicherungsnummer lautet 1247 010180."),
    ("Die SVNR 4820150387 steht im Formular, das ich hochgeladen habe.", "4820150387", "Die SVNR 4820150388 steht im Formular."),
    ("Ο ΑΜΚΑ μου είναι 15038704514, γιατί εμφανίζεται στην απόδειξη;", "15038704514", "Ο ΑΜΚΑ μου είναι 15038704515, γιατί;"),
    ("מספר תעודת זהות שלי 312478563 הופיע בחשבונית, תמחקו בבקשה", "312478563", "מספר תעודת זהות שלי 312478564 הופיע בחשבונית"),
    ('ת"ז 312478563 נשלחה בטעות', "312478563", 'ת"ז 312478565 נשלחה בטעות'),
    ("A TAJ-számom 045 127 830, kérem töröljék a rendszerből!", "045 127 830", "A TAJ-számom 045 127 831, kérem töröljék!"),
    ("我的身份证号是110105198803072710，请删除订单里的信息", "110105198803072710", "我的身份证号是110105198803072711，请删除"),
    ("My HKID is K482713(9), why does the courier need it?", "K482713(9)", "My HKID is K482713(8), why?"),
    ("你們的客服要我的身分證字號 F127384654，這合理嗎？", "F127384654", "你們的客服要我的身分證字號 F127384655，這合理嗎？"),
    ("Me pidieron la clave HEGG560427MVZRRL04 para la garantía", "HEGG560427MVZRRL04", "Me pidieron la clave HEGG560427MVZRRL05 para la garantía"),
    ("Meine AHV-Nummer 756.9214.8653.77 stand auf der Rechnung!", "756.9214.8653.77", "Meine AHV-Nummer 756.9214.8653.78 stand auf der Rechnung!"),
    ("Мой СНИЛС 148-362-917 88 указан в договоре, удалите его", "148-362-917 88", "Мой СНИЛС 148-362-917 89 указан в договоре"),
    ("ИНН: 773618204574, зачем он вам для возврата?", "773618204574", "ИНН: 773618204575, зачем он вам?"),
    ("Moj OIB je 69241538761, zašto je na računu?", "69241538761", "Moj OIB je 69241538762, zašto je na računu?"),
    ("Minu isikukood on 48706120210 ja see oli tellimuse kinnituses.", "48706120210", "Minu isikukood on 48706120211 ja see oli kinnituses."),
    ("Mano asmens kodas 39102210717 matosi sąskaitoje.", "39102210717", "Mano asmens kodas 39102210718 matosi sąskaitoje."),
    ("ЕГН: 8304153180 - защо го искате за доставка?", "8304153180", "ЕГН: 8304153181 - защо го искате?"),
    ("Moj JMBG je 1503985710037, obrišite ga iz sistema.", "1503985710037", "Moj JMBG je 1503985710038, obrišite ga."),
    ("EMŠO 2106988500127 je bil na potrdilu o nakupu.", "2106988500127", "EMŠO 2106988500128 je bil na potrdilu."),
    ("Kennitalan mín er 120390-2449, af hverju er hún á kvittuninni?", "120390-2449", "Kennitalan mín er 1203902459, af hverju?"),
    ("เลขประจำตัวประชาชน 1-1037-01425-83-1 ของฉันถูกส่งไปผิดคน", "1-1037-01425-83-1", "เลขประจำตัวประชาชน 1-1037-01425-83-2 ของฉัน"),
    ("رقم الهوية الوطنية 1087345219 ظهر في الفاتورة", "1087345219", "رقم الهوية الوطنية 1087345218 ظهر في الفاتورة"),
    ("رقم الإقامة: 2418370264 أرجو حذفه", "2418370264", "رقم الإقامة: 2418370265 أرجو حذفه"),
    ("Why is my Emirates ID 784-1987-4602193-4 printed on the delivery slip?", "784-1987-4602193-4", "Why is my Emirates ID 784-1987-4602193-5 printed on the slip?"),
    ("My TFN is 876 419 056, your form should never have asked for it", "876 419 056", None),
    ("They put my Medicare number 2950 38171 1 on the parcel label!", "2950 38171 1", "They put my Medicare number 2950 38172 1 on the parcel label!"),
    ("My IRD number is 049-587-215 and your agent read it out loud", "049-587-215", "My IRD number is 049-587-216 and your agent read it out"),
    ("Mi cédula 1718492364 aparece en la factura electrónica", "1718492364", None),
    ("Mi C.I. 4.528.713-8 quedó en el comprobante", "4.528.713-8", None),
    ("Mi CUIL es 20-32418907-7, ¿por qué lo piden?", "20-32418907-7", "Mi CUIL es 20-32418907-8, ¿por qué lo piden?"),
    ("Meine Personalausweisnummer L01X00T471 wurde per Mail verschickt!", "L01X00T471", "Meine Personalausweisnummer L01X00T472 wurde verschickt!"),
    ("My PPS number is 8426193J and it was on the invoice", "8426193J", None),
]

# Formats without a check digit: only after their own words, with their structure.
LABEL_ONLY = [
    ("رقمي القومي؟ الرقم القومي 29105120101871 ظهر على الإيصال", "29105120101871", "الرقم القومي 29113120101871 ظهر على الإيصال"),
    ("My CNIC 35202-1234567-1 was shared with the rider", "35202-1234567-1", "My CNIC 85202-1234567-1 was shared with the rider"),
    ("No IC saya 900415-10-5523, kenapa ada dalam resit?", "900415-10-5523", "No IC saya 901315-10-5523, kenapa ada dalam resit?"),
    ("NIK saya 3174054507920003 tercantum di struk pengiriman", "3174054507920003", "NIK saya 3174054513920003 tercantum di struk"),
    ("Số CCCD của tôi là 001203004567, sao lại in trên hóa đơn?", "001203004567", "Số CCCD của tôi là 991203004567, sao lại in?"),
    ("CMND 023456789 bị lộ trong email xác nhận", "023456789", None),
    ("My NIN is 48392017563, why does the delivery app need it?", "48392017563", "My NIN is 08039201756, why does the app need it?"),
    ("The agent asked for my BVN 22418306751 on WhatsApp", "22418306751", None),
    ("Mi DNI 32.418.907 figura en la factura", "32.418.907", None),
    ("Mi DNI es 45678912, salió en el comprobante de envío", "45678912", None),
    ("Mi cédula de ciudadanía 1.020.304.050 quedó en el correo", "1.020.304.050", None),
    ("Min CPR-nr. 150387-1234 stod på fakturaen", "150387-1234", "Min CPR-nr. 150387-12 stod på fakturaen"),
    ("My PhilSys number 1234-5678-9012-3456 was visible to the rider", "1234-5678-9012-3456", None),
    ("My UMID CRN 0028-1234567-1 was on the receipt", "0028-1234567-1", None),
    ("My SSS number 34-1234567-8 is on your delivery form", "34-1234567-8", None),
    ("Why do you need my TIN 123-456-789-000 for a refund?", "123-456-789-000", None),
]


@pytest.mark.parametrize(("post", "value", "wrong"), VALID + LABEL_ONLY)
def test_found_in_a_post_and_not_with_a_broken_check(post: str, value: str, wrong: str | None) -> None:
    assert _ids(post) == [value]
    if wrong is not None:
        assert _ids(wrong) == []


@pytest.mark.parametrize(
    "post",
    [
        "Please delete K482713(9) and 756.9214.8653.77 and 784-1987-4602193-4",
        "HEGG560427MVZRRL04 is in the form",
        "35202-1234567-1 and 900415-10-5523",
    ],
)
def test_distinctive_shapes_need_no_word(post: str) -> None:
    assert len(_ids(post)) == post.count(" and ") + 1


# Where the word is also read by the older patterns (TFN, PPS, CURP, "cédula" for Colombia's
# check-less numbers) the post with a wrong check may still be found; the check itself must fail.
@pytest.mark.parametrize(
    ("check", "wrong"),
    [
        (w.australia_tfn_ok, "876419057"),
        (w.ireland_ppsn_ok, "8426193K"),
        (w.ecuador_cedula_ok, "1718492365"),
        (w.mexico_curp_ok, "HEGG560427MVZRRL05"),
        (w.swiss_ahv_ok, "7569214865378"),
        (w.denmark_cpr_ok, "1513871234"),
        (w.uruguay_ci_ok, "45287139"),
        (w.iceland_kennitala_ok, "1203902459"),
    ],
)
def test_wrong_check_fails(check: object, wrong: str) -> None:
    assert callable(check) and not check(wrong)


@pytest.mark.parametrize(
    ("check", "valid"),
    [
        (w.japan_my_number_ok, "123456789018"),  # the example of the JPMyNumber docs
        (w.austria_svnr_ok, "1237010180"),  # the example of the Sozialversicherung
        (w.russia_snils_ok, "11223344595"),  # the usual SNILS example 112-233-445 95
        (w.russia_inn_ok, "7707083893"),  # a published company INN
        (w.hongkong_hkid_ok, "A123456(3)"),
        (w.taiwan_id_ok, "A123456789"),
        (w.uruguay_ci_ok, "12345672"),
        (w.germany_id_card_ok, "T220001293"),  # the specimen card of 2010
        (w.australia_medicare_ok, "2123456701"),
        (w.hungary_taj_ok, "111111110"),
    ],
)
def test_published_examples(check: object, valid: str) -> None:
    assert callable(check) and check(valid)
    wrong = valid[:-1] + ("0" if valid[-1] != "0" else "1")
    if valid.endswith(")"):
        wrong = valid[:-2] + "4)"
    assert not check(wrong)


def test_strong_checks_are_tried_after_any_id_word() -> None:
    assert checked_id("1237 010180")  # Austria
    assert checked_id("110105198803072710")  # China
    assert checked_id("784-1987-4602193-4")  # UAE
    # a single mod-11 digit over bare digits: only after the country's own word
    assert all(check is not w.japan_my_number_ok for check, _ in w.STRONG_CHECKS)


@pytest.mark.parametrize(
    "post",
    [
        # order, tracking, booking and invoice numbers of the same lengths
        "Order 472819365058 never arrived",
        "Booking ref 1237010180, the hotel cancelled",
        "Tracking number 15038704514 shows no movement",
        "Invoice 110105198803072710 was charged twice",
        "Order 784-1987-4602193-4 still not shipped",
        "Pedido 35202-1234567-1 sin entregar",
        "order 900415-10-5523 missing",
        "Ticket #2950381711 closed without answer",
        "La factura 1718492364 está mal",
        "Mã đơn hàng 001203004567 chưa giao",
        # phone numbers of the same lengths, with their words
        "Call me on 0312 478 5630 or 0912 345 678 please",
        "WhatsApp +7 916 123 45 67, ИНН не нужен",
        "Zadzwoń 48706120210",
        "電話 090-1234-5678 まで",
        "اتصل على 0501234567",
        "My phone is 08039201756",
        "NIK saya hilang, telepon 081234567890 ya",
        # dates and prices
        "Delivered 2023-05-01, ordered 15.03.1987, paid 1.020.304 pesos",
        "CCCD cấp ngày 12/05/2021",
        "TFN lodged on 12/05/2021, amount $1,234.56",
        # wrong-script lookalikes
        "I love tinned food, TINY 123456789",
        "The PSN 1234-5678-9012-3456 gift card did not work",
    ],
)
def test_hard_negatives(post: str) -> None:
    assert _ids(post) == []


def test_phones_stay_phones() -> None:
    spans = find_pii("Llámame al 0991234567, mi cédula no te la doy")
    assert [s.type for s in spans] == ["phone"]


def test_no_hint_no_regex() -> None:
    # a post without any of the words pays only the gate
    assert w.world_ids("just a normal post about 1234567890 things", "just a normal post about 1234567890 things", 10) == []
