"""Exposure told without the word "breach", in many languages (exposure_world).

Each family has posts that must raise "data_breach" and hard negatives that must not: parcels
sent to the wrong address, questions about security, phishing texts, one's own forgotten
password, sharing the customer asked for, jokes. The posts are written for this file, not
taken from the bench.
"""

import pytest

from calmdesk.triage.escalation import escalation
from calmdesk.triage.exposure_world import exposure
from calmdesk.triage.prefilter import fold


def _breach(text: str) -> bool:
    return "data_breach" in escalation(text).reasons


BREACH = [
    # (a) someone else's data, documents, account or results seen or received
    "@powerco opened my online account and I'm looking at a stranger's meter readings, balance and payment history",
    "@dentalcare the reminder text I got had the previous patient's name and treatment on it",
    "@insureme the envelope had the previous tenant's claim forms and bank details inside",
    "@agua_es me ha llegado la factura de otra persona con su dirección y su IBAN",
    "@planosaude recebi no app o resultado do exame de outra paciente com o CPF dela",
    "@banque_x dans mon espace je vois le relevé d'une autre cliente avec son solde",
    "@versand_de in meinem Kundenkonto stehen fremde Bestellungen und eine Adresse in Köln",
    "@farmacia_it nella mia area riservata vedo le ricette degli altri pazienti con il codice fiscale",
    "@webwinkel_nl ik kreeg een mail met de factuur en het adres van iemand anders",
    "@sklep_pl dostałam fakturę innej osoby z jej adresem i numerem PESEL",
    "@kargo_x takip sayfasında başka birinin adresi ve telefonu görünüyor",
    "@apotek_x jag fick någon annans recept med personnummer i appen",
    "@lege_no fikk tilsendt prøvesvar til en annen pasient, med navn og fødselsnummer",
    "@verkkokauppa_fi tilillä näkyi jonkun toisen tilaukset ja osoite",
    "@eshop_x přišla mi faktura jiného zákazníka i s adresou",
    "@shop_jp マイページに他人の住所と電話番号が表示されています",
    "@shop_kr 앱에 다른 사람 주소랑 전화번호가 보여요",
    "@shop_cn 我的账户里显示了别人的订单和地址",
    # (b) my data sent, shown, read out or given to the wrong person
    "@payrollco you e-mailed my payslip and bank details to all the other applicants",
    "@surgery_x the receptionist read my diagnosis out loud in front of the whole waiting room",
    "@council_x the housing team sent the tenants' rent arrears letter to everyone in CC, our addresses are all visible",
    "@banco_x mandaron mis extractos con mi saldo a otra persona",
    "@lab_br enviaram meu resultado de exame para o WhatsApp de um desconhecido",
    "@assurance_fr vous avez envoyé mon dossier médical à mon ancienne adresse",
    "@praxis_de die Helferin hat meine Diagnose laut vorgelesen, vor dem vollen Wartezimmer",
    "@farmacia_x la commessa ha letto ad alta voce i miei farmaci e il codice fiscale",
    "@bank_x mijn rekeninggegevens zijn naar iemand anders gestuurd",
    "@clinic_x the nurse read out my test results and my date of birth in a packed waiting room",
    "@vet_x you emailed my invoice with my home address to a completely different client",
    "@elbolag_x ni har skickat min faktura med personnummer till någon annan",
    "@loja_x a atendente tirou foto do meu cadastro com CPF e endereço e postou no grupo da loja",
    "@marathon_x the results email had a spreadsheet with every runner's date of birth and medical conditions",
    "@gym_dk jeres app viser alle medlemmers fulde navne og adresser",
    "@laege_x sekretæren læste min diagnose højt for alle i venteværelset",
    # (c) an account taken over
    "someone changed the email and password on my @gamehub account and is selling my skins, I can't get back in",
    "@photoapp somebody is posting as me and messaging my friends pretending to be me",
    "@telco someone moved my number to a new SIM and now my bank codes go to them",
    "@banco_x me robaron la cuenta y cambiaron el correo",
    "@app_br invadiram minha conta e trocaram o e-mail",
    "@jeux_fr mon compte a été piraté, le mot de passe a été changé",
    "@bank_de mein Konto wurde übernommen und 500 € überwiesen",
    "@telco_ar alguien pidió un duplicado de mi chip y ahora le llegan mis códigos",
    "@lender_x a fraudster took out a loan in my name at your branch",
    "@isp_es me han cambiado la contraseña y el correo desde otro país",
    "@shop_it mi hanno hackerato l'account e hanno cambiato la password",
    "@webshop_nl mijn account werd overgenomen door een onbekende",
    "@bank_pl ktoś włamał się na moje konto i zrobił przelew",
    "@eshop_tr hesabım ele geçirildi, kartımla alışveriş yapılmış",
    "@bank_ro contul meu a fost spart și banii au dispărut",
    "@bank_ru взломали мой аккаунт и перевели деньги",
    "@ewallet_id rekening saya dibobol, saldo hilang semua",
    "@game_jp アカウントが乗っ取られました",
    "@game_kr 제 계정이 해킹당했어요",
    # (d) leaks and hacks stated plainly
    "@shopco my details and password turned up on a breach forum dump with thousands of your customers' emails",
    "@bank_es ha habido una fuga de datos y ahora me llaman estafadores",
    "@operadora_br vazaram meus dados, meu CPF está circulando",
    "@versicherung_de nach dem Hackerangriff bei euch bekomme ich Anrufe von Betrügern",
    "@klinikka_fi teillä oli tietovuoto, henkilötunnukseni on levinnyt",
    "@market_jp 個人情報が流出したとのメールが届きました",
]

NOT_BREACH = [
    # security questions, no exposure
    "@bankapp how do I turn on 2FA for my account?",
    "@shopco what should I do if my account gets hacked?",
    "@banco_x ¿cómo puedo activar la verificación en dos pasos?",
    # phishing and spam: the text itself, or a warning about it
    "@bankapp got a text saying my account was compromised and to verify here at bit.ly/xx, is this a scam?",
    "Dear customer, your account has been compromised. Click here to verify your details within 24 hours",
    "@shop_jp お客様のアカウントに不正アクセスがありました。こちらから本人確認をお願いします",
    # my own forgotten password, my own changes
    "@streamapp I forgot my password and the reset email never comes",
    "@mailco I changed my password yesterday and now the app won't sync",
    # parcels and orders that went astray: a delivery problem, not exposure
    "@courierco my parcel was sent to the wrong address again",
    "@foodapp the driver gave my order to someone else at the door",
    "@correos mi paquete se envió a la dirección equivocada",
    # lawful sharing the customer asked for
    "@bankco I asked you to send my statements to my wife and you did, thanks",
    # jokes
    "my cat read my bank statement out loud and judged me lol",
    # a ticket in another's name, a refund to another account: errors, not exposure
    "@railco my ticket was issued to another address and the wrong surname, please fix it",
    "@bankco you sent my refund to a different account by mistake",
    # names shared, not shown
    "@pharmacie on m'a donné le sac d'une autre patiente, même nom de famille, heureusement vérifié",
]


@pytest.mark.parametrize("text", BREACH)
def test_exposure_is_data_breach(text: str) -> None:
    assert _breach(text), text


@pytest.mark.parametrize("text", NOT_BREACH)
def test_no_exposure_is_not_data_breach(text: str) -> None:
    assert not _breach(text), text


@pytest.mark.parametrize("text", BREACH + NOT_BREACH)
def test_gates_do_not_change_the_answer(text: str) -> None:
    assert bool(exposure(text, fold(text))) == bool(exposure(text, fold(text), gated=False))
