"""Build the labelled reply set `bench/data/replies_drafts.jsonl` from hand-written phrase banks.

Every sentence below was written for this set (none is taken from the playbook's seed
articles). Drafts are assembled from parts whose labels are known by construction: an
acknowledgement, a next step, a signature, and at most two "bad" sentences each tagged with
the rules it breaks, plus context variations (platform, public/private, severity, personal
data in the complaint, attachments). About 40 drafts per split are written whole, by hand.

The dev and test splits use DISJOINT banks: the test split's bad sentences, openers, steps
and complaints are different phrasings from the dev split's, so the test figures show how
the checker handles wording it was not tuned on. Run: `python bench/replies_build_set.py`.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).parent / "data" / "replies_drafts.jsonl"

# ---------------------------------------------------------------------------------------------
# Parts. Each split has its own bank. Openers/steps marked "we" have no first-person singular.
# ---------------------------------------------------------------------------------------------
BANKS: dict[str, dict[str, list]] = {
    "dev": {
        "complaints_normal": [
            "My parcel is three days late and tracking hasn't moved.",
            "The app keeps logging me out every time I open it.",
            "Ordered a blue jumper, got a green one. Not impressed.",
            "Been on hold forever, nobody picks up. What is going on?",
            "Your website charged me twice for the same order.",
            "The coffee machine I bought leaks from the bottom.",
            "Delivery driver left my box in the rain, everything soaked.",
            "Can't redeem my voucher at checkout, it says invalid.",
        ],
        "complaints_severe": [
            "The charger you sold me caught fire last night. My kid was in the room.",
            "I had an allergic reaction after your meal, ended up in hospital.",
            "Someone stole money from my account and your bank did nothing. I'm furious.",
            "Your driver hit my car and drove off. This is unacceptable.",
            "The stroller wheel snapped and my baby nearly fell out.",
        ],
        "openers_i": [
            "Hi {name}, I'm really sorry about this.",
            "Hi {name}, sorry to hear that, I can see how frustrating this is.",
            "{name}, that's not the experience you should have had, and I'm sorry.",
            "Oh no {name}, I'm sorry this happened.",
            "Thanks for flagging this, {name}, and I'm sorry for the hassle.",
            "I completely understand why you're upset, {name}.",
        ],
        "openers_we": [
            "Hi {name}, we're really sorry about this.",
            "{name}, sorry to read this, that sounds really annoying.",
            "Thanks for letting us know, {name}, and apologies for the trouble.",
            "We hate to hear this, {name}.",
        ],
        "steps_i": [
            "I'll look into it right now and come back to you within the hour.",
            "Could you send me a DM with your order number so I can check what happened?",
            "Let me check with the team and I'll update you here by 3pm.",
            "I've asked our warehouse to trace it and will message you as soon as I hear back.",
            "Please drop me a DM with the email on your account and I'll sort it from there.",
            "I'm checking the payment logs now and will reply in a few hours.",
        ],
        "steps_we": [
            "We'll look into this today and update you here by 5pm.",
            "Can you send us a DM with your order details so we can check it?",
            "We're checking with the courier now and will get back to you this afternoon.",
            "Please message us privately with your account email and we'll take it from there.",
        ],
        "signatures": ["^AK", "- Maria", "~Tom", "Cheers, Lena", "/JS", "- Priya"],
        "names": ["Sam", "Jo", "Alex", "Chris", "Dana", "Robin"],
        # (sentence, rules)
        "bad": [
            ("As we already explained, delivery times are estimates.", ["R-DEFENSIVE"]),
            ("Our policy clearly states that opened items can't be returned.", ["R-DEFENSIVE"]),
            ("That is simply not true, the parcel left on time.", ["R-DEFENSIVE"]),
            ("Like I said before, there's nothing more to add.", ["R-DEFENSIVE"]),
            ("According to our terms, this isn't covered.", ["R-DEFENSIVE"]),
            ("With all due respect, our staff did everything right.", ["R-DEFENSIVE"]),
            ("This was not our fault, the courier handles the last mile.", ["R-DEFENSIVE"]),
            ("You agreed to the terms when you placed the order.", ["R-DEFENSIVE"]),
            ("You should have read the size guide before ordering.", ["R-BLAME"]),
            ("You must have installed the update wrong.", ["R-BLAME"]),
            ("It looks like you entered the wrong address at checkout.", ["R-BLAME"]),
            ("If you had followed the instructions this wouldn't happen.", ["R-BLAME"]),
            ("You didn't read the care label, it says cold wash only.", ["R-BLAME"]),
            ("This is user error, the settings were changed on your side.", ["R-BLAME"]),
            ("The instructions are perfectly clear about this.", ["R-BLAME"]),
            ("It's up to you to keep the receipt.", ["R-BLAME"]),
            ("You're the only one who has reported this.", ["R-ONLY-ONE"]),
            ("We've never had this complaint before.", ["R-ONLY-ONE"]),
            ("Nobody else has had a problem with this model.", ["R-ONLY-ONE"]),
            ("Thousands of customers use the app without any issues.", ["R-ONLY-ONE"]),
            ("This has never happened to anyone before.", ["R-ONLY-ONE"]),
            ("It works fine for everyone else.", ["R-ONLY-ONE"]),
            ("Your request has been registered.", ["R-CANNED"]),
            ("We value your feedback.", ["R-CANNED"]),
            ("Your call is important to us.", ["R-CANNED"]),
            ("We apologize for any inconvenience this may have caused.", ["R-CANNED"]),
            ("Please be advised that our team will respond in due course.", ["R-CANNED"]),
            ("Customer satisfaction is our top priority.", ["R-CANNED"]),
            ("We take all feedback very seriously.", ["R-CANNED"]),
            ("Please call our customer service hotline on 0800 555 0199.", ["R-PHONE-BOUNCE"]),
            ("You'll need to contact the manufacturer about this.", ["R-PHONE-BOUNCE"]),
            ("Please visit our FAQ page for help with this.", ["R-PHONE-BOUNCE"]),
            ("This isn't something we can help with here.", ["R-PHONE-BOUNCE"]),
            ("Best to get in touch with your bank directly.", ["R-PHONE-BOUNCE"]),
            ("Refunds are handled by a separate department.", ["R-PHONE-BOUNCE"]),
            ("It's guaranteed to arrive tomorrow.", ["R-OVERPROMISE"]),
            ("You'll have a full refund today.", ["R-OVERPROMISE"]),
            ("Your parcel will definitely be delivered by Friday.", ["R-OVERPROMISE"]),
            ("I promise this will be fixed in two hours.", ["R-OVERPROMISE"]),
            ("This will never happen again.", ["R-OVERPROMISE"]),
            ("We'll refund you in full, no questions.", ["R-OVERPROMISE"]),
            ("This is entirely our fault, we were negligent.", ["R-ADMIT-FAULT"]),
            ("We accept full liability for the damage.", ["R-ADMIT-FAULT"]),
            ("Our driver was clearly careless.", ["R-ADMIT-FAULT"]),
            ("We are fully liable for what happened.", ["R-ADMIT-FAULT"]),
            ("Our product caused your injury and we take full responsibility.", ["R-ADMIT-FAULT"]),
            ("What a stupid question.", ["R-OFFENSIVE"]),
            ("This is a crap situation, honestly.", ["R-OFFENSIVE"]),
            ("Stop being so dramatic about a late parcel.", ["R-OFFENSIVE"]),
            ("Don't be an idiot about it.", ["R-OFFENSIVE"]),
            ("We are VERY sorry about this.", ["R-SHOUTING"]),
            ("This is NOT how we want things to go.", ["R-SHOUTING"]),
            ("We're on it!!!", ["R-SHOUTING"]),
            ("PLEASE bear with us.", ["R-SHOUTING"]),
        ],
        # Sentences that look close to a rule but are fine.
        "hard_good": [
            "You're not the only one, a few people reported it today and we're on it.",
            "I should have checked this sooner myself.",
            "I can't promise a date yet, but I'll tell you what I find.",
            "No need to call anyone, I'll handle it from here.",
            "Our team at DHL is already tracing it.",
            "Thanks for your patience while I dig in.",
            "I'll send you a DM so we can keep your details private.",
            "We want to get this right for you.",
            "That's on our list to check first.",
            "I read your message twice to make sure I understood.",
        ],
        "humor": [
            "Well, that's one way to start the week, haha.",
            "Look on the bright side, at least you got some exercise!",
            "Could be worse 😅",
            "Consider it a free sauna session lol.",
            "Plot twist: it was the blue one all along.",
        ],
        "ask_pii_bad": [
            "Please reply with your card number so we can check.",
            "Can you post your full address here?",
            "What's your date of birth? We need it to find the account.",
            "Share your password and I'll reset it for you.",
            "Please tell us your phone number below.",
        ],
        "ask_pii_good": [
            "Please DM me your order number and email so I can look it up.",
            "Could you send us a private message with your delivery address?",
            "Never share your card details here; a DM with your order number is all I need.",
        ],
        "links": ["https://help.example.com/returns", "https://status.example.com", "www.example.com/track"],
        "attachments": [["label.pdf"], ["screenshot.png"], ["https://cdn.example.com/photo.jpg"]],
        "pii_complaints": [
            ("Order 4821937 never arrived, I've been waiting two weeks.", "your order 4821937"),
            ("Please reply to jo.baker@mailbox.org, nobody ever does.", "jo.baker@mailbox.org"),
            ("Call me on 07700 900412, I'm done with waiting.", "07700 900412"),
            ("You charged my card ending in 4417 twice!", "the card ending in 4417"),
            ("Nothing delivered to 42 Elm Street yet again.", "42 Elm Street"),
        ],
    },
    "test": {
        "complaints_normal": [
            "Still no refund after returning my shoes a month ago.",
            "Your checkout page crashes whenever I add a promo code.",
            "The hotel room wasn't cleaned during my whole stay.",
            "Got an invoice for a subscription I cancelled in March.",
            "The headphones stopped charging after a week.",
            "Flight rebooked without telling me, now I'm on a 6am departure.",
            "My order shows delivered but there's nothing at my door.",
            "Support chat closed on me twice today.",
        ],
        "complaints_severe": [
            "Found glass in my salad from your store. I could have swallowed it.",
            "My e-bike battery exploded in the hallway. We're lucky nobody was hurt.",
            "Your pharmacy gave my mum the wrong medication. She's in A&E now.",
            "I lost my entire savings because of your app's transfer bug. Livid.",
            "Stranded at the airport with two kids because you cancelled with no notice.",
        ],
        "openers_i": [
            "Hey {name}, I'm so sorry, that's really not okay.",
            "{name}, I hate reading this, apologies.",
            "Hi {name}, ugh, I get why you're annoyed.",
            "{name}, thank you for telling us, and I'm sorry it came to this.",
            "Hello {name}, I'm sorry we let you down here.",
            "Hi {name}, I can imagine how stressful this is, I'm sorry.",
        ],
        "openers_we": [
            "Hello {name}, we're so sorry to hear about this.",
            "{name}, apologies, that must have been really disappointing.",
            "Hi {name}, we're sorry, this isn't the service you deserve.",
            "Thank you for raising this, {name}, and sorry for the bother.",
        ],
        "steps_i": [
            "I'm going to chase the returns team now and get back to you by tomorrow noon.",
            "If you DM me the booking reference, I'll check what went wrong.",
            "I've raised it with our developers and will update you here this evening.",
            "Send me a private message with your email and I'll look into the invoice.",
            "Let me look at your account and I'll message you within two hours.",
            "I'll find out where the parcel is and reply before the end of the day.",
        ],
        "steps_we": [
            "We'll check your account and come back to you later today.",
            "Could you DM us the booking reference so we can investigate?",
            "We've passed this to our returns team and will update you by Thursday.",
            "Please send us a private message with the order email and we'll sort it.",
        ],
        "signatures": ["^MB", "- Jonas", "– Aisha", "Thanks, Ruth", "~KL", "Speak soon, Omar"],
        "names": ["Pat", "Kim", "Lee", "Morgan", "Jamie", "Nico"],
        "bad": [
            ("Just to repeat what we told you yesterday, the refund takes 30 days.", ["R-DEFENSIVE"]),
            ("The terms and conditions make it very clear that fees apply.", ["R-DEFENSIVE"]),
            ("That's not what happened, our logs show the room was cleaned.", ["R-DEFENSIVE"]),
            ("We followed the correct procedure in your case.", ["R-DEFENSIVE"]),
            ("You're mistaken, the subscription was never cancelled.", ["R-DEFENSIVE"]),
            ("We can't be held responsible for courier delays.", ["R-DEFENSIVE"]),
            ("As stated on our website, flights can change at short notice.", ["R-DEFENSIVE"]),
            ("Honestly, there is nothing wrong with the headphones.", ["R-DEFENSIVE"]),
            ("You probably forgot to switch the charger on.", ["R-BLAME"]),
            ("You failed to cancel before the renewal date.", ["R-BLAME"]),
            ("If only you had checked your spam folder.", ["R-BLAME"]),
            ("You need to read the manual more carefully next time.", ["R-BLAME"]),
            ("It was your responsibility to check the booking.", ["R-BLAME"]),
            ("You might have dropped the headphones, that breaks the port.", ["R-BLAME"]),
            ("Seems like you didn't enter the promo code correctly.", ["R-BLAME"]),
            ("You were supposed to keep the original packaging.", ["R-BLAME"]),
            ("You seem to be the only customer having this issue.", ["R-ONLY-ONE"]),
            ("No other guests have complained about the cleaning.", ["R-ONLY-ONE"]),
            ("This is the first time we've heard of this.", ["R-ONLY-ONE"]),
            ("All our other customers are happy with the checkout.", ["R-ONLY-ONE"]),
            ("It's an isolated case as far as we can tell.", ["R-ONLY-ONE"]),
            ("We have not received any other complaints about it.", ["R-ONLY-ONE"]),
            ("Your complaint has been logged with reference 5521.", ["R-CANNED"]),
            ("We truly appreciate your business.", ["R-CANNED"]),
            ("Your feedback is very important to us.", ["R-CANNED"]),
            ("Sorry for any inconvenience caused.", ["R-CANNED"]),
            ("Kindly note that a representative will contact you shortly.", ["R-CANNED"]),
            ("Rest assured that we strive to provide excellent service.", ["R-CANNED"]),
            ("Thank you for contacting customer support.", ["R-CANNED"]),
            ("Please ring our helpline, they can sort this out.", ["R-PHONE-BOUNCE"]),
            ("You should speak to the airline directly about rebooking.", ["R-PHONE-BOUNCE"]),
            ("Check our help centre, the answer should be there.", ["R-PHONE-BOUNCE"]),
            ("We can't deal with this on social media.", ["R-PHONE-BOUNCE"]),
            ("Please email complaints@example.com instead.", ["R-PHONE-BOUNCE"]),
            ("Billing issues are dealt with by another team, please write to them.", ["R-PHONE-BOUNCE"]),
            ("Your refund will be in your account tomorrow, guaranteed.", ["R-OVERPROMISE"]),
            ("It'll be fixed by the weekend for sure.", ["R-OVERPROMISE"]),
            ("I can assure you it won't happen again.", ["R-OVERPROMISE"]),
            ("You'll get the money back within 24 hours.", ["R-OVERPROMISE"]),
            ("A replacement will definitely reach you tomorrow.", ["R-OVERPROMISE"]),
            ("We will compensate you in full for everything.", ["R-OVERPROMISE"]),
            ("It's completely our fault and our staff were negligent.", ["R-ADMIT-FAULT"]),
            ("We admit that our battery caused the fire.", ["R-ADMIT-FAULT"]),
            ("We're to blame for your mum's illness.", ["R-ADMIT-FAULT"]),
            ("Our negligence led to this and we will own it.", ["R-ADMIT-FAULT"]),
            ("We take complete responsibility for the accident.", ["R-ADMIT-FAULT"]),
            ("That's a pretty dumb thing to complain about.", ["R-OFFENSIVE"]),
            ("Holy shit, that's bad.", ["R-OFFENSIVE"]),
            ("You're being unreasonable.", ["R-OFFENSIVE"]),
            ("Honestly, what a ridiculous person.", ["R-OFFENSIVE"]),
            ("We REALLY want to fix this.", ["R-SHOUTING"]),
            ("That should NEVER happen.", ["R-SHOUTING"]),
            ("Thanks for waiting!!", ["R-SHOUTING"]),
            ("We are ALWAYS here to help.", ["R-SHOUTING"]),
        ],
        "hard_good": [
            "Other customers mentioned something similar, so you're definitely not alone.",
            "I must have missed your first message, sorry for that.",
            "I won't guess at a date before I've checked.",
            "There's no need to call our hotline, I've got this.",
            "Our UPS partner is looking at the scan history.",
            "I really appreciate you bearing with me.",
            "I'd rather keep your account details out of the public thread.",
            "We want you to enjoy the headphones you paid for.",
            "I'll read through the booking notes first.",
            "That refund should never have taken this long.",
        ],
        "humor": [
            "Haha, sounds like the bike had other plans.",
            "Think of it as a bonus adventure 😂",
            "Well, at least you got a story out of it!",
            "Who needs sleep anyway, lol.",
            "On the plus side, free seasoning 🙃",
        ],
        "ask_pii_bad": [
            "Could you give us your full home address in a reply?",
            "Send your card details here and we'll process the refund.",
            "Please confirm your date of birth below.",
            "Let us know your login password so we can check.",
            "Post your email address here and I'll find the booking.",
        ],
        "ask_pii_good": [
            "Please don't post any card details here, a DM with the booking reference is enough.",
            "Could you DM me the email address on the booking?",
            "Pop your address into a private message and I'll check the delivery notes.",
        ],
        "links": [
            "https://support.example.org/refunds",
            "https://example.org/status",
            "www.example.org/help",
        ],
        "attachments": [["refund-form.pdf"], ["photo.jpg", "receipt.png"], ["https://img.example.org/a.png"]],
        "pii_complaints": [
            ("Booking BK-77812 was cancelled and I got no email.", "booking BK-77812"),
            ("Write to me at pat.o@inboxmail.net, I'm sick of waiting.", "pat.o@inboxmail.net"),
            ("Phone me at +44 20 7946 0321 please.", "+44 20 7946 0321"),
            ("Charged twice on my Visa ending 9012.", "your Visa ending 9012"),
            ("Parcel went to 17 Oak Road instead of my flat.", "17 Oak Road"),
        ],
    },
}

# Drafts written whole, with their labels, per split.
FREEFORM: dict[str, list[tuple[str, str, str, str, list[str]]]] = {
    # (reply, platform, visibility, complaint, expected_rules)
    "dev": [
        (
            "Hi Sam, so sorry the jumper was the wrong colour. I've sent you a DM to arrange the swap. ^AK",
            "x",
            "public",
            "Ordered a blue jumper, got a green one.",
            [],
        ),
        (
            "Sorry about that. We'll check and update you tomorrow.",
            "x",
            "public",
            "App crashes on login.",
            ["R-IMPERSONAL"],
        ),
        (
            "Hi! Thanks for your order.",
            "x",
            "public",
            "My parcel is three days late.",
            ["R-IMPERSONAL", "R-NO-APOLOGY", "R-NO-NEXT-STEP"],
        ),
        (
            "Sorry for the trouble, Jo. Hope things improve. - Maria",
            "x",
            "public",
            "The app keeps logging me out.",
            ["R-NO-NEXT-STEP"],
        ),
        (
            "Hi Alex, I'll check the order now and DM you within the hour. - Tom",
            "x",
            "public",
            "Charged twice.",
            ["R-NO-APOLOGY"],
        ),
        (
            "Dear customer, your complaint has been forwarded to the relevant department. Regards.",
            "email",
            "public",
            "Charged twice.",
            ["R-CANNED", "R-IMPERSONAL", "R-NO-APOLOGY", "R-NO-NEXT-STEP"],
        ),
        (
            "I'm sorry, Dana. That's our fault entirely, our staff were negligent. I'll call you today. ^AK",
            "facebook",
            "private",
            "I slipped on a wet floor in your store.",
            [],
        ),
        (
            "I'm sorry, Dana. That's our fault entirely, our staff were negligent. I'll DM you today. ^AK",
            "facebook",
            "public",
            "I slipped on a wet floor in your store.",
            ["R-ADMIT-FAULT"],
        ),
        (
            "Sorry Chris, I've checked order 5582211 and it's at the depot. I'll chase it now. ^JS",
            "x",
            "private",
            "Order 5582211 is late.",
            [],
        ),
        (
            "Sorry Chris, I've checked order 5582211 and it's at the depot. I'll chase it now. ^JS",
            "x",
            "public",
            "Order 5582211 is late.",
            ["R-PII-ECHO"],
        ),
        (
            "Oh no, sorry Robin! Could you DM me a photo of the leak? I'll get a replacement arranged. Cheers, Lena",
            "instagram",
            "public",
            "The coffee machine leaks.",
            [],
        ),
        (
            "Sorry Robin, that's annoying. Here's our returns page: https://help.example.com/returns - I'll keep an eye on your DMs too. ^AK",
            "x",
            "public",
            "Machine leaks.",
            ["R-MEDIA-REVIEW", "R-PHONE-BOUNCE"],
        ),
        (
            "lol sorry about that, I'll sort it tomorrow ^AK",
            "x",
            "public",
            "My flight was cancelled and I'm stranded with my kids. Furious.",
            ["R-HUMOR-RISK"],
        ),
        (
            "lol sorry about that, I'll sort the voucher tomorrow ^AK",
            "x",
            "public",
            "Voucher code isn't working, bit annoying.",
            [],
        ),
        (
            "Sorry for the wait, Sam. I'll look at the account and send you a DM. Just so you know, nobody else has complained, which is odd. ^AK",
            "x",
            "public",
            "App logs me out.",
            ["R-ONLY-ONE"],
        ),
        (
            "I'm sorry this happened, Jo. To be fair, our terms say the same, but I'll see what I can do and DM you. - Priya",
            "x",
            "public",
            "Not allowed to return sale item.",
            ["R-DEFENSIVE"],
        ),
        (
            "Sorry Alex, I'm checking with the courier and will reply by 4pm. Our hotline won't be needed. ^AK",
            "x",
            "public",
            "Parcel late.",
            [],
        ),
        (
            "Es tut mir leid, Sam. Ich kümmere mich darum und melde mich heute per DM. ^AK",
            "x",
            "public",
            "Paket fehlt.",
            [],
        ),
        (
            "Wie bereits erwähnt, ist das nicht möglich. ^AK",
            "x",
            "public",
            "Warum keine Erstattung?",
            ["R-DEFENSIVE", "R-NO-APOLOGY", "R-NO-NEXT-STEP"],
        ),
        ("Sorry Dana, I'll fix this TODAY!!! ^AK", "x", "public", "Charged twice.", ["R-SHOUTING"]),
    ],
    "test": [
        (
            "Hi Pat, I'm sorry the refund is taking so long. I've chased it with finance and will DM you an update by Friday. - Jonas",
            "x",
            "public",
            "Still no refund.",
            [],
        ),
        (
            "Sorry about this. The team will look into it.",
            "x",
            "public",
            "Headphones broken.",
            ["R-IMPERSONAL", "R-NO-NEXT-STEP"],
        ),
        (
            "Hello Kim, thanks for shopping with us!",
            "facebook",
            "public",
            "Checkout crashes.",
            ["R-IMPERSONAL", "R-NO-APOLOGY", "R-NO-NEXT-STEP"],
        ),
        (
            "Kim, really sorry about the crash. Hope you have a better day! ^MB",
            "x",
            "public",
            "Checkout crashes.",
            ["R-NO-NEXT-STEP"],
        ),
        (
            "Hi Lee, could you DM me the booking reference? I'll check the cleaning log. ~KL",
            "x",
            "public",
            "Room never cleaned.",
            ["R-NO-APOLOGY"],
        ),
        (
            "Thank you for contacting us. Your case number is 88123. An agent will be in touch.",
            "email",
            "public",
            "Invoice for cancelled subscription.",
            ["R-CANNED", "R-IMPERSONAL", "R-NO-APOLOGY", "R-NO-NEXT-STEP"],
        ),
        (
            "I'm so sorry, Morgan. We were negligent and it's completely our fault. I'll call you this afternoon. – Aisha",
            "email",
            "private",
            "Glass in my salad.",
            [],
        ),
        (
            "I'm so sorry, Morgan. We were negligent and it's completely our fault. I'll DM you this afternoon. – Aisha",
            "x",
            "public",
            "Glass in my salad.",
            ["R-ADMIT-FAULT"],
        ),
        (
            "Sorry Jamie, booking BK-77812 shows as cancelled by the airline. I'll rebook you now. ^MB",
            "x",
            "private",
            "Booking BK-77812 was cancelled.",
            [],
        ),
        (
            "Sorry Jamie, booking BK-77812 shows as cancelled by the airline. I'll rebook you now. ^MB",
            "x",
            "public",
            "Booking BK-77812 was cancelled.",
            ["R-PII-ECHO"],
        ),
        (
            "So sorry Nico! Can you DM me a photo of the receipt? I'll get the refund moving. Thanks, Ruth",
            "instagram",
            "public",
            "Charged twice.",
            [],
        ),
        (
            "Sorry Nico, have a look at https://support.example.org/refunds and I'll watch for your DM. ^MB",
            "x",
            "public",
            "Charged twice.",
            ["R-MEDIA-REVIEW"],
        ),
        (
            "Haha oops, sorry! I'll check what happened with the battery. ^MB",
            "x",
            "public",
            "My e-bike battery exploded in the hallway.",
            ["R-HUMOR-RISK"],
        ),
        (
            "Haha oops, sorry! I'll check the promo code for you. ^MB",
            "x",
            "public",
            "Promo code doesn't apply, minor thing.",
            [],
        ),
        (
            "Sorry Pat, I'll look into it and DM you. For what it's worth, we've had zero reports of this so far. ^MB",
            "x",
            "public",
            "Checkout crashes.",
            ["R-ONLY-ONE"],
        ),
        (
            "I'm sorry, Kim. In our defence, the storm delayed everything, but I'll check your parcel and DM you. - Jonas",
            "x",
            "public",
            "Parcel late.",
            ["R-DEFENSIVE"],
        ),
        (
            "Sorry Lee, I'll get this sorted today myself, no call centre needed. ^MB",
            "x",
            "public",
            "Support chat closed on me.",
            [],
        ),
        (
            "Das tut uns leid, Kim. Wir prüfen das und melden uns morgen per DM. ^MB",
            "x",
            "public",
            "Rechnung falsch.",
            [],
        ),
        (
            "Laut unseren AGB ist das ausgeschlossen. ^MB",
            "x",
            "public",
            "Keine Erstattung?",
            ["R-DEFENSIVE", "R-NO-APOLOGY", "R-NO-NEXT-STEP"],
        ),
        (
            "Sorry Morgan, this is UNACCEPTABLE and I'll fix it now!!! ^MB",
            "x",
            "public",
            "Hotel room dirty.",
            ["R-SHOUTING"],
        ),
    ],
}


def build() -> list[dict]:  # noqa: C901 - one flat recipe reads best here
    # The helpers below are called inside the loop that binds `split` and `b` (B023 is safe here).
    rnd = random.Random(20240611)
    records: list[dict] = []
    for split, b in BANKS.items():
        n = 0

        def add(
            reply: str,
            expected: list[str],
            *,
            platform: str = "x",
            visibility: str = "public",
            complaint: str | None = None,
            severity: str = "normal",
            attachments: list[str] | None = None,
            kind: str = "",
        ) -> None:
            nonlocal n
            n += 1
            records.append({
                "id": f"{split}-{n:03d}", "split": split, "kind": kind, "reply": reply, "platform": platform,  # noqa: B023
                "visibility": visibility, "complaint": complaint if complaint is not None else rnd.choice(b["complaints_normal"]),  # noqa: B023
                "severity": severity, "attachments": attachments or [], "expected_rules": sorted(set(expected)),
            })  # fmt: skip

        def good(voice: str | None = None, sign: bool = True) -> tuple[str, str, str]:
            v = voice or rnd.choice(["i", "we"])
            name = rnd.choice(b["names"])  # noqa: B023
            opener = rnd.choice(b[f"openers_{v}"]).format(name=name)  # noqa: B023
            step = rnd.choice(b[f"steps_{v}"])  # noqa: B023
            sig = rnd.choice(b["signatures"]) if sign else ""  # noqa: B023
            return opener, step, sig

        def join(*parts: str) -> str:
            return " ".join(p for p in parts if p)

        # 1. Clean drafts, both voices.
        for _ in range(14):
            o, s, g = good()
            add(join(o, s, g), [], kind="clean")
        # 2. One bad sentence each (every bad phrase once).
        for sentence, rules in b["bad"]:
            o, s, g = good()
            parts = [o, sentence, s, g] if rnd.random() < 0.6 else [o, s, sentence, g]
            add(join(*parts), rules, kind="bad")
        # 3. Hard negatives.
        for sentence in b["hard_good"]:
            o, s, g = good("i")
            add(join(o, sentence, s, g), [], kind="hard_good")
        # 4. Two bad sentences.
        for _ in range(10):
            (s1, r1), (s2, r2) = rnd.sample(b["bad"], 2)  # noqa: B023
            o, s, g = good()
            add(join(o, s1, s, s2, g), r1 + r2, kind="two_bad")
        # 5. Missing parts.
        for _ in range(6):
            o, s, g = good()
            add(join(s, g), ["R-NO-APOLOGY"], kind="no_apology")
            o, s, g = good()
            add(join(o, g), ["R-NO-NEXT-STEP"], kind="no_next_step")
            o, s, _ = good("we", sign=False)
            add(join(o, s), ["R-IMPERSONAL"], kind="impersonal")
            o, s, _ = good("we", sign=False)
            add(join(o, s), [], visibility="private", kind="impersonal_private")
        # 6. Humour: flagged on severe cases only.
        for sentence in b["humor"]:
            o, s, g = good("i")
            add(
                join(o, sentence, s, g),
                ["R-HUMOR-RISK"],
                complaint=rnd.choice(b["complaints_severe"]),  # noqa: B023
                severity=rnd.choice(["high", "normal"]),
                kind="humor_severe",
            )
            o, s, g = good("i")
            add(join(o, sentence, s, g), [], kind="humor_light")
        # 7. Asking for personal data.
        for sentence in b["ask_pii_bad"]:
            o, _, g = good("i")
            add(join(o, sentence, g), ["R-ASK-PII-PUBLIC"], kind="ask_pii")
            add(join(o, sentence, g), [], visibility="private", platform="email", kind="ask_pii_private")
        for sentence in b["ask_pii_good"]:
            o, _, g = good("i")
            add(join(o, sentence, g), [], kind="ask_pii_ok")
        # 8. Echoing personal data from the complaint.
        for complaint, echo in b["pii_complaints"]:
            o, s, g = good("i")
            add(
                join(o, f"I'm looking at {echo} now.", s, g),
                ["R-PII-ECHO"],
                complaint=complaint,
                kind="pii_echo",
            )
            add(
                join(o, f"I'm looking at {echo} now.", s, g),
                [],
                complaint=complaint,
                visibility="private",
                kind="pii_private",
            )
            add(join(o, "I'm looking at your details now.", s, g), [], complaint=complaint, kind="pii_ok")
        # 9. Links and attachments.
        for link in b["links"]:
            o, s, g = good("i")
            add(join(o, f"More here: {link}", s, g), ["R-MEDIA-REVIEW"], kind="link")
        for att in b["attachments"]:
            o, s, g = good("i")
            add(join(o, s, g), ["R-MEDIA-REVIEW"], attachments=att, kind="attachment")
        # 10. Length: the same long draft is too long on X, fine on Facebook.
        for _ in range(4):
            o, s, g = good("i")
            extra = " ".join(rnd.sample(b["hard_good"], 4))  # noqa: B023
            text = join(o, extra, s, g)
            while len(text) <= 300:
                text = join(o, extra, rnd.choice(b["hard_good"]), s, g)  # noqa: B023
                extra = join(extra, rnd.choice(b["hard_good"]))  # noqa: B023
            add(text, ["R-LENGTH"], platform=rnd.choice(["x", "bluesky"]), kind="length")
            add(text, [], platform="facebook", kind="length_ok")
        # 11. Freeform drafts.
        for reply, platform, vis, complaint, expected in FREEFORM[split]:
            severe = any(c in complaint for c in b["complaints_severe"])  # noqa: B023
            add(
                reply,
                expected,
                platform=platform,
                visibility=vis,
                complaint=complaint,
                severity="high" if severe else "normal",
                kind="freeform",
            )
    return records


def main() -> None:
    records = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    by_split: dict[str, int] = {}
    for r in records:
        by_split[r["split"]] = by_split.get(r["split"], 0) + 1
    print(f"wrote {len(records)} drafts to {OUT} ({by_split})")


if __name__ == "__main__":
    main()
