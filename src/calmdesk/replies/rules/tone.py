"""How the reply sounds: R-DEFENSIVE, R-BLAME, R-ONLY-ONE, R-CANNED, R-OFFENSIVE, R-SHOUTING, R-HUMOR-RISK."""

from __future__ import annotations

import re

from calmdesk.replies.model import Hit, ReplyContext
from calmdesk.replies.rules._patterns import SENTENCE_RE, family, find, merge
from calmdesk.replies.rules.names import inside_name, is_name

# R-DEFENSIVE: arguing, justifying the company, contradicting the customer.
DEFENSIVE = family(
    [
        r"(?:as|like) <WE> (?:have |had )?<ALREADY><SAY>(?: (?:you|before|earlier|previously|already))?",
        r"(?:as|like) (?:was |has been |we have |i have )?<ALREADY>(?:said|explained|mentioned|stated|pointed out|clarified)(?: (?:before|earlier|previously|in|on|above))?",
        r"(?:as|like) (?:clearly )?(?:stated|written|explained|described|outlined|noted) (?:in|on) (?:the|our)",
        r"(?:our|the) (?:\w+ )?(?:policy|policies|terms(?: and conditions)?|t&cs?|rules|guidelines|contract|fine print|agb) (?:\w+ )?(?:clearly |explicitly |plainly )?(?:states?|says?|said|stipulates?|explains?|specif(?:y|ies)|make[s]? (?:it )?clear|(?:is|are) (?:very )?clear)",
        r"(?:per|according to|in line with|under) (?:our|the) (?:\w+ )?(?:policy|policies|terms|t&cs?|rules|conditions|agb)",
        r"(?:you|u) (?:have |had )?(?:agreed|accepted|consented|signed up) to (?:the|our|these)",
        r"(?:that|this|it|what you (?:say|said|wrote|claim))(?:'s|’s| is| was) (?:simply |just |frankly |really |absolutely |completely |totally |plainly )?(?:not true|untrue|false|incorrect|inaccurate|wrong|not (?:accurate|correct|the case|what happened)|misleading|a misunderstanding on your part)",
        r"(?:that|this)(?:'s|’s| is) not (?:how|what) (?:it|this|that) (?:works|happened)",
        r"(?:you(?:'re|’re| are)|you were) (?:simply |just |plainly )?(?:wrong|mistaken|incorrect|misinformed|confused)",
        r"(?:this|that|it) (?:was|is|wasn't|isn't|was not|is not) (?:not )?(?:our|my) (?:fault|responsibility|problem|doing)",
        r"not (?:our|my) (?:fault|responsibility|problem)",
        r"<WE> (?:did|have done) (?:nothing|everything) (?:wrong|right|correctly|by the book)",
        r"<WE> (?:did (?:not|n't)|didn't|never) (?:do anything wrong|make (?:a|any) mistakes?)",
        r"<WE> (?:followed|complied with|acted according to|stuck to) (?:all )?(?:the|our) (?:\w+ )?(?:procedures?|process|rules|protocol|policy|steps)",
        r"(?:we|i) (?:cannot|can't|can not|won't) be held (?:responsible|liable|accountable)",
        r"(?:in|to) (?:our|my) (?:defen[cs]e|credit)",
        r"with (?:all )?due respect",
        r"(?:just )?to (?:repeat|reiterate|restate) (?:what|that|our|my)|as (?:we|i) (?:told|informed|advised|warned) you",
        r"(?:our|the) (?:\w+ )?(?:policy|policies|terms(?: and conditions)?|t&cs?|rules|guidelines|contract) (?:\w+ )?make[s]? (?:it )?(?:very |quite |perfectly |abundantly )clear",
        r"sorry (?:that |if )?you (?:feel|felt) (?:that way|this way|like that|that|upset|let down)",
        r"(?:shown|stated|displayed|listed|written|explained|mentioned|spelled out|set out) (?:very |quite )?clearly (?:at|on|in|during|before)",
        r"<WE> stand by (?:our|the|my)",
        r"(?:our|the) (?:records|logs|system|data) (?:clearly )?(?:show|shows|indicate|indicates|prove|proves|confirm|confirms) (?:that )?(?:you|the (?:order|parcel|item) was|it was|nothing)",
        r"there (?:is|was|'s) nothing wrong with (?:the|our|your)",
        r"(?:the|this) (?:delay|problem|issue|error|damage) was (?:caused by|due to|down to) (?:the|your|a) [^.!?]{0,30}?,? not (?:us|our)",
        r"(?:it|this) (?:is|was) (?:the|your) (?:courier|carrier|bank|manufacturer|post office)'?s? (?:fault|responsibility|problem)",
        r"(?:we|i) (?:have|had) (?:already )?(?:explained|answered|told you) (?:this|that)",
        r"if you (?:had )?(?:actually )?(?:read|look(?:ed)? at|check(?:ed)?) (?:our|my|the) (?:previous |last |earlier )?(?:reply|message|answer|post)",
        # Argumentative openers: "to be fair", "for the record", "with respect".
        r"(?:to be fair|in fairness|in all fairness|for the record|with (?:all )?(?:due )?respect|just to (?:clarify|be clear))",
        r"(?:i|we) find (?:that|this|it) (?:very |quite |really )?(?:hard|difficult) to believe|(?:are|is) (?:all )?(?:fully |properly )?trained to",
        r"(?:terms|policy|policies|rules|conditions|t&cs?|contract) (?:do |does |clearly |fully )?(?:allow|permit|entitle|let) us",
        r"(?:are|is) always (?:the )?(?:correct|right|accurate)(?: ones?)?",
        r"(?:system|records|balance|bill|charge|fee|price|amount|reading|meter|figure|invoice|statement|data)(?: you see)? (?:is|are|was|were) (?:100% |completely |entirely |perfectly |definitely )?(?:accurate|correct)",
        r"(?:fee|charge|decision|penalty|fine|price) (?:still )?(?:stands|applies|remains (?:in place|valid|due))",
        r"(?:we|i|(?:the|our) (?:\w+ )?(?:driver|courier|engineer|technician|staff|team|store|agent|system)) did (?:send|email|text|call|tell|inform|notify|warn|post|mention|explain|attempt|try)",
        r"(?:gps|tracking|records|photos?|cctv|footage|scans?|proof of delivery|logs|system) (?:clearly )?(?:shows?|proves?|confirms?|indicates?) (?:that )?(?:\w+ ){0,4}?(?:was |were )?(?:delivered|at your (?:door|address|house|property)|signed for|collected|received|on time)",
        # The company was right: "the fee was applied correctly", "it passed all our testing".
        r"(?:was|were|has been|have been|is|are) (?:applied|charged|calculated|billed) (?:correctly|properly|accurately|as per)",
        r"(?:is|was|are|were|it's|it’s) (?:working|behaving|functioning|performing) (?:exactly )?as (?:intended|designed|it should)",
        r"(?:passed|passes|has passed|went through) (?:all )?(?:of )?(?:our |the |its )?(?:\w+ )?(?:tests|testing|checks|quality checks|inspections?)",
        # Excuses: "some delays can't be avoided", "beyond our control", "our drivers are doing their best".
        r"(?:can't|can’t|cannot|can not|couldn't|could not) (?:always )?be (?:avoided|helped|prevented)|(?:is|are|was|were) (?:sometimes |often )?unavoidable|(?:beyond|outside|out of) our control|out of our hands",
        r"(?:our|the) (?:\w+ )?(?:staff|team|drivers?|crew|engineers?|agents?|people|kitchen|couriers?) (?:are|were|is|was) (?:all )?(?:doing|trying) (?:their|his|her|our) (?:very )?best",
        r"(?:is|was|are|were|'s|’s) (?:always )?our (?:busiest|peak|most hectic) (?:time|period|day|night|season|week)",
        # Denying what the customer says was promised: "it was never promised to you", "we never said that".
        r"(?:was|were|is|are) never (?:promised|guaranteed|advertised|offered|agreed|part of)",
        r"(?:we|i) (?:never|did not|didn't|didn’t) (?:promise|promised|say|said|guarantee|guaranteed|agree|agreed|claim|claimed) (?:that|you|this|it|any)",
        r"(?:that's|that’s|that is|it's|it’s|it is|this is) (?:all |clearly )?(?:in|covered (?:in|by)|written in|part of|set out in|explained in) (?:the|our) (?:small print|fine print|terms|t&cs?|conditions|contract|policy)",
        # Contradicting the customer: "the driver did attempt delivery", "our app doesn't do that, though".
        r"(?:the|our) (?:driver|courier|engineer|technician|staff|team|store|agent|system) did (?:attempt|try|come|call|knock|deliver|turn up|visit|arrive|leave|send|email|text)",
        r"(?:our|the) (?:app|system|website|site|machine|product|service|software|checkout)s? (?:doesn't|doesn’t|does not|didn't|didn’t|did not|can't|can’t|cannot|won't|never) \w+(?: \w+){0,3}?,? (?:though|actually|in fact)",
        r"(?:our|the) (?:records|logs|systems?|data|tracking|network map|map|status page|dashboard|monitoring) (?:clearly )?(?:show|shows|indicate|indicates|say|says|confirm|confirms) (?:that )?(?:\w+ ){0,3}?(?:as |is |was |were )?(?:fine|up|working|delivered|normal|fully)",
        # A rule on display that the customer "should have seen": "displayed at every till".
        r"(?:displayed|shown|posted|printed|signposted|stated) (?:clearly )?(?:at|on|in) (?:every|each|all (?:our|the)) \w+",
        # Correcting the customer outright: "I would point out", "I have to disagree", "can't have come from us".
        r"(?:i|we) (?:would|must|should|need to|have to|'d|’d) (?:just |gently |respectfully )?(?:point out|remind you)",
        r"(?:i|we) (?:have to|must|would|will have to|'d have to|’d have to) (?:respectfully |politely )?disagree",
        r"(?:can't|can’t|cannot|couldn't|couldn’t|could not) (?:have )?(?:come|been|happened) (?:from|on|through|at) (?:us|our end|our side)",
        # Round five (test6): insisting the company was right or the customer wrong.
        r"there(?:'s|’s| is) (?:really |actually |simply |honestly )?no (?:difference|discrepancy|fault|defect) (?:between|with|in)",
        r"(?:i|we) (?:must|have to|would|need to|'d|’d) (?:\w+ )?(?:stress|emphasi[sz]e|underline|underscore|insist)",
        r"(?:report|records?|notes|logs?|evidence|footage|photos?)(?: \w+)? (?:is|are|was|were) (?:quite |very |perfectly |abundantly )?clear (?:on|about) (?:this|that|it)",
        r"(?:set|decided|handled|run|managed|controlled|determined|staffed|caused) by (?:the |a |an )?\w+(?: \w+)?,? not (?:by )?(?:us|our)",
        r"(?:we|i) did (?:everything|all) (?:we|i|that) (?:were|was|are|could|should|had to)(?: \w+)?",
        r"(?:was|were|has been|have been|is|are) (?:carefully|thoroughly|extensively|rigorously|fully|properly) (?:tested|checked|inspected|reviewed|colou?r-matched|quality-checked)",
        r"(?:most|many|the majority of) (?:our )?(?:users|customers|people|members|guests|shoppers) (?:actually |really |do )?(?:prefer|like|love|are happy with|enjoy)",
        r"(?:has|have|was|were) (?:definitely|certainly|absolutely|100%) (?:been )?(?:sent|paid|delivered|refunded|processed|applied|dispatched|posted|issued)",
        r"(?:that|this|it|which) (?:isn't|isn’t|wasn't|wasn’t|is not|was not) (?:quite |strictly |entirely |really )?(?:accurate|true|correct|the case|what happened)",
        r"we (?:don't|don’t|do not|never) (?:lose|misplace|damage|overcharge|double-charge|double charge|forget|mix up) (?:\w+ )?(?:garments|items|parcels|orders|bags|luggage|anything|things|customers|bookings|clothes|deliveries)",
        r"(?:our|the) (?:\w+ )?(?:photos|images|pictures|colours|colors|descriptions|listings) (?:are|were) (?:all )?(?:professionally|accurately|carefully|true to life|exactly)",
        # Round six (test7): the company is always right, the cause is elsewhere, things just happen.
        r"(?:is|are|was|were) always (?:right|correct|accurate|spot on)",
        r"(?:must|will|would|could only) have happened (?:in transit|in the post|during delivery|after (?:it|they) left|at your end|on your side)",
        r"(?:these things|this|that|it|things like this) (?:just |simply )?(?:happen|happens) (?:in the post|in transit|sometimes|from time to time)|(?:is|are) just (?:fragile|delicate|like that)",
        r"(?:that's|that’s|that is) (?:just )?how it is|(?:always|inevitably) (?:stretches|slows|delays|affects)",
        r"(?:always|all) go (?:to|through) (?:the )?\w+ and (?:they|we) (?:work|deal|go) through them",
        r"(?:has|have|had) your signature|(?:so|which means) the (?:charge|fee|bill|price|decision|amount) (?:is|was) (?:correct|right|valid|fair)",
        r"(?:weren't|wasn't|were not|was not|isn't|is not) the weak point|(?:found|were|was) (?:all )?(?:secure|intact|in order|working) (?:that|this|on the) (?:morning|day|night|evening)",
        r"(?:i'd|i’d|i would|we'd|we’d|we would) be surprised if",
        r"(?:wie|so wie) (?:bereits|schon) (?:erwähnt|erklärt|gesagt|mitgeteilt)",
        r"wie (?:in|auf|unter) (?:unseren?|den|der|dem) (?:\w+ ){0,2}?(?:beschrieben|angegeben|erwähnt|erklärt|festgelegt|vermerkt|steht|stehen)",
        r"(?:das|dies) (?:ist|stimmt) (?:so )?(?:einfach )?nicht(?: wahr| richtig)?",
        r"laut (?:unseren|den) (?:agb|richtlinien|bedingungen)",
    ]
)

# R-BLAME: the fault is put on the customer.
BLAME = family(
    [
        r"(?:you|u) (?:should|could|would|ought to|need to|needed to|were supposed to)(?: really)? (?:have|'ve|’ve) (?:\w+ )?(?:read|checked|followed|looked|installed|updated|tracked|selected|chosen|entered|double-checked|contacted|asked|reported|known|kept|noticed|paid attention|used|opened|waited|called|registered|ordered)",
        r"(?:you|u) (?:must|may|might) (?:have|'ve|’ve) (?:\w+ )?(?:installed|used|entered|typed|set|done|put|selected|chosen|clicked|dropped|misread|missed|misunderstood|forgotten|ignored|overlooked|skipped|mixed|broken|damaged|assembled|mis\w+)",
        r"(?:you|u) (?:probably|likely|obviously|clearly|evidently|apparently) (?:\w+ )?(?:installed|used|entered|typed|set it|did|put|selected|chose|clicked|dropped|misread|missed|misunderstood|forgot|ignored|overlooked|skipped|didn't|did not|never|broke|damaged|assembled)",
        r"(?:you|u) (?:didn't|did not|failed to|forgot to|neglected to|never bothered to|chose not to|didn’t) (?:\w+ )?(?:read|follow|check|update|install|enter|fill|select|choose|track|keep|register|activate|charge|pay attention|look|notice|save|confirm|verify|opt|tick)",
        r"(?:if|had) you (?:had )?(?:just |only |simply |actually )?(?:read|followed|checked|updated|installed|entered|looked|paid attention|used|waited|registered|kept|chosen|selected|ordered|measured|cancell?ed|booked)",
        r"(?:it|this|that)(?:'s|’s| is| was) (?:entirely |completely |clearly |really |obviously )?(?:your|the customer'?s|user) (?:own )?(?:fault|mistake|error|responsibility|doing|problem)",
        r"(?:user|customer|operator) error",
        r"(?:you|u) (?:installed|used|set up|entered|typed|assembled|configured|washed|stored|handled|connected|charged|inserted|put) (?:it|them|the \w+|this|that|your \w+)(?: \w+)? (?:wrong|wrongly|incorrectly|improperly|badly|the wrong way|upside down)",
        r"(?:you|u) (?:entered|typed|gave|provided|chose|selected|picked|used) (?:the |an |a )?(?:wrong|incorrect|invalid|old|outdated|expired)",
        r"(?:need|needs|have|has) to (?:read|follow) (?:the|our) (?:instructions|manual|guide|terms|faq)(?: \w+)? (?:properly|carefully|more carefully|correctly|next time|better)",
        r"(?:read|follow|check) (?:the|our) (?:instructions|manual|guide|terms|faq|description)(?: \w+)? (?:properly|carefully|more carefully|correctly|next time|before)",
        r"(?:the|our) (?:instructions|manual|description|product page|listing|label|terms) (?:were|was|are|is) (?:perfectly |very |quite |pretty )?(?:clear|explicit|obvious)",
        r"(?:it|that|this)(?:'s|’s| is) (?:up to|on) you to",
        r"(?:you|u) (?:failed to|forgot to|neglected to|never bothered to|didn't bother to|did not bother to)",
        r"if only you(?: had)?|(?:you|u) (?:were|are) (?:supposed|meant|required|expected|obliged) to",
        r"(?:wasn't|was not|weren't|were not|isn't|is not|not) (?:\w+ ){0,3}?(?:properly|correctly|fully|securely|right)(?: \w+){0,4}? (?:before|when|after) you",
        r"next time,? (?:please |just |maybe |try to )?(?:read|check|follow|make sure|remember|look at|double-check|be sure)",
        r"(?:reading|checking|following|looking at|using) (?:the|our) (?:manual|instructions|guide|faq|terms|description|product page|label|size guide)(?: \w+){0,3}? (?:would|could|might) have (?:avoided|prevented|saved|helped)",
        r"(?:you(?:'re|’re| are)|you were) (?:solely |fully |entirely )?responsible for (?:checking|reading|keeping|entering|tracking|making sure)",
        r"(?:as long as|if only|provided) you (?:follow|read|use|had followed|had read)",
        r"(?:it |this )?(?:looks|seems|sounds) (?:like|as if|as though) you (?:didn't|did not|never|forgot|entered|typed|used|chose|picked|missed|ignored|misread|skipped|installed|haven't|have not)",
        r"(?:wrong|incorrect) (?:address|details|size|number|code|password|settings) (?:was|were) (?:entered|given|provided|selected) by you",
        r"(?:sie|du) (?:hätten|hättest|haben|hast) (?:die|das|den) (?:\w+ )?(?:anleitung|beschreibung|agb)(?: \w+)? (?:nicht )?(?:gelesen|lesen|beachtet|beachten)",
        # The customer's own choice named as the cause: "you did choose ...", "but you ticked ...".
        r"(?:you|u) did (?:choose|select|pick|tick|agree|click|accept|opt|enter|order|sign|confirm|book|type|give|untick|skip)",
        r"but (?:you|u) (?:chose|selected|picked|ticked|opted|agreed|clicked|accepted|entered|gave|booked|ordered|skipped|ignored)",
        # Counterfactuals on the customer: "you'd have needed to cancel", "had you gone by the size chart".
        r"(?:you|u)(?:'d|’d| would) have (?:needed|had) to|(?:you|u) needed to \w+(?: \w+){0,3}? (?:before|by|within|first|in time)",
        r"had (?:you|u) (?:\w+ )?(?:gone by|gone with|used|read|followed|checked|ordered|chosen|picked|selected|looked|measured|waited|cancell?ed|canceled|booked|updated|kept|told|contacted|entered|installed|called|registered|paid)",
        # Placement and misuse: "overheating where you've put it", "it went in the dishwasher".
        r"(?:(?:usually|normally|often|typically|generally|only|mostly) )?(?:happens|occurs) (?:when|if) (?:you|people|customers|users|someone|the (?:user|customer|owner)|(?:the \w+ (?:in|on|of) )?your)",
        r"(?:did|have) you (?:actually |even |definitely )?(?:read|follow|check|do|try|use|install|charge|update)(?: \w+){0,4}? (?:first|beforehand|properly|correctly|like it says|as (?:it says|instructed|directed|shown|stated))",
        r"(?:which|as) you(?:'d|’d| would) have (?:seen|read|noticed|been told|been shown|known)",
        r"if you(?:'d|’d) (?:\w+ ){0,2}?(?:turned|switched|set|read|followed|checked|updated|kept|backed|used|enabled|registered|chosen|ordered|cancell?ed|waited|looked)|(?:you|u) (?:wouldn't|wouldn’t|would not) have (?:lost|had|been|needed|missed|got|gotten)",
        r"(?:like|as) it says on the (?:box|label|packet|pack|packaging|instructions|tin|bottle)",
        r"where (?:you(?:'ve|’ve| have)?) (?:put|placed|kept|stored|left|installed|mounted|positioned) (?:it|them)",
        r"(?:went|was put|were put|been put|got put|was washed|been washed|was run|were washed) (?:in|into|through) (?:the |a )?(?:dishwasher|washing machine|tumble dryer|dryer|microwave|oven|freezer|wash)",
        # Passive customer error: "the password was mistyped".
        r"(?:was|were|got|been|being) (?:mistyped|mis-typed|misspelt|misspelled|misentered|entered (?:incorrectly|wrongly|wrong)|typed (?:incorrectly|wrongly|wrong))(?! by (?:us|me|our|the (?:courier|driver|team|system|shop|store)))",
        # Responsibility put on the customer: "it is each passenger's responsibility to check".
        r"(?:(?:your|each|every) |(?:the |each |every )?(?:customer|passenger|guest|user|cardholder|buyer|travell?er|member|account holder|owner)(?:'s|’s|s') )(?:own )?responsibility to (?:check|read|make sure|ensure|keep|confirm|provide|update|cancel|follow|bring|know)",
        r"(?:passengers|customers|users|guests|cardholders|buyers|travell?ers|members) (?:are|is) (?:solely |fully |entirely )?responsible for (?:checking|reading|keeping|making sure|ensuring|providing|updating|cancell?ing)",
        # A shortcoming of the customer's: "maybe you just have a lower tolerance than most".
        r"(?:maybe|perhaps|possibly) (?:you|u) (?:just )?(?:have (?:a|an) (?:lower|low|different|unusual|sensitive)|are (?:using|not)|were (?:using|not)|didn't|didn’t|did not|forgot|missed|misread|entered|typed|chose|picked|selected)",
        # Counterfactual with its consequence: "if you'd got there earlier this wouldn't have happened".
        r"if you(?:'d|’d| had) [^.!?]{0,50}?(?:this|it|that|you) (?:wouldn't|wouldn’t|would not|would never) have",
        # The cause named as what customers in general do wrong: "happens when customers don't submit readings",
        # "comes down to people typing their password wrong", "when the care label gets ignored".
        r"(?:customers|people|users|owners|passengers|members) (?:don't|don’t|do not|forget to|fail to) (?:submit|send|read|follow|check|update|enter|register|cancel|tell us)",
        r"(?:comes|came|come) down to (?:people|customers|users|you) (?:\w+ing|not)",
        r"(?:when|if|because|unless) (?:the )?(?:care label|care instructions|instructions|manual|guide|label|warning)s? (?:gets?|got|is|are|was|were|has been|have been) (?:ignored|not followed|skipped|overlooked|not read)",
        # Passive customer error: "the step that got missed", "it was overfilled", "it was left too long".
        r"(?:the|a|which is the) step (?:that |which )?(?:got|was|gets|is) (?:missed|skipped)",
        r"(?:it|they|this) (?:was|were) (?:probably |likely |just )?(?:overfilled|overloaded|overtightened|misused|mishandled|left too long)",
        # Round five (test6). The cause named as a step the customer left out, in the passive or
        # as a condition: "if step 14 is skipped", "the dye isn't left on for the full time",
        # "only occur when the master password is forgotten", "which obviously wasn't done here".
        r"(?:if|when|unless|once) (?:the |a |your |that |this )?(?:\w+ ){0,2}?(?:is|are|gets?|got|was|were) (?:skipped|ignored|overlooked|forgotten|missed|not followed|not read|dropped|misused|overfilled|overloaded|left (?:out|too long|on (?:a|the) doorstep))",
        r"(?:tends? to happen|tend to occur|tends? to occur|happens?|occurs?|occur|results? happen|only happen|only occur) (?:only )?(?:when|if) (?:the |a |your |too many |people |customers |candidates |users |owners |students )?(?:\w+ ){0,2}?(?:is|are|was|were|gets?|isn't|aren't|wasn't|weren't|is not|are not|keep|keeps|leave|leaves|forget|forgets|skip|skips|don't|don’t|do not)\b",
        r"(?:which|that|this|and that) (?:obviously |clearly |evidently |apparently )?(?:wasn't|wasn’t|was not|weren't|weren’t|were not|hasn't|hasn’t|has not|haven't|haven’t|have not) (?:been )?(?:done|followed|completed|happened) (?:here|this time|in this case|on this occasion|on your (?:\w+ )?(?:order|account|device|booking))",
        r"(?:won't|won’t|wouldn't|wouldn’t|doesn't|doesn’t|don't|don’t|can't|can’t|cannot|shouldn't|shouldn’t) \w+(?: \w+){0,3}? unless (?:it(?:'s|’s| is| was| has been| gets)|they(?:'re|’re| are| were| have been| get)|you|someone|somebody) (?:dropped|misused|mishandled|overfilled|overloaded|left|knocked|bent|washed|kept|stored|used|charged|exposed|put|handled|sat on|stood on)",
        r"(?:means|is a sign|a sign that|suggests|indicates|is usually because) (?:that )?(?:the |your |it |they )?(?:\w+ ){0,2}?(?:wasn't|wasn’t|weren't|weren’t|was not|were not|hasn't|hasn’t|haven't|haven’t|has not|have not|isn't|aren't) (?:been )?(?:\w+ )?(?:loaded|rotated|washed|cleaned|stored|charged|fitted|installed|updated|activated|used|followed|read|set up|maintained|descaled|tightened|assembled|rinsed|dried|left|kept|registered|entered|applied)",
        r"(?:washed|set|stored|used|charged|cooked|cleaned|dried|run|installed) (?:on|at|with|in|using) the wrong (?:setting|temperature|programme|program|cycle|charger|mode|detergent|way)",
        r"(?:weren't|weren’t|wasn't|wasn’t|were not|was not|not) (?:enough|sufficient) (?:funds|money|credit|balance) (?:in|on) your|insufficient funds in your",
        r"(?:most |many |a lot of )?(?:people|customers|users|buyers|shoppers|owners|passengers|members) (?:just |simply |often |usually |tend to )?(?:don't|don’t|do not|never|forget to|fail to|don't bother to) (?:check|look|read|notice|open|follow|update|measure|charge)",
        r"(?:instead of|rather than) (?:being )?(?:brought in|taken in|collected|unpacked|put away|put in the fridge|refrigerated|opened straight away)",
        r"had (?:the |your |it |they |that |this )?(?:\w+ )?(?:been|got) (?:\w+ed|set up|kept|brought in|done|read|seen|taken)\b[^.!?]{0,60}?(?:would|wouldn't|wouldn’t|would not)",
        # Round six (test7): the customer's setup, timing or habits named as the cause.
        r"(?:usually|mostly|normally|often|typically|generally|almost always|nearly always|tend to|tends to) (?:\w+ )?(?:come|comes|came) from (?:\w+ ){0,2}?(?:home|your|their|older|old)\b",
        r"(?:usually |mostly |normally |often |typically |generally )?(?:means?|points? to|suggests?|is down to|comes? down to) (?:that )?(?:the |your |a )?(?:home |own )?(?:network|router|wi-?fi|setup|set-up|settings?|fridge|storage|connection|device|phone|charger|charging|riders?|users?|customers?|owners?)\b",
        r"(?:placed|kept|stored|left|put|installed|used) (?:\w+ ){0,3}?(?:in cupboards?|behind the (?:tv|sofa|television)|in the cold|in direct sun(?:light)?|on charge overnight|near (?:a|the) (?:radiator|window|microwave))",
        r"(?:leaving|keeping|storing|charging|using|running) (?:it|them|the \w+)(?: \w+){0,2}? (?:on charge overnight|in the cold|in the heat|at once|too long)",
        r"(?:storage|handling|care|use|usage|placement|setup|set-up|how (?:it's|it is|they're|they are) (?:stored|kept|used|handled)) (?:at home )?makes? (?:a |all the )?(?:big |huge |real )?difference",
        r"(?:when|because) (?:most|all the|many|lots of) (?:people|customers|guests|users|shoppers) (?:book|come|order|arrive|visit|call|shop|log on)|(?:turning up|arriving|ordering|booking|coming|calling|logging on) (?:a bit |slightly |much )?(?:later|earlier|sooner|off-peak)\b",
        r"(?:reminders?|e-?mails?|texts?|letters?|notices?|warnings?|notifications?|messages?)(?:,? \w+){0,6}? (?:(?:seem|seems|appear|appears) to )?(?:have been|had been|were|was|went|got) (?:ignored|unanswered|unread|missed|overlooked|not (?:read|opened|answered|acted on))",
        r"(?:which|that) you (?:ignored|didn't answer|didn’t answer|did not answer|never answered|didn't read|didn’t read|never read|missed)",
        r"(?:maybe|perhaps|possibly|probably) (?:the|your|it) (?:\w+ )?(?:was|were|got) (?:\w+ )?(?:made|entered|typed|sent|placed|done|set up|chosen|used) (?:\w+ ){0,3}?(?:wrong|wrongly|incorrectly|through the wrong|with the wrong|on the wrong|to the wrong)",
        r"only (?:\w+ ){0,2}?(?:like that|like this|this way|that way) (?:when|if) (?:the |your |it |they )?(?:\w+(?:'s|’s)? )?(?:been |is |are |was |gets? )?(?:dropped|misused|knocked|bent|overloaded|left|sat on|stood on|charged)",
        r"(?:the )?(?:\w+ )?(?:may|might|must|could) have been (?:misheard|misread|mistyped|misunderstood|entered wrong|entered incorrectly|typed wrong)",
        r"(?:switched|turned|left|set) (?:off|on) before (?:updating|you updated|the update)|(?:which|as) the (?:\w+ )?(?:notes|instructions|manual|email|letter|guide|card) (?:warned|warns|mentioned|mentions|says|said|explained)",
        r"(?:depend|depends) on how (?:many|much|often|you)|(?:it's|it’s|it is) probably (?:the|your) (?:kids|children|family|devices|gaming|router|setup)",
        r"(?:did|have|had) you (?:\w+ ){1,4}?(?:before|first|as) (?:\w+ ){0,3}?(?:says|said|instructs|recommends|shows|asks)\b",
        r"if you(?:'d|’d| had) (?:\w+ ){0,4}?when (?:we|i) (?:wrote|emailed|texted|told|asked|reminded)",
        r"(?:tritt|passiert|kommt|entsteht) (?:das )?(?:\w+ )?(?:meistens|oft|häufig|nur|fast immer) (?:\w+ )?(?:auf|vor)?,? wenn",
        r"selbst schuld",
        r"(?:ihr|dein) (?:eigener )?fehler",
    ]
)

# R-ONLY-ONE: nobody else has this problem.
ONLY_ONE = family(
    [
        r"(?:you(?:'re|’re| are)|you were) (?:literally |honestly |actually |really )?(?:the|our) (?:only|first|sole|one and only) (?:one|person|customer|user|client|guest|people)",
        r"(?:you|u) (?:alone )?(?:are|seem to be|appear to be) the only",
        r"(?:this|that|it) (?:really |literally |basically |honestly |just |genuinely )?(?:never|rarely|hardly ever|almost never|basically never) (?:happens|occurs|comes up|goes wrong)",
        r"(?:(?:no ?one|nobody) else|not a single (?:other )?(?:person|customer|one)|no other (?:customers?|users?|clients?|guests?|people|person|shoppers?|passengers?)|none of our other (?:customers|users|clients|guests|shoppers|passengers)) (?:has|have|had|is|was|seems to|reported|complained|mentioned|raised|experienced|ever)",
        # Plain "nobody" only with a verb of reporting ("nobody has reported this"), so that
        # "sorry nobody has called you back" stays an apology.
        r"(?:no ?one|nobody) (?:has |have |had |is |was )?(?:ever )?(?:reported|complained|mentioned|raised|experienced|flagged|noticed|had (?:this|that|the same|a similar|any)|seen (?:this|that)|having|seeing|affected|reporting|complaining)|(?:no ?one|nobody) (?:seems|appears) to",
        r"(?:works?|working|worked|(?:been|is|are|was|were) (?:fine|ok|okay|normal))(?: (?:as expected|as normal|perfectly|just|fine|well|normally|great|smoothly))? for (?:everyone|everybody|all (?:of )?(?:our )?(?:other )?(?:customers|users|shoppers|guests|passengers|members|subscribers)|other (?:customers|users|people|shoppers|guests|passengers|members|subscribers))(?: else)?",
        r"(?:yours|your (?:report|complaint|case|message|post)) (?:is|was|'s|’s) (?:the )?(?:only|first|one and only|sole) (?:one|report|complaint|case|issue|such)",
        r"(?:the )?(?:only|first|sole) (?:report|complaint|case|message|one|issue|problem)(?: \w+){0,3}? (?:we(?:'ve|’ve| have)?|i(?:'ve|’ve| have)?) (?:ever )?(?:had|received|seen|heard|got|gotten)",
        r"(?:unusual|rare|uncommon|atypical) for (?:us|our|this (?:store|branch|model|product|service))",
        r"(?:nearly|almost|virtually|practically) (?:all|every one) (?:of )?our (?:other )?\w+(?: \w+){0,4}? (?:arrive|arrives|are|go|goes|run|runs|work|works|get|gets|turn up|come|comes)",
        r"(?:haven't|haven’t|have not|hasn't|has not|never|didn't|didn’t|did not) (?:\w+ ){0,2}?(?:anyone|anybody|any (?:other )?(?:customers?|users?|shoppers?|people)) else",
        r"(?:it's|it’s|it is|seems to be|appears to be|looks to be) (?:just|only) (?:you|yours|your (?:\w+ )?(?:account|order|device|phone|line|area|card))",
        r"(?:we(?:'ve|’ve| have)?|i(?:'ve|’ve| have)?) (?:never|not|n't|not once) (?:ever )?(?:had|seen|heard|received|gotten|got|encountered|come across|been told)(?: of)? (?:this|such|that|a|any|one|another|other|similar) (?:\w+ )?(?:complaint|complaints|issue|issues|problem|problems|report|reports|case|cases|thing|feedback)",
        r"(?:we(?:'ve|’ve| have)?|i(?:'ve|’ve| have)?) (?:never|not) (?:had|received|got|gotten) (?:any|a single) (?:other )?(?:complaints?|issues?|problems?|reports?)",
        r"(?:this|it|that) (?:has )?(?:never|not once) (?:ever )?(?:happen(?:s|ed)|occur(?:s|red)|came up|come up|been reported)(?: before| to anyone| to anybody| with anyone| for anyone| elsewhere)",
        r"(?:first|only) time (?:we(?:'ve|’ve| have)?|i(?:'ve|’ve| have)?|anyone has|anybody has) (?:ever )?(?:hear|heard|see|seen|had|received|encountered|gotten)",
        r"(?:everyone|everybody|all (?:of )?our (?:other )?(?:customers|users|clients)|(?:thousands|millions|hundreds) of (?:other |happy )?(?:customers|users|clients|people)|other (?:customers|users|people)) (?:else )?(?:is|are|seems?|has|have|use|uses|using|love|loves|enjoy|enjoys|haven't|have not|don't|do not|never)(?: \w+){0,6}? (?:fine|happy|satisfied|without (?:any |a |an )?(?:issues?|problems?|trouble|complaint|hitch)|no (?:issues?|problems?|trouble|complaints?)|any (?:issues?|problems?|trouble)|problems?|issues?|trouble|working)",
        r"works? (?:perfectly |just )?(?:fine|well|great) for (?:everyone|everybody|all (?:our )?(?:other )?(?:customers|users)|other (?:customers|users|people))(?: else)?",
        r"(?:an?|your) (?:isolated|one-off|unique|rare|one of a kind|singular) (?:case|incident|issue|problem|situation)",
        r"(?:this|that|it) (?:only|just) (?:happens|happened|seems to happen) (?:to|with|for) you",
        r"(?:no|zero|not any) (?:other )?(?:reports?|complaints?) (?:of|about) (?:this|that|it|such)",
        r"(?:had|received|seen|got|have|get) no (?:other |similar |further )?(?:reports?|complaints?|cases?)(?: (?:like|of|about) (?:this|that|it))?",
        r"(?:not|n't|n’t)(?: \w+){0,4}? (?:anyone|anybody) else (?:has |have |had )?(?:reported|mentioned|had|seen|raised|complained|noticed|flagged)",
        r"(?:this|it|that) (?:has )?(?:never|not once) (?:ever )?(?:come up|been (?:reported|raised|an issue|a problem))",
        r"we (?:rarely|seldom|hardly ever|almost never|very rarely) (?:see|hear|get|have)|(?:not|n't|n’t) something (?:we|i) (?:see|hear|get|come across)(?: \w+)? (?:often|a lot|much|very often|every day)",
        # Round five (test6): "not a single other rider has reported", "isn't something our other
        # customers experience", "everyone else's points are loading normally".
        r"not a single (?:other )?\w+ (?:has|have|had|is|was) (?:ever )?(?:reported|complained|mentioned|raised|experienced|seen|had|noticed|flagged)",
        r"(?:isn't|isn’t|is not|not) something (?:our |any )?(?:other )?(?:customers|users|people|members|riders|guests|shoppers|passengers|owners|clients) (?:\w+ )?(?:experience|have|report|see|mention|get|run into)",
        r"everyone else(?:'s|’s) (?:\w+ ){0,2}?(?:is|are|works?|working|loading|fine|arrived|showing)",
        r"(?:nobody|no one|noone|niemand) (?:else )?(?:hat|hatte|has|had) (?:je |jemals |bisher )?(?:dieses|das|this|that|such)",
        r"(?:is|was|'s|’s|seems|sounds) (?:very |highly |extremely |really |most |quite )(?:unusual|rare|uncommon)\b",
        r"(?:sie sind|du bist) (?:der|die) (?:einzige|erste)",
    ]
)

# R-CANNED: sounds automated or corporate.
CANNED = family(
    [
        r"<YOUR> (?:request|ticket|case|complaint|inquiry|enquiry|query|message|concern|concerns|feedback|issue|call|e-?mail|comments?|remarks?|points?|thoughts)(?: \w+)? (?:has been|have been|was|is being|is now) (?:successfully |duly )?(?:registered|logged|received|recorded|forwarded|noted|filed|submitted|created|opened|escalated to the relevant|assigned|processed|passed on)",
        r"(?:we|i) (?:truly |really |greatly |highly |sincerely )?(?:value|appreciate|cherish) (?:your|all) (?:feedback|business|custom|input|patronage|loyalty|comments|opinion)",
        r"<YOUR> (?:call|feedback|business|satisfaction|opinion|custom|patience|experience|concern|input)(?: \w+)? (?:is|are) (?:very |extremely |really |truly )?(?:important|valuable|precious|our (?:top |number one |highest )?priority)(?: to us)?",
        r"(?:customer|your) satisfaction is (?:our )?(?:top |number one |highest |first )?priority",
        r"(?:we |i )?apologi[sz]e for any (?:inconvenience|trouble|disruption|frustration|difficulties)(?: (?:this|that) (?:may have|might have|has|may|might) (?:caused|cause))?",
        r"(?:sorry|apologies|apologi[sz]e|regret) (?:for|about) any (?:inconvenience|trouble|disruption|frustration|difficulties|distress|upset|confusion)(?: caused)?",
        r"(?:we|i) (?:completely |fully |totally )?understand (?:your|the) (?:frustration|concerns?|disappointment)|(?:we are|we're|we’re) working hard to (?:improve|resolve|fix|restore|get)",
        r"(?:matter|case|request|complaint|enquiry|inquiry|query) (?:is being|has been|will be) (?:dealt with|handled|looked into|reviewed|progressed|actioned)|the (?:relevant|appropriate|responsible|concerned) (?:department|team|party|parties|colleagues|area)",
        r"(?:any|the) inconvenience (?:this|that|it) (?:may|might|has|could) (?:have )?caused",
        r"(?:we|i) (?:sincerely )?regret any (?:inconvenience|trouble)",
        r"(?:thank you|thanks|we thank you) for (?:contacting|reaching out to|getting in touch with|writing to) (?:us|our|the|customer|[A-Z]\w+ (?:customer|support|care)) ?(?:customer )?(?:service|support|care|team|department)?\b",
        r"(?:please|kindly) (?:be advised|note that|be informed|take note)",
        r"(?:rest assured|be assured)(?: that)?",
        r"we (?:take|treat) (?:all |every |your |customer )?(?:feedback|complaints?|concerns?|matters like this|this matter|such matters|issues?) (?:very |extremely |most )?seriously",
        r"we (?:always |constantly |continually )?(?:strive|aim|endeavou?r|are committed|are dedicated) (?:to|for) (?:provid\w*|deliver\w*|offer\w*|ensur\w*|excellen\w*|the highest|the best|give)",
        r"(?:in due course|at (?:our|the) earliest (?:convenience|opportunity)|as soon as (?:possible|practicable) in the order (?:received|it was received))",
        r"(?:one of our|an?) (?:representatives?|agents?|advisors?|team members?|associates?) will (?:be in touch|contact you|get back to you|respond)(?: shortly| soon| in due course)?",
        r"(?:this is an automated|do not reply to this|this message was (?:sent )?automatically|auto-?generated)",
        r"(?:your|a) (?:ticket|reference|case|request) (?:number|id|no\.?) (?:is|has been)",
        r"(?:we|i) appreciate your (?:patience|understanding|cooperation) (?:and|&) (?:understanding|patience|cooperation)",
        r"(?:please )?(?:allow|expect) (?:up to )?\d+(?:-\d+)? (?:business |working )?(?:days|hours) for (?:a )?(?:response|reply|processing)",
        r"(?:all|our) (?:agents|representatives|lines) are (?:currently )?busy",
        r"(?:for (?:quality|training) purposes)",
        r"dear (?:valued )?(?:customer|client|guest|passenger|member|user|sir or madam|sir/madam)",
        r"(?:we|i) (?:hereby )?acknowledge (?:the )?receipt|acknowledg(?:e|ing) receipt of",
        r"(?:dealt with|handled|processed|answered|responded to|reviewed|actioned) in (?:the )?order (?:of (?:priority|receipt)|in which|they were received|it was received|received)|in strict rotation",
        r"(?:passed|forwarded|shared|sent|referred|escalated|directed)(?: on| over)? (?:to|with) the (?:relevant|appropriate|responsible|concerned|correct) (?:department|team|people|party|parties|area|colleagues)",
        r"(?:your|the) (?:comments?|feedback|complaint|enquiry|inquiry|query|message|concerns?|remarks),? (?:which|that) (?:has|have) been (?:passed|forwarded|shared|noted|logged|recorded|registered)",
        r"<YOUR> (?:feedback|comments?|input|patience|understanding|business|custom|message)(?: \w+)? (?:is|are) (?:greatly|much|very much|really|truly|always|most|highly) (?:appreciated|valued|welcomed?)",
        r"while (?:we|our team|the team) (?:work|continue|investigate|look into|strive|endeavou?r)(?: \w+){0,2}? to (?:resolve|fix|address|rectify|restore|investigate)",
        r"(?:resolve|rectify|address|restore) (?:this|the|your|it)(?: \w+)?(?: issue| matter| problem| situation)? as (?:quickly|soon|swiftly|promptly|fast) as (?:possible|practicable)",
        r"(?:we are|we're|we’re|we) (?:always|constantly|continually|continuously) (?:looking|striving|working|seeking|aiming|trying) (?:for ways )?to (?:improve|better|enhance|develop)",
        r"(?:sorry|sad|disappointed) to (?:hear|learn|read) (?:about|of) your (?:recent )?experience",
        r"(?:we|i) (?:fully |completely )?(?:understand|appreciate|recogni[sz]e|know) (?:how|that) (?:important|valuable|precious|distressing|inconvenient)(?: \w+){0,4}? (?:is|are|can be|must be) (?:to|for) you",
        r"(?:ihr|dein) anliegen (?:wurde|ist) (?:\w+ )?(?:erfasst|aufgenommen|registriert|weitergeleitet|eingegangen)",
        r"(?:wir )?(?:bedauern|entschuldigen uns für) (?:etwaige|eventuelle|jegliche) unannehmlichkeiten",
        r"(?:vielen )?dank für (?:ihre|deine) (?:anfrage|kontaktaufnahme)(?:\.|,)? (?:wir|ihr)",
        r"(?:ihre|deine) zufriedenheit (?:ist|liegt) uns (?:sehr )?am herzen",
    ]
)

# Whole words with their inflections only, never `\w*` suffixes: "Arsenal", "shiitake",
# "Scunthorpe" and "assessment" are not swear words (the Scunthorpe problem).
_PROFANITY = (
    r"bloody|bugger(?:s|ed|ing|y)?|arse(?:s|d|hole|holes)?|f+u+c+k+(?:s|ed|er|ers|ing|in)?|f\*+c?k(?:s|ed|ing|in)?|"
    r"sh[i1]t(?:s|e|ty|tier|ting|ted|head|heads|show|shows|storm|hole|bag)?|s\*+t|bullsh[i1]t|crap(?:py|s)?|damn(?:ed|it)?|goddamn(?:ed|it)?|"
    r"ass(?:hole|holes)?|a\*+hole|bitch(?:es|y|ing)?|bastards?|wtf|stfu|dickheads?|pricks?|piss(?:ed)? off|"
    r"scheiß(?:e|egal)?|scheiss(?:e)?|verdammt(?:e|en|er)?|arschloch"
)
_INSULT = (
    r"idiot(?:s|ic)?|stupid(?:ity)?|moron(?:s|ic)?|dumb(?:ass)?|imbecile|clueless|brainless|pathetic|loser|"
    r"incompetent (?:customer|person|user)|lazy(?! (?:day|days|afternoon|morning|sunday|weekend))|ignorant|ridiculous person|get a life|shut up|grow up|"
    r"muppets?|clowns|numpty|numpties|plonkers?|pillocks?|buffoons?|halfwits?|nitwits?|twats?|wankers?|tossers?|"
    r"trottel|depp|dumm(?:kopf)?|blöd(?:e|er|es|en|mann)?|halt die klappe"
)
OFFENSIVE = family(
    [
        _PROFANITY,
        _INSULT,
        r"(?:team|staff|lot|people|colleagues|drivers?|couriers?|engineers?|they|he|she) (?:are|is|were|was) (?:\w+ )?(?:useless|hopeless|clueless|incompetent|idiots|a joke|a shambles)",
        r"(?:are|is|sound|sounds|being) (?:so |very |really )?(?:childish|unreasonable|hysterical|dramatic|entitled|delusional)",
    ]
)

_ACRONYMS = {
    "DM",
    "DMS",
    "USA",
    "UK",
    "EU",
    "ID",
    "FAQ",
    "PIN",
    "CVV",
    "UPS",
    "DHL",
    "DPD",
    "GLS",
    "FEDEX",
    "USPS",
    "URL",
    "PDF",
    "ETA",
    "ASAP",
    "API",
    "IOS",
    "OK",
    "TV",
    "PC",
    "GPS",
    "SMS",
    "VAT",
    "IBAN",
    "BIC",
    "PS",
    "CEO",
    "HQ",
    "AM",
    "PM",
    "CET",
    "CEST",
    "UTC",
    "GMT",
    "EST",
    "PST",
    "IT",
    "HR",
    "QA",
    "NYC",
    "LA",
    "EUR",
    "USD",
    "GBP",
    "CHF",
    "MWST",
    "AGB",
    "USB",
    "HDMI",
    "LED",
    "LCD",
    "WIFI",
    "SIM",
    "ATM",
    "NFC",
    "VPN",
    "RMA",
    "SKU",
    "PO",
    "FYI",
    "RSVP",
    "TBD",
    "NB",
    "II",
    "III",
    "IV",
    "XL",
    "XXL",
    "XS",
    "DIY",
    "AI",
    "APP",
    "ABS",
    "DSL",
    "ISP",
    "SSL",
    "HTTP",
    "HTTPS",
    "WWW",
    "LOL",
    "LMAO",
    "ROFL",
    "OMG",
    "COM",
    "DE",
    "AT",
    "CH",
    "GDPR",
    "DSGVO",
    "IMEI",
    "OTP",
    "KYC",
    "PAYPAL",
    # Banking, telecom and travel terms written in capitals by everyone.
    "ISA",
    "PAYG",
    "AER",
    "APR",
    "ESIM",
    "SEPA",
    "BACS",
    "CHAPS",
    "ATOL",
    "ABTA",
    "ESTA",
    "EHIC",
    "GHIC",
    "IATA",
    "ADSL",
    "FTTP",
    "VOIP",
    "UPI",
}
#: Short words people put in capitals for emphasis ("I am SO sorry", "this is NOT ok").
_CAPS_SHORT = re.compile(r"(?<![\w@#^/~-])(?:SO|NO|DO|BE|IS|ME|WE)(?=\s+[a-z])")
_CAPS_WORD = re.compile(r"(?<![\w@#])[A-ZÄÖÜ]{3,}(?:'[A-Z]+)?(?![\w])")
_BANGS = re.compile(r"(?:[!?]*!){2,}[!?1]*|\?{3,}")

# R-HUMOR-RISK: markers of jokes and sarcasm.
HUMOR = family(
    [
        r"(?:ha){2,}h?|he(?:he)+|lol+|lmf?ao+|rofl|jk|j/k|just (?:kidding|joking)|only joking|kidding aside",
        r"(?:look|looking) on the bright side|(?:on|look at) the (?:bright|plus|upside) side|silver lining|every cloud",
        r"(?:it )?could (?:have been|be) worse",
        r"at least (?:you|it|now you|your|they|that|nobody)(?:'ve|'ll|'s|’s| got| get| have| had| didn't| wasn't| was| is| were| now)",
        r"(?:well|hey|oh),? (?:that(?:'s|’s| is)|there(?:'s|’s| is)|what) (?:one way|a (?:new )?record|an? (?:adventure|interesting|fun|creative|new)|a way|something|a first)",
        r"welcome to the club|plot twist|oopsie|whoopsie|whoops-?a-?daisy|yikes,? (?:but|that)|bless your heart|nice try|good one",
        r"(?:free|bonus|extra|surprise) (?:workout|cardio|exercise|sauna|spa day|adventure|fireworks|seasoning|protein|flavou?r|excitement|entertainment|souvenir|detox|diet|ice bath)",
        r"think of it as (?:an?|a free|extra|bonus)",
        r"who needs (?:a|an|working|heating|sleep|brakes|internet|luggage|suitcases|clothes|food)",
        r"(?:consider|call) it (?:an?|a free|character|part of the)",
        r"(?:we(?:'ll| will)|i(?:'ll| will)) (?:throw in|add) (?:a|an) (?:joke|laugh|free \w+ for the trouble)\b",
        r"(?:spicy|crispy|exciting|memorable|unforgettable) (?:experience|surprise|start|trip)",
        r"(?:talk about|what) (?:an? )?(?:adventure|drama|plot|story)",
        # Irony: "you almost have to admire it", "credit where it's due".
        r"(?:(?:almost|nearly|kind of|sort of) )?(?:have|got|gotta) to (?:admire|hand it to|laugh|love|give (?:them|it) credit)|credit where (?:it's|its|it’s) due",
        # The broken thing personified: "the line decided to take a little holiday", "a mind of its own".
        r"(?:decided|wanted|wants|chose|tried|deciding) to (?:take|have|go on|go for) (?:a |an )?(?:little |wee |well-earned |short |quick |bit of a )?(?:holiday|vacation|break|nap|day off|rest|siesta|breather|walkabout|trip|adventure|tour|swim|sunbathe)",
        r"(?:has|had|with|got) a mind of (?:its|their|his|her) own|(?:decided|wanted) to (?:make friends|say hello|go rogue|retire|throw a tantrum|join)",
        r"look at it this way|(?:isn't|isn’t|is not|could be|not) the worst (?:thing|place|way)|(?:there are )?worse places to be",
        r"(?:a bit|a little|slightly|bit) (?:too |over)?(?:enthusiastic|excited|eager|keen|overzealous|feisty|temperamental|moody|grumpy)",
        r"[😂🤣😜😝😆😅🙃😹🤪😛😁😬🙈😄😀😃🤭😉]|:-?[pP]\b|;-?\)|xD\b",
        r"(?:a |the )?(?:great|perfect|good|nice) excuse (?:for|to)|fancied a (?:closer look|chat|cuddle|nap|swim|break)|(?:wanted|decided) to (?:get|have) a closer look",
    ]
)

_SEVERE_COMPLAINT = re.compile(
    r"\b(?:injur\w*|hurt|hospital\w*|burn(?:ed|t|s)?|bleed\w*|blood|sick|ill|vomit\w*|poison\w*|allerg\w*|"
    r"choke|choking|fire|smoke|explod\w*|electric shock|shock|danger\w*|unsafe|safety|emergency|ambulance|died|"
    r"death|dead|funeral|passed away|stolen|theft|fraud|scam\w*|lost (?:all|my|our|everything)|savings|"
    r"evict\w*|homeless|lawyer|sue|lawsuit|legal action|furious|livid|disgusted|outraged|unacceptable|"
    r"disgrace\w*|worst|never again|crying|in tears|desperate|stranded|child|baby|pregnan\w*|wheelchair|"
    # harm to a person without the words above: health, children, hazards, break-ins, data exposure
    r"rash(?:es)?|reaction|asthma\w*|toddler|kids?|daughter|son|newborn|infant|mou?ld|glass|bit(?:ten|e)|"
    r"swallow\w*|overheat\w*|spark(?:s|ed|ing)?|scorch\w*|flood\w*|hacked|breach\w*|medical|medication|doctor|"
    r"reversed into|crashed into|broken into|someone else's|someone else’s|"
    r"verletz\w*|krank\w*|krankenhaus|gefährlich|betrug|anwalt|wütend|unverschämt)\b",
    re.I,
)


def is_severe(ctx: ReplyContext) -> bool:
    """A case is severe when marked so, or when the complaint speaks of harm, loss or anger."""
    return ctx.severity == "high" or bool(_SEVERE_COMPLAINT.search(ctx.complaint))


_CONCESSION = re.compile(
    r",?\s*but (?:that|this|it) (?:doesn't|doesn’t|does not|may not|might not|isn't|isn’t|is not) (?:always|necessarily)",
    re.I,
)


#: A quality process ("every batch is screened", "our lab double-checks every prescription",
#: "tested on every release") is defence when the same sentence draws a conclusion from it
#: ("so this is very unusual", "so it can't have been us", "so it must have happened in transit").
_QUALITY = re.compile(
    r"\b(?:(?:every|each|all(?: our| of our)?) \w+(?: \w+){0,5}? (?:is|are|gets?|goes through|go through|passes|pass|meets?|undergoes)\b(?: [\w-]+){0,4}? "
    r"(?:inspected|checked|double-checked|tested|screened|screening|testing|inspection|checks|certified|standards?|tests?)\b"
    r"|(?:double-checks?|checks|tests|inspects|screens) every\b|(?:is|are) tested on every\b|(?:independently|fully|officially) certified\b)",
    re.I,
)
_CONCLUSION = re.compile(
    r"\b(?:so|which means|that means|therefore|meaning)\b|can(?:'t|’t|not) have|must have|shouldn(?:'t|’t) be possible|unusual|surprised",
    re.I,
)


def _quality_defence(text: str) -> list[Hit]:
    hits = []
    for m in SENTENCE_RE.finditer(text):
        q = _QUALITY.search(m.group(0))
        if q and _CONCLUSION.search(m.group(0), q.end()):
            hits.append(Hit(m.start() + q.start(), m.end(), q.group(0)))
    return hits


def r_defensive(text: str, ctx: ReplyContext) -> list[Hit]:
    # "The tracking says delivered, but that doesn't always mean it reached you" concedes the point.
    hits = [h for h in find(DEFENSIVE, text) if not _CONCESSION.match(text, h.end)]
    return merge(hits + _quality_defence(text))


def r_blame(text: str, ctx: ReplyContext) -> list[Hit]:
    return find(BLAME, text)


def r_only_one(text: str, ctx: ReplyContext) -> list[Hit]:
    return find(ONLY_ONE, text)


def r_canned(text: str, ctx: ReplyContext) -> list[Hit]:
    return find(CANNED, text)


def r_offensive(text: str, ctx: ReplyContext) -> list[Hit]:
    return [h for h in find(OFFENSIVE, text) if not inside_name(h.start, h.end, text, ctx)]


#: Words people put in capitals for emphasis even when short; any other all-capital token of
#: four letters or fewer reads as an acronym or a brand ("KOVA", "SNAP"), not as shouting.
_EMPHASIS_SHORT = frozenset(
    [
        "NOT",
        "VERY",
        "ALL",
        "NOW",
        "YOU",
        "YOUR",
        "THIS",
        "THAT",
        "WILL",
        "MUST",
        "EVER",
        "JUST",
        "THE",
        "AND",
        "BUT",
        "ARE",
        "WAS",
        "BAD",
        "SAD",
        "NEVER",
        "ONLY",
        "HUGE",
        "MAD",
        "WHY",
        "HOW",
        "WHAT",
        "YES",
        "STOP",
        "DONT",
        "CANT",
        "WONT",
        "SORT",
        "FIX",
        "DID",
        "HAVE",
        "HAS",
        "OUR",
        "THEY",
        "WERE",
        "BEEN",
        "SUCH",
        "REAL",
        "TRUE",
        "LOVE",
        "HATE",
        "GOOD",
        "BEST",
        "WORST",
        "HELP",
        "ASAP",
        "OMG",
    ]
)
_CAPITALISED_NEXT = re.compile(r"\s+[A-Z][a-z]")


def r_shouting(text: str, ctx: ReplyContext) -> list[Hit]:
    hits: list[Hit] = []
    for m in _CAPS_WORD.finditer(text):
        word = m.group(0).replace("'", "")
        if word.upper() in _ACRONYMS:
            continue
        # A word in capitals is emphasis when it is a word people also write in lower case:
        # it has a vowel and is not a short code like "NWD" or "QRX".
        if not re.search(r"[AEIOUYÄÖÜ]", word):
            continue
        # a name the case knows, or a brand in capitals ("MIDAS Hotels", "KOVA")
        if is_name(word, ctx) or (len(word) <= 4 and word not in _EMPHASIS_SHORT):
            continue
        if _CAPITALISED_NEXT.match(text, m.end()) and word not in _EMPHASIS_SHORT:
            continue
        hits.append(Hit(m.start(), m.end(), m.group(0)))
    for m in _CAPS_SHORT.finditer(text):  # followed by ordinary lower-case text: emphasis
        hits.append(Hit(m.start(), m.end(), m.group(0)))
    for m in _BANGS.finditer(text):
        hits.append(Hit(m.start(), m.end(), m.group(0)))
    return merge(hits)


def r_humor_risk(text: str, ctx: ReplyContext) -> list[Hit]:
    if not is_severe(ctx):
        return []
    return find(HUMOR, text)
