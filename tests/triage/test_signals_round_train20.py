"""Signals round train20: each family with sentences written for these tests, and look-alikes."""

from __future__ import annotations

import pytest

from calmdesk.triage.escalation import escalation
from calmdesk.triage.offensive import offensive


def _reasons(text: str) -> tuple[str, ...]:
    return escalation(text).reasons


# --- offensive: people called animals or things ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The woman at your ticket desk is a lazy old hag who ignored the whole queue.",
        "your warehouse lads are a pack of hyenas, laughing while my sofa got dropped",
        "Honestly, you're sheep, all of you, repeating the same script.",
        "That manager has the IQ of a wet sock.",
        "Your helpline staff share one brain cell between them.",
        "El repartidor es un burro, dejó el paquete en la lluvia.",
        "A gerente da loja é uma anta, não resolve nada.",
        "Le livreur, une vraie dinde, a sonné chez le voisin.",
        "Il corriere è un maiale, ha buttato il pacco nel fango.",
        "Der Kassierer ist ein arroganter Affe.",
        "Ten kierowca to jakaś świnia, trzasnął drzwiami.",
        "Оператор ваш — баран, ничего не понимает.",
        "Kasiyeriniz tam bir öküz.",
        "Satpam kalian kayak monyet, teriak-teriak terus.",
        "tum log chor ho saale, paisa wapas karo",
        "Sois unos pelotudos, me cobraron dos veces.",
        "Вы там совсем е**нутые? Опять списали деньги.",
        "Ihr seid A****löcher, alle zusammen.",
        "お前らのバカ店員、二度と行かない。",
        "你们售后都是猪脑子吧",
        "يا شوية حرامية، رجعوا فلوسي",
    ],
)
def test_people_called_animals_or_things(text: str) -> None:
    assert offensive(text).offensive


@pytest.mark.parametrize(
    "text",
    [
        # an insult quoted from someone else
        "A man in the queue shouted 'useless cow' at your cashier and she stayed so calm. Thank her for us.",
        "Somebody called your driver a 'brainless idiot' in the comments, which is unfair, he is lovely.",
        "Ein Kunde hat eure Verkäuferin als 'Idiotin' beschimpft, sie blieb freundlich.",
        "Alguien llamó 'imbécil' al cajero por un error suyo. El chico fue muy amable.",
        # calling oneself names, a German adjective, farm animals, time of day
        "Ik ben ook zo'n sukkel, verkeerde maat besteld. Kan ik ruilen?",
        "Mein Knie ist seit dem Sturz ganz dick, war heute beim Arzt.",
        "There are sheep in the field behind your car park, the kids loved them.",
        "Il burro che mi avete venduto era scaduto.",
        "Kupiłam mleko, krowa na opakowaniu jest urocza.",
        "ugh, what a shitshow of a Friday. anyway, is the store open on Sunday?",
    ],
)
def test_people_called_names_look_alikes(text: str) -> None:
    assert not offensive(text).offensive


def test_an_insult_i_said_myself_is_not_reported() -> None:
    assert offensive("I called your agent an 'idiot' and I meant it.").offensive


# --- press ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "My thread about your refunds has 300,000 views and counting.",
        "Mi video ya va por 50 mil visualizaciones y mañana subo la segunda parte.",
        "Mein Beitrag hat schon 1,2 Millionen Aufrufe.",
        "Over 20k people are about to see how you treated my mum.",
        "I'm going on air with the drive-time show at 5, last chance to reply.",
        "Меня позвали в эфир на местный телеканал.",
        "Ich habe der Redaktion alles geschickt.",
        "Napisałam do redakcji lokalnej gazety.",
        "Une journaliste m'a contactée, elle prépare un sujet.",
        "Tôi đã liên hệ với phóng viên của báo Tuổi Trẻ.",
        "The local paper is running my story on Saturday.",
        "I write for a small travel magazine and this will be in the spring issue.",
        "Έστειλα όλο το υλικό στην εκπομπή.",
        "この件はフォロワーさん全員に向けて投稿します",
        "我已经联系了媒体",
    ],
)
def test_press_told_other_ways(text: str) -> None:
    assert "press" in _reasons(text)


@pytest.mark.parametrize(
    "text",
    [
        "My brother is a journalist and he says your app is the best. Keep it up!",
        "I'm a journalist but I'm writing purely as a customer: when is my refund due?",
        "Get 10k views for $5, instant delivery, DM now",
        "1K gerçek takipçi 20 TL, hemen teslim",
        "hi how come channel 4 is missing from my package?",
        "The radio in the car you rented me doesn't work.",
    ],
)
def test_press_look_alikes(text: str) -> None:
    assert "press" not in _reasons(text)


def test_a_journalist_at_work_is_still_press() -> None:
    assert "press" in _reasons("Hola, soy periodista de El Diario y preparo un reportaje sobre sus cobros.")


# --- data breach ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "You sent me the invoice of another customer, with her bank details on it.",
        "My neighbour received my bank statement in his letterbox.",
        "Mi vecina recibió mi nómina en su buzón.",
        "The delivery label shows my prescription medication for anyone to read.",
        "The team email went out with 80 other customers in CC, all names visible.",
        "There's an open database with your customers' addresses, I found it on a search engine.",
        "Change the number in the URL of your invoice page and you see someone else's invoice.",
        "Someone is selling your customer database on a forum.",
        "My card and my address turned up on a paste site last week.",
        "Someone got into my account and changed the phone number.",
        "Moje dane trafiły do sąsiada razem z numerem PESEL.",
    ],
)
def test_exposure_told_other_ways(text: str) -> None:
    assert "data_breach" in _reasons(text)


@pytest.mark.parametrize(
    "text",
    [
        "My neighbour received a parcel for me and brought it over, thanks!",
        "Can I get a copy of my invoice please?",
        "The label on the parcel was smudged but it still arrived.",
        "Is the database upgrade tonight going to take the app down?",
    ],
)
def test_exposure_look_alikes(text: str) -> None:
    assert "data_breach" not in _reasons(text)


# --- legal ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I have reported the wiring to the state licensing board.",
        "Counsel has been instructed and will write to you this week.",
        "Il mio avvocato vi manderà una PEC domani.",
        "Ya presenté una reclamación ante la OMIC.",
        "Fiz uma reclamação no Procon e no Banco Central.",
        "Подала скаргу до суду, готую позов.",
        "Consumer forum mein complaint file kar di hai.",
        "已经打了12315投诉。",
    ],
)
def test_legal_in_other_words(text: str) -> None:
    assert "legal" in _reasons(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ho ricevuto via PEC la fattura, grazie.",
        "Regulator kompor yang saya beli bagus sekali, terima kasih.",
    ],
)
def test_legal_look_alikes(text: str) -> None:
    assert "legal" not in _reasons(text)


# --- safety ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "My son had his chin szyty na SOR after the swing broke.",
        "Her nail came off when the drawer slammed shut.",
        "After the peel I had blisters on both cheeks.",
        "There were shards of glass in the salad and my daughter cut her lip.",
        "A sign came down off your shopfront onto the pavement where people were walking.",
        "The plug was half melted when I pulled it out of the wall.",
        "Your driver fell asleep at the wheel twice on the motorway.",
        "The brake pedal sank to the floor at the roundabout.",
        "The vet found burns on my dog's back after your grooming session.",
        "Since the massage my arm keeps going numb.",
        "Le chauffeur conduisait avec la porte ouverte à toute vitesse.",
        "Tài xế ngủ gật suốt chuyến đi.",
    ],
)
def test_harm_told_other_ways(text: str) -> None:
    assert "safety" in _reasons(text)


@pytest.mark.parametrize(
    "text",
    [
        "The power cable was too short to reach the desk, the plug was fine though.",
        "The brainless cockroach at the counter charged me twice.",
        "My nail polish came off after one day, not impressed.",
        "The door was open so I walked in, nobody at the desk.",
    ],
)
def test_harm_look_alikes(text: str) -> None:
    assert "safety" not in _reasons(text)
