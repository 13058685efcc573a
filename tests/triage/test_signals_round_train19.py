"""Signals round train19: each family with sentences written for these tests, and look-alikes."""

from __future__ import annotations

import pytest

from calmdesk.triage.escalation import escalation
from calmdesk.triage.legitimacy import content_spam_reasons
from calmdesk.triage.offensive import offensive

# --- offensive: swearing aimed at nobody ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Merde, encore une coupure de courant ce soir.",
        "Kurwa, autobus znowu nie przyjechał.",
        "Joder, la lavadora se ha vuelto a romper.",
        "Scheiße, der Zug fällt schon wieder aus.",
        "Che cazzo, il pacco è ancora fermo a Milano.",
        "Porra, caiu a internet outra vez.",
        "what a shitshow of a morning, the printer jammed twice",
        "the parking at the stadium was a f*cking nightmare",
        "damn, the heating broke on the coldest day of the year",
    ],
)
def test_swearing_at_a_situation_is_not_offensive(text: str) -> None:
    assert not offensive(text).offensive


@pytest.mark.parametrize(
    "text",
    [
        "@metro_line kurwa, znowu spóźnienie",  # the company is tagged
        "Merde, vous avez encore perdu mon colis.",  # spoken to
        "Joder, sois unos inútiles.",
        "what a shitshow, you lot can't run a bath",
        "Scheiße, ihr habt schon wieder falsch geliefert.",
        "bunch of f*cking amateurs at the depot",
        "your driver is a f*cking idiot",
    ],
)
def test_swearing_aimed_at_someone_stays(text: str) -> None:
    assert offensive(text).offensive


@pytest.mark.parametrize(
    "text",
    [
        "I'm such an idiot, I booked the wrong date",
        "what an idiot I am, paid the same bill twice",
        "I am a complete moron, forgot my password again",
        "idiot me, left the charger at home",
    ],
)
def test_calling_oneself_names_is_not_offensive(text: str) -> None:
    assert not offensive(text).offensive


@pytest.mark.parametrize(
    "text",
    [
        "your cashier is such an idiot",
        "what an idiot your manager is",
        "I'm sure your engineer is an idiot",
    ],
)
def test_calling_others_names_stays(text: str) -> None:
    assert offensive(text).offensive


def test_retard_as_a_delay() -> None:
    assert not offensive("El bus ha arribat amb 20 minuts de retard un altre cop.").offensive
    assert not offensive("Encore un retard de 40 minutes ce matin.").offensive
    assert offensive("stop acting like a retard and refund me").offensive


# --- safety: harm told without the keyword -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "my son spent the night on the children's ward after your crisps, the label said nut free",
        "Opa liegt seit gestern auf der Intensivstation, eure Tabletten waren falsch dosiert",
        "Mẹ tôi đang nằm viện sau khi ăn bánh của cửa hàng",
        "Ma fille a fait un malaise, on a appelé le 15 après le repas livré",
        "Seit dem Einbau riecht die Küche nach faulen Eiern.",
        "Fırından yanık plastik kokusu geliyor, çocuklar evde.",
        "since your man swapped the regulator on the cylinder there's a weird smell in the kitchen",
        "Charger baru saya menggembung setelah dua hari dipakai",
        "the extension lead went soft and black at the socket end",
        "the brake pedal went straight to the floor on the motorway",
        "the kettle gave me a jolt when I touched the handle",
        "L'ascenseur de notre immeuble a chuté de deux étages hier soir",
        "the lid of the pressure cooker flew off and hit my wife",
        "fell off the scooter and knocked out two front teeth",
        "we've all been up all night at both ends since the takeaway",
        "her eyelids swelled shut after the new mascara",
        "Mein Mann hat seit der neuen Dosis Herzrasen",
        "honestly I won't be around much longer so it doesn't matter",
    ],
)
def test_harm_without_the_keyword(text: str) -> None:
    assert "safety" in escalation(text).reasons


@pytest.mark.parametrize(
    "text",
    [
        "I work on the children's ward and your app logs me out every shift",
        "the lid of my lunchbox is cracked, can I get a new one",
        "ayam gosong, pelayanannya lambat",
        "I won't be around on Friday for the delivery, can you leave it next door",
        "the charger cable is too short",
        "the lift was out of order again this morning",
    ],
)
def test_harm_look_alikes(text: str) -> None:
    assert "safety" not in escalation(text).reasons


# --- press: audiences, shows of one's own, crews coming, reporters in ja/ko/zh/ar/ru --------


@pytest.mark.parametrize(
    "text",
    [
        "У моего канала 50 тысяч подписчиков, и они узнают об этом.",
        "Mon émission fait 30 000 auditeurs par semaine, on en parlera mardi.",
        "Soy creadora de contenido y esto va a salir en mi canal.",
        "I run a consumer rights podcast and we're recording on Friday.",
        "Our little podcast is doing an episode on hidden fees.",
        "Веду блог о ремонте, напишу о вашей компании.",
        "Channel 5 are coming to film the flooded flat on Monday.",
        "A TV vem gravar a obra parada na segunda.",
        "I've forwarded the whole chain to my local radio station.",
        "The video goes up tonight with or without your answer.",
        "El vídeo sale mañana a las 10 si nadie me responde.",
        "新聞社の記者です。コメントをお願いします。",
        "안녕하세요, 신문사 기자입니다. 답변 부탁드립니다.",
        "我是晚报记者，想请贵公司回应。",
        "أنا صحفي وأكتب عن تأخير الطلبات.",
        "Я журналист городского портала.",
    ],
)
def test_press_told_other_ways(text: str) -> None:
    assert "press" in escalation(text).reasons


@pytest.mark.parametrize(
    "text",
    [
        "I listen to a podcast while I wait on hold for an hour",
        "Ich hab 150k auf Insta und liebe euren Kaffee, keine Kooperation",
        "رمز التحقق غير صحيح",
        "the engineer is coming to fit the meter on Monday",
    ],
)
def test_press_look_alikes(text: str) -> None:
    assert "press" not in escalation(text).reasons


# --- data_breach: a stranger's data shown, details changed by someone else -------------------


@pytest.mark.parametrize(
    "text",
    [
        "Az appban egy idegen neve és címe jelenik meg a rendelésemnél.",
        "В личном кабинете открывается выписка чужого клиента.",
        "Dostałam fakturę innej firmy z jej adresem.",
        "Am Schalter wurde mir die Akte eines fremden Kunden gezeigt.",
        "In de app staat het adres van iemand anders bij mijn bestelling.",
        "Recebi os dados de outra pessoa no meu e-mail.",
        "Ngân hàng gửi nhầm sao kê của tôi qua email.",
        "앱에 다른 사람 주소가 보여요.",
        "Got an alert about a password change I didn't make last night.",
        "Meine Erstattung ging auf ein Konto, das nicht meins ist.",
        "Akun saya dipakai orang lain buat belanja.",
        "Your driver looked me up in your system and texted me after.",
        "haveibeenpwned lists my email in your leak",
    ],
)
def test_exposure_told_other_ways(text: str) -> None:
    assert "data_breach" in escalation(text).reasons


@pytest.mark.parametrize(
    "text",
    [
        "la línea está a nombre de otra persona y no puedo portarla",
        "Ngân hàng gửi nhầm hàng cho tôi, đổi giúp",
        "Meine Frau hat das Konto letztes Jahr eröffnet.",
        "I opened the parcel and it was someone else's shoes",
    ],
)
def test_exposure_look_alikes(text: str) -> None:
    assert "data_breach" not in escalation(text).reasons


# --- spam: the same scams in other words ------------------------------------------------------


def _spam(text: str) -> bool:
    return bool(content_spam_reasons(text))


@pytest.mark.parametrize(
    "text",
    [
        "Estimado cliente, actualice sus datos para recibir su paquete: correos-envio-pendiente.info",
        "Gentile utente, accesso anomalo rilevato. Verifichi qui: sicurezza-conto-online.com",
        "Take our short survey and get a £100 voucher 👉 bill-rebate-now.com",
        "Big giveaway! 300 tablets to celebrate, fill in the form in our bio to claim yours",
        "Gorgeous feed! Become our brand ambassador, just pay the shipping for your free necklace",
        "Selling brand new PS5 controllers for £15, sealed, DM me",
        "I went from 200$ into 6000$ copying @TraderMike's signals, message him",
        "Rendimenti del 25% al mese garantiti dal nostro robot, scrivimi",
        "Lost money to a fake broker? Our fund recovery experts can help, email us",
        "Hi dear, you seem a very kind person, I am widowed engineer on a ship",
        "Hallo, ich bin Lena und suche einen treuen Mann, schreib mir privat",
        "Работа онлайн, оплата в день от 3000 рублей, пишите",
        "Remote job rating hotel reviews, $120 per day, reply YES",
        "跟着老师炒币，稳赚不赔",
    ],
)
def test_scams_told_other_ways(text: str) -> None:
    assert _spam(text)


@pytest.mark.parametrize(
    "text",
    [
        "@courier mi paquete no ha podido ser entregado tres veces, ¿qué pasa?",
        "@shop the returns survey link is broken",
        "@bank I lost money to a fake broker who pretended to be you, is this being investigated?",
        "@store I paid for shipping twice on one order",
        "I was selling my old bike and your app deleted the listing",
    ],
)
def test_scam_look_alikes(text: str) -> None:
    assert not _spam(text)


# --- offensive: insults told as phrases, threats of a beating ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "the manager at your Bristol shop is a smug little rat",
        "your receptionist is a rude old cow",
        "Votre caissière est une grosse dinde.",
        "Branco di incompetenti, tre settimane senza linea.",
        "Bando de incompetentes, ninguém resolve nada.",
        "O técnico é um cretino e um parvalhão.",
        "Die bezorger is een sukkel.",
        "Que atendente mais burra, não sabe nada.",
        "your staff are proper mouth breathers",
        "imagine being too thick to scan a barcode",
        "if that courier comes back I'll break his legs",
        "whoever took my parcel is getting a kicking",
        "Wenn der Fahrer das nochmal macht, kriegt er eine aufs Maul.",
        "Carry on like this and someone at your office will get hurt, and it won't be me.",
        "موظفكم حمار",
        "窓口の人、頭悪すぎ",
    ],
)
def test_insults_and_threats_told_as_phrases(text: str) -> None:
    assert offensive(text).offensive


@pytest.mark.parametrize(
    "text",
    [
        "the paint is too thick to spread, can I swap it",
        "my little rat has chewed through your cable, ha",
        "Banda de rock en el centro esta noche",
        "I'll break the box down for recycling",
        "can you give him a hand with the parcel",
        "I know where your shop is, I'll come in on Monday",
    ],
)
def test_insult_phrase_look_alikes(text: str) -> None:
    assert not offensive(text).offensive


# --- legal: lawyers and consumer bodies in other languages; let-offs --------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ο δικηγόρος μου θα επικοινωνήσει μαζί σας αύριο.",
        "Жалоба уже в Роспотребнадзоре.",
        "Не вернёте деньги — увидимся в суде.",
        "אני מגישה תביעה קטנה נגד החברה.",
        "سأرفع الأمر إلى جهاز حماية المستهلك",
        "Ich habe mich an die Datenschutzbehörde gewandt.",
        "弁護士に相談済みです。",
        "한국소비자원에 신고했습니다.",
    ],
)
def test_legal_in_other_languages(text: str) -> None:
    assert "legal" in escalation(text).reasons


@pytest.mark.parametrize(
    "text",
    [
        "Mein Anwalt meinte lachend, ich soll einfach warten. Wann kommt der Techniker?",
        "Essa pizza é um crime de tão boa, vão me processar?",
        "the gas regulator on the cylinder hisses when I open the valve",
    ],
)
def test_legal_let_offs(text: str) -> None:
    assert "legal" not in escalation(text).reasons


def test_a_rat_that_is_a_person() -> None:
    assert "safety" not in escalation("your area manager is a sneaky little rat").reasons
    assert "safety" in escalation("there is a rat running around your kitchen").reasons
    assert "safety" in escalation("he's a lying rat and there were rats in the stockroom").reasons
