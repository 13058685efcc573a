"""Northwind Fresh: an online grocer in Berlin. A day of mentions in German and English.

Written for the demo by the calmdesk authors; every person, order and address is invented.
"""

from __future__ import annotations

from calmdesk.demo.model import BRAND, BrandSeed, CustomerSeed, OrderSeed, Person, Post, Script, Step

# Hand-written data: one post per call so a thread reads top to bottom; the formatter would
# put every argument on its own line.
# fmt: off
PEOPLE: dict[str, Person] = {
    "lena": Person("lena_kocht", "Lena Hartmann", 842),
    "priya": Person("priyacooks", "Priya Raman", 1430),
    "tom": Person("tom_at_home", "Tom Becker", 288),
    "mehmet": Person("mehmet.yilmaz.bln", "Mehmet Yılmaz", 260),
    "mara": Person("mara.eats", "Mara Okafor", 5120),
    "hanna": Person("uni_hanna", "Hanna", 120),
    "klaus": Person("grumpy_kl4us", "Klaus", 41, age_days=30),
    "mario": Person("mario_rossi_bln", "Mario Rossi", 1900),
    "felix": Person("feli_fux", "Felix Fuchs", 530),
    "sabine": Person("sabine.koch@example.de", "Sabine Koch", None),
    "katrin": Person("k_vogel_journo", "Katrin Vogel | Spree Kurier", 12800, verified=True),
    "dani": Person("dani.richter.9", "Dani Richter", 75),
    "boost": Person("followers4u_deals", "Real Followers Fast", 3, age_days=1),
    "airdrop": Person("nwf_airdrop_official", "NWF Token Airdrop", 12, age_days=2),
    "teller": Person("teller_und_tacheles", "Teller & Tacheles", 384000, verified=True),
    "jens": Person("jens_mueller_berlin", "Jens Müller", 97),
    # The display name proves the web desk escapes what authors write.
    "xss": Person("not_a_hacker", "<script>alert(1)</script>", 15, age_days=2),
    "jule": Person("sommer_im_kiez", "Jule Sommer", 445),
    "chris": Person("ckluge", "Christian Kluge", 65),
    "joe": Person("rocketmanjoe", "Joe", 310),
    "petra": Person("petra.lang.berlin", "Petra Lang", 150),
    "nina": Person("nina.petrova.9", "Nina Petrova", 420),
    "oliver": Person("oliver.grant@lindenhof.example", "Oliver Grant", None),
    "anja": Person("anja.schreiber.75", "Anja Schreiber", 180),
    "radl": Person("radlerin_bln", "Radlerin Berlin", 2210),
    "ben": Person("ben_in_berlin", "Ben Carter", 640),
    "lisa": Person("lisa.k.fotografie", "Lisa Krüger", 3900),
    "omar": Person("omar_eats_veggies", "Omar Haddad", 870),
    "greta": Person("greta.wolf@example.de", "Greta Wolf", None),
    "fruh": Person("frueh_aufsteher", "Frank Ulrich", 58),
    "karin": Person("karin.hoffmann.bln", "Karin Hoffmann", 210),
    "sophie": Person("sophie_lernt_kochen", "Sophie", 760),
    "gabi": Person("gym_with_gabi", "Gabi | Fitness", 18400),
    "paul": Person("paul_pendelt", "Paul Schröder", 330),
    "henrik": Person("henrik.bauer.kita", "Henrik Bauer", 95),
    "marta": Person("marta_ks", "Marta Kowalska", 410),
    "vegan": Person("vegan.vibes.berlin", "Vegan Vibes Berlin", 9100),
    "kiez": Person("kiezkind", "Kiezkind", 1250),
    "eule": Person("nachteule_ber", "Nachteule", 77),
}

POSTS: tuple[Post, ...] = (
    # A late delivery, acknowledged; the customer is still waiting.
    Post("nw001", "21:05", "x", "lena",
         "@NorthwindFresh my delivery slot ended two hours ago. No driver, no message, the tracking page just "
         "says 'on the way'. Order NW-482913. Dinner was supposed to be in that bag."),
    Post("nw002", "21:20", "x", BRAND,
         "Hi Lena, I'm sorry, that's a long wait with no word from us. I'm checking with the Kreuzberg depot "
         "right now and will be back here within 20 minutes with where your driver is. – Sam",
         reply_to="nw001", kind="ack", sent_by="agent"),
    Post("nw003", "21:31", "x", "lena",
         "Thanks Sam. Kids are asking for pasta so please hurry 😅", reply_to="nw002"),
    # Allergen in a product sold as nut-free: safety, escalated at once (B-ESCALATE).
    Post("nw010", "22:41", "x", "priya",
         "@NorthwindFresh the 'nut-free' oat bars in your kids' snack box list PEANUTS on the back of the "
         "wrapper. My son took two bites before I noticed and his lips are swelling. We're on the way to the "
         "doctor. How is this labelled nut-free on your site??"),
    Post("nw011", "22:52", "x", BRAND,
         "Priya, I'm so sorry. Please look after your son first. I've passed this to our food safety lead, who "
         "is taking the bars off sale tonight, and she will contact you directly. Could you keep the wrapper? "
         "– Mia", reply_to="nw010", kind="ack", sent_by="supervisor"),
    Post("nw012", "23:30", "x", "priya",
         "Doctor gave him antihistamines, he's ok now. I kept the wrapper. The product page still says "
         "nut-free btw.", reply_to="nw011"),
    # Wrong item: public, then DM for the order number, then back to public (B-HANDOFF), closed with thanks.
    Post("nw020", "08:12", "x", "tom",
         "@NorthwindFresh ordered oat milk, got three litres of whole milk. Second time this month the picker "
         "swapped something without asking 🙄"),
    Post("nw021", "08:40", "x", BRAND,
         "Sorry Tom, nothing should be swapped without asking you first. Could you DM us your order number? "
         "I'll sort out the milk myself. – Jonas", reply_to="nw020", kind="handoff", sent_by="agent"),
    Post("nw022", "08:46", "x", "tom", "Order is NW-481207. The milk is unopened if you want it back.",
         thread="nw020", private=True),
    Post("nw023", "08:58", "x", BRAND,
         "Thanks Tom. I've refunded the €3.87 for the milk and added a €5 voucher for the trouble. No need to "
         "send anything back. I've also switched substitutions off for your account, so nothing gets swapped "
         "without a yes from you.", thread="nw020", private=True, kind="reply", sent_by="agent"),
    Post("nw024", "09:05", "x", BRAND,
         "Sorted in DMs: the milk is refunded and substitutions are off for your account. Thanks for telling "
         "us, Tom. – Jonas", reply_to="nw021", kind="closeout", sent_by="agent"),
    Post("nw025", "09:20", "x", "tom", "That was quick, thanks Jonas 👍", reply_to="nw024"),
    # German Facebook complaint that moved to Messenger and is still being worked on.
    Post("nw030", "16:02", "facebook", "mehmet",
         "Schon wieder fehlen drei Artikel in meiner Lieferung (Joghurt, Tomaten, Waschmittel), bezahlt habe "
         "ich aber alles. Das ist diesen Monat das dritte Mal. Langsam reicht es mir.", lang="de"),
    Post("nw031", "16:30", "facebook", BRAND,
         "Hallo Mehmet, das tut mir leid – dreimal in einem Monat ist eindeutig zu oft. Ich schreibe dir gleich "
         "per Nachricht, damit wir die Bestellung gemeinsam durchgehen. Viele Grüße, Jonas",
         reply_to="nw030", lang="de", kind="handoff", sent_by="agent"),
    Post("nw032", "16:41", "facebook", "mehmet", "Bestellnummer NW-483550. Die Rechnung habe ich hier.",
         thread="nw030", private=True, lang="de"),
    Post("nw033", "16:55", "facebook", BRAND,
         "Danke! Ich sehe die drei fehlenden Artikel. Ich kläre gerade mit dem Lager, warum sie nicht eingepackt "
         "wurden, und melde mich innerhalb der nächsten Stunde mit einer Lösung bei dir.",
         thread="nw030", private=True, lang="de", kind="reply", sent_by="agent"),
    # Praise on Instagram, with a reply.
    Post("nw040", "12:15", "instagram", "mara",
         "Brunch sorted thanks to @northwind.fresh 🍓🥐 those strawberries actually taste like strawberries"),
    Post("nw041", "12:50", "instagram", BRAND, "That's made our day, Mara! 🍓 Enjoy the brunch. – Lea",
         reply_to="nw040", kind="reply", sent_by="agent"),
    # A plain question.
    Post("nw050", "23:12", "x", "hanna",
         "@NorthwindFresh do you deliver to Potsdam yet or only inside the Ring? Asking for a flat of 5 hungry "
         "students"),
    # Offensive to other users, no complaint in it: dismissed (B-MODERATE a).
    Post("nw060", "19:44", "x", "klaus",
         "@NorthwindFresh your drivers are sh*tty id*ots and so is every moron who orders from you"),
    # A real complaint with masked profanity: stays, it is valid criticism.
    Post("nw070", "20:10", "x", "mario",
         "@NorthwindFresh your driver just threw my bags on the doorstep, eggs smashed, and told me to f*** off "
         "when I asked him to wait. Absolute sh*tshow. Order NW-483102."),
    # Data breach: another customer's order visible in the app.
    Post("nw080", "23:35", "x", "felix",
         "@NorthwindFresh I opened the app to check my order and I'm looking at someone else's order: their "
         "name, their address in Neukölln, their phone number, what they bought. This is not my order. Who "
         "else can see MY details??"),
    Post("nw081", "23:44", "x", "felix",
         "Screenshot saved. Logged out and in again, still showing her order. Not ok.", reply_to="nw080"),
    # Legal threat by e-mail after an injury, in German.
    Post("nw090", "10:05", "email", "sabine",
         "Betreff: Sturz über Ihre Lieferkiste\n\nSehr geehrte Damen und Herren,\n\nIhr Fahrer hat gestern "
         "die Kisten mitten im dunklen Treppenhaus abgestellt, ohne zu klingeln. Ich bin darüber gestolpert "
         "und habe mir das Handgelenk verstaucht (ein ärztliches Attest liegt vor). Ich erwarte bis Freitag "
         "eine Stellungnahme, andernfalls übergebe ich die Angelegenheit meinem Rechtsanwalt.\n\nMit "
         "freundlichen Grüßen\nSabine Koch", private=True, lang="de"),
    Post("nw091", "11:30", "email", BRAND,
         "Sehr geehrte Frau Koch,\n\nes tut mir sehr leid, dass Sie sich verletzt haben. Ich habe Ihren "
         "Bericht an unsere Schadensabteilung gegeben; Frau Berger ruft Sie morgen Vormittag persönlich an und "
         "bespricht die nächsten Schritte mit Ihnen.\n\nGute Besserung\nJonas Weber, Northwind Kundenservice",
         reply_to="nw090", private=True, lang="de", kind="ack", sent_by="supervisor"),
    # Press inquiry.
    Post("nw100", "17:20", "x", "katrin",
         "@NorthwindFresh Hi, I'm a reporter at Spree Kurier working on a piece about working conditions for "
         "grocery delivery riders in Berlin. Could your press office get in touch? DMs are open. My deadline is "
         "tomorrow noon."),
    # Card number, phone and e-mail in a public post (B-MODERATE b).
    Post("nw110", "22:05", "facebook", "dani",
         "You charged my card twice for the same order!! Card 4111 1111 1111 1111, exp 09/27. Call me on "
         "+49 151 2345 6789 or write to dani.richter@example.org, I want this fixed TODAY"),
    # Spam: follower selling, crypto airdrop.
    Post("nw120", "14:03", "x", "boost",
         "@NorthwindFresh Grow your brand fast 🚀 10K REAL followers for just $9.99 ✅ 100% safe ✅ DM now or "
         "visit followers-fast.example/buy"),
    Post("nw121", "14:04", "instagram", "boost",
         "@northwind.fresh 🔥 Limited offer: 50K likes + 10K followers, instant delivery 👉 "
         "followers-fast.example/buy"),
    Post("nw130", "18:18", "x", "airdrop",
         "🚨 Northwind customers! Claim your free NWF token airdrop before it ends 👉 nwf-airdrop.example/claim "
         "Connect your wallet, receive 500 NWF 💸 #crypto #NorthwindFresh", tagged=False),
    # A high-reach verified author (B-KNOW), with another customer chiming in.
    Post("nw140", "19:02", "x", "teller",
         "Ordered from @NorthwindFresh for a recipe shoot: bagged salad already slimy, the sourdough had mould "
         "on the underside, and the 'fresh' salmon smelled off. Binned half of it. Recipe video postponed, and "
         "no, I won't be shopping there again."),
    Post("nw141", "19:40", "x", "jens",
         "@teller_und_tacheles @NorthwindFresh same thing last week, the salmon was grey 🤢", reply_to="nw140"),
    # A legitimate question from an author with a script tag for a name.
    Post("nw150", "15:33", "instagram", "xss",
         "@northwind.fresh is the pumpkin soup vegan? the label doesn't say"),
    # Thawed frozen food, German; a solution was proposed in DMs.
    Post("nw160", "21:48", "x", "jule",
         "@NorthwindFresh Lieferung kam zwei Stunden zu spät und die Tiefkühlpizza und das Eis waren komplett "
         "aufgetaut. Soll ich das jetzt noch essen?? Bestellung NW-483377", lang="de"),
    Post("nw161", "22:10", "x", BRAND,
         "Hallo Jule, bitte nicht mehr essen oder wieder einfrieren – aufgetaute Tiefkühlware ist nicht mehr "
         "sicher. Entschuldige die Verspätung! Schick uns bitte kurz eine DM, dann kläre ich den Rest. – Lea",
         reply_to="nw160", lang="de", kind="handoff", sent_by="agent"),
    Post("nw162", "22:20", "x", "jule", "Danke. Es waren das Vanilleeis, das Schokoeis und die Pizza Margherita.",
         thread="nw160", private=True, lang="de"),
    Post("nw163", "22:35", "x", BRAND,
         "Ich würde dir die drei Artikel (11,47 €) erstatten und einen Gutschein über 5 € für die Verspätung "
         "dazulegen. Passt das für dich?", thread="nw160", private=True, lang="de", kind="reply",
         sent_by="agent"),
    # App crash.
    Post("nw170", "20:55", "instagram", "chris",
         "@northwind.fresh your app crashes every time I tap 'pay' 😩 tried 4 times, iPhone 13, latest version"),
    # A mild, joking complaint, and the one docs/demo.md walks through: it is the day's last
    # x post, so its first response is due after "now" at any hour the demo is loaded.
    Post("nw180", "23:25", "x", "joe",
         "@NorthwindFresh the 'family size' rocket bag was maybe 6 leaves. Family of ants maybe 🐜😂"),
    # Delivered to the wrong house: resolved in private, public close-out posted.
    Post("nw190", "09:40", "facebook", "petra",
         "Your driver left our crate at the wrong house (no. 14 instead of 41) and the neighbours are away. "
         "Half of it is chilled stuff."),
    Post("nw191", "09:55", "facebook", BRAND,
         "Oh no, Petra, sorry about the mix-up. Could you send us a message with your order number? Then we can "
         "get the chilled things to you too. – Jonas", reply_to="nw190", kind="handoff", sent_by="agent"),
    Post("nw192", "10:02", "facebook", "petra", "NW-482740, the chilled bits were milk, cheese and chicken",
         thread="nw190", private=True),
    Post("nw193", "10:30", "facebook", BRAND,
         "A driver is bringing fresh milk, cheese and chicken within the next two hours, no charge. We'll "
         "collect the crate from no. 14 when your neighbours are back.", thread="nw190", private=True,
         kind="reply", sent_by="agent"),
    Post("nw194", "13:15", "facebook", BRAND,
         "Petra, I hope the replacement reached you. Did everything get to you in the end? – Jonas",
         reply_to="nw191", kind="closeout", sent_by="agent"),
    # Praise for a driver: not a complaint.
    Post("nw200", "11:20", "facebook", "nina",
         "Shout-out to the driver who carried our crates up to the 5th floor without a lift today, and smiled "
         "the whole time. Whoever you are, thank you! 💚"),
    Post("nw201", "11:45", "facebook", BRAND,
         "Thank you, Nina! That was Ahmed, and we've passed your words on to him – he was chuffed. 💚 – Lea",
         reply_to="nw200", kind="reply", sent_by="agent"),
    # German question.
    Post("nw210", "07:30", "x", "jens",
         "@NorthwindFresh Kann man bei euch eigentlich Pfandflaschen zurückgeben, wenn der Fahrer kommt?",
         lang="de"),
    # Business customer question by e-mail.
    Post("nw220", "14:50", "email", "oliver",
         "Subject: Invoices for our company account\n\nHello,\n\nWe order office snacks through Northwind for a "
         "team of 25. Could you issue one monthly invoice with our VAT ID instead of a card payment per order?"
         "\n\nBest regards,\nOliver Grant\nOffice Manager, Lindenhof Studio", private=True),
    # German complaint about mouldy strawberries.
    Post("nw230", "17:55", "facebook", "anja",
         "Die Erdbeeren waren schon am Tag der Lieferung matschig und teilweise schimmelig. Für 4,99 € die "
         "Schale erwarte ich wirklich mehr.", lang="de"),
    # Keyword tracking: a post naming the brand without tagging it.
    Post("nw240", "18:40", "x", "radl",
         "Northwind Fresh van parked in the bike lane on Oranienstraße again. Third time this week I had to "
         "swerve into traffic. Someone's going to get hurt.", tagged=False),
    # Mixed feedback, English.
    Post("nw250", "10:45", "instagram", "lisa",
         "Love the new paper bags @northwind.fresh 🌿 but why is every single cucumber still wrapped in "
         "plastic?"),
    Post("nw260", "15:10", "x", "omar",
         "@NorthwindFresh any chance of more vegan options in the ready meals? There are exactly two and I've "
         "eaten both a dozen times"),
    Post("nw261", "15:42", "x", BRAND,
         "Ha, fair point, Omar! I've passed it to our range team – three new vegan meals are on their list. "
         "I'll post here when they land. – Lea", reply_to="nw260", kind="reply", sent_by="agent"),
    Post("nw262", "15:50", "x", "omar", "Holding you to that 😄", reply_to="nw261"),
    Post("nw270", "20:30", "x", "ben",
         "@NorthwindFresh half my eggs cracked again. Is there a trick to asking for them to be packed on top? "
         "Order number is in my account, same as always."),
    Post("nw280", "23:50", "email", "greta",
         "Betreff: Lastschrift doppelt abgebucht\n\nHallo,\n\nauf meinem Kontoauszug sehe ich Ihre Lastschrift "
         "über 58,30 € zweimal am selben Tag. Bitte erstatten Sie den doppelten Betrag.\n\nDanke\nGreta Wolf",
         private=True, lang="de"),
    # A quieter stretch of the day: questions, small complaints, thanks.
    Post("nw300", "06:45", "x", "fruh",
         "@NorthwindFresh Gibt es eigentlich Lieferfenster ganz früh am Morgen? Ich muss um halb acht aus dem "
         "Haus.", lang="de"),
    Post("nw310", "09:15", "facebook", "karin",
         "Seit dem App-Update finde ich meine Favoritenliste nicht mehr. Wo ist die hin?", lang="de"),
    Post("nw311", "09:50", "facebook", "karin", "Hab sie gefunden, unter Profil. Trotzdem unpraktisch.",
         reply_to="nw310", lang="de"),
    Post("nw320", "11:00", "x", "sophie",
         "@NorthwindFresh the recipe card in my box says 400 g pasta but there was only 250 g in the bag. Small "
         "thing, but dinner for 4 became dinner for 2.5 😅"),
    Post("nw330", "12:40", "instagram", "gabi", "Protein pudding is finally back in stock 🙌 @northwind.fresh"),
    Post("nw340", "13:55", "x", "paul",
         "@NorthwindFresh the driver today was fantastic, helped my grandma carry everything up. Please tell "
         "him thanks!"),
    Post("nw350", "14:20", "facebook", "henrik",
         "Nehmt ihr auch regelmäßige Bestellungen für Kitas an? Wir sind eine Elterninitiative mit 20 Kindern.",
         lang="de"),
    Post("nw360", "16:45", "x", "marta",
         "@NorthwindFresh charged me the bag fee even though I ticked 'no bags'. It's 50 cents but still."),
    Post("nw361", "17:05", "x", BRAND,
         "Sorry, Marta, that shouldn't happen. I've refunded the 50 cents and told our app team the setting was "
         "ignored. – Lea", reply_to="nw360", kind="reply", sent_by="agent"),
    Post("nw370", "18:05", "instagram", "vegan",
         "@northwind.fresh the oat yoghurt arrived two days past its best-before 😕 not the first time"),
    Post("nw380", "19:20", "x", "kiez",
         "Northwind Fresh driver just gave my kid a banana while we were waiting at the door 😂 wholesome",
         tagged=False),
    Post("nw390", "22:30", "x", "eule",
         "@NorthwindFresh Kann ich meine Bestellung für morgen noch ändern? Die App lässt mich nicht mehr.",
         lang="de"),
    Post("nw395", "23:55", "instagram", "chris", "still crashing btw", reply_to="nw170"),
)

SCRIPTS: tuple[Script, ...] = (
    Script("nw001", "x", (Step("acknowledged", "21:20"),), owner="agent"),
    Script("nw010", "x", (Step("acknowledged", "22:52"),
                          Step("escalated", "22:53", note="allergen mislabelled; food safety lead informed")),
           owner="supervisor"),
    Script("nw020", "x", (Step("acknowledged", "08:40"), Step("private", "08:46"), Step("resolved", "08:58"),
                          Step("public_closeout", "09:05"), Step("closed", "09:21")),
           owner="agent", thanked=True),
    Script("nw030", "facebook", (Step("acknowledged", "16:30"), Step("private", "16:41")), owner="agent"),
    Script("nw060", "x", (Step("dismissed", "19:58", dismiss_reason="offensive",
                               note="insults other customers; nothing to resolve (B-MODERATE a)"),),
           owner="supervisor"),
    Script("nw070", "x", (Step("triaged", "20:30", note="driver conduct; depot lead to review"),)),
    Script("nw090", "email", (Step("acknowledged", "11:30"),
                              Step("escalated", "11:32", note="injury and legal threat; claims team")),
           owner="supervisor"),
    Script("nw120", "x", (Step("dismissed", "14:30", dismiss_reason="spam", note="follower selling"),)),
    Script("nw160", "x", (Step("acknowledged", "22:10"), Step("private", "22:20"),
                          Step("resolution_proposed", "22:35")), owner="agent"),
    Script("nw190", "facebook", (Step("acknowledged", "09:55"), Step("private", "10:02"),
                                 Step("resolved", "10:30"), Step("public_closeout", "13:15")), owner="agent"),
    Script("nw200", "facebook", (Step("dismissed", "11:46", dismiss_reason="not_a_complaint",
                                      note="praise; passed on to the driver"),), owner="agent"),
    Script("nw260", "x", (Step("acknowledged", "15:42"),), owner="agent"),
)

CUSTOMERS: tuple[CustomerSeed, ...] = (
    CustomerSeed("NW-C-1001", "Lena Hartmann", "lena.hartmann@example.de", "+49 30 5550 1001", "gold",
                 {"x": "lena_kocht"},
                 (OrderSeed("NW-482913", 0.2, ("Spaghetti", "Passata", "Parmesan", "Basil"), 64.20, "out_for_delivery"),
                  OrderSeed("NW-479001", 12, ("Weekly box family",), 88.10),
                  OrderSeed("NW-476512", 30, ("Weekly box family",), 91.35))),
    CustomerSeed("NW-C-1002", "Priya Raman", "priya.raman@example.com", None, "standard", {"x": "priyacooks"},
                 (OrderSeed("NW-483015", 1, ("Kids snack box", "Oat bars (nut-free)"), 42.90),)),
    CustomerSeed("NW-C-1003", "Tom Becker", "tom.becker@example.de", None, "standard", {"x": "tom_at_home"},
                 (OrderSeed("NW-481207", 1.5, ("Oat milk 1 l x3", "Bread", "Apples"), 37.15),)),
    CustomerSeed("NW-C-1004", "Mehmet Yılmaz", "m.yilmaz@example.de", "+49 30 5550 1004", "gold",
                 {"facebook": "mehmet.yilmaz.bln"},
                 (OrderSeed("NW-483550", 0.3, ("Yoghurt", "Tomatoes", "Detergent", "Rice", "Chicken"), 71.80),
                  OrderSeed("NW-480220", 9, ("Weekly box",), 65.00),
                  OrderSeed("NW-478901", 19, ("Weekly box",), 68.45))),
    CustomerSeed("NW-C-1005", "Jule Sommer", "jule.sommer@example.de", None, "standard",
                 {"x": "sommer_im_kiez"},
                 (OrderSeed("NW-483377", 0.15, ("Pizza Margherita", "Vanilla ice cream", "Chocolate ice cream"),
                            11.47),)),
    CustomerSeed("NW-C-1006", "Petra Lang", "petra.lang@example.de", None, "standard",
                 {"facebook": "petra.lang.berlin"},
                 (OrderSeed("NW-482740", 0.6, ("Milk", "Cheese", "Chicken", "Vegetables"), 53.60),)),
    CustomerSeed("NW-C-1007", "Sabine Koch", "sabine.koch@example.de", "+49 30 5550 1007", "standard",
                 {"email": "sabine.koch@example.de"},
                 (OrderSeed("NW-482001", 1.4, ("Drinks crate", "Weekly box"), 79.90),)),
    CustomerSeed("NW-C-1008", "Mario Rossi", "mario.rossi@example.it", None, "standard", {"x": "mario_rossi_bln"},
                 (OrderSeed("NW-483102", 0.2, ("Eggs x10", "Flour", "Milk"), 18.40),)),
    CustomerSeed("NW-C-1009", "Oliver Grant", "oliver.grant@lindenhof.example", None, "gold",
                 {"email": "oliver.grant@lindenhof.example"},
                 (OrderSeed("NW-482555", 3, ("Office snacks",), 212.00),
                  OrderSeed("NW-479870", 10, ("Office snacks",), 198.50))),
    CustomerSeed("NW-C-1010", "Felix Fuchs", "felix.fuchs@example.de", None, "standard", {"x": "feli_fux"},
                 (OrderSeed("NW-483420", 0.1, ("Coffee", "Oat milk"), 14.20, "placed"),)),
    # The customer whose order Felix can see; not linked to any social account.
    CustomerSeed("NW-C-1011", "Aylin Demir", "aylin.demir@example.de", "+49 30 5550 1011", "standard", {},
                 (OrderSeed("NW-483421", 0.1, ("Baby food", "Nappies"), 46.75, "placed"),)),
    CustomerSeed("NW-C-1012", "Greta Wolf", "greta.wolf@example.de", None, "standard",
                 {"email": "greta.wolf@example.de"}, (OrderSeed("NW-481990", 2, ("Weekly box",), 58.30),)),
    CustomerSeed("NW-C-1013", "Ben Carter", "ben.carter@example.com", None, "standard", {"x": "ben_in_berlin"},
                 (OrderSeed("NW-483260", 0.2, ("Eggs x10", "Bread", "Butter"), 12.90),
                  OrderSeed("NW-481004", 7, ("Eggs x10", "Bread"), 9.80))),
)
# fmt: on

SEED = BrandSeed("northwind", "EUR", PEOPLE, POSTS, SCRIPTS, CUSTOMERS)
