"""Issue 16, test10 round: the families added after the blind `test10` run.

test10 was written in languages and formats the earlier sets had not used (Turkish, Czech,
Romanian, Swedish, Indonesian, romanised Hindi; ids of Turkey, Romania, Czechia, Korea,
Singapore, India and the NHS). Each test uses sentences that are NOT in the labelled set, so a
family must hold on wording it was not written for, and each has a near miss that must stay quiet.
"""

import pytest

# The helpers and the check-digit table (these countries included) live with the earlier rounds.
from test_triage_signal_families import ACC, _types

from calmdesk.triage import national_ids as ids
from calmdesk.triage.escalation import escalation
from calmdesk.triage.legitimacy import legitimacy
from calmdesk.triage.offensive import offensive


def test_singapore_nric_check_letter() -> None:
    assert ids.singapore_nric_ok("T0234567B")
    assert ids.singapore_nric_ok("F1234567N")
    assert not ids.singapore_nric_ok("T0234567C")


def test_new_ids_by_their_word_or_by_shape() -> None:
    assert _types("@nvi_tr kimlik no 16790377482 kabul edilmiyor") == {"national_id"}
    assert _types("@spital CNP 2870315401231 nu apare in sistem") == {"national_id"}
    assert _types("@pojistovna moje rodné číslo 905807/1231 je špatně") == {"national_id"}
    assert _types("@gp_surgery my NHS no 208 751 3503 is on the wrong record") == {"national_id"}
    assert _types("@bank_kr 851103-2345671 본인인증 실패") == {"national_id"}
    assert _types("@mom_sg FIN F1234567N not accepted at the counter") == {"national_id"}
    assert _types("@itdept_in my PAN card no BNZPM2501F shows mismatch") == {"national_id"}
    # the same shapes with a wrong check, or without the word where one is needed, stay out
    assert "national_id" not in _types("@shop kimlik no 16790377483 wrong")
    assert "national_id" not in _types("@shop reference 851103-2345672 please")
    assert "national_id" not in _types("@shop voucher BNZPM2501F did not apply")
    assert "national_id" not in _types("@cookware the frying pan 2501 model is sold out")


def test_phone_formats_and_product_numbers() -> None:
    assert _types("@gsm_tr lütfen 0544 210 33 19 numarasından arayın") == {"phone"}
    assert _types("@hm do you have item number 0612345001 in size m") == set()
    assert _types("@ikea article no 403.887.21 missing screws") == set()


def test_passwords_named_in_turkish_czech_and_indonesian() -> None:
    assert _types("@oyun_tr şifrem Aslan_77 ama giriş olmuyor") == {"password"}
    assert _types("@mojebanka heslo je Brno2023 a pořád chyba") == {"password"}
    assert _types("@app_id kata sandi saya adalah Kopi123! tapi ditolak") == {"password"}
    assert _types("@app_cz zapomněl jsem heslo, pošlete odkaz") == set()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("@busco the door shut on the kid and got her arm trapped in it", "safety"),
        ("@hotelx my 3 year old was locked inside the lift alone for twenty minutes", "safety"),
        ("@piercingstudio the cut is infected and oozing, it's been a week", "safety"),
        ("@powerbankco the power bank exploded on the bedside table", "safety"),
        ("@cabco the driver was drunk, you could smell it", "safety"),
        ("@market_tr yoğurt bozukmuş, oğlum zehirlendi", "safety"),
        ("@obchod_cz lampička se přehřála a roztavila", "safety"),
        ("@bloc_ro de dimineață miroase a gaz în apartament", "safety"),
        ("@warung_id saya keracunan setelah makan di sini", "safety"),
        ("@brandco vi ringde larmet när mikron började brinna", "safety"),
        ("@dealer_tr arabayı geri almazsanız dava açacağım", "legal"),
        ("@eshop_sk pošleme vám žalobu, nic jiného nezbývá", "legal"),
        ("@furnizor_ro ne vedem în instanță dacă nu rezolvați", "legal"),
        ("@resebolag jag har gått till Konsumentverket med det här", "legal"),
        ("@airline_id kami tempuh jalur hukum", "legal"),
        ("@finco there's a credit card under my name that we never applied for", "data_breach"),
        ("@cloudco my private videos showed up in strangers' feeds", "data_breach"),
        ("@clinicx the screen in reception shows every patient's contact details", "data_breach"),
        ("@shop_tr benim yapmadığım alışveriş kartımdan çekildi", "data_breach"),
        ("@bank_id ada transaksi bukan dari saya di rekening", "data_breach"),
        ("@mobil_cz někdo změnil moje heslo a nejsem to já", "data_breach"),
        ("@gazete_tr muhabir olarak bu konuda görüşünüzü almak istiyorum", "press"),
        ("@ceskatv redaktor ČT, můžeme mluvit o výpadku?", "press"),
        ("@primarie sunt jurnalistă la o televiziune locală", "press"),
        ("@telkom_id wartawan Tempo di sini, minta konfirmasi", "press"),
        ("@brandx creator with 1.2M subs here, video goes live friday", "press"),
    ],
)
def test_test10_escalation_families(text: str, reason: str) -> None:
    assert reason in escalation(text).reasons


@pytest.mark.parametrize(
    "text",
    [
        "@gym my 5 year old loves the kids club, they never want to leave",
        "@pizzaplace I'd take you to court for that crust, it's criminal lol",
        "@cloudco how do I make my private album public?",
        "@market_tr siparişim nerede, iki gündür bekliyorum",
        "@obchod_cz kdy dorazí moje objednávka?",
        "@cafe_id kopinya enak tapi antreannya panjang",
        "@newsstand my morning paper was soaked again, third time this week",
    ],
)
def test_test10_escalation_near_misses(text: str) -> None:
    assert escalation(text).reasons == ()


@pytest.mark.parametrize(
    "text",
    [
        "Tebrikler, ücretsiz tatil kazandınız! tıklayın tatil-hediye.xyz",
        "Send 0.5 and get 1.0 back, limited spots 🚀",
        "We love your page! our rates for shoutouts are in the bio",
        "visit our store for the best price 🔥🔥",
        "pinjaman online cair cepat, cek bio",
        "@acme legit seller, iPhones cheap, whatsapp me",
        "Your card is on hold, confirm your card details at card-check.top",
    ],
)
def test_test10_spam_families(text: str) -> None:
    assert legitimacy(text, ACC).spam


@pytest.mark.parametrize(
    "text",
    [
        "@shop_tr indirim kodum çalışmıyor, yardım eder misiniz",
        "@store where do I send the item back to get my refund?",
        "@bank confirm whether my card payment went through please",
    ],
)
def test_test10_spam_near_misses(text: str) -> None:
    assert not legitimacy(text, ACC).spam


def test_offensive_in_the_new_languages_and_forms() -> None:
    for text in (
        "@operator_tr şerefsizler paramı geri verin",
        "@eshop_cz banda debilů",
        "@banca_ro sunteți dobitoci",
        "@ojol_id goblok banget",
        "@flipkart_in chutiya log",
        "@posten_se jävla skämt",
        "@shop fk off with these fees",
        "@game a$$ clowns",
        "@store 🖕",
        "@ceo what a slimy weasel",
        "@dev these braindead monkeys broke it again",
        "@telco vão se foder",
    ):
        assert offensive(text).offensive, text
    for text in (
        "@club FK Partizan tickets never arrived",
        "@petshop the weasel toy is adorable",
        "@rentals the Kamine in our cabin didn't work",
        "@store the debilitating wait times are the worst",
    ):
        assert not offensive(text).offensive, text
