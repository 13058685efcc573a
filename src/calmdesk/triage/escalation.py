"""Reasons to escalate at once (B-ESCALATE): safety, legal threats, data breaches, the press.

Each reason is a set of phrasings rather than single words, because single words misfire
on social text ("this deal is fire", "sick beat", "killing it").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from calmdesk.triage.prefilter import Prefiltered, fold

Reason = Literal["safety", "legal", "data_breach", "press"]
REASONS: tuple[Reason, ...] = ("safety", "legal", "data_breach", "press")

_PATTERNS: dict[Reason, re.Pattern[str]] = {
    "safety": re.compile(
        r"\b(injur(?:y|ies|ed|ing)|hurt (?:my|his|her|their|our|me|him|us)|(?:got|was|were|been) hurt|"
        r"burn(?:t|ed|s)? (?:my|his|her|their|our|me|him|us)|(?:got|was|been|badly) burn(?:t|ed)|"
        r"caught (?:on )?fire|burst into flames|went up in flames|on fire\b(?! (?:today|tonight|lately|right now))|"
        r"fire hazard|started a fire|smoke (?:came|coming|pouring|was coming)|smoking (?:charger|battery|plug|socket|"
        r"cable|laptop|phone|device|appliance|oven|kettle)|smell(?:s|ed)? (?:of )?(?:burning|smoke|gas)|gas leak|"
        r"food poisoning|(?:got|been|felt|made (?:me|us|him|her|my \w+)|(?:i|we|he|she|they|kids?|son|daughter|baby|"
        r"family|wife|husband|partner|and) (?:was|were|fell|got)) (?:violently |really |so )?(?:sick|ill)|"
        r"cut (?:my|his|her|their|our)(?: \w+'s)? (?:finger|hand|foot|leg|arm|face|lip|mouth|head|knee)|bleeding|"
        r"(?:fell|collapsed|came down) on (?:me|my|him|her|us|them)\b|"
        r"vomit\w*|throwing up|hospital\w*|\bA&E\b|emergency room|allerg(?:y|ic|ies|en|ens)|anaphyla\w*|epipen|"
        r"undeclared (?:nuts?|milk|gluten|peanuts?)|chok(?:ed|ing) on|(?:glass|metal|plastic|a bolt|a screw) in (?:my|the|our) "
        r"(?:food|meal|burger|sandwich|salad|pizza|drink|soup|cereal)|electric(?:al)? shock|electrocut\w*|sparks?\b|"
        r"explod(?:ed|ing|es)|exploded|overheat(?:ed|ing|s)|brakes? (?:failed|failure|gave out|stopped working)|"
        r"airbag|steering (?:failed|locked|failure)|(?:cut|cuts) out (?:on|at) (?:the )?(?:motorway|highway|speed)|"
        r"stalled on (?:the )?(?:motorway|highway|freeway)|(?:product|safety|vehicle|a|the|this) recall\b|recalled\b|#recall\b|"
        r"recall (?:on|of|notice)|"
        r"cockroach(?:es)?|\brats?\b|mice\b|mouse droppings|droppings|maggots?|bed ?bugs|mou?ldy?\b|insects? in|"
        # things that smoke, melt or fail on their own, whatever stands between subject and verb
        r"(?:started|starts|was|is|kept|began|went) smoking|smoke (?:from|out of|everywhere)|(?:plug|socket|cable|charger|wire|wiring|adapter|battery|casing|outlet|cord|lead) "
        r"(?:has |had |just )?melt(?:ed|ing)|melted (?:the|my|a|through|down)|"
        r"scorch(?:ed|ing)|blackened|toxic fumes|fumes (?:from|coming)|carbon monoxide|"
        r"(?:brakes?|steering|accelerator|throttle|airbags?)\b[^.!?\n]{0,40}?\b(?:failed|failing|fail|gave out|"
        r"stopped working|locked up|seized|cut out|didn'?t work)|"
        r"(?:safety|fire|choking) (?:hazard|risk|issue|concern)|health (?:hazard|risk)|(?:is|was|so|really|genuinely|actually) "
        r"(?:dangerous|unsafe)|nearly (?:killed|died)|could have (?:killed|died|been killed)|"
        r"(?:rash|hives|swelling|swollen) (?:all over|after|from)|poison(?:ed|ing|ous)\b|"
        r"(?:shattered|exploded) (?:in|on|into|and)|sharp (?:edge|shards?)|shards? of glass|"
        r"(?:swell(?:ed|ing)|swollen|bulging|puffed) (?:up )?(?:battery|power ?bank)|(?:battery|power ?bank|phone|laptop) "
        r"(?:has |had )?(?:swell(?:ed|ing)|swollen|bulging|puffed up)|(?:got|gets|getting|became|becomes|is|was) "
        r"(?:extremely|dangerously|scalding|burning|too) hot)",
        re.I,
    ),
    "legal": re.compile(
        r"\b(lawyers?|attorneys?|solicitors?|legal action|take (?:you|this|them) to court|see you in court|"
        r"small claims|lawsuit|class action|sue\b|suing|(?:will|gonna|going to) sue|my legal team|"
        r"regulator|ombudsman|trading standards|consumer protection|\bFCA\b|\bFTC\b|\bOfcom\b|\bOfgem\b|\bOfwat\b|"
        r"\bCMA\b|\bCFPB\b|attorney general|(?:report|reporting) (?:you|this|them) to (?:the )?\w+|"
        r"breach of contract|chargeback|legal (?:advice|proceedings|claim|case|route|team)|"
        r"(?:file|filing|lodge|lodging|open|opening) (?:a )?(?:formal )?(?:complaint|claim|dispute|case) with|"
        r"Better Business Bureau|\bBBB\b|consumer (?:rights|council|ombudsman|watchdog)|\bICO\b|"
        r"data protection (?:authority|officer|regulator)|(?:my|our|the) rights under|in court)",
        re.I,
    ),
    "data_breach": re.compile(
        r"\b((?:someone|somebody) else'?s (?:order|account|details|data|address|name|info\w*|card|parcel|statement|invoice)|"
        r"(?:another|other) (?:customer|person|people|user)'?s?'? (?:details|data|orders?|accounts?|address\w*|info\w*|names?)|"
        r"(?:see|saw|seeing|shows?|showed|showing|got|received|sent)(?: me| us)? (?:a )?(?:stranger|strangers)'?s? |"
        r"(?:account|profile|email) (?:was |has been |got |been )?(?:hacked|compromised|taken over)|hacked my|hacked account|"
        r"strangers'? (?:names|details|orders|data|addresses)|"
        r"i(?:'ve| have)? (?:been|got) hacked|data (?:breach|leak)|leaked (?:my|our|customer)|my (?:data|details) (?:was|were|got|has been|have been) "
        r"(?:leaked|exposed|stolen|sold)|unauthori[sz]ed (?:charges?|transactions?|payments?|logins?|access|purchases?)|"
        r"fraudulent (?:charges?|transactions?|payments?|purchases?)|card (?:was |has been |got )?(?:cloned|skimmed|"
        r"used without|charged without)|charges? i (?:never|didn'?t) (?:made|make|authori[sz]e)|"
        r"(?:never|didn'?t) authori[sz]e (?:this|these|that|the) (?:charges?|payments?|transactions?)|"
        r"identity theft|stolen (?:card|identity|credentials)|phishing|"
        # charges, logins or orders the customer did not make, however the sentence runs
        r"(?:charges?|transactions?|payments?|purchases?|orders?|withdrawals?|logins?)\b[^.!?\n]{0,50}?\b"
        r"(?:i|we) (?:never|didn'?t|did not|have never) (?:made|make|placed|place|authori[sz]ed?|recogni[sz]e|do|did)|"
        r"(?:don'?t|do not|doesn'?t) recogni[sz]e (?:these|this|the|that|a|any|some) (?:charges?|transactions?|"
        r"payments?|purchases?|orders?|logins?|devices?)|(?:someone|somebody|a stranger) (?:has )?(?:logged|"
        r"is logging|got|broke) in(?:to)? my (?:account|profile)|(?:someone|somebody) (?:has |is )?(?:used|using) my "
        r"(?:card|account|details|identity)|(?:password|email|phone number) (?:was |has been |got )?changed without|"
        r"my (?:card|details|account|identity|password) (?:was|were|has been|have been|got) (?:stolen|used|hacked|"
        r"compromised|leaked))",
        re.I,
    ),
    "press": re.compile(
        r"\b(journalists?|reporters?|i(?:'m| am) a (?:writer|correspondent|editor) (?:at|for|with)|"
        r"writing (?:a|an) (?:story|piece|article|feature|report) (?:on|about|for)|(?:for|with) (?:the )?"
        r"(?:BBC|Guardian|Times|Telegraph|Reuters|Bloomberg|CNN|NYT|New York Times|Washington Post|Daily Mail|"
        r"Sun|Mirror|Independent|AP|Associated Press|Financial Times|FT|Watchdog|Which\?)|press (?:office|team|enquiry|"
        r"inquiry|contact|request)|media (?:enquiry|inquiry|request|contact)|(?:comment|statement) for (?:a|an|my|our) "
        r"(?:story|piece|article|report|segment)|on deadline|PR (?:dept|department|team|contact)|"
        r"(?:tv|television|radio) (?:producer|programme|program|segment)|going to the (?:press|papers|media)|"
        r"contact(?:ed|ing)? the (?:press|papers|media))",
        re.I,
    ),
}


@dataclass(frozen=True)
class Escalation:
    reasons: tuple[Reason, ...]
    evidence: tuple[tuple[Reason, int, int], ...] = ()

    @property
    def escalate(self) -> bool:
        return bool(self.reasons)


#: Each pattern with an exact pre-check on the fixed text its matches must contain.
_CHECKED: dict[Reason, Prefiltered] = {reason: Prefiltered(_PATTERNS[reason], 6) for reason in REASONS}


def escalation(text: str, folded: str | None = None) -> Escalation:
    """`folded` is `prefilter.fold(text)` when the caller already has it."""
    folded = fold(text) if folded is None else folded
    reasons: list[Reason] = []
    evidence: list[tuple[Reason, int, int]] = []
    for reason in REASONS:
        m = _CHECKED[reason].search(text, folded)
        if m:
            reasons.append(reason)
            evidence.append((reason, m.start(), m.end()))
    return Escalation(tuple(reasons), tuple(evidence))
