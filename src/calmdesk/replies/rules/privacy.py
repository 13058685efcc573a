"""Personal data in public replies: R-PII-ECHO and R-ASK-PII-PUBLIC."""

from __future__ import annotations

import re

from calmdesk.replies.model import Hit, ReplyContext
from calmdesk.replies.personal import echoed_values
from calmdesk.replies.rules._patterns import family, find

_SECRET = r"(?:(?:full |complete |long |16[- ]digit )?(?:credit |debit |bank |payment )?card(?: number| no\.?| details| digits)|cvv|cvc|security code|(?:your )?(?:current |old |new |account |login )?password|passcode|pin(?: code| number)?|login (?:details|credentials)|one[- ]time (?:code|password)|otp|2fa code|verification code|(?:social security|ssn|national insurance|passport|id card|national id|tax) (?:number|no\.?|details)|iban|bank (?:account number|details)|sort code|(?:last|first) (?:four|4|few|two|2|six|6) digits(?: of (?:your|the) (?:card|account))?|expiry(?: date)?|expiration date|(?:long |16[- ]digit )?number on (?:the front of )?(?:your|the) card|(?:3|three)[- ]digits? on the back|(?:the |your )?(?:\d[- ]digit )?code (?:from|in|we sent|sent to|that was sent to|on) (?:the |your |our )?(?:text|sms|email|e-mail|message|app|authenticator|phone)|(?:security|login|access|sms|text|reset|confirmation|authentication|auth|sign-in|signin) code|memorable (?:word|information|date|answer)|security (?:answers?|questions?)|maiden name|kartennummer|passwort|kennwort|pin-code)"
_PERSONAL = r"(?:(?:full |home |postal |delivery |shipping |street |billing )?address|(?:house|flat|door) number|street(?: name)?|post ?code|zip(?: code)?|customer (?:number|id|reference)|membership number|date of birth|birth ?date|dob|birthday|(?:mobile |phone |cell |telephone )(?:number|no\.?)|phone|e-?mail(?: address)?|order (?:number|no\.?|id|#)|order|booking (?:reference|number)|tracking number|account (?:email|name|number|reference|no\.?)|full name|adresse|anschrift|geburtsdatum|telefonnummer|bestellnummer)"
_ASK = r"(?:(?:please |kindly |can you |could you |would you |just |now )?(?:send|give|share|post|(?:reply|respond|answer|comment)(?: here| below| in (?:the )?(?:comments|replies|thread))? with|provide|tell|confirm|type|drop|write|comment|leave|include|list|let us (?:know|have)|let me (?:know|have)|pop|paste|add|dm|pm|message|e-?mail|schick|schicken sie|sende|senden sie|teile?|teilen sie|nenne?|nennen sie|poste?|posten sie|schreib|schreiben sie)(?: us| me| uns| mir)?(?: \w+){0,3}? (?:your |the |ur |deine? |ihre? |die |den )?|(?:what(?:'s|’s| is| are)|whats|(?:we|i)(?:'ll|’ll|'d|’d| will| would)? need|(?:^|(?<=[.!?] ))need) (?:your |the )?(?:\w+ ){0,3}?(?:and (?:your |the )?)?)"
_PRIVATE = re.compile(
    r"\b(?:dm|dms|direct message|private(?:ly| message| chat)?|pm|inbox|e-?mail (?:us|me)|via e-?mail|by e-?mail|secure (?:form|link|page|portal)|privat\w*|direktnachricht)\b",
    re.I,
)
#: The ask says where: here, below, in the comments, publicly (which beats a DM elsewhere).
_PUBLIC_HERE = re.compile(
    r"\b(?:here|below|publicly|in public|in (?:the )?(?:comments|replies|thread)|hier|öffentlich|unten)\b", re.I
)
_NEVER = re.compile(r"\b(?:never|don't|do not|please don't|won't ever|will never|nie|niemals|keine?)\b", re.I)

ASK_SECRET = family(
    [
        _ASK + _SECRET,
        r"(?:your |the )?" + _SECRET + r" (?:please|here|below|in (?:the )?(?:comments|replies|thread))",
    ]
)
#: "drop them an email", "send us an e-mail": asking someone to write, not for their address.
_WRITE_TO_US = re.compile(r"\ban e-?mail$", re.I)
ASK_PERSONAL = family([_ASK + _PERSONAL + r"(?: (?:here|below|in (?:the )?(?:comments|replies|thread)))?"])


def _sentence(text: str, start: int, end: int) -> str:
    a = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    return text[a : min(ends) if ends else len(text)]


def r_ask_pii_public(text: str, ctx: ReplyContext) -> list[Hit]:
    """Asking for secrets in a public reply is always wrong (even "DM us your card number" teaches
    people to hand it over); asking for contact or order details is fine when it points to a
    private channel (B-HANDOFF)."""
    if not ctx.public:
        return []
    hits = []
    for h in find(ASK_SECRET, text):
        if not _NEVER.search(_sentence(text, h.start, h.end)):
            hits.append(h)
    # Ordinary references (order number, postcode) are fine when the reply sends them to a
    # private channel, in the same sentence or elsewhere in the reply ("Drop us a DM. Include
    # your order reference and postcode"), unless the ask itself says here or in public.
    private_reply = bool(_PRIVATE.search(text))
    for h in find(ASK_PERSONAL, text):
        if _WRITE_TO_US.search(h.detail):
            continue
        sentence = _sentence(text, h.start, h.end)
        if _NEVER.search(sentence):
            continue
        if _PUBLIC_HERE.search(sentence) or not (private_reply or _PRIVATE.search(sentence)):
            hits.append(h)
    return hits


def r_pii_echo(text: str, ctx: ReplyContext) -> list[Hit]:
    if not ctx.public:
        return []
    return [Hit(v.start, v.end, v.kind) for v in echoed_values(text, ctx.complaint, ctx.personal_data)]
