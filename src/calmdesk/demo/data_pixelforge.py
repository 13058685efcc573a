"""PixelForge: consumer electronics sold online in the US. A day of mentions.

Written for the demo by the calmdesk authors; every person, order and address is invented
(the phone number is in the 555-01xx range reserved for fiction).
"""

from __future__ import annotations

from calmdesk.demo.model import BRAND, BrandSeed, CustomerSeed, OrderSeed, Person, Post, Script, Step

# Hand-written data: one post per call so a thread reads top to bottom; the formatter would
# put every argument on its own line.
# fmt: off
PEOPLE: dict[str, Person] = {
    "carla": Person("carla_m_nyc", "Carla Mendes", 1200),
    "derek": Person("derek_t_42", "Derek T.", None),
    "ashley": Person("ashley_reviews", "Ashley R.", None),
    "nerd": Person("batterynerd", None, 2600, age_days=2400),
    "owner22": Person("pf_owner_22", None, 140),
    "goblin": Person("glitchgoblin", None, 880),
    "deals": Person("pf_deals_store", None, 1, age_days=2),
    # A burst of near-identical "complaints" from accounts created in the last days (B-LEGIT).
    "b1": Person("truth_teller_9312", "Truth Teller", 0, age_days=1),
    "b2": Person("sarah88412990", "Sarah", 2, age_days=2),
    "b3": Person("realjustice_2210", "Real Justice", 1, age_days=1),
    "b4": Person("mike_w_77331", "Mike W", 0, age_days=0),
    "b5": Person("consumer_voice_0098", "Consumer Voice", 3, age_days=2),
    "boost": Person("socialboost_pro", "SocialBoost PRO", 14, age_days=6),
    "jun": Person("jun-park.bsky.social", "Jun Park", 510),
    "dwayne": Person("dwayne_fixes", "Dwayne Harris", 330),
    # The display name and the post prove the web desk escapes what authors write.
    "h4x": Person("h4x0r_kid", "<img src=x onerror=alert(1)>", 44, age_days=60),
    "marcus": Person("marcus_lee", "Marcus Lee", 720),
    "grind": Person("gadgetgrind", "GadgetGrind (Tom Alvarez)", 850000, verified=True),
    "amy": Person("amy_codes", "Amy", 2300),
    "nora": Person("nora-quinn.bsky.social", "Nora Quinn, Circuit Weekly", 22400, verified=True),
    "lol": Person("lolcow_hunter", "lol", 35, age_days=120),
    "tasha": Person("tasha_b", "Tasha Brooks", 610),
    "fran": Person("frugal_fran", None, 90),
    "jane": Person("jane_d", "Jane D.", None),
    "ollie": Person("ollie_k", "Ollie Kim", 205),
    "wanda": Person("warranty_wanda", None, 45),
    "kenji": Person("kenji.bsky.social", "Kenji Mori", 1300),
    "rivers": Person("sam_rivers", "Sam Rivers", 480),
    "mia": Person("mia_k", "Mia K.", None),
    "leo": Person("leo_techie", "Leo", 150),
    "dad": Person("gadget_dad_mike", "Mike Sullivan", 260),
    "gamer": Person("night_owl_gamer", "NightOwl", None),
    "tina": Person("teacher_tina", "Tina Alvarez", 640),
    "alice": Person("alice-builds.bsky.social", "Alice Chen", 3100),
    "devon": Person("devon_makes", "Devon", 1500),
    "b6": Person("justice_now_4410", "Justice Now", 0, age_days=1),
    "ron": Person("happy_hiker_ron", "Ron H.", None),
    "samira": Person("samira_plays", "Samira", 2700),
    "nate": Person("nightcoder_nate", "Nate", 420),
}

_BATTERY = (
    "[PF Phone 3] Battery drain since firmware 4.2 – I logged it for 5 days, here's what I found\n\n"
    "Since the 4.2 update my PF Phone 3 loses about 2% an hour sitting on the desk, screen off, wifi on. On "
    "4.1 it was 0.3%/h. I wanted to know if it was just me, so I logged it:\n\n"
    "- Day 1-2: stock settings, idle drain 1.9-2.2%/h\n"
    "- Day 3: airplane mode overnight, 0.4%/h, so it's something radio-related\n"
    "- Day 4: wifi on, bluetooth off, 0.5%/h\n"
    "- Day 5: bluetooth on but 'Nearby Share' off, 0.4%/h\n\n"
    "So it looks like Nearby Share keeps scanning with the screen off after 4.2. Battery health shows 98%, so "
    "it's not the cell. Is anyone else seeing this? u/PixelForgeSupport, is a fix coming?"
)

_DEREK = (
    "★☆☆☆☆ PF Aura ANC headphones: left cup died after 16 days\n\n"
    "Bought these for my commute. Noise cancelling was great for two weeks, then the left cup started "
    "crackling and now it's completely silent. Support chat told me to reset them (did that five times) and "
    "then to 'contact the retailer', but I bought them from PixelForge directly. $249 for two weeks of music. "
    "I want a replacement or my money back."
)

_ASHLEY = (
    "★★★★★ Forge Watch 2: the battery really does last a week\n\n"
    "I've owned three smartwatches and charged all of them every night. This one I charge on Sundays. Sleep "
    "tracking is accurate enough for me, the strap is comfy, and the app doesn't nag. Only wish: more watch "
    "faces."
)

_JANE = (
    "★★☆☆☆ Forge Buds: one bud won't pair\n\n"
    "The right bud won't pair after a week. I've emailed support three times without an answer. Call me at "
    "(212) 555-0147 or email jane.doe@example.com, I just want them to work."
)

_MIA = (
    "★★☆☆☆ PF Tab 11: gorgeous screen, tinny speakers\n\n"
    "The display is lovely for reading and the battery is fine, but the speakers are so thin that movies sound "
    "like they're coming through a phone call. For $429 I expected better. Headphones fix it, but still."
)

POSTS: tuple[Post, ...] = (
    # A charger that smoked next to a child's bed: safety, escalated (B-ESCALATE).
    Post("pf001", "22:05", "x", "carla",
         "@PixelForge your 65W GaN charger just started SMOKING and the plug melted into the socket. It was on "
         "my daughter's nightstand charging her tablet. I switched it off at the breaker. This could have "
         "burned our apartment down."),
    Post("pf002", "22:07", "x", "carla",
         "Photos: the casing is blackened and the outlet is scorched. Bought it from you a few months ago, "
         "order PF-100871.", reply_to="pf001"),
    Post("pf003", "22:14", "x", BRAND,
         "Carla, I'm so glad you and your daughter are safe. Please don't use the charger again and keep it "
         "somewhere safe, as our product safety team will want to examine it. Dana from that team will DM you "
         "within the hour. – Chris", reply_to="pf001", kind="ack", sent_by="supervisor"),
    # Reviews.
    Post("pf010", "03:20", "review", "derek", _DEREK),
    Post("pf020", "04:10", "review", "ashley", _ASHLEY),
    # A long Reddit analysis with community replies, a brand answer and a spam comment.
    Post("pf030", "09:15", "reddit", "nerd", _BATTERY, tagged=False),
    Post("pf031", "09:50", "reddit", "owner22",
         "Same here. 4.2 killed my standby. Glad someone actually measured it.", reply_to="pf030", tagged=False),
    Post("pf032", "10:30", "reddit", "goblin",
         "Turning off Nearby Share fixed it for me too, from about 2%/h to 0.4%/h idle.", reply_to="pf031",
         tagged=False),
    Post("pf033", "11:45", "reddit", BRAND,
         "Thanks for logging this so carefully; it's exactly what our engineers needed. I'm Chris from "
         "PixelForge support. We've reproduced the drain with Nearby Share on 4.2 and a fix is in testing. I'll "
         "update this thread when it ships. Until then, switching Nearby Share off is the best workaround. "
         "– Chris", reply_to="pf030", kind="ack", sent_by="agent"),
    Post("pf034", "12:10", "reddit", "nerd", "Appreciate the straight answer. Will report back when the fix "
         "lands.", reply_to="pf033", tagged=False),
    Post("pf035", "13:00", "reddit", "deals",
         "Need a new battery? PF Phone 3 batteries & chargers 70% off at pf-deals.example 🔋 free shipping "
         "worldwide!!", reply_to="pf030", tagged=False),
    # Near-identical burst from brand-new accounts, with a link (coordinated fake complaints).
    Post("pf040", "16:31", "x", "b1",
         "@PixelForge your X3 earbuds gave me an ear infection!! Everyone RETURN them now and join the claim 👉 "
         "refund-claims.example/pixelforge"),
    Post("pf041", "16:31", "x", "b2",
         "@PixelForge your X3 earbuds gave me an ear infection! everyone return them NOW and join the claim 👉 "
         "refund-claims.example/pixelforge"),
    Post("pf042", "16:32", "x", "b3",
         "@PixelForge Your X3 earbuds gave me an ear infection!!! Everyone return them now, join the claim: "
         "refund-claims.example/pixelforge"),
    Post("pf043", "16:33", "x", "b4",
         "@PixelForge ur X3 earbuds gave me an ear infection!! everyone return them now + join the claim 👉 "
         "refund-claims.example/pixelforge"),
    Post("pf044", "16:34", "x", "b5",
         "@PixelForge Your X3 earbuds gave me an ear infection!! Everyone return them now and join the claim 👉 "
         "refund-claims.example/pixelforge #boycott"),
    # Follower selling.
    Post("pf050", "08:40", "x", "boost",
         "@PixelForge 🚀 Want your next launch to trend? 25K followers + 100K views package, real & safe ✅ DM "
         "us or socialboost.example"),
    # Question.
    Post("pf060", "14:05", "bluesky", "jun",
         "@pixelforge.bsky.social does the Forge Watch 2 work with Android 15 yet, or just iOS? Thinking of "
         "getting one for my mom"),
    # Legal threat over a refund.
    Post("pf070", "15:20", "x", "dwayne",
         "@PixelForge 5 weeks since you received my returned tablet and still no refund. $429. If it isn't back "
         "on my card by Friday I'm filing in small claims court. RMA 55102, order PF-099502."),
    # Markup in a post and in a display name.
    Post("pf080", "19:10", "x", "h4x",
         "@PixelForge after the update my screen shows <img src=x onerror=alert(1)> and "
         "<script>alert('pf')</script> in the settings page. is that normal??"),
    # Order stuck in transit: in private messages.
    Post("pf090", "17:45", "x", "marcus",
         "@PixelForge ordered a Forge Watch 2 for my wife's birthday 12 days ago, tracking hasn't moved in a "
         "week. Order PF-100234. Birthday is Saturday."),
    Post("pf091", "18:02", "x", BRAND,
         "Marcus, sorry the tracking's been stuck; with a birthday on the line that's stressful. I'm looking "
         "into it with the carrier now. Could you DM us your delivery ZIP code so I check the right depot? "
         "– Chris", reply_to="pf090", kind="handoff", sent_by="agent"),
    Post("pf092", "18:10", "x", "marcus", "ZIP is 11215. Thanks.", thread="pf090", private=True),
    Post("pf093", "18:40", "x", BRAND,
         "Thanks, Marcus. The carrier says the parcel was damaged at their hub. I've asked our shipping lead "
         "whether we can send a new watch by overnight shipping at no cost; I'll have an answer for you within "
         "the hour.", thread="pf090", private=True, kind="reply", sent_by="agent"),
    # High-reach verified reviewer, with another user joining.
    Post("pf100", "20:30", "x", "grind",
         "Firmware 4.2 just bricked my PF Phone 3 review unit mid-update. Stuck on the forge logo, no recovery "
         "mode. @PixelForge what's going on? Video goes up Thursday either way."),
    Post("pf101", "20:48", "x", "amy", "@gadgetgrind @PixelForge mine too, stuck on the logo after 4.2",
         reply_to="pf100"),
    # Press.
    Post("pf110", "18:55", "bluesky", "nora",
         "Hi @pixelforge.bsky.social, I'm a reporter at Circuit Weekly. We're looking into reports of "
         "PixelForge 65W chargers overheating. Is a recall planned? I'd welcome a statement by end of day "
         "tomorrow."),
    # Offensive.
    Post("pf120", "21:15", "x", "lol",
         "@PixelForge your support team are a bunch of brainless cl*wns, hope you all get f*cking fired"),
    # Data breach.
    Post("pf130", "23:05", "x", "tasha",
         "@PixelForge logged into my PixelForge account and the Orders page shows a stranger's orders with his "
         "home address in Ohio. I can see his phone number too. Fix your website."),
    # Reddit question.
    Post("pf140", "13:30", "reddit", "fran",
         "Does PixelForge ever do student discounts? The Tab 11 is perfect for uni but $429 is a lot. Asking "
         "before I buy elsewhere.", tagged=False),
    # Phone number and e-mail in a public review.
    Post("pf150", "11:05", "review", "jane", _JANE),
    # Warranty replacement: private, public close-out, closed with thanks.
    Post("pf160", "06:00", "x", "ollie", "@PixelForge my Forge Buds case stopped charging, 3 months old. "
         "Warranty?"),
    Post("pf161", "06:20", "x", BRAND,
         "Hi Ollie, sorry about that; yes, that's covered. DM us your order number and I'll send a replacement "
         "case. – Sam", reply_to="pf160", kind="handoff", sent_by="agent"),
    Post("pf162", "06:25", "x", "ollie", "PF-099871", thread="pf160", private=True),
    Post("pf163", "06:40", "x", BRAND,
         "A new case ships today with a prepaid label for the old one. You'll get the tracking by email.",
         thread="pf160", private=True, kind="reply", sent_by="agent"),
    Post("pf164", "07:00", "x", BRAND, "Ollie's replacement case is on its way. Thanks for your patience! – Sam",
         reply_to="pf161", kind="closeout", sent_by="agent"),
    Post("pf165", "07:15", "x", "ollie", "🙌 thanks Sam", reply_to="pf164"),
    # Warranty question, triaged.
    Post("pf170", "16:00", "reddit", "wanda",
         "Is the PF Phone 3 warranty valid internationally? Moving to Canada next month and wondering if I "
         "should sell it first.", tagged=False),
    # Praise.
    Post("pf180", "12:40", "bluesky", "kenji",
         "honestly the @pixelforge.bsky.social Forge Watch 2 is the first smartwatch I haven't abandoned after a "
         "month ⌚"),
    # Dead pixel.
    Post("pf190", "21:55", "x", "rivers",
         "@PixelForge new PF Phone 3 has a dead pixel right in the middle of the screen. Out of the box. Do I "
         "really have to ship it back and wait 2 weeks?"),
    Post("pf200", "02:30", "review", "mia", _MIA),
    Post("pf210", "10:10", "x", "leo", "@PixelForge any date for the PF Phone 4 yet? my 2 is on its last legs"),
    Post("pf220", "19:35", "x", "dad",
         "@PixelForge bought the Forge Watch 2 for my son, the charging puck gets really hot to the touch after "
         "10 minutes. Normal? Don't want another charger story."),
    # The rest of the day.
    Post("pf300", "01:15", "review", "gamer",
         "★★★★☆ PF Phone 3: great camera, battery so-so since 4.2\n\nLow-light photos are the best I've had "
         "on a phone. Knocked a star off because standby got worse after the last update."),
    Post("pf310", "07:40", "x", "tina",
         "@PixelForge do you offer pricing for schools? Looking at 30 PF Tab 11s for a classroom."),
    Post("pf320", "09:30", "bluesky", "alice",
         "@pixelforge.bsky.social the Forge Watch 2 strap snapped at the pin after 6 weeks. Is that covered?"),
    Post("pf321", "10:05", "bluesky", BRAND,
         "Alice, sorry the strap gave way so soon. Yes, that's covered, and I'll send you a new one; could you "
         "DM us your order number? – Sam", reply_to="pf320", kind="handoff", sent_by="agent"),
    Post("pf330", "11:20", "reddit", "goblin",
         "Forge Watch 2 sleep tracking thinks I'm asleep while I'm reading in bed. Anyone else?",
         tagged=False),
    Post("pf331", "11:55", "reddit", "owner22",
         "Turn on 'bedtime mode only' in the sleep settings, it stopped doing that for me.", reply_to="pf330",
         tagged=False),
    Post("pf340", "14:45", "x", "devon",
         "@PixelForge pre-ordered the PF Buds Pro 3 weeks ago, still 'processing'. No email, no update."),
    Post("pf045", "16:35", "x", "b6",
         "@PixelForge your X3 earbuds gave me an ear infection!! Everyone return them now and join the claim 👉 "
         "refund-claims.example/pixelforge"),
    Post("pf360", "17:10", "review", "ron",
         "★★★★★ Forge Watch 2: GPS held up on a 3-day hike\n\nTracked every trail without dropping out and "
         "still had 30% left at the end."),
    Post("pf370", "18:20", "x", "samira",
         "@PixelForge the letters on my PF Tab 11 keyboard case are peeling off after a month 😕"),
    Post("pf380", "20:05", "bluesky", "jun", "also, does it do fall detection? that's the main reason",
         reply_to="pf060"),
    Post("pf390", "23:30", "x", "nate",
         "@PixelForge PF Phone 3 won't charge past 80%. Is that the new battery protection thing or is my "
         "phone broken?"),
)

SCRIPTS: tuple[Script, ...] = (
    Script("pf001", "x", (Step("acknowledged", "22:14"),
                          Step("escalated", "22:15", note="smoke and melted plug; product safety team")),
           owner="supervisor"),
    Script("pf030", "reddit", (Step("acknowledged", "11:45"),), owner="agent"),
    Script("pf040", "x", (Step("dismissed", "16:50", dismiss_reason="spam",
                               note="coordinated burst of identical posts from brand-new accounts"),),
           owner="supervisor"),
    Script("pf090", "x", (Step("acknowledged", "18:02"), Step("private", "18:10")), owner="agent"),
    Script("pf160", "x", (Step("acknowledged", "06:20"), Step("private", "06:25"), Step("resolved", "06:40"),
                          Step("public_closeout", "07:00"), Step("closed", "07:20")), owner="agent", thanked=True),
    Script("pf170", "reddit", (Step("triaged", "16:20", note="question for the warranty FAQ"),)),
)

CUSTOMERS: tuple[CustomerSeed, ...] = (
    CustomerSeed("PF-C-3001", "Carla Mendes", "carla.mendes@example.com", "+1 212 555 0101", "standard",
                 {"x": "carla_m_nyc"},
                 (OrderSeed("PF-100871", 120, ("65W GaN charger",), 39.99),
                  OrderSeed("PF-098120", 400, ("PF Tab 11",), 429.00))),
    CustomerSeed("PF-C-3002", "Marcus Lee", "marcus.lee@example.com", None, "standard", {"x": "marcus_lee"},
                 (OrderSeed("PF-100234", 12, ("Forge Watch 2",), 299.00, "in_transit"),)),
    CustomerSeed("PF-C-3003", "Ollie Kim", "ollie.kim@example.com", None, "standard", {"x": "ollie_k"},
                 (OrderSeed("PF-099871", 95, ("Forge Buds",), 129.00),)),
    CustomerSeed("PF-C-3004", "Dwayne Harris", "dwayne.h@example.com", None, "standard", {"x": "dwayne_fixes"},
                 (OrderSeed("PF-099502", 50, ("PF Tab 11",), 429.00, "returned"),)),
    CustomerSeed("PF-C-3005", "Derek Thompson", "derek.t@example.com", None, "standard", {"review": "derek_t_42"},
                 (OrderSeed("PF-100455", 18, ("PF Aura ANC headphones",), 249.00),)),
    CustomerSeed("PF-C-3006", "Jane Doe", "jane.doe@example.com", "+1 212 555 0147", "standard",
                 {"review": "jane_d"}, (OrderSeed("PF-100610", 9, ("Forge Buds",), 129.00),)),
    CustomerSeed("PF-C-3007", "Tasha Brooks", "tasha.brooks@example.com", None, "gold", {"x": "tasha_b"},
                 (OrderSeed("PF-100990", 3, ("PF Phone 3", "Case"), 849.00, "shipped"),
                  OrderSeed("PF-097002", 300, ("Forge Watch 2",), 299.00))),
    CustomerSeed("PF-C-3008", "Sam Rivers", "sam.rivers@example.com", None, "standard", {"x": "sam_rivers"},
                 (OrderSeed("PF-100977", 2, ("PF Phone 3",), 799.00),)),
    CustomerSeed("PF-C-3009", "Mike Sullivan", "mike.sullivan@example.com", None, "standard",
                 {"x": "gadget_dad_mike"}, (OrderSeed("PF-100702", 6, ("Forge Watch 2",), 299.00),)),
)
# fmt: on

SEED = BrandSeed("pixelforge", "USD", PEOPLE, POSTS, SCRIPTS, CUSTOMERS)
