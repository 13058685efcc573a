"""Is this a real customer's post? Spam, fakes and coordinated bursts (B-LEGIT).

B-LEGIT: "unverified" lowers confidence but never hides a complaint from people. So a
brand-new or bot-looking account alone only lowers the legitimacy score; a post is `spam`
when its content is spam (link spam, get-rich offers, follower selling, gibberish,
mass-mentions, scam offers such as "account recovery" hackers, adult bait, crypto airdrops or
no-credit-check loans; the same families and more told in other words and languages live in
`scams_world`: task scams, phishing, prize claims, investment signals, fake collaborations, SEO,
gambling, romance lures, loans and paid services), when a suspicious account also shows a spam cue, or when it belongs to a
burst of near-identical posts from different authors. A known customer (linked account,
their e-mail or one of their order numbers in the text) raises legitimacy and overrides the
weak cues.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from calmdesk.triage.prefilter import AlternativesPrefiltered, AnyOf, Prefiltered, fold
from calmdesk.triage.scams_world import asks_if_real, world_scam_reasons

#: Top-level domains that spam uses far more than shops do (the abuse-prone ones on public
#: block lists): a bare domain on one counts as a link even without a hyphen in its name.
_ABUSE_TLDS = (
    "xyz|top|click|online|site|tk|ml|ga|cf|gq|ru|su|icu|buzz|club|vip|win|bid|loan|work|gg|link|fun|space|website|pw|cc|"
    "biz|info|shop|store|live|monster|rest|bar|cyou|sbs|cfd"
)
_URL = re.compile(
    r"https?://\S+|www\.\S+|\b\w+\.(?:ly|gl|co|xyz|top|click|info|biz|io)/\S*|"
    # a bare shop domain ("70% off at pf-deals.example", "promo-fr.info"), not an e-mail address's domain
    r"(?<![@\w.-])[a-z0-9]+-[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:example|com|net|shop|store|xyz|top|click|online|site|deals|"
    r"sale|app|co|" + _ABUSE_TLDS + r")\b(?![.@-]\w)|"
    r"(?<![@\w.-])[a-z0-9]+(?:\.[a-z0-9-]+)*\.(?:" + _ABUSE_TLDS + r")\b(?![.@-]\w)",
    re.I,
)
#: What every match of `_URL` holds ("://", "www." or a dot before a letter, with the same
#: case folding): most posts have none, and this is far cheaper to look for than `_URL`.
#: Written from the dot or colon on (`://|www\.|\.[a-z]` read from its other end), so that
#: `re` jumps from one dot or colon to the next instead of trying every character.
_URL_HINT = re.compile(r"[.:](?:(?<=:)//|(?<=\.)[a-z]|(?<=www\.))", re.I)
_ABUSE_LINK = re.compile(r"\.(?:" + _ABUSE_TLDS + r")\b(?![.@-]\w)", re.I)
#: A web address written so that filters miss it: "site(.)online", "site dot com", "site . com",
#: "w w w": put back together before links are counted (a spelled link is itself a spam cue).
_SPELLED_TLD = r"(?:com|net|org|biz|info|io|co|me|" + _ABUSE_TLDS + r"|de|fr|es|it|nl|pl|pt|br|uk)\b"
_SPELLED_DOT = re.compile(
    r"(?<=[a-z0-9])\s*(?:\(\.\)|\[\.\]|\{\.\}|\((?:dot|punto|ponto|punkt|kropka)\)|\[(?:dot|punto|ponto|punkt|kropka)\]|"
    r"\s(?:dot|punto|ponto|punkt|kropka)\s|\s\.\s?|\.\s)\s*(?=" + _SPELLED_TLD + r")",
    re.I,
)
_SPELL_HINTS = (".", "dot", "w w w", "punto", "ponto", "punkt", "kropka")
_SPELLED_WWW = re.compile(r"\bw\s+w\s+w\b", re.I)
#: Digits used as letters inside a word ("f0ll0w", "gu4r4nteed", "fr33"), read back as letters. The
#: word must start with a letter, so amounts with a unit ("10k", "24h", "3x") stay numbers.
_LEET_TOKEN = re.compile(r"\b[a-z](?=[a-z]*[0134578@$])[a-z0-9@$]{2,}\b", re.I)
_LEET_MAP = str.maketrans("013457@$8", "oieastasb")


#: What every `_LEET_TOKEN` match holds: a letter right before a digit, "@" or "$". Searched
#: from the rare character (a digit, "@" or "$"), so a post pays one quick scan; most posts
#: with digits hold them in numbers ("order 123", "24h") or links, and skip `_LEET_TOKEN`.
_LEET_HINT = re.compile(r"[0134578@$](?<=(?i:[a-z])[0134578@$])")


def _unleet(text: str) -> str:
    """The text with leet tokens read back as letters (`text` itself when there is none)."""
    if _LEET_HINT.search(text) is None:
        return text
    return _LEET_TOKEN.sub(lambda m: m.group().translate(_LEET_MAP), text)


#: What every `_SPELLED_DOT` match leaves right before its top-level domain (after the
#: spaces it takes): a closing bracket ("(.)", "[dot]"), a dot with a space before or after
#: it (" . ", ". "), or a spelled word (" dot ", looked for apart). Searched from the rare
#: bracket or dot, it lets most posts (a dot in a sentence or a link, no domain after it)
#: skip `_SPELLED_DOT`, which tries its alternatives after every letter and digit.
_SPELLED_DOT_HINT = re.compile(r"[.)\]}](?:(?<=[)\]}])|(?<=\s\.)|(?=\s))\s*(?=[a-z]{2})" + _SPELLED_TLD, re.I)
_SPELLED_DOT_WORDS = ("dot", "punto", "ponto", "punkt", "kropka")
#: `_SPELL_HINTS` and `_SPELLED_DOT_WORDS` in the shared index: `any(w in folded ...)` read from
#: the one automaton pass every post pays (the two Python loops cost ~1.4 us a post each).
_SPELL_ANY = AnyOf(_SPELL_HINTS, shared=True)
_SPELLED_DOT_ANY = AnyOf(_SPELLED_DOT_WORDS, shared=True)
#: What every `_SPELLED_WWW` match holds, without `re.I` so that `re` scans for the letter
#: ("w" has no other case-insensitive forms).
_SPELLED_WWW_HINT = re.compile(r"[wW]\s+[wW]\s+[wW]")


def _respelled(text: str, folded: str | None = None) -> tuple[str, bool]:
    """The text with spelled-out links put back together, and whether there were any.

    `folded` is `prefilter.fold(text)` when the caller has it. Each pattern runs only when
    its hint occurs (the hints hold for every match, so the answer is the same)."""
    joined = _SPELLED_WWW.sub("www", text) if _SPELLED_WWW_HINT.search(text) else text
    if joined is not text or folded is None:
        folded = fold(joined)
    if _SPELLED_DOT_ANY.in_folded(folded) or _SPELLED_DOT_HINT.search(joined):
        joined = _SPELLED_DOT.sub(".", joined)
    return joined, joined != text


#: A handle: "@" not right after a letter, digit or "_", and its word characters. Written
#: "@" first (the look-behind after it) so that `re` jumps from one "@" to the next.
_MENTION = re.compile(r"@(?<!\w@)\w+")
_GET_RICH = re.compile(
    r"\b(earn \$?\d[\d,]*|make \$?\d[\d,k]* (?:a|per) (?:day|week|month)|work from home and|passive income|"
    r"financial freedom|get rich|double your (?:money|bitcoin|crypto|investment)|guaranteed (?:profit|returns?|income)|"
    r"(?:crypto|forex|bitcoin|btc|nft) (?:signals?|trading|investment|opportunity|giveaway)|investment opportunity|"
    r"dm me (?:for|to) (?:earn|make|learn|invest)|100% (?:profit|guaranteed)|binary options|"
    r"claim your (?:free|prize|reward)|you(?:'ve| have) won|free (?:iphone|gift card|giftcard|money)|"
    r"cash ?app (?:flip|giveaway)|sugar daddy|click (?:here|the link|link in bio) (?:to|for) )",
    re.I,
)
_FOLLOWERS = re.compile(
    r"\b(buy (?:\d[\d,.]*k?\+? )?(?:cheap |real |instant |active |genuine |organic )*(?:followers|likes|views|"
    r"subscribers|retweets)|(?:followers|likes|views|subscribers) (?:for|at|from) (?:just |only )?[$£€]?\d|"
    r"(?:get|gain) \d[\d,k]* (?:real |free |instant )?(?:followers|likes|views|subscribers)|"
    r"\d[\d,.]*k? (?:real |instant |active )?(?:followers|likes|views|subscribers) (?:package|bundle|pack)|"
    r"cheap (?:followers|likes|views)|(?:followers|likes|views) for sale|grow your (?:account|followers|instagram|page)|"
    r"boost your (?:account|followers|page|profile|engagement)|follow (?:for|4) follow|f4f|l4l|sub ?(?:4|for) ?sub|"
    r"like (?:for|4) like|(?:i|will|always|100%) follow ?back|follow ?back (?:guaranteed|100%)|100% (?:follow ?)?back\b|promote your (?:page|account|brand) "
    r"(?:for|to)|dm (?:me )?for (?:promo|promotion|shoutout))",
    re.I,
)
#: Scams that are not get-rich offers: "account recovery" hackers, adult bait, crypto
#: airdrops, no-credit-check loans, and testimonials for a "Mrs X" trading mentor.
_SCAM = re.compile(
    r"\b((?:my|this|the best|a legit|legit|genuine|reliable|trusted|certified) (?:hacker|recovery (?:expert|specialist|agent))|"
    r"hacker @|(?:recover|restore|unlock) your (?:hacked|lost|stolen|locked|disabled|suspended) |"
    r"lost access to your (?:account|wallet|funds|instagram|facebook|page)|(?:account|instagram|facebook|page|wallet|funds|mine) "
    r"back (?:thanks to|through|via|with the help of) @\w|(?:funds?|crypto|account) recovery (?:expert|"
    r"specialist|agent|service)|"
    r"hot singles|singles (?:in|near) (?:your|you)|(?:lonely|horny) (?:girls?|women|milfs?|singles)|onlyfans|0nlyfans|"
    r"(?:click|check|see|tap|visit) (?:the )?(?:link (?:in|on) )?my bio|"
    r"(?:crypto|token|free|nft|\$\w+) airdrop|airdrop (?:is )?(?:live|now|claim|ends|open)|connect (?:your )?wallet|"
    r"claim (?:your )?(?:\d[\d,]* )?(?:free )?(?:tokens?|coins?|nfts?|usdt|eth|btc)\b|"
    r"(?:token|nft) (?:presale|mint)|free (?:crypto|bitcoin|btc|eth|usdt|tokens?|nfts?)\b|"
    r"no credit check|(?:instant|quick|fast|easy|same[- ]day) (?:cash|loans?|payday loans?) (?:approved|with no|no credit|"
    r"guaranteed)|loans? approved (?:in|within) \d|guaranteed (?:approval|loans?)|bad credit (?:ok|welcome|accepted|loans?)|"
    r"(?:made|earned|profit(?:ed)?|cashed out|withdrew|received) (?:over |about |up to )?[$£€]\s?\d[\d,.]*k? "
    r"(?:in|within|every|this|per|a) (?:one |a |just |only |\d+ )?(?:day|week|month|hour)s? (?:with|from|thanks to|"
    r"using|through|trading)|(?:mr|mrs|ms|miss|dr|madam)\.? \w+(?:'s|’s)? (?:forex|crypto|bitcoin|btc|trading|"
    r"investment|mining|binary)\b|(?:forex|crypto|bitcoin|binary|trading) (?:mentor|expert|coach|account manager)|"
    # prize and voucher bait, recovery testimonials, send-to-receive crypto, steady-profit offers
    r"(?:you(?:'ve| have)? been|you are|you're) (?:selected|chosen|picked) (?:for|to (?:receive|win|get))|verify here\b|"
    r"(?<=@)\w+ (?:got|helped|recovered|restored) (?:me |my )?(?:\w+ )?(?:btc|bitcoin|crypto|funds|money|account|wallet|usdt|eth)|"
    r"send (?:\d[\d.]* )?(?:eth|btc|bitcoin|usdt|crypto|sol)\b[^.!?\n]{0,30}?\b(?:receive|get) (?:\d|double|twice|back)|"
    r"(?:weekly|daily|monthly) (?:profits?|returns?|payouts?)|invest (?:for|on behalf of) (?:clients|you|people)|"
    r"(?:work from home|remote|online) (?:opportunity|job offer|income)|[$£€]\d[\d,]*k? (?:daily|weekly|every day|a day "
    r"from home)|while you sleep|link in (?:my )?bio|dm (?:me )?for (?:the )?(?:best |cheap |wholesale )?(?:rates|prices)|"
    r"(?:fee|duty|charge) here\b|"
    # recovery touts, phishing warnings, flash sales, loans, dating bait, "trader Mr X pays daily"
    r"(?:helped|help|helping) (?:many |lots of |so many |\d+ )?(?:people|clients|victims|others)\b[^.!?\n]{0,30}?\brecover|"
    r"your account (?:will be|has been|is being|is) (?:suspended|locked|disabled|closed|deactivated)\b[^.!?\n]{0,40}?"
    r"\b(?:log ?in|verify|confirm|click|visit)|\d{2}% off\b[^\n]{0,40}?\b(?:shop|buy|order) now|"
    r"approved in \d+ (?:minutes|mins|hours|seconds)|regardless of (?:your )?credit|(?:meet|date|chat with) (?:\w+ )?"
    r"(?:women|girls|singles|ladies|men) (?:near|in) (?:you|your)|click my (?:profile|bio|link)|(?:forex|crypto|bitcoin|"
    r"binary|trading|investment) (?:trader|broker|manager) (?:mr|mrs|ms|miss|dr|madam)\b|\b(?:he|she) pays (?:daily|"
    r"weekly|every day)|here to release|to release (?:it|your (?:parcel|package|delivery|shipment)):|"
    # influencer and collab bait, named investment "mentors", loans without checks, parcel-fee phishing, lotteries,
    # self-promotion, crypto doubling, work-from-home pay in other languages
    r"(?:dm|message) (?:us|me) (?:for|to) (?:a )?(?:collab|collaboration|feature|partnership)|ambassador (?:program|programme)|"
    r"(?:mr|mrs|ms|miss|dr|madam)\.? \w+ \w+(?:'s|’s) (?:forex|crypto|bitcoin|btc|trading|investment|mining|binary)\b|"
    r"paid me [$£€]\s?\d[\d,.]*k? (?:in|within) (?:\d+|one|two|three|a) (?:days?|hours?|weeks?)|contact (?:him|her|them) "
    r"(?:on|via) (?:whatsapp|telegram|signal|instagram)|loans? (?:of )?up to [$£€]\s?\d|no paperwork|"
    r"(?:parcel|package|delivery|shipment) (?:is |has been )?(?:on hold|held|suspended)\b[^.!?\n]{0,40}?\b(?:fee|payment|"
    r"pay)|unpaid (?:shipping|delivery|customs|postage|handling) (?:fee|charge)|(?:reply|respond) with your (?:bank|card|account|"
    r"personal) details|congratulations,? (?:lucky )?winner|(?:number|name|ticket) (?:was|has been) drawn|lottery (?:winner|prize|"
    r"draw)|check (?:out )?my (?:new )?(?:mixtape|single|album|ep|track|soundcloud|youtube|channel|podcast|store|shop)\b|"
    r"(?:bitcoin|btc|crypto|eth|usdt|money) doubl\w*|doubl\w* (?:service|my bitcoin|your bitcoin)|got (?:mine|it|my \w+) "
    r"doubled|\d[\d,]* channels for [$£€]?\d|(?:ganhe|ganha|gana|gane|gagnez|guadagna) (?:dinheiro|dinero|de l'argent|soldi|"
    r"[r$€£]*\s?\d)|(?:dinheiro|dinero) (?:em|en|desde) casa|(?:trabalhe|trabaja|travaillez) (?:de|desde|em|en) casa|"
    r"sin experiencia|sem experi[eê]ncia|sans exp[ée]rience)",
    re.I,
)
#: Scams added in issue 16's second round, as a pattern of its own so that its pre-check keys
#: decide alone when it runs (most posts hold none of them).
_SCAM_MORE = re.compile(
    r"\b("
    # issue 16, second round: crypto shills, doubling and send-to-receive in other languages, recovery touts
    # named by their handle, adult bait, engagement-bait giveaways, pharmacy spam, free premium accounts
    r"\$[a-z]{2,}\d*\b[^.!?\n]{0,40}?\b(?:is live|now live|launch\w*|presale|pre-sale|to the moon|pump\w*|listing)|"
    r"\d{2,}x (?:guaranteed|gains?|returns?|potential|gem)|presale (?:spot|is live|now live|ends)|next 100x|to the moon\b|"
    r"(?:bitcoin|btc|crypto|krypto|eth|usdt)[- ]?(?:verdopp\w*|duplica\w*|dobra\w*|doubl\w*|raddopp\w*|verdubbel\w*|"
    r"podwaj\w*|podwoj\w*)|(?:schick|sende|send|env[íi]a|manda|envoie|envoyez|invia|stuur|wy[śs]lij)\w*\s+\d[\d.,]*\s?"
    r"(?:btc|eth|usdt|sol|bitcoin)\b[^!?\n]{0,40}?\b\d[\d.,]*|(?:btc|bitcoin|crypto|money|coins|eth|usdt|savings|funds) "
    r"back (?:thanks to|through|via|with the help of) @\w|(?:thanks to|contact|dm|message|reach(?: out to)?|via|write to|"
    r"text|recommend) @\w*(?:hack|recover|spy)\w*|(?:spicy|naughty|nude|nsfw|private|exclusive|xxx|18\+) (?:pics|photos|"
    r"content|videos|vids|pictures)|(?:pics|photos|videos|nudes) (?:are )?in (?:my )?bio|(?:rt|retweet|like|follow|share)\b"
    r"[^.!?\n]{0,30}?\b(?:to win|and win|for a chance)|tag \d+ (?:friends|mates|people)|winners? (?:picked|announced|"
    r"chosen|drawn) (?:tonight|tomorrow|today|at|in)|no prescription (?:needed|required)|without (?:a )?prescription|"
    r"discreet (?:shipping|packaging|delivery)|viagra|cialis|free (?:premium|netflix|spotify|streaming|vip) accounts?|"
    # test8 round: fake support asking for secrets, job scams, "link in profile" in other languages, adult bait
    r"(?:dm|send|give|text) (?:me|us) your (?:account number|card number|card details|"
    r"one-time code|one-time password|otp code|pin code|password|login details|verification code|seed phrase|"
    r"recovery phrase|security code)|apply (?:via|on|through|at) (?:telegram|whatsapp|signal)|no interview|"
    r"link (?:im|no|na|nel|w|in) (?:mijn |meinem |meu |mio |moim )?(?:profil|perfil|profilo|profiel|profilu)\b|"
    r"lien dans (?:ma |mon )?(?:bio|profil)|enlace en (?:mi )?(?:perfil|bio)|(?:sexy|hot|lonely|horny|naughty) (?:girls?|"
    r"women|singles|milfs?|babes?) (?:waiting|near|in your|looking|want)|no (?:signup|sign-up|sign up|registration) "
    r"(?:needed|required)|"
    # test10 round: send-X-get-2X giveaways without a coin name, famous-name giveaways, shout-out
    # sellers, "visit my shop for best price", quick loans and bio links in tr/cs/ro/sv/id
    r"send \d[\d.,]*\s?(?:\w+ )?(?:and )?(?:get|receive) \d[\d.,]*\s?(?:\w+ )?back|giv(?:ing|es) away \d[\d,.]*k? "
    r"(?:btc|eth|bitcoin|usdt|doge|sol|ethereum)\b|(?:rates|prices?|pricing) for (?:a )?(?:shout ?outs?|promos?|"
    r"promotions?|features?|sponsored posts?)|(?:visit|see|check) (?:out )?(?:my|our) (?:shop|store|page|profile|site|"
    r"website)\b[^.!?\n]{0,30}?\b(?:best|cheap|cheapest|low|lowest|great) price|pinjaman (?:cepat|online|tanpa)|"
    r"tanpa bi checking|(?:cek|lihat|link di|odkaz v|link [îi]n|l[äa]nk i) (?:my |mijn )?bio\b|"
    r"(?:kolay|h[ıi]zl[ıi]) kredi|rychl[áa] p[ůu]j[čc]ka|credit rapid f[ăa]r[ăa]|sms-?l[åa]n|"
    # resellers without a link, phishing that asks to confirm a card
    r"legit (?:seller|plug|vendor)|(?:dm|whatsapp|message|text) (?:me|us) for \d{2}% off|confirm (?:your )?(?:card|account|"
    r"details|identity|payment)(?: details)? (?:at|here|via|on)\b)",
    re.I,
)
_PROMO = re.compile(
    r"\b(free|promo|discount|giveaway|click|offer|deal|cheap|win|bonus|sale|check out my|visit|\d{1,2}% off|shop now|"
    r"limited (?:time|stock|offer)|today only|only [$£€]\d|apply (?:now|at|here)|order now|while stocks last|"
    r"book now|buy now|act now|hurry|grab (?:yours|your|it)|sign up now|join now|"
    # the same words in the desk's other languages
    r"gratis|gratuit\w*|gr[áa]tis|kostenlos|darmow\w*|promo\w*|oferta|offerta|offre|angebot|aanbieding|klik|cliquez|"
    r"clique|kliknij|cadeau|regalo|prezent|nur heute|s[óo] hoje|solo hoy|solo oggi|alleen vandaag|tylko dzi[śs]|"
    # Turkish, Czech, Romanian, Swedish and Indonesian ("ı" written as "i": `re.I` matches it)
    r"kazand[ıi]n[ıi]z|kazan[ıi]n|t[ıi]kla\w*|hediye\w*|[üu]cretsiz|indirim\w*|f[ıi]rsat\w*|kampanya\w*|zdarma|sleva|"
    r"klikn[ěe]te|vyhr[áa]l\w*|reducere|c[âa][șs]tig\w*|ap[ăa]s[ăa]|rabatt|klicka|vinn|diskon|hadiah|menang\w*)\b",
    re.I,
)
_GET_RICH_CHECKED = Prefiltered(_GET_RICH, 6)
_FOLLOWERS_CHECKED = Prefiltered(_FOLLOWERS, 6)
_SCAM_CHECKED = AlternativesPrefiltered(_SCAM, 6)
_SCAM_MORE_CHECKED = AlternativesPrefiltered(_SCAM_MORE, 6)
_PROMO_CHECKED = Prefiltered(_PROMO, 6)
_NOT_LETTER = re.compile(r"[^a-z]+")
_BOT_HANDLE = re.compile(r"^[A-Za-z]+_?\d{6,}$|^[a-z0-9]{15,}$")
#: Every ASCII byte but a-z: what `_NOT_LETTER` removes from an ASCII post.
_NOT_LETTER_BYTES = bytes(b for b in range(128) if not 97 <= b <= 122)
#: Letter pairs and runs that English words (almost) never hold but keyboard mashing does.
_KEYBOARD_MASH = re.compile(
    r"qw|wq|qp|pq|zx|xz|xc|cv|vb|bv|zm|jk|kj|hj|jh|fj|jf|asd|sdf|dfg|fgh|ghj|jkl|lkj|kjh|hgf|gfd|fds|dsa|"
    r"mnb|nbv|bvc|vcx|cxz|zxc"
)
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}|([a-z])\1\1")


@dataclass(frozen=True)
class AccountInfo:
    handle: str = ""
    followers: int | None = None
    verified: bool = False
    created_at: datetime | None = None


@dataclass(frozen=True)
class Legitimacy:
    spam: bool
    score: float  # 0 (not legitimate) .. 1 (a known customer)
    reasons: tuple[str, ...] = ()
    known_customer: bool = False


def _gibberish(text: str) -> bool:
    """Unreadable text: most words have no vowels, long consonant runs or repeat one letter."""
    lower = text.lower()
    # ASCII posts (most) drop their non-letters, then their vowels, in a bytes.translate each,
    # far cheaper than the regex and six counts
    is_ascii = lower.isascii()
    if is_ascii:
        encoded = lower.encode("ascii")
        ascii_letters = encoded.translate(None, _NOT_LETTER_BYTES)
        n_letters = len(ascii_letters)
        vowels = n_letters - len(ascii_letters.translate(None, b"aeiouy"))
    else:
        # the others too: dropping every non-ASCII character first leaves the same letters a-z
        # as `_NOT_LETTER.sub("", lower)`, in two C calls instead of the regex
        letters_b = lower.encode("ascii", "ignore").translate(None, _NOT_LETTER_BYTES)
        n_letters = len(letters_b)
        vowels = n_letters - len(letters_b.translate(None, b"aeiouy"))
    if n_letters < 12:
        return False
    if vowels / n_letters >= 0.3 and not (_consonant_run_ascii(encoded) if is_ascii else _consonant_run_any(lower)):
        return False
    # the words of four letters or more, links and handles left out
    words = _LONG_WORD.findall(_MENTION.sub(" ", _without_links(lower)))
    if len(words) < 3:
        return False
    # Each word's verdict is kept (`_ODD`): words repeat from post to post, and a dictionary
    # look-up is far cheaper than the translate and the regex. The count runs to the end (the
    # early stop of a readable post only saved work; it never changed the answer).
    known = _ODD.get
    flags = [known(w) for w in words]
    if None in flags:
        if len(_ODD) > _ODD_KEPT:
            _ODD.clear()
        flags = [_odd_word(w) if f is None else f for w, f in zip(words, flags, strict=True)]
    return flags.count(True) / len(words) >= 0.6


def _odd_word(w: str) -> bool:
    """Whether a word reads as gibberish (no or few vowels, `_ODD_WORD`); kept in `_ODD`."""
    vowels = len(w) - len(w.translate(_DROP_VOWELS))
    odd = vowels == 0 or vowels / len(w) < 0.2 or _ODD_WORD.search(w) is not None
    _ODD[w] = odd
    return odd


#: `_odd_word`'s answers by word, cleared when it holds more than `_ODD_KEPT`.
_ODD: dict[str, bool] = {}
_ODD_KEPT = 50_000


#: Every ASCII byte that `_CONSONANT_RUN`'s first alternative takes becomes "c", the others a space.
_CONSONANT_BYTES = bytes(99 if chr(b) in "bcdfghjklmnpqrstvwxz" else 32 for b in range(256))
#: Three equal characters in a row, whatever they are: what every letter triple holds. `re`
#: runs it about three times faster than the letter triple itself, and most posts hold none.
_ANY_TRIPLE = re.compile(r"(.)\1\1", re.S)
_LETTER_TRIPLE = re.compile(r"([a-z])\1\1")


def _consonant_run_ascii(encoded: bytes) -> bool:
    """Whether `_CONSONANT_RUN` matches an ASCII post (`encoded`, its bytes), cheaper: five
    consonants in a row are five "c" once `_CONSONANT_BYTES` has mapped the post, and a letter
    three times in a row is looked for only where some character is."""
    if b"ccccc" in encoded.translate(_CONSONANT_BYTES):
        return True
    text = encoded.decode("ascii")
    return _ANY_TRIPLE.search(text) is not None and _LETTER_TRIPLE.search(text) is not None


def _consonant_run_any(lower: str) -> bool:
    """Whether `_CONSONANT_RUN` matches `lower` (any text): its UTF-8 bytes mapped by
    `_CONSONANT_BYTES` hold "ccccc" exactly where five ASCII consonants follow each other (a
    non-ASCII character is bytes of 0x80 and more, each mapped to a space, so it breaks a
    run as it does for the regex); the letter triple as in `_consonant_run_ascii`."""
    if b"ccccc" in lower.encode("utf-8", "surrogatepass").translate(_CONSONANT_BYTES):
        return True
    return _ANY_TRIPLE.search(lower) is not None and _LETTER_TRIPLE.search(lower) is not None


_LONG_WORD = re.compile(r"[a-z]{4,}")
_DROP_VOWELS = str.maketrans("", "", "aeiouy")
#: A word that is odd whatever its vowels: five letters without a vowel, a letter three times
#: in a row, or keyboard mashing (`_KEYBOARD_MASH`).
_ODD_WORD = re.compile(r"[^aeiouy]{5,}|(.)\1\1|" + _KEYBOARD_MASH.pattern)


def _without_links(text: str) -> str:
    """`_URL.sub(" ", text)` up to spaces: only the words that can hold a link are rewritten
    (see `_urls`), and the words are joined by single spaces."""
    if not _URL_HINT.search(text):
        return text
    return " ".join(_URL.sub(" ", w) if "." in w or ":" in w else w for w in text.split())


def links_in(text: str, folded: str | None = None) -> tuple[list[str], bool]:
    """The links in a post, spelled-out ones put back together, and whether any was spelled out."""
    folded = fold(text) if folded is None else folded
    if _SPELL_ANY.in_folded(folded):
        joined, spelled = _respelled(text, folded)
        return _urls(joined), spelled
    return _urls(text), False


def _urls(text: str) -> list[str]:
    """`_URL.findall(text)`, run only over the words that hold a dot or a colon.

    A match of `_URL` never holds a space and always holds a dot or "://", and what it looks
    at around itself (a word boundary, the character before or after) is a space at a word's
    edges as at the text's: so the matches in the words joined by spaces are the matches in
    the text. `_URL` tries several alternatives at every word; most words have no dot."""
    if not _URL_HINT.search(text):
        return []
    return _URL.findall(" ".join(_link_words(text)))


def _link_words(text: str) -> list[str]:
    """The whitespace-separated words of `text` that could hold a `_URL` match."""
    return [w for w in text.split() if "." in w or ":" in w]


def content_spam_reasons(
    text: str, folded: str | None = None, links: tuple[list[str], bool] | None = None
) -> list[str]:
    """`folded` (`prefilter.fold(text)`) and `links_in(text)` may come from the caller."""
    folded = fold(text) if folded is None else folded
    reasons: list[str] = []
    found, spelled = links_in(text, folded) if links is None else links
    urls = len(found)
    # digits read as letters ("f0ll0w", "fr33"): the follower and scam patterns also see the plain spelling
    plain = _unleet(text)
    plain_folded = folded if plain is text else fold(plain)
    if _GET_RICH_CHECKED.search(text, folded):
        reasons.append("get_rich")
    if _FOLLOWERS_CHECKED.search(plain, plain_folded):
        reasons.append("follower_selling")
    # "🔞" (adults only) is one character, too short for the pattern's pre-check, so it is tested apart
    if (
        "🔞" in text
        or _SCAM_CHECKED.search(text, folded)
        or _SCAM_MORE_CHECKED.search(text, folded)
        or (plain is not text and _SCAM_MORE_CHECKED.search(plain, plain_folded))
    ) and not asks_if_real(text):  # a customer asking whether a scam that reached them is real
        reasons.append("scam_offer")
    promos = len(_PROMO_CHECKED.finditer(text, folded)) if urls else 0
    # a spelled-out link or one on an abuse-prone domain needs only one promotional word
    shady = spelled or any(_ABUSE_LINK.search(u) for u in found)
    if urls >= 3 or (urls >= 1 and (promos >= 2 or (shady and promos >= 1))):
        reasons.append("link_spam")
    if text.count("@") >= 5 and len(set(m.lower() for m in _MENTION.findall(text))) >= 5:
        reasons.append("mass_mention")
    if _gibberish(text):
        reasons.append("gibberish")
    # the same families told in other words and languages (scams_world), each reason once
    reasons += [r for r in world_scam_reasons(text, folded, found) if r not in reasons]
    return reasons


def account_reasons(account: AccountInfo, posted_at: datetime | None) -> list[str]:
    reasons: list[str] = []
    if account.verified:
        return reasons
    if account.created_at is not None and posted_at is not None:
        try:
            age = posted_at - account.created_at
        except TypeError:
            age = None
        if age is not None and age < timedelta(days=7):
            reasons.append("new_account")
    if _BOT_HANDLE.match(account.handle.lstrip("@")) and (account.followers or 0) < 10:
        reasons.append("bot_like_account")
    return reasons


def legitimacy(
    text: str,
    account: AccountInfo,
    posted_at: datetime | None = None,
    *,
    known_customer: bool = False,
    in_burst: bool = False,
    folded: str | None = None,
) -> Legitimacy:
    folded = fold(text) if folded is None else folded
    links = links_in(text, folded)
    urls = len(links[0])
    content = content_spam_reasons(text, folded, links)
    weak = account_reasons(account, posted_at)
    reasons = content + weak + (["coordinated_burst"] if in_burst else [])
    has_link = urls > 0
    strong = bool(set(content) - {"gibberish"})
    spam = strong or in_burst or "gibberish" in content or (bool(weak) and (has_link or len(weak) >= 2))
    if known_customer and not strong:
        spam = False
    score = 0.7 - 0.2 * len(weak) - (0.6 if spam else 0.0) + (0.3 if known_customer else 0.0)
    return Legitimacy(
        spam=spam,
        score=round(max(0.0, min(1.0, score)), 3),
        reasons=tuple(reasons),
        known_customer=known_customer,
    )


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NORMALIZE_DROP = re.compile(r"https?://\S+|(?<!\w)[@#]\w+|\d+|[^\w\s]")


#: The links and handles of `_NORMALIZE_DROP`, each alternative written to start with its
#: literal so that `re` jumps between "h", "@" and "#" (the look-behind follows the "@").
_LINK_OR_HANDLE = re.compile(r"https?://\S+|@(?<!\w@)\w+|#(?<!\w#)\w+")
#: A `bytes.translate` table: every ASCII character that `_NORMALIZE_DROP`'s numbers and
#: punctuation (`\d+|[^\w\s]`, asked of each character) take becomes a space, the others stay.
_ASCII_DROP = bytes(32 if re.fullmatch(r"\d+|[^\w\s]", chr(b)) else b for b in range(256))


def burst_signature(text: str) -> str | None:
    """What stays when handles, links, numbers and punctuation are dropped; None for short posts.

    An ASCII post (most) drops its links and handles with `_LINK_OR_HANDLE`, then its digits
    and punctuation in one `bytes.translate`: numbers and punctuation never hold the start of
    a link or a handle, so taking them apart gives the same words as `_NORMALIZE_DROP`, which
    tries all four alternatives at every character."""
    lower = text.lower()
    if lower.isascii():
        kept = _LINK_OR_HANDLE.sub(" ", lower).encode("ascii").translate(_ASCII_DROP).decode("ascii")
    else:
        kept = _NORMALIZE_DROP.sub(" ", lower)
    words = kept.split()
    if len(words) < 6:
        return None
    return " ".join(words)


@dataclass
class BurstDetector:
    """Windowed state over a stream: near-identical posts from `min_authors` different authors.

    Posts are keyed by their normalized text (handles, links, numbers, punctuation removed),
    so "@acme my order 123 never came!!" and "@acme My order 456 never came" match. The state
    is pure data; the caller feeds posts in time order (or line order when no time is known).
    """

    window: timedelta = timedelta(hours=1)
    min_authors: int = 3
    _seen: dict[str, deque[tuple[datetime, str]]] = field(default_factory=dict)
    _authors: dict[str, Counter[str]] = field(default_factory=dict)
    _order: deque[tuple[datetime, str]] = field(default_factory=deque)
    _last: datetime | None = None

    def add(self, text: str, author: str, at: datetime | None = None) -> bool:
        """Record a post; True when it is part of a burst (this author plus enough others in the window).

        A post without a time counts as arriving with the latest post seen.
        """
        return self.add_signature(burst_signature(text), author, at)

    def add_signature(self, sig: str | None, author: str, at: datetime | None = None) -> bool:
        """`add` for a post whose `burst_signature` the caller already has (the pipeline
        asks about each post twice, and cutting the signature was most of the cost)."""
        if at is None or (self._last is not None and at < self._last):
            at = self._last or _EPOCH
        else:
            self._last = at
        self._expire(at)
        if sig is None:
            return False
        q = self._seen.setdefault(sig, deque())
        q.append((at, author))
        authors = self._authors.setdefault(sig, Counter())
        authors[author] += 1
        self._order.append((at, sig))
        return len(authors) >= self.min_authors

    def _expire(self, now: datetime) -> None:
        cutoff = now - self.window
        while self._order and self._order[0][0] < cutoff:
            at, sig = self._order.popleft()
            q = self._seen.get(sig)
            if q:
                authors = self._authors[sig]
                while q and q[0][0] < cutoff:
                    _, gone = q.popleft()
                    authors[gone] -= 1
                    if not authors[gone]:
                        del authors[gone]
                if not q:
                    del self._seen[sig]
                    del self._authors[sig]

    def members(self, text: str) -> int:
        return self.members_of(burst_signature(text))

    def members_of(self, sig: str | None) -> int:
        """`members` by signature (see `add_signature`)."""
        return len(self._authors.get(sig, ())) if sig else 0
