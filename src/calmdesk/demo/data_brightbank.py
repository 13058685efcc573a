"""BrightBank: a UK bank with a desk open around the clock. A day of mentions.

Written for the demo by the calmdesk authors; every person, account and number is invented
(the phone number is from Ofcom's range reserved for drama, the sort code is fictional).
"""

from __future__ import annotations

from calmdesk.demo.model import BRAND, BrandSeed, CustomerSeed, OrderSeed, Person, Post, Script, Step

# Hand-written data: one post per call so a thread reads top to bottom; the formatter would
# put every argument on its own line.
# fmt: off
PEOPLE: dict[str, Person] = {
    "ines": Person("ines_travels", "Inês Carvalho", 2300),
    "rob": Person("robharding", "Rob Harding", 410),
    "frozen": Person("throwaway_frozen_acct", None, 1, age_days=1),
    "quokka": Person("quiet_quokka", None, 4800, age_days=2900),
    "lurker": Person("ledgerlurker", None, 1200, age_days=2100),
    "saver": Person("compound_curious", None, 310),
    "alex": Person("alex@tech.example", "Alex Ng", 930),
    "mira": Person("mira@social.example", "Mira Holt", 2150),
    "jojo": Person("jojo@mastodon.example", "Jo Jones", 160),
    "hannah": Person("hannah-lowe.bsky.social", "Hannah Lowe", 780),
    "dave": Person("sunny_day_dave", "Dave Sunderland", 95),
    "marcus": Person("m_osei", "Marcus Osei", 1600),
    "priti": Person("priti_ledger", "Priti Shah (The Ledger)", 45200, verified=True),
    "maya": Person("moneywithmaya", "Maya | Money With Maya", 1240000, verified=True),
    "phish": Person("BrightBank_Secure", "BrightBank Security Team", 8, age_days=3),
    "btc": Person("btc_bridge_uk", "BTC Bridge UK 🚀", 20, age_days=5),
    "graham": Person("g.fenwick@example.co.uk", "Graham Fenwick", None),
    "laura": Person("laura_mcd", "Laura McDonald", 530),
    "angry": Person("angrytaxpayer77", "Angry Taxpayer", 60, age_days=200),
    "sam": Person("sam_k_uk", "Sam Kaur", 140),
    "ben": Person("ben-okoro.bsky.social", "Ben Okoro", 390),
    "rowan": Person("rowan@a11y.example", "Rowan Ellis", 3300),
    "ken": Person("corner_shop_ken", "Ken Patel", 720),
    "grief": Person("lost_dad_march", None, 12, age_days=400),
    "ellie": Person("ellie_p", "Ellie Price", 250),
    "fin": Person("finn_writes", "Finn Morgan", 1900),
    "student": Person("uni_budget_bea", "Bea", 310),
    "nurse": Person("nightshift_nurse_jo", "Jo (nights)", 520),
    "pete": Person("pennywise-pete.bsky.social", "Pete", 260),
    "geoff": Person("grandad_geoff", "Geoff Miller", 34),
    "recovery": Person("funds_recovery_pro", "Funds Recovery Pro 💯", 11, age_days=4),
    "lucy": Person("lucy_in_leeds", "Lucy Ward", 890),
    "teacher": Person("tired-teacher.bsky.social", "Tired Teacher", 1400),
    "baker": Person("a.baker@example.co.uk", "Alan Baker", None),
}

_FROZEN = (
    "BrightBank froze my account three weeks ago and nobody will tell me why\n\n"
    "Long post, sorry. I've banked with BrightBank for six years, salary goes in there, bills go out. Three "
    "weeks ago my card stopped working at the supermarket and the app now shows a red banner that says "
    "'Your account is under review'. That's it. No letter, no email.\n\n"
    "I've phoned four times. Each time I wait about 40 minutes, get told the 'specialist team' is looking at "
    "it and they can't tell me anything else, and that I'll hear back in 'up to 10 working days'. It's been "
    "15. My rent is due on Friday and my salary has gone into an account I can't touch. I've had to borrow "
    "from my sister to buy food.\n\n"
    "I've not done anything dodgy. The only unusual thing is I sold my old car last month. Has anyone been "
    "through this? Is there anything I can actually do, or do I just wait?"
)

_SAVER = (
    "How does interest on the BrightBank Easy Saver actually work?\n\n"
    "The app says 4.1% AER, 'calculated daily, paid monthly'. If I put in £2,000 now and another £200 each "
    "month, do I earn interest on the interest within the month, or only once it's paid? And if I take £500 "
    "out for a week, do I lose the whole month's interest like my old bank did? Trying to decide between "
    "this and a fixed-rate account. Thanks!"
)

_GRIEF = (
    "Two months trying to close my late father's BrightBank account\n\n"
    "My dad passed away in the spring. I'm the executor. I sent BrightBank the death certificate and the "
    "grant of probate by recorded delivery eight weeks ago. Since then: two letters addressed to him asking "
    "him to 'update his details', a phone call where I was told they had no record of my documents, and a "
    "direct debit for his phone contract that they keep paying even though I asked them to stop it.\n\n"
    "Every call means explaining again that he died. I know banks have processes. I just want one person who "
    "knows the file. Is there a bereavement team at BrightBank, and how do you reach it?"
)

POSTS: tuple[Post, ...] = (
    # Stranded abroad with a blocked card: private, resolved, the public close-out is still owed.
    Post("bb001", "23:20", "x", "ines",
         "@BrightBankHelp my card is being declined everywhere in Lisbon. Hotel wants payment for checkout and "
         "I'm stuck at reception. I told the app I was travelling!! Please help, I have no other card with me."),
    Post("bb002", "23:28", "x", BRAND,
         "Inês, I'm sorry, that's a horrible spot to be in. I'm checking your card now; it may have been "
         "stopped by our fraud checks. Please send us a DM so I can confirm it's you – never share card "
         "details here. – Ravi", reply_to="bb001", kind="handoff", sent_by="supervisor"),
    Post("bb003", "23:34", "x", "ines", "It's Inês Carvalho, card ending 4417, the app says 'active'.",
         thread="bb001", private=True),
    Post("bb004", "23:41", "x", BRAND,
         "Thanks, Inês, that's you. Our fraud system stopped a payment in Portugal because it looked unusual. "
         "I've removed the block; please try the card again now. I'll stay on this chat until it goes through.",
         thread="bb001", private=True, kind="reply", sent_by="supervisor"),
    Post("bb005", "23:49", "x", "ines", "It worked!! Paid. Thank you Ravi, you saved me.", thread="bb001",
         private=True),
    # Unauthorised payments: fraud, escalated.
    Post("bb010", "20:15", "x", "rob",
         "@BrightBankHelp £1,240 just left my account in 6 payments to some online shop I've never heard of. "
         "I didn't make these. Card is in my wallet. What do I do??"),
    Post("bb011", "20:24", "x", BRAND,
         "Rob, I'm sorry. I've frozen the card from our side so nothing else can go out. Our fraud team is "
         "taking this on; please DM us and we'll start the claim together tonight. – Ravi", reply_to="bb010",
         kind="handoff", sent_by="supervisor"),
    # Long Reddit post with community replies; moved to private messages.
    Post("bb020", "06:10", "reddit", "frozen", _FROZEN, tagged=False),
    Post("bb021", "06:40", "reddit", "quokka",
         "Same thing happened to me last year. It's usually a 'source of funds' review. Ask them for the "
         "reference number of the review and complain in writing, then after 8 weeks you can go to the "
         "ombudsman.", reply_to="bb020", tagged=False),
    Post("bb022", "07:05", "reddit", "lurker",
         "Did you get a large payment in recently? That's almost always the trigger. Have the paperwork ready "
         "before they ask for it.", reply_to="bb020", tagged=False),
    Post("bb023", "08:10", "reddit", "frozen",
         "Yes, £9k from selling the car to a private buyer. I've got the signed sale receipt and the V5C slip.",
         reply_to="bb022", tagged=False),
    Post("bb024", "09:00", "reddit", BRAND,
         "Hi, I'm Claire from BrightBank's social care team. I'm really sorry you've been left without your "
         "money and without an explanation; that isn't how it should go. I can't discuss your account in "
         "public, but if you send a private message to u/BrightBank with your name and postcode, I'll get a "
         "named case handler to call you today and tell you exactly what's needed to lift the review. The car "
         "sale paperwork you mentioned is very likely what they'll ask for. – Claire",
         reply_to="bb020", kind="handoff", sent_by="supervisor"),
    Post("bb025", "09:30", "reddit", "frozen", "Sent you a message. Thank you, first human reply in weeks.",
         thread="bb020", private=True),
    # Reddit question.
    Post("bb030", "15:45", "reddit", "saver", _SAVER, tagged=False),
    # Outage reports from established accounts on Mastodon (not a fake burst).
    Post("bb040", "18:02", "mastodon", "alex",
         "@brightbank@mastodon.example is the app down? Can't log in, 'something went wrong' on both phone and "
         "web."),
    Post("bb041", "18:04", "mastodon", "mira",
         "anyone else unable to log in to BrightBank? payday and I can't see if my salary arrived 🙃 "
         "@brightbank@mastodon.example"),
    Post("bb042", "18:05", "mastodon", "jojo", "BrightBank login broken for me too. Error 503. #brightbank",
         tagged=False),
    Post("bb043", "18:20", "mastodon", BRAND,
         "You're not imagining it: logins have been failing for many customers for about 20 minutes. Our "
         "engineers are on it and I'll post here as soon as it's back. Card payments still work. Sorry for the "
         "worry. – Claire", reply_to="bb040", kind="ack", sent_by="supervisor"),
    Post("bb044", "19:10", "mastodon", BRAND,
         "Logins are working again. If you still can't get in, reply here and I'll look at it with you. Thanks "
         "for bearing with us. – Claire", reply_to="bb043", kind="closeout", sent_by="supervisor"),
    Post("bb045", "19:14", "mastodon", "alex", "Back in, thanks for the updates 👍", reply_to="bb044"),
    # Praise.
    Post("bb050", "13:30", "bluesky", "hannah",
         "Credit where due: @brightbank.bsky.social sorted my mortgage overpayment question in ten minutes on "
         "chat, with a real person who knew the answer. Rare these days."),
    # Account number, sort code and phone number in public.
    Post("bb060", "22:50", "x", "dave",
         "@BrightBankHelp why is my transfer STILL pending?? account 31926819 sort code 60-16-13, it's rent "
         "money. ring me 07700 900123"),
    # Legal threat.
    Post("bb070", "16:40", "x", "marcus",
         "@BrightBankHelp third time asking about the £35 fees you took while my account was frozen by YOUR "
         "error. I've filed with the Financial Ombudsman and my solicitor is drafting a letter before action. "
         "Expect it this week."),
    # Press.
    Post("bb080", "18:35", "x", "priti",
         "Hi @BrightBankHelp, Priti Shah from The Ledger here. We're hearing reports of a login outage "
         "affecting BrightBank customers tonight. Can your press office confirm how many customers are "
         "affected and when it began? Email in bio."),
    # A very high-reach verified author.
    Post("bb090", "21:30", "x", "maya",
         "Just found out @BrightBankHelp has been charging me a £4/month 'card maintenance fee' nobody "
         "mentioned when I opened the account. Checking my statements now… 14 months. If you bank with them, "
         "check yours. 🧵"),
    Post("bb091", "21:34", "x", "maya",
         "Update: the fee is in the T&Cs under 'optional services', which I never opted into. Waiting for a "
         "reply, @BrightBankHelp.", reply_to="bb090"),
    # Impersonation, phishing and crypto spam.
    Post("bb100", "18:40", "x", "phish",
         "⚠️ BrightBank customers: after tonight's outage all accounts must be re-verified within 24h. Verify "
         "here 👉 brightbank-secure-login.example/verify to avoid suspension.", tagged=False),
    Post("bb101", "18:42", "x", "phish",
         "@BrightBankHelp customers hit by the outage can claim £50 compensation here 👉 "
         "brightbank-secure-login.example/claim"),
    Post("bb110", "12:20", "x", "btc",
         "Tired of 0.5% from @BrightBankHelp? 📈 Our BTC bridge pays 2% DAILY. Guaranteed. DM for the link "
         "💰🚀"),
    # Remortgage by e-mail: a resolution was proposed.
    Post("bb120", "09:15", "email", "graham",
         "Subject: Remortgage offer expired while waiting for your valuation\n\nDear BrightBank,\n\nMy "
         "remortgage offer (application BB-MTG-2291) expired yesterday because your surveyor cancelled the "
         "valuation twice. I am now due to move onto your standard variable rate, which costs me about £310 a "
         "month more. None of this delay was mine. What will you do about it?\n\nRegards,\nGraham Fenwick",
         private=True),
    Post("bb121", "10:40", "email", BRAND,
         "Dear Mr Fenwick,\n\nI'm sorry; two cancelled valuations is not the service you should have had, and "
         "I understand the worry about the higher rate. I've asked Daniel Price, who leads our mortgage team, "
         "to extend your offer by 30 days while the valuation is rebooked, so you would stay on the rate you "
         "were offered. He will confirm by email tomorrow morning. Would that work for you?\n\nKind regards,"
         "\nClaire Morgan, BrightBank customer care", reply_to="bb120", private=True, kind="reply",
         sent_by="supervisor"),
    # Data breach: someone else's statement in the post.
    Post("bb130", "19:55", "x", "laura",
         "@BrightBankHelp I've just received a BrightBank statement in the post with MY name on the envelope "
         "but SOMEONE ELSE's account inside: their name, address, balance, every transaction. If mine went to "
         "them too I'm furious."),
    # Masked profanity aimed at staff.
    Post("bb140", "20:50", "x", "angry",
         "@BrightBankHelp you lot are a bunch of thieving c*nts and your call centre staff are brain-dead "
         "m*ppets"),
    # Financial hardship: went private, closed without a public step at the customer's request (B-HANDOFF).
    Post("bb150", "07:45", "x", "sam",
         "@BrightBankHelp I'm struggling to keep up with my loan repayments and I'm scared to call. Is there "
         "anything you can do?"),
    Post("bb151", "07:58", "x", BRAND,
         "Sam, thank you for reaching out; that takes courage, and there are options. Please send us a DM and "
         "I'll arrange for our financial support team to talk it through with you at a time that suits you. "
         "– Ravi", reply_to="bb150", kind="handoff", sent_by="supervisor"),
    Post("bb152", "08:05", "x", "sam", "Thank you. Please don't reply publicly again, I don't want people to know.",
         thread="bb150", private=True),
    Post("bb153", "08:20", "x", BRAND,
         "Of course, Sam, we'll keep it here. Your repayments are paused for 30 days from today with no fees, "
         "and Nadia from our financial support team will call you tomorrow morning to go through a plan with "
         "you.", thread="bb150", private=True, kind="reply", sent_by="supervisor"),
    Post("bb154", "08:30", "x", "sam", "Thank you so much. That's a weight off.", thread="bb150", private=True),
    # Question.
    Post("bb160", "14:25", "bluesky", "ben",
         "@brightbank.bsky.social can you open a joint account in the app or do we both need to go to a "
         "branch?"),
    # Accessibility regression.
    Post("bb170", "11:10", "mastodon", "rowan",
         "@brightbank@mastodon.example since the last app update VoiceOver reads every button on the payments "
         "screen as 'button'. I'm blind; I can't tell 'pay' from 'cancel' any more. That's not a small bug for "
         "me."),
    # Card skimmer: safety and fraud.
    Post("bb180", "22:15", "x", "ken",
         "@BrightBankHelp the cash machine outside your Mill Street branch has something stuck over the card "
         "slot, looks like a skimmer. Several people used it while I watched."),
    Post("bb181", "22:16", "x", "ken", "Loose plastic piece over the slot, comes off if you pull it. Photo in "
         "the next post.", reply_to="bb180"),
    # Bereavement, long Reddit post with a reply.
    Post("bb190", "10:20", "reddit", "grief", _GRIEF, tagged=False),
    Post("bb191", "11:05", "reddit", "quokka",
         "So sorry for your loss. Most banks have a bereavement team with a direct line; ask for a named case "
         "owner in writing. You shouldn't have to repeat this every call.", reply_to="bb190", tagged=False),
    # Overdraft fee refunded, now in follow-up.
    Post("bb200", "05:30", "x", "ellie",
         "@BrightBankHelp charged me a £25 overdraft fee because your payment went out a day early?? how is "
         "that my fault"),
    Post("bb201", "05:42", "x", BRAND,
         "Ellie, I'm sorry. I've checked, and the payment did leave a day early on our side, so the fee "
         "shouldn't have been charged. I've refunded the £25 now. – Ravi", reply_to="bb200", kind="reply",
         sent_by="supervisor"),
    Post("bb202", "06:30", "x", BRAND, "Hi Ellie, checking in: has the £25 shown up on your account? – Ravi",
         reply_to="bb201", kind="followup", sent_by="supervisor"),
    # A writer asking about a feature, and a student with a mild complaint.
    Post("bb210", "16:05", "x", "fin",
         "@BrightBankHelp is there any way to export transactions as CSV from the app? The PDF statements are "
         "useless for my accountant."),
    Post("bb220", "17:30", "bluesky", "student",
         "@brightbank.bsky.social the student overdraft page says 'interest-free' but the app shows me an "
         "interest charge of £2.14?? small but confusing"),
    # Quieter hours: a night-shift question, feature questions, a recovery scam.
    Post("bb300", "03:10", "x", "nurse",
         "@BrightBankHelp card payment at the hospital canteen failed 3 times tonight but the money's gone from "
         "my balance. £4.20 x3. Pending or lost?"),
    Post("bb301", "03:25", "x", BRAND,
         "Jo, sorry about that in the middle of a night shift. Those three are holds the canteen never "
         "collected; I've asked for them to be released, and they'll drop off your balance within three "
         "working days at the latest. – Ravi", reply_to="bb300", kind="reply", sent_by="supervisor"),
    Post("bb302", "03:40", "x", "nurse", "ok thanks, good to know", reply_to="bb301"),
    Post("bb310", "08:50", "bluesky", "pete",
         "@brightbank.bsky.social love the round-up savings feature, saved £212 without noticing 🎉"),
    Post("bb320", "12:55", "x", "geoff",
         "@BrightBankHelp my branch in Harlow is closing and I don't use the internet much. How do I pay in "
         "cheques now?"),
    Post("bb330", "14:40", "reddit", "lurker",
         "BrightBank for a sole trader account, any experiences?\n\nStarting out as a freelance electrician. "
         "BrightBank's business account looks cheap, but I've read mixed things about how long they take to "
         "open one. Anyone using it day to day?", tagged=False),
    Post("bb331", "15:10", "reddit", "quokka",
         "I use it for my plumbing business. Free for the first year, then £6 a month. Invoicing is basic but "
         "fine. Opening took about a week.", reply_to="bb330", tagged=False),
    Post("bb340", "18:25", "mastodon", "mira", "still not in. 20 minutes now", reply_to="bb041"),
    Post("bb350", "20:05", "x", "recovery",
         "@BrightBankHelp Lost money to a scam? We recover funds from any bank, 100% success rate, pay only "
         "after recovery 💯 DM us now"),
    Post("bb360", "21:10", "x", "lucy",
         "@BrightBankHelp my new card hasn't arrived after 12 days and the old one expires tomorrow. Can I get "
         "a virtual card in the app meanwhile?"),
    Post("bb370", "22:40", "bluesky", "teacher",
         "@brightbank.bsky.social your chatbot has sent me round in a loop 4 times. I just want to change my "
         "address. Is there a human in there?"),
    Post("bb380", "23:10", "email", "baker",
         "Subject: How I was treated at your Ealing branch\n\nGood evening,\n\nI went into the Ealing branch "
         "this afternoon to pay in my late wife's cheques. The cashier sighed, told me I was 'holding up the "
         "queue' and sent me away without paying them in. I have banked with you for 31 years. I would like an "
         "apology and for the cheques to be paid in.\n\nAlan Baker", private=True),
    Post("bb390", "23:40", "x", "maya",
         "Hundreds of replies saying they're paying the same fee. @BrightBankHelp this needs a proper answer.",
         reply_to="bb091"),
)

SCRIPTS: tuple[Script, ...] = (
    Script("bb001", "x", (Step("acknowledged", "23:28"), Step("private", "23:34"), Step("resolved", "23:50")),
           owner="supervisor", thanked=True),
    Script("bb010", "x", (Step("acknowledged", "20:24"),
                          Step("escalated", "20:25", note="unauthorised payments over £1,000; fraud team")),
           owner="supervisor"),
    Script("bb020", "reddit", (Step("acknowledged", "09:00"), Step("private", "09:30")), owner="supervisor"),
    Script("bb040", "mastodon", (Step("acknowledged", "18:20"), Step("resolved", "19:10"),
                                 Step("closed", "19:15")), owner="supervisor", thanked=True),
    Script("bb042", "mastodon", (Step("dismissed", "18:30", dismiss_reason="duplicate",
                                      note="same login outage as the thread answered on Mastodon"),)),
    Script("bb100", "x", (Step("dismissed", "18:50", dismiss_reason="spam",
                               note="phishing impersonation; reported to the platform"),)),
    Script("bb120", "email", (Step("acknowledged", "10:40"), Step("resolution_proposed", "10:41")),
           owner="supervisor"),
    Script("bb150", "x", (Step("acknowledged", "07:58"), Step("private", "08:05"), Step("resolved", "08:20"),
                          Step("closed", "08:35", skip_closeout_reason="customer asked for no public replies")),
           owner="supervisor", thanked=True),
    Script("bb170", "mastodon", (Step("triaged", "11:30", note="accessibility regression; app team ticket"),)),
    Script("bb200", "x", (Step("acknowledged", "05:42"), Step("resolved", "05:43"), Step("follow_up", "06:30")),
           owner="supervisor"),
)

CUSTOMERS: tuple[CustomerSeed, ...] = (
    CustomerSeed("BB-C-2001", "Inês Carvalho", "ines.carvalho@example.pt", "+44 7700 900411", "gold",
                 {"x": "ines_travels"}, (OrderSeed("BB-CA-118204", 2200, ("Current account",), 0.0, "active"),)),
    CustomerSeed("BB-C-2002", "Rob Harding", "rob.harding@example.co.uk", None, "standard", {"x": "robharding"},
                 (OrderSeed("BB-CA-120551", 1400, ("Current account",), 0.0, "card_frozen"),)),
    CustomerSeed("BB-C-2003", "Graham Fenwick", "g.fenwick@example.co.uk", "+44 7700 900877", "gold",
                 {"email": "g.fenwick@example.co.uk"},
                 (OrderSeed("BB-MTG-2291", 40, ("Remortgage application",), 185000.0, "offer_expired"),
                  OrderSeed("BB-CA-087410", 3100, ("Current account",), 0.0, "active"))),
    CustomerSeed("BB-C-2004", "Sam Kaur", "sam.kaur@example.co.uk", None, "standard", {"x": "sam_k_uk"},
                 (OrderSeed("BB-LN-40021", 300, ("Personal loan",), 8000.0, "payment_holiday"),)),
    CustomerSeed("BB-C-2005", "Ellie Price", "ellie.price@example.co.uk", None, "standard", {"x": "ellie_p"},
                 (OrderSeed("BB-CA-131877", 500, ("Current account",), 0.0, "active"),)),
    CustomerSeed("BB-C-2006", "Maya Collins", "maya@moneywithmaya.example", None, "gold",
                 {"x": "moneywithmaya"}, (OrderSeed("BB-CA-099812", 430, ("Current account", "Card"), 0.0,
                                                    "active"),)),
    CustomerSeed("BB-C-2007", "Laura McDonald", "laura.mcd@example.co.uk", None, "standard", {"x": "laura_mcd"},
                 (OrderSeed("BB-CA-127730", 900, ("Current account",), 0.0, "active"),)),
    CustomerSeed("BB-C-2008", "David Sunderland", "dave.s@example.co.uk", "+44 7700 900123", "standard",
                 {"x": "sunny_day_dave"}, (OrderSeed("BB-CA-133019", 60, ("Current account",), 0.0, "active"),)),
    CustomerSeed("BB-C-2009", "Marcus Osei", "marcus.osei@example.co.uk", None, "standard", {"x": "m_osei"},
                 (OrderSeed("BB-CA-102288", 1800, ("Current account",), 0.0, "active"),)),
)
# fmt: on

SEED = BrandSeed("brightbank", "GBP", PEOPLE, POSTS, SCRIPTS, CUSTOMERS)
