"""Spam and scams told in more ways and languages (scams_world), and the customers who only talk about them."""

from __future__ import annotations

import pytest

from calmdesk.triage.legitimacy import AccountInfo, content_spam_reasons, legitimacy
from calmdesk.triage.prefilter import fold
from calmdesk.triage.scams_world import world_scam_reasons

ACCOUNT = AccountInfo(handle="someone", followers=250)

SPAM = {
    "task_scam": [
        "Earning 300 dollars per day from home by rating products, reply YES to start",
        "Ingresos de 1.500 pesos al día desde casa dando like a videos, escríbeme por telegram",
        "Renda extra de R$ 300 por dia avaliando produtos no celular, chama no zap 📲",
        "Verdiene 120€ am Tag von zuhause, keine Erfahrung nötig, schreib mir",
        "Zarabiaj 300 zł dziennie z domu, wystarczy telefon, pisz na priv",
        "Заработок 4000 рублей в день без вложений, пиши в личку",
        "घर बैठे कमाएं ₹2000 रोज, सिर्फ वीडियो लाइक करके, अभी जुड़ें",
        "Kumita ng ₱1,500 kada araw sa bahay lang, PM mo ako",
        "Kiếm 800k mỗi ngày tại nhà chỉ cần điện thoại, ib mình nhé",
        "在家兼职日赚300元，只需点赞，加微信",
    ],
    "phishing": [
        "Your bank account has been suspended due to unusual activity. Verify now at secure-bankly-login.top",
        "Royal Post: a customs charge of £1.45 is due before we can deliver. Pay at royalpost-redeliver.info",
        "Unpaid toll of $4.15 detected. Avoid late fees, pay at ezpass-toll-due.com",
        "Votre colis est en attente : frais de livraison 2,10€ à régler sur colis-suivi-laposte.online",
        "Su cuenta ha sido bloqueada temporalmente, verifique sus datos aquí: banco-seguro-es.xyz",
        "Ihr Konto wurde vorübergehend gesperrt. Jetzt verifizieren: sparkasse-konto-check.site",
        "Il tuo pacco è in attesa di consegna, paga 1,99€ di spedizione: poste-pacchi-it.top",
        "Ваш аккаунт будет заблокирован, подтвердите данные по ссылке: gos-verify-ru.online",
        "@acme_help hello, to speed up your case please provide your card details and the OTP by DM",
        "@acmebank Halo kak, silakan masukkan data rekening dan OTP di link berikut untuk refund",
        "@acmerail Sorry for the delay! Please fill in the compensation form so we can help: acmerail-care-team.help/form",
        "@acmebahn Für Ihre Erstattung füllen Sie bitte das Formular aus: acmebahn-erstattung.de.com",
        "Installieren Sie die neue App, sonst wird Ihr Zugang gesperrt: meine-bank-app.apk-de.top",
        "Baixe o aplicativo atualizado para liberar seu saque: caixa-saque-app.online",
        "Correos: su paquete no pudo ser entregado, pague 1,79€ de tasas aquí: correos-entregas.info",
        "Poczta: Twoja paczka czeka, zapłać 2,30 zł za doręczenie: poczta-doplata.online",
        "Scan the QR code on your bill to get 30% off parking today: city-park-pay.app",
        "Hi, I saw your listing, I already paid through the safe checkout, confirm here to receive: shop-safe-pay.net",
        "Urgent appeal: donate now, every $5 saves a puppy from the shelter: save-pups-today.com",
    ],
    "prize_claim": [
        "Congratulations, you are our lucky winner of a PS5! Tap to collect it at ps5-winners-hub.com",
        "¡Felicidades! Has sido seleccionado para una tarjeta regalo de 500€, reclámala en regalos-hoy.com",
        "Parabéns! Você ganhou um vale de R$ 1.000, resgate agora em vale-premio.online",
        "Gefeliciteerd! U heeft gewonnen: een cadeaubon van €250, vul uw gegevens in op cadeau-winnaar.com",
        "Поздравляем, вы выиграли iPhone 15! Заберите приз: prizy-nagrady.ru.com",
        "【当選】ギフト券5万円分プレゼント🎁 フォロー＆RTで応募完了",
    ],
    "investment_scam": [
        "Join our VIP signals group, 92% win rate, free entry today 📈",
        "Ich war skeptisch, aber dank Herr Weber habe ich 9.000€ in zwei Wochen verdient, schreibt ihm auf Telegram",
        "Investe 200€ e ricevi 2500€ in una settimana, scrivimi",
        "Kripto sinyal grubumuz ücretsiz, hemen katıl 🚀",
        "Rendimento garantito del 20% al mese con il nostro bot, zero rischi",
        "비트코인 리딩방 무료 초대, 카톡 주세요",
    ],
    "fake_collab": [
        "Hi lovely! We are a jewellery brand and want to collab 💕 we send you a necklace, you just pay the shipping",
        "Hola! Te gustaría colaborar con nuestra marca? Te regalamos unas gafas, solo pagas el envío 😎",
        "Bonjour, on vous offre une montre, payez seulement les frais de port, écrivez-nous en DM",
    ],
    "seo_spam": [
        "Need traffic? 1000 dofollow backlinks and 50 guest posts, high DA, cheap price, DM",
        "Rank on page 1 of Google in 2 weeks with our SEO packages, contact us",
    ],
    "gambling": [
        "200 free spins no deposit needed, sign up and win tonight 🎰",
        "Deneme bonusu veren siteler 🎰 güncel adres profilde",
        "Slot gacor hari ini, bocoran pola maxwin, daftar sekarang",
        "Sure odds today 🔥 correct score guaranteed, DM for ticket",
    ],
    "romance_lure": [
        "Hello dear, I saw your profile and I want to be friends, please reply me on hangouts 🌹",
        "I'm a US army general on a peacekeeping mission, I'd love to know you better",
        "Soy una viuda solitaria buscando amistad sincera, escríbeme 🌹",
    ],
    "loan_scam": [
        "Préstamos rápidos sin buró, depósito en 1 hora, escríbeme por WhatsApp",
        "Pożyczka bez BIK, do 5000 zł online w 10 minut",
        "Займы без отказа и проверок, деньги на карту сразу",
        "Prestiti veloci senza busta paga, risposta in giornata",
    ],
    "paid_service_spam": [
        "Vendo seguidores brasileiros reais, 1000 por R$ 10",
        "Takipçi satışı yapılır, 5K gerçek takipçi uygun fiyat",
        "Buy aged Gmail accounts in bulk, instant delivery",
        "We write plagiarism-free essays, pay after grade, DM us",
    ],
}

NOT_SPAM = [
    # customers asking about or reporting a scam that reached them
    "@royalpost I got a text saying my parcel is on hold and I need to pay a fee at some weird link, is this you?",
    "@acmebank your fake-support lookalike accounts are scamming people, they asked my dad to verify at a dodgy site",
    "@acmebank recibí un SMS de que mi cuenta ha sido bloqueada y que verifique en un enlace raro, ¿es estafa?",
    "@dhl_de ich habe eine SMS bekommen: Zollgebühr 1,99€ offen, zahlen auf dhl-zoll.info, ist das Betrug?",
    "@acme someone is running a fake giveaway with your logo saying 'you've been selected, claim your gift card', please report it",
    "@binance I lost money to a fake signals group using your name, how do I report it?",
    # real complaints that mention the same words
    "@acmebank my account has been blocked for 3 days and nobody answers on WhatsApp, I need my salary",
    "@telegram my account was suspended after I changed my phone number, please help",
    "@cryptoexchange my withdrawal of 0.5 BTC is pending for 2 days, this is unacceptable",
    "@acme I paid $20 a month for premium and you charged me twice, DM me",
    "@giftshop I bought a £50 gift card and the claim code doesn't work",
    "@acme your 'you won' popup in the app keeps showing up and I can't close it",
    "@shoply the delivery failed twice but I was home, reschedule please",
    "@acme never share your OTP with anyone, thanks for the reminder, but the app crashes when I enter it",
    "@binance your trading bot lost me 20% a day, this is a joke",
    "@etoro the copy trading group in your app is broken",
    "@acmeloans your instant loan app charged me 30% interest",
    "@acmebank I received my refund of $45 but it went to the wrong card, check acme-bank.com",
    "@ikea felicidades por el nuevo catálogo, pero mi pedido sigue sin llegar",
    "@nike your 'we'll send you free socks, just pay shipping' email was actually from you? I paid and got nothing",
    "@hm I saw your profile and I want to complain about my order",
    "@bet365 sure odds my foot, you void my bets every time",
    "@telegram my premium subscription costs €5 a month and the stickers don't load, fix it",
    "@WhatsApp I use whatsapp business every day for my shop and messages are delayed by hours",
    "@coinbase my crypto wallet shows 0 after the update, I had $2,000 in it",
    "@correos mi paquete está retenido en aduana desde hace 2 semanas, ¿qué hago?",
    "@santander mi cuenta ha sido bloqueada sin motivo y no puedo pagar la renta",
    "@sberbank мой аккаунт заблокирован уже неделю, верните доступ",
    "@mediamarkt Gewinnspiel gewonnen, aber nie etwas erhalten. Hallo?",
    "@acmebahn I filled in the refund form on your site three weeks ago and heard nothing",
    "@acme I got a text asking me to install an app from acme-secure-app.com to keep my account, is this legit?",
    "@acmepost my parcel has been stuck in customs for 2 weeks, your tracking page says pay the fee but where?",
    "@acmebank the new app won't install on my phone, help",
    "@shelter_uk I donated £20 last month and never got a receipt",
    "@casinoapp my withdrawal has been pending for a week, where is my money",
    "@acmebank Hi, please don't share your card details or PIN with anyone. We will never ask for them. DM us your name.",
    "@acmebank Hi Sam, we will never ask you to share your PIN or one-time code. Please DM us your name and postcode instead.",
    "@bet_co I bet on the correct score and you still haven't paid out, no deposit confirmation either",
    "@acme_jp プレゼントキャンペーンに応募したのにギフト券が届きません",
    "@kaufhaus mein Gutschein lässt sich nicht einlösen, bitte um Hilfe",
    "@supermercato non riesco a riscattare il buono regalo, mi date una mano?",
    "@tienda participé en el sorteo y gané, pero nunca me enviaron el premio, felicidades por el mal servicio",
    "@apple congratulations on the worst update ever, my iPhone 15 makes a click sound now",
]


#: Complaints that the first patterns of `legitimacy` still call spam ("earn 2000"): the new
#: families add nothing to them.
OLD_RULES_ONLY = [
    "@klarna I earn 2000€ per month and you refused my purchase, write me privately",
]


@pytest.mark.parametrize("text", OLD_RULES_ONLY)
def test_new_families_add_nothing_to_these_complaints(text: str) -> None:
    assert world_scam_reasons(text, fold(text), []) == []


@pytest.mark.parametrize(("family", "text"), [(f, t) for f, ts in SPAM.items() for t in ts])
def test_scams_told_in_other_ways_are_spam(family: str, text: str) -> None:
    reasons = content_spam_reasons(text)
    assert family in reasons, (text, reasons)
    assert legitimacy(text, ACCOUNT).spam


@pytest.mark.parametrize("text", NOT_SPAM)
def test_customers_talking_about_scams_are_not_spam(text: str) -> None:
    assert not legitimacy(text, ACCOUNT).spam, content_spam_reasons(text)


def test_a_known_customer_quoting_a_scam_is_not_spam() -> None:
    text = "@acme got this: 'your parcel is on hold, pay 1.99 at acme-parcel-fee.top' is it real?"
    assert not legitimacy(text, ACCOUNT, known_customer=True).spam


def test_world_reasons_need_no_link_list_when_there_is_none() -> None:
    text = "Zarabiaj 300 zł dziennie z domu, wystarczy telefon, pisz na priv"
    assert world_scam_reasons(text, fold(text), []) == ["task_scam"]
    assert world_scam_reasons("@acme my order is late", fold("@acme my order is late"), []) == []
