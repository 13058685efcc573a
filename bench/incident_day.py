"""A synthetic day of complaints for `bench/incidents.py`: ordinary posts, and an outage burst.

Ordinary posts cover every topic the desk sees (late parcels, double charges, faulty products,
rude staff, locked accounts, an app that crashes on one screen), in many phrasings, with typos,
some in German, Spanish, French or Dutch, at a volume that follows a daily curve (quiet nights,
a lunchtime and an evening peak). The outage posts are what customers write when the brand's
app and website go down: "is the app down?", "cant log in since 2pm", "site keeps giving me
error 503", "die App geht nicht", with the same noise. Nothing here is tuned to the detector:
the phrasings were written first, and the blind day uses a seed that was never tuned on.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

#: Share of the day's ordinary volume in each hour (UTC), a desk's usual curve.
HOURLY = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 4, 5, 5.5, 6, 6.5, 6, 5.5, 5, 5, 5.5, 6, 6.5, 6, 4.5, 3, 1.8]

NAMES = ["parcel", "package", "order", "delivery", "box"]
ITEMS = [
    "kettle",
    "headphones",
    "trainers",
    "sofa cushion",
    "phone case",
    "blender",
    "jacket",
    "lamp",
    "desk chair",
    "coffee machine",
    "kids bike",
    "rug",
    "toaster",
    "backpack",
    "smart watch",
]
DAYS = ["monday", "last week", "friday", "two weeks ago", "yesterday", "the 3rd", "10 days ago"]

ORDINARY: dict[str, list[str]] = {
    "delivery": [
        "my {name} was supposed to arrive {day} and still nothing",
        "where is my {name}?? tracking hasn't moved since {day}",
        "courier says delivered but there is no {name} at my door",
        "driver left my {item} in the rain outside the wrong house",
        "ordered a {item} {day}, still says processing. whats going on",
        "your delivery partner is useless, 3rd missed delivery this week",
        "paid for next day delivery and the {item} turned up {day}, want the fee back",
        "the {name} arrived completely crushed, {item} inside is damaged",
        "tracking number doesnt work, no idea where my {item} is",
        "why does the collection point keep sending my {name} back??",
        "still waiting on my {item}. ordered {day}. no emails no updates nothing",
        "deliverd to a neighbour I have never met, how is that ok",
        "mein Paket ist seit {day} unterwegs und nichts passiert",
        "mi pedido no ha llegado todavía, lo pedí {day}",
        "mon colis n'est toujours pas arrivé, commandé {day}",
        "mijn pakket is nog steeds niet bezorgd",
    ],
    "billing": [
        "you charged me twice for the same {item}",
        "still no refund for the {item} I returned {day}",
        "why is there an extra fee on my bill this month",
        "cancelled my subscription {day} and you took money again",
        "promo code didnt work at checkout and now I paid full price for the {item}",
        "refund was promised {day}, its not on my card",
        "got an invoice for something I never ordered",
        "price went up between basket and payment, thats not fair",
        "double debit on my account from your shop, pls fix",
        "voucher expired after 2 days?? that is ridiculous",
        "ich wurde doppelt belastet für meine Bestellung",
        "me cobraron dos veces el mismo pedido",
    ],
    "product_quality": [
        "the {item} broke after two uses",
        "{item} arrived with a crack in it",
        "the {item} stopped working after a week, really disappointed",
        "quality of the {item} is so cheap, fell apart immediately",
        "wrong size sent, I ordered a medium {item}",
        "missing parts in the {item} box, cant assemble it",
        "my {item} smells of burning plastic when I turn it on",
        "battery on the {item} dies in an hour, its faulty",
        "received the wrong item, ordered a {item} got something else",
        "the {item} is leaking everywhere",
        "der {item} ist nach einer Woche kaputt gegangen",
        "el {item} llegó roto",
    ],
    "staff_service": [
        "the staff at your high street store were so rude to me today",
        "waited 40 mins on hold and then got cut off",
        "nobody replies to my emails, been {day} since I wrote",
        "your customer service agent hung up on me",
        "asked the manager for help with my {item} and he just laughed",
        "the chat bot keeps going in circles, I want a human",
        "shop assistant refused to take back my {item} with receipt",
        "no response from support since {day}, is anyone there",
        "worst customer service ive ever had honestly",
        "el servicio al cliente no contesta nunca",
    ],
    "account_access": [
        "my account got locked after I changed my address",
        "password reset email never comes",
        "verification code sent to my old phone number, how do I change it",
        "someone changed the email on my account, I didnt do that",
        "why was my account suspended? I did nothing wrong",
        "2fa code expires before it even arrives",
        "cant update my profile, the save button does nothing",
        "mein Konto wurde gesperrt und niemand hilft",
    ],
    "technical": [
        "the app crashes every time I open the camera to scan a barcode",
        "search on your site shows items that are out of stock",
        "wishlist keeps deleting itself",
        "the size guide page is blank on my phone",
        "notifications from the app come in the middle of the night",
        "the app drains my battery since the last update",
        "dark mode makes the prices unreadable",
        "filters on the website reset every time I go back",
        "product photos dont load in the app on my old ipad",
        "the store locator map shows a shop that closed last year",
        "the website was really slow this morning",
        "your app logged me out again, third time today",
        "error message when I try to add a {item} to my basket",
    ],
    "other": [
        "why did you stop selling the {item} I always buy",
        "your new packaging is so wasteful, so much plastic for one {item}",
        "the ad on tv is so annoying honestly",
        "loyalty points from my {item} never showed up",
        "can you bring back the old opening hours at the city store",
        "disappointed the {item} is no longer available in blue",
    ],
}

TOPIC_WEIGHTS = {
    "delivery": 30,
    "billing": 18,
    "product_quality": 18,
    "staff_service": 12,
    "account_access": 8,
    "technical": 8,
    "other": 6,
}

OUTAGE = [
    "is the {brand} app down?? wont load at all",
    "{brand} app not working for anyone else?",
    "cant log in to the {brand} app, just spins",
    "website down again? getting error 503",
    "your site is down and I need to pay for my order",
    "app keeps saying something went wrong please try again later",
    "been trying to log in for half an hour, app and website both down",
    "is there an outage? {brand} app wont open",
    "checkout not loading, site just times out",
    "the app is completely broken right now, nothing loads",
    "cannot sign in, it says service unavailable",
    "anyone else getting errors on the {brand} website? cant check out",
    "app down, website down, phone line busy. great",
    "{brand} down for me too. cant even see my orders",
    "keep getting 'server error' on your app since like {time}",
    "your app hasn't worked since {time}, what is going on",
    "site wont load my basket, keeps erroring",
    "is {brand} having an outage? the app shows a blank screen",
    "tried the app and the site, neither works. sort it out",
    "payment page crashed halfway and now the app wont load",
    "login broken on the app. reinstalled, still broken",
    "the website is throwing error 500 every time",
    "app stuck on the loading screen for 20 mins",
    "hello? is the app down or is it just me",
    "down again?! cant access my account on the app or website",
    "service unavailable on the site, please fix it asap",
    "nothing loads on the {brand} app, is there a problem",
    "just get a spinning wheel on your website, is it down",
]
OUTAGE_FOREIGN = [
    "ist die {brand} App down? Login geht nicht",
    "die App geht seit {time} nicht mehr, Fehler beim Laden",
    "la app de {brand} no funciona, no puedo entrar",
    "la web está caída? error al cargar",
    "l'appli {brand} ne marche plus, impossible de se connecter",
    "le site est en panne? erreur 503",
    "de app van {brand} werkt niet, kan niet inloggen",
]
PREFIX = [
    "",
    "",
    "",
    "ugh ",
    "seriously ",
    "hey @{handle} ",
    "@{handle} ",
    "omg ",
    "again?? ",
    "help! ",
    "{brand} ",
    "{brand}, ",
    "dear {brand}, ",
]
SUFFIX = [
    "",
    "",
    "",
    " !!",
    " ??",
    " #fail",
    " fix it pls",
    " so annoying",
    " :(",
    " thanks a lot",
    " really?",
]


def typo(text: str, rnd: random.Random, rate: float) -> str:
    """Swap, drop or double a letter in some words (phone typing)."""
    words = text.split(" ")
    for i, w in enumerate(words):
        if len(w) > 3 and w.isalpha() and rnd.random() < rate:
            j = rnd.randrange(1, len(w) - 1)
            op = rnd.choice(("swap", "drop", "double"))
            if op == "swap":
                w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
            elif op == "drop":
                w = w[:j] + w[j + 1 :]
            else:
                w = w[:j] + w[j] + w[j:]
            words[i] = w
    return " ".join(words)


def _fill(tpl: str, rnd: random.Random, brand: str) -> str:
    hour = rnd.randrange(8, 22)
    text = tpl.format(
        name=rnd.choice(NAMES),
        item=rnd.choice(ITEMS),
        day=rnd.choice(DAYS),
        brand=brand,
        handle=brand.lower(),
        time=f"{hour % 12 or 12}{rnd.choice(['pm', ':30', 'ish', ''])}",
    )
    text = rnd.choice(PREFIX).format(handle=brand.lower(), brand=brand) + text + rnd.choice(SUFFIX)
    if rnd.random() < 0.3:
        text = text.capitalize()
    return typo(text, rnd, 0.08)


@dataclass(frozen=True)
class GenPost:
    id: int
    at: datetime
    text: str
    outage: bool


def ordinary_times(rnd: random.Random, day: datetime, count: int) -> list[datetime]:
    hours = rnd.choices(range(24), weights=HOURLY, k=count)
    return sorted(day + timedelta(hours=h, seconds=rnd.uniform(0, 3600)) for h in hours)


def generate_day(
    seed: int,
    day: datetime,
    *,
    ordinary: int = 5000,
    burst: int = 200,
    burst_start: datetime | None = None,
    brand: str = "Northwind",
    first_id: int = 1,
) -> list[GenPost]:
    """One day of posts sorted by time; the burst (if any) starts at `burst_start`.

    Burst arrival times rise fast and fade over about two hours (gamma, shape 1.6, scale 25
    min): people notice an outage within minutes, then fewer report it as it goes on.
    """
    rnd = random.Random(seed)
    topics = list(TOPIC_WEIGHTS)
    weights = list(TOPIC_WEIGHTS.values())
    out: list[tuple[datetime, str, bool]] = []
    for at in ordinary_times(rnd, day, ordinary):
        topic = rnd.choices(topics, weights=weights)[0]
        out.append((at, _fill(rnd.choice(ORDINARY[topic]), rnd, brand), False))
    if burst and burst_start is not None:
        for _ in range(burst):
            at = burst_start + timedelta(minutes=rnd.gammavariate(1.6, 25.0))
            pool = OUTAGE_FOREIGN if rnd.random() < 0.1 else OUTAGE
            out.append((at, _fill(rnd.choice(pool), rnd, brand), True))
    out.sort(key=lambda r: r[0])
    return [GenPost(first_id + i, at, text, outage) for i, (at, text, outage) in enumerate(out)]
