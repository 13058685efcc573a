"""Reasons to escalate at once (B-ESCALATE): safety, legal threats, data breaches, the press.

Each reason is a set of phrasings rather than single words, because single words misfire
on social text ("this deal is fire", "sick beat", "killing it").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from calmdesk.triage import exposure_world, harm_world
from calmdesk.triage.exposure_world import exposure, phishing
from calmdesk.triage.harm_world import harm
from calmdesk.triage.prefilter import (
    AlternativesPrefiltered,
    Prefiltered,
    WordFamily,
    fold,
    gate_bit,
    index_answer,
    index_bits,
    literals_of,
)
from calmdesk.triage.sentences import sentence_bounds

Reason = Literal["safety", "legal", "data_breach", "press"]
REASONS: tuple[Reason, ...] = ("safety", "legal", "data_breach", "press")

#: A laugh or "just kidding" soon after a figurative phrasing ("nearly killed me 😭", "I'd sue
#: for better wifi lol jk") makes it a joke, not a report; it is a lookahead on those phrasings only.
_JOKE = r"(?![^.!?\n]{0,60}(?:\blol\b|\blmao\b|\blmfao\b|\brofl\b|\bhaha|\bjk\b|\bj/k\b|just kidding|😂|🤣|😭|💀|😆))"
#: People and things whose details belong to someone else (another customer's X, someone else's X).
_OTHERS = (
    r"(?:guy|man|woman|lady|girl|bloke|family|customer|person|people|user|passenger|guest|patient|member|client|traveller|"
    r"traveler|shopper|subscriber|student|pupil|tenant|resident|employee|colleague|parent|child|kid|account holder|"
    r"policyholder|driver|rider|player)"
)
_THEIR_THINGS = (
    r"(?:details|data|orders?|accounts?|address\w*|info\w*|names?|bookings?|boarding pass(?:es)?|tickets?|"
    r"reservations?|receipts?|invoices?|statements?|records?|documents?|paperwork|prescriptions?|passports?|"
    r"photos?|messages?|e-?mails?|phone numbers?|(?:card|bank|payment|personal|contact) details|profiles?|"
    r"bills?|payslips?|labels?|history|(?:test )?results?|letters?|scans?|x-?rays?|notes|grades|marks|transcripts?|"
    r"claims?|policy|policies|medication|meds|prescriptions?)"
)

#: A customer's own records, which only they and the business should see.
_OWN_RECORDS = (
    r"(?:prescriptions?|date of birth|dob|birthday|diagnos[ie]s|medical (?:records?|history|notes)|passport(?: scan| number)?|"
    r"(?:driving |driver'?s )?licen[cs]e|id(?: number| card| scan)?|address|home address|report cards?|results?|scans?|"
    r"claim(?: form)?|card (?:details|number)|account (?:number|details)|bank details|social security(?: number)?|"
    r"records?|statements?|payslips?|salary|details|personal (?:data|details|info\w*)|x-?rays?|test results?)"
)
#: Anyone but the customer and the business staff handling it.
_RECIPIENTS = (
    r"(?:the |a |an |every |all (?:the )?|some |other |random |whole )?"
    r"(?:(?:wrong|other|next|random|whole|total|complete|perfect|unknown|different) )?"
    r"(?:guy|man|woman|lady|couple|stranger|strangers|next|another|someone|somebody|people|person|everyone|everybody|"
    r"queue|room|class|parents?|customers?|patients?|passengers?|guests?|neighbou?rs?|colleagues?|group|public|"
    # a place that is not the customer's: "to my ex's address", "to the wrong address"
    r"(?:my |his |her )?ex(?:['’]s)?(?: address| house| place)?|(?:my |his |her )?(?:old|previous|former) address|address)"
)

#: Each reason's first-round patterns, as source (case-insensitive; compiled part by part, on first
#: need, by `_CHECKED` and `whole_pattern`).
_FIRST: dict[Reason, str] = {
    "safety": (
        r"\b(injur(?:y|ies|ed|ing)|hurt (?:my|his|her|their|our|me|him|us)|(?:got|was|were|been) hurt|"
        r"burn(?:t|ed|s)? (?:my|his|her|their|our|me|him|us)|(?:got|was|been|badly) burn(?:t|ed)|"
        r"caught (?:on )?fire|burst into flames|went up in flames|on fire\b(?! (?:today|tonight|lately|right now))|"
        r"fire hazard|started a fire|smoke (?:came|coming|pouring|was coming)|smoking (?:charger|battery|plug|socket|"
        r"cable|laptop|phone|device|appliance|oven|kettle)|smell(?:s|ed)? (?:of )?(?:burning|smoke|gas)|gas leak|"
        r"food poisoning|(?:got|been|felt|made (?:me|us|him|her|my \w+)|(?:i|we|he|she|they|kids?|son|daughter|baby|"
        r"family|wife|husband|partner|and) (?:was|were|fell|got)) (?:violently |really |so )?(?:sick|ill)(?! of\b)|"
        r"cut (?:my|his|her|their|our)(?: \w+'s)? (?:finger|hand|foot|leg|arm|face|lip|mouth|head|knee)|bleeding|"
        r"(?:fell|collapsed|came down) on (?:me|my|him|her|us|them)\b|"
        r"vomit\w*|throwing up|(?<!work in a )(?<!work at a )(?<!work in the )(?<!work at the )(?<!parking at the )"
        r"hospital\w*(?! (?:parking|car ?park|food|canteen|caf[eé]|shop|wi-?fi|bills?|billing|jobs?|shifts?|radio)\b)|\bA&E\b|emergency room|allerg(?:y|ies|en|ens)\b(?! (?:tablets?|pills?|meds?|medicines?|medication|relief|season|sufferers?|sprays?|tests?|friendly|info\w*|advice|labels?|menu))|anaphyla\w*|epipen|"
        # "allergic to waiting lol" is a figure of speech; "allergic to nuts" is not
        r"allergic\b(?! to (?:\w+ing|you|your|people|mondays|bad|customer|queues?)\b)" + _JOKE + r"|"
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
        r"(?:dangerous|unsafe)\b|nearly (?:killed|died)"
        + _JOKE
        + r"|could have (?:killed|died|been killed)"
        + _JOKE
        + r"|"
        r"(?:rash|hives|swelling|swollen) (?:all over|after|from)|poison(?:ed|ing|ous)\b|"
        r"(?:shattered|exploded) (?:in|on|into|and)|sharp (?:edge|shards?)|shards? of glass|"
        # small parts and batteries within a child's reach
        r"(?:swallow\w*|chok\w*|got hold of|chewed|in (?:his|her|their) mouth)\b[^.!?\n]{0,40}?\b(?:batter(?:y|ies)|magnets?|"
        r"small parts?)|(?:button|coin) (?:cell )?batter(?:y|ies)\b[^.!?\n]{0,40}?\b(?:swallow\w*|loose|came out|comes out|"
        r"pops? (?:off|out)|fell out|falls out|easy to (?:open|get))|(?:kid|child|baby|toddler|\d+ ?yo|son|daughter)\b"
        r"[^.!?\n]{0,30}?\b(?:swallowed|choked)|"
        # skin and chemical harm
        r"chemical burns?|burns? (?:on|to) (?:my|his|her|their|our|the) (?:\w+ )?(?:skin|scalp|face|hands?|arms?|legs?|"
        r"neck|eyes?|mouth|head|back|chest|feet|foot|fingers?|lips?|tongue)|scald(?:ed|s|ing)? (?:my|his|her|him|me|us|them)|"
        r"(?:skin|scalp) (?:is |was |started |keeps )?(?:burning|peeling|blistering|blistered|bleeding)|"
        # exposed electrics
        r"(?:live|exposed|bare) (?:wires?|wiring|cables?)|wires? (?:hanging|sticking) out|"
        # falls, broken bones and other injuries
        r"slipped on (?:a|the|some|your) (?:\w+ )?(?:wet|spill|spilt|spilled|puddle|floor|ice|oil|grease|leak|water|step|"
        r"stairs|mat|rug)\w*|slipped (?:and|&) (?:fell|hurt|broke|landed|hit|twisted|sprained)|tripped (?:on|over) "
        r"(?:a|the|some|your|loose|broken|uneven|exposed) |(?:broke|broken|fractured|sprained|twisted|dislocated) "
        r"(?:my|his|her|their|our) (?:\w+ )?(?:wrist|arm|leg|ankle|foot|hip|nose|ribs?|fingers?|toes?|collarbone|"
        r"shoulder|knee|jaw|tooth|teeth)|(?:wrist|arm|leg|ankle|hip|nose|ribs?|collarbone|jaw|shoulder|knee) "
        r"(?:is|was|got|has been) (?:broken|fractured|sprained|dislocated)|(?:chipped|cracked) (?:a |my |his |her )?"
        r"(?:tooth|teeth)|concussion|bruis(?:ed|es) (?:all over|everywhere|on (?:my|his|her))|bruised (?:my|his|her)|"
        # a part giving way while someone uses it, heads hit, rooms filled with smoke, devices that will not switch off
        r"(?:came|come|fell|snapped|broke|flew) (?:off|apart|loose)\b[^.!?\n]{0,30}?\b(?:while|when|with) (?:i|he|she|we|they|my|our|his|her|"
        r"the (?:kids?|baby|child|toddler))\b|hit (?:my|his|her|their|our) head|(?:filled|full) (?:up )?(?:with|of) smoke|"
        r"tipped over\b[^.!?\n]{0,40}?\b(?:didn'?t|did not|doesn'?t|never) (?:shut|switch|turn) off|\bsinged\b|"
        # the same harms in the desk's other languages
        r"reacci[óo]n al[ée]rgica|allergische reaktion|r[ée]action allergique|rea[çc][ãa]o al[ée]rgica|intoxicaci[óo]n|"
        r"intoxica[çc][ãa]o|intoxication|intoxiqu[ée]|lebensmittelvergiftung|vergiftet|verletzt|verbrannt|glassplitter|"
        r"glasscherben?|bless[ée]e?s?\b|br[uû]l[ée]e?s?\b|herid[oa]s?\b|quemad[oa]s?\b|quemaduras?|queimad[oa]s?\b|queimaduras?|"
        r"ferit[oa]\b|ustionat[oa]|urgencias|urg[eê]ncia|notaufnahme|krankenhaus|h[ôo]pital|ospedale|"
        r"black and blue|(?:needed|got|had|needs|need) (?:\d+ )?stitches|knocked (?:me|him|her|us) (?:out|over|down)|"
        r"(?:threw|thrown|flung|knocked|bucked) (?:me|him|her|us|them) off|"
        # vehicles that act on their own or lose a tyre
        r"(?:brak(?:ed|es|ing)|accelerat\w*|swerv\w*|steer(?:ed|ing|s)?|jerked|lurched|veered)\b[^.!?\n]{0,25}?"
        r"\b(?:by itself|on its own|without warning|out of nowhere)|(?:tyre|tire)s? (?:blew|burst|exploded|came off)|"
        r"blow-?out on|wheel (?:came|fell) off (?:on|while|at|when|mid|going)|(?:stalled|died|cut out|shut (?:off|down)|"
        r"lost (?:all )?power) (?:on|in the middle of) (?:the |a )?(?:motorway|highway|freeway|dual carriageway|"
        r"roundabout|junction|interstate)|"
        # pests
        r"roach(?:es)?\b|weevils?|larvae|worms? in (?:my|the|our) |"
        r"(?:swell(?:ed|ing)|swollen|bulging|puffed) (?:up )?(?:battery|power ?bank)|(?:battery|power ?bank|phone|laptop) "
        r"(?:has |had )?(?:swell(?:ed|ing)|swollen|bulging|puffed up)|(?:got|gets|getting|became|becomes|is|was) "
        r"(?:extremely|dangerously|scalding|burning|too) hot|"
        # skin reactions, blisters and what a product did to the body
        r"(?:came|come|comes|broke|broken) out in (?:\w+ )?(?:blisters|a rash|rashes|hives|welts|spots)|blister(?:ed|ing)\b|"
        r"throat (?:started |was |is |kept |went )?(?:closing|swelling|tightening)|(?<!literally )(?:couldn'?t|can'?t|could not|"
        r"cannot|struggling to) breathe" + _JOKE + r"|had to use (?:his|her|my|their|our) (?:epi-?)?pen|"
        r"(?:can|could)(?:'t|not| barely| hardly| no longer) (?:walk|move (?:my|his|her))" + _JOKE + r"|landed on (?:my|his|her|"
        r"their|our) (?:back|head|face|neck|side|knees?)|"
        # things that give way under someone, fly off or move by themselves
        r"(?:buckled|collapsed|gave way|snapped|broke|caved in) (?:under|beneath|on) (?:me|him|her|us|them|my|his|our)\b|"
        r"(?:lid|blade|wheel|tyre|tire|door|glass|cap|top|cover|handle|part|piece|bit|shards?)s? (?:\w+ )?(?:flew|blew|shot|"
        r"exploded) off\b|with (?:my|our|his|her) (?:baby|child|son|daughter|kids?|toddler|newborn) "
        r"(?:in|on) it|(?:sped up|speeds? up|started (?:up|moving)|took off|closed|slammed shut)\b[^.!?\n]{0,25}?\b(?:by itself|"
        r"on its own|without warning)|(?:threw|thrown|flung|knocked|hurled) (?:me|him|her|us|them) (?:into|onto|across|against) |"
        r"(?:lift|elevator)\b[^.!?\n]{0,20}?\b(?:dropped|fell|plunged|plummeted|free ?fell)|trapped in (?:the|a|your) "
        r"(?:lift|elevator)|"
        # fire and scorched electrics told other ways
        r"caught alight|set alight|went up in smoke|(?:socket|plug|outlet|wiring|fuse ?box|cable|switch)\b[^.!?\n]{0,40}?"
        r"\b(?:gone|turned|went) black|(?:heater|charger|battery|batteries|appliance|dryer|e-?bike|scooter|laptop|toaster|"
        r"kettle|oven|fridge|freezer|boiler) fires?\b|"
        # foreign bodies in food, scalds, undercooked food and its effects
        r"(?:needles?|pins?|nails?|staples?|razor|blades?|splinters?|screws?|bolts?|wire|stones?|piece of (?:glass|metal|"
        r"plastic|wire)) (?:\w+ )?(?:in|inside|into) (?:my|the|our|his|her) (?:\w+ )?(?:food|meal|bread|roll|burger|sandwich|"
        r"salad|pizza|drink|soup|cereal|cake|pie|chocolate|yogh?urt|bar|pasta|rice|curry|wrap|muffin|biscuit)|"
        r"(?:boiling|scalding|hot) (?:water|soup|oil|liquid|steam|coffee|tea|fat)\b[^.!?\n]{0,40}?\b(?:over|on|up|down|"
        r"across) (?:my|his|her|me|him|us)\b|(?:pink|raw|uncooked|undercooked) (?:inside|in the middle)|undercooked|"
        r"the runs\b|diarrh\w*|stomach (?:bug|cramps)|contaminat\w*|(?:at|to|rushed to) the (?:emergency )?vets?\b|"
        # a body part and what happened to it
        r"(?:lips?|face|tongue|eyes?|throat|mouth|skin|scalp|cheeks?|neck|hands?|fingers?|arms?|legs?|feet|foot|toes?) "
        r"(?:has |have |had |is |are |was |were |went |got |all |started |keeps? |began )?(?:swell(?:ed|ing)|swollen|"
        r"puffed up|red raw|stinging|blistered|numb|tingling)|"
        # an appliance and a failure that harms: sparks, melting, smoke, running when off
        r"(?:heater|kettle|toaster|charger|plug|socket|boiler|oven|hob|microwave|fridge|dryer|iron|hair ?dryer|"
        r"straighteners|blender|fan|lamp|e-?bike|scooter|cooker|extension|fuse|light switch|appliance)s?\b"
        r"[^.!?\n]{0,30}?\b(?:spark(?:ed|ing|s)|melt(?:ed|ing|s)|kept (?:going|heating|running|on) after)|"
        r"glass (?:went |flew |shattered )?(?:everywhere|all over)|(?:smoke|fire|carbon monoxide|co) alarms? "
        r"(?:went|going|kept going) off|"
        # "found a hair in my croissant", "a dead bug in my salad"
        r"found (?:a|an|some|two|three|\d+|this) (?:\w+ ){0,2}?(?:hairs?|plastic|glass|metal|insects?|fly|flies|worms?|"
        r"slugs?|snails?|beetles?|spiders?|maggots?|needles?|staples?|fingernails?|plasters?|bones?|wire|stones?|bugs?)\b"
        r"[^.!?\n]{0,30}?\b(?:in|inside|into|on) (?:my|the|our|his|her|their|your) |dead (?:bugs?|fly|flies|insects?|"
        r"mouse|mice|rats?|spiders?|slugs?|beetles?|worms?|cockroach)\b|"
        # small children and what reaches their mouths; baby kit that gives way
        r"(?:toddler|baby|child|kid|son|daughter)\b[^.!?\n]{0,40}?\bin (?:his|her|their) mouth|"
        r"(?:cot|crib|high ?chair|car ?seat|pram|buggy|stroller|bouncer|stair ?gate|baby gate)s?\b[^.!?\n]{0,25}?"
        r"\b(?:dropped|collapsed|snapped|folded|gave way|came (?:apart|loose|undone)|tipped)|"
        r"with (?:my|our|his|her) (?:baby|child|son|daughter|kids?|toddler|newborn) (?:\w+ )?(?:in|on|inside) it|"
        # things that come down on people, brakes that don't grab, symptoms near fumes
        r"(?:ceiling|roof|shelf|shelving|shelves|cabinet|wardrobe|mirror|light fitting|plaster|weights?|plates?|rack)\b"
        r"[^.!?\n]{0,20}?\b(?:came down|fell (?:down|in|off|on)|collapsed|caved in|came away)|"
        r"landed on (?:my|his|her|their|our) (?:foot|feet|toes?|hands?|arm|leg|hip|chest)|(?:can'?t|cannot|couldn'?t) put "
        r"(?:any )?weight on|didn'?t (?:grab|bite|engage|respond)\b|(?:boiler|heater|fire|stove|cooker|gas|fumes|"
        r"smell)\b[^.!?\n]{0,60}?\b(?:headaches?|dizzy|dizziness|nause\w+|drowsy|faint)\b|"
        r"(?:been|being) (?:up all night )?(?:violently )?sick\b(?! of)|(?:chicken|meat|fish|milk|prawns?|pork|beef|"
        r"seafood|mince|sushi|eggs?|ham) (?:was|were|is|had|has) (?:off|rotten|gone off|rancid|spoil[et]d?)\b|"
        # road danger
        r"ran (?:a|the|two|three) red lights?|(?:dangerous|reckless|drunk) (?:driving|driver)|driving (?:dangerously|"
        r"recklessly)|(?:nearly|almost) (?:got )?(?:hit|crashed|run over|ran (?:me|us) over|knocked (?:me|us) (?:over|down))"
        + _JOKE
        + r")"
    ),
    "legal": (
        r"\b(lawyers?(?![-‑])|(?<!power of )attorneys?|solicitors?|legal action|take (?:you|this|them) to court" + _JOKE + r"|see you in court" + _JOKE + r"|"
        r"small claims|lawsuit|advogad[oa]s?|abogad[oa]s?|avocats?|(?:rechts)?anw[äa]lt(?:in|e)?|avvocat[oi]|advocaat|procon|"
        r"demandar(?:los|les|te)?|denunciar(?:los|les)?|processar|porter plainte|klage einreichen|verklagen"
        + _JOKE
        + r"|class action|(?:(?:will|gonna|going to) )?su(?:e|ing)\b(?! me\b)"
        + _JOKE
        + r"|my legal team|"
        r"(?<!gas )(?<!pressure )(?<!cylinder )(?<!lpg )(?<!propane )(?<!voltage )(?<!oxygen )"
        r"regulator(?! (?:se|valve|knob|hose|dial|(?:is |was |keeps )?(?:hissing|leaking))\b)|ombudsman|trading standards|consumer protection|\bFCA\b|\bFTC\b|\bOfcom\b|\bOfgem\b|\bOfwat\b|"
        r"\bCMA\b|\bCFPB\b|attorney general|(?:report|reporting|reported) (?:you|this|them) to (?:the )?\w+|"
        r"breach of contract|chargeback|legal (?:advice|proceedings|claim|case|route|team|representatives?|representation|"
        r"rep|department|dept|letter|notice|steps|recourse|options|aid)|law ?firm|(?:through|via|in|to) (?:the )?courts\b|"
        r"court (?:action|claim|proceedings)|(?:financial|conduct|competition|regulatory|standards|protection|"
        r"trade|communications|privacy|information|energy|aviation|gambling|telecoms?) (?:conduct )?(?:authority|"
        r"commission(?:er)?|agency|bureau)\b|"
        r"(?:file|filing|lodge|lodging|open|opening) (?:a )?(?:formal )?(?:complaint|claim|dispute|case) with|"
        r"Better Business Bureau|\bBBB\b|consumer (?:rights|council|ombudsman|watchdog)|\bICO\b|"
        r"data protection (?:authority|officer|regulator)|(?:my|our|the) rights under|in court|letter (?:before|of) "
        r"(?:action|claim)|county court|\bCAA\b|\bFCC\b|\bACCC\b|\bCNIL\b|department of transportation|"
        r"legal counsel|litigat\w*|tribunal|advertising standards|\bASA\b|state AG\b|citizens advice|"
        r"(?:consumer rights|consumer protection|data protection|equality|consumer credit) act|in breach of)"
    ),
    "data_breach": (
        r"\b((?:someone|somebody) else['’]?s (?:\w+ )?(?:card|parcel|" + _THEIR_THINGS[3:] + r"|"
        r"(?:another|other|different) " + _OTHERS + r"(?:['’]s|s['’]?)? (?:\w+ )?" + _THEIR_THINGS + r"|"
        r"(?:see|saw|seeing|shows?|showed|showing|got|received|sent)(?: me| us)? (?:a )?(?:stranger|strangers)'?s? |"
        r"(?:account|profile|email) (?:was |has been |got |been )?(?:hacked|compromised|taken over)|hacked my|(?<!their )(?<!your )hacked account\b|"
        r"strangers'? (?:names|details|orders|data|addresses)|"
        r"i(?:'ve| have)? (?:been|got) hacked|data (?:breach|leak)|leaked (?:my|our|customer)|my (?:data|details) (?:was|were|got|has been|have been) "
        r"(?:leaked|exposed|stolen|sold)|unauthori[sz]ed (?:charges?|transactions?|payments?|logins?|access|purchases?)|"
        r"fraudulent (?:charges?|transactions?|payments?|purchases?)|card (?:was |has been |got )?(?:cloned|skimmed|"
        r"used without|charged without)|charges? i (?:never|didn'?t) (?:made|make|authori[sz]e)|"
        r"(?:never|didn'?t) authori[sz]e (?:this|these|that|the) (?:charges?|payments?|transactions?)|"
        r"identity theft|stolen (?:card|identity|credentials)|phishing|"
        # charges, logins or orders the customer did not make, however the sentence runs
        r"(?:charges?|transactions?|payments?|purchases?|orders?|withdrawals?|logins?|debits?|rides?|trips?|bookings?|"
        r"subscriptions?|rentals?|devices?|stuff|items?)\b[^.!?\n]{0,50}?\b"
        r"(?:i|we|and) (?:(?:never|didn'?t|did not|have never) (?:made|make|placed|place|authori[sz]ed?|recogni[sz]e|do|did|"
        r"took|take|booked|book|ordered|order|added|add)|"
        r"(?:don'?t|do not|can'?t|cannot) (?:recogni[sz]e|remember (?:making|placing|ordering|authori[sz]ing)|"
        r"authori[sz]e))|"
        # the phone number or SIM taken over, the account emptied
        r"sim[- ]?swap\w*|(?:number|sim) (?:was |got |has been )?(?:ported|swapped|hijacked)|ported (?:out )?my number|"
        r"hijack(?:ed)? my (?:number|account|sim|profile)|(?:emptied|drained|cleaned out|wiped out) my (?:bank |savings |"
        r"current )?account|"
        r"(?:don'?t|do not|doesn'?t) recogni[sz]e (?:these|this|the|that|a|any|some) (?:charges?|transactions?|"
        r"payments?|purchases?|orders?|logins?|devices?)|(?:someone|somebody|a stranger) (?:has )?(?:logged|"
        r"is logging|got|broke) in(?:to)? my (?:account|profile)|(?:someone|somebody)(?:['’]s| has| is)? (?:used|using) my "
        r"(?:card|account|details|identity)|(?:password|email|phone number) (?:was |has been |got )?changed without|"
        r"my (?:card|details|account|identity|password) (?:was|were|has been|have been|got) (?:stolen|used|hacked|"
        r"compromised|leaked)|"
        # something on the account the customer disowns: "... and it isn't mine", "that wasn't me"
        r"(?:account|card|banking|profile|login|statement|order history|email|password|device|payee)\b[^.!?\n]{0,60}?"
        r"\b(?:(?:that|which|and it|it) (?:wasn'?t|isn'?t|was not|is not) (?:me|us|mine|ours)\b|not (?:me|us)\b(?! to)|"
        r"(?:and )?(?:i|we) (?:didn'?t|did not|never) do (?:it|that|this)\b)|"
        # codes and resets nobody asked for, money gone, charges from places never been to
        r"(?:reset|verification|security|login|2fa|one-?time|otp|password|sign-?in) (?:e-?mails?|codes?|texts?|links?|sms)\b"
        r"[^.!?\n]{0,10}?\b(?:i|we) (?:never|didn'?t|did not) (?:ask(?:ed)? for|request(?:ed)?)|"
        r"(?:charged|charges?|transactions?|payments?|purchases?|debits?|withdrawals?|used)\b[^.!?\n]{0,50}?\b(?:i|we)"
        r"(?:'ve| have)? never (?:been|heard of|shopped|used)|[£$€]\s?\d[\d,.]*k? (?:was|were|had|has|just) (?:gone|vanished|"
        r"disappeared|taken)|logged (?:me|us) in(?:to)? (?:as|to) (?:a |an )?(?:\w+ )?(?:different|another|other|"
        r"someone else)|(?:details|data|credentials|passwords?|logins?)\b[^.!?\n]{0,15}?\b(?:up for sale|for sale|being sold|"
        r"on the dark ?web|dumped online|posted online)|(?:account|profile|e-?mail|inbox)\b[^.!?\n]{0,10}?\b(?:got|was|has "
        r"been|been) (?:broken into|accessed by)|broke into my|"
        # the customer's own records handed, shown or sent to other people, without the word "breach"
        r"(?:read out|called out|shouted|showed|shown|handed|gave|given|(?:e-?)?mailed|sent|shared|forwarded|posted|displayed|"
        r"disclosed|revealed|printed)\b[^.!?\n]{0,40}?\b(?:my|our|his|her) (?:[\w'’]+ ){0,3}?" + _OWN_RECORDS + r"\b[^.!?\n]{0,60}?"
        r"\b(?:to|with|in front of) " + _RECIPIENTS + r"|"
        r"(?:my|our|his|her) (?:[\w'’]+ ){0,3}?" + _OWN_RECORDS + r"\b[^.!?\n]{0,40}?\b(?:were|was|are|is|got|been) (?:visible|shown|"
        r"sent|given|shared|available|emailed|posted|displayed) to " + _RECIPIENTS + r"|"
        # an account changed or used by someone else, however the sentence runs
        r"(?:someone|somebody|a stranger|a hacker|hackers|a third party)(?: else)? (?:has |had |have )?(?:changed|accessed|"
        r"access to|got into|gained access|logged into|ordered|added|reset|used|took over|emptied)\b[^.!?\n]{0,40}?\b(?:my|our) "
        r"(?:\w+ )?(?:account|profile|e-?mail|password|address|number|card|details|login)|(?:account|profile|e-?mail) "
        r"(?:got|was|has been|been) (?:got )?into by|(?:profile|device|user|payee|address|card|e-?mail|phone) (?:in|on|to|added to) "
        r"my (?:account|profile)\b[^.!?\n]{0,20}?\b(?:i|we) (?:didn'?t|did not|never) (?:make|add|create|set up)|"
        r"(?:account|profile|address|e-?mail|password|order)\b[^.!?\n]{0,60}?[,;-] ?(?:it )?(?:wasn'?t|was not) (?:me|us)\b|"
        # other languages: another customer's data, someone else in my account, leaks
        r"d['’]un autre client|de otro cliente|de outro cliente|eines anderen kunden|di un altro cliente|van een andere klant|"
        r"zugriff auf mein|acc[eè]s [àa] mon compte|acceso a mi cuenta|acesso [àa] minha conta|datenleck|datenpanne|"
        r"fuite de donn[ée]es|filtraci[óo]n de datos|vazamento de dados|violaci[óo]n de datos|gehackt|hackead[oa]|pirat[ée] (?:mon|ma|mes)\b)"
    ),
    "press": (
        r"\b(journalists?|reporters?|i(?:'m| am) a (?:writer|correspondent|editor) (?:at|for|with)|"
        r"writing (?:a|an) (?:story|piece|article|feature|report) (?:on|about|for)|(?:for|with) (?:the )?"
        r"(?:BBC|Guardian|Times|Telegraph|Reuters|Bloomberg|CNN|NYT|New York Times|Washington Post|Daily Mail|"
        r"Sun|Mirror|Independent|AP|Associated Press|Financial Times|FT|Watchdog|Which\?)(?!\w)|press (?:office|team|enquiry|"
        r"inquiry|contact|request)|media (?:enquiry|inquiry|request|contact)|(?:comment|statement) for (?:a|an|my|our) "
        r"(?:story|piece|article|report|segment)|on deadline|PR (?:dept|department|team|contact)|"
        r"(?:tv|television|radio) (?:producer|programme|program|segment)|(?:news|tv|film|camera) (?:crews?|cameras?)\b|"
        r"(?:producer|researcher|correspondent|columnist|presenter) (?:at|for|with|from) |editor (?:at|for|with) |"
        r"(?:going to|go to|went to|contact(?:ed|ing)?|call(?:ed|ing)?|tell(?:ing)?|tip(?:ping|ped)? off|email(?:ed|ing)?|"
        r"writ(?:e|ing) to|tak(?:e|ing) (?:this|it) to) the (?:local |national )?(?:press|papers?|newspapers?|media|"
        r"news\b(?! ?agents?)|tv stations?|news ?desks?)|"
        r"(?:going to|go to|went to|contact(?:ed|ing)?|writ(?:e|ing) to|tak(?:e|ing) (?:this|it) to|this is going to) "
        r"(?:my|our|a) (?:local |national )?(?:press|papers?|newspapers?|news ?desk|tv station)|"
        r"(?:I|we) (?:produce|present|edit|host|run) (?:the|a) [^.!?\n]{0,30}?\b(?:slot|segment|show|programme|program|"
        r"column|podcast|section|bulletin) (?:on|for|at)|podcast (?:host|producer)|(?:freelance|staff|investigative|consumer|"
        r"tech|business|money|travel|health) (?:writer|journalist|reporter|editor|correspondent)|"
        r"(?:running|publishing|doing|working on|airing|filing|writing) (?:a |an )?(?:story|piece|article|feature|segment|"
        r"investigation|report|exposé|expose) (?:on|about|for|into|tomorrow|today|tonight|this week)|"
        r"(?:would you like|care|want|like) to comment|for comment\b|right of reply|(?:hear|get) your side|"
        r"(?:consumer|money|advice|letters|travel) (?:column|page|desk|section)|(?:speak(?:ing)?|spoke(?:n)?|talk(?:ing|ed)?) "
        r"to (?:the )?(?:BBC|Guardian|Times|Telegraph|Reuters|Bloomberg|CNN|Daily Mail|Mirror|Independent|ITV|Sky News|press|"
        r"papers|media)|(?:on|for|with) (?:Channel 4|ITV|Sky News|NBC|CBS|ABC News|Fox News|NPR|Wired|Vice|BuzzFeed|The Verge|"
        r"TechCrunch|Forbes)\b)"
    ),
}


#: Issue 16, second round (test7): the same reasons told in words the first patterns did not
#: know. Each entry is a family: what a harm, threat, exposure or press contact looks like
#: whatever the product, and the same in es/pt/fr/de/it/nl/pl.
_SOMEONE = r"(?:alguien|algu[ée]m|quelqu['’]un|jemand|qualcuno|iemand|kto[śs])"
_ACCOUNT_NOUNS = (
    r"(?:cuenta|l[íi]nea|sim|tarjeta|contrase[ñn]a|conta|cart[ãa]o|senha|linha|compte|carte|mot de passe|konto|"
    r"adresse|karte|passwort|conto|carta|rekening|adres|wachtwoord|kaart|karta|has[łl]o|numer|n[úu]mero|numero|nummer|"
    r"password|e-?mail|account|profilo|perfil|profil)"
)
_AUDIENCE = (
    r"(?:\d[\d,.]*\s?[km]\+?|\d{1,3}(?:[,.]\d{3})+|thousands of|millions of) (?:\w+ )?(?:followers|subscribers|"
    r"listeners|viewers|readers|seguidores|abonn[ée]s|iscritti|volgers|obserwuj\w*)"
)
_MORE: dict[Reason, str] = {
    "safety": (
        # self-harm and despair, told without the word
        r"(?:don'?t|do not|can'?t|cannot) see (?:the|any) point (?:of|in) (?:living|waking up|going on|being here|"
        r"carrying on|anything)|end(?:ing)? it all|end my (?:own )?life|take my (?:own )?life|kill(?:ing)? myself|"
        r"hurt(?:ing)? myself|harm(?:ing)? myself|self[- ]harm|(?:i|i'?m|me|my|myself|feel\w*|felt)\b[^.!?\n]{0,20}?"
        r"\bsuicid\w*|ending it\b[^.!?\n]{0,40}?\b(?:nothing left|no point|"
        r"can'?t go on|there'?s nothing)|nothing (?:left )?to live for|there'?s nothing left for me|better off dead|"
        r"better off without me|quitarme la vida|me matar\b|me tuer\b|mettre fin [àa] mes jours|mich umbringen|"
        r"togliermi la vita|ammazzarmi|zelfmoord|odebra[ćc] sobie [żz]ycie|"
        # breath, consciousness, fits, cold, pallor
        r"(?:couldn'?t|can'?t|could not|cannot|struggl\w+ to) (?:get|catch) (?:any )?(?:air|(?:my|his|her|their) breath)|"
        r"short(?:ness)? of breath|gasping for (?:air|breath)|seizures?\b|convuls\w+|passed out|fainted|lost consciousness|"
        r"unconscious|heat ?stroke|can'?t stop shaking|(?:is|was|are|were|went|he'?s|she'?s|now|and) "
        r"(?:really |very |so |all )?(?:dizzy|clammy|grey and|gray and|pale and)\b|"
        # medication errors
        r"(?:wrong|incorrect) (?:strength|dose|dosage|medication|medicine|meds|pills?|tablets?|insulin|syrup|drugs?)\b|"
        r"overdos\w+|(?:medicamento|medicina|jarabe|remedio|pastillas?|dosis|xarope|comprimidos?|farmaco|sciroppo|"
        r"dosaggio|medicijn(?:en)?|dosering|leki?|dawk[ai]|syrop) (?:equivocad[oa]s?|errad[oa]s?|sbagliat[oa]|"
        r"z[łl][ya]|niew[łl]a[śs]ciw\w+)|mauvais (?:m[ée]dicament|dosage|sirop)|falsche[nsr]? (?:medikament|dosis|tabletten)|"
        r"verkeerde (?:medicijnen|dosis|pillen)|"
        # gas and fumes told by the smell or the symptoms
        r"(?:rotten eggs?|sulph?ur) smell|smell(?:s|ed|ing)? (?:of|like) (?:rotten eggs?|sulph?ur|gas)\b|"
        r"(?:making|giving off|gave off|producing|leaking|letting off) fumes|"
        r"(?:headaches?|dizz\w+|nause\w+|drowsy|eyes? (?:were |was )?(?:streaming|stinging|burning|watering))\b"
        r"[^.!?\n]{0,80}?\b(?:fumes|carbon monoxide|gas smell|smell of gas)|"
        # hazards left in public reach
        r"(?:cables?|wires?|lines?)\b[^.!?\n]{0,30}?\b(?:hanging|dangling|loose|exposed|sticking out|lying)\b[^.!?\n]{0,40}?"
        r"\b(?:over|across|on|onto|near|by) (?:the |a |our |my )?(?:footpath|pavement|sidewalk|path|road|street|"
        r"playground|garden|school|stairs?|driveway)|(?:manhole|hatch|trap ?door|trench|shaft|pit)\b[^.!?\n]{0,30}?"
        r"\b(?:left )?(?:open|uncovered|unguarded|unfenced)|cav[io]\b[^.!?\n]{0,30}?\b(?:scopert[io]|espost[io])|"
        r"cables? (?:pelados?|expuestos?|sueltos?)|cabos? (?:expostos?|desencapados?)|c[âa]bles? (?:d[ée]nud[ée]s?|[àa] nu)|"
        r"(?:offene|freiliegende|herabh[äa]ngende) (?:kabel|leitungen)|kabels? (?:hangen|bloot)|"
        r"trappe (?:\w+ )?ouverte|go[łl]e kable|"
        # falls, doors that open or close on people
        r"(?:fell|fallen) (?:into|down) (?:a|the|an) (?:\w+ )?(?:hole|hatch|manhole|trench|shaft|pit|stairs|stairwell|"
        r"steps|gap|opening|ditch)|tomb[ée]e?s? (?:dans|dedans)|(?:se|me) ca(?:y[óo]|[íi]) (?:en|por) |caiu (?:no|na|num|numa) |"
        r"(?:è|sono) cadut[oa] |hingefallen|gest[üu]rzt|(?:is|ben) gevallen|przewr[óo]ci[łl]\w*|spad[łl]\w* (?:do|ze) |"
        r"(?:door|doors)\b[^.!?\n]{0,20}?\b(?:opened|flew open|came open|popped open|swung open)\b[^.!?\n]{0,30}?"
        r"\b(?:while|during|mid|at speed|moving)|(?:door|doors) (?:closed|shut|slammed) on (?:my|his|her|their|our) |"
        r"w[äa]hrend der fahrt|en marche\b|in corsa\b|tijdens het rijden|w czasie jazdy|en movimiento|em movimento|"
        r"drzwi (?:zamkn[ęe][łl]y|przytrzasn[ęe][łl]y) (?:si[ęe] )?na|sin[ąae] (?:r[ęe]k[ęa]|nog[ęa])|siniak\w*|"
        # glass or metal in food, cuts, stomach illness in other languages
        r"(?:caco|peda[çc]o|pedazo|trozo|morceau|st[üu]ck|splitter|pezzo|scheggia|stukje|scherf|kawa[łl]ek|od[łl]amek) "
        r"(?:de |di |van |d['’]|von )?(?:vidro|vidrio|cristal|verre|glas|vetro|szk[łl]a|metal|metall|metallo|metaal)|"
        r"cortei|me cort[ée]|me suis coup[ée]|mich geschnitten|mi sono tagliat[oa]|heb me gesneden|skaleczy[łl]\w*|"
        r"buikkramp\w*|misselijk|overgeven|bauchkr[äa]mpfe|durchfall|erbrochen|diarrh?[ée]e|diarreia|diarrea|"
        r"mal au ventre|mal di pancia|dor de barriga|dolor de (?:barriga|est[óo]mago)|wymiot\w*|biegunk\w*|zatru[ćct]\w*|"
        r"avvelenat\w*|empoisonn\w*|envenenad\w*|intossicat\w*|"
        # the vulnerable left without heat or power
        r"(?:my (?:mum|mom|dad|nan|gran|grandma|grandad|grandpa|mother|father)|elderly|vulnerable|disabled|newborn|"
        r"baby)\b[^.!?\n]{0,60}?\b(?:without|no) (?:any )?(?:heating|heat|hot water|power|electricity)|(?:without|no) "
        r"(?:any )?(?:heating|heat|power|electricity)\b[^.!?\n]{0,40}?(?:-\s?\d+\s?°?|minus \d+|below (?:zero|freezing)|"
        r"freezing|shaking|shivering|hypotherm\w*|oxygen|dialysis|ventilator|medical equipment)|"
        # dangerous driving, burns from devices
        r"swerv(?:ing|ed) (?:all over|across|between|into|in and out)|was swerving|(?:doing|going) (?:1[2-9]\d|2\d\d) "
        r"(?:on|down|along) the (?:motorway|highway|freeway|ring road|interstate|autobahn|a road|main road)|(?:begged|asked|told|screaming at|yelling at) "
        r"(?:him|her|them|the driver) to slow down|(?:texting|on (?:his|her) phone|watching \w+) (?:while|whilst) driving|"
        r"fell asleep at the wheel|burn(?:t|ed)? (?:a )?holes? (?:in|through)|melted (?:a )?hole|(?:red|burn) marks? on "
        r"(?:my|his|her|their|our) |"
        # issue 16, test8 round: not being around, car parts working loose, fire safety, split skin,
        # someone else's medication
        r"(?:won'?t|will not|wouldn'?t) be (?:here|around) (?:much )?(?:longer|for long|anymore|tomorrow)|"
        r"(?:wheel|lug) nuts?\b[^.!?\n]{0,20}?\b(?:loose|missing|came off)|(?:wheel|tyre|tire|steering)\b[^.!?\n]{0,20}?"
        r"\bwobbl\w*|fire (?:exits?|doors?|escapes?)\b[^.!?\n]{0,20}?\b(?:locked|padlocked|blocked|chained)|"
        r"(?:smoke|fire|carbon monoxide|co) (?:detectors?|alarms?)\b[^.!?\n]{0,30}?\b(?:dead batter\w*|no batter\w*|"
        r"not working|don'?t work|removed|disabled|missing)|(?:chin|lip|head|forehead|eyebrow|knee|hand|face) (?:was |got )?"
        r"(?:split|gashed|busted) open|split (?:my|his|her) (?:chin|lip|head|forehead|eyebrow)|"
        r"(?:another|other|someone else'?s|un altro|otro|outro|un autre|een andere|eines anderen)\b[^.!?\n]{0,20}?"
        r"(?:patient|paziente|paciente|patiënt|patienten)\w*['’]?s?\b[^.!?\n]{0,20}?(?:meds|medication|"
        r"medicine|pills|tablets|drops|insulin|prescription|gocce|farmac\w*|medicamento|rem[ée]dio|m[ée]dicament)|"
        r"(?:meds|medication|medicine|pills|tablets|drops|insulin|prescription|gocce|farmac\w*|medicamento|rem[ée]dio|"
        r"m[ée]dicament)\w*\b[^.!?\n]{0,20}?(?:another|other|un altro|otro|outro|un autre|een andere|eines anderen) "
        r"(?:patient|paziente|paciente|patiënt|patienten)|verkeerde (?:insuline|medicatie|medicijn)|"
        r"(?:wrong|falsche[nsr]?|equivocad[oa]|sbagliat[oa]|errad[oa]) (?:insulin\w*)|"
        # issue 16, test10 round: limbs trapped, children shut in, infections, head knocks, batteries
        # venting, drunk drivers; and the same harms in tr/cs/ro/sv/id and romanised Hindi
        r"(?:got|had|has|caught) (?:his|her|my|their|our|a|the) (?:leg|arm|hand|finger|foot|head|fingers)s? "
        r"(?:trapped|crushed|stuck|caught)|(?:leg|arm|hand|finger|foot|head|fingers)s? (?:got |was |were )?(?:trapped|crushed) "
        r"(?:in|under|between|by)|(?:baby|toddler|newborn|child|kid|son|daughter|\d ?(?:yo|y/o|year old|month old))\b"
        r"[^.!?\n]{0,30}?\b(?:locked|stuck|trapped|shut) (?:in|inside)\b|red (?:streaks?|lines?) (?:going|running|spreading|"
        r"up)|(?:wound|cut|piercing|tattoo|burn|bite|stitches|incision)\b[^.!?\n]{0,30}?\b(?:infected|oozing|pus)\b|"
        r"(?:bump|lump|gash|bruise|egg)s? on (?:his|her|my|their|the) (?:head|forehead|face)|(?:battery|batteries|power ?bank|"
        r"vape|e-?cig\w*)\b[^.!?\n]{0,20}?\b(?:vented|exploded|blew up|caught fire|popped)|burn(?:t|ed)? (?:right )?through "
        r"(?:my|his|her|their|the)|drunk (?:driver|driving|behind the wheel)|(?:driver|conductor|chofer|taxista|motorista|"
        r"fahrer|chauffeur|autista|sopir|[şs]of[öo]r|řidič)\w*\b[^.!?\n]{0,20}?\b(?:was |is |estaba |era |war |[ée]tait )?"
        r"(?:drunk|borracho|b[êe]bado|betrunken|ivre|ubriaco|dronken|pijany|mabuk|sarho[şs]|opil[ýy])\b|"
        r"(?:eli|eline|aya[ğg][ıi]|parma[ğg][ıi]|kafas[ıi]|y[üu]z[üu]) (?:kesildi|yand[ıi]|k[ıi]r[ıi]ld[ıi]|yaraland[ıi])|"
        r"yaralan\w+|zehirlen\w+|gaz koku\w*|gaz ka[çc]a[ğg][ıi]|yang[ıi]n [çc][ıi]kt[ıi]|alev ald[ıi]|k[ıi]r[ıi]k cam|"
        r"p[řr]eh[řr][áa]l\w*|doutna\w*|za[čc]al\w* ho[řr]et|popálil\w*|zranil\w*|otráv\w*|únik plynu|"
        r"miroase a gaz|scurgere de gaz|a luat foc|(?:s-a|m-am|ne-am) (?:ars|r[ăa]nit|intoxicat|electrocutat)|"
        r"intoxica[țt]i\w*|hampir jatuh|jatuh dari|terluka|luka bakar|keracunan|kebakaran|terbakar|meledak|kesetrum|"
        r"bau gas|ngebut sambil|b[öo]rjade brinna|gasl[äa]cka|luktar gas|matf[öo]rgiftning|br[äa]nnskad\w*|"
        r"ulti ho|ultiyan|aag lag|chot lag|jal gay[ai]|"
        # fire in French, brakes and steering giving out, carbon monoxide alarms
        r"(?:a|ont|avait|ai) pris feu|prend feu|(?:brakes?|steering|handbrake)\b[^.!?\n]{0,20}?\b(?:went soft|failed|gave "
        r"out|stopped working|locked up|cut out)|(?:co|carbon monoxide) (?:alarms?|detectors?)\b[^.!?\n]{0,20}?\b(?:going off|"
        r"went off|goes off|beeping|sounding)"
    ),
    "legal": (
        r"hear(?:ing)? from (?:my|his|her|our|their) (?:[\w-]+ ){0,2}?(?:office|lawyer|solicitor|attorney|legal|"
        r"representatives?|firm|counsel)|"
        r"mise en demeure|lettre recommand[ée]e|ufc[- ]que choisir|dgccrf|m[ée]diateur|conciliateur|porter plainte|"
        r"plainte (?:contre|aupr[èe]s)|en justice|in giudizio|(?:far[òo]|faremo|fare|vi faccio) causa|vi denuncio|"
        r"associazion[ei] (?:dei |di )?consumatori|codacons|altroconsumo|agcom|giudice di pace|geschillencommissie|"
        r"consumentenbond|rechtszaak|naar de rechter|aangifte (?:doen|gedaan|tegen)|ingebrekestelling|juridische? stappen|"
        r"autoriteit consument|uokik|rzecznik\w* (?:praw )?konsument\w*|do s[ąa]du|w s[ąa]dzie|pozew|pozw[ęe]|prawnik\w*|"
        r"adwokat\w*|juzgado|demanda judicial|hoja de reclamaciones|\bocu\b|\bfacua\b|denuncia (?:ante|en la|a la)|juizado|"
        r"a[çc][ãa]o judicial|processo judicial|anatel|aneel|verbraucherzentrale|schlichtungsstelle|bundesnetzagentur|"
        r"vor gericht|gerichtlich\w*|klage (?:einreichen|erheben)|mahnverfahren|(?:amts|land|oberlandes|verwaltungs|"
        r"arbeits|sozial)gericht\w*|\ba juicio\b(?! de)|reclamaci[óo]n (?:en|a|ante) (?:consumo|la oficina)|"
        r"(?:oficina|junta) (?:municipal )?(?:de|del) consum\w+|"
        # issue 16, test10 round: pre-action letters, tribunals, and the same in tr/cs/ro/sv/id
        r"pre-action letter|(?:ncat|vcat|qcat)\b|taking (?:it|you|this|them) to court" + _JOKE + r"|"
        r"dava a[çc]\w*|mahkemeye|avukat\w*|t[üu]ketici hakem\w*|t[üu]ketici mahkeme\w*|su[çc] duyurusu|"
        r"[žz]alob\w*|k soudu|soudn[ěeí]\w*|pr[áa]vn[íi]k\w*|advok[áa]t\w*|obchodn[íi] inspekc\w*|"
        r"anpc\b|instan[țţ][ăae]\w*|instant[ăa]\w*|avoca[tț]\w*|(?:dau|d[ăa]m) (?:\w+ )?[îi]n judecat[ăa]|pl[âa]ngere penal[ăa]|"
        r"reklamationsn[äa]mnd\w*|konsumentverket|st[äa]mma er|st[äa]mmer er|tingsr[äa]tt\w*|anm[äa]lt er|"
        r"gugat\w*|pengacara|jalur hukum|ke pengadilan|somasi|bpsk\b|ylki\b|"
        # train19 round: lawyers, claims and consumer bodies in el/ru/he/ar, the German data regulator
        r"δικηγόρ\w*|εξώδικ\w*|συνήγορο του καταναλωτή|увидимся в суде|роспотребнадзор\w*|подам (?:на вас )?в суд|"
        r"תביעה קטנה|הגשתי (?:נגדכם )?תביעה|جهاز حماية المستهلك|محاميّ|محامي\w*|"
        r"landesbeauftragte\w* für (?:den )?datenschutz|datenschutzbeh[öo]rde|"
        # train20 round: licensing boards and inspectors told, counsel instructed, a lawyer's letter sent, formal
        # complaints lodged with a named body (es/pt/it/uk/hi), certified mail in it/ar, consumer forums in India
        r"(?:state |city |county )?(?:contractor(?:s['’])? )?licens(?:ing|e) board|building (?:control|inspector\w*)|"
        r"counsel (?:has been|have been|was|is) instructed|instructed (?:counsel|a solicitor|solicitors|a barrister)|"
        r"(?:to|from) (?:our|my) chambers\b|(?:il mio|mio|la mia) (?:legale|avvocat[oa])|(?:legale|avvocat\w*)\b[^.!?\n]{0,40}?\bpec\b|"
        r"carta documento|defensa del consumidor|(?:reclamaci[óo]n|denuncia|queja) ante (?:la |el )?\w+|"
        r"agencia española de protecci[óo]n de datos|\baepd\b|livro de reclama[çc][õo]es|\basae\b|\bdeco proteste|"
        r"(?:registrei|registrar|fiz|abri|fazer) (?:uma )?(?:reclama[çc][ãa]o|queixa|den[úu]ncia) n[oa] (?:banco central|"
        r"procon|anatel|anvisa|reclame aqui)|(?:registrei|reclamei) no banco central|"
        r"держпродспоживслужб\w*|(?:готую|подала|подав|подам|подаю) (?:\w+ )?(?:позов|скаргу)|позов\w* до суду|"
        r"consumer (?:forum|court)|(?:legal )?notice (?:aapke|bhej\w*|bhijwa\w*|send kar\w*)|case (?:file|darj) kar"
    ),
    "data_breach": (
        r"(?:looking at|can see|could see|seeing|saw|shows?|showing|showed|displays?|pulled up|got|received|sent me) "
        r"(?:some|another|a random|random|a stranger|some random) (?:[\w'’]+ ){0,4}?\w+['’]s (?:[\w-]+ )?" + _THEIR_THINGS + r"|"
        r"(?:someone|somebody|a stranger|some ?one)\b[^.!?\n]{0,40}?\b(?:playing on|using|logged (?:in|into|on)(?: to)?|"
        r"logging in(?:to)?|accessing|got into|(?:is|was|has been|were) (?:in|inside)) my (?:account|profile|login|card|email)\b|"
        r"(?:i|we) (?:never|didn'?t|did not|have never) (?:shared|gave out|given out) (?:my|our) (?:details|password|login|pin|"
        r"code|card details)|(?:new|unknown|another|strange) (?:phone|device|card|payee|address|login|mobile|profile|"
        r"user)\b[^!?\n]{0,60}?\b(?:(?:i|we) (?:didn'?t|did not|never) |no idea who|(?:don'?t|do not) know (?:who|whose))|"
        r"(?:new|unknown|strange) ['‘’\"]\w+['‘’\"] (?:profile|user|device)\b[^!?\n]{0,60}?\b(?:(?:i|we) (?:didn'?t|did not|"
        r"never) |no idea who|(?:don'?t|do not) know (?:who|whose))|(?:in|under) my name (?:that |which )?(?:i|we) (?:never|didn'?t|did not)|"
        r"logged (?:me|us) (?:straight |right |directly )?in(?:to)? (?:to )?(?:a |an |some )?(?:\w+ )?(?:stranger|"
        r"someone else|somebody else|different (?:person|customer|user))|"
        + _SOMEONE + r"\b[^.!?\n]{0,30}?\b(?:cambi|pas[óo]|us[óo]|entr[óo]|accedi|acess|mud|alter|change|modifi|utilis|"
        r"ge[äa]nder|benutz|zugegriffen|eingeloggt|cambiat|usat|entrat|veranderd|gebruikt|ingelogd|zmieni|u[żz]y|zalogowa|"
        r"przej|pass|fait|command|bestel|compr|ordin|bestell|zam[óo]wi|kupi|kauft|achet)\w*\b[^.!?\n]{0,40}?\b" + _ACCOUNT_NOUNS + r"\b|"
        + _SOMEONE + r"\b[^.!?\n]{0,30}?\b" + _ACCOUNT_NOUNS + r"\b[^.!?\n]{0,30}?\b(?:ge[äa]ndert|cambiad[oa]|cambiato|"
        r"chang[ée]e?|alterad[oa]|veranderd|zmieni\w*|benutzt|usad[oa]|utilis[ée]e?|gebruikt|u[żz]y\w*)|"
        r"svuotat\w* il conto|vaciad\w* (?:la|mi) cuenta|vaciaron mi cuenta|esvaziar\w* (?:a )?minha conta|"
        r"vid[ée] mon compte|konto (?:leer ?ger[äa]umt|gepl[üu]ndert)|rekening (?:leeggehaald|geplunderd)|"
        r"wyczyszcz\w* (?:moje )?konto|das war ich nicht|non sono stat[oa] io|no fui yo|n[ãa]o fui eu|"
        r"ce n['’](?:[ée]tait|est) pas moi|dat was ik niet|to nie (?:by[łl]em|by[łl]am) ja|"
        r"(?:bonifico|transferencia|transfer[êe]ncia|virement|[üu]berweisung|overboeking|przelew|compras?|achats?|kauf|"
        r"acquist[oi]|aankoop|aankopen|zakup\w*|bestelling(?:en)?|pedidos?|commandes?|ordini|ordine|bestellung(?:en)?|"
        r"zam[óo]wie\w*|cart[ãa]o|tarjeta|carte|karte|carta|kaart|karta|cargos?|cobros?|pr[ée]l[èe]vements?|"
        r"abbuchung(?:en)?|addebit[oi])\b[^.!?\n]{0,60}?\b(?:che non ho mai|que (?:yo )?(?:nunca|no) (?:he|hice|"
        r"autoric[ée]|ped[íi]|solicit[ée])|que je n['’]ai (?:jamais|pas)|die ich (?:nie|nicht)|que eu (?:nunca|n[ãa]o)|"
        r"die ik (?:nooit|niet)|kt[óo]r\w* nie|non autorizzat\w*|no autorizad\w*|n[ãa]o autorizad\w*|"
        r"non autoris[ée]\w*|nicht autorisiert\w*|niet geautoriseerd)|"
        # issue 16, test10 round: things opened in my name or e-mail, private photos or feeds
        # seen by strangers, everyone's data on show, another person's papers in my letter, and
        # "someone got into my account" / "transactions that aren't mine" in tr/cs/ro/sv/id
        r"(?:in|under|using|with) my (?:name|e-?mail|address|details|number|id)\b[^.!?\n]{0,20}?(?:that |which )?"
        r"(?:i|we) (?:never|didn'?t|did not)|(?:my )?private (?:photos?|albums?|pictures?|messages?|files?|documents?|"
        r"videos?)\b[^.!?\n]{0,40}?\b(?:strangers?|someone else|other (?:people|users)|(?:visible|available|shown|open) to "
        r"(?:anyone|everyone|the public))|"
        r"(?:random|stranger|someone else|another (?:person|family|customer))\w*['’]?s?\b[^.!?\n]{0,30}?\b(?:on|in) "
        r"my (?:camera|cam|feed|app|doorbell|monitor|screen)|(?:can|could) see my (?:exact |home |live |current )?"
        r"(?:location|street|address|house)\b[^.!?\n]{0,40}?\b(?:never|didn'?t|did not)|"
        r"(?:every|all (?:the )?|other) (?:\w+ )?(?:members?|customers?|patients?|guests?|clients?|users?|students?|"
        r"employees?|tenants?|kids|children|pupils|people)['’]?s? (?:[\w-]+ ){0,2}?(?:details|data|addresses|numbers|records|"
        r"info\w*|report cards?|payslips|grades|results)|(?:addresses|phone numbers|details|data|records|payslips|salaries) "
        r"of (?:everyone|everybody|all (?:the )?(?:other )?\w+|the whole \w+)|"
        r"(?:a|em|no|en|à|a) (?:mi|meu|mon|mio) (?:nombre|nome|nom)\b[^.!?\n]{0,20}?\b(?:que )?(?:yo |eu |je )?"
        r"(?:nunca|jamais|mai|n['’]ai jamais)|(?:d['’]un autre|de otro|de outro|di un altro|van een andere|eines anderen) "
        r"(?:client|assur[ée]|patient|usager|abonn[ée]|cliente|paciente|paziente|klant|kunden|versicherten)\b|"
        r"everyone['’]s (?:[\w-]+ ){0,2}?(?:details|data|addresses|numbers|records|info\w*|salaries|results)|"
        r"(?:had|with|contain\w*|inside|enclosed|attached|included)\b[^.!?\n]{0,20}?\b(?:my |a )?"
        r"(?:neighbou?r|another (?:person|customer|patient|client))['’]s (?:[\w-]+ ){0,2}?(?:reports?|" + _THEIR_THINGS + r")|"
        r"hesab[ıi]ma (?:benim d[ıi][şs][ıi]mda |izinsiz |bilgim d[ıi][şs][ıi]nda )?biri\w* gir\w*|"
        r"(?:benim )?yapmad[ıi][ğg][ıi]m (?:i[şs]lem|al[ıi][şs]veri[şs]|harcama|[çc]ekim)|(?:bilgilerim|verilerim) "
        r"s[ıi]zd\w*|transaksi (?:yang )?bukan (?:saya|dari saya)|akun saya (?:dibobol|diretas)|kebocoran data|"
        r"n[ěe]kdo (?:si )?(?:na m[ěe]|na moje jm[ée]no|se p[řr]ihl[áa]sil|zm[ěe]nil|pou[žz]il)|[úu]nik dat|"
        r"cineva (?:a intrat|mi-a schimbat|a folosit)|f[ăa]r[ăa] (?:[șs]tirea|acordul) meu|"
        r"n[åa]gon (?:har )?(?:loggat in|anv[äa]nt|[äa]ndrat) (?:p[åa] )?mitt|datal[äa]cka|"
        # train19 round: a stranger's data shown ("idegen neve", "выписка чужого человека", "faktura
        # jakiejś firmy", "einer anderen Kundin", "van iemand anders", "relatório de outra pessoa")
        r"idegen (?:ember )?(?:neve|adatai|címe|telefonszáma)|valaki más(?:nak a)? (?:neve|adatai|címe)|"
        r"чуж(?:ого|ой|ие|их) (?:человека|клиента|людей|данные|выписк\w*|паспорт\w*|сч[её]т\w*)|выписка чуж\w*|"
        r"(?:faktur\w*|dane|adres\w*|rachun\w*) (?:jakiej[śs] (?:innej )?|innej |obcej |cudz\w* )(?:firmy|osoby|klient\w*)|"
        r"cudze dane|(?:einer|eines) (?:anderen|fremden) (?:kundin|person|patientin|versicherten|frau|kunden|mannes|"
        r"mitarbeiters|menschen)|(?:naam|adres|gegevens|boekingscode|stoel)\b[^.!?\n]{0,40}?van iemand anders|"
        r"(?:relat[óo]rio|dados|informa[çc][õo]es|documentos?|datos|informe|historial|donn[ée]es|dossier|dati|cartella|"
        r"gegevens|extrato|extracto|fatura|factura|facture)\b[^.!?\n]{0,30}?\b(?:de outra pessoa|de otra persona|"
        r"d['’]une autre personne|di un['’]altra persona|van een ander(?:e persoon)?)|"
        r"gửi nhầm (?:sao kê|thông tin|hóa đơn|hồ sơ)\w*|(?:sao kê|thông tin)\b[^.!?\n]{0,40}?cho (?:một )?(?:khách|người) khác|"
        r"(?:someone|somebody) (?:called|named) \w+\b[^.!?\n]{0,80}?\b(?:photo|date of birth|bank details|address)|"
        # accounts and details changed by someone else, staff snooping, breach checkers
        r"password change (?:that )?i (?:didn'?t|did not|never) make|(?:reopened|re-opened|opened) (?:it |an account |"
        r"a card |a loan )?in my name|(?:iban|konto|kontonummer|bankverbindung)\b[^.!?\n]{0,40}?\bnicht (?:meine|meins|"
        r"mein)\b|wer hat (?:meine|mein) \w+ (?:\w+ ){0,3}?geändert|akun saya dipakai orang|dipakai orang lain|"
        r"alamat (?:kirim|pengiriman) diganti|looked (?:me|my \w+) up (?:in|on) (?:your|the|their) (?:system|database|"
        r"records)|haveibeenpwned|have i been pwned|"
        # train20 round: documents of another customer ("the login of a different customer", "a second page for
        # another policyholder"), a neighbour who got my payslip, ids printed on a label or left at the next
        # customer's, other customers in CC, open buckets and guessable URLs, customer lists sold or passed round,
        # my card on a paste site, someone inside my account, "breached" in el
        r"(?:login|password|details|data|page|pages|statement|letter|documents?|records?|file|files|invoice|cv|papers?|"
        r"policy|results?)\b[^.!?\n]{0,30}?\b(?:of|for|belonging to|about) (?:a |an )?(?:different|another|other|random|"
        r"unknown) (?:\w+ )?(?:customer|client|patient|policy ?holder|member|user|person|applicant|passenger|guest)\b|"
        r"(?:my|mijn|mein\w*|ma|mon|mi|meu|minha|la mia|il mio|moja|m[óo]j) (?:buurvrouw|buurman|neighbou?r|vizinh[oa]|"
        r"vecin[oa]|voisin[e]?|nachbar\w*|vicin[oa]|s[ąa]siad\w*|kom[şs]u\w*)\b[^.!?\n]{0,20}?\b(?:got|received|kreeg|ontving|"
        r"bekam|erhielt|recibi[óo]|recebeu|a re[çc]u|ha ricevuto|dosta[łl]\w*|ald[ıi])\b[^.!?\n]{0,30}?\b(?:my|mijn|"
        r"meine?n?|mes|mon|ma|mi|mis|meu|minha|il mio|la mia|moj\w*|m[óo]j)\b|"
        r"(?:label|etiket\w*|[ée]tiquette|etikett\w*|etichetta|etiqueta)\b[^.!?\n]{0,80}?\b(?:kimlik|tc kimlik|pesel|dni|"
        r"bsn|passport|ssn|national insurance|medication|medicine|prescription|ila[çc]\w*|diagnos\w*|hiv)|"
        r"(?:kopie|copy|copie|copia|c[óo]pia|kopi)\b[^.!?\n]{0,20}?\b(?:meines|my|de mon|de ma|de mi|do meu|da minha|"
        r"del mio|della mia)\s+(?:\w+\s+)?(?:personalausweis\w*|ausweis\w*|reisepass\w*|passport|id|pi[èe]ce d['’]identit[ée]|"
        r"passeport|dni|pasaporte|passaporte|rg|carta d['’]identit[àa]|passaporto)\b[^.!?\n]{0,60}?\b(?:liegen|left|"
        r"oubli[ée]\w*|dej[óo]|olvid\w*|deixou|esqueceu|lasciat\w*|dimenticat\w*|other customer|next customer|"
        r"n[äa]chsten kunden|anderen kunden)|"
        r"(?:in|im|en|em|on) b?cc (?:\w+ )?\d+ (?:andere\w*|other|otros|otras|autres|altri|outros|inne|andra)\b|"
        r"(?:public|open|unsecured|unprotected|exposed|misconfigured) (?:\w+ )?(?:bucket|s3 bucket|database|elasticsearch|"
        r"server|directory|google drive|spreadsheet)\b|"
        r"(?:chang(?:e|ed|ing)|edit(?:ed|ing)?|swap(?:ped|ping)?) (?:the )?(?:number|id|digits?) in the (?:url|link|"
        r"address bar)|"
        r"(?:vendiendo|vende|venden|vendendo|vendem|selling|sells|sold|verkauf\w*|verkoopt|verkopen|vendent|vend|"
        r"vendono|sprzedaj\w*) (?:la |a |the |die |de |les |il |la vostra |your |vuestra )?(?:base de (?:datos de )?"
        r"clientes|customer (?:database|list|data)|kunden(?:daten|liste)|klantenbestand|base (?:de )?clients|"
        r"datos de (?:los )?clientes|dados (?:d[oa]s )?clientes|dati dei clienti)|"
        r"(?:planilha|spreadsheet|lista|liste|tabela|tabelle|fichier|hoja de c[áa]lculo)\b[^.!?\n]{0,60}?\b(?:de|of|des|der|van|"
        r"dei|di|z) (?:todos (?:os|los) |tous les |all (?:the )?|alle )?(?:clientes|customers|clients|kunden|klanten|"
        r"klient[óo]w|usu[áa]rios|usuarios|utilisateurs|users)\b|"
        r"(?:paste ?site|pastebin|dark ?web|hacker forum|leak forum)\b|"
        r"(?:someone|somebody|a stranger|some stranger|a random person) (?:is|was|has been|got) (?:in|into|inside) my "
        r"(?:\w+ )?account|recovery (?:e-?mail|phone|number) (?:isn['’]?t|is not|was changed|has been changed|changed)|"
        r"παραβιάστηκε|παραβιάσ\w*|χακαρίστηκε|dipakai orang\b|data (?:ktp|pribadi) saya (?:dipakai|disebar|bocor)|"
        r"(?:kumalat|nagpakalat|pinakalat|ikinalat)\b|"
        r"(?:retrouv[ée]s?|arriv[ée]e?s?|atterri\w*) chez (?:un|une) (?:parfait(?:e)? |total(?:e)? )?inconnu\w*|"
        r"(?:acabaron|acab[óo]|lleg[óo]|llegaron) en el (?:correo|buz[óo]n|email) de otr[oa]|"
        r"(?:s[ąa]siad\w*|neighbou?r['’]s|buur\w*|voisin\w*|vecin[oa]s?|vizinh[oa]s?|nachbar\w*|vicin[oa]|kom[şs]u\w*)\b"
        r"[^.!?\n]{0,60}?\b(?:pesel|dni|bsn|tc kimlik|ssn|nie|cpf|personnummer|codice fiscale|national insurance)\b|"
        r"(?:someone|somebody|a (?:woman|man|lady|guy|customer|stranger)) (?:called|named) \w+['’]s (?:\w+ )?"
        r"(?:transactions|account|details|orders|statements?|data|balance|address|payslips?|medical|records|salary)"
    ),
    "press": (
        r"periodista|jornalista|giornalista|dziennikar\w*|redakteur(?:in)?|r[ée]dact(?:eur|rice)|redattor[ei]|"
        r"redacteur|verslaggever|rep[óo]rter|reportaje|reportagem|reportage|pressestelle|service de presse|"
        r"oficina de prensa|gabinete de prensa|ufficio stampa|assessoria de imprensa|persvoorlichting|biuro prasowe|"
        r"rzecznik prasowy|(?:schreibe|escribo|scrivo|schrijf|pisz[ęe]|[ée]cris|escrevo|travaille) (?:f[üu]r|para|per|voor|"
        r"dla|pour) (?:den |die |das |el |la |le |il |o |a |het |de )?(?-i:[A-Z])\w+|(?:on|for) (?:local|national|community) "
        r"(?:radio|tv|television|news|paper|newspaper)\b|consumer (?:slot|segment|show|programme|program)|"
        # influencers: an audience counted in thousands, theirs ("my 80k followers", "200k subscribers will see")
        r"(?:my|our|i have|i'?ve got|we have|with) (?:over |almost |nearly |about )?" + _AUDIENCE + r"|"
        r"(?<![\w$£€])" + _AUDIENCE + r" (?:are|will|who|would|about|gonna|going|deserve|need|can)\b|"
        # issue 16, test10 round: newsrooms and creators, and the trade's words in tr/cs/ro/sv/id
        r"(?:our|the) (?:newsroom|news desk|tips? desk)|(?:youtuber|tiktoker|influencer|content creator|podcaster) here|"
        r"\d[\d,.]*\s?[km] subs\b|statement (?:to|for) (?:our|the) (?:story|piece|article|desk|show|programme)|"
        r"muhabir\w*|gazeteci\w*|novin[áa][řr]\w*|redaktor\w*|report[ée]r\w*|jurnalist\w*|wartawan|jurnalis\b|"
        r"(?:reporter|journalist) (?:p[åa]|vid|at|for|from)\b|(?:last|final) chance to (?:comment|respond)|"
        r"(?:my|our|the) (?:story|piece|article|report|segment|episode)\b[^.!?\n]{0,60}?\b(?:is going out|goes out|runs|"
        r"airs|goes live|is published)\b|"
        # train19 round: audiences counted in their own words, shows of one's own, crews coming
        r"(?:\d{1,3}(?:[ \u202f.,]\d{3})+|\d[\d,.]*\s?(?:k|mil|tys\.?|тыс\.?|тысяч\w*|mille|mila|tausend)\b) (?:\w+ )?"
        r"(?:подписчик\w*|зрител\w*|"
        r"слушател\w*|people have (?:watched|seen)|écoutes|auditeurs|ouvintes|hörer\w*|zuhörer\w*|ascoltatori)|"
        r"(?:soy|je suis|sou|sono|ich bin) (?:una? |une? )?(?:creador\w*|cr[ée]at(?:eur|rice)|criador\w*|creator\w*|"
        r"influencer\w*)|"
        r"(?:i|we) (?:host|run|produce|present|make) (?:a|an|the|our|my) (?:[\w-]+ ){0,3}?(?:podcast|youtube channel|"
        r"newsletter|radio show|segment|show)\b|"
        r"(?:notre|nuestro|nosso|unser\w*|il nostro|onze|our|my) (?:\w+ )?podcast|"
        r"веду (?:\w+[- ])?(?:телеграм-канал|канал|блог|подкаст)|prowadz\w* (?:kana[łl]|podcast|blog\w*)|"
        r"consumer affairs (?:slot|segment|show|programme|program)|statement on the record|"
        r"(?:coming|come|here) to (?:film|interview)|(?:v[êe]m|v[ãa]o|vienen|viennent|kommen) (?:\w+ )?(?:gravar|grabar|"
        r"filmer|filmen|drehen)|(?:local )?(?:tv|news|telly|television) (?:are|is) coming\b|"
        r"(?:sent|forwarded|passed)\b[^.!?\n]{0,30}?\bto (?:the )?(?:BBC|ITV|Sky News|Channel \d|local radio|"
        r"(?:my |a |the )?(?:local )?radio station|newsroom|consumer (?:team|programme|show))|"
        r"(?:mandei|enviei)\b[^.!?\n]{0,30}?\b(?:produ[çc][ãa]o|programa|tv|jornal)|"
        r"(?:part|episode|video) (?:\d+|two|three|four|five) (?:goes up|goes live|drops|is out|comes out)|"
        # published whatever the answer: "with or without your answer", "out tomorrow if nobody replies"
        r"(?:story|video|vídeo|vidéo|reel)\b[^.!?\n]{0,30}?\b(?:mit oder ohne|with or without|con o sin|avec ou sans|"
        r"com ou sem) (?:eure|your|vuestra|su|votre|vossa|a vossa|sua) (?:antwort|answer|reply|respuesta|réponse|resposta)|"
        r"(?:sale|sai|sort|goes up|kommt) (?:mañana|amanhã|demain|tomorrow|morgen)\b[^.!?\n]{0,30}?\b(?:si nadie|"
        r"se ningu[ée]m|si personne|if no ?one|wenn niemand)|"
        r"صحفي\w*|صحافي\w*|журналист\w*|"
        # train20 round: audiences and reach counted as views, shares, members or people, in many languages
        r"(?:\d{1,3}(?:[ \u202f.,]\d{3})+|\d[\d,.]*\s?(?:k|mil|mila|mille|tausend|thousand|million\w*|millones|milh[õo]es|"
        r"milioni|miljoen|lakh|lac|nghìn|ngàn|triệu|tys\.?|тыс\.?|тысяч\w*)) (?:\w+ ){0,2}?(?:views|visualiza\w*|"
        r"visualizzazioni|vues|aufrufe|weergaven|wy[śs]wietle\w*|просмотр\w*|перегляд\w*|retweets|retuits|upvotes|"
        r"shares|compartilhamentos|partages|lượt xem|izlenme|görüntülenme|zhlédnutí|leser\w*|lecteurs|lectrices|lettori|"
        r"lectores|leitores|lezers|czytelnik\w*|читател\w*|thành viên|người theo dõi)(?!\s+(?:for|por|pour|für|per|za|в|de)\s*(?:R\$|[$€£₹\d]))|"
        r"(?:meus|mis|mes|my|our|nossos|nuestros|miei|meine|mijn) (?:\d[\d,.]*\s?(?:mil|mila|tausend)) "
        r"(?:seguidores|abonn[ée]s|followers|iscritti|volgers)|"
        r"(?:with|have|got|tengo|tenho|j['’]ai|habe|ho|heb) (?:over |almost |nearly |about )?\d[\d,.]*\s?(?:k|m|mil|mila) "
        r"(?:followers |seguidores |abonnés )?on (?:instagram|insta|tiktok|youtube|twitter|facebook|threads|linkedin)\b|"
        r"(?:local |national |the )?(?:news|paper|papers|radio|tv|telly) (?:is|are) (?:running|covering|airing|doing) "
        r"(?:it|this|my|our|the|a)\b|"
        r"(?:\d[\d,.]*\s?(?:k|thousand|million) (?:people|members|families|parents)|\d[\d,.]*\s?(?:mil|mila|mille|"
        r"tausend|millones|milh[õo]es|milioni|lakh|nghìn|ngàn|tys\.?|тыс\.?|тысяч) (?:persone|personas|pessoas|personnes|"
        r"leute|menschen|mensen|os[óo]b|ludzi|людей|человек|miembros|membros|membres|mitglieder|familias|fam[íi]lias))\b[^.!?\n]{0,40}?\b(?:see|seen|saw|read|share\w*|watch\w*|about to|will|are|"
        r"across|is|going|vão|van|vont|werden|sharing|following)|"
        # on air, on the phone-in, in the studio, in the trends, interviewed on TV
        r"(?:going|go|be|went|come) on (?:air|the radio|the telly|tv|television)|on air (?:with|at|tomorrow|tonight|on)|"
        r"(?:radio )?phone-in|(?:morning|breakfast|evening|consumer) show\b[^.!?\n]{0,30}?\b(?:at|on|tomorrow|tonight|"
        r"this|next)\b|studio lobby|(?:позвали|пригласили|зовут|покажут|выйду|буду) в эфир\w*|в ефір\w*|"
        r"телеканал\w*|в трендах|entrevistan en|entrevista (?:en|para) (?:la |el )?(?:tv|radio|televisi[óo]n|canal)|"
        r"(?:interview|interviewed|interviewing) (?:me|us) (?:on|for) (?:the |a |their )?(?:\w+ )?(?:radio|tv|news|show|"
        r"programme|program|podcast)|"
        # newsrooms and programmes written to, in their own languages; journalists in uk/el/vi
        r"redaktion\w*|redazione|redacci[óo]n (?:de|del)|reda[çc][ãa]o (?:d[aoe]|do)|redactie|redakcj\w*|redakc[ei] |"
        r"редакци\w*|редакці\w*|(?:do|v) pořadu|στην εκπομπή|εκπομπ\w* (?:του|για)|δημοσιογράφ\w*|журналіст\w*|"
        r"nhà báo|phóng viên|recherchiste|l['’][ée]quipe d['’e] ?['‘\"«]|"
        r"(?:it['’]ll|it will|this will|you['’]ll|you will) be in (?:the|our|next|this) "
        r"(?:\w+ )?(?:issue|edition)\b|"
        r"(?:top|front-page|trending) post on r/|(?:escrib\w*|habl\w*|mand\w*|envi\w*) (?:a|con) (?:los de )?noticias|"
        r"(?:de|die|la|the) waz\b|ici radio-canada|radio-canada|kalla fakta|uppdrag granskning|kassensturz|"
        r"striscia la notizia|le iene|mi manda rai ?3|[čc]ern[ée] ovce|noticias caracol|telecinco|lasexta|"
        r"rip off britain|vtv\d*|σκαϊ|σκαι|channel \d+ (?:has|have) (?:already )?(?:asked|called|rung|rang|been in touch)|channel \d+ (?:asked|wants|called|rang)|"
        r"економічн\w* правд\w*|youtube[- ]?kanal\w*|(?:mein|mijn|min|mój|il mio|mi|meu) (?:\w+ )?(?:reiseblog|blog|"
        r"kanal|canal|channel)\b[^.!?\n]{0,30}?\b(?:\d[\d.,]*\s?(?:k|mil|tausend)?|tausende)"
    ),
}
#: Words of scripts written without spaces (ja, ko, zh), matched anywhere: a reporter, a story
#: being reported, the PR office asked for.
_MORE_GLUED: dict[Reason, str] = {
    "press": r"記者|取材|記事にする|広報|기자|취재|방송국|记者|報導|报道|公关部|"
    # train20 round: followers, subscribers, visitors and the media in ja/ko/zh/hi/ar/he
    r"フォロワー[^。！？\n]{0,20}?(?:投稿|公開|拡散|晒)|하루 방문자|언론|采访|媒体|曝光|发到小红书|微博上|"
    r"सब्सक्राइबर हैं|यूट्यूब चैनल|पत्रकार|मीडिया|(?:صفحتي|حسابي|قناتي)[^.!؟\n]{0,40}?متابع|محرر|جريدة|صحيفة|الإعلام|"
    r"כלבוטק|עיתונאי|תחקיר",
    "legal": r"소액심판|한국소비자원|피해구제|弁護士|消費生活センター|少額訴訟|"
    # train20 round: the consumer hotline 12315 and a lawyer's letter (zh), a lawyer and a formal notice (ar)
    r"12315|律师函|律師函|委托律师|委託律師|والمحامي|المحامي بتاعي|محاميي|الإنذار|إنذار رسمي|شكوى رسمية",
    "data_breach": r"다른 사람(?:의)? ?(?:이름|전화번호|주소|정보|개인정보)|다른 사람 거|知らない方の(?:名前|住所|口座|明細|個人情報)|"
    r"किसी और ने (?:लॉगिन|मेरा|मेरे)|(?:عميل|عميلة|زبون|زبونة) (?:تاني|تانية|ثاني|ثانية)|ของคนอื่น|他人の(?:住所|個人情報)|别人的(?:姓名|地址|信息)",
}
#: The second-round families as patterns of their own: each gets its own pre-check, so the
#: (rarely needed) extra alternatives run only on posts that hold one of their own keys.
_MORE_SOURCES: dict[Reason, str] = {reason: r"\b(?:" + _MORE[reason] + r")" for reason in REASONS}


@cache
def whole_pattern(reason: Reason) -> re.Pattern[str]:
    """What a reason matches in all: its first patterns or the second-round ones, as one pattern.

    Compiled on first use: posts are read through `_CHECKED`'s pre-checked parts, and only the
    legal let-offs walk a reason's every match (compiling all four at import cost ~0.1 s of
    every process's start-up)."""
    glued = r"|(?:" + _MORE_GLUED[reason] + r")" if reason in _MORE_GLUED else ""
    return re.compile(r"(?:" + _FIRST[reason] + r")|" + _MORE_SOURCES[reason] + glued, re.I)


#: Legal false alarms (the train11..train14 round): a legal word is not a threat when it is a
#: joke, a lawyer among family or friends, a question about rights, a negation, or an advert.
#: These checks run only on posts where "legal" already matched, match by match, so a joke in
#: one sentence does not cancel a threat in another.
#: Lawyers and legal teams as people: the words that may be someone's job rather than a step.
_LEGAL_PERSON = re.compile(
    r"(?:lawyer|attorney|solicitor|abogad|advogad|avocat|anw[äa]lt|avvocat|advocaat|avukat|advokat|prawnik|adwokat|"
    r"pr[áa]vn[íi]k|pengacara|law ?firm|legal (?:team|department|dept))",
    re.I,
)
#: A laugh, a joke or a heart in the same sentence as a legal word: "I'll sue you for being this
#: cute 😍". Unlike `sentences.LAUGH` (harm, exposure) it holds hearts and the words for "joke" in
#: the desk's languages, and no crying face: "my lawyer will call you 😭" is meant.
_LEGAL_JOKE = re.compile(
    r"(?:\b(?:lol|lmf?ao|rofl|(?:ha){2,}h?|(?:ja){2,}|(?:je){2,}|(?:he){2,}|(?:hi){2,}|(?:ah){2,}a?|k{3,}|rs(?:rs)+|mdr|"
    r"ptdr|xd|jk|j/k|just (?:kidding|joking)|kidding|es broma|c'est une blague|je (?:rigole|plaisante)|scherzo|"
    r"brincadeira|nur spa[ßs]|grapje|żartuj\w*|şaka|lachend|laughing|en riant|riendo|rindo|ridendo|"
    r"crime de t[ãa]o bo\w*|crimen de lo bueno|so good it(?:['’]s| is| should be) (?:a crime|illegal))\b|"
    r"😂|🤣|😆|😅|😹|😜|😝|😍|🥰|😋|❤️|🙃|😄|😁)",
    re.I,
)
_NOT_A_JOKE = re.compile(
    r"\b(?:not|no|n'?t) (?:a )?(?:jok|kidd)\w*|no es (?:broma|coña)|pas une blague|je ne (?:rigole|plaisante) pas|"
    r"kein (?:witz|spa[ßs])|non (?:sto )?scherz\w*|geen grap|nie żartuj\w*|n[ãa]o (?:é|estou de) brincadeira",
    re.I,
)
#: "my lawyer is my cat", "calling my lawyer (my 9 year old)": the lawyer is a pet or a child.
_PET_LAWYER = re.compile(
    r"(?:lawyer|attorney|solicitor|abogad[oa]|advogad[oa]|avocat|anwalt|avvocat[oa]|advocaat)\s*(?:\(|is |=|es |est |"
    r"ist |è |é |-\s*)(?:literally |actually )?(?:my |mi |mon |ma |mein\w* |il mio |la mia |o meu |a minha |mijn |a |an |"
    r"un |una |une )?(?:\d+[- ]?(?:year|yr|y/?o|month)\S*(?:[- ]old)?|cat|dog|kitten|puppy|hamster|goldfish|parrot|"
    r"budgie|rabbit|toddler|baby|gat[oa]|perr[oa]|chat|chien|katze|hund|gatt[oa]|cane|kat|hond)\b",
    re.I,
)
#: Someone close who is a lawyer, or the writer at work: "my cousin is a lawyer", "my lawyer
#: friend", "I'm a solicitor", "law firm here", "my employer's legal team".
_LAWYER_KIN = re.compile(
    r"\b(?:friend|mate|pal|buddy|cousin|brother|sister|bro|sis|husband|wife|partner|boyfriend|girlfriend|dad|mum|mom|"
    r"father|mother|son|daughter|uncle|aunt|neighbou?r|flatmate|roommate|colleague|boss|"
    r"prim[oa]|herman[oa]|t[íi][oa]|amig[oa]|marido|mujer|esposa?|padre|madre|pap[áa]|mam[áa]|hij[oa]|vecin[oa]|"
    r"irm[ãa]o?|m[ãa]e|pai|filh[oa]|vizinh[oa]|cousine?|fr[èe]re|s[œo]e?ur|ami[e]?|copain|copine|mari|femme|p[èe]re|"
    r"m[èe]re|fils|fille|oncle|tante|voisin[e]?|cugin[oa]|fratello|sorella|amic[oa]|moglie|padre|zi[oa]|vicin[oa]|"
    r"nachbar\w*|bruder|schwester|freund\w*|kumpel|mann|frau|vater|mutter|onkel|tante|neef|nicht|broer|zus|vriend\w*|"
    r"buurman|buurvrouw|vader|moeder|kuzyn\w*|brat|siostra|przyjaci\w*|s[ąa]siad\w*|m[ąa][żz]|[żz]ona|"
    r"arkada[şs]\w*|karde[şs]\w*|kom[şs]u\w*|e[şs]im|abla\w*|abi\w*)\b[^.!?\n]{0,25}?\b(?:is|'s|es|est|ist|è|é|is|jest|"
    r"[ée]tait|was|war|era|was|works as|trabaja de|bosse comme|arbeitet als)\s+(?:a |an |un |una |une |ein |eine |uno |"
    r"um |uma |een )?(?:\w+ )?" + _LEGAL_PERSON.pattern + r"|"
    + _LEGAL_PERSON.pattern + r"\w*[- ]?(?:friend|mate|pal|buddy|cousin|kumpel|freund\w*|arkada[şs]\w*)|"
    r"\b(?:amig[oa]|amie?|freund\w*|kumpel|vriend\w*) (?:\w+ )?" + _LEGAL_PERSON.pattern + r"|"
    r"\b(?:i'?m|i am|as|soy|sou|je suis|ich bin|sono|ik ben|jestem) (?:a |an |un |una |une |ein |eine |um |uma |een |"
    r"myself a )?(?:\w+ )?" + _LEGAL_PERSON.pattern + r"|"
    r"\b(?:i work (?:at|for|in)|i'?m (?:travelling|traveling|here|writing) for|(?:for|from) my|we'?re|we are) (?:a |an |"
    r"my |our )?" + _LEGAL_PERSON.pattern + r"|\blaw ?firm here\b|"
    r"(?:employer|company|firm|work|boss|client|office|school|university|uni)['’]?s? (?:own )?legal (?:team|department|dept)",
    re.I,
)
#: The lawyer recommends or uses the business: "my lawyer recommended you", "mon avocat m'a
#: conseillé de faire affaire avec", "min advokat tipsade om", "minha advogada usa o app".
_LAWYER_PRAISE = re.compile(
    r"recommend\w*|(?<!en )recommand\w*|tavsiye|faire affaire|consigli\w*|indic(?:ou|ó)|recomend\w*|tipsa\w*|empf(?:ahl|ohlen)\w*|"
    r"aanbevolen|aangeraden|poleci\w*|(?:uses?|usa|utilise|nutzt|gebruikt) (?:la vostra |vostra |your |o |el |tu |"
    r"vuestra |votre |eure |jullie )?app|antes de firmar|before signing|avant de signer",
    re.I,
)
#: Words that announce a step: where one stands in the post, a question, a relative who is a
#: lawyer or a negation is not let off.
_LEGAL_STEP = re.compile(
    r"\b(?:(?<!the )(?<!a )(?<!his )(?<!her )(?<!my )will|won'?t|gonna|going to|shall|'ll|in touch|hear(?:ing)? from|letters?|sue|suing|court|claims?|"
    r"proceedings|action|next step|sending|drafting|retained|instructed|file|filing|report(?:ed|ing)?|unless|"
    r"otherwise|or else|voy a|vamos a|va a|van a|carta|demanda\w*|juicio|tribunal|denuncia\w*|vou|vamos|vai|"
    r"processar|je vais|on va|va vous|lettre|plainte|saisi\w*|werde|werden|wird|schreiben|brief|klage|gericht|"
    r"far[òo]|faremo|lettera|causa|denunc\w*|zal|zullen|gaat|rechter|b[ęe]d[ęe]|pozew|pozw\w*|s[ąa]d\w*|"
    r"dava|mahkeme\w*)\b",
    re.I,
)
#: A question about rights or procedure: "is it true that...?", "do I need a lawyer to...?",
#: "is there a data protection officer email?", "¿necesito un abogado para...?".
_RIGHTS_QUESTION = re.compile(
    r"^\W*(?:so |but |and |also |quick question:? |hi,? |hello,? |hey,? )?(?:is it true|is there|are there|"
    r"do (?:i|we) (?:need|have to|really need)|does (?:anyone|anybody|one) (?:know|need)|what (?:are|is|'s) (?:my|our|your|the)|"
    r"what'?s (?:my|our|your|the)|how (?:do|can|would|should) (?:i|we)|where (?:do|can|should) (?:i|we)|"
    r"am i (?:entitled|allowed|right)|can i (?:ask|get|request|have|find)|who (?:do|should|can) i|"
    r"¿?(?:es (?:verdad|cierto)|hay|necesito|necesitamos|tengo que|hace falta|c[óo]mo|d[óo]nde|a qui[ée]n)|"
    r"(?:[ée] verdade|preciso|precisamos|tenho que|existe|como|onde)|(?:est-ce qu|y a-t-il|ai-je|dois-je|faut-il|"
    r"comment|o[ùu] )|(?:stimmt es|brauche ich|brauchen wir|muss ich|gibt es|wie kann|wo kann|an wen)|"
    r"(?:[èe] vero|serve|devo|c'[èe]|come|dove|a chi)|(?:klopt het|heb ik|moet ik|is er|hoe|waar kan)|(?:czy|jak|gdzie))\b",
    re.I,
)
#: A step said not to be wanted: "I don't need to sue anyone", "no voy a demandar", "je n'ai pas
#: besoin d'un avocat", "ich will niemanden verklagen", "non voglio fare causa".
_LEGAL_NEGATED = re.compile(
    r"(?:\b(?:do|does|did|will|would|am|'m|is|are|was)\s*(?:n'?t|not)|\bnot|\bnever|\bno need (?:to|for))\s+"
    r"(?:(?:need|want|plan|intend|wish|mean|going|have|trying|looking)\w*\s+(?:to\s+)?)?"
    r"(?:(?:a|an|the|any|to|be)\s+)?$|"
    # Spanish "no" only before a verb: Portuguese "no Procon" is "at the Procon"
    r"\bno\s+(?:voy|vamos|quiero|queremos|pienso|necesito|necesitamos|tengo|hace falta|hay que)\s+(?:a\s+|que\s+|"
    r"intenci[óo]n de\s+)?(?:(?:un|una|a|ningún|ninguna|el|la)\s+)?$|"
    r"\bn[ãa]o\s+(?:(?:vou|quero|preciso|pretendo|vamos)\s+(?:de\s+)?)?(?:(?:um|uma|a|o|nenhum)\s+)?$|"
    r"\b(?:ne|n['’])\s*(?:[\w'’]+\s+)?(?:pas|jamais|point)\s+(?:(?:besoin|envie|l'intention|question)\s+)?"
    r"(?:(?:d['’]un|d['’]une|de|d['’])\s*)?$|"
    r"\b(?:nicht|keine?n?|niemanden|nie)\s+(?:(?:\w+)\s+)?$|"
    r"\bnon\s+(?:(?:voglio|vado|ho|intendo|serve|devo|c'è bisogno)\s+(?:a\s+|bisogno di\s+|di\s+)?)?(?:(?:un|una|nessun)\s+)?$|"
    r"\b(?:niet|geen|nooit)\s+(?:\w+\s+)?$|\bnie\s+(?:\w+\s+){0,2}$",
    re.I,
)
_NEGATION_HELD_BACK = re.compile(
    r"\b(?:if|unless|until|otherwise|but|yet|hesitat\w*|si|salvo|pero|mais|sinon|wenn|falls|aber|sonst|se|ma|"
    r"altrimenti|als|maar|anders|je[śs]li|je[żz]eli|ale|ancora|dudar\w*|h[ée]sit\w*|z[öo]ger\w*|esit\w*|aarzel\w*|"
    r"wah\w*|eğer)\b",
    re.I,
)
#: A solicitor or notary doing a late relative's estate or a power of attorney: paperwork, not a threat.
_ESTATE = re.compile(
    r"\b(?:probate|executors?|(?:his|her|the|my|mum'?s|dad'?s) (?:estate|will)\b|late (?:dad|mum|mom|father|mother|"
    r"husband|wife|partner|brother|sister|aunt|uncle|gran\w*)|passed away|bereavement|power of attorney|"
    r"herencia|testamento|succession|notaire|erbschein|nachlass|testament|eredit[àa]|nalatenschap)\b",
    re.I,
)
#: "whose lawyer are you", "are you their lawyer now?": a taunt between users.
_YOU_LAWYER = re.compile(
    r"avukat[ıi]s[ıi]n(?:[ıi]z)?\b|\bare you (?:their|his|her|its|the company'?s|[\w-]+'s) (?:lawyer|attorney|solicitor)|"
    r"\b(?:eres|es usted) (?:su|el) abogad[oa]|\bt'es (?:son|leur) avocat|\bbist du (?:sein|ihr) anwalt",
    re.I,
)
#: Adverts and phishing that borrow the words: "no-win no-fee lawyers", "verify here to avoid
#: legal action", "CLASS ACTION SETTLEMENT: you may be owed $1,250".
_LEGAL_AD = re.compile(
    r"our no[- ]win[,]? no[- ]fee|call (?:us )?now|verify (?:here|now|your account)|check (?:your )?eligibility|"
    r"you (?:may|could|might) be owed|guaranteed (?:payouts?|results?|compensation)|filing fee|claim up to|"
    r"get (?:it|your money) back in \d+|(?:certified|professional) \W?fund recovery|to avoid legal action|"
    r"account (?:is|has been|will be) (?:suspended|locked|under investigation)",
    re.I,
)
#: A sentence ends at . ! ? or a line break; an ellipsis ("I'll sue you... for") runs on.
#: "regulator" as a part of a gas bottle or a boiler, not a watchdog (train19 round).
_DEVICE_REGULATOR = re.compile(
    r"\b(?:cylinder|gas|pressure|valve|hose|boiler|hob|voltage|lpg)\b[^.!?\n]{0,20}\bregulator|"
    r"\bregulator (?:kompor|gas|tabung|de gas|du gaz)\b|"
    r"\bregulator\b[^.!?\n]{0,12}\b(?:valve|hose|knob|dial|badl\w*)",
    re.I,
)


def _legal_let_off(text: str, m: re.Match[str], post_step: bool) -> bool:
    """Whether this legal match is a joke, a lawyer in the family, a rights question, a negation."""
    left, right = sentence_bounds(text, m.start(), m.end())
    sentence = text[left:right]
    if m.group().lower() == "regulator" and _DEVICE_REGULATOR.search(sentence):
        return True
    if _LEGAL_JOKE.search(sentence) and not _NOT_A_JOKE.search(sentence):
        return True
    person = bool(_LEGAL_PERSON.search(m.group()) or _YOU_LAWYER.match(m.group()))
    if person and not post_step and (
        _LAWYER_KIN.search(sentence) or _LAWYER_PRAISE.search(sentence) or _ESTATE.search(text)
    ):
        return True
    if person and _YOU_LAWYER.search(sentence):
        return True
    if sentence.rstrip().endswith("?") and _RIGHTS_QUESTION.search(sentence):
        # "should I go to the ombudsman first? because I will": a step in this or the next sentence
        nxt = text[right : sentence_bounds(text, right, right)[1]] if right < len(text) else ""
        if not _LEGAL_STEP.search(sentence[m.end() - left :]) and not _LEGAL_STEP.search(nxt):
            return True
    before = text[max(left, m.start() - 40) : m.start()]
    if _LEGAL_NEGATED.search(before):
        head = text[left : m.start()]
        tail = text[m.end() : right]
        if not _NEGATION_HELD_BACK.search(head) and not _NEGATION_HELD_BACK.search(tail):
            return True
    return False


#: Train20 round: a journalist who is the writer acting as a customer, or someone close: "my sister
#: is a journalist and loved the place", "I'm a journalist but this is purely personal", "soy
#: periodista y necesito internet para trabajar". Only the bare job word is let off; "a journalist
#: at", "writing a piece", "for comment" are other matches and still count.
_PRESS_JOB = re.compile(
    r"journalist(?:e|in|a|s)?|jornalista|periodista|giornalista|reporter|rep[óo]rter|dziennikar\w*|журналист\w*",
    re.I,
)
_PRESS_KIN = re.compile(
    r"\b(?:my|minha|meu|mi|ma|mon|mein\w*|mia|mio|mijn|moja|m[óo]j)"
    r" (?:\w+ )?(?:sister|brother|wife|husband|friend|mum|mom|dad|cousin|son|daughter|partner|neighbou?r|irm[ãa]o?|"
    r"herman[oa]|s[œo]e?ur|fr[èe]re|schwester|bruder|sorella|fratello|zus|broer|amig[oa]|amie?|freund\w*|vriend\w*|"
    r"prim[oa]|cousine?|marido|mulher|esposa?|mari|femme|mann|frau|moglie|marito|siostra|brat)"
    r" (?:is|é|es|est|ist|è|jest|was|era|war|était)\s+(?:a |an |un |una |une |ein |eine |um |uma |een |(?:\w+ )?)?$",
    re.I,
)
_PRESS_SELF = re.compile(
    r"\b(?:i'?m|i am|soy|sou|je suis|ich bin|sono|ik ben|jestem)\s+(?:a |an |un |una |une |ein |eine |um |uma |een )?$", re.I
)
#: What makes the writer's own job beside the point: a private matter, a joke, a trainee.
_PRESS_PRIVATE = re.compile(
    r"purely personal|personal (?:matter|capacity)|as a (?:customer|private)|privately|need (?:my|the) \w+ for work|"
    r"-in-training|\blol\b|en tant que client|als kunde|come cliente|como cliente|a t[íi]tulo personal|"
    r"nothing to do with (?:work|my job)|not (?:writing|here) (?:about|as)",
    re.I,
)

_PRESS_AT = re.compile(
    r"\s*(?:-in-training\b(?!\s*lol)|[- ]?(?:at|for|with|from|p[åa]|vid|de|da|do|del|bei|f[üu]r|voor|chez|per|para|à|a|dla|z)\b)",
    re.I,
)


def _press_let_off(text: str, m: re.Match[str]) -> bool:
    """Whether this press match is only the writer's or a relative's job told in passing."""
    if not _PRESS_JOB.fullmatch(m.group()):
        return False
    before = text[max(0, m.start() - 60) : m.start()]
    kin = _PRESS_KIN.search(before) is not None
    own = _PRESS_SELF.search(before) is not None and _PRESS_PRIVATE.search(text) is not None
    return (kin or own) and not _PRESS_AT.match(text[m.end() : m.end() + 16])


def _real_press(text: str, m: re.Match[str] | None) -> re.Match[str] | None:
    """The first press match that is not let off, `m` being the first one found.

    A let-off word is blanked (same length, so spans stay right) and the pre-checked patterns
    asked again: the whole press pattern is never compiled on the hot path."""
    while m is not None and _press_let_off(text, m):
        text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
        folded = fold(text)
        first, more = _CHECKED["press"]
        m = first.search(text, folded) or more.search(text, folded) or _GLUED_CHECKED["press"].search(text, folded)
    return m


def _real_legal(text: str) -> re.Match[str] | None:
    """The first legal match that is not let off, on a post where one matched at all."""
    if _LEGAL_AD.search(text):
        return None
    pet = _PET_LAWYER.search(text)
    post_step = None
    for m in whole_pattern("legal").finditer(text):
        if pet and _LEGAL_PERSON.search(m.group()):
            continue
        if post_step is None:
            post_step = bool(_LEGAL_STEP.search(text))
        if not _legal_let_off(text, m, post_step):
            return m
    return None


@dataclass(frozen=True)
class Escalation:
    reasons: tuple[Reason, ...]
    evidence: tuple[tuple[Reason, int, int], ...] = ()

    @property
    def escalate(self) -> bool:
        return bool(self.reasons)


#: Each pattern with an exact pre-check on the fixed text its matches must contain.
_CHECKED: dict[Reason, tuple[Prefiltered, Prefiltered]] = {
    reason: (AlternativesPrefiltered(_FIRST[reason], 6, re.I), AlternativesPrefiltered(_MORE_SOURCES[reason], 6, re.I))
    for reason in REASONS
}
#: The glued words (no word boundary before them), with a pre-check of their own: kept out of
#: the `\b(...)` patterns, which would no longer split into pre-checked alternatives.
_GLUED_CHECKED: dict[Reason, Prefiltered] = {
    reason: Prefiltered(source, 4, flags=re.I) for reason, source in _MORE_GLUED.items()
}




def _bits_of(gates: tuple[Prefiltered | WordFamily, ...]) -> int:
    """The bits of which one must be in a post's index answer for any of `gates` to find
    anything; -1 when one of them always runs (tested first: a post may hold no string at all)."""
    bits = [gate_bit(g) for g in gates]
    return -1 if 0 in bits else sum(set(bits))


#: Per reason: its two pre-checked patterns, its glued one (or None), and the bits each needs
#: (`_bits_of`). `escalation` tests the bits of the post's answer itself: a `search` per gate
#: was a Python call even where the gate failed (the ~12 gates of every post).
_BY_REASON: tuple[tuple[Reason, Prefiltered, int, Prefiltered, int, Prefiltered | None, int], ...] = tuple(
    (
        reason,
        _CHECKED[reason][0],
        _bits_of((_CHECKED[reason][0],)),
        _CHECKED[reason][1],
        _bits_of((_CHECKED[reason][1],)),
        _GLUED_CHECKED.get(reason),
        _bits_of((_GLUED_CHECKED[reason],)) if reason in _GLUED_CHECKED else 0,
    )
    for reason in REASONS
)
#: `harm` and `exposure` find nothing unless one of their families' gates lets the post through.
_HARM_BITS = _bits_of(harm_world.GATES)
_EXPOSURE_BITS = _bits_of(exposure_world.GATES)

#: A handle: "@" and word characters, not after a word character or another "@". Written
#: `(?<![\w@])@\w+` before; starting with the "@" itself lets `re` skip straight to each "@"
#: instead of testing the look-behind at every position (~1.7 us a post; same matches).
_HANDLE = re.compile(r"@(?<![\w@]@)\w+")
#: Handles of regulators and consumer bodies stay: tagging @FTC or @Ofcom is itself the threat.
_BODY_HANDLE = re.compile(
    r"@(?:ftc|fcc|fca|cfpb|ofcom|ofgem|ofwat|cma|ico|asa|bbb|caa|accc|cnil|uokik|procon|anatel|dgccrf|agcom|acm|"
    r"citizensadvice|tradingstandards|\w*ombudsman\w*)",
    re.I,
)


#: A rat that is a person: an insult's adjective before it, said of someone (train19 round); a
#: "brainless cockroach" likewise (train20 round).
_RAT_INSULT = re.compile(
    r"\b(?:is|are|['’]s|you|you['’]re|he['’]s|she['’]s) (?:an? )?(?:greedy|lying|sneaky|slimy|snitching|thieving|grubby|"
    r"dirty|two-faced|smug|filthy|treacherous|little|brainless|spineless)(?: little)? (?:rats?|cockroach(?:es)?)\Z"
    r"|\b(?:brainless|spineless|two-faced) (?:rats?|cockroach(?:es)?)\Z",  # ending at the match (searched up to it)
    re.I,
)


def _rat_insult(text: str, m: re.Match[str]) -> bool:
    return m.group().lower() in ("rat", "rats", "cockroach", "cockroaches") and _RAT_INSULT.search(text, max(0, m.start() - 40), m.end()) is not None


def _blank_handle(m: re.Match[str]) -> str:
    return m.group() if _BODY_HANDLE.fullmatch(m.group()) else " " * len(m.group())


def _without_handles(text: str) -> tuple[str, list[int]]:
    """`_HANDLE.sub(_blank_handle, text)`, and where each blanked handle starts."""
    starts: list[int] = []

    def blank(m: re.Match[str]) -> str:
        if _BODY_HANDLE.fullmatch(m.group()):
            return m.group()
        starts.append(m.start())
        return " " * (m.end() - m.start())

    return _HANDLE.sub(blank, text), starts


_WORD = re.compile(r"\w")


def _created_after(literal: str) -> set[str]:
    """What the text before a blanked handle must end with for `literal` to occur in the blanked
    text and not in the original: the literal's part before the first blank it covers.

    An occurrence that covers a blank holds a run of spaces there; the character before the run
    (when the literal starts before it) is the one before the handle, neither a word character nor
    "@" (`_HANDLE`'s look-behind); the one after it (when the literal goes on) is the one after the
    handle, not a word character (`\\w+` is greedy); and a handle covered whole is two or more
    characters long."""
    out: set[str] = set()
    n = len(literal)
    for i in range(n):
        if literal[i] != " ":
            continue
        if i > 0 and (_WORD.match(literal[i - 1]) or literal[i - 1] == "@"):
            continue
        for j in range(i + 1, n + 1):
            if literal[j - 1] != " ":
                break
            if j < n and _WORD.match(literal[j]):
                continue
            if i > 0 and j < n and j - i < 2:
                continue
            out.add(literal[:i])
    return out


@cache
def _creating_ends() -> tuple[str, ...]:
    """The ends (`_created_after`) of the text before a blanked handle after which one of the
    strings escalation's pre-checks look for may appear in the blanked post and not in the
    original: a possessive ("customers'@shop" read as "customers'      ") or a doubled space
    ("all @team"). Read from the shared index on first use (every gate is filed by then)."""
    gates: list[Prefiltered] = [g for pair in _CHECKED.values() for g in pair]
    gates += _GLUED_CHECKED.values()
    bits = index_bits((*gates, *harm_world.GATES, *exposure_world.GATES))
    ends: set[str] = set()
    for literal in literals_of(bits):
        ends |= _created_after(literal)
    return tuple(sorted(ends))


def _blanking_adds_nothing(lower: str, starts: list[int]) -> bool:
    """Whether no string escalation's pre-checks look for occurs in the blanked ASCII post
    (`lower` is it lower-cased) unless it occurs in the original: then the original's answer from
    the shared index (the same strings and more) stands for the blanked one's, which cost a
    second automaton pass over every post with a handle (~9 us)."""
    ends = _creating_ends()
    if "" in ends:
        return False
    return not any(lower.endswith(ends, 0, s) for s in starts)


def escalation(text: str, folded: str | None = None) -> Escalation:
    """`folded` is `prefilter.fold(text)` when the caller already has it.

    Handles are blanked first (same length, so evidence spans stay right): "@hospital_billing"
    or "@lawyer_jobs" names an account, it says nothing about what happened.
    """
    if "@" in text:
        original = text
        text, starts = _without_handles(text)
        # The pre-checks are necessary conditions only: an answer that lets through every pattern
        # the blanked post's own answer does gives the same matches. For an ASCII post, a string
        # in the blanked post that covers no blank is in the original at the same place
        # (`fold` is `lower` there, letter by letter), so the original's answer does.
        if starts and text.isascii() and _blanking_adds_nothing(text.lower(), starts):
            folded = original.lower() if folded is None else folded
        else:
            folded = None
    folded = fold(text) if folded is None else folded
    found = index_answer(folded)
    reasons: list[Reason] = []
    evidence: list[tuple[Reason, int, int]] = []
    for reason, first, first_bits, more, more_bits, glued, glued_bits in _BY_REASON:
        m: re.Match[str] | None = first.search(text, folded) if first_bits < 0 or found & first_bits else None
        if m is None and (more_bits < 0 or found & more_bits):
            m = more.search(text, folded)
        if m is None and glued is not None and (glued_bits < 0 or found & glued_bits):
            m = glued.search(text, folded)
        while reason == "safety" and m is not None and _rat_insult(text, m):
            # "your CEO is a greedy little rat": a name called, not a pest; look further on
            m = whole_pattern("safety").search(text, m.end())
        if m is None and reason == "safety":
            # symptoms, consequences and hazards told in other words and languages
            m = harm(text, folded) if _HARM_BITS < 0 or found & _HARM_BITS else None
        if reason == "data_breach":
            if m is not None and phishing(text):
                # "your account has been compromised, verify here" is the phishing text itself
                m = None
            elif m is None:
                # exposure told without the word: others' data seen, mine sent astray, accounts taken over, leaks
                m = exposure(text, folded) if _EXPOSURE_BITS < 0 or found & _EXPOSURE_BITS else None
        if m and reason == "legal":
            m = _real_legal(text)
        if m and reason == "press":
            m = _real_press(text, m)
        if m:
            reasons.append(reason)
            evidence.append((reason, m.start(), m.end()))
    return Escalation(tuple(reasons), tuple(evidence))
